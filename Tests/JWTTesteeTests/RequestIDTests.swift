import Foundation
import JWTConformance
import Testing
@testable import JWTTestee

/// A request made for a vector carries the vector's id, and the testee sees it as the request's
/// `id`; a request made for no vector gets a running number.
@Suite("Request ids")
struct RequestIDTests {
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/id_echo_testee.py").path

    /// One vector of each role from the bundled corpus.
    private func oneVectorPerRole() throws -> [ConformanceVector] {
        let vectors = try Corpus.bundled().vectors
        return try Role.allCases.map { role in try #require(vectors.first { $0.role == role }, "no \(role) vector") }
    }

    @Test("the testee receives each vector's id as the request id, for every role")
    func vectorIDsReachTheTestee() async throws {
        let testee = try SubprocessTestee(.init(command: ["python3", Self.script], timeout: .seconds(10)))
        defer { testee.stop() }
        let implementation = Implementation.testee(testee, hello: try testee.start())
        let vectors = try oneVectorPerRole()
        let results = await ConformanceRunner(corpus: try Corpus.bundled()).run(vectors, against: implementation)
        #expect(results.count == vectors.count)
        for result in results {
            #expect(result.outcome == .skipped("id=\(result.vector.id.rawValue)"), "\(result.vector.id): \(result.outcome)")
        }
    }

    @Test("a request made for no vector is numbered")
    func requestsWithoutVectorAreNumbered() async throws {
        let testee = try SubprocessTestee(.init(command: ["python3", Self.script], timeout: .seconds(10)))
        defer { testee.stop() }
        let implementation = Implementation.testee(testee, hello: try testee.start())
        let request = VerificationRequest(profile: "kustomer", token: "a.b.c", keys: [], now: 0)
        var messages: [String] = []
        for _ in 0..<2 {
            do {
                _ = try await #require(implementation.verifier).verify(request)
                Issue.record("a declined request returned a verdict")
            } catch let declined as ImplementationUnsupported {
                messages.append(declined.message)
            }
        }
        #expect(messages.count == 2)
        #expect(Set(messages).count == 2, "two requests without a vector got the same id: \(messages)")
        #expect(messages.allSatisfy { $0.hasPrefix("id=") && !$0.contains("KUS-") })
    }
}
