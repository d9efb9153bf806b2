import JWTConformance

extension RunOptions {
    /// The options of `run`, in help order.
    static let table: [Option<RunOptions>] = [
        .list("--profile", "profile",
              "Run only the vectors of this profile (kustomer, sunshine, …); repeat for several. Default: every profile.",
              \.profiles, { ProfileID($0) }),
        .choice("--role", "role", "Run only the vectors of this role.", default: "all", \.role),
        .text("--known-failures", "file",
              "Gate the run with a known-failures list: it fails on an unlisted failure, on a listed vector that passes, and on a listed id that matches no vector.",
              \.knownFailures),
        .text("--write-known-failures", "file",
              "Write the failures of this run as a known-failures list (sorted, with a heading naming the implementation and suite version).",
              \.writeKnownFailures),
        .choice("--format", "format", "The report format.", default: ReportFormat.text.rawValue, \.format),
        .text("--output", "file",
              "Write the report to this file instead of standard output; the text summary still goes to standard output.",
              \.output),
        .text("--progress", "file",
              "Also write one JSON line per result to this file as it arrives, so a crash loses nothing already received.",
              \.progress),
        .list("--vectors", "path",
              "Run the vector files in this file or folder instead of the bundled corpus; repeat for several. They are loaded against the bundled profiles plus those of the nearest profiles/ folder in or above the path.",
              \.vectors, { $0 }),
        .flag("--with-bundled", "With --vectors, run the bundled corpus as well.", \.withBundled),
        Option(spec: OptionSpec(
            name: "--timeout", valueName: "seconds",
            summary: "How long the testee may take to answer one request before it is killed and restarted; starting it and its hello may take this or 10 s, whichever is longer.",
            defaultValue: "5"
        )) { options, value throws(UsageError) in options.timeout = try value.seconds(atMost: 86_400) },
        .help,
    ]
}

extension TesteeOptions {
    /// The options of `testee`.
    static let table: [Option<TesteeOptions>] = [
        .list("--profiles", "folder",
              "Also serve the profile definitions (*.json) in this folder that the bundle lacks; repeat for several.",
              \.profileFolders, { $0 }),
        .help,
    ]
}

extension InspectOptions {
    /// The options of `inspect`.
    static let table: [Option<InspectOptions>] = [
        Option(spec: OptionSpec(
            name: "--profile", valueName: "profile",
            summary: "The vendor profile (kustomer, sunshine, …). Default: guessed from the token's shape, and the guess is shown."
        )) { options, value throws(UsageError) in options.profile = ProfileID(try value.nonEmpty()) },
        .text("--secret-file", "path",
              "Read the secret from this file; one final line break is not part of it. Without a secret everything but the signature is checked.",
              \.secretFile),
        .text("--secret-env", "name",
              "Read the secret from this environment variable. Default: \(InspectInput.secretEnvironmentVariable) when it is set. Never pass a secret as an argument.",
              \.secretEnvironmentVariable),
        .text("--kid", "key-id",
              "The key id of the secret (Sunshine app key id). Default: the key the token's kid names.", \.kid),
        .text("--keys", "path",
              "A JSON key set file, [{\"kid\": …, \"secret\": …}] as in PROTOCOL.md, instead of one secret. Its keys are selected as the profile's verifier selects them (Sunshine: by kid, byte for byte).",
              \.keysFile),
        Option(spec: OptionSpec(
            name: "--now", valueName: "unix-seconds",
            summary: "The verifier's clock, in Unix seconds. Default: this machine's clock."
        )) { options, value throws(UsageError) in
            guard let now = UnixTime(value.text ?? "") else { throw value.invalid(expected: "whole Unix seconds") }
            options.now = now
        },
        Option(spec: OptionSpec(
            name: "--now-iso8601", valueName: "date",
            summary: "The verifier's clock as an ISO 8601 date (2023-11-14T22:13:20Z)."
        )) { options, value throws(UsageError) in
            guard let now = CommandLineParser.parseISO8601(value.text ?? "") else {
                throw value.invalid(expected: "a date such as 2023-11-14T22:13:20Z")
            }
            options.now = now
        },
        .choice("--format", "format", "The output format.", default: InspectFormat.text.rawValue, \.format),
        .help,
    ]
}

extension ExplainOptions {
    /// The options of `explain`.
    static let table: [Option<ExplainOptions>] = [
        .choice("--format", "format", "The output format.", default: InspectFormat.text.rawValue, \.format),
        .help,
    ]
}

extension ListOptions {
    /// The options of `list`.
    static let table: [Option<ListOptions>] = [
        .list("--profile", "profile", "Only the vectors of this profile.", \.profiles, { ProfileID($0) }),
        .list("--rule", "rule-id",
              "Only the vectors that exercise this catalogue rule (KUS-IAT-WINDOW); its text is shown first.", \.rules, { $0 }),
        .choices("--category", "category", "Only the vectors of this category.", \.categories),
        .list("--flag", "flag", "Only the vectors with this flag (boundary, auth-bypass, …).", \.flags, { $0 }),
        .help,
    ]
}

extension OptionSpec {
    /// The options of the root command.
    static let root: [OptionSpec] = [.version, .help]
}
