#!/usr/bin/env python3
"""An independent oracle for the jwt-conformance vectors.

Python 3.11, standard library only. It shares no code with the Swift reference
implementation and was written from the rules (the seed documents, the vendor facts,
the profile files, RFC 7515/7518/7519/8259), not from the Swift sources.

For every verifier vector it
  (a) recomputes the HMAC of the token under the vector's key set (strict base64url,
      secret = UTF-8 bytes of the string, never base64-decoded, key chosen by `kid` when
      the profile says `keyIdRequired`) and checks the expectation is consistent with it;
  (b) judges the token itself, stage by stage (structure, header/algorithm, key lookup,
      signature, claims, time), under the profile file's rules, and compares its verdict
      with the vector's expectation. For `acceptable` vectors it also re-judges the token
      under alternative *readings* of the vendor documents and checks that one reading
      accepts (with the given identity) and another rejects (with one of the given reasons).

For every signer vector it checks the expectation is self-consistent with the profile
(header members, claim types, iat = now, exp = now + lifetime, scope) and that a token
built from the expectation would be accepted by the oracle's own verifier.

For every session vector it judges each step's token with the same verifier at the step's
`now`, and runs a small model of the vendor SDK's session (written from the seeds and the
session rules, forking where a session ambiguity leaves room) against the observations the
vector expects after each step.

    python3 Tools/oracle/oracle.py [--vectors Vectors] [--verbose]

Exit status: 0 all agreed (some may be "not judged"), 1 at least one disagreement,
2 unreadable input (a missing folder, a file that is not strict JSON, an unknown profile).
"""
from __future__ import annotations

import argparse
import base64
import binascii
import dataclasses
import functools
import hashlib
import hmac
import itertools
import json
import math
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

# ---------------------------------------------------------------------------------------
# Vocabulary (from the README's rejection reasons and stage order)

STAGE_OF_REASON = {
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
STAGE_NAMES = {1: "structure", 2: "header", 3: "key lookup", 4: "signature", 5: "claims", 6: "time"}
REASONS = frozenset(STAGE_OF_REASON)
IDENTITY_KINDS = frozenset({"email", "externalId"})

# HMAC algorithms the oracle can compute. Anything else in a profile's allow-list is
# something it cannot judge.
HMAC_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}

# Header parameters registered by RFC 7515 §4.1 / RFC 7518 §4.1 / RFC 7519 §5: RFC 7515
# §4.1.11 forbids listing them in `crit`.
REGISTERED_HEADER_PARAMETERS = frozenset({
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
    "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
})
# The JSON types RFC 7515 §4.1 gives the registered parameters neither profile uses; `b64` (RFC 7797)
# is refused in any form under that reading, since RFC 7797 §6 requires it in crit, and so is `zip`,
# which RFC 7516 §4.1.3 registers for JWE alone.
REGISTERED_HEADER_TYPES: dict[str, type | tuple[type, ...]] = {
    "cty": str, "x5u": str, "x5t": str, "jku": str, "x5c": list, "jwk": dict, "b64": (), "zip": (),
}

BASE64URL_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")
DECIMAL_INTEGER_STRING = re.compile(r"-?(0|[1-9][0-9]*)")


class OracleInputError(Exception):
    """An input the oracle cannot read at all (exit status 2)."""


# ---------------------------------------------------------------------------------------
# Strict JSON


class JNum:
    """A JSON number, kept as its literal text with an exact value.

    The standard `json` module would turn a 400-digit integer into an `int` (and refuse
    above 4300 digits) and `1e400` into `inf`; keeping the literal avoids both.
    """

    __slots__ = ("text", "value")

    def __init__(self, text: str):
        self.text = text
        try:
            self.value = Decimal(text)
        except InvalidOperation:  # an exponent beyond Decimal's range
            mantissa, _, exponent = text.lower().partition("e")
            negative = mantissa.startswith("-")
            zero = set(mantissa.lstrip("-").replace(".", "")) <= {"0"}
            if zero or exponent.startswith("-"):
                self.value = Decimal(0)
            else:
                self.value = Decimal("-Infinity") if negative else Decimal("Infinity")

    @property
    def is_integer_literal(self) -> bool:
        return not any(c in self.text for c in ".eE")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JNum) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:37] + "..."


class DuplicateMember(ValueError):
    pass


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def beyond_number_limits(number: JNum) -> bool:
    """Whether a parser holding integer literals as 64-bit integers and other numbers as IEEE 754
    doubles cannot represent `number` (AMB-RESOURCE-LIMITS, RFC 8259 §9): an integer literal
    outside 64 bits, a magnitude a double rounds to infinity, or a non-zero one it rounds to zero."""
    if number.is_integer_literal:
        return not INT64_MIN <= number.value <= INT64_MAX
    if number.value == 0:
        return False
    as_double = float(number.text)  # correctly rounded: 1e400 is inf, 1e-400 is 0.0
    return math.isinf(as_double) or as_double == 0.0


def holds_number_beyond_limits(value: Any) -> bool:
    """Whether `value` holds such a number at any depth (walked without recursion: values may be
    nested far deeper than Python's stack)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, JNum) and beyond_number_limits(item):
            return True
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass
class ParsedJSON:
    value: Any
    duplicates: list[str]  # member names that occurred twice in one object (last one kept)
    lone_surrogates: bool  # a \uD800-\uDFFF escape that is not part of a pair
    depth: int  # the deepest nesting of arrays and objects


class OracleLimit(ValueError):
    """Input beyond what the oracle itself can parse: it cannot judge it."""


# The standard parser recurses once per nesting level. Deeper than this, the oracle parses
# in a thread with a large stack; deeper than ORACLE_MAX_DEPTH it gives up ("not judged").
SHALLOW_DEPTH = 500
ORACLE_MAX_DEPTH = 200_000
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects outside strings (the text need not be valid)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def parse_json_bytes(data: bytes) -> ParsedJSON:
    """Parses RFC 8259 JSON from bytes that must be valid UTF-8 (no BOM).

    Raises ValueError (with a message) for invalid UTF-8, bad syntax, NaN/Infinity or
    trailing data, and OracleLimit for nesting the oracle cannot parse. Duplicate member
    names do not raise: they are reported, with the lexically last value kept, so that both
    readings of RFC 7515 §5.2 can be judged.
    """
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise ValueError(f"invalid UTF-8 at byte {error.start}") from None
    if text.startswith("\ufeff"):
        raise ValueError("a byte order mark")
    depth = nesting_depth(text)
    if depth > ORACLE_MAX_DEPTH:
        raise OracleLimit(f"nested {depth} deep, beyond the oracle's parser ({ORACLE_MAX_DEPTH})")
    duplicates: list[str] = []

    def pairs(members: list[tuple[str, Any]]) -> dict:
        obj: dict = {}
        for key, value in members:
            if key in obj:
                duplicates.append(key)
            obj[key] = value
        return obj

    def parse() -> Any:
        return json.loads(text, object_pairs_hook=pairs, parse_int=JNum, parse_float=JNum,
                          parse_constant=_reject_constant)

    try:
        value = parse() if depth <= SHALLOW_DEPTH else _parse_deep(parse, depth)
    except RecursionError:
        raise OracleLimit(f"nested {depth} deep, beyond the oracle's parser") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg} at offset {error.pos}") from None
    return ParsedJSON(value, duplicates, _has_lone_surrogate(value), depth)


def _parse_deep(parse, depth: int) -> Any:
    """Runs `parse` in a thread with a stack large enough for `depth` levels."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, depth * 2 + 1000))
        try:
            outcome["value"] = parse()
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error
        finally:
            sys.setrecursionlimit(old)

    previous = threading.stack_size()
    threading.stack_size(min(1024 * 1024 * 1024, max(64 * 1024 * 1024, depth * 4096)))
    try:
        worker = threading.Thread(target=target)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@functools.lru_cache(maxsize=32)
def parse_json_cached(data: bytes) -> ParsedJSON:
    """parse_json_bytes, remembered: a token is judged under many readings."""
    return parse_json_bytes(data)


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= c <= "\udfff" for c in item):
                return True
        elif isinstance(item, dict):
            for key, member in item.items():
                stack.append(key)
                stack.append(member)
        elif isinstance(item, list):
            stack.extend(item)
    return False


