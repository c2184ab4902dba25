//! Snapshot tests: the whole JSONL output of extraction for every fixture
//! article (`fixtures/articles/*.txt`) must equal
//! `tests/snapshots/<article_id>.jsonl`. A mismatch prints a line diff.
//!
//! After an intended change of output, re-bless the expected files (review
//! them with `git diff tests/snapshots` before committing):
//!
//! ```sh
//! PAIRAID_BLESS=1 cargo test --test snapshots
//! ```

use std::path::{Path, PathBuf};

use pairaid::Pipeline;
use pairaid::input::Source;
use pairaid::pipeline::{Progress, RunOptions, run};
use pairaid::sink::jsonl::JsonlSink;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Silent;

impl Progress for Silent {
    fn advance(&self, _bytes: u64) {}

    fn message(&self, text: &str) {
        panic!("a fixture article should read cleanly: {text}");
    }
}

/// `pairaid extract ARTICLE` output, byte for byte.
fn extract(pipeline: &Pipeline, article: &Path) -> String {
    let mut out = Vec::new();
    let summary = run(
        pipeline,
        vec![Source::TextFile(article.to_path_buf())],
        &mut JsonlSink::new(&mut out),
        &RunOptions {
            jobs: 1,
            ..RunOptions::default()
        },
        &Silent,
    )
    .expect("writing to memory cannot fail");
    assert_eq!(summary.failed, 0, "{} failed", article.display());
    String::from_utf8(out).expect("JSONL output is UTF-8")
}

fn articles() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/articles"))
        .expect("fixtures/articles exists")
        .map(|e| e.expect("the directory is readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
}

/// A line diff (longest common subsequence): `-` expected line, `+` actual
/// line, with the 1-based line number in each file. A changed record (a
/// removed line replaced by an added one, both JSON objects) is shown as one
/// `~` line naming the fields that changed.
fn line_diff(expected: &str, actual: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    loop {
        let same = i < a.len() && j < b.len() && a[i] == b[j];
        if same || (i == a.len() && j == b.len()) {
            flush_changes(&mut out, &a, &b, &mut removed, &mut added);
            if !same {
                return out;
            }
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            removed.push(i);
            i += 1;
        } else {
            added.push(j);
            j += 1;
        }
    }
}

/// Prints one block of removed and added lines, pairing them in order.
fn flush_changes(
    out: &mut String,
    a: &[&str],
    b: &[&str],
    removed: &mut Vec<usize>,
    added: &mut Vec<usize>,
) {
    let paired = removed.len().min(added.len());
    for (&i, &j) in removed.iter().zip(added.iter()) {
        match field_changes(a[i], b[j]) {
            Some(changes) => out.push_str(&format!("  ~ {:>3} {changes}\n", j + 1)),
            None => out.push_str(&format!(
                "  - {:>3} {}\n  + {:>3} {}\n",
                i + 1,
                a[i],
                j + 1,
                b[j]
            )),
        }
    }
    for &i in &removed[paired..] {
        out.push_str(&format!("  - {:>3} {}\n", i + 1, a[i]));
    }
    for &j in &added[paired..] {
        out.push_str(&format!("  + {:>3} {}\n", j + 1, b[j]));
    }
    removed.clear();
    added.clear();
}

/// `id: field old -> new; ...` for two JSON records, or `None` when either
/// line is not a JSON object.
fn field_changes(old: &str, new: &str) -> Option<String> {
    let old: serde_json::Map<String, serde_json::Value> = serde_json::from_str(old).ok()?;
    let new: serde_json::Map<String, serde_json::Value> = serde_json::from_str(new).ok()?;
    let null = serde_json::Value::Null;
    let mut keys: Vec<&String> = old.keys().collect();
    keys.extend(new.keys().filter(|k| !old.contains_key(*k)));
    let changes: Vec<String> = keys
        .into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| {
            let (o, n) = (old.get(k).unwrap_or(&null), new.get(k).unwrap_or(&null));
            format!("{k} {o} -> {n}")
        })
        .collect();
    let id = new.get("id").or_else(|| old.get("id")).unwrap_or(&null);
    Some(format!("{id}: {}", changes.join("; ")))
}

#[test]
fn fixture_outputs_match_their_snapshots() {
    let bless = std::env::var_os("PAIRAID_BLESS").is_some_and(|v| v == "1");
    let dir = root().join("tests/snapshots");
    let pipeline = Pipeline::builder()
        .build()
        .expect("the embedded tables load");
    let articles = articles();
    assert!(!articles.is_empty(), "no fixture articles");
    if bless {
        std::fs::create_dir_all(&dir).expect("tests/snapshots can be created");
    }
    let mut failures = Vec::new();
    let mut expected_files = std::collections::HashSet::new();
    for article in &articles {
        let id = article
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("fixture names are UTF-8");
        let file = dir.join(format!("{id}.jsonl"));
        expected_files.insert(file.clone());
        let actual = extract(&pipeline, article);
        if bless {
            std::fs::write(&file, &actual).expect("the snapshot is writable");
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{id}: output differs from {}\n{}",
                file.display(),
                line_diff(&expected, &actual)
            )),
            Err(e) => failures.push(format!("{id}: cannot read {}: {e}", file.display())),
        }
    }
    // Snapshots of articles no longer in the fixtures.
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "jsonl") && !expected_files.contains(&path) {
            if bless {
                std::fs::remove_file(&path).expect("a stale snapshot can be removed");
            } else {
                failures.push(format!(
                    "{}: no fixture article for this snapshot",
                    path.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snapshots differ (re-bless with `PAIRAID_BLESS=1 cargo test --test snapshots` if intended):\n\n{}",
        failures.len(),
        articles.len(),
        failures.join("\n")
    );
}

#[test]
fn line_diff_marks_changed_lines() {
    let diff = line_diff("a\nb\nc\n", "a\nB\nc\nd\n");
    assert_eq!(diff, "  -   2 b\n  +   2 B\n  +   4 d\n");
    let diff = line_diff(
        "{\"id\":\"x#1\",\"year\":2020,\"rule\":\"r\"}\n{\"id\":\"x#2\"}\n",
        "{\"id\":\"x#1\",\"year\":2021,\"rule\":\"r\"}\n",
    );
    assert_eq!(
        diff,
        "  ~   1 \"x#1\": year 2020 -> 2021\n  -   2 {\"id\":\"x#2\"}\n"
    );
}
