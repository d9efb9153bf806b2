/// The suite's session model: what an SDK does with tokens, built on the reference verifier.
///
/// Every token is validated by ``ReferenceVerifier`` at the step's `now`; a call whose token is
/// refused fails and changes nothing. Where the vendors' documents leave a choice, the model
/// takes one reading of each ambiguity (the vectors accept every reading):
/// - chats started anonymously are kept and linked to the customer who logs in;
/// - logging out clears the device, anonymous chats included;
/// - everything persists across a restart, and a session does not end when its token would expire;
/// - `logOutThenLogIn` validates its token first, so a bad token leaves the session as it was;
/// - a Sunshine `login` whose argument is not the token's `external_id` fails;
/// - a Zendesk messaging `loginUser` as another user while one is logged in switches users;
///   only an email with `email_verified` `true` can conflict (HTTP 409), and a login that
///   succeeds pairs its verified email with its user in the backend's directory;
/// - an Intercom `boot` whose settings `user_id` is not the token's fails; a `boot` as another
///   user switches cleanly; an `update` without a token succeeds and changes nothing, one whose
///   token names someone other than the current user fails;
/// - `isLoggedIn` with both identifiers lets the email decide; with neither it answers false
///   (iOS, Android) or fails (web); a React Native `idType` other than `email` or `userId` fails;
///   emails compare exactly.
public struct ReferenceSessionModel: SessionModel {
    private let verifier: ReferenceVerifier
    private let keys: [VerificationKey]
    /// The vendor's backend: each customer's conversations.
    private var backend: [Identity: [String]]
    /// The vendor's backend: each verified email and the external id it is paired with.
    private var directory: [String: String] = [:]
    /// What the SDK keeps on the device, which survives a restart.
    private var device = Device()

    private struct Device {
        var identity: Identity?
        var anonymousConversations: [String] = []
    }

    /// A fresh install for `request`, verifying tokens under `profile`.
    public init(profile: ProfileDefinition, request: SessionRequest) {
        verifier = ReferenceVerifier(profile: profile)
        keys = request.keys
        backend = [:]
        for customer in request.history {
            backend[customer.identity, default: []] += customer.conversations
        }
        for entry in request.directory { directory[entry.email] = entry.externalId }
    }

    /// A driver that runs every script on a fresh reference model of the request's profile.
    public static func driver(profiles: [ProfileID: ProfileDefinition]) -> SessionModelDriver<ReferenceSessionModel> {
        SessionModelDriver { request in
            guard let profile = profiles[request.profile] else {
                throw ImplementationUnsupported("unknown profile \"\(request.profile)\"")
            }
            return ReferenceSessionModel(profile: profile, request: request)
        }
    }

    /// The session as the customer sees it.
    public var state: SessionState {
        guard let identity = device.identity else {
            return SessionState(identity: nil, conversations: device.anonymousConversations)
        }
        return SessionState(identity: identity, conversations: backend[identity] ?? [])
    }

    public mutating func perform(_ step: SessionStep) async -> SessionObservation {
        SessionObservation(outcome: apply(step), state: state)
    }

    private mutating func apply(_ step: SessionStep) -> SessionObservation.Outcome {
        switch step.call {
        case .logIn(let token):
            return verified(token, at: step.now) { $0.logIn(as: $1) }
        case .logOutThenLogIn(let token):
            return verified(token, at: step.now) { model, identity in
                model.logOut()
                model.logIn(as: identity)
            }
        case .login(let externalId, let token):
            return verified(token, at: step.now, naming: .externalId(externalId)) { $0.logIn(as: $1) }
        case .loginUser(let token):
            return userLogin(token, at: step.now)
        case .boot(let token, let settings):
            return verified(token, at: step.now, naming: settings.userId.map(Identity.externalId)) { $0.logIn(as: $1) }
        case .update(let token?, _):
            // A fresh token for the current user; a visitor's update with a token is not modelled.
            guard let current = device.identity else { return .error(nil) }
            return verified(token, at: step.now, naming: current) { _, _ in }
        case .update(nil, _):
            return .ok
        case .logOut, .logout, .logoutUser, .shutdown:
            logOut()
            return .ok
        case .isLoggedIn(let query):
            return answer(query)
        case .startConversation(let label):
            if let identity = device.identity {
                backend[identity, default: []].append(label)
            } else {
                device.anonymousConversations.append(label)
            }
            return .ok
        case .restart:
            return .ok
        }
    }

    /// Applies `change` with the identity `token` names, or fails with the verifier's reason;
    /// also fails, without a reason, when the token names another customer than `expected`.
    private mutating func verified(
        _ token: String, at now: UnixTime, naming expected: Identity? = nil,
        _ change: (inout ReferenceSessionModel, Identity) -> Void
    ) -> SessionObservation.Outcome {
        switch verifier.verify(token, keys: keys, now: now).verdict {
        case .accept(let identity) where expected.map({ $0 == identity }) ?? true:
            change(&self, identity)
            return .ok
        case .accept:
            return .error(nil)
        case .reject(let reason):
            return .error(reason)
        }
    }

    /// Zendesk messaging `loginUser(jwt)`: a refused token fails with its reason; an accepted one
    /// whose verified email the directory pairs with another external id is a conflict; either
    /// changes nothing. Otherwise the token's user logs in and its verified email is paired with it.
    private mutating func userLogin(_ token: String, at now: UnixTime) -> SessionObservation.Outcome {
        let identity: Identity
        switch verifier.verify(token, keys: keys, now: now).verdict {
        case .accept(let accepted): identity = accepted
        case .reject(let reason): return .error(reason)
        }
        let email = Self.verifiedEmail(in: token)
        if let email, let owner = directory[email], owner != identity.value { return .conflict }
        if let email { directory[email] = identity.value }
        logIn(as: identity)
        return .ok
    }

    /// The token's `email` when its `email_verified` is `true`.
    private static func verifiedEmail(in token: String) -> String? {
        guard let payload = try? CompactJWS.decode(token).payload,
            case .string(let email)? = payload["email"], payload["email_verified"] == .bool(true)
        else { return nil }
        return email
    }

    private mutating func logIn(as identity: Identity) {
        if device.identity == nil {
            backend[identity, default: []] += device.anonymousConversations
            device.anonymousConversations = []
        }
        device.identity = identity
    }

    private mutating func logOut() {
        device = Device()
    }

    private func answer(_ query: IsLoggedInQuery) -> SessionObservation.Outcome {
        switch query {
        case .native(let email, let userId):
            if let email { return .answer(device.identity == .email(email)) }
            if let userId { return .answer(device.identity == .externalId(userId)) }
            return .answer(false)
        case .web(let email, let externalId):
            if let email { return .answer(device.identity == .email(email)) }
            if let externalId { return .answer(device.identity == .externalId(externalId)) }
            return .error(nil)
        case .reactNative(let idType, let id):
            switch idType {
            case "email": return .answer(device.identity == .email(id))
            case "userId": return .answer(device.identity == .externalId(id))
            default: return .error(nil)
            }
        }
    }
}
