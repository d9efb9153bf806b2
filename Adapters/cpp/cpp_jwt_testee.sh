#!/usr/bin/env bash
# The cpp-jwt testee: runs the binary Adapters/cpp/build.sh built from cpp_jwt_testee.cpp under Debian's
# libfaketime. cpp-jwt reads the wall clock and has no clock option, so the process's realtime clock is
# frozen at the time written in a timestamp file that the testee rewrites with each request's now
# (FAKETIME_NO_CACHE=1: libfaketime reads the file at every clock call; FAKETIME_FMT=%s: Unix seconds; an
# absolute time freezes the clock). Only CLOCK_REALTIME is faked (FAKETIME_DONT_FAKE_MONOTONIC=1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$here/.bin/cpp_jwt_testee"
if [ ! -x "$binary" ]; then
  echo "$binary is not built: run bash Adapters/cpp/build.sh" >&2
  exit 3
fi
library="$(dpkg-query -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -n 1 || true)"
if [ -z "$library" ] || [ ! -f "$library" ]; then
  echo "libfaketime is not installed: run bash Adapters/cpp/build.sh" >&2
  exit 3
fi
clock="$(mktemp -d)"
trap 'rm -rf "$clock"' EXIT
echo 0 >"$clock/now"
env -u FAKETIME TZ=UTC LD_PRELOAD="$library" FAKETIME_NO_CACHE=1 FAKETIME_FMT=%s FAKETIME_DONT_FAKE_MONOTONIC=1 \
  FAKETIME_TIMESTAMP_FILE="$clock/now" "$binary"
