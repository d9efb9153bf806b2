import JWTConformance

/// Zendesk messaging (`zendesk-messaging`, vector prefix `ZDM`): the rules and ambiguities of
/// the Web Widget and the iOS, Android and Unity SDKs' end-user authentication, from the
/// research notes `docs/research/zendesk-intercom.md` § 1 and § 3 (issue 13).
///
/// The service behind messaging is Sunshine Conversations (ZD-409 calls its API), so the rules
/// mirror Sunshine's where a Zendesk page states the same fact; they are restated under the
/// `ZDM` prefix, citing Zendesk's own pages, rather than widening the `SUN-*` rules, because
/// the Zendesk pages differ on `scope` (AMB-ZD-SCOPE), list attribute claims Sunshine lacks
/// (`name`, `email`, `email_verified`) and cap `external_id` at 255 characters. Facts a Zendesk
/// page does not state are not carried over from Sunshine.
///
/// What the profile model cannot express (documented here, not invented as behaviour):
/// - `email` and `email_verified` are attributes, not identities. A verified email becomes a
///   stored user identity (ZD-T5, ZD-T6), which a token verdict does not show: the verifier
///   vectors only check that these claims never change who the token names (ZDM-EMAIL-ATTRIBUTE).
///   The signer protocol's subject has no attributes, so no signer vector writes them.
/// - The 409 email conflict depends on server-side state (which `external_id` a verified email
///   is already paired with), so no stateless verifier vector can express it (AMB-ZD-409-TRIGGER,
///   AMB-ZD-409-VERSIONS); the session vectors state it with a user directory (ZDM-SES-EMAIL-CONFLICT).
/// - The 255-character limit on `external_id`: the profile file has no length field, so the
///   limit is carried by ZDM-ID-LENGTH and its vectors, not by `Vectors/profiles`.
/// The places the Zendesk messaging rules come from: the research notes' source id, weight,
/// public address and heading (docs/research/zendesk-intercom.md, table "Sources").
extension Source {
    static let zdDevAuthWorkflow = "ZD-DEV-AUTH [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/enabling_auth_visitors/ § Workflow"
    static let zdDevAuthKey = "ZD-DEV-AUTH [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/enabling_auth_visitors/ § Generating a signing key"
    static let zdAdminTerms = "ZD-ADMIN [V] https://support.zendesk.com/hc/en-us/articles/4411666638746 § Terminology for messaging authentication"
    static let zdAdminElements = "ZD-ADMIN [V] https://support.zendesk.com/hc/en-us/articles/4411666638746 (older version) § Understanding key elements"
    static let zdAdminKeysZh = "ZD-ADMIN-ZH [V-tr] https://support.zendesk.com/hc/zh-cn/articles/4411666638746-Setting-up-user-authentication-for-messaging?page=2 § 创建并共享签名密钥 (Creating and sharing a signing key)"
    static let zd409 = "ZD-409 [V] https://support.zendesk.com/hc/en-us/articles/7554200230170-How-can-I-fix-409-conflict-errors-with-JWT-authentication § Answer"
    static let zdWebLogin = "ZD-WEB-API [V] https://developer.zendesk.com/api-reference/widget-messaging/web/authentication/ § Login"
    static let zdWebExpiring = "ZD-WEB-API [V] https://developer.zendesk.com/api-reference/widget-messaging/web/authentication/ § Expiring JWTs"
    static let zdWebLogout = "ZD-WEB-API [V] https://developer.zendesk.com/api-reference/widget-messaging/web/authentication/ § Logout"
    static let zdIOSLogin = "ZD-IOS [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/ios/authentication § LoginUser"
    static let zdIOSLogout = "ZD-IOS [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/ios/authentication § LogoutUser"
    static let zdAndroidLogin = "ZD-ANDROID [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/android/authentication § LoginUser"
    static let zdAndroidLogout = "ZD-ANDROID [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/android/authentication § LogoutUser"
    static let zdUnityLogin = "ZD-UNITY [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/unity/authentication § LoginUser"
    static let zdUnityErrors = "ZD-UNITY [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/unity/authentication § Authentication errors"
    static let zdUnityMerges = "ZD-UNITY [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/unity/authentication § Authentication merges"
    static let zdEmailIdentities = "ZD-EMAIL-ID [V] https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/email_identities § Requirements and recommendations"
    static let zdIdentitiesAPI = "ZD-IDENT-API [V] https://support.zendesk.com/hc/en-us/articles/9099968586394 § What's changing?"
    static let zdShared = "ZD-SHARED [V] https://support.zendesk.com/hc/en-us/articles/4531075858458 § Answer"
    static let zd3PReadmeHeader = "ZD-3P-README [3P] github.com/mochila-ai/zd-jwt-generate README.md § 2. Creating a JWT for Messaging Token › JWT Header"
    static let zd3PReadmePayload = "ZD-3P-README [3P] github.com/mochila-ai/zd-jwt-generate README.md § 2. Creating a JWT for Messaging Token › JWT Payload"
    static let zd3PFlutter = "ZD-3P-FLUTTER [3P] https://github.com/chyiiiiiiiiiiii/flutter_zendesk_messaging/issues/24 (a user's token, decoded)"
    static let zd3PGist = "ZD-3P-GIST [3P] https://gist.github.com/spasiu/2432ffd32698d97ba78ecc763b8e4048 (code comments)"
    static let factsZendeskTokens = "zendesk-intercom.md § 1.1 Token facts (Zendesk messaging)"
    static let factsZendeskSessions = "zendesk-intercom.md § 1.2 SDK session facts (Zendesk messaging)"
    /// The Intercom page a Zendesk vendor-shape case borrows its token shape from.
    static let zdIntercomShape = "IC-DEV-IOS [V] https://developers.intercom.com/installing-intercom/ios/identity-verification § Generate a JWT on Your Server"
    static let factsZendeskModel = "zendesk-intercom.md § 3 How this maps onto the suite's profile model › zendesk-messaging"
}

