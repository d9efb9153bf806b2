import Foundation

/// Reads newline-terminated lines from a file descriptor with blocking reads.
struct LineReader {
    let descriptor: Int32
    private var buffer = LineBuffer()
    private var atEnd = false
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Whether the next line is already read, so ``next()`` returns it without waiting for input.
    var hasBufferedLine: Bool { buffer.hasLine || (atEnd && !buffer.isEmpty) }

    /// The next line without its newline (or `\r\n`); the last line may lack one. Nil at the end.
    mutating func next() -> [UInt8]? {
        while true {
            if let line = buffer.takeLine() { return line }
            if atEnd { return buffer.takeRemainder() }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(chunk[..<count])
            } else if count == 0 || errno != EINTR {
                atEnd = true
            }
        }
    }
}
