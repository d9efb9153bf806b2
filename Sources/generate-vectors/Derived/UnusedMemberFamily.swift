import JWTConformance

/// A member the profiles never read, with the JSON type its own definition asks for (nil for a
/// private member, which may hold anything).
struct UnusedMember: Sendable {
    /// The permanent code: vectors are `<prefix>-HDR-16MM`/`17MM` or `<prefix>-CLM-16MM`/`17MM`,
    /// 1600 + code × 20 + value code.
    var code: Int
    var name: String
    /// Whether a value of this shape keeps to the member's own definition.
    var isDefinedShape: @Sendable (MemberValue.Shape) -> Bool
    var source: String
}

enum UnusedMemberTable {
    static func string(_ shape: MemberValue.Shape) -> Bool {
        if case .string = shape { return true }
        return false
    }

    /// Header parameters registered by RFC 7515 and RFC 7797 that neither profile uses, `zip`
    /// (registered by RFC 7516 for JWE alone), and a private one. `b64` is open whatever it holds:
    /// RFC 7797 §6 requires it to be listed in `crit`, and here it is not. `zip` is open whatever
    /// it holds too: a JWS has no use for it, and a verifier may ignore or refuse it.
    static let header: [UnusedMember] = [
        UnusedMember(code: 1, name: "cty", isDefinedShape: string, source: "RFC 7515 §4.1.10"),
        UnusedMember(code: 2, name: "x5u", isDefinedShape: string, source: "RFC 7515 §4.1.5"),
        UnusedMember(code: 3, name: "x5c", isDefinedShape: { $0 == .array }, source: "RFC 7515 §4.1.6"),
        UnusedMember(code: 4, name: "x5t", isDefinedShape: string, source: "RFC 7515 §4.1.7"),
        UnusedMember(code: 5, name: "jku", isDefinedShape: string, source: Source.rfc7515Jku),
        UnusedMember(code: 6, name: "jwk", isDefinedShape: { $0 == .object }, source: Source.rfc7515Jwk),
        UnusedMember(code: 7, name: "b64", isDefinedShape: { _ in false }, source: "RFC 7797 §3"),
        UnusedMember(code: 8, name: "x-trace", isDefinedShape: { _ in true }, source: Source.rfc7515Header),
        UnusedMember(code: 9, name: "zip", isDefinedShape: { _ in false }, source: Source.rfc7516Zip),
    ]

    /// Numbers at the limits of 64-bit integers and IEEE 754 doubles, held by the private members
    /// (value codes 12–19): those beyond may be refused as malformed (AMB-RESOURCE-LIMITS), those
    /// within must be read.
    static let numberLimits: [MemberValue] = [
        MemberValue(code: 12, label: "the number 1e400, beyond a double's range", json: "1e400", shape: .nonInteger),
        MemberValue(code: 13, label: "the number -1e400, beyond a double's range", json: "-1e400", shape: .nonInteger),
        MemberValue(code: 14, label: "the number 1e-400, which a double rounds to zero", json: "1e-400", shape: .nonInteger),
        MemberValue(code: 15, label: "the integer 2^64 (18446744073709551616), beyond 64 bits", json: "18446744073709551616",
                    shape: .integer("18446744073709551616")),
        MemberValue(code: 16, label: "the integer -9223372036854775809, below 64 bits", json: "-9223372036854775809",
                    shape: .integer("-9223372036854775809")),
        MemberValue(code: 17, label: "the largest double, 1.7976931348623157e308", json: "1.7976931348623157e308", shape: .nonInteger),
        MemberValue(code: 18, label: "the smallest positive double, 5e-324", json: "5e-324", shape: .nonInteger),
        MemberValue(code: 19, label: "the largest 64-bit integer, 9223372036854775807", json: "9223372036854775807",
                    shape: .integer("9223372036854775807")),
    ]

    /// Claims registered by RFC 7519 that neither profile uses, and a private one.
    static let claims: [UnusedMember] = [
        UnusedMember(code: 1, name: "sub", isDefinedShape: string, source: "RFC 7519 §4.1.2"),
        UnusedMember(code: 2, name: "iss", isDefinedShape: string, source: "RFC 7519 §4.1.1"),
        UnusedMember(code: 3, name: "jti", isDefinedShape: string, source: "RFC 7519 §4.1.7"),
        UnusedMember(code: 4, name: "aud", isDefinedShape: { _ in false }, source: "RFC 7519 §4.1.3"),
        UnusedMember(code: 5, name: "note", isDefinedShape: { _ in true }, source: Source.rfc7519Claims),
    ]
}

