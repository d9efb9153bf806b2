#!/usr/bin/env python3
"""The cpp-jwt adapter's own tests: they start the testee as the harness does (cpp_jwt_testee.sh, under
libfaketime) and speak the protocol to it. Tokens are built here with Python's hmac and base64, not with
the library under test. Run by `bash Adapters/cpp/build.sh test` (standard library only)."""

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

SECRET = "adapter-test-secret-0123456789abcdef"
NOW = 1_700_000_000


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(header: dict, claims: dict, secret: str = SECRET) -> str:
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    tag = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(tag)


def kustomer(claims: dict, header=None) -> str:
    return token(header or {"alg": "HS256", "typ": "JWT"}, claims)


KUSTOMER_KEYS = [{"kid": None, "secret": SECRET}]


class Testee:
    def __init__(self, command, env=None):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        hello = self.ask({"op": "hello", "protocol": 1})
        assert hello["ok"] is True and hello["implementation"]["name"] == "cpp-jwt", hello

    @classmethod
    def wrapped(cls):
        """As the harness starts it: through the wrapper, under libfaketime."""
        return cls(["bash", os.path.join(HERE, "cpp_jwt_testee.sh")])

    def send(self, line: str) -> dict:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def ask(self, request: dict) -> dict:
        return self.send(json.dumps(request))

    def verify(self, profile, jwt, keys, now) -> dict:
        return self.ask({"op": "verify", "id": "T-1", "profile": profile, "token": jwt, "keys": keys, "now": now})

    def outcome(self, profile, jwt, keys, now) -> str:
        response = self.verify(profile, jwt, keys, now)
        if response.get("result") == "reject":
            return "reject " + response.get("reason", "(no reason)")
        return response.get("result", json.dumps(response))

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=5)
        self.process.stdout.close()


class TestClock(unittest.TestCase):
    def test_exp_follows_the_injected_now(self):
        """The faketime self-test from outside: the library judges exp at each request's now, one token
        valid at one now and expired at a later one, in one process, both ways."""
        testee = Testee.wrapped()
        try:
            jwt = kustomer({"externalId": "u-1", "iat": 1000, "exp": 1001})
            self.assertEqual(testee.outcome("kustomer", jwt, KUSTOMER_KEYS, 1000), "accept")
            self.assertEqual(testee.outcome("kustomer", jwt, KUSTOMER_KEYS, 1002), "reject expired")
            self.assertEqual(testee.outcome("kustomer", jwt, KUSTOMER_KEYS, 1000), "accept")
            # A time before 1970 cannot be given to cpp-jwt (it casts to uint64_t): declined, not judged.
            self.assertEqual(testee.outcome("kustomer", jwt, KUSTOMER_KEYS, -1), "skip")
            # cpp-jwt refuses only now > exp (jwt_object::verify): at exactly exp it accepts, a known
            # failure (TIM-002); this pins that the adapter adds no exp check of its own.
            self.assertEqual(testee.outcome("kustomer", jwt, KUSTOMER_KEYS, 1001), "accept")
            late = kustomer({"externalId": "u-1", "iat": NOW, "nbf": NOW + 100})
            self.assertEqual(testee.outcome("kustomer", late, KUSTOMER_KEYS, NOW), "reject not-yet-valid")
            self.assertEqual(testee.outcome("kustomer", late, KUSTOMER_KEYS, NOW + 100), "accept")
        finally:
            testee.close()

    def test_without_libfaketime_every_verify_is_an_error(self):
        """Without libfaketime the injection cannot work: the self-test fails and every verify is an
        error, instead of a verdict at the wall clock."""
        with tempfile.TemporaryDirectory() as folder:
            clock = os.path.join(folder, "now")
            with open(clock, "w") as handle:
                handle.write("0\n")
            env = {key: value for key, value in os.environ.items() if key != "LD_PRELOAD"}
            env["FAKETIME_TIMESTAMP_FILE"] = clock
            testee = Testee([os.path.join(HERE, ".bin", "cpp_jwt_testee")], env=env)
            try:
                response = testee.verify("kustomer", kustomer({"externalId": "u-1", "iat": 1000, "exp": 1001}), KUSTOMER_KEYS, 1000)
                self.assertEqual(response["result"], "error", response)
                self.assertIn("cannot inject now", response["message"])
            finally:
                testee.close()


