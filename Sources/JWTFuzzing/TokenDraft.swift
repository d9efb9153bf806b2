import JWTConformance

/// A verifier input under construction: the JSON texts of the header and payload, how they are
/// encoded and signed, edits to the finished token, and the key set and clock it is checked with.
///
/// Mutations and the shrinker change a draft; ``token`` renders it. Because the MAC is computed
/// over the segments as encoded (padding and all), a mutated token still reaches the checks
/// after the signature unless a mutation meant to break the signature.
public struct TokenDraft: Sendable, Hashable {
    /// A part of the token that segment edits apply to.
    public enum Segment: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case header, payload, signature

        public var description: String {
            switch self {
            case .header: "header"
            case .payload: "payload"
            case .signature: "signature"
            }
        }
    }

    /// How the signature segment is made.
    public enum Signing: Sendable, Hashable {
        /// The HMAC-SHA-256, under this secret's UTF-8 bytes, of the segments as encoded.
        case mac(secret: String)
        /// This exact signature segment.
        case literal(String)
    }

    /// An edit of one segment's base64url text (before signing, for the header and payload).
    public enum SegmentEdit: Sendable, Hashable, CustomStringConvertible {
        /// Appends this many `=`.
        case pad(Int)
        /// Spells `-` and `_` as `+` and `/` (standard base64).
        case standardAlphabet
        /// Inserts a byte at a position (taken modulo the length plus one).
        case insert(UInt8, at: Int)
        /// Deletes the byte at a position (taken modulo the length).
        case delete(at: Int)
        /// Sets the unused low bits of the last character, a second spelling of the same bytes.
        case trailingBits

        public var description: String {
            switch self {
            case .pad(let count): "\(count) × '='"
            case .standardAlphabet: "standard base64 alphabet"
            case .insert(let byte, let position): "byte 0x\(String(byte, radix: 16)) inserted at \(position)"
            case .delete(let position): "byte deleted at \(position)"
            case .trailingBits: "unused bits set"
            }
        }
    }

    /// An edit of the finished token.
    public enum TokenEdit: Sendable, Hashable, CustomStringConvertible {
        /// Appends text, such as `.` or `.e30`.
        case append(String)
        /// Prepends text, such as `Bearer `.
        case prepend(String)
        /// Drops this many UTF-8 bytes from the end.
        case dropLast(Int)
        /// Drops the last `.` and everything after it.
        case dropLastSegment

        public var description: String {
            switch self {
            case .append(let text): "\(JSONValue.string(text).serialized()) appended"
            case .prepend(let text): "\(JSONValue.string(text).serialized()) prepended"
            case .dropLast(let count): "last \(count) bytes dropped"
            case .dropLastSegment: "last segment dropped"
            }
        }
    }

    public var profile: ProfileID
    /// The header's JSON text (may be invalid JSON or invalid UTF-8 after mutation).
    public var header: [UInt8]
    /// The payload's JSON text.
    public var payload: [UInt8]
    public var signing: Signing
    public var segmentEdits: [Segment: [SegmentEdit]]
    public var tokenEdits: [TokenEdit]
    /// The key set the verifier is given.
    public var keys: [VerificationKey]
    /// The verifier's clock.
    public var now: UnixTime
    /// What was done to the seed, for people and for the finding's rules.
    public var notes: [MutationNote]
    /// The objects the header and payload texts were parsed from or serialized from, so that a
    /// mutation does not parse its own output again. Not part of the draft's value.
    var parsed = ParsedTexts()

    public init(
        profile: ProfileID, header: [UInt8], payload: [UInt8], signing: Signing,
        segmentEdits: [Segment: [SegmentEdit]] = [:], tokenEdits: [TokenEdit] = [],
        keys: [VerificationKey], now: UnixTime, notes: [MutationNote] = []
    ) {
        self.profile = profile
        self.header = header
        self.payload = payload
        self.signing = signing
        self.segmentEdits = segmentEdits
        self.tokenEdits = tokenEdits
        self.keys = keys
        self.now = now
        self.notes = notes
    }

    /// The compact JWS the draft describes.
    public var token: String {
        let headerSegment = Self.apply(segmentEdits[.header] ?? [], to: Base64URL.encode(header))
        let payloadSegment = Self.apply(segmentEdits[.payload] ?? [], to: Base64URL.encode(payload))
        // The signing input, `header.payload`, is the start of the token: MACed in one piece.
        var token = ""
        token.reserveCapacity(headerSegment.utf8.count + payloadSegment.utf8.count + 46)
        token += headerSegment
        token += "."
        token += payloadSegment
        let signatureSegment: String
        switch signing {
        case .mac(let secret):
            // The key schedule of a key in the set is already computed: most drafts sign with one.
            var hmac = keys.first { $0.secret.hasIdenticalUTF8(secret) }?.authenticator ?? HMACSHA256(key: secret.utf8)
            hmac.update(token.utf8)
            signatureSegment = Base64URL.encode(hmac.finalize())
        case .literal(let segment):
            signatureSegment = segment
        }
        token += "."
        token += Self.apply(segmentEdits[.signature] ?? [], to: signatureSegment)
        for edit in tokenEdits {
            switch edit {
            case .append(let text): token += text
            case .prepend(let text): token = text + token
            case .dropLast(let count): token = String(decoding: token.utf8.dropLast(max(count, 0)), as: UTF8.self)
            case .dropLastSegment:
                if let dot = token.lastIndex(of: ".") { token = String(token[..<dot]) }
            }
        }
        return token
    }

    /// The verifier vector the draft stands for, with the given expectation.
    public func verificationCase(expected: VerificationExpectation) -> VerificationCase {
        VerificationCase(token: token, keys: keys, now: now, expected: expected)
    }

    static func apply(_ edits: [SegmentEdit], to segment: String) -> String {
        guard !edits.isEmpty else { return segment }
        var bytes = Array(segment.utf8)
        for edit in edits {
            switch edit {
            case .pad(let count):
                bytes += Array(repeating: UInt8(ascii: "="), count: count)
            case .standardAlphabet:
                bytes = bytes.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
            case .insert(let byte, let position):
                bytes.insert(byte, at: position % (bytes.count + 1))
            case .delete(let position):
                if !bytes.isEmpty { bytes.remove(at: position % bytes.count) }
            case .trailingBits:
                bytes = withTrailingBits(bytes)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The segment with its last character's unused bits set, when it has any.
    private static func withTrailingBits(_ bytes: [UInt8]) -> [UInt8] {
        let unusedBits: Int
        switch bytes.count % 4 {
        case 2: unusedBits = 4
        case 3: unusedBits = 2
        default: return bytes
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        guard let last = bytes.last, let value = alphabet.firstIndex(of: last) else { return bytes }
        var edited = bytes
        edited[edited.count - 1] = alphabet[value | 1 << (unusedBits - 1)]
        return edited
    }
}

/// The JSON objects a draft's header and payload texts hold, each kept with the text it belongs
/// to: a lookup for a text that has changed since finds nothing. Equal whatever it holds, so it
/// never changes what a draft is.
struct ParsedTexts: Sendable, Hashable {
    private var header: (text: [UInt8], object: JSONObject?)?
    private var payload: (text: [UInt8], object: JSONObject?)?
    /// Objects edited since their part's text was last written: the part's content until the
    /// ``Mutator`` writes their text, at the end of its mutations.
    private var editedHeader: JSONObject?
    private var editedPayload: JSONObject?

    /// The object edited for `part` whose text is not yet written, if any.
    func edited(_ part: TokenDraft.Segment) -> JSONObject? {
        part == .header ? editedHeader : editedPayload
    }

    /// Records `object` as `part`'s content, its text to be written later.
    mutating func storeEdited(_ object: JSONObject?, for part: TokenDraft.Segment) {
        if part == .header { editedHeader = object } else { editedPayload = object }
    }

    /// The object `text` holds (nil inside when it holds none), if `text` is the text last stored
    /// for `part`; nil when it is not.
    func object(_ part: TokenDraft.Segment, text: [UInt8]) -> JSONObject?? {
        guard let entry = part == .header ? header : payload, entry.text == text else { return nil }
        return .some(entry.object)
    }

    /// Records that `text` holds `object`, or no object (`part`'s text is then current).
    mutating func store(_ object: JSONObject?, text: [UInt8], for part: TokenDraft.Segment) {
        if part == .header { header = (text, object) } else { payload = (text, object) }
        storeEdited(nil, for: part)
    }

    static func == (lhs: ParsedTexts, rhs: ParsedTexts) -> Bool { true }

    func hash(into hasher: inout Hasher) {}
}

/// One mutation applied to a draft: what it did and the catalogue rule it exercises.
public struct MutationNote: Sendable, Hashable, CustomStringConvertible {
    /// The catalogue rule the mutation exercises (`JWT-EXP`, `JWS-BASE64URL-STRICT`, …).
    public var rule: String
    /// What was done, for people: `payload exp = now`.
    public var text: String

    public init(rule: String, _ text: String) {
        self.rule = rule
        self.text = text
    }

    public var description: String { text }
}
