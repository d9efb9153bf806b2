/// The suite's own pure-Swift implementation, as a plug-in: the baseline every vector is
/// checked against, and a testee other harnesses can talk to.
public struct ReferenceTokenVerifier: TokenVerifier {
    public var profiles: [ProfileID: ProfileDefinition] {
        didSet { verifiers = profiles.mapValues { ReferenceVerifier(profile: $0) } }
    }

    /// One verifier per profile, made once.
    private var verifiers: [ProfileID: ReferenceVerifier]

    public init(profiles: [ProfileID: ProfileDefinition]) {
        self.profiles = profiles
        verifiers = profiles.mapValues { ReferenceVerifier(profile: $0) }
    }

    public func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let verifier = verifiers[request.profile] else {
            throw ImplementationUnsupported("unknown profile \"\(request.profile)\"")
        }
        return verifier.verify(request.token, keys: request.keys, now: request.now).verdict
    }
}

/// The reference signer as a plug-in.
public struct ReferenceTokenSigner: TokenSigner {
    public var profiles: [ProfileID: ProfileDefinition]

    public init(profiles: [ProfileID: ProfileDefinition]) { self.profiles = profiles }

    public func sign(_ request: SigningRequest) async throws -> String {
        guard let profile = profiles[request.profile] else {
            throw ImplementationUnsupported("unknown profile \"\(request.profile)\"")
        }
        return try ReferenceSigner(profile: profile).sign(
            subject: request.subject, key: request.key, now: request.now, lifetime: request.lifetime
        )
    }
}

extension Implementation {
    /// The reference implementation for every profile of a corpus, in all three roles.
    public static func reference(profiles: [ProfileID: ProfileDefinition]) -> Implementation {
        Implementation(
            metadata: ImplementationMetadata(name: "jwt-conformance reference", version: suiteToolVersion, language: "Swift"),
            profiles: Set(profiles.keys),
            verifier: ReferenceTokenVerifier(profiles: profiles),
            signer: ReferenceTokenSigner(profiles: profiles),
            session: ReferenceSessionModel.driver(profiles: profiles)
        )
    }
}

/// The version of the jwt-conformance tools (not of the vectors: see ``Corpus/suiteVersion``).
public let suiteToolVersion = "0.1.0"
