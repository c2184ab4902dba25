//! The discourse model of one article: who the article is about (the topic
//! donor and recipient, from the first relationship it states), who gives
//! and receives at this point (the current donor and recipient, updated by
//! every explicit statement), the counterparts each donor was stated with,
//! things remembered with the place they were put in ("the park" in
//! Lhundrub), and the places an anaphor can stand for.

use rustc_hash::FxHashMap as HashMap;

use crate::document::{Document, PlaceCode, Span};
use crate::gazetteer::{AssistanceRole, Gazetteer, Level, Place};
use crate::stage::chunk::lexicon::{Lexicon, Prep, Refers};
use crate::stage::chunk::{Chunk, ChunkKind};
use crate::token::{TokenKind, tokenize};

use super::Actor;

/// How a place took part in what was said so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Gave.
    Donor,
    /// Received.
    Recipient,
    /// Was named.
    Named,
}

/// The state carried from sentence to sentence.
#[derive(Debug, Default, Clone)]
pub struct Discourse {
    /// The article's main donor: the giver of its first stated relationship
    /// (else of its first stated flow).
    pub topic_donor: Option<Actor>,
    /// The article's main recipient: the receiver of that relationship.
    pub topic_recipient: Option<Vec<Actor>>,
    /// The giver the headline and the lead name, when no frame stated one:
    /// the first place whose region gives in the national programme.
    pub lead_donor: Option<Actor>,
    /// The receiver they name: the first place whose region receives.
    pub lead_recipient: Option<Vec<Actor>>,
    /// The giver stated last.
    pub current_donor: Option<Actor>,
    /// The giving place the last sentence was about without a frame
    /// ("Guangdong has been one of the largest."): what "It" next means.
    pub topic_of_last: Option<Actor>,
    /// The receivers stated last, with their giver.
    pub current_recipient: Option<(PlaceCode, Vec<Actor>)>,
    /// Each donor's stated counterparts.
    pub counterparts: HashMap<PlaceCode, Vec<PlaceCode>>,
    /// Places in order of mention with the part they played.
    pub recent: Vec<(PlaceCode, Part)>,
    /// Things ("park", "village") and the place they were put in.
    pub entities: HashMap<String, PlaceCode>,
    /// The recipients of the last flow given to named places ("the money").
    pub last_flow_recipients: Vec<Actor>,
    /// That flow's giver, if it had one ("The money has built ...").
    pub last_flow_donor: Option<Actor>,
    /// The places the last sentence named, in order.
    pub last_named: Vec<PlaceCode>,
    /// The year and start year of the first timed flow of the last
    /// sentence that had one: the time of "the money" and of a breakdown
    /// of it ("Of the total, ...").
    pub last_flow_time: Option<(Option<i32>, Option<i32>)>,
    /// An open row of a table of pairings (`Beijing  Hotan City`), with its
    /// donor and recipients so far.
    pub row: Option<(Actor, Vec<Actor>)>,
    /// A total whose items follow on their own lines ("其中:").
    pub open_breakdown: Option<Actor>,
    /// The year and start year the last sentence stated.
    pub year: Option<i32>,
    /// The start year the last sentence stated.
    pub since: Option<i32>,
    /// The paragraph of the last sentence.
    pub paragraph: Option<usize>,
    /// Whether the last sentence ended with a colon or was an item of the
    /// list one opened: the items take its time ("… last year:\n- X gave A").
    pub list_open: bool,
    /// The year the first stated relationship began ("从1995年开始对口支援").
    pub relationship_since: Option<i32>,
    /// The start year the text wrote for a relationship, not counted back.
    pub written_start: Option<i32>,
    /// The one year the headline states ("2023年成绩单"): the time of the
    /// flows a summary reports without a time of their own.
    pub headline_year: Option<i32>,
    /// The place of the newspaper that publishes the article ("天津日报",
    /// "来源：遵义日报"): the place "我市", "我省" name when its level fits.
    pub publisher: Option<Actor>,
}

/// What an anaphor requires of the places it can mean: to be of its level
/// ("the prefecture"), to lie in a place it names ("the Jiangsu city") and
/// to play the side of the programme its modifier names ("the eastern
/// province").
#[derive(Debug, Clone, Copy)]
struct Scope {
    refers: Refers,
    container: Option<PlaceCode>,
    side: Option<AssistanceRole>,
}

