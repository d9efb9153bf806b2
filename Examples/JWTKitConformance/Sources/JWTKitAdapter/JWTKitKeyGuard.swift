import JWTConformance

/// Errors of the jwt-kit adapter itself.
public enum JWTKitAdapterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key is shorter than jwt-kit 5 accepts without crashing a debug build.
    case keyShorterThanJWTKitAccepts(kid: String?, byteCount: Int)

    public var description: String {
        switch self {
        case .keyShorterThanJWTKitAccepts(let kid, let byteCount):
            let name = kid.map { "key \"\($0)\"" } ?? "the key"
            return "\(name) is \(byteCount) bytes; refused before reaching jwt-kit, whose HMACSigner asserts "
                + "(crashing debug builds) on HMAC keys shorter than the 32-byte SHA-256 output"
        }
    }
}

/// Refuses keys jwt-kit cannot take without crashing.
///
/// jwt-kit 5's `HMACSigner.init` runs
/// `assert(key.bitCount >= SHAType.Digest.byteCount * 8, "Key should be at least as large as the hash output…")`:
/// in a debug build a 24-byte secret (Sunshine's documented example) kills the process, tests
/// and all. The guard applies in every build configuration, so that known failures do not depend
/// on `-c release`.
public enum JWTKitKeyGuard {
    /// The shortest HMAC-SHA-256 key jwt-kit takes: the digest size.
    public static let minimumKeyByteCount = 32

    /// Whether jwt-kit can take the key.
    public static func accepts(_ key: VerificationKey) -> Bool {
        key.keyBytes.count >= minimumKeyByteCount
    }

    /// Throws for the first key shorter than ``minimumKeyByteCount``.
    public static func check(_ keys: [VerificationKey]) throws(JWTKitAdapterError) {
        for key in keys where !accepts(key) {
            throw .keyShorterThanJWTKitAccepts(kid: key.kid, byteCount: key.keyBytes.count)
        }
    }
}
