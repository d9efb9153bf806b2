import JWTConformance

/// A way of writing a member's name in JSON text.
struct NameSpelling {
    /// The permanent code of the spelling (1–4); the escaped spelling of the name itself has none.
    var code: Int
    var label: String
    /// The JSON string literal written for `name`.
    var literal: @Sendable (_ name: String) -> String
}

/// The spellings of a member name that a lax reader folds into the name, and the one spelling
/// that is the name (RFC 8259 §7: an escape is the character it stands for).
enum NameSpellingTable {
    /// Names that differ from the member's only in a way a lenient comparison drops: C-string
    /// truncation, case folding, trimming, Unicode compatibility normalisation (NFKC).
    static let others: [NameSpelling] = [
        NameSpelling(code: 1, label: "followed by an escaped U+0000") { "\"\($0)\\u0000\"" },
        NameSpelling(code: 2, label: "in upper case") { JSONValue.string($0.uppercased()).serialized() },
        NameSpelling(code: 3, label: "followed by a space") { JSONValue.string($0 + " ").serialized() },
        NameSpelling(code: 4, label: "with its first letter in fullwidth form (NFKC folds it back)") { name in
            let first = name.unicodeScalars.first!
            let fullwidth = Unicode.Scalar(first.value - 0x20 + 0xFF00)!
            return JSONValue.string(String(fullwidth) + name.unicodeScalars.dropFirst().map(String.init).joined()).serialized()
        },
    ]

    /// `name` with every character written as a `\u` escape: the same name.
    static func escaped(_ name: String) -> String {
        "\"" + name.unicodeScalars.map { "\\u" + MemberValueTable.hex4($0.value) }.joined() + "\""
    }
}

/// A member the profiles read, as the member-name family varies its name.
struct NamedMember {
    /// The member's block within the segment's range (`<block> × 20`).
    var code: Int
    var name: String
    /// The value the valid token holds, or nil when the valid token has no such member.
    var valid: JSONValue?
    /// A value the member's rule refuses or that names another customer, so that reading a
    /// look-alike name as this member changes the verdict.
    var telling: JSONValue
    var rules: [String]
    /// The verdict when the member is missing; nil when no stand-in vector is made.
    var whenMissing: Expectation?
    /// For a member the valid token lacks: the verdict when it holds ``telling`` under its own
    /// name written in escapes; nil when that verdict is not observable.
    var whenTelling: Expectation?
}

extension CaseBook {
    /// Every member the profiles read, under every look-alike name, under its own name written in
    /// escapes and one level down: a look-alike, like the name inside a nested object, is another
    /// member, ignored, neither shadowing nor standing in for the real one; the escaped name is the
    /// member itself (JWT-STRING-EXACT, RFC 7515 §5.3).
    ///
    /// Ids are `<prefix>-HDR-26MS`/`CLM-26MS`, `2600 + member × 20 + slot`: slot 0 the escaped name,
    /// 1–4 a look-alike holding the telling value after the member (or alone when the valid token
    /// lacks the member), 6–9 the same before it, 11–14 a look-alike holding the valid value in
    /// place of the member, 15 the member's own name inside an object that an ignored member holds.
    mutating func addMemberNameCases() {
        let v = vendor
        let header: [NamedMember] = [
            NamedMember(code: 0, name: "alg", valid: "HS256", telling: "none", rules: ["JWS-ALG-ALLOWLIST", v.algorithmRule],
                        whenMissing: .reject(.algorithmNotAllowed)),
            NamedMember(code: 1, name: "typ", valid: "JWT", telling: 42, rules: [v.typeRule],
                        whenMissing: .either(v.typeAbsentAmbiguity, v.identity, .invalidHeader)),
            v.requiresKeyID
                ? NamedMember(code: 2, name: "kid", valid: v.header["kid"], telling: "no-such-key", rules: v.keyRules,
                              whenMissing: .reject(.invalidHeader))
                : NamedMember(code: 2, name: "kid", valid: nil, telling: "no-such-key", rules: v.keyRules),
            NamedMember(code: 3, name: "crit", valid: nil, telling: ["x-vendor-ext"], rules: ["JWS-CRIT"],
                        whenTelling: .reject(.invalidHeader)),
        ]
        var claims: [NamedMember] = []
        let winner = v.identityMembers.last!
        for (index, member) in v.identityMembers.enumerated() {
            let decoy = "decoy-\(member.valid)"
            if member.name == v.identityClaim {
                claims.append(NamedMember(code: index, name: member.name, valid: .string(member.valid), telling: .string(decoy),
                                          rules: member.rules, whenMissing: .reject(.missingClaim)))
            } else if member.name == winner.name {
                // Only the winning claim changes the verdict when it is added beside the valid one.
                claims.append(NamedMember(code: index, name: member.name, valid: nil, telling: .string(decoy),
                                          rules: member.rules + v.precedenceRules,
                                          whenTelling: .accept(Identity(kind: member.kind, value: decoy))))
            }
        }
        if let scope = v.scopeMember {
            claims.append(NamedMember(code: 2, name: scope.name, valid: .string(scope.value), telling: "admin", rules: scope.rules,
                                      whenMissing: .reject(.missingClaim)))
        }
        claims.append(NamedMember(code: 3, name: "iat", valid: Forge.int(defaultNow), telling: Forge.int(defaultNow - 86_400),
                                  rules: v.issuedAtRules,
                                  whenMissing: v.checksIssuedAt ? .reject(.missingClaim) : .accept(v.identity)))
        claims.append(NamedMember(code: 4, name: "exp", valid: nil, telling: Forge.int(defaultNow - 60), rules: v.expirationRules,
                                  whenTelling: .reject(.expired)))
        claims.append(NamedMember(code: 5, name: "nbf", valid: nil, telling: Forge.int(defaultNow + 3_600), rules: ["JWT-NBF"],
                                  whenTelling: .reject(.notYetValid)))

        for (segment, members) in [(Segment.header, header), (Segment.payload, claims)] {
            let object = segment == .header ? v.header : v.payload()
            let unknown = segment == .header ? "JWS-HEADER-UNKNOWN" : "JWT-UNKNOWN-CLAIMS"
            for member in members {
                addMemberNameCases(member, segment: segment, object: object, unknownRule: unknown)
            }
        }
    }

