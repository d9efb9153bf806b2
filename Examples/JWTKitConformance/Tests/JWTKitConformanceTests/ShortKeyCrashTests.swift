import JWTConformance
import JWTKit
import JWTKitAdapter
import Testing

/// Sunshine's documented example secret: 24 bytes, shorter than the 32 bytes jwt-kit asks for.
let sunshineExampleSecret = "BFJJ88naxc5PZNAMU9KpBNTR"

#if DEBUG
/// jwt-kit 5 `assert`s in `HMACSigner.init` on a key shorter than the digest: in a debug build the
/// process dies. Run in a child process (an exit test) so the crash is observed, not suffered.
@Test("jwt-kit kills a debug process that adds Sunshine's 24-byte example secret")
func jwtKitCrashesOnShortHMACKey() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: "BFJJ88naxc5PZNAMU9KpBNTR"), digestAlgorithm: .sha256, kid: "app_5deaa3531c7f940010cc4ba4")
    }
    let standardError = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(standardError.contains("Key should be at least as large as the hash output"))
}
#endif

@Test("The adapter refuses a short key before jwt-kit sees it, in every build configuration")
func adapterRefusesShortKey() async throws {
    let short = VerificationKey(kid: "app_5deaa3531c7f940010cc4ba4", secret: sunshineExampleSecret)
    let long = VerificationKey(kid: "app_6553f1a0c2e8b70012d94e3b", secret: "sunshine-second-secret-0123456789abcdef")
    let refusal = JWTKitAdapterError.keyShorterThanJWTKitAccepts(kid: short.kid, byteCount: 24)

    // Kustomer has one key: refused at once.
    await #expect(throws: JWTKitAdapterError.keyShorterThanJWTKitAccepts(kid: nil, byteCount: 24)) {
        _ = try await JWTKitProfileVerifier(rules: .kustomer, keys: [VerificationKey(secret: sunshineExampleSecret)])
    }

    // Sunshine keeps the other keys; only a token naming the short key is refused.
    let verifier = try await JWTKitProfileVerifier(rules: .sunshine, keys: [short, long])
    let payload = #"{"scope":"user","external_id":"user-1"}"#
    let namingShort = CompactJWS.sign(headerJSON: #"{"alg":"HS256","kid":"app_5deaa3531c7f940010cc4ba4"}"#, payloadJSON: payload, key: short.keyBytes)
    let namingLong = CompactJWS.sign(headerJSON: #"{"alg":"HS256","kid":"app_6553f1a0c2e8b70012d94e3b"}"#, payloadJSON: payload, key: long.keyBytes)
    await #expect(throws: refusal) { _ = try await verifier.verify(namingShort, now: 1_700_000_000) }
    #expect(try await verifier.verify(namingLong, now: 1_700_000_000) == .accept(.externalId("user-1")))

    // Through the plug-in, the refusal is an error of the vector (listed in known-failures.txt).
    await #expect(throws: refusal) {
        _ = try await JWTKitVerifier().verify(VerificationRequest(profile: "sunshine", token: namingShort, keys: [short, long], now: 1_700_000_000))
    }
    let signing = SigningRequest(profile: "sunshine", subject: Subject(externalId: "u"), key: short, now: 1_700_000_000)
    await #expect(throws: refusal) { _ = try await JWTKitSigner().sign(signing) }
}
