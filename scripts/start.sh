#!/usr/bin/env bash
# `npm start`: runs Rampart. Until the server exists, it runs the tutorial's example check (README, "Quick start"):
# may the office (203.0.113.10) SSH into the web server? Exit code 0 = allowed, 1 = denied, 2 = bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bin/rampart.js check --snapshot examples/tutorial --from 203.0.113.10 --to i-0a7b3c9d1e2f40516 --proto tcp --port 22
