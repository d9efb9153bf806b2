import JWTConformance

extension TestKeys {
    /// Sunshine's documented example key (its guide's node.js sample): 24 bytes, valid base64.
    static let sunshinePrimary = VerificationKey(kid: "app_5deaa3531c7f940010cc4ba4", secret: "BFJJ88naxc5PZNAMU9KpBNTR")
    /// A second app key, so that a `kid` can name another key of the set.
    static let sunshineSecondary = VerificationKey(kid: "app_6553f1a0c2e8b70012d94e3b", secret: "sunshine-second-test-secret-7c1d9e4b2a60")
}

/// Sunshine Conversations as the generator sees it: its keys, customer, rule ids and cases.
enum SunshineCases: VendorCases {
    static func vendor(profile: ProfileDefinition) -> Vendor {
        Vendor(
            profile: profile,
            defaultGroup: KeyGroup(
                description: "two Sunshine app keys, each named by its kid",
                keys: [TestKeys.sunshinePrimary, TestKeys.sunshineSecondary]
            ),
            signingKey: TestKeys.sunshinePrimary,
            signerGroupDescription: "the guide's example app key (kid and secret)",
            header: ["alg": "HS256", "typ": "JWT", "kid": .string(TestKeys.sunshinePrimary.kid!)],
            identityClaim: "external_id",
            identityKind: .externalId,
            customer: "user-8f14e45f",
            fixedClaims: ["scope": "user"],
            scopeRules: ["SUN-SCOPE"],
            secretIsBase64: true,
            algorithmRule: "SUN-HDR-ALG",
            typeRule: "SUN-HDR-TYP",
            typeAbsentAmbiguity: "AMB-SUN-TYP",
            typeOtherValueAmbiguity: "AMB-SUN-TYP",
            algorithmFamilyAmbiguity: "AMB-SUN-ALG-FAMILY",
            identityRules: ["SUN-ID-CLAIM", "SUN-ID-TYPE"],
            keyRules: ["SUN-HDR-KID", "SUN-KEY-SELECT"],
            keySelectionAmbiguity: "AMB-SUN-KEY-SELECTION",
            issuedAtUncheckedAmbiguity: "AMB-SUN-IAT",
            expirationRules: ["JWT-EXP", "SUN-EXP"],
            issuedAtRules: ["SUN-IAT-UNCHECKED"],
            signerRules: ["SUN-SGN-HEADER", "SUN-HDR-ALG", "SUN-HDR-TYP", "SUN-HDR-KID", "SUN-SCOPE", "JWS-HMAC-KEY-BYTES",
                          "JWS-BASE64URL-STRICT"],
            signerIdentityRule: "SUN-SGN-CLAIMS",
            signerTimeRule: "SUN-SGN-TIME"
        )
    }

    static func addCases(to book: inout CaseBook) { book.addSunshineCases() }
    static var rules: [RuleDefinition] { Catalogue.sunshineRules }
    static var ambiguities: [AmbiguityDefinition] { Catalogue.sunshineAmbiguities }
    static var sessionRules: [RuleDefinition] { SessionCatalogue.sunshine }
}

/// Sunshine Conversations: the cases that follow from seed 004 and the research notes.
///
/// Profile-specific verifier cases are numbered from 101 in the categories the baseline
/// shares; vendor-shape and signer cases from 1.
extension CaseBook {
    mutating func addSunshineCases() {
        addSunshineHeaderCases()
        addSunshineClaimCases()
        addSunshineTimingCases()
        addSunshinePrecedenceCases()
        addSunshineVendorShapes()
        addSunshineSignerCases()
    }

    private static var keyA: VerificationKey { TestKeys.sunshinePrimary }
    private static var keyB: VerificationKey { TestKeys.sunshineSecondary }

    /// The header naming `kid` (or none when nil).
    private func sunHeader(kid: JSONValue?) -> JSONObject {
        vendor.header.with("kid", kid)
    }

