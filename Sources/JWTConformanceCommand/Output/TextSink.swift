import Foundation

/// Somewhere a command writes text: a file descriptor (written through at once, so nothing
/// already reported is lost if the harness dies) or memory (for tests).
public final class TextSink: @unchecked Sendable {
    private let lock = NSLock()
    private let descriptor: Int32?
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private var failed = false

    private init(descriptor: Int32?, handle: FileHandle?) {
        self.descriptor = descriptor
        self.handle = handle
    }

    /// The process's standard output.
    public static let standardOutput = TextSink(descriptor: STDOUT_FILENO, handle: nil)
    /// The process's standard error.
    public static let standardError = TextSink(descriptor: STDERR_FILENO, handle: nil)

    /// A sink that keeps what is written, readable through ``text``.
    public static func memory() -> TextSink { TextSink(descriptor: nil, handle: nil) }

    /// Creates (or truncates) a file to write to.
    ///
    /// - Throws: ``OutputFileError`` naming the file when it cannot be created.
    public static func file(atPath path: String) throws(OutputFileError) -> TextSink {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            let reason = String(cString: strerror(errno))
            throw OutputFileError(path: path, reason: reason)
        }
        return TextSink(descriptor: handle.fileDescriptor, handle: handle)
    }

    /// Writes text now.
    public func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let descriptor else {
            buffer.append(contentsOf: text.utf8)
            return
        }
        guard !failed else { return }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                failed = true
                return
            }
            offset += count
        }
        bytes.removeAll()
    }

    /// What a memory sink holds.
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Closes a file sink.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.close()
    }
}

/// An output file that cannot be created or written.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot write '\(path)': \(reason)" }
}
