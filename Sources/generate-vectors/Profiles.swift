import JWTConformance

/// The vendor profiles as data (`Vectors/profiles/*.json`), in ProfileDefinition's shape.
///
/// The reference signer and verifier read these files; the generator writes them so that
/// they cannot drift from the cases (`--check` compares them too). Decisions a profile
/// encodes are explained by rules and ambiguities of the catalogue.
enum Profiles {
    static let kustomer = ProfileDefinition(
        id: "kustomer",
        title: "Kustomer Chat (iOS, Android, Web and React Native SDKs)",
        sources: [
            Source.kusIOSHeader, Source.kusIOSPayloads, Source.kusIOSSecret, Source.kusIOSLoggedIn,
            Source.kusMobileLoggedIn, Source.kusWebHeader, Source.kusWebPayloads, Source.kusWebNode,
            Source.kusWebLoggedIn, Source.kusRNLoggedIn, Source.factsKustomer,
        ],
        algorithms: ["HS256"],
        header: HeaderRules(typ: "JWT", typRequired: false, keyIdRequired: false, understoodCriticalParameters: []),
        identityClaims: [IdentityClaim(claim: "email", kind: .email), IdentityClaim(claim: "externalId", kind: .externalId)],
        scope: nil,
        issuedAt: IssuedAtRule(required: true, maximumAge: 900, maximumFutureSkew: 900),
        expiration: ExpirationRule(honoured: true, required: false),
        notBefore: NotBeforeRule(honoured: true)
    )

    /// Sunshine has no `iat` rule (`issuedAt` null): the documents never mention `iat`, the
    /// guide's sample structure has none, and expiry is opt-in through `exp`
    /// (SUN-IAT-UNCHECKED, AMB-SUN-IAT).
    static let sunshine = ProfileDefinition(
        id: "sunshine",
        title: "Sunshine Conversations (Smooch / Zendesk) Web, iOS and Android SDKs",
        sources: [Source.sunAuthIntro, Source.sunAuth, Source.sunLogin, Source.sunExpiring, Source.sunSample, Source.factsSunshine],
        algorithms: ["HS256"],
        header: HeaderRules(typ: "JWT", typRequired: false, keyIdRequired: true, understoodCriticalParameters: []),
        identityClaims: [IdentityClaim(claim: "external_id", kind: .externalId)],
        scope: ScopeRule(claim: "scope", value: "user"),
        issuedAt: nil,
        expiration: ExpirationRule(honoured: true, required: false),
        notBefore: NotBeforeRule(honoured: true)
    )

    static let all: [ProfileDefinition] = [kustomer, sunshine]

    /// The profile as JSON, members in the order of ProfileDefinition's properties.
    static func json(_ profile: ProfileDefinition) -> JSONValue {
        var object = JSONObject()
        object.append(key: "id", value: .string(profile.id.rawValue))
        object.append(key: "title", value: .string(profile.title))
        object.append(key: "sources", value: .array(profile.sources.map(JSONValue.string)))
        object.append(key: "algorithms", value: .array(profile.algorithms.map(JSONValue.string)))
        var header = JSONObject()
        header.append(key: "typ", value: profile.header.typ.map(JSONValue.string) ?? .null)
        header.append(key: "typRequired", value: .bool(profile.header.typRequired))
        header.append(key: "keyIdRequired", value: .bool(profile.header.keyIdRequired))
        header.append(key: "understoodCriticalParameters",
                      value: .array(profile.header.understoodCriticalParameters.map(JSONValue.string)))
        object.append(key: "header", value: .object(header))
        object.append(key: "identityClaims", value: .array(profile.identityClaims.map {
            ["claim": .string($0.claim), "kind": .string($0.kind.rawValue)]
        }))
        object.append(key: "scope", value: profile.scope.map { ["claim": .string($0.claim), "value": .string($0.value)] } ?? .null)
        object.append(key: "issuedAt", value: profile.issuedAt.map {
            ["required": .bool($0.required), "maximumAge": Forge.int($0.maximumAge), "maximumFutureSkew": Forge.int($0.maximumFutureSkew)]
        } ?? .null)
        object.append(key: "expiration", value: [
            "honoured": .bool(profile.expiration.honoured), "required": .bool(profile.expiration.required),
        ])
        object.append(key: "notBefore", value: ["honoured": .bool(profile.notBefore.honoured)])
        return .object(object)
    }
}

/// The catalogue as JSON, in RuleCatalogue's shape.
enum CatalogueDocument {
    static func json() -> JSONValue {
        var object = JSONObject()
        object.append(key: "rules", value: .array(Catalogue.rules.map { rule in
            var member = JSONObject()
            member.append(key: "id", value: .string(rule.id))
            member.append(key: "level", value: .string(rule.level.rawValue))
            member.append(key: "profiles", value: .array(rule.profiles.map(JSONValue.string)))
            member.append(key: "roles", value: .array(rule.roles.map { .string($0.rawValue) }))
            member.append(key: "statement", value: .string(rule.statement))
            member.append(key: "sources", value: .array(rule.sources.map(JSONValue.string)))
            return .object(member)
        }))
        object.append(key: "ambiguities", value: .array(Catalogue.ambiguities.map { ambiguity in
            var member = JSONObject()
            member.append(key: "id", value: .string(ambiguity.id))
            member.append(key: "profiles", value: .array(ambiguity.profiles.map(JSONValue.string)))
            member.append(key: "question", value: .string(ambiguity.question))
            member.append(key: "readings", value: .array(ambiguity.readings.map(JSONValue.string)))
            member.append(key: "decision", value: .string(ambiguity.decision))
            member.append(key: "rationale", value: .string(ambiguity.rationale))
            member.append(key: "sources", value: .array(ambiguity.sources.map(JSONValue.string)))
            return .object(member)
        }))
        object.append(key: "flags", value: .array(Catalogue.flags.map { flag in
            ["id": .string(flag.id), "meaning": .string(flag.meaning)]
        }))
        return .object(object)
    }
}
