#!/usr/bin/env bash
# Fuzzes `Pipeline::extract` on stable Rust (cargo-fuzz needs nightly) with
# the hand-rolled mutation loop in examples/fuzz/: arbitrary bytes, the
# fixture, hold-out and dev articles mutated (read at run time, never copied
# here), token soups, and small article parts. Built with the `fuzz` profile:
# optimized, with overflow checks and debug assertions.
#
# Usage: fuzz/run.sh [SECONDS] [JOBS]     (default: 600 s, 1 thread)
#        FUZZ_SEED=N fuzz/run.sh ...       (another random sequence)
#
# A failing input (panic, broken invariant, or over 5 s) is saved under
# fuzz/crashes/ (not committed) and reported; the script then exits 1. Turn
# each one into a file under tests/fuzz/ so tests/fuzz_regressions.rs keeps
# it. The last line is "fuzz: N s, N executions (N/s), ...".
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
jobs=${2:-1}
seeds=(--seeds fixtures/articles --seeds fixtures/holdout/articles)
for dir in ../shared/dev/articles ../shared/seeds; do
  [[ -d $dir ]] && seeds+=(--seeds "$dir")
done
cargo build --profile fuzz --example fuzz --quiet
"${CARGO_TARGET_DIR:-target}/fuzz/examples/fuzz" --seconds "$seconds" --jobs "$jobs" \
  --seed "${FUZZ_SEED:-$(date +%s)}" --crashes fuzz/crashes "${seeds[@]}"
