import JWTConformance

/// The JWS/JWT baseline: cases written once and run under every vendor profile.
///
/// A baseline case has the same number under every profile (`KUS-SIG-004` and `SUN-SIG-004`
/// are the same case), and cites the `JWS-…`/`JWT-…` rule it checks. Each token is the
/// vendor's valid token with exactly the defect the case is about, so that the vendor's own
/// rules (Sunshine's `kid` and `scope`, Kustomer's `iat` window) are satisfied throughout.
extension CaseBook {
    mutating func addBaselineCases() {
        addBaselineHeaderCases()
        addBaselineClaimCases()
        addBaselineTimingCases()
        addBaselinePrecedenceCases()
        addBaselineSignatureCases()
    }

    // MARK: - Header

    private mutating func addBaselineHeaderCases() {
        let v = vendor
        let alg = ["JWS-ALG-ALLOWLIST", v.algorithmRule]
        let none = ["JWS-ALG-NONE", "JWS-ALG-ALLOWLIST"]

        add(.header, 1, "A well-formed \(v.name) token: the vendor's header, signed with HS256 under the right key",
            rules: alg + ["JWS-SIGNATURE", v.typeRule] + v.keyRules + v.identityRules,
            token: v.token(), expect: .accept(v.identity))

        // alg: none and its spellings.
        add(.header, 2, "alg none with an empty signature segment (an unsecured JWT)",
            rules: none, flags: ["auth-bypass"],
            token: Forge.unsecured(v.header(alg: "none"), v.payload()), expect: .reject(.algorithmNotAllowed))
        add(.header, 3, "alg none although the signature segment holds a valid HS256 MAC of the token",
            rules: none, flags: ["auth-bypass"],
            token: v.token(v.header(alg: "none")), expect: .reject(.algorithmNotAllowed))
        add(.header, 4, "alg None (capitalised) with an empty signature segment",
            rules: none, flags: ["auth-bypass"],
            token: Forge.unsecured(v.header(alg: "None"), v.payload()), expect: .reject(.algorithmNotAllowed))
        add(.header, 5, "alg NONE (upper case) with an empty signature segment",
            rules: none, flags: ["auth-bypass"],
            token: Forge.unsecured(v.header(alg: "NONE"), v.payload()), expect: .reject(.algorithmNotAllowed))

        // Other algorithm names.
        add(.header, 6, "alg hs256 (lower case) with a valid HS256 signature: algorithm names are case-sensitive",
            rules: alg, token: v.token(v.header(alg: "hs256")), expect: .reject(.algorithmNotAllowed))
        add(.header, 7, "alg HS384 with a genuine HMAC-SHA-384 signature under the right secret",
            rules: alg, token: Forge.sign(v.header(alg: "HS384"), v.payload(), secret: v.secret, variant: .sha384),
            expect: .reject(.algorithmNotAllowed), decided: v.algorithmFamilyAmbiguity)
        add(.header, 8, "alg HS512 with a genuine HMAC-SHA-512 signature under the right secret",
            rules: alg, token: Forge.sign(v.header(alg: "HS512"), v.payload(), secret: v.secret, variant: .sha512),
            expect: .reject(.algorithmNotAllowed), decided: v.algorithmFamilyAmbiguity)
        add(.header, 9, "alg RS256 over a valid HS256 MAC (the public-key/HMAC confusion attack)",
            rules: alg, flags: ["auth-bypass"],
            token: v.token(v.header(alg: "RS256")), expect: .reject(.algorithmNotAllowed))
        add(.header, 10, "No alg member, with a valid HS256 signature",
            rules: alg, token: v.token(v.header(alg: nil)), expect: .reject(.algorithmNotAllowed))
        add(.header, 11, "alg is JSON null",
            rules: alg, token: v.token(v.header(alg: JSONValue.null)), expect: .reject(.algorithmNotAllowed))
        add(.header, 12, "alg is the number 256",
            rules: alg, token: v.token(v.header(alg: 256)), expect: .reject(.algorithmNotAllowed))
        add(.header, 13, "alg is the array [\"HS256\"] (equal to \"HS256\" under JavaScript's loose ==)",
            rules: alg, token: v.token(v.header(alg: ["HS256"])), expect: .reject(.algorithmNotAllowed))
        add(.header, 14, "alg is \"HS256 \" with a trailing space",
            rules: alg, token: v.token(v.header(alg: "HS256 ")), expect: .reject(.algorithmNotAllowed))
        add(.header, 15, "alg is the empty string",
            rules: alg, token: v.token(v.header(alg: "")), expect: .reject(.algorithmNotAllowed))

        // crit.
        let crit = ["JWS-CRIT"]
        add(.header, 20, "crit lists an extension the profile does not understand (present in the header)",
            rules: crit,
            token: v.token(v.header.with("crit", ["x-vendor-ext"]).with("x-vendor-ext", true)),
            expect: .reject(.invalidHeader))
        add(.header, 21, "crit is an empty array",
            rules: crit, token: v.token(v.header.with("crit", [])), expect: .reject(.invalidHeader))
        add(.header, 22, "crit is a string, not an array",
            rules: crit,
            token: v.token(v.header.with("crit", "x-vendor-ext").with("x-vendor-ext", true)),
            expect: .reject(.invalidHeader))
        add(.header, 23, "crit lists alg, a parameter RFC 7515 itself defines",
            rules: crit, token: v.token(v.header.with("crit", ["alg"])), expect: .reject(.invalidHeader))
        add(.header, 24, "crit lists an extension that the header does not contain",
            rules: crit, token: v.token(v.header.with("crit", ["x-vendor-ext"])), expect: .reject(.invalidHeader))
        add(.header, 25, "crit lists b64 with b64 false (RFC 7797 unencoded payload), which the profile does not support",
            rules: crit, token: v.token(v.header.with("b64", false).with("crit", ["b64"])), expect: .reject(.invalidHeader))
        add(.header, 26, "crit is an object",
            rules: crit, token: v.token(v.header.with("crit", [:])), expect: .reject(.invalidHeader))
        add(.header, 27, "crit lists b64 with b64 true (RFC 7797's default, the payload encoded), which the profile still does not support",
            rules: crit, token: v.token(v.header.with("b64", true).with("crit", ["b64"])), expect: .reject(.invalidHeader))
        add(.header, 28, "crit is an array holding a number, not a name",
            rules: crit, token: v.token(v.header.with("crit", [1])), expect: .reject(.invalidHeader))

        // Unknown parameters and keys carried in the header.
        add(.header, 30, "An unknown header parameter not listed in crit is ignored",
            rules: ["JWS-HEADER-UNKNOWN"],
            token: v.token(v.header.with("x-request-id", "7f3c2a")), expect: .accept(v.identity))
        let attackerKey: JSONObject = ["kty": "oct", "k": .string(Base64URL.encode(TestKeys.attackerSecret.utf8))]
        add(.header, 31, "The header embeds a jwk with the attacker's HMAC key, and the token is signed with it",
            rules: ["JWS-KEY-FROM-HEADER", "JWS-SIGNATURE"], flags: ["auth-bypass"],
            token: Forge.sign(v.header.with("jwk", .object(attackerKey)), v.payload(), secret: TestKeys.attackerSecret),
            expect: .reject(.badSignature))
        add(.header, 32, "The header points jku at the attacker's key set, and the token is signed with the attacker's key",
            rules: ["JWS-KEY-FROM-HEADER", "JWS-SIGNATURE"], flags: ["auth-bypass"],
            token: Forge.sign(v.header.with("jku", "https://attacker.example/.well-known/jwks.json"), v.payload(),
                              secret: TestKeys.attackerSecret),
            expect: .reject(.badSignature))

        // The header is not a JSON object.
        let payloadText = Forge.text(v.payload())
        let notObject = ["JWS-JSON-OBJECT"]
        add(.header, 40, "The header is a JSON array holding the valid header object",
            rules: notObject,
            token: Forge.sign(headerText: "[" + Forge.text(v.header) + "]", payloadText: payloadText, secret: v.secret),
            expect: .reject(.malformed))
        add(.header, 41, "The header is the JSON string \"HS256\"",
            rules: notObject,
            token: Forge.sign(headerText: "\"HS256\"", payloadText: payloadText, secret: v.secret), expect: .reject(.malformed))
        add(.header, 42, "The header is the JSON number 256",
            rules: notObject,
            token: Forge.sign(headerText: "256", payloadText: payloadText, secret: v.secret), expect: .reject(.malformed))
        add(.header, 43, "The header is JSON null",
            rules: notObject,
            token: Forge.sign(headerText: "null", payloadText: payloadText, secret: v.secret), expect: .reject(.malformed))
        add(.header, 44, "The header is an empty JSON object (no alg at all)",
            rules: alg,
            token: Forge.sign(headerText: "{}", payloadText: payloadText, secret: v.secret),
            expect: .reject(.algorithmNotAllowed, .invalidHeader))
        let headerText = Forge.text(v.header)
        add(.header, 45, "The header JSON has a trailing comma",
            rules: notObject,
            token: Forge.sign(headerText: String(headerText.dropLast()) + ",}", payloadText: payloadText, secret: v.secret),
            expect: .reject(.malformed))
        add(.header, 46, "The header is followed by a second JSON value",
            rules: notObject,
            token: Forge.sign(headerText: headerText + "{}", payloadText: payloadText, secret: v.secret),
            expect: .reject(.malformed))
        add(.header, 47, "The header JSON is pretty-printed over several lines (legal JSON whitespace)",
            rules: notObject + ["JWS-SIGNATURE"],
            token: Forge.sign(headerText: JSONValue.object(v.header).serialized(style: .pretty), payloadText: payloadText,
                              secret: v.secret),
            expect: .accept(v.identity))
        let escapedHeader = "{\"\\u0061lg\":\"HS\\u0032\\u0035\\u0036\"," + Forge.text(v.header.without("alg")).dropFirst()
        add(.header, 48, "The header spells alg and HS256 with \\u escapes; they mean alg and HS256",
            rules: notObject + alg,
            token: Forge.sign(headerText: escapedHeader, payloadText: payloadText, secret: v.secret),
            expect: .accept(v.identity))

        // Duplicate alg.
        add(.header, 49, "The header has alg twice: none, then HS256 (the last one is valid)",
            rules: ["JWS-DUPLICATE-MEMBERS"] + alg, flags: ["vendor-ambiguity"],
            token: v.token(v.header.prepending("alg", "none")),
            expect: .either("AMB-DUPLICATE-MEMBERS", v.identity, .malformed))
        add(.header, 50, "The header has alg twice: HS256, then none (a first-wins parser sees HS256)",
            rules: ["JWS-DUPLICATE-MEMBERS"] + none, flags: ["auth-bypass"],
            token: v.token(v.header.appending("alg", "none")),
            expect: .reject(.malformed, .algorithmNotAllowed), decided: "AMB-DUPLICATE-MEMBERS")

        // typ.
        let typ = [v.typeRule]
        add(.header, 60, "No typ in the header",
            rules: typ, flags: ["vendor-ambiguity"],
            token: v.token(v.header.without("typ")),
            expect: .either(v.typeAbsentAmbiguity, v.identity, .invalidHeader))
        add(.header, 61, "typ is \"jwt\" (lower case)",
            rules: typ, flags: ["vendor-ambiguity"],
            token: v.token(v.header.with("typ", "jwt")), expect: .either("AMB-TYP-CASE", v.identity, .invalidHeader))
        add(.header, 62, "typ is \"application/jwt\", the full media type",
            rules: typ, flags: ["vendor-ambiguity"],
            token: v.token(v.header.with("typ", "application/jwt")),
            expect: .either("AMB-TYP-CASE", v.identity, .invalidHeader))
        // Kustomer requires typ JWT in the header, so another type is refused; Sunshine says
        // nothing of typ on the verifying side (AMB-SUN-TYP).
        let otherType: Expectation = v.typeOtherValueAmbiguity.map { .either($0, v.identity, .invalidHeader) }
            ?? .reject(.invalidHeader)
        let otherTypeFlags = v.typeOtherValueAmbiguity == nil ? [] : ["vendor-ambiguity"]
        let otherTypeDecided = v.typeOtherValueAmbiguity == nil ? v.typeAbsentAmbiguity : nil
        add(.header, 63, "typ is \"JWS\", another type",
            rules: typ, flags: otherTypeFlags, token: v.token(v.header.with("typ", "JWS")), expect: otherType, decided: otherTypeDecided)
        add(.header, 64, "typ is \"at+jwt\", the type of an OAuth access token",
            rules: typ, flags: otherTypeFlags, token: v.token(v.header.with("typ", "at+jwt")), expect: otherType, decided: otherTypeDecided)
        add(.header, 65, "typ is the number 1",
            rules: typ, flags: otherTypeFlags, token: v.token(v.header.with("typ", 1)), expect: otherType, decided: otherTypeDecided)
        add(.header, 66, "typ is the empty string",
            rules: typ, flags: otherTypeFlags, token: v.token(v.header.with("typ", "")), expect: otherType, decided: otherTypeDecided)
        add(.header, 67, "typ is \"Jwt\" (mixed case)",
            rules: typ, flags: ["vendor-ambiguity"],
            token: v.token(v.header.with("typ", "Jwt")), expect: .either("AMB-TYP-CASE", v.identity, .invalidHeader))
    }

