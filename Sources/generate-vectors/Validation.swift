import JWTConformance

/// Checks the case definitions against the catalogue before anything is written, so that a
/// broken corpus is never produced: every problem is listed and the generator exits 1.
struct Validation {
    let books: [CaseBook]

    /// Rules that bind verifiers but for which a vector of one polarity makes no sense,
    /// with the reason. Every other verifier rule needs a vector a conforming verifier
    /// accepts and one it rejects.
    static let onePolarity: [String: String] = [
        "JWS-REASON-ORDER": "is about which reason a rejection names; it has no accepting vector",
        "JWS-CRIT": "every crit is refused by profiles that understand no extension; tokens without crit are the accepting case",
        "JWS-KEY-FROM-HEADER": "only says where keys never come from; every token carrying its own key is refused",
        "JWS-ALG-NONE": "every token it concerns is refused; HS256 tokens are the accepting case (JWS-ALG-ALLOWLIST)",
        "JWS-HEADER-UNKNOWN": "says what is ignored, never what is refused",
        "JWT-UNKNOWN-CLAIMS": "says what is ignored, never what is refused",
    ]

    func problems() -> [String] {
        var problems: [String] = []
        let rules = Dictionary(uniqueKeysWithValues: Catalogue.rules.map { ($0.id, $0) })
        let ambiguities = Dictionary(uniqueKeysWithValues: Catalogue.ambiguities.map { ($0.id, $0) })
        let flags = Set(Catalogue.flags.map(\.id))

        // The catalogue itself.
        for (kind, ids) in [("rule", Catalogue.rules.map(\.id)), ("ambiguity", Catalogue.ambiguities.map(\.id)),
                            ("flag", Catalogue.flags.map(\.id))] {
            var seen: Set<String> = []
            for id in ids where !seen.insert(id).inserted { problems.append("the catalogue defines \(kind) \(id) twice") }
        }
        for ambiguity in SessionCatalogue.ambiguities where !Registry.profileIDs.contains(where: { ambiguity.profiles == [$0] }) {
            problems.append("session ambiguity \(ambiguity.id) must name one bundled profile, not \(ambiguity.profiles)")
        }
        for rule in Catalogue.rules where rule.sources.isEmpty { problems.append("rule \(rule.id) has no source") }
        for ambiguity in Catalogue.ambiguities where ambiguity.sources.isEmpty || ambiguity.readings.count < 2 {
            problems.append("ambiguity \(ambiguity.id) needs sources and at least two readings")
        }

        var seenIDs: [String: String] = [:]
        var inputs: [String: (id: String, expected: Expectation)] = [:]
        var accepting: Set<String> = []
        var rejecting: Set<String> = []
        var signing: Set<String> = []
        var ambiguityUse: Set<String> = []

        for book in books {
            let vendor = book.vendor
            func checkCommon(id: String, category: VectorCategory, description: String, ruleIDs: [String], flagIDs: [String]) {
                if let other = seenIDs[id] { problems.append("\(id) is defined twice (\(other))") }
                seenIDs[id] = vendor.profile
                if id.wholeMatch(of: /[A-Z]{3}-[A-Z]{3}-[0-9]{3,4}/) == nil || !id.hasPrefix("\(vendor.prefix)-\(category.code)-") {
                    problems.append("\(id) does not match \(vendor.prefix)-\(category.code)-NNN")
                }
                if description.isEmpty || description.contains("\n") { problems.append("\(id): the description must be one line") }
                if ruleIDs.isEmpty { problems.append("\(id) names no rule") }
                for rule in ruleIDs {
                    guard let definition = rules[rule] else {
                        problems.append("\(id) names unknown rule \(rule)")
                        continue
                    }
                    if !definition.applies(to: vendor.profile) { problems.append("\(id) names \(rule), which does not apply to \(vendor.profile)") }
                }
                if Set(ruleIDs).count != ruleIDs.count { problems.append("\(id) names a rule twice") }
                for flag in flagIDs where !flags.contains(flag) { problems.append("\(id) has unknown flag \(flag)") }
                if Set(flagIDs).count != flagIDs.count { problems.append("\(id) has a flag twice") }
            }
            func checkAmbiguity(_ id: String, _ name: String, open: Bool) {
                guard let ambiguity = ambiguities[name] else {
                    problems.append("\(id) names unknown ambiguity \(name)")
                    return
                }
                ambiguityUse.insert(name)
                if !ambiguity.profiles.contains(vendor.profile) { problems.append("\(id): \(name) does not concern \(vendor.profile)") }
                if open && !ambiguity.leavesVerdictOpen { problems.append("\(id) is acceptable, but \(name) decided a required verdict") }
            }

            for testCase in book.verifierCases {
                checkCommon(id: testCase.id, category: testCase.category, description: testCase.description,
                            ruleIDs: testCase.rules, flagIDs: testCase.flags)
                switch testCase.expected {
                case .accept:
                    testCase.rules.forEach { accepting.insert($0) }
                case .reject(let reason, let alternatives):
                    testCase.rules.forEach { rejecting.insert($0) }
                    if alternatives.contains(reason) || Set(alternatives).count != alternatives.count {
                        problems.append("\(testCase.id): alternative reasons repeat a reason")
                    }
                case .acceptable(let name, let identity, let reasons):
                    testCase.rules.forEach { accepting.insert($0); rejecting.insert($0) }
                    checkAmbiguity(testCase.id, name, open: true)
                    if identity == nil { problems.append("\(testCase.id): an acceptable vector must say which identity an acceptance resolves") }
                    if reasons.isEmpty { problems.append("\(testCase.id): an acceptable vector must say which reasons a rejection may name") }
                    if !testCase.flags.contains("vendor-ambiguity") { problems.append("\(testCase.id): acceptable vectors carry the vendor-ambiguity flag") }
                }
                if let decided = testCase.decidedAmbiguity {
                    if case .acceptable = testCase.expected { problems.append("\(testCase.id): decided and acceptable at once") }
                    checkAmbiguity(testCase.id, decided, open: false)
                }
                let keys = testCase.group.keys.map { "\($0.kid.map { Array($0.utf8) } ?? [])|\(Array($0.secret.utf8))" }.joined(separator: ",")
                let input = "\(vendor.profile)\u{0}\(Array(testCase.token.utf8))\u{0}\(keys)\u{0}\(testCase.effectiveNow)"
                if let other = inputs[input], !Self.same(other.expected, testCase.expected) {
                    problems.append("\(testCase.id) and \(other.id) have the same input and different expectations")
                }
                inputs[input] = (testCase.id, testCase.expected)
            }
            for testCase in book.signerCases {
                checkCommon(id: testCase.id, category: .signer, description: testCase.description,
                            ruleIDs: testCase.rules, flagIDs: testCase.flags)
                testCase.rules.forEach { signing.insert($0) }
                for rule in testCase.rules where !(rules[rule]?.roles.contains(.signer) ?? true) {
                    problems.append("\(testCase.id) names \(rule), which does not bind signers")
                }
            }
        }

        for rule in Catalogue.rules {
            let verifier = rule.roles.contains(.verifier)
            let signer = rule.roles.contains(.signer)
            if signer && !verifier && !signing.contains(rule.id) { problems.append("signer rule \(rule.id) has no signer vector") }
            guard verifier else { continue }
            let hasAccept = accepting.contains(rule.id)
            let hasReject = rejecting.contains(rule.id)
            if !hasAccept && !hasReject {
                problems.append("rule \(rule.id) has no verifier vector")
            } else if !(hasAccept && hasReject) && Self.onePolarity[rule.id] == nil {
                problems.append("rule \(rule.id) has only \(hasAccept ? "accepting" : "rejecting") vectors")
            }
        }
        for ambiguity in Catalogue.ambiguities where !ambiguity.sessionOnly && !ambiguityUse.contains(ambiguity.id) {
            problems.append("ambiguity \(ambiguity.id) has no vector")
        }
        // An ambiguity a vector leaves open must say which verifier readings split it.
        let open = Set(books.flatMap(\.verifierCases).compactMap { testCase -> String? in
            if case .acceptable(let ambiguity, _, _) = testCase.expected { return ambiguity }
            return nil
        })
        for ambiguity in Catalogue.ambiguities where open.contains(ambiguity.id) && ambiguity.verifierReadings.isEmpty {
            problems.append("ambiguity \(ambiguity.id) is left open by vectors but names no verifierReadings (the oracle could not judge them)")
        }
        return problems
    }

    /// Expectation equality with identities compared by their exact scalars.
    static func same(_ lhs: Expectation, _ rhs: Expectation) -> Bool {
        func exact(_ a: Identity?, _ b: Identity?) -> Bool {
            a?.kind == b?.kind && a.map { Array($0.value.unicodeScalars) } == b.map { Array($0.value.unicodeScalars) }
        }
        switch (lhs, rhs) {
        case (.accept(let a), .accept(let b)): return exact(a, b)
        case (.reject(let a, let x), .reject(let b, let y)): return a == b && Set(x) == Set(y)
        case (.acceptable(let a, let i, let r), .acceptable(let b, let j, let s)): return a == b && exact(i, j) && Set(r) == Set(s)
        default: return false
        }
    }
}
