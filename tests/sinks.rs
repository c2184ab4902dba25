//! The CSV and SQLite outputs of `pairaid extract`, checked against the JSONL
//! output of the same input: row counts, `flows` totals, idempotent
//! re-ingestion, CSV round trip, and the `--format` option.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pairaid::Event;
use rusqlite::Connection;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles")
}

fn pairaid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pairaid"))
}

/// Runs `pairaid extract INPUT -q ARGS...` and expects exit code 0.
fn extract(input: &Path, args: &[&str]) {
    pairaid()
        .arg("extract")
        .arg(input)
        .arg("-q")
        .args(args)
        .assert()
        .success();
}

fn read_jsonl(path: &Path) -> Vec<Event> {
    std::fs::read_to_string(path)
        .expect("JSONL output exists")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is an event"))
        .collect()
}

fn jsonl_of(input: &Path, dir: &Path) -> Vec<Event> {
    let out = dir.join("events.jsonl");
    extract(input, &["-o", out.to_str().unwrap()]);
    read_jsonl(&out)
}

fn article_count(dir: &Path) -> i64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count() as i64
}

/// (donor, recipient group, scope, year, since, type, unit)
type FlowKey = (
    Option<String>,
    Option<String>,
    String,
    Option<i64>,
    Option<i64>,
    String,
    Option<String>,
);
/// (total value, event count, article count)
type FlowValue = (Option<i64>, i64, i64);

/// The `flows` view computed from JSONL events: aggregate events only,
/// each flow_key once (its smallest id stands for it), a joint event once
/// for its group of recipients.
fn flows_of(events: &[Event]) -> BTreeMap<FlowKey, FlowValue> {
    let mut by_flow: BTreeMap<String, Vec<&Event>> = BTreeMap::new();
    for e in events.iter().filter(|e| e.totals.aggregate) {
        let flow = e.totals.flow_key.clone().unwrap_or_else(|| e.id.clone());
        by_flow.entry(flow).or_default().push(e);
    }
    let mut flows: BTreeMap<FlowKey, FlowValue> = BTreeMap::new();
    for reports in by_flow.values() {
        let e = reports.iter().min_by_key(|e| e.id.as_str()).unwrap();
        let articles: std::collections::BTreeSet<&str> =
            reports.iter().map(|e| e.article_id.as_str()).collect();
        let mut codes: Vec<&str> = e.recipients.iter().map(|r| r.code.as_str()).collect();
        codes.sort_unstable();
        let key = (
            e.donor.as_ref().map(|d| d.code.clone()),
            (!codes.is_empty()).then(|| codes.join(";")),
            e.totals.scope.as_str().to_string(),
            e.year.map(i64::from),
            e.since.map(i64::from),
            e.kind.as_str().to_string(),
            e.quantity.as_ref().map(|q| q.unit.clone()),
        );
        let entry = flows.entry(key).or_insert((None, 0, 0));
        if let Some(q) = &e.quantity {
            entry.0 = Some(entry.0.unwrap_or(0) + i64::try_from(q.value).unwrap());
        }
        entry.1 += 1;
        entry.2 += articles.len() as i64;
    }
    flows
}

