#!/usr/bin/env bash
# Benchmark, separate from the tests: build the release site, measure the hostile inputs natively
# (engine/examples/worst_case.rs), then sizes and latencies in headless Chromium, unthrottled and at
# 4× CPU throttling, and compare them with the budgets (see BENCHMARKS.md). BENCHMARKS.md is always
# rewritten with everything measured; the exit status is non-zero if either part breaks a budget.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"
trunk build --release

# Where the bytes are, by crate: twiggy on the wasm-bindgen output before wasm-opt (which drops
# the function names twiggy needs); e2e/bench.mjs sums it into BENCHMARKS.md.
command -v twiggy > /dev/null || cargo install twiggy --version 0.8.0 --locked
split=$(mktemp -d)
trap 'rm -rf "$split"' EXIT
wasm-bindgen --target web --out-dir "$split" target/wasm32-unknown-unknown/release/rsp-k8s-config.wasm
twiggy top -n 1000000 -f csv "$split/rsp-k8s-config_bg.wasm" > target/twiggy.csv

mkdir -p target
# The side-by-side anchor: nginxconfig.io's gh-pages build, served on 127.0.0.1 like ours
# (ANCHOR_DIR to use a copy at hand; else a shallow clone of its gh-pages branch; not measured
# when neither is there).
export ANCHOR_DIR="${ANCHOR_DIR:-$ROOT/target/nginxconfig.io}"
if [ ! -f "$ANCHOR_DIR/index.html" ]; then
  git clone -q --depth 1 --branch gh-pages https://github.com/digitalocean/nginxconfig.io "$ANCHOR_DIR" 2> /dev/null \
    || echo "bench: nginxconfig.io's gh-pages build is not at hand; the side-by-side is not measured" >&2
fi
worst=0
cargo run --release -q -p rsp-k8s-engine --example worst_case > target/worst-case.md || worst=$?
browser=0
WORST_CASE_STATUS=$worst WORST_CASE_FILE="$ROOT/target/worst-case.md" node e2e/bench.mjs || browser=$?
if [ "$worst" -ne 0 ] || [ "$browser" -ne 0 ]; then
  echo "bench: budget broken (worst_case exit $worst, browser benchmark exit $browser)" >&2
  exit 1
fi
