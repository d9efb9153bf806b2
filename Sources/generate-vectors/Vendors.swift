import JWTConformance

/// Everything a case definition needs to know about one vendor profile to build a valid
/// token and then break exactly one thing about it.
///
/// The baseline (JWS/JWT) cases are written once against this type and run under every
/// vendor, each with the vendor's own id prefix. The profile file gives its id, prefix, name
/// and rules; the vendor's cases type (``VendorCases``) gives the rest: test keys, customer,
/// and the rule ids the baseline cases cite next to the JWS/JWT ones.
struct Vendor {
    /// The profile id (`kustomer`), from the profile file.
    let profile: String
    /// The id prefix (`KUS`), from the profile file's `idPrefix`.
    let prefix: String
    /// The vendor's name for descriptions and titles, from the profile file's `name`.
    let name: String
    /// Whether the header must name the signing key with `kid` (the profile's `keyIdRequired`).
    let requiresKeyID: Bool
    /// Whether `iat` is held to a window around the verifier's clock (the profile has an `issuedAt` rule).
    let checksIssuedAt: Bool
    /// The key set and clock most verifier tests use.
    let defaultGroup: KeyGroup
    /// The key valid tokens are signed with (Sunshine: the first app key, named by `kid`).
    let signingKey: VerificationKey
    /// How the signer group's key is described.
    let signerGroupDescription: String
    /// The header of a valid token, in the order the vendor's sample writes it.
    let header: JSONObject
    /// The claim that names the customer in the baseline cases.
    let identityClaim: String
    let identityKind: IdentityKind
    /// The customer of the baseline cases.
    let customer: String
    /// Members a valid payload has besides the identity claim and `iat` (Sunshine: `scope`).
    let fixedClaims: JSONObject
    /// The claims that name the customer, in the order the derived families vary them.
    let identityMembers: [IdentityMember]
    /// The scope claim and the one value it must hold, for profiles that have one.
    let scopeMember: ScopeMember?
    /// Whether the signing secret happens to be valid base64 (Sunshine's example key): the
    /// base64-key cases then use it, else a secret of their own.
    let secretIsBase64: Bool

    // Rules the baseline cases cite next to the JWS/JWT ones.
    let algorithmRule: String
    let typeRule: String
    let typeAbsentAmbiguity: String
    /// The ambiguity that leaves a `typ` naming another type open, or nil when it must be refused.
    let typeOtherValueAmbiguity: String?
    /// The ambiguity whose decision refuses HS384 and HS512 when the vendor names the family, if any.
    let algorithmFamilyAmbiguity: String?
    let identityRules: [String]
    /// The rules a vector about which identity claim wins cites (empty with one identity claim).
    let precedenceRules: [String]
    /// With two identity claims: the ambiguity when the winning claim is unusable beside a valid
    /// other one (does the other one name the customer?), then the one when the other claim is
    /// unusable beside a valid winner (must every identity claim present be usable?).
    let precedenceAmbiguities: [String]
    let keyRules: [String]
    /// Without `kid` in use: the ambiguity of a `kid` that is not a string (ignored or refused?).
    let keyIDTypeAmbiguity: String?
    /// With `kid` required: the ambiguity whose decision refuses a `kid` naming another key of the set.
    let keySelectionAmbiguity: String?
    /// Without an `iat` rule: the ambiguity of an `iat` that is malformed or in the future.
    let issuedAtUncheckedAmbiguity: String?
    /// With an `iat` rule: the greatest number of seconds `iat` may be ahead of the clock (the
    /// profile's `maximumFutureSkew`), and the ambiguity of an `iat` ahead by no more than that.
    let issuedAtFuture: (skew: Int64, ambiguity: String)?
    let expirationRules: [String]
    let issuedAtRules: [String]
    /// The rules every signer vector cites, the rule for the identity claims a signer writes,
    /// and the rule for its `iat` and `exp`.
    let signerRules: [String]
    let signerIdentityRule: String
    let signerTimeRule: String

