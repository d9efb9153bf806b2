import JWTConformance

/// How an answer differs from the expectation, coarse enough that the same cause found twice is
/// one finding: the profile, the kind of failure, what was expected (the decisive check of the
/// reference, or accept) and what the implementation did.
///
/// Findings are grouped by this key, and a known-failures list excludes the keys its vectors show.
public struct DisagreementKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var profile: ProfileID
    public var role: Role
    /// `wrong-verdict`, `reason-mismatch`, `wrong-identity`, `token-property`, `error` or `robustness`.
    public var kind: String
    /// What the reference expects: `accept`, `acceptable` (either verdict, by an ambiguity) or
    /// `reject:<check>`.
    public var expected: String
    /// What the implementation did: `accept`, `reject:<reason>`, `crash`, `timeout`, `protocol`, …
    public var actual: String

    public init(profile: ProfileID, role: Role, kind: String, expected: String, actual: String) {
        self.profile = profile
        self.role = role
        self.kind = kind
        self.expected = expected
        self.actual = actual
    }

    public var description: String { "\(profile) \(role) \(kind): expected \(expected), got \(actual)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }

    /// The class of an error outcome: a crash, a hang, garbage, or an error the testee reported.
    static func errorClass(_ message: String) -> String {
        if message.contains("did not answer") { return "timeout" }
        if message.contains("exited") || message.contains("killed by signal") || message.contains("could not be restarted") { return "crash" }
        if message.contains("not valid protocol") { return "protocol" }
        return "error"
    }

    /// The key of a verifier outcome, or nil when it conforms or was skipped.
    static func verifier(
        profile: ProfileID, outcome: TestResult.Outcome, expected: VerificationExpectation, decisiveCheck: String?
    ) -> DisagreementKey? {
        let expectedText: String = switch expected {
        case .accept: "accept"
        case .acceptable: "acceptable"
        case .reject: "reject:\(decisiveCheck ?? "?")"
        }
        switch outcome {
        case .passed, .skipped, .notApplicable:
            return nil
        case .error(let message):
            return DisagreementKey(profile: profile, role: .verifier, kind: "error", expected: expectedText, actual: errorClass(message))
        case .failed(let failure):
            let actual: String
            if failure.actual.hasPrefix("accept") {
                actual = failure.kind == .wrongIdentity ? "accept:other-identity" : "accept"
            } else if let reason = RejectionReason.allCases.first(where: { failure.actual.contains("(\($0.rawValue))") }) {
                actual = "reject:\(reason.rawValue)"
            } else {
                actual = "reject"
            }
            return DisagreementKey(profile: profile, role: .verifier, kind: failure.kind.rawValue, expected: expectedText, actual: actual)
        }
    }
}

/// A disagreement, shrunk, with what it takes to write it as a vector.
public struct Finding: Sendable, Hashable {
    public enum Input: Sendable, Hashable {
        case verification(VerificationCase)
        case signing(SigningCase)
    }

    public var key: DisagreementKey
    /// The vector id it is written under (`KUS-FUZ-001`).
    public var id: VectorID
    public var input: Input
    /// The catalogue rules it exercises.
    public var rules: [String]
    /// One line: what the token is and what went wrong.
    public var description: String
    /// What the implementation answered.
    public var actual: String
    /// How the shrinker got here: the mutations that remain.
    public var mutations: [String]
    /// Where the run found it: the case number of its seed.
    public var caseNumber: UInt64
    /// Whether the shrunk input, sent again on its own, shows the same disagreement. A crash that
    /// does not is real but depends on what the testee was given before (a corrupted heap, say).
    public var reproduced = true
}
