/// The reference HS256 verifier: decides a token under a ``ProfileDefinition`` and reports every
/// violation it finds.
///
/// Everything vendor-specific comes from the profile. Once a token decodes as a compact JWS
/// (see ``CompactJWS``), every header, key, signature, claim and time check runs, so the report
/// lists all defects; the verdict names the one of the earliest ``VerificationStage``, ties broken
/// by ``Violation/Check`` order. A token whose header and payload are flat objects (strings,
/// numbers, `true`, `false` and `null`, no escapes) is read in place: a member's value is built
/// only when a check looks it up, and the report is the one the full decoding gives.
///
/// ```swift
/// let verifier = ReferenceVerifier(profile: kustomer)
/// let report = verifier.verify(token, keys: [VerificationKey(secret: "s3cret")], now: 1_700_000_000)
/// report.verdict // .accept(.externalId("user-1")) or .reject(.expired), …
/// ```
public struct ReferenceVerifier: Sendable {
    /// The profile whose rules the verifier applies.
    public let profile: ProfileDefinition
    /// The largest token, in UTF-8 bytes, that is examined at all.
    public var maximumTokenByteCount: Int { byteLimit ?? 65_536 }
    /// The limit the verifier was made with; nil for the default of 64 KiB, which is read at each
    /// decoding rather than fixed when the verifier is made.
    private let byteLimit: Int?

    /// The `alg` values accepted: those of the profile that the reference implements.
    private let acceptedAlgorithms: [String]
    /// Header parameters the profile understands in `crit`.
    private let understoodCriticalParameters: [String]

    /// The `alg` values the reference implements.
    static let implementedAlgorithms = ["HS256"]

    /// Header parameter names registered by RFC 7515 and RFC 7518, which `crit` must not list.
    static let registeredHeaderParameters = [
        "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip",
    ]

    /// Creates a verifier for `profile` that refuses tokens longer than `maximumTokenByteCount`
    /// (nil: 64 KiB).
    public init(profile: ProfileDefinition, maximumTokenByteCount: Int? = nil) {
        self.profile = profile
        byteLimit = maximumTokenByteCount
        acceptedAlgorithms = profile.algorithms.filter { Self.isImplemented($0) }
        understoodCriticalParameters = profile.header.understoodCriticalParameters
    }

    /// Whether the reference implements `algorithm` (compared exactly).
    static func isImplemented(_ algorithm: String) -> Bool {
        implementedAlgorithms.contains { $0.hasIdenticalUTF8(algorithm) }
    }

    /// Verifies `token` against `keys` at the time `now` and reports the verdict and every violation.
    public func verify(_ token: String, keys: [VerificationKey], now: UnixTime) -> VerificationReport {
        let flat = CompactJWS.withFlatDecoding(token, maximumByteCount: maximumTokenByteCount, context: self) { verifier, jws in
            verifier.verify(header: jws.header, payload: jws.payload, signed: jws, keys: keys, now: now)
        }
        if let flat { return flat }
        do {
            return verify(decoded: try CompactJWS.decode(token, maximumByteCount: maximumTokenByteCount), keys: keys, now: now)
        } catch {
            return VerificationReport(violations: [Violation(error)], identity: nil)
        }
    }

    /// Decodes `token` as ``verify(_:keys:now:)`` does, refusing tokens longer than
    /// ``maximumTokenByteCount``.
    public func decode(_ token: String) -> Result<CompactJWS, CompactJWSError> {
        Result { () throws(CompactJWSError) in try CompactJWS.decode(token, maximumByteCount: maximumTokenByteCount) }
    }

    /// Verifies a token already decoded by ``decode(_:)``: the same report as
    /// ``verify(_:keys:now:)`` gives for the token, for a caller that also needs the decoding.
    public func verify(_ decoded: Result<CompactJWS, CompactJWSError>, keys: [VerificationKey], now: UnixTime) -> VerificationReport {
        switch decoded {
        case .success(let jws): verify(decoded: jws, keys: keys, now: now)
        case .failure(let error): VerificationReport(violations: [Violation(error)], identity: nil)
        }
    }

