import JWTConformance
import JWTFuzzing
import Testing

@Suite struct ShrinkerTests {
    /// A Kustomer token expired 10 s ago with unrelated members.
    func noisyExpiredDraft() throws -> (TokenDraft, ProfileDefinition) {
        let profile = try #require(Fixtures.corpus.profiles["kustomer"])
        let key = VerificationKey(secret: "kustomer-test-secret-5a3f9c0e1b7d2468ace0")
        let now: UnixTime = 1_700_000_000
        let payload = #"{"externalId": "cust-1", "iat": 1700000000, "exp": 1699999990, "sub": "someone", "name": "a very long name that says nothing", "aud": ["x", "y"]}"#
        let draft = TokenDraft(
            profile: "kustomer", header: Array(#"{"alg":"HS256","typ":"JWT","cty":"x"}"#.utf8), payload: Array(payload.utf8),
            signing: .mac(secret: key.secret), keys: [key], now: now)
        return (draft, profile)
    }

    @Test func theShrinkerMinimisesWhileKeepingTheDisagreement() async throws {
        let (draft, profile) = try noisyExpiredDraft()
        let oracle = FuzzOracle(profile: profile, corpus: Fixtures.corpus)
        let broken = ExpIgnoringVerifier(profiles: Fixtures.corpus.profiles)
        // The disagreement: the reference rejects as expired, the broken verifier accepts.
        let disagrees: (TokenDraft) async -> Bool = { candidate in
            guard case .judged(.reject(.expired, _), _, _) = oracle.judge(token: candidate.token, keys: candidate.keys, now: candidate.now),
                let verdict = try? await broken.verify(VerificationRequest(profile: "kustomer", token: candidate.token, keys: candidate.keys, now: candidate.now))
            else { return false }
            if case .accept = verdict { return true }
            return false
        }
        #expect(await disagrees(draft))
        let shrinker = Shrinker(mutator: Mutator(profile: profile, decoyKeys: [], catalogue: nil))
        let minimal = await shrinker.shrink(seed: draft, steps: []) { await disagrees($0) }

        #expect(await disagrees(minimal))
        let payload = try #require(try JSONParser.parse(minimal.payload).objectValue)
        #expect(payload.keys.count == 4 && payload.keys.contains("exp") && payload.keys.contains("externalId") && payload.keys.contains("iat"))
        #expect(payload["externalId"]?.stringValue?.count ?? 0 <= 8)
        #expect(try JSONParser.parse(minimal.header).objectValue?.keys == ["alg", "typ"] || minimal.header.count < draft.header.count)
        #expect(minimal.token.utf8.count < draft.token.utf8.count)
    }

    @Test func dropsMutationsThatDoNotMatter() async throws {
        let profile = try #require(Fixtures.corpus.profiles["kustomer"])
        let seeds = Seeds(vectors: Fixtures.corpus.vectors)
        let seed = try #require(seeds.drafts["kustomer"]?.first)
        let mutator = Mutator(profile: profile, decoyKeys: seeds.keys["kustomer"] ?? [], catalogue: nil)
        var random = SplitMix64(seed: 99)
        var draft = seed
        let steps = mutator.mutate(&draft, count: 6, using: &random)
        #expect(mutator.replay(seed, steps: steps) == draft)
        // Keep only what changes the token's length parity: any one mutation may be enough.
        let target = draft.token.utf8.count
        let shrinker = Shrinker(mutator: mutator, maximumAttempts: 100)
        let minimal = await shrinker.shrink(seed: seed, steps: steps) { $0.token.utf8.count == target }
        #expect(minimal.token.utf8.count == target)
        #expect(minimal.notes.count <= draft.notes.count)
    }
}
