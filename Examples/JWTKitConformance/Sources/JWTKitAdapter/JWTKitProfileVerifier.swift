import Foundation
import JWTConformance
import JWTKit

/// A customer-identity token verifier for one vendor profile, built on vapor/jwt-kit.
///
/// ## What jwt-kit does
///
/// Everything it can be configured to do; none of its own behaviour is patched over:
/// - compact-serialization parsing, base64url decoding and JSON decoding of header and payload
///   (`JWTError.malformedToken` → `malformed`);
/// - key selection in a `JWTKeyCollection` of HMAC-SHA-256 keys: Kustomer's single key is the
///   collection's default; every Sunshine key is added under its `kid` and the default is then
///   cleared with `clearDefault()` (jwt-kit's own switch), so that a token whose `kid` names no
///   key, or that has no `kid`, finds no key (`JWTError.noKeyProvided` → `unknown-key`, or
///   `invalid-header` when the header has no `kid`) instead of falling back to the first key
///   added, which jwt-kit does by default;
/// - the HMAC check (`signatureVerificationFailed` → `bad-signature`);
/// - the decoding of `exp`, `nbf` and `iat` as jwt-kit's `ExpirationClaim`, `NotBeforeClaim` and
///   `IssuedAtClaim`, and the `exp`/`nbf` checks with `verifyNotExpired(currentDate:)` and
///   `verifyNotBefore(currentDate:)` at the request's `now` (never the wall clock).
///
/// jwt-kit's own deviations stay visible as known failures: it never compares the header's `alg`
/// with the key, does not implement `crit`, accepts trailing commas and duplicate members (first
/// wins), padded and non-canonical base64url, and refuses `nbf == now`.
///
/// ## What the adapter adds: profile rules jwt-kit cannot be configured to enforce
///
/// 1. **Key length guard**: a key shorter than 32 bytes never reaches jwt-kit, whose
///    `HMACSigner` `assert`s on it and kills a debug-build process. A Kustomer request with such a
///    key, or a Sunshine token whose `kid` names one, throws
///    ``JWTKitAdapterError/keyShorterThanJWTKitAccepts(kid:byteCount:)`` (an error of the vector).
/// 2. **`typ`**: when present it must name the JWT media type (`JWT`, compared case-insensitively,
///    `application/` optional), else `invalid-header`. RFC 7515 §4.1.9 leaves `typ` to the
///    application ("ignored by JWS implementations"), so this is a profile rule, not a library one.
/// 3. **Identity claims and precedence**: Kustomer `email` then `externalId` (email wins when both
///    are present), Sunshine `external_id`; every identity claim present must be a JSON string
///    (`invalid-claim-type`, e.g. a numeric `external_id`) and not empty (`invalid-claim-value`);
///    none present → `missing-claim`.
/// 4. **Sunshine `scope`**: present (`missing-claim`), a string (`invalid-claim-type`), exactly
///    `"user"` (`invalid-claim-value`).
/// 5. **JSON types of NumericDates**: an `exp`, `nbf` or `iat` that is not a JSON number is
///    `invalid-claim-type` (a plain jwt-kit payload would fail as `malformed`); a number jwt-kit's
///    decoder cannot represent still fails as jwt-kit says (`malformed`).
/// 6. **Kustomer `iat`**: required (`missing-claim`) and within ±900 s of now, inclusive
///    (`issued-at-out-of-window`); jwt-kit never checks `iat`.
///
/// `kid` being required for Sunshine needs no adapter code: with the default cleared, jwt-kit
/// finds no key for a token without one. Checks run in the suite's stage order as far as jwt-kit
/// allows: `typ`, then jwt-kit's key and signature checks, then claims, then times.
public struct JWTKitProfileVerifier: Sendable {
    /// The vendor rules this verifier applies.
    public let rules: VendorRules
    private let keys: JWTKeyCollection

    /// Keys the guard kept away from jwt-kit, by kid (Sunshine): a token naming one is refused
    /// with ``JWTKitAdapterError/keyShorterThanJWTKitAccepts(kid:byteCount:)``.
    private let refusedKeys: [String: Int]

