#!/usr/bin/env bash
# Runs every check of the tree: lint and format, type checks, and every package's tests against real
# NATS, PostgreSQL and Redis (found or started by infra/local/up.sh). Extra arguments go to turbo,
# e.g. `npm test -- --filter=@platform/bus` or `npm test -- --force` to ignore turbo's cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
bash scripts/ensure-promtool.sh
WITH_PROMETHEUS=no bash infra/local/up.sh

npx biome ci --colors=off .
# Results of an earlier run must not be counted; turbo restores them for packages it replays from cache.
for root in libs services tools; do
  if [ -d "$root" ]; then find "$root" -maxdepth 2 -name .vitest-results.json -delete; fi
done
npx turbo run typecheck test --concurrency=2 "$@"
node scripts/test-summary.mjs