    // MARK: - Claims

    private mutating func addBaselineClaimCases() {
        let v = vendor
        let claim = v.identityClaim
        let unknown = ["JWT-UNKNOWN-CLAIMS"]
        let exact = ["JWT-STRING-EXACT"] + v.identityRules

        add(.claims, 1, "Extra private claims of every JSON type are ignored",
            rules: unknown,
            token: v.token(nil, v.payload()
                .with("name", "Jane Doe").with("locale", "fr-CA").with("verified", true)
                .with("custom", ["plan": "gold", "seats": [1, 2, 3], "note": JSONValue.null])),
            expect: .accept(v.identity))
        add(.claims, 2, "Registered claims the profile does not use (sub, iss, jti) are ignored",
            rules: unknown,
            token: v.token(nil, v.payload().with("sub", "someone-else").with("iss", "https://backend.example")
                .with("jti", "4f1c0a9e")),
            expect: .accept(v.identity))

        // The payload is not a JSON object.
        let header = Forge.text(v.header)
        let payloadText = Forge.text(v.payload())
        let notObject = ["JWS-JSON-OBJECT"]
        add(.claims, 3, "The payload is a JSON array holding the valid claims object",
            rules: notObject,
            token: Forge.sign(headerText: header, payloadText: "[" + payloadText + "]", secret: v.secret),
            expect: .reject(.malformed))
        add(.claims, 4, "The payload is a JSON string naming the customer",
            rules: notObject,
            token: Forge.sign(headerText: header, payloadText: JSONValue.string(v.customer).serialized(), secret: v.secret),
            expect: .reject(.malformed))
        add(.claims, 5, "The payload is the JSON number 1700000000",
            rules: notObject,
            token: Forge.sign(headerText: header, payloadText: "1700000000", secret: v.secret), expect: .reject(.malformed))
        add(.claims, 6, "The payload is JSON null",
            rules: notObject,
            token: Forge.sign(headerText: header, payloadText: "null", secret: v.secret), expect: .reject(.malformed))
        add(.claims, 7, "The payload is an empty JSON object: no identity claim at all",
            rules: v.identityRules,
            token: Forge.sign(headerText: header, payloadText: "{}", secret: v.secret), expect: .reject(.missingClaim))
        add(.claims, 8, "The payload JSON has a trailing comma",
            rules: notObject,
            token: Forge.sign(headerText: header, payloadText: String(payloadText.dropLast()) + ",}", secret: v.secret),
            expect: .reject(.malformed))
        add(.claims, 9, "The payload JSON contains a /* comment */",
            rules: notObject,
            token: Forge.sign(headerText: header, payloadText: String(payloadText.dropLast()) + " /* admin */}", secret: v.secret),
            expect: .reject(.malformed))

        // Duplicate identity claims.
        add(.claims, 10, "The identity claim appears twice: \"cust-attacker\", then \"cust-victim\" (the last one counts)",
            rules: ["JWS-DUPLICATE-MEMBERS"] + v.identityRules, flags: ["auth-bypass", "vendor-ambiguity"],
            token: Forge.sign(headerText: header, payloadText: v.payloadText(
                identityJSON: "\"\(claim)\":\"cust-attacker\",\"\(claim)\":\"cust-victim\""), secret: v.secret),
            expect: .either("AMB-DUPLICATE-MEMBERS", v.identity("cust-victim"), .malformed))
        add(.claims, 11, "The identity claim appears twice: \"cust-victim\", then \"cust-attacker\" (the last one counts)",
            rules: ["JWS-DUPLICATE-MEMBERS"] + v.identityRules, flags: ["auth-bypass", "vendor-ambiguity"],
            token: Forge.sign(headerText: header, payloadText: v.payloadText(
                identityJSON: "\"\(claim)\":\"cust-victim\",\"\(claim)\":\"cust-attacker\""), secret: v.secret),
            expect: .either("AMB-DUPLICATE-MEMBERS", v.identity("cust-attacker"), .malformed))

        // Unicode and exactness.
        add(.claims, 12, "The identity is written with \\u escapes (Jos\\u00e9-\\u7528\\u6237) and means \"José-用户\"",
            rules: exact + notObject,
            token: Forge.sign(headerText: header, payloadText: v.payloadText(
                identityJSON: "\"\(claim)\":\"Jos\\u00e9-\\u7528\\u6237\""), secret: v.secret),
            expect: .accept(v.identity("Jos\u{E9}-\u{7528}\u{6237}")))
        add(.claims, 13, "A non-ASCII identity, \"José\" with a precomposed é (U+00E9)",
            rules: exact, token: v.token(nil, v.payload("Jos\u{E9}")), expect: .accept(v.identity("Jos\u{E9}")))
        add(.claims, 14, "\"José\" with a combining acute accent (e + U+0301) is a different identity from the precomposed form",
            rules: exact, token: v.token(nil, v.payload("Jose\u{301}")), expect: .accept(v.identity("Jose\u{301}")))
        add(.claims, 15, "A CJK identity, \"用户-42\"",
            rules: exact + ["JWS-JSON-UTF8"], token: v.token(nil, v.payload("\u{7528}\u{6237}-42")),
            expect: .accept(v.identity("\u{7528}\u{6237}-42")))
        add(.claims, 16, "An identity with an emoji ZWJ sequence (woman technologist)",
            rules: exact + ["JWS-JSON-UTF8"], token: v.token(nil, v.payload("cust-\u{1F469}\u{200D}\u{1F4BB}")),
            expect: .accept(v.identity("cust-\u{1F469}\u{200D}\u{1F4BB}")))
        add(.claims, 17, "An identity whose emoji is written as an escaped surrogate pair (\\ud83d\\ude00)",
            rules: exact + notObject,
            token: Forge.sign(headerText: header, payloadText: v.payloadText(
                identityJSON: "\"\(claim)\":\"cust-\\ud83d\\ude00\""), secret: v.secret),
            expect: .accept(v.identity("cust-\u{1F600}")))
        add(.claims, 18, "An identity holding an escaped lone surrogate (\\ud800), which is no Unicode text",
            rules: ["JWS-JSON-UTF8"] + v.identityRules, flags: ["robustness"],
            token: Forge.sign(headerText: header, payloadText: v.payloadText(
                identityJSON: "\"\(claim)\":\"cust-\\ud800\""), secret: v.secret),
            expect: .reject(.malformed, .invalidClaimValue), decided: "AMB-JSON-LONE-SURROGATE")
        let long = String("cust-" + String(repeating: "0123456789abcdef", count: 256).prefix(4091))
        add(.claims, 19, "A 4096-character identity is kept whole",
            rules: exact, flags: ["robustness"], token: v.token(nil, v.payload(long)), expect: .accept(v.identity(long)))
        add(.claims, 20, "An identity containing U+0000 (\"cust-1\\u0000admin\") is not cut at the NUL",
            rules: exact, flags: ["auth-bypass", "robustness"],
            token: v.token(nil, v.payload("cust-1\u{0}admin")), expect: .accept(v.identity("cust-1\u{0}admin")))
        add(.claims, 21, "An identity with leading and trailing spaces is not trimmed",
            rules: exact, token: v.token(nil, v.payload(" \(v.customer) ")), expect: .accept(v.identity(" \(v.customer) ")))
        let capitalised = claim.prefix(1).uppercased() + claim.dropFirst()
        add(.claims, 22, "The identity claim's name in another letter case (\(capitalised)) is a different claim",
            rules: exact,
            token: v.token(nil, v.payload().without(claim).with(capitalised, .string(v.customer))),
            expect: .reject(.missingClaim))
        // The first letter of the claim's name as a \u escape (`e` of externalId is \u0065).
        let firstEscape = "\\u00" + String(claim.unicodeScalars.first!.value, radix: 16)
        add(.claims, 23, "The identity claim's name written with a \\u escape (\(firstEscape)…) is the same claim",
            rules: exact + notObject,
            token: Forge.sign(headerText: header, payloadText: v.payloadText(
                identityJSON: "\"\(firstEscape)\(claim.dropFirst())\":\"\(v.customer)\""), secret: v.secret),
            expect: .accept(v.identity))
        add(.claims, 24, "The identity claim nested inside another object does not name the customer",
            rules: v.identityRules,
            token: v.token(nil, v.payload().without(claim).with("user", [claim: .string(v.customer)])),
            expect: .reject(.missingClaim))
        var nested: JSONValue = "deep"
        for _ in 0..<40 { nested = [nested] }
        add(.claims, 25, "An unknown claim nested 40 arrays deep is ignored",
            rules: unknown + ["JWS-SIZE-LIMIT"], flags: ["robustness"],
            token: v.token(nil, v.payload().with("trace", nested)), expect: .accept(v.identity))
    }

