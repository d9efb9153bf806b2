import Foundation
import JWTConformance
@testable import JWTReference

// The mutation runner: copied by Tools/mutation/mutate.py into a scratch package whose
// JWTReference holds every mutant, each behind `MutationSwitch.isActive(id)`.
//
// Usage: mutation-runner VECTORS-DIRECTORY COVERAGE-FILE
// It loads the corpus once (no mutant active), then reads one command a line on standard input:
//   baseline    runs every vector with no mutant, records which sites each vector evaluates into
//               COVERAGE-FILE, and answers {"status": "baseline", "failures": [...]}.
//   run <id>    runs, with mutant <id> active, the vectors that evaluate its site (per COVERAGE-FILE)
//               and answers one JSON line: {"id", "status": "killed"|"survived", "vector", "detail",
//               "reached"}. A mutant is killed by the first vector whose outcome is not `passed`.
//               A vector that never evaluates a site runs exactly as without the mutant, and passes.
//               A line `+` follows each vector run.
// A mutant is active, and sites are recorded, only inside the calls to the reference verifier,
// signer and session model; loading the corpus and judging the results (the runner's own judges)
// always run unmutated.

/// Activates one mutant for exactly the duration of a call into the implementation under test.
enum Activation {
    /// Whether the sites evaluated by the implementation are being recorded (the baseline).
    nonisolated(unsafe) static var recording = false

    static func during<T>(_ mutant: Int, _ body: () async throws -> T) async rethrows -> T {
        MutationSwitch.active = mutant
        MutationSwitch.recording = recording
        defer {
            MutationSwitch.active = 0
            MutationSwitch.recording = false
        }
        return try await body()
    }
}

/// The mutated reference verifier, held to two demands beyond its verdicts: reading a token in
/// place and decoding it in full give the same verdict, and the in-place reading takes exactly
/// the tokens it is for. Without them a mutant of the in-place reading that only declines a
/// token would pass unseen (the full decoding then decides), and so would a mutant of the full
/// decoding that only tokens read in place reach.
struct MutatedVerifier: TokenVerifier {
    let inner: any TokenVerifier
    let mutant: Int
    let profiles: [ProfileID: ProfileDefinition]

    /// A verdict the two readings disagree on, or a token the in-place reading takes or declines
    /// wrongly.
    struct ReadingMismatch: Error, CustomStringConvertible {
        var description: String
    }

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        let verdict = try await Activation.during(mutant) { try await inner.verify(request) }
        guard let profile = profiles[request.profile] else { return verdict }
        let verifier = ReferenceVerifier(profile: profile)
        let (readInPlace, full) = await Activation.during(mutant) {
            (CompactJWS.withFlatDecoding(request.token, maximumByteCount: verifier.maximumTokenByteCount, context: ()) { _, _ in true } != nil,
             verifier.verify(verifier.decode(request.token), keys: request.keys, now: request.now).verdict)
        }
        guard full == verdict else {
            throw ReadingMismatch(description: "\(request.vectorID?.rawValue ?? "a token"): the full decoding gives \(full), the verifier \(verdict)")
        }
        let expected = Self.isForTheInPlaceReading(request.token, verifier)
        guard readInPlace == expected else {
            throw ReadingMismatch(
                description: "\(request.vectorID?.rawValue ?? "a token"): the in-place reading \(readInPlace ? "took" : "declined") it, where it should \(expected ? "take" : "decline") it")
        }
        return verdict
    }

    /// Whether the in-place reading is for `token`, decided from the full decoding with no mutant
    /// active: the token decodes, its header and payload have at most
    /// `CompactJWS.maximumFlatMemberCount` members each, none an array or object, and neither
    /// decoded text has a backslash (valid JSON has one only in an escape).
    static func isForTheInPlaceReading(_ token: String, _ verifier: ReferenceVerifier) -> Bool {
        guard case .success(let jws) = verifier.decode(token) else { return false }
        for (segment, object) in [(jws.headerSegment, jws.header), (jws.payloadSegment, jws.payload)] {
            guard object.count <= CompactJWS.maximumFlatMemberCount, let text = try? Base64URL.decode(segment),
                !text.contains(UInt8(ascii: "\\")),
                object.allSatisfy({ $0.value.arrayValue == nil && $0.value.objectValue == nil })
            else { return false }
        }
        return true
    }
}

struct MutatedSigner: TokenSigner {
    let inner: any TokenSigner
    let mutant: Int
    func sign(_ request: SigningRequest) async throws -> String {
        try await Activation.during(mutant) { try await inner.sign(request) }
    }
}

