/// The outcome of running one vector against an implementation.
public struct TestResult: Sendable, Hashable, Identifiable {
    /// The vector that was run.
    public var vector: ConformanceVector
    /// What happened.
    public var outcome: Outcome

    public init(vector: ConformanceVector, outcome: Outcome) {
        self.vector = vector
        self.outcome = outcome
    }

    public var id: VectorID { vector.id }

    /// What happened when a vector was run.
    public enum Outcome: Sendable, Hashable {
        /// The implementation conformed.
        case passed
        /// The implementation answered, and the answer does not conform.
        case failed(Failure)
        /// The implementation could not give an answer (it threw, crashed, hung, or spoke garbage).
        case error(String)
        /// The implementation declined this request.
        case skipped(String)
        /// The implementation does not declare this vector's role or profile.
        case notApplicable
    }

    /// Whether this result counts against the implementation.
    public var isFailure: Bool {
        switch outcome {
        case .failed, .error: true
        case .passed, .skipped, .notApplicable: false
        }
    }
}

/// Why an answer does not conform.
public struct Failure: Sendable, Hashable, CustomStringConvertible {
    /// The kind of deviation.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Accepted where it must reject, or rejected where it must accept.
        case wrongVerdict = "wrong-verdict"
        /// Rejected as it should, for a reason other than the expected one.
        case reasonMismatch = "reason-mismatch"
        /// Accepted as it should, resolving another customer.
        case wrongIdentity = "wrong-identity"
        /// A signer's token misses a property the profile requires.
        case tokenProperty = "token-property"
    }

    public var kind: Kind
    /// What the vector expects.
    public var expected: String
    /// What the implementation did.
    public var actual: String
    /// Every problem found, for diagnostics (a signer's token may have several).
    public var details: [String]

    public init(kind: Kind, expected: String, actual: String, details: [String] = []) {
        self.kind = kind
        self.expected = expected
        self.actual = actual
        self.details = details
    }

    public var description: String {
        var text = "\(kind.rawValue): expected \(expected), got \(actual)"
        if !details.isEmpty { text += "\n" + details.map { "  - \($0)" }.joined(separator: "\n") }
        return text
    }
}

extension TestResult.Outcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .passed: "passed"
        case .failed(let failure): "failed (\(failure))"
        case .error(let message): "error (\(message))"
        case .skipped(let message): "skipped (\(message))"
        case .notApplicable: "not applicable"
        }
    }
}
