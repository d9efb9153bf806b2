/// A session vector: a fresh install of one platform's SDK, the backend's existing
/// conversations, and a script of calls with the observation each must produce.
public struct SessionCase: Sendable, Hashable {
    /// The SDK flavour (the shape of `isLoggedIn`, what survives a restart).
    public var platform: SessionPlatform
    /// The key set the SDK's backend verifies tokens with.
    public var keys: [VerificationKey]
    /// The conversations customers already have on the backend when the script starts.
    public var history: [CustomerHistory]
    /// The calls, in order, each with its expectation.
    public var steps: [ScriptedStep]

    public init(platform: SessionPlatform, keys: [VerificationKey], history: [CustomerHistory], steps: [ScriptedStep]) {
        self.platform = platform
        self.keys = keys
        self.history = history
        self.steps = steps
    }

    /// The request handed to a session implementation: everything but the expectations.
    public func request(profile: ProfileID) -> SessionRequest {
        SessionRequest(profile: profile, platform: platform, keys: keys, history: history, steps: steps.map(\.step))
    }
}

/// One step of a session vector: the call and what must be observed after it.
public struct ScriptedStep: Sendable, Hashable {
    public var step: SessionStep
    public var expected: SessionStepExpectation

    public init(_ step: SessionStep, expected: SessionStepExpectation) {
        self.step = step
        self.expected = expected
    }
}

/// What a session implementation is asked: start a fresh `platform` session of `profile`
/// whose backend verifies with `keys` and already holds `history`, then make the calls.
public struct SessionRequest: Sendable, Hashable {
    public var profile: ProfileID
    public var platform: SessionPlatform
    public var keys: [VerificationKey]
    public var history: [CustomerHistory]
    public var steps: [SessionStep]

    public init(
        profile: ProfileID, platform: SessionPlatform, keys: [VerificationKey], history: [CustomerHistory],
        steps: [SessionStep]
    ) {
        self.profile = profile
        self.platform = platform
        self.keys = keys
        self.history = history
        self.steps = steps
    }
}
