import JWTConformance
import Testing
@testable import JWTTestee

/// The `session` operation's wire format, which JWTTestee owns: requests and observations are
/// written as `PROTOCOL.md` shows and read back as themselves.
@Suite("Session messages")
struct SessionMessageTests {
    @Test("the request and answer of PROTOCOL.md's example read, and the request writes back to the same line")
    func protocolExample() throws {
        let request = #"{"op":"session","id":"KUS-SES-004","profile":"kustomer","platform":"ios","keys":[{"kid":null,"secret":"…"}],"history":[],"steps":[{"call":"logIn","now":1700000000,"token":"eyJ…"},{"call":"isLoggedIn","now":1700000000,"userEmail":null,"userId":"user-1001"}]}"#
        let session = try TesteeRequest(line: Array(request.utf8))
        #expect(String(decoding: session.line, as: UTF8.self) == request + "\n")
        let answer = #"{"id":"KUS-SES-004","result":"observations","observations":[{"outcome":"ok","identity":{"kind":"email","value":"alice@example.com"},"conversations":[]},{"outcome":"answer","answer":false,"identity":{"kind":"email","value":"alice@example.com"},"conversations":[]}]}"#
        #expect(try TesteeResponse(line: Array(answer.utf8), answering: session) == .observations([
            SessionObservation(outcome: .ok, identity: .email("alice@example.com"), conversations: []),
            SessionObservation(outcome: .answer(false), identity: .email("alice@example.com"), conversations: []),
        ]))
    }

    @Test func requestsAndObservationsRoundTrip() throws {
        let request = SessionRequest(
            profile: "kustomer", platform: .web, keys: [VerificationKey(secret: "s"), VerificationKey(kid: "k1", secret: "t")],
            history: [CustomerHistory(identity: .externalId("u-1"), conversations: ["c"])],
            steps: [SessionStep(.logIn(token: "a.b.c"), now: 1), SessionStep(.isLoggedIn(.web(email: nil, externalId: "u-1")), now: 2)]
        )
        let members = request.jsonMembers.map { (key: $0.key, value: $0.value) }
        #expect(try SessionRequest(json: .object(JSONObject(members: members))) == request)
        #expect(!members.contains { $0.key == "directory" }, "an empty directory is left out of the request")
        var paired = request
        paired.directory = [PairedEmail(email: "carol@example.com", externalId: "u-1")]
        let pairedMembers = paired.jsonMembers.map { (key: $0.key, value: $0.value) }
        #expect(try SessionRequest(json: .object(JSONObject(members: pairedMembers))) == paired)
        for observation in [
            SessionObservation(outcome: .ok, identity: .email("a@example.com"), conversations: ["x"]),
            SessionObservation(outcome: .answer(false), identity: nil, conversations: []),
            SessionObservation(outcome: .error(.expired), identity: nil, conversations: []),
            SessionObservation(outcome: .error(nil), identity: nil, conversations: []),
            SessionObservation(outcome: .conflict, identity: .externalId("u-1"), conversations: ["c"]),
        ] {
            let text = observation.json.serialized()
            #expect(try SessionObservation(json: JSONParser.parse(text)) == observation)
        }
    }

    @Test("a broken session message names the member by its path in the message", arguments: [
        (#"{"op":"session","id":"X","profile":"kustomer","platform":"ios","keys":[{"kid":null,"secret":5}],"steps":[]}"#, #"member "keys[0].secret" is 5 (number); expected a string"#),
        (#"{"op":"session","id":"X","profile":"kustomer","platform":"ios","keys":[]}"#, #"member "steps" is missing"#),
        (#"{"op":"session","id":"X","profile":"","platform":"ios","keys":[],"steps":[]}"#, #"member "profile": must not be empty"#),
        (#"{"op":"session","id":"X","profile":"kustomer","platform":"ios","keys":[],"history":[{"identity":{"kind":"email","value":"a@b"},"conversations":"c"}],"steps":[]}"#, #"member "history[0].conversations" is "c" (string); expected an array of strings"#),
    ])
    func brokenRequests(text: String, message: String) {
        #expect(throws: ProtocolViolation(message)) { try TesteeRequest(line: Array(text.utf8)) }
    }

    @Test("a broken observation names its place among the observations", arguments: [
        (#"[{"outcome":"maybe","identity":null,"conversations":[]}]"#, #"member "observations[0].outcome" is "maybe"; expected ok, answer, error or conflict"#),
        (#"[{"outcome":"ok","identity":null,"conversations":[]},{"outcome":"answer","answer":"yes","identity":null,"conversations":[]}]"#, #"member "observations[1].answer" is "yes" (string); expected a boolean"#),
        (#"[{"outcome":"ok","identity":{"kind":"phone","value":"1"},"conversations":[]}]"#, #"member "observations[0].identity.kind" is "phone"; expected email or externalId"#),
        (#"[{"outcome":"error","reason":"late","identity":null,"conversations":[]}]"#, #"member "observations[0].reason" is "late"; expected malformed, algorithm-not-allowed, invalid-header, unknown-key, bad-signature, missing-claim, invalid-claim-type, invalid-claim-value, expired, not-yet-valid or issued-at-out-of-window"#),
        (#"{}"#, #"member "observations" is {} (object); expected an array"#),
    ])
    func brokenObservations(observations: String, message: String) throws {
        let session = TesteeRequest.session(id: "KUS-SES-001", SessionRequest(profile: "kustomer", platform: .ios, keys: [], history: [], steps: []))
        let line = #"{"id":"KUS-SES-001","result":"observations","observations":"# + observations + "}"
        #expect(throws: ProtocolViolation(message)) { try TesteeResponse(line: Array(line.utf8), answering: session) }
    }

    @Test("an answer of observations without the member is refused, naming it")
    func missingObservations() {
        let session = TesteeRequest.session(id: "KUS-SES-001", SessionRequest(profile: "kustomer", platform: .ios, keys: [], history: [], steps: []))
        #expect(throws: ProtocolViolation(#"member "observations" is missing"#)) {
            try TesteeResponse(line: Array(#"{"id":"KUS-SES-001","result":"observations"}"#.utf8), answering: session)
        }
    }
}
