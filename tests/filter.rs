//! `pairaid extract -` as a filter under an engine (issue 14): with
//! `--on-error record --emit-articles` every input line is accounted for on
//! standard output by records valid against their schemas, and `--shard
//! K/N` splits the input so that the shards' union is the whole run.

use std::collections::BTreeMap;

use serde_json::{Value, json};

mod common;
use common::{pairaid, root};

/// What a run left: exit code, standard output, standard error.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn records(&self) -> Vec<Value> {
        String::from_utf8(self.stdout.clone())
            .expect("output is UTF-8")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// The output lines, sorted: runs that split the input compare equal.
    fn sorted_lines(&self) -> Vec<String> {
        let text = String::from_utf8(self.stdout.clone()).expect("output is UTF-8");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.sort();
        lines
    }
}

fn filter(args: &[&str], stdin: &str) -> Run {
    let out = pairaid()
        .args(["extract", "-", "--quiet"])
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .expect("pairaid runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn line(id: &str, text: &str) -> String {
    format!("{}\n", json!({"id": id, "text": text}))
}

/// The fixture articles as JSONL lines, in name order.
fn fixture_lines() -> String {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("fixtures/articles"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let id = p.file_stem().expect("a name").to_string_lossy();
            line(&id, &std::fs::read_to_string(p).expect("UTF-8 article"))
        })
        .collect()
}

/// Each way a line can fail, one a line, between good articles: (input
/// line, the `article_id` its error record names).
fn bad_input() -> (String, Vec<(u64, Option<&'static str>)>) {
    let good = line("good", "Wuxi allocated 50 million yuan to Haidong in 2019.");
    let lines = [
        good.clone(),
        "{not json\n".to_string(),
        "\n".to_string(),
        "{\"id\": \"no-text\"}\n".to_string(),
        line("quiet", "Nothing happened here."),
        line(&"x".repeat(10), &"long ".repeat(400)),
        good,
        "{\"id\": [], \"text\": \"an id that is no string\"}\n".to_string(),
    ];
    let failed = vec![
        (2, None),
        (4, Some("no-text")),
        (6, None),
        (7, Some("good")),
        (8, None),
    ];
    (lines.concat(), failed)
}

fn validator(name: &str) -> jsonschema::Validator {
    let path = root().join("schema").join(name);
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("schema exists"))
            .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn every_line_is_an_article_or_an_error_record() {
    let (input, failed) = bad_input();
    let run = filter(
        &[
            "--on-error",
            "record",
            "--emit-articles",
            "--max-article-bytes",
            "1K",
        ],
        &input,
    );
    assert_eq!(
        run.code, 0,
        "recorded errors exit 0; stderr:\n{}",
        run.stderr
    );
    let schemas: BTreeMap<&str, jsonschema::Validator> = [
        ("pairaid.event/1", validator("event.schema.json")),
        ("pairaid.error/1", validator("error.schema.json")),
        ("pairaid.article/1", validator("article.schema.json")),
    ]
    .into_iter()
    .collect();
    let (mut lines, mut errors, mut events_before) = (Vec::new(), Vec::new(), 0);
    for record in run.records() {
        let kind = record["schema"]
            .as_str()
            .expect("every record names its schema");
        let invalid: Vec<String> = schemas[kind]
            .iter_errors(&record)
            .map(|e| e.to_string())
            .collect();
        assert!(invalid.is_empty(), "{record}: {invalid:?}");
        let at = record["line"].as_u64();
        match kind {
            "pairaid.event/1" => events_before += 1,
            "pairaid.article/1" => {
                assert_eq!(record["events"], events_before, "{record}");
                events_before = 0;
                lines.push(at.expect("a JSONL line"));
            }
            _ => {
                errors.push((
                    at.expect("a JSONL line"),
                    record["article_id"].as_str().map(str::to_string),
                ));
                lines.push(at.expect("a JSONL line"));
            }
        }
    }
    assert_eq!(
        lines,
        [1, 2, 4, 5, 6, 7, 8],
        "each non-blank line once, in order"
    );
    let expected: Vec<(u64, Option<String>)> = failed
        .iter()
        .map(|(l, id)| (*l, id.map(str::to_string)))
        .collect();
    assert_eq!(errors, expected);
}

#[test]
fn without_record_errors_stay_on_stderr_and_the_events_are_the_same() {
    let (input, _) = bad_input();
    let recorded = filter(
        &["--on-error", "record", "--max-article-bytes", "1K"],
        &input,
    );
    let reported = filter(&["--max-article-bytes", "1K"], &input);
    assert_eq!(reported.code, 1, "{}", reported.stderr);
    assert!(
        reported.stderr.contains("<stdin>:2: malformed JSONL line"),
        "{}",
        reported.stderr
    );
    let events: Vec<Value> = recorded
        .records()
        .into_iter()
        .filter(|r| r["schema"] == "pairaid.event/1")
        .collect();
    assert_eq!(events, reported.records());
    assert_eq!(
        recorded.stderr, reported.stderr,
        "recording does not silence stderr"
    );
}

#[test]
fn the_shards_union_is_the_whole_run() {
    let (bad, _) = bad_input();
    let input = fixture_lines() + &bad;
    let args = [
        "--on-error",
        "record",
        "--emit-articles",
        "--max-article-bytes",
        "1K",
    ];
    let whole = filter(&args, &input);
    let mut union = Vec::new();
    for k in 0..3 {
        let shard = format!("{k}/3");
        let run = filter(&[&args[..], &["--shard", &shard]].concat(), &input);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let records = run.records();
        assert!(
            !records.is_empty() && records.len() < whole.records().len(),
            "shard {shard} took none or all"
        );
        union.extend(run.sorted_lines());
    }
    union.sort();
    assert_eq!(
        union,
        whole.sorted_lines(),
        "every record in exactly one shard"
    );
}

#[test]
fn shard_and_record_arguments_are_checked() {
    // (arguments, what stderr says)
    let cases: [(&[&str], &str); 5] = [
        (&["--shard", "3/3"], "shard 3 of 3 does not exist"),
        (&["--shard", "0/0"], "N must be at least 1"),
        (&["--shard", "half"], "is not K/N"),
        (&["--on-error", "record", "-f", "csv"], "need JSONL output"),
        (&["--emit-articles", "-o", "x.sqlite"], "need JSONL output"),
    ];
    for (args, message) in cases {
        let run = filter(args, "");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
}
