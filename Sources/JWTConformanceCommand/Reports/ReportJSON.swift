import JWTConformance

/// The JSON shapes shared by the JSON report and the progress log.
enum ReportJSON {
    static func header(_ header: RunHeader) -> JSONObject {
        var object: JSONObject = [
            "tool": ["name": .string(toolName), "version": .string(header.toolVersion)],
            "suiteVersion": .string(header.suiteVersion),
            "corpusDigest": .string(header.corpusDigest),
            "implementation": [
                "name": .string(header.implementation.name), "version": .string(header.implementation.version),
                "language": .string(header.implementation.language),
                "roles": .array(header.roles.map(JSONValue.string)),
                "profiles": .array(header.profiles.map(JSONValue.string)),
            ],
            "testee": header.testeeCommand.map { .array($0.map(JSONValue.string)) } ?? .null,
            "vectorCount": .number(JSONNumber(header.vectorCount)),
        ]
        if let file = header.knownFailuresFile { object["knownFailuresFile"] = .string(file) }
        return object
    }

    static func result(_ result: TestResult, header: RunHeader) -> JSONValue {
        let wording = ResultWording(result: result)
        let vector = result.vector
        var object: JSONObject = [
            "id": .string(vector.id.rawValue), "profile": .string(vector.profile.rawValue),
            "category": .string(vector.category.rawValue), "role": .string(vector.role.rawValue),
            "description": .string(vector.description), "outcome": .string(wording.status),
            "expected": .string(wording.expected),
        ]
        switch result.outcome {
        case .failed(let failure):
            object["failureKind"] = .string(failure.kind.rawValue)
            object["actual"] = .string(failure.actual)
            if !failure.details.isEmpty { object["details"] = .array(failure.details.map(JSONValue.string)) }
        case .error(let message), .skipped(let message):
            object["message"] = .string(message)
        case .passed, .notApplicable:
            break
        }
        if let reason = header.knownFailureReason(vector.id) { object["knownFailure"] = .string(reason) }
        object["rules"] = .array(vector.rules.map(JSONValue.string))
        object["sources"] = .array(vector.sources.map(JSONValue.string))
        object["flags"] = .array(vector.flags.map(JSONValue.string))
        object["file"] = .string(vector.file)
        return .object(object)
    }

    static func summary(_ summary: RunSummary) -> JSONObject {
        let total = summary.tally.total
        var object: JSONObject = [
            "summary": [
                "passed": .number(JSONNumber(total.passed)), "failed": .number(JSONNumber(total.failed)),
                "errors": .number(JSONNumber(total.errors)), "skipped": .number(JSONNumber(total.skipped)),
                "notApplicable": .number(JSONNumber(total.notApplicable)),
            ],
            "exitStatus": .number(JSONNumber(Int(summary.status.rawValue))),
        ]
        if let gate = summary.gate {
            object["knownFailures"] = [
                "clean": .bool(gate.isClean),
                "expectedFailures": ids(gate.expectedFailures), "unexpectedFailures": ids(gate.unexpectedFailures),
                "unexpectedPasses": ids(gate.unexpectedPasses),
                "listedButNotRun": .array(gate.listedButNotRun.map { ["id": .string($0.id.rawValue), "why": .string($0.why)] }),
                "unknownIDs": ids(gate.unknownIDs),
            ]
        }
        if let stderr = summary.testeeStderr {
            object["testeeRestarts"] = .number(JSONNumber(summary.restarts))
            object["testeeStderr"] = .string(stderr)
        }
        return object
    }

    private static func ids(_ ids: [VectorID]) -> JSONValue { .array(ids.map { .string($0.rawValue) }) }
}