def load_json_file(path: str) -> Any:
    """A corpus, profile or catalogue file: strict JSON, no duplicate member names."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise OracleInputError(f"{path}: cannot be read: {error.strerror}") from None
    try:
        parsed = parse_json_bytes(data)
    except ValueError as error:
        raise OracleInputError(f"{path}: {error}") from None
    if parsed.duplicates:
        raise OracleInputError(f"{path}: duplicate member name {parsed.duplicates[0]!r}")
    return _plain(parsed.value)


def _plain(value: Any) -> Any:
    """Corpus files: numbers become int/float (they are small and well-formed)."""
    if isinstance(value, JNum):
        if value.is_integer_literal:
            return int(value.value)
        return float(value.value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (JNum, int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def show(value: Any, limit: int = 60) -> str:
    if isinstance(value, JNum):
        return repr(value)
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = "<" + type_name(value) + ">"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------------------------------
# Strict base64url (RFC 7515 §2, RFC 4648 §5 without padding)


def b64url_decode_strict(segment: str) -> bytes | None:
    """Bytes, or None when the segment is not canonical unpadded base64url."""
    if not BASE64URL_ALPHABET.fullmatch(segment):
        return None  # padding, +, /, whitespace or any other character
    if len(segment) % 4 == 1:
        return None
    padded = segment + "=" * (-len(segment) % 4)
    try:
        data = base64.b64decode(padded.translate(str.maketrans("-_", "+/")), validate=True)
    except (binascii.Error, ValueError):
        return None
    if base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii") != segment:
        return None  # non-zero bits in the last character: a second encoding of the bytes
    return data


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# ---------------------------------------------------------------------------------------
# Profiles


@dataclass(frozen=True)
class Profile:
    id: str
    algorithms: tuple[str, ...]
    typ: str | None
    typ_required: bool
    kid_required: bool
    understood_crit: frozenset[str]
    identity_claims: tuple[tuple[str, str], ...]  # (claim, kind) in precedence order
    scope: tuple[str, str] | None  # (claim, value)
    iat: tuple[bool, int, int] | None  # (required, maximumAge, maximumFutureSkew)
    exp_honoured: bool
    exp_required: bool
    nbf_honoured: bool
    # The profile's session shape: the model its session vectors follow (kustomer, sunshine)
    # and, per SDK platform, the calls its documents name; None and {} without session vectors.
    session_model: str | None = None
    session_api: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)

    @staticmethod
    def from_json(doc: Any, where: str) -> "Profile":
        def need(obj: Any, key: str, kind: type | tuple, path: str) -> Any:
            if not isinstance(obj, dict) or key not in obj:
                raise OracleInputError(f"{where}: missing {path}.{key}")
            value = obj[key]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise OracleInputError(f"{where}: {path}.{key} has the wrong type")
            return value

        header = need(doc, "header", dict, "$")
        scope = doc.get("scope")
        issued = doc.get("issuedAt")
        expiration = need(doc, "expiration", dict, "$")
        not_before = need(doc, "notBefore", dict, "$")
        claims = []
        for index, entry in enumerate(need(doc, "identityClaims", list, "$")):
            claims.append((need(entry, "claim", str, f"$.identityClaims[{index}]"),
                           need(entry, "kind", str, f"$.identityClaims[{index}]")))
        typ = header.get("typ")
        if typ is not None and not isinstance(typ, str):
            raise OracleInputError(f"{where}: $.header.typ has the wrong type")
        session = doc.get("session")
        session_model, session_api = None, {}
        if session is not None:
            session_model = need(session, "model", str, "$.session")
            if session_model not in SESSION_MODELS:
                raise OracleInputError(f"{where}: $.session.model {session_model!r} is not a session model the oracle knows "
                                       f"({', '.join(sorted(SESSION_MODELS))})")
            for index, entry in enumerate(need(session, "platforms", list, "$.session")):
                calls = need(entry, "calls", list, f"$.session.platforms[{index}]")
                session_api[need(entry, "platform", str, f"$.session.platforms[{index}]")] = frozenset(calls)
        return Profile(
            id=need(doc, "id", str, "$"),
            algorithms=tuple(need(doc, "algorithms", list, "$")),
            typ=typ,
            typ_required=need(header, "typRequired", bool, "$.header"),
            kid_required=need(header, "keyIdRequired", bool, "$.header"),
            understood_crit=frozenset(header.get("understoodCriticalParameters") or []),
            identity_claims=tuple(claims),
            scope=None if scope is None else (need(scope, "claim", str, "$.scope"), need(scope, "value", str, "$.scope")),
            iat=None if issued is None else (
                need(issued, "required", bool, "$.issuedAt"),
                need(issued, "maximumAge", int, "$.issuedAt"),
                need(issued, "maximumFutureSkew", int, "$.issuedAt"),
            ),
            exp_honoured=need(expiration, "honoured", bool, "$.expiration"),
            exp_required=need(expiration, "required", bool, "$.expiration"),
            nbf_honoured=need(not_before, "honoured", bool, "$.notBefore"),
            session_model=session_model,
            session_api=session_api,
        )


# ---------------------------------------------------------------------------------------
# Readings: the points where the documents leave room for more than one verdict.
#
# The baseline reading is the profile file taken literally, the RFCs taken strictly, and
# the suite's recorded decisions where the documents are silent (lone surrogates are refused).
# A *vendor* knob is a reading the vendors' documents or the RFCs support (the catalogue
# lists them as ambiguities): an `acceptable` vector must sit on one. A *policy* knob is a
# choice the oracle cannot make from the documents at all: when the corpus's answer matches
# only the other side of a policy knob, the vector is "not judged".


@dataclass(frozen=True)
class Reading:
    # vendor readings
    typ_required: bool = False             # typ must be present even where the profile does not say so
    typ_ignored: bool = False              # typ not checked at all (presence, value or JSON type)
    typ_media_type: bool = False           # "application/JWT" is the same typ as "JWT" (RFC 7515 §4.1.9)
    typ_exact_case: bool = False           # "jwt" is not "JWT"
    iat_age_exclusive: bool = False        # "under 15 minutes old": iat == now - maxAge is too old
    iat_future: str = "profile"            # "profile" | "none" (no future iat) | "any" (no upper bound)
    iat_required: str = "profile"          # "profile" | "optional" | "required"
    iat_checked_anyway: bool = False       # no iat rule, but a non-number or future iat is refused (many libraries)
    exp_honoured: str = "profile"          # "profile" | "flipped"
    nbf_honoured: str = "profile"          # "profile" | "flipped"
    leeway: int = 0                        # seconds of leeway around exp and nbf
    string_numeric_date: bool = False      # "1700000000" is read as the number it spells
    numeric_date_integer_only: bool = False  # 1700000000.5, 1700000000.0, 1.7e9 are the wrong type
    numeric_date_truncated: bool = False   # a fractional NumericDate is truncated to whole seconds
    numeric_date_int64_only: bool = False  # a NumericDate beyond 64 bits, or with an exponent, is the wrong type
    unreadable_numeric_date_ignored: bool = False  # a NumericDate of the wrong type counts as absent
    numeric_identity: bool = False         # an integer identity claim is taken as its decimal text
    empty_identity_absent: bool = False    # "" counts as absent (the next claim is tried)
    null_absent: bool = False              # a claim whose value is null counts as absent
    precedence_first_valid: bool = False   # the first *usable* identity claim wins
    all_identity_claims_checked: bool = False  # every identity claim present must be usable
    legacy_scope: bool = False             # Sunshine v1: scope "appUser" with userId (or external_id)
    kid_ignored: bool = False              # the key is found without looking at kid (any key may verify)
    kid_hint: bool = False                 # kid optional: when present, it selects the key
    alg_family: bool = False               # HS384 and HS512 accepted besides the profile's algorithms
    short_keys_refused: bool = False       # a secret shorter than the hash output is refused (RFC 7518 §3.2)
    duplicates_last_wins: bool = False     # RFC 7515 §5.2 allows a parser that keeps the last member
    size_limit: int | None = None          # a token longer than this is refused as malformed
    nesting_limit: int | None = None       # JSON nested deeper than this is refused as malformed
    number_limit: bool = False             # a number beyond 64-bit integers and doubles is refused as malformed (RFC 8259 §9)
    lone_surrogates_accepted: bool = False  # RFC 8259 §8.2: behaviour unpredictable; the suite refuses them
    bom_skipped: bool = False              # RFC 8259 §8.1: a parser may ignore a leading byte order mark
    kid_type_checked: bool = False         # RFC 7515 §4.1.4: a kid that is not a string is refused even where kid is unused
    registered_header_types_checked: bool = False  # cty, x5u, x5c, x5t, jku, jwk, b64 must have the type RFC 7515/7797 define; zip (JWE only) refused
    registered_claims_checked: bool = False  # sub, iss, jti must be strings (RFC 7519 §4.1) and any aud is refused (§4.1.3)
    scope_absent_accepted: bool = False    # a token without the scope claim is accepted (a present scope is still checked)
    identity_max_length: int | None = None  # an identity longer than this many characters is refused (a documented maximum)
    # policy readings (the oracle cannot decide these from the documents)
    empty_crit_accepted: bool = False      # RFC 7515 §4.1.11: producers MUST NOT send []; recipients MAY reject
    registered_in_crit_accepted: bool = False
    first_key_only: bool = False           # several candidate keys: only the first is tried


VENDOR_KNOBS: dict[str, list[Any]] = {
    "typ_required": [True],
    "typ_ignored": [True],
    "typ_media_type": [True],
    "typ_exact_case": [True],
    "iat_age_exclusive": [True],
    "iat_future": ["none", "any"],
    "iat_required": ["optional", "required"],
    "iat_checked_anyway": [True],
    "exp_honoured": ["flipped"],
    "nbf_honoured": ["flipped"],
    "leeway": [60],
    "string_numeric_date": [True],
    "numeric_date_integer_only": [True],
    "numeric_date_truncated": [True],
    "numeric_date_int64_only": [True],
    "unreadable_numeric_date_ignored": [True],
    "numeric_identity": [True],
    "empty_identity_absent": [True],
    "null_absent": [True],
    "precedence_first_valid": [True],
    "all_identity_claims_checked": [True],
    "legacy_scope": [True],
    "kid_ignored": [True],
    "kid_hint": [True],
    "alg_family": [True],
    "short_keys_refused": [True],
    "duplicates_last_wins": [True],
    "size_limit": [64 * 1024],
    "nesting_limit": [1000],
    "number_limit": [True],
    "lone_surrogates_accepted": [True],
    "bom_skipped": [True],
    "kid_type_checked": [True],
    "registered_header_types_checked": [True],
    "registered_claims_checked": [True],
    "scope_absent_accepted": [True],
    "identity_max_length": [255],
}
POLICY_KNOBS: dict[str, list[Any]] = {
    "size_limit": [8 * 1024, 16 * 1024, 32 * 1024, 256 * 1024, 1024 * 1024],
    "nesting_limit": [32, 64, 100, 128, 256, 512],
    "empty_crit_accepted": [True],
    "registered_in_crit_accepted": [True],
    "first_key_only": [True],
}
KNOB_DESCRIPTIONS = {
    "typ_required": "typ required although the profile does not require it",
    "typ_ignored": "typ not checked at all",
    "typ_media_type": "typ compared as a media type (application/ prefix)",
    "typ_exact_case": "typ compared case-sensitively",
    "iat_age_exclusive": "an iat exactly maximumAge old is too old (\"under 15 minutes old\")",
    "iat_future": "a different bound on a future iat",
    "iat_required": "iat optional/required contrary to the profile",
    "iat_checked_anyway": "iat type-checked and refused in the future although the profile has no iat rule",
    "exp_honoured": "exp honoured contrary to the profile",
    "nbf_honoured": "nbf honoured contrary to the profile",
    "leeway": "leeway around exp and nbf",
    "string_numeric_date": "a decimal string read as a NumericDate",
    "numeric_date_integer_only": "a non-integer NumericDate literal refused",
    "numeric_date_truncated": "a fractional NumericDate truncated to whole seconds",
    "numeric_date_int64_only": "a NumericDate beyond 64 bits or with an exponent refused",
    "unreadable_numeric_date_ignored": "a NumericDate of the wrong type ignored as absent",
    "numeric_identity": "a numeric identity claim taken as its decimal text",
    "empty_identity_absent": "an empty identity claim treated as absent",
    "null_absent": "a null claim treated as absent",
    "precedence_first_valid": "the first usable identity claim wins",
    "all_identity_claims_checked": "every identity claim present must be usable",
    "legacy_scope": "the legacy scope appUser + userId form",
    "kid_ignored": "kid not used to select the key",
    "kid_hint": "kid used as a hint where the profile does not require it",
    "alg_family": "HS384/HS512 accepted",
    "short_keys_refused": "secrets shorter than the hash output refused",
    "duplicates_last_wins": "duplicate member names resolved to the last (RFC 7515 §5.2)",
    "size_limit": "a size limit on tokens",
    "nesting_limit": "a nesting limit on JSON",
    "number_limit": "a number beyond 64-bit integers and doubles refused (RFC 8259 §9)",
    "lone_surrogates_accepted": "lone surrogate escapes accepted (RFC 8259 §8.2)",
    "empty_crit_accepted": "an empty crit list tolerated",
    "registered_in_crit_accepted": "registered names in crit tolerated",
    "first_key_only": "only the first candidate key tried",
    "scope_absent_accepted": "a token without the scope claim accepted",
    "identity_max_length": "an identity longer than a documented maximum (255 characters) refused",
}

# The readings each ambiguity is about come from its catalogue entry's `verifierReadings`
# (Vectors/rules/catalogue.json): names of the knobs above, each implemented here from its own
# description. [] is a question about SDK sessions, which no verifier reading depends on.
KNOWN_KNOBS = frozenset(VENDOR_KNOBS) | frozenset(POLICY_KNOBS)


def knobs_for_ambiguity(entry: dict | None) -> tuple[str, ...] | None:
    """The readings a catalogue ambiguity is about; () for a session question; None when the
    entry names none (an older catalogue) or names a reading the oracle does not implement."""
    if entry is None or not isinstance(entry.get("verifierReadings"), list):
        return None
    names = entry["verifierReadings"]
    if not all(isinstance(name, str) and name in KNOWN_KNOBS for name in names):
        return None
    return tuple(names)


# ---------------------------------------------------------------------------------------
# Verdicts


@dataclass(frozen=True)
class Verdict:
    accept: bool
    identity: tuple[str, str] | None = None  # (kind, value)
    reasons: frozenset[str] = frozenset()  # every reason of the earliest failing stage
    why: str = ""

    def __str__(self) -> str:
        if self.accept:
            return f"accept ({self.identity[0]} {show(self.identity[1])})"
        return f"reject ({' or '.join(sorted(self.reasons))}: {self.why})"

    def key(self) -> tuple:
        return (self.accept, self.identity, self.reasons)


def accept(identity: tuple[str, str]) -> Verdict:
    return Verdict(True, identity)


def reject(reasons: dict[str, str]) -> Verdict:
    """The reasons of the earliest stage among `reasons` (reason → explanation)."""
    earliest = min(STAGE_OF_REASON[r] for r in reasons)
    chosen = {r: w for r, w in reasons.items() if STAGE_OF_REASON[r] == earliest}
    return Verdict(False, None, frozenset(chosen), "; ".join(chosen[r] for r in sorted(chosen)))


@dataclass
class Key:
    kid: str | None
    secret: str


def mac(alg: str, secret: str, signing_input: bytes) -> bytes:
    # The secret's UTF-8 bytes are the key: never base64-decoded.
    return hmac.new(secret.encode("utf-8", errors="surrogatepass"), signing_input, HMAC_HASHES[alg]).digest()


class CannotJudge(Exception):
    """Something the oracle has no rule for (an allow-listed alg it cannot compute, …)."""


def verify(token: Any, keys: list[Key], now: int, profile: Profile, rd: Reading = Reading()) -> Verdict:
    """The oracle's verdict for one token under one reading."""
    # ---- 1. structure
    if not isinstance(token, str):
        return reject({"malformed": "the token is not a string"})
    if rd.size_limit is not None and len(token.encode("utf-8", errors="surrogatepass")) > rd.size_limit:
        return reject({"malformed": f"longer than {rd.size_limit} bytes"})
    segments = token.split(".")
    if len(segments) != 3:
        return reject({"malformed": f"{len(segments)} segments, not 3"})
    decoded = [b64url_decode_strict(s) for s in segments]
    for name, data in zip(("header", "payload", "signature"), decoded):
        if data is None:
            return reject({"malformed": f"the {name} segment is not strict base64url"})
    header_bytes, payload_bytes, signature = decoded
    parsed = {}
    for name, data in (("header", header_bytes), ("payload", payload_bytes)):
        if rd.bom_skipped and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            result = parse_json_cached(data)
        except OracleLimit as error:
            raise CannotJudge(f"the {name}: {error}") from None
        except ValueError as error:
            return reject({"malformed": f"the {name}: {error}"})
        if rd.nesting_limit is not None and result.depth > rd.nesting_limit:
            return reject({"malformed": f"the {name} is nested {result.depth} deep (limit {rd.nesting_limit})"})
        if rd.number_limit and holds_number_beyond_limits(result.value):
            return reject({"malformed": f"the {name} holds a number beyond 64-bit integers and doubles"})
        if result.duplicates and not rd.duplicates_last_wins:
            return reject({"malformed": f"the {name} has the member {show(result.duplicates[0])} twice"})
        if result.lone_surrogates and not rd.lone_surrogates_accepted:
            return reject({"malformed": f"the {name} has a lone surrogate escape"})
        if not isinstance(result.value, dict):
            return reject({"malformed": f"the {name} is a JSON {type_name(result.value)}, not an object"})
        parsed[name] = result.value
    header, payload = parsed["header"], parsed["payload"]

    # ---- 2. header and algorithm
    problems: dict[str, str] = {}
    allowed = list(profile.algorithms) + (["HS384", "HS512"] if rd.alg_family else [])
    alg = header.get("alg")
    if "alg" not in header:
        problems["algorithm-not-allowed"] = "no alg"
    elif not isinstance(alg, str) or alg not in allowed:
        problems["algorithm-not-allowed"] = f"alg {show(alg)} is not in {allowed}"
    header_problems = []
    if rd.typ_ignored:
        pass
    elif "typ" in header:
        typ = header["typ"]
        if not isinstance(typ, str):
            header_problems.append(f"typ is a {type_name(typ)}")
        elif profile.typ is not None and not _typ_matches(typ, profile.typ, rd):
            header_problems.append(f"typ {show(typ)} is not {profile.typ!r}")
    elif profile.typ_required or (rd.typ_required and profile.typ is not None):
        header_problems.append("no typ")
    if "crit" in header:
        crit = header["crit"]
        if not isinstance(crit, list) or not all(isinstance(c, str) for c in crit):
            header_problems.append("crit is not a list of strings")
        elif not crit and not rd.empty_crit_accepted:
            header_problems.append("crit is empty")
        else:
            for name in crit:
                if name in REGISTERED_HEADER_PARAMETERS and not rd.registered_in_crit_accepted:
                    header_problems.append(f"crit lists the registered parameter {name!r}")
                elif name in REGISTERED_HEADER_PARAMETERS:
                    continue
                elif name not in profile.understood_crit:
                    header_problems.append(f"crit lists {name!r}, which is not understood")
                elif name not in header:
                    header_problems.append(f"crit lists {name!r}, which is absent")
            if len(set(crit)) != len(crit):
                header_problems.append("crit lists a name twice")
    kid_required = profile.kid_required and not rd.kid_ignored
    kid = header.get("kid")
    if kid_required and "kid" not in header:
        header_problems.append("no kid")
    elif (kid_required or rd.kid_type_checked) and "kid" in header and not isinstance(kid, str):
        header_problems.append(f"kid is a {type_name(kid)}")
    if rd.registered_header_types_checked:
        for name, wanted in REGISTERED_HEADER_TYPES.items():
            if name in header and not isinstance(header[name], wanted):
                header_problems.append(f"{name} is a {type_name(header[name])}")
    if header_problems:
        problems["invalid-header"] = "; ".join(header_problems)
    if problems:
        return reject(problems)
    if not isinstance(alg, str) or alg not in HMAC_HASHES:
        raise CannotJudge(f"the profile allows {alg!r}, which the oracle cannot compute")

    # ---- 3. key lookup
    if kid_required:
        candidates = [k for k in keys if k.kid == kid]
        if not candidates:
            return reject({"unknown-key": f"no key has kid {show(kid)}"})
    elif rd.kid_hint and isinstance(kid, str) and any(k.kid == kid for k in keys):
        candidates = [k for k in keys if k.kid == kid]
    elif rd.kid_hint and isinstance(kid, str) and any(k.kid is not None for k in keys):
        return reject({"unknown-key": f"no key has kid {show(kid)}"})
    else:
        candidates = list(keys)
        if not candidates:
            return reject({"unknown-key": "the key set is empty"})
    digest_size = HMAC_HASHES[alg]().digest_size
    if rd.short_keys_refused:
        candidates = [k for k in candidates if len(k.secret.encode("utf-8", errors="surrogatepass")) >= digest_size]
        if not candidates:
            return reject({"unknown-key": f"every candidate secret is shorter than {digest_size} bytes"})
    if rd.first_key_only:
        candidates = candidates[:1]

    # ---- 4. signature
    signing_input = (segments[0] + "." + segments[1]).encode("ascii")
    if len(signature) != digest_size:
        return reject({"bad-signature": f"the signature is {len(signature)} bytes, not {digest_size}"})
    if not any(hmac.compare_digest(mac(alg, k.secret, signing_input), signature) for k in candidates):
        return reject({"bad-signature": "the HMAC does not match" + (" any candidate key" if len(candidates) > 1 else "")})

    # ---- 5. claims
    problems = {}

    def add(reason: str, why: str) -> None:
        problems[reason] = problems[reason] + "; " + why if reason in problems else why

    def present(claim: str) -> bool:
        return claim in payload and not (payload[claim] is None and rd.null_absent)

    identity = _identity(payload, profile, rd, add)
    if profile.scope is not None:
        claim, wanted = profile.scope
        value = payload.get(claim)
        legacy = rd.legacy_scope and value == "appUser"
        if not present(claim):
            if not rd.scope_absent_accepted:
                add("missing-claim", f"no {claim}")
        elif not isinstance(value, str):
            add("invalid-claim-type", f"{claim} is a {type_name(value)}")
        elif value != wanted and not legacy:
            add("invalid-claim-value", f"{claim} is {show(value)}, not {wanted!r}")
    if rd.registered_claims_checked:
        for claim in ("sub", "iss", "jti"):
            if claim in payload and not isinstance(payload[claim], str):
                add("invalid-claim-type", f"{claim} is a {type_name(payload[claim])}")
        if "aud" in payload:
            add("invalid-claim-value", "the token has an audience, which the profile never is")
    times: dict[str, Decimal] = {}
    iat_rule = profile.iat
    if iat_rule is not None:
        required = {"profile": iat_rule[0], "optional": False, "required": True}[rd.iat_required]
        if not (present("iat") and _numeric_date(payload, "iat", rd, add, times)) and required:
            add("missing-claim", "no iat" if not present("iat") else "iat is unreadable")
    elif rd.iat_checked_anyway and present("iat"):
        _numeric_date(payload, "iat", rd, add, times)
    exp_honoured = profile.exp_honoured != (rd.exp_honoured == "flipped")
    if exp_honoured:
        if not (present("exp") and _numeric_date(payload, "exp", rd, add, times)) and profile.exp_required:
            add("missing-claim", "no exp" if not present("exp") else "exp is unreadable")
    nbf_honoured = profile.nbf_honoured != (rd.nbf_honoured == "flipped")
    if nbf_honoured and present("nbf"):
        _numeric_date(payload, "nbf", rd, add, times)
    if problems:
        return reject(problems)
    assert identity is not None

    # ---- 6. time
    if "exp" in times and now >= times["exp"] + rd.leeway:
        add("expired", f"now {now} >= exp {show_number(times['exp'])}" + (f" + {rd.leeway} s leeway" if rd.leeway else ""))
    if "nbf" in times and now + rd.leeway < times["nbf"]:
        add("not-yet-valid", f"now {now} < nbf {show_number(times['nbf'])}")
    if "iat" in times:
        iat = times["iat"]
        if iat_rule is not None:
            _, max_age, skew = iat_rule
            lower_ok = iat > now - max_age if rd.iat_age_exclusive else iat >= now - max_age
            upper = {"profile": now + skew, "none": now, "any": None}[rd.iat_future]
        else:  # iat_checked_anyway: only a future iat is refused
            lower_ok, max_age, upper = True, 0, now
        if not lower_ok:
            add("issued-at-out-of-window", f"iat {show_number(iat)} is {show_number(now - iat)} s before now (window {max_age} s)")
        elif upper is not None and iat > upper:
            add("issued-at-out-of-window", f"iat {show_number(iat)} is {show_number(iat - now)} s after now (allowed {upper - now} s)")
    if problems:
        return reject(problems)
    return accept(identity)