    /// A vendor of `profile`. The identity members default to the one baseline identity claim,
    /// whose integer values are left open by `identityNumberAmbiguity` when given (else refused).
    init(
        profile: ProfileDefinition, defaultGroup: KeyGroup, signingKey: VerificationKey, signerGroupDescription: String,
        header: JSONObject, identityClaim: String, identityKind: IdentityKind, customer: String, fixedClaims: JSONObject,
        identityMembers: [IdentityMember]? = nil, identityNumberAmbiguity: String? = nil, scopeRules: [String] = [], secretIsBase64: Bool = false,
        algorithmRule: String, typeRule: String, typeAbsentAmbiguity: String, typeOtherValueAmbiguity: String?,
        algorithmFamilyAmbiguity: String? = nil, identityRules: [String], precedenceRules: [String] = [],
        precedenceAmbiguities: [String] = [], keyRules: [String], keyIDTypeAmbiguity: String? = nil,
        keySelectionAmbiguity: String? = nil, issuedAtUncheckedAmbiguity: String? = nil, issuedAtFutureAmbiguity: String? = nil,
        expirationRules: [String], issuedAtRules: [String], signerRules: [String], signerIdentityRule: String,
        signerTimeRule: String
    ) {
        guard let prefix = profile.idPrefix, let name = profile.name else {
            preconditionFailure("profile \(profile.id) has no idPrefix or name (Vectors/profiles/\(profile.id).json)")
        }
        self.profile = profile.id.rawValue
        self.prefix = prefix
        self.name = name
        self.requiresKeyID = profile.header.keyIdRequired
        self.checksIssuedAt = profile.issuedAt != nil
        self.defaultGroup = defaultGroup
        self.signingKey = signingKey
        self.signerGroupDescription = signerGroupDescription
        self.header = header
        self.identityClaim = identityClaim
        self.identityKind = identityKind
        self.customer = customer
        self.fixedClaims = fixedClaims
        self.identityMembers = identityMembers ?? [
            IdentityMember(code: 3, name: identityClaim, kind: identityKind, valid: customer, rules: identityRules,
                           numberAmbiguity: identityNumberAmbiguity)
        ]
        self.scopeMember = profile.scope.map { ScopeMember(name: $0.claim, value: $0.value, rules: scopeRules) }
        self.secretIsBase64 = secretIsBase64
        self.algorithmRule = algorithmRule
        self.typeRule = typeRule
        self.typeAbsentAmbiguity = typeAbsentAmbiguity
        self.typeOtherValueAmbiguity = typeOtherValueAmbiguity
        self.algorithmFamilyAmbiguity = algorithmFamilyAmbiguity
        self.identityRules = identityRules
        self.precedenceRules = precedenceRules
        self.precedenceAmbiguities = precedenceAmbiguities
        self.keyRules = keyRules
        self.keyIDTypeAmbiguity = keyIDTypeAmbiguity
        self.keySelectionAmbiguity = keySelectionAmbiguity
        self.issuedAtUncheckedAmbiguity = issuedAtUncheckedAmbiguity
        if let skew = profile.issuedAt?.maximumFutureSkew, let ambiguity = issuedAtFutureAmbiguity {
            self.issuedAtFuture = (skew, ambiguity)
        } else {
            self.issuedAtFuture = nil
        }
        self.expirationRules = expirationRules
        self.issuedAtRules = issuedAtRules
        self.signerRules = signerRules
        self.signerIdentityRule = signerIdentityRule
        self.signerTimeRule = signerTimeRule
    }

    var secret: String { signingKey.secret }
    var identity: Identity { Identity(kind: identityKind, value: customer) }

    /// A customer of the baseline identity kind.
    func identity(_ value: String) -> Identity { Identity(kind: identityKind, value: value) }

    /// A valid payload naming `customer` (default: the baseline customer), issued at `now`.
    func payload(_ customer: String? = nil, now: Int64 = defaultNow) -> JSONObject {
        payload(identityValue: .string(customer ?? self.customer), now: now)
    }

    /// A payload whose identity claim holds any JSON value.
    func payload(identityValue: JSONValue, now: Int64 = defaultNow) -> JSONObject {
        var object = fixedClaims
        object.append(key: identityClaim, value: identityValue)
        object.append(key: "iat", value: Forge.int(now))
        return object
    }

    /// A payload whose identity claim is written as raw JSON text (escapes, duplicates).
    func payloadText(identityJSON: String, now: Int64 = defaultNow) -> String {
        var text = "{"
        for member in fixedClaims {
            text += JSONValue.string(member.key).serialized() + ":" + member.value.serialized() + ","
        }
        return text + identityJSON + ",\"iat\":\(now)}"
    }

    /// A header with `alg` replaced (every other member of the valid header kept).
    func header(alg: JSONValue?) -> JSONObject {
        header.with("alg", alg)
    }

    /// A token signed with the vendor's signing key.
    func token(_ header: JSONObject? = nil, _ payload: JSONObject? = nil) -> String {
        Forge.sign(header ?? self.header, payload ?? self.payload(), secret: secret)
    }

    /// A key set of one key with this secret (named by the signing key's `kid`, if any).
    func singleKeyGroup(_ description: String, secret: String) -> KeyGroup {
        KeyGroup(description: description, keys: [VerificationKey(kid: signingKey.kid, secret: secret)])
    }
}

/// The test keys every vendor shares. A vendor's own keys live in its cases file.
enum TestKeys {
    /// A secret nobody configured: what an attacker signs with.
    static let attackerSecret = "attacker-chosen-secret-0000000000000000"
}
