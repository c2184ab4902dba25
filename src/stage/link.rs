//! Link: turn places, quantities and time expressions into directed
//! donor → recipient events. Roles come from frames read in each clause
//! (subject + giving verb + amount + to/for/in + place; `from`/`by`;
//! `X-funded`; receive verbs; pairing statements and `respectively` lists),
//! with coreference ("It", "the city") and article context (a donor's one
//! counterpart, the article's main donor) as lower-confidence fallbacks.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::document::{Document, PlaceCode, QuantityKind, QuantityMention, Span, TimeValue};
use crate::event::{AltRecord, Event, EventType, Evidence, PlaceRef, QuantityRecord, SCHEMA};
use crate::gazetteer::{AssistanceRole, Gazetteer, Level};
use crate::knowledge::{Knowledge, KnowledgeError, TableSource};

/// What a trigger phrase does in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Give,
    Receive,
    Pair,
    Respectively,
    To,
    From,
    DonorSuffix,
    /// A word opening an introductory phrase ("Since ...,", "In 2017,").
    Subordinator,
    /// A noun of giving with its preposition ("aid to", "investment in"):
    /// the place it governs receives.
    AidTo,
    Continue,
    Break,
    Cue(EventType),
}

/// What an anaphor stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anaphor {
    /// The current subject ("It").
    Subject,
    /// The subject's one counterpart ("its counterpart").
    Counterpart,
    /// The money of the last flow ("the money", "the funds"): its
    /// recipients receive what it pays for.
    Flow,
    /// A place of some level named before ("the prefecture", "该市").
    Place(Referent),
}

/// The levels a definite noun phrase can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Referent {
    Province,
    Prefecture,
    County,
    /// "the city": a prefecture-level or county-level city.
    City,
    /// "the two places": any division.
    Any,
}

impl Referent {
    fn accepts(self, place: &crate::gazetteer::Place) -> bool {
        match self {
            Referent::Province => place.level == Level::Province,
            Referent::Prefecture => place.level == Level::Prefecture,
            Referent::County => place.level == Level::County,
            // Beijing, Tianjin, Shanghai and Chongqing are cities too.
            // Beijing, Tianjin, Shanghai and Chongqing are cities too; a
            // district or a county is not.
            Referent::City => match place.level {
                Level::Province => place.full_name.ends_with("Municipality"),
                Level::Prefecture => true,
                Level::County => !place.full_name.contains(' '),
            },
            Referent::Any => true,
        }
    }
}

/// Trigger and anaphor lexicons, compiled.
#[derive(Debug)]
pub struct Lexicon {
    triggers: AhoCorasick,
    trigger_roles: Vec<Vec<Trigger>>,
    anaphors: AhoCorasick,
    anaphor_kinds: Vec<Anaphor>,
    /// Determiner, up to two modifiers, head noun: "the eastern province".
    definite: Regex,
    /// The head nouns of `definite`, ASCII case-insensitive, when all are
    /// ASCII: they tell where a `definite` match can end.
    head_nouns: Option<AhoCorasick>,
    heads: HashMap<String, Referent>,
    numbers: HashMap<String, usize>,
}

/// The determiners that open a definite noun phrase.
const DETERMINERS: [&str; 7] = ["the", "this", "that", "these", "those", "our", "both"];

/// Where a `definite` match whose head noun starts at the end of `before`
/// can start at the earliest: the start of the farthest of the three words
/// before the head, each followed by whitespace, that ends with a
/// determiner ("the eastern province"). `None` when no such word does.
fn determiner_before(before: &str) -> Option<usize> {
    let mut rest = before;
    let mut start = None;
    for _ in 0..3 {
        let word_end = rest.trim_end();
        if word_end.len() == rest.len() {
            break;
        }
        rest = word_end.trim_end_matches(|c: char| !c.is_whitespace());
        let word = &word_end.as_bytes()[rest.len()..];
        if DETERMINERS.iter().any(|d| {
            word.len() >= d.len() && word[word.len() - d.len()..].eq_ignore_ascii_case(d.as_bytes())
        }) {
            start = Some(rest.len());
        }
    }
    start
}

fn build_matcher(phrases: &[String]) -> AhoCorasick {
    // The default automaton, not a DFA: a DFA over the trigger list scans a
    // sentence in fewer instructions, but building it costs ~40 M
    // instructions (8 ms) of start-up, more than a short run saves.
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(phrases)
        .expect("phrase lists compile")
}

impl Lexicon {
    /// Where in `s` `definite` matches can be: for each head noun after a
    /// determiner and at most two more words, where the head starts and
    /// where a match ending in it can start at the earliest. Without a
    /// character that folds into ASCII, `(?i)` matches the head nouns and
    /// determiners as an ASCII case-insensitive scan does. `None` when a
    /// match can be anywhere.
    fn definite_heads(&self, s: &str) -> Option<Vec<(usize, usize)>> {
        let heads = self.head_nouns.as_ref()?;
        if crate::stage::folds_into_ascii(s) {
            return None;
        }
        Some(
            heads
                .find_overlapping_iter(s)
                .filter_map(|m| Some((m.start(), determiner_before(&s[..m.start()])?)))
                .collect(),
        )
    }

    /// Loads `triggers.tsv` and `anaphors.tsv`.
    pub fn load(source: &TableSource) -> Result<Lexicon, KnowledgeError> {
        let table = source.table("triggers.tsv")?;
        let (c_phrase, c_role) = (table.column("phrase")?, table.column("role")?);
        let mut by_phrase: BTreeMap<String, Vec<Trigger>> = BTreeMap::new();
        for row in &table.rows {
            let role = match row.get(c_role) {
                "give" => Trigger::Give,
                "receive" => Trigger::Receive,
                "pair" => Trigger::Pair,
                "respectively" => Trigger::Respectively,
                "to" => Trigger::To,
                "from" => Trigger::From,
                "donor_suffix" => Trigger::DonorSuffix,
                "aid_to" => Trigger::AidTo,
                "subordinator" => Trigger::Subordinator,
                "continue" => Trigger::Continue,
                "break" => Trigger::Break,
                "cue_investment" => Trigger::Cue(EventType::Investment),
                "cue_training" => Trigger::Cue(EventType::Training),
                "cue_beneficiaries" => Trigger::Cue(EventType::Beneficiaries),
                other => return Err(table.error(row, format!("unknown trigger role `{other}`"))),
            };
            by_phrase
                .entry(row.get(c_phrase).to_lowercase())
                .or_default()
                .push(role);
        }
        let (phrases, trigger_roles): (Vec<String>, Vec<Vec<Trigger>>) =
            by_phrase.into_iter().unzip();

        let table = source.table("anaphors.tsv")?;
        let (c_phrase, c_kind, c_refers) = (
            table.column("phrase")?,
            table.column("kind")?,
            table.column("refers")?,
        );
        let mut anaphor_phrases = Vec::new();
        let mut anaphor_kinds = Vec::new();
        let mut heads = HashMap::new();
        let mut numbers = HashMap::new();
        for row in &table.rows {
            let phrase = row.get(c_phrase).to_lowercase();
            let referent = match row.get(c_refers) {
                "province" => Some(Referent::Province),
                "prefecture" => Some(Referent::Prefecture),
                "county" => Some(Referent::County),
                "city" => Some(Referent::City),
                "place" => Some(Referent::Any),
                _ => None,
            };
            match (row.get(c_kind), row.get(c_refers), referent) {
                ("number", n, _) => {
                    let n = n
                        .parse()
                        .map_err(|_| table.error(row, "a number row needs a number"))?;
                    numbers.insert(phrase, n);
                }
                ("head", _, Some(r)) => {
                    heads.insert(phrase, r);
                }
                ("fixed", "subject", _) => {
                    anaphor_phrases.push(phrase);
                    anaphor_kinds.push(Anaphor::Subject);
                }
                ("fixed", "counterpart", _) => {
                    anaphor_phrases.push(phrase);
                    anaphor_kinds.push(Anaphor::Counterpart);
                }
                ("fixed", "flow", _) => {
                    anaphor_phrases.push(phrase);
                    anaphor_kinds.push(Anaphor::Flow);
                }
                ("fixed", _, Some(r)) => {
                    anaphor_phrases.push(phrase);
                    anaphor_kinds.push(Anaphor::Place(r));
                }
                (kind, refers, _) => {
                    return Err(
                        table.error(row, format!("cannot use kind `{kind}` with `{refers}`"))
                    );
                }
            }
        }
        let mut head_list: Vec<&String> = heads.keys().collect();
        head_list.sort_by_key(|h| std::cmp::Reverse(h.len()));
        let head_alt = head_list
            .iter()
            .map(|h| regex::escape(h))
            .collect::<Vec<_>>()
            .join("|");
        let determiners = DETERMINERS.join("|");
        let definite = Regex::new(&format!(
            r"(?i)(?-u:\b)(?:{determiners})\s+((?:[\w'’-]+\s+){{0,2}}?)({head_alt})(?-u:\b)"
        ))
        .map_err(|e| {
            table.error(
                &table.rows[0],
                format!("cannot build the anaphor pattern: {e}"),
            )
        })?;
        Ok(Lexicon {
            triggers: build_matcher(&phrases),
            trigger_roles,
            anaphors: build_matcher(&anaphor_phrases),
            anaphor_kinds,
            definite,
            head_nouns: heads.keys().all(|h| h.is_ascii()).then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .build(heads.keys())
                    .expect("head nouns compile")
            }),
            heads,
            numbers,
        })
    }
}

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy)]
struct Hit {
    span: Span,
    roles: usize,
}

