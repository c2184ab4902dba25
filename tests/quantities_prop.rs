//! Property tests for the quantities stage: any text is read without panics,
//! and every span is a well-formed, in-order slice of the text.

use pairaid::knowledge::TableSource;
use pairaid::stage::quantities::{Lexicon, read_text};
use proptest::prelude::*;
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON
        .get_or_init(|| Lexicon::load(&TableSource::embedded()).unwrap_or_else(|e| panic!("{e}")))
}

/// Pieces that exercise the reader: digits, separators, scales, currencies,
/// hedges, CJK numerals and classifiers, count nouns, brackets.
const PIECES: &[&str] = &[
    "0",
    "1",
    "5",
    "9",
    "12",
    "2022",
    "1,843",
    ".58",
    ",",
    ".",
    "-",
    "–",
    " ",
    "  ",
    "(",
    ")",
    "（",
    "）",
    "million",
    "billion",
    "bn",
    "m",
    "thousand",
    "万",
    "亿",
    "千",
    "百",
    "yuan",
    "元",
    "$",
    "US$",
    "HK$",
    "¥",
    "RMB",
    "USD",
    "dollars",
    "美元",
    "more than",
    "about",
    "近",
    "约",
    "余",
    "多",
    "以上",
    "or more",
    "-plus",
    "一",
    "二",
    "两",
    "十",
    "零",
    "九",
    "名",
    "个",
    "户",
    "家",
    "人",
    "干部",
    "项目",
    "cadres",
    "people",
    "persons of",
    "technical",
    "talents",
    "%",
    "percent",
    "kWh",
    "-acre",
    "years",
    "each",
    "per capita",
    "income",
    "average",
    "between",
    "and",
    "to",
    "至",
    "No.",
    "第",
    "G",
    "th",
    "é",
    "😀",
    "\u{0301}",
    "“",
    "”",
    "\"",
    "five",
    "twenty",
    "hundred",
    "a dozen",
    "in",
    "since",
    "年",
    "。",
    "，",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let found = read_text(text, lexicon());
    let mut last_start = 0;
    for q in &found {
        prop_assert!(q.span.start <= q.span.end && q.span.end <= text.len());
        prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        let mention = &text[q.span.start..q.span.end];
        prop_assert!(!mention.is_empty(), "empty mention in {text:?}");
        prop_assert!(q.span.start >= last_start, "spans out of order in {text:?}");
        last_start = q.span.start;
        if let Some(h) = q.qualifier_span {
            prop_assert!(h.start <= h.end && h.end <= text.len());
            prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        }
        if let Some(alt) = &q.alt {
            prop_assert!(alt.span.start <= alt.span.end && alt.span.end <= text.len());
            prop_assert!(
                text.is_char_boundary(alt.span.start) && text.is_char_boundary(alt.span.end)
            );
            prop_assert!(!alt.span.overlaps(q.span));
        }
        if let (Some(lo), Some(hi)) = (q.min, q.max) {
            prop_assert!(lo <= hi);
            prop_assert_eq!(q.value, lo);
        }
        prop_assert!(!q.unit.is_empty());
        prop_assert!(!q.rule.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn number_soup_never_panics(text in pieces()) {
        check(&text)?;
    }

    #[test]
    fn mixed_ascii_and_cjk(text in "[0-9,. \\-a-z$¥元万亿千百一二三十名个户(（)）%]{0,40}") {
        check(&text)?;
    }
}

#[test]
fn lexicon_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Lexicon>();
}
