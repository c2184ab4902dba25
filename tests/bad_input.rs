//! The bad-input suite: every way issue 15 found to lose data, hang or
//! mislead, each kept as a test the way ripgrep keeps its integration tests:
//! the `pairaid` binary run in a temporary directory, then its exit code,
//! its stderr and its output checked. The case numbers are the issue's.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

/// One sentence that makes one event (Wuxi → Haidong, 50 million yuan).
const ARTICLE: &str = "Wuxi allocated 50 million yuan to Haidong in 2019.\n";

/// What a run of the binary left.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    /// The summary line's counts: (articles read, events written, failed).
    fn summary(&self) -> (u64, u64, u64) {
        let line = self
            .stderr
            .lines()
            .find(|l| l.contains(" articles read, "))
            .unwrap_or_else(|| panic!("no summary line in stderr:\n{}", self.stderr));
        let numbers: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .take(3)
            .map(|w| w.parse().expect("a count"))
            .collect();
        (numbers[0], numbers[1], numbers[2])
    }

    fn events(&self) -> Vec<Value> {
        jsonl(&self.stdout)
    }

    /// Fails with the whole run shown unless the exit code is `code`.
    fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            code,
            "exit code; stderr:\n{}\nstdout (start):\n{}",
            self.stderr,
            String::from_utf8_lossy(&self.stdout[..self.stdout.len().min(2000)])
        );
        self
    }

    fn expect_stderr(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `pairaid ARGS` in `dir` with `stdin` as standard input.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let out = common::pairaid()
        .current_dir(dir)
        .args(args)
        .write_stdin(stdin.to_vec())
        .timeout(Duration::from_secs(300))
        .output()
        .expect("pairaid runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, b"")
}

fn jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

/// Writes `content` to `dir/rel`, creating directories.
fn put(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(&path, content).expect("write");
    path
}

fn line(id: &str, text: &str) -> String {
    format!("{}\n", serde_json::json!({"id": id, "text": text}))
}

fn csv_rows(path: &Path) -> usize {
    let mut reader = csv::Reader::from_path(path).expect("CSV opens");
    let mut rows = 0;
    for record in reader.records() {
        record.expect("a CSV record");
        rows += 1;
    }
    rows
}

fn sqlite_count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("database opens");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

/// Extracts `inputs` to JSONL, CSV and SQLite and checks that every sink
/// holds exactly the events the summary line counts.
fn every_sink_holds_the_summary(dir: &Path, inputs: &[&str]) -> Run {
    let mut args = vec!["extract"];
    args.extend(inputs);
    let to_stdout = run(dir, &args);
    let (_, events, _) = to_stdout.summary();
    assert_eq!(to_stdout.events().len() as u64, events, "JSONL vs summary");
    for out in ["out.csv", "out.sqlite"] {
        let mut a = args.clone();
        a.extend(["-o", out]);
        let r = run(dir, &a);
        assert_eq!(r.code, to_stdout.code, "{out}: {}", r.stderr);
        assert_eq!(r.summary(), to_stdout.summary(), "{out}");
        let path = dir.join(out);
        let written = match out {
            "out.csv" => csv_rows(&path) as i64,
            _ => sqlite_count(&path, "SELECT count(*) FROM events"),
        };
        assert_eq!(written as u64, events, "{out} vs summary");
        std::fs::remove_file(path).expect("remove");
    }
    to_stdout
}

// ---------------------------------------------------------------------------
// 1. Duplicate article ids

#[test]
fn case01_a_repeated_id_fails_the_later_article_and_names_both_sources() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    put(dir, "a/x.txt", ARTICLE);
    put(dir, "b/x.txt", "Suzhou sent 12 doctors to Lhasa in 2020.\n");

    // Two files with the same stem given as two inputs.
    let r = every_sink_holds_the_summary(dir, &["a/x.txt", "b/x.txt"]);
    r.expect_code(1)
        .expect_stderr("b/x.txt: article id \"x\" already read from a/x.txt");
    assert_eq!(r.summary(), (2, 1, 1));
    assert_eq!(r.events()[0]["donor"]["name"], "Wuxi", "the first one wins");

    // One input given twice.
    let r = every_sink_holds_the_summary(dir, &["a", "a"]);
    r.expect_code(1).expect_stderr("the same input given twice");
    assert_eq!(r.summary(), (2, 1, 1));

    // A JSONL file repeating an id.
    put(
        dir,
        "dup.jsonl",
        line("k", ARTICLE)
            + &line("k", "Suzhou sent 12 doctors to Lhasa in 2020.")
            + &line("k2", ARTICLE),
    );
    let r = every_sink_holds_the_summary(dir, &["dup.jsonl"]);
    r.expect_code(1)
        .expect_stderr("dup.jsonl:2: article id \"k\" already read from dup.jsonl:1");
    assert_eq!(r.summary(), (3, 2, 1));

    // SQLite keeps the first article under the id, not the later one.
    run(dir, &["extract", "dup.jsonl", "-o", "dup.sqlite", "-q"]).expect_code(1);
    let conn = rusqlite::Connection::open(dir.join("dup.sqlite")).expect("opens");
    let source: String = conn
        .query_row("SELECT source FROM articles WHERE id = 'k'", [], |r| {
            r.get(0)
        })
        .expect("article k");
    assert_eq!(source, "dup.jsonl:1");
}

