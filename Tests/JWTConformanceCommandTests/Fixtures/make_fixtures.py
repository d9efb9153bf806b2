#!/usr/bin/env python3
"""Writes the fixture vectors of JWTConformanceCommandTests (run from this folder).

Small stand-ins for the bundled corpus: two profiles, a few verifier and signer vectors with
real HS256 tokens, and a reject-only set for the misbehaving-testee tests. Deterministic.
"""
import base64
import hashlib
import hmac
import json
import os

NOW = 1700000000
KUS_SECRET = "kustomer-test-secret-0123456789abcdef"
SUN_SECRET = "sunshine-test-secret-0123456789abcdef"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(header: dict, payload: dict, secret: str) -> str:
    signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64(json.dumps(payload, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


def test(id, description, **members):
    return {"id": id, "description": description, "rules": ["FIXTURE-RULE"],
            "sources": ["fixture § " + id], "flags": [], **members}


def write(path, profile, role, category, groups):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    document = {"suiteVersion": "0.0.1-fixture", "profile": profile, "role": role, "category": category,
                "title": f"fixture: {profile} {category}",
                "numberOfTests": sum(len(g["tests"]) for g in groups), "testGroups": groups}
    with open(path, "w") as file:
        json.dump(document, file, indent=2)
        file.write("\n")


# Profile ids of their own, so the fixtures mean the same once the bundled profiles exist.
KUS = "kustomer-fixture"
SUN = "sunshine-fixture"

PROFILES = {
    KUS: {
        "id": KUS, "title": "Kustomer Chat (fixture)", "sources": ["fixture"], "algorithms": ["HS256"],
        "header": {"typ": "JWT", "typRequired": False, "keyIdRequired": False, "understoodCriticalParameters": []},
        "identityClaims": [{"claim": "email", "kind": "email"}, {"claim": "externalId", "kind": "externalId"}],
        "scope": None, "issuedAt": {"required": True, "maximumAge": 900, "maximumFutureSkew": 900},
        "expiration": {"honoured": True, "required": False}, "notBefore": {"honoured": True},
    },
    SUN: {
        "id": SUN, "title": "Sunshine Conversations (fixture)", "sources": ["fixture"], "algorithms": ["HS256"],
        "header": {"typ": "JWT", "typRequired": False, "keyIdRequired": True, "understoodCriticalParameters": []},
        "identityClaims": [{"claim": "external_id", "kind": "externalId"}],
        "scope": {"claim": "scope", "value": "user"}, "issuedAt": None,
        "expiration": {"honoured": True, "required": False}, "notBefore": {"honoured": True},
    },
}

os.makedirs("profiles", exist_ok=True)
for name, profile in PROFILES.items():
    with open(f"profiles/{name}.json", "w") as file:
        json.dump(profile, file, indent=2)
        file.write("\n")

KUS_HEADER = {"alg": "HS256", "typ": "JWT"}
write("vectors/corpus/kustomer/claims.json", KUS, "verifier", "claims", [{
    "description": "one shared secret, no kid", "now": NOW,
    "keys": [{"kid": None, "secret": KUS_SECRET}],
    "tests": [
        test("KUS-CLM-901", "externalId only", token=token(KUS_HEADER, {"externalId": "user-1", "iat": NOW}, KUS_SECRET),
             expected={"result": "accept", "identity": {"kind": "externalId", "value": "user-1"}}),
        test("KUS-CLM-902", "email wins over externalId",
             token=token(KUS_HEADER, {"externalId": "user-1", "email": "a@example.com", "iat": NOW}, KUS_SECRET),
             expected={"result": "accept", "identity": {"kind": "email", "value": "a@example.com"}}),
        test("KUS-CLM-903", "signed with another secret",
             token=token(KUS_HEADER, {"externalId": "user-1", "iat": NOW}, "another-secret-0123456789abcdefghij"),
             expected={"result": "reject", "reason": "bad-signature"}),
        test("KUS-CLM-904", "iat 901 s before now",
             token=token(KUS_HEADER, {"externalId": "user-1", "iat": NOW - 901}, KUS_SECRET),
             expected={"result": "reject", "reason": "issued-at-out-of-window"}),
        test("KUS-CLM-905", "not a compact JWS", token="not-a-token",
             expected={"result": "reject", "reason": "malformed"}),
    ],
}])
write("vectors/corpus/kustomer/signer.json", KUS, "signer", "signer", [{
    "description": "the shared secret", "now": NOW, "key": {"kid": None, "secret": KUS_SECRET},
    "tests": [
        test("KUS-SGN-901", "externalId subject", subject={"externalId": "u1", "email": None},
             expected={"result": "token", "header": KUS_HEADER, "claims": {"externalId": "u1", "iat": NOW},
                       "identity": {"kind": "externalId", "value": "u1"}}),
        test("KUS-SGN-902", "with a lifetime", subject={"externalId": "u1", "email": "a@example.com"}, lifetime=600,
             expected={"result": "token", "header": KUS_HEADER,
                       "claims": {"email": "a@example.com", "iat": NOW, "exp": NOW + 600},
                       "identity": {"kind": "email", "value": "a@example.com"}}),
    ],
}])
SUN_HEADER = {"alg": "HS256", "typ": "JWT", "kid": "app_1"}
write("vectors/corpus/sunshine/claims.json", SUN, "verifier", "claims", [{
    "description": "one app key", "now": NOW, "keys": [{"kid": "app_1", "secret": SUN_SECRET}],
    "tests": [
        test("SUN-CLM-901", "a user token", token=token(SUN_HEADER, {"scope": "user", "external_id": "42"}, SUN_SECRET),
             expected={"result": "accept", "identity": {"kind": "externalId", "value": "42"}}),
        test("SUN-CLM-902", "an unknown kid",
             token=token({**SUN_HEADER, "kid": "app_2"}, {"scope": "user", "external_id": "42"}, SUN_SECRET),
             expected={"result": "reject", "reason": "unknown-key"}),
        test("SUN-CLM-903", "exp equal to now",
             token=token(SUN_HEADER, {"scope": "user", "external_id": "42", "exp": NOW}, SUN_SECRET),
             expected={"result": "reject", "reason": "expired"}),
    ],
}])
write("vectors/corpus/sunshine/signer.json", SUN, "signer", "signer", [{
    "description": "an app key", "now": NOW, "key": {"kid": "app_1", "secret": SUN_SECRET},
    "tests": [
        test("SUN-SGN-901", "externalId subject", subject={"externalId": "42", "email": None},
             expected={"result": "token", "header": SUN_HEADER, "claims": {"external_id": "42", "scope": "user"},
                       "identity": {"kind": "externalId", "value": "42"}}),
    ],
}])
write("reject-only/kustomer-signature.json", KUS, "verifier", "signature", [{
    "description": "tokens every testee must reject", "now": NOW, "keys": [{"kid": None, "secret": KUS_SECRET}],
    "tests": [
        test(f"KUS-SIG-90{n}", f"a token signed with the wrong secret ({n})",
             token=token(KUS_HEADER, {"externalId": f"user-{n}", "iat": NOW}, "wrong-secret-0123456789abcdefghijkl"),
             expected={"result": "reject", "reason": "bad-signature"})
        for n in range(1, 7)
    ],
}])
