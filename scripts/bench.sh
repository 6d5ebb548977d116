#!/usr/bin/env bash
# Benchmark, separate from the tests: build the release site, then measure sizes and
# latencies in headless Chromium and compare them with the budgets (see BENCHMARKS.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"
trunk build --release
node e2e/bench.mjs
