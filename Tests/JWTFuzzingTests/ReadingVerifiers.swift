import JWTConformance

/// Verifiers built on the reference that take the other reading of one ambiguity (no finding may
/// come of it), or stretch that reading to a case the rules decide (a finding must).

/// Skips a UTF-8 byte order mark at the start of the decoded header and payload (AMB-JSON-BOM's
/// second reading), or, with `anywhere`, removes EF BB BF wherever it stands, inside strings and
/// between tokens too, which no reading allows. The MAC is checked over the segments as sent.
struct ByteOrderMarkSkippingVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]
    var anywhere = false

    func strip(_ bytes: [UInt8]) -> [UInt8] {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard anywhere else { return bytes.starts(with: mark) ? Array(bytes.dropFirst(3)) : bytes }
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: mark) { index += 3 } else { out.append(bytes[index]); index += 1 }
        }
        return out
    }

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        let reference = ReferenceVerifier(profile: profile)
        let parts = request.token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = try? Base64URL.decode(parts[0]), let payload = try? Base64URL.decode(parts[1]),
            let signature = try? Base64URL.decode(parts[2]), strip(header) != header || strip(payload) != payload
        else { return reference.verify(request.token, keys: request.keys, now: request.now).verdict }
        let input = Array("\(parts[0]).\(parts[1])".utf8)
        // The MAC is checked over the segments as sent: the text without the mark is re-signed with
        // the key that made it, or keeps a signature no key makes, so that earlier stages still decide.
        let key = request.keys.first { HMACSHA256.authenticationCode(for: input, key: Array($0.secret.utf8)) == signature }
        let segments = (Base64URL.encode(strip(header)), Base64URL.encode(strip(payload)))
        let unmarked = key.map { CompactJWS.sign(headerSegment: segments.0, payloadSegment: segments.1, key: Array($0.secret.utf8)) }
            ?? "\(segments.0).\(segments.1).\(parts[2])"
        return reference.verify(unmarked, keys: request.keys, now: request.now).verdict
    }
}

/// Ignores a `kid` that is not a string: under Kustomer, which selects no key by `kid`, that is
/// AMB-KUS-KID-TYPE's first reading; with `everywhere`, under Sunshine too, where it then tries
/// every key of the set, which the rules refuse (SUN-HDR-KID).
struct KidTypeIgnoringVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]
    var everywhere = false

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard var profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        guard let jws = try? CompactJWS.decode(request.token), let kid = jws.header["kid"], kid.stringValue == nil,
            !profile.header.keyIdRequired || everywhere
        else { return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict }
        profile.header.keyIdRequired = false
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).excluding([.keyId]).verdict
    }
}

/// Refuses, as invalid-header, a header parameter registered by RFC 7515 or RFC 7797 whose value
/// has another JSON type than its definition's (AMB-UNUSED-HEADER-PARAMETERS' second reading),
/// or, with `anyParameter`, any header member it does not use that is not a string, private ones
/// and a boolean `b64` included, which the rules say are ignored.
struct HeaderTypeCheckingVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]
    var anyParameter = false

    func isRefused(_ name: String, _ value: JSONValue) -> Bool {
        if anyParameter { return !["alg", "typ", "kid", "crit"].contains(name) && value.stringValue == nil }
        switch (name, value) {
        case ("cty", _), ("x5u", _), ("x5t", _), ("jku", _): return value.stringValue == nil
        case ("x5c", .array), ("jwk", .object), ("b64", .bool): return false
        case ("x5c", _), ("jwk", _), ("b64", _): return true
        default: return false
        }
    }

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        if let jws = try? CompactJWS.decode(request.token), jws.header.members.contains(where: { isRefused($0.key, $0.value) }) {
            return .reject(.invalidHeader)
        }
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
    }
}

/// Refuses, as invalid-header, a `jwk` header parameter that carries a private or symmetric key,
/// as go-jose does (its header parser accepts public keys only); ignores a public one.
struct PublicJWKOnlyVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        if let jws = try? CompactJWS.decode(request.token), let key = jws.header["jwk"]?.objectValue,
            key["k"] != nil || key["d"] != nil {
            return .reject(.invalidHeader)
        }
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
    }
}

/// Refuses any `aud` (no audience is configured) as invalid-claim-value and a `sub`, `iss` or
/// `jti` that is not a string as invalid-claim-type, as JWT libraries do by default
/// (AMB-UNUSED-REGISTERED-CLAIMS' second reading), or, with `anyClaim`, every claim it does not
/// use that is not a string, private ones included, which the rules say are ignored.
struct ClaimTypeCheckingVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]
    var anyClaim = false

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        if let jws = try? CompactJWS.decode(request.token) {
            if jws.payload["aud"] != nil { return .reject(.invalidClaimValue) }
            let used = Set(profile.identityClaims.map(\.claim) + [profile.scope?.claim, "iat", "exp", "nbf"].compactMap { $0 })
            let checked = anyClaim ? jws.payload.keys.filter { !used.contains($0) } : ["sub", "iss", "jti"]
            if checked.contains(where: { name in jws.payload[name].map { $0.stringValue == nil } ?? false }) { return .reject(.invalidClaimType) }
        }
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
    }
}

/// Refuses as malformed a token whose header or payload holds a number a parser of 64-bit
/// integers and doubles cannot represent, as Go's `encoding/json` and jansson do (the third reading
/// of AMB-RESOURCE-LIMITS); with `below2To53`, also an integer beyond 2^53, which a double holds
/// only approximately and no reading allows refusing.
struct NumberRangeLimitingVerifier: TokenVerifier {
    let profiles: [ProfileID: ProfileDefinition]
    var below2To53 = false

    func isRefused(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number):
            let double = Double(number.text) ?? .nan
            if number.isInteger {
                guard let integer = Int64(number.text) else { return true }
                return below2To53 && integer.magnitude > 1 << 53
            }
            let mantissa = number.text.prefix { $0 != "e" && $0 != "E" }
            return double.isInfinite || (double == 0 && mantissa.contains { ("1"..."9").contains($0) })
        case .array(let elements): return elements.contains(where: isRefused)
        case .object(let object): return object.members.contains { isRefused($0.value) }
        case .null, .bool, .string: return false
        }
    }

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        guard let profile = profiles[request.profile] else { throw ImplementationUnsupported("no profile") }
        if let jws = try? CompactJWS.decode(request.token), isRefused(.object(jws.header)) || isRefused(.object(jws.payload)) {
            return .reject(.malformed)
        }
        return ReferenceVerifier(profile: profile).verify(request.token, keys: request.keys, now: request.now).verdict
    }
}
