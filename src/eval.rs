//! Scoring extracted events against hand-written gold, so that a change to a
//! rule or a table can be measured and its regressions read article by
//! article. This is a faithful port of `shared/eval/score.py` (the scorer CI
//! and the fixtures use): the same three levels, the same matching and the
//! same rounding, plus a per-article diff that names the rule behind every
//! spurious event.
//!
//! Three levels, micro-averaged over the articles named in the gold file:
//!
//! - **quantity** `(unit, value)`, values equal within 0.5 %;
//! - **event** `(unit, value, donor, recipients)`, where a gold `null` donor
//!   or `null` recipients are not checked;
//! - **pair** directed `(donor, recipient)` codes from every event, pairings
//!   included.
//!
//! Gold events marked `optional` are neither rewarded nor penalized: a system
//! event they match is dropped from both sides, and pairs only optional events
//! name are not counted as spurious. Matching is greedy and one-to-one, gold
//! events in gold order each taking the first unused system event in file
//! order. Year/since and type accuracy are measured over the event-level
//! matches. Records lacking a required key are counted invalid and not scored;
//! events of articles absent from the gold are ignored.
//!
//! ```
//! use pairaid::eval::{GoldArticle, score};
//!
//! let gold: GoldArticle = serde_json::from_str(r#"{"article_id": "a", "events": [
//!     {"type": "funds", "donor": "320200", "recipients": ["630200"],
//!      "unit": "CNY", "value": 50000000, "year": 2019}]}"#).unwrap();
//! let event = serde_json::json!({
//!     "id": "a#1", "article_id": "a", "type": "funds",
//!     "donor": {"code": "320200"}, "recipients": [{"code": "630200"}],
//!     "quantity": {"value": 50100000, "unit": "CNY"}, "year": 2019,
//!     "evidence": {"text": "Wuxi allocated 50.1 million yuan to Haidong in 2019."}});
//! let report = score(&[gold], &[event]);
//! assert_eq!((report.event.tp, report.event.fn_, report.event.fp), (1, 0, 0));
//! assert_eq!(report.year.value(), Some(1.0));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};

use crate::event::Event;
use crate::input::Source;
use crate::pipeline::{Pipeline, Progress, RunOptions, Summary, run};
use crate::sink::{ArticleOutcome, Sink};

/// Keys a record must have to be scored; a record lacking any of them is
/// counted in [`Report::invalid_records`] and otherwise ignored.
pub const REQUIRED_KEYS: [&str; 7] = [
    "id",
    "article_id",
    "type",
    "donor",
    "recipients",
    "quantity",
    "evidence",
];

/// Relative tolerance on values: `|a - b| <= 0.005 * max(|a|, |b|, 1)`.
pub const VALUE_TOLERANCE: f64 = 0.005;

/// One line of a gold file: an article and every event a reader finds in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldArticle {
    /// The article's id, as in the event records.
    pub article_id: String,
    /// Publication date (`YYYY-MM-DD`), when known; not scored.
    #[serde(default)]
    pub published: Option<String>,
    /// The gold events, in the order they are matched.
    pub events: Vec<GoldEvent>,
}

/// One gold event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    /// Event type (`funds`, `personnel`, ..., `pairing`).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Donor code; `None` = any donor is accepted.
    #[serde(default)]
    pub donor: Option<String>,
    /// Recipient codes; `None` = recipients are not checked.
    #[serde(default)]
    pub recipients: Option<Vec<String>>,
    /// Unit (`CNY`, `person`, ...); `None` for pairings, which then only
    /// count at the pair level.
    #[serde(default)]
    pub unit: Option<String>,
    /// The value, as written in the gold file.
    #[serde(default)]
    pub value: Option<Number>,
    /// `exact`, `approx`, `at_least` or `at_most`; not scored.
    #[serde(default)]
    pub qualifier: Option<String>,
    /// Year the flow refers to; scored over matched events when not `None`.
    #[serde(default)]
    pub year: Option<i64>,
    /// First year of a cumulative total; scored like `year`.
    #[serde(default)]
    pub since: Option<i64>,
    /// Neither rewarded nor penalized.
    #[serde(default, deserialize_with = "null_as_false")]
    pub optional: bool,
}

fn null_as_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

/// A place code read from a system record. Records are scored as JSON, as
/// score.py does, so a code need not be a string; a non-string code never
/// equals a gold code but still counts (when truthy in Python's sense) as a
/// place of a spurious pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// A code written as a JSON string (the normal case).
    Text(String),
    /// Any other JSON value: its canonical text (numbers and booleans as
    /// numbers, so `1`, `1.0` and `true` are one code, as in Python) and
    /// whether Python would find it true.
    Other {
        /// Canonical text.
        repr: String,
        /// Python truthiness (non-zero, non-empty).
        truthy: bool,
    },
}

