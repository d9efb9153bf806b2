import Foundation
import JWTKit

/// The claims of a Kustomer Chat token, as jwt-kit decodes them for verification.
///
/// `verify(using:)` is empty: jwt-kit's hook has no clock parameter, and the suite's clock is the
/// vector's `now`, never the wall clock. The time checks run in ``JWTKitProfileVerifier`` with
/// jwt-kit's `verifyNotExpired(currentDate:)` and `verifyNotBefore(currentDate:)`.
public struct KustomerClaims: JWTPayload {
    public var email: ClaimValue?
    public var externalId: ClaimValue?
    public var iat: DateClaim<IssuedAtClaim>?
    public var exp: DateClaim<ExpirationClaim>?
    public var nbf: DateClaim<NotBeforeClaim>?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        email = try container.member("email")
        externalId = try container.member("externalId")
        iat = try container.member("iat")
        exp = try container.member("exp")
        nbf = try container.member("nbf")
    }

    public func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "sign with KustomerTokenClaims"))
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claims of a Sunshine Conversations token, as jwt-kit decodes them for verification.
public struct SunshineClaims: JWTPayload {
    public var scope: ClaimValue?
    public var externalID: ClaimValue?
    public var iat: DateClaim<IssuedAtClaim>?
    public var exp: DateClaim<ExpirationClaim>?
    public var nbf: DateClaim<NotBeforeClaim>?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        scope = try container.member("scope")
        externalID = try container.member("external_id")
        iat = try container.member("iat")
        exp = try container.member("exp")
        nbf = try container.member("nbf")
    }

    public func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "sign with SunshineTokenClaims"))
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// What the jwt-kit signer writes for Kustomer: the identifiers given, then `iat` (and `exp`
/// when a lifetime is asked for).
public struct KustomerTokenClaims: JWTPayload {
    public var externalId: String?
    public var email: String?
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim?

    public init(externalId: String?, email: String?, iat: IssuedAtClaim, exp: ExpirationClaim? = nil) {
        self.externalId = externalId
        self.email = email
        self.iat = iat
        self.exp = exp
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// What the jwt-kit signer writes for Sunshine: `scope: "user"`, the string `external_id`,
/// `iat` (and `exp` when a lifetime is asked for).
public struct SunshineTokenClaims: JWTPayload {
    public var scope: String
    public var externalID: String
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim?

    enum CodingKeys: String, CodingKey {
        case scope
        case externalID = "external_id"
        case iat, exp
    }

    public init(externalID: String, iat: IssuedAtClaim, exp: ExpirationClaim? = nil) {
        self.scope = "user"
        self.externalID = externalID
        self.iat = iat
        self.exp = exp
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
