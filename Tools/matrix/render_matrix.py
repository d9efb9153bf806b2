#!/usr/bin/env python3
"""Render the compliance matrix from jwt-conformance JSON reports into README.md and COMPLIANCE.md.

Called by Tools/matrix/update-matrix.sh, which does the runs; python3 standard library only.

    render_matrix.py --registry Adapters/testees.json --reports DIR \
        [--readme README.md] [--compliance COMPLIANCE.md] [--cves Tools/matrix/cves.txt] \
        [--families Tools/matrix/families.txt]

DIR holds `reference.json` (the reference's run) and `<name>.json` for every testee of the registry.
README.md gets the landing summary (the headline table, the known vulnerabilities caught and the rule
families each implementation breaks); COMPLIANCE.md the whole matrix (those, the derived families, the
commands and every deviation by cause). In each file only the text between
`<!-- compliance-matrix:start -->` and `<!-- compliance-matrix:end -->` is replaced; when the markers
are absent they are appended under a `## Compliance matrix` heading at the end of the file. A file is
read right before it is written, so edits others make to its other sections are kept. Without
`--readme` and `--compliance` nothing is written: the summary is printed only.

Causes: a known-failures reason is `CAUSE` or `CAUSE [DETAIL]`, where the bracketed DETAIL at the
end (no brackets inside it) is specific to one vector. Vectors are grouped by CAUSE, the reason
without that detail; reasons written without details group by their whole text.

The output depends only on the reports and the files named: sorted, and without timings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import defaultdict

START = "<!-- compliance-matrix:start -->"
END = "<!-- compliance-matrix:end -->"
HEADING = "## Compliance matrix"
GENERATED = (
    "<!-- Generated from actual runs by Tools/matrix/update-matrix.sh; do not edit by hand: "
    ".ci/check-matrix fails when this section is stale. -->"
)
DETAIL = re.compile(r"^(.*\S) \[([^\[\]]*)\]$")
COMPLIANCE_PAGE = "COMPLIANCE.md"


class MatrixError(Exception):
    pass


def read_known_failures(path: str) -> tuple[dict[str, str], list[str]]:
    """The KnownFailures text format (Sources/JWTConformance/Running/KnownFailures.swift):
    `ID  reason` a line, `#` starts a comment. Returns (reasons by id, comment lines)."""
    reasons: dict[str, str] = {}
    comments: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle.read().split("\n"), start=1):
            text, _, comment = raw.partition("#")
            if comment or raw.lstrip().startswith("#"):
                comments.append(comment.strip())
            text = text.strip()
            if not text:
                continue
            parts = text.split(None, 1)
            if len(parts) != 2:
                raise MatrixError(f"{path}:{number}: a known failure needs a reason after the id")
            if parts[0] in reasons:
                raise MatrixError(f"{path}:{number}: {parts[0]} is listed twice")
            reasons[parts[0]] = parts[1].strip()
    return reasons, comments


def cause_of(reason: str) -> str:
    match = DETAIL.match(reason)
    return match.group(1) if match else reason


def load_report(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    if report.get("format") != "jwt-conformance-report":
        raise MatrixError(f"{path} is not a jwt-conformance JSON report")
    return report


class Row:
    """One implementation: counts per profile and its known failures."""

    def __init__(self, name, version, language, runs_as, command):
        self.name = name
        self.version = version
        self.language = language
        self.runs_as = runs_as
        self.command = command
        self.counts: dict[str, dict[str, int | None]] = {}
        self.known: dict[str, str] = {}  # id -> reason, listed failures that occurred

    @property
    def sort_key(self):
        return self.name.casefold(), self.name


def row_from_report(report: dict, runs_as: str, command: str) -> tuple[Row, list[str]]:
    implementation = report["implementation"]
    row = Row(implementation["name"], implementation["version"], implementation.get("language", ""), runs_as, command)
    problems: list[str] = []
    for result in report["results"]:
        counts = row.counts.setdefault(
            result["profile"], {"vectors": 0, "passed": 0, "failed": 0, "known": 0, "not run": 0}
        )
        counts["vectors"] += 1
        outcome = result["outcome"]
        if outcome == "passed":
            counts["passed"] += 1
        elif outcome in ("failed", "error"):
            if result.get("knownFailure") is not None:
                counts["known"] += 1
                row.known[result["id"]] = result["knownFailure"]
            else:
                counts["failed"] += 1
        else:  # skipped, notApplicable
            counts["not run"] += 1
    gate = report.get("knownFailures")
    if gate is not None and not gate.get("clean", False):
        for kind in ("unexpectedFailures", "unexpectedPasses", "unknownIDs"):
            if gate.get(kind):
                problems.append(f"{row.name}: {kind}: {', '.join(sorted(gate[kind]))}")
        for entry in gate.get("listedButNotRun") or []:
            problems.append(f"{row.name}: listed but not run: {entry.get('id')} ({entry.get('why')})")
    if report.get("exitStatus") != 0:
        problems.append(f"{row.name}: the run exited with status {report.get('exitStatus')}")
    return row, problems


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def number(value) -> str:
    return "—" if value is None else str(value)


def headline(reference: Row, rows: list[Row], report: dict) -> list[str]:
    """The suite line and the table of counts per implementation and profile, with its legend."""
    profiles = sorted({profile for row in [reference, *rows] for profile in row.counts})
    totals = {profile: reference.counts[profile]["vectors"] for profile in profiles}
    lines = [
        f"Suite {report['suiteVersion']} · corpus `{report['corpusDigest'][:16]}` · {report['vectorCount']} vectors ("
        + ", ".join(f"{profile} {totals[profile]}" for profile in profiles)
        + f") · {len({row.name for row in rows})} implementations ({len(rows)} releases) in "
        f"{len({row.language.casefold() for row in rows})} languages. "
        "Regenerate with `Tools/matrix/update-matrix.sh`.",
        "",
        "| implementation | version | runs as | profile | vectors | passed | failed | known failures | not run |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in [reference, *rows]:
        for index, profile in enumerate(profiles):
            counts = row.counts.get(profile)
            if counts is None:
                continue
            first = index == 0
            cells = [
                f"**{md(row.name)}**" if first else "",
                f"{md(row.version)} ({md(row.language)})" if first else "",
                row.runs_as if first else "",
                profile,
                *(number(counts[key]) for key in ("vectors", "passed", "failed", "known", "not run")),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines + [
        "",
        "*failed*: failures the implementation's known-failures list does not name (regressions; the "
        "matrix is only written when there are none). *known failures*: failures (errors included) its "
        "list names, each explained by a cause in the library's source. *not run*: skipped or not applicable "
        "(the session vectors, for libraries).",
        "",
    ]


def render_readme(reference: Row, rows: list[Row], report: dict, cves: list[str], rule_families: list[str]) -> str:
    """README.md's section: the landing summary, pointing at COMPLIANCE.md for the rest."""
    lines = [START, GENERATED, ""]
    lines += headline(reference, rows, report)
    lines += cves
    lines += rule_families
    lines += [
        f"Every deviation with its cause in the library's source and its vector ids, the derived families and "
        f"the command behind each row: [{COMPLIANCE_PAGE}]({COMPLIANCE_PAGE}).",
        END,
    ]
    return "\n".join(lines)


