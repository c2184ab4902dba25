//! Quantities: money and counts read from sentences and normalized exactly.
//!
//! The stage finds every number (Arabic digits, English number words, Chinese
//! numerals) once per sentence with one Aho-Corasick scan, then reads what
//! stands around it: a hedge before it (`more than`, `近`), scales (`million`,
//! `亿`), a currency before or after it (`$`, `yuan`, `元`), a second currency in
//! brackets, a count noun (`cadres`, `项目`) or a Chinese classifier (`名`, `个`),
//! a measure word (`tons`, `%`) and the cues that make an amount something
//! other than a flow (income, averages, per-capita figures).
//!
//! All words live in the TSV lexicons (`currencies.tsv`, `scales.tsv`,
//! `number_words.tsv`, `count_nouns.tsv`, `qualifiers.tsv`, `nonflow_cues.tsv`).
//! Values are computed in integer arithmetic (a decimal mantissa times the
//! scales, divided by a power of ten), so `622.31 million` is exactly
//! `622310000`.
//!
//! Choices the linker relies on:
//! - A bare number with no currency, count noun, classifier or measure word is
//!   not read. Years after `in`/`since`/... and before `年` are not read.
//! - Measure words (`%`, `tons`, `years`, `mu`) are read as counts with the
//!   measure as unit and `not_flow` set (`percentage`, `weight`, ...);
//!   fractional measures are rounded to the nearest integer.
//! - `role` runs from the first modifier to the head noun; an `of ...` tail is
//!   added when it names a more specific noun of the same unit
//!   (`persons of Party and government cadres`), and then the class is the tail
//!   noun's. The span stops at the head noun.
//! - Chinese counts with the noun before the number (`选派干部50名`) have the span
//!   `50名` and the role `干部`; internal hedges (`300余名`) lie inside the span.
//! - Rates per year (`30 million yuan per year`) are flows; per-unit figures
//!   (`each`, `per capita`, `an average of`) are not (`not_flow = per_unit`/`average`).
//! - A range keeps `min` and `max`; `value` is the minimum; `between` is part of the span.
//! - Chinese as pages write it: a bare `百`/`千`/`万`/`亿` stands for one of it
//!   (`百亿元`, `近亿元`, `千余名`) when a hedge or money makes it a quantity;
//!   `数十名` is 10 approx and vague (no flow: it states no figure); `1亿2000万元` is one amount; `资金12亿` is yuan;
//!   counters keep their unit whatever they count (`7批` batches, `人次` persons);
//!   a compound noun is read by its last noun (`乡镇卫生院` = clinic).

use rustc_hash::FxHashMap as HashMap;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use crate::document::{
    AltAmount, Document, PlaceMention, Qualifier, QuantityKind, QuantityMention, Span,
};
use crate::knowledge::{KnowledgeError, Row, Table, TableSource};

/// Bytes of context searched before an amount for a non-flow cue.
const CUE_WINDOW: usize = 48;
/// Modifier words allowed between a number and its count noun.
const MAX_MODIFIERS: usize = 4;
/// Words searched in an `of ...` tail for a more specific noun.
const MAX_TAIL_WORDS: usize = 6;
/// Words that open the items of a count, which may then drop the count's
/// noun ("152 doctors, including 41 to Gyantse").
const ITEM_OPENERS: &[&str] = &["including ", "of which ", "among them ", "among whom "];
/// Words that may follow an item whose noun was dropped ("41 to Gyantse",
/// "of which 389 went to Hotan").
const ITEM_FOLLOWERS: &[&str] = &[
    " to ", " in ", " for ", " at ", " went ", " were ", " was ", " from ",
];
/// The verbs that give a "number of NOUN" its figure ("has reached 1,860").
const NUMBER_OF_VERBS: &[&str] = &[
    "reached",
    "reach",
    "exceeded",
    "surpassed",
    "hit",
    "totaled",
    "totalled",
    "to",
    "at",
    "was",
    "is",
    "were",
];
/// Bytes (two CJK characters = 6 bytes each... up to 4 characters) of Chinese
/// modifiers allowed between a classifier and its noun.
const MAX_ZH_MODIFIER_BYTES: usize = 12;
/// Bytes between two levels of a growth (`由2015年的A增长到2020年的B`).
const MAX_GROWTH_GAP: usize = 40;
/// Digits read in one number; longer runs are codes.
const MAX_DIGITS: usize = 24;

/// Where a currency form stands relative to the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Before,
    After,
    Both,
    /// A money noun before a Chinese amount with no currency: 资金12亿.
    Implied,
}

#[derive(Debug)]
struct Currency {
    form: String,
    code: String,
    place: Place,
}

#[derive(Debug, Clone, Copy)]
struct Scale {
    multiplier: u64,
    attached: bool,
    needs_currency: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordRole {
    Unit,
    Ten,
    Multiplier,
}

/// One token of a spelled-out number.
#[derive(Debug, Clone, Copy)]
enum Numeral {
    Word(u64, WordRole),
    Scale(u64),
}

/// A count noun or a classifier's default.
#[derive(Debug, Clone)]
struct Noun {
    unit: Option<String>,
    class: Option<String>,
}

/// A Chinese classifier: its default noun, and whether its unit holds
/// whatever noun it counts (`批` counts batches of cadres, `人次` persons).
#[derive(Debug, Clone)]
struct Classifier {
    noun: Noun,
    fixed: bool,
}

#[derive(Debug, Clone)]
struct Measure {
    label: String,
    unit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applies {
    Money,
    Count,
    Both,
}

impl Applies {
    fn to(self, kind: QuantityKind) -> bool {
        match self {
            Applies::Both => true,
            Applies::Money => kind == QuantityKind::Money,
            Applies::Count => kind == QuantityKind::Count,
        }
    }
}

#[derive(Debug, Clone)]
struct Cue {
    /// `None` marks a rate that is a flow (`per year`).
    label: Option<String>,
    applies: Applies,
    /// The period of a rate (`year` for `每年`, `per year`, `年均`).
    rate: Option<String>,
}

/// What may follow a number directly: pattern ids of the `post` automaton.
#[derive(Debug, Clone, Copy)]
enum Post {
    Currency(usize),
    Measure(usize),
    Classifier(usize),
}

/// Currency, scale, number-word, count-noun, qualifier and non-flow lexicons,
/// with their automata compiled once.
#[derive(Debug)]
pub struct Lexicon {
    /// Where a number may begin: digits and start number words.
    starts: AhoCorasick,
    /// Bytes that may begin a number (both cases for ASCII letters).
    first_bytes: [bool; 256],
    /// The first two bytes of every start pattern (ASCII case folded).
    first_pairs: BytePairs,
    /// Number words and scales, anchored, for spelled-out numbers.
    numerals: AhoCorasick,
    numeral_kinds: Vec<Numeral>,
    /// Per numeral: a word that begins a number only as an implicit one
    /// (`百亿元`, `近百名`, `千余名`), read when a hedge or money makes it a quantity.
    numeral_bare: Vec<bool>,
    /// Scales after digits, anchored.
    scales: AhoCorasick,
    scale_kinds: Vec<Scale>,
    currencies: Vec<Currency>,
    /// Indices of currencies that may stand before the number, longest first.
    before_currencies: Vec<usize>,
    /// Indices of money nouns that make a bare Chinese amount yuan (资金12亿).
    implied_currencies: Vec<usize>,
    /// Plausible yuan per unit, by currency code.
    rates: HashMap<String, (f64, f64)>,
    /// Currencies after, measure words and classifiers, anchored.
    post: AhoCorasick,
    post_kinds: Vec<Post>,
    measures: Vec<Measure>,
    classifiers: Vec<Classifier>,
    /// Words that may stand between a Chinese noun and its number (`项目有11个`), longest first.
    zh_links: Vec<String>,
    /// Time words that may stand between a Chinese noun and its link word
    /// (`干部今年将达到120名`), longest first.
    zh_asides: Vec<String>,
    /// Verbs that send the people counted after them (`选派124名`).
    zh_senders: Vec<String>,
    /// Chinese nouns, anchored and longest first (for the noun-before check).
    zh_nouns: AhoCorasick,
    zh_noun_info: Vec<(String, Noun)>,
    zh_nouns_by_len: Vec<usize>,
    /// English nouns by lower-case form (one or two words).
    en_nouns: HashMap<String, Noun>,
    en_stops: HashMap<String, ()>,
    hedges_before: Hedges,
    /// Hedges read only before a number that begins with an implicit one (`上百`, `数十`).
    hedges_bare: Hedges,
    hedges_after: AhoCorasick,
    hedge_after_kinds: Vec<Qualifier>,
    hedges_trail: AhoCorasick,
    hedge_trail_kinds: Vec<Qualifier>,
    cues_before: AhoCorasick,
    cue_before_kinds: Vec<Cue>,
    cues_after: AhoCorasick,
    cue_after_kinds: Vec<Cue>,
    /// Cues read only right before the amount (`up by`), longest first.
    cues_just_before: Vec<(String, Cue)>,
    /// Words between an earlier level and a new one (`提高到`, `to`): the new
    /// level is no flow when the earlier one is none (`收入由A增长到B`).
    growth: Vec<String>,
    skip_prefixes: Vec<String>,
    year_before: Vec<String>,
    year_after: Vec<String>,
}

fn automaton<I, P>(patterns: I, start: StartKind) -> Result<AhoCorasick, KnowledgeError>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .start_kind(start)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
        .map_err(|e| KnowledgeError {
            file: "quantities".to_string(),
            line: 0,
            message: format!("cannot compile automaton: {e}"),
        })
}

fn optional(s: &str) -> Option<String> {
    (!s.is_empty() && s != "-").then(|| s.to_string())
}

fn required<'r>(
    table: &Table,
    row: &'r Row,
    i: usize,
    what: &str,
) -> Result<&'r str, KnowledgeError> {
    let v = row.get(i);
    if v.is_empty() {
        Err(table.error(row, format!("empty `{what}`")))
    } else {
        Ok(v)
    }
}

fn parse_u64(table: &Table, row: &Row, i: usize, what: &str) -> Result<u64, KnowledgeError> {
    required(table, row, i, what)?
        .parse()
        .map_err(|_| table.error(row, format!("`{what}` is not a whole number")))
}

fn parse_qualifier(table: &Table, row: &Row, s: &str) -> Result<Qualifier, KnowledgeError> {
    match s {
        "approx" => Ok(Qualifier::Approx),
        "at_least" => Ok(Qualifier::AtLeast),
        "at_most" => Ok(Qualifier::AtMost),
        "exact" => Ok(Qualifier::Exact),
        other => Err(table.error(row, format!("unknown qualifier `{other}`"))),
    }
}

