import JWTConformance

/// One way of turning the valid JSON text into bytes.
struct EncodingRow: Sendable {
    /// The permanent row number: the vector is `<prefix>-HDR-12NN` or `<prefix>-CLM-12NN`.
    var number: Int
    var description: String
    /// The text to encode: the identity or the ignored member may carry characters the encoding needs.
    var sample: EncodingSample
    var outcome: Outcome
    /// The bytes, from the JSON text.
    var encode: @Sendable (String) -> [UInt8]

    enum Outcome: Sendable {
        /// Valid UTF-8 JSON: the token is accepted.
        case legal
        /// Not UTF-8: refused as malformed.
        case notUTF8
        /// A leading UTF-8 byte order mark (AMB-JSON-BOM).
        case byteOrderMark
    }
}

/// Which string of the segment carries the characters an encoding row is about.
enum EncodingSample: Sendable {
    /// The valid text as it is (ASCII only).
    case ascii
    /// The ignored member holds this text; in the payload, the identity does (so an encoding that
    /// changes it names another customer).
    case text(String)
    /// The ignored member holds `marker`, whose UTF-8 bytes the row replaces with raw bytes.
    case raw([UInt8])
}

/// The table of text encodings: RFC 8259 §8.1 requires UTF-8, and lenient readers detect others.
enum EncodingTable {
    static let marker = "@@RAW@@"

    static func utf16(_ text: String, bigEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
        let units = (byteOrderMark ? [0xFEFF] : []) + Array(text.utf16)
        return units.flatMap { unit -> [UInt8] in
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            return bigEndian ? [high, low] : [low, high]
        }
    }

    static func utf32(_ text: String, bigEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
        let scalars = (byteOrderMark ? [0xFEFF] : []) + text.unicodeScalars.map(\.value)
        return scalars.flatMap { scalar -> [UInt8] in
            let bytes = (0..<4).map { UInt8((scalar >> (8 * UInt32($0))) & 0xFF) }
            return bigEndian ? bytes.reversed() : bytes
        }
    }

    /// CESU-8: characters outside the BMP written as two three-byte encoded surrogates.
    static func cesu8(_ text: String) -> [UInt8] {
        text.utf16.count == text.unicodeScalars.count ? Array(text.utf8) : text.unicodeScalars.flatMap { scalar -> [UInt8] in
            guard scalar.value > 0xFFFF else { return Array(String(scalar).utf8) }
            return String(scalar).utf16.flatMap { unit -> [UInt8] in
                [0xE0 | UInt8(unit >> 12), 0x80 | UInt8((unit >> 6) & 0x3F), 0x80 | UInt8(unit & 0x3F)]
            }
        }
    }

