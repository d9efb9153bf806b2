extension String {
    /// Whether the two strings have the same UTF-8 bytes, hence the same Unicode scalars.
    ///
    /// Unlike `==`, this does not treat canonically equivalent strings (`"é"` and `"e\u{301}"`) as
    /// equal: JOSE compares member names, algorithms and key ids exactly, and a customer id is
    /// opaque bytes.
    public func hasIdenticalUTF8(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var lhs = self
        var rhs = other
        return lhs.withUTF8 { lhs in rhs.withUTF8 { rhs in Self.sameBytes(lhs, rhs) } }
    }

    /// Whether two buffers of the same length hold the same bytes, compared eight at a time.
    private static func sameBytes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let left = lhs.baseAddress.map(UnsafeRawPointer.init), let right = rhs.baseAddress.map(UnsafeRawPointer.init) else {
            return lhs.count == rhs.count
        }
        var offset = 0
        while offset + 8 <= lhs.count {
            guard left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < lhs.count {
            guard lhs[offset] == rhs[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Feeds the UTF-8 bytes into `hasher`: the hash that agrees with ``hasIdenticalUTF8(_:)``.
    public func hashUTF8(into hasher: inout Hasher) {
        hasher.combine(utf8.count)
        for byte in utf8 { hasher.combine(byte) }
    }
}
