import JWTConformance

/// A subject a signer is asked to name, for the signer family: text that a careless signer
/// normalises, trims, re-cases, converts to a number or fails to escape.
struct SubjectRow {
    /// The permanent row number: the vector is `<prefix>-SGN-1NN`.
    var number: Int
    var description: String
    var value: String
}

/// A clock and lifetime a signer is asked to sign at, for the signer family.
struct ClockRow {
    /// The permanent row number: the vector is `<prefix>-SGN-2NN`.
    var number: Int
    var description: String
    var now: Int64
    var lifetime: Int64?
}

enum SignerTable {
    static let subjects: [SubjectRow] = [
        SubjectRow(number: 1, description: "leading zeros (\"00123\"), which a number would drop", value: "00123"),
        SubjectRow(number: 2, description: "20 digits, beyond 64 bits", value: "12345678901234567890"),
        SubjectRow(number: 3, description: "2^53 + 1, which a double rounds", value: "9007199254740993"),
        SubjectRow(number: 4, description: "number-like text with an exponent (\"1e3\")", value: "1e3"),
        SubjectRow(number: 5, description: "negative zero (\"-0\")", value: "-0"),
        SubjectRow(number: 6, description: "hexadecimal-looking text (\"0x1F\")", value: "0x1F"),
        SubjectRow(number: 7, description: "the text \"true\"", value: "true"),
        SubjectRow(number: 8, description: "the text \"null\"", value: "null"),
        SubjectRow(number: 9, description: "surrounding spaces, never trimmed", value: " cust-42 "),
        SubjectRow(number: 10, description: "mixed case, never folded", value: "Cust-AbC-42"),
        SubjectRow(number: 11, description: "a decomposed é (e + U+0301), never composed", value: "Jose\u{301}-42"),
        SubjectRow(number: 12, description: "a precomposed é (U+00E9), never decomposed", value: "Jos\u{E9}-42"),
        SubjectRow(number: 13, description: "a fullwidth A (U+FF21), which NFKC folds to A", value: "cust-\u{FF21}"),
        SubjectRow(number: 14, description: "the ligature ﬁ (U+FB01), which NFKC splits", value: "\u{FB01}nance-42"),
        SubjectRow(number: 15, description: "a quote and a backslash, which must be escaped", value: "a\"b\\c"),
        SubjectRow(number: 16, description: "</script>, which HTML-safe encoders escape (still the same string)", value: "</script>"),
        SubjectRow(number: 17, description: "a line separator (U+2028)", value: "line\u{2028}sep"),
        SubjectRow(number: 18, description: "a tab and a line feed, which must be escaped", value: "tab\there\nnext"),
        SubjectRow(number: 19, description: "U+0000 inside, never cut", value: "nul\u{0}byte"),
        SubjectRow(number: 20, description: "an emoji ZWJ sequence", value: "cust-\u{1F469}\u{200D}\u{1F4BB}"),
        SubjectRow(number: 21, description: "right-to-left text", value: "\u{5E2}\u{5D1}\u{5E8}\u{5D9}\u{5EA}-42"),
        SubjectRow(number: 22, description: "a dotted capital I (U+0130), which lower-casing changes", value: "\u{130}stanbul-42"),
        SubjectRow(number: 23, description: "a sharp s (ß), which upper-casing lengthens", value: "stra\u{DF}e-42"),
        SubjectRow(number: 24, description: "a leading U+FEFF, never stripped", value: "\u{FEFF}cust-42"),
        SubjectRow(number: 25, description: "1024 characters, never truncated",
                   value: String(String(repeating: "0123456789abcdef", count: 64).prefix(1024))),
        SubjectRow(number: 26, description: "a character outside the BMP (U+10FFFD)", value: "cust-\u{10FFFD}"),
        SubjectRow(number: 27, description: "every C0 control character (U+0001 to U+001F), each of which must be escaped",
                   value: "c" + String(String.UnicodeScalarView((1...0x1F).map { Unicode.Scalar($0 as UInt32)! })) + "-42"),
        SubjectRow(number: 28, description: "DEL, a space, a solidus and a grave accent, none of which needs escaping", value: "a\u{7F} /`-42"),
        SubjectRow(number: 29, description: "U+0000 and U+001F at either end", value: "\u{0}cust-42\u{1F}"),
        SubjectRow(number: 30, description: "4,096 characters, a claims set past the 2 KiB beyond which some JSON encoders return chunks (jiffy), never truncated",
                   value: String(String(repeating: "0123456789abcdef", count: 256))),
    ]