impl Code {
    fn from_json(value: &Value) -> Option<Code> {
        let number = |x: f64| Code::Other {
            repr: if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{}", x as i64)
            } else {
                format!("{x:?}")
            },
            truthy: x != 0.0,
        };
        match value {
            Value::Null => None,
            Value::String(s) => Some(Code::Text(s.clone())),
            Value::Bool(b) => Some(number(f64::from(u8::from(*b)))),
            Value::Number(n) => Some(number(n.as_f64().unwrap_or(f64::NAN))),
            Value::Array(a) => Some(Code::Other {
                repr: value.to_string(),
                truthy: !a.is_empty(),
            }),
            Value::Object(o) => Some(Code::Other {
                repr: value.to_string(),
                truthy: !o.is_empty(),
            }),
        }
    }

    /// Python truthiness: an empty string, zero, `false` or an empty
    /// container is not a place.
    pub fn is_truthy(&self) -> bool {
        match self {
            Code::Text(s) => !s.is_empty(),
            Code::Other { truthy, .. } => *truthy,
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        match self {
            Code::Text(s) => s,
            Code::Other { repr, .. } => repr,
        }
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The fields of a system record the scorer reads (score.py's `sys_key`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemEvent {
    /// The record's `id`, when a string.
    pub id: Option<String>,
    /// `type`, as written (`null` when absent).
    #[serde(rename = "type")]
    pub kind: Value,
    /// `donor.code`.
    pub donor: Option<Code>,
    /// Codes of `recipients`, sorted, without empty ones.
    pub recipients: Vec<Code>,
    /// `quantity.unit` (`null` for pairings).
    pub unit: Value,
    /// `quantity.value`.
    pub value: Value,
    /// `year`.
    pub year: Value,
    /// `since`.
    pub since: Value,
    /// The rule or frame that made the event, when the record names it.
    pub rule: Option<String>,
    /// `evidence.text`.
    pub evidence: String,
}

impl SystemEvent {
    /// Reads a record the way score.py does: absent or ill-typed fields are
    /// `null`, places without a code are dropped.
    pub fn from_record(record: &Value) -> SystemEvent {
        let field = |k: &str| record.get(k).cloned().unwrap_or(Value::Null);
        let quantity = record.get("quantity").filter(|q| q.is_object());
        let q_field = |k: &str| {
            quantity
                .and_then(|q| q.get(k))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let code = |place: &Value| place.get("code").and_then(Code::from_json);
        let mut recipients: Vec<Code> = record
            .get("recipients")
            .and_then(Value::as_array)
            .map(|rs| rs.iter().filter(|r| r.is_object()).filter_map(code))
            .into_iter()
            .flatten()
            .filter(Code::is_truthy)
            .collect();
        recipients.sort();
        SystemEvent {
            id: record.get("id").and_then(Value::as_str).map(str::to_string),
            kind: field("type"),
            donor: record.get("donor").filter(|d| d.is_object()).and_then(code),
            recipients,
            unit: q_field("unit"),
            value: q_field("value"),
            year: field("year"),
            since: field("since"),
            rule: record
                .get("rule")
                .and_then(Value::as_str)
                .map(str::to_string),
            evidence: record
                .get("evidence")
                .and_then(|e| e.get("text"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        }
    }
}

/// Python's view of a JSON value as a number (`true` is 1).
fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Whether two values are equal within [`VALUE_TOLERANCE`] (score.py's `close`).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= VALUE_TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

fn quantity_matches(g: &GoldEvent, s: &SystemEvent) -> bool {
    let unit_equal = matches!((&g.unit, &s.unit), (Some(u), Value::String(v)) if u == v);
    let gold_value = g.value.as_ref().and_then(Number::as_f64);
    unit_equal
        && match (gold_value, as_number(&s.value)) {
            (Some(a), Some(b)) => close(a, b),
            _ => false,
        }
}

fn event_matches(g: &GoldEvent, s: &SystemEvent) -> bool {
    if !quantity_matches(g, s) {
        return false;
    }
    if let Some(donor) = &g.donor
        && s.donor.as_ref() != Some(&Code::Text(donor.clone()))
    {
        return false;
    }
    if let Some(recipients) = &g.recipients {
        let mut gold: Vec<Code> = recipients.iter().cloned().map(Code::Text).collect();
        gold.sort();
        if gold != s.recipients {
            return false;
        }
    }
    true
}

fn number_equals(gold: i64, system: &Value) -> bool {
    as_number(system) == Some(gold as f64)
}

fn type_equals(gold: &Option<String>, system: &Value) -> bool {
    match (gold, system) {
        (Some(g), Value::String(s)) => g == s,
        (None, Value::Null) => true,
        _ => false,
    }
}

/// True, false and spurious counts of one level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Gold items found.
    pub tp: usize,
    /// Gold items missed.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// System items not in the gold.
    pub fp: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fn_ += other.fn_;
        self.fp += other.fp;
    }

    /// `tp / (tp + fp)`, 0 when nothing was proposed.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, 0 when there was nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { 0.0 }
}

/// Correct answers out of those checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    /// Matched answers that agree with the gold.
    pub correct: usize,
    /// Answers checked.
    pub total: usize,
}

impl Accuracy {
    /// `correct / total`, `None` when nothing was checked.
    pub fn value(&self) -> Option<f64> {
        (self.total > 0).then(|| self.correct as f64 / self.total as f64)
    }
}

/// Rounds to 3 decimals exactly as Python's `round(x, 3)` does (the
/// correctly rounded decimal, ties to even); score.py reports these.
pub fn round3(x: f64) -> f64 {
    format!("{x:.3}")
        .parse()
        .expect("a formatted float parses back")
}

/// A gold event the system did not produce (at the event level).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missed {
    /// The gold event.
    #[serde(flatten)]
    pub gold: GoldEvent,
    /// A spurious system event of this article has the same quantity: the
    /// amount was read but the places differ.
    pub quantity_found: bool,
}

/// A matched event whose year, since or type differs from the gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    /// The gold event.
    pub gold: GoldEvent,
    /// The system event matched to it.
    pub system: SystemEvent,
    /// The fields that differ: `year`, `since`, `type`.
    pub fields: Vec<&'static str>,
}

/// What went right and wrong in one gold article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleDiff {
    /// The article's id.
    pub article_id: String,
    /// System events read for it.
    pub system_events: usize,
    /// Quantity-level counts.
    pub quantity: Counts,
    /// Event-level counts.
    pub event: Counts,
    /// Pair-level counts.
    pub pair: Counts,
    /// Event-level misses, in gold order.
    pub missed: Vec<Missed>,
    /// Event-level spurious events (with a quantity), in record order.
    pub spurious: Vec<SystemEvent>,
    /// Matched events with a wrong year, since or type, in gold order.
    pub mismatched: Vec<Mismatch>,
    /// Gold pairs not found, in order of first mention in the gold.
    pub missed_pairs: Vec<(Code, Code)>,
    /// System pairs not in the gold, in order of first mention in the records.
    pub spurious_pairs: Vec<(Code, Code)>,
}

