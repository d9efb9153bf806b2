#!/usr/bin/env python3
"""jwt-conformance testee for joserfc (https://pypi.org/project/joserfc/), protocol version 1.

Run: python3 Adapters/python/joserfc_testee.py   (requests on stdin, responses on stdout)

What joserfc does here (its own code, its own deviations):
  * compact-JWS parsing, base64url and JSON decoding, its size limits (`jws.extract_compact`,
    `jwt.decode`);
  * the `alg` allow-list: `JWSRegistry(algorithms=["HS256"])`;
  * the header registry: types of registered members, `crit`, and for Sunshine `kid` required
    (`HeaderParameter("Key ID", "str", required=True)`); `strict_check_header=False`, because
    header members the profile does not use are ignored (JWS-HEADER-UNKNOWN) while joserfc's
    default refuses every member outside its registry;
  * key selection: Sunshine keys are a `KeySet` looked up by `kid`; Kustomer's single secret is
    one `OctKey` (joserfc then ignores `kid`); for a profile without `keyIdRequired` the first key
    of several is that one `OctKey` (the token does not name its key);
  * HMAC-SHA-256 with `OctKey.import_key(secret)` (the secret's UTF-8 bytes, never base64);
  * claims options (`BaseClaimsRegistry`): Sunshine `external_id` essential and not blank,
    `scope` essential with value "user"; Kustomer `email`/`externalId` not blank
    (`allow_blank: False`);
  * `exp`, `nbf`, `iat` (type and time) and Kustomer's essential `iat`:
    `JWTClaimsRegistry(now=<request now>, leeway=0, iat={"essential": True})`;
  * signing: `jwt.encode(header, claims, OctKey)`.

What this adapter adds (joserfc cannot be configured to enforce these), in testee_common.py:
  * `typ` must be "JWT" when present;
  * identity claims must be JSON strings of Unicode text; at least one Kustomer identity claim;
    precedence (email over externalId);
  * Sunshine `scope` must be a string: joserfc's `value` option matches a list by membership;
  * the Kustomer iat window (|now - iat| <= 900 s).

How `now` is injected: `JWTClaimsRegistry(now=...)` takes the time directly (documented API).

Known joserfc behaviours left as they are (the suite records them, with their causes, in
known-failures/joserfc.txt): `exp` equal to `now` is still accepted (`value < now` is its expiry
test); a future `iat` is refused even within Kustomer's window; booleans and floats pass as
NumericDates; a null `external_id` counts as missing; `crit` barely checked; RFC 7797 `b64`
understood; a header that is not an object is "missing alg"; padded base64url is accepted;
duplicate JSON members (last wins); deep JSON nesting crashes (`RecursionError`); `jwt.decode`
returns a non-object payload as it is (this adapter then rejects it as malformed, since no claim
can be read).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import joserfc  # noqa: E402
from joserfc import errors as jose_errors  # noqa: E402
from joserfc import jws as jose_jws  # noqa: E402
from joserfc import jwt as jose_jwt  # noqa: E402
from joserfc.jwk import KeySet, OctKey  # noqa: E402
from joserfc.jws import JWSRegistry  # noqa: E402
from joserfc.registry import HeaderParameter  # noqa: E402

from testee_common import Key, LibraryBinding, Profile, Reject, RequestError, json_type, serve  # noqa: E402


def _version() -> str:
    version = getattr(joserfc, "__version__", None)
    if version:
        return str(version)
    from importlib.metadata import version as package_version

    return package_version("joserfc")


def _structure_reason(error: Exception) -> str:
    """joserfc exceptions raised while parsing the token or checking its signature."""
    if isinstance(error, jose_errors.BadSignatureError):
        return "bad-signature"
    if isinstance(error, jose_errors.InvalidKeyIdError):
        return "unknown-key"
    if isinstance(error, (jose_errors.MissingAlgorithmError, jose_errors.UnsupportedAlgorithmError)):
        return "algorithm-not-allowed"
    if isinstance(error, jose_errors.MissingHeaderError) and "'alg'" in str(error):
        return "algorithm-not-allowed"
    if isinstance(error, jose_errors.InvalidHeaderValueError) and "'alg'" in str(error):
        return "algorithm-not-allowed"
    if isinstance(
        error,
        (
            jose_errors.InvalidHeaderValueError,
            jose_errors.UnsupportedHeaderError,
            jose_errors.MissingHeaderError,
            jose_errors.MissingCritHeaderError,
        ),
    ):
        return "invalid-header"
    # DecodeError, InvalidPayloadError, ExceededSizeError, and anything else about the bytes.
    return "malformed"


def _claims_reason(error: Exception, payload: dict) -> str:
    """joserfc claim-validation exceptions; the claim's JSON type refines InvalidClaimError."""
    if isinstance(error, jose_errors.MissingClaimError):
        return "missing-claim"
    if isinstance(error, jose_errors.ExpiredTokenError):
        return "expired"
    if isinstance(error, jose_errors.InvalidClaimError):
        claim = getattr(error, "claim", None)
        text = str(error)
        if "NumericDate" in text:
            return "invalid-claim-type"
        if claim == "nbf":
            return "not-yet-valid"
        if claim == "iat":
            return "issued-at-out-of-window"
        if claim in payload and not isinstance(payload[claim], str):
            # includes null: joserfc's allow_blank test refuses None like "", but a JSON null
            # is a value of the wrong type (AMB-NULL-CLAIM: invalid-claim-type or missing-claim)
            return "invalid-claim-type"
        return "invalid-claim-value"
    return "invalid-claim-value"