def show_number(value: Decimal) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:12] + "…" + f"({len(text)} characters)"


def _typ_matches(typ: str, wanted: str, rd: Reading) -> bool:
    if rd.typ_exact_case:
        same = typ == wanted
    else:
        same = typ.lower() == wanted.lower()
    if not same and rd.typ_media_type and "/" not in wanted:
        prefixed = "application/" + wanted
        same = typ == prefixed if rd.typ_exact_case else typ.lower() == prefixed.lower()
    return same


def _identity(payload: dict, profile: Profile, rd: Reading, add) -> tuple[str, str] | None:
    """The identity the payload names, or None after reporting why there is none.

    Baseline: the first identity claim (in the profile's precedence order) that is present
    decides; if it is unusable (not a string, or empty) the token is refused, whatever
    follows it.
    """
    claims = list(profile.identity_claims)
    if rd.legacy_scope and profile.scope is not None and payload.get(profile.scope[0]) == "appUser":
        claims = [("userId", "externalId")] + [c for c in claims if c[0] != "userId"]
    present: list[tuple[str, str, tuple[str, str] | None]] = []  # (kind, value, defect)
    for claim, kind in claims:
        if claim not in payload:
            continue
        value = payload[claim]
        if value is None and rd.null_absent:
            continue
        if isinstance(value, str) and value == "" and rd.empty_identity_absent:
            continue
        if isinstance(value, str):
            defect = ("invalid-claim-value", f"{claim} is empty") if value == "" else None
            if rd.identity_max_length is not None and len(value) > rd.identity_max_length:
                defect = ("invalid-claim-value", f"{claim} has {len(value)} characters, over {rd.identity_max_length}")
            present.append((kind, value, defect))
        elif isinstance(value, JNum) and rd.numeric_identity and value.is_integer_literal:
            present.append((kind, value.text, None))
        else:
            present.append((kind, "", ("invalid-claim-type", f"{claim} is a {type_name(value)}")))
    if not present:
        add("missing-claim", "no identity claim (" + ", ".join(c for c, _ in claims) + ")")
        return None
    defects = [d for _, _, d in present if d is not None]
    usable = [(kind, value) for kind, value, d in present if d is None]
    if rd.all_identity_claims_checked:
        chosen_defects = defects
    elif rd.precedence_first_valid:
        chosen_defects = [] if usable else defects
    else:
        chosen_defects = [present[0][2]] if present[0][2] is not None else []
    if chosen_defects:
        for reason, why in chosen_defects:
            add(reason, why)
        return None
    return usable[0]


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _numeric_date(payload: dict, claim: str, rd: Reading, add, times: dict) -> bool:
    """A NumericDate (RFC 7519 §2): a JSON number of seconds, possibly non-integer.

    False when the reading ignores the claim as unreadable (it then counts as absent)."""
    value = payload[claim]
    if isinstance(value, JNum):
        number = value.value
        if rd.numeric_date_integer_only and not value.is_integer_literal:
            add("invalid-claim-type", f"{claim} {value!r} is not an integer literal")
            return True
        if rd.numeric_date_int64_only and ("e" in value.text.lower() or not number.is_finite()
                                           or not INT64_MIN <= number <= INT64_MAX):
            add("invalid-claim-type", f"{claim} {value!r} is beyond 64 bits or written with an exponent")
            return True
    elif isinstance(value, str) and rd.string_numeric_date and DECIMAL_INTEGER_STRING.fullmatch(value):
        number = Decimal(value)
    elif rd.unreadable_numeric_date_ignored:
        return False
    else:
        add("invalid-claim-type", f"{claim} is a {type_name(value)}")
        return True
    if rd.numeric_date_truncated and number.is_finite():
        number = number.to_integral_value(rounding=ROUND_DOWN)
    times[claim] = number
    return True


def signature_status(token: Any, keys: list[Key], profile: Profile) -> tuple[str, str]:
    """Check (a): is the signature valid under the key the profile selects?

    ("valid" | "invalid" | "no-key" | "n/a", detail). The header is read leniently here,
    only to find `alg` and `kid`; strictness is the judgement's business.
    """
    if not isinstance(token, str):
        return "n/a", "not a string"
    segments = token.split(".")
    if len(segments) != 3:
        return "n/a", "not three segments"
    header_bytes, signature = b64url_decode_strict(segments[0]), b64url_decode_strict(segments[2])
    if header_bytes is None or signature is None or b64url_decode_strict(segments[1]) is None:
        return "n/a", "a segment is not strict base64url"
    try:
        header = parse_json_bytes(header_bytes).value
    except ValueError:
        return "n/a", "the header is not JSON"
    if not isinstance(header, dict):
        return "n/a", "the header is not an object"
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in HMAC_HASHES:
        return "n/a", f"alg {show(alg)} is not an HMAC algorithm"
    if profile.kid_required:
        kid = header.get("kid")
        candidates = [k for k in keys if isinstance(kid, str) and k.kid == kid]
    else:
        candidates = list(keys)
    if not candidates:
        return "no-key", "no key is selected"
    signing_input = (segments[0] + "." + segments[1]).encode("ascii")
    for k in candidates:
        if hmac.compare_digest(mac(alg, k.secret, signing_input), signature):
            return "valid", f"{alg} under the key {show(k.kid)} (UTF-8 secret)"
    return "invalid", f"no {alg} HMAC under {len(candidates)} selected key(s) matches"


# ---------------------------------------------------------------------------------------
# Comparing with the corpus


@dataclass
class Outcome:
    status: str  # "agreed" | "disagreed" | "not judged"
    corpus: str = ""
    oracle: str = ""
    why: str = ""
    notes: list[str] = field(default_factory=list)
    steps: dict[str, int] | None = None  # session vectors: the tally of their steps
    tokens: dict[str, int] | None = None  # session vectors: the tally of their tokens


@dataclass
class Expectation:
    result: str
    identity: tuple[str, str] | None
    reasons: frozenset[str]  # reject: reason + alternatives; acceptable: reasons
    primary: str | None  # reject: reason
    ambiguity: str | None

    def __str__(self) -> str:
        if self.result == "accept":
            return f"accept ({self.identity[0]} {show(self.identity[1])})"
        if self.result == "reject":
            alts = sorted(self.reasons - {self.primary})
            return f"reject ({self.primary}" + (f"; alternatives {', '.join(alts)}" if alts else "") + ")"
        text = f"acceptable ({self.ambiguity}"
        if self.identity:
            text += f"; if accepted {self.identity[0]} {show(self.identity[1])}"
        if self.reasons:
            text += f"; if rejected {' or '.join(sorted(self.reasons))}"
        return text + ")"

    def allows(self, verdict: Verdict) -> bool:
        if self.result == "accept":
            return verdict.accept and verdict.identity == self.identity
        if self.result == "reject":
            return not verdict.accept and bool(verdict.reasons & self.reasons)
        if verdict.accept:
            return self.identity is None or verdict.identity == self.identity
        return not self.reasons or bool(verdict.reasons & self.reasons)


