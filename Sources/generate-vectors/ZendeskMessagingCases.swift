import JWTConformance

extension TestKeys {
    /// Zendesk messaging signing keys: an `app_…` key id (the form observed in tokens) and a
    /// secret. Obviously for tests.
    static let zendeskPrimary = VerificationKey(kid: "app_65a1f0c2d3e4b50012ab34cd", secret: "zendesk-messaging-test-secret-3e8a1f5c7b92")
    /// A second key of the account, so that a `kid` can name another key of the set.
    static let zendeskSecondary = VerificationKey(kid: "app_65a1f0c2d3e4b50012ab34ce", secret: "zendesk-messaging-second-secret-6d2b0c9e14f7")
    /// A key deleted from the account: its id and secret, no longer in the verifier's set.
    static let zendeskDeleted = VerificationKey(kid: "app_64ff00aa11bb220012cc33dd", secret: "zendesk-messaging-deleted-secret-0a9b8c7d6e5f")
}

/// Zendesk messaging as the generator sees it: its keys, customer, rule ids and cases. Its
/// rules, ambiguities and sources are in Catalogue+ZendeskMessaging.swift, its session vectors in
/// SessionCases+ZendeskMessaging.swift.
enum ZendeskMessagingCases: VendorCases {
    static func vendor(profile: ProfileDefinition) -> Vendor {
        Vendor(
            profile: profile,
            defaultGroup: KeyGroup(
                description: "two Zendesk messaging signing keys, each named by its kid",
                keys: [TestKeys.zendeskPrimary, TestKeys.zendeskSecondary]
            ),
            signingKey: TestKeys.zendeskPrimary,
            signerGroupDescription: "the account's first messaging signing key (kid and secret)",
            header: ["alg": "HS256", "typ": "JWT", "kid": .string(TestKeys.zendeskPrimary.kid!)],
            identityClaim: "external_id",
            identityKind: .externalId,
            customer: "zd-user-5c2a91e0",
            fixedClaims: ["scope": "user"],
            scopeRules: ["ZDM-SCOPE"],
            algorithmRule: "ZDM-HDR-ALG",
            typeRule: "ZDM-HDR-TYP",
            typeAbsentAmbiguity: "AMB-ZD-TYP",
            typeOtherValueAmbiguity: "AMB-ZD-TYP",
            algorithmFamilyAmbiguity: "AMB-ZD-ALG",
            identityRules: ["ZDM-ID-CLAIM", "ZDM-ID-TYPE"],
            keyRules: ["ZDM-HDR-KID", "ZDM-KEY-SELECT"],
            issuedAtUncheckedAmbiguity: "AMB-ZD-IAT",
            expirationRules: ["JWT-EXP", "ZDM-EXP"],
            issuedAtRules: ["ZDM-IAT-UNCHECKED"],
            signerRules: ["ZDM-SGN-HEADER", "ZDM-HDR-ALG", "ZDM-HDR-TYP", "ZDM-HDR-KID", "ZDM-SCOPE", "JWS-HMAC-KEY-BYTES",
                          "JWS-BASE64URL-STRICT"],
            signerIdentityRule: "ZDM-SGN-CLAIMS",
            signerTimeRule: "ZDM-SGN-TIME"
        )
    }

    static func addCases(to book: inout CaseBook) { book.addZendeskMessagingCases() }
    static var rules: [RuleDefinition] { Catalogue.zendeskMessagingRules }
    static var ambiguities: [AmbiguityDefinition] { Catalogue.zendeskMessagingAmbiguities }
    static var sessionRules: [RuleDefinition] { Catalogue.zendeskMessagingSessionRules }
}

/// Zendesk messaging: the cases that follow from `docs/research/zendesk-intercom.md` § 1 and
/// the ZDM rules (Catalogue+ZendeskMessaging.swift).
///
/// Profile-specific verifier cases are numbered from 101 in the categories the baseline
/// shares; vendor-shape and signer cases from 1.
extension CaseBook {
    mutating func addZendeskMessagingCases() {
        addZendeskHeaderCases()
        addZendeskClaimCases()
        addZendeskTimingCases()
        addZendeskPrecedenceCases()
        addZendeskVendorShapes()
        addZendeskSignerCases()
    }

