import Foundation
import JWTConformance
import JWTKit

/// The vendor rules the jwt-kit adapter enforces itself, written out as a third party would
/// from the vendor's documentation (they are not read from the suite's profile files).
public struct VendorRules: Sendable, Hashable {
    /// The vendors the adapter knows.
    public enum Vendor: String, Sendable, Hashable {
        case kustomer
        case sunshine
    }

    /// How a token's key is found.
    public enum KeySelection: Sendable, Hashable {
        /// One shared secret, the collection's default key; `kid` is ignored (Kustomer).
        case singleDefaultKey
        /// The header's `kid` names the key; no fallback (Sunshine).
        case byKeyID
    }

    /// The vendor.
    public var vendor: Vendor
    public var keySelection: KeySelection
    /// How old an `iat` may be, in seconds (inclusive), when the vendor has an `iat` window.
    public var issuedAtMaximumAge: Int64?
    /// How far in the future an `iat` may be, in seconds (inclusive).
    public var issuedAtMaximumFutureSkew: Int64
    /// Whether `exp` is checked.
    public var honoursExpiration: Bool
    /// Whether `nbf` is checked.
    public var honoursNotBefore: Bool

    /// Kustomer Chat: one secret, `email` over `externalId`, `iat` required and "within 15
    /// minutes" of now, read as ±900 s inclusive (the documents leave the boundary and the future
    /// side open; the suite marks both as acceptable either way).
    public static let kustomer = VendorRules(
        vendor: .kustomer, keySelection: .singleDefaultKey,
        issuedAtMaximumAge: 900, issuedAtMaximumFutureSkew: 900,
        honoursExpiration: true, honoursNotBefore: true
    )

    /// Sunshine Conversations: `kid` selects the secret, `scope: "user"`, a string `external_id`,
    /// `exp` honoured.
    public static let sunshine = VendorRules(
        vendor: .sunshine, keySelection: .byKeyID,
        issuedAtMaximumAge: nil, issuedAtMaximumFutureSkew: 0,
        honoursExpiration: true, honoursNotBefore: true
    )

    /// The rules for a suite profile id, if the adapter knows the vendor.
    public static func rules(for profile: ProfileID) -> VendorRules? {
        switch profile.rawValue {
        case "kustomer": .kustomer
        case "sunshine": .sunshine
        default: nil
        }
    }
}

// MARK: - Header checks

extension VendorRules {
    /// `typ`, when present, must name the JWT media type: RFC 7515 §4.1.9 leaves `typ` to the
    /// application ("ignored by JWS implementations"), and both vendors write `JWT`. Compared as
    /// RFC 7515 says media types are: case-insensitively, `application/` optional.
    func checkType(of token: String) throws {
        guard let header = HeaderFields(token), let typ = header.typ else { return }
        guard case .string(let value) = typ else {
            throw RuleViolation(reason: .invalidHeader, message: "typ is \(typ.typeName), not a string")
        }
        var type = value.lowercased()
        if type.hasPrefix("application/") { type.removeFirst("application/".count) }
        guard type == "jwt" else {
            throw RuleViolation(reason: .invalidHeader, message: "typ \"\(value)\" is not JWT")
        }
    }
}

// MARK: - Claim checks

extension VendorRules {
    func check(_ claims: KustomerClaims, at now: UnixTime, currentDate: Date) throws -> Verdict {
        let identity = try resolveIdentity([
            ("email", .email, claims.email),
            ("externalId", .externalId, claims.externalId),
        ])
        let issuedAt = try dateValue(claims.iat, name: "iat")
        let expiration = try dateValue(claims.exp, name: "exp")
        let notBefore = try dateValue(claims.nbf, name: "nbf")
        if issuedAtMaximumAge != nil, issuedAt == nil {
            throw RuleViolation(reason: .missingClaim, message: "the payload has no iat")
        }
        try checkTimes(issuedAt: issuedAt, expiration: expiration, notBefore: notBefore, now: now, currentDate: currentDate)
        return .accept(identity)
    }

    func check(_ claims: SunshineClaims, at now: UnixTime, currentDate: Date) throws -> Verdict {
        let identity = try resolveIdentity([("external_id", .externalId, claims.externalID)])
        switch claims.scope {
        case nil: throw RuleViolation(reason: .missingClaim, message: "the payload has no scope")
        case .string("user")?: break
        case .string(let other)?: throw RuleViolation(reason: .invalidClaimValue, message: "scope is \"\(other)\", not \"user\"")
        case let other?: throw RuleViolation(reason: .invalidClaimType, message: "scope is \(other.typeName), not a string")
        }
        let issuedAt = try dateValue(claims.iat, name: "iat")
        let expiration = try dateValue(claims.exp, name: "exp")
        let notBefore = try dateValue(claims.nbf, name: "nbf")
        try checkTimes(issuedAt: issuedAt, expiration: expiration, notBefore: notBefore, now: now, currentDate: currentDate)
        return .accept(identity)
    }

    /// Every identity claim present must be a non-empty string; the first present wins.
    private func resolveIdentity(_ candidates: [(claim: String, kind: IdentityKind, value: ClaimValue?)]) throws -> Identity {
        var identity: Identity?
        var problem: RuleViolation?
        for candidate in candidates {
            switch candidate.value {
            case nil:
                continue
            case .string(let text)?:
                if text.isEmpty {
                    problem = problem ?? RuleViolation(reason: .invalidClaimValue, message: "\(candidate.claim) is empty")
                } else if identity == nil {
                    identity = Identity(kind: candidate.kind, value: text)
                }
            case let other?:
                // A type error outranks an empty value only in message order; both are claim-stage.
                problem = problem ?? RuleViolation(reason: .invalidClaimType, message: "\(candidate.claim) is \(other.typeName), not a string")
            }
        }
        if let problem { throw problem }
        guard let identity else {
            throw RuleViolation(reason: .missingClaim, message: "no identity claim (\(candidates.map(\.claim).joined(separator: ", ")))")
        }
        return identity
    }

    /// The claim jwt-kit decoded, or the type error it stands for.
    private func dateValue<Claim>(_ claim: DateClaim<Claim>?, name: String) throws -> Claim? {
        switch claim {
        case nil: return nil
        case .valid(let value)?: return value
        case .undecodable(let other)?:
            throw RuleViolation(reason: .invalidClaimType, message: "\(name) is \(other.typeName), not a NumericDate")
        }
    }

    /// `exp` and `nbf` by jwt-kit at the request's clock, then the `iat` window.
    private func checkTimes(
        issuedAt: IssuedAtClaim?, expiration: ExpirationClaim?, notBefore: NotBeforeClaim?,
        now: UnixTime, currentDate: Date
    ) throws {
        if honoursExpiration { try expiration?.verifyNotExpired(currentDate: currentDate) }
        if honoursNotBefore { try notBefore?.verifyNotBefore(currentDate: currentDate) }
        if let maximumAge = issuedAtMaximumAge, let issuedAt {
            let earliest = currentDate.addingTimeInterval(-TimeInterval(maximumAge))
            let latest = currentDate.addingTimeInterval(TimeInterval(issuedAtMaximumFutureSkew))
            guard issuedAt.value >= earliest, issuedAt.value <= latest else {
                throw RuleViolation(reason: .issuedAtOutOfWindow, message: "iat is outside [now - \(maximumAge) s, now + \(issuedAtMaximumFutureSkew) s]")
            }
        }
    }
}
