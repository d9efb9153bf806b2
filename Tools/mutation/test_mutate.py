"""Tests of the mutation tool: the Swift rewriter and the review gate (no Swift build needed)."""

import json
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mutate  # noqa: E402
import swiftmut  # noqa: E402


def schema_of(source, excluded=frozenset()):
    sites, _ = swiftmut.find_sites(source, "Sources/X/Sample.swift", set(excluded))
    swiftmut.assign_stable_ids("Sources/X/Sample.swift", sites)
    next_id = 1
    for site in sites:
        for mutant in site.mutants:
            mutant.id = next_id
            next_id += 1
    text, _, _ = swiftmut.rewrite(source, sites)
    return sites, text


def operators(sites):
    return sorted(m.operator for s in sites for m in s.mutants)


class RewriterTests(unittest.TestCase):
    def test_relational_operator_becomes_a_per_site_operator(self):
        sites, text = schema_of("func f(a: Int, b: Int) -> Bool {\n    a < b\n}\n")
        self.assertEqual(operators(sites), [swiftmut.RELATIONAL])
        name = swiftmut.operator_name(1)
        self.assertIn(f"a {name} b", text)
        support = swiftmut.support_source({1: sites[0]})
        self.assertIn(f"infix operator {name} : ComparisonPrecedence", support)
        self.assertIn("MutationSwitch.isActive(1) ? l <= r : l < r", support)

    def test_integer_literal_gets_plus_and_minus_one(self):
        _, text = schema_of("func f() -> Int {\n    return 5\n}\n")
        self.assertIn("(MutationSwitch.isActive(1) ? 6 : MutationSwitch.isActive(2) ? 4 : 5)", text)

    def test_zero_only_becomes_one(self):
        _, text = schema_of("func f() -> Int {\n    return 0\n}\n")
        self.assertIn("(MutationSwitch.isActive(1) ? 1 : 0)", text)

    def test_guard_condition_forced_true_and_if_negated(self):
        source = (
            "func f(x: Int?) -> Int {\n"
            "    guard let y = x, y > 1 else { return 0 }\n"
            "    if y == 2 {\n"
            "        return 1\n"
            "    }\n"
            "    return y\n"
            "}\n"
        )
        sites, text = schema_of(source)
        ops = operators(sites)
        self.assertIn(swiftmut.GUARD, ops)
        self.assertIn(swiftmut.IF_NEGATED, ops)
        guard = next(s for s in sites if s.operator == swiftmut.GUARD)
        self.assertEqual(guard.text, "y > 1")  # the binding clause is left alone
        self.assertRegex(text, r"guard let y = x, \(MutationSwitch\.isActive\(\d+\) \|\| y ∆\S+ \(.*\) else")
        self.assertRegex(text, r"if \(MutationSwitch\.isActive\(\d+\) != \(y ∆\S+ \(.*\)\)\) \{")

    def test_return_inside_if_is_skippable_but_not_the_last_one(self):
        source = "func f(x: Bool) -> Int {\n    if x {\n        return 1\n    }\n    return 2\n}\n"
        sites, text = schema_of(source)
        returns = [s for s in sites if s.operator == swiftmut.RETURN]
        self.assertEqual([s.text for s in returns], ["return 1"])
        self.assertRegex(text, r"if !MutationSwitch\.isActive\(\d+\) \{ return \(")

    def test_loop_drops_first_and_last_iteration(self):
        sites, text = schema_of("func f(s: [Int]) {\n    for x in s where x > 0 {\n        print(x)\n    }\n}\n")
        loop = next(s for s in sites if s.operator == swiftmut.LOOP_LAST)
        self.assertEqual([m.operator for m in loop.mutants], [swiftmut.LOOP_LAST, swiftmut.LOOP_FIRST])
        a, b = (m.id for m in loop.mutants)
        self.assertIn(f"for x in (s).mutationLoop({a}, {b}) where", text)

    def test_string_and_boolean_literals(self):
        sites, text = schema_of('func f() -> Bool {\n    let a = "HS256"\n    let m = "a message"\n    return a.isEmpty == true\n}\n')
        self.assertIn('(MutationSwitch.isActive(1) ? "" : "HS256")', text)
        self.assertIn('"a message"', text)  # prose is diagnostic text: not mutated
        self.assertIn(swiftmut.BOOLEAN, operators(sites))

    def test_logical_operator_keeps_precedence_and_short_circuit(self):
        sites, text = schema_of("func f(a: Bool, b: Bool) -> Bool {\n    a && b\n}\n")
        support = swiftmut.support_source({1: sites[0]})
        self.assertIn("LogicalConjunctionPrecedence", support)
        self.assertIn("@autoclosure", support)

    def test_static_initializers_enum_raw_values_and_comments_are_not_mutated(self):
        source = (
            "enum E: Int {\n    case a = 1\n}\n"
            "struct S {\n    static let limit = 64\n    // 5 < 6\n}\n"
        )
        sites, text = schema_of(source)
        self.assertEqual(sites, [])
        self.assertEqual(text, source)

    def test_excluded_scope_is_not_mutated(self):
        source = "struct S {\n    var description: String {\n        count == 1 ? \"\" : \"s\"\n    }\n    var count = 0\n}\n"
        sites, _ = schema_of(source, excluded={"S.description"})
        self.assertEqual([s for s in sites if s.mutants[0].scope == "S.description"], [])

    def test_stable_ids_ignore_line_numbers(self):
        source = "func f(a: Int) -> Bool {\n    a < 3\n}\n"
        first, _ = schema_of(source)
        moved, _ = schema_of("// a new comment\n\n" + source)
        self.assertEqual([m.stable_id for s in first for m in s.mutants],
                         [m.stable_id for s in moved for m in s.mutants])
        self.assertNotEqual(first[0].mutants[0].line, moved[0].mutants[0].line)