    // MARK: - Timing

    private mutating func addBaselineTimingCases() {
        let v = vendor
        let now = defaultNow
        let exp = v.expirationRules
        let date = ["JWT-NUMERICDATE"]
        let nbf = ["JWT-NBF"]
        func withExp(_ value: JSONValue) -> String { v.token(nil, v.payload().with("exp", value)) }
        func withNbf(_ value: JSONValue) -> String { v.token(nil, v.payload().with("nbf", value)) }

        add(.timing, 1, "exp one second after now", rules: exp, flags: ["boundary"],
            token: withExp(Forge.int(now + 1)), expect: .accept(v.identity))
        add(.timing, 2, "exp exactly now: a token is expired at its exp", rules: exp, flags: ["boundary"],
            token: withExp(Forge.int(now)), expect: .reject(.expired))
        add(.timing, 3, "exp one second before now", rules: exp, flags: ["boundary", "auth-bypass"],
            token: withExp(Forge.int(now - 1)), expect: .reject(.expired))
        add(.timing, 4, "exp as a string of digits one hour ahead (\"1700003600\")", rules: exp + date,
            flags: ["vendor-ambiguity"], token: withExp("1700003600"),
            expect: .either("AMB-NUMERICDATE-STRING", v.identity, .invalidClaimType))
        add(.timing, 5, "exp as a string of digits one hour ago (\"1699996400\"): ignoring it would make the token immortal",
            rules: exp + date, flags: ["auth-bypass", "vendor-ambiguity"], token: withExp("1699996400"),
            expect: .reject(.invalidClaimType, .expired), decided: "AMB-NUMERICDATE-STRING")
        add(.timing, 6, "exp half a second after now (1700000000.5)", rules: exp + date,
            flags: ["boundary", "vendor-ambiguity"], token: withExp(Forge.number("1700000000.5")),
            expect: .either("AMB-NUMERICDATE-FRACTION", v.identity, .invalidClaimType, .expired))
        add(.timing, 7, "exp half a second before now (1699999999.5)", rules: exp + date,
            flags: ["boundary", "auth-bypass"], token: withExp(Forge.number("1699999999.5")),
            expect: .reject(.expired, .invalidClaimType), decided: "AMB-NUMERICDATE-FRACTION")
        add(.timing, 8, "exp one hour ahead written with a fraction (1700003600.0)", rules: exp + date,
            flags: ["vendor-ambiguity"], token: withExp(Forge.number("1700003600.0")),
            expect: .either("AMB-NUMERICDATE-FRACTION", v.identity, .invalidClaimType))
        add(.timing, 9, "exp at the largest signed 64-bit integer (9223372036854775807)", rules: exp + date,
            flags: ["robustness"], token: withExp(Forge.int(Int64.max)), expect: .accept(v.identity))
        add(.timing, 10, "exp of 1e300, far beyond 64 bits", rules: exp + date, flags: ["robustness", "vendor-ambiguity"],
            token: withExp(Forge.number("1e300")),
            expect: .either("AMB-NUMERICDATE-RANGE", v.identity, .invalidClaimType))
        add(.timing, 11, "exp of -1", rules: exp, token: withExp(Forge.int(-1)), expect: .reject(.expired))
        add(.timing, 12, "exp of 0, the epoch", rules: exp, token: withExp(Forge.int(0)), expect: .reject(.expired))
        add(.timing, 13, "exp as a 40-digit integer, far beyond 64 bits", rules: exp + date,
            flags: ["robustness", "vendor-ambiguity"], token: withExp(Forge.number("1234567890123456789012345678901234567890")),
            expect: .either("AMB-NUMERICDATE-RANGE", v.identity, .invalidClaimType))
        add(.timing, 14, "exp as a hugely negative 40-digit integer", rules: exp + date, flags: ["robustness"],
            token: withExp(Forge.number("-1234567890123456789012345678901234567890")),
            expect: .reject(.expired, .invalidClaimType), decided: "AMB-NUMERICDATE-RANGE")
        add(.timing, 15, "exp is the boolean true", rules: exp + date, token: withExp(true),
            expect: .reject(.invalidClaimType, .expired))
        add(.timing, 16, "exp is a non-numeric string (\"tomorrow\")", rules: exp + date, flags: ["auth-bypass"],
            token: withExp("tomorrow"), expect: .reject(.invalidClaimType))
        add(.timing, 17, "exp is an object", rules: exp + date, flags: ["auth-bypass"],
            token: withExp(["seconds": Forge.int(now + 3600)]), expect: .reject(.invalidClaimType))

        add(.timing, 20, "nbf one second after now", rules: nbf, flags: ["boundary"],
            token: withNbf(Forge.int(now + 1)), expect: .reject(.notYetValid))
        add(.timing, 21, "nbf exactly now: valid from that second", rules: nbf, flags: ["boundary"],
            token: withNbf(Forge.int(now)), expect: .accept(v.identity))
        add(.timing, 22, "nbf one second before now", rules: nbf, flags: ["boundary"],
            token: withNbf(Forge.int(now - 1)), expect: .accept(v.identity))
        add(.timing, 23, "nbf as a string of digits one hour ago (\"1699996400\")", rules: nbf + date,
            flags: ["vendor-ambiguity"], token: withNbf("1699996400"),
            expect: .either("AMB-NUMERICDATE-STRING", v.identity, .invalidClaimType))
        add(.timing, 24, "nbf as a string of digits one hour ahead (\"1700003600\")", rules: nbf + date,
            token: withNbf("1700003600"),
            expect: .reject(.invalidClaimType, .notYetValid), decided: "AMB-NUMERICDATE-STRING")
        add(.timing, 25, "nbf half a second after now (1700000000.5)", rules: nbf + date,
            flags: ["boundary", "vendor-ambiguity"], token: withNbf(Forge.number("1700000000.5")),
            expect: .either("AMB-NUMERICDATE-FRACTION", v.identity, .notYetValid, .invalidClaimType))
        add(.timing, 26, "nbf at the largest signed 64-bit integer", rules: nbf + date, flags: ["robustness"],
            token: withNbf(Forge.int(Int64.max)), expect: .reject(.notYetValid))
        add(.timing, 27, "nbf as a 40-digit integer, far beyond 64 bits", rules: nbf + date, flags: ["robustness"],
            token: withNbf(Forge.number("1234567890123456789012345678901234567890")),
            expect: .reject(.notYetValid, .invalidClaimType), decided: "AMB-NUMERICDATE-RANGE")
        add(.timing, 28, "exp 30 seconds ago: no leeway, the token is expired", rules: exp,
            flags: ["boundary"], token: withExp(Forge.int(now - 30)),
            expect: .reject(.expired), decided: "AMB-CLOCK-LEEWAY")
        add(.timing, 29, "nbf 30 seconds ahead: no leeway, the token is not yet valid", rules: nbf,
            flags: ["boundary"], token: withNbf(Forge.int(now + 30)),
            expect: .reject(.notYetValid), decided: "AMB-CLOCK-LEEWAY")
        add(.timing, 30, "nbf is the boolean false", rules: nbf + date, token: withNbf(false),
            expect: .reject(.invalidClaimType))
    }

