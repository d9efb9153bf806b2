/// A strict RFC 8259 JSON parser that preserves number literals and duplicate object members.
///
/// The parser accepts exactly the JSON text grammar of RFC 8259 encoded as UTF-8, with any value at
/// the top level. It rejects invalid UTF-8 (including overlong forms and encoded surrogates), leading
/// zeros, trailing commas, comments, unescaped control characters, lone surrogate escapes, a byte
/// order mark and anything but whitespace after the value. Nesting is limited by
/// ``Options/maximumDepth`` and parsing is iterative, so deep input throws instead of overflowing
/// the stack.
///
/// ```swift
/// let header = try JSONParser.parse(#"{"alg":"HS256","typ":"JWT"}"#)
/// header["alg"]?.stringValue // "HS256"
/// ```
public struct JSONParser: Sendable {
    /// Limits and policies applied while parsing.
    public struct Options: Sendable, Hashable {
        /// The greatest number of nested arrays and objects accepted; deeper input is an error.
        public var maximumDepth: Int

        /// Whether an object with two members of the same name is an error.
        ///
        /// When `false`, duplicates are kept in order and lookup returns the lexically last one.
        public var rejectDuplicateKeys: Bool

        /// Creates options; the defaults accept 64 levels of nesting and keep duplicate members.
        public init(maximumDepth: Int = 64, rejectDuplicateKeys: Bool = false) {
            self.maximumDepth = maximumDepth
            self.rejectDuplicateKeys = rejectDuplicateKeys
        }
    }

    /// Parses UTF-8 encoded JSON text.
    ///
    /// - Throws: A ``JSONParseError`` describing the first problem, its byte offset and JSON path.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        options: Options = .init()
    ) throws(JSONParseError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { parse(buffer: $0, options: options) }
            ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, options: options) }
        return try result.get()
    }

    /// Parses JSON text.
    ///
    /// - Throws: A ``JSONParseError`` describing the first problem, its byte offset and JSON path.
    public static func parse(_ text: String, options: Options = .init()) throws(JSONParseError) -> JSONValue {
        try parse(text.utf8, options: options)
    }

    private static func parse(
        buffer: UnsafeBufferPointer<UInt8>,
        options: Options
    ) -> Result<JSONValue, JSONParseError> {
        Result { () throws(JSONParseError) in try parse(contiguous: buffer, options: options) }
    }

    /// Locates the members of `bytes` when it is a flat object, one whose member values are all
    /// strings without escapes, numbers, `true`, `false` or `null`, with distinct names without
    /// escapes, at most `members.count` of them. Returns how many members it wrote to `members`,
    /// in document order, or nil for any other text, including every text ``parse(_:options:)``
    /// refuses: such a text is for the full parser, which also says what is wrong with it.
    static func indexFlatObject(_ bytes: UnsafeBufferPointer<UInt8>, into members: UnsafeMutableBufferPointer<FlatMember>) -> Int? {
        var reader = Reader(bytes: bytes, options: Options())
        return try? reader.indexFlatObject(into: members)
    }

    /// Parses UTF-8 encoded JSON text held contiguously.
    static func parse(contiguous bytes: UnsafeBufferPointer<UInt8>, options: Options) throws(JSONParseError) -> JSONValue {
        var reader = Reader(bytes: bytes, options: options)
        return try reader.parseDocument()
    }
}

