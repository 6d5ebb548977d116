#!/usr/bin/env bash
# Install what is missing, then build and serve the app on http://127.0.0.1:8080/ with the
# example pre-filled (it opens on the example unless the URL carries shared settings).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"
exec trunk serve --release "$@"
