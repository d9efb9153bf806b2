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

    /// The session vector file of `profile`, or nil when the suite has no session semantics for it.
    static func document(profile: ProfileDefinition, suiteVersion: String, sources: SourceList) -> JSONValue? {
        guard let groups = groups(profile: profile) else { return nil }
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
        let title = profile.id == "kustomer"
            ? "Kustomer: logIn, logOut, logOutThenLogIn and isLoggedIn on iOS, Android, web and React Native"
            : "Sunshine Conversations: login(externalId, jwt) and logout on web, iOS and Android"
        return [
            "$schema": .string(VectorWriter.schemaReference),
            "suiteVersion": .string(suiteVersion),
            "profile": .string(profile.id.rawValue),
            "role": "session",
            "category": "session",
            "title": .string(title),
            "numberOfTests": .number(JSONNumber(groups.reduce(0) { $0 + $1.scripts.count })),
            "testGroups": .array(testGroups),
        ]
    }

    /// Every session vector of the profiles, for the rules document.
    static func summaries(profiles: [ProfileDefinition]) -> [Summary] {
        profiles.flatMap { profile in
            (groups(profile: profile) ?? []).flatMap(\.scripts).map { id, script in
                Summary(
                    id: id, profile: profile.id.rawValue, rules: script.rules, flags: script.flags,
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

    private static func groups(profile: ProfileDefinition) -> [Group]? {
        let prefix: String
        let numbers: [SessionPlatform: [String: Int]]
        let platforms: [(platform: SessionPlatform, description: String, keys: [VerificationKey], scripts: [SessionScript])]
        switch profile.id {
        case "kustomer":
            prefix = "KUS"
            numbers = SessionNumbers.kustomer
            let key = VerificationKey(kid: nil, secret: TestKeys.kustomerSecret)
            let cases = KustomerSessionCases(tokens: SessionTokens(profile: profile, key: key), start: defaultNow)
            platforms = KustomerSessionCases.platforms.map { ($0, $1, [key], cases.scripts(for: $0)) }
        case "sunshine":
            prefix = "SUN"
            numbers = SessionNumbers.sunshine
            let key = TestKeys.sunshinePrimary
            let cases = SunshineSessionCases(tokens: SessionTokens(profile: profile, key: key), start: defaultNow)
            platforms = SunshineSessionCases.platforms.map { ($0, $1, [key], cases.scripts(for: $0)) }
        default:
            return nil
        }
        var taken: [Int: String] = [:]
        return platforms.map { platform in
            let derived = derivation(profile: profile, platform: platform.platform)?.derive().scripts ?? []
            return Group(description: platform.description, platform: platform.platform, keys: platform.keys, scripts: platform.scripts.map {
                let place = "\(prefix) \(platform.platform) \($0.name)"
                guard let number = numbers[platform.platform]?[$0.name] else { fatalError("\(place) has no number in SessionNumbers") }
                if let other = taken.updateValue(place, forKey: number) { fatalError("\(place) and \(other) share number \(number)") }
                let digits = String(number)
                return ("\(prefix)-SES-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits, $0)
            } + derived)
        }
    }

    /// The state machine of `profile` on `platform`, ready to derive scripts from.
    private static func derivation(profile: ProfileDefinition, platform: SessionPlatform) -> SessionDerivation? {
        switch profile.id {
        case "kustomer":
            let key = VerificationKey(kid: nil, secret: TestKeys.kustomerSecret)
            return SessionDerivation(
                machine: .kustomer(platform), tokens: SessionTokens(profile: profile, key: key), prefix: "KUS", start: defaultNow)
        case "sunshine":
            return SessionDerivation(
                machine: .sunshine(platform), tokens: SessionTokens(profile: profile, key: TestKeys.sunshinePrimary), prefix: "SUN",
                start: defaultNow)
        default:
            return nil
        }
    }

    /// The coverage of the derived scripts, per profile and platform, in file order.
    static func coverage(profiles: [ProfileDefinition]) -> [(profile: String, coverage: SessionDerivation.Coverage)] {
        profiles.flatMap { profile -> [(profile: String, coverage: SessionDerivation.Coverage)] in
            let platforms = profile.id == "kustomer" ? KustomerSessionCases.platforms.map(\.0)
                : profile.id == "sunshine" ? SunshineSessionCases.platforms.map(\.0) : []
            return platforms.compactMap { platform in
                derivation(profile: profile, platform: platform).map { (profile.id.rawValue, $0.derive().coverage) }
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
        test.append(key: "start", value: ["history": .array(script.history.map(\.json))])
        test.append(key: "steps", value: .array(script.steps.map(\.json)))
        return .object(test)
    }
}
