/// Reads session values out of JSON, for vector files and testee messages alike.
package extension FieldReader {
    /// A step: `call`, `now` (or `defaultNow` when absent) and the call's arguments.
    func sessionStep(defaultNow: UnixTime? = nil) throws(DataFileError) -> SessionStep {
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
    private func messengerSettings() throws(DataFileError) -> MessengerSettings {
        guard let settings = try optionalField("settings") else { return MessengerSettings() }
        _ = try settings.object()
        return MessengerSettings(
            userId: try settings.optionalField("user_id")?.string(), email: try settings.optionalField("email")?.string())
    }

    /// The `isLoggedIn` arguments: `options` (web), `idType` and `id` (React Native), or
    /// `userEmail` and `userId` (iOS and Android).
    private func isLoggedInQuery() throws(DataFileError) -> IsLoggedInQuery {
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
    func sessionState() throws(DataFileError) -> SessionState {
        SessionState(identity: try optionalField("identity")?.identity(), conversations: try field("conversations").stringArray())
    }

    /// A customer's existing conversations.
    func customerHistory() throws(DataFileError) -> CustomerHistory {
        CustomerHistory(identity: try field("identity").identity(), conversations: try field("conversations").stringArray())
    }

    /// A verified email and the external id it is paired with.
    func pairedEmail() throws(DataFileError) -> PairedEmail {
        PairedEmail(email: try field("email").nonEmptyString(), externalId: try field("externalId").nonEmptyString())
    }
}