impl Lexicon {
    /// Loads the quantity lexicons from `source`.
    pub fn load(source: &TableSource) -> Result<Lexicon, KnowledgeError> {
        // currencies.tsv
        let t = source.table("currencies.tsv")?;
        let (c_form, c_code, c_pos) = (t.column("form")?, t.column("code")?, t.column("position")?);
        let (c_min, c_max) = (t.column("rate_min")?, t.column("rate_max")?);
        let mut currencies = Vec::new();
        let mut rates = HashMap::default();
        for row in &t.rows {
            let place = match row.get(c_pos) {
                "before" => Place::Before,
                "after" => Place::After,
                "both" => Place::Both,
                "implied" => Place::Implied,
                other => {
                    return Err(t.error(
                        row,
                        format!("position `{other}` is not before/after/both/implied"),
                    ));
                }
            };
            let code = required(&t, row, c_code, "code")?.to_string();
            if !row.get(c_min).is_empty() {
                let lo: f64 = row
                    .get(c_min)
                    .parse()
                    .map_err(|_| t.error(row, "bad rate_min"))?;
                let hi: f64 = row
                    .get(c_max)
                    .parse()
                    .map_err(|_| t.error(row, "bad rate_max"))?;
                rates.entry(code.clone()).or_insert((lo, hi));
            }
            currencies.push(Currency {
                form: required(&t, row, c_form, "form")?.to_string(),
                code,
                place,
            });
        }
        let implied_currencies: Vec<usize> = (0..currencies.len())
            .filter(|&i| currencies[i].place == Place::Implied)
            .collect();
        let mut before_currencies: Vec<usize> = (0..currencies.len())
            .filter(|&i| matches!(currencies[i].place, Place::Before | Place::Both))
            .collect();
        before_currencies.sort_by_key(|&i| std::cmp::Reverse(currencies[i].form.len()));

        // scales.tsv
        let t = source.table("scales.tsv")?;
        let (s_form, s_mult, s_att, s_need) = (
            t.column("form")?,
            t.column("multiplier")?,
            t.column("attach")?,
            t.column("needs_currency")?,
        );
        let mut scale_forms = Vec::new();
        let mut scale_kinds = Vec::new();
        for row in &t.rows {
            let multiplier = parse_u64(&t, row, s_mult, "multiplier")?;
            let attached = match row.get(s_att) {
                "free" => false,
                "attached" => true,
                other => return Err(t.error(row, format!("attach `{other}` is not free/attached"))),
            };
            let needs_currency = match row.get(s_need) {
                "yes" => true,
                "no" => false,
                other => {
                    return Err(t.error(row, format!("needs_currency `{other}` is not yes/no")));
                }
            };
            scale_forms.push(required(&t, row, s_form, "form")?.to_string());
            scale_kinds.push(Scale {
                multiplier,
                attached,
                needs_currency,
            });
        }

        // number_words.tsv
        let t = source.table("number_words.tsv")?;
        let (n_word, n_val, n_role, n_start) = (
            t.column("word")?,
            t.column("value")?,
            t.column("role")?,
            t.column("start")?,
        );
        let mut start_patterns: Vec<String> =
            (b'0'..=b'9').map(|d| (d as char).to_string()).collect();
        let mut numeral_forms = Vec::new();
        let mut numeral_kinds = Vec::new();
        let mut numeral_bare = Vec::new();
        for row in &t.rows {
            let word = required(&t, row, n_word, "word")?.to_string();
            let value = parse_u64(&t, row, n_val, "value")?;
            let kind = match row.get(n_role) {
                "unit" => Numeral::Word(value, WordRole::Unit),
                "ten" => Numeral::Word(value, WordRole::Ten),
                "multiplier" => Numeral::Word(value, WordRole::Multiplier),
                "scale" => Numeral::Scale(value),
                other => {
                    return Err(t.error(
                        row,
                        format!("role `{other}` is not unit/ten/multiplier/scale"),
                    ));
                }
            };
            let bare = match row.get(n_start) {
                "yes" | "bare" => {
                    start_patterns.push(word.clone());
                    row.get(n_start) == "bare"
                }
                "no" => false,
                other => return Err(t.error(row, format!("start `{other}` is not yes/no/bare"))),
            };
            numeral_forms.push(word);
            numeral_kinds.push(kind);
            numeral_bare.push(bare);
        }
        // Free scales continue spelled-out numbers ("five million", "三千五百万")
        // unless a number word already covers the form (百, 千 multiply within a group).
        for (form, kind) in scale_forms.iter().zip(&scale_kinds) {
            if !kind.attached && !kind.needs_currency && !numeral_forms.iter().any(|f| f == form) {
                numeral_forms.push(form.clone());
                numeral_kinds.push(Numeral::Scale(kind.multiplier));
                numeral_bare.push(false);
            }
        }

        // count_nouns.tsv
        let t = source.table("count_nouns.tsv")?;
        let (w_word, w_unit, w_class, w_kind) = (
            t.column("word")?,
            t.column("unit")?,
            t.column("class")?,
            t.column("kind")?,
        );
        let mut en_nouns = HashMap::default();
        let mut en_stops = HashMap::default();
        let mut zh_noun_info = Vec::new();
        let mut classifier_forms = Vec::new();
        let mut classifiers = Vec::new();
        let mut zh_links = Vec::new();
        let mut zh_asides = Vec::new();
        let mut zh_senders = Vec::new();
        for row in &t.rows {
            let word = required(&t, row, w_word, "word")?;
            let noun = Noun {
                unit: optional(row.get(w_unit)),
                class: optional(row.get(w_class)),
            };
            let ascii = word.is_ascii();
            match row.get(w_kind) {
                "noun" if ascii => {
                    if noun.unit.is_none() {
                        return Err(t.error(row, "a noun needs a unit"));
                    }
                    en_nouns.insert(word.to_ascii_lowercase(), noun);
                }
                "noun" => {
                    if noun.unit.is_none() {
                        return Err(t.error(row, "a noun needs a unit"));
                    }
                    zh_noun_info.push((word.to_string(), noun));
                }
                "classifier" | "counter" => {
                    let fixed = row.get(w_kind) == "counter";
                    if fixed && noun.unit.is_none() {
                        return Err(t.error(row, "a counter needs a unit"));
                    }
                    classifier_forms.push(word.to_string());
                    classifiers.push(Classifier { noun, fixed });
                }
                "link" => zh_links.push(word.to_string()),
                "aside" => zh_asides.push(word.to_string()),
                "send" => zh_senders.push(word.to_string()),
                "stop" => {
                    en_stops.insert(word.to_ascii_lowercase(), ());
                }
                other => {
                    return Err(t.error(
                        row,
                        format!(
                            "kind `{other}` is not noun/classifier/counter/link/aside/send/stop"
                        ),
                    ));
                }
            }
        }
        zh_links.sort_by_key(|w| std::cmp::Reverse(w.len()));
        zh_asides.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut zh_nouns_by_len: Vec<usize> = (0..zh_noun_info.len()).collect();
        zh_nouns_by_len.sort_by_key(|&i| std::cmp::Reverse(zh_noun_info[i].0.len()));

        // qualifiers.tsv
        let t = source.table("qualifiers.tsv")?;
        let (q_form, q_qual, q_pos) = (
            t.column("form")?,
            t.column("qualifier")?,
            t.column("position")?,
        );
        let (mut hedges_before, mut hedges_bare) = (Vec::new(), Vec::new());
        let (mut after_forms, mut hedge_after_kinds) = (Vec::new(), Vec::new());
        let (mut trail_forms, mut hedge_trail_kinds) = (Vec::new(), Vec::new());
        for row in &t.rows {
            let form = required(&t, row, q_form, "form")?.to_string();
            let q = parse_qualifier(&t, row, row.get(q_qual))?;
            match row.get(q_pos) {
                "before" => hedges_before.push((form, q)),
                "bare" => hedges_bare.push((form, q)),
                "after" => {
                    after_forms.push(form);
                    hedge_after_kinds.push(q);
                }
                "trail" => {
                    trail_forms.push(form);
                    hedge_trail_kinds.push(q);
                }
                other => {
                    return Err(t.error(
                        row,
                        format!("position `{other}` is not before/bare/after/trail"),
                    ));
                }
            }
        }
        let (hedges_before, hedges_bare) = (Hedges::new(hedges_before), Hedges::new(hedges_bare));

        // nonflow_cues.tsv
        let t = source.table("nonflow_cues.tsv")?;
        let (f_cue, f_where, f_label, f_unit, f_app) = (
            t.column("cue")?,
            t.column("where")?,
            t.column("label")?,
            t.column("unit")?,
            t.column("applies")?,
        );
        let mut measures = Vec::new();
        let mut measure_forms = Vec::new();
        let (mut before_forms, mut cue_before_kinds) = (Vec::new(), Vec::new());
        let (mut after_cue_forms, mut cue_after_kinds) = (Vec::new(), Vec::new());
        let (mut skip_prefixes, mut year_before, mut year_after) =
            (Vec::new(), Vec::new(), Vec::new());
        let (mut cues_just_before, mut growth) = (Vec::new(), Vec::new());
        for row in &t.rows {
            let cue = required(&t, row, f_cue, "cue")?.to_string();
            let applies = match row.get(f_app) {
                "money" => Applies::Money,
                "count" => Applies::Count,
                "both" | "" => Applies::Both,
                other => {
                    return Err(t.error(row, format!("applies `{other}` is not money/count/both")));
                }
            };
            let label = optional(row.get(f_label));
            match row.get(f_where) {
                "unit" => {
                    let label = label.ok_or_else(|| t.error(row, "a measure needs a label"))?;
                    let unit = required(&t, row, f_unit, "unit")?.to_string();
                    measure_forms.push(cue);
                    measures.push(Measure { label, unit });
                }
                "before" => {
                    let rate = optional(row.get(f_unit));
                    before_forms.push(cue);
                    cue_before_kinds.push(Cue {
                        label,
                        applies,
                        rate,
                    });
                }
                "after" => {
                    let rate = optional(row.get(f_unit));
                    after_cue_forms.push(cue);
                    cue_after_kinds.push(Cue {
                        label,
                        applies,
                        rate,
                    });
                }
                "skip" => skip_prefixes.push(cue),
                "just_before" => cues_just_before.push((
                    cue,
                    Cue {
                        label,
                        applies,
                        rate: None,
                    },
                )),
                "growth" => growth.push(cue),
                "year_before" => year_before.push(cue),
                "year_after" => year_after.push(cue),
                other => return Err(t.error(row, format!("where `{other}` is unknown"))),
            }
        }
        skip_prefixes.sort_by_key(|f| std::cmp::Reverse(f.len()));
        cues_just_before.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));

        // The automaton of what may directly follow a number.
        let mut post_forms: Vec<&str> = Vec::new();
        let mut post_kinds = Vec::new();
        for (i, c) in currencies.iter().enumerate() {
            if matches!(c.place, Place::After | Place::Both) {
                post_forms.push(&c.form);
                post_kinds.push(Post::Currency(i));
            }
        }
        for (i, f) in measure_forms.iter().enumerate() {
            post_forms.push(f);
            post_kinds.push(Post::Measure(i));
        }
        for (i, f) in classifier_forms.iter().enumerate() {
            post_forms.push(f);
            post_kinds.push(Post::Classifier(i));
        }
        let post = automaton(&post_forms, StartKind::Anchored)?;
        let mut first_pairs = BytePairs::default();
        let mut first_bytes = [false; 256];
        for p in &start_patterns {
            if let Some(&a) = p.as_bytes().first() {
                first_bytes[usize::from(a.to_ascii_lowercase())] = true;
                first_bytes[usize::from(a.to_ascii_uppercase())] = true;
            }
            if let [a, b, ..] = p.as_bytes() {
                first_pairs.insert(*a, *b);
            }
        }
        drop(post_forms);

        Ok(Lexicon {
            first_pairs,
            first_bytes,
            starts: automaton(&start_patterns, StartKind::Anchored)?,
            numerals: automaton(&numeral_forms, StartKind::Anchored)?,
            numeral_kinds,
            numeral_bare,
            scales: automaton(&scale_forms, StartKind::Anchored)?,
            scale_kinds,
            before_currencies,
            implied_currencies,
            currencies,
            rates,
            post,
            post_kinds,
            measures,
            classifiers,
            zh_links,
            zh_asides,
            zh_senders,
            zh_nouns: automaton(
                zh_noun_info.iter().map(|(w, _)| w.as_str()),
                StartKind::Anchored,
            )?,
            zh_noun_info,
            zh_nouns_by_len,
            en_nouns,
            en_stops,
            hedges_before,
            hedges_bare,
            hedges_after: automaton(&after_forms, StartKind::Anchored)?,
            hedge_after_kinds,
            hedges_trail: automaton(&trail_forms, StartKind::Anchored)?,
            hedge_trail_kinds,
            cues_before: automaton(&before_forms, StartKind::Unanchored)?,
            cue_before_kinds,
            cues_after: automaton(&after_cue_forms, StartKind::Anchored)?,
            cues_just_before,
            growth,
            cue_after_kinds,
            skip_prefixes,
            year_before,
            year_after,
        })
    }
}