    /// Every check of a token that decodes.
    private func verify(decoded jws: CompactJWS, keys: [VerificationKey], now: UnixTime) -> VerificationReport {
        verify(header: jws.header, payload: jws.payload, signed: jws, keys: keys, now: now)
    }

    /// Every check of a token that decodes, whether it was decoded in full or located in place.
    private func verify(
        header: some MemberLookup, payload: some MemberLookup, signed jws: some SignedToken, keys: [VerificationKey], now: UnixTime
    ) -> VerificationReport {
        var violations: [Violation] = []
        checkAlgorithm(header, &violations)
        checkType(header, &violations)
        checkCritical(header, &violations)
        checkKeyID(header, &violations)
        if let candidates = selectKeys(header, keys, &violations) {
            checkSignature(jws, candidates, &violations)
        }
        let identity = resolveIdentity(payload, &violations)
        checkScope(payload, &violations)
        checkIssuedAt(payload, now, &violations)
        checkExpiration(payload, now, &violations)
        checkNotBefore(payload, now, &violations)
        return VerificationReport(violations: violations, identity: identity)
    }
}

// MARK: - Header

extension ReferenceVerifier {
    private func checkAlgorithm(_ header: some MemberLookup, _ violations: inout [Violation]) {
        func refuse(_ message: String) {
            violations.append(Violation(.algorithmNotAllowed, .algorithm, message, member: "alg"))
        }
        switch header["alg"] {
        case nil:
            refuse("the header has no alg")
        case .string(let algorithm):
            guard !acceptedAlgorithms.contains(where: { $0.hasIdenticalUTF8(algorithm) }) else { return }
            if profile.algorithms.contains(where: { $0.hasIdenticalUTF8(algorithm) }) {
                refuse("alg \(quoted(algorithm)) is listed by the profile but not implemented by the reference")
            } else if acceptedAlgorithms.isEmpty {
                refuse("alg \(quoted(algorithm)) is not allowed: the profile allows no implemented algorithm")
            } else {
                let allowed = acceptedAlgorithms.map(quoted).joined(separator: ", ")
                refuse("alg \(quoted(algorithm)) is not allowed (allowed: \(allowed))")
            }
        case let other?:
            refuse("alg is \(article(other)), not a string")
        }
    }

    private func checkType(_ header: some MemberLookup, _ violations: inout [Violation]) {
        guard let expected = profile.header.typ else { return }
        switch header["typ"] {
        case nil:
            if profile.header.typRequired {
                violations.append(
                    Violation(.invalidHeader, .type, "the header has no typ (expected \(quoted(expected)))", member: "typ"))
            }
        case .string(let type):
            if !isSameMediaType(type, expected) {
                violations.append(
                    Violation(.invalidHeader, .type, "typ \(quoted(type)) is not \(quoted(expected))", member: "typ"))
            }
        case let other?:
            violations.append(Violation(.invalidHeader, .type, "typ is \(article(other)), not a string", member: "typ"))
        }
    }

    private func checkCritical(_ header: some MemberLookup, _ violations: inout [Violation]) {
        func refuse(_ message: String) {
            violations.append(Violation(.invalidHeader, .critical, message, member: "crit"))
        }
        guard let critical = header["crit"] else { return }
        guard case .array(let names) = critical, !names.isEmpty else {
            refuse("crit must be a non-empty array of strings, not \(article(critical))")
            return
        }
        for name in names {
            guard case .string(let name) = name else {
                refuse("crit lists \(article(name)), not a string")
                continue
            }
            if Self.registeredHeaderParameters.contains(where: { $0.hasIdenticalUTF8(name) }) {
                refuse("crit lists \(quoted(name)), a header parameter defined by RFC 7515 or RFC 7518")
            } else if !understoodCriticalParameters.contains(where: { $0.hasIdenticalUTF8(name) }) {
                refuse("crit lists \(quoted(name)), an extension the profile does not understand")
            } else if header[name] == nil {
                refuse("crit lists \(quoted(name)), which is not in the header")
            }
        }
    }

