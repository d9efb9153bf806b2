import JWTConformance

extension TestKeys {
    /// The Intercom workspace's Messenger API secret (current).
    static let intercomSecret = "intercom-messenger-test-secret-9f2c4e6a8b10"
    /// The secret it replaced in a rotation.
    static let intercomPreviousSecret = "intercom-messenger-previous-secret-1d3f5a7c9e20"
}

/// Intercom Messenger as the generator sees it: its keys, customer, rule ids and cases. Its
/// rules, ambiguities and sources are in Catalogue+Intercom.swift, its session vectors in
/// SessionCases+Intercom.swift.
enum IntercomCases: VendorCases {
    static func vendor(profile: ProfileDefinition) -> Vendor {
        Vendor(
            profile: profile,
            defaultGroup: KeyGroup(
                description: "the workspace's one Messenger API secret (no kid)",
                keys: [VerificationKey(kid: nil, secret: TestKeys.intercomSecret)]
            ),
            signingKey: VerificationKey(kid: nil, secret: TestKeys.intercomSecret),
            signerGroupDescription: "the workspace's Messenger API secret",
            header: ["alg": "HS256", "typ": "JWT"],
            identityClaim: "user_id",
            identityKind: .externalId,
            customer: "icm-user-31415926",
            fixedClaims: [:],
            identityNumberAmbiguity: "AMB-IC-USERID-TYPE",
            algorithmRule: "ICM-HDR-ALG",
            typeRule: "ICM-HDR-TYP",
            typeAbsentAmbiguity: "AMB-IC-TYP",
            typeOtherValueAmbiguity: "AMB-IC-TYP",
            algorithmFamilyAmbiguity: "AMB-IC-ALG",
            identityRules: ["ICM-ID-CLAIM", "ICM-ID-TYPE"],
            keyRules: ["ICM-KEY"],
            keyIDTypeAmbiguity: "AMB-IC-KID-TYPE",
            issuedAtUncheckedAmbiguity: "AMB-IC-IAT-NBF",
            expirationRules: ["JWT-EXP", "ICM-EXP"],
            issuedAtRules: ["ICM-IAT-UNCHECKED"],
            signerRules: ["ICM-SGN-HEADER", "ICM-HDR-ALG", "ICM-HDR-TYP", "JWS-HMAC-KEY-BYTES", "JWS-BASE64URL-STRICT"],
            signerIdentityRule: "ICM-SGN-IDENTITY",
            signerTimeRule: "ICM-SGN-TIME"
        )
    }

    static func addCases(to book: inout CaseBook) { book.addIntercomCases() }
    static var rules: [RuleDefinition] { Catalogue.intercomRules }
    static var ambiguities: [AmbiguityDefinition] { Catalogue.intercomAmbiguities }
    static var sessionRules: [RuleDefinition] { Catalogue.intercomSessionRules }
}

/// Intercom Messenger: the cases that follow from `docs/research/zendesk-intercom.md` § 2 and
/// the ICM rules (Catalogue+Intercom.swift).
///
/// Profile-specific verifier cases are numbered from 101 in the categories the baseline
/// shares; vendor-shape and signer cases from 1.
extension CaseBook {
    mutating func addIntercomCases() {
        addIntercomHeaderCases()
        addIntercomClaimCases()
        addIntercomTimingCases()
        addIntercomPrecedenceCases()
        addIntercomVendorShapes()
        addIntercomSignerCases()
    }

    private static let icUser = "icm-user-31415926"
    private static let icEmail = "jane.doe@example.com"

    /// `{"alg":"HS256","typ":"JWT"}` over the given claims.
    private func ic(_ claims: JSONObject, header: JSONObject? = nil, secret: String = TestKeys.intercomSecret) -> String {
        Forge.sign(header ?? vendor.header, claims, secret: secret)
    }

    /// Claims `{…members…, "iat": now}`.
    private func icClaims(_ members: (String, JSONValue)..., iat: Int64? = defaultNow) -> JSONObject {
        var object = JSONObject(members)
        if let iat { object.append(key: "iat", value: Forge.int(iat)) }
        return object
    }

    // MARK: - Header

