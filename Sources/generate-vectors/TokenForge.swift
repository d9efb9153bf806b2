import Foundation
import JWTConformance

/// Builds tokens, well-formed or deliberately broken, byte for byte.
///
/// Everything here is deterministic: JSON is written by ``JSONValue/serialized(style:)`` in the
/// member order given (duplicates kept), signatures are HMACs, and the few searches for a token
/// with a property (say, a signature that contains `-`) try variants in a fixed order.
enum Forge {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    // MARK: Signing

    /// The compact JWS of two JSON objects (compact serialization, order and duplicates kept),
    /// HMAC-SHA-256 over the UTF-8 bytes of `secret`.
    static func sign(_ header: JSONObject, _ payload: JSONObject, secret: String) -> String {
        CompactJWS.encode(header: header, payload: payload, key: Array(secret.utf8))
    }

    /// As ``sign(_:_:secret:)`` with raw key bytes (for keys that are not the secret's UTF-8).
    static func sign(_ header: JSONObject, _ payload: JSONObject, keyBytes: [UInt8]) -> String {
        CompactJWS.encode(header: header, payload: payload, key: keyBytes)
    }

    /// Signs JSON texts exactly as written (whitespace, escapes, duplicates, invalid JSON).
    static func sign(headerText: String, payloadText: String, secret: String) -> String {
        CompactJWS.sign(headerJSON: headerText, payloadJSON: payloadText, key: Array(secret.utf8))
    }

    /// Signs raw header and payload bytes (which need not be UTF-8).
    static func sign(headerBytes: [UInt8], payloadBytes: [UInt8], secret: String) -> String {
        CompactJWS.sign(
            headerSegment: Base64URL.encode(headerBytes), payloadSegment: Base64URL.encode(payloadBytes),
            key: Array(secret.utf8))
    }

    /// Signs two segments exactly as given (padded or non-canonical base64url included).
    static func sign(headerSegment: String, payloadSegment: String, secret: String) -> String {
        CompactJWS.sign(headerSegment: headerSegment, payloadSegment: payloadSegment, key: Array(secret.utf8))
    }

    /// A token whose `alg` is HS384 or HS512 with a genuine HMAC-SHA-384/512 under `secret`.
    static func sign(_ header: JSONObject, _ payload: JSONObject, secret: String, variant: SHA512Family.Variant) -> String {
        let signingInput = segment(header) + "." + segment(payload)
        let mac = SHA512Family.hmac(Array(signingInput.utf8), key: Array(secret.utf8), variant: variant)
        return signingInput + "." + Base64URL.encode(mac)
    }

    /// `header.payload.` — the unsecured shape of RFC 7519 §6.1, with an empty signature.
    static func unsecured(_ header: JSONObject, _ payload: JSONObject) -> String {
        segment(header) + "." + segment(payload) + "."
    }

    /// The base64url of an object's compact JSON.
    static func segment(_ object: JSONObject) -> String {
        Base64URL.encode(JSONValue.object(object).serializedUTF8())
    }

    /// The base64url of a value's compact JSON (arrays, strings… where an object belongs).
    static func segment(_ value: JSONValue) -> String {
        Base64URL.encode(value.serializedUTF8())
    }

    /// The compact JSON text of an object.
    static func text(_ object: JSONObject) -> String {
        JSONValue.object(object).serialized()
    }

    // MARK: Taking tokens apart

