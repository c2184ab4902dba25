#!/usr/bin/env bash
# End-to-end check of the PostgreSQL path: schema/postgres.sql plus the CSV
# output loaded with the documented one-line \copy.
#
# Installs PostgreSQL if missing (Debian: apt-get), starts a throwaway
# cluster on 127.0.0.1 in a temp dir, extracts fixtures/articles to CSV and
# JSONL with the release binary, loads the CSV twice and checks counts,
# flows totals and every event field against the JSONL. Stops the server
# and removes the temp dir on exit. Prints "N passed, M failed"; exits
# non-zero on any failure.
#
# Usage: tests/postgres.sh            (from anywhere; builds the release binary)
#        PAIRAID=path/to/pairaid tests/postgres.sh   (skip the build)
#        PAIRAID_INPUT=DIR PAIRAID_EXPECT_EXIT=1 tests/postgres.sh
#            (extract DIR instead of fixtures/articles, expecting that exit
#            code: tests/bad_input.rs loads its bad-input corpus this way)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

passed=0
failed=0
check() { # check NAME EXPECTED ACTUAL
    if [[ "$2" == "$3" ]]; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1: expected [$2], got [$3]"
    fi
}
die() {
    echo "postgres.sh: $*" >&2
    echo "$passed passed, $((failed + 1)) failed"
    exit 1
}

# --- PostgreSQL binaries ------------------------------------------------------
pg_bin() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
        echo "$d"
    elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
    fi
}
PGBIN=$(pg_bin)
if [[ -z "$PGBIN" ]] || ! command -v psql >/dev/null; then
    echo "installing postgresql (apt-get)"
    if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update -q >/dev/null || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q postgresql >/dev/null \
        || die "apt-get install postgresql failed"
    PGBIN=$(pg_bin)
    [[ -n "$PGBIN" ]] || die "no initdb/pg_ctl after installing postgresql"
fi
PSQL=$(command -v psql || echo "$PGBIN/psql")
command -v python3 >/dev/null || die "python3 is needed to compute expected values"

# --- pairaid ------------------------------------------------------------------
if [[ -z "${PAIRAID:-}" ]]; then
    cargo build --release --quiet || die "cargo build --release failed"
    PAIRAID="${CARGO_TARGET_DIR:-$ROOT/target}/release/pairaid"
fi
[[ -x "$PAIRAID" ]] || die "no binary at $PAIRAID"

