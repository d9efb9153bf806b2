import JWTConformance

/// Kustomer Chat session vectors: `logIn(jwt)`, `logOut`, `logOutThenLogIn(jwt)` and the three
/// shapes of `isLoggedIn`, on iOS, Android, web and React Native.
struct KustomerSessionCases {
    let tokens: SessionTokens
    let start: UnixTime

    static let alice = Identity.email("alice@example.com")
    static let bob = Identity.email("bob@example.com")
    static let user1001 = Identity.externalId("user-1001")
    static let user2002 = Identity.externalId("user-2002")

    /// The platforms in file order, with the documents that describe each.
    static let platforms: [(SessionPlatform, String)] = [
        (.ios, "Kustomer iOS SDK: logIn(jwt:), logOut, isLoggedIn(userEmail:userId:), keychain (000, 001)"),
        (.android, "Kustomer Android SDK: logIn, isLoggedIn(userEmail, userId) (001)"),
        (.web, "Kustomer web SDK: login({jwtToken}), isLoggedIn({email} | {externalId}) (002)"),
        (.reactNative, "Kustomer React Native / JS core: logIn, logOut, logOutThenLogIn, isLoggedIn(idType, id) (003)"),
    ]

    /// Every script of one platform, in id order.
    func scripts(for platform: SessionPlatform) -> [SessionScript] {
        var scripts = basics(platform) + switching(platform) + preLoginChats(platform) + failures(platform)
        scripts += restarts(platform) + isLoggedInShapes(platform)
        if platform == .ios || platform == .reactNative { scripts += loggingOut(platform) }
        if platform == .reactNative { scripts += reauthenticating() }
        if platform == .ios { scripts += everyRefusal() }
        return scripts
    }

    // MARK: - Queries and tokens

    /// `isLoggedIn` by email, in the platform's shape.
    func byEmail(_ email: String, _ platform: SessionPlatform) -> IsLoggedInQuery {
        switch platform {
        case .ios, .android: .native(userEmail: email, userId: nil)
        case .web: .web(email: email, externalId: nil)
        case .reactNative: .reactNative(idType: "email", id: email)
        }
    }

    /// `isLoggedIn` by external id, in the platform's shape.
    func byExternalId(_ externalId: String, _ platform: SessionPlatform) -> IsLoggedInQuery {
        switch platform {
        case .ios, .android: .native(userEmail: nil, userId: externalId)
        case .web: .web(email: nil, externalId: externalId)
        case .reactNative: .reactNative(idType: "userId", id: externalId)
        }
    }

    func by(_ identity: Identity, _ platform: SessionPlatform) -> IsLoggedInQuery {
        identity.kind == .email ? byEmail(identity.value, platform) : byExternalId(identity.value, platform)
    }

    func logIn(_ subject: Subject, at now: UnixTime) -> SessionCall {
        .logIn(token: tokens.valid(subject, at: now))
    }

    static let aliceOnly = Subject(email: alice.value)
    static let bobOnly = Subject(email: bob.value)
    static let user1001Only = Subject(externalId: user1001.value)
    static let aliceAndUser1001 = Subject(externalId: user1001.value, email: alice.value)

    func script(
        _ name: String, _ description: String, _ platform: SessionPlatform, rules: [String], sources: [String], flags: [String] = [],
        history: [CustomerHistory] = []
    ) -> SessionScript {
        SessionScript(name, description, platform: platform, start: start, rules: rules, sources: sources, flags: flags, history: history)
    }

    // MARK: - Logging in

