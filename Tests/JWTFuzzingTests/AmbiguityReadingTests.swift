import JWTConformance
import JWTFuzzing
import Testing

/// The ambiguities of suite 1.3.0, as the fuzzer judges them through the shared detector: a
/// verifier that takes the other reading is never a finding, and one that stretches the reading
/// to a case the rules decide still is.
@Suite struct AmbiguityReadingTests {
    static let profiles = Fixtures.corpus.profiles
    let kustomerSecret = "kustomer-test-secret-5a3f9c0e1b7d2468ace0"
    let now: UnixTime = 1_700_000_000
    let count = 3_000

    /// The fuzzer's expectation for a token of the given JSON texts (Kustomer, signed with its secret).
    func expectation(header: [UInt8], payload: [UInt8]) throws -> (token: String, expected: VerificationExpectation) {
        let definition = try #require(Self.profiles["kustomer"])
        let keys = [VerificationKey(secret: kustomerSecret)]
        let token = CompactJWS.sign(headerSegment: Base64URL.encode(header), payloadSegment: Base64URL.encode(payload), key: Array(kustomerSecret.utf8))
        let judgement = FuzzOracle(profile: definition, corpus: Fixtures.corpus).judge(token: token, keys: keys, now: now)
        guard case .judged(let expected, _, _) = judgement else { throw Unjudged(judgement: judgement) }
        return (token, expected)
    }

    struct Unjudged: Error { var judgement: Judgement }

    /// Whether `verifier` passes the fuzzer's expectation for the token.
    func passes(_ verifier: some TokenVerifier, _ token: String, _ expected: VerificationExpectation) async throws -> Bool {
        let verdict = try await verifier.verify(VerificationRequest(profile: "kustomer", token: token, keys: [VerificationKey(secret: kustomerSecret)], now: now))
        return VerdictJudge().failure(of: verdict, against: expected) == nil
    }

    func text(_ json: String) -> [UInt8] { Array(json.utf8) }

    /// Fuzzes `implementation` until the fuzzer has judged a token in `ambiguity` with either
    /// verdict allowed, in at most four runs of ``count`` tokens from `seed` on: how many such
    /// tokens it judged, and every finding of every run.
    func fuzzReaching(
        _ ambiguity: String, _ implementation: Implementation, seed: UInt64, profiles: [ProfileID] = []
    ) async -> (reached: Int, findings: [Finding]) {
        var findings: [Finding] = []
        for run in UInt64(0)..<4 {
            let (statistics, found) = await Fixtures.fuzz(implementation, seed: seed &+ run * 1_000, count: count, profiles: profiles)
            findings += found
            let reached = statistics.eitherVerdict[ambiguity, default: 0]
            if reached > 0 { return (reached, findings) }
        }
        return (0, findings)
    }
    /// Expects a verifier that takes the other reading of `ambiguity` to be judged in it and never
    /// be a finding (``fuzzReaching(_:_:seed:profiles:)``).
    func expectNoFinding(
        reaching ambiguity: String, _ implementation: Implementation, seed: UInt64, profiles: [ProfileID] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let (reached, findings) = await fuzzReaching(ambiguity, implementation, seed: seed, profiles: profiles)
        #expect(findings.isEmpty, "\(findings.map(\.key))", sourceLocation: sourceLocation)
        #expect(reached > 0, sourceLocation: sourceLocation)
    }

    let header = #"{"alg":"HS256","typ":"JWT"}"#
    let payload = #"{"externalId":"u1","iat":1700000000}"#

