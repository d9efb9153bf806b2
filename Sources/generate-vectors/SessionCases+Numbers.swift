import JWTConformance

/// The permanent number of every session case, by platform and case name: written here once,
/// never derived from the order of definition. A new case takes the next free number; a
/// withdrawn one keeps its number retired.
enum SessionNumbers {
    static let kustomer: [SessionPlatform: [String: Int]] = [
        .ios: [
            "fresh": 1, "email": 2, "external-id": 3, "both-claims": 4,
            "history": 5, "token-once": 6, "switch": 7, "same-customer": 8,
            "pre-login-chats": 9, "refused-anonymous": 10, "refused-logged-in": 11, "restart-login": 12,
            "restart-anonymous": 13, "restart-after-refusal": 14, "query-both": 15, "query-other-email": 16,
            "query-neither": 17, "email-case": 18, "logout": 19, "logout-fresh": 20,
            "logout-anonymous": 21, "logout-restart": 22, "refused-malformed": 23, "refused-algorithm-not-allowed": 24,
            "refused-invalid-header": 25, "refused-bad-signature": 27, "refused-missing-claim": 28,
            "refused-invalid-claim-type": 29, "refused-invalid-claim-value": 30, "refused-expired": 31, "refused-not-yet-valid": 32,
            "refused-issued-at-out-of-window": 33, "empty-email": 94,
            // 26 is retired: "refused-unknown-key" (suite 1.1.0) cannot happen where kid is only a hint.
        ],
        .android: [
            "fresh": 34, "email": 35, "external-id": 36, "both-claims": 37,
            "history": 38, "token-once": 39, "switch": 40, "same-customer": 41,
            "pre-login-chats": 42, "refused-anonymous": 43, "refused-logged-in": 44, "restart-login": 45,
            "restart-anonymous": 46, "restart-after-refusal": 47, "query-both": 48, "query-other-email": 49,
            "query-neither": 50, "email-case": 51,
        ],
        .web: [
            "fresh": 52, "email": 53, "external-id": 54, "both-claims": 55,
            "history": 56, "token-once": 57, "switch": 58, "same-customer": 59,
            "pre-login-chats": 60, "refused-anonymous": 61, "refused-logged-in": 62, "restart-login": 63,
            "restart-anonymous": 64, "restart-after-refusal": 65, "query-both-web": 66, "query-neither-web": 67,
            "email-case": 68,
        ],
        .reactNative: [
            "fresh": 69, "email": 70, "external-id": 71, "both-claims": 72,
            "history": 73, "token-once": 74, "switch": 75, "same-customer": 76,
            "pre-login-chats": 77, "refused-anonymous": 78, "refused-logged-in": 79, "restart-login": 80,
            "restart-anonymous": 81, "restart-after-refusal": 82, "query-idtype": 83, "query-kinds": 84,
            "email-case": 85, "logout": 86, "logout-fresh": 87, "logout-anonymous": 88,
            "logout-restart": 89, "relogin-other": 90, "relogin-fresh": 91, "relogin-same": 92,
            "relogin-refused": 93,
        ],
    ]

    static let sunshine: [SessionPlatform: [String: Int]] = [
        .web: [
            "login": 1, "restart-anonymous": 2, "restart-login": 3, "refused-other-id": 4,
            "logout": 5, "mismatch-fresh": 6, "mismatch-logged-in": 7, "switch": 8,
            "same-user": 9, "logout-anonymous": 10, "anonymous-kept": 11, "anonymous-merged": 12,
            "merge-after-logout": 13, "logout-restart": 14, "refused-anonymous": 15, "refused-malformed": 16,
            "refused-algorithm-not-allowed": 17, "refused-invalid-header": 18, "refused-unknown-key": 19, "refused-bad-signature": 20,
            "refused-missing-claim": 21, "refused-invalid-claim-type": 22, "refused-invalid-claim-value": 23, "refused-expired": 24,
            "refused-not-yet-valid": 25,
        ],
        .ios: [
            "login": 26, "restart-anonymous": 27, "restart-login": 28, "refused-other-id": 29,
            "logout": 30,
        ],
        .android: [
            "login": 31, "restart-anonymous": 32, "restart-login": 33, "refused-other-id": 34,
            "logout": 35,
        ],
    ]

    static let zendeskMessaging: [SessionPlatform: [String: Int]] = [
        .ios: ["conflict-after-pairing": 1, "unverified-email": 2],
        .android: ["conflict-after-pairing": 3, "unverified-email": 4],
    ]
}