    static func segments(_ token: String) -> [String] {
        token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    static func signatureBytes(_ token: String) -> [UInt8] {
        // Forged tokens always have a canonical signature segment here.
        (try? Base64URL.decode(segments(token)[2])) ?? []
    }

    /// The token with its signature segment replaced by the encoding of `bytes`.
    static func withSignature(_ token: String, bytes: [UInt8]) -> String {
        withSignatureSegment(token, Base64URL.encode(bytes))
    }

    /// The token with its signature segment replaced by `segment`, verbatim.
    static func withSignatureSegment(_ token: String, _ segment: String) -> String {
        let parts = segments(token)
        return parts[0] + "." + parts[1] + "." + segment
    }

    /// The token with its payload segment replaced (the signature is kept, so it no longer matches).
    static func withPayloadSegment(_ token: String, _ segment: String) -> String {
        let parts = segments(token)
        return parts[0] + "." + segment + "." + parts[2]
    }

    /// The token with its header segment replaced (the signature is kept).
    static func withHeaderSegment(_ token: String, _ segment: String) -> String {
        let parts = segments(token)
        return segment + "." + parts[1] + "." + parts[2]
    }

    // MARK: Encoding defects

    /// `segment` followed by the `=` padding of standard base64, or nil if it needs none.
    static func padded(_ segment: String) -> String? {
        let remainder = segment.utf8.count % 4
        guard remainder != 0 else { return nil }
        return segment + String(repeating: "=", count: 4 - remainder)
    }

    /// `segment` in the standard alphabet (`+` for `-`, `/` for `_`), or nil if it has neither.
    static func standardAlphabet(_ segment: String) -> String? {
        guard segment.contains("-") || segment.contains("_") else { return nil }
        return String(segment.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
    }

    /// `segment` with the unused low bits of its last character set: it decodes, leniently, to
    /// the same bytes; nil when the segment's length leaves no unused bits.
    static func nonCanonicalLastCharacter(_ segment: String) -> String? {
        guard segment.utf8.count % 4 != 0, let last = segment.last, let value = alphabet.firstIndex(of: last) else {
            return nil
        }
        return String(segment.dropLast()) + String(alphabet[value | 1])
    }

    /// `text` with `insertion` placed before the character at `offset`.
    static func inserting(_ insertion: String, at offset: Int, in text: String) -> String {
        let index = text.index(text.startIndex, offsetBy: offset)
        return String(text[..<index]) + insertion + String(text[index...])
    }

    /// The UTF-8 bytes of `template` with `marker` replaced by `raw` (bytes that need not be UTF-8).
    static func bytes(_ template: String, replacing marker: String, with raw: [UInt8]) -> [UInt8] {
        let parts = template.components(separatedBy: marker)
        precondition(parts.count == 2, "the template must contain the marker once")
        return Array(parts[0].utf8) + raw + Array(parts[1].utf8)
    }

    /// The first of `make(0)`, `make(1)`, … that satisfies `isWanted`: a deterministic search for
    /// a token with a property such as "its signature contains `-`".
    static func firstVariant<T>(_ what: String, _ make: (Int) -> T, where isWanted: (T) -> Bool) -> T {
        for attempt in 0..<10_000 {
            let candidate = make(attempt)
            if isWanted(candidate) { return candidate }
        }
        fatalError("no variant found: \(what)")
    }

    /// The token `make(filler)` whose length in bytes is the smallest at or above `target`,
    /// where the token grows with `filler` (a count of ASCII characters in one claim): the
    /// length is estimated from `make(0)` and then adjusted a character at a time.
    static func sized(_ target: Int, _ make: (Int) -> String) -> String {
        let base = make(0).utf8.count
        var filler = max(0, (target - base) * 3 / 4 - 8)
        var token = make(filler)
        while token.utf8.count < target {
            filler += 1
            token = make(filler)
        }
        return token
    }

    // MARK: Values

    /// A JSON number with exactly this literal text.
    static func number(_ text: String) -> JSONValue {
        guard let number = JSONNumber(text: text) else { fatalError("not a JSON number: \(text)") }
        return .number(number)
    }

    /// A JSON integer.
    static func int(_ value: Int64) -> JSONValue {
        .number(JSONNumber(value))
    }

    /// Standard base64 decoding (RFC 4648 §4), for the mistake of decoding a text secret.
    static func base64Decoded(_ text: String) -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { fatalError("not base64: \(text)") }
        return Array(data)
    }

    /// ISO 8859-1 bytes of a string whose characters all lie below U+0100.
    static func latin1(_ text: String) -> [UInt8] {
        text.unicodeScalars.map {
            guard $0.value < 0x100 else { fatalError("not Latin-1: \(text)") }
            return UInt8($0.value)
        }
    }
}

extension JSONObject {
    /// A copy with `key` set to `value` (replacing in place, or appended), or removed when nil.
    func with(_ key: String, _ value: JSONValue?) -> JSONObject {
        var copy = self
        copy[key] = value
        return copy
    }

    /// A copy with `key` removed.
    func without(_ key: String) -> JSONObject {
        with(key, nil)
    }

    /// A copy with a member appended even if one of that name exists (a duplicate).
    func appending(_ key: String, _ value: JSONValue) -> JSONObject {
        var copy = self
        copy.append(key: key, value: value)
        return copy
    }

    /// A copy with a member inserted first.
    func prepending(_ key: String, _ value: JSONValue) -> JSONObject {
        JSONObject(members: [(key: key, value: value)] + members)
    }
}
