import JWTAmbiguities
import JWTConformance

/// What a verifier must answer for a fuzzed token, as far as the suite can say.
public enum Judgement: Sendable, Hashable {
    /// The token is judged with this expectation; `rules` are the catalogue rules it exercises
    /// (empty when the judgement was asked for without them) and `check` names the reference's
    /// decisive check (`accept` when it accepts).
    case judged(VerificationExpectation, rules: [String], check: String)
    /// The verdict depends on an open ambiguity the expectation cannot be stated for: not judged.
    case unjudged(ambiguity: String)
}

/// Decides what a verifier must answer for a token, from the reference verifier's report of every
/// violation and the ambiguities the shared ``AmbiguityDetector`` finds in the token.
///
/// A false alarm costs more than a miss, so:
/// - a rejection may name the reason of *any* defect the reference found (the order of stages is
///   what the corpus's precedence vectors test); a token the reference cannot decode must be
///   rejected, for any reason, since its other defects are unknown;
/// - each ambiguity the detector reports is handled from data, for every vendor alike: whether the
///   corpus leaves its verdict open (some vector allows either verdict naming it) and the
///   verifier readings of it whose shape the token has (``handling(of:)``). A decided ambiguity's
///   verdict is the reference's; a null read as absent (`null_absent`) may then be refused as
///   missing too. In an open one, where a reading only adds or removes one defect (`typ`, the
///   `iat` window's boundary and future, an `iat` checked where no rule asks, a `kid` that is not
///   a string where `kid` is unused, unused registered header parameters and claims, a number
///   beyond 64-bit integers and doubles), every reading is evaluated and the expectation allows
///   each reading's verdict; a byte order mark is read both ways, the token with the mark skipped
///   judged in turn; where a reading would change the identity or how the token is read, or is
///   one the fuzzer has no handling for, the token is not judged.
public struct FuzzOracle: Sendable {
    public let profile: ProfileDefinition
    private let verifier: ReferenceVerifier
    private let rules: RuleNames
    private let catalogue: RuleCatalogue?
    private let profileAmbiguities: AmbiguityDetector.ProfileAmbiguities?
    private let openAmbiguities: Set<String>

    /// Why a key set with several secrets is not judged under a profile that selects no key by `kid`.
    public static let severalSecrets = "several secrets for a profile with one"
    /// Why a key set in which two keys share a `kid` is not judged.
    public static let sharedKeyID = "two keys with one kid"

    /// An oracle for `profile` with `catalogue`'s ambiguities, of which those `openAmbiguities`
    /// names leave the verdict open and the others are decided.
    public init(profile: ProfileDefinition, catalogue: RuleCatalogue?, openAmbiguities: Set<String>) {
        self.profile = profile
        self.catalogue = catalogue
        profileAmbiguities = catalogue.map { AmbiguityDetector.ProfileAmbiguities(profile: profile.id, catalogue: $0) }
        self.openAmbiguities = openAmbiguities
        verifier = ReferenceVerifier(profile: profile)
        rules = RuleNames(profile: profile.id, catalogue: catalogue)
    }

    /// An oracle for `profile` with `corpus`'s catalogue, where an ambiguity is open when a
    /// vector of the corpus allows either verdict naming it (``openAmbiguities(in:)``).
    public init(profile: ProfileDefinition, corpus: Corpus) {
        self.init(profile: profile, catalogue: corpus.catalogue, openAmbiguities: Self.openAmbiguities(in: corpus))
    }

    /// The ambiguities `corpus` leaves the verdict open for: those a verifier vector's
    /// `acceptable` expectation names. The corpus requires one verdict for every other.
    public static func openAmbiguities(in corpus: Corpus) -> Set<String> {
        Set(corpus.vectors.compactMap { vector in
            guard case .verification(let test) = vector.body, case .acceptable(let ambiguity, _, _) = test.expected else { return nil }
            return ambiguity
        })
    }

    /// The reading of secrets too short to use, which no token shows: a key set holding one is
    /// not judged, named by the profile's ambiguity about that reading.
    static let shortSecretReading = "short_keys_refused"

    /// The judgement for `token` under `keys` at `now`, with the rules it exercises.
    public func judge(token: String, keys: [VerificationKey], now: UnixTime) -> Judgement {
        judge(token: token, keys: keys, now: now, citingRules: true)
    }

