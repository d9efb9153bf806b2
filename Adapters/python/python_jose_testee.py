#!/usr/bin/env python3
"""jwt-conformance testee for python-jose (https://pypi.org/project/python-jose/), protocol version 1.

Run: python3 Adapters/python/python_jose_testee.py   (requests on stdin, responses on stdout)
Needs: bash Adapters/python/install-isolated.sh (python-jose and its dependencies in
Adapters/python/.isolated/python-jose; its HMAC key is the cryptography backend's, with the
cryptography of requirements.txt).

What python-jose does here (its own code, its own deviations):
  * compact-JWS parsing, base64url and JSON decoding (`jose.jwt.get_unverified_header`,
    `jose.jwt.decode`, which go through `jose.jws._load`);
  * the `alg` allow-list: `algorithms=["HS256"]`;
  * HMAC-SHA-256 with the secret passed as `str`, the way its documentation shows
    (`jwt.decode(token, "secret", algorithms=...)`): python-jose's own key handling
    (`jose.jws._get_keys`, `jose.jwk.construct`) turns it into the HMAC key;
  * `exp`, `nbf` and `iat` checks with its NumericDate reading (`int(value)`) and its other default
    claim checks (`aud`, `sub`, `jti`), at the injected `now` (below), leeway 0 (its default);
  * Kustomer's required `iat`: `options={"require_iat": True}`;
  * signing: `jwt.encode(claims, secret, algorithm="HS256", headers=...)`.

What this adapter adds (testee_common.py): `typ` is "JWT" when present, Sunshine `kid` present and a
string, key selection by `kid` (python-jose tries every key of a list; the profiles select by
`kid`), identity claims, Sunshine `scope: "user"`, the Kustomer iat window (python-jose never
compares `iat` with the time).

How `now` is injected: python-jose has no `now` parameter; `jose.jwt._validate_nbf` and
`_validate_exp` call `datetime.now(UTC)`. The adapter replaces the name `datetime` in `jose.jwt`
with a subclass whose `now()` returns the request's `now` (as the PyJWT testee does), and checks at
start-up that this takes effect (a token with `exp` 1001 is accepted at 1000 and refused at 1002;
python-jose's expiry test is `exp < now`); if it does not, every verify is answered `error`.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from testee_common import InjectedClock, Key, LibraryBinding, Profile, Reject, RequestError, serve, use_isolated  # noqa: E402

use_isolated("python-jose")

import jose.jwt  # noqa: E402
from jose import exceptions as jose_errors  # noqa: E402


def _version() -> str:
    from importlib.metadata import version

    return version("python-jose")


_CLOCK = InjectedClock("python-jose")
_CLOCK.patch(jose.jwt)


# Options for the signature phase: claim checks off (they run later, in stage order).
_SIGNATURE_ONLY = {
    "verify_signature": True,
    "verify_aud": False,
    "verify_iat": False,
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iss": False,
    "verify_sub": False,
    "verify_jti": False,
    "verify_at_hash": False,
}

# The messages of jose.jws (_load, _verify_signature) and jose.jwt.decode, wrapped in JWTError.
_MALFORMED = ("Not enough segments", "Invalid header padding", "Invalid header string", "Invalid payload padding",
              "Invalid crypto padding", "Invalid payload string")
_ALGORITHM = ("No algorithm was specified in the JWS header.", "The specified alg value is not allowed",
              "Invalid or unsupported algorithm")


def _structure_reason(error: Exception) -> str | None:
    text = str(error)
    if text == "Signature verification failed.":
        return "bad-signature"
    if text.startswith(_ALGORITHM):
        return "algorithm-not-allowed"
    if text.startswith(_MALFORMED):
        return "malformed"
    return None


def _claims_reason(error: Exception) -> str | None:
    text = str(error)
    if isinstance(error, jose_errors.ExpiredSignatureError):
        return "expired"
    if text.startswith("missing required key"):
        return "missing-claim"
    if text == "The token is not yet valid (nbf)":
        return "not-yet-valid"
    if text.endswith("must be an integer.") or text.endswith("must be a string.") or text == "Invalid claim format in token":
        return "invalid-claim-type"
    if text in ("Invalid audience", "Invalid issuer", "Invalid subject"):
        return "invalid-claim-value"
    return None


class PythonJoseBinding(LibraryBinding):
    name = "python-jose"
    version = _version()
    enforces = frozenset({"iat-required"})  # options={"require_iat": True}

    def startup_problem(self):
        secret = "clock-self-test-secret-0123456789"
        token = jose.jwt.encode({"exp": 1001}, secret, algorithm="HS256")
        return _CLOCK.self_test(
            lambda: jose.jwt.decode(token, secret, algorithms=["HS256"]),
            lambda error: isinstance(error, jose_errors.ExpiredSignatureError), later=1002)

    def clock(self, now):
        return _CLOCK.at(now)

    def read_header(self, token):
        try:
            return jose.jwt.get_unverified_header(token)
        except jose_errors.JWTError as error:
            # jose.jwt.get_unverified_header turns every exception of jose.jws._load into this one.
            raise Reject("malformed", f"{type(error).__name__}: {error}") from None

    def verify_signature(self, token, key, profile: Profile):
        try:
            return jose.jwt.decode(token, key.secret, algorithms=list(profile.algorithms), options=_SIGNATURE_ONLY)
        except jose_errors.JWTError as error:
            raise Reject(_structure_reason(error), f"{type(error).__name__}: {error}") from None

    def validate_times(self, token, key, payload, profile: Profile, now):
        options = {"require_iat": profile.iat_required}
        try:  # inside self.clock(now), entered by testee_common.verify_token
            jose.jwt.decode(token, key.secret, algorithms=list(profile.algorithms), options=options)
        except jose_errors.JWTError as error:
            raise Reject(_claims_reason(error), f"{type(error).__name__}: {error}") from None

    def numeric_date(self, value):
        # What python-jose's own _validate_iat reads; it has already accepted this value.
        try:
            return int(value)
        except (ValueError, TypeError, OverflowError):
            raise Reject("invalid-claim-type", f"iat {value!r} is not a NumericDate") from None

    def sign(self, header, claims, key: Key):
        extra = {name: value for name, value in header.items() if name != "alg"}
        try:
            return jose.jwt.encode(dict(claims), key.secret, algorithm=header["alg"], headers=extra)
        except jose_errors.JOSEError as error:
            raise RequestError(f"python-jose cannot sign: {type(error).__name__}: {error}") from None


if __name__ == "__main__":
    sys.exit(serve(PythonJoseBinding))
