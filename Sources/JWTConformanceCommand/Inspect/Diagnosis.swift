import JWTAmbiguities
import JWTConformance

/// Everything `inspect` found about one token: the vendor's verdict, every violation with its
/// rule, place and fix, the times in human terms, the signature diagnosis and the ambiguities.
struct Diagnosis {
    /// One violation, explained.
    struct Finding {
        var violation: Violation
        /// Whether it decides the verdict (the first of the earliest stage).
        var decisive: Bool
        /// The catalogue rule it breaks, when the catalogue has one.
        var rule: Rule?
        /// Where it is in the token.
        var location: Location?
        /// The change to make.
        var fix: String?

        /// The verifier's message as a sentence.
        var sentence: String {
            violation.message.hasSuffix(".") ? violation.message : violation.message + "."
        }
    }

    /// A place in the token: the segment, the member and byte offsets.
    struct Location {
        var segment: CompactJWSError.Segment?
        var member: String?
        /// The byte offset in the decoded segment.
        var decodedOffset: Int?
        /// The byte offsets in the token.
        var tokenRange: ClosedRange<Int>?

        var description: String {
            var parts: [String] = []
            if let segment { parts.append(segment.rawValue) }
            if let member { parts.append("member \(JSONValue.string(member).serialized())") }
            if let decodedOffset { parts.append("byte \(decodedOffset) of the decoded \(segment?.rawValue ?? "segment")") }
            if let tokenRange {
                parts.append(tokenRange.count == 1 ? "token byte \(tokenRange.lowerBound)" : "token bytes \(tokenRange.lowerBound)–\(tokenRange.upperBound)")
            }
            return parts.joined(separator: ", ")
        }
    }

    var anatomy: TokenAnatomy
    var profile: ProfileChoice
    var now: UnixTime
    var keys: InspectKeys
    /// Notes on how the keys were applied (a `kid` assumed, …).
    var keyNotes: [String]
    /// The verdict, with the signature left out when there is no secret.
    var verdict: Verdict
    var findings: [Finding]
    /// Who the token names, accepted or not.
    var namedIdentity: Identity?
    /// Why that identity: which claim, and precedence.
    var identityWhy: String?
    var timing: [TimingLine]
    var signature: SignatureDiagnosis?
    var ambiguities: [Ambiguity]

    /// Whether the token holds a secret of the key set (the secret pasted where the token goes):
    /// then nothing of the token is shown.
    var tokenHoldsSecret: Bool

    /// Whether the signature was checked.
    var signatureChecked: Bool { keys.hasSecret }

    /// Diagnoses `token` under `profile` with `keys` at `now`.
    init(token: String, profile: ProfileChoice, keys: InspectKeys, now: UnixTime, catalogue: RuleCatalogue) {
        let verifier = ReferenceVerifier(profile: profile.profile)
        let anatomy = TokenAnatomy(token, maximumByteCount: verifier.maximumTokenByteCount)
        let definition = profile.profile
        let tokenKeyID = anatomy.header?["kid"]?.stringValue
        var notes: [String] = []

        // The keys the verifier is given: without a secret, one that passes the key lookup, and
        // the signature check is left out of the verdict. One secret given alone without --kid
        // is the key the token names; a key set is selected from exactly as given.
        var keySet = keys.keys
        if keySet.isEmpty {
            keySet = [VerificationKey(kid: keys.keyID ?? tokenKeyID, secret: "")]
        } else if !keys.isKeySet, definition.header.keyIdRequired, keySet.count == 1, keySet[0].kid == nil, let tokenKeyID {
            keySet[0].kid = tokenKeyID
            notes.append("no --kid given: the secret is taken to be the key the token's kid \(JSONValue.string(tokenKeyID).serialized()) names")
        }
        var report = verifier.verify(token, keys: keySet, now: now)
        if !keys.hasSecret { report = report.excluding([.signature]) }

        // The keys the token asks for: where the profile selects by kid and the token has one,
        // the first key whose kid matches byte for byte, as the verifier selects; otherwise
        // every key, each as given.
        var selected = keySet
        if definition.header.keyIdRequired, let tokenKeyID {
            selected = keySet.first { $0.kid?.hasIdenticalUTF8(tokenKeyID) ?? false }.map { [$0] } ?? []
        }
        let signature = keys.hasSecret ? SignatureDiagnosis(anatomy: anatomy, selected: selected, all: keySet) : nil
        let cause = signature?.cause
        let configuredKeyID = keys.keyID ?? (keys.keys.count == 1 ? keys.keys[0].kid : nil)

        let decisive = VerificationReport.decisiveIndex(in: report.violations)
        findings = report.violations.enumerated().map { index, violation in
            let ruleFacts = RuleMap.Facts(violation: violation, anatomy: anatomy, now: now, signatureCause: cause)
            let hintFacts = FixHints.Facts(
                violation: violation, anatomy: anatomy, profile: definition, now: now,
                configuredKeyID: configuredKeyID, keysLackIDs: keys.hasSecret && keys.keys.allSatisfy { $0.kid == nil },
                signatureCause: cause)
            return Finding(
                violation: violation, decisive: index == decisive,
                rule: RuleMap.rule(for: ruleFacts, profile: definition.id, in: catalogue),
                location: Self.locate(violation, in: anatomy), fix: FixHints.fix(for: hintFacts))
        }
        tokenHoldsSecret = keys.keys.contains { !$0.secret.isEmpty && token.contains($0.secret) }
        self.anatomy = anatomy
        self.profile = profile
        self.now = now
        self.keys = keys
        keyNotes = notes
        verdict = report.verdict
        namedIdentity = report.namedIdentity
        identityWhy = report.namedIdentity.map { Self.why($0, payload: anatomy.payload, profile: definition) }
        timing = TimingLine.lines(payload: anatomy.payload, profile: definition, now: now)
        self.signature = signature
        var shape = anatomy.shape(profile: definition, now: now, signatureCause: cause)
        if !definition.header.keyIdRequired, let jws = anatomy.jws {
            // Without kid every key is tried, so a token of an older key verifies: the shape
            // still says whether the set's first, current key signed it (a rotation question).
            shape.signedWithAnotherKey = TokenShape.isSignedWithAnotherKey(jws, keys: keys.keys, profile: definition)
        }
        ambiguities = AmbiguityDetector.ambiguities(shape, in: catalogue)
    }