/// Adds the `quantities` layer: reads inside each `doc.sentences` span (set by
/// the segment stage), skipping nothing else, and drops a number that begins
/// inside a place name; pushes mentions in text order.
pub fn read(doc: &mut Document, lexicon: &Lexicon) {
    let mut found = Vec::new();
    for sentence in &doc.sentences {
        let (start, end) = (sentence.span.start, sentence.span.end);
        if let Some(text) = doc.text.get(start..end) {
            scan(text, start, lexicon, &mut found);
        }
    }
    found.retain(|q| !in_place_name(&doc.places, q.span.start));
    doc.quantities.append(&mut found);
}

/// Whether `at` lies inside a place name the places stage found (`places`
/// are in text order and disjoint): a number there is part of the name
/// (三台县, 七台河市), no count of counties or cities.
fn in_place_name(places: &[PlaceMention], at: usize) -> bool {
    let after = places.partition_point(|p| p.span.start <= at);
    after > 0 && at < places[after - 1].span.end
}

/// The same reading over a whole text treated as one sentence.
pub fn read_text(text: &str, lexicon: &Lexicon) -> Vec<QuantityMention> {
    let mut out = Vec::new();
    scan(text, 0, lexicon, &mut out);
    out
}

fn scan(text: &str, base: usize, lex: &Lexicon, out: &mut Vec<QuantityMention>) {
    let reader = Reader {
        lex,
        t: text,
        b: text.as_bytes(),
        base,
    };
    let b = text.as_bytes();
    let mut pos = 0;
    let mut floor = 0;
    // One pass over the bytes: only a byte that can begin a number (a digit,
    // the first letter of a number word at a word start, the lead byte of a
    // CJK numeral) is tried against the anchored start automaton.
    while pos < b.len() {
        while pos < b.len() && !lex.first_bytes[usize::from(b[pos])] {
            pos += 1;
        }
        if pos >= b.len() {
            break;
        }
        let c = b[pos];
        let end = if c.is_ascii_digit() {
            pos + 1
        } else {
            let candidate = pos + 1 < b.len()
                && lex.first_pairs.contains(c, b[pos + 1])
                && (!c.is_ascii_alphabetic() || pos == 0 || !is_word_byte(b[pos - 1]));
            let found = candidate
                .then(|| {
                    let input = Input::new(text).span(pos..b.len()).anchored(Anchored::Yes);
                    lex.starts.find(input)
                })
                .flatten();
            match found {
                Some(m) => m.end(),
                None => {
                    pos += 1;
                    continue;
                }
            }
        };
        let (mut found, next) = reader.read_at(pos, end, floor);
        if found.is_none()
            && c.is_ascii_digit()
            && let Some(prev) = out.last().filter(|p| p.span.start >= base)
        {
            found = reader.elided_item(pos, prev);
        }
        if let Some(mut q) = found {
            if let Some(prev) = out.last().filter(|p| p.span.start >= base) {
                reader.inherit_growth(prev, &mut q);
                reader.inherit_batch_people(prev, &mut q);
            }
            out.push(q);
            floor = next;
        }
        pos = next.max(end);
    }
}

/// An exact decimal: `mantissa * multiplier / 10^frac`.
#[derive(Debug, Clone, Copy)]
struct Decimal {
    mantissa: u128,
    frac: u32,
    multiplier: u128,
}

impl Decimal {
    /// The value rounded half up to an integer, `None` on overflow.
    fn value(&self) -> Option<u64> {
        let num = self.mantissa.checked_mul(self.multiplier)?;
        let den = 10u128.checked_pow(self.frac)?;
        let v = num.checked_add(den / 2)? / den;
        u64::try_from(v).ok()
    }
}

/// The most figures a list may hold before the one that names their
/// currency ("72 million, 55 million and 48 million yuan").
const LISTED_FIGURES_MAX: usize = 8;

/// A number with its scales: `1.78 billion`, `3000多万`, `five hundred`.
#[derive(Debug, Clone, Copy)]
struct Amount {
    start: usize,
    end: usize,
    decimal: Decimal,
    has_scale: bool,
    needs_currency: bool,
    /// Glued to a letter that must be a unit (`10km`).
    glued: bool,
    year_like: bool,
    /// A single 一 (for `一户一策` idioms).
    lone_yi: bool,
    /// Begins with a multiplier or scale standing for one of it (`十五`, `百亿`).
    implicit_one: bool,
    /// Begins with a bare-start word (`百`, `万`): read only with a hedge, as
    /// money, or as a few hundred people (`百名`), never in idioms (`千家万户`).
    gated: bool,
    hedge: Option<(Qualifier, usize, usize)>,
}

/// A spelled-out number as `words` reads it.
struct Words {
    value: u128,
    end: usize,
    implicit_one: bool,
    gated: bool,
}

/// What the number is a number of.
enum Unit {
    Money {
        currency: usize,
        start: usize,
        end: usize,
    },
    Count {
        noun: Noun,
        role: Option<(usize, usize)>,
        role_end: usize,
        end: usize,
        rule: &'static str,
    },
    Measure {
        measure: usize,
        end: usize,
    },
}

struct Reader<'a> {
    lex: &'a Lexicon,
    t: &'a str,
    b: &'a [u8],
    base: usize,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `hay` contains `needle`, ASCII case-insensitively.
fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Hedge forms (never empty), longest first, and the same by their last
/// byte in ASCII lower case: a form can end a text only where the text's
/// last byte is its own, so the test before a number tries those alone.
#[derive(Debug)]
struct Hedges {
    forms: Vec<(String, Qualifier)>,
    /// For each byte, the forms ending with it, longest first.
    by_last: Vec<Vec<(String, Qualifier)>>,
}

impl Hedges {
    fn new(mut forms: Vec<(String, Qualifier)>) -> Hedges {
        forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        let mut by_last = vec![Vec::new(); 256];
        for (form, q) in &forms {
            let last = form.as_bytes().last().map_or(0, u8::to_ascii_lowercase);
            by_last[usize::from(last)].push((form.clone(), *q));
        }
        Hedges { forms, by_last }
    }

    /// The forms that may end `hay`, longest first (an empty text ends none).
    fn ending(&self, hay: &[u8]) -> &[(String, Qualifier)] {
        hay.last()
            .map_or(&[], |b| &self.by_last[usize::from(b.to_ascii_lowercase())])
    }
}

fn ends_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[hay.len() - needle.len()..].eq_ignore_ascii_case(needle)
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '('
            | ')'
            | '!'
            | '?'
            | '，'
            | '。'
            | '；'
            | '：'
            | '、'
            | '（'
            | '）'
            | '！'
            | '？'
    )
}

