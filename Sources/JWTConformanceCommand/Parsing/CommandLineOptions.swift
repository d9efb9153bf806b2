import JWTConformance

/// A command line, parsed.
enum ParsedCommandLine: Equatable {
    /// Run vectors (the default subcommand).
    case run(RunOptions)
    /// Serve the reference over the testee protocol.
    case testee(TesteeOptions)
    /// Diagnose one token.
    case inspect(InspectOptions)
    /// Show one bundled vector and diagnose its token.
    case explain(ExplainOptions)
    /// List bundled vectors and rules.
    case list(ListOptions)
    /// Fuzz an implementation against the reference.
    case fuzz(FuzzOptions)
    /// Show help for a subcommand.
    case help(Subcommand)
    /// Show the version.
    case version
}

/// The subcommands, and the root command.
enum Subcommand: String, Equatable, CaseIterable {
    case root = ""
    case run
    case testee
    case inspect
    case explain
    case list
    case fuzz
    case help

    /// The words that invoke it, such as `jwt-conformance run`.
    var invocation: String { self == .root ? toolName : "\(toolName) \(rawValue)" }
}

/// The executable's name.
let toolName = "jwt-conformance"

/// The report formats of `run --format`.
enum ReportFormat: String, Equatable, CaseIterable {
    case text, json, junit, markdown
}

/// The options of `jwt-conformance run`.
struct RunOptions: Equatable {
    var profiles: [ProfileID] = []
    var role: Role?
    var knownFailures: String?
    var writeKnownFailures: String?
    var format: ReportFormat = .text
    var output: String?
    var progress: String?
    var vectors: [String] = []
    var withBundled = false
    var timeout: Duration = .seconds(5)
    /// The testee and its arguments; empty for the in-process reference.
    var command: [String] = []
}

/// The options of `jwt-conformance testee`.
struct TesteeOptions: Equatable {
    /// Folders of extra profile definitions to serve.
    var profileFolders: [String] = []
}

/// The output formats of `inspect` and `explain`.
enum InspectFormat: String, Equatable, CaseIterable {
    case text, json
}

/// The options of `jwt-conformance inspect`.
struct InspectOptions: Equatable {
    /// The token, or `-` for standard input.
    var token: String?
    /// The profile; guessed from the token when nil.
    var profile: ProfileID?
    /// The clock; the wall clock when nil.
    var now: UnixTime?
    var format: InspectFormat = .text
    /// A file holding the secret (one final line break is not part of it).
    var secretFile: String?
    /// An environment variable holding the secret.
    var secretEnvironmentVariable: String?
    /// The key id of the secret.
    var kid: String?
    /// A JSON key set file, as in PROTOCOL.md.
    var keysFile: String?
}

/// The options of `jwt-conformance explain`.
struct ExplainOptions: Equatable {
    var vectorID: VectorID
    var format: InspectFormat = .text
}

/// The options of `jwt-conformance list`.
struct ListOptions: Equatable {
    var profiles: [ProfileID] = []
    var rules: [String] = []
    var categories: [VectorCategory] = []
    var flags: [String] = []
}
