/// The Intercom Messenger settings a web `boot` or `update` passes beside the token
/// (`intercom_user_jwt`): the unsigned `user_id` and `email`, when a vector gives them. Only the
/// signed token says who the user is (ICM-SES-MISMATCH).
public struct MessengerSettings: Sendable, Hashable {
    /// The settings' `user_id`, if any.
    public var userId: String?
    /// The settings' `email`, if any.
    public var email: String?

    public init(userId: String? = nil, email: String? = nil) {
        self.userId = userId
        self.email = email
    }

    /// No settings besides the token.
    public var isEmpty: Bool { userId == nil && email == nil }
}
