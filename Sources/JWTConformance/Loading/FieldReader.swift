/// Reads typed fields out of a parsed JSON document, turning every mismatch into a
/// ``DataFileError`` that names the file, the enclosing test and the JSON path.
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
        DataFileError(file: file, vectorID: vectorID, path: path ?? self.path, message: message)
    }

    package func object() throws(DataFileError) -> JSONObject {
        guard case .object(let object) = value else {
            throw error("expected an object, found \(value.typeName)")
        }
        return object
    }

    package func with(vectorID: VectorID?) -> FieldReader {
        FieldReader(file: file, path: path, vectorID: vectorID, value: value)
    }

    /// The member `key`, which must be present.
    package func field(_ key: String) throws(DataFileError) -> FieldReader {
        let object = try object()
        guard let member = object[key] else {
            throw error("missing required field \"\(key)\"", at: "\(path).\(key)")
        }
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
        guard case .string(let string) = value else {
            throw error("expected a string, found \(value.typeName)")
        }
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
        guard case .number(let number) = value, let integer = number.int64Value else {
            throw error("expected an integer, found \(value.serialized())")
        }
        return integer
    }

    package func array() throws(DataFileError) -> [FieldReader] {
        guard case .array(let elements) = value else {
            throw error("expected an array, found \(value.typeName)")
        }
        return elements.enumerated().map { index, element in
            FieldReader(file: file, path: "\(path)[\(index)]", vectorID: vectorID, value: element)
        }
    }

    package func strings() throws(DataFileError) -> [String] {
        var strings: [String] = []
        for element in try array() { strings.append(try element.nonEmptyString()) }
        return strings
    }

    /// A value of a closed vocabulary, such as a rejection reason.
    package func oneOf<Value: RawRepresentable & CaseIterable>(_: Value.Type) throws(DataFileError) -> Value
    where Value.RawValue == String {
        let raw = try string()
        guard let result = Value(rawValue: raw) else {
            let allowed = Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw error("unknown value \"\(raw)\"; expected one of \(allowed)")
        }
        return result
    }

    package func identity() throws(DataFileError) -> Identity {
        Identity(kind: try field("kind").oneOf(IdentityKind.self), value: try field("value").string())
    }

    package func key() throws(DataFileError) -> VerificationKey {
        VerificationKey(kid: try optionalField("kid")?.string(), secret: try field("secret").string())
    }
}
