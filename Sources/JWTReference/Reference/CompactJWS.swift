/// A JSON Web Signature in the compact serialization of RFC 7515 §7.1, decoded strictly.
///
/// Decoding accepts exactly `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)`
/// where each segment is canonical unpadded base64url, and the header and payload are UTF-8 JSON
/// objects without duplicate member names (RFC 7515 §5.2 lets a recipient reject them):
///
/// ```swift
/// let jws = try CompactJWS.decode(token)
/// jws.header["alg"]?.stringValue // "HS256"
/// jws.hasValidSignature(key: Array("secret".utf8))
/// ```
///
/// Decoding checks structure only; it does not verify the signature.
public struct CompactJWS: Sendable {
    /// The token, exactly as received; the segments are views of it.
    private let token: String
    /// The UTF-8 offsets of the two dots in ``token``.
    private let firstDot: Int
    private let secondDot: Int
    /// The decoded JOSE header.
    public let header: JSONObject
    /// The decoded payload (the JWT claims set).
    public let payload: JSONObject
    /// The decoded signature.
    private let decodedSignature: DecodedSignature

    /// A decoded signature, kept inline when it has the 32 bytes of HMAC-SHA-256, as every valid
    /// one does, so decoding a token allocates nothing for it.
    private enum DecodedSignature: Sendable {
        case code(UInt64, UInt64, UInt64, UInt64)
        case other([UInt8])

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count == 32 else {
                self = .other(Array(bytes))
                return
            }
            let raw = UnsafeRawBufferPointer(bytes)
            self = .code(
                raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// The decoded signature bytes.
    public var signature: [UInt8] {
        withSignature { Array($0) }
    }

    /// The number of decoded signature bytes.
    var signatureByteCount: Int {
        switch decodedSignature {
        case .code: 32
        case .other(let bytes): bytes.count
        }
    }

    /// Calls `body` with the decoded signature bytes.
    private func withSignature<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        switch decodedSignature {
        case .code(let a, let b, let c, let d): withUnsafeBytes(of: (a, b, c, d), body)
        case .other(let bytes): bytes.withUnsafeBytes(body)
        }
    }

    /// The first segment: the base64url-encoded JOSE header, exactly as in the token.
    public var headerSegment: Substring { slice(0..<firstDot) }
    /// The second segment: the base64url-encoded payload, exactly as in the token.
    public var payloadSegment: Substring { slice((firstDot + 1)..<secondDot) }
    /// The third segment: the base64url-encoded signature, exactly as in the token.
    public var signatureSegment: Substring { slice((secondDot + 1)..<token.utf8.count) }

    /// The JWS signing input: the ASCII bytes of `headerSegment "." payloadSegment`.
    public var signingInput: [UInt8] {
        Array(slice(0..<secondDot).utf8)
    }

    /// The token's text between two UTF-8 offsets, sharing the token's storage.
    private func slice(_ offsets: Range<Int>) -> Substring {
        let utf8 = token.utf8
        return token[utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: offsets.upperBound)]
    }

    /// Returns whether ``signature`` is the HMAC-SHA-256 of ``signingInput`` under `key`.
    ///
    /// The comparison runs in constant time; a signature that is not 32 bytes is invalid.
    public func hasValidSignature(key: some Sequence<UInt8>) -> Bool {
        hasValidSignature(authenticator: HMACSHA256(key: key))
    }

