/// Reads typed fields out of a parsed JSON document: a vector file, a profile, the rule
/// catalogue, or a testee protocol message. Every mismatch is a ``DataFileError`` that names
/// the file, the enclosing test and the JSON path, and says what was found and what was expected.
package struct FieldReader {
    package let file: String
    package let vectorID: VectorID?
    package let value: JSONValue
    private let location: Location

    /// The JSON path of the value, such as `$.tests[3].token`.
    package var path: String { location.path }

    package init(file: String, path: String = "$", vectorID: VectorID? = nil, value: JSONValue) {
        self.init(file: file, location: .root(path), vectorID: vectorID, value: value)
    }

    private init(file: String, location: Location, vectorID: VectorID?, value: JSONValue) {
        self.file = file
        self.location = location
        self.vectorID = vectorID
        self.value = value
    }

    /// Where a value sits in its document. Its path is written only when asked for (by an error),
    /// not for every field read.
    private enum Location {
        case root(String)
        indirect case member(Location, String)
        indirect case element(Location, Int)

        var path: String {
            switch self {
            case .root(let path): path
            case .member(let parent, let key): "\(parent.path).\(key)"
            case .element(let parent, let index): "\(parent.path)[\(index)]"
            }
        }
    }

    package func error(_ message: String, at path: String? = nil) -> DataFileError {
        error(.other(message), at: path)
    }

    package func error(_ problem: DataFileError.Problem, at path: String? = nil) -> DataFileError {
        DataFileError(file: file, vectorID: vectorID, path: path ?? self.path, problem: problem)
    }

    /// This value is not what was expected, such as `an integer`.
    private func mismatch(expected: String) -> DataFileError {
        error(.mismatch(found: value, expected: expected))
    }

    package func object() throws(DataFileError) -> JSONObject {
        guard case .object(let object) = value else { throw mismatch(expected: "an object") }
        return object
    }

    package func with(vectorID: VectorID?) -> FieldReader {
        FieldReader(file: file, location: location, vectorID: vectorID, value: value)
    }

    /// The member `key`, which must be present.
    package func field(_ key: String) throws(DataFileError) -> FieldReader {
        let object = try object()
        guard let member = object[key] else { throw error(.missing, at: Location.member(location, key).path) }
        return FieldReader(file: file, location: .member(location, key), vectorID: vectorID, value: member)
    }

    /// The member `key`, or nil when it is absent or `null`.
    package func optionalField(_ key: String) throws(DataFileError) -> FieldReader? {
        let object = try object()
        guard let member = object[key], !member.isNull else { return nil }
        return FieldReader(file: file, location: .member(location, key), vectorID: vectorID, value: member)
    }

    /// The member `key`, or else the same member of `parent` (a test inheriting from its group).
    package func field(_ key: String, inheritedFrom parent: FieldReader) throws(DataFileError) -> FieldReader {
        if let own = try optionalField(key) { return own }
        return try parent.field(key)
    }

    package func string() throws(DataFileError) -> String {
        guard case .string(let string) = value else { throw mismatch(expected: "a string") }
        return string
    }

    package func nonEmptyString() throws(DataFileError) -> String {
        let string = try string()
        guard !string.isEmpty else { throw error("must not be empty") }
        return string
    }

    package func optionalString() throws(DataFileError) -> String? {
        value.isNull ? nil : try string()
    }

    package func integer() throws(DataFileError) -> Int64 {
        guard case .number(let number) = value, let integer = number.int64Value else { throw mismatch(expected: "an integer") }
        return integer
    }

    package func boolean() throws(DataFileError) -> Bool {
        guard case .bool(let value) = value else { throw mismatch(expected: "a boolean") }
        return value
    }

    package func array() throws(DataFileError) -> [FieldReader] {
        guard case .array(let elements) = value else { throw mismatch(expected: "an array") }
        return elements.enumerated().map { index, element in
            FieldReader(file: file, location: .element(location, index), vectorID: vectorID, value: element)
        }
    }

    /// The elements of an array, each read by `read`.
    package func elements<Element>(_ read: (FieldReader) throws(DataFileError) -> Element) throws(DataFileError)
        -> [Element]
    {
        var elements: [Element] = []
        for element in try array() { elements.append(try read(element)) }
        return elements
    }

    /// An array of non-empty strings, such as a vector's rules.
    package func strings() throws(DataFileError) -> [String] {
        try elements { element throws(DataFileError) in try element.nonEmptyString() }
    }

    /// An array of strings, possibly empty; each may be any string.
    package func stringArray() throws(DataFileError) -> [String] {
        guard case .array = value else { throw mismatch(expected: "an array of strings") }
        return try elements { element throws(DataFileError) in try element.string() }
    }

    /// A value of a closed vocabulary, such as a rejection reason.
    package func oneOf<Value: RawRepresentable & CaseIterable>(_: Value.Type) throws(DataFileError) -> Value
    where Value.RawValue == String {
        let raw = try string()
        guard let result = Value(rawValue: raw) else { throw error(.unknownWord(raw, expected: Value.allCases.map(\.rawValue))) }
        return result
    }

    package func identity() throws(DataFileError) -> Identity {
        Identity(kind: try field("kind").oneOf(IdentityKind.self), value: try field("value").string())
    }

    package func key() throws(DataFileError) -> VerificationKey {
        VerificationKey(kid: try optionalField("kid")?.string(), secret: try field("secret").string())
    }
}
