import Foundation
import JWTReference
import Testing

@Suite("Strict base64url (RFC 4648 §5, RFC 7515 §2)")
struct Base64URLTests {
    /// RFC 4648 §10 test vectors, written without the `=` padding as RFC 7515 §2 requires.
    @Test(arguments: [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(plain.utf8) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8))
    }

    /// The bytes whose standard encoding uses `+` and `/` map to `-` and `_` (RFC 4648 §5, Table 2).
    @Test func urlSafeAlphabet() throws {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(try Base64URL.decode("-_8") == [0xfb, 0xff])
        #expect(try Base64URL.decode("-_-_"[...]) == [0xfb, 0xff, 0xbf])
    }

    @Test("Round trips of every length from 0 to 64 bytes, checked against Foundation")
    func roundTrips() throws {
        var state: UInt32 = 0x9e37_79b9
        for length in 0...64 {
            let bytes: [UInt8] = (0..<length).map { _ in
                state = state &* 1_664_525 &+ 1_013_904_223
                return UInt8(truncatingIfNeeded: state >> 23)
            }
            let encoded = Base64URL.encode(bytes)
            let reference = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(encoded == reference)
            #expect(encoded.utf8.count == (length * 4 + 2) / 3)
            #expect(try Base64URL.decode(encoded) == bytes)
            #expect(Base64URL.encode(bytes.lazy.map { $0 }) == encoded)
        }
    }

    @Test(arguments: [
        ("Zm9vYg==", Base64URLError(.padding, offset: 6)),
        ("Zg=", Base64URLError(.padding, offset: 2)),
        ("=", Base64URLError(.padding, offset: 0)),
        ("Zm9v+mE", Base64URLError(.invalidCharacter(UInt8(ascii: "+")), offset: 4)),
        ("Zm9v/mE", Base64URLError(.invalidCharacter(UInt8(ascii: "/")), offset: 4)),
        ("Zm9v YmE", Base64URLError(.invalidCharacter(UInt8(ascii: " ")), offset: 4)),
        ("Zm9v\nYmE", Base64URLError(.invalidCharacter(0x0A), offset: 4)),
        ("Zm9v\r\nYmE", Base64URLError(.invalidCharacter(0x0D), offset: 4)),
        (" Zm9v", Base64URLError(.invalidCharacter(UInt8(ascii: " ")), offset: 0)),
        ("Zm9v.", Base64URLError(.invalidCharacter(UInt8(ascii: ".")), offset: 4)),
        ("Zm9vé", Base64URLError(.invalidCharacter(0xC3), offset: 4)),
        ("Zm9v\u{0}", Base64URLError(.invalidCharacter(0x00), offset: 4)),
        ("Z", Base64URLError(.invalidLength, offset: 0)),
        ("Zm9vY", Base64URLError(.invalidLength, offset: 4)),
        ("Zm9vYmFyZ", Base64URLError(.invalidLength, offset: 8)),
        ("QR", Base64URLError(.nonCanonicalTrailingBits, offset: 1)),
        ("Zh", Base64URLError(.nonCanonicalTrailingBits, offset: 1)),
        ("QUJ", Base64URLError(.nonCanonicalTrailingBits, offset: 2)),
        ("Zm9vYmF", Base64URLError(.nonCanonicalTrailingBits, offset: 6)),
    ])
    func rejection(input: String, expected: Base64URLError) {
        #expect(throws: expected) {
            try Base64URL.decode(input)
        }
    }

    @Test("Canonical forms next to the rejected ones decode")
    func canonicalNeighbours() throws {
        #expect(try Base64URL.decode("QQ") == [0x41])
        #expect(try Base64URL.decode("QUI") == [0x41, 0x42])
        #expect(try Base64URL.decode("Zm9vYmE") == Array("fooba".utf8))
    }

    @Test func errorDescriptions() {
        #expect(
            Base64URLError(.invalidCharacter(UInt8(ascii: "+")), offset: 12).description
                == "invalid base64url character '+' (0x2B) at offset 12")
        #expect(Base64URLError(.invalidCharacter(0x0A), offset: 3).description == "invalid base64url character 0x0A at offset 3")
        #expect(Base64URLError(.padding, offset: 6).description == "unexpected base64url padding '=' at offset 6")
        #expect(
            Base64URLError(.invalidLength, offset: 4).description
                == "invalid base64url length: dangling character at offset 4")
        #expect(
            Base64URLError(.nonCanonicalTrailingBits, offset: 1).description
                == "non-canonical base64url: unused bits of the last character are not zero at offset 1")
    }

    @Test("The first problem in the input is the one reported")
    func firstProblemWins() {
        #expect(throws: Base64URLError(.invalidCharacter(UInt8(ascii: "+")), offset: 12)) {
            try Base64URL.decode("Zm9vYmFyZm9v+mE=")
        }
        #expect(throws: Base64URLError(.invalidCharacter(UInt8(ascii: "/")), offset: 4)) {
            try Base64URL.decode("Zm9v/")
        }
    }
}
