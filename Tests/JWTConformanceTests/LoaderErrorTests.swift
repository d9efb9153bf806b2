import Foundation
import JWTConformance
import Testing

/// A broken vector file must fail loading with a message that names the file, the test id
/// (or JSON path) and the field — never a crash, never a silent skip.
@Suite("Loader errors")
struct LoaderErrorTests {
    static let profiles: [ProfileID: ProfileDefinition] = [
        "kustomer": ProfileDefinition(
            id: "kustomer", title: "test", sources: [], algorithms: ["HS256"],
            header: HeaderRules(typ: "JWT", typRequired: false, keyIdRequired: false),
            identityClaims: [IdentityClaim(claim: "email", kind: .email)], scope: nil,
            issuedAt: IssuedAtRule(required: true, maximumAge: 900, maximumFutureSkew: 900),
            expiration: ExpirationRule(honoured: true, required: false), notBefore: NotBeforeRule(honoured: true)
        )
    ]

    static func file(tests: String, numberOfTests: Int = 1, extraHeader: String = "") -> String {
        """
        {
          "suiteVersion": "1.0.0", "profile": "kustomer", "role": "verifier", "category": "timing",
          "title": "fixture", "numberOfTests": \(numberOfTests),\(extraHeader)
          "testGroups": [
            { "description": "g", "now": 1700000000, "keys": [{ "kid": null, "secret": "s" }],
              "tests": [\(tests)] }
          ]
        }
        """
    }

    static let validTest = """
        { "id": "KUS-TIM-001", "description": "d", "rules": ["R"], "sources": ["S"], "flags": [],
          "token": "a.b.c", "expected": { "result": "reject", "reason": "expired" } }
        """

    /// Writes fixture files into a fresh folder and loads them.
    static func load(_ files: [String: String]) throws -> Corpus {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("jwt-conformance-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return try Corpus.load(files: Corpus.vectorFiles(under: folder), relativeTo: folder, profiles: profiles)
    }

    static func loadingErrors(_ files: [String: String]) -> [VectorLoadingError] {
        do {
            _ = try load(files)
            return []
        } catch let errors as VectorLoadingErrors {
            return errors.errors
        } catch {
            Issue.record("unexpected error type: \(error)")
            return []
        }
    }

    @Test func aValidFileLoads() throws {
        let corpus = try Self.load(["a.json": Self.file(tests: Self.validTest)])
        let vector = try #require(corpus.vectors.first)
        #expect(vector.id == "KUS-TIM-001")
        #expect(vector.file == "a.json")
        guard case .verification(let verification) = vector.body else {
            Issue.record("expected a verification vector")
            return
        }
        #expect(verification.now == 1_700_000_000)
        #expect(verification.keys == [VerificationKey(kid: nil, secret: "s")])
        #expect(verification.expected == .reject(reason: .expired, alternatives: []))
    }

    @Test(arguments: ["KUS-TIM-1", "KUS-TIM-01", "kus-TIM-001", "KUS-Tim-001", "KUS_TIM-001", "KUS-TIM_001", "KUS-TIM-00a", "KUSTIM-0001", "KUS-TIM-001 "])
    func anIDNotOfTheFormPROCATNNNNamesTheID(id: String) throws {
        let errors = Self.loadingErrors(["a.json": Self.file(tests: Self.validTest.replacingOccurrences(of: "KUS-TIM-001", with: id))])
        let error = try #require(errors.first)
        #expect(error.description.contains("\"\(id)\" is not of the form PRO-CAT-NNN"))
    }

    @Test(arguments: ["KUS-TIM-001", "ZDM-SES-10001992", "ICM-SIG-1745"])
    func anIDOfTheFormPROCATNNNLoads(id: String) throws {
        let corpus = try Self.load(["a.json": Self.file(tests: Self.validTest.replacingOccurrences(of: "KUS-TIM-001", with: id))])
        #expect(corpus.vectors.map(\.id.rawValue) == [id])
    }

    @Test func badJSONNamesFileAndByteOffset() throws {
        let text = Self.file(tests: Self.validTest).replacingOccurrences(of: "\"d\",", with: "\"d\",,")
        let errors = Self.loadingErrors(["broken.json": text])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.file == "broken.json")
        let offset = try #require(error.offset)
        #expect(Array(text.utf8)[offset] == UInt8(ascii: ","))
        #expect(error.description.contains("broken.json"))
        #expect(error.description.contains("byte \(offset)"))
    }

