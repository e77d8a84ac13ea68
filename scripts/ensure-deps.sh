#!/usr/bin/env bash
# Installs the workspace's npm dependencies with `npm ci` when node_modules is missing or older than
# package-lock.json, so `npm start` and `npm test` work on a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stamp=node_modules/.platform-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

echo "[deps] npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"