extension Catalogue {
    static let zendeskMessagingRules: [RuleDefinition] = [
        RuleDefinition(
            id: "ZDM-HDR-ALG", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier, .signer],
            statement: "Zendesk messaging tokens are signed with HMAC SHA-256 (`alg` `HS256`), the algorithm of every sample found: a verifier accepts no other algorithm, even one whose signature is valid under the key (AMB-ZD-ALG), and a signer writes no other.",
            sources: [Source.zd3PReadmeHeader, Source.zd3PFlutter, Source.factsZendeskTokens, Source.rfc8725AlgorithmVerification]
        ),
        RuleDefinition(
            id: "ZDM-HDR-TYP", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier, .signer],
            statement: "A Zendesk messaging signer writes `typ` `JWT`, as every sample does. No Zendesk page states what a verifier does with `typ`, so a header without it, with another type or with a value that is not a string is the ambiguity AMB-ZD-TYP, and `JWT` in another letter case is AMB-TYP-CASE.",
            sources: [Source.zd3PReadmeHeader, Source.zd3PFlutter, Source.rfc7515Typ, Source.rfc8725ExplicitTyping]
        ),
        RuleDefinition(
            id: "ZDM-HDR-KID", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier, .signer],
            statement: "A signing key is a pair of a key id and a shared secret, created in Admin Center, and the token's header names the key with `kid`, a JSON string. A token without `kid`, or whose `kid` is not a string, is refused as invalid-header, even when the account has a single key; a signer always writes the id of the key it signs with.",
            sources: [Source.zdDevAuthKey, Source.zdAdminTerms, Source.zd3PReadmeHeader, Source.zd3PGist, Source.zd3PFlutter]
        ),
        RuleDefinition(
            id: "ZDM-KEY-SELECT", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier],
            statement: "An account holds up to ten signing keys at once; the `kid` selects exactly one of the keys the verifier holds, compared byte for byte, and the signature is checked with that key alone. A `kid` that names no key held (never created, or deleted: AMB-ZD-KEY-RETIRED) is unknown-key; a token naming one key but signed with another is bad-signature. Any key of the set verifies the tokens that name it.",
            sources: [Source.zdAdminKeysZh, Source.zdDevAuthKey, Source.rfc7515Kid]
        ),
        RuleDefinition(
            id: "ZDM-SCOPE", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier, .signer],
            statement: "A signer writes `scope` = the JSON string `user`, as every observed token does. A verifier refuses a `scope` that is present but is not exactly the string `user` (`app`, `User`, `user app`: invalid-claim-value; another JSON type: invalid-claim-type), since such a token says it is meant for something else. Whether a token without `scope` is accepted is the ambiguity AMB-ZD-SCOPE.",
            sources: [Source.zd3PReadmePayload, Source.zd3PFlutter, Source.zd3PGist, Source.zdIOSLogin, Source.zdUnityLogin]
        ),
        RuleDefinition(
            id: "ZDM-ID-CLAIM", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier],
            statement: "The user is the one `external_id` names, resolved verbatim; it is the primary identifier even when the token also carries an email. A token without `external_id` is refused as missing-claim: an `email` (verified or not), a `name`, Kustomer's `externalId` or Intercom's `user_id` never stand in for it. An empty string is invalid-claim-value.",
            sources: [Source.zdAdminTerms, Source.zd409, Source.zdIOSLogin, Source.zdUnityLogin]
        ),
        RuleDefinition(
            id: "ZDM-ID-TYPE", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier],
            statement: "`external_id` is a JSON string (the SDK references type it String). A JSON number, even one spelling a valid id, or any other non-string is refused as invalid-claim-type; a numeric id is sent as its decimal string.",
            sources: [Source.zdIOSLogin, Source.zdUnityLogin]
        ),
        RuleDefinition(
            id: "ZDM-ID-LENGTH", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier],
            statement: "`external_id` holds at most 255 characters and is unique per user (per brand on multi-brand accounts). A verifier accepts every string of up to 255 characters, whatever characters it holds (AMB-ZD-EXTID-FORM), and keeps it whole; a longer one may be refused as invalid-claim-value, and must never be truncated into a shorter id. The profile file has no field for the limit: only this rule's vectors carry it.",
            sources: [Source.zdIOSLogin, Source.zdUnityLogin, Source.zdAdminTerms, Source.zdAdminElements]
        ),
        RuleDefinition(
            id: "ZDM-EMAIL-ATTRIBUTE", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier],
            statement: "`name`, `email` and `email_verified` are optional attributes of the user: an email becomes a verified identity only together with `email_verified` `true`, and it never outranks `external_id`. A token carrying them beside a valid `external_id` names the `external_id`'s user, whichever member comes first and whatever `email_verified` says. What the service stores from them (a verified email identity, the 409 conflict) is server state the suite's verifier model does not express.",
            sources: [Source.zdAdminTerms, Source.zdEmailIdentities, Source.zdIdentitiesAPI, Source.zdIOSLogin, Source.zd3PReadmePayload]
        ),
        RuleDefinition(
            id: "ZDM-EXP", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier],
            statement: "`exp` is an optional expiry in whole seconds, and it is honoured: a token whose `exp` has been reached is refused as expired, and the app must produce a fresh one. A token without `exp` does not expire.",
            sources: [Source.zdWebExpiring, Source.zdIOSLogin, Source.zdUnityLogin, Source.zdUnityErrors]
        ),
        RuleDefinition(
            id: "ZDM-IAT-UNCHECKED", level: .must, profiles: ["zendesk-messaging"], roles: [.verifier],
            statement: "No Zendesk page gives a rule for `iat`, though observed tokens carry one: a token is not refused for lacking `iat` or for an old one. An `iat` in the future, or one that is not a number, is the ambiguity AMB-ZD-IAT. `nbf` follows the baseline JWT-NBF.",
            sources: [Source.zdWebExpiring, Source.zdIOSLogin, Source.zd3PFlutter, Source.factsZendeskTokens]
        ),
        RuleDefinition(
            id: "ZDM-SGN-HEADER", level: .must, profiles: ["zendesk-messaging"], roles: [.signer],
            statement: "A Zendesk messaging signer writes exactly the header members `alg` = `HS256`, `typ` = `JWT` and `kid` = the id of the signing key it uses, and no others.",
            sources: [Source.zd3PReadmeHeader, Source.zd3PFlutter, Source.zdDevAuthKey]
        ),
        RuleDefinition(
            id: "ZDM-SGN-CLAIMS", level: .must, profiles: ["zendesk-messaging"], roles: [.signer],
            statement: "A Zendesk messaging signer writes `scope` = `user` and `external_id` as a JSON string, a numeric id as its decimal string. An email given with the external id does not name the user, so the suite's signer (whose subject carries no attributes) writes no `email`; a user known only by email cannot be issued a token.",
            sources: [Source.zdAdminTerms, Source.zd3PReadmePayload, Source.zdIOSLogin]
        ),
        RuleDefinition(
            id: "ZDM-SGN-TIME", level: .must, profiles: ["zendesk-messaging"], roles: [.signer],
            statement: "A Zendesk messaging signer writes `iat` as the current time in whole seconds (as observed tokens do; the vendor asks nothing of it) and, when asked for a lifetime, `exp` as `iat` plus that lifetime: each a JSON integer (the SDK references type `exp` Integer), without fraction or exponent, exact at any size.",
            sources: [Source.zdIOSLogin, Source.zdUnityLogin, Source.zd3PFlutter, Source.rfc7519Exp]
        ),
    ]

    static let zendeskMessagingAmbiguities: [AmbiguityDefinition] = [
        AmbiguityDefinition(
            id: "AMB-ZD-SCOPE", profiles: ["zendesk-messaging"],
            question: "Must a Zendesk messaging token carry `scope` `user`?",
            readings: [
                "Yes, as in Sunshine Conversations, the service behind messaging: a token without it, or with another value, is refused (every third-party guide, sample token and gist carries it).",
                "No: the vendor's own SDK field tables list only `external_id`, `name`, `email` and `exp`, so `scope` is not read.",
            ],
            decision: "Signers always write `scope` `user`, which both readings accept. A verifier may accept or refuse a token without `scope`: an acceptance must name the `external_id`'s user, a refusal must say missing-claim. A `scope` that is present must be exactly the string `user` (ZDM-SCOPE): another string is refused as invalid-claim-value, another JSON type (null included) as invalid-claim-type or missing-claim. The profile file states the stricter reading (`scope` user), which the reference verifier applies.",
            rationale: "The vendor's field tables and the observed tokens disagree, and the vendor's own statement of the token format is not among the stored pages. Writing `scope` costs nothing and works under both readings; a token that names another scope says it was made for something else, so accepting it gains nothing and risks accepting a token minted for another purpose.",
            sources: [Source.zd3PReadmePayload, Source.zd3PFlutter, Source.zd3PGist, Source.zdIOSLogin, Source.zdUnityLogin, Source.factsZendeskModel],
            leavesVerdictOpen: true,
            verifierReadings: ["scope_absent_accepted"]
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-ALG", profiles: ["zendesk-messaging"],
            question: "Which algorithms does a Zendesk messaging verifier accept? No stored vendor page names one.",
            readings: [
                "HS256 only: every sample and guide signs HS256, and one calls RS256 and ES256 unsupported.",
                "Any HMAC algorithm, like Sunshine's older \"anything jsonwebtoken supports\".",
            ],
            decision: "Required: refuse every `alg` but `HS256` as algorithm-not-allowed, even an HS384 or HS512 token whose signature is valid under the key.",
            rationale: "An allow-list of one algorithm is what RFC 8725 §3.1 asks for, every known integration signs HS256, and accepting more gains the business nothing.",
            sources: [Source.zd3PReadmeHeader, Source.zd3PFlutter, Source.factsSunshine, Source.rfc8725AlgorithmVerification],
            leavesVerdictOpen: false,
            verifierReadings: ["alg_family"]
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-TYP", profiles: ["zendesk-messaging"],
            question: "Does a Zendesk messaging verifier check `typ`: its presence, its value, its JSON type?",
            readings: [
                "Required and equal to `JWT` (a third-party guide calls it required).",
                "Not checked, as the suite decides for Sunshine (AMB-SUN-TYP).",
            ],
            decision: "Either verdict for a token whose `typ` is absent, names another type or is not a string. An acceptance must name the token's `external_id`; a refusal must say invalid-header. Signers always write `typ` `JWT`.",
            rationale: "Only third-party material speaks of `typ`; the algorithm and the signature are checked under every reading, so none lets a forged token in.",
            sources: [Source.zd3PReadmeHeader, Source.rfc7515Typ, Source.rfc8725ExplicitTyping],
            leavesVerdictOpen: true,
            verifierReadings: ["typ_required", "typ_ignored"]
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-EXTID-FORM", profiles: ["zendesk-messaging"],
            question: "What strings may `external_id` hold, and how is its 255-character limit counted?",
            readings: [
                "Any string of at most 255 characters (the SDK references).",
                "Only \"alphanumeric\" strings (the admin page's description of external ids).",
            ],
            decision: "Required: any non-empty string of up to 255 characters is accepted whole, hyphens, dots and non-ASCII letters included. Either verdict for a longer one: an acceptance must name the whole string, a refusal must say invalid-claim-value. The vectors at the limit use ASCII, where bytes, UTF-16 units and code points agree; how a non-ASCII id is counted is left open by using none near the limit.",
            rationale: "The SDK references type the claim and give only the length; \"alphanumeric\" on an admin overview reads as a loose description, and refusing ordinary ids (`user-42`, e-mail-like ids) would lock out real integrations. A verifier enforcing the documented limit is right to refuse a longer id, and one that does not loses nothing as long as it never truncates.",
            sources: [Source.zdIOSLogin, Source.zdUnityLogin, Source.zdAdminTerms],
            leavesVerdictOpen: true,
            verifierReadings: ["identity_max_length"]
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-EMAIL-UNVERIFIED", profiles: ["zendesk-messaging"],
            question: "What does an `email` without `email_verified` `true` do, and what of a non-boolean `email_verified` (`\"true\"`, `1`)?",
            readings: [
                "The email is ignored for identity (a third-party guide).",
                "It is stored as an unverified email identity that agents see but that links no accounts (the vendor only says what a verified identity needs).",
            ],
            decision: "Required for the token verdict: a token with a valid `external_id` is accepted, naming the `external_id`'s user, whatever `email` and `email_verified` hold; both readings agree on that. What the service stores from the email is not observable through the suite's verifier role (a documented gap of the profile model).",
            rationale: "The readings differ only in server-side records. The identity is `external_id` under both, so the token's verdict is the same.",
            sources: [Source.zdEmailIdentities, Source.zd3PReadmePayload, Source.zdAdminTerms],
            leavesVerdictOpen: false
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-409-TRIGGER", profiles: ["zendesk-messaging"],
            question: "Does the 409 email conflict need a verified email?",
            readings: [
                "Only an email with `email_verified` `true` can conflict (the vendor speaks of a verified email identity).",
                "Any `email` claim can conflict (the same page says a token without the email claim would not conflict, without mentioning `email_verified`).",
            ],
            decision: "No verifier vector: the conflict depends on which `external_id` the email is already paired with, which is server state, not the token. Session vectors state the directory (`start.directory`): a verified email conflicts under both readings and is required to (ZDM-SES-EMAIL-CONFLICT); an email with `email_verified` `false` may log in or conflict.",
            rationale: "A stateless verifier answers the same for the same token, key set and clock; the 409 does not, so it cannot be a verifier vector.",
            sources: [Source.zd409, Source.zdEmailIdentities],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-409-VERSIONS", profiles: ["zendesk-messaging"],
            question: "What causes a 409 at login: a verified email already paired with another `external_id`, or an `external_id` that changed for a user whose email is already linked?",
            readings: [
                "A verified email already paired with another `external_id` (the two newer versions of the vendor's article).",
                "A changed `external_id` for an existing user whose email is linked, after which only the previous `external_id` authenticates (the oldest stored version).",
            ],
            decision: "No verifier vector (stateful, as AMB-ZD-409-TRIGGER). The session vectors follow reading 1, the current article, and require only that the conflicting login fails (`conflict`) and changes nothing (ZDM-SES-EMAIL-CONFLICT).",
            rationale: "Both versions describe a refusal that depends on stored state; the newer text is the vendor's current word.",
            sources: [Source.zd409],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-EXP-FORM", profiles: ["zendesk-messaging"],
            question: "`exp` is typed Integer in seconds by the SDK references, while RFC 7519 allows any NumericDate: is a fractional or exponent-form `exp` accepted, truncated or refused?",
            readings: [
                "Accepted and compared exactly, as RFC 7519 §2 allows.",
                "Refused as the wrong type: the vendor says Integer.",
            ],
            decision: "As AMB-NUMERICDATE-FRACTION: either verdict where the exact value is still in the future (an acceptance must name the `external_id`, a refusal must say invalid-claim-type); an `exp` that is past under every reading must be refused.",
            rationale: "The vendor's type and the RFC differ; neither reading lets an expired token in.",
            sources: [Source.zdIOSLogin, Source.zdUnityLogin, Source.rfc7519NumericDate],
            leavesVerdictOpen: true,
            verifierReadings: ["numeric_date_integer_only", "numeric_date_truncated"]
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-IAT", profiles: ["zendesk-messaging"],
            question: "Does a Zendesk messaging verifier check `iat` (and `nbf`), which no vendor page mentions but observed tokens carry?",
            readings: [
                "`iat` is ignored, as the suite decides for Sunshine (SUN-IAT-UNCHECKED).",
                "Both are checked as standard claims by the JWT library behind the service: a future `iat` or a pending `nbf` refused.",
            ],
            decision: "Required: a missing or past `iat` is accepted, and `nbf` is honoured as the baseline JWT-NBF says. Either verdict for an `iat` in the future (a refusal must say issued-at-out-of-window) or one that is not a number (a refusal must say invalid-claim-type).",
            rationale: "Refusing a token for lacking `iat` would refuse the vendor's own field tables; refusing a future or malformed `iat` is a common library default the vendor neither asks for nor forbids. A pending `nbf` is refused by every reading that reads it, and refusing it is always safe.",
            sources: [Source.zdWebExpiring, Source.zdIOSLogin, Source.zd3PFlutter, Source.rfc7519Iat, Source.rfc7519Nbf],
            leavesVerdictOpen: true,
            verifierReadings: ["iat_checked_anyway"]
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-KEY-RETIRED", profiles: ["zendesk-messaging"],
            question: "Is a token whose `kid` names a deleted signing key refused at once, or after a grace period?",
            readings: [
                "At once: the key no longer exists.",
                "After some grace period, during which the deleted key still verifies.",
            ],
            decision: "Required: the verifier's key set is the set of live keys, and a `kid` that names a key outside it is unknown-key, even when the token was signed with that (deleted) key's secret. A deployment that grants a grace period keeps the old key in its set until the period ends: that is configuration, not a token rule.",
            rationale: "Nothing found states a grace period; a verifier cannot know about keys it does not hold, and honouring a deleted key without configuration would make deletion ineffective.",
            sources: [Source.zdAdminKeysZh, Source.factsZendeskTokens, Source.rfc7515Kid],
            leavesVerdictOpen: false
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-SES-FAILED-LOGIN", profiles: ["zendesk-messaging"],
            question: "After a refused `loginUser`, what is the session's user?",
            readings: [
                "Nothing changes: the previous user, or the anonymous user, stays (as SUN-SES-FAILED-LOGIN).",
                "The SDK falls back to a new unauthenticated user (the newer iOS page); whether that also drops a user logged in before the call is not stated.",
            ],
            decision: "Session vectors accept either reading after a failed login from the anonymous state; from a logged-in state, either the previous user stays or the SDK falls back to a new unauthenticated user, but the refused token's user is never logged in.",
            rationale: "The vendor's iOS page describes the fallback; the other platforms are silent. Neither reading logs in the refused token's user, which is the property that matters.",
            sources: [Source.zdIOSLogin, Source.zdAndroidLogin, Source.factsZendeskSessions],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-SES-RELOGIN", profiles: ["zendesk-messaging"],
            question: "`loginUser` as another user while one is logged in: does it switch users, or fail until `logoutUser`?",
            readings: [
                "It switches users.",
                "It fails until `logoutUser` is called.",
            ],
            decision: "Session vectors accept either reading; a switch must hide the previous user's conversations, and a failure must change nothing.",
            rationale: "No platform's page states it.",
            sources: [Source.zdWebLogin, Source.zdIOSLogin, Source.zdAndroidLogin, Source.factsZendeskSessions],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-SES-EXPIRED", profiles: ["zendesk-messaging"],
            question: "What happens once `exp` passes during a session?",
            readings: [
                "The web widget calls `jwtCallback` again and continues with the fresh token.",
                "The session's requests are refused until the app logs in again.",
                "The user is logged out.",
            ],
            decision: "For a future session vector: the expired token itself must never be accepted again (ZDM-EXP); on the web, a fresh token from `jwtCallback` continues the same user; without one, any of readings 2 and 3.",
            rationale: "The web page describes the callback's renewal; the mobile SDKs have no callback, and their pages only say the expired token fails.",
            sources: [Source.zdWebLogin, Source.zdWebExpiring, Source.zdUnityErrors],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-SES-RESTART", profiles: ["zendesk-messaging"],
            question: "Does a mobile login survive an app restart?",
            readings: [
                "Yes.",
                "No: the app must log in again (the web page says to authenticate on every page load).",
            ],
            decision: "Session vectors accept either reading; after a restart the SDK is either logged in as the same user or anonymous/logged out, never another user.",
            rationale: "Not found for mobile; the web advice suggests re-authentication is expected.",
            sources: [Source.zdWebLogin, Source.zdDevAuthWorkflow, Source.factsZendeskSessions],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-ZD-SES-MERGE", profiles: ["zendesk-messaging"],
            question: "Does the anonymous-to-known merge that the Unity page describes hold on iOS, Android and the web?",
            readings: [
                "Yes, everywhere: the conversation started anonymously becomes the logged-in user's.",
                "Only where stated (Unity); elsewhere the anonymous conversation is left behind.",
            ],
            decision: "Session vectors accept either reading, as the suite decides for Sunshine (AMB-SUN-SES-MERGE); the Unity page is vendor evidence for reading 1.",
            rationale: "The iOS, Android and web pages found say nothing of merging.",
            sources: [Source.zdUnityMerges, Source.factsZendeskSessions],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
    ]
}

