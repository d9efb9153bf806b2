import JWTConformance

/// One production of the RFC 8259 grammar, broken one way (or, for `legal` rows, a rarely seen
/// but valid spelling that a too-strict reader refuses).
struct GrammarRow: Sendable {
    /// The permanent row number: the vector is `<prefix>-HDR-1NNN` or `<prefix>-CLM-1NNN`.
    var number: Int
    /// The RFC 8259 section of the production.
    var source: String
    /// What the text does, for the vector's description.
    var description: String
    /// Whether the text is valid JSON.
    var legal: Bool
    /// The ambiguity whose required decision the row applies, if any.
    var decided: String? = nil
    /// The whole JSON text, given the valid members (without braces) and an ignored member name.
    var text: @Sendable (_ members: String, _ unknown: String) -> String
}

/// The table of RFC 8259 productions broken one at a time, each inside an otherwise valid object.
enum JSONGrammarTable {
    static let literals = "RFC 8259 §3"
    static let objects = "RFC 8259 §4"
    static let arrays = "RFC 8259 §5"
    static let numbers = Source.rfc8259Numbers
    static let strings = "RFC 8259 §7"
    static let grammar = Source.rfc8259Grammar

    /// A row whose text is the valid object with the ignored member set to `value` (raw JSON text).
    static func value(_ number: Int, _ source: String, _ description: String, legal: Bool = false, _ value: String) -> GrammarRow {
        GrammarRow(number: number, source: source, description: description, legal: legal) { members, unknown in
            "{\(members),\"\(unknown)\":\(value)}"
        }
    }

    /// A row whose text is written whole from the valid members and the ignored member's name.
    static func text(
        _ number: Int, _ source: String, _ description: String, legal: Bool = false,
        _ text: @escaping @Sendable (_ members: String, _ unknown: String) -> String
    ) -> GrammarRow {
        GrammarRow(number: number, source: source, description: description, legal: legal, text: text)
    }

    static let rows: [GrammarRow] = literalRows + numberRows + stringRows + structureRows + whitespaceRows + legalRows

    static let literalRows: [GrammarRow] = [
        value(1, literals, "the literal True (capitalised)", "True"),
        value(2, literals, "the literal TRUE (upper case)", "TRUE"),
        value(3, literals, "the literal False (capitalised)", "False"),
        value(4, literals, "the literal NULL (upper case)", "NULL"),
        value(5, literals, "Python's None", "None"),
        value(6, literals, "JavaScript's undefined", "undefined"),
        value(7, literals, "NaN", "NaN"),
        value(8, literals, "Infinity", "Infinity"),
        value(9, literals, "-Infinity", "-Infinity"),
        value(10, literals, "a truncated literal (tru)", "tru"),
        value(11, literals, "a literal with trailing letters (nulls)", "nulls"),
        value(12, literals, "nil", "nil"),
        value(13, literals, "a wrong letter inside true (tRue)", "tRue"),
        value(14, literals, "a wrong letter inside false (falSe)", "falSe"),
        value(15, literals, "a wrong last letter of null (nulL)", "nulL"),
    ]

    static let numberRows: [GrammarRow] = [
        value(20, numbers, "a number with a leading plus sign (+1)", "+1"),
        value(21, numbers, "a number with a leading zero (01)", "01"),
        value(22, numbers, "a negative number with a leading zero (-01)", "-01"),
        value(23, numbers, "a number with a trailing decimal point (1.)", "1."),
        value(24, numbers, "a number with a leading decimal point (.5)", ".5"),
        value(25, numbers, "a negative number with a leading decimal point (-.5)", "-.5"),
        value(26, numbers, "an exponent without digits (1e)", "1e"),
        value(27, numbers, "an exponent sign without digits (1e+)", "1e+"),
        value(28, numbers, "a lone minus sign", "-"),
        value(29, numbers, "a doubled minus sign (--1)", "--1"),
        value(30, numbers, "a hexadecimal number (0x1F)", "0x1F"),
        value(31, numbers, "digit separators (1_000)", "1_000"),
        value(32, numbers, "two decimal points (1.5.2)", "1.5.2"),
        value(33, numbers, "a fractional exponent (1e5.5)", "1e5.5"),
        value(34, numbers, "a space after the minus sign (- 1)", "- 1"),
        value(35, numbers, "fullwidth digits (U+FF11 U+FF12)", "\u{FF11}\u{FF12}"),
        value(36, numbers, "Arabic-Indic digits (U+0661 U+0662)", "\u{661}\u{662}"),
        value(37, numbers, "a decimal point before the exponent (1.e3)", "1.e3"),
        value(39, numbers, "a slash, the byte before 0, inside a number (1/2)", "1/2"),
        value(19, numbers, "a colon, the byte after 9, inside a number (1:2 in an array)", "[1:2]"),
        value(38, numbers, "an octal-looking number (007)", "007"),
    ]

