import JWTReference
import Testing

/// Profile definitions and token helpers shared by the reference verifier and signer tests.
enum Fixtures {
    static let now: UnixTime = 1_700_000_000

    /// Kustomer-like: no kid, typ "JWT" optional, email over externalId, iat window 900/900.
    static let kustomer = ProfileDefinition(
        id: "kustomer-like",
        title: "Kustomer-like test profile",
        sources: [],
        algorithms: ["HS256"],
        header: HeaderRules(typ: "JWT", typRequired: false, keyIdRequired: false),
        identityClaims: [
            IdentityClaim(claim: "email", kind: .email), IdentityClaim(claim: "externalId", kind: .externalId),
        ],
        scope: nil,
        issuedAt: IssuedAtRule(required: true, maximumAge: 900, maximumFutureSkew: 900),
        expiration: ExpirationRule(honoured: true, required: false),
        notBefore: NotBeforeRule(honoured: true)
    )

    /// Sunshine-like: kid required, external_id, scope "user", no iat rule.
    static let sunshine = ProfileDefinition(
        id: "sunshine-like",
        title: "Sunshine-like test profile",
        sources: [],
        algorithms: ["HS256"],
        header: HeaderRules(typ: "JWT", typRequired: false, keyIdRequired: true),
        identityClaims: [IdentityClaim(claim: "external_id", kind: .externalId)],
        scope: ScopeRule(claim: "scope", value: "user"),
        issuedAt: nil,
        expiration: ExpirationRule(honoured: true, required: false),
        notBefore: NotBeforeRule(honoured: true)
    )

    static let kustomerKey = VerificationKey(secret: "kustomer-test-secret-0123456789abcdef")
    static let sunshineKey = VerificationKey(kid: "app_5f0e", secret: "sunshine-test-secret-abcdef0123456789")

    static let kustomerHeader: JSONObject = ["alg": "HS256", "typ": "JWT"]
    static let kustomerPayload: JSONObject = ["externalId": "user-1", "iat": .number(JSONNumber(now))]
    static let sunshineHeader: JSONObject = ["alg": "HS256", "typ": "JWT", "kid": "app_5f0e"]
    static let sunshinePayload: JSONObject = ["external_id": "user-1", "scope": "user"]

    static func token(_ header: JSONObject, _ payload: JSONObject, secret: String) -> String {
        CompactJWS.encode(header: header, payload: payload, key: Array(secret.utf8))
    }

    /// A Kustomer-like token with `edit` applied to the standard header and payload.
    static func kustomerToken(
        secret: String = kustomerKey.secret,
        _ edit: (inout JSONObject, inout JSONObject) -> Void = { _, _ in }
    ) -> String {
        var header = kustomerHeader
        var payload = kustomerPayload
        edit(&header, &payload)
        return token(header, payload, secret: secret)
    }

    /// A Sunshine-like token with `edit` applied to the standard header and payload.
    static func sunshineToken(
        secret: String = sunshineKey.secret,
        _ edit: (inout JSONObject, inout JSONObject) -> Void = { _, _ in }
    ) -> String {
        var header = sunshineHeader
        var payload = sunshinePayload
        edit(&header, &payload)
        return token(header, payload, secret: secret)
    }

    static func verifyKustomer(_ token: String, keys: [VerificationKey] = [kustomerKey], now: UnixTime = now)
        -> VerificationReport
    {
        ReferenceVerifier(profile: kustomer).verify(token, keys: keys, now: now)
    }

    static func verifySunshine(_ token: String, keys: [VerificationKey] = [sunshineKey], now: UnixTime = now)
        -> VerificationReport
    {
        ReferenceVerifier(profile: sunshine).verify(token, keys: keys, now: now)
    }

    /// A JSON number from its literal text.
    static func number(_ text: String) -> JSONValue {
        .number(JSONNumber(text: text)!)
    }

    static func number(offset: Int64) -> JSONValue {
        .number(JSONNumber(now + offset))
    }
}

