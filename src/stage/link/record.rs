//! Drafts to event records: one event per fact (a figure restated in the
//! headline, the lead and the body is one event), ordered by evidence, with
//! ids, and every span mapped back to the original text.

use rustc_hash::FxHashMap as HashMap;

use crate::document::{Document, PlaceCode, Qualifier, Span};
use crate::event::{AltRecord, Event, EventType, Evidence, PlaceRef, QuantityRecord, SCHEMA};
use crate::gazetteer::Gazetteer;

use super::Actor;
use super::time::When;

/// An event before ids and ordering.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The event type.
    pub kind: EventType,
    /// Who gives.
    pub donor: Option<Actor>,
    /// Who receives.
    pub recipients: Vec<Actor>,
    /// The amount (index into `Document::quantities`); `None` for a pairing.
    pub quantity: Option<usize>,
    /// When.
    pub when: When,
    /// The sentence it was read from.
    pub sentence: Span,
    /// Where in the sentence (the amount, or the first place of a pairing).
    pub anchor: usize,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// The frame, and the fallbacks, that made it.
    pub rule: String,
}

/// The fact an event states: donor, recipients and amount.
type FactKey<'q> = (Option<PlaceCode>, Vec<PlaceCode>, Option<(&'q str, u64)>);

fn fact_key<'q>(doc: &'q Document, d: &Draft) -> FactKey<'q> {
    let mut recipients: Vec<PlaceCode> = d.recipients.iter().map(|a| a.code).collect();
    recipients.sort_unstable();
    recipients.dedup();
    (
        d.donor.as_ref().map(|a| a.code),
        recipients,
        d.quantity
            .map(|q| (doc.quantities[q].unit.as_str(), doc.quantities[q].value)),
    )
}

/// A headline restates a body figure, often rounded ("tops 3 billion
/// yuan" over "3.02 billion yuan"): a headline amount with a body twin
/// (the same unit, and the same donor where both name one) is dropped.
/// A twin lies within 5 % of an exact headline figure, within 10 % of an
/// approximate one, and up to 20 % above one written as a floor ("超百亿元"
/// over 107.3亿元, "50多亿元" over 53.6亿元).
/// The headline is one of the first lines without sentence punctuation
/// (a line of keywords may stand over it on a mirror page).
fn drop_rounded_headline_figures(doc: &Document, drafts: &mut Vec<Draft>) {
    let Some(head_end) = headline_block_end(doc) else {
        return;
    };
    let keys: Vec<FactKey> = drafts.iter().map(|d| fact_key(doc, d)).collect();
    let hedge = |i: usize| drafts[i].quantity.map(|q| doc.quantities[q].qualifier);
    let twin_in_body = |i: usize| {
        keys.iter().enumerate().any(|(j, other)| {
            drafts[j].sentence.start >= head_end
                && (other.0 == keys[i].0 || other.0.is_none() || keys[i].0.is_none())
                && match (&keys[i].2, &other.2) {
                    (Some((unit, v)), Some((other_unit, w))) => {
                        unit == other_unit && restates(hedge(i), *v, *w)
                    }
                    _ => false,
                }
        })
    };
    let drop: Vec<bool> = (0..drafts.len())
        .map(|i| {
            drafts[i].sentence.end <= head_end && drafts[i].quantity.is_some() && twin_in_body(i)
        })
        .collect();
    let mut flags = drop.into_iter();
    drafts.retain(|_| !flags.next().unwrap_or(false));
}

/// Where the headline lines end: the first lines (at most two), each a
/// paragraph of its own without sentence punctuation; `None` when the
/// article opens with a sentence.
fn headline_block_end(doc: &Document) -> Option<usize> {
    let headline = |i: usize| {
        let (s, next) = (doc.sentences.get(i)?, doc.sentences.get(i + 1)?);
        let line = s.span.of(&doc.text).trim_end();
        (next.paragraph != s.paragraph && !line.ends_with(['.', '。', '!', '?', '"', '\u{201d}']))
            .then_some(s.span.end)
    };
    let first = headline(0)?;
    Some(headline(1).unwrap_or(first))
}