    private static var zdKeyA: VerificationKey { TestKeys.zendeskPrimary }
    private static var zdKeyB: VerificationKey { TestKeys.zendeskSecondary }
    private static let zdCustomer = "zd-user-5c2a91e0"
    private static let zdEmail = "jane.doe@example.com"

    /// The valid header with `kid` replaced (or removed when nil).
    private func zdHeader(kid: JSONValue?) -> JSONObject {
        vendor.header.with("kid", kid)
    }

    /// `{"scope":"user", …members…, "iat": now}`.
    private func zdClaims(_ members: (String, JSONValue)..., scope: JSONValue? = "user", iat: Int64? = defaultNow) -> JSONObject {
        var object = JSONObject()
        if let scope { object.append(key: "scope", value: scope) }
        for (key, value) in members { object.append(key: key, value: value) }
        if let iat { object.append(key: "iat", value: Forge.int(iat)) }
        return object
    }

    private func zd(_ claims: JSONObject, header: JSONObject? = nil, key: VerificationKey = TestKeys.zendeskPrimary) -> String {
        Forge.sign(header ?? vendor.header, claims, secret: key.secret)
    }

    // MARK: - Header

    private mutating func addZendeskHeaderCases() {
        let kid = ["ZDM-HDR-KID"]
        let select = ["ZDM-KEY-SELECT"]
        let who = vendor.identity
        let payload = vendor.payload()
        let a = Self.zdKeyA.kid!
        let b = Self.zdKeyB.kid!

        add(.header, 101, "No kid in the header", rules: kid, flags: ["signer-bug"],
            token: zd(payload, header: zdHeader(kid: nil)), expect: .reject(.invalidHeader))
        add(.header, 102, "kid names no key of the account", rules: select,
            token: zd(payload, header: zdHeader(kid: "app_000000000000000000000000")), expect: .reject(.unknownKey))
        add(.header, 103, "kid names the second key but the token is signed with the first", rules: select + ["JWS-SIGNATURE"],
            flags: ["auth-bypass"], token: zd(payload, header: zdHeader(kid: .string(b)), key: Self.zdKeyA),
            expect: .reject(.badSignature))
        add(.header, 104, "kid names the second key and the token is signed with it", rules: select,
            token: zd(payload, header: zdHeader(kid: .string(b)), key: Self.zdKeyB), expect: .accept(who))
        add(.header, 105, "kid is the number 5", rules: kid,
            token: zd(payload, header: zdHeader(kid: 5)), expect: .reject(.invalidHeader))
        add(.header, 106, "kid is null", rules: kid,
            token: zd(payload, header: zdHeader(kid: .null)), expect: .reject(.invalidHeader))
        add(.header, 107, "No kid while the account has a single key: still refused, not resolved to that key", rules: kid,
            group: KeyGroup(description: "one Zendesk messaging signing key", keys: [Self.zdKeyA]),
            token: zd(payload, header: zdHeader(kid: nil)), expect: .reject(.invalidHeader))
        add(.header, 108, "kid names a deleted key and the token is signed with that key's secret", rules: select,
            sources: [Source.zdAdminKeysZh], flags: ["auth-bypass"],
            token: zd(payload, header: zdHeader(kid: .string(TestKeys.zendeskDeleted.kid!)), key: TestKeys.zendeskDeleted),
            expect: .reject(.unknownKey), decided: "AMB-ZD-KEY-RETIRED")
        add(.header, 109, "kid is the right key id in upper case: ids match byte for byte", rules: select,
            token: zd(payload, header: zdHeader(kid: .string(a.uppercased()))), expect: .reject(.unknownKey))
        add(.header, 110, "alg HS512 with a genuine HMAC-SHA-512 signature, naming the second key",
            rules: ["ZDM-HDR-ALG", "JWS-ALG-ALLOWLIST"],
            token: Forge.sign(zdHeader(kid: .string(b)).with("alg", "HS512"), payload, secret: Self.zdKeyB.secret, variant: .sha512),
            expect: .reject(.algorithmNotAllowed), decided: "AMB-ZD-ALG")
        add(.header, 111, "alg HS384 with a genuine HMAC-SHA-384 signature, naming the second key",
            rules: ["ZDM-HDR-ALG", "JWS-ALG-ALLOWLIST"],
            token: Forge.sign(zdHeader(kid: .string(b)).with("alg", "HS384"), payload, secret: Self.zdKeyB.secret, variant: .sha384),
            expect: .reject(.algorithmNotAllowed), decided: "AMB-ZD-ALG")
        let ten = (0..<10).map { index in
            VerificationKey(kid: "app_65a1f0c2d3e4b50012ab40" + (index < 10 ? "0" : "") + String(index),
                            secret: "zendesk-messaging-key-\(index)-secret-5e7f9a1b")
        }
        add(.header, 112, "Ten signing keys, the account's maximum: kid names the tenth, which signed", rules: select,
            sources: [Source.zdAdminKeysZh], flags: ["boundary"],
            group: KeyGroup(description: "ten Zendesk messaging signing keys, the maximum", keys: ten),
            token: zd(payload, header: zdHeader(kid: .string(ten[9].kid!)), key: ten[9]), expect: .accept(who))
        add(.header, 113, "Ten signing keys: kid names the tenth, the first signed", rules: select + ["JWS-SIGNATURE"],
            sources: [Source.zdAdminKeysZh], flags: ["auth-bypass"],
            group: KeyGroup(description: "ten Zendesk messaging signing keys, the maximum", keys: ten),
            token: zd(payload, header: zdHeader(kid: .string(ten[9].kid!)), key: ten[0]), expect: .reject(.badSignature))
        add(.header, 114, "No typ, and kid names the second key, which signed", rules: ["ZDM-HDR-TYP"] + select,
            flags: ["vendor-ambiguity"],
            token: zd(payload, header: zdHeader(kid: .string(b)).without("typ"), key: Self.zdKeyB),
            expect: .either("AMB-ZD-TYP", who, .invalidHeader))
    }

