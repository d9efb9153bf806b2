/// How a step's call must end.
public enum SessionResult: Sendable, Hashable, CustomStringConvertible {
    /// The call succeeds.
    case ok
    /// `isLoggedIn` answers this.
    case answer(Bool)
    /// The call fails; a reported reason must be one of `reasons` (any reason when empty).
    case error(reasons: [RejectionReason])
    /// The backend refuses the login although it accepts the token: the token's verified email
    /// is already paired with another user (Zendesk messaging's HTTP 409).
    case conflict

    public var description: String {
        switch self {
        case .ok: "ok"
        case .answer(let answer): "answer \(answer)"
        case .error(let reasons) where reasons.isEmpty: "error"
        case .error(let reasons): "error (\(reasons.map(\.rawValue).joined(separator: " or ")))"
        case .conflict: "conflict"
        }
    }
}

/// One acceptable observation after a step: the result and the session state.
public struct ExpectedObservation: Sendable, Hashable, CustomStringConvertible {
    /// How the call must end.
    public var result: SessionResult
    /// The session after the call.
    public var state: SessionState

    public init(result: SessionResult, state: SessionState) {
        self.result = result
        self.state = state
    }

    /// Whether `observation` matches: the same outcome (a reported error reason among the
    /// expected ones), the same identity and the same set of conversations.
    public func isMatched(by observation: SessionObservation) -> Bool {
        mismatch(observation) == nil && observation.state == state
    }

    /// How the outcome differs, if it does.
    func mismatch(_ observation: SessionObservation) -> Failure.Kind? {
        switch (result, observation.outcome) {
        case (.ok, .ok), (.conflict, .conflict):
            return nil
        case (.answer(let expected), .answer(let actual)):
            return expected == actual ? nil : .wrongVerdict
        case (.error(let reasons), .error(let reason)):
            guard let reason, !reasons.isEmpty, !reasons.contains(reason) else { return nil }
            return .reasonMismatch
        default:
            return .wrongVerdict
        }
    }

    public var description: String { "\(result); \(state)" }
}

/// What a step must observe: one observation, or one per reading of a vendor ambiguity.
public enum SessionStepExpectation: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this observation.
    case exact(ExpectedObservation)
    /// Any of these observations, one per reading of the catalogue ambiguity, in the catalogue's
    /// order. Within one vector every step naming the same ambiguity must follow the same reading.
    case acceptable(ambiguity: String, readings: [ExpectedObservation])

    public var description: String {
        switch self {
        case .exact(let observation):
            observation.description
        case .acceptable(let ambiguity, let readings):
            "one of (\(ambiguity)): " + readings.enumerated().map { "[\($0.offset)] \($0.element)" }.joined(separator: " | ")
        }
    }
}
