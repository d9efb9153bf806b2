import JWTConformance

/// Which of the catalogue's open questions a token falls into, from its shape: the one detector
/// `inspect` explains a token with and the fuzzer judges a token with.
///
/// The detector knows the catalogue's vocabulary of verifier readings (an ambiguity's
/// `verifierReadings`, the independent oracle's knobs), not its ambiguities. It recognises the
/// shape of each reading: the tokens on which a verifier following the reading may answer
/// otherwise than the profile does, where the suite leaves that open. An ambiguity of a profile
/// applies to a token when the shape of one of its readings does, for every vendor alike: a new
/// vendor's ambiguity is recognised from its readings, with no change here.
public enum AmbiguityDetector {
    /// The shape of one verifier reading: its name in the catalogue's vocabulary and whether a
    /// token has it.
    public struct ReadingShape: Sendable {
        public var reading: String
        public var applies: @Sendable (TokenShape) -> Bool
    }

    /// The readings of the vocabulary that no token has the shape of, and why. The detector
    /// never reports an ambiguity for them: `inspect` cannot, and the fuzzer judges them apart.
    public static let readingsWithoutShape: [String: String] = [
        "short_keys_refused": "it depends on the length of the secrets the verifier holds, not on the token",
    ]

    /// Whether a JSON value is a usable identity: a non-empty string.
    private static func isUsable(_ value: JSONValue?) -> Bool {
        if case .string(let text)? = value { return !text.isEmpty }
        return false
    }

    /// The profile's identity claims in precedence order, as the token holds them (nil: absent).
    private static func identities(_ shape: TokenShape) -> [JSONValue?] {
        shape.profile.identityClaims.map { shape.payload?[$0.claim] }
    }

    /// Whether the first identity claim present is unusable and `stands` for it, and a later
    /// one is usable: the token names a customer only if the verifier falls back.
    private static func fallsBack(_ shape: TokenShape, from stands: (JSONValue?) -> Bool) -> Bool {
        let values = identities(shape)
        guard let first = values.firstIndex(where: { $0 != nil }), !isUsable(values[first]), stands(values[first]) else { return false }
        return values[(first + 1)...].contains { isUsable($0) }
    }

    /// A `typ` that is a string other than `JWT` whose lowercase is `lowercased`.
    private static func typ(_ shape: TokenShape, lowercased: String) -> Bool {
        guard case .string(let typ)? = shape.header?["typ"], typ != "JWT" else { return false }
        return typ.lowercased() == lowercased
    }

    /// A NumericDate with a fraction or an exponent in its literal (`1700000000.0`, `1.7e9`),
    /// within 64 bits.
    private static func hasFractionalDate(_ shape: TokenShape) -> Bool {
        shape.hasDate { value in
            guard case .number(let number) = value else { return false }
            return !number.isInteger && !Seconds.isBeyondInt64(number)
        }
    }

    /// A NumericDate written as a JSON string.
    private static func hasStringDate(_ shape: TokenShape) -> Bool {
        shape.hasDate { $0.stringValue != nil }
    }

