import JWTConformance

/// The session rules, ambiguities and flag, added to the catalogue.
enum SessionCatalogue {
    typealias S = SessionSources

    private static func kus(_ id: String, _ statement: String, _ sources: [String]) -> RuleDefinition {
        RuleDefinition(id: id, level: .must, profiles: ["kustomer"], roles: [.session], statement: statement, sources: sources)
    }

    private static func sun(_ id: String, _ statement: String, _ sources: [String]) -> RuleDefinition {
        RuleDefinition(id: id, level: .must, profiles: ["sunshine"], roles: [.session], statement: statement, sources: sources)
    }

    static let kustomerLogIn = SessionPlatform.allCases.flatMap(S.kustomerLogIn)
    static let kustomerVerify = SessionPlatform.allCases.flatMap(S.kustomerVerify)

    static let kustomer: [RuleDefinition] = [
        kus("KUS-SES-LOGIN",
            "A successful `logIn(jwt)` (web: `login({jwtToken})`) makes the customer the token names, as the verifier resolves it (email before externalId), the logged-in customer, and shows that customer's conversation history from the backend.",
            kustomerLogIn),
        kus("KUS-SES-PRECEDENCE",
            "After `logIn` with a token carrying both `email` and `externalId`, the customer is the email's: only that customer's history is shown, never the external id's, and `isLoggedIn` by that external id answers false (the suite's decision on AMB-KUS-ISLOGGEDIN-BOTH).",
            [S.s000 + "Verify if you are logged in", S.s001 + "Verify if you are logged in › Note", S.s002 + "Verify if you are logged in › Note",
             S.s000 + "Generating a JWT token › Payloads for JWT token"]),
        kus("KUS-SES-ISLOGGEDIN",
            "`isLoggedIn` answers true exactly when the logged-in customer is the one the given identifier names, compared within its kind (an email with the email, `userId`/`externalId` with the external id), and false otherwise, anonymous sessions included; it never changes the session. iOS and Android take `(userEmail:userId:)`, the web `({email} | {externalId}, callback)`, React Native `(idType: \"email\" | \"userId\", id)`.",
            kustomerVerify),
        kus("KUS-SES-ISLOGGEDIN-WEB-OPTIONS",
            "On the web, `isLoggedIn` with an options object that holds neither `email` nor `externalId` is an error (the callback's `error`) and changes nothing.",
            S.kustomerWebOptions),
        kus("KUS-SES-SWITCH",
            "`logIn` (or `logOutThenLogIn`) as another customer while one is logged in switches customers: the previous customer's conversations are no longer visible and `isLoggedIn` for them answers false.",
            [S.s000 + "Log in as a specific user", S.s003 + "Log in as a specific user"]),
        kus("KUS-SES-HISTORY",
            "Conversations started while logged in belong to that customer: they are visible again whenever the customer logs in later, after another customer or a logout (the history syncs across devices).",
            [S.s000 + "Log in and authentication", S.s001 + "opening paragraphs"]),
        kus("KUS-SES-LOGOUT",
            "`logOut()` (iOS, React Native) returns to an anonymous session: no customer, `isLoggedIn` false for every identifier, none of the customer's conversations visible. A logout persists like a login.",
            S.kustomerLogOut(.reactNative) + S.kustomerLogOut(.ios)),
        kus("KUS-SES-RELOGIN",
            "`logOutThenLogIn(jwt)` (React Native) with a valid token ends exactly like `logOut()` followed by `logIn(jwt)`.",
            S.kustomerReLogIn),
        kus("KUS-SES-TOKEN-ONCE",
            "The token is checked when `logIn` is called, at that moment. The session then lasts until `logOut` or another login, also after the token's `iat` window has passed: apps are told not to make a new token on every app load.",
            [S.when000, S.when001]),
        kus("KUS-SES-RESTART",
            "On iOS and Android a login, and a logout, survive an app restart without a new token (iOS keeps the identity in the keychain). For the web and React Native the seeds do not say (AMB-KUS-SES-RESTART).",
            [S.when000, S.when001]),
        kus("KUS-SES-DEVICE-HISTORY",
            "Without a login, conversations stay on the device: an anonymous conversation survives an app restart on iOS, Android and React Native (the web page does not say: AMB-KUS-SES-RESTART).",
            [S.s000 + "Log in and authentication", S.s001 + "opening paragraphs", S.s003 + "Log in and authentication"]),
        kus("KUS-SES-FAILED-LOGIN",
            "A call whose token is refused, for any reason, fails and changes nothing: the same customer or anonymous session, the same visible conversations, the same `isLoggedIn` answers. The customer the refused token names is never reported as logged in; a reason, if reported, is the verifier's.",
            kustomerLogIn + [S.issue177]),
    ]

