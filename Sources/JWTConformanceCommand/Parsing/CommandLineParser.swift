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
        var reader = ArgumentReader(arguments: arguments, specs: OptionSpec.run, subcommand: .run)
        while let (spec, value) = try reader.next() {
            switch spec.name {
            case "--help": return .help(.run)
            case "--profile": options.profiles.append(ProfileID(try reader.nonEmpty(value, for: spec)))
            case "--role":
                guard let role = Role(rawValue: value ?? "") else {
                    throw reader.invalid(value, for: spec, expected: Role.allCases.map(\.rawValue))
                }
                options.role = role
            case "--known-failures": options.knownFailures = try reader.nonEmpty(value, for: spec)
            case "--write-known-failures": options.writeKnownFailures = try reader.nonEmpty(value, for: spec)
            case "--format":
                guard let format = ReportFormat(rawValue: value ?? "") else {
                    throw reader.invalid(value, for: spec, expected: ReportFormat.allCases.map(\.rawValue))
                }
                options.format = format
            case "--output": options.output = try reader.nonEmpty(value, for: spec)
            case "--progress": options.progress = try reader.nonEmpty(value, for: spec)
            case "--vectors": options.vectors.append(try reader.nonEmpty(value, for: spec))
            case "--with-bundled": options.withBundled = true
            case "--timeout":
                guard let seconds = Double(value ?? ""), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                    throw UsageError(
                        message: "The value '\(value ?? "")' is invalid for '\(spec.label)': expected a number of seconds greater than 0",
                        subcommand: .run
                    )
                }
                options.timeout = .milliseconds(Int64((seconds * 1000).rounded(.up)))
            default: break
            }
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
        var reader = ArgumentReader(arguments: arguments, specs: OptionSpec.testee, subcommand: .testee)
        while let (spec, value) = try reader.next() {
            switch spec.name {
            case "--help": return .help(.testee)
            case "--profiles": options.profileFolders.append(try reader.nonEmpty(value, for: spec))
            default: break
            }
        }
        if let extra = reader.positionals.first ?? reader.remainder.first {
            throw UsageError(message: "Unexpected argument '\(extra)'", subcommand: .testee)
        }
        return .testee(options)
    }

    private static func parseInspect(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = InspectOptions()
        var reader = ArgumentReader(arguments: arguments, specs: OptionSpec.inspect, subcommand: .inspect)
        while let (spec, value) = try reader.next() {
            switch spec.name {
            case "--help": return .help(.inspect)
            case "--profile": options.profile = ProfileID(try reader.nonEmpty(value, for: spec))
            case "--secret-file": options.secretFile = try reader.nonEmpty(value, for: spec)
            case "--secret-env": options.secretEnvironmentVariable = try reader.nonEmpty(value, for: spec)
            case "--kid": options.kid = try reader.nonEmpty(value, for: spec)
            case "--keys": options.keysFile = try reader.nonEmpty(value, for: spec)
            case "--now":
                guard let now = UnixTime(value ?? "") else {
                    throw UsageError(
                        message: "The value '\(value ?? "")' is invalid for '\(spec.label)': expected whole Unix seconds",
                        subcommand: .inspect)
                }
                options.now = now
            case "--now-iso8601":
                guard let now = parseISO8601(value ?? "") else {
                    throw UsageError(
                        message: "The value '\(value ?? "")' is invalid for '\(spec.label)': expected a date such as 2023-11-14T22:13:20Z",
                        subcommand: .inspect)
                }
                options.now = now
            case "--format":
                guard let format = InspectFormat(rawValue: value ?? "") else {
                    throw reader.invalid(value, for: spec, expected: InspectFormat.allCases.map(\.rawValue))
                }
                options.format = format
            default: break
            }
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
    private static func parseISO8601(_ text: String) -> UnixTime? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return UnixTime(date.timeIntervalSince1970.rounded(.down)) }
        }
        return nil
    }

    private static func parseExplain(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var format = InspectFormat.text
        var reader = ArgumentReader(arguments: arguments, specs: OptionSpec.explain, subcommand: .explain)
        while let (spec, value) = try reader.next() {
            switch spec.name {
            case "--help": return .help(.explain)
            case "--format":
                guard let chosen = InspectFormat(rawValue: value ?? "") else {
                    throw reader.invalid(value, for: spec, expected: InspectFormat.allCases.map(\.rawValue))
                }
                format = chosen
            default: break
            }
        }
        let positionals = reader.positionals + reader.remainder
        guard positionals.count == 1 else {
            let message = positionals.isEmpty ? "Missing vector id (such as KUS-TIM-104)" : "Unexpected argument '\(positionals[1])'"
            throw UsageError(message: message, subcommand: .explain)
        }
        return .explain(ExplainOptions(vectorID: VectorID(positionals[0]), format: format))
    }

    private static func parseList(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var options = ListOptions()
        var reader = ArgumentReader(arguments: arguments, specs: OptionSpec.list, subcommand: .list)
        while let (spec, value) = try reader.next() {
            switch spec.name {
            case "--help": return .help(.list)
            case "--profile": options.profiles.append(ProfileID(try reader.nonEmpty(value, for: spec)))
            case "--rule": options.rules.append(try reader.nonEmpty(value, for: spec))
            case "--flag": options.flags.append(try reader.nonEmpty(value, for: spec))
            case "--category":
                guard let category = VectorCategory(rawValue: value ?? "") else {
                    throw reader.invalid(value, for: spec, expected: VectorCategory.allCases.map(\.rawValue))
                }
                options.categories.append(category)
            default: break
            }
        }
        if let extra = reader.positionals.first ?? reader.remainder.first {
            throw UsageError(message: "Unexpected argument '\(extra)'", subcommand: .list)
        }
        return .list(options)
    }
}
