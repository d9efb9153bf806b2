/// SHA-384 and SHA-512 (FIPS 180-4 §6.4, §6.5) and their HMACs (RFC 2104).
///
/// The profiles allow HS256 alone, so the verifier never uses these. The generator forges
/// `HS384` and `HS512` tokens with genuinely valid signatures, which a verifier must refuse
/// because of their algorithm, and `jwt-conformance inspect` recognises a signature made with
/// them. ``selfTest()`` checks the FIPS 180-4 and RFC 4231 known answers.
///
/// ```swift
/// SHA512Family.hmac(Array("message".utf8), key: Array("key".utf8), variant: .sha512).count // 64
/// ```
public enum SHA512Family {
    /// SHA-384 or SHA-512.
    public enum Variant: Sendable, Hashable, CaseIterable {
        /// SHA-384, for HS384.
        case sha384
        /// SHA-512, for HS512.
        case sha512

        var initialState: [UInt64] {
            switch self {
            case .sha384:
                [
                    0xcbbb_9d5d_c105_9ed8, 0x629a_292a_367c_d507, 0x9159_015a_3070_dd17, 0x152f_ecd8_f70e_5939,
                    0x6733_2667_ffc0_0b31, 0x8eb4_4a87_6858_1511, 0xdb0c_2e0d_64f9_8fa7, 0x47b5_481d_befa_4fa4,
                ]
            case .sha512:
                [
                    0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
                    0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
                ]
            }
        }

        /// The digest length: 48 or 64 bytes.
        public var digestByteCount: Int {
            switch self {
            case .sha384: 48
            case .sha512: 64
            }
        }
    }

    /// The block length of both variants, in bytes.
    public static let blockByteCount = 128

    private static let roundConstants: [UInt64] = [
        0x428a_2f98_d728_ae22, 0x7137_4491_23ef_65cd, 0xb5c0_fbcf_ec4d_3b2f, 0xe9b5_dba5_8189_dbbc,
        0x3956_c25b_f348_b538, 0x59f1_11f1_b605_d019, 0x923f_82a4_af19_4f9b, 0xab1c_5ed5_da6d_8118,
        0xd807_aa98_a303_0242, 0x1283_5b01_4570_6fbe, 0x2431_85be_4ee4_b28c, 0x550c_7dc3_d5ff_b4e2,
        0x72be_5d74_f27b_896f, 0x80de_b1fe_3b16_96b1, 0x9bdc_06a7_25c7_1235, 0xc19b_f174_cf69_2694,
        0xe49b_69c1_9ef1_4ad2, 0xefbe_4786_384f_25e3, 0x0fc1_9dc6_8b8c_d5b5, 0x240c_a1cc_77ac_9c65,
        0x2de9_2c6f_592b_0275, 0x4a74_84aa_6ea6_e483, 0x5cb0_a9dc_bd41_fbd4, 0x76f9_88da_8311_53b5,
        0x983e_5152_ee66_dfab, 0xa831_c66d_2db4_3210, 0xb003_27c8_98fb_213f, 0xbf59_7fc7_beef_0ee4,
        0xc6e0_0bf3_3da8_8fc2, 0xd5a7_9147_930a_a725, 0x06ca_6351_e003_826f, 0x1429_2967_0a0e_6e70,
        0x27b7_0a85_46d2_2ffc, 0x2e1b_2138_5c26_c926, 0x4d2c_6dfc_5ac4_2aed, 0x5338_0d13_9d95_b3df,
        0x650a_7354_8baf_63de, 0x766a_0abb_3c77_b2a8, 0x81c2_c92e_47ed_aee6, 0x9272_2c85_1482_353b,
        0xa2bf_e8a1_4cf1_0364, 0xa81a_664b_bc42_3001, 0xc24b_8b70_d0f8_9791, 0xc76c_51a3_0654_be30,
        0xd192_e819_d6ef_5218, 0xd699_0624_5565_a910, 0xf40e_3585_5771_202a, 0x106a_a070_32bb_d1b8,
        0x19a4_c116_b8d2_d0c8, 0x1e37_6c08_5141_ab53, 0x2748_774c_df8e_eb99, 0x34b0_bcb5_e19b_48a8,
        0x391c_0cb3_c5c9_5a63, 0x4ed8_aa4a_e341_8acb, 0x5b9c_ca4f_7763_e373, 0x682e_6ff3_d6b2_b8a3,
        0x748f_82ee_5def_b2fc, 0x78a5_636f_4317_2f60, 0x84c8_7814_a1f0_ab72, 0x8cc7_0208_1a64_39ec,
        0x90be_fffa_2363_1e28, 0xa450_6ceb_de82_bde9, 0xbef9_a3f7_b2c6_7915, 0xc671_78f2_e372_532b,
        0xca27_3ece_ea26_619c, 0xd186_b8c7_21c0_c207, 0xeada_7dd6_cde0_eb1e, 0xf57d_4f7f_ee6e_d178,
        0x06f0_67aa_7217_6fba, 0x0a63_7dc5_a2c8_98a6, 0x113f_9804_bef9_0dae, 0x1b71_0b35_131c_471b,
        0x28db_77f5_2304_7d84, 0x32ca_ab7b_40c7_2493, 0x3c9e_be0a_15c9_bebc, 0x431d_67c4_9c10_0d4c,
        0x4cc5_d4be_cb3e_42b6, 0x597f_299c_fc65_7e2a, 0x5fcb_6fab_3ad6_faec, 0x6c44_198c_4a47_5817,
    ]

