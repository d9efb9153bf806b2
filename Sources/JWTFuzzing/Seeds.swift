import JWTConformance

/// Drafts and signer cases derived from the corpus: the starting points of every mutation.
public struct Seeds: Sendable {
    /// One draft per verifier vector whose token decodes, by profile.
    public var drafts: [ProfileID: [TokenDraft]]
    /// The signer vectors, by profile.
    public var signing: [ProfileID: [SigningCase]]
    /// Every key the profile's verifier vectors use: decoys for key mutations.
    public var keys: [ProfileID: [VerificationKey]]

    /// The seeds of `vectors`, in corpus order.
    public init(vectors: [ConformanceVector]) {
        drafts = [:]
        signing = [:]
        keys = [:]
        for vector in vectors {
            switch vector.body {
            case .verification(let verification):
                for key in verification.keys where !(keys[vector.profile]?.contains(key) ?? false) {
                    keys[vector.profile, default: []].append(key)
                }
                if let draft = Self.draft(vector.profile, verification) { drafts[vector.profile, default: []].append(draft) }
            case .signing(let signingCase):
                signing[vector.profile, default: []].append(signingCase)
            case .session:
                continue
            }
        }
    }

    /// The largest corpus token used as a seed: the corpus's size-limit vectors (tens of kilobytes)
    /// would cost a thousand times more per mutation and find nothing the corpus does not test.
    public static let maximumSeedByteCount = 4_096

    /// The draft of a verifier vector: its decoded header and payload, signed as the vector is
    /// (with the key whose MAC it carries, or its literal signature).
    static func draft(_ profile: ProfileID, _ verification: VerificationCase) -> TokenDraft? {
        guard verification.token.utf8.count <= maximumSeedByteCount, let jws = try? CompactJWS.decode(verification.token),
            let header = try? Base64URL.decode(jws.headerSegment),
            let payload = try? Base64URL.decode(jws.payloadSegment)
        else { return nil }
        let signing: TokenDraft.Signing =
            verification.keys.first { jws.hasValidSignature(authenticator: $0.authenticator) }.map { .mac(secret: $0.secret) }
            ?? .literal(String(jws.signatureSegment))
        var draft = TokenDraft(
            profile: profile, header: header, payload: payload, signing: signing, keys: verification.keys, now: verification.now)
        // Parsed once here rather than by every case's first mutation.
        for (part, text) in [(TokenDraft.Segment.header, header), (.payload, payload)] {
            draft.parsed.store(Mutator.object(in: text), text: text, for: part)
        }
        return draft
    }
}

/// Signer inputs: generated subjects (unicode, long, numeric-looking, empty) in the shape of a
/// corpus signer vector, with the expectation rebuilt for the new subject, clock and lifetime.
public enum SigningMutations {
    /// A signer case derived from `seed`, or nil when its expectation cannot be stated: an empty
    /// identifier, which no reading of the profile lets the reference verifier accept.
    public static func mutate(_ seed: SigningCase, profile: ProfileDefinition, using random: inout SplitMix64) -> (SigningCase, stated: Bool) {
        var subject = seed.subject
        if subject.externalId != nil { subject.externalId = random.chance(80) ? randomText(&random) : seed.subject.externalId }
        if subject.email != nil { subject.email = random.chance(80) ? randomText(&random) : seed.subject.email }
        let now = random.chance(70) ? seed.now : seed.now &+ Int64(random.number(in: -1_000_000...1_000_000))
        let lifetime: Int64? = random.chance(50) ? seed.lifetime : random.pick([nil, 1, 60, 900, 86_400, 315_360_000])
        var claims = seed.expected.claims
        for rule in profile.identityClaims where claims[rule.claim] != nil {
            let value = rule.kind == .email ? subject.email : subject.externalId
            claims[rule.claim] = value.map(JSONValue.string) ?? .null
        }
        if claims["iat"] != nil { claims["iat"] = .number(JSONNumber(now)) }
        claims["exp"] = lifetime.map { .number(JSONNumber(now &+ $0)) }
        let kind = seed.expected.identity.kind
        let value = (kind == .email ? subject.email : subject.externalId) ?? ""
        let expected = SigningExpectation(header: seed.expected.header, claims: claims, identity: Identity(kind: kind, value: value))
        let stated = [subject.externalId, subject.email].allSatisfy { $0.map { !$0.isEmpty } ?? true }
        return (SigningCase(subject: subject, key: seed.key, now: now, lifetime: lifetime, expected: expected), stated)
    }

    static func randomText(_ random: inout SplitMix64) -> String {
        switch random.below(6) {
        case 0: return ""
        case 1: return String(random.number(in: 0...999_999_999))
        case 2: return random.pick(["0", "007", "-1", "1e3", "1.0", "9007199254740993", "NaN", "true", "null"])
        case 3: return String(repeating: random.pick(["a", "é", "😀", "用"]), count: random.pick([64, 257, 1_000]))
        default:
            return (0..<random.number(in: 1...4)).map { _ in random.pick(Values.identityTexts) }.joined()
        }
    }
}
