import JWTConformance

extension Vendor {
    /// The claims that name the customer, in the order the profile reads them (Kustomer: `email`
    /// wins over `externalId`).
    var identityMembers: [IdentityMember] {
        if profile == "kustomer" {
            return [
                IdentityMember(code: 1, name: "externalId", kind: .externalId, valid: customer,
                               rules: ["KUS-ID-CLAIMS", "KUS-ID-TYPE"], numberAmbiguity: "AMB-KUS-EXTERNALID-NUMBER"),
                IdentityMember(code: 2, name: "email", kind: .email, valid: "jane.doe@example.com",
                               rules: ["KUS-ID-CLAIMS", "KUS-ID-TYPE"], numberAmbiguity: nil),
            ]
        }
        return [IdentityMember(code: 3, name: identityClaim, kind: identityKind, valid: customer,
                               rules: identityRules, numberAmbiguity: nil)]
    }

    /// The scope claim and the one value it must hold, for profiles that have one.
    var scopeMember: ScopeMember? {
        fixedClaims["scope"].flatMap { $0.stringValue }.map { ScopeMember(name: "scope", value: $0, rules: ["SUN-SCOPE"]) }
    }

    /// Whether the header must name the signing key with `kid`.
    var requiresKeyID: Bool { keyRules.contains("SUN-HDR-KID") }

    /// Whether `iat` is held to a window around the verifier's clock.
    var checksIssuedAt: Bool { issuedAtRules.contains("KUS-IAT-WINDOW") }
}
