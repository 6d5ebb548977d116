#!/usr/bin/env bash
# Install what this project needs and is missing. Idempotent: every step checks first,
# and a second run with everything present takes about a second.
# Only package registries are used (crates.io, Debian apt, npm): nothing is downloaded
# from GitHub, and Trunk is configured never to download (Trunk.toml: offline + [tools]).
set -euo pipefail

TRUNK_VERSION=0.21.14        # 0.22.x needs rustc >= 1.96.1
WASM_BINDGEN_VERSION=0.2.130 # must equal the "=0.2.130" pin in Cargo.toml and Trunk.toml
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$CARGO_BIN:$PATH"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi # e.g. on a GitHub runner

log() { printf '== %s\n' "$*"; }

# 1. Rust wasm target
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "wasm32-unknown-unknown: present"
else
  rustup target add wasm32-unknown-unknown
fi

# 2. Debian packages: a real headless browser and its driver, shellcheck for the runbook test,
#    PostgreSQL's server for the cluster's database test (tests/cluster_runbook.rs).
missing=()
for p in chromium chromium-driver shellcheck postgresql; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "apt: chromium chromium-driver shellcheck postgresql present"
else
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 3. trunk. An unoptimised build installs in ~2.5 min instead of ~6 and builds as fast:
#    trunk only orchestrates cargo, wasm-bindgen and wasm-opt.
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  log "trunk $TRUNK_VERSION: present"
else
  log "cargo install trunk $TRUNK_VERSION"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install trunk --version "$TRUNK_VERSION" --locked --debug \
    --no-default-features --features rustls
fi

# 4. wasm-bindgen-cli (wasm-bindgen + wasm-bindgen-test-runner), exactly the pinned version.
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] &&
  [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ]; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  if ! cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked; then
    # Its Cargo.lock pins webpki-roots 1.0.11, which the crates.io mirror here may lack.
    # Install from the crate source with that one dependency moved back to 1.0.10.
    log "locked install failed; retrying with webpki-roots 1.0.10"
    tmp=$(mktemp -d)
    mkdir -p "$tmp/fetch/src" && : >"$tmp/fetch/src/lib.rs"
    printf '[package]\nname = "fetch-wbcli"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwasm-bindgen-cli = "=%s"\n' \
      "$WASM_BINDGEN_VERSION" >"$tmp/fetch/Cargo.toml"
    (cd "$tmp/fetch" && cargo fetch -q)
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$WASM_BINDGEN_VERSION" | head -n1)
    cp -r "$src" "$tmp/wbcli"
    (cd "$tmp/wbcli" && cargo update -q -p webpki-roots --precise 1.0.10 && cargo install --path . --locked)
    rm -rf "$tmp"
  fi
fi

# 5. npm tools pinned by package-lock.json: binaryen 132 (wasm-opt; Debian's 108 breaks
#    the app) and playwright-core (drives Debian's chromium; never downloads a browser).
if (cd "$ROOT" && npm ls --depth=0 >/dev/null 2>&1); then
  log "npm: node_modules up to date"
else
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi

# 6. Crate sources, so trunk (offline = true) and the tests can build without the network.
(cd "$ROOT" && cargo fetch --locked -q)
log "setup ok"
