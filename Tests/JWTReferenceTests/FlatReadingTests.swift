@testable import JWTReference
import Testing

/// The verifier's in-place reading of flat headers and payloads (`FlatJWS`): which texts it
/// takes, and that for them it gives exactly the report of the full decoding.
@Suite("Flat reading")
struct FlatReadingTests {
    /// The members `JSONParser.indexFlatObject` finds in `text` as (name, value) texts, or nil.
    static func index(_ text: String) -> [(String, String)]? {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: FlatMember.self, capacity: 4) { members -> [(String, String)]? in
                guard let count = JSONParser.indexFlatObject(bytes, into: members) else { return nil }
                return members[..<count].map { member in
                    (String(decoding: UnsafeBufferPointer(rebasing: bytes[member.name]), as: UTF8.self),
                     String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self))
                }
            }
        }
    }

    @Test func aFlatObjectIsIndexedMemberByMember() throws {
        let members = try #require(Self.index(#" { "a" : "x y", "b":-1.5e3,"c":true, "d":null } "#))
        #expect(members.map(\.0) == ["a", "b", "c", "d"])
        #expect(members.map(\.1) == [#""x y""#, "-1.5e3", "true", "null"])
        #expect(Self.index(#"{"f":false}"#)?.first?.1 == "false")
        #expect(Self.index("{}")?.isEmpty == true)
        #expect(Self.index(#"{"é":"ü"}"#)?.first?.1 == #""ü""#)
    }

    /// Everything else is left to the full parser: it is what says what is wrong with a text.
    @Test(arguments: [
        #"{"a":{"b":1}}"#,  // a nested object
        #"{"a":[1]}"#,  // a nested array
        #"{"a\u0062":1}"#,  // an escaped name
        #"{"a":"\n"}"#,  // an escaped value
        #"{"a":1,"a":2}"#,  // a duplicate name
        #"{"a":1,"b":2,"c":3,"d":4,"e":5}"#,  // more members than room
        #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":01}"#, #"{"a":tru}"#, #"{"a":1} x"#, "[1]", #""a""#, "", "{",
        "{\"a\":\"\u{1}\"}",  // a control character
    ])
    func anythingElseIsDeclined(_ text: String) {
        #expect(Self.index(text) == nil, "\(text)")
    }

    @Test func invalidUTF8IsDeclined() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8)
        let found = bytes.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: FlatMember.self, capacity: 4) { JSONParser.indexFlatObject(bytes, into: $0) }
        }
        #expect(found == nil)
    }

    /// Tokens read in place and tokens decoded in full get the same report, violation for
    /// violation, and the in-place reading is taken where it should be.
    @Test func theInPlaceReadingGivesTheFullDecodingsReport() throws {
        let verifier = ReferenceVerifier(profile: Fixtures.kustomer)
        let key = VerificationKey(secret: "s3cret-0123456789")
        let other = VerificationKey(secret: "another-secret")
        let headers = [#"{"alg":"HS256","typ":"JWT"}"#, #"{"alg":"HS256"}"#, #"{"alg":"none","typ":"jwt"}"#, #"{"typ":"JWT"}"#,
                       #"{"alg":"HS256","typ":"JWT","kid":"k","crit":["x"]}"#, #"{"alg":"HS256","typ":"JWT","x":"\/"}"#]
        let payloads = [#"{"externalId":"u-1","iat":1700000000}"#, #"{"email":"a@b.c","externalId":"u","iat":1699999000.5}"#,
                        #"{"email":"","iat":"1700000000"}"#, #"{"externalId":7,"exp":1,"nbf":2e9}"#, #"{}"#,
                        #"{"externalId":"u","iat":1700000000,"iat":1}"#, #"{"externalId":"u","iat":1e999999}"#,
                        #"{"externalId":"u","iat":true,"exp":null,"nbf":false}"#]
        var readInPlace = 0
        for header in headers {
            for payload in payloads {
                for signer in [key, other] {
                    let token = CompactJWS.sign(headerJSON: header, payloadJSON: payload, key: signer.keyBytes)
                    for keys in [[key], [], [other, key]] {
                        let full = verifier.verify(verifier.decode(token), keys: keys, now: 1_700_000_000)
                        #expect(verifier.verify(token, keys: keys, now: 1_700_000_000) == full, "\(header) \(payload)")
                    }
                    if CompactJWS.withFlatDecoding(token, maximumByteCount: 65_536, context: (), { _, _ in true }) != nil { readInPlace += 1 }
                }
            }
        }
        // Headers 1-4 and payloads 1-5, 7 and 8 are flat: 4 × 7 × 2 signers.
        #expect(readInPlace == 56)
    }
}