// ---------------------------------------------------------------------------
// 2. Writing over an input

#[test]
fn case02_an_output_that_is_an_input_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let input = line("a", ARTICLE);
    put(dir, "in.jsonl", &input);
    put(dir, "corpus/x.txt", ARTICLE);
    for args in [
        &["extract", "in.jsonl", "-o", "in.jsonl"][..],
        &["extract", "in.jsonl", "-o", "./in.jsonl", "--format", "csv"],
        &["extract", "corpus", "in.jsonl", "-o", "corpus/../in.jsonl"],
        &[
            "extract", "in.jsonl", "-o", "in.jsonl", "--format", "sqlite",
        ],
    ] {
        run(dir, args)
            .expect_code(2)
            .expect_stderr("is also an input; refusing to write over it");
        assert_eq!(
            std::fs::read_to_string(dir.join("in.jsonl")).expect("read"),
            input
        );
    }
    // An article file inside an input directory would be read next time.
    run(dir, &["extract", "corpus", "-o", "corpus/events.txt"])
        .expect_code(2)
        .expect_stderr("would be read as an article");
    assert!(!dir.join("corpus/events.txt").exists());
}

// ---------------------------------------------------------------------------
// 3. Unreadable subdirectory

/// `pairaid ARGS` in `dir` as an unprivileged user: root reads any
/// directory, so permissions only bite for someone else. `None` (with a
/// loud note) where that is not possible.
fn run_unprivileged(dir: &Path, args: &[&str]) -> Option<Run> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if root {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("SKIPPED: running as root and setpriv is missing; cannot test permissions");
            return None;
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_pairaid"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_pairaid"))
    };
    let out = cmd
        .current_dir(dir)
        .args(args)
        .output()
        .expect("pairaid runs");
    Some(Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

#[cfg(unix)]
#[test]
fn case03_an_unreadable_subdirectory_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    put(dir, "corpus/ok.txt", ARTICLE);
    put(dir, "corpus/locked/hidden.txt", ARTICLE);
    for d in [dir, &dir.join("corpus")] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    std::fs::set_permissions(
        dir.join("corpus/ok.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    std::fs::set_permissions(
        dir.join("corpus/locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .expect("chmod");
    let Some(r) = run_unprivileged(dir, &["extract", "corpus"]) else {
        return;
    };
    std::fs::set_permissions(
        dir.join("corpus/locked"),
        std::fs::Permissions::from_mode(0o755),
    )
    .expect("chmod back, so the temporary directory can be removed");
    r.expect_code(1)
        .expect_stderr("corpus/locked: cannot read directory: Permission denied");
    assert_eq!(r.summary(), (2, 1, 1));
    assert_eq!(r.events()[0]["article_id"], "ok");
}

// ---------------------------------------------------------------------------
// 4. Symbolic link loops, hidden files, .TXT

/// Runs with a deadline: a hang fails the test instead of the suite.
fn run_with_deadline(dir: &Path, args: &[&str], deadline: Duration) -> Run {
    let started = Instant::now();
    let out = common::pairaid()
        .current_dir(dir)
        .args(args)
        .timeout(deadline)
        .output()
        .expect("pairaid runs");
    assert!(
        started.elapsed() < deadline,
        "pairaid {args:?} still running after {deadline:?}"
    );
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn case04_link_loops_are_errors_and_every_article_is_read_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    put(dir, "c/sub/x.txt", ARTICLE);
    put(dir, "c/UPPER.TXT", ARTICLE);
    put(dir, "c/.hidden/h.txt", ARTICLE);
    put(dir, "c/.dot.txt", ARTICLE);
    put(dir, "c/notes.md", ARTICLE);
    std::os::unix::fs::symlink("..", dir.join("c/sub/up")).expect("link");
    std::os::unix::fs::symlink("../sub", dir.join("c/sub/again")).expect("link");
    std::os::unix::fs::symlink("missing.txt", dir.join("c/broken.txt")).expect("link");
    let r = run_with_deadline(dir, &["extract", "c"], Duration::from_secs(60));
    r.expect_code(1)
        .expect_stderr("c/sub/up: symbolic link loop back to c;")
        .expect_stderr("c/sub/again: symbolic link loop back to c/sub;")
        .expect_stderr("c/broken.txt: broken symbolic link");
    let ids: Vec<Value> = r.events().iter().map(|e| e["article_id"].clone()).collect();
    assert_eq!(
        ids,
        ["UPPER", "sub/x"],
        "each article once, hidden ones not at all"
    );
    assert_eq!(r.summary(), (5, 2, 3));

    // A link to a directory outside is followed like a directory.
    put(dir, "outside/o.txt", ARTICLE);
    std::fs::remove_file(dir.join("c/sub/up")).expect("unlink");
    std::fs::remove_file(dir.join("c/sub/again")).expect("unlink");
    std::fs::remove_file(dir.join("c/broken.txt")).expect("unlink");
    std::os::unix::fs::symlink("../outside", dir.join("c/linked")).expect("link");
    let r = run_with_deadline(dir, &["extract", "c"], Duration::from_secs(60));
    r.expect_code(0);
    assert_eq!(r.summary(), (3, 3, 0));
    // .TXT given as a file counts too, and so does a hidden file named as input.
    let r = run(dir, &["extract", "c/UPPER.TXT", "c/.dot.txt"]);
    r.expect_code(0);
    assert_eq!(r.summary(), (2, 2, 0));
}

// ---------------------------------------------------------------------------
// 5. Cost linear in the size of sentences and articles; a cap per article

/// Text without one full stop: one "sentence" per line, `bytes` long.
fn no_full_stops(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 200);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "Jiangsu province has poured {i} million yuan into Kizilsu prefecture and Wuxi sent 12 doctors to Haidong "
        ));
        i += 1;
    }
    s.truncate(bytes);
    s
}