    /// Returns whether ``signature`` is the HMAC-SHA-256 of ``signingInput`` under the key
    /// `authenticator` was created with (such as a ``VerificationKey/authenticator``), which
    /// saves computing the key schedule again.
    ///
    /// The comparison runs in constant time; a signature that is not 32 bytes is invalid.
    public func hasValidSignature(authenticator: HMACSHA256) -> Bool {
        let valid = token.utf8.withContiguousStorageIfAvailable { bytes in
            withSignature { authenticator.isValidAuthenticationCode($0, for: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<secondDot]))) }
        }
        return valid ?? signingInput.withUnsafeBytes { input in withSignature { authenticator.isValidAuthenticationCode($0, for: input) } }
    }

    /// The greatest nesting of arrays and objects accepted in the header and payload.
    static let maximumJSONDepth = 64

    /// Decodes a compact-serialization JWS without verifying its signature.
    ///
    /// - Parameters:
    ///   - token: The token, exactly as received.
    ///   - maximumByteCount: The largest token, in UTF-8 bytes, that is examined at all.
    /// - Throws: A ``CompactJWSError`` naming the first problem: the size, the segment count,
    ///   the segment and token byte offset of invalid base64url, or invalid or duplicate JSON.
    public static func decode(_ token: String, maximumByteCount: Int = 65_536) throws(CompactJWSError) -> CompactJWS {
        let byteCount = token.utf8.count
        guard byteCount <= maximumByteCount else {
            throw .tooLarge(byteCount: byteCount, maximumByteCount: maximumByteCount)
        }
        let decoded =
            token.utf8.withContiguousStorageIfAvailable { decode(token, bytes: $0) }
            ?? Array(token.utf8).withUnsafeBufferPointer { decode(token, bytes: $0) }
        return try decoded.get()
    }

    /// Decodes `token`, whose UTF-8 bytes are `bytes`.
    private static func decode(_ token: String, bytes: UnsafeBufferPointer<UInt8>) -> Result<CompactJWS, CompactJWSError> {
        withDecodedSegments(bytes) { dots, header, payload, signature throws(CompactJWSError) in
            CompactJWS(
                token: token,
                firstDot: dots.first,
                secondDot: dots.second,
                header: try parseObject(header, .header),
                payload: try parseObject(payload, .payload),
                signature: DecodedSignature(signature)
            )
        }
    }

    /// Finds the two dots of `bytes`, a token's UTF-8 bytes, decodes the three segments into
    /// scratch space and calls `body` with the dots' offsets and the decoded segments, which are
    /// valid only during the call.
    static func withDecodedSegments<Decoded>(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ body: (
            _ dots: (first: Int, second: Int), _ header: UnsafeBufferPointer<UInt8>, _ payload: UnsafeBufferPointer<UInt8>,
            _ signature: UnsafeBufferPointer<UInt8>
        ) throws(CompactJWSError) -> Decoded
    ) -> Result<Decoded, CompactJWSError> {
        let dots = dotOffsets(bytes)
        guard dots.count == 2 else {
            return .failure(.wrongSegmentCount(dots.count + 1))
        }
        let headerText = UnsafeBufferPointer(rebasing: bytes[..<dots.first])
        let payloadText = UnsafeBufferPointer(rebasing: bytes[(dots.first + 1)..<dots.second])
        let signatureText = UnsafeBufferPointer(rebasing: bytes[(dots.second + 1)...])
        let payloadOffset = dots.first + 1
        let signatureOffset = dots.second + 1

        // The segments are decoded into scratch space, the header and payload parsed from there.
        // Every segment is decoded before any is parsed, so a base64url error comes first.
        let headerCapacity = Base64URL.maximumDecodedCount(headerText.count)
        let payloadCapacity = Base64URL.maximumDecodedCount(payloadText.count)
        let signatureCapacity = Base64URL.maximumDecodedCount(signatureText.count)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: headerCapacity + payloadCapacity + signatureCapacity) {
            scratch -> Result<Decoded, CompactJWSError> in
            do throws(CompactJWSError) {
                let headerBytes = try decodeSegment(headerText, .header, at: 0, into: scratch.baseAddress!)
                let payloadBytes = try decodeSegment(payloadText, .payload, at: payloadOffset, into: scratch.baseAddress! + headerCapacity)
                let signature = try decodeSegment(
                    signatureText, .signature, at: signatureOffset, into: scratch.baseAddress! + headerCapacity + payloadCapacity)
                return .success(try body((dots.first, dots.second), headerBytes, payloadBytes, signature))
            } catch {
                return .failure(error)
            }
        }
    }

    private init(token: String, firstDot: Int, secondDot: Int, header: JSONObject, payload: JSONObject, signature: DecodedSignature) {
        self.token = token
        self.firstDot = firstDot
        self.secondDot = secondDot
        self.header = header
        self.payload = payload
        decodedSignature = signature
    }

    /// Returns the number of `.` bytes and the offsets of the first two.
    private static func dotOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> (count: Int, first: Int, second: Int) {
        var count = 0
        var first = 0
        var second = 0
        func scan(_ range: Range<Int>) {
            for offset in range where bytes[offset] == UInt8(ascii: ".") {
                count += 1
                if count == 1 {
                    first = offset
                } else if count == 2 {
                    second = offset
                }
            }
        }
        var offset = 0
        if let base = bytes.baseAddress.map(UnsafeRawPointer.init) {
            // Eight bytes at a time: a word without a dot (no zero byte once XORed with dots) is skipped.
            while offset + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ 0x2E2E_2E2E_2E2E_2E2E
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { scan(offset..<(offset + 8)) }
                offset += 8
            }
        }
        scan(offset..<bytes.count)
        return (count, first, second)
    }

    /// Decodes a segment into `output`, which has room for ``Base64URL/maximumDecodedCount(_:)``
    /// bytes, and returns the decoded bytes there.
    private static func decodeSegment(
        _ segment: UnsafeBufferPointer<UInt8>,
        _ name: CompactJWSError.Segment,
        at offset: Int,
        into output: UnsafeMutablePointer<UInt8>
    ) throws(CompactJWSError) -> UnsafeBufferPointer<UInt8> {
        switch Base64URL.decode(UnsafeRawBufferPointer(segment), into: output) {
        case .success(let count): return UnsafeBufferPointer(start: output, count: count)
        case .failure(let error): throw .invalidBase64URL(name, offset: offset + error.offset, error.kind)
        }
    }

    private static func parseObject(_ bytes: UnsafeBufferPointer<UInt8>, _ name: CompactJWSError.Segment) throws(CompactJWSError)
        -> JSONObject
    {
        let value: JSONValue
        do {
            value = try JSONParser.parse(contiguous: bytes, options: .init(maximumDepth: maximumJSONDepth))
        } catch {
            throw .invalidJSON(name, error)
        }
        guard case .object(let object) = value else {
            throw .notAnObject(name, typeName: value.typeName)
        }
        if let duplicate = firstDuplicateMember(in: value) {
            throw .duplicateMember(name, duplicate)
        }
        return object
    }

    /// Returns the first member name, in document order, that repeats an earlier name of the same
    /// object anywhere in `value`. Names are compared byte for byte, without Unicode normalization.
    private static func firstDuplicateMember(in value: JSONValue) -> String? {
        switch value {
        case .object(let object):
            let members = object.members
            if members.count > 16 {
                var seen = Set<[UInt8]>()
                for member in members {
                    guard seen.insert(Array(member.key.utf8)).inserted else { return member.key }
                    if let duplicate = firstDuplicateMember(in: member.value) { return duplicate }
                }
                return nil
            }
            return members.withUnsafeBufferPointer { members in
                for index in members.indices {
                    let key = members[index].key
                    for earlier in 0..<index where members[earlier].key.hasIdenticalUTF8(key) { return key }
                    if let duplicate = firstDuplicateMember(in: members[index].value) { return duplicate }
                }
                return nil
            }
        case .array(let elements):
            for element in elements {
                if let duplicate = firstDuplicateMember(in: element) { return duplicate }
            }
            return nil
        case .null, .bool, .number, .string:
            return nil
        }
    }
}

