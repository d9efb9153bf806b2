import JWTReference
import Testing

@Suite("SHA-256 (FIPS 180-4)")
struct SHA256Tests {
    /// A message and its expected digest.
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var message: [UInt8]
        var digest: String

        var testDescription: String { name }
    }

    /// The SHA-256 examples published by NIST CSRC ("Cryptographic Standards and Guidelines: Examples
    /// with Intermediate Values", SHA256.pdf and SHA2_Additional.pdf) for FIPS 180-4.
    static let nistVectors: [Vector] = [
        Vector(
            name: "NIST CSRC: empty message",
            message: [],
            digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "NIST CSRC SHA256.pdf: one block, \"abc\"",
            message: Array("abc".utf8),
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(
            name: "NIST CSRC SHA256.pdf: two blocks, 448 bits",
            message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(
            name: "NIST CSRC SHA2_Additional.pdf: 896 bits",
            message: Array(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
                    .utf8),
            digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    /// Messages of 'a' bytes around the padding and block boundaries (the 55/56-byte boundary is where the
    /// length no longer fits in the last block). Digests cross-checked with GNU coreutils `sha256sum`.
    static let boundaryVectors: [Vector] = [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ].map { count, digest in
        Vector(name: "\(count) × 'a'", message: Array(repeating: UInt8(ascii: "a"), count: count), digest: digest)
    }

    @Test(arguments: nistVectors + boundaryVectors)
    func oneShot(_ vector: Vector) {
        #expect(hex(SHA256.hash(vector.message)) == vector.digest)
    }

    @Test(arguments: nistVectors + boundaryVectors)
    func byteAtATime(_ vector: Vector) {
        var hasher = SHA256()
        for byte in vector.message {
            hasher.update(CollectionOfOne(byte))
        }
        #expect(hex(hasher.finalize()) == vector.digest)
    }

    @Test(arguments: nistVectors + boundaryVectors)
    func nonContiguousSequence(_ vector: Vector) {
        #expect(hex(SHA256.hash(vector.message.lazy.map { $0 })) == vector.digest)
    }

    @Test("NIST CSRC SHA2_Additional.pdf: one million repetitions of 'a'")
    func millionA() {
        let digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(hex(SHA256.hash(message)) == digest)

        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 {
            hasher.update(chunk)
        }
        #expect(hex(hasher.finalize()) == digest)
    }

    @Test("Incremental updates split at every point agree with one-shot hashing", arguments: [55, 56, 63, 64, 65])
    func incrementalSplits(length: Int) {
        let message = deterministicBytes(count: length)
        let expected = SHA256.hash(message)
        for split in 0...length {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
    }

    @Test("Three-way splits across two block boundaries agree with one-shot hashing")
    func threeWaySplits() {
        let message = deterministicBytes(count: 130)
        let expected = SHA256.hash(message)
        for first in stride(from: 0, through: 130, by: 7) {
            for second in first...130 {
                var hasher = SHA256()
                message[..<first].withUnsafeBytes { hasher.update(bufferPointer: $0) }
                hasher.update(message[first..<second])
                hasher.update(message[second...].lazy.map { $0 })
                #expect(hasher.finalize() == expected, "splits at \(first), \(second)")
            }
        }
    }

    @Test func finalizeDoesNotConsumeTheState() {
        var hasher = SHA256()
        hasher.update("ab".utf8)
        #expect(hasher.finalize() == SHA256.hash("ab".utf8))
        #expect(hasher.finalize() == SHA256.hash("ab".utf8))
        hasher.update("c".utf8)
        #expect(hex(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func constants() {
        #expect(SHA256.digestByteCount == 32)
        #expect(SHA256.blockByteCount == 64)
        #expect(SHA256.hash([]).count == 32)
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
}

private func deterministicBytes(count: Int) -> [UInt8] {
    var state: UInt32 = 0x1234_5678
    return (0..<count).map { _ in
        state = state &* 1_664_525 &+ 1_013_904_223
        return UInt8(truncatingIfNeeded: state >> 24)
    }
}
