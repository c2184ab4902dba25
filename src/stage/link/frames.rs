//! Frames as data: each row of `gazetteers/frames.tsv` is a pattern over a
//! clause's chunks that assigns roles (donor, recipient, parties of a
//! pairing) to the places it matches. The row id becomes the `rule` of the
//! events it makes. This module parses the patterns and matches them.
//!
//! A pattern is a sequence of elements, separated by spaces:
//!
//! | element | matches |
//! |---|---|
//! | `donor=place`, `recipient=place`, `party=place` | a place or list of places (or an anaphor resolved to places) that no preposition governs, taking that role |
//! | `…=place@to+in` | the same, governed by one of these prepositions (`@*`: any or none) |
//! | `place`, `place@from` | a place taking no role (any preposition, or these) |
//! | `…=place:giver`, `…=place:receiver` | a place whose region gives (receives) in the national programme |
//! | `…=actor` | also a giver that is no place (`national`, `collective`) |
//! | `amount`, `amount:money`, `amount:count`, `amount:personnel` | a quantity (of people sent) |
//! | `give`, `receive`, `pair`, `help`, `designate`, `sign`, `aid` | a verb or noun of that action; `/active` or `/passive` for a verb's voice |
//! | `to`, `for`, `in`, `from`, `by`, `with`, `between`, `of`, `'s` | a preposition not taken by a place |
//! | `conj`, `comma`, `colon`, `dash`, `breakdown`, `respectively`, `joint`, `plan`, `copula`, `de`, `time`, `national`, `collective`, `subordinator`, `source` | that chunk |
//! | `a\|b` | either |
//! | `x?` | optionally `x` |
//! | `..` | any number of light chunks (not places, amounts, verbs or clause breaks) |
//! | `^` / `$` | no place, amount or verb before / after this point in the clause |
//! | `!row` | inside a table of pairings (a line `donor recipient` opened it) |
//! | `!gap` | the clause follows ", and" or ";" (or "and" before a place and an amount) and has no verb ("..., and Nagqu 8 million yuan") |
//! | `!after-give` | the last verb before the clause, in its sentence, gives in the active voice |
//! | `!line` | the clause is a whole line without sentence punctuation (a table row) |
//! | `!after-amount` | an amount stands in the clauses before it, with no `;` between ("投入300万元,支持X") |
//!
//! Consecutive elements without `..` must match consecutive chunks with
//! little text between them.

use crate::document::QuantityKind;
use crate::gazetteer::AssistanceRole;
use crate::knowledge::{KnowledgeError, TableSource};
use crate::stage::chunk::lexicon::{Action, Prep, Word};

/// A role a pattern gives to a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Gives.
    Donor,
    /// Receives.
    Recipient,
    /// One side of a pairing stated symmetrically; oriented later.
    Party,
}

/// Which prepositions may govern a place element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Governed {
    /// None may.
    Bare,
    /// Any or none.
    Any,
    /// One of these must.
    By(Vec<Prep>),
}

/// One testable thing an element can match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// A place (or, when `actor`, any giver).
    Place {
        /// The role it takes.
        role: Option<Role>,
        /// Whether givers that are no place count.
        actor: bool,
        /// The prepositions allowed before it.
        governed: Governed,
        /// The role its region must play in the national programme.
        programme: Option<AssistanceRole>,
    },
    /// A quantity.
    Amount(Option<QuantityKind>),
    /// A count of people sent ("600 doctors").
    People,
    /// A time expression.
    Time,
    /// A verb or noun of an action.
    Action {
        /// The action.
        action: Action,
        /// `Some(true)`: a passive verb; `Some(false)`: an active verb.
        passive: Option<bool>,
    },
    /// A lexicon word.
    Word(Word),
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// One chunk passing any of the tests.
    Chunk {
        /// The alternatives.
        tests: Vec<Test>,
        /// Whether it may be absent.
        optional: bool,
    },
    /// `..`.
    Gap,
    /// `^`.
    Start,
    /// `$`.
    End,
    /// `!row`: inside a table of pairings.
    InRow,
    /// `!gap`: a clause after ", and" or ";" with no verb of its own
    /// ("..., and Nagqu 8 million yuan").
    Gapped,
    /// `!after-give`: the verb before the clause gives, in the active voice.
    AfterGive,
    /// `!line`: the clause is a whole line without sentence punctuation.
    Line,
    /// `!after-amount`: an amount stands in the clauses before it, with no
    /// break between ("投入300万元,支持X").
    AfterAmount,
}