    private func basics(_ platform: SessionPlatform) -> [SessionScript] {
        let verify = SessionSources.kustomerVerify(platform)
        let login = SessionSources.kustomerLogIn(platform)
        var fresh = script("fresh", "isLoggedIn answers false on a fresh install", platform, rules: ["KUS-SES-ISLOGGEDIN"], sources: verify)
        fresh.isLoggedIn(byEmail(Self.alice.value, platform), false)
        fresh.isLoggedIn(byExternalId(Self.user1001.value, platform), false)

        var email = script("email",
            "logIn with an email token logs that customer in; isLoggedIn is true for that email only", platform,
            rules: ["KUS-SES-LOGIN", "KUS-SES-ISLOGGEDIN"], sources: login + verify)
        email.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        email.isLoggedIn(byEmail(Self.alice.value, platform), true)
        email.isLoggedIn(byEmail(Self.bob.value, platform), false)
        email.isLoggedIn(byExternalId(Self.alice.value, platform), false)

        var external = script("external-id",
            "logIn with an externalId token logs that customer in; isLoggedIn is true for that id only", platform,
            rules: ["KUS-SES-LOGIN", "KUS-SES-ISLOGGEDIN"], sources: login + verify)
        external.call(logIn(Self.user1001Only, at: start), then: .loggedIn(Self.user1001))
        external.isLoggedIn(byExternalId(Self.user1001.value, platform), true)
        external.isLoggedIn(byExternalId(Self.user2002.value, platform), false)
        external.isLoggedIn(byEmail(Self.alice.value, platform), false)

        var both = script("both-claims",
            "logIn with email and externalId: the email is the customer, isLoggedIn by that externalId is false", platform,
            rules: ["KUS-SES-PRECEDENCE", "KUS-SES-ISLOGGEDIN"], sources: SessionSources.kustomerPrecedence(platform) + verify,
            flags: ["cross-customer", "vendor-ambiguity"])
        both.decided = "AMB-KUS-ISLOGGEDIN-BOTH"
        both.call(logIn(Self.aliceAndUser1001, at: start), then: .loggedIn(Self.alice))
        both.isLoggedIn(byEmail(Self.alice.value, platform), true)
        both.isLoggedIn(byExternalId(Self.user1001.value, platform), false)

        var history = script("history",
            "logIn loads the customer's history; with both claims only the email's history, never the externalId's", platform,
            rules: ["KUS-SES-LOGIN", "KUS-SES-PRECEDENCE"], sources: login + SessionSources.kustomerPrecedence(platform),
            flags: ["cross-customer"],
            history: [
                CustomerHistory(identity: Self.alice, conversations: ["alice-web"]),
                CustomerHistory(identity: Self.user1001, conversations: ["user-1001-web"]),
            ])
        history.call(logIn(Self.aliceAndUser1001, at: start), then: .loggedIn(Self.alice, ["alice-web"]))
        history.isLoggedIn(byEmail(Self.alice.value, platform), true)

        var later = script("token-once",
            "the token is checked at logIn only: an hour later the customer is still logged in", platform,
            rules: ["KUS-SES-TOKEN-ONCE"], sources: SessionSources.kustomerWhen(platform) + verify)
        later.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        later.clock += 3600
        later.isLoggedIn(byEmail(Self.alice.value, platform), true)
        later.startConversation("alice-1")
        return [fresh, email, external, both, history, later]
    }

    private func switching(_ platform: SessionPlatform) -> [SessionScript] {
        let login = SessionSources.kustomerLogIn(platform)
        var other = script("switch",
            "logIn as another customer switches: the previous customer's chats are gone, isLoggedIn for them is false",
            platform, rules: ["KUS-SES-SWITCH", "KUS-SES-HISTORY"], sources: login, flags: ["cross-customer"],
            history: [CustomerHistory(identity: Self.user1001, conversations: ["user-1001-web"])])
        other.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        other.startConversation("alice-1")
        other.clock += 60
        other.call(logIn(Self.user1001Only, at: other.clock), then: .loggedIn(Self.user1001, ["user-1001-web"]))
        other.isLoggedIn(byEmail(Self.alice.value, platform), false)
        other.isLoggedIn(byExternalId(Self.user1001.value, platform), true)
        other.clock += 60
        other.call(logIn(Self.aliceOnly, at: other.clock), then: .loggedIn(Self.alice, ["alice-1"]))

        var same = script("same-customer",
            "logIn again as the same customer keeps their conversations", platform,
            rules: ["KUS-SES-LOGIN", "KUS-SES-HISTORY"], sources: login)
        same.call(logIn(Self.user1001Only, at: start), then: .loggedIn(Self.user1001))
        same.startConversation("user-1001-1")
        same.clock += 600
        same.call(logIn(Self.user1001Only, at: same.clock), then: .loggedIn(Self.user1001, ["user-1001-1"]))
        same.isLoggedIn(byExternalId(Self.user1001.value, platform), true)
        return [other, same]
    }

