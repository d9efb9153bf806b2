import JWTConformance

/// The session state machine of one vendor SDK on one platform, as data: the calls it offers
/// (``SessionMove``), and what each call does to a session under each reading of the catalogue's
/// session ambiguities. Derived scripts (``SessionDerivation``) walk it; every expectation they
/// state comes from here, that is from the session rules and ambiguity readings, never from an
/// implementation.
struct SessionMachine {
    /// The two customers a derived script can log in as, and their backend history.
    let a: Identity
    let b: Identity
    let history: [CustomerHistory]
    let platform: SessionPlatform
    /// The vendor whose session rules the machine follows.
    let model: Model
    /// The calls available on this platform, in a fixed order.
    let moves: [SessionMove]
    /// The verified emails the backend pairs with users when a script starts (Zendesk messaging).
    var directory: [PairedEmail] = []

    /// The session models the machine knows, one per vendor with session vectors.
    enum Model {
        case kustomer, sunshine, zendeskMessaging, intercom
    }

    /// How many readings a session may follow for each ambiguity the machine consults: the
    /// catalogue's readings that can conform, in the catalogue's order.
    static let readingCounts: [String: Int] = [
        "AMB-KUS-SES-PRE-LOGIN-CHATS": 2, "AMB-KUS-SES-LOGOUT-ANONYMOUS": 2, "AMB-KUS-SES-RELOGIN-FAILURE": 2,
        "AMB-KUS-SES-RESTART": 2, "AMB-KUS-SES-QUERY-BOTH-NATIVE": 2, "AMB-KUS-SES-QUERY-BOTH-WEB": 3,
        "AMB-KUS-SES-QUERY-IDTYPE": 3, "AMB-KUS-EMAIL-FALLBACK": 2,
        "AMB-SUN-LOGIN-ARG-MISMATCH": 2, "AMB-SUN-SES-MERGE": 2, "AMB-SUN-SES-RESTART": 2, "AMB-SUN-SES-EXPIRED": 3,
        "AMB-ZD-SES-FAILED-LOGIN": 2, "AMB-ZD-SES-RELOGIN": 2, "AMB-ZD-SES-RESTART": 2, "AMB-ZD-SES-MERGE": 2,
        // AMB-IC-SETTINGS-MISMATCH's third reading (the settings win) never conforms.
        "AMB-IC-SETTINGS-MISMATCH": 2, "AMB-IC-SES-UPDATE": 2, "AMB-IC-SES-SWITCH": 2, "AMB-IC-SES-RESTART": 2,
    ]

    /// Seconds between two steps, and the wait of a `startConversationLater` step.
    static let tick: Int64 = 60
    static let longWait: Int64 = 7200
    /// The lifetime of a Sunshine login token (`exp` one hour after `iat`, as 004's sample with expiry).
    static let sunshineLifetime: Int64 = 3600

    static func kustomer(_ platform: SessionPlatform) -> SessionMachine {
        var moves: [SessionMove] = [.logInA, .logInB, .logInRefused, .logInEmptyEmail]
        if platform == .ios || platform == .reactNative { moves.append(.logOut) }
        if platform == .reactNative { moves += [.reLogInA, .reLogInB, .reLogInRefused] }
        moves += [.start, .restart, .queryA, .queryB]
        moves.append(platform == .reactNative ? .queryIdType : .queryBoth)
        return SessionMachine(
            a: KustomerSessionCases.alice, b: Identity.externalId("user-2002"),
            history: [
                CustomerHistory(identity: KustomerSessionCases.alice, conversations: ["alice-web"]),
                CustomerHistory(identity: .externalId("user-2002"), conversations: ["user-2002-web"]),
            ],
            platform: platform, model: .kustomer, moves: moves)
    }

    static func sunshine(_ platform: SessionPlatform) -> SessionMachine {
        SessionMachine(
            a: SunshineSessionCases.user1001, b: SunshineSessionCases.user2002,
            history: [
                CustomerHistory(identity: SunshineSessionCases.user1001, conversations: ["user-1001-web"]),
                CustomerHistory(identity: SunshineSessionCases.user2002, conversations: ["user-2002-web"]),
            ],
            platform: platform, model: .sunshine,
            moves: [.loginA, .loginB, .loginRefused, .loginMismatch, .logout, .start, .startLater, .restart])
    }