    // MARK: - Claims

    private mutating func addZendeskClaimCases() {
        let id = ["ZDM-ID-CLAIM"]
        let type = ["ZDM-ID-TYPE"]
        let length = ["ZDM-ID-LENGTH"]
        let scope = ["ZDM-SCOPE"]
        let customer = Self.zdCustomer
        let who = Identity.externalId(customer)
        let header = Forge.text(vendor.header)

        add(.claims, 101, "scope user and a string external_id", rules: id + type + scope,
            token: zd(zdClaims(("external_id", .string(customer)))), expect: .accept(who))
        add(.claims, 102, "No external_id: scope and iat only", rules: id, flags: ["auth-bypass"],
            token: zd(zdClaims()), expect: .reject(.missingClaim))
        add(.claims, 103, "external_id is the empty string", rules: id,
            token: zd(zdClaims(("external_id", ""))), expect: .reject(.invalidClaimValue))
        add(.claims, 104, "external_id is null", rules: type,
            token: zd(zdClaims(("external_id", .null))), expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.claims, 105, "external_id is the JSON number 12345", rules: type, flags: ["signer-bug"],
            token: zd(zdClaims(("external_id", 12345))), expect: .reject(.invalidClaimType))
        add(.claims, 106, "external_id is an array holding the identifier", rules: type,
            token: zd(zdClaims(("external_id", [.string(customer)]))), expect: .reject(.invalidClaimType))
        add(.claims, 107, "external_id is the string \"12345\", the right way to send a numeric id", rules: type,
            token: zd(zdClaims(("external_id", "12345"))), expect: .accept(.externalId("12345")))
        add(.claims, 108, "A verified email alone (email and email_verified true) does not name the user",
            rules: id + ["ZDM-EMAIL-ATTRIBUTE"], flags: ["auth-bypass"],
            token: zd(zdClaims(("email", .string(Self.zdEmail)), ("email_verified", true))), expect: .reject(.missingClaim))
        add(.claims, 109, "The identifier under Kustomer's claim name externalId does not count", rules: id,
            flags: ["signer-bug"], token: zd(zdClaims(("externalId", .string(customer)))), expect: .reject(.missingClaim))
        add(.claims, 110, "The identifier under Intercom's claim name user_id does not count", rules: id,
            flags: ["signer-bug"], token: zd(zdClaims(("user_id", .string(customer)))), expect: .reject(.missingClaim))
        add(.claims, 111, "name alone does not name the user", rules: id + ["ZDM-EMAIL-ATTRIBUTE"],
            token: zd(zdClaims(("name", "Jane Doe"))), expect: .reject(.missingClaim))
        add(.claims, 112, "external_id is the number 12345.0", rules: type, flags: ["signer-bug"],
            token: zd(zdClaims(("external_id", Forge.number("12345.0")))), expect: .reject(.invalidClaimType))

        let at255 = String(String(repeating: "zd-user-5c2a91e0-", count: 16).prefix(255))
        let at256 = String(String(repeating: "zd-user-5c2a91e0-", count: 16).prefix(256))
        let at1000 = String(String(repeating: "zd-user-5c2a91e0-", count: 60).prefix(1000))
        add(.claims, 113, "external_id of exactly 255 ASCII characters, the documented maximum, is kept whole",
            rules: length + ["JWT-STRING-EXACT"], flags: ["boundary"],
            token: zd(zdClaims(("external_id", .string(at255)))), expect: .accept(.externalId(at255)), decided: "AMB-ZD-EXTID-FORM")
        add(.claims, 114, "external_id of 256 ASCII characters, one over the documented maximum", rules: length,
            flags: ["boundary", "vendor-ambiguity"],
            token: zd(zdClaims(("external_id", .string(at256)))),
            expect: .either("AMB-ZD-EXTID-FORM", .externalId(at256), .invalidClaimValue))
        add(.claims, 115, "external_id of 1000 ASCII characters: refused or kept whole, never truncated", rules: length,
            flags: ["vendor-ambiguity"],
            token: zd(zdClaims(("external_id", .string(at1000)))),
            expect: .either("AMB-ZD-EXTID-FORM", .externalId(at1000), .invalidClaimValue))
        add(.claims, 116, "external_id with dots, a plus and an at sign is not \"alphanumeric\", and is accepted",
            rules: length + type, sources: [Source.zdAdminTerms],
            token: zd(zdClaims(("external_id", "jane.doe+zd@example.com"))),
            expect: .accept(.externalId("jane.doe+zd@example.com")), decided: "AMB-ZD-EXTID-FORM")
        add(.claims, 117, "A non-ASCII external_id (\"José-42\") is accepted as written", rules: length + ["JWT-STRING-EXACT"],
            token: zd(zdClaims(("external_id", "Jos\u{E9}-42"))),
            expect: .accept(.externalId("Jos\u{E9}-42")), decided: "AMB-ZD-EXTID-FORM")

        add(.claims, 120, "No scope, as the vendor's SDK field tables describe the token", rules: scope,
            sources: [Source.zdIOSLogin, Source.zdUnityLogin], flags: ["vendor-ambiguity"],
            token: zd(zdClaims(("external_id", .string(customer)), scope: nil)),
            expect: .either("AMB-ZD-SCOPE", who, .missingClaim))
        add(.claims, 121, "scope app: a token that says it is not a user token", rules: scope, flags: ["auth-bypass"],
            token: zd(zdClaims(("external_id", .string(customer)), scope: "app")),
            expect: .reject(.invalidClaimValue), decided: "AMB-ZD-SCOPE")
        add(.claims, 122, "scope User (capitalised)", rules: scope,
            token: zd(zdClaims(("external_id", .string(customer)), scope: "User")), expect: .reject(.invalidClaimValue))
        add(.claims, 123, "scope is the array [\"user\"]", rules: scope,
            token: zd(zdClaims(("external_id", .string(customer)), scope: ["user"])), expect: .reject(.invalidClaimType))
        add(.claims, 124, "scope is null", rules: scope,
            token: zd(zdClaims(("external_id", .string(customer)), scope: .null)),
            expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.claims, 125, "Sunshine's legacy scope appUser is not a Zendesk messaging scope", rules: scope,
            token: zd(zdClaims(("external_id", .string(customer)), scope: "appUser")),
            expect: .reject(.invalidClaimValue), decided: "AMB-ZD-SCOPE")
        add(.claims, 126, "scope twice: user, then app (the last one counts)", rules: scope + ["JWS-DUPLICATE-MEMBERS"],
            flags: ["auth-bypass"],
            token: Forge.sign(headerText: header,
                              payloadText: "{\"scope\":\"user\",\"scope\":\"app\",\"external_id\":\"\(customer)\",\"iat\":\(defaultNow)}",
                              secret: Self.zdKeyA.secret),
            expect: .reject(.malformed, .invalidClaimValue), decided: "AMB-DUPLICATE-MEMBERS")
    }

