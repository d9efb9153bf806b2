import JWTConformance

/// Structure-aware mutations of a ``TokenDraft``: the JSON text of the header and payload, their
/// members and member types, the base64url segments, the keys and `kid`s, and the clock against
/// `iat`, `exp` and `nbf`. Everything is drawn from a ``SplitMix64``, so a draft is reproducible.
public struct Mutator: Sendable {
    /// The profile the drafts belong to.
    public let profile: ProfileDefinition
    /// Keys to sign with or offer besides the draft's own (the profile's corpus keys).
    public let decoyKeys: [VerificationKey]
    /// Whether each ``MutationNote`` says what was done; when false its text is empty and only
    /// its rule is kept, which spares a run the text of every case (a finding is replayed with it).
    public var describesMutations: Bool
    let rules: RuleNames
    /// The values a scope mutation draws from (``Values/scopes(_:)`` of the profile's scope), made once.
    private let scopeValues: [JSONValue]

    public init(profile: ProfileDefinition, decoyKeys: [VerificationKey], catalogue: RuleCatalogue?, describesMutations: Bool = true) {
        self.profile = profile
        self.decoyKeys = decoyKeys
        self.describesMutations = describesMutations
        rules = RuleNames(profile: profile.id, catalogue: catalogue)
        scopeValues = profile.scope.map { Values.scopes($0.value) } ?? []
    }

    /// The kinds of mutation, drawn with equal weight.
    enum Kind: CaseIterable {
        case headerMember, payloadMember, identity, time, clock, deleteMember, duplicateMember, renameMember
        case jsonText, segment, tokenShape, signature, keySet, reorder
    }

    /// Applies `count` mutations and returns the generator state each one started from, so that
    /// any subset can be replayed (see ``replay(_:steps:)``).
    @discardableResult
    public func mutate(_ draft: inout TokenDraft, count: Int, using random: inout SplitMix64) -> [SplitMix64] {
        var steps: [SplitMix64] = []
        for _ in 0..<count {
            steps.append(random)
            step(&draft, using: &random)
        }
        Self.writeEdited(&draft)
        return steps
    }

    /// The seed with the mutations that started from these generator states, in order.
    public func replay(_ seed: TokenDraft, steps: [SplitMix64]) -> TokenDraft {
        var draft = seed
        for state in steps {
            var random = state
            step(&draft, using: &random)
        }
        Self.writeEdited(&draft)
        return draft
    }

    /// One mutation: the first of up to four kinds drawn that applies to the draft.
    private func step(_ draft: inout TokenDraft, using random: inout SplitMix64) {
        for _ in 0..<4 {
            if apply(random.pick(Kind.allCases), to: &draft, using: &random) { return }
        }
    }

    private func apply(_ kind: Kind, to draft: inout TokenDraft, using random: inout SplitMix64) -> Bool {
        switch kind {
        case .headerMember: return setHeaderMember(&draft, &random)
        case .payloadMember: return setPayloadMember(&draft, &random)
        case .identity: return setIdentity(&draft, &random)
        case .time: return setTime(&draft, &random)
        case .clock: return moveClock(&draft, &random)
        case .deleteMember: return editObject(&draft, &random, "delete") { object, random in
                guard !object.members.isEmpty else { return nil }
                let index = random.below(object.members.count)
                let name = object.members.remove(at: index).key
                return "delete \(name)"
            }
        case .duplicateMember: return editObject(&draft, &random, "duplicate") { object, random in
                guard let member = object.members.isEmpty ? nil : random.pick(object.members) else { return nil }
                let value = random.chance(50) ? member.value : random.pick(Values.anyType)
                object.members.insert((member.key, value), at: random.chance(50) ? 0 : object.members.count)
                return "duplicate \(member.key) as \(value.serialized())"
            }
        case .renameMember: return editObject(&draft, &random, "rename") { object, random in
                guard !object.members.isEmpty else { return nil }
                let index = random.below(object.members.count)
                let name = object.members[index].key
                // The drawn spelling only: the others (Foundation's `capitalized` among them) were made and thrown away.
                let renamed = switch random.below(6) {
                case 0: name.uppercased()
                case 1: name.capitalized
                case 2: name + " "
                case 3: " " + name
                case 4: name + "\u{0}"
                default: "\u{FEFF}" + name
                }
                object.members[index].key = renamed
                return "rename \(name) to \(JSONValue.string(renamed).serialized())"
            }
        case .reorder: return editObject(&draft, &random, "reorder") { object, random in
                guard object.members.count > 1 else { return nil }
                object.members.swapAt(0, object.members.count - 1 - random.below(object.members.count - 1))
                return "reorder members"
            }
        case .jsonText: return mutateText(&draft, &random)
        case .segment: return editSegment(&draft, &random)
        case .tokenShape: return editToken(&draft, &random)
        case .signature: return changeSignature(&draft, &random)
        case .keySet: return changeKeys(&draft, &random)
        }
    }