    private func checkKeyID(_ header: some MemberLookup, _ violations: inout [Violation]) {
        switch header["kid"] {
        case nil:
            if profile.header.keyIdRequired {
                violations.append(Violation(.invalidHeader, .keyId, "Missing key id (kid)", member: "kid"))
            }
        case .string:
            break
        case let other?:
            violations.append(Violation(.invalidHeader, .keyId, "kid is \(article(other)), not a string", member: "kid"))
        }
    }
}

// MARK: - Key and signature

extension ReferenceVerifier {
    /// Returns the keys the token may be verified with, or records why there are none.
    ///
    /// A profile that requires `kid` selects exactly the key it names. A profile that does not
    /// ignores `kid`: every key of the set is tried.
    private func selectKeys(
        _ header: some MemberLookup,
        _ keys: [VerificationKey],
        _ violations: inout [Violation]
    ) -> [VerificationKey]? {
        func refuse(_ message: String) -> [VerificationKey]? {
            violations.append(Violation(.unknownKey, .keyLookup, message, member: keys.isEmpty ? nil : "kid"))
            return nil
        }
        guard !keys.isEmpty else { return refuse("the key set is empty") }
        guard profile.header.keyIdRequired else { return keys }
        guard case .string(let kid) = header["kid"] else {
            return refuse("no key can be selected without a string kid")
        }
        guard let match = keys.first(where: { $0.kid.map { $0.hasIdenticalUTF8(kid) } ?? false }) else {
            return refuse("no key has kid \(quoted(kid))")
        }
        return [match]
    }

    private func checkSignature(_ jws: some SignedToken, _ candidates: [VerificationKey], _ violations: inout [Violation]) {
        guard jws.signatureByteCount == HMACSHA256.byteCount else {
            violations.append(
                Violation(
                    .badSignature, .signature,
                    "the signature is \(jws.signatureByteCount) bytes, not the \(HMACSHA256.byteCount) of HMAC-SHA-256"))
            return
        }
        if !candidates.contains(where: { jws.hasValidSignature(authenticator: $0.authenticator) }) {
            let name = candidates.count == 1
                ? candidates[0].kid.map { "key \(quoted($0))" } ?? "the key"
                : "any of the \(candidates.count) keys"
            violations.append(Violation(.badSignature, .signature, "the HMAC-SHA-256 signature does not match \(name)"))
        }
    }
}

// MARK: - Claims

extension ReferenceVerifier {
    /// Checks every identity claim and returns the identity of the first one present.
    private func resolveIdentity(_ payload: some MemberLookup, _ violations: inout [Violation]) -> Identity? {
        var identity: Identity?
        var anyPresent = false
        for rule in profile.identityClaims {
            guard let value = payload[rule.claim] else { continue }
            anyPresent = true
            switch value {
            case .string(let text) where !text.isEmpty:
                if identity == nil { identity = Identity(kind: rule.kind, value: text) }
            case .string:
                violations.append(
                    Violation(
                        .invalidClaimValue, .identity, "claim \(quoted(rule.claim)) is an empty string",
                        member: rule.claim))
            default:
                violations.append(
                    Violation(
                        .invalidClaimType, .identity, "claim \(quoted(rule.claim)) is \(article(value)), not a string",
                        member: rule.claim))
            }
        }
        if !anyPresent {
            let names = profile.identityClaims.map { quoted($0.claim) }.joined(separator: ", ")
            let message =
                names.isEmpty
                ? "the profile defines no identity claim" : "the payload has none of the identity claims \(names)"
            violations.append(Violation(.missingClaim, .identity, message))
        }
        return identity
    }