    static let stringRows: [GrammarRow] = [
        value(40, strings, "a string in single quotes", "'x'"),
        text(41, strings, "a member name in single quotes") { m, u in "{\(m),'\(u)':1}" },
        text(42, objects, "an unquoted member name") { m, u in "{\(m),\(u):1}" },
        value(43, strings, "a raw U+0000 inside a string", "\"a\u{0}b\""),
        value(44, strings, "a raw U+0001 inside a string", "\"a\u{1}b\""),
        value(45, strings, "a raw tab inside a string", "\"a\tb\""),
        value(46, strings, "a raw line feed inside a string", "\"a\nb\""),
        value(47, strings, "a raw carriage return inside a string", "\"a\rb\""),
        value(48, strings, "a raw U+001F inside a string", "\"a\u{1F}b\""),
        value(49, strings, "the escape \\a, which JSON does not define", "\"\\a\""),
        value(50, strings, "the escape \\x41", "\"\\x41\""),
        value(51, strings, "the escape \\' (a quote JSON does not escape)", "\"\\'\""),
        value(52, strings, "the escape \\0", "\"\\0\""),
        value(53, strings, "the escape \\U00E9 (upper-case U)", "\"\\U00E9\""),
        value(54, strings, "a \\u escape with three hex digits", "\"\\u00e\""),
        value(55, strings, "a \\u escape with a non-hex digit", "\"\\u00eg\""),
        value(56, strings, "a backslash followed by a space", "\"\\ \""),
        value(57, strings, "the escape \\v", "\"\\v\""),
        text(58, strings, "an unterminated string at the end of the object") { m, u in "{\(m),\"\(u)\":\"abc}" },
        value(59, strings, "a string opened with \" and closed with '", "\"abc'"),
        value(60, strings, "a backslash at the end of a string, escaping its closing quote", "\"abc\\\""),
        GrammarRow(number: 61, source: Source.rfc8259Unicode, description: "an escaped lone surrogate (\\ud800) in an ignored member's value",
                   legal: false, decided: "AMB-JSON-LONE-SURROGATE") { m, u in "{\(m),\"\(u)\":\"a\\ud800\"}" },
        GrammarRow(number: 62, source: Source.rfc8259Unicode, description: "an escaped lone low surrogate (\\udc00) as an ignored member's name",
                   legal: false, decided: "AMB-JSON-LONE-SURROGATE") { m, _ in "{\(m),\"\\udc00\":1}" },
        GrammarRow(number: 63, source: Source.rfc8259Unicode, description: "a surrogate pair in the wrong order (\\ude00\\ud83d)",
                   legal: false, decided: "AMB-JSON-LONE-SURROGATE") { m, u in "{\(m),\"\(u)\":\"\\ude00\\ud83d\"}" },
        text(64, strings, "a member name opened with ' and closed with \"") { m, u in "{\(m),'\(u)\":1}" },
        value(65, strings, "a raw U+001F after an escape, inside a string", "\"\\n\u{1F}\""),
    ]

    static let structureRows: [GrammarRow] = [
        text(70, objects, "a member without its colon") { m, u in "{\(m),\"\(u)\" 1}" },
        text(71, objects, "= instead of : between a name and its value") { m, u in "{\(m),\"\(u)\"=1}" },
        text(72, objects, "a doubled colon") { m, u in "{\(m),\"\(u)\"::1}" },
        text(73, objects, "two members without a comma between them") { m, u in "{\(m) \"\(u)\":1}" },
        text(74, objects, "a doubled comma between members") { m, u in "{\(m),,\"\(u)\":1}" },
        text(75, objects, "a comma before the first member") { m, u in "{,\(m),\"\(u)\":1}" },
        value(76, arrays, "a nested array with a trailing comma", "[1,2,]"),
        value(77, objects, "a nested object with a trailing comma", "{\"a\":1,}"),
        text(78, objects, "the closing brace is missing") { m, u in "{\(m),\"\(u)\":1" },
        text(79, grammar, "a second closing brace after the object") { m, u in "{\(m),\"\(u)\":1}}" },
        value(80, arrays, "an unbalanced closing bracket", "1]"),
        text(81, objects, "an array as a member name") { m, _ in "{\(m),[1]:2}" },
        text(82, objects, "a number as a member name") { m, _ in "{\(m),1:2}" },
        text(83, objects, "a member name without a value") { m, u in "{\(m),\"\(u)\"}" },
        text(84, objects, "a colon followed directly by a comma (an empty value)") { m, u in "{\(m),\"\(u)\":,\"x\":1}" },
        value(85, arrays, "array elements without a comma", "[1 2]"),
        value(86, arrays, "an array starting with a comma", "[,1]"),
        value(87, objects, "members of a nested object without a comma", "{\"a\":1 \"b\":2}"),
        value(88, arrays, "an array closed by a brace", "[1}"),
        text(89, grammar, "a // line comment after the last member") { m, u in "{\(m),\"\(u)\":1 // note\n}" },
        text(90, grammar, "a # comment after the last member") { m, u in "{\(m),\"\(u)\":1 # note\n}" },
        text(91, grammar, "text after the closing brace (x)") { m, u in "{\(m),\"\(u)\":1}x" },
        text(92, grammar, "a NUL byte after the closing brace") { m, u in "{\(m),\"\(u)\":1}\u{0}" },
        text(93, grammar, "a semicolon after the closing brace") { m, u in "{\(m),\"\(u)\":1};" },
        text(94, grammar, "the text stops after the opening brace") { _, _ in "{" },
    ]

