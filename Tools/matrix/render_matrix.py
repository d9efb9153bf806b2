#!/usr/bin/env python3
"""Render the compliance matrix from jwt-conformance JSON reports and rewrite README.md's section.

Called by Tools/matrix/update-matrix.sh, which does the runs; python3 standard library only.

    render_matrix.py --readme README.md --reference ref.json \
        --run 'Adapters/python/pyjwt_testee.py=pyjwt.json=Adapters/python/known-failures/pyjwt.txt' ... \
        --run 'Adapters/ruby/ruby_jwt_testee.rb=ruby-jwt.json=Adapters/ruby/known-failures/ruby-jwt.txt=ruby' \
        [--jwtkit Examples/JWTKitConformance/known-failures.txt] [--cves Tools/matrix/cves.txt]

Only the text between `<!-- compliance-matrix:start -->` and `<!-- compliance-matrix:end -->` is
replaced; when the markers are absent they are appended under a `## Compliance matrix` heading at
the end of the file. README.md is read right before it is written, so edits others make to its
other sections are kept.

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
DETAIL = re.compile(r"^(.*\S) \[([^\[\]]*)\]$")
JWTKIT_DIR = "Examples/JWTKitConformance"
JWTKIT_COMMAND = f"cd {JWTKIT_DIR} && swift test"


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

    def __init__(self, name, version, language, runs_as, command, note=None):
        self.name = name
        self.version = version
        self.language = language
        self.runs_as = runs_as
        self.command = command
        self.note = note
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


#: the roles JWTKitAdapter plays (a signer and a verifier per vendor profile)
JWTKIT_ROLES = ("verifier", "signer")


def jwtkit_row(path: str, profiles_by_id: dict[str, str], roles_by_id: dict[str, str]) -> tuple[Row, list[str]]:
    reasons, comments = read_known_failures(path)
    version = "unknown"
    for comment in comments:
        match = re.search(r"jwt-kit (\d+(?:\.\d+)+)", comment)
        if match:
            version = match.group(1)
            break
    row = Row(
        "jwt-kit",
        version,
        "Swift",
        f"`{JWTKIT_DIR}` (in-process)",
        JWTKIT_COMMAND,
        note="not run by update-matrix.sh",
    )
    for profile in sorted(set(profiles_by_id.values())):
        row.counts[profile] = {"vectors": 0, "passed": 0, "failed": None, "known": 0, "not run": 0}
    for vid, profile in profiles_by_id.items():
        counts = row.counts[profile]
        counts["vectors"] += 1
        if roles_by_id[vid] not in JWTKIT_ROLES:
            counts["not run"] += 1
        elif vid in reasons:
            counts["known"] += 1
            row.known[vid] = reasons[vid]
        else:
            counts["passed"] += 1
    unknown = sorted(vid for vid in reasons if vid not in profiles_by_id)
    problems = [f"jwt-kit: {path} lists ids that match no vector: {', '.join(unknown)}"] if unknown else []
    return row, problems


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def number(value) -> str:
    return "—" if value is None else str(value)


def render(reference: Row, rows: list[Row], report: dict, jwtkit: Row | None, cves: list[str] | None = None) -> str:
    profiles = sorted({profile for row in [reference, *rows] for profile in row.counts})
    totals = {profile: reference.counts[profile]["vectors"] for profile in profiles}
    lines = [
        START,
        "<!-- Generated from actual runs by Tools/matrix/update-matrix.sh; do not edit by hand: "
        ".ci/check-matrix fails when this section is stale. -->",
        "",
        f"Suite {report['suiteVersion']} · corpus `{report['corpusDigest'][:16]}` · {report['vectorCount']} vectors ("
        + ", ".join(f"{profile} {totals[profile]}" for profile in profiles)
        + "). Regenerate with `Tools/matrix/update-matrix.sh`.",
        "",
        "| implementation | version | runs as | profile | vectors | passed | failed | known failures | not run |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    ordered = [reference, *sorted(rows + ([jwtkit] if jwtkit else []), key=lambda row: row.sort_key)]
    for row in ordered:
        marker = " †" if row.note else ""
        for index, profile in enumerate(profiles):
            counts = row.counts.get(profile)
            if counts is None:
                continue
            first = index == 0
            lines.append(
                "| "
                + " | ".join(
                    [
                        f"**{md(row.name)}**{marker}" if first else "",
                        f"{md(row.version)} ({md(row.language)})" if first else "",
                        row.runs_as if first else "",
                        profile,
                        number(counts["vectors"]),
                        number(counts["passed"]),
                        number(counts["failed"]),
                        number(counts["known"]),
                        number(counts["not run"]),
                    ]
                )
                + " |"
            )
    lines += [
        "",
        "*failed*: failures the implementation's known-failures list does not name (regressions; the "
        "matrix is only written when there are none). *known failures*: failures (errors included) its "
        "list names, each explained by a cause below. *not run*: skipped or not applicable.",
        "",
    ]
    if jwtkit:
        lines += [
            f"† **jwt-kit** is not run by the script: it is an in-process Swift package. Its row comes from "
            f"`{JWTKIT_COMMAND}`, whose test runs the whole corpus through jwt-kit gated by "
            f"`{JWTKIT_DIR}/known-failures.txt`: *known failures* counts that list, *passed* the other "
            f"verifier and signer vectors (assuming its test skips none), *not run* the vectors of other roles; "
            f"*failed* is not known here.",
            "",
        ]
    lines += cves or []
    lines += families(report, [row for row in ordered if row is not reference])
    lines += ["Commands behind each row:", "", "```sh"]
    for row in ordered:
        lines.append(f"{row.command}   # {row.name}")
    lines += ["```", "", "### Deviations by cause", ""]
    lines.append(
        "Each cause is a reason from the implementation's known-failures list, without the bracketed "
        "detail some reasons end with, followed by the vectors it explains."
    )
    for row in ordered:
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
    entries = []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            fields = [field.strip() for field in line.split(" | ")]
            if len(fields) != 5 or not all(fields):
                raise MatrixError(f"{path}:{number}: expected CVE | VULNERABLE TESTEE | FIXED TESTEE | WHAT IT IS | WHAT THE VECTORS SHOW")
            entries.append(tuple(fields))
    return entries


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


def summary(reference: Row, rows: list[Row], jwtkit: Row | None) -> str:
    """The benchmark-free summary printed to standard output (no timings, sorted)."""
    ordered = [reference, *sorted(rows + ([jwtkit] if jwtkit else []), key=lambda row: row.sort_key)]
    out = [f"{'implementation':<40} {'profile':<10} {'vectors':>7} {'passed':>6} {'failed':>6} {'known':>5} {'not run':>7}  causes"]
    for row in ordered:
        causes = len({cause_of(reason) for reason in row.known.values()})
        for profile in sorted(row.counts):
            counts = row.counts[profile]
            label = f"{row.name} {row.version}" + (" (from its list)" if row.note else "")
            out.append(
                f"{label:<40} {profile:<10} {number(counts['vectors']):>7} {number(counts['passed']):>6} "
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


def parse_run(spec: str) -> tuple[str, str, str, str]:
    """`TESTEE=REPORT=KNOWN_FAILURES[=INTERPRETER]`: the interpreter that runs the testee in the
    row's command (default python3; `ruby` for Adapters/ruby). KNOWN_FAILURES may be empty."""
    parts = spec.split("=")
    if len(parts) == 3:
        parts.append("python3")
    if len(parts) != 4 or not parts[0] or not parts[1] or not parts[3]:
        raise MatrixError(f"--run {spec!r}: expected TESTEE=REPORT=KNOWN_FAILURES[=INTERPRETER]")
    testee, report_path, known_failures, interpreter = parts
    return testee, report_path, known_failures, interpreter


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readme", required=True)
    parser.add_argument("--reference", required=True, help="JSON report of the reference run")
    parser.add_argument("--reference-command", default="swift run jwt-conformance run")
    parser.add_argument("--run", action="append", default=[], metavar="TESTEE=REPORT=KNOWN_FAILURES[=INTERPRETER]")
    parser.add_argument("--jwtkit", help="Examples/JWTKitConformance/known-failures.txt, when it exists")
    parser.add_argument("--cves", help="the CVE controls (Tools/matrix/cves.txt)")
    args = parser.parse_args(argv)

    try:
        reference_report = load_report(args.reference)
        reference, problems = row_from_report(reference_report, "in-process", args.reference_command)
        profiles_by_id = {result["id"]: result["profile"] for result in reference_report["results"]}
        roles_by_id = {result["id"]: result["role"] for result in reference_report["results"]}
        rows: list[Row] = []
        rows_by_testee: dict[str, Row] = {}
        for spec in args.run:
            testee, report_path, known_failures, interpreter = parse_run(spec)
            report = load_report(report_path)
            if report["corpusDigest"] != reference_report["corpusDigest"]:
                problems.append(f"{testee}: ran another corpus than the reference")
            command = (
                f"swift run jwt-conformance run --known-failures {known_failures} -- {interpreter} {testee}"
                if known_failures
                else f"swift run jwt-conformance run -- {interpreter} {testee}"
            )
            row, row_problems = row_from_report(report, f"`{testee}`", command)
            problems += row_problems
            if known_failures:
                listed, _ = read_known_failures(known_failures)
                for vid in row.known:
                    row.known[vid] = listed.get(vid, row.known[vid])
            rows.append(row)
            rows_by_testee[testee] = row
        jwtkit = None
        if args.jwtkit and os.path.exists(args.jwtkit):
            jwtkit, jwtkit_problems = jwtkit_row(args.jwtkit, profiles_by_id, roles_by_id)
            problems += jwtkit_problems
        if problems:
            raise MatrixError(
                "the runs do not match their known-failures lists, so the matrix is not written:\n  "
                + "\n  ".join(problems)
            )
        cves = cve_table(read_cves(args.cves), rows_by_testee) if args.cves else []
        section = render(reference, rows, reference_report, jwtkit, cves)
        with open(args.readme, encoding="utf-8") as handle:  # read right before writing
            text = handle.read()
        updated = replace_section(text, section)
        if updated != text:
            write_atomically(args.readme, updated)
        print(summary(reference, rows, jwtkit))
        print(f"{args.readme}: compliance matrix {'updated' if updated != text else 'unchanged'}")
    except (MatrixError, OSError, ValueError, KeyError) as error:
        print(f"render_matrix: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
