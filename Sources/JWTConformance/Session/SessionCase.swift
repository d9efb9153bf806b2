/// A session vector: a fresh install of one platform's SDK, the backend's existing
/// conversations, and a script of calls with the observation each must produce.
public struct SessionCase: Sendable, Hashable {
    /// The SDK flavour (the shape of `isLoggedIn`, what survives a restart).
    public var platform: SessionPlatform
    /// The key set the SDK's backend verifies tokens with.
    public var keys: [VerificationKey]
    /// The conversations customers already have on the backend when the script starts.
    public var history: [CustomerHistory]
    /// The verified emails the backend already pairs with users when the script starts.
    public var directory: [PairedEmail]
    /// The calls, in order, each with its expectation.
    public var steps: [ScriptedStep]

    public init(
        platform: SessionPlatform, keys: [VerificationKey], history: [CustomerHistory], directory: [PairedEmail] = [],
        steps: [ScriptedStep]
    ) {
        self.platform = platform
        self.keys = keys
        self.history = history
        self.directory = directory
        self.steps = steps
    }

    /// The request handed to a session implementation: everything but the expectations, made for
    /// the vector `vectorID` when it is given.
    public func request(profile: ProfileID, vectorID: VectorID? = nil) -> SessionRequest {
        SessionRequest(
            profile: profile, platform: platform, keys: keys, history: history, directory: directory, steps: steps.map(\.step),
            vectorID: vectorID
        )
    }
}

/// One step of a session vector: the call and what must be observed after it.
public struct ScriptedStep: Sendable, Hashable {
    /// The call and its clock.
    public var step: SessionStep
    /// What must be observed after it.
    public var expected: SessionStepExpectation

    public init(_ step: SessionStep, expected: SessionStepExpectation) {
        self.step = step
        self.expected = expected
    }
}
