import JWTFuzzing
import Testing

@Test func splitMix64MatchesTheReferenceSequence() {
    // The first outputs for seed 0 of the published SplitMix64 (Vigna's splitmix64.c).
    var random = SplitMix64(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
}

@Test func belowStaysInRange() {
    var random = SplitMix64(seed: 7)
    for bound in [1, 2, 3, 10, 1_000] {
        for _ in 0..<200 { #expect((0..<bound).contains(random.below(bound))) }
    }
}
