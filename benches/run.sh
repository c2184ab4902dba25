#!/usr/bin/env bash
# Whole-process benchmark of `pairaid extract` against a ripgrep scan of the
# same file for every gazetteer alias (case-insensitive fixed strings).
#
#   benches/run.sh            # 50 MB (11,000 articles) and 500 MB (110,000 articles)
#   benches/run.sh 11000      # only the given corpus sizes, in articles
#
# Corpora are generated deterministically by ../shared/bench/make_corpus.py
# into target/bench/ (reused when present; never committed). Prints, per
# corpus: MB/s and peak RSS of `pairaid extract --jobs 1`, `--jobs 2` and
# `rg --count-matches -i -F -f NAMES`, and the ratios.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BENCH_DIR=${BENCH_DIR:-$ROOT/target/bench}
MAKE_CORPUS=${MAKE_CORPUS:-$ROOT/../shared/bench/make_corpus.py}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(11000 110000)
mkdir -p "$BENCH_DIR"

# Tools: GNU time for peak RSS, ripgrep for the reference scan.
if ! [ -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null
fi
if ! command -v rg >/dev/null; then
    cargo install ripgrep
fi

cargo build --profile dist --quiet
PAIRAID=${PAIRAID:-$ROOT/target/dist/pairaid}

NAMES=$BENCH_DIR/names.txt
tail -n +2 gazetteers/aliases.tsv | cut -f1 | grep -v '^$' | sort -u >"$NAMES"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
echo "pairaid: $("$PAIRAID" --version 2>/dev/null || echo unknown), rg: $(rg --version | head -1)"
echo "names: $(wc -l <"$NAMES") aliases from gazetteers/aliases.tsv"

# measure LABEL CMD...: runs CMD under GNU time; sets SECS and RSS_MB.
measure() {
    local label=$1
    shift
    local log=$BENCH_DIR/time.log
    /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null
    read -r SECS RSS_KB <"$log"
    RSS_MB=$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
    printf '  %-16s %8.2f s %9.1f MB/s %8s MB peak RSS\n' "$label" "$SECS" \
        "$(awk -v b="$BYTES" -v s="$SECS" 'BEGIN { printf "%.1f", b / 1e6 / s }')" "$RSS_MB"
}

for n in "${SIZES[@]}"; do
    corpus=$BENCH_DIR/corpus_$n.jsonl
    if ! [ -s "$corpus" ]; then
        python3 "$MAKE_CORPUS" --articles "$n" --format jsonl --out "$corpus"
    fi
    BYTES=$(stat -c %s "$corpus")
    echo
    echo "corpus: $n articles, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB ($corpus)"
    cat "$corpus" >/dev/null # warm the page cache for every contender
    measure "rg -i -F" rg --count-matches -i -F -f "$NAMES" "$corpus"
    rg_s=$SECS
    measure "pairaid --jobs 1" "$PAIRAID" extract --quiet --jobs 1 -o /dev/null "$corpus"
    j1_s=$SECS
    measure "pairaid --jobs 2" "$PAIRAID" extract --quiet --jobs 2 -o /dev/null "$corpus"
    j2_s=$SECS
    awk -v rg="$rg_s" -v j1="$j1_s" -v j2="$j2_s" 'BEGIN {
        printf "  ratio pairaid/rg throughput: --jobs 1 %.2fx, --jobs 2 %.2fx\n", rg / j1, rg / j2
        printf "  speed-up --jobs 2 over --jobs 1: %.2fx\n", j1 / j2
    }'
done