    static let rows: [EncodingRow] = [
        EncodingRow(number: 1, description: "a UTF-8 byte order mark before the JSON text", sample: .ascii,
                    outcome: .byteOrderMark) { [0xEF, 0xBB, 0xBF] + Array($0.utf8) },
        EncodingRow(number: 2, description: "UTF-16BE with a byte order mark", sample: .ascii, outcome: .notUTF8) {
            utf16($0, bigEndian: true, byteOrderMark: true) },
        EncodingRow(number: 3, description: "UTF-16LE with a byte order mark", sample: .ascii, outcome: .notUTF8) {
            utf16($0, bigEndian: false, byteOrderMark: true) },
        EncodingRow(number: 4, description: "UTF-16BE without a byte order mark", sample: .ascii, outcome: .notUTF8) {
            utf16($0, bigEndian: true, byteOrderMark: false) },
        EncodingRow(number: 5, description: "UTF-16LE without a byte order mark", sample: .ascii, outcome: .notUTF8) {
            utf16($0, bigEndian: false, byteOrderMark: false) },
        EncodingRow(number: 6, description: "UTF-32BE with a byte order mark", sample: .ascii, outcome: .notUTF8) {
            utf32($0, bigEndian: true, byteOrderMark: true) },
        EncodingRow(number: 7, description: "UTF-32LE with a byte order mark", sample: .ascii, outcome: .notUTF8) {
            utf32($0, bigEndian: false, byteOrderMark: true) },
        EncodingRow(number: 8, description: "UTF-32LE without a byte order mark", sample: .ascii, outcome: .notUTF8) {
            utf32($0, bigEndian: false, byteOrderMark: false) },
        EncodingRow(number: 9, description: "ISO 8859-1: \"José\" with é as the single byte 0xE9", sample: .text("Jos\u{E9}"),
                    outcome: .notUTF8) { Forge.latin1($0) },
        EncodingRow(number: 10, description: "CESU-8: an emoji written as two encoded surrogates", sample: .text("cust-\u{1F600}"),
                    outcome: .notUTF8) { cesu8($0) },
        EncodingRow(number: 11, description: "modified UTF-8: U+0000 as the overlong pair 0xC0 0x80", sample: .raw([0xC0, 0x80]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 12, description: "an overlong three-byte A (0xE0 0x81 0x81)", sample: .raw([0xE0, 0x81, 0x81]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 13, description: "an overlong four-byte A (0xF0 0x80 0x81 0x81)", sample: .raw([0xF0, 0x80, 0x81, 0x81]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 14, description: "a code point above U+10FFFF (0xF4 0x90 0x80 0x80)", sample: .raw([0xF4, 0x90, 0x80, 0x80]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 15, description: "a five-byte sequence (0xF8 0x88 0x80 0x80 0x80)", sample: .raw([0xF8, 0x88, 0x80, 0x80, 0x80]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 16, description: "a three-byte sequence cut short before the closing quote (0xE2 0x82)", sample: .raw([0xE2, 0x82]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 17, description: "a lone continuation byte (0x80)", sample: .raw([0x80]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 18, description: "the byte 0xFE, which UTF-8 never uses", sample: .raw([0xFE]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 19, description: "a Windows-1252 curly quote (0x93) inside a string", sample: .raw([0x93, 0x61, 0x94]),
                    outcome: .notUTF8) { Array($0.utf8) },
        EncodingRow(number: 30, description: "a noncharacter (U+FDD0), which is valid UTF-8 and valid JSON", sample: .text("cust-" + String(Unicode.Scalar(0xFDD0 as UInt32)!)),
                    outcome: .legal) { Array($0.utf8) },
        EncodingRow(number: 31, description: "U+FEFF inside a string, a character and no byte order mark", sample: .text("cust-\u{FEFF}2345678"),
                    outcome: .legal) { Array($0.utf8) },
        EncodingRow(number: 32, description: "a four-byte character written raw (U+1F600)", sample: .text("cust-\u{1F600}"),
                    outcome: .legal) { Array($0.utf8) },
        EncodingRow(number: 33, description: "the largest code point, U+10FFFD, written raw", sample: .text("cust-\u{10FFFD}"),
                    outcome: .legal) { Array($0.utf8) },
    ]
}

extension CaseBook {
    /// Every row of ``EncodingTable`` applied to the header and to the payload of a validly signed token.
    mutating func addEncodingCases() {
        let v = vendor
        for segment in Segment.allCases {
            for row in EncodingTable.rows {
                var identity = v.identity
                let text: String
                switch row.sample {
                case .ascii:
                    text = Forge.text(segment == .header ? v.header : v.payload())
                case .text(let sample) where segment == .payload:
                    identity = v.identity(sample)
                    text = Forge.text(v.payload(sample))
                case .text(let sample):
                    text = Forge.text(v.header.with(segment.unknownMember, .string(sample)))
                case .raw:
                    text = segment == .payload
                        ? Forge.text(v.payload("cust-" + EncodingTable.marker))
                        : Forge.text(v.header.with(segment.unknownMember, .string(EncodingTable.marker)))
                }
                var bytes = row.encode(text)
                if case .raw(let raw) = row.sample {
                    bytes = Forge.bytes(text, replacing: EncodingTable.marker, with: raw)
                }
                let description = "Derived (encoding, \(segment.name)): " + row.description
                switch row.outcome {
                case .legal:
                    add(segment.category, 1200 + row.number, description,
                        rules: ["JWS-JSON-UTF8", "JWT-STRING-EXACT"], sources: [Source.rfc8259UTF8],
                        token: v.token(segment, bytes: bytes), expect: .accept(identity))
                case .notUTF8:
                    add(segment.category, 1200 + row.number, description,
                        rules: ["JWS-JSON-UTF8"], sources: [Source.rfc8259UTF8], flags: ["robustness"],
                        token: v.token(segment, bytes: bytes), expect: .reject(.malformed))
                case .byteOrderMark:
                    add(segment.category, 1200 + row.number, description,
                        rules: ["JWS-JSON-UTF8"], sources: [Source.rfc8259UTF8], flags: ["vendor-ambiguity"],
                        token: v.token(segment, bytes: bytes), expect: .either("AMB-JSON-BOM", v.identity, .malformed))
                }
            }
        }
    }
}
