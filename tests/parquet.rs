//! The Parquet output read back with the `parquet` crate's Arrow reader:
//! row counts, sums, recipients and provenance equal the JSONL output of
//! the same input. (`tests/columnar.sh` reads the same files with DuckDB,
//! Polars and pandas.)
#![cfg(feature = "parquet")]

use std::path::Path;

use arrow_array::{
    Array, Date32Array, Int64Array, ListArray, RecordBatch, StringArray, StructArray,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
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

fn read(path: &Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("a Parquet file")
        .build()
        .expect("a reader")
        .map(|b| b.expect("a batch"))
        .collect()
}

fn column<'a, T: 'static>(batch: &'a RecordBatch, name: &str) -> &'a T {
    batch
        .column_by_name(name)
        .unwrap_or_else(|| panic!("column {name}"))
        .as_any()
        .downcast_ref::<T>()
        .unwrap_or_else(|| panic!("column {name} has another type"))
}

fn strings(batch: &RecordBatch, name: &str) -> Vec<Option<String>> {
    column::<StringArray>(batch, name)
        .iter()
        .map(|s| s.map(str::to_string))
        .collect()
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
    let rows: usize = events.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows, expected.len(), "one row per JSONL event");

    let mut i = 0;
    for batch in &events {
        let ids = strings(batch, "id");
        let donors = strings(batch, "donor_code");
        let values = column::<Int64Array>(batch, "value");
        let recipients = column::<ListArray>(batch, "recipients");
        let codes = column::<ListArray>(batch, "recipient_codes");
        let starts = column::<Int64Array>(batch, "evidence_start");
        for row in 0..batch.num_rows() {
            let e = &expected[i];
            assert_eq!(ids[row].as_deref(), e["id"].as_str());
            assert_eq!(donors[row].as_deref(), e["donor"]["code"].as_str());
            assert_eq!(
                (!values.is_null(row)).then(|| values.value(row)),
                e["quantity"]["value"].as_i64(),
                "{}",
                e["id"]
            );
            assert_eq!(Some(starts.value(row)), e["evidence"]["start"].as_i64());
            let want: Vec<&str> = e["recipients"]
                .as_array()
                .expect("recipients")
                .iter()
                .map(|r| r["code"].as_str().expect("code"))
                .collect();
            let list = codes.value(row);
            let got = list
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("codes are strings");
            assert_eq!(got.iter().flatten().collect::<Vec<_>>(), want);
            let places = recipients.value(row);
            let places = places
                .as_any()
                .downcast_ref::<StructArray>()
                .expect("recipients are structs");
            let names = places
                .column_by_name("name")
                .expect("name")
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("names are strings");
            let want: Vec<&str> = e["recipients"]
                .as_array()
                .expect("recipients")
                .iter()
                .map(|r| r["name"].as_str().expect("name"))
                .collect();
            assert_eq!(names.iter().flatten().collect::<Vec<_>>(), want);
            i += 1;
        }
    }

    let articles = read(&out.join("articles.parquet"));
    let count: usize = articles.iter().map(RecordBatch::num_rows).sum();
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
    assert_eq!(count, files, "one row per article, with or without events");
    let event_count: i64 = articles
        .iter()
        .map(|b| {
            column::<Int64Array>(b, "event_count")
                .iter()
                .flatten()
                .sum::<i64>()
        })
        .sum();
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
    assert!(
        !dir.path().join("x.parquet.partial").exists(),
        "no temporary file left"
    );
    let articles = read(&dir.path().join("x.articles.parquet"));
    let batch = &articles[0];
    assert_eq!(strings(batch, "id"), [Some("a".into()), Some("b".into())]);
    assert_eq!(
        strings(batch, "url"),
        [Some("https://example.gov.cn/a.html".into()), None]
    );
    assert_eq!(strings(batch, "title"), [Some("Aid".into()), None]);
    assert_eq!(
        strings(batch, "published"),
        [Some("2019-07-01".into()), None]
    );
    let date = column::<Date32Array>(batch, "published_date");
    assert_eq!(date.value(0), 18_078, "2019-07-01 as days since 1970");
    assert!(date.is_null(1));
    assert_eq!(
        column::<Int64Array>(batch, "event_count").values().to_vec(),
        [1, 0]
    );
    assert_eq!(
        read(&out).iter().map(RecordBatch::num_rows).sum::<usize>(),
        1
    );

    // Parquet needs a path: usage error.
    pairaid()
        .args(["extract", "-q", "--format", "parquet"])
        .arg(&input)
        .assert()
        .code(2);
}
