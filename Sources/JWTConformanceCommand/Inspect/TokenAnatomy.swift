import Foundation
import JWTAmbiguities
import JWTConformance

/// A token taken apart for display, whether or not it is a well-formed compact JWS: where each
/// segment lies in the token, what it decodes to, and (for a segment that is not canonical
/// base64url) what it decodes to once padding and the standard alphabet are undone.
struct TokenAnatomy {
    /// One dot-separated segment.
    struct Segment {
        /// `header`, `payload` or `signature`; nil past the third segment.
        var name: CompactJWSError.Segment?
        /// The segment's text, exactly as in the token.
        var text: Substring
        /// The byte offset of its first character in the token.
        var offset: Int
        /// The decoded bytes: strictly when ``repaired`` is false, else after repair; nil when
        /// the segment does not decode even leniently.
        var bytes: [UInt8]?
        /// Whether ``bytes`` needed padding removed or `+`/`/` mapped to base64url.
        var repaired: Bool
        /// The decoded header or payload, parsed as JSON, when it parses.
        var json: JSONValue?
        /// The indented layout of the decoded header or payload.
        var layout: JSONLayout?

        /// Whether the decoded bytes are UTF-16 or UTF-32 text rather than UTF-8: they begin with
        /// its byte order mark, or their first four bytes have the NUL bytes by which RFC 4627 §3
        /// tells the encodings of ASCII text apart.
        var isWideText: Bool {
            guard let bytes, bytes.count >= 4 else { return false }
            let marks: [[UInt8]] = [[0xFE, 0xFF], [0xFF, 0xFE], [0x00, 0x00, 0xFE, 0xFF]]
            let nulPatterns: [[Bool]] = [
                [true, true, true, false], [true, false, true, false], [false, true, true, true], [false, true, false, true],
            ]
            return marks.contains { bytes.starts(with: $0) } || nulPatterns.contains(bytes.prefix(4).map { $0 == 0 })
        }

        /// The token bytes that encode the decoded byte `offset` (4 characters per 3 bytes).
        func tokenRange(ofDecodedOffset decoded: Int) -> ClosedRange<Int> {
            let last = offset + max(text.utf8.count - 1, 0)
            let start = min(offset + decoded / 3 * 4, last)
            return start...min(start + 3, last)
        }
    }

    /// The token, exactly as read.
    let token: String
    /// The segments, in order (there may be more or fewer than three), at most
    /// ``maximumShownSegments`` of them.
    let segments: [Segment]
    /// How many dot-separated segments the token has (0 when it is too large to examine).
    let segmentCount: Int
    /// The most segments decoded and shown.
    static let maximumShownSegments = 8
    /// Why the token is not a compact JWS, if it is not.
    let decodingError: CompactJWSError?
    /// The token strictly decoded, if it decodes.
    let jws: CompactJWS?

    init(_ token: String, maximumByteCount: Int) {
        self.token = token
        do {
            jws = try CompactJWS.decode(token, maximumByteCount: maximumByteCount)
            decodingError = nil
        } catch {
            jws = nil
            decodingError = error
        }
        if case .tooLarge? = decodingError {
            segments = []
            segmentCount = 0
            return
        }
        var segments: [Segment] = []
        var offset = 0
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        segmentCount = parts.count
        for (index, text) in parts.prefix(Self.maximumShownSegments).enumerated() {
            let name = index < 3 ? CompactJWSError.Segment.allCases[index] : nil
            segments.append(Self.segment(text, name: name, offset: offset))
            offset += text.utf8.count + 1
        }
        self.segments = segments
    }

    /// The segment called `name`.
    func segment(_ name: CompactJWSError.Segment) -> Segment? {
        segments.first { $0.name == name }
    }

    /// The header as an object, strictly decoded when possible, else leniently.
    var header: JSONObject? { jws?.header ?? segment(.header)?.json?.objectValue }

    /// The payload as an object, strictly decoded when possible, else leniently.
    var payload: JSONObject? { jws?.payload ?? segment(.payload)?.json?.objectValue }

    /// What the ambiguity detector looks at, from this lenient view of the token.
    func shape(profile: ProfileDefinition, now: UnixTime, signatureCause: SignatureCause?) -> TokenShape {
        let otherKey: Bool = if case .otherKey? = signatureCause { true } else { false }
        return TokenShape(
            header: header, payload: payload, decodingError: decodingError, headerBytes: segment(.header)?.bytes,
            payloadBytes: segment(.payload)?.bytes, profile: profile, now: now, signedWithAnotherKey: otherKey)
    }

    /// Whether the token fails to decode for text around or inside it rather than for a
    /// base64 spelling: a character that no base64 alphabet has (whitespace, a quote, a
    /// zero-width space, the ":" of "Authorization:") or an "=" followed by more of the segment
    /// (the "jwt=" of a form field).
    var carriesForeignText: Bool {
        guard case .invalidBase64URL(_, let offset, let kind)? = decodingError else { return false }
        switch kind {
        case .invalidCharacter(let byte):
            return byte != UInt8(ascii: "+") && byte != UInt8(ascii: "/")
        case .padding:
            return token.utf8.dropFirst(offset).prefix { $0 != UInt8(ascii: ".") }.contains { $0 != UInt8(ascii: "=") }
        case .invalidLength, .nonCanonicalTrailingBits:
            return false
        }
    }

    private static func segment(_ text: Substring, name: CompactJWSError.Segment?, offset: Int) -> Segment {
        var bytes = try? Base64URL.decode(text)
        let repaired = bytes == nil
        if bytes == nil { bytes = lenientDecode(text) }
        var json: JSONValue?
        var layout: JSONLayout?
        if let bytes, name != .signature {
            json = try? JSONParser.parse(bytes, options: .init(maximumDepth: 64))
            layout = JSONLayout(bytes, isJSON: json != nil)
        }
        return Segment(name: name, text: text, offset: offset, bytes: bytes, repaired: repaired, json: json, layout: layout)
    }

    /// Decodes base64 in either alphabet, with or without padding; nil if it still does not decode.
    static func lenientDecode(_ text: some StringProtocol) -> [UInt8]? {
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.hasSuffix("=") { standard.removeLast() }
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}
