//! The Parquet output read back with the `parquet` crate's record reader:
//! row counts, values, recipients and provenance equal the JSONL output of
//! the same input. (`tests/columnar.sh` reads the same files with DuckDB,
//! Polars and pandas.)
#![cfg(feature = "parquet")]

use std::collections::HashMap;
use std::path::Path;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::{Value, json};

mod common;
use common::{pairaid, root};

fn extract(input: &Path, output: &Path, extra: &[&str]) {
    pairaid()
        .args(["extract", "-q"])
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(extra)
        .assert()
        .success();
}

/// Every row of a Parquet file, as column name -> field.
fn read(path: &Path) -> Vec<HashMap<String, Field>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = SerializedFileReader::new(file).expect("a Parquet file");
    reader
        .get_row_iter(None)
        .expect("rows")
        .map(|row| {
            row.expect("a row")
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field.clone()))
                .collect()
        })
        .collect()
}

fn text(row: &HashMap<String, Field>, name: &str) -> Option<String> {
    match &row[name] {
        Field::Str(s) => Some(s.clone()),
        Field::Null => None,
        other => panic!("{name}: {other:?} is no string"),
    }
}

fn long(row: &HashMap<String, Field>, name: &str) -> Option<i64> {
    match &row[name] {
        Field::Long(v) => Some(*v),
        Field::Null => None,
        other => panic!("{name}: {other:?} is no int64"),
    }
}

/// A list column's elements.
fn list<'a>(row: &'a HashMap<String, Field>, name: &str) -> &'a [Field] {
    match &row[name] {
        Field::ListInternal(list) => list.elements(),
        other => panic!("{name}: {other:?} is no list"),
    }
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("JSONL output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

#[test]
fn parquet_equals_the_jsonl() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = root().join("fixtures/articles");
    let events_jsonl = dir.path().join("events.jsonl");
    extract(&fixtures, &events_jsonl, &[]);
    let expected = jsonl(&events_jsonl);
    // `-o DIR/`: events.parquet and articles.parquet inside.
    let out = dir.path().join("out/");
    extract(&fixtures, &out, &["--format", "parquet"]);
    let events = read(&out.join("events.parquet"));
    assert_eq!(events.len(), expected.len(), "one row per JSONL event");
    for (row, e) in events.iter().zip(&expected) {
        assert_eq!(text(row, "id").as_deref(), e["id"].as_str());
        assert_eq!(
            text(row, "donor_code").as_deref(),
            e["donor"]["code"].as_str()
        );
        assert_eq!(
            long(row, "value"),
            e["quantity"]["value"].as_i64(),
            "{}",
            e["id"]
        );
        assert_eq!(long(row, "evidence_start"), e["evidence"]["start"].as_i64());
        assert_eq!(
            text(row, "evidence_text").as_deref(),
            e["evidence"]["text"].as_str()
        );
        let year = match row["year"] {
            Field::Int(y) => Some(i64::from(y)),
            Field::Null => None,
            ref other => panic!("year: {other:?}"),
        };
        assert_eq!(year, e["year"].as_i64(), "year of {}", e["id"]);
        for key in ["part_of", "scope", "status", "flow_key"] {
            assert_eq!(text(row, key).as_deref(), e[key].as_str(), "{key}");
        }
        assert_eq!(
            row["aggregate"],
            Field::Bool(e["aggregate"].as_bool().expect("aggregate")),
            "{}",
            e["id"]
        );
        let recipients = e["recipients"].as_array().expect("recipients");
        let codes: Vec<Field> = recipients
            .iter()
            .map(|r| Field::Str(r["code"].as_str().expect("code").to_string()))
            .collect();
        assert_eq!(
            list(row, "recipient_codes"),
            codes.as_slice(),
            "{}",
            e["id"]
        );
        let places = list(row, "recipients");
        assert_eq!(places.len(), recipients.len());
        for (place, r) in places.iter().zip(recipients) {
            let Field::Group(place) = place else {
                panic!("{place:?} is no struct")
            };
            let fields: HashMap<&String, &Field> = place.get_column_iter().collect();
            for key in ["code", "name", "level", "mention"] {
                assert_eq!(
                    fields[&key.to_string()],
                    &Field::Str(r[key].as_str().expect(key).to_string()),
                    "{} {key}",
                    e["id"]
                );
            }
        }
    }

    let articles = read(&out.join("articles.parquet"));
    let files = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .filter(|e| {
            e.as_ref()
                .expect("entry")
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert_eq!(
        articles.len(),
        files,
        "one row per article, with or without events"
    );
    let event_count: i64 = articles.iter().filter_map(|a| long(a, "event_count")).sum();
    assert_eq!(event_count as usize, expected.len());
}

#[test]
fn parquet_articles_carry_provenance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let lines = [
        json!({"id": "a", "text": "Wuxi allocated 50 million yuan to Haidong in 2019.",
               "url": "https://example.gov.cn/a.html", "title": "Aid", "published": "2019-07-01"}),
        json!({"id": "b", "text": "No flows here."}),
    ];
    std::fs::write(
        &input,
        lines
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect::<String>(),
    )
    .expect("write");
    // `-o FILE.parquet`: the format follows the extension; articles beside it.
    let out = dir.path().join("x.parquet");
    extract(&input, &out, &[]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".pairaid-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let articles = read(&dir.path().join("x.articles.parquet"));
    let column = |name: &str| articles.iter().map(|a| text(a, name)).collect::<Vec<_>>();
    assert_eq!(column("id"), [Some("a".into()), Some("b".into())]);
    assert_eq!(
        column("url"),
        [Some("https://example.gov.cn/a.html".into()), None]
    );
    assert_eq!(column("title"), [Some("Aid".into()), None]);
    assert_eq!(column("published"), [Some("2019-07-01".into()), None]);
    assert_eq!(
        articles[0]["published_date"],
        Field::Date(18_078),
        "days since 1970"
    );
    assert_eq!(articles[1]["published_date"], Field::Null);
    assert_eq!(
        articles
            .iter()
            .map(|a| long(a, "event_count"))
            .collect::<Vec<_>>(),
        [Some(1), Some(0)]
    );
    assert_eq!(read(&out).len(), 1);

    // Parquet needs a path: usage error.
    pairaid()
        .args(["extract", "-q", "--format", "parquet"])
        .arg(&input)
        .assert()
        .code(2);
}
