import Foundation

/// A testee that does as little as possible: it answers `hello`, and answers every other line
/// with `reject` for the line's id, so that a measurement sees the harness and the pipes only.
enum TrivialTestee {
    static let hello = #"{"ok":true,"protocol":1,"implementation":{"name":"trivial","version":"1","language":"Swift"},"roles":["verifier"],"profiles":["kustomer"]}"#

    static func serve() {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            pending.append(contentsOf: chunk[..<count])
            var output: [UInt8] = []
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                output += answer(pending[..<newline]) + [UInt8(ascii: "\n")]
                pending.removeFirst(newline + 1)
            }
            output.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }

    private static func answer(_ line: ArraySlice<UInt8>) -> [UInt8] {
        let marker = Array(#""id":""#.utf8)
        guard let start = line.firstRange(of: marker)?.upperBound,
            let end = line[start...].firstIndex(of: UInt8(ascii: "\""))
        else { return Array(hello.utf8) }
        return Array(#"{"id":""#.utf8) + line[start..<end] + Array(#"","result":"reject"}"#.utf8)
    }
}
