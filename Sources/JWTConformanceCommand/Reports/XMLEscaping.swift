/// Escaping for XML 1.0 text and attribute values.
///
/// Markup characters become entities. Characters XML 1.0 cannot carry at all (controls other
/// than tab, newline and carriage return, U+FFFE, U+FFFF) are written visibly as `\u{1B}`, so
/// a token with a control character still yields a well-formed report.
enum XMLEscaping {
    static func text(_ string: String) -> String { escape(string, attribute: false) }

    static func attribute(_ string: String) -> String { escape(string, attribute: true) }

    private static func escape(_ string: String, attribute: Bool) -> String {
        var output = ""
        output.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where attribute: output += "&quot;"
            case "'" where attribute: output += "&apos;"
            case "\n" where attribute: output += "&#10;"
            case "\r": output += "&#13;"
            case "\t" where attribute: output += "&#9;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                if isAllowed(scalar) {
                    output.unicodeScalars.append(scalar)
                } else {
                    output += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                }
            }
        }
        return output
    }

    /// XML 1.0 `Char`: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
