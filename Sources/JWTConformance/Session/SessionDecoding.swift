/// Reads session values out of JSON, for vector files and testee messages alike.
extension FieldReader {
    /// A step: `call`, `now` (or `defaultNow` when absent) and the call's arguments.
    func sessionStep(defaultNow: UnixTime? = nil) throws(VectorLoadingError) -> SessionStep {
        let name = try field("call").string()
        let now: UnixTime
        if let given = try optionalField("now") {
            now = try given.integer()
        } else if let defaultNow {
            now = defaultNow
        } else {
            now = try field("now").integer()
        }
        let call: SessionCall
        switch name {
        case "logIn": call = .logIn(token: try field("token").string())
        case "logOut": call = .logOut
        case "logOutThenLogIn": call = .logOutThenLogIn(token: try field("token").string())
        case "login": call = .login(externalId: try field("externalId").string(), token: try field("token").string())
        case "logout": call = .logout
        case "loginUser": call = .loginUser(token: try field("token").string())
        case "logoutUser": call = .logoutUser
        case "boot": call = .boot(token: try field("token").string(), settings: try messengerSettings())
        case "update": call = .update(token: try optionalField("token")?.string(), settings: try messengerSettings())
        case "shutdown": call = .shutdown
        case "isLoggedIn": call = .isLoggedIn(try isLoggedInQuery())
        case "startConversation": call = .startConversation(try field("conversation").nonEmptyString())
        case "restart": call = .restart
        default:
            let known = SessionCall.names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw error("unknown call \"\(name)\"; expected one of \(known)", at: "\(path).call")
        }
        return SessionStep(call, now: now)
    }

    /// Intercom's `settings` (`user_id`, `email`), empty when absent.
    private func messengerSettings() throws(VectorLoadingError) -> MessengerSettings {
        guard let settings = try optionalField("settings") else { return MessengerSettings() }
        _ = try settings.object()
        return MessengerSettings(
            userId: try settings.optionalField("user_id")?.string(), email: try settings.optionalField("email")?.string())
    }

    /// The `isLoggedIn` arguments: `options` (web), `idType` and `id` (React Native), or
    /// `userEmail` and `userId` (iOS and Android).
    private func isLoggedInQuery() throws(VectorLoadingError) -> IsLoggedInQuery {
        if let options = try optionalField("options") {
            _ = try options.object()
            return .web(
                email: try options.optionalField("email")?.string(),
                externalId: try options.optionalField("externalId")?.string()
            )
        }
        if try optionalField("idType") != nil {
            return .reactNative(idType: try field("idType").string(), id: try field("id").string())
        }
        return .native(userEmail: try optionalField("userEmail")?.string(), userId: try optionalField("userId")?.string())
    }

    /// `identity` (null when anonymous) and `conversations`.
    func sessionState() throws(VectorLoadingError) -> SessionState {
        SessionState(identity: try optionalField("identity")?.identity(), conversations: try field("conversations").stringArray())
    }

    /// An observation, as a testee reports it.
    func sessionObservation() throws(VectorLoadingError) -> SessionObservation {
        let outcome: SessionObservation.Outcome
        switch try field("outcome").string() {
        case "ok": outcome = .ok
        case "answer": outcome = .answer(try field("answer").bool())
        case "error": outcome = .error(try optionalField("reason")?.oneOf(RejectionReason.self))
        case "conflict": outcome = .conflict
        case let other:
            throw error("unknown outcome \"\(other)\"; expected \"ok\", \"answer\", \"error\" or \"conflict\"", at: "\(path).outcome")
        }
        return SessionObservation(outcome: outcome, state: try sessionState())
    }

    /// A customer's existing conversations.
    func customerHistory() throws(VectorLoadingError) -> CustomerHistory {
        CustomerHistory(identity: try field("identity").identity(), conversations: try field("conversations").stringArray())
    }

    /// A verified email and the external id it is paired with.
    func pairedEmail() throws(VectorLoadingError) -> PairedEmail {
        PairedEmail(email: try field("email").nonEmptyString(), externalId: try field("externalId").nonEmptyString())
    }

    /// The members of a session request: `profile`, `platform`, `keys`, `history`, `directory`, `steps`.
    func sessionRequest() throws(VectorLoadingError) -> SessionRequest {
        var keys: [VerificationKey] = []
        for key in try field("keys").array() { keys.append(try key.key()) }
        var history: [CustomerHistory] = []
        for customer in try optionalField("history")?.array() ?? [] { history.append(try customer.customerHistory()) }
        var directory: [PairedEmail] = []
        for entry in try optionalField("directory")?.array() ?? [] { directory.append(try entry.pairedEmail()) }
        var steps: [SessionStep] = []
        for step in try field("steps").array() { steps.append(try step.sessionStep()) }
        return SessionRequest(
            profile: ProfileID(try field("profile").nonEmptyString()),
            platform: try field("platform").oneOf(SessionPlatform.self),
            keys: keys,
            history: history,
            directory: directory,
            steps: steps
        )
    }

    func bool() throws(VectorLoadingError) -> Bool {
        guard case .bool(let value) = value else { throw error("expected a boolean, found \(value.typeName)") }
        return value
    }

    /// An array of strings, possibly empty; each may be any string.
    func stringArray() throws(VectorLoadingError) -> [String] {
        var strings: [String] = []
        for element in try array() { strings.append(try element.string()) }
        return strings
    }
}

extension SessionRequest {
    /// Reads a request from the members of a testee's `session` message.
    public init(json: JSONValue, source: String = "session request") throws(VectorLoadingError) {
        self = try FieldReader(file: source, value: json).sessionRequest()
    }
}

extension SessionObservation {
    /// Reads an observation as a testee reports it.
    public init(json: JSONValue, source: String = "session observation") throws(VectorLoadingError) {
        self = try FieldReader(file: source, value: json).sessionObservation()
    }
}
