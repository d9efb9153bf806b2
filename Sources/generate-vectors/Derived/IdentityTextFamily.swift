import JWTConformance

/// One way of writing characters inside the identity claim's JSON string.
struct IdentityTextRow {
    /// The permanent row number: the vector is `<prefix>-CLM-13NN` (escapes) or `-14NN` (raw UTF-8).
    var number: Int
    var description: String
    /// The bytes between the quotes, after the `cust-` prefix.
    var raw: [UInt8]
    /// The identity the bytes spell, or nil when they are not a JSON string of Unicode text.
    var meaning: String?
    var source: String
}

/// Escapes and UTF-8 forms at the edges of RFC 8259 §7 and of the Unicode well-formedness table,
/// written in the identity so that a reader which decodes them wrongly names another customer.
enum IdentityTextTable {
    static func scalar(_ value: UInt32) -> String { String(Unicode.Scalar(value)!) }

    static func escape(_ number: Int, _ text: String, _ meaning: String, _ description: String) -> IdentityTextRow {
        IdentityTextRow(number: number, description: description, raw: Array(text.utf8), meaning: meaning, source: "RFC 8259 §7")
    }

    static let escapes: [IdentityTextRow] = [
        escape(1, "\\\"", "\"", "the escape \\\" (quotation mark)"),
        escape(2, "\\\\", "\\", "the escape \\\\ (reverse solidus)"),
        escape(3, "\\/", "/", "the escape \\/ (solidus)"),
        escape(4, "\\b", "\u{8}", "the escape \\b (backspace, U+0008)"),
        escape(5, "\\f", "\u{C}", "the escape \\f (form feed, U+000C)"),
        escape(6, "\\n", "\n", "the escape \\n (line feed, U+000A)"),
        escape(7, "\\r", "\r", "the escape \\r (carriage return, U+000D)"),
        escape(8, "\\t", "\t", "the escape \\t (tab, U+0009)"),
        escape(9, "\\u0123\\u4567", "\u{123}\u{4567}", "\\u escapes of the hex digits 0 to 7"),
        escape(10, "\\u89ab\\ucdef", "\u{89AB}\u{CDEF}", "\\u escapes of the hex digits 8, 9 and a to f"),
        escape(11, "\\u89AB\\uCDEF", "\u{89AB}\u{CDEF}", "\\u escapes of the hex digits A to F in upper case"),
        escape(12, "\\u001f\\u0020\\u007f", "\u{1F} \u{7F}", "\\u escapes of U+001F, U+0020 and U+007F"),
        escape(13, "\\ud7ff\\ue000", "\u{D7FF}\u{E000}", "\\u escapes of U+D7FF and U+E000, either side of the surrogates"),
        escape(14, "\\ud800\\udc00", scalar(0x10000), "the surrogate pair for U+10000, the first astral character"),
        escape(15, "\\udbff\\udffd", scalar(0x10FFFD), "the surrogate pair for U+10FFFD, near the last code point"),
        escape(16, "\\uFFFD\\u00e9", "\u{FFFD}\u{E9}", "\\u escapes of U+FFFD and U+00E9"),
        escape(17, "a\\u0062c", "abc", "a \\u escape of an ASCII letter between raw letters"),
        escape(18, "\\u0041 \u{7F}", "A \u{7F}", "a space and a raw DEL (U+007F) after a \\u escape"),
        escape(19, "\\ud800\\udfff", scalar(0x103FF), "the first high surrogate with the last low surrogate (U+103FF)"),
        escape(20, "\\udbff\\udc00", scalar(0x10FC00), "the last high surrogate with the first low surrogate (U+10FC00)"),
        IdentityTextRow(number: 30, description: "\\u followed by a space inside the four digits", raw: Array("\\u00 e".utf8),
                        meaning: nil, source: "RFC 8259 §7"),
        IdentityTextRow(number: 31, description: "\\u with the hex digit G", raw: Array("\\u00G1".utf8), meaning: nil, source: "RFC 8259 §7"),
        IdentityTextRow(number: 32, description: "\\u with the character after 9 (:)", raw: Array("\\u00:1".utf8), meaning: nil, source: "RFC 8259 §7"),
        IdentityTextRow(number: 33, description: "\\u with the character before A (@)", raw: Array("\\u00@1".utf8), meaning: nil, source: "RFC 8259 §7"),
        IdentityTextRow(number: 34, description: "\\u with the character before a (`)", raw: Array("\\u00`1".utf8), meaning: nil, source: "RFC 8259 §7"),
        IdentityTextRow(number: 35, description: "\\u with the character before 0 (/)", raw: Array("\\u00/1".utf8), meaning: nil, source: "RFC 8259 §7"),
        IdentityTextRow(number: 36, description: "a high surrogate escape followed by a non-surrogate escape", raw: Array("\\ud800\\u0041".utf8),
                        meaning: nil, source: Source.rfc8259Unicode),
        IdentityTextRow(number: 37, description: "a high surrogate escape followed by a second high surrogate", raw: Array("\\ud800\\udbff".utf8),
                        meaning: nil, source: Source.rfc8259Unicode),
        IdentityTextRow(number: 38, description: "a high surrogate escape followed by a raw character", raw: Array("\\udbffx".utf8),
                        meaning: nil, source: Source.rfc8259Unicode),
        IdentityTextRow(number: 39, description: "two low surrogate escapes (\\udc00\\udc00)", raw: Array("\\udc00\\udc00".utf8),
                        meaning: nil, source: Source.rfc8259Unicode),
        IdentityTextRow(number: 40, description: "a lone escape of the last low surrogate (\\udfff)", raw: Array("\\udfff".utf8),
                        meaning: nil, source: Source.rfc8259Unicode),
        IdentityTextRow(number: 41, description: "a high surrogate escape followed by \\ue000, just above the low surrogates",
                        raw: Array("\\ud800\\ue000".utf8), meaning: nil, source: Source.rfc8259Unicode),
        IdentityTextRow(number: 42, description: "a high surrogate escape followed by xudc00 (a low half without its backslash)",
                        raw: Array("\\ud800xudc00".utf8), meaning: nil, source: Source.rfc8259Unicode),
        IdentityTextRow(number: 43, description: "a high surrogate escape followed by \\Udc00 (an upper-case U)",
                        raw: Array("\\ud800\\Udc00".utf8), meaning: nil, source: "RFC 8259 §7"),
    ]

