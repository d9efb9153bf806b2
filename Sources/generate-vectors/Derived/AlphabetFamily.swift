import JWTConformance

/// A character outside the base64url alphabet in every position class of every segment: each
/// offset of a whole group of four, and in the signature each offset of the final partial group
/// that can hold a `_` (its last character carries unused bits, which are zero). RFC 4648 §3.3 and
/// RFC 7515 §2 refuse the segment as malformed (JWS-BASE64URL-STRICT). A decoder that checks
/// whole groups of four at a time and the rest one character at a time, as the reference does, is
/// asked about both paths.
///
/// In the header and the payload the character replaces one of the valid token's second group,
/// and the MAC covers the segment as sent. In the signature it replaces a `_`: a decoder that
/// looks a character up in a table of 6-bit values and skips the check for the table's "not in
/// the alphabet" mark reads the character as 63, `_`, and ORs the mark's high bits into the two
/// low bits of the character before. Each `_` replaced is one whose preceding character already
/// has those bits set, so such a decoder reads the same MAC bytes and accepts the token. (A JSON
/// text in UTF-8 cannot put a `_` at every offset, so the header and payload rows do not try.)
///
/// Row numbers: `<prefix>-SIG-17SC`, S = 2 × segment (0 header, 1 payload, 2 signature) +
/// character (0 `+`, 1 `/`), and C the position class (0–3 a whole group's offsets, 4–5 the final
/// partial group's).
enum AlphabetTable {
    /// The characters put in place: the standard alphabet's `+` and `/` (RFC 4648 §4), which a
    /// decoder of either alphabet reads as 62 and 63 (`/` as `_`, the character it replaces in the
    /// signature).
    static let characters: [Character] = ["+", "/"]

    /// The segments, by their index in the token.
    static let segmentNames = ["header", "payload", "signature"]

    /// Where in a segment a character stands: a whole group's offset, or the final partial group's.
    struct PositionClass: Sendable {
        var number: Int
        var offset: Int
        var inWholeGroup: Bool

        var description: String {
            inWholeGroup ? "offset \(offset) of a whole group of four" : "offset \(offset) of the final partial group"
        }

        /// Whether `index` of a segment of `count` characters is in this class.
        func contains(_ index: Int, count: Int) -> Bool {
            let wholeEnd = count - count % 4
            guard index % 4 == offset else { return false }
            // The last character of a partial group holds unused bits, never a `_`.
            return inWholeGroup ? index < wholeEnd : index >= wholeEnd && index < count - 1
        }
    }

    static let positionClasses: [PositionClass] =
        (0..<4).map { PositionClass(number: $0, offset: $0, inWholeGroup: true) }
        + (0..<2).map { PositionClass(number: 4 + $0, offset: $0, inWholeGroup: false) }

    /// The index of the first `_` of `segment` in `position` whose preceding character in its
    /// group has its two low bits set (none is needed at offset 0), or nil.
    static func replaceableUnderscore(in segment: String, _ position: PositionClass) -> Int? {
        let characters = Array(segment)
        return characters.indices.first { index in
            guard characters[index] == "_", position.contains(index, count: characters.count) else { return false }
            guard index % 4 > 0 else { return true }
            return Forge.alphabet.firstIndex(of: characters[index - 1]).map { $0 & 3 == 3 } ?? false
        }
    }

    /// `segment` with the character at `index` replaced by `character`.
    static func replacing(_ index: Int, in segment: String, with character: Character) -> String {
        var characters = Array(segment)
        characters[index] = character
        return String(characters)
    }
}

extension CaseBook {
    mutating func addAlphabetCases() {
        let v = vendor
        let rules = ["JWS-BASE64URL-STRICT", "JWS-SIGNATURE"]
        let sources = [Source.rfc4648URL, Source.rfc7515Base64]
        let segments = Forge.segments(v.token())
        for (segmentIndex, segment) in AlphabetTable.segmentNames.enumerated() where segmentIndex < 2 {
            // The second whole group of the valid header or payload, re-signed as sent: the
            // spelling a signer with the wrong alphabet writes.
            for position in AlphabetTable.positionClasses where position.inWholeGroup {
                let index = 4 + position.offset
                for (characterIndex, character) in AlphabetTable.characters.enumerated() {
                    var edited = segments
                    edited[segmentIndex] = AlphabetTable.replacing(index, in: segments[segmentIndex], with: character)
                    add(.signature, 1700 + (2 * segmentIndex + characterIndex) * 10 + position.number,
                        "Derived (alphabet, \(segment)): '\(character)' in place of character \(index) (\(position.description)), "
                            + "the MAC covering it as sent",
                        rules: rules, sources: sources, flags: ["signer-bug"],
                        token: Forge.sign(headerSegment: edited[0], payloadSegment: edited[1], secret: v.secret),
                        expect: .reject(.malformed))
                }
            }
        }
        for position in AlphabetTable.positionClasses {
            let token = Forge.firstVariant(
                "a signature segment with a replaceable _ at \(position.description)",
                { n in v.token(nil, v.payload().with("jti", .string("alphabet-\(n)"))) },
                where: { AlphabetTable.replaceableUnderscore(in: Forge.segments($0)[2], position) != nil })
            let signature = Forge.segments(token)[2]
            let index = AlphabetTable.replaceableUnderscore(in: signature, position)!
            for (characterIndex, character) in AlphabetTable.characters.enumerated() {
                // A verifier that compares the segment's text with the MAC's encoding refuses it
                // as bad-signature.
                add(.signature, 1700 + (4 + characterIndex) * 10 + position.number,
                    "Derived (alphabet, signature): '\(character)' in place of the _ at character \(index) (\(position.description)); "
                        + "a decoder that skips the alphabet check reads the same MAC bytes",
                    rules: rules, sources: sources, flags: ["malleability"],
                    token: Forge.withSignatureSegment(token, AlphabetTable.replacing(index, in: signature, with: character)),
                    expect: .reject(.malformed, .badSignature))
            }
        }
    }
}
