import JWTConformance

/// Which of the catalogue's open questions a token falls into, from its shape: the one detector
/// `inspect` explains a token with and the fuzzer judges a token with.
///
/// The questions, readings and decisions are the catalogue's; this table only recognises the
/// shapes. `AMB-SHORT-SECRET` is never reported: it depends on the secret's length, not on the
/// token.
public enum AmbiguityDetector {
    /// One recognisable shape: the ambiguity's id and whether a token has it.
    public struct Entry: Sendable {
        public var id: String
        public var applies: @Sendable (TokenShape) -> Bool
    }

    /// Whether a JSON value is a usable identity: a non-empty string.
    private static func isUsable(_ value: JSONValue?) -> Bool {
        if case .string(let text)? = value { return !text.isEmpty }
        return false
    }

    public static let table: [Entry] = [
        Entry(id: "AMB-KUS-TYP-REQUIRED") { $0.header != nil && $0.header?["typ"] == nil },
        Entry(id: "AMB-SUN-TYP") { shape in shape.header != nil && shape.header?["typ"] != .string("JWT") },
        Entry(id: "AMB-TYP-CASE") { shape in
            guard case .string(let typ)? = shape.header?["typ"], typ != "JWT" else { return false }
            return ["jwt", "application/jwt"].contains(typ.lowercased())
        },
        Entry(id: "AMB-KUS-IAT-BOUNDARY") { shape in
            guard let rule = shape.profile.issuedAt, let iat = shape.seconds("iat") else { return false }
            return Seconds.difference(shape.now, iat) == rule.maximumAge
        },
        Entry(id: "AMB-KUS-IAT-FUTURE") { shape in
            guard let rule = shape.profile.issuedAt, let iat = shape.seconds("iat") else { return false }
            guard let ahead = Seconds.difference(iat, shape.now) else { return false }
            return ahead > 0 && ahead <= rule.maximumFutureSkew
        },
        Entry(id: "AMB-NUMERICDATE-STRING") { $0.dates.contains { $0.stringValue != nil } },
        // A fraction or an exponent in the literal (`1700000000.0`, `1.7e9`), within 64 bits.
        Entry(id: "AMB-NUMERICDATE-FRACTION") { shape in
            shape.dates.contains { value in
                guard case .number(let number) = value else { return false }
                return !number.isInteger && !Seconds.isBeyondInt64(number)
            }
        },
        // A value beyond 64 bits, however it is written (`9223372036854775808`, `1E19`).
        Entry(id: "AMB-NUMERICDATE-RANGE") { shape in
            shape.dates.contains { value in
                guard case .number(let number) = value else { return false }
                return Seconds.isBeyondInt64(number)
            }
        },
        Entry(id: "AMB-CLOCK-LEEWAY") { shape in
            let exp = shape.seconds("exp").flatMap { Seconds.difference(shape.now, $0) }.map { (0..<60).contains($0) } ?? false
            let nbf = shape.seconds("nbf").flatMap { Seconds.difference($0, shape.now) }.map { (1...60).contains($0) } ?? false
            return exp || nbf
        },
        Entry(id: "AMB-KUS-EXTERNALID-NUMBER") { shape in
            shape.profile.identityClaims.contains { rule in
                rule.kind == .externalId && shape.payload?[rule.claim]?.numberValue != nil
            }
        },
        Entry(id: "AMB-KUS-EMAIL-FALLBACK") { shape in
            let values = shape.profile.identityClaims.map { shape.payload?[$0.claim] }
            guard let first = values.firstIndex(where: { $0 != nil }), !isUsable(values[first]) else { return false }
            return values[(first + 1)...].contains { isUsable($0) }
        },
        Entry(id: "AMB-KUS-SHADOWED-EXTERNALID") { shape in
            let values = shape.profile.identityClaims.map { shape.payload?[$0.claim] }
            guard let first = values.firstIndex(where: { $0 != nil }), isUsable(values[first]) else { return false }
            return values[(first + 1)...].contains { $0 != nil && !isUsable($0) }
        },
        Entry(id: "AMB-NULL-CLAIM") { shape in
            let claims = shape.profile.identityClaims.map(\.claim) + [shape.profile.scope?.claim, "iat", "exp", "nbf"].compactMap { $0 }
            return claims.contains { shape.payload?[$0] == .null }
        },
        Entry(id: "AMB-SUN-LEGACY-SCOPE") { shape in
            guard let rule = shape.profile.scope else { return false }
            return shape.payload?[rule.claim] == .string("appUser")
        },
        Entry(id: "AMB-SUN-IAT") { shape in
            guard let iat = shape.payload?["iat"] else { return false }
            guard case .number = iat else { return true }
            return shape.seconds("iat").map { $0 > shape.now } ?? true
        },
        Entry(id: "AMB-SUN-ALG-FAMILY") { shape in
            guard case .string(let algorithm)? = shape.header?["alg"] else { return false }
            return ["HS384", "HS512"].contains(algorithm)
        },
        Entry(id: "AMB-SUN-KEY-SELECTION") { $0.signedWithAnotherKey && $0.profile.header.keyIdRequired },
        Entry(id: "AMB-DUPLICATE-MEMBERS") { shape in
            if case .duplicateMember? = shape.decodingError { return true }
            return false
        },
        Entry(id: "AMB-RESOURCE-LIMITS") { shape in
            switch shape.decodingError {
            case .tooLarge?: return true
            case .invalidJSON(_, let error)?: return error.kind == .depthLimitExceeded
            default: return false
            }
        },
        Entry(id: "AMB-JSON-BOM") { shape in
            [shape.headerBytes, shape.payloadBytes].contains { $0?.starts(with: byteOrderMark) ?? false }
        },
        Entry(id: "AMB-KUS-KID-TYPE") { shape in
            guard !shape.profile.header.keyIdRequired, let kid = shape.header?["kid"] else { return false }
            return kid.stringValue == nil
        },
        Entry(id: "AMB-UNUSED-HEADER-PARAMETERS") { shape in
            guard let header = shape.header else { return false }
            return UnusedMembers.headerParameters.contains { $0.isBroken(in: header) }
        },
        Entry(id: "AMB-UNUSED-REGISTERED-CLAIMS") { shape in
            guard let payload = shape.payload else { return false }
            let read = Set(shape.profile.identityClaims.map(\.claim) + [shape.profile.scope?.claim].compactMap { $0 })
            return UnusedMembers.claims.contains { !read.contains($0.name) && $0.isBroken(in: payload) }
        },
        Entry(id: "AMB-JSON-LONE-SURROGATE") { shape in
            if case .invalidJSON(_, let error)? = shape.decodingError { return error.kind == .loneSurrogate }
            return false
        },
    ]

