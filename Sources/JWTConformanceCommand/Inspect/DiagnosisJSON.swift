import JWTConformance

/// The `--format json` shape of `inspect` (documented in the README, "My token is refused").
enum DiagnosisJSON {
    static func object(_ diagnosis: Diagnosis) -> JSONObject {
        let profile = diagnosis.profile
        var object: JSONObject = [
            "tool": ["name": .string(toolName), "version": .string(suiteToolVersion)],
            "profile": [
                "id": .string(profile.profile.id.rawValue), "title": .string(profile.profile.title),
                "guessed": .bool(profile.guessed), "why": profile.guessed ? .string(profile.why) : .null,
            ],
            "now": .number(JSONNumber(diagnosis.now)),
            "key": ["origin": .string(diagnosis.keys.origin), "notes": .array(diagnosis.keyNotes.map(JSONValue.string))],
            "signatureChecked": .bool(diagnosis.signatureChecked),
        ]
        switch diagnosis.verdict {
        case .accept(let identity):
            object["verdict"] = ["result": "accept", "reason": .null, "identity": self.identity(identity)]
        case .reject(let reason):
            object["verdict"] = ["result": "reject", "reason": reason.map { .string($0.rawValue) } ?? .null, "identity": .null]
        }
        if diagnosis.tokenHoldsSecret {
            object["tokenHoldsSecret"] = .bool(true)
            object["fix"] = .string(Diagnosis.secretAsTokenFix)
            return object
        }
        object["namedIdentity"] = diagnosis.namedIdentity.map(identity) ?? .null
        object["identityWhy"] = diagnosis.identityWhy.map(JSONValue.string) ?? .null
        object["segmentCount"] = .number(JSONNumber(diagnosis.anatomy.segmentCount))
        object["segments"] = .array(diagnosis.anatomy.segments.map(segment))
        object["violations"] = .array(diagnosis.findings.map(finding))
        object["timing"] = .array(diagnosis.timing.map(timing))
        object["signature"] = diagnosis.signature.map(signature) ?? .null
        object["ambiguities"] = .array(diagnosis.ambiguities.map(ambiguity))
        return object
    }

    static func identity(_ identity: Identity) -> JSONValue {
        ["kind": .string(identity.kind.rawValue), "value": .string(identity.value)]
    }

    private static func segment(_ segment: TokenAnatomy.Segment) -> JSONValue {
        var object: JSONObject = [
            "name": segment.name.map { .string($0.rawValue) } ?? .null,
            "offset": .number(JSONNumber(segment.offset)),
            "length": .number(JSONNumber(segment.text.utf8.count)),
            "decodedLength": segment.bytes.map { .number(JSONNumber($0.count)) } ?? .null,
            "repaired": .bool(segment.repaired),
        ]
        if segment.name != .signature {
            object["text"] = segment.layout.map { .string($0.text) } ?? .null
            object["json"] = .bool(segment.json != nil)
        }
        return .object(object)
    }

    private static func finding(_ finding: Diagnosis.Finding) -> JSONValue {
        var location: JSONValue = .null
        if let place = finding.location {
            location = [
                "segment": place.segment.map { .string($0.rawValue) } ?? .null,
                "member": place.member.map(JSONValue.string) ?? .null,
                "decodedOffset": place.decodedOffset.map { .number(JSONNumber($0)) } ?? .null,
                "tokenStart": place.tokenRange.map { .number(JSONNumber($0.lowerBound)) } ?? .null,
                "tokenEnd": place.tokenRange.map { .number(JSONNumber($0.upperBound)) } ?? .null,
            ]
        }
        return [
            "reason": .string(finding.violation.reason.rawValue), "check": .string(finding.violation.check.rawValue),
            "decisive": .bool(finding.decisive), "message": .string(finding.sentence),
            "rule": finding.rule.map(rule) ?? .null, "location": location,
            "fix": finding.fix.map(JSONValue.string) ?? .null,
        ]
    }

    static func rule(_ rule: Rule) -> JSONValue {
        [
            "id": .string(rule.id), "level": .string(rule.level.rawValue), "statement": .string(rule.statement),
            "sources": .array(rule.sources.map(JSONValue.string)),
        ]
    }

    private static func timing(_ line: TimingLine) -> JSONValue {
        [
            "claim": .string(line.claim), "value": .string(line.value), "date": line.date.map(JSONValue.string) ?? .null,
            "secondsFromNow": line.secondsFromNow.map { .number(JSONNumber($0)) } ?? .null,
            "sentence": .string(line.sentence),
        ]
    }

    private static func signature(_ signature: SignatureDiagnosis) -> JSONValue {
        [
            "matches": .bool(signature.matchesAsGiven),
            "fix": signature.cause.map { .string($0.fix) } ?? .null,
            "attempts": .array(signature.attempts.map { ["tried": .string($0.description), "matches": .bool($0.matches)] }),
        ]
    }

    static func ambiguity(_ ambiguity: Ambiguity) -> JSONValue {
        [
            "id": .string(ambiguity.id), "question": .string(ambiguity.question),
            "readings": .array(ambiguity.readings.map(JSONValue.string)), "decision": .string(ambiguity.decision),
            "sources": .array(ambiguity.sources.map(JSONValue.string)),
        ]
    }
}
