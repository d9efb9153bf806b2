import JWTConformance

/// A NumericDate claim as the derived families vary it.
struct TimeMember {
    var code: Int
    var name: String
    var rules: [String]
    /// A value that passes the claim's check at the default clock.
    var passing: Int64
    /// A value that fails it, with the reason, or nil when no value fails (Sunshine's `iat`).
    var failing: (value: Int64, reason: RejectionReason)?
    /// The ambiguity that leaves every unusable value open (Sunshine's `iat`), or nil.
    var uncheckedAmbiguity: String?
    /// Whether a value read as absent is refused as missing (Kustomer's `iat`).
    var required: Bool
    /// What the member's rule makes of a time ahead of the clock.
    var ahead: Ahead

    /// How a claim judges a time ahead of the verifier's clock.
    enum Ahead {
        /// It passes (`exp`: not yet expired).
        case passes
        /// It fails with this reason (`nbf`: not yet valid).
        case fails(RejectionReason)
        /// It passes when ahead by at most `skew` seconds, which is this ambiguity's question,
        /// and fails beyond (Kustomer's `iat`).
        case window(skew: Int64, ambiguity: String)
        /// This ambiguity leaves it open (`iat` without a rule).
        case open(String)
    }

    /// The expectation for a token whose only time question is this member `offset` seconds
    /// ahead of the clock, and the ambiguity whose decision it records.
    func expectation(ahead offset: Int64, identity: Identity) -> (Expectation, decided: String?) {
        switch ahead {
        case .passes: (.accept(identity), nil)
        case .fails(let reason): (.reject(reason), nil)
        case .window(let skew, let ambiguity) where offset > skew: (.reject(.issuedAtOutOfWindow), ambiguity)
        case .window(_, let ambiguity), .open(let ambiguity): (.either(ambiguity, identity, .issuedAtOutOfWindow), nil)
        }
    }
}

/// The spellings of a NumericDate that lenient readers coerce to a number (codes 20–45: even
/// codes wrap the passing value, odd codes the failing one).
enum TimeSpelling: Int, CaseIterable {
    case digitString = 0
    case leadingSpace
    case trailingSpace
    case plusSign
    case fullwidthDigits
    case hexadecimal
    case underscores
    case array
    case object
    case fraction
    case exponent
    case nestedString

    func json(_ value: Int64) -> String {
        let digits = String(value)
        switch self {
        case .digitString: return "\"\(digits)\""
        case .leadingSpace: return "\" \(digits)\""
        case .trailingSpace: return "\"\(digits) \""
        case .plusSign: return "\"+\(digits)\""
        case .fullwidthDigits:
            return "\"" + String(String.UnicodeScalarView(digits.unicodeScalars.map { Unicode.Scalar($0.value - 0x30 + 0xFF10)! })) + "\""
        case .hexadecimal: return "\"0x" + String(value, radix: 16) + "\""
        case .underscores:
            var groups: [String] = []
            var rest = Substring(digits)
            while rest.count > 3 {
                groups.insert(String(rest.suffix(3)), at: 0)
                rest = rest.dropLast(3)
            }
            groups.insert(String(rest), at: 0)
            return "\"" + groups.joined(separator: "_") + "\""
        case .array: return "[\(digits)]"
        case .object: return "{\"value\":\(digits)}"
        case .fraction: return digits + ".0"
        case .exponent:
            var mantissa = Substring(digits)
            while mantissa.count > 1, mantissa.last == "0" { mantissa = mantissa.dropLast() }
            let tail = mantissa.dropFirst()
            return String(mantissa.prefix(1)) + (tail.isEmpty ? "" : "." + tail) + "e\(digits.count - 1)"
        case .nestedString: return "[\"\(digits)\"]"
        }
    }

    var label: String {
        switch self {
        case .digitString: "a string of its digits"
        case .leadingSpace: "a string of its digits after a space"
        case .trailingSpace: "a string of its digits before a space"
        case .plusSign: "a string of its digits after a plus sign"
        case .fullwidthDigits: "a string of its digits in fullwidth forms (U+FF10…)"
        case .hexadecimal: "a string of its hexadecimal digits after 0x"
        case .underscores: "a string of its digits grouped by underscores"
        case .array: "an array holding the number"
        case .object: "an object holding the number"
        case .fraction: "the number written with .0"
        case .exponent: "the number written with an exponent"
        case .nestedString: "an array holding a string of its digits"
        }
    }
}

extension Vendor {
    /// How the profile judges an `iat` ahead of the clock: in or out of its window, or open.
    private var issuedAtAhead: TimeMember.Ahead {
        if let issuedAtFuture { return .window(skew: issuedAtFuture.skew, ambiguity: issuedAtFuture.ambiguity) }
        guard let issuedAtUncheckedAmbiguity else {
            preconditionFailure("profile \(profile) names no ambiguity for an iat ahead of the clock")
        }
        return .open(issuedAtUncheckedAmbiguity)
    }

    /// `exp`, `nbf` and `iat`, with a passing and a failing value at the default clock.
    var timeMembers: [TimeMember] {
        let now = defaultNow
        return [
            TimeMember(code: 1, name: "exp", rules: expirationRules + ["JWT-NUMERICDATE"], passing: now + 3600,
                       failing: (now - 3600, .expired), uncheckedAmbiguity: nil, required: false, ahead: .passes),
            TimeMember(code: 2, name: "nbf", rules: ["JWT-NBF", "JWT-NUMERICDATE"], passing: now - 3600,
                       failing: (now + 3600, .notYetValid), uncheckedAmbiguity: nil, required: false, ahead: .fails(.notYetValid)),
            checksIssuedAt
                ? TimeMember(code: 3, name: "iat", rules: issuedAtRules + ["JWT-NUMERICDATE"], passing: now,
                             failing: (now - 3600, .issuedAtOutOfWindow), uncheckedAmbiguity: nil, required: true,
                             ahead: issuedAtAhead)
                : TimeMember(code: 3, name: "iat", rules: issuedAtRules, passing: now,
                             failing: nil, uncheckedAmbiguity: issuedAtUncheckedAmbiguity, required: false,
                             ahead: issuedAtAhead),
        ]
    }
}

