#!/usr/bin/env python3
"""Validates the vector corpus, the profiles and the rule catalogue against their JSON Schemas.

    python3 Tools/schema/validate.py [--vectors Vectors]

Every `corpus/**/*.json` is checked against `schema/vector-file.schema.json`, every
`profiles/*.json` against `schema/profile.schema.json` and `rules/catalogue.json` against
`schema/catalogue.schema.json` (draft 2020-12, with the `jsonschema` package). Files are read
as strictly as the Swift loader reads them: invalid UTF-8, NaN/Infinity and duplicate member
names are errors, and `1.0` is not an integer.

Beyond the schemas it checks what the loader checks across a file or the corpus and a schema
cannot say: `numberOfTests` equals the number of tests, every id is unique, every file names a
known profile and all files share one `suiteVersion`; and that every `rules`, `flags` and
`ambiguity` id a test names is in the catalogue.

Prints `file: JSON path: message` for every error. Exit status: 0 valid, 1 any error,
2 the schemas themselves cannot be read.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover
    print("validate.py: the jsonschema package is required (pip install jsonschema==4.26.0)", file=sys.stderr)
    sys.exit(2)

MAX_MESSAGE = 300


class DuplicateMember(ValueError):
    pass


def _pairs(members):
    obj = {}
    for key, value in members:
        if key in obj:
            raise DuplicateMember(f"duplicate member name {key!r}")
        obj[key] = value
    return obj


def _int(text: str):
    # Python refuses int() above 4300 digits; such a literal is out of Int64 range anyway.
    return int(text) if len(text) <= 4000 else Decimal(text)


def _constant(name: str):
    raise ValueError(f"{name} is not JSON")


def load_strict(path: str):
    """(document, None) or (None, message)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return None, f"cannot be read: {error.strerror}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, f"invalid UTF-8 at byte {error.start}"
    try:
        # parse_float=Decimal: a literal with a fraction or exponent is a number but never an
        # integer, as in the Swift loader (jsonschema would count the float 1.0 as an integer).
        return json.loads(text, object_pairs_hook=_pairs, parse_float=Decimal, parse_int=_int,
                          parse_constant=_constant), None
    except DuplicateMember as error:
        return None, str(error)
    except json.JSONDecodeError as error:
        return None, f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    except (ValueError, RecursionError) as error:
        return None, f"not JSON: {error}"