    // MARK: - Timing

    private mutating func addZendeskTimingCases() {
        let unchecked = ["ZDM-IAT-UNCHECKED"]
        let exp = ["ZDM-EXP"]
        let customer = Identity.externalId(Self.zdCustomer)
        let now = defaultNow
        func iat(_ value: JSONValue?) -> String {
            zd(zdClaims(("external_id", .string(Self.zdCustomer)), iat: nil).with("iat", value))
        }
        func expiring(_ value: JSONValue) -> String {
            zd(zdClaims(("external_id", .string(Self.zdCustomer))).with("exp", value))
        }

        add(.timing, 101, "No iat and no exp, as the SDK field tables allow: valid, never expires", rules: unchecked,
            token: iat(nil), expect: .accept(customer), decided: "AMB-ZD-IAT")
        add(.timing, 102, "iat a year old and no exp: still valid", rules: unchecked,
            token: iat(Forge.int(now - 31_536_000)), expect: .accept(customer), decided: "AMB-ZD-IAT")
        add(.timing, 103, "iat an hour in the future", rules: unchecked, flags: ["vendor-ambiguity"],
            token: iat(Forge.int(now + 3600)), expect: .either("AMB-ZD-IAT", customer, .issuedAtOutOfWindow))
        add(.timing, 104, "iat is null", rules: unchecked, flags: ["vendor-ambiguity"],
            token: iat(.null), expect: .either("AMB-ZD-IAT", customer, .invalidClaimType))
        add(.timing, 105, "exp an hour after now", rules: exp,
            token: expiring(Forge.int(now + 3600)), expect: .accept(customer))
        add(.timing, 106, "exp a minute ago: the widget refuses an expired token", rules: exp,
            token: expiring(Forge.int(now - 60)), expect: .reject(.expired))
        add(.timing, 107, "exp exactly now", rules: exp + ["JWT-EXP"], flags: ["boundary"],
            token: expiring(Forge.int(now)), expect: .reject(.expired))
        add(.timing, 108, "exp one second after now", rules: exp + ["JWT-EXP"], flags: ["boundary"],
            token: expiring(Forge.int(now + 1)), expect: .accept(customer))
        add(.timing, 109, "exp an hour ahead with a fraction (1700003600.5), though the SDKs type it Integer",
            rules: exp + ["JWT-NUMERICDATE"], flags: ["vendor-ambiguity"],
            token: expiring(Forge.number("1700003600.5")), expect: .either("AMB-ZD-EXP-FORM", customer, .invalidClaimType))
        add(.timing, 110, "exp two hours ahead in exponent form (1.7000072e9)", rules: exp + ["JWT-NUMERICDATE"],
            flags: ["vendor-ambiguity"],
            token: expiring(Forge.number("1.7000072e9")), expect: .either("AMB-ZD-EXP-FORM", customer, .invalidClaimType))
        add(.timing, 111, "exp an hour ago with a fraction (1699996400.5): expired under every reading",
            rules: exp + ["JWT-NUMERICDATE"],
            token: expiring(Forge.number("1699996400.5")), expect: .reject(.expired, .invalidClaimType), decided: "AMB-ZD-EXP-FORM")
        add(.timing, 112, "nbf an hour ahead: not yet valid", rules: unchecked + ["JWT-NBF"],
            token: zd(zdClaims(("external_id", .string(Self.zdCustomer))).with("nbf", Forge.int(now + 3600))),
            expect: .reject(.notYetValid), decided: "AMB-ZD-IAT")
        add(.timing, 113, "iat a year old with exp an hour ahead: exp alone decides", rules: unchecked + exp,
            token: zd(zdClaims(("external_id", .string(Self.zdCustomer)), iat: now - 31_536_000).with("exp", Forge.int(now + 3600))),
            expect: .accept(customer))
    }

