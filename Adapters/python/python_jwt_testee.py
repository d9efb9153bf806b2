#!/usr/bin/env python3
"""jwt-conformance testee for python_jwt (https://pypi.org/project/python-jwt/), protocol version 1.

Run: python3 Adapters/python/python_jwt_testee.py         (python_jwt 4.1.0, the fix of CVE-2022-39227)
     python3 Adapters/python/python_jwt_3_3_3_testee.py   (python_jwt 3.3.3, vulnerable: the CVE control)
Needs: bash Adapters/python/install-isolated.sh (each version in its own folder under
Adapters/python/.isolated/; both run on the jwcrypto of requirements.txt).

What python_jwt does here (its own code, its own deviations):
  * parsing (`python_jwt.process_jwt` for the header; `verify_jwt` splits the token at its full
    stops and decodes header and claims with jwcrypto's base64url and JSON helpers);
  * the `alg` allow-list: `allowed_algs=["HS256"]`;
  * the signature: `verify_jwt` hands the whole token to `jwcrypto.jws.JWS().deserialize` with
    `JWK(kty="oct", k=base64url(UTF-8 bytes of the secret))`, keys of any length
    (`jwcrypto.jwa.default_enforce_hmac_key_length = False`, as the jwcrypto testee sets it: the
    profiles need Sunshine's 24-byte sample secret, AMB-SHORT-SECRET);
  * `typ` must be "JWT" when present; `iat` not in the future beyond `iat_skew`, `nbf`, `exp`
    against the injected `now` (below);
  * options the profiles fix: `checks_optional=True` (the profiles require neither `typ` nor
    `exp`/`nbf`; python_jwt requires them all by default), `ignore_not_implemented=True` (unknown
    header members are ignored, JWS-HEADER-UNKNOWN; python_jwt refuses them by default), and for
    Kustomer `iat_skew` = the profile's 900 s (its window's future bound);
  * signing: `generate_jwt(claims, key, "HS256", other_headers={"kid": ...})`, which writes its own
    `typ`, `iat` and `nbf` (at the injected `now`) and a random `jti`.

python_jwt documents no error classes ("raises: If the token failed to verify"), so every exception
of `verify_jwt` is a rejection; its reason is given only where the message names it (its own
`_JWTError` messages and jwcrypto's signature and parsing errors).

What this adapter adds (testee_common.py): Sunshine `kid` present and a string, key selection by
`kid`, identity claims, Sunshine `scope: "user"`, Kustomer's required `iat` and the past bound of
its window.

Stage order: `verify_jwt` checks the signature and the times in one call. When it refuses a token
for its time (`expired`, `not yet valid`, `issued in the future`), the signature was good: the
adapter takes the claims python_jwt's own `process_jwt` reads (those `verify_jwt` 3.3.3 returns; for
4.x, whose format check admits only compact tokens, the same) and reports the time refusal after the
identity and scope checks, in its stage.

How `now` is injected: python_jwt calls `datetime.utcnow()` (module `python_jwt`) with no parameter
for it. The adapter replaces the name `datetime` in `python_jwt` with a subclass whose `utcnow()`
returns the request's `now`, and checks at start-up that this takes effect (a token with `exp` 1001
is accepted at 1000 and refused at 1001); if it does not, every verify is answered `error`.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from testee_common import InjectedClock, Key, LibraryBinding, Profile, Reject, RequestError, serve, use_isolated  # noqa: E402

# Filled in by load(): the python_jwt module of the chosen folder, and jwcrypto's JWK.
python_jwt = None
JWK = None
jwcrypto_common = None
jwcrypto_jws = None


_CLOCK = InjectedClock("python_jwt")


# python_jwt's own _JWTError messages (python_jwt/__init__.py verify_jwt), by prefix.
_MESSAGES = (
    ("invalid JWT format", "malformed"),
    ("alg header not present", "algorithm-not-allowed"),
    ("algorithm not allowed", "algorithm-not-allowed"),
    ("typ header", "invalid-header"),
    ("expired", "expired"),
    ("not yet valid", "not-yet-valid"),
    ("issued in the future", "issued-at-out-of-window"),
)
_TIME_REFUSALS = ("expired", "not yet valid", "issued in the future")


def _reason(error: Exception) -> str | None:
    if isinstance(error, jwcrypto_jws.InvalidJWSSignature):
        # jwcrypto's JWS.verify wraps every failure of its per-signature check in this class, with
        # the failures in its message (the verify log): a MAC that does not match is its
        # InvalidJWSSignature('Verification failed'); a critical header it does not understand is
        # InvalidJWSObject('Invalid JWS Object [Unknown critical header: ...]'). Others: no reason.
        text = str(error)
        if "critical header" in text:
            return "invalid-header"
        if "InvalidJWSSignature('Verification failed')" in text:
            return "bad-signature"
        return None
    if isinstance(error, jwcrypto_jws.InvalidJWSObject):
        return "malformed"
    if type(error).__name__ == "_JWTError":
        for prefix, reason in _MESSAGES:
            if str(error).startswith(prefix):
                return reason
    return None


def _key(key: Key):
    return JWK(kty="oct", k=jwcrypto_common.base64url_encode(key.secret_bytes))


def load(folder: str):
    """Import python_jwt from Adapters/python/.isolated/<folder>; returns the binding class."""
    global python_jwt, JWK, jwcrypto_common, jwcrypto_jws
    use_isolated(folder)
    import jwcrypto.common
    import jwcrypto.jwa
    import jwcrypto.jws
    import jwcrypto.jwk
    import python_jwt as module

    _CLOCK.patch(module)
    # The switch exists from jwcrypto 1.5 on; older releases take keys of any length anyway.
    jwcrypto.jwa.default_enforce_hmac_key_length = False
    python_jwt, JWK = module, jwcrypto.jwk.JWK
    jwcrypto_common, jwcrypto_jws = jwcrypto.common, jwcrypto.jws
    return PythonJwtBinding


def _version() -> str:
    from importlib.metadata import version

    return version("python_jwt")


class PythonJwtBinding(LibraryBinding):
    name = "python_jwt"

    def __init__(self):
        self.version = _version()
        self.deferred: Reject | None = None

    def startup_problem(self):
        key = _key(Key(kid=None, secret="clock-self-test-secret-0123456789"))
        with _CLOCK.at(1000):  # generate_jwt writes iat and nbf from its clock
            token = python_jwt.generate_jwt({}, key, "HS256", expires=datetime(1970, 1, 1) + timedelta(seconds=1001))
        # python_jwt raises no class of its own: its expiry is told by the message.
        return _CLOCK.self_test(
            lambda: python_jwt.verify_jwt(token, key, ["HS256"], checks_optional=True),
            lambda error: str(error) == "expired")

    def clock(self, now):
        return _CLOCK.at(now)

    def read_header(self, token):
        try:
            header, _ = python_jwt.process_jwt(token)
        except Exception as error:  # noqa: BLE001 - python_jwt raises no class of its own
            # process_jwt only splits and decodes: a ValueError of its (base64, UTF-8, JSON, too few
            # or too many segments) is a malformed token.
            reason = _reason(error) or ("malformed" if isinstance(error, ValueError) else None)
            raise Reject(reason, f"{type(error).__name__}: {error}") from None
        return header

    def verify_signature(self, token, key, profile: Profile):
        self.deferred = None
        skew = timedelta(seconds=profile.iat_window[1]) if profile.iat_window else timedelta()
        try:
            _, claims = python_jwt.verify_jwt(
                token, _key(key), list(profile.algorithms), iat_skew=skew, checks_optional=True, ignore_not_implemented=True
            )
            return claims
        except Exception as error:  # noqa: BLE001 - python_jwt raises no class of its own
            rejection = Reject(_reason(error), f"{type(error).__name__}: {error}")
            if type(error).__name__ == "_JWTError" and str(error) in _TIME_REFUSALS:
                self.deferred = rejection  # reported by validate_times, in its stage
                _, claims = python_jwt.process_jwt(token)
                return claims
            raise rejection from None

    def validate_times(self, token, key, payload, profile: Profile, now):
        if self.deferred is not None:
            raise self.deferred

    def numeric_date(self, value):
        # python_jwt compared it with the time (iat > ...), so it is an int, a float or a bool.
        if isinstance(value, (int, float)):
            return value
        raise Reject("invalid-claim-type", f"iat {value!r} is not a NumericDate")

    def sign(self, header, claims, key: Key):
        others = {name: value for name, value in header.items() if name not in ("alg", "typ")}
        claims = dict(claims)
        now = claims.pop("iat")
        try:
            with _CLOCK.at(now):  # generate_jwt writes iat and nbf from its clock
                return python_jwt.generate_jwt(claims, _key(key), header["alg"], other_headers=others or None)
        except Exception as error:  # noqa: BLE001 - python_jwt raises no class of its own
            raise RequestError(f"python_jwt cannot sign: {type(error).__name__}: {error}") from None


if __name__ == "__main__":
    sys.exit(serve(load("python_jwt")))
