import JWTConformance

/// A form a token can arrive in other than the bare compact serialization.
struct TokenFormRow: Sendable {
    /// The permanent row number: the vector is `<prefix>-SIG-13NN`.
    var number: Int
    var description: String
    var sources: [String]
    /// Whether the MAC covers exactly the segments sent, so that only malformed conforms; otherwise
    /// bad-signature (the MAC no longer covers what a lenient reader extracted) is allowed too.
    var validMAC = false
    /// The text sent, from the valid compact token and its three segments.
    var form: @Sendable (_ token: String, _ segments: [String], _ vendor: Vendor) -> String
}

/// The table of token forms: other JWS serializations, transport wrappers and text around a token.
enum TokenFormTable {
    static let compact = Source.rfc7515Compact
    static let jsonSerialization = "RFC 7515 §7.2"

    static let rows: [TokenFormRow] = [
        TokenFormRow(number: 1, description: "the flattened JWS JSON serialization of the valid token", sources: [jsonSerialization]) { _, s, _ in
            "{\"protected\":\"\(s[0])\",\"payload\":\"\(s[1])\",\"signature\":\"\(s[2])\"}"
        },
        TokenFormRow(number: 2, description: "the general JWS JSON serialization of the valid token", sources: [jsonSerialization]) { _, s, _ in
            "{\"payload\":\"\(s[1])\",\"signatures\":[{\"protected\":\"\(s[0])\",\"signature\":\"\(s[2])\"}]}"
        },
        TokenFormRow(number: 3, description: "the token after \"Bearer \", as an Authorization header carries it", sources: [compact]) { t, _, _ in
            "Bearer " + t
        },
        TokenFormRow(number: 4, description: "the token after \"bearer \" in lower case", sources: [compact]) { t, _, _ in "bearer " + t },
        TokenFormRow(number: 5, description: "a whole Authorization header line", sources: [compact]) { t, _, _ in
            "Authorization: Bearer " + t
        },
        TokenFormRow(number: 6, description: "the token as a JSON string, in double quotes", sources: [compact]) { t, _, _ in "\"\(t)\"" },
        TokenFormRow(number: 7, description: "the token in single quotes", sources: [compact]) { t, _, _ in "'\(t)'" },
        TokenFormRow(number: 8, description: "the token as a form field (jwt=…)", sources: [compact]) { t, _, _ in "jwt=" + t },
        TokenFormRow(number: 9, description: "the token in a JSON object ({\"jwt\":\"…\"})", sources: [compact]) { t, _, _ in "{\"jwt\":\"\(t)\"}" },
        TokenFormRow(number: 10, description: "the token followed by a NUL byte", sources: [compact]) { t, _, _ in
            t + "\u{0}"
        },
        TokenFormRow(number: 11, description: "the token followed by a tab", sources: [compact]) { t, _, _ in t + "\t" },
        TokenFormRow(number: 12, description: "the token after a byte order mark (U+FEFF)", sources: [compact]) { t, _, _ in "\u{FEFF}" + t },
        TokenFormRow(number: 13, description: "the token after a zero-width space (U+200B)", sources: [compact]) { t, _, _ in "\u{200B}" + t },
        TokenFormRow(number: 14, description: "the token with its full stops percent-encoded (%2E)", sources: [compact]) { _, s, _ in
            s.joined(separator: "%2E")
        },
        TokenFormRow(number: 15, description: "the token with fullwidth full stops (U+FF0E) between the segments", sources: [compact]) { _, s, _ in
            s.joined(separator: "\u{FF0E}")
        },
        TokenFormRow(number: 16, description: "the token with ideographic full stops (U+3002) between the segments", sources: [compact]) { _, s, _ in
            s.joined(separator: "\u{3002}")
        },
        TokenFormRow(number: 17, description: "the token twice, joined by a space", sources: [compact]) { t, _, _ in t + " " + t },
        TokenFormRow(number: 18, description: "the token twice, joined by a full stop (six segments)", sources: [compact]) { t, _, _ in t + "." + t },
        TokenFormRow(number: 19, description: "the token wrapped in angle brackets", sources: [compact]) { t, _, _ in "<\(t)>" },
        TokenFormRow(number: 20, description: "the token with a line break every 64 characters, as PEM wraps base64", sources: [compact]) { t, _, _ in
            stride(from: 0, to: t.count, by: 64).map { start in
                let from = t.index(t.startIndex, offsetBy: start)
                return String(t[from..<t.index(from, offsetBy: min(64, t.count - start))])
            }.joined(separator: "\n")
        },
        TokenFormRow(number: 21, description: "the token with a space before each full stop", sources: [compact]) { _, s, _ in
            s.joined(separator: " .")
        },
        TokenFormRow(number: 22, description: "the detached-payload form (an empty payload segment; the MAC covers the real payload)",
                     sources: [compact, "RFC 7515 Appendix F"]) { _, s, _ in s[0] + ".." + s[2] },
        TokenFormRow(number: 23, description: "an empty header segment, with a MAC over the empty header and the payload", sources: [compact], validMAC: true) { _, s, v in
            Forge.sign(headerSegment: "", payloadSegment: s[1], secret: v.secret)
        },
        TokenFormRow(number: 24, description: "an empty payload segment, with a MAC over the header and the empty payload", sources: [compact], validMAC: true) { _, s, v in
            Forge.sign(headerSegment: s[0], payloadSegment: "", secret: v.secret)
        },
        TokenFormRow(number: 25, description: "a nested JWT: cty JWT and a payload that is the valid token itself, signed",
                     sources: ["RFC 7519 §5.2", "RFC 7519 §7.2"], validMAC: true) { t, _, v in
            Forge.sign(headerSegment: Forge.segment(v.header.with("cty", "JWT")), payloadSegment: Base64URL.encode(Array(t.utf8)),
                       secret: v.secret)
        },
        TokenFormRow(number: 26, description: "the token in upper case", sources: [compact]) { t, _, _ in
            t.uppercased()
        },
        TokenFormRow(number: 27, description: "CVE-2022-39227's mixed form: the flattened JSON serialization of the valid token, its first member name a compact header and another customer's claims between full stops",
                     sources: [jsonSerialization, compact]) { _, s, v in
            "{\"\(s[0]).\(Forge.segment(v.payload("attacker"))).\":\"\",\"protected\":\"\(s[0])\",\"payload\":\"\(s[1])\",\"signature\":\"\(s[2])\"}"
        },
        TokenFormRow(number: 28, description: "a full stop inside the payload segment (four segments), with a MAC over the segments as sent",
                     sources: [compact], validMAC: true) { _, s, v in
            let payload = s[1]
            let middle = payload.index(payload.startIndex, offsetBy: payload.count / 2)
            return Forge.sign(headerSegment: s[0], payloadSegment: String(payload[..<middle]) + "." + String(payload[middle...]), secret: v.secret)
        },
    ]
}

extension CaseBook {
    /// Every row of ``TokenFormTable`` around the vendor's valid token.
    mutating func addTokenFormCases() {
        let v = vendor
        let valid = v.token()
        let segments = Forge.segments(valid)
        for row in TokenFormTable.rows {
            add(.signature, 1300 + row.number, "Derived (token form): " + row.description,
                rules: ["JWS-COMPACT-SEGMENTS"], sources: row.sources, flags: ["malleability"],
                token: row.form(valid, segments, v), expect: row.validMAC ? .reject(.malformed) : .reject(.malformed, .badSignature))
        }
    }
}
