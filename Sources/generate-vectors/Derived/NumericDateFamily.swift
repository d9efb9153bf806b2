import JWTConformance

/// A NumericDate literal and how it compares with the clock, decided by hand from its exact value.
struct NumericDateRow {
    /// The permanent row number: the vector is `<prefix>-TIM-25NN` (`exp`) or `-26NN` (`nbf`).
    var number: Int
    var literal: String
    /// Whether the exact value passes the claim's check at the default clock.
    var passesExactly: Bool
    /// Whether the value truncated to whole seconds (toward zero) passes it.
    var passesTruncated: Bool
    /// Whether the value lies outside the signed 64-bit range (AMB-NUMERICDATE-RANGE).
    var beyond64Bits: Bool = false

    /// Whether the literal has neither a fraction nor an exponent.
    var isIntegerLiteral: Bool { !literal.contains { ".eE".contains($0) } }
}

/// Number spellings at the edges of the RFC 8259 number grammar and of 64-bit integers, for
/// `exp` and `nbf` at the default clock (1700000000).
enum NumericDateTable {
    static let exp: [NumericDateRow] = [
        NumericDateRow(number: 1, literal: "100000000000000000", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 2, literal: "1000000000000000000", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 3, literal: "-100000000000000000", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 4, literal: "-9223372036854775808", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 5, literal: "9223372036854775808", passesExactly: true, passesTruncated: true, beyond64Bits: true),
        NumericDateRow(number: 6, literal: "-9223372036854775809", passesExactly: false, passesTruncated: false, beyond64Bits: true),
        NumericDateRow(number: 7, literal: "1700000000.000001", passesExactly: true, passesTruncated: false),
        NumericDateRow(number: 8, literal: "1699999999.999999", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 9, literal: "-0.5", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 10, literal: "17000036e2", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 11, literal: "170000360000e-2", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 12, literal: "0.17000036E+10", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 13, literal: "1700003600.000", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 14, literal: "1E19", passesExactly: true, passesTruncated: true, beyond64Bits: true),
        NumericDateRow(number: 15, literal: "9.223372036854775807e18", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 16, literal: "1.6999964e9", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 17, literal: "-0", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 18, literal: "0e5", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 19, literal: "1e-400", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 20, literal: "1700000000e0", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 21, literal: "17000000001e-1", passesExactly: true, passesTruncated: false),
        NumericDateRow(number: 22, literal: "1e99999999999999999999", passesExactly: true, passesTruncated: true, beyond64Bits: true),
    ]

    static let nbf: [NumericDateRow] = [
        NumericDateRow(number: 1, literal: "1699999999.5", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 2, literal: "-0.5", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 3, literal: "1e-400", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 4, literal: "1.7e9", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 5, literal: "17000000001e-1", passesExactly: false, passesTruncated: true),
        NumericDateRow(number: 6, literal: "1700000001.0", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 7, literal: "-9223372036854775809", passesExactly: true, passesTruncated: true, beyond64Bits: true),
        NumericDateRow(number: 8, literal: "9223372036854775808", passesExactly: false, passesTruncated: false, beyond64Bits: true),
        NumericDateRow(number: 9, literal: "-9223372036854775808", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 10, literal: "1000000000000000000", passesExactly: false, passesTruncated: false),
        NumericDateRow(number: 11, literal: "-100000000000000000", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 12, literal: "0", passesExactly: true, passesTruncated: true),
        NumericDateRow(number: 13, literal: "1E+2", passesExactly: true, passesTruncated: true),
    ]
}

extension CaseBook {
    /// `exp` and `nbf` written at the edges of the number grammar and of 64-bit integers, each
    /// expectation following JWT-NUMERICDATE and the range and fraction ambiguities' decisions.
    mutating func addNumericDateCases() {
        let v = vendor
        let claims: [(String, [NumericDateRow], Int, [String], RejectionReason)] = [
            ("exp", NumericDateTable.exp, 2500, v.expirationRules, .expired),
            ("nbf", NumericDateTable.nbf, 2600, ["JWT-NBF"], .notYetValid),
        ]
        for (name, rows, block, rules, reason) in claims {
            for row in rows {
                let expected: Expectation
                var decided: String?
                switch (row.isIntegerLiteral, row.beyond64Bits, row.passesExactly) {
                case (true, false, true):
                    expected = .accept(v.identity)
                case (true, false, false):
                    expected = .reject(reason)
                case (_, true, true):
                    expected = .either("AMB-NUMERICDATE-RANGE", v.identity, .invalidClaimType)
                case (_, true, false):
                    expected = .reject(reason, .invalidClaimType)
                    decided = "AMB-NUMERICDATE-RANGE"
                case (false, false, _) where row.passesExactly || row.passesTruncated:
                    expected = row.passesExactly == row.passesTruncated
                        ? .either("AMB-NUMERICDATE-FRACTION", v.identity, .invalidClaimType)
                        : .either("AMB-NUMERICDATE-FRACTION", v.identity, .invalidClaimType, reason)
                case (false, false, _):
                    expected = .reject(reason, .invalidClaimType)
                    decided = "AMB-NUMERICDATE-FRACTION"
                }
                var flags = ["boundary"]
                if case .acceptable = expected { flags.append("vendor-ambiguity") }
                add(.timing, block + row.number, "Derived (NumericDate spelling): \(name) is \(row.literal)",
                    rules: rules + ["JWT-NUMERICDATE"], sources: [Source.rfc8259Numbers], flags: flags,
                    token: v.token(nil, v.payload().with(name, Forge.number(row.literal))), expect: expected, decided: decided)
            }
        }
    }
}
