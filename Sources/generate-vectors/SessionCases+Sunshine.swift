import JWTConformance

/// Sunshine Conversations session vectors: `login(externalId, jwt)` and `logout()` on web,
/// iOS and Android.
struct SunshineSessionCases {
    let tokens: SessionTokens
    let start: UnixTime

    static let user1001 = Identity.externalId("user-1001")
    static let user2002 = Identity.externalId("user-2002")
    static let user3003 = Identity.externalId("user-3003")

    /// The platforms in file order.
    static let platforms: [(SessionPlatform, String)] = [
        (.web, "Sunshine Conversations Web Messenger: Smooch.login(externalId, jwt), Smooch.logout() (004)"),
        (.ios, "Sunshine Conversations iOS SDK: [Smooch login:jwt:completionHandler:], logout (004)"),
        (.android, "Sunshine Conversations Android SDK: Smooch.login(externalId, jwt, callback), logout (004)"),
    ]

    /// Every script of one platform, in id order.
    func scripts(for platform: SessionPlatform) -> [SessionScript] {
        var scripts = common(platform)
        if platform == .web { scripts += webOnly() + everyRefusal() }
        return scripts
    }

    /// `login(identity.value, jwt)` with a valid token for the same external id.
    func login(_ identity: Identity, at now: UnixTime) -> SessionCall {
        .login(externalId: identity.value, token: tokens.valid(Subject(externalId: identity.value), at: now))
    }

    func script(
        _ name: String, _ description: String, _ platform: SessionPlatform, rules: [String], sources: [String], flags: [String] = [],
        history: [CustomerHistory] = []
    ) -> SessionScript {
        SessionScript(name, description, platform: platform, start: start, rules: rules, sources: sources, flags: flags, history: history)
    }

