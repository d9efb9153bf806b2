#!/usr/bin/env python3
"""A testee that records how many requests the harness had sent before each answer.

    window_testee.py WINDOW [MODE TRIGGER_ID]

WINDOW is the hello's "pipeline" member, written as given (a JSON value such as 4, 0 or "8"), or
"none" for no member. Once a request has arrived the testee waits until no more arrive for
0.1 s, then answers every request read so far, in order, with a skip. Before each answer it writes
"answering ID with N requests read" to stderr, N counting the requests read and not yet answered.

MODE chooses one way to misbehave when answering TRIGGER_ID (the earlier answers are written
first): crash (exit with status 3), hang (sleep 30 s), garbage (a line that is not JSON) or
wrong-id (an answer for the id "WRONG-000"). After a garbage or wrong-id answer it answers
nothing more and waits to be killed.
"""
import json
import os
import select
import sys
import time

window = sys.argv[1]
mode, trigger = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else (None, None)


def send(text):
    os.write(1, (text + "\n").encode())


def answer(request, pending):
    id = request["id"]
    print(f"answering {id} with {pending} requests read", file=sys.stderr, flush=True)
    if id == trigger:
        if mode == "crash":
            sys.exit(3)
        if mode == "hang":
            time.sleep(30)
        if mode == "garbage":
            send("this is not json at all")
            time.sleep(30)
        if mode == "wrong-id":
            send(json.dumps({"id": "WRONG-000", "result": "skip"}))
            time.sleep(30)
    send(json.dumps({"id": id, "result": "skip", "message": "id=" + id}))


buffer = b""
pending = []
while True:
    # Wait for a request, then for the input to fall quiet.
    ready, _, _ = select.select([0], [], [], None if not pending else 0.1)
    if ready:
        chunk = os.read(0, 65536)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            request = json.loads(line)
            if request.get("op") == "hello":
                hello = {"ok": True, "protocol": 1,
                         "implementation": {"name": "window", "version": "0", "language": "Python"},
                         "roles": ["verifier"], "profiles": ["kustomer"]}
                if window != "none":
                    hello["pipeline"] = json.loads(window)
                send(json.dumps(hello))
            else:
                pending.append(request)
        continue
    while pending:
        answer(pending[0], len(pending))
        pending.pop(0)
