import JWTConformance
import Testing

/// Deliberately wrong session models: the reference with one defect each. The suite must catch
/// every one, and with the vectors written for it.
@Suite("Wrong session models")
struct SessionWrongModelTests {
    @Test(arguments: DefectiveSession.Defect.allCases)
    func theSuiteCatchesTheDefect(_ defect: DefectiveSession.Defect) async throws {
        let corpus = try SessionCorpusTests.corpus.get()
        let profiles = corpus.profiles
        let driver = SessionModelDriver { request in
            guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("unknown profile") }
            return DefectiveSession(defect: defect, profile: profile, request: request)
        }
        let implementation = Implementation(
            metadata: ImplementationMetadata(name: "defective \(defect)", version: "0", language: "Swift"),
            profiles: Set(profiles.keys), session: driver
        )
        let results = await ConformanceRunner(corpus: corpus).run(SessionCorpusTests.vectors, against: implementation)
        let failed = Dictionary(uniqueKeysWithValues: results.compactMap { result -> (VectorID, Failure)? in
            if case .failed(let failure) = result.outcome { (result.id, failure) } else { nil }
        })
        #expect(!results.contains { if case .error = $0.outcome { true } else { false } })
        for (id, kind) in defect.caughtBy {
            #expect(failed[id]?.kind == kind, "\(defect) at \(id): \(failed[id].map(\.description) ?? "passed")")
        }
    }
}

/// The reference session model with one defect.
struct DefectiveSession: SessionModel {
    enum Defect: String, CaseIterable, CustomTestStringConvertible {
        /// After a login whose token had both claims, `isLoggedIn` by its externalId answers true.
        case externalIdAlsoLoggedIn
        /// A failed login reports the attempted customer as logged in (sunshine-conversations-android #177).
        case switchesOnFailedLogin
        /// Logging in as another customer still shows the previous customer's conversations.
        case leaksPreviousCustomersChats
        /// Sunshine `login(externalId, jwt)` trusts the argument when the token names someone else.
        case argumentWins
        /// The session ends once the token's iat window has passed.
        case expiresWithToken
        /// An app restart forgets everything.
        case forgetsOnRestart
        /// The first login hides the anonymous chats it nevertheless links, so a later login shows them.
        case inconsistentPreLoginChats
        /// An anonymous chat, a login, a logout: the logout shows the chats started before the login again.
        case logOutRestoresPreLoginChats
        /// Login as A, then as B, then a restart: the restart brings back the first login (stored once).
        case restartRestoresFirstLogin
        /// A logout, an anonymous chat, a restart: chats started after a logout are not persisted.
        case forgetsChatsAfterLogout
        /// Web `isLoggedIn({email, externalId})`: true when either key names the customer.
        case isLoggedInEitherKey
        /// A Sunshine step long after its login: the login ends at `exp` but the user's conversations stay visible.
        case keepsConversationsAfterExpiry
        /// Zendesk messaging: a login the backend refuses with HTTP 409 (its verified email is paired
        /// with another user) logs the token's user in anyway.
        case ignoresEmailConflict
        /// Zendesk messaging: a 409 conflict also logs out and clears the device (a refused login must change nothing).
        case conflictLogsOut
        /// Intercom: a boot whose settings `user_id` is not the token's logs in the settings' user.
        case settingsUserIdWins
        /// Intercom: `shutdown` leaves the user's conversations visible to the visitor.
        case shutdownKeepsConversations

        var testDescription: String { rawValue }


