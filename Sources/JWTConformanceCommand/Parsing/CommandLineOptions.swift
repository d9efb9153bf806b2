import JWTConformance

/// A command line, parsed.
enum ParsedCommandLine: Equatable {
    /// Run vectors (the default subcommand).
    case run(RunOptions)
    /// Serve the reference over the testee protocol.
    case testee(TesteeOptions)
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
