#!/usr/bin/env bash
# Regenerates one testee's known-failures list from a fresh run and the library's reviewed causes:
#
#   Tools/matrix/refresh-known-failures.sh Adapters/python/authlib_testee.py
#
# For TESTEE = <dir>/<lib>_testee.<ext> it runs `swift run jwt-conformance run --format json -- <interpreter>
# TESTEE` (python3 for .py, ruby for .rb, bash for .sh, perl for .pl, node for .js), then Tools/matrix/annotate_known_failures.py writes
# <dir>/known-failures/<lib>.txt from <dir>/known-failures/<lib>.causes (one `/REGEX/  CAUSE` a line, the
# review of each cause in the library's source). It fails, writing nothing, when a failing vector has no
# reviewed cause (review it in the library, add its cause; fix the adapter if the adapter is wrong) or a
# cause matches no failing vector. (jwt-kit's list, Examples/JWTKitConformance/known-failures.txt, is
# refreshed by hand: jwt-conformance run --write-known-failures, then a review.)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 1 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 64; }
testee="$1"
[ -f "$testee" ] || { echo "refresh-known-failures.sh: no such testee: $testee" >&2; exit 66; }
dir="$(dirname "$testee")"
file="$(basename "$testee")"
lib="${file%_testee.*}"
case "$file" in
  *.py) interpreter=python3 ;;
  *.rb) interpreter=ruby ;;
  *.sh) interpreter=bash ;;
  *.pl) interpreter=perl ;;
  *.js) interpreter=node ;;
  *) echo "refresh-known-failures.sh: no interpreter known for $file" >&2; exit 64 ;;
esac
if [ ! -f "$dir/known-failures/$lib.causes" ] && [ -f "$dir/known-failures/${lib//_/-}.causes" ]; then
  lib="${lib//_/-}"   # Adapters/ruby/ruby_jwt_testee.rb keeps known-failures/ruby-jwt.*
fi
causes="$dir/known-failures/$lib.causes"
[ -f "$causes" ] || { echo "refresh-known-failures.sh: no reviewed causes: $causes" >&2; exit 66; }
work="$(mktemp -d "${TMPDIR:-/tmp}/jwt-refresh.XXXXXX")"
trap 'rm -rf "$work"' EXIT
status=0
swift run -q jwt-conformance run --format json --output "$work/run.json" -- "$interpreter" "$testee" >"$work/run.log" 2>&1 || status=$?
if [ ! -s "$work/run.json" ] || [ "$status" -gt 1 ]; then
  echo "refresh-known-failures.sh: the run failed (exit status $status):" >&2
  tail -n 40 "$work/run.log" >&2
  exit 1
fi
python3 Tools/matrix/annotate_known_failures.py --report "$work/run.json" --causes "$causes" \
  --output "$dir/known-failures/$lib.txt" \
  --header "Gate:  swift run jwt-conformance run --known-failures $dir/known-failures/$lib.txt -- $interpreter $testee"