    /// The UTF-8 byte order mark, EF BB BF.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The shape of each verifier reading of the catalogue's vocabulary (an ambiguity's
    /// `verifierReadings`), as the table entry whose shape it is. An ambiguity the table does not
    /// name (a newer vendor's) is recognised from its readings: `AMB-IC-TYP`, about `typ_required`
    /// and `typ_ignored`, wherever `typ` is absent or is not `JWT`.
    static let readingShapes: [String: String] = [
        "typ_required": "AMB-KUS-TYP-REQUIRED", "typ_ignored": "AMB-SUN-TYP",
        "typ_media_type": "AMB-TYP-CASE", "typ_exact_case": "AMB-TYP-CASE",
        "iat_age_exclusive": "AMB-KUS-IAT-BOUNDARY", "iat_future": "AMB-KUS-IAT-FUTURE", "iat_checked_anyway": "AMB-SUN-IAT",
        "string_numeric_date": "AMB-NUMERICDATE-STRING", "unreadable_numeric_date_ignored": "AMB-NUMERICDATE-STRING",
        "numeric_date_integer_only": "AMB-NUMERICDATE-FRACTION", "numeric_date_truncated": "AMB-NUMERICDATE-FRACTION",
        "numeric_date_int64_only": "AMB-NUMERICDATE-RANGE", "leeway": "AMB-CLOCK-LEEWAY",
        "numeric_identity": "AMB-KUS-EXTERNALID-NUMBER", "empty_identity_absent": "AMB-KUS-EMAIL-FALLBACK",
        "precedence_first_valid": "AMB-KUS-EMAIL-FALLBACK", "all_identity_claims_checked": "AMB-KUS-SHADOWED-EXTERNALID",
        "null_absent": "AMB-NULL-CLAIM", "legacy_scope": "AMB-SUN-LEGACY-SCOPE", "alg_family": "AMB-SUN-ALG-FAMILY",
        "kid_ignored": "AMB-SUN-KEY-SELECTION",
        "duplicates_last_wins": "AMB-DUPLICATE-MEMBERS", "size_limit": "AMB-RESOURCE-LIMITS", "nesting_limit": "AMB-RESOURCE-LIMITS",
        "lone_surrogates_accepted": "AMB-JSON-LONE-SURROGATE", "bom_skipped": "AMB-JSON-BOM", "kid_type_checked": "AMB-KUS-KID-TYPE",
        "registered_header_types_checked": "AMB-UNUSED-HEADER-PARAMETERS",
        "registered_claims_checked": "AMB-UNUSED-REGISTERED-CLAIMS",
    ]

