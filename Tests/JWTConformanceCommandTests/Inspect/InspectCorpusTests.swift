import Foundation
import JWTAmbiguities
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// `inspect` over every bundled verifier vector, with its keys and clock: the verdict and
/// reason agree with the vector, every violation names a catalogue rule, and the token's
/// ambiguity is recognised.
@Suite("inspect over the corpus")
struct InspectCorpusTests {
    static let corpus = try? Corpus.bundled(environment: [:])
    static var catalogue: RuleCatalogue { corpus?.catalogue ?? RuleCatalogue(rules: [], ambiguities: [], flags: []) }
    static var verifierVectors: [ConformanceVector] { corpus?.vectors.filter { $0.role == .verifier } ?? [] }

    private func diagnosis(_ vector: ConformanceVector) throws -> Diagnosis {
        let corpus = try #require(Self.corpus)
        return try #require(ExplainCommand.diagnosis(of: vector, profiles: corpus.profiles, catalogue: Self.catalogue))
    }

    @Test("the corpus loads with its catalogue")
    func loads() {
        #expect(Self.verifierVectors.count > 400)
        #expect(!Self.catalogue.rules.isEmpty)
    }

    @Test("the verdict and reason agree with every verifier vector")
    func verdicts() throws {
        for vector in Self.verifierVectors {
            guard case .verification(let test) = vector.body else { continue }
            let verdict = try diagnosis(vector).verdict
            switch (test.expected, verdict) {
            case (.accept(let identity), .accept(let got)):
                #expect(identity == got, "\(vector.id)")
            case (.reject(let reason, let alternatives), .reject(let got?)):
                #expect(([reason] + alternatives).contains(got), "\(vector.id): \(got)")
            case (.acceptable(_, let identity, _), .accept(let got)):
                #expect(identity == nil || identity == got, "\(vector.id)")
            case (.acceptable(_, _, let reasons), .reject(let got?)):
                #expect(reasons.isEmpty || reasons.contains(got), "\(vector.id): \(got)")
            default:
                Issue.record("\(vector.id): expected \(test.expected), inspect says \(verdict)")
            }
        }
    }

    @Test("every violation names a catalogue rule of the vector's profile and a fix; the decisive rule is the vector's")
    func rules() throws {
        var decisiveCited = 0, decisiveTotal = 0
        for vector in Self.verifierVectors {
            let diagnosis = try diagnosis(vector)
            for finding in diagnosis.findings {
                let rule = try #require(finding.rule, "\(vector.id): \(finding.violation) has no rule")
                #expect(rule.profiles.contains(vector.profile.rawValue) || rule.profiles.contains("jws"), "\(vector.id)")
                #expect(finding.fix != nil, "\(vector.id): \(finding.violation) \(String(describing: diagnosis.anatomy.decodingError)) has no fix")
            }
            guard case .verification(let test) = vector.body, case .reject = test.expected,
                let decisive = diagnosis.findings.first(where: \.decisive)
            else { continue }
            decisiveTotal += 1
            if let rule = decisive.rule, vector.rules.contains(rule.id) { decisiveCited += 1 }
        }
        print("inspect: the decisive violation's rule is cited by \(decisiveCited) of \(decisiveTotal) reject vectors")
        #expect(decisiveTotal > 200)
        // A vector may cite the rule of another stage (JWS-REASON-ORDER vectors cite all their
        // defects' rules, a null identity cites the claim rule): most, not all, agree.
        #expect(decisiveCited * 100 >= decisiveTotal * 95)
    }

