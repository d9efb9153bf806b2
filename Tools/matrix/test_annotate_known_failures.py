"""Tests for annotate_known_failures.py: python3 -m pytest Tools/matrix -q"""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import annotate_known_failures as akf  # noqa: E402


def causes(text: str):
    with tempfile.NamedTemporaryFile("w", suffix=".causes", delete=False) as handle:
        handle.write(text)
    try:
        return akf.read_causes(handle.name)
    finally:
        os.unlink(handle.name)


REPORT = {"results": [
    {"id": "KUS-SIG-010", "description": "The header segment carries = padding", "outcome": "failed",
     "expected": "reject (malformed)", "failureKind": "wrong-verdict", "actual": "accept"},
    {"id": "KUS-CLM-1007", "description": "Derived (RFC 8259 grammar, payload): NaN [x]", "outcome": "error",
     "expected": "reject (malformed)", "message": "unexpected ValueError"},
    {"id": "KUS-SIG-001", "description": "valid", "outcome": "passed"},
]}


class AnnotateTests(unittest.TestCase):
    def test_each_failure_takes_the_first_matching_cause_and_its_description(self):
        rules = causes("# c\n/SIG-01\\d /  lenient base64\n/ValueError/  json crash\n/ValueError/  never used\n")
        entries, problems = akf.annotate(REPORT, rules[:2], "x.causes")
        self.assertEqual(problems, [])
        self.assertEqual(entries, [
            "KUS-CLM-1007  json crash [RFC 8259 grammar, payload: NaN (x)]",
            "KUS-SIG-010  lenient base64 [The header segment carries = padding]",
        ])

    def test_an_unreviewed_failure_and_a_stale_cause_are_problems(self):
        rules = causes("/SIG-01\\d /  lenient base64\n/SIG-099 /  stale\n")
        _, problems = akf.annotate(REPORT, rules, "x.causes")
        self.assertEqual(len(problems), 2)
        self.assertIn("KUS-CLM-1007", problems[0])
        self.assertIn("stale", problems[1])

    def test_a_cause_cannot_hold_a_comment_sign(self):
        with self.assertRaises(akf.CausesError):
            causes("/x/  see issue #3\n")


if __name__ == "__main__":
    unittest.main()
