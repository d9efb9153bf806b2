import Foundation

// `harness-benchmark [COUNT]`: vectors per second and µs of harness overhead per vector.
// `harness-benchmark --trivial-testee`: the instant testee it measures against.

if CommandLine.arguments.dropFirst().first == "--trivial-testee" {
    TrivialTestee.serve()
    exit(0)
}
do {
    try await Benchmark.run(count: Int(CommandLine.arguments.dropFirst().first ?? "") ?? 20_000)
} catch {
    FileHandle.standardError.write(Data("harness-benchmark: \(error)\n".utf8))
    exit(1)
}