    // MARK: - Precedence (several defects)

    private mutating func addBaselinePrecedenceCases() {
        let v = vendor
        let order = ["JWS-REASON-ORDER"]
        let multi = ["multi-defect"]
        let expired = v.payload().with("exp", Forge.int(defaultNow - 60))
        let attacker = TestKeys.attackerSecret

        add(.precedence, 1, "Expired and signed with the wrong key: bad-signature comes first",
            rules: order + ["JWS-SIGNATURE", "JWT-EXP"], flags: multi,
            token: Forge.sign(v.header, expired, secret: attacker), expect: .reject(.badSignature))
        add(.precedence, 2, "alg none and expired: algorithm-not-allowed comes first",
            rules: order + ["JWS-ALG-NONE", "JWT-EXP"], flags: multi + ["auth-bypass"],
            token: Forge.unsecured(v.header(alg: "none"), expired), expect: .reject(.algorithmNotAllowed))
        add(.precedence, 3, "Four segments, alg none, expired and no identity: malformed comes first",
            rules: order + ["JWS-COMPACT-SEGMENTS", "JWS-ALG-NONE"], flags: multi,
            token: Forge.unsecured(v.header(alg: "none"), expired.without(v.identityClaim)) + ".e30",
            expect: .reject(.malformed))
        add(.precedence, 4, "No identity claim and expired: missing-claim comes first",
            rules: order + v.identityRules + ["JWT-EXP"], flags: multi,
            token: v.token(nil, expired.without(v.identityClaim)), expect: .reject(.missingClaim))
        add(.precedence, 5, "No identity claim and signed with the wrong key: bad-signature comes first",
            rules: order + ["JWS-SIGNATURE"] + v.identityRules, flags: multi,
            token: Forge.sign(v.header, v.payload().without(v.identityClaim), secret: attacker),
            expect: .reject(.badSignature))
        add(.precedence, 6, "Expired and not yet valid (nbf after exp): either time reason",
            rules: order + ["JWT-EXP", "JWT-NBF"], flags: multi,
            token: v.token(nil, expired.with("nbf", Forge.int(defaultNow + 60))), expect: .reject(.expired, .notYetValid))
        add(.precedence, 7, "alg HS512 and a MAC made with the wrong key: algorithm-not-allowed comes first",
            rules: order + ["JWS-ALG-ALLOWLIST", "JWS-SIGNATURE"], flags: multi,
            token: Forge.sign(v.header(alg: "HS512"), v.payload(), secret: attacker), expect: .reject(.algorithmNotAllowed))
        add(.precedence, 8, "An unknown crit extension and a wrong-key signature: invalid-header comes first",
            rules: order + ["JWS-CRIT", "JWS-SIGNATURE"], flags: multi,
            token: Forge.sign(v.header.with("crit", ["x-vendor-ext"]).with("x-vendor-ext", true), v.payload(), secret: attacker),
            expect: .reject(.invalidHeader))
        add(.precedence, 9, "The identity is an array and the token is expired: invalid-claim-type comes first",
            rules: order + v.identityRules + ["JWT-EXP"], flags: multi,
            token: v.token(nil, v.payload(identityValue: [.string(v.customer)]).with("exp", Forge.int(defaultNow - 60))),
            expect: .reject(.invalidClaimType))
        add(.precedence, 10, "The header is a JSON array and the payload is expired: malformed comes first",
            rules: order + ["JWS-JSON-OBJECT", "JWT-EXP"], flags: multi,
            token: Forge.sign(headerText: "[" + Forge.text(v.header) + "]", payloadText: Forge.text(expired), secret: v.secret),
            expect: .reject(.malformed))
        let invalidUTF8 = Forge.bytes(Forge.text(v.payload("@@RAW@@")), replacing: "@@RAW@@", with: [0x63, 0xFF, 0x64])
        add(.precedence, 11, "The payload is not UTF-8 and the signature is another key's: malformed comes first",
            rules: order + ["JWS-JSON-UTF8", "JWS-SIGNATURE"], flags: multi,
            token: Forge.sign(headerBytes: Array(Forge.text(v.header).utf8), payloadBytes: invalidUTF8, secret: attacker),
            expect: .reject(.malformed))
        add(.precedence, 12, "alg none and an unknown crit extension: both are header defects, either reason",
            rules: order + ["JWS-ALG-NONE", "JWS-CRIT"], flags: multi,
            token: Forge.unsecured(v.header(alg: "none").with("crit", ["x-vendor-ext"]).with("x-vendor-ext", true), v.payload()),
            expect: .reject(.algorithmNotAllowed, .invalidHeader))
        add(.precedence, 13, "An empty identity and an nbf in the future: invalid-claim-value comes first",
            rules: order + v.identityRules + ["JWT-NBF"], flags: multi,
            token: v.token(nil, v.payload("").with("nbf", Forge.int(defaultNow + 60))), expect: .reject(.invalidClaimValue))
    }

