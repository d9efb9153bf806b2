import JWTReference
import Testing

@Suite("CompactJWS")
struct CompactJWSTests {
    /// RFC 7515 Appendix A.1: the JWS using HMAC SHA-256.
    enum RFC7515A1 {
        static let headerJSON = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"
        static let payloadJSON = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
        static let headerBytes: [UInt8] = [
            123, 34, 116, 121, 112, 34, 58, 34, 74, 87, 84, 34, 44, 13, 10, 32, 34, 97, 108, 103, 34, 58, 34, 72,
            83, 50, 53, 54, 34, 125,
        ]
        static let jwkK = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
        static let token =
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

        static func key() throws -> [UInt8] {
            try Base64URL.decode(jwkK)
        }
    }

    @Test func rfc7515A1HeaderBytesAreTheGivenOctets() {
        #expect(Array(RFC7515A1.headerJSON.utf8) == RFC7515A1.headerBytes)
    }

    @Test func rfc7515A1TokenDecodesAndVerifies() throws {
        let jws = try CompactJWS.decode(RFC7515A1.token)
        #expect(jws.header["typ"] == "JWT")
        #expect(jws.header["alg"] == "HS256")
        #expect(jws.header.keys == ["typ", "alg"])
        #expect(jws.payload["iss"] == "joe")
        #expect(jws.payload["exp"]?.numberValue?.text == "1300819380")
        #expect(jws.payload["http://example.com/is_root"] == true)
        #expect(jws.signature.count == 32)
        #expect(jws.headerSegment == "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9")
        #expect(jws.signatureSegment == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(jws.signingInput == Array("\(jws.headerSegment).\(jws.payloadSegment)".utf8))

        let key = try RFC7515A1.key()
        #expect(key.count == 64)
        #expect(jws.hasValidSignature(key: key))
        #expect(!jws.hasValidSignature(key: key.dropLast()))
        #expect(HMACSHA256.isValidAuthenticationCode(jws.signature, for: jws.signingInput, key: key))
    }

    @Test func rfc7515A1TokenIsRecreatedExactly() throws {
        let key = try RFC7515A1.key()
        let token = CompactJWS.sign(headerJSON: RFC7515A1.headerJSON, payloadJSON: RFC7515A1.payloadJSON, key: key)
        #expect(token == RFC7515A1.token)
    }

