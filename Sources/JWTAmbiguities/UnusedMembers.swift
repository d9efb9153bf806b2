import JWTConformance

/// Members registered by the JOSE and JWT specifications that no profile reads, with the JSON type
/// their definition gives: one holding another type is AMB-UNUSED-HEADER-PARAMETERS or
/// AMB-UNUSED-REGISTERED-CLAIMS. Private members are ignored whatever they hold.
public enum UnusedMembers {
    /// A registered member and the values its definition allows.
    public struct Member: Sendable {
        public var name: String
        /// Whether the value has the JSON type the definition gives (`aud` never does: any `aud` is open).
        public var allows: @Sendable (JSONValue) -> Bool

        /// Whether `object` has the member with a value its definition does not allow.
        public func isBroken(in object: JSONObject) -> Bool {
            object[name].map { !allows($0) } ?? false
        }
    }

    private static func isString(_ value: JSONValue) -> Bool { value.stringValue != nil }

    /// RFC 7515 §4.1 and RFC 7797 §3: `cty`, `x5u`, `x5c`, `x5t`, `jku`, `jwk`, `b64`.
    public static let headerParameters: [Member] = [
        Member(name: "cty", allows: isString),
        Member(name: "x5u", allows: isString),
        Member(name: "x5c") { if case .array = $0 { true } else { false } },
        Member(name: "x5t", allows: isString),
        Member(name: "jku", allows: isString),
        Member(name: "jwk") { if case .object = $0 { true } else { false } },
        Member(name: "b64") { if case .bool = $0 { true } else { false } },
    ]

    /// RFC 7519 §4.1: `sub`, `iss` and `jti` are strings; `aud` is open in any form.
    public static let claims: [Member] = [
        Member(name: "sub", allows: isString),
        Member(name: "iss", allows: isString),
        Member(name: "jti", allows: isString),
        Member(name: "aud") { _ in false },
    ]
}