    /// `{"scope":"user", …members…, "iat": now}`.
    private func claims(_ members: (String, JSONValue)..., scope: JSONValue? = "user", iat: Int64? = defaultNow) -> JSONObject {
        var object = JSONObject()
        if let scope { object.append(key: "scope", value: scope) }
        for (key, value) in members { object.append(key: key, value: value) }
        if let iat { object.append(key: "iat", value: Forge.int(iat)) }
        return object
    }

    private func sun(_ claims: JSONObject, header: JSONObject? = nil, key: VerificationKey = TestKeys.sunshinePrimary) -> String {
        Forge.sign(header ?? vendor.header, claims, secret: key.secret)
    }

    // MARK: - Header

    private mutating func addSunshineHeaderCases() {
        let kid = ["SUN-HDR-KID"]
        let select = ["SUN-KEY-SELECT"]
        let who = vendor.identity
        let payload = vendor.payload()
        let a = Self.keyA.kid!
        let b = Self.keyB.kid!

        add(.header, 101, "No kid in the header (\"Missing key id (kid)\")", rules: kid,
            sources: [Source.sunAuth, Source.factsSunshine],
            token: sun(payload, header: sunHeader(kid: nil)), expect: .reject(.invalidHeader))
        add(.header, 102, "kid names no key of the app", rules: select,
            token: sun(payload, header: sunHeader(kid: "app_000000000000000000000000")), expect: .reject(.unknownKey))
        add(.header, 103, "kid names the second key but the token is signed with the first", rules: select + ["JWS-SIGNATURE"],
            flags: ["auth-bypass"], token: sun(payload, header: sunHeader(kid: .string(b)), key: Self.keyA),
            expect: .reject(.badSignature), decided: "AMB-SUN-KEY-SELECTION")
        add(.header, 104, "kid names the second key and the token is signed with it", rules: select,
            token: sun(payload, header: sunHeader(kid: .string(b)), key: Self.keyB), expect: .accept(who))
        add(.header, 105, "kid is the number 5", rules: kid,
            token: sun(payload, header: sunHeader(kid: 5)), expect: .reject(.invalidHeader))
        add(.header, 106, "kid is null", rules: kid,
            token: sun(payload, header: sunHeader(kid: .null)), expect: .reject(.invalidHeader))
        add(.header, 107, "kid is the empty string", rules: select,
            token: sun(payload, header: sunHeader(kid: "")), expect: .reject(.unknownKey))
        add(.header, 108, "kid is an array holding the right key id", rules: kid,
            token: sun(payload, header: sunHeader(kid: [.string(a)])), expect: .reject(.invalidHeader))
        add(.header, 109, "kid is the right key id in upper case: ids match byte for byte", rules: select,
            token: sun(payload, header: sunHeader(kid: .string(a.uppercased()))), expect: .reject(.unknownKey))
        add(.header, 110, "kid is the right key id with a trailing space", rules: select,
            token: sun(payload, header: sunHeader(kid: .string(a + " "))), expect: .reject(.unknownKey))
        add(.header, 111, "No kid while the app has a single key: still refused, not resolved to that key", rules: kid,
            group: KeyGroup(description: "one Sunshine app key", keys: [Self.keyA]),
            token: sun(payload, header: sunHeader(kid: nil)), expect: .reject(.invalidHeader))
        add(.header, 112, "kid twice: the second key's id, then the first's; signed with the first (the last one counts)",
            rules: kid + select + ["JWS-DUPLICATE-MEMBERS"], flags: ["vendor-ambiguity"],
            token: sun(payload, header: sunHeader(kid: .string(b)).appending("kid", .string(a))),
            expect: .either("AMB-DUPLICATE-MEMBERS", who, .malformed))
        add(.header, 113, "kid twice: the first key's id, then the second's; signed with the first",
            rules: kid + select + ["JWS-DUPLICATE-MEMBERS"],
            token: sun(payload, header: sunHeader(kid: .string(a)).appending("kid", .string(b))),
            expect: .reject(.malformed, .badSignature), decided: "AMB-DUPLICATE-MEMBERS")
        add(.header, 114, "kid names the first key but the token is signed with the second", rules: select + ["JWS-SIGNATURE"],
            flags: ["auth-bypass"], token: sun(payload, header: sunHeader(kid: .string(a)), key: Self.keyB),
            expect: .reject(.badSignature), decided: "AMB-SUN-KEY-SELECTION")
        add(.header, 115, "kid is a path (\"../../../../dev/null\"): it names no key and is never a file name", rules: select,
            sources: [Source.rfc8725ReceivedClaims, Source.sunAuth], flags: ["robustness", "auth-bypass"],
            token: Forge.sign(sunHeader(kid: "../../../../dev/null"), payload, secret: ""), expect: .reject(.unknownKey))
        add(.header, 116, "kid is an SQL fragment (\"x' OR '1'='1\"): it names no key", rules: select,
            sources: [Source.rfc8725ReceivedClaims, Source.sunAuth], flags: ["robustness", "auth-bypass"],
            token: sun(payload, header: sunHeader(kid: "x' OR '1'='1")), expect: .reject(.unknownKey))
    }

