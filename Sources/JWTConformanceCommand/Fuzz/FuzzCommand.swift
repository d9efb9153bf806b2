import Foundation
import JWTConformance
import JWTFuzzing
import JWTTestee

/// `jwt-conformance fuzz`: differential fuzzing of a testee (or the in-process reference) against
/// the reference, printing each finding as it is found and writing it as a vector file.
struct FuzzCommand {
    var options: FuzzOptions
    var stdout: TextSink
    var stderr: TextSink
    var environment: [String: String]
    /// Set to stop the run early (Ctrl-C sets it).
    var stop = StopFlag()

    func execute() async -> ExitCode {
        // The whole corpus says which ambiguities are open, however few vectors seed the run.
        let whole: Corpus
        do {
            whole = try Corpus.bundled(environment: [:])
        } catch {
            return fail(.dataError, "cannot load the vectors: \(error)")
        }
        let corpus = whole.selecting(environment[Corpus.selectionEnvironmentVariable])
        let unknownProfiles = options.profiles.filter { corpus.profiles[$0] == nil }
        if let unknown = unknownProfiles.first {
            let known = corpus.profiles.keys.sorted().map(\.rawValue).joined(separator: ", ")
            stderr.write("Error: Unknown profile '\(unknown)' (known: \(known))\n" + HelpText.errorUsage(for: .fuzz))
            return .usage
        }
        let knownFailures: KnownFailures?
        do {
            knownFailures = try options.knownFailures.map { try KnownFailures(contentsOf: URL(fileURLWithPath: $0)) }
        } catch {
            return fail(.dataError, "cannot use the known-failures list '\(options.knownFailures ?? "")': \(error)")
        }

        let workers = options.workers ?? ProcessInfo.processInfo.activeProcessorCount
        let testee: SubprocessTestee?
        let implementation: Implementation
        if options.command.isEmpty {
            testee = nil
            implementation = .reference(profiles: corpus.profiles)
        } else {
            do {
                // With several workers another has work while the testee answers: no spinning.
                let spin: Duration = workers > 1 ? .zero : SubprocessTestee.Configuration(command: []).spin
                let started = try SubprocessTestee(.init(command: options.command, timeout: options.timeout, spin: spin))
                implementation = .testee(started, hello: try started.start())
                testee = started
            } catch {
                var message = "the testee could not be run at all: \(error.message)"
                if !error.stderr.isEmpty { message += "\nIts stderr:\n" + error.stderr }
                return fail(.testeeUnavailable, message)
            }
        }
        defer { testee?.stop() }

        let budget: Fuzzer.Budget = options.duration.map { .duration($0) } ?? .count(options.count ?? FuzzOptions.defaultCount)
        var configuration = Fuzzer.Configuration(
            seed: options.seed, budget: budget, profiles: options.profiles, openAmbiguities: FuzzOracle.openAmbiguities(in: whole),
            workers: workers)
        if let knownFailures {
            configuration.known = await Fuzzer(corpus: corpus, implementation: implementation, configuration: configuration).knownKeys(of: knownFailures)
        }
        let fuzzer = Fuzzer(corpus: corpus, implementation: implementation, configuration: configuration)
        let writer = FindingWriter(directory: URL(fileURLWithPath: options.out), suiteVersion: corpus.suiteVersion, catalogue: corpus.catalogue)
        let implementationName = "\(implementation.metadata.name) \(implementation.metadata.version)"
        stdout.write("""
            jwt-conformance fuzz: \(implementationName) (\(implementation.roles.map(\.rawValue).sorted().joined(separator: ", ")))
            seed \(options.seed), \(Self.describe(budget)), profiles \(fuzzer.fuzzedProfiles.map(\.rawValue).joined(separator: ", ")), findings to \(options.out)/
            \(knownFailures == nil ? "" : "known causes excluded: \(configuration.known.count) (from \(options.knownFailures ?? ""))\n")
            """)

        let progress = ProgressLine(sink: stderr, enabled: stderr === TextSink.standardError && isatty(STDERR_FILENO) != 0)
        var writeError: String?
        stop.catchInterrupts()
        let statistics = await fuzzer.run(shouldStop: { [stop] in stop.isSet }) { event in
            switch event {
            case .progress(let statistics):
                progress.show(statistics)
            case .finding(let finding):
                progress.clear()
                var file = "not written"
                do {
                    file = try writer.write(finding, seed: options.seed).path
                } catch {
                    writeError = "cannot write finding \(finding.id): \(error.localizedDescription)"
                }
                stdout.write(Self.render(finding, file: file))
            }
        }
        stop.release()
        progress.clear()
        testee?.stop()
        stdout.write(Self.summary(
            statistics, known: configuration.known, interrupted: stop.isSet, stderr: testee?.capturedStderr, restarts: testee?.restartCount ?? 0))
        if let writeError {
            stderr.write("Error: \(writeError)\n")
            return .outputError
        }
        return statistics.findings == 0 ? .success : .failures
    }