    private func checkScope(_ payload: some MemberLookup, _ violations: inout [Violation]) {
        guard let rule = profile.scope else { return }
        switch payload[rule.claim] {
        case nil:
            violations.append(
                Violation(.missingClaim, .scope, "the payload has no \(quoted(rule.claim)) claim", member: rule.claim))
        case .string(let value):
            if !value.hasIdenticalUTF8(rule.value) {
                violations.append(
                    Violation(
                        .invalidClaimValue, .scope,
                        "claim \(quoted(rule.claim)) is \(quoted(value)), not \(quoted(rule.value))", member: rule.claim))
            }
        case let other?:
            violations.append(
                Violation(
                    .invalidClaimType, .scope, "claim \(quoted(rule.claim)) is \(article(other)), not a string",
                    member: rule.claim))
        }
    }

    /// A NumericDate claim as found in the payload.
    private enum DateClaim {
        case absent
        case wrongType
        case present(NumericDate)
    }

    /// Returns the NumericDate claim `name`, recording a value that is not a number
    /// (RFC 7519 §2 and §4.1) whether or not the profile enforces the claim.
    private func dateClaim(
        _ name: String,
        of payload: some MemberLookup,
        check: Violation.Check,
        _ violations: inout [Violation]
    ) -> DateClaim {
        guard let value = payload[name] else { return .absent }
        guard case .number(let number) = value else {
            violations.append(
                Violation(
                    .invalidClaimType, check, "claim \(quoted(name)) is \(article(value)), not a NumericDate number",
                    member: name))
            return .wrongType
        }
        return .present(NumericDate(number))
    }

    private func checkIssuedAt(_ payload: some MemberLookup, _ now: UnixTime, _ violations: inout [Violation]) {
        let claim = dateClaim("iat", of: payload, check: .issuedAt, &violations)
        guard let rule = profile.issuedAt else { return }
        guard case .present(let issuedAt) = claim else {
            if case .absent = claim, rule.required {
                violations.append(Violation(.missingClaim, .issuedAt, "the payload has no \"iat\" claim", member: "iat"))
            }
            return
        }
        let earliest = NumericDate.Bound(now, minus: rule.maximumAge)
        let latest = NumericDate.Bound(now, plus: rule.maximumFutureSkew)
        if issuedAt.floor < earliest {
            violations.append(
                Violation(
                    .issuedAtOutOfWindow, .issuedAt,
                    "iat \(issuedAt) is more than \(rule.maximumAge) s before now (\(now))", member: "iat"))
        } else if issuedAt.ceiling > latest {
            violations.append(
                Violation(
                    .issuedAtOutOfWindow, .issuedAt,
                    "iat \(issuedAt) is more than \(rule.maximumFutureSkew) s after now (\(now))", member: "iat"))
        }
    }

    private func checkExpiration(_ payload: some MemberLookup, _ now: UnixTime, _ violations: inout [Violation]) {
        let claim = dateClaim("exp", of: payload, check: .expiration, &violations)
        guard case .present(let expiration) = claim else {
            if case .absent = claim, profile.expiration.required {
                violations.append(Violation(.missingClaim, .expiration, "the payload has no \"exp\" claim", member: "exp"))
            }
            return
        }
        if profile.expiration.honoured, expiration.ceiling <= .finite(now) {
            violations.append(
                Violation(.expired, .expiration, "exp \(expiration) is at or before now (\(now))", member: "exp"))
        }
    }

    private func checkNotBefore(_ payload: some MemberLookup, _ now: UnixTime, _ violations: inout [Violation]) {
        guard case .present(let notBefore) = dateClaim("nbf", of: payload, check: .notBefore, &violations),
            profile.notBefore.honoured
        else { return }
        if notBefore.ceiling > .finite(now) {
            violations.append(Violation(.notYetValid, .notBefore, "nbf \(notBefore) is after now (\(now))", member: "nbf"))
        }
    }
}

// MARK: - Helpers

extension ReferenceVerifier {
    /// Whether two media types are the same under RFC 7515 §4.1.9: compared ASCII case-insensitively,
    /// with `application/` implied when a value has no `/`.
    private func isSameMediaType(_ lhs: String, _ rhs: String) -> Bool {
        if lhs.hasIdenticalUTF8(rhs) { return true }
        func normalized(_ type: String) -> [UInt8] {
            let bytes = type.utf8.contains(UInt8(ascii: "/")) ? Array(type.utf8) : Array("application/\(type)".utf8)
            return bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        }
        return normalized(lhs) == normalized(rhs)
    }
}

