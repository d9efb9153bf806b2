import Foundation

/// Vectors an implementation is known to fail, each with the reason: a regression gate in the
/// manner of protobuf's conformance failure lists.
///
/// The text format is UTF-8 lines, ended by LF or CRLF. A line that is blank (spaces and tabs
/// only) is ignored, and so is a comment: a line whose first character other than a space or
/// tab is `#`. Every other line is an entry: the vector id, then spaces or tabs, then the
/// reason, which is the rest of the line without its surrounding spaces and tabs, kept as
/// written: a `#` inside it is part of the reason, not a comment.
///
/// ```
/// # PyJWT 2.10.1
/// KUS-CLM-014  accepts duplicate member names and keeps the first value (issue #1017)
/// ```
///
/// A run gated by a list fails on any unlisted failure, on a listed vector that now passes or
/// is not run (skipped by the implementation, or of a role or profile it does not declare), and
/// on a listed id that matches no vector.
public struct KnownFailures: Sendable, Hashable {
    /// The reason for each listed vector.
    public var reasons: [VectorID: String]

    public init(reasons: [VectorID: String] = [:]) { self.reasons = reasons }

    /// Whether the vector is listed.
    public func contains(_ id: VectorID) -> Bool { reasons[id] != nil }

    /// Parses the text format; `file` names the source in errors.
    public init(parsing text: String, file: String) throws(DataFileErrors) {
        var reasons: [VectorID: String] = [:]
        var errors: [DataFileError] = []
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let parts = trimmed.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            let id = VectorID(String(parts[0]))
            guard parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                errors.append(DataFileError(file: file, vectorID: id, path: nil, line: index + 1, message: "a known failure needs a reason after the id"))
                continue
            }
            if reasons[id] != nil {
                errors.append(DataFileError(file: file, vectorID: id, path: nil, line: index + 1, message: "listed twice"))
                continue
            }
            reasons[id] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        guard errors.isEmpty else { throw DataFileErrors(errors) }
        self.reasons = reasons
    }

    /// Reads a file in the text format.
    public init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DataFileErrors([DataFileError(file: url.path, path: nil, message: "cannot be read: \(error.localizedDescription)")])
        }
        try self.init(parsing: text, file: url.lastPathComponent)
    }

    /// The text format, sorted by id, with an optional heading comment.
    public func rendered(heading: String? = nil) -> String {
        var lines: [String] = []
        if let heading {
            lines += heading.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }
        }
        for id in reasons.keys.sorted() {
            lines.append("\(id)  \(reasons[id]!.replacingOccurrences(of: "\n", with: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Known failures that describe these results: every failure and error, with its message.
    public init(failuresIn results: [TestResult]) {
        var reasons: [VectorID: String] = [:]
        for result in results {
            switch result.outcome {
            case .failed(let failure):
                reasons[result.id] = "\(failure.kind.rawValue): expected \(failure.expected), got \(failure.actual)"
            case .error(let message):
                reasons[result.id] = "error: \(message)"
            case .passed, .skipped, .notApplicable:
                continue
            }
        }
        self.reasons = reasons
    }

    /// How results compare with this list.
    public func gate(_ results: [TestResult], allVectorIDs: Set<VectorID>) -> GateReport {
        var report = GateReport()
        for result in results {
            let listed = contains(result.id)
            switch (result.isFailure, listed) {
            case (true, false): report.unexpectedFailures.append(result.id)
            case (true, true): report.expectedFailures.append(result.id)
            case (false, true):
                switch result.outcome {
                case .passed:
                    report.unexpectedPasses.append(result.id)
                case .skipped(let message):
                    report.listedButNotRun.append(.init(id: result.id, why: "skipped by the implementation: \(message)"))
                case .notApplicable:
                    let vector = result.vector
                    report.listedButNotRun.append(.init(
                        id: result.id,
                        why: "not applicable: the implementation does not declare the \(vector.role) role or the \(vector.profile) profile"))
                case .failed, .error:
                    continue
                }
            case (false, false): continue
            }
        }
        report.unknownIDs = reasons.keys.filter { !allVectorIDs.contains($0) }.sorted()
        return report
    }

    /// The comparison of a run with a known-failures list.
    public struct GateReport: Sendable, Hashable {
        /// Failures the list does not name: regressions.
        public var unexpectedFailures: [VectorID] = []
        /// Failures the list names.
        public var expectedFailures: [VectorID] = []
        /// Listed vectors that now pass: the list is stale.
        public var unexpectedPasses: [VectorID] = []
        /// Listed vectors that were not run, with why: the run cannot confirm the listed failure,
        /// so the list is stale (as protobuf's conformance runner treats a listed test it skips).
        public var listedButNotRun: [NotRun] = []
        /// Listed ids that match no vector.
        public var unknownIDs: [VectorID] = []

        /// Whether the run is as the list says.
        public var isClean: Bool {
            unexpectedFailures.isEmpty && unexpectedPasses.isEmpty && listedButNotRun.isEmpty && unknownIDs.isEmpty
        }
    }

    /// A listed vector the run did not run, and why.
    public struct NotRun: Sendable, Hashable, CustomStringConvertible {
        public var id: VectorID
        /// Why the vector was not run, for people.
        public var why: String

        public init(id: VectorID, why: String) {
            self.id = id
            self.why = why
        }

        /// The id and why, such as `KUS-TIM-001 (skipped by the implementation: unknown op "sign")`.
        public var description: String { "\(id) (\(why))" }
    }
}