/// An error thrown when input is not valid JSON text or violates the parser's ``JSONParser/Options``.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The cause of a parse error.
    public enum Kind: Sendable, Hashable {
        /// The input ended inside a value.
        case unexpectedEndOfInput
        /// A byte that cannot appear at this position, such as a trailing comma or a comment.
        case unexpectedByte(UInt8)
        /// A string contains bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// A backslash escape that is not one of those in RFC 8259 §7.
        case invalidEscape
        /// A number that does not match the RFC 8259 §6 grammar, such as one with a leading zero.
        case invalidNumber
        /// Arrays and objects are nested deeper than ``JSONParser/Options/maximumDepth``.
        case depthLimitExceeded
        /// A member name occurs twice in one object while duplicates are rejected.
        case duplicateKey(String)
        /// Something other than whitespace follows the top-level value.
        case trailingData
        /// A string contains an unescaped control character (U+0000 to U+001F).
        case controlCharacterInString
        /// A `\u` escape encodes a high surrogate without a following low surrogate, or a lone low one.
        case loneSurrogate
    }

    /// The cause of the error.
    public var kind: Kind

    /// The byte offset in the input where the problem is.
    public var offset: Int

    /// The JSON path of the value being parsed when the problem was found, such as
    /// `$.testGroups[2].tests[5].id`; `$` is the top-level value.
    public var path: String

    /// Creates an error of `kind` at the byte `offset` of the input and the JSON `path`.
    public init(_ kind: Kind, offset: Int, path: String) {
        self.kind = kind
        self.offset = offset
        self.path = path
    }

    /// A message naming the offset, the path and the cause, such as
    /// "invalid JSON at offset 16, path $.a[1].b: unexpected byte '}' (0x7D)".
    public var description: String {
        "invalid JSON at offset \(offset), path \(path): \(reason)"
    }

    /// The cause in words, without the place, such as "unexpected byte '}' (0x7D)" or
    /// "duplicate member name \"alg\"".
    public var reason: String {
        switch kind {
        case .unexpectedEndOfInput:
            "unexpected end of input"
        case .unexpectedByte(let byte):
            "unexpected \(Self.describe(byte))"
        case .invalidUTF8:
            "invalid UTF-8 in string"
        case .invalidEscape:
            "invalid escape sequence in string"
        case .invalidNumber:
            "invalid number"
        case .depthLimitExceeded:
            "arrays and objects nested deeper than the depth limit"
        case .duplicateKey(let key):
            "duplicate member name \(JSONValue.string(key).serialized())"
        case .trailingData:
            "unexpected data after the top-level value"
        case .controlCharacterInString:
            "unescaped control character in string"
        case .loneSurrogate:
            "lone surrogate in \\u escape"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        let code = "0x" + (hex.count < 2 ? "0" + hex : hex)
        if (0x21...0x7E).contains(byte) {
            return "byte '\(Character(Unicode.Scalar(byte)))' (\(code))"
        }
        return "byte \(code)"
    }
}

extension JSONParser {
    /// The parser state. Containers under construction are kept on explicit stacks rather than the
    /// call stack, so nesting depth is bounded only by ``Options/maximumDepth``. The innermost one
    /// is kept apart from the stacks, so a document with no nested container allocates no stack.
    private struct Reader {
        /// An array or object under construction.
        struct Frame {
            var isObject: Bool
            /// Whether a member's value or an element is being parsed.
            var inElement: Bool
        }

        /// A container enclosing the innermost one, with what it holds so far.
        struct Enclosing {
            var frame: Frame
            /// For an object, the name of the member whose value is being parsed.
            var key: String
            var members: [(key: String, value: JSONValue)]
            var elements: [JSONValue]
        }

        let bytes: UnsafeBufferPointer<UInt8>
        let options: Options
        var index = 0
        /// The innermost container under construction, if any.
        var top: Frame?
        /// When `top` is an object, the name of the member whose value is being parsed.
        var key = ""
        /// The members of `top`, when it is an object.
        var members: [(key: String, value: JSONValue)] = []
        /// The elements of `top`, when it is an array.
        var elements: [JSONValue] = []
        /// The containers enclosing `top`, outermost first.
        var enclosing: [Enclosing] = []
        var keySets: [Set<[UInt8]>] = []
        var scratch: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, options: Options) {
            self.bytes = bytes
            self.options = options
        }

