import JWTConformance

/// The text report of `inspect`: header and payload as they are, the verdict, every violation
/// with its rule, place and fix, the times, the signature diagnosis and the ambiguities.
enum DiagnosisText {
    static func render(_ diagnosis: Diagnosis) -> String {
        var lines: [String] = []
        let profile = diagnosis.profile
        lines.append("Profile:  \(profile.profile.id) — \(profile.vendor)" + (profile.guessed ? " (\(profile.why))" : ""))
        let date = TimingLine.date(diagnosis.now).map { " (\($0))" } ?? ""
        lines.append("Now:      \(diagnosis.now)\(date)")
        lines.append("Key:      \(diagnosis.keys.origin)")
        lines += diagnosis.keyNotes.map { "          \($0)" }
        lines.append("")
        if diagnosis.tokenHoldsSecret {
            lines.append("TOKEN: the token contains the secret you gave; nothing of it is shown")
            lines.append("VERDICT: refused: \(diagnosis.verdict.reasonText)")
            lines.append("  fix: \(Diagnosis.secretAsTokenFix)")
            return lines.joined(separator: "\n") + "\n"
        }
        lines += segments(diagnosis.anatomy)
        lines.append("")
        lines += verdict(diagnosis)
        if !diagnosis.findings.isEmpty {
            lines.append("")
            lines.append("VIOLATIONS (\(diagnosis.findings.count))")
            for (index, finding) in diagnosis.findings.enumerated() {
                lines += self.finding(finding, number: index + 1)
            }
        }
        if !diagnosis.timing.isEmpty {
            lines.append("")
            lines.append("TIMING")
            lines += diagnosis.timing.map { "  \($0.sentence.printable)" }
        }
        if let signature = diagnosis.signature {
            lines.append("")
            lines += self.signature(signature)
        }
        if !diagnosis.ambiguities.isEmpty {
            lines.append("")
            lines.append("AMBIGUITIES (where the vendor's documents leave the verdict open)")
            for ambiguity in diagnosis.ambiguities {
                lines.append("  \(ambiguity.id): \(ambiguity.question)")
                lines += ambiguity.readings.enumerated().map { "    reading \($0.offset + 1): \($0.element)" }
                lines.append("    the suite's decision: \(ambiguity.decision)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func segments(_ anatomy: TokenAnatomy) -> [String] {
        if case .tooLarge(let count, let maximum)? = anatomy.decodingError {
            return ["TOKEN: \(count) bytes, more than the \(maximum) examined; not decoded"]
        }
        var lines: [String] = []
        for segment in anatomy.segments {
            let length = segment.text.utf8.count
            let place = length == 0 ? "empty, at token byte \(segment.offset)" : "token bytes \(segment.offset)–\(segment.offset + length - 1)"
            let title = segment.name?.rawValue.uppercased() ?? "EXTRA SEGMENT"
            guard let bytes = segment.bytes else {
                lines.append("\(title) (\(place)): not base64url, not decoded")
                continue
            }
            let repaired = segment.repaired ? ", shown after undoing padding or the standard alphabet" : ""
            if segment.name == .signature {
                lines.append("\(title) (\(place)): \(bytes.count) bytes\(repaired)")
                continue
            }
            lines.append("\(title) (\(place)\(repaired))")
            let text = segment.layout?.text ?? JSONLayout.literal(bytes)
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + String($0).printable }
        }
        if anatomy.segmentCount > anatomy.segments.count {
            lines.append("… and \(anatomy.segmentCount - anatomy.segments.count) more segments, not shown")
        }
        return lines
    }

    private static func verdict(_ diagnosis: Diagnosis) -> [String] {
        var lines: [String] = []
        let unchecked = diagnosis.signatureChecked ? "" : " (signature not checked)"
        switch diagnosis.verdict {
        case .accept(let identity):
            lines.append("VERDICT: accepted\(unchecked): \(diagnosis.profile.vendor) would log in \(identity.description.printable)")
            if let why = diagnosis.identityWhy { lines.append("  why: \(why)") }
        case .reject:
            lines.append("VERDICT: refused\(unchecked): \(diagnosis.verdict.reasonText)")
            if let decisive = diagnosis.findings.first(where: \.decisive) {
                lines.append("  because: \(decisive.sentence.printable)")
            }
            if let identity = diagnosis.namedIdentity {
                lines.append("  the token names \(identity.description.printable); fixed, it would log in that customer")
            }
        }
        if !diagnosis.signatureChecked {
            lines.append("  The signature was NOT checked: no secret was given. Everything else was.")
            lines.append("  Give the secret with --secret-file PATH, --secret-env NAME or \(InspectInput.secretEnvironmentVariable).")
        }
        return lines
    }

    private static func finding(_ finding: Diagnosis.Finding, number: Int) -> [String] {
        let rule = finding.rule.map { "\($0.id) (\($0.level.rawValue))" } ?? "no catalogue rule"
        var lines = ["  \(number). \(finding.violation.reason)\(finding.decisive ? " [decides the verdict]" : ""): \(rule)"]
        lines.append("     what:   \(finding.sentence.printable)")
        if let location = finding.location { lines.append("     where:  \(location.description.printable)") }
        if let fix = finding.fix { lines.append("     fix:    \(fix.printable)") }
        if let sources = finding.rule?.sources, !sources.isEmpty {
            lines.append("     source: \(sources.joined(separator: "; "))")
        }
        return lines
    }

    private static func signature(_ signature: SignatureDiagnosis) -> [String] {
        if signature.matchesAsGiven { return ["SIGNATURE: matches the secret as given"] }
        var lines = ["SIGNATURE: does not match the secret as given. Likely causes tried:"]
        lines += signature.attempts.map { "  \($0.matches ? "matches        " : "does not match ") \($0.description.printable)" }
        if let cause = signature.cause {
            lines.append("  found: \(cause.fix)")
        } else {
            lines.append("  none matches: the token was signed with another secret, or the secret given is not the backend's")
        }
        return lines
    }
}
