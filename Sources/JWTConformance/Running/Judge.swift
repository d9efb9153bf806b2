/// Judges what an implementation answered against what its vector expects: the one shape of the
/// verifier's, the signer's and the session's judges.
///
/// ```swift
/// let failure = VerdictJudge().failure(of: .reject(.expired), against: verification.expected)
/// ```
public protocol Judge: Sendable {
    /// What the implementation answered: a verdict, a signed token, the session's observations.
    associatedtype Answer
    /// What the vector expects of it.
    associatedtype Expectation

    /// `nil` when `answer` conforms to `expectation`, otherwise the failure, with its details.
    func failure(of answer: Answer, against expectation: Expectation) -> Failure?
}

extension Judge {
    /// The test outcome: passed, or failed with the failure.
    public func outcome(of answer: Answer, against expectation: Expectation) -> TestResult.Outcome {
        failure(of: answer, against: expectation).map { .failed($0) } ?? .passed
    }
}
