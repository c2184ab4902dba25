//! Compose one sentence: run the frames over each clause, give every
//! amount its donor and recipients (from the frame that took it, then the
//! clause's other frames, then the rest of the sentence, then the
//! ladder), make pairing events, and tell the discourse what was stated.

use crate::document::{PlaceCode, QuantityKind, QuantityMention, Span, TimeValue, times_in};
use crate::event::EventType;
use crate::stage::chunk::lexicon::{Action, Prep, Word};
use crate::stage::chunk::{ChunkKind, Joiner};

use super::discourse::Discourse;
use super::frames::{ClauseFacts, Match, find_all};
use super::ladder::{self, Context};
use super::record::Draft;
use super::time::{When, settle_counted_start, when};
use super::{Actor, Clause, Filler, Item, Linker};

/// What the frames of one clause said.
struct Reading {
    matches: Vec<Match>,
    /// Item index of the clause's donor, with the frame that named it.
    donor: Option<(usize, usize)>,
    /// Item index of the clause's recipient (from a frame that took no amount).
    recipient: Option<(usize, usize)>,
}

/// A flow whose roles are being decided.
#[derive(Clone)]
struct Pending {
    clause: usize,
    item: usize,
    donor: Option<Filler>,
    donor_explicit: bool,
    /// Whether the donor is the place inside an amount ("35 Zhejiang
    /// companies"), which a giver inside it may narrow.
    donor_modifier: bool,
    recipients: Vec<Actor>,
    rule: String,
    confidence: f64,
    /// Whether items of this amount follow ("..., 其中 X A、Y B"): a
    /// total over several receivers takes none of them by fallback.
    total: bool,
}

/// Links one sentence: its drafts go to `drafts`, what it stated to `discourse`.
pub fn sentence(
    linker: &Linker<'_>,
    index: usize,
    items: &[Item<'_>],
    clauses: &[Clause],
    discourse: &mut Discourse,
    drafts: &mut Vec<Draft>,
) {
    let sentence = linker.doc.sentences[index];
    let span = sentence.span;
    let readings: Vec<Reading> = clauses
        .iter()
        .map(|c| read(linker, items, c, discourse))
        .collect();
    // A year holds for the rest of its paragraph; a start year only for a
    // sentence that goes on with the same giver.
    // "我市" again is the same unnamed publisher, not a new giver.
    let explicit_donor = readings.iter().any(|r| {
        r.donor
            .is_some_and(|(d, _)| !matches!(items[d].filler, Some(Filler::Unnamed)))
    });
    // A breakdown ("从资金分配看，其中，X获得N") itemises the total before
    // it, in its year, even from a paragraph of its own.
    let breaks_down = items
        .iter()
        .take_while(|it| !matches!(it.chunk.kind, ChunkKind::Amount { .. }))
        .any(|it| it.chunk.is(|w| w == Word::Breakdown));
    // "During the same period, ...": the time stated before, whoever gives.
    let same_period = times_in(&linker.doc.times, span).any(|t| t.value == TimeValue::Same);
    let text = span.of(&linker.doc.text);
    let list_item = discourse.list_open && opens_list_item(text);
    // "The money was spent on ...", "Of the total, ...": the time of the
    // flow they speak of, in whatever paragraph.
    let of_last_flow = breaks_down || names_the_money(items.iter());
    let mut carried = When {
        year: discourse.year.filter(|_| {
            same_period
                || breaks_down
                || list_item
                || discourse.paragraph == Some(sentence.paragraph)
        }),
        since: discourse.since.filter(|_| same_period || !explicit_donor),
        cumulative: false,
        counted: false,
    };
    // Also over a start year carried from a sentence between the flow and
    // this one ("... this year. The four counties have been paired with it
    // since 2010. The money is being spent on ...").
    if let Some((year, since)) = discourse.last_flow_time.filter(|_| of_last_flow)
        && carried.year.is_none()
    {
        (carried.year, carried.since) = (year, since);
    }
    let mut pending = Vec::new();
    for (ci, clause) in clauses.iter().enumerate() {
        pending.extend(clause_flows(linker, items, clause, ci, &readings[ci]));
    }
    // "... raised 900 million yuan. It included 600 million yuan ...": the
    // next sentence breaks this sentence's amounts down.
    let item_units = next_breaks_down(linker, index);
    for p in &mut pending {
        if let ChunkKind::Amount { index: q } = items[p.item].chunk.kind
            && item_units.contains(&linker.doc.quantities[q].unit.as_str())
        {
            p.total = true;
        }
    }
    let carry = carry_through_sentence(linker, items, clauses, &readings, discourse, &mut pending);
    let pending = zip_carried(items, clauses, pending);
    // Relationships first: a flow may go to the receivers its sentence pairs
    // its giver with ("Jinshan, which is paired with Ning'er and Lancang, contributed ...").
    pairings(
        linker,
        span,
        items,
        clauses,
        &readings,
        carry.as_ref(),
        discourse,
        drafts,
    );
    let mut first_timed = None;
    let first_draft = drafts.len();
    for p in pending {
        let givers = co_givers(linker, &p);
        if let Some(draft) = finish_flow(
            linker,
            span,
            items,
            &clauses[p.clause],
            discourse,
            p,
            carried,
        ) {
            drafts.extend(joint_pairings(linker, &draft, givers));
            if first_timed.is_none() && draft.when.is_set() {
                first_timed = Some((draft.when.year, draft.when.since));
            }
            drafts.push(draft);
        }
    }
    if items
        .iter()
        .any(|it| it.chunk.is(|w| w == Word::Respectively))
    {
        zip_listed_years(linker, span, &mut drafts[first_draft..]);
    }

    // Only a time the sentence writes: not a fallback to the publication.
    if first_timed.is_some() && times_in(&linker.doc.times, span).next().is_some() {
        discourse.last_flow_time = first_timed;
    }
    // A list item goes on with its lead's paragraph: its time holds on.
    if list_item {
        discourse.paragraph = Some(sentence.paragraph);
    }
    // The items of a breakdown leave "the money" meaning their total.
    let keeps_total = breaks_down && !discourse.last_flow_recipients.is_empty();
    remember(
        linker,
        span,
        items,
        clauses,
        &readings,
        discourse,
        keeps_total,
    );
    discourse.paragraph = Some(sentence.paragraph);
    discourse.list_open = list_item || text.trim_end().ends_with([':', '：']);
}

/// "前年和去年，山西分别向阜康市拨付1.6亿元、1.7亿元；2021年、2022年，山西分别投入…":
/// a list of years before the amounts of a part of a sentence (up to a
/// semicolon) dates them in order, one or an equal group each, when the
/// sentence says `respectively`.
fn zip_listed_years(linker: &Linker<'_>, span: Span, drafts: &mut [Draft]) {
    let text = span.of(&linker.doc.text);
    let mut start = span.start;
    for part in text.split_inclusive([';', '；']) {
        let end = start + part.len();
        let inside = |d: &&mut Draft| d.quantity.is_some() && (start..end).contains(&d.anchor);
        zip_years_of_part(
            linker,
            Span::new(start, end),
            drafts.iter_mut().filter(inside).collect(),
        );
        start = end;
    }
}

fn zip_years_of_part(linker: &Linker<'_>, part: Span, mut flows: Vec<&mut Draft>) {
    let doc = linker.doc;
    let Some(first) = flows.iter().map(|d| d.anchor).min() else {
        return;
    };
    let years: Vec<(Span, i32)> = times_in(&doc.times, part)
        .filter(|t| t.span.end <= first)
        .filter_map(|t| match t.value {
            TimeValue::Year(y) => Some((t.span, y)),
            _ => None,
        })
        .collect();
    let listed = years.windows(2).all(|w| {
        let between = doc.text[w[0].0.end..w[1].0.start].trim();
        ["和", "、", "及", "与", "and", ",", "，"].contains(&between)
    });
    // Several amounts a year ("分别为19家、10.6亿元和21家、12.3亿元") go
    // by equal groups.
    if years.len() < 2 || !flows.len().is_multiple_of(years.len()) || !listed {
        return;
    }
    let per_year = flows.len() / years.len();
    flows.sort_by_key(|d| d.anchor);
    for (group, (_, y)) in flows.chunks_mut(per_year).zip(years) {
        for d in group {
            d.when.year = Some(y);
            d.when.since = None;
        }
    }
}

/// Whether a sentence or clause speaks of the money of a flow before it
/// ("the money", "the funds").
fn names_the_money<'a, 'd: 'a>(mut items: impl Iterator<Item = &'a Item<'d>>) -> bool {
    items.any(|it| {
        matches!(
            it.chunk.kind,
            ChunkKind::Anaphor {
                refers: crate::stage::chunk::lexicon::Refers::Flow,
                ..
            }
        )
    })
}

/// Whether a sentence opens with a list marker ("- ", "• ", "1. ", "（一）").
fn opens_list_item(text: &str) -> bool {
    let t = text.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    t.starts_with(['-', '–', '•', '●', '·', '*', '▪', '（', '('])
        || (digits > 0 && t[digits..].starts_with(['.', '、', ')']))
}

/// Whether `code` lies in a region that gives in the national programme.
fn giving_region(linker: &Linker<'_>, code: PlaceCode) -> bool {
    linker.gazetteer.assistance_role(code) == Some(crate::gazetteer::AssistanceRole::Donor)
}

/// The places a flow names as its givers when there are several and all
/// lie in giving regions, else none ("Lianyungang and Lanzhou ..." are
/// partners, not co-givers).
fn co_givers(linker: &Linker<'_>, p: &Pending) -> Vec<Actor> {
    match &p.donor {
        Some(Filler::Places(actors, _))
            if actors.len() > 1 && actors.iter().all(|g| giving_region(linker, g.code)) =>
        {
            actors.clone()
        }
        _ => Vec::new(),
    }
}

