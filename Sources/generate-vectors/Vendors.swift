import JWTConformance

/// Everything a case definition needs to know about one vendor profile to build a valid
/// token and then break exactly one thing about it.
///
/// The baseline (JWS/JWT) cases are written once against this type and run under every
/// vendor, each with the vendor's own id prefix.
struct Vendor {
    /// The profile id (`kustomer`).
    let profile: String
    /// The id prefix (`KUS`).
    let prefix: String
    /// The vendor's name for descriptions and titles.
    let name: String
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

    // Rules the baseline cases cite next to the JWS/JWT ones.
    let algorithmRule: String
    let typeRule: String
    let typeAbsentAmbiguity: String
    /// The ambiguity that leaves a `typ` naming another type open, or nil when it must be refused.
    let typeOtherValueAmbiguity: String?
    let identityRules: [String]
    let keyRules: [String]
    let expirationRules: [String]
    let issuedAtRules: [String]

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

/// The test keys. Realistic in shape, and obviously for tests.
enum TestKeys {
    static let kustomerSecret = "kustomer-test-secret-5a3f9c0e1b7d2468ace0"
    /// Sunshine's documented example key (its guide's node.js sample): 24 bytes, valid base64.
    static let sunshinePrimary = VerificationKey(kid: "app_5deaa3531c7f940010cc4ba4", secret: "BFJJ88naxc5PZNAMU9KpBNTR")
    /// A second app key, so that a `kid` can name another key of the set.
    static let sunshineSecondary = VerificationKey(kid: "app_6553f1a0c2e8b70012d94e3b", secret: "sunshine-second-test-secret-7c1d9e4b2a60")
    /// A secret nobody configured: what an attacker signs with.
    static let attackerSecret = "attacker-chosen-secret-0000000000000000"
}

extension Vendor {
    static let kustomer = Vendor(
        profile: "kustomer",
        prefix: "KUS",
        name: "Kustomer",
        defaultGroup: KeyGroup(
            description: "the organisation's one Kustomer secret (no kid)",
            keys: [VerificationKey(kid: nil, secret: TestKeys.kustomerSecret)]
        ),
        signingKey: VerificationKey(kid: nil, secret: TestKeys.kustomerSecret),
        signerGroupDescription: "the organisation's Kustomer secret",
        header: ["alg": "HS256", "typ": "JWT"],
        identityClaim: "externalId",
        identityKind: .externalId,
        customer: "cust-2345678",
        fixedClaims: [:],
        algorithmRule: "KUS-HDR-ALG",
        typeRule: "KUS-HDR-TYP",
        typeAbsentAmbiguity: "AMB-KUS-TYP-REQUIRED",
        typeOtherValueAmbiguity: nil,
        identityRules: ["KUS-ID-CLAIMS", "KUS-ID-TYPE"],
        keyRules: ["KUS-KEY"],
        expirationRules: ["JWT-EXP"],
        issuedAtRules: ["KUS-IAT-REQUIRED", "KUS-IAT-WINDOW"]
    )

    static let sunshine = Vendor(
        profile: "sunshine",
        prefix: "SUN",
        name: "Sunshine",
        defaultGroup: KeyGroup(
            description: "two Sunshine app keys, each named by its kid",
            keys: [TestKeys.sunshinePrimary, TestKeys.sunshineSecondary]
        ),
        signingKey: TestKeys.sunshinePrimary,
        signerGroupDescription: "the guide's example app key (kid and secret)",
        header: ["alg": "HS256", "typ": "JWT", "kid": .string(TestKeys.sunshinePrimary.kid!)],
        identityClaim: "external_id",
        identityKind: .externalId,
        customer: "user-8f14e45f",
        fixedClaims: ["scope": "user"],
        algorithmRule: "SUN-HDR-ALG",
        typeRule: "SUN-HDR-TYP",
        typeAbsentAmbiguity: "AMB-SUN-TYP",
        typeOtherValueAmbiguity: "AMB-SUN-TYP",
        identityRules: ["SUN-ID-CLAIM", "SUN-ID-TYPE"],
        keyRules: ["SUN-HDR-KID", "SUN-KEY-SELECT"],
        expirationRules: ["JWT-EXP", "SUN-EXP"],
        issuedAtRules: ["SUN-IAT-UNCHECKED"]
    )
}