    private mutating func addIntercomHeaderCases() {
        let key = ["ICM-KEY"]
        let who = vendor.identity
        let payload = vendor.payload()
        let current = VerificationKey(kid: nil, secret: TestKeys.intercomSecret)
        let previous = VerificationKey(kid: nil, secret: TestKeys.intercomPreviousSecret)
        let rotated = KeyGroup(description: "the workspace's new Messenger API secret, then the one it replaced", keys: [current, previous])

        add(.header, 101, "A string kid in an Intercom header is ignored: the workspace's secret verifies the token",
            rules: key + ["JWS-HEADER-UNKNOWN"],
            token: ic(payload, header: vendor.header.with("kid", "messenger-key-1")), expect: .accept(who))
        add(.header, 102, "alg HS384 with a genuine HMAC-SHA-384 signature, and a kid",
            rules: ["ICM-HDR-ALG", "JWS-ALG-ALLOWLIST"],
            token: Forge.sign(vendor.header.with("alg", "HS384").with("kid", "messenger-key-1"), payload,
                              secret: TestKeys.intercomSecret, variant: .sha384),
            expect: .reject(.algorithmNotAllowed), decided: "AMB-IC-ALG")
        add(.header, 103, "alg HS512 with a genuine HMAC-SHA-512 signature, and a kid",
            rules: ["ICM-HDR-ALG", "JWS-ALG-ALLOWLIST"],
            token: Forge.sign(vendor.header.with("alg", "HS512").with("kid", "messenger-key-1"), payload,
                              secret: TestKeys.intercomSecret, variant: .sha512),
            expect: .reject(.algorithmNotAllowed), decided: "AMB-IC-ALG")
        add(.header, 104, "Signed with the replaced secret while the verifier holds only the new one", rules: key + ["JWS-SIGNATURE"],
            sources: [Source.icDevWebRotation],
            token: ic(payload, secret: TestKeys.intercomPreviousSecret), expect: .reject(.badSignature), decided: "AMB-IC-KEYS")
        add(.header, 105, "During a rotation (new and replaced secrets held), a token signed with the new secret", rules: key,
            sources: [Source.icDevWebRotation], group: rotated,
            token: ic(payload), expect: .accept(who), decided: "AMB-IC-KEYS")
        add(.header, 107, "During a rotation, a token signed with the replaced secret", rules: key + ["JWS-SIGNATURE"],
            sources: [Source.icDevWebRotation], flags: ["vendor-ambiguity"], group: rotated,
            token: ic(payload, secret: TestKeys.intercomPreviousSecret),
            expect: .either("AMB-IC-KEYS", who, .badSignature))
        add(.header, 108, "During a rotation, signed with a secret the workspace never had", rules: key + ["JWS-SIGNATURE"],
            flags: ["auth-bypass"], group: rotated,
            token: ic(payload, secret: TestKeys.attackerSecret), expect: .reject(.badSignature), decided: "AMB-IC-KEYS")
        add(.header, 109, "During a rotation, a kid naming the replaced key on a token signed with the new secret", rules: key,
            group: rotated,
            token: ic(payload, header: vendor.header.with("kid", "previous")), expect: .accept(who), decided: "AMB-IC-KEYS")
        add(.header, 110, "Signed with another platform's secret (the \"iOS enabled\" key) while the verifier holds the web secret",
            rules: key + ["JWS-SIGNATURE"], sources: [Source.icDevIOSEnable],
            token: ic(payload, secret: "intercom-ios-test-secret-7a5c3e1b9d08"), expect: .reject(.badSignature),
            decided: "AMB-IC-PLATFORM-KEYS")
        add(.header, 111, "kid is the number 1", rules: key, flags: ["vendor-ambiguity"],
            token: ic(payload, header: vendor.header.with("kid", 1)), expect: .either("AMB-IC-KID-TYPE", who, .invalidHeader))
        add(.header, 112, "kid is null", rules: key, flags: ["vendor-ambiguity"],
            token: ic(payload, header: vendor.header.with("kid", .null)), expect: .either("AMB-IC-KID-TYPE", who, .invalidHeader))
        add(.header, 113, "No typ, with a kid", rules: ["ICM-HDR-TYP"], flags: ["vendor-ambiguity"],
            token: ic(payload, header: vendor.header.without("typ").with("kid", "messenger-key-1")),
            expect: .either("AMB-IC-TYP", who, .invalidHeader))
    }

    // MARK: - Claims

