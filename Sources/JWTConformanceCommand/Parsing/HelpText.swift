import JWTConformance

/// The `--help` pages, laid out like swift-argument-parser's: OVERVIEW, USAGE, ARGUMENTS,
/// OPTIONS, SUBCOMMANDS, wrapped at 80 columns.
enum HelpText {
    static func page(for subcommand: Subcommand) -> String {
        switch subcommand {
        case .root, .help: root
        case .run: run
        case .testee: testee
        case .fuzz: fuzz
        }
    }

    /// The one-line usage of a subcommand, as shown under an error.
    static func usage(for subcommand: Subcommand) -> String {
        switch subcommand {
        case .root, .help: "\(toolName) [<subcommand>]"
        case .run: "\(Subcommand.run.invocation) \(OptionSpec.run.filter { $0.name != "--help" }.map(\.usage).joined(separator: " ")) [-- <command> ...]"
        case .testee: "\(Subcommand.testee.invocation) \(OptionSpec.testee.filter { $0.name != "--help" }.map(\.usage).joined(separator: " "))"
        case .fuzz: "\(Subcommand.fuzz.invocation) \(OptionSpec.fuzz.filter { $0.name != "--help" }.map(\.usage).joined(separator: " ")) [-- <command> ...]"
        }
    }

    /// What follows `Error: …` for a usage error.
    static func errorUsage(for subcommand: Subcommand) -> String {
        let helpHint = subcommand == .root || subcommand == .help ? "\(toolName) --help" : "\(subcommand.invocation) --help"
        return "Usage: \(usage(for: subcommand))\n  See '\(helpHint)' for more information.\n"
    }

    private static var root: String {
        """
        OVERVIEW: A conformance suite for the HS256 customer-identity JWTs of chat SDK
        vendors (Kustomer Chat, Sunshine Conversations).

        With no subcommand, runs every bundled vector against the reference
        implementation, prints a summary per profile and category, and exits non-zero
        on any failure. 'run' tests another implementation through the testee protocol
        (PROTOCOL.md).

        USAGE: \(usage(for: .root))

        \(options(OptionSpec.root))
        SUBCOMMANDS:
        \(row("run (default)", "Run the conformance vectors against an implementation."))
        \(row("testee", "Serve the reference implementation over the testee protocol on standard input and output."))
        \(row("fuzz", "Fuzz an implementation against the reference: mutated corpus tokens and generated subjects, each disagreement shrunk and written as a vector file."))

          See '\(toolName) help <subcommand>' for detailed help.

        """
    }

    private static var run: String {
        """
        OVERVIEW: Run the conformance vectors against an implementation.

        Without a testee command the reference implementation runs in-process. With
        one, the testee is started once as '<command> ...' and spoken to over the
        testee protocol (newline-delimited JSON on its stdin and stdout; see
        PROTOCOL.md). Secrets travel over stdin only. A testee that crashes, hangs
        past --timeout or speaks garbage is restarted; the vector it was handling is
        recorded as an error. Set \(Corpus.selectionEnvironmentVariable)=KUS-TIM-*,SUN-CLM-001
        to run only some vectors.

        USAGE: \(usage(for: .run))

        ARGUMENTS:
        \(row("<command>", "The testee program and its arguments, after '--'. Without one, the reference implementation is tested in-process."))

        \(options(OptionSpec.run))
        EXIT STATUS:
        \(exitStatuses)

        EXAMPLES:
          \(toolName)
          \(toolName) run --profile kustomer --format junit --output report.xml
          \(toolName) run --known-failures known.txt -- python3 pyjwt_testee.py

        """
    }

    private static var testee: String {
        """
        OVERVIEW: Serve the reference implementation over the testee protocol.

        Reads one JSON request a line on standard input and writes one JSON response a
        line on standard output, until standard input ends (see PROTOCOL.md). Use it
        to check a harness of your own against the reference.

        USAGE: \(usage(for: .testee))

        \(options(OptionSpec.testee))
        """
    }

    static var exitStatuses: String {
        [
            (ExitCode.success, "every result is as expected (with --known-failures: as the list says)"),
            (.failures, "conformance failures, or no vector was run"),
            (.testeeUnavailable, "the testee could not be run at all (not found, would not start, or failed the hello handshake)"),
            (.usage, "the command line is wrong"),
            (.dataError, "a vector file or the known-failures file is invalid or unreadable"),
            (.outputError, "a report or known-failures file cannot be written"),
        ].map { row(String($0.0.rawValue), $0.1) }.joined(separator: "\n")
    }

    static func options(_ specs: [OptionSpec]) -> String {
        "OPTIONS:\n" + specs.map { row($0.helpLabel, $0.help) }.joined(separator: "\n") + "\n"
    }

    /// `  label                   help text wrapped at column 80`.
    static func row(_ label: String, _ help: String) -> String {
        let indent = 26
        let lines = wrap(help, width: 80 - indent)
        let padding = String(repeating: " ", count: indent)
        var first = "  " + label
        var rest = lines
        if first.count + 2 <= indent, let head = rest.first {
            first += String(repeating: " ", count: indent - first.count) + head
            rest.removeFirst()
        }
        return ([first] + rest.map { padding + $0 }).joined(separator: "\n")
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