    /// The shape of every reading of the vocabulary but ``readingsWithoutShape``, in the
    /// vocabulary's order.
    public static let readingShapes: [ReadingShape] = [
        ReadingShape(reading: "typ_required") { $0.header != nil && $0.header?["typ"] == nil },
        // Absent, or anything but the string `JWT`.
        ReadingShape(reading: "typ_ignored") { $0.header != nil && $0.header?["typ"] != .string("JWT") },
        ReadingShape(reading: "typ_media_type") { typ($0, lowercased: "application/jwt") },
        ReadingShape(reading: "typ_exact_case") { typ($0, lowercased: "jwt") },
        ReadingShape(reading: "iat_age_exclusive") { shape in
            guard let rule = shape.profile.issuedAt, let iat = shape.seconds("iat") else { return false }
            return Seconds.difference(shape.now, iat) == rule.maximumAge
        },
        ReadingShape(reading: "iat_future") { shape in
            guard let rule = shape.profile.issuedAt, let iat = shape.seconds("iat") else { return false }
            guard let ahead = Seconds.difference(iat, shape.now) else { return false }
            return ahead > 0 && ahead <= rule.maximumFutureSkew
        },
        // An `iat` that is not a number, or one in the future.
        ReadingShape(reading: "iat_checked_anyway") { shape in
            guard let iat = shape.payload?["iat"] else { return false }
            guard case .number = iat else { return true }
            return shape.seconds("iat").map { $0 > shape.now } ?? true
        },
        // An `exp` up to a minute past, or an `nbf` up to a minute ahead.
        ReadingShape(reading: "leeway") { shape in
            let exp = shape.seconds("exp").flatMap { Seconds.difference(shape.now, $0) }.map { (0..<60).contains($0) } ?? false
            let nbf = shape.seconds("nbf").flatMap { Seconds.difference($0, shape.now) }.map { (1...60).contains($0) } ?? false
            return exp || nbf
        },
        ReadingShape(reading: "string_numeric_date", applies: hasStringDate),
        ReadingShape(reading: "numeric_date_integer_only", applies: hasFractionalDate),
        ReadingShape(reading: "numeric_date_truncated", applies: hasFractionalDate),
        // A value beyond 64 bits, however it is written (`9223372036854775808`, `1E19`).
        ReadingShape(reading: "numeric_date_int64_only") { shape in
            shape.hasDate { value in
                guard case .number(let number) = value else { return false }
                return Seconds.isBeyondInt64(number)
            }
        },
        // A string is the one wrong type the suite leaves open: JWT-NUMERICDATE settles the others.
        ReadingShape(reading: "unreadable_numeric_date_ignored", applies: hasStringDate),
        ReadingShape(reading: "numeric_identity") { shape in
            shape.profile.identityClaims.contains { rule in
                rule.kind == .externalId && shape.payload?[rule.claim]?.numberValue != nil
            }
        },
        ReadingShape(reading: "empty_identity_absent") { shape in fallsBack(shape) { $0 == .string("") } },
        // A null in a claim the profile reads.
        ReadingShape(reading: "null_absent") { shape in
            guard let payload = shape.payload else { return false }
            return shape.profile.identityClaims.contains { payload[$0.claim] == .null }
                || shape.profile.scope.map { payload[$0.claim] == .null } ?? false
                || shape.hasDate { $0 == .null }
        },
        ReadingShape(reading: "precedence_first_valid") { shape in fallsBack(shape) { _ in true } },
        // The first identity present is usable and a later one present is not.
        ReadingShape(reading: "all_identity_claims_checked") { shape in
            let values = identities(shape)
            guard let first = values.firstIndex(where: { $0 != nil }), isUsable(values[first]) else { return false }
            return values[(first + 1)...].contains { $0 != nil && !isUsable($0) }
        },
        ReadingShape(reading: "legacy_scope") { shape in
            guard let rule = shape.profile.scope else { return false }
            return shape.payload?[rule.claim] == .string("appUser")
        },
        // Signed with a key other than the one its `kid` selects.
        ReadingShape(reading: "kid_ignored") { $0.signedWithAnotherKey && $0.profile.header.keyIdRequired },
        ReadingShape(reading: "alg_family") { shape in
            guard case .string(let algorithm)? = shape.header?["alg"] else { return false }
            return ["HS384", "HS512"].contains(algorithm)
        },
        ReadingShape(reading: "duplicates_last_wins") { shape in
            if case .duplicateMember? = shape.decodingError { return true }
            return false
        },
        ReadingShape(reading: "size_limit") { shape in
            if case .tooLarge? = shape.decodingError { return true }
            return false
        },
        ReadingShape(reading: "nesting_limit") { shape in
            if case .invalidJSON(_, let error)? = shape.decodingError { return error.kind == .depthLimitExceeded }
            return false
        },
        // A number a parser holding 64-bit integers and doubles cannot represent, anywhere.
        ReadingShape(reading: "number_limit") { shape in
            [shape.header, shape.payload].contains { $0.map { NumberLimits.holdsNumberBeyond(.object($0)) } ?? false }
        },
        ReadingShape(reading: "lone_surrogates_accepted") { shape in
            if case .invalidJSON(_, let error)? = shape.decodingError { return error.kind == .loneSurrogate }
            return false
        },
        ReadingShape(reading: "bom_skipped") { shape in
            [shape.headerBytes, shape.payloadBytes].contains { $0?.starts(with: byteOrderMark) ?? false }
        },
        // A `kid` that is not a string, where the profile does not use `kid`.
        ReadingShape(reading: "kid_type_checked") { shape in
            guard !shape.profile.header.keyIdRequired, let kid = shape.header?["kid"] else { return false }
            return kid.stringValue == nil
        },
        ReadingShape(reading: "registered_header_types_checked") { shape in
            guard let header = shape.header else { return false }
            return UnusedMembers.headerParameters.contains { $0.isBroken(in: header) }
        },
        ReadingShape(reading: "registered_claims_checked") { shape in
            guard let payload = shape.payload else { return false }
            // Those the profile reads are not unused.
            return UnusedMembers.claims.contains { member in
                !shape.profile.identityClaims.contains { $0.claim == member.name } && shape.profile.scope?.claim != member.name
                    && member.isBroken(in: payload)
            }
        },
        ReadingShape(reading: "scope_absent_accepted") { shape in
            guard let rule = shape.profile.scope, let payload = shape.payload else { return false }
            return payload[rule.claim] == nil
        },
        // An identity longer than the 255-character maximum some vendors document.
        ReadingShape(reading: "identity_max_length") { shape in
            shape.profile.identityClaims.contains { rule in
                guard case .string(let text)? = shape.payload?[rule.claim] else { return false }
                // Each scalar takes at least one UTF-8 byte: most texts are not counted.
                return text.utf8.count > 255 && text.unicodeScalars.count > 255
            }
        },
        // Several keys and no kid in use: signed with a key other than the set's first, current one.
        ReadingShape(reading: "first_key_only") { $0.signedWithAnotherKey && !$0.profile.header.keyIdRequired },
    ]

