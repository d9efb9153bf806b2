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