    @Test func encodeWritesCompactJSONAndDecodesBack() throws {
        let header: JSONObject = ["alg": "HS256", "typ": "JWT"]
        let payload: JSONObject = ["externalId": "user-1", "iat": 1_700_000_000]
        let key = Array("secret".utf8)
        let token = CompactJWS.encode(header: header, payload: payload, key: key)
        #expect(
            token
                == CompactJWS.sign(
                    headerJSON: #"{"alg":"HS256","typ":"JWT"}"#,
                    payloadJSON: #"{"externalId":"user-1","iat":1700000000}"#,
                    key: key))
        let jws = try CompactJWS.decode(token)
        #expect(jws.header == header)
        #expect(jws.payload == payload)
        #expect(jws.hasValidSignature(key: key))
        #expect(!jws.hasValidSignature(key: Array("Secret".utf8)))
        #expect(jws.hasValidSignature(authenticator: VerificationKey(secret: "secret").authenticator))
        #expect(!jws.hasValidSignature(authenticator: VerificationKey(secret: "Secret").authenticator))
    }

    @Test func signSegmentsSignsThemVerbatim() throws {
        let header = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8))
        let payload = Base64URL.encode(Array(#"{"a":1}"#.utf8))
        let token = CompactJWS.sign(headerSegment: header + "=", payloadSegment: payload, key: [1, 2, 3])
        let mac = HMACSHA256.authenticationCode(for: Array("\(header)=.\(payload)".utf8), key: [1, 2, 3])
        #expect(token == "\(header)=.\(payload).\(Base64URL.encode(mac))")
        #expect(throws: CompactJWSError.invalidBase64URL(.header, offset: header.utf8.count, .padding)) {
            try CompactJWS.decode(token)
        }
    }

    @Test(arguments: [
        ("abc", 1),
        ("", 1),
        ("eyJhbGciOiJIUzI1NiJ9.e30", 2),
        ("eyJhbGciOiJIUzI1NiJ9.e30.c2ln.c2ln", 4),
        ("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXY.Y2lwaGVy.dGFn", 5),
        ("....", 5),
    ])
    func wrongSegmentCountIsRefused(token: String, segments: Int) {
        #expect(throws: CompactJWSError.wrongSegmentCount(segments)) {
            try CompactJWS.decode(token)
        }
    }

    @Test func jweShapedTokenIsNamedInTheMessage() {
        let error = CompactJWSError.wrongSegmentCount(5)
        #expect(error.description.contains("5 segments"))
        #expect(error.description.contains("JWE"))
    }

    @Test(arguments: CompactJWSError.Segment.allCases)
    func paddingIsRefusedWithTheTokenOffset(segment: CompactJWSError.Segment) {
        var segments = [
            Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8)),
            Base64URL.encode(Array(#"{"sub":"1"}"#.utf8)),
            Base64URL.encode([UInt8](repeating: 7, count: 32)),
        ]
        let index = CompactJWSError.Segment.allCases.firstIndex(of: segment)!
        let offset = segments[..<index].reduce(0) { $0 + $1.utf8.count + 1 } + segments[index].utf8.count
        segments[index] += "="
        let token = segments.joined(separator: ".")
        #expect(throws: CompactJWSError.invalidBase64URL(segment, offset: offset, .padding)) {
            try CompactJWS.decode(token)
        }
        do {
            _ = try CompactJWS.decode(token)
        } catch {
            #expect(error.description.contains("\(segment) segment"))
            #expect(error.description.contains("offset \(offset)"))
        }
    }

    @Test(arguments: [
        ("eyJhbGciOiJIUzI1NiJ9.e3+.c2ln", UInt8(ascii: "+"), 23),
        ("eyJhbGciOiJIUzI1NiJ9.e30.c2l/", UInt8(ascii: "/"), 28),
        ("eyJhbGciOiJIUzI1NiJ9.e30 .c2ln", UInt8(ascii: " "), 24),
        ("eyJhbGciOiJIUzI1NiJ9\n.e30.c2ln", UInt8(ascii: "\n"), 20),
    ])
    func standardAlphabetAndWhitespaceAreRefused(token: String, byte: UInt8, offset: Int) {
        let segment: CompactJWSError.Segment = offset < 21 ? .header : offset < 25 ? .payload : .signature
        #expect(throws: CompactJWSError.invalidBase64URL(segment, offset: offset, .invalidCharacter(byte))) {
            try CompactJWS.decode(token)
        }
    }

    @Test func nonCanonicalTrailingBitsAreRefused() {
        // "e31" would decode to the same bytes as "e30" if the unused bits were ignored.
        #expect(throws: CompactJWSError.invalidBase64URL(.payload, offset: 23, .nonCanonicalTrailingBits)) {
            try CompactJWS.decode("eyJhbGciOiJIUzI1NiJ9.e31.c2ln")
        }
    }

    @Test func sizeLimitIsCheckedFirst() throws {
        let oversized = String(repeating: ".", count: 65_537)
        #expect(throws: CompactJWSError.tooLarge(byteCount: 65_537, maximumByteCount: 65_536)) {
            try CompactJWS.decode(oversized)
        }
        let token = CompactJWS.encode(header: ["alg": "HS256"], payload: ["sub": "1"], key: [])
        let count = token.utf8.count
        _ = try CompactJWS.decode(token, maximumByteCount: count)
        #expect(throws: CompactJWSError.tooLarge(byteCount: count, maximumByteCount: count - 1)) {
            try CompactJWS.decode(token, maximumByteCount: count - 1)
        }
    }

    @Test(arguments: [
        (#"{"alg":"HS256","alg":"none"}"#, #"{"sub":"1"}"#, CompactJWSError.duplicateMember(.header, "alg")),
        (#"{"alg":"HS256"}"#, #"{"sub":"1","exp":1,"sub":"2"}"#, .duplicateMember(.payload, "sub")),
        (#"{"alg":"HS256"}"#, #"{"ext":{"a":1,"a":2}}"#, .duplicateMember(.payload, "a")),
        (#"["alg","HS256"]"#, #"{"sub":"1"}"#, .notAnObject(.header, typeName: "array")),
        (#""HS256""#, #"{"sub":"1"}"#, .notAnObject(.header, typeName: "string")),
        (#"{"alg":"HS256"}"#, "null", .notAnObject(.payload, typeName: "null")),
        (#"{"alg":"HS256"}"#, "1700000000", .notAnObject(.payload, typeName: "number")),
    ])
    func duplicatesAndNonObjectsAreRefused(header: String, payload: String, expected: CompactJWSError) {
        let token = CompactJWS.sign(headerJSON: header, payloadJSON: payload, key: [])
        #expect(throws: expected) {
            try CompactJWS.decode(token)
        }
    }

    @Test func duplicateAmongManyMembersIsFound() {
        let members = (0..<40).map { "\"claim\($0)\":\($0)" }.joined(separator: ",")
        let token = CompactJWS.sign(
            headerJSON: #"{"alg":"HS256"}"#, payloadJSON: "{\(members),\"claim7\":0}", key: [])
        #expect(throws: CompactJWSError.duplicateMember(.payload, "claim7")) {
            try CompactJWS.decode(token)
        }
    }

    @Test func canonicallyEquivalentNamesAreDistinctMembers() throws {
        let token = CompactJWS.sign(
            headerJSON: #"{"alg":"HS256"}"#, payloadJSON: "{\"caf\u{E9}\":1,\"cafe\u{301}\":2}", key: [])
        let jws = try CompactJWS.decode(token)
        #expect(jws.payload.keys.count == 2)
    }

    @Test(arguments: [
        (Array(#"{"alg":"HS256",}"#.utf8), CompactJWSError.Segment.header),
        (Array(#"{"alg":"HS256"} x"#.utf8), .header),
        ([0x7B, 0x22, 0x61, 0xFF, 0x22, 0x3A, 0x31, 0x7D], .header),
        (Array(#"{"alg":"HS256"}"#.utf8) + [0xEF, 0xBB, 0xBF], .header),
        ([], .header),
    ])
    func invalidJSONIsRefused(headerBytes: [UInt8], segment: CompactJWSError.Segment) {
        let token = CompactJWS.sign(
            headerSegment: Base64URL.encode(headerBytes),
            payloadSegment: Base64URL.encode(Array("{}".utf8)),
            key: [])
        do {
            _ = try CompactJWS.decode(token)
            Issue.record("decoded invalid JSON")
        } catch {
            guard case .invalidJSON(let found, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(found == segment)
            #expect(error.description.hasPrefix("header segment is not valid JSON"))
        }
    }

    @Test func deeplyNestedPayloadIsRefusedWithoutCrashing() {
        let payload = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let token = CompactJWS.sign(headerJSON: #"{"alg":"HS256"}"#, payloadJSON: payload, key: [])
        #expect(throws: (any Error).self) {
            try CompactJWS.decode(token)
        }
    }

    @Test func emptySignatureSegmentDecodesToNoBytes() throws {
        let jws = try CompactJWS.decode("eyJhbGciOiJIUzI1NiJ9.e30.")
        #expect(jws.signature.isEmpty)
        #expect(jws.payload.isEmpty)
        #expect(!jws.hasValidSignature(key: []))
    }
}
