import JWTConformance

/// The session vector files: one per vendor profile, one group per SDK platform.
///
/// Each case's number is looked up in ``SessionNumbers`` by platform and case name, so ids
/// never depend on the order of definition; a case without a number, or two cases with one
/// number, stop the generator.
enum SessionCases {
    /// A session vector as the rules document lists it.
    struct Summary {
        var id: String
        var profile: String
        var rules: [String]
        var flags: [String]
        /// The ambiguity the vector leaves open, or whose decision it applies.
        var ambiguity: String?
        /// Whether some step is `acceptable`.
        var isOpen: Bool
    }

    /// A test's sources from its own, its rules' and its ambiguity's (see `VectorWriter.sources`).
    typealias SourceList = (_ explicit: [String], _ rules: [String], _ ambiguity: String?) -> [String]

    /// The session vector file of `entry`'s profile, or nil when the suite has no session semantics for it.
    static func document(entry: Registry.Entry, suiteVersion: String, sources: SourceList) -> JSONValue? {
        guard let sessions = entry.cases.sessions(profile: entry.profile) else { return nil }
        let groups = groups(entry: entry, sessions: sessions)
        var testGroups: [JSONValue] = []
        for group in groups {
            testGroups.append([
                "description": .string(group.description),
                "now": .number(JSONNumber(defaultNow)),
                "platform": .string(group.platform.rawValue),
                "keys": .array(group.keys.map(VectorWriter.key)),
                "tests": .array(group.scripts.map { test($0.script, id: $0.id, sources: sources) }),
            ])
        }
        return [
            "$schema": .string(VectorWriter.schemaReference),
            "suiteVersion": .string(suiteVersion),
            "profile": .string(entry.profile.id.rawValue),
            "role": "session",
            "category": "session",
            "title": .string(sessions.title),
            "numberOfTests": .number(JSONNumber(groups.reduce(0) { $0 + $1.scripts.count })),
            "testGroups": .array(testGroups),
        ]
    }

    /// Every session vector of the vendors, for the rules document.
    static func summaries(entries: [Registry.Entry]) -> [Summary] {
        entries.flatMap { entry in
            (entry.cases.sessions(profile: entry.profile).map { groups(entry: entry, sessions: $0) } ?? []).flatMap(\.scripts).map { id, script in
                Summary(
                    id: id, profile: entry.profile.id.rawValue, rules: script.rules, flags: script.flags,
                    ambiguity: script.ambiguity ?? script.decided, isOpen: script.ambiguity != nil)
            }
        }
    }

    private struct Group {
        var description: String
        var platform: SessionPlatform
        var keys: [VerificationKey]
        var scripts: [(id: String, script: SessionScript)]
    }

    private static func groups(entry: Registry.Entry, sessions: VendorSessions) -> [Group] {
        let prefix = entry.vendor.prefix
        var taken: [Int: String] = [:]
        return sessions.platforms.map { platform in
            let derived = platform.derivation?.derive().scripts ?? []
            return Group(description: platform.description, platform: platform.platform, keys: platform.keys, scripts: platform.scripts.map {
                let place = "\(prefix) \(platform.platform) \($0.name)"
                guard let number = sessions.numbers[platform.platform]?[$0.name] else { fatalError("\(place) has no number in SessionNumbers") }
                if let other = taken.updateValue(place, forKey: number) { fatalError("\(place) and \(other) share number \(number)") }
                let digits = String(number)
                return ("\(prefix)-SES-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits, $0)
            } + derived)
        }
    }

    /// The coverage of the derived scripts, per profile and platform, in file order.
    static func coverage(entries: [Registry.Entry]) -> [(profile: String, coverage: SessionDerivation.Coverage)] {
        entries.flatMap { entry -> [(profile: String, coverage: SessionDerivation.Coverage)] in
            (entry.cases.sessions(profile: entry.profile)?.platforms ?? []).compactMap { platform in
                platform.derivation.map { (entry.profile.id.rawValue, $0.derive().coverage) }
            }
        }
    }

    private static func test(_ script: SessionScript, id: String, sources: SourceList) -> JSONValue {
        var test: JSONObject = [
            "id": .string(id),
            "description": .string(script.description),
            "rules": .array(script.rules.map(JSONValue.string)),
            "sources": .array(sources(script.sources, script.rules, script.ambiguity ?? script.decided).map(JSONValue.string)),
            "flags": .array(script.flags.map(JSONValue.string)),
        ]
        if let keys = script.keys { test.append(key: "keys", value: .array(keys.map(VectorWriter.key))) }
        var start: JSONObject = ["history": .array(script.history.map(\.json))]
        if !script.directory.isEmpty { start.append(key: "directory", value: .array(script.directory.map(\.json))) }
        test.append(key: "start", value: .object(start))
        test.append(key: "steps", value: .array(script.steps.map(\.json)))
        return .object(test)
    }
}
