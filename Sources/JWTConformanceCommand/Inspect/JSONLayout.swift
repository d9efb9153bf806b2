import JWTConformance

/// A decoded header or payload laid out for people without changing a byte of its tokens:
/// strings keep their escapes, numbers their literal text, members their order and duplicates.
/// Only the whitespace between tokens is replaced by a two-space indentation.
struct JSONLayout {
    /// The indented text. For bytes that are not JSON, the bytes as text, with invalid UTF-8
    /// and control characters shown as escapes.
    let text: String
    /// The byte offset, in the decoded segment, of each top-level member name, in document order.
    let memberOffsets: [(name: String, offset: Int)]

    /// Lays out `bytes`. `isJSON` says whether the strict parser read them; only then is the
    /// text indented.
    init(_ bytes: [UInt8], isJSON: Bool) {
        guard isJSON else {
            text = Self.literal(bytes)
            memberOffsets = []
            return
        }
        var layout = Writer(bytes: bytes)
        layout.run()
        text = String(decoding: layout.output, as: UTF8.self)
        memberOffsets = layout.members
    }

    /// The offset of the member `name` that a verifier reads: the lexically last one.
    func offset(of name: String) -> Int? {
        memberOffsets.last { $0.name.unicodeScalars.elementsEqual(name.unicodeScalars) }?.offset
    }

    /// Bytes as text: valid UTF-8 as itself (control characters escaped), other bytes as `\x{FF}`.
    static func literal(_ bytes: [UInt8]) -> String {
        var output = ""
        var index = 0
        while index < bytes.count {
            let length = Self.scalarLength(bytes, at: index)
            let slice = bytes[index..<index + length]
            let scalar = String(decoding: slice, as: UTF8.self)
            if length > 0, scalar.utf8.elementsEqual(slice) {
                output += scalar.printable
                index += length
            } else {
                output += "\\x{\(String(bytes[index], radix: 16, uppercase: true))}"
                index += 1
            }
        }
        return output
    }

    private static func scalarLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        return index + length <= bytes.count ? length : 0
    }

    /// The indenting walk over valid JSON bytes.
    private struct Writer {
        let bytes: [UInt8]
        var output: [UInt8] = []
        var members: [(name: String, offset: Int)] = []
        private var index = 0
        /// For each open container: whether it is an object and whether a member name comes next.
        private var stack: [(isObject: Bool, expectsName: Bool)] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D:
                    index += 1
                case UInt8(ascii: "\""):
                    let start = index
                    skipString()
                    let token = Array(bytes[start..<index])
                    if stack.count == 1, stack[0].isObject, stack[0].expectsName,
                        case .string(let name)? = try? JSONParser.parse(token)
                    {
                        members.append((name, start))
                    }
                    if !stack.isEmpty { stack[stack.count - 1].expectsName = false }
                    output += token
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    index += 1
                    output.append(byte)
                    if let next = nextSignificant(), next == byte + 2 {
                        output.append(next)
                        index = skipWhitespace() + 1
                    } else {
                        stack.append((byte == UInt8(ascii: "{"), byte == UInt8(ascii: "{")))
                        newline()
                    }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    index += 1
                    stack.removeLast()
                    newline()
                    output.append(byte)
                case UInt8(ascii: ","):
                    index += 1
                    output.append(byte)
                    if !stack.isEmpty { stack[stack.count - 1].expectsName = stack[stack.count - 1].isObject }
                    newline()
                case UInt8(ascii: ":"):
                    index += 1
                    output += Array(": ".utf8)
                default:
                    let start = index
                    while index < bytes.count, !Self.delimiters.contains(bytes[index]) { index += 1 }
                    output += bytes[start..<max(index, start + 1)]
                    index = max(index, start + 1)
                }
            }
        }

        private static let delimiters: Set<UInt8> = Set(" \t\n\r,:{}[]\"".utf8)

        private mutating func newline() {
            output.append(UInt8(ascii: "\n"))
            output += [UInt8](repeating: UInt8(ascii: " "), count: 2 * stack.count)
        }

        private mutating func skipString() {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    return
                default: index += 1
                }
            }
        }

        private func skipWhitespace() -> Int {
            var position = index
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
            return position
        }

        private func nextSignificant() -> UInt8? {
            let position = skipWhitespace()
            return position < bytes.count ? bytes[position] : nil
        }
    }
}
