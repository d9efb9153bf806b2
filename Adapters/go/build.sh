#!/usr/bin/env bash
# Builds Adapters/go/.bin/golang_jwt_testee offline, in GOPATH mode against Debian's Go sources
# (/usr/share/gocode: golang-github-golang-jwt-jwt-dev), with the library's version from its package.
# Installs golang-go and the library with apt-get when they are missing (quietly; nothing when present).
#
#   bash Adapters/go/build.sh        # then: swift run jwt-conformance run -- bash Adapters/go/golang_jwt_testee.sh
#   bash Adapters/go/build.sh test   # and run the adapter's own tests (golang_jwt_testee_test.go)
set -euo pipefail
cd "$(dirname "$0")"
package=golang-github-golang-jwt-jwt-dev
if ! command -v go >/dev/null 2>&1 || ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
  echo "--- installing golang-go $package (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq golang-go "$package" >/dev/null
fi
version="$(dpkg-query -W -f='${Version}' "$package")"
version="${version%-*}"   # the upstream version, without Debian's revision
mkdir -p .bin
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS=
go build -o .bin/golang_jwt_testee -ldflags "-X main.libraryVersion=$version" ./golang_jwt_testee.go
if [ "${1:-}" = test ]; then
  go vet .
  go test .
fi
