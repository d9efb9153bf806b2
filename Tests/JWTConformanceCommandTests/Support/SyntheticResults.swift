import JWTConformance
@testable import JWTConformanceCommand

/// Results made by hand, for report rendering tests.
enum SyntheticResults {
    static func vector(_ id: String, profile: ProfileID = "kustomer", category: VectorCategory = .claims, description: String = "a vector", token: String = "a.b.c") -> ConformanceVector {
        ConformanceVector(
            id: VectorID(id), description: description, profile: profile, category: category,
            rules: ["KUS-RULE"], sources: ["seed.txt § Heading"], flags: [], file: "\(profile)/\(category).json",
            body: .verification(VerificationCase(token: token, keys: [VerificationKey(secret: "s")], now: 1, expected: .reject(reason: .expired, alternatives: [])))
        )
    }

    /// One result of every outcome, with markup and control characters where they can hurt.
    static var mixed: [TestResult] {
        let hostile = "<&>\"' \u{1}\u{8}\u{1B}[31m | pipe\nnew line \u{FFFE}"
        return [
            TestResult(vector: vector("KUS-CLM-001"), outcome: .passed),
            TestResult(vector: vector("KUS-CLM-002", description: "hostile \(hostile)", token: "eyJ\u{0}.\u{7}.x"),
                       outcome: .failed(Failure(kind: .wrongVerdict, expected: "reject (expired)", actual: "accept (\(hostile))", details: ["detail \(hostile)"]))),
            TestResult(vector: vector("KUS-TIM-003", category: .timing), outcome: .error("the testee exited with status 3 while handling KUS-TIM-003 \(hostile)")),
            TestResult(vector: vector("SUN-CLM-004", profile: "sunshine"), outcome: .skipped("not supported")),
            TestResult(vector: vector("SUN-SGN-005", profile: "sunshine", category: .signer), outcome: .notApplicable),
        ]
    }

    static func header(knownFailures: KnownFailures? = nil) -> RunHeader {
        RunHeader(
            suiteVersion: "1.0.0", corpusDigest: String(repeating: "ab", count: 32),
            implementation: ImplementationMetadata(name: "Test <impl>", version: "1.0", language: "Python"),
            roles: ["verifier"], profiles: ["kustomer", "sunshine"], testeeCommand: ["python3", "t.py"],
            vectorCount: mixed.count, knownFailures: knownFailures, knownFailuresFile: knownFailures == nil ? nil : "known.txt", catalogue: nil
        )
    }

    static func summary(_ results: [TestResult] = mixed, gate: KnownFailures.GateReport? = nil) -> RunSummary {
        RunSummary(
            results: results, tally: Tally(results), gate: gate,
            testeeStderr: "Traceback <most recent call last>\n\u{1}\u{1B}[0m done ``` fence\n", restarts: 1, status: .failures
        )
    }
}
