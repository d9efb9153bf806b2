import JWTConformance

extension TestKeys {
    static let kustomerSecret = "kustomer-test-secret-5a3f9c0e1b7d2468ace0"
}

/// Kustomer Chat as the generator sees it: its keys, customer, rule ids and cases.
enum KustomerCases: VendorCases {
    static func vendor(profile: ProfileDefinition) -> Vendor {
        Vendor(
            profile: profile,
            defaultGroup: KeyGroup(
                description: "the organisation's one Kustomer secret (no kid)",
                keys: [VerificationKey(kid: nil, secret: TestKeys.kustomerSecret)]
            ),
            signingKey: VerificationKey(kid: nil, secret: TestKeys.kustomerSecret),
            signerGroupDescription: "the organisation's Kustomer secret",
            header: ["alg": "HS256", "typ": "JWT"],
            identityClaim: "externalId",
            identityKind: .externalId,
            customer: "cust-2345678",
            fixedClaims: [:],
            identityMembers: [
                IdentityMember(code: 1, name: "externalId", kind: .externalId, valid: "cust-2345678",
                               rules: ["KUS-ID-CLAIMS", "KUS-ID-TYPE"], numberAmbiguity: "AMB-KUS-EXTERNALID-NUMBER"),
                IdentityMember(code: 2, name: "email", kind: .email, valid: "jane.doe@example.com",
                               rules: ["KUS-ID-CLAIMS", "KUS-ID-TYPE"], numberAmbiguity: nil),
            ],
            algorithmRule: "KUS-HDR-ALG",
            typeRule: "KUS-HDR-TYP",
            typeAbsentAmbiguity: "AMB-KUS-TYP-REQUIRED",
            typeOtherValueAmbiguity: nil,
            identityRules: ["KUS-ID-CLAIMS", "KUS-ID-TYPE"],
            precedenceRules: ["KUS-ID-PRECEDENCE"],
            precedenceAmbiguities: ["AMB-KUS-EMAIL-FALLBACK", "AMB-KUS-SHADOWED-EXTERNALID"],
            keyRules: ["KUS-KEY"],
            keyIDTypeAmbiguity: "AMB-KUS-KID-TYPE",
            issuedAtFutureAmbiguity: "AMB-KUS-IAT-FUTURE",
            expirationRules: ["JWT-EXP"],
            issuedAtRules: ["KUS-IAT-REQUIRED", "KUS-IAT-WINDOW"],
            signerRules: ["KUS-SGN-HEADER", "KUS-HDR-ALG", "KUS-HDR-TYP", "JWS-HMAC-KEY-BYTES", "JWS-BASE64URL-STRICT"],
            signerIdentityRule: "KUS-SGN-IDENTITY",
            signerTimeRule: "KUS-SGN-TIME"
        )
    }

    static func addCases(to book: inout CaseBook) { book.addKustomerCases() }
    static var rules: [RuleDefinition] { Catalogue.kustomerRules }
    static var ambiguities: [AmbiguityDefinition] { Catalogue.kustomerAmbiguities }
    static var sessionRules: [RuleDefinition] { SessionCatalogue.kustomer }
}

/// Kustomer Chat: the cases that follow from the Kustomer documents (seeds 000–003).
///
/// Profile-specific verifier cases are numbered from 101 in the categories the baseline
/// shares; vendor-shape and signer cases from 1.
extension CaseBook {
    mutating func addKustomerCases() {
        addKustomerHeaderCases()
        addKustomerClaimCases()
        addKustomerTimingCases()
        addKustomerPrecedenceCases()
        addKustomerVendorShapes()
        addKustomerSignerCases()
    }

    private static let email = "jane.doe@example.com"

    /// `{"alg":"HS256","typ":"JWT"}` over the given claims.
    private func kus(_ claims: JSONObject, secret: String = TestKeys.kustomerSecret) -> String {
        Forge.sign(vendor.header, claims, secret: secret)
    }

    /// Claims `{…identity members…, "iat": now}`.
    private func claims(_ members: (String, JSONValue)..., iat: Int64 = defaultNow) -> JSONObject {
        var object = JSONObject(members)
        object.append(key: "iat", value: Forge.int(iat))
        return object
    }

    // MARK: - Header