/// Givers acting together on one receiver ("Guangdong and Fujian jointly
/// sent 260 doctors to Nyingchi") each pair with it: a pairing per one of
/// the `co_givers` of a flow whose donor was left empty as joint. Not when
/// the receiver is a county (a county has one partner; givers joining in a
/// park or a school there are not each its partner: "Shanghai and Shandong
/// jointly funded a park in Samzhubze district") nor when one giver lies in
/// another ("Fujian province and Xiamen jointly put ... into a school").
fn joint_pairings(linker: &Linker<'_>, flow: &Draft, givers: Vec<Actor>) -> Vec<Draft> {
    use crate::gazetteer::Level;
    let [receiver] = flow.recipients.as_slice() else {
        return Vec::new();
    };
    if flow.donor.is_some() || receiver.org || !flow.rule.contains("+joint") {
        return Vec::new();
    }
    let county = linker
        .gazetteer
        .place(receiver.code)
        .is_some_and(|p| p.level == Level::County);
    let nested = givers.iter().enumerate().any(|(i, a)| {
        givers[i + 1..]
            .iter()
            .any(|b| ladder::related(linker.gazetteer, a.code, b.code))
    });
    if county || nested {
        return Vec::new();
    }
    givers
        .into_iter()
        .filter(|g| !g.org && !ladder::related(linker.gazetteer, g.code, receiver.code))
        .map(|giver| Draft {
            kind: EventType::Pairing,
            donor: Some(giver),
            recipients: vec![receiver.clone()],
            quantity: None,
            when: When::default(),
            sentence: flow.sentence,
            anchor: receiver.span.start,
            confidence: flow.confidence * 0.9,
            rule: format!("{}+joint-giver", flow.rule),
        })
        .collect()
}

/// The units of the items when sentence `index + 1` opens with a breakdown
/// ("It included", "其中", "Among them") and holds amounts for places: the
/// items of this sentence's totals of those units ("Of that amount, Jiangyin
/// alone provided 96 million yuan" itemises yuan, not "143 projects").
fn next_breaks_down<'a>(linker: &Linker<'a>, index: usize) -> Vec<&'a str> {
    let chunks = &linker.doc.chunks;
    let from = chunks.partition_point(|c| c.sentence <= index);
    let to = chunks.partition_point(|c| c.sentence <= index + 1);
    let next = &chunks[from..to];
    let opens = next.first().is_some_and(|c| {
        let start = linker.doc.sentences[c.sentence].span.start;
        c.is(|w| w == Word::Breakdown) && linker.doc.text[start..c.span.start].trim().is_empty()
    });
    if !opens
        || !next
            .iter()
            .any(|c| matches!(c.kind, ChunkKind::Places { .. }))
    {
        return Vec::new();
    }
    next.iter()
        .filter_map(|c| match c.kind {
            ChunkKind::Amount { index } => Some(linker.doc.quantities[index].unit.as_str()),
            _ => None,
        })
        .collect()
}

/// Whether `rest` opens a breakdown whose items may name their own receivers:
/// places follow it before the clause breaks, or its items follow on lines
/// of their own ("其中:").
/// Items without places ("其中财政资金33亿元、社会资金13亿元") leave the
/// total its receivers, and so do contents ("including schools, hospitals
/// and housing").
fn items_name_receivers(rest: &[Item<'_>]) -> bool {
    rest.iter()
        .position(|it| it.chunk.is(|w| w == Word::Breakdown))
        .is_some_and(|b| {
            let after = &rest[b + 1..];
            let end = after
                .iter()
                .position(|it| it.chunk.is(|w| w == Word::Break))
                .unwrap_or(after.len());
            let after = &after[..end];
            let amounts = after
                .iter()
                .any(|it| matches!(it.chunk.kind, ChunkKind::Amount { .. }));
            let on_own_lines = after
                .iter()
                .all(|it| it.chunk.is(|w| matches!(w, Word::Colon | Word::Comma)));
            (!amounts && on_own_lines) || after.iter().any(|it| it.filler.is_some())
        })
}

/// Runs the frames of the clause's language over it.
fn read(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    clause: &Clause,
    discourse: &Discourse,
) -> Reading {
    let slots = linker.slots(items, clause);
    let first = clause.items.first().copied().unwrap_or(0);
    let sentence_text = items.first().map_or("", |it| {
        linker.doc.sentences[it.chunk.sentence]
            .span
            .of(&linker.doc.text)
    });
    let facts = ClauseFacts {
        in_row: discourse.row.is_some(),
        after_break: clause.after_gap
            || (first > 0 && items[first - 1].chunk.is(|w| w == Word::Break)),
        whole_line: clause.items.len() == items.len()
            && !sentence_text.contains('\n')
            && !sentence_text
                .trim_end()
                .ends_with(['.', '。', '!', '?', ';', ':']),
        after_amount: chain_before(items, first)
            .any(|it| matches!(it.chunk.kind, ChunkKind::Amount { .. })),
        after_give: gives_before(items, first),
    };
    let mut matches = find_all(linker.frames, clause.chinese, &slots, facts);
    for m in &mut matches {
        for s in [&mut m.donor, &mut m.recipient].into_iter().flatten() {
            *s = clause.items[*s];
        }
        m.parties
            .iter_mut()
            .chain(m.amounts.iter_mut())
            .for_each(|s| *s = clause.items[*s]);
        m.start = clause.items.get(m.start).copied().unwrap_or(usize::MAX);
    }
    // 援藏资金 names the receiving region: a place inside it is no giver.
    if let Some(region) = implied_region(linker, items, &clause.items) {
        for m in &mut matches {
            let inside = m
                .donor
                .and_then(|d| items[d].filler.as_ref())
                .is_some_and(|f| {
                    !f.actors().is_empty()
                        && f.actors().iter().all(|a| {
                            a.code != region && linker.gazetteer.is_ancestor(region, a.code)
                        })
                });
            if inside {
                m.recipient = m.recipient.or(m.donor);
                m.donor = None;
            }
        }
    }
    // A place another frame gives an amount to ("菏泽 7.45亿元") is no
    // topic giver of its clause.
    let receivers: Vec<usize> = matches
        .iter()
        .filter(|m| !m.amounts.is_empty())
        .filter_map(|m| m.recipient)
        .collect();
    // "其中，宜昌市对口支援的温泉县1.2亿元": a place a pairing names as the
    // partner of the receiver an amount follows is no giver of the amount
    // (the item's money is its total's).
    let partners: Vec<usize> = matches
        .iter()
        .filter(|m| names_item_partner(linker, clause, m))
        .flat_map(|m| m.parties.iter().copied())
        .collect();
    for m in &mut matches {
        if m.amounts.is_empty()
            && m.donor
                .is_some_and(|d| receivers.contains(&d) || partners.contains(&d))
        {
            m.donor = None;
        }
    }
    let donor = matches.iter().find_map(|m| m.donor.map(|d| (d, m.frame)));
    let recipient = matches
        .iter()
        .filter(|m| m.amounts.is_empty())
        .find_map(|m| m.recipient.map(|r| (r, m.frame)));
    Reading {
        matches,
        donor,
        recipient,
    }
}

/// Whether the last verb before item `first` gives, in the active voice
/// ("allocated 1.2 billion yuan to Hechi, and Guangzhou 900 million yuan
/// to Bijie": the gapped clause gives too).
fn gives_before(items: &[Item<'_>], first: usize) -> bool {
    items[..first]
        .iter()
        .rev()
        .find_map(|it| match it.chunk.kind {
            ChunkKind::Word {
                word: Word::Verb { action, .. },
                passive,
                ..
            } => Some(action == Action::Give && !passive),
            _ => None,
        })
        .unwrap_or(false)
}

/// The region a word among `which` items names (援疆 → Xinjiang).
fn implied_region(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    which: &[usize],
) -> Option<crate::document::PlaceCode> {
    let word = |i: usize| match items[i].chunk.kind {
        ChunkKind::Word { implies, .. } => implies,
        _ => None,
    };
    // "10批援藏干部": the word is inside the amount (every such word is Chinese).
    let in_amount = |i: usize| {
        let span = items[i].chunk.span;
        let amount = matches!(items[i].chunk.kind, ChunkKind::Amount { .. });
        (amount && !span.of(&linker.doc.text).is_ascii())
            .then(|| linker.lexicon.find(&linker.doc.text, span))?
            .find_map(|(_, entries)| entries.iter().find_map(|e| e.implies))
    };
    which
        .iter()
        .find_map(|&i| word(i))
        .or_else(|| which.iter().find_map(|&i| in_amount(i)))
}

/// Whether an amount can be a flow at all: not marked as no flow, not a
/// rate ("30 million yuan per year": a yearly amount, no flow of its own),
/// not in quoted speech, not a single person, and a count of places or
/// people only when the clause says they were helped.
fn is_flow(q: &QuantityMention, quoted: bool, helped: bool) -> bool {
    let counted_only = matches!(
        q.noun_class.as_deref(),
        Some("area" | "village" | "household" | "beneficiary") | None
    );
    q.not_flow.is_none()
        && q.rate.is_none()
        && !quoted
        && !(q.kind == QuantityKind::Count && (q.value < 2 || (counted_only && !helped)))
}

/// The event types the cue words among `which` items tell.
fn cues<'i>(items: &[Item<'_>], which: impl IntoIterator<Item = &'i usize>) -> Vec<EventType> {
    which
        .into_iter()
        .map(|&i| &items[i])
        .filter_map(|it| match it.chunk.kind {
            // A verb that also tells the type ("实际投资": invested, by firms).
            ChunkKind::Word {
                word: Word::Cue(t), ..
            }
            | ChunkKind::Word {
                also: Some(Word::Cue(t)),
                ..
            } => Some(t),
            _ if it.chunk.is(|w| {
                matches!(
                    w,
                    Word::Verb {
                        action: Action::Sign,
                        ..
                    }
                )
            }) =>
            {
                Some(EventType::Investment)
            }
            _ => None,
        })
        .collect()
}

/// The items of the clauses before item `first` back to the last break
/// (`;`, `。`, ", and"), nearest first: the comma clauses of one chain.
fn chain_before<'i, 'd>(items: &'i [Item<'d>], first: usize) -> impl Iterator<Item = &'i Item<'d>> {
    items[..first]
        .iter()
        .rev()
        .take_while(|it| !it.chunk.is(|w| w == Word::Break))
}