impl ArticleDiff {
    /// Nothing missed, nothing spurious, nothing mismatched.
    pub fn is_clean(&self) -> bool {
        self.missed.is_empty()
            && self.spurious.is_empty()
            && self.mismatched.is_empty()
            && self.missed_pairs.is_empty()
            && self.spurious_pairs.is_empty()
    }
}

/// The outcome of scoring: micro-averaged counts, accuracies and the
/// per-article diffs (one per gold line, in gold order).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `(unit, value)` level.
    pub quantity: Counts,
    /// `(unit, value, donor, recipients)` level.
    pub event: Counts,
    /// Directed `(donor, recipient)` level.
    pub pair: Counts,
    /// Year and since over event-level matches whose gold states them.
    pub year: Accuracy,
    /// Type over event-level matches.
    pub kind: Accuracy,
    /// Records lacking a key of [`REQUIRED_KEYS`].
    pub invalid_records: usize,
    /// One diff per gold article.
    pub articles: Vec<ArticleDiff>,
}

struct Matching {
    counts: Counts,
    /// `(gold index, system index)` of the counted matches.
    pairs: Vec<(usize, usize)>,
    missed: Vec<usize>,
    spurious: Vec<usize>,
}

/// Greedy one-to-one matching in gold order (score.py's `match`).
fn greedy(
    gold: &[&GoldEvent],
    system: &[&SystemEvent],
    pred: fn(&GoldEvent, &SystemEvent) -> bool,
) -> Matching {
    let mut used = vec![false; system.len()];
    let mut m = Matching {
        counts: Counts::default(),
        pairs: Vec::new(),
        missed: Vec::new(),
        spurious: Vec::new(),
    };
    for (gi, g) in gold.iter().enumerate() {
        let hit = (0..system.len()).find(|&i| !used[i] && pred(g, system[i]));
        match hit {
            None if !g.optional => {
                m.counts.fn_ += 1;
                m.missed.push(gi);
            }
            None => {}
            Some(i) => {
                used[i] = true;
                if !g.optional {
                    m.counts.tp += 1;
                    m.pairs.push((gi, i));
                }
            }
        }
    }
    m.spurious = (0..system.len()).filter(|&i| !used[i]).collect();
    m.counts.fp = m.spurious.len();
    m
}

/// Adds `pair` to `set`, remembering the order of first insertion.
fn insert_ordered(
    set: &mut HashSet<(Code, Code)>,
    order: &mut Vec<(Code, Code)>,
    pair: (Code, Code),
) {
    if set.insert(pair.clone()) {
        order.push(pair);
    }
}