/// A place taking part in a frame: a resolved mention or a resolved anaphor.
#[derive(Debug, Clone)]
struct Actor<'t> {
    span: Span,
    code: PlaceCode,
    mention: &'t str,
    in_organization: bool,
    confidence: f64,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Whether a Latin phrase match stands at word boundaries (Chinese always does).
fn at_word_boundaries(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let first = bytes[span.start];
    if first >= 0x80 {
        return true;
    }
    let last = bytes[span.end - 1];
    // Only a phrase edge that is a letter or digit needs a boundary: ", while"
    // may follow "2016", and "-funded" is glued to the place before it.
    let before = !is_word_byte(first) || span.start == 0 || !is_word_byte(bytes[span.start - 1]);
    let after = !is_word_byte(last) || span.end >= bytes.len() || !is_word_byte(bytes[span.end]);
    before && after
}

/// The sentence-level facts the frames read.
struct SentenceView<'d> {
    text: &'d str,
    span: Span,
    hits: Vec<Hit>,
    actors: Vec<Actor<'d>>,
    quantities: Vec<&'d QuantityMention>,
    times: Vec<(Span, TimeValue)>,
    /// Recipients of the flow "the money" in this sentence refers to.
    flow_recipients: Vec<Actor<'d>>,
}

/// A clause: a stretch of a sentence between `break` triggers.
#[derive(Debug, Clone, Copy)]
struct Clause {
    span: Span,
}

/// Where an event's donor came from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DonorSource {
    Frame,
    Carried,
    ArticleDonor,
    /// Several places give together ("Beijing and Shanghai jointly ...",
    /// "the two cities"): no single donor, and none is filled in.
    Joint,
}

/// An event before ids and ordering.
#[derive(Debug, Clone)]
struct Draft<'d> {
    kind: EventType,
    donor: Option<Actor<'d>>,
    recipients: Vec<Actor<'d>>,
    quantity: Option<&'d QuantityMention>,
    year: Option<i32>,
    since: Option<i32>,
    cumulative: bool,
    sentence: Span,
    anchor: usize,
    confidence: f64,
    rule: String,
    donor_source: DonorSource,
    recipients_explicit: bool,
}

struct Linker<'a> {
    doc: &'a Document,
    gazetteer: &'a Gazetteer,
    lexicon: &'a Lexicon,
    /// Whether the places, quantities and times layers are in order of
    /// start, so that a sentence's share is found by binary search.
    sorted: [bool; 3],
}

/// The items of `items` that lie wholly inside `span`, in layer order. When
/// the layer is sorted by start only those starting inside `span` are looked
/// at; otherwise all are.
fn within<T>(
    items: &[T],
    sorted: bool,
    span: Span,
    at: fn(&T) -> Span,
) -> impl Iterator<Item = &T> {
    let range = if sorted {
        items.partition_point(|x| at(x).start < span.start)
            ..items.partition_point(|x| at(x).start <= span.end)
    } else {
        0..items.len()
    };
    items[range].iter().filter(move |x| span.contains(at(x)))
}

impl<'a> Linker<'a> {
    fn roles(&self, hit: &Hit) -> &[Trigger] {
        &self.lexicon.trigger_roles[hit.roles]
    }

    fn has_role(&self, hit: &Hit, role: Trigger) -> bool {
        self.roles(hit).contains(&role)
    }

    fn view(&self, sentence: Span) -> SentenceView<'a> {
        let text = self.doc.text.as_str();
        let s = sentence.of(text);
        let hits = self
            .lexicon
            .triggers
            .find_iter(s)
            .map(|m| Hit {
                span: Span::new(sentence.start + m.start(), sentence.start + m.end()),
                roles: m.pattern().as_usize(),
            })
            .filter(|h| at_word_boundaries(text, h.span))
            .collect();
        let [places, quantities, times] = self.sorted;
        let actors = within(&self.doc.places, places, sentence, |p| p.span)
            .map(|p| Actor {
                span: p.span,
                code: p.code,
                mention: p.span.of(text),
                in_organization: p.in_organization,
                confidence: f64::from(p.confidence),
            })
            .collect();
        let quantities = within(&self.doc.quantities, quantities, sentence, |q| q.span).collect();
        let times = within(&self.doc.times, times, sentence, |t| t.span)
            .map(|t| (t.span, t.value))
            .collect();
        SentenceView {
            text,
            span: sentence,
            hits,
            actors,
            quantities,
            times,
            flow_recipients: Vec::new(),
        }
    }

    /// Drops places that only qualify a neighbour ("Lhundrub county in Tibet",
    /// "Jiangsu's Taizhou", "Suzhou of East China's Jiangsu province").
    fn drop_qualifiers(&self, view: &mut SentenceView<'_>) {
        let actors = &view.actors;
        let mut keep = vec![true; actors.len()];
        for i in 0..actors.len() {
            for j in [i.wrapping_sub(1), i + 1] {
                let Some(other) = actors.get(j) else { continue };
                // One plural anaphor ("the four counties") stands for several places.
                if other.span.overlaps(actors[i].span) {
                    continue;
                }
                let gap = if j < i {
                    Span::new(other.span.end, actors[i].span.start)
                } else {
                    Span::new(actors[i].span.end, other.span.start)
                };
                let gap_text = gap.of(view.text);
                let connected = gap.end - gap.start <= 40
                    && !gap_text.contains([';', '。', '；'])
                    && !gap_text.contains(" and ")
                    && !view
                        .hits
                        .iter()
                        .any(|h| gap.contains(h.span) && !self.has_role(h, Trigger::To));
                if connected && self.gazetteer.is_ancestor(actors[i].code, other.code) {
                    keep[i] = false;
                }
            }
        }
        let mut it = keep.into_iter();
        view.actors
            .retain(|_| it.next().expect("one flag per actor"));
    }

    /// Whether `hit` is a breakdown marker ("of which", "among them", "其中"),
    /// not a mere "and"/"also".
    fn opens_breakdown(&self, view: &SentenceView<'_>, hit: &Hit) -> bool {
        self.has_role(hit, Trigger::Continue)
            && !["and", "also"]
                .iter()
                .any(|w| hit.span.of(view.text).eq_ignore_ascii_case(w))
    }

    fn clauses(&self, view: &SentenceView<'_>) -> Vec<Clause> {
        let mut out = Vec::new();
        let mut start = view.span.start;
        for hit in &view.hits {
            if hit.span.start <= start {
                continue;
            }
            if self.has_role(hit, Trigger::Break) {
                out.push(Clause {
                    span: Span::new(start, hit.span.start),
                });
                start = hit.span.end;
            } else if self.opens_breakdown(view, hit)
                && view.text[..hit.span.start]
                    .trim_end()
                    .ends_with([',', '，', ';', '；'])
            {
                // ", of which 460 million yuan went to Shufu": a breakdown
                // clause of its own, opened by its marker.
                out.push(Clause {
                    span: Span::new(start, hit.span.start),
                });
                start = hit.span.start;
            }
        }
        out.push(Clause {
            span: Span::new(start, view.span.end),
        });
        out
    }

    /// The trigger of `role` that ends closest before `pos` within `max` bytes,
    /// with no actor in between.
    /// Whether the place at `pos` is governed by a trigger of `role` ending
    /// at most `max` bytes before it, or is a later member of a list of
    /// places so governed ("in Linxia, Gannan, Tianshui and Wuwei").
    fn marked_by(&self, view: &SentenceView<'_>, pos: usize, role: Trigger, max: usize) -> bool {
        let mut pos = pos;
        loop {
            if self.directly_marked_by(view, pos, role, max) {
                return true;
            }
            match view.actors.iter().rev().find(|a| a.span.end <= pos) {
                Some(prev) if is_list_gap(&view.text[prev.span.end..pos]) => pos = prev.span.start,
                _ => return false,
            }
        }
    }

    fn directly_marked_by(
        &self,
        view: &SentenceView<'_>,
        pos: usize,
        role: Trigger,
        max: usize,
    ) -> bool {
        view.hits.iter().any(|h| {
            h.span.end <= pos
                && pos - h.span.end <= max
                && self.has_role(h, role)
                // "In 2017, Jiangsu ...": the phrase ended before the place.
                && !view.text[h.span.end..pos].contains(PHRASE_END)
                && !view
                    .actors
                    .iter()
                    .any(|a| a.span.start >= h.span.end && a.span.end <= pos)
                && !view
                    .quantities
                    .iter()
                    .any(|q| q.span.start >= h.span.end && q.span.end <= pos)
        })
    }

    fn is_sentence_start(&self, view: &SentenceView<'_>, pos: usize) -> bool {
        view.text[view.span.start..pos]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
    }
}

