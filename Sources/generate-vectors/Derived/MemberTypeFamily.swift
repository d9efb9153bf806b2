import JWTConformance

/// A value of a member, as JSON text, with what it is.
struct MemberValue {
    /// The permanent code of the value within its member's block.
    var code: Int
    var label: String
    /// The JSON text written for the member (escapes kept as written).
    var json: String
    var shape: Shape

    enum Shape: Equatable, Sendable {
        case null
        case boolean
        /// An integer literal, with its digits.
        case integer(String)
        /// A number literal with a fraction or an exponent.
        case nonInteger
        /// A string, with its value after unescaping.
        case string(String)
        case array
        case object
    }
}

/// The JSON types every member is tried with, and the spellings lenient readers coerce.
enum MemberValueTable {
    /// Every JSON type, once (codes 1–11).
    static let types: [MemberValue] = [
        MemberValue(code: 1, label: "null", json: "null", shape: .null),
        MemberValue(code: 2, label: "the boolean true", json: "true", shape: .boolean),
        MemberValue(code: 3, label: "the boolean false", json: "false", shape: .boolean),
        MemberValue(code: 4, label: "the number 0", json: "0", shape: .integer("0")),
        MemberValue(code: 5, label: "the number 42", json: "42", shape: .integer("42")),
        MemberValue(code: 6, label: "the number -1", json: "-1", shape: .integer("-1")),
        MemberValue(code: 7, label: "the number 1.5", json: "1.5", shape: .nonInteger),
        MemberValue(code: 8, label: "the number 1e3", json: "1e3", shape: .nonInteger),
        MemberValue(code: 9, label: "the empty string", json: "\"\"", shape: .string("")),
        MemberValue(code: 10, label: "an empty array", json: "[]", shape: .array),
        MemberValue(code: 11, label: "an empty object", json: "{}", shape: .object),
    ]

