import JWTConformance

/// Which of the catalogue's open questions a token falls into, from its shape.
///
/// The questions, readings and decisions are the catalogue's; this table only recognises the
/// shapes. `AMB-SHORT-SECRET` is never reported: it depends on the secret's length, and the
/// doctor says nothing about a secret beyond whether it matches.
enum AmbiguityDetector {
    /// What a detector may look at.
    struct Facts {
        var anatomy: TokenAnatomy
        var profile: ProfileDefinition
        var now: UnixTime
        var signatureCause: SignatureCause?

        var header: JSONObject? { anatomy.header }
        var payload: JSONObject? { anatomy.payload }
        var dates: [JSONValue] { ["iat", "exp", "nbf"].compactMap { payload?[$0] } }

        /// The whole seconds of a NumericDate claim.
        func seconds(_ claim: String) -> Int64? {
            guard case .number(let number)? = payload?[claim] else { return nil }
            return TimingLine.wholeSeconds(number)
        }
    }

    /// Whether a JSON value is a usable identity: a non-empty string.
    private static func isUsable(_ value: JSONValue?) -> Bool {
        if case .string(let text)? = value { return !text.isEmpty }
        return false
    }

    static let table: [(id: String, applies: @Sendable (Facts) -> Bool)] = [
        ("AMB-KUS-TYP-REQUIRED", { $0.header != nil && $0.header?["typ"] == nil }),
        ("AMB-SUN-TYP", { facts in facts.header != nil && facts.header?["typ"] != .string("JWT") }),
        ("AMB-TYP-CASE", { facts in
            guard case .string(let typ)? = facts.header?["typ"], typ != "JWT" else { return false }
            return ["jwt", "application/jwt"].contains(typ.lowercased())
        }),
        ("AMB-KUS-IAT-BOUNDARY", { facts in
            guard let rule = facts.profile.issuedAt, let iat = facts.seconds("iat") else { return false }
            return TimingLine.difference(facts.now, iat) == rule.maximumAge
        }),
        ("AMB-KUS-IAT-FUTURE", { facts in
            guard let rule = facts.profile.issuedAt, let iat = facts.seconds("iat") else { return false }
            guard let ahead = TimingLine.difference(iat, facts.now) else { return false }
            return ahead > 0 && ahead <= rule.maximumFutureSkew
        }),
        ("AMB-NUMERICDATE-STRING", { $0.dates.contains { $0.stringValue != nil } }),
        ("AMB-NUMERICDATE-FRACTION", { facts in
            facts.dates.contains { value in
                guard case .number(let number) = value else { return false }
                return !number.isInteger && number.doubleValue.magnitude < 1e18
            }
        }),
        ("AMB-NUMERICDATE-RANGE", { facts in
            facts.dates.contains { value in
                guard case .number(let number) = value else { return false }
                return number.isInteger ? number.int64Value == nil : !(number.doubleValue.magnitude < 1e18)
            }
        }),
        ("AMB-CLOCK-LEEWAY", { facts in
            let exp = facts.seconds("exp").flatMap { TimingLine.difference(facts.now, $0) }.map { (0..<60).contains($0) } ?? false
            let nbf = facts.seconds("nbf").flatMap { TimingLine.difference($0, facts.now) }.map { (1...60).contains($0) } ?? false
            return exp || nbf
        }),
        ("AMB-KUS-EXTERNALID-NUMBER", { facts in
            facts.profile.identityClaims.contains { rule in
                rule.kind == .externalId && facts.payload?[rule.claim]?.numberValue != nil
            }
        }),
        ("AMB-KUS-EMAIL-FALLBACK", { facts in
            let values = facts.profile.identityClaims.map { facts.payload?[$0.claim] }
            guard let first = values.firstIndex(where: { $0 != nil }), !isUsable(values[first]) else { return false }
            return values[(first + 1)...].contains { isUsable($0) }
        }),
        ("AMB-KUS-SHADOWED-EXTERNALID", { facts in
            let values = facts.profile.identityClaims.map { facts.payload?[$0.claim] }
            guard let first = values.firstIndex(where: { $0 != nil }), isUsable(values[first]) else { return false }
            return values[(first + 1)...].contains { $0 != nil && !isUsable($0) }
        }),
        ("AMB-NULL-CLAIM", { facts in
            let claims = facts.profile.identityClaims.map(\.claim) + [facts.profile.scope?.claim, "iat", "exp", "nbf"].compactMap { $0 }
            return claims.contains { facts.payload?[$0] == .null }
        }),
        ("AMB-SUN-LEGACY-SCOPE", { facts in
            guard let rule = facts.profile.scope else { return false }
            return facts.payload?[rule.claim] == .string("appUser")
        }),
        ("AMB-SUN-IAT", { facts in
            guard let iat = facts.payload?["iat"] else { return false }
            guard case .number = iat else { return true }
            return facts.seconds("iat").map { $0 > facts.now } ?? true
        }),
        ("AMB-SUN-ALG-FAMILY", { facts in
            guard case .string(let algorithm)? = facts.header?["alg"] else { return false }
            return ["HS384", "HS512"].contains(algorithm)
        }),
        ("AMB-SUN-KEY-SELECTION", { facts in
            if case .otherKey? = facts.signatureCause { return true }
            return false
        }),
        ("AMB-DUPLICATE-MEMBERS", { facts in
            if case .duplicateMember? = facts.anatomy.decodingError { return true }
            return false
        }),
        ("AMB-RESOURCE-LIMITS", { facts in
            switch facts.anatomy.decodingError {
            case .tooLarge?: return true
            case .invalidJSON(_, let error)?: return error.kind == .depthLimitExceeded
            default: return false
            }
        }),
        ("AMB-JSON-BOM", { facts in
            [.header, .payload].contains { facts.anatomy.segment($0)?.startsWithUTF8ByteOrderMark ?? false }
        }),
        ("AMB-KUS-KID-TYPE", { facts in
            guard !facts.profile.header.keyIdRequired, let kid = facts.header?["kid"] else { return false }
            return kid.stringValue == nil
        }),
        ("AMB-JSON-LONE-SURROGATE", { facts in
            if case .invalidJSON(_, let error)? = facts.anatomy.decodingError { return error.kind == .loneSurrogate }
            return false
        }),
    ]

    /// The catalogue's ambiguities of the profile that the token falls into, in catalogue order.
    static func ambiguities(_ facts: Facts, in catalogue: RuleCatalogue) -> [Ambiguity] {
        let found = Set(table.filter { $0.applies(facts) }.map(\.id))
        return catalogue.ambiguities.filter { found.contains($0.id) && $0.profiles.contains(facts.profile.id.rawValue) }
    }
}
