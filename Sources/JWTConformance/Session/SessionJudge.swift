/// Judges a session implementation's observations against a session vector.
///
/// A step conforms when its observation matches the expectation: the same outcome (a reported
/// error reason among the expected ones), the same identity and the same set of visible
/// conversations. For an `acceptable` step any reading's observation conforms, but one vector
/// must follow one reading of each ambiguity throughout.
public struct SessionJudge: Judge {
    public init() {}

    /// `nil` when every observation conforms, otherwise the failure at the first deviating step,
    /// with every deviation in its details. `observations` must have one entry per step.
    public func failure(of observations: [SessionObservation], against session: SessionCase) -> Failure? {
        var deviations: [(kind: Failure.Kind, expected: String, actual: String)] = []
        var readings: [String: (indices: Set<Int>, firstStep: Int)] = [:]
        for (index, (scripted, observation)) in zip(session.steps, observations).enumerated() {
            let place = "step \(index + 1) \(scripted.step.call)"
            switch scripted.expected {
            case .exact(let expected):
                if let kind = Self.deviation(of: expected, observation) {
                    deviations.append((kind, "\(place): \(expected)", observation.description))
                }
            case .acceptable(let ambiguity, let alternatives):
                let matching = Set(alternatives.indices.filter { alternatives[$0].isMatched(by: observation) })
                guard !matching.isEmpty else {
                    let kind = alternatives.first.flatMap { Self.deviation(of: $0, observation) } ?? .wrongVerdict
                    deviations.append((kind, "\(place): \(scripted.expected)", observation.description))
                    continue
                }
                if let earlier = readings[ambiguity] {
                    let common = earlier.indices.intersection(matching)
                    if common.isEmpty {
                        deviations.append((
                            Self.deviation(of: alternatives[earlier.indices.min()!], observation) ?? .wrongVerdict,
                            "\(place): reading \(earlier.indices.sorted()) of \(ambiguity), as followed at step \(earlier.firstStep)",
                            "\(observation) (reading \(matching.sorted()))"
                        ))
                    } else {
                        readings[ambiguity] = (common, earlier.firstStep)
                    }
                } else {
                    readings[ambiguity] = (matching, index + 1)
                }
            }
        }
        guard let first = deviations.first else { return nil }
        return Failure(
            kind: first.kind,
            expected: first.expected,
            actual: first.actual,
            details: deviations.count > 1
                ? deviations.map { "\($0.expected); got \($0.actual)" } : []
        )
    }

    /// How an observation deviates from one expected observation, or nil when it matches.
    /// Outcome deviations come first; a state deviation (identity or conversations) is a
    /// wrong identity: the session shows the wrong customer or another customer's data.
    static func deviation(of expected: ExpectedObservation, _ observation: SessionObservation) -> Failure.Kind? {
        if let outcome = expected.mismatch(observation) { return outcome }
        return observation.state == expected.state ? nil : .wrongIdentity
    }
}