    /// Zendesk messaging on iOS and Android: `loginUser(jwt)`, `logoutUser()`, and a directory
    /// that pairs A's verified email with A, so that B's token carrying it is a conflict.
    static func zendeskMessaging(_ platform: SessionPlatform) -> SessionMachine {
        let a = ZendeskMessagingSessionCases.user1001
        let b = ZendeskMessagingSessionCases.user2002
        return SessionMachine(
            a: a, b: b,
            history: [
                CustomerHistory(identity: a, conversations: ["user-1001-web"]),
                CustomerHistory(identity: b, conversations: ["user-2002-web"]),
            ],
            platform: platform, model: .zendeskMessaging,
            moves: [.loginUserA, .loginUserB, .loginUserRefused, .loginUserConflict, .logoutUser, .start, .restart],
            directory: [PairedEmail(email: ZendeskMessagingSessionCases.user1001Email, externalId: a.value)])
    }

    /// Intercom Messenger on the web: `boot` with `intercom_user_jwt` (and the settings' `user_id`),
    /// `update`, `shutdown`. A visitor's own conversations and updates are not modelled (no page
    /// found says what becomes of them), so those calls are unavailable while no one is booted.
    static func intercom(_ platform: SessionPlatform) -> SessionMachine {
        let a = IntercomSessionCases.user1001
        let b = IntercomSessionCases.user2002
        return SessionMachine(
            a: a, b: b,
            history: [
                CustomerHistory(identity: a, conversations: ["user-1001-web"]),
                CustomerHistory(identity: b, conversations: ["user-2002-web"]),
            ],
            platform: platform, model: .intercom,
            moves: [.bootA, .bootB, .bootRefused, .bootMismatch, .updateNoToken, .updateA, .shutdown, .start, .restart])
    }

    /// A fresh install.
    var fresh: MachineState {
        MachineState(who: nil, device: [], backend: Dictionary(uniqueKeysWithValues: history.map { ($0.identity, $0.conversations) }))
    }

    /// The node of the graph a state sits on: who is logged in, whether the device holds
    /// anonymous chats, whether the login's token has expired.
    func node(_ state: MachineState) -> MachineNode {
        MachineNode(
            who: state.who == nil ? "anonymous" : state.who == a ? "A" : "B", deviceChats: !state.device.isEmpty || !state.cookie.isEmpty,
            expired: state.expired)
    }

    /// The result of `move` on `state` at `now`, reading each ambiguity it consults from `readings`.
    /// Throws ``NeedsReading`` for an ambiguity `readings` does not assign.
    func apply(_ move: SessionMove, to state: MachineState, label: String, now: Int64, readings: [String: Int]) throws -> (SessionResult, MachineState) {
        func read(_ ambiguity: String) throws -> Int {
            guard let reading = readings[ambiguity] else { throw NeedsReading(ambiguity: ambiguity) }
            return reading
        }
        switch model {
        case .kustomer: return try kustomerStep(move, state, label: label, read: read)
        case .sunshine: return try sunshineStep(move, state, label: label, now: now, read: read)
        case .zendeskMessaging: return try zendeskStep(move, state, label: label, read: read)
        case .intercom: return try intercomStep(move, state, label: label, read: read)
        }
    }

    struct NeedsReading: Error {
        var ambiguity: String
    }

    /// The call is not modelled in this state: derived scripts never make it there.
    struct Unavailable: Error {}

    // MARK: - Kustomer (000–003)

