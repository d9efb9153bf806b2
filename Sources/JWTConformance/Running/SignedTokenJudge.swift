/// Judges a signer's token semantically: it is decoded and verified with the reference, and
/// every property the vector asks for is checked. Bytes are never compared, so key order and
/// whitespace are free.
public struct SignedTokenJudge: Judge {
    /// The profile the token was issued under.
    public var profile: ProfileDefinition

    public init(profile: ProfileDefinition) { self.profile = profile }

    /// `nil` when the token has every property the signer vector asks for, otherwise the failure,
    /// each problem in its details.
    public func failure(of token: String, against signing: SigningCase) -> Failure? {
        let problems = problems(with: token, for: signing)
        guard !problems.isEmpty else { return nil }
        return Failure(
            kind: .tokenProperty,
            expected: "a token with the properties of the vector",
            actual: "\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(token.prefix(80))\(token.count > 80 ? "…" : "")",
            details: problems
        )
    }

    /// Every way the token falls short of the expectation; empty when it conforms.
    public func problems(with token: String, for signing: SigningCase) -> [String] {
        let verifier = ReferenceVerifier(profile: profile)
        let decoding = verifier.decode(token)
        let decoded: CompactJWS
        switch decoding {
        case .success(let jws): decoded = jws
        case .failure(let error): return ["the token does not decode: \(error)"]
        }
        var problems: [String] = []
        problems += headerProblems(decoded.header, expected: signing.expected.header)
        for member in signing.expected.claims {
            guard let actual = decoded.payload[member.key] else {
                problems.append("claim \"\(member.key)\" is missing (expected \(member.value.serialized()))")
                continue
            }
            if !Self.sameJSON(actual, member.value) {
                problems.append(
                    "claim \"\(member.key)\" is \(actual.serialized()) (\(actual.typeName)), expected \(member.value.serialized()) (\(member.value.typeName))"
                )
            } else if case .number(let expected) = member.value, expected.isInteger, case .number(let written) = actual, !written.isInteger {
                problems.append(
                    "claim \"\(member.key)\" is written \(written.text): whole seconds are written as an integer, without a fraction or an exponent (verifiers may refuse other spellings, AMB-NUMERICDATE-FRACTION)"
                )
            }
        }
        if !decoded.hasValidSignature(authenticator: signing.key.authenticator) {
            problems.append("the signature does not verify under the key's UTF-8 bytes")
        }
        let report = verifier.verify(decoding, keys: [signing.key], now: signing.now)
        switch report.verdict {
        case .accept(let identity) where identity == signing.expected.identity:
            break
        case .accept(let identity):
            problems.append("the reference verifier resolves \(identity), expected \(signing.expected.identity)")
        case .reject:
            problems.append("the reference verifier rejects it: " + report.violations.map(\.message).joined(separator: "; "))
        }
        return problems
    }

    private func headerProblems(_ header: JSONObject, expected: JSONObject) -> [String] {
        var problems: [String] = []
        for member in expected {
            guard let actual = header[member.key] else {
                problems.append("header member \"\(member.key)\" is missing (expected \(member.value.serialized()))")
                continue
            }
            if !Self.sameJSON(actual, member.value) {
                problems.append("header member \"\(member.key)\" is \(actual.serialized()), expected \(member.value.serialized())")
            }
        }
        let extra = header.keys.filter { expected[$0] == nil }
        if !extra.isEmpty {
            problems.append("header has members the profile does not call for: \(extra.joined(separator: ", "))")
        }
        return problems
    }

    /// JSON equality by type and value: numbers compare by their exact decimal value, so
    /// `1700000000`, `1700000000.0` and `1.7e9` are equal but `1700000000.0000001` is not;
    /// strings compare by their exact UTF-8 bytes. (An integer the vector expects must also be
    /// written as an integer literal: see ``problems(with:for:)``.)
    static func sameJSON(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            return a.hasSameValue(as: b)
        default:
            return lhs == rhs
        }
    }
}