    /// The reasons the reference verifier reports for `check` under `profile`.
    static func reasons(_ check: Violation.Check, _ profile: ProfileDefinition) -> [RejectionReason] {
        switch check {
        case .size, .segments, .base64url, .json, .duplicateMembers: [.malformed]
        case .algorithm: [.algorithmNotAllowed]
        case .type, .critical, .keyId: [.invalidHeader]
        case .keyLookup: [.unknownKey]
        case .signature: [.badSignature]
        case .identity: [.missingClaim, .invalidClaimType, .invalidClaimValue]
        case .scope: profile.scope == nil ? [] : [.missingClaim, .invalidClaimType, .invalidClaimValue]
        case .issuedAt:
            [.invalidClaimType] + (profile.issuedAt.map { $0.required ? [.missingClaim, .issuedAtOutOfWindow] : [.issuedAtOutOfWindow] } ?? [])
        case .expiration:
            [.invalidClaimType] + (profile.expiration.honoured ? [.expired] : []) + (profile.expiration.required ? [.missingClaim] : [])
        case .notBefore: [.invalidClaimType] + (profile.notBefore.honoured ? [.notYetValid] : [])
        }
    }

    @Test("the rule table maps every check the verifier reports, under every profile, to a rule of that profile")
    func ruleTableCoversEveryCheck() throws {
        let corpus = try #require(Self.corpus)
        #expect(corpus.profiles.count >= 2)
        let anatomy = TokenAnatomy(Doctor.token(Doctor.kustomerHeader, "{}"), maximumByteCount: 65_536)
        for profile in corpus.profiles.values {
            for check in Violation.Check.allCases {
                for reason in Self.reasons(check, profile) {
                    let facts = RuleMap.Facts(
                        violation: Violation(reason: reason, check: check, message: ""), anatomy: anatomy, now: Doctor.now,
                        signatureCause: nil)
                    let rule = RuleMap.rule(for: facts, profile: profile.id, in: Self.catalogue)
                    #expect(rule.map { $0.profiles.contains(profile.id.rawValue) || $0.profiles.contains("jws") } == true,
                            "\(profile.id) \(check) \(reason): \(rule?.id ?? "no rule")")
                }
            }
        }
    }

    /// Whether the detector can recognise an ambiguity: one of its readings has a token shape
    /// (AMB-SHORT-SECRET's is the length of the verifier's secret, which no token shows).
    static func isRecognisable(_ ambiguity: Ambiguity) -> Bool {
        (ambiguity.verifierReadings ?? []).contains { AmbiguityDetector.readingsWithoutShape[$0] == nil }
    }

    @Test("every acceptable vector's ambiguity is recognised, under every profile, from the shapes of its readings")
    func ambiguities() throws {
        var recognised: [ProfileID: Int] = [:]
        for vector in Self.verifierVectors {
            guard case .verification(let test) = vector.body, case .acceptable(let id, _, _) = test.expected else { continue }
            let ambiguity = try #require(Self.catalogue.ambiguity(id), "\(vector.id): \(id) is not in the catalogue")
            guard Self.isRecognisable(ambiguity) else { continue }
            let found = try diagnosis(vector).ambiguities.map(\.id)
            #expect(found.contains(id), "\(vector.id): \(id) not among \(found)")
            recognised[vector.profile, default: 0] += 1
        }
        let corpus = try #require(Self.corpus)
        #expect(Set(recognised.keys) == Set(corpus.profiles.keys), "\(recognised)")
    }

    @Test("a new profile's ambiguities are recognised from their verifier readings, with no code change")
    func newProfileAmbiguities() throws {
        let corpus = try #require(Self.corpus)
        var recognised = 0
        for vector in Self.verifierVectors where ["kustomer", "sunshine"].contains(vector.profile) {
            guard case .verification(let test) = vector.body, case .acceptable(let id, _, _) = test.expected,
                let ambiguity = Self.catalogue.ambiguity(id), Self.isRecognisable(ambiguity)
            else { continue }
            // A vendor the code has never heard of, whose catalogue entries ask the seed vendor's
            // questions under ids of its own.
            var profile = try #require(corpus.profiles[vector.profile])
            profile.id = ProfileID("new-\(vector.profile)")
            let entries = Self.catalogue.ambiguities.filter { $0.profiles.contains(vector.profile.rawValue) }.map { entry in
                var entry = entry
                entry.id = "AMB-NEW-\(entry.id)"
                entry.profiles = [profile.id.rawValue]
                return entry
            }
            var renamed = vector
            renamed.profile = profile.id
            let catalogue = RuleCatalogue(rules: Self.catalogue.rules, ambiguities: entries, flags: [])
            let found = try #require(ExplainCommand.diagnosis(of: renamed, profiles: [profile.id: profile], catalogue: catalogue)).ambiguities.map(\.id)
            #expect(found.contains("AMB-NEW-\(id)"), "\(vector.id): AMB-NEW-\(id) not among \(found)")
            #expect(found.allSatisfy { $0.hasPrefix("AMB-NEW-") }, "\(vector.id): \(found)")
            recognised += 1
        }
        #expect(recognised > 100)
    }

    @Test("every verifier reading the catalogue names has a token shape, or is declared to have none")
    func readingsHaveShapes() {
        let shaped = AmbiguityDetector.readingShapes.map(\.reading)
        #expect(Set(shaped).count == shaped.count)
        #expect(Set(shaped).isDisjoint(with: AmbiguityDetector.readingsWithoutShape.keys))
        let named = Set(Self.catalogue.ambiguities.flatMap { $0.verifierReadings ?? [] })
        #expect(!named.isEmpty)
        for reading in named.sorted() {
            #expect(shaped.contains(reading) || AmbiguityDetector.readingsWithoutShape[reading] != nil, "\(reading) has no shape")
        }
    }

    @Test("an identity longer than 255 characters counts Unicode scalars, not UTF-8 bytes")
    func identityMaximumLength() throws {
        let profile = try #require(Self.corpus?.profiles["kustomer"])
        let claim = try #require(profile.identityClaims.first?.claim)
        func lengthy(_ text: String) -> Bool {
            let shape = TokenShape(
                header: ["alg": "HS256"], payload: JSONObject(members: [(claim, .string(text))]), decodingError: nil, headerBytes: nil,
                payloadBytes: nil, profile: profile, now: 1_700_000_000, signedWithAnotherKey: false)
            return AmbiguityDetector.readings(shape).contains("identity_max_length")
        }
        #expect(lengthy(String(repeating: "a", count: 256)))
        #expect(lengthy(String(repeating: "\u{E9}", count: 256)))
        #expect(!lengthy(String(repeating: "a", count: 255)))
        #expect(!lengthy(String(repeating: "\u{1F600}", count: 255)))
    }

    @Test("the reading mask chooses the ambiguities, and their readings, that the reading names do")
    func readingMask() throws {
        let corpus = try #require(Self.corpus)
        #expect(AmbiguityDetector.readingShapes.count <= 64)
        var withAmbiguities = 0
        for vector in Self.verifierVectors {
            guard case .verification(let test) = vector.body, let profile = corpus.profiles[vector.profile] else { continue }
            let shape = TokenShape(
                token: test.token, decoded: ReferenceVerifier(profile: profile).decode(test.token), profile: profile, now: test.now, keys: test.keys)
            let found = AmbiguityDetector.readings(shape)
            let mask = AmbiguityDetector.readingMask(shape)
            #expect(mask.nonzeroBitCount == found.count, "\(vector.id)")
            let ambiguities = AmbiguityDetector.ProfileAmbiguities(profile: profile.id, catalogue: Self.catalogue)
            let byNames = ambiguities.ambiguities(withReadings: Set(found))
            let byMask = ambiguities.ambiguities(withReadingMask: mask)
            #expect(byMask.map(\.ambiguity.id) == byNames.map(\.id), "\(vector.id)")
            for (ambiguity, readings) in byMask {
                #expect(readings == (ambiguity.verifierReadings ?? []).filter(found.contains), "\(vector.id) \(ambiguity.id)")
            }
            // Looking only for the readings the profile's ambiguities name chooses the same.
            let examined = AmbiguityDetector.readingMask(shape, examining: ambiguities.readingsMask)
            #expect(examined == mask & ambiguities.readingsMask, "\(vector.id)")
            let byExamined = ambiguities.ambiguities(withReadingMask: examined)
            #expect(byExamined.map(\.ambiguity.id) == byMask.map(\.ambiguity.id), "\(vector.id)")
            #expect(byExamined.map(\.readings) == byMask.map(\.readings), "\(vector.id)")
            if !byMask.isEmpty { withAmbiguities += 1 }
        }
        #expect(withAmbiguities > 100)
    }

    @Test("a reading that is the whole of a narrower ambiguity reports that one only")
    func narrowerAmbiguity() throws {
        let corpus = try #require(Self.corpus)
        let kustomer = try #require(corpus.profiles["kustomer"])
        func found(_ payload: JSONObject) -> [String] {
            let shape = TokenShape(
                header: ["alg": "HS256", "typ": "JWT"], payload: payload, decodingError: nil, headerBytes: nil, payloadBytes: nil,
                profile: kustomer, now: Doctor.now, signedWithAnotherKey: false)
            return AmbiguityDetector.ambiguities(shape, in: Self.catalogue).map(\.id)
        }
        let iat: JSONValue = 1_700_000_000
        // null_absent alone: AMB-NULL-CLAIM's question, not AMB-KUS-EMAIL-FALLBACK's.
        #expect(found(["externalId": "u1", "iat": iat, "exp": nil]) == ["AMB-NULL-CLAIM"])
        // A null email before a usable externalId is both, in catalogue order.
        let both = Self.catalogue.ambiguities.map(\.id).filter { ["AMB-KUS-EMAIL-FALLBACK", "AMB-NULL-CLAIM"].contains($0) }
        #expect(found(["email": nil, "externalId": "u1", "iat": iat]) == both)
        #expect(found(["email": "", "externalId": "u1", "iat": iat]) == ["AMB-KUS-EMAIL-FALLBACK"])
    }

    @Test("the profile guess matches the vector's profile for every well-formed accepted token")
    func guesses() throws {
        let corpus = try #require(Self.corpus)
        var right = 0, total = 0, acceptedRight = 0, acceptedTotal = 0
        for vector in Self.verifierVectors {
            guard case .verification(let test) = vector.body else { continue }
            let anatomy = TokenAnatomy(test.token, maximumByteCount: 65_536)
            let guess = ProfileChoice.guess(header: anatomy.header, payload: anatomy.payload, among: Array(corpus.profiles.values))
            total += 1
            // A vendor whose tokens look exactly like another's is a tie the guess names.
            let fits = guess.map { [$0.profile.id] + $0.alike }?.contains(vector.profile) ?? false
            if fits { right += 1 }
            if case .accept = test.expected {
                acceptedTotal += 1
                if fits { acceptedRight += 1 }
                #expect(fits, "\(vector.id)")
            }
        }
        print("inspect: profile guessed right for \(right) of \(total) verifier vectors, \(acceptedRight) of \(acceptedTotal) accepted ones")
    }

    @Test("two profiles whose tokens look alike: the guess names the tie")
    func guessTie() throws {
        let corpus = try #require(Self.corpus)
        let sunshine = try #require(corpus.profiles["sunshine"])
        var lookalike = sunshine
        lookalike.id = "lookalike"
        let header: JSONObject = ["alg": "HS256", "kid": "app_1"]
        let payload: JSONObject = ["scope": "user", "external_id": "u-1"]
        let tie = try #require(ProfileChoice.guess(header: header, payload: payload, among: [sunshine, lookalike]))
        #expect(tie.alike.count == 1)
        #expect(tie.why.contains("the token fits lookalike, sunshine alike"), "\(tie.why)")
        let alone = try #require(ProfileChoice.guess(header: header, payload: payload, among: [sunshine]))
        #expect(alone.alike.isEmpty && !alone.why.contains("alike"))
    }
}
