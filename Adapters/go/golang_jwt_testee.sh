#!/usr/bin/env bash
# The golang-jwt/jwt v4 testee: runs the binary Adapters/go/build.sh built from golang_jwt_testee.go.
set -euo pipefail
binary="$(dirname "$0")/.bin/golang_jwt_testee"
if [ ! -x "$binary" ]; then
  echo "$binary is not built: run bash Adapters/go/build.sh" >&2
  exit 3
fi
exec "$binary"
