import Foundation
import JWTConformance
import Testing

/// Realistic broken verifiers and signers, one per class of deviation the derived families were
/// written for: each must fail at least one derived vector of its family, while the reference
/// passes every one of them.
@Suite("Derived families catch realistic broken implementations")
struct BrokenImplementationTests {
    static let corpus: Result<Corpus, any Error> = Result { try Corpus.bundled() }

    /// Runs `implementation` over the bundled vectors and returns the ids of the derived vectors
    /// of `family` (the description prefix `Derived (family`) it fails.
    func failedDerived(_ family: String, _ implementation: Implementation) async throws -> [String] {
        let corpus = try Self.corpus.get()
        let vectors = corpus.vectors.filter { $0.description.hasPrefix("Derived (" + family) }
        try #require(!vectors.isEmpty, "no derived vector of family \(family)")
        let runner = ConformanceRunner(corpus: corpus)
        let reference = await runner.run(vectors, against: .reference(profiles: corpus.profiles))
        #expect(reference.allSatisfy { $0.outcome == .passed }, "the reference fails a \(family) vector")
        return await runner.run(vectors, against: implementation).compactMap {
            if case .failed = $0.outcome { return $0.vector.id.rawValue }
            return nil
        }
    }

    func verifier(_ name: String, _ verifier: some TokenVerifier) throws -> Implementation {
        let profiles = try Self.corpus.get().profiles
        return Implementation(metadata: .init(name: name, version: "0", language: "Swift"), profiles: Set(profiles.keys),
                              verifier: verifier)
    }

    func signer(_ name: String, _ signer: some TokenSigner) throws -> Implementation {
        let profiles = try Self.corpus.get().profiles
        return Implementation(metadata: .init(name: name, version: "0", language: "Swift"), profiles: Set(profiles.keys),
                              signer: signer)
    }

    var reference: ReferenceTokenVerifier {
        get throws { ReferenceTokenVerifier(profiles: try Self.corpus.get().profiles) }
    }

    @Test("a JSON reader that stops after the first value (like a streaming decoder) fails the grammar family")
    func trailingTextIgnored() async throws {
        let broken = RewritingVerifier(reference: try reference) { text in
            guard let end = text.lastIndex(of: UInt8(ascii: "}")) else { return text }
            return Array(text[...end])
        }
        let failed = try await failedDerived("RFC 8259 grammar", try verifier("first value only", broken))
        #expect(!failed.isEmpty)
    }

    @Test("a reader that falls back to ISO 8859-1 for bytes that are not UTF-8 fails the encoding family")
    func latin1Fallback() async throws {
        let broken = RewritingVerifier(reference: try reference) { text in
            String(validating: text, as: UTF8.self) == nil ? Array(String(text.map { Character(Unicode.Scalar($0)) }).utf8) : text
        }
        let failed = try await failedDerived("encoding", try verifier("latin-1 fallback", broken))
        #expect(!failed.isEmpty)
    }

