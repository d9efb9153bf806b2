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

    /// Reads every option of `arguments` into `options`, each applied by its row of `table`; nil
    /// when `-h`/`--help` is among them. The reader that is returned holds the positionals and
    /// what follows `--`.
    static func read<Options>(
        _ arguments: [String], into options: inout Options, table: [Option<Options>], subcommand: Subcommand
    ) throws(UsageError) -> ArgumentReader? {
        var reader = ArgumentReader(arguments: arguments, specs: table.map(\.spec), subcommand: subcommand)
        while let (row, value) = try reader.next() {
            let option = table[row]
            if option.spec.isHelp { return nil }
            try option.apply(&options, OptionValue(text: value, spec: option.spec, subcommand: subcommand))
        }
        return reader
    }

    /// The next option's row in `specs` and its value (nil for a flag), or nil at the end.
    mutating func next() throws(UsageError) -> (Int, String?)? {
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
            guard let row = specs.firstIndex(where: { $0.name == name || $0.shortName == name }) else {
                throw UsageError(message: "Unknown option '\(name)'", subcommand: subcommand)
            }
            let spec = specs[row]
            guard spec.valueName != nil else {
                if parts.count == 2 {
                    throw UsageError(message: "The flag '\(spec.name)' does not take a value", subcommand: subcommand)
                }
                return (row, nil)
            }
            if parts.count == 2 { return (row, String(parts[1])) }
            guard index < arguments.count, !isOption(arguments[index]) else {
                throw UsageError(message: "Missing value for '\(spec.label)'", subcommand: subcommand)
            }
            index += 1
            return (row, arguments[index - 1])
        }
        return nil
    }

    /// Whether an argument is `--` or one of the subcommand's options (so not a value).
    private func isOption(_ argument: String) -> Bool {
        let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
        return argument == "--" || specs.contains { $0.name == name || $0.shortName == name }
    }
}
