extension String {
    /// The text with control characters shown as escapes (`\n`, `\u{1B}`), so a hostile token
    /// or message cannot break a line or drive the terminal.
    var printable: String {
        var output = ""
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0..<0x20, 0x7F..<0xA0: output += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