/// What a frame makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Makes {
    /// Roles for the flows of its clause.
    pub flow: bool,
    /// A pairing event.
    pub pairing: bool,
}

/// One row of `frames.tsv`.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Row id: the `rule` of the events it makes.
    pub id: String,
    /// `en` or `zh`.
    pub chinese: bool,
    /// The pattern.
    pub elements: Vec<Element>,
    /// What it makes.
    pub makes: Makes,
    /// Confidence of events it makes.
    pub confidence: f64,
    /// An example sentence.
    pub example: String,
    /// The events the example must give (`donor>recipient,... value unit`
    /// or `pairing donor>recipient`, `;`-separated; `-` for none).
    pub expect: String,
    /// What a clause must hold for the pattern to match at all.
    pub needs: Needs,
}

/// What a clause must hold before a frame is worth trying: a quick test
/// on bit sets (`slot_bits`) that never rejects a clause the frame
/// matches.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    /// For each element that must match a chunk with a choice of tests:
    /// the bits of its tests.
    pub chunks: Vec<u64>,
    /// The bits of the elements that must match a chunk with one test
    /// bit: a clause has them all.
    pub all: u64,
    /// The bits of the first element, when it must match a chunk.
    pub first: Option<u64>,
    /// The bits of each element that must match a chunk, in pattern
    /// order: a match takes them at increasing slots.
    pub sequence: Vec<u64>,
    /// The clause facts it requires (`!row`, `!gap`, `!line`, `!after-amount`).
    pub facts: ClauseFacts,
}

impl Needs {
    fn of(elements: &[Element]) -> Needs {
        let mut needs = Needs::default();
        for (k, element) in elements.iter().enumerate() {
            match element {
                Element::Chunk {
                    tests,
                    optional: false,
                } => {
                    let bits = tests.iter().fold(0, |b, t| b | test_bits(t));
                    if bits.count_ones() == 1 {
                        needs.all |= bits;
                    } else {
                        needs.chunks.push(bits);
                    }
                    if k == 0 {
                        needs.first = Some(bits);
                    }
                    needs.sequence.push(bits);
                }
                Element::InRow => needs.facts.in_row = true,
                Element::Gapped => needs.facts.after_break = true,
                Element::Line => needs.facts.whole_line = true,
                Element::AfterGive => needs.facts.after_give = true,
                Element::AfterAmount => needs.facts.after_amount = true,
                _ => {}
            }
        }
        needs
    }

    /// Whether a clause with these facts and slot bits may match. The
    /// one-test elements first: they reject most frames.
    fn met(&self, facts: ClauseFacts, clause_bits: u64) -> bool {
        clause_bits & self.all == self.all
            && (!self.facts.in_row || facts.in_row)
            && (!self.facts.after_break || facts.after_break)
            && (!self.facts.whole_line || facts.whole_line)
            && (!self.facts.after_give || facts.after_give)
            && (!self.facts.after_amount || facts.after_amount)
            && self.chunks.iter().all(|&b| b & clause_bits != 0)
    }

    /// One past the last slot a match can start at. The required elements
    /// take slots in order, so walking back from the end, each takes at
    /// best the last slot with its bits before the one the next took.
    fn last_start(&self, bits: &[u64]) -> usize {
        let mut end = bits.len();
        for &need in self.sequence.iter().rev() {
            match bits[..end].iter().rposition(|b| b & need != 0) {
                Some(k) => end = k,
                None => return 0,
            }
        }
        if self.sequence.is_empty() {
            end
        } else {
            end + 1
        }
    }
}

