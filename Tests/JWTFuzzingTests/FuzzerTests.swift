import Foundation
import JWTConformance
import JWTFuzzing
import JWTTestee
import Testing

@Suite struct FuzzerTests {
    @Test func aRunIsReproducibleFromItsSeed() async {
        let first = await Fixtures.fuzz(Fixtures.implementation(ExpIgnoringVerifier(profiles: Fixtures.corpus.profiles), name: "exp"), seed: 11, count: 400)
        let again = await Fixtures.fuzz(Fixtures.implementation(ExpIgnoringVerifier(profiles: Fixtures.corpus.profiles), name: "exp"), seed: 11, count: 400)
        let other = await Fixtures.fuzz(Fixtures.implementation(ExpIgnoringVerifier(profiles: Fixtures.corpus.profiles), name: "exp"), seed: 12, count: 400)
        var firstCounts = first.0
        var againCounts = again.0
        firstCounts.elapsed = .zero
        againCounts.elapsed = .zero
        #expect(firstCounts == againCounts)
        #expect(first.1 == again.1)
        #expect(first.0.byKey != other.0.byKey || first.0.unjudged != other.0.unjudged)
    }

    @Test("The figures and the findings, in order, do not depend on how many cases run at once", arguments: [2, 3, 8])
    func aRunDoesNotDependOnItsWorkers(_ workers: Int) async {
        let implementation = Fixtures.implementation(FirstSegmentBlindVerifier(profiles: Fixtures.corpus.profiles), name: "blind")
        func run(workers: Int) async -> (Fuzzer.Statistics, [Finding]) {
            let fuzzer = Fuzzer(
                corpus: Fixtures.corpus, implementation: implementation,
                configuration: .init(seed: 4, budget: .count(300), shrinkAttempts: 3, workers: workers))
            var findings: [Finding] = []
            var statistics = await fuzzer.run { event in
                if case .finding(let finding) = event { findings.append(finding) }
            }
            statistics.elapsed = .zero
            return (statistics, findings)
        }
        let one = await run(workers: 1)
        let many = await run(workers: workers)
        #expect(one.0.cases == 300)
        #expect(one.1.count > 1, "the run must find several causes for the order of findings to be compared")
        #expect(one.0 == many.0)
        #expect(one.1 == many.1)
    }

    @Test func theReferenceHasNoFindings() async {
        let (statistics, findings) = await Fixtures.fuzz(Fixtures.reference, seed: 3, count: 1_500)
        #expect(findings.isEmpty, "\(findings.map(\.key))")
        #expect(statistics.judged > 1_000)
        #expect(statistics.conforming == statistics.judged)
    }

    /// The seeded fuzz runs below are pinned to the seed profiles, so that adding a vendor neither
    /// changes their random sequence nor (as Intercom's ICM-VND-002 does for the exp defect) lets
    /// the corpus itself catch what the fuzzer is meant to find.
    static let seedProfiles: [ProfileID] = ["kustomer", "sunshine"]

    @Test func aVerifierThatPassesTheCorpusButIgnoresExpBesideAnUnusedClaimIsFound() async throws {
        let broken = Fixtures.implementation(ExpIgnoringVerifier(profiles: Fixtures.corpus.profiles), name: "exp-ignoring")
        let vectors = Fixtures.corpus.vectors.filter { Self.seedProfiles.contains($0.profile) }
        let results = await ConformanceRunner(corpus: Fixtures.corpus).run(vectors, against: broken)
        #expect(results.filter(\.isFailure).isEmpty, "the broken verifier must pass the corpus for this test to mean something")

        let (_, findings) = await Fixtures.fuzz(broken, seed: 5, count: 4_000, profiles: Self.seedProfiles)
        let finding = try #require(findings.first { $0.key.expected == "reject:expiration" && $0.key.actual == "accept" })
        #expect(finding.rules.contains("JWT-EXP"))
    }

    @Test func aVerifierThatAcceptsAlgNoneIsFound() async throws {
        let broken = Fixtures.implementation(NoneAcceptingVerifier(profiles: Fixtures.corpus.profiles), name: "none-accepting")
        let (_, findings) = await Fixtures.fuzz(broken, seed: 9, count: 4_000, profiles: Self.seedProfiles)
        let finding = try #require(findings.first { $0.key.expected == "reject:algorithm" && $0.key.actual == "accept" })
        guard case .verification(let verification) = finding.input else { Issue.record("not a verifier finding"); return }
        let jws = try CompactJWS.decode(verification.token)
        #expect(jws.header["alg"] == "none")
        #expect(finding.reproduced)
        #expect(!FindingWriter.foundBy(finding).contains("not reproduced"))
    }

    @Test("a disagreement the shrunk token does not show again on its own is marked as not reproduced")
    func aDisagreementThatDoesNotReproduceIsMarked() async throws {
        let flaky = Fixtures.implementation(OnceWrongVerifier(profiles: Fixtures.corpus.profiles), name: "once-wrong")
        let (_, findings) = await Fixtures.fuzz(flaky, seed: 3, count: 300, profiles: Self.seedProfiles)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.key.actual == "reject:malformed")
        #expect(!finding.reproduced)
        #expect(FindingWriter.foundBy(finding).hasSuffix("(not reproduced when sent again on its own)"))
    }

    @Test func aCrashingTesteeIsAFinding() async throws {
        let testee = try SubprocessTestee(.init(command: ["python3", Fixtures.script("crashing_testee.py")], timeout: .seconds(5)))
        let implementation = Implementation.testee(testee, hello: try testee.start())
        defer { testee.stop() }
        let (_, findings) = await Fixtures.fuzz(implementation, seed: 2, count: 300)
        let crash = try #require(findings.first { $0.key.actual == "crash" })
        guard case .verification(let verification) = crash.input else { Issue.record("not a verifier finding"); return }
        #expect(verification.token.contains("="))
        #expect(crash.actual.contains("exited with status 7"))
    }

    @Test func findingsLoadWithTheVectorLoaderAndReproduce() async throws {
        let profiles = Fixtures.corpus.profiles
        let broken = Fixtures.implementation(ExpIgnoringVerifier(profiles: profiles), name: "exp-ignoring")
        let (_, findings) = await Fixtures.fuzz(broken, seed: 5, count: 2_000)
        #expect(!findings.isEmpty)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-findings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = FindingWriter(directory: folder, suiteVersion: Fixtures.corpus.suiteVersion, catalogue: Fixtures.corpus.catalogue)
        for finding in findings { try writer.write(finding, seed: 5) }

        let loaded = try Corpus.load(files: try Corpus.vectorFiles(under: folder), profiles: profiles, catalogue: Fixtures.corpus.catalogue)
        #expect(loaded.vectors.map(\.id) == findings.map(\.id).sorted())
        let runner = ConformanceRunner(profiles: profiles)
        let againstBroken = await runner.run(loaded.vectors, against: broken)
        let againstReference = await runner.run(loaded.vectors, against: Fixtures.reference)
        #expect(againstBroken.filter(\.isFailure).count == againstBroken.count)
        #expect(againstReference.filter(\.isFailure).isEmpty)
        let rules = Set(Fixtures.corpus.catalogue?.rules.map(\.id) ?? [])
        #expect(loaded.vectors.allSatisfy { !$0.rules.isEmpty && $0.rules.allSatisfy(rules.contains) })
    }
}