    // MARK: - Members

    private func setHeaderMember(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        // The unused parameter's name is drawn whichever member is chosen, so the draws stay the same.
        let unused = random.pick(["cty", "jku", "jwk", "x5u", "zip", "b64", "x-extension", "enc"])
        let (name, values, rule): (String, [JSONValue], String) =
            switch random.below(5) {
            case 0: ("alg", Values.algorithms, "JWS-ALG-ALLOWLIST")
            case 1: ("typ", Values.types, rules.profileRule("HDR-TYP", fallback: "JWS-HEADER-UNKNOWN"))
            case 2: ("kid", Values.keyIDs((draft.keys + decoyKeys).compactMap(\.kid)), rules.profileRule("HDR-KID", fallback: "JWS-KEY-FROM-HEADER"))
            case 3: ("crit", Values.critical, "JWS-CRIT")
            default: (unused, Values.anyType, "JWS-HEADER-UNKNOWN")
            }
        let value = random.pick(values)
        return setMember(&draft, .header, name, value, rule: rule)
    }

    private func setPayloadMember(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        if let scope = profile.scope, random.chance(40) {
            return setMember(&draft, .payload, scope.claim, random.pick(scopeValues), rule: rules.profileRule("SCOPE", fallback: "JWT-UNKNOWN-CLAIMS"))
        }
        let name = random.pick(["sub", "iss", "aud", "jti", "userId", "name", "x-claim", "email_verified"])
        return setMember(&draft, .payload, name, random.pick(Values.anyTypeOrString), rule: "JWT-UNKNOWN-CLAIMS")
    }

    private func setIdentity(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        guard let claim = profile.identityClaims.isEmpty ? nil : random.pick(profile.identityClaims) else { return false }
        let value: JSONValue = random.chance(70) ? .string(random.pick(Values.identityTexts)) : random.pick(Values.anyType)
        return setMember(&draft, .payload, claim.claim, value, rule: rules.profileRule("ID-TYPE", fallback: "JWT-STRING-EXACT"))
    }

    private func setTime(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        let name = random.pick(["iat", "exp", "nbf"])
        let rule = switch name {
        case "iat": rules.profileRule("IAT-WINDOW", fallback: "JWT-NUMERICDATE")
        case "exp": "JWT-EXP"
        default: "JWT-NBF"
        }
        let value: JSONValue
        if random.chance(80) {
            let delta = random.pick(Values.timeOffsets)
            value = .number(JSONNumber(draft.now &+ delta))
        } else {
            value = Values.oddTime(random.below(Values.oddTimeCount), now: draft.now)
        }
        return setMember(&draft, .payload, name, value, rule: rule)
    }

    private func moveClock(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        let payload = Self.object(.payload, of: &draft)
        // Anchors on a plausible clock only (1970 to 9999): a verifier is never run in year 55 840.
        let anchors = ["iat", "exp", "nbf"].compactMap { name in payload?[name]?.numberValue?.int64Value.map { (name, $0) } }
            .filter { (0...253_402_300_799).contains($0.1) }
        let offset = random.pick(Values.timeOffsets)
        if let (name, anchor) = anchors.isEmpty ? nil : random.pick(anchors) {
            draft.now = anchor &- offset
            note(&draft, rule: name == "iat" ? rules.profileRule("IAT-WINDOW", fallback: "JWT-NUMERICDATE") : name == "exp" ? "JWT-EXP" : "JWT-NBF",
                 "clock at \(name) \(offset <= 0 ? "+" : "-") \(abs(offset)) s")
        } else {
            draft.now &+= offset
            note(&draft, rule: "JWT-NUMERICDATE", "clock moved by \(offset) s")
        }
        return true
    }

    private func setMember(_ draft: inout TokenDraft, _ part: TokenDraft.Segment, _ name: String, _ value: JSONValue, rule: String) -> Bool {
        guard var object = Self.object(part, of: &draft) else { return false }
        if let index = object.members.lastIndex(where: { $0.key == name }) {
            object.members[index].value = value
        } else {
            object.members.append((name, value))
        }
        store(object, in: &draft, part)
        note(&draft, rule: rule, "\(part) \(name) = \(Self.excerpt(value.serialized()))")
        return true
    }

