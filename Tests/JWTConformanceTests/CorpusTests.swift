import Foundation
import JWTConformance
import JWTConformanceTesting
import Testing

/// The committed corpus: it loads, the reference implementation passes every verifier and
/// signer vector (checked directly, without the runner), and it is internally consistent.
@Suite("Corpus")
struct CorpusTests {
    /// The whole bundled corpus, whatever `JWT_CONFORMANCE_VECTORS` says.
    static let corpus: Result<Corpus, LoadFailure> = Result {
        try Corpus.bundled(environment: [:])
    }.mapError { LoadFailure(message: "\($0)") }

    static var vectors: [ConformanceVector] { (try? corpus.get())?.vectors ?? [] }
    static let verifierVectors = vectors.filter { $0.role == .verifier }
    static let signerVectors = vectors.filter { $0.role == .signer }

    struct LoadFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    // MARK: (a) it loads

    @Test func theBundledCorpusLoads() throws {
        let corpus = try Self.corpus.get()
        #expect(corpus.catalogue != nil, "rules/catalogue.json is missing")
        // The profiles are data: every profile file has vectors, every vector a profile file, and
        // every bundled profile a name and a unique id prefix.
        #expect(corpus.profiles.count >= 2)
        #expect(Set(corpus.vectors.map(\.profile)) == Set(corpus.profiles.keys))
        let prefixes = corpus.profiles.values.compactMap(\.idPrefix)
        #expect(prefixes.count == corpus.profiles.count && Set(prefixes).count == prefixes.count, "\(prefixes)")
        #expect(corpus.profiles.values.allSatisfy { $0.name != nil })
        for profile in corpus.profiles.keys {
            for category in [VectorCategory.header, .claims, .timing, .precedence, .signature, .vendorShapes, .signer] {
                #expect(corpus.vectors.contains { $0.profile == profile && $0.category == category },
                        "no \(category) vectors for \(profile)")
            }
        }
    }

    /// `rules/versions.json` records the suite version and digest of exactly this corpus.
    @Test func theVersionLedgerNamesThisCorpus() throws {
        let corpus = try Self.corpus.get()
        let ledgerURL = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/rules/versions.json")
        let ledger = try JSONParser.parse(Array(Data(contentsOf: ledgerURL)))
        let last = try #require(ledger["versions"]?.arrayValue?.last)
        #expect(last["suiteVersion"]?.stringValue == corpus.suiteVersion)
        #expect(last["corpusDigest"]?.stringValue == corpus.digest,
                "the corpus changed without `swift run generate-vectors` (and a suiteVersion bump)")
        #expect(last["numberOfTests"]?.numberValue?.int64Value == Int64(corpus.vectors.count))
    }

    // MARK: (b) the reference passes every vector

    @Test(arguments: verifierVectors)
    func theReferenceVerifierPasses(_ vector: ConformanceVector) throws {
        let corpus = try Self.corpus.get()
        guard case .verification(let verification) = vector.body else { return }
        let profile = try #require(corpus.profiles[vector.profile], "unknown profile \(vector.profile)")
        let report = ReferenceVerifier(profile: profile).verify(verification.token, keys: verification.keys, now: verification.now)
        if let mismatch = Self.mismatch(report.verdict, against: verification.expected) {
            Issue.record("""
                \(vector.id): \(mismatch)
                violations: \(report.violations.map(\.description).joined(separator: "; "))
                """)
        }
    }

    /// The verifier reads a flat header and payload in place (most tokens) and decodes any other
    /// in full; the two readings give the same report, violation for violation.
    @Test func everyVectorGetsTheFullDecodingsReport() throws {
        let corpus = try Self.corpus.get()
        for vector in Self.verifierVectors {
            guard case .verification(let verification) = vector.body, let profile = corpus.profiles[vector.profile] else { continue }
            let verifier = ReferenceVerifier(profile: profile)
            let full = verifier.verify(verifier.decode(verification.token), keys: verification.keys, now: verification.now)
            let report = verifier.verify(verification.token, keys: verification.keys, now: verification.now)
            #expect(report == full, "\(vector.id): \(report.violations) against the full decoding's \(full.violations)")
        }
    }

    @Test(arguments: signerVectors)
    func theReferenceSignerPasses(_ vector: ConformanceVector) throws {
        let corpus = try Self.corpus.get()
        guard case .signing(let signing) = vector.body else { return }
        let profile = try #require(corpus.profiles[vector.profile], "unknown profile \(vector.profile)")
        let token = try ReferenceSigner(profile: profile)
            .sign(subject: signing.subject, key: signing.key, now: signing.now, lifetime: signing.lifetime)
        let problems = Self.signedTokenProblems(token, signing: signing, profile: profile)
        #expect(problems.isEmpty, "\(vector.id): \(problems.joined(separator: "; "))")
    }

    /// Why `verdict` does not conform to `expected`, or nil when it does: the runner's own
    /// judgement, plus one demand on the reference that third parties are spared — a rejection
    /// always names its reason.
    static func mismatch(_ verdict: Verdict, against expected: VerificationExpectation) -> String? {
        if let failure = VerdictJudge().failure(of: verdict, against: expected) { return failure.description }
        if case .reject(nil) = verdict, case .reject = expected { return "rejected without a reason, expected \(expected)" }
        return nil
    }

    /// Every way a signed token falls short of a signer vector, as the runner judges it.
    static func signedTokenProblems(_ token: String, signing: SigningCase, profile: ProfileDefinition) -> [String] {
        SignedTokenJudge(profile: profile).problems(with: token, for: signing)
    }

    // MARK: (c) lint

    @Test func theCorpusIsConsistentWithTheCatalogue() throws {
        let corpus = try Self.corpus.get()
        let catalogue = try #require(corpus.catalogue)
        let problems = CorpusLint.problems(corpus.vectors, catalogue: catalogue, prefixes: corpus.profiles.compactMapValues(\.idPrefix))
        #expect(problems.isEmpty, "\(problems.count) problem(s):\n\(problems.joined(separator: "\n"))")
    }

    @Test func everyProfileHasTheRequiredCoverage() throws {
        let corpus = try Self.corpus.get()
        for profile in corpus.profiles.keys {
            let mine = corpus.vectors.filter { $0.profile == profile }
            let verifier = mine.compactMap { vector -> VerificationExpectation? in
                if case .verification(let verification) = vector.body { return verification.expected }
                return nil
            }
            // Every rejection reason a profile can produce is expected somewhere.
            var reasons: Set<RejectionReason> = []
            for expected in verifier {
                if case .reject(let reason, let alternatives) = expected { reasons.formUnion([reason] + alternatives) }
            }
            var producible = Set(RejectionReason.allCases)
            if corpus.profiles[profile]?.issuedAt == nil { producible.remove(.issuedAtOutOfWindow) }
            #expect(reasons == producible, "\(profile) never expects \(producible.subtracting(reasons))")
            #expect(verifier.contains { if case .acceptable = $0 { true } else { false } })
            for flag in ["boundary", "auth-bypass", "malleability", "vendor-ambiguity", "vendor-sample", "signer-bug", "robustness", "multi-defect"] {
                #expect(mine.contains { $0.flags.contains(flag) }, "\(profile) has no \(flag) vector")
            }
        }
    }
}

