use super::*;
use crate::{Article, Pipeline};

fn events(text: &str, published: Option<&str>) -> Vec<Event> {
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    pipeline
        .extract(Article {
            id: "t".into(),
            text: text.into(),
            published: published.and_then(crate::document::Date::parse_iso),
            ..Article::default()
        })
        .events
}

#[test]
fn values_round_to_three_significant_digits() {
    for (value, rounded) in [
        (0, 0),
        (7, 7),
        (999, 999),
        (1_004, 1_000),
        (1_005, 1_010),
        (622_310_000, 622_000_000),
        (1_785_000_000, 1_790_000_000),
    ] {
        assert_eq!(three_digits(value), rounded, "{value}");
    }
}

#[test]
fn items_of_a_breakdown_point_to_their_total() {
    let got = events(
        "Suzhou allocated 900 million yuan in 2022 for pairing assistance. It included 500 million yuan to Kashgar and 300 million yuan for Lhasa.",
        None,
    );
    let summary: Vec<(u64, Option<&str>, bool)> = got
        .iter()
        .map(|e| {
            (
                e.quantity.as_ref().map_or(0, |q| q.value),
                e.totals.part_of.as_deref(),
                e.totals.aggregate,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (900_000_000, None, true),
            (500_000_000, Some("t#1"), false),
            (300_000_000, Some("t#1"), false)
        ]
    );
    assert!(got.iter().all(|e| e.totals.scope == Scope::Annual));
}

fn annotate(text: &str) -> Document {
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    pipeline.annotate(Article {
        id: "t".into(),
        text: text.into(),
        ..Article::default()
    })
}

#[test]
fn period_time_examples_close_a_range() {
    for (rule, word, example) in PERIOD_TIMES {
        let doc = annotate(example);
        assert!(
            doc.times
                .iter()
                .any(|t| t.rule == *rule && t.span.of(&doc.text).contains(word)),
            "{rule} {word}: {example}"
        );
    }
}

#[test]
fn done_word_examples_end_the_plan_for_the_second_amount() {
    for (word, example) in DONE_WORDS {
        let doc = annotate(example);
        let [first, .., last] = doc.quantities.as_slice() else {
            panic!("two amounts in {example}");
        };
        assert!(plan_governs(&doc, 0, first.span.start), "plan: {example}");
        assert!(!plan_governs(&doc, 0, last.span.start), "{word}: {example}");
    }
}

#[test]
fn a_plan_stays_out_of_sums_and_its_completion_counts() {
    let got = events(
        "Ningbo plans to invest 80 million yuan in Qianxinan in 2024. In 2024, Ningbo allocated 76 million yuan to Qianxinan.",
        None,
    );
    let summary: Vec<(Status, Scope, bool)> = got
        .iter()
        .map(|e| (e.totals.status, e.totals.scope, e.totals.aggregate))
        .collect();
    assert_eq!(
        summary,
        [
            (Status::Planned, Scope::Annual, false),
            (Status::Reported, Scope::Annual, true)
        ]
    );
}
