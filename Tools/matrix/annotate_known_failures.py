#!/usr/bin/env python3
"""Write a testee's known-failures list from a run's JSON report and the library's reviewed causes.

    annotate_known_failures.py --report RUN.json --causes LIB.causes --output LIB.txt [--header TEXT]

Tools/matrix/refresh-known-failures.sh does the run and calls this; python3 standard library only.

A causes file holds the review, once per cause instead of once per vector (a corpus that grows
then needs no new review where an existing cause explains the new vectors):

    # comment
    /REGEX/  CAUSE

A failing vector (outcome `failed` or `error`) takes the CAUSE of the first rule whose REGEX
(Python `re.search`) matches the line `ID | DESCRIPTION | EXPECTED | FAILURE-KIND | ACTUAL | MESSAGE`
built from the report (an error has a message, no failure kind and no actual answer). The list entry is `ID  CAUSE [DETAIL]`, DETAIL being the vector's description
(`Derived (FAMILY): TEXT` shortened to `FAMILY: TEXT`; brackets become parentheses: a detail has none inside it),
so Tools/matrix/render_matrix.py groups the entries by CAUSE. A failing vector that no rule
matches is an error (exit 1, listed on stderr): its cause is not reviewed yet. A rule that
matches no failing vector is reported on stderr and also fails, so stale causes do not linger.

`mirror` (used by `testees.py mirror`) extends a causes file to a new vendor profile: a failure under
it that no rule explains takes the rule of the same vector under the vendor it resembles.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

DERIVED = re.compile(r"^Derived \(([^()]*)\): ")


class CausesError(Exception):
    pass


def read_causes(path: str) -> list[tuple[re.Pattern, str, int]]:
    rules = []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            match = re.match(r"^/(.+?)/\s+(\S.*)$", line)
            if not match:
                raise CausesError(f"{path}:{number}: expected /REGEX/  CAUSE")
            if "#" in match.group(2):
                raise CausesError(f"{path}:{number}: a cause cannot contain '#' (it starts a comment in a list)")
            try:
                pattern = re.compile(match.group(1))
            except re.error as error:
                raise CausesError(f"{path}:{number}: bad REGEX: {error}") from None
            rules.append((pattern, match.group(2), number))
    return rules


def detail_of(description: str) -> str:
    text = DERIVED.sub(r"\1: ", description).replace("[", "(").replace("]", ")").replace("#", "no.")
    return " ".join(text.split())


def annotate(report: dict, rules, causes_path: str) -> tuple[list[str], list[str]]:
    entries, problems = [], []
    used = set()
    for result in sorted(report["results"], key=lambda result: result["id"]):
        if result.get("outcome") not in ("failed", "error"):
            continue
        line = result_line(result)
        for pattern, cause, number in rules:
            if pattern.search(line):
                used.add(number)
                entries.append(f"{result['id']}  {cause} [{detail_of(result['description'])}]")
                break
        else:
            problems.append(f"no reviewed cause in {causes_path} for: {line}")
    for pattern, _, number in rules:
        if number not in used:
            problems.append(f"{causes_path}:{number}: /{pattern.pattern}/ matches no failing vector (stale?)")
    return entries, problems


def result_line(result: dict) -> str:
    """The line a rule's REGEX is matched against."""
    return " | ".join(str(result.get(field, "")) for field in ("id", "description", "expected", "failureKind", "actual", "message"))


def mirror(report: dict, causes_path: str, new_prefix: str, like_prefix: str) -> tuple[list[str], list[str]]:
    """Gives each failing `new_prefix` vector that no rule explains the cause of its counterpart,
    the `like_prefix` vector of the same number, where that counterpart fails the same way
    (same outcome and failure kind) in the same report: the vector's id is added to the rule's
    REGEX as `|^(?:ID|…) ` and the causes file is rewritten. Returns (mirrored, unmatched): one
    line per mirrored vector (flagged `check by hand` when the counterpart is not a derived
    vector, whose cause may be its vendor's own) and the failures left for a review by hand."""
    rules = read_causes(causes_path)
    results = {result["id"]: result for result in report["results"]}
    added: dict[int, list[str]] = {}
    mirrored, unmatched = [], []
    for result in sorted(report["results"], key=lambda result: result["id"]):
        if result.get("outcome") not in ("failed", "error") or not result["id"].startswith(new_prefix + "-"):
            continue
        if any(pattern.search(result_line(result)) for pattern, _, _ in rules):
            continue
        counterpart = results.get(like_prefix + result["id"][len(new_prefix):])
        same = counterpart is not None and all(counterpart.get(key) == result.get(key) for key in ("outcome", "failureKind"))
        rule = next((number for pattern, _, number in rules if same and pattern.search(result_line(counterpart))), None)
        if rule is None:
            unmatched.append(result_line(result))
            continue
        added.setdefault(rule, []).append(result["id"])
        hand = "" if counterpart["description"].startswith("Derived (") else "  (check by hand: not a derived vector)"
        mirrored.append(f"{result['id']} <- {counterpart['id']} ({causes_path}:{rule}){hand}")
    if added:
        with open(causes_path, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        for number, ids in added.items():
            match = re.match(r"^/(.+?)/(\s+\S.*)$", lines[number - 1].strip())
            alternatives = "|".join(re.escape(identifier) for identifier in ids)
            lines[number - 1] = f"/{match.group(1)}|^(?:{alternatives}) /{match.group(2)}"
        with open(causes_path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
    return mirrored, unmatched


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", required=True, help="the run's JSON report (--format json)")
    parser.add_argument("--causes", required=True, help="the library's reviewed causes")
    parser.add_argument("--output", required=True, help="the known-failures list to write")
    parser.add_argument("--header", default="", help="comment lines to put first (without '# ')")
    arguments = parser.parse_args(argv)
    try:
        with open(arguments.report, encoding="utf-8") as handle:
            report = json.load(handle)
        rules = read_causes(arguments.causes)
    except (OSError, ValueError, CausesError) as error:
        print(f"annotate_known_failures.py: {error}", file=sys.stderr)
        return 2
    entries, problems = annotate(report, rules, arguments.causes)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"annotate_known_failures.py: {arguments.output} not written: review the causes first", file=sys.stderr)
        return 1
    implementation = report.get("implementation", {})
    lines = [f"# Known failures of {implementation.get('name')} {implementation.get('version')} under jwt-conformance "
             f"{report.get('suiteVersion')}."]
    lines += [f"# {text}" if text else "#" for text in arguments.header.split("\n") if arguments.header]
    lines += [f"# Written by Tools/matrix/refresh-known-failures.sh from the reviewed causes in {arguments.causes}:",
              "# edit the causes, never this file. Format: VECTOR-ID  CAUSE [vector detail]."]
    with open(arguments.output, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines + entries) + "\n")
    print(f"{arguments.output}: {len(entries)} known failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
