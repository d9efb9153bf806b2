import JWTConformance

/// `jwt-conformance list`: the bundled vectors narrowed by profile, rule, category and flag,
/// one a line, with the text of the rules asked for.
struct ListCommand {
    var options: ListOptions
    var stdout: TextSink
    var stderr: TextSink

    func execute() -> ExitCode {
        let corpus: Corpus
        do {
            corpus = try Corpus.bundled(environment: [:])
        } catch {
            stderr.write("Error: cannot load the bundled vectors: \(error)\n")
            return .dataError
        }
        let catalogue = corpus.catalogue ?? RuleCatalogue(rules: [], ambiguities: [], flags: [])
        if let unknown = options.rules.first(where: { catalogue.rule($0) == nil }) {
            stderr.write("Error: Unknown rule '\(unknown)' (see RULES.md)\n" + HelpText.errorUsage(for: .list))
            return .usage
        }
        var lines: [String] = []
        for id in options.rules {
            guard let rule = catalogue.rule(id) else { continue }
            lines.append("\(rule.id) (\(rule.level.rawValue)): \(rule.statement)")
            lines.append("  sources: \(rule.sources.joined(separator: "; "))")
        }
        let vectors = corpus.vectors.filter(matches)
        if !lines.isEmpty { lines.append("") }
        let width = vectors.map(\.id.rawValue.count).max() ?? 0
        for vector in vectors {
            let id = vector.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let expected: String
            switch vector.body {
            case .verification(let test): expected = test.expected.description
            case .signing: expected = "sign"
            case .session: expected = "session"
            }
            lines.append("\(id)  \(vector.profile)/\(vector.category)  \(expected.printable)  \(vector.description.printable)")
        }
        lines.append("\(vectors.count) vector\(vectors.count == 1 ? "" : "s")")
        stdout.write(lines.joined(separator: "\n") + "\n")
        return .success
    }

    private func matches(_ vector: ConformanceVector) -> Bool {
        (options.profiles.isEmpty || options.profiles.contains(vector.profile))
            && (options.rules.isEmpty || options.rules.contains { vector.rules.contains($0) })
            && (options.categories.isEmpty || options.categories.contains(vector.category))
            && (options.flags.isEmpty || options.flags.contains { vector.flags.contains($0) })
    }
}
