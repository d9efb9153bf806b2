import Foundation
import JWTConformance
@testable import JWTConformanceCommand

/// Paths into the test target's `Fixtures/` resources.
enum Fixtures {
    static let root: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The fixture corpus: verifier and signer vectors of both profiles, with real tokens.
    static var vectors: String { path("vectors") }
    /// Six Kustomer vectors that any testee rejecting everything passes.
    static var rejectOnly: String { path("reject-only") }
    /// The fixture profile definitions.
    static var profiles: String { path("profiles") }

    /// `python3 misbehaving_testee.py MODE [TRIGGER]`.
    static func misbehavingTestee(_ mode: String, trigger: String? = nil) -> [String] {
        ["python3", path("testees/misbehaving_testee.py"), mode] + (trigger.map { [$0] } ?? [])
    }

    /// The `jwt-conformance` executable built beside the test bundle (the test target depends
    /// on it, so it is built first).
    static var executable: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("jwt-conformance")
    }

    /// The environment of a run, without a vector selection leaking in from the caller's.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment[Corpus.selectionEnvironmentVariable] = nil
        return environment
    }
}

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-conformance-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// What `jwt-conformance` printed and returned.
struct CommandOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the command line in-process with captured output.
func runCommandLine(_ arguments: [String]) async -> CommandOutput {
    let stdout = TextSink.memory(), stderr = TextSink.memory()
    let status = await JWTConformanceCommand.main(arguments, stdout: stdout, stderr: stderr, environment: Fixtures.environment)
    return CommandOutput(status: status, stdout: stdout.text, stderr: stderr.text)
}

/// Runs `run` with these options and returns the outcome with what was printed.
func runVectors(_ options: RunOptions) async -> (outcome: RunCommand.Outcome, stdout: String, stderr: String) {
    let stdout = TextSink.memory(), stderr = TextSink.memory()
    let outcome = await RunCommand(options: options, stdout: stdout, stderr: stderr, environment: Fixtures.environment).execute()
    return (outcome, stdout.text, stderr.text)
}
