//! The event record: the output contract `pairaid.event/1` (see
//! `schema/event.schema.json`). One event is one flow or one stated
//! relationship, read in one sentence of one article.

use serde::{Deserialize, Serialize};

use crate::document::{Qualifier, Span};

/// The schema tag every record carries.
pub const SCHEMA: &str = "pairaid.event/1";

/// What kind of flow or relationship an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Assistance money allocated, raised, donated or invested as aid.
    Funds,
    /// Business investment, enterprises or investment projects brought in.
    Investment,
    /// People sent: cadres, officials, doctors, teachers, technicians.
    Personnel,
    /// Assistance projects implemented or confirmed.
    Projects,
    /// People trained, educated or placed in jobs.
    Training,
    /// People, households or students helped.
    Beneficiaries,
    /// A pairing relationship with no quantity.
    Pairing,
}

impl EventType {
    /// The type's name as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Funds => "funds",
            EventType::Investment => "investment",
            EventType::Personnel => "personnel",
            EventType::Projects => "projects",
            EventType::Training => "training",
            EventType::Beneficiaries => "beneficiaries",
            EventType::Pairing => "pairing",
        }
    }
}

/// A place as it appears in a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRef {
    /// 6-digit division code as a string (`"320500"`).
    pub code: String,
    /// Canonical English name.
    pub name: String,
    /// `province`, `prefecture` or `county`.
    pub level: String,
    /// The text matched in the article.
    pub mention: String,
}

/// The second-currency figure of an amount written twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AltRecord {
    /// Value in `unit`.
    pub value: u64,
    /// Currency code.
    pub unit: String,
    /// As written.
    pub mention: String,
}

/// The quantity of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantityRecord {
    /// Exact value: yuan for `CNY`, dollars for `USD`, a count otherwise.
    pub value: u64,
    /// `CNY`, `USD`, or a singular count noun (`person`, `project`).
    pub unit: String,
    /// `exact`, `approx`, `at_least` or `at_most`.
    pub qualifier: Qualifier,
    /// The amount as written.
    pub mention: String,
    /// The same amount in a second currency.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alt: Option<AltRecord>,
    /// Lower bound of a range.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min: Option<u64>,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max: Option<u64>,
}

/// Where in the original text the event was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte offset of the sentence's first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
    /// The sentence: `original[start..end]`.
    pub text: String,
}

impl Evidence {
    /// The evidence for `span` of `text`.
    pub fn of(span: Span, text: &str) -> Evidence {
        Evidence {
            start: span.start,
            end: span.end,
            text: span.of(text).to_string(),
        }
    }
}

/// One event record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Always `pairaid.event/1`.
    pub schema: String,
    /// `article_id#n`, n counting the article's events in evidence order.
    pub id: String,
    /// The article's id.
    pub article_id: String,
    /// The kind of flow.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Who gives, when the text says.
    pub donor: Option<PlaceRef>,
    /// Who receives; empty when the text does not resolve them.
    pub recipients: Vec<PlaceRef>,
    /// How much; `None` for pairings.
    pub quantity: Option<QuantityRecord>,
    /// For people: the noun phrase read.
    pub role: Option<String>,
    /// The calendar year the flow refers to.
    pub year: Option<i32>,
    /// First year of a cumulative total.
    pub since: Option<i32>,
    /// The sentence it was read from.
    pub evidence: Evidence,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// The linking rule or frame that made this event (for diffs and "why").
    pub rule: String,
    /// How the event enters sums (added fields, set by `stage::totals`).
    #[serde(flatten)]
    pub totals: Totals,
}

/// What time span an amount covers.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One calendar year (`in 2022`).
    Annual,
    /// A running total from a start year (`since 2016`, `so far`).
    Cumulative,
    /// A closed range or a plan period (`2016-2020`, the 13th Five-Year Plan).
    Period,
    /// A rate, not a total (`per year`, `每年`).
    Rate,
    /// The text does not say.
    #[default]
    Unknown,
}

impl Scope {
    /// The scope's name as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Annual => "annual",
            Scope::Cumulative => "cumulative",
            Scope::Period => "period",
            Scope::Rate => "rate",
            Scope::Unknown => "unknown",
        }
    }
}

/// Whether a flow happened or is only announced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Delivered, spent, sent: what the article reports as done.
    #[default]
    Reported,
    /// Planned, pledged or signed, not yet delivered (`will invest`, `计划`).
    Planned,
}

impl Status {
    /// The status's name as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Planned => "planned",
        }
    }
}

/// The added fields that say how an event enters a sum, so that totals
/// never count one flow twice (see `docs/OUTPUTS.md`, "Totals").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Totals {
    /// The id of the total this event is an item of ("It included ...", "其中").
    pub part_of: Option<String>,
    /// The time span the amount covers.
    pub scope: Scope,
    /// Reported or planned.
    pub status: Status,
    /// Donor, sorted recipients, unit, value to 3 significant digits, and
    /// year or start year: equal for the same flow in any article.
    pub flow_key: Option<String>,
    /// Whether the event enters a sum: it has an amount, is reported, is no
    /// rate, no item of a total and no restatement within its article.
    pub aggregate: bool,
}
