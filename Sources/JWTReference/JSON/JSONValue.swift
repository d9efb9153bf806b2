/// A JSON value (RFC 8259) that preserves what a lossy decoder would discard: the exact text of
/// number literals, and the order and duplicates of object members.
///
/// Equality and hashing are structural and exact: numbers compare by their literal text, strings
/// and member names by their UTF-8 bytes (no Unicode canonical equivalence), and objects member
/// by member in order.
public enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A number, kept as its literal text.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array of values.
    case array([JSONValue])
    /// An object, with its members in document order, duplicates included.
    case object(JSONObject)
}

extension JSONValue {
    /// Whether both values have the same type and the same contents, compared exactly: strings by
    /// their UTF-8 bytes, numbers by their literal text, objects member by member in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a.hasIdenticalUTF8(b)
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }

    /// Hashes the type and the exact contents, in agreement with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeName)
        switch self {
        case .null: break
        case .bool(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): value.hashUTF8(into: &hasher)
        case .array(let elements): hasher.combine(elements)
        case .object(let object): hasher.combine(object)
        }
    }

    /// The string, if this value is a string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The object, if this value is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { value } else { nil }
    }

    /// The elements, if this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The number, if this value is a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The Boolean, if this value is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// Whether this value is `null`.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// The JSON type name: "null", "boolean", "number", "string", "array" or "object".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value of the lexically last member named `key`, if this value is an object that has one.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON serialization of the value.
    public var description: String {
        serialized(style: .compact)
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates a Boolean value.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates a number written as the decimal integer.
    public init(integerLiteral value: Int64) {
        self = .number(JSONNumber(value))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates a string value.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByStringInterpolation {}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates an array value.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates an object whose members are in the order written, duplicates included.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue: Codable {
    /// Decodes any JSON value from a single-value container.
    ///
    /// Through `Decoder` the exact text of numbers, member order and duplicate members are not
    /// available: numbers get the shortest decimal text of the decoded `Int64` or `Double`, and
    /// members are in the order the decoder reports its keys. Use ``JSONParser`` to keep them.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: MemberKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys {
                object.append(key: key.stringValue, value: try keyed.decode(JSONValue.self, forKey: key))
            }
            self = .object(object)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd {
                elements.append(try unkeyed.decode(JSONValue.self))
            }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(JSONNumber(value))
        } else if let value = try? container.decode(Double.self) {
            guard let number = JSONNumber(value) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Non-finite number \(value) is not valid JSON")
            }
            self = .number(number)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Value is not JSON")
        }
    }

    /// Encodes the value. Numbers are encoded as `Int64` when ``JSONNumber/int64Value`` is non-nil and
    /// as `Double` otherwise; of duplicate members only the lexically last is encoded.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let number):
            var container = encoder.singleValueContainer()
            if let value = number.int64Value {
                try container.encode(value)
            } else {
                try container.encode(number.doubleValue)
            }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements {
                try container.encode(element)
            }
        case .object(let object):
            var container = encoder.container(keyedBy: MemberKey.self)
            var lastIndex: [[UInt8]: Int] = [:]
            for (index, member) in object.members.enumerated() {
                lastIndex[Array(member.key.utf8)] = index
            }
            for (index, member) in object.members.enumerated() where lastIndex[Array(member.key.utf8)] == index {
                try container.encode(member.value, forKey: MemberKey(member.key))
            }
        }
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(_ string: String) {
            stringValue = string
        }

        init?(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            return nil
        }
    }
}