    static let sunshine: [RuleDefinition] = [
        sun("SUN-SES-LOGIN",
            "`login(externalId, jwt)` with a valid token whose `external_id` is that externalId makes it the current user and shows that user's conversation, the same on every client; logging in again as the same user keeps it.",
            [S.sunshineLogin, S.sunshineClients]),
        sun("SUN-SES-EXTERNALID-MATCH",
            "The argument of `login(externalId, jwt)` never becomes the user unless the token's `external_id` names it: a mismatched login either fails and changes nothing or logs in the token's user (AMB-SUN-LOGIN-ARG-MISMATCH).",
            [S.sunshineLogin, S.s004 + "Authenticating Users (step 2: sign JWTs)", S.issue177]),
        sun("SUN-SES-SWITCH",
            "Calling `login` with another externalId switches users: the previous user's conversation is no longer visible until that user logs in again.",
            [S.sunshineSwitching, S.sunshineClients]),
        sun("SUN-SES-LOGOUT",
            "`logout()` disconnects the user from any externalId and removes the conversation history stored on the client, whether or not a user was logged in; a conversation started afterwards belongs to a new anonymous user. A logout survives an app restart.",
            [S.sunshineLogout]),
        sun("SUN-SES-ANONYMOUS-KEPT",
            "A conversation started without an externalId is kept when the user then logs in with an externalId that has no conversation yet, and from then on belongs to that externalId (it is shown again at its next login).",
            [S.sunshineOmitting]),
        sun("SUN-SES-DEVICE-HISTORY",
            "Without an externalId the conversation stays on the client it was started on: it survives an app restart.",
            [S.sunshineOmitting]),
        sun("SUN-SES-EXPIRY",
            "A token's `exp` is checked when `login` is called, and it also bounds the session: once it has passed, a session never reports another user, never shows another user's conversation and never keeps the user's conversation visible to an anonymous user; what it does instead is AMB-SUN-SES-EXPIRED. A `login` with a new token brings the user and their conversation back, and a `logout` still ends the session.",
            [S.sunshineExpiring, S.sunshineLogout]),
        sun("SUN-SES-FAILED-LOGIN",
            "A failed `login` (token refused for any reason) changes nothing: the previous user, or anonymous user, and the visible conversation stay exactly as they were, and the attempted externalId is never reported as the user.",
            [S.sunshineLogin, S.issue177]),
    ]

    private static func ambiguity(
        _ id: String, _ profile: String, question: String, readings: [String], decision: String, rationale: String,
        sources: [String]
    ) -> AmbiguityDefinition {
        AmbiguityDefinition(
            id: id, profiles: [profile], question: question, readings: readings, decision: decision, rationale: rationale,
            sources: sources, leavesVerdictOpen: true, sessionOnly: true
        )
    }

