#!/usr/bin/env bash
# Regenerates the compliance matrix from actual runs, never typed: the landing summary in README.md and
# the whole matrix in COMPLIANCE.md.
#
#   Tools/matrix/update-matrix.sh                        # install, run every testee, rewrite both files
#   Tools/matrix/update-matrix.sh --only authlib,jose    # only these testees (names from Adapters/testees.json):
#                                                        # their gates and summary; nothing is written
#   Tools/matrix/update-matrix.sh --readme F --compliance G   # write these files instead (.ci/check-matrix)
#   Tools/matrix/update-matrix.sh --reports DIR          # render from the runs in DIR instead of running again,
#                                                        # when they are a complete run of this working tree
#                                                        # (`testees.py run` wrote them, e.g. .ci/check-adapters)
#
# The testees, their Debian packages, setup and known-failures lists are in Adapters/testees.json;
# Tools/matrix/testees.py installs what is missing (apt-get, the languages' setup), runs the reference
# (`swift run jwt-conformance run`) and every testee's gate
# (`swift run jwt-conformance run --known-failures LIST -- COMMAND`), each with `--format json`. Then
# Tools/matrix/render_matrix.py writes the sections between <!-- compliance-matrix:start --> and
# <!-- compliance-matrix:end --> and prints a summary (counts, no timings, sorted).
# Exits non-zero, writing nothing, when a run does not match its known-failures list.
set -euo pipefail
cd "$(dirname "$0")/../.."

readme="README.md"
compliance="COMPLIANCE.md"
only=""
reports=""
while [ $# -gt 0 ]; do
  case "$1" in
    --readme) readme="$2"; shift 2 ;;
    --compliance) compliance="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --reports) reports="$2"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "update-matrix.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done
for file in "$readme" "$compliance"; do
  [ -f "$file" ] || { echo "update-matrix.sh: no such file: $file" >&2; exit 66; }
done

only_args=()
[ -n "$only" ] && only_args=(--only "$only")
if [ -n "$reports" ]; then
  python3 Tools/matrix/testees.py fresh --reports "$reports" || {
    echo "update-matrix.sh: $reports is not a complete run of this working tree (run without --reports)" >&2
    exit 1
  }
else
  reports="$(mktemp -d "${TMPDIR:-/tmp}/jwt-matrix.XXXXXX")"
  trap 'rm -rf "$reports"' EXIT
  python3 Tools/matrix/testees.py install "${only_args[@]}"
  echo "Runs (closing line of each):"
  python3 Tools/matrix/testees.py run "${only_args[@]}" --reports "$reports"
fi

echo
render=(--registry Adapters/testees.json --reports "$reports")
if [ -n "$only" ]; then
  python3 Tools/matrix/render_matrix.py "${render[@]}" --only "$only"
else
  python3 Tools/matrix/render_matrix.py "${render[@]}" --readme "$readme" --compliance "$compliance" \
    --cves Tools/matrix/cves.txt
fi
