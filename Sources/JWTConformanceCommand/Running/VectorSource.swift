import Foundation
import JWTConformance

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
            throw DataFileErrors([DataFileError(file: path, path: nil, message: "no such file or folder")])
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
            throw DataFileErrors([DataFileError(file: path, path: nil, message: "the folder holds no vector files (*.json)")])
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