    static let ambiguities: [AmbiguityDefinition] = [
        ambiguity("AMB-KUS-SES-PRE-LOGIN-CHATS", "kustomer",
            question: "What happens to conversations started anonymously when `logIn` succeeds?",
            readings: [
                "Cleared: only the customer's own history is visible (000 and 003: logIn discards the chats tied to the current customer).",
                "Kept: they are saved and linked to the customer who logs in (001: logIn \"saves chats started before the call\").",
            ],
            decision: "Either reading, on every platform, but one reading throughout a vector: a session that hides the chats at one login and shows them at a later one fails. Conversations of a previously logged-in customer are never carried over (KUS-SES-SWITCH).",
            rationale: "001 has both sentences, so the documents contradict each other even for one platform, and the web page is silent. Both readings keep customers apart.",
            sources: [S.s000 + "Log in as a specific user", S.s001 + "Log in as a specific user", S.when001, S.s003 + "Log in as a specific user"]),
        ambiguity("AMB-KUS-SES-LOGOUT-ANONYMOUS", "kustomer",
            question: "Does `logOut()` while anonymous clear the conversations started on the device?",
            readings: ["No: there is no customer to log out, so nothing changes.", "Yes: logOut resets the SDK to a fresh anonymous customer."],
            decision: "Either reading; the session stays anonymous.",
            rationale: "The seeds name logOut without describing what it does to an anonymous session.",
            sources: S.kustomerLogOut(.reactNative) + S.kustomerLogOut(.ios)),
        ambiguity("AMB-KUS-SES-RELOGIN-FAILURE", "kustomer",
            question: "What does `logOutThenLogIn(jwt)` leave behind when its token is refused?",
            readings: [
                "Nothing changes: the token is checked before logging out.",
                "The logOut half took place: an anonymous session with nothing of the previous customer.",
            ],
            decision: "Either reading, and the call reports an error; the refused token's customer is never logged in.",
            rationale: "003 names the call only. The failed-login rule forbids a change of customer; whether the logout half is undone has no security consequence.",
            sources: S.kustomerReLogIn + [S.issue177]),
        ambiguity("AMB-KUS-SES-RESTART", "kustomer",
            question: "On the web and React Native, does a login survive an app restart (a page reload), and on the web an anonymous conversation?",
            readings: ["Yes, as on iOS and Android.", "No: the app starts again as a fresh anonymous session with nothing visible."],
            decision: "Either reading there (an anonymous React Native conversation must survive: 003 keeps history on the device). Never another customer, never the customer of a refused token. iOS and Android must keep both (KUS-SES-RESTART, KUS-SES-DEVICE-HISTORY).",
            rationale: "Only 000 (the keychain) and 001 (do not call logIn on every app load) speak of restarts.",
            sources: [S.when000, S.when001, S.s002 + "Log in and authentication", S.s003 + "Log in and authentication"]),
        ambiguity("AMB-KUS-SES-QUERY-BOTH-NATIVE", "kustomer",
            question: "What does iOS or Android `isLoggedIn(userEmail:userId:)` answer when given both identifiers?",
            readings: ["The email decides, as it does in a token.", "Both must name the logged-in customer."],
            decision: "Either answer where the readings differ (the email names the customer and the id does not); false where they agree. True for another customer's email never conforms.",
            rationale: "The seeds only show calls with one identifier and nil for the other.",
            sources: [S.s000 + "Verify if you are logged in", S.s001 + "Verify if you are logged in"]),
        ambiguity("AMB-KUS-SES-QUERY-BOTH-WEB", "kustomer",
            question: "What does web `isLoggedIn({email, externalId})` answer when the options hold both?",
            readings: ["The email decides.", "Both must name the logged-in customer.", "An error: the options hold either the email or the externalId."],
            decision: "Any of the three where they differ, one reading throughout a vector; never true for another customer's email.",
            rationale: "The options table makes each member optional as long as the other is given, and says nothing of both.",
            sources: S.kustomerWebOptions),
        ambiguity("AMB-KUS-SES-QUERY-NEITHER-NATIVE", "kustomer",
            question: "What does iOS or Android `isLoggedIn(userEmail: nil, userId: nil)` answer while a customer is logged in?",
            readings: ["false: no customer is named.", "true: some customer is logged in."],
            decision: "Either answer while logged in; false while anonymous.",
            rationale: "The seeds describe the answer for a given user only; the native signature has no way to report an error.",
            sources: [S.s000 + "Verify if you are logged in", S.s001 + "Verify if you are logged in"]),
        ambiguity("AMB-KUS-SES-QUERY-IDTYPE", "kustomer",
            question: "What does React Native `isLoggedIn(idType, id)` do with an idType other than \"email\" or \"userId\", such as \"externalId\" (the claim's own name)?",
            readings: ["An error: the value is outside the declared type.", "false: no customer matches.", "It is treated as \"userId\"."],
            decision: "Any of the three.",
            rationale: "003 types idType as \"email\" | \"userId\" and says nothing of other values; the parameter is named after the claim `externalId` elsewhere (vendor-facts.md).",
            sources: [S.s003 + "Verify if you are logged in", "vendor-facts.md § Kustomer Chat"]),
        ambiguity("AMB-KUS-SES-EMAIL-CASE", "kustomer",
            question: "Does `isLoggedIn` by email match an address that differs only in letter case?",
            readings: ["No: identifiers compare exactly.", "Yes: email addresses are compared case-insensitively."],
            decision: "Either answer for an email that differs from the customer's only in letter case.",
            rationale: "The seeds do not say how emails are compared; mail systems ignore the case of the domain and often of the whole address.",
            sources: SessionPlatform.allCases.flatMap(S.kustomerVerify)),
        ambiguity("AMB-SUN-SES-MERGE", "sunshine",
            question: "A conversation was started anonymously, then the user logs in as an externalId that already has a conversation: what is visible?",
            readings: ["Both: the anonymous conversation joins the user's.", "Only the user's: the anonymous conversation stays behind."],
            decision: "Either reading, one throughout a vector; the user's own conversation must be visible, and nothing of another user.",
            rationale: "004 describes an externalId added to a user who had none; a login as an existing externalId is not described.",
            sources: [S.sunshineOmitting, S.sunshineClients]),
        ambiguity("AMB-SUN-SES-EXPIRED", "sunshine",
            question: "What does a session observe once the `exp` of the token it logged in with has passed, when the app has given the SDK no new token?",
            readings: [
                "The login lasts: the user and their conversation stay, and conversations can still be started (the SDK renews its credentials, or only its first request carried the token).",
                "The login ends at `exp`: the client is a fresh anonymous user with nothing of the user's visible, until a `login` with a new token.",
                "The user stays logged in, but the SDK's requests are refused: starting a conversation fails (`expired`) and changes nothing, until a `login` with a new token.",
            ],
            decision: "Any of the three, one reading throughout a vector; never another user, and never the user's conversation on an anonymous session (SUN-SES-EXPIRY). Kustomer has no such question: its token is checked once, at `logIn` (KUS-SES-TOKEN-ONCE).",
            rationale: "004 says that a request made with a JWT whose `exp` has passed is rejected and that apps using `exp` must regenerate JWTs, but not what the SDK shows meanwhile, nor whether its requests still carry the login's JWT.",
            sources: [S.sunshineExpiring, S.sunshineLogin]),
        ambiguity("AMB-SUN-SES-RESTART", "sunshine",
            question: "Does a Sunshine login survive an app restart?",
            readings: ["Yes: the SDK keeps the user until logout.", "No: the app logs in again; until then it is a fresh anonymous user with nothing visible."],
            decision: "Either reading; an anonymous conversation (SUN-SES-DEVICE-HISTORY) and a logout (SUN-SES-LOGOUT) must survive.",
            rationale: "004 says how to log in and out, not how long a login lasts on the client.",
            sources: [S.sunshineLogin, S.sunshineLogout]),
    ]

    static let flags: [FlagDefinition] = [
        FlagDefinition(id: "derived", meaning: "A session script derived from the session state machine (its id comes from its path); see the session coverage figures."),
        FlagDefinition(id: "cross-customer", meaning: "A wrong answer would show one customer's conversations to another, or report the wrong customer as logged in."),
    ]
}
