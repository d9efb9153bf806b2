import JWTConformance

/// The `--help` pages, laid out like swift-argument-parser's: OVERVIEW, USAGE, ARGUMENTS,
/// OPTIONS, SUBCOMMANDS, wrapped at 80 columns.
enum HelpText {
    static func page(for subcommand: Subcommand) -> String {
        switch subcommand {
        case .root, .help: root
        case .run: run
        case .testee: testee
        case .inspect: inspect
        case .explain: explain
        case .list: list
        case .fuzz: fuzz
        }
    }

    /// The one-line usage of a subcommand, as shown under an error.
    static func usage(for subcommand: Subcommand) -> String {
        switch subcommand {
        case .root, .help: "\(toolName) [<subcommand>]"
        case .run: "\(Subcommand.run.invocation) \(optionUsage(.run)) [-- <command> ...]"
        case .testee: "\(Subcommand.testee.invocation) \(optionUsage(.testee))"
        case .inspect: "\(Subcommand.inspect.invocation) \(optionUsage(.inspect)) <token | ->"
        case .explain: "\(Subcommand.explain.invocation) \(optionUsage(.explain)) <vector-id>"
        case .list: "\(Subcommand.list.invocation) \(optionUsage(.list))"
        case .fuzz: "\(Subcommand.fuzz.invocation) \(optionUsage(.fuzz)) [-- <command> ...]"
        }
    }

    /// The options of a subcommand, from the table its parser reads, in help order.
    static func specs(for subcommand: Subcommand) -> [OptionSpec] {
        switch subcommand {
        case .root, .help: OptionSpec.root
        case .run: RunOptions.table.map(\.spec)
        case .testee: TesteeOptions.table.map(\.spec)
        case .inspect: InspectOptions.table.map(\.spec)
        case .explain: ExplainOptions.table.map(\.spec)
        case .list: ListOptions.table.map(\.spec)
        case .fuzz: FuzzOptions.table.map(\.spec)
        }
    }

    private static func optionUsage(_ subcommand: Subcommand) -> String {
        specs(for: subcommand).filter { !$0.isHelp }.map(\.usage).joined(separator: " ")
    }

    /// What follows `Error: …` for a usage error.
    static func errorUsage(for subcommand: Subcommand) -> String {
        let helpHint = subcommand == .root || subcommand == .help ? "\(toolName) --help" : "\(subcommand.invocation) --help"
        return "Usage: \(usage(for: subcommand))\n  See '\(helpHint)' for more information.\n"
    }

    private static var root: String {
        """
        OVERVIEW: A conformance suite for the HS256 customer-identity JWTs of chat SDK
        vendors, one profile per vendor (the bundled ones are in Vectors/profiles).

        With no subcommand, runs every bundled vector against the reference
        implementation, prints a summary per profile and category, and exits non-zero
        on any failure. 'run' tests another implementation through the testee protocol
        (PROTOCOL.md).

        USAGE: \(usage(for: .root))

        \(options(specs(for: .root)))
        SUBCOMMANDS:
        \(row("run (default)", "Run the conformance vectors against an implementation."))
        \(row("testee", "Serve the reference implementation over the testee protocol on standard input and output."))
        \(row("inspect", "Diagnose one token: the vendor's verdict, every rule it breaks and the fix."))
        \(row("explain", "Show one bundled vector, its rules and expected result, and diagnose its token."))
        \(row("list", "List the bundled vectors, by profile, rule, category or flag."))
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

        \(options(specs(for: .run)))
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

        \(options(specs(for: .testee)))
        """
    }

    private static var inspect: String {
        """
        OVERVIEW: Diagnose one token: the verdict the vendor's verifier would reach,
        every rule it breaks with its source, and the change to make.

        Prints the header and payload exactly as encoded (indented, nothing reordered or
        re-escaped), the verdict and reason (on acceptance: the customer logged in, and
        why), every violation with its rule id, level, source, place in the token
        (segment, member, byte offsets) and fix, the times in human terms, and the
        vendor ambiguities the token falls into. When the signature does not verify it
        tries the usual mistakes (base64-decoded secret, a trailing line break, another
        key of the set, HS384/HS512, re-encoded segments) and says which one matches.
        The secret is never printed, nor anything derived from it. Without a secret
        everything but the signature is checked, and the report says so.

        USAGE: \(usage(for: .inspect))

        ARGUMENTS:
        \(row("<token | ->", "The token, or '-' to read it from standard input (one final line break is dropped)."))

        \(options(specs(for: .inspect)))
        EXIT STATUS:
        \(row("0", "the token is accepted (without a secret: everything but the signature passes)"))
        \(row("1", "the token is refused"))
        \(row("64", "the command line is wrong"))
        \(row("65", "the token, secret or key set cannot be read (missing file, unset variable, not UTF-8, not JSON)"))

        EXAMPLES:
          \(toolName) inspect --secret-file kustomer.secret "$TOKEN"
          pbpaste | \(toolName) inspect --profile sunshine --secret-env APP_SECRET --kid app_5de… -
          \(toolName) inspect --keys keys.json --now-iso8601 2023-11-14T22:13:20Z --format json "$TOKEN"

        """
    }

    private static var explain: String {
        """
        OVERVIEW: Show one bundled vector and diagnose its token.

        Prints the vector's description, profile, category and flags, its token (decoded
        by 'inspect' with the vector's keys and clock), its expected result, the full text
        and sources of each rule it exercises and, for an 'acceptable' vector, the
        ambiguity's readings and the suite's decision. Every failure line of a 'run'
        report names the command to run.

        USAGE: \(usage(for: .explain))

        ARGUMENTS:
        \(row("<vector-id>", "A bundled vector id, such as KUS-TIM-104."))

        \(options(specs(for: .explain)))
        """
    }

    private static var list: String {
        """
        OVERVIEW: List the bundled vectors: id, profile, category, role, expected
        result and description, narrowed by the options (each repeatable; a vector
        must match every kind of option given).

        USAGE: \(usage(for: .list))

        \(options(specs(for: .list)))
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
