//! One-character province abbreviations (闽 Fujian, 宁 Ningxia). Alone they
//! are ordinary characters (宁可, 青年), so they count only in a compound of
//! two or more next to a cooperation word (闽宁协作, 京津冀协同), or before
//! a word such as 籍 (闽籍企业), or after a verb of going (赴甘, 入川). Each character is one place mention.

use crate::document::{Document, PlaceCode, PlaceMention, Span};
use crate::gazetteer::{AbbreviationContext, ChineseContext, Gazetteer};

/// A run of consecutive abbreviations outside the places found.
struct Run {
    span: Span,
    /// Each character's span and province.
    members: Vec<(Span, PlaceCode)>,
}

/// Runs of abbreviation characters that no place covers, each province
/// at most once in a run.
fn find_runs(doc: &Document, places: &[PlaceMention], chinese: &ChineseContext) -> Vec<Run> {
    let text = doc.text.as_str();
    let mut runs: Vec<Run> = Vec::new();
    let mut open = false;
    for (pos, c) in text.char_indices() {
        let span = Span::new(pos, pos + c.len_utf8());
        let code = chinese
            .abbreviation(c)
            .filter(|_| !places.iter().any(|p| p.span.overlaps(span)) && !doc.is_skipped(pos));
        let Some(code) = code else {
            open = false;
            continue;
        };
        match runs.last_mut() {
            Some(run) if open && !run.members.iter().any(|&(_, m)| m == code) => {
                run.span.end = span.end;
                run.members.push((span, code));
            }
            _ => runs.push(Run {
                span,
                members: vec![(span, code)],
            }),
        }
        open = true;
    }
    runs
}

/// Whether a run is no pair of provinces: a guard word overlaps it (苏宁,
/// 沪宁) or it is a county's short name (青川, 宁陕).
fn is_ordinary(text: &str, run: &Run, gazetteer: &Gazetteer) -> bool {
    let chinese = gazetteer.chinese();
    let guarded = !chinese
        .guards_near(text, run.span.start, run.span.end)
        .is_empty();
    guarded
        || gazetteer
            .matcher()
            .short_forms()
            .position(run.span.of(text))
            .is_some()
}

/// Whether the context makes the run's characters places.
fn in_cooperation_context(text: &str, run: &Run, chinese: &ChineseContext) -> Option<f32> {
    let (head, tail) = (&text[..run.span.start], &text[run.span.end..]);
    let compound = run.members.len() >= 2
        && (chinese
            .cooperation_after(tail, AbbreviationContext::After)
            .is_some()
            || chinese
                .cooperation_before(head, AbbreviationContext::Before)
                .is_some());
    if compound {
        return Some(0.8);
    }
    let single = chinese
        .cooperation_after(tail, AbbreviationContext::Single)
        .is_some();
    let led = run.members.len() == 1
        && chinese
            .cooperation_before(head, AbbreviationContext::Lead)
            .is_some();
    (single || led).then_some(0.7)
}

/// The province abbreviations of `doc` that the context makes places.
pub(super) fn find(
    doc: &Document,
    places: &[PlaceMention],
    gazetteer: &Gazetteer,
) -> Vec<PlaceMention> {
    let (text, chinese) = (doc.text.as_str(), gazetteer.chinese());
    let mut out = Vec::new();
    for run in find_runs(doc, places, chinese) {
        if is_ordinary(text, &run, gazetteer) {
            continue;
        }
        let Some(confidence) = in_cooperation_context(text, &run, chinese) else {
            continue;
        };
        out.extend(run.members.iter().map(|&(span, code)| PlaceMention {
            span,
            code,
            candidates: vec![code],
            reason: "abbreviation",
            confidence,
            in_organization: false,
        }));
    }
    out
}
