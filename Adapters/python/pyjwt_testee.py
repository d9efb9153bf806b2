#!/usr/bin/env python3
"""jwt-conformance testee for PyJWT (https://pypi.org/project/PyJWT/), protocol version 1.

Run: python3 Adapters/python/pyjwt_testee.py   (requests on stdin, responses on stdout)

What PyJWT does here (its own code, its own deviations):
  * compact-JWS parsing, base64url and JSON decoding (`jwt.get_unverified_header`, `jwt.decode`);
  * the `alg` allow-list: `algorithms=["HS256"]`;
  * `kid` must be a string, `crit` (only "b64" understood), HMAC-SHA-256 with the secret's UTF-8
    bytes (the secret is passed as `str`; PyJWT encodes it, never base64-decodes it);
  * `exp`, `nbf` and `iat` checks with their NumericDate reading (`int(value)`) and PyJWT's other
    default claim checks (`aud`, `sub`, `jti`), all at the injected `now` (below);
  * Kustomer's required `iat`: `options={"require": ["iat"]}`;
  * signing: `jwt.encode(claims, secret, algorithm="HS256", headers=...)`.

What this adapter adds (PyJWT cannot be configured to enforce these), in testee_common.py:
  * `typ` must be "JWT" when present; Sunshine `kid` must be present;
  * key selection by `kid` (PyJWT has no key set for shared secrets);
  * identity claims: JSON string of Unicode text, non-empty, precedence (Kustomer email over
    externalId);
  * Sunshine `scope: "user"`;
  * the Kustomer iat window (|now - iat| <= 900 s), on the integer PyJWT read for `iat`.

How `now` is injected: PyJWT has no `now` parameter; it reads
`datetime.now(tz=timezone.utc).timestamp()` inside `PyJWT._validate_claims`. `leeway` cannot
stand in for a clock (it moves `exp` one way and `nbf`/`iat` the other), so this adapter
replaces the name `datetime` in `jwt.api_jwt` with a subclass whose `now()` returns the
request's `now` (what freezegun would do). A self-test at start-up checks the replacement takes
effect; if it does not (a PyJWT release that reads the clock differently), every verify request
is answered `error` instead of silently using the wall clock. PyJWT's checks then run unchanged:
`exp <= now` is expired, `nbf > now` and `iat > now` are not yet valid (leeway 0).

Known PyJWT behaviours left as they are (the suite records them, with their causes, in
known-failures/pyjwt.txt): a future `iat` is refused even within Kustomer's window; `int()`
reading of NumericDates (a string "1700000000", a float or a boolean is accepted, a fraction
truncated); padded base64url segments accepted; RFC 7797 `b64` understood; duplicate JSON members
(last wins); NaN/Infinity in JSON; a token with `aud` refused because no audience is configured;
the payload's JSON is only parsed after the signature check. An empty secret, which PyJWT refuses
to use (`InvalidKeyError`), is reported as `unknown-key`.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import jwt  # noqa: E402
import jwt.api_jwt  # noqa: E402
from jwt import exceptions as jwt_errors  # noqa: E402

from testee_common import InjectedClock, Key, LibraryBinding, Profile, Reject, RequestError, serve  # noqa: E402


_CLOCK = InjectedClock("PyJWT")
_CLOCK.patch(jwt.api_jwt)


# Options for the signature phase: claim checks off (they run later, in stage order).
_SIGNATURE_ONLY = {
    "verify_signature": True,
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
    "verify_sub": False,
    "verify_jti": False,
}


def _structure_reason(error: Exception) -> str:
    """PyJWT exceptions raised while parsing the token or checking its signature."""
    if isinstance(error, jwt_errors.InvalidSignatureError):
        return "bad-signature"
    if isinstance(error, jwt_errors.InvalidAlgorithmError):
        return "algorithm-not-allowed"
    if isinstance(error, jwt_errors.DecodeError):
        return "malformed"
    # InvalidTokenError itself: `kid` not a string, `crit` problems, `b64` without `crit`.
    return "invalid-header"


def _claims_reason(error: Exception) -> str:
    """PyJWT exceptions raised by its claim validation (after the signature was verified)."""
    if isinstance(error, jwt_errors.MissingRequiredClaimError):
        return "missing-claim"
    if isinstance(error, jwt_errors.ExpiredSignatureError):
        return "expired"
    if isinstance(error, jwt_errors.ImmatureSignatureError):
        return "issued-at-out-of-window" if "(iat)" in str(error) else "not-yet-valid"
    if isinstance(error, jwt_errors.InvalidIssuedAtError):
        return "invalid-claim-type"
    if isinstance(error, jwt_errors.DecodeError):
        # "Expiration Time claim (exp) must be an integer." / "Not Before claim (nbf) ..."
        return "invalid-claim-type"
    if isinstance(error, (jwt_errors.InvalidSubjectError, jwt_errors.InvalidJTIError)):
        return "invalid-claim-type" if "must be a string" in str(error) else "invalid-claim-value"
    return "invalid-claim-value"  # InvalidAudienceError, InvalidIssuerError, ...


class PyJWTBinding(LibraryBinding):
    name = "PyJWT"
    version = jwt.__version__
    enforces = frozenset({"iat-required"})  # options={"require": ["iat"]}

    def startup_problem(self):
        secret = "clock-self-test-secret-0123456789"
        token = jwt.encode({"exp": 1001}, secret, algorithm="HS256")
        return _CLOCK.self_test(
            lambda: jwt.decode(token, secret, algorithms=["HS256"]),
            lambda error: isinstance(error, jwt_errors.ExpiredSignatureError))

    def clock(self, now):
        return _CLOCK.at(now)

    def read_header(self, token):
        try:
            return jwt.get_unverified_header(token)
        except jwt_errors.InvalidTokenError as error:
            raise Reject(_structure_reason(error), f"{type(error).__name__}: {error}") from None

    def verify_signature(self, token, key, profile: Profile):
        try:
            return jwt.decode(token, key.secret, algorithms=list(profile.algorithms), options=_SIGNATURE_ONLY)
        except jwt_errors.InvalidTokenError as error:
            raise Reject(_structure_reason(error), f"{type(error).__name__}: {error}") from None
        except jwt_errors.InvalidKeyError as error:
            # PyJWT's own refusal of the configured key (HMACAlgorithm.prepare_key: an empty
            # secret, or one that looks like a PEM/SSH public key). It is raised after the
            # structure, header and `alg` checks: the token is refused because no usable key
            # verifies it (AMB-SHORT-SECRET lets a verifier refuse an empty secret this way).
            raise Reject("unknown-key", f"PyJWT refuses the configured key: {error}") from None

    def validate_times(self, token, key, payload, profile: Profile, now):
        options = {"require": ["iat"] if profile.iat_required else []}
        try:  # inside self.clock(now), entered by testee_common.verify_token
            jwt.decode(token, key.secret, algorithms=list(profile.algorithms), options=options)
        except jwt_errors.InvalidTokenError as error:
            raise Reject(_claims_reason(error), f"{type(error).__name__}: {error}") from None
        except jwt_errors.InvalidKeyError as error:
            raise RequestError(f"PyJWT refuses the key: {error}") from None

    def numeric_date(self, value):
        # What PyJWT's own _validate_iat reads; it has already accepted this value.
        try:
            return int(value)
        except (ValueError, TypeError, OverflowError):
            raise Reject("invalid-claim-type", f"iat {value!r} is not a NumericDate") from None

    def sign(self, header, claims, key: Key):
        # PyJWT builds {"typ": "JWT", "alg": algorithm} itself; `typ: None` would make it drop typ.
        extra = {name: value for name, value in header.items() if name != "alg"}
        extra.setdefault("typ", None)
        try:
            return jwt.encode(claims, key.secret, algorithm=header["alg"], headers=extra)
        except jwt_errors.PyJWTError as error:
            raise RequestError(f"PyJWT cannot sign: {type(error).__name__}: {error}") from None


if __name__ == "__main__":
    sys.exit(serve(PyJWTBinding))