/// Consistency checks between the vectors and the rule catalogue.
enum CorpusLint {
    static let categoryCodes: [VectorCategory: String] = [
        .header: "HDR", .claims: "CLM", .timing: "TIM", .precedence: "PRE", .signature: "SIG",
        .vendorShapes: "VND", .signer: "SGN", .session: "SES",
    ]
    /// `prefixes`: each profile's id prefix (its profile file's `idPrefix`).
    static func problems(_ vectors: [ConformanceVector], catalogue: RuleCatalogue, prefixes profilePrefixes: [ProfileID: String]) -> [String] {
        var problems: [String] = []
        let rules = Dictionary(catalogue.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ambiguities = Dictionary(catalogue.ambiguities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let flags = Set(catalogue.flags.map(\.id))
        var exercised: Set<String> = []
        var inputs: [String: ConformanceVector] = [:]

        for vector in vectors {
            let id = vector.id.rawValue
            // Ids match their file's profile and category.
            let prefix = "\(profilePrefixes[vector.profile] ?? "?")-\(categoryCodes[vector.category] ?? "?")-"
            if !id.hasPrefix(prefix) || id.dropFirst(prefix.count).wholeMatch(of: /[0-9]{3,}/) == nil {
                problems.append("\(id) (\(vector.file)) does not match \(prefix)NNN")
            }
            if vector.rules.isEmpty { problems.append("\(id) names no rule") }
            if vector.sources.isEmpty { problems.append("\(id) names no source") }
            // Rules exist and apply to the vector's profile.
            for rule in vector.rules {
                exercised.insert(rule)
                guard let definition = rules[rule] else {
                    problems.append("\(id) names rule \(rule), which is not in the catalogue")
                    continue
                }
                if !definition.profiles.contains("jws") && !definition.profiles.contains(vector.profile.rawValue) {
                    problems.append("\(id) names rule \(rule), which does not apply to \(vector.profile)")
                }
                if !definition.roles.contains(vector.role) {
                    problems.append("\(id) is a \(vector.role) vector but rule \(rule) binds \(definition.roles.map(\.rawValue))")
                }
            }
            // Flags are in the taxonomy.
            for flag in vector.flags where !flags.contains(flag) {
                problems.append("\(id) has flag \(flag), which is not in the taxonomy")
            }
            guard case .verification(let verification) = vector.body else { continue }
            // An acceptable vector names an ambiguity that exists and concerns its profile.
            if case .acceptable(let name, _, _) = verification.expected {
                if let ambiguity = ambiguities[name] {
                    if !ambiguity.profiles.contains(vector.profile.rawValue) {
                        problems.append("\(id) names ambiguity \(name), which does not concern \(vector.profile)")
                    }
                } else {
                    problems.append("\(id) names ambiguity \(name), which is not in the catalogue")
                }
            }
            // The same input never has two expectations.
            let keys = verification.keys.map { "\(Array(($0.kid ?? "\u{0}").utf8))=\(Array($0.secret.utf8))" }.joined(separator: ",")
            let input = "\(vector.profile)|\(Array(verification.token.utf8))|\(keys)|\(verification.now)"
            if let other = inputs[input] {
                if !sameExpectation(other, vector) {
                    problems.append("\(id) and \(other.id) have the same input but different expectations")
                }
            } else {
                inputs[input] = vector
            }
        }
        // Every rule is exercised.
        for rule in catalogue.rules where !exercised.contains(rule.id) {
            problems.append("rule \(rule.id) is exercised by no vector")
        }
        return problems
    }

    private static func sameExpectation(_ lhs: ConformanceVector, _ rhs: ConformanceVector) -> Bool {
        guard case .verification(let a) = lhs.body, case .verification(let b) = rhs.body else { return false }
        switch (a.expected, b.expected) {
        case (.accept(let x), .accept(let y)):
            return x == y
        case (.reject(let x, let xs), .reject(let y, let ys)):
            return x == y && Set(xs) == Set(ys)
        case (.acceptable(let x, let i, let r), .acceptable(let y, let j, let s)):
            return x == y && i == j && Set(r) == Set(s)
        default:
            return false
        }
    }
}

/// The checks above must be able to fail: each is fed a deliberately wrong input.
@Suite("Corpus checks can fail")
struct CorpusCheckTests {
    static let catalogue: RuleCatalogue = {
        let json = """
            {"rules": [
               {"id": "R-ONE", "level": "must", "profiles": ["jws"], "roles": ["verifier"], "statement": "s", "sources": ["x"]},
               {"id": "R-UNUSED", "level": "must", "profiles": ["sunshine"], "roles": ["verifier"], "statement": "s", "sources": ["x"]}
             ],
             "ambiguities": [
               {"id": "AMB-SUN", "profiles": ["sunshine"], "question": "q", "readings": ["a", "b"], "decision": "d",
                "rationale": "r", "sources": ["x"]}
             ],
             "flags": [{"id": "boundary", "meaning": "m"}]}
            """
        return try! JSONDecoder().decode(RuleCatalogue.self, from: Data(json.utf8))
    }()

    static func vector(
        _ id: String, rules: [String] = ["R-ONE"], flags: [String] = [], token: String = "a.b.c",
        expected: VerificationExpectation = .reject(reason: .malformed, alternatives: [])
    ) -> ConformanceVector {
        ConformanceVector(
            id: VectorID(id), description: "d", profile: "kustomer", category: .header, rules: rules, sources: ["x"],
            flags: flags, file: "kustomer/header.json",
            body: .verification(VerificationCase(token: token, keys: [VerificationKey(secret: "s")], now: 1, expected: expected)))
    }

    @Test func theLintFindsEveryKindOfProblem() {
        let problems = CorpusLint.problems([
            Self.vector("KUS-HDR-001"),
            Self.vector("KUS-CLM-002"),
            Self.vector("KUS-HDR-003", rules: ["R-NOPE"]),
            Self.vector("KUS-HDR-004", rules: ["R-UNUSED"]),
            Self.vector("KUS-HDR-005", flags: ["no-such-flag"]),
            Self.vector("KUS-HDR-006", token: "x.y.z", expected: .acceptable(ambiguity: "AMB-NOPE", identity: nil, reasons: [])),
            Self.vector("KUS-HDR-007", token: "u.v.w", expected: .acceptable(ambiguity: "AMB-SUN", identity: nil, reasons: [])),
            Self.vector("KUS-HDR-008", expected: .reject(reason: .expired, alternatives: [])),
        ], catalogue: Self.catalogue, prefixes: ["kustomer": "KUS"])
        let expectedFragments = [
            "KUS-CLM-002 (kustomer/header.json) does not match KUS-HDR-NNN",
            "KUS-HDR-003 names rule R-NOPE, which is not in the catalogue",
            "KUS-HDR-004 names rule R-UNUSED, which does not apply to kustomer",
            "KUS-HDR-005 has flag no-such-flag, which is not in the taxonomy",
            "KUS-HDR-006 names ambiguity AMB-NOPE, which is not in the catalogue",
            "KUS-HDR-007 names ambiguity AMB-SUN, which does not concern kustomer",
            "KUS-HDR-008 and KUS-HDR-001 have the same input but different expectations",
        ]
        for fragment in expectedFragments {
            #expect(problems.contains(fragment), "the lint missed: \(fragment)\nit found: \(problems)")
        }
        let clean = CorpusLint.problems([Self.vector("KUS-HDR-001")], catalogue: Self.catalogue, prefixes: ["kustomer": "KUS"])
        #expect(clean == ["rule R-UNUSED is exercised by no vector"])
    }

    @Test func theVerdictComparisonFindsEveryKindOfMismatch() {
        let alice = Identity.email("alice@example.com")
        let decomposed = Identity.externalId("Jose\u{301}")
        let precomposed = Identity.externalId("Jos\u{E9}")
        #expect(CorpusTests.mismatch(.accept(alice), against: .accept(alice)) == nil)
        #expect(CorpusTests.mismatch(.accept(precomposed), against: .accept(decomposed)) != nil)
        #expect(CorpusTests.mismatch(.reject(.expired), against: .accept(alice)) != nil)
        #expect(CorpusTests.mismatch(.accept(alice), against: .reject(reason: .expired, alternatives: [])) != nil)
        #expect(CorpusTests.mismatch(.reject(.malformed), against: .reject(reason: .badSignature, alternatives: [.malformed])) == nil)
        #expect(CorpusTests.mismatch(.reject(.expired), against: .reject(reason: .badSignature, alternatives: [.malformed])) != nil)
        #expect(CorpusTests.mismatch(.reject(nil), against: .reject(reason: .badSignature, alternatives: [])) != nil)
        let either = VerificationExpectation.acceptable(ambiguity: "AMB-X", identity: alice, reasons: [.invalidHeader])
        #expect(CorpusTests.mismatch(.accept(alice), against: either) == nil)
        #expect(CorpusTests.mismatch(.reject(.invalidHeader), against: either) == nil)
        #expect(CorpusTests.mismatch(.accept(precomposed), against: either) != nil)
        #expect(CorpusTests.mismatch(.reject(.expired), against: either) != nil)
    }

    @Test func theSignerCheckFindsAWrongToken() throws {
        let profiles = try Corpus.bundledProfiles()
        let kustomer = try #require(profiles["kustomer"])
        let key = VerificationKey(secret: "kustomer-test-secret-5a3f9c0e1b7d2468ace0")
        let signing = SigningCase(
            subject: Subject(externalId: "12345"), key: key, now: 1_700_000_000, lifetime: nil,
            expected: SigningExpectation(header: ["alg": "HS256", "typ": "JWT"], claims: ["externalId": "12345", "iat": 1_700_000_000],
                                         identity: .externalId("12345")))
        let good = CompactJWS.encode(header: ["alg": "HS256", "typ": "JWT"], payload: ["externalId": "12345", "iat": 1_700_000_000],
                                     key: key.keyBytes)
        #expect(CorpusTests.signedTokenProblems(good, signing: signing, profile: kustomer).isEmpty)
        let numeric = CompactJWS.encode(header: ["alg": "HS256", "typ": "JWT"], payload: ["externalId": 12345, "iat": 1_700_000_000],
                                        key: key.keyBytes)
        #expect(!CorpusTests.signedTokenProblems(numeric, signing: signing, profile: kustomer).isEmpty)
        let extraHeader = CompactJWS.encode(header: ["alg": "HS256", "typ": "JWT", "kid": "k"],
                                            payload: ["externalId": "12345", "iat": 1_700_000_000], key: key.keyBytes)
        #expect(!CorpusTests.signedTokenProblems(extraHeader, signing: signing, profile: kustomer).isEmpty)
        let wrongKey = CompactJWS.encode(header: ["alg": "HS256", "typ": "JWT"], payload: ["externalId": "12345", "iat": 1_700_000_000],
                                         key: Array("other".utf8))
        #expect(!CorpusTests.signedTokenProblems(wrongKey, signing: signing, profile: kustomer).isEmpty)
    }
}
