#!/usr/bin/env bash
# Install what is missing, then run every check and test: formatting, lints, the engine's
# native tests (golden, property, unit), the browser tests and the end-to-end tests.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== engine tests (native)"
cargo test -p rsp-k8s-engine --locked --all-targets
