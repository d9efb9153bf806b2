import JWTConformance
import Testing
@testable import JWTTestee

@Suite("Protocol messages")
struct ProtocolMessageTests {
    private func line(_ text: String) -> [UInt8] { Array(text.utf8) }

    private let verify = TesteeRequest.verify(
        id: "SUN-CLM-001",
        VerificationRequest(profile: "sunshine", token: "a.b.c", keys: [VerificationKey(kid: "app_1", secret: "s3cret"), VerificationKey(secret: "other")], now: 1_700_000_000)
    )

    @Test("verify is written as PROTOCOL.md shows, and read back")
    func verifyRequest() throws {
        let text = String(decoding: verify.line, as: UTF8.self)
        #expect(text == #"{"op":"verify","id":"SUN-CLM-001","profile":"sunshine","token":"a.b.c","keys":[{"kid":"app_1","secret":"s3cret"},{"kid":null,"secret":"other"}],"now":1700000000}"# + "\n")
        #expect(try TesteeRequest(line: verify.line.dropLast()) == verify)
    }

    /// A verify line is written member by member, not from ``TesteeRequest/json``: it must be the
    /// same bytes for any text, key set and clock.
    @Test("a verify line is the serialization of its JSON")
    func verifyLineIsItsJSON() throws {
        let texts = ["", "a.b.c", "quote \" and \\ backslash", "controls \u{0}\u{1F}\n\t\u{7F}", "\u{FEFF}é😀\u{2028}", "/slash"]
        var compared = 0
        for text in texts {
            for keys in [[], [VerificationKey(secret: text)], [VerificationKey(kid: text, secret: "s"), VerificationKey(kid: nil, secret: text)]] {
                for now: Int64 in [0, -1, 1_700_000_000, .max, .min] {
                    let request = TesteeRequest.verify(id: text, VerificationRequest(profile: ProfileID(text), token: text, keys: keys, now: now))
                    #expect(request.line == request.json.serializedUTF8() + [UInt8(ascii: "\n")], "\(String(decoding: request.line, as: UTF8.self))")
                    compared += 1
                }
            }
        }
        #expect(compared == 90)
    }

    @Test("sign is written with a null kid and optional lifetime, and read back")
    func signRequest() throws {
        let request = SigningRequest(profile: "kustomer", subject: Subject(externalId: "u1", email: "a@example.com"), key: VerificationKey(secret: "k"), now: 1_700_000_000, lifetime: 600)
        let sign = TesteeRequest.sign(id: "KUS-SGN-001", request)
        #expect(String(decoding: sign.line, as: UTF8.self) == #"{"op":"sign","id":"KUS-SGN-001","profile":"kustomer","key":{"kid":null,"secret":"k"},"subject":{"externalId":"u1","email":"a@example.com"},"now":1700000000,"lifetime":600}"# + "\n")
        #expect(try TesteeRequest(line: sign.line) == sign)
        var withoutLifetime = request
        withoutLifetime.lifetime = nil
        #expect(!String(decoding: TesteeRequest.sign(id: "x", withoutLifetime).line, as: UTF8.self).contains("lifetime"))
    }