    private func fail(_ status: ExitCode, _ message: String) -> ExitCode {
        stderr.write("Error: \(message)\n")
        return status
    }

    static func describe(_ budget: Fuzzer.Budget) -> String {
        switch budget {
        case .count(let count): "\(count) cases"
        case .duration(let duration): "\(seconds(duration)) s"
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.1f", value)
    }

    static func render(_ finding: Finding, file: String) -> String {
        """
        FINDING \(finding.id)  \(finding.key)
          rules: \(finding.rules.joined(separator: ", "))
          token: \(finding.description)
          answer: \(finding.actual)\(finding.reproduced ? "" : "\n  not reproduced: sent again on its own, it did not show this; what the testee was given before may matter")
          vector: \(file)

        """
    }

    static func summary(_ statistics: Fuzzer.Statistics, known: Set<DisagreementKey>, interrupted: Bool, stderr: String?, restarts: Int) -> String {
        let elapsed = max(Double(statistics.elapsed.components.seconds) + Double(statistics.elapsed.components.attoseconds) / 1e18, 1e-9)
        var text = interrupted ? "\nInterrupted: the findings above are written.\n" : "\n"
        text += "\(statistics.cases) cases in \(seconds(statistics.elapsed)) s "
        text += "(\(Int(Double(statistics.cases) / elapsed)) cases/s, \(Int(Double(statistics.judged) / elapsed)) judged/s): "
        text += "\(statistics.judged) judged, \(statistics.conforming) as expected, \(statistics.skipped) skipped by the testee, "
        text += "\(statistics.unjudged.values.reduce(0, +)) not judged (open ambiguity)\n"
        for (ambiguity, count) in statistics.unjudged.sorted(by: { $0.key < $1.key }) {
            text += "  not judged: \(count) \(ambiguity)\n"
        }
        for (ambiguity, count) in statistics.eitherVerdict.sorted(by: { $0.key < $1.key }) {
            text += "  either verdict: \(count) \(ambiguity)\n"
        }
        text += "\(statistics.findings) finding\(statistics.findings == 1 ? "" : "s"); \(statistics.repeated) repeat\(statistics.repeated == 1 ? "" : "s") of a finding, \(statistics.known) of a known cause\n"
        for (key, count) in statistics.byKey.sorted(by: { $0.key < $1.key }) {
            text += "  \(count)× \(key)\(known.contains(key) ? " (known cause)" : "")\n"
        }
        if restarts > 0 { text += "the testee was restarted \(restarts) time\(restarts == 1 ? "" : "s")\n" }
        if let stderr, !stderr.isEmpty { text += "\nTestee stderr (last part):\n\(stderr.suffix(4_000))\n" }
        return text
    }
}

/// The one-line progress display, redrawn in place on a terminal.
struct ProgressLine {
    let sink: TextSink
    let enabled: Bool

    func show(_ statistics: Fuzzer.Statistics) {
        guard enabled else { return }
        let elapsed = max(Double(statistics.elapsed.components.seconds) + Double(statistics.elapsed.components.attoseconds) / 1e18, 1e-9)
        sink.write("\r\u{1B}[K\(statistics.cases) cases, \(statistics.judged) judged, \(statistics.findings) findings, \(Int(Double(statistics.cases) / elapsed))/s")
    }

    func clear() {
        guard enabled else { return }
        sink.write("\r\u{1B}[K")
    }
}
