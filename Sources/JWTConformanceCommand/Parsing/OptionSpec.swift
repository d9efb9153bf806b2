/// What `--help`, the usage line and error messages say about one option.
struct OptionSpec: Sendable {
    /// `--profile`.
    var name: String
    /// A short alias such as `-h`, if any.
    var shortName: String?
    /// `profile` for `--profile <profile>`; nil for a flag.
    var valueName: String?
    /// Whether it may be given more than once.
    var repeatable = false
    /// One or two sentences for `--help`.
    var summary: String
    /// The values it takes, when they are a fixed set (from the enum's `allCases`).
    var values: [String] = []
    /// What applies when it is not given, shown in `--help`.
    var defaultValue: String?

    /// `--profile <profile>`, as in usage lines and errors.
    var label: String { valueName.map { "\(name) <\($0)>" } ?? name }

    /// `-h, --help` or `--profile <profile>`, as in the OPTIONS section.
    var helpLabel: String { shortName.map { "\($0), \(label)" } ?? label }

    /// `[--profile <profile> ...]`, as in the usage line.
    var usage: String { "[\(label)\(repeatable ? " ..." : "")]" }

    /// The `--help` text: the summary, then its values and default.
    var help: String {
        var notes: [String] = []
        if !values.isEmpty { notes.append("values: " + values.joined(separator: ", ")) }
        if let defaultValue { notes.append("default: " + defaultValue) }
        return notes.isEmpty ? summary : "\(summary) (\(notes.joined(separator: "; ")))"
    }

    /// Whether this is `-h, --help`, which every subcommand has.
    var isHelp: Bool { name == Self.help.name }

    static let help = OptionSpec(name: "--help", shortName: "-h", summary: "Show help information.")
    static let version = OptionSpec(name: "--version", summary: "Show the version.")
}

/// One option of a subcommand and what it does to the subcommand's options: parsing, the usage
/// line and `--help` all read the same table, so an option cannot be documented but not parsed,
/// and no option is dispatched by its spelling.
struct Option<Options>: Sendable {
    var spec: OptionSpec
    /// Sets the value (nil for a flag) on `options`, or throws the usage error it calls for.
    var apply: @Sendable (inout Options, OptionValue) throws(UsageError) -> Void

    /// `-h, --help`: handled by the reader, which stops there.
    static var help: Self { Option(spec: .help) { _, _ in } }

    /// A flag that sets a Boolean.
    static func flag(_ name: String, _ summary: String, _ field: WritableKeyPath<Options, Bool> & Sendable) -> Self {
        Option(spec: OptionSpec(name: name, summary: summary)) { options, _ in options[keyPath: field] = true }
    }

    /// An option whose non-empty text is the value.
    static func text(
        _ name: String, _ valueName: String, _ summary: String, default defaultValue: String? = nil,
        _ field: WritableKeyPath<Options, String?> & Sendable
    ) -> Self {
        Option(spec: OptionSpec(name: name, valueName: valueName, summary: summary, defaultValue: defaultValue)) { options, value throws(UsageError) in
            options[keyPath: field] = try value.nonEmpty()
        }
    }

    /// A repeatable option whose non-empty texts are collected, each made a `Value`.
    static func list<Value>(
        _ name: String, _ valueName: String, _ summary: String,
        _ field: WritableKeyPath<Options, [Value]> & Sendable, _ make: @escaping @Sendable (String) -> Value
    ) -> Self {
        Option(spec: OptionSpec(name: name, valueName: valueName, repeatable: true, summary: summary)) { options, value throws(UsageError) in
            options[keyPath: field].append(make(try value.nonEmpty()))
        }
    }

    /// An option whose value is one case of an enum; `--help` lists the cases.
    static func choice<Value: CaseIterable & RawRepresentable & Sendable>(
        _ name: String, _ valueName: String, _ summary: String, default defaultValue: String,
        _ field: WritableKeyPath<Options, Value> & Sendable
    ) -> Self where Value.RawValue == String {
        Option(spec: .choice(name, valueName, summary, Value.self, defaultValue)) { options, value throws(UsageError) in
            options[keyPath: field] = try value.choice(Value.self)
        }
    }

    /// An option whose value is one case of an enum, or none when it is not given.
    static func choice<Value: CaseIterable & RawRepresentable & Sendable>(
        _ name: String, _ valueName: String, _ summary: String, default defaultValue: String,
        _ field: WritableKeyPath<Options, Value?> & Sendable
    ) -> Self where Value.RawValue == String {
        Option(spec: .choice(name, valueName, summary, Value.self, defaultValue)) { options, value throws(UsageError) in
            options[keyPath: field] = try value.choice(Value.self)
        }
    }

    /// A repeatable option whose values are cases of an enum; `--help` lists the cases.
    static func choices<Value: CaseIterable & RawRepresentable & Sendable>(
        _ name: String, _ valueName: String, _ summary: String, _ field: WritableKeyPath<Options, [Value]> & Sendable
    ) -> Self where Value.RawValue == String {
        var spec = OptionSpec.choice(name, valueName, summary, Value.self, nil)
        spec.repeatable = true
        return Option(spec: spec) { options, value throws(UsageError) in
            options[keyPath: field].append(try value.choice(Value.self))
        }
    }
}

extension OptionSpec {
    fileprivate static func choice<Value: CaseIterable & RawRepresentable>(
        _ name: String, _ valueName: String, _ summary: String, _: Value.Type, _ defaultValue: String?
    ) -> OptionSpec where Value.RawValue == String {
        OptionSpec(name: name, valueName: valueName, summary: summary, values: Value.allCases.map(\.rawValue), defaultValue: defaultValue)
    }
}

/// The value an option was given, with what its errors need to name it.
struct OptionValue: Sendable {
    /// The text after the option (nil for a flag).
    var text: String?
    var spec: OptionSpec
    var subcommand: Subcommand

    /// The text, which must not be empty.
    func nonEmpty() throws(UsageError) -> String {
        guard let text, !text.isEmpty else {
            throw UsageError(message: "Missing value for '\(spec.label)'", subcommand: subcommand)
        }
        return text
    }

    /// The enum case the text names.
    func choice<Value: CaseIterable & RawRepresentable>(_: Value.Type) throws(UsageError) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text ?? "") else {
            let choices = Value.allCases.map { "'\($0.rawValue)'" }
            let listed = choices.count > 1 ? choices.dropLast().joined(separator: ", ") + " or " + choices.last! : choices.joined()
            throw UsageError(
                message: "The value '\(text ?? "")' is invalid for '\(spec.label)'. Please provide one of \(listed).",
                subcommand: subcommand
            )
        }
        return value
    }

    /// A duration given in seconds: finite, greater than 0 and at most `limit` seconds.
    func seconds(atMost limit: Double) throws(UsageError) -> Duration {
        guard let seconds = Double(text ?? ""), seconds.isFinite, seconds > 0, seconds <= limit else {
            throw invalid(expected: "a number of seconds greater than 0")
        }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// The usage error for a value that is not `expected`.
    func invalid(expected: String) -> UsageError {
        UsageError(message: "The value '\(text ?? "")' is invalid for '\(spec.label)': expected \(expected)", subcommand: subcommand)
    }
}
