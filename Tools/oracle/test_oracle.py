"""Tests for the oracle: it agrees with a correct file, and it CAN FAIL.

Each test writes a small `Vectors`-shaped folder (profiles, catalogue, one corpus file)
to a temporary directory and runs the oracle over it. The tokens are built here with
`hmac` directly, not with the oracle's code.

    python3 -m pytest Tools/oracle/test_oracle.py     (or: python3 Tools/oracle/test_oracle.py)
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

NOW = 1_700_000_000
KUS_SECRET = "kustomer-test-secret-0123456789abcdef"
SUN_KID = "app_5deaa3531c7f940010cc4ba4"
SUN_SECRET = "BFJJ88naxc5PZNAMU9KpBNTR"  # the vendor's sample: 24 bytes and valid base64

KUSTOMER = {
    "id": "kustomer", "title": "Kustomer Chat", "sources": ["000_777d1ef689657a14.txt"],
    "algorithms": ["HS256"],
    "header": {"typ": "JWT", "typRequired": False, "keyIdRequired": False, "understoodCriticalParameters": []},
    "identityClaims": [{"claim": "email", "kind": "email"}, {"claim": "externalId", "kind": "externalId"}],
    "scope": None,
    "issuedAt": {"required": True, "maximumAge": 900, "maximumFutureSkew": 900},
    "expiration": {"honoured": True, "required": False},
    "notBefore": {"honoured": True},
    "name": "Kustomer", "idPrefix": "KUS",
    "session": {"model": "kustomer", "platforms": [
        {"platform": "ios", "calls": ["logIn", "isLoggedIn", "startConversation", "restart", "logOut"]},
        {"platform": "android", "calls": ["logIn", "isLoggedIn", "startConversation", "restart"]},
        {"platform": "web", "calls": ["logIn", "isLoggedIn", "startConversation", "restart"]},
        {"platform": "react-native",
         "calls": ["logIn", "isLoggedIn", "startConversation", "restart", "logOut", "logOutThenLogIn"]},
    ]},
}
SUNSHINE = {
    "id": "sunshine", "title": "Sunshine Conversations", "sources": ["004_72221c0a125b0e0a.txt"],
    "algorithms": ["HS256"],
    "header": {"typ": "JWT", "typRequired": False, "keyIdRequired": True, "understoodCriticalParameters": []},
    "identityClaims": [{"claim": "external_id", "kind": "externalId"}],
    "scope": {"claim": "scope", "value": "user"},
    "issuedAt": None,
    "expiration": {"honoured": True, "required": False},
    "notBefore": {"honoured": True},
    "name": "Sunshine", "idPrefix": "SUN",
    "session": {"model": "sunshine", "platforms": [
        {"platform": p, "calls": ["login", "logout", "startConversation", "restart"]} for p in ("web", "ios", "android")
    ]},
}
ZDM_KID, ZDM_SECRET = "app_65a1f0c2d3e4b50012ab34cd", "zendesk-messaging-test-secret"
ZENDESK_SESSIONS = {
    **SUNSHINE, "id": "zendesk-messaging", "title": "Zendesk messaging", "name": "Zendesk messaging", "idPrefix": "ZDM",
    "session": {"model": "zendesk-messaging", "platforms": [
        {"platform": p, "calls": ["loginUser", "logoutUser", "startConversation", "restart"]} for p in ("ios", "android")
    ]},
}
ICM_SECRET = "intercom-messenger-test-secret"
INTERCOM_SESSIONS = {
    **SUNSHINE, "id": "intercom", "title": "Intercom Messenger", "name": "Intercom", "idPrefix": "ICM",
    "header": {"typ": "JWT", "typRequired": False, "keyIdRequired": False, "understoodCriticalParameters": []},
    "identityClaims": [{"claim": "user_id", "kind": "externalId"}], "scope": None,
    "session": {"model": "intercom", "platforms": [
        {"platform": "web", "calls": ["boot", "update", "shutdown", "startConversation", "restart"]}]},
}
CATALOGUE = {
    "rules": [],
    "ambiguities": [{
        "id": "AMB-KUS-IAT-BOUNDARY", "profiles": ["kustomer"],
        "question": "Is an iat exactly 15 minutes old inside the window?",
        "readings": ["within 15 minutes: inclusive", "under 15 minutes old: exclusive"],
        "decision": "either", "rationale": "the documents disagree", "sources": ["000_777d1ef689657a14.txt"],
        "verifierReadings": ["iat_age_exclusive"],
    }],
    "flags": [],
}
# Each with the verifierReadings its catalogue entry names (the real catalogue's, for the real ids).
for _id, _question, _readings in (
        ("AMB-DUPLICATE-MEMBERS", "A member named twice: refuse, or read one of them?", ["duplicates_last_wins"]),
        ("AMB-NUMERICDATE-STRING", "iat/exp/nbf as a string of digits?", ["string_numeric_date", "unreadable_numeric_date_ignored"]),
        ("AMB-SUN-IAT", "Does a Sunshine verifier check iat at all?", ["iat_checked_anyway"]),
        ("AMB-RESOURCE-LIMITS", "Must a verifier accept a very large or deeply nested token?", ["size_limit", "nesting_limit", "number_limit"]),
        ("AMB-KUS-SES-RESTART", "Does a login survive an app restart?", []),
        ("AMB-KUS-SES-PRE-LOGIN-CHATS", "Are chats started anonymously kept at logIn?", []),
        ("AMB-KUS-SES-RELOGIN-FAILURE", "What does a refused logOutThenLogIn leave?", []),
        ("AMB-KUS-ISLOGGEDIN-BOTH", "isLoggedIn by the externalId of a token that also has an email?", []),
        ("AMB-SUN-LOGIN-ARG-MISMATCH", "login(externalId, jwt) when they differ?", []),
        ("AMB-SUN-SES-MERGE", "An anonymous conversation, then a login as a user who has one?", []),
        ("AMB-SUN-SES-EXPIRED", "What does a session observe after its token's exp?", []),
        ("AMB-KUS-EMAIL-FALLBACK", "An empty email beside a valid externalId?",
         ["empty_identity_absent", "null_absent", "precedence_first_valid"]),
        ("AMB-SOMETHING-NEW", "A question the oracle has no reading for", None),
        ("AMB-UNKNOWN-READING", "A question about a reading the oracle does not implement", ["no_such_reading"])):
    CATALOGUE["ambiguities"].append({"id": _id, "profiles": ["kustomer", "sunshine"], "question": _question,
                                     "readings": ["a", "b"], "decision": "either", "rationale": "r", "sources": ["s"]})
    if _readings is not None:
        CATALOGUE["ambiguities"][-1]["verifierReadings"] = _readings
CATALOGUE["ambiguities"].append({"id": "AMB-IC-SETTINGS-MISMATCH", "profiles": ["intercom"], "question": "settings user_id?",
                                 "readings": ["an error", "the token wins", "the settings win"], "decision": "1 or 2",
                                 "rationale": "r", "sources": ["s"]})


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(header: dict | bytes, payload: dict | bytes, secret: str | bytes | None = KUS_SECRET) -> str:
    """A compact JWS. `secret` as str is used as UTF-8 bytes; as bytes, used as given."""
    h = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    p = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
    signing_input = b64(h) + "." + b64(p)
    if secret is None:
        return signing_input + "."
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return signing_input + "." + b64(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())


def kus(payload: dict, header: dict | None = None, **kw) -> str:
    return token(header or {"alg": "HS256", "typ": "JWT"}, payload, **kw)


def sun(payload: dict, header: dict | None = None, secret=SUN_SECRET) -> str:
    return token(header or {"alg": "HS256", "typ": "JWT", "kid": SUN_KID}, payload, secret=secret)


_counter = [0]


def vtest(expected: dict, tok: str | None = None, prefix: str = "KUS-TIM", **extra) -> dict:
    _counter[0] += 1
    test = {"id": f"{prefix}-{_counter[0]:03d}", "description": "a test", "rules": ["R"], "sources": ["S"], "flags": []}
    if tok is not None:
        test["token"] = tok
    test["expected"] = expected
    test.update(extra)
    return test


def vector_file(profile: str, tests: list[dict], role: str = "verifier", category: str = "timing") -> dict:
    if role == "verifier":
        keys = ([{"kid": None, "secret": KUS_SECRET}] if profile == "kustomer"
                else [{"kid": SUN_KID, "secret": SUN_SECRET}])
        group = {"description": "g", "now": NOW, "keys": keys, "tests": tests}
    else:
        key = {"kid": None, "secret": KUS_SECRET} if profile == "kustomer" else {"kid": SUN_KID, "secret": SUN_SECRET}
        group = {"description": "g", "now": NOW, "key": key, "tests": tests}
    return {"suiteVersion": "1.0.0", "profile": profile, "role": role, "category": category,
            "title": "t", "numberOfTests": len(tests), "testGroups": [group]}


def accept(kind: str, value: str) -> dict:
    return {"result": "accept", "identity": {"kind": kind, "value": value}}


def reject(reason: str, *alternatives: str) -> dict:
    out = {"result": "reject", "reason": reason}
    if alternatives:
        out["alternativeReasons"] = list(alternatives)
    return out


class OracleRun:
    """Writes a Vectors folder and runs the oracle over it."""

    def __init__(self, files: dict[str, dict | str]):
        self.dir = tempfile.TemporaryDirectory()
        root = self.dir.name
        for sub in ("profiles", "rules", "corpus"):
            os.makedirs(os.path.join(root, sub))
        self.write("profiles/kustomer.json", KUSTOMER)
        self.write("profiles/sunshine.json", SUNSHINE)
        self.write("rules/catalogue.json", CATALOGUE)
        for name, doc in files.items():
            self.write(name, doc)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            self.status = oracle.main(["--vectors", root, "--verbose"])
        self.output = out.getvalue() + err.getvalue()
        try:
            self.reports, self.errors = oracle.run(root)
        except oracle.OracleInputError as error:
            self.reports, self.errors = [], [str(error)]
        self.dir.cleanup()

    def write(self, name: str, doc: dict | str) -> None:
        path = os.path.join(self.dir.name, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(doc if isinstance(doc, str) else json.dumps(doc, indent=1))

    def outcomes(self) -> dict[str, oracle.Outcome]:
        return {vid: o for r in self.reports for vid, o in r.entries}

    def status_of(self, vector_id: str) -> str:
        return self.outcomes()[vector_id].status


def single(profile: str, test: dict, role: str = "verifier") -> OracleRun:
    return OracleRun({f"corpus/{profile}/x.json": vector_file(profile, [test], role=role)})


class AgreesWithACorrectFile(unittest.TestCase):
    def test_correct_file(self):
        tests = [
            vtest(accept("externalId", "user-1"), kus({"externalId": "user-1", "iat": NOW})),
            vtest(accept("email", "a@example.com"), kus({"externalId": "user-1", "email": "a@example.com", "iat": NOW - 10})),
            vtest(reject("algorithm-not-allowed"), token({"alg": "none", "typ": "JWT"}, {"externalId": "u", "iat": NOW}, secret=None)),
            vtest(reject("algorithm-not-allowed"), kus({"externalId": "u", "iat": NOW}, header={"alg": "hs256", "typ": "JWT"})),
            vtest(reject("bad-signature"), kus({"externalId": "u", "iat": NOW}, secret="wrong-secret")),
            vtest(reject("issued-at-out-of-window"), kus({"externalId": "u", "iat": NOW - 901})),
            vtest(reject("expired"), kus({"externalId": "u", "iat": NOW, "exp": NOW})),
            vtest(reject("missing-claim"), kus({"iat": NOW})),
            vtest(reject("invalid-claim-type"), kus({"externalId": "u", "iat": str(NOW)})),
            vtest(reject("malformed"), kus({"externalId": "u", "iat": NOW}) + "="),
            vtest({"result": "acceptable", "ambiguity": "AMB-KUS-IAT-BOUNDARY",
                   "identity": {"kind": "externalId", "value": "user-1"}, "reasons": ["issued-at-out-of-window"]},
                  kus({"externalId": "user-1", "iat": NOW - 900})),
        ]
        sun_tests = [
            vtest(accept("externalId", "42"), sun({"scope": "user", "external_id": "42"}), prefix="SUN-CLM"),
            vtest(reject("invalid-claim-type"), sun({"scope": "user", "external_id": 42}), prefix="SUN-CLM"),
            vtest(reject("invalid-header"), sun({"scope": "user", "external_id": "42"}, header={"alg": "HS256", "typ": "JWT"}), prefix="SUN-CLM"),
            vtest(reject("unknown-key"), sun({"scope": "user", "external_id": "42"}, header={"alg": "HS256", "kid": "app_other"}), prefix="SUN-CLM"),
            vtest(reject("invalid-claim-value"), sun({"scope": "appUser", "external_id": "42"}), prefix="SUN-CLM"),
            vtest(reject("expired"), sun({"scope": "user", "external_id": "42", "exp": NOW - 1}), prefix="SUN-CLM"),
        ]
        signer = [
            vtest({"result": "token", "header": {"alg": "HS256", "typ": "JWT"},
                   "claims": {"email": "a@example.com", "externalId": "user-1", "iat": NOW},
                   "identity": {"kind": "email", "value": "a@example.com"}},
                  prefix="KUS-SGN", subject={"externalId": "user-1", "email": "a@example.com"}),
        ]
        sun_signer = [
            vtest({"result": "token", "header": {"alg": "HS256", "typ": "JWT", "kid": SUN_KID},
                   "claims": {"scope": "user", "external_id": "42", "exp": NOW + 3600},
                   "identity": {"kind": "externalId", "value": "42"}},
                  prefix="SUN-SGN", subject={"externalId": "42", "email": None}, lifetime=3600),
        ]
        run = OracleRun({
            "corpus/kustomer/timing.json": vector_file("kustomer", tests),
            "corpus/sunshine/claims.json": vector_file("sunshine", sun_tests, category="claims"),
            "corpus/kustomer/signer.json": vector_file("kustomer", signer, role="signer", category="signer"),
            "corpus/sunshine/signer.json": vector_file("sunshine", sun_signer, role="signer", category="signer"),
        })
        bad = {k: (o.corpus, o.oracle, o.why) for k, o in run.outcomes().items() if o.status != "agreed"}
        self.assertEqual(bad, {}, run.output)
        self.assertEqual(run.status, 0, run.output)
        self.assertIn("disagreed   0", run.output)


class FlagsWrongExpectations(unittest.TestCase):
    def assertFlagged(self, run: OracleRun, vector_id: str):
        self.assertEqual(run.status_of(vector_id), "disagreed", run.output)
        self.assertEqual(run.status, 1, run.output)
        self.assertIn(vector_id, run.output)

    def test_accept_with_forged_signature(self):
        forged = kus({"externalId": "admin", "iat": NOW}, secret="attacker-secret")
        t = vtest(accept("externalId", "admin"), forged)
        run = single("kustomer", t)
        self.assertFlagged(run, t["id"])
        self.assertIn("bad-signature", run.outcomes()[t["id"]].oracle)

    def test_accept_with_signature_stripped(self):
        t = vtest(accept("externalId", "admin"), token({"alg": "none"}, {"externalId": "admin", "iat": NOW}, secret=None))
        self.assertFlagged(single("kustomer", t), t["id"])

    def test_reject_with_wrong_reason(self):
        # expired, not a bad signature
        t = vtest(reject("bad-signature"), kus({"externalId": "u", "iat": NOW, "exp": NOW - 5}))
        run = single("kustomer", t)
        self.assertFlagged(run, t["id"])
        self.assertIn("expired", run.outcomes()[t["id"]].oracle)

    def test_reject_naming_a_later_stage(self):
        # alg none AND expired: the header stage comes first
        t = vtest(reject("expired"), token({"alg": "none"}, {"externalId": "u", "iat": NOW, "exp": 1}, secret=None))
        self.assertFlagged(single("kustomer", t), t["id"])

    def test_reject_missing_a_same_stage_alternative(self):
        # Sunshine: alg none and no kid are both header-stage defects
        t = vtest(reject("algorithm-not-allowed"), token({"alg": "none"}, {"scope": "user", "external_id": "1"}, secret=None),
                  prefix="SUN-HDR")
        self.assertFlagged(single("sunshine", t), t["id"])
        ok = vtest(reject("algorithm-not-allowed", "invalid-header"),
                   token({"alg": "none"}, {"scope": "user", "external_id": "1"}, secret=None), prefix="SUN-HDR")
        self.assertEqual(single("sunshine", ok).status_of(ok["id"]), "agreed")

    def test_wrong_identity_precedence(self):
        both = kus({"externalId": "user-1", "email": "a@example.com", "iat": NOW})
        t = vtest(accept("externalId", "user-1"), both)
        run = single("kustomer", t)
        self.assertFlagged(run, t["id"])
        self.assertIn("a@example.com", run.outcomes()[t["id"]].oracle)

    def test_signature_made_with_base64_decoded_secret(self):
        decoded = base64.b64decode(SUN_SECRET)  # the classic signer bug: the secret is valid base64
        t = vtest(accept("externalId", "42"), sun({"scope": "user", "external_id": "42"}, secret=decoded), prefix="SUN-SIG")
        run = single("sunshine", t)
        self.assertFlagged(run, t["id"])
        # and the other way round: a token signed with the UTF-8 bytes is not a bad signature
        t2 = vtest(reject("bad-signature"), sun({"scope": "user", "external_id": "42"}), prefix="SUN-SIG")
        self.assertFlagged(single("sunshine", t2), t2["id"])

    def test_acceptable_that_touches_no_ambiguity(self):
        t = vtest({"result": "acceptable", "ambiguity": "AMB-KUS-IAT-BOUNDARY",
                   "identity": {"kind": "externalId", "value": "u"}, "reasons": ["issued-at-out-of-window"]},
                  kus({"externalId": "u", "iat": NOW - 100}))
        self.assertFlagged(single("kustomer", t), t["id"])

    def test_acceptable_with_an_unknown_ambiguity(self):
        t = vtest({"result": "acceptable", "ambiguity": "AMB-NOPE", "identity": {"kind": "externalId", "value": "u"}},
                  kus({"externalId": "u", "iat": NOW - 900}))
        self.assertFlagged(single("kustomer", t), t["id"])

    def test_signer_with_wrong_exp_and_identity(self):
        t = vtest({"result": "token", "header": {"alg": "HS256", "typ": "JWT", "kid": SUN_KID},
                   "claims": {"scope": "user", "external_id": "42", "exp": NOW + 60},
                   "identity": {"kind": "externalId", "value": "42"}},
                  prefix="SUN-SGN", subject={"externalId": "42"}, lifetime=3600)
        self.assertFlagged(single("sunshine", t, role="signer"), t["id"])
        t2 = vtest({"result": "token", "header": {"alg": "HS256", "typ": "JWT"},
                    "claims": {"email": "a@example.com", "externalId": "user-1", "iat": NOW},
                    "identity": {"kind": "externalId", "value": "user-1"}},
                   prefix="KUS-SGN", subject={"externalId": "user-1", "email": "a@example.com"})
        self.assertFlagged(single("kustomer", t2, role="signer"), t2["id"])

    def test_signer_with_numeric_external_id(self):
        t = vtest({"result": "token", "header": {"alg": "HS256", "typ": "JWT", "kid": SUN_KID},
                   "claims": {"scope": "user", "external_id": 42},
                   "identity": {"kind": "externalId", "value": "42"}},
                  prefix="SUN-SGN", subject={"externalId": "42"})
        self.assertFlagged(single("sunshine", t, role="signer"), t["id"])


class AmbiguitiesAndPolicies(unittest.TestCase):
    def acceptable(self, ambiguity, identity=None, reasons=()):
        out = {"result": "acceptable", "ambiguity": ambiguity}
        if identity:
            out["identity"] = {"kind": identity[0], "value": identity[1]}
        if reasons:
            out["reasons"] = list(reasons)
        return out

    def test_duplicate_members_last_wins_is_a_reading_first_wins_is_not(self):
        tok = token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"attacker","externalId":"victim","iat":1700000000}')
        last = vtest(self.acceptable("AMB-DUPLICATE-MEMBERS", ("externalId", "victim"), ["malformed"]), tok, prefix="KUS-CLM")
        first = vtest(self.acceptable("AMB-DUPLICATE-MEMBERS", ("externalId", "attacker"), ["malformed"]), tok, prefix="KUS-CLM")
        run = OracleRun({"corpus/kustomer/claims.json": vector_file("kustomer", [last, first], category="claims")})
        self.assertEqual(run.status_of(last["id"]), "agreed", run.output)
        self.assertEqual(run.status_of(first["id"]), "disagreed", run.output)

    def test_an_ambiguity_that_splits_the_case_only_with_another_reading(self):
        # Sunshine has no iat rule: a string iat is refused only by a verifier that checks iat at all
        tok = sun({"scope": "user", "external_id": "u1", "iat": "1700000000"})
        t = vtest(self.acceptable("AMB-NUMERICDATE-STRING", ("externalId", "u1"), ["invalid-claim-type"]), tok, prefix="SUN-TIM")
        run = single("sunshine", t)
        self.assertEqual(run.status_of(t["id"]), "agreed", run.output)
        self.assertIn("only together with", " ".join(run.outcomes()[t["id"]].notes))

    def test_lone_surrogate_is_refused_and_a_later_alternative_must_be_reachable(self):
        tok = token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"u\\ud800","iat":1700000000}')
        t = vtest(reject("malformed", "invalid-claim-value"), tok, prefix="KUS-CLM")
        run = single("kustomer", t)
        self.assertEqual(run.status_of(t["id"]), "agreed", run.output)
        wrong = vtest(accept("externalId", "u\ud800"), tok, prefix="KUS-CLM")
        self.assertEqual(single("kustomer", wrong).status_of(wrong["id"]), "disagreed")

    def test_deep_nesting_is_judged_and_a_wrong_identity_is_never_excused(self):
        payload = b'{"externalId":"u1","iat":1700000000,"deep":' + b"[" * 1000 + b"]" * 1000 + b"}"
        tok = token(b'{"alg":"HS256","typ":"JWT"}', payload)
        ok = vtest(self.acceptable("AMB-RESOURCE-LIMITS", ("externalId", "u1"), ["malformed"]), tok, prefix="KUS-SIG")
        bad = vtest(self.acceptable("AMB-RESOURCE-LIMITS", ("externalId", "u2"), ["malformed"]), tok, prefix="KUS-SIG")
        run = OracleRun({"corpus/kustomer/signature.json": vector_file("kustomer", [ok, bad], category="signature")})
        self.assertEqual(run.status_of(ok["id"]), "agreed", run.output)
        self.assertEqual(run.status_of(bad["id"]), "disagreed", run.output)


class AmbiguityLabels(unittest.TestCase):
    TOKEN = kus({"externalId": "u", "iat": NOW - 900})

    def labelled(self, ambiguity, profile="kustomer"):
        tok = self.TOKEN if profile == "kustomer" else sun({"scope": "user", "external_id": "u", "iat": NOW - 900})
        t = vtest({"result": "acceptable", "ambiguity": ambiguity, "identity": {"kind": "externalId", "value": "u"},
                   "reasons": ["issued-at-out-of-window"]}, tok, prefix="KUS-TIM" if profile == "kustomer" else "SUN-TIM")
        return single(profile, t).outcomes()[t["id"]]

    def test_a_session_ambiguity_on_a_verifier_vector(self):
        self.assertEqual(self.labelled("AMB-KUS-SES-RESTART").status, "disagreed")

    def test_an_ambiguity_of_another_profile(self):
        self.assertEqual(self.labelled("AMB-KUS-IAT-BOUNDARY", profile="sunshine").status, "disagreed")

    def test_an_ambiguity_the_oracle_has_no_reading_for(self):
        outcome = self.labelled("AMB-SOMETHING-NEW")
        self.assertEqual(outcome.status, "not judged")
        self.assertIn("no reading for AMB-SOMETHING-NEW", outcome.why)

    def test_an_ambiguity_naming_a_reading_the_oracle_does_not_implement(self):
        outcome = self.labelled("AMB-UNKNOWN-READING")
        self.assertEqual(outcome.status, "not judged")
        self.assertIn("no reading for AMB-UNKNOWN-READING", outcome.why)

    def test_the_readings_come_from_the_catalogue_entry(self):
        # AMB-KUS-IAT-BOUNDARY's entry names iat_age_exclusive: the token exactly 900 s old is
        # accepted by the profile and refused under that reading, so the vector agrees ...
        self.assertEqual(self.labelled("AMB-KUS-IAT-BOUNDARY").status, "agreed")
        # ... and an entry naming a reading that does not split the case cannot agree.
        entry = next(a for a in CATALOGUE["ambiguities"] if a["id"] == "AMB-KUS-IAT-BOUNDARY")
        saved = entry["verifierReadings"]
        try:
            entry["verifierReadings"] = ["legacy_scope"]
            self.assertNotEqual(self.labelled("AMB-KUS-IAT-BOUNDARY").status, "agreed")
        finally:
            entry["verifierReadings"] = saved


class Strictness(unittest.TestCase):
    def verdict(self, tok, profile=KUSTOMER, keys=None):
        p = oracle.Profile.from_json(profile, "test")
        keys = keys or [oracle.Key(None, KUS_SECRET)]
        return oracle.verify(tok, keys, NOW, p)

    def test_base64url_strictness(self):
        good = kus({"externalId": "u", "iat": NOW})
        self.assertTrue(self.verdict(good).accept)
        h, p, s = good.split(".")
        for bad in (h + "=." + p + "." + s, h + "." + p + "." + s + "=", h.replace("", " ", 1) + "." + p + "." + s,
                    h + "." + p + "." + s.replace("-", "+").replace("_", "/") if ("-" in s or "_" in s) else h + "+." + p + "." + s,
                    h + "." + p + "\n." + s, h + "." + p + "." + s + ".", h + "." + p):
            v = self.verdict(bad)
            self.assertEqual(v.reasons, {"malformed"}, (bad[:40], v))
        # non-zero trailing bits: the last character of a 32-byte signature carries 2 unused bits
        last = s[-1]
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        twin = alphabet[alphabet.index(last) | 1]
        self.assertNotEqual(twin, last)
        self.assertEqual(self.verdict(h + "." + p + "." + s[:-1] + twin).reasons, {"malformed"})

    def test_duplicate_members_and_utf8(self):
        dup = token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"a","externalId":"b","iat":1700000000}')
        self.assertEqual(self.verdict(dup).reasons, {"malformed"})
        nested = token(b'{"alg":"HS256"}', b'{"externalId":"a","iat":1700000000,"x":{"k":1,"k":2}}')
        self.assertEqual(self.verdict(nested).reasons, {"malformed"})
        bad_utf8 = token(b'{"alg":"HS256"}', b'{"externalId":"\xff","iat":1700000000}')
        self.assertEqual(self.verdict(bad_utf8).reasons, {"malformed"})
        overlong = token(b'{"alg":"HS256"}', b'{"externalId":"\xc0\xaf","iat":1700000000}')
        self.assertEqual(self.verdict(overlong).reasons, {"malformed"})
        bom = token(b'\xef\xbb\xbf{"alg":"HS256"}', b'{"externalId":"a","iat":1700000000}')
        self.assertEqual(self.verdict(bom).reasons, {"malformed"})
        nan = token(b'{"alg":"HS256"}', b'{"externalId":"a","iat":NaN}')
        self.assertEqual(self.verdict(nan).reasons, {"malformed"})
        array = token(b'["alg"]', b'{"externalId":"a","iat":1700000000}')
        self.assertEqual(self.verdict(array).reasons, {"malformed"})

    def test_byte_order_mark_and_kustomer_kid_type_readings(self):
        kus_keys = [oracle.Key(None, KUS_SECRET)]
        p = oracle.Profile.from_json(KUSTOMER, "test")
        bom = token(b'\xef\xbb\xbf{"alg":"HS256","typ":"JWT"}', b'{"externalId":"a","iat":1700000000}')
        self.assertEqual(oracle.verify(bom, kus_keys, NOW, p).reasons, {"malformed"})
        skipped = oracle.verify(bom, kus_keys, NOW, p, oracle.Reading(bom_skipped=True))
        self.assertTrue(skipped.accept, skipped)
        # a BOM in the middle is never skipped
        inner = token(b'{"alg":"HS256",\xef\xbb\xbf"typ":"JWT"}', b'{"externalId":"a","iat":1700000000}')
        self.assertEqual(oracle.verify(inner, kus_keys, NOW, p, oracle.Reading(bom_skipped=True)).reasons, {"malformed"})
        numeric_kid = token(b'{"alg":"HS256","typ":"JWT","kid":5}', b'{"externalId":"a","iat":1700000000}')
        self.assertTrue(oracle.verify(numeric_kid, kus_keys, NOW, p).accept)
        checked = oracle.verify(numeric_kid, kus_keys, NOW, p, oracle.Reading(kid_type_checked=True))
        self.assertEqual(checked.reasons, {"invalid-header"})
        # a string kid is ignored under either reading
        string_kid = token(b'{"alg":"HS256","typ":"JWT","kid":"nobody"}', b'{"externalId":"a","iat":1700000000}')
        self.assertTrue(oracle.verify(string_kid, kus_keys, NOW, p, oracle.Reading(kid_type_checked=True)).accept)

    def test_unused_registered_members_readings(self):
        kus_keys = [oracle.Key(None, KUS_SECRET)]
        p = oracle.Profile.from_json(KUSTOMER, "test")
        cases = {
            "header": token(b'{"alg":"HS256","typ":"JWT","cty":null}', b'{"externalId":"a","iat":1700000000}'),
            "claim": token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"a","iat":1700000000,"jti":1.5}'),
            "aud": token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"a","iat":1700000000,"aud":"x"}'),
        }
        for name, tok in cases.items():
            self.assertTrue(oracle.verify(tok, kus_keys, NOW, p).accept, name)
        strict_header = oracle.Reading(registered_header_types_checked=True)
        strict_claims = oracle.Reading(registered_claims_checked=True)
        self.assertEqual(oracle.verify(cases["header"], kus_keys, NOW, p, strict_header).reasons, {"invalid-header"})
        self.assertEqual(oracle.verify(cases["claim"], kus_keys, NOW, p, strict_claims).reasons, {"invalid-claim-type"})
        self.assertEqual(oracle.verify(cases["aud"], kus_keys, NOW, p, strict_claims).reasons, {"invalid-claim-value"})
        # well-typed registered members and private ones pass under both readings
        fine = token(b'{"alg":"HS256","typ":"JWT","cty":"x","x-trace":null}', b'{"externalId":"a","iat":1700000000,"sub":"s","note":null}')
        for rd in (strict_header, strict_claims):
            self.assertTrue(oracle.verify(fine, kus_keys, NOW, p, rd).accept)

    def test_hostile_tokens_do_not_crash(self):
        big = "a" * (1024 * 1024)
        cases = [
            big, big + "." + big + "." + big, "." * 100000, "\udcff.\x00.é",
            kus({"externalId": "u", "iat": 1e300}),
            token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"u","iat":' + b"9" * 400 + b"}"),
            token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"u","iat":-' + b"9" * 5000 + b"}"),
            token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"u","iat":1E+99999999999999999999}'),
            token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"u","iat":1700000000,"x":' + b"[" * 100000 + b"]" * 100000 + b"}"),
            token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"\\ud800","iat":1700000000}'),
            token(b'{"alg":"HS256","typ":"JWT"}', b'{"externalId":"u","iat":1700000000,"x":"' + b"\xf0\x9f\x98" + b'"}'),
            12345, None,
        ]
        for case in cases:
            v = self.verdict(case)  # must not raise
            self.assertIsInstance(v, oracle.Verdict)
        self.assertEqual(self.verdict(cases[4]).reasons, {"issued-at-out-of-window"})
        self.assertEqual(self.verdict(cases[5]).reasons, {"issued-at-out-of-window"})
        self.assertEqual(self.verdict(cases[6]).reasons, {"issued-at-out-of-window"})
        # and through the whole pipeline, with a corpus file that names the hostile token
        t = vtest(reject("malformed"), "a" * (1024 * 1024))
        self.assertEqual(single("kustomer", t).status_of(t["id"]), "agreed")

    def test_exp_boundary_and_kid_selection(self):
        self.assertEqual(self.verdict(kus({"externalId": "u", "iat": NOW, "exp": NOW})).reasons, {"expired"})
        self.assertTrue(self.verdict(kus({"externalId": "u", "iat": NOW, "exp": NOW + 1})).accept)
        sp = SUNSHINE
        keys = [oracle.Key("k1", "secret-one"), oracle.Key(SUN_KID, SUN_SECRET)]
        ok = sun({"scope": "user", "external_id": "x"})
        self.assertTrue(self.verdict(ok, sp, keys).accept)
        # signed with k1's secret but naming SUN_KID: the kid selects the key, so it fails
        wrong = token({"alg": "HS256", "kid": SUN_KID}, {"scope": "user", "external_id": "x"}, secret="secret-one")
        self.assertEqual(self.verdict(wrong, sp, keys).reasons, {"bad-signature"})


# ---- readings the newer profiles' ambiguities name (scope_absent_accepted, identity_max_length,
# first_key_only), written from the ZDM and ICM rule statements by the newvendors helper.
#
# The profile files as the ZDM and ICM rules state them (docs/research/zendesk-intercom.md § 3):
# Zendesk like Sunshine (kid, scope user, a string external_id); Intercom with one identity
# claim, user_id, no kid and no scope.

ZD_KID, ZD_SECRET = "app_65a1f0c2d3e4b50012ab34cd", "zendesk-test-secret"
IC_SECRET, IC_OLD_SECRET = "intercom-test-secret", "intercom-replaced-secret"
ZENDESK = {**SUNSHINE, "id": "zendesk-messaging", "title": "Zendesk messaging", "sources": ["ZD-DEV-AUTH"]}
INTERCOM = {
    "id": "intercom", "title": "Intercom Messenger", "sources": ["IC-DEV-WEB"], "algorithms": ["HS256"],
    "header": {"typ": "JWT", "typRequired": False, "keyIdRequired": False, "understoodCriticalParameters": []},
    "identityClaims": [{"claim": "user_id", "kind": "externalId"}],
    "scope": None, "issuedAt": None,
    "expiration": {"honoured": True, "required": False}, "notBefore": {"honoured": True},
}


def zd(payload: dict, secret: str = ZD_SECRET) -> str:
    return token({"alg": "HS256", "typ": "JWT", "kid": ZD_KID}, payload, secret=secret)


def ic(payload: dict, secret: str = IC_SECRET) -> str:
    return token({"alg": "HS256", "typ": "JWT"}, payload, secret=secret)


class NewVendorReadings(unittest.TestCase):
    """The readings the Zendesk and Intercom ambiguities add, and that they can fail."""

    zd_keys = [oracle.Key(ZD_KID, ZD_SECRET)]
    ic_keys = [oracle.Key(None, IC_SECRET)]

    def test_zendesk_scope_absent_is_the_only_scope_reading(self):
        p = oracle.Profile.from_json(ZENDESK, "test")
        no_scope = zd({"external_id": "u-1", "iat": NOW})
        self.assertEqual(oracle.verify(no_scope, self.zd_keys, NOW, p).reasons, {"missing-claim"})
        lenient = oracle.Reading(scope_absent_accepted=True)
        self.assertEqual(oracle.verify(no_scope, self.zd_keys, NOW, p, lenient).identity, ("externalId", "u-1"))
        # a scope that is present with another value is refused under both readings
        app = zd({"scope": "app", "external_id": "u-1", "iat": NOW})
        for rd in (oracle.Reading(), lenient):
            self.assertEqual(oracle.verify(app, self.zd_keys, NOW, p, rd).reasons, {"invalid-claim-value"})

    def test_zendesk_external_id_length(self):
        p = oracle.Profile.from_json(ZENDESK, "test")
        limited = oracle.Reading(identity_max_length=255)
        at_limit = zd({"scope": "user", "external_id": "a" * 255})
        over = zd({"scope": "user", "external_id": "a" * 256})
        self.assertTrue(oracle.verify(at_limit, self.zd_keys, NOW, p, limited).accept)
        self.assertTrue(oracle.verify(over, self.zd_keys, NOW, p).accept)
        self.assertEqual(oracle.verify(over, self.zd_keys, NOW, p, limited).reasons, {"invalid-claim-value"})

    def test_intercom_identity_and_rotation(self):
        p = oracle.Profile.from_json(INTERCOM, "test")
        self.assertEqual(oracle.verify(ic({"user_id": "u-7"}), self.ic_keys, NOW, p).identity, ("externalId", "u-7"))
        # an email never names the user; a kid is ignored
        self.assertEqual(oracle.verify(ic({"email": "a@example.com"}), self.ic_keys, NOW, p).reasons, {"missing-claim"})
        kid = token({"alg": "HS256", "typ": "JWT", "kid": "any"}, {"user_id": "u-7"}, secret=IC_SECRET)
        self.assertTrue(oracle.verify(kid, self.ic_keys, NOW, p).accept)
        integer = token({"alg": "HS256"}, b'{"user_id":42}', secret=IC_SECRET)
        self.assertEqual(oracle.verify(integer, self.ic_keys, NOW, p).reasons, {"invalid-claim-type"})
        self.assertEqual(oracle.verify(integer, self.ic_keys, NOW, p, oracle.Reading(numeric_identity=True)).identity,
                         ("externalId", "42"))
        rotated = [oracle.Key(None, IC_SECRET), oracle.Key(None, IC_OLD_SECRET)]
        old = ic({"user_id": "u-7"}, secret=IC_OLD_SECRET)
        self.assertTrue(oracle.verify(old, rotated, NOW, p).accept)
        self.assertEqual(oracle.verify(old, rotated, NOW, p, oracle.Reading(first_key_only=True)).reasons, {"bad-signature"})
        self.assertTrue(oracle.verify(ic({"user_id": "u-7"}), rotated, NOW, p, oracle.Reading(first_key_only=True)).accept)

    def _run(self, profile: dict, keys: list[dict], tests: list[dict], ambiguity: str, readings: list[str]) -> OracleRun:
        catalogue = json.loads(json.dumps(CATALOGUE))
        catalogue["ambiguities"].append({"id": ambiguity, "profiles": [profile["id"]], "question": "q", "readings": ["a", "b"],
                                         "decision": "either", "rationale": "r", "sources": ["s"],
                                         "verifierReadings": readings})
        group = {"description": "g", "now": NOW, "keys": keys, "tests": tests}
        doc = {"suiteVersion": "1.0.0", "profile": profile["id"], "role": "verifier", "category": "claims",
               "title": "t", "numberOfTests": len(tests), "testGroups": [group]}
        return OracleRun({f"profiles/{profile['id']}.json": profile, "rules/catalogue.json": catalogue,
                          f"corpus/{profile['id']}/claims.json": doc})

    def test_zendesk_scope_ambiguity_agrees_and_can_fail(self):
        either = lambda: {"result": "acceptable", "ambiguity": "AMB-ZD-SCOPE",
                          "identity": {"kind": "externalId", "value": "u-1"}, "reasons": ["missing-claim"]}
        good = vtest(either(), zd({"external_id": "u-1", "iat": NOW}), prefix="ZDM-CLM")
        # scope app is refused under every reading: "either" there is wrong
        bad = vtest(either(), zd({"scope": "app", "external_id": "u-1", "iat": NOW}), prefix="ZDM-CLM")
        run = self._run(ZENDESK, [{"kid": ZD_KID, "secret": ZD_SECRET}], [good, bad], "AMB-ZD-SCOPE", ["scope_absent_accepted"])
        self.assertEqual(run.status_of(good["id"]), "agreed", run.output)
        self.assertEqual(run.status_of(bad["id"]), "disagreed", run.output)
        self.assertEqual(run.status, 1, run.output)

    def test_intercom_rotation_ambiguity_agrees_and_can_fail(self):
        either = lambda: {"result": "acceptable", "ambiguity": "AMB-IC-KEYS",
                          "identity": {"kind": "externalId", "value": "u-7"}, "reasons": ["bad-signature"]}
        keys = [{"kid": None, "secret": IC_SECRET}, {"kid": None, "secret": IC_OLD_SECRET}]
        good = vtest(either(), ic({"user_id": "u-7"}, secret=IC_OLD_SECRET), prefix="ICM-HDR")
        # a secret the verifier never held: no reading accepts it
        bad = vtest(either(), ic({"user_id": "u-7"}, secret="attacker"), prefix="ICM-HDR")
        run = self._run(INTERCOM, keys, [good, bad], "AMB-IC-KEYS", ["first_key_only"])
        self.assertEqual(run.status_of(good["id"]), "agreed", run.output)
        self.assertEqual(run.status_of(bad["id"]), "disagreed", run.output)


# ---- session vectors

def who(kind: str | None = None, value: str | None = None) -> dict | None:
    return None if kind is None else {"kind": kind, "value": value}


def ok(identity: dict | None, *conversations: str) -> dict:
    return {"result": "ok", "identity": identity, "conversations": list(conversations)}


def answer(value: bool, identity: dict | None, *conversations: str) -> dict:
    return {"result": "answer", "answer": value, "identity": identity, "conversations": list(conversations)}


def error(reasons: list[str], identity: dict | None, *conversations: str) -> dict:
    return {"result": "error", "reasons": reasons, "identity": identity, "conversations": list(conversations)}


def either(ambiguity: str, *readings: dict) -> dict:
    return {"result": "acceptable", "ambiguity": ambiguity, "readings": list(readings)}


def step(call: str, expected: dict, now: int = NOW, **members) -> dict:
    return {"call": call, "now": now, **members, "expected": expected}


def stest(steps: list[dict], prefix: str = "KUS-SES", history: list | None = None, **extra) -> dict:
    _counter[0] += 1
    test = {"id": f"{prefix}-{_counter[0]:03d}", "description": "a session", "rules": ["R"], "sources": ["S"], "flags": [],
            **extra, "start": {"history": history or []}, "steps": steps}
    return test


def session_file(profile: str, platform: str, tests: list[dict]) -> dict:
    keys = ([{"kid": None, "secret": KUS_SECRET}] if profile == "kustomer"
            else [{"kid": ZDM_KID, "secret": ZDM_SECRET}] if profile == "zendesk-messaging"
            else [{"kid": None, "secret": ICM_SECRET}] if profile == "intercom"
            else [{"kid": SUN_KID, "secret": SUN_SECRET}])
    group = {"description": "g", "now": NOW, "platform": platform, "keys": keys, "tests": tests}
    return {"suiteVersion": "1.0.0", "profile": profile, "role": "session", "category": "session",
            "title": "t", "numberOfTests": len(tests), "testGroups": [group]}


def single_session(profile: str, platform: str, test: dict) -> OracleRun:
    extra = {"zendesk-messaging": ZENDESK_SESSIONS, "intercom": INTERCOM_SESSIONS}.get(profile)
    extra = {f"profiles/{profile}.json": extra} if extra else {}
    return OracleRun({**extra, f"corpus/{profile}/session.json": session_file(profile, platform, [test])})


ALICE, BOB, U1001 = who("email", "alice@example.com"), who("email", "bob@example.com"), who("externalId", "user-1001")
ALICE_TOKEN = kus({"email": "alice@example.com", "iat": NOW})
BOTH_TOKEN = kus({"email": "alice@example.com", "externalId": "user-1001", "iat": NOW})
U1001_TOKEN = kus({"externalId": "user-1001", "iat": NOW})


def sun_user(external_id: str, **kw) -> str:
    return sun({"scope": "user", "external_id": external_id, **kw})


def zdm_user(external_id: str, **kw) -> str:
    return token({"alg": "HS256", "typ": "JWT", "kid": ZDM_KID}, {"external_id": external_id, "scope": "user", "iat": NOW, **kw},
                 secret=ZDM_SECRET)


def conflict(identity: dict | None, *conversations: str) -> dict:
    return {"result": "conflict", "identity": identity, "conversations": list(conversations)}


class SessionVectors(unittest.TestCase):
    """The session model and the per-step token checks: they agree with correct scripts, and
    they fail a forged login, a wrong precedence, a refused login that changes the session."""

    def assertFlagged(self, run: OracleRun, vector_id: str, *fragments: str):
        outcome = run.outcomes()[vector_id]
        self.assertEqual(outcome.status, "disagreed", run.output)
        self.assertEqual(run.status, 1, run.output)
        for fragment in fragments:
            self.assertIn(fragment, outcome.why, run.output)

    def test_correct_session_files(self):
        kus_ios = [
            stest([step("isLoggedIn", answer(False, None), userEmail="alice@example.com", userId=None),
                   step("logIn", ok(ALICE, "alice-web"), token=BOTH_TOKEN),
                   step("isLoggedIn", answer(True, ALICE, "alice-web"), userEmail="alice@example.com", userId=None),
                   step("isLoggedIn", answer(False, ALICE, "alice-web"), userEmail=None, userId="user-1001"),
                   step("startConversation", ok(ALICE, "alice-web", "alice-1"), conversation="alice-1"),
                   # refused for a stale iat: nothing changes, the verifier's reason
                   step("logIn", error(["issued-at-out-of-window"], ALICE, "alice-web", "alice-1"), now=NOW + 60,
                        token=kus({"email": "bob@example.com", "iat": NOW - 4500})),
                   step("restart", ok(ALICE, "alice-web", "alice-1"), now=NOW + 86400),
                   step("logIn", ok(U1001, "user-1001-web"), now=NOW + 86400,
                        token=kus({"externalId": "user-1001", "iat": NOW + 86400})),
                   step("logOut", ok(None), now=NOW + 86400)],
                  history=[{"identity": ALICE, "conversations": ["alice-web"]},
                           {"identity": U1001, "conversations": ["user-1001-web"]}]),
            stest([step("startConversation", ok(None, "anon-1"), conversation="anon-1"),
                   step("logIn", either("AMB-KUS-SES-PRE-LOGIN-CHATS", ok(ALICE), ok(ALICE, "anon-1")), token=ALICE_TOKEN),
                   step("logIn", ok(BOB), token=kus({"email": "bob@example.com", "iat": NOW})),
                   step("logIn", either("AMB-KUS-SES-PRE-LOGIN-CHATS", ok(ALICE), ok(ALICE, "anon-1")), token=ALICE_TOKEN)]),
        ]
        kus_rn = [
            stest([step("logIn", ok(ALICE), token=ALICE_TOKEN),
                   step("startConversation", ok(ALICE, "alice-1"), conversation="alice-1"),
                   step("logOutThenLogIn", either("AMB-KUS-SES-RELOGIN-FAILURE", error(["bad-signature"], ALICE, "alice-1"),
                                                  error(["bad-signature"], None)),
                        token=kus({"email": "bob@example.com", "iat": NOW}, secret="wrong-secret")),
                   step("isLoggedIn", either("AMB-KUS-SES-RELOGIN-FAILURE", answer(True, ALICE, "alice-1"), answer(False, None)),
                        idType="email", id="alice@example.com")]),
        ]
        kus_web = [
            stest([step("isLoggedIn", error([], None), options={}),
                   step("logIn", ok(U1001), token=U1001_TOKEN),
                   step("isLoggedIn", answer(True, U1001), options={"externalId": "user-1001"}),
                   step("restart", either("AMB-KUS-SES-RESTART", ok(U1001), ok(None)), now=NOW + 3600),
                   step("isLoggedIn", either("AMB-KUS-SES-RESTART", answer(True, U1001), answer(False, None)), now=NOW + 3600,
                        options={"externalId": "user-1001"})]),
        ]
        sun_web = [
            stest([step("startConversation", ok(None, "anon-1"), conversation="anon-1"),
                   step("login", ok(U1001, "anon-1"), externalId="user-1001", token=sun_user("user-1001")),
                   step("login", error(["expired"], U1001, "anon-1"), now=NOW + 60, externalId="user-2002",
                        token=sun_user("user-2002", exp=NOW)),
                   step("logout", ok(None)),
                   step("login", either("AMB-SUN-LOGIN-ARG-MISMATCH", error([], None), ok(U1001, "anon-1")),
                        externalId="user-2002", token=sun_user("user-1001"))], prefix="SUN-SES"),
            stest([step("startConversation", ok(None, "anon-1"), conversation="anon-1"),
                   step("login", either("AMB-SUN-SES-MERGE", ok(U1001, "anon-1", "user-1001-web"), ok(U1001, "user-1001-web")),
                        externalId="user-1001", token=sun_user("user-1001"))],
                  prefix="SUN-SES", history=[{"identity": U1001, "conversations": ["user-1001-web"]}]),
        ]
        run = OracleRun({
            "corpus/kustomer/session.json": session_file("kustomer", "ios", kus_ios),
            "corpus/kustomer/session-rn.json": session_file("kustomer", "react-native", kus_rn),
            "corpus/kustomer/session-web.json": session_file("kustomer", "web", kus_web),
            "corpus/sunshine/session.json": session_file("sunshine", "web", sun_web),
        })
        bad = {k: (o.status, o.why) for k, o in run.outcomes().items() if o.status != "agreed"}
        self.assertEqual(bad, {}, run.output)
        self.assertEqual(run.status, 0, run.output)
        steps = sum(r.steps.get("agreed", 0) for r in run.reports)
        self.assertEqual(steps, sum(len(t["steps"]) for t in kus_ios + kus_rn + kus_web + sun_web), run.output)

    def test_successful_login_with_a_forged_token(self):
        forged = kus({"email": "alice@example.com", "iat": NOW}, secret="attacker-secret")
        t = stest([step("logIn", ok(ALICE), token=forged),
                   step("isLoggedIn", answer(True, ALICE), userEmail="alice@example.com", userId=None)])
        run = single_session("kustomer", "ios", t)
        self.assertFlagged(run, t["id"], "step 1 (logIn): token: a successful logIn needs a token the oracle accepts",
                           "bad-signature")
        # Sunshine: signed with the base64-decoded secret, the classic signer bug
        t2 = stest([step("login", ok(U1001), externalId="user-1001",
                         token=sun({"scope": "user", "external_id": "user-1001"}, secret=base64.b64decode(SUN_SECRET)))],
                   prefix="SUN-SES")
        self.assertFlagged(single_session("sunshine", "android", t2), t2["id"], "bad-signature")

    def test_identity_contradicting_email_precedence(self):
        t = stest([step("logIn", ok(U1001, "user-1001-web"), token=BOTH_TOKEN)],
                  history=[{"identity": U1001, "conversations": ["user-1001-web"]}])
        run = single_session("kustomer", "android", t)
        self.assertFlagged(run, t["id"], "the token names email \"alice@example.com\"", "email before externalId")
        # and the decided ambiguity: isLoggedIn by the token's externalId is false, not "either"
        t2 = stest([step("logIn", ok(ALICE), token=BOTH_TOKEN),
                    step("isLoggedIn", either("AMB-KUS-ISLOGGEDIN-BOTH", answer(False, ALICE), answer(True, ALICE)),
                         idType="userId", id="user-1001")])
        self.assertFlagged(single_session("kustomer", "react-native", t2), t2["id"], "the decision requires")

    def test_refused_login_that_changes_the_identity(self):
        stale = kus({"email": "bob@example.com", "iat": NOW - 4500})
        t = stest([step("logIn", ok(ALICE), token=ALICE_TOKEN),
                   step("logIn", error(["issued-at-out-of-window"], BOB), token=stale),
                   step("isLoggedIn", answer(True, BOB), userEmail="bob@example.com", userId=None)])
        run = single_session("kustomer", "ios", t)
        self.assertFlagged(run, t["id"], "step 2 (logIn): session:", "a conforming session would be failed")
        # Sunshine: a failed login must not leave the attempted externalId as the user (android #177)
        t2 = stest([step("login", error(["bad-signature"], who("externalId", "user-2002")), externalId="user-2002",
                         token=sun({"scope": "user", "external_id": "user-2002"}, secret="wrong-secret"))], prefix="SUN-SES")
        self.assertFlagged(single_session("sunshine", "ios", t2), t2["id"], "session:")

    def test_sunshine_the_token_decides_never_the_argument(self):
        t = stest([step("login", ok(who("externalId", "user-2002")), externalId="user-2002", token=sun_user("user-1001"))],
                  prefix="SUN-SES")
        self.assertFlagged(single_session("sunshine", "web", t), t["id"], "never the login argument")

    def test_refused_login_with_the_wrong_or_any_reason(self):
        expired = kus({"externalId": "user-1001", "iat": NOW, "exp": NOW - 1})
        t = stest([step("logIn", error(["bad-signature"], None), token=expired)])
        self.assertFlagged(single_session("kustomer", "ios", t), t["id"], "not a reason of the earliest failing stage")
        t2 = stest([step("logIn", error([], None), token=expired)])
        self.assertFlagged(single_session("kustomer", "ios", t2), t2["id"], "the verifier's (expired)")
        t3 = stest([step("logIn", error(["expired"], None), token=U1001_TOKEN)])
        self.assertFlagged(single_session("kustomer", "ios", t3), t3["id"], "the oracle accepts it")

    def test_a_sunshine_login_after_its_exp(self):
        # SUN-SES-EXPIRY, AMB-SUN-SES-EXPIRED: lasts, ends, or its requests are refused; never the user's chats anonymously
        u1001 = who("externalId", "user-1001")
        login = step("login", ok(u1001, "u-web"), externalId="user-1001", token=sun_user("user-1001", exp=NOW + 3600))
        history = [{"identity": u1001, "conversations": ["u-web"]}]
        late = either("AMB-SUN-SES-EXPIRED", ok(u1001, "u-web", "c2"), ok(None, "c2"), error(["expired"], u1001, "u-web"))
        right = stest([login, step("startConversation", late, now=NOW + 7200, conversation="c2")], prefix="SUN-SES", history=history)
        self.assertEqual(single_session("sunshine", "ios", right).status_of(right["id"]), "agreed")
        leaky = either("AMB-SUN-SES-EXPIRED", ok(u1001, "u-web", "c2"), ok(None, "c2", "u-web"), error(["expired"], u1001, "u-web"))
        wrong = stest([login, step("startConversation", leaky, now=NOW + 7200, conversation="c2")], prefix="SUN-SES", history=history)
        self.assertFlagged(single_session("sunshine", "ios", wrong), wrong["id"], "AMB-SUN-SES-EXPIRED")
        required = stest([login, step("startConversation", ok(u1001, "u-web", "c2"), now=NOW + 7200, conversation="c2")],
                          prefix="SUN-SES", history=history)
        self.assertFlagged(single_session("sunshine", "ios", required), required["id"], "a conforming session would be failed")

    def test_zendesk_email_conflict(self):
        # ZDM-SES-EMAIL-CONFLICT: a verified email paired with another external_id is a 409 that changes nothing
        u3003, u4004 = who("externalId", "user-3003"), who("externalId", "user-4004")
        carol = zdm_user("user-4004", email="carol@example.com", email_verified=True)

        def zdm(steps: list[dict], directory: list[dict]) -> dict:
            test = stest(steps, prefix="ZDM-SES")
            test["start"]["directory"] = directory
            return test

        paired = [{"email": "carol@example.com", "externalId": "user-3003"}]
        anonymous_chat = step("startConversation", ok(None, "anon-1"), conversation="anon-1")
        right = zdm([anonymous_chat, step("loginUser", conflict(None, "anon-1"), token=carol)], paired)
        self.assertEqual(single_session("zendesk-messaging", "ios", right).status_of(right["id"]), "agreed")
        ignored = zdm([anonymous_chat, step("loginUser", ok(u4004), token=carol)], paired)
        self.assertFlagged(single_session("zendesk-messaging", "ios", ignored), ignored["id"], "a conforming session would be failed")
        clears = zdm([anonymous_chat, step("loginUser", conflict(None), token=carol)], paired)
        self.assertFlagged(single_session("zendesk-messaging", "ios", clears), clears["id"], "a conforming session would be failed")
        # a successful login pairs its verified email with its user
        pairing = zdm([step("loginUser", ok(u3003), token=zdm_user("user-3003", email="carol@example.com", email_verified=True)),
                       step("logoutUser", ok(None)),
                       step("loginUser", ok(u4004), token=carol)], [])
        self.assertFlagged(single_session("zendesk-messaging", "android", pairing), pairing["id"], "conflict")
        # a conflict is the backend's refusal of a token the verifier accepts
        forged = zdm([step("loginUser", conflict(None), token=zdm_user("user-4004", email="carol@example.com", exp=NOW - 1))], paired)
        self.assertFlagged(single_session("zendesk-messaging", "ios", forged), forged["id"], "token:")

    def test_intercom_settings_never_win_and_shutdown_clears(self):
        # ICM-SES-MISMATCH: a settings user_id that is not the token's fails the boot or is ignored, never wins
        u1001, u2002 = who("externalId", "user-1001"), who("externalId", "user-2002")
        alice = token({"alg": "HS256", "typ": "JWT"}, {"user_id": "user-1001"}, secret=ICM_SECRET)
        history = [{"identity": u1001, "conversations": ["u1-web"]}, {"identity": u2002, "conversations": ["u2-web"]}]
        mismatch = {"token": alice, "settings": {"user_id": "user-2002"}}
        right = stest([step("boot", either("AMB-IC-SETTINGS-MISMATCH", error([], None), ok(u1001, "u1-web")), **mismatch),
                       step("shutdown", ok(None))], prefix="ICM-SES", history=history)
        self.assertEqual(single_session("intercom", "web", right).status_of(right["id"]), "agreed")
        wins = stest([step("boot", either("AMB-IC-SETTINGS-MISMATCH", error([], None), ok(u2002, "u2-web")), **mismatch)],
                     prefix="ICM-SES", history=history)
        self.assertFlagged(single_session("intercom", "web", wins), wins["id"], "AMB-IC-SETTINGS-MISMATCH")
        # ICM-SES-SHUTDOWN: the visitor sees none of the user's conversations
        kept = stest([step("boot", ok(u1001, "u1-web"), token=alice, settings={"user_id": "user-1001"}),
                      step("shutdown", ok(None, "u1-web"))], prefix="ICM-SES", history=history)
        self.assertFlagged(single_session("intercom", "web", kept), kept["id"], "a conforming session would be failed")

    def test_an_empty_email_beside_an_external_id_in_a_session(self):
        # AMB-KUS-EMAIL-FALLBACK binds sessions too: refused (invalid-claim-value) or the externalId's customer
        token = kus({"email": "", "externalId": "user-1001", "iat": NOW})
        open_step = either("AMB-KUS-EMAIL-FALLBACK", error(["invalid-claim-value"], None), ok(U1001))
        right = stest([step("logIn", open_step, token=token)], flags=["vendor-ambiguity"])
        self.assertEqual(single_session("kustomer", "ios", right).status_of(right["id"]), "agreed")
        refusal_only = stest([step("logIn", error(["invalid-claim-value"], None), token=token)])
        self.assertFlagged(single_session("kustomer", "ios", refusal_only), refusal_only["id"], "a conforming session would be failed")
        as_empty_email = stest([step("logIn", either("AMB-KUS-EMAIL-FALLBACK", error(["invalid-claim-value"], None),
                                                     ok(who("email", ""))), token=token)])
        self.assertFlagged(single_session("kustomer", "ios", as_empty_email), as_empty_email["id"], "token:")

    def test_a_kustomer_kid_is_ignored(self):
        # KUS-KEY: a kid in a Kustomer header is a hint the verifier ignores (the KUS-SES-026 case)
        hinted = kus({"externalId": "user-1001", "iat": NOW}, header={"alg": "HS256", "typ": "JWT", "kid": "retired"})
        keys = [{"kid": "primary", "secret": KUS_SECRET}, {"kid": "secondary", "secret": KUS_SECRET + "-2"}]
        t = stest([step("logIn", error(["unknown-key"], None), token=hinted)], keys=keys)
        self.assertFlagged(single_session("kustomer", "ios", t), t["id"], "the oracle accepts it", "kid_hint")
        good = stest([step("logIn", ok(U1001), token=hinted)], keys=keys)
        self.assertEqual(single_session("kustomer", "ios", good).status_of(good["id"]), "agreed")

    def test_one_reading_throughout_and_in_the_catalogue_order(self):
        def script(restart: dict, query: dict) -> dict:
            return stest([step("logIn", ok(U1001), token=U1001_TOKEN),
                          step("restart", restart, now=NOW + 3600),
                          step("isLoggedIn", query, now=NOW + 3600, options={"externalId": "user-1001"})])
        kept, fresh = ok(U1001), ok(None)
        true, false = answer(True, U1001), answer(False, None)
        mixed = script(either("AMB-KUS-SES-RESTART", kept, fresh), either("AMB-KUS-SES-RESTART", false, true))
        self.assertFlagged(single_session("kustomer", "web", mixed), mixed["id"], "a conforming session would be failed")
        swapped = script(either("AMB-KUS-SES-RESTART", fresh, kept), either("AMB-KUS-SES-RESTART", false, true))
        self.assertFlagged(single_session("kustomer", "web", swapped), swapped["id"], "not in the catalogue's order")
        required = script(kept, true)  # the web may forget the login: requiring one reading fails the other
        self.assertFlagged(single_session("kustomer", "web", required), required["id"], "AMB-KUS-SES-RESTART as")
        on_ios = script(kept, true)  # iOS takes userEmail/userId, not options: the model says it cannot judge
        outcome = single_session("kustomer", "ios", on_ios).outcomes()[on_ios["id"]]
        self.assertEqual((outcome.status, outcome.steps["not judged"]), ("not judged", 1), outcome.why)
        right = script(either("AMB-KUS-SES-RESTART", kept, fresh), either("AMB-KUS-SES-RESTART", true, false))
        self.assertEqual(single_session("kustomer", "web", right).status_of(right["id"]), "agreed")

    def test_what_it_cannot_judge_it_says_so(self):
        # the seeds name no logOut for the web SDK: that step and the rest are not judged by the model…
        forged = kus({"email": "alice@example.com", "iat": NOW}, secret="attacker-secret")
        t = stest([step("logIn", ok(ALICE), token=ALICE_TOKEN),
                   step("logOut", ok(None)),
                   step("isLoggedIn", answer(False, None), options={"email": "alice@example.com"})])
        run = single_session("kustomer", "web", t)
        outcome = run.outcomes()[t["id"]]
        self.assertEqual(outcome.status, "not judged", run.output)
        self.assertIn("no logOut for kustomer on web", outcome.why)
        self.assertEqual(outcome.steps, {"checked": 3, "agreed": 1, "disagreed": 0, "not judged": 2})
        # …but a token after it is still judged on its own
        t2 = stest(t["steps"][:2] + [step("logIn", ok(ALICE), token=forged)])
        self.assertFlagged(single_session("kustomer", "web", t2), t2["id"], "token:")
        # an ambiguity the model has no readings for stops the model there
        t3 = stest([step("logIn", ok(ALICE), token=ALICE_TOKEN),
                    step("isLoggedIn", either("AMB-SOMETHING-NEW", answer(True, ALICE), answer(False, ALICE)),
                         userEmail="alice@example.com", userId=None)])
        outcome = single_session("kustomer", "ios", t3).outcomes()[t3["id"]]
        self.assertEqual(outcome.status, "not judged")
        self.assertIn("no readings for AMB-SOMETHING-NEW", outcome.why)
        # one ambiguity with two readings at one step and three at another is a defect, not a crash
        t4 = stest([step("logIn", ok(U1001), token=U1001_TOKEN),
                    step("restart", either("AMB-KUS-SES-RESTART", ok(U1001), ok(None)), now=NOW + 60),
                    step("restart", either("AMB-KUS-SES-RESTART", ok(U1001), ok(None), ok(None)), now=NOW + 60)])
        self.assertFlagged(single_session("kustomer", "web", t4), t4["id"], "3 readings here and 2 at an earlier step")


class UnreadableInput(unittest.TestCase):
    def test_invalid_json_file(self):
        run = OracleRun({"corpus/kustomer/x.json": '{"suiteVersion": "1.0.0",'})
        self.assertEqual(run.status, 2, run.output)

    def test_duplicate_member_in_a_vector_file(self):
        run = OracleRun({"corpus/kustomer/x.json": '{"profile": "kustomer", "profile": "sunshine"}'})
        self.assertEqual(run.status, 2, run.output)

    def test_unknown_profile(self):
        run = OracleRun({"corpus/x/x.json": vector_file("nobody", [vtest(reject("malformed"), "x")])})
        self.assertEqual(run.status, 2, run.output)

    def test_missing_folder(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            self.assertEqual(oracle.main(["--vectors", "/nonexistent/vectors"]), 2)


if __name__ == "__main__":
    unittest.main()