def shorten(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def leaf_errors(error):
    """The most specific errors under an anyOf/oneOf failure."""
    if error.context:
        for sub in sorted(error.context, key=lambda e: list(e.absolute_path)):
            yield from leaf_errors(sub)
    else:
        yield error


class Validation:
    def __init__(self, root: str):
        self.root = root
        self.problems: list[str] = []
        self.files = 0

    def report(self, file: str, path: str, message: str) -> None:
        self.problems.append(f"{file}: {path}: {shorten(message)}")

    def schema(self, name: str) -> Draft202012Validator:
        path = os.path.join(self.root, "schema", name)
        doc, problem = load_strict(path)
        if problem:
            raise SystemExit(self.fatal(f"{path}: {problem}"))
        try:
            Draft202012Validator.check_schema(doc)
        except jsonschema.exceptions.SchemaError as error:
            raise SystemExit(self.fatal(f"{path}: {error.json_path}: not a valid draft 2020-12 schema: {error.message}"))
        return Draft202012Validator(doc)

    @staticmethod
    def fatal(message: str) -> int:
        print(f"validate.py: {message}", file=sys.stderr)
        return 2

    def check(self, validator: Draft202012Validator, file: str, doc) -> bool:
        errors = sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        for error in errors:
            leaves = list(leaf_errors(error)) if error.validator in ("anyOf", "oneOf") else [error]
            if len(leaves) > 1:
                alternatives = "; or ".join(f"{leaf.json_path}: {leaf.message}" for leaf in leaves)
                self.report(file, error.json_path, f"{error.message.split(' is not valid under')[0][:80]} "
                            f"matches none of the allowed shapes ({alternatives})")
            else:
                self.report(file, leaves[0].json_path, leaves[0].message)
        return not errors

    def run(self) -> None:
        vector_schema = self.schema("vector-file.schema.json")
        profile_schema = self.schema("profile.schema.json")
        catalogue_schema = self.schema("catalogue.schema.json")

        # profiles
        profiles: set[str] = set()
        folder = os.path.join(self.root, "profiles")
        if not os.path.isdir(folder):
            self.report("profiles", "$", "no such folder")
        else:
            for name in sorted(os.listdir(folder)):
                if not name.endswith(".json"):
                    continue
                file = f"profiles/{name}"
                self.files += 1
                doc, problem = load_strict(os.path.join(folder, name))
                if problem:
                    self.report(file, "$", problem)
                    continue
                self.check(profile_schema, file, doc)
                if isinstance(doc, dict) and isinstance(doc.get("id"), str):
                    if doc["id"] in profiles:
                        self.report(file, "$.id", f"profile id {doc['id']!r} is defined twice")
                    profiles.add(doc["id"])

        # catalogue
        catalogue = None
        path = os.path.join(self.root, "rules", "catalogue.json")
        if os.path.exists(path):
            self.files += 1
            doc, problem = load_strict(path)
            if problem:
                self.report("rules/catalogue.json", "$", problem)
            elif self.check(catalogue_schema, "rules/catalogue.json", doc):
                catalogue = doc
                for section in ("rules", "ambiguities", "flags"):
                    seen = set()
                    for index, entry in enumerate(doc[section]):
                        if entry["id"] in seen:
                            self.report("rules/catalogue.json", f"$.{section}[{index}].id", f"id {entry['id']!r} is defined twice")
                        seen.add(entry["id"])
        else:
            self.report("rules/catalogue.json", "$", "no such file")
        known = {s: {e["id"] for e in catalogue[s]} for s in ("rules", "ambiguities", "flags")} if catalogue else None

        # vector files
        corpus = os.path.join(self.root, "corpus")
        if not os.path.isdir(corpus):
            self.report("corpus", "$", "no such folder")
            return
        paths = []
        for directory, _, names in os.walk(corpus):
            paths.extend(os.path.join(directory, n) for n in names if n.endswith(".json"))
        ids: dict[str, str] = {}
        versions: dict[str, str] = {}
        for path in sorted(paths):
            file = "corpus/" + os.path.relpath(path, corpus)
            self.files += 1
            doc, problem = load_strict(path)
            if problem:
                self.report(file, "$", problem)
                continue
            valid = self.check(vector_schema, file, doc)
            if not isinstance(doc, dict):
                continue
            if isinstance(doc.get("suiteVersion"), str):
                versions[file] = doc["suiteVersion"]
            if isinstance(doc.get("profile"), str) and profiles and doc["profile"] not in profiles:
                self.report(file, "$.profile", f"unknown profile {doc['profile']!r}; known: {', '.join(sorted(profiles))}")
            groups = doc.get("testGroups") if isinstance(doc.get("testGroups"), list) else []
            count = 0
            for gi, group in enumerate(groups):
                tests = group.get("tests") if isinstance(group, dict) else None
                for ti, test in enumerate(tests if isinstance(tests, list) else []):
                    count += 1
                    if not isinstance(test, dict):
                        continue
                    where = f"$.testGroups[{gi}].tests[{ti}]"
                    if isinstance(test.get("id"), str):
                        if test["id"] in ids:
                            self.report(file, f"{where}.id", f"duplicate test id {test['id']}, first defined in {ids[test['id']]}")
                        else:
                            ids[test["id"]] = file
                    if known is None:
                        continue
                    for member in ("rules", "flags"):
                        values = test.get(member)
                        for index, value in enumerate(values if isinstance(values, list) else []):
                            if isinstance(value, str) and value not in known[member]:
                                self.report(file, f"{where}.{member}[{index}]", f"{value!r} is not a {member[:-1]} of the catalogue")
                    expected = test.get("expected")
                    ambiguity = expected.get("ambiguity") if isinstance(expected, dict) else None
                    if isinstance(ambiguity, str) and ambiguity not in known["ambiguities"]:
                        self.report(file, f"{where}.expected.ambiguity", f"{ambiguity!r} is not an ambiguity of the catalogue")
            declared = doc.get("numberOfTests")
            if isinstance(declared, int) and not isinstance(declared, bool) and valid and count != declared:
                self.report(file, "$.numberOfTests", f"numberOfTests is {declared} but the file has {count} tests")
        if len(set(versions.values())) > 1:
            listing = ", ".join(f"{f}: {v}" for f, v in versions.items())
            self.report(next(iter(versions)), "$.suiteVersion", f"files disagree on suiteVersion ({listing})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the vectors, profiles and catalogue against their JSON Schemas.")
    parser.add_argument("--vectors", default="Vectors", help="the folder holding schema/, profiles/, rules/ and corpus/")
    args = parser.parse_args(argv)
    validation = Validation(args.vectors)
    try:
        validation.run()
    except SystemExit as exit:
        return int(exit.code)
    for problem in validation.problems:
        print(problem)
    if validation.problems:
        print(f"schemas: {len(validation.problems)} error(s) in {validation.files} file(s)", file=sys.stderr)
        return 1
    print(f"schemas: {validation.files} file(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
