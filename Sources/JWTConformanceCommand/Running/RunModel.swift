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

/// What a report knows once every result is in.
struct RunSummary {
    var results: [TestResult]
    var tally: Tally
    /// The comparison with the known-failures list, when the run is gated.
    var gate: KnownFailures.GateReport?
    /// The testee's captured stderr (with the harness's notes), nil in-process.
    var testeeStderr: String?
    var restarts: Int
    var status: ExitCode

    /// `N passed, N failed` with `, N skipped` when any were skipped or not applicable.
    var closingLine: String {
        let total = tally.total
        var line = "\(total.passed) passed, \(total.failed + total.errors) failed"
        if total.skipped + total.notApplicable > 0 { line += ", \(total.skipped + total.notApplicable) skipped" }
        return line
    }
}

/// Results counted per profile and category.
struct Tally {
    /// Counts of each outcome.
    struct Counts: Equatable {
        var passed = 0, failed = 0, errors = 0, skipped = 0, notApplicable = 0

        var run: Int { passed + failed + errors + skipped }

        mutating func add(_ outcome: TestResult.Outcome) {
            switch outcome {
            case .passed: passed += 1
            case .failed: failed += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            case .notApplicable: notApplicable += 1
            }
        }
    }

    /// One row of the summary table.
    struct Row {
        var profile: ProfileID
        var category: VectorCategory
        var counts: Counts
    }

    private(set) var rows: [Row] = []
    private(set) var total = Counts()

    init(_ results: [TestResult]) {
        var counts: [ProfileID: [VectorCategory: Counts]] = [:]
        for result in results {
            counts[result.vector.profile, default: [:]][result.vector.category, default: Counts()].add(result.outcome)
            total.add(result.outcome)
        }
        for profile in counts.keys.sorted() {
            for (category, row) in counts[profile]!.sorted(by: { $0.key < $1.key }) {
                rows.append(Row(profile: profile, category: category, counts: row))
            }
        }
    }
}

/// The words reports use for one result.
struct ResultWording {
    let result: TestResult

    /// `passed`, `failed`, `error`, `skipped` or `not-applicable`.
    var status: String {
        switch result.outcome {
        case .passed: "passed"
        case .failed: "failed"
        case .error: "error"
        case .skipped: "skipped"
        case .notApplicable: "not-applicable"
        }
    }

    /// What the vector expects.
    var expected: String {
        if case .verification(let verification) = result.vector.body { return verification.expected.description }
        if case .signing(let signing) = result.vector.body { return "a token that resolves to \(signing.expected.identity)" }
        return "as the vector describes (\(result.vector.file))"
    }

    /// What happened instead, for anything but a pass.
    var actual: String? {
        switch result.outcome {
        case .passed: nil
        case .failed(let failure): failure.actual
        case .error(let message): "error: \(message)"
        case .skipped(let message): "skipped: \(message)"
        case .notApplicable: "not applicable: the implementation does not declare this role or profile"
        }
    }

    /// One line saying why a result is not a pass.
    var headline: String? {
        switch result.outcome {
        case .passed: nil
        case .failed(let failure): "\(failure.kind.rawValue): expected \(failure.expected), got \(failure.actual)"
        case .error(let message): message
        case .skipped(let message): message
        case .notApplicable: "the implementation does not declare this role or profile"
        }
    }

    /// Every problem found, for a signer's token.
    var details: [String] {
        if case .failed(let failure) = result.outcome { return failure.details }
        return []
    }

    /// `KUS-IAT-WINDOW (source; source)` for each rule, with the catalogue's sources when known.
    func rules(in catalogue: RuleCatalogue?) -> [String] {
        result.vector.rules.map { id in
            guard let sources = catalogue?.rule(id)?.sources, !sources.isEmpty else { return id }
            return "\(id) (\(sources.joined(separator: "; ")))"
        }
    }
}
