import JWTConformance

/// Intercom Messenger (`intercom`, vector prefix `ICM`): the rules and ambiguities of
/// "Messenger Security with JWTs" on the web, iOS and Android, from the research notes
/// `docs/research/zendesk-intercom.md` § 2 and § 3 (issue 13).
///
/// Intercom's JWT feature replaces Identity Verification (an HMAC `user_hash`); the vendor
/// still calls it a beta. Kustomer's rules are the closest pattern, but none is reused word
/// for word: Intercom rotates keys and names `user_id`, not `externalId`.
///
/// What the profile model cannot express (documented here, not invented as behaviour):
/// - Key rotation: the workspace may hold more than one live secret and tokens do not name
///   their key. The profile's key model (no `kid`: try every key the verifier is given) covers
///   a single secret exactly; whether an older secret still verifies is AMB-IC-KEYS.
/// - Signed attributes: every claim besides `user_id` and the time claims is a user attribute
///   (`email`, `name`, custom data) that the Messenger stores. The signer protocol's subject has
///   no attributes, so no signer vector writes them; the verifier vectors only check that they
///   never name the user (ICM-ATTRIBUTES).
/// - The mobile calls `setUserJwt`, `loginUserWithUserAttributes` and `logout`, enforcement
///   and the state blocked after an invalid token: the session harness has no steps for them.
///   The web calls `boot` (with the settings' `user_id` beside the token), `update` and
///   `shutdown` have session vectors (`intercomSessionRules`), and AMB-IC-SES-EXPIRED has none.
/// The places the Intercom rules come from: the research notes' source id, weight, public
/// address and heading (docs/research/zendesk-intercom.md, table "Sources").
extension Source {
    static let icDevWeb = "IC-DEV-WEB [V] https://developers.intercom.com/installing-intercom/web/identity-verification § Secure your Messenger"
    static let icDevWebPractices = "IC-DEV-WEB [V] https://developers.intercom.com/installing-intercom/web/identity-verification § Best Practices for JWT Implementation"
    static let icDevWebRotation = "IC-DEV-WEB [V] https://developers.intercom.com/installing-intercom/web/identity-verification § Rotating your Messenger API secret keys"
    static let icDevIOSEnable = "IC-DEV-IOS [V] https://developers.intercom.com/installing-intercom/ios/identity-verification § Enable JWT Authentication"
    static let icDevIOSGenerate = "IC-DEV-IOS [V] https://developers.intercom.com/installing-intercom/ios/identity-verification § Generate a JWT on Your Server"
    static let icHelpJWT = "IC-HELP-JWT [V] https://intercom.com/help/en/articles/10589769-authenticating-users-in-the-messenger-with-json-web-tokens-jwts § What is a JSON web token (JWT)?"
    static let icHelpJWTBenefits = "IC-HELP-JWT [V] https://intercom.com/help/en/articles/10589769-authenticating-users-in-the-messenger-with-json-web-tokens-jwts § What are the benefits of securing the Messenger with JSON web tokens (JWTs)?"
    static let icHelpJWTJa = "IC-HELP-JWT-JA [V-tr] https://www.intercom.com/help/ja/articles/10589769 § the note (注意) at the top"
    static let icHelpJWTJaTip = "IC-HELP-JWT-JA [V-tr] https://www.intercom.com/help/ja/articles/10589769 § the tip (ヒント) on conversation history"
    static let icHelpMigrate = "IC-HELP-MIGRATE [V] https://intercom.com/help/en/articles/10807823-migrating-from-identity-verification-to-messenger-security-with-jwts § Key differences between Identity Verification and Messenger Security with JWTs"
    static let icChanges = "IC-CHANGES [V] https://www.intercom.com/changes/en/91608-a-new-secure-way-to-authenticate-messenger-users-with-jwts"
    static let icJSBoot = "IC-JS [V] https://developers.intercom.com/installing-intercom/web/methods § Intercom('boot', intercomSettings)"
    static let icJSShutdown = "IC-JS [V] https://developers.intercom.com/installing-intercom/web/methods § Intercom('shutdown')"
    static let icHelpSession = "IC-HELP-SESSION [V] https://intercom.com/help/en/articles/16845-how-do-i-end-a-session § Set a session duration"
    static let icHelpUserID = "IC-HELP-USERID [V] https://intercom.com/help/en/articles/268-what-is-user_id-and-why-would-i-want-to-use-it § Why do users have multiple matching emails?"
    static let icHelpDup = "IC-HELP-DUP [V, community-sourced] https://www.intercom.com/help/en/articles/5053685-why-do-i-have-duplicate-users"
    static let icFinTrouble = "IC-FIN-TROUBLE [V] https://fin.ai/help/en/articles/12820698-how-to-troubleshoot-jwt-related-errors § Fixing 400 errors for identified user logins"
    static let icFinUnidentified = "IC-FIN-TROUBLE [V] https://fin.ai/help/en/articles/12820698-how-to-troubleshoot-jwt-related-errors § Fixing unidentified user login issues"
    static let icFinSalesforce = "IC-FIN-SF [V] https://fin.ai/help/en/articles/12893458-fin-messenger-generating-jwts-for-salesforce (example view and helpers)"
    static let icRails = "IC-RAILS [V] github.com/intercom/intercom-rails PR #356 (Support experimental JWT feature) and PR #368 (README § JWT Expiry)"
    static let icReactNative = "IC-RN [V] github.com/intercom/intercom-react-native PR #301 (add setUserJWT API)"
    static let icIOSRelease = "IC-IOS-REL [V] github.com/intercom/intercom-ios-sp release 19.2.1 § Bug Fixes"
    static let ic3PExpiry = "IC-3P-EXPIRY [3P] https://community.intercom.com/messenger-8/jwt-not-expiring-13628"
    static let ic3PMobile = "IC-3P-MOBILE [3P] https://community.intercom.com/tips-tricks-and-workarounds-32/short-lived-jwt-refresh-on-mobile-using-react-native-intercom-sdk-14101"
    static let ic3PReload = "IC-3P-RELOAD [3P] https://community.intercom.com/apps-integrations-25/issue-with-web-messenger-after-intercom-shutdown-and-intercom-boot-11090"
    static let ic3PDupJWT = "IC-3P-DUPJWT [3P, staff answer] https://community.intercom.com/messenger-8/duplicate-contact-when-apply-intercom-messenger-10769"
    static let ic3PUpdate = "IC-3P-UPDATE [3P] github.com/exceptionless/Exceptionless PR #2461 (Send Intercom JWT with secured updates) § Why"
    static let ic3PFlutter = "IC-3P-FLUTTER [3P] github.com/deepak786/intercom_flutter issue #605 § Actual behavior"
    static let factsIntercomTokens = "zendesk-intercom.md § 2.1 Token facts (Intercom Messenger)"
    static let factsIntercomSessions = "zendesk-intercom.md § 2.2 SDK session facts (Intercom Messenger)"
    static let factsIntercomModel = "zendesk-intercom.md § 3 How this maps onto the suite's profile model › intercom"
    /// The Zendesk-shaped token a vendor-shape case signs with the Messenger secret.
    static let icZendeskShape = "ZD-3P-README [3P] github.com/mochila-ai/zd-jwt-generate README.md § 2. Creating a JWT for Messaging Token › JWT Payload"
}

