/// Bytes read so far from a newline-delimited stream, cut into lines.
///
/// Remembers how far it has already looked for a newline, so a long line arriving in many
/// reads is scanned once.
struct LineBuffer {
    /// The bytes not yet returned as a line.
    private(set) var pending: [UInt8] = []
    /// How many bytes of ``pending`` are known to hold no newline.
    private(set) var scanned = 0

    var isEmpty: Bool { pending.isEmpty }
    var count: Int { pending.count }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
    }

    /// Whether a complete line has arrived.
    var hasLine: Bool { pending[scanned...].contains(UInt8(ascii: "\n")) }

    /// The next complete line without its `\n` (or `\r\n`), or nil if none has arrived.
    mutating func takeLine() -> [UInt8]? {
        guard let newline = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = pending.count
            return nil
        }
        var end = newline
        if end > 0, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = Array(pending[..<end])
        pending.removeFirst(newline + 1)
        scanned = 0
        return line
    }

    /// Everything left, as a last line without a newline; empties the buffer.
    mutating func takeRemainder() -> [UInt8]? {
        guard !pending.isEmpty else { return nil }
        defer {
            pending = []
            scanned = 0
        }
        return pending
    }
}
