import JWTConformance
import JWTConformanceTesting
import Testing

/// The committed session vectors: the reference session model passes every one, and together
/// they cover every call, every `isLoggedIn` shape, every refusal reason and every documented
/// disagreement.
@Suite("Session corpus")
struct SessionCorpusTests {
    static let corpus = Result { try Corpus.bundled(environment: [:]) }
    static let vectors: [ConformanceVector] = ((try? corpus.get())?.vectors ?? []).filter { $0.role == .session }

    static func sessions(_ profile: ProfileID) -> [SessionCase] {
        vectors.filter { $0.profile == profile }.compactMap {
            if case .session(let session) = $0.body { session } else { nil }
        }
    }

    @Test(arguments: vectors)
    func theReferencePasses(_ vector: ConformanceVector) async throws {
        let profiles = try Self.corpus.get().profiles
        let result = await check(vector, against: .reference(profiles: profiles), profiles: profiles)
        #expect(result.outcome == .passed)
    }

    @Test func bothVendorsHaveSessionVectors() {
        #expect(Self.sessions("kustomer").count >= 60)
        #expect(Self.sessions("sunshine").count >= 20)
    }

    @Test func everyCallAndPlatformIsCovered() {
        func names(_ profile: ProfileID) -> Set<String> {
            Set(Self.sessions(profile).flatMap { $0.steps.map(\.step.call.name) })
        }
        #expect(names("kustomer") == ["logIn", "logOut", "logOutThenLogIn", "isLoggedIn", "startConversation", "restart"])
        #expect(names("sunshine") == ["login", "logout", "startConversation", "restart"])
        #expect(Set(Self.sessions("kustomer").map(\.platform)) == Set(SessionPlatform.allCases))
        #expect(Set(Self.sessions("sunshine").map(\.platform)) == [.web, .ios, .android])
    }

    @Test func everyIsLoggedInShapeIsCovered() {
        let queries = Self.sessions("kustomer").flatMap(\.steps).compactMap { step -> IsLoggedInQuery? in
            if case .isLoggedIn(let query) = step.step.call { query } else { nil }
        }
        let shapes: [(String, (IsLoggedInQuery) -> Bool)] = [
            ("native email", { if case .native(_?, nil) = $0 { true } else { false } }),
            ("native userId", { if case .native(nil, _?) = $0 { true } else { false } }),
            ("native both", { if case .native(_?, _?) = $0 { true } else { false } }),
            ("native neither", { if case .native(nil, nil) = $0 { true } else { false } }),
            ("web email", { if case .web(_?, nil) = $0 { true } else { false } }),
            ("web externalId", { if case .web(nil, _?) = $0 { true } else { false } }),
            ("web both", { if case .web(_?, _?) = $0 { true } else { false } }),
            ("web neither", { if case .web(nil, nil) = $0 { true } else { false } }),
            ("react-native email", { if case .reactNative("email", _) = $0 { true } else { false } }),
            ("react-native userId", { if case .reactNative("userId", _) = $0 { true } else { false } }),
            ("react-native other idType", {
                if case .reactNative(let idType, _) = $0 { idType != "email" && idType != "userId" } else { false }
            }),
        ]
        for (name, matches) in shapes {
            #expect(queries.contains(where: matches), "no isLoggedIn \(name)")
        }
    }

    @Test(arguments: ["kustomer", "sunshine"] as [ProfileID])
    func everyRefusalReasonLeavesTheSessionUnchanged(_ profile: ProfileID) throws {
        let definition = try #require(try Self.corpus.get().profiles[profile])
        var covered: Set<RejectionReason> = []
        for session in Self.sessions(profile) {
            for (index, scripted) in session.steps.enumerated() {
                guard case .exact(let expected) = scripted.expected, case .error(let reasons) = expected.result,
                    reasons.count == 1, index > 0, case .exact(let before) = session.steps[index - 1].expected,
                    before.state == expected.state, before.state.identity != nil
                else { continue }
                covered.insert(reasons[0])
            }
        }
        let producible = RejectionReason.allCases.filter { reason in
            switch reason {
            case .expired: definition.expiration.honoured
            case .notYetValid: definition.notBefore.honoured
            case .issuedAtOutOfWindow: definition.issuedAt != nil
            case .unknownKey: definition.header.keyIdRequired
            default: true
            }
        }
        #expect(Set(producible).subtracting(covered).isEmpty, "not covered: \(Set(producible).subtracting(covered))")
    }

