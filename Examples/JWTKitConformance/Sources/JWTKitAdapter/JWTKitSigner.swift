import Foundation
import JWTConformance
import JWTKit

/// Issues vendor tokens with jwt-kit's `JWTKeyCollection.sign(_:kid:header:)`.
///
/// jwt-kit writes the header (`alg: "HS256"`, `typ: "JWT"`, and `kid` when one is given) and
/// encodes the payload with its default encoder (`.secondsSince1970` dates). The adapter only
/// chooses the claims: Kustomer `externalId` and/or `email` and `iat`; Sunshine `scope: "user"`,
/// `external_id` and `iat`; `exp = now + lifetime` when a lifetime is asked for.
public struct JWTKitSigner: TokenSigner {
    public init() {}

    public func sign(_ request: SigningRequest) async throws -> String {
        guard let rules = VendorRules.rules(for: request.profile) else {
            throw ImplementationUnsupported("jwt-kit adapter: no rules for profile \"\(request.profile)\"")
        }
        try JWTKitKeyGuard.check([request.key])
        let iat = IssuedAtClaim(value: Date(timeIntervalSince1970: TimeInterval(request.now)))
        var exp: ExpirationClaim?
        if let lifetime = request.lifetime {
            let (expiration, overflow) = request.now.addingReportingOverflow(lifetime)
            guard !overflow else { throw ImplementationUnsupported("now + lifetime overflows") }
            exp = ExpirationClaim(value: Date(timeIntervalSince1970: TimeInterval(expiration)))
        }
        let keys = JWTKeyCollection()
        let kid = request.key.kid.map { JWKIdentifier(string: $0) }
        switch rules.vendor {
        case .kustomer:
            await keys.add(hmac: HMACKey(from: request.key.keyBytes), digestAlgorithm: .sha256)
            let claims = KustomerTokenClaims(externalId: request.subject.externalId, email: request.subject.email, iat: iat, exp: exp)
            return try await keys.sign(claims)
        case .sunshine:
            guard let externalID = request.subject.externalId else {
                throw ImplementationUnsupported("a Sunshine token needs an external id")
            }
            await keys.add(hmac: HMACKey(from: request.key.keyBytes), digestAlgorithm: .sha256, kid: kid)
            return try await keys.sign(SunshineTokenClaims(externalID: externalID, iat: iat, exp: exp), kid: kid)
        }
    }
}
