import JWTConformance

/// Kustomer Chat (`kustomer`, vector prefix `KUS`): the rules and ambiguities of the Kustomer
/// documents (seeds 000–003: the iOS, mobile, web and React Native guides) and the research
/// notes `vendor-facts.md` § Kustomer Chat.
///
/// The places the Kustomer rules come from: the seed file and the heading inside it.
extension Source {
    static let kusIOSHeader = "000_777d1ef689657a14.txt § Generating a JWT token › Header for JWT token"
    static let kusIOSPayloads = "000_777d1ef689657a14.txt § Generating a JWT token › Payloads for JWT token"
    static let kusIOSNode = "000_777d1ef689657a14.txt § Generating a JWT token › Example: Generate a secure JWT token with NodeJS"
    static let kusIOSSecret = "000_777d1ef689657a14.txt § Generating a JWT token › Step 2: Generate a secret key"
    static let kusIOSLoggedIn = "000_777d1ef689657a14.txt § Verify if you are logged in"
    static let kusMobileLoggedIn = "001_80f235ec93f6e246.txt § Verify if you are logged in › Note"
    static let kusMobileLogIn = "001_80f235ec93f6e246.txt § Log in as a specific user"
    static let kusWebHeader = "002_9e0dbd0e5c852d46.txt § Generating a JWT token › Header for JWT token"
    static let kusWebPayloads = "002_9e0dbd0e5c852d46.txt § Generating a JWT token › Payloads for JWT token"
    static let kusWebNode = "002_9e0dbd0e5c852d46.txt § Generating a JWT token › Example: Generate a secure JWT token with NodeJS"
    static let kusWebLoggedIn = "002_9e0dbd0e5c852d46.txt § Verify if you are logged in"
    static let kusRNLoggedIn = "003_265cea106beb7c09.txt § Verify if you are logged in"
    static let factsKustomer = "vendor-facts.md § Kustomer Chat"
}

