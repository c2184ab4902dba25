//! The per-article stages. Each reads the `Document` and adds one layer;
//! none modifies the text or another stage's layer. They run in this order:
//! normalize → clean → segment → places → quantities → dates → chunk → link →
//! totals (which reads link's events and sets how each enters a sum).

pub mod chunk;
pub mod clean;
pub mod dates;
pub mod link;
pub mod normalize;
pub mod places;
pub mod quantities;
pub mod segment;
pub mod totals;

/// Whether `s` holds one of the two non-ASCII characters that Unicode
/// case-insensitive patterns (`(?i)`) match for an ASCII letter: `ſ`
/// (U+017F, for `s`) and the Kelvin sign (U+212A, for `k`). Where it does
/// not, an ASCII case-insensitive literal scan finds every place such a
/// pattern's words can match, so it can decide whether to run the pattern.
pub(crate) fn folds_into_ascii(s: &str) -> bool {
    !s.is_ascii() && s.contains(['\u{17f}', '\u{212a}'])
}