    private mutating func addKustomerHeaderCases() {
        add(.header, 101, "A kid in a Kustomer header is ignored: the organisation's one secret verifies the token",
            rules: ["KUS-KEY", "JWS-HEADER-UNKNOWN"],
            token: Forge.sign(vendor.header.with("kid", "org-key-1"), vendor.payload(), secret: TestKeys.kustomerSecret),
            expect: .accept(vendor.identity))
    }

    // MARK: - Claims

    private mutating func addKustomerClaimCases() {
        let id = ["KUS-ID-CLAIMS"]
        let type = ["KUS-ID-TYPE"]
        let externalId = Identity.externalId("cust-2345678")

        add(.claims, 101, "externalId alone names the customer", rules: id + type,
            token: kus(claims(("externalId", "cust-2345678"))), expect: .accept(externalId))
        add(.claims, 102, "Neither externalId nor email: only iat", rules: id, flags: ["auth-bypass"],
            token: kus(claims()), expect: .reject(.missingClaim))
        add(.claims, 103, "externalId is the empty string", rules: type,
            token: kus(claims(("externalId", ""))), expect: .reject(.invalidClaimValue))
        add(.claims, 104, "externalId is null", rules: type,
            token: kus(claims(("externalId", .null))), expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.claims, 105, "externalId is the JSON number 2345678 (as one Android sample writes it)", rules: type,
            flags: ["signer-bug", "vendor-ambiguity"],
            token: kus(claims(("externalId", 2_345_678))),
            expect: .either("AMB-KUS-EXTERNALID-NUMBER", .externalId("2345678"), .invalidClaimType))
        add(.claims, 106, "externalId is an array holding the identifier", rules: type,
            token: kus(claims(("externalId", ["cust-2345678"]))), expect: .reject(.invalidClaimType))
        add(.claims, 107, "externalId is an object holding the identifier", rules: type,
            token: kus(claims(("externalId", ["id": "cust-2345678"]))), expect: .reject(.invalidClaimType))
        add(.claims, 108, "externalId is the boolean true", rules: type, flags: ["auth-bypass"],
            token: kus(claims(("externalId", true))), expect: .reject(.invalidClaimType))
        add(.claims, 109, "externalId is the numeric-looking string \"12345\"", rules: type,
            token: kus(claims(("externalId", "12345"))), expect: .accept(.externalId("12345")))
        add(.claims, 110, "externalId is the number 9007199254740993 (2^53 + 1): an acceptance must keep every digit",
            rules: type + ["JWT-STRING-EXACT"], flags: ["signer-bug", "vendor-ambiguity", "boundary"],
            token: kus(claims(("externalId", Forge.number("9007199254740993")))),
            expect: .either("AMB-KUS-EXTERNALID-NUMBER", .externalId("9007199254740993"), .invalidClaimType))
        add(.claims, 111, "externalId is the number 2345678.0, which has no single text form", rules: type,
            flags: ["signer-bug"],
            token: kus(claims(("externalId", Forge.number("2345678.0")))),
            expect: .reject(.invalidClaimType), decided: "AMB-KUS-EXTERNALID-NUMBER")
        add(.claims, 112, "externalId is the number 2.345678e6, which has no single text form", rules: type,
            flags: ["signer-bug"],
            token: kus(claims(("externalId", Forge.number("2.345678e6")))),
            expect: .reject(.invalidClaimType), decided: "AMB-KUS-EXTERNALID-NUMBER")

        add(.claims, 121, "email alone names the customer", rules: id + type,
            token: kus(claims(("email", .string(Self.email)))), expect: .accept(.email(Self.email)))
        add(.claims, 122, "email is the empty string", rules: type,
            token: kus(claims(("email", ""))), expect: .reject(.invalidClaimValue))
        add(.claims, 123, "email is null", rules: type,
            token: kus(claims(("email", .null))), expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.claims, 124, "email is the number 12345", rules: type,
            token: kus(claims(("email", 12345))), expect: .reject(.invalidClaimType))
        add(.claims, 125, "email is an array holding the address", rules: type,
            token: kus(claims(("email", [.string(Self.email)]))), expect: .reject(.invalidClaimType))
        add(.claims, 126, "email is an object holding the address", rules: type,
            token: kus(claims(("email", ["address": .string(Self.email)]))), expect: .reject(.invalidClaimType))
        add(.claims, 127, "email is the boolean false", rules: type,
            token: kus(claims(("email", false))), expect: .reject(.invalidClaimType))
        add(.claims, 128, "email in mixed case is resolved exactly as written, not lower-cased", rules: type + ["JWT-STRING-EXACT"],
            token: kus(claims(("email", "Jane.Doe@Example.COM"))), expect: .accept(.email("Jane.Doe@Example.COM")))
        add(.claims, 129, "A non-ASCII email address (\"josé@exämple.com\")", rules: type + ["JWT-STRING-EXACT"],
            token: kus(claims(("email", "jos\u{E9}@ex\u{E4}mple.com"))), expect: .accept(.email("jos\u{E9}@ex\u{E4}mple.com")))
        let header = Forge.text(vendor.header)
        add(.claims, 130, "email appears twice: attacker, then victim (the last one counts)",
            rules: ["JWS-DUPLICATE-MEMBERS"] + type, flags: ["auth-bypass", "vendor-ambiguity"],
            token: Forge.sign(headerText: header,
                              payloadText: "{\"email\":\"attacker@example.com\",\"email\":\"victim@example.com\",\"iat\":\(defaultNow)}",
                              secret: TestKeys.kustomerSecret),
            expect: .either("AMB-DUPLICATE-MEMBERS", .email("victim@example.com"), .malformed))
        add(.claims, 131, "email appears twice: victim, then attacker (the last one counts)",
            rules: ["JWS-DUPLICATE-MEMBERS"] + type, flags: ["auth-bypass", "vendor-ambiguity"],
            token: Forge.sign(headerText: header,
                              payloadText: "{\"email\":\"victim@example.com\",\"email\":\"attacker@example.com\",\"iat\":\(defaultNow)}",
                              secret: TestKeys.kustomerSecret),
            expect: .either("AMB-DUPLICATE-MEMBERS", .email("attacker@example.com"), .malformed))
        add(.claims, 132, "The identifier under Sunshine's claim name external_id does not count", rules: id,
            flags: ["signer-bug"], token: kus(claims(("external_id", "cust-2345678")).prepending("scope", "user")),
            expect: .reject(.missingClaim))
        add(.claims, 133, "The identifier under userId (the SDKs' parameter name) does not count", rules: id,
            sources: [Source.kusIOSPayloads, Source.factsKustomer], flags: ["signer-bug"],
            token: kus(claims(("userId", "cust-2345678"))), expect: .reject(.missingClaim))
        add(.claims, 134, "Email spelt with a capital E is a different claim", rules: id + ["JWT-STRING-EXACT"],
            token: kus(claims(("Email", .string(Self.email)))), expect: .reject(.missingClaim))
    }