/// For a clause that opens a breakdown ("就业1.2万人，其中脱贫人口4600人"),
/// the items of the clauses before it back to a break: the total's words
/// type its items.
fn total_before(items: &[Item<'_>], clause: &Clause) -> Vec<usize> {
    let first = clause.items.first().copied().unwrap_or(0);
    if !items
        .get(first)
        .is_some_and(|it| it.chunk.is(|w| w == Word::Breakdown))
    {
        return Vec::new();
    }
    (0..first)
        .rev()
        .take_while(|&i| !items[i].chunk.is(|w| w == Word::Break))
        .collect()
}

/// Whether a clause without a frame may still hold flows: a verb or noun of
/// the genre stands in it ("41 planned aid projects with a total investment
/// of ..."), or, in a Chinese topic chain, an aid noun in the comma clauses
/// before it ("援宁资金补助标准,由1.12亿元提高到3.1亿元").
fn licensed(linker: &Linker<'_>, items: &[Item<'_>], clause: &Clause) -> bool {
    let doc = linker.doc;
    let aid_amount = |i: usize| match items[i].chunk.kind {
        ChunkKind::Amount { index } => doc.quantities[index]
            .role
            .as_deref()
            .is_some_and(|r| r.contains("aid") || r.contains("assistance") || r.contains('援')),
        _ => false,
    };
    let aid_noun = |it: &Item<'_>| it.chunk.is(|w| w == Word::Noun(Action::Aid));
    let first = clause.items.first().copied().unwrap_or(0);
    let topic = clause.chinese && chain_before(items, first).any(aid_noun);
    // "其中：东乡县1.21亿元；……；其余4个县市共1.69亿元": each clause after a
    // breakdown in its sentence is one of its items.
    let item = clause.chinese
        && items[..first]
            .iter()
            .any(|it| it.chunk.is(|w| w == Word::Breakdown));
    // "The sum rose to A in 2024": the money of the flows before it.
    topic
        || item
        || names_the_money(clause.items.iter().map(|&i| &items[i]))
        || clause.items.iter().any(|&i| {
            aid_amount(i)
                || items[i].chunk.is(|w| {
                    matches!(
                        w,
                        Word::Verb { .. } | Word::Breakdown | Word::Noun(Action::Aid)
                    )
                })
        })
}

/// Whether a clause opens with quoted speech. A short quoted term that the
/// clause goes on after (`“十四五”期间江苏引导…`, `"Group-style" aid teams
/// have sent…`) is a name or a slogan, not speech: the quote closes within a
/// few characters and no punctuation follows it.
fn opens_with_speech(text: &str) -> bool {
    let t = text.trim_start();
    let Some(open) = t
        .chars()
        .next()
        .filter(|c| ['"', '\u{201c}', '\u{300c}'].contains(c))
    else {
        return false;
    };
    let close = match open {
        '\u{201c}' => '\u{201d}',
        '\u{300c}' => '\u{300d}',
        _ => '"',
    };
    let rest = &t[open.len_utf8()..];
    let term = rest
        .char_indices()
        .take(8)
        .find(|&(_, c)| c == close)
        .is_some_and(|(i, _)| {
            rest[i + close.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|c| {
                    !c.is_ascii_punctuation()
                        && !"，。、；：！？,.".contains(c)
                        && !c.is_whitespace()
                })
        });
    !term
}

/// The flows of one clause with the roles its frames give them.
fn clause_flows(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    clause: &Clause,
    ci: usize,
    r: &Reading,
) -> Vec<Pending> {
    let doc = linker.doc;
    let quoted = opens_with_speech(clause.span.of(&doc.text));
    let helped = cues(
        items,
        clause.items.iter().chain(&total_before(items, clause)),
    )
    .iter()
    .any(|t| matches!(t, EventType::Beneficiaries | EventType::Training));
    // "the number of rural students assisted ... reached 1,860".
    let help_verb = clause.items.iter().any(|&i| {
        items[i].chunk.is(|w| {
            matches!(
                w,
                Word::Verb {
                    action: Action::Help,
                    ..
                }
            )
        })
    });
    let licensed = !r.matches.is_empty() || licensed(linker, items, clause);
    let amounts: Vec<usize> = clause
        .items
        .iter()
        .copied()
        .filter(|&i| {
            matches!(items[i].chunk.kind, ChunkKind::Amount { index } if items[i].filler.is_none()
            && is_flow(
                &doc.quantities[index],
                quoted,
                helped || (help_verb && doc.quantities[index].rule == "en-number-of"),
            )) && !lists_contents(linker, items, clause, i)
        })
        .collect();
    if !licensed {
        return Vec::new();
    }
    let mut out: Vec<Pending> = amounts
        .iter()
        .map(|&a| {
            let specific: Vec<&Match> = r
                .matches
                .iter()
                .filter(|m| m.amounts.contains(&a))
                .collect();
            let donor = specific
                .iter()
                .find_map(|m| m.donor.map(|d| (d, m.frame)))
                .or_else(|| nearest_donor(r, a))
                .filter(|_| !clause.source);
            let modifier = donor
                .is_none()
                .then(|| modifier_donor(linker, items, clause))
                .flatten();
            let recipient = specific
                .iter()
                .find_map(|m| m.recipient.map(|x| (x, m.frame)))
                .or(r.recipient)
                .or_else(|| shared_recipient(items, r, a));
            // The rule names the frame that gave the donor and, when another
            // gave the recipients, that one too.
            let frames: Vec<usize> = donor
                .map(|d| d.1)
                .into_iter()
                .chain(recipient.map(|x| x.1))
                .chain(specific.first().map(|m| m.frame))
                .collect();
            let mut named: Vec<usize> = Vec::new();
            for f in frames {
                if !named.contains(&f) && named.len() < 2 {
                    named.push(f);
                }
            }
            let row = named.first().map(|&f| &linker.frames.rows[f]);
            let rule = if named.is_empty() {
                "no-frame".to_string()
            } else {
                named
                    .iter()
                    .map(|&f| linker.frames.rows[f].id.as_str())
                    .collect::<Vec<_>>()
                    .join("+")
            };
            Pending {
                clause: ci,
                item: a,
                donor: donor
                    .and_then(|(d, _)| items[d].filler.clone())
                    .or(modifier.clone()),
                donor_explicit: donor.is_some() || modifier.is_some(),
                donor_modifier: modifier.is_some(),
                recipients: recipient
                    .and_then(|(x, _)| items[x].filler.as_ref())
                    .map(|f| f.actors().to_vec())
                    .unwrap_or_default(),
                rule,
                confidence: row.map_or(0.6, |f| f.confidence),
                total: items_name_receivers(&items[a + 1..]),
            }
        })
        .collect();
    zip_respectively(items, clause, &mut out);
    out
}

/// The recipient another frame of the clause gave its own amount, shared
/// by a coordinated amount ("launched 212 projects and invested 1.93
/// billion yuan into the county"), and by the items of a breakdown that
/// name no place of their own ("6.8 billion yuan to the prefecture, of
/// which 4.1 billion yuan has gone into education"), but not across one
/// that does ("900 million yuan, including 600 million yuan for Xinjiang").
fn shared_recipient(items: &[Item<'_>], r: &Reading, a: usize) -> Option<(usize, usize)> {
    r.matches.iter().find_map(|m| {
        let x = m.recipient?;
        let (lo, hi) = (a.min(x), a.max(x));
        let itemised = items[lo..hi]
            .iter()
            .position(|it| it.chunk.is(|w| w == Word::Breakdown))
            .is_some_and(|b| {
                items[lo + b + 1..]
                    .iter()
                    .take_while(|it| !it.chunk.is(|w| w == Word::Break))
                    .any(|it| matches!(it.chunk.kind, ChunkKind::Places { .. }))
            });
        (!itemised).then_some((x, m.frame))
    })
}

/// Whether the count at item `a` only lists what a total before it holds
/// ("1.2 billion yuan ..., including 12 schools", "200 projects, including
/// 9 hospitals"): a count after "including" is an example, not a flow.
fn lists_contents(linker: &Linker<'_>, items: &[Item<'_>], clause: &Clause, a: usize) -> bool {
    let unit = |i: usize| match items[i].chunk.kind {
        ChunkKind::Amount { index } => Some(linker.doc.quantities[index].unit.as_str()),
        _ => None,
    };
    let ChunkKind::Amount { index } = items[a].chunk.kind else {
        return false;
    };
    // "309 projects, including 148 projects ..." are items; "200
    // projects, including 9 hospitals" are examples. A total of the same
    // unit makes items even beside a sum of money ("309 projects with
    // investment of 81.85 million yuan, including 148 projects ...").
    linker.doc.quantities[index].kind == QuantityKind::Count
        && clause.items.iter().filter(|&&b| b < a).any(|&b| {
            let before = || {
                clause
                    .items
                    .iter()
                    .filter(move |&&m| m < b)
                    .map(|&m| unit(m))
            };
            items[b].chunk.is(|w| w == Word::Breakdown)
                && before().any(|u| u.is_some_and(|u| Some(u) != unit(a)))
                && !before().any(|u| u.is_some() && u == unit(a))
        })
}

/// "50 Shanghai companies have signed contracts to invest ...": a giver
/// named inside an amount of the clause; also the receiving place people
/// come from ("Two Changji officials went to Xiamen"), which `reorient`
/// turns round.
fn modifier_donor(linker: &Linker<'_>, items: &[Item<'_>], clause: &Clause) -> Option<Filler> {
    let doc = linker.doc;
    clause
        .items
        .iter()
        .find_map(|&i| match items[i].chunk.kind {
            ChunkKind::Amount { index } => {
                let span = doc.quantities[index].span;
                let p = doc.places.iter().find(|p| span.contains(p.span))?;
                let role = linker.gazetteer.assistance_role(p.code);
                let people = doc.quantities[index].noun_class.as_deref() == Some("personnel");
                (role == Some(crate::gazetteer::AssistanceRole::Donor)
                    || (people && role == Some(crate::gazetteer::AssistanceRole::Recipient)))
                .then(|| {
                    Filler::Places(
                        vec![Actor {
                            code: p.code,
                            span: p.span,
                            org: false,
                        }],
                        Vec::new(),
                    )
                })
            }
            _ => None,
        })
}