def render(reference: Row, rows: list[Row], report: dict, cves: list[str], rule_families: list[str]) -> str:
    """COMPLIANCE.md's section: the whole matrix."""
    lines = [START, GENERATED, ""]
    lines += headline(reference, rows, report)
    lines += cves
    lines += rule_families
    lines += families(report, rows)
    lines += ["Commands behind each row:", "", "```sh"]
    for row in [reference, *rows]:
        lines.append(f"{row.command}   # {row.name}")
    lines += ["```", "", "### Deviations by cause", ""]
    lines.append(
        "Each cause is a reason from the implementation's known-failures list, without the bracketed "
        "detail some reasons end with, followed by the vectors it explains."
    )
    for row in rows:
        if not row.known:
            continue
        by_cause: dict[str, list[str]] = defaultdict(list)
        for vid, reason in row.known.items():
            by_cause[cause_of(reason)].append(vid)
        causes = sorted(by_cause.items(), key=lambda item: (-len(item[1]), item[0]))
        lines += [
            "",
            "<details>",
            f"<summary><b>{md(row.name)} {md(row.version)}</b>: {len(row.known)} known failures, "
            f"{len(causes)} causes</summary>",
            "",
        ]
        for cause, ids in causes:
            lines.append(f"- **{len(ids)}**: {md(cause)}: " + ", ".join(f"`{vid}`" for vid in sorted(ids)))
        lines += ["", "</details>"]
    lines.append(END)
    return "\n".join(lines)


