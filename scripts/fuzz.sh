#!/usr/bin/env bash
# Fuzz the engine with cargo-fuzz (libFuzzer, nightly): each target for FUZZ_SECONDS
# (default 180) seconds, seeded from fuzz/corpus/<target>/.
#
#   bash scripts/fuzz.sh                      # every target: kubeconfig token settings share archive form settings_file import
#   bash scripts/fuzz.sh token share          # only these
#   FUZZ_SECONDS=30 bash scripts/fuzz.sh      # a shorter run
#
# The targets' bodies (and the invariants they check) are in engine/src/fuzzing.rs. The
# corpus in the repository stays small and is only read: what a run finds goes to
# $FUZZ_WORK/<target> (default: a folder under ${TMPDIR:-/tmp}), crashes and slow inputs to
# fuzz/artifacts/<target>/. Reproduce one with `cargo +nightly fuzz run <target> <file>`
# from the repository root; once fixed, copy it into fuzz/corpus/<target>/ so that the
# stable replay test (engine/tests/fuzz_corpus.rs, part of scripts/test.sh) keeps it fixed.
# Installs cargo-fuzz when missing; needs the nightly toolchain (rustup toolchain install nightly).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

ALL=(kubeconfig token settings share archive form settings_file import)
SECONDS_PER_TARGET=${FUZZ_SECONDS:-180}
WORK=${FUZZ_WORK:-${TMPDIR:-/tmp}/rsp-k8s-config-fuzz}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

max_len() {
  case "$1" in
    kubeconfig | archive) echo 1048576 ;; # the kubeconfig paste limit (1 MiB)
    token | settings) echo 65536 ;;       # the token limit (64 KiB); settings are form fields
    share) echo 131072 ;;                 # well past the fragment limit (16 KiB)
    *)
      echo "unknown target $1 (known: ${ALL[*]})" >&2
      exit 2
      ;;
  esac
}
for t in "${TARGETS[@]}"; do max_len "$t" >/dev/null; done

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "cargo-fuzz needs the nightly toolchain: rustup toolchain install nightly --profile minimal" >&2
  echo "(on stable, the corpus replay runs in: cargo test -p rsp-k8s-engine --features fuzzing --test fuzz_corpus)" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  # Without --locked when the registry lags behind cargo-fuzz's lock file.
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

echo "== building the fuzz targets"
cargo +nightly fuzz build

failed=()
for t in "${TARGETS[@]}"; do
  mkdir -p "$WORK/$t" "fuzz/artifacts/$t"
  log="$WORK/$t.log"
  echo "== $t: ${SECONDS_PER_TARGET}s, -max_len=$(max_len "$t") (log: $log)"
  status=0
  # -timeout: seconds per input, anything slower is a bug; new inputs go to $WORK/$t only.
  cargo +nightly fuzz run "$t" "$WORK/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$t")" -timeout=2 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  # After a crash there are no final stats: the last status line (#N) says how far it got.
  [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#' || true)
  if [ "$status" -ne 0 ] && ! grep -q 'INFO: Seed:' "$log"; then
    tail -n 40 "$log"
    echo "== $t: the target did not build or start (exit $status); nothing was fuzzed" >&2
    exit "$status"
  fi
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log"
    echo "== $t: FAILED (exit $status) after ${execs:-?} executions; the input is in fuzz/artifacts/$t/"
    failed+=("$t")
  else
    echo "== $t: ${execs:-?} executions, no finding"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "== findings in: ${failed[*]}" >&2
  exit 1
fi
