/// A keyed-hash message authentication code using SHA-256 (HMAC-SHA-256), as specified in RFC 2104.
///
/// The inner and outer padded key blocks are absorbed once at initialization, so an instance can be
/// copied and reused to authenticate many messages under the same key cheaply:
///
/// ```swift
/// let keyed = HMACSHA256(key: key)
/// var hmac = keyed
/// hmac.update(message)
/// let mac = hmac.finalize() // 32 bytes
/// ```
public struct HMACSHA256: Sendable {
    /// The number of bytes in an HMAC-SHA-256 authentication code.
    public static let byteCount = SHA256.digestByteCount

    @usableFromInline var inner: SHA256
    private let outer: SHA256

    /// Creates an authenticator for `key`.
    ///
    /// Keys of any length are accepted, including the empty key. Keys longer than the SHA-256 block
    /// size (64 bytes) are hashed first and shorter keys are padded with zeros, per RFC 2104 §2.
    public init(key: some Sequence<UInt8>) {
        let block = key.withContiguousStorageIfAvailable { Self.keyBlock(UnsafeRawBufferPointer($0)) }
            ?? Array(key).withUnsafeBytes { Self.keyBlock($0) }

        var innerPad = block
        var outerPad = block
        withUnsafeMutableBytes(of: &innerPad) { pad in
            for index in pad.indices { pad[index] ^= 0x36 }
        }
        withUnsafeMutableBytes(of: &outerPad) { pad in
            for index in pad.indices { pad[index] ^= 0x5c }
        }
        var inner = SHA256()
        var outer = SHA256()
        withUnsafeBytes(of: innerPad) { inner.update(bufferPointer: $0) }
        withUnsafeBytes(of: outerPad) { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    /// Returns the key as one zero-padded block, hashing it first if it is longer than a block.
    private static func keyBlock(_ key: UnsafeRawBufferPointer) -> SHA256.Block {
        var block: SHA256.Block = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &block) { block in
            if key.count > SHA256.blockByteCount {
                var hasher = SHA256()
                hasher.update(bufferPointer: key)
                SHA256.store(hasher.finalizedState(), to: block)
            } else if let base = key.baseAddress, key.count > 0 {
                block.baseAddress!.copyMemory(from: base, byteCount: key.count)
            }
        }
        return block
    }

    /// Adds bytes to the message being authenticated.
    @inlinable
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        inner.update(bytes)
    }

    /// Adds the bytes in a raw buffer to the message being authenticated.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bufferPointer)
    }

    /// Returns the 32-byte authentication code of the message added so far.
    ///
    /// The receiver is not modified.
    public func finalize() -> [UInt8] {
        withUnsafeBytes(of: code()) { Array($0) }
    }

    /// Returns whether `mac` is the authentication code of the message added so far.
    ///
    /// The comparison runs in time independent of the contents of `mac` (see ``ConstantTime``);
    /// a code of the wrong length, including a truncated one, is rejected. The receiver is not
    /// modified.
    @inlinable
    public func isValidAuthenticationCode(_ mac: some Collection<UInt8>) -> Bool {
        withUnsafeBytes(of: code()) { ConstantTime.isEqual($0, mac) }
    }

    /// Returns whether `mac` is the authentication code of the message added so far followed by
    /// `message`; the receiver is not modified.
    func isValidAuthenticationCode(_ mac: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
        var hmac = self
        hmac.update(bufferPointer: message)
        return hmac.isValidAuthenticationCode(mac)
    }

    /// The 32 bytes of the code, in order, stored inline.
    @usableFromInline
    func code() -> (UInt64, UInt64, UInt64, UInt64) {
        var outer = self.outer
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { SHA256.store(inner.finalizedState(), to: $0) }
        withUnsafeBytes(of: digest) { outer.update(bufferPointer: $0) }
        withUnsafeMutableBytes(of: &digest) { SHA256.store(outer.finalizedState(), to: $0) }
        return digest
    }

    /// Returns the HMAC-SHA-256 authentication code of `message` under `key`.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) -> [UInt8] {
        var hmac = HMACSHA256(key: key)
        hmac.update(message)
        return hmac.finalize()
    }

    /// Returns whether `mac` is the HMAC-SHA-256 authentication code of `message` under `key`.
    ///
    /// The comparison runs in time independent of the contents of `mac` (see ``ConstantTime``);
    /// a code of the wrong length, including a truncated one, is rejected.
    public static func isValidAuthenticationCode(
        _ mac: some Sequence<UInt8>,
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) -> Bool {
        var hmac = HMACSHA256(key: key)
        hmac.update(message)
        return hmac.isValidAuthenticationCode(Array(mac))
    }
}
