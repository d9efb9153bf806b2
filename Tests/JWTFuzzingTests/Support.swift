import Foundation
import JWTConformance
import JWTFuzzing

/// A verifier with one deliberate bug, built on the reference: it ignores `exp` when the payload
/// also has a claim the profile does not use (a code path the corpus never takes).
struct ExpIgnoringVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard var profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        let used = Set(profile.identityClaims.map(\.claim) + [profile.scope?.claim, "iat", "exp", "nbf"].compactMap { $0 })
        if let jws = try? CompactJWS.decode(request.token), jws.payload.keys.contains(where: { !used.contains($0) }) {
            profile.expiration.honoured = false
        }
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
    }
}

/// A verifier that accepts an unsecured token (`alg` `none`, empty signature) naming a customer.
struct NoneAcceptingVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        if let jws = try? CompactJWS.decode(request.token), jws.header["alg"] == "none", jws.signature.isEmpty,
            let claim = profile.identityClaims.first(where: { jws.payload[$0.claim]?.stringValue != nil }),
            let value = jws.payload[claim.claim]?.stringValue
        {
            return .accept(Identity(kind: claim.kind, value: value))
        }
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
    }
}

/// A verifier that refuses every token whose header segment is longer than 36 characters as
/// malformed and verifies the rest with the reference: wrong for many tokens, in many ways.
struct FirstSegmentBlindVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        if (request.token.split(separator: ".").first?.count ?? 0) > 36 { return .reject(.malformed) }
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
    }
}

/// A verifier that refuses, once, a token the reference accepts, as malformed, and otherwise
/// answers as the reference does: a disagreement that never shows again on its own.
final class OnceWrongVerifier: TokenVerifier, @unchecked Sendable {
    let profiles: [ProfileID: ProfileDefinition]
    private let lock = NSLock()
    private var wrongOnce = false

    init(profiles: [ProfileID: ProfileDefinition]) { self.profiles = profiles }

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        let verdict = ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
        guard case .accept = verdict else { return verdict }
        let first = lock.withLock {
            defer { wrongOnce = true }
            return !wrongOnce
        }
        return first ? .reject(.malformed) : verdict
    }
}

enum Fixtures {
    static let corpus: Corpus = {
        do { return try Corpus.bundled(environment: [:]) } catch { fatalError("the bundled corpus does not load: \(error)") }
    }()

    static func implementation(_ verifier: some TokenVerifier, name: String) -> Implementation {
        Implementation(
            metadata: .init(name: name, version: "1", language: "Swift"), profiles: Set(corpus.profiles.keys), verifier: verifier)
    }

    static var reference: Implementation { .reference(profiles: corpus.profiles) }

    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    /// Runs a fuzzer and collects its findings.
    static func fuzz(
        _ implementation: Implementation, seed: UInt64, count: Int, profiles: [ProfileID] = [],
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> (Fuzzer.Statistics, [Finding]) {
        let fuzzer = Fuzzer(
            corpus: corpus, implementation: implementation,
            configuration: .init(seed: seed, budget: .count(count), profiles: profiles, shrinkAttempts: 200, workers: workers))
        var findings: [Finding] = []
        let statistics = await fuzzer.run { event in
            if case .finding(let finding) = event { findings.append(finding) }
        }
        return (statistics, findings)
    }
}