/// `value` as a JSON string literal, for messages.
private func quoted(_ value: String) -> String {
    JSONValue.string(value).serialized()
}

/// The JSON type of `value` with an article, for messages: "a number", "an array", "null".
private func article(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .array, .object: "an \(value.typeName)"
    default: "a \(value.typeName)"
    }
}

/// A JSON number compared exactly against whole seconds, however large, small or fractional.
///
/// The literal is reduced to the integers just below and above its value, saturated to
/// ``Bound/belowAll`` and ``Bound/aboveAll`` outside `Int64`, so comparison never traps or rounds.
struct NumericDate: Sendable, Hashable, CustomStringConvertible {
    /// An integer, or a value beyond the range of `Int64`.
    enum Bound: Sendable, Hashable, Comparable {
        case belowAll
        case finite(Int64)
        case aboveAll

        /// `now - amount`, saturated.
        init(_ now: Int64, minus amount: Int64) {
            let (value, overflow) = now.subtractingReportingOverflow(amount)
            self = overflow ? (amount > 0 ? .belowAll : .aboveAll) : .finite(value)
        }

        /// `now + amount`, saturated.
        init(_ now: Int64, plus amount: Int64) {
            let (value, overflow) = now.addingReportingOverflow(amount)
            self = overflow ? (amount > 0 ? .aboveAll : .belowAll) : .finite(value)
        }
    }

    /// The literal text.
    let text: String
    /// The greatest integer not above the value.
    let floor: Bound
    /// The least integer not below the value.
    let ceiling: Bound

    var description: String { text }

    init(_ number: JSONNumber) {
        text = number.text
        if let value = Self.shortInteger(number.text) {
            floor = .finite(value)
            ceiling = .finite(value)
        } else {
            (floor, ceiling) = Self.bounds(number.decimalValue)
        }
    }

    /// The value of a plain integer literal of at most 18 digits, which always fits in `Int64`.
    private static func shortInteger(_ text: String) -> Int64? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Int64? in
            let negative = bytes.first == UInt8(ascii: "-")
            let digits = negative ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value: Int64 = 0
            for byte in digits {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return negative ? -value : value
        } ?? nil
    }

    /// The floor and ceiling of any number, computed exactly.
    private static func bounds(_ value: DecimalValue) -> (floor: Bound, ceiling: Bound) {
        let negative = value.isNegative
        let digits = value.digits.utf8.map { $0 - UInt8(ascii: "0") }
        guard !digits.isEmpty else { return (.finite(0), .finite(0)) }
        // Beyond ±10^9 the integer part overflows or is zero, so the exponent may saturate.
        let limit = 1_000_000_000
        let exponent = Int(value.exponent).map { min(max($0, -limit), limit) }
            ?? (value.exponent.hasPrefix("-") ? -limit : limit)
        let integerDigitCount = digits.count + exponent

        var magnitude: Int64 = 0
        var overflow = integerDigitCount > 19
        if !overflow {
            for position in 0..<max(integerDigitCount, 0) {
                let digit = position < digits.count ? Int64(digits[position]) : 0
                let (shifted, overflowedShift) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflowedSum) = shifted.addingReportingOverflow(digit)
                if overflowedShift || overflowedSum {
                    overflow = true
                    break
                }
                magnitude = sum
            }
        }
        if overflow {
            return negative ? (.belowAll, .belowAll) : (.aboveAll, .aboveAll)
        }
        let hasFraction = digits[min(max(integerDigitCount, 0), digits.count)...].contains { $0 != 0 }
        if negative {
            return (.finite(hasFraction ? -magnitude - 1 : -magnitude), .finite(-magnitude))
        }
        guard hasFraction else { return (.finite(magnitude), .finite(magnitude)) }
        let (next, overflowed) = magnitude.addingReportingOverflow(1)
        return (.finite(magnitude), overflowed ? .aboveAll : .finite(next))
    }
}

