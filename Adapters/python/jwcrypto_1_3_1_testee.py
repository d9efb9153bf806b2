#!/usr/bin/env python3
"""jwt-conformance testee for jwcrypto 1.3.1, vulnerable to CVE-2022-3102 (`JWT` accepts a token of
the other kind, JWE for JWS, when it guesses the type from the token: an encrypted token passes
where a signed one is expected). A CVE control beside jwcrypto_testee.py (the release pinned in
requirements.txt), with the same wiring.

Run: python3 Adapters/python/jwcrypto_1_3_1_testee.py   (requests on stdin, responses on stdout)
Needs: bash Adapters/python/install-isolated.sh (Adapters/python/.isolated/jwcrypto-1.3.1).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from testee_common import serve, use_isolated  # noqa: E402

use_isolated("jwcrypto-1.3.1")

from jwcrypto_testee import JwcryptoBinding  # noqa: E402  (imports jwcrypto from the folder above)

if __name__ == "__main__":
    sys.exit(serve(JwcryptoBinding))
