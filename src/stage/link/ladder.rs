//! The fallbacks: what fills a role that neither a frame of the clause nor
//! the rest of the sentence filled, as one named, ordered list per role.
//! Each rung lowers the event's confidence and appends its name to the
//! event's `rule`. Rungs read only the discourse state, which only frames
//! write: a fallback never feeds another.

use crate::document::PlaceCode;
use crate::gazetteer::Gazetteer;

use super::Actor;
use super::discourse::Discourse;

/// Where a fallback looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rung {
    /// The giver or the receivers of the last flow, when the clause says
    /// "the money".
    FlowAnaphor,
    /// The region a word like 援疆 names (or the recipient inside it).
    ImpliedRegion,
    /// The giver, or the giver's receivers, stated last in this paragraph.
    Current,
    /// The giver stated last, in an earlier paragraph.
    Previous,
    /// The giver's one stated counterpart.
    Counterpart,
    /// The article's main giver or receiver.
    Topic,
    /// The giver or receiver the headline and lead name.
    Lead,
}

/// The donor fallbacks, in order: name (appended to `rule`) and confidence factor.
pub const DONOR_LADDER: [(Rung, &str, f64); 5] = [
    (Rung::FlowAnaphor, "flow-anaphor-donor", 0.9),
    (Rung::Current, "current-donor", 0.8),
    (Rung::Topic, "topic-donor", 0.65),
    (Rung::Lead, "lead-donor", 0.55),
    (Rung::Previous, "previous-donor", 0.55),
];

/// The recipient fallbacks, in order.
pub const RECIPIENT_LADDER: [(Rung, &str, f64); 6] = [
    (Rung::FlowAnaphor, "flow-anaphor", 0.9),
    (Rung::ImpliedRegion, "implied-recipient", 0.9),
    (Rung::Current, "current-recipient", 0.85),
    (Rung::Counterpart, "counterpart", 0.8),
    (Rung::Topic, "topic-recipient", 0.75),
    (Rung::Lead, "lead-recipient", 0.7),
];

/// What the fallbacks may read for one amount.
pub struct Context<'a> {
    /// The discourse state before this sentence.
    pub discourse: &'a Discourse,
    /// The gazetteer, for containment.
    pub gazetteer: &'a Gazetteer,
    /// Whether the clause says "the money", "the funds".
    pub flow_anaphor: bool,
    /// The region a noun of the clause names (援疆 → Xinjiang).
    pub implied: Option<PlaceCode>,
    /// Whether the amount is a total whose items follow: only the region
    /// its noun names, or one holding every place named, can be its
    /// receiver then.
    pub total: bool,
    /// Whether the sentence is in the paragraph of the last one.
    pub same_paragraph: bool,
    /// The places the sentence names, for the receiver inside an implied
    /// region ("在西藏昌都 ... 援藏").
    pub named: &'a [Actor],
    /// The places the sentence names up to the end of the amount's clause
    /// (a later clause's, ", while 30 teachers arrived in Bainang", are not
    /// where this amount went).
    pub named_so_far: &'a [Actor],
}

/// Whether two places are the same or one contains the other.
pub fn related(gazetteer: &Gazetteer, a: PlaceCode, b: PlaceCode) -> bool {
    a == b || gazetteer.is_ancestor(a, b) || gazetteer.is_ancestor(b, a)
}

fn within(gazetteer: &Gazetteer, region: PlaceCode, code: PlaceCode) -> bool {
    region == code || gazetteer.is_ancestor(region, code)
}

/// The first donor rung that gives a donor.
pub fn donor(ctx: &Context<'_>) -> Option<(Actor, &'static str, f64)> {
    DONOR_LADDER.iter().find_map(|&(rung, name, factor)| {
        let actor = match rung {
            Rung::FlowAnaphor if ctx.flow_anaphor => ctx.discourse.last_flow_donor.clone(),
            Rung::Current if ctx.same_paragraph => ctx.discourse.current_donor.clone(),
            Rung::Previous => ctx.discourse.current_donor.clone(),
            Rung::Topic => ctx.discourse.topic_donor.clone(),
            Rung::Lead => ctx.discourse.lead_donor.clone(),
            Rung::Current | Rung::FlowAnaphor | Rung::ImpliedRegion | Rung::Counterpart => None,
        }?;
        // 援疆 names the receiving region: a giver inside it is no giver here.
        if ctx
            .implied
            .is_some_and(|r| within(ctx.gazetteer, r, actor.code))
        {
            return None;
        }
        Some((actor, name, factor))
    })
}

/// Whether `found` contains every place the sentence names besides the
/// givers (and it names some), each of its places or a list of them.
fn holds_all(ctx: &Context<'_>, found: &[Actor], givers: &[PlaceCode]) -> bool {
    // The giver's own districts give the items ("其中，集美区向积石山县投入
    // 1.36亿元"): only the places outside the givers must lie inside.
    let named = ctx
        .named
        .iter()
        .filter(|n| !givers.iter().any(|&g| within(ctx.gazetteer, g, n.code)));
    let inside = |f: &Actor, n: &Actor| n.code != f.code && within(ctx.gazetteer, f.code, n.code);
    named.clone().next().is_some()
        && (found.iter().all(|f| named.clone().all(|n| inside(f, n)))
            // A list of receivers the items are members of ("Across the
            // four counties ... of which 420 million yuan goes to Yarkant").
            || (found.len() > 1
                && named
                    .clone()
                    .all(|n| found.iter().any(|f| f.code == n.code || inside(f, n)))))
}

