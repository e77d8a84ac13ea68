#!/usr/bin/env bash
# Makes NATS (with JetStream), PostgreSQL and Redis available on this machine for the stack and the tests.
# For each: use the one already listening; otherwise start Debian's package; otherwise, when running as
# root, install it with apt-get and start it; otherwise say exactly what is missing and exit 1.
# Prometheus is optional: started when installed, skipped with a note otherwise.
#
# Environment: NATS_PORT (4222), NATS_MONITOR_PORT (8222), PG_PORT (5432), REDIS_PORT (6379), PROMETHEUS_PORT (9090),
# LOCAL_STATE_DIR (<repo>/.local) for data and logs of what this script starts.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state=${LOCAL_STATE_DIR:-$repo/.local}
nats_port=${NATS_PORT:-4222}
pg_port=${PG_PORT:-5432}
redis_port=${REDIS_PORT:-6379}
prometheus_port=${PROMETHEUS_PORT:-9090}
mkdir -p "$state/log"

say() { printf '[infra] %s\n' "$*"; }
trap 'say "failed at line $LINENO: $BASH_COMMAND (logs in $state/log)"' ERR
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { # port name
  for _ in $(seq 1 100); do listening "$1" && return 0; sleep 0.1; done
  say "$2 did not start listening on 127.0.0.1:$1; see $state/log/"
  return 1
}

apt_updated=no
install_package() { # package
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then return 1; fi
  if [ "$apt_updated" = no ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$state/log/apt.log" 2>&1
    apt_updated=yes
  fi
  say "installing $1 from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >>"$state/log/apt.log" 2>&1
}

missing=()

# Asks the server for its JetStream account info over the plain protocol; only a server run with -js answers.
has_jetstream() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'CONNECT {"verbose":false}\r\nSUB _INBOX.jscheck 1\r\nPUB $JS.API.INFO _INBOX.jscheck 0\r\n\r\n' >&3
  local line found=1
  while IFS= read -r -t 2 line <&3; do
    case "$line" in *account_info_response*) found=0; break ;; esac
  done
  exec 3>&-
  return $found
}

ensure_nats() {
  if listening "$nats_port"; then
    if ! has_jetstream "$nats_port"; then
      say "NATS on 127.0.0.1:$nats_port answers but has no JetStream: restart it with -js (or free the port)"
      exit 1
    fi
    say "NATS: using the server on 127.0.0.1:$nats_port (JetStream on)"
    return
  fi
  local bin
  bin=$(command -v nats-server || true)
  [ -n "$bin" ] || { [ -x /usr/sbin/nats-server ] && bin=/usr/sbin/nats-server; } || true
  if [ -z "$bin" ] && install_package nats-server; then bin=/usr/sbin/nats-server; fi
  if [ -z "$bin" ]; then missing+=("nats-server (Debian package nats-server)"); return; fi
  mkdir -p "$state/nats"
  say "NATS: starting $bin with JetStream on 127.0.0.1:$nats_port"
  nohup "$bin" -a 127.0.0.1 -p "$nats_port" -js -sd "$state/nats" -m "${NATS_MONITOR_PORT:-8222}" >"$state/log/nats.log" 2>&1 &
  wait_for "$nats_port" NATS
}

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres_user() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

ensure_postgres() {
  if listening "$pg_port"; then say "PostgreSQL: using the server on 127.0.0.1:$pg_port"; return; fi
  local installed_now=no
  if [ -z "$(pg_bin_dir)" ]; then
    if install_package postgresql; then installed_now=yes; else missing+=("PostgreSQL (Debian package postgresql)"); return; fi
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ "$(id -u)" = 0 ] && [ "$pg_port" = 5432 ] && [ -n "$version" ] && command -v pg_ctlcluster >/dev/null; then
    if [ "$installed_now" = yes ]; then
      # A cluster this script just installed serves only this machine: let local TCP in without a
      # password, as the stack's default DATABASE_URL expects.
      sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "/etc/postgresql/$version/main/pg_hba.conf"
    fi
    say "PostgreSQL: starting Debian's cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >"$state/log/postgres.log" 2>&1 || true
  else
    # A private cluster; as root it must live where the postgres user can reach it.
    local bin data="$state/postgres"
    [ "$(id -u)" = 0 ] && data="/var/lib/postgresql/platform-$pg_port"
    bin=$(pg_bin_dir)
    if [ ! -s "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      [ "$(id -u)" = 0 ] && chown postgres "$data"
      as_postgres_user "$bin/initdb" -D "$data" -U postgres --auth=trust >"$state/log/postgres-init.log" 2>&1
    fi
    say "PostgreSQL: starting a private cluster in $data on 127.0.0.1:$pg_port"
    as_postgres_user "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
      -o "-p $pg_port -k $data -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  wait_for "$pg_port" PostgreSQL
}

ensure_redis() {
  if listening "$redis_port"; then say "Redis: using the server on 127.0.0.1:$redis_port"; return; fi
  if ! command -v redis-server >/dev/null && ! install_package redis-server; then
    missing+=("Redis (Debian package redis-server)"); return
  fi
  mkdir -p "$state/redis"
  say "Redis: starting on 127.0.0.1:$redis_port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --dir "$state/redis" --logfile "$state/log/redis.log"
  wait_for "$redis_port" Redis
}

ensure_prometheus() {
  if listening "$prometheus_port"; then say "Prometheus: using the server on 127.0.0.1:$prometheus_port"; return; fi
  if ! command -v prometheus >/dev/null; then
    say "Prometheus: not installed, skipped (optional; Debian package prometheus)"
    return
  fi
  mkdir -p "$state/prometheus"
  [ -f "$state/prometheus/targets.json" ] || echo '[]' >"$state/prometheus/targets.json"
  sed -e "s#@TARGETS@#$state/prometheus/targets.json#" -e "s#@RULES@#$repo/infra/prometheus/alerts.yml#" \
    "$repo/infra/local/prometheus.yml" >"$state/prometheus/prometheus.yml"
  say "Prometheus: starting on 127.0.0.1:$prometheus_port"
  nohup prometheus --config.file="$state/prometheus/prometheus.yml" --storage.tsdb.path="$state/prometheus/data" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$state/log/prometheus.log" 2>&1 &
  wait_for "$prometheus_port" Prometheus
}

ensure_nats
ensure_postgres
ensure_redis

if [ ${#missing[@]} -gt 0 ]; then
  say "missing, and this script cannot install it (needs root and apt-get):"
  for m in "${missing[@]}"; do say "  - $m"; done
  say "install them, or point NATS_URL, DATABASE_URL and REDIS_URL at running servers"
  exit 1
fi

if [ "${WITH_PROMETHEUS:-yes}" = yes ]; then ensure_prometheus; fi
say "ready: nats://127.0.0.1:$nats_port postgres://postgres@127.0.0.1:$pg_port/postgres redis://127.0.0.1:$redis_port"
if [ "${WITH_PROMETHEUS:-yes}" = yes ] && listening "$prometheus_port"; then
  say "Prometheus: http://127.0.0.1:$prometheus_port/targets (scrapes), /alerts (infra/prometheus/alerts.yml)"
fi
