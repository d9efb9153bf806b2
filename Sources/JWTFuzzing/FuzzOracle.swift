import JWTConformance

/// What a verifier must answer for a fuzzed token, as far as the suite can say.
public enum Judgement: Sendable, Hashable {
    /// The token is judged with this expectation; `rules` are the catalogue rules it exercises and
    /// `check` names the reference's decisive check (`accept` when it accepts).
    case judged(VerificationExpectation, rules: [String], check: String)
    /// The verdict depends on an open ambiguity the expectation cannot be stated for: not judged.
    case unjudged(ambiguity: String)
}

/// Decides what a verifier must answer for a token, from the reference verifier's report of every
/// violation and the catalogue's open ambiguities.
///
/// A false alarm costs more than a miss, so:
/// - a rejection may name the reason of *any* defect the reference found (the order of stages is
///   what the corpus's precedence vectors test); a token the reference cannot decode must be
///   rejected, for any reason, since its other defects are unknown;
/// - where an ambiguity only decides whether one more defect counts (`typ`, Kustomer's `iat`
///   boundary and future `iat`, Sunshine's unchecked `iat`), every reading is evaluated and the
///   expectation allows each reading's verdict, naming the ambiguity;
/// - where a reading would change the identity or how the token is read (duplicate members,
///   NumericDates that are strings, fractions or out of range, a numeric Kustomer `externalId`,
///   an unusable identity beside a usable one, the legacy Sunshine scope, secrets of one byte or
///   none, oversized or deeply nested tokens), the token is not judged.
public struct FuzzOracle: Sendable {
    public let profile: ProfileDefinition
    private let verifier: ReferenceVerifier
    private let rules: RuleNames

    /// Why a key set with several secrets is not judged under a profile that selects no key by `kid`.
    public static let severalSecrets = "several secrets for a profile with one"
    /// Why a key set in which two keys share a `kid` is not judged.
    public static let sharedKeyID = "two keys with one kid"

    public init(profile: ProfileDefinition, catalogue: RuleCatalogue?) {
        self.profile = profile
        verifier = ReferenceVerifier(profile: profile)
        rules = RuleNames(profile: profile.id, catalogue: catalogue)
    }

    /// The judgement for `token` under `keys` at `now`.
    public func judge(token: String, keys: [VerificationKey], now: UnixTime) -> Judgement {
        if keys.contains(where: { $0.secret.utf8.count <= 1 }) { return .unjudged(ambiguity: "AMB-SHORT-SECRET") }
        // A profile without kid has one secret (KUS-KEY): several keys are not a case it defines.
        if !profile.header.keyIdRequired, keys.count > 1 { return .unjudged(ambiguity: Self.severalSecrets) }
        // Two keys with one kid: which of them the kid selects is not a case the profiles define.
        let kids = keys.compactMap(\.kid)
        if profile.header.keyIdRequired, Set(kids.map { Array($0.utf8) }).count < kids.count { return .unjudged(ambiguity: Self.sharedKeyID) }
        let report = verifier.verify(token, keys: keys, now: now)
        let jws: CompactJWS
        do {
            jws = try CompactJWS.decode(token, maximumByteCount: verifier.maximumTokenByteCount)
        } catch {
            return judgeMalformed(error, report)
        }
        if let ambiguity = unjudgeableAmbiguity(jws) { return .unjudged(ambiguity: ambiguity) }

        // Every combination of the readings that only add or remove one defect.
        var readings: [[Violation]] = [report.violations]
        var named: String?
        for reading in defectReadings(jws, now: now) {
            named = named ?? reading.ambiguity
            readings = readings.flatMap { [$0, reading.transform($0)] }
        }
        let nullClaims = hasNullClaim(jws.payload)
        var rejectReasons: [RejectionReason] = []
        var accepting = false
        for violations in readings {
            guard let decisive = Self.decisive(violations) else {
                accepting = true
                continue
            }
            for reason in [decisive] + violations.map(\.reason) where !rejectReasons.contains(reason) {
                rejectReasons.append(reason)
            }
        }
        if nullClaims, rejectReasons.contains(.invalidClaimType), !rejectReasons.contains(.missingClaim) {
            rejectReasons.append(.missingClaim)
        }
        let cited = citedRules(readings.flatMap { $0 })
        let check = Self.decisiveCheck(report.violations)
        if accepting {
            guard let identity = report.identity ?? identityOf(jws) else { return .unjudged(ambiguity: named ?? "identity") }
            if rejectReasons.isEmpty { return .judged(.accept(identity), rules: cited, check: check) }
            return .judged(.acceptable(ambiguity: named ?? "", identity: identity, reasons: rejectReasons), rules: cited, check: check)
        }
        return .judged(.reject(reason: rejectReasons[0], alternatives: Array(rejectReasons.dropFirst())), rules: cited, check: check)
    }

    // MARK: - Tokens that do not decode

