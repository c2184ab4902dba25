//! On the seed articles (`../shared/seeds`, skipped when absent): every
//! division the gold (`../shared/eval/seeds.gold.jsonl`) names as a donor or
//! recipient is found with that code in the article, and no person's name
//! and no organisation name becomes a place outside an organisation.

use std::collections::BTreeSet;
use std::path::Path;

use pairaid::{Article, Pipeline};
use regex::Regex;

fn seeds() -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../shared/seeds");
    let gold = root.join("../shared/eval/seeds.gold.jsonl");
    if dir.is_dir() && gold.is_file() {
        Some((dir, gold))
    } else {
        println!("note: ../shared/seeds or its gold is absent; skipped");
        None
    }
}

fn gold_codes(gold: &Path) -> Vec<(String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(gold).expect("gold readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("gold line is JSON");
            let id = v["article_id"].as_str().expect("article_id").to_string();
            let mut codes = BTreeSet::new();
            for e in v["events"].as_array().expect("events") {
                if let Some(d) = e["donor"].as_str() {
                    codes.insert(d.to_string());
                }
                for r in e["recipients"].as_array().into_iter().flatten() {
                    if let Some(r) = r.as_str() {
                        codes.insert(r.to_string());
                    }
                }
            }
            (id, codes)
        })
        .collect()
}

#[test]
fn gold_donors_and_recipients_are_found() {
    let Some((dir, gold)) = seeds() else { return };
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let mut missing = Vec::new();
    let articles = gold_codes(&gold);
    assert!(!articles.is_empty());
    for (id, codes) in articles {
        let text = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("seed text");
        let doc = pipeline.annotate(Article {
            id: id.clone(),
            text,
            ..Article::default()
        });
        let found: BTreeSet<String> = doc.places.iter().map(|p| p.code.to_string()).collect();
        for code in codes.difference(&found) {
            missing.push(format!("{id}: {code}"));
        }
    }
    assert!(missing.is_empty(), "gold places not found: {missing:?}");
}

#[test]
fn people_and_organisations_are_not_places() {
    let Some((dir, _)) = seeds() else { return };
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let surnames: Vec<String> = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers/surnames.tsv"),
    )
    .expect("surnames readable")
    .lines()
    .skip_while(|l| l.starts_with('#'))
    .skip(1)
    .map(str::to_string)
    .collect();
    let person =
        Regex::new(&format!(r"\b(?:{}) [A-Z][a-z]+\b", surnames.join("|"))).expect("valid regex");
    let generic = Regex::new(r"(?i) (?:county|city|district|prefecture|province|region|league|banner|municipality|autonomous)\b$").expect("valid regex");
    let organisation = Regex::new(
        r"(?:[A-Z][A-Za-z'-]+ ){1,5}(?:University|College|Institute|Academy|Industrial Park|High-tech Industrial Park|Hospital|Group|Company|Bank|Co\.|Co|Ltd)\b",
    )
    .expect("valid regex");
    let mut wrong = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("seed dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("seed text");
        let doc = pipeline.annotate(Article {
            id: path.display().to_string(),
            text: text.clone(),
            ..Article::default()
        });
        for m in person.find_iter(&text) {
            // "Liu Minhe county" would be a place after a word; skip generics.
            let tail = &text[m.end()..text.len().min(m.end() + 14)];
            if generic.is_match(&format!(
                " {}",
                tail.split_whitespace().next().unwrap_or("")
            )) {
                continue;
            }
            for p in &doc.places {
                if !p.in_organization && p.span.start < m.end() && m.start() < p.span.end {
                    wrong.push(format!(
                        "{}: person `{}` -> {}",
                        path.display(),
                        m.as_str(),
                        p.code
                    ));
                }
            }
        }
        for m in organisation.find_iter(&text) {
            for p in &doc.places {
                if !p.in_organization && p.span.start >= m.start() && p.span.end <= m.end() {
                    wrong.push(format!(
                        "{}: organisation `{}` -> {}",
                        path.display(),
                        m.as_str(),
                        p.code
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