/// The outcome of verifying one token: the verdict, every violation found, and the identity.
public struct VerificationReport: Sendable, Hashable {
    /// The decision: accept with the identity, or reject with the earliest-stage reason.
    public var verdict: Verdict
    /// Every violation found, in check order. Empty exactly when the token is accepted.
    public var violations: [Violation]
    /// The identity the token names, when it is accepted.
    public var identity: Identity?
    /// The identity the token's identity claims name, by the profile's precedence, whether or not
    /// the token is accepted: who a refused token would log in once its defects are fixed.
    public var namedIdentity: Identity?

    /// Creates a report with the given parts as they are.
    public init(verdict: Verdict, violations: [Violation], identity: Identity?, namedIdentity: Identity? = nil) {
        self.verdict = verdict
        self.violations = violations
        self.identity = identity
        self.namedIdentity = namedIdentity ?? identity
    }

    /// The index of the violation that decides a rejection: the first one of the earliest
    /// ``VerificationStage``; nil when there is none.
    public static func decisiveIndex(in violations: [Violation]) -> Int? {
        var decisive: Int?
        for (index, violation) in violations.enumerated()
        where decisive.map({ violation.reason.stage < violations[$0].reason.stage }) ?? true {
            decisive = index
        }
        return decisive
    }

    /// The report the verifier would have made had it not run `checks`: their violations are
    /// dropped and the verdict is decided again from the rest.
    ///
    /// `report.excluding([.signature])` is the verdict for a token whose signature cannot be
    /// checked because the secret is not at hand.
    public func excluding(_ checks: Set<Violation.Check>) -> VerificationReport {
        VerificationReport(violations: violations.filter { !checks.contains($0.check) }, identity: namedIdentity)
    }

    /// Creates the report for `violations` in check order: an acceptance of `identity` when there
    /// are none, else a rejection for the first violation of the earliest stage.
    init(violations: [Violation], identity: Identity?) {
        let decisive = Self.decisiveIndex(in: violations)
        self.init(
            verdict: decisive.map { .reject(violations[$0].reason) } ?? identity.map { .accept($0) } ?? .reject(nil),
            violations: violations, identity: decisive == nil ? identity : nil, namedIdentity: identity)
    }
}

/// One defect of a token: the rejection reason, the check that found it and a message for people.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// The checks of ``ReferenceVerifier``, in the order it runs them.
    public enum Check: String, Sendable, Hashable, CaseIterable {
        case size
        case segments
        case base64url
        case json
        case duplicateMembers
        case algorithm
        case type
        case critical
        case keyId
        case keyLookup
        case signature
        case identity
        case scope
        case issuedAt
        case expiration
        case notBefore
    }

    /// The rejection reason the defect maps to.
    public var reason: RejectionReason
    /// The check that found it.
    public var check: Check
    /// What is wrong, for people.
    public var message: String
    /// The header or payload member at fault (`"alg"`, `"iat"`, `"externalId"`), when there is one.
    public var member: String?

    /// Creates a violation.
    public init(reason: RejectionReason, check: Check, message: String, member: String? = nil) {
        self.reason = reason
        self.check = check
        self.message = message
        self.member = member
    }

    init(_ reason: RejectionReason, _ check: Check, _ message: String, member: String? = nil) {
        self.init(reason: reason, check: check, message: message, member: member)
    }

    /// The structural violation for a token that does not decode.
    init(_ error: CompactJWSError) {
        let check: Check =
            switch error {
            case .tooLarge: .size
            case .wrongSegmentCount: .segments
            case .invalidBase64URL: .base64url
            case .invalidJSON, .notAnObject: .json
            case .duplicateMember: .duplicateMembers
            }
        self.init(.malformed, check, error.description)
    }

    public var description: String { "\(reason) (\(check.rawValue)): \(message)" }
}
