import Foundation
import JWTConformanceCommand
import Testing

@Suite struct FuzzCommandTests {
    func run(_ arguments: [String]) async -> (status: Int32, stdout: String, stderr: String) {
        let stdout = TextSink.memory()
        let stderr = TextSink.memory()
        let status = await JWTConformanceCommand.main(arguments, stdout: stdout, stderr: stderr, environment: [:])
        return (status, stdout.text, stderr.text)
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-command-\(UUID().uuidString)")
    }

    @Test func findingsArePrintedWrittenAndRunWithRunVectors() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let testee = ["python3", Fixtures.script("crashing_testee.py")]
        let fuzz = await run(["fuzz", "--seed", "2", "--count", "300", "--out", folder.path, "--"] + testee)
        #expect(fuzz.status == 1)
        #expect(fuzz.stdout.contains("FINDING KUS-FUZ-"))
        #expect(fuzz.stdout.contains("got crash"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        #expect(fuzz.stdout.components(separatedBy: "FINDING ").count - 1 == files.count)

        let again = await run(["run", "--vectors", folder.path, "--"] + testee)
        #expect(again.status == 1, "the findings load (not 65) and fail again: \(again.stderr)")
        #expect(!again.stderr.contains("cannot load"))
    }

    @Test func theReferenceHasNoFindingAndWritesNothing() async {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fuzz = await run(["fuzz", "--count", "300", "--out", folder.path])
        #expect(fuzz.status == 0)
        #expect(fuzz.stdout.contains("0 findings"))
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func aCountAndADurationTogetherAreAUsageError() async {
        let fuzz = await run(["fuzz", "--count", "10", "--duration", "1"])
        #expect(fuzz.status == 64)
        #expect(fuzz.stderr.contains("Give either '--count' or '--duration', not both"))
        #expect(await run(["fuzz", "--seed", "-1"]).status == 64)
        #expect(await run(["fuzz", "--help"]).stdout.contains("USAGE: jwt-conformance fuzz"))
    }
}