    private func kustomerStep(_ move: SessionMove, _ state: MachineState, label: String, read: (String) throws -> Int) throws -> (SessionResult, MachineState) {
        switch move {
        case .logInA: return (.ok, try kustomerLogIn(a, state, read: read))
        case .logInB: return (.ok, try kustomerLogIn(b, state, read: read))
        case .logInRefused: return (.error(reasons: [.badSignature]), state)  // KUS-SES-FAILED-LOGIN
        case .logInEmptyEmail:
            // AMB-KUS-EMAIL-FALLBACK: refused like the verifier, or B's customer as by externalId alone.
            return try read("AMB-KUS-EMAIL-FALLBACK") == 0
                ? (.error(reasons: [.invalidClaimValue]), state) : (.ok, try kustomerLogIn(b, state, read: read))
        case .logOut: return (.ok, try kustomerLogOut(state, read: read))
        case .reLogInA: return (.ok, try kustomerLogIn(a, kustomerLogOut(state, read: read), read: read))  // KUS-SES-RELOGIN
        case .reLogInB: return (.ok, try kustomerLogIn(b, kustomerLogOut(state, read: read), read: read))
        case .reLogInRefused:
            let after = try read("AMB-KUS-SES-RELOGIN-FAILURE") == 0 ? state : try kustomerLogOut(state, read: read)
            return (.error(reasons: [.badSignature]), after)
        case .start: return (.ok, state.starting(label))
        case .restart:
            // KUS-SES-RESTART, KUS-SES-DEVICE-HISTORY: iOS and Android keep everything, React
            // Native an anonymous session; the rest is AMB-KUS-SES-RESTART.
            let documented = platform == .ios || platform == .android || (platform == .reactNative && state.who == nil)
            if documented || (state.who == nil && state.device.isEmpty) { return (.ok, state) }
            return (.ok, try read("AMB-KUS-SES-RESTART") == 0 ? state : state.anonymousAfresh)
        case .queryA: return (.answer(state.who == a), state)  // KUS-SES-ISLOGGEDIN
        case .queryB: return (.answer(state.who == b), state)
        case .queryBoth:
            if platform == .web {
                switch try read("AMB-KUS-SES-QUERY-BOTH-WEB") {
                case 0: return (.answer(state.who == a), state)
                case 1: return (.answer(false), state)  // A's email and B's id never name one customer
                default: return (.error(reasons: []), state)
                }
            }
            guard state.who == a else { return (.answer(false), state) }
            return (.answer(try read("AMB-KUS-SES-QUERY-BOTH-NATIVE") == 0), state)
        case .queryIdType:
            switch try read("AMB-KUS-SES-QUERY-IDTYPE") {
            case 0: return (.error(reasons: []), state)
            case 1: return (.answer(false), state)
            default: return (.answer(state.who == b), state)
            }
        default:
            preconditionFailure("\(move) is not a Kustomer call")
        }
    }

    /// KUS-SES-LOGIN, -SWITCH, -HISTORY; chats started anonymously: AMB-KUS-SES-PRE-LOGIN-CHATS.
    private func kustomerLogIn(_ customer: Identity, _ state: MachineState, read: (String) throws -> Int) throws -> MachineState {
        var after = state
        if state.who == nil, !state.device.isEmpty, try read("AMB-KUS-SES-PRE-LOGIN-CHATS") == 1 {
            after.backend[customer, default: []] += state.device
        }
        after.device = []
        after.who = customer
        return after
    }

    /// KUS-SES-LOGOUT; while anonymous with chats on the device: AMB-KUS-SES-LOGOUT-ANONYMOUS.
    private func kustomerLogOut(_ state: MachineState, read: (String) throws -> Int) throws -> MachineState {
        if state.who == nil, !state.device.isEmpty, try read("AMB-KUS-SES-LOGOUT-ANONYMOUS") == 0 { return state }
        return state.anonymousAfresh
    }

    // MARK: - Sunshine Conversations (004)

    private func sunshineStep(_ move: SessionMove, _ state: MachineState, label: String, now: Int64, read: (String) throws -> Int) throws -> (SessionResult, MachineState) {
        var state = state
        // SUN-SES-EXPIRY: a call made once the login's exp has passed.
        var refusesRequests = false
        if state.who != nil, let expires = state.expires, now >= expires {
            switch try read("AMB-SUN-SES-EXPIRED") {
            case 0: state.expired = true
            case 1: state = state.anonymousAfresh
            default:
                state.expired = true
                refusesRequests = true
            }
        }
        switch move {
        case .loginA: return (.ok, try sunshineLogIn(a, state, now: now, read: read))
        case .loginB: return (.ok, try sunshineLogIn(b, state, now: now, read: read))
        case .loginRefused: return (.error(reasons: [.badSignature]), state)  // SUN-SES-FAILED-LOGIN
        case .loginMismatch:
            // SUN-SES-EXTERNALID-MATCH, AMB-SUN-LOGIN-ARG-MISMATCH: fails, or the token's user (B).
            return try read("AMB-SUN-LOGIN-ARG-MISMATCH") == 0
                ? (.error(reasons: []), state) : (.ok, try sunshineLogIn(b, state, now: now, read: read))
        case .logout: return (.ok, state.anonymousAfresh)  // SUN-SES-LOGOUT
        case .start, .startLater:
            return refusesRequests ? (.error(reasons: [.expired]), state) : (.ok, state.starting(label))
        case .restart:
            // SUN-SES-DEVICE-HISTORY and SUN-SES-LOGOUT survive; a login: AMB-SUN-SES-RESTART.
            guard state.who != nil else { return (.ok, state) }
            return (.ok, try read("AMB-SUN-SES-RESTART") == 0 ? state : state.anonymousAfresh)
        default:
            preconditionFailure("\(move) is not a Sunshine call")
        }
    }

