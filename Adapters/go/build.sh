#!/usr/bin/env bash
# Builds Adapters/go/.bin/go_testee offline, in GOPATH mode against Debian's Go sources
# (/usr/share/gocode), with each library's version from its package. One binary serves the three Go
# testees; its argument names the library (golang_jwt, go_jose, jwt_go).
# Installs golang-go and the libraries with apt-get when they are missing (quietly; nothing when present).
#
#   bash Adapters/go/build.sh        # then: swift run jwt-conformance run -- bash Adapters/go/testee.sh go_jose
#   bash Adapters/go/build.sh test   # and run the adapters' own tests (testee_test.go), go vet first
set -euo pipefail
cd "$(dirname "$0")"
packages=(golang-github-golang-jwt-jwt-dev golang-gopkg-square-go-jose.v2-dev golang-github-dgrijalva-jwt-go-dev)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
missing=()
for package in "${packages[@]}"; do installed "$package" || missing+=("$package"); done
if ! command -v go >/dev/null 2>&1 || [ ${#missing[@]} -gt 0 ]; then
  echo "--- installing golang-go ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq golang-go "${missing[@]}" >/dev/null
fi
version() {   # the upstream version, without Debian's revision
  local v
  v="$(dpkg-query -W -f='${Version}' "$1")"
  echo "${v%-*}"
}
mkdir -p .bin
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS=
go build -o .bin/go_testee -ldflags "-X main.golangJWTVersion=$(version golang-github-golang-jwt-jwt-dev) \
-X main.goJoseVersion=$(version golang-gopkg-square-go-jose.v2-dev) -X main.jwtGoVersion=$(version golang-github-dgrijalva-jwt-go-dev)" .
if [ "${1:-}" = test ]; then
  go vet .
  go test .
fi
