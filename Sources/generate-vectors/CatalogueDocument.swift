import JWTConformance

/// The catalogue as JSON, in RuleCatalogue's shape.
enum CatalogueDocument {
    static func json() -> JSONValue {
        var object = JSONObject()
        object.append(key: "rules", value: .array(Catalogue.rules.map { rule in
            var member = JSONObject()
            member.append(key: "id", value: .string(rule.id))
            member.append(key: "level", value: .string(rule.level.rawValue))
            member.append(key: "profiles", value: .array(rule.profiles.map(JSONValue.string)))
            member.append(key: "roles", value: .array(rule.roles.map { .string($0.rawValue) }))
            member.append(key: "statement", value: .string(rule.statement))
            member.append(key: "sources", value: .array(rule.sources.map(JSONValue.string)))
            return .object(member)
        }))
        object.append(key: "ambiguities", value: .array(Catalogue.ambiguities.map { ambiguity in
            var member = JSONObject()
            member.append(key: "id", value: .string(ambiguity.id))
            member.append(key: "profiles", value: .array(ambiguity.profiles.map(JSONValue.string)))
            member.append(key: "question", value: .string(ambiguity.question))
            member.append(key: "readings", value: .array(ambiguity.readings.map(JSONValue.string)))
            member.append(key: "decision", value: .string(ambiguity.decision))
            member.append(key: "rationale", value: .string(ambiguity.rationale))
            member.append(key: "sources", value: .array(ambiguity.sources.map(JSONValue.string)))
            member.append(key: "verifierReadings", value: .array(ambiguity.verifierReadings.map(JSONValue.string)))
            return .object(member)
        }))
        object.append(key: "flags", value: .array(Catalogue.flags.map { flag in
            ["id": .string(flag.id), "meaning": .string(flag.meaning)]
        }))
        return .object(object)
    }
}