class TestProfiles(unittest.TestCase):
    def test_the_repository_profiles_are_declared(self):
        testee = Testee.wrapped()
        try:
            self.assertLessEqual({"kustomer", "sunshine"}, set(testee.ask({"op": "hello", "protocol": 1})["profiles"]))
        finally:
            testee.close()

    def test_profiles_come_from_the_data_files(self):
        with tempfile.TemporaryDirectory() as folder:
            write_synthetic_profiles(folder)
            testee = Testee(["bash", os.path.join(HERE, "cpp_jwt_testee.sh")], env={**os.environ, "JWT_CONFORMANCE_PROFILES": folder})
            try:
                self.assertEqual(testee.ask({"op": "hello", "protocol": 1})["profiles"], ["acme", "kustomer", "sunshine", "untyped"])
                claims = {"user_id": "u-7", "iat": NOW - 10}
                accepted = testee.verify("acme", token({"alg": "HS256", "typ": "JWT"}, claims), KUSTOMER_KEYS, NOW)
                self.assertEqual(accepted.get("identity"), {"kind": "externalId", "value": "u-7"}, accepted)
                self.assertEqual(testee.outcome("acme", token({"alg": "HS256"}, claims), KUSTOMER_KEYS, NOW), "reject invalid-header")
                old = {"externalId": "u-7", "iat": NOW - 10}
                self.assertEqual(testee.outcome("acme", token({"alg": "HS256", "typ": "JWT"}, old), KUSTOMER_KEYS, NOW), "reject missing-claim")
                self.assertEqual(testee.outcome("kustomer", token({"alg": "HS256"}, old), KUSTOMER_KEYS, NOW), "accept")
                self.assertEqual(testee.outcome("broken", token({"alg": "HS256", "typ": "JWT"}, claims), KUSTOMER_KEYS, NOW), "skip")
                signed = testee.ask({"op": "sign", "id": "s", "profile": "acme", "key": KUSTOMER_KEYS[0],
                                     "subject": {"externalId": "u-8", "email": None}, "now": NOW})
                payload = json.loads(base64.urlsafe_b64decode(signed["token"].split(".")[1] + "=="))
                self.assertEqual(payload.get("user_id"), "u-8")
                self.assertNotIn("externalId", payload)
            finally:
                testee.close()


