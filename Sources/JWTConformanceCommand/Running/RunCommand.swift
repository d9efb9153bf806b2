import Foundation
import JWTConformance
import JWTTestee

/// `jwt-conformance run`: loads the vectors, starts the implementation, runs every applicable
/// vector in order, streams the reports and decides the exit status.
struct RunCommand {
    var options: RunOptions
    var stdout: TextSink
    var stderr: TextSink
    var environment: [String: String]

    /// What a run produced, for callers that want more than the exit status.
    struct Outcome {
        var status: ExitCode
        /// The summary, when the run got as far as running vectors.
        var summary: RunSummary?
    }

    func execute() async -> Outcome {
        let suite: LoadedSuite
        do {
            suite = try SuiteLoader.load(paths: options.vectors, withBundled: options.withBundled, environment: environment)
        } catch {
            return fail(.dataError, "cannot load the vectors: \(error)")
        }
        let knownFailures: KnownFailures?
        do {
            knownFailures = try options.knownFailures.map { try KnownFailures(contentsOf: URL(fileURLWithPath: $0)) }
        } catch {
            return fail(.dataError, "cannot use the known-failures list '\(options.knownFailures ?? "")': \(error)")
        }
        let unknownProfiles = options.profiles.filter { suite.corpus.profiles[$0] == nil }
        if !unknownProfiles.isEmpty {
            let known = suite.corpus.profiles.keys.sorted().map(\.rawValue).joined(separator: ", ")
            stderr.write("Error: Unknown profile '\(unknownProfiles[0])' (known: \(known.isEmpty ? "none" : known))\n")
            stderr.write(HelpText.errorUsage(for: .run))
            return Outcome(status: .usage)
        }
        let vectors = suite.corpus.vectors.filter { vector in
            (options.profiles.isEmpty || options.profiles.contains(vector.profile))
                && (options.role == nil || options.role == vector.role)
        }

        let reporters: [Reporter]
        let files: [TextSink]
        do {
            (reporters, files) = try makeReporters()
        } catch {
            return fail(.outputError, "\(error)")
        }
        defer { files.forEach { $0.close() } }

        let testee: SubprocessTestee?
        let implementation: Implementation
        if options.command.isEmpty {
            testee = nil
            implementation = .reference(profiles: suite.corpus.profiles)
        } else {
            do {
                let started = try SubprocessTestee(.init(command: options.command, timeout: options.timeout))
                implementation = .testee(started, hello: try started.start())
                testee = started
            } catch {
                var message = "the testee could not be run at all: \(error.message)"
                if !error.stderr.isEmpty { message += "\nIts stderr:\n" + error.stderr }
                return fail(.testeeUnavailable, message)
            }
        }
        defer { testee?.stop() }

        let header = RunHeader(
            suiteVersion: suite.corpus.suiteVersion, corpusDigest: suite.corpus.digest,
            implementation: implementation.metadata,
            roles: testee?.hello?.roles ?? Role.allCases.filter(implementation.plays).map(\.rawValue),
            profiles: testee?.hello?.profiles.map(\.rawValue) ?? implementation.profiles.sorted().map(\.rawValue),
            testeeCommand: testee == nil ? nil : options.command, vectorCount: vectors.count,
            knownFailures: knownFailures, knownFailuresFile: options.knownFailures, catalogue: suite.corpus.catalogue
        )
        reporters.forEach { $0.begin(header) }
        let results = await ConformanceRunner(profiles: suite.corpus.profiles).run(vectors, against: implementation) { result in
            reporters.forEach { $0.record(result) }
        }
        testee?.stop()

        let tally = Tally(results)
        let gate = knownFailures?.gate(results, allVectorIDs: suite.allVectorIDs)
        var status: ExitCode
        if let gate {
            status = gate.isClean ? .success : .failures
        } else {
            status = results.contains(where: \.isFailure) ? .failures : .success
        }
        if tally.total.run == 0 { status = .failures }
        if let path = options.writeKnownFailures, let error = writeKnownFailures(results, header: header, to: path) {
            stderr.write("Error: \(error)\n")
            status = .outputError
        }
        let summary = RunSummary(
            results: results, tally: tally, gate: gate, testeeStderr: testee?.capturedStderr,
            restarts: testee?.restartCount ?? 0, status: status
        )
        reporters.forEach { $0.finish(summary) }
        return Outcome(status: status, summary: summary)
    }

    /// The live text report always goes somewhere: to stdout unless stdout carries another
    /// format, then to stderr.
    private func makeReporters() throws -> ([Reporter], [TextSink]) {
        var files: [TextSink] = []
        var reporters: [Reporter] = []
        let reportSink: TextSink
        if let output = options.output {
            reportSink = try TextSink.file(atPath: output)
            files.append(reportSink)
        } else {
            reportSink = stdout
        }
        let textSink = options.output == nil && options.format != .text ? stderr : stdout
        reporters.append(TextReporter(sink: textSink))
        switch options.format {
        case .text: if reportSink !== stdout { reporters.append(TextReporter(sink: reportSink)) }
        case .json: reporters.append(JSONReporter(sink: reportSink))
        case .junit: reporters.append(DeferredReporter(sink: reportSink, render: JUnitReport.render))
        case .markdown: reporters.append(DeferredReporter(sink: reportSink, render: MarkdownReport.render))
        }
        if let progress = options.progress {
            let sink = try TextSink.file(atPath: progress)
            files.append(sink)
            reporters.append(ProgressReporter(sink: sink))
        }
        return (reporters, files)
    }

    private func writeKnownFailures(_ results: [TestResult], header: RunHeader, to path: String) -> String? {
        let heading = """
            Known failures of \(header.implementationName)
            against the jwt-conformance suite \(header.suiteVersion)
            Written by `\(toolName) run --write-known-failures`; one vector id and the reason a line.
            """
        let text = KnownFailures(failuresIn: results).rendered(heading: heading)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return nil
        } catch {
            return "cannot write the known-failures list '\(path)': \(error.localizedDescription)"
        }
    }

    private func fail(_ status: ExitCode, _ message: String) -> Outcome {
        stderr.write("Error: \(message)\n")
        return Outcome(status: status)
    }
}
