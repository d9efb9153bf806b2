import JWTConformance

/// A line that is not valid testee protocol: names the problem in words a testee author can act on.
public struct ProtocolViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, such as `member "result" is "acept"; expected accept, reject, skip or error`.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension JSONValue {
    /// A short rendering for error messages: the JSON text, cut at 80 characters.
    var excerpt: String {
        let text = serialized()
        return text.count > 80 ? text.prefix(77) + "…" : text
    }
}

/// A short, printable rendering of a raw line for error messages.
func excerpt(ofLine line: some Collection<UInt8>) -> String {
    let text = String(decoding: line.prefix(200), as: UTF8.self)
    let quoted = JSONValue.string(text).serialized()
    return line.count > 200 ? quoted + "…" : quoted
}
