#!/usr/bin/env bash
# Builds Adapters/rust/target/release/jsonwebtoken_testee offline with Debian's cargo and rustc, against
# Debian's crate registry (/usr/share/cargo/registry: librust-jsonwebtoken-dev, librust-serde-json-dev),
# as .cargo/config.toml says; the library's version comes from its package.
#
#   bash Adapters/rust/build.sh        # then: swift run jwt-conformance run -- bash Adapters/rust/jsonwebtoken_testee.sh
#   bash Adapters/rust/build.sh test   # and run the adapter's own tests (tests/protocol.rs), the faketime self-test among them
# Its Debian packages are the registry's (Adapters/testees.json, language "rust"): `python3 Tools/matrix/testees.py
# install --only jsonwebtoken` installs the missing ones with apt-get and then runs this script.
set -euo pipefail
cd "$(dirname "$0")"
version="$(dpkg-query -W -f='${Version}' librust-jsonwebtoken-dev)"
version="${version%-*}"   # the upstream version, without Debian's revision
# Debian's toolchain, not whatever cargo or rustc comes first on PATH (e.g. rustup's); a private
# CARGO_HOME so no user configuration takes part.
export CARGO_HOME="$PWD/target/cargo-home" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export JSONWEBTOKEN_VERSION="$version" RUSTFLAGS="-D warnings"
/usr/bin/cargo build --release --offline --quiet
if [ "${1:-}" = test ]; then
  /usr/bin/cargo test --release --offline --quiet
fi
