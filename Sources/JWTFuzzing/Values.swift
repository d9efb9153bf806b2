import JWTConformance

/// The interesting values mutations draw from.
enum Values {
    static let algorithms: [JSONValue] = [
        "HS256", "none", "None", "NONE", "HS384", "HS512", "RS256", "ES256", "hs256", "HS256 ", " HS256", "",
        "HS256\u{0}", .null, 256, ["HS256"], [:],
    ]

    static let types: [JSONValue] = ["JWT", "jwt", "Jwt", "application/jwt", "JWS", "at+jwt", "", .null, 1, ["JWT"]]

    static func keyIDs(_ kids: [String]) -> [JSONValue] {
        kids.map(JSONValue.string) + kids.map { .string($0.uppercased()) } + kids.map { .string($0 + " ") }
            + ["unknown-kid", "", .null, 5, ["app"], [:]]
    }

    static let critical: [JSONValue] = [["exp"], [], "b64", ["alg"], ["x-extension"], [1], ["b64"], [:], .null]

    static func scopes(_ value: String) -> [JSONValue] {
        [.string(value), .string(value.uppercased()), .string(value.capitalized), .string(value + " "), "appUser", "app", "", .null, [.string(value)], 1]
    }

    /// One value of every JSON type, with edge cases.
    static let anyType: [JSONValue] = [
        .null, true, false, 0, -1, 12345, .number(JSONNumber(text: "1.5")!), .number(JSONNumber(text: "1e3")!),
        "", "x", [], ["x"], [:], ["a": "b"],
    ]

    static let strings: [JSONValue] = identityTexts.map(JSONValue.string)
    /// ``anyType`` followed by ``strings``.
    static let anyTypeOrString: [JSONValue] = anyType + strings

    /// Identity values: unicode, long, numeric-looking, whitespace, escapes.
    static let identityTexts: [String] = [
        "cust-1", "12345", "0012", "-0", "1e3", "9007199254740993", "José", "Jose\u{301}", "用户-😀", "\u{202E}txet",
        "a\u{0}b", "tab\there", "line\nbreak", "quote\"back\\slash", " padded ", "x", "</script>",
        "jane.doe@example.com", "JANE.DOE@EXAMPLE.COM", "\u{FEFF}bom", "\u{10FFFF}",
        String(repeating: "long-", count: 200), String(repeating: "é", count: 1000),
    ]

    /// Offsets from a time claim or the clock, around the edges of the profiles' windows.
    static let timeOffsets: [Int64] = [
        0, 1, -1, 2, -2, 30, -30, 60, -60, 899, -899, 900, -900, 901, -901, 3600, -3600, 86_400, -86_400,
        31_536_000, -31_536_000,
    ]

    /// How many ``oddTime(_:now:)`` values there are.
    static let oddTimeCount = 13

    /// Time value `index` of those that are not plain seconds near the clock.
    static func oddTime(_ index: Int, now: UnixTime) -> JSONValue {
        switch index {
        case 0: .number(JSONNumber(now &* 1000))
        case 1: 0
        case 2: -1
        case 3: .number(JSONNumber(Int64.max))
        case 4: .number(JSONNumber(Int64.min))
        case 5: .number(JSONNumber(text: "\(now).5")!)
        case 6: .number(JSONNumber(text: "\(now).0")!)
        case 7: .number(JSONNumber(text: "1e300")!)
        case 8: .number(JSONNumber(text: "\(now)e0")!)
        case 9: .string("\(now)")
        case 10: .null
        case 11: true
        default: [.number(JSONNumber(now))]
        }
    }

    /// Secrets whose UTF-8 bytes differ from what a careless implementation would use.
    static let secrets: [String] = [
        "sëcret-with-ümlauts-0123456789", "c2VjcmV0LWxvb2tzLWxpa2UtYmFzZTY0", "secret with spaces and = signs",
        "秘密の鍵-秘密の鍵-秘密の鍵", String(repeating: "k", count: 200),
    ]
}

