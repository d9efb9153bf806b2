#!/usr/bin/env python3
"""Mutation score of the corpus against the reference implementation (standard library only).

    python3 Tools/mutation/mutate.py            # text report; exit 1 below the threshold or on an
                                                # unreviewed survivor or a stale reviewed entry
    python3 Tools/mutation/mutate.py --json     # the same, as JSON on standard output

Every mutant of the configured files is compiled into one scratch copy of the package (mutant
schemata: each site chooses its code at run time through `MutationSwitch.isActive(id)`), then a
runner process loads the corpus once and runs it against the reference with one mutant active at a
time. The mutant is active only inside the calls to the reference verifier, signer and session
model; the corpus is loaded and every result judged by the runner's own judges with no mutant.
See Tools/mutation/README.md.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import queue
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import swiftmut  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SUPPORT_FILE = "MutationSupport.swift"
RUNNER_TARGET = "mutation-runner"
PACKAGE_APPENDIX = f"""

// Added by Tools/mutation/mutate.py: the mutation runner, and no test targets.
package.targets.removeAll {{ $0.type == .test }}
package.targets.append(.executableTarget(name: "{RUNNER_TARGET}", dependencies: ["JWTConformance", "JWTReference"], path: "MutationRunner"))
package.products.append(.executable(name: "{RUNNER_TARGET}", targets: ["{RUNNER_TARGET}"]))
"""
OPTIMIZE_APPENDIX = """
// The mutated module optimized, its unsafe buffer accesses still bounds-checked.
for target in package.targets where target.name == "JWTReference" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-O", "-assert-config", "Debug"])]
}
"""


class ToolError(Exception):
    """A problem that stops the run with a message (exit status 2)."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- configuration and the reviewed list ---------------------------------------------------------