impl Scope {
    /// A scope of a level alone.
    fn level(refers: Refers) -> Scope {
        Scope {
            refers,
            container: None,
            side: None,
        }
    }

    /// Whether `code` can be what the phrase means.
    fn admits(self, gazetteer: &Gazetteer, code: PlaceCode) -> bool {
        gazetteer.place(code).is_some_and(|p| fits(self.refers, p))
            && self
                .container
                .is_none_or(|c| gazetteer.is_ancestor(c, code))
            && plays(gazetteer, self.side, code)
    }
}

/// Whether `code` plays `side` in the programme (any place when no side
/// is asked for).
pub(super) fn plays(gazetteer: &Gazetteer, side: Option<AssistanceRole>, code: PlaceCode) -> bool {
    side.is_none_or(|side| gazetteer.assistance_role(code) == Some(side))
}

/// Whether division `outer` contains `inner`, read off the codes
/// (a province `XX0000` holds `XX....`, a prefecture `XXYY00` holds `XXYY..`).
fn code_contains(outer: PlaceCode, inner: PlaceCode) -> bool {
    outer != inner
        && ((outer.is_multiple_of(10000) && outer / 10000 == inner / 10000)
            || (outer.is_multiple_of(100) && outer / 100 == inner / 100))
}

/// The level "我省", "我市", "我县", "我州", "我盟", "我旗", "our province"
/// name ("我区" is an autonomous region's or a district's: any level).
fn first_person_level(text: &str) -> Refers {
    if text.ends_with('省') || text.ends_with("province") {
        Refers::Province
    } else if text.ends_with('县') || text.ends_with('旗') || text.ends_with("county") {
        Refers::County
    } else if text.ends_with('州') || text.ends_with('盟') {
        Refers::Prefecture
    } else if text.ends_with('区') {
        Refers::Place
    } else {
        Refers::City
    }
}

/// The level "两市", "两省" name ("两省市", "两地", "the two": any).
fn two_level(text: &str) -> Refers {
    match text.chars().last() {
        Some('市') if !text.contains('省') => Refers::City,
        Some('省') => Refers::Province,
        _ => Refers::Place,
    }
}

/// Whether a place fits what an anaphor's head noun names.
pub(super) fn fits(refers: Refers, place: &Place) -> bool {
    match refers {
        Refers::Province => place.level == Level::Province,
        Refers::Prefecture => place.level == Level::Prefecture,
        Refers::County => place.level == Level::County,
        // Beijing, Tianjin, Shanghai and Chongqing are cities too; a
        // district or a county is not.
        Refers::City => match place.level {
            Level::Province => place.full_name.ends_with("Municipality"),
            Level::Prefecture => true,
            Level::County => !place.full_name.contains(' '),
        },
        _ => true,
    }
}

/// Where an anaphor stands in its sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Position {
    /// Where a giver stands: before the verb, or after "from"/"by".
    pub subject: bool,
    /// At the very start of the sentence.
    pub sentence_start: bool,
    /// The place the sentence names as its giver, if any.
    pub giver: Option<PlaceCode>,
    /// The place the sentence gives to ("to Yan'an"), if any.
    pub receiver: Option<PlaceCode>,
}

/// The sentences that hold a word: debris lines ("![]()", "|") count for
/// nothing in the headline and the lead.
fn worded_sentences(doc: &Document) -> impl Iterator<Item = Span> + '_ {
    doc.sentences
        .iter()
        .map(|s| s.span)
        .filter(|span| span.of(&doc.text).chars().any(char::is_alphanumeric))
}

/// The year of the headline (the first sentence with a word), when it
/// states exactly one.
fn headline_year(doc: &Document) -> Option<i32> {
    let headline = worded_sentences(doc).next()?;
    let mut years = crate::document::times_in(&doc.times, headline).map(|t| t.value);
    match (years.next(), years.next()) {
        (Some(crate::document::TimeValue::Year(y)), None) => Some(y),
        _ => None,
    }
}

/// Words after a place's name that make it a newspaper's name.
const NEWSPAPER_SUFFIXES: [&str; 2] = ["日报", "晚报"];