    // MARK: - Claims

    private mutating func addSunshineClaimCases() {
        let id = ["SUN-ID-CLAIM"]
        let type = ["SUN-ID-TYPE"]
        let scope = ["SUN-SCOPE"]
        let customer = "user-8f14e45f"
        let who = Identity.externalId(customer)
        let header = Forge.text(vendor.header)

        add(.claims, 101, "scope user and a string external_id", rules: id + type + scope,
            token: sun(claims(("external_id", .string(customer)))), expect: .accept(who))
        add(.claims, 102, "No external_id: scope and iat only", rules: id, flags: ["auth-bypass"],
            token: sun(claims()), expect: .reject(.missingClaim))
        add(.claims, 103, "external_id is the empty string", rules: id,
            token: sun(claims(("external_id", ""))), expect: .reject(.invalidClaimValue))
        add(.claims, 104, "external_id is null", rules: type,
            token: sun(claims(("external_id", .null))), expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.claims, 105, "external_id is the JSON number 12345 (the guide's documented invalid-auth case)", rules: type,
            flags: ["signer-bug"], token: sun(claims(("external_id", 12345))), expect: .reject(.invalidClaimType))
        add(.claims, 106, "external_id is an array holding the identifier", rules: type,
            token: sun(claims(("external_id", [.string(customer)]))), expect: .reject(.invalidClaimType))
        add(.claims, 107, "external_id is an object holding the identifier", rules: type,
            token: sun(claims(("external_id", ["id": .string(customer)]))), expect: .reject(.invalidClaimType))
        add(.claims, 108, "external_id is the boolean true", rules: type, flags: ["auth-bypass"],
            token: sun(claims(("external_id", true))), expect: .reject(.invalidClaimType))
        add(.claims, 109, "external_id is the string \"12345\", the right way to send a numeric id", rules: type,
            token: sun(claims(("external_id", "12345"))), expect: .accept(.externalId("12345")))
        add(.claims, 110, "The identifier under Kustomer's claim name externalId does not count", rules: id,
            flags: ["signer-bug"], token: sun(claims(("externalId", .string(customer)))), expect: .reject(.missingClaim))
        add(.claims, 111, "The identifier under the legacy userId with scope user does not count", rules: id,
            token: sun(claims(("userId", .string(customer)))), expect: .reject(.missingClaim))
        add(.claims, 112, "An email alone does not name a Sunshine user", rules: id, flags: ["signer-bug"],
            token: sun(claims(("email", "jane.doe@example.com"))), expect: .reject(.missingClaim))
        add(.claims, 113, "external_id is the number 12345.0", rules: type, flags: ["signer-bug"],
            token: sun(claims(("external_id", Forge.number("12345.0")))), expect: .reject(.invalidClaimType))

        add(.claims, 120, "No scope", rules: scope, flags: ["auth-bypass"],
            token: sun(claims(("external_id", .string(customer)), scope: nil)), expect: .reject(.missingClaim))
        add(.claims, 121, "scope app, an app-scoped token used for a user login (\"Invalid scope\")", rules: scope,
            sources: [Source.sunAuth, Source.factsSunshine], flags: ["auth-bypass"],
            token: sun(claims(("external_id", .string(customer)), scope: "app")), expect: .reject(.invalidClaimValue))
        add(.claims, 122, "The legacy scope appUser with external_id", rules: scope + id,
            flags: ["vendor-ambiguity"],
            token: sun(claims(("external_id", .string(customer)), scope: "appUser")),
            expect: .either("AMB-SUN-LEGACY-SCOPE", who, .invalidClaimValue))
        add(.claims, 123, "The legacy v1 form: scope appUser with userId", rules: scope + id,
            sources: [Source.sunExpiring, Source.factsSunshine], flags: ["vendor-ambiguity", "vendor-sample"],
            token: sun(claims(("userId", "legacy-user-42"), scope: "appUser")),
            expect: .either("AMB-SUN-LEGACY-SCOPE", .externalId("legacy-user-42"), .missingClaim, .invalidClaimValue))
        add(.claims, 124, "scope User (capitalised)", rules: scope,
            token: sun(claims(("external_id", .string(customer)), scope: "User")), expect: .reject(.invalidClaimValue))
        add(.claims, 125, "scope \"user \" with a trailing space", rules: scope,
            token: sun(claims(("external_id", .string(customer)), scope: "user ")), expect: .reject(.invalidClaimValue))
        add(.claims, 126, "scope is the array [\"user\"]", rules: scope,
            token: sun(claims(("external_id", .string(customer)), scope: ["user"])), expect: .reject(.invalidClaimType))
        add(.claims, 127, "scope is the number 1", rules: scope,
            token: sun(claims(("external_id", .string(customer)), scope: 1)), expect: .reject(.invalidClaimType))
        add(.claims, 128, "scope is null", rules: scope,
            token: sun(claims(("external_id", .string(customer)), scope: .null)),
            expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.claims, 129, "scope \"user app\", a space-separated list", rules: scope,
            token: sun(claims(("external_id", .string(customer)), scope: "user app")), expect: .reject(.invalidClaimValue))
        add(.claims, 130, "scope twice: app, then user (the last one counts)", rules: scope + ["JWS-DUPLICATE-MEMBERS"],
            flags: ["vendor-ambiguity"],
            token: Forge.sign(headerText: header,
                              payloadText: "{\"scope\":\"app\",\"scope\":\"user\",\"external_id\":\"\(customer)\",\"iat\":\(defaultNow)}",
                              secret: Self.keyA.secret),
            expect: .either("AMB-DUPLICATE-MEMBERS", who, .malformed))
        add(.claims, 131, "scope twice: user, then app", rules: scope + ["JWS-DUPLICATE-MEMBERS"], flags: ["auth-bypass"],
            token: Forge.sign(headerText: header,
                              payloadText: "{\"scope\":\"user\",\"scope\":\"app\",\"external_id\":\"\(customer)\",\"iat\":\(defaultNow)}",
                              secret: Self.keyA.secret),
            expect: .reject(.malformed, .invalidClaimValue), decided: "AMB-DUPLICATE-MEMBERS")
        add(.claims, 132, "scope USER (upper case)", rules: scope,
            token: sun(claims(("external_id", .string(customer)), scope: "USER")), expect: .reject(.invalidClaimValue))
    }