/// Characters that end a prepositional phrase before a place: "In 2017, Jiangsu".
const PHRASE_END: [char; 14] = [
    ',', '，', '(', ')', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
];

/// How a place took part in the sentences so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Donor,
    Recipient,
    Named,
}

/// Discourse state carried from sentence to sentence.
#[derive(Debug, Default, Clone)]
struct Discourse<'d> {
    /// Places in order of mention with the part they played (latest last).
    recent: Vec<(PlaceCode, Part)>,
    /// Donor → recipients stated so far.
    counterparts: HashMap<PlaceCode, Vec<PlaceCode>>,
    /// The recipients of the last amount given to named places.
    last_flow_recipients: Vec<Actor<'d>>,
    subject: Option<Actor<'d>>,
    year: Option<i32>,
    since: Option<i32>,
}

impl<'d> Discourse<'d> {
    /// The `count` most recent distinct places a definite phrase can mean:
    /// donors first in subject position, recipients first elsewhere, then
    /// any place named; within `container` when the phrase names one.
    fn recent_places(
        &self,
        linker: &Linker<'_>,
        referent: Referent,
        count: usize,
        container: Option<PlaceCode>,
        subject_position: bool,
    ) -> Vec<PlaceCode> {
        let preferred = if subject_position {
            Part::Donor
        } else {
            Part::Recipient
        };
        let fits = |code: PlaceCode| {
            linker
                .gazetteer
                .place(code)
                .is_some_and(|p| referent.accepts(p))
                && container.is_none_or(|c| linker.gazetteer.is_ancestor(c, code))
        };
        let mut out: Vec<PlaceCode> = Vec::new();
        for wanted in [Some(preferred), None] {
            for &(code, part) in self.recent.iter().rev() {
                if out.len() == count {
                    return out;
                }
                if wanted.is_none_or(|w| w == part) && fits(code) && !out.contains(&code) {
                    out.push(code);
                }
            }
        }
        out
    }

    /// Records what a sentence said: its places and the parts they played.
    fn remember(&mut self, view: &SentenceView<'d>, new_drafts: &[Draft<'d>]) {
        for actor in &view.actors {
            self.recent.push((actor.code, Part::Named));
        }
        for d in new_drafts {
            if d.quantity.is_some() && d.recipients_explicit && !d.recipients.is_empty() {
                self.last_flow_recipients = d.recipients.clone();
            }
            if let Some(donor) = &d.donor {
                self.recent.push((donor.code, Part::Donor));
                if d.donor_source == DonorSource::Frame && d.recipients_explicit {
                    let list = self.counterparts.entry(donor.code).or_default();
                    for r in &d.recipients {
                        if !list.contains(&r.code) {
                            list.push(r.code);
                        }
                    }
                }
            }
            for r in &d.recipients {
                self.recent.push((r.code, Part::Recipient));
            }
        }
    }
}

/// The year, start year and cumulative flag for an amount at `anchor`: the
/// clause's time expressions (else the sentence's), nearest first.
fn time_for(
    view: &SentenceView<'_>,
    clause: Span,
    anchor: usize,
) -> (Option<i32>, Option<i32>, bool) {
    let in_clause: Vec<&(Span, TimeValue)> = view
        .times
        .iter()
        .filter(|(s, _)| clause.contains(*s))
        .collect();
    let pool: Vec<&(Span, TimeValue)> = if in_clause.is_empty() {
        view.times.iter().collect()
    } else {
        in_clause
    };
    // Zero when the anchor lies inside the expression.
    let distance = |s: &Span| {
        s.start
            .saturating_sub(anchor)
            .max(anchor.saturating_sub(s.end))
    };
    let nearest = |want: fn(&TimeValue) -> Option<i32>| {
        pool.iter()
            .filter_map(|(s, v)| want(v).map(|y| (distance(s), y)))
            .min_by_key(|&(d, _)| d)
            .map(|(_, y)| y)
    };
    let year = nearest(|v| {
        if let TimeValue::Year(y) = v {
            Some(*y)
        } else {
            None
        }
    });
    let since = nearest(|v| {
        if let TimeValue::Since(y) = v {
            Some(*y)
        } else {
            None
        }
    });
    let cumulative = pool.iter().any(|(_, v)| *v == TimeValue::Cumulative);
    (year, since, cumulative)
}

fn event_type(q: &QuantityMention, cues: &[EventType]) -> EventType {
    let investment = cues.contains(&EventType::Investment);
    let training = cues.contains(&EventType::Training);
    match q.kind {
        QuantityKind::Money => {
            if investment {
                EventType::Investment
            } else {
                EventType::Funds
            }
        }
        QuantityKind::Count => match q.noun_class.as_deref() {
            Some("personnel") if training => EventType::Training,
            Some("personnel") => EventType::Personnel,
            Some("trainee") => EventType::Training,
            Some("beneficiary") if training => EventType::Training,
            Some("project") | Some("facility")
                if investment || q.role.as_deref().is_some_and(|r| r.contains("invest")) =>
            {
                EventType::Investment
            }
            Some("project") | Some("facility") => EventType::Projects,
            Some("enterprise") => EventType::Investment,
            _ => EventType::Beneficiaries,
        },
    }
}

/// Whether two divisions are the same or one contains the other: a donor
/// gives to neither its own subdivisions nor the regions containing it.
fn related(gazetteer: &Gazetteer, a: PlaceCode, b: PlaceCode) -> bool {
    a == b || gazetteer.is_ancestor(a, b) || gazetteer.is_ancestor(b, a)
}

/// Links the events of one annotated document.
pub fn link(doc: &Document, knowledge: &Knowledge) -> Vec<Event> {
    let linker = Linker {
        doc,
        gazetteer: &knowledge.gazetteer,
        lexicon: &knowledge.link,
        sorted: [
            doc.places.is_sorted_by_key(|p| p.span.start),
            doc.quantities.is_sorted_by_key(|q| q.span.start),
            doc.times.is_sorted_by_key(|t| t.span.start),
        ],
    };
    let mut drafts = Vec::new();
    let mut discourse = Discourse::default();
    for sentence in &doc.sentences {
        let mut view = linker.view(sentence.span);
        resolve_anaphors(&linker, &mut view, &discourse);
        linker.drop_qualifiers(&mut view);
        let before = drafts.len();
        link_sentence(&linker, &view, &mut discourse, &mut drafts);
        discourse.remember(&view, &drafts[before..]);
    }
    // The discourse has by now recorded every stated counterpart of the article.
    apply_article_context(&linker, &discourse.counterparts, &mut drafts);
    finish(doc, &knowledge.gazetteer, drafts)
}

