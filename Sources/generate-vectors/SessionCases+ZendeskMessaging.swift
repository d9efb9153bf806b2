import JWTConformance

/// Zendesk messaging session vectors: `loginUser(jwt)` and `logoutUser()` on iOS and Android,
/// from docs/research/zendesk-intercom.md § 1.2 and the ZDM-SES rules. The web widget's
/// `loginUser(jwtCallback, loginCallback)` pulls tokens through a callback the harness cannot
/// state yet (docs/research/zendesk-intercom-session-harness.md), so the web has no group.
struct ZendeskMessagingSessionCases {
    let tokens: SessionTokens
    let start: UnixTime

    static let user1001 = Identity.externalId("user-1001")
    static let user2002 = Identity.externalId("user-2002")
    static let user3003 = Identity.externalId("user-3003")
    static let user4004 = Identity.externalId("user-4004")
    /// The verified email the derived scripts' directory pairs with user-1001.
    static let user1001Email = "user-1001@example.com"
    static let carol = "carol@example.com"

    /// The platforms in file order.
    static let platforms: [(SessionPlatform, String)] = [
        (.ios, "Zendesk messaging iOS SDK: Zendesk.instance.loginUser(jwt), logoutUser() (ZD-IOS § LoginUser, LogoutUser)"),
        (.android, "Zendesk messaging Android SDK: Zendesk.instance.loginUser(jwt), logoutUser() (ZD-ANDROID § LoginUser, LogoutUser)"),
    ]

    /// `loginUser(jwt)` whose token names `user` and carries `email` with `email_verified`.
    func login(_ user: Identity, email: String, verified: Bool, at now: UnixTime) -> SessionCall {
        .loginUser(token: tokens.withEmail(Subject(externalId: user.value), email: email, verified: verified, at: now))
    }

    /// Every hand-written script of one platform, in id order.
    func scripts(for platform: SessionPlatform) -> [SessionScript] {
        var paired = SessionScript("conflict-after-pairing",
            "a successful login pairs its verified email with its user; a later login of another external_id with that email is a 409 conflict and changes nothing",
            platform: platform, start: start, rules: ["ZDM-SES-EMAIL-CONFLICT", "ZDM-SES-LOGIN", "ZDM-SES-LOGOUT"],
            sources: [Source.zd409, Source.zdEmailIdentities], flags: ["auth-bypass", "cross-customer"])
        paired.call(login(Self.user3003, email: Self.carol, verified: true, at: start), then: .loggedIn(Self.user3003))
        paired.startConversation("user-3003-1")
        paired.call(.logoutUser, then: .anonymous)
        paired.clock += 60
        paired.unchanged(login(Self.user4004, email: Self.carol, verified: true, at: paired.clock), .conflict)
        paired.clock += 60
        paired.call(login(Self.user3003, email: Self.carol, verified: true, at: paired.clock), then: .loggedIn(Self.user3003, ["user-3003-1"]))

        var unverified = SessionScript("unverified-email",
            "a login whose email is paired with another external_id but not marked verified: logged in (only a verified email conflicts) or a 409 conflict",
            platform: platform, start: start, rules: ["ZDM-SES-EMAIL-CONFLICT", "ZDM-SES-LOGIN"],
            sources: [Source.zd409, Source.zdEmailIdentities], flags: ["cross-customer", "vendor-ambiguity"],
            directory: [PairedEmail(email: Self.carol, externalId: Self.user3003.value)])
        unverified.call(login(Self.user4004, email: Self.carol, verified: false, at: start), ambiguity: "AMB-ZD-409-TRIGGER", readings: [
            (.ok, .loggedIn(Self.user4004)), (.conflict, .anonymous),
        ])
        return [paired, unverified]
    }
}

extension ZendeskMessagingCases {
    static func sessions(profile: ProfileDefinition) -> VendorSessions? {
        let key = TestKeys.zendeskPrimary
        let tokens = SessionTokens(profile: profile, key: key)
        let cases = ZendeskMessagingSessionCases(tokens: tokens, start: defaultNow)
        return VendorSessions(
            title: "Zendesk messaging: loginUser(jwt) and logoutUser on iOS and Android",
            numbers: SessionNumbers.zendeskMessaging,
            platforms: ZendeskMessagingSessionCases.platforms.map { platform, description in
                VendorSessions.Platform(
                    platform: platform, description: description, keys: [key], scripts: cases.scripts(for: platform),
                    derivation: SessionDerivation(machine: .zendeskMessaging(platform), tokens: tokens, prefix: "ZDM", start: defaultNow))
            })
    }
}
