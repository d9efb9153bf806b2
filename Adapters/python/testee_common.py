"""Shared plumbing for the Python testees of jwt-conformance (protocol version 1).

A testee is one persistent process that reads newline-delimited JSON requests on stdin and
writes exactly one JSON response line per request on stdout, in order. This module holds
everything that is the same for every Python library:

* the read loop, JSON in and out, `hello`, and the error/skip answers (`serve`);
* the vendor profiles, read from the data files Vectors/profiles/*.json (`load_profiles`; the
  folder may be named by $JWT_CONFORMANCE_PROFILES);
* the verification pipeline (`verify_token`) that calls into a `LibraryBinding` for what the
  library does and adds the vendor rules no generic JWT library can be configured to enforce;
* the signing request (`sign_token`): header and claims per profile, signed by the library.

Each adapter (`pyjwt_testee.py`, `joserfc_testee.py`, `jwcrypto_testee.py`) only subclasses
`LibraryBinding`.

Rules enforced here, by the adapter, for every library (unless the binding says the library
enforces them itself, see `LibraryBinding.enforces`):

Every rule below comes from the profile's data file (Kustomer and Sunshine shown as examples):

* header `typ`: when present it must be the profile's `typ` ("JWT"; RFC 7515 §4.1.9 comparison:
  ASCII case-insensitive, "application/" implied); absent is refused only when `typRequired`;
* `keyIdRequired` (Sunshine): the header must carry `kid`, a string (`kid-required`);
* key selection by `kid` (`key-selection`) when the library has no key-set lookup;
* identity claims: the profile's claims in precedence order (Kustomer `email` then `externalId`,
  Sunshine `external_id`); each present one must be a non-empty JSON string of Unicode text (no
  unpaired surrogate, which Python's json module lets through), the first present one wins, and
  at least one must be present;
* the `scope` rule (Sunshine `scope` must be the JSON string "user") (`scope`);
* `issuedAt.required` (Kustomer) (`iat-required`) and `expiration.required`, checked before the
  library's time checks;
* the `issuedAt` window (Kustomer: now - 900 <= iat <= now + 900) (`iat-window`), evaluated on the
  number the library itself read for `iat` (see `LibraryBinding.numeric_date`).

Everything else (compact-JWS parsing, base64url, JSON, `alg` allow-list, `crit`, the HMAC,
`exp`/`nbf`/`iat` type and time checks with the injected `now`) is the library's, including its
deviations: this module never re-checks what the library has already decided.

Nothing here reads the wall clock: `now` comes with every request. Nothing but protocol lines is
written to stdout; diagnostics go to stderr.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

PROTOCOL_VERSION = 1

class InjectedClock:
    """The request's `now` for a library module that reads the wall clock through `datetime` and
    offers no clock option: `patch(module)` puts a `datetime` whose `now()` and `utcnow()` give the
    injected time in the module's place, and `at(now)` sets that time for one request. Outside a
    request the library gets an error, never the wall clock."""

    def __init__(self, library: str):
        self.library = library
        self.current: Optional[int] = None
        clock = self

        class _Datetime(datetime):
            @classmethod
            def now(cls, tz=None):  # noqa: D102 - same signature as datetime.now
                return datetime.fromtimestamp(clock.seconds(), tz=tz or timezone.utc)

            @classmethod
            def utcnow(cls):  # noqa: D102 - same signature as datetime.utcnow
                return datetime(1970, 1, 1) + timedelta(seconds=clock.seconds())

        self.datetime = _Datetime

    def seconds(self) -> int:
        """The injected time; an error outside a request."""
        if self.current is None:
            raise RuntimeError(f"{self.library} asked for the time outside a request: no `now` injected")
        return self.current

    def patch(self, module) -> None:
        """Replaces `module.datetime` with the injected clock's."""
        module.datetime = self.datetime

    @contextlib.contextmanager
    def at(self, now: int):
        """The injected time is `now` inside the block."""
        self.current = now
        try:
            yield
        finally:
            self.current = None

    def self_test(self, decode: Callable[[], Any], is_expired: Callable[[Exception], bool], later: int = 1001) -> Optional[str]:
        """Checks the injection before any request: `decode()` reads a token whose `exp` is 1001,
        which must pass at 1000 and be refused as expired (`is_expired`) at `later`. Returns the
        problem, or None."""
        problem = f"cannot inject `now` into {self.library}"
        try:
            with self.at(1000):
                decode()
            try:
                with self.at(later):
                    decode()
            except Exception as error:
                if is_expired(error):
                    return None
                raise
            return f"{problem}: exp was not checked against the injected clock"
        except Exception as error:
            return f"{problem}: {type(error).__name__}: {error}"


