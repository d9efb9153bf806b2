#!/usr/bin/env python3
"""A testee that speaks protocol 1 correctly except in one chosen way.

    misbehaving_testee.py MODE [TRIGGER_ID]

It rejects every token (so reject-only vectors pass) and skips every sign request, except:

  crash            exits with status 3 (after a traceback-like line on stderr) on TRIGGER_ID
  hang             sleeps 30 s instead of answering TRIGGER_ID
  garbage          answers TRIGGER_ID with a line that is not JSON
  wrong-id         answers TRIGGER_ID with the id "WRONG-000"
  extra-line       answers TRIGGER_ID correctly, then writes a line nobody asked for
  chatty           writes 100 KiB to stderr for every request (and otherwise behaves)
  exit-after-hello answers hello, then exits at once (every time it is started)
  broken-hello     answers hello without the "implementation" member
  well-behaved     never misbehaves
"""
import json
import sys
import time

mode = sys.argv[1]
trigger = sys.argv[2] if len(sys.argv) > 2 else None


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


print(f"misbehaving testee started in mode {mode}", file=sys.stderr, flush=True)
for line in sys.stdin:
    request = json.loads(line)
    op, id = request.get("op"), request.get("id")
    if op == "hello":
        hello = {"ok": True, "protocol": 1,
                 "implementation": {"name": "misbehaving", "version": "1.0", "language": "Python"},
                 "roles": ["verifier", "signer"], "profiles": ["kustomer-fixture", "sunshine-fixture"]}
        if mode == "broken-hello":
            del hello["implementation"]
        send(hello)
        if mode == "exit-after-hello":
            sys.exit(0)
        continue
    if id == trigger:
        if mode == "crash":
            print(f"Traceback: crashing on purpose at {id}", file=sys.stderr, flush=True)
            sys.exit(3)
        if mode == "hang":
            time.sleep(30)
        if mode == "garbage":
            sys.stdout.write("this is not json at all\n")
            sys.stdout.flush()
            continue
        if mode == "wrong-id":
            send({"id": "WRONG-000", "result": "reject"})
            continue
        if mode == "extra-line":
            # One write, so the extra line is there as soon as the answer is.
            answer = json.dumps({"id": id, "result": "reject"}) + "\n"
            sys.stdout.write(answer + answer)
            sys.stdout.flush()
            continue
    if mode == "chatty":
        print(f"{id}: " + "x" * 100 * 1024, file=sys.stderr, flush=True)
    if op == "verify":
        send({"id": id, "result": "reject"})
    else:
        send({"id": id, "result": "skip", "message": f"{op} is not supported"})
