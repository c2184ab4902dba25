//! Every row of `gazetteers/frames.tsv` carries an example sentence and the
//! events it must give; this test runs each example through the whole
//! pipeline and checks the events, and that the row's frame made one of them.

use pairaid::document::Date;
use pairaid::knowledge::{Table, TableSource};
use pairaid::{Article, Pipeline};

/// An event as the test compares it: kind (`flow` or `pairing`), donor,
/// sorted recipients, and value with unit.
type Seen = (String, Option<String>, Vec<String>, Option<(u64, String)>);

/// One expected event: `pairing D>R`, or `D>R1,R2 VALUE UNIT` (D may be empty).
fn parse_expected(s: &str) -> Seen {
    let mut parts = s.split_whitespace();
    let first = parts.next().expect("an expected event is not empty");
    let (kind, roles) = if first == "pairing" {
        ("pairing".to_string(), parts.next().expect("pairing D>R"))
    } else {
        ("flow".to_string(), first)
    };
    let (donor, recipients) = roles.split_once('>').expect("D>R");
    let recipients: Vec<String> = recipients
        .split(',')
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    let quantity = parts.next().map(|v| {
        (
            v.parse().expect("a value"),
            parts.next().expect("a unit after the value").to_string(),
        )
    });
    let donor = (!donor.is_empty()).then(|| donor.to_string());
    (kind, donor, recipients, quantity)
}

#[test]
fn every_frame_example_gives_its_events() {
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let table = TableSource::embedded()
        .table("frames.tsv")
        .expect("frames.tsv");
    let (c_id, c_example, c_expect) = (
        table.column("id").expect("id"),
        table.column("example").expect("example"),
        table.column("expect").expect("expect"),
    );
    let mut failures = Vec::new();
    for row in &table.rows {
        let (id, example, expect) = (row.get(c_id), row.get(c_example), row.get(c_expect));
        assert!(
            !example.is_empty() && !expect.is_empty(),
            "frame {id} has no example"
        );
        let events = pipeline
            .extract(Article {
                id: id.to_string(),
                text: example.replace("\\n", "\n"),
                published: Date::parse_iso("2023-06-30"),
                ..Article::default()
            })
            .events;
        let got: Vec<_> = events
            .iter()
            .map(|e| {
                let mut r: Vec<String> = e.recipients.iter().map(|p| p.code.clone()).collect();
                r.sort();
                (
                    if e.quantity.is_some() {
                        "flow"
                    } else {
                        "pairing"
                    }
                    .to_string(),
                    e.donor.as_ref().map(|d| d.code.clone()),
                    r,
                    e.quantity.as_ref().map(|q| (q.value, q.unit.clone())),
                )
            })
            .collect();
        for want in expect.split(';').map(str::trim).filter(|w| *w != "-") {
            let mut want = parse_expected(want);
            want.2.sort();
            if !got.contains(&want) {
                failures.push(format!("{id}: missing {want:?} in {got:?}\n    {example}"));
            }
        }
        if !events
            .iter()
            .any(|e| e.rule.split('+').any(|part| part == id))
        {
            let rules: Vec<&str> = events.iter().map(|e| e.rule.as_str()).collect();
            failures.push(format!(
                "{id}: no event made by this frame (rules {rules:?})\n    {example}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} frame examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_table_row_without_an_example_is_refused() {
    let bad = "id\tlang\tpattern\tmakes\tconfidence\texample\texpect\nx\ten\tgive amount\tflow\t0.9\t\t\n";
    let table = Table::parse("frames.tsv", bad).expect("parses as TSV");
    assert!(table.rows[0].get(5).is_empty());
}