def use_isolated(name: str) -> str:
    """Put Adapters/python/.isolated/<name> (installed from isolated/<name>.txt by
    install-isolated.sh) first on sys.path, so this testee imports the library pinned there and
    not another version, or another package of the same module name, from the shared environment.
    Exits with a message on stderr naming the install command when the folder is missing."""
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, ".isolated", name)
    if not os.path.isfile(os.path.join(folder, ".installed")):
        sys.stderr.write(
            f"{folder} is not installed: run bash Adapters/python/install-isolated.sh "
            f"(it installs Adapters/python/isolated/{name}.txt)\n"
        )
        sys.exit(3)
    sys.path.insert(0, folder)
    return folder


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

#: The closed rejection vocabulary, with the verification stage of each reason
#: (Sources/JWTReference/Model/Vocabulary.swift).
STAGES = {
    "malformed": 1,
    "algorithm-not-allowed": 2,
    "invalid-header": 2,
    "unknown-key": 3,
    "bad-signature": 4,
    "missing-claim": 5,
    "invalid-claim-type": 5,
    "invalid-claim-value": 5,
    "expired": 6,
    "not-yet-valid": 6,
    "issued-at-out-of-window": 6,
}
HEADER_STAGE = 2


class Reject(Exception):
    """The token is refused. `reason` is from the vocabulary, or None when unknown."""

    def __init__(self, reason: Optional[str], message: str = ""):
        if reason is not None and reason not in STAGES:
            raise ValueError(f"not a rejection reason: {reason!r}")
        super().__init__(message or (reason or "rejected"))
        self.reason = reason
        self.message = message or (reason or "rejected")

    @property
    def stage(self) -> int:
        return STAGES.get(self.reason, 99) if self.reason else 99


class RequestError(Exception):
    """The request cannot be served (bad request, library failure): answered `result: error`."""


class Skip(Exception):
    """The request is outside what this testee does: answered `result: skip`."""


# ---------------------------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------------------------

#: The environment variable naming the folder of profile files (default: the repository's
#: Vectors/profiles, found from this file's place).
PROFILES_ENV = "JWT_CONFORMANCE_PROFILES"

#: Every member of a profile file (Vectors/schema/profile.schema.json) this loader knows. A file
#: with any other member is not loaded: the adapter cannot honour a rule it does not know.
_KNOWN_MEMBERS = {
    "": {"$schema", "id", "title", "sources", "algorithms", "header", "identityClaims", "scope",
         "issuedAt", "expiration", "notBefore", "name", "idPrefix", "session"},
    "header": {"typ", "typRequired", "keyIdRequired", "understoodCriticalParameters"},
    "identityClaims[]": {"claim", "kind"},
    "scope": {"claim", "value"},
    "issuedAt": {"required", "maximumAge", "maximumFutureSkew"},
    "expiration": {"honoured", "required"},
    "notBefore": {"honoured"},
}