        mutating func parseDocument() throws(JSONParseError) -> JSONValue {
            parsing: while true {
                skipWhitespace()
                guard index < bytes.count else { throw error(.unexpectedEndOfInput, at: index) }
                var value: JSONValue
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    try enterContainer()
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        value = .object(JSONObject())
                    } else {
                        push(Frame(isObject: true, inElement: false))
                        if options.rejectDuplicateKeys { keySets.append([]) }
                        try readMemberName()
                        continue parsing
                    }
                case UInt8(ascii: "["):
                    try enterContainer()
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        value = .array([])
                    } else {
                        push(Frame(isObject: false, inElement: true))
                        continue parsing
                    }
                case UInt8(ascii: "\""):
                    value = .string(try readString())
                case UInt8(ascii: "t"):
                    try readLiteral("true")
                    value = .bool(true)
                case UInt8(ascii: "f"):
                    try readLiteral("false")
                    value = .bool(false)
                case UInt8(ascii: "n"):
                    try readLiteral("null")
                    value = .null
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    value = .number(try readNumber())
                case let byte:
                    throw error(.unexpectedByte(byte), at: index)
                }

                while true {
                    guard let frame = top else {
                        skipWhitespace()
                        guard index == bytes.count else { throw error(.trailingData, at: index) }
                        return value
                    }
                    if frame.isObject {
                        var name = ""
                        swap(&name, &key)
                        members.append((key: name, value: value))
                    } else {
                        elements.append(value)
                    }
                    top!.inElement = false

                    skipWhitespace()
                    guard index < bytes.count else { throw error(.unexpectedEndOfInput, at: index) }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        if frame.isObject {
                            skipWhitespace()
                            try readMemberName()
                        } else {
                            top!.inElement = true
                        }
                        continue parsing
                    } else if frame.isObject, byte == UInt8(ascii: "}") {
                        index += 1
                        if options.rejectDuplicateKeys { keySets.removeLast() }
                        var taken: [(key: String, value: JSONValue)] = []
                        swap(&taken, &members)
                        value = .object(JSONObject(members: taken))
                        pop()
                    } else if !frame.isObject, byte == UInt8(ascii: "]") {
                        index += 1
                        var taken: [JSONValue] = []
                        swap(&taken, &elements)
                        value = .array(taken)
                        pop()
                    } else {
                        throw error(.unexpectedByte(byte), at: index)
                    }
                }
            }
        }

        /// Makes `frame` the innermost container, with no members or elements yet: a finished
        /// container's members or elements are taken whole, so both are empty here.
        private mutating func push(_ frame: Frame) {
            if let outer = top {
                var saved = Enclosing(frame: outer, key: "", members: [], elements: [])
                swap(&saved.key, &key)
                if outer.isObject { swap(&saved.members, &members) } else { swap(&saved.elements, &elements) }
                enclosing.append(saved)
            }
            top = frame
            if frame.isObject {
                members = []
                members.reserveCapacity(8)
            } else {
                elements = []
            }
        }

        /// Ends the innermost container, whose value has been taken: its enclosing one, if any,
        /// becomes the innermost.
        private mutating func pop() {
            guard var saved = enclosing.popLast() else {
                top = nil
                return
            }
            top = saved.frame
            swap(&saved.key, &key)
            if saved.frame.isObject { swap(&saved.members, &members) } else { swap(&saved.elements, &elements) }
        }

        /// The flat-object index of ``JSONParser/indexFlatObject(_:into:)``; nil, or an error,
        /// for a text that is not a flat object.
        mutating func indexFlatObject(into members: UnsafeMutableBufferPointer<FlatMember>) throws(JSONParseError) -> Int? {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
            index += 1
            skipWhitespace()
            var count = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    guard count < members.count, index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
                    let nameStart = index + 1
                    guard try !scanString() else { return nil }
                    let name = nameStart..<(index - 1)
                    for earlier in members[..<count] where bytes.hasSameBytes(earlier.name, name) { return nil }
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                    index += 1
                    skipWhitespace()
                    guard index < bytes.count else { return nil }
                    let valueStart = index
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard try !scanString() else { return nil }
                    case UInt8(ascii: "t"):
                        try readLiteral("true")
                    case UInt8(ascii: "f"):
                        try readLiteral("false")
                    case UInt8(ascii: "n"):
                        try readLiteral("null")
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        guard let end = JSONNumber.scan(bytes, from: index) else { return nil }
                        index = end
                    default:
                        return nil
                    }
                    members[count] = FlatMember(name: name, value: valueStart..<index)
                    count += 1
                    skipWhitespace()
                    guard index < bytes.count else { return nil }
                    guard bytes[index] == UInt8(ascii: ",") else { break }
                    index += 1
                    skipWhitespace()
                }
                guard bytes[index] == UInt8(ascii: "}") else { return nil }
                index += 1
            }
            skipWhitespace()
            return index == bytes.count ? count : nil
        }

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    index += 1
                default:
                    return
                }
            }
        }

        private func enterContainer() throws(JSONParseError) {
            let depth = top == nil ? 0 : enclosing.count + 1
            guard depth < options.maximumDepth else { throw error(.depthLimitExceeded, at: index) }
        }

        /// Reads `"name"` and the following colon of an object member, at the current index.
        private mutating func readMemberName() throws(JSONParseError) {
            guard index < bytes.count else { throw error(.unexpectedEndOfInput, at: index) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error(.unexpectedByte(bytes[index]), at: index) }
            let start = index
            key = try readString()
            top!.inElement = true
            if options.rejectDuplicateKeys {
                guard keySets[keySets.count - 1].insert(Array(key.utf8)).inserted else {
                    throw error(.duplicateKey(key), at: start)
                }
            }
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEndOfInput, at: index) }
            guard bytes[index] == UInt8(ascii: ":") else { throw error(.unexpectedByte(bytes[index]), at: index) }
            index += 1
        }

        private mutating func readLiteral(_ literal: StaticString) throws(JSONParseError) {
            let count = literal.utf8CodeUnitCount
            let expected = literal.utf8Start
            for offset in 0..<count {
                guard index < bytes.count else { throw error(.unexpectedEndOfInput, at: index) }
                guard bytes[index] == expected[offset] else { throw error(.unexpectedByte(bytes[index]), at: index) }
                index += 1
            }
        }

        private mutating func readNumber() throws(JSONParseError) -> JSONNumber {
            guard let end = JSONNumber.scan(bytes, from: index) else { throw error(.invalidNumber, at: index) }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
            index = end
            return JSONNumber(validatedText: text)
        }

        /// Reads a string starting at the opening quote at the current index.
        ///
        /// A string without escapes is validated in place and copied once; one with escapes is
        /// assembled in `scratch`, runs of unescaped bytes copied whole.
        private mutating func readString() throws(JSONParseError) -> String {
            let start = index + 1
            guard try scanString() else {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
            }
            return String(decoding: scratch, as: UTF8.self)
        }

        /// Validates the string whose opening quote is at the current index and moves past its
        /// closing quote; returns whether it has escapes, its text then assembled in `scratch`.
        private mutating func scanString() throws(JSONParseError) -> Bool {
            let start = index + 1
            var runStart = start
            var escaped = false
            var position = start
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    index = position + 1
                    if escaped { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
                    return escaped
                case UInt8(ascii: "\\"):
                    if !escaped {
                        scratch.removeAll(keepingCapacity: true)
                        escaped = true
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    position = try readEscape(at: position)
                    runStart = position
                case 0..<0x20:
                    throw error(.controlCharacterInString, at: position)
                case 0x20..<0x80:
                    position += 1
                default:
                    position += try validateUTF8Sequence(at: position)
                }
            }
            throw error(.unexpectedEndOfInput, at: position)
        }

        /// Decodes the escape sequence whose backslash is at `start` into `scratch`; returns the index after it.
        private mutating func readEscape(at start: Int) throws(JSONParseError) -> Int {
            guard start + 1 < bytes.count else { throw error(.unexpectedEndOfInput, at: bytes.count) }
            let replacement: UInt8
            switch bytes[start + 1] {
            case UInt8(ascii: "\""): replacement = UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): replacement = UInt8(ascii: "\\")
            case UInt8(ascii: "/"): replacement = UInt8(ascii: "/")
            case UInt8(ascii: "b"): replacement = 0x08
            case UInt8(ascii: "f"): replacement = 0x0C
            case UInt8(ascii: "n"): replacement = 0x0A
            case UInt8(ascii: "r"): replacement = 0x0D
            case UInt8(ascii: "t"): replacement = 0x09
            case UInt8(ascii: "u"):
                return try readUnicodeEscape(at: start)
            default:
                throw error(.invalidEscape, at: start)
            }
            scratch.append(replacement)
            return start + 2
        }

        private mutating func readUnicodeEscape(at start: Int) throws(JSONParseError) -> Int {
            let unit = try readHexQuad(escapeAt: start)
            var end = start + 6
            let scalarValue: UInt32
            switch unit {
            case 0xD800...0xDBFF:
                guard end + 1 < bytes.count,
                    bytes[end] == UInt8(ascii: "\\"), bytes[end + 1] == UInt8(ascii: "u")
                else { throw error(.loneSurrogate, at: start) }
                let low = try readHexQuad(escapeAt: end)
                guard (0xDC00...0xDFFF).contains(low) else { throw error(.loneSurrogate, at: start) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                end += 6
            case 0xDC00...0xDFFF:
                throw error(.loneSurrogate, at: start)
            default:
                scalarValue = UInt32(unit)
            }
            scratch.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalarValue)!)!)
            return end
        }

        /// Reads the four hex digits of the `\u` escape whose backslash is at `start`.
        private func readHexQuad(escapeAt start: Int) throws(JSONParseError) -> UInt16 {
            var value: UInt16 = 0
            for position in (start + 2)..<(start + 6) {
                guard position < bytes.count else { throw error(.unexpectedEndOfInput, at: bytes.count) }
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error(.invalidEscape, at: start)
                }
                value = value << 4 | UInt16(digit)
            }
            return value
        }

        /// Returns the length of the well-formed UTF-8 sequence (RFC 3629 §4) starting at `start`.
        private func validateUTF8Sequence(at start: Int) throws(JSONParseError) -> Int {
            func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
                start + offset < bytes.count && range.contains(bytes[start + offset])
            }
            let valid: Bool
            let length: Int
            switch bytes[start] {
            case 0xC2...0xDF:
                length = 2
                valid = continuation(1)
            case 0xE0:
                length = 3
                valid = continuation(1, 0xA0...0xBF) && continuation(2)
            case 0xE1...0xEC, 0xEE...0xEF:
                length = 3
                valid = continuation(1) && continuation(2)
            case 0xED:
                length = 3
                valid = continuation(1, 0x80...0x9F) && continuation(2)
            case 0xF0:
                length = 4
                valid = continuation(1, 0x90...0xBF) && continuation(2) && continuation(3)
            case 0xF1...0xF3:
                length = 4
                valid = continuation(1) && continuation(2) && continuation(3)
            case 0xF4:
                length = 4
                valid = continuation(1, 0x80...0x8F) && continuation(2) && continuation(3)
            default:
                length = 1
                valid = false
            }
            guard valid else { throw error(.invalidUTF8, at: start) }
            return length
        }

        private func error(_ kind: JSONParseError.Kind, at offset: Int) -> JSONParseError {
            JSONParseError(kind, offset: offset, path: currentPath())
        }

        /// The JSON path of the value being parsed, derived from the container stacks.
        private func currentPath() -> String {
            let containers = enclosing + (top.map { [Enclosing(frame: $0, key: key, members: members, elements: elements)] } ?? [])
            var path = "$"
            for container in containers {
                guard container.frame.inElement else { break }
                path += container.frame.isObject ? JSONPath.component(container.key) : "[\(container.elements.count)]"
            }
            return path
        }
    }
}

