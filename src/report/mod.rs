//! `pairaid report`: one self-contained HTML file that shows a set of
//! events: a flow diagram from donor provinces to recipient provinces
//! (widths by yuan), yuan and people sent by year, the top pairs, and a
//! searchable table of every event with its evidence. Its sums follow the
//! rules of the SQLite `flows` view ([`counted_flows`]): aggregate events
//! only, each `flow_key` once, a joint amount once for its group of
//! recipients, one scope at a time. The page needs no network: its
//! script and style are inlined (`src/report/page.js`, `page.css`).

mod html;
pub mod read;
#[cfg(feature = "sqlite")]
mod read_sqlite;

use std::collections::BTreeMap;

use crate::event::{Event, EventType, Scope};
use crate::gazetteer::Gazetteer;

pub use read::{ReadError, read_events};

/// One flow counted in sums: the event that stands for its `flow_key`
/// (the smallest id, as in SQL `MIN(id)`) and how many articles report it.
#[derive(Debug, Clone)]
pub struct CountedFlow<'e> {
    /// The event that stands for the flow.
    pub event: &'e Event,
    /// Articles that report it.
    pub articles: usize,
}

/// The flows a sum counts: aggregate events, each `flow_key` (else each
/// event) once, in id order.
pub fn counted_flows(events: &[Event]) -> Vec<CountedFlow<'_>> {
    let mut by_flow: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in events.iter().filter(|e| e.totals.aggregate) {
        let key = e.totals.flow_key.as_deref().unwrap_or(&e.id);
        by_flow.entry(key).or_default().push(e);
    }
    let mut flows: Vec<CountedFlow<'_>> = by_flow
        .values()
        .map(|told| {
            let mut articles: Vec<&str> = told.iter().map(|e| e.article_id.as_str()).collect();
            articles.sort_unstable();
            articles.dedup();
            CountedFlow {
                event: told
                    .iter()
                    .min_by_key(|e| e.id.as_str())
                    .expect("a group has events"),
                articles: articles.len(),
            }
        })
        .collect();
    flows.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    flows
}

/// The yuan of a counted flow, when it is money in yuan.
pub fn yuan(flow: &CountedFlow<'_>) -> Option<u64> {
    flow.event
        .quantity
        .as_ref()
        .filter(|q| q.unit == "CNY")
        .map(|q| q.value)
}

/// The province (its name) a place code lies in.
fn province(gazetteer: &Gazetteer, code: &str) -> String {
    let province = format!("{}0000", code.get(..2).unwrap_or("00"));
    province
        .parse()
        .ok()
        .and_then(|c| gazetteer.place(c))
        .map_or(province, |p| p.name.clone())
}

/// The recipients' provinces as one group ("Shaanxi + Qinghai"): a joint
/// amount goes to its group, never once to each member.
fn recipient_provinces(gazetteer: &Gazetteer, event: &Event) -> Option<String> {
    let mut names: Vec<String> = event
        .recipients
        .iter()
        .map(|r| province(gazetteer, &r.code))
        .collect();
    names.sort();
    names.dedup();
    (!names.is_empty()).then(|| names.join(" + "))
}

/// One band of the flow diagram: donor province → recipient provinces.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The donor's province.
    pub from: String,
    /// The recipients' provinces, as one group.
    pub to: String,
    /// Yuan.
    pub yuan: u64,
}

/// The diagram's bands for `scope`: assistance funds in yuan, by province.
pub fn bands(events: &[Event], gazetteer: &Gazetteer, scope: Scope) -> Vec<Band> {
    let mut sums: BTreeMap<(String, String), u64> = BTreeMap::new();
    for flow in counted_flows(events) {
        let e = flow.event;
        let (Some(value), Some(donor)) = (yuan(&flow), &e.donor) else {
            continue;
        };
        if e.kind != EventType::Funds || e.totals.scope != scope {
            continue;
        }
        let Some(to) = recipient_provinces(gazetteer, e) else {
            continue;
        };
        *sums
            .entry((province(gazetteer, &donor.code), to))
            .or_default() += value;
    }
    let mut bands: Vec<Band> = sums
        .into_iter()
        .map(|((from, to), yuan)| Band { from, to, yuan })
        .collect();
    bands.sort_by(|a, b| b.yuan.cmp(&a.yuan).then_with(|| a.from.cmp(&b.from)));
    bands
}

/// Yuan of assistance funds and people sent, by year (annual figures only:
/// a running total has no year of its own).
pub fn by_year(events: &[Event]) -> BTreeMap<i32, (u64, u64)> {
    let mut years: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
    for flow in counted_flows(events) {
        let e = flow.event;
        let (Some(year), Some(q)) = (e.year, &e.quantity) else {
            continue;
        };
        if e.totals.scope != Scope::Annual {
            continue;
        }
        let slot = years.entry(year).or_default();
        match (e.kind, q.unit.as_str()) {
            (EventType::Funds, "CNY") => slot.0 += q.value,
            (EventType::Personnel, "person") => slot.1 += q.value,
            _ => {}
        }
    }
    years.retain(|_, (y, p)| *y > 0 || *p > 0);
    years
}

/// One row of the top pairs: a donor, a group of recipients, a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The donor's name.
    pub donor: String,
    /// The recipients' names, joined.
    pub recipients: String,
    /// The scope of the figures summed.
    pub scope: Scope,
    /// Yuan.
    pub yuan: u64,
    /// Flows counted.
    pub flows: usize,
    /// Articles that report them.
    pub articles: usize,
}

/// The `n` pairs with the most yuan (all types of money flow), per scope.
pub fn top_pairs(events: &[Event], n: usize) -> Vec<Pair> {
    let mut sums: BTreeMap<(String, String, Scope), (u64, usize, usize)> = BTreeMap::new();
    for flow in counted_flows(events) {
        let e = flow.event;
        let (Some(value), Some(donor)) = (yuan(&flow), &e.donor) else {
            continue;
        };
        let mut names: Vec<&str> = e.recipients.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        let to = if names.is_empty() {
            "(not named)".to_string()
        } else {
            names.join(" + ")
        };
        let slot = sums
            .entry((donor.name.clone(), to, e.totals.scope))
            .or_default();
        *slot = (slot.0 + value, slot.1 + 1, slot.2 + flow.articles);
    }
    let mut pairs: Vec<Pair> = sums
        .into_iter()
        .map(
            |((donor, recipients, scope), (yuan, flows, articles))| Pair {
                donor,
                recipients,
                scope,
                yuan,
                flows,
                articles,
            },
        )
        .collect();
    pairs.sort_by(|a, b| b.yuan.cmp(&a.yuan).then_with(|| a.donor.cmp(&b.donor)));
    pairs.truncate(n);
    pairs
}

/// The report page for `events`; `source` names the input in the heading.
pub fn render(events: &[Event], gazetteer: &Gazetteer, source: &str) -> String {
    html::page(events, gazetteer, source)
}

#[cfg(test)]
mod tests;
