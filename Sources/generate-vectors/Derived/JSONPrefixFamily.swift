import JWTConformance

/// Where a JSON text can stop short: the state a reader is in after a proper prefix of a valid
/// text. No proper prefix of a JSON object is a JSON text (RFC 8259 §2), so every state is a
/// refusal a reader must reach without reading past the end of its input.
///
/// The raw values are the permanent row numbers: the vector is `<prefix>-HDR-11NN` or
/// `<prefix>-CLM-11NN`, in the RFC 8259 grammar block.
enum JSONPrefixState: Int, CaseIterable, Sendable {
    case afterMemberComma = 170
    case insideMemberName
    case afterMemberName
    case afterColon
    case arrayOpened
    case insideLiteral
    case afterElement
    case afterElementComma
    case afterMinus
    case insideInteger
    case afterDecimalPoint
    case insideFraction
    case afterExponentMarker
    case afterExponentSign
    case insideExponent
    case insideString
    case afterBackslash
    case insideUnicodeEscape
    case afterHighSurrogateEscape
    case insideMultibyteCharacter
    case objectOpened
    case afterMemberValue

    var description: String {
        switch self {
        case .afterMemberComma: "after the comma between two members"
        case .insideMemberName: "inside a member name"
        case .afterMemberName: "after a member name, before its colon"
        case .afterColon: "after a member's colon, before its value"
        case .arrayOpened: "after the opening bracket of an array"
        case .insideLiteral: "inside the literal true"
        case .afterElement: "after an array element"
        case .afterElementComma: "after the comma between two array elements"
        case .afterMinus: "after the minus sign of a number"
        case .insideInteger: "inside the integer part of a number"
        case .afterDecimalPoint: "after a number's decimal point"
        case .insideFraction: "inside a number's fraction"
        case .afterExponentMarker: "after a number's exponent marker (e)"
        case .afterExponentSign: "after a number's exponent sign"
        case .insideExponent: "inside a number's exponent"
        case .insideString: "inside a string"
        case .afterBackslash: "right after a backslash inside a string"
        case .insideUnicodeEscape: "inside the four hex digits of a \\u escape"
        case .afterHighSurrogateEscape: "right after a high surrogate escape (\\ud83d), before its low half"
        case .insideMultibyteCharacter: "inside a two-byte UTF-8 character (after its lead byte)"
        case .objectOpened: "after the opening brace of a nested object"
        case .afterMemberValue: "after a nested object's member value"
        }
    }
}

/// Derives the cut points: a byte-level model of the RFC 8259 lexer walks one valid text and
/// keeps, for every state, the first prefix that ends in it.
enum JSONPrefixTable {
    /// The ignored member's value: every production the states need, in one valid value.
    static let value = "[true,-1.5e+3,\"a\\u00e9\\ud83d\\ude00\\n\u{E9}\",{\"k\":\"v\",\"n\":null},[]]"

    /// The first prefix length (in bytes) at which each state is reached, for states reached
    /// at or after `start`.
    static func firstPrefixes(of text: [UInt8], from start: Int) -> [JSONPrefixState: Int] {
        var lexer = PrefixLexer()
        var found: [JSONPrefixState: Int] = [:]
        for (offset, byte) in text.enumerated() {
            lexer.consume(byte)
            if offset + 1 > start, let state = lexer.state, found[state] == nil { found[state] = offset + 1 }
        }
        return found
    }
}

/// The lexer state after each byte, as far as ``JSONPrefixState`` tells states apart.
private struct PrefixLexer {
    enum Number { case minus, integer, point, fraction, marker, sign, exponent }
    enum Expect { case nameOrClose, name, colon, value, valueOrClose, separatorOrClose }

    private var containers: [UInt8] = []
    private var expect: Expect = .value
    private var afterComma = false
    private var inString = false
    private var stringIsName = false
    /// 0: none; 1: after the backslash; 2 to 5: after the `u` and that many hex digits minus 2.
    private var escape = 0
    private var escapeValue = 0
    private var afterHighSurrogate = false
    private var continuationBytes = 0
    private var inLiteral = false
    private var number: Number?

