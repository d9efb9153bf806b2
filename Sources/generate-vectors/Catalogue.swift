import JWTConformance

/// A rule of the catalogue, as the generator writes it to `Vectors/rules/catalogue.json`.
struct RuleDefinition {
    var id: String
    var level: Rule.Level
    /// `jws` for the baseline every profile inherits, else profile ids.
    var profiles: [String]
    var roles: [Role]
    var statement: String
    var sources: [String]

    /// Whether the rule binds vectors of `profile`.
    func applies(to profile: String) -> Bool {
        profiles.contains("jws") || profiles.contains(profile)
    }
}

/// A place where the vendors' documents disagree or are silent, and the suite's decision.
struct AmbiguityDefinition {
    var id: String
    var profiles: [String]
    var question: String
    var readings: [String]
    var decision: String
    var rationale: String
    var sources: [String]
    /// True when the decision leaves both verdicts open for some inputs (vectors say
    /// `acceptable`); false when one reading was judged clearly right and the vectors require it.
    var leavesVerdictOpen: Bool
    /// True when the question is about SDK sessions, whose vectors are a later issue.
    var sessionOnly: Bool = false
    /// The verifier readings the question is about, in the oracle's vocabulary (`typ_required`,
    /// `alg_family`, …; `Vectors/schema/catalogue.schema.json` lists them): the oracle judges an
    /// `acceptable` vector by flipping exactly these. Empty for a question no verifier reading
    /// depends on; session-only questions need none.
    var verifierReadings: [String] = []
}

struct FlagDefinition {
    var id: String
    var meaning: String
}

/// The normative catalogue: every rule the vectors exercise, in the suite's own words.
enum Catalogue {
    /// The JWS/JWT baseline, then every vendor's own rules, then every vendor's session rules,
    /// vendors in profile-file order.
    static var rules: [RuleDefinition] {
        baselineRules + Registry.entries.flatMap { $0.cases.rules } + Registry.entries.flatMap { $0.cases.sessionRules }
    }

    /// Every ambiguity: the seed vendors' and the ones every profile shares (whose `profiles`
    /// is ``everyProfile``, written as every bundled profile's id), then the other vendors' own.
    static var ambiguities: [AmbiguityDefinition] {
        let every = Registry.profileIDs
        return (seedAmbiguities + Registry.entries.flatMap { $0.cases.ambiguities }).map { ambiguity in
            var ambiguity = ambiguity
            if ambiguity.profiles == everyProfile { ambiguity.profiles = every }
            return ambiguity
        }
    }

    /// The `profiles` of an ambiguity every bundled profile shares.
    static let everyProfile = ["*"]

    // MARK: - Baseline (JWS / JWT), inherited by every profile