    /// The shapes of the readings no table entry has: a rotation's older key, a token without
    /// the profile's scope claim, and an identity longer than the 255-character maximum some
    /// vendors document.
    static let readingOnlyShapes: [String: @Sendable (TokenShape) -> Bool] = [
        // Several keys and no kid in use: signed with a key other than the set's first, current one.
        "first_key_only": { $0.signedWithAnotherKey && !$0.profile.header.keyIdRequired },
        "scope_absent_accepted": { shape in
            guard let rule = shape.profile.scope, let payload = shape.payload else { return false }
            return payload[rule.claim] == nil
        },
        "identity_max_length": { shape in
            shape.profile.identityClaims.contains { rule in
                guard case .string(let text)? = shape.payload?[rule.claim] else { return false }
                return text.unicodeScalars.count > 255
            }
        },
    ]

    /// The ids of every shape the token has, in table order, whatever the profile.
    public static func shapes(_ shape: TokenShape) -> [String] {
        table.filter { $0.applies(shape) }.map(\.id)
    }

    /// The catalogue's ambiguities of the profile that the token falls into, in catalogue order:
    /// by the table's shape for the ambiguities it names, else by the shape of any of the
    /// ambiguity's verifier readings.
    public static func ambiguities(_ shape: TokenShape, in catalogue: RuleCatalogue) -> [Ambiguity] {
        let found = Set(Detector(profile: shape.profile.id, catalogue: catalogue).ambiguityIDs(shape))
        return catalogue.ambiguities.filter { found.contains($0.id) }
    }

    /// The detector for one profile of a catalogue, made once for a caller that examines many
    /// tokens: ``ambiguities(_:in:)`` without looking up the catalogue each time.
    public struct Detector: Sendable {
        /// The ids of the profile's ambiguities in catalogue order, each with the shapes that
        /// recognise it: the table's entries of that id, else those of its verifier readings.
        private let checks: [(id: String, shapes: [@Sendable (TokenShape) -> Bool])]

        /// The detector for `profile`'s ambiguities in `catalogue`.
        public init(profile: ProfileID, catalogue: RuleCatalogue) {
            let named = Set(table.map(\.id))
            func entries(_ id: String) -> [@Sendable (TokenShape) -> Bool] { table.filter { $0.id == id }.map(\.applies) }
            checks = catalogue.ambiguities.compactMap { ambiguity in
                guard ambiguity.profiles.contains(profile.rawValue) else { return nil }
                let shapes = named.contains(ambiguity.id)
                    ? entries(ambiguity.id)
                    : (ambiguity.verifierReadings ?? []).flatMap { reading in
                        readingShapes[reading].map(entries) ?? readingOnlyShapes[reading].map { [$0] } ?? []
                    }
                return shapes.isEmpty ? nil : (ambiguity.id, shapes)
            }
        }

        /// The ids of the profile's ambiguities that the token falls into, in catalogue order.
        public func ambiguityIDs(_ shape: TokenShape) -> [String] {
            var found: [String] = []
            for check in checks where check.shapes.contains(where: { $0(shape) }) { found.append(check.id) }
            return found
        }
    }
}
