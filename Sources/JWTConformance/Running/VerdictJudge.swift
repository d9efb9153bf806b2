/// Judges a verifier's verdict against a vector's expectation.
public struct VerdictJudge: Judge {
    public init() {}

    /// `nil` when the verdict conforms, otherwise the failure.
    public func failure(of verdict: Verdict, against expected: VerificationExpectation) -> Failure? {
        switch (expected, verdict) {
        case (.accept(let identity), .accept(let actual)):
            return actual == identity
                ? nil : Failure(kind: .wrongIdentity, expected: expected.description, actual: verdict.description)
        case (.accept, .reject):
            return Failure(kind: .wrongVerdict, expected: expected.description, actual: verdict.description)
        case (.reject, .accept):
            return Failure(kind: .wrongVerdict, expected: expected.description, actual: verdict.description)
        case (.reject(let reason, let alternatives), .reject(let actual)):
            guard let actual, actual != reason, !alternatives.contains(actual) else { return nil }
            return Failure(kind: .reasonMismatch, expected: expected.description, actual: verdict.description)
        case (.acceptable(_, let identity, _), .accept(let actual)):
            guard let identity, identity != actual else { return nil }
            return Failure(kind: .wrongIdentity, expected: expected.description, actual: verdict.description)
        case (.acceptable(_, _, let reasons), .reject(let actual)):
            guard let actual, !reasons.isEmpty, !reasons.contains(actual) else { return nil }
            return Failure(kind: .reasonMismatch, expected: expected.description, actual: verdict.description)
        }
    }
}
