//! Killing `pairaid extract -o db.sqlite` mid-run leaves a sound database
//! holding only complete articles.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

/// Several thousand articles: the fixture texts repeated with distinct ids.
fn big_input(path: &Path, copies: usize) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    texts.sort();
    let mut out = String::new();
    for i in 0..copies {
        for (stem, text) in &texts {
            let line = serde_json::json!({"id": format!("{i:05}/{stem}"), "text": text});
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    std::fs::write(path, out).unwrap();
    copies * texts.len()
}

fn articles_so_far(db: &Path) -> i64 {
    let Ok(conn) = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap_or(0)
}

/// Starts the extraction, SIGKILLs it as soon as a first transaction is
/// committed (the writer is then inside the next one), checks the database.
fn kill_and_check(input: &Path, db: &Path, total: i64) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pairaid"))
        .arg("extract")
        .arg(input)
        .arg("-o")
        .arg(db)
        .args(["--jobs", "1", "-q"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = 0;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "pairaid exited ({status}) before it could be killed: it crashed, or the input is too small"
            );
        }
        seen = articles_so_far(db);
        if seen > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(seen > 0, "no article committed within the deadline");
    assert!(still_running, "pairaid finished before the kill");

    let conn = Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let fk_violations: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_violations, 0);
    let articles: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    eprintln!(
        "killed after {seen} committed articles were seen; {articles} of {total} in the database"
    );
    assert!(articles >= seen, "committed articles survive the kill");
    assert!(articles < total, "the kill interrupted the run");
    let incomplete: i64 = conn
        .query_row(
            "SELECT count(*) FROM articles a
             WHERE a.event_count != (SELECT count(*) FROM events e WHERE e.article_id = a.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(incomplete, 0, "every article row has all its events");
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = e.article_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn killed_mid_run_leaves_only_complete_articles() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let total = big_input(&input, 150) as i64;
    for round in 0..3 {
        kill_and_check(&input, &dir.path().join(format!("db{round}.sqlite")), total);
    }
}