const PLACE_BIT: u64 = 1;
const OTHER_ACTOR_BIT: u64 = 1 << 1;
const AMOUNT_BIT: u64 = 1 << 2;
const PERSONNEL_BIT: u64 = 1 << 3;
const TIME_BIT: u64 = 1 << 4;
/// Set on a preposition that governs the next slot.
const GOVERNS_BIT: u64 = 1 << 5;
/// The first of the bits of a passive verb, one per action.
const PASSIVE_VERB: u32 = 50;
/// The first of the bits of an active verb, one per action.
const ACTIVE_VERB: u32 = 57;

/// The bit of a lexicon word: one per action (verb or noun), per
/// preposition and per other word.
fn word_bit(word: Word) -> u64 {
    let index = match word {
        Word::Verb { action, .. } | Word::Noun(action) => 8 + action as u32,
        Word::Prep(p) => 16 + p as u32,
        Word::Source => 32,
        Word::Neutral => 33,
        Word::National => 34,
        Word::Collective => 35,
        Word::Joint => 36,
        Word::Conj => 37,
        Word::Break => 38,
        Word::Breakdown => 39,
        Word::Respectively => 40,
        Word::Subordinator => 41,
        Word::Plan => 42,
        Word::Anaphor(_) => 43,
        Word::Cue(_) => 44,
        Word::Copula => 45,
        Word::Relative => 46,
        Word::Particle => 47,
        Word::Comma => 48,
        Word::Colon => 49,
        Word::Compare => 50,
        Word::Dash => 51,
    };
    1 << index
}

/// The bits a slot that passes `test` must have.
fn test_bits(test: &Test) -> u64 {
    match test {
        Test::Place { actor, .. } => PLACE_BIT | if *actor { OTHER_ACTOR_BIT } else { 0 },
        Test::Amount(_) => AMOUNT_BIT,
        Test::People => PERSONNEL_BIT,
        Test::Time => TIME_BIT,
        Test::Action {
            action,
            passive: Some(passive),
        } => 1 << (if *passive { PASSIVE_VERB } else { ACTIVE_VERB } + *action as u32),
        Test::Action { action, .. } => word_bit(Word::Noun(*action)),
        Test::Word(w) => word_bit(*w),
    }
}

/// The bits of what a slot is, for [`Needs`].
fn slot_bits(slot: &Slot) -> u64 {
    let flag = |on: bool, bit: u64| if on { bit } else { 0 };
    flag(slot.place, PLACE_BIT)
        | flag(slot.other_actor, OTHER_ACTOR_BIT)
        | flag(slot.amount.is_some(), AMOUNT_BIT)
        | flag(slot.personnel, PERSONNEL_BIT)
        | flag(slot.time, TIME_BIT)
        | flag(slot.governs, GOVERNS_BIT)
        | slot.word.map_or(0, word_bit)
        | match slot.word {
            Some(Word::Verb { action, .. }) => {
                1 << (if slot.passive {
                    PASSIVE_VERB
                } else {
                    ACTIVE_VERB
                } + action as u32)
            }
            _ => 0,
        }
}

