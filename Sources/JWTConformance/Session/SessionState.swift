/// What a session looks like from the outside: who is logged in and which conversations the
/// customer can see.
public struct SessionState: Sendable, Hashable, CustomStringConvertible {
    /// The logged-in customer, or nil when the session is anonymous.
    public var identity: Identity?
    /// The labels of the visible conversations: a set, kept sorted by the initializer. Labels
    /// compare by their UTF-8 bytes, like identities.
    public var conversations: [String]

    public init(identity: Identity?, conversations: [String]) {
        self.identity = identity
        var seen: Set<[UInt8]> = []
        self.conversations = conversations
            .filter { seen.insert(Array($0.utf8)).inserted }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A fresh install: anonymous, no conversations.
    public static let anonymous = SessionState(identity: nil, conversations: [])

    /// The same identity and the same set of conversation labels, in any order.
    public static func == (lhs: SessionState, rhs: SessionState) -> Bool {
        lhs.identity == rhs.identity && lhs.labelSet == rhs.labelSet
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(labelSet)
    }

    /// The conversation labels as a set of exact UTF-8 byte strings.
    private var labelSet: Set<[UInt8]> { Set(conversations.map { Array($0.utf8) }) }

    public var description: String {
        let who = identity.map { "logged in as \($0)" } ?? "anonymous"
        let list = conversations.map(SessionText.quoted).joined(separator: ", ")
        return "\(who), conversations [\(list)]"
    }
}
