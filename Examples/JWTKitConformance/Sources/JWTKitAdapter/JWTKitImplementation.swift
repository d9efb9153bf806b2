import JWTConformance

/// The jwt-kit verifier as a suite plug-in: one `JWTKeyCollection` per request, loaded with the
/// request's keys.
public struct JWTKitVerifier: TokenVerifier {
    public init() {}

    public func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let rules = VendorRules.rules(for: request.profile) else {
            throw ImplementationUnsupported("jwt-kit adapter: no rules for profile \"\(request.profile)\"")
        }
        let verifier = try await JWTKitProfileVerifier(rules: rules, keys: request.keys)
        return try await verifier.verify(request.token, now: request.now)
    }
}

extension Implementation {
    /// The jwt-kit version the adapter and `known-failures.txt` were last checked with.
    public static let jwtKitVersion = "5.8.0"

    /// vapor/jwt-kit with the adapter's vendor rules, as signer and verifier for Kustomer and Sunshine.
    public static func jwtKit() -> Implementation {
        Implementation(
            metadata: ImplementationMetadata(name: "vapor/jwt-kit", version: jwtKitVersion, language: "Swift"),
            profiles: ["kustomer", "sunshine"],
            verifier: JWTKitVerifier(),
            signer: JWTKitSigner()
        )
    }
}