fn score_article(article: &GoldArticle, records: &[&Value]) -> (ArticleDiff, Accuracy, Accuracy) {
    let system: Vec<SystemEvent> = records
        .iter()
        .map(|r| SystemEvent::from_record(r))
        .collect();
    let quant_sys: Vec<&SystemEvent> = system.iter().filter(|s| !s.unit.is_null()).collect();
    let quant_gold: Vec<&GoldEvent> = article.events.iter().filter(|g| g.unit.is_some()).collect();
    let by_quantity = greedy(&quant_gold, &quant_sys, quantity_matches);
    let by_event = greedy(&quant_gold, &quant_sys, event_matches);

    let (mut year, mut kind) = (Accuracy::default(), Accuracy::default());
    let mut mismatched = Vec::new();
    for &(gi, si) in &by_event.pairs {
        let (g, s) = (quant_gold[gi], quant_sys[si]);
        let mut fields = Vec::new();
        for (name, gold, sys) in [("year", g.year, &s.year), ("since", g.since, &s.since)] {
            if let Some(gold) = gold {
                year.total += 1;
                if number_equals(gold, sys) {
                    year.correct += 1;
                } else {
                    fields.push(name);
                }
            }
        }
        kind.total += 1;
        if type_equals(&g.kind, &s.kind) {
            kind.correct += 1;
        } else {
            fields.push("type");
        }
        if !fields.is_empty() {
            mismatched.push(Mismatch {
                gold: g.clone(),
                system: s.clone(),
                fields,
            });
        }
    }

    // Directed place pairs, from every event.
    let (mut gold_pairs, mut gold_order) = (HashSet::new(), Vec::new());
    let (mut opt_pairs, mut opt_order) = (HashSet::new(), Vec::new());
    for g in &article.events {
        let (Some(donor), Some(recipients)) = (&g.donor, &g.recipients) else {
            continue;
        };
        if donor.is_empty() || recipients.is_empty() {
            continue;
        }
        for r in recipients {
            let pair = (Code::Text(donor.clone()), Code::Text(r.clone()));
            if g.optional {
                insert_ordered(&mut opt_pairs, &mut opt_order, pair);
            } else {
                insert_ordered(&mut gold_pairs, &mut gold_order, pair);
            }
        }
    }
    let (mut sys_seen, mut sys_order) = (HashSet::new(), Vec::new());
    for s in &system {
        if let Some(donor) = s.donor.as_ref().filter(|d| d.is_truthy()) {
            for r in &s.recipients {
                insert_ordered(&mut sys_seen, &mut sys_order, (donor.clone(), r.clone()));
            }
        }
    }
    // Pairs only optional gold events name are neither rewarded nor penalized.
    sys_order.retain(|p| gold_pairs.contains(p) || !opt_pairs.contains(p));
    let sys_pairs: HashSet<&(Code, Code)> = sys_order.iter().collect();
    let missed_pairs: Vec<(Code, Code)> = gold_order
        .iter()
        .filter(|p| !sys_pairs.contains(p))
        .cloned()
        .collect();
    let spurious_pairs: Vec<(Code, Code)> = sys_order
        .iter()
        .filter(|p| !gold_pairs.contains(*p))
        .cloned()
        .collect();
    let pair = Counts {
        tp: gold_order.len() - missed_pairs.len(),
        fn_: missed_pairs.len(),
        fp: spurious_pairs.len(),
    };

    let spurious: Vec<SystemEvent> = by_event
        .spurious
        .iter()
        .map(|&i| quant_sys[i].clone())
        .collect();
    let missed = by_event
        .missed
        .iter()
        .map(|&gi| Missed {
            gold: quant_gold[gi].clone(),
            quantity_found: spurious.iter().any(|s| quantity_matches(quant_gold[gi], s)),
        })
        .collect();
    let diff = ArticleDiff {
        article_id: article.article_id.clone(),
        system_events: system.len(),
        quantity: by_quantity.counts,
        event: by_event.counts,
        pair,
        missed,
        spurious,
        mismatched,
        missed_pairs,
        spurious_pairs,
    };
    (diff, year, kind)
}

/// Scores system records (JSON objects, schema `pairaid.event/1`) against
/// the gold, exactly as `shared/eval/score.py` does.
pub fn score(gold: &[GoldArticle], records: &[Value]) -> Report {
    let mut by_article: HashMap<&str, Vec<&Value>> = HashMap::new();
    let mut invalid_records = 0;
    for record in records {
        let valid = record
            .as_object()
            .is_some_and(|o| REQUIRED_KEYS.iter().all(|k| o.contains_key(*k)));
        if !valid {
            invalid_records += 1;
            continue;
        }
        // A non-string article id never names a gold article.
        if let Some(id) = record["article_id"].as_str() {
            by_article.entry(id).or_default().push(record);
        }
    }
    let mut report = Report {
        quantity: Counts::default(),
        event: Counts::default(),
        pair: Counts::default(),
        year: Accuracy::default(),
        kind: Accuracy::default(),
        invalid_records,
        articles: Vec::with_capacity(gold.len()),
    };
    for article in gold {
        let records = by_article
            .get(article.article_id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let (diff, year, kind) = score_article(article, records);
        report.quantity.add(diff.quantity);
        report.event.add(diff.event);
        report.pair.add(diff.pair);
        report.year.correct += year.correct;
        report.year.total += year.total;
        report.kind.correct += kind.correct;
        report.kind.total += kind.total;
        report.articles.push(diff);
    }
    report
}

/// One level in score.py's `--json` shape (rates rounded to 3 decimals).
#[derive(Debug, Serialize)]
struct LevelJson {
    precision: f64,
    recall: f64,
    f1: f64,
    tp: usize,
    #[serde(rename = "fn")]
    fn_: usize,
    fp: usize,
}

impl From<Counts> for LevelJson {
    fn from(c: Counts) -> LevelJson {
        LevelJson {
            precision: round3(c.precision()),
            recall: round3(c.recall()),
            f1: round3(c.f1()),
            tp: c.tp,
            fn_: c.fn_,
            fp: c.fp,
        }
    }
}

#[derive(Debug, Serialize)]
struct ReportJson<'a> {
    quantity: LevelJson,
    event: LevelJson,
    pair: LevelJson,
    year_accuracy: Option<f64>,
    type_accuracy: Option<f64>,
    invalid_records: usize,
    articles: &'a [ArticleDiff],
}

