import JWTConformance

/// Members registered by the JOSE and JWT specifications that no profile reads, with the values
/// their definition allows: one holding another value is AMB-UNUSED-HEADER-PARAMETERS or
/// AMB-UNUSED-REGISTERED-CLAIMS. Private members are ignored whatever they hold.
public enum UnusedMembers {
    /// A registered member and the values its definition allows.
    public struct Member: Sendable {
        public var name: String
        /// Whether the definition allows the value (for `aud`, none does: any `aud` is open).
        public var allows: @Sendable (JSONValue) -> Bool

        /// Whether `object` has the member with a value its definition does not allow.
        public func isBroken(in object: JSONObject) -> Bool {
            object[name].map { !allows($0) } ?? false
        }
    }

    private static func isString(_ value: JSONValue) -> Bool { value.stringValue != nil }

    /// An absolute HTTP(S) URL, the only kind a key or certificate is fetched from (RFC 7515 §4.1.2, §4.1.5).
    private static func isURL(_ value: JSONValue) -> Bool {
        guard let text = value.stringValue else { return false }
        return ["https://", "http://"].contains { text.hasPrefix($0) && text.utf8.count > $0.utf8.count }
    }

    /// Standard base64 with padding, as `x5c` writes each DER certificate (RFC 7515 §4.1.6).
    private static func isBase64(_ text: String) -> Bool {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        return !text.isEmpty && text.utf8.count % 4 == 0 && text.utf8.allSatisfy(alphabet.contains)
    }

    /// A JWK with its `kty` and none of the members that make it a private or symmetric key (RFC 7517
    /// §6.3.2, §6.4.1): `jwk` is "the public key" that corresponds to the signing key (RFC 7515
    /// §4.1.3), so a verifier that refuses an HMAC secret carried there (go-jose does) reads the
    /// parameter's definition, as one that ignores it does.
    private static func isPublicKey(_ value: JSONValue) -> Bool {
        guard let key = value.objectValue, key["kty"]?.stringValue != nil else { return false }
        return !["d", "p", "q", "dp", "dq", "qi", "oth", "k"].contains { key[$0] != nil }
    }

    /// RFC 7515 §4.1 and RFC 7797 §3: `cty`, `x5u`, `x5c`, `x5t`, `jku`, `jwk`, each allowed only
    /// in the form its definition gives (a URL, a certificate chain, a SHA-1 thumbprint, a public key
    /// with its `kty`), so that a library checking the definition is never a finding; `b64` in no
    /// form, nor `zip`, which RFC 7516 §4.1.3 registers for JWE alone.
    public static let headerParameters: [Member] = [
        Member(name: "cty", allows: isString),
        Member(name: "x5u", allows: isURL),
        Member(name: "x5c") { value in
            guard case .array(let chain) = value, !chain.isEmpty else { return false }
            return chain.allSatisfy { $0.stringValue.map(isBase64) ?? false }
        },
        Member(name: "x5t") { value in value.stringValue.flatMap { try? Base64URL.decode($0) }?.count == 20 },
        Member(name: "jku", allows: isURL),
        Member(name: "jwk", allows: isPublicKey),
        // `b64` is open in any form: RFC 7797 §6 requires it in `crit`, which the profiles refuse.
        Member(name: "b64") { _ in false },
        // `zip` is open in any form: a JWS has no use for it, and a verifier may ignore or refuse it.
        Member(name: "zip") { _ in false },
    ]

    /// RFC 7519 §4.1: `sub`, `iss` and `jti` are strings; `aud` is open in any form.
    public static let claims: [Member] = [
        Member(name: "sub", allows: isString),
        Member(name: "iss", allows: isString),
        Member(name: "jti", allows: isString),
        Member(name: "aud") { _ in false },
    ]
}