    static func utf8(_ number: Int, _ bytes: [UInt8], _ meaning: UInt32?, _ description: String) -> IdentityTextRow {
        IdentityTextRow(number: number, description: description, raw: bytes, meaning: meaning.map(scalar), source: Source.rfc8259UTF8)
    }

    /// The well-formed UTF-8 byte sequences of the Unicode Standard's Table 3-7, at each range's
    /// edges, and the ill-formed sequences just outside them.
    static let utf8Edges: [IdentityTextRow] = [
        utf8(1, [0x7F], 0x7F, "U+007F, the last one-byte character"),
        utf8(2, [0xC2, 0x80], 0x80, "U+0080 (C2 80), the first two-byte character"),
        utf8(3, [0xDF, 0xBF], 0x7FF, "U+07FF (DF BF), the last two-byte character"),
        utf8(4, [0xE0, 0xA0, 0x80], 0x800, "U+0800 (E0 A0 80), the first three-byte character"),
        utf8(5, [0xE0, 0xBF, 0xBF], 0xFFF, "U+0FFF (E0 BF BF)"),
        utf8(6, [0xE1, 0x80, 0x80], 0x1000, "U+1000 (E1 80 80)"),
        utf8(7, [0xEC, 0xBF, 0xBF], 0xCFFF, "U+CFFF (EC BF BF)"),
        utf8(8, [0xED, 0x80, 0x80], 0xD000, "U+D000 (ED 80 80)"),
        utf8(9, [0xED, 0x9F, 0xBF], 0xD7FF, "U+D7FF (ED 9F BF), the last character before the surrogates"),
        utf8(10, [0xEE, 0x80, 0x80], 0xE000, "U+E000 (EE 80 80), the first character after the surrogates"),
        utf8(11, [0xEF, 0xBF, 0xBD], 0xFFFD, "U+FFFD (EF BF BD)"),
        utf8(12, [0xF0, 0x90, 0x80, 0x80], 0x10000, "U+10000 (F0 90 80 80), the first four-byte character"),
        utf8(13, [0xF0, 0xBF, 0xBF, 0xBF], 0x3FFFF, "U+3FFFF (F0 BF BF BF)"),
        utf8(14, [0xF1, 0x80, 0x80, 0x80], 0x40000, "U+40000 (F1 80 80 80)"),
        utf8(15, [0xF3, 0xBF, 0xBF, 0xBF], 0xFFFFF, "U+FFFFF (F3 BF BF BF)"),
        utf8(16, [0xF4, 0x80, 0x80, 0x80], 0x100000, "U+100000 (F4 80 80 80)"),
        utf8(17, [0xF4, 0x8F, 0xBF, 0xBD], 0x10FFFD, "U+10FFFD (F4 8F BF BD)"),
        utf8(30, [0xC1, 0xBF], nil, "C1 BF, an overlong two-byte form"),
        utf8(31, [0xC2, 0x7F], nil, "C2 7F, a lead byte followed by a non-continuation byte"),
        utf8(32, [0xC2, 0xC0], nil, "C2 C0, a lead byte followed by another lead byte"),
        utf8(33, [0xE0, 0x9F, 0xBF], nil, "E0 9F BF, an overlong three-byte form"),
        utf8(34, [0xE0, 0xC0, 0x80], nil, "E0 C0 80, a second byte above the continuation range"),
        utf8(35, [0xED, 0xBF, 0xBF], nil, "ED BF BF, the encoded surrogate U+DFFF"),
        utf8(36, [0xEE, 0x80, 0x7F], nil, "EE 80 7F, a third byte below the continuation range"),
        utf8(37, [0xF0, 0x8F, 0xBF, 0xBF], nil, "F0 8F BF BF, an overlong four-byte form"),
        utf8(38, [0xF4, 0x8F, 0xBF, 0xC0], nil, "F4 8F BF C0, a fourth byte above the continuation range"),
        utf8(39, [0xF5, 0x80, 0x80, 0x80], nil, "F5 80 80 80, a lead byte no sequence starts with"),
        utf8(40, [0xF1, 0x80, 0x80], nil, "F1 80 80, a four-byte sequence cut short"),
        utf8(41, [0xBF], nil, "BF, a lone continuation byte"),
        utf8(42, [0xFF], nil, "FF, a byte UTF-8 never uses"),
    ]
}

