#!/usr/bin/env bash
# Installs each Adapters/python/isolated/<name>.txt (exact pins) with `pip install --no-deps --target`
# into its own folder, Adapters/python/.isolated/<name>/, for the testees whose library cannot share
# the pinned environment of requirements.txt: a module name taken twice (GehirnInc's `jwt` and PyJWT),
# two versions of one library side by side (the CVE controls), or declared dependencies that would
# displace another testee's pins (Authlib). A testee puts its folder first on sys.path
# (testee_common.use_isolated). Everything else (cryptography) comes from requirements.txt.
#
#   bash Adapters/python/install-isolated.sh      # idempotent: a folder whose pins did not change is kept
set -euo pipefail
cd "$(dirname "$0")"
for spec in isolated/*.txt; do
  name="$(basename "$spec" .txt)"
  target=".isolated/$name"
  stamp="$(sha256sum "$spec" | cut -d' ' -f1)"
  if [ -f "$target/.installed" ] && [ "$(cat "$target/.installed")" = "$stamp" ]; then
    continue
  fi
  echo "--- pip install --no-deps --target Adapters/python/$target -r Adapters/python/$spec"
  rm -rf "$target"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target "$target" -r "$spec"
  echo "$stamp" > "$target/.installed"
done
