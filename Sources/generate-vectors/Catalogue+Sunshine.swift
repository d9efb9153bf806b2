import JWTConformance

/// Sunshine Conversations (`sunshine`, vector prefix `SUN`): the rules and ambiguities of the
/// Sunshine Conversations document (seed 004) and the research notes `vendor-facts.md`
/// § Sunshine Conversations (Smooch).
///
/// The places the Sunshine rules come from: the seed file and the heading inside it.
extension Source {
    static let sunAuth = "004_72221c0a125b0e0a.txt § Authenticating Users (step 2: sign JWTs)"
    static let sunAuthIntro = "004_72221c0a125b0e0a.txt § Authenticating Users"
    static let sunLogin = "004_72221c0a125b0e0a.txt § Authenticating Users (step 5: Smooch.login)"
    static let sunExpiring = "004_72221c0a125b0e0a.txt § Expiring JWTs on SDKs"
    static let sunSample = "004_72221c0a125b0e0a.txt § Expiring JWTs on SDKs › Sample JWT Structure with expiry"
    static let sunSwitching = "004_72221c0a125b0e0a.txt § Switching users"
    static let factsSunshine = "vendor-facts.md § Sunshine Conversations (Smooch)"
}

extension Catalogue {
    static let sunshineRules: [RuleDefinition] = [
        RuleDefinition(
            id: "SUN-HDR-ALG", level: .must, profiles: ["sunshine"], roles: [.verifier, .signer],
            statement: "Sunshine identity tokens are signed with HS256, as the guide's sample and sample structure show: a verifier accepts no other algorithm (AMB-SUN-ALG-FAMILY) and a signer writes no other.",
            sources: [Source.sunAuth, Source.sunSample, Source.factsSunshine]
        ),
        RuleDefinition(
            id: "SUN-HDR-TYP", level: .must, profiles: ["sunshine"], roles: [.verifier, .signer],
            statement: "A Sunshine signer writes `typ` `JWT`, as every example of the guide does. The guide asks nothing of `typ` on the verifying side, so whether a verifier checks it at all (absent, another type, not a string) is the ambiguity AMB-SUN-TYP, and `JWT` in another letter case is AMB-TYP-CASE.",
            sources: [Source.sunAuth, Source.sunSample, Source.rfc7515Typ, Source.rfc8725ExplicitTyping]
        ),
        RuleDefinition(
            id: "SUN-HDR-KID", level: .must, profiles: ["sunshine"], roles: [.verifier, .signer],
            statement: "The header must name the signing key with `kid`, a JSON string holding the app key's id. A token without `kid`, or whose `kid` is not a string, is refused as invalid-header (the service's own message is \"Missing key id (kid)\"); a signer always writes it.",
            sources: [Source.sunAuth, Source.factsSunshine]
        ),
        RuleDefinition(
            id: "SUN-KEY-SELECT", level: .must, profiles: ["sunshine"], roles: [.verifier],
            statement: "The `kid` selects exactly one secret of the app's key set, matched byte for byte. A `kid` that names no key is unknown-key; the signature is checked with the selected secret only, so a token signed with one app key while naming another is bad-signature (AMB-SUN-KEY-SELECTION). Any key of the set may sign when the token names it.",
            sources: [Source.sunAuth, Source.factsSunshine, Source.rfc7515Kid]
        ),
        RuleDefinition(
            id: "SUN-SCOPE", level: .must, profiles: ["sunshine"], roles: [.verifier, .signer],
            statement: "The payload must carry `scope` equal to the JSON string `user`, exactly. Without it the token is missing-claim; another string (`app`, `User`, `user app`, `user `) is invalid-claim-value; another JSON type is invalid-claim-type. The legacy scope `appUser` is the ambiguity AMB-SUN-LEGACY-SCOPE.",
            sources: [Source.sunAuth, Source.factsSunshine]
        ),
        RuleDefinition(
            id: "SUN-ID-CLAIM", level: .must, profiles: ["sunshine"], roles: [.verifier],
            statement: "The customer is named by `external_id`, resolved verbatim. A token without it is refused as missing-claim: neither `externalId`, nor `userId` under scope `user`, nor an `email` stands in for it. An empty string is invalid-claim-value.",
            sources: [Source.sunAuth, Source.sunAuthIntro]
        ),
        RuleDefinition(
            id: "SUN-ID-TYPE", level: .must, profiles: ["sunshine"], roles: [.verifier],
            statement: "`external_id` must be a JSON string. A numeric identifier is sent as its decimal string (`\"12345\"` is valid); a JSON number, as the guide warns, or any other non-string, is refused as invalid-claim-type.",
            sources: [Source.sunAuth]
        ),
        RuleDefinition(
            id: "SUN-EXP", level: .must, profiles: ["sunshine"], roles: [.verifier],
            statement: "The service honours `exp`: a token whose `exp` has been reached is refused as expired. `exp` is optional; a token without it does not expire.",
            sources: [Source.sunExpiring]
        ),
        RuleDefinition(
            id: "SUN-IAT-UNCHECKED", level: .must, profiles: ["sunshine"], roles: [.verifier],
            statement: "The Sunshine documents set no rule for `iat`: a token is not refused for lacking an `iat` (the guide's sample structure has none) or for an old one (expiry is opt-in through `exp`). An `iat` in the future, or one that is not a number, is the ambiguity AMB-SUN-IAT.",
            sources: [Source.sunSample, Source.sunExpiring]
        ),
        RuleDefinition(
            id: "SUN-SGN-HEADER", level: .must, profiles: ["sunshine"], roles: [.signer],
            statement: "A Sunshine signer writes exactly the header members `alg` = `HS256`, `typ` = `JWT` and `kid` = the id of the key it signs with, and no others.",
            sources: [Source.sunAuth, Source.sunSample]
        ),
        RuleDefinition(
            id: "SUN-SGN-CLAIMS", level: .must, profiles: ["sunshine"], roles: [.signer],
            statement: "A Sunshine signer writes `scope` = `user` and `external_id` as a JSON string, a numeric identifier as its decimal string. Sunshine has no email claim: a customer known only by email cannot be issued a token (the suite has no such signer vector), and an email given with an external id does not name the customer.",
            sources: [Source.sunAuth]
        ),
        RuleDefinition(
            id: "SUN-SGN-TIME", level: .must, profiles: ["sunshine"], roles: [.signer],
            statement: "A Sunshine signer writes `iat` as the current time in whole seconds, as the guide's jsonwebtoken sample does, and, when asked for a lifetime, `exp` as `iat` plus that lifetime: each a JSON integer (not the string the sample structure shows, and without a fraction or exponent, which a verifier may refuse under AMB-NUMERICDATE-FRACTION), exact at any size.",
            sources: [Source.sunAuth, Source.sunExpiring, Source.rfc7519Exp, Source.rfc7519Iat]
        ),
    ]

