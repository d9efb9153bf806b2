import JWTConformance

/// `Vectors/rules/versions.json`: every released `suiteVersion` with the digests of the vector
/// set it names. The generator refuses to change vectors or profiles under a version already
/// recorded, so a version always means one exact corpus.
enum VersionLedger {
    struct Entry: Equatable {
        var suiteVersion: String
        var corpusDigest: String
        var profilesDigest: String
        var numberOfTests: Int
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// SHA-256 (hex) over each file's name, a NUL, its bytes and a NUL, in name order: the
    /// digest ``Corpus/digest`` computes for the corpus folder.
    static func digest(_ files: [(name: String, bytes: [UInt8])]) -> String {
        var input: [UInt8] = []
        for file in files.sorted(by: { $0.name < $1.name }) {
            input += Array(file.name.utf8) + [0] + file.bytes + [0]
        }
        return SHA256.hash(input).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The ledger with `current` recorded, or a refusal telling the maintainer what to do.
    static func updated(existing: [UInt8]?, current: Entry, versionConstant: String) throws(Refusal) -> JSONValue {
        var entries = try parse(existing)
        if let last = entries.last, last.suiteVersion == current.suiteVersion {
            guard last == current else {
                throw Refusal(description: """
                    The vectors or profiles changed, but suiteVersion is still \(current.suiteVersion), which \
                    Vectors/rules/versions.json records with other digests.
                    Bump \(versionConstant) (SemVer: patch for corrected descriptions or sources, minor for \
                    added vectors, major for changed or withdrawn expectations) and run `swift run generate-vectors` again.
                    """)
            }
        } else if entries.contains(where: { $0.suiteVersion == current.suiteVersion }) {
            throw Refusal(description: "suiteVersion \(current.suiteVersion) was released before and cannot be reused; bump \(versionConstant).")
        } else {
            if let last = entries.last, !isNewer(current.suiteVersion, than: last.suiteVersion) {
                throw Refusal(description: "suiteVersion \(current.suiteVersion) is not newer than the last release, \(last.suiteVersion); bump \(versionConstant).")
            }
            entries.append(current)
        }
        return .object(["versions": .array(entries.map(json))])
    }

    private static func json(_ entry: Entry) -> JSONValue {
        [
            "suiteVersion": .string(entry.suiteVersion),
            "corpusDigest": .string(entry.corpusDigest),
            "profilesDigest": .string(entry.profilesDigest),
            "numberOfTests": Forge.int(Int64(entry.numberOfTests)),
        ]
    }

    private static func parse(_ bytes: [UInt8]?) throws(Refusal) -> [Entry] {
        guard let bytes else { return [] }
        guard let document = try? JSONParser.parse(bytes, options: .init(rejectDuplicateKeys: true)),
            let versions = document["versions"]?.arrayValue
        else { throw Refusal(description: "Vectors/rules/versions.json is not a ledger ({\"versions\": [...]}); restore it from git.") }
        var entries: [Entry] = []
        for value in versions {
            guard let version = value["suiteVersion"]?.stringValue, let corpus = value["corpusDigest"]?.stringValue,
                let profiles = value["profilesDigest"]?.stringValue, let count = value["numberOfTests"]?.numberValue?.int64Value
            else { throw Refusal(description: "Vectors/rules/versions.json has a malformed entry: \(value); restore it from git.") }
            entries.append(Entry(suiteVersion: version, corpusDigest: corpus, profilesDigest: profiles, numberOfTests: Int(count)))
        }
        return entries
    }

    /// SemVer precedence of `major.minor.patch` (pre-release versions are not used).
    static func isNewer(_ version: String, than other: String) -> Bool {
        func parts(_ text: String) -> [Int] { text.split(separator: ".").map { Int($0) ?? -1 } }
        let (a, b) = (parts(version), parts(other))
        for (x, y) in zip(a, b) where x != y { return x > y }
        return a.count > b.count
    }
}
