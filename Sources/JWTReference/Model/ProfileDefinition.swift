/// A vendor profile as data: everything the reference signer and verifier need to know
/// about one vendor's tokens.
///
/// Profiles live in `Vectors/profiles/*.json`. Adding a vendor means adding a profile file and
/// vectors, not code paths.
public struct ProfileDefinition: Codable, Sendable, Hashable {
    /// The profile's name, used in vectors and on the command line.
    public var id: ProfileID
    /// The vendor and product, for people.
    public var title: String
    /// The documents the profile is drawn from (seed file and heading, or RFC section).
    public var sources: [String]
    /// The `alg` values a verifier accepts and the one a signer writes first. Exact, case-sensitive.
    public var algorithms: [String]
    /// Rules for the JOSE header.
    public var header: HeaderRules
    /// The claims that name the customer, in order of precedence (the first present wins).
    public var identityClaims: [IdentityClaim]
    /// A claim that must carry a fixed string value (Sunshine `scope: "user"`), if any.
    public var scope: ScopeRule?
    /// The `iat` rule, if the profile has one.
    public var issuedAt: IssuedAtRule?
    /// The `exp` rule.
    public var expiration: ExpirationRule
    /// Whether `nbf` is honoured.
    public var notBefore: NotBeforeRule
    /// The vendor's short name, for titles and descriptions (`Kustomer`), if given.
    public var name: String?
    /// The prefix of the profile's vector ids (`KUS` in `KUS-HDR-001`), if given.
    public var idPrefix: String?
    /// The SDK session model the profile's session vectors follow, if it has any.
    public var session: SessionShape?

    public init(
        id: ProfileID, title: String, sources: [String], algorithms: [String], header: HeaderRules,
        identityClaims: [IdentityClaim], scope: ScopeRule?, issuedAt: IssuedAtRule?,
        expiration: ExpirationRule, notBefore: NotBeforeRule,
        name: String? = nil, idPrefix: String? = nil, session: SessionShape? = nil
    ) {
        self.name = name
        self.idPrefix = idPrefix
        self.session = session
        self.id = id
        self.title = title
        self.sources = sources
        self.algorithms = algorithms
        self.header = header
        self.identityClaims = identityClaims
        self.scope = scope
        self.issuedAt = issuedAt
        self.expiration = expiration
        self.notBefore = notBefore
    }
}

/// Rules for the JOSE header of a profile's tokens.
public struct HeaderRules: Codable, Sendable, Hashable {
    /// The `typ` value a signer writes, if any (`"JWT"`).
    public var typ: String?
    /// Whether a verifier requires `typ` to be present. When present it must equal ``typ``
    /// case-insensitively (RFC 7515 §4.1.9).
    public var typRequired: Bool
    /// Whether tokens name their key with `kid`. When true the verifier selects the key by `kid`
    /// and refuses a token without one; when false it ignores `kid` and tries every key.
    public var keyIdRequired: Bool
    /// Header parameters listed in `crit` that a verifier understands. Anything else in `crit`
    /// makes the token invalid (RFC 7515 §4.1.11).
    public var understoodCriticalParameters: [String]

    public init(typ: String?, typRequired: Bool, keyIdRequired: Bool, understoodCriticalParameters: [String] = []) {
        self.typ = typ
        self.typRequired = typRequired
        self.keyIdRequired = keyIdRequired
        self.understoodCriticalParameters = understoodCriticalParameters
    }
}

/// A payload claim that names the customer.
public struct IdentityClaim: Codable, Sendable, Hashable {
    /// The payload member name (`email`, `externalId`, `external_id`).
    public var claim: String
    /// The identity kind it yields.
    public var kind: IdentityKind

    public init(claim: String, kind: IdentityKind) {
        self.claim = claim
        self.kind = kind
    }
}

/// A claim that must hold one fixed string.
public struct ScopeRule: Codable, Sendable, Hashable {
    public var claim: String
    public var value: String

    public init(claim: String, value: String) {
        self.claim = claim
        self.value = value
    }
}

/// The issued-at window: `now - maximumAge ≤ iat ≤ now + maximumFutureSkew`.
public struct IssuedAtRule: Codable, Sendable, Hashable {
    /// Whether a token without `iat` is refused.
    public var required: Bool
    /// How old, in seconds, an `iat` may be (inclusive).
    public var maximumAge: Int64
    /// How far, in seconds, an `iat` may lie in the future (inclusive).
    public var maximumFutureSkew: Int64

    public init(required: Bool, maximumAge: Int64, maximumFutureSkew: Int64) {
        self.required = required
        self.maximumAge = maximumAge
        self.maximumFutureSkew = maximumFutureSkew
    }
}

/// The `exp` rule: when honoured, a token is expired once `now >= exp` (RFC 7519 §4.1.4).
public struct ExpirationRule: Codable, Sendable, Hashable {
    public var honoured: Bool
    public var required: Bool

    public init(honoured: Bool, required: Bool) {
        self.honoured = honoured
        self.required = required
    }
}

/// The `nbf` rule: when honoured, a token is not yet valid while `now < nbf` (RFC 7519 §4.1.5).
public struct NotBeforeRule: Codable, Sendable, Hashable {
    public var honoured: Bool

    public init(honoured: Bool) { self.honoured = honoured }
}

/// The SDK session API of a profile: which model its session vectors follow and, per SDK
/// platform, the calls the vendor documents there.
public struct SessionShape: Codable, Sendable, Hashable {
    /// The session model (`kustomer`: logIn/logOut/isLoggedIn; `sunshine`: login/logout).
    public var model: String
    /// The SDK platforms, in file order, each with the calls a session vector may make there.
    public var platforms: [SessionPlatformCalls]

    public init(model: String, platforms: [SessionPlatformCalls]) {
        self.model = model
        self.platforms = platforms
    }
}

/// One SDK platform of a session shape and the calls documented on it.
public struct SessionPlatformCalls: Codable, Sendable, Hashable {
    /// The platform's name as session vectors write it (`ios`, `android`, `web`, `react-native`).
    public var platform: String
    /// The calls a vector may make on this platform (`logIn`, `isLoggedIn`, `restart`, …).
    public var calls: [String]

    public init(platform: String, calls: [String]) {
        self.platform = platform
        self.calls = calls
    }
}
