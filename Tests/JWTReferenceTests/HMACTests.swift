import JWTReference
import Testing

@Suite("HMAC-SHA-256 (RFC 2104, RFC 4231)")
struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var data: [UInt8]
        var mac: String

        var testDescription: String { name }
    }

    /// RFC 4231 §4.2–§4.8, the HMAC-SHA-256 results of all seven test cases.
    static let rfc4231: [Vector] = [
        Vector(
            name: "RFC 4231 test case 1",
            key: Array(repeating: 0x0b, count: 20),
            data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "RFC 4231 test case 2: key shorter than the output",
            key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "RFC 4231 test case 3: combined length of key and data larger than 64 bytes",
            key: Array(repeating: 0xaa, count: 20),
            data: Array(repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            name: "RFC 4231 test case 4",
            key: Array(0x01...0x19),
            data: Array(repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            name: "RFC 4231 test case 5: truncation to 128 bits",
            key: Array(repeating: 0x0c, count: 20),
            data: Array("Test With Truncation".utf8),
            mac: "a3b6167473100ee06e0c796c2955552b"),
        Vector(
            name: "RFC 4231 test case 6: key larger than the block size",
            key: Array(repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            name: "RFC 4231 test case 7: key and data larger than the block size",
            key: Array(repeating: 0xaa, count: 131),
            data: Array(
                "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                    .utf8),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    /// Additional vectors, cross-checked with Python's `hmac` module.
    static let additional: [Vector] = [
        Vector(
            name: "zero-length key and message",
            key: [],
            data: [],
            mac: "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
        Vector(
            name: "24-byte key",
            key: Array(0x01...0x18),
            data: Array("message authenticated with a 24-byte key".utf8),
            mac: "4993d27175fd576d0d8f145789143a7dd69181111c80299999c4753d275899e3"),
        Vector(
            name: "key of exactly one block (64 bytes) is not hashed",
            key: Array(0x00..<0x40),
            data: Array("key of exactly one block".utf8),
            mac: "9b56baaf04d2ab336830b1e8a0a14bade386e94a82ac8fd7837b72054396ba26"),
        Vector(
            name: "key of 65 bytes is hashed first",
            key: Array(0x00..<0x41),
            data: Array("key one byte longer than a block".utf8),
            mac: "c262e39150461f1a00fedff117b66ad2f196594c323858f57d9d5be001ee8fc3"),
    ]

    @Test(arguments: rfc4231 + additional)
    func authenticationCode(_ vector: Vector) {
        let mac = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        #expect(mac.count == HMACSHA256.byteCount)
        #expect(hex(mac).hasPrefix(vector.mac))
    }

    @Test(arguments: rfc4231 + additional)
    func incrementalAndNonContiguousInputs(_ vector: Vector) {
        var hmac = HMACSHA256(key: vector.key.lazy.map { $0 })
        for byte in vector.data {
            hmac.update(CollectionOfOne(byte))
        }
        #expect(hex(hmac.finalize()).hasPrefix(vector.mac))
    }

    @Test(arguments: rfc4231 + additional)
    func isValidAuthenticationCodeAcceptsTheFullCode(_ vector: Vector) {
        let mac = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        #expect(HMACSHA256.isValidAuthenticationCode(mac, for: vector.data, key: vector.key))
    }

    @Test("A keyed instance can be copied and reused")
    func reuse() {
        let keyed = HMACSHA256(key: "Jefe".utf8)
        for _ in 0..<3 {
            var hmac = keyed
            hmac.update("what do ya want for nothing?".utf8)
            #expect(hex(hmac.finalize()) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        }
    }

    @Test(
        "A key's precomputed schedule gives the one-shot code, for keys shorter than, as long as and longer than a block",
        arguments: [0, 1, 20, 63, 64, 65, 131, 200])
    func keyScheduleKeptPerKey(length: Int) {
        let secret = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x21 + $0 % 90))) })
        let key = VerificationKey(kid: "k", secret: secret)
        #expect(key.keyBytes.count == length)
        let copy = key
        for message in ["", "eyJhbGciOiJIUzI1NiJ9.e30", String(repeating: "m", count: 300)] {
            let oneShot = HMACSHA256.authenticationCode(for: message.utf8, key: key.keyBytes)
            for keyed in [key.authenticator, copy.authenticator, HMACSHA256(key: key.keyBytes)] {
                var hmac = keyed
                hmac.update(message.utf8)
                #expect(hmac.finalize() == oneShot)
                #expect(hmac.isValidAuthenticationCode(oneShot))
                var tampered = oneShot
                tampered[length % 32] ^= 0x01
                #expect(!hmac.isValidAuthenticationCode(tampered))
                #expect(!hmac.isValidAuthenticationCode(oneShot.dropLast()))
            }
        }
    }

    @Test("A key whose secret is replaced computes its schedule again")
    func replacedSecret() {
        var key = VerificationKey(secret: "first secret")
        key.secret = "second secret"
        var hmac = key.authenticator
        hmac.update("message".utf8)
        #expect(hmac.finalize() == HMACSHA256.authenticationCode(for: "message".utf8, key: "second secret".utf8))
        #expect(key == VerificationKey(secret: "second secret"))
    }

    @Test(arguments: rfc4231 + additional)
    func keyedInstanceValidatesTheCode(_ vector: Vector) {
        let keyed = HMACSHA256(key: vector.key)
        var hmac = keyed
        hmac.update(vector.data)
        let code = hmac.finalize()
        #expect(hex(code).hasPrefix(vector.mac))
        #expect(hmac.isValidAuthenticationCode(code))
        #expect(!hmac.isValidAuthenticationCode(code.prefix(16)))
    }

    @Test("Keys of every length from 0 to 200 bytes work")
    func allKeyLengths() {
        for length in 0...200 {
            let key = [UInt8](repeating: 0x5a, count: length)
            let mac = HMACSHA256.authenticationCode(for: "payload".utf8, key: key)
            #expect(mac.count == 32)
            #expect(HMACSHA256.isValidAuthenticationCode(mac, for: "payload".utf8, key: key))
        }
    }

    @Test("isValidAuthenticationCode rejects every one-bit flip")
    func rejectsBitFlips() {
        let vector = Self.rfc4231[1]
        let mac = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        for bit in 0..<(mac.count * 8) {
            var tampered = mac
            tampered[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!HMACSHA256.isValidAuthenticationCode(tampered, for: vector.data, key: vector.key))
        }
    }

    @Test("isValidAuthenticationCode rejects truncated and extended codes")
    func rejectsWrongLengths() {
        let vector = Self.rfc4231[0]
        let mac = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        for length in [0, 1, 16, 31] {
            #expect(!HMACSHA256.isValidAuthenticationCode(mac.prefix(length), for: vector.data, key: vector.key))
        }
        #expect(!HMACSHA256.isValidAuthenticationCode(mac + [0], for: vector.data, key: vector.key))
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.isEqual([UInt8](), [UInt8]()))
        #expect(ConstantTime.isEqual([1, 2, 3], [1, 2, 3][...]))
        #expect(!ConstantTime.isEqual([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.isEqual([0, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.isEqual([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.isEqual([1, 2], [1, 2, 3]))
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
}
