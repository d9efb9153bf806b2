import Foundation
import JWTConformance
import Testing

/// Profiles and the rule catalogue are read with the strict parser: a duplicate member is an
/// error naming the file, the JSON path and the byte offset, never a value silently picked.
@Suite("Profile and catalogue loading")
struct DefinitionLoadingTests {
    static let vectors = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors")

    static func text(_ path: String) throws -> String {
        try String(contentsOf: vectors.appendingPathComponent(path), encoding: .utf8)
    }

    /// Loads a `Vectors/`-like folder holding the bundled profiles and catalogue with `edit`
    /// applied to the file at `path`, and no vectors; returns the loading errors.
    static func errors(editing path: String, _ edit: (String) -> String) throws -> [DataFileError] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-conformance-definitions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["profiles", "rules", "corpus"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["profiles/kustomer.json", "profiles/sunshine.json", "rules/catalogue.json"] {
            let original = try text(file)
            try Data((file == path ? edit(original) : original).utf8).write(to: root.appendingPathComponent(file))
        }
        do {
            _ = try Corpus.load(from: root)
            return []
        } catch let errors as DataFileErrors {
            return errors.errors
        }
    }

    @Test func theBundledDefinitionsLoad() throws {
        #expect(try Self.errors(editing: "", { $0 }).isEmpty)
    }

    @Test func aDuplicateMemberInAProfileNamesFilePathAndOffset() throws {
        let duplicate = #""typRequired": true, "typRequired": false"#
        var edited = ""
        let errors = try Self.errors(editing: "profiles/kustomer.json") { text in
            edited = text.replacingOccurrences(of: #""typRequired": false"#, with: duplicate)
            return edited
        }
        #expect(edited.contains(duplicate))
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.file == "profiles/kustomer.json")
        #expect(error.path == "$.header.typRequired")
        let offset = try #require(error.offset)
        let at = try #require(edited.utf8.index(edited.utf8.startIndex, offsetBy: offset, limitedBy: edited.utf8.endIndex))
        #expect(String(edited[at...]).hasPrefix(#""typRequired": false"#))
        #expect(error.description.contains("duplicate member name \"typRequired\""))
    }

    @Test func aDuplicateMemberInTheCatalogueNamesFilePathAndOffset() throws {
        var edited = ""
        let errors = try Self.errors(editing: "rules/catalogue.json") { text in
            edited = text.replacingOccurrences(of: #""level": "must","#, with: #""level": "must", "level": "may","#)
            return edited
        }
        #expect(edited != (try Self.text("rules/catalogue.json")))
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.file == "rules/catalogue.json")
        #expect(error.path == "$.rules[0].level")
        #expect(error.offset != nil)
    }

    @Test func aMistypedProfileFieldNamesFileAndPath() throws {
        let errors = try Self.errors(editing: "profiles/sunshine.json") {
            $0.replacingOccurrences(of: #""keyIdRequired": true"#, with: #""keyIdRequired": "true""#)
        }
        let error = try #require(errors.first)
        #expect(error.file == "profiles/sunshine.json")
        #expect(error.path == "$.header.keyIdRequired")
        #expect(error.message == "expected a boolean, found string")
    }

    @Test func invalidJSONInAProfileNamesTheByteOffset() throws {
        var edited = ""
        let errors = try Self.errors(editing: "profiles/sunshine.json") { text in
            edited = text.replacingOccurrences(of: #""honoured": true"#, with: #""honoured": tru"#)
            return edited
        }
        let error = try #require(errors.first)
        #expect(error.file == "profiles/sunshine.json")
        #expect(error.offset != nil)
    }
}
