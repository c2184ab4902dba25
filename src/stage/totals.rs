//! Totals: what each finished event is worth in a sum, so that totals never
//! count one flow twice. Runs after link, over an article's events and the
//! layers the document already has (breakdown and plan words in the chunk
//! layer, the times that gave a year or a start year, per-period amounts),
//! and sets the added fields of [`Totals`]: `part_of`, `scope`, `status`,
//! `flow_key` and `aggregate`. It reads no other article: equal flows across
//! articles share a `flow_key`, and the sinks count each key once.

use std::collections::HashSet;

use crate::document::{Document, Span, TimeValue};
use crate::event::{Event, Scope, Status, Totals};
use crate::stage::chunk::Chunk;
use crate::stage::chunk::lexicon::Word;

/// Time rules (of the dates stage) whose start year closes a range rather
/// than opening a running total: (rule, a word the mention holds, example).
pub const PERIOD_TIMES: &[(&str, &str, &str)] = &[
    ("year-range", "", "between 2016 and 2020"),
    ("period", "", "during the 13th Five-Year Plan period"),
    ("chinese-since", "至", "2016年至2020年"),
    ("chinese-since", "到", "2016年到2020年"),
];

/// Words between a plan word and an amount that say the amount is done
/// after all: (word, example).
pub const DONE_WORDS: &[(&str, &str)] = &[
    (
        "complet",
        "planned to invest 50 million yuan and has completed 42 million yuan",
    ),
    ("完成", "计划投资5000万元,已完成4200万元"),
    ("已", "拟安排资金3亿元,目前已拨付2.4亿元"),
    (
        "so far",
        "will invest 50 million yuan and has so far paid 20 million yuan",
    ),
    (
        "actual",
        "plans to send 30 doctors and actually sent 28 doctors",
    ),
    ("实际", "计划选派30名医生,实际选派28名"),
];

/// How far back a breakdown looks for its total, in sentences.
const TOTAL_REACH: usize = 2;

/// One event as this stage sees it: where its amount and sentence are.
#[derive(Debug, Clone, Copy)]
struct Placed {
    /// The amount's index in `Document::quantities`.
    amount: Option<usize>,
    /// The evidence sentence's index in `Document::sentences`.
    sentence: Option<usize>,
}

/// Sets the [`Totals`] of an article's events (ordered by evidence, as
/// link returns them).
pub fn mark(doc: &Document, events: &mut [Event]) {
    let placed: Vec<Placed> = events.iter().map(|e| place(doc, e)).collect();
    let computed: Vec<Totals> = (0..events.len())
        .map(|i| Totals {
            part_of: total_of(doc, events, &placed, i).map(|t| events[t].id.clone()),
            scope: scope(doc, &events[i], placed[i]),
            status: status(doc, &events[i], placed[i]),
            flow_key: flow_key(&events[i]),
            aggregate: false,
        })
        .collect();
    for (event, totals) in events.iter_mut().zip(computed) {
        event.totals = totals;
    }
    mark_aggregates(events);
}

/// `aggregate`: an amount, reported, no rate, no item of a total, and the
/// first event of its `flow_key` in the article (later ones restate it:
/// headline, lead and body).
fn mark_aggregates(events: &mut [Event]) {
    let mut seen: HashSet<String> = HashSet::new();
    for event in events {
        let t = &event.totals;
        let countable = event.quantity.is_some()
            && t.status == Status::Reported
            && t.scope != Scope::Rate
            && t.part_of.is_none();
        let first = match &t.flow_key {
            Some(key) => countable && seen.insert(key.clone()),
            None => countable,
        };
        event.totals.aggregate = first;
    }
}

/// Finds the event's amount and sentence in the document's layers.
fn place(doc: &Document, event: &Event) -> Placed {
    let evidence = Span::new(event.evidence.start, event.evidence.end);
    let sentence = doc
        .sentences
        .iter()
        .position(|s| doc.original_span(s.span) == evidence);
    let amount = event.quantity.as_ref().and_then(|q| {
        doc.quantities.iter().position(|m| {
            evidence.contains(doc.original_span(m.span))
                && m.value == q.value
                && m.unit == q.unit
                && doc.original_text(m.span) == q.mention
        })
    });
    Placed { amount, sentence }
}

/// The chunks of sentence `s`.
fn chunks_of(doc: &Document, s: usize) -> &[Chunk] {
    let from = doc.chunks.partition_point(|c| c.sentence < s);
    let to = doc.chunks.partition_point(|c| c.sentence <= s);
    &doc.chunks[from..to]
}

/// Where the breakdown that governs an amount at `at` in sentence `s`
/// starts: the last breakdown word before it in the sentence, else one
/// that ends the sentence before ("其中:" on its own line).
fn breakdown_before(doc: &Document, s: usize, at: usize) -> Option<usize> {
    let is_breakdown = |c: &Chunk| c.is(|w| w == Word::Breakdown);
    if let Some(c) = chunks_of(doc, s)
        .iter()
        .rev()
        .find(|c| c.span.end <= at && is_breakdown(c))
    {
        return Some(c.span.start);
    }
    let previous = chunks_of(doc, s.checked_sub(1)?);
    let last_word = previous
        .iter()
        .rev()
        .find(|c| !c.is(|w| w == Word::Colon))?;
    is_breakdown(last_word).then_some(last_word.span.start)
}

