#!/usr/bin/env python3
"""Tests of the C testees (Adapters/c/.bin, built by build.sh), over the testee protocol.

Tokens are built here with the standard library only (hmac, hashlib, base64, json), never with the
libraries under test. Run: python3 Adapters/c/test_c_testees.py (build.sh test runs it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

from synthetic_profiles import write_synthetic_profiles  # noqa: E402  (Adapters/synthetic_profiles.py)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(header: dict, claims: dict, secret: str, alg=hashlib.sha256) -> str:
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    mac = hmac.new(secret.encode(), signing_input.encode(), alg).digest()
    return signing_input + "." + b64(mac)


class Testee:
    def __init__(self, name: str, env: dict = None):
        binary = os.path.join(HERE, ".bin", name)
        if not os.access(binary, os.X_OK):
            raise unittest.SkipTest(f"{binary} is not built: run bash Adapters/c/build.sh")
        self.process = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        env=None if env is None else {**os.environ, **env})

    def ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=5)
        self.process.stdout.close()


KUS_KEYS = [{"kid": None, "secret": "kustomer-secret-0123456789"}]
SUN_KEYS = [{"kid": "app_1", "secret": "first-secret-0123456789"}, {"kid": "app_2", "secret": "second-secret-0123456789"}]


class CommonTests:
    """The same checks for every C testee; `name` and `expired_at` (the first now at which a
    token with exp 2000 is refused: 2000 by RFC 7519, 2001 where the library accepts exp == now)."""

    name = ""
    expired_at = 2000

    def setUp(self):
        self.testee = Testee(self.name)

    def tearDown(self):
        self.testee.close()

    def verify(self, profile, jws, keys, now):
        return self.testee.ask({"op": "verify", "id": "v", "profile": profile, "token": jws, "keys": keys, "now": now})

    def test_profiles_come_from_the_data_files(self):
        with tempfile.TemporaryDirectory() as folder:
            write_synthetic_profiles(folder)
            testee = Testee(self.name, env={"JWT_CONFORMANCE_PROFILES": folder})
            try:
                self.assertEqual(testee.ask({"op": "hello", "protocol": 1})["profiles"], ["acme", "kustomer", "sunshine", "untyped"])
                secret = KUS_KEYS[0]["secret"]

                def verify(profile, header, claims):
                    return testee.ask({"op": "verify", "id": "d", "profile": profile, "token": token(header, claims, secret),
                                       "keys": KUS_KEYS, "now": 1000})

                claims = {"user_id": "u-7", "iat": 990}
                self.assertEqual(verify("acme", {"alg": "HS256", "typ": "JWT"}, claims).get("identity"), {"kind": "externalId", "value": "u-7"})
                self.assertEqual(verify("acme", {"alg": "HS256"}, claims).get("reason"), "invalid-header")
                old = {"externalId": "u-7", "iat": 990}
                self.assertEqual(verify("acme", {"alg": "HS256", "typ": "JWT"}, old).get("reason"), "missing-claim")
                self.assertEqual(verify("kustomer", {"alg": "HS256"}, old)["result"], "accept")
                self.assertEqual(verify("broken", {"alg": "HS256", "typ": "JWT"}, claims)["result"], "skip")
                signed = testee.ask({"op": "sign", "id": "s", "profile": "acme", "key": KUS_KEYS[0],
                                     "subject": {"externalId": "u-8", "email": None}, "now": 1000})
                payload = json.loads(base64.urlsafe_b64decode(signed["token"].split(".")[1] + "=="))
                self.assertEqual(payload.get("user_id"), "u-8")
                self.assertNotIn("externalId", payload)
            finally:
                testee.close()

    def test_hello(self):
        hello = self.testee.ask({"op": "hello", "protocol": 1})
        self.assertTrue(hello["ok"])
        self.assertLessEqual({"kustomer", "sunshine"}, set(hello["profiles"]))  # found without the environment variable
        self.assertEqual(hello["implementation"]["language"], "c")
        self.assertNotEqual(hello["implementation"]["version"], "unknown")
        self.assertEqual(sorted(hello["roles"]), ["signer", "verifier"])

    def test_now_is_injected_not_read(self):
        # At the wall clock this token expired long ago; at the injected now it is valid.
        jws = token({"alg": "HS256", "typ": "JWT"}, {"externalId": "u1", "iat": 1500, "exp": 2000}, KUS_KEYS[0]["secret"])
        self.assertEqual(self.verify("kustomer", jws, KUS_KEYS, 1500)["result"], "accept")
        expired = self.verify("kustomer", jws, KUS_KEYS, self.expired_at)
        self.assertEqual((expired["result"], expired.get("reason")), ("reject", "expired"))

    def test_not_before(self):
        jws = token({"alg": "HS256", "kid": "app_1"}, {"external_id": "7", "scope": "user", "nbf": 1500}, SUN_KEYS[0]["secret"])
        self.assertEqual(self.verify("sunshine", jws, SUN_KEYS, 1500)["result"], "accept")
        early = self.verify("sunshine", jws, SUN_KEYS, 1499)
        self.assertEqual((early["result"], early.get("reason")), ("reject", "not-yet-valid"))

    def test_wrong_key_is_bad_signature(self):
        jws = token({"alg": "HS256"}, {"externalId": "u1", "iat": 1000}, "another-secret")
        answer = self.verify("kustomer", jws, KUS_KEYS, 1000)
        self.assertEqual((answer["result"], answer.get("reason")), ("reject", "bad-signature"))

    def test_kid_ignored_when_not_required(self):
        # Kustomer does not require kid: a kid naming no key is ignored; the first key verifies.
        keys = KUS_KEYS + [{"kid": None, "secret": "replaced-secret-0123456789"}]
        named = token({"alg": "HS256", "kid": "previous"}, {"externalId": "u1", "iat": 1000}, keys[0]["secret"])
        self.assertEqual(self.verify("kustomer", named, keys, 1000)["result"], "accept")
        second = token({"alg": "HS256"}, {"externalId": "u1", "iat": 1000}, keys[1]["secret"])
        self.assertEqual(self.verify("kustomer", second, keys, 1000).get("reason"), "bad-signature")

    def test_only_hs256(self):
        claims = {"externalId": "u1", "iat": 1000}
        for jws in (token({"alg": "HS384"}, claims, KUS_KEYS[0]["secret"], hashlib.sha384),
                    b64(b'{"alg":"none"}') + "." + b64(json.dumps(claims).encode()) + "."):
            answer = self.verify("kustomer", jws, KUS_KEYS, 1000)
            self.assertEqual((answer["result"], answer.get("reason")), ("reject", "algorithm-not-allowed"), jws)

    def test_sunshine_key_by_kid_and_rules(self):
        good = token({"alg": "HS256", "kid": "app_2"}, {"external_id": "42", "scope": "user"}, SUN_KEYS[1]["secret"])
        self.assertEqual(self.verify("sunshine", good, SUN_KEYS, 1000)["identity"], {"kind": "externalId", "value": "42"})
        unknown = token({"alg": "HS256", "kid": "app_9"}, {"external_id": "42", "scope": "user"}, SUN_KEYS[1]["secret"])
        self.assertEqual(self.verify("sunshine", unknown, SUN_KEYS, 1000).get("reason"), "unknown-key")
        no_scope = token({"alg": "HS256", "kid": "app_1"}, {"external_id": "42"}, SUN_KEYS[0]["secret"])
        self.assertEqual(self.verify("sunshine", no_scope, SUN_KEYS, 1000).get("reason"), "missing-claim")

    def test_kustomer_email_wins_and_iat_required(self):
        both = token({"alg": "HS256", "typ": "JWT"}, {"externalId": "u1", "email": "a@example.com", "iat": 1000}, KUS_KEYS[0]["secret"])
        self.assertEqual(self.verify("kustomer", both, KUS_KEYS, 1000)["identity"], {"kind": "email", "value": "a@example.com"})
        no_iat = token({"alg": "HS256"}, {"externalId": "u1"}, KUS_KEYS[0]["secret"])
        self.assertEqual(self.verify("kustomer", no_iat, KUS_KEYS, 1000).get("reason"), "missing-claim")
        old = token({"alg": "HS256"}, {"externalId": "u1", "iat": 1000}, KUS_KEYS[0]["secret"])
        self.assertEqual(self.verify("kustomer", old, KUS_KEYS, 1901).get("reason"), "issued-at-out-of-window")

    def test_signs_then_verifies(self):
        for profile, key, subject, keys in (
            ("sunshine", SUN_KEYS[1], {"externalId": "42", "email": None}, SUN_KEYS),
            ("kustomer", KUS_KEYS[0], {"externalId": "u1", "email": "a@example.com"}, KUS_KEYS),
        ):
            signed = self.testee.ask({"op": "sign", "id": "s", "profile": profile, "key": key, "subject": subject, "now": 1000, "lifetime": 60})
            header = json.loads(base64.urlsafe_b64decode(signed["token"].split(".")[0] + "=="))
            self.assertEqual(header.get("kid"), key["kid"])
            self.assertEqual(self.verify(profile, signed["token"], keys, 1000)["result"], "accept")
            late = self.verify(profile, signed["token"], keys, 1060 + self.expired_at - 2000)
            self.assertEqual((late["result"], late.get("reason")), ("reject", "expired"))

    def test_bad_requests(self):
        self.assertEqual(self.testee.ask({"op": "verify", "id": "x", "profile": "kustomer", "token": "a.b.c", "keys": []})["result"], "error")
        self.assertEqual(self.testee.ask({"op": "refresh", "id": "y"}), {"id": "y", "result": "skip", "message": "unknown op refresh"})
        self.assertEqual(self.testee.ask({"op": "verify", "id": "z", "profile": "other", "token": "a", "keys": [], "now": 1})["result"], "skip")
        answer = self.testee.ask({"op": "verify", "id": "n", "profile": "kustomer", "token": "a.b.c\u0000", "keys": KUS_KEYS, "now": 1})
        self.assertEqual((answer["id"], answer["result"]), ("n", "reject"))


class LibjwtTests(CommonTests, unittest.TestCase):
    name = "libjwt_testee"

    def test_empty_secret_is_not_used(self):
        # jwt_decode takes a zero-length key as no key and skips the signature check.
        jws = token({"alg": "HS256"}, {"externalId": "u1", "iat": 1000}, "anything")
        answer = self.verify("kustomer", jws, [{"kid": None, "secret": ""}], 1000)
        self.assertEqual((answer["result"], answer.get("reason")), ("reject", "unknown-key"))


class RhonabwyTests(CommonTests, unittest.TestCase):
    name = "rhonabwy_testee"
    expired_at = 2001  # r_jwt_validate_claims refuses exp only when exp < now

    def test_clock_self_test_passed_and_now_must_fit_an_int(self):
        jws = token({"alg": "HS256"}, {"externalId": "u1", "iat": 1000}, KUS_KEYS[0]["secret"])
        self.assertEqual(self.verify("kustomer", jws, KUS_KEYS, 1000)["result"], "accept")  # not error
        self.assertEqual(self.verify("kustomer", jws, KUS_KEYS, 2**31)["result"], "skip")  # declined: not an int

    def test_future_iat_is_refused_by_rhonabwy(self):
        jws = token({"alg": "HS256"}, {"externalId": "u1", "iat": 1001}, KUS_KEYS[0]["secret"])
        answer = self.verify("kustomer", jws, KUS_KEYS, 1000)
        self.assertEqual((answer["result"], answer.get("reason")), ("reject", "issued-at-out-of-window"))


if __name__ == "__main__":
    unittest.main()
