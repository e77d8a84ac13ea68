#!/usr/bin/env bash
# Brings the whole stack up on this machine: dependencies, NATS/PostgreSQL/Redis (and Prometheus when
# installed), a build, the Discord simulator when DISCORD_TOKEN is unset, migrations, every service.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
bash infra/local/up.sh
npx turbo run build --output-logs=errors-only
exec npm start --silent --workspace @platform/stack