    /// The digest of `message`.
    public static func hash(_ message: [UInt8], variant: Variant) -> [UInt8] {
        var state = variant.initialState
        var padded = message
        padded.append(0x80)
        while padded.count % blockByteCount != blockByteCount - 16 { padded.append(0) }
        // The message length in bits as a 128-bit big-endian integer (the high 64 bits are zero here).
        padded.append(contentsOf: [UInt8](repeating: 0, count: 8))
        let bitCount = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift))) }

        var schedule = [UInt64](repeating: 0, count: 80)
        for blockStart in stride(from: 0, to: padded.count, by: blockByteCount) {
            for t in 0..<16 {
                var word: UInt64 = 0
                for byte in padded[(blockStart + 8 * t)..<(blockStart + 8 * t + 8)] { word = word << 8 | UInt64(byte) }
                schedule[t] = word
            }
            for t in 16..<80 {
                let s0 = rotr(schedule[t - 15], 1) ^ rotr(schedule[t - 15], 8) ^ (schedule[t - 15] >> 7)
                let s1 = rotr(schedule[t - 2], 19) ^ rotr(schedule[t - 2], 61) ^ (schedule[t - 2] >> 6)
                schedule[t] = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
            for t in 0..<80 {
                let sum1 = rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)
                let choose = (e & f) ^ (~e & g)
                let temp1 = h &+ sum1 &+ choose &+ roundConstants[t] &+ schedule[t]
                let sum0 = rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let temp2 = sum0 &+ majority
                (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ temp2)
            }
            state[0] = state[0] &+ a
            state[1] = state[1] &+ b
            state[2] = state[2] &+ c
            state[3] = state[3] &+ d
            state[4] = state[4] &+ e
            state[5] = state[5] &+ f
            state[6] = state[6] &+ g
            state[7] = state[7] &+ h
        }
        var digest: [UInt8] = []
        for word in state {
            for shift in stride(from: 56, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Array(digest.prefix(variant.digestByteCount))
    }

    /// HMAC (RFC 2104) over SHA-384 or SHA-512, whose block is 128 bytes.
    public static func hmac(_ message: [UInt8], key: [UInt8], variant: Variant) -> [UInt8] {
        var block = key.count > blockByteCount ? hash(key, variant: variant) : key
        block += [UInt8](repeating: 0, count: blockByteCount - block.count)
        let inner = hash(block.map { $0 ^ 0x36 } + message, variant: variant)
        return hash(block.map { $0 ^ 0x5c } + inner, variant: variant)
    }

    private static func rotr(_ value: UInt64, _ count: UInt64) -> UInt64 {
        value >> count | value << (64 - count)
    }

    /// Known answers: the FIPS 180-4 "abc" examples and RFC 4231 test case 2 for both HMACs.
    public static func selfTest() -> Bool {
        func hex(_ bytes: [UInt8]) -> String {
            bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
        let abc = Array("abc".utf8)
        let message = Array("what do ya want for nothing?".utf8)
        let key = Array("Jefe".utf8)
        return hex(hash(abc, variant: .sha512))
            == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
            && hex(hash(abc, variant: .sha384))
            == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
            && hex(hmac(message, key: key, variant: .sha512))
            == "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
            && hex(hmac(message, key: key, variant: .sha384))
            == "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"
    }
}
