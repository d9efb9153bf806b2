import JWTConformance

/// A key set a verifier may be configured with, for the key-selection family.
struct KeySetShape {
    /// The permanent shape number: vectors are `<prefix>-HDR-15S0` to `15S9`.
    var number: Int
    var description: String
    var keys: [VerificationKey]
}

/// What a token says about its key, and which key actually signed it.
struct KeyChoice {
    /// The permanent number within the shape.
    var number: Int
    var description: String
    /// The header's `kid`, or nil for none.
    var kid: String?
    /// The secret that signed the token.
    var secret: String
}

extension TestKeys {
    /// A key configured without a key id (what a verifier may hold as its "default" key).
    static let kidlessSecret = "kidless-test-secret-0f1e2d3c4b5a69788796"
}

extension CaseBook {
    /// Every key-set shape crossed with the ways a token names (or fails to name) its key.
    ///
    /// A profile that requires `kid` selects exactly the key it names (SUN-KEY-SELECT): a `kid`
    /// that names no key is unknown-key whatever key signed the token and however the set is
    /// ordered, and a key configured without an id is never chosen by default. A profile that does
    /// not use `kid` ignores it (KUS-KEY).
    mutating func addKeySelectionCases() {
        let v = vendor
        let kidless = VerificationKey(kid: nil, secret: TestKeys.kidlessSecret)
        let shapes: [KeySetShape]
        if v.requiresKeyID {
            let (a, b) = (v.defaultGroup.keys[0], v.defaultGroup.keys[1])
            shapes = [
                KeySetShape(number: 1, description: "one app key", keys: [a]),
                KeySetShape(number: 2, description: "two app keys, the signing key first", keys: [a, b]),
                KeySetShape(number: 3, description: "two app keys, the signing key last", keys: [b, a]),
                KeySetShape(number: 4, description: "an app key, then a key configured without a kid", keys: [a, kidless]),
                KeySetShape(number: 5, description: "a key configured without a kid, then an app key", keys: [kidless, a]),
                KeySetShape(number: 6, description: "only a key configured without a kid", keys: [kidless]),
            ]
        } else {
            shapes = [
                KeySetShape(number: 1, description: "the organisation's secret, without a kid", keys: [v.signingKey]),
                KeySetShape(number: 2, description: "the organisation's secret, configured with kid org-key-1",
                            keys: [VerificationKey(kid: "org-key-1", secret: v.secret)]),
            ]
        }
        for shape in shapes {
            let group = KeyGroup(description: "key selection: " + shape.description, keys: shape.keys)
            let first = shape.keys.first!, last = shape.keys.last!
            let named = shape.keys.first { $0.kid != nil } ?? first
            let other = shape.keys.first { $0 != named } ?? VerificationKey(kid: nil, secret: TestKeys.attackerSecret)
            let choices = [
                KeyChoice(number: 1, description: "kid names no key; signed with the set's first key", kid: "app_0000000000000000unknown",
                          secret: first.secret),
                KeyChoice(number: 2, description: "kid names no key; signed with the set's last key", kid: "app_0000000000000000unknown",
                          secret: last.secret),
                KeyChoice(number: 3, description: "no kid; signed with the set's first key", kid: nil, secret: first.secret),
                KeyChoice(number: 4, description: "kid names a key of the set and that key signed", kid: named.kid ?? "org-key-1",
                          secret: named.secret),
                KeyChoice(number: 5, description: "kid names a key of the set but another secret signed", kid: named.kid ?? "org-key-1",
                          secret: other.secret),
                KeyChoice(number: 6, description: "kid is the empty string; signed with the set's last key", kid: "", secret: last.secret),
                KeyChoice(number: 7, description: "kid is a configured id in upper case; signed with that key",
                          kid: (named.kid ?? "org-key-1").uppercased(), secret: named.secret),
            ]
            for choice in choices {
                let header = choice.kid.map { v.header.with("kid", .string($0)) } ?? v.header.without("kid")
                let token = Forge.sign(header, v.payload(), secret: choice.secret)
                let expected: Expectation
                if v.requiresKeyID {
                    if let kid = choice.kid {
                        if let key = shape.keys.first(where: { $0.kid.map { Array($0.utf8) == Array(kid.utf8) } ?? false }) {
                            expected = key.secret == choice.secret ? .accept(v.identity) : .reject(.badSignature)
                        } else {
                            expected = .reject(.unknownKey)
                        }
                    } else {
                        expected = .reject(.invalidHeader)
                    }
                } else {
                    expected = shape.keys.contains { $0.secret == choice.secret } ? .accept(v.identity) : .reject(.badSignature)
                }
                var flags: [String] = []
                if case .reject = expected, shape.keys.contains(where: { $0.secret == choice.secret }) { flags.append("auth-bypass") }
                add(.header, 1500 + shape.number * 10 + choice.number,
                    "Derived (key selection, \(shape.description)): \(choice.description)",
                    rules: v.keyRules + (expected.result == "accept" || choice.secret != TestKeys.attackerSecret ? ["JWS-SIGNATURE"] : []),
                    flags: flags, group: group, token: token, expect: expected,
                    decided: v.requiresKeyID && choice.number == 5 ? v.keySelectionAmbiguity : nil)
            }
        }
    }
}
