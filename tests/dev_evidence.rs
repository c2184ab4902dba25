//! On the real development articles (`../shared/dev`, skipped when absent):
//! every event's evidence is the original text at its byte span, also in
//! the articles written in traditional characters, with pinyin glosses and
//! full-width forms, that the reading view rewrites.

use std::path::Path;

use pairaid::{Article, Pipeline};

/// Characters only traditional script writes (their simplified forms differ).
const TRADITIONAL_MARKS: &[char] = &['對', '億', '萬', '資', '縣', '項', '幫', '來'];

#[test]
fn every_evidence_span_is_the_original_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dev/articles");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: ../shared/dev is absent; skipped");
        return;
    };
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let (mut events, mut traditional_events) = (0, 0);
    for entry in entries {
        let path = entry.expect("dev entry").path();
        let text = std::fs::read_to_string(&path).expect("dev articles are UTF-8");
        let id = path.file_stem().expect("a file name").to_string_lossy();
        let traditional = text.contains(TRADITIONAL_MARKS);
        let doc = pipeline.extract(Article {
            id: id.to_string(),
            text: text.clone(),
            ..Article::default()
        });
        for e in &doc.events {
            let original = text.get(e.evidence.start..e.evidence.end);
            assert_eq!(original, Some(e.evidence.text.as_str()), "{}", e.id);
            events += 1;
            traditional_events += usize::from(traditional);
        }
    }
    assert!(events > 300, "only {events} events on the dev set");
    assert!(
        traditional_events > 30,
        "only {traditional_events} events on traditional articles"
    );
}