class BadVector(Exception):
    """A vector the oracle cannot read (missing fields): reported as unreadable input."""


def read_identity(value: Any, where: str) -> tuple[str, str]:
    if not isinstance(value, dict) or value.get("kind") not in IDENTITY_KINDS or not isinstance(value.get("value"), str):
        raise BadVector(f"{where}: not an identity {{kind, value}}")
    return (value["kind"], value["value"])


def read_expectation(expected: Any) -> Expectation:
    if not isinstance(expected, dict):
        raise BadVector("expected is not an object")
    result = expected.get("result")
    if result == "accept":
        return Expectation("accept", read_identity(expected.get("identity"), "expected.identity"), frozenset(), None, None)
    if result == "reject":
        reason = expected.get("reason")
        alternatives = expected.get("alternativeReasons") or []
        if reason not in REASONS or not isinstance(alternatives, list) or any(a not in REASONS for a in alternatives):
            raise BadVector("expected.reason / alternativeReasons: unknown reason")
        return Expectation("reject", None, frozenset([reason, *alternatives]), reason, None)
    if result == "acceptable":
        ambiguity = expected.get("ambiguity")
        reasons = expected.get("reasons") or []
        if not isinstance(ambiguity, str) or not ambiguity:
            raise BadVector("expected.ambiguity missing")
        if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
            raise BadVector("expected.reasons: unknown reason")
        identity = expected.get("identity")
        return Expectation("acceptable", None if identity is None else read_identity(identity, "expected.identity"),
                           frozenset(reasons), None, ambiguity)
    raise BadVector(f"expected.result {show(result)} is not accept, reject or acceptable")


def read_keys(value: Any) -> list[Key]:
    if not isinstance(value, list):
        raise BadVector("keys is not a list")
    keys = []
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("secret"), str):
            raise BadVector("a key has no string secret")
        kid = entry.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise BadVector("a key's kid is not a string")
        keys.append(Key(kid, entry["secret"]))
    return keys


def inherited(test: dict, group: dict, name: str) -> Any:
    if test.get(name) is not None:
        return test[name]
    if group.get(name) is None:
        raise BadVector(f"no {name} in the test or its group")
    return group[name]


def single_flips(knobs: dict[str, list[Any]], only: tuple[str, ...] | None = None):
    for name, values in knobs.items():
        if only is not None and name not in only:
            continue
        for value in values:
            yield name, value, dataclasses.replace(Reading(), **{name: value})


def every_knob() -> dict[str, list[Any]]:
    return {name: VENDOR_KNOBS.get(name, []) + POLICY_KNOBS.get(name, []) for name in {**VENDOR_KNOBS, **POLICY_KNOBS}}


def reading_flip_notes(token: Any, keys: list[Key], now: int, profile: Profile, baseline: Verdict) -> list[str]:
    """Notes on the vendor readings under which the token's verdict flips."""
    notes = []
    for name, value, rd in single_flips(VENDOR_KNOBS):
        other = verify(token, keys, now, profile, rd)
        if other.accept != baseline.accept:
            notes.append(f"under the reading '{KNOB_DESCRIPTIONS[name]}' ({name}={value}) the oracle would {other}")
    return notes


def unstated_reading(token: Any, keys: list[Key], now: int, profile: Profile, wanted) -> str:
    """'; the corpus matches the reading …' when a vendor reading gives a verdict `wanted` accepts."""
    for name, value, rd in single_flips(VENDOR_KNOBS):
        if wanted(verify(token, keys, now, profile, rd)):
            return (f"; the corpus matches the reading '{KNOB_DESCRIPTIONS[name]}' ({name}={value}), "
                    "which the profile file does not state")
    return ""


def judge_verifier(test: dict, group: dict, profile: Profile, catalogue: dict) -> Outcome:
    token = test.get("token")
    keys = read_keys(inherited(test, group, "keys"))
    now = inherited(test, group, "now")
    if not isinstance(now, int) or isinstance(now, bool):
        raise BadVector("now is not an integer")
    expectation = read_expectation(test.get("expected"))
    corpus = str(expectation)

    # (a) the signature, recomputed on its own
    status, detail = signature_status(token, keys, profile)
    sig_problem = None
    if expectation.result == "accept" and status != "valid":
        sig_problem = f"accepting needs a valid signature; the oracle finds {status}: {detail}"
    elif expectation.result == "acceptable" and expectation.identity is not None and status not in ("valid", "n/a"):
        sig_problem = f"an acceptance is allowed but the oracle finds the signature {status}: {detail}"
    elif expectation.result == "reject":
        if expectation.reasons == {"bad-signature"} and status == "valid":
            sig_problem = f"rejected for bad-signature, but the signature is valid ({detail})"
        elif min(STAGE_OF_REASON[r] for r in expectation.reasons) > 4 and status in ("invalid", "no-key"):
            sig_problem = f"rejected for a later stage, but the signature is {status}: {detail}"

    # (b) the judgement
    try:
        baseline = verify(token, keys, now, profile)
    except CannotJudge as error:
        if sig_problem:
            return Outcome("disagreed", corpus, f"signature {status}", sig_problem)
        return Outcome("not judged", corpus, "", str(error))
    notes: list[str] = []

    if expectation.result in ("accept", "reject"):
        if expectation.allows(baseline) and not sig_problem:
            # Where does the verdict depend on a vendor reading the corpus did not call ambiguous?
            notes.extend(reading_flip_notes(token, keys, now, profile, baseline))
            if expectation.result == "reject" and not baseline.reasons <= expectation.reasons:
                extra = sorted(baseline.reasons - expectation.reasons)
                return Outcome("disagreed", corpus, str(baseline),
                               f"the earliest failing stage ({STAGE_NAMES[STAGE_OF_REASON[extra[0]]]}) also fails with "
                               f"{', '.join(extra)}; a verifier that reports it would be failed, so it belongs in alternativeReasons")
            if expectation.result == "reject":
                for reason in sorted(expectation.reasons - baseline.reasons):
                    reading = next((f"{n}={v}" for n, v, rd in single_flips(every_knob())
                                    if reason in verify(token, keys, now, profile, rd).reasons), None)
                    if reading is None:
                        notes.append(f"UNREACHABLE ALTERNATIVE: the corpus also allows {reason}, which no reading the oracle knows gives")
                    else:
                        notes.append(f"the corpus also allows {reason}, which the reading {reading} gives")
            return Outcome("agreed", corpus, str(baseline), "", notes)
        if sig_problem:
            return Outcome("disagreed", corpus, str(baseline), sig_problem)
        if baseline.accept and expectation.result == "accept":
            return Outcome("disagreed", corpus, str(baseline), "a different identity")
        for name, value, rd in single_flips(POLICY_KNOBS):
            if expectation.allows(verify(token, keys, now, profile, rd)):
                return Outcome("not judged", corpus, str(baseline),
                               f"the corpus's verdict follows from a choice the oracle cannot make: {KNOB_DESCRIPTIONS[name]} ({name}={value})")
        why = "the verdicts differ"
        if expectation.result == "reject" and not baseline.accept:
            why = (f"the earliest failing stage is {STAGE_NAMES[min(STAGE_OF_REASON[r] for r in baseline.reasons)]}; "
                   f"the corpus names {STAGE_NAMES[STAGE_OF_REASON[expectation.primary]]}")
        why += unstated_reading(token, keys, now, profile, expectation.allows)
        return Outcome("disagreed", corpus, str(baseline), why)

    # acceptable: the baseline reading must be allowed, and the named ambiguity must really
    # give both verdicts.
    entry = next((a for a in catalogue.get("ambiguities", []) if isinstance(a, dict) and a.get("id") == expectation.ambiguity), None)
    if catalogue and entry is None:
        return Outcome("disagreed", corpus, str(baseline), f"the ambiguity {expectation.ambiguity} is not in the catalogue")
    if sig_problem:
        return Outcome("disagreed", corpus, str(baseline), sig_problem)
    if entry is not None and profile.id not in (entry.get("profiles") or []):
        return Outcome("disagreed", corpus, str(baseline),
                       f"{expectation.ambiguity} is about {', '.join(entry.get('profiles') or [])}, not {profile.id}")
    mapped = knobs_for_ambiguity(entry)
    if mapped == ():
        return Outcome("disagreed", corpus, str(baseline),
                       f"{expectation.ambiguity} is about session behaviour; no verifier reading depends on it")
    if baseline.accept and expectation.identity is not None and baseline.identity != expectation.identity:
        return Outcome("disagreed", corpus, str(baseline),
                       "an acceptance resolves a different identity from the one the vector names")
    if not expectation.allows(baseline):
        for name, value, rd in single_flips(POLICY_KNOBS):
            if expectation.allows(verify(token, keys, now, profile, rd)):
                return Outcome("not judged", corpus, str(baseline),
                               f"allowed only under a choice the oracle cannot make: {KNOB_DESCRIPTIONS[name]}")
        return Outcome("disagreed", corpus, str(baseline),
                       "under the profile file's own rules the oracle reaches a verdict the vector does not allow")
    if mapped is None:
        return Outcome("not judged", corpus, str(baseline),
                       f"the oracle has no reading for {expectation.ambiguity} (its catalogue entry names no "
                       "verifierReadings the oracle implements); "
                       "the profile's own verdict is one the vector allows")
    readings = [("profile", None, Reading())] + list(single_flips(every_knob(), mapped))
    verdicts = [(name, value, verify(token, keys, now, profile, rd)) for name, value, rd in readings]
    accepting = [(n, v, x) for n, v, x in verdicts if x.accept and expectation.allows(x)]
    rejecting = [(n, v, x) for n, v, x in verdicts if not x.accept and expectation.allows(x)]
    wrong = [(n, v, x) for n, v, x in verdicts if not expectation.allows(x)]
    if accepting and rejecting:
        a, r = accepting[0], rejecting[0]
        oracle = f"{_reading_name(a)}: {a[2]}; {_reading_name(r)}: {r[2]}"
        for n, v, x in wrong:
            notes.append(f"the reading {n}={v} gives {x}, which the vector does not allow")
        return Outcome("agreed", corpus, oracle, "", notes)
    # The named ambiguity may split the case only in the context of another reading (a
    # Sunshine iat written as a string is refused only by a verifier that checks iat at all).
    for context_name, context_values in VENDOR_KNOBS.items():
        if context_name in mapped:
            continue
        for context_value in context_values:
            context = dataclasses.replace(Reading(), **{context_name: context_value})
            before = verify(token, keys, now, profile, context)
            for name, value, _ in single_flips(every_knob(), mapped):
                if name == context_name:
                    continue
                after = verify(token, keys, now, profile, dataclasses.replace(context, **{name: value}))
                pair = [before, after]
                if (any(x.accept and expectation.allows(x) for x in pair)
                        and any(not x.accept and expectation.allows(x) for x in pair)):
                    notes.append(f"{expectation.ambiguity} splits the case only together with the reading "
                                 f"'{KNOB_DESCRIPTIONS[context_name]}' ({context_name}={context_value}): "
                                 f"{before} / with {name}={value}: {after}")
                    oracle = f"with {context_name}={context_value}: {before}; adding {name}={value}: {after}"
                    return Outcome("agreed", corpus, oracle, "", notes)
    if accepting:
        missing = f"no reading of {', '.join(mapped)} rejects it" + (
            f" with {' or '.join(sorted(expectation.reasons))}" if expectation.reasons else "")
    else:
        missing = f"no reading of {', '.join(mapped)} accepts it" + (
            f" as {expectation.identity[0]} {show(expectation.identity[1])}" if expectation.identity else "")
    for n, v, x in wrong:
        if x.accept != baseline.accept:
            missing += f"; the reading {n}={v} gives {x}, which the vector does not allow"
    return Outcome("disagreed", corpus, str(baseline), f"the case does not sit on {expectation.ambiguity}: {missing}")


def _reading_name(entry: tuple) -> str:
    name, value, _ = entry
    return "the profile's reading" if value is None else f"reading {name}={value}"


# ---- signer vectors


