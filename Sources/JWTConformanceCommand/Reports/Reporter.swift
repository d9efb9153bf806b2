import JWTConformance

/// Writes one kind of report. Results are handed over as they arrive, so a streaming report
/// (text, JSON, JSON lines) loses nothing if the harness itself dies.
protocol Reporter: AnyObject {
    /// Before the first result.
    func begin(_ header: RunHeader)
    /// One result, as soon as it is known.
    func record(_ result: TestResult)
    /// After the last result.
    func finish(_ summary: RunSummary)
}

/// A report rendered whole once the run is over (JUnit, Markdown): keeps the header and writes
/// at the end.
final class DeferredReporter: Reporter {
    private let sink: TextSink
    private let render: (RunHeader, RunSummary) -> String
    private var header: RunHeader?

    init(sink: TextSink, render: @escaping (RunHeader, RunSummary) -> String) {
        self.sink = sink
        self.render = render
    }

    func begin(_ header: RunHeader) { self.header = header }

    func record(_ result: TestResult) {}

    func finish(_ summary: RunSummary) {
        guard let header else { return }
        sink.write(render(header, summary))
    }
}
