/// A verified email that the vendor's backend already pairs with one user's external id when a
/// session vector starts: an entry of the user directory (Zendesk messaging refuses, with HTTP
/// 409, a login whose token carries this email as verified for another external id).
public struct PairedEmail: Sendable, Hashable {
    /// The verified email.
    public var email: String
    /// The external id of the user the email belongs to.
    public var externalId: String

    public init(email: String, externalId: String) {
        self.email = email
        self.externalId = externalId
    }
}