def same_json(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def judge_signer(test: dict, group: dict, profile: Profile) -> Outcome:
    subject = test.get("subject")
    if not isinstance(subject, dict):
        raise BadVector("subject is not an object")
    key_doc = inherited(test, group, "key")
    keys = read_keys([key_doc])
    key = keys[0]
    now = inherited(test, group, "now")
    lifetime = test.get("lifetime")
    expected = test.get("expected")
    if not isinstance(expected, dict) or expected.get("result") != "token":
        raise BadVector("expected.result is not \"token\"")
    header, claims = expected.get("header"), expected.get("claims")
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise BadVector("expected.header / expected.claims are not objects")
    identity = read_identity(expected.get("identity"), "expected.identity")
    corpus = f"header {show(header)}, claims {show(claims, 120)}, identity {identity[0]} {show(identity[1])}"
    problems: list[str] = []

    # header: exactly what the profile writes
    wanted_header: dict[str, Any] = {"alg": profile.algorithms[0] if profile.algorithms else None}
    if profile.typ is not None:
        wanted_header["typ"] = profile.typ
    if profile.kid_required:
        if key.kid is None:
            problems.append("the profile requires kid but the signing key has none")
        wanted_header["kid"] = key.kid
    for name, value in wanted_header.items():
        if name not in header:
            problems.append(f"header lacks {name} (the profile calls for {show(value)})")
        elif not same_json(header[name], value):
            problems.append(f"header {name} is {show(header[name])}, the profile calls for {show(value)}")
    for name in header:
        if name not in wanted_header:
            if name == "kid" and key.kid is not None and header[name] == key.kid:
                continue  # naming the key is harmless where the profile does not require it
            problems.append(f"header has {name}, which the profile does not call for")

    # identity: the subject's values, by the profile's precedence
    by_kind = {"externalId": subject.get("externalId"), "email": subject.get("email")}
    winner = None
    for claim, kind in profile.identity_claims:
        value = by_kind.get(kind)
        if value is not None:
            if claim in claims and not same_json(claims[claim], value):
                problems.append(f"claim {claim} is {show(claims[claim])}, the subject says {show(value)}")
            if claim not in claims and winner is None:
                problems.append(f"claim {claim} (the identity the subject names) is missing")
            if winner is None:
                winner = (kind, value)
        elif claim in claims:
            problems.append(f"claim {claim} is present though the subject has no {kind}")
    if winner is None:
        problems.append("the subject has no identity the profile can carry")
    elif winner != identity:
        problems.append(f"identity is {identity[0]} {show(identity[1])}, the profile's precedence gives {winner[0]} {show(winner[1])}")

    if profile.scope is not None:
        claim, value = profile.scope
        if not same_json(claims.get(claim), value):
            problems.append(f"claim {claim} is {show(claims.get(claim))}, the profile calls for {value!r}")
    if "iat" in claims or (profile.iat is not None and profile.iat[0]):
        if not (isinstance(claims.get("iat"), int) and not isinstance(claims.get("iat"), bool) and claims["iat"] == now):
            problems.append(f"iat is {show(claims.get('iat'))}, expected the integer now = {now}")
    if lifetime is not None:
        if not isinstance(lifetime, int) or isinstance(lifetime, bool) or lifetime <= 0:
            problems.append(f"lifetime {show(lifetime)} is not a positive integer")
        elif not (isinstance(claims.get("exp"), int) and not isinstance(claims.get("exp"), bool) and claims["exp"] == now + lifetime):
            problems.append(f"exp is {show(claims.get('exp'))}, expected the integer now + lifetime = {now + lifetime}")
    elif "exp" in claims:
        problems.append("exp is expected though the test gives no lifetime")
    elif profile.exp_honoured and profile.exp_required:
        problems.append("the profile requires exp but the test gives no lifetime")
    for claim in ("nbf",):
        if claim in claims:
            problems.append(f"{claim} is expected, but nothing in the test asks for it")

    # the token the expectation describes must pass the oracle's own verifier
    if not problems and isinstance(now, int) and isinstance(header.get("alg"), str) and header["alg"] in HMAC_HASHES:
        segments = [b64url_encode(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
                    for part in (header, claims)]
        signing_input = (segments[0] + "." + segments[1]).encode("ascii")
        token = segments[0] + "." + segments[1] + "." + b64url_encode(mac(header["alg"], key.secret, signing_input))
        verdict = verify(token, keys, now, profile)
        if not (verdict.accept and verdict.identity == identity):
            problems.append(f"a token with exactly this header and these claims is not accepted: the oracle says {verdict}")
        oracle = str(verdict)
    else:
        oracle = "; ".join(problems) if problems else "consistent"
    if problems:
        return Outcome("disagreed", corpus, oracle, "; ".join(problems))
    return Outcome("agreed", corpus, "self-consistent; " + oracle)


# ---------------------------------------------------------------------------------------
# Session vectors
#
# A small model of each vendor SDK's session, written from the seeds and the catalogue's
# session rules and ambiguities (KUS-SES-…, SUN-SES-…, AMB-…-SES-…), not from any
# implementation. The state is who is logged in (an identity, or None), the conversations
# started anonymously on this device and not linked to anyone yet, and each customer's
# conversations on the vendor's backend (`start.history`, plus whatever they start). What
# the customer sees is the logged-in customer's backend conversations, or the device's while
# anonymous. Tokens are judged by `verify` above, at the step's `now`, under the test's keys.
# Where the documents leave room (a session ambiguity), the model forks; a session must
# follow one reading of each ambiguity from start to end.

# The readings the model knows for each session ambiguity, in the catalogue's order: only
# those the catalogue's decision lets conform (AMB-SUN-LOGIN-ARG-MISMATCH's third reading,
# "the argument wins", never does).
SESSION_READINGS: dict[str, tuple[str, ...]] = {
    "AMB-KUS-SES-PRE-LOGIN-CHATS": ("anonymous chats cleared at logIn", "anonymous chats kept and linked to the customer"),
    "AMB-KUS-SES-LOGOUT-ANONYMOUS": ("logOut while anonymous changes nothing", "logOut while anonymous clears the device's chats"),
    "AMB-KUS-SES-RELOGIN-FAILURE": ("a refused logOutThenLogIn changes nothing", "a refused logOutThenLogIn still logs out"),
    "AMB-KUS-SES-RESTART": ("a restart keeps the session", "a restart starts a fresh anonymous session"),
    "AMB-KUS-SES-QUERY-BOTH-NATIVE": ("isLoggedIn with both: the email decides", "isLoggedIn with both: both must name the customer"),
    "AMB-KUS-SES-QUERY-BOTH-WEB": ("isLoggedIn with both: the email decides", "isLoggedIn with both: both must name the customer",
                                   "isLoggedIn with both: an error"),
    "AMB-KUS-SES-QUERY-NEITHER-NATIVE": ("isLoggedIn(nil, nil) while logged in: false", "isLoggedIn(nil, nil) while logged in: true"),
    "AMB-KUS-SES-QUERY-IDTYPE": ("an unknown idType: an error", "an unknown idType: false", "an unknown idType: read as userId"),
    "AMB-KUS-SES-EMAIL-CASE": ("emails compared exactly", "emails compared case-insensitively"),
    "AMB-SUN-LOGIN-ARG-MISMATCH": ("a mismatched login fails", "a mismatched login logs in the token's user"),
    "AMB-SUN-SES-MERGE": ("the anonymous conversation joins the user's", "only the user's conversation"),
    "AMB-SUN-SES-RESTART": ("a restart keeps the login", "a restart starts a fresh anonymous user"),
    "AMB-SUN-SES-EXPIRED": ("the login outlives its token's exp", "the login ends at exp: a fresh anonymous user",
                            "the user stays but starting a conversation is refused (expired)"),
    "AMB-KUS-EMAIL-FALLBACK": ("an empty email beside a valid externalId is refused", "the externalId's customer logs in"),
    "AMB-ZD-SES-FAILED-LOGIN": ("a refused loginUser changes nothing", "a refused loginUser falls back to a new unauthenticated user"),
    "AMB-ZD-SES-RELOGIN": ("loginUser as another user switches users", "loginUser as another user fails until logoutUser"),
    "AMB-ZD-SES-RESTART": ("a restart keeps the login", "a restart ends the login"),
    "AMB-ZD-SES-MERGE": ("the anonymous conversation becomes the user's", "the anonymous conversation is left behind"),
    "AMB-ZD-409-TRIGGER": ("only an email with email_verified true conflicts", "any email conflicts"),
    "AMB-IC-SETTINGS-MISMATCH": ("a boot whose settings user_id is not the token's fails", "the token's user boots"),
    "AMB-IC-SES-UPDATE": ("an update without a token is refused", "an update without a token rides on the session"),
    "AMB-IC-SES-SWITCH": ("a boot as another user switches cleanly", "the previous user's conversations stay visible"),
    "AMB-IC-SES-RESTART": ("a restart keeps the booted user", "a restart leaves a visitor"),
}
# Session ambiguities that are verifier readings: the token's verdict under each session reading
# (the first is the oracle's baseline). A logIn whose token gets different verdicts forks.
SESSION_TOKEN_READINGS: dict[str, tuple["Reading", ...]] = {}
# Session ambiguities whose decision requires one answer: the model does not fork on them.
SESSION_DECIDED: dict[str, str] = {
    "AMB-KUS-ISLOGGEDIN-BOTH": "the decision requires isLoggedIn by the token's externalId to answer false (KUS-SES-PRECEDENCE)",
}

# The calls each vendor documents per platform come from its profile's session shape
# (`session.platforms`: for the seeds, 000 names logOut on iOS only, 001 and 002 name none,
# 003 adds logOutThenLogIn; 004 names login and logout everywhere). startConversation and
# restart are the customer's and the OS's doing, not SDK calls. Anything else is "not judged".
TOKEN_CALLS = frozenset({"logIn", "logOutThenLogIn", "login", "loginUser", "boot", "update"})  # update: when it has one


@dataclass(frozen=True)
class Observation:
    """What a session shows after a call. In the model, `reasons` is the verifier's
    earliest-stage reasons when a token was refused, None for a failure that is not the
    token's; in the corpus it is the reasons allowed (empty: any)."""
    result: str  # "ok" | "answer" | "error" | "conflict" (a login the backend refuses, HTTP 409)
    identity: tuple[str, str] | None
    conversations: frozenset[str]
    answer: bool | None = None
    reasons: frozenset[str] | None = None

    def describe(self, model: bool) -> str:
        head = {"ok": "ok", "answer": f"answer {str(self.answer).lower()}", "error": "error"}.get(self.result, self.result)
        if self.result == "error":
            if model:
                head += " (a failure that is not the token's)" if self.reasons is None else f" ({' or '.join(sorted(self.reasons))})"
            else:
                head += f" ({' or '.join(sorted(self.reasons))})" if self.reasons else " (any reason)"
        return f"{head}, {_who(self.identity)}, sees {_seen(self.conversations)}"


def _who(identity: tuple[str, str] | None) -> str:
    return "anonymous" if identity is None else f"{identity[0]} {show(identity[1])}"


def _seen(conversations: frozenset[str]) -> str:
    return "{" + ", ".join(sorted(conversations)) + "}"


@dataclass(frozen=True)
class SessionState:
    identity: tuple[str, str] | None
    device: frozenset[str]  # started anonymously here, linked to no customer
    backend: dict  # identity -> frozenset of conversation labels (never mutated: copied on change)
    expires: int | None = None  # Sunshine: the exp of the token the login used
    directory: dict = field(default_factory=dict)  # Zendesk messaging: verified email -> the external_id it is paired with
    cookie: frozenset = frozenset()  # Intercom: an earlier user's conversations the Messenger still shows

    def visible(self) -> frozenset[str]:
        return self.backend.get(self.identity, frozenset()) | self.cookie if self.identity is not None else self.device

    def observe(self, result: str = "ok", answer: bool | None = None, reasons: frozenset[str] | None = None) -> Observation:
        return Observation(result, self.identity, self.visible(), answer, reasons)


class NeedReading(Exception):
    """The step depends on a session ambiguity no reading has been chosen for yet."""

    def __init__(self, ambiguity: str):
        super().__init__(ambiguity)
        self.ambiguity = ambiguity


class StepNotJudged(Exception):
    """The model has no rule for this step."""


def _reading(chosen: dict[str, int], ambiguity: str) -> int:
    if ambiguity not in chosen:
        raise NeedReading(ambiguity)
    return chosen[ambiguity]


@dataclass
class SessionContext:
    profile: Profile
    platform: str
    verdicts: dict[int, Verdict | str]  # step index -> the token's verdict, or why it cannot be judged
    forks: dict[int, tuple[str, list[Verdict]]] = field(default_factory=dict)  # step -> (ambiguity, verdict per reading)


# ---- Kustomer (000 iOS, 001 Android, 002 web, 003 React Native)


def _kus_log_in(state: SessionState, identity: tuple[str, str], chosen: dict[str, int]) -> SessionState:
    """KUS-SES-LOGIN/SWITCH/HISTORY: the token's customer, with their backend history. Chats
    started anonymously are cleared or kept with the customer (AMB-KUS-SES-PRE-LOGIN-CHATS)."""
    backend = state.backend
    if state.identity is None and state.device and _reading(chosen, "AMB-KUS-SES-PRE-LOGIN-CHATS") == 1:
        backend = {**backend, identity: backend.get(identity, frozenset()) | state.device}
    return SessionState(identity, frozenset(), backend)


def _kus_log_out(state: SessionState, chosen: dict[str, int]) -> SessionState:
    """KUS-SES-LOGOUT: anonymous, nothing of the customer's visible; while already anonymous,
    the device's chats are kept or cleared (AMB-KUS-SES-LOGOUT-ANONYMOUS)."""
    if state.identity is None:
        if state.device and _reading(chosen, "AMB-KUS-SES-LOGOUT-ANONYMOUS") == 1:
            return SessionState(None, frozenset(), state.backend)
        return state
    return SessionState(None, frozenset(), state.backend)


def _kus_names_email(state: SessionState, email: str, chosen: dict[str, int]) -> bool:
    if state.identity is None or state.identity[0] != "email":
        return False
    if state.identity[1] == email:
        return True
    if state.identity[1].casefold() == email.casefold():
        return _reading(chosen, "AMB-KUS-SES-EMAIL-CASE") == 1
    return False


def _kus_names_id(state: SessionState, external_id: str) -> bool:
    return state.identity is not None and state.identity == ("externalId", external_id)


def _kus_is_logged_in(ctx: SessionContext, state: SessionState, step: dict, chosen: dict[str, int]) -> Observation:
    """KUS-SES-ISLOGGEDIN: true exactly when the identifier names the logged-in customer within
    its kind; never changes the session. The platform decides the shape of the call."""
    platform = ctx.platform
    if platform in ("ios", "android"):
        email, user_id = step.get("userEmail"), step.get("userId")
        if not all(v is None or isinstance(v, str) for v in (email, user_id)) or "options" in step or "idType" in step:
            raise StepNotJudged(f"isLoggedIn on {platform} takes userEmail and userId; the step gives {show({k: v for k, v in step.items() if k not in ('call', 'now', 'expected')})}")
        if email is not None and user_id is not None:
            if not _kus_names_email(state, email, chosen):
                return state.observe("answer", False)
            both = _reading(chosen, "AMB-KUS-SES-QUERY-BOTH-NATIVE")
            return state.observe("answer", True if both == 0 else _kus_names_id(state, user_id))
        if email is not None:
            return state.observe("answer", _kus_names_email(state, email, chosen))
        if user_id is not None:
            return state.observe("answer", _kus_names_id(state, user_id))
        if state.identity is None:
            return state.observe("answer", False)
        return state.observe("answer", _reading(chosen, "AMB-KUS-SES-QUERY-NEITHER-NATIVE") == 1)
    if platform == "web":
        options = step.get("options")
        if not isinstance(options, dict) or not all(v is None or isinstance(v, str) for v in options.values()):
            raise StepNotJudged(f"isLoggedIn on the web takes an options object; the step gives {show(options)}")
        email, external_id = options.get("email"), options.get("externalId")
        if email is None and external_id is None:
            return state.observe("error")  # KUS-SES-ISLOGGEDIN-WEB-OPTIONS
        if email is not None and external_id is not None:
            both = _reading(chosen, "AMB-KUS-SES-QUERY-BOTH-WEB")
            if both == 2:
                return state.observe("error")
            if both == 1:
                return state.observe("answer", _kus_names_id(state, external_id) and _kus_names_email(state, email, chosen))
            return state.observe("answer", _kus_names_email(state, email, chosen))
        if email is not None:
            return state.observe("answer", _kus_names_email(state, email, chosen))
        return state.observe("answer", _kus_names_id(state, external_id))
    # react-native
    id_type, value = step.get("idType"), step.get("id")
    if not isinstance(id_type, str) or not isinstance(value, str):
        raise StepNotJudged(f"isLoggedIn on React Native takes idType and id; the step gives {show(id_type)}, {show(value)}")
    if id_type == "email":
        return state.observe("answer", _kus_names_email(state, value, chosen))
    if id_type == "userId":
        return state.observe("answer", _kus_names_id(state, value))
    unknown = _reading(chosen, "AMB-KUS-SES-QUERY-IDTYPE")
    if unknown == 0:
        return state.observe("error")
    return state.observe("answer", unknown == 2 and _kus_names_id(state, value))


def _kus_step(ctx: SessionContext, state: SessionState, index: int, step: dict, chosen: dict[str, int]) -> tuple[SessionState, Observation]:
    call = step["call"]
    if call in ("logIn", "logOutThenLogIn"):
        verdict = _step_verdict(ctx, index, chosen)
        if call == "logIn":
            if not verdict.accept:  # KUS-SES-FAILED-LOGIN
                return state, state.observe("error", reasons=verdict.reasons)
            after = _kus_log_in(state, verdict.identity, chosen)
            return after, after.observe()
        if verdict.accept:  # KUS-SES-RELOGIN: exactly logOut() then logIn(jwt)
            after = _kus_log_in(_kus_log_out(state, chosen), verdict.identity, chosen)
            return after, after.observe()
        if _reading(chosen, "AMB-KUS-SES-RELOGIN-FAILURE") == 1:
            state = _kus_log_out(state, chosen)
        return state, state.observe("error", reasons=verdict.reasons)
    if call == "logOut":
        after = _kus_log_out(state, chosen)
        return after, after.observe()
    if call == "isLoggedIn":
        return state, _kus_is_logged_in(ctx, state, step, chosen)
    if call == "restart":
        # KUS-SES-RESTART, KUS-SES-DEVICE-HISTORY: iOS and Android keep everything; React
        # Native keeps an anonymous session; the rest is AMB-KUS-SES-RESTART.
        if ctx.platform in ("ios", "android") or (ctx.platform == "react-native" and state.identity is None):
            return state, state.observe()
        if (state.identity is not None or state.device) and _reading(chosen, "AMB-KUS-SES-RESTART") == 1:
            state = SessionState(None, frozenset(), state.backend)
        return state, state.observe()
    raise StepNotJudged(f"no Kustomer rule for {call}")


# ---- Sunshine Conversations (004)


def _sun_log_in(state: SessionState, identity: tuple[str, str], chosen: dict[str, int], expires: int | None) -> SessionState:
    """SUN-SES-LOGIN/SWITCH: the user's conversation; one started anonymously is kept for a user
    who has none yet (SUN-SES-ANONYMOUS-KEPT), else joins it or stays behind (AMB-SUN-SES-MERGE)."""
    backend = state.backend
    if state.identity is None and state.device:
        own = backend.get(identity, frozenset())
        if not own or _reading(chosen, "AMB-SUN-SES-MERGE") == 0:
            backend = {**backend, identity: own | state.device}
    return SessionState(identity, frozenset(), backend, expires)


def _sun_step(ctx: SessionContext, state: SessionState, index: int, step: dict, chosen: dict[str, int]) -> tuple[SessionState, Observation]:
    call = step["call"]
    if call == "login":
        verdict = _step_verdict(ctx, index, chosen)
        if not verdict.accept:  # SUN-SES-FAILED-LOGIN
            return state, state.observe("error", reasons=verdict.reasons)
        argument = step.get("externalId")
        if verdict.identity != ("externalId", argument):  # SUN-SES-EXTERNALID-MATCH: never the argument
            if _reading(chosen, "AMB-SUN-LOGIN-ARG-MISMATCH") == 0:
                return state, state.observe("error")
        after = _sun_log_in(state, verdict.identity, chosen, _token_exp(step.get("token")))
        return after, after.observe()
    if call == "logout":  # SUN-SES-LOGOUT: logged in or not, nothing stays on the client
        after = SessionState(None, frozenset(), state.backend)
        return after, after.observe()
    if call == "restart":  # SUN-SES-DEVICE-HISTORY, SUN-SES-LOGOUT survive; a login: AMB-SUN-SES-RESTART
        if state.identity is not None and _reading(chosen, "AMB-SUN-SES-RESTART") == 1:
            state = SessionState(None, frozenset(), state.backend)
        return state, state.observe()
    raise StepNotJudged(f"no Sunshine rule for {call}")


# ---- Zendesk messaging (docs/research/zendesk-intercom.md § 1.2; ZDM-SES-…)


def _zdm_email(token: Any) -> tuple[str | None, bool]:
    """The token's `email` attribute (a string, or None) and whether `email_verified` is true."""
    try:
        payload = json.loads(b64url_decode_strict(token.split(".")[1]) or b"null")
    except (ValueError, IndexError, AttributeError):
        return None, False
    if not isinstance(payload, dict) or not isinstance(payload.get("email"), str):
        return None, False
    return payload["email"], payload.get("email_verified") is True


def _zdm_step(ctx: SessionContext, state: SessionState, index: int, step: dict, chosen: dict[str, int]) -> tuple[SessionState, Observation]:
    call = step["call"]
    if call == "loginUser":
        verdict = _step_verdict(ctx, index, chosen)
        if not verdict.accept:
            # ZDM-SES-LOGIN: the refused token's user never logs in. The iOS page's fallback to a new
            # unauthenticated user is one reading (AMB-ZD-SES-FAILED-LOGIN); it matters only when
            # the session is not already a fresh anonymous one.
            if (state.identity is not None or state.device) and _reading(chosen, "AMB-ZD-SES-FAILED-LOGIN") == 1:
                state = SessionState(None, frozenset(), state.backend, directory=state.directory)
            return state, state.observe("error", reasons=verdict.reasons)
        user = verdict.identity
        if state.identity is not None and state.identity != user and _reading(chosen, "AMB-ZD-SES-RELOGIN") == 1:
            return state, state.observe("error")  # fails until logoutUser; nothing changes
        # ZDM-SES-EMAIL-CONFLICT: the backend refuses (HTTP 409) a verified email it pairs with
        # another external_id; an unverified one is AMB-ZD-409-TRIGGER.
        email, verified = _zdm_email(step["token"])
        owner = state.directory.get(email) if email is not None else None
        if owner is not None and owner != user[1] and (verified or _reading(chosen, "AMB-ZD-409-TRIGGER") == 1):
            return state, state.observe("conflict")
        directory = {**state.directory, email: user[1]} if email is not None and verified else state.directory
        backend = state.backend
        if state.identity is None and state.device and _reading(chosen, "AMB-ZD-SES-MERGE") == 0:
            backend = {**backend, user: backend.get(user, frozenset()) | state.device}
        after = SessionState(user, frozenset(), backend, directory=directory)
        return after, after.observe()
    if call == "logoutUser":
        # ZDM-SES-LOGOUT: anonymous, nothing of the user's shown; while anonymous, the anonymous
        # user's conversations are deleted.
        after = SessionState(None, frozenset(), state.backend, directory=state.directory)
        return after, after.observe()
    if call == "restart":
        # ZDM-SES-CONVERSATIONS: the anonymous user persists; a login: AMB-ZD-SES-RESTART.
        if state.identity is not None and _reading(chosen, "AMB-ZD-SES-RESTART") == 1:
            state = SessionState(None, frozenset(), state.backend, directory=state.directory)
        return state, state.observe()
    raise StepNotJudged(f"no Zendesk messaging rule for {call}")


# ---- Intercom Messenger, web (docs/research/zendesk-intercom.md § 2.2; ICM-SES-…)


def _icm_step(ctx: SessionContext, state: SessionState, index: int, step: dict, chosen: dict[str, int]) -> tuple[SessionState, Observation]:
    call = step["call"]
    settings = step.get("settings") or {}
    visitor = SessionState(None, frozenset(), state.backend)
    if call == "boot":
        # ICM-SES-BOOT: the token's user_id boots; a refused token changes nothing.
        verdict = _step_verdict(ctx, index, chosen)
        if not verdict.accept:
            return state, state.observe("error", reasons=verdict.reasons)
        user = verdict.identity
        claimed = settings.get("user_id")
        # ICM-SES-MISMATCH: the settings' user_id never wins; it fails the boot or is ignored.
        if claimed is not None and ("externalId", claimed) != user and _reading(chosen, "AMB-IC-SETTINGS-MISMATCH") == 0:
            return state, state.observe("error")
        if state.identity == user:
            return state, state.observe()
        cookie = frozenset()
        if state.identity is not None and _reading(chosen, "AMB-IC-SES-SWITCH") == 1:
            cookie = state.visible()  # the cookie still shows the previous user's conversations
        after = SessionState(user, frozenset(), state.backend, cookie=cookie)
        return after, after.observe()
    if state.identity is None and call == "update":
        raise StepNotJudged("a visitor's update is not modelled (no page found says what becomes of it)")
    if call == "update":
        # ICM-SES-UPDATE: never changes the user.
        if "token" not in step:
            return state, state.observe("error" if _reading(chosen, "AMB-IC-SES-UPDATE") == 0 else "ok")
        verdict = _step_verdict(ctx, index, chosen)
        if not verdict.accept:
            return state, state.observe("error", reasons=verdict.reasons)
        if verdict.identity != state.identity:
            raise StepNotJudged("an update with another user's token is not modelled")
        return state, state.observe()
    if call == "shutdown":
        return visitor, visitor.observe()  # ICM-SES-SHUTDOWN
    if call == "restart":
        if state.identity is not None and _reading(chosen, "AMB-IC-SES-RESTART") == 1:
            state = visitor
        return state, state.observe()
    raise StepNotJudged(f"no Intercom rule for {call}")


SESSION_MODELS = {"kustomer": _kus_step, "sunshine": _sun_step, "zendesk-messaging": _zdm_step, "intercom": _icm_step}
SESSION_TOKEN_READINGS["AMB-KUS-EMAIL-FALLBACK"] = (
    Reading(), Reading(empty_identity_absent=True, null_absent=True, precedence_first_valid=True))


def _token_exp(token: Any) -> int | None:
    """The `exp` of a token's payload when it is an integer (the token was accepted)."""
    try:
        payload = json.loads(b64url_decode_strict(token.split(".")[1]) or b"null")
    except (ValueError, IndexError, AttributeError):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    return exp if isinstance(exp, int) and not isinstance(exp, bool) else None


def _step_verdict(ctx: SessionContext, index: int, chosen: dict[str, int]) -> Verdict:
    if index in ctx.forks:
        ambiguity, verdicts = ctx.forks[index]
        return verdicts[_reading(chosen, ambiguity)]
    verdict = ctx.verdicts.get(index)
    if isinstance(verdict, Verdict):
        return verdict
    raise StepNotJudged(f"the token cannot be judged: {verdict}")


def _model_step(ctx: SessionContext, state: SessionState, index: int, step: dict, chosen: dict[str, int]) -> tuple[SessionState, Observation]:
    call = step["call"]
    api = ctx.profile.session_api.get(ctx.platform)
    if api is None:
        raise StepNotJudged(f"the seeds describe no {ctx.profile.id} SDK for the platform {ctx.platform}")
    if call not in api:
        raise StepNotJudged(f"the seeds document no {call} for {ctx.profile.id} on {ctx.platform}")
    if ctx.profile.session_model == "sunshine" and state.identity is not None and state.expires is not None \
            and isinstance(step.get("now"), int) and step["now"] >= state.expires:
        # SUN-SES-EXPIRY: the login's token has expired (004 "Expiring JWTs on SDKs").
        lasts = _reading(chosen, "AMB-SUN-SES-EXPIRED")
        if lasts == 1:
            state = SessionState(None, frozenset(), state.backend)
        elif lasts == 2 and call == "startConversation":
            return state, state.observe("error", reasons=frozenset({"expired"}))
    if call == "startConversation":
        label = step.get("conversation")
        if state.identity is not None:  # KUS-SES-HISTORY: it belongs to the customer
            after = dataclasses.replace(state, backend={**state.backend,
                                                        state.identity: state.backend.get(state.identity, frozenset()) | {label}})
        else:  # KUS-SES-DEVICE-HISTORY, SUN-SES-DEVICE-HISTORY: it stays on the device
            after = dataclasses.replace(state, device=state.device | {label}, expires=None)
        return after, after.observe()
    return SESSION_MODELS[ctx.profile.session_model](ctx, state, index, step, chosen)


@dataclass
class SessionRun:
    chosen: dict[str, int]  # the reading taken for each ambiguity the run depended on
    observations: list[Observation]
    stopped: tuple[int, str] | None = None  # the step the model could not judge, and why


def explore_session(ctx: SessionContext, start: SessionState, steps: list[dict]) -> list[SessionRun]:
    """Every run of the model: one per combination of readings the steps depend on."""
    runs: list[SessionRun] = []
    pending = [(0, start, {}, [])]
    while pending:
        index, state, chosen, seen = pending.pop()
        while index < len(steps):
            try:
                state, observation = _model_step(ctx, state, index, steps[index], chosen)
            except NeedReading as need:
                for reading in reversed(range(len(SESSION_READINGS[need.ambiguity]))):
                    pending.append((index, state, {**chosen, need.ambiguity: reading}, seen))
                break
            except StepNotJudged as error:
                runs.append(SessionRun(chosen, seen, (index, str(error))))
                break
            seen = seen + [observation]
            index += 1
        else:
            runs.append(SessionRun(chosen, seen))
    return runs


# ---- reading a session vector


def read_observation(value: Any, where: str) -> Observation:
    if not isinstance(value, dict) or value.get("result") not in ("ok", "answer", "error", "conflict"):
        raise BadVector(f"{where}: not an observation (result ok, answer, error or conflict)")
    identity = value.get("identity")
    identity = None if identity is None else read_identity(identity, f"{where}.identity")
    conversations = value.get("conversations")
    if not isinstance(conversations, list) or not all(isinstance(c, str) for c in conversations):
        raise BadVector(f"{where}.conversations is not a list of strings")
    answer = value.get("answer")
    if value["result"] == "answer" and not isinstance(answer, bool):
        raise BadVector(f"{where}.answer is not a boolean")
    reasons = value.get("reasons") or []
    if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
        raise BadVector(f"{where}.reasons: unknown reason")
    return Observation(value["result"], identity, frozenset(conversations),
                       answer if value["result"] == "answer" else None, frozenset(reasons))


@dataclass
class StepExpectation:
    ambiguity: str | None
    observations: list[Observation]  # one, or one per reading

    def at(self, choice: dict[str, int]) -> Observation:
        return self.observations[0] if self.ambiguity is None else self.observations[choice[self.ambiguity]]


def read_step_expectation(value: Any, where: str) -> StepExpectation:
    if isinstance(value, dict) and value.get("result") == "acceptable":
        ambiguity, readings = value.get("ambiguity"), value.get("readings")
        if not isinstance(ambiguity, str) or not ambiguity:
            raise BadVector(f"{where}.ambiguity missing")
        if not isinstance(readings, list) or len(readings) < 2:
            raise BadVector(f"{where}.readings: fewer than two observations")
        return StepExpectation(ambiguity, [read_observation(r, f"{where}.readings[{i}]") for i, r in enumerate(readings)])
    return StepExpectation(None, [read_observation(value, where)])


def _differences(model: Observation, corpus: Observation) -> list[str]:
    """How the corpus's observation differs from the model's (empty: they match)."""
    out = []
    if model.result != corpus.result:
        out.append(f"the call ends {corpus.result!r}, the model says {model.result!r}")
    elif model.result == "answer" and model.answer != corpus.answer:
        out.append(f"isLoggedIn answers {str(corpus.answer).lower()}, the model says {str(model.answer).lower()}")
    if model.identity != corpus.identity:
        out.append(f"{_who(corpus.identity)} is logged in, the model says {_who(model.identity)}")
    if model.conversations != corpus.conversations:
        out.append(f"it sees {_seen(corpus.conversations)}, the model says {_seen(model.conversations)}")
    if model.result == corpus.result == "error" and model.reasons is not None:
        wanted, allowed = model.reasons, corpus.reasons
        if not allowed:
            out.append(f"any reason is allowed, but a refused token's reason is the verifier's ({' or '.join(sorted(wanted))})")
        elif allowed != wanted:
            out.append(f"the reasons allowed are {' or '.join(sorted(allowed))}; the earliest failing stage gives "
                       f"{' or '.join(sorted(wanted))}")
    return out


def _first_difference(run: SessionRun, expectations: list[StepExpectation], choice: dict[str, int], cut: int):
    for k in range(cut):
        diffs = _differences(run.observations[k], expectations[k].at(choice))
        if diffs:
            return k, diffs
    return None


def _readings_text(chosen: dict[str, int]) -> str:
    if not chosen:
        return "the model (no ambiguity involved)"
    return "the model reading " + "; ".join(f"{a} as '{SESSION_READINGS[a][r]}'" for a, r in sorted(chosen.items()))


def _choice_text(expectation: StepExpectation, choice: dict[str, int]) -> str:
    if expectation.ambiguity is None:
        return "the vector expects"
    return f"the vector's reading {choice[expectation.ambiguity] + 1} of {expectation.ambiguity} expects"


def _token_problems(step: dict, verdict: Verdict, expectation: StepExpectation, profile: Profile,
                    keys: list[Key], now: int, alternatives: list[Verdict] | None = None) -> list[str]:
    """Task (a): the token of a logIn/login step against every observation the step allows.
    `alternatives`: the token's verdicts under the readings of the verifier ambiguity the
    step names; an observation one of them explains is not a problem."""
    problems = []
    for observation in expectation.observations:
        single = StepExpectation(None, [observation])
        found = _observation_token_problems(step, verdict, single, profile, keys, now)
        if found and any(not _observation_token_problems(step, v, single, profile, keys, now) for v in alternatives or []):
            continue
        problems.extend(p for p in found if p not in problems)
    return problems


def _observation_token_problems(step: dict, verdict: Verdict, expectation: StepExpectation, profile: Profile,
                                keys: list[Key], now: int) -> list[str]:
    problems = []
    call, token = step["call"], step.get("token")
    for observation in expectation.observations:
        if observation.result == "ok":
            if not verdict.accept:
                problems.append(f"a successful {call} needs a token the oracle accepts; it says {verdict}"
                                + unstated_reading(token, keys, now, profile, lambda v: v.accept and v.identity == observation.identity))
            elif observation.identity != verdict.identity:
                why = ""
                if profile.session_model == "sunshine" and observation.identity == ("externalId", step.get("externalId")):
                    why = " (the token decides who logs in, never the login argument)"
                elif len(profile.identity_claims) > 1:
                    why = " (identity claims in precedence order: " + " before ".join(c for c, _ in profile.identity_claims) + ")"
                problems.append(f"the vector has {_who(observation.identity)} logged in, but the token names {_who(verdict.identity)}{why}")
        elif observation.result == "error" and observation.reasons:
            allowed = observation.reasons
            if verdict.accept:
                problems.append(f"the vector blames the token ({' or '.join(sorted(allowed))}), but the oracle accepts it as "
                                f"{_who(verdict.identity)}" + unstated_reading(token, keys, now, profile, lambda v: not v.accept and bool(v.reasons & allowed)))
            else:
                if not allowed <= verdict.reasons:
                    problems.append(f"the vector names {', '.join(sorted(allowed - verdict.reasons))}, which is not a reason of the "
                                    f"earliest failing stage ({verdict})"
                                    + unstated_reading(token, keys, now, profile, lambda v: not v.accept and bool(v.reasons & allowed)))
                if not verdict.reasons <= allowed:
                    problems.append(f"the earliest failing stage also fails with {', '.join(sorted(verdict.reasons - allowed))}; "
                                    "a session that reports it would be failed")
        elif observation.result == "conflict" and not verdict.accept:
            problems.append(f"a conflict is the backend's refusal of a token it accepts; the oracle says {verdict}")
        elif observation.result == "answer":
            problems.append(f"{call} is expected to answer like isLoggedIn")
    return problems


def judge_session(test: dict, group: dict, profile: Profile, catalogue: dict) -> Outcome:
    keys = read_keys(inherited(test, group, "keys"))
    platform = inherited(test, group, "platform")
    test_now = inherited(test, group, "now")
    steps = test.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, dict) for s in steps):
        raise BadVector("steps is not a non-empty list of objects")
    history: dict[tuple[str, str], frozenset[str]] = {}
    start = test.get("start") or {}
    for i, entry in enumerate((start.get("history") if isinstance(start, dict) else None) or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("conversations"), list):
            raise BadVector(f"start.history[{i}] is not {{identity, conversations}}")
        who = read_identity(entry.get("identity"), f"start.history[{i}].identity")
        history[who] = history.get(who, frozenset()) | frozenset(entry["conversations"])
    directory: dict[str, str] = {}
    for i, entry in enumerate((start.get("directory") if isinstance(start, dict) else None) or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("email"), str) or not isinstance(entry.get("externalId"), str):
            raise BadVector(f"start.directory[{i}] is not {{email, externalId}}")
        directory[entry["email"]] = entry["externalId"]
    expectations, nows = [], []
    for i, step in enumerate(steps):
        if step.get("call") not in ("logIn", "logOut", "logOutThenLogIn", "login", "logout", "loginUser", "logoutUser",
                                    "boot", "update", "shutdown", "isLoggedIn", "startConversation", "restart"):
            raise BadVector(f"steps[{i}].call {show(step.get('call'))} is not a known call")
        if step["call"] in TOKEN_CALLS and not isinstance(step.get("token"), str) and not (step["call"] == "update" and "token" not in step):
            raise BadVector(f"steps[{i}]: {step['call']} without a token")
        if step["call"] == "login" and not isinstance(step.get("externalId"), str):
            raise BadVector(f"steps[{i}]: login without an externalId")
        if step["call"] == "startConversation" and not isinstance(step.get("conversation"), str):
            raise BadVector(f"steps[{i}]: startConversation without a conversation")
        now = step.get("now") if step.get("now") is not None else test_now
        if not isinstance(now, int) or isinstance(now, bool):
            raise BadVector(f"steps[{i}].now is not an integer")
        nows.append(now)
        expectations.append(read_step_expectation(step.get("expected"), f"steps[{i}].expected"))

    step_problems: dict[int, list[str]] = {}
    notes: list[str] = []

    def problem(k: int, text: str) -> None:
        if text not in step_problems.setdefault(k, []):
            step_problems[k].append(text)

    # Which ambiguities the vector names, and with how many readings.
    named: dict[str, int] = {}
    blocked: tuple[int, str] | None = None  # the first step naming an ambiguity the model has no readings for
    for k, expectation in enumerate(expectations):
        ambiguity = expectation.ambiguity
        if ambiguity is None:
            continue
        if named.setdefault(ambiguity, len(expectation.observations)) != len(expectation.observations):
            problem(k, f"{ambiguity} has {len(expectation.observations)} readings here and {named[ambiguity]} at an earlier step")
            blocked = blocked or (k, f"{ambiguity} has another number of readings here")
            continue
        entry = next((a for a in catalogue.get("ambiguities", []) if isinstance(a, dict) and a.get("id") == ambiguity), None)
        if catalogue and entry is None:
            problem(k, f"the ambiguity {ambiguity} is not in the catalogue")
        elif entry is not None and profile.id not in (entry.get("profiles") or []):
            problem(k, f"{ambiguity} is about {', '.join(entry.get('profiles') or [])}, not {profile.id}")
        elif ambiguity not in SESSION_READINGS and ambiguity not in SESSION_DECIDED and blocked is None:
            blocked = (k, f"the session model has no readings for {ambiguity}")

    # (a) every token, judged on its own at its step's clock.
    verdicts: dict[int, Verdict | str] = {}
    forks: dict[int, tuple[str, list[Verdict]]] = {}
    token_status: dict[int, str] = {}
    for k, step in enumerate(steps):
        if step["call"] not in TOKEN_CALLS or "token" not in step:
            continue
        try:
            verdict = verify(step["token"], keys, nows[k], profile)
        except CannotJudge as error:
            verdicts[k], token_status[k] = str(error), "not judged"
            continue
        verdicts[k] = verdict
        alternatives = [verify(step["token"], keys, nows[k], profile, rd) for rd in
                        SESSION_TOKEN_READINGS.get(expectations[k].ambiguity or "", ())]
        if not alternatives and profile.session_model == "kustomer":
            for ambiguity, readings in SESSION_TOKEN_READINGS.items():
                judged = [verify(step["token"], keys, nows[k], profile, rd) for rd in readings]
                if len({v.accept for v in judged}) > 1:  # the ambiguity is whether the token is valid
                    forks[k] = (ambiguity, judged)
        elif len({v.key() for v in alternatives}) > 1:
            forks[k] = (expectations[k].ambiguity, alternatives)
        found = _token_problems(step, verdict, expectations[k], profile, keys, nows[k], alternatives)
        for text in found:
            problem(k, "token: " + text)
        token_status[k] = "disagreed" if found else "agreed"
        notes.extend(f"step {k + 1} token: {n}" for n in reading_flip_notes(step["token"], keys, nows[k], profile, verdict))

    # (b) the session model.
    # It judges every step up to the first it has no rule for (the state after that is unknown).
    not_judged: dict[int, str] = {}
    ctx = SessionContext(profile, platform, verdicts, forks)
    runs = explore_session(ctx, SessionState(None, frozenset(), history, directory=directory), steps)
    stops = [r.stopped for r in runs if r.stopped] + ([blocked] if blocked else [])
    cut = min([k for k, _ in stops] + [len(steps)])
    if cut < len(steps):
        not_judged[cut] = next(why for k, why in stops if k == cut)
        for k in range(cut + 1, len(steps)):
            not_judged[k] = f"after step {cut + 1}, which the model cannot judge"
    named = {a: n for a, n in named.items() if any(e.ambiguity == a for e in expectations[:cut])}
    choices = [dict(zip(named, combo)) for combo in itertools.product(*(range(n) for n in named.values()))]
    consulted = {a for r in runs for a in r.chosen}
    # Every run of the model must pass the vector: else the vector fails a conforming session.
    for run in runs:
        induced = {a: run.chosen.get(a, 0) for a in named}
        ordered = ([induced] if all(induced[a] < named[a] for a in named) else []) + [c for c in choices if c != induced]
        best = None
        for choice in ordered:
            found = _first_difference(run, expectations, choice, cut)
            if found is None:
                best = None
                break
            if best is None or found[0] > best[1][0]:
                best = (choice, found)
        else:
            if best is not None:
                choice, (k, diffs) = best
                problem(k, f"session: under {_readings_text(run.chosen)} a session observes "
                           f"{run.observations[k].describe(True)}; {_choice_text(expectations[k], choice)} "
                           f"{expectations[k].at(choice).describe(False)} ({'; '.join(diffs)}): a conforming session would be failed")
    # Every sequence the vector allows must be one the model gives: else it passes a wrong
    # session. And its reading j of an ambiguity must be the catalogue's reading j.
    for choice in choices:
        best, matching = None, []
        for run in runs:
            found = _first_difference(run, expectations, choice, cut)
            if found is None:
                matching.append(run)
            elif best is None or found[0] > best[1][0]:
                best = (run, found)
        if matching:
            if not any(all(run.chosen.get(a, choice[a]) == choice[a] for a in named) for run in matching):
                run = matching[0]
                swapped = sorted(a for a in named if run.chosen.get(a, choice[a]) != choice[a])
                k = next(i for i, e in enumerate(expectations) if e.ambiguity in swapped)
                problem(k, "session: the readings are not in the catalogue's order: "
                           + "; ".join(f"the vector's reading {choice[a] + 1} of {a} is the catalogue's reading "
                                       f"{run.chosen[a] + 1} ('{SESSION_READINGS[a][run.chosen[a]]}')" for a in swapped))
            continue
        if best is not None:
            run, (k, diffs) = best
            if any(p.startswith("session:") for p in step_problems.get(k, [])):
                continue  # already shown from the model's side
            expectation = expectations[k]
            unused = ""
            if expectation.ambiguity is not None and expectation.ambiguity not in consulted:
                unused = f"; the model's readings do not depend on {expectation.ambiguity} here"
                if expectation.ambiguity in SESSION_DECIDED:
                    unused = f"; {SESSION_DECIDED[expectation.ambiguity]}"
            problem(k, f"session: {_choice_text(expectation, choice)} {expectation.at(choice).describe(False)}, which no "
                       f"reading allows: {_readings_text(run.chosen)} gives {run.observations[k].describe(True)} "
                       f"({'; '.join(diffs)}){unused}")

    # Per-step tally and the vector's outcome.
    counts = {"checked": len(steps), "agreed": 0, "disagreed": 0, "not judged": 0}
    for k in range(len(steps)):
        counts["disagreed" if k in step_problems else "not judged" if k in not_judged else "agreed"] += 1
    tokens = {"checked": len(token_status), **{s: list(token_status.values()).count(s) for s in ("agreed", "disagreed", "not judged")}}
    readings = sorted({a for r in runs for a in r.chosen})
    corpus = f"{len(steps)} steps on {platform}" + (f"; readings of {', '.join(sorted(named))}" if named else "")
    oracle_text = (f"{len(runs)} model run(s)" + (f" over {', '.join(readings)}" if readings else "")
                   + f"; {tokens['checked']} token(s): "
                   + f"{sum(1 for v in verdicts.values() if isinstance(v, Verdict) and v.accept)} accepted, "
                   + f"{sum(1 for v in verdicts.values() if isinstance(v, Verdict) and not v.accept)} refused")
    outcome = Outcome("agreed", corpus, oracle_text, "", notes)
    outcome.steps, outcome.tokens = counts, tokens
    if step_problems:
        outcome.status = "disagreed"
        outcome.why = "\n            ".join(f"step {k + 1} ({steps[k]['call']}): {text}"
                                           for k in sorted(step_problems) for text in step_problems[k])
    elif not_judged:
        outcome.status = "not judged"
        first = min(not_judged)
        outcome.why = f"steps {first + 1}–{len(steps)} not judged by the session model: {not_judged[first]}" if first < len(steps) - 1 \
            else f"step {first + 1} not judged by the session model: {not_judged[first]}"
        if any(token_status.get(k) == "agreed" for k in not_judged):
            outcome.why += " (their tokens agree)"
    return outcome



