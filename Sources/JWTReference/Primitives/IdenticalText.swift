extension String {
    /// Whether the two strings have the same UTF-8 bytes, hence the same Unicode scalars.
    ///
    /// Unlike `==`, this does not treat canonically equivalent strings (`"é"` and `"e\u{301}"`) as
    /// equal: JOSE compares member names, algorithms and key ids exactly, and a customer id is
    /// opaque bytes.
    @inline(__always)
    public func hasIdenticalUTF8(_ other: String) -> Bool {
        utf8.count == other.utf8.count && hasSameUTF8Bytes(other)
    }

    /// Whether the two strings, of the same UTF-8 length, have the same UTF-8 bytes.
    private func hasSameUTF8Bytes(_ other: String) -> Bool {
        let same = utf8.withContiguousStorageIfAvailable { lhs in
            other.utf8.withContiguousStorageIfAvailable { rhs in lhs.hasSameBytes(as: rhs) }
        }
        // Only a string bridged from a platform string object may lack contiguous UTF-8.
        return same.flatMap { $0 } ?? utf8.elementsEqual(other.utf8)
    }

    /// Feeds the UTF-8 bytes into `hasher`: the hash that agrees with ``hasIdenticalUTF8(_:)``.
    public func hashUTF8(into hasher: inout Hasher) {
        hasher.combine(utf8.count)
        for byte in utf8 { hasher.combine(byte) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `other`, of the same length, holds the same bytes, compared eight at a time.
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let left = baseAddress.map(UnsafeRawPointer.init), let right = other.baseAddress.map(UnsafeRawPointer.init) else {
            return count == other.count
        }
        var offset = 0
        while offset + 8 <= count {
            guard left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < count {
            guard self[offset] == other[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Whether two ranges of the buffer hold the same bytes.
    func hasSameBytes(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        lhs.count == rhs.count && UnsafeBufferPointer(rebasing: self[lhs]).hasSameBytes(as: UnsafeBufferPointer(rebasing: self[rhs]))
    }
}