    static let baselineRules: [RuleDefinition] = [
        RuleDefinition(
            id: "JWS-COMPACT-SEGMENTS", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "A token is three base64url segments (header, payload, signature) joined by exactly two full stops, with nothing before, between or after them: no whitespace or line break anywhere, and no second, fourth or fifth segment (a JWE has five). Anything else is refused as malformed.",
            sources: [Source.rfc7515Compact, Source.rfc7515Validation, Source.rfc7519Validation]
        ),
        RuleDefinition(
            id: "JWS-BASE64URL-STRICT", level: .must, profiles: ["jws"], roles: [.verifier, .signer],
            statement: "Each segment is written in the URL-safe base64 alphabet without padding, in its single canonical spelling: no `=`, no `+` or `/`, no other character, no length that no byte string encodes to, and zero bits in the unused low bits of the last character. A verifier refuses every other spelling as malformed, because a lenient decoder gives one signed token several accepted spellings; a signer only ever writes the canonical one.",
            sources: [Source.rfc7515Base64, Source.rfc7515NoPadding, Source.rfc4648URL, Source.rfc4648Canonical]
        ),
        RuleDefinition(
            id: "JWS-JSON-OBJECT", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "The decoded header and the decoded payload are each a single JSON text whose top-level value is an object. An array, string, number, boolean or null at the top, or text that is not JSON at all (a trailing comma, say), is refused as malformed. Whitespace between tokens and escape sequences are ordinary JSON: member names and values are read after unescaping.",
            sources: [Source.rfc7515Validation, Source.rfc7519Validation, Source.rfc8259Grammar]
        ),
        RuleDefinition(
            id: "JWS-JSON-UTF8", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "The decoded header and payload are well-formed UTF-8. Invalid byte sequences (a lone 0xFF, an overlong form, an encoded surrogate) and `\\u` escapes of unpaired surrogates are refused as malformed and never repaired into U+FFFD, since repair lets different tokens name the same customer.",
            sources: [Source.rfc7515Validation, Source.rfc8259UTF8, Source.rfc8259Unicode]
        ),
        RuleDefinition(
            id: "JWS-DUPLICATE-MEMBERS", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "When the header or the payload repeats a member name, a verifier either refuses the token as malformed or reads the lexically last occurrence, as ECMAScript's JSON.parse does. Reading the first occurrence, or any other, does not conform: two components reading the same token would then disagree about its algorithm, key or customer.",
            sources: [Source.rfc7515Header, Source.rfc7519Claims]
        ),
        RuleDefinition(
            id: "JWS-ALG-ALLOWLIST", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "The header's `alg` must be present, be a JSON string, and equal one of the profile's algorithms byte for byte (case matters). The verifier decides the algorithm from its configuration and never lets the token choose it: `hs256`, `HS384`, `HS512`, `RS256`, an empty or padded name, a missing `alg` or one that is not a string is refused as algorithm-not-allowed, even when the signature would verify under that algorithm.",
            sources: [Source.rfc7515Alg, Source.rfc7518Algorithms, Source.rfc8725AlgorithmVerification, Source.rfc8725WeakSignatures]
        ),
        RuleDefinition(
            id: "JWS-ALG-NONE", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "An unsecured token, whose `alg` is `none` in any letter case, is never accepted, whether its signature segment is empty or holds a valid HMAC: it is refused as algorithm-not-allowed.",
            sources: [Source.rfc7518None, Source.rfc8725Algorithms, Source.rfc8725WeakSignatures]
        ),
        RuleDefinition(
            id: "JWS-CRIT", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "A `crit` header parameter, when present, must be a non-empty array of strings, each naming an extension parameter the verifier understands and the header contains, none naming a parameter that RFC 7515 or RFC 7518 define. The vendor profiles understand no extension, so a token with any `crit` is refused as invalid-header.",
            sources: [Source.rfc7515Crit]
        ),
        RuleDefinition(
            id: "JWS-HEADER-UNKNOWN", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "Header parameters that the profile does not use, and that `crit` does not list, are ignored: they neither invalidate the token nor change how its key is chosen. A private parameter is ignored whatever it holds; a parameter registered by RFC 7515 or RFC 7797 (`cty`, `x5u`, `x5c`, `x5t`, `jku`, `jwk`, `b64`) whose value breaks its own definition is the ambiguity AMB-UNUSED-HEADER-PARAMETERS.",
            sources: [Source.rfc7515Header]
        ),
        RuleDefinition(
            id: "JWS-KEY-FROM-HEADER", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "The verification key comes from the verifier's configured key set only. A key or key location carried by the token itself (`jwk`, `jku`, `x5u`, `x5c`) is never fetched or used, so a token signed with a key of the sender's choosing fails as bad-signature.",
            sources: [Source.rfc8725ReceivedClaims, Source.rfc7515Jku, Source.rfc7515Jwk]
        ),
        RuleDefinition(
            id: "JWS-HMAC-KEY-BYTES", level: .must, profiles: ["jws"], roles: [.verifier, .signer],
            statement: "The HMAC key is the UTF-8 encoding of the secret exactly as the vendor hands it out: never base64-decoded (even when it happens to be valid base64, as Sunshine's example secret is), trimmed or re-encoded. A key of any length works: the vendor's own 24-byte example must not be refused, and a key longer than the 64-byte SHA-256 block is hashed first.",
            sources: [Source.rfc7518HMAC, Source.rfc2104Key, Source.sunAuth, Source.kusIOSSecret, Source.factsSunshine]
        ),
        RuleDefinition(
            id: "JWS-SIGNATURE", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "The signature segment must decode to exactly the 32 bytes of HMAC-SHA-256, computed with the selected key over the ASCII bytes of the header segment, a full stop and the payload segment exactly as received (never over re-serialised JSON), and compared in constant time. Anything else (another key's MAC, a truncated, lengthened or empty signature, a MAC made before the header or payload was altered) is refused as bad-signature.",
            sources: [Source.rfc7515Validation, Source.rfc7518HMAC]
        ),
        RuleDefinition(
            id: "JWS-SIZE-LIMIT", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "A verifier may bound what it parses (token length, JSON nesting depth, number size) and refuse what lies beyond as malformed, but hostile input must never crash or hang it, and no limit may turn a token whose signature fails into an accepted one.",
            sources: [Source.rfc8259Limits, Source.rfc8259Numbers]
        ),
        RuleDefinition(
            id: "JWS-REASON-ORDER", level: .should, profiles: ["jws"], roles: [.verifier],
            statement: "When a token has several defects, the reason reported belongs to the earliest stage, in the order structure, header and algorithm, key lookup, signature, claims, time. A token that fails an earlier stage is never reported for a later one; reasons of the same stage are interchangeable.",
            sources: [Source.rfc7515Validation, Source.rfc7519Validation]
        ),
        RuleDefinition(
            id: "JWT-UNKNOWN-CLAIMS", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "Claims the profile does not use are ignored: private ones whatever their JSON type (a name, a nested object, null), and registered ones such as `sub`, `iss` or `jti` holding the strings RFC 7519 defines. A registered claim whose value breaks its definition (a `sub`, `iss` or `jti` that is not a string), and `aud` in any form, are the ambiguity AMB-UNUSED-REGISTERED-CLAIMS.",
            sources: [Source.rfc7519Claims]
        ),
        RuleDefinition(
            id: "JWT-STRING-EXACT", level: .must, profiles: ["jws"], roles: [.verifier, .signer],
            statement: "Member names and string values are compared, and identities resolved and written, as their exact sequence of Unicode code points after JSON unescaping: no trimming, case folding, Unicode normalisation or truncation at U+0000. `José` precomposed and `José` with a combining accent are two different customers; a 4096-character identifier is kept whole.",
            sources: [Source.rfc7519Strings, Source.rfc8259Comparison]
        ),
        RuleDefinition(
            id: "JWT-NUMERICDATE", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "`iat`, `exp` and `nbf` are NumericDates: JSON numbers of seconds since 1970-01-01T00:00:00Z. A verifier compares them exactly, however large, small or negative, without overflow or wrap-around. A value of another JSON type is invalid-claim-type and is never silently ignored (ignoring a malformed `exp` makes a token immortal); strings of digits and non-integer numbers are the ambiguities AMB-NUMERICDATE-STRING and AMB-NUMERICDATE-FRACTION.",
            sources: [Source.rfc7519NumericDate, Source.rfc7519Exp, Source.rfc7519Nbf, Source.rfc7519Iat]
        ),
        RuleDefinition(
            id: "JWT-EXP", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "When `exp` is present, a token is refused as expired from the second `exp` names onwards: at `exp` itself and after it, with no leeway (AMB-CLOCK-LEEWAY). Neither profile requires `exp`.",
            sources: [Source.rfc7519Exp]
        ),
        RuleDefinition(
            id: "JWT-NBF", level: .must, profiles: ["jws"], roles: [.verifier],
            statement: "When `nbf` is present, a token is refused as not-yet-valid while the clock is before `nbf`; from the second `nbf` names onwards it is valid. No leeway applies.",
            sources: [Source.rfc7519Nbf]
        ),
    ]

