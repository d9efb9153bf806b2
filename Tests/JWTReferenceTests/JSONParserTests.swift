import Foundation
import JWTReference
import Testing

@Suite("Strict JSON reader (RFC 8259)")
struct JSONParserTests {
    // MARK: Valid documents

    @Test func jwsHeader() throws {
        let value = try JSONParser.parse(#"{"alg":"HS256","typ":"JWT"}"#)
        #expect(value == ["alg": "HS256", "typ": "JWT"])
        #expect(value["alg"]?.stringValue == "HS256")
        #expect(value.objectValue?.keys == ["alg", "typ"])
        #expect(value.typeName == "object")
    }

    static let topLevelValues: [(String, JSONValue)] = [
        (" null ", .null),
        ("true", true),
        ("\tfalse\r\n", false),
        ("0", 0),
        ("-12", -12),
        (#""""#, ""),
        (#""x""#, "x"),
        ("[]", []),
        ("{}", [:]),
        (" [ 1 , [ ] , { } ] ", [1, [], [:]]),
    ]

    @Test("Any value is accepted at the top level, surrounded by whitespace", arguments: topLevelValues)
    func topLevel(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test func nestedDocument() throws {
        let text = """
            {
              "testGroups": [
                {"tests": [{"id": 1, "valid": true, "note": null}]},
                {"tests": []}
              ],
              "version": "1.0"
            }
            """
        let value = try JSONParser.parse(text)
        let groups = try #require(value["testGroups"]?.arrayValue)
        #expect(groups.count == 2)
        let test = try #require(groups[0]["tests"]?.arrayValue?.first)
        #expect(test["id"]?.numberValue?.int64Value == 1)
        #expect(test["valid"]?.boolValue == true)
        #expect(test["note"]?.isNull == true)
        #expect(groups[1]["tests"] == [])
        #expect(value["version"]?.typeName == "string")
    }

    @Test func parsesBytesAndData() throws {
        let text = #"{"a":[1,"é"]}"#
        let expected: JSONValue = ["a": [1, "é"]]
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
        #expect(try JSONParser.parse(Data(text.utf8)) == expected)
        #expect(try JSONParser.parse(text.utf8) == expected)
        #expect(try JSONParser.parse(Array(text.utf8).lazy.map { $0 }) == expected)
    }

    @Test func stringEscapesAndUnicode() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0000\u00e9\u20AC\ud83d\ude00 é€😀""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\t\u{0}é€😀 é€😀"))
        let strings = try JSONParser.parse(#"["a\nb", "plain", "c\td\u00e9", "\"", "é"]"#)
        #expect(strings == ["a\nb", "plain", "c\td\u{e9}", "\"", "é"])
    }

    // MARK: Errors

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var input: [UInt8]
        var kind: JSONParseError.Kind
        var offset: Int
        var path: String

        init(_ input: String, _ kind: JSONParseError.Kind, at offset: Int, _ path: String = "$") {
            self.init(bytes: Array(input.utf8), kind, at: offset, path)
        }

        init(bytes: [UInt8], _ kind: JSONParseError.Kind, at offset: Int, _ path: String = "$") {
            input = bytes
            self.kind = kind
            self.offset = offset
            self.path = path
        }

        var testDescription: String {
            "\(String(decoding: input.prefix(40), as: UTF8.self)) → \(kind) at \(offset), \(path)"
        }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase("", .unexpectedEndOfInput, at: 0),
        ErrorCase("   ", .unexpectedEndOfInput, at: 3),
        ErrorCase(#"{"a":"#, .unexpectedEndOfInput, at: 5, "$.a"),
        ErrorCase(#"{"a""#, .unexpectedEndOfInput, at: 4, "$.a"),
        ErrorCase("[1,", .unexpectedEndOfInput, at: 3, "$[1]"),
        ErrorCase(#"["abc"#, .unexpectedEndOfInput, at: 5, "$[0]"),
        ErrorCase("tru", .unexpectedEndOfInput, at: 3),
        ErrorCase("[1,]", .unexpectedByte(UInt8(ascii: "]")), at: 3, "$[1]"),
        ErrorCase(#"{"a":1,}"#, .unexpectedByte(UInt8(ascii: "}")), at: 7),
        ErrorCase("[1 2]", .unexpectedByte(UInt8(ascii: "2")), at: 3),
        ErrorCase(#"{"a" 1}"#, .unexpectedByte(UInt8(ascii: "1")), at: 5, "$.a"),
        ErrorCase("{a:1}", .unexpectedByte(UInt8(ascii: "a")), at: 1),
        ErrorCase("[1}", .unexpectedByte(UInt8(ascii: "}")), at: 2),
        ErrorCase("// comment\n1", .unexpectedByte(UInt8(ascii: "/")), at: 0),
        ErrorCase("[1,/* c */2]", .unexpectedByte(UInt8(ascii: "/")), at: 3, "$[1]"),
        ErrorCase("'a'", .unexpectedByte(UInt8(ascii: "'")), at: 0),
        ErrorCase(#"{"a":[1,{"b":tru}]}"#, .unexpectedByte(UInt8(ascii: "}")), at: 16, "$.a[1].b"),
        ErrorCase(#"{"a b":[nul]}"#, .unexpectedByte(UInt8(ascii: "]")), at: 11, #"$["a b"][0]"#),
        ErrorCase(#"{"a":[1,{"b":2}],"c":x}"#, .unexpectedByte(UInt8(ascii: "x")), at: 21, "$.c"),
        ErrorCase(#"[[1],[2,{"a":[3]}],x]"#, .unexpectedByte(UInt8(ascii: "x")), at: 19, "$[2]"),
        ErrorCase(#"{"a":{"b":1}"c":2}"#, .unexpectedByte(UInt8(ascii: "\"")), at: 12),
        ErrorCase(#"[{"a":[1,2}]"#, .unexpectedByte(UInt8(ascii: "}")), at: 10, "$[0].a"),
        ErrorCase(".5", .unexpectedByte(UInt8(ascii: ".")), at: 0),
        ErrorCase("+1", .unexpectedByte(UInt8(ascii: "+")), at: 0),
        ErrorCase("NaN", .unexpectedByte(UInt8(ascii: "N")), at: 0),
        ErrorCase(bytes: [0xEF, 0xBB, 0xBF, 0x31], .unexpectedByte(0xEF), at: 0),
        ErrorCase(bytes: [0x5B, 0x80, 0x5D], .unexpectedByte(0x80), at: 1, "$[0]"),
        ErrorCase(#""\x""#, .invalidEscape, at: 1),
        ErrorCase(#""\u12G4""#, .invalidEscape, at: 1),
        ErrorCase(#""\U0041""#, .invalidEscape, at: 1),
        ErrorCase(#"{"k":"a\'"}"#, .invalidEscape, at: 7, "$.k"),
        ErrorCase("[01]", .invalidNumber, at: 1, "$[0]"),
        ErrorCase("-01", .invalidNumber, at: 0),
        ErrorCase("-", .invalidNumber, at: 0),
        ErrorCase("-a", .invalidNumber, at: 0),
        ErrorCase("1.", .invalidNumber, at: 0),
        ErrorCase("1.e5", .invalidNumber, at: 0),
        ErrorCase("1e", .invalidNumber, at: 0),
        ErrorCase("1e+", .invalidNumber, at: 0),
        ErrorCase(#"{"exp":2E-}"#, .invalidNumber, at: 7, "$.exp"),
        ErrorCase("1 2", .trailingData, at: 2),
        ErrorCase(#"{"a":1}x"#, .trailingData, at: 7),
        ErrorCase("[] []", .trailingData, at: 3),
        ErrorCase("1.5.3", .trailingData, at: 3),
        ErrorCase("\"a\tb\"", .controlCharacterInString, at: 2),
        ErrorCase("\"a\nb\"", .controlCharacterInString, at: 2),
        ErrorCase("[\"\u{1F}\"]", .controlCharacterInString, at: 2, "$[0]"),
        ErrorCase(#""\ud800""#, .loneSurrogate, at: 1),
        ErrorCase(#""\udc00""#, .loneSurrogate, at: 1),
        ErrorCase(#""\ud800\u0041""#, .loneSurrogate, at: 1),
        ErrorCase(#""\ud800\ud800""#, .loneSurrogate, at: 1),
        ErrorCase(#""x\uDBFFy""#, .loneSurrogate, at: 2),
        ErrorCase(#""\ud800\uZZZZ""#, .invalidEscape, at: 7),
    ]

    @Test(arguments: errorCases)
    func error(_ errorCase: ErrorCase) {
        #expect(throws: JSONParseError(errorCase.kind, offset: errorCase.offset, path: errorCase.path)) {
            try JSONParser.parse(errorCase.input)
        }
    }

    @Test("The path names the member and element being parsed")
    func errorPath() {
        let text = #"{"testGroups":[{},{},{"tests":[0,1,2,3,4,{"id":01}]}]}"#
        let offset = Array(text.utf8).lastIndex(of: UInt8(ascii: "0"))!
        #expect(throws: JSONParseError(.invalidNumber, offset: offset, path: "$.testGroups[2].tests[5].id")) {
            try JSONParser.parse(text)
        }
    }

    @Test func errorDescription() {
        let error = JSONParseError(.unexpectedByte(UInt8(ascii: "}")), offset: 16, path: "$.a[1].b")
        #expect(error.description == "invalid JSON at offset 16, path $.a[1].b: unexpected byte '}' (0x7D)")
        let duplicate = JSONParseError(.duplicateKey("alg"), offset: 15, path: "$.alg")
        #expect(duplicate.description == #"invalid JSON at offset 15, path $.alg: duplicate member name "alg""#)
    }

    // MARK: Invalid UTF-8

    @Test("Ill-formed UTF-8 in strings is rejected at the start of the bad sequence", arguments: [
        [0xC3, 0x28],  // lead byte followed by a non-continuation byte
        [0xED, 0xA0, 0x80],  // UTF-8 encoded surrogate U+D800
        [0xED, 0xBF, 0xBF],  // UTF-8 encoded surrogate U+DFFF
        [0xC0, 0xAF],  // overlong "/"
        [0xC1, 0xBF],  // overlong U+007F
        [0xE0, 0x80, 0xAF],  // overlong "/" in three bytes
        [0xF0, 0x80, 0x80, 0xAF],  // overlong "/" in four bytes
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],  // invalid lead byte
        [0xFF],  // invalid byte
        [0x80],  // lone continuation byte
        [0xE2, 0x82],  // truncated three-byte sequence
    ] as [[UInt8]])
    func invalidUTF8(sequence: [UInt8]) {
        let document = [UInt8(ascii: "\""), UInt8(ascii: "a")] + sequence + [UInt8(ascii: "\"")]
        #expect(throws: JSONParseError(.invalidUTF8, offset: 2, path: "$")) {
            try JSONParser.parse(document)
        }
    }

    @Test("Well-formed UTF-8 at the boundaries of RFC 3629 is accepted")
    func validUTF8() throws {
        let scalars = ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"]
        for scalar in scalars {
            #expect(try JSONParser.parse("\"\(scalar)\"") == .string(scalar))
        }
    }

    // MARK: Duplicate keys

    @Test("Duplicate members are kept in order and lookup returns the lexically last")
    func duplicateKeys() throws {
        let value = try JSONParser.parse(#"{"alg":"none","kid":"1","alg":"HS256","kid":"2","x":0}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["alg", "kid", "alg", "kid", "x"])
        #expect(object["alg"] == "HS256")
        #expect(value["kid"] == "2")
        #expect(object.count == 5)
        #expect(object.members.map(\.value) == ["none", "1", "HS256", "2", 0])
        #expect(value.serialized() == #"{"alg":"none","kid":"1","alg":"HS256","kid":"2","x":0}"#)
    }

    @Test func rejectDuplicateKeys() throws {
        let options = JSONParser.Options(rejectDuplicateKeys: true)
        #expect(throws: JSONParseError(.duplicateKey("alg"), offset: 14, path: "$.alg")) {
            try JSONParser.parse(#"{"alg":"none","alg":"HS256"}"#, options: options)
        }
        #expect(throws: JSONParseError(.duplicateKey("b"), offset: 19, path: "$.a[0].b")) {
            try JSONParser.parse(#"{"a":[{"b":1,"c":2,"b":3}]}"#, options: options)
        }
        let sameNameInSiblings = try JSONParser.parse(#"[{"a":1},{"a":2}]"#, options: options)
        #expect(sameNameInSiblings == [["a": 1], ["a": 2]])
        let sameNameNested = try JSONParser.parse(#"{"a":{"a":{"a":1}}}"#, options: options)
        #expect(sameNameNested == ["a": ["a": ["a": 1]]])
    }

    /// "é" (U+00E9) and "e\u0301" are canonically equivalent, so Swift's `String ==` equates them;
    /// as JSON member names and strings they differ.
    @Test("Member names and strings are compared by their UTF-8 bytes")
    func canonicallyEquivalentNamesAreDistinct() throws {
        let precomposed = "\u{E9}"
        let decomposed = "e\u{301}"
        let text = #"{"\#(precomposed)":1,"\#(decomposed)":2}"#
        #expect(throws: Never.self) { try JSONParser.parse(text, options: .init(rejectDuplicateKeys: true)) }
        var object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object[precomposed] == 1)
        #expect(object[decomposed] == 2)
        object[decomposed] = nil
        #expect(object.keys == [precomposed])
        #expect(JSONObject([(precomposed, 1)]) != JSONObject([(decomposed, 1)]))
        #expect(Set([JSONObject([(precomposed, 1)]), JSONObject([(decomposed, 1)])]).count == 2)
        #expect(JSONValue.string(precomposed) != JSONValue.string(decomposed))
        #expect(Set<JSONValue>([.string(precomposed), .string(decomposed)]).count == 2)
        #expect(JSONValue.array([.string(precomposed)]) != [.string(decomposed)])
        #expect(throws: JSONParseError.self) {
            try JSONParser.parse(#"{"\#(precomposed)":1,"\#(decomposed)":2,"\#(precomposed)":3}"#, options: .init(rejectDuplicateKeys: true))
        }
    }

    @Test func objectEditing() {
        var object: JSONObject = ["a": 1, "b": 2, "a": 3]
        object["a"] = 4
        #expect(object.members.map(\.value) == [1, 2, 4])
        object["c"] = 5
        #expect(object.keys == ["a", "b", "a", "c"])
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        object.append(key: "b", value: 6)
        #expect(object.keys == ["b", "c", "b"])
        #expect(object == JSONObject([("b", 2), ("c", 5), ("b", 6)]))
        #expect(object != JSONObject([("c", 5), ("b", 2), ("b", 6)]))
    }

    // MARK: Depth limit

    @Test("Nesting 10,000 levels deep throws instead of overflowing the stack")
    func deepNesting() {
        let arrays = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect {
            try JSONParser.parse(arrays)
        } throws: { error in
            let error = try #require(error as? JSONParseError)
            return error.kind == .depthLimitExceeded && error.offset == 64
        }
        let objects = String(repeating: #"{"a":"#, count: 10_000)
        #expect {
            try JSONParser.parse(objects)
        } throws: { error in
            let error = try #require(error as? JSONParseError)
            return error.kind == .depthLimitExceeded && error.offset == 64 * 5
                && error.path == "$" + String(repeating: ".a", count: 64)
        }
    }

    @Test("The maximum depth is inclusive")
    func depthBoundary() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        #expect(try JSONParser.parse(nested(64)).arrayValue != nil)
        #expect(throws: JSONParseError(.depthLimitExceeded, offset: 64, path: "$" + String(repeating: "[0]", count: 64))) {
            try JSONParser.parse(nested(65))
        }
        let options = JSONParser.Options(maximumDepth: 2)
        #expect(try JSONParser.parse(#"{"a":[1]}"#, options: options) == ["a": [1]])
        #expect(throws: JSONParseError(.depthLimitExceeded, offset: 6, path: "$.a[0]")) {
            try JSONParser.parse(#"{"a":[{}]}"#, options: options)
        }
        #expect(try JSONParser.parse("1", options: .init(maximumDepth: 0)) == 1)
        #expect(throws: JSONParseError(.depthLimitExceeded, offset: 0, path: "$")) {
            try JSONParser.parse("[]", options: .init(maximumDepth: 0))
        }
        #expect(try JSONParser.parse(nested(5000), options: .init(maximumDepth: 5000)).arrayValue != nil)
    }

    // MARK: Numbers

    @Test("Number literals keep their exact text")
    func numberLiterals() throws {
        let text = "[1700000000,1700000000.0,1.7e9,-0,1E+2,0.10,-9223372036854775808,9223372036854775808]"
        let numbers = try #require(JSONParser.parse(text).arrayValue).compactMap(\.numberValue)
        #expect(numbers.map(\.text) == [
            "1700000000", "1700000000.0", "1.7e9", "-0", "1E+2", "0.10", "-9223372036854775808", "9223372036854775808",
        ])
        #expect(numbers.map(\.isInteger) == [true, false, false, true, false, false, true, true])
        #expect(numbers.map(\.int64Value) == [1_700_000_000, nil, nil, 0, nil, nil, Int64.min, nil])
        #expect(numbers[0].doubleValue == 1.7e9)
        #expect(numbers[1].doubleValue == 1.7e9)
        #expect(numbers[2].doubleValue == 1.7e9)
        #expect(numbers[3].doubleValue == 0 && numbers[3].doubleValue.sign == .minus)
        #expect(Set(numbers[0...2]).count == 3)
        #expect(try JSONParser.parse(text).serialized() == text)
    }

    /// Literals of one value have one ``DecimalValue``; nothing is rounded.
    @Test(arguments: [
        (["1700000000", "1700000000.0", "1.7e9", "17E+8", "170000000000e-2", "0.17e10", "1700000000.000e0"], "17e8"),
        (["0", "-0", "0.0", "-0.000e5", "0e-99999999999999999999"], "0"),
        (["-1", "-1.0", "-10e-1", "-0.1E1"], "-1e0"),
        (["1700000000.0000001", "17000000000000001e-7"], "17000000000000001e-7"),
        (["1e99999999999999999999", "10e99999999999999999998", "0.1e100000000000000000000"], "1e99999999999999999999"),
        (["1e-99999999999999999999", "0.1e-99999999999999999998", "100e-100000000000000000001"], "1e-99999999999999999999"),
        (["123456789012345678901234567890", "1.23456789012345678901234567890e29"], "12345678901234567890123456789e1"),
    ])
    func literalsOfOneValue(_ literals: [String], canonical: String) throws {
        for literal in literals {
            let number = try #require(JSONNumber(text: literal))
            #expect(number.decimalValue.description == canonical, "\(literal)")
        }
    }

    @Test func numbersOfDifferentValues() throws {
        let distinct = [
            "1700000000", "1700000000.0000001", "1699999999.9999999", "-1700000000", "1.70000000000000001e9",
            "1e99999999999999999999", "1e99999999999999999998", "1e-99999999999999999999", "0.1", "1", "10", "0",
        ]
        let numbers = try distinct.map { try #require(JSONNumber(text: $0)) }
        #expect(Set(numbers.map(\.decimalValue)).count == distinct.count)
        for (index, number) in numbers.enumerated() {
            for (other, otherNumber) in numbers.enumerated() {
                #expect(number.hasSameValue(as: otherNumber) == (index == other), "\(number) vs \(otherNumber)")
            }
        }
    }

    @Test(arguments: ["0", "-0", "1", "-1", "10", "0.5", "-0.0", "1e5", "1E5", "1e+5", "1e-5", "1.25E-10", "123456789012345678901234567890"])
    func validNumberText(_ text: String) throws {
        let number = try #require(JSONNumber(text: text))
        #expect(number.text == text)
        #expect(number.description == text)
    }

    @Test(arguments: ["", "-", "+1", "01", "-01", "00", ".5", "1.", "1.e3", "1e", "1e+", "--1", "0x10", " 1", "1 ", "NaN", "Infinity", "1,0", "١"])
    func invalidNumberText(_ text: String) {
        #expect(JSONNumber(text: text) == nil)
    }

    @Test func numberInitializers() {
        #expect(JSONNumber(1_700_000_000).text == "1700000000")
        #expect(JSONNumber(Int64.min).int64Value == Int64.min)
        #expect(JSONNumber(0.5)?.text == "0.5")
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(Double.nan) == nil)
        let literal: JSONValue = -42
        #expect(literal.numberValue?.text == "-42")
    }

    // MARK: Serialization

    static let roundTripSamples: [JSONValue] = [
        .null,
        true,
        0,
        .number(JSONNumber(text: "-1.5e-7")!),
        "",
        "quote \" backslash \\ slash / controls \u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F} é € 😀",
        [],
        [:],
        [[], [:], [[]], ["a": [:]]],
        ["a": 1, "b": [true, false, nil], "a": "dup", "": ["nested": ["deep": [1, 2, 3]]]],
        ["header": ["alg": "HS256"], "payload": ["sub": "1234567890", "iat": 1_516_239_022]],
    ]

    @Test("parse(serialized(x)) == x", arguments: roundTripSamples)
    func serializerRoundTrip(_ value: JSONValue) throws {
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(try JSONParser.parse(value.serialized(style: .pretty)) == value)
        #expect(try JSONParser.parse(value.serializedUTF8(style: .pretty)) == value)
    }

    @Test func compactOutput() {
        let value: JSONValue = ["a": [1, "x/y", nil], "b": [:], "c": []]
        #expect(value.serialized() == #"{"a":[1,"x/y",null],"b":{},"c":[]}"#)
        #expect(value.description == value.serialized())
    }

    @Test func prettyOutput() {
        let value: JSONValue = [
            "alg": "HS256",
            "n": [1, .number(JSONNumber(text: "-0.5e10")!)],
            "empty": [:],
            "none": [],
            "s": "tab\t/é\u{1}\u{1F}",
            "deep": ["k": [["x": true]]],
        ]
        let expected = """
            {
              "alg": "HS256",
              "n": [
                1,
                -0.5e10
              ],
              "empty": {},
              "none": [],
              "s": "tab\\t/é\\u0001\\u001f",
              "deep": {
                "k": [
                  {
                    "x": true
                  }
                ]
              }
            }
            """
        #expect(value.serialized(style: .pretty) == expected)
        #expect(value.serializedUTF8(style: .pretty) == Array(expected.utf8))
    }

    @Test func escaping() {
        let value: JSONValue = "\"\\/\u{8}\u{C}\n\r\t\u{0}\u{B}\u{1B}\u{7F}é"
        #expect(value.serialized() == #""\"\\/\b\f\n\r\t\u0000\u000b\u001b"# + "\u{7F}é\"")
    }

    // MARK: Accessors and Codable

    @Test func accessors() {
        let values: [JSONValue] = [nil, true, 1, "s", [1], ["k": 1]]
        #expect(values.map(\.typeName) == ["null", "boolean", "number", "string", "array", "object"])
        #expect(values.map(\.isNull) == [true, false, false, false, false, false])
        #expect(values[1].boolValue == true && values[0].boolValue == nil)
        #expect(values[2].numberValue == JSONNumber(1) && values[3].numberValue == nil)
        #expect(values[3].stringValue == "s" && values[2].stringValue == nil)
        #expect(values[4].arrayValue == [1] && values[5].arrayValue == nil)
        #expect(values[5].objectValue == ["k": 1] && values[4].objectValue == nil)
        #expect(values[5]["k"] == 1 && values[4]["k"] == nil)
    }

    struct Envelope: Codable, Equatable {
        var name: String
        var extra: JSONValue
    }

    @Test("Codable round trip through Foundation")
    func codable() throws {
        let envelope = Envelope(
            name: "claims",
            extra: ["exp": 1_700_000_000, "ratio": .number(JSONNumber(text: "0.25")!), "tags": ["a", nil, false]])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(envelope)
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"{"extra":{"exp":1700000000,"ratio":0.25,"tags":["a",null,false]},"name":"claims"}"#)
        let decoded = try JSONDecoder().decode(Envelope.self, from: data)
        #expect(decoded.extra["exp"]?.numberValue?.int64Value == 1_700_000_000)
        #expect(decoded.extra["ratio"]?.numberValue?.doubleValue == 0.25)
        #expect(decoded.extra["tags"] == ["a", nil, false])
        #expect(decoded.name == "claims")
    }

    @Test("Codable encodes only the lexically last of duplicate members")
    func codableDuplicates() throws {
        let value: JSONValue = ["a": 1, "b": 2, "a": 3]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONParser.parse(data) == ["b": 2, "a": 3] || JSONParser.parse(data) == ["a": 3, "b": 2])
    }
}