    private func preLoginChats(_ platform: SessionPlatform) -> [SessionScript] {
        let ambiguity = "AMB-KUS-SES-PRE-LOGIN-CHATS"
        var chats = script("pre-login-chats",
            "a chat started anonymously before logIn is cleared or kept with the customer (the seeds disagree)", platform,
            rules: ["KUS-SES-LOGIN", "KUS-SES-HISTORY"], sources: SessionSources.kustomerPreLogin(platform),
            flags: ["vendor-ambiguity"], history: [CustomerHistory(identity: Self.alice, conversations: ["alice-web"])])
        chats.startConversation("anon-1")
        chats.call(logIn(Self.aliceOnly, at: start), ambiguity: ambiguity, readings: [
            (.ok, .loggedIn(Self.alice, ["alice-web"])),
            (.ok, .loggedIn(Self.alice, ["alice-web", "anon-1"])),
        ])
        chats.isLoggedIn(byEmail(Self.alice.value, platform), true)
        chats.clock += 60
        chats.call(logIn(Self.bobOnly, at: chats.clock), then: .loggedIn(Self.bob))
        chats.clock += 60
        chats.call(logIn(Self.aliceOnly, at: chats.clock), ambiguity: ambiguity, readings: [
            (.ok, .loggedIn(Self.alice, ["alice-web"])),
            (.ok, .loggedIn(Self.alice, ["alice-web", "anon-1"])),
        ])
        return [chats]
    }

    // MARK: - Failed logins

    private func failures(_ platform: SessionPlatform) -> [SessionScript] {
        let rules = ["KUS-SES-FAILED-LOGIN"]
        let sources = SessionSources.kustomerFailure(platform)
        var anonymous = script("refused-anonymous",
            "a logIn refused for its signature leaves the anonymous session and its chat as they were", platform,
            rules: rules, sources: sources, flags: ["auth-bypass"])
        anonymous.startConversation("anon-1")
        anonymous.unchanged(.logIn(token: tokens.refused(.badSignature, Self.aliceOnly, at: start)), .error(reasons: [.badSignature]))
        anonymous.isLoggedIn(byEmail(Self.alice.value, platform), false)

        var loggedIn = script("refused-logged-in",
            "a logIn refused for a stale iat leaves the logged-in customer and their chats as they were", platform,
            rules: rules, sources: sources, flags: ["auth-bypass", "cross-customer"])
        loggedIn.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        loggedIn.startConversation("alice-1")
        loggedIn.clock += 60
        loggedIn.unchanged(
            .logIn(token: tokens.refused(.issuedAtOutOfWindow, Self.bobOnly, at: loggedIn.clock)),
            .error(reasons: [.issuedAtOutOfWindow]))
        loggedIn.isLoggedIn(byEmail(Self.alice.value, platform), true)
        loggedIn.isLoggedIn(byEmail(Self.bob.value, platform), false)
        loggedIn.startConversation("alice-2")
        return [anonymous, loggedIn]
    }