impl Reader<'_> {
    fn byte(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(b' ')
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    /// Whether a match `[s, e)` of pattern bytes ends on a word boundary.
    fn end_ok(&self, s: usize, e: usize) -> bool {
        e > s && !(is_word_byte(self.b[e - 1]) && e < self.b.len() && is_word_byte(self.b[e]))
    }

    /// Whether a match starting at `s` begins on a word boundary.
    fn start_ok(&self, s: usize) -> bool {
        s == 0 || !is_word_byte(self.b[s]) || !is_word_byte(self.b[s - 1])
    }

    fn anchored(&self, ac: &AhoCorasick, at: usize) -> Option<(usize, usize, usize)> {
        if at >= self.b.len() {
            return None;
        }
        let m = ac.find(
            Input::new(self.t)
                .span(at..self.t.len())
                .anchored(Anchored::Yes),
        )?;
        self.end_ok(m.start(), m.end())
            .then(|| (m.pattern().as_usize(), m.start(), m.end()))
    }

    /// Position after up to two ASCII spaces.
    fn skip_spaces(&self, mut at: usize) -> usize {
        let mut n = 0;
        while n < 2 && self.byte(at) == b' ' && at < self.b.len() {
            at += 1;
            n += 1;
        }
        at
    }

    /// Position before up to two ASCII spaces ending at `at`, not below `floor`.
    fn skip_spaces_back(&self, mut at: usize, floor: usize) -> usize {
        let mut n = 0;
        while n < 2 && at > floor && self.b[at - 1] == b' ' {
            at -= 1;
            n += 1;
        }
        at
    }

    /// Reads the number that starts at `s` (a start match ending at `m_end`).
    /// Returns the mention, if any, and where scanning goes on.
    fn read_at(&self, s: usize, m_end: usize, floor: usize) -> (Option<QuantityMention>, usize) {
        let digit = self.b[s].is_ascii_digit();
        let skip_to = if digit {
            self.digit_cluster_end(s)
        } else {
            m_end
        };
        if s > 0 {
            let prev = self.b[s - 1];
            if is_word_byte(prev) && !(digit && self.currency_before(s, floor).is_some()) {
                return (None, skip_to);
            }
            if matches!(prev, b'-' | b'.' | b'/' | b':') && s >= 2 && is_word_byte(self.b[s - 2]) {
                return (None, skip_to);
            }
        }
        if self.has_skip_prefix(s, floor) {
            // The whole numeral is skipped: "第十一批" holds no "一批".
            let end = self.amount(s).map_or(skip_to, |a| a.end.max(skip_to));
            return (None, end);
        }
        let Some(first) = self.amount(s) else {
            return (None, skip_to);
        };
        if first.year_like && self.is_year(s, first.end) {
            return (None, skip_to.max(first.end));
        }
        // A range: "3-5 million yuan", "between 3 and 5 million yuan", "3 to 5".
        if let Some((second, between)) = self.range_end(&first, floor) {
            let mut lo = first;
            if !lo.has_scale && second.has_scale {
                lo.decimal.multiplier = second.decimal.multiplier;
                lo.needs_currency = second.needs_currency;
            }
            let start = between.unwrap_or(s);
            let found = self.finish(start, &lo, Some(&second), floor);
            let next = found.as_ref().map_or(second.end, |(_, e)| *e);
            return (found.map(|(q, _)| q), next.max(skip_to));
        }
        match self.finish(s, &first, None, floor) {
            Some((q, e)) => (Some(q), e.max(m_end)),
            None => (None, skip_to.max(first.end).max(m_end)),
        }
    }

    /// End of a run of digits and number punctuation (skipped as one token).
    fn digit_cluster_end(&self, mut i: usize) -> usize {
        while i < self.b.len()
            && (self.b[i].is_ascii_digit()
                || (matches!(self.b[i], b',' | b'.' | b'-' | b'/' | b':')
                    && self.byte(i + 1).is_ascii_digit()))
        {
            i += 1;
        }
        i
    }

    fn has_skip_prefix(&self, s: usize, floor: usize) -> bool {
        let q = self.skip_spaces_back(s, floor);
        let hay = &self.b[floor..q];
        self.lex.skip_prefixes.iter().any(|p| {
            let p = p.as_bytes();
            ends_with_ci(hay, p)
                && self.start_ok(q - p.len())
                && (q < s || !p[p.len() - 1].is_ascii_alphanumeric())
        })
    }

    /// A year-like number that the context makes a date.
    fn is_year(&self, s: usize, end: usize) -> bool {
        let after = &self.b[end..];
        if self
            .lex
            .year_after
            .iter()
            .any(|y| after.starts_with(y.as_bytes()))
        {
            return true;
        }
        let q = self.skip_spaces_back(s, 0);
        if q == s {
            return false;
        }
        let hay = &self.b[..q];
        self.lex.year_before.iter().any(|w| {
            let w = w.as_bytes();
            ends_with_ci(hay, w) && self.start_ok(q - w.len())
        })
    }

    /// A number plus hedges-after and scales, starting at `s`.
    fn amount(&self, s: usize) -> Option<Amount> {
        let (decimal, num_end, year_like, w) = if self.b[s].is_ascii_digit() {
            let (d, e) = self.arabic(s)?;
            let year_like = d.frac == 0 && e - s == 4 && (1900..=2100).contains(&d.mantissa);
            (d, e, year_like, None)
        } else {
            let w = self.words(s)?;
            let d = Decimal {
                mantissa: w.value,
                frac: 0,
                multiplier: 1,
            };
            (d, w.end, false, Some(w))
        };
        let mut a = Amount {
            start: s,
            end: num_end,
            decimal,
            has_scale: false,
            needs_currency: false,
            glued: self.b[s].is_ascii_digit() && self.byte(num_end).is_ascii_alphabetic(),
            year_like,
            lone_yi: w.is_some() && &self.t[s..num_end] == "一",
            implicit_one: w.as_ref().is_some_and(|w| w.implicit_one),
            gated: w.as_ref().is_some_and(|w| w.gated),
            hedge: None,
        };
        loop {
            let at = a.end;
            if a.hedge.is_none() {
                let h = self.anchored(&self.lex.hedges_after, at).or_else(|| {
                    (self.byte(at) == b' ')
                        .then(|| self.anchored(&self.lex.hedges_after, at + 1))
                        .flatten()
                });
                if let Some((i, hs, he)) = h {
                    // A hedge counts only when something follows that the reader takes.
                    a.hedge = Some((self.lex.hedge_after_kinds[i], hs, he));
                    a.end = he;
                    continue;
                }
            }
            let glued = self.anchored(&self.lex.scales, at).filter(|_| true);
            // "300 million", and as a modifier "a 300-million-yuan park".
            let spaced = || {
                matches!(self.byte(at), b' ' | b'-')
                    .then(|| self.anchored(&self.lex.scales, at + 1))
                    .flatten()
                    .filter(|(i, _, _)| !self.lex.scale_kinds[*i].attached)
            };
            let Some((i, _, e)) = glued.or_else(spaced) else {
                break;
            };
            let sc = self.lex.scale_kinds[i];
            a.decimal.multiplier = a.decimal.multiplier.checked_mul(sc.multiplier as u128)?;
            a.has_scale = true;
            a.needs_currency |= sc.needs_currency;
            a.year_like = false;
            a.end = e;
        }
        if let Some(rest) = self.smaller_group(&a) {
            a = rest;
        }
        Some(a)
    }

    /// `1亿2000万`: digits glued after a Chinese scale, with a smaller scale of
    /// their own, add to the amount (the whole, as one exact integer).
    fn smaller_group(&self, a: &Amount) -> Option<Amount> {
        let glued_cjk = a.has_scale && a.end > 0 && !self.b[a.end - 1].is_ascii();
        if !glued_cjk || a.hedge.is_some() || !self.byte(a.end).is_ascii_digit() {
            return None;
        }
        let rest = self.amount(a.end)?;
        if !rest.has_scale || rest.decimal.multiplier >= a.decimal.multiplier {
            return None;
        }
        let sum = u128::from(a.decimal.value()?) + u128::from(rest.decimal.value()?);
        Some(Amount {
            end: rest.end,
            decimal: Decimal {
                mantissa: sum,
                frac: 0,
                multiplier: 1,
            },
            hedge: rest.hedge,
            needs_currency: a.needs_currency || rest.needs_currency,
            ..*a
        })
    }

    /// Arabic digits with thousands commas and a decimal part.
    fn arabic(&self, s: usize) -> Option<(Decimal, usize)> {
        let b = self.b;
        let mut i = s;
        let mut mantissa: u128 = 0;
        let mut digits = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            mantissa = mantissa * 10 + u128::from(b[i] - b'0');
            digits += 1;
            i += 1;
            if digits > MAX_DIGITS {
                return None;
            }
        }
        let first_group = i - s;
        if first_group <= 3 {
            while self.byte(i) == b','
                && (1..=3).all(|k| self.byte(i + k).is_ascii_digit())
                && !self.byte(i + 4).is_ascii_digit()
            {
                for k in 1..=3 {
                    mantissa = mantissa * 10 + u128::from(b[i + k] - b'0');
                }
                digits += 3;
                if digits > MAX_DIGITS {
                    return None;
                }
                i += 4;
            }
        }
        let mut frac = 0;
        if self.byte(i) == b'.' && self.byte(i + 1).is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                mantissa = mantissa * 10 + u128::from(b[i] - b'0');
                frac += 1;
                digits += 1;
                i += 1;
                if digits > MAX_DIGITS {
                    return None;
                }
            }
            // "1.2.3" is a version or a code.
            if self.byte(i) == b'.' && self.byte(i + 1).is_ascii_digit() {
                return None;
            }
        }
        Some((
            Decimal {
                mantissa,
                frac,
                multiplier: 1,
            },
            i,
        ))
    }

    /// A spelled-out number (English words or Chinese numerals).
    fn words(&self, s: usize) -> Option<Words> {
        let (mut cur, mut section, mut total) = (0u128, 0u128, 0u128);
        let mut last_scale = 0u128;
        let mut last: Option<(WordRole, u64)> = None;
        let mut last_was_scale = false;
        let mut tokens = 0;
        let mut first = None;
        let mut end = s;
        loop {
            let mut p = end;
            if tokens > 0 {
                if self.byte(p) == b'-' && self.byte(p + 1).is_ascii_alphabetic() {
                    p += 1;
                } else if self.byte(p) == b' ' && p < self.b.len() {
                    p += 1;
                    let after_group =
                        last_was_scale || matches!(last, Some((WordRole::Multiplier, _)));
                    if after_group
                        && self.b.len() >= p + 4
                        && self.b[p..p + 4].eq_ignore_ascii_case(b"and ")
                    {
                        p += 4;
                    }
                }
            }
            let Some((i, _, e)) = self.anchored(&self.lex.numerals, p) else {
                break;
            };
            // English words need a separator; CJK numerals are glued.
            if tokens > 0 && p == end && self.b[p].is_ascii() {
                break;
            }
            if tokens == 0 {
                first = Some(i);
            }
            match self.lex.numeral_kinds[i] {
                Numeral::Word(v, role) => {
                    let v128 = u128::from(v);
                    match role {
                        WordRole::Unit => {
                            let ok = match last {
                                None => true,
                                Some((WordRole::Unit, 0)) => true,
                                Some((WordRole::Unit, _)) => false,
                                Some((WordRole::Ten, _)) => v < 10,
                                Some((WordRole::Multiplier, _)) => true,
                            } || last_was_scale;
                            if !ok {
                                break;
                            }
                            cur += v128;
                        }
                        WordRole::Ten => {
                            if matches!(last, Some((WordRole::Unit, _)) | Some((WordRole::Ten, _)))
                                && !last_was_scale
                            {
                                break;
                            }
                            cur += v128;
                        }
                        WordRole::Multiplier => {
                            if matches!(last, Some((WordRole::Multiplier, _))) && !last_was_scale {
                                break;
                            }
                            section += cur.max(1) * v128;
                            cur = 0;
                        }
                    }
                    last = Some((role, v));
                    last_was_scale = false;
                }
                Numeral::Scale(m) => {
                    let m = u128::from(m);
                    // A leading scale stands for one of it: 亿元, 万余人.
                    let val = if tokens == 0 { 1 } else { section + cur };
                    if val == 0 {
                        break;
                    }
                    if m > last_scale {
                        total = (total + val).checked_mul(m)?;
                    } else {
                        total = total.checked_add(val.checked_mul(m)?)?;
                    }
                    last_scale = m;
                    section = 0;
                    cur = 0;
                    last_was_scale = true;
                }
            }
            tokens += 1;
            end = e;
        }
        let first = first?;
        let value = total + section + cur;
        (value > 0).then_some(Words {
            value,
            end,
            implicit_one: matches!(
                self.lex.numeral_kinds[first],
                Numeral::Scale(_) | Numeral::Word(_, WordRole::Multiplier)
            ),
            gated: self.lex.numeral_bare[first],
        })
    }

    /// The second number of a range after `first`, and the start of `between`.
    fn range_end(&self, first: &Amount, floor: usize) -> Option<(Amount, Option<usize>)> {
        let mut p = first.end;
        let between = {
            let q = self.skip_spaces_back(first.start, floor);
            let w = b"between";
            (q < first.start && ends_with_ci(&self.b[floor..q], w) && self.start_ok(q - w.len()))
                .then(|| q - w.len())
        };
        let t = &self.t[p..];
        let conn = if between.is_some() {
            [" and "].iter().find(|c| {
                t.len() >= c.len() && t.as_bytes()[..c.len()].eq_ignore_ascii_case(c.as_bytes())
            })
        } else {
            ["-", "–", "—", "~", "～", " - ", " – ", " to ", "至", "到"]
                .iter()
                .find(|c| t.starts_with(**c))
        }?;
        p += conn.len();
        let c = self.byte(p);
        if !(c.is_ascii_digit()
            || (!first.decimal_is_arabic(self.b) && self.lex.starts_at(self.t, p)))
        {
            return None;
        }
        if c.is_ascii_digit() != self.b[first.start].is_ascii_digit() {
            return None;
        }
        let second = self.amount(p)?;
        Some((second, between))
    }

    /// Reads the unit after an amount (or range) and builds the mention.
    fn finish(
        &self,
        start: usize,
        lo: &Amount,
        hi: Option<&Amount>,
        floor: usize,
    ) -> Option<(QuantityMention, usize)> {
        let last = hi.unwrap_or(lo);
        let at = last.end;
        let before = self.currency_before(start, floor);
        let unit = self.unit_after(last, at, start, floor);
        if last.glued && last.end == self.digits_only_end(last) {
            // "5G", "15th": the letters must be a unit read glued.
            match &unit {
                Some(Unit::Money { start: us, .. }) | Some(Unit::Measure { end: us, .. })
                    if *us >= at =>
                {
                    if self.byte(at) == b' ' {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        let unit = match (before, unit) {
            (Some((cs, ci)), Some(Unit::Money { currency, end, .. })) => {
                let _ = ci;
                Unit::Money {
                    currency,
                    start: cs,
                    end,
                }
            }
            (Some((cs, ci)), _) => Unit::Money {
                currency: ci,
                start: cs,
                end: at,
            },
            (None, Some(u)) => u,
            (None, None) => self
                .implied_money(start, last, floor)
                .or_else(|| self.currency_later_in_list(last, start))
                .or_else(|| self.counted_before(start, last.end, floor))?,
        };
        if lo.needs_currency && !matches!(unit, Unit::Money { .. }) {
            return None;
        }
        let lo_v = lo.decimal.value()?;
        if lo_v > 1 && self.singular_head(&unit) {
            // "2010 counterpart support project contracts": the noun modifies
            // another, and the number is a year, not a count of projects.
            return None;
        }
        let hi_v = match hi {
            Some(h) => Some(h.decimal.value()?),
            None => None,
        };
        if let Some(h) = hi_v
            && h < lo_v
        {
            return None;
        }
        let mut q = QuantityMention {
            span: Span::new(0, 0),
            kind: QuantityKind::Count,
            value: lo_v,
            unit: String::new(),
            qualifier: Qualifier::Exact,
            qualifier_span: None,
            min: hi_v.map(|_| lo_v),
            max: hi_v,
            alt: None,
            implied_rate: None,
            rate_implausible: false,
            role: None,
            noun_class: None,
            not_flow: None,
            rate: None,
            rule: "",
        };
        let (span_start, mut end) = match &unit {
            Unit::Money {
                currency,
                start: cs,
                end,
            } => {
                q.kind = QuantityKind::Money;
                q.unit = self.lex.currencies[*currency].code.clone();
                q.rule = if self.lex.currencies[*currency].place == Place::Implied {
                    "money-implied"
                } else if *cs < start {
                    "money-currency-first"
                } else {
                    "money"
                };
                (*cs.min(&start), *end)
            }
            Unit::Count {
                noun,
                role,
                role_end,
                end,
                rule,
            } => {
                q.unit = noun.unit.clone().unwrap_or_default();
                q.noun_class = noun.class.clone();
                q.role = role.map(|(rs, re)| self.t[rs..re.max(*role_end)].to_string());
                q.rule = rule;
                (start, *end)
            }
            Unit::Measure { measure, end } => {
                let m = &self.lex.measures[*measure];
                q.unit = m.unit.clone();
                q.not_flow = Some(m.label.clone());
                q.rule = "measure";
                (start, *end)
            }
        };
        // Hedges: inside (余, 多) or before the phrase.
        if let Some((ql, hs, he)) = lo.hedge.or(hi.and_then(|h| h.hedge)) {
            q.qualifier = ql;
            q.qualifier_span = Some(self.span(hs, he));
        }
        let bare_hedge = || {
            lo.implicit_one
                .then(|| self.hedge_in(&self.lex.hedges_bare, span_start, floor))
                .flatten()
        };
        if q.qualifier_span.is_none() && hi.is_none() {
            if let Some((ql, hs, he)) = self.hedge_before(span_start, floor) {
                q.qualifier = ql;
                q.qualifier_span = Some(self.span(hs, he));
            } else if let Some((ql, hs, he)) = bare_hedge() {
                q.qualifier = ql;
                q.qualifier_span = Some(self.span(hs, he));
                // "数十名", "几百万元": an order of magnitude, no figure stated.
                if ql == Qualifier::Approx {
                    q.not_flow = Some("vague".to_string());
                }
            }
        }
        q.span = self.span(span_start, end);
        let mut consumed = end;
        // The same amount in a second currency, in brackets.
        if q.kind == QuantityKind::Money
            && let Some((alt, alt_end)) = self.alt_after(end)
        {
            let alt_code = self.lex.currencies[alt.currency].code.clone();
            if alt_code != q.unit {
                let alt_value = alt.value;
                let mut main = (q.value, q.unit.clone(), q.span);
                let mut other = (alt_value, alt_code, self.span(alt.start, alt.end));
                if other.1 == "CNY" {
                    std::mem::swap(&mut main, &mut other);
                    q.rule = "money-alt-first";
                }
                q.value = main.0;
                q.unit = main.1;
                q.span = main.2;
                if q.min.is_some() {
                    // A range restated: keep the bounds only in the first currency.
                    q.min = None;
                    q.max = None;
                }
                if q.unit == "CNY" && other.0 > 0 {
                    let rate = q.value as f64 / other.0 as f64;
                    q.implied_rate = Some(rate);
                    if let Some(&(lo, hi)) = self.lex.rates.get(&other.1) {
                        q.rate_implausible = !(lo..=hi).contains(&rate);
                    }
                }
                q.alt = Some(AltAmount {
                    value: other.0,
                    unit: other.1,
                    span: other.2,
                });
                consumed = alt_end;
                end = alt_end;
            }
        }
        // Trailing hedges: "50人以上", "100 cadres or more".
        if q.qualifier == Qualifier::Exact {
            let p = if self.b.get(end).is_some_and(|c| c.is_ascii()) {
                self.skip_spaces(end)
            } else {
                end
            };
            if let Some((i, hs, he)) = self.anchored(&self.lex.hedges_trail, p)
                && (p == end || self.b[hs].is_ascii())
            {
                q.qualifier = self.lex.hedge_trail_kinds[i];
                q.qualifier_span = Some(self.span(hs, he));
                consumed = he;
                end = he;
            }
        }
        if lo.gated && !self.bare_is_quantity(&q) {
            return None;
        }
        if q.not_flow.is_none() {
            let lim = q
                .qualifier_span
                .map_or(span_start, |s| (s.start - self.base).min(span_start));
            self.read_cues(&mut q, lim, end, floor);
        }
        if q.not_flow.is_none()
            && matches!(q.kind, QuantityKind::Count | QuantityKind::Money)
            && (self.is_title(start, &q) || self.is_slogan(start, &q))
        {
            q.not_flow = Some("name".to_string());
        }
        Some((q, consumed))
    }

    fn digits_only_end(&self, a: &Amount) -> usize {
        let mut i = a.start;
        while i < self.b.len() && (self.b[i].is_ascii_digit() || matches!(self.b[i], b',' | b'.')) {
            i += 1;
        }
        i
    }

    /// A count noun or a money unit written in Title Case by a quote: a name
    /// (`"10000 Enterprises Helping 10000 Villages"`).
    fn is_title(&self, start: usize, q: &QuantityMention) -> bool {
        let opened = self.t[..start]
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '"' | '“' | '「' | '《' | '\''));
        let end = q.span.end - self.base;
        let closed = self.t[end..]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '"' | '”' | '」' | '》' | '\''));
        let title_role = q
            .role
            .as_deref()
            .and_then(|r| r.bytes().next())
            .is_some_and(|c| c.is_ascii_uppercase());
        // "“100 Million Yuan Generated from 10000 Mu”": a money figure in
        // Title Case right after the quote.
        let title_money = q.kind == QuantityKind::Money
            && opened
            && self.t[start..end]
                .split_whitespace()
                .skip(1)
                .any(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
        ((opened || closed) && title_role) || title_money
    }

    /// A count written in words that opens a short quoted name
    /// (“千名教师进吐鲁番”, “万企帮万村”): a campaign's name, not a count.
    fn is_slogan(&self, start: usize, q: &QuantityMention) -> bool {
        let end = q.span.end - self.base;
        let opened = self.t[..start].ends_with(['“', '"', '「']);
        let in_words = !self.t[start..end].contains(|c: char| c.is_ascii_digit());
        let closed = self.t[end..]
            .chars()
            .take(12)
            .take_while(|c| !matches!(c, '。' | '，' | ',' | '；' | ';'))
            .any(|c| matches!(c, '”' | '"' | '」'));
        q.kind == QuantityKind::Count && opened && in_words && closed
    }

    /// An English count whose head noun is singular (the table also lists it
    /// with `s` or `es`): `2010 ... project contracts` counts no projects.
    fn singular_head(&self, unit: &Unit) -> bool {
        let Unit::Count {
            role: Some((rs, re)),
            rule: "en-count",
            ..
        } = unit
        else {
            return false;
        };
        let head = self.t[*rs..*re].rsplit(' ').next().unwrap_or_default();
        let plural = |suffix: &str| {
            let mut key = head.to_ascii_lowercase();
            key.push_str(suffix);
            self.lex.en_nouns.contains_key(&key)
        };
        plural("s") || plural("es")
    }

    /// Yuan left unwritten after a Chinese scale when a money noun stands
    /// right before the amount (or its hedge): 资金12亿, 投资近5000万.
    fn implied_money(&self, start: usize, last: &Amount, floor: usize) -> Option<Unit> {
        if !last.has_scale || self.b[last.end - 1].is_ascii() {
            return None;
        }
        let q = self
            .hedge_before(start, floor)
            .map_or(start, |(_, hs, _)| hs);
        let hay = &self.b[floor..q];
        let currency = self
            .lex
            .implied_currencies
            .iter()
            .copied()
            .find(|&i| hay.ends_with(self.lex.currencies[i].form.as_bytes()))?;
        Some(Unit::Money {
            currency,
            start,
            end: last.end,
        })
    }

    /// "received 72 million, 55 million and 48 million yuan respectively":
    /// a scaled figure in a list whose last figure names the currency is
    /// money in it.
    fn currency_later_in_list(&self, last: &Amount, start: usize) -> Option<Unit> {
        if !last.has_scale || !self.b[last.end - 1].is_ascii() {
            return None;
        }
        let mut at = last.end;
        for _ in 0..LISTED_FIGURES_MAX {
            let rest = &self.b[at..];
            let sep = [", and ", " and ", ", "]
                .iter()
                .find(|sep| rest.starts_with(sep.as_bytes()))?;
            let next = self.amount(at + sep.len())?;
            if !next.has_scale || !self.b[next.end - 1].is_ascii() {
                return None;
            }
            if let Some(Unit::Money { currency, .. }) =
                self.unit_after(&next, next.end, next.start, next.start)
            {
                return Some(Unit::Money {
                    currency,
                    start,
                    end: last.end,
                });
            }
            at = next.end;
        }
        None
    }

    /// "the number of rural students assisted has reached 1,860": a bare
    /// number that a "number of NOUN ... reached" phrase of its clause
    /// counts. The noun is the first count noun after "number of".
    fn counted_before(&self, start: usize, end: usize, floor: usize) -> Option<Unit> {
        let q = self
            .hedge_before(start, floor)
            .map_or(start, |(_, hs, _)| hs);
        let clause_start = self.t[floor..q]
            .rfind([',', ';', '.', ':'])
            .map_or(floor, |i| floor + i + 1);
        let clause = self.t[clause_start..q].to_ascii_lowercase();
        let of = clause.find("number of ")? + "number of ".len();
        let last_word = clause.trim_end().rsplit(' ').next().unwrap_or_default();
        if !NUMBER_OF_VERBS.contains(&last_word) {
            return None;
        }
        let mut p = clause_start + of;
        for _ in 0..MAX_TAIL_WORDS {
            let (ws, we) = self.word_at(p)?;
            let noun = self
                .lower(ws, we)
                .and_then(|k| self.lex.en_nouns.get(k.as_str()).cloned());
            if let Some(noun) = noun {
                return Some(Unit::Count {
                    noun,
                    role: Some((clause_start + of, we)),
                    role_end: we,
                    end,
                    rule: "en-number-of",
                });
            }
            p = we + 1;
        }
        None
    }

    /// The currency written before the number at `at`: (start, currency index).
    fn currency_before(&self, at: usize, floor: usize) -> Option<(usize, usize)> {
        if at <= floor {
            return None;
        }
        let q = self.skip_spaces_back(at, floor);
        for &i in &self.lex.before_currencies {
            let f = self.lex.currencies[i].form.as_bytes();
            let hay = &self.b[floor..q];
            if ends_with_ci(hay, f) && self.start_ok(q - f.len()) {
                return Some((q - f.len(), i));
            }
        }
        None
    }

    /// The unit after the amount: currency, measure, classifier, English count noun.
    fn unit_after(&self, a: &Amount, at: usize, start: usize, floor: usize) -> Option<Unit> {
        let glued = self.anchored(&self.lex.post, at);
        let post = glued
            .or_else(|| {
                let p = self.skip_spaces(at);
                (p > at).then(|| self.anchored(&self.lex.post, p)).flatten()
            })
            .or_else(|| self.hyphenated_currency(a, at));
        if let Some((i, ps, pe)) = post {
            match self.lex.post_kinds[i] {
                Post::Currency(c) => {
                    return Some(Unit::Money {
                        currency: c,
                        start,
                        end: pe,
                    });
                }
                Post::Measure(m) => {
                    return Some(Unit::Measure {
                        measure: m,
                        end: pe,
                    });
                }
                Post::Classifier(c) if ps == at => {
                    return self.zh_count(a, c, pe, start, floor);
                }
                Post::Classifier(_) => {}
            }
        }
        // "10,000-acre", "5-year": a measure joined by a hyphen.
        if self.byte(at) == b'-'
            && let Some((i, _, pe)) = self.anchored(&self.lex.post, at + 1)
            && let Post::Measure(m) = self.lex.post_kinds[i]
        {
            return Some(Unit::Measure {
                measure: m,
                end: pe,
            });
        }
        if self.byte(at) == b' ' {
            return self
                .en_count(at)
                .map(|unit| self.people_sent_in_apposition(unit, start, floor));
        }
        self.zh_scale_noun(a, at)
    }

    /// "the 11th group of Tianjin aid workers, 196 people in all": people
    /// counted in apposition to an uncounted noun of people sent are
    /// people sent.
    fn people_sent_in_apposition(&self, mut unit: Unit, start: usize, floor: usize) -> Unit {
        let Unit::Count { noun, .. } = &mut unit else {
            return unit;
        };
        if noun.unit.as_deref() != Some("person") || noun.class.as_deref() == Some("personnel") {
            return unit;
        }
        let comma = self.skip_spaces_back(start, floor);
        if comma <= floor || self.b[comma - 1] != b',' {
            return unit;
        }
        let before = self.t[floor..comma - 1].trim_end();
        let words: Vec<&str> = before.rsplit(' ').take(3).collect();
        // The head noun (two words or one), and no number before it.
        let sent = [2, 1].iter().any(|&n| {
            let Some(head) = words.get(..n) else {
                return false;
            };
            let phrase: Vec<&str> = head.iter().rev().copied().collect();
            let counted = words
                .get(n)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
            !counted
                && self
                    .lex
                    .en_nouns
                    .get(phrase.join(" ").to_lowercase().as_str())
                    .is_some_and(|found| found.class.as_deref() == Some("personnel"))
        });
        if sent {
            noun.class = Some("personnel".to_string());
        }
        unit
    }

    /// An item of the count `prev` written without its noun: a whole
    /// number smaller than it, right after an item opener ("152 doctors,
    /// including 41 to Gyantse") or after such an item and "and" or a comma
    /// ("... and 37 to Lhatse"), and followed by a preposition or a verb.
    fn elided_item(&self, s: usize, prev: &QuantityMention) -> Option<QuantityMention> {
        if prev.kind != QuantityKind::Count || prev.not_flow.is_some() || prev.noun_class.is_none()
        {
            return None;
        }
        let (d, e) = self.arabic(s)?;
        let value = d.value().filter(|v| d.frac == 0 && *v < prev.value)?;
        let before = &self.b[..s];
        let opened = ITEM_OPENERS
            .iter()
            .any(|o| ends_with_ci(before, o.as_bytes()));
        let chained = prev.rule == "elided-item"
            && (ends_with_ci(before, b" and ") || ends_with_ci(before, b", "))
            && !self.b[prev.span.end - self.base..s]
                .iter()
                .any(u8::is_ascii_digit);
        let followed = ITEM_FOLLOWERS.iter().any(|f| {
            self.b[e..].len() >= f.len()
                && self.b[e..e + f.len()].eq_ignore_ascii_case(f.as_bytes())
        });
        (followed && (opened || chained)).then(|| QuantityMention {
            span: self.span(s, e),
            value,
            qualifier: Qualifier::Exact,
            qualifier_span: None,
            min: None,
            max: None,
            alt: None,
            implied_rate: None,
            rate_implausible: false,
            rule: "elided-item",
            ..prev.clone()
        })
    }

    /// A currency joined by a hyphen to a scaled amount, as in a modifier
    /// ("a 300-million-yuan park", not the price in "a 50-yuan ticket"):
    /// (row, start, end) of the currency word.
    fn hyphenated_currency(&self, a: &Amount, at: usize) -> Option<(usize, usize, usize)> {
        if !a.has_scale || self.byte(at) != b'-' {
            return None;
        }
        self.anchored(&self.lex.post, at + 1)
            .filter(|&(i, _, _)| matches!(self.lex.post_kinds[i], Post::Currency(_)))
    }

    /// A Chinese noun glued to a scale, with no classifier: 47.8万老乡, 3万农户.
    fn zh_scale_noun(&self, a: &Amount, at: usize) -> Option<Unit> {
        if !a.has_scale || at == 0 || self.b[at - 1].is_ascii() {
            return None;
        }
        let (i, e) = self.zh_compound(at)?;
        Some(Unit::Count {
            noun: self.lex.zh_noun_info[i].1.clone(),
            role: Some((at, e)),
            role_end: e,
            end: e,
            rule: "zh-count-scale-noun",
        })
    }

    /// A Chinese count: number, classifier, then a noun after or before.
    fn zh_count(
        &self,
        a: &Amount,
        c: usize,
        cl_end: usize,
        start: usize,
        floor: usize,
    ) -> Option<Unit> {
        if a.lone_yi && self.t[cl_end..].starts_with('一') {
            return None;
        }
        let cl = &self.lex.classifiers[c];
        if !cl.fixed && self.names_a_town(cl_end) {
            return None;
        }
        // The noun after the classifier (after a few CJK modifiers), else the
        // noun before the number: 选派干部50名. A noun the classifier cannot
        // count gives way to one before that it can: in 人才58名到环县 the
        // 名 counts 人才, not 县.
        let after = self
            .zh_noun_after(cl_end)
            .map(|(i, ns, ne)| (i, ns, ne, ne, "zh-count"));
        let before = || {
            self.zh_noun_before(start, floor)
                .map(|(i, ns, ne)| (i, ns, ne, cl_end, "zh-count-noun-first"))
        };
        let counts = |f: &(usize, usize, usize, usize, &str)| {
            !cl.fixed || self.lex.zh_noun_info[f.0].1.unit == cl.noun.unit
        };
        let found = match after {
            Some(f) if !counts(&f) => before().filter(counts).or(after),
            Some(_) => after,
            None => before(),
        };
        let noun = found.and_then(|f| {
            let noun = self.lex.zh_noun_info[f.0].1.clone();
            if cl.fixed {
                recount(noun, &cl.noun, f.4 == "zh-count-noun-first")
            } else {
                Some(noun)
            }
        });
        let (Some(noun), Some((_, ns, ne, end, rule))) = (noun, found) else {
            cl.noun.unit.as_ref()?;
            let mut counted = cl.noun.clone();
            if counted.unit.as_deref() == Some("person") {
                // 选派干部人才7批340名: the people of the batches (read
                // back over the count of batches, the amount before).
                let at = self.batches_before(start);
                let floor = if at < start { 0 } else { floor };
                let batch_noun = (at < start)
                    .then(|| self.zh_noun_before(at, floor))
                    .flatten()
                    .map(|(i, ..)| &self.lex.zh_noun_info[i].1)
                    .filter(|n| n.unit.as_deref() == Some("person"));
                if let Some(n) = batch_noun {
                    counted.class = n.class.clone();
                } else if self.sent_before(at, floor) {
                    counted.class = Some("personnel".to_string());
                }
            }
            return Some(Unit::Count {
                noun: counted,
                role: None,
                role_end: 0,
                end: cl_end,
                rule: "zh-count-classifier",
            });
        };
        Some(Unit::Count {
            noun,
            role: Some((ns, ne)),
            role_end: ne,
            end,
            rule,
        })
    }

    /// Whether the classifier ending at `cl_end` is part of a town's name
    /// (八台镇, 三道乡, 五家镇): a classifier of things, other than 个, right
    /// before a bare 镇 or 乡 (乡镇 and 乡村 are counted nouns: 3所乡镇卫生院).
    fn names_a_town(&self, cl_end: usize) -> bool {
        let mut after = self.t[cl_end..].chars();
        !self.t[..cl_end].ends_with('个')
            && matches!(after.next(), Some('镇' | '乡'))
            && !matches!(after.next(), Some('镇' | '村'))
    }

    /// Where a count of batches written right before `start` begins
    /// (`7批` in 7批340名), else `start`.
    fn batches_before(&self, start: usize) -> usize {
        let before = &self.t[..start];
        let Some(rest) = before.strip_suffix('批') else {
            return start;
        };
        let digits = rest
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || "一二两三四五六七八九十百".contains(*c))
            .map(char::len_utf8)
            .sum::<usize>();
        if digits == 0 {
            start
        } else {
            rest.len() - digits
        }
    }

    /// Whether a verb that sends people stands right before the number at
    /// `start`, past a hedge: 选派124名, 选派超过4500人次.
    fn sent_before(&self, start: usize, floor: usize) -> bool {
        let q = self
            .hedge_before(start, floor)
            .map_or(start, |(_, hs, _)| hs);
        let hay = &self.b[floor..self.skip_spaces_back(q, floor)];
        word_ending(&self.lex.zh_senders, hay).is_some()
    }

    /// The noun written before the number at `start`: 选派干部50名, 干部近50名,
    /// 项目有11个, 乡镇 221个, 干部今年将达到120名.
    fn zh_noun_before(&self, start: usize, floor: usize) -> Option<(usize, usize, usize)> {
        let mut q = start;
        if let Some((_, hs, _)) = self.hedge_before(start, floor) {
            q = hs;
        }
        q = self.skip_spaces_back(q, floor);
        if let Some(link) = word_ending(&self.lex.zh_links, &self.b[floor..q]) {
            q -= link;
            q -= word_ending(&self.lex.zh_asides, &self.b[floor..q]).unwrap_or(0);
        }
        let hay = &self.b[floor..q];
        self.lex.zh_nouns_by_len.iter().find_map(|&i| {
            let w = self.lex.zh_noun_info[i].0.as_bytes();
            hay.ends_with(w).then(|| (i, q - w.len(), q))
        })
    }

    /// The Chinese noun at `p` with the nouns glued after it: 乡镇卫生院 and
    /// 县医院 are read by their last noun, the head (noun index, end).
    fn zh_compound(&self, p: usize) -> Option<(usize, usize)> {
        let (mut i, _, mut e) = self.anchored(&self.lex.zh_nouns, p)?;
        while let Some((j, _, e2)) = self.anchored(&self.lex.zh_nouns, e) {
            (i, e) = (j, e2);
        }
        Some((i, e))
    }

    /// The noun after a count, over a few modifiers; none past a conjunction,
    /// which opens the next item (医疗专家12名和教师18名: 教师 is 18名's).
    fn zh_noun_after(&self, from: usize) -> Option<(usize, usize, usize)> {
        let mut p = from;
        loop {
            if let Some((i, e)) = self.zh_compound(p) {
                return Some((i, from, e));
            }
            let c = self.t[p..].chars().next()?;
            if p - from >= MAX_ZH_MODIFIER_BYTES
                || !('\u{4e00}'..='\u{9fff}').contains(&c)
                || ['和', '及', '与', '或'].contains(&c)
            {
                return None;
            }
            p += c.len_utf8();
        }
    }

    /// An English count: up to four modifiers, then a noun from the lexicon.
    fn en_count(&self, at: usize) -> Option<Unit> {
        let mut p = at;
        let mut first: Option<usize> = None;
        for _ in 0..=MAX_MODIFIERS {
            while self.byte(p) == b' ' && p < self.b.len() {
                p += 1;
            }
            let (ws, we) = self.word_at(p)?;
            let next = self.next_word(we);
            if let Some((n2s, n2e)) = next
                && let Some(noun) = self.noun2(ws, we, n2s, n2e)
            {
                return Some(self.en_head(first.unwrap_or(ws), n2e, noun));
            }
            let key = self.lower(ws, we)?;
            if let Some(noun) = self.lex.en_nouns.get(key.as_str()) {
                // "township clinics", "village doctors": the last noun is the head.
                let (mut head_end, mut noun) = (we, noun.clone());
                while let Some((ns, ne)) = self.next_word(head_end) {
                    let next = self
                        .next_word(ne)
                        .and_then(|(n2s, n2e)| self.noun2(ns, ne, n2s, n2e).map(|n| (n, n2e)))
                        .or_else(|| {
                            self.lower(ns, ne)
                                .and_then(|k| self.lex.en_nouns.get(k.as_str()).cloned())
                                .map(|n| (n, ne))
                        });
                    match next.or_else(|| self.joined_head(head_end, ns, ne)) {
                        Some((n, e)) => {
                            noun = n;
                            head_end = e;
                        }
                        None => break,
                    }
                }
                return Some(self.en_head(first.unwrap_or(ws), head_end, noun));
            }
            // "180 more doctors": more of them, unless compared ("1,000 more
            // people than").
            if first.is_none() && key.as_str() == "more" {
                let unit = self.en_count(we)?;
                let then = match &unit {
                    Unit::Count { end, .. } => self.next_word(*end),
                    _ => None,
                };
                let compared = then
                    .and_then(|(ts, te)| self.lower(ts, te))
                    .is_some_and(|w| w.as_str() == "than");
                return (!compared).then_some(unit);
            }
            // "64 of its enterprises": a part of the giver's own things.
            if first.is_none()
                && key.as_str() == "of"
                && let Some((os, oe)) = self.next_word(we)
                && matches!(self.lower(os, oe)?.as_str(), "its" | "their")
            {
                p = oe;
                continue;
            }
            // "395 Party and government officials": "and" between two
            // modifiers joins them; right after the number it stops.
            let joins_modifiers = first.is_some() && key.as_str() == "and";
            if self.lex.en_stops.contains_key(key.as_str()) && !joins_modifiers {
                return None;
            }
            first.get_or_insert(ws);
            p = we;
            if self.byte(p) != b' ' {
                return None;
            }
        }
        None
    }

    /// "165 professional and technical personnel": after a singular noun
    /// used as a modifier (a plural one is the head: "3,883 educators and
    /// healthcare professionals"), "and" and one more modifier lead to the
    /// head noun.
    fn joined_head(
        &self,
        noun_end: usize,
        and_start: usize,
        and_end: usize,
    ) -> Option<(Noun, usize)> {
        if self.byte(noun_end.saturating_sub(1)) == b's'
            || self.lower(and_start, and_end)?.as_str() != "and"
        {
            return None;
        }
        let (ms, me) = self.next_word(and_end)?;
        let (hs, he) = self.next_word(me)?;
        if self.lex.en_nouns.contains_key(self.lower(ms, me)?.as_str()) {
            return None;
        }
        let noun = self.lex.en_nouns.get(self.lower(hs, he)?.as_str())?.clone();
        Some((noun, he))
    }

    fn en_head(&self, role_start: usize, head_end: usize, noun: Noun) -> Unit {
        let mut role_end = head_end;
        let mut noun = noun;
        // "persons of Party and government cadres": a more specific noun in the tail.
        let t = &self.b[head_end..];
        if t.len() > 4 && t[..4].eq_ignore_ascii_case(b" of ") {
            let mut p = head_end + 4;
            for _ in 0..MAX_TAIL_WORDS {
                let Some((ws, we)) = self.word_at(p) else {
                    break;
                };
                let found = match self.next_word(we) {
                    Some((n2s, n2e)) => self.noun2(ws, we, n2s, n2e).map(|n| (n, n2e)),
                    None => None,
                }
                .or_else(|| {
                    self.lower(ws, we)
                        .and_then(|k| self.lex.en_nouns.get(k.as_str()).cloned())
                        .map(|n| (n, we))
                });
                if let Some((n, e)) = found {
                    if n.unit == noun.unit {
                        role_end = e;
                        noun = n;
                    }
                    break;
                }
                if self.byte(we) != b' ' {
                    break;
                }
                p = we + 1;
            }
        }
        Unit::Count {
            noun,
            role: Some((role_start, role_end)),
            role_end,
            end: head_end,
            rule: "en-count",
        }
    }

    fn noun2(&self, ws: usize, we: usize, n2s: usize, n2e: usize) -> Option<Noun> {
        if n2s != we + 1 || n2e - ws > 40 {
            return None;
        }
        let key = self.lower(ws, n2e)?;
        self.lex.en_nouns.get(key.as_str()).cloned()
    }

    /// An ASCII word (letters, inner hyphens and apostrophes) starting at `p`.
    fn word_at(&self, p: usize) -> Option<(usize, usize)> {
        if !self.byte(p).is_ascii_alphabetic() || p >= self.b.len() {
            return None;
        }
        let mut e = p;
        while e < self.b.len()
            && (self.b[e].is_ascii_alphabetic()
                || (matches!(self.b[e], b'-' | b'\'') && self.byte(e + 1).is_ascii_alphabetic()))
        {
            e += 1;
        }
        Some((p, e))
    }

    fn next_word(&self, we: usize) -> Option<(usize, usize)> {
        (self.byte(we) == b' ' && we < self.b.len())
            .then(|| self.word_at(we + 1))
            .flatten()
    }

    /// Lower-cased copy of a short ASCII slice (count nouns are short).
    fn lower(&self, s: usize, e: usize) -> Option<LowerKey> {
        LowerKey::new(&self.b[s..e])
    }

    /// Whether a number that begins with a bare `百`/`千`/`万`/`亿` is a
    /// quantity: hedged (`近百名`, `千余名`), money (`百亿元`), or a few
    /// hundred people (`百名`); `千家万户`, `万人空巷` are idioms.
    fn bare_is_quantity(&self, q: &QuantityMention) -> bool {
        q.qualifier_span.is_some()
            || q.kind == QuantityKind::Money
            || (q.unit == "person" && q.value < 10_000)
    }

    /// A hedge written before `at`: (qualifier, start, end).
    fn hedge_before(&self, at: usize, floor: usize) -> Option<(Qualifier, usize, usize)> {
        self.hedge_in(&self.lex.hedges_before, at, floor)
    }

    /// A hedge of `hedges` written before `at`: (qualifier, start, end).
    fn hedge_in(
        &self,
        hedges: &Hedges,
        at: usize,
        floor: usize,
    ) -> Option<(Qualifier, usize, usize)> {
        let q = self.skip_spaces_back(at, floor);
        let hay = &self.b[floor..q];
        for (form, ql) in hedges.ending(hay) {
            let f = form.as_bytes();
            if ends_with_ci(hay, f) && self.start_ok(q - f.len()) {
                let ascii_word = f[f.len() - 1].is_ascii_alphanumeric();
                if ascii_word && q == at && at < self.b.len() && is_word_byte(self.b[at]) {
                    continue;
                }
                return Some((*ql, q - f.len(), q));
            }
        }
        None
    }

    /// `(... $249.64 million)` after a money phrase.
    fn alt_after(&self, end: usize) -> Option<(AltMoney, usize)> {
        let mut p = self.skip_spaces(end);
        let rest = &self.t[p..];
        if rest.starts_with('(') {
            p += 1;
        } else if rest.starts_with('（') {
            p += '（'.len_utf8();
        } else {
            return None;
        }
        p = self.skip_spaces(p);
        if let Some((_, _, he)) = self.hedge_at(p) {
            p = self.skip_spaces(he);
        }
        let alt = self.money_phrase(p)?;
        let close = self.skip_spaces(alt.end);
        let rest = &self.t[close..];
        if rest.starts_with(')') {
            Some((alt, close + 1))
        } else if rest.starts_with('）') {
            Some((alt, close + '）'.len_utf8()))
        } else {
            None
        }
    }

    fn hedge_at(&self, p: usize) -> Option<(Qualifier, usize, usize)> {
        let rest = &self.b[p..];
        self.lex.hedges_before.forms.iter().find_map(|(f, q)| {
            let f = f.as_bytes();
            (rest.len() > f.len()
                && rest[..f.len()].eq_ignore_ascii_case(f)
                && self.end_ok(p, p + f.len()))
            .then_some((*q, p, p + f.len()))
        })
    }

    /// A money phrase starting at `p` (currency first or number first).
    fn money_phrase(&self, p: usize) -> Option<AltMoney> {
        let rest = &self.b[p..];
        for &i in &self.lex.before_currencies {
            let f = self.lex.currencies[i].form.as_bytes();
            if rest.len() > f.len() && rest[..f.len()].eq_ignore_ascii_case(f) {
                let n = self.skip_spaces(p + f.len());
                if !self.byte(n).is_ascii_digit() {
                    continue;
                }
                let a = self.amount(n)?;
                let mut end = a.end;
                if let Some((k, _, e)) = self.post_currency(a.end)
                    && self.lex.currencies[k].code == self.lex.currencies[i].code
                {
                    end = e;
                }
                return Some(AltMoney {
                    value: a.decimal.value()?,
                    currency: i,
                    start: p,
                    end,
                });
            }
        }
        if !self.byte(p).is_ascii_digit() {
            return None;
        }
        let a = self.amount(p)?;
        let (k, _, e) = self.post_currency(a.end)?;
        Some(AltMoney {
            value: a.decimal.value()?,
            currency: k,
            start: p,
            end: e,
        })
    }

    fn post_currency(&self, at: usize) -> Option<(usize, usize, usize)> {
        let p = self.skip_spaces(at);
        let (i, s, e) = self.anchored(&self.lex.post, p)?;
        match self.lex.post_kinds[i] {
            Post::Currency(c) => Some((c, s, e)),
            _ => None,
        }
    }

    /// A non-flow cue directly after the phrase (`each`, `per capita`).
    fn cue_after(&self, end: usize, kind: QuantityKind) -> Option<&Cue> {
        let p = self.skip_spaces(end);
        let (i, _, _) = self.anchored(&self.lex.cues_after, p)?;
        let cue = &self.lex.cue_after_kinds[i];
        cue.applies.to(kind).then_some(cue)
    }

    /// Non-flow cues and rates around the phrase: before it (back to `lim`),
    /// then after it (`end`).
    fn read_cues(&self, q: &mut QuantityMention, lim: usize, end: usize, floor: usize) {
        let before = self.cue_before(lim, q.kind);
        let phrase_end = q.span.end - self.base;
        let after = self.cue_after(end, q.kind).or_else(|| {
            // "50万元以上的项目": a size class, read across the trailing hedge.
            (phrase_end < end)
                .then(|| self.cue_after(phrase_end, q.kind))
                .flatten()
        });
        let label = |c: Option<&Cue>| c.and_then(|c| c.label.clone());
        q.not_flow = self
            .cue_just_before(lim, floor, q.kind)
            .or_else(|| label(before))
            .or_else(|| label(after));
        let rate = |c: Option<&Cue>| c.and_then(|c| c.rate.clone());
        q.rate = rate(before).or_else(|| rate(after));
    }

    /// `收入由A增长到B`, `income rose from A to B`: B is the same kind of
    /// figure as A, so it takes A's non-flow label. Levels of aid
    /// (`援宁资金由A提高到B`) have none and both stay flows.
    fn inherit_growth(&self, prev: &QuantityMention, q: &mut QuantityMention) {
        if q.not_flow.is_some() || prev.not_flow.is_none() || prev.unit != q.unit {
            return;
        }
        let (from, to) = (prev.span.end - self.base, q.span.start - self.base);
        let Some(between) = self.t.get(from..to) else {
            return;
        };
        if between.len() <= MAX_GROWTH_GAP
            && !between.chars().any(is_clause_break)
            && self.lex.growth.iter().any(|g| contains_ci(between, g))
        {
            q.not_flow.clone_from(&prev.not_flow);
        }
    }

    /// `选派三批援疆干部共1230人`: the bare count of people right after a
    /// count of batches of cadres (past at most a hedge or a link word: 共,
    /// 有) counts the batches' people, so it takes their class and noun.
    fn inherit_batch_people(&self, prev: &QuantityMention, q: &mut QuantityMention) {
        if prev.unit != "batch"
            || prev.noun_class.is_none()
            || q.unit != "person"
            || q.rule != "zh-count-classifier"
        {
            return;
        }
        // A hedge before the number (共约1230人) or after it (1460余名).
        let to = q
            .qualifier_span
            .map_or(q.span.start, |h| h.start.min(q.span.start));
        let Some(between) = self.t.get(prev.span.end - self.base..to - self.base) else {
            return;
        };
        if between.is_empty() || self.lex.zh_links.iter().any(|l| l == between) {
            q.noun_class.clone_from(&prev.noun_class);
            q.role.clone_from(&prev.role);
        }
    }

    /// A non-flow cue right before the amount or its hedge (`up by`).
    fn cue_just_before(&self, lim: usize, floor: usize, kind: QuantityKind) -> Option<String> {
        let q = self.skip_spaces_back(lim, floor);
        let hay = &self.b[floor..q];
        let (_, cue) = self
            .lex
            .cues_just_before
            .iter()
            .find(|(f, _)| ends_with_ci(hay, f.as_bytes()) && self.start_ok(q - f.len()))?;
        cue.applies.to(kind).then(|| cue.label.clone()).flatten()
    }

    /// A non-flow cue earlier in the same clause (`income`, `average`).
    fn cue_before(&self, lim: usize, kind: QuantityKind) -> Option<&Cue> {
        let mut ws = lim.saturating_sub(CUE_WINDOW);
        while !self.t.is_char_boundary(ws) {
            ws += 1;
        }
        let window = &self.t[ws..lim];
        if let Some((i, c)) = window
            .char_indices()
            .rev()
            .find(|&(_, c)| is_clause_break(c))
        {
            ws += i + c.len_utf8();
        }
        let mut found = None;
        for m in self
            .lex
            .cues_before
            .find_iter(Input::new(self.t).span(ws..lim))
        {
            if !self.start_ok(m.start()) || !self.end_ok(m.start(), m.end()) {
                continue;
            }
            // The cue closest to the amount wins; a flow marker (每年) shadows 每.
            let cue = &self.lex.cue_before_kinds[m.pattern().as_usize()];
            if cue.applies.to(kind) {
                found = Some(cue);
            }
        }
        found
    }
}