fn db_flows(conn: &Connection) -> BTreeMap<FlowKey, FlowValue> {
    let mut stmt = conn
        .prepare(
            "SELECT donor_code, recipient_code, scope, year, since, type, unit,
                    total_value, event_count, article_count FROM flows",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ),
            (r.get(7)?, r.get(8)?, r.get(9)?),
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// type, donor_code, value, unit, year, since, evidence_start, evidence_end,
/// evidence_text, rule
type EventRow = (
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<i32>,
    Option<i32>,
    i64,
    i64,
    String,
    String,
);

/// Every table's and the view's row count, and sum(event_count).
fn counts(conn: &Connection) -> [i64; 6] {
    [
        count(conn, "SELECT count(*) FROM articles"),
        count(conn, "SELECT count(*) FROM events"),
        count(conn, "SELECT count(*) FROM event_recipients"),
        count(conn, "SELECT count(*) FROM places"),
        count(conn, "SELECT count(*) FROM flows"),
        count(conn, "SELECT coalesce(sum(event_count), 0) FROM articles"),
    ]
}

/// Each article's event_count equals its number of events rows.
fn assert_event_counts_consistent(conn: &Connection) {
    let bad = count(
        conn,
        "SELECT count(*) FROM articles a
         WHERE a.event_count != (SELECT count(*) FROM events e WHERE e.article_id = a.id)",
    );
    assert_eq!(
        bad, 0,
        "articles whose event_count disagrees with their events"
    );
}

#[test]
fn sqlite_matches_jsonl_and_reingestion_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let events = jsonl_of(&fixtures(), dir.path());
    assert!(!events.is_empty(), "the fixtures yield events");
    let db = dir.path().join("events.sqlite");
    extract(&fixtures(), &["-o", db.to_str().unwrap()]);

    let conn = Connection::open(&db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, pairaid::sink::sqlite::SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");

    let first = counts(&conn);
    let recipients: usize = events.iter().map(|e| e.recipients.len()).sum();
    assert_eq!(first[0], article_count(&fixtures()), "one row per article");
    assert_eq!(first[1], events.len() as i64, "events rows = JSONL events");
    assert_eq!(
        first[2], recipients as i64,
        "recipient rows = JSONL recipients"
    );
    assert_eq!(
        first[5],
        events.len() as i64,
        "sum(event_count) = JSONL events"
    );
    assert_event_counts_consistent(&conn);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM articles WHERE status != 'ok'"),
        0
    );
    let expected_flows = flows_of(&events);
    assert_eq!(db_flows(&conn), expected_flows, "flows totals = JSONL sums");

    // Every event round-trips: fields, recipients in order, place names.
    for e in &events {
        let (kind, donor, value, unit, year, since, start, end, text, rule): EventRow = conn
            .query_row(
                "SELECT type, donor_code, value, unit, year, since, evidence_start, evidence_end,
                        evidence_text, rule FROM events WHERE id = ?1",
                [&e.id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                },
            )
            .unwrap_or_else(|err| panic!("event {}: {err}", e.id));
        assert_eq!(kind, e.kind.as_str());
        assert_eq!(donor, e.donor.as_ref().map(|d| d.code.clone()));
        assert_eq!(value, e.quantity.as_ref().map(|q| q.value as i64));
        assert_eq!(unit, e.quantity.as_ref().map(|q| q.unit.clone()));
        assert_eq!((year, since), (e.year, e.since));
        assert_eq!(
            (start as usize, end as usize),
            (e.evidence.start, e.evidence.end)
        );
        assert_eq!(text, e.evidence.text);
        assert_eq!(rule, e.rule);
        let mut stmt = conn
            .prepare(
                "SELECT r.place_code, p.name FROM event_recipients r JOIN places p ON p.code = r.place_code
                 WHERE r.event_id = ?1 ORDER BY r.position",
            )
            .unwrap();
        let got: Vec<(String, String)> = stmt
            .query_map([&e.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let want: Vec<(String, String)> = e
            .recipients
            .iter()
            .map(|p| (p.code.clone(), p.name.clone()))
            .collect();
        assert_eq!(got, want, "recipients of {}", e.id);
    }
    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(fk.is_empty(), "foreign key violations in {fk:?}");
    drop(conn);

    // The same input again: nothing is duplicated, nothing changes.
    extract(&fixtures(), &["-o", db.to_str().unwrap()]);
    let conn = Connection::open(&db).unwrap();
    assert_eq!(counts(&conn), first, "second ingestion changes no count");
    assert_eq!(db_flows(&conn), expected_flows);
    assert_event_counts_consistent(&conn);
}

#[test]
fn sqlite_reingestion_replaces_an_articles_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("out.db");
    let input = dir.path().join("in.jsonl");
    let write = |texts: &[(&str, &str)]| {
        let lines: Vec<String> = texts
            .iter()
            .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
            .collect();
        std::fs::write(&input, lines.concat()).unwrap();
    };
    let two = "Wuxi allocated 50 million yuan to Haidong in 2019. \
               Wuxi sent 30 cadres to Haidong in 2019.";
    let one = "Wuxi allocated 80 million yuan to Haidong in 2020.";
    write(&[("a", two), ("b", one)]);
    extract(&input, &["-o", db.to_str().unwrap()]);
    let conn = Connection::open(&db).unwrap();
    let a_before = count(&conn, "SELECT count(*) FROM events WHERE article_id = 'a'");
    assert!(a_before >= 1, "article a has events");
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE article_id = 'a' AND year = 2019"
        ) >= 1
    );
    drop(conn);

    // Article a is re-extracted from a new text; b is untouched.
    write(&[("a", one)]);
    extract(&input, &["-o", db.to_str().unwrap()]);
    let conn = Connection::open(&db).unwrap();
    let events = jsonl_of(&input, dir.path());
    assert_eq!(
        count(&conn, "SELECT count(*) FROM events WHERE article_id = 'a'"),
        events.len() as i64,
        "a's old events are gone, its new ones are in"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE article_id = 'a' AND year = 2019"
        ),
        0
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM articles"), 2);
    assert_event_counts_consistent(&conn);
}

