/// The SHA-256 hash function, as specified in FIPS 180-4.
///
/// Use ``hash(_:)`` to hash a complete message in one call, or create an instance and feed
/// the message incrementally with ``update(_:)`` before calling ``finalize()``:
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update("abc".utf8)
/// let digest = hasher.finalize() // 32 bytes
/// ```
public struct SHA256: Sendable {
    /// The number of bytes in a SHA-256 digest.
    public static let digestByteCount = 32

    /// The number of bytes in a SHA-256 message block.
    public static let blockByteCount = 64

    /// The eight 32-bit words of the intermediate hash value.
    struct State: Sendable {
        var h0: UInt32 = 0x6a09_e667
        var h1: UInt32 = 0xbb67_ae85
        var h2: UInt32 = 0x3c6e_f372
        var h3: UInt32 = 0xa54f_f53a
        var h4: UInt32 = 0x510e_527f
        var h5: UInt32 = 0x9b05_688c
        var h6: UInt32 = 0x1f83_d9ab
        var h7: UInt32 = 0x5be0_cd19
    }

    /// 64 bytes of inline storage for a partial block.
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private var state = State()
    private var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    private var bufferedByteCount = 0
    private var totalByteCount: UInt64 = 0

    /// Creates a hash function ready to accept a new message.
    public init() {}