/// Adds actors for anaphors ("It", "its counterpart", "the prefecture",
/// "the four counties", "the Jiangsu city") that resolve to places through
/// the discourse state.
fn resolve_anaphors<'d>(
    linker: &Linker<'d>,
    view: &mut SentenceView<'d>,
    discourse: &Discourse<'d>,
) {
    let s = view.span.of(view.text);
    let base = view.span.start;
    let mut added = Vec::new();
    let text = view.text;
    let push = |span: Span, codes: Vec<PlaceCode>, added: &mut Vec<Actor<'d>>| {
        for code in codes {
            added.push(Actor {
                span,
                code,
                mention: span.of(text),
                in_organization: false,
                confidence: 0.8,
            });
        }
    };
    // A subject or a "from" phrase names a giver; anything else a receiver.
    let subject_position = |pos: usize| !linker.marked_by(view, pos, Trigger::To, 32);
    let mut refers_to_flow = false;
    for m in linker.lexicon.anaphors.find_iter(s) {
        let span = Span::new(base + m.start(), base + m.end());
        if !at_word_boundaries(view.text, span) || view.actors.iter().any(|a| a.span.overlaps(span))
        {
            continue;
        }
        let codes = match linker.lexicon.anaphor_kinds[m.pattern().as_usize()] {
            // "It" only as the subject that opens the sentence.
            Anaphor::Subject if linker.is_sentence_start(view, span.start) => {
                discourse.subject.iter().map(|a| a.code).collect()
            }
            Anaphor::Subject => Vec::new(),
            Anaphor::Flow => {
                refers_to_flow = true;
                Vec::new()
            }
            Anaphor::Counterpart => discourse
                .subject
                .as_ref()
                .and_then(|a| discourse.counterparts.get(&a.code))
                .filter(|list| list.len() == 1)
                .cloned()
                .unwrap_or_default(),
            Anaphor::Place(referent) => {
                discourse.recent_places(linker, referent, 1, None, subject_position(span.start))
            }
        };
        push(span, codes, &mut added);
    }
    // Matches are non-empty, so the next one starts at or after the end of
    // the last (`from`), before a head noun that does too, and no earlier
    // than a determiner before that head: searching on from there finds
    // what `captures_iter` does.
    let heads = linker.lexicon.definite_heads(s);
    let mut from = 0;
    let definites = std::iter::from_fn(|| {
        let at = match &heads {
            None => from,
            Some(heads) => heads
                .iter()
                .filter(|&&(head, _)| head >= from)
                .map(|&(_, start)| start.max(from))
                .min()?,
        };
        let c = linker.lexicon.definite.captures_at(s, at)?;
        from = c.get(0).expect("group 0 always matches").end();
        Some(c)
    });
    for c in definites {
        let whole = c.get(0).expect("group 0 always matches");
        let span = Span::new(base + whole.start(), base + whole.end());
        let head = c.get(2).expect("the head always matches");
        let head_span = Span::new(base + head.start(), base + head.end());
        let rest = &view.text[span.end..view.span.end];
        // "the city of Suqian", "the county Zhouzhi": an apposition, not an anaphor.
        let names_next = rest.trim_start().starts_with("of ")
            && view
                .actors
                .iter()
                .any(|a| a.span.start >= span.end && a.span.start <= span.end + 12);
        if names_next
            || view.actors.iter().any(|a| a.span.overlaps(head_span))
            || added.iter().any(|a: &Actor| a.span.overlaps(span))
        {
            continue;
        }
        let Some(&referent) = linker.lexicon.heads.get(&head.as_str().to_lowercase()) else {
            continue;
        };
        let modifiers = c.get(1).map_or("", |m| m.as_str());
        let count = modifiers
            .split_whitespace()
            .find_map(|w| {
                linker
                    .lexicon
                    .numbers
                    .get(&w.to_lowercase())
                    .copied()
                    .or_else(|| w.parse().ok())
            })
            .unwrap_or(1);
        let container = view
            .actors
            .iter()
            .find(|a| span.contains(a.span) && a.span.end <= head_span.start)
            .map(|a| a.code);
        let codes = discourse.recent_places(
            linker,
            referent,
            count,
            container,
            subject_position(span.start),
        );
        // A plural asks for exactly that many places; fewer known means unresolved.
        if codes.len() == count {
            push(span, codes, &mut added);
        }
    }
    if refers_to_flow {
        view.flow_recipients = discourse.last_flow_recipients.clone();
    }
    view.actors.retain(|a| {
        !added
            .iter()
            .any(|n| n.span.contains(a.span) && n.span != a.span)
    });
    view.actors.extend(added);
    view.actors.sort_by_key(|a| a.span.start);
}