        /// Vectors that must fail, with the kind of failure.
        var caughtBy: [(VectorID, Failure.Kind)] {
            switch self {
            case .externalIdAlsoLoggedIn: [("KUS-SES-004", .wrongVerdict), ("KUS-SES-072", .wrongVerdict)]
            case .switchesOnFailedLogin: [("KUS-SES-011", .wrongIdentity), ("KUS-SES-027", .wrongIdentity), ("SUN-SES-004", .wrongIdentity)]
            case .leaksPreviousCustomersChats: [("KUS-SES-007", .wrongIdentity), ("SUN-SES-008", .wrongIdentity)]
            case .argumentWins: [("SUN-SES-006", .wrongVerdict), ("SUN-SES-007", .wrongVerdict)]
            case .expiresWithToken: [("KUS-SES-006", .wrongVerdict), ("KUS-SES-012", .wrongIdentity)]
            case .forgetsOnRestart: [("KUS-SES-012", .wrongIdentity), ("KUS-SES-013", .wrongIdentity), ("SUN-SES-002", .wrongIdentity)]
            case .inconsistentPreLoginChats: [("KUS-SES-009", .wrongIdentity)]
            // The sequence bugs: the derived scripts that start with the sequence (SessionDerivation.requiredSequences);
            // a derived id is a hash of the script's path. No hand-written Kustomer vector catches these.
            case .logOutRestoresPreLoginChats: [("KUS-SES-14435156", .wrongIdentity), ("KUS-SES-46874508", .wrongIdentity)]
            case .restartRestoresFirstLogin:
                [("KUS-SES-10001992", .wrongIdentity), ("KUS-SES-20840246", .wrongIdentity),
                 ("KUS-SES-31505398", .wrongIdentity), ("KUS-SES-43827378", .wrongIdentity)]
            case .forgetsChatsAfterLogout:
                [("KUS-SES-14391685", .wrongIdentity), ("KUS-SES-49193357", .wrongIdentity),
                 ("SUN-SES-32126537", .wrongIdentity), ("SUN-SES-16759818", .wrongIdentity), ("SUN-SES-28010748", .wrongIdentity)]
            case .isLoggedInEitherKey: [("KUS-SES-39746170", .wrongVerdict)]
            case .keepsConversationsAfterExpiry:
                [("SUN-SES-37272396", .wrongIdentity), ("SUN-SES-17372917", .wrongIdentity), ("SUN-SES-20434195", .wrongIdentity)]
            // The hand-written pairing scripts (iOS, Android) and a derived script that starts with the conflict.
            case .ignoresEmailConflict:
                [("ZDM-SES-001", .wrongVerdict), ("ZDM-SES-003", .wrongVerdict), ("ZDM-SES-17510278", .wrongVerdict)]
            // Derived scripts whose conflict comes after an anonymous chat or a login (ios, android).
            case .conflictLogsOut:
                [("ZDM-SES-17183806", .wrongIdentity), ("ZDM-SES-10983687", .wrongIdentity), ("ZDM-SES-21780628", .wrongIdentity)]
            // The derived scripts that follow AMB-IC-SETTINGS-MISMATCH: neither reading lets the settings win.
            case .settingsUserIdWins:
                [("ICM-SES-39066087", .wrongVerdict), ("ICM-SES-36694604", .wrongVerdict), ("ICM-SES-33754942", .wrongVerdict)]
            // Derived scripts with a shutdown after a boot, in no ambiguity's context.
            case .shutdownKeepsConversations:
                [("ICM-SES-39634693", .wrongIdentity), ("ICM-SES-30831853", .wrongIdentity), ("ICM-SES-38820995", .wrongIdentity)]
            }
        }
    }

    let defect: Defect
    let profile: ProfileDefinition
    /// The first customer logged in since the last logout (restartRestoresFirstLogin).
    var firstLogin: Identity?
    var loggedOut = false
    /// The anonymous chats the last login from an anonymous session started with.
    var preLoginChats: [String] = []
    /// The `exp` of the token of the current login, and the conversations kept past it.
    var loginExpiry: UnixTime?
    var keptAfterExpiry: [String] = []
    let request: SessionRequest
    var reference: ReferenceSessionModel
    /// The identity reported instead of the real one.
    var impostor: Identity?
    var tokenExternalId: String?
    var loggedInAt: UnixTime?
    var leaked: [String] = []

    init(defect: Defect, profile: ProfileDefinition, request: SessionRequest) {
        self.defect = defect
        self.profile = profile
        self.request = request
        reference = ReferenceSessionModel(profile: profile, request: request)
    }