    // MARK: - Precedence

    private mutating func addZendeskPrecedenceCases() {
        let order = ["JWS-REASON-ORDER"]
        let multi = ["multi-defect"]
        let attribute = ["ZDM-EMAIL-ATTRIBUTE", "ZDM-ID-CLAIM"]
        let customer = Self.zdCustomer
        let who = Identity.externalId(customer)
        let payload = vendor.payload()
        let expired = payload.with("exp", Forge.int(defaultNow - 60))
        let attacker = VerificationKey(kid: nil, secret: TestKeys.attackerSecret)

        add(.precedence, 101, "A verified email before external_id: external_id names the user", rules: attribute,
            token: zd(zdClaims(("email", .string(Self.zdEmail)), ("email_verified", true), ("external_id", .string(customer)))),
            expect: .accept(who))
        add(.precedence, 102, "email with email_verified false beside external_id: external_id names the user", rules: attribute,
            token: zd(zdClaims(("external_id", .string(customer)), ("email", .string(Self.zdEmail)), ("email_verified", false))),
            expect: .accept(who), decided: "AMB-ZD-EMAIL-UNVERIFIED")
        add(.precedence, 103, "email_verified is the string \"true\": the token still names external_id's user", rules: attribute,
            token: zd(zdClaims(("external_id", .string(customer)), ("email", .string(Self.zdEmail)), ("email_verified", "true"))),
            expect: .accept(who), decided: "AMB-ZD-EMAIL-UNVERIFIED")
        add(.precedence, 104, "email without email_verified beside external_id", rules: attribute,
            token: zd(zdClaims(("external_id", .string(customer)), ("email", "someone.else@example.com"))),
            expect: .accept(who), decided: "AMB-ZD-EMAIL-UNVERIFIED")
        add(.precedence, 105, "name and a verified email with external_id: the SDK tables' full claim set", rules: attribute,
            sources: [Source.zdIOSLogin, Source.zdUnityLogin],
            token: zd(zdClaims(("external_id", .string(customer)), ("name", "Jane Doe"), ("email", .string(Self.zdEmail)),
                               ("email_verified", true))),
            expect: .accept(who))
        add(.precedence, 106, "A user_id naming someone else beside external_id: external_id names the user",
            rules: ["ZDM-ID-CLAIM", "JWT-UNKNOWN-CLAIMS"],
            token: zd(zdClaims(("user_id", "someone-else"), ("external_id", .string(customer)))), expect: .accept(who))
        add(.precedence, 107, "No kid and signed with another secret: invalid-header comes first",
            rules: order + ["ZDM-HDR-KID", "JWS-SIGNATURE"], flags: multi,
            token: zd(payload, header: zdHeader(kid: nil), key: attacker), expect: .reject(.invalidHeader))
        add(.precedence, 108, "Unknown kid and signed with another secret: unknown-key comes first",
            rules: order + ["ZDM-KEY-SELECT", "JWS-SIGNATURE"], flags: multi,
            token: zd(payload, header: zdHeader(kid: "app_000000000000000000000000"), key: attacker),
            expect: .reject(.unknownKey))
        add(.precedence, 109, "scope app and expired: invalid-claim-value comes first",
            rules: order + ["ZDM-SCOPE", "ZDM-EXP"], flags: multi,
            token: zd(expired.with("scope", "app")), expect: .reject(.invalidClaimValue))
        add(.precedence, 110, "external_id is a number and expired: invalid-claim-type comes first",
            rules: order + ["ZDM-ID-TYPE", "ZDM-EXP"], flags: multi,
            token: zd(expired.with("external_id", 12345)), expect: .reject(.invalidClaimType))
        add(.precedence, 111, "No scope and expired: missing-claim if scope is required, else expired",
            rules: order + ["ZDM-SCOPE", "ZDM-EXP"], flags: multi,
            token: zd(expired.without("scope")), expect: .reject(.missingClaim, .expired), decided: "AMB-ZD-SCOPE")
        add(.precedence, 112, "kid names the second key, signed with the first, and scope app: bad-signature comes first",
            rules: order + ["ZDM-KEY-SELECT", "ZDM-SCOPE"], flags: multi,
            token: zd(payload.with("scope", "app"), header: zdHeader(kid: .string(Self.zdKeyB.kid!)), key: Self.zdKeyA),
            expect: .reject(.badSignature))
        add(.precedence, 113, "alg none and an unknown kid: the header stage comes before key lookup",
            rules: order + ["JWS-ALG-NONE", "ZDM-KEY-SELECT"], flags: multi,
            token: Forge.unsecured(zdHeader(kid: "app_000000000000000000000000").with("alg", "none"), payload),
            expect: .reject(.algorithmNotAllowed))
        add(.precedence, 114, "A verified email alone and expired: missing-claim comes first",
            rules: order + ["ZDM-ID-CLAIM", "ZDM-EXP"], flags: multi,
            token: zd(zdClaims(("email", .string(Self.zdEmail)), ("email_verified", true)).with("exp", Forge.int(defaultNow - 60))),
            expect: .reject(.missingClaim))
    }

