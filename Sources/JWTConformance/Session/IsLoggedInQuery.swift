/// The arguments of Kustomer `isLoggedIn`, one case per platform shape.
public enum IsLoggedInQuery: Sendable, Hashable, CustomStringConvertible {
    /// iOS and Android: `isLoggedIn(userEmail: String?, userId: String?)`.
    case native(userEmail: String?, userId: String?)
    /// Web: `isLoggedIn(options, callback)` where `options` is `{email}` or `{externalId}`;
    /// passing neither is an error.
    case web(email: String?, externalId: String?)
    /// React Native: `isLoggedIn(idType: "email" | "userId", id)`.
    case reactNative(idType: String, id: String)

    /// The platform whose shape this is (`native` serves iOS and Android).
    public func fits(_ platform: SessionPlatform) -> Bool {
        switch (self, platform) {
        case (.native, .ios), (.native, .android), (.web, .web), (.reactNative, .reactNative): true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .native(let email, let userId):
            "(userEmail: \(email.map(SessionText.quoted) ?? "nil"), userId: \(userId.map(SessionText.quoted) ?? "nil"))"
        case .web(let email, let externalId):
            "({" + [email.map { "email: \(SessionText.quoted($0))" }, externalId.map { "externalId: \(SessionText.quoted($0))" }]
                .compactMap { $0 }.joined(separator: ", ") + "})"
        case .reactNative(let idType, let id):
            "(\(SessionText.quoted(idType)), \(SessionText.quoted(id)))"
        }
    }
}
