#!/usr/bin/env bash
# Install what is missing, then run every check and test: formatting, lints, the engine's
# native tests (golden, property, unit), the browser component tests, a release build and
# the end-to-end tests against it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings (native and wasm32)"
cargo clippy --workspace --all-targets --locked --features rsp-k8s-engine/fuzzing -- -D warnings
cargo clippy -p rsp-k8s-config -p rsp-k8s-on-demand --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
echo "== engine tests (native: golden, diagnostics, properties, shellcheck, secrets)"
cargo test -p rsp-k8s-engine --locked --all-targets --features fuzzing
echo "== browser component tests (wasm-bindgen-test in headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown --test page
echo "== release build"
trunk build --release
echo "== size gate (size-budgets.json)"
node scripts/size-gate.mjs
echo "== end-to-end tests (release build on localhost, playwright-core + headless Chromium)"
node --test e2e/
