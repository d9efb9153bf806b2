"""Tests for testees.py (the registry): python3 -m pytest Tools/matrix -q"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import testees as tt  # noqa: E402

LANGUAGE = {"name": "Ruby", "debian": ["ruby"], "setup": [], "tests": ["ruby t.rb"]}
TESTEE = {"name": "a", "language": "ruby", "command": "ruby a.rb", "knownFailures": "k/a.txt"}


def registry(document) -> tt.Registry:
    folder = tempfile.mkdtemp(dir=tt.ROOT, prefix=".test-registry.")
    path = os.path.join(folder, "testees.json")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(document if isinstance(document, str) else json.dumps(document))
    try:
        return tt.Registry(os.path.relpath(path, tt.ROOT))
    finally:
        os.unlink(path)
        os.rmdir(folder)


class RegistryTests(unittest.TestCase):
    def test_a_good_registry(self):
        loaded = registry({"languages": {"ruby": LANGUAGE}, "testees": [TESTEE, dict(TESTEE, name="b")]})
        self.assertEqual([testee.name for testee in loaded.select("b,a")], ["a", "b"])
        self.assertEqual(loaded.testee("a").words, ["ruby", "a.rb"])
        self.assertEqual(loaded.testee("a").causes, "k/a.causes")
        self.assertEqual(loaded.testee("a").gate()[-4:], ["k/a.txt", "--", "ruby", "a.rb"])

    def test_errors_name_the_entry(self):
        cases = [
            ({"languages": {"ruby": LANGUAGE}, "testees": [dict(TESTEE, language="rust")]}, r"testees\[0\] \(a\): language 'rust'"),
            ({"languages": {"ruby": LANGUAGE}, "testees": [TESTEE, TESTEE]}, r"testees\[1\]: the name 'a' is used twice"),
            ({"languages": {"ruby": LANGUAGE}, "testees": [{"name": "a"}]}, r"testees\[0\]: missing language, command, knownFailures"),
            ({"languages": {"ruby": dict(LANGUAGE, setup="make")}, "testees": []}, r"languages\.ruby\.setup must be a list"),
            ({"languages": {"ruby": dict(LANGUAGE, name="")}, "testees": []}, r"languages\.ruby\.name"),
            ({"languages": {"ruby": LANGUAGE}, "testees": [dict(TESTEE, command="ruby 'a.rb")]}, r"\(a\): command: No closing quotation"),
            ('{"languages": {,}', r"testees\.json:1:16: Expecting property name"),
        ]
        for document, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(tt.RegistryError, message):
                registry(document)

    def test_only_names_unknown_testees(self):
        loaded = registry({"languages": {"ruby": LANGUAGE}, "testees": [TESTEE]})
        with self.assertRaisesRegex(tt.RegistryError, r"no testee named nope \(known: a\)"):
            loaded.select("a,nope")


class StampTests(unittest.TestCase):
    """A run's stamp changes with any file a run could read, not with Markdown."""

    def with_untracked(self, name: str) -> str:
        path = os.path.join(tt.ROOT, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("x\n")
        try:
            return tt.stamp()
        finally:
            os.unlink(path)

    def test_markdown_is_left_out_and_anything_else_counts(self):
        before = tt.stamp()
        self.assertEqual(self.with_untracked(".test-stamp-note.md"), before)
        self.assertNotEqual(self.with_untracked(".test-stamp-input.txt"), before)
        self.assertEqual(tt.stamp(), before)


class CommittedRegistryTests(unittest.TestCase):
    """Adapters/testees.json itself: every list is there, every testee's files exist."""

    def test_every_testee_has_its_list_and_its_program(self):
        loaded = tt.Registry()
        self.assertGreater(len(loaded.testees), 0)
        for testee in loaded.testees:
            with self.subTest(testee=testee.name):
                self.assertTrue(os.path.isfile(os.path.join(tt.ROOT, testee.known_failures)), testee.known_failures)
                sources = [word for word in testee.words if word.startswith(("Adapters/", "Examples/"))]
                self.assertTrue(sources, f"{testee.name}: its command names no file of the repository")
                for word in sources:
                    if "/.build/" not in word and "/.bin/" not in word and "/target/" not in word:
                        self.assertTrue(os.path.exists(os.path.join(tt.ROOT, word)), word)

    def test_cve_controls_name_testees(self):
        names = {testee.name for testee in tt.Registry().testees}
        with open(os.path.join(tt.ROOT, "Tools", "matrix", "cves.txt"), encoding="utf-8") as handle:
            for line in handle:
                if line.strip() and not line.startswith("#"):
                    fields = [field.strip() for field in line.split(" | ")]
                    self.assertIn(fields[1], names)
                    self.assertIn(fields[2], names)


if __name__ == "__main__":
    unittest.main()


class FuzzSummaryTests(unittest.TestCase):
    """The figures of a `jwt-conformance fuzz` summary, as `testees.py fuzz` tabulates them."""

    SUMMARY = """
jwt-conformance fuzz: pyjwt 2.15.1 (signer, verifier)

41250 cases in 60.0 s (687 cases/s, 590 judged/s): 35400 judged, 35100 as expected, 12 skipped by the testee, 5850 not judged (open ambiguity)
  not judged: 3500 AMB-DUPLICATE-MEMBERS
  either verdict: 250 AMB-JSON-BOM
  either verdict: 31 AMB-TYP-CASE
3 findings; 17 repeats of a finding, 280 of a known cause
  5× kustomer verifier wrong-verdict ...
"""

    def test_the_figures_of_a_summary(self):
        self.assertEqual(tt.fuzz_figures(self.SUMMARY), {
            "cases": 41250, "judged": 35400, "skipped": 12, "unjudged": 5850, "either": 281, "findings": 3, "known": 280})

    def test_one_finding_is_singular(self):
        text = self.SUMMARY.replace("3 findings; 17 repeats", "1 finding; 1 repeat")
        self.assertEqual(tt.fuzz_figures(text)["findings"], 1)

    def test_a_log_without_a_summary_has_no_figures(self):
        self.assertIsNone(tt.fuzz_figures("jwt-conformance fuzz: the testee could not be started"))
        self.assertIsNone(tt.fuzz_figures(self.SUMMARY.split("3 findings")[0]))