/// Whether a body figure `w` restates a headline figure `v` written with
/// `hedge`: up to 20 % above "more than v", within 10 % of "about v",
/// within 5 % otherwise.
fn restates(hedge: Option<Qualifier>, v: u64, w: u64) -> bool {
    // In u128: a value near u64::MAX overflows the product.
    let (v, w) = (u128::from(v), u128::from(w));
    match hedge {
        Some(Qualifier::AtLeast) => w >= v && (w - v) * 5 <= v,
        Some(Qualifier::Approx) => v.abs_diff(w) * 10 <= v.max(w),
        _ => v.abs_diff(w) * 20 <= v.max(w),
    }
}

/// A figure restated with a more specific receiver ("投入援青资金30.98亿元"
/// in a deck under the headline, "对口支援海西州 ... 投入援青资金30.98亿元"
/// in the lead) is one fact: the reading whose receivers lie inside the
/// other's (or that names none) takes the specific ones, when its own
/// sentence names them. Only for the
/// same giver, the exact same amount, and sentences apart; a count must
/// be large enough not to repeat by chance.
fn adopt_specific_recipients(doc: &Document, gazetteer: &Gazetteer, drafts: &mut [Draft]) {
    let amount = |d: &Draft| {
        let q = &doc.quantities[d.quantity?];
        let distinctive = q.kind == crate::document::QuantityKind::Money || q.value >= 10;
        distinctive.then_some((q.unit.as_str(), q.value))
    };
    // The specific receivers must be named in their own sentence: a
    // receiver a fallback guessed restates nothing.
    let inside = |general: &[Actor], specific: &[Actor], sentence: Span| {
        !specific.is_empty()
            && specific
                .iter()
                .all(|s| sentence.contains(s.span) && !s.span.is_empty())
            && specific.iter().all(|s| {
                general.is_empty()
                    || general
                        .iter()
                        .any(|g| gazetteer.is_ancestor(g.code, s.code))
            })
    };
    for i in 0..drafts.len() {
        let (Some(key), Some(giver)) = (amount(&drafts[i]), drafts[i].donor.as_ref()) else {
            continue;
        };
        let giver = giver.code;
        let specific = drafts.iter().find(|o| {
            o.sentence != drafts[i].sentence
                && amount(o) == Some(key)
                && o.donor.as_ref().is_some_and(|d| d.code == giver)
                && inside(&drafts[i].recipients, &o.recipients, o.sentence)
        });
        if let Some(found) = specific.map(|o| o.recipients.clone()) {
            drafts[i].recipients = found;
        }
    }
}

/// A total with no receiver of its own whose items follow it and add up
/// to it exactly ("累计安排资金34.15亿元,其中:安顺11.04亿元、陇南15.66亿元、
/// 菏泽7.45亿元") went to the receivers of its items: a complete breakdown
/// names every one. The items are the amounts of the same unit and giver
/// that follow it, in order, each with receivers; two at least.
fn recipients_from_items(doc: &Document, drafts: &mut [Draft]) {
    let amount = |d: &Draft| d.quantity.map(|q| &doc.quantities[q]);
    for i in 0..drafts.len() {
        let (Some(total), Some(giver)) = (amount(&drafts[i]), drafts[i].donor.as_ref()) else {
            continue;
        };
        if !drafts[i].recipients.is_empty() {
            continue;
        }
        let giver = giver.code;
        let mut sum: u128 = 0;
        let mut found: Vec<Actor> = Vec::new();
        let mut items = 0;
        for d in drafts[i + 1..].iter().filter(|d| d.quantity.is_some()) {
            let q = amount(d).expect("filtered to amounts");
            let same_giver = d.donor.as_ref().is_some_and(|a| a.code == giver);
            if q.unit != total.unit || !same_giver || d.recipients.is_empty() {
                break;
            }
            sum += u128::from(q.value);
            items += 1;
            for r in &d.recipients {
                if !found.iter().any(|f| f.code == r.code) {
                    found.push(r.clone());
                }
            }
            if sum * 200 >= u128::from(total.value) * 199 {
                break;
            }
        }
        let value = u128::from(total.value);
        if items >= 2 && sum.abs_diff(value) * 200 <= value {
            drafts[i].recipients = found;
            drafts[i].rule.push_str("+item-recipients");
        }
    }
}

fn place_ref(doc: &Document, gazetteer: &Gazetteer, actor: &Actor) -> PlaceRef {
    let place = gazetteer.place(actor.code);
    let mention = if actor.span.is_empty() {
        place.map_or("", |p| p.name.as_str())
    } else {
        doc.original_text(actor.span)
    };
    PlaceRef {
        code: format!("{:06}", actor.code),
        name: place.map_or_else(String::new, |p| p.name.clone()),
        level: place.map_or("county", |p| p.level.as_str()).to_string(),
        mention: mention.to_string(),
    }
}

