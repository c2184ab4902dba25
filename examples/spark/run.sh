#!/usr/bin/env bash
# Runs extract.py in Spark local mode, once per partition count (2 and 4 by
# default), each into OUT/pN/ (events/, errors/). Installs PySpark from PyPI
# into a virtual environment first (Java 17 or later must be on the PATH)
# and builds the release binary when there is none.
#
#   examples/spark/run.sh [CORPUS.jsonl [OUT]]
#
# Without CORPUS the fixture articles are the corpus. Environment:
# PAIRAID_SPARK_VENV (default target/spark-venv), PAIRAID_BIN (default
# target/release/pairaid), PAIRAID_SPARK_PARTITIONS (default "2 4"),
# PAIRAID_ARGS (more options of pairaid extract, e.g. "--jobs 1").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${PAIRAID_SPARK_VENV:-$root/target/spark-venv}
binary=${PAIRAID_BIN:-$root/target/release/pairaid}
out=${2:-$root/target/spark-out}

command -v java >/dev/null || { echo "run.sh: Spark needs Java 17 or later on the PATH" >&2; exit 1; }
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
  echo "run.sh: installing PySpark into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark
fi
[ -x "$binary" ] || cargo build --release --quiet --manifest-path "$root/Cargo.toml"

mkdir -p "$out"
corpus=${1:-}
if [ -z "$corpus" ]; then
  corpus=$out/fixtures.jsonl
  python3 - "$root/fixtures/articles" "$corpus" <<'PY'
import json, pathlib, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(pathlib.Path(sys.argv[1]).glob("*.txt")):
        out.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
PY
fi

for n in ${PAIRAID_SPARK_PARTITIONS:-2 4}; do
  rm -rf "$out/p$n"
  started=$(date +%s.%N)
  "$venv/bin/python" "$here/extract.py" --corpus "$corpus" --binary "$binary" \
    --out "$out/p$n" --partitions "$n" --pairaid-args="${PAIRAID_ARGS:-}"
  echo "run.sh: $n partitions: $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)") s in all, Spark start-up included"
done
