/// The reference HS256 signer: issues the token a profile's documentation describes for a subject.
///
/// The header is `alg` (the profile's first algorithm), then `typ` when the profile names one,
/// then `kid` when the profile requires it. The payload is every identity claim the subject
/// provides, in the profile's precedence order, then the scope claim, `iat` and, with a lifetime,
/// `exp`:
///
/// ```swift
/// let signer = ReferenceSigner(profile: sunshine)
/// let token = try signer.sign(
///     subject: Subject(externalId: "user-1"),
///     key: VerificationKey(kid: "app_123", secret: "s3cret"),
///     now: 1_700_000_000)
/// ```
public struct ReferenceSigner: Sendable {
    /// The profile whose tokens the signer issues.
    public let profile: ProfileDefinition

    /// Creates a signer for `profile`.
    public init(profile: ProfileDefinition) {
        self.profile = profile
    }

    /// Returns a compact JWS for `subject`, signed with HMAC-SHA-256 under `key`.
    ///
    /// - Parameters:
    ///   - subject: The customer; only the identifiers the profile has claims for are written.
    ///   - key: The secret, and the `kid` written when the profile requires one.
    ///   - now: The `iat` written.
    ///   - lifetime: When given, `exp` is written as `now + lifetime`; it must be positive.
    /// - Throws: A ``SigningError`` when the profile, subject, key or lifetime cannot make a token.
    public func sign(
        subject: Subject,
        key: VerificationKey,
        now: UnixTime,
        lifetime: Int64? = nil
    ) throws(SigningError) -> String {
        guard let algorithm = profile.algorithms.first else { throw .noAlgorithm }
        guard ReferenceVerifier.isImplemented(algorithm) else {
            throw .unsupportedAlgorithm(algorithm)
        }

        var header: JSONObject = ["alg": .string(algorithm)]
        if let type = profile.header.typ {
            header.append(key: "typ", value: .string(type))
        }
        if profile.header.keyIdRequired {
            guard let kid = key.kid else { throw .missingKeyID }
            header.append(key: "kid", value: .string(kid))
        }

        var payload = JSONObject()
        for rule in profile.identityClaims {
            let value =
                switch rule.kind {
                case .email: subject.email
                case .externalId: subject.externalId
                }
            guard let value else { continue }
            guard !value.isEmpty else { throw .emptyIdentity(claim: rule.claim) }
            payload.append(key: rule.claim, value: .string(value))
        }
        guard !payload.isEmpty else { throw .noIdentityClaim(profile: profile.id) }
        if let scope = profile.scope {
            payload.append(key: scope.claim, value: .string(scope.value))
        }
        payload.append(key: "iat", value: .number(JSONNumber(now)))
        if let lifetime {
            let (expiration, overflow) = now.addingReportingOverflow(lifetime)
            guard lifetime > 0, !overflow else { throw .invalidLifetime(lifetime) }
            payload.append(key: "exp", value: .number(JSONNumber(expiration)))
        }

        return CompactJWS.encode(header: header, payload: payload, key: key.keyBytes)
    }
}

/// An error thrown when the reference signer cannot issue a token.
public enum SigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The profile lists no algorithm.
    case noAlgorithm
    /// The profile's first algorithm is not one the reference implements.
    case unsupportedAlgorithm(String)
    /// The profile requires a `kid` and the key has none.
    case missingKeyID
    /// The subject provides no identifier the profile has a claim for.
    case noIdentityClaim(profile: ProfileID)
    /// The subject's identifier for this claim is empty.
    case emptyIdentity(claim: String)
    /// The lifetime is zero, negative, or takes `exp` beyond the range of `Int64`.
    case invalidLifetime(Int64)

    public var description: String {
        switch self {
        case .noAlgorithm:
            "the profile lists no algorithm"
        case .unsupportedAlgorithm(let algorithm):
            "the profile's algorithm \(JSONValue.string(algorithm).serialized()) is not implemented (only HS256 is)"
        case .missingKeyID:
            "the profile requires a key id (kid) and the key has none"
        case .noIdentityClaim(let profile):
            "the subject has no identifier that profile \(profile) has a claim for"
        case .emptyIdentity(let claim):
            "the subject's identifier for claim \(JSONValue.string(claim).serialized()) is empty"
        case .invalidLifetime(let lifetime):
            "lifetime \(lifetime) s is invalid: it must be positive and keep exp within Int64"
        }
    }
}
