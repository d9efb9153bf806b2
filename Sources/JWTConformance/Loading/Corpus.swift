import Foundation
import JWTConformanceVectors

/// A loaded set of vectors with the profiles and rule catalogue they refer to.
///
/// ```swift
/// let corpus = try Corpus.bundled()
/// for vector in corpus.vectors { … }
/// ```
public struct Corpus: Sendable {
    /// The SemVer of the vector set, shared by every file.
    public var suiteVersion: String
    /// Every vector, in file order.
    public var vectors: [ConformanceVector]
    /// The profiles, by id.
    public var profiles: [ProfileID: ProfileDefinition]
    /// The rule catalogue, when the corpus has one.
    public var catalogue: RuleCatalogue?
    /// SHA-256 (hex) over the vector files' paths and bytes, in path order: names this exact vector set.
    /// A loaded corpus computes it when it is first read, so a command that reports none does not hash the files.
    public var digest: String {
        get { digestSource.value }
        set { digestSource = Digest(newValue) }
    }
    private var digestSource: Digest

    public init(
        suiteVersion: String, vectors: [ConformanceVector], profiles: [ProfileID: ProfileDefinition],
        catalogue: RuleCatalogue?, digest: String
    ) {
        self.init(suiteVersion: suiteVersion, vectors: vectors, profiles: profiles, catalogue: catalogue, digestSource: Digest(digest))
    }

    private init(
        suiteVersion: String, vectors: [ConformanceVector], profiles: [ProfileID: ProfileDefinition],
        catalogue: RuleCatalogue?, digestSource: Digest
    ) {
        self.suiteVersion = suiteVersion
        self.vectors = vectors
        self.profiles = profiles
        self.catalogue = catalogue
        self.digestSource = digestSource
    }

    /// The environment variable that narrows a run to some vectors: a comma-separated list of
    /// ids, each of which may end in `*` to match a prefix (`KUS-TIM-*`).
    public static let selectionEnvironmentVariable = "JWT_CONFORMANCE_VECTORS"