struct MutatedSession: SessionDriver {
    let inner: any SessionDriver
    let mutant: Int
    func run(_ request: SessionRequest) async throws -> [SessionObservation] {
        try await Activation.during(mutant) { try await inner.run(request) }
    }
}

func mutated(_ reference: Implementation, _ mutant: Int, profiles: [ProfileID: ProfileDefinition]) -> Implementation {
    Implementation(
        metadata: reference.metadata,
        profiles: reference.profiles,
        verifier: reference.verifier.map { MutatedVerifier(inner: $0, mutant: mutant, profiles: profiles) },
        signer: reference.signer.map { MutatedSigner(inner: $0, mutant: mutant) },
        session: reference.session.map { MutatedSession(inner: $0, mutant: mutant) }
    )
}

func emit(_ object: [String: Any]) {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

/// Written after each vector, so the driver can time out one vector rather than a whole mutant.
let heartbeat = Data("+\n".utf8)

func summary(_ outcome: TestResult.Outcome) -> String {
    String(String(describing: outcome).prefix(300))
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: mutation-runner VECTORS-DIRECTORY COVERAGE-FILE\n".utf8))
    exit(64)
}
let corpus: Corpus
do {
    corpus = try Corpus.load(from: URL(fileURLWithPath: arguments[1]))
} catch {
    FileHandle.standardError.write(Data("mutation-runner: cannot load the corpus: \(error)\n".utf8))
    exit(65)
}
let runner = ConformanceRunner(corpus: corpus)
let reference = Implementation.reference(profiles: corpus.profiles)
let vectors = corpus.vectors
/// Vectors that killed recent mutants are tried first: a mutant is usually killed by a vector
/// that killed its neighbours, so most kills cost a handful of vectors.
var killers: [Int] = []
let coverageURL = URL(fileURLWithPath: arguments[2])
/// For each mutant id, the indices of the vectors that evaluate its site.
var coverage: [Int: [Int]] = [:]
if let data = try? Data(contentsOf: coverageURL),
   let stored = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
   let ids = stored["vectors"] as? [String], ids == vectors.map(\.id.rawValue),
   let sites = stored["coverage"] as? [String: [Int]] {
    for (key, indices) in sites { if let id = Int(key) { coverage[id] = indices } }
}

emit(["status": "ready", "vectors": vectors.count])
while let line = readLine() {
    let words = line.split(separator: " ")
    if words.first == "baseline" {
        var failures: [[String: String]] = []
        var sites: [String: [Int]] = [:]
        let recorded = mutated(reference, 0, profiles: corpus.profiles)
        Activation.recording = true
        for (index, vector) in vectors.enumerated() {
            MutationSwitch.covered = []
            let result = await runner.run(vector, against: recorded)
            FileHandle.standardOutput.write(heartbeat)
            if result.outcome != .passed {
                failures.append(["vector": result.id.rawValue, "detail": summary(result.outcome)])
            }
            for id in MutationSwitch.covered { sites[String(id), default: []].append(index) }
        }
        Activation.recording = false
        for (key, indices) in sites { coverage[Int(key)!] = indices }
        let stored: [String: Any] = ["vectors": vectors.map(\.id.rawValue), "coverage": sites]
        do {
            try JSONSerialization.data(withJSONObject: stored).write(to: coverageURL)
        } catch {
            emit(["status": "error", "detail": "cannot write \(coverageURL.path): \(error)"])
            continue
        }
        emit(["status": "baseline", "failures": failures, "vectors": vectors.count, "sites": sites.count])
        continue
    }
    guard words.count == 2, words[0] == "run", let mutant = Int(words[1]) else {
        emit(["status": "error", "detail": "unknown command \(line)"])
        continue
    }
    let implementation = mutated(reference, mutant, profiles: corpus.profiles)
    MutationSwitch.reached = false
    var answer: [String: Any] = ["id": mutant, "status": "survived"]
    var run = 0
    let covering = coverage[mutant] ?? []
    let order = killers.filter(covering.contains) + covering.filter { !killers.contains($0) }
    for index in order {
        let result = await runner.run(vectors[index], against: implementation)
        run += 1
        FileHandle.standardOutput.write(heartbeat)
        if result.outcome != .passed {
            answer["status"] = "killed"
            answer["vector"] = result.id.rawValue
            answer["detail"] = summary(result.outcome)
            killers.removeAll { $0 == index }
            killers.insert(index, at: 0)
            if killers.count > 24 { killers.removeLast() }
            break
        }
    }
    answer["reached"] = MutationSwitch.reached
    answer["vectorsRun"] = run
    emit(answer)
}
