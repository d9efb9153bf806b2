import JWTConformance

/// Session scripts derived from a ``SessionMachine``: every pair of consecutive transitions
/// reachable from a fresh install, covered at least once.
///
/// A step can name one ambiguity, so a script follows one *context*: no ambiguity, or one
/// ambiguity whose every reading it follows from the step that reaches it to its end. Its
/// other steps are transitions no reading changes. A transition that depends on two
/// ambiguities at once cannot be stated in one vector; those are counted, not covered.
/// A derived script's id is a hash of its path (vendor, platform, context and calls), so
/// it never depends on the order of generation.
struct SessionDerivation {
    let machine: SessionMachine
    let tokens: SessionTokens
    let prefix: String
    let start: UnixTime

    /// The longest script, in steps, and how far ahead the search for an uncovered pair looks.
    static let maximumSteps = 16
    static let lookahead = 6

    /// Figures for the rules document.
    struct Coverage {
        var platform: SessionPlatform
        var scripts: Int
        var transitionsReachable: Int
        var transitionsCovered: Int
        var pairsReachable: Int
        var pairsCovered: Int
        /// Transitions whose outcome depends on two ambiguities at once (not expressible).
        var twoAmbiguityTransitions: Int
    }

    /// A script being walked: one branch per reading of its context's ambiguity.
    private struct Walk {
        var branches: [MachineState]
        var last: [String?]
        var clock: Int64
        var moves: [SessionMove] = []
    }

    private struct Step {
        var transitions: [String]
        var branches: [MachineState]
        var outcomes: [(SessionResult, SessionState)]
    }

    /// The sequences the issue found the hand-written scripts never chain, with the context
    /// in which each is written; each starts a script of its own where the platform has its calls.
    static let requiredSequences: [(context: String?, moves: [SessionMove])] = [
        ("AMB-KUS-SES-PRE-LOGIN-CHATS", [.start, .logInA, .logOut]),
        (nil, [.logInA, .logInB, .restart]),
        ("AMB-KUS-SES-RESTART", [.logInA, .logInB, .restart]),
        (nil, [.logOut, .start, .restart]),
        ("AMB-KUS-SES-QUERY-BOTH-WEB", [.logInB, .queryBoth]),
        ("AMB-SUN-SES-RESTART", [.loginA, .loginB, .restart]),
        (nil, [.loginA, .logout, .start, .restart]),
        ("AMB-SUN-SES-EXPIRED", [.loginA, .startLater, .start]),
    ]

    /// The derived scripts of the platform, with their ids, and the coverage they reach.
    func derive() -> (scripts: [(id: String, script: SessionScript)], coverage: Coverage) {
        let contexts = [nil] + ambiguities()
        let universe = reachable(contexts: contexts)
        var uncoveredPairs = universe.pairs
        var uncoveredTransitions = universe.transitions
        var paths: [(context: String?, moves: [SessionMove])] = []
        // A required sequence is written in its context where the platform can state it there.
        let applicable = Self.requiredSequences.filter { required in
            required.moves.allSatisfy(machine.moves.contains) && contexts.contains(required.context)
        }
        var unwritten = applicable.map { $0.moves.map(\.rawValue).joined(separator: " > ") }
        for context in contexts {
            var prefixes = applicable.filter { required in
                required.context == context
                    && required.moves.indices.reduce(Optional(fresh(context))) { walk, index in
                        walk.flatMap { walk in advance(walk, required.moves[index], context: context).map { step in
                            var moved = walk
                            var pairs: Set<String> = []
                            var transitions: Set<String> = []
                            record(step, &moved, required.moves[index], &pairs, &transitions)
                            return moved
                        } }
                    } != nil
            }.map(\.moves)
            while true {
                var walk = fresh(context)
                let required = prefixes.isEmpty ? [] : prefixes.removeFirst()
                unwritten.removeAll { $0 == required.map(\.rawValue).joined(separator: " > ") }
                for move in required {
                    guard let step = advance(walk, move, context: context) else { fatalError("a required sequence became unavailable") }
                    record(step, &walk, move, &uncoveredPairs, &uncoveredTransitions)
                }
                while walk.moves.count < Self.maximumSteps,
                    let path = search(from: walk, context: context, pairs: uncoveredPairs, transitions: uncoveredTransitions),
                    walk.moves.count + path.count <= Self.maximumSteps {
                    for move in path {
                        guard let step = advance(walk, move, context: context) else { fatalError("the search found an unavailable move") }
                        record(step, &walk, move, &uncoveredPairs, &uncoveredTransitions)
                    }
                }
                if walk.moves.isEmpty { break }
                paths.append((context, walk.moves))
            }
        }
        if !unwritten.isEmpty { fatalError("\(prefix) \(machine.platform): no context can state the required sequence(s) \(unwritten)") }
        var taken: [String: String] = [:]
        let scripts = paths.map { path -> (id: String, script: SessionScript) in
            let text = pathText(path.context, path.moves)
            let id = identifier(text)
            if let other = taken.updateValue(text, forKey: id) { fatalError("\(text) and \(other) share the id \(id)") }
            return (id, script(path.context, path.moves))
        }
        let coverage = Coverage(
            platform: machine.platform, scripts: scripts.count,
            transitionsReachable: universe.transitions.count, transitionsCovered: universe.transitions.count - uncoveredTransitions.count,
            pairsReachable: universe.pairs.count, pairsCovered: universe.pairs.count - uncoveredPairs.count,
            twoAmbiguityTransitions: universe.twoAmbiguity.count)
        return (scripts, coverage)
    }