    /// SUN-SES-LOGIN, -SWITCH; a chat started anonymously joins a user who has one or not
    /// (AMB-SUN-SES-MERGE; both customers of the machine have a conversation on the backend).
    private func sunshineLogIn(_ user: Identity, _ state: MachineState, now: Int64, read: (String) throws -> Int) throws -> MachineState {
        var after = state
        if state.who == nil, !state.device.isEmpty {
            let merges = try state.backend[user, default: []].isEmpty || read("AMB-SUN-SES-MERGE") == 0
            if merges {
                after.backend[user, default: []] += state.device
            }
        }
        after.device = []
        after.who = user
        after.expires = now + Self.sunshineLifetime
        after.expired = false
        return after
    }

    // MARK: - Zendesk messaging (docs/research/zendesk-intercom.md § 1.2)

    private func zendeskStep(_ move: SessionMove, _ state: MachineState, label: String, read: (String) throws -> Int) throws -> (SessionResult, MachineState) {
        switch move {
        case .loginUserA: return try zendeskLogIn(a, state, read: read)
        case .loginUserB: return try zendeskLogIn(b, state, read: read)
        case .loginUserRefused:
            // ZDM-SES-LOGIN: the refused token's user never logs in; AMB-ZD-SES-FAILED-LOGIN: nothing
            // changes, or the SDK falls back to a new unauthenticated user.
            return (.error(reasons: [.badSignature]), try read("AMB-ZD-SES-FAILED-LOGIN") == 0 ? state : state.anonymousAfresh)
        case .loginUserConflict:
            // ZDM-SES-EMAIL-CONFLICT: B's token carries A's verified email, which the directory pairs
            // with A: HTTP 409, nothing changes. While another user is logged in, a login that fails
            // until logoutUser (AMB-ZD-SES-RELOGIN reading 2) fails before the backend is asked.
            if let who = state.who, who != b, try read("AMB-ZD-SES-RELOGIN") == 1 { return (.error(reasons: []), state) }
            return (.conflict, state)
        case .logoutUser: return (.ok, state.anonymousAfresh)  // ZDM-SES-LOGOUT, the anonymous user's chats included
        case .start: return (.ok, state.starting(label))  // ZDM-SES-CONVERSATIONS
        case .restart:
            // ZDM-SES-CONVERSATIONS: the anonymous user stays until logoutUser; a login: AMB-ZD-SES-RESTART.
            return (.ok, try restarted(state, ambiguity: "AMB-ZD-SES-RESTART", read: read))
        default:
            preconditionFailure("\(move) is not a Zendesk messaging call")
        }
    }

    /// ZDM-SES-LOGIN; as another user while one is logged in: AMB-ZD-SES-RELOGIN; with chats
    /// started anonymously: AMB-ZD-SES-MERGE (both customers of the machine have a conversation).
    private func zendeskLogIn(_ user: Identity, _ state: MachineState, read: (String) throws -> Int) throws -> (SessionResult, MachineState) {
        if let who = state.who, who != user, try read("AMB-ZD-SES-RELOGIN") == 1 { return (.error(reasons: []), state) }
        var after = state
        if state.who == nil, !state.device.isEmpty, try read("AMB-ZD-SES-MERGE") == 0 {
            after.backend[user, default: []] += state.device
        }
        after.device = []
        after.who = user
        return (.ok, after)
    }
}

extension SessionMachine {
    /// The state after an app restart for a vendor whose anonymous session survives it and whose
    /// logged-in session follows the reading of `ambiguity`: 0, it survives; otherwise the app
    /// starts afresh, anonymous.
    fileprivate func restarted(_ state: MachineState, ambiguity: String, read: (String) throws -> Int) throws -> MachineState {
        guard state.who != nil else { return state }
        return try read(ambiguity) == 0 ? state : state.anonymousAfresh
    }
}

// MARK: - Intercom Messenger, web (docs/research/zendesk-intercom.md § 2.2)

