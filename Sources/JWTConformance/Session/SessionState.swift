/// What a session looks like from the outside: who is logged in and which conversations the
/// customer can see.
public struct SessionState: Sendable, Hashable, CustomStringConvertible {
    /// The logged-in customer, or nil when the session is anonymous.
    public var identity: Identity?
    /// The labels of the visible conversations: a set, kept sorted by the initializer.
    public var conversations: [String]

    public init(identity: Identity?, conversations: [String]) {
        self.identity = identity
        self.conversations = Array(Set(conversations)).sorted()
    }

    /// A fresh install: anonymous, no conversations.
    public static let anonymous = SessionState(identity: nil, conversations: [])

    /// The same identity and the same set of conversations, in any order.
    public static func == (lhs: SessionState, rhs: SessionState) -> Bool {
        lhs.identity == rhs.identity && Set(lhs.conversations) == Set(rhs.conversations)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(Set(conversations))
    }

    public var description: String {
        let who = identity.map { "logged in as \($0)" } ?? "anonymous"
        let list = conversations.map(SessionText.quoted).joined(separator: ", ")
        return "\(who), conversations [\(list)]"
    }
}