/// One token the Kustomer-like or Sunshine-like verifier must reject for one reason.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var sunshine: Bool
    var header: JSONObject
    var payload: JSONObject
    var keys: [VerificationKey]?
    var secret: String?
    var reason: RejectionReason
    var check: Violation.Check

    var testDescription: String { name }

    static func kustomer(
        _ name: String, _ reason: RejectionReason, _ check: Violation.Check, keys: [VerificationKey]? = nil,
        secret: String? = nil, _ edit: (inout JSONObject, inout JSONObject) -> Void
    ) -> RejectionCase {
        var header = Fixtures.kustomerHeader
        var payload = Fixtures.kustomerPayload
        edit(&header, &payload)
        return RejectionCase(
            name: name, sunshine: false, header: header, payload: payload, keys: keys, secret: secret,
            reason: reason, check: check)
    }

    static func sunshine(
        _ name: String, _ reason: RejectionReason, _ check: Violation.Check, keys: [VerificationKey]? = nil,
        secret: String? = nil, _ edit: (inout JSONObject, inout JSONObject) -> Void
    ) -> RejectionCase {
        var header = Fixtures.sunshineHeader
        var payload = Fixtures.sunshinePayload
        edit(&header, &payload)
        return RejectionCase(
            name: name, sunshine: true, header: header, payload: payload, keys: keys, secret: secret,
            reason: reason, check: check)
    }

    static let all: [RejectionCase] = [
        .kustomer("alg none", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = "none" },
        .kustomer("alg None", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = "None" },
        .kustomer("alg hs256", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = "hs256" },
        .kustomer("alg HS384", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = "HS384" },
        .kustomer("alg HS512", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = "HS512" },
        .kustomer("alg RS256", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = "RS256" },
        .kustomer("alg missing", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = nil },
        .kustomer("alg number", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = 256 },
        .kustomer("alg array", .algorithmNotAllowed, .algorithm) { h, _ in h["alg"] = ["HS256"] },
        .kustomer("typ JWS", .invalidHeader, .type) { h, _ in h["typ"] = "JWS" },
        .kustomer("typ number", .invalidHeader, .type) { h, _ in h["typ"] = 1 },
        .kustomer("crit not understood", .invalidHeader, .critical) { h, _ in
            h["crit"] = ["exp"]
            h["exp"] = 1
        },
        .kustomer("crit empty", .invalidHeader, .critical) { h, _ in h["crit"] = [] },
        .kustomer("crit string", .invalidHeader, .critical) { h, _ in h["crit"] = "b64" },
        .kustomer("crit registered", .invalidHeader, .critical) { h, _ in h["crit"] = ["alg"] },
        .kustomer("crit number", .invalidHeader, .critical) { h, _ in h["crit"] = [1] },
        .kustomer("kid number", .invalidHeader, .keyId) { h, _ in h["kid"] = 7 },
        .sunshine("kid missing", .invalidHeader, .keyId) { h, _ in h["kid"] = nil },
        .sunshine("kid null", .invalidHeader, .keyId) { h, _ in h["kid"] = .null },
        .sunshine("kid unknown", .unknownKey, .keyLookup) { h, _ in h["kid"] = "app_other" },
        .sunshine("kid case differs", .unknownKey, .keyLookup) { h, _ in h["kid"] = "APP_5F0E" },
        .sunshine(
            "kid canonically equivalent only", .unknownKey, .keyLookup,
            keys: [VerificationKey(kid: "caf\u{E9}", secret: "s")]
        ) { h, _ in h["kid"] = "cafe\u{301}" },
        .kustomer("empty key set", .unknownKey, .keyLookup, keys: []) { _, _ in },
        .kustomer(
            "kid naming no key, signed by none of two keys", .badSignature, .signature,
            keys: [Fixtures.kustomerKey, VerificationKey(kid: "b", secret: "other")], secret: "third"
        ) { h, _ in h["kid"] = "c" },
        .kustomer("wrong secret", .badSignature, .signature, secret: "not-the-secret") { _, _ in },
        .kustomer("identity number", .invalidClaimType, .identity) { _, p in p["externalId"] = 42 },
        .kustomer("identity null", .invalidClaimType, .identity) { _, p in p["externalId"] = .null },
        .kustomer("identity empty", .invalidClaimValue, .identity) { _, p in p["externalId"] = "" },
        .kustomer("identity missing", .missingClaim, .identity) { _, p in p["externalId"] = nil },
        .kustomer("email wrong type beside valid externalId", .invalidClaimType, .identity) { _, p in
            p["email"] = ["a@example.com"]
        },
        .kustomer("valid email beside empty externalId", .invalidClaimValue, .identity) { _, p in
            p["email"] = "a@example.com"
            p["externalId"] = ""
        },
        .sunshine("external_id boolean", .invalidClaimType, .identity) { _, p in p["external_id"] = true },
        .sunshine("camelCase externalId only", .missingClaim, .identity) { _, p in
            p["external_id"] = nil
            p["externalId"] = "user-1"
        },
        .sunshine("scope missing", .missingClaim, .scope) { _, p in p["scope"] = nil },
        .sunshine("scope User", .invalidClaimValue, .scope) { _, p in p["scope"] = "User" },
        .sunshine("scope app", .invalidClaimValue, .scope) { _, p in p["scope"] = "app" },
        .sunshine("scope array", .invalidClaimType, .scope) { _, p in p["scope"] = ["user"] },
        .kustomer("iat missing", .missingClaim, .issuedAt) { _, p in p["iat"] = nil },
        .kustomer("iat string", .invalidClaimType, .issuedAt) { _, p in p["iat"] = "1700000000" },
        .sunshine("iat string without an iat rule", .invalidClaimType, .issuedAt) { _, p in p["iat"] = "1700000000" },
        .kustomer("iat old", .issuedAtOutOfWindow, .issuedAt) { _, p in p["iat"] = Fixtures.number(offset: -3_600) },
        .kustomer("exp string", .invalidClaimType, .expiration) { _, p in p["exp"] = "1700000100" },
        .kustomer("exp past", .expired, .expiration) { _, p in p["exp"] = Fixtures.number(offset: -60) },
        .sunshine("exp past", .expired, .expiration) { _, p in p["exp"] = Fixtures.number(offset: -60) },
        .kustomer("nbf string", .invalidClaimType, .notBefore) { _, p in p["nbf"] = "1700000000" },
        .kustomer("nbf future", .notYetValid, .notBefore) { _, p in p["nbf"] = Fixtures.number(offset: 60) },
    ]
}

