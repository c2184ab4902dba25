#!/usr/bin/env bash
# Issue 14's identity test: on the dev articles (../shared/dev/articles) plus
# 20,000 generated articles (../shared/bench/make_corpus.py), as one JSONL
# corpus,
#   1. the union of `pairaid extract - --shard K/3` for K = 0, 1, 2 and
#   2. examples/spark/run.sh, Spark in local mode with 2 and with 4 partitions,
# each give, sorted by event id, the very bytes of one `pairaid extract` run
# sorted the same way. Step 1 needs no Spark and always runs. Step 2 installs
# PySpark from PyPI; it is skipped, loudly, only when PyPI cannot be reached.
# PAIRAID_SPARK_ARTICLES sets the number of generated articles.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared="$root/../shared"
bin="$root/target/release/pairaid"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
articles=${PAIRAID_SPARK_ARTICLES:-20000}

[ -x "$bin" ] || cargo build --release --quiet

# Sorts JSONL records by their `id`, keeping each line's bytes.
sort_by_id() {
  python3 -c '
import json, sys
lines = sys.stdin.buffer.read().splitlines(keepends=True)
sys.stdout.buffer.writelines(sorted(lines, key=lambda l: json.loads(l)["id"]))'
}

same() { # what expected actual
  if cmp -s "$2" "$3"; then
    echo "ok: $1: $(wc -l <"$3") events, byte-identical"
  else
    echo "FAIL: $1 differs from the single-machine run"
    diff <(head -c 2000000 "$2") <(head -c 2000000 "$3") | head -20
    exit 1
  fi
}

echo "corpus: the dev articles and $articles generated articles"
python3 - "$shared/dev/articles" "$work/corpus.jsonl" <<'PY'
import json, pathlib, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(pathlib.Path(sys.argv[1]).glob("*.txt")):
        out.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
PY
python3 "$shared/bench/make_corpus.py" --articles "$articles" --format jsonl --out "$work/generated.jsonl"
cat "$work/generated.jsonl" >>"$work/corpus.jsonl"

"$bin" extract "$work/corpus.jsonl" --quiet >"$work/single.jsonl"
sort_by_id <"$work/single.jsonl" >"$work/single.sorted"

for k in 0 1 2; do
  "$bin" extract - --quiet --shard "$k/3" <"$work/corpus.jsonl" >"$work/shard$k.jsonl"
done
cat "$work"/shard{0,1,2}.jsonl | sort_by_id >"$work/shards.sorted"
same "--shard 0/3, 1/3, 2/3 united" "$work/single.sorted" "$work/shards.sorted"

venv=${PAIRAID_SPARK_VENV:-$root/target/spark-venv}
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
  python3 -m venv "$venv"
  if ! "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark; then
    if "$venv/bin/pip" index versions pyspark >/dev/null 2>&1; then
      echo "FAIL: PyPI answers but PySpark did not install"
      exit 1
    fi
    echo
    echo "############################################################"
    echo "SKIPPED: the Spark identity test: PyPI cannot be reached, so"
    echo "PySpark cannot be installed. The shard test above ran."
    echo "############################################################"
    exit 0
  fi
fi

PAIRAID_SPARK_VENV=$venv PAIRAID_BIN=$bin examples/spark/run.sh "$work/corpus.jsonl" "$work/spark"
for n in 2 4; do
  if [ -n "$(cat "$work/spark/p$n/errors"/part-* 2>/dev/null)" ]; then
    echo "FAIL: Spark with $n partitions wrote error records:"
    head -5 "$work/spark/p$n/errors"/part-*
    exit 1
  fi
  cat "$work/spark/p$n/events"/part-* | sort_by_id >"$work/spark$n.sorted"
  same "Spark, $n partitions" "$work/single.sorted" "$work/spark$n.sorted"
done
echo "the Spark identity test passed"
