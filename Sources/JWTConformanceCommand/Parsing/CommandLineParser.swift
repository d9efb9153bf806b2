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
}
