#!/usr/bin/env bash
# One-time (and idempotent) machine set-up: Debian packages and npm packages.
# Skips work already done: apt packages that are present, and `npm ci` when package-lock.json has not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# Debian packages the capabilities need: nftables + conntrack + iperf3 for enforcement and the lab;
# python3-nftables keeps one libnftables context per router alive (src/enforce/apply/nft-session.ts).
APT_PACKAGES="nftables conntrack iperf3 python3 python3-nftables ${RAMPART_APT_PACKAGES:-}"
for pkg in $APT_PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# PostgreSQL server binaries for the store tests (test/helpers/postgres.ts looks for initdb on PATH, then in
# /usr/lib/postgresql/NN/bin). Checked by binary rather than by package: some machines have them from elsewhere.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need_apt+=(postgresql)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: missing Debian packages (${need_apt[*]}); run as root or install them" >&2
  fi
fi

# node-gyp must build better-sqlite3 against the machine's own Node headers (no downloads here).
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
stamp=node_modules/.rampart-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci (first run compiles better-sqlite3, about 2 minutes)"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
