import JWTConformance

/// The Markdown report, fit for `$GITHUB_STEP_SUMMARY`: a heading with the closing counts, the
/// summary table, the failures in a table, the known-failures verdict and the testee's stderr
/// in a collapsed block.
enum MarkdownReport {
    static func render(_ header: RunHeader, _ summary: RunSummary) -> String {
        var lines = [
            "## \(toolName): \(cell(header.implementationName))", "",
            "**\(summary.closingLine)** · suite \(header.suiteVersion) · corpus `\(header.corpusDigest.prefix(16))` · \(summary.status == .success ? "✅ conforms" : "❌ exit status \(summary.status.rawValue)")",
            "",
            "| profile | category | passed | failed | errors | skipped | n/a |",
            "|---|---|--:|--:|--:|--:|--:|",
        ]
        for row in summary.tally.rows {
            lines.append("| \(row.profile) | \(row.category) | \(counts(row.counts)) |")
        }
        lines.append("| **total** | | \(counts(summary.tally.total)) |")

        let failures = summary.results.filter(\.isFailure)
        if !failures.isEmpty {
            lines += ["", "### Failures", "", "| vector | expected | actual | rules |", "|---|---|---|---|"]
            for result in failures {
                let wording = ResultWording(result: result)
                let known = header.knownFailureReason(result.id).map { " (known: \($0))" } ?? ""
                lines.append(
                    "| `\(result.id)` \(cell(result.vector.description))\(cell(known)) | \(cell(wording.expected)) | \(cell(wording.actual ?? "")) | \(cell(wording.rules(in: header.catalogue).joined(separator: ", "))) |"
                )
            }
            lines += ["", "`\(Subcommand.explain.invocation) <vector>` shows a vector's rules in full, its expected result and the diagnosis of its token."]
        }
        if let gate = summary.gate {
            lines += ["", "### Known failures", ""]
            lines.append("- \(gate.expectedFailures.count) failing as listed")
            lines.append("- unlisted failures: \(list(gate.unexpectedFailures))")
            lines.append("- listed vectors that now pass: \(list(gate.unexpectedPasses))")
            lines.append("- listed vectors not run: \(gate.listedButNotRun.isEmpty ? "none" : gate.listedButNotRun.map { "`\($0.id)` (\(cell($0.why)))" }.joined(separator: ", "))")
            lines.append("- listed ids that match no vector: \(list(gate.unknownIDs))")
        }
        if let stderr = summary.testeeStderr, !stderr.isEmpty {
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: stderr) + 1))
            lines += ["", "<details><summary>Testee stderr (restarted \(summary.restarts) times)</summary>", "", fence + "text", stderr.hasSuffix("\n") ? String(stderr.dropLast()) : stderr, fence, "", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func counts(_ counts: Tally.Counts) -> String {
        [counts.passed, counts.failed, counts.errors, counts.skipped, counts.notApplicable].map(String.init).joined(separator: " | ")
    }

    private static func list(_ ids: [VectorID]) -> String {
        ids.isEmpty ? "none" : ids.map { "`\($0)`" }.joined(separator: ", ")
    }

    /// Text safe inside a table cell: pipes escaped, newlines as `<br>`, HTML markup neutralised.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "<br>")
    }

    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0, current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