    private mutating func addIntercomClaimCases() {
        let id = ["ICM-ID-CLAIM"]
        let type = ["ICM-ID-TYPE"]
        let user = Self.icUser
        let who = Identity.externalId(user)
        let header = Forge.text(vendor.header)

        add(.claims, 101, "user_id alone names the user", rules: id + type,
            token: ic(icClaims(("user_id", .string(user)))), expect: .accept(who))
        add(.claims, 102, "No user_id: only iat", rules: id, flags: ["auth-bypass"],
            token: ic(icClaims()), expect: .reject(.missingClaim))
        add(.claims, 103, "email alone does not name the user", rules: id, flags: ["auth-bypass"],
            token: ic(icClaims(("email", .string(Self.icEmail)))), expect: .reject(.missingClaim), decided: "AMB-IC-EMAIL-ONLY")
        add(.claims, 104, "user_id is the empty string", rules: id,
            token: ic(icClaims(("user_id", ""))), expect: .reject(.invalidClaimValue))
        add(.claims, 105, "user_id is null", rules: type,
            token: ic(icClaims(("user_id", .null))), expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.claims, 106, "user_id is the JSON number 31415926 (a Rails integer id)", rules: type,
            flags: ["signer-bug", "vendor-ambiguity"],
            token: ic(icClaims(("user_id", 31_415_926))),
            expect: .either("AMB-IC-USERID-TYPE", .externalId("31415926"), .invalidClaimType))
        add(.claims, 107, "user_id is the number 9007199254740993 (2^53 + 1): an acceptance must keep every digit",
            rules: type + ["JWT-STRING-EXACT"], flags: ["signer-bug", "vendor-ambiguity", "boundary"],
            token: ic(icClaims(("user_id", Forge.number("9007199254740993")))),
            expect: .either("AMB-IC-USERID-TYPE", .externalId("9007199254740993"), .invalidClaimType))
        add(.claims, 108, "user_id is the number 12345.0, which has no single text form", rules: type, flags: ["signer-bug"],
            token: ic(icClaims(("user_id", Forge.number("12345.0")))), expect: .reject(.invalidClaimType), decided: "AMB-IC-USERID-TYPE")
        add(.claims, 109, "user_id is the number 1.2345e4, which has no single text form", rules: type, flags: ["signer-bug"],
            token: ic(icClaims(("user_id", Forge.number("1.2345e4")))), expect: .reject(.invalidClaimType), decided: "AMB-IC-USERID-TYPE")
        add(.claims, 110, "user_id is an array holding the id", rules: type,
            token: ic(icClaims(("user_id", [.string(user)]))), expect: .reject(.invalidClaimType))
        add(.claims, 111, "user_id is an object holding the id", rules: type,
            token: ic(icClaims(("user_id", ["id": .string(user)]))), expect: .reject(.invalidClaimType))
        add(.claims, 112, "user_id is the boolean true", rules: type, flags: ["auth-bypass"],
            token: ic(icClaims(("user_id", true))), expect: .reject(.invalidClaimType))
        add(.claims, 113, "user_id is the string \"12345\", the right way to send a numeric id", rules: type,
            token: ic(icClaims(("user_id", "12345"))), expect: .accept(.externalId("12345")))
        add(.claims, 114, "The id under userId does not count", rules: id, flags: ["signer-bug"],
            token: ic(icClaims(("userId", .string(user)))), expect: .reject(.missingClaim))
        add(.claims, 115, "The id under Zendesk's and Sunshine's external_id does not count", rules: id, flags: ["signer-bug"],
            token: ic(icClaims(("external_id", .string(user)))), expect: .reject(.missingClaim))
        add(.claims, 116, "The id under sub does not count", rules: id, flags: ["signer-bug"],
            token: ic(icClaims(("sub", .string(user)))), expect: .reject(.missingClaim))
        add(.claims, 117, "user_id twice: attacker, then victim (the last one counts)",
            rules: ["JWS-DUPLICATE-MEMBERS"] + type, flags: ["auth-bypass", "vendor-ambiguity"],
            token: Forge.sign(headerText: header,
                              payloadText: "{\"user_id\":\"attacker-1\",\"user_id\":\"victim-2\",\"iat\":\(defaultNow)}",
                              secret: TestKeys.intercomSecret),
            expect: .either("AMB-DUPLICATE-MEMBERS", .externalId("victim-2"), .malformed))
        add(.claims, 118, "Signed attributes of every JSON type beside user_id are ignored for identity",
            rules: id + ["ICM-ATTRIBUTES", "JWT-UNKNOWN-CLAIMS"], sources: [Source.icRails],
            token: ic(icClaims(("user_id", .string(user)), ("name", "Jane Doe"), ("plan", ["tier": "pro", "seats": 5]),
                               ("tags", ["a", "b"]), ("trial", false), ("company_id", .null))),
            expect: .accept(who))
        add(.claims, 120, "Signed attributes alone (name and custom data, no user_id) name nobody",
            rules: id + ["ICM-ATTRIBUTES"], flags: ["auth-bypass"],
            token: ic(icClaims(("name", "Jane Doe"), ("custom_attributes", ["account_id": .string(user)]))),
            expect: .reject(.missingClaim))
        add(.claims, 119, "user_id spelt User_id is a different claim", rules: id + ["JWT-STRING-EXACT"],
            token: ic(icClaims(("User_id", .string(user)))), expect: .reject(.missingClaim))
    }

