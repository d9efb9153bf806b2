#!/usr/bin/env bash
# Regenerates the compliance matrix in README.md from actual runs, never typed.
#
#   Tools/matrix/update-matrix.sh                  # rewrite README.md's matrix section
#   Tools/matrix/update-matrix.sh --readme FILE    # rewrite FILE's section instead (.ci/check-matrix)
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
while [ $# -gt 0 ]; do
  case "$1" in
    --readme) readme="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "update-matrix.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done
[ -f "$readme" ] || { echo "update-matrix.sh: no such file: $readme" >&2; exit 66; }

work="$(mktemp -d "${TMPDIR:-/tmp}/jwt-matrix.XXXXXX")"
trap 'rm -rf "$work"' EXIT

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

echo "Runs (closing line of each):"
run reference
args=(--readme "$readme" --reference "$work/reference.json")
for testee in Adapters/python/*_testee.py; do
  lib="$(basename "$testee" _testee.py)"
  known="Adapters/python/known-failures/$lib.txt"
  if [ -f "$known" ]; then
    run "$lib" --known-failures "$known" -- python3 "$testee"
  else
    run "$lib" -- python3 "$testee"
    known=""
  fi
  args+=(--run "$testee=$work/$lib.json=$known")
done
ruby_testee="Adapters/ruby/ruby_jwt_testee.rb"
ruby_known="Adapters/ruby/known-failures/ruby-jwt.txt"
run ruby-jwt --known-failures "$ruby_known" -- ruby "$ruby_testee"
args+=(--run "$ruby_testee=$work/ruby-jwt.json=$ruby_known=ruby")
bash Adapters/go/build.sh
go_testee="Adapters/go/golang_jwt_testee.sh"
go_known="Adapters/go/known-failures/golang_jwt.txt"
run golang-jwt --known-failures "$go_known" -- bash "$go_testee"
args+=(--run "$go_testee=$work/golang-jwt.json=$go_known=bash")
perl_testee="Adapters/perl/crypt_jwt_testee.pl"
perl_known="Adapters/perl/known-failures/crypt_jwt.txt"
run crypt-jwt --known-failures "$perl_known" -- perl "$perl_testee"
args+=(--run "$perl_testee=$work/crypt-jwt.json=$perl_known=perl")
node_testee="Adapters/node/jose_testee.js"
node_known="Adapters/node/known-failures/jose.txt"
run jose --known-failures "$node_known" -- node "$node_testee"
args+=(--run "$node_testee=$work/jose.json=$node_known=node")
args+=(--cves Tools/matrix/cves.txt)
if [ -f Examples/JWTKitConformance/known-failures.txt ]; then
  args+=(--jwtkit Examples/JWTKitConformance/known-failures.txt)
fi

echo
python3 Tools/matrix/render_matrix.py "${args[@]}"
