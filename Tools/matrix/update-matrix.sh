#!/usr/bin/env bash
# Regenerates the compliance matrix in README.md from actual runs, never typed.
#
#   Tools/matrix/update-matrix.sh                  # rewrite README.md's matrix section
#   Tools/matrix/update-matrix.sh --readme FILE    # rewrite FILE's section instead (.ci/check-matrix)
#   Tools/matrix/update-matrix.sh --only authlib,jose   # run only these testees (names as in the runs list):
#                                                  # their gates and summary; README.md is not written
#
# Runs, each with `--format json` (reports in a temporary folder):
#   * the reference, in-process:          swift run jwt-conformance run
#   * every Adapters/python/*_testee.py:  swift run jwt-conformance run \
#        --known-failures Adapters/python/known-failures/<lib>.txt -- python3 Adapters/python/<lib>_testee.py
#   * Adapters/ruby/ruby_jwt_testee.rb:  swift run jwt-conformance run \
#        --known-failures Adapters/ruby/known-failures/ruby-jwt.txt -- ruby Adapters/ruby/ruby_jwt_testee.rb
#   * Adapters/go/golang_jwt_testee.sh (built by Adapters/go/build.sh): swift run jwt-conformance run \
#        --known-failures Adapters/go/known-failures/golang_jwt.txt -- bash Adapters/go/golang_jwt_testee.sh
#   * Adapters/perl/crypt_jwt_testee.pl: swift run jwt-conformance run \
#        --known-failures Adapters/perl/known-failures/crypt_jwt.txt -- perl Adapters/perl/crypt_jwt_testee.pl
#   * Adapters/node/jose_testee.js: swift run jwt-conformance run \
#        --known-failures Adapters/node/known-failures/jose.txt -- node Adapters/node/jose_testee.js
#   * jwt-kit is not run: it is an in-process Swift package (cd Examples/JWTKitConformance && swift test);
#     when Examples/JWTKitConformance/known-failures.txt exists, its row is that list and the corpus counts.
# Then Tools/matrix/render_matrix.py replaces only the text between <!-- compliance-matrix:start --> and
# <!-- compliance-matrix:end --> (adding both under "## Compliance matrix" at the end when absent) and prints
# a benchmark-free summary: counts per implementation and profile, no timings, sorted.
#
# Needs the pinned Python libraries (python3 -m pip install -r Adapters/python/requirements.txt, then
# bash Adapters/python/install-isolated.sh) and Debian's ruby and ruby-jwt packages; Adapters/go/build.sh
# installs golang-go and golang-github-golang-jwt-jwt-dev when they are missing; Debian's libcrypt-jwt-perl and node-jose.
# Exits non-zero, leaving README.md alone, when a run does not match its known-failures list.
set -euo pipefail
cd "$(dirname "$0")/../.."

readme="README.md"
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --readme) readme="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "update-matrix.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done
[ -f "$readme" ] || { echo "update-matrix.sh: no such file: $readme" >&2; exit 66; }

work="$(mktemp -d "${TMPDIR:-/tmp}/jwt-matrix.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [ -n "$only" ]; then
  # Some rows only: their gates and the summary, rendered into a copy; README.md is left alone.
  cp "$readme" "$work/README.md"
  readme="$work/README.md"
fi

# One run: its JSON report to $work/<name>.json, its text output to $work/<name>.log. The exit status is
# recorded in the report (exitStatus) and judged by render_matrix.py; status 3 (testee could not run)
# or a missing report stops here.
run() {
  local name="$1"; shift
  local status=0
  swift run -q jwt-conformance run --format json --output "$work/$name.json" "$@" >"$work/$name.log" 2>&1 || status=$?
  if [ ! -s "$work/$name.json" ] || [ "$status" -gt 1 ]; then
    echo "update-matrix.sh: run '$name' failed (exit status $status):" >&2
    tail -n 40 "$work/$name.log" >&2
    exit 1
  fi
  printf '%-10s %s\n' "$name" "$(tail -n 1 "$work/$name.log")"
}

# One testee: NAME, TESTEE, its known-failures list, the interpreter that runs it. Skipped when --only
# names other testees.
testee() {
  local name="$1" path="$2" known="$3" interpreter="$4"
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then
    return
  fi
  run "$name" --known-failures "$known" -- "$interpreter" "$path"
  args+=(--run "$path=$work/$name.json=$known=$interpreter")
  ran=$((ran + 1))
}

echo "Runs (closing line of each):"
run reference
args=(--readme "$readme" --reference "$work/reference.json")
ran=0
for path in Adapters/python/*_testee.py; do
  lib="$(basename "$path" _testee.py)"
  testee "$lib" "$path" "Adapters/python/known-failures/$lib.txt" python3
done
testee ruby-jwt Adapters/ruby/ruby_jwt_testee.rb Adapters/ruby/known-failures/ruby-jwt.txt ruby
if [ -z "$only" ] || [[ ",$only," == *",golang_jwt,"* ]]; then
  bash Adapters/go/build.sh
fi
testee golang_jwt Adapters/go/golang_jwt_testee.sh Adapters/go/known-failures/golang_jwt.txt bash
testee crypt_jwt Adapters/perl/crypt_jwt_testee.pl Adapters/perl/known-failures/crypt_jwt.txt perl
testee jose Adapters/node/jose_testee.js Adapters/node/known-failures/jose.txt node
if [ -n "$only" ]; then
  [ "$ran" -gt 0 ] || { echo "update-matrix.sh: --only $only names no testee" >&2; exit 64; }
else
  args+=(--cves Tools/matrix/cves.txt)
fi
if [ -f Examples/JWTKitConformance/known-failures.txt ]; then
  args+=(--jwtkit Examples/JWTKitConformance/known-failures.txt)
fi

echo
python3 Tools/matrix/render_matrix.py "${args[@]}"
