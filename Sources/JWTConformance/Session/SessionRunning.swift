extension ConformanceRunner {
    /// Runs a session vector's script on a fresh session of `driver` and judges the observations.
    func outcome(of session: SessionCase, vector: ConformanceVector, driver: any SessionDriver) async -> TestResult.Outcome {
        let observations: [SessionObservation]
        do {
            observations = try await driver.run(session.request(profile: vector.profile, vectorID: vector.id))
        } catch let unsupported as ImplementationUnsupported {
            return .skipped(unsupported.message)
        } catch {
            return .error("the session threw: \(error)")
        }
        guard observations.count == session.steps.count else {
            return .error("the session returned \(observations.count) observations for \(session.steps.count) steps")
        }
        return judge(observations, for: session)
    }

    /// Judges a session's observations, one per step.
    public func judge(_ observations: [SessionObservation], for session: SessionCase) -> TestResult.Outcome {
        SessionJudge().outcome(of: observations, against: session)
    }
}
