//! `pairaid eval` must score exactly as the shared scorer
//! (`../shared/eval/score.py`) does: the same counts at every level, the same
//! rounded rates and accuracies, the same summary lines. Checked on the
//! fixtures, on the seed articles when `../shared` has them, and on a
//! hand-made file of awkward records. Skipped, with a note, when python3 or
//! the scorer is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use serde_json::{Value, json};

use common::{pairaid, root};

/// The scorer, when it and python3 are available.
fn scorer() -> Option<PathBuf> {
    let script = root().join("../shared/eval/score.py");
    if !script.is_file() {
        eprintln!(
            "note: {} is missing; skipping the comparison",
            script.display()
        );
        return None;
    }
    let python = StdCommand::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        eprintln!("note: python3 is missing; skipping the comparison");
        return None;
    }
    Some(script)
}

fn score_py(script: &Path, gold: &Path, events: &Path, json: bool) -> String {
    let mut cmd = StdCommand::new("python3");
    cmd.arg(script).arg(gold).arg(events);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().expect("python3 runs");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("score.py prints UTF-8")
}

fn eval(args: &[&str]) -> (String, String, i32) {
    let out = pairaid()
        .arg("eval")
        .args(args)
        .output()
        .expect("pairaid runs");
    (
        String::from_utf8(out.stdout).expect("eval prints UTF-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn eval_json(args: &[&str]) -> Value {
    let (stdout, stderr, code) = eval(args);
    assert_eq!(code, 0, "pairaid eval failed: {stderr}");
    serde_json::from_str(&stdout).expect("eval --json prints one JSON object")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// Asserts that eval and score.py agree on `events` (JSON and text output),
/// and returns eval's JSON report.
fn assert_same_scores(script: &Path, gold: &Path, events: &Path) -> Value {
    let theirs: Value = serde_json::from_str(&score_py(script, gold, events, true))
        .expect("score.py --json is JSON");
    let ours = eval_json(&["--gold", path(gold), "--events", path(events), "--json"]);
    for level in ["quantity", "event", "pair"] {
        for key in ["tp", "fn", "fp", "precision", "recall", "f1"] {
            assert_eq!(
                ours[level][key], theirs[level][key],
                "{level} {key}: eval {} vs score.py {}",
                ours[level], theirs[level]
            );
        }
    }
    for key in ["year_accuracy", "type_accuracy", "invalid_records"] {
        assert_eq!(ours[key], theirs[key], "{key}");
    }

    let theirs_text = score_py(script, gold, events, false);
    let (ours_text, stderr, code) = eval(&["--gold", path(gold), "--events", path(events)]);
    assert_eq!(code, 0, "{stderr}");
    let head: Vec<&str> = ours_text.lines().take(4).collect();
    let theirs_head: Vec<&str> = theirs_text.lines().collect();
    assert_eq!(head, theirs_head, "summary lines differ");
    ours
}

#[test]
fn fixtures_score_as_score_py_scores_them() {
    let Some(script) = scorer() else { return };
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let events = tmp.path().join("events.jsonl");
    let out = pairaid()
        .args([
            "extract",
            "fixtures/articles",
            "--quiet",
            "-o",
            path(&events),
        ])
        .output()
        .expect("pairaid runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let gold = root().join("fixtures/gold.jsonl");
    let report = assert_same_scores(&script, &gold, &events);
    assert_eq!(report["articles"].as_array().map(Vec::len), Some(64));

    // Extracting inside eval gives the same report as scoring the file.
    let direct = eval_json(&[
        "--gold",
        path(&gold),
        "fixtures/articles",
        "--json",
        "--jobs",
        "2",
    ]);
    assert_eq!(direct, report);
}

#[test]
fn seeds_score_as_score_py_scores_them() {
    let Some(script) = scorer() else { return };
    let (seeds, gold) = (
        root().join("../shared/seeds"),
        root().join("../shared/eval/seeds.gold.jsonl"),
    );
    if !seeds.is_dir() || !gold.is_file() {
        eprintln!("note: ../shared/seeds or its gold is missing; skipping");
        return;
    }
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let events = tmp.path().join("seeds.jsonl");
    let out = pairaid()
        .args(["extract", path(&seeds), "--quiet", "-o", path(&events)])
        .output()
        .expect("pairaid runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_same_scores(&script, &gold, &events);
}

fn write_jsonl(path: &Path, lines: &[Value]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).expect("the temporary file is writable");
}

fn event(article: &str, donor: Value, recipients: Value, quantity: Value) -> Value {
    json!({
        "id": format!("{article}#x"), "article_id": article, "type": "funds",
        "donor": donor, "recipients": recipients, "quantity": quantity,
        "year": 2020, "since": null, "evidence": {"text": "..."}, "rule": "test",
    })
}

/// Records and gold a real extraction rarely produces: each case below is a
/// rule of score.py that eval must follow to the letter.
#[test]
fn awkward_records_score_as_score_py_scores_them() {
    let Some(script) = scorer() else { return };
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let (gold, events) = (
        tmp.path().join("gold.jsonl"),
        tmp.path().join("events.jsonl"),
    );
    let place = |c: Value| json!({"code": c, "name": "?", "level": "county", "mention": "?"});
    let cny = |v: Value| json!({"value": v, "unit": "CNY", "qualifier": "exact", "mention": "?"});
    write_jsonl(
        &gold,
        &[
            json!({"article_id": "a", "published": null, "events": [
                {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 1000, "year": 2020, "optional": false},
                {"type": "funds", "donor": "1", "recipients": ["2", "3"], "unit": "CNY", "value": 2000, "year": 2021},
                {"type": "funds", "donor": null, "recipients": null, "unit": "CNY", "value": 3000, "since": 2016},
                {"type": "funds", "donor": "1", "recipients": ["4"], "unit": "CNY", "value": 4000, "optional": true},
                {"type": "pairing", "donor": "1", "recipients": ["5"], "unit": null, "value": null, "optional": true},
                {"type": "pairing", "donor": "1", "recipients": ["6"], "unit": null, "value": null},
                {"type": "personnel", "donor": "", "recipients": ["7"], "unit": "person", "value": 3},
            ]}),
            json!({"article_id": "b", "events": []}),
            // The same article twice: score.py scores it twice.
            json!({"article_id": "a", "events": [
                {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 1004.9}]}),
        ],
    );
    write_jsonl(
        &events,
        &[
            event(
                "a",
                place(json!("1")),
                json!([place(json!("2"))]),
                cny(json!(1005)),
            ),
            event(
                "a",
                place(json!("1")),
                json!([place(json!("3")), place(json!("2"))]),
                cny(json!(2011)),
            ),
            event("a", place(json!("9")), json!([]), cny(json!(3000.0))),
            event(
                "a",
                place(json!("1")),
                json!([place(json!("4")), place(json!(""))]),
                cny(json!(4000)),
            ),
            event(
                "a",
                place(json!("1")),
                json!([place(json!("5"))]),
                Value::Null,
            ),
            event(
                "a",
                place(json!(1)),
                json!([place(json!(6)), place(json!(6.0))]),
                Value::Null,
            ),
            event(
                "a",
                Value::Null,
                json!(null),
                json!({"unit": "person", "value": 3}),
            ),
            event(
                "a",
                json!("1"),
                json!(["2", {"code": null}]),
                json!({"unit": "person", "value": true}),
            ),
            event(
                "a",
                place(json!("")),
                json!([place(json!("7"))]),
                json!({"value": 3}),
            ),
            json!({"id": "a#bad", "article_id": "a", "type": "funds"}),
            json!(["not", "a", "record"]),
            event(
                "zzz",
                place(json!("1")),
                json!([place(json!("2"))]),
                cny(json!(1000)),
            ),
            event(
                "b",
                place(json!("1")),
                json!([place(json!("2"))]),
                cny(json!(1)),
            ),
        ],
    );
    let report = assert_same_scores(&script, &gold, &events);
    assert_eq!(report["invalid_records"], 2);
}

#[test]
fn floors_fail_with_a_message() {
    let gold = root().join("fixtures/gold.jsonl");
    let (stdout, stderr, code) = eval(&[
        "--gold",
        path(&gold),
        "fixtures/articles/001_xinhua_jiangsu_kizilsu.txt",
        "--min-quantity-f1",
        "1.01",
        "--min-pair-f1",
        "0",
    ]);
    assert_eq!(code, 1, "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stderr.contains("quantity F1") && stderr.contains("--min-quantity-f1 1.01"),
        "{stderr}"
    );
    assert!(!stderr.contains("pair F1"), "{stderr}");
    assert!(stdout.starts_with("quantity  P "), "{stdout}");
}
