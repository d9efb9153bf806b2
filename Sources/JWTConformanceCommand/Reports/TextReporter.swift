import JWTConformance

/// The human report: a heading, each failure as soon as it is found (vector, expected and
/// actual, rules with their sources), a summary table per profile and category, the
/// known-failures verdict, the testee's stderr, and the closing `N passed, N failed` line.
final class TextReporter: Reporter {
    private let sink: TextSink
    private var header: RunHeader?
    private var reportedAny = false

    init(sink: TextSink) { self.sink = sink }

    func begin(_ header: RunHeader) {
        self.header = header
        var text = "\(toolName) \(header.toolVersion): suite \(header.suiteVersion), corpus \(header.corpusDigest.prefix(16)), \(header.vectorCount) vectors\n"
        text += "implementation: \(header.implementationName); roles: \(header.roles.joined(separator: ", ")); profiles: \(header.profiles.joined(separator: ", "))\n"
        if let command = header.testeeCommand { text += "testee: \(command.joined(separator: " "))\n" }
        if let file = header.knownFailuresFile, let list = header.knownFailures {
            text += "known failures: \(list.reasons.count) listed in \(file)\n"
        }
        sink.write(text + "\n")
    }

    func record(_ result: TestResult) {
        guard result.isFailure, let header else { return }
        reportedAny = true
        let wording = ResultWording(result: result)
        let vector = result.vector
        let tag = "[\(vector.profile)/\(vector.category)]"
        if let reason = header.knownFailureReason(vector.id) {
            sink.write("KNOWN \(vector.id) \(tag) \((wording.headline ?? "").printable) (listed: \(reason.printable))\n")
            return
        }
        var lines = ["\(result.outcome.isError ? "ERROR" : "FAIL ") \(vector.id) \(tag) \(vector.description.printable)"]
        if case .failed(let failure) = result.outcome {
            lines.append("      kind:     \(failure.kind.rawValue)")
        }
        lines.append("      expected: \(wording.expected.printable)")
        lines.append("      actual:   \((wording.actual ?? "").printable)")
        lines += wording.details.map { "        - \($0.printable)" }
        lines.append("      rules:    \(wording.rules(in: header.catalogue).joined(separator: ", "))")
        lines.append("      sources:  \(vector.sources.joined(separator: "; "))")
        lines.append("      file:     \(vector.file)")
        lines.append("      explain:  \(wording.explainCommand)")
        sink.write(lines.joined(separator: "\n") + "\n")
    }

    func finish(_ summary: RunSummary) {
        var text = (reportedAny ? "\n" : "") + table(summary.tally) + "\n"
        if let gate = summary.gate, let header { text += "\n" + gateReport(gate, header: header) }
        if summary.tally.total.run == 0 {
            text += "\nNo vector was run: none is selected, or the implementation declares none of their roles and profiles.\n"
        }
        if let stderr = summary.testeeStderr {
            if summary.restarts > 0 {
                text += "\nThe testee was restarted \(summary.restarts) time\(summary.restarts == 1 ? "" : "s").\n"
            }
            if !stderr.isEmpty {
                text += "\nTestee stderr (last 64 KiB):\n"
                var lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
                if lines.last?.isEmpty == true { lines.removeLast() }
                text += lines.map { "  | \(String($0).printable)" }.joined(separator: "\n") + "\n"
            }
        }
        sink.write(text + "\n" + summary.closingLine + "\n")
    }

    private func table(_ tally: Tally) -> String {
        let headings = ["profile", "category", "passed", "failed", "errors", "skipped", "n/a"]
        var rows = tally.rows.map { row in [row.profile.rawValue, row.category.rawValue] + Self.cells(row.counts) }
        rows.append(["total", ""] + Self.cells(tally.total))
        let widths = headings.indices.map { column in
            ([headings[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return (["Summary", render(headings), rule] + rows.dropLast().map(render) + [rule, render(rows.last!)])
            .joined(separator: "\n")
    }

    private static func cells(_ counts: Tally.Counts) -> [String] {
        [counts.passed, counts.failed, counts.errors, counts.skipped, counts.notApplicable].map(String.init)
    }

    private func gateReport(_ gate: KnownFailures.GateReport, header: RunHeader) -> String {
        let file = header.knownFailuresFile ?? "the known-failures list"
        var lines = ["Known failures (\(file)): \(gate.expectedFailures.count) as listed"]
        if !gate.unexpectedFailures.isEmpty {
            lines.append("  \(gate.unexpectedFailures.count) unlisted failure\(gate.unexpectedFailures.count == 1 ? "" : "s") (regressions): \(gate.unexpectedFailures.map(\.rawValue).joined(separator: ", "))")
        }
        if !gate.unexpectedPasses.isEmpty {
            lines.append("  \(gate.unexpectedPasses.count) listed vector\(gate.unexpectedPasses.count == 1 ? "" : "s") now pass (remove from the list): \(gate.unexpectedPasses.map(\.rawValue).joined(separator: ", "))")
        }
        if !gate.listedButNotRun.isEmpty {
            lines.append("  \(gate.listedButNotRun.count) listed vector\(gate.listedButNotRun.count == 1 ? " was" : "s were") not run (remove from the list, or run them):")
            lines += gate.listedButNotRun.map { "    \($0)" }
        }
        if !gate.unknownIDs.isEmpty {
            lines.append("  \(gate.unknownIDs.count) listed id\(gate.unknownIDs.count == 1 ? "" : "s") match no vector: \(gate.unknownIDs.map(\.rawValue).joined(separator: ", "))")
        }
        lines.append(gate.isClean ? "  The run is as the list says." : "  The run is not as the list says.")
        return lines.joined(separator: "\n") + "\n"
    }
}
