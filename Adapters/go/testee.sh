#!/usr/bin/env bash
# A Go testee: runs the binary Adapters/go/build.sh built, for the library named by the argument
# (golang_jwt, go_jose or jwt_go).
#
#   bash Adapters/go/testee.sh go_jose
set -euo pipefail
binary="$(dirname "$0")/.bin/go_testee"
if [ ! -x "$binary" ]; then
  echo "$binary is not built: run bash Adapters/go/build.sh" >&2
  exit 3
fi
exec "$binary" "$@"
