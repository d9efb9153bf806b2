#!/usr/bin/env python3
"""jwt-conformance testee for python_jwt 3.3.3, vulnerable to CVE-2022-39227 (claim forgery through a
token that mixes the JSON and the compact serializations: `verify_jwt` verifies the token as
jwcrypto reads it but returns the claims of its own split at the full stops). A CVE control beside
python_jwt_testee.py (4.1.0, the fix), with the same wiring.

Run: python3 Adapters/python/python_jwt_3_3_3_testee.py   (requests on stdin, responses on stdout)
Needs: bash Adapters/python/install-isolated.sh (Adapters/python/.isolated/python_jwt-3.3.3).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from python_jwt_testee import load  # noqa: E402
from testee_common import serve  # noqa: E402

if __name__ == "__main__":
    sys.exit(serve(load("python_jwt-3.3.3")))