@dataclasses.dataclass
class Config:
    threshold: float
    files: list[str]
    excluded_scopes: dict[str, list[str]]
    timeout_seconds: float
    build_configuration: str
    max_build_attempts: int
    optimize_mutated_module: bool = True

    @staticmethod
    def load(path: Path) -> "Config":
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            raise ToolError(f"{path}: {error}")
        try:
            excluded: dict[str, list[str]] = collections.defaultdict(list)
            for entry in data.get("excludedScopes", []):
                if not entry.get("reason"):
                    raise ToolError(f"{path}: excluded scope {entry.get('scope')!r} has no reason")
                excluded[entry["file"]].append(entry["scope"])
            return Config(
                threshold=float(data["threshold"]),
                files=list(data["files"]),
                excluded_scopes=dict(excluded),
                timeout_seconds=float(data.get("vectorTimeoutSeconds", 3)),
                build_configuration=data.get("buildConfiguration", "debug"),
                max_build_attempts=int(data.get("maxBuildAttempts", 6)),
                optimize_mutated_module=bool(data.get("optimizeMutatedModule", True)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ToolError(f"{path}: missing or invalid field: {error}")


def load_reviewed(path: Path) -> dict[str, str]:
    """Reads `<stable id> <reason>` lines; `#` starts a comment line. Every entry needs a reason."""
    reviewed: dict[str, str] = {}
    if not path.exists():
        return reviewed
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[1].strip():
            raise ToolError(f"{path}:{number}: entry {parts[0]!r} has no reason")
        if parts[0] in reviewed:
            raise ToolError(f"{path}:{number}: {parts[0]} is listed twice")
        reviewed[parts[0]] = parts[1].strip()
    return reviewed


# -- mutants -------------------------------------------------------------------------------------

@dataclasses.dataclass
class FilePlan:
    path: str                      # relative to the package root
    source: str
    sites: list[swiftmut.Site]
    excluded_tokens: int


def plan(root: Path, config: Config) -> list[FilePlan]:
    """Finds every site of the configured files and numbers the mutants 1, 2, … in file order."""
    plans, next_id = [], 1
    for relative in config.files:
        path = root / relative
        try:
            source = path.read_text()
        except OSError as error:
            raise ToolError(f"{relative}: {error}")
        try:
            sites, excluded = swiftmut.find_sites(source, relative, set(config.excluded_scopes.get(relative, [])))
        except swiftmut.LexError as error:
            raise ToolError(f"{relative}: {error}")
        swiftmut.assign_stable_ids(relative, sites)
        for site in sites:
            for mutant in site.mutants:
                mutant.id = next_id
                next_id += 1
        plans.append(FilePlan(relative, source, sites, excluded))
    return plans


def all_mutants(plans: list[FilePlan]):
    for file_plan in plans:
        for site in file_plan.sites:
            for mutant in site.mutants:
                yield file_plan, site, mutant


# -- the scratch package -------------------------------------------------------------------------

def write_if_changed(path: Path, text: str | bytes) -> None:
    data = text.encode() if isinstance(text, str) else text
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def sync_tree(source: Path, destination: Path, skip: set[Path]) -> None:
    """Mirrors `source` into `destination`, rewriting only files whose bytes changed."""
    wanted = set()
    for path in source.rglob("*"):
        if path.is_file():
            relative = path.relative_to(source)
            wanted.add(relative)
            if destination / relative not in skip:
                write_if_changed(destination / relative, path.read_bytes())
    if destination.exists():
        for path in destination.rglob("*"):
            if path.is_file() and path.relative_to(destination) not in wanted and path not in skip:
                path.unlink()


@dataclasses.dataclass
class Schema:
    """The rewritten files and where each live site landed in them."""
    texts: dict[str, str]
    ranges: dict[str, list[tuple[int, int, swiftmut.Site]]]
    bodies: dict[str, list[tuple[int, int, swiftmut.Site]]]
    operator_sites: dict[int, swiftmut.Site]


def build_schema(plans: list[FilePlan], dropped: set[int]) -> Schema:
    texts, ranges, bodies, operator_sites = {}, {}, {}, {}
    for file_plan in plans:
        live = [s for s in file_plan.sites if s.mutants[0].id not in dropped]
        text, site_ranges, to_schema = swiftmut.rewrite(file_plan.source, live)
        texts[file_plan.path] = text
        ranges[file_plan.path] = [(a, b, live[i]) for i, (a, b) in site_ranges.items()]
        bodies[file_plan.path] = [
            (to_schema(s.func_body[0]), to_schema(s.func_body[1]), s) for s in live if s.func_body
        ]
        for site in live:
            if site.operator in (swiftmut.RELATIONAL, swiftmut.LOGICAL):
                operator_sites[site.mutants[0].id] = site
    return Schema(texts, ranges, bodies, operator_sites)


def prepare_scratch(root: Path, scratch: Path, schema: Schema, optimize: bool) -> None:
    mutated = {scratch / path for path in schema.texts}
    support = scratch / "Sources" / "JWTReference" / SUPPORT_FILE
    sync_tree(root / "Sources", scratch / "Sources", mutated | {support})
    sync_tree(root / "Vectors", scratch / "Vectors", set())
    for path, text in schema.texts.items():
        write_if_changed(scratch / path, text)
    write_if_changed(support, swiftmut.support_source(schema.operator_sites))
    write_if_changed(scratch / "MutationRunner" / "main.swift", (HERE / "Runner" / "main.swift").read_bytes())
    appendix = PACKAGE_APPENDIX + (OPTIMIZE_APPENDIX if optimize else "")
    write_if_changed(scratch / "Package.swift", (root / "Package.swift").read_text() + appendix)


ERROR_LINE = re.compile(r"^(?P<file>/[^:]+\.swift):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.*)$")


def offset_of(text: str, line: int, column: int) -> int:
    """The character offset of a compiler location (1-based line, 1-based UTF-8 byte column)."""
    lines = text.split("\n")
    line = min(line, len(lines))
    before = sum(len(l) + 1 for l in lines[:line - 1])
    return before + len(lines[line - 1].encode()[:column - 1].decode(errors="ignore"))


def attribute_errors(output: str, scratch: Path, schema: Schema) -> tuple[set[int], list[str]]:
    """Maps compiler errors to the sites that caused them. Returns the first mutant id of each
    culprit site, and the errors that could not be attributed."""
    culprits, unknown = set(), []
    support = str((scratch / "Sources" / "JWTReference" / SUPPORT_FILE).resolve())
    for raw in output.splitlines():
        match = ERROR_LINE.match(raw.strip())
        if not match:
            continue
        file = str(Path(match["file"]).resolve())
        line, column = int(match["line"]), int(match["column"])
        if file == support:
            support_line = swiftmut.support_source(schema.operator_sites).split("\n")[line - 1]
            ids = [mutant_id for mutant_id, site in schema.operator_sites.items()
                   if swiftmut.operator_name(mutant_id) + " " in support_line + " "]
            if ids:
                culprits.update(ids)
                continue
            unknown.append(raw)
            continue
        relative = next((p for p in schema.texts if str((scratch / p).resolve()) == file), None)
        if relative is None:
            unknown.append(raw)
            continue
        offset = offset_of(schema.texts[relative], line, column)
        containing = [(b - a, site) for a, b, site in schema.ranges[relative] if a <= offset < b]
        if containing:
            culprits.add(min(containing, key=lambda pair: pair[0])[1].mutants[0].id)
            continue
        # Errors away from any site (a missing return at a closing brace, a constant used before
        # it is set): a skipped return or throw of the enclosing function, else a skipped statement.
        in_body = [(b - a, site) for a, b, site in schema.bodies[relative] if a <= offset < b]
        if in_body:
            smallest = min(size for size, _ in in_body)
            innermost = [site for size, site in in_body if size == smallest]
            exits = [s for s in innermost if s.operator in (swiftmut.RETURN, swiftmut.THROW)]
            culprits.update(s.mutants[0].id for s in (exits or innermost))
            continue
        unknown.append(raw)
    return culprits, unknown


def build(root: Path, scratch: Path, plans: list[FilePlan], config: Config, dropped: set[int],
          cached: set[int]) -> tuple[Schema, set[int]]:
    """Builds the runner, dropping sites that do not compile. Returns the schema and the dropped
    mutant ids (first id of each site; cached drops included)."""
    dropped = set(dropped) | cached
    for attempt in range(1, config.max_build_attempts + 1):
        schema = build_schema(plans, dropped)
        prepare_scratch(root, scratch, schema, config.optimize_mutated_module)
        log(f"mutate: building the schemata ({config.build_configuration}, attempt {attempt})…")
        started = time.monotonic()
        result = subprocess.run(
            ["swift", "build", "--package-path", str(scratch), "-c", config.build_configuration,
             "--product", RUNNER_TARGET],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        log(f"mutate: build finished in {time.monotonic() - started:.0f} s (status {result.returncode})")
        if result.returncode == 0:
            return schema, dropped
        culprits, unknown = attribute_errors(result.stdout, scratch, schema)
        if unknown or not culprits:
            details = "\n".join(unknown[:20]) or result.stdout[-4000:]
            raise ToolError(f"the scratch build failed with errors no mutant explains:\n{details}")
        log(f"mutate: dropping {len(culprits)} site(s) that do not compile")
        dropped |= culprits
    raise ToolError(f"the schemata still do not compile after {config.max_build_attempts} attempts")


# -- running -------------------------------------------------------------------------------------

class Runner:
    """One mutation-runner process, spoken to a line at a time."""

    def __init__(self, executable: Path, vectors: Path, coverage: Path):
        self.executable, self.vectors, self.coverage = executable, vectors, coverage
        self.process = None
        self.buffer = b""
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [str(self.executable), str(self.vectors), str(self.coverage)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.buffer = b""
        ready = self.read(120)
        if not isinstance(ready, dict) or ready.get("status") != "ready":
            raise ToolError(f"the mutation runner did not start: {ready}")

    def cpu_seconds(self) -> float | None:
        """The runner's CPU time, where /proc has it: a timeout counts CPU, not wall-clock time,
        so other jobs on the machine do not turn slow survivors into timeouts."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def read(self, timeout: float):
        """The next answer, or "timeout" when one vector takes more than `timeout` seconds of CPU
        time (of wall-clock time without /proc; a wall-clock cap of 20 times that either way)."""
        fd = self.process.stdout.fileno()
        started, cpu_started = time.monotonic(), self.cpu_seconds()
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                if line == b"+":  # one more vector done: the clock starts again
                    started, cpu_started = time.monotonic(), self.cpu_seconds()
                    continue
                return json.loads(line)
            elapsed = time.monotonic() - started
            cpu = self.cpu_seconds()
            used = cpu - cpu_started if cpu is not None and cpu_started is not None else elapsed
            if used > timeout or elapsed > 20 * timeout:
                return "timeout"
            readable, _, _ = select.select([fd], [], [], 0.25)
            if not readable:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return "crash"
            self.buffer += chunk

    def ask(self, command: str, timeout: float):
        try:
            self.process.stdin.write((command + "\n").encode())
            self.process.stdin.flush()
        except BrokenPipeError:
            return "crash"
        return self.read(timeout)

    def restart(self):
        self.stop()
        self.start()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
        if self.process:
            self.process.wait()


def run_mutants(executable: Path, vectors: Path, coverage: Path, ids: list[int], jobs: int,
                timeout: float) -> dict[int, dict]:
    results: dict[int, dict] = {}
    work: queue.Queue[int] = queue.Queue()
    for mutant_id in ids:
        work.put(mutant_id)
    lock = threading.Lock()
    failures: list[BaseException] = []
    done = [0]
    started = time.monotonic()

    def worker():
        runner = None
        try:
            runner = Runner(executable, vectors, coverage)
            while True:
                try:
                    mutant_id = work.get_nowait()
                except queue.Empty:
                    return
                answer = runner.ask(f"run {mutant_id}", timeout)
                if answer in ("crash", "timeout"):
                    result = {"status": answer}
                    runner.restart()
                else:
                    result = answer
                with lock:
                    results[mutant_id] = result
                    done[0] += 1
                    if done[0] % 100 == 0:
                        log(f"mutate: {done[0]}/{len(ids)} mutants run ({time.monotonic() - started:.0f} s)")
        except BaseException as error:  # reported by the caller
            failures.append(error)
        finally:
            if runner:
                runner.stop()

    threads = [threading.Thread(target=worker) for _ in range(max(1, jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


# -- the report ----------------------------------------------------------------------------------

def evaluate(plans, dropped, results, reviewed, config, elapsed, baseline_vectors, gaps=None):
    """Classifies every mutant and applies the gate. `reviewed` holds the equivalent mutants
    (left out of the score); `gaps` the known open survivors (counted as survivors)."""
    gaps = gaps or {}
    mutants, survivors = [], []
    by_operator = collections.defaultdict(collections.Counter)
    by_file = collections.defaultdict(collections.Counter)
    seen_ids = set()
    for file_plan, site, mutant in all_mutants(plans):
        seen_ids.add(mutant.stable_id)
        if site.mutants[0].id in dropped:
            status = "dropped"
            result = {}
        else:
            result = results[mutant.id]
            status = result["status"]
            if status == "survived" and mutant.stable_id in reviewed:
                status = "equivalent"
        by_operator[mutant.operator][status] += 1
        by_file[file_plan.path][status] += 1
        record = {
            "id": mutant.stable_id, "file": file_plan.path, "line": mutant.line, "scope": mutant.scope,
            "operator": mutant.operator, "original": mutant.original, "mutated": mutant.mutated,
            "status": status,
        }
        if "vector" in result:
            record["vector"] = result["vector"]
        if "reached" in result:
            record["reached"] = result["reached"]
        if status == "equivalent":
            record["reason"] = reviewed[mutant.stable_id]
        if status == "survived" and mutant.stable_id in gaps:
            record["gap"] = gaps[mutant.stable_id]
        if status in ("survived", "equivalent"):
            survivors.append(record)
        mutants.append(record)
    counts = collections.Counter(m["status"] for m in mutants)
    killed = counts["killed"] + counts["crash"] + counts["timeout"]
    considered = killed + counts["survived"]
    score = 100.0 * killed / considered if considered else 0.0
    survivor_ids = {s["id"] for s in survivors}

    def stale_entries(listed, name):
        return [{"id": i, "list": name, "why": "no such mutant" if i not in seen_ids else "no longer survives"}
                for i in sorted(listed) if i not in survivor_ids]

    stale = stale_entries(reviewed, "equivalent") + stale_entries(gaps, "open")
    both = sorted(set(reviewed) & set(gaps))
    unreviewed = [s for s in survivors if s["status"] == "survived" and "gap" not in s]
    problems = []
    if score < config.threshold:
        problems.append(f"the score {score:.2f}% is below the threshold {config.threshold:.2f}%")
    if unreviewed:
        problems.append(f"{len(unreviewed)} survivor(s) are in neither the equivalent nor the open list")
    if stale:
        problems.append(f"{len(stale)} listed entr{'y is' if len(stale) == 1 else 'ies are'} stale")
    if both:
        problems.append(f"{len(both)} mutant(s) are listed both as equivalent and as open: {', '.join(both[:5])}")
    return {
        "total": len(mutants),
        "compiled": len(mutants) - counts["dropped"],
        "dropped": counts["dropped"],
        "droppedSites": len(dropped),
        "killed": killed,
        "killedByVector": counts["killed"],
        "killedByCrash": counts["crash"],
        "killedByTimeout": counts["timeout"],
        "survived": counts["survived"],
        "survivedNeverReached": sum(1 for s in survivors if s["status"] == "survived" and not s.get("reached", True)),
        "equivalent": counts["equivalent"],
        "openListed": sum(1 for s in survivors if "gap" in s),
        "score": round(score, 2),
        "threshold": config.threshold,
        "elapsedSeconds": round(elapsed, 1),
        "vectors": baseline_vectors,
        "byOperator": {k: dict(v) for k, v in sorted(by_operator.items())},
        "byFile": {k: dict(v) for k, v in sorted(by_file.items())},
        "excludedScopes": config.excluded_scopes,
        "survivors": [s for s in survivors if s["status"] == "survived"],
        "unreviewed": unreviewed,
        "equivalentMutants": [s for s in survivors if s["status"] == "equivalent"],
        "stale": stale,
        "problems": problems,
        "passed": not problems,
    }


def render_text(report) -> str:
    out = []
    out.append(f"Mutation score: {report['score']:.2f}% (threshold {report['threshold']:.2f}%)")
    out.append(
        f"  {report['total']} mutants: {report['compiled']} compiled, {report['dropped']} dropped "
        f"({report['droppedSites']} sites that do not compile)")
    out.append(
        f"  killed {report['killed']} (failing vector {report['killedByVector']}, crash "
        f"{report['killedByCrash']}, timeout {report['killedByTimeout']}), survived {report['survived']} "
        f"({report['survivedNeverReached']} never reached by any vector; {report['openListed']} in the open list), "
        f"reviewed equivalent {report['equivalent']}")
    out.append(f"  {report['vectors']} vectors, {report['elapsedSeconds']:.0f} s")
    columns = ["killed", "crash", "timeout", "survived", "equivalent", "dropped"]
    for title, table in (("operator", report["byOperator"]), ("file", report["byFile"])):
        out.append("")
        width = max(len(k) for k in table) if table else 10
        out.append(f"  {'by ' + title:<{width}}  " + " ".join(f"{c:>10}" for c in columns))
        for key, counts in table.items():
            out.append(f"  {key:<{width}}  " + " ".join(f"{counts.get(c, 0):>10}" for c in columns))
    if report["survivors"]:
        out.append("")
        out.append(f"Survivors ({len(report['survivors'])}; * = in neither list):")
        for s in report["survivors"]:
            reached = "" if s.get("reached", True) else "  [never reached]"
            mark = " " if "gap" in s else "*"
            out.append(f" {mark}{s['file']}:{s['line']}  {s['operator']}  {s['original']} -> {s['mutated']}{reached}")
            out.append(f"      {s['id']}")
    if report["stale"]:
        out.append("")
        out.append("Stale entries:")
        for entry in report["stale"]:
            out.append(f"  {entry['id']} ({entry['list']} list): {entry['why']}")
    out.append("")
    if report["problems"]:
        out.append("mutation: FAILED: " + "; ".join(report["problems"]))
    else:
        out.append("mutation: OK")
    return "\n".join(out)


def write_open_list(path: Path, report, previous: dict[str, str]) -> None:
    """Rewrites the open list: every survivor not reviewed as equivalent, grouped by file and
    scope, keeping the note of entries already there."""
    lines = [
        "# Survivors that are gaps in the corpus, not equivalent mutants: each still counts against the",
        "# score. Written by `mutate.py --update-open-list`; remove an entry when a vector kills it (the",
        "# run fails on a stale entry). Format: <stable id>  <area: what a vector would need to do>",
    ]
    current = None
    for s in sorted(report["survivors"], key=lambda s: (s["file"], s["line"], s["id"])):
        group = f"{s['file']} {s['scope']}"
        if group != current:
            lines.append("")
            lines.append(f"# {group}")
            current = group
        note = previous.get(s["id"]) or (
            f"{'never reached: ' if not s.get('reached', True) else ''}"
            f"{s['operator']} {s['original']} -> {s['mutated']}")
        lines.append(f"{s['id']}  {' '.join(note.split())}")
    path.write_text("\n".join(lines) + "\n")


# -- main ----------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the report as JSON on standard output")
    parser.add_argument("--root", type=Path, default=ROOT, help="the package root (default: this repository)")
    parser.add_argument("--config", type=Path, default=HERE / "config.json")
    parser.add_argument("--reviewed", type=Path, default=HERE / "equivalent-mutants.txt",
                        help="the reviewed equivalent mutants")
    parser.add_argument("--open", type=Path, default=HERE / "open-survivors.txt",
                        help="the known survivors that are gaps in the corpus")
    parser.add_argument("--update-open-list", action="store_true",
                        help="rewrite the open list with every current survivor not reviewed as equivalent")
    parser.add_argument("--scratch", type=Path, help="scratch package (default: ROOT/.build/mutation/scratch)")
    parser.add_argument("--jobs", type=int, default=2, help="runner processes in parallel (default 2)")
    parser.add_argument("--fresh", action="store_true", help="forget the cached list of sites that do not compile")
    args = parser.parse_args(argv)

    started = time.monotonic()
    try:
        root = args.root.resolve()
        config = Config.load(args.config)
        reviewed = load_reviewed(args.reviewed)
        gaps = load_reviewed(args.open)
        scratch = (args.scratch or root / ".build" / "mutation" / "scratch").resolve()
        cache_path = scratch.parent / "dropped.json"
        plans = plan(root, config)
        by_stable = {m.stable_id: site.mutants[0].id for _, site, m in all_mutants(plans)}
        cached = set()
        if cache_path.exists() and not args.fresh:
            cached = {by_stable[i] for i in json.loads(cache_path.read_text()) if i in by_stable}
        total = sum(1 for _ in all_mutants(plans))
        log(f"mutate: {total} mutants at {sum(len(p.sites) for p in plans)} sites in {len(plans)} files")
        schema, dropped = build(root, scratch, plans, config, set(), cached)
        cache_path.write_text(json.dumps(sorted(
            m.stable_id for _, site, m in all_mutants(plans) if site.mutants[0].id in dropped)))
        executable = scratch / ".build" / config.build_configuration / RUNNER_TARGET
        vectors = root / "Vectors"

        ids = [m.id for _, site, m in all_mutants(plans) if site.mutants[0].id not in dropped]
        log("mutate: baseline (no mutant active)…")
        baseline_started = time.monotonic()
        coverage = scratch.parent / "coverage.json"
        runner = Runner(executable, vectors, coverage)
        baseline = runner.ask("baseline", 60)
        runner.stop()
        baseline_seconds = time.monotonic() - baseline_started
        if not isinstance(baseline, dict) or baseline.get("failures"):
            failures = baseline.get("failures") if isinstance(baseline, dict) else baseline
            raise ToolError(
                "the unmutated reference does not pass every vector, so no mutant can be judged: "
                + json.dumps(failures)[:2000])
        log(f"mutate: baseline passes all {baseline['vectors']} vectors ({baseline_seconds:.1f} s); "
            f"{baseline['sites']} of the {len(ids)} compiled mutants are reached by some vector")
        timeout = max(config.timeout_seconds, 100 * baseline_seconds / max(1, baseline["vectors"]))
        results = run_mutants(executable, vectors, coverage, ids, args.jobs, timeout)
        report = evaluate(plans, dropped, results, reviewed, config, time.monotonic() - started,
                          baseline["vectors"], gaps)
        if args.update_open_list:
            write_open_list(args.open, report, gaps)
            report = evaluate(plans, dropped, results, reviewed, config, time.monotonic() - started,
                              baseline["vectors"], load_reviewed(args.open))
    except ToolError as error:
        log(f"mutation: ERROR: {error}")
        return 2
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render_text(report))
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
