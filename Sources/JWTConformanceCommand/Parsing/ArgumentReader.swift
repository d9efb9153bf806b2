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