    // MARK: - Vendor shapes

    private mutating func addZendeskVendorShapes() {
        let sample = ["vendor-sample"]
        let tables = [Source.zdIOSLogin, Source.zdUnityLogin]
        let readme = [Source.zd3PReadmeHeader, Source.zd3PReadmePayload]
        let later = defaultNow + 3600
        let tableShape = JSONObject([
            ("external_id", .string(Self.zdCustomer)), ("name", "Jane Doe"), ("email", .string(Self.zdEmail)),
            ("exp", Forge.int(later)),
        ])

        add(.vendorShapes, 1, "The SDK field tables' token: external_id, name, email and exp, without scope or iat",
            rules: ["ZDM-SCOPE", "ZDM-ID-CLAIM", "ZDM-EXP"], sources: tables, flags: sample + ["vendor-ambiguity"],
            token: zd(tableShape), expect: .either("AMB-ZD-SCOPE", vendor.identity, .missingClaim))
        add(.vendorShapes, 2, "The SDK field tables' token read after its exp: refused either way",
            rules: ["ZDM-SCOPE", "ZDM-EXP"], sources: tables, flags: sample,
            now: later, token: zd(tableShape), expect: .reject(.missingClaim, .expired), decided: "AMB-ZD-SCOPE")
        add(.vendorShapes, 3, "The SDK field tables' token with scope user added",
            rules: ["ZDM-SCOPE", "ZDM-ID-CLAIM", "ZDM-EXP", "ZDM-EMAIL-ATTRIBUTE"], sources: tables, flags: sample,
            token: zd(tableShape.prepending("scope", "user")), expect: .accept(vendor.identity))
        add(.vendorShapes, 4, "A third-party guide's token: scope, external_id, email, email_verified, name and exp",
            rules: ["ZDM-HDR-KID", "ZDM-SCOPE", "ZDM-ID-CLAIM", "ZDM-EMAIL-ATTRIBUTE"], sources: readme, flags: sample,
            token: zd(JSONObject([
                ("scope", "user"), ("external_id", .string(Self.zdCustomer)), ("email", .string(Self.zdEmail)),
                ("email_verified", true), ("name", "Jane Doe"), ("exp", Forge.int(later)),
            ])),
            expect: .accept(vendor.identity))
        add(.vendorShapes, 5, "A token shaped like one decoded from a user report: iat, jti, scope, external_id and name",
            rules: ["ZDM-HDR-KID", "ZDM-SCOPE", "ZDM-ID-CLAIM", "ZDM-IAT-UNCHECKED", "JWT-UNKNOWN-CLAIMS"],
            sources: [Source.zd3PFlutter], flags: sample,
            token: zd(JSONObject([
                ("iat", Forge.int(defaultNow - 120)), ("jti", "4f1c9a2e-7b3d-4e8a-9c5f-1a2b3c4d5e6f"), ("scope", "user"),
                ("external_id", .string(Self.zdCustomer)), ("name", "Jane Doe"),
            ])),
            expect: .accept(vendor.identity))
        add(.vendorShapes, 6, "A signing library's default header, without kid (a reported integration bug)",
            rules: ["ZDM-HDR-KID"], sources: [Source.zd3PGist, Source.factsZendeskTokens], flags: sample + ["signer-bug"],
            token: zd(zdClaims(("external_id", .string(Self.zdCustomer))), header: ["alg": "HS256", "typ": "JWT"]),
            expect: .reject(.invalidHeader))
        add(.vendorShapes, 7, "A Kustomer-shaped token (no kid, externalId, no scope) signed with the account's secret",
            rules: ["ZDM-HDR-KID"], sources: [Source.kusIOSPayloads], flags: ["signer-bug"],
            token: Forge.sign(["alg": "HS256", "typ": "JWT"],
                              JSONObject([("externalId", .string(Self.zdCustomer)), ("iat", Forge.int(defaultNow))]),
                              secret: Self.zdKeyA.secret),
            expect: .reject(.invalidHeader))
        add(.vendorShapes, 8, "An Intercom-shaped token (kid, user_id and email, no scope) naming the account's key",
            rules: ["ZDM-ID-CLAIM"], sources: [Source.zdIntercomShape], flags: ["signer-bug"],
            token: zd(JSONObject([("user_id", .string(Self.zdCustomer)), ("email", .string(Self.zdEmail)), ("exp", Forge.int(later))])),
            expect: .reject(.missingClaim))
        add(.vendorShapes, 9, "The Sunshine guide's token shape (scope user, external_id) signed with a Zendesk messaging key",
            rules: ["ZDM-SCOPE", "ZDM-ID-CLAIM", "ZDM-KEY-SELECT"], sources: [Source.sunAuth, Source.zd409], flags: sample,
            token: zd(JSONObject([("scope", "user"), ("external_id", "external-id")]), header: zdHeader(kid: .string(Self.zdKeyB.kid!)),
                      key: Self.zdKeyB),
            expect: .accept(.externalId("external-id")))
    }

