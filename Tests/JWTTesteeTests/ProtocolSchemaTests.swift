import Foundation
import JWTConformance
import Testing
@testable import JWTTestee

/// The JSON Schemas of `Vectors/schema/protocol/` and the Swift messages agree: every schema
/// example is read by the Swift decoder, and everything the Swift encoder writes is declared.
@Suite("Protocol schemas")
struct ProtocolSchemaTests {
    private static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/schema/protocol")

    private static let names = [
        "common", "hello-request", "hello-response", "verify-request", "verify-response",
        "sign-request", "sign-response", "session-request", "session-response", "declined-response", "request",
    ]

    private func schema(_ name: String) throws -> JSONValue {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent("\(name).schema.json"))
        return try JSONParser.parse(bytes, options: .init(rejectDuplicateKeys: true))
    }

    private func examples(_ name: String) throws -> [[UInt8]] {
        try (schema(name)["examples"]?.arrayValue ?? []).map { $0.serializedUTF8() }
    }

    /// The member names a schema's object (or first `oneOf` branch) declares.
    private func declared(_ name: String) throws -> Set<String> {
        let schema = try schema(name)
        let object = schema["properties"] == nil ? schema["oneOf"]?.arrayValue?.first : schema
        return Set(object?["properties"]?.objectValue?.keys ?? [])
    }

    @Test("every schema is strict JSON, draft 2020-12, with a urn id", arguments: names)
    func wellFormed(name: String) throws {
        let schema = try schema(name)
        #expect(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["$id"] == .string("urn:jwt-conformance:schema:protocol:\(name)"))
        #expect(schema["title"]?.stringValue?.hasPrefix("Testee protocol v1") == true)
    }

    @Test("request examples are read by the Swift decoder")
    func requestExamples() throws {
        for line in try examples("hello-request") { #expect(try TesteeRequest(line: line) == .hello(protocol: 1)) }
        for line in try examples("verify-request") { #expect(try TesteeRequest(line: line).op == "verify") }
        for line in try examples("sign-request") { #expect(try TesteeRequest(line: line).op == "sign") }
        for line in try examples("session-request") { #expect(try TesteeRequest(line: line).op == "session") }
    }

    @Test("response examples are read by the Swift decoder")
    func responseExamples() throws {
        for line in try examples("hello-response") { _ = try HelloResponse(line: line) }
        let verifyIDs = ["SUN-CLM-001", "KUS-TIM-003", "KUS-TIM-004"]
        for (line, id) in zip(try examples("verify-response"), verifyIDs) {
            _ = try TesteeResponse(line: line, answering: .verify(id: id, VerificationRequest(profile: "p", token: "t", keys: [], now: 0)))
        }
        for line in try examples("sign-response") {
            let sign = TesteeRequest.sign(id: "KUS-SGN-001", SigningRequest(profile: "p", subject: Subject(), key: VerificationKey(secret: "s"), now: 0))
            #expect(try TesteeResponse(line: line, answering: sign) != .skip(nil))
        }
        let session = TesteeRequest.session(id: "KUS-SES-004", SessionRequest(profile: "p", platform: .ios, keys: [], history: [], steps: []))
        for line in try examples("session-response") {
            #expect(try TesteeResponse(line: line, answering: session) != .skip(nil))
        }
        for (line, id) in zip(try examples("declined-response"), ["KUS-SES-001", "KUS-CLM-014"]) {
            _ = try TesteeResponse(line: line, answering: .verify(id: id, VerificationRequest(profile: "p", token: "t", keys: [], now: 0)))
        }
    }

    @Test("everything the Swift encoder writes is declared by the schemas")
    func encoderDeclared() throws {
        let verify = TesteeRequest.verify(id: "A", VerificationRequest(profile: "p", token: "t", keys: [VerificationKey(secret: "s")], now: 0))
        let sign = TesteeRequest.sign(id: "B", SigningRequest(profile: "p", subject: Subject(), key: VerificationKey(secret: "s"), now: 0, lifetime: 1))
        let hello = HelloResponse(implementation: ImplementationMetadata(name: "n", version: "v", language: "l"), roles: [], profiles: [], pipeline: 64)
        let session = TesteeRequest.session(id: "C", SessionRequest(
            profile: "p", platform: .web, keys: [VerificationKey(secret: "s")], history: [],
            steps: [SessionStep(.isLoggedIn(.web(email: "e", externalId: nil)), now: 0)]))
        let cases: [(JSONValue, String)] = [
            (TesteeRequest.hello(protocol: 1).json, "hello-request"), (verify.json, "verify-request"), (sign.json, "sign-request"),
            (hello.json, "hello-response"), (TesteeResponse.verdict(.accept(.email("e"))).json(id: "A"), "verify-response"),
            (TesteeResponse.token("t").json(id: "B"), "sign-response"), (TesteeResponse.skip("m").json(id: "A"), "declined-response"),
            (session.json, "session-request"),
            (TesteeResponse.observations([SessionObservation(outcome: .ok, identity: nil, conversations: [])]).json(id: "C"), "session-response"),
        ]
        for (message, name) in cases {
            let members = Set(message.objectValue?.keys ?? [])
            let declared = try declared(name)
            #expect(members.isSubset(of: declared), "\(name): \(members.subtracting(declared))")
        }
    }
}