# ---------------------------------------------------------------------------------------
# Running over a corpus


@dataclass
class FileReport:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: {"checked": 0, "agreed": 0, "disagreed": 0, "not judged": 0})
    entries: list[tuple[str, Outcome]] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)  # session files: steps and tokens judged
    tokens: dict[str, int] = field(default_factory=dict)


def load_profiles(root: str) -> dict[str, Profile]:
    folder = os.path.join(root, "profiles")
    if not os.path.isdir(folder):
        raise OracleInputError(f"{folder}: no such folder")
    profiles = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            where = os.path.join(folder, name)
            profile = Profile.from_json(load_json_file(where), where)
            profiles[profile.id] = profile
    return profiles


def corpus_files(root: str) -> list[str]:
    folder = os.path.join(root, "corpus")
    if not os.path.isdir(folder):
        raise OracleInputError(f"{folder}: no such folder")
    found = []
    for directory, _, names in os.walk(folder):
        found.extend(os.path.join(directory, n) for n in names if n.endswith(".json"))
    return sorted(found)


def run(root: str) -> tuple[list[FileReport], list[str]]:
    """Judges every vector under `root`. Returns the per-file reports and the input errors."""
    errors: list[str] = []
    profiles = load_profiles(root)
    catalogue_path = os.path.join(root, "rules", "catalogue.json")
    catalogue: dict = {}
    if os.path.exists(catalogue_path):
        catalogue = load_json_file(catalogue_path)
        if not isinstance(catalogue, dict):
            raise OracleInputError(f"{catalogue_path}: not an object")
    reports = []
    for path in corpus_files(root):
        name = os.path.relpath(path, os.path.join(root, "corpus"))
        report = FileReport(name)
        reports.append(report)
        try:
            doc = load_json_file(path)
        except OracleInputError as error:
            errors.append(str(error))
            continue
        if not isinstance(doc, dict):
            errors.append(f"{name}: not an object")
            continue
        role = doc.get("role")
        profile = profiles.get(doc.get("profile"))
        if profile is None:
            errors.append(f"{name}: unknown profile {show(doc.get('profile'))}; known: {', '.join(sorted(profiles))}")
            continue
        groups = doc.get("testGroups")
        if not isinstance(groups, list):
            errors.append(f"{name}: testGroups is not a list")
            continue
        for gi, group in enumerate(groups):
            tests = group.get("tests") if isinstance(group, dict) else None
            if not isinstance(tests, list):
                errors.append(f"{name}: testGroups[{gi}].tests is not a list")
                continue
            for ti, test in enumerate(tests):
                vector_id = test.get("id") if isinstance(test, dict) else None
                label = vector_id if isinstance(vector_id, str) else f"testGroups[{gi}].tests[{ti}]"
                try:
                    if not isinstance(test, dict):
                        raise BadVector("a test is not an object")
                    if role == "verifier":
                        outcome = judge_verifier(test, group, profile, catalogue)
                    elif role == "signer":
                        outcome = judge_signer(test, group, profile)
                    elif role == "session":
                        outcome = judge_session(test, group, profile, catalogue)
                    else:
                        raise BadVector(f"unknown role {show(role)}")
                except BadVector as error:
                    errors.append(f"{name}: {label}: {error}")
                    continue
                except (RecursionError, MemoryError, ValueError, TypeError, KeyError, OverflowError) as error:
                    outcome = Outcome("not judged", "", "", f"the oracle failed on this vector: {type(error).__name__}: {error}")
                report.counts["checked"] += 1
                report.counts[outcome.status] += 1
                report.entries.append((label, outcome))
                for tally, part in ((report.steps, outcome.steps), (report.tokens, outcome.tokens)):
                    for k, v in (part or {}).items():
                        tally[k] = tally.get(k, 0) + v
    return reports, errors


