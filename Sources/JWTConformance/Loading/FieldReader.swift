/// Reads typed fields out of a parsed JSON document: a vector file, a profile, the rule
/// catalogue, or a testee protocol message. Every mismatch is a ``DataFileError`` that names
/// the file, the enclosing test and the JSON path, and says what was found and what was expected.
package struct FieldReader {
    package let file: String
    package let path: String
    package let vectorID: VectorID?
    package let value: JSONValue

    package init(file: String, path: String = "$", vectorID: VectorID? = nil, value: JSONValue) {
        self.file = file
        self.path = path
        self.vectorID = vectorID
        self.value = value
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
        FieldReader(file: file, path: path, vectorID: vectorID, value: value)
    }

    /// The member `key`, which must be present.
    package func field(_ key: String) throws(DataFileError) -> FieldReader {
        let object = try object()
        guard let member = object[key] else { throw error(.missing, at: "\(path).\(key)") }
        return FieldReader(file: file, path: "\(path).\(key)", vectorID: vectorID, value: member)
    }

    /// The member `key`, or nil when it is absent or `null`.
    package func optionalField(_ key: String) throws(DataFileError) -> FieldReader? {
        let object = try object()
        guard let member = object[key], !member.isNull else { return nil }
        return FieldReader(file: file, path: "\(path).\(key)", vectorID: vectorID, value: member)
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
            FieldReader(file: file, path: "\(path)[\(index)]", vectorID: vectorID, value: element)
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
