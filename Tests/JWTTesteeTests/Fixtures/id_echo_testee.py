#!/usr/bin/env python3
"""A testee that declines every request, naming the request's id in its message, so that a test can
see which id the harness sent for which vector."""
import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    if request.get("op") == "hello":
        answer = {"ok": True, "protocol": 1,
                  "implementation": {"name": "id-echo", "version": "0", "language": "Python"},
                  "roles": ["verifier", "signer", "session"], "profiles": ["kustomer", "sunshine"]}
    else:
        answer = {"id": request["id"], "result": "skip", "message": "id=" + request["id"]}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