    /// Loads `keys` into a jwt-kit `JWTKeyCollection` the way the vendor's tokens name them.
    ///
    /// A key shorter than 32 bytes never reaches jwt-kit. Kustomer has one key, so such a key
    /// throws ``JWTKitAdapterError/keyShorterThanJWTKitAccepts(kid:byteCount:)`` here; a Sunshine
    /// key set keeps its other keys, and only a token whose `kid` names the short key is refused.
    public init(rules: VendorRules, keys: [VerificationKey]) async throws {
        self.rules = rules
        self.keys = JWTKeyCollection()
        var refusedKeys: [String: Int] = [:]
        switch rules.keySelection {
        case .singleDefaultKey:
            try JWTKitKeyGuard.check(keys)
            for key in keys {
                await self.keys.add(
                    hmac: HMACKey(from: key.keyBytes), digestAlgorithm: .sha256,
                    kid: key.kid.map { JWKIdentifier(string: $0) })
            }
        case .byKeyID:
            for key in keys {
                // A key without a kid can never be selected by a Sunshine token.
                guard let kid = key.kid else { continue }
                guard JWTKitKeyGuard.accepts(key) else {
                    refusedKeys[kid] = key.keyBytes.count
                    continue
                }
                await self.keys.add(hmac: HMACKey(from: key.keyBytes), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
            }
            // jwt-kit makes the first key added the default and falls back to it for an unknown or
            // missing kid; a Sunshine verifier must select by kid only.
            await self.keys.clearDefault()
        }
        self.refusedKeys = refusedKeys
    }

    /// Throws when the token's `kid` (read as jwt-kit reads it) names a key the guard refused.
    func checkKeyAvailable(for token: String) throws(JWTKitAdapterError) {
        guard !refusedKeys.isEmpty, let kid = HeaderFields(token)?.kid, let byteCount = refusedKeys[kid]
        else { return }
        throw .keyShorterThanJWTKitAccepts(kid: kid, byteCount: byteCount)
    }

    /// Verifies `token` at the Unix time `now`.
    ///
    /// - Throws: ``JWTKitAdapterError/keyShorterThanJWTKitAccepts(kid:byteCount:)`` when the
    ///   token's `kid` names a key the guard kept from jwt-kit: no verdict can be given.
    public func verify(_ token: String, now: UnixTime) async throws(JWTKitAdapterError) -> Verdict {
        try checkKeyAvailable(for: token)
        let currentDate = Date(timeIntervalSince1970: TimeInterval(now))
        do {
            try rules.checkType(of: token)
            switch rules.vendor {
            case .kustomer:
                let claims = try await keys.verify(token, as: KustomerClaims.self)
                return try rules.check(claims, at: now, currentDate: currentDate)
            case .sunshine:
                let claims = try await keys.verify(token, as: SunshineClaims.self)
                return try rules.check(claims, at: now, currentDate: currentDate)
            }
        } catch let violation as RuleViolation {
            return .reject(violation.reason)
        } catch let error as JWTError {
            return .reject(reason(for: error, token: token))
        } catch {
            // jwt-kit threw something that is not a JWTError: a refusal without a known reason.
            return .reject(nil)
        }
    }

    /// The suite's name for a jwt-kit error.
    func reason(for error: JWTError, token: String) -> RejectionReason? {
        switch error.errorType {
        case .malformedToken: return .malformed
        case .signatureVerificationFailed: return .badSignature
        case .unknownKID: return .unknownKey
        case .missingKIDHeader: return .invalidHeader
        case .invalidHeaderField: return .invalidHeader
        case .unsupportedAlgorithm: return .algorithmNotAllowed
        case .noKeyProvided:
            // jwt-kit found no key: either the kid names none, or there is no kid and no default.
            return HeaderFields(token)?.kid == nil && rules.keySelection == .byKeyID ? .invalidHeader : .unknownKey
        case .claimVerificationFailure:
            switch error.failedClaim {
            case is ExpirationClaim: return .expired
            case is NotBeforeClaim: return .notYetValid
            default: return .invalidClaimValue
            }
        default: return nil
        }
    }
}

/// The header's `kid` and `typ`, read as jwt-kit reads `kid` before it picks a key (jwt-kit's own
/// reader is internal): the first segment, base64url-decoded, as JSON. Used to name a reason, to
/// spot a refused key and for the `typ` rule; a header this cannot read is left to jwt-kit.
struct HeaderFields: Decodable {
    var kid: String?
    var typ: ClaimValue?

    enum CodingKeys: CodingKey { case kid, typ }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kid = try? container.decodeIfPresent(String.self, forKey: .kid)
        // `decodeIfPresent` reads a JSON null as absent; a `typ` that is null is present (and not a string).
        typ = container.contains(.typ) ? try? container.decode(ClaimValue.self, forKey: .typ) : nil
    }

    init?(_ token: String) {
        guard let segment = token.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first else { return nil }
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let fields = try? JSONDecoder().decode(HeaderFields.self, from: data)
        else { return nil }
        self = fields
    }
}

/// A profile rule the adapter enforces on top of jwt-kit was broken.
struct RuleViolation: Error {
    var reason: RejectionReason
    var message: String
}