extension Catalogue {
    static let intercomRules: [RuleDefinition] = [
        RuleDefinition(
            id: "ICM-HDR-ALG", level: .must, profiles: ["intercom"], roles: [.verifier, .signer],
            statement: "Intercom Messenger tokens are signed with HMAC-SHA256, `alg` `HS256`, as the iOS installation page instructs and every vendor sample does: a verifier accepts no other algorithm, even one whose signature is valid under the secret (AMB-IC-ALG), and a signer writes no other.",
            sources: [Source.icDevIOSGenerate, Source.icHelpJWT, Source.icRails, Source.icFinSalesforce, Source.rfc8725AlgorithmVerification]
        ),
        RuleDefinition(
            id: "ICM-HDR-TYP", level: .must, profiles: ["intercom"], roles: [.verifier, .signer],
            statement: "An Intercom signer writes `typ` `JWT`: the vendor's help article says the header states the token type. No page says a verifier requires it, so a header without `typ`, with another type or with a non-string value is the ambiguity AMB-IC-TYP, and `JWT` in another letter case is AMB-TYP-CASE.",
            sources: [Source.icHelpJWT, Source.rfc7515Typ, Source.rfc8725ExplicitTyping]
        ),
        RuleDefinition(
            id: "ICM-KEY", level: .must, profiles: ["intercom"], roles: [.verifier],
            statement: "Tokens are signed with the workspace's Messenger API secret, from the Messenger security settings, used as given. Intercom tokens do not name their key: a string `kid` in the header is ignored, and the signature decides. A token signed with any secret the verifier does not hold is bad-signature. Several live secrets during a rotation are the ambiguity AMB-IC-KEYS; separate web and mobile secrets are AMB-IC-PLATFORM-KEYS.",
            sources: [Source.icDevWeb, Source.icDevIOSEnable, Source.icDevWebRotation, Source.rfc7515Kid]
        ),
        RuleDefinition(
            id: "ICM-ID-CLAIM", level: .must, profiles: ["intercom"], roles: [.verifier],
            statement: "The user is the one `user_id` names, resolved verbatim: the user's stable, unique id from which the token is built. A token without `user_id` is refused as missing-claim, even when it carries an `email` (AMB-IC-EMAIL-ONLY), and neither `userId`, `external_id` nor `sub` stands in for it. An empty string is invalid-claim-value.",
            sources: [Source.icDevWeb, Source.icDevIOSGenerate, Source.icHelpJWTJa, Source.icHelpUserID]
        ),
        RuleDefinition(
            id: "ICM-ID-TYPE", level: .must, profiles: ["intercom"], roles: [.verifier],
            statement: "`user_id` is a non-empty JSON string, as every vendor example writes it; a numeric id is sent as its decimal string. An array, object, boolean, null, or a number with a fraction or exponent is refused as invalid-claim-type; an integer `user_id`, which the vendor's own Rails example can produce, is the ambiguity AMB-IC-USERID-TYPE.",
            sources: [Source.icDevIOSGenerate, Source.icFinSalesforce, Source.ic3PDupJWT]
        ),
        RuleDefinition(
            id: "ICM-ID-PRECEDENCE", level: .must, profiles: ["intercom"], roles: [.verifier],
            statement: "When a token carries both `user_id` and `email`, `user_id` names the user and the email is only an attribute of that user, whichever member comes first; two users with one email and different `user_id`s are two users.",
            sources: [Source.icHelpUserID, Source.icHelpDup, Source.icHelpJWTJa]
        ),
        RuleDefinition(
            id: "ICM-ATTRIBUTES", level: .must, profiles: ["intercom"], roles: [.verifier],
            statement: "Every other claim (`email`, `name`, custom attributes of any JSON type) is a signed user attribute: it never names or changes the user and never invalidates a token that is otherwise valid. What the Messenger stores from attributes is outside the suite's verifier model.",
            sources: [Source.icDevIOSGenerate, Source.icRails, Source.icChanges]
        ),
        RuleDefinition(
            id: "ICM-EXP", level: .must, profiles: ["intercom"], roles: [.verifier],
            statement: "`exp` is optional; the vendor recommends setting it to the app's session length. When present it is honoured: a token whose `exp` has been reached is refused as expired. A token without `exp` does not expire. (Whether a Messenger session continues past the token's `exp` is AMB-IC-SES-EXPIRED, a session question.)",
            sources: [Source.icDevIOSGenerate, Source.icDevWebPractices, Source.icHelpJWTBenefits, Source.icRails]
        ),
        RuleDefinition(
            id: "ICM-IAT-UNCHECKED", level: .must, profiles: ["intercom"], roles: [.verifier],
            statement: "No Intercom page mentions `iat`: a token is not refused for lacking `iat` or for an old one. An `iat` in the future, or one that is not a number, is the ambiguity AMB-IC-IAT-NBF. `nbf` follows the baseline JWT-NBF.",
            sources: [Source.icDevIOSGenerate, Source.icRails, Source.factsIntercomTokens]
        ),
        RuleDefinition(
            id: "ICM-SGN-HEADER", level: .must, profiles: ["intercom"], roles: [.signer],
            statement: "An Intercom signer writes exactly the header members `alg` = `HS256` and `typ` = `JWT`, and no `kid` or other member.",
            sources: [Source.icHelpJWT, Source.icDevIOSGenerate, Source.icRails]
        ),
        RuleDefinition(
            id: "ICM-SGN-IDENTITY", level: .must, profiles: ["intercom"], roles: [.signer],
            statement: "An Intercom signer writes `user_id` as a JSON string, byte for byte, even when it looks numeric. An email given with the id does not name the user, so the suite's signer (whose subject carries no attributes) writes no `email`; a user known only by email cannot be issued a token.",
            sources: [Source.icDevIOSGenerate, Source.icHelpJWTJa, Source.ic3PDupJWT]
        ),
        RuleDefinition(
            id: "ICM-SGN-TIME", level: .must, profiles: ["intercom"], roles: [.signer],
            statement: "An Intercom signer writes `iat` as the current time in whole seconds (the vendor asks nothing of it; no reading refuses a current `iat`) and, when asked for a lifetime, `exp` as `iat` plus that lifetime, in Unix seconds: each a JSON integer without fraction or exponent, exact at any size. Without a lifetime it writes no `exp`, as the vendor's Rails gem does when no expiry is configured.",
            sources: [Source.icDevIOSGenerate, Source.icRails, Source.rfc7519Exp]
        ),
    ]