#[derive(Debug, Clone, Copy)]
struct AltMoney {
    value: u64,
    currency: usize,
    start: usize,
    end: usize,
}

impl Amount {
    fn decimal_is_arabic(&self, b: &[u8]) -> bool {
        b[self.start].is_ascii_digit()
    }
}

impl Lexicon {
    fn starts_at(&self, t: &str, p: usize) -> bool {
        p < t.len()
            && self
                .starts
                .find(Input::new(t).span(p..t.len()).anchored(Anchored::Yes))
                .is_some()
    }
}

/// A set of two-byte prefixes (ASCII letters case-folded), as a bit table.
#[derive(Debug, Clone)]
struct BytePairs {
    bits: Vec<u64>,
}

impl Default for BytePairs {
    fn default() -> BytePairs {
        BytePairs {
            bits: vec![0; 1024],
        }
    }
}

impl BytePairs {
    fn index(a: u8, b: u8) -> usize {
        (usize::from(a.to_ascii_lowercase()) << 8) | usize::from(b.to_ascii_lowercase())
    }

    fn insert(&mut self, a: u8, b: u8) {
        let i = BytePairs::index(a, b);
        self.bits[i / 64] |= 1 << (i % 64);
    }

    fn contains(&self, a: u8, b: u8) -> bool {
        let i = BytePairs::index(a, b);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// A lower-cased word on the stack, to look nouns up without allocating.
struct LowerKey {
    buf: [u8; 40],
    len: usize,
}

impl LowerKey {
    fn new(bytes: &[u8]) -> Option<LowerKey> {
        if bytes.len() > 40 || !bytes.is_ascii() {
            return None;
        }
        let mut buf = [0u8; 40];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        Some(LowerKey {
            buf,
            len: bytes.len(),
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// The length of the first of `words` that `hay` ends with (lists sorted
/// longest first give the longest).
fn word_ending(words: &[String], hay: &[u8]) -> Option<usize> {
    words
        .iter()
        .find(|w| hay.ends_with(w.as_bytes()))
        .map(String::len)
}

/// The noun a fixed classifier of another unit counts: people after a
/// people counter are people whatever noun follows (2.67万人住房问题), but
/// a team named before them gives them its class (援藏工作队共218人: its
/// members); other classifiers keep the noun's class (干部人才7批: batches
/// of cadres).
fn recount(mut noun: Noun, counter: &Noun, noun_first: bool) -> Option<Noun> {
    if noun.unit == counter.unit {
        return Some(noun);
    }
    let team = noun_first && noun.class.as_deref() == Some("personnel");
    if counter.unit.as_deref() == Some("person") && !team {
        return None;
    }
    noun.unit = counter.unit.clone();
    Some(noun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_ending_a_text_are_those_with_its_last_byte_longest_first() {
        use super::{Hedges, Qualifier};
        let forms = ["about", "some", "nearly", "约", "近", "ABOUT some", "over"];
        let hedges = Hedges::new(
            forms
                .iter()
                .map(|f| (f.to_string(), Qualifier::Approx))
                .collect(),
        );
        let ending = |hay: &str| -> Vec<&str> {
            hedges
                .ending(hay.as_bytes())
                .iter()
                .map(|(f, _)| f.as_str())
                .collect()
        };
        assert_eq!(ending("raised ABOUT"), ["about"]);
        assert_eq!(ending("rose by SOME"), ["ABOUT some", "some"]);
        assert_eq!(ending("over"), ["over"]);
        // 约 and 近 end with different bytes.
        assert_eq!(ending("投入约"), ["约"]);
        assert_eq!(ending("近"), ["近"]);
        assert_eq!(ending(""), Vec::<&str>::new());
        assert_eq!(ending("sent 50"), Vec::<&str>::new());
        assert_eq!(hedges.forms.len(), forms.len());
    }

    fn lex() -> Lexicon {
        Lexicon::load(&TableSource::embedded()).expect("embedded lexicons load")
    }

    fn one(text: &str) -> QuantityMention {
        let found = read_text(text, &lex());
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        found.into_iter().next().expect("one mention")
    }

    #[test]
    fn decimal_is_exact() {
        let d = Decimal {
            mantissa: 62231,
            frac: 2,
            multiplier: 1_000_000,
        };
        assert_eq!(d.value(), Some(622_310_000));
        let d = Decimal {
            mantissa: 5,
            frac: 1,
            multiplier: 100_000_000,
        };
        assert_eq!(d.value(), Some(50_000_000));
        let d = Decimal {
            mantissa: u128::MAX / 2,
            frac: 0,
            multiplier: 1_000_000_000,
        };
        assert_eq!(d.value(), None);
    }

    #[test]
    fn decimal_amounts_from_text() {
        assert_eq!(one("622.31 million yuan").value, 622_310_000);
        assert_eq!(one("0.5亿元").value, 50_000_000);
        assert_eq!(one("1,843.58 million yuan").value, 1_843_580_000);
        assert_eq!(one("9.23亿元").value, 923_000_000);
        assert_eq!(one("2.831 billion yuan").value, 2_831_000_000);
        assert_eq!(one("0.07 million yuan").value, 70_000);
        assert_eq!(one("3千万元").value, 30_000_000);
    }

    #[test]
    fn a_number_inside_a_place_name_counts_nothing() {
        let pipeline = crate::Pipeline::builder()
            .build()
            .expect("embedded tables load");
        let doc = pipeline.annotate(crate::Article {
            id: "santai".to_string(),
            text: "浙江省向三台县投入帮扶资金800万元。".to_string(),
            ..crate::Article::default()
        });
        let mentions: Vec<&str> = doc
            .quantities
            .iter()
            .map(|q| q.span.of(&doc.text))
            .collect();
        assert_eq!(mentions, ["800万元"]);
    }

    #[test]
    fn a_hyphenated_scaled_amount_is_money_and_a_hyphenated_price_is_not() {
        let q = one("a 300-million-yuan industrial park");
        assert_eq!((q.value, q.unit.as_str()), (300_000_000, "CNY"));
        assert!(read_text("a 50-yuan ticket", &lex()).is_empty());
    }

    #[test]
    fn items_of_a_count_may_drop_its_noun() {
        let found = read_text(
            "Shanghai sent 152 doctors, including 41 to Gyantse and 37 to Lhatse.",
            &lex(),
        );
        let read: Vec<(u64, &str)> = found.iter().map(|q| (q.value, q.unit.as_str())).collect();
        assert_eq!(read, [(152, "person"), (41, "person"), (37, "person")]);
        // Money items keep their currency; a bare number after a total of money is nothing.
        let money = read_text("It gave 50 million yuan, including 20 to Gyantse.", &lex());
        assert_eq!(money.len(), 1);
    }

    #[test]
    fn an_ordinal_numeral_is_skipped_whole() {
        assert_eq!(one("第十一批援藏干部人才共98人").value, 98);
    }

    #[test]
    fn bare_scaled_number_is_not_money() {
        assert!(read_text("1,843.58 million", &lex()).is_empty());
    }

    #[test]
    fn spelled_numbers() {
        assert_eq!(one("twenty-three cadres").value, 23);
        assert_eq!(one("one hundred and five teachers").value, 105);
        assert_eq!(one("三千五百名干部").value, 3500);
        assert_eq!(one("九千九百九十九户").value, 9999);
        assert_eq!(one("一百零五名").value, 105);
    }

    #[test]
    fn lexicon_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Lexicon>();
    }
}