# --- throwaway cluster --------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pairaid-pg.XXXXXX")
DATA="$TMP/data"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# initdb refuses to run as root: run the server as the postgres user then.
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user"
    chown postgres "$TMP"
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi
cleanup() {
    if [[ -f "$DATA/postmaster.pid" ]]; then
        "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

"${AS_PG[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$TMP/server.log" -w -t 60 \
    -o "-k $TMP -h 127.0.0.1 -p $PORT -c fsync=off" start >/dev/null \
    || { cat "$TMP/server.log" >&2; die "pg_ctl start failed"; }

export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres PGOPTIONS="-c client_min_messages=warning"
"$PSQL" -q -d postgres -c "CREATE DATABASE pairaid" || die "CREATE DATABASE failed"
export PGDATABASE=pairaid
q() { "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# --- extract ------------------------------------------------------------------
INPUT=${PAIRAID_INPUT:-fixtures/articles}
EXPECT_EXIT=${PAIRAID_EXPECT_EXIT:-0}
"$PAIRAID" extract "$INPUT" -q -o "$TMP/events.jsonl" 2>"$TMP/extract.err"
check "extract jsonl exit code" "$EXPECT_EXIT" $?
"$PAIRAID" extract "$INPUT" -q -o "$TMP/events.csv" 2>>"$TMP/extract.err"
check "extract csv exit code" "$EXPECT_EXIT" $?
chmod a+r "$TMP"/events.*

# Expected values, from the JSONL.
python3 - "$TMP/events.jsonl" "$TMP/expected.json" <<'EOF'
import json, sys
# The CSV drops NUL characters (the JSONL writes them as \u0000).
events = [json.loads(line.replace("\\u0000", "")) for line in open(sys.argv[1], encoding="utf-8")]
# flows: aggregate events, each flow_key once (smallest id), one row per
# recipient group, annual/cumulative/period apart.
reports = {}
for e in events:
    if e["aggregate"]:
        reports.setdefault(e["flow_key"] or e["id"], []).append(e)
flows = {}
for told in reports.values():
    e = min(told, key=lambda e: e["id"])
    group = ";".join(sorted(r["code"] for r in e["recipients"])) or None
    key = json.dumps([(e["donor"] or {}).get("code"), group, e["scope"], e["year"], e["since"],
                      e["type"], e["quantity"]["unit"]])
    total, count, articles = flows.get(key, (0, 0, 0))
    flows[key] = (total + e["quantity"]["value"], count + 1,
                  articles + len({t["article_id"] for t in told}))
json.dump({
    "events": len(events),
    "articles": len({e["article_id"] for e in events}),
    "recipients": sum(len(e["recipients"]) for e in events),
    "flows": flows,
}, open(sys.argv[2], "w"))
EOF
expect() { python3 -c "import json,sys; print(json.load(open('$TMP/expected.json'))['$1'])"; }

# --- schema and load (the documented one-liner) --------------------------------
"$PSQL" -X -q -v ON_ERROR_STOP=1 -f schema/postgres.sql >/dev/null
check "schema loads" 0 $?
"$PSQL" -X -q -v ON_ERROR_STOP=1 -f schema/postgres.sql >/dev/null
check "schema re-runs" 0 $?

load() {
    (cd "$TMP" && "$PSQL" -X -q -At -1 -v ON_ERROR_STOP=1 \
        -c "\copy pairaid_staging FROM 'events.csv' WITH (FORMAT csv, HEADER true)" \
        -c "SELECT pairaid_load()")
}

counts() {
    q "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM events) || ' '
        || (SELECT count(*) FROM event_recipients) || ' ' || (SELECT count(*) FROM places) || ' '
        || (SELECT count(*) FROM flows) || ' ' || (SELECT coalesce(sum(event_count), 0) FROM articles)
        || ' ' || (SELECT count(*) FROM pairaid_staging)"
}

# Compares the flows view and every event with the JSONL; prints "ok" or the differences.
compare() {
    q "SELECT coalesce(json_agg(f), '[]') FROM flows f" >"$TMP/flows.json"
    q "SELECT coalesce(json_agg(json_build_object(
            'id', e.id, 'article_id', e.article_id, 'type', e.type, 'donor', e.donor_code,
            'value', e.value, 'unit', e.unit, 'qualifier', e.qualifier, 'role', e.role,
            'year', e.year, 'since', e.since, 'start', e.evidence_start, 'end', e.evidence_end,
            'text', e.evidence_text, 'confidence', e.confidence, 'rule', e.rule,
            'part_of', e.part_of, 'scope', e.scope, 'status', e.status,
            'flow_key', e.flow_key, 'aggregate', e.aggregate,
            'recipients', (SELECT coalesce(json_agg(r.place_code ORDER BY r.position), '[]')
                           FROM event_recipients r WHERE r.event_id = e.id))), '[]')
        FROM events e" >"$TMP/events.json"
    python3 - "$TMP/events.jsonl" "$TMP/expected.json" "$TMP/flows.json" "$TMP/events.json" <<'EOF'
import json, sys
jsonl = [json.loads(line.replace("\\u0000", "")) for line in open(sys.argv[1], encoding="utf-8")]
expected = json.load(open(sys.argv[2]))["flows"]
got = {}
for f in json.load(open(sys.argv[3])):
    key = json.dumps([f["donor_code"], f["recipient_code"], f["scope"], f["year"], f["since"],
                      f["type"], f["unit"]])
    got[key] = [int(f["total_value"]), f["event_count"], int(f["article_count"])]
problems = []
for key in sorted(set(expected) | set(got)):
    if key not in got or key not in expected or list(expected[key]) != got[key]:
        problems.append(f"flow {key}: expected {expected.get(key)}, got {got.get(key)}")
