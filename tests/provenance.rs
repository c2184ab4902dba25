//! Provenance in every sink: the `url`, `title` and `published` of a JSONL
//! input reach the JSONL records (`article`), the CSV columns and the SQLite
//! `articles` table (PostgreSQL: `tests/postgres.sh`; Parquet:
//! `tests/parquet.rs`), and a bare text's records stay as they were.

use std::path::Path;

use rusqlite::Connection;
use serde_json::{Value, json};

mod common;
use common::{pairaid, root};

const WUXI: &str = "Wuxi allocated 50 million yuan to Haidong in 2019.";

/// Three articles: full provenance, a URL only, none.
fn input(dir: &Path) -> String {
    let lines = [
        json!({"id": "full", "text": WUXI, "url": "https://example.gov.cn/a.html",
               "title": "Wuxi, \"Haidong\" aid", "published": "2019-07-01"}),
        json!({"id": "url-only", "text": WUXI, "url": "https://example.com/b"}),
        json!({"id": "bare", "text": WUXI}),
    ];
    let path = dir.join("in.jsonl");
    std::fs::write(
        &path,
        lines
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect::<String>(),
    )
    .expect("write the input");
    path.to_str().expect("UTF-8 path").to_string()
}

fn extract(input: &str, output: &Path) {
    pairaid()
        .args(["extract", "-q", input, "-o"])
        .arg(output)
        .assert()
        .success();
}

#[test]
fn jsonl_records_carry_their_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("events.jsonl");
    extract(&input(dir.path()), &out);
    let records: Vec<Value> = std::fs::read_to_string(&out)
        .expect("output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(records.len(), 3, "{records:#?}");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/event.schema.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for r in &records {
        assert!(validator.is_valid(r), "{r}");
    }
    assert_eq!(
        records[0]["article"],
        json!({"url": "https://example.gov.cn/a.html", "title": "Wuxi, \"Haidong\" aid",
               "published": "2019-07-01"})
    );
    assert_eq!(
        records[1]["article"],
        json!({"url": "https://example.com/b", "title": null, "published": null})
    );
    assert!(records[2].get("article").is_none(), "a bare text has none");
    // `article` comes after the contract's fields.
    let line = std::fs::read_to_string(&out).expect("output");
    let first = line.lines().next().expect("a line");
    assert!(
        first.find("\"rule\"") < first.find("\"article\""),
        "{first}"
    );
}

#[test]
fn csv_rows_carry_their_article_and_quote_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("events.csv");
    extract(&input(dir.path()), &out);
    let raw = std::fs::read_to_string(&out).expect("output");
    let rows: Vec<&str> = raw.lines().collect();
    assert!(
        rows[0].ends_with(
            ",rule,published,article_url,article_title,part_of,scope,status,flow_key,aggregate"
        ),
        "{}",
        rows[0]
    );
    // Codes and every other text quoted; numbers and absent values bare.
    assert!(
        rows[1].starts_with(r#""full#1","full","funds","320200","Wuxi","630200","Haidong",50000000,"CNY","exact",,2019,,0,50,"#),
        "{}",
        rows[1]
    );
    // The five totals columns follow the provenance (none holds a comma).
    let before_totals = rows[3].rsplitn(6, ',').last().expect("a row");
    assert!(
        before_totals.ends_with("\",,,"),
        "no provenance, no quotes: {}",
        rows[3]
    );
    let mut reader = csv::Reader::from_path(&out).expect("CSV parses");
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    let field = |row: usize, name: &str| records[row][col(name)].to_string();
    assert_eq!(field(0, "published"), "2019-07-01");
    assert_eq!(field(0, "article_url"), "https://example.gov.cn/a.html");
    assert_eq!(field(0, "article_title"), "Wuxi, \"Haidong\" aid");
    assert_eq!(field(1, "article_url"), "https://example.com/b");
    assert_eq!(field(2, "article_url"), "");
}

#[test]
fn sqlite_articles_carry_provenance_and_version_1_is_upgraded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("events.sqlite");
    // A version 1 database, as pairaid wrote it before provenance.
    Connection::open(&db)
        .expect("open")
        .execute_batch(
            "CREATE TABLE articles (id TEXT PRIMARY KEY, source TEXT, published TEXT,
                 status TEXT NOT NULL CHECK (status IN ('ok', 'failed')), error TEXT,
                 event_count INTEGER NOT NULL);
             INSERT INTO articles VALUES ('old', 'old.txt', NULL, 'ok', NULL, 0);
             PRAGMA user_version = 1;",
        )
        .expect("a version 1 database");
    extract(&input(dir.path()), &db);
    let conn = Connection::open(&db).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, pairaid::sink::sqlite::SCHEMA_VERSION);
    type Row = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let row = |id: &str| -> Row {
        conn.query_row(
            "SELECT url, title, published, published_source FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect(id)
    };
    assert_eq!(
        row("full"),
        (
            Some("https://example.gov.cn/a.html".into()),
            Some("Wuxi, \"Haidong\" aid".into()),
            Some("2019-07-01".into()),
            Some("metadata".into())
        )
    );
    assert_eq!(row("bare"), (None, None, None, None));
    assert_eq!(row("old"), (None, None, None, None), "old rows are kept");
}
