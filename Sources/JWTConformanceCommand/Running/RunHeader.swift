import JWTConformance

/// What a report knows before the first result.
struct RunHeader {
    var toolVersion = suiteToolVersion
    var suiteVersion: String
    var corpusDigest: String
    var implementation: ImplementationMetadata
    var roles: [String]
    var profiles: [String]
    /// The testee command, or nil for the in-process reference.
    var testeeCommand: [String]?
    /// How many vectors will be run.
    var vectorCount: Int
    var knownFailures: KnownFailures?
    var knownFailuresFile: String?
    var catalogue: RuleCatalogue?

    /// `PyJWT 2.10.1 (Python)`.
    var implementationName: String {
        "\(implementation.name) \(implementation.version) (\(implementation.language))"
    }

    /// The reason a vector is listed as a known failure, if it is.
    func knownFailureReason(_ id: VectorID) -> String? { knownFailures?.reasons[id] }
}
