import Foundation
import JWTConformance
import JWTConformanceTesting
import JWTKitAdapter
import Testing

/// `known-failures.txt` at the root of this package: the vectors jwt-kit is known to fail, each
/// with its cause.
let knownFailuresURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // JWTKitConformanceTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // JWTKitConformance
    .appendingPathComponent("known-failures.txt")

/// The committed list, read once.
enum JWTKitKnownFailures {
    private static let cached = Result { try KnownFailures(contentsOf: knownFailuresURL) }
    static func load() throws -> KnownFailures { try cached.get() }
}

/// The whole bundled corpus (or the vectors `JWT_CONFORMANCE_VECTORS` names) against jwt-kit.
///
/// A vector in `known-failures.txt` must still fail: one that starts passing fails this test
/// ("Known issue was not recorded"), so the list cannot go stale.
@Test("Every bundled vector, against jwt-kit", arguments: try Corpus.bundled().vectors)
func conformance(_ vector: ConformanceVector) async throws {
    await check(vector, against: .jwtKit(), knownFailures: try JWTKitKnownFailures.load())
}

@Test("Every id in known-failures.txt names a vector of the bundled corpus")
func knownFailuresNameRealVectors() throws {
    let ids = Set(try Corpus.bundled(environment: [:]).vectors.map(\.id))
    let unknown = try JWTKitKnownFailures.load().reasons.keys.filter { !ids.contains($0) }.sorted()
    #expect(unknown.isEmpty, "known-failures.txt lists ids that match no vector: \(unknown)")
}

/// Writes the known-failures list from an actual run:
///
///     JWTKIT_KNOWN_FAILURES_OUT=known-failures.txt swift test --filter writeKnownFailures
///
/// The path is relative to this package. The opening comment block and the reasons already
/// reviewed in `known-failures.txt` are kept (update the counts in the comment by hand); a new
/// failure gets the runner's description, to be replaced by its cause; a vector that now passes
/// is dropped.
@Test(.enabled(if: ProcessInfo.processInfo.environment["JWTKIT_KNOWN_FAILURES_OUT"] != nil))
func writeKnownFailures() async throws {
    let output = try #require(ProcessInfo.processInfo.environment["JWTKIT_KNOWN_FAILURES_OUT"])
    let corpus = try Corpus.bundled(environment: [:])
    let results = await ConformanceRunner(corpus: corpus).run(corpus.vectors, against: .jwtKit())
    var failures = KnownFailures(failuresIn: results)
    let reviewed = (try? JWTKitKnownFailures.load()) ?? KnownFailures()
    for id in failures.reasons.keys {
        if let reason = reviewed.reasons[id] { failures.reasons[id] = reason }
    }
    // The heading: the comment block that opens the committed list, else a default one.
    let existing = (try? String(contentsOf: knownFailuresURL, encoding: .utf8)) ?? ""
    let commentLines = existing.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
    let heading = commentLines.isEmpty
        ? """
        Vectors vapor/jwt-kit \(Implementation.jwtKitVersion) (through JWTKitAdapter) is known to fail.
        Suite \(corpus.suiteVersion), \(corpus.vectors.count) vectors, \(failures.reasons.count) known failures.
        Regenerate: JWTKIT_KNOWN_FAILURES_OUT=known-failures.txt swift test --filter writeKnownFailures
        then review every new entry and replace the runner's text with the cause in jwt-kit.
        """
        : commentLines.map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : String($0.dropFirst()) }.joined(separator: "\n")
    let url = URL(fileURLWithPath: output, relativeTo: knownFailuresURL.deletingLastPathComponent())
    let text = failures.rendered(heading: heading).replacingOccurrences(of: "# \n", with: "#\n")
    try text.write(to: url, atomically: true, encoding: .utf8)
}
