import JWTConformance

/// Reads the members of one protocol message, turning every mismatch into a
/// ``ProtocolViolation`` that names the member. Unknown members are ignored: later protocol
/// versions may add them.
struct MessageFields {
    let object: JSONObject
    /// The path of this object inside the message, such as `identity.` (empty at the top).
    let prefix: String

    init(_ object: JSONObject, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    /// Parses one line as a JSON object.
    init(line: some Collection<UInt8>) throws(ProtocolViolation) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, options: .init(maximumDepth: 16))
        } catch let error where error.kind == .loneSurrogate {
            guard let repaired = LoneSurrogates.replaced(in: line), let parsed = try? JSONParser.parse(repaired, options: .init(maximumDepth: 16)) else {
                throw ProtocolViolation("not JSON (\(error)): \(excerpt(ofLine: line))")
            }
            value = parsed
        } catch {
            throw ProtocolViolation("not JSON (\(error)): \(excerpt(ofLine: line))")
        }
        guard case .object(let object) = value else {
            throw ProtocolViolation("not a JSON object but \(value.typeName == "array" ? "an" : "a") \(value.typeName): \(value.excerpt)")
        }
        self.init(object)
    }

    private func name(_ member: String) -> String { "\"\(prefix)\(member)\"" }

    private func mismatch(_ member: String, _ value: JSONValue, expected: String) -> ProtocolViolation {
        ProtocolViolation("member \(name(member)) is \(value.excerpt) (\(value.typeName)); expected \(expected)")
    }

    /// The member, or nil when it is absent or `null`.
    func value(_ member: String) -> JSONValue? {
        guard let value = object[member], !value.isNull else { return nil }
        return value
    }

    func string(_ member: String) throws(ProtocolViolation) -> String {
        guard let value = value(member) else { throw ProtocolViolation("member \(name(member)) is missing") }
        guard case .string(let string) = value else { throw mismatch(member, value, expected: "a string") }
        return string
    }

    func optionalString(_ member: String) throws(ProtocolViolation) -> String? {
        guard value(member) != nil else { return nil }
        return try string(member)
    }

    func integer(_ member: String) throws(ProtocolViolation) -> Int64 {
        guard let value = value(member) else { throw ProtocolViolation("member \(name(member)) is missing") }
        guard case .number(let number) = value, let integer = number.int64Value else {
            throw mismatch(member, value, expected: "an integer")
        }
        return integer
    }

    func optionalInteger(_ member: String) throws(ProtocolViolation) -> Int64? {
        guard value(member) != nil else { return nil }
        return try integer(member)
    }

    func bool(_ member: String) throws(ProtocolViolation) -> Bool {
        guard let value = value(member) else { throw ProtocolViolation("member \(name(member)) is missing") }
        guard case .bool(let bool) = value else { throw mismatch(member, value, expected: "true or false") }
        return bool
    }

    func object(_ member: String) throws(ProtocolViolation) -> MessageFields {
        guard let value = value(member) else { throw ProtocolViolation("member \(name(member)) is missing") }
        guard case .object(let object) = value else { throw mismatch(member, value, expected: "an object") }
        return MessageFields(object, prefix: "\(prefix)\(member).")
    }

    func objects(_ member: String) throws(ProtocolViolation) -> [MessageFields] {
        guard let value = value(member) else { throw ProtocolViolation("member \(name(member)) is missing") }
        guard case .array(let elements) = value else { throw mismatch(member, value, expected: "an array") }
        var objects: [MessageFields] = []
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                throw mismatch("\(member)[\(index)]", element, expected: "an object")
            }
            objects.append(MessageFields(object, prefix: "\(prefix)\(member)[\(index)]."))
        }
        return objects
    }

    func strings(_ member: String) throws(ProtocolViolation) -> [String] {
        guard let value = value(member) else { throw ProtocolViolation("member \(name(member)) is missing") }
        guard case .array(let elements) = value else { throw mismatch(member, value, expected: "an array of strings") }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let string) = element else {
                throw mismatch("\(member)[\(index)]", element, expected: "a string")
            }
            strings.append(string)
        }
        return strings
    }

    /// A member that must be one of a closed set of words.
    func word<Value: RawRepresentable & CaseIterable>(_ member: String, as _: Value.Type) throws(ProtocolViolation) -> Value
    where Value.RawValue == String {
        let raw = try string(member)
        guard let word = Value(rawValue: raw) else {
            throw ProtocolViolation(
                "member \(name(member)) is \(JSONValue.string(raw).excerpt); expected \(listing(Value.allCases.map(\.rawValue)))"
            )
        }
        return word
    }

    func identity(_ member: String) throws(ProtocolViolation) -> Identity {
        let fields = try object(member)
        return Identity(kind: try fields.word("kind", as: IdentityKind.self), value: try fields.string("value"))
    }

    func key() throws(ProtocolViolation) -> VerificationKey {
        VerificationKey(kid: try optionalString("kid"), secret: try string("secret"))
    }
}

/// `a, b or c`.
func listing(_ words: [String]) -> String {
    guard words.count > 1 else { return words.first ?? "" }
    return words.dropLast().joined(separator: ", ") + " or " + words.last!
}
