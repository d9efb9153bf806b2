#!/usr/bin/env python3
"""jwt-conformance testee for jwcrypto (https://pypi.org/project/jwcrypto/), protocol version 1.

Run: python3 Adapters/python/jwcrypto_testee.py   (requests on stdin, responses on stdout)

What jwcrypto does here (its own code, its own deviations):
  * token parsing (`jwt.JWT.deserialize`: compact JWS by dot count, base64url, JSON), `crit`;
  * the `alg` allow-list: `JWT(algs=["HS256"])`;
  * key selection: Sunshine keys are a `JWKSet` looked up by `kid`; Kustomer's single secret is
    one `JWK` (jwcrypto then ignores `kid`); for a profile without `keyIdRequired` the first key
    of several is that one `JWK` (the token does not name its key);
  * HMAC-SHA-256 with `JWK(kty="oct", k=base64url(UTF-8 bytes of the secret))`, keys of any length
    (`jwcrypto.jwa.default_enforce_hmac_key_length = False`: the profiles need Sunshine's 24-byte
    sample secret to work, AMB-SHORT-SECRET; jwcrypto refuses keys under 256 bits by default);
  * its default claim checks (`check_claims=None`): `iss`/`sub`/`jti`/`typ` strings, `aud`,
    `exp`/`nbf`/`iat` integers (`int(value)`), and `exp`/`nbf` against the injected `now`, with
    `JWT.leeway = 0` (AMB-CLOCK-LEEWAY: the implementation under test runs with no leeway;
    jwcrypto's default is 60 s);
  * Kustomer's required `iat`: `check_claims={"iat": None}`, in a call of its own made first,
    because a `check_claims` dict switches off the default `exp`/`nbf` checks;
  * signing: `JWT(header=..., claims=...).make_signed_token(JWK)`.

What this adapter adds, in testee_common.py:
  * `typ` must be "JWT" when present; Sunshine `kid` must be present and a string;
  * identity claims: JSON string of Unicode text, non-empty, precedence (Kustomer email over
    externalId);
  * Sunshine `scope: "user"`: jwcrypto's own `scope` check is OAuth's (a space-separated list
    containing the value, so "user app" passes), not the profile's exact string;
  * the Kustomer iat window (|now - iat| <= 900 s); jwcrypto never compares `iat` with the time.

How `now` is injected: jwcrypto has no `now` parameter; `jwcrypto.jwt` calls `time.time()`.
The adapter replaces the name `time` in `jwcrypto.jwt` with an object whose `time()` returns the
request's `now`, and checks at start-up that this takes effect (else every verify is `error`).

Known jwcrypto behaviours left as they are (the suite records them, with their causes, in
known-failures/jwcrypto.txt): `exp` equal to `now` accepted (`exp < now - leeway` is its expiry
test); `int()` reading of NumericDates (a numeric string passes the type check, then crashes the
time comparison: answered `error`); lenient base64url, with the MAC checked over its re-encoding;
`crit` barely checked; RFC 7797 `b64` understood; `kid` type not checked and looked up before `alg`;
duplicate JSON members (last wins).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import jwcrypto.jwt  # noqa: E402
from jwcrypto import common as jwc_common  # noqa: E402
from jwcrypto import jwa as jwc_jwa  # noqa: E402
from jwcrypto import jwe as jwc_jwe  # noqa: E402
from jwcrypto import jws as jwc_jws  # noqa: E402
from jwcrypto.jwk import JWK, JWKSet  # noqa: E402

from testee_common import Key, LibraryBinding, Profile, Reject, RequestError, serve  # noqa: E402


def _version() -> str:
    from importlib.metadata import version

    return version("jwcrypto")


class _InjectedTime:
    """Stands in for the `time` module inside `jwcrypto.jwt`."""

    current: int | None = None

    def time(self) -> float:
        if self.current is None:
            raise RuntimeError("jwcrypto asked for the time outside a request: no `now` injected")
        return float(self.current)


_TIME = _InjectedTime()
jwcrypto.jwt.time = _TIME


class _Clock:
    def __init__(self, now: int):
        self.now = now

    def __enter__(self):
        _TIME.current = self.now

    def __exit__(self, *exc):
        _TIME.current = None
        return False


# jwcrypto refuses HMAC keys shorter than the hash output by default (InvalidJWEKeyLength, RFC 7518
# §3.2). Its documented switch `jwcrypto.jwa.default_enforce_hmac_key_length` exists "for
# compatibility with legacy or non-compliant systems that use shorter keys", which is what the
# vendor profiles are: Sunshine's own sample secret has 24 bytes and must work (JWS-HMAC-KEY-BYTES,
# AMB-SHORT-SECRET). The profile fixes this setting, so the adapter configures it.
jwc_jwa.default_enforce_hmac_key_length = False

# The suite runs every implementation with no clock leeway (AMB-CLOCK-LEEWAY: "the implementation
# under test must be run with none"); jwcrypto's default is 60 s (`JWT.leeway`).
_LEEWAY = 0


def _structure_reason(error: Exception, log: str) -> str:
    """Map a failure of parsing or signature verification, using jwcrypto's verification log."""
    text = f"{error} {log}"
    if "critical header" in text:
        return "invalid-header"  # unknown or missing critical header
    if isinstance(error, (jwc_jws.InvalidJWSObject, ValueError)) and "Verification failed" not in text:
        return "malformed"
    if "Algorithm not allowed" in text or 'No "alg"' in text or "InvalidJWAAlgorithm" in text:
        return "algorithm-not-allowed"
    if "Failed header check" in text:
        return "invalid-header"
    if "Invalid Protected header" in text:
        return "malformed"
    if "not in key set" in text:
        return "unknown-key"
    return "bad-signature"