    private func judgeMalformed(_ error: CompactJWSError, _ report: VerificationReport) -> Judgement {
        let cited = citedRules(report.violations)
        let check = Self.decisiveCheck(report.violations)
        switch error {
        case .tooLarge:
            return .unjudged(ambiguity: "AMB-RESOURCE-LIMITS")
        case .invalidJSON(_, let parseError) where parseError.kind == .depthLimitExceeded:
            return .unjudged(ambiguity: "AMB-RESOURCE-LIMITS")
        case .duplicateMember:
            return .unjudged(ambiguity: "AMB-DUPLICATE-MEMBERS")
        case .wrongSegmentCount, .invalidBase64URL, .invalidJSON, .notAnObject:
            // The reference cannot see the other defects of a token it cannot decode, so only the
            // verdict is judged: a rejection may name any reason.
            return .judged(.reject(reason: .malformed, alternatives: RejectionReason.allCases.filter { $0 != .malformed }), rules: cited, check: check)
        }
    }

    // MARK: - Ambiguities

    /// The ambiguity that makes the token unjudgeable, if any.
    private func unjudgeableAmbiguity(_ jws: CompactJWS) -> String? {
        for name in ["iat", "exp", "nbf"] {
            switch jws.payload[name] {
            case .string?: return "AMB-NUMERICDATE-STRING"
            case .number(let number)? where !Self.isPlainInteger(number.text):
                let exponent = number.text.contains { $0 == "e" || $0 == "E" }
                return !exponent && number.text.contains(".") ? "AMB-NUMERICDATE-FRACTION" : "AMB-NUMERICDATE-RANGE"
            default: continue
            }
        }
        if let scope = profile.scope, case .string(let value)? = jws.payload[scope.claim], value.hasIdenticalBytes("appUser") {
            return "AMB-SUN-LEGACY-SCOPE"
        }
        // Several identity claims where one is unusable: fallback and shadowing readings.
        let present = profile.identityClaims.compactMap { rule in jws.payload[rule.claim].map { (rule, $0) } }
        if present.count > 1 {
            let usable = present.filter { if case .string(let text) = $0.1 { !text.isEmpty } else { false } }
            if !usable.isEmpty, usable.count < present.count {
                return present.first.map { if case .string(let text) = $0.1, !text.isEmpty { true } else { false } } == true
                    ? "AMB-KUS-SHADOWED-EXTERNALID" : "AMB-KUS-EMAIL-FALLBACK"
            }
        }
        for rule in profile.identityClaims where rule.kind == .externalId {
            if case .number? = jws.payload[rule.claim], profile.identityClaims.count > 1 { return "AMB-KUS-EXTERNALID-NUMBER" }
        }
        return nil
    }

    /// A reading that adds or removes one defect.
    struct DefectReading {
        var ambiguity: String
        var transform: @Sendable ([Violation]) -> [Violation]
    }

    private func defectReadings(_ jws: CompactJWS, now: UnixTime) -> [DefectReading] {
        var readings: [DefectReading] = []
        if let expected = profile.header.typ {
            let typ = jws.header["typ"]
            let exact: Bool = if case .string(let value)? = typ { value.hasIdenticalBytes(expected) } else { false }
            let typeDefect = Violation(reason: .invalidHeader, check: .type, message: "typ is not exactly \(expected) (a reading of an ambiguity)")
            if profile.header.keyIdRequired {
                // Sunshine: whether typ is checked at all is open (AMB-SUN-TYP).
                if !exact {
                    readings.append(DefectReading(ambiguity: "AMB-SUN-TYP") { violations in
                        violations.contains { $0.check == .type } ? violations.filter { $0.check != .type } : violations + [typeDefect]
                    })
                }
            } else if typ == nil {
                readings.append(DefectReading(ambiguity: "AMB-KUS-TYP-REQUIRED") { $0 + [typeDefect] })
            } else if case .string? = typ, !exact {
                readings.append(DefectReading(ambiguity: "AMB-TYP-CASE") { violations in
                    violations.contains { $0.check == .type } ? violations : violations + [typeDefect]
                })
            }
        }
        let windowDefect = Violation(reason: .issuedAtOutOfWindow, check: .issuedAt, message: "iat is outside the window (a reading of an ambiguity)")
        if let window = profile.issuedAt, case .number(let number)? = jws.payload["iat"], let iat = number.int64Value {
            let age = now &- iat
            if age == window.maximumAge {
                readings.append(DefectReading(ambiguity: "AMB-KUS-IAT-BOUNDARY") { $0 + [windowDefect] })
            } else if age < 0, -age <= window.maximumFutureSkew {
                readings.append(DefectReading(ambiguity: "AMB-KUS-IAT-FUTURE") { $0 + [windowDefect] })
            }
        } else if profile.issuedAt == nil, let iat = jws.payload["iat"] {
            if case .number(let number) = iat {
                if let value = number.int64Value, value > now {
                    readings.append(DefectReading(ambiguity: "AMB-SUN-IAT") { $0 + [windowDefect] })
                }
            } else {
                readings.append(DefectReading(ambiguity: "AMB-SUN-IAT") { $0.filter { $0.check != .issuedAt } })
            }
        }
        return readings
    }

    private func hasNullClaim(_ payload: JSONObject) -> Bool {
        let names = profile.identityClaims.map(\.claim) + (profile.scope.map { [$0.claim] } ?? []) + ["iat"]
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

    /// An integer literal of at most 18 digits: a value every reading agrees on.
    static func isPlainInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.count <= 18 && digits.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Whether the two strings have the same UTF-8 bytes (no Unicode canonical equivalence).
    func hasIdenticalBytes(_ other: String) -> Bool { utf8.elementsEqual(other.utf8) }
}
