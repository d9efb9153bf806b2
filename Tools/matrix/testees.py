#!/usr/bin/env python3
"""The testee registry (Adapters/testees.json): install, run, test and refresh the matrix's testees.

    testees.py list    [--only A,B]                 # name, language and gate command of each testee
    testees.py install [--only A,B]                 # Debian packages when missing, then each language's setup
    testees.py run     [--only A,B] --reports DIR   # the reference, then every gate: DIR/<name>.json (JSON report),
                                                    # DIR/<name>.log, and DIR/stamp (the working tree they ran on)
    testees.py fresh   --reports DIR                # exit 0 when DIR holds a complete run of this working tree
    testees.py test    [--only A,B]                 # the adapters' own tests, once per language
    testees.py refresh NAME                         # rewrite NAME's known-failures list from a run and its .causes
    testees.py mirror  NAME --profile P --like Q    # a new profile P's failures take the causes of the same
                                                    # vectors under Q in NAME's .causes, then refresh
    testees.py fuzz    [--only A,B] --out DIR [--duration S] [--seed N]
                                                    # `jwt-conformance fuzz` (release build) on each testee, its
                                                    # known-failures list excluded: DIR/<name>/ (findings),
                                                    # DIR/<name>.log, and a Markdown table of the figures

Every command is words split as a POSIX shell would (`shlex`), run from the repository root without a
shell. `run` and `test` go on after a failure, so one report shows every testee, and exit 1 at the end
when any failed; `run` prints each gate's closing line. The jwt-conformance runs use `swift run -q` from
the repository root. python3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

import annotate_known_failures

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REGISTRY = os.path.join("Adapters", "testees.json")
RUNNER = ["swift", "run", "-q", "jwt-conformance", "run"]


class RegistryError(Exception):
    pass


class Testee:
    """One row of the registry."""

    def __init__(self, name: str, language: str, command: str, known_failures: str):
        self.name = name
        self.language = language
        self.command = command
        self.known_failures = known_failures

    @property
    def words(self) -> list[str]:
        return shlex.split(self.command)

    @property
    def causes(self) -> str:
        return os.path.splitext(self.known_failures)[0] + ".causes"

    def gate(self, *options: str) -> list[str]:
        """The jwt-conformance run that gates this testee by its list."""
        return [*RUNNER, *options, "--known-failures", self.known_failures, "--", *self.words]

    @property
    def gate_text(self) -> str:
        """The gate as a reader types it (the matrix's command lines)."""
        return f"swift run jwt-conformance run --known-failures {self.known_failures} -- {self.command}"


class Registry:
    """Adapters/testees.json, checked as it is read: every error names the file and the entry."""

    def __init__(self, path: str = REGISTRY):
        self.path = path
        try:
            with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
                document = json.load(handle)
        except json.JSONDecodeError as error:
            raise RegistryError(f"{path}:{error.lineno}:{error.colno}: {error.msg}") from error
        self.languages: dict[str, dict] = document.get("languages", {})
        for name, language in self.languages.items():
            if not isinstance(language.get("name"), str) or not language["name"]:
                raise RegistryError(f"{path}: languages.{name}.name must be a non-empty string")
            for key in ("debian", "setup", "tests"):
                value = language.get(key)
                if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
                    raise RegistryError(f"{path}: languages.{name}.{key} must be a list of non-empty strings")
        self.testees: list[Testee] = []
        for index, entry in enumerate(document.get("testees", [])):
            where = f"{path}: testees[{index}]"
            missing = [key for key in ("name", "language", "command", "knownFailures") if not entry.get(key)]
            if missing:
                raise RegistryError(f"{where}: missing {', '.join(missing)}")
            if entry["language"] not in self.languages:
                raise RegistryError(f"{where} ({entry['name']}): language {entry['language']!r} is not in languages")
            if any(testee.name == entry["name"] for testee in self.testees):
                raise RegistryError(f"{where}: the name {entry['name']!r} is used twice")
            testee = Testee(entry["name"], entry["language"], entry["command"], entry["knownFailures"])
            try:
                testee.words
            except ValueError as error:
                raise RegistryError(f"{where} ({testee.name}): command: {error}") from error
            self.testees.append(testee)

    def select(self, only: str | None) -> list[Testee]:
        """The testees `--only` names (comma-separated), in registry order; all when it is absent."""
        if not only:
            return list(self.testees)
        names = [name for name in only.split(",") if name]
        unknown = [name for name in names if name not in {testee.name for testee in self.testees}]
        if unknown:
            known = ", ".join(testee.name for testee in self.testees)
            raise RegistryError(f"--only: no testee named {', '.join(unknown)} (known: {known})")
        return [testee for testee in self.testees if testee.name in names]

    def languages_of(self, testees: list[Testee]) -> list[str]:
        return sorted({testee.language for testee in testees})

    def testee(self, name: str) -> Testee:
        return self.select(name)[0]


def execute(words: list[str], **options) -> int:
    print("+ " + shlex.join(words), flush=True)
    try:
        return subprocess.run(words, cwd=ROOT, **options).returncode
    except FileNotFoundError as error:
        print(f"testees.py: cannot run {words[0]}: {error.strerror}", file=sys.stderr)
        return 127


def installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and "ok installed" in result.stdout


def install(registry: Registry, testees: list[Testee]) -> int:
    languages = registry.languages_of(testees)
    packages = sorted({package for language in languages for package in registry.languages[language]["debian"]})
    missing = [package for package in packages if not installed(package)]
    if missing:
        print(f"--- installing Debian packages: {' '.join(missing)}", flush=True)
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for words in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
            status = execute(words, env=environment, stdout=subprocess.DEVNULL)
            if status != 0:
                print(f"testees.py: {shlex.join(words)} failed (exit status {status})", file=sys.stderr)
                return 1
    for language in languages:
        for command in registry.languages[language]["setup"]:
            status = execute(shlex.split(command))
            if status != 0:
                print(f"testees.py: setup of {language} failed: {command} (exit status {status})", file=sys.stderr)
                return 1
    return 0


def closing_line(log_path: str) -> str:
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        lines = [line.rstrip() for line in handle if line.strip()]
    return lines[-1] if lines else "(no output)"


#: the pathspecs of what a run can read: everything but what only renders the matrix (a scratch
#: index starts empty, so what they leave out is not in the stamp at all)
RUN_INPUTS = [
    ".", ":(exclude,glob)**/*.md",
    *(f":(exclude)Tools/matrix/{name}" for name in ("render_matrix.py", "families.txt", "cves.txt", "test_render_matrix.py", "test_testees.py")),
]


def stamp() -> str:
    """The working tree a run saw, as the id of the git tree of its files (what `git add -A` would
    commit, in a scratch index): the same files give the same stamp, committed or not. Git-ignored
    build output is left out, as it is rebuilt from the tree, and so is what only renders the matrix
    (RUN_INPUTS)."""
    with tempfile.TemporaryDirectory(prefix="jwt-stamp.") as scratch:
        environment = {**os.environ, "GIT_INDEX_FILE": os.path.join(scratch, "index")}

        def git(*words: str) -> str:
            return subprocess.run(["git", *words], cwd=ROOT, env=environment, capture_output=True, check=True, text=True).stdout

        git("add", "-A", "--", *RUN_INPUTS)
        return git("write-tree").strip() + "\n"


def fresh(registry: Registry, reports: str) -> bool:
    """Whether REPORTS holds a complete run (the reference and every testee) of this working tree."""
    names = ["reference", *(testee.name for testee in registry.testees)]
    try:
        with open(os.path.join(reports, "stamp"), encoding="utf-8") as handle:
            if handle.read() != stamp():
                return False
    except OSError:
        return False
    return all(os.path.exists(os.path.join(reports, f"{name}.json")) for name in names)


def run_one(name: str, words: list[str], reports: str) -> tuple[int, str]:
    """One jwt-conformance run with a JSON report; (exit status, path of the report)."""
    report, log = os.path.join(reports, f"{name}.json"), os.path.join(reports, f"{name}.log")
    for stale in (report, log):
        if os.path.exists(stale):
            os.unlink(stale)
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as output:
        status = execute(words, stdout=output, stderr=subprocess.STDOUT)
    print(f"{name:<18} {closing_line(log)}  ({time.monotonic() - started:.0f} s)", flush=True)
    if status != 0 or not os.path.exists(report) or os.path.getsize(report) == 0:
        with open(log, encoding="utf-8", errors="replace") as handle:
            tail = handle.read().splitlines()[-40:]
        print("\n".join(f"    {line}" for line in tail), flush=True)
        return status or 1, report
    return 0, report


def run(testees: list[Testee], reports: str, complete: bool) -> int:
    """The reference, then every gate, each JSON report in REPORTS; a status above 1 (could not run)
    or a missing report is a failure like a gate that differs from its list (status 1). The stamp is
    written last, and only when the runs cover the whole registry."""
    os.makedirs(reports, exist_ok=True)
    stamp_path = os.path.join(reports, "stamp")
    if os.path.exists(stamp_path):
        os.unlink(stamp_path)
    tree = stamp()
    failed = []
    status, _ = run_one("reference", [*RUNNER, "--format", "json", "--output", os.path.join(reports, "reference.json")], reports)
    if status != 0:
        failed.append(f"reference (exit status {status})")
    for testee in testees:
        status, _ = run_one(testee.name, testee.gate("--format", "json", "--output", os.path.join(reports, f"{testee.name}.json")), reports)
        if status != 0:
            failed.append(f"{testee.name} (exit status {status})")
    if failed:
        print(f"testees.py run: FAILED: {', '.join(failed)}")
        print("  A run that differs from its list: fix the adapter if the adapter is wrong; otherwise review the new")
        print("  failure in the library, add its cause to the testee's .causes file and run `testees.py refresh NAME`.")
        return 1
    if complete:
        with open(stamp_path, "w", encoding="utf-8") as handle:
            handle.write(tree)
    return 0


def test(registry: Registry, testees: list[Testee]) -> int:
    failed = []
    for language in registry.languages_of(testees):
        for command in registry.languages[language]["tests"]:
            status = execute(shlex.split(command))
            if status != 0:
                failed.append(f"{command} (exit status {status})")
    if failed:
        print(f"testees.py test: FAILED: {'; '.join(failed)}")
        return 1
    return 0


def report_of(testee: Testee, work: str) -> str | None:
    """Runs TESTEE's vectors into WORK/run.json and returns its path, or None (the log's tail printed) when the run failed."""
    report, log = os.path.join(work, "run.json"), os.path.join(work, "run.log")
    with open(log, "w", encoding="utf-8") as output:
        status = execute([*RUNNER, "--format", "json", "--output", report, "--", *testee.words],
                         stdout=output, stderr=subprocess.STDOUT)
    if status > 1 or not os.path.exists(report) or os.path.getsize(report) == 0:
        with open(log, encoding="utf-8", errors="replace") as handle:
            print(handle.read()[-4000:], file=sys.stderr)
        print(f"testees.py: the run of {testee.name} failed (exit status {status})", file=sys.stderr)
        return None
    return report


def annotate(testee: Testee, report: str) -> int:
    """Writes TESTEE's known-failures list from REPORT and its reviewed causes (annotate_known_failures.py)."""
    return execute([
        sys.executable, os.path.join("Tools", "matrix", "annotate_known_failures.py"),
        "--report", report, "--causes", testee.causes, "--output", testee.known_failures,
        "--header", f"Gate:  {testee.gate_text}",
    ])


def refresh(testee: Testee) -> int:
    """Writes TESTEE's known-failures list from a fresh run and its reviewed causes."""
    if not os.path.exists(os.path.join(ROOT, testee.causes)):
        print(f"testees.py refresh: no reviewed causes: {testee.causes}", file=sys.stderr)
        return 66
    with tempfile.TemporaryDirectory(prefix="jwt-refresh.") as work:
        report = report_of(testee, work)
        return 1 if report is None else annotate(testee, report)


def id_prefix(profile: str) -> str:
    """The `idPrefix` of Vectors/profiles/PROFILE.json."""
    with open(os.path.join(ROOT, "Vectors", "profiles", profile + ".json"), encoding="utf-8") as handle:
        prefix = json.load(handle).get("idPrefix")
    if not isinstance(prefix, str) or not prefix:
        raise RegistryError(f"Vectors/profiles/{profile}.json has no idPrefix")
    return prefix


def mirror(testee: Testee, profile: str, like: str) -> int:
    """Gives TESTEE's unexplained failures under PROFILE the reviewed causes of the same vectors
    under LIKE (annotate_known_failures.mirror), then refreshes its list when nothing is left."""
    with tempfile.TemporaryDirectory(prefix="jwt-mirror.") as work:
        report = report_of(testee, work)
        if report is None:
            return 1
        with open(report, encoding="utf-8") as handle:
            results = json.load(handle)
        mirrored, unmatched = annotate_known_failures.mirror(
            results, os.path.join(ROOT, testee.causes), id_prefix(profile), id_prefix(like))
        for line in mirrored:
            print(f"mirrored: {line}")
        for line in unmatched:
            print(f"no cause: {line}")
        print(f"testees.py mirror: {testee.name}: {len(mirrored)} failures under {profile} took the causes of "
              f"their {like} counterparts; {len(unmatched)} need a review by hand")
        return 1 if unmatched else annotate(testee, report)


FUZZ_RUNNER = ["swift", "run", "-c", "release", "-q", "jwt-conformance", "fuzz"]
FUZZ_CASES = re.compile(
    r"^(?P<cases>\d+) cases in [\d.]+ s \(.*\): (?P<judged>\d+) judged, \d+ as expected, "
    r"(?P<skipped>\d+) skipped by the testee, (?P<unjudged>\d+) not judged")
FUZZ_EITHER = re.compile(r"^  either verdict: (?P<count>\d+) ")
FUZZ_FINDINGS = re.compile(r"^(?P<findings>\d+) findings?; \d+ repeats? of a finding, (?P<known>\d+) of a known cause")
FUZZ_COLUMNS = ["cases", "judged", "either", "skipped", "unjudged", "known", "findings"]


def fuzz_figures(log_text: str) -> dict[str, int] | None:
    """The figures of a `jwt-conformance fuzz` summary (None when the log has none): cases, judged,
    either (judged cases either verdict passes), skipped (declined by the testee), unjudged, known
    (disagreements of a known cause) and findings (keys)."""
    figures: dict[str, int] = {}
    for line in log_text.splitlines():
        if match := FUZZ_CASES.match(line):
            figures = {key: int(value) for key, value in match.groupdict().items()}
            figures["either"] = 0
        elif figures and (match := FUZZ_EITHER.match(line)):
            figures["either"] += int(match["count"])
        elif figures and (match := FUZZ_FINDINGS.match(line)):
            figures.update({key: int(value) for key, value in match.groupdict().items()})
    return figures if all(key in figures for key in FUZZ_COLUMNS) else None


def fuzz(testees: list[Testee], out: str, duration: int, seed: int) -> int:
    """Fuzzes each testee for DURATION seconds with SEED, its known-failures list excluded, and prints
    a Markdown table of the figures; a testee whose run has no summary is a failure (its log's tail
    printed). Findings are not failures: they are for a person to review."""
    os.makedirs(out, exist_ok=True)
    rows, failed = [], []
    for testee in testees:
        log = os.path.join(out, f"{testee.name}.log")
        words = [*FUZZ_RUNNER, "--duration", str(duration), "--seed", str(seed), "--out", os.path.join(out, testee.name),
                 "--known-failures", testee.known_failures, "--", *testee.words]
        with open(log, "w", encoding="utf-8") as output:
            status = execute(words, stdout=output, stderr=subprocess.STDOUT)
        with open(log, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        figures = fuzz_figures(text)
        if figures is None or status > 1:
            print("\n".join(f"    {line}" for line in text.splitlines()[-40:]), flush=True)
            failed.append(f"{testee.name} (exit status {status})")
            continue
        print(f"{testee.name:<18} " + ", ".join(f"{key} {figures[key]}" for key in FUZZ_COLUMNS), flush=True)
        rows.append("| " + " | ".join([testee.name, *(f"{figures[key]:,}" for key in FUZZ_COLUMNS)]) + " |")
    print(f"\nBudget: {duration} s per testee, --seed {seed}, each known-failures list excluded.\n")
    print("| testee | cases | judged | of them either verdict | declined by the testee | not judged | disagreements of a known cause | findings (keys) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    if failed:
        print(f"testees.py fuzz: FAILED: {', '.join(failed)}")
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", default=REGISTRY, help="the registry, relative to the repository root")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("list", "install", "run", "test"):
        sub = commands.add_parser(name)
        sub.add_argument("--only", help="comma-separated testee names (default: all)")
        if name == "run":
            sub.add_argument("--reports", required=True, help="folder for the JSON reports and logs")
    commands.add_parser("refresh").add_argument("name")
    mirroring = commands.add_parser("mirror")
    mirroring.add_argument("name")
    mirroring.add_argument("--profile", required=True, help="the new profile, e.g. intercom")
    mirroring.add_argument("--like", required=True, help="the profile whose reviewed causes it takes, e.g. kustomer")
    commands.add_parser("fresh").add_argument("--reports", required=True)
    fuzzing = commands.add_parser("fuzz")
    fuzzing.add_argument("--only", help="comma-separated testee names (default: all)")
    fuzzing.add_argument("--out", required=True, help="folder for each testee's findings and log")
    fuzzing.add_argument("--duration", type=int, default=60, help="seconds per testee (default: 60)")
    fuzzing.add_argument("--seed", type=int, default=1, help="the seed (default: 1)")
    args = parser.parse_args(argv)
    try:
        registry = Registry(args.registry)
        if args.command == "refresh":
            return refresh(registry.testee(args.name))
        if args.command == "mirror":
            return mirror(registry.testee(args.name), args.profile, args.like)
        if args.command == "fresh":
            return 0 if fresh(registry, os.path.abspath(args.reports)) else 1
        testees = registry.select(args.only)
    except (RegistryError, OSError) as error:
        print(f"testees.py: {error}", file=sys.stderr)
        return 64
    if args.command == "list":
        for testee in testees:
            print(f"{testee.name}\t{testee.language}\t{testee.gate_text}")
        return 0
    if args.command == "install":
        return install(registry, testees)
    if args.command == "run":
        return run(testees, os.path.abspath(args.reports), complete=len(testees) == len(registry.testees))
    if args.command == "fuzz":
        return fuzz(testees, os.path.abspath(args.out), args.duration, args.seed)
    return test(registry, testees)


if __name__ == "__main__":
    sys.exit(main())
