import JWTConformance
import Testing

/// The session judge: outcomes, states, reasons, and one reading per ambiguity.
@Suite("Session judge")
struct SessionJudgeTests {
    static let alice = Identity.email("alice@example.com")
    static let loggedIn = SessionState(identity: alice, conversations: ["a-1"])

    static func step(_ call: SessionCall, _ expected: SessionStepExpectation) -> ScriptedStep {
        ScriptedStep(SessionStep(call, now: 1_700_000_000), expected: expected)
    }

    static func session(_ steps: [ScriptedStep]) -> SessionCase {
        SessionCase(platform: .ios, keys: [VerificationKey(secret: "s")], history: [], steps: steps)
    }

    static let ambiguous = SessionStepExpectation.acceptable(ambiguity: "AMB-X", readings: [
        ExpectedObservation(result: .ok, state: SessionState(identity: alice, conversations: [])),
        ExpectedObservation(result: .ok, state: SessionState(identity: alice, conversations: ["anon-1"])),
    ])

    /// Conversation labels compare byte for byte, like identities: "é" and "e\u0301" are two labels.
    @Test func canonicallyEquivalentConversationLabelsDiffer() {
        let precomposed = SessionState(identity: Self.alice, conversations: ["\u{E9}"])
        let decomposed = SessionState(identity: Self.alice, conversations: ["e\u{301}"])
        #expect(precomposed != decomposed)
        #expect(Set([precomposed, decomposed]).count == 2)
        #expect(SessionState(identity: nil, conversations: ["\u{E9}", "e\u{301}", "\u{E9}"]).conversations.count == 2)
        let session = Self.session([Self.step(.logIn(token: "t"), .exact(ExpectedObservation(result: .ok, state: precomposed)))])
        #expect(SessionJudge().failure(of: [SessionObservation(outcome: .ok, state: decomposed)], against: session)?.kind == .wrongIdentity)
    }

    @Test func matchingObservationsPass() {
        let session = Self.session([
            Self.step(.logIn(token: "t"), .exact(ExpectedObservation(result: .ok, state: Self.loggedIn))),
            Self.step(.isLoggedIn(.native(userEmail: "alice@example.com", userId: nil)),
                      .exact(ExpectedObservation(result: .answer(true), state: Self.loggedIn))),
        ])
        let observations = [
            SessionObservation(outcome: .ok, state: Self.loggedIn),
            SessionObservation(outcome: .answer(true), state: Self.loggedIn),
        ]
        #expect(SessionJudge().failure(of: observations, against: session) == nil)
    }

    @Test func conversationsCompareAsASet() {
        let expected = ExpectedObservation(result: .ok, state: SessionState(identity: nil, conversations: ["b", "a"]))
        #expect(expected.isMatched(by: SessionObservation(outcome: .ok, identity: nil, conversations: ["a", "b", "a"])))
    }

    @Test func aWrongAnswerIsAWrongVerdictAndAWrongStateAWrongIdentity() {
        let session = Self.session([
            Self.step(.isLoggedIn(.native(userEmail: nil, userId: "user-1")),
                      .exact(ExpectedObservation(result: .answer(false), state: .anonymous))),
        ])
        let wrongAnswer = SessionJudge().failure(of: [SessionObservation(outcome: .answer(true), state: .anonymous)], against: session)
        #expect(wrongAnswer?.kind == .wrongVerdict)
        let wrongState = SessionJudge().failure(of: [SessionObservation(outcome: .answer(false), state: Self.loggedIn)], against: session)
        #expect(wrongState?.kind == .wrongIdentity)
    }

    @Test(arguments: [
        (RejectionReason?.some(.badSignature), Failure.Kind?.none),
        (.none, .none),
        (.some(.expired), .some(.reasonMismatch)),
    ])
    func errorReasons(reported: RejectionReason?, failure: Failure.Kind?) {
        let session = Self.session([
            Self.step(.logIn(token: "t"), .exact(ExpectedObservation(result: .error(reasons: [.badSignature]), state: .anonymous))),
        ])
        #expect(SessionJudge().failure(of: [SessionObservation(outcome: .error(reported), state: .anonymous)], against: session)?.kind == failure)
    }

    @Test func anyReadingPassesOnce() {
        for conversations in [[], ["anon-1"]] {
            let session = Self.session([Self.step(.logIn(token: "t"), Self.ambiguous)])
            let observation = SessionObservation(outcome: .ok, identity: Self.alice, conversations: conversations)
            #expect(SessionJudge().failure(of: [observation], against: session) == nil)
        }
    }

    @Test func switchingReadingsWithinAVectorFails() {
        let session = Self.session([Self.step(.logIn(token: "t"), Self.ambiguous), Self.step(.logIn(token: "t"), Self.ambiguous)])
        let cleared = SessionObservation(outcome: .ok, identity: Self.alice, conversations: [])
        let kept = SessionObservation(outcome: .ok, identity: Self.alice, conversations: ["anon-1"])
        #expect(SessionJudge().failure(of: [kept, kept], against: session) == nil)
        let failure = SessionJudge().failure(of: [cleared, kept], against: session)
        #expect(failure != nil)
        #expect(failure?.expected.contains("as followed at step 1") == true)
    }

    @Test func everyDeviationIsListed() {
        let expected = SessionStepExpectation.exact(ExpectedObservation(result: .ok, state: .anonymous))
        let session = Self.session([Self.step(.logOut, expected), Self.step(.logOut, expected)])
        let wrong = SessionObservation(outcome: .ok, state: Self.loggedIn)
        let failure = SessionJudge().failure(of: [wrong, wrong], against: session)
        #expect(failure?.expected.hasPrefix("step 1 logOut()") == true)
        #expect(failure?.details.count == 2)
    }

    @Test func theRunnerReportsAMissingObservationAsAnError() async {
        struct Silent: SessionDriver {
            func run(_ request: SessionRequest) async throws -> [SessionObservation] { [] }
        }
        struct Declining: SessionDriver {
            func run(_ request: SessionRequest) async throws -> [SessionObservation] {
                throw ImplementationUnsupported("no Android model")
            }
        }
        let vector = ConformanceVector(
            id: "KUS-SES-999", description: "d", profile: "kustomer", category: .session, rules: [], sources: [], flags: [],
            file: "f", body: .session(Self.session([Self.step(.logOut, .exact(ExpectedObservation(result: .ok, state: .anonymous)))]))
        )
        let runner = ConformanceRunner(profiles: [:])
        let metadata = ImplementationMetadata(name: "t", version: "0", language: "Swift")
        let silent = await runner.run(vector, against: Implementation(metadata: metadata, profiles: ["kustomer"], session: Silent()))
        #expect(silent.outcome == .error("the session returned 0 observations for 1 steps"))
        let declining = await runner.run(vector, against: Implementation(metadata: metadata, profiles: ["kustomer"], session: Declining()))
        #expect(declining.outcome == .skipped("no Android model"))
        let verifierOnly = await runner.run(vector, against: Implementation(metadata: metadata, profiles: ["kustomer"]))
        #expect(verifierOnly.outcome == .notApplicable)
    }
}