    // MARK: - Timing

    private mutating func addSunshineTimingCases() {
        let unchecked = ["SUN-IAT-UNCHECKED"]
        let customer = Identity.externalId("user-8f14e45f")
        let now = defaultNow
        func iat(_ value: JSONValue?) -> String {
            sun(claims(("external_id", "user-8f14e45f"), iat: nil).with("iat", value))
        }

        add(.timing, 101, "No iat and no exp, like the guide's sample structure minus exp: valid, never expires",
            rules: unchecked, token: iat(nil), expect: .accept(customer), decided: "AMB-SUN-IAT")
        add(.timing, 102, "iat a year old and no exp: still valid", rules: unchecked,
            token: iat(Forge.int(now - 31_536_000)), expect: .accept(customer), decided: "AMB-SUN-IAT")
        add(.timing, 103, "iat an hour in the future", rules: unchecked, flags: ["vendor-ambiguity"],
            token: iat(Forge.int(now + 3600)), expect: .either("AMB-SUN-IAT", customer, .issuedAtOutOfWindow))
        add(.timing, 104, "iat as a string of digits (\"1700000000\")", rules: unchecked + ["JWT-NUMERICDATE"],
            flags: ["vendor-ambiguity"], token: iat("1700000000"),
            expect: .either("AMB-NUMERICDATE-STRING", customer, .invalidClaimType))
        add(.timing, 105, "iat in milliseconds (now × 1000), far in the future", rules: unchecked,
            flags: ["vendor-ambiguity", "signer-bug"], token: iat(Forge.int(now * 1000)),
            expect: .either("AMB-SUN-IAT", customer, .issuedAtOutOfWindow))
        add(.timing, 106, "iat half a second after now (1700000000.5)", rules: unchecked + ["JWT-NUMERICDATE"],
            flags: ["vendor-ambiguity"], token: iat(Forge.number("1700000000.5")),
            expect: .either("AMB-NUMERICDATE-FRACTION", customer, .invalidClaimType, .issuedAtOutOfWindow))
        add(.timing, 107, "exp 1542499200, the guide's example moment, long past", rules: ["SUN-EXP"],
            token: sun(claims(("external_id", "user-8f14e45f")).with("exp", 1_542_499_200)), expect: .reject(.expired))
        add(.timing, 108, "exp an hour after now", rules: ["SUN-EXP"],
            token: sun(claims(("external_id", "user-8f14e45f")).with("exp", Forge.int(now + 3600))), expect: .accept(customer))
        add(.timing, 109, "iat is null", rules: unchecked, flags: ["vendor-ambiguity"],
            token: iat(.null), expect: .either("AMB-SUN-IAT", customer, .invalidClaimType))
        add(.timing, 110, "iat a year old with exp an hour ahead: exp alone decides", rules: unchecked + ["SUN-EXP"],
            token: sun(claims(("external_id", "user-8f14e45f"), iat: now - 31_536_000).with("exp", Forge.int(now + 3600))),
            expect: .accept(customer))
        add(.timing, 111, "No iat and exp exactly now", rules: ["SUN-EXP"], flags: ["boundary"],
            token: sun(claims(("external_id", "user-8f14e45f"), iat: nil).with("exp", Forge.int(now))),
            expect: .reject(.expired))
    }

