#!/usr/bin/env bash
# Builds Adapters/go/.bin/go_testee offline, in GOPATH mode against Debian's Go sources
# (/usr/share/gocode), with each library's version from its package. One binary serves the three Go
# testees; its argument names the library (golang_jwt, go_jose, jwt_go).
#
#   bash Adapters/go/build.sh        # then: swift run jwt-conformance run -- bash Adapters/go/testee.sh go_jose
#   bash Adapters/go/build.sh test   # and run the adapters' own tests (testee_test.go), go vet first
# Its Debian packages are the registry's (Adapters/testees.json, language "go"): `python3 Tools/matrix/testees.py
# install --only golang_jwt` installs the missing ones with apt-get and then runs this script.
set -euo pipefail
cd "$(dirname "$0")"
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
