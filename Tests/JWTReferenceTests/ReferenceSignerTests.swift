import JWTReference
import Testing

@Suite("ReferenceSigner")
struct ReferenceSignerTests {
    struct RoundTrip: Sendable, CustomTestStringConvertible {
        var sunshine: Bool
        var lifetime: Int64?
        var subject: Subject
        var identity: Identity

        var testDescription: String {
            "\(sunshine ? "sunshine" : "kustomer"), lifetime \(lifetime.map(String.init) ?? "none"), \(identity)"
        }

        static let all: [RoundTrip] = [
            RoundTrip(
                sunshine: false, lifetime: nil, subject: Subject(externalId: "user-1"),
                identity: .externalId("user-1")),
            RoundTrip(
                sunshine: false, lifetime: 300, subject: Subject(externalId: "user-1"),
                identity: .externalId("user-1")),
            RoundTrip(
                sunshine: false, lifetime: nil, subject: Subject(email: "ada@example.com"),
                identity: .email("ada@example.com")),
            RoundTrip(
                sunshine: false, lifetime: 1, subject: Subject(externalId: "user-1", email: "ada@example.com"),
                identity: .email("ada@example.com")),
            RoundTrip(
                sunshine: true, lifetime: nil, subject: Subject(externalId: "user-1"), identity: .externalId("user-1")),
            RoundTrip(
                sunshine: true, lifetime: 86_400, subject: Subject(externalId: "user-1"),
                identity: .externalId("user-1")),
            RoundTrip(
                sunshine: true, lifetime: nil, subject: Subject(externalId: "user-1", email: "ada@example.com"),
                identity: .externalId("user-1")),
        ]
    }

    @Test(arguments: RoundTrip.all)
    func signedTokensVerify(_ roundTrip: RoundTrip) throws {
        let profile = roundTrip.sunshine ? Fixtures.sunshine : Fixtures.kustomer
        let key = roundTrip.sunshine ? Fixtures.sunshineKey : Fixtures.kustomerKey
        let token = try ReferenceSigner(profile: profile)
            .sign(subject: roundTrip.subject, key: key, now: Fixtures.now, lifetime: roundTrip.lifetime)
        let report = ReferenceVerifier(profile: profile).verify(token, keys: [key], now: Fixtures.now)
        #expect(report.verdict == .accept(roundTrip.identity))

        let jws = try CompactJWS.decode(token)
        #expect(jws.hasValidSignature(key: key.keyBytes))
        #expect(jws.payload["iat"] == .number(JSONNumber(Fixtures.now)))
        if let lifetime = roundTrip.lifetime {
            #expect(jws.payload["exp"] == .number(JSONNumber(Fixtures.now + lifetime)))
            let atExpiry = ReferenceVerifier(profile: profile).verify(token, keys: [key], now: Fixtures.now + lifetime)
            #expect(atExpiry.verdict == .reject(.expired))
        } else {
            #expect(jws.payload["exp"] == nil)
        }
    }

    @Test func kustomerTokenHasTheDocumentedShape() throws {
        let key = VerificationKey(kid: "ignored", secret: Fixtures.kustomerKey.secret)
        let token = try ReferenceSigner(profile: Fixtures.kustomer).sign(
            subject: Subject(externalId: "user-1", email: "ada@example.com"), key: key, now: Fixtures.now, lifetime: 60)
        let expected = CompactJWS.sign(
            headerJSON: #"{"alg":"HS256","typ":"JWT"}"#,
            payloadJSON: #"{"email":"ada@example.com","externalId":"user-1","iat":1700000000,"exp":1700000060}"#,
            key: key.keyBytes)
        #expect(token == expected)
    }

    @Test func sunshineTokenHasTheDocumentedShape() throws {
        let token = try ReferenceSigner(profile: Fixtures.sunshine).sign(
            subject: Subject(externalId: "user-1", email: "ada@example.com"), key: Fixtures.sunshineKey,
            now: Fixtures.now)
        let jws = try CompactJWS.decode(token)
        #expect(jws.header == ["alg": "HS256", "typ": "JWT", "kid": "app_5f0e"])
        #expect(jws.payload == ["external_id": "user-1", "scope": "user", "iat": .number(JSONNumber(Fixtures.now))])
    }

