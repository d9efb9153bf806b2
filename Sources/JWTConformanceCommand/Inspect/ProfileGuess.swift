import Foundation
import JWTConformance

/// The profile a token is inspected under: the one asked for, or a guess from the token's shape.
struct ProfileChoice {
    var profile: ProfileDefinition
    /// Whether it was guessed rather than given with `--profile`.
    var guessed: Bool
    /// Why, for people: the evidence behind a guess.
    var why: String
    /// Other profiles the token fits exactly as well (vendors whose tokens look alike).
    var alike: [ProfileID] = []

    /// The vendor's short name: the profile title up to its first parenthesis ("Kustomer Chat").
    var vendor: String { profile.vendorName }

    /// Guesses the profile whose rules the token's members match best, from the profile
    /// definitions alone: identity claims and the scope claim present in the payload weigh
    /// two, a `kid` that the profile requires (or its absence where it does not) weighs one.
    static func guess(header: JSONObject?, payload: JSONObject?, among profiles: [ProfileDefinition]) -> ProfileChoice? {
        let ranked = profiles.sorted { $0.id < $1.id }.map { profile in
            (profile: profile, evidence: evidence(for: profile, header: header, payload: payload))
        }
        guard let best = ranked.max(by: { $0.evidence.score < $1.evidence.score }) else { return nil }
        let tied = ranked.filter { $0.evidence.score == best.evidence.score }.map(\.profile.id)
        let why: String
        if best.evidence.score == 0 {
            why = "a guess: nothing in the token points to one profile; pass --profile to choose"
        } else if tied.count > 1 {
            why = "a guess: \(best.evidence.facts.joined(separator: "; ")); the token fits "
                + tied.map(\.rawValue).joined(separator: ", ") + " alike; pass --profile to choose"
        } else {
            why = "a guess: \(best.evidence.facts.joined(separator: "; ")); pass --profile to choose"
        }
        return ProfileChoice(profile: best.profile, guessed: true, why: why, alike: tied.filter { $0 != best.profile.id })
    }

    private static func evidence(
        for profile: ProfileDefinition, header: JSONObject?, payload: JSONObject?
    ) -> (score: Int, facts: [String]) {
        var score = 0
        var facts: [String] = []
        let claims = profile.identityClaims.map(\.claim) + (profile.scope.map { [$0.claim] } ?? [])
        let present = claims.filter { payload?[$0] != nil }
        if !present.isEmpty {
            score += 2 * present.count
            let names = present.map { JSONValue.string($0).serialized() }.joined(separator: " and ")
            facts.append("the payload has \(names), as \(profile.id) tokens do")
        }
        let hasKeyID = header?["kid"] != nil
        if header != nil, hasKeyID == profile.header.keyIdRequired {
            score += 1
            facts.append(hasKeyID ? "the header has a kid, which \(profile.id) requires" : "the header has no kid, as \(profile.id) tokens do")
        }
        return (score, facts)
    }
}

extension ProfileDefinition {
    /// The vendor's short name: the title up to its first parenthesis ("Kustomer Chat").
    var vendorName: String {
        String(title.split(separator: "(", maxSplits: 1).first ?? Substring(title)).trimmingCharacters(in: .whitespaces)
    }
}