/// A JSON number, kept as the exact literal text it was written with.
///
/// `1700000000`, `1700000000.0`, `1.7e9` and `-0` are distinct values: equality and hashing compare
/// the text. Use ``int64Value`` or ``doubleValue`` to compare numerically.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal text, which always matches the RFC 8259 number grammar.
    public let text: String

    /// Creates the number written as the decimal integer `value`.
    public init(_ value: Int64) {
        text = String(value)
    }

    /// Creates the number written as the decimal integer `value`.
    public init(_ value: Int) {
        text = String(value)
    }

    /// Creates the number written as the shortest decimal text that round-trips `value`,
    /// or returns `nil` if `value` is infinite or NaN.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self.init(text: value.description)
    }

    /// Creates a number from its literal text, or returns `nil` if `text` does not match the
    /// RFC 8259 §6 grammar `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    public init?(text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard let end = Self.scan(utf8, from: 0), end == utf8.count else { return nil }
        self.text = String(text)
    }

    /// Creates a number from text already known to match the grammar.
    init(validatedText: String) {
        text = validatedText
    }

    /// Whether the literal has neither a fraction nor an exponent.
    public var isInteger: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The value, if the literal is an integer (see ``isInteger``) that fits in an `Int64`.
    ///
    /// `1.0` and `1e3` are not integer literals and return `nil`; `-0` returns `0`.
    public var int64Value: Int64? {
        isInteger ? Int64(text) : nil
    }

    /// The nearest `Double` to the literal; out-of-range magnitudes give an infinity or zero.
    public var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// The literal text.
    public var description: String {
        text
    }

    /// Returns the index just past the number literal starting at `start`, or `nil` if the bytes
    /// there do not begin with a grammatical number. The literal may be followed by any byte.
    static func scan(_ bytes: some RandomAccessCollection<UInt8>, from start: Int) -> Int? {
        let base = bytes.startIndex
        let count = bytes.count
        var index = start
        func byte(_ index: Int) -> UInt8? {
            index < count ? bytes[bytes.index(base, offsetBy: index)] : nil
        }
        func isDigit(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        if byte(index) == UInt8(ascii: "-") { index += 1 }
        switch byte(index) {
        case UInt8(ascii: "0"):
            index += 1
            if isDigit(byte(index)) { return nil }
        case let digit? where isDigit(digit):
            while isDigit(byte(index)) { index += 1 }
        default:
            return nil
        }
        if byte(index) == UInt8(ascii: ".") {
            index += 1
            guard isDigit(byte(index)) else { return nil }
            while isDigit(byte(index)) { index += 1 }
        }
        if byte(index) == UInt8(ascii: "e") || byte(index) == UInt8(ascii: "E") {
            index += 1
            if byte(index) == UInt8(ascii: "+") || byte(index) == UInt8(ascii: "-") { index += 1 }
            guard isDigit(byte(index)) else { return nil }
            while isDigit(byte(index)) { index += 1 }
        }
        return index
    }
}

/// A JSON object that keeps its members in document order, including members with duplicate names.
///
/// Lookup by name follows RFC 8259 §4 and ECMAScript `JSON.parse`: when a name occurs more than once,
/// the lexically last member wins. `JSONParser.Options.rejectDuplicateKeys` refuses such objects.
///
/// Member names are compared by their UTF-8 bytes everywhere (lookup, duplicates, equality and
/// hashing): `"é"` (U+00E9) and `"e\u0301"` are two names, though Swift's `String ==` equates them.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The members, in order, duplicates included.
    public var members: [(key: String, value: JSONValue)]

    /// Creates an object with `members` in the given order, duplicates included.
    public init(_ members: [(String, JSONValue)]) {
        self.members = members.map { (key: $0.0, value: $0.1) }
    }

    /// Creates an object with `members` in the given order, duplicates included.
    public init(members: [(key: String, value: JSONValue)]) {
        self.members = members
    }

    /// Creates an empty object.
    public init() {
        members = []
    }

    /// Creates an object whose members are in the order written, duplicates included.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The value of the lexically last member named `key`.
    ///
    /// Setting a value replaces the value of the last member named `key` in place, or appends a new
    /// member if there is none; setting `nil` removes every member named `key`.
    public subscript(key: String) -> JSONValue? {
        get {
            var index = members.endIndex
            while index > members.startIndex {
                index -= 1
                if members[index].key.hasIdenticalUTF8(key) { return members[index].value }
            }
            return nil
        }
        set {
            guard let newValue else {
                members.removeAll { $0.key.hasIdenticalUTF8(key) }
                return
            }
            if let index = members.lastIndex(where: { $0.key.hasIdenticalUTF8(key) }) {
                members[index].value = newValue
            } else {
                members.append((key: key, value: newValue))
            }
        }
    }

    /// Appends a member, even if a member with the same name already exists.
    public mutating func append(key: String, value: JSONValue) {
        members.append((key: key, value: value))
    }

    /// The member names in order, duplicates included.
    public var keys: [String] {
        members.map(\.key)
    }

    /// The number of members, duplicates included.
    public var count: Int {
        members.count
    }

    /// Whether the object has no members.
    public var isEmpty: Bool {
        members.isEmpty
    }

    /// Returns an iterator over the members in order, duplicates included.
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }

    /// Whether both objects have the same members in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key.hasIdenticalUTF8($1.key) && $0.value == $1.value }
    }

    /// Hashes the members in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            member.key.hashUTF8(into: &hasher)
            hasher.combine(member.value)
        }
    }
}
