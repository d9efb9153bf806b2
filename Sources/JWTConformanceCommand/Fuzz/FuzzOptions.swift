import JWTConformance

/// The options of `jwt-conformance fuzz`.
struct FuzzOptions: Equatable {
    var profiles: [ProfileID] = []
    var seed: UInt64 = 1
    /// How many cases to run; the default when neither a count nor a duration is given.
    var count: Int?
    /// How long to run.
    var duration: Duration?
    /// Where findings are written, one vector file each.
    var out = "fuzz-findings"
    var knownFailures: String?
    var timeout: Duration = .seconds(5)
    /// The testee and its arguments; empty for the in-process reference.
    var command: [String] = []
    /// How many cases run at once; nil for one per processor.
    var workers: Int?

    /// The number of cases run when neither `--count` nor `--duration` is given.
    static let defaultCount = 10_000
}

extension FuzzOptions {
    /// The options of `fuzz`, in help order.
    static let table: [Option<FuzzOptions>] = [
        .list("--profile", "profile",
              "Fuzz only this profile; repeat for several. Default: every profile the testee supports.",
              \.profiles, { ProfileID($0) }),
        Option(spec: OptionSpec(
            name: "--seed", valueName: "n",
            summary: "The seed (an unsigned 64-bit integer). The same seed, corpus and testee give the same cases and findings.",
            defaultValue: "1"
        )) { options, value throws(UsageError) in
            guard let seed = UInt64(value.text ?? "") else { throw value.invalid(expected: "an unsigned 64-bit integer") }
            options.seed = seed
        },
        Option(spec: OptionSpec(
            name: "--count", valueName: "n", summary: "Run this many cases.",
            defaultValue: "\(FuzzOptions.defaultCount) when --duration is not given"
        )) { options, value throws(UsageError) in
            guard let count = Int(value.text ?? ""), count > 0 else { throw value.invalid(expected: "a whole number greater than 0") }
            options.count = count
        },
        Option(spec: OptionSpec(
            name: "--duration", valueName: "seconds", summary: "Run for this long instead of a number of cases."
        )) { options, value throws(UsageError) in options.duration = try value.seconds(atMost: 31_536_000) },
        Option(spec: OptionSpec(
            name: "--out", valueName: "folder",
            summary: "Write each finding to this folder as a vector file, as soon as it is found; run them again with 'run --vectors <folder>'.",
            defaultValue: "fuzz-findings"
        )) { options, value throws(UsageError) in options.out = try value.nonEmpty() },
        .text("--known-failures", "file",
              "Do not report causes this known-failures list already records: the disagreements its vectors show are excluded.",
              \.knownFailures),
        Option(spec: OptionSpec(
            name: "--timeout", valueName: "seconds",
            summary: "How long the testee may take to answer one request before it is killed, restarted and the case is a finding.",
            defaultValue: "5"
        )) { options, value throws(UsageError) in options.timeout = try value.seconds(atMost: 31_536_000) },
        Option(spec: OptionSpec(
            name: "--workers", valueName: "n",
            summary: "Run this many cases at once (over the protocol, one judges while another's request is with the testee). The cases, figures and findings do not depend on it.",
            defaultValue: "the number of processors"
        )) { options, value throws(UsageError) in
            guard let workers = Int(value.text ?? ""), (1...256).contains(workers) else { throw value.invalid(expected: "a whole number from 1 to 256") }
            options.workers = workers
        },
        .help,
    ]
}

extension CommandLineParser {
    static func parseFuzz(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = FuzzOptions()
        guard let reader = try ArgumentReader.read(arguments, into: &options, table: FuzzOptions.table, subcommand: .fuzz) else {
            return .help(.fuzz)
        }
        if options.count != nil, options.duration != nil {
            throw UsageError(message: "Give either '--count' or '--duration', not both", subcommand: .fuzz)
        }
        if let positional = reader.positionals.first {
            throw UsageError(
                message: "Unexpected argument '\(positional)' (put the testee command after '--': \(toolName) fuzz -- \(positional) …)",
                subcommand: .fuzz
            )
        }
        options.command = reader.remainder
        if reader.sawSeparator, options.command.isEmpty {
            throw UsageError(message: "Missing testee command after '--'", subcommand: .fuzz)
        }
        return .fuzz(options)
    }
}

extension HelpText {
    static var fuzz: String {
        """
        OVERVIEW: Fuzz an implementation against the reference.

        Derives tokens from the corpus by structure-aware mutation (the JSON text of
        the header and payload, re-signed so the MAC stays valid; members and their
        types; the base64url segments; keys and kids; the clock against iat, exp and
        nbf) and asks the reference what each must get. A token whose verdict depends
        on an open ambiguity is judged with every reading's verdict, or not judged.
        A signer is asked for tokens for generated subjects (unicode, long,
        numeric-looking, empty). Each new disagreement, and each crash, hang or
        garbage answer, is shrunk, printed and written to --out as a vector file.
        Ctrl-C stops the run; nothing already found is lost.

        USAGE: \(usage(for: .fuzz))

        ARGUMENTS:
        \(row("<command>", "The testee program and its arguments, after '--' (see PROTOCOL.md). Without one, the reference implementation is fuzzed in-process."))

        \(options(FuzzOptions.table.map(\.spec)))
        EXIT STATUS:
        \(row("0", "no finding (known causes excluded)"))
        \(row("1", "at least one finding"))
        \(row("3", "the testee could not be run at all"))
        \(row("64", "the command line is wrong"))
        \(row("65", "the known-failures file is invalid or unreadable"))
        \(row("74", "a finding cannot be written"))

        EXAMPLES:
          \(toolName) fuzz --duration 60 -- python3 Adapters/python/pyjwt_testee.py
          \(toolName) fuzz --seed 7 --count 100000 --out findings -- ./testee
          \(toolName) run --vectors findings -- ./testee

        """
    }
}
