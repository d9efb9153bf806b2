import Foundation
import JWTConformance
import JWTTestee

/// Measures what the harness adds per vector when it talks to a testee over the protocol:
/// requests go through a persistent subprocess (this same binary, serving as a trivial testee
/// that answers at once), and the time per vector is the harness's encoding, the pipe round
/// trip, and the decoding and judging.
///
/// Nonisolated, like `jwt-conformance run`, so no step hops to the main actor.
enum Benchmark {
    static func run(count: Int) async throws {
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let testee = try SubprocessTestee(.init(command: [executable, "--trivial-testee"]))
        let implementation = Implementation.testee(testee, hello: try testee.start())
        let runner = ConformanceRunner(profiles: [:])
        let vectors = (0..<count).map(vector)

        print("harness-benchmark: \(count) verify vectors through the testee protocol, one persistent trivial testee")
        _ = await measure("warm-up", count: min(count, 2_000)) {
            await runAll(vectors.prefix(2_000), runner: runner, implementation: implementation)
        }
        _ = await measure("exchange only (no runner, no judging)", count: count) {
            var answered = 0
            for vector in vectors {
                guard case .verification(let verification) = vector.body else { continue }
                if case .success = testee.exchange(.verify(id: vector.id.rawValue, verification.request(profile: vector.profile, vectorID: vector.id))) {
                    answered += 1
                }
            }
            return answered
        }
        let overhead = await measure("runner + testee bridge (as `run` does)", count: count) {
            await runAll(vectors[...], runner: runner, implementation: implementation)
        }
        testee.stop()
        print("harness overhead: \(String(format: "%.1f", overhead)) µs per vector, \(String(format: "%.0f", 1e6 / overhead)) vectors/s (target < 50 µs)")
    }

    private static func runAll(_ vectors: ArraySlice<ConformanceVector>, runner: ConformanceRunner, implementation: Implementation) async -> Int {
        var passed = 0
        _ = await runner.run(Array(vectors), against: implementation) { result in
            if case .passed = result.outcome { passed += 1 }
        }
        return passed
    }

    private static func measure(_ label: String, count: Int, _ body: () async -> Int) async -> Double {
        let clock = ContinuousClock()
        var passed = 0
        let elapsed = await clock.measure { passed = await body() }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perVector = seconds / Double(count) * 1e6
        let name = label.padding(toLength: 42, withPad: " ", startingAt: 0)
        print("  \(name)\(String(format: "%7.1f", perVector)) µs/vector  \(String(format: "%8.0f", Double(count) / seconds)) vectors/s  (\(passed)/\(count) as expected)")
        return perVector
    }

    /// A verify vector the trivial testee's `reject` passes.
    private static func vector(_ index: Int) -> ConformanceVector {
        ConformanceVector(
            id: VectorID("KUS-BEN-\(index)"), description: "benchmark", profile: "kustomer", category: .signature,
            rules: [], sources: [], flags: [], file: "benchmark",
            body: .verification(VerificationCase(
                token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHRlcm5hbElkIjoidXNlci0xIiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dQ",
                keys: [VerificationKey(kid: nil, secret: "kustomer-test-secret-0123456789abcdef")],
                now: 1_700_000_000, expected: .reject(reason: .badSignature, alternatives: [])
            ))
        )
    }
}