    /// The judgement for `token` under `keys` at `now`; without `citingRules` its rules are left
    /// empty, for a caller that needs them only when the verdict disagrees and then judges again.
    /// The expectation and the decisive check are the same either way.
    public func judge(token: String, keys: [VerificationKey], now: UnixTime, citingRules: Bool) -> Judgement {
        if keys.contains(where: { $0.secret.utf8.count <= 1 }) { return .unjudged(ambiguity: shortSecretAmbiguity) }
        // A profile without kid has one secret (KUS-KEY): several keys are not a case it defines.
        if !profile.header.keyIdRequired, keys.count > 1 { return .unjudged(ambiguity: Self.severalSecrets) }
        // Two keys with one kid: which of them the kid selects is not a case the profiles define.
        if profile.header.keyIdRequired, Self.twoKeysShareKeyID(keys) { return .unjudged(ambiguity: Self.sharedKeyID) }
        return judgeToken(token, keys: keys, now: now, readingByteOrderMark: true, citingRules: citingRules)
    }

    /// Whether two keys of the set have `kid`s of the same UTF-8 bytes. Key sets are small: each
    /// pair is compared, without building a set.
    static func twoKeysShareKeyID(_ keys: [VerificationKey]) -> Bool {
        for (index, key) in keys.enumerated() {
            guard let kid = key.kid else { continue }
            if keys[(index + 1)...].contains(where: { $0.kid?.hasIdenticalUTF8(kid) ?? false }) { return true }
        }
        return false
    }

    /// The profile's ambiguity about ``shortSecretReading``, or the reading without a catalogue.
    private var shortSecretAmbiguity: String {
        catalogue?.ambiguities.first { entry in
            entry.profiles.contains(profile.id.rawValue) && (entry.verifierReadings ?? []).contains(Self.shortSecretReading)
        }?.id ?? Self.shortSecretReading
    }

    /// The ambiguities of the profile that the detector finds in a token, in catalogue order.
    public func ambiguities(of token: String, keys: [VerificationKey], now: UnixTime) -> [String] {
        ambiguities(TokenShape(token: token, decoded: verifier.decode(token), profile: profile, now: now, keys: keys)).map(\.id)
    }

    /// An ambiguity the token falls into: its id, whether the corpus decides it, and those of its
    /// readings whose shape the token has.
    struct FoundAmbiguity {
        var id: String
        var decided: Bool
        var readings: [String]
    }

    /// Without a catalogue there are no questions to name: the readings whose shape the token has
    /// stand for them, each open and with no reading, so such a token is not judged.
    private func ambiguities(_ shape: TokenShape) -> [FoundAmbiguity] {
        guard let profileAmbiguities else { return AmbiguityDetector.readings(shape).map { FoundAmbiguity(id: $0, decided: false, readings: []) } }
        let found = AmbiguityDetector.readingMask(shape, examining: profileAmbiguities.readingsMask)
        return profileAmbiguities.ambiguities(withReadingMask: found).map { ambiguity, readings in
            FoundAmbiguity(id: ambiguity.id, decided: !openAmbiguities.contains(ambiguity.id), readings: readings)
        }
    }

