/// What a session implementation reports after one step.
public struct SessionObservation: Sendable, Hashable, CustomStringConvertible {
    /// The ways a call can end.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The call succeeded (`logIn`, `logOut`, `startConversation`, `restart`, …).
        case ok
        /// `isLoggedIn` answered.
        case answer(Bool)
        /// The call failed; the token's rejection reason when there is one and it is known.
        case error(RejectionReason?)

        public var description: String {
            switch self {
            case .ok: "ok"
            case .answer(let answer): "answer \(answer)"
            case .error(let reason?): "error (\(reason))"
            case .error(nil): "error"
            }
        }
    }

    /// How the call ended.
    public var outcome: Outcome
    /// The session after the call.
    public var state: SessionState

    public init(outcome: Outcome, state: SessionState) {
        self.outcome = outcome
        self.state = state
    }

    public init(outcome: Outcome, identity: Identity?, conversations: [String]) {
        self.init(outcome: outcome, state: SessionState(identity: identity, conversations: conversations))
    }

    public var description: String { "\(outcome); \(state)" }
}
