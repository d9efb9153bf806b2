/// One call of a session script and the time at which it is made.
public struct SessionStep: Sendable, Hashable, CustomStringConvertible {
    /// The SDK call.
    public var call: SessionCall
    /// The clock when the call is made: tokens are validated at this time.
    public var now: UnixTime

    public init(_ call: SessionCall, now: UnixTime) {
        self.call = call
        self.now = now
    }

    public var description: String { "\(call) at \(now)" }
}