    /// The UTF-8 byte order mark, EF BB BF.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The readings whose shape the token has, in the vocabulary's order, whatever the profile.
    public static func readings(_ shape: TokenShape) -> [String] {
        readingShapes.filter { $0.applies(shape) }.map(\.reading)
    }

    /// The readings whose shape the token has as bits: bit `i` stands for `readingShapes[i]`. For
    /// a caller that examines many tokens (``ProfileAmbiguities/ambiguities(withReadingMask:)``).
    /// Only the readings whose bits `examined` has set are looked for (the others' bits are clear):
    /// a profile's ambiguities name only some (``ProfileAmbiguities/readingsMask``).
    public static func readingMask(_ shape: TokenShape, examining examined: UInt64 = .max) -> UInt64 {
        precondition(readingShapes.count <= 64, "a reading mask holds 64 readings")
        var mask: UInt64 = 0
        for index in readingShapes.indices {
            let bit: UInt64 = 1 << UInt64(index)
            if examined & bit != 0, readingShapes[index].applies(shape) { mask |= bit }
        }
        return mask
    }

    /// The bits of a reading in a ``readingMask(_:)``: none for a reading with no shape.
    static let readingBits: [String: UInt64] = readingShapes.indices.reduce(into: [:]) { bits, index in
        bits[readingShapes[index].reading, default: 0] |= 1 << UInt64(index)
    }