    // MARK: - Kustomer

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

    // MARK: - Sunshine Conversations

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

    // MARK: - Ambiguities

    private static let seedAmbiguities: [AmbiguityDefinition] = [
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
            id: "AMB-TYP-CASE", profiles: everyProfile,
            question: "Is `typ` written `jwt`, `Jwt` or `application/jwt` the same as `JWT`?",
            readings: [
                "Yes: RFC 7515 §4.1.9 says media type names are compared case-insensitively and lets the `application/` prefix be omitted, so all of them name the same type.",
                "No: the vendors write `JWT`, and many verifiers compare the string exactly.",
            ],
            decision: "Either verdict. An acceptance must resolve the token's identity; a refusal must say invalid-header.",
            rationale: "The RFC favours acceptance, the vendors' examples are silent on other spellings, and nothing about security depends on the choice.",
            sources: [Source.rfc7515Typ, Source.kusIOSHeader, Source.sunAuth],
            leavesVerdictOpen: true,
            verifierReadings: ["typ_media_type", "typ_exact_case"]
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
            id: "AMB-NUMERICDATE-STRING", profiles: everyProfile,
            question: "What does a verifier do with `iat`, `exp` or `nbf` written as a JSON string of digits, as the vendors' own placeholders show (`\"iat\": \"CURRENT_TIME_UTC_IN_SECONDS\"`, `\"exp\": \"1542499200\"`)?",
            readings: [
                "Refuse it: a NumericDate is a JSON number (RFC 7519 §2), so the claim has the wrong type.",
                "Read the digits as the number they spell and apply the usual check.",
                "Ignore the claim as unreadable; for `exp` that makes the token immortal, for Kustomer's `iat` it removes the window.",
            ],
            decision: "Either verdict where reading the digits would accept: an acceptance must resolve the identity, a refusal must say invalid-claim-type. Where reading the digits would refuse (an `exp` already past, an `nbf` still ahead, an `iat` outside the window) or the string is not a number at all, the token must be refused (invalid-claim-type, or the reason the digits give). The third reading never conforms. Only a string of ASCII digits, optionally after a minus sign, is a string of digits: one with spaces, a plus sign, digit separators, other scripts' digits, a hexadecimal prefix or any other character is not a number at all and must be refused.",
            rationale: "The vendors' documents really do show strings, and some signing libraries emit them, so refusing is not required. Accepting a string claim must never mean ignoring it: that is how an expired token gets in.",
            sources: [Source.kusWebPayloads, Source.sunSample, Source.rfc7519NumericDate, Source.factsKustomer, Source.factsLibraries],
            leavesVerdictOpen: true,
            verifierReadings: ["string_numeric_date", "unreadable_numeric_date_ignored"]
        ),
        AmbiguityDefinition(
            id: "AMB-NUMERICDATE-FRACTION", profiles: everyProfile,
            question: "May `iat`, `exp` or `nbf` be a non-integer number such as `1700000000.5`, or an integer written with a fraction or an exponent such as `1700000000.0` or `1.7e9`?",
            readings: [
                "Yes: RFC 7519 §2 says a NumericDate may be non-integer; it is compared as the exact value.",
                "Yes, after truncating to whole seconds.",
                "No: the vendors speak of seconds and their samples use integers; a fraction is the wrong type.",
            ],
            decision: "Either verdict where the exact value passes the check: an acceptance must resolve the identity, a refusal must say invalid-claim-type or, where truncation changes the outcome at the edge, the time reason. Where the value fails under both the exact and the truncated reading, the token must be refused.",
            rationale: "The RFC allows fractions, the vendors never mention them and many implementations decode integers only; no reading is unsafe as long as an already-expired token stays expired.",
            sources: [Source.rfc7519NumericDate, Source.kusWebPayloads, Source.sunSample],
            leavesVerdictOpen: true,
            verifierReadings: ["numeric_date_integer_only", "numeric_date_truncated"]
        ),
        AmbiguityDefinition(
            id: "AMB-NUMERICDATE-RANGE", profiles: everyProfile,
            question: "What about NumericDates that do not fit in 64 bits, or are written with an exponent (`1e300`, a 40-digit integer)?",
            readings: [
                "Compare the exact value: an `exp` of 1e300 lies in the far future.",
                "Refuse the claim as a number the implementation cannot represent (RFC 8259 §6 lets implementations limit the range of numbers).",
            ],
            decision: "Either verdict where the exact value passes (a far-future `exp`): an acceptance must resolve the identity, a refusal must say invalid-claim-type. Where the exact value fails (an `iat` outside Kustomer's window, a far-future `nbf`, a hugely negative `exp`) the token must be refused, with the time reason or invalid-claim-type. Values inside the signed 64-bit range are ordinary NumericDates and are never open.",
            rationale: "Range limits are allowed by JSON itself, but an overflow must not wrap a far-future value into the past or the reverse, and must never crash the verifier.",
            sources: [Source.rfc7519NumericDate, Source.rfc8259Numbers, Source.rfc8259Limits],
            leavesVerdictOpen: true,
            verifierReadings: ["numeric_date_int64_only"]
        ),
        AmbiguityDefinition(
            id: "AMB-CLOCK-LEEWAY", profiles: everyProfile,
            question: "May a verifier allow some leeway around `exp` and `nbf` for clock skew?",
            readings: [
                "Yes: RFC 7519 §4.1.4 lets implementers allow a small leeway, and some libraries default to it (jwcrypto: 60 s).",
                "No: the suite runs on a fixed clock and the vendors name no leeway.",
            ],
            decision: "Required: no leeway. An `exp` 30 s in the past is expired and an `nbf` 30 s ahead is not yet valid. A deployment may configure leeway, but the implementation under test must be run with none.",
            rationale: "The vendors document none, Kustomer's 900 s window is already its skew allowance, and a conformance suite can only state exact boundaries if the implementation's own tolerance is switched off.",
            sources: [Source.rfc7519Exp, Source.rfc7519Nbf, Source.factsLibraries, Source.sunExpiring],
            leavesVerdictOpen: false,
            verifierReadings: ["leeway"]
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
            id: "AMB-NULL-CLAIM", profiles: everyProfile,
            question: "Is a claim whose value is JSON `null` absent, or present with the wrong type?",
            readings: [
                "Absent: many languages map null and missing to the same nothing.",
                "Present with the wrong type: the member is there and its value is not what the rule asks for.",
            ],
            decision: "Required: the token is refused when the null is the only identity (or the scope). The reason may be invalid-claim-type or missing-claim. A null `exp` or `nbf` is a NumericDate of the wrong type and is refused as invalid-claim-type: read as absent, a null `exp` would make the token immortal (JWT-NUMERICDATE). A null Kustomer `iat` is refused as invalid-claim-type or missing-claim; a null Sunshine `iat` is AMB-SUN-IAT.",
            rationale: "Both readings refuse, and neither lets a null name a customer; only the reason differs, so both reasons are allowed.",
            sources: [Source.rfc7519Claims, Source.kusIOSPayloads, Source.sunAuth],
            leavesVerdictOpen: false,
            verifierReadings: ["null_absent"]
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
            id: "AMB-DUPLICATE-MEMBERS", profiles: everyProfile,
            question: "A header or payload names a member twice (`{\"externalId\":\"attacker\",\"externalId\":\"victim\"}`): refuse, or read one of them?",
            readings: [
                "Refuse the token as malformed.",
                "Read the lexically last member, as RFC 7515 §4 and RFC 7519 §4 allow.",
                "Read the first member, as some parsers do.",
            ],
            decision: "Either verdict where the last occurrences make a valid token: an acceptance must resolve the identity those last occurrences name, a refusal must say malformed. Where the last occurrence makes the token invalid (`alg` `none`, a wrong `scope`, a past `exp`, a `kid` whose key did not sign), the token must be refused, as malformed or for that defect. The third reading never conforms.",
            rationale: "The RFCs allow the first two readings. A first-wins reader and a last-wins reader see different customers in one token, which is the attack this rule exists to stop.",
            sources: [Source.rfc7515Header, Source.rfc7519Claims],
            leavesVerdictOpen: true,
            verifierReadings: ["duplicates_last_wins"]
        ),
        AmbiguityDefinition(
            id: "AMB-SHORT-SECRET", profiles: everyProfile,
            question: "Must a verifier work with secrets shorter than the 32 bytes RFC 7518 §3.2 asks for HS256, down to one byte or none at all?",
            readings: [
                "Refuse short keys: RFC 7518 §3.2 and RFC 8725 §3.5 require keys at least as long as the hash output.",
                "Use any key the vendor hands out: Sunshine's own documented example secret has 24 bytes.",
            ],
            decision: "Required: the vendor's 24-byte example secret must work. Either verdict for a token made with a 1-byte or an empty secret: an acceptance must resolve the identity; a refusal must say unknown-key or bad-signature. Nothing may crash.",
            rationale: "A verifier that refuses the vendor's example breaks real integrations, while refusing a 1-byte or empty key is a reasonable configuration check. Which keys a vendor issues is outside the token.",
            sources: [Source.rfc7518HMAC, Source.rfc8725Entropy, Source.sunAuth, Source.factsSunshine],
            leavesVerdictOpen: true,
            verifierReadings: ["short_keys_refused"]
        ),
        AmbiguityDefinition(
            id: "AMB-RESOURCE-LIMITS", profiles: everyProfile,
            question: "Must a verifier accept a correctly signed token that is very large (tens of kilobytes) or deeply nested?",
            readings: [
                "Yes: nothing in the JWT or vendor specifications limits size or depth.",
                "No: RFC 8259 §9 lets parsers limit size and nesting, and a verifier should bound the work an unauthenticated input can cause.",
            ],
            decision: "Either verdict for a validly signed token beyond 64 KiB or nested 1000 levels deep: an acceptance must resolve the identity; a refusal must say malformed. The same tokens with a bad signature must be refused (malformed or bad-signature), and none may crash or hang the verifier.",
            rationale: "Limits are a legitimate defence and real tokens are small, but no limit may ever let a badly signed token through.",
            sources: [Source.rfc8259Limits],
            leavesVerdictOpen: true,
            verifierReadings: ["size_limit", "nesting_limit"]
        ),
        AmbiguityDefinition(
            id: "AMB-JSON-LONE-SURROGATE", profiles: everyProfile,
            question: "What does a verifier do with a JSON string escape of an unpaired surrogate (`\"\\ud800\"`), in an identity or in any other string or member name of the header or payload?",
            readings: [
                "Refuse: the string is not a sequence of Unicode scalar values and cannot be a UTF-8 identifier.",
                "Replace it with U+FFFD or keep the raw code unit, as some parsers do (RFC 8259 §8.2 calls the behaviour unpredictable).",
            ],
            decision: "Required: refuse as malformed (or, in an identity, invalid-claim-value), wherever the escape stands: in an ignored member too, since the text is then not a sequence of Unicode characters and parsers disagree about what it says.",
            rationale: "Replacement maps many different tokens to one identifier, and keeping the code unit yields an identifier no other system can represent; neither is safe for naming a customer.",
            sources: [Source.rfc8259Unicode, Source.rfc8259UTF8],
            leavesVerdictOpen: false,
            verifierReadings: ["lone_surrogates_accepted"]
        ),
        AmbiguityDefinition(
            id: "AMB-JSON-BOM", profiles: everyProfile,
            question: "What does a verifier do with a header or payload whose decoded bytes start with a UTF-8 byte order mark (EF BB BF)?",
            readings: [
                "Refuse it as malformed: RFC 8259 §8.1 forbids adding a byte order mark to networked JSON, and RFC 7515 §5.2 asks for the UTF-8 of a JSON object.",
                "Skip it: the same section lets a parser ignore a byte order mark rather than treat it as an error.",
            ],
            decision: "Either verdict. An acceptance must resolve the token's identity; a refusal must say malformed. A U+FEFF anywhere else is an ordinary character inside a string and an error between tokens.",
            rationale: "RFC 8259 allows both behaviours to parsers, the signer wrote the mark under a valid MAC, and neither reading changes what the token names.",
            sources: [Source.rfc8259UTF8, Source.rfc7515Validation],
            leavesVerdictOpen: true,
            verifierReadings: ["bom_skipped"]
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
            id: "AMB-UNUSED-HEADER-PARAMETERS", profiles: everyProfile,
            question: "A header parameter registered by RFC 7515 or RFC 7797 that neither profile uses (`cty`, `x5u`, `x5c`, `x5t`, `jku`, `jwk`, `b64`) holds a value its definition does not allow (`\"cty\":null`, `\"x5u\":[\"x\"]`, `\"b64\":{}`), or `b64` appears at all without being listed in `crit` (RFC 7797 §6 requires the listing): is the token still valid?",
            readings: [
                "Valid: the profile does not use the parameter, so its value is ignored (JWS-HEADER-UNKNOWN).",
                "Invalid: the header breaks the JWS specification, and libraries that decode the header into typed fields refuse it.",
            ],
            decision: "Either verdict. An acceptance must resolve the token's identity; a refusal must say invalid-header or malformed (or, for `b64`, bad-signature: a verifier that honours it signs over the raw payload). A private parameter is ignored whatever it holds, and a key carried in `jwk` or `jku` is never used (JWS-KEY-FROM-HEADER).",
            rationale: "The vendors name none of these parameters; refusing a header that breaks RFC 7515 is defensible, and ignoring it lets nothing in, since the algorithm, the key and the signature are decided without them.",
            sources: [Source.rfc7515Header, "RFC 7515 §4.1.10", "RFC 7797 §3"],
            leavesVerdictOpen: true,
            verifierReadings: ["registered_header_types_checked"]
        ),
        AmbiguityDefinition(
            id: "AMB-UNUSED-REGISTERED-CLAIMS", profiles: everyProfile,
            question: "A claim registered by RFC 7519 that neither profile uses holds a value its definition does not allow (`sub`, `iss` or `jti` that is not a string), or the token has an `aud` at all: is it still valid?",
            readings: [
                "Valid: the profile does not use the claim, so its value is ignored (JWT-UNKNOWN-CLAIMS).",
                "Invalid: RFC 7519 defines the claim's type, and for `aud` says a recipient that does not identify itself with a value of the claim must reject the token; JWT libraries check these claims by default.",
            ],
            decision: "Either verdict. An acceptance must resolve the token's identity; a refusal must say invalid-claim-type (or, for `aud`, invalid-claim-value). Private claims are ignored whatever they hold, and registered ones holding strings are ignored.",
            rationale: "Neither vendor names these claims. RFC 7519 §4.1.3 makes refusing an unexpected audience mandatory for recipients that process it, and common libraries check the types of sub, iss and jti; ignoring them is what the profiles' own rules imply. Neither reading changes who is logged in.",
            sources: [Source.rfc7519Claims, "RFC 7519 §4.1.3", "RFC 7519 §4.1.2"],
            leavesVerdictOpen: true,
            verifierReadings: ["registered_claims_checked"]
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
    ] + SessionCatalogue.ambiguities