class TestVerify(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.testee = Testee.wrapped()

    @classmethod
    def tearDownClass(cls):
        cls.testee.close()

    def outcome(self, jwt, profile="kustomer", keys=KUSTOMER_KEYS, now=NOW):
        return self.testee.outcome(profile, jwt, keys, now)

    def test_reasons_where_certain(self):
        good = {"externalId": "u-1", "iat": NOW}
        self.assertEqual(self.outcome(kustomer(good)), "accept")
        self.assertEqual(self.outcome(token({"alg": "HS256", "typ": "JWT"}, good, "another-secret")), "reject bad-signature")
        self.assertEqual(self.outcome(kustomer(good, {"alg": "HS512", "typ": "JWT"})), "reject algorithm-not-allowed")
        self.assertEqual(self.outcome(kustomer(good, {"alg": "HS256", "typ": "JOSE"})), "reject invalid-header")
        self.assertEqual(self.outcome("not-a-token"), "reject (no reason)")
        self.assertEqual(self.outcome(kustomer({"externalId": "u-1"})), "reject missing-claim")
        self.assertEqual(self.outcome(kustomer({"externalId": "u-1", "iat": NOW - 901})), "reject issued-at-out-of-window")
        self.assertEqual(self.outcome(kustomer({"externalId": "u-1", "iat": NOW + 901})), "reject issued-at-out-of-window")
        self.assertEqual(self.outcome(kustomer({"externalId": "u-1", "iat": NOW - 900})), "accept")
        self.assertEqual(self.outcome(kustomer({"externalId": "u-1", "iat": "1700000000"})), "reject invalid-claim-type")
        self.assertEqual(self.outcome(kustomer({"externalId": "", "iat": NOW})), "reject invalid-claim-value")
        both = self.testee.verify("kustomer", kustomer({"externalId": "u-1", "email": "a@example.com", "iat": NOW}), KUSTOMER_KEYS, NOW)
        self.assertEqual(both["identity"], {"kind": "email", "value": "a@example.com"}, both)

    def test_stage_order_around_the_library_claim_checks(self):
        """cpp-jwt checks exp before the MAC; the adapter still reports the earliest stage."""
        expired = {"externalId": "u-1", "iat": NOW, "exp": NOW - 10}
        self.assertEqual(self.outcome(kustomer(expired)), "reject expired")
        self.assertEqual(self.outcome(token({"alg": "HS256", "typ": "JWT"}, expired, "another-secret")), "reject bad-signature")
        self.assertEqual(self.outcome(kustomer({"iat": NOW, "exp": NOW - 10})), "reject missing-claim")
        self.assertEqual(self.outcome(kustomer({"externalId": 7, "iat": NOW, "nbf": NOW + 10})), "reject invalid-claim-type")

    def test_kid_ignored_when_not_required(self):
        # Kustomer does not require kid: a kid naming no key is ignored; the first key verifies.
        keys = KUSTOMER_KEYS + [{"kid": None, "secret": "replaced-secret"}]
        good = {"externalId": "u-1", "iat": NOW}
        self.assertEqual(self.outcome(kustomer(good, {"alg": "HS256", "kid": "previous"}), keys=keys), "accept")
        self.assertEqual(self.outcome(token({"alg": "HS256"}, good, "replaced-secret"), keys=keys), "reject bad-signature")

    def test_sunshine_selects_the_key_by_kid(self):
        keys = [{"kid": "app_1", "secret": "first-secret"}, {"kid": "app_2", "secret": SECRET}]
        claims = {"external_id": "42", "scope": "user"}
        response = self.testee.verify("sunshine", token({"alg": "HS256", "typ": "JWT", "kid": "app_2"}, claims), keys, NOW)
        self.assertEqual(response.get("identity"), {"kind": "externalId", "value": "42"}, response)
        self.assertEqual(self.outcome(token({"alg": "HS256", "kid": "app_9"}, claims), "sunshine", keys), "reject unknown-key")
        self.assertEqual(self.outcome(token({"alg": "HS256"}, claims), "sunshine", keys), "reject invalid-header")
        self.assertEqual(self.outcome(token({"alg": "HS256", "kid": "app_1"}, claims), "sunshine", keys), "reject bad-signature")
        scope = token({"alg": "HS256", "kid": "app_2"}, {"external_id": "42", "scope": "app"})
        self.assertEqual(self.outcome(scope, "sunshine", keys), "reject invalid-claim-value")

    def test_signs_what_it_then_accepts(self):
        response = self.testee.ask({
            "op": "sign", "id": "S-1", "profile": "sunshine", "key": {"kid": "app_1", "secret": SECRET},
            "subject": {"externalId": "42", "email": None}, "now": NOW, "lifetime": 600,
        })
        self.assertEqual(response["id"], "S-1")
        parts = response["token"].split(".")
        self.assertEqual(len(parts), 3)
        decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        header, claims = decode(parts[0]), decode(parts[1])
        self.assertEqual(header, {"alg": "HS256", "typ": "JWT", "kid": "app_1"})
        self.assertEqual(claims, {"external_id": "42", "scope": "user", "iat": NOW, "exp": NOW + 600})
        expected_tag = hmac.new(SECRET.encode(), (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
        self.assertEqual(parts[2], b64(expected_tag))
        keys = [{"kid": "app_1", "secret": SECRET}]
        self.assertEqual(self.outcome(response["token"], "sunshine", keys, NOW), "accept")
        self.assertEqual(self.outcome(response["token"], "sunshine", keys, NOW + 601), "reject expired")

    def test_declines_to_sign_before_1970(self):
        """A clock before 1970 is declined for signing as for verifying: cpp-jwt casts times to uint64_t."""
        response = self.testee.ask({
            "op": "sign", "id": "S-2", "profile": "kustomer", "key": KUSTOMER_KEYS[0],
            "subject": {"externalId": "42"}, "now": -1,
        })
        self.assertEqual((response["id"], response["result"]), ("S-2", "skip"), response)

    def test_bad_requests_are_answered_and_the_testee_goes_on(self):
        self.assertEqual(self.testee.ask({"op": "refresh", "id": "X-1"})["result"], "skip")
        self.assertEqual(self.testee.ask({"op": "verify", "id": "X-2", "profile": "other", "token": "a.b.c", "keys": [], "now": 1})["result"], "skip")
        self.assertEqual(self.testee.ask({"op": "verify", "id": "X-3", "profile": "kustomer", "token": "a.b.c", "keys": []})["result"], "error")
        self.assertEqual(self.testee.send("this is not JSON")["result"], "error")
        self.assertEqual(self.outcome(kustomer({"externalId": "u-1", "iat": NOW})), "accept")


if __name__ == "__main__":
    unittest.main()
