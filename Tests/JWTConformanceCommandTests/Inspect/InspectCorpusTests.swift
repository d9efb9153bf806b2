import Foundation
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

    @Test("every acceptable vector's ambiguity is recognised (but the secret's length is never looked at)")
    func ambiguities() throws {
        for vector in Self.verifierVectors {
            guard case .verification(let test) = vector.body, case .acceptable(let id, _, _) = test.expected,
                id != "AMB-SHORT-SECRET"
            else { continue }
            let found = try diagnosis(vector).ambiguities.map(\.id)
            #expect(found.contains(id), "\(vector.id): \(id) not among \(found)")
        }
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
