#!/usr/bin/env bash
# Builds Adapters/cpp/.bin/cpp_jwt_testee with g++ against Debian's header-only cpp-jwt (libcpp-jwt-dev, which
# brings nlohmann-json3-dev and libssl-dev), the library's version from its package. It rebuilds only
# when the source or the library's version changed.
#
#   bash Adapters/cpp/build.sh        # then: swift run jwt-conformance run -- bash Adapters/cpp/cpp_jwt_testee.sh
#   bash Adapters/cpp/build.sh test   # and run the adapter's own tests (test_cpp_jwt_testee.py), the faketime self-test among them
# Its Debian packages are the registry's (Adapters/testees.json, language "cpp"): `python3 Tools/matrix/testees.py
# install --only cpp-jwt` installs the missing ones with apt-get and then runs this script.
set -euo pipefail
cd "$(dirname "$0")"
version="$(dpkg-query -W -f='${Version}' libcpp-jwt-dev)"
version="${version%-*}"    # the upstream version, without Debian's revision
version="${version%+ds*}"  # and without Debian's repack suffix
mkdir -p .bin
stamp="$version $(sha256sum cpp_jwt_testee.cpp | cut -d' ' -f1)"
if [ ! -x .bin/cpp_jwt_testee ] || [ "$(cat .bin/stamp 2>/dev/null)" != "$stamp" ]; then
  # Assertions stay on (no -DNDEBUG): cpp-jwt's own bounds assertion then stops a bad read (see the causes).
  g++ -std=c++17 -O2 -Wall -Wextra -Werror -DCPP_JWT_VERSION="\"$version\"" \
    -o .bin/cpp_jwt_testee cpp_jwt_testee.cpp -lcrypto
  echo "$stamp" >.bin/stamp
fi
if [ "${1:-}" = test ]; then
  python3 test_cpp_jwt_testee.py
fi