    private func editObject(
        _ draft: inout TokenDraft, _ random: inout SplitMix64, _ what: String,
        _ edit: (inout JSONObject, inout SplitMix64) -> String?
    ) -> Bool {
        let part: TokenDraft.Segment = random.chance(35) ? .header : .payload
        guard var object = Self.object(part, of: &draft),
            let text = edit(&object, &random)
        else { return false }
        store(object, in: &draft, part)
        let rule = what == "duplicate" ? "JWS-DUPLICATE-MEMBERS" : what == "reorder" ? "JWS-JSON-OBJECT" : part == .header ? "JWS-HEADER-UNKNOWN" : "JWT-UNKNOWN-CLAIMS"
        note(&draft, rule: rule, "\(part): \(Self.excerpt(text))")
        return true
    }

    // MARK: - Text, segments, token

    private func mutateText(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        Self.writeEdited(&draft)
        let part: TokenDraft.Segment = random.chance(40) ? .header : .payload
        var text = part == .header ? draft.header : draft.payload
        let (edited, description, rule) = TextMutations.apply(to: text, using: &random)
        guard edited != text else { return false }
        text = edited
        if part == .header { draft.header = text } else { draft.payload = text }
        note(&draft, rule: rule, "\(part) text: \(description)")
        return true
    }

    private func editSegment(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        let segment = random.pick(TokenDraft.Segment.allCases)
        let edit: TokenDraft.SegmentEdit = switch random.below(5) {
        case 0: .pad(random.number(in: 1...2))
        case 1: .standardAlphabet
        case 2: .insert(random.pick(Array("= \n+/.A~%\t".utf8)), at: random.below(1 << 16))
        case 3: .delete(at: random.below(1 << 16))
        default: .trailingBits
        }
        draft.segmentEdits[segment, default: []].append(edit)
        note(&draft, rule: "JWS-BASE64URL-STRICT", "\(segment) segment: \(edit)")
        return true
    }

    private func editToken(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        let edit: TokenDraft.TokenEdit = switch random.below(6) {
        case 0: .append(random.pick([".", ".e30", "..", "\n", " ", ".e30.e30"]))
        case 1: .prepend(random.pick(["Bearer ", " ", ".", "\u{FEFF}"]))
        case 2: .dropLast(random.number(in: 1...8))
        case 3: .dropLastSegment
        case 4: .append("=")
        default: .prepend("e30.")
        }
        draft.tokenEdits.append(edit)
        note(&draft, rule: "JWS-COMPACT-SEGMENTS", "token: \(edit)")
        return true
    }

    // MARK: - Signature and keys

