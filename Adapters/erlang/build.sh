#!/usr/bin/env bash
# Compiles the erlang-jose testee (jose_testee.erl) into Adapters/erlang/.bin with erlc, offline,
# against Debian's erlang-jose and erlang-jiffy (its JSON module). Installs them with apt-get when
# they are missing (quietly; nothing when present). Idempotent.
#
#   bash Adapters/erlang/build.sh        # then: swift run jwt-conformance run -- erl -noinput -pa Adapters/erlang/.bin -run jose_testee main
#   bash Adapters/erlang/build.sh test   # and run the adapter's own tests (jose_testee_tests.erl, EUnit)
set -euo pipefail
cd "$(dirname "$0")"
packages=(erlang-base erlang-jose erlang-jiffy erlang-eunit)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "--- installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p .bin
erlc -Werror -o .bin jose_testee.erl
if [ "${1:-}" = test ]; then
  erlc -Werror -o .bin jose_testee_tests.erl
  erl -noshell -pa .bin -eval 'case eunit:test(jose_testee_tests, [verbose]) of ok -> halt(0); _ -> halt(1) end.'
fi
