import JWTConformance

/// The base64url lengths of a segment at and just past the powers of two that parsers take as
/// limits, from 512 to 32,768 characters: a verifier may bound what it parses (JWS-SIZE-LIMIT), but
/// the suite opens that only beyond 64 KiB (AMB-RESOURCE-LIMITS), so a validly signed token below
/// it must be accepted whatever its header or payload weighs. joserfc's JWSRegistry, for one, refuses
/// a header segment over 512 characters (found by `jwt-conformance fuzz`).
///
/// A base64url text without padding is never 1 character past a multiple of 4, so the length just
/// past each limit L is L + 2. Row k is `<prefix>-SIG-1500 + k` for the header and `1550 + k` for the
/// payload, the header's or payload's member the profile ignores padded with `p`.
enum SegmentSizeTable {
    /// The limits: 2^9 … 2^15 base64url characters.
    static let limits = (9...15).map { 1 << $0 }

    /// Every target length, in row order: each limit, then the length just past it.
    static let lengths = limits.flatMap { [$0, $0 + 2] }

    /// The bytes of JSON text whose unpadded base64url text is `length` characters long.
    static func byteCount(forBase64URLLength length: Int) -> Int {
        precondition(length % 4 != 1, "no base64url text is \(length) characters long")
        return length / 4 * 3 + max(0, length % 4 - 1)
    }
}

extension CaseBook {
    mutating func addSegmentSizeCases() {
        let v = vendor
        for segment in Segment.allCases {
            for (row, length) in SegmentSizeTable.lengths.enumerated() {
                let target = SegmentSizeTable.byteCount(forBase64URLLength: length)
                let base = segment == .header ? v.header : v.payload()
                let empty = Array(Forge.text(base.with(segment.unknownMember, .string(""))).utf8).count
                precondition(target > empty, "the \(segment.name) is already longer than \(length) characters")
                let padded = base.with(segment.unknownMember, .string(String(repeating: "p", count: target - empty)))
                let token = segment == .header ? v.token(padded, nil) : v.token(nil, padded)
                let segmentText = token.split(separator: ".")[segment == .header ? 0 : 1]
                precondition(segmentText.utf8.count == length, "the \(segment.name) segment is \(segmentText.utf8.count), not \(length)")
                let past = SegmentSizeTable.limits.contains(length) ? "" : " (2 past \(length - 2), the first length past it)"
                add(.signature, (segment == .header ? 1500 : 1550) + row,
                    "Derived (segment sizes, \(segment.name)): a validly signed token whose \(segment.name) segment is \(length) base64url characters\(past)",
                    rules: ["JWS-SIZE-LIMIT"], sources: [Source.rfc8259Limits], flags: ["robustness", "boundary"],
                    token: token, expect: .accept(v.identity))
            }
        }
        // The signature segment: the valid MAC followed by more bytes, at each length (row k is
        // `<prefix>-SIG-1580 + k`): a MAC of the wrong length is a bad signature, not an oversized token.
        let valid = v.token()
        let segments = Forge.segments(valid)
        let mac = Forge.signatureBytes(valid)
        for (row, length) in SegmentSizeTable.lengths.enumerated() {
            let bytes = mac + Array(repeating: UInt8(ascii: "p"), count: SegmentSizeTable.byteCount(forBase64URLLength: length) - mac.count)
            let signature = Base64URL.encode(bytes)
            precondition(signature.utf8.count == length, "the signature segment is \(signature.utf8.count), not \(length)")
            let past = SegmentSizeTable.limits.contains(length) ? "" : " (2 past \(length - 2), the first length past it)"
            add(.signature, 1580 + row,
                "Derived (segment sizes, signature): the valid MAC followed by more bytes, a signature segment of \(length) base64url characters\(past)",
                rules: ["JWS-SIGNATURE", "JWS-SIZE-LIMIT"], sources: [Source.rfc8259Limits], flags: ["robustness", "boundary"],
                token: "\(segments[0]).\(segments[1]).\(signature)", expect: .reject(.badSignature))
        }
    }
}