fn parse_test(s: &str) -> Option<Test> {
    // A place with a role, or one with no role but a governor or a
    // programme role ("place@from": an origin, no party).
    let place_spec = s
        .split_once('=')
        .or_else(|| (s.starts_with("place@") || s.starts_with("place:")).then_some(("", s)));
    if let Some((role, rest)) = place_spec {
        let role = match role {
            "donor" => Some(Role::Donor),
            "recipient" => Some(Role::Recipient),
            "party" => Some(Role::Party),
            "" => None,
            _ => return None,
        };
        let (what, gov) = rest
            .split_once('@')
            .map_or((rest, None), |(w, g)| (w, Some(g)));
        let (what, programme) = match what.split_once(':') {
            Some((w, "giver")) => (w, Some(AssistanceRole::Donor)),
            Some((w, "receiver")) => (w, Some(AssistanceRole::Recipient)),
            Some(_) => return None,
            None => (what, None),
        };
        let actor = match what {
            "place" => false,
            "actor" => true,
            _ => return None,
        };
        let governed = match gov {
            None => Governed::Bare,
            Some("*") => Governed::Any,
            Some(list) => Governed::By(
                list.split('+')
                    .map(|p| match parse_word(p)? {
                        Word::Prep(p) => Some(p),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?,
            ),
        };
        return Some(Test::Place {
            role,
            actor,
            governed,
            programme,
        });
    }
    let (name, voice) = s.split_once('/').map_or((s, None), |(n, v)| (n, Some(v)));
    let passive = match voice {
        None => None,
        Some("passive") => Some(true),
        Some("active") => Some(false),
        Some(_) => return None,
    };
    let action = match name {
        "give" => Some(Action::Give),
        "receive" => Some(Action::Receive),
        "pair" => Some(Action::Pair),
        "help" => Some(Action::Help),
        "designate" => Some(Action::Designate),
        "sign" => Some(Action::Sign),
        "aid" => Some(Action::Aid),
        _ => None,
    };
    if let Some(action) = action {
        return Some(Test::Action { action, passive });
    }
    Some(match name {
        "place" => Test::Place {
            role: None,
            actor: false,
            governed: Governed::Any,
            programme: None,
        },
        "amount" => Test::Amount(None),
        "amount:money" => Test::Amount(Some(QuantityKind::Money)),
        "amount:count" => Test::Amount(Some(QuantityKind::Count)),
        "amount:personnel" => Test::People,
        "time" => Test::Time,
        other => Test::Word(parse_word(other)?),
    })
}

fn parse_word(s: &str) -> Option<Word> {
    Some(match s {
        "to" => Word::Prep(Prep::To),
        "for" => Word::Prep(Prep::For),
        "in" => Word::Prep(Prep::In),
        "from" => Word::Prep(Prep::From),
        "by" => Word::Prep(Prep::By),
        "with" => Word::Prep(Prep::With),
        "between" => Word::Prep(Prep::Between),
        "among" => Word::Prep(Prep::Among),
        "of" => Word::Prep(Prep::Of),
        "'s" => Word::Prep(Prep::Possessive),
        "object" => Word::Prep(Prep::Object),
        "conj" => Word::Conj,
        "comma" => Word::Comma,
        "colon" => Word::Colon,
        "dash" => Word::Dash,
        "breakdown" => Word::Breakdown,
        "respectively" => Word::Respectively,
        "joint" => Word::Joint,
        "plan" => Word::Plan,
        "copula" => Word::Copula,
        "de" => Word::Particle,
        "national" => Word::National,
        "collective" => Word::Collective,
        "subordinator" => Word::Subordinator,
        "source" => Word::Source,
        _ => return None,
    })
}

/// Parses one pattern.
pub fn parse_pattern(pattern: &str) -> Result<Vec<Element>, String> {
    pattern
        .split_whitespace()
        .map(|tok| {
            Ok(match tok {
                ".." => Element::Gap,
                "^" => Element::Start,
                "$" => Element::End,
                "!row" => Element::InRow,
                "!gap" => Element::Gapped,
                "!line" => Element::Line,
                "!after-give" => Element::AfterGive,
                "!after-amount" => Element::AfterAmount,
                _ => {
                    let (body, optional) = match tok.strip_suffix('?') {
                        Some(b) => (b, true),
                        None => (tok, false),
                    };
                    let tests = body
                        .split('|')
                        .map(|alt| {
                            parse_test(alt).ok_or_else(|| format!("unknown element `{alt}`"))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    Element::Chunk { tests, optional }
                }
            })
        })
        .collect()
}

/// The frames of `frames.tsv`, in priority order.
#[derive(Debug)]
pub struct Frames {
    /// The rows.
    pub rows: Vec<Frame>,
    /// The indices of the English rows, then of the Chinese rows.
    by_language: [Vec<usize>; 2],
}

impl Frames {
    /// Loads and parses `frames.tsv`.
    pub fn load(source: &TableSource) -> Result<Frames, KnowledgeError> {
        let table = source.table("frames.tsv")?;
        let col = |n: &str| table.column(n);
        let (c_id, c_lang, c_pattern, c_makes, c_conf, c_example, c_expect) = (
            col("id")?,
            col("lang")?,
            col("pattern")?,
            col("makes")?,
            col("confidence")?,
            col("example")?,
            col("expect")?,
        );
        let mut rows = Vec::new();
        for row in &table.rows {
            let elements = parse_pattern(row.get(c_pattern)).map_err(|e| table.error(row, e))?;
            let makes = row.get(c_makes);
            let makes = Makes {
                flow: makes.split(',').any(|m| m == "flow"),
                pairing: makes.split(',').any(|m| m == "pairing"),
            };
            if !makes.flow && !makes.pairing {
                return Err(table.error(row, "`makes` is flow, pairing or flow,pairing"));
            }
            let chinese = match row.get(c_lang) {
                "zh" => true,
                "en" => false,
                other => return Err(table.error(row, format!("unknown language `{other}`"))),
            };
            rows.push(Frame {
                id: row.get(c_id).to_string(),
                chinese,
                makes,
                confidence: row
                    .get(c_conf)
                    .parse()
                    .map_err(|_| table.error(row, "confidence is a number"))?,
                example: row.get(c_example).to_string(),
                expect: row.get(c_expect).to_string(),
                needs: Needs::of(&elements),
                elements,
            });
        }
        let of = |chinese: bool| {
            (0..rows.len())
                .filter(|&i| rows[i].chinese == chinese)
                .collect()
        };
        let by_language = [of(false), of(true)];
        Ok(Frames { rows, by_language })
    }
}

/// What the matcher needs to know of one chunk of a clause.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// Whether it is a place, or an anaphor resolved to places.
    pub place: bool,
    /// Whether it is a giver that is no place (national, collective).
    pub other_actor: bool,
    /// The role its (first) place's region plays in the national programme.
    pub programme_role: Option<AssistanceRole>,
    /// The preposition governing it.
    pub governor: Option<Prep>,
    /// For an amount: its kind.
    pub amount: Option<QuantityKind>,
    /// For an amount: whether it counts people sent.
    pub personnel: bool,
    /// For a word: its readings.
    pub word: Option<Word>,
    /// Another reading of the word.
    pub also: Option<Word>,
    /// For a verb: passive.
    pub passive: bool,
    /// Whether it is a time expression.
    pub time: bool,
    /// Whether it is a preposition governing the next slot (a place element
    /// takes it along).
    pub governs: bool,
    /// Whether `..` may not skip it.
    pub heavy: bool,
    /// Tokens of text between this slot and the previous one, counted up
    /// to [`GAP_COUNT_LIMIT`] (no frame asks about longer gaps).
    pub gap_before: usize,
    /// Whether that text holds a comma.
    pub comma_before: bool,
}

/// One match of a frame in a clause: slot indices per role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Match {
    /// The frame's index.
    pub frame: usize,
    /// The donor slot.
    pub donor: Option<usize>,
    /// The recipient slot.
    pub recipient: Option<usize>,
    /// Party slots.
    pub parties: Vec<usize>,
    /// Amount slots.
    pub amounts: Vec<usize>,
    /// First matched slot.
    pub start: usize,
    /// One past the last matched slot.
    pub end: usize,
}

/// The most text (in tokens) between two elements written next to each other.
const MAX_ADJACENT_GAP: usize = 6;

/// Where counting the tokens of a gap stops: past every gap a frame reads.
pub const GAP_COUNT_LIMIT: usize = MAX_ADJACENT_GAP + 1;

fn test_passes(test: &Test, slot: &Slot) -> bool {
    // The reading the chunk stage chose decides ("financial aid" is no verb).
    let word_is = |pred: &dyn Fn(Word) -> bool| slot.word.is_some_and(pred);
    match test {
        Test::Place {
            actor,
            governed,
            programme,
            ..
        } => {
            programme.is_none_or(|p| slot.programme_role == Some(p))
                && (slot.place || (*actor && slot.other_actor))
                && match governed {
                    Governed::Bare => slot.governor.is_none(),
                    Governed::Any => true,
                    Governed::By(list) => slot.governor.is_some_and(|g| list.contains(&g)),
                }
        }
        Test::Amount(kind) => slot.amount.is_some_and(|k| kind.is_none_or(|w| w == k)),
        Test::People => slot.personnel,
        Test::Time => slot.time,
        Test::Action { action, passive } => word_is(&|w| match w {
            Word::Verb { action: a, .. } => {
                a == *action && passive.is_none_or(|p| p == slot.passive)
            }
            Word::Noun(a) => a == *action && passive.is_none(),
            _ => false,
        }),
        Test::Word(want) => word_is(&|w| w == *want),
    }
}

/// What the matcher knows of a clause beyond its chunks.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClauseFacts {
    /// Inside a table of pairings.
    pub in_row: bool,
    /// The clause follows ", and" or ";", or "and" before a place and an amount.
    pub after_break: bool,
    /// The clause is a whole line without sentence punctuation.
    pub whole_line: bool,
    /// An amount stands before the clause, with no break between.
    pub after_amount: bool,
    /// The last verb before the clause in its sentence gives, actively.
    pub after_give: bool,
}

struct Matcher<'a> {
    elements: &'a [Element],
    slots: &'a [Slot],
    facts: ClauseFacts,
}

