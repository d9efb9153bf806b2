import JWTConformance

/// A session vector being written: its metadata and a script whose expectations are stated
/// step by step.
///
/// The script tracks the expected state under each reading of at most one vendor ambiguity.
/// A step either states the state after it (for every reading, or one per reading) or leaves it
/// unchanged (a failed call, `isLoggedIn`); where the readings' observations differ the step is
/// written as `acceptable`.
struct SessionScript {
    /// The case's name, unique within its platform: the key of its permanent number.
    var name: String
    var description: String
    var rules: [String]
    var sources: [String]
    var flags: [String]
    var platform: SessionPlatform
    var history: [CustomerHistory]
    /// The verified emails the backend pairs with users when the script starts.
    var directory: [PairedEmail]
    /// A key set other than the group's, when the script needs one.
    var keys: [VerificationKey]?
    /// The ambiguity whose decision the script applies as a required observation, if any.
    var decided: String?
    /// The clock of the next step.
    var clock: UnixTime
    private(set) var steps: [ScriptedStep] = []
    /// The ambiguity the readings belong to, once a step has named one.
    private(set) var ambiguity: String?
    /// The expected state under each reading (one entry until an ambiguity is named).
    private var states: [SessionState] = [.anonymous]

    init(
        _ name: String, _ description: String, platform: SessionPlatform, start clock: UnixTime, rules: [String], sources: [String],
        flags: [String] = [], history: [CustomerHistory] = [], directory: [PairedEmail] = [], keys: [VerificationKey]? = nil
    ) {
        self.directory = directory
        self.name = name
        self.description = description
        self.platform = platform
        self.clock = clock
        self.rules = rules
        self.sources = sources
        self.flags = flags
        self.history = history
        self.keys = keys
    }

    /// The expected state, when every reading agrees on it.
    var state: SessionState {
        precondition(Set(states).count == 1, "\(description): the readings disagree on the state")
        return states[0]
    }

    /// A call after which the state is `state` under every reading.
    mutating func call(_ call: SessionCall, _ result: SessionResult = .ok, then state: SessionState) {
        append(call, Array(repeating: (result, state), count: states.count))
    }

    /// A call whose result and state depend on the reading of `ambiguity`, in catalogue order.
    mutating func call(_ call: SessionCall, ambiguity: String, readings: [(SessionResult, SessionState)]) {
        name(ambiguity, readings: readings.count)
        append(call, readings)
    }

    /// A call that must leave the state as it is, with this result.
    mutating func unchanged(_ call: SessionCall, _ result: SessionResult) {
        append(call, states.map { (result, $0) })
    }

    /// A call that leaves the state as it is, with a result that depends on the reading of `ambiguity`.
    mutating func unchanged(_ call: SessionCall, ambiguity: String, results: [SessionResult]) {
        name(ambiguity, readings: results.count)
        append(call, zip(results, states).map { ($0, $1) })
    }

    /// `isLoggedIn` answering `answer` under every reading.
    mutating func isLoggedIn(_ query: IsLoggedInQuery, _ answer: Bool) {
        unchanged(.isLoggedIn(query), .answer(answer))
    }

    /// `isLoggedIn` answering according to each reading's state: true exactly when the state's
    /// customer is `customer`.
    mutating func isLoggedIn(_ query: IsLoggedInQuery, whenLoggedInAs customer: Identity) {
        append(.isLoggedIn(query), states.map { (.answer($0.identity == customer), $0) })
    }

    /// The customer starts a conversation: it becomes visible under every reading.
    mutating func startConversation(_ label: String) {
        append(.startConversation(label), states.map {
            (.ok, SessionState(identity: $0.identity, conversations: $0.conversations + [label]))
        })
    }

    /// A call whose outcome under each reading of `ambiguity` (one entry per reading, or one
    /// for every reading) is given; the ambiguity is named once the readings' observations differ.
    mutating func observe(_ call: SessionCall, readings outcomes: [(SessionResult, SessionState)], ambiguity: String?) {
        let distinct = Set(outcomes.map { ExpectedObservation(result: $0.0, state: $0.1) }).count
        if let ambiguity, self.ambiguity != nil || distinct > 1 {
            name(ambiguity, readings: outcomes.count)
            append(call, outcomes)
        } else {
            precondition(distinct == 1, "\(description): readings without an ambiguity")
            append(call, Array(repeating: outcomes[0], count: states.count))
        }
    }

    private mutating func name(_ ambiguity: String, readings count: Int) {
        precondition(self.ambiguity == nil || self.ambiguity == ambiguity, "\(description): one ambiguity per vector")
        precondition(states.count == 1 || states.count == count, "\(description): reading counts differ")
        self.ambiguity = ambiguity
        if states.count == 1 { states = Array(repeating: states[0], count: count) }
    }

    private mutating func append(_ call: SessionCall, _ outcomes: [(SessionResult, SessionState)]) {
        let observations = outcomes.map { ExpectedObservation(result: $0.0, state: $0.1) }
        let expected: SessionStepExpectation
        if Set(observations).count == 1 {
            expected = .exact(observations[0])
        } else {
            guard let ambiguity else { preconditionFailure("\(description): readings without an ambiguity") }
            expected = .acceptable(ambiguity: ambiguity, readings: observations)
        }
        states = outcomes.map(\.1)
        steps.append(ScriptedStep(SessionStep(call, now: clock), expected: expected))
    }
}

extension SessionState {
    /// Logged in as `identity`, seeing `conversations`.
    static func loggedIn(_ identity: Identity, _ conversations: [String] = []) -> SessionState {
        SessionState(identity: identity, conversations: conversations)
    }

    /// Anonymous, seeing `conversations`.
    static func anonymous(_ conversations: [String]) -> SessionState {
        SessionState(identity: nil, conversations: conversations)
    }
}