    @Test("a key without kid may omit the member; unknown members are ignored")
    func lenientReading() throws {
        let request = try TesteeRequest(line: line(#"{"op":"verify","id":"X","profile":"kustomer","token":"t","keys":[{"secret":"s"}],"now":1,"future":true}"#))
        #expect(request == .verify(id: "X", VerificationRequest(profile: "kustomer", token: "t", keys: [VerificationKey(secret: "s")], now: 1)))
    }

    @Test("an op this version does not know is kept for a skip answer")
    func unknownOp() throws {
        #expect(try TesteeRequest(line: line(#"{"op":"refresh","id":"KUS-RFR-001","steps":[]}"#)) == .unknown(op: "refresh", id: "KUS-RFR-001"))
    }

    @Test("answers to verify", arguments: [
        (#"{"id":"SUN-CLM-001","result":"accept","identity":{"kind":"externalId","value":"42"}}"#, TesteeResponse.verdict(.accept(.externalId("42")))),
        (#"{"id":"SUN-CLM-001","result":"reject","reason":"expired"}"#, .verdict(.reject(.expired))),
        (#"{"id":"SUN-CLM-001","result":"reject"}"#, .verdict(.reject(nil))),
        (#"{"id":"SUN-CLM-001","result":"reject","reason":null}"#, .verdict(.reject(nil))),
        (#"{"id":"SUN-CLM-001","result":"skip","message":"not today"}"#, .skip("not today")),
        (#"{"id":"SUN-CLM-001","result":"error"}"#, .error(nil)),
        (#"{"id":"SUN-CLM-001","result":"accept","identity":{"kind":"email","value":"a@b"},"extra":[1]}"#, .verdict(.accept(.email("a@b")))),
    ])
    func verifyAnswers(text: String, expected: TesteeResponse) throws {
        #expect(try TesteeResponse(line: line(text), answering: verify) == expected)
    }

    @Test("a lone surrogate escape, as Python writes for text that is not Unicode, reads as U+FFFD")
    func loneSurrogates() throws {
        let text = #"{"id":"SUN-CLM-001","result":"accept","identity":{"kind":"externalId","value":"a\ud800b\udc00\\ud800\ud83d\ude00"}}"#
        #expect(try TesteeResponse(line: line(text), answering: verify) == .verdict(.accept(.externalId("a\u{FFFD}b\u{FFFD}\\ud800😀"))))
        #expect(LoneSurrogates.replaced(in: line(#"{"a":"\u0041\\u"}"#)) == nil)
    }

    @Test("responses round-trip", arguments: [
        TesteeResponse.verdict(.accept(.email("a@example.com"))), .verdict(.reject(.unknownKey)), .verdict(.reject(nil)),
        .skip("no"), .skip(nil), .error("boom"),
    ])
    func roundTrip(response: TesteeResponse) throws {
        #expect(try TesteeResponse(line: response.line(id: "SUN-CLM-001").dropLast(), answering: verify) == response)
    }

    @Test("a line that is not the protocol is named precisely", arguments: [
        (#"{"id":"SUN-CLM-001","result":"acept"}"#, #"member "result" is "acept"; expected accept, reject, skip or error"#),
        (#"{"id":"SUN-CLM-001"}"#, #"member "result" is missing; expected accept, reject, skip or error"#),
        (#"{"id":"WRONG-000","result":"reject"}"#, #"it answers id "WRONG-000", expected "SUN-CLM-001""#),
        (#"{"result":"reject"}"#, #"it answers id (none), expected "SUN-CLM-001""#),
        (#"{"id":"SUN-CLM-001","result":"reject","reason":"too-old"}"#, #"member "reason" is "too-old"; expected malformed, algorithm-not-allowed, invalid-header, unknown-key, bad-signature, missing-claim, invalid-claim-type, invalid-claim-value, expired, not-yet-valid or issued-at-out-of-window"#),
        (#"{"id":"SUN-CLM-001","result":"accept"}"#, #"member "identity" is missing"#),
        (#"{"id":"SUN-CLM-001","result":"accept","identity":{"kind":"phone","value":"1"}}"#, #"member "identity.kind" is "phone"; expected email or externalId"#),
        (#"{"id":"SUN-CLM-001","result":"accept","identity":{"kind":"email","value":42}}"#, #"member "identity.value" is 42 (number); expected a string"#),
        (#"{"id":"SUN-CLM-001","result":"accept","identity":"a@b"}"#, #"member "identity" is "a@b" (string); expected an object"#),
        (#"["SUN-CLM-001"]"#, #"not a JSON object but an array: ["SUN-CLM-001"]"#),
        ("hello", #"not JSON (invalid JSON at offset 0, path $: unexpected byte 'h' (0x68)): "hello""#),
    ])
    func violations(text: String, message: String) {
        do {
            _ = try TesteeResponse(line: line(text), answering: verify)
            Issue.record("expected a violation for \(text)")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test("a sign request wants a token, skip or error")
    func signAnswers() throws {
        let sign = TesteeRequest.sign(id: "KUS-SGN-001", SigningRequest(profile: "kustomer", subject: Subject(externalId: "u"), key: VerificationKey(secret: "k"), now: 1))
        #expect(try TesteeResponse(line: line(#"{"id":"KUS-SGN-001","token":"a.b.c"}"#), answering: sign) == .token("a.b.c"))
        #expect(try TesteeResponse(line: line(#"{"id":"KUS-SGN-001","result":"skip"}"#), answering: sign) == .skip(nil))
        #expect(throws: ProtocolViolation(#"member "result" is "accept"; a sign answer has a "token", or "result" skip or error"#)) {
            try TesteeResponse(line: line(#"{"id":"KUS-SGN-001","result":"accept"}"#), answering: sign)
        }
        #expect(throws: ProtocolViolation(#"member "token" is missing; a sign answer has a "token", or "result" skip or error"#)) {
            try TesteeResponse(line: line(#"{"id":"KUS-SGN-001"}"#), answering: sign)
        }
    }

    @Test("hello: read, written, and refused")
    func hello() throws {
        let text = #"{"ok":true,"protocol":1,"implementation":{"name":"PyJWT","version":"2.10.1","language":"Python"},"roles":["verifier","signer","session"],"profiles":["kustomer","sunshine"]}"#
        let hello = try HelloResponse(line: line(text))
        #expect(hello.implementation == ImplementationMetadata(name: "PyJWT", version: "2.10.1", language: "Python"))
        #expect(hello.knownRoles == [.verifier, .signer, .session])
        #expect(hello.profiles == ["kustomer", "sunshine"])
        #expect(try HelloResponse(line: hello.json.serializedUTF8()) == hello)
        #expect(throws: ProtocolViolation(#"the testee refused the handshake ("ok" is false): no licence"#)) {
            try HelloResponse(line: line(#"{"ok":false,"message":"no licence"}"#))
        }
        #expect(throws: ProtocolViolation(#"member "protocol" is missing"#)) {
            try HelloResponse(line: line(#"{"ok":true,"implementation":{"name":"a","version":"1","language":"C"},"roles":[],"profiles":[]}"#))
        }
        #expect(throws: ProtocolViolation(#"member "roles" is "verifier" (string); expected an array of strings"#)) {
            try HelloResponse(line: line(#"{"ok":true,"protocol":1,"implementation":{"name":"a","version":"1","language":"C"},"roles":"verifier","profiles":[]}"#))
        }
        #expect(throws: ProtocolViolation(#"member "implementation.version" is 1 (number); expected a string"#)) {
            try HelloResponse(line: line(#"{"ok":true,"protocol":1,"implementation":{"name":"a","version":1,"language":"C"},"roles":[],"profiles":[]}"#))
        }
    }

    @Test("hello: the pipeline window is 1 when absent, read when given, written only when above 1")
    func helloPipeline() throws {
        let base = #"{"ok":true,"protocol":1,"implementation":{"name":"a","version":"1","language":"C"},"roles":[],"profiles":[]"#
        #expect(try HelloResponse(line: line(base + "}")).pipeline == 1)
        #expect(try HelloResponse(line: line(base + #","pipeline":1}"#)).pipeline == 1)
        let windowed = try HelloResponse(line: line(base + #","pipeline":64}"#))
        #expect(windowed.pipeline == 64)
        #expect(windowed.json["pipeline"] == .number(JSONNumber(64)))
        #expect(try HelloResponse(line: windowed.json.serializedUTF8()) == windowed)
        #expect(try HelloResponse(line: line(base + "}")).json["pipeline"] == nil)
    }

    @Test("hello: a pipeline window that is not an integer of at least 1 is refused, naming the member",
          arguments: [("0", "0 (number)"), ("-3", "-3 (number)"), ("2.5", "2.5 (number)"), (#""8""#, #""8" (string)"#), ("true", "true (boolean)")])
    func helloBadPipeline(value: String, shown: String) throws {
        let text = #"{"ok":true,"protocol":1,"implementation":{"name":"a","version":"1","language":"C"},"roles":[],"profiles":[],"pipeline":"# + value + "}"
        #expect(throws: ProtocolViolation(#"member "pipeline" is "# + shown + "; expected an integer of at least 1")) {
            try HelloResponse(line: line(text))
        }
    }
}