extension Catalogue {
    static let kustomerRules: [RuleDefinition] = [
        RuleDefinition(
            id: "KUS-HDR-ALG", level: .must, profiles: ["kustomer"], roles: [.verifier, .signer],
            statement: "Kustomer identity tokens are signed with HMAC SHA-256, `alg` `HS256`: a verifier accepts no other algorithm and a signer writes no other.",
            sources: [Source.kusIOSHeader, Source.kusWebHeader]
        ),
        RuleDefinition(
            id: "KUS-HDR-TYP", level: .must, profiles: ["kustomer"], roles: [.verifier, .signer],
            statement: "The Kustomer header carries `typ` `JWT`, and a signer always writes it. A verifier refuses a `typ` that is not a string or names another type (`JWS`, `at+jwt`, the empty string) as invalid-header. A missing `typ` (AMB-KUS-TYP-REQUIRED) and `JWT` in another letter case or as `application/jwt` (AMB-TYP-CASE) are ambiguities.",
            sources: [Source.kusIOSHeader, Source.kusWebHeader, Source.rfc7515Typ, Source.rfc7519Typ, Source.rfc8725ExplicitTyping]
        ),
        RuleDefinition(
            id: "KUS-KEY", level: .must, profiles: ["kustomer"], roles: [.verifier],
            statement: "A Kustomer organisation has a single signing secret, the `secret` attribute of the customer settings response, and every token is verified with it. Kustomer tokens do not name their key: a `kid` in the header is a hint the verifier ignores.",
            sources: [Source.kusIOSSecret, Source.rfc7515Kid]
        ),
        RuleDefinition(
            id: "KUS-ID-CLAIMS", level: .must, profiles: ["kustomer"], roles: [.verifier],
            statement: "A Kustomer token names the customer with `externalId` (the business's own identifier for the customer), with `email`, or with both. A token with neither is refused as missing-claim. Claim names are matched exactly: `external_id`, `ExternalId` or an `externalId` nested inside another object do not count.",
            sources: [Source.kusIOSPayloads, Source.kusWebPayloads]
        ),
        RuleDefinition(
            id: "KUS-ID-TYPE", level: .must, profiles: ["kustomer"], roles: [.verifier],
            statement: "`externalId` and `email` are non-empty JSON strings, resolved verbatim. Any other JSON type (array, object, boolean, null, a non-integer number) is invalid-claim-type, and an empty string is invalid-claim-value. An integer `externalId`, which one vendor sample emits, is the ambiguity AMB-KUS-EXTERNALID-NUMBER.",
            sources: [Source.kusIOSPayloads, Source.kusWebPayloads, Source.kusWebLoggedIn, Source.factsKustomer]
        ),
        RuleDefinition(
            id: "KUS-ID-PRECEDENCE", level: .must, profiles: ["kustomer"], roles: [.verifier],
            statement: "When a token carries both `email` and `externalId`, the customer is the one `email` names and `externalId` is not used for the login, whichever member comes first in the JSON text.",
            sources: [Source.kusIOSPayloads, Source.kusIOSLoggedIn, Source.kusMobileLoggedIn, Source.kusWebLoggedIn]
        ),
        RuleDefinition(
            id: "KUS-IAT-REQUIRED", level: .must, profiles: ["kustomer"], roles: [.verifier],
            statement: "A Kustomer token must carry `iat`: its validity is defined only by the time it was issued, so a token without `iat` is refused as missing-claim rather than treated as never going stale.",
            sources: [Source.kusIOSPayloads, Source.kusWebPayloads]
        ),
        RuleDefinition(
            id: "KUS-IAT-WINDOW", level: .must, profiles: ["kustomer"], roles: [.verifier],
            statement: "`iat` must lie within 15 minutes (900 seconds) of the verifier's clock. A token issued more than 900 s ago, or stamped more than 900 s in the future, is refused as issued-at-out-of-window; exactly 900 s old (AMB-KUS-IAT-BOUNDARY) and up to 900 s ahead (AMB-KUS-IAT-FUTURE) are ambiguities. A later `exp` never widens the window.",
            sources: [Source.kusIOSPayloads, Source.kusWebPayloads, Source.factsKustomer]
        ),
        RuleDefinition(
            id: "KUS-IAT-SECONDS", level: .must, profiles: ["kustomer"], roles: [.verifier, .signer],
            statement: "`iat` counts seconds, not milliseconds. A millisecond timestamp lies tens of thousands of years ahead and is refused as issued-at-out-of-window; a signer writes whole seconds.",
            sources: [Source.kusWebPayloads, Source.kusWebNode]
        ),
        RuleDefinition(
            id: "KUS-SGN-HEADER", level: .must, profiles: ["kustomer"], roles: [.signer],
            statement: "A Kustomer signer writes exactly the header members `alg` = `HS256` and `typ` = `JWT`, and no others.",
            sources: [Source.kusIOSHeader, Source.kusWebHeader, Source.kusWebNode]
        ),
        RuleDefinition(
            id: "KUS-SGN-IDENTITY", level: .must, profiles: ["kustomer"], roles: [.signer],
            statement: "A Kustomer signer writes each identifier it is given as a JSON string, byte for byte, even when it looks numeric: `externalId`, `email`, or both (the token then names the customer by email).",
            sources: [Source.kusIOSPayloads, Source.kusWebPayloads, Source.factsKustomer]
        ),
        RuleDefinition(
            id: "KUS-SGN-TIME", level: .must, profiles: ["kustomer"], roles: [.signer],
            statement: "A Kustomer signer writes `iat` as the current time in whole seconds, as a JSON integer (digits only: no fraction or exponent, which a verifier may refuse under AMB-NUMERICDATE-FRACTION), and, when asked for a lifetime, `exp` as `iat` plus that lifetime, written the same way. The value is exact at any size: no 32-bit wrap, no rounding through a double.",
            sources: [Source.kusWebPayloads, Source.kusWebNode, Source.rfc7519Exp]
        ),
    ]

