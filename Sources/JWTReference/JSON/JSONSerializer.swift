/// The layout of serialized JSON text.
public enum JSONSerializationStyle: Sendable, Hashable {
    /// Minimal JSON without any whitespace.
    case compact
    /// Two-space indentation with one array element or object member per line, members written as
    /// `"key": value`, empty containers as `[]` and `{}`, and no trailing newline.
    case pretty
}

extension JSONValue {
    /// Returns the JSON text of the value.
    ///
    /// The output is deterministic byte for byte: members are written in stored order (duplicates
    /// included), numbers as their literal text, and strings with the minimal escaping of
    /// ``serializedUTF8(style:)``.
    public func serialized(style: JSONSerializationStyle = .compact) -> String {
        String(decoding: serializedUTF8(style: style), as: UTF8.self)
    }

    /// Returns the JSON text of the value as UTF-8 bytes.
    ///
    /// Strings escape only `"` and `\` (as `\"` and `\\`), the controls with short escapes
    /// (`\b \f \n \r \t`) and the other control characters below U+0020 (as `\u00xx`, lowercase hex).
    /// Everything else, including `/` and non-ASCII characters, is written as literal UTF-8.
    public func serializedUTF8(style: JSONSerializationStyle = .compact) -> [UInt8] {
        var output: [UInt8] = []
        JSONWriter(pretty: style == .pretty).write(self, indent: 0, to: &output)
        return output
    }
}

private struct JSONWriter {
    let pretty: Bool

    func write(_ value: JSONValue, indent: Int, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .string(let string):
            Self.writeString(string, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1, to: &output)
                write(element, indent: indent + 1, to: &output)
            }
            newline(indent, to: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1, to: &output)
                Self.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, indent: indent + 1, to: &output)
            }
            newline(indent, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ indent: Int, to output: inout [UInt8]) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole.
            var start = 0
            for index in bytes.indices where needsEscape(bytes[index]) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                writeEscape(bytes[index], to: &output)
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Writes the escape of a byte that cannot stand in a JSON string as it is.
    private static func writeEscape(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            output.append(contentsOf: "u00".utf8)
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }
}