extension CaseBook {
    /// `exp`, `nbf` and `iat`, each with every JSON type and every coerced spelling of a passing
    /// and of a failing value.
    mutating func addTimeMemberCases() {
        let v = vendor
        for member in v.timeMembers {
            func token(_ json: String, now: Int64 = defaultNow) -> String {
                Forge.sign(headerText: Forge.text(v.header), payloadText: v.text(v.payload(now: now), setting: member.name, to: json),
                           secret: v.secret)
            }
            // Values of another type: nothing to coerce them to but 1, 0 or absence.
            let absentReasons: [RejectionReason] = member.required ? [.missingClaim] : []
            for value in MemberValueTable.types where ![.integer("0"), .integer("42"), .integer("-1"), .nonInteger].contains(value.shape) {
                var alternatives = absentReasons
                if value.shape == .boolean, let failing = member.failing, failing.reason == .expired { alternatives.append(failing.reason) }
                if value.shape == .boolean { alternatives.removeAll { $0 == .missingClaim } }
                let expected: Expectation = member.uncheckedAmbiguity.map { .either($0, v.identity, .invalidClaimType) }
                    ?? .reject(.invalidClaimType, alternatives: alternatives)
                addMember(.timing, 2000 + member.code * 100 + value.code, "\(member.name) is \(value.label)",
                          rules: member.rules, token: token(value.json), expect: expected,
                          decided: value.shape == .null && member.uncheckedAmbiguity == nil ? "AMB-NULL-CLAIM" : nil)
            }
            for spelling in TimeSpelling.allCases {
                let cases: [(value: Int64, failing: RejectionReason?, offset: Int)] =
                    [(member.passing, nil, 0)] + (member.failing.map { [($0.value, $0.reason, 1)] } ?? [])
                for (value, failing, offset) in cases {
                    let expected: Expectation
                    var decided: String?
                    let moment = failing == nil ? "passing" : "failing"
                    if let unchecked = member.uncheckedAmbiguity {
                        let ambiguity = switch spelling {
                        case .fraction, .exponent: "AMB-NUMERICDATE-FRACTION"
                        case .digitString: "AMB-NUMERICDATE-STRING"
                        default: unchecked
                        }
                        expected = .either(ambiguity, v.identity, .invalidClaimType)
                    } else {
                        switch (spelling, failing) {
                        case (.digitString, nil):
                            expected = .either("AMB-NUMERICDATE-STRING", v.identity, .invalidClaimType)
                        case (.digitString, let reason?):
                            expected = .reject(.invalidClaimType, reason)
                            decided = "AMB-NUMERICDATE-STRING"
                        case (.fraction, nil), (.exponent, nil):
                            expected = .either("AMB-NUMERICDATE-FRACTION", v.identity, .invalidClaimType)
                        case (.fraction, let reason?), (.exponent, let reason?):
                            expected = .reject(reason, .invalidClaimType)
                            decided = "AMB-NUMERICDATE-FRACTION"
                        case (_, let reason):
                            expected = .reject(.invalidClaimType, alternatives: absentReasons + (reason.map { [$0] } ?? []))
                            if [.leadingSpace, .trailingSpace, .plusSign, .fullwidthDigits, .hexadecimal, .underscores].contains(spelling) {
                                decided = "AMB-NUMERICDATE-STRING"
                            }
                        }
                    }
                    addMember(.timing, 2000 + member.code * 100 + 20 + 2 * spelling.rawValue + offset,
                              "\(member.name) holds a \(moment) time (\(value)) as \(spelling.label): \(spelling.json(value))",
                              rules: member.rules, token: token(spelling.json(value)), expect: expected, decided: decided)
                }
            }
            // The epoch, 0, at clocks before 1970: a reader that takes 0 for "absent" (as false, or
            // as Go's zero value) skips the check that a time ahead of the clock must meet.
            for (row, now) in [(52, Int64(-3600)), (53, Int64(-300))] {
                let (expected, decided) = member.expectation(ahead: -now, identity: v.identity)
                var flags: [String] = []
                if case .acceptable = expected { flags.append("vendor-ambiguity") }
                add(.timing, 2000 + member.code * 100 + row,
                    "Derived (member × type): \(member.name) is 0, the epoch, at a clock \(-now) s before it (now = \(now))",
                    rules: member.rules, flags: flags, now: now, token: token("0", now: now), expect: expected, decided: decided)
            }
            // The epoch, 0: a value many languages read as false, so "if iat" skips or refuses it.
            // 0 passes `iat` at a clock 300 s later; `exp` and `nbf` at 0 are baseline vectors.
            if member.name == "iat" {
                add(.timing, 2000 + member.code * 100 + 50, "Derived (member × type): iat is 0, the epoch, at a clock 300 s later (now = 300)",
                    rules: member.rules, now: 300, token: token("0"), expect: .accept(v.identity))
                if let failing = member.failing {
                    add(.timing, 2000 + member.code * 100 + 51, "Derived (member × type): iat is 0, the epoch, at the default clock",
                        rules: member.rules, token: token("0"), expect: .reject(failing.reason))
                }
            }
        }
    }
}
