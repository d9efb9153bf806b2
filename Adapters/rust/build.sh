#!/usr/bin/env bash
# Builds Adapters/rust/target/release/jsonwebtoken_testee offline with Debian's cargo and rustc, against
# Debian's crate registry (/usr/share/cargo/registry: librust-jsonwebtoken-dev, librust-serde-json-dev),
# as .cargo/config.toml says; the library's version comes from its package. Installs the toolchain, the
# crates and faketime with apt-get when they are missing (quietly; nothing when present).
#
#   bash Adapters/rust/build.sh        # then: swift run jwt-conformance run -- bash Adapters/rust/jsonwebtoken_testee.sh
#   bash Adapters/rust/build.sh test   # and run the adapter's own tests (tests/protocol.rs), the faketime self-test among them
set -euo pipefail
cd "$(dirname "$0")"
packages=(cargo rustc librust-jsonwebtoken-dev librust-serde-json-dev faketime)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "--- installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
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