    @Test("a verifier that coerces NumericDate strings and one-element arrays (like Python's int()) fails the member family")
    func numericDateCoerced() async throws {
        let broken = RewritingVerifier(reference: try reference, payloadOnly: true) { text in
            guard case .object(var object)? = try? JSONParser.parse(text) else { return text }
            for name in ["exp", "nbf", "iat"] {
                var value = object[name]
                if case .array(let items)? = value, items.count == 1 { value = items[0] }
                if case .string(let digits)? = value,
                   let number = Int64(digits.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "+", with: "")) {
                    value = .number(JSONNumber(number))
                }
                object[name] = value
            }
            return JSONValue.object(object).serializedUTF8()
        }
        let failed = try await failedDerived("member × type", try verifier("coercing dates", broken))
        #expect(failed.contains { $0.contains("-TIM-2") })
    }

    @Test("a verifier that reads a NumericDate of 0 as absent (Go's zero value) fails the member family before 1970")
    func zeroDateAbsent() async throws {
        let broken = RewritingVerifier(reference: try reference, payloadOnly: true) { text in
            guard case .object(var object)? = try? JSONParser.parse(text) else { return text }
            for name in ["exp", "nbf", "iat"] where object[name] == .number(JSONNumber(0)) {
                object[name] = nil
            }
            return JSONValue.object(object).serializedUTF8()
        }
        let failed = try await failedDerived("member × type", try verifier("zero is absent", broken))
        #expect(failed.contains { $0.hasSuffix("-TIM-2252") } && failed.contains { $0.hasSuffix("-TIM-2253") })
    }

    @Test("a verifier that keys members by C string (a name ends at U+0000, the last one wins) fails the member-name family")
    func namesCutAtNUL() async throws {
        let broken = RewritingVerifier(reference: try reference) { text in
            guard case .object(let object)? = try? JSONParser.parse(text) else { return text }
            var cut = JSONObject()
            for (name, value) in object { cut[String(name.prefix { $0 != "\u{0}" })] = value }
            return JSONValue.object(cut).serializedUTF8()
        }
        let failed = try await failedDerived("member name", try verifier("C-string names", broken))
        #expect(failed.contains { $0.contains("-HDR-26") } && failed.contains { $0.contains("-CLM-26") })
    }

    @Test("a verifier that trims whitespace and strips a Bearer prefix fails the token-form family")
    func tokenFormsForgiven() async throws {
        let broken = ForgivingVerifier(reference: try reference)
        let failed = try await failedDerived("token form", try verifier("forgiving", broken))
        #expect(!failed.isEmpty)
    }

    @Test("a verifier that falls back to the first key when kid names none fails the key-selection family")
    func firstKeyFallback() async throws {
        let broken = FirstKeyFallbackVerifier(reference: try reference)
        let failed = try await failedDerived("key selection", try verifier("first-key fallback", broken))
        #expect(failed.contains { $0.hasPrefix("SUN-HDR-15") })
    }

    @Test("a signer that normalises and trims the subject fails the signer-subject family")
    func normalisingSigner() async throws {
        let profiles = try Self.corpus.get().profiles
        let broken = ClockOrSubjectBendingSigner(reference: ReferenceTokenSigner(profiles: profiles)) { subject, now in
            let bend = { (text: String?) in text.map { $0.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces) } }
            return (Subject(externalId: bend(subject.externalId), email: bend(subject.email)), now)
        }
        let failed = try await failedDerived("signer subject", try signer("normalising", broken))
        #expect(!failed.isEmpty)
    }

    @Test("a signer whose clock goes through a Double (JavaScript numbers) fails the signer-clock family")
    func doubleClockSigner() async throws {
        let profiles = try Self.corpus.get().profiles
        let broken = ClockOrSubjectBendingSigner(reference: ReferenceTokenSigner(profiles: profiles)) { subject, now in
            (subject, Int64(Double(now)))
        }
        let failed = try await failedDerived("signer clock", try signer("double clock", broken))
        #expect(!failed.isEmpty)
    }

    @Test("a signer with a 32-bit clock fails the signer-clock family")
    func thirtyTwoBitClockSigner() async throws {
        let profiles = try Self.corpus.get().profiles
        let broken = ClockOrSubjectBendingSigner(reference: ReferenceTokenSigner(profiles: profiles)) { subject, now in
            (subject, Int64(Int32(truncatingIfNeeded: now)))
        }
        let failed = try await failedDerived("signer clock", try signer("32-bit clock", broken))
        #expect(!failed.isEmpty)
    }
}

// MARK: - Spellings that must keep passing

@Suite("Signer spellings")
struct SignerSpellingTests {
    @Test("spelling-only variants of the reference signer pass every signer vector: key order, whitespace, \\u escapes, extra claims")
    func spellingVariantsPass() async throws {
        let corpus = try Corpus.bundled()
        let vectors = corpus.vectors.filter { $0.role == .signer }
        try #require(vectors.count > 50)
        let respelled = RespellingSigner(reference: ReferenceTokenSigner(profiles: corpus.profiles))
        let implementation = Implementation(metadata: .init(name: "respelled", version: "0", language: "Swift"),
                                            profiles: Set(corpus.profiles.keys), signer: respelled)
        let results = await ConformanceRunner(corpus: corpus).run(vectors, against: implementation)
        let failed = results.filter { $0.outcome != .passed }.map(\.vector.id.rawValue)
        #expect(failed.isEmpty, "spelling-only variants failed: \(failed.prefix(10))")
        // and the respelling really changed the bytes
        let request = try #require(vectors.first.map { vector -> SigningRequest? in
            if case .signing(let signing) = vector.body { return signing.request(profile: vector.profile) }
            return nil
        } ?? nil)
        let plain = try await ReferenceTokenSigner(profiles: corpus.profiles).sign(request)
        let variant = try await respelled.sign(request)
        #expect(plain.split(separator: ".")[1] != variant.split(separator: ".")[1])
        #expect(plain.split(separator: ".")[0] != variant.split(separator: ".")[0])
    }
}

