#!/usr/bin/env bash
# Builds the C testees into Adapters/c/.bin with gcc, offline, against Debian's packages: libjwt
# (libjwt-dev) and rhonabwy (librhonabwy-dev), both on jansson (libjansson-dev). The libraries' versions come from their packages. Installs the packages with apt-get when they are missing
# (quietly; nothing when present). Idempotent.
#
#   bash Adapters/c/build.sh        # then: swift run jwt-conformance run -- Adapters/c/.bin/libjwt_testee
#   bash Adapters/c/build.sh test   # and run the adapters' own tests (test_c_testees.py)
set -euo pipefail
cd "$(dirname "$0")"
packages=(gcc libc6-dev pkg-config libjansson-dev libjwt-dev librhonabwy-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "--- installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
upstream() { local version; version="$(dpkg-query -W -f='${Version}' "$1")"; echo "${version%-*}"; }
flags=(-std=gnu11 -O2 -Wall -Wextra -Werror)
mkdir -p .bin
# testee  its source  its library's Debian package and pkg-config name
build() {
  # shellcheck disable=SC2046
  gcc "${flags[@]}" -DLIBRARY_VERSION="\"$(upstream "$3")\"" -o ".bin/$1" "$2" testee_common.c \
    $(pkg-config --cflags --libs "$4" jansson) -lm
}
build libjwt_testee libjwt_testee.c libjwt-dev libjwt
build rhonabwy_testee rhonabwy_testee.c librhonabwy-dev librhonabwy
if [ "${1:-}" = test ]; then
  python3 test_c_testees.py
fi