    static let intercomAmbiguities: [AmbiguityDefinition] = [
        AmbiguityDefinition(
            id: "AMB-IC-ALG", profiles: ["intercom"],
            question: "Which algorithms does an Intercom verifier accept?",
            readings: [
                "HS256 only: the iOS page says to sign with HMAC-SHA256.",
                "Others too: the help article gives HS256 only as an example (\"e.g.\").",
            ],
            decision: "Required: refuse every `alg` but `HS256` as algorithm-not-allowed, even an HS384 or HS512 token whose signature is valid under the secret.",
            rationale: "The installation page is explicit and every vendor sample signs HS256; an allow-list of one algorithm is what RFC 8725 §3.1 asks for.",
            sources: [Source.icDevIOSGenerate, Source.icHelpJWT, Source.rfc8725AlgorithmVerification],
            leavesVerdictOpen: false,
            verifierReadings: ["alg_family"]
        ),
        AmbiguityDefinition(
            id: "AMB-IC-TYP", profiles: ["intercom"],
            question: "Must an Intercom token's `typ` be present and equal `JWT`?",
            readings: [
                "Required: the help article says the header states the token type.",
                "Ignored: no page says a verifier checks it.",
            ],
            decision: "Either verdict for a token whose `typ` is absent, names another type or is not a string. An acceptance must name the token's `user_id`; a refusal must say invalid-header. Signers always write `typ` `JWT`.",
            rationale: "The vendor describes the header, not a check; the algorithm and the signature are verified under both readings.",
            sources: [Source.icHelpJWT, Source.rfc7515Typ, Source.rfc8725ExplicitTyping],
            leavesVerdictOpen: true,
            verifierReadings: ["typ_required", "typ_ignored"]
        ),
        AmbiguityDefinition(
            id: "AMB-IC-KEYS", profiles: ["intercom"],
            question: "Tokens carry no `kid`, yet keys are rotated and the settings list the existing keys: which secrets verify a token?",
            readings: [
                "Every live secret: the verifier tries each.",
                "Only the newest secret: rotating invalidates tokens signed with the old one at once.",
                "A `kid` names the key after all, though no page documents it.",
            ],
            decision: "A verifier given one secret verifies with it (required). Given the new secret and a previous one, a token signed with the new secret must be accepted; one signed with the previous secret may be accepted (reading 1) or refused as bad-signature (reading 2). A `kid` that is a string never changes the outcome (reading 3 is not followed: nothing documents it), and a secret the verifier does not hold never verifies.",
            rationale: "Rotation is documented but its effect on old tokens is not; both readings are safe as long as the newest secret always works and no unheld secret does.",
            sources: [Source.icDevWebRotation, Source.icDevWeb, Source.factsIntercomTokens, Source.rfc7515Kid],
            leavesVerdictOpen: true,
            verifierReadings: ["first_key_only"]
        ),
        AmbiguityDefinition(
            id: "AMB-IC-PLATFORM-KEYS", profiles: ["intercom"],
            question: "Is there one Messenger secret for web, iOS and Android, or one per platform (the iOS page's \"iOS enabled secret key\")?",
            readings: [
                "One secret for all platforms.",
                "Separate secrets, so that a token signed with the web secret is refused by the iOS SDK's workspace settings.",
            ],
            decision: "Required, and the same under both readings: a verifier checks a token against the secret(s) configured for the platform it serves, and a token signed with a secret it was not given (another platform's, say) is bad-signature. Which secrets a workspace shares across platforms is deployment configuration, outside the token.",
            rationale: "The token does not say which platform it was made for; the verifier's configured key set is the only place the answer can live.",
            sources: [Source.icDevIOSEnable, Source.icDevWeb],
            leavesVerdictOpen: false
        ),
        AmbiguityDefinition(
            id: "AMB-IC-USERID-TYPE", profiles: ["intercom"],
            question: "Is a token whose `user_id` is a JSON number valid, and who does it name?",
            readings: [
                "Invalid: every example writes a string and an Intercom support engineer says strings are expected.",
                "Valid, naming the user whose id is the number's decimal text: the vendor's Rails example signs `current_user&.id`, usually an integer.",
            ],
            decision: "Either verdict for an integer literal: an acceptance must name the `user_id` spelled exactly by the literal's digits (never a value rounded through a double); a refusal must say invalid-claim-type. A number with a fraction or exponent (`12345.0`, `1.2345e4`) must be refused as invalid-claim-type: its text has no single conversion to an id.",
            rationale: "The vendor's examples and one of its own code samples disagree. Accepting is safe only if the conversion is exact.",
            sources: [Source.icFinSalesforce, Source.ic3PDupJWT, Source.icDevIOSGenerate],
            leavesVerdictOpen: true,
            verifierReadings: ["numeric_identity"]
        ),
        AmbiguityDefinition(
            id: "AMB-IC-EMAIL-ONLY", profiles: ["intercom"],
            question: "A token with `email` and no `user_id`: refused, or identified by the email?",
            readings: [
                "Refused: the help note says JWT identity needs `user_id`.",
                "The email identifies the contact, as in the REST API's matching order.",
                "Refused only when the email matches several contacts.",
            ],
            decision: "Required: refuse as missing-claim. The email is never an identity in an Intercom token.",
            rationale: "The vendor's JWT note is explicit; readings 2 and 3 depend on the contact store (which the verifier does not have) and would let whoever signs an email reach an existing contact that has a `user_id`.",
            sources: [Source.icHelpJWTJa, Source.icHelpUserID, Source.icHelpDup],
            leavesVerdictOpen: false
        ),
        AmbiguityDefinition(
            id: "AMB-IC-SETTINGS-MISMATCH", profiles: ["intercom"],
            question: "`intercomSettings` carries a `user_id` or `email` that differs from the token's: what happens?",
            readings: [
                "An error: a token made for another user errors.",
                "The token's values win.",
                "The settings' values win (insecure; no page says so).",
            ],
            decision: "Session vectors (web `boot` with a settings `user_id`) accept reading 1 or 2; the third never conforms, since only the signed claim is evidence of who the user is.",
            rationale: "The vendor's troubleshooting page calls a token for another user an error; the unsigned settings must never become the identity.",
            sources: [Source.icFinTrouble, Source.icFinSalesforce],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-IC-IAT-NBF", profiles: ["intercom"],
            question: "`iat` and `nbf` are never mentioned: ignored, or checked as standard claims?",
            readings: [
                "Ignored.",
                "Checked: a future `iat` or a pending `nbf` refused, as JWT libraries do by default.",
            ],
            decision: "Required: a missing or past `iat` is accepted, and `nbf` is honoured as the baseline JWT-NBF says. Either verdict for an `iat` in the future (a refusal must say issued-at-out-of-window) or one that is not a number (a refusal must say invalid-claim-type).",
            rationale: "As for Zendesk and Sunshine: refusing a token for lacking `iat` contradicts the vendor's claim list; refusing a pending `nbf` is always safe.",
            sources: [Source.icDevIOSGenerate, Source.factsIntercomTokens, Source.rfc7519Iat, Source.rfc7519Nbf],
            leavesVerdictOpen: true,
            verifierReadings: ["iat_checked_anyway"]
        ),
        AmbiguityDefinition(
            id: "AMB-IC-KID-TYPE", profiles: ["intercom"],
            question: "Intercom tokens do not name their key. Is a token whose `kid` is not a string (a number, null, an array) still valid? (Not among the research notes' ambiguities: it follows from IC-T4 as AMB-KUS-KID-TYPE does for Kustomer.)",
            readings: [
                "Valid: the key is never chosen by `kid`, so its value does not matter (ICM-KEY).",
                "Invalid: RFC 7515 §4.1.4 makes `kid` a string, so the header is malformed whatever the profile does with it.",
            ],
            decision: "Either verdict. An acceptance must name the token's `user_id`; a refusal must say invalid-header. A string `kid` of any value is ignored and the token accepted.",
            rationale: "No Intercom page mentions `kid`; checking the JOSE header's types and skipping an unused member are both safe, since the secret and the signature decide.",
            sources: [Source.icDevWeb, Source.rfc7515Kid],
            leavesVerdictOpen: true,
            verifierReadings: ["kid_type_checked"]
        ),
        AmbiguityDefinition(
            id: "AMB-IC-SES-EXPIRED", profiles: ["intercom"],
            question: "After the token's `exp`, with no new token, what does the Messenger do?",
            readings: [
                "The session goes on (a cookie or an `anonymous_session` value; a community report).",
                "Requests fail (HTTP 400) until a new token is given, as enforcement requires a valid token on every request.",
                "The Messenger falls back to a visitor.",
            ],
            decision: "For a future session vector: any reading, provided the expired token itself is never accepted for a new login (ICM-EXP) and no other user is ever shown.",
            rationale: "The vendor's pages say tokens can expire but not what the Messenger shows afterwards; the only report of reading 1 is a non-staff answer.",
            sources: [Source.icHelpJWTBenefits, Source.icDevIOSEnable, Source.ic3PExpiry],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-IC-SES-UPDATE", profiles: ["intercom"],
            question: "Must every `Intercom('update')` carry `intercom_user_jwt`?",
            readings: [
                "Yes: an update with `user_id` but no token got HTTP 403 with security enforced (a third-party report).",
                "Only the boot; later updates ride on the session.",
            ],
            decision: "Session vectors accept either reading; an update must never change the user to one the token does not name.",
            rationale: "The vendor asks for periodic refreshes but not for a token on each update; the one report is third-party.",
            sources: [Source.icDevWebPractices, Source.ic3PUpdate],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-IC-SES-SWITCH", profiles: ["intercom"],
            question: "`boot` as another user without a `shutdown` in between: a clean switch, or the previous user's conversations still visible?",
            readings: [
                "It switches users cleanly.",
                "The previous user's conversations stay visible until the cookie expires (the vendor says the cookie is what keeps them).",
            ],
            decision: "Session vectors leave a boot as another user without `shutdown` open (either reading, flagged as the vendor's warning case); after `shutdown` the previous user's conversations are gone (ICM-SES-SHUTDOWN).",
            rationale: "The vendor documents `shutdown` as the way to reset the Messenger for another user and warns of the week-long cookie.",
            sources: [Source.icJSShutdown, Source.icHelpSession, Source.ic3PReload],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
        AmbiguityDefinition(
            id: "AMB-IC-SES-RESTART", profiles: ["intercom"],
            question: "Does a login survive a restart (web: the cookie lasts a week or `session_duration`; mobile: not found)?",
            readings: [
                "It survives.",
                "The app must `setUserJwt` and log in again.",
            ],
            decision: "Session vectors (web) accept either reading; after a restart the Messenger shows the same user or none, never another.",
            rationale: "The web cookie is documented; mobile behaviour is not.",
            sources: [Source.icJSShutdown, Source.icHelpSession, Source.icReactNative],
            leavesVerdictOpen: true,
            sessionOnly: true
        ),
    ]
}

extension Catalogue {
    /// The session rules of the web Messenger's `boot`, `update` and `shutdown`, from
    /// docs/research/zendesk-intercom.md § 2.2 and § 3.
    static let intercomSessionRules: [RuleDefinition] = [
        RuleDefinition(
            id: "ICM-SES-BOOT", level: .must, profiles: ["intercom"], roles: [.session],
            statement: "`Intercom('boot', settings)` with the token in `intercom_user_jwt` logs in the user the token's `user_id` names, as the verifier resolves it, and shows that user's conversations; a token the verifier refuses fails the boot and changes nothing. Booting another user without `shutdown` switches users, or leaves the previous user's conversations visible through the Messenger's cookie (AMB-IC-SES-SWITCH); whether a boot survives a restart is AMB-IC-SES-RESTART.",
            sources: [Source.icJSBoot, Source.icRails, Source.icFinSalesforce, Source.icDevWeb]),
        RuleDefinition(
            id: "ICM-SES-SHUTDOWN", level: .must, profiles: ["intercom"], roles: [.session],
            statement: "`Intercom('shutdown')` clears the user's conversations and the data passed through the JavaScript API and resets the Messenger to a visitor: no user, none of the user's conversations visible.",
            sources: [Source.icJSShutdown, Source.icHelpSession]),
        RuleDefinition(
            id: "ICM-SES-UPDATE", level: .must, profiles: ["intercom"], roles: [.session],
            statement: "`Intercom('update', settings)` with a fresh `intercom_user_jwt` for the booted user keeps the session as it is. An update without a token is refused (HTTP 403 with security enforced) or rides on the session (AMB-IC-SES-UPDATE); no update changes the user.",
            sources: [Source.icDevWebPractices, Source.ic3PUpdate]),
        RuleDefinition(
            id: "ICM-SES-MISMATCH", level: .must, profiles: ["intercom"], roles: [.session],
            statement: "A `boot` whose settings `user_id` differs from the token's never logs in the settings' user: it fails and changes nothing, or the token's user boots (AMB-IC-SETTINGS-MISMATCH; the settings winning never conforms).",
            sources: [Source.icFinTrouble, Source.icFinSalesforce]),
    ]
}