    // MARK: - Precedence

    private mutating func addSunshinePrecedenceCases() {
        let order = ["JWS-REASON-ORDER"]
        let multi = ["multi-defect"]
        let customer = "user-8f14e45f"
        let who = Identity.externalId(customer)
        let payload = vendor.payload()
        let expired = payload.with("exp", Forge.int(defaultNow - 60))
        let attacker = VerificationKey(kid: nil, secret: TestKeys.attackerSecret)

        add(.precedence, 101, "No kid and signed with another secret: invalid-header comes first",
            rules: order + ["SUN-HDR-KID", "JWS-SIGNATURE"], flags: multi,
            token: sun(payload, header: sunHeader(kid: nil), key: attacker), expect: .reject(.invalidHeader))
        add(.precedence, 102, "Unknown kid and signed with another secret: unknown-key comes first",
            rules: order + ["SUN-KEY-SELECT", "JWS-SIGNATURE"], flags: multi,
            token: sun(payload, header: sunHeader(kid: "app_000000000000000000000000"), key: attacker),
            expect: .reject(.unknownKey))
        add(.precedence, 103, "scope app and expired: invalid-claim-value comes first",
            rules: order + ["SUN-SCOPE", "SUN-EXP"], flags: multi,
            token: sun(expired.with("scope", "app")), expect: .reject(.invalidClaimValue))
        add(.precedence, 104, "No kid and alg none: both header defects, either reason",
            rules: order + ["SUN-HDR-KID", "JWS-ALG-NONE"], flags: multi,
            token: Forge.unsecured(sunHeader(kid: nil).with("alg", "none"), payload),
            expect: .reject(.algorithmNotAllowed, .invalidHeader))
        add(.precedence, 105, "external_id is a number and expired: invalid-claim-type comes first",
            rules: order + ["SUN-ID-TYPE", "SUN-EXP"], flags: multi,
            token: sun(expired.with("external_id", 12345)), expect: .reject(.invalidClaimType))
        add(.precedence, 106, "No external_id and scope app: both claim defects, either reason",
            rules: order + ["SUN-ID-CLAIM", "SUN-SCOPE"], flags: multi,
            token: sun(payload.without("external_id").with("scope", "app")),
            expect: .reject(.missingClaim, .invalidClaimValue))
        add(.precedence, 107, "kid names the second key, signed with the first, and scope app: bad-signature comes first",
            rules: order + ["SUN-KEY-SELECT", "SUN-SCOPE"], flags: multi,
            token: sun(payload.with("scope", "app"), header: sunHeader(kid: .string(Self.keyB.kid!)), key: Self.keyA),
            expect: .reject(.badSignature))
        add(.precedence, 108, "external_id is a number and there is no scope: both claim defects, either reason",
            rules: order + ["SUN-ID-TYPE", "SUN-SCOPE"], flags: multi,
            token: sun(payload.without("scope").with("external_id", 12345)),
            expect: .reject(.invalidClaimType, .missingClaim))
        add(.precedence, 109, "An email beside external_id is an unknown claim: external_id names the user",
            rules: ["SUN-ID-CLAIM", "JWT-UNKNOWN-CLAIMS"],
            token: sun(claims(("email", "jane.doe@example.com"), ("external_id", .string(customer)))), expect: .accept(who))
        add(.precedence, 110, "A userId beside external_id under scope user: external_id names the user",
            rules: ["SUN-ID-CLAIM", "JWT-UNKNOWN-CLAIMS"],
            token: sun(claims(("userId", "someone-else"), ("external_id", .string(customer)))), expect: .accept(who))
        add(.precedence, 111, "alg none and an unknown kid: the header stage comes before key lookup",
            rules: order + ["JWS-ALG-NONE", "SUN-KEY-SELECT"], flags: multi,
            token: Forge.unsecured(sunHeader(kid: "app_000000000000000000000000").with("alg", "none"), payload),
            expect: .reject(.algorithmNotAllowed))
        add(.precedence, 112, "The legacy scope appUser and expired: refused either way",
            rules: order + ["SUN-SCOPE", "SUN-EXP"], flags: multi + ["vendor-ambiguity"],
            token: sun(expired.with("scope", "appUser")),
            expect: .reject(.invalidClaimValue, .expired), decided: "AMB-SUN-LEGACY-SCOPE")
    }

