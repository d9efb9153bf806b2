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

    /// Every ambiguity: the ones every profile shares (whose `profiles` is ``everyProfile``,
    /// written as every bundled profile's id), then each vendor's own, vendors in profile-file
    /// order, each vendor's session questions (``SessionCatalogue/ambiguities``) after its others.
    static var ambiguities: [AmbiguityDefinition] {
        let every = Registry.profileIDs
        let own = Registry.entries.flatMap { entry in
            entry.cases.ambiguities + SessionCatalogue.ambiguities.filter { $0.profiles == [entry.profile.id.rawValue] }
        }
        return (sharedAmbiguities + own).map { ambiguity in
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
            statement: "Header parameters that the profile does not use, and that `crit` does not list, are ignored: they neither invalidate the token nor change how its key is chosen. A private parameter is ignored whatever it holds; a parameter registered by RFC 7515 or RFC 7797 (`cty`, `x5u`, `x5c`, `x5t`, `jku`, `jwk`, `b64`) whose value breaks its own definition is the ambiguity AMB-UNUSED-HEADER-PARAMETERS, and so is `zip`, which RFC 7516 registers for JWE alone. A JWS payload is never inflated: one compressed with DEFLATE under `\"zip\":\"DEF\"` is not JSON, and is refused.",
            sources: [Source.rfc7515Header, Source.rfc7516Zip]
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

    // MARK: - Ambiguities every profile shares

    static let sharedAmbiguities: [AmbiguityDefinition] = [
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
            decision: "Either verdict where the exact value passes (a far-future `exp`): an acceptance must resolve the identity, a refusal must say invalid-claim-type. Where the exact value fails (an `iat` outside Kustomer's window, a far-future `nbf`, a hugely negative `exp`) the token must be refused, with the time reason or invalid-claim-type. Values inside the signed 64-bit range are ordinary NumericDates and are never open. A number no 64-bit integer or double holds may also be refused with the whole token as malformed (AMB-RESOURCE-LIMITS).",
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
            question: "Must a verifier accept a correctly signed token that is very large (tens of kilobytes), deeply nested, or that holds a number its JSON parser cannot represent?",
            readings: [
                "Yes: nothing in the JWT or vendor specifications limits size, depth or numbers.",
                "No: RFC 8259 §9 lets parsers limit size, nesting and the range and precision of numbers, and a verifier should bound the work an unauthenticated input can cause. Many parsers hold an integer as 64 bits and any other number as an IEEE 754 double, and refuse the text when a number does not fit.",
            ],
            decision: "Either verdict for a validly signed token beyond 64 KiB or nested 1000 levels deep, and for one holding, anywhere in its header or payload, a number beyond 64-bit integers and doubles: an integer written without fraction or exponent outside the signed 64-bit range, or a number whose magnitude rounds to infinity as a double, or a non-zero one that rounds to zero. An acceptance must resolve the identity; a refusal must say malformed, or what the number's own member would get. Numbers within those limits must be read, wherever they stand. The same tokens with a bad signature must be refused (malformed or bad-signature), and none may crash or hang the verifier.",
            rationale: "Limits are a legitimate defence and real tokens are small, but no limit may ever let a badly signed token through. 64-bit integers and doubles are where RFC 8259 §6 locates good interoperability, so the line is drawn there and not lower.",
            sources: [Source.rfc8259Limits, Source.rfc8259Numbers],
            leavesVerdictOpen: true,
            verifierReadings: ["size_limit", "nesting_limit", "number_limit"]
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
            id: "AMB-UNUSED-HEADER-PARAMETERS", profiles: everyProfile,
            question: "A header parameter registered by RFC 7515 or RFC 7797 that neither profile uses (`cty`, `x5u`, `x5c`, `x5t`, `jku`, `jwk`, `b64`) holds a value its definition does not allow (`\"cty\":null`, `\"x5u\":[\"x\"]`, `\"b64\":{}`), `b64` appears at all without being listed in `crit` (RFC 7797 §6 requires the listing), or `zip`, registered for JWE alone (RFC 7516 §4.1.3), appears in a JWS header: is the token still valid?",
            readings: [
                "Valid: the profile does not use the parameter, so its value is ignored (JWS-HEADER-UNKNOWN).",
                "Invalid: the header breaks the JWS specification, and libraries that decode the header into typed fields refuse it.",
            ],
            decision: "Either verdict. An acceptance must resolve the token's identity; a refusal must say invalid-header or malformed (or, for `b64`, bad-signature: a verifier that honours it signs over the raw payload). A private parameter is ignored whatever it holds, a key carried in `jwk` or `jku` is never used (JWS-KEY-FROM-HEADER), and a payload is never inflated for `zip`, so a compressed one is refused either way.",
            rationale: "The vendors name none of these parameters; refusing a header that breaks RFC 7515 is defensible, and ignoring it lets nothing in, since the algorithm, the key and the signature are decided without them.",
            sources: [Source.rfc7515Header, "RFC 7515 §4.1.10", "RFC 7797 §3", Source.rfc7516Zip],
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
    ]

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
