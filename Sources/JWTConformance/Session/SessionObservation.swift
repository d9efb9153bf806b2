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
        /// The backend refused a login whose token it accepts, because the token's verified email
        /// is already paired with another user (Zendesk messaging's HTTP 409).
        case conflict

        public var description: String {
            switch self {
            case .ok: "ok"
            case .answer(let answer): "answer \(answer)"
            case .error(let reason?): "error (\(reason))"
            case .error(nil): "error"
            case .conflict: "conflict"
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
