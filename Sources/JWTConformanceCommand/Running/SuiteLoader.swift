import Foundation
import JWTConformance
import JWTConformanceVectors

/// The vectors of a run, loaded from the bundle and/or from `--vectors` paths.
struct LoadedSuite {
    /// The vectors (narrowed by `JWT_CONFORMANCE_VECTORS`), with their profiles and catalogue.
    var corpus: Corpus
    /// Every vector id loaded, before any narrowing: what a known-failures list may name.
    var allVectorIDs: Set<VectorID>
}

/// Loads the vectors a run asks for. Every problem surfaces as the loader's precise message.
enum SuiteLoader {
    static func load(
        paths: [String], withBundled: Bool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> LoadedSuite {
        let selection = environment[Corpus.selectionEnvironmentVariable]
        guard !paths.isEmpty else {
            let corpus = try Corpus.bundled(environment: [:])
            return LoadedSuite(corpus: corpus.selecting(selection), allVectorIDs: Set(corpus.vectors.map(\.id)))
        }
        let bundledProfiles = try Corpus.bundledProfiles()
        let bundled = withBundled ? try Corpus.bundled(environment: [:]) : nil
        var profiles = bundledProfiles
        var files: [URL] = []
        for path in paths {
            let source = try VectorSource(path: path)
            if let folder = source.profiles {
                profiles.merge(try Corpus.loadProfiles(in: folder)) { bundled, _ in bundled }
            }
            files += source.files
        }
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let own = try Corpus.load(files: files, relativeTo: base, profiles: profiles, catalogue: bundledCatalogue())
        var corpus = own
        if let bundled {
            let bundledIDs = Set(bundled.vectors.map(\.id))
            let clashes = own.vectors.filter { bundledIDs.contains($0.id) }.map { vector in
                DataFileError(file: vector.file, vectorID: vector.id, path: "$..id",
                              message: "duplicate test id \(vector.id), already a bundled vector")
            }
            guard clashes.isEmpty else { throw DataFileErrors(clashes) }
            corpus = Corpus(
                suiteVersion: bundled.suiteVersion, vectors: bundled.vectors + own.vectors, profiles: profiles,
                catalogue: bundled.catalogue ?? own.catalogue,
                digest: SHA256.hash(Array("\(bundled.digest)\n\(own.digest)".utf8)).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            )
        }
        return LoadedSuite(corpus: corpus.selecting(selection), allVectorIDs: Set(corpus.vectors.map(\.id)))
    }

    /// The bundled rule catalogue, so that private vectors' rule ids can be explained.
    static func bundledCatalogue() -> RuleCatalogue? {
        guard let url = BundledVectors.directory?.appendingPathComponent("rules/catalogue.json") else { return nil }
        return try? Corpus.loadCatalogue(at: url)
    }
}