    // MARK: - Timing

    private mutating func addKustomerTimingCases() {
        let window = ["KUS-IAT-WINDOW"]
        let now = defaultNow
        let who = vendor.identity
        func iat(_ value: JSONValue) -> String { kus(vendor.payload().with("iat", value)) }

        add(.timing, 101, "iat exactly now, in seconds", rules: window + ["KUS-IAT-REQUIRED", "KUS-IAT-SECONDS"], token: iat(Forge.int(now)), expect: .accept(who))
        add(.timing, 102, "iat 899 s before now", rules: window, flags: ["boundary"],
            token: iat(Forge.int(now - 899)), expect: .accept(who), decided: "AMB-KUS-IAT-BOUNDARY")
        add(.timing, 103, "iat exactly 900 s before now (\"within\" vs \"under\" 15 minutes)", rules: window,
            flags: ["boundary", "vendor-ambiguity"], token: iat(Forge.int(now - 900)),
            expect: .either("AMB-KUS-IAT-BOUNDARY", who, .issuedAtOutOfWindow))
        add(.timing, 104, "iat 901 s before now", rules: window, flags: ["boundary"],
            token: iat(Forge.int(now - 901)), expect: .reject(.issuedAtOutOfWindow), decided: "AMB-KUS-IAT-BOUNDARY")
        add(.timing, 105, "iat 899 s after now", rules: window, flags: ["boundary", "vendor-ambiguity"],
            token: iat(Forge.int(now + 899)), expect: .either("AMB-KUS-IAT-FUTURE", who, .issuedAtOutOfWindow))
        add(.timing, 106, "iat exactly 900 s after now", rules: window, flags: ["boundary", "vendor-ambiguity"],
            token: iat(Forge.int(now + 900)), expect: .either("AMB-KUS-IAT-FUTURE", who, .issuedAtOutOfWindow))
        add(.timing, 107, "iat 901 s after now", rules: window, flags: ["boundary"],
            token: iat(Forge.int(now + 901)), expect: .reject(.issuedAtOutOfWindow), decided: "AMB-KUS-IAT-FUTURE")
        add(.timing, 108, "iat in milliseconds (now × 1000)", rules: window + ["KUS-IAT-SECONDS"],
            flags: ["signer-bug", "auth-bypass"], token: iat(Forge.int(now * 1000)), expect: .reject(.issuedAtOutOfWindow))
        add(.timing, 109, "iat as a string of digits (\"1700000000\"), as the guide's placeholder suggests",
            rules: window + ["JWT-NUMERICDATE"], flags: ["vendor-ambiguity", "signer-bug"],
            token: iat("1700000000"), expect: .either("AMB-NUMERICDATE-STRING", who, .invalidClaimType))
        add(.timing, 110, "iat as a string of digits 10 000 s old (\"1699990000\")",
            rules: window + ["JWT-NUMERICDATE"], flags: ["auth-bypass", "signer-bug"],
            token: iat("1699990000"),
            expect: .reject(.invalidClaimType, .issuedAtOutOfWindow, .missingClaim), decided: "AMB-NUMERICDATE-STRING")
        add(.timing, 111, "iat half a second after now (1700000000.5)", rules: window + ["JWT-NUMERICDATE"],
            flags: ["vendor-ambiguity"], token: iat(Forge.number("1700000000.5")),
            expect: .either("AMB-NUMERICDATE-FRACTION", who, .invalidClaimType, .issuedAtOutOfWindow))
        add(.timing, 112, "iat now written with a fraction (1700000000.0)", rules: window + ["JWT-NUMERICDATE"],
            flags: ["vendor-ambiguity"], token: iat(Forge.number("1700000000.0")),
            expect: .either("AMB-NUMERICDATE-FRACTION", who, .invalidClaimType))
        add(.timing, 113, "iat of -1", rules: window, token: iat(Forge.int(-1)), expect: .reject(.issuedAtOutOfWindow))
        add(.timing, 114, "iat of 1e300", rules: window + ["JWT-NUMERICDATE"], flags: ["robustness"],
            token: iat(Forge.number("1e300")),
            expect: .reject(.issuedAtOutOfWindow, .invalidClaimType), decided: "AMB-NUMERICDATE-RANGE")
        add(.timing, 115, "iat at the largest signed 64-bit integer", rules: window + ["JWT-NUMERICDATE"],
            flags: ["robustness"], token: iat(Forge.int(Int64.max)), expect: .reject(.issuedAtOutOfWindow))
        add(.timing, 116, "iat as a 40-digit integer", rules: window + ["JWT-NUMERICDATE"], flags: ["robustness"],
            token: iat(Forge.number("1234567890123456789012345678901234567890")),
            expect: .reject(.issuedAtOutOfWindow, .invalidClaimType), decided: "AMB-NUMERICDATE-RANGE")
        add(.timing, 117, "No iat at all: the token would never go stale", rules: ["KUS-IAT-REQUIRED"],
            flags: ["auth-bypass"], token: kus(vendor.payload().without("iat")), expect: .reject(.missingClaim))
        add(.timing, 118, "iat is null", rules: ["KUS-IAT-REQUIRED", "JWT-NUMERICDATE"],
            token: iat(.null), expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")
        add(.timing, 119, "iat is the boolean true", rules: ["JWT-NUMERICDATE"] + window,
            token: iat(true), expect: .reject(.invalidClaimType))
        add(.timing, 120, "iat 899.5 s before now (1699999100.5)", rules: window + ["JWT-NUMERICDATE"],
            flags: ["boundary", "vendor-ambiguity"], token: iat(Forge.number("1699999100.5")),
            expect: .either("AMB-NUMERICDATE-FRACTION", who, .invalidClaimType, .issuedAtOutOfWindow))
        add(.timing, 121, "iat 900.5 s before now (1699999099.5)", rules: window + ["JWT-NUMERICDATE"],
            flags: ["boundary"], token: iat(Forge.number("1699999099.5")),
            expect: .reject(.issuedAtOutOfWindow, .invalidClaimType), decided: "AMB-NUMERICDATE-FRACTION")
        add(.timing, 122, "iat at the smallest signed 64-bit integer (now − iat overflows)", rules: window + ["JWT-NUMERICDATE"],
            flags: ["robustness"], token: iat(Forge.int(Int64.min)), expect: .reject(.issuedAtOutOfWindow))
        add(.timing, 123, "iat 899 s before now and exp exactly now: exp still counts inside the window",
            rules: window + ["JWT-EXP"], flags: ["boundary"],
            token: kus(vendor.payload().with("iat", Forge.int(now - 899)).with("exp", Forge.int(now))),
            expect: .reject(.expired))
        add(.timing, 124, "iat an hour old with exp an hour ahead: exp does not widen the window",
            rules: window, flags: ["auth-bypass"],
            token: kus(vendor.payload().with("iat", Forge.int(now - 3600)).with("exp", Forge.int(now + 3600))),
            expect: .reject(.issuedAtOutOfWindow))
        add(.timing, 125, "iat a day ahead (a naive now − iat < 900 check accepts it)", rules: window,
            flags: ["auth-bypass"], token: iat(Forge.int(now + 86_400)),
            expect: .reject(.issuedAtOutOfWindow), decided: "AMB-KUS-IAT-FUTURE")
        add(.timing, 126, "iat a day old (a replayed token)", rules: window, flags: ["auth-bypass"],
            token: iat(Forge.int(now - 86_400)), expect: .reject(.issuedAtOutOfWindow))
    }

    // MARK: - Precedence

    private mutating func addKustomerPrecedenceCases() {
        let precedence = ["KUS-ID-PRECEDENCE"]
        let type = ["KUS-ID-TYPE"]
        let order = ["JWS-REASON-ORDER"]
        let email = Self.email
        let emailIdentity = Identity.email(email)
        let externalIdentity = Identity.externalId("cust-2345678")
        let fallback = "AMB-KUS-EMAIL-FALLBACK"
        let shadowed = "AMB-KUS-SHADOWED-EXTERNALID"

        add(.precedence, 101, "externalId, then email, as the web sample signs them: email wins", rules: precedence,
            token: kus(claims(("externalId", "cust-2345678"), ("email", .string(email)))), expect: .accept(emailIdentity))
        add(.precedence, 102, "email, then externalId: email wins", rules: precedence,
            token: kus(claims(("email", .string(email)), ("externalId", "cust-2345678"))), expect: .accept(emailIdentity))
        add(.precedence, 103, "externalId alone", rules: precedence + ["KUS-ID-CLAIMS"],
            token: kus(claims(("externalId", "cust-only-external"))), expect: .accept(.externalId("cust-only-external")))
        add(.precedence, 104, "email alone", rules: precedence + ["KUS-ID-CLAIMS"],
            token: kus(claims(("email", "only.email@example.com"))), expect: .accept(.email("only.email@example.com")))

        add(.precedence, 105, "email is empty and externalId is valid", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", ""), ("externalId", "cust-2345678"))),
            expect: .either(fallback, externalIdentity, .invalidClaimValue))
        add(.precedence, 106, "email is null and externalId is valid", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", .null), ("externalId", "cust-2345678"))),
            expect: .either(fallback, externalIdentity, .invalidClaimType))
        add(.precedence, 107, "email is a number and externalId is valid", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", 42), ("externalId", "cust-2345678"))),
            expect: .either(fallback, externalIdentity, .invalidClaimType))
        add(.precedence, 108, "email is an array and externalId is valid", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", [.string(email)]), ("externalId", "cust-2345678"))),
            expect: .either(fallback, externalIdentity, .invalidClaimType))
        add(.precedence, 109, "email is valid and externalId is empty", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", .string(email)), ("externalId", ""))),
            expect: .either(shadowed, emailIdentity, .invalidClaimValue))
        add(.precedence, 110, "email is valid and externalId is null", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", .string(email)), ("externalId", .null))),
            expect: .either(shadowed, emailIdentity, .invalidClaimType))
        add(.precedence, 111, "email is valid and externalId is the number 2345678", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", .string(email)), ("externalId", 2_345_678))),
            expect: .either(shadowed, emailIdentity, .invalidClaimType))
        add(.precedence, 112, "email is valid and externalId is an array", rules: precedence + type,
            flags: ["vendor-ambiguity"],
            token: kus(claims(("email", .string(email)), ("externalId", ["cust-2345678"]))),
            expect: .either(shadowed, emailIdentity, .invalidClaimType))
        add(.precedence, 113, "email and externalId are both empty: nothing names the customer", rules: precedence + type,
            flags: ["auth-bypass"],
            token: kus(claims(("email", ""), ("externalId", ""))), expect: .reject(.invalidClaimValue))
        add(.precedence, 114, "email and externalId are both null", rules: precedence + type,
            token: kus(claims(("email", .null), ("externalId", .null))),
            expect: .reject(.invalidClaimType, .missingClaim), decided: "AMB-NULL-CLAIM")

        add(.precedence, 115, "iat 10 000 s old and signed with another secret: bad-signature comes first",
            rules: order + ["JWS-SIGNATURE", "KUS-IAT-WINDOW"], flags: ["multi-defect"],
            token: kus(vendor.payload().with("iat", Forge.int(defaultNow - 10_000)), secret: TestKeys.attackerSecret),
            expect: .reject(.badSignature))
        add(.precedence, 116, "No iat and expired: missing-claim comes first",
            rules: order + ["KUS-IAT-REQUIRED", "JWT-EXP"], flags: ["multi-defect"],
            token: kus(vendor.payload().without("iat").with("exp", Forge.int(defaultNow - 60))),
            expect: .reject(.missingClaim))
        add(.precedence, 117, "iat 10 000 s old and expired: both are time defects, either reason",
            rules: order + ["KUS-IAT-WINDOW", "JWT-EXP"], flags: ["multi-defect"],
            token: kus(vendor.payload().with("iat", Forge.int(defaultNow - 10_000)).with("exp", Forge.int(defaultNow - 60))),
            expect: .reject(.issuedAtOutOfWindow, .expired))
        add(.precedence, 118, "typ JWS and signed with another secret: invalid-header comes first",
            rules: order + ["KUS-HDR-TYP", "JWS-SIGNATURE"], flags: ["multi-defect"],
            token: Forge.sign(vendor.header.with("typ", "JWS"), vendor.payload(), secret: TestKeys.attackerSecret),
            expect: .reject(.invalidHeader))
        add(.precedence, 119, "externalId is an array and iat is 10 000 s old: invalid-claim-type comes first",
            rules: order + type + ["KUS-IAT-WINDOW"], flags: ["multi-defect"],
            token: kus(claims(("externalId", ["cust-2345678"]), iat: defaultNow - 10_000)),
            expect: .reject(.invalidClaimType))
        add(.precedence, 120, "email empty, externalId valid, and expired: refused either way",
            rules: order + precedence + type + ["JWT-EXP"], flags: ["multi-defect", "vendor-ambiguity"],
            token: kus(claims(("email", ""), ("externalId", "cust-2345678")).with("exp", Forge.int(defaultNow - 60))),
            expect: .reject(.invalidClaimValue, .expired), decided: fallback)
    }

    // MARK: - Vendor shapes

    private mutating func addKustomerVendorShapes() {
        let sample = ["vendor-sample"]
        let iosIssuedAt: Int64 = 1_629_143_521
        let iosSample = Forge.sign(
            headerText: "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            payloadText: "{\"externalId\":\"2345678\",\"iat\":\(iosIssuedAt)}", secret: TestKeys.kustomerSecret)
        let iosSources = [Source.factsKustomer, Source.kusIOSHeader, Source.kusIOSPayloads]
        add(.vendorShapes, 1, "The iOS sample app's token (re-signed with the test secret), one minute after its iat",
            rules: ["KUS-HDR-ALG", "KUS-ID-CLAIMS", "KUS-IAT-WINDOW"], sources: iosSources, flags: sample,
            now: iosIssuedAt + 60, token: iosSample, expect: .accept(.externalId("2345678")))
        add(.vendorShapes, 2, "The iOS sample app's token a day after its iat: stale",
            rules: ["KUS-IAT-WINDOW"], sources: iosSources, flags: sample,
            now: iosIssuedAt + 86_400, token: iosSample, expect: .reject(.issuedAtOutOfWindow))
        add(.vendorShapes, 3, "The iOS sample app's token exactly 15 minutes after its iat",
            rules: ["KUS-IAT-WINDOW"], sources: iosSources, flags: sample + ["boundary", "vendor-ambiguity"],
            now: iosIssuedAt + 900, token: iosSample,
            expect: .either("AMB-KUS-IAT-BOUNDARY", .externalId("2345678"), .issuedAtOutOfWindow))
        add(.vendorShapes, 4, "The web sample server's shape: externalId, email and iat together (email wins)",
            rules: ["KUS-ID-PRECEDENCE", "KUS-HDR-TYP"], sources: [Source.factsKustomer, Source.kusWebNode],
            flags: sample,
            token: kus(claims(("externalId", "cust-web-1001"), ("email", "web.sample@example.com"))),
            expect: .accept(.email("web.sample@example.com")))
        add(.vendorShapes, 5, "The Android sample's shape: externalId written as a random JSON integer",
            rules: ["KUS-ID-TYPE"], sources: [Source.factsKustomer], flags: sample + ["signer-bug", "vendor-ambiguity"],
            token: kus(claims(("externalId", 48_213_977))),
            expect: .either("AMB-KUS-EXTERNALID-NUMBER", .externalId("48213977"), .invalidClaimType))
        add(.vendorShapes, 6, "The guide's node jsonwebtoken example: externalId \"user_id\" plus the iat jsonwebtoken adds",
            rules: ["KUS-HDR-ALG", "KUS-HDR-TYP", "KUS-ID-CLAIMS"], sources: [Source.kusIOSNode, Source.kusWebNode],
            flags: sample, token: kus(claims(("externalId", "user_id"))), expect: .accept(.externalId("user_id")))
        add(.vendorShapes, 7, "The guide's payload taken literally: iat is the string \"CURRENT_TIME_UTC_IN_SECONDS\"",
            rules: ["JWT-NUMERICDATE", "KUS-IAT-REQUIRED"], sources: [Source.kusWebPayloads],
            flags: sample + ["signer-bug", "auth-bypass"],
            token: kus(JSONObject([("externalId", "user_id"), ("iat", "CURRENT_TIME_UTC_IN_SECONDS")])),
            expect: .reject(.invalidClaimType, .missingClaim, .issuedAtOutOfWindow), decided: "AMB-NUMERICDATE-STRING")
        add(.vendorShapes, 8, "A public v2 gist's payload taken literally: iat is the string \"CURRENT_TIME_UTC\"",
            rules: ["JWT-NUMERICDATE", "KUS-IAT-REQUIRED"], sources: [Source.factsKustomer],
            flags: sample + ["signer-bug", "auth-bypass"],
            token: kus(JSONObject([("email", .string(Self.email)), ("iat", "CURRENT_TIME_UTC")])),
            expect: .reject(.invalidClaimType, .missingClaim, .issuedAtOutOfWindow), decided: "AMB-NUMERICDATE-STRING")
        add(.vendorShapes, 9, "A header written typ first ({\"typ\":\"JWT\",\"alg\":\"HS256\"}), as some libraries do",
            rules: ["KUS-HDR-ALG", "KUS-HDR-TYP", "JWS-JSON-OBJECT"], sources: [Source.kusIOSHeader], flags: sample,
            token: Forge.sign(["typ": "JWT", "alg": "HS256"], claims(("email", .string(Self.email))), secret: TestKeys.kustomerSecret),
            expect: .accept(.email(Self.email)))
        add(.vendorShapes, 10, "jsonwebtoken with expiresIn of 15 minutes: externalId, iat and exp",
            rules: ["KUS-IAT-WINDOW", "JWT-EXP"], sources: [Source.kusWebNode], flags: sample,
            token: kus(claims(("externalId", "user_id")).with("exp", Forge.int(defaultNow + 900))),
            expect: .accept(.externalId("user_id")))
        add(.vendorShapes, 11, "A Sunshine-shaped token (kid, scope, external_id) signed with the Kustomer secret",
            rules: ["KUS-ID-CLAIMS", "KUS-KEY"], sources: [Source.kusIOSPayloads, Source.sunAuth], flags: ["signer-bug"],
            token: Forge.sign(vendor.header.with("kid", "app_5deaa3531c7f940010cc4ba4"),
                              claims(("scope", "user"), ("external_id", "user_id")), secret: TestKeys.kustomerSecret),
            expect: .reject(.missingClaim))
        add(.vendorShapes, 12, "The node example with Date.now() left in milliseconds",
            rules: ["KUS-IAT-SECONDS", "KUS-IAT-WINDOW"], sources: [Source.kusWebNode],
            flags: sample + ["signer-bug", "auth-bypass"],
            token: kus(claims(("externalId", "user_id"), iat: defaultNow * 1000 + 417)),
            expect: .reject(.issuedAtOutOfWindow))
    }

    // MARK: - Signer

    private mutating func addKustomerSignerCases() {
        let header: JSONObject = ["alg": "HS256", "typ": "JWT"]
        let base = ["KUS-SGN-HEADER", "KUS-SGN-IDENTITY", "KUS-SGN-TIME", "KUS-HDR-ALG", "KUS-HDR-TYP", "JWS-HMAC-KEY-BYTES",
                    "JWS-BASE64URL-STRICT"]
        let now = Forge.int(defaultNow)

        sign(1, "A customer known by externalId only", rules: base,
             subject: Subject(externalId: "cust-2345678"), header: header,
             claims: ["externalId": "cust-2345678", "iat": now], identity: .externalId("cust-2345678"))
        sign(2, "A customer known by email only", rules: base,
             subject: Subject(email: Self.email), header: header,
             claims: ["email": .string(Self.email), "iat": now], identity: .email(Self.email))
        sign(3, "A customer known by both: both claims are written and the email names the customer",
             rules: base,
             subject: Subject(externalId: "cust-2345678", email: Self.email), header: header,
             claims: ["email": .string(Self.email), "externalId": "cust-2345678", "iat": now], identity: .email(Self.email))
        sign(4, "A numeric-looking externalId (\"12345\") stays a JSON string", rules: base, flags: ["signer-bug"],
             subject: Subject(externalId: "12345"), header: header,
             claims: ["externalId": "12345", "iat": now], identity: .externalId("12345"))
        sign(5, "A non-ASCII externalId is written byte for byte", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(externalId: "Jos\u{E9}-\u{7528}\u{6237}-\u{1F600}"), header: header,
             claims: ["externalId": "Jos\u{E9}-\u{7528}\u{6237}-\u{1F600}", "iat": now],
             identity: .externalId("Jos\u{E9}-\u{7528}\u{6237}-\u{1F600}"))
        sign(6, "With a lifetime of 600 s: exp is iat + 600", rules: base,
             subject: Subject(externalId: "cust-2345678"), lifetime: 600, header: header,
             claims: ["externalId": "cust-2345678", "iat": now, "exp": Forge.int(defaultNow + 600)],
             identity: .externalId("cust-2345678"))
        sign(7, "Both identifiers and a lifetime of 900 s", rules: base,
             subject: Subject(externalId: "cust-2345678", email: Self.email), lifetime: 900, header: header,
             claims: ["email": .string(Self.email), "externalId": "cust-2345678", "iat": now, "exp": Forge.int(defaultNow + 900)],
             identity: .email(Self.email))
        sign(8, "A non-ASCII email address", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(email: "jos\u{E9}@ex\u{E4}mple.com"), header: header,
             claims: ["email": "jos\u{E9}@ex\u{E4}mple.com", "iat": now], identity: .email("jos\u{E9}@ex\u{E4}mple.com"))
        sign(9, "Another clock (the iOS sample's iat): iat follows the clock, in seconds", rules: base + ["KUS-IAT-SECONDS"],
             now: 1_629_143_521, subject: Subject(externalId: "2345678"), header: header,
             claims: ["externalId": "2345678", "iat": 1_629_143_521], identity: .externalId("2345678"))
        sign(10, "An externalId with a combining accent is not normalised", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(externalId: "Jose\u{301}"), header: header,
             claims: ["externalId": "Jose\u{301}", "iat": now], identity: .externalId("Jose\u{301}"))
        sign(11, "An email in mixed case is not lower-cased", rules: base + ["JWT-STRING-EXACT"],
             subject: Subject(email: "Jane.Doe@Example.COM"), header: header,
             claims: ["email": "Jane.Doe@Example.COM", "iat": now], identity: .email("Jane.Doe@Example.COM"))
    }
}