    /// One script per rejection reason the profile can produce, on iOS, from a logged-in session,
    /// and the token the verifier vectors leave open (AMB-KUS-EMAIL-FALLBACK).
    private func everyRefusal() -> [SessionScript] {
        var emptyEmail = script("empty-email",
            "logIn with an empty email beside a valid externalId: refused, or that externalId's customer, as for the verifier; never the empty email",
            .ios, rules: ["KUS-SES-FAILED-LOGIN", "KUS-SES-LOGIN"], sources: SessionSources.kustomerFailure(.ios),
            flags: ["auth-bypass", "vendor-ambiguity"], history: [CustomerHistory(identity: Self.user1001, conversations: ["user-1001-web"])])
        emptyEmail.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        emptyEmail.startConversation("alice-1")
        emptyEmail.clock += 60
        emptyEmail.call(.logIn(token: tokens.emptyEmail(externalId: Self.user1001.value, at: emptyEmail.clock)),
            ambiguity: "AMB-KUS-EMAIL-FALLBACK",
            readings: [(.error(reasons: [.invalidClaimValue]), .loggedIn(Self.alice, ["alice-1"])), (.ok, .loggedIn(Self.user1001, ["user-1001-web"]))])
        emptyEmail.isLoggedIn(byEmail("", .ios), false)
        emptyEmail.isLoggedIn(byExternalId(Self.user1001.value, .ios), whenLoggedInAs: Self.user1001)
        return [emptyEmail] + tokens.refusalReasons.map { reason in
            var refused = script("refused-\(reason)",
                "a logIn refused with \(reason) changes nothing: same customer, same chats, isLoggedIn unchanged", .ios,
                rules: ["KUS-SES-FAILED-LOGIN"], sources: SessionSources.kustomerFailure(.ios),
                flags: ["auth-bypass", "cross-customer"])
            refused.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
            refused.startConversation("alice-1")
            refused.clock += 60
            refused.unchanged(.logIn(token: tokens.refused(reason, Self.user1001Only, at: refused.clock)), .error(reasons: [reason]))
            refused.isLoggedIn(byEmail(Self.alice.value, .ios), true)
            refused.isLoggedIn(byExternalId(Self.user1001.value, .ios), false)
            return refused
        }
    }

    // MARK: - Restarts

    private func restarts(_ platform: SessionPlatform) -> [SessionScript] {
        let documented = platform == .ios || platform == .android
        let ambiguity = "AMB-KUS-SES-RESTART"
        var login = script("restart-login",
            documented
                ? "the login survives an app restart a day later, with no new token"
                : "whether the login survives an app restart is not documented for this platform",
            platform, rules: ["KUS-SES-RESTART"], sources: SessionSources.kustomerRestart(platform),
            flags: documented ? [] : ["vendor-ambiguity"])
        login.call(logIn(Self.user1001Only, at: start), then: .loggedIn(Self.user1001))
        login.startConversation("user-1001-1")
        login.clock += 86_400
        if documented {
            login.call(.restart, then: .loggedIn(Self.user1001, ["user-1001-1"]))
        } else {
            login.call(.restart, ambiguity: ambiguity, readings: [
                (.ok, .loggedIn(Self.user1001, ["user-1001-1"])), (.ok, .anonymous),
            ])
        }
        login.isLoggedIn(byExternalId(Self.user1001.value, platform), whenLoggedInAs: Self.user1001)

        let keepsDevice = platform != .web
        var device = script("restart-anonymous",
            keepsDevice
                ? "a chat started anonymously stays on the device across an app restart"
                : "whether an anonymous chat survives a restart is not documented for the web SDK",
            platform, rules: ["KUS-SES-DEVICE-HISTORY"], sources: SessionSources.kustomerDevice(platform),
            flags: keepsDevice ? [] : ["vendor-ambiguity"])
        device.startConversation("anon-1")
        device.clock += 3600
        if keepsDevice {
            device.call(.restart, then: .anonymous(["anon-1"]))
        } else {
            device.call(.restart, ambiguity: ambiguity, readings: [(.ok, .anonymous(["anon-1"])), (.ok, .anonymous)])
        }
        device.isLoggedIn(byEmail(Self.alice.value, platform), false)

        var failed = script("restart-after-refusal",
            documented
                ? "after a refused logIn and a restart the earlier customer is still logged in"
                : "after a refused logIn and a restart the session is the earlier one or a fresh one, never the refused customer",
            platform, rules: ["KUS-SES-FAILED-LOGIN", "KUS-SES-RESTART"],
            sources: SessionSources.kustomerFailure(platform) + SessionSources.kustomerRestart(platform),
            flags: documented ? ["auth-bypass"] : ["auth-bypass", "vendor-ambiguity"])
        failed.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        failed.unchanged(.logIn(token: tokens.refused(.badSignature, Self.bobOnly, at: start)), .error(reasons: [.badSignature]))
        failed.clock += 3600
        if documented {
            failed.call(.restart, then: .loggedIn(Self.alice))
        } else {
            failed.call(.restart, ambiguity: ambiguity, readings: [(.ok, .loggedIn(Self.alice)), (.ok, .anonymous)])
        }
        failed.isLoggedIn(byEmail(Self.bob.value, platform), false)
        failed.isLoggedIn(byEmail(Self.alice.value, platform), whenLoggedInAs: Self.alice)
        return [login, device, failed]
    }

