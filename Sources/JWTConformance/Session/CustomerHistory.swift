/// The conversations a customer already has on the vendor's backend (from other devices)
/// when a session vector starts.
public struct CustomerHistory: Sendable, Hashable {
    /// The customer.
    public var identity: Identity
    /// The labels of the customer's conversations.
    public var conversations: [String]

    public init(identity: Identity, conversations: [String]) {
        self.identity = identity
        self.conversations = conversations
    }
}
