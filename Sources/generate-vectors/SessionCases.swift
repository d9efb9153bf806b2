import JWTConformance

/// The session vector files: one per vendor profile, one group per SDK platform.
///
/// Ids are given in definition order, so new scripts are only ever appended at the end of a
/// platform's list (or in a new group) and existing ids never move.
enum SessionCases {
    /// The session vector file of `profile`, or nil when the suite has no session semantics for it.
    static func document(profile: ProfileDefinition, suiteVersion: String) -> JSONValue? {
        guard let groups = groups(profile: profile) else { return nil }
        let prefix = profile.id == "kustomer" ? "KUS" : "SUN"
        var number = 0
        var testGroups: [JSONValue] = []
        for group in groups {
            var tests: [JSONValue] = []
            for script in group.scripts {
                number += 1
                let digits = String(number)
                tests.append(test(script, id: "\(prefix)-SES-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits))
            }
            testGroups.append([
                "description": .string(group.description),
                "now": .number(JSONNumber(defaultNow)),
                "platform": .string(group.platform.rawValue),
                "keys": .array(group.keys.map(keyJSON)),
                "tests": .array(tests),
            ])
        }
        let title = profile.id == "kustomer"
            ? "Kustomer: logIn, logOut, logOutThenLogIn and isLoggedIn across iOS, Android, web and React Native"
            : "Sunshine Conversations: login(externalId, jwt) and logout across web, iOS and Android"
        return [
            "$schema": "../../schema/vector-file.schema.json",
            "suiteVersion": .string(suiteVersion),
            "profile": .string(profile.id.rawValue),
            "role": "session",
            "category": "session",
            "title": .string(title),
            "numberOfTests": .number(JSONNumber(number)),
            "testGroups": .array(testGroups),
        ]
    }

    private struct Group {
        var description: String
        var platform: SessionPlatform
        var keys: [VerificationKey]
        var scripts: [SessionScript]
    }

    private static func groups(profile: ProfileDefinition) -> [Group]? {
        switch profile.id {
        case "kustomer":
            let key = VerificationKey(kid: nil, secret: TestKeys.kustomerSecret)
            let cases = KustomerSessionCases(tokens: SessionTokens(profile: profile, key: key), start: defaultNow)
            return KustomerSessionCases.platforms.map { platform, description in
                Group(description: description, platform: platform, keys: [key], scripts: cases.scripts(for: platform))
            }
        case "sunshine":
            let key = TestKeys.sunshinePrimary
            let cases = SunshineSessionCases(tokens: SessionTokens(profile: profile, key: key), start: defaultNow)
            return SunshineSessionCases.platforms.map { platform, description in
                Group(description: description, platform: platform, keys: [key], scripts: cases.scripts(for: platform))
            }
        default:
            return nil
        }
    }

    private static func test(_ script: SessionScript, id: String) -> JSONValue {
        var test: JSONObject = [
            "id": .string(id),
            "description": .string(script.description),
            "rules": .array(script.rules.map(JSONValue.string)),
            "sources": .array(script.sources.map(JSONValue.string)),
            "flags": .array(script.flags.map(JSONValue.string)),
        ]
        if let keys = script.keys { test.append(key: "keys", value: .array(keys.map(keyJSON))) }
        test.append(key: "start", value: ["history": .array(script.history.map(\.json))])
        test.append(key: "steps", value: .array(script.steps.map(\.json)))
        return .object(test)
    }

    private static func keyJSON(_ key: VerificationKey) -> JSONValue {
        ["kid": key.kid.map(JSONValue.string) ?? .null, "secret": .string(key.secret)]
    }
}