    // MARK: - isLoggedIn shapes

    private func isLoggedInShapes(_ platform: SessionPlatform) -> [SessionScript] {
        var scripts: [SessionScript] = []
        let verify = SessionSources.kustomerVerify(platform)
        switch platform {
        case .ios, .android:
            var both = script("query-both",
                "isLoggedIn(userEmail:userId:) with both: the email decides or both must match; never true for another email",
                platform, rules: ["KUS-SES-ISLOGGEDIN"], sources: verify, flags: ["vendor-ambiguity"])
            both.call(logIn(Self.aliceAndUser1001, at: start), then: .loggedIn(Self.alice))
            both.unchanged(
                .isLoggedIn(.native(userEmail: Self.alice.value, userId: Self.user1001.value)),
                ambiguity: "AMB-KUS-SES-QUERY-BOTH-NATIVE", results: [.answer(true), .answer(false)])
            both.isLoggedIn(.native(userEmail: Self.bob.value, userId: Self.user1001.value), false)
            both.isLoggedIn(.native(userEmail: nil, userId: Self.user1001.value), false)

            var byId = script("query-other-email",
                "isLoggedIn(userEmail:userId:) with another email and the customer's externalId is false", platform,
                rules: ["KUS-SES-ISLOGGEDIN"], sources: verify)
            byId.call(logIn(Self.user1001Only, at: start), then: .loggedIn(Self.user1001))
            byId.isLoggedIn(.native(userEmail: Self.alice.value, userId: Self.user1001.value), false)
            byId.isLoggedIn(.native(userEmail: nil, userId: Self.user1001.value), true)

            var neither = script("query-neither",
                "isLoggedIn(userEmail: nil, userId: nil) is false when anonymous; when logged in the seeds do not say", platform,
                rules: ["KUS-SES-ISLOGGEDIN"], sources: verify, flags: ["vendor-ambiguity"])
            neither.isLoggedIn(.native(userEmail: nil, userId: nil), false)
            neither.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
            neither.unchanged(
                .isLoggedIn(.native(userEmail: nil, userId: nil)),
                ambiguity: "AMB-KUS-SES-QUERY-NEITHER-NATIVE", results: [.answer(false), .answer(true)])
            scripts += [both, byId, neither]
        case .web:
            var both = script("query-both-web",
                "isLoggedIn({email, externalId}) with both: an error, or the email decides, or both must match", platform,
                rules: ["KUS-SES-ISLOGGEDIN"], sources: SessionSources.kustomerWebOptions, flags: ["vendor-ambiguity"])
            both.call(logIn(Self.aliceAndUser1001, at: start), then: .loggedIn(Self.alice))
            both.unchanged(
                .isLoggedIn(.web(email: Self.alice.value, externalId: Self.user1001.value)),
                ambiguity: "AMB-KUS-SES-QUERY-BOTH-WEB", results: [.answer(true), .answer(false), .error(reasons: [])])
            both.unchanged(
                .isLoggedIn(.web(email: Self.bob.value, externalId: Self.user1001.value)),
                ambiguity: "AMB-KUS-SES-QUERY-BOTH-WEB", results: [.answer(false), .answer(false), .error(reasons: [])])

            var neither = script("query-neither-web",
                "isLoggedIn({}) with neither email nor externalId is an error and changes nothing", platform,
                rules: ["KUS-SES-ISLOGGEDIN-WEB-OPTIONS"], sources: SessionSources.kustomerWebOptions)
            neither.unchanged(.isLoggedIn(.web(email: nil, externalId: nil)), .error(reasons: []))
            neither.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
            neither.unchanged(.isLoggedIn(.web(email: nil, externalId: nil)), .error(reasons: []))
            neither.isLoggedIn(.web(email: Self.alice.value, externalId: nil), true)
            scripts += [both, neither]
        case .reactNative:
            var idType = script("query-idtype",
                "isLoggedIn(\"externalId\", id): outside the declared idType \"email\" | \"userId\"", platform,
                rules: ["KUS-SES-ISLOGGEDIN"], sources: verify, flags: ["vendor-ambiguity"])
            idType.call(logIn(Self.user1001Only, at: start), then: .loggedIn(Self.user1001))
            idType.unchanged(
                .isLoggedIn(.reactNative(idType: "externalId", id: Self.user1001.value)),
                ambiguity: "AMB-KUS-SES-QUERY-IDTYPE", results: [.error(reasons: []), .answer(false), .answer(true)])
            idType.isLoggedIn(.reactNative(idType: "userId", id: Self.user1001.value), true)

            var kinds = script("query-kinds",
                "isLoggedIn(\"email\", id) with the customer's externalId is false: the kinds do not mix", platform,
                rules: ["KUS-SES-ISLOGGEDIN"], sources: verify)
            kinds.call(logIn(Self.user1001Only, at: start), then: .loggedIn(Self.user1001))
            kinds.isLoggedIn(.reactNative(idType: "email", id: Self.user1001.value), false)
            kinds.isLoggedIn(.reactNative(idType: "userId", id: Self.user1001.value), true)
            scripts += [idType, kinds]
        }
        var letterCase = script("email-case",
            "isLoggedIn by the email in other letter case: exact or case-insensitive (the seeds do not say)", platform,
            rules: ["KUS-SES-ISLOGGEDIN"], sources: verify, flags: ["vendor-ambiguity"])
        letterCase.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        letterCase.unchanged(
            .isLoggedIn(byEmail("Alice@Example.com", platform)),
            ambiguity: "AMB-KUS-SES-EMAIL-CASE", results: [.answer(false), .answer(true)])
        scripts.append(letterCase)
        return scripts
    }