fn link_sentence<'d>(
    linker: &Linker<'d>,
    view: &SentenceView<'d>,
    discourse: &mut Discourse<'d>,
    drafts: &mut Vec<Draft<'d>>,
) {
    let continues = view.hits.first().is_some_and(|h| {
        linker.has_role(h, Trigger::Continue) && linker.is_sentence_start(view, h.span.start)
    }) || view.actors.first().is_some_and(|a| {
        a.mention.eq_ignore_ascii_case("it") || a.mention.eq_ignore_ascii_case("its")
    });
    // Quoted speech ("We have sent ...") names no donor place; its figures are
    // anecdotes, not reported flows.
    let quoted = view
        .span
        .of(view.text)
        .starts_with(['"', '\u{201c}', '\u{300c}']);
    let mut sentence_subject: Option<Actor> = None;
    let mut in_breakdown = false;
    let mut sentence_frame: Option<Trigger> = None;
    let mut sentence_recipients: Vec<Actor> = Vec::new();
    for clause in linker.clauses(view) {
        let actors: Vec<&Actor> = view
            .actors
            .iter()
            .filter(|a| clause.span.contains(a.span))
            .collect();
        let hits: Vec<&Hit> = view
            .hits
            .iter()
            .filter(|h| clause.span.contains(h.span))
            .collect();
        let flows: Vec<&QuantityMention> = view
            .quantities
            .iter()
            .copied()
            .filter(|q| clause.span.contains(q.span) && q.not_flow.is_none() && !quoted)
            // "the four counties" names places; its "four counties" is no count.
            .filter(|q| {
                !actors
                    .iter()
                    .any(|a| a.span.start < q.span.start && q.span.start < a.span.end)
            })
            .collect();
        // The subject stands before the first verb of giving or receiving (or,
        // in a pure relationship statement, before the pairing word).
        let first_of = |roles: &[Trigger]| {
            hits.iter()
                .filter(|h| roles.iter().any(|r| linker.has_role(h, *r)))
                .map(|h| h.span.start)
                .min()
        };
        let first_verb = first_of(&[Trigger::Give, Trigger::Receive])
            .or_else(|| first_of(&[Trigger::Pair]))
            .unwrap_or(clause.span.end);
        // A clause with no verb of its own ("..., and Ngawa 330 million yuan
        // from Zhejiang") shares the verb of the clause before (gapping).
        let own_verb = hits
            .iter()
            .any(|h| linker.has_role(h, Trigger::Give) || linker.has_role(h, Trigger::Receive));
        let receive_frame = hits.iter().any(|h| linker.has_role(h, Trigger::Receive))
            || (!own_verb && sentence_frame == Some(Trigger::Receive));
        if own_verb {
            sentence_frame = Some(
                if hits.iter().any(|h| linker.has_role(h, Trigger::Receive)) {
                    Trigger::Receive
                } else {
                    Trigger::Give
                },
            );
        }
        // "Among them, ...", "其中，...", "Of the funds, ...": a breakdown keeps the
        // donor of what it breaks down, and its places receive.
        let opens = hits.first().is_some_and(|h| {
            linker.opens_breakdown(view, h)
                && view.text[clause.span.start..h.span.start]
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .is_empty()
        });
        // Items after a breakdown ("其中X A；Y B；Z C") stay in it until a verb
        // of their own starts a new statement.
        let breakdown = opens || (in_breakdown && !own_verb);
        in_breakdown = breakdown;

        // Donor marked by "from"/"by" or "X-funded".
        let marked_donor = actors
            .iter()
            .find(|a| {
                linker.marked_by(view, a.span.start, Trigger::From, 30)
                    || hits.iter().any(|h| {
                        h.span.start == a.span.end && linker.has_role(h, Trigger::DonorSuffix)
                    })
            })
            .copied();
        // The subject: the first place before the verb that no preposition
        // governs, after an introductory phrase ("Since the two cities were
        // paired in 2017, Taizhou has provided ...", "In Nedong district, Wuhan
        // funded ..."); an apposition after it ("Yanji, the prefecture's
        // capital, received ...") does not displace it.
        let intro_end = hits
            .first()
            .filter(|h| {
                linker.has_role(h, Trigger::Subordinator)
                    && view.text[clause.span.start..h.span.start]
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .is_empty()
            })
            .and_then(|h| {
                view.text[h.span.end..first_verb.max(h.span.end)]
                    .find([',', '，'])
                    .map(|i| h.span.end + i)
            })
            .unwrap_or(clause.span.start);
        let subject = actors
            .iter()
            .find(|a| {
                !breakdown
                    && !a.in_organization
                    && a.span.start >= intro_end
                    && a.span.start < first_verb
                    && !linker.marked_by(view, a.span.start, Trigger::To, 32)
                    && !linker.marked_by(view, a.span.start, Trigger::From, 30)
            })
            .copied()
            .cloned();
        // The places that stand with the subject in one list ("Hoxud and Bohu
        // counties received ..."): joint givers, or joint receivers.
        let subject_list: Vec<Actor> = subject.as_ref().map_or_else(Vec::new, |s| {
            let from_subject: Vec<&Actor> = actors
                .iter()
                .copied()
                .filter(|a| a.span.start >= s.span.start && a.span.start < first_verb)
                .collect();
            leading_list(view.text, &from_subject)
                .into_iter()
                .cloned()
                .collect()
        });
        // A subject before the verb outranks a "from" phrase after it
        // ("Shenzhen alone sent ..., the latest group from Guangdong").
        let marked_donor = marked_donor
            .filter(|d| receive_frame || subject.is_none() || d.span.start < first_verb);

        // Two subjects in one list, or a plural anaphor, give jointly.
        let joint = subject
            .as_ref()
            .is_some_and(|s| subject_list.iter().any(|a| a.code != s.code));
        let (donor, donor_source, frame) = match (&marked_donor, &subject) {
            (None, Some(_)) if joint && !receive_frame => {
                (None, DonorSource::Joint, "joint-donors")
            }
            (Some(d), _) if !d.in_organization => {
                (Some((*d).clone()), DonorSource::Frame, "from-frame")
            }
            (_, Some(s)) if !receive_frame && !s.in_organization => {
                (Some(s.clone()), DonorSource::Frame, "subject-frame")
            }
            _ if continues || breakdown || sentence_subject.is_some() => {
                let carried = sentence_subject
                    .clone()
                    .or_else(|| discourse.subject.clone());
                (carried, DonorSource::Carried, "carried-subject")
            }
            _ => (None, DonorSource::ArticleDonor, "article-donor"),
        };
        if donor_source == DonorSource::Frame {
            sentence_subject = donor.clone();
        }
        let donor_code = donor.as_ref().map(|d| d.code);
        let recipient_ok =
            |a: &&&Actor| donor_code.is_none_or(|d| !related(linker.gazetteer, a.code, d));

        // Year and cumulative start, nearest the amount; a continuing
        // sentence without its own keeps the previous sentence's.
        let time_at = |anchor: usize| {
            let (year, since, cumulative) = time_for(view, clause.span, anchor);
            if year.is_none() && since.is_none() && continues {
                (discourse.year, discourse.since, cumulative)
            } else {
                (year, since, cumulative)
            }
        };
        let (year, since, _) = time_at(clause.span.start);

        // Pairing statements.
        // A pairing word after an amount ("... 707 million yuan for paired
        // assistance") describes the flow; one before it states a relationship.
        let first_flow = flows.first().map_or(clause.span.end, |q| q.span.start);
        if hits
            .iter()
            .any(|h| linker.has_role(h, Trigger::Pair) && h.span.start < first_flow)
        {
            pairings(
                linker,
                view,
                clause.span,
                &actors,
                &hits,
                // Only a subject read in this clause pairs; a carried one does not.
                donor
                    .as_ref()
                    .filter(|_| donor_source == DonorSource::Frame),
                year.or(since),
                drafts,
            );
        }

        // A breakdown ("It included A to X") restates a flow: it is a frame.
        let has_frame = breakdown
            || sentence_frame.is_some()
            || hits.iter().any(|h| {
                linker.has_role(h, Trigger::Give)
                    || linker.has_role(h, Trigger::Receive)
                    || linker.has_role(h, Trigger::Pair)
                    || linker.has_role(h, Trigger::AidTo)
            });
        let chinese = clause
            .span
            .of(view.text)
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let examples_start = hits
            .iter()
            .filter(|h| flows.first().is_some_and(|q| h.span.start > q.span.end))
            .filter(|h| linker.has_role(h, Trigger::Continue))
            .filter(|h| !h.span.of(view.text).eq_ignore_ascii_case("and"))
            .map(|h| h.span.start)
            .min()
            .unwrap_or(clause.span.end);
        // "A, B and C received X, Y and Z respectively": one place per amount.
        let zipped: Vec<&Actor> = if hits
            .iter()
            .any(|h| linker.has_role(h, Trigger::Respectively))
            && flows.len() >= 2
        {
            let first = flows[0].span.start;
            let last = flows[flows.len() - 1].span.end;
            let before: Vec<&Actor> = actors
                .iter()
                .copied()
                .filter(|a| a.span.end <= first)
                .collect();
            let after: Vec<&Actor> = actors
                .iter()
                .copied()
                .filter(|a| a.span.start >= last)
                .collect();
            let subjects = trailing_list(view.text, &before);
            let objects = leading_list(view.text, &after);
            // "respectively" closes the amounts (subjects received them) or
            // the list of places after them.
            let closes = |end: usize| {
                hits.iter().any(|h| {
                    linker.has_role(h, Trigger::Respectively)
                        && h.span.start >= end
                        && h.span.start - end <= 24
                })
            };
            // Chinese writes 分别 before the amounts (A、B分别获得X、Y).
            let respectively_anywhere = hits
                .iter()
                .any(|h| linker.has_role(h, Trigger::Respectively));
            if receive_frame
                && subjects.len() == flows.len()
                && (closes(last) || (chinese && respectively_anywhere))
            {
                subjects
            } else if objects.len() == flows.len()
                && objects.last().is_some_and(|o| closes(o.span.end))
            {
                objects
            } else {
                Vec::new()
            }
        } else {
            Vec::new()
        };
        for (qi, q) in flows.iter().enumerate() {
            // The amount's own places run to the next amount, or to "including",
            // which opens examples, not recipients.
            let next = flows.get(qi + 1).map_or(clause.span.end, |n| n.span.start);
            let next = hits
                .iter()
                .filter(|h| h.span.start >= q.span.end && h.span.start < next)
                .filter(|h| linker.has_role(h, Trigger::Continue))
                .filter(|h| !h.span.of(view.text).eq_ignore_ascii_case("and"))
                .map(|h| h.span.start)
                .min()
                .unwrap_or(next);
            let (q_year, q_since, cumulative) = time_at(q.span.start);
            let previous = qi
                .checked_sub(1)
                .map_or(clause.span.start, |p| flows[p].span.end);
            let mut rule = frame.to_string();
            let before_amount =
                |a: &&&Actor| a.span.start >= previous && a.span.end <= q.span.start;
            let mut recipients: Vec<Actor> = if let Some(r) = zipped.get(qi) {
                rule.push_str("+respectively");
                vec![(*r).clone()]
            } else if receive_frame && !subject_list.is_empty() {
                // "Hoxud and Bohu counties received A from Hebei".
                rule.push_str("+subject-recipient");
                subject_list
                    .iter()
                    .filter(|a| donor_code.is_none_or(|d| !related(linker.gazetteer, a.code, d)))
                    .cloned()
                    .collect()
            } else if chinese {
                // Chinese puts the recipient before the amount: 向X投入A,
                // 支援X的资金A, and in a breakdown 其中X A、Y B.
                actors
                    .iter()
                    .filter(before_amount)
                    .filter(|a| {
                        breakdown
                            || linker.marked_by(view, a.span.start, Trigger::To, 12)
                            || linker.marked_by(view, a.span.start, Trigger::Give, 12)
                            || linker.marked_by(view, a.span.start, Trigger::Pair, 12)
                    })
                    .filter(recipient_ok)
                    .map(|a| (*a).clone())
                    .collect()
            } else {
                // "X's aid to Y totalled A": the aid noun names the recipient.
                actors
                    .iter()
                    .filter(before_amount)
                    .filter(|a| {
                        linker.marked_by(view, a.span.start, Trigger::AidTo, 32)
                            // "helped Tacheng attract ...": the verb's object.
                            || (linker.marked_by(view, a.span.start, Trigger::Give, 2)
                                && !linker.marked_by(view, a.span.start, Trigger::To, 2))
                    })
                    .filter(recipient_ok)
                    .map(|a| (*a).clone())
                    .collect()
            };
            if recipients.is_empty() {
                // Places after the amount, up to the next amount, governed by
                // to/for/in ("..., the provincial Xinjiang aid office said" is not).
                recipients = actors
                    .iter()
                    .filter(|a| a.span.start >= q.span.end && a.span.end <= next)
                    .filter(|a| linker.marked_by(view, a.span.start, Trigger::To, 48))
                    .filter(recipient_ok)
                    .map(|a| (*a).clone())
                    .collect();
            }
            let mut explicit = !recipients.is_empty();
            if recipients.is_empty() {
                // Places elsewhere in the clause governed by to/for/in/with,
                // short of the examples a list opens ("including ...").
                recipients = actors
                    .iter()
                    .filter(|a| a.span.start < examples_start)
                    .filter(|a| linker.marked_by(view, a.span.start, Trigger::To, 32))
                    .filter(|a| {
                        !(a.span.start >= q.span.end && a.span.start < next) || flows.len() == 1
                    })
                    .filter(recipient_ok)
                    .map(|a| (*a).clone())
                    .collect();
                if !recipients.is_empty() {
                    explicit = true;
                    rule.push_str("+prep-recipient");
                }
            }
            if recipients.is_empty() {
                // "helped 216,000 Guangxi workers": the people counted come from
                // the place that modifies them.
                recipients = actors
                    .iter()
                    .filter(|a| q.span.contains(a.span))
                    .filter(recipient_ok)
                    .map(|a| (*a).clone())
                    .collect();
                if !recipients.is_empty() {
                    explicit = true;
                    rule.push_str("+modifier-recipient");
                }
            }
            // A clause that goes on with the sentence's subject goes on with
            // its recipient too ("安排日喀则市资金6.8亿元，实施项目92个").
            if recipients.is_empty()
                && donor_source != DonorSource::Frame
                && !sentence_recipients.is_empty()
            {
                recipients = sentence_recipients.clone();
                explicit = true;
                rule.push_str("+clause-recipient");
            }
            // "The money has financed 412 projects": the last flow's recipients.
            if recipients.is_empty() && !view.flow_recipients.is_empty() {
                recipients = view
                    .flow_recipients
                    .iter()
                    .filter(|a| donor_code.is_none_or(|d| !related(linker.gazetteer, a.code, d)))
                    .cloned()
                    .collect();
                explicit = !recipients.is_empty();
                rule.push_str("+flow-anaphor");
            }
            if explicit && !recipients.is_empty() {
                sentence_recipients = recipients.clone();
            }
            if recipients.is_empty()
                && (receive_frame || marked_donor.is_some())
                && let Some(s) = subject.as_ref().filter(|s| Some(s.code) != donor_code)
            {
                recipients.push(s.clone());
                explicit = true;
                rule.push_str("+subject-recipient");
            } else if !explicit {
                rule.push_str("+to-place");
            }
            // No verb or noun of giving: "GDP reached A", "a harvest worth A".
            if !has_frame {
                continue;
            }
            recipients.dedup_by_key(|a| a.code);
            // Type cues count between the neighbouring amounts: "employment" after
            // another figure does not make these cadres trainees.
            let segment_end = flows.get(qi + 1).map_or(clause.span.end, |n| n.span.start);
            let cues: Vec<EventType> = hits
                .iter()
                .filter(|h| h.span.start >= previous && h.span.end <= segment_end)
                .flat_map(|h| linker.roles(h).iter())
                .filter_map(|r| {
                    if let Trigger::Cue(t) = r {
                        Some(*t)
                    } else {
                        None
                    }
                })
                .collect();
            let kind = event_type(q, &cues);
            // "80 counties", "the two cities", "18 villages": places or people
            // counted are not a flow unless the clause says they were helped.
            let helped =
                cues.contains(&EventType::Beneficiaries) || cues.contains(&EventType::Training);
            let counted_only = matches!(
                q.noun_class.as_deref(),
                Some("area" | "village" | "household" | "beneficiary") | None
            );
            if q.kind == QuantityKind::Count && counted_only && !helped {
                continue;
            }
            // "一名医生说", "a teacher said": one person is an anecdote, not a flow.
            if q.kind == QuantityKind::Count && q.value < 2 {
                continue;
            }
            let base = match donor_source {
                DonorSource::Frame => 0.9,
                DonorSource::Carried => 0.75,
                DonorSource::ArticleDonor | DonorSource::Joint => 0.5,
            };
            let place_conf = donor
                .iter()
                .chain(recipients.iter())
                .map(|a| a.confidence)
                .fold(1.0, f64::min);
            drafts.push(Draft {
                kind,
                donor: donor.clone(),
                recipients,
                quantity: Some(*q),
                year: q_year,
                since: q_since,
                cumulative,
                sentence: view.span,
                anchor: q.span.start,
                confidence: base * place_conf * if explicit { 1.0 } else { 0.9 },
                rule,
                donor_source,
                recipients_explicit: explicit,
            });
        }
    }
    if let Some(s) = sentence_subject {
        discourse.subject = Some(s);
    }
    // What the next sentence inherits if it continues this one: this
    // sentence's own time, or what it inherited itself.
    let (year, since, _) = time_for(view, view.span, view.span.start);
    if year.is_some() || since.is_some() || !continues {
        discourse.year = year;
        discourse.since = since;
    }
}

