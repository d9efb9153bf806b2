import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// Testees that crash, hang, print garbage, answer the wrong id, exit after hello or break the
/// handshake: the run always completes, the affected vector is an error naming the problem,
/// the testee is restarted, and no result already received is lost.
@Suite("Misbehaving testees")
struct MisbehavingTesteeTests {
    private static let ids = (1...6).map { "KUS-SIG-90\($0)" }

    /// Runs the six reject-only vectors against the testee, with a progress log.
    private func run(_ mode: String, trigger: String? = nil, timeout: Duration = .seconds(5), expecting status: ExitCode = .failures) async throws -> (summary: RunSummary, stdout: String, progress: [JSONValue]) {
        let folder = try temporaryFolder()
        var options = RunOptions()
        options.vectors = [Fixtures.rejectOnly]
        options.timeout = timeout
        options.progress = folder.appendingPathComponent("progress.jsonl").path
        options.command = Fixtures.misbehavingTestee(mode, trigger: trigger)
        let (outcome, stdout, _) = await runVectors(options)
        let summary = try #require(outcome.summary, "the run did not complete")
        #expect(outcome.status == status)
        let progress = try String(contentsOfFile: options.progress!, encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        return (summary, stdout, progress)
    }

    /// Every vector has its result, in order, in the summary and in the progress log.
    private func expectNothingLost(_ summary: RunSummary, _ progress: [JSONValue]) {
        #expect(summary.results.map(\.id.rawValue) == Self.ids)
        let logged = progress.filter { $0["event"] == "result" }.compactMap { $0["id"]?.stringValue }
        #expect(logged == Self.ids)
        #expect(progress.last?["event"] == "end")
    }

    private func errorMessage(_ summary: RunSummary, _ id: String) -> String? {
        guard case .error(let message) = summary.results.first(where: { $0.id.rawValue == id })?.outcome else { return nil }
        return message
    }

    private func expectOnlyError(at trigger: String, _ summary: RunSummary) {
        for result in summary.results where result.id.rawValue != trigger {
            #expect(result.outcome == .passed, "\(result.id) after the restart: \(result.outcome)")
        }
    }

    @Test("a testee that crashes mid-run")
    func crash() async throws {
        let (summary, stdout, progress) = try await run("crash", trigger: "KUS-SIG-903")
        expectNothingLost(summary, progress)
        expectOnlyError(at: "KUS-SIG-903", summary)
        #expect(errorMessage(summary, "KUS-SIG-903")?.contains("the testee exited with status 3 while handling KUS-SIG-903") == true)
        #expect(summary.restarts == 1)
        #expect(summary.testeeStderr?.contains("Traceback: crashing on purpose at KUS-SIG-903") == true)
        #expect(stdout.contains("The testee was restarted 1 time."))
    }

    @Test("a testee that hangs past the timeout")
    func hang() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (summary, _, progress) = try await run("hang", trigger: "KUS-SIG-902", timeout: .milliseconds(500))
        #expect(clock.now - start < .seconds(10), "the hanging testee was not killed")
        expectNothingLost(summary, progress)
        expectOnlyError(at: "KUS-SIG-902", summary)
        #expect(errorMessage(summary, "KUS-SIG-902")?.contains("the testee did not answer KUS-SIG-902 within 0.5 s") == true)
        #expect(summary.restarts == 1)
    }

    @Test("a testee that prints garbage")
    func garbage() async throws {
        let (summary, _, progress) = try await run("garbage", trigger: "KUS-SIG-904")
        expectNothingLost(summary, progress)
        expectOnlyError(at: "KUS-SIG-904", summary)
        #expect(errorMessage(summary, "KUS-SIG-904")?.contains(#"response for KUS-SIG-904 is not valid protocol: not JSON"#) == true)
        #expect(errorMessage(summary, "KUS-SIG-904")?.contains(#""this is not json at all""#) == true)
        #expect(summary.restarts == 1)
    }

    @Test("a testee that answers with the wrong id")
    func wrongID() async throws {
        let (summary, _, progress) = try await run("wrong-id", trigger: "KUS-SIG-901")
        expectNothingLost(summary, progress)
        expectOnlyError(at: "KUS-SIG-901", summary)
        #expect(errorMessage(summary, "KUS-SIG-901")?.contains(#"response for KUS-SIG-901 is not valid protocol: it answers id "WRONG-000", expected "KUS-SIG-901""#) == true)
        #expect(summary.restarts == 1)
    }

    @Test("a testee that writes a line nobody asked for is restarted before the next request")
    func unsolicitedLine() async throws {
        let (summary, _, progress) = try await run("extra-line", trigger: "KUS-SIG-902", expecting: .success)
        expectNothingLost(summary, progress)
        #expect(summary.results.allSatisfy { $0.outcome == .passed })
        #expect(summary.restarts == 1)
        #expect(summary.testeeStderr?.contains("the testee wrote output nobody asked for before KUS-SIG-903") == true)
    }

    @Test("a testee that floods stderr is not blocked, and only the last 64 KiB are kept")
    func chattyStderr() async throws {
        var options = RunOptions()
        options.vectors = [Fixtures.rejectOnly]
        options.command = Fixtures.misbehavingTestee("chatty")
        let (outcome, _, _) = await runVectors(options)
        #expect(outcome.status == .success)
        let stderr = try #require(outcome.summary?.testeeStderr)
        #expect(stderr.utf8.count < 70 * 1024)
        #expect(stderr.hasPrefix("[jwt-conformance] … "))
        #expect(stderr.hasSuffix("xxxx\n"))
    }

    @Test("a testee that exits right after hello, every time it is started")
    func exitAfterHello() async throws {
        let (summary, _, progress) = try await run("exit-after-hello")
        expectNothingLost(summary, progress)
        for id in Self.ids {
            let message = errorMessage(summary, id)
            #expect(message?.contains("exited with status 0") == true, "\(id): \(message ?? "not an error")")
        }
        #expect(summary.restarts >= 5)
    }

    @Test("a testee whose hello is broken could not be run at all: exit status 3")
    func brokenHello() async throws {
        let output = await runCommandLine(["run", "--vectors", Fixtures.rejectOnly, "--"] + Fixtures.misbehavingTestee("broken-hello"))
        #expect(output.status == 3)
        #expect(output.stderr.contains(#"Error: the testee could not be run at all: the answer of 'python3 "#))
        #expect(output.stderr.contains(#"to hello is not valid protocol: member "implementation" is missing"#))
        #expect(output.stderr.contains("misbehaving testee started in mode broken-hello"), "the testee's stderr is shown")
    }

    @Test("a testee command that does not exist could not be run at all: exit status 3")
    func notFound() async {
        let output = await runCommandLine(["run", "--vectors", Fixtures.rejectOnly, "--", "no-such-testee-\(UUID().uuidString)"])
        #expect(output.status == 3)
        #expect(output.stderr.contains("was not found in PATH"))
        let relative = await runCommandLine(["run", "--vectors", Fixtures.rejectOnly, "--", "./no/such/testee"])
        #expect(relative.status == 3)
        #expect(relative.stderr.contains("the testee command './no/such/testee' does not exist"))
    }

    @Test("a well-behaved testee passes every vector with no restart")
    func wellBehaved() async throws {
        var options = RunOptions()
        options.vectors = [Fixtures.rejectOnly]
        options.command = Fixtures.misbehavingTestee("well-behaved")
        let (outcome, stdout, _) = await runVectors(options)
        #expect(outcome.status == .success)
        #expect(outcome.summary?.restarts == 0)
        #expect(stdout.hasSuffix("\n6 passed, 0 failed\n"))
    }
}