    // MARK: - Logging out

    private func loggingOut(_ platform: SessionPlatform) -> [SessionScript] {
        let sources = SessionSources.kustomerLogOut(platform)
        var out = script("logout",
            "logOut returns to an anonymous session without the customer's chats; logging in again brings them back",
            platform, rules: ["KUS-SES-LOGOUT", "KUS-SES-HISTORY"], sources: sources, flags: ["cross-customer"])
        out.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        out.startConversation("alice-1")
        out.call(.logOut, then: .anonymous)
        out.isLoggedIn(byEmail(Self.alice.value, platform), false)
        out.clock += 60
        out.call(logIn(Self.aliceOnly, at: out.clock), then: .loggedIn(Self.alice, ["alice-1"]))

        var fresh = script("logout-fresh",
            "logOut on a fresh install leaves an anonymous session", platform, rules: ["KUS-SES-LOGOUT"], sources: sources)
        fresh.call(.logOut, then: .anonymous)
        fresh.isLoggedIn(byEmail(Self.alice.value, platform), false)

        var anonymous = script("logout-anonymous",
            "logOut while anonymous keeps or clears the device's anonymous chat (the seeds do not say)", platform,
            rules: ["KUS-SES-LOGOUT"], sources: sources, flags: ["vendor-ambiguity"])
        anonymous.startConversation("anon-1")
        anonymous.call(.logOut, ambiguity: "AMB-KUS-SES-LOGOUT-ANONYMOUS", readings: [
            (.ok, .anonymous(["anon-1"])), (.ok, .anonymous),
        ])

        var persisted = script("logout-restart",
            "a logOut survives an app restart: still anonymous, nothing of the customer's visible", platform,
            rules: ["KUS-SES-LOGOUT", "KUS-SES-RESTART"], sources: sources + SessionSources.kustomerRestart(platform),
            flags: ["cross-customer"])
        persisted.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        persisted.startConversation("alice-1")
        persisted.call(.logOut, then: .anonymous)
        persisted.clock += 3600
        persisted.call(.restart, then: .anonymous)
        persisted.isLoggedIn(byEmail(Self.alice.value, platform), false)
        return [out, fresh, anonymous, persisted]
    }