/// Pairing events from a clause that states a relationship: "X paired with
/// Y", "the pairing of X and Y", "A, B and C paired with P, Q and R respectively".
#[allow(clippy::too_many_arguments)]
fn pairings<'d>(
    linker: &Linker<'d>,
    view: &SentenceView<'d>,
    clause: Span,
    actors: &[&Actor<'d>],
    hits: &[&Hit],
    subject: Option<&Actor<'d>>,
    year: Option<i32>,
    drafts: &mut Vec<Draft<'d>>,
) {
    let places: Vec<&Actor> = actors
        .iter()
        .copied()
        .filter(|a| !a.in_organization)
        .collect();
    let trigger = hits
        .iter()
        .find(|h| linker.has_role(h, Trigger::Pair))
        .expect("caller checked");
    let (before, after): (Vec<&Actor>, Vec<&Actor>) = places
        .iter()
        .copied()
        .filter(|a| a.span.end <= trigger.span.start || a.span.start >= trigger.span.end)
        .partition(|a| a.span.end <= trigger.span.start);
    // Each side is a list of places joined by commas and "and", or the subject alone.
    let mut left = trailing_list(view.text, &before);
    // A list governed by "to"/"from" is an object, not the side that pairs.
    if left.first().is_some_and(|a| {
        linker.marked_by(view, a.span.start, Trigger::To, 32)
            || linker.marked_by(view, a.span.start, Trigger::From, 30)
    }) {
        left.clear();
    }
    if left.len() <= 1
        && let Some(s) = subject
    {
        left = vec![s];
    }
    let right = leading_list(view.text, &after);
    let respectively = hits
        .iter()
        .any(|h| linker.has_role(h, Trigger::Respectively));
    let mut pairs: Vec<(&Actor, &Actor, &'static str)> = Vec::new();
    if respectively {
        // In order, and only when the two lists are the same length.
        if left.len() == right.len() && left.len() > 1 {
            pairs.extend(
                left.iter()
                    .zip(&right)
                    .map(|(a, b)| (*a, *b, "pairing-respectively")),
            );
        }
    } else if left.len() == 1 && !right.is_empty() {
        pairs.extend(right.iter().map(|r| (left[0], *r, "pairing-frame")));
    } else if right.len() == 1 && !left.is_empty() && left.len() <= 3 {
        pairs.extend(left.iter().map(|l| (*l, right[0], "pairing-frame")));
    } else if right.is_empty() && left.len() == 2 {
        pairs.push((left[0], left[1], "pairing-symmetric"));
    } else if left.is_empty() && right.len() == 2 {
        pairs.push((right[0], right[1], "pairing-symmetric"));
    }
    for (a, b, rule) in pairs {
        if a.code == b.code
            || linker.gazetteer.is_ancestor(a.code, b.code)
            || linker.gazetteer.is_ancestor(b.code, a.code)
        {
            continue;
        }
        // A stated direction that runs against the programme's roles is the
        // passive "Y partnered with X": turn it round.
        let flip = linker.gazetteer.assistance_role(a.code) == Some(AssistanceRole::Recipient)
            && linker.gazetteer.assistance_role(b.code) == Some(AssistanceRole::Donor);
        let (donor, recipient) = if flip { (b, a) } else { (a, b) };
        drafts.push(Draft {
            kind: EventType::Pairing,
            donor: Some(donor.clone()),
            recipients: vec![recipient.clone()],
            quantity: None,
            year: None,
            since: year,
            cumulative: false,
            sentence: view.span,
            anchor: recipient.span.start.max(clause.start),
            confidence: 0.85 * donor.confidence.min(recipient.confidence),
            rule: if flip {
                format!("{rule}+role-prior")
            } else {
                rule.to_string()
            },
            donor_source: DonorSource::Frame,
            recipients_explicit: true,
        });
    }
}

/// Fills what single sentences leave open from the whole article: a donor's
/// one counterpart as recipient, the article's main donor, the start year of
/// "so far" totals.
fn apply_article_context<'d>(
    linker: &Linker<'d>,
    counterparts: &HashMap<PlaceCode, Vec<PlaceCode>>,
    drafts: &mut Vec<Draft<'d>>,
) {
    let mut donor_counts: BTreeMap<PlaceCode, usize> = BTreeMap::new();
    let mut first_since: Option<i32> = None;
    for d in drafts.iter() {
        if let Some(donor) = &d.donor
            && d.donor_source == DonorSource::Frame
        {
            *donor_counts.entry(donor.code).or_default() += 1;
        }
        if d.kind == EventType::Pairing {
            first_since = first_since.or(d.since);
        }
    }
    let main_donor = donor_counts
        .iter()
        .max_by_key(|(code, n)| (**n, std::cmp::Reverse(**code)))
        .map(|(c, _)| *c);
    let main_actor = main_donor.and_then(|code| {
        drafts
            .iter()
            .find_map(|d| {
                d.donor
                    .as_ref()
                    .filter(|a| a.code == code && d.donor_source == DonorSource::Frame)
            })
            .cloned()
    });
    drafts.retain_mut(|d| {
        if d.donor.is_none() {
            match &main_actor {
                Some(a) if d.donor_source != DonorSource::Joint => {
                    d.donor = Some(a.clone());
                    d.confidence *= 0.6;
                    d.rule = d.rule.replace("carried-subject", "article-donor");
                }
                // No single donor: keep only a flow stated with an explicit recipient.
                _ => return d.recipients_explicit && !d.recipients.is_empty(),
            }
        }
        let donor = d.donor.as_ref().map(|a| a.code).expect("donor set above");
        d.recipients
            .retain(|r| !related(linker.gazetteer, r.code, donor));
        if d.recipients.is_empty()
            && d.kind != EventType::Pairing
            && let Some([only]) = counterparts.get(&donor).map(Vec::as_slice)
            && let Some(actor) = drafts_actor(*only, linker)
        {
            d.recipients.push(actor);
            d.confidence *= 0.8;
            d.rule.push_str("+article-counterpart");
        }
        if d.cumulative && d.since.is_none() && d.year.is_none() {
            d.since = first_since;
        }
        true
    });
}