/// Minimum F1 scores (compared after rounding to 3 decimals, as CI compares
/// score.py's output).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Floors {
    /// Floor on the quantity-level F1.
    pub quantity: Option<f64>,
    /// Floor on the event-level F1.
    pub event: Option<f64>,
    /// Floor on the pair-level F1.
    pub pair: Option<f64>,
}

impl Report {
    /// The report as score.py `--json` prints it (same keys, same rounding),
    /// plus `articles`: the per-article diffs.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.json()).expect("the report serializes: string keys")
    }

    /// [`Report::to_json`] as one line of text, keys in score.py's order.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(&self.json()).expect("the report serializes: string keys")
    }

    fn json(&self) -> ReportJson<'_> {
        ReportJson {
            quantity: self.quantity.into(),
            event: self.event.into(),
            pair: self.pair.into(),
            year_accuracy: self.year.value().map(round3),
            type_accuracy: self.kind.value().map(round3),
            invalid_records: self.invalid_records,
            articles: &self.articles,
        }
    }

    /// The floors this report falls below, one message each (empty when all
    /// are met).
    pub fn below(&self, floors: &Floors) -> Vec<String> {
        [
            ("quantity", self.quantity, floors.quantity),
            ("event", self.event, floors.event),
            ("pair", self.pair, floors.pair),
        ]
        .into_iter()
        .filter_map(|(level, counts, floor)| {
            let floor = floor?;
            let f1 = round3(counts.f1());
            (f1 < floor).then(|| format!("{level} F1 {f1:.3} is below --min-{level}-f1 {floor}"))
        })
        .collect()
    }

    /// The summary in score.py's format (three level lines and the accuracy
    /// line), then the diff of every article with something missed,
    /// spurious or mismatched. `name` gives a place's name for a code, for
    /// readability; return `None` to print bare codes.
    pub fn render_text(&self, name: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        for (level, c) in [
            ("quantity", self.quantity),
            ("event", self.event),
            ("pair", self.pair),
        ] {
            let _ = writeln!(
                out,
                "{level:<9} P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fn {}, fp {})",
                round3(c.precision()),
                round3(c.recall()),
                round3(c.f1()),
                c.tp,
                c.fn_,
                c.fp
            );
        }
        let _ = writeln!(
            out,
            "year/since accuracy {}  type accuracy {}  invalid records {}",
            python_float(self.year.value()),
            python_float(self.kind.value()),
            self.invalid_records
        );
        for article in self.articles.iter().filter(|a| !a.is_clean()) {
            render_article(&mut out, article, name);
        }
        out
    }
}

/// Python's `str()` of an optional rounded float (`None`, `1.0`, `0.857`).
fn python_float(x: Option<f64>) -> String {
    match x.map(round3) {
        None => "None".to_string(),
        Some(v) if v.fract() == 0.0 => format!("{v:.1}"),
        Some(v) => format!("{v}"),
    }
}

fn place(code: &str, name: &dyn Fn(&str) -> Option<String>) -> String {
    match name(code) {
        Some(n) => format!("{n}({code})"),
        None => code.to_string(),
    }
}

fn places<'a>(
    codes: impl Iterator<Item = &'a str>,
    name: &dyn Fn(&str) -> Option<String>,
) -> String {
    let list: Vec<String> = codes.map(|c| place(c, name)).collect();
    if list.is_empty() {
        "(none)".to_string()
    } else {
        list.join("+")
    }
}

