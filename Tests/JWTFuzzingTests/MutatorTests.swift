import JWTConformance
import JWTFuzzing
import Testing

/// The mutator writes an edited object's text once, when its mutations end: what it returns must
/// be what writing the text after every mutation gives.
@Suite struct MutatorTests {
    /// Every profile's seeds and a mutator that describes what it does.
    static func mutators() throws -> [(Mutator, [TokenDraft])] {
        let seeds = Seeds(vectors: Fixtures.corpus.vectors)
        return try Fixtures.corpus.profiles.keys.sorted().map { id in
            let profile = try #require(Fixtures.corpus.profiles[id])
            let mutator = Mutator(profile: profile, decoyKeys: seeds.keys[id] ?? [], catalogue: Fixtures.corpus.catalogue)
            return (mutator, seeds.drafts[id] ?? [])
        }
    }

    @Test("several mutations at once give the draft that mutating one at a time gives")
    func mutationsTogetherAndOneAtATime() throws {
        var compared = 0
        for (mutator, drafts) in try Self.mutators() where !drafts.isEmpty {
            for number in 0..<1_500 {
                var random = SplitMix64(seed: 11, case: UInt64(number))
                let seed = random.pick(drafts)
                var together = seed
                let steps = mutator.mutate(&together, count: 4, using: &random)
                // Each replay writes the texts before the next mutation reads them.
                let oneAtATime = steps.reduce(seed) { draft, step in mutator.replay(draft, steps: [step]) }
                #expect(together == oneAtATime, "case \(number): \(together.notes) against \(oneAtATime.notes)")
                #expect(together.token == oneAtATime.token)
                compared += 1
            }
        }
        #expect(compared > 4_000)
    }

    /// Each profile's seeds mutated by one step, `cases` cases per profile drawn from `seed`.
    static func mutatedOnce(seed: UInt64, cases: Int) throws -> [TokenDraft] {
        try mutators().filter { !$0.1.isEmpty }.flatMap { mutator, drafts in
            (0..<cases).map { number in
                var random = SplitMix64(seed: seed, case: UInt64(number))
                var draft = random.pick(drafts)
                mutator.mutate(&draft, count: 1, using: &random)
                return draft
            }
        }
    }

    /// Every mutation that applies records one note, so a step's notes count what it applied.
    @Test("a step applies one mutation: the first kind drawn that applies to the draft")
    func aStepAppliesOneMutation() throws {
        let drafts = try Self.mutatedOnce(seed: 13, cases: 1_000)
        for draft in drafts {
            #expect(draft.notes.count <= 1, "\(draft.notes)")
        }
        // A kind that cannot apply is redrawn, so nearly every step applies one.
        let applied = drafts.reduce(0) { $0 + $1.notes.count }
        #expect(applied * 100 > drafts.count * 95, "\(applied) of \(drafts.count) steps applied a mutation")
    }

    @Test("after a member set, the last mutation, the text holds the member's new value")
    func memberSetIsWritten() throws {
        var checked = 0
        for draft in try Self.mutatedOnce(seed: 12, cases: 3_000) {
            // `payload exp = 1700000000`: set by the last mutation, its value not cut short.
            guard let note = draft.notes.last?.text, !note.contains("…"), let equals = note.range(of: " = "),
                let space = note.firstIndex(of: " "), space < equals.lowerBound
            else { continue }
            let part = note[..<space]
            guard part == "header" || part == "payload" else { continue }
            let name = String(note[note.index(after: space)..<equals.lowerBound])
            let text = part == "header" ? draft.header : draft.payload
            let object = try #require(try JSONParser.parse(text, options: .init(maximumDepth: 1_000)).objectValue, "\(note)")
            let value = try #require(object.members.last { $0.key == name }?.value, "\(note): no \(name) in \(String(decoding: text, as: UTF8.self))")
            #expect(value.serialized() == String(note[equals.upperBound...]), "\(note)")
            checked += 1
        }
        #expect(checked > 1_000)
    }
}