def print_report(reports: list[FileReport], errors: list[str], verbose: bool, out=None) -> None:
    out = out or sys.stdout
    total = {"checked": 0, "agreed": 0, "disagreed": 0, "not judged": 0}
    width = max([len(r.name) for r in reports] + [5])
    print("per file:", file=out)
    for report in reports:
        c = report.counts
        for k in total:
            total[k] += c[k]
        print(f"  {report.name:<{width}}  checked {c['checked']:4}  agreed {c['agreed']:4}  "
              f"disagreed {c['disagreed']:3}  not judged {c['not judged']:3}", file=out)
        for what, tally in (("steps", report.steps), ("tokens", report.tokens)):
            if tally:
                print(f"  {'  ' + what:<{width}}  checked {tally.get('checked', 0):4}  agreed {tally.get('agreed', 0):4}  "
                      f"disagreed {tally.get('disagreed', 0):3}  not judged {tally.get('not judged', 0):3}", file=out)
    print(f"  {'total':<{width}}  checked {total['checked']:4}  agreed {total['agreed']:4}  "
          f"disagreed {total['disagreed']:3}  not judged {total['not judged']:3}", file=out)
    disagreements = [(r.name, i, o) for r in reports for i, o in r.entries if o.status == "disagreed"]
    not_judged = [(r.name, i, o) for r in reports for i, o in r.entries if o.status == "not judged"]
    if disagreements:
        print(f"\n{len(disagreements)} disagreement(s):", file=out)
        for name, vector_id, o in disagreements:
            print(f"  {vector_id} ({name})\n    corpus: {o.corpus}\n    oracle: {o.oracle}\n    why:    {o.why}", file=out)
    if not_judged:
        print(f"\n{len(not_judged)} not judged:", file=out)
        by_reason: dict[str, list[str]] = {}
        for name, vector_id, o in not_judged:
            by_reason.setdefault(o.why, []).append(f"{vector_id} ({name})")
        for why, vectors in by_reason.items():
            if len(vectors) <= 3:
                for vector in vectors:
                    print(f"  {vector}: {why}", file=out)
            else:
                print(f"  {len(vectors)} vectors: {why}: {vectors[0]} … {vectors[-1]}", file=out)
    if verbose:
        noted = [(r.name, i, o) for r in reports for i, o in r.entries if o.notes]
        if noted:
            print(f"\nnotes on {len(noted)} vector(s):", file=out)
            for name, vector_id, o in noted:
                for note in o.notes:
                    print(f"  {vector_id} ({name}): {note}", file=out)
    if errors:
        print(f"\n{len(errors)} input error(s):", file=out)
        for error in errors:
            print(f"  {error}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Independent oracle for the jwt-conformance vectors.")
    parser.add_argument("--vectors", default="Vectors", help="the folder holding profiles/, rules/ and corpus/")
    parser.add_argument("--verbose", action="store_true", help="also print the notes (reading-dependent verdicts)")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a note may quote a lone surrogate from a token
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        reports, errors = run(args.vectors)
    except OracleInputError as error:
        print(f"oracle: unreadable input: {error}", file=sys.stderr)
        return 2
    print_report(reports, errors, args.verbose)
    total = {k: sum(r.counts[k] for r in reports) for k in ("checked", "agreed", "disagreed", "not judged")}
    summary = (f"oracle: {total['checked']} checked, {total['agreed']} agreed, {total['disagreed']} disagreed, "
               f"{total['not judged']} not judged")
    if errors:
        print(f"{summary}; unreadable input ({len(errors)} error(s))", file=sys.stderr)
        return 2
    if total["checked"] == 0:
        print(f"{summary}: no vectors under {args.vectors}/corpus", file=sys.stderr)
        return 2
    print(summary)
    return 1 if total["disagreed"] else 0


if __name__ == "__main__":
    sys.exit(main())
