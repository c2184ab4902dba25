//! Every input the fuzz harness (`fuzz/run.sh`) ever failed on, kept under
//! `tests/fuzz/`: each is extracted whole and in small parts, and must give
//! events that pass the harness's own checks, in reasonable time.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pairaid::limits::extract_in_parts;
use pairaid::{Article, Pipeline};

#[path = "../examples/fuzz/check.rs"]
mod check;

fn inputs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files
}

#[test]
fn every_saved_fuzz_input_extracts_cleanly() {
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let files = inputs();
    for path in &files {
        // Saved as the harness fed it: lossy UTF-8.
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        for part in [None, Some(64), Some(1000)] {
            let article = Article {
                id: "fuzz".into(),
                text: text.clone(),
                origin: path.display().to_string(),
                ..Article::default()
            };
            let started = Instant::now();
            let extraction = match part {
                Some(part) => extract_in_parts(&pipeline, article, part),
                None => pipeline.extract(article),
            };
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{} (part {part:?}) took {:?}",
                path.display(),
                started.elapsed()
            );
            if let Err(e) = check::events("fuzz", &text, &extraction.events) {
                panic!("{} (part {part:?}): {e}", path.display());
            }
        }
    }
    eprintln!("{} saved fuzz inputs extract cleanly", files.len());
}
