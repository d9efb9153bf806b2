extension String {
    /// Whether the two strings have the same UTF-8 bytes, hence the same Unicode scalars.
    ///
    /// Unlike `==`, this does not treat canonically equivalent strings (`"é"` and `"e\u{301}"`) as
    /// equal: JOSE compares member names, algorithms and key ids exactly, and a customer id is
    /// opaque bytes.
    public func hasIdenticalUTF8(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let result = utf8.withContiguousStorageIfAvailable { lhs in
            other.utf8.withContiguousStorageIfAvailable { rhs in lhs.elementsEqual(rhs) }
        }
        return (result ?? nil) ?? utf8.elementsEqual(other.utf8)
    }

    /// Feeds the UTF-8 bytes into `hasher`: the hash that agrees with ``hasIdenticalUTF8(_:)``.
    public func hashUTF8(into hasher: inout Hasher) {
        hasher.combine(utf8.count)
        for byte in utf8 { hasher.combine(byte) }
    }
}