/// CPU seconds (user + system) of `pairaid ARGS` in `dir`, with `--jobs 1`:
/// steadier than wall time on a shared machine.
fn cpu_seconds(dir: &Path, args: &str) -> f64 {
    let out = Command::new("bash")
        .current_dir(dir)
        .arg("-c")
        .arg(format!(
            "TIMEFORMAT='%3U %3S'; time ('{}' {args} --jobs 1 -q >/dev/null 2>/dev/null)",
            env!("CARGO_BIN_EXE_pairaid")
        ))
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stderr);
    text.split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok())
        .sum()
}

#[test]
fn case05_a_long_sentence_is_cut_and_a_long_article_read_in_parts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    // 600 KB without a full stop: two parts, each one long sentence.
    let text = no_full_stops(600_000);
    put(dir, "long.txt", &text);
    let r = run_with_deadline(dir, &["extract", "long.txt"], Duration::from_secs(120));
    r.expect_code(0)
        .expect_stderr("long.txt: article of 600000 bytes read in 2 parts")
        .expect_stderr("sentence(s) longer than 8192 bytes cut into pieces");
    let events = r.events();
    assert!(
        events.len() > 100,
        "events are still found: {}",
        events.len()
    );
    for (n, e) in events.iter().enumerate() {
        let (start, end) = (
            e["evidence"]["start"].as_u64().expect("start") as usize,
            e["evidence"]["end"].as_u64().expect("end") as usize,
        );
        assert!(end - start <= 8192, "a piece is at most 8 KiB");
        assert_eq!(
            &text[start..end],
            e["evidence"]["text"],
            "offsets into the whole text"
        );
        assert_eq!(
            e["id"],
            format!("long#{}", n + 1),
            "numbered through the article"
        );
    }
}

#[test]
fn case05_cost_grows_linearly_with_the_article() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    put(dir, "small.txt", no_full_stops(750_000));
    put(dir, "large.txt", no_full_stops(3_000_000));
    let small = cpu_seconds(dir, "extract small.txt");
    let large = cpu_seconds(dir, "extract large.txt");
    eprintln!(
        "0.75 MB: {small:.2} s CPU, 3 MB: {large:.2} s CPU, ratio {:.1}",
        large / small
    );
    // Linear is 4; the quadratic cost this replaced was 16.
    assert!(
        large < 8.0 * small,
        "4 times the text took {:.1} times the time",
        large / small
    );
}

