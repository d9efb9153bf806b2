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

    private func outcome(of vector: ConformanceVector, against implementation: Implementation) async -> TestResult.Outcome {
        switch vector.body {
        case .verification(let verification):
            guard let verifier = implementation.verifier else { return .notApplicable }
            let verdict: Verdict
            do {
                verdict = try await verifier.verify(verification.request(profile: vector.profile, vectorID: vector.id))
            } catch let unsupported as ImplementationUnsupported {
                return .skipped(unsupported.message)
            } catch {
                return .error("the verifier threw: \(error)")
            }
            return judge(verdict, for: verification)

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

    /// Judges a verifier's verdict.
    public func judge(_ verdict: Verdict, for verification: VerificationCase) -> TestResult.Outcome {
        VerdictJudge().outcome(of: verdict, against: verification.expected)
    }

    /// Judges a signer's token semantically.
    public func judge(token: String, for signing: SigningCase, profile: ProfileDefinition) -> TestResult.Outcome {
        SignedTokenJudge(profile: profile).outcome(of: token, against: signing)
    }
}
