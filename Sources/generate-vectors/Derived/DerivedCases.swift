import JWTConformance

/// Vector families derived from tables rather than written one by one.
///
/// Each family crosses a table (RFC 8259's grammar broken one production at a time, text
/// encodings, every member the profiles read with every JSON type and every spelling a lenient
/// reader coerces, token forms, key-set shapes, signer subjects and clocks) with the vendor's valid
/// token, so that only the rule under test can refuse the result. Every row declares its permanent
/// number and its expected result from the rules; nothing is obtained by running an
/// implementation. Ids are `<block> + <row number>`: adding a row never renumbers another.
extension CaseBook {
    mutating func addDerivedCases() {
        addJSONGrammarCases()
        addJSONPrefixCases()
        addEncodingCases()
        addIdentityTextCases()
        addHeaderMemberCases()
        addClaimMemberCases()
        addTimeMemberCases()
        addNumericDateCases()
        addUnusedMemberCases()
        addMemberNameCases()
        addTokenFormCases()
        addMACByteCases()
        addSegmentSizeCases()
        addPaddingCases()
        addAlphabetCases()
        addKeySelectionCases()
        addReasonOrderCases()
        addDerivedSignerCases()
    }
}

/// Where a derived JSON text goes: the header or the payload of the vendor's valid token.
enum Segment: CaseIterable {
    case header
    case payload

    /// The category the family's vectors are filed under.
    var category: VectorCategory { self == .header ? .header : .claims }

    /// A member name that this segment's rules ignore (RFC 7515 §4, RFC 7519 §4).
    var unknownMember: String { self == .header ? "x-note" : "note" }

    var name: String { self == .header ? "header" : "payload" }
}

extension Vendor {
    /// The members of the valid header or payload, as JSON text without the braces.
    func membersText(_ segment: Segment) -> String {
        String(Forge.text(segment == .header ? header : payload()).dropFirst().dropLast())
    }

    /// Signs `text` in place of the header or the payload of the valid token.
    func token(_ segment: Segment, text: String) -> String {
        token(segment, bytes: Array(text.utf8))
    }

    /// Signs raw bytes in place of the header or the payload of the valid token.
    func token(_ segment: Segment, bytes: [UInt8]) -> String {
        let headerBytes = segment == .header ? bytes : Array(Forge.text(header).utf8)
        let payloadBytes = segment == .payload ? bytes : Array(Forge.text(payload()).utf8)
        return Forge.sign(headerBytes: headerBytes, payloadBytes: payloadBytes, secret: secret)
    }
}
