import Foundation

/// Reads newline-terminated lines from a file descriptor with blocking reads.
struct LineReader {
    let descriptor: Int32
    private var pending: [UInt8] = []
    private var scanned = 0
    private var atEnd = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// The next line without its newline (or `\r\n`); the last line may lack one. Nil at the end.
    mutating func next() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > 0, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(pending[..<end])
                pending.removeFirst(newline + 1)
                scanned = 0
                return line
            }
            scanned = pending.count
            if atEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return pending
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                pending.append(contentsOf: chunk[..<count])
            } else if count == 0 || errno != EINTR {
                atEnd = true
            }
        }
    }
}
