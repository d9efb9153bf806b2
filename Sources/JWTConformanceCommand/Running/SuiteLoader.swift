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
                VectorLoadingError(file: vector.file, vectorID: vector.id, path: "$..id",
                                   message: "duplicate test id \(vector.id), already a bundled vector")
            }
            guard clashes.isEmpty else { throw VectorLoadingErrors(clashes) }
            corpus = Corpus(
                suiteVersion: bundled.suiteVersion, vectors: bundled.vectors + own.vectors, profiles: profiles,
                catalogue: bundled.catalogue ?? own.catalogue,
                digest: SHA256.hash(Array("\(bundled.digest)\n\(own.digest)".utf8)).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            )
        }
        return LoadedSuite(corpus: corpus.selecting(selection), allVectorIDs: Set(corpus.vectors.map(\.id)))
    }

    /// The bundled rule catalogue, so that private vectors' rule ids can be explained.
    private static func bundledCatalogue() -> RuleCatalogue? {
        guard let url = BundledVectors.directory?.appendingPathComponent("rules/catalogue.json"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(RuleCatalogue.self, from: data)
    }
}

/// One `--vectors` path: its vector files and the profile folder that goes with them.
struct VectorSource {
    var files: [URL]
    var profiles: URL?

    /// A folder laid out like `Vectors/` (with `corpus/`) contributes `corpus/**` and its
    /// `profiles/`; any other folder its `*.json` files outside `profiles/`, `rules/` and
    /// `schema/`; a file itself. The profiles are the nearest `profiles/` folder in the path
    /// or up to two folders above it; they add profiles the bundle lacks and never replace one,
    /// so bundled vectors are judged the same with or without them.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw VectorLoadingErrors([VectorLoadingError(file: path, path: "$", message: "no such file or folder")])
        }
        let folder = isDirectory.boolValue ? url : url.deletingLastPathComponent()
        profiles = Self.nearestProfiles(from: folder)
        guard isDirectory.boolValue else {
            files = [url]
            return
        }
        let corpus = url.appendingPathComponent("corpus")
        if Self.isFolder(corpus) {
            files = try Corpus.vectorFiles(under: corpus)
            return
        }
        let excluded = ["profiles", "rules", "schema"].map { url.appendingPathComponent($0).path + "/" }
        files = try Corpus.vectorFiles(under: url).filter { file in
            !excluded.contains { file.standardizedFileURL.path.hasPrefix($0) }
        }
        if files.isEmpty {
            throw VectorLoadingErrors([VectorLoadingError(file: path, path: "$", message: "the folder holds no vector files (*.json)")])
        }
    }

    private static func nearestProfiles(from folder: URL) -> URL? {
        var candidate = folder
        for _ in 0..<3 {
            let profiles = candidate.appendingPathComponent("profiles")
            if isFolder(profiles) { return profiles }
            candidate = candidate.deletingLastPathComponent()
        }
        return nil
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
