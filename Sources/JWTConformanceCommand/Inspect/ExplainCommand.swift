import JWTConformance

/// `jwt-conformance explain VECTOR-ID`: one bundled vector, its rules in full, its expected
/// result and ambiguity, and the diagnosis of its token with its keys and clock.
struct ExplainCommand {
    var options: ExplainOptions
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
        let wanted = options.vectorID.rawValue.uppercased()
        guard let vector = corpus.vectors.first(where: { $0.id.rawValue.uppercased() == wanted }) else {
            let prefix = String(wanted.prefix(7))
            let near = corpus.vectors.filter { $0.id.rawValue.hasPrefix(prefix) }.prefix(5).map(\.id.rawValue)
            let hint = near.isEmpty ? "" : " (vectors starting with \(prefix): \(near.joined(separator: ", ")), …)"
            stderr.write("Error: No bundled vector '\(options.vectorID)'\(hint)\n" + HelpText.errorUsage(for: .explain))
            return .usage
        }
        let catalogue = corpus.catalogue ?? RuleCatalogue(rules: [], ambiguities: [], flags: [])
        let diagnosis = Self.diagnosis(of: vector, profiles: corpus.profiles, catalogue: catalogue)
        switch options.format {
        case .text: stdout.write(Self.text(vector, catalogue: catalogue, diagnosis: diagnosis))
        case .json: stdout.write(JSONValue.object(Self.json(vector, catalogue: catalogue, diagnosis: diagnosis)).serialized(style: .pretty) + "\n")
        }
        return .success
    }

    /// The diagnosis of a verifier vector's token with its keys and clock.
    static func diagnosis(of vector: ConformanceVector, profiles: [ProfileID: ProfileDefinition], catalogue: RuleCatalogue) -> Diagnosis? {
        guard case .verification(let test) = vector.body, let profile = profiles[vector.profile] else { return nil }
        let keys = InspectKeys(keys: test.keys, origin: "the vector's key set (\(keyList(test.keys)))", isKeySet: true)
        return Diagnosis(
            token: test.token, profile: ProfileChoice(profile: profile, guessed: false, why: "the vector's profile"),
            keys: keys, now: test.now, catalogue: catalogue)
    }

    private static func keyList(_ keys: [VerificationKey]) -> String {
        let kids = keys.map { $0.kid.map { JSONValue.string($0).serialized() } ?? "no kid" }
        return "\(keys.count) key\(keys.count == 1 ? "" : "s"): \(kids.joined(separator: ", "))"
    }

    /// What the vector expects, with its clock and keys.
    private static func expected(_ vector: ConformanceVector) -> String {
        switch vector.body {
        case .verification(let test): test.expected.description
        case .signing(let test): "a token that the reference accepts as \(test.expected.identity), with the header and claims below"
        case .session(let test): "the expected observation after each of its \(test.steps.count) steps"
        }
    }

    private static func ambiguity(of vector: ConformanceVector, in catalogue: RuleCatalogue) -> Ambiguity? {
        if case .verification(let test) = vector.body, case .acceptable(let id, _, _) = test.expected {
            return catalogue.ambiguity(id)
        }
        return nil
    }

    static func text(_ vector: ConformanceVector, catalogue: RuleCatalogue, diagnosis: Diagnosis?) -> String {
        var lines = ["\(vector.id): \(vector.description.printable)"]
        lines.append("  profile:  \(vector.profile)    category: \(vector.category)    role: \(vector.role)")
        lines.append("  file:     Vectors/corpus/\(vector.file)")
        if !vector.flags.isEmpty { lines.append("  flags:    \(vector.flags.joined(separator: ", "))") }
        switch vector.body {
        case .verification(let test):
            lines.append("  clock:    \(test.now)\(TimingLine.date(test.now).map { " (\($0))" } ?? "")")
            lines.append("  keys:     \(keyList(test.keys)) (the secrets are in the vector file)")
        case .signing(let test):
            lines.append("  clock:    \(test.now)")
            lines.append("  subject:  email \(test.subject.email.map { "\"\($0)\"" } ?? "none"), externalId \(test.subject.externalId.map { "\"\($0)\"" } ?? "none")")
            lines.append("  key:      \(keyList([test.key])); lifetime \(test.lifetime.map { "\($0) s" } ?? "none")")
            lines.append("  header:   \(JSONValue.object(test.expected.header).serialized())")
            lines.append("  claims:   \(JSONValue.object(test.expected.claims).serialized())")
        case .session(let test):
            lines.append("  platform: \(test.platform)    keys: \(keyList(test.keys))")
            lines += test.steps.enumerated().map { "  step \($0.offset + 1): \($0.element.step.description.printable)" }
        }
        lines.append("  expected: \(expected(vector).printable)")
        lines.append("")
        lines.append("RULES")
        for id in vector.rules {
            guard let rule = catalogue.rule(id) else {
                lines.append("  \(id): not in the catalogue")
                continue
            }
            lines.append("  \(rule.id) (\(rule.level.rawValue); \(rule.roles.map(\.rawValue).joined(separator: ", ")))")
            lines += HelpText.wrap(rule.statement, width: 76).map { "    " + $0 }
            lines.append("    sources: \(rule.sources.joined(separator: "; "))")
        }
        lines.append("  the vector cites: \(vector.sources.joined(separator: "; "))")
        if let ambiguity = ambiguity(of: vector, in: catalogue) {
            lines.append("")
            lines.append("AMBIGUITY \(ambiguity.id): \(ambiguity.question)")
            lines += ambiguity.readings.enumerated().map { "  reading \($0.offset + 1): \($0.element)" }
            lines.append("  decision:  \(ambiguity.decision)")
            lines.append("  rationale: \(ambiguity.rationale)")
        }
        if case .verification(let test) = vector.body {
            lines.append("")
            lines.append("TOKEN")
            lines.append("  \(test.token.printable)")
        }
        if let diagnosis {
            lines.append("")
            lines.append("INSPECT (the reference's diagnosis, with the vector's keys and clock)")
            lines += DiagnosisText.render(diagnosis).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.isEmpty ? "" : "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ vector: ConformanceVector, catalogue: RuleCatalogue, diagnosis: Diagnosis?) -> JSONObject {
        var object: JSONObject = [
            "id": .string(vector.id.rawValue), "description": .string(vector.description),
            "profile": .string(vector.profile.rawValue), "category": .string(vector.category.rawValue),
            "role": .string(vector.role.rawValue), "file": .string(vector.file),
            "flags": .array(vector.flags.map(JSONValue.string)),
            "rules": .array(vector.rules.map { id in catalogue.rule(id).map(DiagnosisJSON.rule) ?? ["id": .string(id)] }),
            "sources": .array(vector.sources.map(JSONValue.string)),
            "expected": .string(expected(vector)),
            "ambiguity": ambiguity(of: vector, in: catalogue).map(DiagnosisJSON.ambiguity) ?? .null,
        ]
        if case .verification(let test) = vector.body {
            object["token"] = .string(test.token)
            object["now"] = .number(JSONNumber(test.now))
            object["keys"] = .array(test.keys.map { ["kid": $0.kid.map(JSONValue.string) ?? .null] })
        }
        object["inspect"] = diagnosis.map { .object(DiagnosisJSON.object($0)) } ?? .null
        return object
    }
}