    private func reauthenticating() -> [SessionScript] {
        let platform = SessionPlatform.reactNative
        let sources = SessionSources.kustomerReLogIn
        let history = [CustomerHistory(identity: Self.user1001, conversations: ["user-1001-web"])]
        var other = script("relogin-other",
            "logOutThenLogIn as another customer: the new customer with their history, nothing of the previous one",
            platform, rules: ["KUS-SES-RELOGIN", "KUS-SES-SWITCH"], sources: sources, flags: ["cross-customer"], history: history)
        other.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        other.startConversation("alice-1")
        other.clock += 60
        other.call(.logOutThenLogIn(token: tokens.valid(Self.user1001Only, at: other.clock)), then: .loggedIn(Self.user1001, ["user-1001-web"]))
        other.isLoggedIn(byEmail(Self.alice.value, platform), false)
        other.isLoggedIn(byExternalId(Self.user1001.value, platform), true)

        var fresh = script("relogin-fresh",
            "logOutThenLogIn on a fresh install logs the customer in", platform,
            rules: ["KUS-SES-RELOGIN"], sources: sources, history: history)
        fresh.call(.logOutThenLogIn(token: tokens.valid(Self.user1001Only, at: start)), then: .loggedIn(Self.user1001, ["user-1001-web"]))
        fresh.isLoggedIn(byExternalId(Self.user1001.value, platform), true)

        var same = script("relogin-same",
            "logOutThenLogIn as the same customer keeps their conversations", platform,
            rules: ["KUS-SES-RELOGIN", "KUS-SES-HISTORY"], sources: sources)
        same.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        same.startConversation("alice-1")
        same.clock += 60
        same.call(.logOutThenLogIn(token: tokens.valid(Self.aliceOnly, at: same.clock)), then: .loggedIn(Self.alice, ["alice-1"]))

        var refused = script("relogin-refused",
            "logOutThenLogIn with a refused token fails; the session is unchanged or logged out, never the new customer",
            platform, rules: ["KUS-SES-RELOGIN", "KUS-SES-FAILED-LOGIN"], sources: sources + SessionSources.kustomerFailure(platform),
            flags: ["auth-bypass", "vendor-ambiguity"])
        refused.call(logIn(Self.aliceOnly, at: start), then: .loggedIn(Self.alice))
        refused.startConversation("alice-1")
        refused.clock += 60
        refused.call(
            .logOutThenLogIn(token: tokens.refused(.badSignature, Self.bobOnly, at: refused.clock)),
            ambiguity: "AMB-KUS-SES-RELOGIN-FAILURE",
            readings: [(.error(reasons: [.badSignature]), .loggedIn(Self.alice, ["alice-1"])), (.error(reasons: [.badSignature]), .anonymous)])
        refused.isLoggedIn(byEmail(Self.bob.value, platform), false)
        refused.isLoggedIn(byEmail(Self.alice.value, platform), whenLoggedInAs: Self.alice)
        return [other, fresh, same, refused]
    }
}

extension KustomerCases {
    static func sessions(profile: ProfileDefinition) -> VendorSessions? {
        let key = VerificationKey(kid: nil, secret: TestKeys.kustomerSecret)
        let cases = KustomerSessionCases(tokens: SessionTokens(profile: profile, key: key), start: defaultNow)
        return VendorSessions(
            title: "Kustomer: logIn, logOut, logOutThenLogIn and isLoggedIn on iOS, Android, web and React Native",
            numbers: SessionNumbers.kustomer,
            platforms: KustomerSessionCases.platforms.map { platform, description in
                VendorSessions.Platform(
                    platform: platform, description: description, keys: [key], scripts: cases.scripts(for: platform),
                    derivation: SessionDerivation(
                        machine: .kustomer(platform), tokens: SessionTokens(profile: profile, key: key), prefix: "KUS",
                        start: defaultNow))
            })
    }
}
