import Foundation
import JWTConformance
import JWTTestee

/// Differential fuzzing of an implementation against the reference.
///
/// Case `n` of a run with seed `s` is drawn from `SplitMix64(seed: s, case: n)` alone, so a run is
/// reproducible and any case can be recreated. Each verifier case mutates a corpus token, asks
/// the ``FuzzOracle`` what it must get, and judges the implementation's verdict with the runner's
/// judges; each signer case asks for a token for a generated subject and judges it like a signer
/// vector. A disagreement whose ``DisagreementKey`` is new is shrunk and reported as a
/// ``Finding``; one already found, or excluded as known, is only counted.
///
/// ```swift
/// let fuzzer = Fuzzer(corpus: try Corpus.bundled(), implementation: implementation,
///                     configuration: .init(seed: 1, budget: .count(10_000)))
/// let statistics = await fuzzer.run { event in print(event) }
/// ```
public struct Fuzzer: Sendable {
    /// How long a run lasts.
    public enum Budget: Sendable, Hashable {
        case count(Int)
        case duration(Duration)
    }

    public struct Configuration: Sendable, Hashable {
        public var seed: UInt64
        public var budget: Budget
        /// Profiles to fuzz; empty means every profile the implementation supports.
        public var profiles: [ProfileID]
        /// How many candidates the shrinker may try per finding.
        public var shrinkAttempts: Int
        /// Causes not to report (from ``knownKeys(of:known:)``).
        public var known: Set<DisagreementKey>
        /// The ambiguities whose verdict the whole corpus leaves open (``FuzzOracle/openAmbiguities(in:)``),
        /// for a run whose corpus is narrowed to some vectors; nil: those of the corpus fuzzed.
        public var openAmbiguities: Set<String>?
        /// How many cases run at once (at least one); the results do not depend on it.
        public var workers: Int

        public init(
            seed: UInt64, budget: Budget, profiles: [ProfileID] = [], shrinkAttempts: Int = 400, known: Set<DisagreementKey> = [],
            openAmbiguities: Set<String>? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount
        ) {
            self.seed = seed
            self.budget = budget
            self.profiles = profiles
            self.shrinkAttempts = shrinkAttempts
            self.known = known
            self.openAmbiguities = openAmbiguities
            self.workers = workers
        }
    }

    /// What a run reports as it goes.
    public enum Event: Sendable {
        case finding(Finding)
        case progress(Statistics)
    }

    /// The figures of a run.
    public struct Statistics: Sendable, Hashable {
        public var cases = 0
        public var judged = 0
        public var conforming = 0
        /// Cases not judged, by the ambiguity that made them so.
        public var unjudged: [String: Int] = [:]
        /// Judged cases that either verdict passes, by the ambiguity their expectation names.
        public var eitherVerdict: [String: Int] = [:]
        public var skipped = 0
        /// Disagreements of a cause already found in this run, or excluded as known.
        public var repeated = 0
        public var known = 0
        public var findings = 0
        /// Disagreements by key, including repeats.
        public var byKey: [DisagreementKey: Int] = [:]
        public var elapsed: Duration = .zero

        /// Adds one case's figures: those a case counts by itself (not the disagreements, which
        /// the run counts in case order).
        mutating func add(_ other: Statistics) {
            cases += other.cases
            judged += other.judged
            conforming += other.conforming
            skipped += other.skipped
            for (ambiguity, count) in other.unjudged { unjudged[ambiguity, default: 0] += count }
            for (ambiguity, count) in other.eitherVerdict { eitherVerdict[ambiguity, default: 0] += count }
        }
    }

    public let corpus: Corpus
    public let implementation: Implementation
    public let configuration: Configuration
    private let seeds: Seeds
    private let runner: ConformanceRunner
    private let profiles: [ProfileID]
    private let mutators: [ProfileID: Mutator]
    private let oracles: [ProfileID: FuzzOracle]
    private let openAmbiguities: Set<String>
    /// What each profile of ``profiles`` (same order) draws on, looked up once for the run.
    private let contexts: [ProfileContext]

