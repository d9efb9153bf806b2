import JWTConformance
import Testing
@testable import JWTConformanceCommand

@Suite("Reports")
struct ReportRenderingTests {
    @Test("JUnit XML is well-formed even with markup and control characters in tokens and messages")
    func junitWellFormed() throws {
        let xml = JUnitReport.render(SyntheticResults.header(), SyntheticResults.summary())
        let recorder = XMLRecorder()
        #expect(recorder.parse(xml), "not well-formed: \(recorder.error ?? "")")
        let cases = recorder.all("testcase")
        #expect(cases.count == 5)
        #expect(cases.map { $0["classname"] } == ["kustomer.claims", "kustomer.claims", "kustomer.timing", "sunshine.claims", "sunshine.signer"])
        #expect(cases[1]["name"]?.hasPrefix("KUS-CLM-002: hostile <&>\"' \\u{1}\\u{8}\\u{1B}[31m | pipe\nnew line \\u{FFFE}") == true)
        #expect(recorder.all("failure").count == 1)
        #expect(recorder.all("failure").first?["type"] == "wrong-verdict")
        #expect(recorder.all("error").count == 1)
        #expect(recorder.all("skipped").count == 2)
        let root = try #require(recorder.all("testsuites").first)
        #expect(root["tests"] == "5")
        #expect(root["failures"] == "1")
        #expect(root["errors"] == "1")
        #expect(root["skipped"] == "2")
        #expect(recorder.text.contains("Traceback <most recent call last>"))
        #expect(recorder.text.contains("explain: jwt-conformance explain KUS-CLM-002"))
        #expect(recorder.all("property").contains { $0["name"] == "corpusDigest" })
    }

    @Test("JUnit: known failures are skipped, listed passes and unknown ids are failures")
    func junitKnownFailures() throws {
        let list = KnownFailures(reasons: ["KUS-CLM-002": "known bug", "KUS-CLM-001": "fixed since", "KUS-XXX-999": "gone"])
        let results = SyntheticResults.mixed
        let gate = list.gate(results, allVectorIDs: Set(results.map(\.id)))
        let xml = JUnitReport.render(SyntheticResults.header(knownFailures: list), SyntheticResults.summary(results, gate: gate))
        let recorder = XMLRecorder()
        #expect(recorder.parse(xml), "not well-formed: \(recorder.error ?? "")")
        #expect(recorder.all("skipped").contains { $0["message"] == "known failure: known bug" })
        #expect(recorder.all("failure").map { $0["type"] } == ["unexpected-pass", "unknown-id"])
        #expect(recorder.all("testcase").last?["classname"] == "known-failures")
    }