@dataclass(frozen=True)
class Profile:
    """One vendor profile, read from Vectors/profiles/<name>.json (see `load_profiles`)."""

    name: str
    #: `alg` values accepted (handed to the library's allow-list) and the one written.
    algorithms: tuple
    #: the `typ` a signer writes and a verifier accepts when present, or None.
    typ: Optional[str]
    #: whether a verifier refuses a header without `typ` (only when `typ` is not None).
    typ_required: bool
    #: whether a verifier refuses a header without `kid` and selects the key by it; a signer
    #: writes `kid` when true.
    kid_required: bool
    #: (claim name, identity kind) in precedence order: the first present claim wins.
    identity_claims: tuple
    #: (claim, required value) or None.
    scope: Optional[tuple]
    #: whether a token without `iat` is refused.
    iat_required: bool
    #: (maximum age, maximum future skew) in seconds, both inclusive, or None.
    iat_window: Optional[tuple]
    #: whether a token without `exp` is refused.
    exp_required: bool


class ProfileError(Exception):
    """A profile file this adapter cannot honour; the message names the file and the member."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def profile_from_json(document: Any, where: str) -> Profile:
    """The profile a profile file's JSON holds. Raises `ProfileError` for a member this loader
    does not know, a value of the wrong type, or a rule the adapters leave to their library in a
    form no library here is configured for (see Adapters/README.md, "Profiles")."""

    def fail(member: str, problem: str):
        raise ProfileError(f"{where}: member {member!r} {problem}")

    def obj(value: Any, member: str, known: str, required: tuple) -> dict:
        if not isinstance(value, dict):
            fail(member, "must be an object")
        for name in value:
            if name not in _KNOWN_MEMBERS[known]:
                fail(f"{member}.{name}" if member else name, "is not known to this adapter, which cannot honour it")
        for name in required:
            if name not in value:
                fail(f"{member}.{name}" if member else name, "is missing")
        return value

    def string(value: Any, member: str) -> str:
        if not isinstance(value, str):
            fail(member, "must be a string")
        return value

    def boolean(value: Any, member: str) -> bool:
        if not isinstance(value, bool):
            fail(member, "must be a boolean")
        return value

    top = obj(document, "", "", ("id", "title", "sources", "algorithms", "header", "identityClaims", "expiration", "notBefore"))
    name = string(top["id"], "id")
    if not name:
        fail("id", "must not be empty")
    algorithms = top["algorithms"]
    if not isinstance(algorithms, list) or not all(isinstance(a, str) for a in algorithms):
        fail("algorithms", "must be an array of strings")
    if algorithms != ["HS256"]:
        fail("algorithms", f"is {algorithms!r}: the adapters restrict their library to HS256 and support exactly [\"HS256\"]")
    header = obj(top["header"], "header", "header", ("typRequired", "keyIdRequired", "understoodCriticalParameters"))
    typ = header.get("typ")
    if typ is not None:
        string(typ, "header.typ")
    critical = header["understoodCriticalParameters"]
    if not isinstance(critical, list) or not all(isinstance(c, str) for c in critical):
        fail("header.understoodCriticalParameters", "must be an array of strings")
    if critical:
        fail("header.understoodCriticalParameters", f"is {critical!r}: crit is the library's check, and no library here is told of understood extensions")
    claims = top["identityClaims"]
    if not isinstance(claims, list):
        fail("identityClaims", "must be an array")
    identity_claims = []
    for index, rule in enumerate(claims):
        member = f"identityClaims[{index}]"
        rule = obj(rule, member, "identityClaims[]", ("claim", "kind"))
        kind = string(rule["kind"], f"{member}.kind")
        if kind not in ("email", "externalId"):
            fail(f"{member}.kind", f"is {kind!r}, not \"email\" or \"externalId\"")
        identity_claims.append((string(rule["claim"], f"{member}.claim"), kind))
    scope = top.get("scope")
    if scope is not None:
        scope = obj(scope, "scope", "scope", ("claim", "value"))
        scope = (string(scope["claim"], "scope.claim"), string(scope["value"], "scope.value"))
    issued_at = top.get("issuedAt")
    iat_required, iat_window = False, None
    if issued_at is not None:
        issued_at = obj(issued_at, "issuedAt", "issuedAt", ("required", "maximumAge", "maximumFutureSkew"))
        iat_required = boolean(issued_at["required"], "issuedAt.required")
        for bound in ("maximumAge", "maximumFutureSkew"):
            if not _is_int(issued_at[bound]) or not -2**63 <= issued_at[bound] < 2**63:
                fail(f"issuedAt.{bound}", "must be a 64-bit integer")
        iat_window = (issued_at["maximumAge"], issued_at["maximumFutureSkew"])
    expiration = obj(top["expiration"], "expiration", "expiration", ("honoured", "required"))
    if not boolean(expiration["honoured"], "expiration.honoured"):
        fail("expiration.honoured", "is false: exp is the library's check, which no library here can switch off")
    not_before = obj(top["notBefore"], "notBefore", "notBefore", ("honoured",))
    if not boolean(not_before["honoured"], "notBefore.honoured"):
        fail("notBefore.honoured", "is false: nbf is the library's check, which no library here can switch off")
    return Profile(
        name=name,
        algorithms=tuple(algorithms),
        typ=typ,
        typ_required=boolean(header["typRequired"], "header.typRequired"),
        kid_required=boolean(header["keyIdRequired"], "header.keyIdRequired"),
        identity_claims=tuple(identity_claims),
        scope=scope,
        iat_required=iat_required,
        iat_window=iat_window,
        exp_required=boolean(expiration["required"], "expiration.required"),
    )


def profiles_folder() -> str:
    """$JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles."""
    folder = os.environ.get(PROFILES_ENV)
    if folder:
        return folder
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "Vectors", "profiles")


def load_profiles(folder: Optional[str] = None, note: Callable[[str], None] = None) -> dict:
    """Every profile file `folder`/*.json this adapter can honour, by id. A file it cannot (an
    unknown member, a wrong type, a rule outside what the adapters support) is left out, with a
    note on stderr naming the file and the member; it is never guessed at."""
    folder = folder or profiles_folder()
    note = note or log
    profiles: dict = {}
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".json"))
    except OSError as error:
        note(f"profiles: cannot read the folder {folder}: {error}; no profile is declared")
        return profiles
    for name in names:
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
            profile = profile_from_json(document, path)
        except (OSError, ValueError) as error:
            note(f"profiles: {path} is not read: {error}; the profile is not declared")
            continue
        except ProfileError as error:
            note(f"profiles: {error}; the profile is not declared")
            continue
        if profile.name in profiles:
            note(f"profiles: {path} repeats the id {profile.name!r}; it is not declared")
            continue
        profiles[profile.name] = profile
    return profiles



@dataclass(frozen=True)
class Key:
    """A verification or signing key: the HMAC key is the UTF-8 bytes of `secret`."""

    kid: Optional[str]
    secret: str

    @property
    def secret_bytes(self) -> bytes:
        try:
            return self.secret.encode("utf-8")
        except UnicodeEncodeError as error:
            raise RequestError(f"the secret is not valid Unicode text: {error}") from None


# ---------------------------------------------------------------------------------------------
# The library binding
# ---------------------------------------------------------------------------------------------


class LibraryBinding:
    """What one adapter provides. Subclasses wrap one third-party library."""

    #: implementation name and version reported in `hello`
    name = "unknown"
    version = "0"
    #: profile rules the library is configured to enforce itself, so the adapter does not
    #: (any of "kid-required", "key-selection", "scope", "iat-required"; key selection is the
    #: binding's `resolve_key`, the others switch off the adapter's own check)
    enforces: frozenset = frozenset()

    def startup_problem(self) -> Optional[str]:
        """A reason every verify request must be answered `error` (e.g. `now` cannot be injected)."""
        return None

    def clock(self, now: int):
        """A context in which the library, if it reads the time itself, reads `now`."""
        return contextlib.nullcontext()

    def read_header(self, token: str) -> dict:
        """Parse the JOSE header with the library (no signature check). Raises `Reject`."""
        raise NotImplementedError

    def resolve_key(self, header: dict, keys: list, profile: Profile):
        """Return (key handle, Reject or None). The default selects by `kid` in the adapter."""
        key, defect = select_key(header, keys, profile)
        return key, defect

    def placeholder_key(self):
        """A key handle for when no key matches, so the library still reports earlier defects."""
        return Key(kid=None, secret="\u0000no key matches this token\u0000")

    def verify_signature(self, token: str, key, profile: Profile) -> Any:
        """Structure, `alg` allow-list, header checks and HMAC, by the library; returns the
        payload (whatever JSON value the library produced). Raises `Reject`."""
        raise NotImplementedError

    def check_identity_claims(self, payload: dict, profile: Profile) -> None:
        """The part of the identity rules the library is configured to enforce. Raises `Reject`."""

    def check_scope(self, payload: dict, profile: Profile) -> None:
        """Only called when "scope" is in `enforces`. Raises `Reject`."""
        raise NotImplementedError

    def validate_times(self, token: str, key, payload: dict, profile: Profile, now: int) -> None:
        """The library's own claim and time validation (`exp`, `nbf`, `iat`, required claims)
        at the injected `now`. Raises `Reject`."""
        raise NotImplementedError

    def numeric_date(self, value: Any):
        """The number the library reads for a NumericDate claim it accepted (for the iat window)."""
        raise NotImplementedError

    def sign(self, header: dict, claims: dict, key: Key) -> str:
        """Sign `claims` under `key` with exactly `header`; returns the compact JWS."""
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# Adapter rules
# ---------------------------------------------------------------------------------------------


def _same_media_type(value: str, expected: str) -> bool:
    def normalized(text: str) -> str:
        text = text if "/" in text else "application/" + text
        return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)

    return normalized(value) == normalized(expected)


def check_header(header: dict, profile: Profile, enforced: frozenset) -> Optional[Reject]:
    """The profile's header rules the library does not know: `typ` value and `kid` presence."""
    if profile.typ is not None and profile.typ_required and "typ" not in header:
        return Reject("invalid-header", f"the header has no typ (expected {profile.typ!r})")
    if profile.typ is not None and "typ" in header:
        typ = header["typ"]
        if not isinstance(typ, str):
            return Reject("invalid-header", "typ is not a string")
        if not _same_media_type(typ, profile.typ):
            return Reject("invalid-header", f"typ {typ!r} is not {profile.typ!r}")
    if profile.kid_required and "kid-required" not in enforced:
        if "kid" not in header:
            return Reject("invalid-header", "Missing key id (kid)")
        if not isinstance(header["kid"], str):
            return Reject("invalid-header", f"kid is {json_type(header['kid'])}, not a string")
    return None


def select_key(header: dict, keys: list, profile: Profile):
    """Pick the key. When the profile requires `kid`, a string `kid` naming a key selects it and
    nothing else does. Otherwise the token does not name its key: `kid` is ignored and the key
    set's first key is used (AMB-IC-KEYS: the first, current secret is the one required)."""
    if not keys:
        return None, Reject("unknown-key", "the key set is empty")
    if not profile.kid_required:
        return keys[0], None
    kid = header.get("kid")
    if isinstance(kid, str):
        for key in keys:
            if key.kid is not None and key.kid == kid:
                return key, None
        return None, Reject("unknown-key", f"no key has kid {kid!r}")
    return None, Reject("unknown-key", "no key can be selected without a string kid")


def resolve_identity(payload: dict, profile: Profile) -> dict:
    """Every present identity claim must be a non-empty JSON string; the first present one wins."""
    identity = None
    for claim, kind in profile.identity_claims:
        if claim not in payload:
            continue
        value = payload[claim]
        if not isinstance(value, str):
            raise Reject("invalid-claim-type", f"claim {claim!r} is {json_type(value)}, not a string")
        if value == "":
            raise Reject("invalid-claim-value", f"claim {claim!r} is an empty string")
        if not _is_unicode_text(value):
            # Python's json module keeps an unpaired surrogate (from a "\ud800" escape, or from
            # the bytes ED A0 80 when a library decodes with 'surrogatepass') as a str element;
            # such a string is no sequence of Unicode scalar values and names no customer
            # (AMB-JSON-LONE-SURROGATE; the identity rules KUS-ID-TYPE / SUN-ID-TYPE).
            raise Reject("invalid-claim-value", f"claim {claim!r} holds an unpaired surrogate, which is not Unicode text")
        if identity is None:
            identity = {"kind": kind, "value": value}
    if identity is None:
        names = ", ".join(repr(claim) for claim, _ in profile.identity_claims)
        raise Reject("missing-claim", f"the payload has none of the identity claims {names}")
    return identity


def check_scope(payload: dict, profile: Profile) -> None:
    if profile.scope is None:
        return
    claim, required = profile.scope
    if claim not in payload:
        raise Reject("missing-claim", f"the payload has no {claim!r} claim")
    value = payload[claim]
    if not isinstance(value, str):
        raise Reject("invalid-claim-type", f"claim {claim!r} is {json_type(value)}, not a string")
    if value != required:
        raise Reject("invalid-claim-value", f"claim {claim!r} is {value!r}, not {required!r}")


def check_iat_required(payload: dict, profile: Profile, enforced: frozenset) -> None:
    """A required `iat` (Kustomer) or `exp`, for a library that cannot be configured to require
    it. A claims stage check: it runs before the library's time validation (missing-claim before
    expired)."""
    if profile.iat_required and "iat-required" not in enforced and "iat" not in payload:
        raise Reject("missing-claim", "the payload has no 'iat' claim")
    if profile.exp_required and "exp" not in payload:
        raise Reject("missing-claim", "the payload has no 'exp' claim")


def check_iat_window(binding: LibraryBinding, payload: dict, profile: Profile, now: int) -> None:
    if profile.iat_window is None or "iat" not in payload:
        return  # a missing required iat was refused earlier, by the library or check_iat_required
    iat = binding.numeric_date(payload["iat"])
    max_age, max_future = profile.iat_window
    # Written so that a NaN (which Python's json module parses) falls outside the window.
    if not (now - max_age <= iat):
        raise Reject("issued-at-out-of-window", f"iat {iat} is more than {max_age} s before now ({now})")
    if not (iat <= now + max_future):
        raise Reject("issued-at-out-of-window", f"iat {iat} is more than {max_future} s after now ({now})")


def _is_unicode_text(value: str) -> bool:
    """Whether `value` is a sequence of Unicode scalar values (no unpaired surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# ---------------------------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------------------------


def verify_token(binding: LibraryBinding, profile: Profile, token: str, keys: list, now: int) -> dict:
    """Verify `token`; return the identity or raise `Reject`.

    Order (so that the earliest stage's reason is reported): the library reads the header; the
    adapter checks the profile's header rules and selects the key; the library checks structure,
    `alg`, header and HMAC (a library defect of the structure or header stage wins over the
    adapter's header and key defects, which win over a library signature failure); then the
    identity and scope rules; then the library's time checks at `now`; then the iat window.
    """
    with binding.clock(now):
        return _verify_token(binding, profile, token, keys, now)


def _verify_token(binding: LibraryBinding, profile: Profile, token: str, keys: list, now: int) -> dict:
    enforced = binding.enforces
    header = binding.read_header(token)
    if not isinstance(header, dict):
        raise Reject("malformed", "the header is not a JSON object")
    header_defect = check_header(header, profile, enforced)
    key, key_defect = binding.resolve_key(header, keys, profile)
    try:
        payload = binding.verify_signature(token, key if key is not None else binding.placeholder_key(), profile)
    except Reject as rejection:
        if rejection.stage <= HEADER_STAGE:
            raise
        raise header_defect or key_defect or rejection
    if header_defect or key_defect:
        raise header_defect or key_defect
    if not isinstance(payload, dict):
        # The library handed back a payload that is not an object; no claim can be looked up.
        raise Reject("malformed", f"the payload is {json_type(payload)}, not a JSON object")
    binding.check_identity_claims(payload, profile)
    identity = resolve_identity(payload, profile)
    if "scope" in enforced:
        binding.check_scope(payload, profile)
    else:
        check_scope(payload, profile)
    check_iat_required(payload, profile, enforced)
    binding.validate_times(token, key, payload, profile, now)
    check_iat_window(binding, payload, profile, now)
    return identity


def build_signing_input(profile: Profile, key: Key, subject: dict, now: int, lifetime: Optional[int]):
    """The header and claims a token for `subject` must carry (identity claims in precedence
    order, then scope, `iat` = now, and `exp` = now + lifetime when a lifetime is given)."""
    header = {"alg": profile.algorithms[0]}
    if profile.typ is not None:
        header["typ"] = profile.typ
    if profile.kid_required:
        if key.kid is None:
            raise RequestError(f"profile {profile.name} requires a key id (kid) and the key has none")
        header["kid"] = key.kid
    claims: dict = {}
    for claim, kind in profile.identity_claims:
        value = subject.get(kind)
        if value is None:
            continue
        if not isinstance(value, str):
            raise RequestError(f"subject.{kind} must be a string or null")
        if value == "":
            raise RequestError(f"the subject's identifier for claim {claim!r} is empty")
        claims[claim] = value
    if not claims:
        raise RequestError(f"the subject has no identifier that profile {profile.name} has a claim for")
    if profile.scope is not None:
        claims[profile.scope[0]] = profile.scope[1]
    claims["iat"] = now
    if lifetime is not None:
        if lifetime <= 0:
            raise RequestError(f"lifetime {lifetime} must be positive")
        claims["exp"] = now + lifetime
    return header, claims


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------


def check_signed_typ(library: str, token: str, profile: Profile) -> None:
    """Several libraries write `typ: "JWT"` whatever header they are given: a token whose `typ` is
    not the profile's (none when the profile's is null) is answered `error`, never handed on."""
    import base64

    try:
        segment = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except ValueError:
        return  # not the adapter's to judge: the harness decodes the token strictly
    if isinstance(header, dict) and header.get("typ") != profile.typ:
        wanted = "no typ" if profile.typ is None else f"typ {profile.typ!r}"
        raise RequestError(f"{library} wrote typ {header.get('typ')!r} and profile {profile.name} wants {wanted}")


def _integer(request: dict, name: str, required: bool = True) -> Optional[int]:
    value = request.get(name)
    if value is None:
        if required:
            raise RequestError(f"the request has no {name!r} (a testee never reads the wall clock)")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(f"{name!r} must be an integer")
    return value


def _profile(request: dict, profiles: dict) -> Profile:
    name = request.get("profile")
    if not isinstance(name, str):
        raise RequestError("the request has no profile")
    if name not in profiles:
        raise Skip(f"profile {name!r} is not implemented by this testee")
    return profiles[name]


def _key(value: Any, where: str) -> Key:
    if not isinstance(value, dict):
        raise RequestError(f"{where} must be an object")
    kid = value.get("kid")
    secret = value.get("secret")
    if kid is not None and not isinstance(kid, str):
        raise RequestError(f"{where}.kid must be a string or null")
    if not isinstance(secret, str):
        raise RequestError(f"{where}.secret must be a string")
    return Key(kid=kid, secret=secret)


class Testee:
    """Serves protocol version 1 for one `LibraryBinding`."""

    def __init__(self, binding: LibraryBinding):
        self.binding = binding
        self.profiles = load_profiles()
        self.problem = binding.startup_problem()
        if self.problem:
            log(f"{binding.name}: {self.problem}")

    def handle(self, request: Any) -> dict:
        if not isinstance(request, dict):
            raise RequestError("a request must be a JSON object")
        op = request.get("op")
        if op == "hello":
            return self.hello(request)
        if op == "verify":
            return self.verify(request)
        if op == "sign":
            return self.sign(request)
        raise RequestError(f"unknown op {op!r}")

    def hello(self, request: dict) -> dict:
        if request.get("protocol") != PROTOCOL_VERSION:
            raise RequestError(f"protocol {request.get('protocol')!r} is not supported (only {PROTOCOL_VERSION})")
        return {
            "ok": True,
            "protocol": PROTOCOL_VERSION,
            "implementation": {"name": self.binding.name, "version": self.binding.version, "language": "python"},
            "roles": ["verifier", "signer"],
            "profiles": sorted(self.profiles),
        }

    def verify(self, request: dict) -> dict:
        profile = _profile(request, self.profiles)
        token = request.get("token")
        if not isinstance(token, str):
            raise RequestError("'token' must be a string")
        raw_keys = request.get("keys")
        if not isinstance(raw_keys, list):
            raise RequestError("'keys' must be an array")
        keys = [_key(value, f"keys[{index}]") for index, value in enumerate(raw_keys)]
        for key in keys:
            key.secret_bytes  # a secret that is not valid Unicode is a request error
        now = _integer(request, "now")
        if self.problem:
            raise RequestError(self.problem)
        try:
            identity = verify_token(self.binding, profile, token, keys, now)
        except Reject as rejection:
            response = {"id": request.get("id"), "result": "reject"}
            if rejection.reason is not None:
                response["reason"] = rejection.reason
            response["message"] = rejection.message
            return response
        return {"id": request.get("id"), "result": "accept", "identity": identity}

    def sign(self, request: dict) -> dict:
        profile = _profile(request, self.profiles)
        key = _key(request.get("key"), "key")
        key.secret_bytes
        subject = request.get("subject")
        if subject is None:
            subject = {}
        if not isinstance(subject, dict):
            raise RequestError("'subject' must be an object")
        now = _integer(request, "now")
        lifetime = _integer(request, "lifetime", required=False)
        header, claims = build_signing_input(profile, key, subject, now, lifetime)
        token = self.binding.sign(header, claims, key)
        if not isinstance(token, str):
            raise RequestError(f"the library returned {type(token).__name__}, not a string")
        check_signed_typ(self.binding.name, token, profile)
        return {"id": request.get("id"), "token": token}


# ---------------------------------------------------------------------------------------------
# The loop
# ---------------------------------------------------------------------------------------------


def log(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except Exception:
        pass


def _write(stream, response: dict) -> None:
    line = json.dumps(response, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    stream.write(line.encode("ascii") + b"\n")
    stream.flush()


def _request_id(request: Any) -> Any:
    if isinstance(request, dict):
        value = request.get("id")
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        return None
    return None


def serve(binding_factory: Callable[[], LibraryBinding], stdin=None, stdout=None) -> int:
    """Run the request loop until end of input. Never raises for a request."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    # Nothing but protocol lines may reach stdout: anything printed by a library goes to stderr.
    sys.stdout = sys.stderr
    try:
        testee = Testee(binding_factory())
    except Exception as error:  # the library cannot even be set up: answer every request with error
        log(f"testee setup failed: {error!r}")
        traceback.print_exc(file=sys.stderr)
        testee = None
        setup_error = f"testee setup failed: {type(error).__name__}: {error}"

    for raw in stdin:
        if not raw.strip():
            continue  # not a request
        request: Any = None
        try:
            try:
                text = raw.decode("utf-8")
                request = json.loads(text)
            except (UnicodeDecodeError, ValueError, RecursionError) as error:
                raise RequestError(f"the request line is not JSON: {error}") from None
            if testee is None:
                raise RequestError(setup_error)
            response = testee.handle(request)
        except Skip as skip:
            response = {"id": _request_id(request), "result": "skip", "message": str(skip)}
        except RequestError as error:
            response = {"id": _request_id(request), "result": "error", "message": str(error)}
        except Exception as error:  # never die on one request
            log(f"request {_request_id(request)!r} raised {type(error).__name__}: {error}")
            traceback.print_exc(file=sys.stderr)
            response = {
                "id": _request_id(request),
                "result": "error",
                "message": f"unexpected {type(error).__name__}: {error}",
            }
        try:
            _write(stdout, response)
        except (ValueError, TypeError) as error:  # a response that is not JSON-serialisable
            _write(stdout, {"id": _request_id(request), "result": "error", "message": f"unserialisable response: {error}"})
        except BrokenPipeError:
            return 0
    return 0
