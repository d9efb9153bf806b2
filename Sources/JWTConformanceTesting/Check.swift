import JWTConformance
// Re-exported, as XCTVapor re-exports XCTest: `check`'s `sourceLocation` defaults to
// `#_sourceLocation`, which a caller can only expand when Testing is visible to it.
@_exported import Testing

/// Runs one vector against an implementation and records a Swift Testing issue at the
/// caller's source location when the implementation does not conform.
///
/// A vector listed in `knownFailures` is run inside `withKnownIssue`, so its failure is
/// expected, and a listed vector that starts passing is reported too.
///
/// ```swift
/// @Test(arguments: try Corpus.bundled().vectors)
/// func conformance(_ vector: ConformanceVector) async {
///     await check(vector, against: myImplementation)
/// }
/// ```
///
/// - Parameters:
///   - vector: The vector to run.
///   - implementation: The implementation under test.
///   - profiles: The profile definitions to judge signer output by: those of the corpus the
///     vector comes from (`corpus.profiles`). The bundled ones by default; a vector whose profile
///     they do not define is an error that says to pass its corpus's profiles.
///   - knownFailures: Vectors the implementation is known to fail.
///   - sourceLocation: Where the issue is recorded; the caller's location by default.
/// - Returns: The structured result, for callers that want more than the recorded issue.
@discardableResult
public func check(
    _ vector: ConformanceVector,
    against implementation: Implementation,
    profiles: [ProfileID: ProfileDefinition]? = nil,
    knownFailures: KnownFailures = KnownFailures(),
    sourceLocation: SourceLocation = #_sourceLocation
) async -> TestResult {
    let location = sourceLocation
    let definitions: [ProfileID: ProfileDefinition]
    do {
        definitions = try profiles ?? BundledProfiles.load()
    } catch {
        Issue.record("cannot load the bundled profiles: \(error)", sourceLocation: location)
        return TestResult(vector: vector, outcome: .error("cannot load the bundled profiles: \(error)"))
    }
    guard definitions[vector.profile] != nil else {
        let message = "\(vector.id): its profile \"\(vector.profile)\" is not among the profiles given"
            + (profiles == nil ? " (the bundled ones): pass its corpus's, check(_:against:profiles: corpus.profiles)" : "")
        Issue.record(Comment(rawValue: message), sourceLocation: location)
        return TestResult(vector: vector, outcome: .error(message))
    }
    let runner = ConformanceRunner(profiles: definitions)
    let result = await runner.run(vector, against: implementation)
    if let reason = knownFailures.reasons[vector.id] {
        withKnownIssue("\(vector.id) is a known failure: \(reason)", sourceLocation: location) {
            record(result, at: location)
        }
    } else {
        record(result, at: location)
    }
    return result
}

/// Records the issue a result calls for, if any.
func record(_ result: TestResult, at location: SourceLocation) {
    let vector = result.vector
    switch result.outcome {
    case .passed, .notApplicable, .skipped:
        return
    case .failed(let failure):
        Issue.record(
            """
            \(vector.id) (\(vector.description)) \(failure)
            rules: \(vector.rules.joined(separator: ", ")); sources: \(vector.sources.joined(separator: "; "))
            """,
            sourceLocation: location
        )
    case .error(let message):
        Issue.record("\(vector.id) (\(vector.description)) error: \(message)", sourceLocation: location)
    }
}

/// The bundled profile definitions, loaded once.
enum BundledProfiles {
    private static let cached: Result<[ProfileID: ProfileDefinition], any Error> = Result {
        try Corpus.bundledProfiles()
    }

    static func load() throws -> [ProfileID: ProfileDefinition] { try cached.get() }
}

extension ConformanceVector: CustomTestStringConvertible {
    /// `id: description`, as Swift Testing shows the argument.
    public var testDescription: String { "\(id): \(description)" }
}
