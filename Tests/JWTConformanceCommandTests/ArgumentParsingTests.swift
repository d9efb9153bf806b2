import JWTConformance
import Testing
@testable import JWTConformanceCommand

@Suite("Argument parsing")
struct ArgumentParsingTests {
    @Test("no arguments is the main job: run the bundled suite against the reference")
    func noArguments() throws {
        #expect(try CommandLineParser.parse([]) == .run(RunOptions()))
    }

    @Test("every run option, both value spellings, and the testee command after --")
    func everyRunOption() throws {
        let parsed = try CommandLineParser.parse([
            "run", "--profile", "kustomer", "--profile=sunshine", "--role", "signer",
            "--known-failures", "known.txt", "--write-known-failures", "written.txt", "--format", "junit",
            "--output", "report.xml", "--progress", "progress.jsonl", "--vectors", "a", "--vectors=b",
            "--with-bundled", "--timeout", "0.5", "--", "python3", "testee.py", "--profile", "x",
        ])
        var expected = RunOptions()
        expected.profiles = ["kustomer", "sunshine"]
        expected.role = .signer
        expected.knownFailures = "known.txt"
        expected.writeKnownFailures = "written.txt"
        expected.format = .junit
        expected.output = "report.xml"
        expected.progress = "progress.jsonl"
        expected.vectors = ["a", "b"]
        expected.withBundled = true
        expected.timeout = .milliseconds(500)
        expected.command = ["python3", "testee.py", "--profile", "x"]
        #expect(parsed == .run(expected))
    }

    @Test("options without a subcommand go to run, the default")
    func defaultSubcommand() throws {
        var expected = RunOptions()
        expected.format = .json
        #expect(try CommandLineParser.parse(["--format", "json"]) == .run(expected))
    }

    @Test("testee takes --profiles folders")
    func testeeOptions() throws {
        #expect(try CommandLineParser.parse(["testee", "--profiles", "p"]) == .testee(TesteeOptions(profileFolders: ["p"])))
    }

    @Test("help in every spelling", arguments: [
        (["--help"], Subcommand.root), (["-h"], .root), (["help"], .root), (["help", "run"], .run),
        (["run", "--help"], .run), (["run", "--profile", "kustomer", "-h"], .run), (["testee", "-h"], .testee),
        (["help", "testee"], .testee),
    ])
    func help(arguments: [String], subcommand: Subcommand) throws {
        #expect(try CommandLineParser.parse(arguments) == .help(subcommand))
    }