    static let emails: [SubjectRow] = [
        SubjectRow(number: 50, description: "an email with surrounding spaces, never trimmed", value: " jane.doe@example.com "),
        SubjectRow(number: 51, description: "an email in upper case, never lower-cased", value: "JANE.DOE@EXAMPLE.COM"),
        SubjectRow(number: 52, description: "an email with a plus tag, kept", value: "jane.doe+chat@example.com"),
        SubjectRow(number: 53, description: "an email with a decomposed é, never composed", value: "jose\u{301}@example.com"),
        SubjectRow(number: 54, description: "an internationalised domain, never converted to punycode", value: "jane@b\u{FC}cher.example"),
    ]

    static let clocks: [ClockRow] = [
        ClockRow(number: 1, description: "the epoch (now = 0)", now: 0, lifetime: nil),
        ClockRow(number: 2, description: "2^31 - 1, the last second a signed 32-bit time holds", now: 2_147_483_647, lifetime: nil),
        ClockRow(number: 3, description: "2^31, the first second past 32-bit time (2038)", now: 2_147_483_648, lifetime: nil),
        ClockRow(number: 4, description: "2^32, past unsigned 32-bit time", now: 4_294_967_296, lifetime: nil),
        ClockRow(number: 5, description: "an 11-digit time (10000000000)", now: 10_000_000_000, lifetime: nil),
        ClockRow(number: 6, description: "the last second of year 9999", now: 253_402_300_799, lifetime: nil),
        ClockRow(number: 7, description: "2^53 + 1 seconds, which a double rounds", now: 9_007_199_254_740_993, lifetime: nil),
        ClockRow(number: 8, description: "a lifetime of one second", now: defaultNow, lifetime: 1),
        ClockRow(number: 9, description: "a lifetime that crosses 2^31 (exp = iat + 2^31)", now: defaultNow, lifetime: 2_147_483_648),
        ClockRow(number: 10, description: "2^31 - 1 with a lifetime of one second: exp crosses 32 bits", now: 2_147_483_647, lifetime: 1),
        ClockRow(number: 11, description: "a lifetime of ten years", now: defaultNow, lifetime: 315_360_000),
        ClockRow(number: 12, description: "2^53 + 2, past 2^53 yet exact in a double: all digits, no exponent", now: 9_007_199_254_740_994, lifetime: nil),
        ClockRow(number: 13, description: "10^16, exact in a double: 17 digits, not 1e16", now: 10_000_000_000_000_000, lifetime: nil),
        ClockRow(number: 14, description: "2^53 + 2 with a lifetime of one second: exp is 2^53 + 3, which a double rounds",
                 now: 9_007_199_254_740_994, lifetime: 1),
    ]
}

extension CaseBook {
    /// Subjects a signer must write byte for byte, and clocks it must write exactly.
    mutating func addDerivedSignerCases() {
        let v = vendor
        let member = v.identityMembers[0]
        let rules = v.signerRules
        let claimRule = v.signerIdentityRule
        let timeRule = v.signerTimeRule
        func claims(_ name: String, _ value: String, now: Int64, lifetime: Int64?) -> JSONObject {
            var object = v.fixedClaims
            object.append(key: name, value: .string(value))
            object.append(key: "iat", value: Forge.int(now))
            if let lifetime { object.append(key: "exp", value: Forge.int(now + lifetime)) }
            return object
        }
        for row in SignerTable.subjects {
            sign(100 + row.number, "Derived (signer subject): an identifier with " + row.description,
                 rules: rules + [claimRule, "JWT-STRING-EXACT"], flags: ["signer-bug"],
                 subject: Subject(externalId: row.value), header: v.header,
                 claims: claims(member.name, row.value, now: defaultNow, lifetime: nil),
                 identity: Identity(kind: member.kind, value: row.value))
        }
        if let email = v.identityMembers.first(where: { $0.kind == .email }) {
            for row in SignerTable.emails {
                sign(100 + row.number, "Derived (signer subject): " + row.description,
                     rules: rules + [claimRule, "JWT-STRING-EXACT"], flags: ["signer-bug"],
                     subject: Subject(email: row.value), header: v.header,
                     claims: claims(email.name, row.value, now: defaultNow, lifetime: nil),
                     identity: Identity(kind: email.kind, value: row.value))
            }
        }
        for row in SignerTable.clocks {
            sign(200 + row.number, "Derived (signer clock): " + row.description + (row.lifetime == nil ? "" : ": exp is iat + lifetime"),
                 rules: rules + [timeRule], flags: ["boundary"],
                 now: row.now, subject: Subject(externalId: v.customer), lifetime: row.lifetime, header: v.header,
                 claims: claims(member.name, v.customer, now: row.now, lifetime: row.lifetime),
                 identity: v.identity)
        }
    }
}
