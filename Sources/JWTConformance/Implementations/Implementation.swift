/// A token verifier under test.
///
/// Return ``Verdict/reject(_:)`` for a token you refuse, with the reason when you know it.
/// Throw ``ImplementationUnsupported`` to skip one request; any other error is recorded as
/// an error for that vector.
public protocol TokenVerifier: Sendable {
    /// Verifies one token.
    func verify(_ request: VerificationRequest) async throws -> Verdict

    /// Verifies several tokens: each request's verdict, or what verifying it alone throws, in
    /// order. The default verifies one after another; a verifier that can have several
    /// requests in flight (a testee over a pipe) overrides it.
    func verify(_ requests: [VerificationRequest]) async -> [Result<Verdict, any Error>]
}

extension TokenVerifier {
    public func verify(_ requests: [VerificationRequest]) async -> [Result<Verdict, any Error>] {
        var verdicts: [Result<Verdict, any Error>] = []
        verdicts.reserveCapacity(requests.count)
        for request in requests {
            do {
                verdicts.append(.success(try await verify(request)))
            } catch {
                verdicts.append(.failure(error))
            }
        }
        return verdicts
    }
}

/// A token signer under test: returns a compact JWS.
public protocol TokenSigner: Sendable {
    /// Issues one token.
    func sign(_ request: SigningRequest) async throws -> String
}

/// Thrown by an implementation that declines one request (the vector is then *skipped*).
public struct ImplementationUnsupported: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Who an implementation is: reported with every run.
public struct ImplementationMetadata: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
    public var language: String

    public init(name: String, version: String, language: String) {
        self.name = name
        self.version = version
        self.language = language
    }
}

/// An implementation under test: the roles it plays and the profiles it supports.
///
/// A vector whose role or profile the implementation does not declare is *not applicable*:
/// reported apart from passes and failures.
///
/// ```swift
/// let implementation = Implementation(
///     metadata: .init(name: "my-backend", version: "1.2.0", language: "Swift"),
///     profiles: ["kustomer"],
///     verifier: MyVerifier(),
///     signer: MySigner()
/// )
/// ```
public struct Implementation: Sendable {
    public var metadata: ImplementationMetadata
    public var profiles: Set<ProfileID>
    public var verifier: (any TokenVerifier)?
    public var signer: (any TokenSigner)?
    /// The session role: what an SDK does with tokens across calls.
    public var session: (any SessionDriver)?

    public init(
        metadata: ImplementationMetadata,
        profiles: Set<ProfileID>,
        verifier: (any TokenVerifier)? = nil,
        signer: (any TokenSigner)? = nil,
        session: (any SessionDriver)? = nil
    ) {
        self.metadata = metadata
        self.profiles = profiles
        self.verifier = verifier
        self.signer = signer
        self.session = session
    }

    /// The roles the implementation plays.
    public var roles: Set<Role> {
        Set(Role.allCases.filter(plays))
    }

    /// Whether the implementation plays `role`.
    public func plays(_ role: Role) -> Bool {
        switch role {
        case .verifier: verifier != nil
        case .signer: signer != nil
        case .session: session != nil
        }
    }

    /// Whether the implementation declares the vector's role and profile.
    public func isApplicable(_ vector: ConformanceVector) -> Bool {
        profiles.contains(vector.profile) && plays(vector.role)
    }
}