    @Test("usage errors name the problem", arguments: [
        (["--frobnicate"], "Unknown option '--frobnicate'"),
        (["run", "--frobnicate=1"], "Unknown option '--frobnicate'"),
        (["run", "--format", "xml"], "The value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'json', 'junit' or 'markdown'."),
        (["run", "--role", "sessions"], "The value 'sessions' is invalid for '--role <role>'. Please provide one of 'verifier', 'signer' or 'session'."),
        (["run", "--profile"], "Missing value for '--profile <profile>'"),
        (["run", "--profile", "--role", "signer"], "Missing value for '--profile <profile>'"),
        (["run", "--timeout", "0"], "The value '0' is invalid for '--timeout <seconds>': expected a number of seconds greater than 0"),
        (["run", "--timeout", "soon"], "The value 'soon' is invalid for '--timeout <seconds>': expected a number of seconds greater than 0"),
        (["run", "--with-bundled"], "'--with-bundled' needs at least one '--vectors <path>'"),
        (["run", "--with-bundled=yes"], "The flag '--with-bundled' does not take a value"),
        (["run", "--"], "Missing testee command after '--'"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        (["help", "frobnicate"], "Unknown subcommand 'frobnicate'"),
        (["testee", "extra"], "Unexpected argument 'extra'"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect(throws: UsageError.self) { try CommandLineParser.parse(arguments) }
        do {
            _ = try CommandLineParser.parse(arguments)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test("a positional argument before -- points at the separator")
    func positionalBeforeSeparator() {
        do {
            _ = try CommandLineParser.parse(["run", "python3", "testee.py"])
            Issue.record("expected a usage error")
        } catch {
            #expect(error.message.hasPrefix("Unexpected argument 'python3' (put the testee command after '--'"))
        }
    }

    @Test("a usage error prints Error:, the usage and a hint, and exits 64")
    func usageErrorOutput() async {
        let output = await runCommandLine(["--frobnicate"])
        #expect(output.status == 64)
        #expect(output.stdout.isEmpty)
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "Error: Unknown option '--frobnicate'")
        #expect(lines.dropFirst().first?.hasPrefix("Usage: jwt-conformance run [--profile <profile> ...]") == true)
        #expect(lines.last == "  See 'jwt-conformance run --help' for more information.")
    }

    @Test("--version prints the tool version")
    func version() async {
        let output = await runCommandLine(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout == "\(suiteToolVersion)\n")
    }
}

@Suite("Help")
struct HelpTests {
    @Test("the root page has the swift-argument-parser sections and lists the subcommands")
    func rootPage() async {
        let output = await runCommandLine(["--help"])
        #expect(output.status == 0)
        for heading in ["OVERVIEW: ", "USAGE: jwt-conformance", "OPTIONS:", "SUBCOMMANDS:", "  run (default)", "  testee", "--version", "-h, --help"] {
            #expect(output.stdout.contains(heading), "missing \(heading)")
        }
    }

    @Test("every option of every subcommand is documented", arguments: Subcommand.allCases)
    func everyOptionDocumented(subcommand: Subcommand) {
        let page = HelpText.page(for: subcommand)
        for spec in HelpText.specs(for: subcommand) {
            #expect(page.contains("  \(spec.helpLabel)"), "\(spec.name) is not in the OPTIONS section")
            #expect(!spec.help.isEmpty)
            if !spec.isHelp, subcommand != .root, subcommand != .help {
                #expect(HelpText.usage(for: subcommand).contains(spec.usage), "\(spec.name) is not in the usage line")
            }
        }
    }

    @Test("the run page documents the exit statuses")
    func exitStatuses() {
        let page = HelpText.page(for: .run)
        #expect(page.contains("EXIT STATUS:"))
        for status in ExitCode.allCases {
            #expect(page.contains("\n  \(status.rawValue) "), "exit status \(status.rawValue) is not documented")
        }
    }

    @Test("pages wrap at 80 columns, except the usage line", arguments: [Subcommand.root, .run, .testee])
    func wrapping(subcommand: Subcommand) {
        for line in HelpText.page(for: subcommand).split(separator: "\n") where !line.hasPrefix("USAGE:") {
            #expect(line.count <= 80, "too long: \(line)")
        }
    }
}

@Suite("Option tables")
struct OptionTableTests {
    @Test("help lists a choice option's values from its enum", arguments: [
        (Subcommand.run, "--role <role>", Role.allCases.map(\.rawValue)),
        (.run, "--format <format>", ReportFormat.allCases.map(\.rawValue)),
        (.list, "--category <category>", VectorCategory.allCases.map(\.rawValue)),
        (.inspect, "--format <format>", InspectFormat.allCases.map(\.rawValue)),
    ])
    func valuesComeFromTheEnum(subcommand: Subcommand, label: String, values: [String]) throws {
        let spec = try #require(HelpText.specs(for: subcommand).first { $0.label == label })
        #expect(spec.values == values)
        #expect(spec.help.contains("values: " + values.joined(separator: ", ")))
    }

    @Test("no two options of a subcommand share a name", arguments: Subcommand.allCases)
    func namesAreUnique(subcommand: Subcommand) {
        let names = HelpText.specs(for: subcommand).flatMap { [$0.name] + ($0.shortName.map { [$0] } ?? []) }
        #expect(Set(names).count == names.count, "\(names)")
    }

    @Test("every option of every table parses into its subcommand (none is ignored)", arguments: [Subcommand.run, .fuzz, .list, .inspect])
    func everyOptionHasAnEffect(subcommand: Subcommand) throws {
        let base: [String] = switch subcommand {
        case .inspect: ["inspect", "a.b.c"]
        default: [subcommand.rawValue]
        }
        let unchanged = try CommandLineParser.parse(base)
        for spec in HelpText.specs(for: subcommand) where !spec.isHelp {
            let value = spec.values.last ?? Self.sample(spec)
            let arguments = base + (spec.valueName == nil ? [spec.name] : ["\(spec.name)=\(value)"])
                + (spec.name == "--with-bundled" ? ["--vectors", "v"] : [])
            let parsed = try CommandLineParser.parse(arguments)
            #expect(parsed != unchanged, "\(spec.name) had no effect on \(arguments)")
        }
    }

    private static func sample(_ spec: OptionSpec) -> String {
        switch spec.valueName {
        case "seconds": "7"
        case "n": "3"
        case "unix-seconds": "12"
        case "date": "2023-11-14T22:13:20Z"
        default: "x"
        }
    }
}
