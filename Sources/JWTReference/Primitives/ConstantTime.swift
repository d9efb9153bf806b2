/// Comparisons whose running time does not depend on the secret contents being compared.
public enum ConstantTime {
    /// Returns whether `a` and `b` contain the same bytes.
    ///
    /// When the lengths are equal, every byte is examined: there is no early exit on the first
    /// difference, so the running time reveals nothing about where the inputs differ. Inputs of
    /// different lengths return `false` immediately, because length is not treated as secret.
    @inlinable
    public static func isEqual(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) {
            difference |= x ^ y
        }
        return difference == 0
    }
}