    @Test func aByteOrderMarkMayBeSkippedButNothingElse() async throws {
        let marked = try expectation(header: text(header), payload: [0xEF, 0xBB, 0xBF] + text(payload))
        #expect(marked.expected == .acceptable(ambiguity: "AMB-JSON-BOM", identity: Identity(kind: .externalId, value: "u1"), reasons: [.malformed]))
        #expect(try await passes(ByteOrderMarkSkippingVerifier(profiles: Self.profiles), marked.token, marked.expected))
        #expect(try await passes(Fixtures.reference.verifier!, marked.token, marked.expected))
        // With the mark skipped, the token is still expired: no reading accepts it.
        let expired = try expectation(header: text(header), payload: [0xEF, 0xBB, 0xBF] + text(#"{"externalId":"u1","iat":1700000000,"exp":1699999999}"#))
        guard case .reject(.malformed, let alternatives) = expired.expected else { Issue.record("\(expired.expected)"); return }
        #expect(alternatives == [.expired])
        // A mark inside the object is an error between tokens, for every reading.
        let inside = try expectation(header: text(header), payload: text("{") + [0xEF, 0xBB, 0xBF] + text(String(payload.dropFirst())))
        #expect(try await !passes(ByteOrderMarkSkippingVerifier(profiles: Self.profiles, anywhere: true), inside.token, inside.expected))

        await expectNoFinding(reaching: "AMB-JSON-BOM", Fixtures.implementation(ByteOrderMarkSkippingVerifier(profiles: Self.profiles), name: "bom"), seed: 21)
        let (_, stretched) = await Fixtures.fuzz(
            Fixtures.implementation(ByteOrderMarkSkippingVerifier(profiles: Self.profiles, anywhere: true), name: "bom-anywhere"), seed: 21, count: count)
        #expect(!stretched.isEmpty)
    }

    @Test func aNumberBeyondDoublesMayBeRefusedAsMalformedButOneWithinMustBeRead() async throws {
        let u1 = Identity(kind: .externalId, value: "u1")
        for beyond in ["1e400", "-1e400", "1e-400", "18446744073709551616", "-9223372036854775809"] {
            let token = try expectation(header: text(header), payload: text(#"{"externalId":"u1","iat":1700000000,"note":\#(beyond)}"#))
            #expect(token.expected == .acceptable(ambiguity: "AMB-RESOURCE-LIMITS", identity: u1, reasons: [.malformed]), "\(beyond)")
            #expect(try await passes(NumberRangeLimitingVerifier(profiles: Self.profiles), token.token, token.expected), "\(beyond)")
            #expect(try await passes(Fixtures.reference.verifier!, token.token, token.expected), "\(beyond)")
        }
        // Refused by the parser or not, an expired token is refused.
        let expired = try expectation(header: text(header), payload: text(#"{"externalId":"u1","iat":1700000000,"exp":1699999999,"note":1e400}"#))
        #expect(expired.expected == .reject(reason: .expired, alternatives: [.malformed]))
        for within in ["1.7976931348623157e308", "5e-324", "9223372036854775807", "-9223372036854775808", "0e400", "9007199254740993"] {
            let token = try expectation(header: text(header), payload: text(#"{"externalId":"u1","iat":1700000000,"note":\#(within)}"#))
            #expect(token.expected == .accept(u1), "\(within)")
        }

        await expectNoFinding(reaching: "AMB-RESOURCE-LIMITS", Fixtures.implementation(NumberRangeLimitingVerifier(profiles: Self.profiles), name: "numbers"), seed: 26)
        let (_, stretched) = await Fixtures.fuzz(
            Fixtures.implementation(NumberRangeLimitingVerifier(profiles: Self.profiles, below2To53: true), name: "numbers-2^53"), seed: 26, count: count)
        #expect(stretched.contains { $0.key.actual == "reject:malformed" }, "\(stretched.map(\.key))")
    }

    @Test func aKustomerKidThatIsNotAStringMayBeIgnoredButNotASunshineOne() async throws {
        let five = try expectation(header: text(#"{"alg":"HS256","typ":"JWT","kid":5}"#), payload: text(payload))
        #expect(five.expected == .acceptable(ambiguity: "AMB-KUS-KID-TYPE", identity: Identity(kind: .externalId, value: "u1"), reasons: [.invalidHeader]))
        #expect(try await passes(KidTypeIgnoringVerifier(profiles: Self.profiles), five.token, five.expected))
        #expect(try await passes(Fixtures.reference.verifier!, five.token, five.expected))

        await expectNoFinding(reaching: "AMB-KUS-KID-TYPE", Fixtures.implementation(KidTypeIgnoringVerifier(profiles: Self.profiles), name: "kid"), seed: 22, profiles: ["kustomer"])
        let (_, stretched) = await Fixtures.fuzz(
            Fixtures.implementation(KidTypeIgnoringVerifier(profiles: Self.profiles, everywhere: true), name: "kid-everywhere"), seed: 22, count: count,
            profiles: ["sunshine"])
        // Trying every key instead of refusing the kid: a bad-signature or an acceptance where invalid-header is due.
        #expect(stretched.contains { $0.key.profile == "sunshine" && $0.key.expected == "reject:keyId" }, "\(stretched.map(\.key))")
    }

    @Test func aRegisteredHeaderParameterOfAnotherTypeMayBeRefusedButNotAPrivateOne() async throws {
        let cty = try expectation(header: text(#"{"alg":"HS256","typ":"JWT","cty":null}"#), payload: text(payload))
        #expect(cty.expected == .acceptable(
            ambiguity: "AMB-UNUSED-HEADER-PARAMETERS", identity: Identity(kind: .externalId, value: "u1"), reasons: [.invalidHeader, .malformed]))
        #expect(try await passes(HeaderTypeCheckingVerifier(profiles: Self.profiles), cty.token, cty.expected))
        let b64 = try expectation(header: text(#"{"alg":"HS256","typ":"JWT","b64":true}"#), payload: text(payload))
        // `b64` is open in any form, and a verifier honouring it computes another MAC.
        #expect(b64.expected == .acceptable(
            ambiguity: "AMB-UNUSED-HEADER-PARAMETERS", identity: Identity(kind: .externalId, value: "u1"),
            reasons: [.invalidHeader, .malformed, .badSignature]))
        // `jwk` is a public key (RFC 7515 §4.1.3): an HMAC secret there is outside its definition, and
        // a verifier that refuses it (as go-jose does) is not a finding; a public key is ignored.
        let secretJWK = try expectation(header: text(#"{"alg":"HS256","typ":"JWT","jwk":{"kty":"oct","k":"c2VjcmV0"}}"#), payload: text(payload))
        #expect(secretJWK.expected == cty.expected)
        #expect(try await passes(PublicJWKOnlyVerifier(profiles: Self.profiles), secretJWK.token, secretJWK.expected))
        let publicJWK = try expectation(header: text(#"{"alg":"HS256","typ":"JWT","jwk":{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}}"#), payload: text(payload))
        #expect(publicJWK.expected == .accept(Identity(kind: .externalId, value: "u1")))
        #expect(try await passes(PublicJWKOnlyVerifier(profiles: Self.profiles), publicJWK.token, publicJWK.expected))
        let unknown = try expectation(header: text(#"{"alg":"HS256","typ":"JWT","x-private":true}"#), payload: text(payload))
        #expect(unknown.expected == .accept(Identity(kind: .externalId, value: "u1")))

        await expectNoFinding(reaching: "AMB-UNUSED-HEADER-PARAMETERS", Fixtures.implementation(HeaderTypeCheckingVerifier(profiles: Self.profiles), name: "header"), seed: 23)
        let (_, stretched) = await Fixtures.fuzz(
            Fixtures.implementation(HeaderTypeCheckingVerifier(profiles: Self.profiles, anyParameter: true), name: "header-any"), seed: 23, count: count)
        #expect(stretched.contains { $0.key.expected == "accept" && $0.key.actual == "reject:invalid-header" }, "\(stretched.map(\.key))")
    }

    @Test func audAndRegisteredClaimsOfAnotherTypeMayBeRefusedButNotPrivateOnes() async throws {
        let audience = try expectation(header: text(header), payload: text(#"{"externalId":"u1","iat":1700000000,"aud":"x"}"#))
        #expect(audience.expected == .acceptable(
            ambiguity: "AMB-UNUSED-REGISTERED-CLAIMS", identity: Identity(kind: .externalId, value: "u1"), reasons: [.invalidClaimType, .invalidClaimValue]))
        #expect(try await passes(ClaimTypeCheckingVerifier(profiles: Self.profiles), audience.token, audience.expected))
        let subject = try expectation(header: text(header), payload: text(#"{"externalId":"u1","iat":1700000000,"sub":"x"}"#))
        #expect(subject.expected == .accept(Identity(kind: .externalId, value: "u1")))

        await expectNoFinding(reaching: "AMB-UNUSED-REGISTERED-CLAIMS", Fixtures.implementation(ClaimTypeCheckingVerifier(profiles: Self.profiles), name: "claims"), seed: 24)
        let (_, stretched) = await Fixtures.fuzz(
            Fixtures.implementation(ClaimTypeCheckingVerifier(profiles: Self.profiles, anyClaim: true), name: "claims-any"), seed: 24, count: count)
        #expect(stretched.contains { $0.key.expected == "accept" && $0.key.actual == "reject:invalid-claim-type" }, "\(stretched.map(\.key))")
    }
}