@Suite("ReferenceVerifier")
struct ReferenceVerifierTests {
    // MARK: Acceptance

    @Test func kustomerAcceptsAValidToken() {
        let report = Fixtures.verifyKustomer(Fixtures.kustomerToken())
        #expect(report.verdict == .accept(.externalId("user-1")))
        #expect(report.identity == .externalId("user-1"))
        #expect(report.violations.isEmpty)
    }

    @Test func sunshineAcceptsAValidToken() {
        let report = Fixtures.verifySunshine(Fixtures.sunshineToken())
        #expect(report.verdict == .accept(.externalId("user-1")))
        #expect(report.violations.isEmpty)
    }

    @Test func emailTakesPrecedenceOverExternalId() {
        let token = Fixtures.kustomerToken { _, p in
            p = ["externalId": "user-1", "email": "ada@example.com", "iat": Fixtures.number(offset: 0)]
        }
        #expect(Fixtures.verifyKustomer(token).verdict == .accept(.email("ada@example.com")))
    }

    @Test func emailAloneIsAnIdentity() {
        let token = Fixtures.kustomerToken { _, p in
            p["externalId"] = nil
            p["email"] = "ada@example.com"
        }
        #expect(Fixtures.verifyKustomer(token).verdict == .accept(.email("ada@example.com")))
    }

    @Test(
        arguments: [
            ("typ absent", ["alg": "HS256"]),
            ("typ lowercase", ["alg": "HS256", "typ": "jwt"]),
            ("typ with media-type prefix", ["alg": "HS256", "typ": "application/JWT"]),
            ("unknown header member", ["alg": "HS256", "typ": "JWT", "x-vendor": ["a": 1]]),
            ("kid matching no key, one key", ["alg": "HS256", "typ": "JWT", "kid": "rotated"]),
        ] as [(String, JSONObject)])
    func kustomerAcceptsHeaderVariants(name: String, header: JSONObject) {
        let token = Fixtures.kustomerToken { h, _ in h = header }
        #expect(Fixtures.verifyKustomer(token).verdict == .accept(.externalId("user-1")), "\(name)")
    }