/// The place whose newspaper publishes the article: the first newspaper
/// the text names, masthead and source lines included, whether named after
/// its place ("天津日报 2025年5月20日", "来源：遵义日报") or not ("新华日报":
/// Jiangsu, `newspapers.tsv`).
fn publisher(doc: &Document, gazetteer: &Gazetteer) -> Option<Actor> {
    let listed = gazetteer
        .first_newspaper(&doc.text)
        .map(|(span, code)| Actor {
            code,
            span,
            org: true,
        });
    match (named_publisher(doc, gazetteer), listed) {
        (Some(a), Some(b)) => Some(if a.span.start <= b.span.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The province or prefecture a newspaper named after it publishes the
/// article: the first such name in the text.
fn named_publisher(doc: &Document, gazetteer: &Gazetteer) -> Option<Actor> {
    let text = doc.text.as_str();
    // The suffixes are Han: text without Han characters names no such paper.
    if !crate::token::may_hold_han(text) {
        return None;
    }
    let mut ends: Vec<usize> = NEWSPAPER_SUFFIXES
        .iter()
        .flat_map(|suffix| text.match_indices(suffix).map(|(at, _)| at))
        .collect();
    ends.sort_unstable();
    ends.into_iter().find_map(|at| {
        // The longest name of two to six characters that ends at the suffix.
        let mut starts: Vec<usize> = text[..at]
            .char_indices()
            .rev()
            .take(6)
            .map(|(i, _)| i)
            .collect();
        starts.reverse();
        starts.into_iter().find_map(|start| {
            if text[start..at].chars().count() < 2 {
                return None;
            }
            let pattern = gazetteer.matcher().aliases().position(&text[start..at])?;
            let place = match gazetteer.alias_codes(pattern) {
                [code] => gazetteer.place(*code)?,
                _ => return None,
            };
            (place.level != Level::County).then_some(Actor {
                code: place.code,
                span: Span { start, end: at },
                org: true,
            })
        })
    })
}

/// Words after a place's name that make it the owner of a government site
/// ("环县人民政府" over the breadcrumb, "版权所有：茂县人民政府" in the footer).
const PORTAL_SUFFIXES: [&str; 2] = ["人民政府", "人民政府网站"];

/// Words that may stand right before a site owner's name in a footer.
const PORTAL_LEADS: [&str; 4] = ["版权所有", "主办单位", "主办", "©"];

/// The place whose government runs the site the article was taken from:
/// a name ending in 人民政府 that opens a line or follows a footer's
/// 版权所有/主办单位 (elsewhere "X县人民政府" is a party the text names).
fn portal_owner(doc: &Document, gazetteer: &Gazetteer) -> Option<Actor> {
    let text = doc.text.as_str();
    text.match_indices(PORTAL_SUFFIXES[0]).find_map(|(at, _)| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..at].trim_start();
        let after_lead = PORTAL_LEADS.iter().find_map(|lead| {
            let found = before.rfind(lead)?;
            Some(before[found + lead.len()..].trim_start_matches([':', '：', ' ', '\u{3000}']))
        });
        let tail = PORTAL_SUFFIXES
            .iter()
            .rev()
            .find_map(|suffix| text[at..].strip_prefix(suffix))
            .unwrap_or_default();
        // A line of its own, or a footer's owner.
        let name = match after_lead {
            Some(name) => name,
            None if tail.starts_with(char::is_whitespace) || tail.is_empty() => before,
            None => return None,
        };
        if name.chars().count() < 2 || !name.chars().all(|c| c >= '\u{4e00}') {
            return None;
        }
        let start = at - name.len();
        let pattern = gazetteer.matcher().aliases().position(name)?;
        let place = match gazetteer.alias_codes(pattern) {
            [code] => gazetteer.place(*code)?,
            _ => return None,
        };
        Some(Actor {
            code: place.code,
            span: Span { start, end: at },
            org: true,
        })
    })
}

/// Sentences that make the headline and the lead.
const LEAD_SENTENCES: usize = 3;

impl Discourse {
    /// A discourse that knows the article's headline and lead.
    pub fn new(doc: &Document, gazetteer: &Gazetteer) -> Discourse {
        let lead_end = worded_sentences(doc)
            .nth(LEAD_SENTENCES - 1)
            .map_or(doc.text.len(), |s| s.end);
        // "青海省果洛州", "Sichuan's Liangshan": a place that qualifies the
        // next one is not named for itself.
        let qualifies = |k: usize| {
            let (p, next) = (&doc.places[k], doc.places.get(k + 1));
            next.is_some_and(|q| {
                let gap = doc.text.get(p.span.end..q.span.start).unwrap_or("-");
                matches!(gap, "" | " " | "'s " | "’s ") && gazetteer.is_ancestor(p.code, q.code)
            })
        };
        let places = (0..doc.places.len())
            .filter(|&k| doc.places[k].span.end <= lead_end && !qualifies(k))
            .map(|k| &doc.places[k]);
        let role = |code| gazetteer.assistance_role(code);
        let actor = |p: &crate::document::PlaceMention| Actor {
            code: p.code,
            span: p.span,
            org: p.in_organization,
        };
        let donor = places
            .clone()
            .find(|p| role(p.code) == Some(crate::gazetteer::AssistanceRole::Donor))
            .map(actor);
        let receivers = places
            .filter(|p| role(p.code) == Some(crate::gazetteer::AssistanceRole::Recipient))
            .filter(|p| {
                donor
                    .as_ref()
                    .is_none_or(|d| !super::ladder::related(gazetteer, d.code, p.code))
            });
        // "入疆两年来 … 昌吉州": a bare province abbreviation gives way to a
        // place of that province the lead names after it.
        let recipient = receivers
            .clone()
            .next()
            .map(|first| {
                receivers
                    .filter(|q| first.reason == "abbreviation" && q.span.start > first.span.start)
                    .find(|q| gazetteer.is_ancestor(first.code, q.code))
                    .unwrap_or(first)
            })
            .map(|p| vec![actor(p)]);
        Discourse {
            lead_donor: donor,
            lead_recipient: recipient,
            headline_year: headline_year(doc),
            publisher: publisher(doc, gazetteer).or_else(|| portal_owner(doc, gazetteer)),
            ..Discourse::default()
        }
    }

    /// The places an anaphor chunk stands for, or none when unresolved.
    /// `subject` says whether it stands where a giver stands (before the
    /// verb, governed by no preposition): there it means the last donor,
    /// elsewhere the last recipient.
    pub fn resolve(
        &self,
        chunk: &Chunk,
        chunk_text: &str,
        gazetteer: &Gazetteer,
        at_: Position,
    ) -> Vec<Actor> {
        let Position {
            subject,
            sentence_start,
            giver,
            receiver,
        } = at_;
        let ChunkKind::Anaphor {
            refers,
            count,
            container,
            side,
        } = chunk.kind
        else {
            return Vec::new();
        };
        let scope = Scope {
            refers,
            container,
            side,
        };
        let at = |code: PlaceCode| Actor {
            code,
            span: chunk.span,
            org: false,
        };
        match refers {
            Refers::Subject if subject || sentence_start => self
                .topic_of_last
                .iter()
                .chain(&self.current_donor)
                .take(1)
                .map(|a| at(a.code))
                .collect(),
            // "我省", "our city": the publisher's place, which is the place the
            // article is about when its level fits.
            Refers::FirstPerson => self
                .publisher
                .iter()
                .chain(&self.topic_donor)
                .chain(&self.lead_donor)
                .find(|a| {
                    gazetteer
                        .place(a.code)
                        .is_some_and(|p| fits(first_person_level(chunk_text), p))
                })
                .map(|a| vec![at(a.code)])
                .unwrap_or_default(),
            Refers::Subject | Refers::Flow => Vec::new(),
            // "到两市挂职", "向两市投入": the two places of that level named
            // last, where "to" or "in" governs it. (Elsewhere only 两省
            // checks its level: "两市合计投入" joins givers, whatever they
            // are, but "两省共建" is two provinces even after a city's item.)
            Refers::Two => {
                let level = match (chunk.governor, two_level(chunk_text)) {
                    (Some(Prep::To | Prep::In), level) | (_, level @ Refers::Province) => level,
                    _ => Refers::Place,
                };
                self.recent_places(gazetteer, Scope::level(level), 2, subject)
                    .into_iter()
                    .map(at)
                    .collect()
            }
            Refers::Both => match (&self.current_donor, &self.current_recipient) {
                (Some(d), Some((giver, r))) if *giver == d.code && r.len() == 1 => {
                    vec![at(d.code), at(r[0].code)]
                }
                _ => Vec::new(),
            },
            // "its counterpart": of the giver the clause names, else of the
            // current one.
            Refers::Counterpart => giver
                .or(self.current_donor.as_ref().map(|d| d.code))
                .and_then(|d| self.counterparts.get(&d))
                .filter(|list| list.len() == 1)
                .map(|list| vec![at(list[0])])
                .unwrap_or_default(),
            Refers::Entity => Vec::new(),
            _ => {
                let plural_in_view = count == 0;
                let codes = match plural_in_view {
                    true => self.places_in_view(gazetteer, scope, subject),
                    false => self
                        .counterpart_of(giver, gazetteer, scope, count, subject)
                        .or_else(|| self.giver_of(receiver, gazetteer, scope, count, subject))
                        .or_else(|| {
                            let receiving =
                                matches!(chunk.governor, Some(Prep::To | Prep::In | Prep::For));
                            receiving
                                .then(|| self.named_last(giver, gazetteer, scope, count))
                                .flatten()
                        })
                        .unwrap_or_else(|| self.recent_places(gazetteer, scope, count, subject)),
                };
                if codes.len() == count || (plural_in_view && codes.len() >= 2) {
                    codes.into_iter().map(at).collect()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// The places "the prefectures" (a plural with no number) stands for:
    /// the current receivers of that level when there are two or more,
    /// else the two most recent places of that level.
    fn places_in_view(&self, gazetteer: &Gazetteer, scope: Scope, subject: bool) -> Vec<PlaceCode> {
        let current: Vec<PlaceCode> = self
            .current_recipient
            .iter()
            .flat_map(|(_, r)| r.iter().map(|a| a.code))
            .filter(|&c| scope.admits(gazetteer, c))
            .collect();
        if current.len() >= 2 {
            return current;
        }
        self.recent_places(gazetteer, scope, 2, subject)
    }

    /// The place a thing named by `head` ("park") was put in.
    pub fn entity(&self, head: &str) -> Option<PlaceCode> {
        self.entities.get(head).copied()
    }

    /// "Quzhou has invested 1.93 billion yuan into the county": a receiver
    /// anaphor in a sentence whose giver is named means that giver's
    /// counterpart of that level, when it has exactly `count` of them.
    fn counterpart_of(
        &self,
        giver: Option<PlaceCode>,
        gazetteer: &Gazetteer,
        scope: Scope,
        count: usize,
        subject: bool,
    ) -> Option<Vec<PlaceCode>> {
        if subject {
            return None;
        }
        let fitting: Vec<PlaceCode> = self
            .counterparts
            .get(&giver?)?
            .iter()
            .copied()
            .filter(|&c| scope.admits(gazetteer, c))
            .collect();
        (fitting.len() == count).then_some(fitting)
    }

    /// "Of that amount, Jiangyin alone provided ... The city has also sent
    /// 210 teachers to Yan'an": a giving anaphor in a sentence that names
    /// its receiver means the one giver of that level stated for it.
    fn giver_of(
        &self,
        receiver: Option<PlaceCode>,
        gazetteer: &Gazetteer,
        scope: Scope,
        count: usize,
        subject: bool,
    ) -> Option<Vec<PlaceCode>> {
        let receiver = receiver.filter(|_| subject && count == 1)?;
        let mut givers: Vec<PlaceCode> = self
            .counterparts
            .iter()
            .filter(|(_, list)| list.contains(&receiver))
            .map(|(&g, _)| g)
            .filter(|&g| scope.admits(gazetteer, g))
            .collect();
        givers.sort_unstable();
        (givers.len() == 1).then_some(givers)
    }

    /// "The team works in Kashgar city and the Taxkorgan Tajik autonomous
    /// county. Last year, Shenzhen allocated 1.3 billion yuan to the two
    /// places": a counted anaphor of two or more that receives means the
    /// places the sentence before named, when they are exactly that many
    /// (leaving out the clause's giver, any place stated as a giver, and a
    /// place that holds another, "Xinjiang" in "the city's Xinjiang team
    /// works in Kashgar").
    fn named_last(
        &self,
        giver: Option<PlaceCode>,
        gazetteer: &Gazetteer,
        scope: Scope,
        count: usize,
    ) -> Option<Vec<PlaceCode>> {
        if count < 2 {
            return None;
        }
        let named = &self.last_named;
        let mut places: Vec<PlaceCode> = Vec::new();
        for &code in named {
            let holds_another = named.iter().any(|&c| c != code && code_contains(code, c));
            let gives = Some(code) == giver || self.counterparts.contains_key(&code);
            if !gives && !holds_another && !places.contains(&code) {
                places.push(code);
            }
        }
        let fit = |&c: &PlaceCode| scope.admits(gazetteer, c);
        (places.len() == count && places.iter().all(fit)).then_some(places)
    }

    /// The `count` most recent distinct places an anaphor can mean: donors
    /// first in subject position, recipients first elsewhere, then any place
    /// named; within `container` when the phrase names one.
    fn recent_places(
        &self,
        gazetteer: &Gazetteer,
        scope: Scope,
        count: usize,
        subject: bool,
    ) -> Vec<PlaceCode> {
        let preferred = if subject {
            Part::Donor
        } else {
            Part::Recipient
        };
        let ok = |code: PlaceCode| scope.admits(gazetteer, code);
        let mut out: Vec<PlaceCode> = Vec::new();
        'search: for wanted in [Some(preferred), None] {
            for &(code, part) in self.recent.iter().rev() {
                if out.len() == count {
                    break 'search;
                }
                if wanted.is_none_or(|w| w == part) && ok(code) && !out.contains(&code) {
                    out.push(code);
                }
            }
        }
        // "Maqen county in the Golog prefecture. ... sent to the
        // prefecture": with no prefecture named on its own, the one a
        // county just named lies in.
        if out.is_empty() && scope.refers == Refers::Prefecture {
            out.extend(
                self.recent
                    .iter()
                    .rev()
                    .filter_map(|&(code, _)| gazetteer.place(code)?.parent)
                    .find(|&parent| ok(parent)),
            );
        }
        // A set of three or more in the order it was named, for a
        // "respectively" over it ("三县市分别获得A、B和C").
        if count >= 3 {
            out.sort_by_key(|code| self.recent.iter().rposition(|(c, _)| c == code));
        }
        out
    }

    /// Records a stated giver and receivers: they become current, the first
    /// such statement becomes the topic, and the pair is a counterpart.
    pub fn state(&mut self, donor: Option<&Actor>, recipients: &[Actor]) {
        if let Some(d) = donor {
            self.current_donor = Some(d.clone());
            self.recent.push((d.code, Part::Donor));
            // The first giver is the topic, until a relationship is stated;
            // a part of the topic giver (one of its districts) does not
            // replace it.
            let part_of_topic = self
                .topic_donor
                .iter()
                .chain(&self.lead_donor)
                .any(|t| code_contains(t.code, d.code));
            if self.topic_donor.is_none() && part_of_topic {
                self.topic_donor = self.lead_donor.clone();
            } else if self.topic_donor.is_none()
                || (self.topic_recipient.is_none() && !recipients.is_empty() && !part_of_topic)
            {
                self.topic_donor = Some(d.clone());
            }
            if !recipients.is_empty() {
                let list = self.counterparts.entry(d.code).or_default();
                for r in recipients {
                    if !list.contains(&r.code) {
                        list.push(r.code);
                    }
                }
                self.current_recipient = Some((d.code, recipients.to_vec()));
                if self.topic_recipient.is_none()
                    && self.topic_donor.as_ref().is_some_and(|t| t.code == d.code)
                {
                    self.topic_recipient = Some(recipients.to_vec());
                }
            }
        }
        for r in recipients {
            self.recent.push((r.code, Part::Recipient));
        }
    }

    /// Records the places a sentence named; they are also its `last_named`.
    pub fn named(&mut self, codes: impl Iterator<Item = PlaceCode>) {
        self.last_named.clear();
        self.last_named.extend(codes);
        self.recent
            .extend(self.last_named.iter().map(|&c| (c, Part::Named)));
    }

    /// Remembers things named with the place they are in: a head noun of
    /// `lexicon` ("park", "village") followed within a few words by a place
    /// governed by "in" ("the Kelsangthang demonstration park in Lhundrub").
    pub fn remember_entities(
        &mut self,
        doc: &Document,
        span: Span,
        chunks: &[&Chunk],
        lexicon: &Lexicon,
    ) {
        let governed_in: Vec<&Chunk> = chunks
            .iter()
            .copied()
            .filter(|c| matches!(c.governor, Some(crate::stage::chunk::lexicon::Prep::In)))
            .collect();
        if governed_in.is_empty() {
            return;
        }
        let tokens = tokenize(&doc.text, span);
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let Some(next) = tokens.get(i + 1) else {
                continue;
            };
            let place = governed_in
                .iter()
                .find(|c| c.span.start >= next.span.start && c.span.start <= next.span.end + 1);
            let word = t.span.of(&doc.text);
            if let Some(ChunkKind::Places { members, .. }) = place.map(|c| &c.kind)
                && members.len() == 1
                && lexicon.head(word) == Some(Refers::Entity)
            {
                self.entities
                    .insert(word.to_lowercase(), doc.places[members[0]].code);
            }
        }
    }
}