#[test]
fn sqlite_records_failed_inputs_with_an_id() {
    use pairaid::Pipeline;
    use pairaid::sink::sqlite::SqliteSink;
    use pairaid::sink::{ArticleOutcome, Sink};

    let pipeline = Pipeline::builder().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite");
    let ok = pipeline
        .extract(pairaid::Article {
            id: "x".into(),
            text: "Wuxi allocated 50 million yuan to Haidong in 2019.".into(),
            ..pairaid::Article::default()
        })
        .events;
    assert!(!ok.is_empty());
    let outcome = |error: Option<&str>, events: Vec<Event>| ArticleOutcome {
        article_id: "x".into(),
        origin: "test".into(),
        error: error.map(str::to_string),
        events,
        ..ArticleOutcome::default()
    };
    let mut sink = SqliteSink::open(&db, &pipeline.knowledge().gazetteer)
        .unwrap()
        .batch(1);
    sink.begin().unwrap();
    sink.write(&outcome(None, ok.clone())).unwrap();
    // An input without an id cannot be keyed: it is skipped, not an error.
    sink.write(&ArticleOutcome {
        article_id: String::new(),
        ..outcome(Some("unreadable"), Vec::new())
    })
    .unwrap();
    sink.write(&outcome(Some("malformed line"), Vec::new()))
        .unwrap();
    sink.finish().unwrap();
    drop(sink);

    let conn = Connection::open(&db).unwrap();
    let row: (String, Option<String>, i64) = conn
        .query_row(
            "SELECT status, error, event_count FROM articles WHERE id = 'x'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row, ("failed".into(), Some("malformed line".into()), 0));
    assert_eq!(count(&conn, "SELECT count(*) FROM articles"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 0, "replaced");
    assert_eq!(count(&conn, "SELECT count(*) FROM event_recipients"), 0);
    // Places carry the gazetteer's names and the ancestors they hang from.
    let haidong: (String, String, String, Option<String>) = conn
        .query_row(
            "SELECT name, name_zh, level, parent FROM places WHERE code = '630200'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(haidong.0, "Haidong");
    assert_eq!(haidong.2, "prefecture");
    assert_eq!(haidong.3.as_deref(), Some("630000"));
    assert_eq!(
        count(&conn, "SELECT count(*) FROM places WHERE code = '630000'"),
        1
    );
}

#[test]
fn csv_parses_back_with_one_row_per_event() {
    let dir = tempfile::tempdir().unwrap();
    let events = jsonl_of(&fixtures(), dir.path());
    let out = dir.path().join("events.csv");
    extract(&fixtures(), &["-o", out.to_str().unwrap()]);

    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, pairaid::sink::csv::COLUMNS);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), events.len(), "one row per JSONL event");
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    for (row, e) in rows.iter().zip(&events) {
        assert_eq!(&row[col("id")], e.id);
        assert_eq!(&row[col("article_id")], e.article_id);
        assert_eq!(&row[col("type")], e.kind.as_str());
        assert_eq!(
            &row[col("evidence_text")],
            e.evidence.text,
            "evidence of {}",
            e.id
        );
        assert_eq!(
            row[col("evidence_start")].parse::<usize>().unwrap(),
            e.evidence.start
        );
        assert_eq!(
            row[col("evidence_end")].parse::<usize>().unwrap(),
            e.evidence.end
        );
        assert_eq!(
            opt(&row[col("donor_code")]),
            e.donor.as_ref().map(|d| d.code.clone())
        );
        assert_eq!(
            opt(&row[col("donor_name")]),
            e.donor.as_ref().map(|d| d.name.clone())
        );
        let codes: Vec<&str> = e.recipients.iter().map(|r| r.code.as_str()).collect();
        let names: Vec<&str> = e.recipients.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(&row[col("recipient_codes")], codes.join(";"));
        assert_eq!(&row[col("recipient_names")], names.join(";"));
        let q = e.quantity.as_ref();
        assert_eq!(opt(&row[col("value")]), q.map(|q| q.value.to_string()));
        assert_eq!(opt(&row[col("unit")]), q.map(|q| q.unit.clone()));
        assert_eq!(opt(&row[col("role")]), e.role.clone());
        assert_eq!(opt(&row[col("year")]), e.year.map(|y| y.to_string()));
        assert_eq!(opt(&row[col("since")]), e.since.map(|y| y.to_string()));
        assert_eq!(row[col("confidence")].parse::<f64>().unwrap(), e.confidence);
        assert_eq!(&row[col("rule")], e.rule);
    }
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("q.jsonl");
    let text = "Wuxi allocated 50 million yuan, \"the first batch\", to Haidong\nin 2019.";
    std::fs::write(
        &input,
        serde_json::json!({"id": "q,\"1\"", "text": text}).to_string() + "\n",
    )
    .unwrap();
    let events = jsonl_of(&input, dir.path());
    assert!(!events.is_empty());
    let out = dir.path().join("q.csv");
    extract(&input, &["-o", out.to_str().unwrap()]);
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(raw.contains("\"q,\"\"1\"\"#1\""), "RFC 4180 quoting: {raw}");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), events.len());
    for (row, e) in rows.iter().zip(&events) {
        assert_eq!(&row[0], e.id);
        assert_eq!(&row[15], e.evidence.text);
    }
}