    @Test func headerOmitsTypWhenTheProfileNamesNone() throws {
        var profile = Fixtures.kustomer
        profile.header.typ = nil
        let token = try ReferenceSigner(profile: profile)
            .sign(subject: Subject(externalId: "u"), key: Fixtures.kustomerKey, now: Fixtures.now)
        #expect(try CompactJWS.decode(token).header == ["alg": "HS256"])
    }

    @Test(arguments: ["", "abcdefghijklmnopqrstuvwx"])
    func shortSecretsSign(secret: String) throws {
        let key = VerificationKey(secret: secret)
        let token = try ReferenceSigner(profile: Fixtures.kustomer)
            .sign(subject: Subject(externalId: "user-1"), key: key, now: Fixtures.now)
        #expect(Fixtures.verifyKustomer(token, keys: [key]).verdict == .accept(.externalId("user-1")))
    }

    @Test func valuesAreAlwaysJSONStrings() throws {
        let token = try ReferenceSigner(profile: Fixtures.sunshine)
            .sign(subject: Subject(externalId: "12345"), key: Fixtures.sunshineKey, now: Fixtures.now)
        #expect(try CompactJWS.decode(token).payload["external_id"] == "12345")
    }

    // MARK: Errors

    @Test func emailOnlySubjectCannotBeCarriedBySunshine() {
        #expect(throws: SigningError.noIdentityClaim(profile: "sunshine-like")) {
            try ReferenceSigner(profile: Fixtures.sunshine)
                .sign(subject: Subject(email: "ada@example.com"), key: Fixtures.sunshineKey, now: Fixtures.now)
        }
    }

    @Test func emptySubjectIsRefused() {
        #expect(throws: SigningError.noIdentityClaim(profile: "kustomer-like")) {
            try ReferenceSigner(profile: Fixtures.kustomer).sign(
                subject: Subject(), key: Fixtures.kustomerKey, now: Fixtures.now)
        }
    }

    @Test func emptyIdentifierIsRefused() {
        #expect(throws: SigningError.emptyIdentity(claim: "externalId")) {
            try ReferenceSigner(profile: Fixtures.kustomer)
                .sign(subject: Subject(externalId: ""), key: Fixtures.kustomerKey, now: Fixtures.now)
        }
    }

    @Test func requiredKidNeedsAKeyWithOne() {
        #expect(throws: SigningError.missingKeyID) {
            try ReferenceSigner(profile: Fixtures.sunshine)
                .sign(subject: Subject(externalId: "u"), key: VerificationKey(secret: "s"), now: Fixtures.now)
        }
    }

    @Test(arguments: [Int64(0), -1, .min, .max])
    func invalidLifetimesAreRefused(lifetime: Int64) {
        #expect(throws: SigningError.invalidLifetime(lifetime)) {
            try ReferenceSigner(profile: Fixtures.kustomer)
                .sign(
                    subject: Subject(externalId: "u"), key: Fixtures.kustomerKey, now: Fixtures.now, lifetime: lifetime)
        }
    }

    @Test func profileWithoutAnImplementedAlgorithmCannotSign() {
        var profile = Fixtures.kustomer
        profile.algorithms = []
        #expect(throws: SigningError.noAlgorithm) {
            try ReferenceSigner(profile: profile).sign(
                subject: Subject(externalId: "u"), key: Fixtures.kustomerKey, now: 0)
        }
        profile.algorithms = ["HS512", "HS256"]
        #expect(throws: SigningError.unsupportedAlgorithm("HS512")) {
            try ReferenceSigner(profile: profile).sign(
                subject: Subject(externalId: "u"), key: Fixtures.kustomerKey, now: 0)
        }
    }

    @Test(arguments: [
        SigningError.noAlgorithm, .unsupportedAlgorithm("HS512"), .missingKeyID, .noIdentityClaim(profile: "p"),
        .emptyIdentity(claim: "email"), .invalidLifetime(0),
    ])
    func errorsDescribeThemselves(error: SigningError) {
        #expect(!error.description.isEmpty)
    }
}
