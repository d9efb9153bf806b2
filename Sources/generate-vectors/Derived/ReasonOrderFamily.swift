import JWTConformance

/// One defect of the reason-order family: a single thing wrong with the vendor's valid token,
/// with the reason a verifier gives for it alone.
struct OrderDefect {
    /// The permanent code, 1–10: the vector for defects `a` and `b` is `<prefix>-PRE-3AAB`
    /// (3000 + 100 × a + b), with `a < b`.
    var code: Int
    var label: String
    var reason: RejectionReason
    var rules: [String]
    var edit: Edit

    /// How the defect changes the valid token.
    enum Edit {
        case header(@Sendable (JSONObject) -> JSONObject)
        case payload(@Sendable (JSONObject) -> JSONObject)
        /// Signed with another secret.
        case otherSecret
        /// Text appended to the finished token.
        case suffix(String)
    }
}

extension Vendor {
    /// One defect per reason of every stage that the vendor's rules decide without an ambiguity,
    /// in stage order: structure, header, key lookup (where `kid` is required), signature,
    /// claims, time.
    var orderDefects: [OrderDefect] {
        let names = identityMembers.map(\.name)
        let identity = identityClaim
        let customer = self.customer
        var defects = [
            OrderDefect(code: 1, label: "a fourth segment", reason: .malformed, rules: ["JWS-COMPACT-SEGMENTS"],
                        edit: .suffix(".e30")),
            OrderDefect(code: 2, label: "alg HS384", reason: .algorithmNotAllowed, rules: ["JWS-ALG-ALLOWLIST"],
                        edit: .header { $0.with("alg", "HS384") }),
        ]
        if requiresKeyID {
            defects.append(OrderDefect(code: 3, label: "a kid that names no key", reason: .unknownKey, rules: keyRules,
                                       edit: .header { $0.with("kid", "app_000000000000000000000000") }))
        }
        defects += [
            OrderDefect(code: 4, label: "a MAC made with another secret", reason: .badSignature, rules: ["JWS-SIGNATURE"],
                        edit: .otherSecret),
            OrderDefect(code: 5, label: "no identity claim", reason: .missingClaim, rules: identityRules,
                        edit: .payload { payload in names.reduce(payload) { $0.without($1) } }),
            OrderDefect(code: 6, label: "an identity claim that is an array", reason: .invalidClaimType, rules: identityRules,
                        edit: .payload { $0.with(identity, [.string(customer)]) }),
            OrderDefect(code: 7, label: "an empty identity claim", reason: .invalidClaimValue, rules: identityRules,
                        edit: .payload { $0.with(identity, "") }),
            OrderDefect(code: 8, label: "exp an hour ago", reason: .expired, rules: expirationRules,
                        edit: .payload { $0.with("exp", Forge.int(defaultNow - 3600)) }),
            OrderDefect(code: 9, label: "nbf an hour ahead", reason: .notYetValid, rules: ["JWT-NBF"],
                        edit: .payload { $0.with("nbf", Forge.int(defaultNow + 3600)) }),
        ]
        if checksIssuedAt {
            defects.append(OrderDefect(code: 10, label: "iat an hour old", reason: .issuedAtOutOfWindow, rules: issuedAtRules,
                                       edit: .payload { $0.with("iat", Forge.int(defaultNow - 3600)) }))
        }
        return defects
    }

    /// The valid token with every one of `defects`.
    func token(with defects: [OrderDefect]) -> String {
        var header = self.header
        var payload = self.payload()
        var secret = self.secret
        var suffix = ""
        for defect in defects {
            switch defect.edit {
            case .header(let edit): header = edit(header)
            case .payload(let edit): payload = edit(payload)
            case .otherSecret: secret = TestKeys.attackerSecret
            case .suffix(let text): suffix += text
            }
        }
        return Forge.sign(header, payload, secret: secret) + suffix
    }
}

extension CaseBook {
    /// Every pair of defects: the reason of the earlier stage, or either reason when both belong
    /// to the same stage (JWS-REASON-ORDER). Two defects of the same claim are not paired.
    mutating func addReasonOrderCases() {
        let v = vendor
        let defects = v.orderDefects
        for (index, first) in defects.enumerated() {
            for second in defects[(index + 1)...] {
                let sameStage = first.reason.stage == second.reason.stage
                if sameStage && first.reason.stage == .claims { continue }
                let expected: Expectation = sameStage ? .reject(first.reason, second.reason) : .reject(first.reason)
                let outcome = sameStage
                    ? "both are \(first.reason.stage) defects, either reason"
                    : "\(first.reason) comes first"
                add(.precedence, 3000 + 100 * first.code + second.code,
                    "Derived (reason order): \(first.label) and \(second.label): \(outcome)",
                    rules: ["JWS-REASON-ORDER"] + first.rules + second.rules, flags: ["multi-defect"],
                    token: v.token(with: [first, second]), expect: expected)
            }
        }
    }
}
