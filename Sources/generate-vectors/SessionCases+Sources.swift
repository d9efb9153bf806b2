import JWTConformance

/// The seed passages session vectors cite.
enum SessionSources {
    static let s000 = "000_777d1ef689657a14.txt § "
    static let s001 = "001_80f235ec93f6e246.txt § "
    static let s002 = "002_9e0dbd0e5c852d46.txt § "
    static let s003 = "003_265cea106beb7c09.txt § "
    static let s004 = "004_72221c0a125b0e0a.txt § "
    static let issue177 = "vendor-facts.md § Sunshine Conversations (Smooch)"

    static let when000 = s000 + "Log in as a specific user › When do I need to call Kustomer.logIn?"
    static let when001 = s001 + "Log in as a specific user › When do I need to call logIn?"

    static func kustomerLogIn(_ platform: SessionPlatform) -> [String] {
        switch platform {
        case .ios: [s000 + "Log in as a specific user"]
        case .android: [s001 + "Log in as a specific user"]
        case .web: [s002 + "Log in and authentication"]
        case .reactNative: [s003 + "Log in as a specific user"]
        }
    }

    static func kustomerVerify(_ platform: SessionPlatform) -> [String] {
        switch platform {
        case .ios: [s000 + "Verify if you are logged in"]
        case .android: [s001 + "Verify if you are logged in"]
        case .web: [s002 + "Verify if you are logged in"]
        case .reactNative: [s003 + "Verify if you are logged in"]
        }
    }

    static func kustomerPrecedence(_ platform: SessionPlatform) -> [String] {
        switch platform {
        case .ios: [s000 + "Verify if you are logged in", s000 + "Generating a JWT token › Payloads for JWT token"]
        case .android: [s001 + "Verify if you are logged in › Note"]
        case .web: [s002 + "Verify if you are logged in › Note"]
        case .reactNative: [s003 + "Generating a JWT token", s000 + "Generating a JWT token › Payloads for JWT token"]
        }
    }

    static func kustomerWhen(_ platform: SessionPlatform) -> [String] {
        platform == .android ? [when001] : [when000]
    }

    static func kustomerPreLogin(_ platform: SessionPlatform) -> [String] {
        kustomerLogIn(platform) + (platform == .android ? [when001] : [s000 + "Log in as a specific user", when001])
    }

    static func kustomerFailure(_ platform: SessionPlatform) -> [String] {
        kustomerLogIn(platform) + [issue177]
    }

    static func kustomerRestart(_ platform: SessionPlatform) -> [String] {
        switch platform {
        case .ios: [when000]
        case .android: [when001]
        case .web: [s002 + "Log in and authentication"]
        case .reactNative: [s003 + "Log in and authentication"]
        }
    }

    static func kustomerDevice(_ platform: SessionPlatform) -> [String] {
        switch platform {
        case .ios: [s000 + "Log in and authentication"]
        case .android: [s001 + "opening paragraphs"]
        case .web: [s002 + "Log in and authentication"]
        case .reactNative: [s003 + "Log in and authentication"]
        }
    }

    static func kustomerLogOut(_ platform: SessionPlatform) -> [String] {
        platform == .reactNative
            ? [s003 + "Logging out"]
            : [s000 + "Use logIn and logOut instead of identifyCurrentCustomer (deprecated)", when000]
    }

    static let kustomerReLogIn = [s003 + "Re-authenticating (logging out then logging in again)"]
    static let kustomerWebOptions = [s002 + "Verify if you are logged in › Syntax › options"]

    static let sunshineLogin = s004 + "Authenticating Users (step 5: Smooch.login)"
    static let sunshineClients = s004 + "Users on multiple clients"
    static let sunshineOmitting = s004 + "Omitting the externalId"
    static let sunshineSwitching = s004 + "Switching users"
    static let sunshineLogout = s004 + "Logging out"
    static let sunshineExpiring = s004 + "Expiring JWTs on SDKs"
}
