//! Link: turn the chunk stream of each sentence into donor → recipient
//! events. A sentence is cut into clauses; the frames of `frames.tsv`
//! give places their roles in each clause; what no frame filled comes
//! from the rest of the sentence, then from the discourse (the fallbacks
//! of `ladder.rs`). Every event says in `rule` which frame, and which
//! fallbacks, made it.

mod compose;
mod discourse;
pub mod frames;
mod ladder;
mod record;
mod time;

use crate::document::{Document, PlaceCode, QuantityKind, Span};
use crate::event::Event;
use crate::gazetteer::Gazetteer;
use crate::knowledge::Knowledge;
use crate::stage::chunk::lexicon::{Action, Lexicon, Prep, Refers, Word};
use crate::stage::chunk::{Chunk, ChunkKind, Joiner};

pub use frames::Frames;

use discourse::{Discourse, Position};
use frames::Slot;

/// A place taking part in an event: its code and where the text names it
/// (an empty span when it is known only from the discourse).
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// The division.
    pub code: PlaceCode,
    /// The mention (or the anaphor) in the reading view.
    pub span: Span,
    /// Whether it is named inside an organisation's name ("Tianjin X Company").
    pub org: bool,
}

impl Actor {
    /// An actor known only by its code.
    pub fn named(code: PlaceCode) -> Actor {
        Actor {
            code,
            span: Span::new(0, 0),
            org: false,
        }
    }
}

/// What fills a role.
#[derive(Debug, Clone, PartialEq)]
pub enum Filler {
    /// One place or a list of places, with their joiners.
    Places(Vec<Actor>, Vec<Joiner>),
    /// A giver that is no place: the state, "各援疆省市", "the eastern provinces".
    NoPlace,
    /// A giver the text names but the discourse cannot place ("我市" in an
    /// article that never says which city it is), or givers it counts
    /// without naming them ("17 provinces and municipalities", "the 19
    /// provinces"): the flow is theirs jointly, with no donor.
    Unnamed,
}

impl Filler {
    /// The places, if any.
    pub fn actors(&self) -> &[Actor] {
        match self {
            Filler::Places(a, _) => a,
            Filler::NoPlace | Filler::Unnamed => &[],
        }
    }
}

/// One chunk of a sentence as the linker sees it.
#[derive(Debug, Clone)]
pub struct Item<'d> {
    /// The chunk.
    pub chunk: &'d Chunk,
    /// For places and resolved anaphors: the places; for givers that are no
    /// place: `NoPlace`.
    pub filler: Option<Filler>,
}

/// A clause: some of a sentence's items, in order (a relative clause set
/// off by commas is a clause of its own, cut out of the clause around it).
#[derive(Debug, Clone)]
pub struct Clause {
    /// The indices of its items.
    pub items: Vec<usize>,
    /// The clause's bytes.
    pub span: Span,
    /// Whether it is written in Chinese.
    pub chinese: bool,
    /// Whether it only says where a report comes from (its places are no actors).
    pub source: bool,
    /// The relative clauses cut out of it (", which has helped Xiji for
    /// two decades,"): their receivers are not its own.
    pub holes: Vec<Span>,
    /// Every relative clause of its sentence but itself: their times are
    /// not its own, nor its sentence's ("Zogang county, which has been
    /// paired with Xiamen since 2017, received 520 million yuan, while
    /// Markam received 410 million yuan": 2017 is neither amount's).
    pub relatives: Vec<Span>,
    /// Whether it opens after a gapped "and" ("... and Longgang district
    /// 96 million yuan to Leye county"): it may borrow the verb before.
    pub after_gap: bool,
}

/// The linker's view of one article.
pub struct Linker<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The gazetteer.
    pub gazetteer: &'a Gazetteer,
    /// The chunk lexicon.
    pub lexicon: &'a Lexicon,
    /// The frames.
    pub frames: &'a Frames,
}

/// Links the events of one annotated document.
pub fn link(doc: &Document, knowledge: &Knowledge) -> Vec<Event> {
    let linker = Linker {
        doc,
        gazetteer: &knowledge.gazetteer,
        lexicon: &knowledge.words,
        frames: &knowledge.frames,
    };
    let mut discourse = Discourse::new(doc, &knowledge.gazetteer);
    let mut drafts = Vec::new();
    let mut from = 0;
    for (s, sentence) in doc.sentences.iter().enumerate() {
        let to = from + doc.chunks[from..].partition_point(|c| c.sentence == s);
        let items = linker.items(&doc.chunks[from..to], &discourse);
        let clauses = linker.clauses(&items, sentence.span);
        compose::sentence(&linker, s, &items, &clauses, &mut discourse, &mut drafts);
        from = to;
    }
    record::finish(doc, &knowledge.gazetteer, drafts)
}