/// Formatting of JSON path components.
enum JSONPath {
    /// Returns `.name` for identifier-like names and `["name"]` otherwise.
    static func component(_ key: String) -> String {
        let utf8 = key.utf8
        let isIdentifier = !utf8.isEmpty && utf8.enumerated().allSatisfy { offset, byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"), UInt8(ascii: "$"):
                true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                offset > 0
            default:
                false
            }
        }
        return isIdentifier ? "." + key : "[" + JSONValue.string(key).serialized() + "]"
    }
}

/// A member of a flat JSON object (see ``JSONParser/indexFlatObject(_:into:)``), located in the
/// object's text.
struct FlatMember {
    /// The bytes of the name, between its quotes.
    var name: Range<Int>
    /// The bytes of the value: a string with its quotes, a number, `true`, `false` or `null`.
    var value: Range<Int>

    /// The value, read from `text`, the object's text the member was located in.
    func value(in text: UnsafeBufferPointer<UInt8>) -> JSONValue {
        let bytes = UnsafeBufferPointer(rebasing: text[value])
        switch bytes.first {
        case UInt8(ascii: "\""): return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes.dropFirst().dropLast()), as: UTF8.self))
        case UInt8(ascii: "t"): return .bool(true)
        case UInt8(ascii: "f"): return .bool(false)
        case UInt8(ascii: "n"): return .null
        default: return .number(JSONNumber(validatedText: String(decoding: bytes, as: UTF8.self)))
        }
    }
}