    /// Adds bytes to the message being hashed.
    @inlinable
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { storage in
            self.update(bufferPointer: UnsafeRawBufferPointer(storage))
        }
        if done == nil { updateElementwise(bytes) }
    }

    /// Adds bytes that are not stored contiguously, a block at a time.
    @usableFromInline
    mutating func updateElementwise(_ bytes: some Sequence<UInt8>) {
        var chunk: Block = (0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        for byte in bytes {
            withUnsafeMutableBytes(of: &chunk) { $0[count] = byte }
            count += 1
            if count == Self.blockByteCount {
                withUnsafeBytes(of: chunk) { self.update(bufferPointer: $0) }
                count = 0
            }
        }
        if count > 0 {
            withUnsafeBytes(of: chunk) { self.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
    }

    /// Adds the bytes in a raw buffer to the message being hashed.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard let base = bufferPointer.baseAddress, bufferPointer.count > 0 else { return }
        let count = bufferPointer.count
        totalByteCount &+= UInt64(count)
        var offset = 0

        if bufferedByteCount > 0 {
            let taken = min(Self.blockByteCount - bufferedByteCount, count)
            let start = bufferedByteCount
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.advanced(by: start).copyMemory(from: base, byteCount: taken)
            }
            bufferedByteCount += taken
            offset = taken
            guard bufferedByteCount == Self.blockByteCount else { return }
            let block = buffer
            withUnsafeBytes(of: block) { Self.compress(&state, blocks: $0.baseAddress!, count: 1) }
            bufferedByteCount = 0
        }

        let fullBlocks = (count - offset) / Self.blockByteCount
        if fullBlocks > 0 {
            Self.compress(&state, blocks: base.advanced(by: offset), count: fullBlocks)
            offset += fullBlocks * Self.blockByteCount
        }

        let remaining = count - offset
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: base.advanced(by: offset), byteCount: remaining)
            }
            bufferedByteCount = remaining
        }
    }

    /// Returns the 32-byte digest of the message added so far.
    ///
    /// The receiver is not modified, so more bytes may be added afterwards to hash a longer message.
    public func finalize() -> [UInt8] {
        let digest = finalizedState()
        return [UInt8](unsafeUninitializedCapacity: Self.digestByteCount) { output, initialized in
            Self.store(digest, to: UnsafeMutableRawBufferPointer(output))
            initialized = Self.digestByteCount
        }
    }

    /// Returns the 32-byte SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Applies the final padding to a copy of the state and returns the resulting hash value.
    func finalizedState() -> State {
        var state = self.state
        var block = buffer
        let bitLength = totalByteCount &<< 3
        let used = bufferedByteCount
        withUnsafeMutableBytes(of: &block) { bytes in
            bytes[used] = 0x80
            if used + 1 > 56 {
                for index in (used + 1)..<64 { bytes[index] = 0 }
                Self.compress(&state, blocks: UnsafeRawPointer(bytes.baseAddress!), count: 1)
                for index in 0..<56 { bytes[index] = 0 }
            } else {
                for index in (used + 1)..<56 { bytes[index] = 0 }
            }
            bytes.storeBytes(of: bitLength.bigEndian, toByteOffset: 56, as: UInt64.self)
            Self.compress(&state, blocks: UnsafeRawPointer(bytes.baseAddress!), count: 1)
        }
        return state
    }

    /// Writes the hash value as 32 big-endian bytes.
    static func store(_ state: State, to output: UnsafeMutableRawBufferPointer) {
        output.storeBytes(of: state.h0.bigEndian, toByteOffset: 0, as: UInt32.self)
        output.storeBytes(of: state.h1.bigEndian, toByteOffset: 4, as: UInt32.self)
        output.storeBytes(of: state.h2.bigEndian, toByteOffset: 8, as: UInt32.self)
        output.storeBytes(of: state.h3.bigEndian, toByteOffset: 12, as: UInt32.self)
        output.storeBytes(of: state.h4.bigEndian, toByteOffset: 16, as: UInt32.self)
        output.storeBytes(of: state.h5.bigEndian, toByteOffset: 20, as: UInt32.self)
        output.storeBytes(of: state.h6.bigEndian, toByteOffset: 24, as: UInt32.self)
        output.storeBytes(of: state.h7.bigEndian, toByteOffset: 28, as: UInt32.self)
    }

    /// Processes `count` consecutive 64-byte blocks starting at `blocks`.
    private static func compress(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        var h0 = state.h0, h1 = state.h1, h2 = state.h2, h3 = state.h3
        var h4 = state.h4, h5 = state.h5, h6 = state.h6, h7 = state.h7

        roundConstants.withUnsafeBufferPointer { table in
            let k = table.baseAddress!
            var block = blocks
            for _ in 0..<count {
                var w0 = load(block, 0), w1 = load(block, 1), w2 = load(block, 2), w3 = load(block, 3)
                var w4 = load(block, 4), w5 = load(block, 5), w6 = load(block, 6), w7 = load(block, 7)
                var w8 = load(block, 8), w9 = load(block, 9), w10 = load(block, 10), w11 = load(block, 11)
                var w12 = load(block, 12), w13 = load(block, 13), w14 = load(block, 14), w15 = load(block, 15)

                var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7

                for group in 0..<4 {
                    if group > 0 {
                        w0 = expand(w0, w1, w9, w14)
                        w1 = expand(w1, w2, w10, w15)
                        w2 = expand(w2, w3, w11, w0)
                        w3 = expand(w3, w4, w12, w1)
                        w4 = expand(w4, w5, w13, w2)
                        w5 = expand(w5, w6, w14, w3)
                        w6 = expand(w6, w7, w15, w4)
                        w7 = expand(w7, w8, w0, w5)
                        w8 = expand(w8, w9, w1, w6)
                        w9 = expand(w9, w10, w2, w7)
                        w10 = expand(w10, w11, w3, w8)
                        w11 = expand(w11, w12, w4, w9)
                        w12 = expand(w12, w13, w5, w10)
                        w13 = expand(w13, w14, w6, w11)
                        w14 = expand(w14, w15, w7, w12)
                        w15 = expand(w15, w0, w8, w13)
                    }
                    let kg = k + group &* 16
                    round(a, b, c, &d, e, f, g, &h, kg[0] &+ w0)
                    round(h, a, b, &c, d, e, f, &g, kg[1] &+ w1)
                    round(g, h, a, &b, c, d, e, &f, kg[2] &+ w2)
                    round(f, g, h, &a, b, c, d, &e, kg[3] &+ w3)
                    round(e, f, g, &h, a, b, c, &d, kg[4] &+ w4)
                    round(d, e, f, &g, h, a, b, &c, kg[5] &+ w5)
                    round(c, d, e, &f, g, h, a, &b, kg[6] &+ w6)
                    round(b, c, d, &e, f, g, h, &a, kg[7] &+ w7)
                    round(a, b, c, &d, e, f, g, &h, kg[8] &+ w8)
                    round(h, a, b, &c, d, e, f, &g, kg[9] &+ w9)
                    round(g, h, a, &b, c, d, e, &f, kg[10] &+ w10)
                    round(f, g, h, &a, b, c, d, &e, kg[11] &+ w11)
                    round(e, f, g, &h, a, b, c, &d, kg[12] &+ w12)
                    round(d, e, f, &g, h, a, b, &c, kg[13] &+ w13)
                    round(c, d, e, &f, g, h, a, &b, kg[14] &+ w14)
                    round(b, c, d, &e, f, g, h, &a, kg[15] &+ w15)
                }

                h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                block += blockByteCount
            }
        }

        state = State(h0: h0, h1: h1, h2: h2, h3: h3, h4: h4, h5: h5, h6: h6, h7: h7)
    }

    @inline(__always)
    private static func load(_ block: UnsafeRawPointer, _ word: Int) -> UInt32 {
        UInt32(bigEndian: block.loadUnaligned(fromByteOffset: word &* 4, as: UInt32.self))
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    /// The message schedule recurrence: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16].
    @inline(__always)
    private static func expand(_ w16: UInt32, _ w15: UInt32, _ w7: UInt32, _ w2: UInt32) -> UInt32 {
        let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 &>> 3)
        let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 &>> 10)
        return s1 &+ w7 &+ s0 &+ w16
    }

    /// One round of the compression function; the caller rotates the roles of the working variables.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ kw: UInt32
    ) {
        let sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choose = g ^ (e & (f ^ g))
        let t1 = h &+ sigma1 &+ choose &+ kw
        let sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) | (c & (a | b))
        d &+= t1
        h = t1 &+ sigma0 &+ majority
    }

    /// The constants K0...K63 of FIPS 180-4 §4.2.2.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