    private mutating func addMemberNameCases(_ member: NamedMember, segment: Segment, object: JSONObject, unknownRule: String) {
        let v = vendor
        let block = 2600 + member.code * 20
        let exact = ["JWT-STRING-EXACT"]
        let marker = "@@MEMBER-NAME@@"
        func add(_ slot: Int, _ description: String, rules: [String], _ members: JSONObject, spelling: String, expect: Expectation) {
            let text = Forge.text(members).replacingOccurrences(of: JSONValue.string(marker).serialized(), with: spelling)
            var flags: [String] = []
            if case .acceptable = expect { flags.append("vendor-ambiguity") }
            self.add(segment.category, block + slot, "Derived (member name, \(segment.name)): " + description,
                     rules: exact + rules, flags: flags, token: v.token(segment, text: text), expect: expect)
        }
        func renamed(_ object: JSONObject, _ value: JSONValue) -> JSONObject {
            JSONObject(members: object.members.map { $0.key == member.name ? (key: marker, value: value) : $0 })
        }
        let telling = member.telling.serialized()
        if let valid = member.valid {
            add(0, "\(member.name) with every character of its name written as a \\u escape is \(member.name)",
                rules: member.rules, renamed(object, valid), spelling: NameSpellingTable.escaped(member.name), expect: .accept(v.identity))
        } else if let expected = member.whenTelling {
            add(0, "\(member.name) holding \(telling) with every character of its name written as a \\u escape is \(member.name)",
                rules: member.rules, object.appending(marker, member.telling), spelling: NameSpellingTable.escaped(member.name),
                expect: expected)
        }
        for spelling in NameSpellingTable.others {
            let name = "\(member.name) \(spelling.label)"
            let literal = spelling.literal(member.name)
            guard member.valid != nil, let index = object.members.firstIndex(where: { $0.key == member.name }) else {
                add(spelling.code, "\(name), holding \(telling), is another member: ignored", rules: [unknownRule] + member.rules,
                    object.appending(marker, member.telling), spelling: literal, expect: .accept(v.identity))
                continue
            }
            var after = object.members
            after.insert((key: marker, value: member.telling), at: index + 1)
            add(spelling.code, "\(name), holding \(telling), after \(member.name) is another member: ignored",
                rules: [unknownRule] + member.rules, JSONObject(members: after), spelling: literal, expect: .accept(v.identity))
            var before = object.members
            before.insert((key: marker, value: member.telling), at: index)
            add(5 + spelling.code, "\(name), holding \(telling), before \(member.name) is another member: ignored",
                rules: [unknownRule] + member.rules, JSONObject(members: before), spelling: literal, expect: .accept(v.identity))
            if let missing = member.whenMissing, let valid = member.valid {
                add(10 + spelling.code, "\(name) in place of \(member.name), holding its valid value, does not stand in for it",
                    rules: member.rules, renamed(object, valid), spelling: literal, expect: missing)
            }
        }
        // The same name one level down is another member, and no duplicate of the real one.
        add(15, "\(member.name) holding \(telling) inside an object held by \(segment.unknownMember), a member no rule reads, "
                + "is another member: ignored",
            rules: [unknownRule] + member.rules, object.appending(segment.unknownMember, .object([marker: member.telling])),
            spelling: JSONValue.string(member.name).serialized(), expect: .accept(v.identity))
    }
}