/// The receiving place that a count of people helped or trained names as
/// their home ("16,000 Liangshan workers", "凉山州劳动力3000人"): the
/// flow went to it.
fn people_of_receiver(linker: &Linker<'_>, items: &[Item<'_>], at: usize) -> Option<Actor> {
    let ChunkKind::Amount { index } = items[at].chunk.kind else {
        return None;
    };
    let q = &linker.doc.quantities[index];
    if !matches!(q.noun_class.as_deref(), Some("beneficiary" | "trainee")) {
        return None;
    }
    let p = linker.doc.places.iter().find(|p| q.span.contains(p.span))?;
    (linker.gazetteer.assistance_role(p.code) == Some(crate::gazetteer::AssistanceRole::Recipient))
        .then_some(Actor {
            code: p.code,
            span: p.span,
            org: false,
        })
}

/// The clause donor nearest before the amount at item `a`, else the first.
fn nearest_donor(r: &Reading, a: usize) -> Option<(usize, usize)> {
    r.matches
        .iter()
        .filter_map(|m| m.donor.map(|d| (d, m.frame)))
        .filter(|(d, _)| *d < a)
        .max_by_key(|(d, _)| *d)
        .or(r.donor)
}

/// "延长县雷赤乡养殖业扶贫开发项目,苏陕扶贫资金安排130万元": a pair of
/// regions names the programme, and the nearest single place before the
/// amount in its chain of comma clauses (back to the last break) is where
/// the money went, when it lies inside the receiving region.
fn topic_inside(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    amount: usize,
    region: crate::document::PlaceCode,
) -> Option<Actor> {
    chain_before(items, amount)
        .filter_map(|it| match &it.filler {
            Some(Filler::Places(a, _)) if a.len() == 1 => Some(&a[0]),
            _ => None,
        })
        .find(|a| linker.gazetteer.is_ancestor(region, a.code))
        .cloned()
}

