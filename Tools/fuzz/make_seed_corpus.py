#!/usr/bin/env python3
"""Writes the seed corpus of the reference's libFuzzer target from the committed vectors.

Usage: make_seed_corpus.py VECTORS_DIR OUT_DIR

OUT_DIR/seeds/ gets one file per input (the first byte picks the mode of
ReferenceFuzzTarget.swift: 0 JSON reader, 1 compact-JWS decoder, 2 verifier), and
OUT_DIR/keys.json the key set of every profile (the union of its verifier groups' keys).
Nothing here is committed: the corpus is derived from Vectors/ on every run.
"""
import base64
import hashlib
import json
import pathlib
import sys


def b64url_decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def main(vectors_dir, out_dir):
    vectors = pathlib.Path(vectors_dir)
    out = pathlib.Path(out_dir)
    seeds = out / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    profiles = sorted(p.stem for p in (vectors / "profiles").glob("*.json"))
    keys = {profile: [] for profile in profiles}
    inputs = set()
    for path in sorted((vectors / "corpus").glob("*/*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if document["role"] != "verifier":
            continue
        profile = document["profile"]
        for group in document["testGroups"]:
            for key in group["keys"]:
                entry = {"kid": key.get("kid"), "secret": key["secret"]}
                if entry not in keys[profile]:
                    keys[profile].append(entry)
            for test in group["tests"]:
                token = test["token"].encode("utf-8")
                inputs.add(b"\x01" + token)
                inputs.add(b"\x02" + bytes([profiles.index(profile), 0]) + token)
                for segment in test["token"].split(".")[:2]:
                    try:
                        inputs.add(b"\x00" + b64url_decode(segment))
                    except ValueError:
                        pass
    for data in sorted(inputs):
        (seeds / hashlib.sha1(data).hexdigest()).write_bytes(data)
    (out / "keys.json").write_text(json.dumps(keys, indent=2) + "\n", encoding="utf-8")
    print(f"{len(inputs)} seed inputs in {seeds}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