    @Test func unknownClaimsAreIgnored() {
        let token = Fixtures.kustomerToken { _, p in
            p["name"] = "Ada"
            p["custom"] = ["nested": [1, 2, .null]]
        }
        #expect(Fixtures.verifyKustomer(token).verdict == .accept(.externalId("user-1")))
    }

    @Test func iatIsOptionalWithoutAnIatRule() {
        let token = Fixtures.sunshineToken { _, p in p["iat"] = Fixtures.number(offset: -86_400 * 365) }
        #expect(Fixtures.verifySunshine(token).verdict == .accept(.externalId("user-1")))
    }

    // MARK: Each reason

    @Test(arguments: RejectionCase.all)
    func eachReasonIsReported(_ testCase: RejectionCase) {
        let profile = testCase.sunshine ? Fixtures.sunshine : Fixtures.kustomer
        let key = testCase.sunshine ? Fixtures.sunshineKey : Fixtures.kustomerKey
        let token = Fixtures.token(testCase.header, testCase.payload, secret: testCase.secret ?? key.secret)
        let report = ReferenceVerifier(profile: profile).verify(token, keys: testCase.keys ?? [key], now: Fixtures.now)
        #expect(report.verdict == .reject(testCase.reason))
        #expect(report.violations.first?.reason == testCase.reason)
        #expect(report.violations.first?.check == testCase.check)
        #expect(report.identity == nil)
        for violation in report.violations {
            #expect(!violation.message.isEmpty)
        }
    }

    @Test func missingKidNamesTheSunshineMessageAndFailsLookup() {
        let token = Fixtures.sunshineToken { h, _ in h["kid"] = nil }
        let report = Fixtures.verifySunshine(token)
        #expect(report.verdict == .reject(.invalidHeader))
        #expect(report.violations.map(\.check) == [.keyId, .keyLookup])
        #expect(report.violations.first?.message == "Missing key id (kid)")
    }

    @Test func requiredKidNeverFallsBackToAnotherKey() {
        let token = Fixtures.sunshineToken { h, _ in h["kid"] = "app_other" }
        let keys = [Fixtures.sunshineKey, VerificationKey(secret: Fixtures.sunshineKey.secret)]
        let report = Fixtures.verifySunshine(token, keys: keys)
        #expect(report.verdict == .reject(.unknownKey))
        #expect(report.violations.map(\.check) == [.keyLookup])
    }

    @Test func kidSelectsAmongSeveralKeys() {
        let keys = [
            VerificationKey(kid: "old", secret: "old-secret"), VerificationKey(kid: "new", secret: "new-secret"),
        ]
        let token = Fixtures.kustomerToken(secret: "new-secret") { h, _ in h["kid"] = "new" }
        #expect(Fixtures.verifyKustomer(token, keys: keys).verdict == .accept(.externalId("user-1")))

        let sunshineToken = Fixtures.sunshineToken(secret: "new-secret") { h, _ in h["kid"] = "new" }
        #expect(Fixtures.verifySunshine(sunshineToken, keys: keys).verdict == .accept(.externalId("user-1")))
    }

    /// Where the profile does not require `kid`, the verifier ignores it and tries every key.
    @Test func withoutRequiredKidEveryKeyIsTried() {
        let keys = [Fixtures.kustomerKey, VerificationKey(kid: "b", secret: "other")]
        #expect(Fixtures.verifyKustomer(Fixtures.kustomerToken(), keys: keys).verdict == .accept(.externalId("user-1")))
        let signedWithSecond = Fixtures.kustomerToken(secret: "other")
        #expect(Fixtures.verifyKustomer(signedWithSecond, keys: keys).verdict == .accept(.externalId("user-1")))
        let unknownHint = Fixtures.kustomerToken(secret: "other") { h, _ in h["kid"] = "retired" }
        #expect(Fixtures.verifyKustomer(unknownHint, keys: keys).verdict == .accept(.externalId("user-1")))
        let namingTheOtherKey = Fixtures.kustomerToken { h, _ in h["kid"] = "b" }
        #expect(Fixtures.verifyKustomer(namingTheOtherKey, keys: keys).verdict == .accept(.externalId("user-1")))
        let signedWithNeither = Fixtures.kustomerToken(secret: "third")
        #expect(Fixtures.verifyKustomer(signedWithNeither, keys: keys).verdict == .reject(.badSignature))
    }