/// Whether `gap` (the text between two places) is only list punctuation.
fn is_list_gap(gap: &str) -> bool {
    let gap = gap.trim().trim_start_matches([',', '，', '、']).trim();
    matches!(gap, "" | "and" | "和" | "及" | "与" | "、")
}

/// Whether two places stand in one list: only list punctuation ("," "and"
/// "、") between them, possibly after a short qualifier of the first
/// ("Haiyan County of Zhejiang Province and Pingshan County").
fn joined(text: &str, a: &Actor<'_>, b: &Actor<'_>) -> bool {
    // The places one plural anaphor stands for form a list by themselves.
    if a.span.overlaps(b.span) {
        return true;
    }
    let gap = text[a.span.end..b.span.start].trim();
    let short = gap.len() <= 40
        && !gap.contains(|c: char| c.is_ascii_digit())
        && !gap.contains(['.', ';', '；', '。']);
    let list_end = ["and", ",", "，", "、", "和", "及", "与"]
        .iter()
        .any(|e| gap.ends_with(e));
    gap.is_empty() || (short && list_end && !gap.trim_end_matches(',').trim_end().ends_with(" of"))
}

/// The list of places that ends with the last of `places`.
fn trailing_list<'x, 'd>(text: &str, places: &[&'x Actor<'d>]) -> Vec<&'x Actor<'d>> {
    let mut out: Vec<&Actor<'d>> = Vec::new();
    for a in places.iter().rev() {
        if out.last().is_some_and(|next| !joined(text, a, next)) {
            break;
        }
        out.push(a);
    }
    out.reverse();
    out
}

/// The list of places that starts with the first of `places`.
fn leading_list<'x, 'd>(text: &str, places: &[&'x Actor<'d>]) -> Vec<&'x Actor<'d>> {
    let mut out: Vec<&Actor<'d>> = Vec::new();
    for a in places {
        if out.last().is_some_and(|prev| !joined(text, prev, a)) {
            break;
        }
        out.push(a);
    }
    out
}

/// A recipient actor for a counterpart known only by code.
fn drafts_actor<'d>(code: PlaceCode, linker: &Linker<'d>) -> Option<Actor<'d>> {
    let place = linker.gazetteer.place(code)?;
    Some(Actor {
        span: Span::new(0, 0),
        code,
        mention: &place.name,
        in_organization: false,
        confidence: 0.8,
    })
}

fn place_ref(doc: &Document, gazetteer: &Gazetteer, actor: &Actor<'_>) -> PlaceRef {
    let place = gazetteer.place(actor.code);
    let mention = if actor.span.is_empty() {
        actor.mention
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

/// A headline restates a body figure, often rounded ("Anhui's aid to Pishan
/// tops 3 billion yuan" over "3.02 billion yuan" in the body): a headline
/// amount with a body twin (same donor, recipients and unit, within 5 %)
/// is dropped. The headline is a first line without sentence punctuation.
fn drop_rounded_headline_figures(doc: &Document, drafts: &mut Vec<Draft<'_>>) {
    let Some(first) = doc.sentences.first() else {
        return;
    };
    let title = first.span.of(&doc.text).trim_end();
    let is_headline = doc
        .sentences
        .get(1)
        .is_some_and(|s| s.paragraph != first.paragraph)
        && !title.ends_with(['.', '。', '!', '！', '?', '？', '"', '\u{201d}']);
    if !is_headline {
        return;
    }
    let twin_in_body = |d: &Draft<'_>| {
        let key = fact_key(d);
        drafts.iter().any(|b| {
            let other = fact_key(b);
            b.sentence.start > first.span.end
                && other.0 == key.0
                && other.1 == key.1
                && match (&key.2, &other.2) {
                    (Some((unit, v)), Some((other_unit, w))) => {
                        unit == other_unit && v.abs_diff(*w) * 20 <= (*v).max(*w)
                    }
                    _ => false,
                }
        })
    };
    let drop: Vec<bool> = drafts
        .iter()
        .map(|d| d.sentence.start == first.span.start && d.quantity.is_some() && twin_in_body(d))
        .collect();
    let mut flags = drop.into_iter();
    drafts.retain(|_| !flags.next().expect("one flag per draft"));
}

/// The fact an event states, for spotting the same figure repeated in the
/// headline, the lead and the body: donor, recipients, and the amount.
type FactKey<'q> = (Option<PlaceCode>, Vec<PlaceCode>, Option<(&'q str, u64)>);

fn fact_key<'q>(d: &Draft<'q>) -> FactKey<'q> {
    let mut recipients: Vec<PlaceCode> = d.recipients.iter().map(|a| a.code).collect();
    recipients.sort_unstable();
    (
        d.donor.as_ref().map(|a| a.code),
        recipients,
        d.quantity.map(|q| (q.unit.as_str(), q.value)),
    )
}