class ReviewGateTests(unittest.TestCase):
    def setUp(self):
        source = "func f(a: Int) -> Bool {\n    a < 3\n}\n"
        self.plans = [mutate.FilePlan("Sources/X/Sample.swift", source, *swiftmut.find_sites(source, "Sources/X/Sample.swift"))]
        swiftmut.assign_stable_ids("Sources/X/Sample.swift", self.plans[0].sites)
        next_id = 1
        for _, _, m in mutate.all_mutants(self.plans):
            m.id = next_id
            next_id += 1
        self.mutants = [m for _, _, m in mutate.all_mutants(self.plans)]
        self.config = mutate.Config(threshold=50, files=[], excluded_scopes={}, timeout_seconds=1,
                                    build_configuration="debug", max_build_attempts=1)

    def report(self, statuses, reviewed, gaps=None):
        results = {m.id: {"status": s, "reached": True} for m, s in zip(self.mutants, statuses)}
        return mutate.evaluate(self.plans, set(), results, reviewed, self.config, 1.0, 10, gaps)

    def test_all_killed_passes(self):
        report = self.report(["killed"] * len(self.mutants), {})
        self.assertTrue(report["passed"], report["problems"])
        self.assertEqual(report["score"], 100.0)

    def test_unlisted_survivor_fails(self):
        statuses = ["killed"] * len(self.mutants)
        statuses[0] = "survived"
        report = self.report(statuses, {})
        self.assertFalse(report["passed"])
        self.assertEqual([s["id"] for s in report["unreviewed"]], [self.mutants[0].stable_id])
        self.assertTrue(any("in neither the equivalent nor the open list" in p for p in report["problems"]))

    def test_listed_survivor_is_equivalent_and_left_out_of_the_score(self):
        statuses = ["killed"] * len(self.mutants)
        statuses[0] = "survived"
        report = self.report(statuses, {self.mutants[0].stable_id: "cannot change a verdict"})
        self.assertTrue(report["passed"], report["problems"])
        self.assertEqual(report["equivalent"], 1)
        self.assertEqual(report["score"], 100.0)

    def test_open_survivor_passes_the_gate_but_counts_against_the_score(self):
        statuses = ["killed"] * len(self.mutants)
        statuses[0] = "survived"
        report = self.report(statuses, {}, {self.mutants[0].stable_id: "needs a vector with a = 3"})
        self.assertTrue(report["passed"], report["problems"])
        self.assertLess(report["score"], 100.0)
        self.assertEqual(report["openListed"], 1)

    def test_stale_open_entry_fails(self):
        report = self.report(["killed"] * len(self.mutants), {}, {self.mutants[0].stable_id: "was a gap"})
        self.assertFalse(report["passed"])
        self.assertEqual([(e["list"], e["why"]) for e in report["stale"]], [("open", "no longer survives")])

    def test_entry_in_both_lists_fails(self):
        statuses = ["killed"] * len(self.mutants)
        statuses[0] = "survived"
        listed = {self.mutants[0].stable_id: "reason"}
        report = self.report(statuses, listed, dict(listed))
        self.assertFalse(report["passed"])

    def test_stale_entry_fails(self):
        reviewed = {self.mutants[0].stable_id: "was equivalent", "Gone.swift:f:relational:00000000": "gone"}
        report = self.report(["killed"] * len(self.mutants), reviewed)
        self.assertFalse(report["passed"])
        self.assertEqual({e["why"] for e in report["stale"]}, {"no longer survives", "no such mutant"})

    def test_score_below_threshold_fails(self):
        report = self.report(["survived"] * len(self.mutants),
                             {m.stable_id: "reason" for m in self.mutants[1:]})
        self.assertFalse(report["passed"])
        self.assertTrue(any("below the threshold" in p for p in report["problems"]))

    def test_crash_and_timeout_count_as_killed_separately(self):
        statuses = ["crash"] + ["timeout"] * (len(self.mutants) - 1)
        report = self.report(statuses, {})
        self.assertEqual(report["killedByCrash"], 1)
        self.assertEqual(report["killedByTimeout"], len(self.mutants) - 1)
        self.assertEqual(report["score"], 100.0)

    def test_reviewed_entry_without_reason_is_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "equivalent.txt"
            path.write_text("# comment\nA.swift:f:relational:12345678\n")
            with self.assertRaises(mutate.ToolError):
                mutate.load_reviewed(path)
            path.write_text("A.swift:f:relational:12345678  the value is clamped just after\n")
            self.assertEqual(mutate.load_reviewed(path), {"A.swift:f:relational:12345678": "the value is clamped just after"})


