/// One SDK call a session vector makes, in the shape of the vendor's API.
///
/// Kustomer sessions use ``logIn(token:)``, ``logOut``, ``logOutThenLogIn(token:)`` and
/// ``isLoggedIn(_:)``; Sunshine sessions use ``login(externalId:token:)`` and ``logout``; Zendesk
/// messaging sessions use ``loginUser(token:)`` and ``logoutUser``; Intercom web sessions use
/// ``boot(token:settings:)``, ``update(token:settings:)`` and ``shutdown``. Every vendor can
/// ``startConversation(_:)`` and ``restart``.
public enum SessionCall: Sendable, Hashable, CustomStringConvertible {
    /// Kustomer `logIn(jwt)` (web: `login({jwtToken})`): log in as the customer the token names.
    case logIn(token: String)
    /// Kustomer `logOut()`: back to an anonymous customer.
    case logOut
    /// Kustomer `logOutThenLogIn(jwt)` (React Native): re-authenticate in one call.
    case logOutThenLogIn(token: String)
    /// Sunshine `login(externalId, jwt)`.
    case login(externalId: String, token: String)
    /// Sunshine `logout()`.
    case logout
    /// Zendesk messaging `loginUser(jwt)` (iOS, Android): one token argument, no id argument.
    case loginUser(token: String)
    /// Zendesk messaging `logoutUser()`.
    case logoutUser
    /// Intercom web `Intercom('boot', settings)` with the token as `intercom_user_jwt`, beside
    /// the settings' own `user_id` and `email` when the vector gives them.
    case boot(token: String, settings: MessengerSettings)
    /// Intercom web `Intercom('update', settings)`, with a fresh `intercom_user_jwt` or none.
    case update(token: String?, settings: MessengerSettings)
    /// Intercom web `Intercom('shutdown')`.
    case shutdown
    /// Kustomer `isLoggedIn`, in the platform's shape. Answers without changing the session.
    case isLoggedIn(IsLoggedInQuery)
    /// The customer opens a new conversation, named by a label the vector chooses.
    case startConversation(String)
    /// The app is killed and launched again: only what the SDK persists survives.
    case restart

    /// The call's name in vector files and testee messages.
    public var name: String {
        switch self {
        case .logIn: "logIn"
        case .logOut: "logOut"
        case .logOutThenLogIn: "logOutThenLogIn"
        case .login: "login"
        case .logout: "logout"
        case .loginUser: "loginUser"
        case .logoutUser: "logoutUser"
        case .boot: "boot"
        case .update: "update"
        case .shutdown: "shutdown"
        case .isLoggedIn: "isLoggedIn"
        case .startConversation: "startConversation"
        case .restart: "restart"
        }
    }

    /// Every call name, in the order above.
    public static let names = [
        "logIn", "logOut", "logOutThenLogIn", "login", "logout", "loginUser", "logoutUser", "boot", "update", "shutdown",
        "isLoggedIn", "startConversation", "restart",
    ]

    public var description: String {
        switch self {
        case .logIn: "logIn(jwt)"
        case .logOut: "logOut()"
        case .logOutThenLogIn: "logOutThenLogIn(jwt)"
        case .login(let externalId, _): "login(\(SessionText.quoted(externalId)), jwt)"
        case .logout: "logout()"
        case .loginUser: "loginUser(jwt)"
        case .logoutUser: "logoutUser()"
        case .boot(_, let settings): "boot(\(Self.settingsText(token: true, settings)))"
        case .update(let token, let settings): "update(\(Self.settingsText(token: token != nil, settings)))"
        case .shutdown: "shutdown()"
        case .isLoggedIn(let query): "isLoggedIn\(query)"
        case .startConversation(let label): "startConversation(\(SessionText.quoted(label)))"
        case .restart: "restart"
        }
    }

    /// `{intercom_user_jwt, user_id: "…", email: "…"}`, naming only what the call passes.
    private static func settingsText(token: Bool, _ settings: MessengerSettings) -> String {
        let members = [token ? "intercom_user_jwt" : nil, settings.userId.map { "user_id: \(SessionText.quoted($0))" },
                       settings.email.map { "email: \(SessionText.quoted($0))" }]
        return "{" + members.compactMap { $0 }.joined(separator: ", ") + "}"
    }
}
