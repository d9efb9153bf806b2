import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// A testee that rejects every token fails the fixture corpus's three accept vectors and skips
/// its signer vectors; the known-failures list decides whether that is a regression.
@Suite("Known-failures gating")
struct KnownFailuresGateTests {
    private static let acceptVectors = ["KUS-CLM-901", "KUS-CLM-902", "SUN-CLM-901"]

    private func run(listing lines: [String]) async throws -> (status: ExitCode, stdout: String) {
        let folder = try temporaryFolder()
        let list = folder.appendingPathComponent("known.txt")
        try Data((["# rejects everything"] + lines).joined(separator: "\n").utf8).write(to: list)
        var options = RunOptions()
        options.vectors = [Fixtures.vectors]
        options.knownFailures = list.path
        options.command = Fixtures.misbehavingTestee("well-behaved")
        let (outcome, stdout, _) = await runVectors(options)
        return (outcome.status, stdout)
    }

    @Test("the run passes when the failures are exactly those listed")
    func clean() async throws {
        let (status, stdout) = try await run(listing: Self.acceptVectors.map { "\($0)  rejects every token" })
        #expect(status == .success)
        #expect(stdout.contains("Known failures (") && stdout.contains("3 as listed"))
        #expect(stdout.contains("KNOWN KUS-CLM-901"))
        #expect(stdout.hasSuffix("\n5 passed, 0 failed, 6 skipped\n"), "known failures count as skipped in the closing line")
    }

    @Test("an unlisted failure fails the run")
    func unlistedFailure() async throws {
        let (status, stdout) = try await run(listing: Self.acceptVectors.dropLast().map { "\($0)  rejects every token" })
        #expect(status == .failures)
        #expect(stdout.contains("1 unlisted failure (regressions): SUN-CLM-901"))
        #expect(stdout.hasSuffix("\n5 passed, 1 failed, 5 skipped\n"))
    }

    @Test("a listed vector that now passes fails the run")
    func listedPass() async throws {
        let (status, stdout) = try await run(listing: (Self.acceptVectors + ["KUS-CLM-903"]).map { "\($0)  listed" })
        #expect(status == .failures)
        #expect(stdout.contains("1 listed vector now pass (remove from the list): KUS-CLM-903"))
        #expect(stdout.hasSuffix("\n4 passed, 1 failed, 6 skipped\n"))
    }

    @Test("a listed id that matches no vector fails the run")
    func unknownID() async throws {
        let (status, stdout) = try await run(listing: (Self.acceptVectors + ["KUS-CLM-999"]).map { "\($0)  listed" })
        #expect(status == .failures)
        #expect(stdout.contains("1 listed id match no vector: KUS-CLM-999"))
        #expect(stdout.hasSuffix("\n5 passed, 1 failed, 6 skipped\n"))
    }

    /// As in protobuf's conformance runner, a listed test that is not run leaves the listed
    /// failure unconfirmed: the list is stale.
    @Test("a listed vector that the testee skips fails the run, naming the id and why")
    func listedSkip() async throws {
        let (status, stdout) = try await run(listing: (Self.acceptVectors + ["KUS-SGN-901"]).map { "\($0)  listed" })
        #expect(status == .failures)
        #expect(stdout.contains("1 listed vector was not run (remove from the list, or run them):"))
        #expect(stdout.contains("KUS-SGN-901 (skipped by the implementation: sign is not supported)"))
        #expect(stdout.hasSuffix("\n5 passed, 1 failed, 5 skipped\n"))
    }

    @Test("--write-known-failures writes a sorted, deterministic list that then gates the run clean")
    func writeThenGate() async throws {
        let folder = try temporaryFolder()
        let written = folder.appendingPathComponent("written.txt")
        var options = RunOptions()
        options.vectors = [Fixtures.vectors]
        options.command = Fixtures.misbehavingTestee("well-behaved")
        options.writeKnownFailures = written.path
        let first = await runVectors(options)
        #expect(first.outcome.status == .failures)
        let text = try String(contentsOf: written, encoding: .utf8)
        #expect(text.hasPrefix("# Known failures of misbehaving 1.0 (Python)\n# against the jwt-conformance suite 0.0.1-fixture\n"))
        let ids = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != " " }) }
        #expect(ids == Self.acceptVectors)

        _ = await runVectors(options)
        #expect(try String(contentsOf: written, encoding: .utf8) == text, "the same results write the same file")

        options.writeKnownFailures = nil
        options.knownFailures = written.path
        #expect(await runVectors(options).outcome.status == .success)
    }

    @Test("a known-failures file with an entry without reason is a data error naming the line")
    func badList() async throws {
        let (status, _) = try await run(listing: ["KUS-CLM-901"])
        #expect(status == .dataError)
        let folder = try temporaryFolder()
        let list = folder.appendingPathComponent("bad.txt")
        try Data("KUS-CLM-901\n".utf8).write(to: list)
        let output = await runCommandLine(["run", "--vectors", Fixtures.vectors, "--known-failures", list.path])
        #expect(output.status == 65)
        #expect(output.stderr.contains("bad.txt, line 1, test KUS-CLM-901: a known failure needs a reason after the id"))
    }
}