/// "A and B received X and Y respectively", "分别捐赠5万元": with a
/// `respectively` word, a list of recipients as long as the amounts gives
/// one to each; one amount with several recipients goes to each of them.
/// So does a list of givers ("哈尔滨市、大庆市分别向A、B投入资金X和Y").
fn zip_respectively(items: &[Item<'_>], clause: &Clause, flows: &mut Vec<Pending>) {
    let respectively = clause
        .items
        .iter()
        .any(|&i| items[i].chunk.is(|w| w == Word::Respectively));
    let Some(first) = flows.first() else { return };
    if let Some(Filler::Places(givers, _)) = &first.donor
        && respectively
        && givers.len() == flows.len()
        && flows.iter().all(|f| f.donor == first.donor)
    {
        let givers = givers.clone();
        for (f, g) in flows.iter_mut().zip(givers) {
            f.donor = Some(Filler::Places(vec![g], Vec::new()));
        }
    }
    let Some(last) = flows.last() else { return };
    let list = last.recipients.clone();
    if !respectively || list.len() < 2 {
        return;
    }
    // The amounts after a total of other receivers ("earmarked A for the
    // prefecture, of which X, Y and Z received B, C and D respectively").
    let from = flows
        .iter()
        .rposition(|f| f.recipients != list)
        .map_or(0, |i| i + 1);
    if flows.len() - from == list.len() {
        for (f, r) in flows[from..].iter_mut().zip(list) {
            f.recipients = vec![r];
        }
    } else if flows.len() == 1 {
        let one = flows.pop().expect("one flow");
        for r in list {
            flows.push(Pending {
                recipients: vec![r],
                ..one.clone()
            });
        }
    }
}

/// "哈尔滨市、大庆市分别结对帮扶哈巴河县、布尔津县，今年分别投入资金6800万元和5900万元":
/// the givers and receivers a clause took from the clauses before it pair
/// off with its amounts when it says `respectively` too.
fn zip_carried(items: &[Item<'_>], clauses: &[Clause], pending: Vec<Pending>) -> Vec<Pending> {
    let mut out = Vec::with_capacity(pending.len());
    for group in pending.chunk_by(|a, b| a.clause == b.clause) {
        let mut flows = group.to_vec();
        zip_respectively(items, &clauses[group[0].clause], &mut flows);
        out.extend(flows);
    }
    out
}

/// The rest of the sentence: a clause without a giver of its own goes on
/// with the giver of the clause before (a topic chain, ", and ..."), and
/// a flow without receivers takes those another clause stated for the same
/// giver. Returns the giver carried to the sentence's end.
fn carry_through_sentence(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    clauses: &[Clause],
    readings: &[Reading],
    discourse: &Discourse,
    pending: &mut [Pending],
) -> Option<Filler> {
    let mut carry: Option<Filler> = discourse
        .row
        .as_ref()
        .map(|(d, _)| Filler::Places(vec![d.clone()], Vec::new()))
        .or_else(|| {
            discourse
                .open_breakdown
                .as_ref()
                .map(|d| Filler::Places(vec![d.clone()], Vec::new()))
        });
    let mut carried: Vec<Option<Filler>> = Vec::new();
    let mut carried_frame: Vec<Option<usize>> = Vec::new();
    let mut frame = None;
    for (ci, r) in readings.iter().enumerate() {
        if let Some((d, f)) = r.donor.filter(|_| !clauses[ci].source)
            && let Some(filler) = items[d].filler.clone()
        {
            carry = Some(filler);
            frame = Some(f);
        }
        carried.push(carry.clone());
        carried_frame.push(frame);
    }
    // Receivers stated per clause (when it states one set of them).
    let stated: Vec<(usize, Vec<Actor>)> = readings
        .iter()
        .enumerate()
        .filter_map(|(ci, r)| {
            let mut found = r
                .matches
                .iter()
                .filter_map(|m| m.recipient)
                .map(|x| items[x].filler.as_ref());
            let first = found.next()??.actors().to_vec();
            found
                .all(|f| f.is_some_and(|f| f.actors() == first))
                .then_some((ci, first))
        })
        .collect();
    // Clauses from the first breakdown on hold items ("其中 X A、Y B").
    let first_items = clauses
        .iter()
        .position(|c| {
            c.items
                .iter()
                .any(|&i| items[i].chunk.is(|w| w == Word::Breakdown))
        })
        .unwrap_or(clauses.len());
    for p in pending.iter_mut() {
        // "两省市安排拉萨资金9.8亿元，其中北京市5.1亿元": an item naming one
        // of the joint givers is that giver's share.
        if let Some(Filler::Places(givers, _)) = p.donor.as_ref().or(carried[p.clause].as_ref())
            && givers.len() > 1
            && !p.recipients.is_empty()
            && p.recipients.iter().all(|r| {
                givers.iter().any(|g| g.code == r.code)
                    && linker.gazetteer.assistance_role(r.code)
                        == Some(crate::gazetteer::AssistanceRole::Donor)
            })
        {
            p.donor = Some(Filler::Places(
                std::mem::take(&mut p.recipients),
                Vec::new(),
            ));
            p.donor_explicit = true;
        }
        // A giver carried from another clause is no giver to itself ("黄南选派
        // 15名干部参加…;落实支援黄南州…资金500万元"): the ladder decides then.
        let to_itself = |f: &Filler| {
            !p.recipients.is_empty()
                && f.actors().iter().all(|g| {
                    p.recipients
                        .iter()
                        .any(|r| ladder::related(linker.gazetteer, g.code, r.code))
                })
        };
        if p.donor.is_none()
            && let Some(f) = carried[p.clause].as_ref().filter(|f| !to_itself(f))
        {
            p.donor = Some(f.clone());
            p.donor_explicit = true;
            // The rule names the frame that stated the giver in its clause.
            if let Some(name) = carried_frame[p.clause].map(|f| linker.frames.rows[f].id.as_str()) {
                if p.rule == "no-frame" {
                    p.rule = name.to_string();
                } else if !p.rule.split('+').any(|part| part == name) {
                    p.rule = format!("{}+{name}", p.rule);
                }
            }
            p.rule.push_str("+sentence-donor");
            p.confidence *= 0.9;
        }
        if p.recipients.is_empty() {
            // A clause with the same giver, or an opening one with none
            // ("In Golog, Shanghai has funded ...").
            let same_giver = |ci: usize| {
                (carried[ci] == p.donor && p.donor.is_some()) || (ci == 0 && carried[ci].is_none())
            };
            // A total takes no receiver from its items; an item none from
            // another; a clause none from a relative clause cut out of it.
            let mut stated_near: Vec<&(usize, Vec<Actor>)> = stated
                .iter()
                .filter(|(ci, _)| {
                    *ci != p.clause
                        && (*ci < first_items || (!p.total && p.clause < first_items))
                        && !clauses[p.clause].holes.contains(&clauses[*ci].span)
                })
                .collect();
            stated_near.sort_by_key(|(ci, _)| (*ci > p.clause, ci.abs_diff(p.clause)));
            let row = discourse
                .row
                .as_ref()
                .map(|(_, r)| r.clone())
                .filter(|_| carried[p.clause].is_some());
            if let Some((_, found)) = stated_near.into_iter().find(|(ci, _)| same_giver(*ci)) {
                p.recipients = found.clone();
                p.rule.push_str("+sentence-recipient");
            } else if let Some(found) = row {
                p.recipients = found;
                p.rule.push_str("+row-recipient");
            }
        }
    }
    carry
}

/// A flow's draft: the ladder fills what is still missing, joint givers
/// leave the donor empty, a giver that is no place makes no event, and a
/// flow the programme's regions say runs backwards is turned round.
fn finish_flow(
    linker: &Linker<'_>,
    span: Span,
    items: &[Item<'_>],
    clause: &Clause,
    discourse: &Discourse,
    mut p: Pending,
    carried: When,
) -> Option<Draft> {
    let places = |it: &Item<'_>| match &it.filler {
        Some(Filler::Places(a, _)) => Some(a.clone()),
        _ => None,
    };
    // The places up to the clause's end come first: a prefix of `named`.
    let so_far = items.partition_point(|it| it.chunk.span.start < clause.span.end);
    let mut named: Vec<Actor> = items[..so_far]
        .iter()
        .filter_map(places)
        .flatten()
        .collect();
    let named_so_far = named.len();
    named.extend(items[so_far..].iter().filter_map(places).flatten());
    let ctx = Context {
        discourse,
        gazetteer: linker.gazetteer,
        flow_anaphor: names_the_money(clause.items.iter().map(|&i| &items[i])),
        implied: implied_region(linker, items, &clause.items)
            .or_else(|| implied_region(linker, items, &(0..items.len()).collect::<Vec<_>>())),
        total: p.total,
        same_paragraph: linker.paragraph_at(span.start) == discourse.paragraph,
        named: &named,
        named_so_far: &named[..named_so_far],
    };
    let joint: Vec<PlaceCode> = co_givers(linker, &p).iter().map(|a| a.code).collect();
    let mut donor = resolve_donor(linker, &ctx, items, &mut p)?;
    // The giver stated last counts only when this paragraph stated it.
    let stated_here = discourse
        .current_donor
        .as_ref()
        .filter(|d| linker.paragraph_at(d.span.start) == linker.paragraph_at(span.start));
    if p.donor_modifier
        && let Some(inner) = donor.as_ref().and_then(|d| {
            giver_within(
                &ctx,
                stated_here,
                d,
                &p.recipients,
                items[p.item].chunk.span,
            )
        })
    {
        donor = Some(inner);
        p.rule.push_str("+giver-within");
    }
    let donor_code = donor.as_ref().map(|d| d.code);
    p.recipients.retain(|r| Some(r.code) != donor_code);
    // Givers acting together, all of giving regions, take the receiver
    // stated for any of them; other joint givers take none.
    let givers = match donor_code {
        Some(code) => Some(vec![code]),
        None if p.rule.contains("+joint") => Some(joint).filter(|j| !j.is_empty()),
        None => Some(Vec::new()),
    };
    if p.recipients.is_empty()
        && let Some(home) = people_of_receiver(linker, items, p.item)
        && Some(home.code) != donor_code
    {
        p.recipients.push(home);
        p.rule.push_str("+people-of");
    }
    if p.recipients.is_empty()
        && let Some(givers) = givers
        && let Some((found, name, factor)) = ladder::recipients(&ctx, &givers)
    {
        p.recipients = found;
        p.rule.push('+');
        p.rule.push_str(name);
        p.confidence *= factor;
    }
    let ChunkKind::Amount { index } = items[p.item].chunk.kind else {
        return None;
    };
    let q = &linker.doc.quantities[index];
    let near: Vec<usize> = clause
        .items
        .iter()
        .copied()
        .filter(|&i| i + 4 >= p.item && i <= p.item + 3)
        .collect();
    let said_after = [relative_after(items, p.item), agent_after(items, p.item)].concat();
    let mut near_cues = cues(items, near.iter().chain(&said_after));
    if near_cues.is_empty() {
        near_cues = cues(items, &total_before(items, clause));
    }
    let mut kind = event_type(q, &near_cues);
    if kind == EventType::Funds
        && (business_worth(linker, items, &near, p.item, &near_cues)
            || firms_clause_before(linker, items, p.item))
    {
        kind = EventType::Investment;
    }
    if p.donor_explicit && !reorient(linker, &ctx, &mut donor, &mut p, &mut kind) {
        return None;
    }
    // A running total without its start ("累计", "so far", "12年来" with no
    // date) started with the relationship the article stated.
    let compared = compared_from(linker, items, p.item);
    let times: &[crate::document::TimeMention] = match compared {
        Some(from) => {
            let cut = linker.doc.times.partition_point(|t| t.span.start < from);
            &linker.doc.times[..cut]
        }
        None => &linker.doc.times,
    };
    let mut holes = clause.relatives.clone();
    holes.extend(items_after(&linker.doc.text, items, p.item, span));
    holes.extend(changed_from(linker, items, p.item));
    holes.extend(later_clauses_when_dated_before(times, clause, span));
    holes.extend(compared_figures(items, p.item, span));
    let mut when = when(times, clause.span, span, q.span, &holes, carried);
    if when.cumulative && !when.is_set() {
        when.since = discourse.relationship_since;
    }
    // In an undated article the count ran back from the latest year written,
    // which is at most the publication year.
    let undated_floor = carried
        .year
        .or_else(|| start_written_before(linker, span))
        .filter(|_| linker.doc.published.is_none());
    settle_counted_start(&mut when, discourse.written_start, undated_floor);
    // A news report of a flow with no time of its own tells what happened
    // around its publication.
    if !when.cumulative && !when.is_set() {
        when.year = discourse.headline_year.or(linker.doc.reference_year);
    }
    Some(Draft {
        kind,
        donor,
        recipients: p.recipients,
        quantity: Some(index),
        when,
        sentence: span,
        anchor: q.span.start,
        confidence: p.confidence,
        rule: p.rule,
    })
}

/// "Ningbo helped 35 Zhejiang companies invest", "西青区…引导21家天津企业落地环县":
/// the province inside the amount only says where the firms are from; the
/// giver is the place inside it that the sentence names before the amount
/// as a giver, else the giver stated last (`stated_here`: in this
/// paragraph); never one of the flow's receivers.
fn giver_within(
    ctx: &Context<'_>,
    stated_here: Option<&Actor>,
    outer: &Actor,
    receivers: &[Actor],
    amount: Span,
) -> Option<Actor> {
    let inside = |a: &Actor| {
        a.code != outer.code
            && ctx.gazetteer.is_ancestor(outer.code, a.code)
            && !receivers.iter().any(|r| r.code == a.code)
    };
    let giver = |a: &Actor| {
        ctx.gazetteer.assistance_role(a.code) == Some(crate::gazetteer::AssistanceRole::Donor)
    };
    ctx.named
        .iter()
        .rfind(|a| a.span.end <= amount.start && inside(a) && giver(a))
        .or(stated_here.filter(|a| inside(a)))
        .cloned()
}

/// The items after the amount at item `a` that are not its own, to the end
/// of the sentence: a breakdown's items and the clauses after a semicolon.
/// Their times are theirs, not the amount's ("“十四五”以来,累计投入53亿元,
/// 其中2024年投入12亿元": the 53亿 is no 2024 flow; "去年…选派386名;今年又有
/// 42名…": 今年 is the 42's).
fn items_after(text: &str, items: &[Item<'_>], a: usize, sentence: Span) -> Option<Span> {
    let semicolon = |it: &Item<'_>| {
        it.chunk.is(|w| w == Word::Break) && matches!(it.chunk.span.of(text).trim(), ";" | "；")
    };
    items[a + 1..]
        .iter()
        .find(|it| it.chunk.is(|w| w == Word::Breakdown) || semicolon(it))
        .map(|it| Span::new(it.chunk.span.start, sentence.end))
}

/// In Chinese a time opens the clause it dates: the clauses after a Chinese
/// amount's are not its time when the sentence dated it before
/// ("2021年，上海市向万州区安排资金6500万元，次年增至7200万元": 次年 is the
/// second amount's).
fn later_clauses_when_dated_before(
    times: &[crate::document::TimeMention],
    clause: &Clause,
    sentence: Span,
) -> Option<Span> {
    let before = Span::new(sentence.start, clause.span.start);
    let dated = times_in(times, before)
        .any(|t| matches!(t.value, TimeValue::Year(_) | TimeValue::Since(_)));
    (clause.chinese && dated).then(|| Span::new(clause.span.end, sentence.end))
}

/// The figures the sentence's other amounts are compared with ("up from 41
/// million yuan in 2022", "compared with 425 million yuan in 2021"), each up
/// to the next amount or comma: the years there are theirs, not the amount's
/// at `amount` ("…, while Futian gave Lingyun 38.5 million yuan").
fn compared_figures(items: &[Item<'_>], amount: usize, sentence: Span) -> Vec<Span> {
    let is_amount = |it: &Item<'_>| matches!(it.chunk.kind, ChunkKind::Amount { .. });
    let compares = |it: &Item<'_>| it.chunk.is(|w| w == Word::Compare);
    (1..items.len())
        .filter(|&k| k != amount && is_amount(&items[k]) && compares(&items[k - 1]))
        .map(|k| {
            let end = items[k + 1..]
                .iter()
                .find(|it| is_amount(it) || it.chunk.is(|w| matches!(w, Word::Comma | Word::Break)))
                .map_or(sentence.end, |it| it.chunk.span.start);
            Span::new(items[k].chunk.span.start, end)
        })
        .collect()
}

/// The start year the sentence before `sentence` wrote, in its paragraph
/// ("the programme initiated in 2002. Over the last eight years ..."): in an
/// undated article a count back runs from no earlier than it.
fn start_written_before(linker: &Linker<'_>, sentence: Span) -> Option<i32> {
    let sentences = &linker.doc.sentences;
    let at = sentences.partition_point(|s| s.span.start < sentence.start);
    let (before, this) = (sentences.get(at.checked_sub(1)?)?, sentences.get(at)?);
    if before.paragraph != this.paragraph {
        return None;
    }
    times_in(&linker.doc.times, before.span)
        .filter_map(|t| match t.value {
            TimeValue::Since(y) => Some(y),
            _ => None,
        })
        .max()
}

/// The donor of a flow, or `None` (the outer option) when the flow is no
/// event: its giver is no place (the state, "各援疆省市"), or nobody gives
/// at all. A place of a giving region listed with places of receiving
/// regions ("苏陕扶贫资金", "鄞州区与册亨县、望谟县") gives to them; other lists
/// give jointly.
fn resolve_donor(
    linker: &Linker<'_>,
    ctx: &Context<'_>,
    items: &[Item<'_>],
    p: &mut Pending,
) -> Option<Option<Actor>> {
    let donor = match p.donor.take() {
        Some(Filler::NoPlace) => return None,
        Some(Filler::Unnamed) => {
            p.rule.push_str("+unnamed-donor");
            None
        }
        Some(Filler::Places(actors, _)) if actors.len() == 1 => actors.into_iter().next(),
        Some(Filler::Places(actors, joiners)) => match orient(linker, &actors, &joiners).as_slice()
        {
            // One giver paired with every other place ("苏陕", "鄞州区与册亨县、望谟县").
            pairs @ [(giver, _), ..]
                if pairs.len() + 1 == actors.len() && pairs.iter().all(|(g, _)| g == giver) =>
            {
                if p.recipients.is_empty() {
                    match pairs {
                        [(_, receiver)] => {
                            let topic = topic_inside(linker, items, p.item, receiver.code);
                            p.recipients.push(topic.unwrap_or_else(|| receiver.clone()));
                        }
                        _ => p.recipients.extend(pairs.iter().map(|(_, r)| r.clone())),
                    }
                }
                p.rule.push_str("+programme-pair");
                Some(giver.clone())
            }
            _ => {
                p.rule.push_str("+joint");
                None
            }
        },
        None => match ladder::donor(ctx) {
            Some((actor, name, factor)) => {
                p.rule.push('+');
                p.rule.push_str(name);
                p.confidence *= factor;
                Some(actor)
            }
            // Nobody gives: a national total, or nothing to record.
            None => return None,
        },
    };
    if donor.as_ref().is_some_and(|d| d.org) {
        p.confidence *= 0.85;
    }
    Some(donor)
}

/// Whether a stated giver lies in a receiving province, or is itself a
/// receiver sending to one giving place (Yanbian, in a giving province, to
/// Ningbo: "Yanbian has sent 1,200 young people to train in Ningbo").
fn receives_in_programme(linker: &Linker<'_>, giver: &Actor, receivers: &[Actor]) -> bool {
    use crate::gazetteer::AssistanceRole::Recipient;
    province_role(linker, giver.code) == Some(Recipient)
        || (linker.gazetteer.assistance_role(giver.code) == Some(Recipient)
            && matches!(receivers, [r] if giving_region(linker, r.code)))
}

/// The role in the national programme of the province a place lies in.
fn province_role(
    linker: &Linker<'_>,
    code: crate::document::PlaceCode,
) -> Option<crate::gazetteer::AssistanceRole> {
    linker
        .gazetteer
        .assistance_role(linker.gazetteer.province_of(code))
}

/// Turns round a flow whose stated giver lies in a receiving province.
/// With a receiver in a giving region ("定西选派干部40名赴福州挂职"), the
/// two swap and people sent become people trained. Without one, people
/// the receiver sends are trained by the article's giver, aid money or
/// projects are the giver's in the receiver's place ("昌都实施援藏项目"),
/// and anything else is the receiver's own spending: no event (`false`).
fn reorient(
    linker: &Linker<'_>,
    ctx: &Context<'_>,
    donor: &mut Option<Actor>,
    p: &mut Pending,
    kind: &mut EventType,
) -> bool {
    let gives = |d: &Actor| {
        !p.recipients.is_empty()
            && p.recipients
                .iter()
                .all(|r| linker.gazetteer.gives_to(d.code, r.code))
    };
    let Some(d) = donor
        .clone()
        .filter(|d| receives_in_programme(linker, d, &p.recipients) && !gives(d))
    else {
        return true;
    };
    let giver_region = |a: &Actor| giving_region(linker, a.code);
    // "拉萨市选派干部赴北京、江苏两地挂职": people sent to several giving
    // places learn there, the receiver's, from givers acting together.
    let turned = if p.recipients.len() == 1 && giver_region(&p.recipients[0]) {
        Some(Some(p.recipients.remove(0)))
    } else if *kind == EventType::Personnel
        && p.recipients.len() > 1
        && p.recipients.iter().all(giver_region)
    {
        Some(None)
    } else if p.recipients.iter().all(|r| !giver_region(r)) {
        let article_giver = ctx
            .discourse
            .topic_donor
            .clone()
            .or_else(|| ctx.discourse.lead_donor.clone())
            .filter(giver_region);
        let aid = ctx.implied.is_some() || *kind == EventType::Personnel;
        article_giver.filter(|_| aid).map(Some)
    } else {
        return true;
    };
    let Some(giver) = turned else {
        return false;
    };
    p.recipients = vec![d];
    *donor = giver;
    p.rule.push_str("+reversed");
    if *kind == EventType::Personnel {
        *kind = EventType::Training;
    }
    true
}

/// The items of a relative clause right after the amount at `at` ("30
/// projects in which Dalian enterprises invested"), up to its comma: what it
/// says of the amount tells its type.
fn relative_after(items: &[Item<'_>], at: usize) -> Vec<usize> {
    let opens = |i: usize| {
        items
            .get(i)
            .is_some_and(|it| it.chunk.is(|w| w == Word::Relative))
    };
    let from = match items.get(at + 1) {
        _ if opens(at + 1) => at + 2,
        Some(it) if it.chunk.is(|w| matches!(w, Word::Prep(_))) && opens(at + 2) => at + 3,
        _ => return Vec::new(),
    };
    (from..items.len())
        .take_while(|&i| {
            !items[i]
                .chunk
                .is(|w| matches!(w, Word::Comma | Word::Break))
        })
        .collect()
}

/// The agent of a passive right after the amount at `at` ("3.4 billion yuan
/// was invested by Beijing-based companies"), up to its comma: who gave
/// tells the type.
fn agent_after(items: &[Item<'_>], at: usize) -> Vec<usize> {
    let is =
        |i: usize, pred: &dyn Fn(Word) -> bool| items.get(i).is_some_and(|it| it.chunk.is(pred));
    if !(is(at + 1, &|w| matches!(w, Word::Verb { .. }))
        && is(at + 2, &|w| w == Word::Prep(Prep::By)))
    {
        return Vec::new();
    }
    (at + 3..items.len().min(at + 5))
        .take_while(|&i| {
            !items[i]
                .chunk
                .is(|w| matches!(w, Word::Comma | Word::Break))
        })
        .collect()
}

/// Whether a project noun names business ventures rather than aid works:
/// "investment projects", "commercial projects", "economic cooperation
/// projects" are what firms bring, typed investment.
fn business_role(role: &str) -> bool {
    let role = role.to_lowercase();
    ["invest", "commercial", "economic cooperation", "business"]
        .iter()
        .any(|w| role.contains(w))
}

/// Whether a money amount at item `money` states what the firms or
/// business projects counted just before it in `near` bring ("35
/// enterprises with a total investment of 4.7 billion yuan", "52 investment
/// projects worth 16.5 billion yuan", "96 enterprises invested 7.9 billion
/// yuan"): no list joiner or clause break stands between the two.
fn business_worth(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    near: &[usize],
    money: usize,
    cues: &[EventType],
) -> bool {
    near.iter().rev().filter(|&&i| i < money).find_map(|&i| {
        let ChunkKind::Amount { index } = items[i].chunk.kind else {
            return None;
        };
        let q = &linker.doc.quantities[index];
        let joined = items[i + 1..money]
            .iter()
            .any(|it| it.chunk.is(|w| matches!(w, Word::Conj | Word::Break)));
        Some(
            !joined
                && q.kind == QuantityKind::Count
                && event_type(q, cues) == EventType::Investment,
        )
    }) == Some(true)
}

/// Whether a money amount at item `money` opens a comma clause that only
/// says what the firms counted in the clause before it invested or brought
/// ("引进企业61家，到位资金53.8亿元", "幫助引進企業136家,累計完成投資190億元",
/// "67 companies have set up factories in Linxia, investing 4.1 billion
/// yuan"): between the comma and the money stand only verbs of giving,
/// nouns, prepositions, cues and times, and the last amount of the clause
/// before the comma is a count of firms or business projects.
fn firms_clause_before(linker: &Linker<'_>, items: &[Item<'_>], money: usize) -> bool {
    let light = |it: &Item<'_>| {
        matches!(it.chunk.kind, ChunkKind::Time { .. })
            || it.chunk.is(|w| {
                matches!(
                    w,
                    Word::Verb {
                        action: Action::Give,
                        ..
                    } | Word::Noun(_)
                        | Word::Prep(_)
                        | Word::Cue(_)
                )
            })
    };
    let Some(comma) = items[..money].iter().rposition(|it| !light(it)) else {
        return false;
    };
    if !items[comma].chunk.is(|w| w == Word::Comma) {
        return false;
    }
    let start = items[..comma]
        .iter()
        .rposition(|it| {
            it.chunk
                .is(|w| matches!(w, Word::Comma | Word::Break | Word::Conj))
        })
        .map_or(0, |i| i + 1);
    let before: Vec<usize> = (start..comma).collect();
    let clause_cues = cues(items, &before);
    before
        .iter()
        .rev()
        .find_map(|&i| match items[i].chunk.kind {
            ChunkKind::Amount { index } => Some(index),
            _ => None,
        })
        .is_some_and(|index| {
            let q = &linker.doc.quantities[index];
            q.kind == QuantityKind::Count && event_type(q, &clause_cues) == EventType::Investment
        })
}

/// Where a later amount of the sentence that the text compares this one
/// with starts ("623 million yuan ..., up from 580 million yuan the previous
/// year", "compared with 425 million yuan in 2022"): an amount in the
/// same unit right after "from" or a comparison, after item
/// `amount`, or a bare figure right after a comparison ("380 cadres ...,
/// up from 352 last year"). The times from there on are the compared
/// amount's, not this one's ("335 teachers from more than 50 colleges ...
/// since 2005" compares nothing).
fn compared_from(linker: &Linker<'_>, items: &[Item<'_>], amount: usize) -> Option<usize> {
    let unit = |i: usize| match items[i].chunk.kind {
        ChunkKind::Amount { index } => Some(&linker.doc.quantities[index].unit),
        _ => None,
    };
    let own = unit(amount)?;
    let text = &linker.doc.text;
    let bare_figure_after = |it: &Item<'_>| {
        it.chunk.is(|w| w == Word::Compare)
            && text[it.chunk.span.end..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
    };
    items
        .iter()
        .enumerate()
        .skip(amount + 1)
        .take_while(|(_, it)| !it.chunk.is(|w| w == Word::Break))
        .find(|&(i, it)| {
            bare_figure_after(it)
                || (unit(i) == Some(own)
                    && items[i - 1]
                        .chunk
                        .is(|w| matches!(w, Word::Prep(Prep::From) | Word::Compare)))
        })
        .map(|(_, it)| it.chunk.span.start)
}

/// Whether a match is a Chinese pairing that names the partner of an
/// item's receiver before its amount ("其中，宜昌市对口支援的温泉县1.2亿元"):
/// the partner gives none of the sentence's money.
fn names_item_partner(linker: &Linker<'_>, clause: &Clause, m: &Match) -> bool {
    let makes = linker.frames.rows[m.frame].makes;
    clause.chinese && makes.pairing && !makes.flow && !m.amounts.is_empty()
}

/// The span from "from" to the amount at `amount` when it is the new
/// value of a change ("from 112 million yuan in 2017 to 310 million yuan",
/// "由2017年的1.12亿元提高到3.1亿元", a time or 的 between the marker and
/// the old value): the times in it are the old value's.
fn changed_from(linker: &Linker<'_>, items: &[Item<'_>], amount: usize) -> Option<Span> {
    let unit = |i: usize| match items[i].chunk.kind {
        ChunkKind::Amount { index } => Some(&linker.doc.quantities[index].unit),
        _ => None,
    };
    let own = unit(amount)?;
    let to = amount.checked_sub(1)?;
    if !items[to].chunk.is(|w| w == Word::Prep(Prep::To)) {
        return None;
    }
    let from = (0..to)
        .rev()
        .take_while(|&i| !items[i].chunk.is(|w| w == Word::Break))
        .find(|&i| unit(i) == Some(own))
        .and_then(|old| {
            let before = (0..old)
                .rev()
                .take_while(|&i| {
                    matches!(items[i].chunk.kind, ChunkKind::Time { .. })
                        || items[i].chunk.is(|w| w == Word::Particle)
                })
                .last()
                .unwrap_or(old);
            // "从2017年" is one time chunk, its "from" inside.
            if linker.doc.text[items[before].chunk.span.start..].starts_with('从') {
                return Some(before);
            }
            let marker = before.checked_sub(1)?;
            items[marker]
                .chunk
                .is(|w| matches!(w, Word::Prep(Prep::From | Prep::By)))
                .then_some(marker)
        })?;
    Some(Span::new(
        items[from].chunk.span.start,
        items[amount].chunk.span.start,
    ))
}

/// Whether a flow runs against the programme: its giver's region receives
/// and its one receiver's region gives.
fn reversed(linker: &Linker<'_>, donor: Option<&Actor>, recipients: &[Actor]) -> bool {
    use crate::gazetteer::AssistanceRole::{Donor, Recipient};
    let role = |a: &Actor| linker.gazetteer.assistance_role(a.code);
    matches!((donor, recipients), (Some(d), [r]) if role(d) == Some(Recipient) && role(r) == Some(Donor))
}

/// The event type of an amount given the cue words near it.
fn event_type(q: &QuantityMention, cues: &[EventType]) -> EventType {
    let investment = cues.contains(&EventType::Investment);
    let training = cues.contains(&EventType::Training);
    match q.kind {
        QuantityKind::Money if investment => EventType::Investment,
        QuantityKind::Money => EventType::Funds,
        QuantityKind::Count => match q.noun_class.as_deref() {
            Some("personnel") if training => EventType::Training,
            Some("personnel") => EventType::Personnel,
            Some("trainee") => EventType::Training,
            Some("beneficiary") if training => EventType::Training,
            Some("project" | "facility")
                if investment || q.role.as_deref().is_some_and(business_role) =>
            {
                EventType::Investment
            }
            Some("project" | "facility") => EventType::Projects,
            Some("enterprise") => EventType::Investment,
            _ => EventType::Beneficiaries,
        },
    }
}

/// Orients the parties of a symmetric statement ("the cooperation between
/// X and Y", "闽宁协作", "X与Y结对"): a place whose region gives in the
/// national programme gives; in a list of pairs ("X and Y, Z and W") each
/// pair stands alone.
fn orient(linker: &Linker<'_>, parties: &[Actor], joiners: &[Joiner]) -> Vec<(Actor, Actor)> {
    use crate::gazetteer::AssistanceRole::{Donor, Recipient};
    let role = |a: &Actor| linker.gazetteer.assistance_role(a.code);
    // The side whose region gives, gives; two givers or two receivers
    // ("上海、广东") state no pairing with each other.
    let gives = |a: &Actor, b: &Actor| linker.gazetteer.gives_to(a.code, b.code);
    let pair = |a: &Actor, b: &Actor| match (role(a), role(b)) {
        _ if gives(a, b) => Some((a.clone(), b.clone())),
        _ if gives(b, a) => Some((b.clone(), a.clone())),
        (x, y) if x == y && x.is_some() => None,
        (_, Some(Donor)) | (Some(Recipient), _) => Some((b.clone(), a.clone())),
        _ => Some((a.clone(), b.clone())),
    };
    match parties {
        [a, b] => pair(a, b).into_iter().collect(),
        _ if parties.len().is_multiple_of(2)
            && joiners
                .iter()
                .enumerate()
                .all(|(i, j)| (*j == Joiner::And) == (i % 2 == 0)) =>
        {
            parties
                .chunks(2)
                .filter_map(|p| pair(&p[0], &p[1]))
                .collect()
        }
        _ => {
            let givers: Vec<&Actor> = parties.iter().filter(|a| role(a) == Some(Donor)).collect();
            match givers.as_slice() {
                [giver] => parties
                    .iter()
                    .filter(|a| a.code != giver.code && role(a) == Some(Recipient))
                    .map(|a| ((*giver).clone(), a.clone()))
                    .collect(),
                _ => Vec::new(),
            }
        }
    }
}

/// Pairing events: from frames that state a relationship, and from flow
/// frames that name both sides in a clause with no amount ("X has provided
/// assistance to Y"). Joint givers pair each with the receivers.
#[allow(clippy::too_many_arguments)]
fn pairings(
    linker: &Linker<'_>,
    span: Span,
    items: &[Item<'_>],
    clauses: &[Clause],
    readings: &[Reading],
    carry: Option<&Filler>,
    discourse: &mut Discourse,
    drafts: &mut Vec<Draft>,
) {
    for (ci, r) in readings.iter().enumerate() {
        let clause = &clauses[ci];
        let has = |pred: &dyn Fn(&Item<'_>) -> bool| clause.items.iter().any(|&i| pred(&items[i]));
        let has_amount = has(&|it| {
            matches!(it.chunk.kind, ChunkKind::Amount { .. }) && !linker.is_duration(it.chunk)
        });
        let respectively = has(&|it| it.chunk.is(|w| w == Word::Respectively));
        for m in &r.matches {
            let frame = &linker.frames.rows[m.frame];
            if clause.source || !(frame.makes.pairing || (frame.makes.flow && !has_amount)) {
                continue;
            }
            let (pairs, donor_frame) =
                match_pairs(linker, items, readings, ci, m, carry, respectively);
            // "Dongcheng has paired with Zhidoi, while Huangpu works with
            // Maqen": a clause that names both sides of its pairing takes no
            // giver from another clause.
            if m.donor.is_none() && m.parties.is_empty() && states_both_sides(linker, r) {
                continue;
            }
            let rule = match donor_frame.filter(|&f| f != m.frame) {
                Some(f) => format!("{}+{}", frame.id, linker.frames.rows[f].id),
                None => frame.id.clone(),
            };
            // A pairing runs the programme's way: a receiving region stated
            // as giving to a giving region is turned round.
            let pairs: Vec<(Actor, Actor)> = pairs
                .into_iter()
                .filter(|(g, r)| !ladder::related(linker.gazetteer, g.code, r.code))
                .map(|(g, r)| {
                    if reversed(linker, Some(&g), std::slice::from_ref(&r)) {
                        (r, g)
                    } else {
                        (g, r)
                    }
                })
                .collect();
            // Each giver is stated once with all its receivers here; not
            // the partner named before an item's amount ("其中，沈阳市对口
            // 支援的聂荣县1.2亿元"), which gives no money of the sentence.
            let partner = names_item_partner(linker, clause, m);
            let mut givers: Vec<&Actor> = Vec::new();
            for (g, _) in &pairs {
                if !givers.iter().any(|x| x.code == g.code) {
                    givers.push(g);
                }
            }
            for g in givers.into_iter().filter(|_| !partner) {
                let receivers: Vec<Actor> = pairs
                    .iter()
                    .filter(|(x, _)| x.code == g.code)
                    .map(|(_, r)| r.clone())
                    .collect();
                discourse.state(Some(g), &receivers);
            }
            for (giver, receiver) in pairs {
                let when = when(
                    &linker.doc.times,
                    clause.span,
                    span,
                    Span::new(clause.span.start, clause.span.start),
                    &clause.relatives,
                    When::default(),
                );
                discourse.relationship_since =
                    discourse.relationship_since.or(when.since.or(when.year));
                if !when.counted {
                    discourse.written_start = discourse.written_start.or(when.since);
                }
                drafts.push(Draft {
                    kind: EventType::Pairing,
                    anchor: receiver.span.start.max(span.start),
                    donor: Some(giver),
                    recipients: vec![receiver],
                    quantity: None,
                    when,
                    sentence: span,
                    confidence: frame.confidence,
                    rule: rule.clone(),
                });
            }
        }
    }
}

/// Whether a frame of the clause states a pairing naming both its sides.
fn states_both_sides(linker: &Linker<'_>, r: &Reading) -> bool {
    r.matches
        .iter()
        .any(|m| m.parties.len() > 1 && linker.frames.rows[m.frame].makes.pairing)
}

/// The giver → receiver pairs one match states, and the frame that named
/// the giver when another clause of the sentence did ("湖南省从1995年开始,
/// 对口支援西藏山南地区").
fn match_pairs(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    readings: &[Reading],
    ci: usize,
    m: &Match,
    carry: Option<&Filler>,
    respectively: bool,
) -> (Vec<(Actor, Actor)>, Option<usize>) {
    // "A and B have paired with C and D respectively": side by side.
    if let [left, right] = m.parties.as_slice()
        && respectively
        && let (Some(Filler::Places(l, _)), Some(Filler::Places(r, _))) =
            (&items[*left].filler, &items[*right].filler)
        && l.len() == r.len()
        && l.len() > 1
    {
        let pairs = l
            .iter()
            .zip(r)
            .filter_map(|(a, b)| orient(linker, &[a.clone(), b.clone()], &[Joiner::And]).pop())
            .collect();
        return (pairs, None);
    }
    // "Zhejiang paired with Nanbu, Qingchuan and Guang'an": one with each.
    if let [left, right] = m.parties.as_slice()
        && let (Some(Filler::Places(l, _)), Some(Filler::Places(r, _))) =
            (&items[*left].filler, &items[*right].filler)
        && (l.len() == 1) != (r.len() == 1)
    {
        let (one, many) = if l.len() == 1 { (&l[0], r) } else { (&r[0], l) };
        let pairs = many
            .iter()
            .filter_map(|x| orient(linker, &[one.clone(), x.clone()], &[Joiner::And]).pop())
            .collect();
        return (pairs, None);
    }
    if !m.parties.is_empty() {
        let mut parties = Vec::new();
        let mut joiners = Vec::new();
        for &p in &m.parties {
            if let Some(Filler::Places(a, j)) = &items[p].filler {
                if !parties.is_empty() {
                    joiners.push(Joiner::And);
                }
                parties.extend(a.iter().cloned());
                joiners.extend(j.iter().copied());
            }
        }
        return (orient(linker, &parties, &joiners), None);
    }
    let (donor, donor_frame) = match m.donor.and_then(|d| items[d].filler.clone()) {
        Some(f) => (Some(f), None),
        None => match carried_donor(readings, items, ci) {
            Some((f, frame)) => (Some(f), Some(frame)),
            None => (carry.cloned(), None),
        },
    };
    let recipients = m.recipient.and_then(|x| items[x].filler.clone());
    let (Some(Filler::Places(d, _)), Some(Filler::Places(rs, _))) = (donor, recipients) else {
        return (Vec::new(), donor_frame);
    };
    let pairs = if respectively && d.len() == rs.len() && d.len() > 1 {
        d.into_iter().zip(rs).collect()
    } else {
        d.iter()
            .flat_map(|g| rs.iter().map(|x| (g.clone(), x.clone())))
            .collect()
    };
    (pairs, donor_frame)
}

/// The giver stated in an earlier clause of the sentence, with its frame.
fn carried_donor(readings: &[Reading], items: &[Item<'_>], ci: usize) -> Option<(Filler, usize)> {
    readings[..ci].iter().rev().find_map(|r| {
        r.donor
            .and_then(|(d, f)| Some((items[d].filler.clone()?, f)))
    })
}

/// Tells the discourse what the sentence stated: its explicit givers and
/// receivers, the places it named, things it put in places, its time, and
/// whether it opened a table row or a list of items. With `keeps_total`
/// (the items of a breakdown), "the money" goes on meaning the total's
/// receivers.
fn remember(
    linker: &Linker<'_>,
    span: Span,
    items: &[Item<'_>],
    clauses: &[Clause],
    readings: &[Reading],
    discourse: &mut Discourse,
    keeps_total: bool,
) {
    let doc = linker.doc;
    let mut last_donor: Option<Actor> = None;
    // The giver and receivers in force when a breakdown's items open: the
    // total's, which the next sentence goes on with.
    let mut before_items = None;
    for (ci, r) in readings.iter().enumerate() {
        if before_items.is_none()
            && clauses[ci]
                .items
                .iter()
                .any(|&i| items[i].chunk.is(|w| w == Word::Breakdown))
        {
            before_items = Some((
                discourse.current_donor.clone(),
                discourse.current_recipient.clone(),
            ));
        }
        if clauses[ci].source {
            continue;
        }
        let single = |i: Option<(usize, usize)>| match i.and_then(|(x, _)| items[x].filler.as_ref())
        {
            Some(Filler::Places(a, _)) if a.len() == 1 && !a[0].org => Some(a[0].clone()),
            _ => None,
        };
        // A clause that names both sides of its pairing ("..., while
        // Yichang is paired with Chanang") takes no giver from the clause
        // before it.
        let carries = r.donor.is_none() && !states_both_sides(linker, r);
        let donor = single(r.donor).or_else(|| last_donor.clone().filter(|_| carries));
        let recipients: Vec<Actor> = r
            .recipient
            .or_else(|| {
                r.matches
                    .iter()
                    .find_map(|m| m.recipient.map(|x| (x, m.frame)))
            })
            .and_then(|(x, _)| items[x].filler.as_ref())
            .map(|f| f.actors().to_vec())
            .unwrap_or_default();
        // A receiver sending its people to its giver, or spending its own
        // money, states no new giver; a receiver that also gives does, to
        // the region it gives to (Chongqing to Qamdo).
        let receiver_gives = donor.as_ref().is_some_and(|d| {
            receives_in_programme(linker, d, &recipients)
                && !recipients
                    .iter()
                    .any(|r| linker.gazetteer.gives_to(d.code, r.code))
        });
        if reversed(linker, donor.as_ref(), &recipients) || receiver_gives {
            continue;
        }
        if donor.is_some() || !recipients.is_empty() {
            discourse.state(donor.as_ref(), &recipients);
            if !recipients.is_empty() && !keeps_total {
                discourse.last_flow_recipients = recipients;
                discourse.last_flow_donor = donor.clone();
            }
        }
        if r.donor.is_some() {
            last_donor = donor;
        }
    }
    if let Some((donor, recipients)) = before_items {
        (discourse.current_donor, discourse.current_recipient) = (donor, recipients);
    }
    discourse.topic_of_last = lone_giving_subject(linker, items, readings);
    discourse.named(
        items
            .iter()
            .filter_map(|it| match &it.chunk.kind {
                ChunkKind::Places { .. } => it.filler.as_ref(),
                _ => None,
            })
            .flat_map(|f| f.actors().iter().map(|a| a.code).collect::<Vec<_>>()),
    );
    let chunks: Vec<&crate::stage::chunk::Chunk> = items.iter().map(|it| it.chunk).collect();
    discourse.remember_entities(doc, span, &chunks, linker.lexicon);
    remember_time_and_layout(linker, span, items, readings, discourse);
}

/// "Among the donors, Guangdong has been one of the largest. It has
/// channeled ...": a sentence no frame reads, whose one place is a giving
/// place standing bare (no preposition, no "'s"), is about that giver;
/// "It" next means it.
fn lone_giving_subject(
    linker: &Linker<'_>,
    items: &[Item<'_>],
    readings: &[Reading],
) -> Option<Actor> {
    if readings.iter().any(|r| !r.matches.is_empty()) {
        return None;
    }
    let mut places = items
        .iter()
        .filter(|it| matches!(it.chunk.kind, ChunkKind::Places { .. }));
    let (it, None) = (places.next()?, places.next()) else {
        return None;
    };
    let Some(Filler::Places(actors, _)) = &it.filler else {
        return None;
    };
    let text = &linker.doc.text;
    let possessive = text[it.chunk.span.end..].starts_with(['\'', '’']);
    match actors.as_slice() {
        [a] if it.chunk.governor.is_none()
            && !a.org
            && !possessive
            && linker.gazetteer.assistance_role(a.code)
                == Some(crate::gazetteer::AssistanceRole::Donor) =>
        {
            Some(a.clone())
        }
        _ => None,
    }
}

/// The time, table-row and open-list state a sentence leaves.
fn remember_time_and_layout(
    linker: &Linker<'_>,
    span: Span,
    items: &[Item<'_>],
    readings: &[Reading],
    discourse: &mut Discourse,
) {
    let stated = when(
        &linker.doc.times,
        span,
        span,
        Span::new(span.start, span.start),
        &[],
        When::default(),
    );
    let paragraph = Some(linker.paragraph_at(span.start).unwrap_or(0));
    if stated.is_set() {
        discourse.year = stated.year;
        discourse.since = stated.since;
    } else {
        if discourse.paragraph != paragraph {
            discourse.year = None;
        }
        if readings.iter().any(|r| r.donor.is_some()) {
            discourse.since = None;
        }
    }
    let frame_id = |m: &Match| linker.frames.rows[m.frame].id.as_str();
    let row_match = readings
        .iter()
        .flat_map(|r| &r.matches)
        .find(|m| frame_id(m).starts_with("table-"));
    discourse.row = match row_match {
        Some(m) if frame_id(m) == "table-row" => {
            let one = |i: Option<usize>| {
                i.and_then(|x| items[x].filler.as_ref())
                    .and_then(|f| f.actors().first().cloned())
            };
            one(m.donor).map(|d| (d, one(m.recipient).into_iter().collect()))
        }
        Some(m) => {
            let mut row = discourse.row.take();
            if let (Some((_, list)), Some(x)) = (&mut row, m.recipient) {
                list.extend(items[x].filler.iter().flat_map(|f| f.actors().to_vec()));
            }
            row
        }
        None => None,
    };
    // "其中:" at the end of a line opens items on the following lines.
    let ends_open = items.len() >= 2
        && items[items.len() - 1].chunk.is(|w| w == Word::Colon)
        && items[items.len() - 2].chunk.is(|w| w == Word::Breakdown);
    let item_line = readings
        .iter()
        .flat_map(|r| &r.matches)
        .any(|m| frame_id(m) == "zh-item");
    if ends_open {
        discourse.open_breakdown = discourse.current_donor.clone();
    } else if !item_line {
        discourse.open_breakdown = None;
    }
}
