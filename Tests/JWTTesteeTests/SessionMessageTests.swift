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
        for observation in [
            SessionObservation(outcome: .ok, identity: .email("a@example.com"), conversations: ["x"]),
            SessionObservation(outcome: .answer(false), identity: nil, conversations: []),
            SessionObservation(outcome: .error(.expired), identity: nil, conversations: []),
            SessionObservation(outcome: .error(nil), identity: nil, conversations: []),
        ] {
            let text = observation.json.serialized()
            #expect(try SessionObservation(json: JSONParser.parse(text)) == observation)
        }
    }
}