def read_table(path: str, columns: list[str]) -> list[list[str]]:
    """A hand-written table: one row a line, its fields separated by ` | `, `#` comments and blank
    lines skipped. Every row must have `columns` non-empty fields; an error names the file and line."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            fields = [field.strip() for field in line.split(" | ")]
            if len(fields) != len(columns) or not all(fields):
                raise MatrixError(f"{path}:{number}: expected {' | '.join(columns)}")
            rows.append(fields)
    return rows


def read_families(path: str) -> list[tuple[str, re.Pattern, str]]:
    """Tools/matrix/families.txt: `FAMILY | RULE-ID REGEX | WHAT IT COVERS` a line, `#` comments."""
    entries = []
    for family, regex, what in read_table(path, ["FAMILY", "RULE-ID REGEX", "WHAT IT COVERS"]):
        try:
            pattern = re.compile(regex)
        except re.error as error:
            raise MatrixError(f"{path}: family {family}: the regex does not compile: {error}") from error
        entries.append((family, pattern, what))
    return entries


def family_of_rule(rule: str, table: list[tuple[str, re.Pattern, str]], path: str) -> str:
    for family, pattern, _ in table:
        if pattern.fullmatch(rule):
            return family
    raise MatrixError(f"{path}: no family matches the rule {rule}: add it")


def rule_family_table(report: dict, rows: list[Row], table: list[tuple[str, re.Pattern, str]], path: str) -> list[str]:
    """Implementations as rows, rule families as columns: how many vectors of each family every
    implementation's known-failures list names (a vector's family is its first rule's)."""
    family_of: dict[str, str] = {}
    sizes: dict[str, int] = defaultdict(int)
    for result in report["results"]:
        rules = result.get("rules") or []
        if not rules:
            raise MatrixError(f"the reference's report gives no rules for {result['id']}")
        family_of[result["id"]] = family_of_rule(rules[0], table, path)
        sizes[family_of[result["id"]]] += 1
    columns = [family for family, _, _ in table if sizes.get(family)]
    lines = [
        "### Rule families broken",
        "",
        "How many vectors of each rule family every implementation fails (as its reviewed list names them); "
        "`·` is none. A vector's family is that of the first rule it names (`Tools/matrix/families.txt`):",
        "; ".join(f"*{md(family)}*: {md(what)}" for family, _, what in table if sizes.get(family)) + ".",
        "",
        "| implementation | " + " | ".join(md(family) for family in columns) + " | all |",
        "|---|" + "---:|" * (len(columns) + 1),
        "| *vectors in the family* | " + " | ".join(f"*{sizes[family]}*" for family in columns)
        + f" | *{len(family_of)}* |",
    ]
    for row in rows:
        counts = defaultdict(int)
        for vid in row.known:
            counts[family_of.get(vid, "")] += 1
        cells = [str(counts[family]) if counts[family] else "·" for family in columns]
        lines.append(f"| {md(label(row, rows))} | " + " | ".join(cells) + f" | {len(row.known)} |")
    return lines + [""]


#: a derived vector's description opens with its family: `Derived (RFC 8259 grammar, payload): NaN`
FAMILY = re.compile(r"^Derived \(([^,)]+)")