    /// The vectors that ship with the package, narrowed by `JWT_CONFORMANCE_VECTORS` when it is set.
    public static func bundled(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Corpus {
        guard let root = BundledVectors.directory else {
            throw DataFileErrors([
                DataFileError(file: "Vectors", path: nil, message: "the bundled vectors were not found in the package's resources")
            ])
        }
        return try load(from: root).selecting(environment[selectionEnvironmentVariable])
    }

    /// The profile definitions that ship with the package.
    public static func bundledProfiles() throws -> [ProfileID: ProfileDefinition] {
        guard let root = BundledVectors.directory else {
            throw DataFileErrors([
                DataFileError(file: "Vectors", path: nil, message: "the bundled vectors were not found in the package's resources")
            ])
        }
        return try loadProfiles(in: root.appendingPathComponent("profiles"))
    }

    /// Loads a corpus laid out like `Vectors/`: `profiles/*.json`, `rules/catalogue.json`
    /// (optional) and `corpus/**/*.json`.
    public static func load(from root: URL) throws -> Corpus {
        let profiles = try loadProfiles(in: root.appendingPathComponent("profiles"))
        let catalogueURL = root.appendingPathComponent("rules/catalogue.json")
        let catalogue = FileManager.default.fileExists(atPath: catalogueURL.path)
            ? try loadCatalogue(at: catalogueURL) : nil
        let files = try vectorFiles(under: root.appendingPathComponent("corpus"))
        return try load(files: files, relativeTo: root.appendingPathComponent("corpus"), profiles: profiles, catalogue: catalogue)
    }

    /// Loads vector files (or folders of them) from elsewhere, against the given profiles.
    ///
    /// Every file is read before anything is thrown, so one error report lists every problem.
    /// The files are parsed on every processor at once; the vectors and errors are then taken in
    /// file order.
    public static func load(
        files: [URL], relativeTo base: URL? = nil, profiles: [ProfileID: ProfileDefinition], catalogue: RuleCatalogue? = nil
    ) throws -> Corpus {
        let read = files.map { url in
            let name = relativeName(of: url, base: base)
            return (name: name, bytes: Result { () throws(DataFileError) in try readBytes(url, file: name) })
        }
        let parsed = Slots<Result<(header: VectorFileParser.FileHeader, vectors: [ConformanceVector]), DataFileErrors>>(count: read.count)
        // Each iteration fills its own slot.
        DispatchQueue.concurrentPerform(iterations: read.count) { index in
            guard case (let name, .success(let bytes)) = read[index] else { return }
            parsed[index] = Result { () throws(DataFileErrors) in try VectorFileParser(file: name).parse(bytes) }
        }
        var errors: [DataFileError] = []
        var vectors: [ConformanceVector] = []
        var versions: [(file: String, version: String)] = []
        var firstSeen: [VectorID: String] = [:]
        for ((name, bytes), result) in zip(read, parsed.values) {
            if case .failure(let error) = bytes { errors.append(error) }
            switch result {
            case .success(let (header, fileVectors))?:
                if profiles[header.profile] == nil {
                    errors.append(DataFileError(
                        file: name, path: "$.profile",
                        message: "unknown profile \"\(header.profile)\"; known: \(profiles.keys.sorted().map(\.rawValue).joined(separator: ", "))"
                    ))
                }
                versions.append((name, header.suiteVersion))
                for vector in fileVectors {
                    if let other = firstSeen[vector.id] {
                        errors.append(DataFileError(
                            file: name, vectorID: vector.id, path: "$..id",
                            message: "duplicate test id \(vector.id), first defined in \(other)"
                        ))
                    } else {
                        firstSeen[vector.id] = name
                        vectors.append(vector)
                    }
                }
            case .failure(let error)?:
                errors += error.errors
            case nil:
                continue
            }
        }
        let distinctVersions = Set(versions.map(\.version))
        if distinctVersions.count > 1 {
            let listing = versions.map { "\($0.file): \($0.version)" }.joined(separator: ", ")
            errors.append(DataFileError(file: versions[0].file, path: "$.suiteVersion",
                                        message: "files disagree on suiteVersion (\(listing))"))
        }
        guard errors.isEmpty else { throw DataFileErrors(errors) }
        return Corpus(
            suiteVersion: versions.first?.version ?? "0.0.0",
            vectors: vectors,
            profiles: profiles,
            catalogue: catalogue,
            digestSource: Digest(files: read.compactMap { name, bytes in try? (name, bytes.get()) })
        )
    }

    /// The corpus narrowed to the vectors a selection names (see ``selectionEnvironmentVariable``);
    /// a nil or empty selection keeps everything.
    public func selecting(_ selection: String?) -> Corpus {
        guard let selection, !selection.trimmingCharacters(in: .whitespaces).isEmpty else { return self }
        let patterns = selection.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var narrowed = self
        narrowed.vectors = vectors.filter { vector in
            patterns.contains { pattern in
                pattern.hasSuffix("*")
                    ? vector.id.rawValue.hasPrefix(pattern.dropLast())
                    : vector.id.rawValue == pattern
            }
        }
        return narrowed
    }

    /// The vector with this id, if any.
    public func vector(_ id: VectorID) -> ConformanceVector? { vectors.first { $0.id == id } }

    // MARK: - Files

    /// The `.json` files under a folder, in path order; a file is returned as it is.
    public static func vectorFiles(under url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DataFileErrors([DataFileError(file: url.path, path: nil, message: "no such file or folder")])
        }
        guard isDirectory.boolValue else { return [url] }
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let next = enumerator?.nextObject() as? URL {
            if next.pathExtension == "json" { files.append(next) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Loads every `*.json` profile definition in a folder, read with the strict parser: a
    /// duplicate member, a syntax error or a missing or mistyped field names the file, the JSON
    /// path and, for syntax, the byte offset. Every file is read before anything is thrown.
    public static func loadProfiles(in folder: URL) throws -> [ProfileID: ProfileDefinition] {
        var profiles: [ProfileID: ProfileDefinition] = [:]
        var errors: [DataFileError] = []
        for url in try vectorFiles(under: folder) {
            let name = "profiles/" + url.lastPathComponent
            do {
                let profile = try FieldReader.document(try readBytes(url, file: name), file: name).profile()
                profiles[profile.id] = profile
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw DataFileErrors(errors) }
        return profiles
    }

    /// Loads the rule catalogue, read with the strict parser like the profiles.
    public static func loadCatalogue(at url: URL) throws -> RuleCatalogue {
        let name = "rules/catalogue.json"
        do {
            return try FieldReader.document(try readBytes(url, file: name), file: name).catalogue()
        } catch {
            throw DataFileErrors([error])
        }
    }

    /// The bytes of a file, or an error naming it.
    private static func readBytes(_ url: URL, file: String) throws(DataFileError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw DataFileError(file: file, path: nil, message: "cannot be read: \(error.localizedDescription)")
        }
    }

    private static func relativeName(of url: URL, base: URL?) -> String {
        let path = url.standardizedFileURL.path
        if let base {
            let prefix = base.standardizedFileURL.path + "/"
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        }
        return path
    }
}

/// A corpus's digest, computed from its files when first asked for.
private final class Digest: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [(name: String, bytes: [UInt8])]
    private var digest: String?

    init(_ digest: String) {
        files = []
        self.digest = digest
    }

    init(files: [(name: String, bytes: [UInt8])]) {
        self.files = files
    }

    /// SHA-256 (hex) over each file's name, a 0 byte, its bytes and a 0 byte, in order.
    var value: String {
        lock.withLock {
            if let digest { return digest }
            var hasher = SHA256()
            for (name, bytes) in files {
                hasher.update(name.utf8)
                hasher.update(CollectionOfOne(0))
                hasher.update(bytes)
                hasher.update(CollectionOfOne(0))
            }
            let computed = hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            digest = computed
            files = []
            return computed
        }
    }
}

/// Values computed on several threads at once, each into its own slot.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    /// Every slot, in order.
    var values: [Value?] { lock.withLock { slots } }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