    // MARK: - The graph

    /// The ambiguities the machine consults on this platform, in catalogue order.
    private func ambiguities() -> [String] {
        let consulted = Set(reachable(contexts: [nil]).consulted)
        return Catalogue.ambiguities.map(\.id).filter { consulted.contains($0) }
    }

    /// Every transition and pair of transitions a vector can reach from a fresh install: in a
    /// context of no ambiguity, or of one ambiguity whose readings a script follows in lockstep
    /// (a call is available when no branch needs another ambiguity).
    private func reachable(contexts: [String?]) -> (transitions: Set<String>, pairs: Set<String>, twoAmbiguity: Set<String>, consulted: [String]) {
        struct Key: Hashable {
            var nodes: [MachineNode]
        }
        var transitions: Set<String> = []
        var pairs: Set<String> = []
        var twoAmbiguity: Set<String> = []
        var consulted: [String] = []
        for context in contexts {
            let origin = fresh(context)
            var seen: [Key: Walk] = [Key(nodes: origin.branches.map(machine.node)): origin]
            var queue = [Key(nodes: origin.branches.map(machine.node))]
            var into: [Key: Set<[String]>] = [:]
            var out: [Key: Set<[String]>] = [:]
            while !queue.isEmpty {
                let key = queue.removeFirst()
                let walk = seen[key]!
                for move in machine.moves {
                    for (index, state) in walk.branches.enumerated() {
                        let fixed = context.map { [$0: index] } ?? [:]
                        if case .needs(let ambiguity) = outcome(move, state, now: walk.clock + (move.waitsLong ? SessionMachine.longWait : SessionMachine.tick), fixed: fixed) {
                            if !consulted.contains(ambiguity) { consulted.append(ambiguity) }
                            if let two = twoAmbiguityKey(machine.node(state), move, fixed: fixed, ambiguity) { twoAmbiguity.insert(two) }
                        }
                    }
                    guard let step = advance(walk, move, context: context) else { continue }
                    var moved = walk
                    var ignoredPairs: Set<String> = []
                    var ignoredTransitions: Set<String> = []
                    record(step, &moved, move, &ignoredPairs, &ignoredTransitions)
                    let next = Key(nodes: moved.branches.map(machine.node))
                    transitions.formUnion(step.transitions)
                    out[key, default: []].insert(step.transitions)
                    into[next, default: []].insert(step.transitions)
                    if seen[next] == nil {
                        seen[next] = moved
                        queue.append(next)
                    }
                }
            }
            for (key, incoming) in into {
                for first in incoming {
                    for second in out[key] ?? [] {
                        for index in first.indices { pairs.insert(first[index] + " ; " + second[index]) }
                    }
                }
            }
        }
        return (transitions, pairs, twoAmbiguity, consulted)
    }

    private enum Outcome {
        case unavailable
        case needs(String)
        case done(dependence: [String: Int], result: SessionResult, after: MachineState)
    }

    /// The move's outcome when `fixed` is the only reading given.
    private func outcome(_ move: SessionMove, _ state: MachineState, now: Int64, fixed: [String: Int]) -> Outcome {
        do {
            let (result, after) = try machine.apply(move, to: state, label: "conv", now: now, readings: [:])
            return .done(dependence: [:], result: result, after: after)
        } catch let need as SessionMachine.NeedsReading {
            guard fixed[need.ambiguity] != nil else { return .needs(need.ambiguity) }
            do {
                let (result, after) = try machine.apply(move, to: state, label: "conv", now: now, readings: fixed)
                return .done(dependence: fixed, result: result, after: after)
            } catch let second as SessionMachine.NeedsReading {
                return .needs(second.ambiguity)
            } catch is SessionMachine.Unavailable {
                return .unavailable
            } catch {
                fatalError("\(error)")
            }
        } catch is SessionMachine.Unavailable {
            return .unavailable
        } catch {
            fatalError("\(error)")
        }
    }

