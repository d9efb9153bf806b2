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
                guard let role = Role(rawValue: value ?? ""), role != .session else {
                    throw reader.invalid(value, for: spec, expected: ["verifier", "signer"])
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

/// Walks a subcommand's arguments, matching options against its table.
struct ArgumentReader {
    let arguments: [String]
    let specs: [OptionSpec]
    let subcommand: Subcommand
    private var index = 0
    /// Arguments that are not options, before any `--`.
    private(set) var positionals: [String] = []
    /// Everything after `--`.
    private(set) var remainder: [String] = []
    /// Whether `--` was given.
    private(set) var sawSeparator = false

    init(arguments: [String], specs: [OptionSpec], subcommand: Subcommand) {
        self.arguments = arguments
        self.specs = specs
        self.subcommand = subcommand
    }

    /// The next option and its value (nil for a flag), or nil at the end.
    mutating func next() throws(UsageError) -> (OptionSpec, String?)? {
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                sawSeparator = true
                remainder = Array(arguments[index...])
                index = arguments.count
                return nil
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                positionals.append(argument)
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard let spec = specs.first(where: { $0.name == name || $0.shortName == name }) else {
                throw UsageError(message: "Unknown option '\(name)'", subcommand: subcommand)
            }
            guard spec.valueName != nil else {
                if parts.count == 2 {
                    throw UsageError(message: "The flag '\(spec.name)' does not take a value", subcommand: subcommand)
                }
                return (spec, nil)
            }
            if parts.count == 2 { return (spec, String(parts[1])) }
            guard index < arguments.count, !isOption(arguments[index]) else {
                throw UsageError(message: "Missing value for '\(spec.label)'", subcommand: subcommand)
            }
            index += 1
            return (spec, arguments[index - 1])
        }
        return nil
    }

    /// Whether an argument is `--` or one of the subcommand's options (so not a value).
    private func isOption(_ argument: String) -> Bool {
        let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
        return argument == "--" || specs.contains { $0.name == name || $0.shortName == name }
    }

    func nonEmpty(_ value: String?, for spec: OptionSpec) throws(UsageError) -> String {
        guard let value, !value.isEmpty else {
            throw UsageError(message: "Missing value for '\(spec.label)'", subcommand: subcommand)
        }
        return value
    }

    func invalid(_ value: String?, for spec: OptionSpec, expected: [String]) -> UsageError {
        let choices = expected.map { "'\($0)'" }
        let listed = choices.count > 1 ? choices.dropLast().joined(separator: ", ") + " or " + choices.last! : choices.joined()
        return UsageError(
            message: "The value '\(value ?? "")' is invalid for '\(spec.label)'. Please provide one of \(listed).",
            subcommand: subcommand
        )
    }
}
