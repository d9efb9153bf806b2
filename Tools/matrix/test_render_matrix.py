"""Tests for render_matrix.py: python3 -m pytest Tools/matrix -q"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import render_matrix as rm  # noqa: E402


def report(name, results, gate=None, exit_status=0):
    return {
        "format": "jwt-conformance-report", "suiteVersion": "9.9.9", "corpusDigest": "ab" * 32,
        "vectorCount": len(results), "implementation": {"name": name, "version": "1.0", "language": "python"},
        "results": results, "knownFailures": gate, "exitStatus": exit_status,
    }


def result(vid, outcome, known=None, role="verifier"):
    profile = "kustomer" if vid.startswith("KUS") else "sunshine"
    entry = {"id": vid, "profile": profile, "role": role, "outcome": outcome}
    if known is not None:
        entry["knownFailure"] = known
    return entry


class CauseTests(unittest.TestCase):
    def test_trailing_detail_is_left_out(self):
        self.assertEqual(rm.cause_of("lib accepts padding [header segment]"), "lib accepts padding")
        self.assertEqual(rm.cause_of("crit ['b64'] is understood"), "crit ['b64'] is understood")
        self.assertEqual(rm.cause_of("no detail"), "no detail")

    def test_known_failures_format(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("# jwt-kit 5.8.0 heading\nKUS-SIG-010  cause one [a]\n\nSUN-SIG-010\tcause one [b]  # note\n")
        try:
            reasons, comments = rm.read_known_failures(handle.name)
        finally:
            os.unlink(handle.name)
        self.assertEqual(reasons, {"KUS-SIG-010": "cause one [a]", "SUN-SIG-010": "cause one [b]"})
        self.assertIn("jwt-kit 5.8.0 heading", comments)


class SectionTests(unittest.TestCase):
    def test_markers_are_added_at_the_end(self):
        text = rm.replace_section("# Title\n\nBody", f"{rm.START}\nX\n{rm.END}")
        self.assertTrue(text.endswith(f"\n\n## Compliance matrix\n\n{rm.START}\nX\n{rm.END}\n"))
        self.assertTrue(text.startswith("# Title\n\nBody\n"))

    def test_only_the_section_changes(self):
        before = f"a\n{rm.START}\nold\n{rm.END}\nb\n"
        self.assertEqual(rm.replace_section(before, f"{rm.START}\nnew\n{rm.END}"), f"a\n{rm.START}\nnew\n{rm.END}\nb\n")

    def test_repeated_markers_are_refused(self):
        with self.assertRaises(rm.MatrixError):
            rm.replace_section(f"{rm.START}{rm.END}{rm.START}{rm.END}", "x")


class RenderTests(unittest.TestCase):
    def test_rows_counts_and_causes(self):
        ref = report("ref", [result("KUS-A-001", "passed"), result("SUN-A-001", "passed"), result("KUS-A-002", "passed")])
        reference, problems = rm.row_from_report(ref, "in-process", "cmd")
        self.assertEqual(problems, [])
        lib_report = report("lib", [
            result("KUS-A-001", "failed", "pads [x]"), result("SUN-A-001", "error", "pads [y]"),
            result("KUS-A-002", "passed"),
        ], gate={"clean": True})
        lib, problems = rm.row_from_report(lib_report, "`t.py`", "cmd2")
        self.assertEqual(problems, [])
        self.assertEqual(lib.counts["kustomer"], {"vectors": 2, "passed": 1, "failed": 0, "known": 1, "not run": 0})
        text = rm.render(reference, [lib], ref, [], [])
        self.assertIn("- **2**: pads: `KUS-A-001`, `SUN-A-001`", text)
        self.assertEqual(text, rm.render(reference, [lib], ref, [], []))  # deterministic

    def test_derived_families_count_each_list(self):
        described = [
            dict(result("KUS-CLM-1007", "passed"), description="Derived (RFC 8259 grammar, payload): NaN"),
            dict(result("SUN-CLM-1007", "passed"), description="Derived (RFC 8259 grammar, payload): NaN"),
            dict(result("KUS-SIG-1301", "passed"), description="Derived (token form): two tokens"),
            dict(result("KUS-CLM-001", "passed"), description="Extra claims are ignored"),
        ]
        ref = report("ref", described)
        reference, _ = rm.row_from_report(ref, "in-process", "cmd")
        lib, _ = rm.row_from_report(report("lib", [
            result("KUS-CLM-1007", "failed", "json takes NaN [payload]"), result("SUN-CLM-1007", "passed"),
            result("KUS-SIG-1301", "passed"), result("KUS-CLM-001", "failed", "other"),
        ], gate={"clean": True}), "`t.py`", "cmd2")
        text = rm.render(reference, [lib], ref, [], [])
        self.assertIn("| family | vectors | lib |", text)
        self.assertIn("| RFC 8259 grammar | 2 | 1 |", text)
        self.assertIn("| token form | 1 | 0 |", text)
        self.assertNotIn("Deviations in the derived families", rm.render(reference, [lib], report("ref", []), [], []))

    def test_unclean_gate_is_a_problem(self):
        bad = report("lib", [result("KUS-A-001", "failed")], gate={"clean": False, "unexpectedFailures": ["KUS-A-001"]}, exit_status=1)
        _, problems = rm.row_from_report(bad, "t", "c")
        self.assertTrue(any("unexpectedFailures" in problem for problem in problems))


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write_json(path, content):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(content, handle)


class MainTests(unittest.TestCase):
    """render_matrix.main over a registry and a folder of reports, as update-matrix.sh calls it."""

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        ref = report("ref", [dict(result("KUS-A-001", "passed"), rules=["JWS-BASE64URL-STRICT"]),
                             dict(result("SUN-A-001", "passed"), rules=["SUN-SCOPE"])])
        lib = report("ruby-jwt", [result("KUS-A-001", "failed", "lenient base64 [pad]"), result("SUN-A-001", "passed")],
                     gate={"clean": True})
        lib["implementation"]["language"] = "ruby (as the adapter says)"
        os.makedirs(os.path.join(self.folder, "reports"))
        write_json(os.path.join(self.folder, "reports", "reference.json"), ref)
        write_json(os.path.join(self.folder, "reports", "ruby-jwt.json"), lib)
        self.known = os.path.join(self.folder, "ruby-jwt.txt")
        with open(self.known, "w", encoding="utf-8") as handle:
            handle.write("# ruby-jwt 2.5.0\nKUS-A-001  lenient base64 [pad]\n")
        self.registry = os.path.join(self.folder, "testees.json")
        write_json(self.registry, {
            "languages": {"ruby": {"name": "Ruby", "debian": [], "setup": [], "tests": []}},
            "testees": [{"name": "ruby-jwt", "language": "ruby", "command": "ruby Adapters/ruby/ruby_jwt_testee.rb",
                         "knownFailures": self.known}],
        })
        self.readme, self.compliance = os.path.join(self.folder, "README.md"), os.path.join(self.folder, "COMPLIANCE.md")
        for path in (self.readme, self.compliance):
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("# T\n")

    def tearDown(self):
        import shutil
        shutil.rmtree(self.folder)

    def main(self, *extra):
        return rm.main(["--registry", self.registry, "--reports", os.path.join(self.folder, "reports"), *extra])

    def read(self, path):
        with open(path, encoding="utf-8") as handle:
            return handle.read()

    def test_the_readme_gets_the_summary_and_the_page_everything(self):
        self.assertEqual(self.main("--readme", self.readme, "--compliance", self.compliance), 0)
        readme, page = self.read(self.readme), self.read(self.compliance)
        for text in (readme, page):
            self.assertIn("| **ruby-jwt** | 1.0 (Ruby) | `ruby Adapters/ruby/ruby_jwt_testee.rb` |", text)
            self.assertIn("| ruby-jwt | 1 | · | 1 |", text)  # base64url broken once, identity never
        self.assertIn(f"--known-failures {self.known} -- ruby Adapters/ruby/ruby_jwt_testee.rb   # ruby-jwt", page)
        self.assertIn("- **1**: lenient base64: `KUS-A-001`", page)
        self.assertNotIn("lenient base64: `KUS-A-001`", readme)
        self.assertIn("(COMPLIANCE.md)", readme)

    def test_only_writes_nothing(self):
        self.assertEqual(self.main("--only", "ruby-jwt", "--readme", self.readme), 0)
        self.assertEqual(self.read(self.readme), "# T\n")

    def test_a_missing_report_is_an_error(self):
        os.unlink(os.path.join(self.folder, "reports", "ruby-jwt.json"))
        self.assertEqual(self.main("--readme", self.readme), 1)
        self.assertEqual(self.read(self.readme), "# T\n")

    def test_a_rule_without_a_family_is_an_error(self):
        path = os.path.join(self.folder, "families.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("base64url | JWS-BASE64URL-STRICT | the alphabet\n")
        self.assertEqual(self.main("--readme", self.readme, "--families", path), 1)
        self.assertEqual(self.read(self.readme), "# T\n")


class FamilyTests(unittest.TestCase):
    def test_every_catalogue_rule_has_exactly_its_first_matching_family(self):
        table = rm.read_families(os.path.join(REPO, "Tools", "matrix", "families.txt"))
        with open(os.path.join(REPO, "Vectors", "rules", "catalogue.json"), encoding="utf-8") as handle:
            rules = [rule["id"] for rule in json.load(handle)["rules"]]
        families = {rule: rm.family_of_rule(rule, table, "families.txt") for rule in rules}
        self.assertEqual(families["JWS-CRIT"], "crit")
        self.assertEqual(families["KUS-IAT-WINDOW"], "time")
        self.assertEqual(families["SUN-HDR-KID"], "key & MAC")
        self.assertEqual(families["SUN-SES-LOGIN"], "session")
        self.assertEqual(families["KUS-HDR-ALG"], "alg")

    def test_a_bad_line_names_its_place(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("# c\nok | A | what\nbad | ( | what\n")
        try:
            with self.assertRaisesRegex(rm.MatrixError, r"family bad: the regex does not compile"):
                rm.read_families(handle.name)
        finally:
            os.unlink(handle.name)


class CVETableTests(unittest.TestCase):
    def rows(self):
        vulnerable, _ = rm.row_from_report(report("lib", [result("KUS-SIG-010", "failed", "pad"), result("KUS-SIG-024", "failed", "jwe"),
                                                         result("KUS-SIG-001", "passed")]), "x", "x")
        fixed, _ = rm.row_from_report(report("lib", [result("KUS-SIG-010", "failed", "pad"), result("KUS-SIG-024", "passed"),
                                                    result("KUS-SIG-001", "passed")]), "y", "y")
        return {"old": vulnerable, "new": fixed}

    def test_catching_vectors_are_failed_by_the_vulnerable_release_only(self):
        lines = rm.cve_table([("CVE-1", "old", "new", "what", "shown")], self.rows())
        row = [line for line in lines if line.startswith("| CVE-1")][0]
        self.assertIn("`KUS-SIG-024`", row)
        self.assertNotIn("KUS-SIG-010", row)

    def test_a_control_nothing_catches_says_none(self):
        rows = self.rows()
        rows["old"].known.pop("KUS-SIG-024")
        row = [line for line in rm.cve_table([("CVE-1", "old", "new", "w", "s")], rows) if line.startswith("| CVE-1")][0]
        self.assertIn("| none |", row)

    def test_a_control_without_its_run_is_an_error(self):
        with self.assertRaises(rm.MatrixError):
            rm.cve_table([("CVE-1", "old", "missing", "w", "s")], self.rows())

    def test_cves_file_format(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("# comment\nCVE-1 | a | b | what | shown\nbroken line\n")
        try:
            with self.assertRaises(rm.MatrixError):
                rm.read_cves(handle.name)
        finally:
            os.unlink(handle.name)


if __name__ == "__main__":
    unittest.main()
