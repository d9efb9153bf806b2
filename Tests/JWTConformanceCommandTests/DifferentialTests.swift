import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// The reference served through `jwt-conformance testee` (the built executable, spawned over
/// the protocol) gives the same results as the in-process reference.
@Suite("Reference over the protocol")
struct DifferentialTests {
    private func outcomes(vectors: [String], served: Bool) async throws -> [VectorID: TestResult.Outcome] {
        var options = RunOptions()
        options.vectors = vectors
        if served {
            #expect(FileManager.default.isExecutableFile(atPath: Fixtures.executable.path), "build jwt-conformance first")
            options.command = [Fixtures.executable.path, "testee", "--profiles", Fixtures.profiles]
        }
        let (outcome, _, stderr) = await runVectors(options)
        let summary = try #require(outcome.summary, "the run did not complete: \(stderr)")
        #expect(summary.restarts == 0)
        var outcomes: [VectorID: TestResult.Outcome] = [:]
        for result in summary.results where result.vector.role != .session {
            outcomes[result.id] = result.outcome
        }
        return outcomes
    }

    @Test("over the fixture vectors, where the in-process reference passes everything")
    func fixtureVectors() async throws {
        let inProcess = try await outcomes(vectors: [Fixtures.vectors], served: false)
        #expect(inProcess.count == 11)
        #expect(inProcess.values.allSatisfy { $0 == .passed }, "\(inProcess.filter { $0.value != .passed })")
        let served = try await outcomes(vectors: [Fixtures.vectors], served: true)
        #expect(served == inProcess)
    }

    @Test("over the bundled corpus (verifier and signer vectors)")
    func bundledCorpus() async throws {
        let inProcess = try await outcomes(vectors: [], served: false)
        let served = try await outcomes(vectors: [], served: true)
        #expect(served.count == inProcess.count)
        for (id, outcome) in inProcess where served[id] != outcome {
            Issue.record("\(id): in-process \(outcome), served \(served[id].map { "\($0)" } ?? "missing")")
        }
    }
}