    public init(corpus: Corpus, implementation: Implementation, configuration: Configuration) {
        self.corpus = corpus
        self.implementation = implementation
        self.configuration = configuration
        seeds = Seeds(vectors: corpus.vectors)
        runner = ConformanceRunner(corpus: corpus)
        let wanted = configuration.profiles.isEmpty ? Array(implementation.profiles) : configuration.profiles
        profiles = wanted.filter { implementation.profiles.contains($0) && corpus.profiles[$0] != nil }.sorted()
        let seeds = seeds
        // A case's mutations are described only when it becomes a finding (``shrink(_:number:)``).
        mutators = corpus.profiles.mapValues {
            Mutator(profile: $0, decoyKeys: seeds.keys[$0.id] ?? [], catalogue: corpus.catalogue, describesMutations: false)
        }
        let open = configuration.openAmbiguities ?? FuzzOracle.openAmbiguities(in: corpus)
        openAmbiguities = open
        let oracles = corpus.profiles.mapValues { FuzzOracle(profile: $0, catalogue: corpus.catalogue, openAmbiguities: open) }
        self.oracles = oracles
        let mutators = mutators
        contexts = profiles.compactMap { id in
            guard let profile = corpus.profiles[id], let mutator = mutators[id], let oracle = oracles[id] else { return nil }
            return ProfileContext(
                profile: profile, mutator: mutator, oracle: oracle,
                drafts: implementation.verifier == nil ? [] : seeds.drafts[id] ?? [],
                signerSeeds: implementation.signer == nil ? [] : seeds.signing[id] ?? [])
        }
    }

    /// A fuzzed profile and what its cases draw on: one reference per case instead of a copy of
    /// each part and a dictionary lookup.
    private final class ProfileContext: Sendable {
        let profile: ProfileDefinition
        let mutator: Mutator
        let oracle: FuzzOracle
        /// The verifier seeds, empty when the implementation is no verifier.
        let drafts: [TokenDraft]
        /// The signer seeds, empty when the implementation is no signer.
        let signerSeeds: [SigningCase]
        /// The prefix of the profile's fuzz vector ids (``Fuzzer/vectorID(_:category:number:)``).
        let idPrefix: String

        init(profile: ProfileDefinition, mutator: Mutator, oracle: FuzzOracle, drafts: [TokenDraft], signerSeeds: [SigningCase]) {
            self.profile = profile
            self.mutator = mutator
            self.oracle = oracle
            self.drafts = drafts
            self.signerSeeds = signerSeeds
            idPrefix = Fuzzer.idPrefix(profile.id)
        }
    }

    /// The profiles a run fuzzes: those asked for that the implementation and the corpus both have.
    public var fuzzedProfiles: [ProfileID] { profiles }

    /// Runs until the budget is spent or `shouldStop` says so, reporting each finding as soon as
    /// it is shrunk and the figures about ten times a second.
    ///
    /// Cases run in batches on ``Configuration/workers`` tasks at once, worker `w` taking every
    /// `workers`-th case of a batch and sending its verifier cases' requests together; over the
    /// protocol one worker prepares and judges while another's requests are with the testee. The
    /// results are then taken in case order, so the statistics and the findings, their order and
    /// numbering, depend on the seed and the budget alone. A case that ends after `shouldStop`
    /// says so, or after the duration budget, is dropped with every later case of its batch.
    public func run(shouldStop: @Sendable () -> Bool = { false }, onEvent: (Event) -> Void) async -> Statistics {
        var statistics = Statistics()
        var found: [DisagreementKey: Int] = [:]
        let clock = ContinuousClock()
        let start = clock.now
        var lastProgress = start
        var next: UInt64 = 0
        let deadline: ContinuousClock.Instant? = if case .duration(let duration) = configuration.budget { start + duration } else { nil }
        run: while !shouldStop() {
            var end = next + Self.batchSize
            if case .count(let count) = configuration.budget { end = min(end, UInt64(max(count, 0))) }
            guard next < end, deadline.map({ clock.now < $0 }) ?? true else { break }
            let results = await runBatch(next..<end, deadline: deadline, shouldStop: shouldStop)
            for result in results {
                // A Ctrl-C reaches the testee too: what it answered after it is not a finding.
                guard let result else { break run }
                statistics.add(result.statistics)
                guard let disagreement = result.disagreement else { continue }
                statistics.byKey[disagreement.key, default: 0] += 1
                if configuration.known.contains(disagreement.key) {
                    statistics.known += 1
                } else if found[disagreement.key] != nil {
                    statistics.repeated += 1
                } else {
                    let number = found.count + 1
                    found[disagreement.key] = number
                    statistics.findings += 1
                    onEvent(.finding(await shrink(disagreement, number: number)))
                }
            }
            next = end
            if clock.now - lastProgress >= .milliseconds(100) {
                lastProgress = clock.now
                statistics.elapsed = clock.now - start
                onEvent(.progress(statistics))
            }
        }
        statistics.elapsed = clock.now - start
        return statistics
    }

