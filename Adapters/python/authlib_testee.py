#!/usr/bin/env python3
"""jwt-conformance testee for Authlib's `authlib.jose` (https://pypi.org/project/Authlib/),
protocol version 1.

Run: python3 Adapters/python/authlib_testee.py   (requests on stdin, responses on stdout)
Needs: bash Adapters/python/install-isolated.sh (Authlib in Adapters/python/.isolated/authlib).

What Authlib does here (its own code, its own deviations):
  * compact-JWS parsing, base64url and JSON decoding, `crit` (`JsonWebToken.decode`, which goes
    through `JsonWebSignature.deserialize_compact`; the header alone is read with
    `authlib.jose.util.extract_header`, the function `deserialize_compact` uses);
  * the `alg` allow-list: `JsonWebToken(["HS256"])`;
  * HMAC-SHA-256 with the secret's UTF-8 bytes (`OctKey.import_key(bytes)`), any non-empty length;
  * claim validation at the request's `now`: `JWTClaims.validate(now=now, leeway=0)`, its
    documented injection (`exp`, `nbf`, `iat` type and time, essential claims);
  * Kustomer's required `iat`: `claims_options={"iat": {"essential": True}}`;
  * signing: `JsonWebToken.encode(header, claims, key)`.

What this adapter adds (testee_common.py): `typ` is "JWT" when present, Sunshine `kid` present and a
string, key selection by `kid` (the request's secrets are raw bytes; Authlib's `KeySet` lookup is for
JWKs), identity claims, Sunshine `scope: "user"`, the Kustomer iat window.

No clock is read: `now` goes to `validate(now=...)`; nothing else in `authlib.jose.rfc7519` reads
the time when verifying.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from testee_common import Key, LibraryBinding, Profile, Reject, RequestError, serve, use_isolated  # noqa: E402

use_isolated("authlib")

from authlib.common.encoding import to_bytes  # noqa: E402
from authlib.jose import JsonWebToken  # noqa: E402
from authlib.jose import errors as authlib_errors  # noqa: E402
from authlib.jose.util import extract_header  # noqa: E402


def _version() -> str:
    from importlib.metadata import version

    return version("Authlib")


# OctKey._check_key's refusals of the configured secret (authlib/jose/rfc7518/oct_key.py).
_KEY_REFUSALS = ("oct key material must not be empty", "This key may not be safe to import")


def _structure_reason(error: Exception) -> str | None:
    """Authlib exceptions raised while parsing the token or checking its signature."""
    if isinstance(error, authlib_errors.BadSignatureError):
        return "bad-signature"
    if isinstance(error, (authlib_errors.MissingAlgorithmError, authlib_errors.UnsupportedAlgorithmError)):
        return "algorithm-not-allowed"
    if isinstance(error, (authlib_errors.InvalidHeaderParameterNameError, authlib_errors.InvalidCritHeaderParameterNameError)):
        return "invalid-header"
    if isinstance(error, authlib_errors.DecodeError):
        return "malformed"
    return None


def _claims_reason(error: Exception, payload: dict) -> str | None:
    """Authlib exceptions raised by `JWTClaims.validate`."""
    if isinstance(error, authlib_errors.MissingClaimError):
        return "missing-claim"
    if isinstance(error, authlib_errors.ExpiredTokenError):
        return "expired"
    if isinstance(error, authlib_errors.InvalidClaimError):
        # Raised by _validate_numeric_time for a NumericDate that is not an int or float, and by
        # _validate_essential_claims for an essential claim whose value is falsy (iat 0).
        value = payload.get(error.claim_name)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        return "invalid-claim-value" if numeric else "invalid-claim-type"
    if isinstance(error, authlib_errors.InvalidTokenError):
        # validate_nbf raises it with the class description, validate_iat with its own.
        return "issued-at-out-of-window" if "issued in the future" in error.description else "not-yet-valid"
    return None


class AuthlibBinding(LibraryBinding):
    name = "Authlib"
    version = _version()
    enforces = frozenset({"iat-required"})  # claims_options={"iat": {"essential": True}}

    def __init__(self):
        self.jwt = JsonWebToken(["HS256"])

    def read_header(self, token):
        first = to_bytes(token).split(b".", 1)[0]  # as JsonWebToken.decode reads the token
        try:
            return extract_header(first, authlib_errors.DecodeError)
        except (authlib_errors.DecodeError, ValueError) as error:
            raise Reject("malformed", f"{type(error).__name__}: {error}") from None

    def verify_signature(self, token, key, profile: Profile):
        options = {"iat": {"essential": True}} if profile.iat_required else None
        try:
            return JsonWebToken(list(profile.algorithms)).decode(token, key.secret_bytes, claims_options=options)
        except authlib_errors.JoseError as error:
            reason = _structure_reason(error)
            raise Reject(reason, f"{type(error).__name__}: {error}") from None
        except ValueError as error:
            if str(error) in _KEY_REFUSALS:
                # Authlib's own refusal of the configured key, raised after the structure, header
                # and `alg` checks: no usable key verifies the token (AMB-SHORT-SECRET).
                raise Reject("unknown-key", f"Authlib refuses the configured key: {error}") from None
            if str(error) == "Serialization is too long.":
                raise Reject("malformed", f"Authlib: {error}") from None
            raise

    def validate_times(self, token, key, payload, profile: Profile, now):
        try:
            payload.validate(now=now, leeway=0)
        except authlib_errors.JoseError as error:
            raise Reject(_claims_reason(error, payload), f"{type(error).__name__}: {error}") from None

    def numeric_date(self, value):
        # JWTClaims.validate_iat accepted it: an int or a float, not a bool.
        return value

    def sign(self, header, claims, key: Key):
        try:
            token = self.jwt.encode(dict(header), dict(claims), key.secret_bytes)
        except (authlib_errors.JoseError, ValueError) as error:
            raise RequestError(f"Authlib cannot sign: {type(error).__name__}: {error}") from None
        return token.decode("ascii")


if __name__ == "__main__":
    sys.exit(serve(AuthlibBinding))