/// `part_of`: the total an item belongs to. The item's amount follows a
/// breakdown word; the total is the nearest amount before that word, at
/// most [`TOTAL_REACH`] sentences back, in the same unit, at least as
/// large, and of the same donor where both name one.
fn total_of(doc: &Document, events: &[Event], placed: &[Placed], i: usize) -> Option<usize> {
    let (q, s) = (placed[i].amount?, placed[i].sentence?);
    let item = &doc.quantities[q];
    let cut = breakdown_before(doc, s, item.span.start)?;
    let donor = |e: &Event| e.donor.as_ref().map(|d| d.code.clone());
    (0..events.len())
        .filter(|&j| j != i)
        .filter_map(|j| {
            let (tq, ts) = (placed[j].amount?, placed[j].sentence?);
            let total = &doc.quantities[tq];
            let fits = total.span.end <= cut
                && ts + TOTAL_REACH >= s
                && total.unit == item.unit
                && total.value >= item.value
                && (donor(&events[j]) == donor(&events[i])
                    || donor(&events[j]).is_none()
                    || donor(&events[i]).is_none());
            fits.then_some((total.span.start, j))
        })
        .max()
        .map(|(_, j)| j)
}

/// `scope`: a rate when the amount is given per period; else what the
/// time that fixed its start year or year says.
fn scope(doc: &Document, event: &Event, placed: Placed) -> Scope {
    if event.quantity.is_none() {
        return Scope::Unknown;
    }
    if placed
        .amount
        .is_some_and(|q| doc.quantities[q].rate.is_some())
    {
        return Scope::Rate;
    }
    let times_of_sentence = || {
        placed.sentence.into_iter().flat_map(|s| {
            let span = doc.sentences[s].span;
            crate::document::times_in(&doc.times, span)
        })
    };
    if let Some(since) = event.since {
        let closes_range = times_of_sentence().any(|t| {
            t.value == TimeValue::Since(since)
                && PERIOD_TIMES
                    .iter()
                    .any(|(rule, word, _)| t.rule == *rule && t.span.of(&doc.text).contains(word))
        });
        return if closes_range {
            Scope::Period
        } else {
            Scope::Cumulative
        };
    }
    if event.year.is_some() {
        return Scope::Annual;
    }
    if times_of_sentence().any(|t| t.value == TimeValue::Cumulative) {
        return Scope::Cumulative;
    }
    Scope::Unknown
}

/// `status`: planned when a plan word ("will", "plans to", "计划", "拟")
/// stands before the amount in its clause with no word of completion
/// between, or when the flow's year lies after the publication year.
fn status(doc: &Document, event: &Event, placed: Placed) -> Status {
    let future = match (event.year, doc.published) {
        (Some(year), Some(published)) => year > published.year,
        _ => false,
    };
    let planned_here = match (placed.amount, placed.sentence) {
        (Some(q), Some(s)) => plan_governs(doc, s, doc.quantities[q].span.start),
        _ => false,
    };
    if future || planned_here {
        Status::Planned
    } else {
        Status::Reported
    }
}

/// Whether a plan word before `at` in sentence `s` still governs it: no
/// clause break between (in Chinese, no comma either) and no word of
/// completion.
fn plan_governs(doc: &Document, s: usize, at: usize) -> bool {
    let chunks = chunks_of(doc, s);
    let Some(k) = chunks
        .iter()
        .rposition(|c| c.span.end <= at && c.is(|w| w == Word::Plan))
    else {
        return false;
    };
    let chinese = crate::token::han_outnumbers_latin(doc.sentences[s].span.of(&doc.text));
    let breaks = chunks[k + 1..]
        .iter()
        .take_while(|c| c.span.end <= at)
        .any(|c| c.is(|w| w == Word::Break || (chinese && w == Word::Comma)));
    let between = &doc.text[chunks[k].span.end..at];
    !breaks && !DONE_WORDS.iter().any(|(word, _)| between.contains(word))
}

/// `flow_key`: `DONOR>RECIPIENTS:UNIT:VALUE:WHEN`, recipients sorted and
/// joined by `+`, the value rounded to 3 significant digits, WHEN the year,
/// `since` and the start year, or `-`. `None` for a pairing, and for an
/// amount with neither donor nor recipient (nothing ties two such reports
/// to one flow).
pub fn flow_key(event: &Event) -> Option<String> {
    let q = event.quantity.as_ref()?;
    if event.donor.is_none() && event.recipients.is_empty() {
        return None;
    }
    let donor = event.donor.as_ref().map_or("-", |d| d.code.as_str());
    let mut recipients: Vec<&str> = event.recipients.iter().map(|r| r.code.as_str()).collect();
    recipients.sort_unstable();
    recipients.dedup();
    let recipients = if recipients.is_empty() {
        "-".to_string()
    } else {
        recipients.join("+")
    };
    let when = match (event.since, event.year) {
        (Some(since), _) => format!("since{since}"),
        (None, Some(year)) => year.to_string(),
        (None, None) => "-".to_string(),
    };
    let value = three_digits(q.value);
    Some(format!("{donor}>{recipients}:{}:{value}:{when}", q.unit))
}

/// `value` rounded to 3 significant digits (half up): 622310000 → 622000000.
pub fn three_digits(value: u64) -> u64 {
    let digits = value.checked_ilog10().unwrap_or(0) + 1;
    if digits <= 3 {
        return value;
    }
    let unit = 10u64.pow(digits - 3);
    (value / unit + u64::from(value % unit >= unit / 2)) * unit
}

#[cfg(test)]
mod tests;
