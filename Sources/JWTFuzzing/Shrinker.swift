import JWTConformance

/// Minimises a disagreement: fewer mutations, fewer members, shorter strings, fewer keys, as long
/// as the implementation still disagrees in the same way.
///
/// The first pass drops the mutations that made the draft from its seed, one at a time; the second
/// works on the draft itself. Every candidate costs one call of `keeps`, and there are at most
/// ``maximumAttempts`` of them.
public struct Shrinker: Sendable {
    public var mutator: Mutator
    public var maximumAttempts: Int

    public init(mutator: Mutator, maximumAttempts: Int = 400) {
        self.mutator = mutator
        self.maximumAttempts = maximumAttempts
    }

    /// The smallest draft found that `keeps` still holds for, starting from `seed` mutated by `steps`.
    public func shrink(
        seed: TokenDraft, steps: [SplitMix64], keeps: (TokenDraft) async -> Bool
    ) async -> TokenDraft {
        var attempts = 0
        var steps = steps
        var index = steps.count - 1
        while index >= 0, attempts < maximumAttempts {
            var fewer = steps
            fewer.remove(at: index)
            attempts += 1
            if await keeps(mutator.replay(seed, steps: fewer)) { steps = fewer }
            index -= 1
        }
        var current = mutator.replay(seed, steps: steps)
        var improved = true
        while improved, attempts < maximumAttempts {
            improved = false
            for candidate in Self.candidates(current) where attempts < maximumAttempts {
                attempts += 1
                if await keeps(candidate) {
                    current = candidate
                    improved = true
                    break
                }
            }
        }
        return current
    }

    /// Smaller variants of a draft, the most promising first.
    static func candidates(_ draft: TokenDraft) -> [TokenDraft] {
        var candidates: [TokenDraft] = []
        for index in draft.tokenEdits.indices {
            var smaller = draft
            smaller.tokenEdits.remove(at: index)
            candidates.append(smaller)
        }
        for (segment, edits) in draft.segmentEdits.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for index in edits.indices {
                var smaller = draft
                smaller.segmentEdits[segment]?.remove(at: index)
                candidates.append(smaller)
            }
        }
        if draft.keys.count > 1 {
            for index in draft.keys.indices {
                var smaller = draft
                smaller.keys.remove(at: index)
                candidates.append(smaller)
            }
        }
        for part in [TokenDraft.Segment.payload, .header] {
            let text = part == .header ? draft.header : draft.payload
            for smaller in smallerTexts(text) {
                var candidate = draft
                if part == .header { candidate.header = smaller } else { candidate.payload = smaller }
                candidates.append(candidate)
            }
        }
        return candidates
    }

    /// The JSON object text without one member, with one long string halved, or re-serialized
    /// compactly; nothing for a text that is not a JSON object.
    static func smallerTexts(_ text: [UInt8]) -> [[UInt8]] {
        guard let object = Mutator.object(in: text) else { return [] }
        var texts: [[UInt8]] = []
        for index in object.members.indices {
            var smaller = object
            smaller.members.remove(at: index)
            texts.append(JSONValue.object(smaller).serializedUTF8())
        }
        for index in object.members.indices {
            guard case .string(let value) = object.members[index].value, value.count > 8 else { continue }
            var smaller = object
            smaller.members[index].value = .string(String(value.prefix(value.count / 2)))
            texts.append(JSONValue.object(smaller).serializedUTF8())
        }
        let compact = JSONValue.object(object).serializedUTF8()
        if compact != text { texts.append(compact) }
        return texts
    }
}
