#!/usr/bin/env bash
# The cpp-jwt testee: the binary Adapters/cpp/build.sh built from cpp_jwt_testee.cpp, under libfaketime
# (cpp-jwt reads the wall clock and has no clock option; see Adapters/faketime.sh and README.md, "Time").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../faketime.sh" "$here/.bin/cpp_jwt_testee"