    /// The key of a transition that needs `ambiguity` besides the context's, if it does.
    private func twoAmbiguityKey(_ node: MachineNode, _ move: SessionMove, fixed: [String: Int], _ ambiguity: String) -> String? {
        guard let context = fixed.first, context.key != ambiguity else { return nil }
        return "\(node) —\(move.rawValue)→ needs \(context.key) and \(ambiguity)"
    }

    private func transitionKey(_ node: MachineNode, _ move: SessionMove, _ dependence: [String: Int], _ next: MachineNode) -> String {
        let reading = dependence.first.map { " [\($0.key) reading \($0.value + 1)]" } ?? ""
        return "\(node) —\(move.rawValue)\(reading)→ \(next)"
    }

    // MARK: - Walking

    private func fresh(_ context: String?) -> Walk {
        let count = context.map { SessionMachine.readingCounts[$0] ?? 1 } ?? 1
        return Walk(branches: Array(repeating: machine.fresh, count: count), last: Array(repeating: nil, count: count), clock: start)
    }

    /// The step `move` makes from `walk` in every branch, or nil when some branch needs an
    /// ambiguity other than the context's.
    private func advance(_ walk: Walk, _ move: SessionMove, context: String?) -> Step? {
        let now = walk.clock + (walk.moves.isEmpty ? 0 : move.waitsLong ? SessionMachine.longWait : SessionMachine.tick)
        let label = "conv-\(walk.moves.count + 1)"
        var step = Step(transitions: [], branches: [], outcomes: [])
        for (index, state) in walk.branches.enumerated() {
            let fixed = context.map { [$0: index] } ?? [:]
            do {
                var dependence: [String: Int] = [:]
                let result: SessionResult
                let after: MachineState
                do {
                    (result, after) = try machine.apply(move, to: state, label: label, now: now, readings: [:])
                } catch let need as SessionMachine.NeedsReading where fixed[need.ambiguity] != nil {
                    dependence = fixed
                    (result, after) = try machine.apply(move, to: state, label: label, now: now, readings: fixed)
                }
                step.transitions.append(transitionKey(machine.node(state), move, dependence, machine.node(after)))
                step.branches.append(after)
                step.outcomes.append((result, after.visible))
            } catch {
                return nil
            }
        }
        return step
    }

    private func record(_ step: Step, _ walk: inout Walk, _ move: SessionMove, _ pairs: inout Set<String>, _ transitions: inout Set<String>) {
        for (index, transition) in step.transitions.enumerated() {
            transitions.remove(transition)
            if let last = walk.last[index] { pairs.remove(last + " ; " + transition) }
        }
        walk.clock += walk.moves.isEmpty ? 0 : move.waitsLong ? SessionMachine.longWait : SessionMachine.tick
        walk.branches = step.branches
        walk.last = step.transitions
        walk.moves.append(move)
    }

    /// The shortest sequence of moves from `walk` whose last step covers an uncovered pair or
    /// transition in some branch, looking at most ``lookahead`` moves ahead.
    private func search(from walk: Walk, context: String?, pairs: Set<String>, transitions: Set<String>) -> [SessionMove]? {
        struct Key: Hashable {
            var nodes: [MachineNode]
            var last: [String?]
        }
        var frontier: [(Walk, [SessionMove])] = [(walk, [])]
        var visited: Set<Key> = [Key(nodes: walk.branches.map(machine.node), last: walk.last)]
        for _ in 0..<Self.lookahead {
            var next: [(Walk, [SessionMove])] = []
            for (current, path) in frontier {
                for move in machine.moves {
                    guard let step = advance(current, move, context: context) else { continue }
                    let gains = step.transitions.indices.contains { index in
                        transitions.contains(step.transitions[index])
                            || current.last[index].map { pairs.contains($0 + " ; " + step.transitions[index]) } ?? false
                    }
                    if gains { return path + [move] }
                    var moved = current
                    var ignoredPairs: Set<String> = []
                    var ignoredTransitions: Set<String> = []
                    record(step, &moved, move, &ignoredPairs, &ignoredTransitions)
                    if visited.insert(Key(nodes: moved.branches.map(machine.node), last: moved.last)).inserted {
                        next.append((moved, path + [move]))
                    }
                }
            }
            frontier = next
        }
        return nil
    }