FAKE_RUNNER = """#!/usr/bin/env python3
import sys
print('{"status": "ready", "vectors": 3}', flush=True)
for line in sys.stdin:
    mutant = int(line.split()[1])
    if mutant == 1:
        sys.exit(134)                     # a trap in the mutated code
    if mutant == 2:
        while True:                       # an endless loop
            pass
    print("+", flush=True)
    print('{"id": %d, "status": "survived", "reached": true}' % mutant, flush=True)
"""


class RunnerTests(unittest.TestCase):
    def test_crash_and_hang_are_reported_and_the_runner_restarted(self):
        with tempfile.TemporaryDirectory() as folder:
            executable = Path(folder) / "fake-runner"
            executable.write_text(FAKE_RUNNER)
            executable.chmod(0o755)
            results = mutate.run_mutants(executable, Path(folder), Path(folder) / "coverage.json",
                                         [1, 2, 3, 4], jobs=1, timeout=0.5)
        self.assertEqual({k: v["status"] for k, v in results.items()},
                         {1: "crash", 2: "timeout", 3: "survived", 4: "survived"})


class CompilerErrorTests(unittest.TestCase):
    def test_error_column_is_counted_in_utf8_bytes(self):
        text = "let a = x ∆⊕ y\nlet b = 5\n"
        # column of "y" in UTF-8 bytes: "let a = x " is 10 bytes, the operator 6, then a space
        self.assertEqual(text[mutate.offset_of(text, 1, 18)], "y")
        self.assertEqual(text[mutate.offset_of(text, 2, 9)], "5")

    def test_error_inside_a_site_drops_that_site(self):
        source = "func f() -> UInt8 {\n    return 0\n}\nfunc g(a: Int) -> Bool {\n    a < 3\n}\n"
        sites, _ = swiftmut.find_sites(source, "Sources/X/Sample.swift")
        next_id = 1
        for site in sites:
            for m in site.mutants:
                m.id = next_id
                next_id += 1
        plans = [mutate.FilePlan("Sources/X/Sample.swift", source, sites, 0)]
        schema = mutate.build_schema(plans, set())
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder)
            text = schema.texts["Sources/X/Sample.swift"]
            line = text.split("\n").index(next(l for l in text.split("\n") if "return" in l)) + 1
            column = text.split("\n")[line - 1].index(" 0)") + 2
            output = f"{scratch}/Sources/X/Sample.swift:{line}:{column}: error: something\n"
            culprits, unknown = mutate.attribute_errors(output, scratch, schema)
        literal = next(s for s in sites if s.operator == swiftmut.INTEGER and s.text == "0")
        self.assertEqual(unknown, [])
        self.assertEqual(culprits, {literal.mutants[0].id})


if __name__ == "__main__":
    unittest.main()
