/// A problem found in one of the suite's data files: a vector file, a profile, the rule
/// catalogue, a known-failures list. It names the file, the place in it (the JSON path of the
/// offending value, the line of a text file, the byte offset of a syntax error) and the test id
/// when there is one.
public struct DataFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the corpus root when it lies inside it.
    public var file: String
    /// The test the problem is in, when it is inside a test with a readable id.
    public var vectorID: VectorID?
    /// The JSON path of the offending value, such as `$.testGroups[0].tests[3].expected.reason`;
    /// `$` for the file as a whole, nil in a file that is not JSON.
    public var path: String?
    /// The line, in a text file such as a known-failures list.
    public var line: Int?
    /// The byte offset in the file, for syntax errors.
    public var offset: Int?
    /// What is wrong.
    public var problem: Problem

    /// What a reader found wrong with a value, kept as data so that each kind of file can word it
    /// (the testee protocol names members its own way).
    public enum Problem: Sendable, Hashable {
        /// A required member is absent.
        case missing
        /// The value is not of the kind expected, such as `an integer`.
        case mismatch(found: JSONValue, expected: String)
        /// The string is not one of a closed set of words.
        case unknownWord(String, expected: [String])
        /// Any other problem, in words.
        case other(String)
    }

    public init(file: String, vectorID: VectorID? = nil, path: String?, line: Int? = nil, offset: Int? = nil, problem: Problem) {
        self.file = file
        self.vectorID = vectorID
        self.path = path
        self.line = line
        self.offset = offset
        self.problem = problem
    }

    public init(file: String, vectorID: VectorID? = nil, path: String?, line: Int? = nil, offset: Int? = nil, message: String) {
        self.init(file: file, vectorID: vectorID, path: path, line: line, offset: offset, problem: .other(message))
    }

    /// What is wrong, in words: `missing required field "kid"`, `expected an integer, found 1.5`,
    /// `unknown value "expird"; expected one of "malformed", …`.
    public var message: String {
        switch problem {
        case .missing:
            let member = path?.split(separator: ".").last.map(String.init) ?? ""
            return "missing required field \"\(member)\""
        case .mismatch(let found, let expected):
            if case .number = found { return "expected \(expected), found \(found.serialized())" }
            return "expected \(expected), found \(found.typeName)"
        case .unknownWord(let word, let expected):
            return "unknown value \"\(word)\"; expected one of \(expected.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .other(let message):
            return message
        }
    }

    /// `file, line 3 (byte 120), test KUS-CLM-001, at $.path: message`, each part when known.
    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let offset { place += " (byte \(offset))" }
        if let vectorID { place += ", test \(vectorID)" }
        if let path { place += ", at \(path)" }
        return "\(place): \(message)"
    }
}

/// Every problem found in one load; thrown when there is at least one.
///
/// The loaders read every file before they throw, so one run shows all the problems.
public struct DataFileErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [DataFileError]

    public init(_ errors: [DataFileError]) { self.errors = errors }

    public var description: String {
        let noun = errors.count == 1 ? "problem" : "problems"
        return "\(errors.count) \(noun):\n" + errors.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// The former name of ``DataFileError``.
@available(*, deprecated, renamed: "DataFileError")
public typealias VectorLoadingError = DataFileError

/// The former name of ``DataFileErrors``.
@available(*, deprecated, renamed: "DataFileErrors")
public typealias VectorLoadingErrors = DataFileErrors
