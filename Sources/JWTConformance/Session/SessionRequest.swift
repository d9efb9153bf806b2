/// What a session implementation is asked: start a fresh `platform` session of `profile`
/// whose backend verifies with `keys` and already holds `history`, then make the calls.
public struct SessionRequest: Sendable, Hashable {
    /// The vendor profile.
    public var profile: ProfileID
    /// The SDK flavour whose API shape the steps use.
    public var platform: SessionPlatform
    /// The key set the SDK's backend verifies tokens with.
    public var keys: [VerificationKey]
    /// The conversations customers already have on the backend.
    public var history: [CustomerHistory]
    /// The verified emails the backend already pairs with users (Zendesk messaging's user directory).
    public var directory: [PairedEmail]
    /// The calls, in order.
    public var steps: [SessionStep]
    /// The vector the request is made for, when it is made for one: a testee's request `id`.
    public var vectorID: VectorID?

    public init(
        profile: ProfileID, platform: SessionPlatform, keys: [VerificationKey], history: [CustomerHistory],
        directory: [PairedEmail] = [], steps: [SessionStep], vectorID: VectorID? = nil
    ) {
        self.directory = directory
        self.profile = profile
        self.platform = platform
        self.keys = keys
        self.history = history
        self.steps = steps
        self.vectorID = vectorID
    }
}
