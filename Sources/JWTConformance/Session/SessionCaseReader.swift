/// Reads the session part of a vector file's test: the platform and keys (inherited from the
/// group), the starting state, and the scripted steps with their expectations.
struct SessionCaseReader {
    let test: FieldReader
    let group: FieldReader
    /// The test's clock, the default for steps without their own `now`.
    let now: UnixTime

    func read() throws(DataFileError) -> SessionCase {
        let platform = try test.field("platform", inheritedFrom: group).oneOf(SessionPlatform.self)
        var keys: [VerificationKey] = []
        for key in try test.field("keys", inheritedFrom: group).array() { keys.append(try key.key()) }
        var history: [CustomerHistory] = []
        var directory: [PairedEmail] = []
        if let start = try test.optionalField("start") {
            for customer in try start.optionalField("history")?.array() ?? [] { history.append(try customer.customerHistory()) }
            for entry in try start.optionalField("directory")?.array() ?? [] { directory.append(try entry.pairedEmail()) }
        }
        let steps = try test.field("steps").array()
        guard !steps.isEmpty else { throw test.error("a session test needs at least one step", at: "\(test.path).steps") }
        var scripted: [ScriptedStep] = []
        for step in steps {
            let parsed = try step.sessionStep(defaultNow: now)
            if case .isLoggedIn(let query) = parsed.call, !query.fits(platform) {
                throw step.error("isLoggedIn\(query) is not the \(platform) shape of the call", at: "\(step.path).call")
            }
            scripted.append(ScriptedStep(parsed, expected: try expectation(step.field("expected"))))
        }
        return SessionCase(platform: platform, keys: keys, history: history, directory: directory, steps: scripted)
    }

    private func expectation(_ expected: FieldReader) throws(DataFileError) -> SessionStepExpectation {
        guard try expected.field("result").string() == "acceptable" else {
            return .exact(try observation(expected))
        }
        let readings = try expected.field("readings").array()
        guard readings.count >= 2 else {
            throw expected.error("an acceptable step lists at least two readings", at: "\(expected.path).readings")
        }
        var observations: [ExpectedObservation] = []
        for reading in readings { observations.append(try observation(reading)) }
        return .acceptable(ambiguity: try expected.field("ambiguity").nonEmptyString(), readings: observations)
    }

    private func observation(_ expected: FieldReader) throws(DataFileError) -> ExpectedObservation {
        let result: SessionResult
        switch try expected.field("result").string() {
        case "ok":
            result = .ok
        case "answer":
            result = .answer(try expected.field("answer").boolean())
        case "error":
            var reasons: [RejectionReason] = []
            for reason in try expected.optionalField("reasons")?.array() ?? [] {
                reasons.append(try reason.oneOf(RejectionReason.self))
            }
            result = .error(reasons: reasons)
        case "conflict":
            result = .conflict
        case let other:
            throw expected.error(
                "unknown result \"\(other)\"; expected \"ok\", \"answer\", \"error\", \"conflict\" or \"acceptable\"",
                at: "\(expected.path).result"
            )
        }
        return ExpectedObservation(result: result, state: try expected.sessionState())
    }
}