    // MARK: - Scripts

    private func pathText(_ context: String?, _ moves: [SessionMove]) -> String {
        "\(prefix) \(machine.platform) \(context ?? "-"): " + moves.map(\.rawValue).joined(separator: " > ")
    }

    /// `<PREFIX>-SES-<platform digit><7 digits of the path's FNV-1a hash>`.
    private func identifier(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digit: Int =
            switch machine.platform {
            case .ios: 1
            case .android: 2
            case .web: 3
            case .reactNative: 4
            }
        let digits = String(hash % 10_000_000)
        return "\(prefix)-SES-\(digit)" + String(repeating: "0", count: 7 - digits.count) + digits
    }

    private func script(_ context: String?, _ moves: [SessionMove]) -> SessionScript {
        var rules: [String] = []
        for move in moves {
            for rule in Self.rules(move, model: machine.model) where !rules.contains(rule) { rules.append(rule) }
        }
        var flags = ["derived"]
        let risky: Set<SessionMove> = [
            .logInRefused, .reLogInRefused, .loginRefused, .loginMismatch, .logInEmptyEmail, .loginUserRefused, .loginUserConflict,
            .bootRefused, .bootMismatch,
        ]
        if moves.contains(where: risky.contains) {
            flags.append("auth-bypass")
        }
        let customers = Set(moves.compactMap { move -> String? in
            switch move {
            case .logInA, .reLogInA, .loginA, .loginUserA, .bootA, .bootMismatch: "A"
            case .logInB, .reLogInB, .loginB, .logInEmptyEmail, .loginMismatch, .loginUserB, .loginUserConflict, .bootB: "B"
            default: nil
            }
        })
        if customers.count == 2 { flags.append("cross-customer") }
        var script = SessionScript(
            pathText(context, moves), "derived from the session state machine" + (context.map { " (every reading of \($0))" } ?? "") + ": "
                + moves.map(\.rawValue).joined(separator: ", "),
            platform: machine.platform, start: start, rules: rules.sorted(), sources: [], flags: flags, history: machine.history,
            directory: machine.directory)
        var walk = fresh(context)
        for move in moves {
            guard let step = advance(walk, move, context: context) else { fatalError("\(pathText(context, moves)) is not available") }
            var ignoredPairs: Set<String> = []
            var ignoredTransitions: Set<String> = []
            let now = walk.clock + (walk.moves.isEmpty ? 0 : move.waitsLong ? SessionMachine.longWait : SessionMachine.tick)
            script.clock = now
            script.observe(call(move, label: "conv-\(walk.moves.count + 1)", now: now), readings: step.outcomes, ambiguity: context)
            record(step, &walk, move, &ignoredPairs, &ignoredTransitions)
        }
        if script.ambiguity != nil { script.flags.insert("vendor-ambiguity", at: 1) }
        return script
    }

