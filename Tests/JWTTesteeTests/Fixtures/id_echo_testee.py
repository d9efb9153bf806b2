#!/usr/bin/env python3
"""A testee that declines every request, naming the request's id in its message, so that a test can
see which id the harness sent for which vector."""
import json
import os
import sys

# Every bundled profile: the ids of the package's profile files.
PROFILES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Vectors", "profiles")
PROFILES = sorted(name[:-len(".json")] for name in os.listdir(PROFILES_DIR) if name.endswith(".json"))

for line in sys.stdin:
    request = json.loads(line)
    if request.get("op") == "hello":
        answer = {"ok": True, "protocol": 1,
                  "implementation": {"name": "id-echo", "version": "0", "language": "Python"},
                  "roles": ["verifier", "signer", "session"], "profiles": PROFILES}
    else:
        answer = {"id": request["id"], "result": "skip", "message": "id=" + request["id"]}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
