/// A problem found while loading vectors: it names the file, the test id when there is one,
/// the JSON path of the offending field, and the byte offset for syntax errors.
public struct VectorLoadingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the corpus root when it lies inside it.
    public var file: String
    /// The test the problem is in, when it is inside a test with a readable id.
    public var vectorID: VectorID?
    /// The JSON path of the offending value, such as `$.testGroups[0].tests[3].expected.reason`.
    public var path: String
    /// The byte offset in the file, for syntax errors.
    public var offset: Int?
    /// What is wrong.
    public var message: String

    public init(file: String, vectorID: VectorID? = nil, path: String, offset: Int? = nil, message: String) {
        self.file = file
        self.vectorID = vectorID
        self.path = path
        self.offset = offset
        self.message = message
    }

    public var description: String {
        var place = file
        if let offset { place += " (byte \(offset))" }
        if let vectorID { place += ", test \(vectorID)" }
        return "\(place), at \(path): \(message)"
    }
}

/// Every problem found in one load; thrown when there is at least one.
///
/// The loader reads every file before it throws, so one run shows all the problems.
public struct VectorLoadingErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [VectorLoadingError]

    public init(_ errors: [VectorLoadingError]) { self.errors = errors }

    public var description: String {
        let noun = errors.count == 1 ? "problem" : "problems"
        return "\(errors.count) \(noun) loading vectors:\n" + errors.map { "  - \($0)" }.joined(separator: "\n")
    }
}
