import Foundation
import JWTConformance

/// Parses `jwt-conformance` arguments by hand (the package depends on the toolchain only),
/// in the manner of swift-argument-parser: `--name value` or `--name=value`, `-h`/`--help`
/// anywhere before `--`, and `run` as the default subcommand.
enum CommandLineParser {
    static func parse(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        guard let first = arguments.first else { return .run(RunOptions()) }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "run": return try parseRun(rest)
        case "testee": return try parseTestee(rest)
        case "inspect": return try parseInspect(rest)
        case "explain": return try parseExplain(rest)
        case "list": return try parseList(rest)
        case "fuzz": return try parseFuzz(rest)
        case "help": return try parseHelp(rest)
        case "-h", "--help": return .help(.root)
        case "--version": return .version
        default:
            if first.hasPrefix("-") { return try parseRun(arguments) }
            throw UsageError(message: "Unexpected argument '\(first)'", subcommand: .root)
        }
    }

    private static func parseHelp(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        guard let topic = arguments.first else { return .help(.root) }
        guard arguments.count == 1, let subcommand = Subcommand(rawValue: topic), subcommand != .root else {
            throw UsageError(message: "Unknown subcommand '\(arguments.joined(separator: " "))'", subcommand: .root)
        }
        return .help(subcommand)
    }

    private static func parseRun(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = RunOptions()
        guard let reader = try ArgumentReader.read(arguments, into: &options, table: RunOptions.table, subcommand: .run) else {
            return .help(.run)
        }
        if let positional = reader.positionals.first {
            throw UsageError(
                message: "Unexpected argument '\(positional)' (put the testee command after '--': \(toolName) run -- \(positional) …)",
                subcommand: .run
            )
        }
        options.command = reader.remainder
        if reader.sawSeparator, options.command.isEmpty {
            throw UsageError(message: "Missing testee command after '--'", subcommand: .run)
        }
        if options.withBundled, options.vectors.isEmpty {
            throw UsageError(message: "'--with-bundled' needs at least one '--vectors <path>'", subcommand: .run)
        }
        return .run(options)
    }

    private static func parseTestee(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = TesteeOptions()
        guard let reader = try ArgumentReader.read(arguments, into: &options, table: TesteeOptions.table, subcommand: .testee) else {
            return .help(.testee)
        }
        if let extra = reader.positionals.first ?? reader.remainder.first {
            throw UsageError(message: "Unexpected argument '\(extra)'", subcommand: .testee)
        }
        return .testee(options)
    }

    private static func parseInspect(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = InspectOptions()
        guard let reader = try ArgumentReader.read(arguments, into: &options, table: InspectOptions.table, subcommand: .inspect) else {
            return .help(.inspect)
        }
        let positionals = reader.positionals + reader.remainder
        guard positionals.count <= 1 else {
            throw UsageError(message: "Unexpected argument '\(positionals[1])': give one token, or '-' to read it from standard input", subcommand: .inspect)
        }
        guard let token = positionals.first else {
            throw UsageError(message: "Missing token: give it as the argument, or '-' to read it from standard input", subcommand: .inspect)
        }
        options.token = token
        let secretSources = [options.secretFile, options.secretEnvironmentVariable, options.keysFile].compactMap { $0 }
        if secretSources.count > 1 {
            throw UsageError(message: "Give the secret one way: --secret-file, --secret-env or --keys", subcommand: .inspect)
        }
        if options.keysFile != nil, options.kid != nil {
            throw UsageError(message: "'--kid' names the key of one secret; a key set file names its own kids", subcommand: .inspect)
        }
        return .inspect(options)
    }

    /// Unix seconds of an ISO 8601 date with time and zone, with or without fractional seconds.
    static func parseISO8601(_ text: String) -> UnixTime? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return UnixTime(date.timeIntervalSince1970.rounded(.down)) }
        }
        return nil
    }

    private static func parseExplain(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = ExplainOptions(vectorID: VectorID(""))
        guard let reader = try ArgumentReader.read(arguments, into: &options, table: ExplainOptions.table, subcommand: .explain) else {
            return .help(.explain)
        }
        let positionals = reader.positionals + reader.remainder
        guard positionals.count == 1 else {
            let message = positionals.isEmpty ? "Missing vector id (such as KUS-TIM-104)" : "Unexpected argument '\(positionals[1])'"
            throw UsageError(message: message, subcommand: .explain)
        }
        options.vectorID = VectorID(positionals[0])
        return .explain(options)
    }

    private static func parseList(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = ListOptions()
        guard let reader = try ArgumentReader.read(arguments, into: &options, table: ListOptions.table, subcommand: .list) else {
            return .help(.list)
        }
        if let extra = reader.positionals.first ?? reader.remainder.first {
            throw UsageError(message: "Unexpected argument '\(extra)'", subcommand: .list)
        }
        return .list(options)
    }
}
