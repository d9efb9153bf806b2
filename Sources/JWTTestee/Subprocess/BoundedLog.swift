/// The last bytes a testee wrote to its stderr, with the harness's notes between them
/// (restarts, kills), bounded so a chatty testee cannot exhaust memory.
final class BoundedLog {
    /// How many bytes are kept.
    let limit: Int
    private var bytes: [UInt8] = []
    private var dropped = 0

    init(limit: Int) { self.limit = max(limit, 1) }

    func append(_ buffer: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: buffer)
        trim()
    }

    /// Adds a line from the harness, such as `[jwt-conformance] restarted the testee`.
    func note(_ text: String) {
        if let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        bytes.append(contentsOf: "[jwt-conformance] \(text)\n".utf8)
        trim()
    }

    private func trim() {
        guard bytes.count > 2 * limit else { return }
        let excess = bytes.count - limit
        dropped += excess
        bytes.removeFirst(excess)
    }

    /// The kept text, prefixed with a note when earlier output was dropped.
    var text: String {
        let kept = bytes.count > limit ? bytes.suffix(limit) : bytes[...]
        let droppedNow = dropped + (bytes.count - kept.count)
        let body = String(decoding: kept, as: UTF8.self)
        return droppedNow > 0 ? "[jwt-conformance] … \(droppedNow) earlier bytes dropped …\n" + body : body
    }
}