def _claims_options(profile: Profile) -> dict:
    """The identity and scope rules joserfc's claims registry can express: a profile's only
    identity claim is essential (Sunshine `external_id`); of several, none is essential alone and
    each must not be blank (Kustomer `email`, `externalId`); the scope claim is essential with
    its value."""
    if len(profile.identity_claims) == 1:
        options = {profile.identity_claims[0][0]: {"essential": True}}
    else:
        options = {claim: {"allow_blank": False} for claim, _ in profile.identity_claims}
    if profile.scope is not None:
        options[profile.scope[0]] = {"essential": True, "value": profile.scope[1]}
    return options


class JoserfcBinding(LibraryBinding):
    name = "joserfc"
    version = _version()
    enforces = frozenset({"kid-required", "key-selection", "scope", "iat-required"})

    def _registry(self, profile: Profile) -> JWSRegistry:
        header_registry = {}
        if profile.kid_required:
            header_registry["kid"] = HeaderParameter("Key ID", "str", required=True)
        # strict_check_header=False: JWS-HEADER-UNKNOWN says header members the profile does not
        # use are ignored; joserfc's default (True) refuses every member outside its registry.
        # `crit` is still checked against the registry (check_crit_header).
        return JWSRegistry(
            header_registry=header_registry, algorithms=list(profile.algorithms), strict_check_header=False
        )

    def read_header(self, token):
        try:
            return jose_jws.extract_compact(token.encode("utf-8")).headers()
        except jose_errors.JoseError as error:
            raise Reject(_structure_reason(error), f"{type(error).__name__}: {error}") from None

    def resolve_key(self, header, keys, profile: Profile):
        if not keys:
            return None, Reject("unknown-key", "the key set is empty")
        imported = [self._import(key) for key in keys]
        if not profile.kid_required:  # the token does not name its key: the first key
            return imported[0], None
        return KeySet(imported), None

    @staticmethod
    def _import(key: Key) -> OctKey:
        parameters = {"kid": key.kid} if key.kid is not None else None
        try:
            return OctKey.import_key(key.secret_bytes, parameters)
        except (jose_errors.JoseError, ValueError) as error:
            raise RequestError(f"joserfc refuses the key: {type(error).__name__}: {error}") from None

    def placeholder_key(self):  # resolve_key always yields a key (or a KeySet)
        return OctKey.import_key(b"\x00no key matches this token\x00")

    def verify_signature(self, token, key, profile: Profile):
        try:
            return jose_jwt.decode(token, key, registry=self._registry(profile)).claims
        except jose_errors.JoseError as error:
            raise Reject(_structure_reason(error), f"{type(error).__name__}: {error}") from None

    def check_identity_claims(self, payload, profile: Profile):
        options = {claim: option for claim, option in _claims_options(profile).items() if claim != "scope"}
        self._run(jose_jwt.BaseClaimsRegistry(**options), payload)

    def check_scope(self, payload, profile: Profile):
        options = _claims_options(profile)
        if "scope" in options:
            self._run(jose_jwt.BaseClaimsRegistry(scope=options["scope"]), payload)
            # joserfc's `value` option matches a list by membership (["user"] passes) and cannot
            # be told the claim must be a string; that part of SUN-SCOPE is the adapter's.
            claim = profile.scope[0]
            if not isinstance(payload[claim], str):
                raise Reject("invalid-claim-type", f"claim {claim!r} is {json_type(payload[claim])}, not a string")

    def validate_times(self, token, key, payload, profile: Profile, now):
        options = {"iat": {"essential": True}} if profile.iat_required else {}
        self._run(jose_jwt.JWTClaimsRegistry(now=now, leeway=0, **options), payload)

    @staticmethod
    def _run(registry, payload):
        try:
            registry.validate(payload)
        except jose_errors.JoseError as error:
            raise Reject(_claims_reason(error, payload), f"{type(error).__name__}: {error}") from None

    def numeric_date(self, value):
        # joserfc's own test (int or float, bools included) has already accepted this value.
        if isinstance(value, (int, float)):
            return value
        raise Reject("invalid-claim-type", f"iat {value!r} is not a NumericDate")

    def sign(self, header, claims, key: Key):
        try:
            return jose_jwt.encode(
                header, claims, self._import(key), algorithms=[header["alg"]], default_type=header.get("typ")
            )
        except jose_errors.JoseError as error:
            raise RequestError(f"joserfc cannot sign: {type(error).__name__}: {error}") from None


if __name__ == "__main__":
    sys.exit(serve(JoserfcBinding))
