import JWTConformance

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
