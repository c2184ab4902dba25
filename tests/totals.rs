//! The arithmetic fixtures (`fixtures/totals/`): the SQLite `flows` view
//! gives the sums written by hand in `fixtures/totals/README.md`, and
//! `flow_audit` says why the rest was left out.

mod common;

use common::{pairaid, root};
use rusqlite::Connection;

/// (donor, recipient group, scope, year, since, total_value, event_count, article_count)
type Row = (
    String,
    Option<String>,
    String,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    i64,
);

/// A hand-computed row, as [`Row`] with text borrowed.
type Expected = (
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    i64,
);

/// The hand-computed `flows` rows, in the view's donor/recipient/scope order.
const EXPECTED: &[Expected] = &[
    (
        "320200",
        Some("532800;540500;630200"),
        "annual",
        Some(2021),
        None,
        1_200_000_000,
        1,
        1,
    ),
    (
        "320200",
        Some("630200"),
        "annual",
        Some(2020),
        None,
        500_000_000,
        1,
        1,
    ),
    (
        "320200",
        Some("630200"),
        "cumulative",
        None,
        Some(2016),
        3_600_000_000,
        1,
        1,
    ),
    (
        "320500",
        Some("610000;630000"),
        "annual",
        Some(2023),
        None,
        600_000_000,
        1,
        1,
    ),
    (
        "330200",
        Some("522300"),
        "annual",
        Some(2024),
        None,
        76_000_000,
        1,
        1,
    ),
    (
        "350200",
        Some("622900"),
        "annual",
        Some(2022),
        None,
        450_000_000,
        1,
        2,
    ),
];

fn database(dir: &std::path::Path) -> Connection {
    let db = dir.join("totals.sqlite");
    pairaid()
        .args(["extract", "-q", "fixtures/totals/articles", "-o"])
        .arg(&db)
        .assert()
        .success();
    Connection::open(&db).expect("open the database")
}

#[test]
fn flows_match_the_sums_written_by_hand() {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = database(dir.path());
    let mut stmt = conn
        .prepare(
            "SELECT donor_code, recipient_code, scope, year, since, total_value, event_count,
                    article_count
             FROM flows WHERE type = 'funds' AND unit = 'CNY'
             ORDER BY donor_code, recipient_code, scope",
        )
        .expect("the flows view");
    let got: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .expect("query")
        .map(Result::unwrap)
        .collect();
    let expected: Vec<Row> = EXPECTED
        .iter()
        .map(|&(d, r, s, y, since, v, n, a)| {
            (d.into(), r.map(String::from), s.into(), y, since, v, n, a)
        })
        .collect();
    assert_eq!(got, expected);
    let annual: i64 = got.iter().filter(|r| r.2 == "annual").map(|r| r.5).sum();
    assert_eq!(annual, 2_826_000_000, "annual yuan, by hand");
}

#[test]
fn flow_audit_says_why_the_rest_was_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = database(dir.path());
    let mut stmt = conn
        .prepare("SELECT event_id, verdict FROM flow_audit ORDER BY event_id")
        .expect("the flow_audit view");
    let got: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .map(Result::unwrap)
        .collect();
    let t01 = "t01_wuxi_total_items";
    let expected = [
        (format!("{t01}#1"), "total, counted".to_string()),
        (format!("{t01}#2"), format!("item of {t01}#1")),
        (format!("{t01}#3"), format!("item of {t01}#1")),
        (format!("{t01}#4"), format!("item of {t01}#1")),
        ("t03_ningbo_plan_completion#1".into(), "planned".into()),
        (
            "t04_xiamen_linxia_wire#1".into(),
            "counted, also told elsewhere".into(),
        ),
        (
            "t05_xiamen_linxia_gov#1".into(),
            "counted once as t04_xiamen_linxia_wire#1".into(),
        ),
    ];
    assert_eq!(got, expected);
}

#[test]
fn seeds_count_suzhous_2022_total_once() {
    let seeds = root().join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("SKIPPED: ../shared/seeds is not there");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("seeds.sqlite");
    pairaid()
        .args(["extract", "-q"])
        .arg(&seeds)
        .arg("-o")
        .arg(&db)
        .assert()
        .success();
    let conn = Connection::open(&db).expect("open");
    let total: i64 = conn
        .query_row(
            "SELECT sum(total_value) FROM flows
             WHERE donor_code = '320500' AND year = 2022 AND type = 'funds' AND unit = 'CNY'",
            [],
            |r| r.get(0),
        )
        .expect("Suzhou's 2022 funds");
    assert_eq!(
        total, 1_780_000_000,
        "the total once, not once plus its items"
    );
}
