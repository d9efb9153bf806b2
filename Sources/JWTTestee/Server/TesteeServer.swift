import Foundation
import JWTConformance

/// Serves an implementation over the testee protocol, one request line in, one response line
/// out, until its input ends: how `jwt-conformance testee` serves the reference.
///
/// It answers in order and advertises a ``window`` in `hello`: a harness may send that many
/// requests before reading the first answer. Answers are written together once no further
/// request is already read, so a harness that waits for each answer gets it at once.
///
/// ```swift
/// await TesteeServer(implementation: .reference(profiles: profiles)).serve()
/// ```
public struct TesteeServer: Sendable {
    /// The implementation answering requests.
    public var implementation: Implementation

    public init(implementation: Implementation) { self.implementation = implementation }

    /// How many requests the server takes before it has answered the first: its `hello`'s `pipeline`.
    public static let window = 64

    /// Answers every line read from `input` on `output`, in order, until `input` ends.
    public func serve(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) async {
        signal(SIGPIPE, SIG_IGN)
        var reader = LineReader(descriptor: input)
        var answers: [UInt8] = []
        while let line = reader.next() {
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                answers += await respond(to: line)
            }
            guard !answers.isEmpty, !reader.hasBufferedLine else { continue }
            guard Self.write(answers, to: output) else { return }
            answers.removeAll(keepingCapacity: true)
        }
    }

    /// The response line (newline included) to one request line.
    public func respond(to line: some Collection<UInt8>) async -> [UInt8] {
        let request: TesteeRequest
        do {
            request = try TesteeRequest(line: line)
        } catch {
            let id = (try? JSONParser.parse(line))?["id"]?.stringValue
            return TesteeResponse.error("request is not valid protocol: \(error.message)").line(id: id)
        }
        switch request {
        case .hello:
            return HelloResponse(describing: implementation, pipeline: Self.window).json.serializedUTF8() + [UInt8(ascii: "\n")]
        case .verify(let id, let verification):
            return await answer(verification.profile, role: .verifier, id: id) {
                guard let verifier = implementation.verifier else { throw ImplementationUnsupported("not a verifier") }
                return .verdict(try await verifier.verify(verification))
            }
        case .sign(let id, let signing):
            return await answer(signing.profile, role: .signer, id: id) {
                guard let signer = implementation.signer else { throw ImplementationUnsupported("not a signer") }
                return .token(try await signer.sign(signing))
            }
        case .session(let id, let script):
            return await answer(script.profile, role: .session, id: id) {
                guard let session = implementation.session else { throw ImplementationUnsupported("not a session") }
                return .observations(try await session.run(script))
            }
        case .unknown(let op, let id):
            return TesteeResponse.skip("unknown op \"\(op)\"").line(id: id)
        }
    }

    private func answer(
        _ profile: ProfileID, role: Role, id: String, _ body: () async throws -> TesteeResponse
    ) async -> [UInt8] {
        guard implementation.profiles.contains(profile) else {
            return TesteeResponse.skip("profile \"\(profile)\" is not supported").line(id: id)
        }
        guard implementation.plays(role) else {
            return TesteeResponse.skip("the \(role) role is not played").line(id: id)
        }
        do {
            return try await body().line(id: id)
        } catch let unsupported as ImplementationUnsupported {
            return TesteeResponse.skip(unsupported.message).line(id: id)
        } catch {
            return TesteeResponse.error("\(error)").line(id: id)
        }
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }
}
