import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand
@testable import JWTTestee

/// The `session` operation of the testee protocol end to end: the reference served over the
/// protocol passes every session vector, and a wrong session testee is caught. (Its messages
/// are tested where JWTTestee defines them, in `SessionMessageTests`.)
@Suite("Session over the protocol")
struct SessionProtocolTests {
    static let request = SessionRequest(
        profile: "kustomer", platform: .reactNative, keys: [VerificationKey(secret: "s")],
        history: [CustomerHistory(identity: .email("a@example.com"), conversations: ["h-1"])],
        steps: [
            SessionStep(.logIn(token: "a.b.c"), now: 1_700_000_000),
            SessionStep(.isLoggedIn(.reactNative(idType: "email", id: "a@example.com")), now: 1_700_000_001),
        ]
    )

    @Test("the reference testee answers a session request with one observation per step")
    func server() async throws {
        let profiles = try Corpus.bundledProfiles()
        let server = TesteeServer(implementation: .reference(profiles: profiles))
        let bytes = await server.respond(to: TesteeRequest.session(id: "KUS-SES-001", Self.request).line.dropLast())
        let response = try TesteeResponse(line: bytes.dropLast(), answering: .session(id: "KUS-SES-001", Self.request))
        guard case .observations(let observations) = response else {
            Issue.record("not observations: \(response)")
            return
        }
        #expect(observations.count == 2)
        #expect(observations.first?.outcome == .error(.malformed))
        #expect(observations.last?.outcome == .answer(false))
    }

    @Test("run --role session: the reference served over the protocol passes every session vector")
    func servedReference() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Fixtures.executable.path), "build jwt-conformance first")
        var options = RunOptions()
        options.role = .session
        options.command = [Fixtures.executable.path, "testee"]
        let (outcome, _, stderr) = await runVectors(options)
        let summary = try #require(outcome.summary, "the run did not complete: \(stderr)")
        #expect(summary.results.count >= 100)
        #expect(summary.results.allSatisfy { $0.vector.role == .session && $0.outcome == .passed })
    }

    @Test("a testee that does not verify tokens is caught by the failed-login vectors, and only by them")
    func unverifiedTestee() async throws {
        var options = RunOptions()
        options.role = .session
        options.command = ["python3", Fixtures.path("testees/unverified_session_testee.py")]
        let (outcome, _, stderr) = await runVectors(options)
        let summary = try #require(outcome.summary, "the run did not complete: \(stderr)")
        let failed = summary.results.filter(\.isFailure)
        #expect(!summary.results.contains { if case .error = $0.outcome { true } else { false } })
        #expect(Set(failed.map(\.id)).isSuperset(of: ["KUS-SES-027", "KUS-SES-033", "SUN-SES-020", "SUN-SES-024"]))
        for result in failed {
            #expect(result.vector.rules.contains { $0.hasSuffix("-SES-FAILED-LOGIN") }, "\(result.id) failed: \(result.outcome)")
        }
    }
}
