import Foundation
import JWTConformance

/// `swift run generate-vectors [--root PATH] [--check]`
///
/// Reads the vendor profiles (`Vectors/profiles/*.json`, hand-written) and writes, from them
/// and the case definitions in this target: `Vectors/rules/catalogue.json`, `Vectors/corpus/<profile>/<category>.json`,
/// `Vectors/rules/versions.json`, `RULES.md` and the vector counts in `README.md`. The output is byte-for-byte reproducible.
/// With `--check` nothing is written: every file that would differ is listed and the exit
/// status is 1 (what CI runs).
enum Generator {
    /// The SemVer of the corpus. Bump it whenever the vectors or profiles change; the
    /// generator refuses to rewrite a released version (see `Vectors/rules/versions.json`).
    static let suiteVersion = "1.3.0"
    static let versionConstant = "Generator.suiteVersion in Sources/generate-vectors/Generator.swift"

    static let usage = """
        usage: generate-vectors [--root PATH] [--check]

          --root PATH   the package root (default: the current directory)
          --check       write nothing; list every file that would change and exit 1 if any would
        """

    static func run(_ arguments: [String]) -> Int32 {
        var root = FileManager.default.currentDirectoryPath
        var check = false
        var remaining = arguments.dropFirst()
        while let argument = remaining.popFirst() {
            switch argument {
            case "--check": check = true
            case "--root":
                guard let value = remaining.popFirst() else {
                    printError("--root needs a path\n\(usage)")
                    return 2
                }
                root = value
            case "--help", "-h":
                print(usage)
                return 0
            default:
                printError("unknown argument \(argument)\n\(usage)")
                return 2
            }
        }
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        guard FileManager.default.fileExists(atPath: rootURL.appendingPathComponent("Package.swift").path) else {
            printError("\(rootURL.path) is not the package root (no Package.swift); use --root")
            return 2
        }
        guard SHA512Family.selfTest() else {
            printError("internal error: the HMAC-SHA-384/512 implementation fails its known-answer tests")
            return 1
        }

        // 1. The vendors (one per profile file) and their case definitions.
        let profilesFolder = rootURL.appendingPathComponent("Vectors/profiles")
        let vendorProblems = Registry.load(profilesFolder: profilesFolder)
        guard vendorProblems.isEmpty else {
            printError("the vendor profiles have \(vendorProblems.count) problem(s):\n" + vendorProblems.map { "  - \($0)" }.joined(separator: "\n"))
            return 1
        }
        let books = Registry.entries.map { entry in
            var book = CaseBook(vendor: entry.vendor)
            book.addBaselineCases()
            entry.cases.addCases(to: &book)
            book.addDerivedCases()
            return book
        }

        let problems = Validation(books: books).problems()
        guard problems.isEmpty else {
            printError("the case definitions have \(problems.count) problem(s):\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
            return 1
        }

        // 2. The documents.
        let writer = VectorWriter(
            suiteVersion: suiteVersion,
            catalogue: Dictionary(uniqueKeysWithValues: Catalogue.rules.map { ($0.id, $0) }),
            ambiguities: Dictionary(uniqueKeysWithValues: Catalogue.ambiguities.map { ($0.id, $0) }))
        var corpus: [(name: String, bytes: [UInt8])] = []
        for book in books {
            for category in VectorCategory.allCases {
                let cases = book.verifierCases.filter { $0.category == category }
                guard !cases.isEmpty else { continue }
                corpus.append(("\(book.vendor.profile)/\(category.rawValue).json",
                               VectorWriter.bytes(writer.verifierFile(vendor: book.vendor, category: category, cases: cases))))
            }
            if !book.signerCases.isEmpty {
                corpus.append(("\(book.vendor.profile)/signer.json",
                               VectorWriter.bytes(writer.signerFile(vendor: book.vendor, cases: book.signerCases))))
            }
        }
        for entry in Registry.entries {
            guard let session = SessionCases.document(entry: entry, suiteVersion: suiteVersion, sources: writer.sources(explicit:rules:ambiguity:)) else { continue }
            corpus.append(("\(entry.profile.id.rawValue)/session.json", VectorWriter.bytes(session)))
        }
        let sessionVectors = SessionCases.summaries(entries: Registry.entries)
        // The profiles are inputs, read as they are; their bytes are versioned with the corpus.
        var profiles: [(String, [UInt8])] = []
        for profile in Registry.profiles {
            let name = "\(profile.id.rawValue).json"
            guard let data = try? Data(contentsOf: profilesFolder.appendingPathComponent(name)) else {
                printError("cannot read Vectors/profiles/\(name)")
                return 1
            }
            profiles.append((name, Array(data)))
        }
        let catalogue = VectorWriter.bytes(CatalogueDocument.json())
        let numberOfTests = books.reduce(0) { $0 + $1.verifierCases.count + $1.signerCases.count }

        // Files under Vectors/corpus this generator does not write (another tool's, say) are
        // left alone, but they belong to the corpus: its digest, and so its version, covers them.
        let corpusFolder = rootURL.appendingPathComponent("Vectors/corpus")
        let generatedNames = Set(corpus.map(\.name))
        var foreign: [(name: String, bytes: [UInt8])] = []
        var stale: [String] = []
        for url in (try? Corpus.vectorFiles(under: corpusFolder)) ?? [] {
            let name = String(url.standardizedFileURL.path.dropFirst(corpusFolder.standardizedFileURL.path.count + 1))
            if generatedNames.contains(name) { continue }
            if Self.isOwned(name, profiles: books.map(\.vendor.profile)) {
                stale.append("Vectors/corpus/" + name)
            } else if let data = try? Data(contentsOf: url) {
                foreign.append((name, Array(data)))
            }
        }
        let corpusDigest = VersionLedger.digest(corpus + foreign)
        let foreignTests = foreign.reduce(0) { count, file in
            count + Int((try? JSONParser.parse(file.bytes))?["numberOfTests"]?.numberValue?.int64Value ?? 0)
        }

        let versionsURL = rootURL.appendingPathComponent("Vectors/rules/versions.json")
        let ledger: JSONValue
        do {
            ledger = try VersionLedger.updated(
                existing: (try? Data(contentsOf: versionsURL)).map(Array.init),
                current: .init(suiteVersion: suiteVersion, corpusDigest: corpusDigest,
                               profilesDigest: VersionLedger.digest(profiles), numberOfTests: numberOfTests + sessionVectors.count + foreignTests),
                versionConstant: versionConstant)
        } catch {
            printError(error.description)
            return 1
        }
        let coverage = SessionCases.coverage(entries: Registry.entries)
        let rulesDocument = RulesDocument(
            suiteVersion: suiteVersion, corpusDigest: corpusDigest, books: books, sessions: sessionVectors, coverage: coverage)
        let rules = rulesDocument.render()
        let readmeURL = rootURL.appendingPathComponent("README.md")
        let readme: String
        do {
            readme = try ReadmeSection.replacing(
                "corpus-counts", in: String(contentsOf: readmeURL, encoding: .utf8),
                with: ["Vectors per profile and category (suite \(suiteVersion); generated, see [`RULES.md`](RULES.md#vector-counts)):", ""]
                    + rulesDocument.countTables())
        } catch {
            printError("cannot update README.md: \(error)")
            return 1
        }

        var outputs: [(path: String, bytes: [UInt8])] = []
        outputs.append(("Vectors/rules/catalogue.json", catalogue))
        outputs += corpus.map { ("Vectors/corpus/\($0.name)", $0.bytes) }
        outputs.append(("Vectors/rules/versions.json", VectorWriter.bytes(ledger)))
        outputs.append(("RULES.md", Array(rules.utf8)))
        outputs.append(("README.md", Array(readme.utf8)))

        // 3. What the loader makes of it: the files must load as a corpus of every vector.
        let scratchFiles = outputs + profiles.map { ("Vectors/profiles/\($0.0)", $0.1) } + foreign.map { ("Vectors/corpus/\($0.name)", $0.bytes) }
        if let failure = loadCheck(scratchFiles, expectedCount: numberOfTests, corpusDigest: corpusDigest) {
            printError("internal error: the generated vectors do not load: \(failure)")
            return 1
        }

        // 4. Compare with, or write to, the package.
        var changed: [String] = []
        for output in outputs {
            let url = rootURL.appendingPathComponent(output.path)
            let current = (try? Data(contentsOf: url)).map(Array.init)
            if current != output.bytes { changed.append(output.path) }
        }

        for (profile, figures) in coverage {
            print("session coverage \(profile) \(figures.platform): \(figures.scripts) derived scripts, transitions \(figures.transitionsCovered)/\(figures.transitionsReachable), "
                  + "pairs \(figures.pairsCovered)/\(figures.pairsReachable), \(figures.twoAmbiguityTransitions) calls need two ambiguities")
        }

        if check {
            if changed.isEmpty && stale.isEmpty {
                print("generate-vectors --check: \(outputs.count) files up to date (suite \(suiteVersion), \(numberOfTests + sessionVectors.count) vectors)")
                return 0
            }
            printError("generate-vectors --check: the committed files differ from what the generator writes:")
            for path in changed { printError("  differs: \(path)") }
            for path in stale { printError("  not generated (would be deleted): \(path)") }
            printError("run `swift run generate-vectors` and commit the result")
            return 1
        }

        do {
            for output in outputs where changed.contains(output.path) {
                let url = rootURL.appendingPathComponent(output.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(output.bytes).write(to: url)
            }
            for path in stale { try FileManager.default.removeItem(at: rootURL.appendingPathComponent(path)) }
        } catch {
            printError("cannot write: \(error.localizedDescription)")
            return 1
        }
        print("generate-vectors: suite \(suiteVersion), \(numberOfTests + sessionVectors.count) vectors in \(corpus.count) files; "
              + "\(changed.count) file(s) written, \(stale.count) removed")
        for path in changed { print("  wrote \(path)") }
        for path in stale { print("  removed \(path)") }
        return 0
    }

    /// Whether a corpus file is one this generator writes (`<profile>/<category>.json` for its
    /// profiles and every category but `session`), so that one it no longer writes is removed.
    static func isOwned(_ name: String, profiles: [String]) -> Bool {
        let parts = name.split(separator: "/")
        guard parts.count == 2, profiles.contains(String(parts[0])), parts[1].hasSuffix(".json") else { return false }
        let category = String(parts[1].dropLast(".json".count))
        return VectorCategory(rawValue: category).map { $0 != .session } ?? false
    }

    /// Writes the vector files to a scratch folder and loads them with the package's own loader.
    private static func loadCheck(_ outputs: [(path: String, bytes: [UInt8])], expectedCount: Int, corpusDigest: String) -> String? {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("generate-vectors-check-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            for output in outputs where output.path.hasPrefix("Vectors/") {
                let url = scratch.appendingPathComponent(String(output.path.dropFirst("Vectors/".count)))
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(output.bytes).write(to: url)
            }
            let loaded = try Corpus.load(from: scratch)
            let generated = loaded.vectors.filter { $0.role != .session }.count
            guard generated == expectedCount else { return "\(generated) verifier and signer vectors loaded, \(expectedCount) written" }
            guard loaded.digest == corpusDigest else { return "the loader's digest \(loaded.digest) is not \(corpusDigest)" }
            guard loaded.catalogue?.rules.count == Catalogue.rules.count else { return "the catalogue does not decode" }
            for profile in Registry.profiles where loaded.profiles[profile.id] != profile {
                return "profile \(profile.id) does not decode to its definition"
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
