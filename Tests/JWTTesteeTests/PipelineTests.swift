import Foundation
import JWTConformance
import Testing
@testable import JWTTestee

/// A testee whose `hello` advertises a `pipeline` window gets that many requests before it
/// answers the first; one without it gets strict alternation; and a failure inside a window
/// gives every request the result it gets when sent alone.
@Suite("Pipelined exchange")
struct PipelineTests {
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/window_testee.py").path

    private func testee(window: String, _ misbehaviour: [String] = [], timeout: Duration = .seconds(10)) throws -> SubprocessTestee {
        try SubprocessTestee(.init(command: ["python3", Self.script, window] + misbehaviour, timeout: timeout))
    }

    private func requests(_ count: Int) -> [TesteeRequest] {
        (1...count).map { .verify(id: "KUS-PIP-00\($0)", VerificationRequest(profile: "kustomer", token: "a.b.c", keys: [], now: 0)) }
    }

    /// How many requests the testee had read when it answered each, by its stderr log.
    private func readCounts(_ testee: SubprocessTestee) -> [Int] {
        testee.capturedStderr.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("answering ") else { return nil }
            return line.split(separator: " ").dropFirst(3).first.flatMap { Int($0) }
        }
    }

    @Test("a testee that advertises a window gets that many requests before it answers")
    func windowFilled() throws {
        let testee = try testee(window: "4")
        defer { testee.stop() }
        #expect(try testee.start().pipeline == 4)
        let requests = requests(10)
        let results = testee.exchange(requests)
        #expect(results == requests.map { .success(.skip("id=\($0.id ?? "")")) })
        // Windows of 4, 4 and 2: each answered once it had arrived whole.
        #expect(readCounts(testee) == [4, 3, 2, 1, 4, 3, 2, 1, 2, 1])
        #expect(testee.restartCount == 0)
    }

    @Test("a testee without the window never gets a second request before it answers", arguments: ["none", "1"])
    func strictAlternation(window: String) throws {
        let testee = try testee(window: window)
        defer { testee.stop() }
        #expect(try testee.start().pipeline == 1)
        let requests = requests(5)
        #expect(testee.exchange(requests) == requests.map { .success(.skip("id=\($0.id ?? "")")) })
        #expect(readCounts(testee) == [1, 1, 1, 1, 1])
    }

    @Test("a testee that fails inside a window: each request's result is the one it gets alone, and the rest are answered after a restart",
          arguments: [("crash", "the testee exited with status 3 while handling KUS-PIP-003"),
                      ("hang", "the testee did not answer KUS-PIP-003 within 0.5 s"),
                      ("garbage", "response for KUS-PIP-003 is not valid protocol: not JSON"),
                      ("wrong-id", #"response for KUS-PIP-003 is not valid protocol: it answers id "WRONG-000", expected "KUS-PIP-003""#)])
    func failureInsideAWindow(mode: String, error: String) throws {
        let requests = requests(9)
        let pipelined = try testee(window: "4", [mode, "KUS-PIP-003"], timeout: .milliseconds(500))
        defer { pipelined.stop() }
        let together = pipelined.exchange(requests)
        let alone = try testee(window: "4", [mode, "KUS-PIP-003"], timeout: .milliseconds(500))
        defer { alone.stop() }
        let oneByOne = requests.map { alone.exchange($0) }

        #expect(together == oneByOne)
        #expect(pipelined.restartCount == 1)
        for (index, result) in together.enumerated() {
            switch result {
            case .success(let answer):
                #expect(index != 2 && answer == .skip("id=KUS-PIP-00\(index + 1)"))
            case .failure(let failure):
                #expect(index == 2 && failure.message.contains(error), "\(failure.message)")
            }
        }
        // The first window held 4 requests; after the failure, the 4th went alone; then a window of 4, then one.
        #expect(readCounts(pipelined).prefix(3) == [4, 3, 2])
        #expect(readCounts(pipelined).dropFirst(3) == [1, 4, 3, 2, 1, 1])
    }

    @Test("a pipeline window that is not an integer of at least 1 fails the handshake, naming the member")
    func badWindow() throws {
        let testee = try testee(window: "0")
        defer { testee.stop() }
        let error = #expect(throws: TesteeLaunchError.self) { try testee.start() }
        #expect(error?.message.contains(#"member "pipeline" is 0 (number); expected an integer of at least 1"#) == true, "\(String(describing: error))")
    }
}