    mutating func perform(_ step: SessionStep) async -> SessionObservation {
        let before = reference.state
        if defect == .expiresWithToken, let at = loggedInAt, step.now - at > 900 {
            _ = await reference.perform(SessionStep(.logOut, now: step.now))
            loggedInAt = nil
        }
        if defect == .forgetsOnRestart, step.call == .restart {
            reference = ReferenceSessionModel(profile: profile, request: request)
        }
        if defect == .forgetsChatsAfterLogout, step.call == .restart, loggedOut {
            _ = await reference.perform(SessionStep(.logOut, now: step.now))
        }
        if defect == .keepsConversationsAfterExpiry, let expiry = loginExpiry, step.now >= expiry, before.identity != nil {
            keptAfterExpiry = before.conversations
            loginExpiry = nil
            _ = await reference.perform(SessionStep(.logout, now: step.now))
        }
        var observation = await reference.perform(step)
        let token: String? =
            switch step.call {
            case .logIn(let token), .logOutThenLogIn(let token), .login(_, let token): token
            default: nil
            }
        switch (step.call, observation.outcome) {
        case (.logIn, .ok), (.logOutThenLogIn, .ok), (.login, .ok):
            impostor = nil
            loggedInAt = step.now
            tokenExternalId = token.flatMap { try? CompactJWS.decode($0).payload["externalId"]?.stringValue }
            if before.identity != nil, before.identity != observation.state.identity { leaked = before.conversations }
            if defect == .inconsistentPreLoginChats, before.identity == nil {
                observation.state.conversations.removeAll { before.conversations.contains($0) }
            }
            if before.identity == nil { preLoginChats = before.conversations }
            if firstLogin == nil { firstLogin = observation.state.identity }
            loggedOut = false
            keptAfterExpiry = []
            loginExpiry = token.flatMap { try? CompactJWS.decode($0).payload["exp"]?.numberValue?.int64Value }
        case (.login(let argument, _), .error(nil)) where defect == .argumentWins:
            impostor = .externalId(argument)
            observation.outcome = .ok
        case (.login(let argument, _), .error):
            if defect == .switchesOnFailedLogin { impostor = .externalId(argument) }
        case (.logIn, .error), (.logOutThenLogIn, .error):
            if defect == .switchesOnFailedLogin, let token, let payload = try? CompactJWS.decode(token).payload {
                impostor = payload["email"]?.stringValue.map(Identity.email) ?? payload["externalId"]?.stringValue.map(Identity.externalId)
            }
        case (.loginUser(let token), .conflict) where defect == .ignoresEmailConflict:
            observation.outcome = .ok
            impostor = (try? CompactJWS.decode(token).payload["external_id"]?.stringValue).map(Identity.externalId)
        case (.loginUser, .conflict) where defect == .conflictLogsOut:
            _ = await reference.perform(SessionStep(.logoutUser, now: step.now))
            observation.state = reference.state
        case (.boot(_, let settings), .error(nil)) where defect == .settingsUserIdWins:
            if let userId = settings.userId {
                impostor = .externalId(userId)
                observation.outcome = .ok
            }
        case (.shutdown, _) where defect == .shutdownKeepsConversations:
            observation.state = SessionState(identity: nil, conversations: before.conversations)
        case (.logOut, _), (.logout, _), (.logoutUser, _), (.shutdown, _):
            impostor = nil
            tokenExternalId = nil
            leaked = []
            if defect == .logOutRestoresPreLoginChats, before.identity != nil {
                observation.state = SessionState(identity: nil, conversations: observation.state.conversations + preLoginChats)
            }
            preLoginChats = []
            firstLogin = nil
            loggedOut = true
            keptAfterExpiry = []
            loginExpiry = nil
        case (.restart, _) where defect == .restartRestoresFirstLogin:
            if let firstLogin, firstLogin != observation.state.identity { impostor = firstLogin }
        case (.isLoggedIn(.web(let email?, let externalId?)), _) where defect == .isLoggedInEitherKey:
            observation.outcome = .answer(before.identity == .email(email) || before.identity == .externalId(externalId))
        case (.isLoggedIn(let query), .answer) where defect == .externalIdAlsoLoggedIn:
            if let tokenExternalId, query.externalId == tokenExternalId { observation.outcome = .answer(true) }
        default:
            break
        }
        if let impostor { observation.state.identity = impostor }
        if !keptAfterExpiry.isEmpty {
            observation.state = SessionState(identity: observation.state.identity, conversations: observation.state.conversations + keptAfterExpiry)
        }
        if defect == .leaksPreviousCustomersChats, !leaked.isEmpty {
            observation.state = SessionState(identity: observation.state.identity, conversations: observation.state.conversations + leaked)
        }
        return observation
    }
}

extension IsLoggedInQuery {
    /// The external id the query asks about, if it asks by external id alone.
    var externalId: String? {
        switch self {
        case .native(nil, let userId?): userId
        case .web(nil, let externalId?): externalId
        case .reactNative("userId", let id): id
        default: nil
        }
    }
}