    @Test func missingFieldNamesFileTestAndField() throws {
        let test = Self.validTest.replacingOccurrences(of: "\"token\": \"a.b.c\", ", with: "")
        let error = try #require(Self.loadingErrors(["missing.json": Self.file(tests: test)]).first)
        #expect(error.file == "missing.json")
        #expect(error.vectorID == "KUS-TIM-001")
        #expect(error.path == "$.testGroups[0].tests[0].token")
        #expect(error.description.contains("missing required field \"token\""))
    }

    @Test func unknownReasonNamesTheVocabulary() throws {
        let test = Self.validTest.replacingOccurrences(of: "\"expired\"", with: "\"expird\"")
        let error = try #require(Self.loadingErrors(["reason.json": Self.file(tests: test)]).first)
        #expect(error.vectorID == "KUS-TIM-001")
        #expect(error.path == "$.testGroups[0].tests[0].expected.reason")
        #expect(error.message.contains("\"expird\""))
        #expect(error.message.contains("\"issued-at-out-of-window\""))
    }

    @Test func wrongTypeNamesTheField() throws {
        let test = Self.validTest.replacingOccurrences(of: "\"rules\": [\"R\"]", with: "\"rules\": \"R\"")
        let error = try #require(Self.loadingErrors(["type.json": Self.file(tests: test)]).first)
        #expect(error.path == "$.testGroups[0].tests[0].rules")
        #expect(error.message == "expected an array, found string")
    }

    @Test func duplicateIDWithinAFile() throws {
        let errors = Self.loadingErrors(["dup.json": Self.file(tests: Self.validTest + "," + Self.validTest, numberOfTests: 2)])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.vectorID == "KUS-TIM-001")
        #expect(error.message.contains("duplicate test id KUS-TIM-001"))
    }

    @Test func duplicateIDAcrossFilesNamesBothFiles() throws {
        let errors = Self.loadingErrors([
            "a.json": Self.file(tests: Self.validTest),
            "b.json": Self.file(tests: Self.validTest),
        ])
        let error = try #require(errors.first)
        #expect(error.file == "b.json")
        #expect(error.message.contains("first defined in a.json"))
    }

    @Test func duplicateMemberNameIsAnError() throws {
        let test = Self.validTest.replacingOccurrences(of: "\"description\": \"d\",", with: "\"description\": \"d\", \"description\": \"e\",")
        let error = try #require(Self.loadingErrors(["member.json": Self.file(tests: test)]).first)
        #expect(error.file == "member.json")
        #expect(error.path.contains("tests[0]"))
        #expect(error.offset != nil)
    }

    @Test func wrongTestCountIsAnError() throws {
        let error = try #require(Self.loadingErrors(["count.json": Self.file(tests: Self.validTest, numberOfTests: 2)]).first)
        #expect(error.path == "$.numberOfTests")
        #expect(error.message.contains("has 1 tests"))
    }

    @Test func unknownProfileIsAnError() throws {
        let text = Self.file(tests: Self.validTest).replacingOccurrences(of: "\"profile\": \"kustomer\"", with: "\"profile\": \"acme\"")
        let error = try #require(Self.loadingErrors(["profile.json": text]).first)
        #expect(error.path == "$.profile")
        #expect(error.message.contains("unknown profile \"acme\""))
    }

    @Test func everyBrokenFileIsReportedInOneLoad() {
        let errors = Self.loadingErrors([
            "a.json": "{",
            "b.json": Self.file(tests: Self.validTest.replacingOccurrences(of: "\"expired\"", with: "\"nope\"")),
            "c.json": Self.file(tests: Self.validTest.replacingOccurrences(of: "KUS-TIM-001", with: "KUS-TIM-002")),
        ])
        #expect(Set(errors.map(\.file)) == ["a.json", "b.json"])
    }

    @Test func badIDShapeIsAnError() throws {
        let test = Self.validTest.replacingOccurrences(of: "KUS-TIM-001", with: "kus-7")
        let error = try #require(Self.loadingErrors(["id.json": Self.file(tests: test)]).first)
        #expect(error.path == "$.testGroups[0].tests[0].id")
    }

    @Test func selectionNarrowsByIDAndPrefix() throws {
        let second = Self.validTest.replacingOccurrences(of: "KUS-TIM-001", with: "KUS-CLM-001")
        let corpus = try Self.load(["a.json": Self.file(tests: Self.validTest + "," + second, numberOfTests: 2)])
        #expect(corpus.selecting("KUS-TIM-*").vectors.map(\.id) == ["KUS-TIM-001"])
        #expect(corpus.selecting("KUS-CLM-001, KUS-TIM-001").vectors.count == 2)
        #expect(corpus.selecting(nil).vectors.count == 2)
        #expect(corpus.selecting("NOPE-*").vectors.isEmpty)
    }
}