    private func changeSignature(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        let others = (draft.keys + decoyKeys).map(\.secret)
        let current: String? = if case .mac(let secret) = draft.signing { secret } else { nil }
        let choice = random.below(7)
        switch choice {
        case 0 where !others.isEmpty: draft.signing = .mac(secret: random.pick(others))
        case 1: draft.signing = .literal("")
        case 2: draft.signing = .literal(Base64URL.encode((0..<random.pick([31, 32, 33, 48, 64])).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
        case 3 where current != nil: draft.signing = .mac(secret: current! + random.pick(["\n", " ", "=", "x"]))
        case 4 where current != nil: draft.signing = .mac(secret: current!.uppercased())
        case 5 where current != nil: draft.signing = .mac(secret: String(current!.dropLast()))
        default:
            guard case .literal = draft.signing, let secret = draft.keys.first?.secret else { return false }
            draft.signing = .mac(secret: secret)
        }
        let signing = draft.signing
        note(&draft, rule: "JWS-SIGNATURE", "signature: \(Self.describe(signing))")
        return true
    }

    private func changeKeys(_ draft: inout TokenDraft, _ random: inout SplitMix64) -> Bool {
        switch random.below(6) {
        case 0 where draft.keys.count > 1:
            draft.keys.remove(at: random.below(draft.keys.count))
            note(&draft, rule: rules.profileRule("KEY-SELECT", fallback: "JWS-SIGNATURE"), "key set: one key removed")
        case 1 where !decoyKeys.isEmpty && profile.header.keyIdRequired:
            let decoy = random.pick(decoyKeys)
            guard !draft.keys.contains(where: { $0.kid == decoy.kid }) else { return false }
            draft.keys.insert(decoy, at: random.below(draft.keys.count + 1))
            note(&draft, rule: rules.profileRule("KEY-SELECT", fallback: "JWS-SIGNATURE"), "key set: decoy key \(decoy.kid ?? "without kid") added")
        case 2 where draft.keys.count > 1:
            draft.keys.reverse()
            note(&draft, rule: rules.profileRule("KEY-SELECT", fallback: "JWS-SIGNATURE"), "key set: order reversed")
        case 3:
            // Sign with another key and name it in the header: a consistent token under that key.
            guard let key = (draft.keys + decoyKeys).isEmpty ? nil : random.pick(draft.keys + decoyKeys) else { return false }
            if !profile.header.keyIdRequired {
                draft.keys = [key]
            } else if !draft.keys.contains(key) {
                draft.keys.removeAll { $0.kid == key.kid }
                draft.keys.append(key)
            }
            draft.signing = .mac(secret: key.secret)
            if let kid = key.kid, var header = Self.object(.header, of: &draft) {
                if let index = header.members.lastIndex(where: { $0.key == "kid" }) {
                    header.members[index].value = .string(kid)
                } else {
                    header.members.append(("kid", .string(kid)))
                }
                store(header, in: &draft, .header)
            }
            note(&draft, rule: rules.profileRule("KEY-SELECT", fallback: "JWS-HMAC-KEY-BYTES"), "signed with key \(key.kid ?? "without kid")")
        case 4:
            guard let index = draft.keys.indices.randomElement(using: &random) else { return false }
            draft.keys[index].kid = random.pick([nil, "", draft.keys[index].kid.map { $0.uppercased() }, "other-kid"])
            let kid = draft.keys[index].kid
            note(&draft, rule: rules.profileRule("KEY-SELECT", fallback: "JWS-SIGNATURE"), "key set: a kid changed to \(kid ?? "null")")
        default:
            // A key whose secret is not ASCII, signed with and offered: the HMAC key is its UTF-8.
            let key = VerificationKey(kid: draft.keys.first?.kid, secret: random.pick(Values.secrets))
            draft.keys = [key]
            draft.signing = .mac(secret: key.secret)
            note(&draft, rule: "JWS-HMAC-KEY-BYTES", "key set: secret \(JSONValue.string(key.secret).serialized())")
        }
        return true
    }

    // MARK: - Helpers

    /// The JSON object a text holds, keeping duplicate members; nil when it is not one.
    static func object(in text: [UInt8]) -> JSONObject? {
        (try? JSONParser.parse(text, options: .init(maximumDepth: 1_000)))?.objectValue
    }

    /// The JSON object the draft's header or payload holds, parsed once per text.
    static func object(_ part: TokenDraft.Segment, of draft: inout TokenDraft) -> JSONObject? {
        if let edited = draft.parsed.edited(part) { return edited }
        let text = part == .header ? draft.header : draft.payload
        if let known = draft.parsed.object(part, text: text) { return known }
        let object = object(in: text)
        draft.parsed.store(object, text: text, for: part)
        return object
    }

    /// Makes `object` the part's content. Its text is written once, when the mutations end or a
    /// text mutation needs it (``writeEdited(_:)``), however many edits come before.
    private func store(_ object: JSONObject, in draft: inout TokenDraft, _ part: TokenDraft.Segment) {
        draft.parsed.storeEdited(object, for: part)
    }

    /// Writes the text of each part whose object was edited since its text was written.
    static func writeEdited(_ draft: inout TokenDraft) {
        for part in [TokenDraft.Segment.header, .payload] {
            guard let object = draft.parsed.edited(part) else { continue }
            let bytes = JSONValue.object(object).serializedUTF8()
            if part == .header { draft.header = bytes } else { draft.payload = bytes }
            draft.parsed.store(object, text: bytes, for: part)
        }
    }

    private func note(_ draft: inout TokenDraft, rule: String, _ text: @autoclosure () -> String) {
        draft.notes.append(MutationNote(rule: rule, describesMutations ? text() : ""))
    }

    static func excerpt(_ text: String, limit: Int = 60) -> String {
        text.utf8.count <= limit ? text : String(text.unicodeScalars.prefix(limit)) + "…(\(text.utf8.count) bytes)"
    }

    static func describe(_ signing: TokenDraft.Signing) -> String {
        switch signing {
        case .mac(let secret): "HMAC under \(excerpt(JSONValue.string(secret).serialized()))"
        case .literal(let segment): segment.isEmpty ? "empty" : "literal \(excerpt(segment))"
        }
    }
}

extension Collection where Index == Int {
    func randomElement(using random: inout SplitMix64) -> Element? {
        isEmpty ? nil : self[startIndex + random.below(count)]
    }
}
