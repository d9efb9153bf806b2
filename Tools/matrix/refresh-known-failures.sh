#!/usr/bin/env bash
# Regenerates one testee's known-failures list from a fresh run and the library's reviewed causes:
#
#   Tools/matrix/refresh-known-failures.sh authlib        # a name from Adapters/testees.json
#
# It runs the testee (`swift run jwt-conformance run --format json -- COMMAND`), then
# Tools/matrix/annotate_known_failures.py writes its list (the registry's knownFailures) from the .causes file
# beside it (one `/REGEX/  CAUSE` a line, the review of each cause in the library's source). It fails, writing
# nothing, when a failing vector has no reviewed cause (review it in the library, add its cause; fix the
# adapter if the adapter is wrong) or a cause matches no failing vector. (jwt-kit's list,
# Examples/JWTKitConformance/known-failures.txt, is written by its package's writeKnownFailures test, then
# reviewed.)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 1 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 64; }
exec python3 Tools/matrix/testees.py refresh "$1"