#[test]
fn case05_an_article_over_the_cap_is_a_failed_input_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    put(dir, "corpus/a_big.txt", "x".repeat(5000));
    put(dir, "corpus/b_ok.txt", ARTICLE);
    put(
        dir,
        "in.jsonl",
        line("big", &"y".repeat(5000)) + &line("ok", ARTICLE),
    );
    let r = run(
        dir,
        &["extract", "corpus", "in.jsonl", "--max-article-bytes", "4K"],
    );
    r.expect_code(1)
        .expect_stderr("corpus/a_big.txt: article longer than 4096 bytes (--max-article-bytes)")
        .expect_stderr("in.jsonl:1: article longer than 4096 bytes");
    assert_eq!(r.summary(), (4, 2, 2));
    assert!(
        r.stderr.len() < 2000,
        "no article text echoed: {}",
        r.stderr
    );
    run(dir, &["extract", "in.jsonl", "--max-article-bytes", "lots"])
        .expect_code(2)
        .expect_stderr("not a byte count");
}

// ---------------------------------------------------------------------------
// 6. NUL and control characters; the CSV loads into databases

/// Text with the characters a CSV reader or a database may choke on:
/// controls, quotes, commas, CR LF, a tab.
const CONTROLS: &str = "Suzhou sent 12 doctors to Lhasa in 2020 \u{1}\u{7}\u{b}\u{c}\u{1b}[0m \"quoted\",\twith commas;\r\nWuxi allocated 3 million yuan to Haidong in 2019.\r\n";

/// The bad-input corpus as one JSONL file, `dir/bad.jsonl`: a BOM, NUL in
/// text and in an id, control characters, a repeated id, a numeric id and
/// `published`, a malformed line, Chinese text.
fn bad_corpus(dir: &Path) -> PathBuf {
    let mut lines = String::from("\u{feff}");
    lines += &line("bom first", ARTICLE);
    lines += &line(
        "nul",
        "Wuxi allocated 50\0million yuan to Haidong in 2019.\0",
    );
    lines += &line(
        "nul\0id",
        "Shanghai allocated 2.05 billion yuan to Kashgar in 2020.",
    );
    lines += &line("controls", CONTROLS);
    lines += &line("zh", "江苏向新疆克孜勒苏州投入援疆资金12亿元。");
    lines += &line("zh", "上海市向喀什地区投入资金20亿元。");
    lines += &format!(
        "{}\n",
        serde_json::json!({"id": 7, "published": 20230801, "text": "Wuxi allocated 9 million yuan to Haidong in 2021."})
    );
    lines += "{not json\n";
    put(dir, "bad.jsonl", lines)
}

#[test]
fn case06_nul_is_read_as_space_and_the_csv_carries_none() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    bad_corpus(dir);
    put(
        dir,
        "nul.txt",
        "Wuxi allocated 50\0million yuan to Haidong in 2019.\0\n",
    );
    put(dir, "controls.txt", CONTROLS);
    let r = run(dir, &["extract", "nul.txt", "controls.txt", "bad.jsonl"]);
    r.expect_code(1)
        .expect_stderr("nul.txt: 2 NUL character(s) read as spaces")
        .expect_stderr("bad.jsonl:2: 2 NUL character(s) read as spaces");
    let events = r.events();
    let nul = events
        .iter()
        .find(|e| e["article_id"] == "nul")
        .expect("the article with NUL still gives its event");
    assert_eq!(
        nul["evidence"]["text"],
        "Wuxi allocated 50 million yuan to Haidong in 2019."
    );
    assert_eq!(nul["quantity"]["value"], 50_000_000);

    let r = run(
        dir,
        &[
            "extract",
            "nul.txt",
            "controls.txt",
            "bad.jsonl",
            "-o",
            "out.csv",
        ],
    );
    r.expect_code(1);
    let csv = std::fs::read(dir.join("out.csv")).expect("CSV written");
    assert!(!csv.contains(&0), "no NUL byte in the CSV");
    assert!(
        String::from_utf8_lossy(&csv).contains("\"nulid#1\",\"nulid\","),
        "the NUL of an id is dropped"
    );
    assert_eq!(csv_rows(&dir.join("out.csv")) as u64, r.summary().1);
}

/// Whether `program` runs (`--version`).
fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Says that database `name` is missing: a failure when
/// `PAIRAID_REQUIRE_DATABASES` names it (.ci/run sets it for those it
/// installed), else a skip with a note on stderr.
fn database_missing(name: &str, what: &str) -> bool {
    let required = std::env::var("PAIRAID_REQUIRE_DATABASES").unwrap_or_default();
    if required.split_whitespace().any(|r| r == name) {
        panic!("{what} is missing and PAIRAID_REQUIRE_DATABASES={required:?}");
    }
    eprintln!("SKIPPED: {what} is missing; the bad-input CSV was not loaded into it");
    true
}