extension CompactJWS {
    /// Returns a compact JWS of `header` and `payload`, serialized as compact JSON and signed
    /// with HMAC-SHA-256 under `key`.
    ///
    /// The header is written as given: set its `alg` to `"HS256"` for the token to be consistent.
    public static func encode(header: JSONObject, payload: JSONObject, key: [UInt8]) -> String {
        sign(
            headerSegment: Base64URL.encode(JSONValue.object(header).serializedUTF8()),
            payloadSegment: Base64URL.encode(JSONValue.object(payload).serializedUTF8()),
            key: key
        )
    }

    /// Returns a compact JWS whose header and payload are exactly the UTF-8 bytes of the given
    /// JSON texts, signed with HMAC-SHA-256 under `key`.
    ///
    /// The texts are not checked or normalized, so whitespace, member order and duplicate
    /// members are kept byte for byte.
    public static func sign(headerJSON: String, payloadJSON: String, key: [UInt8]) -> String {
        sign(
            headerSegment: Base64URL.encode(headerJSON.utf8),
            payloadSegment: Base64URL.encode(payloadJSON.utf8),
            key: key
        )
    }

    /// Returns `headerSegment "." payloadSegment "." signature`, where the signature is the
    /// base64url HMAC-SHA-256 under `key` of the segments exactly as given.
    ///
    /// The segments are not checked, so padded or non-canonical base64url is signed verbatim.
    public static func sign(headerSegment: String, payloadSegment: String, key: [UInt8]) -> String {
        var signingInput = headerSegment
        signingInput.append(".")
        signingInput.append(payloadSegment)
        let mac = HMACSHA256.authenticationCode(for: signingInput.utf8, key: key)
        signingInput.append(".")
        signingInput.append(Base64URL.encode(mac))
        return signingInput
    }
}