fn gold_line(g: &GoldEvent, name: &dyn Fn(&str) -> Option<String>) -> String {
    format!(
        "{:<13} {} -> {} {} {}",
        g.kind.as_deref().unwrap_or("?"),
        g.donor
            .as_deref()
            .map_or("*".to_string(), |d| place(d, name)),
        g.recipients.as_ref().map_or("*".to_string(), |rs| places(
            rs.iter().map(String::as_str),
            name
        )),
        g.value
            .as_ref()
            .map_or("null".to_string(), Number::to_string),
        g.unit.as_deref().unwrap_or("null"),
    )
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn system_line(s: &SystemEvent, name: &dyn Fn(&str) -> Option<String>) -> String {
    format!(
        "{:<13} {} -> {} {} {}",
        match &s.kind {
            Value::Null => "?".to_string(),
            other => json_text(other),
        },
        s.donor
            .as_ref()
            .map_or("(none)".to_string(), |d| place(d.as_str(), name)),
        places(s.recipients.iter().map(Code::as_str), name),
        json_text(&s.value),
        json_text(&s.unit),
    )
}

fn evidence(s: &SystemEvent) -> String {
    let flat: String = s
        .evidence
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut short: String = flat.chars().take(100).collect();
    if flat.chars().nth(100).is_some() {
        short.push('…');
    }
    short
}

fn render_article(out: &mut String, a: &ArticleDiff, name: &dyn Fn(&str) -> Option<String>) {
    let _ = writeln!(out, "\n== {}  ({} events)", a.article_id, a.system_events);
    for m in &a.missed {
        let hint = if m.quantity_found {
            "  (quantity found, places differ)"
        } else {
            ""
        };
        let _ = writeln!(out, "  missed   {}{hint}", gold_line(&m.gold, name));
    }
    for s in &a.spurious {
        let _ = writeln!(
            out,
            "  spurious {}  [{}]  | {}",
            system_line(s, name),
            s.rule.as_deref().unwrap_or("?"),
            evidence(s)
        );
    }
    for m in &a.mismatched {
        let what: Vec<String> = m
            .fields
            .iter()
            .map(|&f| {
                let (gold, got) = match f {
                    "year" => (m.gold.year.map(|y| y.to_string()), &m.system.year),
                    "since" => (m.gold.since.map(|y| y.to_string()), &m.system.since),
                    _ => (m.gold.kind.clone(), &m.system.kind),
                };
                format!(
                    "{f}: gold {}, got {}",
                    gold.as_deref().unwrap_or("null"),
                    json_text(got)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  wrong    {}  {}  [{}]",
            gold_line(&m.gold, name),
            what.join("; "),
            m.system.rule.as_deref().unwrap_or("?")
        );
    }
    for (label, pairs) in [
        ("missed pair  ", &a.missed_pairs),
        ("spurious pair", &a.spurious_pairs),
    ] {
        for (d, r) in pairs {
            let _ = writeln!(
                out,
                "  {label}  {} -> {}",
                place(d.as_str(), name),
                place(r.as_str(), name)
            );
        }
    }
}

/// A gold or events file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file cannot be opened or is not UTF-8.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// A line is not JSON (or, in a gold file, not a gold article).
    #[error("{}:{line}: {error}", path.display())]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Why.
        error: serde_json::Error,
    },
}

fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|error| EvalError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l.trim()).map_err(|error| EvalError::Line {
                path: path.to_path_buf(),
                line: n + 1,
                error,
            })
        })
        .collect()
}

/// Reads a gold file: one [`GoldArticle`] a line, blank lines skipped.
pub fn read_gold(path: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    read_jsonl(path)
}

/// Reads an events file: one JSON value a line, blank lines skipped. Lines
/// that are JSON but not valid records are kept; [`score`] counts them.
pub fn read_records(path: &Path) -> Result<Vec<Value>, EvalError> {
    read_jsonl(path)
}

/// A sink that keeps records in memory, for scoring without a file.
#[derive(Debug, Default)]
struct RecordSink {
    records: Vec<Value>,
}