    // MARK: - Signature and encoding

    private mutating func addBaselineSignatureCases() {
        let v = vendor
        let sig = ["JWS-SIGNATURE"]
        let b64 = ["JWS-BASE64URL-STRICT"]
        let segments = ["JWS-COMPACT-SEGMENTS"]
        let valid = v.token()
        let parts = Forge.segments(valid)

        add(.signature, 1, "A valid token, as the baseline for the defects below",
            rules: sig + b64 + segments, token: valid, expect: .accept(v.identity))
        let victim = v.token(nil, v.payload("cust-victim"))
        add(.signature, 2, "Payload replaced after signing (another customer), signature kept",
            rules: sig, flags: ["auth-bypass"],
            token: Forge.withPayloadSegment(valid, Forge.segments(victim)[1]), expect: .reject(.badSignature))
        add(.signature, 3, "Header altered after signing (an extra member), signature kept",
            rules: sig, flags: ["auth-bypass"],
            token: Forge.withHeaderSegment(valid, Forge.segment(v.header.with("x-altered", true))),
            expect: .reject(.badSignature))
        add(.signature, 4, "Signed with another secret",
            rules: sig, flags: ["auth-bypass"],
            token: Forge.sign(v.header, v.payload(), secret: TestKeys.attackerSecret),
            expect: .reject(.badSignature))
        let mac = Forge.signatureBytes(valid)
        add(.signature, 5, "The right MAC truncated to 31 bytes",
            rules: sig, flags: ["boundary"], token: Forge.withSignature(valid, bytes: Array(mac.prefix(31))),
            expect: .reject(.badSignature))
        add(.signature, 6, "Empty signature segment",
            rules: sig, flags: ["auth-bypass"], token: Forge.withSignatureSegment(valid, ""), expect: .reject(.badSignature))
        add(.signature, 7, "The right MAC followed by one extra byte (33 bytes)",
            rules: sig, flags: ["boundary"], token: Forge.withSignature(valid, bytes: mac + [0x00]),
            expect: .reject(.badSignature))
        add(.signature, 8, "The right MAC truncated to 16 bytes",
            rules: sig, token: Forge.withSignature(valid, bytes: Array(mac.prefix(16))), expect: .reject(.badSignature))
        add(.signature, 9, "A signature of 32 zero bytes",
            rules: sig, token: Forge.withSignature(valid, bytes: [UInt8](repeating: 0, count: 32)),
            expect: .reject(.badSignature))

        // Padding.
        let paddableHeader = Forge.firstVariant("a header whose segment needs padding", { n in
            n == 0 ? v.header : v.header.with("x-pad", .string(String(repeating: "p", count: n)))
        }, where: { Forge.padded(Forge.segment($0)) != nil })
        add(.signature, 10, "The header segment carries = padding (and the MAC covers it as sent)",
            rules: b64 + sig, flags: ["signer-bug"],
            token: Forge.sign(headerSegment: Forge.padded(Forge.segment(paddableHeader))!,
                              payloadSegment: Forge.segment(v.payload()), secret: v.secret),
            expect: .reject(.malformed))
        let paddablePayload = Forge.firstVariant("a payload whose segment needs padding", { n in
            v.payload().with("jti", .string("pad-\(n)"))
        }, where: { Forge.padded(Forge.segment($0)) != nil })
        add(.signature, 11, "The payload segment carries = padding (and the MAC covers it as sent)",
            rules: b64 + sig, flags: ["signer-bug"],
            token: Forge.sign(headerSegment: Forge.segment(v.header),
                              payloadSegment: Forge.padded(Forge.segment(paddablePayload))!, secret: v.secret),
            expect: .reject(.malformed))
        add(.signature, 12, "The signature segment carries = padding (the same MAC bytes)",
            rules: b64 + sig, flags: ["malleability"],
            token: Forge.withSignatureSegment(valid, Forge.padded(parts[2])!), expect: .reject(.malformed, .badSignature))

        // The standard alphabet.
        let dashedSignature = Forge.firstVariant("a signature containing - or _", { n in
            v.token(nil, v.payload().with("jti", .string("sig-\(n)")))
        }, where: { Forge.standardAlphabet(Forge.segments($0)[2]) != nil })
        add(.signature, 13, "The signature segment in the standard alphabet (+ and / for - and _): the same MAC bytes",
            rules: b64 + sig, flags: ["malleability"],
            token: Forge.withSignatureSegment(dashedSignature, Forge.standardAlphabet(Forge.segments(dashedSignature)[2])!),
            expect: .reject(.malformed, .badSignature))
        let dashedPayload = Forge.firstVariant("a payload segment containing - or _", { n in
            v.token(nil, v.payload().with("note", .string("~~~??>>>\(n)")))
        }, where: { Forge.standardAlphabet(Forge.segments($0)[1]) != nil })
        add(.signature, 14, "The payload segment rewritten in the standard alphabet after signing",
            rules: b64 + sig, flags: ["malleability"],
            token: Forge.withPayloadSegment(dashedPayload, Forge.standardAlphabet(Forge.segments(dashedPayload)[1])!),
            expect: .reject(.malformed, .badSignature))

        // Whitespace.
        let headerLength = parts[0].count
        let payloadLength = parts[1].count
        add(.signature, 15, "A space after the first full stop",
            rules: segments + b64, flags: ["malleability"],
            token: Forge.inserting(" ", at: headerLength + 1, in: valid), expect: .reject(.malformed, .badSignature))
        add(.signature, 16, "A line break in the middle of the payload segment",
            rules: segments + b64, flags: ["malleability"],
            token: Forge.inserting("\n", at: headerLength + 1 + payloadLength / 2, in: valid),
            expect: .reject(.malformed, .badSignature))
        add(.signature, 17, "A trailing line feed after the signature",
            rules: segments + b64, flags: ["malleability"], token: valid + "\n", expect: .reject(.malformed, .badSignature))
        add(.signature, 18, "A leading space before the header",
            rules: segments + b64, flags: ["malleability"], token: " " + valid, expect: .reject(.malformed, .badSignature))
        add(.signature, 19, "A trailing CR LF after the signature",
            rules: segments + b64, flags: ["malleability"], token: valid + "\r\n", expect: .reject(.malformed, .badSignature))

        // Non-canonical trailing bits.
        add(.signature, 20, "The signature's last character has its unused bits set: same MAC bytes, another spelling",
            rules: b64 + sig, flags: ["malleability"],
            token: Forge.withSignatureSegment(valid, Forge.nonCanonicalLastCharacter(parts[2])!),
            expect: .reject(.malformed, .badSignature))
        let oddPayload = Forge.firstVariant("a payload segment with unused bits", { n in
            v.payload().with("jti", .string("bits-\(n)"))
        }, where: { Forge.nonCanonicalLastCharacter(Forge.segment($0)) != nil })
        add(.signature, 21, "The payload's last character has its unused bits set, and the MAC covers that spelling",
            rules: b64, flags: ["robustness"],
            token: Forge.sign(headerSegment: Forge.segment(v.header),
                              payloadSegment: Forge.nonCanonicalLastCharacter(Forge.segment(oddPayload))!, secret: v.secret),
            expect: .reject(.malformed))

        // Segment counts.
        add(.signature, 22, "Two segments: the signature and its full stop are missing",
            rules: segments, token: parts[0] + "." + parts[1], expect: .reject(.malformed))
        add(.signature, 23, "Four segments: a trailing full stop after the signature",
            rules: segments, flags: ["malleability"], token: valid + ".", expect: .reject(.malformed))
        let jweHeader = Forge.segment(["alg": "dir", "enc": "A256GCM"] as JSONObject)
        add(.signature, 24, "Five segments, the shape of a JWE",
            rules: segments,
            token: jweHeader + ".." + Base64URL.encode([UInt8](repeating: 7, count: 12)) + "." + parts[1] + "."
                + Base64URL.encode([UInt8](repeating: 9, count: 16)),
            expect: .reject(.malformed))
        add(.signature, 25, "One segment: no full stop at all",
            rules: segments, token: parts[0] + parts[1] + parts[2], expect: .reject(.malformed))
        add(.signature, 26, "The empty string", rules: segments, flags: ["robustness"], token: "", expect: .reject(.malformed))
        add(.signature, 27, "Two full stops and nothing else", rules: segments, flags: ["robustness"],
            token: "..", expect: .reject(.malformed))

        // Not UTF-8.
        let utf8 = ["JWS-JSON-UTF8"]
        let headerTemplate = Forge.text(v.header.with("x-note", "@@RAW@@"))
        let payloadTemplate = Forge.text(v.payload("@@RAW@@"))
        let headerBytes = Array(Forge.text(v.header).utf8)
        let payloadBytes = Array(Forge.text(v.payload()).utf8)
        add(.signature, 28, "The header holds a 0xFF byte, which is never UTF-8 (signed as sent)",
            rules: utf8, flags: ["robustness"],
            token: Forge.sign(headerBytes: Forge.bytes(headerTemplate, replacing: "@@RAW@@", with: [0x61, 0xFF]),
                              payloadBytes: payloadBytes, secret: v.secret),
            expect: .reject(.malformed))
        add(.signature, 29, "The identity holds 0xC3 0x28, a broken two-byte sequence (signed as sent)",
            rules: utf8, flags: ["robustness"],
            token: Forge.sign(headerBytes: headerBytes,
                              payloadBytes: Forge.bytes(payloadTemplate, replacing: "@@RAW@@", with: Array("cust-".utf8) + [0xC3, 0x28]),
                              secret: v.secret),
            expect: .reject(.malformed))
        add(.signature, 30, "The identity holds 0xC0 0xAF, an overlong encoding of / (signed as sent)",
            rules: utf8, flags: ["robustness"],
            token: Forge.sign(headerBytes: headerBytes,
                              payloadBytes: Forge.bytes(payloadTemplate, replacing: "@@RAW@@", with: Array("cust-".utf8) + [0xC0, 0xAF]),
                              secret: v.secret),
            expect: .reject(.malformed))
        add(.signature, 31, "The identity holds 0xED 0xA0 0x80, a UTF-8-encoded surrogate (signed as sent)",
            rules: utf8, flags: ["robustness"],
            token: Forge.sign(headerBytes: headerBytes,
                              payloadBytes: Forge.bytes(payloadTemplate, replacing: "@@RAW@@", with: Array("cust-".utf8) + [0xED, 0xA0, 0x80]),
                              secret: v.secret),
            expect: .reject(.malformed))

        // Size and depth.
        let mebibyte = 1 << 20
        let huge = Forge.sized(mebibyte) { filler in
            Forge.sign(v.header, v.payload().with("blob", .string(String(repeating: "A", count: filler))),
                       secret: TestKeys.attackerSecret)
        }
        add(.signature, 32, "A token of 1 MiB (\(huge.utf8.count) bytes: a huge claim) signed with another secret",
            rules: ["JWS-SIZE-LIMIT"] + sig, flags: ["robustness"],
            token: huge, expect: .reject(.malformed, .badSignature))
        let large = Forge.sized(70_000) { filler in
            v.token(nil, v.payload().with("blob", .string(String(repeating: "B", count: filler))))
        }
        add(.signature, 33, "A validly signed token of \(large.utf8.count) bytes, above 64 KiB",
            rules: ["JWS-SIZE-LIMIT"], flags: ["robustness", "vendor-ambiguity"],
            token: large, expect: .either("AMB-RESOURCE-LIMITS", v.identity, .malformed))
        let limit = 1 << 16
        let exact = Forge.firstVariant("a validly signed token of exactly 64 KiB", { pad in
            Forge.sized(limit) { filler in
                v.token(v.header.with("x-pad", .string(String(repeating: "p", count: pad))),
                        v.payload().with("blob", .string(String(repeating: "C", count: filler))))
            }
        }, where: { $0.utf8.count == limit })
        add(.signature, 48, "A validly signed token of exactly 65,536 bytes (64 KiB), the largest the size ambiguity does not open",
            rules: ["JWS-SIZE-LIMIT"], flags: ["robustness", "boundary"],
            token: exact, expect: .accept(v.identity))
        var deep: JSONValue = 0
        for _ in 0..<1000 { deep = [deep] }
        add(.signature, 34, "A validly signed token with a claim nested 1000 arrays deep",
            rules: ["JWS-SIZE-LIMIT"], flags: ["robustness", "vendor-ambiguity"],
            token: v.token(nil, v.payload().with("deep", deep)),
            expect: .either("AMB-RESOURCE-LIMITS", v.identity, .malformed))
        add(.signature, 35, "A claim nested 1000 arrays deep, signed with another secret",
            rules: ["JWS-SIZE-LIMIT"] + sig, flags: ["robustness"],
            token: Forge.sign(v.header, v.payload().with("deep", deep), secret: TestKeys.attackerSecret),
            expect: .reject(.malformed, .badSignature))
        add(.signature, 49, "A validly signed token whose header holds an unknown parameter nested 1000 arrays deep",
            rules: ["JWS-SIZE-LIMIT"], flags: ["robustness", "vendor-ambiguity"],
            token: v.token(v.header.with("x-deep", deep), nil),
            expect: .either("AMB-RESOURCE-LIMITS", v.identity, .malformed))
        add(.signature, 50, "A header parameter nested 1000 arrays deep, signed with another secret",
            rules: ["JWS-SIZE-LIMIT"] + sig, flags: ["robustness"],
            token: Forge.sign(v.header.with("x-deep", deep), v.payload(), secret: TestKeys.attackerSecret),
            expect: .reject(.malformed, .badSignature))

        // Key bytes.
        let keyBytes = ["JWS-HMAC-KEY-BYTES"]
        for (number, length) in [(36, 63), (37, 64), (38, 65), (39, 200)] {
            let secret = String(String(repeating: "\(v.profile)-block-secret-", count: 20).prefix(length))
            let group = v.singleKeyGroup("a \(length)-byte secret (the SHA-256 block is 64 bytes)", secret: secret)
            add(.signature, number, "A \(length)-byte secret, \(length > 64 ? "longer than the SHA-256 block, hashed first" : length == 64 ? "exactly one SHA-256 block" : "one byte short of the SHA-256 block")",
                rules: keyBytes + sig, flags: ["boundary"], group: group,
                token: Forge.sign(v.header, v.payload(), secret: secret), expect: .accept(v.identity))
        }
        let base64Secret = v.secretIsBase64 ? v.secret : "a3VzdG9tZXItYjY0LXRlc3Qtc2VjcmV0LTAx"
        let base64Group = v.secretIsBase64
            ? v.defaultGroup : v.singleKeyGroup("a secret that happens to be valid base64", secret: base64Secret)
        add(.signature, 40, "The secret is valid base64; the token is signed with its UTF-8 bytes, as handed out",
            rules: keyBytes + sig, group: base64Group,
            token: Forge.sign(v.header, v.payload("cust-base64-secret"), secret: base64Secret),
            expect: .accept(v.identity("cust-base64-secret")))
        add(.signature, 41, "The secret is valid base64; the token is signed with the base64-decoded bytes",
            rules: keyBytes + sig, flags: ["signer-bug"], group: base64Group,
            token: Forge.sign(v.header, v.payload("cust-base64-secret"), keyBytes: Forge.base64Decoded(base64Secret)),
            expect: .reject(.badSignature))
        let emptyGroup = v.singleKeyGroup("an empty secret", secret: "")
        add(.signature, 42, "The configured secret is empty and the token is signed with the empty key",
            rules: keyBytes, flags: ["robustness", "vendor-ambiguity"], group: emptyGroup,
            token: Forge.sign(v.header, v.payload(), secret: ""),
            expect: .either("AMB-SHORT-SECRET", v.identity, .unknownKey, .badSignature))
        add(.signature, 43, "The configured secret is empty and the token is signed with another secret",
            rules: keyBytes + sig, flags: ["robustness"], group: emptyGroup,
            token: Forge.sign(v.header, v.payload(), secret: v.secret),
            expect: .reject(.badSignature, .unknownKey))
        let oneByteGroup = v.singleKeyGroup("a one-byte secret", secret: "k")
        add(.signature, 44, "The configured secret is one byte long and the token is signed with it",
            rules: keyBytes, flags: ["robustness", "vendor-ambiguity"], group: oneByteGroup,
            token: Forge.sign(v.header, v.payload(), secret: "k"),
            expect: .either("AMB-SHORT-SECRET", v.identity, .unknownKey, .badSignature))
        let accented = "s\u{E9}cret-de-test-\(v.profile)-\u{FC}-2468"
        let accentedGroup = v.singleKeyGroup("a secret with non-ASCII characters", secret: accented)
        add(.signature, 45, "A secret with non-ASCII characters; the token is signed with its UTF-8 bytes",
            rules: keyBytes + sig, group: accentedGroup,
            token: Forge.sign(v.header, v.payload(), secret: accented), expect: .accept(v.identity))
        add(.signature, 46, "A secret with non-ASCII characters; the token is signed with its ISO 8859-1 bytes",
            rules: keyBytes + sig, flags: ["signer-bug"], group: accentedGroup,
            token: Forge.sign(v.header, v.payload(), keyBytes: Forge.latin1(accented)), expect: .reject(.badSignature))
        add(.signature, 47, "The payload JSON has spaces and an unusual member order; the MAC covers the bytes as sent",
            rules: sig + ["JWS-JSON-OBJECT"],
            token: Forge.sign(headerText: Forge.text(v.header),
                              payloadText: " " + JSONValue.object(JSONObject(members: v.payload().members.reversed())).serialized(style: .pretty) + " ",
                              secret: v.secret),
            expect: .accept(v.identity))
    }
}