def families(report: dict, rows: list[Row]) -> list[str]:
    """The derived families (vectors the generator derives from tables) and, per implementation, how
    many vectors of each its known-failures list names; empty when the corpus has no derived vector."""
    family_of: dict[str, str] = {}
    for result in report["results"]:
        match = FAMILY.match(result.get("description", ""))
        if match:
            family_of[result["id"]] = match.group(1)
    if not family_of:
        return []
    sizes: dict[str, int] = defaultdict(int)
    for family in family_of.values():
        sizes[family] += 1
    lines = [
        "### Deviations in the derived families",
        "",
        "The vectors the generator derives from tables (their descriptions open with `Derived (family, …)`), "
        "and how many of each family every implementation's known-failures list names; the causes are below.",
        "",
        "| family | vectors | " + " | ".join(md(label(row, rows)) for row in rows) + " |",
        "|---|---:|" + "---:|" * len(rows),
    ]
    for family in sorted(sizes, key=lambda name: (name.casefold(), name)):
        cells = [str(sum(1 for vid in row.known if family_of.get(vid) == family)) for row in rows]
        lines.append(f"| {md(family)} | {sizes[family]} | " + " | ".join(cells) + " |")
    return lines + [""]


def label(row: Row, rows: list[Row]) -> str:
    """The row's name, with its version when another row has the same name (a CVE control)."""
    return f"{row.name} {row.version}" if sum(1 for other in rows if other.name == row.name) > 1 else row.name


def read_cves(path: str) -> list[tuple[str, str, str, str, str]]:
    """Tools/matrix/cves.txt: `CVE | VULNERABLE TESTEE | FIXED TESTEE | WHAT IT IS | WHAT THE VECTORS SHOW`
    a line, `#` comments."""
    columns = ["CVE", "VULNERABLE TESTEE", "FIXED TESTEE", "WHAT IT IS", "WHAT THE VECTORS SHOW"]
    return [tuple(fields) for fields in read_table(path, columns)]


def cve_table(cves, rows_by_testee: dict[str, Row]) -> list[str]:
    """The known vulnerabilities caught: for each CVE control, the vectors the vulnerable release fails
    (its list names them) and the fixed release passes (its list does not), computed from the runs."""
    if not cves:
        return []
    lines = [
        "### Known vulnerabilities caught",
        "",
        "Releases with a published CVE run beside their fixed releases, with the same adapter. *Catching vectors*: "
        "the vectors the vulnerable release fails and the fixed release passes, computed from the two runs.",
        "",
        "| CVE | vulnerable | fixed | vulnerability | catching vectors | what they show |",
        "|---|---|---|---|---|---|",
    ]
    for cve, vulnerable_testee, fixed_testee, what, shown in cves:
        vulnerable, fixed = rows_by_testee.get(vulnerable_testee), rows_by_testee.get(fixed_testee)
        if vulnerable is None or fixed is None:
            raise MatrixError(f"{cve}: no run of {vulnerable_testee if vulnerable is None else fixed_testee}")
        caught = sorted(set(vulnerable.known) - set(fixed.known))
        lines.append(
            f"| {md(cve)} | {md(vulnerable.name)} {md(vulnerable.version)} | {md(fixed.name)} {md(fixed.version)} | "
            f"{md(what)} | " + (", ".join(f"`{vid}`" for vid in caught) or "none") + f" | {md(shown)} |"
        )
    return lines + [""]


def summary(reference: Row, rows: list[Row]) -> str:
    """The benchmark-free summary printed to standard output (no timings, sorted)."""
    out = [f"{'implementation':<40} {'profile':<10} {'vectors':>7} {'passed':>6} {'failed':>6} {'known':>5} {'not run':>7}  causes"]
    for row in [reference, *rows]:
        causes = len({cause_of(reason) for reason in row.known.values()})
        for profile in sorted(row.counts):
            counts = row.counts[profile]
            out.append(
                f"{row.name + ' ' + row.version:<40} {profile:<10} {number(counts['vectors']):>7} {number(counts['passed']):>6} "
                f"{number(counts['failed']):>6} {number(counts['known']):>5} {number(counts['not run']):>7}  {causes}"
            )
    return "\n".join(out)


