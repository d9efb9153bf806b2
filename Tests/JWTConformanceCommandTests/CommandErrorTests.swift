import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// Every error a user can hit gets a clear message naming the place and its own exit status.
@Suite("Command errors and outputs")
struct CommandErrorTests {
    @Test("a vectors path that does not exist: exit 65, naming it")
    func missingVectors() async {
        let output = await runCommandLine(["run", "--vectors", "/no/such/vectors"])
        #expect(output.status == 65)
        #expect(output.stderr.contains("Error: cannot load the vectors: 1 problem:\n"))
        #expect(output.stderr.contains("  - /no/such/vectors: no such file or folder\n"))
    }

    @Test("an invalid vector file: exit 65 with the loader's file, test and path")
    func invalidVectorFile() async throws {
        let folder = try temporaryFolder()
        let source = try String(contentsOfFile: Fixtures.path("reject-only/kustomer-signature.json"), encoding: .utf8)
        let broken = source.replacingOccurrences(of: #""reason": "bad-signature""#, with: #""reason": "bad-sig""#)
        let file = folder.appendingPathComponent("broken.json")
        try Data(broken.utf8).write(to: file)
        let output = await runCommandLine(["run", "--vectors", file.path])
        #expect(output.status == 65)
        #expect(output.stderr.contains("test KUS-SIG-901, at $.testGroups[0].tests[0].expected.reason: unknown value \"bad-sig\""))
    }

    @Test("a vector file whose profile is unknown names the known ones")
    func unknownProfileInFile() async throws {
        let folder = try temporaryFolder()
        let source = try String(contentsOfFile: Fixtures.path("reject-only/kustomer-signature.json"), encoding: .utf8)
        let file = folder.appendingPathComponent("acme.json")
        try Data(source.replacingOccurrences(of: #""profile": "kustomer-fixture""#, with: #""profile": "acme""#).utf8).write(to: file)
        let output = await runCommandLine(["run", "--vectors", file.path])
        #expect(output.status == 65)
        #expect(output.stderr.contains(#"at $.profile: unknown profile "acme""#))
    }

    @Test("an unknown --profile: usage error listing the known profiles")
    func unknownProfileOption() async {
        let output = await runCommandLine(["run", "--vectors", Fixtures.vectors, "--profile", "acme"])
        #expect(output.status == 64)
        #expect(output.stderr.hasPrefix("Error: Unknown profile 'acme' (known: "))
        #expect(output.stderr.contains("kustomer-fixture"))
    }

    @Test("an output file that cannot be created: exit 74, naming it")
    func unwritableOutput() async {
        let output = await runCommandLine(["run", "--vectors", Fixtures.vectors, "--format", "json", "--output", "/no/such/folder/report.json"])
        #expect(output.status == 74)
        #expect(output.stderr.hasPrefix("Error: cannot write '/no/such/folder/report.json': "))
    }

    @Test("the main job: the bundled suite against the reference, a table, and the closing count line")
    func mainJob() async {
        let output = await runCommandLine([])
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let closing = lines.last
        let match = closing?.wholeMatch(of: /(\d+) passed, (\d+) failed(, \d+ skipped)?/)
        #expect(match != nil, "the last line is \(closing ?? "missing")")
        #expect(output.stdout.contains("Summary\nprofile"))
        if let match {
            let conforms = Int(match.2) == 0 && Int(match.1)! > 0
            #expect(output.status == (conforms ? 0 : 1))
        }
    }

    @Test("--format json on stdout parses; the live text report moves to stderr")
    func jsonOnStdout() async throws {
        let output = await runCommandLine(["run", "--vectors", Fixtures.vectors, "--format", "json"])
        #expect(output.status == 0)
        let report = try JSONParser.parse(output.stdout)
        #expect(report["suiteVersion"] == "0.0.1-fixture")
        #expect(report["results"]?.arrayValue?.count == 11)
        #expect(report["implementation"]?["name"] == "jwt-conformance reference")
        #expect(output.stderr.hasSuffix("11 passed, 0 failed\n"))
    }

    @Test("--output writes the report to the file and keeps the text on stdout", arguments: [ReportFormat.junit, .markdown, .text, .json])
    func outputFile(format: ReportFormat) async throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("report.\(format)")
        let output = await runCommandLine(["run", "--vectors", Fixtures.vectors, "--format", format.rawValue, "--output", file.path])
        #expect(output.status == 0)
        #expect(output.stdout.hasSuffix("11 passed, 0 failed\n"))
        let written = try String(contentsOf: file, encoding: .utf8)
        switch format {
        case .junit: #expect(XMLRecorder().parse(written))
        case .json: #expect((try? JSONParser.parse(written)) != nil)
        case .markdown: #expect(written.hasPrefix("## jwt-conformance: jwt-conformance reference"))
        case .text: #expect(written == output.stdout)
        }
    }

    @Test("--profile and --role narrow the run")
    func narrowing() async throws {
        var options = RunOptions()
        options.vectors = [Fixtures.vectors]
        options.profiles = ["sunshine-fixture"]
        options.role = .signer
        let (outcome, _, _) = await runVectors(options)
        #expect(outcome.summary?.results.map(\.id) == ["SUN-SGN-901"])
    }

    @Test("--with-bundled adds the bundled corpus to the private vectors")
    func withBundled() async throws {
        var options = RunOptions()
        options.vectors = [Fixtures.rejectOnly]
        let own = await runVectors(options).outcome.summary?.results.count
        options.withBundled = true
        let both = await runVectors(options).outcome.summary?.results.count
        let bundled = try Corpus.bundled(environment: [:]).vectors.count
        #expect(own == 6)
        #expect(both == 6 + bundled)
    }
}
