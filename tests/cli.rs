//! End-to-end tests of the `pairaid` binary: every record valid against
//! `schema/event.schema.json` with true evidence offsets, byte-identical
//! output whatever `--jobs` is, and bad input reported without losing the run.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{pairaid, root};

fn extract(args: &[&str]) -> (Vec<u8>, String, i32) {
    let out = pairaid()
        .arg("extract")
        .args(args)
        .output()
        .expect("pairaid runs");
    (
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn article_text(dir: &Path, article_id: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{article_id}.txt"))).expect("the article exists")
}

#[test]
fn fixture_records_match_the_schema_and_their_evidence() {
    let dir = root().join("fixtures/articles");
    let (stdout, stderr, code) = extract(&[dir.to_str().expect("utf-8 path"), "--quiet"]);
    assert_eq!(code, 0, "stderr: {stderr}");
    let events = lines(&stdout);
    assert!(
        events.len() > 50,
        "only {} events from the fixtures",
        events.len()
    );
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/event.schema.json")).expect("schema exists"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut ids = std::collections::HashSet::new();
    for event in &events {
        let errors: Vec<String> = validator
            .iter_errors(event)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{} invalid: {errors:?}", event["id"]);
        assert!(
            ids.insert(event["id"].as_str().expect("id").to_string()),
            "duplicate id {}",
            event["id"]
        );
        let text = article_text(&dir, event["article_id"].as_str().expect("article_id"));
        let (start, end) = (
            event["evidence"]["start"].as_u64().expect("start") as usize,
            event["evidence"]["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            &text[start..end],
            event["evidence"]["text"].as_str().expect("text"),
            "evidence of {}",
            event["id"]
        );
        if let Some(q) = event["quantity"].as_object() {
            assert!(
                event["evidence"]["text"]
                    .as_str()
                    .expect("text")
                    .contains(q["mention"].as_str().expect("mention"))
            );
        }
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let seeds = root().join("../shared/seeds");
    let fixtures = root().join("fixtures/articles");
    let mut args = vec![fixtures.to_str().expect("utf-8 path").to_string()];
    if seeds.is_dir() {
        args.push(seeds.to_str().expect("utf-8 path").to_string());
    }
    let run = |jobs: &str| {
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.extend(["--quiet", "--jobs", jobs]);
        extract(&a).0
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"), "--jobs 1 and --jobs 2 differ");
    assert_eq!(one, run("3"), "--jobs 1 and --jobs 3 differ");
}

#[test]
fn a_huge_jobs_is_capped_and_said() {
    let fixtures = root().join("fixtures/articles");
    let fixtures = fixtures.to_str().expect("utf-8 path");
    let started = std::time::Instant::now();
    let (capped, stderr, code) = extract(&[fixtures, "--quiet", "--jobs", "100000"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "--jobs 100000 took {:?}",
        started.elapsed()
    );
    assert!(
        stderr.contains("--jobs 100000: running") && stderr.contains("per core at most"),
        "the cap is said: {stderr}"
    );
    assert_eq!(capped, extract(&[fixtures, "--quiet"]).0);
}

#[test]
fn bad_input_is_reported_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let jsonl = tmp.path().join("in.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            r#"{"id": "a", "text": "Wuxi allocated 50 million yuan to Haidong in 2019."}"#,
            "\n{not json\n",
            r#"{"id": "empty", "text": ""}"#,
            "\n",
            r#"{"text": "no id"}"#,
            "\n"
        ),
    )
    .expect("write");
    let latin1 = tmp.path().join("latin1.txt");
    std::fs::write(&latin1, b"Suzhou sent 12 doctors to Lhasa\xff in 2020.\n").expect("write");
    let (stdout, stderr, code) = extract(&[
        jsonl.to_str().expect("path"),
        latin1.to_str().expect("path"),
    ]);
    assert_eq!(
        code, 1,
        "a failed input makes the exit code 1; stderr: {stderr}"
    );
    assert!(
        stderr.contains("in.jsonl:2"),
        "malformed line named: {stderr}"
    );
    assert!(
        stderr.contains("in.jsonl:4"),
        "line without id named: {stderr}"
    );
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("UTF-8"),
        "lossy decoding warned: {stderr}"
    );
    assert!(
        stderr.contains("5 articles read"),
        "every input accounted for: {stderr}"
    );
    assert!(stderr.contains("2 articles failed"), "{stderr}");
    let events = lines(&stdout);
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["article_id"].as_str().expect("id"))
        .collect();
    assert!(
        ids.contains(&"a") && ids.contains(&"latin1"),
        "good articles still extracted: {ids:?}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let (_, stderr, code) = extract(&["/no/such/path"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/no/such/path"), "{stderr}");
    let out = pairaid().args(["extract"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_file_and_stdin() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("events.jsonl");
    pairaid()
        .args(["extract", "-", "-o", out.to_str().expect("path"), "--quiet"])
        .write_stdin(r#"{"id": "s1", "text": "Shanghai sent 30 teachers to Kashgar last year.", "published": "2021-05-02"}"#)
        .assert()
        .success();
    let events = lines(&std::fs::read(&out).expect("output written"));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["year"], 2020);
    assert_eq!(events[0]["donor"]["code"], "310000");
    assert_eq!(events[0]["recipients"][0]["code"], "653100");
    // `-o -` is standard output, not a file named "-".
    let stdout = pairaid()
        .current_dir(tmp.path())
        .args(["extract", "-", "-o", "-", "--quiet"])
        .write_stdin(r#"{"id": "s1", "text": "Shanghai sent 30 teachers to Kashgar."}"#)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(lines(&stdout).len(), 1);
    assert!(!tmp.path().join("-").exists());
}

#[test]
fn annotate_shows_every_layer() {
    let out = pairaid()
        .args(["annotate", "-"])
        .write_stdin(r#"{"id": "x", "text": "Home > News\nSuzhou raised 1.78 billion yuan ($249.64 million) in 2022 for Xinjiang."}"#)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    for layer in [
        "skipped",
        "sentences",
        "places",
        "quantities",
        "times",
        "events",
    ] {
        assert!(
            doc[layer].as_array().is_some_and(|a| !a.is_empty()),
            "layer {layer} empty: {doc}"
        );
    }
    assert_eq!(doc["quantities"][0]["alt"]["unit"], "USD");
}

#[test]
fn places_prints_codes_and_reasons() {
    let out = pairaid()
        .args(["places", "Pingshan County of Sichuan Province"])
        .output()
        .expect("runs");
    let found = lines(&out.stdout);
    assert_eq!(found[0]["code"], "511529");
    assert_eq!(found[0]["reason"], "qualifier");
}
