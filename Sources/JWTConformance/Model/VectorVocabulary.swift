/// What an implementation does with tokens: the three pluggable roles.
public enum Role: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Checks a token against a key set and a clock, and names the customer.
    case verifier
    /// Issues a token for a customer.
    case signer
    /// Models what an SDK does with tokens across `logIn`, `logOut` and `isLoggedIn`.
    case session

    public var description: String { rawValue }
}

/// The area of the rule catalogue a vector file covers.
public enum VectorCategory: String, Codable, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case header
    case claims
    case timing
    case precedence
    case signature
    case vendorShapes = "vendor-shapes"
    case signer
    case session

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A test's stable identifier, such as `KUS-TIM-007`. Never renumbered, never reused.
public struct VectorID: StringIdentifier {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
}

/// What a verifier must answer for a token.
public enum VerificationExpectation: Sendable, Hashable, CustomStringConvertible {
    /// Accept, resolving exactly this identity.
    case accept(Identity)
    /// Reject; a reported reason must be `reason` or one of `alternatives`.
    case reject(reason: RejectionReason, alternatives: [RejectionReason])
    /// Either verdict conforms, because of the named vendor ambiguity. An acceptance must
    /// resolve `identity` when given; a rejection's reason must be in `reasons` when given.
    case acceptable(ambiguity: String, identity: Identity?, reasons: [RejectionReason])

    public var description: String {
        switch self {
        case .accept(let identity):
            "accept (\(identity))"
        case .reject(let reason, let alternatives):
            alternatives.isEmpty
                ? "reject (\(reason))"
                : "reject (\(([reason] + alternatives).map(\.rawValue).joined(separator: " or ")))"
        case .acceptable(let ambiguity, let identity, _):
            "either verdict (\(ambiguity))" + (identity.map { "; if accepted: \($0)" } ?? "")
        }
    }
}

/// The properties a signer's token must have. Judged semantically, never by bytes.
public struct SigningExpectation: Sendable, Hashable {
    /// The exact header members and values.
    public var header: JSONObject
    /// Claims that must be present with exactly these JSON types and values.
    public var claims: JSONObject
    /// The identity the reference verifier must resolve from the token.
    public var identity: Identity

    public init(header: JSONObject, claims: JSONObject, identity: Identity) {
        self.header = header
        self.claims = claims
        self.identity = identity
    }
}