def replace_section(text: str, section: str) -> str:
    start = text.find(START)
    end = text.find(END)
    if start == -1 and end == -1:
        if text and not text.endswith("\n"):
            text += "\n"
        return f"{text}\n{HEADING}\n\n{section}\n"
    if start == -1 or end == -1 or end < start or text.count(START) != 1 or text.count(END) != 1:
        raise MatrixError("README.md has unbalanced or repeated compliance-matrix markers")
    return text[:start] + section + text[end + len(END):]


def write_atomically(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o644
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".matrix-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def load_registry(path: str) -> list[dict]:
    """The testees of Adapters/testees.json, each with its language's name (Tools/matrix/testees.py checks
    the file's whole shape)."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    languages = document.get("languages", {})
    testees = document.get("testees", [])
    for index, entry in enumerate(testees):
        if not all(entry.get(key) for key in ("name", "language", "command", "knownFailures")):
            raise MatrixError(f"{path}: testees[{index}] needs a name, a language, a command and knownFailures")
        language = languages.get(entry["language"], {}).get("name")
        if not language:
            raise MatrixError(f"{path}: testees[{index}] ({entry['name']}): no languages.{entry['language']}.name")
        entry["languageName"] = language
    return testees


def write_section(path: str, section: str) -> bool:
    with open(path, encoding="utf-8") as handle:  # read right before writing
        text = handle.read()
    updated = replace_section(text, section)
    if updated != text:
        write_atomically(path, updated)
    return updated != text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", required=True, help="Adapters/testees.json")
    parser.add_argument("--reports", required=True, help="the folder of reference.json and <testee>.json")
    parser.add_argument("--only", help="comma-separated testee names: only their rows (nothing is written)")
    parser.add_argument("--readme", help="the file that gets the landing summary (README.md)")
    parser.add_argument("--compliance", help="the file that gets the whole matrix (COMPLIANCE.md)")
    parser.add_argument("--cves", help="the CVE controls (Tools/matrix/cves.txt)")
    parser.add_argument("--families", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "families.txt"))
    args = parser.parse_args(argv)

    try:
        reference_report = load_report(os.path.join(args.reports, "reference.json"))
        reference, problems = row_from_report(reference_report, "in-process", "swift run jwt-conformance run")
        rows: list[Row] = []
        rows_by_testee: dict[str, Row] = {}
        only = set(args.only.split(",")) if args.only else None
        for testee in load_registry(args.registry):
            if only is not None and testee["name"] not in only:
                continue
            report = load_report(os.path.join(args.reports, f"{testee['name']}.json"))
            if report["corpusDigest"] != reference_report["corpusDigest"]:
                problems.append(f"{testee['name']}: ran another corpus than the reference")
            known_failures, command = testee["knownFailures"], testee["command"]
            row, row_problems = row_from_report(
                report, f"`{command}`", f"swift run jwt-conformance run --known-failures {known_failures} -- {command}"
            )
            problems += row_problems
            row.language = testee["languageName"]
            listed, _ = read_known_failures(known_failures)
            for vid in row.known:
                row.known[vid] = listed.get(vid, row.known[vid])
            rows.append(row)
            rows_by_testee[testee["name"]] = row
        if problems:
            raise MatrixError(
                "the runs do not match their known-failures lists, so the matrix is not written:\n  "
                + "\n  ".join(problems)
            )
        rows.sort(key=lambda row: (row.sort_key, row.version))
        print(summary(reference, rows))
        if only is not None:
            return 0
        cves = cve_table(read_cves(args.cves), rows_by_testee) if args.cves else []
        rule_families = rule_family_table(reference_report, rows, read_families(args.families), args.families)
        for path, section in (
            (args.readme, lambda: render_readme(reference, rows, reference_report, cves, rule_families)),
            (args.compliance, lambda: render(reference, rows, reference_report, cves, rule_families)),
        ):
            if path:
                print(f"{path}: compliance matrix {'updated' if write_section(path, section()) else 'unchanged'}")
    except (MatrixError, OSError, ValueError, KeyError) as error:
        print(f"render_matrix: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