/// The first recipient rung that gives recipients for `givers` (one donor,
/// givers acting together, or none known).
pub fn recipients(
    ctx: &Context<'_>,
    givers: &[PlaceCode],
) -> Option<(Vec<Actor>, &'static str, f64)> {
    let d = ctx.discourse;
    // A giver stated before for this one: itself, or, for a giver with no
    // counterpart of its own, the province or city it is part of
    // ("Guangdong helps Nyingchi. ... Foshan donated 12 million yuan").
    let of_donor = |giver: PlaceCode| {
        givers.iter().any(|&g| {
            g == giver || (!d.counterparts.contains_key(&g) && ctx.gazetteer.is_ancestor(giver, g))
        })
    };
    RECIPIENT_LADDER.iter().find_map(|&(rung, name, factor)| {
        let found: Vec<Actor> = match rung {
            Rung::FlowAnaphor if ctx.flow_anaphor => d.last_flow_recipients.clone(),
            Rung::FlowAnaphor => return None,
            Rung::ImpliedRegion => {
                let region = ctx.implied?;
                let inside = |r: &[Actor]| r.iter().all(|a| within(ctx.gazetteer, region, a.code));
                let named: Vec<Actor> = ctx
                    .named
                    .iter()
                    // A total's items name several places: none is its receiver.
                    .filter(|a| {
                        !ctx.total && a.code != region && within(ctx.gazetteer, region, a.code)
                    })
                    .take(1)
                    .cloned()
                    .collect();
                // The giver's own counterparts before the article's topic
                // ("河北省对口支援A、B，陕西省对口支援C、D。…陕西省安排2.9亿元").
                let counterparts = match givers {
                    [one] => d
                        .counterparts
                        .get(one)
                        .map(|l| l.iter().map(|&c| Actor::named(c)).collect::<Vec<_>>()),
                    _ => None,
                };
                let topic = d.topic_recipient.clone().filter(|r| inside(r));
                let own = match (topic, counterparts.filter(|r| inside(r))) {
                    // The topic, as named in the text, when it is the giver's.
                    (Some(t), Some(o)) if t.iter().all(|a| o.iter().any(|x| x.code == a.code)) => {
                        Some(t)
                    }
                    (t, o) => o.or(t),
                };
                let known = match d.current_recipient.as_ref().filter(|(g, _)| of_donor(*g)) {
                    Some((_, r)) => Some(r.clone()).filter(|r| inside(r)),
                    None => own,
                };
                Some(named)
                    .filter(|n| !n.is_empty())
                    .or(known)
                    .unwrap_or_else(|| vec![Actor::named(region)])
            }
            Rung::Current | Rung::Previous => d
                .current_recipient
                .as_ref()
                .filter(|(g, _)| of_donor(*g))?
                .1
                .clone(),
            Rung::Counterpart => {
                let [donor] = givers else {
                    return None;
                };
                let list = d.counterparts.get(donor)?;
                match list.as_slice() {
                    [one] => vec![Actor::named(*one)],
                    _ => return None,
                }
            }
            Rung::Topic => {
                d.topic_donor.as_ref().filter(|t| of_donor(t.code))?;
                d.topic_recipient.clone()?
            }
            // The lead's receiver, when the lead names this giver or none
            // ("Financial aid will cut Shifang rebuild time").
            Rung::Lead => {
                if d.lead_donor.as_ref().is_some_and(|t| !of_donor(t.code)) {
                    return None;
                }
                d.lead_recipient.clone()?
            }
        };
        let found: Vec<Actor> = found
            .into_iter()
            .filter(|a| givers.iter().all(|&g| !related(ctx.gazetteer, a.code, g)))
            .collect();
        let found = match rung {
            Rung::FlowAnaphor | Rung::ImpliedRegion => found,
            _ => narrowed(ctx, found),
        };
        // A total over items takes a receiver only from the region its noun
        // names, or one that holds every place its sentence names ("it has
        // allocated A, of which B went to Li county and C to Wen county").
        if ctx.total && rung != Rung::ImpliedRegion && !holds_all(ctx, &found, givers) {
            return None;
        }
        (!found.is_empty()).then_some((found, name, factor))
    })
}

/// A receiver carried from before, narrowed to the one place its sentence
/// names inside it, by the amount's clause or before ("Tianjin supports
/// Qira, Keriya and Niya. ... 23 companies from Tianjin have opened
/// workshops in Keriya county": Keriya; "Across Bijie, Guangzhou invested"
/// after Guizhou: Bijie). A total keeps what it carried: its items name
/// the places inside it.
fn narrowed(ctx: &Context<'_>, found: Vec<Actor>) -> Vec<Actor> {
    let inside: Vec<&Actor> = ctx
        .named
        .iter()
        .filter(|n| found.iter().any(|f| within(ctx.gazetteer, f.code, n.code)))
        .collect();
    let Some(one) = inside.first() else {
        return found;
    };
    // Several places of it named (the carried place itself among them),
    // the one carried place named again, or one named only in a later
    // clause: it stands.
    let one_place = inside.iter().all(|n| n.code == one.code);
    let again = matches!(found.as_slice(), [f] if f.code == one.code);
    let so_far = ctx.named_so_far.iter().any(|n| n.code == one.code);
    if ctx.total || !one_place || again || !so_far {
        return found;
    }
    vec![(*one).clone()]
}
