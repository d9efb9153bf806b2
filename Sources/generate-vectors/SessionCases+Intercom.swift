import JWTConformance

/// Intercom Messenger session vectors, web only: `Intercom('boot', settings)` with
/// `intercom_user_jwt`, `Intercom('update', settings)` and `Intercom('shutdown')`, all derived
/// from the state machine (`SessionMachine.intercom`), from docs/research/zendesk-intercom.md
/// § 2.2 and the ICM-SES rules. The mobile calls (`setUserJwt`, `loginUserWithUserAttributes`,
/// `logout`), enforcement and the state blocked after an invalid token are not modelled yet
/// (docs/research/zendesk-intercom-session-harness.md).
enum IntercomSessionCases {
    static let user1001 = Identity.externalId("user-1001")
    static let user2002 = Identity.externalId("user-2002")
    /// The unsigned attribute a token-less `update` carries.
    static let updatedEmail = "user-updated@example.com"
}

extension IntercomCases {
    static func sessions(profile: ProfileDefinition) -> VendorSessions? {
        let key = VerificationKey(kid: nil, secret: TestKeys.intercomSecret)
        return VendorSessions(
            title: "Intercom Messenger: boot with intercom_user_jwt, update and shutdown on the web",
            numbers: [:],
            platforms: [
                VendorSessions.Platform(
                    platform: .web,
                    description: "Intercom Messenger web: Intercom('boot', {intercom_user_jwt, user_id}), Intercom('update'), Intercom('shutdown') (IC-JS)",
                    keys: [key], scripts: [],
                    derivation: SessionDerivation(
                        machine: .intercom(.web), tokens: SessionTokens(profile: profile, key: key), prefix: "ICM", start: defaultNow))
            ])
    }
}