    /// Where a violation is: from the decoding error for a malformed token, else from the
    /// member the verifier names.
    private static func locate(_ violation: Violation, in anatomy: TokenAnatomy) -> Location? {
        switch anatomy.decodingError {
        case .invalidBase64URL(let segment, let offset, _)?:
            return Location(segment: segment, tokenRange: offset...offset)
        case .invalidJSON(let segment, let error)?:
            let range = anatomy.segment(segment)?.tokenRange(ofDecodedOffset: error.offset)
            return Location(segment: segment, decodedOffset: error.offset, tokenRange: range)
        case .notAnObject(let segment, _)?:
            return Location(segment: segment)
        case .duplicateMember(let segment, let name)?:
            return member(name, of: segment, in: anatomy)
        case .tooLarge?, .wrongSegmentCount?:
            return nil
        case nil:
            break
        }
        switch violation.check {
        case .signature:
            return anatomy.segment(.signature).map { segment in
                Location(segment: .signature, tokenRange: segment.offset...max(segment.offset, segment.offset + segment.text.utf8.count - 1))
            }
        case .algorithm, .type, .critical, .keyId, .keyLookup:
            return violation.member.map { member($0, of: .header, in: anatomy) } ?? Location(segment: .header)
        default:
            return violation.member.map { member($0, of: .payload, in: anatomy) } ?? Location(segment: .payload)
        }
    }

    private static func member(_ name: String, of segment: CompactJWSError.Segment, in anatomy: TokenAnatomy) -> Location {
        guard let part = anatomy.segment(segment), let offset = part.layout?.offset(of: name) else {
            return Location(segment: segment, member: name)
        }
        return Location(segment: segment, member: name, decodedOffset: offset, tokenRange: part.tokenRange(ofDecodedOffset: offset))
    }

    /// "email wins over externalId", "the only identity claim present".
    private static func why(_ identity: Identity, payload: JSONObject?, profile: ProfileDefinition) -> String {
        let claims = profile.identityClaims
        guard let winner = claims.first(where: { $0.kind == identity.kind && payload?[$0.claim] != nil }) else {
            return "the token's \(identity.kind.rawValue)"
        }
        let others = claims.filter { $0.claim != winner.claim && payload?[$0.claim] != nil }.map(\.claim)
        let quotedWinner = JSONValue.string(winner.claim).serialized()
        guard !others.isEmpty else {
            return claims.count == 1
                ? "\(quotedWinner) is the identity claim of \(profile.vendorName)"
                : "\(quotedWinner) is the only identity claim present"
        }
        let order = claims.map(\.claim).joined(separator: ", then ")
        let winsOver = others.map { JSONValue.string($0).serialized() }.joined(separator: " and ")
        if let first = claims.first, first.claim == winner.claim {
            return "\(quotedWinner) wins over \(winsOver) (precedence: \(order))"
        }
        return "\(quotedWinner) names the customer: \(winsOver) comes first but is unusable, and the token is refused for it (precedence: \(order))"
    }
}

extension Diagnosis {
    /// The fix when the token holds the secret.
    static let secretAsTokenFix =
        "you passed the secret where the token goes: pass the token jsonwebtoken's sign() returns, and keep the secret on the backend"
}

extension Verdict {
    /// The reason of a rejection, for people.
    var reasonText: String {
        switch self {
        case .accept: "accepted"
        case .reject(let reason): reason?.rawValue ?? "no identity"
        }
    }
}