    @Test func understoodCriticalExtensionIsAccepted() {
        var profile = Fixtures.kustomer
        profile.header.understoodCriticalParameters = ["ext"]
        let verifier = ReferenceVerifier(profile: profile)
        let accepted = Fixtures.kustomerToken { h, _ in
            h["crit"] = ["ext"]
            h["ext"] = true
        }
        #expect(
            verifier.verify(accepted, keys: [Fixtures.kustomerKey], now: Fixtures.now).verdict
                == .accept(.externalId("user-1")))
        let absent = Fixtures.kustomerToken { h, _ in h["crit"] = ["ext"] }
        #expect(
            verifier.verify(absent, keys: [Fixtures.kustomerKey], now: Fixtures.now).verdict == .reject(.invalidHeader))
    }

    /// A member name matches only its exact bytes: "é" in the profile is not "e\u0301" in a token.
    @Test func claimNamesMatchByteForByte() {
        var profile = Fixtures.kustomer
        profile.identityClaims = [IdentityClaim(claim: "\u{E9}", kind: .externalId)]
        let verifier = ReferenceVerifier(profile: profile)
        let exact = Fixtures.kustomerToken { _, p in p = ["\u{E9}": "user-1", "iat": .number(JSONNumber(Fixtures.now))] }
        let equivalent = Fixtures.kustomerToken { _, p in p = ["e\u{301}": "user-1", "iat": .number(JSONNumber(Fixtures.now))] }
        #expect(verifier.verify(exact, keys: [Fixtures.kustomerKey], now: Fixtures.now).verdict == .accept(.externalId("user-1")))
        #expect(verifier.verify(equivalent, keys: [Fixtures.kustomerKey], now: Fixtures.now).verdict == .reject(.missingClaim))
    }

    @Test func typIsRequiredWhenTheProfileSaysSo() {
        var profile = Fixtures.kustomer
        profile.header.typRequired = true
        let token = Fixtures.kustomerToken { h, _ in h["typ"] = nil }
        let report = ReferenceVerifier(profile: profile).verify(token, keys: [Fixtures.kustomerKey], now: Fixtures.now)
        #expect(report.verdict == .reject(.invalidHeader))
        #expect(report.violations.map(\.check) == [.type])
    }

    @Test func typIsIgnoredWhenTheProfileNamesNone() {
        var profile = Fixtures.kustomer
        profile.header.typ = nil
        let token = Fixtures.kustomerToken { h, _ in h["typ"] = 17 }
        let report = ReferenceVerifier(profile: profile).verify(token, keys: [Fixtures.kustomerKey], now: Fixtures.now)
        #expect(report.verdict == .accept(.externalId("user-1")))
    }

    @Test func allowedButUnimplementedAlgorithmIsRefused() {
        var profile = Fixtures.kustomer
        profile.algorithms = ["HS384", "HS256"]
        let token = Fixtures.kustomerToken { h, _ in h["alg"] = "HS384" }
        let report = ReferenceVerifier(profile: profile).verify(token, keys: [Fixtures.kustomerKey], now: Fixtures.now)
        #expect(report.verdict == .reject(.algorithmNotAllowed))
        #expect(report.violations.first?.message.contains("not implemented") == true)
    }

    enum SignatureAlteration: String, CaseIterable, Sendable {
        case truncated, empty, extended, bitFlipped

        func apply(to mac: [UInt8]) -> [UInt8] {
            switch self {
            case .truncated: Array(mac.prefix(31))
            case .empty: []
            case .extended: mac + [0]
            case .bitFlipped: [mac[0] ^ 1] + mac.dropFirst()
            }
        }
    }

    @Test(arguments: SignatureAlteration.allCases)
    func alteredSignaturesAreBad(alteration: SignatureAlteration) throws {
        let token = Fixtures.kustomerToken()
        let jws = try CompactJWS.decode(token)
        let altered =
            "\(jws.headerSegment).\(jws.payloadSegment).\(Base64URL.encode(alteration.apply(to: jws.signature)))"
        let report = Fixtures.verifyKustomer(altered)
        #expect(report.verdict == .reject(.badSignature))
        #expect(report.violations.map(\.check) == [.signature])
    }

    // MARK: Boundaries

    @Test(arguments: [
        (Int64(-901), false), (-900, true), (-1, true), (0, true), (1, true), (900, true), (901, false),
    ])
    func issuedAtWindowIsInclusive(offset: Int64, accepted: Bool) {
        let token = Fixtures.kustomerToken { _, p in p["iat"] = Fixtures.number(offset: offset) }
        let expected: Verdict = accepted ? .accept(.externalId("user-1")) : .reject(.issuedAtOutOfWindow)
        #expect(Fixtures.verifyKustomer(token).verdict == expected)
    }

    @Test(arguments: [(Int64(-1), false), (0, false), (1, true)])
    func tokenAtItsExpirationSecondIsExpired(offset: Int64, accepted: Bool) {
        let kustomer = Fixtures.kustomerToken { _, p in p["exp"] = Fixtures.number(offset: offset) }
        let sunshine = Fixtures.sunshineToken { _, p in p["exp"] = Fixtures.number(offset: offset) }
        let expected: Verdict = accepted ? .accept(.externalId("user-1")) : .reject(.expired)
        #expect(Fixtures.verifyKustomer(kustomer).verdict == expected)
        #expect(Fixtures.verifySunshine(sunshine).verdict == expected)
    }

    @Test(arguments: [(Int64(-1), true), (0, true), (1, false)])
    func notBeforeIsReachedAtItsSecond(offset: Int64, accepted: Bool) {
        let token = Fixtures.kustomerToken { _, p in p["nbf"] = Fixtures.number(offset: offset) }
        let expected: Verdict = accepted ? .accept(.externalId("user-1")) : .reject(.notYetValid)
        #expect(Fixtures.verifyKustomer(token).verdict == expected)
    }

    /// NumericDate literals of every shape, compared exactly and without trapping.
    @Test(
        arguments: [
            ("exp", "1700000000.5", nil),
            ("exp", "1699999999.5", RejectionReason.expired),
            ("exp", "1700000000.0", .expired),
            ("exp", "1.7e9", .expired),
            ("exp", "17000000000E-1", .expired),
            ("exp", "1700000000.0000000000000000001", nil),
            ("exp", "1699999999.9999999999999999999", .expired),
            ("exp", "1e300", nil),
            ("exp", "1E+99999999999999999999", nil),
            ("exp", "9223372036854775807", nil),
            ("exp", "9223372036854775808", nil),
            ("exp", "-9223372036854775808", .expired),
            ("exp", "-1", .expired),
            ("exp", "-0", .expired),
            ("exp", "0.0", .expired),
            ("exp", "1e-400", .expired),
            ("exp", String(repeating: "9", count: 400), nil),
            ("exp", "-" + String(repeating: "9", count: 400), .expired),
            ("exp", "-1e300", .expired),
            ("nbf", "1e300", .notYetValid),
            ("nbf", "1700000000.5", .notYetValid),
            ("nbf", "1699999999.5", nil),
            ("nbf", "-1e300", nil),
            ("nbf", String(repeating: "9", count: 400), .notYetValid),
            ("iat", "1e300", .issuedAtOutOfWindow),
            ("iat", "-1e300", .issuedAtOutOfWindow),
            ("iat", "-1", .issuedAtOutOfWindow),
            ("iat", "9223372036854775807", .issuedAtOutOfWindow),
            ("iat", String(repeating: "9", count: 400), .issuedAtOutOfWindow),
            ("iat", "1700000900.5", .issuedAtOutOfWindow),
            ("iat", "1700000899.5", nil),
            ("iat", "1699999099.5", .issuedAtOutOfWindow),
            ("iat", "1699999100.5", nil),
            ("iat", "1.7000009E9", nil),
            ("iat", "1.7000009000000001E9", .issuedAtOutOfWindow),
        ] as [(String, String, RejectionReason?)])
    func numericDatesAreComparedByValue(claim: String, literal: String, reason: RejectionReason?) {
        let token = Fixtures.kustomerToken { _, p in p[claim] = Fixtures.number(literal) }
        let expected: Verdict = reason.map { .reject($0) } ?? .accept(.externalId("user-1"))
        #expect(Fixtures.verifyKustomer(token).verdict == expected)
    }

    @Test func extremeClocksDoNotTrap() {
        let token = Fixtures.kustomerToken { _, p in p["exp"] = Fixtures.number("1e300") }
        #expect(Fixtures.verifyKustomer(token, now: .max).verdict == .reject(.issuedAtOutOfWindow))
        #expect(Fixtures.verifyKustomer(token, now: .min).verdict == .reject(.issuedAtOutOfWindow))
    }

    // MARK: Precedence and diagnostics

    @Test func badSignatureOutranksExpiration() {
        let token = Fixtures.kustomerToken(secret: "wrong") { _, p in p["exp"] = Fixtures.number(offset: -1) }
        let report = Fixtures.verifyKustomer(token)
        #expect(report.verdict == .reject(.badSignature))
        #expect(report.violations.map(\.reason) == [.badSignature, .expired])
    }

    @Test func everyViolationIsReportedInCheckOrder() {
        let token = Fixtures.kustomerToken(secret: "wrong") { h, p in
            h = ["alg": "none", "typ": "JWS", "kid": 5, "crit": ["exp"]]
            p = [
                "email": 7, "externalId": "", "iat": "now",
                "exp": Fixtures.number(offset: -1), "nbf": Fixtures.number(offset: 1),
            ]
        }
        let report = Fixtures.verifyKustomer(token)
        #expect(report.verdict == .reject(.algorithmNotAllowed))
        #expect(
            report.violations.map(\.check) == [
                .algorithm, .type, .critical, .keyId, .signature, .identity, .identity, .issuedAt, .expiration,
                .notBefore,
            ])
        #expect(
            report.violations.map(\.reason) == [
                .algorithmNotAllowed, .invalidHeader, .invalidHeader, .invalidHeader, .badSignature,
                .invalidClaimType, .invalidClaimValue, .invalidClaimType, .expired, .notYetValid,
            ])
        #expect(report.identity == nil)
    }

    static let precedenceCases: [RejectionCase] = [
        .sunshine("header beats key lookup", .invalidHeader, .type) { h, _ in
            h["typ"] = "JOSE"
            h["kid"] = "nope"
        },
        .sunshine("alg beats typ by check order", .algorithmNotAllowed, .algorithm) { h, _ in
            h["typ"] = "JOSE"
            h["alg"] = "HS512"
        },
        .sunshine("key lookup beats claims", .unknownKey, .keyLookup) { h, p in
            h["kid"] = "nope"
            p = [:]
        },
        .sunshine("claims beat time", .missingClaim, .scope) { _, p in
            p["scope"] = nil
            p["exp"] = Fixtures.number(offset: -1)
        },
        .sunshine("identity before scope", .missingClaim, .identity) { _, p in
            p["external_id"] = nil
            p["scope"] = "app"
        },
        .sunshine("time: expired before not yet valid", .expired, .expiration) { _, p in
            p["exp"] = Fixtures.number(offset: -1)
            p["nbf"] = Fixtures.number(offset: 1)
        },
    ]

    @Test(arguments: precedenceCases)
    func earliestStageWins(_ testCase: RejectionCase) {
        let report = Fixtures.verifySunshine(
            Fixtures.token(testCase.header, testCase.payload, secret: Fixtures.sunshineKey.secret))
        #expect(report.verdict == .reject(testCase.reason))
        #expect(report.violations.first?.check == testCase.check)
        #expect(report.violations.count >= 2)
    }

    @Test func alreadyRefusedAlgorithmStillHasItsSignatureChecked() {
        let good = Fixtures.kustomerToken { h, _ in h["alg"] = "none" }
        #expect(Fixtures.verifyKustomer(good).violations.map(\.check) == [.algorithm])
        let bad = Fixtures.kustomerToken(secret: "wrong") { h, _ in h["alg"] = "none" }
        #expect(Fixtures.verifyKustomer(bad).violations.map(\.check) == [.algorithm, .signature])
    }

    @Test func violationDescriptionNamesReasonAndCheck() {
        let violation = Violation(reason: .expired, check: .expiration, message: "exp 1 is at or before now (2)")
        #expect(violation.description == "expired (expiration): exp 1 is at or before now (2)")
    }

    // MARK: Structure

    @Test(arguments: [
        ("JWE-shaped", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXY.Y2lwaGVy.dGFn", Violation.Check.segments),
        ("two segments", "eyJhbGciOiJIUzI1NiJ9.e30", .segments),
        ("padded", "eyJhbGciOiJIUzI1NiJ9=.e30.c2ln", .base64url),
        ("header array", "WyJIUzI1NiJd.e30.c2ln", .json),
        ("payload not JSON", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", .json),
        ("duplicate alg", "eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.e30.c2ln", .duplicateMembers),
        ("empty", "", .segments),
    ])
    func malformedTokensStopAtTheFirstStructuralViolation(name: String, token: String, check: Violation.Check) {
        let report = Fixtures.verifyKustomer(token)
        #expect(report.verdict == .reject(.malformed), "\(name)")
        #expect(report.violations.map(\.check) == [check], "\(name)")
    }

    @Test func oneMebibyteTokenIsRejectedQuickly() {
        let valid = Fixtures.kustomerToken()
        let huge = valid + String(repeating: "A", count: 1 << 20)
        let verifier = ReferenceVerifier(profile: Fixtures.kustomer)
        let clock = ContinuousClock()
        var report: VerificationReport?
        let elapsed = clock.measure {
            report = verifier.verify(huge, keys: [Fixtures.kustomerKey], now: Fixtures.now)
        }
        #expect(report?.verdict == .reject(.malformed))
        #expect(report?.violations.map(\.check) == [.size])
        #expect(elapsed < .milliseconds(100))
    }

    @Test func maximumTokenByteCountIsConfigurable() {
        let token = Fixtures.kustomerToken()
        let count = token.utf8.count
        let exact = ReferenceVerifier(profile: Fixtures.kustomer, maximumTokenByteCount: count)
        let smaller = ReferenceVerifier(profile: Fixtures.kustomer, maximumTokenByteCount: count - 1)
        #expect(
            exact.verify(token, keys: [Fixtures.kustomerKey], now: Fixtures.now).verdict
                == .accept(.externalId("user-1")))
        #expect(smaller.verify(token, keys: [Fixtures.kustomerKey], now: Fixtures.now).verdict == .reject(.malformed))
    }

    // MARK: Secrets

    /// Tokens computed independently (Python `hmac`) for a fixed header and payload.
    @Test(arguments: [
        ("", "8H9vSgp1Fw959ar1WoeoYI3_YiFLVTWzqSFCF9ELEwc"),
        ("abcdefghijklmnopqrstuvwx", "O0O5mmk4XxZahufrijrtoBdqk3Fm3g2UWCRMl-q32zw"),
    ])
    func shortSecretsWork(secret: String, signature: String) {
        let signingInput = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHRlcm5hbElkIjoidXNlci0xIiwiaWF0IjoxNzAwMDAwMDAwfQ"
        let token = Fixtures.kustomerToken(secret: secret)
        #expect(token == "\(signingInput).\(signature)")
        let key = VerificationKey(secret: secret)
        #expect(Fixtures.verifyKustomer(token, keys: [key]).verdict == .accept(.externalId("user-1")))
        #expect(
            Fixtures.verifyKustomer(token, keys: [VerificationKey(secret: secret + "x")]).verdict
                == .reject(.badSignature))
    }

    @Test func secretIsNotBase64Decoded() {
        let secret = "c2VjcmV0"  // base64 of "secret"
        let token = Fixtures.kustomerToken(secret: "secret")
        #expect(
            Fixtures.verifyKustomer(token, keys: [VerificationKey(secret: secret)]).verdict == .reject(.badSignature))
    }
}
