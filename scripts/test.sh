#!/usr/bin/env bash
# Every test: typecheck, lint, then the vitest suite (units, property tests, end-to-end).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
echo "== typecheck"; node_modules/.bin/tsc -p tsconfig.json --noEmit || status=1
echo "== lint"; node_modules/.bin/eslint . || status=1
echo "== tests"; node_modules/.bin/vitest run "$@" || status=1
if [ $status -ne 0 ]; then echo "test.sh: FAILED (typecheck, lint or tests)"; fi
exit $status
