//! Output does not depend on the number of worker threads: `pairaid extract`
//! with `--jobs 1` and `--jobs 2` writes the same bytes on the first 2,000
//! articles of the benchmark corpus (`../shared/bench/make_corpus.py`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/make_corpus.py")
}

#[test]
fn jobs_1_and_jobs_2_write_identical_output() {
    let script = corpus_script();
    if !script.is_file() {
        eprintln!(
            "note: skipped, {} is missing (cannot generate the corpus)",
            script.display()
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    let generated = match Command::new("python3")
        .arg(&script)
        .args(["--articles", "2000", "--format", "jsonl", "--out"])
        .arg(&corpus)
        .status()
    {
        Ok(status) => status,
        Err(e) => {
            eprintln!("note: skipped, cannot run python3: {e}");
            return;
        }
    };
    assert!(generated.success(), "make_corpus.py failed: {generated}");

    let extract = |jobs: &str| -> Vec<u8> {
        let out = dir.path().join(format!("jobs{jobs}.jsonl"));
        let status = Command::new(env!("CARGO_BIN_EXE_pairaid"))
            .args(["extract", "--quiet", "--jobs", jobs, "-o"])
            .arg(&out)
            .arg(&corpus)
            .status()
            .expect("run pairaid");
        assert!(status.success(), "pairaid extract --jobs {jobs}: {status}");
        std::fs::read(&out).expect("read output")
    };
    let one = extract("1");
    let two = extract("2");
    assert!(!one.is_empty(), "the corpus yields events");
    if one != two {
        let (a, b) = (String::from_utf8_lossy(&one), String::from_utf8_lossy(&two));
        let line = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or_else(|| a.lines().count().min(b.lines().count()));
        panic!(
            "--jobs 1 and --jobs 2 differ ({} vs {} bytes), first at line {}:\n  jobs 1: {}\n  jobs 2: {}",
            one.len(),
            two.len(),
            line + 1,
            a.lines().nth(line).unwrap_or("<end>"),
            b.lines().nth(line).unwrap_or("<end>"),
        );
    }
}
