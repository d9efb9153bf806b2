import JWTConformance

/// Renders case definitions into the JSON documents of `Vectors/` (see `Vectors/README.md`).
///
/// Every object is built member by member in a fixed, readable order and serialized with
/// ``JSONValue/serialized(style:)``; nothing depends on dictionary order, the clock or chance.
struct VectorWriter {
    let suiteVersion: String
    let catalogue: [String: RuleDefinition]
    let ambiguities: [String: AmbiguityDefinition]

    static let schemaReference = "../../schema/vector-file.schema.json"

    /// The bytes of a JSON document as committed: pretty, with a final newline.
    static func bytes(_ value: JSONValue) -> [UInt8] {
        value.serializedUTF8(style: .pretty) + [UInt8(ascii: "\n")]
    }

    // MARK: - Verifier files

    /// The file `corpus/<profile>/<category>.json` for verifier cases.
    func verifierFile(vendor: Vendor, category: VectorCategory, cases: [VerifierCase]) -> JSONValue {
        // Groups in the order of their smallest test id; tests by id within a group.
        let sorted = cases.sorted { $0.id < $1.id }
        var groups: [KeyGroup] = []
        for testCase in sorted where !groups.contains(testCase.group) { groups.append(testCase.group) }
        let groupValues: [JSONValue] = groups.map { group in
            var object = JSONObject()
            object.append(key: "description", value: .string(group.description))
            object.append(key: "now", value: Forge.int(group.now))
            object.append(key: "keys", value: .array(group.keys.map(Self.key)))
            object.append(key: "tests", value: .array(sorted.filter { $0.group == group }.map(test)))
            return .object(object)
        }
        return file(vendor: vendor, role: .verifier, category: category, count: cases.count, groups: groupValues)
    }

    private func test(_ testCase: VerifierCase) -> JSONValue {
        var object = header(
            id: testCase.id, description: testCase.description, rules: testCase.rules,
            explicitSources: testCase.sources, ambiguity: testCase.ambiguity, flags: testCase.flags)
        if let now = testCase.now { object.append(key: "now", value: Forge.int(now)) }
        object.append(key: "token", value: .string(testCase.token))
        object.append(key: "expected", value: Self.expected(testCase.expected))
        return .object(object)
    }

    static func expected(_ expectation: Expectation) -> JSONValue {
        var object = JSONObject()
        object.append(key: "result", value: .string(expectation.result))
        switch expectation {
        case .accept(let identity):
            object.append(key: "identity", value: self.identity(identity))
        case .reject(let reason, let alternatives):
            object.append(key: "reason", value: .string(reason.rawValue))
            if !alternatives.isEmpty {
                object.append(key: "alternativeReasons", value: .array(alternatives.map { .string($0.rawValue) }))
            }
        case .acceptable(let ambiguity, let identity, let reasons):
            object.append(key: "ambiguity", value: .string(ambiguity))
            if let identity { object.append(key: "identity", value: self.identity(identity)) }
            if !reasons.isEmpty { object.append(key: "reasons", value: .array(reasons.map { .string($0.rawValue) })) }
        }
        return .object(object)
    }

    // MARK: - Signer files

    /// The file `corpus/<profile>/signer.json`.
    func signerFile(vendor: Vendor, cases: [SignerCase]) -> JSONValue {
        let sorted = cases.sorted { $0.id < $1.id }
        var object = JSONObject()
        object.append(key: "description", value: .string(vendor.signerGroupDescription))
        object.append(key: "now", value: Forge.int(defaultNow))
        object.append(key: "key", value: Self.key(vendor.signingKey))
        object.append(key: "tests", value: .array(sorted.map(signerTest)))
        return file(vendor: vendor, role: .signer, category: .signer, count: cases.count, groups: [.object(object)])
    }

    private func signerTest(_ testCase: SignerCase) -> JSONValue {
        var object = header(
            id: testCase.id, description: testCase.description, rules: testCase.rules,
            explicitSources: testCase.sources, ambiguity: nil, flags: testCase.flags)
        if let now = testCase.now { object.append(key: "now", value: Forge.int(now)) }
        var subject = JSONObject()
        subject.append(key: "externalId", value: testCase.subject.externalId.map(JSONValue.string) ?? .null)
        subject.append(key: "email", value: testCase.subject.email.map(JSONValue.string) ?? .null)
        object.append(key: "subject", value: .object(subject))
        if let key = testCase.key { object.append(key: "key", value: Self.key(key)) }
        if let lifetime = testCase.lifetime { object.append(key: "lifetime", value: Forge.int(lifetime)) }
        var expected = JSONObject()
        expected.append(key: "result", value: "token")
        expected.append(key: "header", value: .object(testCase.header))
        expected.append(key: "claims", value: .object(testCase.claims))
        expected.append(key: "identity", value: Self.identity(testCase.identity))
        object.append(key: "expected", value: .object(expected))
        return .object(object)
    }

    // MARK: - Shared parts

    private func file(vendor: Vendor, role: Role, category: VectorCategory, count: Int, groups: [JSONValue]) -> JSONValue {
        var object = JSONObject()
        object.append(key: "$schema", value: .string(Self.schemaReference))
        object.append(key: "suiteVersion", value: .string(suiteVersion))
        object.append(key: "profile", value: .string(vendor.profile))
        object.append(key: "role", value: .string(role.rawValue))
        object.append(key: "category", value: .string(category.rawValue))
        object.append(key: "title", value: .string("\(vendor.name): \(category.fileTitle)"))
        object.append(key: "numberOfTests", value: Forge.int(Int64(count)))
        object.append(key: "testGroups", value: .array(groups))
        return .object(object)
    }

    private func header(
        id: String, description: String, rules: [String], explicitSources: [String], ambiguity: String?, flags: [String]
    ) -> JSONObject {
        var object = JSONObject()
        object.append(key: "id", value: .string(id))
        object.append(key: "description", value: .string(description))
        object.append(key: "rules", value: .array(rules.map(JSONValue.string)))
        object.append(key: "sources", value: .array(sources(explicit: explicitSources, rules: rules, ambiguity: ambiguity).map(JSONValue.string)))
        object.append(key: "flags", value: .array(flags.map(JSONValue.string)))
        return object
    }

    /// A test's sources: those the case names, then those of its rules, then those of its
    /// ambiguity, each once, in that order.
    func sources(explicit: [String], rules: [String], ambiguity: String?) -> [String] {
        var result: [String] = []
        let all = explicit + rules.flatMap { catalogue[$0]?.sources ?? [] } + (ambiguity.flatMap { ambiguities[$0]?.sources } ?? [])
        for source in all where !result.contains(source) { result.append(source) }
        return result
    }

    static func key(_ key: VerificationKey) -> JSONValue {
        var object = JSONObject()
        object.append(key: "kid", value: key.kid.map(JSONValue.string) ?? .null)
        object.append(key: "secret", value: .string(key.secret))
        return .object(object)
    }

    static func identity(_ identity: Identity) -> JSONValue {
        ["kind": .string(identity.kind.rawValue), "value": .string(identity.value)]
    }
}
