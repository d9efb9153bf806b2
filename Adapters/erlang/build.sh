#!/usr/bin/env bash
# Compiles the erlang-jose testee (jose_testee.erl) into Adapters/erlang/.bin with erlc, offline,
# against Debian's erlang-jose and erlang-jiffy (its JSON module). Idempotent.
#
#   bash Adapters/erlang/build.sh        # then: swift run jwt-conformance run -- erl -noinput -pa Adapters/erlang/.bin -run jose_testee main
#   bash Adapters/erlang/build.sh test   # and run the adapter's own tests (jose_testee_tests.erl, EUnit)
# Its Debian packages are the registry's (Adapters/testees.json, language "erlang"): `python3 Tools/matrix/testees.py
# install --only erlang_jose` installs the missing ones with apt-get and then runs this script.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p .bin
erlc -Werror -o .bin jose_testee.erl
if [ "${1:-}" = test ]; then
  erlc -Werror -o .bin jose_testee_tests.erl
  erl -noshell -pa .bin -eval 'case eunit:test(jose_testee_tests, [verbose]) of ok -> halt(0); _ -> halt(1) end.'
fi