/// The well-formed UTF-8 sequences of RFC 3629 §4 (the Unicode Standard's Table 3-7), one
/// production per row: the lead byte's range, then the range of each following byte.
struct UTF8Production {
    /// The permanent production number: its sequences are rows `10 × number + variant`.
    var number: Int
    var ranges: [ClosedRange<UInt8>]
}

/// Every sequence at the edges of every production, derived from the table: the lowest and the
/// highest well-formed sequence, each following byte just below and just above its range, and the
/// sequence cut short; and the lead bytes no production starts with. The vector is
/// `<prefix>-CLM-18NN`; a sequence already in ``IdentityTextTable/utf8Edges`` keeps that vector.
enum UTF8ProductionTable {
    static let tail: ClosedRange<UInt8> = 0x80...0xBF
    static let productions: [UTF8Production] = [
        UTF8Production(number: 1, ranges: [0xC2...0xDF, tail]),
        UTF8Production(number: 2, ranges: [0xE0...0xE0, 0xA0...0xBF, tail]),
        UTF8Production(number: 3, ranges: [0xE1...0xEC, tail, tail]),
        UTF8Production(number: 4, ranges: [0xED...0xED, 0x80...0x9F, tail]),
        UTF8Production(number: 5, ranges: [0xEE...0xEF, tail, tail]),
        UTF8Production(number: 6, ranges: [0xF0...0xF0, 0x90...0xBF, tail, tail]),
        UTF8Production(number: 7, ranges: [0xF1...0xF3, tail, tail, tail]),
        UTF8Production(number: 8, ranges: [0xF4...0xF4, 0x80...0x8F, tail, tail]),
    ]

