#!/usr/bin/env python3
"""A testee that rejects every token without a reason, and dies (exit status 7) on any token
with a '=' in it: the fuzzer must report the crash as a finding."""
import json
import os
import sys

for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "hello":
        answer = {"ok": True, "protocol": 1,
                  "implementation": {"name": "crashing-testee", "version": "1", "language": "Python"},
                  "roles": ["verifier"], "profiles": ["kustomer"]}
    elif request["op"] == "verify":
        if "=" in request["token"]:
            os._exit(7)
        answer = {"id": request["id"], "result": "reject"}
    else:
        answer = {"id": request.get("id"), "result": "skip"}
    print(json.dumps(answer), flush=True)