    // MARK: - Timing

    private mutating func addIntercomTimingCases() {
        let unchecked = ["ICM-IAT-UNCHECKED"]
        let exp = ["ICM-EXP"]
        let who = Identity.externalId(Self.icUser)
        let now = defaultNow
        func iat(_ value: JSONValue?) -> String {
            ic(icClaims(("user_id", .string(Self.icUser)), iat: nil).with("iat", value))
        }
        func expiring(_ value: JSONValue) -> String {
            ic(icClaims(("user_id", .string(Self.icUser))).with("exp", value))
        }

        add(.timing, 101, "No iat and no exp, as the Rails gem signs without an expiry: valid, never expires", rules: unchecked,
            sources: [Source.icRails], token: iat(nil), expect: .accept(who), decided: "AMB-IC-IAT-NBF")
        add(.timing, 102, "iat a year old and no exp: still valid", rules: unchecked,
            token: iat(Forge.int(now - 31_536_000)), expect: .accept(who), decided: "AMB-IC-IAT-NBF")
        add(.timing, 103, "iat an hour in the future", rules: unchecked, flags: ["vendor-ambiguity"],
            token: iat(Forge.int(now + 3600)), expect: .either("AMB-IC-IAT-NBF", who, .issuedAtOutOfWindow))
        add(.timing, 104, "iat is null", rules: unchecked, flags: ["vendor-ambiguity"],
            token: iat(.null), expect: .either("AMB-IC-IAT-NBF", who, .invalidClaimType))
        add(.timing, 105, "exp a minute ago", rules: exp, token: expiring(Forge.int(now - 60)), expect: .reject(.expired))
        add(.timing, 106, "exp exactly now", rules: exp + ["JWT-EXP"], flags: ["boundary"],
            token: expiring(Forge.int(now)), expect: .reject(.expired))
        add(.timing, 107, "exp one second after now", rules: exp + ["JWT-EXP"], flags: ["boundary"],
            token: expiring(Forge.int(now + 1)), expect: .accept(who))
        add(.timing, 108, "exp an hour ahead, a session-length expiry", rules: exp, sources: [Source.icDevWebPractices],
            token: expiring(Forge.int(now + 3600)), expect: .accept(who))
        add(.timing, 109, "nbf an hour ahead: not yet valid", rules: unchecked + ["JWT-NBF"],
            token: ic(icClaims(("user_id", .string(Self.icUser))).with("nbf", Forge.int(now + 3600))),
            expect: .reject(.notYetValid), decided: "AMB-IC-IAT-NBF")
        add(.timing, 110, "nbf exactly now: valid from that second", rules: unchecked + ["JWT-NBF"], flags: ["boundary"],
            token: ic(icClaims(("user_id", .string(Self.icUser))).with("nbf", Forge.int(now))),
            expect: .accept(who), decided: "AMB-IC-IAT-NBF")
        add(.timing, 111, "iat a year old with exp an hour ahead: exp alone decides", rules: unchecked + exp,
            token: ic(icClaims(("user_id", .string(Self.icUser)), iat: now - 31_536_000).with("exp", Forge.int(now + 3600))),
            expect: .accept(who))
    }

    // MARK: - Precedence

