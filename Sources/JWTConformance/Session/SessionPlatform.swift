/// The SDK flavour whose API shape a session vector uses.
///
/// The platforms differ in how `isLoggedIn` is called and, where the seeds say so, in what
/// survives an app restart; see the session table in the README.
public enum SessionPlatform: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The iOS SDK (`Kustomer.isLoggedIn(userEmail:userId:)`, `[Smooch login:jwt:]`).
    case ios
    /// The Android SDK (the same `isLoggedIn(userEmail, userId)` shape as iOS).
    case android
    /// The web SDK (`Kustomer.isLoggedIn({email} | {externalId}, callback)`, `Smooch.login`).
    case web
    /// React Native and the JavaScript core (`KustomerChat.isLoggedIn(idType, id)`).
    case reactNative = "react-native"

    public var description: String { rawValue }
}
