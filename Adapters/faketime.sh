#!/usr/bin/env bash
# Runs a testee binary under Debian's libfaketime, for a library that reads the wall clock and has no
# clock option (Adapters/rust, Adapters/cpp):
#
#   bash Adapters/faketime.sh BINARY
#
# The binary's realtime clock is frozen at the time written in a timestamp file, which the testee rewrites
# with each request's now (its path is in FAKETIME_TIMESTAMP_FILE). FAKETIME_NO_CACHE=1: libfaketime reads
# the file at every clock call; FAKETIME_FMT=%s: the file holds Unix seconds; an absolute time freezes the
# clock; FAKETIME_DONT_FAKE_MONOTONIC=1: only CLOCK_REALTIME is faked; FAKETIME unset: it would take
# priority over the file. The timestamp file's folder and libfaketime's shared memory for the binary's pid
# (left behind when the binary dies of a signal, and an error for a later process with that pid) are
# removed when it ends.
set -euo pipefail
binary="${1:?usage: faketime.sh BINARY}"
if [ ! -x "$binary" ]; then
  echo "$binary is not built: run the build.sh beside it" >&2
  exit 3
fi
library="$(dpkg-query -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -n 1 || true)"
if [ -z "$library" ] || [ ! -f "$library" ]; then
  echo "libfaketime is not installed (Debian package faketime): run the build.sh beside $binary" >&2
  exit 3
fi
clock="$(mktemp -d)"
pid=""
cleanup() {
  rm -rf "$clock"
  if [ -n "$pid" ]; then
    rm -f "/dev/shm/faketime_shm_$pid" "/dev/shm/sem.faketime_sem_$pid"
  fi
}
trap cleanup EXIT
echo 0 >"$clock/now"
# In the background (so the EXIT trap can clean up after it), with this script's stdin, explicitly:
# a background command's stdin would otherwise be /dev/null.
env -u FAKETIME TZ=UTC LD_PRELOAD="$library" FAKETIME_NO_CACHE=1 FAKETIME_FMT=%s FAKETIME_DONT_FAKE_MONOTONIC=1 \
  FAKETIME_TIMESTAMP_FILE="$clock/now" "$binary" <&0 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' TERM INT HUP
status=0
wait "$pid" || status=$?
while kill -0 "$pid" 2>/dev/null; do  # wait returned early for a signal: wait for the binary itself
  status=0
  wait "$pid" || status=$?
done
exit "$status"
