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
import json
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
    lone_surrogates_accepted: bool = False  # RFC 8259 §8.2: behaviour unpredictable; the suite refuses them
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
    "lone_surrogates_accepted": [True],
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
    "lone_surrogates_accepted": "lone surrogate escapes accepted (RFC 8259 §8.2)",
    "empty_crit_accepted": "an empty crit list tolerated",
    "registered_in_crit_accepted": "registered names in crit tolerated",
    "first_key_only": "only the first candidate key tried",
}

# The readings each ambiguity of the catalogue (Vectors/rules/catalogue.json) is about, from
# its question and readings. An ambiguity not listed here is placed by the keywords below,
# or else judged against every vendor reading, with a note.
AMBIGUITY_KNOBS: dict[str, tuple[str, ...]] = {
    "AMB-KUS-TYP-REQUIRED": ("typ_required",),
    "AMB-SUN-TYP-REQUIRED": ("typ_required",),
    "AMB-SUN-TYP": ("typ_required", "typ_ignored"),
    "AMB-TYP-CASE": ("typ_media_type", "typ_exact_case"),
    "AMB-KUS-IAT-BOUNDARY": ("iat_age_exclusive",),
    "AMB-KUS-IAT-FUTURE": ("iat_future",),
    "AMB-NUMERICDATE-STRING": ("string_numeric_date", "unreadable_numeric_date_ignored"),
    "AMB-NUMERICDATE-FRACTION": ("numeric_date_integer_only", "numeric_date_truncated"),
    "AMB-NUMERICDATE-RANGE": ("numeric_date_int64_only",),
    "AMB-CLOCK-LEEWAY": ("leeway",),
    "AMB-KUS-EXTERNALID-NUMBER": ("numeric_identity",),
    "AMB-KUS-EMAIL-FALLBACK": ("empty_identity_absent", "null_absent", "precedence_first_valid"),
    "AMB-KUS-SHADOWED-EXTERNALID": ("all_identity_claims_checked",),
    "AMB-NULL-CLAIM": ("null_absent",),
    "AMB-SUN-LEGACY-SCOPE": ("legacy_scope",),
    "AMB-SUN-IAT": ("iat_checked_anyway",),
    "AMB-SUN-ALG-FAMILY": ("alg_family",),
    "AMB-SUN-KEY-SELECTION": ("kid_ignored",),
    "AMB-DUPLICATE-MEMBERS": ("duplicates_last_wins",),
    "AMB-SHORT-SECRET": ("short_keys_refused",),
    "AMB-RESOURCE-LIMITS": ("size_limit", "nesting_limit"),
    "AMB-JSON-LONE-SURROGATE": ("lone_surrogates_accepted",),
    # about what an SDK does across logIn/logOut/isLoggedIn: no verifier reading at all
    "AMB-SUN-LOGIN-ARG-MISMATCH": (),
    "AMB-KUS-ISLOGGEDIN-BOTH": (),
}
# Any other ambiguity whose id has this infix is a session ambiguity too.
SESSION_AMBIGUITY_INFIX = "-SES-"
def knobs_for_ambiguity(ambiguity_id: str) -> tuple[str, ...] | None:
    """The readings an ambiguity is about; () for a session ambiguity; None when unknown."""
    if ambiguity_id in AMBIGUITY_KNOBS:
        return AMBIGUITY_KNOBS[ambiguity_id]
    if SESSION_AMBIGUITY_INFIX in ambiguity_id:
        return ()
    return None


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
        try:
            result = parse_json_cached(data)
        except OracleLimit as error:
            raise CannotJudge(f"the {name}: {error}") from None
        except ValueError as error:
            return reject({"malformed": f"the {name}: {error}"})
        if rd.nesting_limit is not None and result.depth > rd.nesting_limit:
            return reject({"malformed": f"the {name} is nested {result.depth} deep (limit {rd.nesting_limit})"})
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
    elif kid_required and not isinstance(kid, str):
        header_problems.append(f"kid is a {type_name(kid)}")
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
            add("missing-claim", f"no {claim}")
        elif not isinstance(value, str):
            add("invalid-claim-type", f"{claim} is a {type_name(value)}")
        elif value != wanted and not legacy:
            add("invalid-claim-value", f"{claim} is {show(value)}, not {wanted!r}")
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
            for name, value, rd in single_flips(VENDOR_KNOBS):
                other = verify(token, keys, now, profile, rd)
                if other.accept != baseline.accept:
                    notes.append(f"under the reading '{KNOB_DESCRIPTIONS[name]}' ({name}={value}) the oracle would {other}")
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
        for name, value, rd in single_flips(VENDOR_KNOBS):
            if expectation.allows(verify(token, keys, now, profile, rd)):
                why += f"; the corpus matches the reading '{KNOB_DESCRIPTIONS[name]}' ({name}={value}), which the profile file does not state"
                break
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
    mapped = knobs_for_ambiguity(expectation.ambiguity)
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
                       f"the oracle has no reading for {expectation.ambiguity} (add it to AMBIGUITY_KNOBS); "
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
# Running over a corpus


@dataclass
class FileReport:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: {"checked": 0, "agreed": 0, "disagreed": 0, "not judged": 0})
    entries: list[tuple[str, Outcome]] = field(default_factory=list)


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
                        outcome = Outcome("not judged", "", "", "session vectors: the oracle has no session model")
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
