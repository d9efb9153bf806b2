"""Tests for the Python testees: spawn each adapter and talk protocol version 1 to it.

Tokens are built here with the standard library only (hmac, hashlib, base64, json), never with
the library under test. Run: python3 -m pytest Adapters/python -q
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import os
import queue
import subprocess
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

from synthetic_profiles import write_synthetic_profiles  # noqa: E402  (Adapters/synthetic_profiles.py)


NOW = 1_700_000_000
KUSTOMER_SECRET = "kustomer-test-secret-0123456789abcdef"
SUNSHINE_KID = "app_5deaa3531c7f940010cc4ba4"
SUNSHINE_SECRET = "sunshine-test-secret-0123456789abcdef"
VENDOR_SAMPLE_KID = "app_5deaa3531c7f940010cc4ba4"
VENDOR_SAMPLE_SECRET = "BFJJ88naxc5PZNAMU9KpBNTR"  # the vendor's 24-byte sample secret, also valid base64


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if "=" in text or "+" in text or "/" in text:
        raise ValueError(f"not unpadded base64url: {text!r}")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_token(header: dict, claims: dict, secret: str) -> str:
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(secret.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def decode_and_check(token: str, secret: str):
    """Decode a compact JWS strictly with the standard library and check its HMAC."""
    parts = token.split(".")
    assert len(parts) == 3, token
    signing_input = (parts[0] + "." + parts[1]).encode("ascii")
    expected = hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest()
    assert hmac.compare_digest(expected, b64url_decode(parts[2])), "signature does not verify"

    def strict_object(pairs):
        names = [name for name, _ in pairs]
        assert len(names) == len(set(names)), f"duplicate members {names}"
        return dict(pairs)

    header = json.loads(b64url_decode(parts[0]), object_pairs_hook=strict_object)
    claims = json.loads(b64url_decode(parts[1]), object_pairs_hook=strict_object)
    return header, claims


KUSTOMER_HEADER = {"alg": "HS256", "typ": "JWT"}
SUNSHINE_HEADER = {"alg": "HS256", "typ": "JWT", "kid": SUNSHINE_KID}
KUSTOMER_KEYS = [{"kid": None, "secret": KUSTOMER_SECRET}]
SUNSHINE_KEYS = [{"kid": SUNSHINE_KID, "secret": SUNSHINE_SECRET}, {"kid": "app_other", "secret": "other-secret-000000000000000"}]


class TesteeProcess:
    __test__ = False  # a helper, not a test class

    """One persistent adapter process."""

    def __init__(self, script: str, env: dict = None):
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, script)],
            env=None if env is None else {**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.lines: "queue.Queue[bytes]" = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(b"")

    def send_raw(self, raw: bytes) -> dict:
        self.process.stdin.write(raw)
        self.process.stdin.flush()
        line = self.lines.get(timeout=30)
        assert line, "the testee closed stdout"
        assert line.endswith(b"\n")
        return json.loads(line)

    def send(self, request: dict) -> dict:
        return self.send_raw(json.dumps(request).encode("utf-8") + b"\n")

    def verify(self, vid: str, profile: str, token: str, keys: list, now: int = NOW) -> dict:
        response = self.send({"op": "verify", "id": vid, "profile": profile, "token": token, "keys": keys, "now": now})
        assert response["id"] == vid
        return response

    def close(self):
        self.process.stdin.close()
        code = self.process.wait(timeout=30)
        self.process.stdout.close()
        return code


class AdapterTests:
    script = ""
    #: library behaviours the adapter keeps (the suite records them as known failures)
    checks_alg_before_key_lookup = True
    checks_kid_type = True
    #: claims the library's signing call always adds (python_jwt: nbf = now and a random jti)
    signer_adds = frozenset()

    @classmethod
    def setUpClass(cls):
        cls.testee = TesteeProcess(cls.script)

    @classmethod
    def tearDownClass(cls):
        assert cls.testee.close() == 0

    # -- hello ----------------------------------------------------------------------------------

    def test_hello(self):
        response = self.testee.send({"op": "hello", "protocol": 1})
        self.assertIs(response["ok"], True)
        self.assertEqual(response["protocol"], 1)
        self.assertEqual(set(response["implementation"]), {"name", "version", "language"})
        self.assertEqual(response["implementation"]["language"], "python")
        self.assertEqual(sorted(response["roles"]), ["signer", "verifier"])
        # the repository's profiles (Vectors/profiles; later vendors may add more)
        self.assertLessEqual({"kustomer", "sunshine"}, set(response["profiles"]))

    def test_profiles_come_from_the_data_files(self):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            write_synthetic_profiles(folder)
            testee = TesteeProcess(self.script, env={"JWT_CONFORMANCE_PROFILES": folder})
            try:
                hello = testee.send({"op": "hello", "protocol": 1})
                self.assertEqual(sorted(hello["profiles"]), ["acme", "kustomer", "sunshine", "untyped"])
                claims = {"user_id": "u-7", "iat": NOW - 60}
                accepted = testee.verify("a-ok", "acme", make_token(KUSTOMER_HEADER, claims, KUSTOMER_SECRET), KUSTOMER_KEYS)
                self.assertEqual(accepted["result"], "accept", accepted)
                self.assertEqual(accepted["identity"], {"kind": "externalId", "value": "u-7"})
                no_typ = testee.verify("a-typ", "acme", make_token({"alg": "HS256"}, claims, KUSTOMER_SECRET), KUSTOMER_KEYS)
                self.assertEqual((no_typ["result"], no_typ.get("reason")), ("reject", "invalid-header"), no_typ)
                old_claim = {"externalId": "u-7", "iat": NOW - 60}
                renamed = testee.verify("a-id", "acme", make_token(KUSTOMER_HEADER, old_claim, KUSTOMER_SECRET), KUSTOMER_KEYS)
                self.assertEqual((renamed["result"], renamed.get("reason")), ("reject", "missing-claim"), renamed)
                kustomer = testee.verify("k-typ", "kustomer", make_token({"alg": "HS256"}, old_claim, KUSTOMER_SECRET), KUSTOMER_KEYS)
                self.assertEqual(kustomer["result"], "accept", kustomer)
                skipped = testee.verify("b-1", "broken", make_token(KUSTOMER_HEADER, claims, KUSTOMER_SECRET), KUSTOMER_KEYS)
                self.assertEqual(skipped["result"], "skip", skipped)
                signed = testee.send({"op": "sign", "id": "a-sign", "profile": "acme", "key": KUSTOMER_KEYS[0],
                                      "subject": {"externalId": "u-8", "email": None}, "now": NOW})
                header, claims = decode_and_check(signed["token"], KUSTOMER_SECRET)
                self.assertEqual(header.get("typ"), "JWT")
                self.assertEqual(claims["user_id"], "u-8")
                self.assertNotIn("externalId", claims)
                # a token without typ, or error where the library writes one anyway
                untyped = testee.send({"op": "sign", "id": "u-sign", "profile": "untyped", "key": KUSTOMER_KEYS[0],
                                       "subject": {"externalId": "u-8", "email": None}, "now": NOW})
                if "token" in untyped:
                    self.assertNotIn("typ", decode_and_check(untyped["token"], KUSTOMER_SECRET)[0])
                else:
                    self.assertEqual(untyped["result"], "error", untyped)
            finally:
                self.assertEqual(testee.close(), 0)

    # -- verify: Kustomer -------------------------------------------------------------------------

    def test_valid_kustomer_token(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": "2345678", "iat": NOW - 60}, KUSTOMER_SECRET)
        response = self.testee.verify("k-valid", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual(response["result"], "accept", response)
        self.assertEqual(response["identity"], {"kind": "externalId", "value": "2345678"})

    def test_kustomer_email_wins(self):
        claims = {"externalId": "u1", "email": "a@example.com", "iat": NOW}
        token = make_token(KUSTOMER_HEADER, claims, KUSTOMER_SECRET)
        response = self.testee.verify("k-both", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual(response["result"], "accept", response)
        self.assertEqual(response["identity"], {"kind": "email", "value": "a@example.com"})

    def test_kustomer_iat_too_old(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": "u1", "iat": NOW - 901}, KUSTOMER_SECRET)
        response = self.testee.verify("k-old", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "issued-at-out-of-window"))

    def test_kustomer_iat_900_seconds_old_is_inside(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": "u1", "iat": NOW - 900}, KUSTOMER_SECRET)
        self.assertEqual(self.testee.verify("k-900", "kustomer", token, KUSTOMER_KEYS)["result"], "accept")

    def test_kustomer_missing_iat(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": "u1"}, KUSTOMER_SECRET)
        response = self.testee.verify("k-noiat", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "missing-claim"))

    def test_kustomer_numeric_external_id(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": 2345678, "iat": NOW}, KUSTOMER_SECRET)
        response = self.testee.verify("k-num", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-claim-type"))

    def test_kustomer_no_identity(self):
        token = make_token(KUSTOMER_HEADER, {"iat": NOW}, KUSTOMER_SECRET)
        response = self.testee.verify("k-noid", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "missing-claim"))

    def test_bad_signature(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": "u1", "iat": NOW}, "not-the-secret-0123456789abcdef")
        response = self.testee.verify("k-badsig", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "bad-signature"))

    def test_alg_none(self):
        signing_input = b64url(b'{"alg":"none","typ":"JWT"}') + "." + b64url(b'{"externalId":"u1","iat":1700000000}')
        response = self.testee.verify("k-none", "kustomer", signing_input + ".", KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "algorithm-not-allowed"))

    def test_wrong_typ(self):
        token = make_token({"alg": "HS256", "typ": "JOSE+JSON"}, {"externalId": "u1", "iat": NOW}, KUSTOMER_SECRET)
        response = self.testee.verify("k-typ", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-header"))

    def test_malformed_token(self):
        response = self.testee.verify("k-junk", "kustomer", "not-a-jwt", KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "malformed"))

    # -- verify: Sunshine -------------------------------------------------------------------------

    def test_valid_sunshine_token_picks_key_by_kid(self):
        token = make_token(SUNSHINE_HEADER, {"scope": "user", "external_id": "42", "iat": NOW}, SUNSHINE_SECRET)
        response = self.testee.verify("s-valid", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual(response["result"], "accept", response)
        self.assertEqual(response["identity"], {"kind": "externalId", "value": "42"})

    def test_expired_sunshine_token(self):
        claims = {"scope": "user", "external_id": "42", "iat": NOW - 7200, "exp": NOW - 3600}
        token = make_token(SUNSHINE_HEADER, claims, SUNSHINE_SECRET)
        response = self.testee.verify("s-expired", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "expired"))

    def test_one_second_past_exp(self):
        claims = {"scope": "user", "external_id": "42", "exp": NOW - 1}
        token = make_token(SUNSHINE_HEADER, claims, SUNSHINE_SECRET)
        response = self.testee.verify("s-exp-1", "sunshine", token, SUNSHINE_KEYS)
        # every library runs with no leeway (AMB-CLOCK-LEEWAY; jwcrypto's default of 60 s is set to 0)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "expired"))

    def test_vendor_sample_secret(self):
        keys = [{"kid": VENDOR_SAMPLE_KID, "secret": VENDOR_SAMPLE_SECRET}]
        header = {"alg": "HS256", "typ": "JWT", "kid": VENDOR_SAMPLE_KID}
        token = make_token(header, {"scope": "user", "external_id": "42"}, VENDOR_SAMPLE_SECRET)
        response = self.testee.verify("s-sample", "sunshine", token, keys)
        request = {
            "op": "sign", "id": "sign-sample", "profile": "sunshine",
            "key": {"secret": VENDOR_SAMPLE_SECRET, "kid": VENDOR_SAMPLE_KID}, "subject": {"externalId": "42"}, "now": NOW,
        }
        signed = self.testee.send(request)
        # the vendor's own 24-byte secret must work (AMB-SHORT-SECRET; jwcrypto is configured for it)
        self.assertEqual(response["result"], "accept", response)
        decode_and_check(signed["token"], VENDOR_SAMPLE_SECRET)

    def test_now_is_injected_not_read(self):
        # At the wall clock this token expired long ago; at the injected `now` it is valid.
        claims = {"scope": "user", "external_id": "42", "iat": 1000, "exp": 2000}
        token = make_token(SUNSHINE_HEADER, claims, SUNSHINE_SECRET)
        response = self.testee.verify("s-past", "sunshine", token, SUNSHINE_KEYS, now=1500)
        self.assertEqual(response["result"], "accept", response)
        response = self.testee.verify("s-past-2", "sunshine", token, SUNSHINE_KEYS, now=2001)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "expired"))

    def test_sunshine_missing_kid(self):
        header = {"alg": "HS256", "typ": "JWT"}
        token = make_token(header, {"scope": "user", "external_id": "42"}, SUNSHINE_SECRET)
        response = self.testee.verify("s-nokid", "sunshine", token, SUNSHINE_KEYS[:1])
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-header"))

    def test_sunshine_unknown_kid(self):
        header = {"alg": "HS256", "typ": "JWT", "kid": "app_unknown"}
        token = make_token(header, {"scope": "user", "external_id": "42"}, SUNSHINE_SECRET)
        response = self.testee.verify("s-kid", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "unknown-key"))

    def test_kid_ignored_when_not_required(self):
        # Kustomer does not require kid: a kid naming no key is ignored and the first key is used.
        keys = [{"kid": None, "secret": KUSTOMER_SECRET}, {"kid": None, "secret": "replaced-secret-0000000000000000"}]
        token = make_token({"alg": "HS256", "typ": "JWT", "kid": "previous"}, {"externalId": "u1", "iat": NOW}, KUSTOMER_SECRET)
        response = self.testee.verify("k-kid-ignored", "kustomer", token, keys)
        self.assertEqual(response["result"], "accept", response)
        # signed with the second key: the first key does not verify it
        token = make_token({"alg": "HS256", "typ": "JWT"}, {"externalId": "u1", "iat": NOW}, keys[1]["secret"])
        response = self.testee.verify("k-second-key", "kustomer", token, keys)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "bad-signature"), response)

    def test_sunshine_numeric_external_id(self):
        token = make_token(SUNSHINE_HEADER, {"scope": "user", "external_id": 42}, SUNSHINE_SECRET)
        response = self.testee.verify("s-num", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-claim-type"))

    def test_sunshine_wrong_scope(self):
        token = make_token(SUNSHINE_HEADER, {"scope": "app", "external_id": "42"}, SUNSHINE_SECRET)
        response = self.testee.verify("s-scope", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-claim-value"))

    def test_sunshine_missing_scope(self):
        token = make_token(SUNSHINE_HEADER, {"external_id": "42"}, SUNSHINE_SECRET)
        response = self.testee.verify("s-noscope", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "missing-claim"))

    def test_not_yet_valid(self):
        claims = {"scope": "user", "external_id": "42", "nbf": NOW + 3600}
        token = make_token(SUNSHINE_HEADER, claims, SUNSHINE_SECRET)
        response = self.testee.verify("s-nbf", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "not-yet-valid"))

    def test_earliest_stage_wins(self):
        # Unknown kid and a numeric external_id and expired: the key-lookup stage is reported.
        header = {"alg": "HS256", "typ": "JWT", "kid": "app_unknown"}
        token = make_token(header, {"scope": "user", "external_id": 42, "exp": NOW - 10}, SUNSHINE_SECRET)
        response = self.testee.verify("s-multi", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "unknown-key"))
        # alg none and an unknown kid: the header stage is reported.
        none = b64url(b'{"alg":"none","kid":"app_unknown"}') + "." + b64url(b'{"scope":"user","external_id":"1"}') + "."
        response = self.testee.verify("s-multi-2", "sunshine", none, SUNSHINE_KEYS)
        expected = "algorithm-not-allowed" if self.checks_alg_before_key_lookup else "unknown-key"
        self.assertEqual((response["result"], response.get("reason")), ("reject", expected))

    def test_non_string_kid(self):
        token = make_token({"alg": "HS256", "kid": 7}, {"externalId": "u1", "iat": NOW}, KUSTOMER_SECRET)
        response = self.testee.verify("k-kid7", "kustomer", token, KUSTOMER_KEYS)
        if self.checks_kid_type:
            self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-header"))
        else:  # the library ignores kid with a single key, whatever its type
            self.assertEqual(response["result"], "accept", response)

    # -- adapter rules (fixed after the corpus review) ---------------------------------------------

    def test_identity_with_lone_surrogate_is_refused(self):
        # {"externalId":"cust-\ud800"}: Python's json keeps the unpaired surrogate in a str
        payload = b'{"externalId":"cust-\\ud800","iat":1700000000}'
        signing_input = b64url(json.dumps(KUSTOMER_HEADER).encode()) + "." + b64url(payload)
        mac = hmac.new(KUSTOMER_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
        response = self.testee.verify("k-surrogate", "kustomer", signing_input + "." + b64url(mac), KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-claim-value"))

    def test_null_identity_is_a_type_error(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": None, "iat": NOW}, KUSTOMER_SECRET)
        response = self.testee.verify("k-null", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-claim-type"))

    def test_missing_iat_comes_before_expired(self):
        token = make_token(KUSTOMER_HEADER, {"externalId": "u1", "exp": NOW - 60}, KUSTOMER_SECRET)
        response = self.testee.verify("k-noiat-exp", "kustomer", token, KUSTOMER_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "missing-claim"))

    def test_sunshine_scope_must_be_a_string(self):
        token = make_token(SUNSHINE_HEADER, {"scope": ["user"], "external_id": "42"}, SUNSHINE_SECRET)
        response = self.testee.verify("s-scope-list", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-claim-type"))

    def test_sunshine_kid_must_be_a_string(self):
        for index, kid in enumerate((5, None, [SUNSHINE_KID])):
            header = {"alg": "HS256", "typ": "JWT", "kid": kid}
            token = make_token(header, {"scope": "user", "external_id": "42"}, SUNSHINE_SECRET)
            response = self.testee.verify(f"s-kid-type-{index}", "sunshine", token, SUNSHINE_KEYS)
            self.assertEqual((response["result"], response.get("reason")), ("reject", "invalid-header"), kid)

    def test_unknown_header_member_is_ignored(self):
        header = {"alg": "HS256", "typ": "JWT", "kid": SUNSHINE_KID, "x-request-id": "7f3c2a"}
        token = make_token(header, {"scope": "user", "external_id": "42"}, SUNSHINE_SECRET)
        response = self.testee.verify("s-x-header", "sunshine", token, SUNSHINE_KEYS)
        self.assertEqual(response["result"], "accept", response)

    def test_empty_secret_is_a_rejection_not_an_error(self):
        keys = [{"kid": None, "secret": ""}]
        token = make_token(KUSTOMER_HEADER, {"externalId": "u1", "iat": NOW}, KUSTOMER_SECRET)
        response = self.testee.verify("k-empty-key", "kustomer", token, keys)
        self.assertEqual(response["result"], "reject", response)
        self.assertIn(response.get("reason"), ("unknown-key", "bad-signature"), response)

    # -- sign -------------------------------------------------------------------------------------

    def signed_claims(self, claims: dict) -> dict:
        """The claims without those the library adds itself, after checking them."""
        claims = dict(claims)
        if "nbf" in self.signer_adds:
            self.assertEqual(claims.pop("nbf"), NOW)
        if "jti" in self.signer_adds:
            self.assertIsInstance(claims.pop("jti"), str)
        return claims

    def test_sign_kustomer_then_verify_with_stdlib(self):
        request = {
            "op": "sign", "id": "sign-k", "profile": "kustomer",
            "key": {"secret": KUSTOMER_SECRET, "kid": None},
            "subject": {"externalId": "u1", "email": "a@example.com"},
            "now": NOW, "lifetime": 600,
        }
        response = self.testee.send(request)
        self.assertEqual(response["id"], "sign-k")
        header, claims = decode_and_check(response["token"], KUSTOMER_SECRET)
        self.assertEqual(header, {"alg": "HS256", "typ": "JWT"})
        self.assertEqual(self.signed_claims(claims), {"email": "a@example.com", "externalId": "u1", "iat": NOW, "exp": NOW + 600})
        self.assertIs(type(claims["iat"]), int)
        # and the adapter accepts its own token
        verdict = self.testee.verify("sign-k-verify", "kustomer", response["token"], KUSTOMER_KEYS)
        self.assertEqual(verdict["identity"], {"kind": "email", "value": "a@example.com"})

    def test_sign_sunshine_then_verify_with_stdlib(self):
        request = {
            "op": "sign", "id": "sign-s", "profile": "sunshine",
            "key": {"secret": SUNSHINE_SECRET, "kid": SUNSHINE_KID},
            "subject": {"externalId": "42", "email": None},
            "now": NOW,
        }
        response = self.testee.send(request)
        header, claims = decode_and_check(response["token"], SUNSHINE_SECRET)
        self.assertEqual(header, {"alg": "HS256", "typ": "JWT", "kid": SUNSHINE_KID})
        self.assertEqual(self.signed_claims(claims), {"external_id": "42", "scope": "user", "iat": NOW})

    def test_sign_sunshine_without_kid_is_an_error(self):
        request = {
            "op": "sign", "id": "sign-nokid", "profile": "sunshine",
            "key": {"secret": SUNSHINE_SECRET, "kid": None}, "subject": {"externalId": "42"}, "now": NOW,
        }
        self.assertEqual(self.testee.send(request)["result"], "error")

    # -- robustness -------------------------------------------------------------------------------

    def test_garbage_line_is_answered_and_the_testee_keeps_serving(self):
        for raw in (b"this is not json\n", b"\xff\xfe\x00garbage\n", b"[1,2,3]\n", b'{"op":"verify"}\n', b"{\n"):
            response = self.testee.send_raw(raw)
            self.assertEqual(response["result"], "error", (raw, response))
        self.assertIs(self.testee.send({"op": "hello", "protocol": 1})["ok"], True)

    def test_request_errors(self):
        base = {"op": "verify", "profile": "kustomer", "token": "a.b.c", "keys": KUSTOMER_KEYS, "now": NOW}
        cases = {
            "e-op": {**base, "op": "frobnicate"},
            "e-now": {key: value for key, value in base.items() if key != "now"},
            "e-keys": {**base, "keys": "secret"},
            "e-token": {**base, "token": 5},
        }
        for vid, request in cases.items():
            response = self.testee.send({**request, "id": vid})
            self.assertEqual((response["id"], response["result"]), (vid, "error"), response)
        response = self.testee.send({**base, "id": "e-profile", "profile": "no-such-vendor"})
        self.assertEqual(response["result"], "skip")

    def test_hostile_tokens_never_kill_the_testee(self):
        header = b64url(b'{"alg":"HS256","typ":"JWT","crit":5}')
        tokens = [
            "", ".", "..", "....", "a" * 100_000, "\u00e9.\u00e9.\u00e9",
            header + "." + b64url(b'{"externalId":"u1"}') + ".AAAA",
            b64url(b"[]") + "." + b64url(b"[]") + ".",
            b64url(b'{"alg":"HS256"}') + "." + b64url(b"[1]") + ".",
            make_token(KUSTOMER_HEADER, ["not", "an", "object"], KUSTOMER_SECRET),
            make_token(KUSTOMER_HEADER, {"externalId": "u1", "iat": "soon"}, KUSTOMER_SECRET),
        ]
        for index, token in enumerate(tokens):
            response = self.testee.verify(f"h-{index}", "kustomer", token, KUSTOMER_KEYS)
            self.assertIn(response["result"], ("reject", "error"), (token[:80], response))
        self.assertIs(self.testee.send({"op": "hello", "protocol": 1})["ok"], True)


def installed(module: str):
    return unittest.skipUnless(
        importlib.util.find_spec(module) is not None,
        f"{module} is not installed (python3 -m pip install -r Adapters/python/requirements.txt)",
    )


@installed("jwt")
class InjectedClockTests(unittest.TestCase):
    """testee_common.InjectedClock: the injected time inside a request, an error outside one."""

    def test_now_and_utcnow_give_the_injected_time_only_inside_a_request(self):
        import types
        from datetime import datetime, timezone

        from testee_common import InjectedClock

        module = types.SimpleNamespace(datetime=datetime)
        clock = InjectedClock("library")
        clock.patch(module)
        with clock.at(1_700_000_000):
            self.assertEqual(module.datetime.now(tz=timezone.utc).timestamp(), 1_700_000_000)
            self.assertEqual(module.datetime.now().timestamp(), 1_700_000_000)
            self.assertEqual(module.datetime.utcnow(), datetime(2023, 11, 14, 22, 13, 20))
        with self.assertRaisesRegex(RuntimeError, "library asked for the time outside a request"):
            module.datetime.now()

    def test_the_self_test_passes_only_when_exp_follows_the_injected_clock(self):
        from testee_common import InjectedClock

        class Expired(Exception):
            pass

        clock = InjectedClock("library")

        def honest():
            if clock.seconds() >= 1001:
                raise Expired()

        self.assertIsNone(clock.self_test(honest, lambda error: isinstance(error, Expired)))
        self.assertEqual(
            clock.self_test(lambda: None, lambda error: isinstance(error, Expired)),
            "cannot inject `now` into library: exp was not checked against the injected clock")
        self.assertEqual(
            clock.self_test(lambda: 1 / 0, lambda error: isinstance(error, Expired)),
            "cannot inject `now` into library: ZeroDivisionError: division by zero")


class PyJWTTests(AdapterTests, unittest.TestCase):
    script = "pyjwt_testee.py"


@installed("joserfc")
class JoserfcTests(AdapterTests, unittest.TestCase):
    script = "joserfc_testee.py"


@installed("jwcrypto")
class JwcryptoTests(AdapterTests, unittest.TestCase):
    script = "jwcrypto_testee.py"
    checks_alg_before_key_lookup = False
    checks_kid_type = False


def isolated(folder: str):
    return unittest.skipUnless(
        os.path.isfile(os.path.join(HERE, ".isolated", folder, ".installed")),
        f"Adapters/python/.isolated/{folder} is not installed (bash Adapters/python/install-isolated.sh)",
    )


@isolated("authlib")
class AuthlibTests(AdapterTests, unittest.TestCase):
    checks_kid_type = False
    script = "authlib_testee.py"


@isolated("python-jose")
class PythonJoseTests(AdapterTests, unittest.TestCase):
    checks_kid_type = False
    script = "python_jose_testee.py"


@isolated("gehirn-jwt")
class GehirnJwtTests(AdapterTests, unittest.TestCase):
    checks_kid_type = False
    script = "gehirn_jwt_testee.py"


@isolated("python_jwt")
class PythonJwtTests(AdapterTests, unittest.TestCase):
    checks_kid_type = False
    signer_adds = frozenset({"nbf", "jti"})
    script = "python_jwt_testee.py"


@isolated("python_jwt-3.3.3")
class PythonJwt333Tests(AdapterTests, unittest.TestCase):
    checks_kid_type = False
    signer_adds = frozenset({"nbf", "jti"})
    script = "python_jwt_3_3_3_testee.py"


@isolated("jwcrypto-1.3.1")
class Jwcrypto131Tests(AdapterTests, unittest.TestCase):
    script = "jwcrypto_1_3_1_testee.py"
    checks_alg_before_key_lookup = False
    checks_kid_type = False


@installed("jwcrypto")
@isolated("jwcrypto-1.3.1")
class CVE20223102ControlTests(unittest.TestCase):
    """The CVE control is live: jwcrypto 1.3.1 takes a five-segment token for a JWE and tries to
    decrypt it where a signed token is expected (only the alg allow-list stops it); the release in
    requirements.txt refuses a JWE there."""

    TOKEN = ".".join([b64url(json.dumps({"alg": "dir", "enc": "A256GCM"}).encode()), "", b64url(b"\x07" * 12),
                      b64url(json.dumps({"externalId": "u1", "iat": NOW}).encode()), b64url(b"\x00" * 16)])

    def verdict(self, script: str) -> dict:
        testee = TesteeProcess(script)
        try:
            return testee.verify("cve", "kustomer", self.TOKEN, KUSTOMER_KEYS)
        finally:
            self.assertEqual(testee.close(), 0)

    def test_vulnerable_version_processes_the_jwe(self):
        self.assertEqual(self.verdict("jwcrypto_1_3_1_testee.py").get("reason"), "algorithm-not-allowed")

    def test_fixed_version_refuses_a_jwe_where_a_jws_is_expected(self):
        self.assertEqual(self.verdict("jwcrypto_testee.py").get("reason"), "malformed")


def cve_2022_39227_token(secret: str) -> str:
    """The claim forgery of CVE-2022-39227: a JSON-serialized JWS, validly signed over the victim's
    claims, whose first member name holds a compact header and forged claims between full stops."""
    header = b64url(json.dumps(KUSTOMER_HEADER).encode())
    signed = b64url(json.dumps({"externalId": "victim", "iat": NOW}).encode())
    signature = make_token(KUSTOMER_HEADER, {"externalId": "victim", "iat": NOW}, secret).split(".")[2]
    forged = b64url(json.dumps({"externalId": "attacker", "iat": NOW}).encode())
    return json.dumps({f"{header}.{forged}.": "", "protected": header, "payload": signed, "signature": signature},
                      separators=(",", ":"))


@isolated("python_jwt")
@isolated("python_jwt-3.3.3")
class CVE202239227ControlTests(unittest.TestCase):
    """The CVE control is live: python_jwt 3.3.3 takes the forged claims, 4.1.0 refuses the token."""

    def verdict(self, script: str) -> dict:
        testee = TesteeProcess(script)
        try:
            return testee.verify("cve", "kustomer", cve_2022_39227_token(KUSTOMER_SECRET), KUSTOMER_KEYS)
        finally:
            self.assertEqual(testee.close(), 0)

    def test_vulnerable_version_accepts_the_forged_claims(self):
        response = self.verdict("python_jwt_3_3_3_testee.py")
        self.assertEqual((response["result"], response.get("identity")), ("accept", {"kind": "externalId", "value": "attacker"}))

    def test_fixed_version_refuses_the_token(self):
        self.assertEqual(self.verdict("python_jwt_testee.py")["result"], "reject")


if __name__ == "__main__":
    unittest.main()