    // MARK: - Flags

    static let flags: [FlagDefinition] = [
        FlagDefinition(id: "boundary", meaning: "The input sits on the edge of a numeric limit (a time bound to the second, a length), usually as one of a triple below, at and above the limit."),
        FlagDefinition(id: "auth-bypass", meaning: "Accepting the token would let someone log in as a customer without the secret, as another customer, or for ever."),
        FlagDefinition(id: "malleability", meaning: "The token is a second spelling of a validly signed token (padding, alphabet, whitespace, trailing bits); accepting it means signed tokens are not unique."),
        FlagDefinition(id: "vendor-ambiguity", meaning: "The vendor's documents disagree or are silent here; the catalogue's ambiguity entry records the readings and the decision."),
        FlagDefinition(id: "vendor-sample", meaning: "The token is shaped like a vendor's own sample, example or documented structure."),
        FlagDefinition(id: "signer-bug", meaning: "The token is what a common signing mistake produces (milliseconds, a numeric id, a decoded secret, the other vendor's claim names)."),
        FlagDefinition(id: "robustness", meaning: "Hostile or extreme input (huge, deep, odd bytes or numbers) that must not crash, hang or confuse anything."),
        FlagDefinition(id: "multi-defect", meaning: "The token has several defects; the reason of the earliest verification stage must be reported."),
    ] + SessionCatalogue.flags
}