impl Matcher<'_> {
    /// Matches elements `e..` from slot `s`; `adjacent` when the previous
    /// element consumed slot `s - 1` directly.
    fn run(&self, e: usize, s: usize, adjacent: bool, out: &mut Match) -> bool {
        let Some(element) = self.elements.get(e) else {
            out.end = s;
            return true;
        };
        match element {
            Element::Gap => {
                let mut k = s;
                loop {
                    if self.run(e + 1, k, false, out) {
                        return true;
                    }
                    if k >= self.slots.len() || self.slots[k].heavy {
                        return false;
                    }
                    k += 1;
                }
            }
            Element::Start => {
                !self.slots[..s].iter().any(|x| x.heavy) && self.run(e + 1, s, false, out)
            }
            Element::End => {
                !self.slots[s..].iter().any(|x| x.heavy) && self.run(e + 1, s, adjacent, out)
            }
            Element::InRow => self.facts.in_row && self.run(e + 1, s, adjacent, out),
            Element::Gapped => {
                let verbless = !self
                    .slots
                    .iter()
                    .any(|x| matches!(x.word, Some(Word::Verb { .. })));
                self.facts.after_break && verbless && self.run(e + 1, s, adjacent, out)
            }
            Element::Line => self.facts.whole_line && self.run(e + 1, s, adjacent, out),
            Element::AfterGive => self.facts.after_give && self.run(e + 1, s, adjacent, out),
            Element::AfterAmount => self.facts.after_amount && self.run(e + 1, s, adjacent, out),
            Element::Chunk { tests, optional } => {
                // A place element takes the preposition that governs it along.
                let at = if self.slots.get(s).is_some_and(|x| x.governs)
                    && tests.iter().all(|t| matches!(t, Test::Place { .. }))
                {
                    s + 1
                } else {
                    s
                };
                if let Some(slot) = self.slots.get(at)
                    && (!adjacent || (slot.gap_before <= MAX_ADJACENT_GAP && !slot.comma_before))
                    && let Some(test) = tests.iter().find(|t| test_passes(t, slot))
                {
                    // What a failed try undoes: record and the amount run
                    // only set roles and push.
                    let saved = (
                        out.donor,
                        out.recipient,
                        out.parties.len(),
                        out.amounts.len(),
                    );
                    record(test, at, out);
                    let next = if matches!(test, Test::Amount(_)) {
                        self.amount_run(at, out)
                    } else {
                        at + 1
                    };
                    if self.run(e + 1, next, true, out) {
                        return true;
                    }
                    (out.donor, out.recipient) = (saved.0, saved.1);
                    out.parties.truncate(saved.2);
                    out.amounts.truncate(saved.3);
                }
                *optional && self.run(e + 1, s, adjacent, out)
            }
        }
    }
}

