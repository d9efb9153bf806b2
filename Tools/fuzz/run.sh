#!/usr/bin/env bash
# Builds the reference's libFuzzer target and runs it on a seed corpus derived from Vectors/.
#
#   bash Tools/fuzz/run.sh [libFuzzer flags…]
#   bash Tools/fuzz/run.sh -runs=10000000            # the documented 10-million-execution run
#   bash Tools/fuzz/run.sh -max_total_time=60        # CI's budget
#
# Work files go to .build/fuzz/ (the binary, the seeds, the growing corpus, crash inputs).
# Exits non-zero when libFuzzer finds a crash, an invariant failure, a leak or a timeout.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=.build/fuzz
mkdir -p "$work/corpus" "$work/artifacts"
python3 Tools/fuzz/make_seed_corpus.py Vectors "$work" >&2
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name JWTReferenceFuzz \
  $(find Sources/JWTReference -name '*.swift' | sort) Tools/fuzz/ReferenceFuzzTarget.swift \
  -o "$work/reference-fuzzer"
export JWT_FUZZ_PROFILES="$PWD/Vectors/profiles" JWT_FUZZ_KEYS="$PWD/$work/keys.json"
exec "$work/reference-fuzzer" -artifact_prefix="$work/artifacts/" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$@" "$work/corpus" "$work/seeds"
