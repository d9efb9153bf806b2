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
    ///
    /// In a run gated by a known-failures list the line agrees with the exit status: listed
    /// failures count as skipped, and listed vectors that pass or are not run and listed ids
    /// that match no vector count as failed.
    var closingLine: String {
        let total = tally.total
        var passed = total.passed
        var failed = total.failed + total.errors
        var skipped = total.skipped + total.notApplicable
        if let gate {
            passed -= gate.unexpectedPasses.count
            failed = gate.unexpectedFailures.count + gate.unexpectedPasses.count + gate.listedButNotRun.count
                + gate.unknownIDs.count
            skipped += gate.expectedFailures.count - gate.listedButNotRun.count
        }
        return "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}
