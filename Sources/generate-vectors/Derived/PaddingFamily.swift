import JWTConformance

/// Trailing `=` on a segment, for every length a segment can have modulo 4 and every count of `=`
/// from one to four: RFC 7515 §2 defines base64url without padding, so each is malformed
/// (JWS-BASE64URL-STRICT), whether the count is the one standard base64 would write, too few, too
/// many, or padding where none is due.
///
/// The three hand-picked padding vectors (`SIG-010` to `SIG-012`) are one cell each of this grid.
/// rhonabwy's base64url decoder (orcania 2.3.2 `o_base64url_decode_alloc`) writes a byte past its
/// buffer on a padded header segment whose unpadded length is a multiple of 4 (found by
/// `jwt-conformance fuzz`): the cells with padding where none is due.
///
/// Row numbers: `<prefix>-SIG-16RP` for the header and `16(R+4)P` for the payload, where R is the
/// unpadded length modulo 4 (0, 2 or 3) and P the count of `=`; `1690 + P` for the signature,
/// whose 32 MAC bytes are always 43 characters (3 modulo 4).
enum PaddingTable {
    /// The lengths modulo 4 an unpadded base64url text can have.
    static let remainders = [0, 2, 3]
    /// The counts of `=` appended.
    static let counts = 1...4

    /// How standard base64 pads a text of this length modulo 4.
    static func standardCount(forRemainder remainder: Int) -> Int { remainder == 0 ? 0 : 4 - remainder }

    /// How a count of `=` compares with standard base64's, for the description.
    static func describe(count: Int, remainder: Int) -> String {
        let standard = standardCount(forRemainder: remainder)
        let equals = count == 1 ? "one =" : "\(count) ="
        if standard == 0 { return "\(equals) where standard base64 writes none" }
        if count == standard { return "\(equals), as standard base64 pads it" }
        return "\(equals) where standard base64 writes \(standard)"
    }
}

extension CaseBook {
    mutating func addPaddingCases() {
        let v = vendor
        let rules = ["JWS-BASE64URL-STRICT", "JWS-SIGNATURE"]
        let sources = [Source.rfc7515Compact]
        for segment in Segment.allCases {
            for remainder in PaddingTable.remainders {
                let text: (Int) -> String = { n in
                    segment == .header
                        ? Forge.segment(n == 0 ? v.header : v.header.with(segment.unknownMember, .string(String(repeating: "p", count: n))))
                        : Forge.segment(v.payload().with(segment.unknownMember, .string(String(repeating: "p", count: n))))
                }
                let unpadded = Forge.firstVariant("a \(segment.name) segment \(remainder) past a multiple of 4", text,
                                                  where: { $0.utf8.count % 4 == remainder })
                for count in PaddingTable.counts {
                    let padded = unpadded + String(repeating: "=", count: count)
                    let token = segment == .header
                        ? Forge.sign(headerSegment: padded, payloadSegment: Forge.segment(v.payload()), secret: v.secret)
                        : Forge.sign(headerSegment: Forge.segment(v.header), payloadSegment: padded, secret: v.secret)
                    add(.signature, 1600 + (segment == .header ? 0 : 40) + remainder * 10 + count,
                        "Derived (padding, \(segment.name)): a \(segment.name) segment of \(unpadded.utf8.count) characters "
                            + "followed by \(PaddingTable.describe(count: count, remainder: remainder)) (the MAC covers it as sent)",
                        rules: rules, sources: sources, flags: ["signer-bug"], token: token, expect: .reject(.malformed))
                }
            }
        }
        let valid = v.token()
        let signature = Forge.segments(valid)[2]
        for count in PaddingTable.counts {
            add(.signature, 1690 + count,
                "Derived (padding, signature): the signature segment followed by "
                    + "\(PaddingTable.describe(count: count, remainder: signature.utf8.count % 4)) (the same MAC bytes)",
                rules: rules, sources: sources, flags: ["malleability"],
                token: Forge.withSignatureSegment(valid, signature + String(repeating: "=", count: count)),
                expect: .reject(.malformed, .badSignature))
        }
    }
}
