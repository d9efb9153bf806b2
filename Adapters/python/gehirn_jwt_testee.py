#!/usr/bin/env python3
"""jwt-conformance testee for GehirnInc's python-jwt (https://pypi.org/project/jwt/, module `jwt`),
protocol version 1.

Run: python3 Adapters/python/gehirn_jwt_testee.py   (requests on stdin, responses on stdout)
Needs: bash Adapters/python/install-isolated.sh (the package in Adapters/python/.isolated/gehirn-jwt:
its module is named `jwt`, like PyJWT's, so it cannot share the environment of requirements.txt).

What the library does here (its own code, its own deviations):
  * compact-JWS parsing, base64url and JSON decoding (`jwt.JWT().decode`, through `JWS.decode`; the
    header alone is read with `JWS._decode_segments`, the function `JWS.decode` parses with: the
    library has no public call that returns the header);
  * the `alg` allow-list: `algorithms={"HS256"}`;
  * HMAC-SHA-256 with `OctetJWK(key=UTF-8 bytes of the secret)`, any length;
  * `exp` and `nbf` (an `int`, compared with the injected `now`, below): `do_time_check=True`;
  * signing: `jwt.JWT().encode(claims, OctetJWK, alg="HS256", optional_headers=...)`.

What this adapter adds (testee_common.py), none of which the library has: `typ` is "JWT" when
present, Sunshine `kid` present and a string, key selection by `kid`, identity claims, Sunshine
`scope: "user"`, Kustomer's required `iat` and its window. The library never reads `iat`, so the
window reads it as the profile says (a JSON number; a boolean is none).

The library's decode lets some exceptions of its own parsing escape (a header that is not JSON,
not UTF-8 or not base64url raises ValueError, binascii.Error or UnicodeError from
`JWS._decode_segments`, not its `JWSDecodeError`); as with every testee, such an exception is
answered `error` (the suite sees the crash), not turned into a rejection.

How `now` is injected: `JWT.decode` calls `datetime.now(timezone.utc)` in `jwt.jwt`, with no
parameter for it. The adapter replaces the name `datetime` in `jwt.jwt` with a subclass whose
`now()` returns the request's `now` (as the PyJWT testee does) and checks at start-up that this
takes effect (a token with `exp` 1001 is accepted at 1000 and refused at 1001); if it does not,
every verify is answered `error`.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from testee_common import InjectedClock, Key, LibraryBinding, Profile, Reject, RequestError, serve, use_isolated  # noqa: E402

use_isolated("gehirn-jwt")

import jwt  # noqa: E402  (GehirnInc's, from the isolated folder)
import jwt.jwt  # noqa: E402
from jwt.exceptions import JWSDecodeError, JWTDecodeError, JWTException  # noqa: E402
from jwt.jwk import OctetJWK  # noqa: E402
from jwt.jws import JWS  # noqa: E402


def _version() -> str:
    from importlib.metadata import version

    return version("jwt")


_CLOCK = InjectedClock("jwt")
_CLOCK.patch(jwt.jwt)


# JWS.decode's messages (jwt/jws.py), raised as the cause of JWT.decode's "failed to decode JWT".
_JWS_REASONS = {
    "malformed JWS payload": "malformed",
    "Unsupported signing algorithm.": "algorithm-not-allowed",
    "JWS passed could not be validated": "bad-signature",
}
# JWT.decode's own messages (jwt/jwt.py).
_JWT_REASONS = {
    "a payload of the JWT is not valid JSON": "malformed",
    "Invalid Expired value": "invalid-claim-type",
    'Invalid "Not valid yet" value': "invalid-claim-type",
    "JWT Expired": "expired",
    "JWT Not valid yet": "not-yet-valid",
}


def _reason(error: JWTDecodeError) -> str | None:
    cause = error.__cause__
    if isinstance(cause, JWSDecodeError):
        return _JWS_REASONS.get(str(cause))
    return _JWT_REASONS.get(str(error))


def _key(key: Key) -> OctetJWK:
    return OctetJWK(key=key.secret_bytes, kid=key.kid)


class GehirnJwtBinding(LibraryBinding):
    name = "jwt (GehirnInc)"
    version = _version()

    def __init__(self):
        self.jwt = jwt.JWT()

    def startup_problem(self):
        key = _key(Key(kid=None, secret="clock-self-test-secret-0123456789"))
        token = self.jwt.encode({"exp": 1001}, key, alg="HS256")
        return _CLOCK.self_test(
            lambda: self.jwt.decode(token, key, algorithms={"HS256"}),
            lambda error: isinstance(error, JWTDecodeError) and str(error) == "JWT Expired")

    def clock(self, now):
        return _CLOCK.at(now)

    def read_header(self, token):
        try:
            header, _, _, _ = JWS()._decode_segments(token)
        except JWSDecodeError as error:
            raise Reject(_JWS_REASONS.get(str(error)), f"{type(error).__name__}: {error}") from None
        return header

    def verify_signature(self, token, key, profile: Profile):
        try:
            return self.jwt.decode(token, _key(key), algorithms=set(profile.algorithms), do_time_check=False)
        except JWTDecodeError as error:
            raise Reject(_reason(error), f"{type(error).__name__}: {error} ({error.__cause__})") from None

    def validate_times(self, token, key, payload, profile: Profile, now):
        try:  # inside self.clock(now), entered by testee_common.verify_token
            self.jwt.decode(token, _key(key), algorithms=set(profile.algorithms), do_time_check=True)
        except JWTDecodeError as error:
            raise Reject(_reason(error), f"{type(error).__name__}: {error}") from None

    def numeric_date(self, value):
        # The library never reads iat, so the adapter applies the profile's NumericDate: a JSON
        # number (Python's json gives int or float; a boolean is no number).
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        raise Reject("invalid-claim-type", f"iat {value!r} is not a NumericDate")

    def sign(self, header, claims, key: Key):
        extra = {name: value for name, value in header.items() if name != "alg"}
        try:
            return self.jwt.encode(dict(claims), _key(key), alg=header["alg"], optional_headers=extra)
        except JWTException as error:
            raise RequestError(f"jwt cannot sign: {type(error).__name__}: {error}") from None


if __name__ == "__main__":
    sys.exit(serve(GehirnJwtBinding))