    private mutating func addIntercomPrecedenceCases() {
        let precedence = ["ICM-ID-PRECEDENCE"]
        let order = ["JWS-REASON-ORDER"]
        let multi = ["multi-defect"]
        let user = Self.icUser
        let who = Identity.externalId(user)
        let expiredAt = defaultNow - 60

        add(.precedence, 101, "email before user_id: user_id names the user", rules: precedence,
            token: ic(icClaims(("email", .string(Self.icEmail)), ("user_id", .string(user)))), expect: .accept(who))
        add(.precedence, 102, "user_id before email: user_id names the user", rules: precedence,
            token: ic(icClaims(("user_id", .string(user)), ("email", .string(Self.icEmail)))), expect: .accept(who))
        add(.precedence, 103, "Another user's email beside user_id: still user_id's user", rules: precedence + ["ICM-ATTRIBUTES"],
            sources: [Source.icHelpDup],
            token: ic(icClaims(("user_id", .string(user)), ("email", "victim@example.com"))), expect: .accept(who))
        add(.precedence, 104, "A valid email beside an empty user_id: the email never stands in", rules: precedence + ["ICM-ID-CLAIM"],
            token: ic(icClaims(("email", .string(Self.icEmail)), ("user_id", ""))),
            expect: .reject(.invalidClaimValue), decided: "AMB-IC-EMAIL-ONLY")
        add(.precedence, 105, "A valid email beside a null user_id", rules: precedence + ["ICM-ID-TYPE"],
            token: ic(icClaims(("email", .string(Self.icEmail)), ("user_id", .null))),
            expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.precedence, 106, "A valid email beside an integer user_id: refused, or the integer's digits name the user",
            rules: precedence + ["ICM-ID-TYPE"], flags: ["vendor-ambiguity"],
            token: ic(icClaims(("email", .string(Self.icEmail)), ("user_id", 42))),
            expect: .either("AMB-IC-USERID-TYPE", .externalId("42"), .invalidClaimType))
        add(.precedence, 107, "Signed with another secret and expired: bad-signature comes first",
            rules: order + ["ICM-KEY", "JWS-SIGNATURE", "ICM-EXP"], flags: multi,
            token: ic(icClaims(("user_id", .string(user))).with("exp", Forge.int(expiredAt)), secret: TestKeys.attackerSecret),
            expect: .reject(.badSignature))
        add(.precedence, 108, "email only and expired: missing-claim comes first",
            rules: order + ["ICM-ID-CLAIM", "ICM-EXP"], flags: multi,
            token: ic(icClaims(("email", .string(Self.icEmail))).with("exp", Forge.int(expiredAt))), expect: .reject(.missingClaim))
        add(.precedence, 109, "An integer user_id and expired: refused either way",
            rules: order + ["ICM-ID-TYPE", "ICM-EXP"], flags: multi,
            token: ic(icClaims(("user_id", 42)).with("exp", Forge.int(expiredAt))),
            expect: .reject(.invalidClaimType, .expired), decided: "AMB-IC-USERID-TYPE")
        add(.precedence, 110, "alg none and no user_id: the header stage comes first",
            rules: order + ["JWS-ALG-NONE", "ICM-ID-CLAIM"], flags: multi,
            token: Forge.unsecured(vendor.header.with("alg", "none"), icClaims(("email", .string(Self.icEmail)))),
            expect: .reject(.algorithmNotAllowed))
    }

    // MARK: - Vendor shapes

