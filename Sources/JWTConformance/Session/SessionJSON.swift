/// The JSON forms of session values, shared by vector files and the testee protocol.
extension SessionStep {
    /// `{"call": name, "now": …, …arguments}`.
    public var json: JSONValue {
        var object: JSONObject = ["call": .string(call.name), "now": .number(JSONNumber(now))]
        switch call {
        case .logIn(let token), .logOutThenLogIn(let token), .loginUser(let token):
            object.append(key: "token", value: .string(token))
        case .login(let externalId, let token):
            object.append(key: "externalId", value: .string(externalId))
            object.append(key: "token", value: .string(token))
        case .isLoggedIn(.native(let email, let userId)):
            object.append(key: "userEmail", value: email.map(JSONValue.string) ?? .null)
            object.append(key: "userId", value: userId.map(JSONValue.string) ?? .null)
        case .isLoggedIn(.web(let email, let externalId)):
            var options = JSONObject()
            if let email { options.append(key: "email", value: .string(email)) }
            if let externalId { options.append(key: "externalId", value: .string(externalId)) }
            object.append(key: "options", value: .object(options))
        case .isLoggedIn(.reactNative(let idType, let id)):
            object.append(key: "idType", value: .string(idType))
            object.append(key: "id", value: .string(id))
        case .startConversation(let label):
            object.append(key: "conversation", value: .string(label))
        case .boot(let token, let settings):
            object.append(key: "token", value: .string(token))
            if !settings.isEmpty { object.append(key: "settings", value: settings.json) }
        case .update(let token, let settings):
            if let token { object.append(key: "token", value: .string(token)) }
            if !settings.isEmpty { object.append(key: "settings", value: settings.json) }
        case .logOut, .logout, .logoutUser, .shutdown, .restart:
            break
        }
        return .object(object)
    }
}

extension SessionState {
    /// The members `identity` (null when anonymous) and `conversations`.
    package var members: [(String, JSONValue)] {
        [("identity", identity?.json ?? .null), ("conversations", .array(conversations.map(JSONValue.string)))]
    }
}

extension Identity {
    /// `{"kind": …, "value": …}`.
    public var json: JSONValue {
        ["kind": .string(kind.rawValue), "value": .string(value)]
    }
}

extension ExpectedObservation {
    /// `{"result": "ok" | "answer" | "error", "answer"?, "reasons"?, "identity", "conversations"}`.
    public var json: JSONValue {
        var object: JSONObject
        switch result {
        case .ok: object = ["result": "ok"]
        case .answer(let answer): object = ["result": "answer", "answer": .bool(answer)]
        case .error(let reasons): object = ["result": "error", "reasons": .array(reasons.map { .string($0.rawValue) })]
        case .conflict: object = ["result": "conflict"]
        }
        for (key, value) in state.members { object.append(key: key, value: value) }
        return .object(object)
    }
}

extension SessionStepExpectation {
    /// An expected observation, or `{"result": "acceptable", "ambiguity", "readings": […]}`.
    public var json: JSONValue {
        switch self {
        case .exact(let observation):
            observation.json
        case .acceptable(let ambiguity, let readings):
            ["result": "acceptable", "ambiguity": .string(ambiguity), "readings": .array(readings.map(\.json))]
        }
    }
}

extension ScriptedStep {
    /// The step's JSON with its `expected` member, as in a vector file.
    public var json: JSONValue {
        var object = step.json.objectValue ?? JSONObject()
        object.append(key: "expected", value: expected.json)
        return .object(object)
    }
}

extension CustomerHistory {
    /// `{"identity": …, "conversations": […]}`.
    public var json: JSONValue {
        ["identity": identity.json, "conversations": .array(conversations.map(JSONValue.string))]
    }
}

extension MessengerSettings {
    /// `{"user_id"?: …, "email"?: …}`, the members that are set.
    public var json: JSONValue {
        var object = JSONObject()
        if let userId { object.append(key: "user_id", value: .string(userId)) }
        if let email { object.append(key: "email", value: .string(email)) }
        return .object(object)
    }
}

extension PairedEmail {
    /// `{"email": …, "externalId": …}`.
    public var json: JSONValue {
        ["email": .string(email), "externalId": .string(externalId)]
    }
}