    /// The catalogue's ambiguities of the profile that the token falls into, in catalogue order:
    /// those with a reading whose shape the token has. Where every such reading is also the whole
    /// of a narrower ambiguity of the profile (AMB-NULL-CLAIM's `null_absent`, one of
    /// AMB-KUS-EMAIL-FALLBACK's three), the narrower question is the one the token raises.
    public static func ambiguities(_ shape: TokenShape, in catalogue: RuleCatalogue) -> [Ambiguity] {
        ProfileAmbiguities(profile: shape.profile.id, catalogue: catalogue).ambiguities(withReadings: Set(readings(shape)))
    }

    /// One profile's ambiguities in a catalogue, with their readings and the narrower questions
    /// each gives way to worked out once, for a caller that examines many tokens.
    public struct ProfileAmbiguities: Sendable {
        private struct Entry: Sendable {
            var ambiguity: Ambiguity
            var readings: [String]
            /// The reading sets of the profile's ambiguities whose readings are a strict subset of these.
            var narrower: [Set<String>]
            /// The ambiguity's readings (in its order) and their bits in a ``AmbiguityDetector/readingMask(_:)``.
            var readingBits: [(reading: String, bits: UInt64)]
            /// All of `readingBits`' bits.
            var mask: UInt64
            /// The bits of each of `narrower`.
            var narrowerMasks: [UInt64]
        }

        private let entries: [Entry]
        /// The bits of every reading the profile's ambiguities name: no other reading changes
        /// what ``ambiguities(withReadingMask:)`` chooses.
        public let readingsMask: UInt64

        /// The ambiguities of `profile` in `catalogue`.
        public init(profile: ProfileID, catalogue: RuleCatalogue) {
            let own = catalogue.ambiguities.filter { $0.profiles.contains(profile.rawValue) }
            let readingSets = own.map { Set($0.verifierReadings ?? []) }
            func bits(_ readings: some Sequence<String>) -> UInt64 {
                readings.reduce(0) { $0 | (AmbiguityDetector.readingBits[$1] ?? 0) }
            }
            entries = zip(own, readingSets).map { ambiguity, readings in
                let narrower = readingSets.filter { $0.isStrictSubset(of: readings) }
                let readingBits = (ambiguity.verifierReadings ?? []).map { ($0, AmbiguityDetector.readingBits[$0] ?? 0) }
                return Entry(
                    ambiguity: ambiguity, readings: Array(readings).sorted(), narrower: narrower,
                    readingBits: readingBits, mask: bits(readings), narrowerMasks: narrower.map(bits))
            }
            readingsMask = entries.reduce(0) { $0 | $1.mask }
        }

        /// The ambiguities a token with the readings of `found` (``AmbiguityDetector/readingMask(_:)``)
        /// falls into, chosen as ``ambiguities(withReadings:)`` chooses them, each with those of its
        /// readings (in its order) that the token has the shape of.
        public func ambiguities(withReadingMask found: UInt64) -> [(ambiguity: Ambiguity, readings: [String])] {
            guard found != 0 else { return [] }
            var chosen: [(ambiguity: Ambiguity, readings: [String])] = []
            for entry in entries where entry.mask & found != 0 {
                let matched = entry.mask & found
                if !entry.narrowerMasks.contains(where: { matched & ~$0 == 0 }) {
                    chosen.append((entry.ambiguity, entry.readingBits.filter { $0.bits & found != 0 }.map(\.reading)))
                }
            }
            return chosen
        }

        /// The ambiguities a token with the shapes of the readings `found` (``readings(_:)``) falls
        /// into, in catalogue order, as ``AmbiguityDetector/ambiguities(_:in:)`` chooses them.
        public func ambiguities(withReadings found: Set<String>) -> [Ambiguity] {
            var chosen: [Ambiguity] = []
            for index in entries.indices where entries[index].readings.contains(where: found.contains) {
                let matched = entries[index].readings.filter(found.contains)
                if !entries[index].narrower.contains(where: { narrower in matched.allSatisfy(narrower.contains) }) {
                    chosen.append(entries[index].ambiguity)
                }
            }
            return chosen
        }
    }
}
