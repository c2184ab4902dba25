//! `--gazetteer DIR` with `NAME.local.tsv` overlays: rows added and
//! overridden, not whole tables replaced. A county missing from the
//! embedded tables is added (with its aliases made from its names), an
//! alias is overridden, an exonym added, and a bad overlay row is reported
//! with its own file and line.

use std::path::Path;

use serde_json::Value;

mod common;
use common::pairaid;

/// He'an County (和安县), set up in Hotan prefecture in December 2024,
/// after the package the embedded tables come from. The code stands in for
/// the official one.
const PLACES: &str = "# a county the embedded tables lack\n\
                      code\tlevel\tparent\tname\tfull_name\tname_zh\n\
                      653228\tcounty\t653200\tHe'an\tHe'an County\t和安县\n";
const ALIASES: &str = "alias\tcode\tsource\nSuzhou\t341300\tlocal: our Suzhou is Anhui's\n";
const EXONYMS: &str = "code\tname\talias\tsource\n653000\tKizilsu\tQizilsu\tlocal spelling\n";

/// (article, text)
const ARTICLES: [(&str, &str); 4] = [
    (
        "en",
        "Jiangsu allocated 20 million yuan to He'an County in Hotan prefecture in 2025.",
    ),
    ("zh", "江苏省2025年向和田地区和安县投入援助资金2000万元。"),
    ("alias", "Shanghai sent 10 doctors to Suzhou in 2020."),
    ("exonym", "Jiangsu sent 10 doctors to Qizilsu in 2020."),
];

/// The first recipient code of each article's first event, extracted with
/// `args`.
fn recipients(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let input: String = ARTICLES
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect();
    let path = dir.join("in.jsonl");
    std::fs::write(&path, input).expect("write the input");
    let out = pairaid()
        .args(["extract", "-q"])
        .arg(&path)
        .args(args)
        .output()
        .expect("pairaid runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut seen = Vec::new();
    for line in String::from_utf8(out.stdout).expect("UTF-8").lines() {
        let e: Value = serde_json::from_str(line).expect("JSON");
        let id = e["article_id"].as_str().expect("id").to_string();
        if seen.iter().any(|(s, _)| *s == id) {
            continue;
        }
        let code = e["recipients"][0]["code"]
            .as_str()
            .unwrap_or("")
            .to_string();
        seen.push((id, code));
    }
    seen
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn overlays_add_and_override_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let before = recipients(dir.path(), &[]);
    assert_eq!(
        before,
        pairs(&[
            ("en", "653200"),
            ("zh", "653200"),
            ("alias", "320500"),
            ("exonym", "")
        ]),
        "the embedded tables"
    );
    let gazetteer = dir.path().join("gaz");
    std::fs::create_dir(&gazetteer).expect("mkdir");
    std::fs::write(gazetteer.join("places.local.tsv"), PLACES).expect("write");
    std::fs::write(gazetteer.join("aliases.local.tsv"), ALIASES).expect("write");
    std::fs::write(gazetteer.join("exonyms.local.tsv"), EXONYMS).expect("write");
    let after = recipients(
        dir.path(),
        &["--gazetteer", gazetteer.to_str().expect("path")],
    );
    assert_eq!(
        after,
        pairs(&[
            ("en", "653228"),
            ("zh", "653228"),
            ("alias", "341300"),
            ("exonym", "653000")
        ]),
        "the overlays"
    );

    // The added county's names come from its row.
    let out = pairaid()
        .args(["places", "和安县 and He'an County", "--gazetteer"])
        .arg(&gazetteer)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches(r#""code":"653228""#).count(), 2, "{text}");
}

#[test]
fn a_bad_overlay_row_names_its_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("places.local.tsv"),
        "code\tlevel\tparent\tname\tfull_name\tname_zh\n65322\tcounty\t653200\tX\tX\tX\n",
    )
    .expect("write");
    let out = pairaid()
        .args(["places", "x", "--gazetteer"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("places.local.tsv:2"), "{stderr}");

    std::fs::write(
        dir.path().join("places.local.tsv"),
        "code\tpopulation\n653228\t1\n",
    )
    .expect("write");
    let out = pairaid()
        .args(["places", "x", "--gazetteer"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("population"), "{stderr}");
}
