/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast generator whose output depends on
/// its seed alone, so a fuzz run is reproducible from `--seed` on every platform.
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// random.below(10) // the same number on every run
/// ```
public struct SplitMix64: Sendable, Hashable {
    /// The generator's whole state.
    public private(set) var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The generator for case `index` of a run seeded with `seed`: each case can be recreated
    /// without replaying the ones before it.
    public init(seed: UInt64, case index: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0), by Lemire's multiply-and-reject method.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        let limit = UInt64(bound)
        while true {
            let product = next().multipliedFullWidth(by: limit)
            if product.low >= (0 &- limit) % limit { return Int(product.high) }
        }
    }

    /// A number in `range`.
    public mutating func number(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// An element of a non-empty collection.
    public mutating func pick<C: RandomAccessCollection>(_ elements: C) -> C.Element where C.Index == Int {
        elements[elements.startIndex + below(elements.count)]
    }

    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
