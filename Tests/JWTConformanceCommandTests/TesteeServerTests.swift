import Foundation
import JWTConformance
import Testing
@testable import JWTTestee

@Suite("Testee server")
struct TesteeServerTests {
    private func server() throws -> TesteeServer {
        var profiles = try Corpus.bundledProfiles()
        profiles.merge(try Corpus.loadProfiles(in: URL(fileURLWithPath: Fixtures.profiles))) { bundled, _ in bundled }
        return TesteeServer(implementation: .reference(profiles: profiles))
    }

    private func answer(_ request: String) async throws -> JSONValue {
        let bytes = try await server().respond(to: Array(request.utf8))
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.dropLast().contains(UInt8(ascii: "\n")) == false, "a response is exactly one line")
        return try JSONParser.parse(bytes.dropLast())
    }

    @Test("hello advertises protocol 1, the roles it serves and its profiles")
    func hello() async throws {
        let hello = try await answer(#"{"op":"hello","protocol":1}"#)
        #expect(hello["ok"] == .bool(true))
        #expect(hello["protocol"] == 1)
        #expect(hello["roles"] == ["verifier", "signer", "session"])
        #expect(hello["profiles"]?.arrayValue?.contains("kustomer-fixture") == true)
        #expect(hello["profiles"]?.arrayValue?.contains("sunshine-fixture") == true)
        #expect(hello["implementation"]?["language"] == "Swift")
        #expect(hello["pipeline"] == .number(JSONNumber(Int64(TesteeServer.window))))
    }

    /// `jwt-conformance testee` as a testee, and `count` verify requests for it.
    private func served(_ count: Int) throws -> (SubprocessTestee, [TesteeRequest]) {
        let testee = try SubprocessTestee(.init(command: [Fixtures.executable.path, "testee", "--profiles", Fixtures.profiles], timeout: .seconds(5)))
        let requests = (1...count).map {
            TesteeRequest.verify(id: "R\($0)", VerificationRequest(profile: "kustomer-fixture", token: "a.b.c", keys: [], now: 1))
        }
        return (testee, requests)
    }

    @Test("served over stdin and stdout: a harness that waits for each answer gets it at once")
    func strictAlternation() throws {
        let (testee, requests) = try served(3)
        defer { testee.stop() }
        for request in requests {
            guard case .success(.verdict(.reject)) = testee.exchange(request) else {
                Issue.record("\(request.id ?? "") was not answered with a rejection")
                continue
            }
        }
        #expect(testee.restartCount == 0)
    }

    @Test("served over stdin and stdout: windows of requests are all answered, in order")
    func windowsAnswered() throws {
        let (testee, requests) = try served(2 * TesteeServer.window + 3)
        defer { testee.stop() }
        #expect(try testee.start().pipeline == TesteeServer.window)
        let alone = testee.exchange(requests[0])
        guard case .success(.verdict(.reject)) = alone else {
            Issue.record("not a rejection: \(alone)")
            return
        }
        #expect(testee.exchange(requests) == requests.map { _ in alone })
        #expect(testee.restartCount == 0)
    }

    @Test("an op of a later version is answered skip with its id")
    func unknownOp() async throws {
        let answer = try await answer(#"{"op":"refresh","id":"KUS-RFR-001","steps":[]}"#)
        #expect(answer["id"] == "KUS-RFR-001")
        #expect(answer["result"] == "skip")
    }

    @Test("a line that is not a request is answered error, naming the problem")
    func badRequest() async throws {
        let answer = try await answer(#"{"op":"verify","id":"KUS-CLM-001","profile":"kustomer-fixture","keys":[],"now":1}"#)
        #expect(answer["id"] == "KUS-CLM-001")
        #expect(answer["result"] == "error")
        #expect(answer["message"] == #"request is not valid protocol: member "token" is missing"#)
    }

    @Test("a profile it does not serve is skipped")
    func unknownProfile() async throws {
        let answer = try await answer(#"{"op":"verify","id":"X","profile":"acme","token":"a.b.c","keys":[],"now":1}"#)
        #expect(answer["result"] == "skip")
        #expect(answer["message"] == #"profile "acme" is not supported"#)
    }

    @Test("verify and sign are answered by the reference")
    func verifyAndSign() async throws {
        let signed = try await answer(#"{"op":"sign","id":"S","profile":"kustomer-fixture","key":{"kid":null,"secret":"kustomer-test-secret-0123456789abcdef"},"subject":{"externalId":"u1","email":null},"now":1700000000}"#)
        let token = try #require(signed["token"]?.stringValue)
        let verified = try await answer(#"{"op":"verify","id":"V","profile":"kustomer-fixture","token":"\#(token)","keys":[{"kid":null,"secret":"kustomer-test-secret-0123456789abcdef"}],"now":1700000000}"#)
        #expect(verified == ["id": "V", "result": "accept", "identity": ["kind": "externalId", "value": "u1"]])
        let rejected = try await answer(#"{"op":"verify","id":"W","profile":"kustomer-fixture","token":"\#(token)","keys":[{"secret":"another"}],"now":1700000000}"#)
        #expect(rejected == ["id": "W", "result": "reject", "reason": "bad-signature"])
    }
}

@Suite("Stderr capture")
struct BoundedLogTests {
    @Test("keeps the last bytes, says how many were dropped, and interleaves the harness's notes")
    func bounded() {
        let log = BoundedLog(limit: 10)
        "0123456789abcdef".utf8.withContiguousStorageIfAvailable { log.append(UnsafeRawBufferPointer($0)) }
        #expect(log.text == "[jwt-conformance] … 6 earlier bytes dropped …\n6789abcdef")
        let roomy = BoundedLog(limit: 1024)
        "no newline".utf8.withContiguousStorageIfAvailable { roomy.append(UnsafeRawBufferPointer($0)) }
        roomy.note("restarting the testee")
        #expect(roomy.text == "no newline\n[jwt-conformance] restarting the testee\n")
    }
}