/// Cuts relative clauses set off by commas (", which has been paired with
/// Baise,") out of an English clause: the relative clause becomes a clause
/// of its own, and the clause around it closes over the gap.
/// The clauses, each main clause with the spans of the relative clauses
/// cut out of its range as its holes, and each with the sentence's others.
fn with_holes(built: Vec<(Clause, bool, usize)>) -> Vec<Clause> {
    let relatives: Vec<(Span, usize)> = built
        .iter()
        .filter(|(_, relative, _)| *relative)
        .map(|(c, _, r)| (c.span, *r))
        .collect();
    built
        .into_iter()
        .map(|(mut clause, relative, r)| {
            if !relative {
                clause.holes = relatives
                    .iter()
                    .filter(|(_, from)| *from == r)
                    .map(|(span, _)| *span)
                    .collect();
            }
            clause.relatives = relatives
                .iter()
                .map(|(span, _)| *span)
                .filter(|&span| span != clause.span)
                .collect();
            clause
        })
        .collect()
}

/// Whether the "and" at item `i` opens a gapped clause, a place and an
/// amount with the verb left out after a clause that gave one ("provided
/// 118 million yuan to Tianlin county and Longgang district 96 million
/// yuan to Leye county").
fn opens_gapped_clause(text: &str, items: &[Item<'_>], i: usize) -> bool {
    let amount = |it: &Item<'_>| matches!(it.chunk.kind, ChunkKind::Amount { .. });
    let verb = |it: &Item<'_>| it.chunk.is(|w| matches!(w, Word::Verb { .. }));
    items[i].chunk.is(|w| w == Word::Conj)
        && items[..i].iter().any(amount)
        && items[..i].iter().any(verb)
        && items
            .get(i + 1)
            .is_some_and(|it| matches!(it.chunk.kind, ChunkKind::Places { .. }))
        && items.get(i + 2).is_some_and(|it| {
            amount(it)
                && text[items[i + 1].chunk.span.end..it.chunk.span.start]
                    .trim()
                    .is_empty()
        })
}

/// Whether the colon, comma or "and" at item `i` opens one piece of a
/// list of pairings, "X with Y", after a colon with the verb before it
/// ("works with one of the four: Nankai district with Tongren, Hebei
/// district with Jainca and Dongli district with Henan county") or after
/// the verb's own first pair ("Beijing pairs with Inner Mongolia, Tianjin
/// with Gansu").
fn opens_pairing_piece(items: &[Item<'_>], i: usize) -> bool {
    let is = |k: usize, w: Word| items.get(k).is_some_and(|it| it.chunk.is(|x| x == w));
    let places = |k: usize| {
        items
            .get(k)
            .is_some_and(|it| matches!(it.chunk.kind, ChunkKind::Places { .. }))
    };
    let piece = places(i + 1) && is(i + 2, Word::Prep(Prep::With)) && places(i + 3);
    if !piece || !(is(i, Word::Colon) || is(i, Word::Comma) || is(i, Word::Conj)) {
        return false;
    }
    // The colon opening the list, with only pieces between it and `i`,
    // and a verb of pairing before it.
    let Some(colon) = items[..=i].iter().rposition(|it| {
        !(matches!(it.chunk.kind, ChunkKind::Places { .. })
            || it
                .chunk
                .is(|w| matches!(w, Word::Comma | Word::Conj | Word::Prep(Prep::With))))
    }) else {
        return false;
    };
    let pairs = |it: &Item<'_>| {
        it.chunk.is(|w| {
            matches!(
                w,
                Word::Verb {
                    action: Action::Pair,
                    ..
                }
            )
        })
    };
    // Or the verb itself opens the list, its own pair the first piece
    // ("Beijing pairs with Inner Mongolia, Tianjin with Gansu, …").
    (is(colon, Word::Colon) && items[..colon].iter().any(pairs))
        || (pairs(&items[colon]) && colon > 0 && places(colon - 1))
}

/// Each clause comes with whether it is a relative one.
fn cut_out_relatives(
    doc: &Document,
    items: &[Item<'_>],
    range: Vec<usize>,
) -> Vec<(Vec<usize>, bool)> {
    let is = |i: usize, w: Word| items[i].chunk.is(|x| x == w);
    let close_after = |k: usize| {
        range[k + 1..]
            .iter()
            .position(|&i| is(i, Word::Comma))
            .map(|c| k + 1 + c)
    };
    let Some(k) = (0..range.len()).find(|&k| {
        let i = range[k];
        is(i, Word::Comma)
            && range.get(k + 1) == Some(&(i + 1))
            && is(i + 1, Word::Relative)
            && has_own_parties(
                doc,
                items,
                &range[k + 2..close_after(k).unwrap_or(range.len())],
            )
    }) else {
        return vec![(range, false)];
    };
    let close = close_after(k);
    let relative: Vec<usize> = range[k + 1..close.unwrap_or(range.len())].to_vec();
    let mut main: Vec<usize> = range[..k].to_vec();
    if let Some(c) = close {
        main.extend(&range[c + 1..]);
    }
    let mut out = cut_out_relatives(doc, items, main);
    out.push((relative, true));
    out
}

/// Whether the items after a relative pronoun make a clause of their own
/// (", which has been paired with Baise,", ", which opened in 2019,"),
/// rather than only the amount of the phrase before it ("X's aid to Y,
/// which totalled 3.2 billion yuan in 2022,": money, and no verb of the
/// lexicon or place; the amount and its year stay in the clause).
fn has_own_parties(doc: &Document, items: &[Item<'_>], part: &[usize]) -> bool {
    let chunk = |i: usize| items[i].chunk;
    let money = part.iter().any(|&i| match chunk(i).kind {
        ChunkKind::Amount { index } => doc.quantities[index].kind == QuantityKind::Money,
        _ => false,
    });
    !money
        || part.iter().any(|&i| {
            chunk(i).is(|w| matches!(w, Word::Verb { .. }))
                || !matches!(
                    chunk(i).kind,
                    ChunkKind::Word { .. } | ChunkKind::Amount { .. } | ChunkKind::Time { .. }
                )
        })
}

/// Whether the place at `j` is governed by "with" after a verb of pairing
/// ("paired with Mianzhu").
fn paired_with(items: &[Item<'_>], j: usize) -> bool {
    let pairs = |w: Word| {
        matches!(
            w,
            Word::Verb {
                action: Action::Pair,
                ..
            }
        )
    };
    items[j].chunk.governor == Some(Prep::With)
        && items[..j]
            .iter()
            .rev()
            .find(|it| !it.chunk.is(|w| matches!(w, Word::Prep(_))))
            .is_some_and(|it| it.chunk.is(pairs))
}

/// Whether chunk `i` is the subject of a reduced relative clause on an
/// amount: bare between the amount and an active verb ("part of 118
/// million yuan the city spent in Lhatse", "one of 40 doctors the
/// province sent"), where it stands for a giver whatever came before.
fn relative_subject(chunks: &[Chunk], i: usize) -> bool {
    let active_verb = |c: &Chunk| {
        matches!(
            c.kind,
            ChunkKind::Word {
                word: Word::Verb { .. },
                passive: false,
                ..
            }
        )
    };
    chunks[i].governor.is_none()
        && i > 0
        && matches!(chunks[i - 1].kind, ChunkKind::Amount { .. })
        && chunks.get(i + 1).is_some_and(active_verb)
}

impl<'a> Linker<'a> {
    /// The items of a sentence's chunks: places as actors, anaphors resolved
    /// through the discourse, givers that are no place.
    fn items(&self, chunks: &'a [Chunk], discourse: &Discourse) -> Vec<Item<'a>> {
        let first_verb = chunks
            .iter()
            .position(|c| c.is(|w| matches!(w, Word::Verb { .. })))
            .unwrap_or(chunks.len());
        let receives = chunks.get(first_verb).is_some_and(|c| {
            c.is(|w| {
                matches!(
                    w,
                    Word::Verb {
                        action: crate::stage::chunk::lexicon::Action::Receive,
                        ..
                    }
                )
            })
        });
        let bare_place = |c: &Chunk| match &c.kind {
            ChunkKind::Places { members, .. } if c.governor.is_none() && members.len() == 1 => {
                Some(self.doc.places[members[0]].code)
            }
            _ => None,
        };
        // The giver: the place standing bare before the last verb, else
        // before the sentence's first verb.
        let mut giver = chunks[..first_verb].iter().find_map(bare_place);
        let receiver = self.sentence_receiver(chunks);
        let mut last_bare = None;
        let mut items: Vec<Item<'a>> = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                if chunk.is(|w| matches!(w, Word::Verb { .. })) {
                    giver = last_bare.or(giver);
                }
                last_bare = bare_place(chunk).or(last_bare);
                // An anaphor stands where a giver stands before the verb
                // (unless the verb receives: "三县市分别获得"), after "from"
                // or "by", and in a reduced relative clause.
                let giver_slot = matches!(chunk.governor, Some(Prep::From | Prep::By))
                    || (i < first_verb && chunk.governor.is_none() && !receives)
                    || relative_subject(chunks, i);
                let position = Position {
                    subject: giver_slot,
                    sentence_start: i == 0,
                    giver,
                    receiver,
                };
                Item {
                    chunk,
                    filler: self.filler(chunk, discourse, position),
                }
            })
            .collect();
        self.resolve_within_sentence(chunks, &mut items);
        self.resolve_counted_within_sentence(&mut items);
        self.name_relatives(&mut items);
        self.name_appositions(&mut items);
        items
    }

    /// The place a sentence gives to: the first single place "to" governs.
    fn sentence_receiver(&self, chunks: &[Chunk]) -> Option<PlaceCode> {
        chunks.iter().find_map(|c| match &c.kind {
            ChunkKind::Places { members, .. }
                if c.governor == Some(Prep::To) && members.len() == 1 =>
            {
                Some(self.doc.places[members[0]].code)
            }
            _ => None,
        })
    }

    /// ", which received ...": the relative pronoun stands for the place
    /// before the comma (not in ", which totalled 1.8 billion yuan").
    fn name_relatives(&self, items: &mut [Item<'a>]) {
        let comma = |k: usize| items[k].chunk.is(|w| w == Word::Comma);
        let standing: Vec<usize> = (2..items.len())
            .filter(|&i| items[i].chunk.is(|w| w == Word::Relative) && comma(i - 1))
            .filter(|&i| !self.plural_after_one_place(items, i))
            .filter(|&i| {
                let end = (i + 1..items.len())
                    .find(|&k| comma(k))
                    .unwrap_or(items.len());
                let part: Vec<usize> = (i + 1..end).collect();
                has_own_parties(self.doc, items, &part)
            })
            .collect();
        for i in standing {
            items[i].filler = items[i - 2].filler.clone();
        }
    }

    /// ", which have invested ...", ", who are ...": a plural verb after the
    /// relative pronoun cannot agree with one place before the comma ("48
    /// companies to the city, which have invested"), only with a list.
    fn plural_after_one_place(&self, items: &[Item<'a>], i: usize) -> bool {
        let one_place = match &items[i - 2].chunk.kind {
            ChunkKind::Places { members, .. } => members.len() == 1,
            ChunkKind::Anaphor { count, .. } => *count == 1,
            _ => false,
        };
        let after = self.doc.text[items[i].chunk.span.end..].trim_start();
        let plural = ["have ", "are ", "were "].iter().any(|w| {
            after
                .get(..w.len())
                .is_some_and(|a| a.eq_ignore_ascii_case(w))
        });
        one_place && plural
    }

    /// "Guangdong allocated 1.12 billion yuan to Nyingchi ...; Fujian sent
    /// 38 doctors to the city": a receiving anaphor of one level ("the
    /// city", "该县") after "to" or "in" stands for the last place of that
    /// level its own sentence gave to before it, not one of an earlier
    /// sentence. A giving one ("with 6.8 million yuan from Yantai, part of
    /// 118 million yuan the city spent in Lhatse") stands for the last
    /// place of its level the sentence named after "from" or "by".
    fn resolve_within_sentence(&self, chunks: &[Chunk], items: &mut [Item<'a>]) {
        let receiving = |c: &Chunk| matches!(c.governor, Some(Prep::To | Prep::In));
        let giving = |c: &Chunk| matches!(c.governor, Some(Prep::From | Prep::By));
        for i in 0..items.len() {
            let chunk = items[i].chunk;
            let ChunkKind::Anaphor {
                refers:
                    refers @ (Refers::Province | Refers::Prefecture | Refers::County | Refers::City),
                count: 1,
                container: None,
                side: programme_side,
            } = chunk.kind
            else {
                continue;
            };
            let side = if receiving(chunk) {
                receiving
            } else if giving(chunk) || relative_subject(chunks, i) {
                giving
            } else {
                continue;
            };
            // The place the giver is paired with receives ("Jiangsu, paired
            // with Mianzhu, sent 5,000 builders to the city").
            let partner = |j: usize| receiving(chunk) && paired_with(items, j);
            let before = items[..i].iter().enumerate().rev().find_map(|(j, it)| {
                let ChunkKind::Places { members, .. } = &it.chunk.kind else {
                    return None;
                };
                if members.len() != 1 || !(side(it.chunk) || partner(j)) {
                    return None;
                }
                let p = &self.doc.places[members[0]];
                (self
                    .gazetteer
                    .place(p.code)
                    .is_some_and(|place| discourse::fits(refers, place))
                    && discourse::plays(self.gazetteer, programme_side, p.code))
                .then_some(p.code)
            });
            if let Some(code) = before {
                items[i].filler = Some(Filler::Places(
                    vec![Actor {
                        code,
                        span: chunk.span,
                        org: false,
                    }],
                    Vec::new(),
                ));
            }
        }
    }

    /// "sent 218 officials to Baise and Hechi ..., and brought 390
    /// companies to the two cities": a counted receiving anaphor after "to"
    /// or "in" stands for the list of that many places of its level its own
    /// sentence gave to before another verb, not for places of an earlier
    /// sentence (nor, in a gapped list, for the item before: "1.6 billion
    /// yuan went to Heyuan and Shanwei, 2.1 billion yuan to the two Guangxi
    /// cities").
    fn resolve_counted_within_sentence(&self, items: &mut [Item<'a>]) {
        let receiving = |c: &Chunk| matches!(c.governor, Some(Prep::To | Prep::In));
        for i in 0..items.len() {
            let chunk = items[i].chunk;
            let ChunkKind::Anaphor {
                refers:
                    refers @ (Refers::Province
                    | Refers::Prefecture
                    | Refers::County
                    | Refers::City
                    | Refers::Place),
                count: count @ 2..,
                container: None,
                side: _,
            } = chunk.kind
            else {
                continue;
            };
            if !receiving(chunk) {
                continue;
            }
            let fits = |m: &usize| {
                self.gazetteer
                    .place(self.doc.places[*m].code)
                    .is_some_and(|place| discourse::fits(refers, place))
            };
            let is_verb = |it: &Item<'_>| it.chunk.is(|w| matches!(w, Word::Verb { .. }));
            let Some(verb) = items[..i].iter().rposition(is_verb) else {
                continue;
            };
            let list = items[..verb]
                .iter()
                .rev()
                .find_map(|it| match &it.chunk.kind {
                    ChunkKind::Places { members, .. }
                        if receiving(it.chunk)
                            && members.len() == count
                            && members.iter().all(fits) =>
                    {
                        Some(members.clone())
                    }
                    _ => None,
                });
            if let Some(members) = list {
                let actors = members
                    .iter()
                    .map(|&m| Actor {
                        code: self.doc.places[m].code,
                        span: chunk.span,
                        org: false,
                    })
                    .collect();
                items[i].filler = Some(Filler::Places(actors, vec![Joiner::And; count - 1]));
            }
        }
    }

    fn filler(&self, chunk: &Chunk, discourse: &Discourse, position: Position) -> Option<Filler> {
        match &chunk.kind {
            ChunkKind::Places { members, joiners } => Some(Filler::Places(
                members
                    .iter()
                    .map(|&m| {
                        let p = &self.doc.places[m];
                        Actor {
                            code: p.code,
                            span: p.span,
                            org: p.in_organization,
                        }
                    })
                    .collect(),
                joiners.clone(),
            )),
            ChunkKind::Anaphor {
                refers: Refers::Entity,
                ..
            } => {
                let head = chunk
                    .span
                    .of(&self.doc.text)
                    .rsplit(' ')
                    .next()?
                    .to_lowercase();
                let code = discourse.entity(&head)?;
                Some(Filler::Places(
                    vec![Actor {
                        code,
                        span: chunk.span,
                        org: false,
                    }],
                    Vec::new(),
                ))
            }
            ChunkKind::Anaphor { count, refers, .. } => {
                let actors = discourse.resolve(
                    chunk,
                    chunk.span.of(&self.doc.text),
                    self.gazetteer,
                    position,
                );
                let joiners = vec![Joiner::And; actors.len().saturating_sub(1)];
                // "the eastern provinces", "these areas": many places, none named.
                let heads_places = matches!(
                    refers,
                    Refers::Province
                        | Refers::Prefecture
                        | Refers::County
                        | Refers::City
                        | Refers::Place
                );
                let plural =
                    heads_places && (*count > 1 || chunk.span.of(&self.doc.text).ends_with('s'));
                match actors.is_empty() {
                    false => Some(Filler::Places(actors, joiners)),
                    true if plural && *count > 1 && position.subject => Some(Filler::Unnamed),
                    true if plural => Some(Filler::NoPlace),
                    true if *refers == Refers::FirstPerson => Some(Filler::Unnamed),
                    true => None,
                }
            }
            ChunkKind::Amount { index }
                if crate::stage::chunk::is_division_unit(&self.doc.quantities[*index].unit) =>
            {
                Some(Filler::Unnamed)
            }
            _ if chunk.is(|w| matches!(w, Word::National | Word::Collective)) => {
                Some(Filler::NoPlace)
            }
            _ => None,
        }
    }

    /// "Hunchun, the border city that received ...": an anaphor of one
    /// level right after a place and a comma is an apposition naming that
    /// place, when the place is of its level.
    fn name_appositions(&self, items: &mut [Item<'a>]) {
        for i in 2..items.len() {
            let ChunkKind::Anaphor {
                refers:
                    refers @ (Refers::Province | Refers::Prefecture | Refers::County | Refers::City),
                count: 1,
                container: None,
                side,
            } = items[i].chunk.kind
            else {
                continue;
            };
            if items[i].chunk.governor.is_some() || !items[i - 1].chunk.is(|w| w == Word::Comma) {
                continue;
            }
            let ChunkKind::Places { members, .. } = &items[i - 2].chunk.kind else {
                continue;
            };
            let [m] = members.as_slice() else { continue };
            let code = self.doc.places[*m].code;
            if self
                .gazetteer
                .place(code)
                .is_some_and(|place| discourse::fits(refers, place))
                && discourse::plays(self.gazetteer, side, code)
            {
                items[i].filler = Some(Filler::Places(
                    vec![Actor {
                        code,
                        span: items[i].chunk.span,
                        org: false,
                    }],
                    Vec::new(),
                ));
            }
        }
    }

    /// Cuts a sentence into clauses: at clause breaks; in Chinese at every
    /// comma and colon too; in English after an introductory phrase
    /// ("In 2009, ...", "Since ..., ") and around a source phrase
    /// ("According to X, ...", ", the commission said").
    fn clauses(&self, items: &[Item<'_>], sentence: Span) -> Vec<Clause> {
        let text = &self.doc.text;
        // Chinese when Han characters outnumber Latin letters: an English
        // sentence may gloss a name in Chinese ("Suzhou -- written 宿州").
        let chinese = |span: Span| crate::token::han_outnumbers_latin(span.of(text));
        let chinese_sentence = chinese(sentence);
        // A row of a table of pairings, "拉萨市：北京市、江苏省" (places, one
        // colon, places): one clause, so a frame can read both sides.
        let pairing_row = chinese_sentence
            && items.len() == 3
            && matches!(items[0].chunk.kind, ChunkKind::Places { .. })
            && items[1].chunk.is(|w| w == Word::Colon)
            && matches!(items[2].chunk.kind, ChunkKind::Places { .. });
        let mut cuts: Vec<usize> = self.source_opening(items).into_iter().collect();
        let mut gaps = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let c = item.chunk;
            let gap = !chinese_sentence
                && (opens_gapped_clause(&self.doc.text, items, i) || opens_pairing_piece(items, i));
            let cut = c.is(|w| w == Word::Break)
                || (c.is(|w| w == Word::Comma)
                    && chinese_sentence
                    && !self.closes_circumstance(items, i))
                || (c.is(|w| w == Word::Colon) && chinese_sentence && !pairing_row)
                || (c.is(|w| w == Word::Comma) && self.english_comma_cuts(items, i))
                || gap;
            if cut {
                cuts.push(i);
            }
            if gap {
                gaps.push(i);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        // Each group: its items, whether it is a relative clause, and the
        // range between cuts it came from.
        let mut groups: Vec<(Vec<usize>, bool, usize)> = Vec::new();
        let mut start = 0;
        for (r, end) in cuts.into_iter().chain([items.len()]).enumerate() {
            let range: Vec<usize> = (start..end).collect();
            let parts = if chinese_sentence {
                vec![(range, false)]
            } else {
                cut_out_relatives(self.doc, items, range)
            };
            groups.extend(parts.into_iter().map(|(g, relative)| (g, relative, r)));
            start = (end + 1).min(items.len());
        }
        let built: Vec<(Clause, bool, usize)> = groups
            .into_iter()
            .filter(|(g, ..)| !g.is_empty())
            .map(|(g, relative, r)| {
                let first = g[0];
                let from = if first == 0 {
                    sentence.start
                } else {
                    items[first - 1].chunk.span.end
                };
                let last = *g.last().expect("not empty");
                let to = items
                    .get(last + 1)
                    .map_or(sentence.end, |c| c.chunk.span.start);
                let span = Span::new(from, to.max(from));
                let source = g.iter().any(|&i| items[i].chunk.is(|w| w == Word::Source))
                    && (chinese_sentence
                        || !g
                            .iter()
                            .any(|&i| matches!(items[i].chunk.kind, ChunkKind::Amount { .. })));
                let clause = Clause {
                    items: g,
                    span,
                    chinese: chinese(span),
                    source,
                    holes: Vec::new(),
                    relatives: Vec::new(),
                    after_gap: first > 0 && gaps.contains(&(first - 1)),
                };
                (clause, relative, r)
            })
            .collect();
        with_holes(built)
    }

    /// Whether the Chinese comma at `i` closes a circumstance opening the
    /// sentence, "在X的帮助下，": the clause after it is done with that help.
    fn closes_circumstance(&self, items: &[Item<'_>], i: usize) -> bool {
        let opens = items
            .first()
            .is_some_and(|it| it.chunk.is(|w| w == Word::Prep(Prep::In)));
        let before = i
            .checked_sub(1)
            .map(|p| &self.doc.text[items[p].chunk.span.end..items[i].chunk.span.start]);
        opens
            && before.is_some_and(|t| t.ends_with('下'))
            && !items[..i]
                .iter()
                .any(|it| it.chunk.is(|w| w == Word::Comma))
    }

    /// "According to X, vice president of Y, 335 teachers ...": a source
    /// phrase opening a sentence runs to the last comma before the first
    /// verb or amount.
    fn source_opening(&self, items: &[Item<'_>]) -> Option<usize> {
        items
            .first()
            .filter(|it| it.chunk.is(|w| w == Word::Source))?;
        let content = items.iter().position(|it| {
            matches!(it.chunk.kind, ChunkKind::Amount { .. })
                || it.chunk.is(|w| matches!(w, Word::Verb { .. }))
        })?;
        items[..content]
            .iter()
            .rposition(|it| it.chunk.is(|w| w == Word::Comma))
    }

    /// Whether the English comma at `i` ends a clause: it closes an
    /// introductory phrase (no verb before it, a subordinator, time or
    /// preposition opening the sentence) or opens or closes a source phrase.
    fn english_comma_cuts(&self, items: &[Item<'_>], i: usize) -> bool {
        let verb = |it: &Item<'_>| it.chunk.is(|w| matches!(w, Word::Verb { .. }));
        // "In Golog, ..." opens the sentence; "A hospital in Golog, built
        // with ...": a participle after the comma modifies the noun phrase
        // the place is part of, which goes on past the comma.
        let noun_phrase = |c: &Chunk| {
            let start = self
                .doc
                .sentences
                .get(c.sentence)
                .map_or(0, |s| s.span.start);
            let participle = |it: &Item<'_>| {
                it.chunk.is(|w| {
                    matches!(
                        w,
                        Word::Verb {
                            participle: true,
                            ..
                        }
                    )
                })
            };
            !self.doc.text[start.min(c.span.start)..c.span.start]
                .trim()
                .is_empty()
                && items.get(i + 1).is_some_and(participle)
        };
        let opens_intro = items.first().is_some_and(|it| {
            matches!(it.chunk.kind, ChunkKind::Time { .. })
                || it.chunk.is(|w| w == Word::Subordinator)
                || (it.chunk.is(|w| w == Word::Prep(Prep::In)) && !noun_phrase(it.chunk))
        });
        let before = &items[..i];
        let first_comma = !before.iter().any(|it| it.chunk.is(|w| w == Word::Comma));
        // An introductory phrase has no verb and no amount of its own
        // ("Over the last eight years 25 officials, in groups of three, ...").
        let amount = |it: &Item<'_>| matches!(it.chunk.kind, ChunkKind::Amount { .. });
        // A purpose opens the sentence: "To help Zhouzhi sell kiwifruit, ...".
        let purpose =
            items[0].chunk.is(|w| w == Word::Prep(Prep::To)) && items.get(1).is_some_and(verb);
        // An apposition after the subject stays with it ("In 2017, Taicang,
        // a city of Suzhou, established ...").
        let subject_before = before.iter().any(|it| {
            matches!(it.chunk.kind, ChunkKind::Places { .. }) && it.chunk.governor.is_none()
        });
        let intro =
            (opens_intro && !subject_before && !before.iter().any(|it| verb(it) || amount(it)))
                || (first_comma && (purpose || items[0].chunk.is(|w| w == Word::Subordinator)));
        let source_next = items[i + 1..]
            .iter()
            .take_while(|it| !it.chunk.is(|w| w == Word::Comma))
            .any(|it| it.chunk.is(|w| w == Word::Source));
        let source_before = before
            .iter()
            .rev()
            .take_while(|it| !it.chunk.is(|w| w == Word::Comma))
            .any(|it| it.chunk.is(|w| w == Word::Source));
        intro || source_next || source_before
    }

    /// The paragraph of the sentence that holds byte `at`.
    fn paragraph_at(&self, at: usize) -> Option<usize> {
        let sentences = &self.doc.sentences;
        let i = sentences.partition_point(|s| s.span.end <= at);
        sentences
            .get(i)
            .filter(|s| s.span.start <= at)
            .map(|s| s.paragraph)
    }

    /// Whether a chunk is a duration ("a three-year term", "six weeks"): an
    /// amount no frame takes or stops at, and no flow that would state a
    /// clause's pairing for it.
    fn is_duration(&self, chunk: &Chunk) -> bool {
        matches!(chunk.kind, ChunkKind::Amount { index }
            if self.doc.quantities[index].not_flow.as_deref() == Some("duration"))
    }

    /// The slots the frames match for a clause.
    fn slots(&self, items: &[Item<'_>], clause: &Clause) -> Vec<Slot> {
        let text = &self.doc.text;
        let mut prev_end = clause.span.start;
        let range: Vec<&Item<'_>> = clause.items.iter().map(|&i| &items[i]).collect();
        range
            .iter()
            .enumerate()
            .map(|(k, it)| {
                let c = it.chunk;
                let gap = &text[prev_end.min(c.span.start)..c.span.start];
                prev_end = c.span.end;
                let (word, also, passive) = match c.kind {
                    ChunkKind::Word {
                        word,
                        also,
                        passive,
                        ..
                    } => (Some(word), also, passive),
                    _ => (None, None, false),
                };
                let place = !clause.source && matches!(it.filler, Some(Filler::Places(..)));
                let amount = matches!(c.kind, ChunkKind::Amount { .. }) && !self.is_duration(c);
                Slot {
                    place,
                    other_actor: matches!(it.filler, Some(Filler::NoPlace | Filler::Unnamed)),
                    programme_role: it
                        .filler
                        .as_ref()
                        .and_then(|f| f.actors().first())
                        .and_then(|a| self.gazetteer.assistance_role(a.code)),
                    governor: c.governor,
                    amount: match c.kind {
                        ChunkKind::Amount { index } if amount && it.filler.is_none() => {
                            Some(self.doc.quantities[index].kind)
                        }
                        _ => None,
                    },
                    personnel: match c.kind {
                        ChunkKind::Amount { index } => {
                            self.doc.quantities[index].noun_class.as_deref() == Some("personnel")
                        }
                        _ => false,
                    },
                    word,
                    also,
                    passive,
                    time: matches!(c.kind, ChunkKind::Time { .. }),
                    governs: matches!(word, Some(Word::Prep(_)))
                        && range.get(k + 1).is_some_and(|n| n.chunk.governor.is_some()),
                    heavy: place
                        || it.filler.is_some()
                        || amount
                        || matches!(c.kind, ChunkKind::Anaphor { .. })
                        // The reading the chunk stage chose decides: the noun "aid" is light.
                        || matches!(word, Some(Word::Verb { .. } | Word::Break | Word::Breakdown)),
                    gap_before: crate::token::tokens(
                        text,
                        Span::new(c.span.start - gap.len(), c.span.start),
                    )
                    .take(frames::GAP_COUNT_LIMIT)
                    .count(),
                    comma_before: memchr::memchr2(b',', b';', gap.as_bytes()).is_some(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