/// Keeps one event per fact (the best-supported reading, with the year or
/// start year any restatement gave), orders by evidence, assigns ids.
fn finish(doc: &Document, gazetteer: &Gazetteer, mut drafts: Vec<Draft<'_>>) -> Vec<Event> {
    drafts.sort_by_key(|d| (d.sentence.start, d.anchor, d.kind));
    drop_rounded_headline_figures(doc, &mut drafts);
    // The draft each draft's fact is kept in.
    let kept_in: Vec<usize> = {
        let keys: Vec<FactKey<'_>> = drafts.iter().map(fact_key).collect();
        let mut best: HashMap<&FactKey<'_>, usize> = HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            let slot = best.entry(key).or_insert(i);
            if drafts[i].confidence > drafts[*slot].confidence {
                *slot = i;
            }
        }
        keys.iter().map(|key| best[key]).collect()
    };
    let mut merged_time: Vec<(Option<i32>, Option<i32>)> = vec![(None, None); drafts.len()];
    for (d, &keep) in drafts.iter().zip(&kept_in) {
        let entry = &mut merged_time[keep];
        entry.0 = entry.0.or(d.year);
        entry.1 = entry.1.or(d.since);
    }
    let drafts: Vec<Draft> = drafts
        .into_iter()
        .enumerate()
        .filter(|(i, _)| kept_in[*i] == *i)
        .map(|(i, mut d)| {
            let (year, since) = merged_time[i];
            d.year = d.year.or(year);
            d.since = d.since.or(since);
            d
        })
        .collect();
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let quantity = d.quantity.as_ref().map(|q| QuantityRecord {
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
            });
            Event {
                schema: SCHEMA.to_string(),
                id: format!("{}#{}", doc.id, i + 1),
                article_id: doc.id.clone(),
                kind: d.kind,
                donor: d.donor.as_ref().map(|a| place_ref(doc, gazetteer, a)),
                recipients: d
                    .recipients
                    .iter()
                    .map(|a| place_ref(doc, gazetteer, a))
                    .collect(),
                role: d
                    .quantity
                    .as_ref()
                    .filter(|q| q.unit == "person")
                    .and_then(|q| q.role.clone()),
                quantity,
                year: d.year,
                since: d.since,
                evidence: Evidence::of(doc.original_span(d.sentence), doc.original()),
                confidence: (d.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
                rule: d.rule,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use crate::document::Date;
    use crate::{Article, Pipeline};

    fn pipeline() -> &'static Pipeline {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        PIPELINE.get_or_init(|| Pipeline::builder().build().expect("embedded tables load"))
    }

    /// (type, donor, recipients, value, year, since) of every event.
    type Row = (
        &'static str,
        Option<String>,
        Vec<String>,
        Option<u64>,
        Option<i32>,
        Option<i32>,
    );

    fn link(text: &str) -> Vec<Row> {
        let article = Article {
            id: "t".into(),
            text: text.into(),
            published: Date::parse_iso("2023-06-30"),
            ..Article::default()
        };
        pipeline()
            .extract(article)
            .events
            .into_iter()
            .map(|e| {
                (
                    e.kind.as_str(),
                    e.donor.map(|d| d.code),
                    e.recipients.into_iter().map(|r| r.code).collect(),
                    e.quantity.map(|q| q.value),
                    e.year,
                    e.since,
                )
            })
            .collect()
    }

    /// (donor, recipients, value) of every flow.
    type Flow = (Option<String>, Vec<String>, u64);

    fn flows(text: &str) -> Vec<Flow> {
        link(text)
            .into_iter()
            .filter_map(|(_, d, r, v, _, _)| v.map(|v| (d, r, v)))
            .collect()
    }

    fn s(code: &str) -> Option<String> {
        Some(code.to_string())
    }

    fn v(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn frames_name_donor_and_recipients() {
        let cases: &[(&str, &str, Vec<Flow>)] = &[
            (
                "subject + verb + to",
                "Wuxi allocated 50 million yuan to Haidong.",
                vec![(s("320200"), v(&["630200"]), 50_000_000)],
            ),
            (
                "receive + from",
                "Lhasa received 80 million yuan from Beijing.",
                vec![(s("110000"), v(&["540100"]), 80_000_000)],
            ),
            (
                "nominal aid to",
                "Hunan's aid to Turpan totalled 650 million yuan.",
                vec![(s("430000"), v(&["650400"]), 650_000_000)],
            ),
            (
                "list, one event per item",
                "Suzhou raised 900 million yuan for its partners. It included 600 million yuan to support Xinjiang and 300 million yuan for Tibet.",
                vec![
                    (s("320500"), v(&[]), 900_000_000),
                    (s("320500"), v(&["650000"]), 600_000_000),
                    (s("320500"), v(&["540000"]), 300_000_000),
                ],
            ),
            (
                "joint recipients",
                "Suzhou allocated 70 million yuan to Shaanxi and Qinghai.",
                vec![(s("320500"), v(&["610000", "630000"]), 70_000_000)],
            ),
            (
                "respectively with amounts",
                "Toksun county and Shanshan county received 8 million yuan and 7 million yuan respectively from Hunan.",
                vec![
                    (s("430000"), v(&["650422"]), 8_000_000),
                    (s("430000"), v(&["650421"]), 7_000_000),
                ],
            ),
            (
                "nested place is one recipient",
                "Suzhou sent 12 doctors to Lhundrub county in Tibet.",
                vec![(s("320500"), v(&["540121"]), 12)],
            ),
            (
                "chinese order",
                "2022年，福建省向宁夏投入财政援助资金9.23亿元。",
                vec![(s("350000"), v(&["640000"]), 923_000_000)],
            ),
            (
                "chinese breakdown",
                "今年天津安排援藏资金3亿元，其中丁青县7600万元；察雅县7200万元。",
                vec![
                    (s("120000"), v(&[]), 300_000_000),
                    (s("120000"), v(&["540324"]), 76_000_000),
                    (s("120000"), v(&["540325"]), 72_000_000),
                ],
            ),
            (
                "joint donors have no single donor",
                "Beijing and Shanghai jointly sent 40 teachers to Lhasa.",
                vec![(None, v(&["540100"]), 40)],
            ),
            (
                "income is no flow",
                "Farmers in Hotan earned more than 60,000 yuan last year.",
                vec![],
            ),
            (
                "no frame, no flow",
                "The GDP of Xinjiang reached 1.7 trillion yuan.",
                vec![],
            ),
            (
                "quoted speech is an anecdote",
                "\u{201c}We have sent 20 teachers to Hangzhou,\u{201d} the Aksu official said.",
                vec![],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(&flows(text), want, "case `{name}`: {text}");
        }
    }

    #[test]
    fn anaphors_and_article_context() {
        assert_eq!(
            flows(
                "Shanghai paired with Yarkant county. The city sent 30 doctors to the county last year."
            ),
            [(s("310000"), v(&["653125"]), 30)]
        );
        assert_eq!(
            flows(
                "Taicang has paired with Zhouzhi county since 2017. Taicang has so far invested 27 million yuan."
            ),
            [(s("320585"), v(&["610124"]), 27_000_000)]
        );
        assert_eq!(
            flows("Anhui allocated 3 billion yuan to Pishan. The money has financed 400 projects."),
            [
                (s("340000"), v(&["653223"]), 3_000_000_000),
                (s("340000"), v(&["653223"]), 400)
            ]
        );
    }

    #[test]
    fn pairings_and_respectively_lists() {
        let pairs: Vec<(Option<String>, Vec<String>)> = link(
            "Liangxi District and Xishan District have paired with Xunhua County and Hualong County respectively.",
        )
        .into_iter()
        .filter(|row| row.0 == "pairing")
        .map(|(_, d, r, _, _, _)| (d, r))
        .collect();
        assert_eq!(
            pairs,
            [(s("320213"), v(&["630225"])), (s("320205"), v(&["630224"]))]
        );
        // Lists of different lengths pair nothing rather than invent a pair.
        let uneven = link(
            "Liangxi District and Xishan District have paired with Xunhua County, Hualong County and Huzhu County respectively.",
        );
        assert!(uneven.iter().all(|row| row.0 != "pairing"), "{uneven:?}");
    }

    #[test]
    fn years_and_starts() {
        let rows = link(
            "Last year, Suzhou sent 12 doctors to Lhasa. Since 2016, Wuxi has invested 503 million yuan in Haidong.",
        );
        let times: Vec<(Option<i32>, Option<i32>)> = rows.iter().map(|r| (r.4, r.5)).collect();
        assert_eq!(times, [(Some(2022), None), (None, Some(2016))]);
    }

    #[test]
    fn a_rounded_headline_figure_yields_to_the_body() {
        let rows = flows(
            "Anhui's aid to Pishan tops 3 billion yuan\n\nAnhui's aid to Pishan totalled 3.02 billion yuan between 2011 and 2022.",
        );
        assert_eq!(rows, [(s("340000"), v(&["653223"]), 3_020_000_000)]);
    }
}