    static let kustomerAmbiguities: [AmbiguityDefinition] = [
        AmbiguityDefinition(
            id: "AMB-KUS-TYP-REQUIRED", profiles: ["kustomer"],
            question: "Must a Kustomer verifier refuse a token whose header has no `typ`?",
            readings: [
                "Yes: the guide says the header must include `alg` HS256 and `typ` JWT.",
                "No: the guide presents the header as an example the token should be similar to, and `typ` is optional in RFC 7515 and RFC 7519; the algorithm and signature carry the security.",
            ],
            decision: "Either verdict. A verifier that accepts must resolve the token's identity; one that refuses must say invalid-header. A `typ` that is present but names another type is refused (KUS-HDR-TYP), and signers always write `typ`.",
            rationale: "The guide's wording supports both readings and no other Kustomer document settles it. A missing `typ` gives an attacker nothing: the algorithm is fixed and the signature is checked either way.",
            sources: [Source.kusIOSHeader, Source.kusWebHeader, Source.rfc7515Typ, Source.rfc7519Typ],
            leavesVerdictOpen: true,
            verifierReadings: ["typ_required"]
        ),
        AmbiguityDefinition(
            id: "AMB-KUS-IAT-BOUNDARY", profiles: ["kustomer"],
            question: "Is a Kustomer token issued exactly 900 s before the verifier's clock still valid?",
            readings: [
                "Yes: the guide's \"within 15 minutes\" includes the 15-minute mark.",
                "No: Kustomer's identity overview says the token must be \"under 15 minutes old\", which excludes it.",
            ],
            decision: "Either verdict at exactly 900 s. An acceptance must resolve the token's identity; a refusal must say issued-at-out-of-window. At 899 s the token must be accepted and at 901 s refused.",
            rationale: "The vendor's own pages disagree by exactly one second; both neighbours of the boundary are required so that an off-by-more error is still caught.",
            sources: [Source.kusIOSPayloads, Source.kusWebPayloads, Source.factsKustomer],
            leavesVerdictOpen: true,
            verifierReadings: ["iat_age_exclusive"]
        ),
        AmbiguityDefinition(
            id: "AMB-KUS-IAT-FUTURE", profiles: ["kustomer"],
            question: "Is a Kustomer token whose `iat` lies up to 900 s in the future valid?",
            readings: [
                "Yes: \"within 15 minutes\" is a distance either way, which absorbs clock skew between the backend and the service.",
                "No: a token cannot be issued in the future; only age counts.",
                "A token of any future `iat` is \"under 15 minutes old\" if age is computed naively (now − iat < 900).",
            ],
            decision: "Either verdict for an `iat` from 1 to 900 s ahead (acceptance must resolve the identity, refusal must say issued-at-out-of-window). More than 900 s ahead must be refused as issued-at-out-of-window: the third reading is wrong.",
            rationale: "The vendors do not say how skew is handled, so small future offsets are left open. The naive age check is ruled out because it makes a token stamped far ahead (a millisecond `iat`, a forged clock) valid for years.",
            sources: [Source.kusIOSPayloads, Source.kusWebPayloads, Source.factsKustomer],
            leavesVerdictOpen: true,
            verifierReadings: ["iat_future"]
        ),
        AmbiguityDefinition(
            id: "AMB-KUS-EXTERNALID-NUMBER", profiles: ["kustomer"],
            question: "Is a Kustomer token whose `externalId` is a JSON number valid, and who does it name?",
            readings: [
                "Invalid: every Kustomer example writes `externalId` as a string and the web SDK documents it as a String.",
                "Valid, naming the customer whose external id is the number's decimal text: one version of the vendor's Android sample emits a number, so real signers do.",
            ],
            decision: "Either verdict for an integer literal. An acceptance must resolve the externalId spelled exactly by the literal's digits (`9007199254740993`, not a rounded `9007199254740992`); a refusal must say invalid-claim-type. A number with a fraction or exponent (`2345678.0`, `2.345678e6`) must be refused as invalid-claim-type, because its text has no single conversion to an identifier.",
            rationale: "The vendor's documents and its own sample disagree. Accepting is safe only if the conversion is exact: rounding through a double would log a customer in as someone else.",
            sources: [Source.kusIOSPayloads, Source.kusWebLoggedIn, Source.factsKustomer],
            leavesVerdictOpen: true,
            verifierReadings: ["numeric_identity"]
        ),
        AmbiguityDefinition(
            id: "AMB-KUS-EMAIL-FALLBACK", profiles: ["kustomer"],
            question: "When `email` is present but unusable (an empty string, null or not a string) and `externalId` is valid, is the token valid?",
            readings: [
                "Refuse: `email` has priority, and the email given is invalid.",
                "Fall back to `externalId`: an unusable email counts as no email (what `email || externalId` does).",
                "Log in as the empty or null email.",
            ],
            decision: "Either verdict, in both roles. A verifier's acceptance must name the customer by `externalId`; a refusal must say invalid-claim-value or invalid-claim-type. A session follows its verifier: `logIn` with such a token either fails with that reason and changes nothing (KUS-SES-FAILED-LOGIN), or logs in the `externalId`'s customer exactly as a token with that `externalId` alone would (KUS-SES-LOGIN), one reading throughout a vector. The third reading never conforms. A session vector that needs a refused invalid-claim-value token uses one whose `email` and `externalId` are both empty, which every reading refuses.",
            rationale: "The guide only says that email wins when both are provided; whether an empty email is \"provided\" is not said, for the verifier or for the SDK's login. Falling back is safe because the signer vouched for the external id; resolving an empty email is not. Until suite 1.3.0 the session vector KUS-SES-030 required the refusal while the verifier vectors left it open; the two roles now read the seeds the same way.",
            sources: [Source.kusIOSPayloads, Source.kusIOSLoggedIn, Source.kusWebLoggedIn],
            leavesVerdictOpen: true,
            verifierReadings: ["empty_identity_absent", "null_absent", "precedence_first_valid"]
        ),
        AmbiguityDefinition(
            id: "AMB-KUS-SHADOWED-EXTERNALID", profiles: ["kustomer"],
            question: "When `email` is valid but the `externalId` beside it is unusable (empty, null, a number), is the token valid?",
            readings: [
                "Valid: `externalId` is not used when an email is present, so its value does not matter.",
                "Invalid: every identity claim present must be well-formed.",
            ],
            decision: "Either verdict. An acceptance must name the customer by `email`; a refusal must say invalid-claim-value or invalid-claim-type.",
            rationale: "The vendor says the external id is not used for the user in that case but not whether it is still checked; neither reading lets the wrong customer in.",
            sources: [Source.kusIOSLoggedIn, Source.kusMobileLoggedIn, Source.kusWebLoggedIn],
            leavesVerdictOpen: true,
            verifierReadings: ["all_identity_claims_checked"]
        ),
        AmbiguityDefinition(
            id: "AMB-KUS-KID-TYPE", profiles: ["kustomer"],
            question: "Kustomer ignores `kid`. Is a Kustomer token whose `kid` is not a string (a number, null, an array) still valid?",
            readings: [
                "Valid: the key is never chosen by `kid`, so its value does not matter (KUS-KEY).",
                "Invalid: RFC 7515 §4.1.4 makes `kid` a string, so the header is malformed whatever the profile does with it.",
            ],
            decision: "Either verdict. An acceptance must resolve the token's identity; a refusal must say invalid-header. A string `kid` of any value is ignored and the token accepted.",
            rationale: "The Kustomer documents never mention `kid`; a verifier that checks the JOSE header's types and one that skips a member it does not use are both safe, since the one secret and the signature decide.",
            sources: [Source.kusIOSSecret, Source.rfc7515Kid],
            leavesVerdictOpen: true,
            verifierReadings: ["kid_type_checked"]
        ),
        AmbiguityDefinition(
            id: "AMB-KUS-ISLOGGEDIN-BOTH", profiles: ["kustomer"],
            question: "After logging in with a token that carries both `email` and `externalId`, what does `isLoggedIn` answer for the external id?",
            readings: [
                "false: the email took precedence and the external id \"will not be used for the user\", so only the email identifies the session.",
                "true: the SDK knows both identifiers of the token it logged in with.",
            ],
            decision: "Required: `isLoggedIn` with the token's email answers true; with its external id, as with any other identifier, false (KUS-SES-PRECEDENCE).",
            rationale: "Per the seeds, once a token carries an email the external id plays no part in naming the customer: the backend's customer is the email's, whose record may carry another external id or none, while another customer may own this one. True would tell the app that customer is logged in while the chat belongs to the email's customer; false at worst costs one redundant login. The seeds' advice to check with the same identifier the last login used points the same way: the login was by email.",
            sources: [Source.kusIOSLoggedIn, Source.kusMobileLoggedIn, Source.kusWebLoggedIn, Source.kusRNLoggedIn],
            leavesVerdictOpen: false,
            sessionOnly: true,
            verifierReadings: []
        ),
    ]
}