extension SessionMachine {
    fileprivate func intercomStep(_ move: SessionMove, _ state: MachineState, label: String, read: (String) throws -> Int) throws -> (SessionResult, MachineState) {
        switch move {
        case .bootA: return try intercomBoot(a, state, read: read)
        case .bootB: return try intercomBoot(b, state, read: read)
        case .bootRefused: return (.error(reasons: [.badSignature]), state)  // ICM-SES-BOOT
        case .bootMismatch:
            // ICM-SES-MISMATCH, AMB-IC-SETTINGS-MISMATCH: A's token beside settings user_id B fails,
            // or the token's user boots; never B.
            return try read("AMB-IC-SETTINGS-MISMATCH") == 0 ? (.error(reasons: []), state) : try intercomBoot(a, state, read: read)
        case .updateNoToken:
            // ICM-SES-UPDATE, AMB-IC-SES-UPDATE: refused (HTTP 403) or riding on the session; never another user.
            guard state.who != nil else { throw Unavailable() }
            return (try read("AMB-IC-SES-UPDATE") == 0 ? .error(reasons: []) : .ok, state)
        case .updateA:
            guard state.who == a else { throw Unavailable() }
            return (.ok, state)  // ICM-SES-UPDATE: a fresh token for the booted user
        case .shutdown: return (.ok, state.anonymousAfresh)  // ICM-SES-SHUTDOWN
        case .start:
            guard state.who != nil else { throw Unavailable() }
            return (.ok, state.starting(label))
        case .restart:
            // AMB-IC-SES-RESTART: the booted user survives (the cookie), or a visitor with nothing.
            return (.ok, try restarted(state, ambiguity: "AMB-IC-SES-RESTART", read: read))
        default:
            preconditionFailure("\(move) is not an Intercom call")
        }
    }

    /// ICM-SES-BOOT; as another user without a shutdown: AMB-IC-SES-SWITCH (a clean switch, or
    /// the previous user's conversations still visible through the cookie).
    private func intercomBoot(_ user: Identity, _ state: MachineState, read: (String) throws -> Int) throws -> (SessionResult, MachineState) {
        guard state.who != user else { return (.ok, state) }
        var after = state
        after.cookie = []
        if state.who != nil, try read("AMB-IC-SES-SWITCH") == 1 { after.cookie = state.visible.conversations }
        after.who = user
        return (.ok, after)
    }
}

/// A call of the state machine, with the token it carries.
enum SessionMove: String, CaseIterable {
    case logInA = "logIn(A)", logInB = "logIn(B)", logInRefused = "logIn(refused)", logInEmptyEmail = "logIn(empty email, B)"
    case logOut = "logOut", reLogInA = "logOutThenLogIn(A)", reLogInB = "logOutThenLogIn(B)", reLogInRefused = "logOutThenLogIn(refused)"
    case loginA = "login(A)", loginB = "login(B)", loginRefused = "login(B, refused)", loginMismatch = "login(A, token of B)"
    case logout = "logout", start = "startConversation", startLater = "startConversation 2 h later", restart = "restart"
    case queryA = "isLoggedIn(A)", queryB = "isLoggedIn(B)", queryBoth = "isLoggedIn(A's email, B's id)"
    case queryIdType = "isLoggedIn(\"externalId\", B)"
    case loginUserA = "loginUser(A)", loginUserB = "loginUser(B)", loginUserRefused = "loginUser(B, refused)"
    case loginUserConflict = "loginUser(B with A's verified email)", logoutUser = "logoutUser"
    case bootA = "boot(A)", bootB = "boot(B)", bootRefused = "boot(B, refused)", bootMismatch = "boot(A's token, settings user_id B)"
    case updateNoToken = "update(no token)", updateA = "update(A's fresh token)", shutdown = "shutdown"

    /// Whether the clock jumps past every token's `exp` before the call.
    var waitsLong: Bool { self == .startLater }
}

/// The session as the machine tracks it under one assignment of readings.
struct MachineState: Hashable {
    var who: Identity?
    /// Conversations started anonymously on this device and linked to no customer.
    var device: [String]
    /// Each customer's conversations on the vendor's backend.
    var backend: [Identity: [String]]
    /// Sunshine: the `exp` of the token the current login used.
    var expires: Int64?
    /// Sunshine: a call was made after `expires` and the login lasted (AMB-SUN-SES-EXPIRED 1 or 3).
    var expired = false
    /// Intercom: conversations of an earlier user the Messenger's cookie still shows (AMB-IC-SES-SWITCH 2).
    var cookie: [String] = []

    /// What the customer sees.
    var visible: SessionState {
        SessionState(identity: who, conversations: who.map { (backend[$0] ?? []) + cookie } ?? device)
    }

    /// A fresh anonymous session on the same backend: nothing on the device.
    var anonymousAfresh: MachineState {
        MachineState(who: nil, device: [], backend: backend)
    }

    func starting(_ label: String) -> MachineState {
        var after = self
        if let who { after.backend[who, default: []].append(label) } else { after.device.append(label) }
        return after
    }
}

/// A node of the machine's graph.
struct MachineNode: Hashable, CustomStringConvertible {
    var who: String
    var deviceChats: Bool
    var expired: Bool

    var description: String {
        who + (who == "anonymous" ? (deviceChats ? " with device chats" : ", nothing on the device") : deviceChats ? " with an earlier user's chats" : "")
            + (expired ? " (token expired)" : "")
    }
}
