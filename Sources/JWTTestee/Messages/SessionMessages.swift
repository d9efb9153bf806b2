import JWTConformance

/// The `session` operation of the testee protocol (see `PROTOCOL.md`): the request carries the
/// script, the response one observation per step. Steps, keys and customer histories have the
/// same JSON as in vector files, so their codecs stay in JWTConformance.
extension SessionRequest {
    /// The members a testee's `session` request carries besides `op` and `id`:
    /// `profile`, `platform`, `keys`, `history`, `directory` (only when it is not empty) and `steps`.
    public var jsonMembers: [(key: String, value: JSONValue)] {
        [
            ("profile", .string(profile.rawValue)),
            ("platform", .string(platform.rawValue)),
            ("keys", .array(keys.map(\.json))),
            ("history", .array(history.map(\.json))),
        ] + (directory.isEmpty ? [] : [("directory", .array(directory.map(\.json)))]) + [
            ("steps", .array(steps.map(\.json))),
        ]
    }

    /// Reads a request from the members of a testee's `session` message.
    public init(json: JSONValue) throws(ProtocolViolation) {
        self = try FieldReader(file: "session request", value: json).message { fields throws(DataFileError) in try fields.sessionRequest() }
    }
}

extension SessionObservation {
    /// `{"outcome": "ok" | "answer" | "error" | "conflict", "answer"?, "reason"?, "identity", "conversations"}`.
    public var json: JSONValue {
        var object: JSONObject
        switch outcome {
        case .ok: object = ["outcome": "ok"]
        case .answer(let answer): object = ["outcome": "answer", "answer": .bool(answer)]
        case .error(let reason): object = ["outcome": "error", "reason": reason.map { .string($0.rawValue) } ?? .null]
        case .conflict: object = ["outcome": "conflict"]
        }
        for (key, value) in state.members { object.append(key: key, value: value) }
        return .object(object)
    }

    /// Reads an observation as a testee reports it.
    public init(json: JSONValue) throws(ProtocolViolation) {
        self = try FieldReader(file: "session observation", value: json).message { fields throws(DataFileError) in try fields.sessionObservation() }
    }
}

extension FieldReader {
    /// The members of a session request: `profile`, `platform`, `keys`, `history`, `directory`, `steps`.
    func sessionRequest() throws(DataFileError) -> SessionRequest {
        var keys: [VerificationKey] = []
        for key in try field("keys").array() { keys.append(try key.key()) }
        var history: [CustomerHistory] = []
        for customer in try optionalField("history")?.array() ?? [] { history.append(try customer.customerHistory()) }
        var directory: [PairedEmail] = []
        for entry in try optionalField("directory")?.array() ?? [] { directory.append(try entry.pairedEmail()) }
        var steps: [SessionStep] = []
        for step in try field("steps").array() { steps.append(try step.sessionStep()) }
        return SessionRequest(
            profile: ProfileID(try field("profile").nonEmptyString()),
            platform: try field("platform").oneOf(SessionPlatform.self),
            keys: keys,
            history: history,
            directory: directory,
            steps: steps
        )
    }

    /// An observation, as a testee reports it.
    func sessionObservation() throws(DataFileError) -> SessionObservation {
        let outcome: SessionObservation.Outcome
        switch try field("outcome").string() {
        case "ok": outcome = .ok
        case "answer": outcome = .answer(try field("answer").boolean())
        case "error": outcome = .error(try optionalField("reason")?.oneOf(RejectionReason.self))
        case "conflict": outcome = .conflict
        case let other:
            throw error(.unknownWord(other, expected: ["ok", "answer", "error", "conflict"]), at: "\(path).outcome")
        }
        return SessionObservation(outcome: outcome, state: try sessionState())
    }
}
