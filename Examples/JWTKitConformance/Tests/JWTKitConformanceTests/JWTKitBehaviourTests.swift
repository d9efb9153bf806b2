import Foundation
import JWTConformance
import JWTKit
import Testing

/// jwt-kit's own behaviour, pinned on corpus vectors with jwt-kit in its DEFAULT configuration
/// and no adapter rules: the evidence behind the reasons in `known-failures.txt`. If jwt-kit
/// changes, these tests say which reported behaviour went away.
@Suite("jwt-kit behaviour, default configuration, no adapter")
struct JWTKitBehaviourTests {
    /// The claims jwt-kit decodes in these tests; `verify(using:)` checks nothing.
    struct Claims: JWTPayload {
        var externalId: String?
        var email: String?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let corpus: Corpus

    init() throws { corpus = try Corpus.bundled(environment: [:]) }

    func verification(_ id: VectorID) throws -> VerificationCase {
        let vector = try #require(corpus.vector(id), "no vector \(id)")
        guard case .verification(let verification) = vector.body else {
            Issue.record("\(id) is not a verifier vector")
            throw CancellationError()
        }
        return verification
    }

    /// A default-configured collection holding the vector's keys (each under its kid, if any).
    func keys(for verification: VerificationCase) async -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        for key in verification.keys {
            await keys.add(hmac: HMACKey(from: key.keyBytes), digestAlgorithm: .sha256, kid: key.kid.map { JWKIdentifier(string: $0) })
        }
        return keys
    }

    func verify(_ id: VectorID) async throws -> Claims {
        let verification = try verification(id)
        return try await keys(for: verification).verify(verification.token, as: Claims.self)
    }

    @Test("alg is never checked: none, RS256, hs256 and a missing alg are accepted over an HS256 MAC",
          arguments: ["KUS-HDR-003", "KUS-HDR-009", "KUS-HDR-006", "KUS-HDR-010", "KUS-HDR-011", "KUS-HDR-044"] as [VectorID])
    func algorithmIgnored(_ id: VectorID) async throws {
        #expect(try await verify(id).externalId == "cust-2345678")
    }

    @Test("A genuine HS512 or unsecured (alg none, empty signature) token fails only as a bad MAC",
          arguments: ["KUS-HDR-008", "KUS-HDR-002"] as [VectorID])
    func algorithmOnlyByItsMAC(_ id: VectorID) async throws {
        await #expect(throws: JWTError.signatureVerificationFailed) { try await verify(id) }
    }

    @Test("A header saying HS512 over an HS256 MAC is accepted (no corpus vector has exactly this shape)")
    func hs512HeaderOverHS256MAC() async throws {
        let verification = try verification("KUS-HDR-008")
        let token = CompactJWS.sign(
            headerJSON: #"{"alg":"HS512","typ":"JWT"}"#, payloadJSON: #"{"externalId":"cust-2345678","iat":1700000000}"#,
            key: verification.keys[0].keyBytes)
        #expect(try await keys(for: verification).verify(token, as: Claims.self).externalId == "cust-2345678")
    }

    @Test("crit is not implemented: an unknown critical extension is accepted")
    func criticalIgnored() async throws {
        #expect(try await verify("KUS-HDR-020").externalId == "cust-2345678")
    }

    @Test("JSONDecoder checks a member's number, escapes, control characters and UTF-8 only when it is decoded: in members jwt-kit never reads they pass",
          arguments: ["KUS-CLM-1021", "KUS-CLM-1049", "KUS-HDR-1043", "KUS-HDR-1212", "KUS-CLM-1061", "KUS-HDR-1063"] as [VectorID])
    func unreadMembersUnchecked(_ id: VectorID) async throws {
        #expect(try await verify(id).externalId == "cust-2345678")
    }

    @Test("Member names are always decoded: an escaped lone surrogate as a name is refused, in a value jwt-kit never reads it is not",
          arguments: ["KUS-CLM-1062", "KUS-HDR-1062"] as [VectorID])
    func memberNamesDecoded(_ id: VectorID) async throws {
        await #expect(throws: (any Error).self) { try await verify(id) }
    }

    @Test("JSONDecoder decodes JSON written in UTF-16 or UTF-32 (RFC 8259 §8.1 asks for UTF-8)",
          arguments: ["KUS-CLM-1202", "KUS-HDR-1204", "KUS-CLM-1208"] as [VectorID])
    func otherEncodingsDecoded(_ id: VectorID) async throws {
        #expect(try await verify(id).externalId == "cust-2345678")
    }

    @Test("Duplicate member names: the first value wins (RFC 7519 §4 asks for the last or a refusal)")
    func duplicateMembersFirstWins() async throws {
        #expect(try await verify("KUS-CLM-010").externalId == "cust-attacker")
        #expect(try await verify("KUS-CLM-130").email == "attacker@example.com")
    }

    @Test("Padded and non-canonical base64url segments are accepted", arguments: ["KUS-SIG-010", "KUS-SIG-012", "KUS-SIG-020"] as [VectorID])
    func lenientBase64URL(_ id: VectorID) async throws {
        #expect(try await verify(id).externalId == "cust-2345678")
    }

    @Test("verifyNotBefore refuses a token at nbf == now (RFC 7519 §4.1.5 accepts it)")
    func notBeforeBoundary() throws {
        let verification = try verification("KUS-TIM-021")
        let now = Date(timeIntervalSince1970: TimeInterval(verification.now))
        #expect(throws: JWTError.self) { try NotBeforeClaim(value: now).verifyNotBefore(currentDate: now) }
        try NotBeforeClaim(value: now).verifyNotBefore(currentDate: now.addingTimeInterval(1))
    }

    @Test("An unknown or missing kid falls back to the first key added (the collection's default)")
    func unknownKeyIDFallsBackToDefault() async throws {
        // The corpus's Sunshine key sets start with the 24-byte example secret, which jwt-kit cannot
        // take in a debug build; the same shape with two long keys:
        let first = VerificationKey(kid: "app_first", secret: "first-secret-0123456789abcdef0123456789")
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: first.keyBytes), digestAlgorithm: .sha256, kid: "app_first")
        await keys.add(hmac: HMACKey(from: Array("second-secret-0123456789abcdef012345678".utf8)), digestAlgorithm: .sha256, kid: "app_second")
        let payload = #"{"scope":"user","external_id":"user-1"}"#
        let unknown = CompactJWS.sign(headerJSON: #"{"alg":"HS256","kid":"app_000000000000000000000000"}"#, payloadJSON: payload, key: first.keyBytes)
        let missing = CompactJWS.sign(headerJSON: #"{"alg":"HS256"}"#, payloadJSON: payload, key: first.keyBytes)
        _ = try await keys.verify(unknown, as: Claims.self)
        _ = try await keys.verify(missing, as: Claims.self)
        // clearDefault() is jwt-kit's switch for selection by kid only; the adapter uses it.
        await keys.clearDefault()
        await #expect(throws: JWTError.noKeyProvided) { try await keys.verify(unknown, as: Claims.self) }
        await #expect(throws: JWTError.noKeyProvided) { try await keys.verify(missing, as: Claims.self) }
    }

    #if !DEBUG
    @Test("Release builds only: the corpus's unknown and missing kid vectors fall back to the 24-byte first key",
          arguments: ["SUN-HDR-102", "SUN-HDR-101", "SUN-HDR-109", "SUN-HDR-116"] as [VectorID])
    func unknownKeyIDFallsBackToDefaultOnCorpus(_ id: VectorID) async throws {
        _ = try await verify(id)
    }
    #endif
}