#[test]
fn case06_the_bad_input_csv_loads_into_postgresql() {
    let pg = std::fs::read_dir("/usr/lib/postgresql").is_ok() || have("initdb");
    if !(pg && have("psql")) && database_missing("postgresql", "PostgreSQL (initdb, psql)") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = bad_corpus(tmp.path());
    let out = Command::new("bash")
        .arg(common::root().join("tests/postgres.sh"))
        .env("PAIRAID", env!("CARGO_BIN_EXE_pairaid"))
        .env("PAIRAID_INPUT", &corpus)
        .env("PAIRAID_EXPECT_EXIT", "1")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "tests/postgres.sh on the bad input:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn case06_the_bad_input_csv_loads_into_duckdb() {
    let duckdb = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    if !duckdb && database_missing("duckdb", "DuckDB (python3 -m pip install duckdb)") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    bad_corpus(dir);
    for out in ["events.csv", "events.jsonl"] {
        run(dir, &["extract", "bad.jsonl", "-q", "-o", out]).expect_code(1);
    }
    let (csv, jsonl) = (dir.join("events.csv"), dir.join("events.jsonl"));
    // Every field as text, compared with the JSONL (less the NULs the CSV drops).
    let script = r#"
import duckdb, json, sys
rows = duckdb.sql(f"SELECT * FROM read_csv('{sys.argv[1]}', header=true, all_varchar=true, strict_mode=true)").fetchall()
events = [json.loads(l.replace("\\u0000", "")) for l in open(sys.argv[2], encoding="utf-8")]
assert len(rows) == len(events), (len(rows), len(events))
for row, e in zip(rows, events):
    want = (e["id"], e["article_id"], e["evidence"]["text"], str(e["evidence"]["start"]))
    got = (row[0], row[1], row[15], row[13])
    assert got == want, (got, want)
print(f"duckdb: {len(rows)} rows equal the JSONL")
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&csv)
        .arg(&jsonl)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "DuckDB load: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------
// 7. A byte-order mark; a numeric `published`

#[test]
fn case07_a_bom_and_a_numeric_published_lose_no_article() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    put(
        dir,
        "in.jsonl",
        format!(
            "\u{feff}{}{}\n",
            line("first", ARTICLE),
            serde_json::json!({"id": "second", "published": 20230801, "text": ARTICLE})
        ),
    );
    let r = run(dir, &["extract", "in.jsonl"]);
    r.expect_code(0)
        .expect_stderr("in.jsonl:2: `published` 20230801 is not a \"YYYY-MM-DD\" string; ignored");
    let ids: Vec<Value> = r.events().iter().map(|e| e["article_id"].clone()).collect();
    assert_eq!(ids, ["first", "second"]);
    // The same on standard input.
    let stdin = std::fs::read(dir.join("in.jsonl")).expect("read");
    let r = run_in(dir, &["extract", "-"], &stdin);
    r.expect_code(0);
    assert_eq!(r.events().len(), 2);
}

// ---------------------------------------------------------------------------
// 8. Atomic output; SIGINT and SIGTERM stop after whole records