    private func judgeToken(_ token: String, keys: [VerificationKey], now: UnixTime, readingByteOrderMark: Bool, citingRules: Bool) -> Judgement {
        // Decoded once, for the verifier and the detector alike.
        let decoded = verifier.decode(token)
        let report = verifier.verify(decoded, keys: keys, now: now)
        let shape = TokenShape(token: token, decoded: decoded, profile: profile, now: now, keys: keys)
        let found = ambiguities(shape)
        var readings: [DefectReading] = []
        var byteOrderMark: String?
        var nullClaim = false
        for ambiguity in found {
            if ambiguity.readings.isEmpty { return .unjudged(ambiguity: ambiguity.id) }
            for reading in ambiguity.readings {
                let handling = Self.handling(of: reading)
                if ambiguity.decided {
                    if handling == .nullAbsent { nullClaim = true }
                    continue
                }
                switch handling {
                case .defect:
                    guard let defect = defectReading(reading, of: ambiguity.id, header: shape.header, payload: shape.payload) else {
                        return .unjudged(ambiguity: ambiguity.id)
                    }
                    readings.append(defect)
                case .byteOrderMark: if readingByteOrderMark { byteOrderMark = ambiguity.id }
                case .nullAbsent, nil: return .unjudged(ambiguity: ambiguity.id)
                }
            }
        }
        let jws: CompactJWS
        switch decoded {
        case .success(let decoded): jws = decoded
        case .failure:
            let malformed = judgeMalformed(report, citingRules: citingRules)
            guard let byteOrderMark else { return malformed }
            return judgeSkippingByteOrderMark(
                token, shape: shape, keys: keys, now: now, marked: malformed, ambiguity: byteOrderMark, citingRules: citingRules)
        }

        // Every combination of the readings that only add or remove one defect.
        var combinations: [[Violation]] = [report.violations]
        for reading in readings {
            combinations = combinations.flatMap { violations in [violations] + reading.alternatives.map { $0(violations) } }
        }
        let named = readings.first?.ambiguity
        var rejectReasons: [RejectionReason] = []
        var accepting = false
        for violations in combinations {
            guard let decisive = Self.decisive(violations) else {
                accepting = true
                continue
            }
            for reason in [decisive] + violations.map(\.reason) where !rejectReasons.contains(reason) {
                rejectReasons.append(reason)
            }
        }
        if rejectReasons.contains(.invalidClaimType) {
            let readAnyway = (nullClaim && hasNullStandingForAbsence(jws.payload) ? [.missingClaim] : []) + timeReasons(jws.payload, now: now)
            for reason in readAnyway where !rejectReasons.contains(reason) { rejectReasons.append(reason) }
        }
        var cited: [String] = []
        if citingRules {
            cited = citedRules(report.violations)
            for rule in readings.flatMap(\.rules) where !cited.contains(rule) { cited.append(rule) }
        }
        let check = Self.decisiveCheck(report.violations)
        if accepting {
            guard let identity = report.identity ?? identityOf(jws) else { return .unjudged(ambiguity: named ?? "identity") }
            if rejectReasons.isEmpty { return .judged(.accept(identity), rules: cited, check: check) }
            return .judged(.acceptable(ambiguity: named ?? "", identity: identity, reasons: rejectReasons), rules: cited, check: check)
        }
        return .judged(.reject(reason: rejectReasons[0], alternatives: Array(rejectReasons.dropFirst())), rules: cited, check: check)
    }

    // MARK: - Tokens that do not decode

    private func judgeMalformed(_ report: VerificationReport, citingRules: Bool) -> Judgement {
        // The reference cannot see the other defects of a token it cannot decode, so only the
        // verdict is judged: a rejection may name any reason.
        .judged(
            .reject(reason: .malformed, alternatives: Self.reasonsButMalformed),
            rules: citingRules ? citedRules(report.violations) : [], check: Self.decisiveCheck(report.violations))
    }

    /// Every rejection reason but `malformed`, in declaration order.
    private static let reasonsButMalformed = RejectionReason.allCases.filter { $0 != .malformed }