impl Sink for RecordSink {
    fn begin(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()> {
        for event in &outcome.events {
            self.records
                .push(serde_json::to_value(event).map_err(std::io::Error::other)?);
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Extracts every article of `sources` with [`run`] and returns the records
/// as `pairaid extract` would write them, with the run's summary.
pub fn extract_records(
    pipeline: &Pipeline,
    sources: Vec<Source>,
    options: &RunOptions,
    progress: &dyn Progress,
) -> std::io::Result<(Vec<Value>, Summary)> {
    let mut sink = RecordSink::default();
    let summary = run(pipeline, sources, &mut sink, options, progress)?;
    Ok((sink.records, summary))
}

/// Converts events to the records [`score`] reads.
pub fn records_of(events: &[Event]) -> Vec<Value> {
    events
        .iter()
        .map(|e| serde_json::to_value(e).expect("an event serializes"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold(line: Value) -> GoldArticle {
        serde_json::from_value(line).expect("test gold is well-formed")
    }

    fn record(
        article: &str,
        n: usize,
        donor: Option<&str>,
        recipients: &[&str],
        q: Option<(f64, &str)>,
    ) -> Value {
        json!({
            "id": format!("{article}#{n}"),
            "article_id": article,
            "type": if q.is_some() { "funds" } else { "pairing" },
            "donor": donor.map(|c| json!({"code": c})),
            "recipients": recipients.iter().map(|c| json!({"code": c})).collect::<Vec<_>>(),
            "quantity": q.map(|(v, u)| json!({"value": v, "unit": u})),
            "year": null,
            "since": null,
            "evidence": {"text": "..."},
            "rule": "test-rule",
        })
    }

    fn counts(c: Counts) -> (usize, usize, usize) {
        (c.tp, c.fn_, c.fp)
    }

    #[test]
    fn values_match_within_half_a_percent() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 1000},
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 2000},
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "person", "value": 3},
        ]}));
        let r = score(
            &[g],
            &[
                record("a", 1, Some("1"), &["2"], Some((1005.0, "CNY"))),
                record("a", 2, Some("1"), &["2"], Some((2010.1, "CNY"))),
                // 0.5 % of 3.004, not of 1: small counts get a small slack.
                record("a", 3, Some("1"), &["2"], Some((3.004, "person"))),
            ],
        );
        assert_eq!(counts(r.quantity), (2, 1, 1));
        assert!(close(0.0, 0.005) && !close(0.0, 0.0051));
        assert!(close(200.0, 199.0) && !close(200.0, 198.9));
    }

    #[test]
    fn units_must_be_equal() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 5}]}));
        let r = score(
            &[g],
            &[record("a", 1, Some("1"), &["2"], Some((5.0, "USD")))],
        );
        assert_eq!(counts(r.quantity), (0, 1, 1));
    }

    #[test]
    fn null_donor_and_recipients_in_gold_are_not_scored() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": null, "recipients": null, "unit": "CNY", "value": 10},
            {"type": "funds", "donor": "1", "recipients": null, "unit": "CNY", "value": 20},
            {"type": "funds", "donor": "1", "recipients": ["3", "2"], "unit": "CNY", "value": 30},
        ]}));
        let r = score(
            &[g],
            &[
                record("a", 1, Some("9"), &["8"], Some((10.0, "CNY"))),
                record("a", 2, Some("9"), &[], Some((20.0, "CNY"))),
                // Recipient order does not matter; the set must be equal.
                record("a", 3, Some("1"), &["2", "3"], Some((30.0, "CNY"))),
            ],
        );
        assert_eq!(counts(r.quantity), (3, 0, 0));
        assert_eq!(counts(r.event), (2, 1, 1));
        // Pairs: gold has (1,3), (1,2); the system (9,8), (1,2), (1,3).
        assert_eq!(counts(r.pair), (2, 0, 1));
        let diff = &r.articles[0];
        assert!(diff.missed[0].quantity_found);
        assert_eq!(diff.spurious[0].donor, Some(Code::Text("9".into())));
    }

    #[test]
    fn optional_events_are_neither_rewarded_nor_penalized() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 10, "optional": true},
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 20, "optional": true},
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 30, "optional": null},
        ]}));
        let r = score(
            &[g],
            &[
                record("a", 1, Some("1"), &["2"], Some((10.0, "CNY"))),
                record("a", 2, Some("1"), &["2"], Some((30.0, "CNY"))),
            ],
        );
        // 10: matched an optional event (ignored); 20: optional, missed
        // (ignored); 30: found.
        assert_eq!(counts(r.quantity), (1, 0, 0));
        assert_eq!(counts(r.event), (1, 0, 0));
        assert_eq!(
            r.kind,
            Accuracy {
                correct: 1,
                total: 1
            }
        );
    }

    #[test]
    fn optional_pairs_are_subtracted_unless_also_required() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "pairing", "donor": "1", "recipients": ["2"], "unit": null, "value": null, "optional": true},
            {"type": "pairing", "donor": "1", "recipients": ["3"], "unit": null, "value": null, "optional": true},
            {"type": "pairing", "donor": "1", "recipients": ["3"], "unit": null, "value": null},
            {"type": "pairing", "donor": "1", "recipients": ["4"], "unit": null, "value": null, "optional": true},
        ]}));
        let r = score(
            &[g],
            &[
                record("a", 1, Some("1"), &["2"], None),
                record("a", 2, Some("1"), &["5"], None),
            ],
        );
        // (1,2) only optional: dropped. (1,3) required and optional: missed.
        // (1,4) optional, not produced: nothing. (1,5) spurious.
        assert_eq!(counts(r.pair), (0, 1, 1));
        assert_eq!(
            r.articles[0].missed_pairs,
            vec![(Code::Text("1".into()), Code::Text("3".into()))]
        );
        // Pairings carry no quantity: no quantity or event counts at all.
        assert_eq!(counts(r.quantity), (0, 0, 0));
    }

    #[test]
    fn gold_without_donor_or_recipients_gives_no_pairs() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": null, "recipients": ["2"], "unit": "CNY", "value": 1},
            {"type": "funds", "donor": "1", "recipients": null, "unit": "CNY", "value": 2},
        ]}));
        let r = score(
            &[g],
            &[record("a", 1, Some("1"), &["2"], Some((1.0, "CNY")))],
        );
        assert_eq!(counts(r.pair), (0, 0, 1));
        assert_eq!(counts(r.event), (1, 1, 0));
    }

    #[test]
    fn matching_is_greedy_in_gold_order() {
        // The first gold event takes the first matching system event even if
        // a later gold event could only have matched that one.
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": null, "recipients": null, "unit": "CNY", "value": 100},
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 100},
        ]}));
        let r = score(
            &[g],
            &[
                record("a", 1, Some("1"), &["2"], Some((100.0, "CNY"))),
                record("a", 2, Some("7"), &["2"], Some((100.0, "CNY"))),
            ],
        );
        assert_eq!(counts(r.event), (1, 1, 1));
    }

    #[test]
    fn year_since_and_type_accuracy_over_matches() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 1, "year": 2020, "since": 2016},
            {"type": "investment", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 2, "year": 2021},
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 3, "year": 2022},
        ]}));
        let mut e1 = record("a", 1, Some("1"), &["2"], Some((1.0, "CNY")));
        e1["year"] = json!(2020);
        e1["since"] = json!(2017);
        let mut e2 = record("a", 2, Some("1"), &["2"], Some((2.0, "CNY")));
        e2["year"] = json!(2021.0);
        let r = score(&[g], &[e1, e2]);
        assert_eq!(
            r.year,
            Accuracy {
                correct: 2,
                total: 3
            }
        );
        assert_eq!(
            r.kind,
            Accuracy {
                correct: 1,
                total: 2
            }
        );
        assert_eq!(r.articles[0].mismatched.len(), 2);
        assert_eq!(r.articles[0].mismatched[0].fields, vec!["since"]);
        assert_eq!(r.articles[0].mismatched[1].fields, vec!["type"]);
    }

    #[test]
    fn invalid_records_and_unknown_articles() {
        let g = gold(json!({"article_id": "a", "events": []}));
        let mut no_evidence = record("a", 1, Some("1"), &["2"], Some((1.0, "CNY")));
        no_evidence
            .as_object_mut()
            .expect("an object")
            .remove("evidence");
        let r = score(
            &[g],
            &[
                no_evidence,
                json!([1, 2]),
                record("zzz", 1, Some("1"), &["2"], Some((1.0, "CNY"))),
                record("a", 2, Some("1"), &["2"], Some((1.0, "CNY"))),
            ],
        );
        assert_eq!(r.invalid_records, 2);
        assert_eq!(counts(r.quantity), (0, 0, 1));
        assert_eq!(counts(r.pair), (0, 0, 1));
    }

    #[test]
    fn empty_codes_are_not_places() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 1}]}));
        let r = score(
            &[g],
            &[record("a", 1, Some(""), &["", "2"], Some((1.0, "CNY")))],
        );
        assert_eq!(
            r.articles[0].spurious[0].recipients,
            vec![Code::Text("2".into())]
        );
        assert_eq!(counts(r.pair), (0, 1, 0));
    }

    #[test]
    fn rounding_and_python_floats() {
        assert_eq!(round3(0.0625), 0.062);
        assert_eq!(round3(2.0 / 3.0), 0.667);
        assert_eq!(python_float(Some(1.0)), "1.0");
        assert_eq!(python_float(Some(0.75)), "0.75");
        assert_eq!(python_float(None), "None");
    }

    #[test]
    fn floors_compare_rounded_f1() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 1},
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 2}]}));
        let r = score(
            &[g],
            &[record("a", 1, Some("1"), &["2"], Some((1.0, "CNY")))],
        );
        let floors = Floors {
            quantity: Some(0.667),
            event: Some(0.7),
            pair: None,
        };
        let below = r.below(&floors);
        assert_eq!(below.len(), 1);
        assert!(below[0].starts_with("event F1 0.667"), "{below:?}");
    }

    #[test]
    fn text_report_shows_rule_and_evidence_of_spurious_events() {
        let g = gold(json!({"article_id": "a", "events": [
            {"type": "funds", "donor": "1", "recipients": ["2"], "unit": "CNY", "value": 1}]}));
        let r = score(&[g], &[record("a", 1, Some("1"), &[], Some((1.0, "CNY")))]);
        let text = r.render_text(&|c| (c == "1").then(|| "Wuxi".to_string()));
        assert!(
            text.starts_with("quantity  P 1.000  R 1.000  F1 1.000  (tp 1, fn 0, fp 0)\n"),
            "{text}"
        );
        assert!(text.contains("year/since accuracy None  type accuracy None  invalid records 0"));
        assert!(text.contains("\n== a  (1 events)\n"), "{text}");
        assert!(
            text.contains(
                "  missed   funds         Wuxi(1) -> 2 1 CNY  (quantity found, places differ)"
            ),
            "{text}"
        );
        assert!(
            text.contains("  spurious funds         Wuxi(1) -> (none) 1.0 CNY  [test-rule]  | ..."),
            "{text}"
        );
        assert!(text.contains("  missed pair    Wuxi(1) -> 2"), "{text}");
    }
}
