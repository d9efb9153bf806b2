/// Runs vectors against an implementation and returns structured results.
///
/// The runner does not depend on Swift Testing: the command-line tool, the testee bridge and
/// `JWTConformanceTesting` all build on it.
///
/// ```swift
/// let corpus = try Corpus.bundled()
/// let runner = ConformanceRunner(corpus: corpus)
/// let results = await runner.run(corpus.vectors, against: implementation)
/// ```
public struct ConformanceRunner: Sendable {
    /// The profiles vectors are judged under (signer output is checked against them).
    public var profiles: [ProfileID: ProfileDefinition]

    public init(profiles: [ProfileID: ProfileDefinition]) { self.profiles = profiles }

    public init(corpus: Corpus) { self.init(profiles: corpus.profiles) }

    /// Runs one vector.
    public func run(_ vector: ConformanceVector, against implementation: Implementation) async -> TestResult {
        guard implementation.isApplicable(vector) else {
            return TestResult(vector: vector, outcome: .notApplicable)
        }
        return TestResult(vector: vector, outcome: await outcome(of: vector, against: implementation))
    }

    /// Runs vectors one after another, handing each result to `onResult` as soon as it is known.
    public func run(
        _ vectors: [ConformanceVector],
        against implementation: Implementation,
        onResult: (TestResult) -> Void = { _ in }
    ) async -> [TestResult] {
        var results: [TestResult] = []
        results.reserveCapacity(vectors.count)
        for vector in vectors {
            let result = await run(vector, against: implementation)
            onResult(result)
            results.append(result)
        }
        return results
    }

    /// Runs vectors as ``run(_:against:onResult:)`` does, but asks the verifier for all the
    /// verification vectors' verdicts in one call (the batch `verify` of ``TokenVerifier``), before
    /// the other vectors run one at a time. Each result is the one the vector gets alone.
    public func run(together vectors: [ConformanceVector], against implementation: Implementation) async -> [TestResult] {
        var results = [TestResult?](repeating: nil, count: vectors.count)
        if implementation.verifier != nil {
            var batch: [Int] = []
            var requests: [VerificationRequest] = []
            var expectations: [VerificationExpectation] = []
            for (index, vector) in vectors.enumerated() where implementation.isApplicable(vector) {
                guard case .verification(let verification) = vector.body else { continue }
                batch.append(index)
                requests.append(verification.request(profile: vector.profile, vectorID: vector.id))
                expectations.append(verification.expected)
            }
            let outcomes = await outcomes(of: requests, expecting: expectations, against: implementation)
            for (index, outcome) in zip(batch, outcomes) {
                results[index] = TestResult(vector: vectors[index], outcome: outcome)
            }
        }
        var finished: [TestResult] = []
        finished.reserveCapacity(vectors.count)
        for (vector, result) in zip(vectors, results) {
            if let result {
                finished.append(result)
            } else {
                finished.append(await run(vector, against: implementation))
            }
        }
        return finished
    }

    /// The outcomes of verification requests asked together (the batch `verify` of
    /// ``TokenVerifier``), each judged against its expectation as a vector's would be: for a caller
    /// with no vectors to build, such as the fuzzer. A request for a profile the implementation
    /// does not declare, or to an implementation that is no verifier, is not applicable.
    public func outcomes(
        of requests: [VerificationRequest], expecting expectations: [VerificationExpectation], against implementation: Implementation
    ) async -> [TestResult.Outcome] {
        guard let verifier = implementation.verifier else { return requests.map { _ in .notApplicable } }
        var outcomes = [TestResult.Outcome](repeating: .notApplicable, count: requests.count)
        let applicable = requests.indices.filter { implementation.profiles.contains(requests[$0].profile) }
        let verdicts = await verifier.verify(applicable.count == requests.count ? requests : applicable.map { requests[$0] })
        for (index, verdict) in zip(applicable, verdicts) {
            outcomes[index] = outcome(of: verdict, expecting: expectations[index])
        }
        return outcomes
    }

    private func outcome(of vector: ConformanceVector, against implementation: Implementation) async -> TestResult.Outcome {
        switch vector.body {
        case .verification(let verification):
            guard let verifier = implementation.verifier else { return .notApplicable }
            let verdict: Result<Verdict, any Error>
            do {
                verdict = .success(try await verifier.verify(verification.request(profile: vector.profile, vectorID: vector.id)))
            } catch {
                verdict = .failure(error)
            }
            return outcome(of: verdict, expecting: verification.expected)

        case .signing(let signing):
            guard let signer = implementation.signer else { return .notApplicable }
            guard let profile = profiles[vector.profile] else {
                return .error("no profile definition for \"\(vector.profile)\"")
            }
            let token: String
            do {
                token = try await signer.sign(signing.request(profile: vector.profile, vectorID: vector.id))
            } catch let unsupported as ImplementationUnsupported {
                return .skipped(unsupported.message)
            } catch {
                return .error("the signer threw: \(error)")
            }
            return judge(token: token, for: signing, profile: profile)

        case .session(let session):
            guard let driver = implementation.session else { return .notApplicable }
            return await outcome(of: session, vector: vector, driver: driver)
        }
    }

    /// The outcome of a verifier's answer: a verdict is judged, a decline is a skip, another error an error.
    private func outcome(of verdict: Result<Verdict, any Error>, expecting expected: VerificationExpectation) -> TestResult.Outcome {
        switch verdict {
        case .success(let verdict): VerdictJudge().outcome(of: verdict, against: expected)
        case .failure(let unsupported as ImplementationUnsupported): .skipped(unsupported.message)
        case .failure(let error): .error("the verifier threw: \(error)")
        }
    }

    /// Judges a verifier's verdict.
    public func judge(_ verdict: Verdict, for verification: VerificationCase) -> TestResult.Outcome {
        VerdictJudge().outcome(of: verdict, against: verification.expected)
    }

    /// Judges a signer's token semantically.
    public func judge(token: String, for signing: SigningCase, profile: ProfileDefinition) -> TestResult.Outcome {
        SignedTokenJudge(profile: profile).outcome(of: token, against: signing)
    }
}
