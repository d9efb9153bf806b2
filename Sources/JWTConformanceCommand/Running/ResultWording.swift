import JWTConformance

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
        if case .session(let session) = result.vector.body {
            if case .failed(let failure) = result.outcome { return failure.expected }
            return "the expected observation after each of its \(session.steps.count) steps"
        }
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

    /// The command that explains the vector: its rules, expected result and token diagnosis.
    var explainCommand: String { "\(Subcommand.explain.invocation) \(result.vector.id)" }

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

extension TestResult.Outcome {
    /// Whether the implementation gave no usable answer.
    var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