impl Matcher<'_> {
    /// Whether slots `k..k + 3` go on a list of sums after the amount at
    /// `at`: a list joiner ("、", "and"), a noun of aid, and a sum of the
    /// same kind.
    fn listed_aid(&self, at: usize, k: usize) -> bool {
        let slot = |k: usize| self.slots.get(k);
        slot(k).is_some_and(|x| x.word == Some(Word::Conj))
            && slot(k + 1).is_some_and(|x| x.word == Some(Word::Noun(Action::Aid)))
            && slot(k + 2).is_some_and(|x| {
                x.amount.is_some() && x.amount == self.slots[at].amount && x.gap_before <= 2
            })
    }

    /// Takes the amounts that follow the one at `at` in a run ("24 projects
    /// worth 6.18 billion yuan", "39 projects and 52 projects"); returns the
    /// slot after the run.
    fn amount_run(&self, at: usize, out: &mut Match) -> usize {
        let is_amount = |k: usize| self.slots.get(k).is_some_and(|x| x.amount.is_some());
        let joins = |k: usize| {
            self.slots.get(k).is_some_and(|x| {
                matches!(
                    x.word,
                    Some(Word::Conj | Word::Comma | Word::Prep(Prep::In | Prep::Of | Prep::For))
                )
            })
        };
        let mut k = at + 1;
        loop {
            if is_amount(k) && self.slots[k].gap_before <= 4 {
                out.amounts.push(k);
                k += 1;
            } else if joins(k) && is_amount(k + 1) {
                out.amounts.push(k + 1);
                k += 2;
            } else if self.listed_aid(at, k) {
                // "投入我省财政援助资金23.4亿元、社会帮扶资金3.1亿元": a list
                // of sums, each after its kind of aid.
                out.amounts.push(k + 2);
                k += 3;
            } else {
                return k;
            }
        }
    }
}

