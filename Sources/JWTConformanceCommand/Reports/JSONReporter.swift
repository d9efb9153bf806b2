import JWTConformance

/// The JSON report: one object with the suite version, the corpus digest, the implementation's
/// hello metadata, every result and the summary. Written as it goes: the opening members first,
/// then each result on its own line as it arrives, then the summary; a run cut short leaves
/// every result received so far in the file.
final class JSONReporter: Reporter {
    private let sink: TextSink
    private var header: RunHeader?
    private var count = 0

    init(sink: TextSink) { self.sink = sink }

    func begin(_ header: RunHeader) {
        self.header = header
        var text = "{\n  \"format\": \"jwt-conformance-report\",\n  \"formatVersion\": 1"
        for member in ReportJSON.header(header) {
            text += ",\n  \(JSONValue.string(member.key).serialized()): \(member.value.serialized())"
        }
        sink.write(text + ",\n  \"results\": [")
    }

    func record(_ result: TestResult) {
        guard let header else { return }
        sink.write((count == 0 ? "\n    " : ",\n    ") + ReportJSON.result(result, header: header).serialized())
        count += 1
    }

    func finish(_ summary: RunSummary) {
        var text = count == 0 ? "]" : "\n  ]"
        for member in ReportJSON.summary(summary) {
            text += ",\n  \(JSONValue.string(member.key).serialized()): \(member.value.serialized())"
        }
        sink.write(text + "\n}\n")
    }
}

/// The `--progress` log: JSON lines, one `begin`, one `result` per vector as it arrives, one `end`.
final class ProgressReporter: Reporter {
    private let sink: TextSink
    private var header: RunHeader?

    init(sink: TextSink) { self.sink = sink }

    func begin(_ header: RunHeader) {
        self.header = header
        var object = ReportJSON.header(header)
        object.members.insert((key: "event", value: "begin"), at: 0)
        sink.write(JSONValue.object(object).serialized() + "\n")
    }

    func record(_ result: TestResult) {
        guard let header, case .object(var object) = ReportJSON.result(result, header: header) else { return }
        object.members.insert((key: "event", value: "result"), at: 0)
        sink.write(JSONValue.object(object).serialized() + "\n")
    }

    func finish(_ summary: RunSummary) {
        var object = ReportJSON.summary(summary)
        object.members.insert((key: "event", value: "end"), at: 0)
        sink.write(JSONValue.object(object).serialized() + "\n")
    }
}
