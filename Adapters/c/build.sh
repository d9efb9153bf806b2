#!/usr/bin/env bash
# Builds the C testees into Adapters/c/.bin with gcc, offline, against Debian's packages: libjwt
# (libjwt-dev) and rhonabwy (librhonabwy-dev), both on jansson (libjansson-dev). The libraries' versions come from their packages.
# Idempotent.
#
#   bash Adapters/c/build.sh        # then: swift run jwt-conformance run -- Adapters/c/.bin/libjwt_testee
#   bash Adapters/c/build.sh test   # and run the adapters' own tests (test_c_testees.py)
# Its Debian packages are the registry's (Adapters/testees.json, language "c"): `python3 Tools/matrix/testees.py
# install --only libjwt` installs the missing ones with apt-get and then runs this script.
set -euo pipefail
cd "$(dirname "$0")"
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