fn record(test: &Test, s: usize, out: &mut Match) {
    match test {
        Test::Place {
            role: Some(Role::Donor),
            ..
        } => out.donor = Some(s),
        Test::Place {
            role: Some(Role::Recipient),
            ..
        } => out.recipient = Some(s),
        Test::Place {
            role: Some(Role::Party),
            ..
        } => out.parties.push(s),
        Test::Amount(_) | Test::People => out.amounts.push(s),
        _ => {}
    }
}

/// Every match of every frame of the language in a clause's slots, frame
/// by frame in table order; within a frame leftmost first, not overlapping.
pub fn find_all(frames: &Frames, chinese: bool, slots: &[Slot], facts: ClauseFacts) -> Vec<Match> {
    let bits: Vec<u64> = slots.iter().map(slot_bits).collect();
    let clause_bits = bits.iter().fold(0, |a, b| a | b);
    let mut out = Vec::new();
    for &index in &frames.by_language[usize::from(chinese)] {
        let frame = &frames.rows[index];
        if frame.needs.met(facts, clause_bits) {
            find(frame, index, slots, &bits, facts, &mut out);
        }
    }
    out
}

/// Adds the matches of one frame to `out`.
fn find(
    frame: &Frame,
    index: usize,
    slots: &[Slot],
    bits: &[u64],
    facts: ClauseFacts,
    out: &mut Vec<Match>,
) {
    let matcher = Matcher {
        elements: &frame.elements,
        slots,
        facts,
    };
    // The first element must pass at the slot, or at the next one when
    // the slot is a preposition governing it.
    let may_start = |s: usize| {
        frame.needs.first.is_none_or(|need| {
            bits[s] & need != 0
                || (bits[s] & GOVERNS_BIT != 0 && bits.get(s + 1).is_some_and(|b| b & need != 0))
        })
    };
    let last_start = frame.needs.last_start(bits);
    let mut m = Match {
        frame: index,
        ..Match::default()
    };
    let mut s = 0;
    while s < last_start {
        if !may_start(s) {
            s += 1;
            continue;
        }
        // One match reused from start to start: its vectors keep their room.
        m.start = s;
        m.end = 0;
        (m.donor, m.recipient) = (None, None);
        m.parties.clear();
        m.amounts.clear();
        if matcher.run(0, s, false, &mut m) && m.end > s {
            s = m.end;
            out.push(m.clone());
        } else {
            s += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_and_bad_elements_are_named() {
        let elements =
            parse_pattern("^ donor=actor .. give/active amount? .. recipient=place@to+in")
                .expect("parses");
        assert_eq!(elements.len(), 7);
        assert_eq!(
            parse_pattern("donor=city").unwrap_err(),
            "unknown element `donor=city`"
        );
    }

    /// A slot of each kind the matcher tests.
    fn sample_slots() -> Vec<Slot> {
        let blank = Slot {
            place: false,
            other_actor: false,
            programme_role: None,
            governor: None,
            amount: None,
            personnel: false,
            word: None,
            also: None,
            passive: false,
            time: false,
            governs: false,
            heavy: false,
            gap_before: 0,
            comma_before: false,
        };
        let mut slots = vec![
            Slot {
                place: true,
                ..blank
            },
            Slot {
                other_actor: true,
                ..blank
            },
            Slot {
                amount: Some(QuantityKind::Money),
                ..blank
            },
            Slot {
                amount: Some(QuantityKind::Count),
                personnel: true,
                ..blank
            },
            Slot {
                time: true,
                ..blank
            },
        ];
        for action in [Action::Give, Action::Receive, Action::Pair, Action::Help] {
            slots.push(Slot {
                word: Some(Word::Noun(action)),
                ..blank
            });
            for passive in [false, true] {
                let word = Word::Verb {
                    action,
                    participle: passive,
                };
                slots.push(Slot {
                    word: Some(word),
                    passive,
                    ..blank
                });
            }
        }
        for word in [
            Word::Prep(Prep::To),
            Word::Prep(Prep::With),
            Word::Conj,
            Word::Joint,
        ] {
            slots.push(Slot {
                word: Some(word),
                ..blank
            });
        }
        slots
    }

    #[test]
    fn the_quick_test_never_rejects_a_slot_a_test_passes() {
        let frames = Frames::load(&TableSource::embedded()).unwrap_or_else(|e| panic!("{e}"));
        let mut passed = 0;
        for frame in &frames.rows {
            for element in &frame.elements {
                let Element::Chunk { tests, .. } = element else {
                    continue;
                };
                for test in tests {
                    for slot in sample_slots() {
                        if test_passes(test, &slot) {
                            passed += 1;
                            assert_ne!(test_bits(test) & slot_bits(&slot), 0, "{test:?} {slot:?}");
                        }
                    }
                }
            }
        }
        assert!(passed > 100, "the samples exercise the tests ({passed})");
    }

    #[test]
    fn a_frame_is_skipped_only_when_the_clause_lacks_what_it_needs() {
        let frames = Frames::load(&TableSource::embedded()).unwrap_or_else(|e| panic!("{e}"));
        let frame = frames
            .rows
            .iter()
            .find(|f| f.id == "subject-give")
            .expect("a row");
        let slots = sample_slots();
        let all = slots.iter().fold(0, |b, s| b | slot_bits(s));
        let facts = ClauseFacts::default();
        assert!(frame.needs.met(facts, all));
        let no_amount = all & !AMOUNT_BIT;
        assert!(!frame.needs.met(facts, no_amount));
        let table = frames
            .rows
            .iter()
            .find(|f| f.id == "table-more")
            .expect("a row");
        assert!(!table.needs.met(facts, all), "needs !row and !line");
    }

    #[test]
    fn every_frame_row_parses() {
        let frames = Frames::load(&TableSource::embedded()).unwrap_or_else(|e| panic!("{e}"));
        assert!(frames.rows.len() > 10);
    }
}