    var state: JSONPrefixState? {
        if inString {
            if continuationBytes > 0 { return .insideMultibyteCharacter }
            if escape == 1 { return .afterBackslash }
            if escape >= 2 { return .insideUnicodeEscape }
            if afterHighSurrogate { return .afterHighSurrogateEscape }
            return stringIsName ? .insideMemberName : .insideString
        }
        if inLiteral { return .insideLiteral }
        if let number {
            switch number {
            case .minus: return .afterMinus
            case .integer: return .insideInteger
            case .point: return .afterDecimalPoint
            case .fraction: return .insideFraction
            case .marker: return .afterExponentMarker
            case .sign: return .afterExponentSign
            case .exponent: return .insideExponent
            }
        }
        let inArray = containers.last == UInt8(ascii: "[")
        switch expect {
        case .nameOrClose: return .objectOpened
        case .name: return .afterMemberComma
        case .colon: return .afterMemberName
        case .value: return inArray ? (afterComma ? .afterElementComma : nil) : .afterColon
        case .valueOrClose: return .arrayOpened
        case .separatorOrClose: return inArray ? .afterElement : .afterMemberValue
        }
    }

    mutating func consume(_ byte: UInt8) {
        if inString { return consumeInString(byte) }
        if inLiteral {
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) { return }
            inLiteral = false
            expect = .separatorOrClose
        }
        if let current = number {
            if let next = Self.next(current, byte) {
                number = next
                return
            }
            number = nil
            expect = .separatorOrClose
        }
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return
        case UInt8(ascii: "{"):
            containers.append(byte)
            expect = .nameOrClose
        case UInt8(ascii: "["):
            containers.append(byte)
            expect = .valueOrClose
            afterComma = false
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            containers.removeLast()
            expect = .separatorOrClose
        case UInt8(ascii: ","):
            afterComma = true
            expect = containers.last == UInt8(ascii: "{") ? .name : .value
        case UInt8(ascii: ":"):
            expect = .value
            afterComma = false
        case UInt8(ascii: "\""):
            inString = true
            stringIsName = expect == .name || expect == .nameOrClose
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            number = byte == UInt8(ascii: "-") ? .minus : .integer
        default:
            inLiteral = true
        }
    }

    private mutating func consumeInString(_ byte: UInt8) {
        if continuationBytes > 0 {
            continuationBytes -= 1
            return
        }
        switch escape {
        case 1:
            escape = byte == UInt8(ascii: "u") ? 2 : 0
            escapeValue = 0
            if escape == 0 { afterHighSurrogate = false }
            return
        case 2...5:
            escapeValue = escapeValue * 16 + Int(byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10)
            escape += 1
            if escape == 6 {
                escape = 0
                afterHighSurrogate = (0xD800...0xDBFF).contains(escapeValue)
            }
            return
        default:
            break
        }
        afterHighSurrogate = false
        switch byte {
        case UInt8(ascii: "\\"): escape = 1
        case UInt8(ascii: "\""):
            inString = false
            expect = stringIsName ? .colon : .separatorOrClose
        case 0xC0...0xDF: continuationBytes = 1
        case 0xE0...0xEF: continuationBytes = 2
        case 0xF0...0xF7: continuationBytes = 3
        default: break
        }
    }

    /// The number state after `byte`, or nil when the byte ends the number.
    private static func next(_ state: Number, _ byte: UInt8) -> Number? {
        let digit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        switch (state, byte) {
        case (.minus, _) where digit, (.integer, _) where digit: return .integer
        case (.integer, UInt8(ascii: ".")): return .point
        case (.point, _) where digit, (.fraction, _) where digit: return .fraction
        case (.integer, UInt8(ascii: "e")), (.integer, UInt8(ascii: "E")), (.fraction, UInt8(ascii: "e")), (.fraction, UInt8(ascii: "E")): return .marker
        case (.marker, UInt8(ascii: "+")), (.marker, UInt8(ascii: "-")): return .sign
        case (.marker, _) where digit, (.sign, _) where digit, (.exponent, _) where digit: return .exponent
        default: return nil
        }
    }
}

extension CaseBook {
    /// The valid text with the ignored member holding ``JSONPrefixTable/value``, cut at the first
    /// point of every ``JSONPrefixState`` after the profile's own members, in the header and in
    /// the payload of a validly signed token.
    mutating func addJSONPrefixCases() {
        let v = vendor
        for segment in Segment.allCases {
            let members = v.membersText(segment)
            let text = Array("{\(members),\"\(segment.unknownMember)\":\(JSONPrefixTable.value)}".utf8)
            let found = JSONPrefixTable.firstPrefixes(of: text, from: members.utf8.count + 1)
            for state in JSONPrefixState.allCases {
                guard let length = found[state] else { fatalError("the prefix template never reaches \(state)") }
                add(segment.category, 1000 + state.rawValue,
                    "Derived (RFC 8259 grammar, \(segment.name)): the text stops \(state.description)",
                    rules: ["JWS-JSON-OBJECT"], sources: [Source.rfc8259Grammar], flags: ["robustness"],
                    token: v.token(segment, bytes: Array(text.prefix(length))), expect: .reject(.malformed))
            }
        }
    }
}
