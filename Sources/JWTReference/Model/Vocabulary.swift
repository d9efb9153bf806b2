/// A name that is a plain JSON string, such as a profile id or a vector id: hashable,
/// ordered by its text, and writable as a literal.
public protocol StringIdentifier: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible where RawValue == String
{
    init(rawValue: String)
}

extension StringIdentifier {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The name of a vendor profile, such as `kustomer` or `sunshine`.
///
/// Profiles are data (see ``ProfileDefinition``), so this is an open set of names
/// rather than an enumeration.
public struct ProfileID: StringIdentifier {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
}

/// The kind of customer identifier a verified token resolves to.
public enum IdentityKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// The customer's email address (Kustomer `email`).
    case email
    /// The business's own identifier for the customer (Kustomer `externalId`, Sunshine `external_id`).
    case externalId
}

/// The customer a verifier resolved from a token.
public struct Identity: Codable, Sendable, Hashable, CustomStringConvertible {
    public var kind: IdentityKind
    public var value: String

    public init(kind: IdentityKind, value: String) {
        self.kind = kind
        self.value = value
    }

    public static func email(_ value: String) -> Identity { Identity(kind: .email, value: value) }
    public static func externalId(_ value: String) -> Identity { Identity(kind: .externalId, value: value) }

    public var description: String { "\(kind.rawValue) \"\(value)\"" }

    /// Identities are equal when their kinds match and their values have exactly the same
    /// UTF-8 bytes. A customer id is opaque bytes: a precomposed "é" and a decomposed one
    /// name different customers, though Swift's `String ==` would call them equal.
    public static func == (lhs: Identity, rhs: Identity) -> Bool {
        lhs.kind == rhs.kind && lhs.value.hasIdenticalUTF8(rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        value.hashUTF8(into: &hasher)
    }
}

/// The stage of verification a rejection belongs to, in the order a verifier checks them.
///
/// When a token has several defects, the reported reason is the one of the earliest stage:
/// structure, then header and algorithm, then key lookup, then signature, then claims, then time.
public enum VerificationStage: Int, Codable, Sendable, Hashable, Comparable, CaseIterable {
    case structure = 1
    case header = 2
    case keyLookup = 3
    case signature = 4
    case claims = 5
    case time = 6

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a verifier rejected a token: a closed vocabulary, documented in the README.
public enum RejectionReason: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Not a compact JWS: wrong segment count, bad base64url, invalid UTF-8 or JSON, a header or
    /// payload that is not an object, duplicate member names, or an input too large.
    case malformed
    /// `alg` is missing, not a string, or not in the profile's allow-list (exact, case-sensitive).
    case algorithmNotAllowed = "algorithm-not-allowed"
    /// A header member the profile requires is missing or wrong (`kid`, `typ`), or `crit` names
    /// an extension the verifier does not understand.
    case invalidHeader = "invalid-header"
    /// No key in the key set matches the token (for example an unknown `kid`).
    case unknownKey = "unknown-key"
    /// The HMAC does not match, or the signature segment is not 32 bytes.
    case badSignature = "bad-signature"
    /// A required claim (identity, `scope`, `iat`) is absent.
    case missingClaim = "missing-claim"
    /// A claim has the wrong JSON type (a number where a string is required, a string `iat`, …).
    case invalidClaimType = "invalid-claim-type"
    /// A claim has the right type but a value the profile refuses (empty identity, wrong `scope`, …).
    case invalidClaimValue = "invalid-claim-value"
    /// `exp` is at or before `now` (RFC 7519 §4.1.4).
    case expired
    /// `nbf` is after `now` (RFC 7519 §4.1.5).
    case notYetValid = "not-yet-valid"
    /// `iat` lies outside the profile's issued-at window.
    case issuedAtOutOfWindow = "issued-at-out-of-window"

    /// The verification stage this reason belongs to.
    public var stage: VerificationStage {
        switch self {
        case .malformed: .structure
        case .algorithmNotAllowed, .invalidHeader: .header
        case .unknownKey: .keyLookup
        case .badSignature: .signature
        case .missingClaim, .invalidClaimType, .invalidClaimValue: .claims
        case .expired, .notYetValid, .issuedAtOutOfWindow: .time
        }
    }

    public var description: String { rawValue }
}

/// A verifier's answer for one token.
public enum Verdict: Sendable, Hashable, CustomStringConvertible {
    /// The token is valid and names this customer.
    case accept(Identity)
    /// The token is refused; the reason is optional (an implementation may not know it).
    case reject(RejectionReason?)

    public var description: String {
        switch self {
        case .accept(let identity): "accept (\(identity))"
        case .reject(let reason?): "reject (\(reason))"
        case .reject(nil): "reject (no reason given)"
        }
    }
}

/// A shared HMAC secret, optionally named by a key id (`kid`).
///
/// The secret is a string whose UTF-8 bytes are the HMAC key. Vendors hand out secrets as
/// text; an implementation must not base64-decode them.
///
/// The HMAC key schedule (the inner and outer padded-key SHA-256 states) is computed once, when
/// the secret is set, and shared by every copy of the key: verifying many tokens with one key
/// costs the key schedule once (see ``authenticator``).
public struct VerificationKey: Codable, Sendable, Hashable {
    public var kid: String?

    /// The secret text; its UTF-8 bytes are the HMAC key.
    public var secret: String {
        get { schedule.secret }
        set { schedule = KeySchedule(secret: newValue) }
    }

    private var schedule: KeySchedule

    public init(kid: String? = nil, secret: String) {
        self.kid = kid
        schedule = KeySchedule(secret: secret)
    }

    /// The HMAC key: the UTF-8 bytes of ``secret``.
    public var keyBytes: [UInt8] { Array(secret.utf8) }

    /// HMAC-SHA-256 keyed with ``keyBytes`` and nothing authenticated yet: copy it, add a message
    /// and finalize, with no key schedule to compute.
    public var authenticator: HMACSHA256 { schedule.authenticator }

    /// Keys are equal when their `kid`s and secrets are.
    public static func == (lhs: VerificationKey, rhs: VerificationKey) -> Bool {
        lhs.kid == rhs.kid && lhs.secret == rhs.secret
    }

    /// Hashes the `kid` and the secret, in agreement with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kid)
        hasher.combine(secret)
    }

    enum CodingKeys: String, CodingKey { case kid, secret }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kid: try container.decodeIfPresent(String.self, forKey: .kid),
            secret: try container.decode(String.self, forKey: .secret))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kid, forKey: .kid)
        try container.encode(secret, forKey: .secret)
    }

    /// A secret and its HMAC key schedule, immutable and shared by the copies of a key.
    private final class KeySchedule: Sendable {
        let secret: String
        let authenticator: HMACSHA256

        init(secret: String) {
            self.secret = secret
            authenticator = HMACSHA256(key: secret.utf8)
        }
    }
}

/// The customer a signer is asked to issue a token for.
public struct Subject: Codable, Sendable, Hashable {
    public var externalId: String?
    public var email: String?

    public init(externalId: String? = nil, email: String? = nil) {
        self.externalId = externalId
        self.email = email
    }
}

/// A Unix time in whole seconds. Nothing in the suite reads the wall clock.
public typealias UnixTime = Int64