    // MARK: - Signer

    private mutating func addZendeskSignerCases() {
        func header(_ key: VerificationKey) -> JSONObject { ["alg": "HS256", "typ": "JWT", "kid": .string(key.kid!)] }
        let base = ["ZDM-SGN-HEADER", "ZDM-SGN-CLAIMS", "ZDM-SGN-TIME", "ZDM-HDR-ALG", "ZDM-HDR-TYP", "ZDM-HDR-KID", "ZDM-SCOPE",
                    "JWS-HMAC-KEY-BYTES", "JWS-BASE64URL-STRICT"]
        let now = Forge.int(defaultNow)
        let customer = Self.zdCustomer

        sign(1, "A user known by external id", rules: base,
             subject: Subject(externalId: customer), header: header(Self.zdKeyA),
             claims: ["scope": "user", "external_id": .string(customer), "iat": now], identity: .externalId(customer))
        sign(2, "A user known by external id and email: the email is not written and does not name the user", rules: base,
             subject: Subject(externalId: customer, email: Self.zdEmail), header: header(Self.zdKeyA),
             claims: ["scope": "user", "external_id": .string(customer), "iat": now], identity: .externalId(customer))
        sign(3, "A numeric id (\"12345\") is written as a JSON string, never a number", rules: base,
             flags: ["signer-bug"],
             subject: Subject(externalId: "12345"), header: header(Self.zdKeyA),
             claims: ["scope": "user", "external_id": "12345", "iat": now], identity: .externalId("12345"))
        sign(4, "A non-ASCII external id is written byte for byte", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(externalId: "Jos\u{E9}-\u{7528}\u{6237}-42"), header: header(Self.zdKeyA),
             claims: ["scope": "user", "external_id": "Jos\u{E9}-\u{7528}\u{6237}-42", "iat": now],
             identity: .externalId("Jos\u{E9}-\u{7528}\u{6237}-42"))
        sign(5, "With a lifetime of 3600 s: exp is iat + 3600, an integer", rules: base,
             subject: Subject(externalId: customer), lifetime: 3600, header: header(Self.zdKeyA),
             claims: ["scope": "user", "external_id": .string(customer), "iat": now, "exp": Forge.int(defaultNow + 3600)],
             identity: .externalId(customer))
        sign(6, "Signing with the account's second key writes that key's kid", rules: base,
             key: Self.zdKeyB, subject: Subject(externalId: customer), header: header(Self.zdKeyB),
             claims: ["scope": "user", "external_id": .string(customer), "iat": now], identity: .externalId(customer))
        let at255 = String(String(repeating: "zd-user-5c2a91e0-", count: 16).prefix(255))
        sign(7, "A 255-character external id, the documented maximum, is kept whole", rules: base + ["JWT-STRING-EXACT"],
             flags: ["boundary"],
             subject: Subject(externalId: at255), header: header(Self.zdKeyA),
             claims: ["scope": "user", "external_id": .string(at255), "iat": now], identity: .externalId(at255))
    }
}