extension CaseBook {
    /// Members no profile reads, each with every JSON type (a private one also with numbers at the
    /// limits of 64-bit integers and doubles): a private member is ignored whatever it holds; a
    /// registered one whose value breaks its own definition (and `aud` in any form) is open.
    mutating func addUnusedMemberCases() {
        let v = vendor
        for (segment, members) in [(Segment.header, UnusedMemberTable.header), (Segment.payload, UnusedMemberTable.claims)] {
            for member in members {
                let isPrivate = member.name == "x-trace" || member.name == "note"
                let values = MemberValueTable.types + (isPrivate ? UnusedMemberTable.numberLimits : [])
                for value in values where isPrivate || !member.isDefinedShape(value.shape) {
                    let object = segment == .header ? v.header : v.payload()
                    let text = v.text(object, setting: member.name, to: value.json)
                    let expected: Expectation
                    var rules: [String]
                    if segment == .header {
                        rules = ["JWS-HEADER-UNKNOWN"]
                        expected = isPrivate ? .accept(v.identity)
                            : member.name == "b64"
                                ? .either("AMB-UNUSED-HEADER-PARAMETERS", v.identity, .invalidHeader, .malformed, .badSignature)
                                : .either("AMB-UNUSED-HEADER-PARAMETERS", v.identity, .invalidHeader, .malformed)
                    } else {
                        rules = ["JWT-UNKNOWN-CLAIMS"]
                        expected = isPrivate ? .accept(v.identity)
                            : member.name == "aud"
                                ? .either("AMB-UNUSED-REGISTERED-CLAIMS", v.identity, .invalidClaimValue, .invalidClaimType)
                                : .either("AMB-UNUSED-REGISTERED-CLAIMS", v.identity, .invalidClaimType)
                    }
                    if isPrivate { rules.append("JWS-SIGNATURE") }
                    var flags: [String] = []
                    if case .acceptable = expected { flags.append("vendor-ambiguity") }
                    add(segment.category, 1600 + member.code * 20 + value.code,
                        "Derived (unused member, \(segment.name)): \(member.name) is \(value.label)",
                        rules: rules, sources: [member.source] + (UnusedMemberTable.numberLimits.contains { $0.code == value.code } ? [Source.rfc8259Limits] : []), flags: flags,
                        token: v.token(segment, text: text), expect: expected)
                }
            }
        }
        addCompressionCases()
    }

    /// `zip` naming DEFLATE in a JWS: over the plain payload, open like any other `zip`; over the
    /// payload compressed with DEFLATE, which a JWS verifier never inflates, not JSON.
    private mutating func addCompressionCases() {
        let v = vendor
        guard let zip = UnusedMemberTable.header.first(where: { $0.name == "zip" }) else { return }
        let header = Array(v.text(v.header, setting: zip.name, to: "\"DEF\"").utf8)
        let payload = Array(Forge.text(v.payload()).utf8)
        let number = 1600 + zip.code * 20
        add(.header, number + 12, "Derived (unused member, header): zip is \"DEF\" over the plain payload",
            rules: ["JWS-HEADER-UNKNOWN"], sources: [zip.source], flags: ["vendor-ambiguity"],
            token: Forge.sign(headerBytes: header, payloadBytes: payload, secret: v.secret),
            expect: .either("AMB-UNUSED-HEADER-PARAMETERS", v.identity, .invalidHeader, .malformed))
        add(.header, number + 13,
            "Derived (unused member, header): zip is \"DEF\" over the payload compressed with DEFLATE (one stored block), which a JWS verifier never inflates",
            rules: ["JWS-HEADER-UNKNOWN", "JWS-JSON-OBJECT"], sources: [zip.source, Source.rfc7515Header], flags: ["malleability"],
            token: Forge.sign(headerBytes: header, payloadBytes: Self.deflateStored(payload), secret: v.secret),
            expect: .reject(.malformed, .invalidHeader), decided: "AMB-UNUSED-HEADER-PARAMETERS")
    }

    /// `bytes` as raw DEFLATE (RFC 1951 §3.2.4): one final stored block, which every inflater reads back.
    static func deflateStored(_ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count <= 0xFFFF, "a stored block holds at most 65,535 bytes")
        let length = UInt16(bytes.count)
        return [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)] + bytes
    }
}
