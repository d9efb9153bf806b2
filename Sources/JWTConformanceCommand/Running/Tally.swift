import JWTConformance

/// Results counted per profile and category.
struct Tally {
    /// Counts of each outcome.
    struct Counts: Equatable {
        var passed = 0, failed = 0, errors = 0, skipped = 0, notApplicable = 0

        var run: Int { passed + failed + errors + skipped }

        mutating func add(_ outcome: TestResult.Outcome) {
            switch outcome {
            case .passed: passed += 1
            case .failed: failed += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            case .notApplicable: notApplicable += 1
            }
        }
    }

    /// One row of the summary table.
    struct Row {
        var profile: ProfileID
        var category: VectorCategory
        var counts: Counts
    }

    private(set) var rows: [Row] = []
    private(set) var total = Counts()

    init(_ results: [TestResult]) {
        var counts: [ProfileID: [VectorCategory: Counts]] = [:]
        for result in results {
            counts[result.vector.profile, default: [:]][result.vector.category, default: Counts()].add(result.outcome)
            total.add(result.outcome)
        }
        for profile in counts.keys.sorted() {
            for (category, row) in counts[profile]!.sorted(by: { $0.key < $1.key }) {
                rows.append(Row(profile: profile, category: category, counts: row))
            }
        }
    }
}
