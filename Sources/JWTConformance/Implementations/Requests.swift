/// What a verifier is asked: check `token` under `profile`, with these keys, at `now`.
public struct VerificationRequest: Sendable, Hashable {
    public var profile: ProfileID
    public var token: String
    public var keys: [VerificationKey]
    public var now: UnixTime
    /// The vector the request is made for, when it is made for one: a testee's request `id`.
    public var vectorID: VectorID?

    public init(profile: ProfileID, token: String, keys: [VerificationKey], now: UnixTime, vectorID: VectorID? = nil) {
        self.profile = profile
        self.token = token
        self.keys = keys
        self.now = now
        self.vectorID = vectorID
    }
}

/// What a signer is asked: issue a `profile` token for `subject` with `key` at `now`,
/// expiring `lifetime` seconds later when a lifetime is given.
public struct SigningRequest: Sendable, Hashable {
    public var profile: ProfileID
    public var subject: Subject
    public var key: VerificationKey
    public var now: UnixTime
    public var lifetime: Int64?
    /// The vector the request is made for, when it is made for one: a testee's request `id`.
    public var vectorID: VectorID?

    public init(
        profile: ProfileID, subject: Subject, key: VerificationKey, now: UnixTime, lifetime: Int64? = nil,
        vectorID: VectorID? = nil
    ) {
        self.profile = profile
        self.subject = subject
        self.key = key
        self.now = now
        self.lifetime = lifetime
        self.vectorID = vectorID
    }
}