    // MARK: - Vendor shapes

    private mutating func addSunshineVendorShapes() {
        let sample = ["vendor-sample"]
        let guideHeader = vendor.header
        let structure = [Source.sunSample]
        let before: Int64 = 1_542_412_800  // 2018-11-17T00:00:00Z, a day before the sample's exp
        let sampleExp: Int64 = 1_542_499_200

        add(.vendorShapes, 1, "The guide's node.js sample: scope user and external_id, plus the iat jsonwebtoken adds",
            rules: ["SUN-HDR-ALG", "SUN-HDR-KID", "SUN-SCOPE", "SUN-ID-CLAIM", "JWS-HMAC-KEY-BYTES"],
            sources: [Source.sunAuth, Source.sunLogin], flags: sample,
            token: sun(claims(("external_id", "external-id"))), expect: .accept(.externalId("external-id")),
            decided: "AMB-SHORT-SECRET")
        let stringExp = sun(JSONObject([("scope", "user"), ("exp", "1542499200"), ("external_id", "<user-id>")]))
        add(.vendorShapes, 2, "The guide's sample structure with expiry, exp the string \"1542499200\", read years later",
            rules: ["SUN-EXP", "JWT-NUMERICDATE"], sources: structure, flags: sample + ["auth-bypass"],
            token: stringExp, expect: .reject(.invalidClaimType, .expired), decided: "AMB-NUMERICDATE-STRING")
        add(.vendorShapes, 3, "The same sample structure a day before its exp",
            rules: ["SUN-EXP", "JWT-NUMERICDATE"], sources: structure, flags: sample + ["vendor-ambiguity"],
            now: before, token: stringExp,
            expect: .either("AMB-NUMERICDATE-STRING", .externalId("<user-id>"), .invalidClaimType))
        let numericExp = sun(JSONObject([("scope", "user"), ("exp", Forge.int(sampleExp)), ("external_id", "<user-id>")]))
        add(.vendorShapes, 4, "The sample structure with exp as a number, read years later",
            rules: ["SUN-EXP"], sources: structure, flags: sample, token: numericExp, expect: .reject(.expired))
        add(.vendorShapes, 5, "The sample structure with exp as a number, a day before it",
            rules: ["SUN-EXP", "SUN-IAT-UNCHECKED"], sources: structure, flags: sample,
            now: before, token: numericExp, expect: .accept(.externalId("<user-id>")))
        add(.vendorShapes, 6, "The sample structure with exp as a number, at exactly its exp",
            rules: ["SUN-EXP", "JWT-EXP"], sources: structure, flags: sample + ["boundary"],
            now: sampleExp, token: numericExp, expect: .reject(.expired))
        add(.vendorShapes, 7, "The sample structure with exp as a number, one second before its exp",
            rules: ["SUN-EXP", "JWT-EXP"], sources: structure, flags: sample + ["boundary"],
            now: sampleExp - 1, token: numericExp, expect: .accept(.externalId("<user-id>")))
        add(.vendorShapes, 8, "The legacy v1 token: scope appUser and userId",
            rules: ["SUN-SCOPE", "SUN-ID-CLAIM"], sources: [Source.sunExpiring, Source.factsSunshine],
            flags: sample + ["vendor-ambiguity"],
            token: sun(JSONObject([("scope", "appUser"), ("userId", "legacy-user-42"), ("iat", Forge.int(defaultNow))])),
            expect: .either("AMB-SUN-LEGACY-SCOPE", .externalId("legacy-user-42"), .missingClaim, .invalidClaimValue))
        add(.vendorShapes, 9, "The reported failure: jsonwebtoken's default header, without kid",
            rules: ["SUN-HDR-KID"], sources: [Source.factsSunshine, Source.sunAuth], flags: sample + ["signer-bug"],
            token: sun(claims(("external_id", "external-id")), header: ["alg": "HS256", "typ": "JWT"]),
            expect: .reject(.invalidHeader))
        add(.vendorShapes, 10, "The guide's warning: a numeric id sent as a JSON number",
            rules: ["SUN-ID-TYPE"], sources: [Source.sunAuth], flags: sample + ["signer-bug"],
            token: sun(claims(("external_id", 12345))), expect: .reject(.invalidClaimType))
        add(.vendorShapes, 11, "An app-scoped token (scope app) used to log a user in",
            rules: ["SUN-SCOPE"], sources: [Source.factsSunshine], flags: sample,
            token: sun(claims(("external_id", "external-id"), scope: "app")), expect: .reject(.invalidClaimValue))
        add(.vendorShapes, 12, "A Kustomer-shaped token (no kid, externalId, no scope) signed with the app secret",
            rules: ["SUN-HDR-KID"], sources: [Source.sunAuth, Source.kusIOSPayloads], flags: ["signer-bug"],
            token: Forge.sign(["alg": "HS256", "typ": "JWT"],
                              JSONObject([("externalId", "external-id"), ("iat", Forge.int(defaultNow))]),
                              secret: Self.keyA.secret),
            expect: .reject(.invalidHeader))
        add(.vendorShapes, 13, "The guide's sample signed with the app's second key and naming it",
            rules: ["SUN-KEY-SELECT"], sources: [Source.sunAuth], flags: sample,
            token: sun(claims(("external_id", "external-id")), header: guideHeader.with("kid", .string(Self.keyB.kid!)),
                       key: Self.keyB),
            expect: .accept(.externalId("external-id")))
        add(.vendorShapes, 14, "The guide's sample signed with the base64-decoded example secret",
            rules: ["JWS-HMAC-KEY-BYTES"], sources: [Source.sunAuth, Source.factsSunshine], flags: sample + ["signer-bug"],
            token: Forge.sign(guideHeader, claims(("external_id", "external-id")),
                              keyBytes: Forge.base64Decoded(Self.keyA.secret)),
            expect: .reject(.badSignature))
    }

