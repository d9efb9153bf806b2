/// The normative rule catalogue (`Vectors/rules/catalogue.json`): every rule the vectors
/// exercise, every vendor ambiguity with the suite's decision, and the flag taxonomy.
public struct RuleCatalogue: Codable, Sendable, Hashable {
    public var rules: [Rule]
    public var ambiguities: [Ambiguity]
    public var flags: [Flag]

    public init(rules: [Rule], ambiguities: [Ambiguity], flags: [Flag]) {
        self.rules = rules
        self.ambiguities = ambiguities
        self.flags = flags
    }

    /// The rule with this id, if any.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// The ambiguity with this id, if any.
    public func ambiguity(_ id: String) -> Ambiguity? { ambiguities.first { $0.id == id } }
}

/// One normative rule, in the suite's own words.
public struct Rule: Codable, Sendable, Hashable, Identifiable {
    /// How binding a rule is.
    public enum Level: String, Codable, Sendable, Hashable, CaseIterable {
        case must, should, may
    }

    /// A stable id such as `KUS-IAT-WINDOW` or `JWS-ALG-NONE`.
    public var id: String
    public var level: Level
    /// The profiles the rule applies to (`jws` rules apply to every profile).
    public var profiles: [String]
    /// The roles the rule binds.
    public var roles: [Role]
    /// The rule, in one or two sentences.
    public var statement: String
    /// Seed file and heading, or RFC and section.
    public var sources: [String]
}

/// A place where the vendor's documents disagree or are silent, and what the suite decided.
public struct Ambiguity: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var profiles: [String]
    /// The open question.
    public var question: String
    /// The plausible readings.
    public var readings: [String]
    /// The suite's decision: what the vectors expect.
    public var decision: String
    /// Why.
    public var rationale: String
    public var sources: [String]
    /// The verifier readings the question is about (`typ_required`, `alg_family`, …: the
    /// vocabulary of `Vectors/schema/catalogue.schema.json`); empty for a session question.
    public var verifierReadings: [String]?
}

/// A flag of the vector taxonomy, such as `boundary` or `auth-bypass`.
public struct Flag: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var meaning: String
}
