import JWTConformance

/// The catalogue rules a mutation or a reference violation exercises, by topic, for a profile.
///
/// Profile rules are named `<PREFIX>-<TOPIC>` (`KUS-HDR-TYP`, `SUN-HDR-TYP`); a topic the profile
/// has no rule for falls back to the baseline rule given, so every finding cites a rule that
/// exists in the catalogue.
public struct RuleNames: Sendable {
    private let known: Set<String>
    private let prefix: String

    /// Rule names for `profile`, checked against `catalogue` when there is one.
    public init(profile: ProfileID, catalogue: RuleCatalogue?) {
        known = Set(catalogue?.rules.map(\.id) ?? [])
        prefix = String(profile.rawValue.prefix(3)).uppercased()
    }

    /// The profile's rule for `topic` (`HDR-TYP`), or `fallback` when the catalogue lacks it.
    public func profileRule(_ topic: String, fallback: String) -> String {
        let name = "\(prefix)-\(topic)"
        return known.isEmpty || known.contains(name) ? name : fallback
    }

    /// The rules of the check that found a violation.
    public func rules(for violation: Violation) -> [String] {
        switch violation.check {
        case .size: ["JWS-SIZE-LIMIT"]
        case .segments: ["JWS-COMPACT-SEGMENTS"]
        case .base64url: ["JWS-BASE64URL-STRICT"]
        case .json: violation.message.contains("UTF-8") ? ["JWS-JSON-UTF8"] : ["JWS-JSON-OBJECT"]
        case .duplicateMembers: ["JWS-DUPLICATE-MEMBERS"]
        case .algorithm: ["JWS-ALG-ALLOWLIST", profileRule("HDR-ALG", fallback: "JWS-ALG-ALLOWLIST")]
        case .type: [profileRule("HDR-TYP", fallback: "JWS-HEADER-UNKNOWN")]
        case .critical: ["JWS-CRIT"]
        case .keyId: [profileRule("HDR-KID", fallback: profileRule("KEY", fallback: "JWS-KEY-FROM-HEADER"))]
        case .keyLookup: [profileRule("KEY-SELECT", fallback: profileRule("KEY", fallback: "JWS-SIGNATURE"))]
        case .signature: ["JWS-SIGNATURE"]
        case .identity: [profileRule("ID-TYPE", fallback: "JWT-STRING-EXACT")]
        case .scope: [profileRule("SCOPE", fallback: "JWT-UNKNOWN-CLAIMS")]
        case .issuedAt: [profileRule("IAT-WINDOW", fallback: "JWT-NUMERICDATE")]
        case .expiration: ["JWT-EXP"]
        case .notBefore: ["JWT-NBF"]
        }
    }
}