#[test]
fn format_is_inferred_from_the_extension_and_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixtures().join("001_xinhua_jiangsu_kizilsu.txt");
    let path = |name: &str| dir.path().join(name);

    extract(&input, &["-o", path("a.csv").to_str().unwrap()]);
    let csv = std::fs::read_to_string(path("a.csv")).unwrap();
    assert!(csv.starts_with("id,article_id,type,"), "{csv}");

    // --format wins over the extension.
    extract(
        &input,
        &["-o", path("b.csv").to_str().unwrap(), "--format", "jsonl"],
    );
    let jsonl = std::fs::read_to_string(path("b.csv")).unwrap();
    assert!(jsonl.starts_with('{'), "{jsonl}");

    // An unknown extension keeps the JSONL default.
    extract(&input, &["-o", path("c.out").to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(path("c.out"))
            .unwrap()
            .starts_with('{')
    );

    for name in ["d.db", "e.sqlite"] {
        extract(&input, &["-o", path(name).to_str().unwrap()]);
        let conn = Connection::open(path(name)).unwrap();
        assert!(count(&conn, "SELECT count(*) FROM articles") == 1);
    }

    // CSV to standard output.
    let assert = pairaid()
        .args(["extract", "-q", "--format", "csv"])
        .arg(&input)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&assert.get_output().stdout).starts_with("id,article_id,"));

    // SQLite needs a file: usage error, exit 2, nothing on stdout.
    let assert = pairaid()
        .args(["extract", "-q", "--format", "sqlite"])
        .arg(&input)
        .assert()
        .code(2);
    let out = assert.get_output();
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"));
}

#[test]
fn sqlite_refuses_a_database_of_another_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.sqlite");
    Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 7")
        .unwrap();
    let assert = pairaid()
        .args(["extract", "-q", "-o"])
        .arg(&db)
        .arg(fixtures().join("001_xinhua_jiangsu_kizilsu.txt"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("schema version 7"), "{stderr}");
}