    private func common(_ platform: SessionPlatform) -> [SessionScript] {
        var first = script("login",
            "login(externalId, jwt) makes the externalId the user and shows that user's conversation", platform,
            rules: ["SUN-SES-LOGIN"], sources: [SessionSources.sunshineLogin, SessionSources.sunshineClients],
            history: [CustomerHistory(identity: Self.user1001, conversations: ["user-1001-web"])])
        first.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001, ["user-1001-web"]))
        first.startConversation("user-1001-1")

        var device = script("restart-anonymous",
            "a conversation started without an externalId stays on the client across an app restart", platform,
            rules: ["SUN-SES-DEVICE-HISTORY"], sources: [SessionSources.sunshineOmitting])
        device.startConversation("anon-1")
        device.clock += 3600
        device.call(.restart, then: .anonymous(["anon-1"]))

        var restart = script("restart-login",
            "whether a login survives an app restart is not documented: kept, or back to a fresh anonymous user", platform,
            rules: ["SUN-SES-LOGIN"], sources: [SessionSources.sunshineLogin, SessionSources.sunshineLogout],
            flags: ["vendor-ambiguity"])
        restart.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
        restart.startConversation("user-1001-1")
        restart.clock += 86_400
        restart.call(.restart, ambiguity: "AMB-SUN-SES-RESTART", readings: [
            (.ok, .loggedIn(Self.user1001, ["user-1001-1"])), (.ok, .anonymous),
        ])

        var failed = script("refused-other-id",
            "a failed login(otherId, badJwt) leaves the current user and conversation exactly as they were", platform,
            rules: ["SUN-SES-FAILED-LOGIN"], sources: [SessionSources.sunshineLogin, SessionSources.issue177],
            flags: ["auth-bypass", "cross-customer"])
        failed.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
        failed.startConversation("user-1001-1")
        failed.clock += 60
        failed.unchanged(
            .login(externalId: Self.user2002.value, token: tokens.refused(.badSignature, Subject(externalId: Self.user2002.value), at: failed.clock)),
            .error(reasons: [.badSignature]))
        failed.startConversation("user-1001-2")

        var logout = script("logout",
            "logout disconnects the user and removes the conversation from the client; a new one is anonymous", platform,
            rules: ["SUN-SES-LOGOUT"], sources: [SessionSources.sunshineLogout], flags: ["cross-customer"])
        logout.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
        logout.startConversation("user-1001-1")
        logout.call(.logout, then: .anonymous)
        logout.startConversation("anon-1")
        return [first, device, restart, failed, logout]
    }

    private func webOnly() -> [SessionScript] {
        let platform = SessionPlatform.web
        let mismatch = "AMB-SUN-LOGIN-ARG-MISMATCH"
        let merge = "AMB-SUN-SES-MERGE"
        let u1001History = [CustomerHistory(identity: Self.user1001, conversations: ["user-1001-web"])]

        var mismatchFresh = script("mismatch-fresh",
            "login(argument, jwt) whose argument is not the token's external_id: fails, or logs in the token's user; never the argument",
            platform, rules: ["SUN-SES-EXTERNALID-MATCH"], sources: [SessionSources.sunshineLogin, SessionSources.issue177],
            flags: ["auth-bypass", "vendor-ambiguity"], history: u1001History)
        mismatchFresh.call(
            .login(externalId: Self.user2002.value, token: tokens.valid(Subject(externalId: Self.user1001.value), at: start)),
            ambiguity: mismatch,
            readings: [(.error(reasons: []), .anonymous), (.ok, .loggedIn(Self.user1001, ["user-1001-web"]))])

        var mismatchSwitch = script("mismatch-logged-in",
            "a mismatched login while logged in: the user stays, or becomes the token's user; never the argument", platform,
            rules: ["SUN-SES-EXTERNALID-MATCH"], sources: [SessionSources.sunshineLogin, SessionSources.issue177],
            flags: ["auth-bypass", "cross-customer", "vendor-ambiguity"], history: u1001History)
        mismatchSwitch.call(login(Self.user3003, at: start), then: .loggedIn(Self.user3003))
        mismatchSwitch.startConversation("user-3003-1")
        mismatchSwitch.clock += 60
        mismatchSwitch.call(
            .login(externalId: Self.user2002.value, token: tokens.valid(Subject(externalId: Self.user1001.value), at: mismatchSwitch.clock)),
            ambiguity: mismatch,
            readings: [
                (.error(reasons: []), .loggedIn(Self.user3003, ["user-3003-1"])),
                (.ok, .loggedIn(Self.user1001, ["user-1001-web"])),
            ])

        var switching = script("switch",
            "login with another externalId switches users; the previous user's conversation comes back with their login",
            platform, rules: ["SUN-SES-SWITCH", "SUN-SES-LOGIN"],
            sources: [SessionSources.sunshineSwitching, SessionSources.sunshineClients], flags: ["cross-customer"])
        switching.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
        switching.startConversation("user-1001-1")
        switching.clock += 60
        switching.call(login(Self.user2002, at: switching.clock), then: .loggedIn(Self.user2002))
        switching.startConversation("user-2002-1")
        switching.clock += 60
        switching.call(login(Self.user1001, at: switching.clock), then: .loggedIn(Self.user1001, ["user-1001-1"]))

        var same = script("same-user",
            "login again with the same externalId keeps the user's conversation", platform,
            rules: ["SUN-SES-LOGIN"], sources: [SessionSources.sunshineLogin, SessionSources.sunshineClients])
        same.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
        same.startConversation("user-1001-1")
        same.clock += 600
        same.call(login(Self.user1001, at: same.clock), then: .loggedIn(Self.user1001, ["user-1001-1"]))

        var anonymousLogout = script("logout-anonymous",
            "logout while anonymous also removes the conversation stored on the client", platform,
            rules: ["SUN-SES-LOGOUT"], sources: [SessionSources.sunshineLogout])
        anonymousLogout.startConversation("anon-1")
        anonymousLogout.call(.logout, then: .anonymous)

        var kept = script("anonymous-kept",
            "a conversation started before login is kept and then belongs to the new externalId", platform,
            rules: ["SUN-SES-ANONYMOUS-KEPT", "SUN-SES-LOGOUT"], sources: [SessionSources.sunshineOmitting, SessionSources.sunshineLogout])
        kept.startConversation("anon-1")
        kept.call(login(Self.user3003, at: start), then: .loggedIn(Self.user3003, ["anon-1"]))
        kept.call(.logout, then: .anonymous)
        kept.clock += 60
        kept.call(login(Self.user3003, at: kept.clock), then: .loggedIn(Self.user3003, ["anon-1"]))

        var merged = script("anonymous-merged",
            "a conversation started before logging in as a user who already has one: merged or dropped (not documented)",
            platform, rules: ["SUN-SES-ANONYMOUS-KEPT"], sources: [SessionSources.sunshineOmitting, SessionSources.sunshineClients],
            flags: ["vendor-ambiguity"], history: u1001History)
        merged.startConversation("anon-1")
        merged.call(login(Self.user1001, at: start), ambiguity: merge, readings: [
            (.ok, .loggedIn(Self.user1001, ["user-1001-web", "anon-1"])), (.ok, .loggedIn(Self.user1001, ["user-1001-web"])),
        ])

        var afterLogout = script("merge-after-logout",
            "after logout a new anonymous conversation, then login as the earlier user: merged or dropped, never lost otherwise",
            platform, rules: ["SUN-SES-LOGOUT", "SUN-SES-ANONYMOUS-KEPT"],
            sources: [SessionSources.sunshineLogout, SessionSources.sunshineOmitting], flags: ["vendor-ambiguity"])
        afterLogout.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
        afterLogout.startConversation("user-1001-1")
        afterLogout.call(.logout, then: .anonymous)
        afterLogout.startConversation("anon-1")
        afterLogout.clock += 60
        afterLogout.call(login(Self.user1001, at: afterLogout.clock), ambiguity: merge, readings: [
            (.ok, .loggedIn(Self.user1001, ["user-1001-1", "anon-1"])), (.ok, .loggedIn(Self.user1001, ["user-1001-1"])),
        ])

        var persisted = script("logout-restart",
            "a logout survives an app restart", platform, rules: ["SUN-SES-LOGOUT"], sources: [SessionSources.sunshineLogout],
            flags: ["cross-customer"])
        persisted.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
        persisted.startConversation("user-1001-1")
        persisted.call(.logout, then: .anonymous)
        persisted.clock += 3600
        persisted.call(.restart, then: .anonymous)

        var anonymousFailure = script("refused-anonymous",
            "a failed login while anonymous keeps the anonymous conversation and identity", platform,
            rules: ["SUN-SES-FAILED-LOGIN"], sources: [SessionSources.sunshineLogin, SessionSources.issue177], flags: ["auth-bypass"])
        anonymousFailure.startConversation("anon-1")
        anonymousFailure.unchanged(
            .login(externalId: Self.user1001.value, token: tokens.refused(.invalidClaimValue, Subject(externalId: Self.user1001.value), at: start)),
            .error(reasons: [.invalidClaimValue]))
        anonymousFailure.startConversation("anon-2")
        return [mismatchFresh, mismatchSwitch, switching, same, anonymousLogout, kept, merged, afterLogout, persisted, anonymousFailure]
    }

    /// One script per rejection reason the profile can produce, from a logged-in session.
    private func everyRefusal() -> [SessionScript] {
        tokens.refusalReasons.map { reason in
            var refused = script("refused-\(reason)",
                "a login refused with \(reason) changes nothing: same user, same conversation", .web,
                rules: ["SUN-SES-FAILED-LOGIN"], sources: [SessionSources.sunshineLogin, SessionSources.issue177],
                flags: ["auth-bypass", "cross-customer"])
            refused.call(login(Self.user1001, at: start), then: .loggedIn(Self.user1001))
            refused.startConversation("user-1001-1")
            refused.clock += 60
            let token = tokens.refused(reason, Subject(externalId: Self.user2002.value), at: refused.clock)
            refused.unchanged(.login(externalId: Self.user2002.value, token: token), .error(reasons: [reason]))
            refused.startConversation("user-1001-2")
            return refused
        }
    }
}

extension SunshineCases {
    static func sessions(profile: ProfileDefinition) -> VendorSessions? {
        let key = TestKeys.sunshinePrimary
        let cases = SunshineSessionCases(tokens: SessionTokens(profile: profile, key: key), start: defaultNow)
        return VendorSessions(
            title: "Sunshine Conversations: login(externalId, jwt) and logout on web, iOS and Android",
            numbers: SessionNumbers.sunshine,
            platforms: SunshineSessionCases.platforms.map { platform, description in
                VendorSessions.Platform(
                    platform: platform, description: description, keys: [key], scripts: cases.scripts(for: platform),
                    derivation: SessionDerivation(
                        machine: .sunshine(platform), tokens: SessionTokens(profile: profile, key: key), prefix: "SUN",
                        start: defaultNow))
            })
    }
}
