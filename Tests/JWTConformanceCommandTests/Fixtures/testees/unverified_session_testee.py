#!/usr/bin/env python3
"""A deliberately wrong session testee: it reads the customer from a token's payload without
checking the signature, the key or the clock, so a token a backend refuses still logs someone
in. Everything else follows the session rules. The session vectors must catch it."""
import base64
import json
import sys


def claims(token):
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except Exception:
        return None


def identity(token, profile):
    payload = claims(token)
    if not isinstance(payload, dict):
        return None
    names = [("email", "email"), ("externalId", "externalId")] if profile == "kustomer" else [("external_id", "externalId")]
    for claim, kind in names:
        if isinstance(payload.get(claim), str):
            return {"kind": kind, "value": payload[claim]}
    return None


def is_logged_in(step, current):
    options = step.get("options") or {}
    email = step.get("userEmail") or options.get("email") or (step.get("id") if step.get("idType") == "email" else None)
    external_id = step.get("userId") or options.get("externalId") or (step.get("id") if step.get("idType") == "userId" else None)
    if email is not None:
        return current == {"kind": "email", "value": email}
    if external_id is not None:
        return current == {"kind": "externalId", "value": external_id}
    return False


def run(request):
    backend = {}
    for customer in request.get("history", []):
        backend.setdefault(json.dumps(customer["identity"], sort_keys=True), []).extend(customer["conversations"])
    current, anonymous, observations = None, [], []
    for step in request["steps"]:
        call, outcome = step["call"], {"outcome": "ok"}
        if call in ("logIn", "login", "logOutThenLogIn"):
            who = identity(step["token"], request["profile"])
            if who is None:
                outcome = {"outcome": "error", "reason": None}
            else:
                if current is None:
                    backend.setdefault(json.dumps(who, sort_keys=True), []).extend(anonymous)
                    anonymous = []
                current = who
        elif call in ("logOut", "logout"):
            current, anonymous = None, []
        elif call == "startConversation":
            (backend.setdefault(json.dumps(current, sort_keys=True), []) if current else anonymous).append(step["conversation"])
        elif call == "isLoggedIn" and step.get("options") == {}:
            outcome = {"outcome": "error", "reason": None}
        elif call == "isLoggedIn":
            outcome = {"outcome": "answer", "answer": is_logged_in(step, current)}
        visible = backend.get(json.dumps(current, sort_keys=True), []) if current else anonymous
        observations.append(dict(outcome, identity=current, conversations=list(visible)))
    return observations


def answer(request):
    if request["op"] == "hello":
        return {"ok": True, "protocol": 1,
                "implementation": {"name": "unverified-session", "version": "0", "language": "Python"},
                "roles": ["session"], "profiles": ["kustomer", "sunshine"]}
    if request["op"] == "session":
        return {"id": request["id"], "result": "observations", "observations": run(request)}
    return {"id": request.get("id"), "result": "skip", "message": "unknown op " + request["op"]}


for line in sys.stdin:
    print(json.dumps(answer(json.loads(line))), flush=True)
