//! On the real development articles (`../shared/dev`, skipped when absent):
//! the divisions the gold names as donors and recipients are found with
//! their codes in the article. The texts stay in `../shared`; only the
//! count of misses is pinned here, so a change that loses places fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pairaid::{Article, Pipeline};

/// Required gold codes the places stage may miss. Today: one misspelling of
/// Wushi ("Wushu", an English word), and the traditional-character
/// articles (zh01, zh03, zh04, zh19) that the reading view will simplify.
const MAX_MISSED_REQUIRED: usize = 11;

fn dev_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dev");
    let present = dir.join("articles").is_dir() && dir.join("gold.jsonl").is_file();
    if !present {
        println!("note: ../shared/dev is absent; skipped");
    }
    present.then_some(dir)
}

/// Each article's gold codes, each with whether some event requires it.
fn gold_codes(gold: &Path) -> Vec<(String, BTreeMap<String, bool>)> {
    let text = std::fs::read_to_string(gold).expect("gold readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("gold line is JSON");
            let id = v["article_id"].as_str().expect("article_id").to_string();
            let mut codes: BTreeMap<String, bool> = BTreeMap::new();
            for e in v["events"].as_array().expect("events") {
                let required = !e["optional"].as_bool().unwrap_or(false);
                let donor = e["donor"].as_str().into_iter();
                let recipients = e["recipients"].as_array().into_iter().flatten();
                for code in donor.chain(recipients.filter_map(|r| r.as_str())) {
                    *codes.entry(code.to_string()).or_default() |= required;
                }
            }
            (id, codes)
        })
        .collect()
}

#[test]
fn gold_places_of_the_dev_articles_are_found() {
    let Some(dir) = dev_dir() else { return };
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let (mut found, mut total, mut missed_required) = (0, 0, Vec::new());
    for (id, codes) in gold_codes(&dir.join("gold.jsonl")) {
        let text = std::fs::read_to_string(dir.join(format!("articles/{id}.txt")))
            .expect("dev article readable");
        let doc = pipeline.annotate(Article {
            id: id.clone(),
            text,
            ..Article::default()
        });
        for (code, required) in codes {
            total += 1;
            if doc.places.iter().any(|p| p.code.to_string() == code) {
                found += 1;
            } else if required {
                missed_required.push(format!("{id}: {code}"));
            }
        }
    }
    println!("gold places found: {found}/{total}; required missed: {missed_required:?}");
    assert!(
        missed_required.len() <= MAX_MISSED_REQUIRED,
        "{} required gold places missed (at most {MAX_MISSED_REQUIRED}): {missed_required:#?}",
        missed_required.len()
    );
}
