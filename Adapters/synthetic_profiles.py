"""Synthetic vendor profiles for the Python-run adapter tests (Python, C and C++ testees).

Each test points a testee at a folder of profile files through `JWT_CONFORMANCE_PROFILES` and
checks that the adapter reads its rules from the data, not from code.
"""

from __future__ import annotations

import json
import os

PROFILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Vectors", "profiles")


def write_synthetic_profiles(folder: str) -> None:
    """Writes into `folder` the repository's `kustomer` and `sunshine` profiles, plus `acme`
    (Kustomer's rules with the identity claim renamed to `user_id` and `typ` required), `broken`
    (a member no loader knows, so no adapter may declare it) and `untyped` (acme without `typ`)."""

    def read(name: str) -> dict:
        with open(os.path.join(PROFILES, name + ".json"), encoding="utf-8") as source:
            return json.load(source)

    def write(name: str, document: dict) -> None:
        with open(os.path.join(folder, name + ".json"), "w", encoding="utf-8") as target:
            json.dump(document, target)

    write("kustomer", read("kustomer"))
    write("sunshine", read("sunshine"))
    acme = read("kustomer")
    acme["id"] = "acme"
    acme["identityClaims"] = [{"claim": "user_id", "kind": "externalId"}]
    acme["header"]["typRequired"] = True
    write("acme", acme)
    write("broken", dict(acme, id="broken", expiration={"honoured": True, "required": False, "leeway": 30}))
    write("untyped", dict(acme, id="untyped", header=dict(acme["header"], typ=None, typRequired=False)))