/// Mutations of a JSON text as bytes: whitespace, escapes, and every way to make it not JSON.
enum TextMutations {
    /// The text after one mutation, what was done, and the rule it exercises.
    static func apply(to text: [UInt8], using random: inout SplitMix64) -> ([UInt8], String, String) {
        switch random.below(14) {
        case 0:
            let whitespace = random.pick([" ", "\n", "\t", "\r\n", "  "])
            let boundaries = structuralBoundaries(text)
            let position = boundaries.isEmpty ? 0 : random.pick(boundaries)
            return (insert(Array(whitespace.utf8), into: text, at: position), "whitespace \(JSONValue.string(whitespace).serialized())", "JWS-JSON-OBJECT")
        case 1:
            return (escapeFirstLetter(text), "a letter inside a string written as \\u escape", "JWT-STRING-EXACT")
        case 2:
            guard let close = text.lastIndex(of: UInt8(ascii: "}")) else { break }
            return (insert([UInt8(ascii: ",")], into: text, at: close), "trailing comma", "JWS-JSON-OBJECT")
        case 3:
            return (insert(Array("/*c*/".utf8), into: text, at: structuralBoundaries(text).first ?? 0), "a comment", "JWS-JSON-OBJECT")
        case 4:
            return ([0xEF, 0xBB, 0xBF] + text, "byte order mark", "JWS-JSON-OBJECT")
        case 5:
            return (text + Array(random.pick(["x", "{}", "\u{0}", ",", "]"]).utf8), "trailing data", "JWS-JSON-OBJECT")
        case 6:
            guard text.count > 1 else { break }
            return (Array(text.prefix(random.below(text.count))), "truncated", "JWS-JSON-OBJECT")
        case 7:
            let bytes = random.pick([[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82]] as [[UInt8]])
            guard let quote = stringInterior(text, using: &random) else { break }
            return (insert(bytes, into: text, at: quote), "invalid UTF-8 " + bytes.map { String($0, radix: 16) }.joined(separator: " "), "JWS-JSON-UTF8")
        case 8:
            guard let quote = stringInterior(text, using: &random) else { break }
            let control = random.pick([[0x00], [0x0A], [0x1F], [0x7F]] as [[UInt8]])
            return (insert(control, into: text, at: quote), "raw control byte \(control[0]) in a string", "JWS-JSON-OBJECT")
        case 9:
            return (Array(random.pick(["[", "[[", " ["]).utf8) + text + Array("]".utf8).prefix(1), "wrapped in an array", "JWS-JSON-OBJECT")
        case 10:
            return (Array(random.pick(["null", "\"x\"", "123", "[]", "", " ", "{}"]).utf8), "replaced by a non-object", "JWS-JSON-OBJECT")
        case 11:
            guard let open = text.firstIndex(of: UInt8(ascii: "{")) else { break }
            let depth = random.pick([62, 63, 64, 65, 100, 1_000])
            let nested = "\"n\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + ","
            return (insert(Array(nested.utf8), into: text, at: open + 1), "an array nested \(depth) deep", "JWS-SIZE-LIMIT")
        case 12:
            guard let quote = stringInterior(text, using: &random) else { break }
            let escape = random.pick(["\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\/", "\\x41", "\\'"])
            return (insert(Array(escape.utf8), into: text, at: quote), "escape \(escape) in a string", "JWT-STRING-EXACT")
        default:
            return (text.map { $0 == UInt8(ascii: "\"") ? UInt8(ascii: "'") : $0 }, "single quotes", "JWS-JSON-OBJECT")
        }
        return (text, "", "")
    }

    private static func insert(_ bytes: [UInt8], into text: [UInt8], at position: Int) -> [UInt8] {
        var edited = text
        edited.insert(contentsOf: bytes, at: min(max(position, 0), text.count))
        return edited
    }

    /// Offsets just after `{`, `[`, `,` and `:` outside strings, and the two ends: where JSON allows whitespace.
    private static func structuralBoundaries(_ text: [UInt8]) -> [Int] {
        var offsets = [0, text.count]
        var inString = false
        var escaped = false
        for (offset, byte) in text.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: ":")].contains(byte) {
                offsets.append(offset + 1)
            }
        }
        return offsets
    }

    /// An offset just after an opening quote.
    private static func stringInterior(_ text: [UInt8], using random: inout SplitMix64) -> Int? {
        let quotes = text.indices.filter { text[$0] == UInt8(ascii: "\"") }
        return quotes.isEmpty ? nil : random.pick(quotes) + 1
    }

    /// The text with the first ASCII letter inside a string written as `\u00XX`.
    private static func escapeFirstLetter(_ text: [UInt8]) -> [UInt8] {
        var inString = false
        for (offset, byte) in text.enumerated() {
            if byte == UInt8(ascii: "\"") { inString.toggle(); continue }
            if inString, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) {
                let hex = String(byte, radix: 16)
                return Array(text[..<offset]) + Array("\\u00\(hex)".utf8) + Array(text[(offset + 1)...])
            }
        }
        return text
    }
}