    static let whitespaceRows: [GrammarRow] = [
        text(100, grammar, "a vertical tab (U+000B) between tokens") { m, u in "{\(m),\u{B}\"\(u)\":1}" },
        text(101, grammar, "a form feed (U+000C) between tokens") { m, u in "{\(m),\u{C}\"\(u)\":1}" },
        text(102, grammar, "a no-break space (U+00A0) between tokens") { m, u in "{\(m),\u{A0}\"\(u)\":1}" },
        text(103, grammar, "a line separator (U+2028) between tokens") { m, u in "{\(m),\u{2028}\"\(u)\":1}" },
        text(104, grammar, "an ideographic space (U+3000) between tokens") { m, u in "{\(m),\u{3000}\"\(u)\":1}" },
        text(105, grammar, "a zero-width space (U+200B) between tokens") { m, u in "{\(m),\u{200B}\"\(u)\":1}" },
        text(106, grammar, "a byte order mark (U+FEFF) between tokens") { m, u in "{\(m),\u{FEFF}\"\(u)\":1}" },
        text(107, grammar, "a NUL byte between tokens") { m, u in "{\(m),\u{0}\"\(u)\":1}" },
        text(108, grammar, "a NUL byte before the opening brace") { m, u in "\u{0}{\(m),\"\(u)\":1}" },
    ]

    /// Valid JSON spellings that a too-strict reader refuses: each must be accepted.
    static let legalRows: [GrammarRow] = [
        text(150, grammar, "space, tab, line feed and carriage return between every token", legal: true) { m, u in
            "\t{ \r\n" + m.replacingOccurrences(of: ",", with: " ,\t") + " ,\n\"\(u)\" \t:\r\n 1 \n}\r\n "
        },
        value(151, strings, "the escape \\/ (a solidus)", legal: true, "\"a\\/b\""),
        value(152, strings, "every two-character escape: \\\" \\\\ \\b \\f \\n \\r \\t", legal: true, "\"\\\"\\\\\\b\\f\\n\\r\\t\""),
        value(153, strings, "a \\u escape with upper-case hex digits (\\u00C9)", legal: true, "\"\\u00C9\""),
        value(154, strings, "a raw DEL (U+007F) inside a string, which JSON does not escape", legal: true, "\"a\u{7F}b\""),
        value(155, strings, "a raw line separator (U+2028) inside a string", legal: true, "\"a\u{2028}b\""),
        value(156, numbers, "negative zero (-0)", legal: true, "-0"),
        value(157, numbers, "a number with fraction and signed exponent (0.5e-3)", legal: true, "0.5e-3"),
        value(158, numbers, "an upper-case exponent with a plus sign (1E+2)", legal: true, "1E+2"),
        value(160, literals, "true, false and null in a nested array", legal: true, "[true,false,null]"),
        value(161, objects, "an empty object and an empty array", legal: true, "[{},[]]"),
        value(162, strings, "the escape \\u0000 inside an ignored member", legal: true, "\"a\\u0000b\""),
        value(163, strings, "an escaped surrogate pair in upper case (\\uD83D\\uDE00)", legal: true, "\"\\uD83D\\uDE00\""),
        value(164, objects, "an ignored member whose name is the empty string", legal: true, "{\"\":1}"),
        value(165, arrays, "whitespace inside an empty array and an empty object", legal: true, "[ [ ] , { } ]"),
        value(166, strings, "a space and a raw DEL (U+007F) after an escape", legal: true, "\"\\n \u{7F}\""),
    ]
}

extension CaseBook {
    /// Every row of ``JSONGrammarTable`` in the header and in the payload of a validly signed token.
    mutating func addJSONGrammarCases() {
        let v = vendor
        for segment in Segment.allCases {
            for row in JSONGrammarTable.rows {
                let text = row.text(v.membersText(segment), segment.unknownMember)
                let description = "Derived (RFC 8259 grammar, \(segment.name)): " + row.description
                    + (row.legal ? ", which is valid JSON" : "")
                add(segment.category, 1000 + row.number, description,
                    rules: row.legal ? ["JWS-JSON-OBJECT", "JWS-SIGNATURE"] : ["JWS-JSON-OBJECT"],
                    sources: [row.source], flags: row.legal ? [] : ["robustness"],
                    token: v.token(segment, text: text),
                    expect: row.legal ? .accept(v.identity) : .reject(.malformed), decided: row.decided)
            }
        }
    }
}