    static let sunshineAmbiguities: [AmbiguityDefinition] = [
        AmbiguityDefinition(
            id: "AMB-SUN-TYP", profiles: ["sunshine"],
            question: "Does a Sunshine verifier check `typ` at all: its presence, its value, its JSON type?",
            readings: [
                "Like Kustomer: `typ` must be present and say JWT, since the sample and the sample structure both put it in the header.",
                "Only when present: it must then say JWT (explicit typing, RFC 8725 §3.11), and a header without it is fine.",
                "Not at all: the guide names `kid` as the one header member that must be there, and generic JWT libraries ignore `typ`.",
            ],
            decision: "Either verdict for a Sunshine token whose `typ` is absent, names another type (`JWS`, `at+jwt`, the empty string) or is not a string. An acceptance must resolve the token's identity; a refusal must say invalid-header. Signers always write `typ` `JWT`.",
            rationale: "The guide never states a `typ` requirement for verifiers, only examples that carry it; every reading verifies the algorithm and the signature, so none lets a forged or foreign token in.",
            sources: [Source.sunAuth, Source.sunSample, Source.rfc7515Typ, Source.rfc8725ExplicitTyping],
            leavesVerdictOpen: true,
            verifierReadings: ["typ_required", "typ_ignored"]
        ),
        AmbiguityDefinition(
            id: "AMB-SUN-LEGACY-SCOPE", profiles: ["sunshine"],
            question: "Is a token with the legacy scope `appUser` (with `userId`, or with `external_id`) still a valid Sunshine user token?",
            readings: [
                "No: the current guide requires `scope` `user` and `external_id`.",
                "Yes: the same document still describes SDK tokens signed with scope `appUser` and an additional `userId` property, the v1 form.",
            ],
            decision: "Either verdict. An acceptance must name the customer by the token's `userId` (or its `external_id` when that is what it carries); a refusal must say invalid-claim-value or missing-claim. Any scope other than `user` and `appUser` must be refused.",
            rationale: "The seed document states both forms. Accepting the legacy form is the service's business, not a vulnerability, as long as the identity is read from the legacy claim.",
            sources: [Source.sunAuth, Source.sunExpiring, Source.factsSunshine],
            leavesVerdictOpen: true,
            verifierReadings: ["legacy_scope"]
        ),
        AmbiguityDefinition(
            id: "AMB-SUN-IAT", profiles: ["sunshine"],
            question: "Does a Sunshine verifier check `iat` at all?",
            readings: [
                "No: the documents never mention `iat`; the guide's sample structure has none and expiry is opt-in through `exp`.",
                "It refuses an `iat` in the future, or one that is not a number, as many JWT libraries do.",
            ],
            decision: "Required: a missing or past `iat` is accepted. Either verdict for an `iat` in the future (a refusal must say issued-at-out-of-window) or not a number (a refusal must say invalid-claim-type).",
            rationale: "Refusing a token for lacking `iat` would refuse the guide's own structure; refusing a future or malformed `iat` is a common library default that the vendor neither asks for nor forbids.",
            sources: [Source.sunSample, Source.sunExpiring, Source.rfc7519Iat],
            leavesVerdictOpen: true,
            verifierReadings: ["iat_checked_anyway"]
        ),
        AmbiguityDefinition(
            id: "AMB-SUN-ALG-FAMILY", profiles: ["sunshine"],
            question: "May a Sunshine verifier accept HS384 or HS512 tokens?",
            readings: [
                "Yes: an older API reference says the algorithm can be anything the jsonwebtoken npm module supports.",
                "No: the current guide signs with HS256 in its sample and shows HS256 in its sample structure.",
            ],
            decision: "Required: refuse every `alg` but `HS256` as algorithm-not-allowed, even when the HS384 or HS512 signature is valid under the app secret.",
            rationale: "The current guide is the normative source and an allow-list of one algorithm is what RFC 8725 §3.1 asks for; accepting more algorithms gains the business nothing.",
            sources: [Source.sunAuth, Source.sunSample, Source.factsSunshine, Source.rfc8725AlgorithmVerification],
            leavesVerdictOpen: false,
            verifierReadings: ["alg_family"]
        ),
        AmbiguityDefinition(
            id: "AMB-SUN-KEY-SELECTION", profiles: ["sunshine"],
            question: "Must the signature verify under the key the `kid` names, or under any of the app's keys?",
            readings: [
                "The named key: the current guide requires `kid` precisely so that the key can be selected.",
                "Any key: an older guide says the service accepts a JWT signed with any of the app's valid secret keys.",
            ],
            decision: "Required: a token whose `kid` names key B but whose signature is key A's is refused as bad-signature; an unknown `kid` is unknown-key.",
            rationale: "With `kid` mandatory, trying every key makes the header lie without consequence, weakens key rotation (a key being retired still verifies tokens that name its successor) and multiplies the keys an attacker can guess against.",
            sources: [Source.sunAuth, Source.factsSunshine, Source.rfc7515Kid],
            leavesVerdictOpen: false,
            verifierReadings: ["kid_ignored"]
        ),
        AmbiguityDefinition(
            id: "AMB-SUN-LOGIN-ARG-MISMATCH", profiles: ["sunshine"],
            question: "`Smooch.login(externalId, jwt)` receives the external id twice, as an argument and inside the token. What if they differ?",
            readings: [
                "The login fails: the argument and the signed claim must agree.",
                "The token wins: the signed `external_id` names the user and the argument is ignored.",
                "The argument wins, or the SDK records the argument as the current user even though the login failed (an SDK did this, per zendesk/sunshine-conversations-android #177).",
            ],
            decision: "Either of the first two readings; the third never conforms. A failed login leaves the session exactly as it was.",
            rationale: "Only the signed claim is evidence of who the user is; an unsigned argument must never become the identity, and a failed call must not change state.",
            sources: [Source.sunLogin, Source.sunSwitching, Source.factsSunshine],
            leavesVerdictOpen: true,
            sessionOnly: true,
            verifierReadings: []
        ),
    ]
}
