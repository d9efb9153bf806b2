/// One option of a subcommand: parsing and help are both driven by this table, so every option
/// is documented.
struct OptionSpec {
    /// `--profile`.
    var name: String
    /// A short alias such as `-h`, if any.
    var shortName: String?
    /// `profile` for `--profile <profile>`; nil for a flag.
    var valueName: String?
    /// Whether it may be given more than once.
    var repeatable = false
    /// One or two sentences for `--help`.
    var help: String

    /// `--profile <profile>`, as in usage lines and errors.
    var label: String { valueName.map { "\(name) <\($0)>" } ?? name }

    /// `-h, --help` or `--profile <profile>`, as in the OPTIONS section.
    var helpLabel: String { shortName.map { "\($0), \(label)" } ?? label }

    /// `[--profile <profile> ...]`, as in the usage line.
    var usage: String { "[\(label)\(repeatable ? " ..." : "")]" }

    static let help = OptionSpec(name: "--help", shortName: "-h", help: "Show help information.")
    static let version = OptionSpec(name: "--version", help: "Show the version.")

    /// The options of `run`, in help order.
    static let run: [OptionSpec] = [
        OptionSpec(name: "--profile", valueName: "profile", repeatable: true,
                   help: "Run only the vectors of this profile (kustomer, sunshine, …); repeat for several. Default: every profile."),
        OptionSpec(name: "--role", valueName: "role",
                   help: "Run only the vectors of this role. (values: verifier, signer, session; default: all)"),
        OptionSpec(name: "--known-failures", valueName: "file",
                   help: "Gate the run with a known-failures list: it fails on an unlisted failure, on a listed vector that passes, and on a listed id that matches no vector."),
        OptionSpec(name: "--write-known-failures", valueName: "file",
                   help: "Write the failures of this run as a known-failures list (sorted, with a heading naming the implementation and suite version)."),
        OptionSpec(name: "--format", valueName: "format",
                   help: "The report format. (values: text, json, junit, markdown; default: text)"),
        OptionSpec(name: "--output", valueName: "file",
                   help: "Write the report to this file instead of standard output; the text summary still goes to standard output."),
        OptionSpec(name: "--progress", valueName: "file",
                   help: "Also write one JSON line per result to this file as it arrives, so a crash loses nothing already received."),
        OptionSpec(name: "--vectors", valueName: "path", repeatable: true,
                   help: "Run the vector files in this file or folder instead of the bundled corpus; repeat for several. They are loaded against the bundled profiles plus those of the nearest profiles/ folder in or above the path."),
        OptionSpec(name: "--with-bundled",
                   help: "With --vectors, run the bundled corpus as well."),
        OptionSpec(name: "--timeout", valueName: "seconds",
                   help: "How long the testee may take to answer one request before it is killed and restarted; starting it and its hello may take this or 10 s, whichever is longer. (default: 5)"),
        .help,
    ]

    /// The options of `testee`.
    static let testee: [OptionSpec] = [
        OptionSpec(name: "--profiles", valueName: "folder", repeatable: true,
                   help: "Also serve the profile definitions (*.json) in this folder that the bundle lacks; repeat for several."),
        .help,
    ]

    /// The options of `inspect`.
    static let inspect: [OptionSpec] = [
        OptionSpec(name: "--profile", valueName: "profile",
                   help: "The vendor profile (kustomer, sunshine, …). Default: guessed from the token's shape, and the guess is shown."),
        OptionSpec(name: "--secret-file", valueName: "path",
                   help: "Read the secret from this file; one final line break is not part of it. Without a secret everything but the signature is checked."),
        OptionSpec(name: "--secret-env", valueName: "name",
                   help: "Read the secret from this environment variable. Default: \(InspectInput.secretEnvironmentVariable) when it is set. Never pass a secret as an argument."),
        OptionSpec(name: "--kid", valueName: "key-id",
                   help: "The key id of the secret (Sunshine app key id). Default: the key the token's kid names."),
        OptionSpec(name: "--keys", valueName: "path",
                   help: "A JSON key set file, [{\"kid\": …, \"secret\": …}] as in PROTOCOL.md, instead of one secret. Its keys are selected as the profile's verifier selects them (Sunshine: by kid, byte for byte)."),
        OptionSpec(name: "--now", valueName: "unix-seconds",
                   help: "The verifier's clock, in Unix seconds. Default: this machine's clock."),
        OptionSpec(name: "--now-iso8601", valueName: "date",
                   help: "The verifier's clock as an ISO 8601 date (2023-11-14T22:13:20Z)."),
        OptionSpec(name: "--format", valueName: "format",
                   help: "The output format. (values: text, json; default: text)"),
        .help,
    ]

    /// The options of `explain`.
    static let explain: [OptionSpec] = [
        OptionSpec(name: "--format", valueName: "format",
                   help: "The output format. (values: text, json; default: text)"),
        .help,
    ]

    /// The options of `list`.
    static let list: [OptionSpec] = [
        OptionSpec(name: "--profile", valueName: "profile", repeatable: true, help: "Only the vectors of this profile."),
        OptionSpec(name: "--rule", valueName: "rule-id", repeatable: true,
                   help: "Only the vectors that exercise this catalogue rule (KUS-IAT-WINDOW); its text is shown first."),
        OptionSpec(name: "--category", valueName: "category", repeatable: true,
                   help: "Only the vectors of this category. (values: header, claims, timing, precedence, signature, vendor-shapes, signer, session)"),
        OptionSpec(name: "--flag", valueName: "flag", repeatable: true, help: "Only the vectors with this flag (boundary, auth-bypass, …)."),
        .help,
    ]

    /// The options of the root command.
    static let root: [OptionSpec] = [.version, .help]
}