    @Test("A listed vector that is skipped or not applicable is a gate failure in every report")
    func listedButNotRun() throws {
        let list = KnownFailures(reasons: ["KUS-CLM-002": "known bug", "SUN-CLM-004": "was failing", "SUN-SGN-005": "was failing"])
        let results = SyntheticResults.mixed
        let gate = list.gate(results, allVectorIDs: Set(results.map(\.id)))
        #expect(gate.listedButNotRun == [
            .init(id: "SUN-CLM-004", why: "skipped by the implementation: not supported"),
            .init(id: "SUN-SGN-005", why: "not applicable: the implementation does not declare the verifier role or the sunshine profile"),
        ])
        #expect(!gate.isClean)
        let summary = SyntheticResults.summary(results, gate: gate)
        let header = SyntheticResults.header(knownFailures: list)
        let recorder = XMLRecorder()
        #expect(recorder.parse(JUnitReport.render(header, summary)))
        let failures = recorder.all("failure").filter { $0["type"] == "listed-but-not-run" }.compactMap { $0["message"] }
        #expect(failures == [
            "listed as a known failure (was failing) but skipped by the implementation: not supported",
            "listed as a known failure (was failing) but not applicable: the implementation does not declare the verifier role or the sunshine profile",
        ])
        let json = try #require(ReportJSON.summary(summary)["knownFailures"])
        #expect(json["clean"] == false)
        #expect(json["listedButNotRun"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["SUN-CLM-004", "SUN-SGN-005"])
        #expect(MarkdownReport.render(header, summary).contains("- listed vectors not run: `SUN-CLM-004` (skipped by the implementation: not supported)"))
        #expect(summary.closingLine == "1 passed, 3 failed, 1 skipped")
    }

    @Test("XML escaping of text and attributes")
    func xmlEscaping() {
        #expect(XMLEscaping.text("a<b>&c\"'\n\t\r") == "a&lt;b&gt;&amp;c\"'\n\t&#13;")
        #expect(XMLEscaping.attribute("a<b>&c\"'\n\t") == "a&lt;b&gt;&amp;c&quot;&apos;&#10;&#9;")
        #expect(XMLEscaping.text("\u{0}\u{1F}\u{FFFF}é😀") == "\\u{0}\\u{1F}\\u{FFFF}é😀")
    }

    @Test("the JSON report parses and carries the suite, digest, implementation and every result")
    func jsonParses() throws {
        let sink = TextSink.memory()
        let reporter = JSONReporter(sink: sink)
        reporter.begin(SyntheticResults.header())
        SyntheticResults.mixed.forEach(reporter.record)
        reporter.finish(SyntheticResults.summary())
        let report = try JSONParser.parse(sink.text, options: .init(rejectDuplicateKeys: true))
        #expect(report["suiteVersion"] == "1.0.0")
        #expect(report["corpusDigest"] == .string(String(repeating: "ab", count: 32)))
        #expect(report["implementation"]?["name"] == "Test <impl>")
        let results = try #require(report["results"]?.arrayValue)
        #expect(results.map { $0["outcome"] } == ["passed", "failed", "error", "skipped", "not-applicable"])
        #expect(results[1]["failureKind"] == "wrong-verdict")
        #expect(results[2]["message"]?.stringValue?.hasPrefix("the testee exited") == true)
        #expect(report["summary"]?["errors"] == 1)
        #expect(report["testeeRestarts"] == 1)
    }

    @Test("the JSON report streams: every result is in the file before the run ends")
    func jsonStreams() throws {
        let sink = TextSink.memory()
        let reporter = JSONReporter(sink: sink)
        reporter.begin(SyntheticResults.header())
        reporter.record(SyntheticResults.mixed[0])
        reporter.record(SyntheticResults.mixed[1])
        let partial = sink.text
        #expect(partial.contains("\"KUS-CLM-001\""))
        #expect(partial.contains("\"KUS-CLM-002\""))
        #expect(try JSONParser.parse(partial + "]}")["results"]?.arrayValue?.count == 2)
    }

    @Test("the progress log is one JSON object a line: begin, results, end")
    func progressLines() throws {
        let sink = TextSink.memory()
        let reporter = ProgressReporter(sink: sink)
        reporter.begin(SyntheticResults.header())
        SyntheticResults.mixed.forEach(reporter.record)
        reporter.finish(SyntheticResults.summary())
        let lines = try sink.text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.map { $0["event"] } == ["begin", "result", "result", "result", "result", "result", "end"])
    }

    @Test("the text report streams each failure with expected, actual, rules and sources, and ends with the count line")
    func textReport() {
        let sink = TextSink.memory()
        let reporter = TextReporter(sink: sink)
        reporter.begin(SyntheticResults.header())
        SyntheticResults.mixed.forEach(reporter.record)
        let streamed = sink.text
        #expect(streamed.contains("FAIL  KUS-CLM-002 [kustomer/claims]"))
        #expect(streamed.contains("      kind:     wrong-verdict"))
        #expect(streamed.contains("      expected: reject (expired)"))
        #expect(streamed.contains("      rules:    KUS-RULE"))
        #expect(streamed.contains("      sources:  seed.txt § Heading"))
        #expect(streamed.contains("      explain:  jwt-conformance explain KUS-CLM-002"))
        #expect(streamed.contains("ERROR KUS-TIM-003 [kustomer/timing]"))
        reporter.finish(SyntheticResults.summary())
        let lines = sink.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.dropLast().last == "1 passed, 2 failed, 2 skipped")
        #expect(sink.text.contains(/\nkustomer +claims +1 +1 +0 +0 +0\n/))
        #expect(!sink.text.contains("\u{1B}"), "control characters are shown, not sent to the terminal")
        #expect(streamed.contains(#"hostile <&>"' \u{1}\u{8}\u{1B}[31m | pipe\nnew line"#))
        #expect(sink.text.contains("  | Traceback <most recent call last>"))
    }

    @Test("Markdown: a summary table, failures with escaped cells, stderr in a fence longer than its backticks")
    func markdown() {
        let markdown = MarkdownReport.render(SyntheticResults.header(), SyntheticResults.summary())
        #expect(markdown.hasPrefix("## jwt-conformance: Test &lt;impl&gt; 1.0 (Python)\n"))
        #expect(markdown.contains("| kustomer | claims | 1 | 1 | 0 | 0 | 0 |"))
        #expect(markdown.contains("| **total** | | 1 | 1 | 1 | 1 | 1 |"))
        #expect(markdown.contains(#"\| pipe<br>new line"#))
        #expect(markdown.contains("\n````text\n"))
        #expect(markdown.contains("`jwt-conformance explain <vector>` shows a vector's rules in full"))
        for line in markdown.split(separator: "\n") where line.hasPrefix("| `KUS-CLM-002`") {
            #expect(line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 5, "a table row has 4 cells")
        }
    }
}
