import JWTConformance

/// The JUnit XML report: one `<testsuite>` per profile and category, one `<testcase>` per
/// vector with `classname` = `profile.category`, and `<failure>`, `<error>` and `<skipped>`
/// elements. A listed known failure is `<skipped>`; a listed vector that passes or is not run and
/// a listed id that matches no vector are failures (the latter in a `known-failures` suite).
enum JUnitReport {
    static func render(_ header: RunHeader, _ summary: RunSummary) -> String {
        var suites: [(name: String, cases: [String], counts: (failures: Int, errors: Int, skipped: Int))] = []
        var index: [String: Int] = [:]
        for result in summary.results {
            let name = "\(result.vector.profile).\(result.vector.category)"
            if index[name] == nil {
                index[name] = suites.count
                suites.append((name, [], (0, 0, 0)))
            }
            let (element, kind) = testcase(result, header: header, summary: summary)
            let position = index[name]!
            suites[position].cases.append(element)
            switch kind {
            case .failure: suites[position].counts.failures += 1
            case .error: suites[position].counts.errors += 1
            case .skipped: suites[position].counts.skipped += 1
            case .none: break
            }
        }
        if let gate = summary.gate, !gate.unknownIDs.isEmpty {
            let file = header.knownFailuresFile ?? "the known-failures list"
            let cases = gate.unknownIDs.map { id in
                "    <testcase classname=\"known-failures\" name=\"\(XMLEscaping.attribute(id.rawValue))\">\n"
                    + "      <failure type=\"unknown-id\" message=\"\(XMLEscaping.attribute("listed in \(file) but matches no vector"))\"/>\n"
                    + "    </testcase>"
            }
            suites.append(("known-failures", cases, (cases.count, 0, 0)))
        }
        let totals = suites.reduce((tests: 0, failures: 0, errors: 0, skipped: 0)) {
            ($0.tests + $1.cases.count, $0.failures + $1.counts.failures, $0.errors + $1.counts.errors, $0.skipped + $1.counts.skipped)
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(XMLEscaping.attribute("\(toolName) \(header.suiteVersion): \(header.implementationName)"))\""
        xml += " tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n"
        for (position, suite) in suites.enumerated() {
            xml += "  <testsuite name=\"\(XMLEscaping.attribute(suite.name))\" tests=\"\(suite.cases.count)\""
            xml += " failures=\"\(suite.counts.failures)\" errors=\"\(suite.counts.errors)\" skipped=\"\(suite.counts.skipped)\">\n"
            if position == 0 { xml += properties(header) }
            xml += suite.cases.joined(separator: "\n") + "\n"
            if position == 0, let stderr = summary.testeeStderr, !stderr.isEmpty {
                xml += "    <system-err>\(XMLEscaping.text(stderr))</system-err>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    private enum Kind { case failure, error, skipped }

    private static func testcase(_ result: TestResult, header: RunHeader, summary: RunSummary) -> (String, Kind?) {
        let vector = result.vector
        let wording = ResultWording(result: result)
        let open = "    <testcase classname=\"\(XMLEscaping.attribute("\(vector.profile).\(vector.category)"))\""
            + " name=\"\(XMLEscaping.attribute("\(vector.id): \(vector.description)"))\" file=\"\(XMLEscaping.attribute(vector.file))\""
        let body = """
            expected: \(wording.expected)
            actual: \(wording.actual ?? "as expected")\(wording.details.map { "\n  - \($0)" }.joined())
            rules: \(wording.rules(in: header.catalogue).joined(separator: ", "))
            sources: \(vector.sources.joined(separator: "; "))
            explain: \(wording.explainCommand)
            """
        let listed = header.knownFailureReason(vector.id)
        let element: (String, String, String)?
        let kind: Kind?
        switch (result.outcome, listed) {
        case (.failed, let reason?), (.error, let reason?):
            element = ("skipped", "", "known failure: \(reason)")
            kind = .skipped
        case (.passed, let reason?) where summary.gate != nil:
            element = ("failure", "unexpected-pass", "listed as a known failure (\(reason)) but passes: remove it from the list")
            kind = .failure
        case (.skipped, let reason?) where summary.gate != nil, (.notApplicable, let reason?) where summary.gate != nil:
            let why = summary.gate?.listedButNotRun.first { $0.id == vector.id }?.why ?? "not run"
            element = ("failure", "listed-but-not-run", "listed as a known failure (\(reason)) but \(why)")
            kind = .failure
        case (.passed, _):
            element = nil
            kind = nil
        case (.failed(let failure), nil):
            element = ("failure", failure.kind.rawValue, wording.headline ?? "")
            kind = .failure
        case (.error(let message), nil):
            element = ("error", "error", message)
            kind = .error
        case (.skipped(let message), _):
            element = ("skipped", "", message)
            kind = .skipped
        case (.notApplicable, _):
            element = ("skipped", "", wording.headline ?? "not applicable")
            kind = .skipped
        }
        guard let (name, type, message) = element else { return (open + "/>", nil) }
        let typeAttribute = type.isEmpty ? "" : " type=\"\(XMLEscaping.attribute(type))\""
        let child = name == "skipped"
            ? "      <skipped message=\"\(XMLEscaping.attribute(message))\"/>"
            : "      <\(name)\(typeAttribute) message=\"\(XMLEscaping.attribute(message))\">\(XMLEscaping.text(body))</\(name)>"
        return (open + ">\n" + child + "\n    </testcase>", kind)
    }

    private static func properties(_ header: RunHeader) -> String {
        let values = [
            ("suiteVersion", header.suiteVersion), ("corpusDigest", header.corpusDigest),
            ("implementation.name", header.implementation.name), ("implementation.version", header.implementation.version),
            ("implementation.language", header.implementation.language),
        ]
        return "    <properties>\n"
            + values.map { "      <property name=\"\($0.0)\" value=\"\(XMLEscaping.attribute($0.1))\"/>\n" }.joined()
            + "    </properties>\n"
    }
}