db = {e["id"]: e for e in json.load(open(sys.argv[4]))}
for e in jsonl:
    q = e["quantity"] or {}
    want = {
        "id": e["id"], "article_id": e["article_id"], "type": e["type"],
        "donor": (e["donor"] or {}).get("code"), "value": q.get("value"), "unit": q.get("unit"),
        "qualifier": q.get("qualifier"), "role": e["role"], "year": e["year"], "since": e["since"],
        "start": e["evidence"]["start"], "end": e["evidence"]["end"], "text": e["evidence"]["text"],
        "confidence": e["confidence"], "rule": e["rule"],
        "part_of": e["part_of"], "scope": e["scope"], "status": e["status"],
        "flow_key": e["flow_key"], "aggregate": e["aggregate"],
        "recipients": [r["code"] for r in e["recipients"]],
    }
    if db.get(e["id"]) != want:
        problems.append(f"event {e['id']}: expected {want}, got {db.get(e['id'])}")
if len(db) != len(jsonl):
    problems.append(f"{len(db)} events in the database, {len(jsonl)} in the JSONL")
print("ok" if not problems else "\n".join(problems[:10]))
EOF
}

load >"$TMP/load1.out"
check "first load" 0 $?
check "first load returns the event count" "$(expect events)" "$(cat "$TMP/load1.out")"
read -r articles events recipients places flows event_sum staging <<<"$(counts)"
check "events = JSONL events" "$(expect events)" "$events"
check "articles = JSONL articles" "$(expect articles)" "$articles"
check "event_recipients = JSONL recipients" "$(expect recipients)" "$recipients"
check "sum(articles.event_count) = events" "$events" "$event_sum"
check "staging emptied" 0 "$staging"
check "flows totals and events equal the JSONL" ok "$(compare)"
first="$(counts)"

load >"$TMP/load2.out"
check "second load" 0 $?
check "second load leaves every count unchanged" "$first" "$(counts)"
check "flows and events unchanged after the second load" ok "$(compare)"
check "foreign keys: no orphan recipients" 0 \
    "$(q "SELECT count(*) FROM event_recipients r LEFT JOIN places p ON p.code = r.place_code WHERE p.code IS NULL")"

# --- provenance: the CSV's published, article_url, article_title reach articles
printf '%s\n' \
    '{"id": "prov", "text": "Wuxi allocated 50 million yuan to Haidong in 2019.", "url": "https://example.gov.cn/a.html", "title": "Wuxi, \"Haidong\" aid", "published": "2019-07-01"}' \
    >"$TMP/prov.jsonl"
"$PAIRAID" extract "$TMP/prov.jsonl" -q -o "$TMP/events.csv"
check "extract provenance csv" 0 $?
chmod a+r "$TMP"/events.*
load >/dev/null
check "provenance load" 0 $?
check "articles carry url, title and published" \
    'https://example.gov.cn/a.html|Wuxi, "Haidong" aid|2019-07-01' \
    "$(q "SELECT url || '|' || title || '|' || published FROM articles WHERE id = 'prov'")"

# --- a version 1 database is upgraded by re-running the schema
q "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null
q "CREATE TABLE articles (id text PRIMARY KEY, source text, published text, status text NOT NULL, error text, event_count integer NOT NULL)" >/dev/null
q "CREATE TABLE pairaid_staging (id text, article_id text, type text, donor_code text, donor_name text, recipient_codes text, recipient_names text, value bigint, unit text, qualifier text, role text, year integer, since integer, evidence_start bigint, evidence_end bigint, evidence_text text, confidence double precision, rule text)" >/dev/null
"$PSQL" -X -q -v ON_ERROR_STOP=1 -f schema/postgres.sql >/dev/null
check "schema upgrades a version 1 database" 0 $?
load >/dev/null
check "load after the upgrade" 0 $?
check "upgraded articles carry the url" 'https://example.gov.cn/a.html' \
    "$(q "SELECT url FROM articles WHERE id = 'prov'")"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
