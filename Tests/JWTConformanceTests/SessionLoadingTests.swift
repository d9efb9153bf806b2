import Foundation
import JWTConformance
import Testing

/// Session vector files load into ``SessionCase`` values, and a broken one fails with a message
/// naming the test and the field. Steps round-trip through their JSON form (the testee protocol's
/// session messages are tested in JWTTesteeTests).
@Suite("Session loading")
struct SessionLoadingTests {
    static func file(steps: String, platform: String = "ios") -> String {
        """
        {
          "suiteVersion": "1.0.0", "profile": "kustomer", "role": "session", "category": "session",
          "title": "fixture", "numberOfTests": 1,
          "testGroups": [
            { "description": "g", "now": 1700000000, "platform": "\(platform)", "keys": [{ "kid": null, "secret": "s" }],
              "tests": [
                { "id": "KUS-SES-001", "description": "d", "rules": ["R"], "sources": ["S"], "flags": [],
                  "start": { "history": [{ "identity": { "kind": "email", "value": "a@example.com" }, "conversations": ["h-1"] }] },
                  "steps": [\(steps)] }
              ] }
          ]
        }
        """
    }

    static let anonymous = #""identity": null, "conversations": []"#

    @Test func aSessionFileLoads() throws {
        let corpus = try LoaderErrorTests.load(["session.json": Self.file(steps: """
            { "call": "isLoggedIn", "userEmail": "a@example.com", "userId": null,
              "expected": { "result": "answer", "answer": false, \(Self.anonymous) } },
            { "call": "startConversation", "now": 1700000060, "conversation": "anon-1",
              "expected": { "result": "acceptable", "ambiguity": "AMB-X", "readings": [
                { "result": "ok", "identity": null, "conversations": ["anon-1"] },
                { "result": "error", "reasons": ["bad-signature"], \(Self.anonymous) } ] } }
            """)])
        let vector = try #require(corpus.vectors.first)
        #expect(vector.role == .session)
        guard case .session(let session) = vector.body else {
            Issue.record("not a session vector")
            return
        }
        #expect(session.platform == .ios)
        #expect(session.history == [CustomerHistory(identity: .email("a@example.com"), conversations: ["h-1"])])
        #expect(session.steps.map(\.step.now) == [1_700_000_000, 1_700_000_060])
        #expect(session.steps[0].step.call == .isLoggedIn(.native(userEmail: "a@example.com", userId: nil)))
        guard case .acceptable(let ambiguity, let readings) = session.steps[1].expected else {
            Issue.record("step 2 is not acceptable")
            return
        }
        #expect(ambiguity == "AMB-X")
        #expect(readings.map(\.result) == [.ok, .error(reasons: [.badSignature])])
    }

    @Test(arguments: [
        (#"{ "call": "signIn", "expected": { "result": "ok", "identity": null, "conversations": [] } }"#, "unknown call \"signIn\""),
        (#"{ "call": "isLoggedIn", "idType": "email", "id": "x", "expected": { "result": "answer", "answer": true, "identity": null, "conversations": [] } }"#,
         "not the ios shape"),
        (#"{ "call": "logOut", "expected": { "result": "maybe", "identity": null, "conversations": [] } }"#, "unknown result \"maybe\""),
        (#"{ "call": "logOut", "expected": { "result": "acceptable", "ambiguity": "A", "readings": [] } }"#, "at least two readings"),
        (#"{ "call": "logOut", "expected": { "result": "ok", "identity": null } }"#, "missing required field \"conversations\""),
    ])
    func brokenStepsNameTheTestAndField(step: String, message: String) {
        let errors = LoaderErrorTests.loadingErrors(["session.json": Self.file(steps: step)])
        #expect(errors.count == 1)
        #expect(errors.first?.vectorID == "KUS-SES-001")
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test func stepsRoundTrip() throws {
        let request = SessionRequest(
            profile: "kustomer", platform: .web, keys: [VerificationKey(secret: "s")],
            history: [CustomerHistory(identity: .externalId("u-1"), conversations: ["c"])],
            steps: [
                SessionStep(.logIn(token: "a.b.c"), now: 1),
                SessionStep(.isLoggedIn(.web(email: nil, externalId: "u-1")), now: 2),
                SessionStep(.isLoggedIn(.reactNative(idType: "userId", id: "u-1")), now: 3),
                SessionStep(.login(externalId: "u-1", token: "a.b.c"), now: 4),
                SessionStep(.logOutThenLogIn(token: "t"), now: 5),
                SessionStep(.startConversation("c-2"), now: 6),
                SessionStep(.restart, now: 7), SessionStep(.logout, now: 8), SessionStep(.logOut, now: 9),
                SessionStep(.loginUser(token: "a.b.c"), now: 10), SessionStep(.logoutUser, now: 11),
                SessionStep(.boot(token: "a.b.c", settings: MessengerSettings(userId: "u-2")), now: 12),
                SessionStep(.update(token: nil, settings: MessengerSettings(email: "e@example.com")), now: 13),
                SessionStep(.update(token: "a.b.c", settings: MessengerSettings()), now: 14), SessionStep(.shutdown, now: 15),
            ]
        )
        for step in request.steps {
            #expect(try FieldReader(file: "step", value: JSONParser.parse(step.json.serialized())).sessionStep() == step)
        }
    }
}