def _claims_reason(error: Exception) -> str:
    if isinstance(error, jwcrypto.jwt.JWTExpired):
        return "expired"
    if isinstance(error, jwcrypto.jwt.JWTNotYetValid):
        return "not-yet-valid"
    if isinstance(error, jwcrypto.jwt.JWTMissingClaim):
        return "missing-claim"
    if isinstance(error, jwcrypto.jwt.JWTInvalidClaimFormat):
        return "invalid-claim-type"
    return "invalid-claim-value"


class JwcryptoBinding(LibraryBinding):
    name = "jwcrypto"
    version = _version()
    enforces = frozenset({"key-selection", "iat-required"})

    def startup_problem(self):
        try:
            key = self._import(Key(kid=None, secret="clock-self-test-secret-0123456789"))
            token = jwcrypto.jwt.JWT(header={"alg": "HS256"}, claims={"exp": 1001})
            token.make_signed_token(key)
            compact = token.serialize()
            check = jwcrypto.jwt.JWT(algs=["HS256"])
            check.leeway = 0
            with _Clock(1000):
                check.deserialize(compact, key)
            try:
                with _Clock(1002):
                    check.deserialize(compact, key)
            except jwcrypto.jwt.JWTExpired:
                return None
            return "cannot inject `now` into jwcrypto: exp was not checked against the injected clock"
        except Exception as error:
            return f"cannot inject `now` into jwcrypto: {type(error).__name__}: {error}"

    def clock(self, now):
        return _Clock(now)

    @staticmethod
    def _import(key: Key) -> JWK:
        parameters = {"kty": "oct", "k": jwc_common.base64url_encode(key.secret_bytes)}
        if key.kid is not None:
            parameters["kid"] = key.kid
        try:
            return JWK(**parameters)
        except jwc_common.JWException as error:
            raise RequestError(f"jwcrypto refuses the key: {type(error).__name__}: {error}") from None

    def _jwt(self, profile: Profile, check_claims=None) -> jwcrypto.jwt.JWT:
        checker = jwcrypto.jwt.JWT(algs=list(profile.algorithms), check_claims=check_claims)
        checker.leeway = _LEEWAY
        return checker

    def read_header(self, token):
        parsed = jwcrypto.jwt.JWT()
        try:
            parsed.deserialize(token)
            return parsed.token.jose_header
        except (jwc_common.JWException, ValueError) as error:
            raise Reject(_structure_reason(error, ""), f"{type(error).__name__}: {error}") from None
        except (TypeError, RecursionError) as error:
            if not isinstance(parsed.token, jwc_jwe.JWE):
                raise
            # A token jwcrypto read as a JWE (four full stops): merging its protected header
            # (jwe.py _get_jose_header) fails on a null or over-deep one. An application's
            # JWT(jwt=..., key=...) refuses such a token ("Expected JWS, got JWE" in 1.6.1,
            # InvalidJWEData in 1.3.1) before reading that header, so the adapter refuses it too.
            raise Reject("malformed", f"{type(error).__name__} reading a JWE's header: {error}") from None

    def resolve_key(self, header, keys, profile: Profile):
        if not keys:
            return None, Reject("unknown-key", "the key set is empty")
        imported = [self._import(key) for key in keys]
        if not profile.kid_required:  # the token does not name its key: the first key
            return (imported[0], keys[0]), None
        key_set = JWKSet()
        for key in imported:
            key_set.add(key)
        return (key_set, None), None

    def placeholder_key(self):
        return (self._import(Key(kid=None, secret="\u0000no key matches this token\u0000 padding")), None)

    def verify_signature(self, token, key, profile: Profile):
        handle, _ = key
        checker = self._jwt(profile, check_claims=False)  # signature only; claims come later
        try:
            checker.deserialize(token, handle)
        except (jwc_common.JWException, ValueError) as error:
            log = repr(getattr(checker, "deserializelog", None) or "")
            reason = _structure_reason(error, log)
            raise Reject(reason, f"{type(error).__name__}: {error} {log}") from None
        except TypeError as error:
            if str(error).startswith("Expected "):  # "Expected JWS, got JWE"
                raise Reject("malformed", f"{type(error).__name__}: {error}") from None
            raise
        try:
            return jwc_common.json_decode(checker.claims)
        except ValueError as error:
            raise Reject("malformed", f"the payload is not JSON: {error}") from None

    def validate_times(self, token, key, payload, profile: Profile, now):
        handle, _ = key
        if profile.iat_required:
            # Kustomer's required iat, by jwcrypto: check_claims={"iat": None} raises JWTMissingClaim
            # when the member is absent. A check_claims dict switches off the default exp/nbf
            # checks, so this is a call of its own, made first (missing-claim before expired).
            presence = self._jwt(profile, check_claims={"iat": None})
            try:
                presence.deserialize(token, handle)
            except jwc_common.JWException as error:
                raise Reject(_claims_reason(error), f"{type(error).__name__}: {error}") from None
        checker = self._jwt(profile)  # check_claims=None: jwcrypto's default checks (leeway 0)
        try:  # inside self.clock(now), entered by testee_common.verify_token
            checker.deserialize(token, handle)
        except jwc_common.JWException as error:
            raise Reject(_claims_reason(error), f"{type(error).__name__}: {error}") from None

    def numeric_date(self, value):
        # jwcrypto's type check is `int(value)`; it has already accepted this value.
        if isinstance(value, (int, float)):
            return value
        try:
            return int(value)
        except (ValueError, TypeError, OverflowError):
            raise Reject("invalid-claim-type", f"iat {value!r} is not a NumericDate") from None

    def sign(self, header, claims, key: Key):
        token = jwcrypto.jwt.JWT(header=dict(header), claims=dict(claims))
        try:
            token.make_signed_token(self._import(key))
            return token.serialize()
        except (jwc_common.JWException, ValueError) as error:
            raise RequestError(f"jwcrypto cannot sign: {type(error).__name__}: {error}") from None


if __name__ == "__main__":
    sys.exit(serve(JwcryptoBinding))