/// For each draft, the draft kept for its fact: the best-supported of
/// those with the same giver, receivers and amount. Two years make two
/// facts of a flow ("2022年 ... 9.6亿元" and "今年计划 ... 不少于9.6亿元"); a
/// reading with no year joins the first year its fact was stated with.
fn one_per_fact(doc: &Document, drafts: &[Draft]) -> Vec<usize> {
    let keys: Vec<FactKey> = drafts.iter().map(|d| fact_key(doc, d)).collect();
    let mut best: HashMap<(&FactKey, Option<i32>), usize> = HashMap::default();
    let mut first_year: HashMap<&FactKey, i32> = HashMap::default();
    // A relationship restated with a year is one relationship.
    let year_of = |i: usize| drafts[i].when.year.filter(|_| drafts[i].quantity.is_some());
    for (i, key) in keys.iter().enumerate() {
        if let Some(year) = year_of(i) {
            first_year.entry(key).or_insert(year);
        }
    }
    let groups: Vec<(&FactKey, Option<i32>)> = (0..drafts.len())
        .map(|i| {
            (
                &keys[i],
                year_of(i).or_else(|| first_year.get(&keys[i]).copied()),
            )
        })
        .collect();
    for (i, group) in groups.iter().enumerate() {
        let slot = best.entry(*group).or_insert(i);
        if drafts[i].confidence > drafts[*slot].confidence {
            *slot = i;
        }
    }
    groups.iter().map(|group| best[group]).collect()
}

/// Keeps one event per fact (the best-supported reading, with the year or
/// start year any restatement gave), orders by evidence, assigns ids.
pub fn finish(doc: &Document, gazetteer: &Gazetteer, mut drafts: Vec<Draft>) -> Vec<Event> {
    drafts.sort_by_key(|d| (d.sentence.start, d.anchor, d.kind));
    drop_rounded_headline_figures(doc, &mut drafts);
    adopt_specific_recipients(doc, gazetteer, &mut drafts);
    recipients_from_items(doc, &mut drafts);
    let kept_in = one_per_fact(doc, &drafts);
    let mut merged: Vec<When> = vec![When::default(); drafts.len()];
    for (d, &keep) in drafts.iter().zip(&kept_in) {
        merged[keep].year = merged[keep].year.or(d.when.year);
        merged[keep].since = merged[keep].since.or(d.when.since);
    }
    drafts
        .iter()
        .enumerate()
        .filter(|(i, _)| kept_in[*i] == *i)
        .enumerate()
        .map(|(n, (i, d))| {
            let q = d.quantity.map(|q| &doc.quantities[q]);
            Event {
                schema: SCHEMA.to_string(),
                id: format!("{}#{}", doc.id, n + 1),
                article_id: doc.id.clone(),
                kind: d.kind,
                donor: d.donor.as_ref().map(|a| place_ref(doc, gazetteer, a)),
                // Two names of one place (Qira and Cele) are one recipient.
                recipients: d
                    .recipients
                    .iter()
                    .enumerate()
                    .filter(|(k, a)| d.recipients[..*k].iter().all(|b| b.code != a.code))
                    .map(|(_, a)| place_ref(doc, gazetteer, a))
                    .collect(),
                role: q
                    .filter(|q| q.unit == "person")
                    .and_then(|q| q.role.clone()),
                quantity: q.map(|q| QuantityRecord {
                    value: q.value,
                    unit: q.unit.clone(),
                    qualifier: q.qualifier,
                    mention: doc.original_text(q.span).to_string(),
                    alt: q.alt.as_ref().map(|a| AltRecord {
                        value: a.value,
                        unit: a.unit.clone(),
                        mention: doc.original_text(a.span).to_string(),
                    }),
                    min: q.min,
                    max: q.max,
                }),
                year: d.when.year.or(merged[i].year),
                since: d.when.since.or(merged[i].since),
                evidence: Evidence::of(doc.original_span(d.sentence), doc.original()),
                confidence: (d.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
                rule: d.rule.clone(),
                totals: Default::default(),
            }
        })
        .collect()
}