    // MARK: - Signer

    private mutating func addSunshineSignerCases() {
        func header(_ key: VerificationKey) -> JSONObject { ["alg": "HS256", "typ": "JWT", "kid": .string(key.kid!)] }
        let base = ["SUN-SGN-HEADER", "SUN-SGN-CLAIMS", "SUN-SGN-TIME", "SUN-HDR-ALG", "SUN-HDR-TYP", "SUN-HDR-KID", "SUN-SCOPE",
                    "JWS-HMAC-KEY-BYTES", "JWS-BASE64URL-STRICT"]
        let now = Forge.int(defaultNow)

        sign(1, "A user known by external id", rules: base,
             subject: Subject(externalId: "user-8f14e45f"), header: header(Self.keyA),
             claims: ["scope": "user", "external_id": "user-8f14e45f", "iat": now], identity: .externalId("user-8f14e45f"))
        sign(2, "A user known by external id and email: the email is not what names the user", rules: base,
             subject: Subject(externalId: "user-8f14e45f", email: "jane.doe@example.com"), header: header(Self.keyA),
             claims: ["scope": "user", "external_id": "user-8f14e45f", "iat": now], identity: .externalId("user-8f14e45f"))
        sign(3, "A numeric id (\"12345\") is written as a JSON string, never a number", rules: base,
             flags: ["signer-bug"],
             subject: Subject(externalId: "12345"), header: header(Self.keyA),
             claims: ["scope": "user", "external_id": "12345", "iat": now], identity: .externalId("12345"))
        sign(4, "A non-ASCII external id is written byte for byte", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(externalId: "\u{7528}\u{6237}-Jos\u{E9}-\u{1F600}"), header: header(Self.keyA),
             claims: ["scope": "user", "external_id": "\u{7528}\u{6237}-Jos\u{E9}-\u{1F600}", "iat": now],
             identity: .externalId("\u{7528}\u{6237}-Jos\u{E9}-\u{1F600}"))
        sign(5, "With a lifetime of 3600 s: exp is iat + 3600, a number", rules: base,
             subject: Subject(externalId: "user-8f14e45f"), lifetime: 3600, header: header(Self.keyA),
             claims: ["scope": "user", "external_id": "user-8f14e45f", "iat": now, "exp": Forge.int(defaultNow + 3600)],
             identity: .externalId("user-8f14e45f"))
        sign(6, "Signing with the app's second key writes that key's kid", rules: base,
             key: Self.keyB, subject: Subject(externalId: "user-8f14e45f"), header: header(Self.keyB),
             claims: ["scope": "user", "external_id": "user-8f14e45f", "iat": now], identity: .externalId("user-8f14e45f"))
        sign(7, "Another clock (a day before the guide's example exp), with a lifetime of one day", rules: base,
             now: 1_542_412_800, subject: Subject(externalId: "external-id"), lifetime: 86_400, header: header(Self.keyA),
             claims: ["scope": "user", "external_id": "external-id", "iat": 1_542_412_800, "exp": 1_542_499_200],
             identity: .externalId("external-id"))
        let long = String(String(repeating: "user-8f14e45f-", count: 20).prefix(256))
        sign(8, "A 256-character external id is kept whole", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(externalId: long), header: header(Self.keyA),
             claims: ["scope": "user", "external_id": .string(long), "iat": now], identity: .externalId(long))
    }
}
