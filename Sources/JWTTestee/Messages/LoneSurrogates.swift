/// Rewrites `\u` escapes of lone UTF-16 surrogates (`\ud800`) as `\ufffd`.
///
/// Python's `json.dumps` writes such escapes for a string that is not Unicode text (an identity
/// a library decoded from hostile input). RFC 8259 leaves their meaning open and the strict
/// parser refuses them; reading them as U+FFFD keeps the testee's answer, so a verifier that
/// accepted such a token is judged a wrong verdict rather than a protocol error.
enum LoneSurrogates {
    /// The line with every lone surrogate escape replaced, or nil when it has none.
    static func replaced(in line: some Collection<UInt8>) -> [UInt8]? {
        let bytes = Array(line)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var changed = false
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(bytes[index])
                index += 1
                continue
            }
            guard bytes[index + 1] == UInt8(ascii: "u"), let unit = codeUnit(bytes, at: index) else {
                output += bytes[index..<min(index + 2, bytes.count)]
                index += 2
                continue
            }
            switch unit {
            case 0xD800...0xDBFF:
                if let low = codeUnit(bytes, at: index + 6), (0xDC00...0xDFFF).contains(low) {
                    output += bytes[index..<(index + 12)]
                    index += 12
                } else {
                    output += Array(#"\ufffd"#.utf8)
                    index += 6
                    changed = true
                }
            case 0xDC00...0xDFFF:
                output += Array(#"\ufffd"#.utf8)
                index += 6
                changed = true
            default:
                output += bytes[index..<(index + 6)]
                index += 6
            }
        }
        return changed ? output : nil
    }

    /// The code unit of the `\uXXXX` escape at `index`, if there is a complete one.
    private static func codeUnit(_ bytes: [UInt8], at index: Int) -> UInt16? {
        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
        return UInt16(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16)
    }
}