/// An error thrown when a token is not a well-formed compact JWS.
public enum CompactJWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A segment of a compact JWS.
    public enum Segment: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case header
        case payload
        case signature

        public var description: String { rawValue }
    }

    /// The token has more UTF-8 bytes than the limit; nothing else was examined.
    case tooLarge(byteCount: Int, maximumByteCount: Int)
    /// The token does not have exactly three dot-separated segments (a JWE has five).
    case wrongSegmentCount(Int)
    /// A segment is not canonical unpadded base64url; `offset` is the byte offset in the token.
    case invalidBase64URL(Segment, offset: Int, Base64URLError.Kind)
    /// The decoded header or payload is not valid UTF-8 JSON; the error's offset and path are
    /// within the decoded segment.
    case invalidJSON(Segment, JSONParseError)
    /// The decoded header or payload is JSON but not an object.
    case notAnObject(Segment, typeName: String)
    /// An object in the header or payload has two members with this name.
    case duplicateMember(Segment, String)

    public var description: String {
        switch self {
        case .tooLarge(let byteCount, let maximumByteCount):
            return "token is \(byteCount) bytes, more than the limit of \(maximumByteCount)"
        case .wrongSegmentCount(let count):
            let shape = count == 5 ? " (the shape of a JWE)" : ""
            return "token has \(count) segment\(count == 1 ? "" : "s")\(shape), not the 3 of a compact JWS"
        case .invalidBase64URL(let segment, let offset, let kind):
            return "\(segment) segment is not base64url: \(Self.describe(kind)) at byte offset \(offset) of the token"
        case .invalidJSON(let segment, let error):
            return "\(segment) segment is not valid JSON: \(error)"
        case .notAnObject(let segment, let typeName):
            return "\(segment) segment is a JSON \(typeName), not an object"
        case .duplicateMember(let segment, let name):
            return "\(segment) segment has a duplicate member name \(JSONValue.string(name).serialized())"
        }
    }

    private static func describe(_ kind: Base64URLError.Kind) -> String {
        switch kind {
        case .invalidCharacter(let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            let code = "0x" + (hex.count < 2 ? "0" + hex : hex)
            if (0x21...0x7E).contains(byte) {
                return "invalid character '\(Character(Unicode.Scalar(byte)))' (\(code))"
            }
            return "invalid character \(code)"
        case .padding:
            return "padding '='"
        case .invalidLength:
            return "dangling final character"
        case .nonCanonicalTrailingBits:
            return "non-zero unused bits in the final character"
        }
    }
}
