import JWTConformance
import JWTFuzzing
import Testing

/// The fuzzer judges an ambiguity from data, for every vendor alike: the verifier readings of it
/// whose shape the token has, and whether the corpus leaves its verdict open.
@Suite struct ReadingHandlingTests {
    @Test("a fuzz run judges Intercom's and Zendesk's tokens in their typ, iat, kid and alg questions")
    func newVendorsAreJudged() async {
        let (statistics, findings) = await Fixtures.fuzz(Fixtures.reference, seed: 1, count: 6_000, profiles: ["intercom", "zendesk-messaging"])
        #expect(findings.isEmpty, "\(findings.map(\.key))")
        for ambiguity in ["AMB-IC-TYP", "AMB-ZD-TYP"] {
            #expect(statistics.eitherVerdict[ambiguity, default: 0] > 0, "\(ambiguity): \(statistics.eitherVerdict)")
        }
        for ambiguity in ["AMB-IC-TYP", "AMB-ZD-TYP", "AMB-IC-IAT-NBF", "AMB-ZD-IAT", "AMB-IC-KID-TYPE", "AMB-IC-ALG", "AMB-ZD-ALG"] {
            #expect(statistics.unjudged[ambiguity] == nil, "\(ambiguity) not judged: \(statistics.unjudged)")
        }
    }

    /// `profile`'s vendor under another name, whose catalogue entries ask the same questions under
    /// ids of their own (`AMB-NEW-…`), open where the originals are.
    func renamed(_ profile: ProfileDefinition) throws -> FuzzOracle {
        let catalogue = try #require(Fixtures.corpus.catalogue)
        let original = profile.id.rawValue
        var renamed = profile
        renamed.id = ProfileID("new-\(original)")
        let rules = catalogue.rules.map { rule in
            var rule = rule
            if rule.profiles.contains(original) { rule.profiles.append(renamed.id.rawValue) }
            return rule
        }
        let ambiguities = catalogue.ambiguities.filter { $0.profiles.contains(original) }.map { entry in
            var entry = entry
            entry.id = "AMB-NEW-\(entry.id)"
            entry.profiles = [renamed.id.rawValue]
            return entry
        }
        let open = Set(FuzzOracle.openAmbiguities(in: Fixtures.corpus).map { "AMB-NEW-\($0)" })
        return FuzzOracle(profile: renamed, catalogue: RuleCatalogue(rules: rules, ambiguities: ambiguities, flags: []), openAmbiguities: open)
    }

    /// The judgement with every ambiguity id renamed as ``renamed(_:)`` renames it (with `new`),
    /// without the rules it cites: a profile the catalogue does not know cites the baseline's.
    func renaming(_ judgement: Judgement, new: Bool) -> Judgement {
        func name(_ id: String) -> String { new || !id.hasPrefix("AMB-") ? id : "AMB-NEW-\(id)" }
        switch judgement {
        case .unjudged(let ambiguity): return .unjudged(ambiguity: name(ambiguity))
        case .judged(.acceptable(let ambiguity, let identity, let reasons), _, let check):
            return .judged(.acceptable(ambiguity: name(ambiguity), identity: identity, reasons: reasons), rules: [], check: check)
        case .judged(let expectation, _, let check): return .judged(expectation, rules: [], check: check)
        }
    }

    @Test("a renamed ambiguity with a seed vendor's readings is judged as its original, on every corpus token")
    func renamedAmbiguities() throws {
        for id: ProfileID in ["kustomer", "sunshine"] {
            let profile = try #require(Fixtures.corpus.profiles[id])
            let seed = FuzzOracle(profile: profile, corpus: Fixtures.corpus)
            let new = try renamed(profile)
            var eitherVerdict = 0
            var unjudged = 0
            for vector in Fixtures.corpus.vectors where vector.profile == id {
                guard case .verification(let test) = vector.body else { continue }
                let original = seed.judge(token: test.token, keys: test.keys, now: test.now)
                let judgement = new.judge(token: test.token, keys: test.keys, now: test.now)
                #expect(renaming(judgement, new: true) == renaming(original, new: false), "\(vector.id)")
                switch original {
                case .judged(.acceptable, _, _): eitherVerdict += 1
                case .unjudged: unjudged += 1
                case .judged: break
                }
            }
            #expect(eitherVerdict > 10 && unjudged > 10, "\(id): \(eitherVerdict) either verdict, \(unjudged) not judged")
        }
    }

    @Test("a reading is judged by whether the corpus decides its question: null_absent decided, then open")
    func decidedFromData() throws {
        let profile = try #require(Fixtures.corpus.profiles["intercom"])
        let secret = "intercom-test-secret"
        let token = CompactJWS.sign(
            headerSegment: Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)),
            payloadSegment: Base64URL.encode(Array(#"{"user_id":null,"iat":1700000000}"#.utf8)), key: Array(secret.utf8))
        let keys = [VerificationKey(secret: secret)]
        let open = FuzzOracle.openAmbiguities(in: Fixtures.corpus)
        #expect(!open.contains("AMB-NULL-CLAIM"))
        let decided = FuzzOracle(profile: profile, catalogue: Fixtures.corpus.catalogue, openAmbiguities: open)
        guard case .judged(.reject(let reason, let alternatives), _, _) = decided.judge(token: token, keys: keys, now: 1_700_000_000) else {
            Issue.record("not judged as a rejection"); return
        }
        #expect(Set([reason] + alternatives) == [.invalidClaimType, .missingClaim])
        let undecided = FuzzOracle(profile: profile, catalogue: Fixtures.corpus.catalogue, openAmbiguities: open.union(["AMB-NULL-CLAIM"]))
        #expect(undecided.judge(token: token, keys: keys, now: 1_700_000_000) == .unjudged(ambiguity: "AMB-NULL-CLAIM"))
    }

    @Test("a run seeded by a few vectors judges by the open questions of the whole corpus")
    func narrowedCorpus() async {
        let narrowed = Fixtures.corpus.selecting("KUS-TIM-*")
        #expect(!FuzzOracle.openAmbiguities(in: narrowed).contains("AMB-KUS-KID-TYPE"))
        let implementation = Fixtures.implementation(KidTypeIgnoringVerifier(profiles: Fixtures.corpus.profiles), name: "kid")
        func findings(open: Set<String>?) async -> [Finding] {
            let fuzzer = Fuzzer(
                corpus: narrowed, implementation: implementation,
                configuration: .init(seed: 22, budget: .count(3_000), profiles: ["kustomer"], shrinkAttempts: 50, openAmbiguities: open))
            var found: [Finding] = []
            _ = await fuzzer.run { event in
                if case .finding(let finding) = event { found.append(finding) }
            }
            return found
        }
        let whole = await findings(open: FuzzOracle.openAmbiguities(in: Fixtures.corpus))
        #expect(whole.isEmpty, "\(whole.map(\.key))")
        // Judged by the narrowed corpus alone, the kid question looks decided: a false alarm.
        #expect(await !findings(open: nil).isEmpty)
    }
}