    private mutating func addIntercomVendorShapes() {
        let sample = ["vendor-sample"]
        let ios = [Source.icDevIOSGenerate]
        let later = defaultNow + 3600
        let iosShape = JSONObject([("user_id", .string(Self.icUser)), ("email", .string(Self.icEmail)), ("exp", Forge.int(later))])

        add(.vendorShapes, 1, "The iOS page's token: user_id, email and exp, no iat",
            rules: ["ICM-HDR-ALG", "ICM-ID-CLAIM", "ICM-ID-PRECEDENCE", "ICM-EXP", "ICM-IAT-UNCHECKED"], sources: ios, flags: sample,
            token: ic(iosShape), expect: .accept(vendor.identity))
        add(.vendorShapes, 2, "The iOS page's token at exactly its exp", rules: ["ICM-EXP", "JWT-EXP"], sources: ios,
            flags: sample + ["boundary"], now: later, token: ic(iosShape), expect: .reject(.expired))
        add(.vendorShapes, 3, "The Rails gem's token without a configured expiry: user_id and email only",
            rules: ["ICM-ID-CLAIM", "ICM-IAT-UNCHECKED"], sources: [Source.icRails], flags: sample,
            token: ic(JSONObject([("user_id", .string(Self.icUser)), ("email", .string(Self.icEmail))])),
            expect: .accept(vendor.identity))
        add(.vendorShapes, 4, "The Rails example signing current_user.id, an integer", rules: ["ICM-ID-TYPE"],
            sources: [Source.icFinSalesforce], flags: sample + ["vendor-ambiguity", "signer-bug"],
            token: ic(JSONObject([("user_id", 1042), ("email", .string(Self.icEmail)), ("exp", Forge.int(later))])),
            expect: .either("AMB-IC-USERID-TYPE", .externalId("1042"), .invalidClaimType))
        add(.vendorShapes, 5, "Signed attributes as the vendor describes them: user_id, email, name and custom data",
            rules: ["ICM-ID-CLAIM", "ICM-ATTRIBUTES"], sources: [Source.icDevIOSGenerate, Source.icRails], flags: sample,
            token: ic(JSONObject([
                ("user_id", .string(Self.icUser)), ("email", .string(Self.icEmail)), ("name", "Jane Doe"),
                ("custom_attributes", ["plan": "pro"]), ("exp", Forge.int(later)),
            ])),
            expect: .accept(vendor.identity))
        add(.vendorShapes, 6, "A token identifying by email alone, as the REST API would match a contact",
            rules: ["ICM-ID-CLAIM", "ICM-ATTRIBUTES"], sources: [Source.icHelpUserID, Source.icHelpJWTJa], flags: ["signer-bug", "auth-bypass"],
            token: ic(JSONObject([("email", .string(Self.icEmail)), ("name", "Jane Doe"), ("exp", Forge.int(later))])),
            expect: .reject(.missingClaim), decided: "AMB-IC-EMAIL-ONLY")
        add(.vendorShapes, 7, "A Kustomer-shaped token (externalId) signed with the Messenger secret", rules: ["ICM-ID-CLAIM"],
            sources: [Source.kusIOSPayloads], flags: ["signer-bug"],
            token: ic(JSONObject([("externalId", .string(Self.icUser)), ("iat", Forge.int(defaultNow))])),
            expect: .reject(.missingClaim))
        add(.vendorShapes, 8, "A Zendesk-shaped token (kid, scope user, external_id) signed with the Messenger secret",
            rules: ["ICM-ID-CLAIM", "ICM-KEY"], sources: [Source.icZendeskShape], flags: ["signer-bug"],
            token: ic(JSONObject([("scope", "user"), ("external_id", .string(Self.icUser)), ("iat", Forge.int(defaultNow))]),
                      header: vendor.header.with("kid", "app_65a1f0c2d3e4b50012ab34cd")),
            expect: .reject(.missingClaim))
    }

    // MARK: - Signer

    private mutating func addIntercomSignerCases() {
        let header: JSONObject = ["alg": "HS256", "typ": "JWT"]
        let base = ["ICM-SGN-HEADER", "ICM-SGN-IDENTITY", "ICM-SGN-TIME", "ICM-HDR-ALG", "ICM-HDR-TYP",
                    "JWS-HMAC-KEY-BYTES", "JWS-BASE64URL-STRICT"]
        let now = Forge.int(defaultNow)
        let user = Self.icUser

        sign(1, "A user known by user_id", rules: base,
             subject: Subject(externalId: user), header: header,
             claims: ["user_id": .string(user), "iat": now], identity: .externalId(user))
        sign(2, "A user known by user_id and email: the email is not written and does not name the user", rules: base,
             subject: Subject(externalId: user, email: Self.icEmail), header: header,
             claims: ["user_id": .string(user), "iat": now], identity: .externalId(user))
        sign(3, "A numeric id (\"1042\") is written as a JSON string, never a number", rules: base, flags: ["signer-bug"],
             subject: Subject(externalId: "1042"), header: header,
             claims: ["user_id": "1042", "iat": now], identity: .externalId("1042"))
        sign(4, "A non-ASCII user_id is written byte for byte", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(externalId: "Jos\u{E9}-\u{1F600}-7"), header: header,
             claims: ["user_id": "Jos\u{E9}-\u{1F600}-7", "iat": now], identity: .externalId("Jos\u{E9}-\u{1F600}-7"))
        sign(5, "With a lifetime of 3600 s (a session-length expiry): exp is iat + 3600, an integer", rules: base,
             subject: Subject(externalId: user), lifetime: 3600, header: header,
             claims: ["user_id": .string(user), "iat": now, "exp": Forge.int(defaultNow + 3600)], identity: .externalId(user))
        sign(6, "Another clock (2^31 - 1) with a lifetime of one day: exp crosses 32 bits", rules: base, flags: ["boundary"],
             now: 2_147_483_647, subject: Subject(externalId: user), lifetime: 86_400, header: header,
             claims: ["user_id": .string(user), "iat": 2_147_483_647, "exp": 2_147_570_047], identity: .externalId(user))
        let long = String(String(repeating: "icm-user-31415926-", count: 20).prefix(300))
        sign(7, "A 300-character user_id is kept whole", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(externalId: long), header: header,
             claims: ["user_id": .string(long), "iat": now], identity: .externalId(long))
    }
}
