/// One test of the corpus, resolved: the group's clock and keys are folded in, so the
/// vector can be run on its own.
public struct ConformanceVector: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// The stable id, such as `KUS-TIM-007`.
    public var id: VectorID
    /// One line saying what the test checks.
    public var description: String
    /// The profile the vector is run under.
    public var profile: ProfileID
    /// The catalogue area of the vector's file.
    public var category: VectorCategory
    /// The catalogue rules the vector exercises.
    public var rules: [String]
    /// Where those rules come from: seed file and heading, or RFC and section.
    public var sources: [String]
    /// Flags from the catalogue's taxonomy (`boundary`, `auth-bypass`, …).
    public var flags: [String]
    /// The file the vector was loaded from, relative to the corpus root.
    public var file: String
    /// The input and the expected outcome.
    public var body: Body

    /// A vector's input and expectation, by role.
    public enum Body: Sendable, Hashable {
        case verification(VerificationCase)
        case signing(SigningCase)
        case session(SessionCase)
    }

    public init(
        id: VectorID, description: String, profile: ProfileID, category: VectorCategory,
        rules: [String], sources: [String], flags: [String], file: String, body: Body
    ) {
        self.id = id
        self.description = description
        self.profile = profile
        self.category = category
        self.rules = rules
        self.sources = sources
        self.flags = flags
        self.file = file
        self.body = body
    }

    /// The role an implementation must play to run this vector.
    public var role: Role {
        switch body {
        case .verification: .verifier
        case .signing: .signer
        case .session: .session
        }
    }
}

/// A verifier vector: a token, a key set and a clock, and the verdict they call for.
public struct VerificationCase: Sendable, Hashable {
    public var token: String
    public var keys: [VerificationKey]
    public var now: UnixTime
    public var expected: VerificationExpectation

    public init(token: String, keys: [VerificationKey], now: UnixTime, expected: VerificationExpectation) {
        self.token = token
        self.keys = keys
        self.now = now
        self.expected = expected
    }

    /// The request handed to a verifier, made for the vector `vectorID` when it is given.
    public func request(profile: ProfileID, vectorID: VectorID? = nil) -> VerificationRequest {
        VerificationRequest(profile: profile, token: token, keys: keys, now: now, vectorID: vectorID)
    }
}

/// A signer vector: a subject, a key, a clock and an optional lifetime, and the properties
/// the produced token must have.
public struct SigningCase: Sendable, Hashable {
    public var subject: Subject
    public var key: VerificationKey
    public var now: UnixTime
    public var lifetime: Int64?
    public var expected: SigningExpectation

    public init(subject: Subject, key: VerificationKey, now: UnixTime, lifetime: Int64?, expected: SigningExpectation) {
        self.subject = subject
        self.key = key
        self.now = now
        self.lifetime = lifetime
        self.expected = expected
    }

    /// The request handed to a signer, made for the vector `vectorID` when it is given.
    public func request(profile: ProfileID, vectorID: VectorID? = nil) -> SigningRequest {
        SigningRequest(profile: profile, subject: subject, key: key, now: now, lifetime: lifetime, vectorID: vectorID)
    }
}