extension Catalogue {
    /// The session rules of `loginUser(jwt)` and `logoutUser()` (iOS, Android), from
    /// docs/research/zendesk-intercom.md § 1.2 and § 3.
    static let zendeskMessagingSessionRules: [RuleDefinition] = [
        RuleDefinition(
            id: "ZDM-SES-LOGIN", level: .must, profiles: ["zendesk-messaging"], roles: [.session],
            statement: "`loginUser(jwt)` (iOS, Android: one token argument, no id argument) logs in the user the token's `external_id` names, as the verifier resolves it, and shows that user's conversations from the backend. A token the verifier refuses fails the call and never logs in its user (what else changes is AMB-ZD-SES-FAILED-LOGIN). A login as another user while one is logged in either switches users, hiding the previous user's conversations, or fails and changes nothing (AMB-ZD-SES-RELOGIN).",
            sources: [Source.zdIOSLogin, Source.zdAndroidLogin, Source.factsZendeskSessions]),
        RuleDefinition(
            id: "ZDM-SES-LOGOUT", level: .must, profiles: ["zendesk-messaging"], roles: [.session],
            statement: "`logoutUser()` removes the user's authentication and clears the session: afterwards the SDK is anonymous and shows none of the user's conversations. Called while anonymous, it deletes the anonymous user's conversations with no way back.",
            sources: [Source.zdIOSLogout, Source.zdAndroidLogout, Source.factsZendeskSessions]),
        RuleDefinition(
            id: "ZDM-SES-CONVERSATIONS", level: .must, profiles: ["zendesk-messaging"], roles: [.session],
            statement: "A conversation started while logged in belongs to the user on the backend: it is shown again whenever that user logs in. One started anonymously belongs to the anonymous user on the device, which persists (an app restart included) until `logoutUser` deletes it or a login merges or leaves it behind (AMB-ZD-SES-MERGE). The vendor's pages name `logoutUser` as the way the anonymous user's history is deleted; that it otherwise survives a restart is the suite's reading of them.",
            sources: [Source.zdIOSLogout, Source.zdUnityMerges, Source.factsZendeskSessions]),
        RuleDefinition(
            id: "ZDM-SES-EMAIL-CONFLICT", level: .must, profiles: ["zendesk-messaging"], roles: [.session],
            statement: "A `loginUser` whose token the verifier accepts, but whose `email` with `email_verified` `true` the backend already pairs with another `external_id`, fails with HTTP 409 (the session observation `conflict`) and changes nothing: the session's user and conversations stay as they were. A login that succeeds with a verified email pairs the email with its user, so a later login of another `external_id` with it conflicts (session vectors state the directory in `start.directory`).",
            sources: [Source.zd409, Source.zdEmailIdentities, Source.zdIdentitiesAPI]),
    ]
}