    /// The SDK call of a move at `now`, with a token signed for it.
    private func call(_ move: SessionMove, label: String, now: Int64) -> SessionCall {
        let a = machine.a
        let b = machine.b
        func subject(_ identity: Identity) -> Subject {
            identity.kind == .email ? Subject(email: identity.value) : Subject(externalId: identity.value)
        }
        func expiring(_ identity: Identity) -> String {
            tokens.expiring(subject(identity), at: now, lifetime: SessionMachine.sunshineLifetime)
        }
        let kustomer = KustomerSessionCases(tokens: tokens, start: start)
        switch move {
        case .logInA: return .logIn(token: tokens.valid(subject(a), at: now))
        case .logInB: return .logIn(token: tokens.valid(subject(b), at: now))
        case .logInRefused: return .logIn(token: tokens.refused(.badSignature, subject(b), at: now))
        case .logInEmptyEmail: return .logIn(token: tokens.emptyEmail(externalId: b.value, at: now))
        case .logOut: return .logOut
        case .reLogInA: return .logOutThenLogIn(token: tokens.valid(subject(a), at: now))
        case .reLogInB: return .logOutThenLogIn(token: tokens.valid(subject(b), at: now))
        case .reLogInRefused: return .logOutThenLogIn(token: tokens.refused(.badSignature, subject(b), at: now))
        case .loginA: return .login(externalId: a.value, token: expiring(a))
        case .loginB: return .login(externalId: b.value, token: expiring(b))
        case .loginRefused: return .login(externalId: b.value, token: tokens.refused(.badSignature, subject(b), at: now))
        case .loginMismatch: return .login(externalId: a.value, token: expiring(b))
        case .logout: return .logout
        case .start, .startLater: return .startConversation(label)
        case .restart: return .restart
        case .queryA: return .isLoggedIn(kustomer.by(a, machine.platform))
        case .queryB: return .isLoggedIn(kustomer.by(b, machine.platform))
        case .queryBoth:
            return .isLoggedIn(machine.platform == .web
                ? .web(email: a.value, externalId: b.value) : .native(userEmail: a.value, userId: b.value))
        case .queryIdType: return .isLoggedIn(.reactNative(idType: "externalId", id: b.value))
        case .loginUserA: return .loginUser(token: tokens.valid(subject(a), at: now))
        case .loginUserB: return .loginUser(token: tokens.valid(subject(b), at: now))
        case .loginUserRefused: return .loginUser(token: tokens.refused(.badSignature, subject(b), at: now))
        case .loginUserConflict:
            guard let paired = machine.directory.first else { fatalError("loginUser(conflict) needs a directory entry") }
            return .loginUser(token: tokens.withEmail(subject(b), email: paired.email, verified: true, at: now))
        case .logoutUser: return .logoutUser
        case .bootA: return .boot(token: tokens.valid(subject(a), at: now), settings: MessengerSettings(userId: a.value))
        case .bootB: return .boot(token: tokens.valid(subject(b), at: now), settings: MessengerSettings(userId: b.value))
        case .bootRefused:
            return .boot(token: tokens.refused(.badSignature, subject(b), at: now), settings: MessengerSettings(userId: b.value))
        case .bootMismatch: return .boot(token: tokens.valid(subject(a), at: now), settings: MessengerSettings(userId: b.value))
        case .updateNoToken: return .update(token: nil, settings: MessengerSettings(email: IntercomSessionCases.updatedEmail))
        case .updateA: return .update(token: tokens.valid(subject(a), at: now), settings: MessengerSettings(userId: a.value))
        case .shutdown: return .shutdown
        }
    }

    /// The session rules a move applies.
    private static func rules(_ move: SessionMove, model: SessionMachine.Model) -> [String] {
        let kustomer = model == .kustomer
        return switch move {
        case .logInA, .logInB: ["KUS-SES-LOGIN", "KUS-SES-SWITCH", "KUS-SES-HISTORY"]
        case .logInRefused: ["KUS-SES-FAILED-LOGIN"]
        case .logInEmptyEmail: ["KUS-SES-FAILED-LOGIN", "KUS-SES-LOGIN"]
        case .logOut: ["KUS-SES-LOGOUT"]
        case .reLogInA, .reLogInB: ["KUS-SES-RELOGIN", "KUS-SES-SWITCH"]
        case .reLogInRefused: ["KUS-SES-RELOGIN", "KUS-SES-FAILED-LOGIN"]
        case .loginA, .loginB: ["SUN-SES-LOGIN", "SUN-SES-SWITCH", "SUN-SES-ANONYMOUS-KEPT"]
        case .loginRefused: ["SUN-SES-FAILED-LOGIN"]
        case .loginMismatch: ["SUN-SES-EXTERNALID-MATCH"]
        case .logout: ["SUN-SES-LOGOUT"]
        case .loginUserA, .loginUserB: ["ZDM-SES-LOGIN", "ZDM-SES-CONVERSATIONS"]
        case .loginUserRefused: ["ZDM-SES-LOGIN"]
        case .loginUserConflict: ["ZDM-SES-EMAIL-CONFLICT"]
        case .logoutUser: ["ZDM-SES-LOGOUT"]
        case .start where model == .zendeskMessaging, .restart where model == .zendeskMessaging: ["ZDM-SES-CONVERSATIONS"]
        case .bootA, .bootB, .bootRefused: ["ICM-SES-BOOT"]
        case .bootMismatch: ["ICM-SES-MISMATCH"]
        case .updateNoToken, .updateA: ["ICM-SES-UPDATE"]
        case .shutdown: ["ICM-SES-SHUTDOWN"]
        case .start where model == .intercom, .restart where model == .intercom: ["ICM-SES-BOOT"]
        case .start: kustomer ? ["KUS-SES-HISTORY", "KUS-SES-DEVICE-HISTORY"] : ["SUN-SES-DEVICE-HISTORY"]
        case .startLater: ["SUN-SES-EXPIRY"]
        case .restart: kustomer ? ["KUS-SES-RESTART", "KUS-SES-DEVICE-HISTORY"] : ["SUN-SES-DEVICE-HISTORY", "SUN-SES-LOGOUT"]
        case .queryA, .queryB, .queryBoth, .queryIdType: ["KUS-SES-ISLOGGEDIN"]
        }
    }
}