    /// The lead bytes outside every production, each followed by continuation bytes (row 90 on).
    static let strayLeads: [[UInt8]] = [[0xC0, 0x80], [0xC1, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0xF7, 0xBF, 0xBF, 0xBF], [0xFF], [0x80]]

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }

    static var rows: [IdentityTextRow] {
        var rows: [IdentityTextRow] = []
        func add(_ number: Int, _ bytes: [UInt8], _ what: String) {
            let meaning = String(validating: bytes, as: UTF8.self)
            rows.append(IdentityTextRow(
                number: number, description: "\(hex(bytes)), \(what)", raw: bytes, meaning: meaning,
                source: Source.rfc3629Syntax))
        }
        for production in productions {
            let lowest = production.ranges.map(\.lowerBound)
            let base = production.number * 10
            let name = "UTF8-\(production.ranges.count) production \(production.number)"
            add(base, lowest, "the lowest sequence of \(name)")
            add(base + 1, production.ranges.map(\.upperBound), "the highest sequence of \(name)")
            for position in 1..<production.ranges.count {
                let range = production.ranges[position]
                var below = lowest, above = lowest
                below[position] = range.lowerBound - 1
                above[position] = range.upperBound + 1
                add(base + 2 * position, below, "byte \(position + 1) of \(name) just below its range")
                add(base + 2 * position + 1, above, "byte \(position + 1) of \(name) just above its range")
            }
            add(base + 8, [lowest[0]], "the lead byte of \(name) alone")
            if production.ranges.count > 2 {
                add(base + 9, Array(lowest.dropLast()), "\(name) without its last byte")
            }
        }
        for (offset, bytes) in strayLeads.enumerated() {
            add(90 + offset, bytes, "a lead byte no production of RFC 3629 starts with")
        }
        let covered = Set(IdentityTextTable.utf8Edges.map(\.raw))
        return rows.filter { !covered.contains($0.raw) }
    }
}

/// Each kind of escape followed at once by a byte that starts no UTF-8 sequence: a reader that
/// copies the text after an escape by another path than the rest of the string must check it
/// the same way. The vector is `<prefix>-CLM-19NN`, NN the escape's row in
/// ``IdentityTextTable/escapes`` plus 20 × the byte's index in ``bytes``.
enum EscapeFollowerTable {
    /// One escape of each kind: the eight two-character escapes, a `\u` escape of a character in
    /// the Basic Multilingual Plane, and a surrogate pair.
    static let escapeRows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 14]

    /// The lowest and the highest continuation byte, alone, and a byte UTF-8 never uses.
    static let bytes: [(byte: UInt8, what: String)] = [
        (UTF8ProductionTable.tail.lowerBound, "the lowest continuation byte, alone"),
        (UTF8ProductionTable.tail.upperBound, "the highest continuation byte, alone"),
        (0xFF, "a byte UTF-8 never uses"),
    ]

    static var rows: [IdentityTextRow] {
        IdentityTextTable.escapes.filter { escapeRows.contains($0.number) }.flatMap { escape in
            bytes.enumerated().map { index, follower in
                IdentityTextRow(
                    number: escape.number + 20 * index,
                    description: "\(escape.description) followed by \(UTF8ProductionTable.hex([follower.byte])), \(follower.what)",
                    raw: escape.raw + [follower.byte], meaning: nil, source: Source.rfc3629Syntax)
            }
        }
    }
}

extension CaseBook {
    /// Escapes and raw UTF-8 at the edges of their grammars, inside the identity: the customer
    /// named is exactly the text they spell, and ill-formed forms are refused.
    mutating func addIdentityTextCases() {
        let v = vendor
        let marker = "@@IDENTITY@@"
        let families = [
            (1300, IdentityTextTable.escapes, "escape"), (1400, IdentityTextTable.utf8Edges, "UTF-8 edge"),
            (1800, UTF8ProductionTable.rows, "UTF-8 production"), (1900, EscapeFollowerTable.rows, "escape then ill-formed UTF-8"),
        ]
        for (block, rows, family) in families {
            for row in rows {
                let template = Forge.text(v.payload("cust-" + marker))
                let payload = Forge.bytes(template, replacing: marker, with: row.raw)
                let token = Forge.sign(headerBytes: Array(Forge.text(v.header).utf8), payloadBytes: payload, secret: v.secret)
                let description = "Derived (identity text, \(family)): \(row.description)"
                if let meaning = row.meaning {
                    add(.claims, block + row.number, description, rules: ["JWT-STRING-EXACT", "JWS-JSON-OBJECT"] + v.identityRules,
                        sources: [row.source], token: token, expect: .accept(v.identity("cust-" + meaning)))
                } else {
                    add(.claims, block + row.number, description,
                        rules: [family == "escape" ? "JWS-JSON-OBJECT" : "JWS-JSON-UTF8"], sources: [row.source], flags: ["robustness"],
                        token: token,
                        expect: row.source == Source.rfc8259Unicode ? .reject(.malformed, .invalidClaimValue) : .reject(.malformed),
                        decided: row.source == Source.rfc8259Unicode ? "AMB-JSON-LONE-SURROGATE" : nil)
                }
            }
        }
    }
}