/// Many articles (the fixtures, repeated with distinct ids) in one JSONL file.
fn big_input(path: &Path, copies: usize) {
    let dir = common::root().join("fixtures/articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("fixture"))
        .collect();
    let mut out = String::new();
    for i in 0..copies {
        for (n, text) in texts.iter().enumerate() {
            out += &line(&format!("{i:04}-{n:02}"), text);
        }
    }
    std::fs::write(path, out).expect("write");
}

#[cfg(unix)]
fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Starts `pairaid extract big.jsonl -o OUT`, signals it once OUT's
/// temporary file holds data, and checks what is left.
#[cfg(unix)]
fn interrupt_and_check(dir: &Path, out: &str, sig: &str, code: i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pairaid"))
        .current_dir(dir)
        .args(["extract", "big.jsonl", "--jobs", "2", "-q", "-o", out])
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let temp_prefix = format!(".{out}.");
    let started = Instant::now();
    loop {
        let written = std::fs::read_dir(dir)
            .expect("list")
            .filter_map(Result::ok)
            .any(|e| {
                e.file_name().to_string_lossy().starts_with(&temp_prefix)
                    && e.metadata().is_ok_and(|m| m.len() > 0)
            });
        if written {
            break;
        }
        assert!(
            child.try_wait().expect("wait").is_none(),
            "finished before it could be interrupted: make the input bigger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no output after 2 minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(child.id(), sig);
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "still running 60 s after {sig}");
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(
        stderr.contains(&format!("interrupted by SIG{sig}: stopped after ")),
        "{stderr}"
    );
    // "... holds their N events, every record whole"
    let claimed: usize = stderr
        .split("holds their ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no event count in: {stderr}"));
    let path = dir.join(out);
    let written = if out.ends_with(".csv") {
        csv_rows(&path)
    } else {
        jsonl(&std::fs::read(&path).expect("the output is there")).len()
    };
    assert_eq!(written, claimed, "the file holds what the message says");
    assert!(claimed > 0, "something was written before the signal");
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("pairaid-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[cfg(unix)]
#[test]
fn case08_sigint_and_sigterm_stop_after_whole_records() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    big_input(&dir.join("big.jsonl"), 150);
    interrupt_and_check(dir, "events.jsonl", "INT", 130);
    interrupt_and_check(dir, "events.csv", "TERM", 143);

    // SQLite: the articles before the signal are committed, whole.
    let mut child = Command::new(env!("CARGO_BIN_EXE_pairaid"))
        .current_dir(dir)
        .args(["extract", "big.jsonl", "-q", "-o", "events.sqlite"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    let db = dir.join("events.sqlite");
    let articles_in = |db: &Path| {
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0)
    };
    while articles_in(&db) == 0 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "finished too soon"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "nothing committed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(child.id(), "INT");
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    let said: i64 = stderr
        .split("stopped after ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no article count in: {stderr}"));
    assert_eq!(articles_in(&db), said, "{stderr}");
    let incomplete = sqlite_count(
        &db,
        "SELECT count(*) FROM articles a
         WHERE a.event_count != (SELECT count(*) FROM events e WHERE e.article_id = a.id)",
    );
    assert_eq!(incomplete, 0, "every article has all its events");
}

#[cfg(unix)]
#[test]
fn case08_an_interrupt_ends_a_run_waiting_on_standard_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pairaid"))
        .current_dir(dir)
        .args(["extract", "-", "-o", "events.jsonl"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    // A whole batch (32 articles) goes through; the reader then waits for
    // more input with the next batch begun.
    for n in 0..40 {
        stdin
            .write_all(line(&format!("n{n:02}"), ARTICLE).as_bytes())
            .expect("write");
    }
    stdin.flush().expect("flush");
    let temp = dir.join(format!(".events.jsonl.{}.pairaid-tmp", child.id()));
    let started = Instant::now();
    while std::fs::metadata(&temp).map_or(0, |m| m.len()) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the first batch is not written"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Writing the rest of the batch takes milliseconds.
    std::thread::sleep(Duration::from_millis(1000));
    signal(child.id(), "INT");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        assert!(
            Instant::now() < deadline,
            "blocked on standard input after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert_eq!(child.wait().expect("status").code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("stopped after 32 articles (the last: \"n31\""),
        "{stderr}"
    );
    let events = jsonl(&std::fs::read(dir.join("events.jsonl")).expect("written"));
    assert_eq!(events.len(), 32);
    drop(stdin);
}

#[test]
fn case08_file_output_is_atomic_and_output_errors_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    put(dir, "in.jsonl", line("a", ARTICLE));
    put(dir, "out.jsonl", "previous output\n");
    run(dir, &["extract", "in.jsonl", "-o", "out.jsonl", "-q"]).expect_code(0);
    assert_eq!(
        jsonl(&std::fs::read(dir.join("out.jsonl")).expect("read")).len(),
        1
    );
    let names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    // A full disk: the error is reported, the exit code is 2.
    if Path::new("/dev/full").exists() {
        run(dir, &["extract", "in.jsonl", "-o", "/dev/full", "-q"])
            .expect_code(2)
            .expect_stderr("writing /dev/full");
    }
    // A missing directory.
    run(dir, &["extract", "in.jsonl", "-o", "no/such/dir/out.jsonl"])
        .expect_code(2)
        .expect_stderr("cannot create");
    // A device is written in place, not replaced.
    run(dir, &["extract", "in.jsonl", "-o", "/dev/null", "-q"]).expect_code(0);
    assert!(!Path::new("/dev/null").is_file());
}

// ---------------------------------------------------------------------------
// 9. A closed pipe

/// Runs `pairaid ARGS`, reads a little of its output, closes the pipe and
/// returns the exit code and stderr.
fn close_early(args: &[&str], stdin: &[u8]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pairaid"))
        .current_dir(common::root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("waits");
    feeder.join().expect("feeder");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn case09_annotate_and_places_end_quietly_on_a_closed_pipe() {
    let fixtures = common::root().join("fixtures/articles");
    let fixtures = fixtures.to_str().expect("path");
    let (code, stderr) = close_early(&["annotate", fixtures], b"");
    assert_eq!((code, stderr.as_str()), (Some(0), ""), "annotate");
    let text = "Pingshan County of Sichuan Province, Suzhou, Lhasa and Kashgar. ".repeat(3000);
    let (code, stderr) = close_early(&["places", "-"], text.as_bytes());
    assert_eq!((code, stderr.as_str()), (Some(0), ""), "places");
    let (code, stderr) = close_early(&["extract", fixtures, "-q"], b"");
    assert_eq!(code, Some(0), "extract: {stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

// ---------------------------------------------------------------------------
// 10. Bad lines quoted briefly; plain text gets a hint

#[test]
fn case10_a_bad_line_is_not_echoed_and_plain_text_gets_a_hint() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let huge = "z".repeat(5_000_000);
    put(
        dir,
        "bad.jsonl",
        format!(
            "{}\n{}\n{}\n",
            serde_json::json!({"id": "a", "text": 5, "note": huge}),
            serde_json::json!({"id": ["list", huge], "text": "t"}),
            serde_json::json!({"id": "p", "published": huge, "text": ARTICLE}),
        ),
    );
    let r = run(dir, &["extract", "bad.jsonl"]);
    r.expect_code(1)
        .expect_stderr("bad.jsonl:1: malformed JSONL line")
        .expect_stderr("bad.jsonl:2: `id` must be a non-empty string or a number")
        .expect_stderr("bad.jsonl:3: `published` \"zzz");
    assert!(r.stderr.len() < 3000, "stderr is {} bytes", r.stderr.len());
    assert_eq!(r.summary(), (3, 1, 2));

    let plain = "Wuxi allocated 50 million yuan to Haidong in 2019.\nIt also sent doctors.\n";
    let r = run_in(dir, &["extract", "-"], plain.as_bytes());
    r.expect_code(1).expect_stderr(
        "<stdin>:1: malformed JSONL line: expected value at line 1 column 1 (JSONL expected: one {\"id\": ..., \"text\": ...} object a line; plain text goes in a .txt file",
    );
    assert_eq!(
        r.stderr.matches("JSONL expected").count(),
        1,
        "the hint once"
    );
}

// ---------------------------------------------------------------------------
// 11. The library without the CLI and SQLite

#[test]
fn case11_the_library_alone_pulls_in_no_cli_and_no_sqlite() {
    let out = Command::new(env!("CARGO"))
        .current_dir(common::root())
        .args([
            "tree",
            "--no-default-features",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.starts_with("pairaid "), "{tree}");
    for unwanted in [
        "rusqlite",
        "libsqlite3-sys",
        "clap",
        "indicatif",
        "signal-hook",
    ] {
        assert!(
            !tree.lines().any(|l| l.starts_with(&format!("{unwanted} "))),
            "{unwanted} in the tree of the library alone:\n{tree}"
        );
    }
}

// ---------------------------------------------------------------------------
// 12. The guards with the inputs and outputs of issue 17: HTML and archives
// in the walk, NUL and byte-order marks after decoding, Parquet written
// atomically

/// `text` as UTF-16LE with a byte-order mark.
fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

#[test]
fn case12_the_walk_takes_text_and_html_compressed_or_not() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let page = format!("<html><body><p>{}</p></body></html>", ARTICLE.trim());
    put(dir, "c/a.txt", ARTICLE);
    put(dir, "c/b.HTML", &page);
    put(dir, "c/sub/c.htm.gz", gzip(page.as_bytes()));
    put(
        dir,
        "c/sub/d.TXT.zst",
        zstd::encode_all(ARTICLE.as_bytes(), 0).expect("compress"),
    );
    put(dir, "c/.hidden.html", &page);
    put(dir, "c/.cache/e.txt.gz", gzip(ARTICLE.as_bytes()));
    put(dir, "c/lines.jsonl", line("f", ARTICLE));
    put(dir, "c/notes.md", ARTICLE);
    let r = run(dir, &["extract", "c"]);
    r.expect_code(0);
    let ids: Vec<Value> = r.events().iter().map(|e| e["article_id"].clone()).collect();
    assert_eq!(
        ids,
        ["a", "b", "sub/c", "sub/d"],
        "text and HTML, compressed or not, any case; no hidden entry, no JSONL"
    );
    assert_eq!(r.summary(), (4, 4, 0));
    // An output the walk would read is refused, an HTML name too.
    run(dir, &["extract", "c", "-o", "c/out.html"])
        .expect_code(2)
        .expect_stderr("would be read as an article");
}

#[test]
fn case12_nul_and_byte_order_marks_are_handled_after_decoding() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let with_nul = "Wuxi allocated 50\0million yuan to Haidong in 2019.\n";
    // UTF-16 has zero bytes of its own: they are no NUL characters.
    put(dir, "u16.txt", utf16le_with_bom(ARTICLE));
    // A NUL character in UTF-16 text is read as a space, as in UTF-8.
    put(dir, "u16nul.txt", utf16le_with_bom(with_nul));
    // A UTF-8 mark is dropped once: offsets count from the text after it.
    put(dir, "u8bom.txt", format!("\u{feff}{ARTICLE}"));
    // A UTF-16 JSONL stream with a mark: the first id is whole.
    put(
        dir,
        "u16.jsonl",
        utf16le_with_bom(&(line("j1", ARTICLE) + &line("j2", with_nul))),
    );
    let r = run(
        dir,
        &["extract", "u16.txt", "u16nul.txt", "u8bom.txt", "u16.jsonl"],
    );
    r.expect_code(0)
        .expect_stderr("u16nul.txt: 1 NUL character(s) read as spaces")
        .expect_stderr("u16.jsonl:2: 1 NUL character(s) read as spaces");
    assert!(
        !r.stderr
            .lines()
            .any(|l| l.contains("u16.txt") && (l.contains("NUL") || l.contains("zero bytes"))),
        "{}",
        r.stderr
    );
    let events = r.events();
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["article_id"].as_str().expect("an id"))
        .collect();
    assert_eq!(ids, ["u16", "u16nul", "u8bom", "j1", "j2"]);
    for e in &events {
        assert_eq!(e["evidence"]["start"], 0, "{e}");
        assert_eq!(
            e["evidence"]["text"], "Wuxi allocated 50 million yuan to Haidong in 2019.",
            "{e}"
        );
    }
}

/// Runs `pairaid extract big.jsonl -o events.parquet` in `dir`, sends
/// SIGINT `delay` after both temporary files exist, and returns the
/// articles and events stderr says were written.
#[cfg(all(unix, feature = "parquet"))]
fn interrupt_parquet(dir: &Path, delay: Duration) -> (i64, i64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pairaid"))
        .current_dir(dir)
        .args([
            "extract",
            "big.jsonl",
            "--jobs",
            "2",
            "-q",
            "-o",
            "events.parquet",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    while temporary_files(dir).len() < 2 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "finished before it could be interrupted"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "no output");
        std::thread::sleep(Duration::from_millis(5));
    }
    let names = temporary_files(dir);
    assert!(
        names.iter().all(|n| n.starts_with('.')),
        "hidden temporary files: {names:?}"
    );
    // Written under temporary names: the previous file is still there.
    assert_eq!(
        std::fs::read(dir.join("events.parquet")).expect("read"),
        b"previous output"
    );
    std::thread::sleep(delay);
    assert!(
        child.try_wait().expect("wait").is_none(),
        "finished before it could be interrupted: make the input bigger"
    );
    signal(child.id(), "INT");
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    let number_after = |marker: &str| -> i64 {
        stderr
            .split(marker)
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number after {marker:?} in: {stderr}"))
    };
    (number_after("stopped after "), number_after("holds their "))
}

/// The names of the temporary output files in `dir`.
#[cfg(all(unix, feature = "parquet"))]
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pairaid-tmp"))
        .collect()
}

#[cfg(all(unix, feature = "parquet"))]
#[test]
fn case12_parquet_output_is_atomic_and_completed_on_an_interrupt() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let rows = |path: &Path| {
        let file = std::fs::File::open(path).expect("written");
        SerializedFileReader::new(file)
            .expect("Parquet")
            .metadata()
            .file_metadata()
            .num_rows()
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    big_input(&dir.join("big.jsonl"), 150);
    // A debug build is slower: wait longer until some events are written.
    for delay in [200, 1000, 4000] {
        put(dir, "events.parquet", "previous output");
        let (articles, events) = interrupt_parquet(dir, Duration::from_millis(delay));
        assert_eq!(rows(&dir.join("events.parquet")), events);
        assert_eq!(rows(&dir.join("events.articles.parquet")), articles);
        assert!(
            temporary_files(dir).is_empty(),
            "{:?}",
            temporary_files(dir)
        );
        if events > 0 {
            return;
        }
    }
    panic!("nothing was written before the signal");
}
