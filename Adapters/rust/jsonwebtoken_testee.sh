#!/usr/bin/env bash
# The jsonwebtoken testee: the binary Adapters/rust/build.sh built from src/main.rs, under libfaketime
# (jsonwebtoken reads the wall clock and has no clock option; see Adapters/faketime.sh and README.md, "Time").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../faketime.sh" "$here/target/release/jsonwebtoken_testee"