    /// The valid string `value` wrapped in other types, and written in the spellings a lenient
    /// reader folds into it (codes 12–13 and 20–29).
    static func spellings(of value: String) -> [MemberValue] {
        let quoted = JSONValue.string(value).serialized()
        var rows = [
            MemberValue(code: 12, label: "an array holding \(quoted)", json: "[\(quoted)]", shape: .array),
            MemberValue(code: 13, label: "an object holding \(quoted)", json: "{\"value\":\(quoted)}", shape: .object),
            MemberValue(code: 22, label: "\(quoted) with a leading space", json: JSONValue.string(" " + value).serialized(),
                        shape: .string(" " + value)),
            MemberValue(code: 23, label: "\(quoted) with a trailing space", json: JSONValue.string(value + " ").serialized(),
                        shape: .string(value + " ")),
            MemberValue(code: 24, label: "\(quoted) followed by an escaped U+0000", json: "\"\(value)\\u0000\"",
                        shape: .string(value + "\u{0}")),
            MemberValue(code: 25, label: "\(quoted) followed by an escaped line feed", json: "\"\(value)\\n\"",
                        shape: .string(value + "\n")),
            MemberValue(code: 26, label: "\(quoted) with every character written as a \\u escape (the same string)",
                        json: "\"" + value.unicodeScalars.map { "\\u" + hex4($0.value) }.joined() + "\"", shape: .string(value)),
            MemberValue(code: 27, label: "\(quoted) after a U+FEFF", json: JSONValue.string("\u{FEFF}" + value).serialized(),
                        shape: .string("\u{FEFF}" + value)),
            MemberValue(code: 28, label: "\(quoted) followed by a zero-width space", json: JSONValue.string(value + "\u{200B}").serialized(),
                        shape: .string(value + "\u{200B}")),
        ]
        if value.uppercased() != value {
            rows.append(MemberValue(code: 20, label: "\(quoted) in upper case", json: JSONValue.string(value.uppercased()).serialized(),
                                    shape: .string(value.uppercased())))
        }
        if value.lowercased() != value {
            rows.append(MemberValue(code: 21, label: "\(quoted) in lower case", json: JSONValue.string(value.lowercased()).serialized(),
                                    shape: .string(value.lowercased())))
        }
        return rows.sorted { $0.code < $1.code }
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Vendor {
    /// `object` serialised with `member` set to the JSON text `json`, written exactly as given.
    func text(_ object: JSONObject, setting member: String, to json: String) -> String {
        let marker = "@@MEMBER-VALUE@@"
        return Forge.text(object.with(member, .string(marker)))
            .replacingOccurrences(of: JSONValue.string(marker).serialized(), with: json)
    }
}

extension CaseBook {
    /// Adds one derived member vector; an `acceptable` expectation brings the vendor-ambiguity flag.
    mutating func addMember(
        _ category: VectorCategory, _ number: Int, _ description: String, rules: [String],
        token: String, expect expected: Expectation, decided: String? = nil
    ) {
        var flags: [String] = []
        if case .acceptable = expected { flags.append("vendor-ambiguity") }
        add(category, number, "Derived (member × type): " + description, rules: rules, flags: flags,
            token: token, expect: expected, decided: decided)
    }

    // MARK: - Header members

    /// `alg`, `typ`, `kid` and `crit`, each with every JSON type and every coerced spelling.
    mutating func addHeaderMemberCases() {
        let v = vendor
        let members: [(code: Int, name: String, valid: String, rules: [String])] = [
            (1, "alg", "HS256", ["JWS-ALG-ALLOWLIST", v.algorithmRule]),
            (2, "typ", "JWT", [v.typeRule]),
            (3, "kid", v.signingKey.kid ?? "org-key-1", v.keyRules),
            (4, "crit", "x-vendor-ext", ["JWS-CRIT"]),
        ]
        for member in members {
            for value in MemberValueTable.types + MemberValueTable.spellings(of: member.valid) {
                let token = Forge.sign(headerText: v.text(v.header, setting: member.name, to: value.json),
                                       payloadText: Forge.text(v.payload()), secret: v.secret)
                let expected: Expectation
                switch member.name {
                case "alg":
                    expected = value.shape == .string("HS256") ? .accept(v.identity) : .reject(.algorithmNotAllowed)
                case "typ":
                    guard case .string(let type) = value.shape else {
                        expected = v.typeOtherValueAmbiguity.map { .either($0, v.identity, .invalidHeader) } ?? .reject(.invalidHeader)
                        break
                    }
                    if type == "JWT" {
                        expected = .accept(v.identity)
                    } else if ["jwt", "application/jwt"].contains(type.lowercased()) {
                        expected = .either("AMB-TYP-CASE", v.identity, .invalidHeader)
                    } else {
                        expected = v.typeOtherValueAmbiguity.map { .either($0, v.identity, .invalidHeader) } ?? .reject(.invalidHeader)
                    }
                case "kid":
                    if case .string(let kid) = value.shape {
                        expected = !v.requiresKeyID || kid == member.valid ? .accept(v.identity) : .reject(.unknownKey)
                    } else {
                        expected = v.requiresKeyID ? .reject(.invalidHeader) : (v.keyIDTypeAmbiguity.map { .either($0, v.identity, .invalidHeader) } ?? .reject(.invalidHeader))
                    }
                default:
                    expected = .reject(.invalidHeader)
                }
                addMember(.header, 2000 + member.code * 100 + value.code, "\(member.name) is \(value.label)",
                          rules: member.rules, token: token, expect: expected)
            }
        }
    }

    // MARK: - Identity claims and scope

    /// The identity claims and `scope`, each alone with every JSON type and every coerced spelling.
    mutating func addClaimMemberCases() {
        let v = vendor
        for member in v.identityMembers {
            var payload = v.fixedClaims
            payload.append(key: member.name, value: .string(member.valid))
            payload.append(key: "iat", value: Forge.int(defaultNow))
            for value in MemberValueTable.types + MemberValueTable.spellings(of: member.valid) {
                let token = Forge.sign(headerText: Forge.text(v.header),
                                       payloadText: v.text(payload, setting: member.name, to: value.json), secret: v.secret)
                let expected: Expectation
                let exact = value.code >= 20 ? ["JWT-STRING-EXACT"] : []
                switch value.shape {
                case .string(""): expected = .reject(.invalidClaimValue)
                case .string(let text): expected = .accept(Identity(kind: member.kind, value: text))
                case .null: expected = .reject(.invalidClaimType, .missingClaim)
                case .integer(let digits) where member.numberAmbiguity != nil:
                    expected = .either(member.numberAmbiguity!, Identity(kind: member.kind, value: digits), .invalidClaimType)
                default: expected = .reject(.invalidClaimType)
                }
                addMember(.claims, 2000 + member.code * 100 + value.code, "\(member.name) alone is \(value.label)",
                          rules: member.rules + exact, token: token, expect: expected,
                          decided: value.shape == .null ? "AMB-NULL-CLAIM" : nil)
            }
        }
        if let scope = v.scopeMember {
            for value in MemberValueTable.types + MemberValueTable.spellings(of: scope.value) {
                let token = Forge.sign(headerText: Forge.text(v.header),
                                       payloadText: v.text(v.payload(), setting: scope.name, to: value.json), secret: v.secret)
                let expected: Expectation
                switch value.shape {
                case .string(scope.value): expected = .accept(v.identity)
                case .string: expected = .reject(.invalidClaimValue)
                case .null: expected = .reject(.invalidClaimType, .missingClaim)
                default: expected = .reject(.invalidClaimType)
                }
                addMember(.claims, 2400 + value.code, "\(scope.name) is \(value.label)", rules: scope.rules,
                          token: token, expect: expected, decided: value.shape == .null ? "AMB-NULL-CLAIM" : nil)
            }
        }
        addPrecedenceMemberCases()
    }

    /// Kustomer's two identity claims side by side: one valid, the other of every type and spelling.
    private mutating func addPrecedenceMemberCases() {
        let v = vendor
        guard v.identityMembers.count == 2, v.precedenceAmbiguities.count == 2 else { return }
        let (first, second) = (v.identityMembers[0], v.identityMembers[1])
        // (the member that is varied, the member that stays valid, the block, the ambiguity when the varied one is unusable)
        let pairs = [(second, first, 2100, v.precedenceAmbiguities[0]), (first, second, 2200, v.precedenceAmbiguities[1])]
        for (varied, valid, block, ambiguity) in pairs {
            let winner = second  // email wins whenever it is usable
            for value in MemberValueTable.types + MemberValueTable.spellings(of: varied.valid) {
                let base: JSONObject = [valid.name: .string(valid.valid), varied.name: "@@"]
                var object = base
                object.append(key: "iat", value: Forge.int(defaultNow))
                let token = Forge.sign(headerText: Forge.text(v.header),
                                       payloadText: v.text(object, setting: varied.name, to: value.json), secret: v.secret)
                let survivor = Identity(kind: valid.kind, value: valid.valid)
                let expected: Expectation
                switch value.shape {
                case .string(""):
                    expected = .either(ambiguity, varied.name == winner.name ? survivor : Identity(kind: winner.kind, value: winner.valid), .invalidClaimValue)
                case .string(let text):
                    expected = .accept(varied.name == winner.name ? Identity(kind: varied.kind, value: text) : Identity(kind: winner.kind, value: winner.valid))
                default:
                    expected = .either(ambiguity, varied.name == winner.name ? survivor : Identity(kind: winner.kind, value: winner.valid), .invalidClaimType)
                }
                addMember(.precedence, block + value.code, "\(varied.name) is \(value.label) and \(valid.name) is valid",
                          rules: v.precedenceRules + varied.rules + (value.code >= 20 ? ["JWT-STRING-EXACT"] : []),
                          token: token, expect: expected)
            }
        }
    }
}

/// An identity claim as the derived families vary it.
struct IdentityMember {
    var code: Int
    var name: String
    var kind: IdentityKind
    var valid: String
    var rules: [String]
    /// The ambiguity that leaves an integer open, or nil when an integer is refused.
    var numberAmbiguity: String?
}

/// A claim that must hold one exact string (Sunshine's `scope`).
struct ScopeMember {
    var name: String
    var value: String
    var rules: [String]
}