    /// `bom_skipped`: refused as malformed (`marked`), or read with the mark skipped. A verifier that
    /// skips it still checks the MAC over the segments as sent, so the token without the mark is
    /// re-signed with the key whose MAC the original carries (or keeps a signature no key makes).
    private func judgeSkippingByteOrderMark(
        _ token: String, shape: TokenShape, keys: [VerificationKey], now: UnixTime, marked: Judgement, ambiguity: String, citingRules: Bool
    ) -> Judgement {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = shape.headerBytes, let payload = shape.payloadBytes,
            let signature = try? Base64URL.decode(parts[2]), case .judged(_, let markedRules, let check) = marked
        else { return marked }
        func skipped(_ bytes: [UInt8]) -> String {
            Base64URL.encode(bytes.starts(with: AmbiguityDetector.byteOrderMark) ? Array(bytes.dropFirst(3)) : bytes)
        }
        let signingInput = token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count)
        let signer = keys.first { key in
            var hmac = key.authenticator
            hmac.update(signingInput)
            return hmac.isValidAuthenticationCode(signature)
        }
        let unmarked = signer.map { CompactJWS.sign(headerSegment: skipped(header), payloadSegment: skipped(payload), key: Array($0.secret.utf8)) }
            ?? "\(skipped(header)).\(skipped(payload)).\(parts[2])"
        switch judgeToken(unmarked, keys: keys, now: now, readingByteOrderMark: false, citingRules: citingRules) {
        case .unjudged(let other):
            return .unjudged(ambiguity: other)
        case .judged(let expectation, let rules, _):
            let cited = markedRules + rules.filter { !markedRules.contains($0) }
            switch expectation {
            case .accept(let identity):
                return .judged(.acceptable(ambiguity: ambiguity, identity: identity, reasons: [.malformed]), rules: cited, check: check)
            case .acceptable(_, let identity, let reasons):
                return .judged(.acceptable(ambiguity: ambiguity, identity: identity, reasons: [.malformed] + reasons.filter { $0 != .malformed }), rules: cited, check: check)
            case .reject(let reason, let alternatives):
                let others = ([reason] + alternatives).filter { $0 != .malformed }
                return .judged(.reject(reason: .malformed, alternatives: others), rules: cited, check: check)
            }
        }
    }

    // MARK: - Ambiguities

    /// How the fuzzer reads a verifier reading of the catalogue's vocabulary.
    enum Handling {
        /// The reading adds or removes one defect (``defectReading(_:of:header:payload:)``).
        case defect
        /// `bom_skipped`: refused, or read with the mark skipped.
        case byteOrderMark
        /// `null_absent`: where the verdict is decided, a null identity, scope or required `iat`
        /// may be refused as missing too.
        case nullAbsent
    }

    /// The handling of each reading the fuzzer knows; nil for one it does not know (a token in an
    /// open ambiguity about it is not judged). A decided ambiguity needs none but `null_absent`.
    static func handling(of reading: String) -> Handling? {
        switch reading {
        case "typ_required", "typ_ignored", "typ_media_type", "typ_exact_case", "iat_age_exclusive", "iat_future", "iat_checked_anyway",
            "kid_type_checked", "registered_header_types_checked", "registered_claims_checked", "number_limit":
            .defect
        case "bom_skipped": .byteOrderMark
        case "null_absent": .nullAbsent
        default: nil
        }
    }

    /// A reading that adds or removes one defect: the violations under each other reading.
    struct DefectReading {
        var ambiguity: String
        var rules: [String]
        var alternatives: [@Sendable ([Violation]) -> [Violation]]
    }

    /// The defect `reading` (one whose ``handling(of:)`` is ``Handling/defect``) adds or removes,
    /// for a token in `ambiguity` whose shape has it.
    private func defectReading(_ reading: String, of ambiguity: String, header: JSONObject?, payload: JSONObject?) -> DefectReading? {
        func adding(_ check: Violation.Check, _ reasons: [RejectionReason], rules: [String]? = nil) -> DefectReading {
            let defects = reasons.map { Violation(reason: $0, check: check, message: "a reading of \(ambiguity)") }
            return DefectReading(
                ambiguity: ambiguity, rules: rules ?? self.rules.rules(for: defects[0]),
                alternatives: defects.map { defect in { $0 + [defect] } })
        }
        func removing(_ check: Violation.Check) -> DefectReading {
            DefectReading(
                ambiguity: ambiguity, rules: self.rules.rules(for: Violation(reason: .invalidHeader, check: check, message: "")),
                alternatives: [{ $0.filter { $0.check != check } }])
        }
        switch reading {
        case "typ_required", "typ_media_type", "typ_exact_case":
            // Adds the type defect; a token that already has it keeps it once.
            let defect = Violation(reason: .invalidHeader, check: .type, message: "a reading of \(ambiguity)")
            return DefectReading(ambiguity: ambiguity, rules: rules.rules(for: defect), alternatives: [{ violations in
                violations.contains { $0.check == .type } ? violations : violations + [defect]
            }])
        case "typ_ignored":
            // typ is not checked at all: the type defect does not count.
            let defect = Violation(reason: .invalidHeader, check: .type, message: "a reading of \(ambiguity)")
            return DefectReading(ambiguity: ambiguity, rules: rules.rules(for: defect), alternatives: [{ violations in
                violations.filter { $0.check != .type }
            }])
        case "iat_age_exclusive", "iat_future":
            return adding(.issuedAt, [.issuedAtOutOfWindow])
        case "iat_checked_anyway":
            // A future iat may be refused; one that is not a number may be refused or not.
            if case .number? = payload?["iat"] { return adding(.issuedAt, [.issuedAtOutOfWindow]) }
            return removing(.issuedAt)
        case "kid_type_checked":
            // The reference refuses the kid as invalid-header; the other reading ignores it.
            return removing(.keyId)
        case "registered_header_types_checked":
            // A verifier that honours `b64` computes the MAC over the raw payload (RFC 7797 §3).
            let honoured: [RejectionReason] = header?["b64"] != nil ? [.badSignature] : []
            return adding(.critical, [.invalidHeader, .malformed] + honoured, rules: ["JWS-HEADER-UNKNOWN"])
        case "number_limit":
            // A parser that cannot represent a number refuses the whole text (RFC 8259 §9).
            return adding(.json, [.malformed], rules: ["JWS-JSON-OBJECT"])
        case "registered_claims_checked":
            let audience = payload?["aud"] != nil
            return adding(.identity, audience ? [.invalidClaimType, .invalidClaimValue] : [.invalidClaimType], rules: ["JWT-UNKNOWN-CLAIMS"])
        default:
            return nil
        }
    }

    /// The reasons JWT-NUMERICDATE also allows for a NumericDate of another JSON type (besides
    /// invalid-claim-type): missing-claim for a required `iat` that is not a boolean, expired for
    /// a boolean `exp` (read as 1 or 0), and the reason of a number an array or object holds.
    private func timeReasons(_ payload: JSONObject, now: UnixTime) -> [RejectionReason] {
        var reasons: [RejectionReason] = []
        for claim in ["iat", "exp", "nbf"] {
            guard let value = payload[claim] else { continue }
            let held: [JSONValue]
            switch value {
            case .bool:
                if claim == "exp", profile.expiration.honoured { reasons.append(.expired) }
                continue
            case .array(let elements): held = elements
            case .object(let object): held = object.members.map(\.value)
            default: continue
            }
            if claim == "iat", profile.issuedAt?.required == true { reasons.append(.missingClaim) }
            for element in held {
                let number: Int64? = switch element {
                case .number(let number): Seconds.whole(number)
                case .string(let text): Int64(text)
                default: nil
                }
                guard let seconds = number else { continue }
                switch claim {
                case "exp" where profile.expiration.honoured && seconds <= now: reasons.append(.expired)
                case "nbf" where profile.notBefore.honoured && seconds > now: reasons.append(.notYetValid)
                case "iat":
                    if let window = profile.issuedAt, let age = Seconds.difference(now, seconds), age > window.maximumAge || -age > window.maximumFutureSkew {
                        reasons.append(.issuedAtOutOfWindow)
                    }
                default: break
                }
            }
        }
        return reasons
    }

    /// Whether a null stands where its absence would also be refused: an identity, the scope, or an
    /// `iat` the profile requires. A null `exp` or `nbf` is only invalid-claim-type (AMB-NULL-CLAIM).
    private func hasNullStandingForAbsence(_ payload: JSONObject) -> Bool {
        let names = profile.identityClaims.map(\.claim) + (profile.scope.map { [$0.claim] } ?? []) + (profile.issuedAt?.required == true ? ["iat"] : [])
        return names.contains { payload[$0] == .null }
    }

    /// The identity a token names when the reference rejected it only for a defect a reading removes.
    private func identityOf(_ jws: CompactJWS) -> Identity? {
        for rule in profile.identityClaims {
            if case .string(let value)? = jws.payload[rule.claim], !value.isEmpty { return Identity(kind: rule.kind, value: value) }
        }
        return nil
    }

    /// The reason that decides the verdict: the first violation's of the earliest stage.
    static func decisive(_ violations: [Violation]) -> RejectionReason? {
        decisiveViolation(violations)?.reason
    }

    static func decisiveViolation(_ violations: [Violation]) -> Violation? {
        var decisive: Violation?
        for violation in violations where decisive.map({ violation.reason.stage < $0.reason.stage }) ?? true {
            decisive = violation
        }
        return decisive
    }

    /// The name of the decisive check, or `accept`.
    static func decisiveCheck(_ violations: [Violation]) -> String {
        decisiveViolation(violations)?.check.rawValue ?? "accept"
    }

    private func citedRules(_ violations: [Violation]) -> [String] {
        var cited: [String] = []
        for violation in violations {
            for rule in rules.rules(for: violation) where !cited.contains(rule) { cited.append(rule) }
        }
        return cited
    }
}