    @Test func derivedScriptsHaveIdsFromTheirPlatformAndPath() {
        let digits: [SessionPlatform: Character] = [.ios: "1", .android: "2", .web: "3", .reactNative: "4"]
        var derived: [SessionPlatform: Int] = [:]
        for vector in Self.vectors {
            guard case .session(let session) = vector.body else { continue }
            let number = vector.id.rawValue.split(separator: "-").last ?? ""
            if vector.flags.contains("derived") {
                derived[session.platform, default: 0] += 1
                #expect(number.count == 8 && number.first == digits[session.platform], "\(vector.id) on \(session.platform)")
            } else {
                #expect(number.count == 3, "\(vector.id) is hand-written")
            }
        }
        #expect(Set(derived.keys) == Set(SessionPlatform.allCases))
    }

    /// AMB-KUS-EMAIL-FALLBACK binds sessions as it binds verifiers: a logIn with an empty email beside a
    /// valid externalId may fail (invalid-claim-value) or log in that externalId's customer, and KUS-SES-030
    /// refuses a token no reading accepts.
    @Test func anEmptyEmailIsOpenInSessionsAsForVerifiers() throws {
        let sessions = Self.vectors.filter { $0.profile == "kustomer" }
        let open = sessions.compactMap { vector -> SessionCase? in
            if case .session(let session) = vector.body { session } else { nil }
        }.flatMap(\.steps).compactMap { step -> [ExpectedObservation]? in
            guard case .logIn(let token) = step.step.call, (try? CompactJWS.decode(token).payload["email"]) == "" else { return nil }
            if case .acceptable("AMB-KUS-EMAIL-FALLBACK", let readings) = step.expected { return readings }
            return (try? CompactJWS.decode(token).payload["externalId"]) == "" ? nil : []
        }
        #expect(!open.isEmpty)
        for readings in open {
            #expect(readings.count == 2)
            #expect(readings.first?.result == .error(reasons: [.invalidClaimValue]))
            #expect(readings.last?.result == .ok && readings.last?.state.identity?.kind == .externalId)
        }
        let refused = try #require(sessions.first { $0.id == "KUS-SES-030" })
        guard case .session(let session) = refused.body, case .logIn(let token) = session.steps[2].step.call else {
            Issue.record("KUS-SES-030 has no refused logIn at step 3")
            return
        }
        let payload = try CompactJWS.decode(token).payload
        #expect(payload["email"] == "" && payload["externalId"] == "", "every identity claim empty: no reading accepts it")
    }

    /// SUN-SES-EXPIRY: every Sunshine platform has scripts that reach a step after the login token's exp,
    /// with the three readings of AMB-SUN-SES-EXPIRED, and none lets an anonymous session see the user's conversation.
    @Test func aSunshineStepLongAfterItsLogin() {
        var platforms: Set<SessionPlatform> = []
        for session in Self.sessions("sunshine") {
            for step in session.steps {
                guard case .acceptable("AMB-SUN-SES-EXPIRED", let readings) = step.expected else { continue }
                platforms.insert(session.platform)
                #expect(readings.count == 3)
                for reading in readings where reading.state.identity == nil {
                    #expect(!reading.state.conversations.contains { $0.hasPrefix("user-") }, "\(reading)")
                }
            }
        }
        #expect(platforms == [.web, .ios, .android])
    }

    @Test func everyAcceptableStepNamesACatalogueAmbiguity() throws {
        let catalogue = try #require(try Self.corpus.get().catalogue)
        for vector in Self.vectors {
            guard case .session(let session) = vector.body else { continue }
            for step in session.steps {
                guard case .acceptable(let id, let readings) = step.expected else { continue }
                let ambiguity = try #require(catalogue.ambiguity(id), "\(vector.id): unknown ambiguity \(id)")
                #expect(readings.count <= ambiguity.readings.count, "\(vector.id): more readings than \(id) lists")
                #expect(vector.flags.contains("vendor-ambiguity"), "\(vector.id) is acceptable but not flagged")
            }
        }
    }
}