/// Signs like the reference, then writes the header and payload again in another spelling of the
/// same JSON: members in reverse order, whitespace between every token, every string character as a
/// `\u` escape, and an extra unregistered claim; and signs that.
struct RespellingSigner: TokenSigner {
    var reference: ReferenceTokenSigner

    func sign(_ request: SigningRequest) async throws -> String {
        let token = try await reference.sign(request)
        let parts = token.split(separator: ".")
        func respell(_ segment: Substring, extra: Bool) throws -> String {
            guard case .object(var object) = try JSONParser.parse(try Base64URL.decode(segment)) else { return String(segment) }
            if extra { object.append(key: "x-unregistered", value: .array([.bool(true), .null])) }
            return Base64URL.encode(Array(Self.text(.object(JSONObject(members: object.members.reversed()))).utf8))
        }
        let input = try respell(parts[0], extra: false) + "." + (try respell(parts[1], extra: true))
        return input + "." + Base64URL.encode(HMACSHA256.authenticationCode(for: Array(input.utf8), key: Array(request.key.secret.utf8)))
    }

    /// JSON text with spaces around every token and every string character escaped.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .object(let object):
            return "{ " + object.members.map { text(.string($0.key)) + " : " + text($0.value) }.joined(separator: " , ") + " }"
        case .array(let items):
            return "[ " + items.map(text).joined(separator: " , ") + " ]"
        case .string(let string):
            return "\"" + string.utf16.map { unit in
                let hex = String(unit, radix: 16)
                return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }.joined() + "\""
        default:
            return value.serialized()
        }
    }
}

// MARK: - The broken implementations

/// A verifier whose JSON reading is lenient in one way: it checks the MAC over the segments as
/// received, then reads `rewrite(decoded segment)` in place of each segment's JSON text.
struct RewritingVerifier: TokenVerifier {
    var reference: ReferenceTokenVerifier
    var payloadOnly = false
    var rewrite: @Sendable ([UInt8]) -> [UInt8]

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        let parts = request.token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let header = try? Base64URL.decode(parts[0]), let payload = try? Base64URL.decode(parts[1]),
              let signature = try? Base64URL.decode(parts[2]),
              let key = request.keys.first(where: {
                  HMACSHA256.isValidAuthenticationCode(signature, for: Array((parts[0] + "." + parts[1]).utf8), key: Array($0.secret.utf8))
              })
        else { return try await reference.verify(request) }
        let rewritten = Base64URL.encode(payloadOnly ? header : rewrite(header)) + "." + Base64URL.encode(rewrite(payload))
        let mac = HMACSHA256.authenticationCode(for: Array(rewritten.utf8), key: Array(key.secret.utf8))
        var resigned = request
        resigned.token = rewritten + "." + Base64URL.encode(mac)
        return try await reference.verify(resigned)
    }
}

/// A verifier that cleans up what it was handed: surrounding whitespace, quotes and a Bearer prefix.
struct ForgivingVerifier: TokenVerifier {
    var reference: ReferenceTokenVerifier

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        var token = request.token.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        for prefix in ["Authorization: ", "Bearer ", "bearer "] where token.hasPrefix(prefix) { token.removeFirst(prefix.count) }
        token = token.trimmingCharacters(in: CharacterSet(charactersIn: "\"'<>\u{FEFF}\u{200B}"))
        var cleaned = request
        cleaned.token = token
        return try await reference.verify(cleaned)
    }
}

/// A verifier that, when the token's `kid` names no configured key, uses the first key anyway.
struct FirstKeyFallbackVerifier: TokenVerifier {
    var reference: ReferenceTokenVerifier

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        let verdict = try await reference.verify(request)
        guard verdict == .reject(.unknownKey), var first = request.keys.first,
              let header = try? Base64URL.decode(request.token.split(separator: ".")[0]),
              case .object(let object)? = try? JSONParser.parse(header), case .string(let kid)? = object["kid"]
        else { return verdict }
        first.kid = kid
        var fallback = request
        fallback.keys = [first]
        return try await reference.verify(fallback)
    }
}

/// A signer that changes the subject or the clock before signing like the reference.
struct ClockOrSubjectBendingSigner: TokenSigner {
    var reference: ReferenceTokenSigner
    var bend: @Sendable (Subject, UnixTime) -> (Subject, UnixTime)

    func sign(_ request: SigningRequest) async throws -> String {
        var bent = request
        (bent.subject, bent.now) = bend(request.subject, request.now)
        return try await reference.sign(bent)
    }
}
