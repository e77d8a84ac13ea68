#!/usr/bin/env bash
# promtool checks the Prometheus configuration and alert rules in the test suite. It comes with Debian's
# `prometheus` package: installed here when missing and apt-get can (as root), otherwise named as missing.
set -euo pipefail

if command -v promtool >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[deps] promtool missing: installing Debian's prometheus package"
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d keeps the package from starting a Prometheus of its own: infra/local/up.sh starts one.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && trap 'rm -f "$policy"' EXIT; fi
  if ! apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y --no-install-recommends prometheus >/dev/null
  fi
  exit 0
fi
echo "[deps] promtool is missing: install Debian's prometheus package (apt-get install prometheus)" >&2
exit 1
