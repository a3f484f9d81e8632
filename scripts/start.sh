#!/usr/bin/env bash
# `npm start`: runs Rampart's EC2-compatible API server with embedded defaults (README, "Quick start"):
# http://127.0.0.1:8787/, state in ./.rampart/ (SQLite), SigV4 with the account it creates on first start.
# Extra arguments go to `rampart serve` (npm start -- --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bin/rampart.js serve "$@"