    /// Cases per batch: enough to keep every worker busy, few enough to report findings promptly.
    static let batchSize: UInt64 = 64

    /// One case's contribution: its figures and its disagreement, if any.
    struct CaseResult: Sendable {
        var statistics: Statistics
        var disagreement: Disagreement?
    }

    /// Runs the cases of `batch` on the workers and returns their results in case order; a case
    /// that did not end before `shouldStop` or the deadline is nil.
    ///
    /// A worker prepares its cases in order, running each signer case at once, then asks the
    /// implementation for all its verifier cases' verdicts together (a testee then has a window
    /// of requests in flight) and judges each.
    private func runBatch(
        _ batch: Range<UInt64>, deadline: ContinuousClock.Instant?, shouldStop: @Sendable () -> Bool
    ) async -> [CaseResult?] {
        let workers = max(1, min(configuration.workers, batch.count))
        var results = [CaseResult?](repeating: nil, count: batch.count)
        // The workers end before the group does, so `shouldStop` does not outlive the call.
        await withoutActuallyEscaping(shouldStop) { shouldStop in
            await withTaskGroup(of: [(Int, CaseResult)].self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        func inTime() -> Bool { !shouldStop() && deadline.map { ContinuousClock.now < $0 } ?? true }
                        var done: [(Int, CaseResult)] = []
                        var verifierCases: [(offset: Int, prepared: VerifierCase)] = []
                        for offset in stride(from: worker, to: batch.count, by: workers) {
                            var statistics = Statistics()
                            statistics.cases = 1
                            let disagreement: Disagreement?
                            switch prepareCase(batch.lowerBound + UInt64(offset)) {
                            case .verifier(let prepared):
                                verifierCases.append((offset, prepared))
                                continue
                            case .signer(let signing, let stated, let profile, let index):
                                let key = await signerKey(signing, stated: stated, profile: profile, index: index, &statistics)
                                disagreement = key.map {
                                    Disagreement(key: $0, caseNumber: index, profile: profile, origin: .signing(signing, stated: stated))
                                }
                            case .none:
                                disagreement = nil
                            }
                            guard inTime() else { break }
                            done.append((offset, CaseResult(statistics: statistics, disagreement: disagreement)))
                        }
                        guard !verifierCases.isEmpty, inTime() else { return done }
                        let outcomes = await runner.outcomes(
                            of: verifierCases.map(\.prepared.request), expecting: verifierCases.map(\.prepared.expectation), against: implementation)
                        guard inTime() else { return done }
                        for ((offset, prepared), outcome) in zip(verifierCases, outcomes) {
                            var statistics = Statistics()
                            statistics.cases = 1
                            let profile = prepared.context.profile
                            let key = verifierKey(outcome, judgement: prepared.judgement, profile: profile, &statistics)
                            let disagreement = key.map {
                                Disagreement(
                                    key: $0, caseNumber: prepared.index, profile: profile,
                                    origin: .verification(seed: prepared.context.drafts[prepared.seed], steps: prepared.steps))
                            }
                            done.append((offset, CaseResult(statistics: statistics, disagreement: disagreement)))
                        }
                        return done
                    }
                }
                for await done in group {
                    for (offset, result) in done { results[offset] = result }
                }
            }
        }
        return results
    }

    // MARK: - One case

    /// A disagreement before shrinking.
    struct Disagreement: Sendable {
        var key: DisagreementKey
        var caseNumber: UInt64
        var profile: ProfileDefinition
        var origin: Origin

        enum Origin: Sendable {
            case verification(seed: TokenDraft, steps: [SplitMix64])
            case signing(SigningCase, stated: Bool)
        }
    }

    /// A case drawn and ready to run.
    private enum PreparedCase {
        /// No profile or seed to draw from.
        case none
        case signer(SigningCase, stated: Bool, profile: ProfileDefinition, index: UInt64)
        case verifier(VerifierCase)
    }

    /// A verifier case: the mutated token's request and the oracle's judgement of it, without its
    /// rules (a vector is built, and its rules cited, only for a finding).
    private struct VerifierCase {
        var index: UInt64
        var context: ProfileContext
        /// The index of the seed draft in the context's drafts.
        var seed: Int
        var steps: [SplitMix64]
        var request: VerificationRequest
        var expectation: VerificationExpectation
        var judgement: Judgement
    }

    /// Draws case `index`: its profile, then a signer case, or a verifier case mutated and judged by the oracle.
    private func prepareCase(_ index: UInt64) -> PreparedCase {
        var random = SplitMix64(seed: configuration.seed, case: index)
        guard !contexts.isEmpty else { return .none }
        // The draws of `random.pick(profiles)` and `random.pick(drafts)`, by index.
        let context = contexts[random.below(contexts.count)]
        let profile = context.profile
        let signerSeeds = context.signerSeeds
        let drafts = context.drafts
        if !signerSeeds.isEmpty, drafts.isEmpty || random.chance(10) {
            let (signing, stated) = SigningMutations.mutate(random.pick(signerSeeds), profile: profile, using: &random)
            return .signer(signing, stated: stated, profile: profile, index: index)
        }
        guard !drafts.isEmpty else { return .none }
        let seed = random.below(drafts.count)
        var draft = drafts[seed]
        let steps = context.mutator.mutate(&draft, count: random.number(in: 1...4), using: &random)
        let token = draft.token
        // The rules are cited only for a finding, judged again then (``verifierVector(_:profile:index:)``).
        let judgement = context.oracle.judge(token: token, keys: draft.keys, now: draft.now, citingRules: false)
        let request = VerificationRequest(
            profile: profile.id, token: token, keys: draft.keys, now: draft.now,
            vectorID: Self.vectorID(prefix: context.idPrefix, category: "FUZ", number: index))
        return .verifier(VerifierCase(
            index: index, context: context, seed: seed, steps: steps, request: request, expectation: Self.expectation(judgement), judgement: judgement))
    }

    /// What a verifier case expects: the judgement's expectation, or either verdict where it is not judged.
    static func expectation(_ judgement: Judgement) -> VerificationExpectation {
        switch judgement {
        case .judged(let expected, _, _): expected
        case .unjudged(let ambiguity): .acceptable(ambiguity: ambiguity, identity: nil, reasons: [])
        }
    }

    func mutator(_ profile: ProfileDefinition) -> Mutator {
        mutators[profile.id] ?? Mutator(profile: profile, decoyKeys: seeds.keys[profile.id] ?? [], catalogue: corpus.catalogue, describesMutations: false)
    }

    func oracle(_ profile: ProfileDefinition) -> FuzzOracle {
        oracles[profile.id] ?? FuzzOracle(profile: profile, catalogue: corpus.catalogue, openAmbiguities: openAmbiguities)
    }

    /// Runs a draft and returns the key of its disagreement, if any.
    func verifierKey(_ draft: TokenDraft, profile: ProfileDefinition, index: UInt64, _ statistics: inout Statistics) async -> DisagreementKey? {
        let (vector, judgement) = verifierVector(draft, profile: profile, index: index)
        let outcome = await runner.run(vector, against: implementation)
        return verifierKey(outcome.outcome, judgement: judgement, profile: profile, &statistics)
    }

    /// Counts a verifier case's outcome and returns the key of its disagreement, if any.
    func verifierKey(_ outcome: TestResult.Outcome, judgement: Judgement, profile: ProfileDefinition, _ statistics: inout Statistics) -> DisagreementKey? {
        switch judgement {
        case .unjudged(let ambiguity):
            statistics.unjudged[ambiguity, default: 0] += 1
            // Either verdict may do, but a crash, a hang or garbage never does.
            guard case .error(let message) = outcome, DisagreementKey.errorClass(message) != "error" else { return nil }
            return DisagreementKey(profile: profile.id, role: .verifier, kind: "robustness", expected: "unjudged", actual: DisagreementKey.errorClass(message))
        case .judged(let expectation, _, let check):
            statistics.judged += 1
            if case .acceptable(let ambiguity, _, _) = expectation { statistics.eitherVerdict[ambiguity, default: 0] += 1 }
            if case .skipped = outcome { statistics.skipped += 1 }
            if case .passed = outcome { statistics.conforming += 1 }
            return DisagreementKey.verifier(profile: profile.id, outcome: outcome, expected: expectation, decisiveCheck: check)
        }
    }

    func verifierVector(_ draft: TokenDraft, profile: ProfileDefinition, index: UInt64) -> (ConformanceVector, Judgement) {
        let token = draft.token
        let judgement = oracle(profile).judge(token: token, keys: draft.keys, now: draft.now)
        let expectation = Self.expectation(judgement)
        let rules: [String]
        switch judgement {
        case .judged(_, let cited, _):
            rules = cited.isEmpty ? draft.notes.map(\.rule).reduce(into: []) { if !$0.contains($1) { $0.append($1) } } : cited
        case .unjudged:
            rules = draft.notes.map(\.rule)
        }
        let vector = ConformanceVector(
            id: Self.vectorID(profile.id, category: "FUZ", number: index), description: "a fuzzed token (see the finding's mutations)",
            profile: profile.id, category: .signature, rules: rules, sources: [], flags: [], file: "fuzz",
            body: .verification(VerificationCase(token: token, keys: draft.keys, now: draft.now, expected: expectation)))
        return (vector, judgement)
    }

    func signerKey(_ signing: SigningCase, stated: Bool, profile: ProfileDefinition, index: UInt64, _ statistics: inout Statistics) async -> DisagreementKey? {
        let vector = ConformanceVector(
            id: Self.vectorID(profile.id, category: "FZS", number: index), description: "generated subject",
            profile: profile.id, category: .signer, rules: [], sources: [], flags: [], file: "fuzz", body: .signing(signing))
        let outcome = await runner.run(vector, against: implementation)
        guard stated else {
            statistics.unjudged["empty identifier (signer)", default: 0] += 1
            guard case .error(let message) = outcome.outcome else { return nil }
            let actual = DisagreementKey.errorClass(message)
            guard actual != "error" else { return nil }
            return DisagreementKey(profile: profile.id, role: .signer, kind: "robustness", expected: "unjudged", actual: actual)
        }
        statistics.judged += 1
        switch outcome.outcome {
        case .passed:
            statistics.conforming += 1
            return nil
        case .skipped, .notApplicable:
            statistics.skipped += 1
            return nil
        case .error(let message):
            return DisagreementKey(profile: profile.id, role: .signer, kind: "error", expected: "token", actual: DisagreementKey.errorClass(message))
        case .failed(let failure):
            let problems = failure.details.map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
            return DisagreementKey(profile: profile.id, role: .signer, kind: failure.kind.rawValue, expected: "token", actual: problems.joined(separator: "; "))
        }
    }

    static func vectorID(_ profile: ProfileID, category: String, number: UInt64) -> VectorID {
        vectorID(prefix: idPrefix(profile), category: category, number: number)
    }

    /// `KUS-FUZ-007`: the profile's ``idPrefix(_:)``, the category, and the number in at least three digits.
    static func vectorID(prefix: String, category: String, number: UInt64) -> VectorID {
        let digits = String(number)
        return VectorID(prefix + "-" + category + "-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits)
    }

    /// The first three letters of the profile's name, upper-cased and padded with `X`.
    static func idPrefix(_ profile: ProfileID) -> String {
        String(profile.rawValue.prefix(3)).uppercased().padding(toLength: 3, withPad: "X", startingAt: 0)
    }

    // MARK: - Shrinking

    private func shrink(_ disagreement: Disagreement, number: Int) async -> Finding {
        let profile = disagreement.profile
        var scratch = Statistics()
        let key = disagreement.key
        // A hang costs a timeout per attempt: shrink errors with a small budget.
        let attempts = key.kind == "error" || key.kind == "robustness" ? min(30, configuration.shrinkAttempts) : configuration.shrinkAttempts
        switch disagreement.origin {
        case .verification(let seed, let steps):
            var describing = mutator(profile)
            describing.describesMutations = true
            let shrinker = Shrinker(mutator: describing, maximumAttempts: attempts)
            let minimal = await shrinker.shrink(seed: seed, steps: steps) { candidate in
                await verifierKey(candidate, profile: profile, index: disagreement.caseNumber, &scratch) == key
            }
            let (vector, judgement) = verifierVector(minimal, profile: profile, index: disagreement.caseNumber)
            guard case .verification(let verification) = vector.body else { fatalError("a verifier vector without a verification case") }
            let actual = await answer(to: vector)
            var finding = Finding(
                key: key, id: Self.vectorID(profile.id, category: key.role == .signer ? "FZS" : "FUZ", number: UInt64(number)),
                input: .verification(verification), rules: vector.rules.isEmpty ? [RuleNames(profile: profile.id, catalogue: corpus.catalogue).profileRule("ID-CLAIMS", fallback: "JWT-STRING-EXACT")] : vector.rules,
                description: Self.describe(minimal, judgement: judgement, actual: actual),
                actual: actual, mutations: minimal.notes.map(\.text), caseNumber: disagreement.caseNumber)
            finding.reproduced = await verifierKey(minimal, profile: profile, index: disagreement.caseNumber, &scratch) == key
            return finding
        case .signing(let signing, let stated):
            var current = signing
            for _ in 0..<attempts {
                guard let smaller = Self.smallerSubject(current, profile: profile) else { break }
                guard await signerKey(smaller, stated: stated, profile: profile, index: disagreement.caseNumber, &scratch) == key else { break }
                current = smaller
            }
            let vector = ConformanceVector(
                id: Self.vectorID(profile.id, category: "FZS", number: UInt64(number)), description: "", profile: profile.id,
                category: .signer, rules: [], sources: [], flags: [], file: "fuzz", body: .signing(current))
            let actual = await answer(to: vector)
            let rules = RuleNames(profile: profile.id, catalogue: corpus.catalogue)
            var finding = Finding(
                key: key, id: vector.id, input: .signing(current),
                rules: [rules.profileRule("SGN-IDENTITY", fallback: rules.profileRule("SGN-CLAIMS", fallback: "JWT-STRING-EXACT"))],
                description: "Signer, subject \(Self.describe(current.subject)): \(actual)", actual: actual,
                mutations: ["generated subject"], caseNumber: disagreement.caseNumber)
            finding.reproduced = await signerKey(current, stated: stated, profile: profile, index: disagreement.caseNumber, &scratch) == key
            return finding
        }
    }

    /// The subject with its longest identifier halved, or nil when nothing is longer than 4 characters.
    static func smallerSubject(_ signing: SigningCase, profile: ProfileDefinition) -> SigningCase? {
        var subject = signing.subject
        let externalLength = subject.externalId?.count ?? 0
        let emailLength = subject.email?.count ?? 0
        guard max(externalLength, emailLength) > 4 else { return nil }
        if externalLength >= emailLength {
            subject.externalId = subject.externalId.map { String($0.prefix($0.count / 2)) }
        } else {
            subject.email = subject.email.map { String($0.prefix($0.count / 2)) }
        }
        var smaller = signing
        smaller.subject = subject
        for rule in profile.identityClaims where smaller.expected.claims[rule.claim] != nil {
            let value = rule.kind == .email ? subject.email : subject.externalId
            smaller.expected.claims[rule.claim] = value.map(JSONValue.string) ?? .null
        }
        let kind = smaller.expected.identity.kind
        smaller.expected.identity = Identity(kind: kind, value: (kind == .email ? subject.email : subject.externalId) ?? "")
        return smaller
    }

    /// What the implementation answers for a vector, for people.
    private func answer(to vector: ConformanceVector) async -> String {
        let result = await runner.run(vector, against: implementation)
        return result.outcome.description
    }

    static func describe(_ draft: TokenDraft, judgement: Judgement, actual: String) -> String {
        let header = Mutator.excerpt(String(decoding: draft.header, as: UTF8.self), limit: 100)
        let payload = Mutator.excerpt(String(decoding: draft.payload, as: UTF8.self), limit: 140)
        var text = "header \(header), payload \(payload)"
        let shape = draft.tokenEdits.map { "\($0)" } + draft.segmentEdits.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { segment, edits in edits.map { "\(segment) \($0)" } }
        if !shape.isEmpty { text += ", then \(shape.joined(separator: ", "))" }
        text += "; signature: \(Mutator.describe(draft.signing))"
        if case .unjudged(let ambiguity) = judgement { text += " (verdict open: \(ambiguity))" }
        return text
    }

    static func describe(_ subject: Subject) -> String {
        "externalId \(subject.externalId.map { Mutator.excerpt(JSONValue.string($0).serialized()) } ?? "null"), email \(subject.email.map { Mutator.excerpt(JSONValue.string($0).serialized()) } ?? "null")"
    }

    // MARK: - Known failures

    /// The keys of the disagreements an implementation shows on the listed vectors: the causes a
    /// known-failures list already records, which a run then does not report again.
    public func knownKeys(of known: KnownFailures) async -> Set<DisagreementKey> {
        var keys: Set<DisagreementKey> = []
        var scratch = Statistics()
        for vector in corpus.vectors where known.contains(vector.id) && implementation.isApplicable(vector) {
            guard let profile = corpus.profiles[vector.profile] else { continue }
            switch vector.body {
            case .verification(let verification):
                let draft = TokenDraft(profile: vector.profile, header: [], payload: [], signing: .literal(""), keys: verification.keys, now: verification.now)
                if let key = await tokenKey(verification.token, draft: draft, profile: profile, index: 0, &scratch) { keys.insert(key) }
            case .signing(let signing):
                if let key = await signerKey(signing, stated: true, profile: profile, index: 0, &scratch) { keys.insert(key) }
            case .session:
                continue
            }
        }
        return keys
    }

    /// Like ``verifierKey(_:profile:index:_:)`` for a token as it stands.
    private func tokenKey(_ token: String, draft: TokenDraft, profile: ProfileDefinition, index: UInt64, _ statistics: inout Statistics) async -> DisagreementKey? {
        let judgement = oracle(profile).judge(token: token, keys: draft.keys, now: draft.now)
        guard case .judged(let expectation, _, let check) = judgement else { return nil }
        let vector = ConformanceVector(
            id: Self.vectorID(profile.id, category: "FUZ", number: index), description: "known failure", profile: profile.id,
            category: .signature, rules: [], sources: [], flags: [], file: "fuzz",
            body: .verification(VerificationCase(token: token, keys: draft.keys, now: draft.now, expected: expectation)))
        let outcome = await runner.run(vector, against: implementation)
        return DisagreementKey.verifier(profile: profile.id, outcome: outcome.outcome, expected: expectation, decisiveCheck: check)
    }
}
