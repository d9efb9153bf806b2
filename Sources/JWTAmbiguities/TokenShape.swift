import JWTConformance

/// What the ``AmbiguityDetector`` looks at: a token's decoded parts, the profile, the clock, and
/// whether the signature is another key's.
///
/// `inspect` fills it from its lenient view of the token; the fuzzer from the strict decoding the
/// reference verifier does (``init(token:decoded:profile:now:keys:)``).
public struct TokenShape: Sendable {
    /// The JOSE header, when it is a JSON object.
    public var header: JSONObject?
    /// The payload, when it is a JSON object.
    public var payload: JSONObject?
    /// Why the token is not a compact JWS, if it is not.
    public var decodingError: CompactJWSError?
    /// The decoded bytes of the header segment, where they decode.
    public var headerBytes: [UInt8]?
    /// The decoded bytes of the payload segment, where they decode.
    public var payloadBytes: [UInt8]?
    public var profile: ProfileDefinition
    public var now: UnixTime
    /// Whether the signature verifies under a key of the set other than the one the `kid` selects
    /// (for a profile that does not use `kid`: other than the set's first, current key).
    public var signedWithAnotherKey: Bool

    public init(
        header: JSONObject?, payload: JSONObject?, decodingError: CompactJWSError?, headerBytes: [UInt8]?, payloadBytes: [UInt8]?,
        profile: ProfileDefinition, now: UnixTime, signedWithAnotherKey: Bool
    ) {
        self.header = header
        self.payload = payload
        self.decodingError = decodingError
        self.headerBytes = headerBytes
        self.payloadBytes = payloadBytes
        self.profile = profile
        self.now = now
        self.signedWithAnotherKey = signedWithAnotherKey
    }

    /// The shape of `token` as the reference verifier decodes it (`decoded`): the segments' bytes
    /// are kept only when their JSON is what failed, since only then can they hold a byte order mark.
    public init(token: String, decoded: Result<CompactJWS, CompactJWSError>, profile: ProfileDefinition, now: UnixTime, keys: [VerificationKey]) {
        switch decoded {
        case .success(let jws):
            self.init(
                header: jws.header, payload: jws.payload, decodingError: nil, headerBytes: nil, payloadBytes: nil, profile: profile, now: now,
                signedWithAnotherKey: Self.isSignedWithAnotherKey(jws, keys: keys, profile: profile))
        case .failure(let error):
            var segments: [[UInt8]?] = [nil, nil]
            if case .invalidJSON = error {
                segments = Self.firstTwoSegments(of: token).map { try? Base64URL.decode($0) }
            }
            self.init(
                header: nil, payload: nil, decodingError: error, headerBytes: segments.first ?? nil, payloadBytes: segments.last ?? nil,
                profile: profile, now: now, signedWithAnotherKey: false)
        }
    }

    /// The first two of the `.`-separated parts of `token` (one when it has no `.`). An ASCII
    /// token is cut at its `.` bytes, which are then its `.` characters, without the work of
    /// splitting it into characters.
    static func firstTwoSegments(of token: String) -> [Substring] {
        guard token.utf8.allSatisfy({ $0 < 0x80 }) else {
            return Array(token.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).prefix(2))
        }
        let utf8 = token.utf8
        guard let first = utf8.firstIndex(of: UInt8(ascii: ".")) else { return [token[...]] }
        let rest = utf8.index(after: first)
        let second = utf8[rest...].firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex
        return [token[..<first], token[rest..<second]]
    }

    /// Whether a profile that selects the key by `kid` finds the signature wrong under the named
    /// key but right under another key of the set; for a profile that does not use `kid`, whether
    /// the signature is wrong under the set's first (current) key but right under a later one.
    public static func isSignedWithAnotherKey(_ jws: CompactJWS, keys: [VerificationKey], profile: ProfileDefinition) -> Bool {
        guard keys.count > 1 else { return false }
        guard profile.header.keyIdRequired else {
            return !jws.hasValidSignature(key: keys[0].secret.utf8) && keys.dropFirst().contains { jws.hasValidSignature(key: $0.secret.utf8) }
        }
        guard case .string(let kid)? = jws.header["kid"] else { return false }
        let selected = keys.first { $0.kid.map { Array($0.utf8) == Array(kid.utf8) } ?? false }
        if let selected, jws.hasValidSignature(authenticator: selected.authenticator) { return false }
        return keys.contains { $0 != selected && jws.hasValidSignature(authenticator: $0.authenticator) }
    }

    /// Whether `iat`, `exp` or `nbf` is present with a value that `matches`.
    func hasDate(_ matches: (JSONValue) -> Bool) -> Bool {
        guard let payload else { return false }
        return Self.dateClaims.contains { payload[$0].map(matches) ?? false }
    }

    private static let dateClaims = ["iat", "exp", "nbf"]

    /// The whole seconds of a NumericDate claim.
    func seconds(_ claim: String) -> Int64? {
        guard case .number(let number)? = payload?[claim] else { return nil }
        return Seconds.whole(number)
    }
}

/// Arithmetic on NumericDates that never traps.
public enum Seconds {
    /// The integer value of an integer literal, or of one with a zero fraction, if it fits in `Int64`.
    public static func whole(_ number: JSONNumber) -> Int64? {
        if let value = number.int64Value { return value }
        let value = number.doubleValue
        guard value.isFinite, value.rounded(.down) == value, abs(value) < 9.2e18 else { return nil }
        return Int64(value)
    }

    /// Whether the exact value of `number` lies outside the range of `Int64`, however it is
    /// written: `9223372036854775808` and `1E19` do, `9.223372036854775807e18` does not.
    public static func isBeyondInt64(_ number: JSONNumber) -> Bool {
        // An integer literal that `Int64` reads is within range: most NumericDates are.
        if number.int64Value != nil { return false }
        let value = number.decimalValue
        let digits = Array(value.digits.utf8)
        guard !digits.isEmpty else { return false }
        guard let exponent = Int(value.exponent) else { return !value.exponent.hasPrefix("-") }
        let integerDigitCount = digits.count + exponent
        guard integerDigitCount == 19 else { return integerDigitCount > 19 }
        let limit = Array((value.isNegative ? "9223372036854775808" : "9223372036854775807").utf8)
        let leading = digits.prefix(19) + Array(repeating: UInt8(ascii: "0"), count: max(0, 19 - digits.count))
        if !leading.elementsEqual(limit) { return leading.lexicographicallyPrecedes(limit) == false }
        // At the limit itself, any fraction goes beyond it (`digits` has no trailing zeros).
        return digits.count > 19
    }

    /// `lhs - rhs`, or nil when it does not fit in 64 bits (any clock may be given).
    public static func difference(_ lhs: Int64, _ rhs: Int64) -> Int64? {
        let (value, overflow) = lhs.subtractingReportingOverflow(rhs)
        return overflow ? nil : value
    }
}
