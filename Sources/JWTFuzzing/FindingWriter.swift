import Foundation
import JWTConformance

/// Writes each finding as a vector file in the suite's format (`Vectors/README.md`), one file per
/// finding, so that `jwt-conformance run --vectors DIR` runs them and they can be proposed for the
/// corpus.
public struct FindingWriter: Sendable {
    public let directory: URL
    public let suiteVersion: String
    public let catalogue: RuleCatalogue?

    public init(directory: URL, suiteVersion: String, catalogue: RuleCatalogue?) {
        self.directory = directory
        self.suiteVersion = suiteVersion
        self.catalogue = catalogue
    }

    /// Writes `finding` to `<directory>/<id>.json` at once and returns the file.
    @discardableResult
    public func write(_ finding: Finding, seed: UInt64) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("\(finding.id.rawValue).json")
        try Data(Self.document(finding, seed: seed, suiteVersion: suiteVersion, catalogue: catalogue)).write(to: url, options: .atomic)
        return url
    }

    /// The bytes of the vector file for `finding`.
    public static func document(_ finding: Finding, seed: UInt64, suiteVersion: String, catalogue: RuleCatalogue?) -> [UInt8] {
        var test = JSONObject()
        test.append(key: "id", value: .string(finding.id.rawValue))
        test.append(key: "description", value: .string(finding.description))
        test.append(key: "rules", value: .array(finding.rules.map(JSONValue.string)))
        var sources = ["jwt-conformance fuzz --seed \(seed), case \(finding.caseNumber): \(finding.mutations.joined(separator: "; "))"]
        for rule in finding.rules {
            for source in catalogue?.rule(rule)?.sources ?? [] where !sources.contains(source) { sources.append(source) }
        }
        test.append(key: "sources", value: .array(sources.map(JSONValue.string)))
        test.append(key: "flags", value: .array(finding.key.kind == "error" || finding.key.kind == "robustness" ? ["robustness"] : []))
        var group = JSONObject()
        let role: Role
        let category: VectorCategory
        switch finding.input {
        case .verification(let verification):
            role = .verifier
            category = Self.category(forCheck: finding.key.expected)
            test.append(key: "token", value: .string(verification.token))
            test.append(key: "expected", value: expected(verification.expected))
            group.append(key: "description", value: .string(Self.foundBy(finding)))
            group.append(key: "now", value: .number(JSONNumber(verification.now)))
            group.append(key: "keys", value: .array(verification.keys.map(key)))
        case .signing(let signing):
            role = .signer
            category = .signer
            var subject = JSONObject()
            subject.append(key: "externalId", value: signing.subject.externalId.map(JSONValue.string) ?? .null)
            subject.append(key: "email", value: signing.subject.email.map(JSONValue.string) ?? .null)
            test.append(key: "subject", value: .object(subject))
            if let lifetime = signing.lifetime { test.append(key: "lifetime", value: .number(JSONNumber(lifetime))) }
            var expected = JSONObject()
            expected.append(key: "result", value: "token")
            expected.append(key: "header", value: .object(signing.expected.header))
            expected.append(key: "claims", value: .object(signing.expected.claims))
            expected.append(key: "identity", value: identity(signing.expected.identity))
            test.append(key: "expected", value: .object(expected))
            group.append(key: "description", value: .string(Self.foundBy(finding)))
            group.append(key: "now", value: .number(JSONNumber(signing.now)))
            group.append(key: "key", value: key(signing.key))
        }
        group.append(key: "tests", value: .array([.object(test)]))
        var file = JSONObject()
        file.append(key: "suiteVersion", value: .string(suiteVersion))
        file.append(key: "profile", value: .string(finding.key.profile.rawValue))
        file.append(key: "role", value: .string(role.rawValue))
        file.append(key: "category", value: .string(category.rawValue))
        file.append(key: "title", value: .string("jwt-conformance fuzz finding \(finding.id.rawValue): \(finding.key)"))
        file.append(key: "numberOfTests", value: 1)
        file.append(key: "testGroups", value: .array([.object(group)]))
        return JSONValue.object(file).serializedUTF8(style: .pretty) + [UInt8(ascii: "\n")]
    }

    /// The corpus category a verifier finding belongs to, from the reference's decisive check.
    /// The group's description: what the implementation answered, and whether it did so again alone.
    public static func foundBy(_ finding: Finding) -> String {
        "found by jwt-conformance fuzz: \(finding.actual)" + (finding.reproduced ? "" : " (not reproduced when sent again on its own)")
    }

    static func category(forCheck expected: String) -> VectorCategory {
        let check = expected.hasPrefix("reject:") ? String(expected.dropFirst("reject:".count)) : expected
        switch Violation.Check(rawValue: check) {
        case .algorithm?, .type?, .critical?, .keyId?: return .header
        case .identity?, .scope?: return .claims
        case .issuedAt?, .expiration?, .notBefore?: return .timing
        case .size?, .segments?, .base64url?, .json?, .duplicateMembers?, .keyLookup?, .signature?: return .signature
        case nil: return .vendorShapes
        }
    }

    static func expected(_ expectation: VerificationExpectation) -> JSONValue {
        var object = JSONObject()
        switch expectation {
        case .accept(let identity):
            object.append(key: "result", value: "accept")
            object.append(key: "identity", value: self.identity(identity))
        case .reject(let reason, let alternatives):
            object.append(key: "result", value: "reject")
            object.append(key: "reason", value: .string(reason.rawValue))
            if !alternatives.isEmpty { object.append(key: "alternativeReasons", value: .array(alternatives.map { .string($0.rawValue) })) }
        case .acceptable(let ambiguity, let identity, let reasons):
            object.append(key: "result", value: "acceptable")
            object.append(key: "ambiguity", value: .string(ambiguity))
            if let identity { object.append(key: "identity", value: self.identity(identity)) }
            if !reasons.isEmpty { object.append(key: "reasons", value: .array(reasons.map { .string($0.rawValue) })) }
        }
        return .object(object)
    }

    static func identity(_ identity: Identity) -> JSONValue {
        ["kind": .string(identity.kind.rawValue), "value": .string(identity.value)]
    }

    static func key(_ key: VerificationKey) -> JSONValue {
        var object = JSONObject()
        object.append(key: "kid", value: key.kid.map(JSONValue.string) ?? .null)
        object.append(key: "secret", value: .string(key.secret))
        return .object(object)
    }
}
