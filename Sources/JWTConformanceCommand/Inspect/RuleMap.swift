import JWTAmbiguities
import JWTConformance

/// Which catalogue rule a violation of the reference verifier breaks.
///
/// The table names candidate rule ids per check; the first one the catalogue lists for the
/// profile (or for every profile, `jws`) wins, so profile-specific rules come before the
/// baseline. A candidate `*-HDR-ALG` is any profile's rule of that name (`KUS-HDR-ALG`,
/// `SUN-HDR-ALG`, …): only the profile's own can apply, so no vendor is named here. The
/// rules' wording, level and sources are read from the catalogue, never here.
enum RuleMap {
    /// One row: the candidates for a check, when `applies` holds.
    struct Row: Sendable {
        var check: Violation.Check
        var applies: @Sendable (Facts) -> Bool = { _ in true }
        var candidates: [String]
    }

    /// What a row may look at.
    struct Facts {
        var violation: Violation
        var anatomy: TokenAnatomy
        var now: UnixTime
        /// What the signature diagnosis found, when it ran.
        var signatureCause: SignatureCause?
    }

    static let table: [Row] = [
        Row(check: .size, candidates: ["JWS-SIZE-LIMIT"]),
        Row(check: .segments, candidates: ["JWS-COMPACT-SEGMENTS"]),
        Row(check: .base64url, applies: { $0.anatomy.carriesForeignText }, candidates: ["JWS-COMPACT-SEGMENTS"]),
        Row(check: .base64url, candidates: ["JWS-BASE64URL-STRICT"]),
        Row(check: .json, applies: { facts in
            if case .invalidJSON(let segment, _)? = facts.anatomy.decodingError {
                return facts.anatomy.segment(segment)?.text.isEmpty ?? false
            }
            return false
        }, candidates: ["JWS-COMPACT-SEGMENTS"]),
        Row(check: .json, applies: { facts in
            if case .invalidJSON(let segment, let error)? = facts.anatomy.decodingError {
                return [.invalidUTF8, .loneSurrogate].contains(error.kind) || (facts.anatomy.segment(segment)?.isWideText ?? false)
            }
            return false
        }, candidates: ["JWS-JSON-UTF8"]),
        Row(check: .json, applies: { facts in
            if case .invalidJSON(_, let error)? = facts.anatomy.decodingError { return error.kind == .depthLimitExceeded }
            return false
        }, candidates: ["JWS-SIZE-LIMIT"]),
        Row(check: .json, candidates: ["JWS-JSON-OBJECT"]),
        Row(check: .duplicateMembers, candidates: ["JWS-DUPLICATE-MEMBERS"]),
        Row(check: .algorithm, applies: { facts in
            facts.anatomy.header?["alg"]?.stringValue?.lowercased() == "none"
        }, candidates: ["JWS-ALG-NONE"]),
        Row(check: .algorithm, candidates: ["*-HDR-ALG", "JWS-ALG-ALLOWLIST"]),
        Row(check: .type, candidates: ["*-HDR-TYP"]),
        Row(check: .critical, candidates: ["JWS-CRIT"]),
        Row(check: .keyId, candidates: ["*-HDR-KID", "*-KEY"]),
        Row(check: .keyLookup, candidates: ["*-KEY-SELECT", "*-KEY"]),
        Row(check: .signature, applies: { facts in
            [.base64DecodedSecret, .hexDecodedSecret].contains(facts.signatureCause)
        }, candidates: ["JWS-HMAC-KEY-BYTES"]),
        Row(check: .signature, candidates: ["JWS-SIGNATURE"]),
        Row(check: .identity, applies: { $0.violation.reason == .missingClaim }, candidates: ["*-ID-CLAIMS", "*-ID-CLAIM"]),
        Row(check: .identity, candidates: ["*-ID-TYPE"]),
        Row(check: .scope, candidates: ["*-SCOPE"]),
        Row(check: .issuedAt, applies: { $0.violation.reason == .missingClaim }, candidates: ["*-IAT-REQUIRED"]),
        Row(check: .issuedAt, applies: { $0.violation.reason == .invalidClaimType }, candidates: ["JWT-NUMERICDATE"]),
        Row(check: .issuedAt, applies: { facts in
            guard case .number(let number)? = facts.anatomy.payload?["iat"], let value = Seconds.whole(number) else {
                return false
            }
            return TimingLine.looksLikeMilliseconds(value, now: facts.now)
        }, candidates: ["*-IAT-SECONDS"]),
        Row(check: .issuedAt, candidates: ["*-IAT-WINDOW"]),
        Row(check: .expiration, applies: { $0.violation.reason == .invalidClaimType }, candidates: ["JWT-NUMERICDATE"]),
        Row(check: .expiration, candidates: ["*-EXP", "JWT-EXP"]),
        Row(check: .notBefore, applies: { $0.violation.reason == .invalidClaimType }, candidates: ["JWT-NUMERICDATE"]),
        Row(check: .notBefore, candidates: ["JWT-NBF"]),
    ]

    /// The catalogue rule `violation` breaks under `profile`, if the catalogue has one.
    static func rule(for facts: Facts, profile: ProfileID, in catalogue: RuleCatalogue) -> Rule? {
        for row in table where row.check == facts.violation.check && row.applies(facts) {
            for id in row.candidates {
                if id.hasPrefix("*-") {
                    let name = id.dropFirst(1)
                    if let rule = catalogue.rules.first(where: { rule in
                        rule.profiles.contains(profile.rawValue) && rule.id.hasSuffix(name)
                            && rule.id.dropLast(name.count).wholeMatch(of: /[A-Z]{3}/) != nil
                    }) {
                        return rule
                    }
                } else if let rule = catalogue.rule(id), rule.profiles.contains(profile.rawValue) || rule.profiles.contains("jws") {
                    return rule
                }
            }
        }
        return nil
    }
}
