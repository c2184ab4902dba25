#!/usr/bin/env bash
# The analysis tools people load pairaid's output into: DuckDB and Polars
# read the Parquet output, pandas the CSV (with the dtype docs/OUTPUTS.md
# gives), and every count and sum must equal the JSONL of the same input.
#
# Installs duckdb, polars and pandas from PyPI into a venv
# (${PAIRAID_PYVENV:-target/pyvenv}, kept between runs). When PyPI cannot
# be reached, says so loudly and skips (exit 0). Prints "N passed, M failed";
# exits non-zero on any failure.
#
# Usage: tests/columnar.sh            (from anywhere; builds the release binary)
#        PAIRAID=path/to/pairaid tests/columnar.sh   (skip the build)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="${PAIRAID_PYVENV:-$TARGET/pyvenv}"

die() {
    echo "columnar.sh: $*" >&2
    echo "0 passed, 1 failed"
    exit 1
}

skip() {
    {
        echo "################################################################"
        echo "# columnar.sh SKIPPED: $*"
        echo "# DuckDB, Polars and pandas did not read the outputs."
        echo "################################################################"
    } >&2
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
}

# --- Python readers -------------------------------------------------------------
command -v python3 >/dev/null || die "python3 is needed"
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV" || die "cannot create a venv at $VENV"
fi
PY="$VENV/bin/python"
if ! "$PY" -c "import duckdb, polars, pandas" 2>/dev/null; then
    echo "installing duckdb, polars, pandas from PyPI into $VENV"
    "$PY" -m pip install --quiet --disable-pip-version-check --timeout 30 duckdb polars pandas \
        || skip "pip could not install duckdb, polars and pandas (is PyPI reachable?)"
fi

# --- pairaid --------------------------------------------------------------------
if [[ -z "${PAIRAID:-}" ]]; then
    cargo build --release --quiet || die "cargo build --release failed"
    PAIRAID="$TARGET/release/pairaid"
fi
[[ -x "$PAIRAID" ]] || die "no binary at $PAIRAID"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pairaid-columnar.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
for out in events.jsonl events.csv events.parquet; do
    "$PAIRAID" extract fixtures/articles -q -o "$TMP/$out" || die "extract -o $out failed"
done
# A JSONL input with provenance, for the articles file.
printf '%s\n' '{"id": "p", "text": "Wuxi allocated 50 million yuan to Haidong in 2019.", "url": "https://example.gov.cn/p.html", "title": "T", "published": "2019-07-01"}' \
    >"$TMP/prov.jsonl"
"$PAIRAID" extract "$TMP/prov.jsonl" -q -o "$TMP/prov/" --format parquet || die "extract prov failed"

"$PY" - "$TMP" "$(ls fixtures/articles/*.txt | wc -l)" <<'EOF'
import json, sys
import duckdb, pandas as pd, polars as pl

tmp, article_files = sys.argv[1], int(sys.argv[2])
events = [json.loads(line) for line in open(f"{tmp}/events.jsonl", encoding="utf-8")]
n = len(events)
total = sum(e["quantity"]["value"] for e in events if e["quantity"])
recipients = sum(len(e["recipients"]) for e in events)
donors = [(e["donor"] or {}).get("code") for e in events]
passed = failed = 0

def check(name, expected, got):
    global passed, failed
    if expected == got:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: expected {expected!r}, got {got!r}")

ev, ar = f"{tmp}/events.parquet", f"{tmp}/events.articles.parquet"

# DuckDB
con = duckdb.connect()
check("duckdb: events rows", n, con.execute(f"SELECT count(*) FROM '{ev}'").fetchone()[0])
check("duckdb: sum(value)", total, con.execute(f"SELECT sum(value) FROM '{ev}'").fetchone()[0])
check("duckdb: recipients", recipients, con.execute(f"SELECT sum(len(recipients)) FROM '{ev}'").fetchone()[0])
check("duckdb: recipient codes match the structs", 0, con.execute(
    f"SELECT count(*) FROM '{ev}' WHERE recipient_codes != [r.code FOR r IN recipients]").fetchone()[0])
types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{ev}')").fetchall())
check("duckdb: donor_code is text", "VARCHAR", types["donor_code"])
check("duckdb: value is BIGINT", "BIGINT", types["value"])
check("duckdb: year is INTEGER", "INTEGER", types["year"])
check("duckdb: recipient_codes is a list", "VARCHAR[]", types["recipient_codes"])
check("duckdb: articles rows", article_files, con.execute(f"SELECT count(*) FROM '{ar}'").fetchone()[0])
check("duckdb: sum(event_count)", n, con.execute(f"SELECT sum(event_count) FROM '{ar}'").fetchone()[0])
check("duckdb: join events to articles", n, con.execute(
    f"SELECT count(*) FROM '{ev}' e JOIN '{ar}' a ON a.id = e.article_id").fetchone()[0])
check("duckdb: provenance", ("https://example.gov.cn/p.html", "T", "2019-07-01"), con.execute(
    f"SELECT url, title, CAST(published_date AS VARCHAR) FROM '{tmp}/prov/articles.parquet'").fetchone())

# Polars
df = pl.read_parquet(ev)
check("polars: events rows", n, df.height)
check("polars: sum(value)", total, df["value"].sum())
check("polars: recipients", recipients, int(df["recipients"].list.len().sum()))
check("polars: donor codes", donors, df["donor_code"].to_list())
check("polars: donor_code is a string", pl.String, df.schema["donor_code"])
check("polars: value is Int64", pl.Int64, df.schema["value"])
articles = pl.read_parquet(ar)
check("polars: articles rows", article_files, articles.height)
check("polars: published_date is a date", pl.Date, articles.schema["published_date"])

# pandas, on the CSV, with the dtype docs/OUTPUTS.md gives
csv = pd.read_csv(f"{tmp}/events.csv", dtype={"donor_code": str, "recipient_codes": str})
check("pandas csv: rows", n, len(csv))
check("pandas csv: sum(value)", total, int(csv["value"].sum()))
check("pandas csv: donor codes are the JSONL's strings", donors,
      [None if pd.isna(c) else c for c in csv["donor_code"]])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
