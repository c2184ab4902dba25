//! Bare Chinese county short names (莎车 for 莎车县, 胶州 for 胶州市). Chinese
//! has no spaces, so a short name fires inside ordinary words (乡村振兴);
//! it counts as a place only where the context says so.

use crate::document::{Document, PlaceCode, PlaceMention, Span};
use crate::gazetteer::{AliasSet, ChineseContext, CountNoun, Gazetteer, Level};

use super::is_cjk;

/// The longest short name looked up, in characters (塔什库尔干 has 5).
const MAX_CHARS: usize = 8;

/// A short name in the text, before its context is weighed.
struct Candidate {
    span: Span,
    codes: Vec<PlaceCode>,
}

/// One name of the article in text order: a place already found (index
/// into the places) or a short-name candidate (index into the candidates).
#[derive(Clone, Copy)]
enum Item {
    Place(usize),
    Candidate(usize),
}

/// What the article around the short names holds.
struct Scene<'a> {
    text: &'a str,
    places: &'a [PlaceMention],
    candidates: Vec<Candidate>,
    items: Vec<Item>,
    /// For each item, the first and last item of the list it stands in.
    lists: Vec<(usize, usize)>,
    /// The codes of the places found (outside organisations), sorted.
    named: Vec<PlaceCode>,
    /// The parents of the county-level places found, sorted.
    named_parents: Vec<PlaceCode>,
    gazetteer: &'a Gazetteer,
}

/// How a short name was accepted: the reason recorded and its confidence.
type Verdict = (PlaceCode, &'static str, f32);

/// The longest short name that starts at `pos` and ends by `limit`.
fn longest_at(text: &str, pos: usize, limit: usize, short: &AliasSet) -> Option<(usize, usize)> {
    let mut ends = [0; MAX_CHARS];
    let mut count = 0;
    for (i, c) in text[pos..limit].char_indices().take(MAX_CHARS) {
        if !is_cjk(c) {
            break;
        }
        ends[count] = pos + i + c.len_utf8();
        count += 1;
        // Most positions start no short name: one look-up settles them.
        if count == 2 && !short.has_prefix(&text[pos..ends[1]]) {
            return None;
        }
    }
    ends[..count]
        .iter()
        .skip(1)
        .rev()
        .find_map(|&end| short.position(&text[pos..end]).map(|p| (end, p)))
}

/// Short names outside the places found and outside boilerplate, the
/// longest at each start, leftmost first and not overlapping.
fn find_candidates(
    doc: &Document,
    places: &[PlaceMention],
    gazetteer: &Gazetteer,
) -> Vec<Candidate> {
    let (text, short) = (doc.text.as_str(), gazetteer.matcher().short_forms());
    let mut out: Vec<Candidate> = Vec::new();
    let mut next_place = 0;
    for (pos, c) in text.char_indices() {
        while next_place < places.len() && places[next_place].span.end <= pos {
            next_place += 1;
        }
        let limit = places.get(next_place).map_or(text.len(), |p| p.span.start);
        let free = out.last().is_none_or(|last| last.span.end <= pos);
        if !is_cjk(c) || limit <= pos || !free || doc.is_skipped(pos) {
            continue;
        }
        if let Some((end, pattern)) = longest_at(text, pos, limit, short) {
            out.push(Candidate {
                span: Span::new(pos, end),
                codes: short.codes(pattern).to_vec(),
            });
        }
    }
    out
}

impl<'a> Scene<'a> {
    fn new(doc: &'a Document, places: &'a [PlaceMention], gazetteer: &'a Gazetteer) -> Scene<'a> {
        let candidates = find_candidates(doc, places, gazetteer);
        let mut items: Vec<Item> = (0..places.len())
            .map(Item::Place)
            .chain((0..candidates.len()).map(Item::Candidate))
            .collect();
        let span = |item: &Item| match *item {
            Item::Place(i) => places[i].span,
            Item::Candidate(i) => candidates[i].span,
        };
        items.sort_by_key(span);
        let is_county = |c: PlaceCode| gazetteer.place(c).is_some_and(|p| p.level == Level::County);
        let mut named: Vec<PlaceCode> = places
            .iter()
            .filter(|p| !p.in_organization)
            .map(|p| p.code)
            .collect();
        named.sort_unstable();
        named.dedup();
        let mut named_parents: Vec<PlaceCode> = named
            .iter()
            .filter(|&&c| is_county(c))
            .map(|&c| gazetteer.lineage(c)[0])
            .collect();
        named_parents.sort_unstable();
        named_parents.dedup();
        let mut scene = Scene {
            text: &doc.text,
            places,
            candidates,
            items,
            lists: Vec::new(),
            named,
            named_parents,
            gazetteer,
        };
        scene.lists = scene.find_lists();
        scene
    }

    fn span(&self, item: Item) -> Span {
        match item {
            Item::Place(i) => self.places[i].span,
            Item::Candidate(i) => self.candidates[i].span,
        }
    }

    /// The codes an item may denote: a place's code, a candidate's codes.
    fn codes(&self, item: Item) -> &[PlaceCode] {
        match item {
            Item::Place(i) => std::slice::from_ref(&self.places[i].code),
            Item::Candidate(i) => &self.candidates[i].codes,
        }
    }

    fn chinese(&self) -> &ChineseContext {
        self.gazetteer.chinese()
    }

    /// Runs of items joined by list separators (莎车、泽普和叶城): for each
    /// item, the first and last item of its run.
    fn find_lists(&self) -> Vec<(usize, usize)> {
        let mut lists = Vec::with_capacity(self.items.len());
        let mut first = 0;
        for i in 0..self.items.len() {
            let joined = i > 0 && {
                let gap = Span::new(
                    self.span(self.items[i - 1]).end,
                    self.span(self.items[i]).start,
                );
                gap.start <= gap.end && self.chinese().is_separator(gap.of(self.text))
            };
            if !joined {
                first = i;
            }
            lists.push((first, i));
        }
        // Each item's run ends where the next item is no longer joined.
        for i in (0..lists.len().saturating_sub(1)).rev() {
            if lists[i + 1].0 == lists[i].0 {
                lists[i].1 = lists[i + 1].1;
            }
        }
        lists
    }

    /// The count of divisions right after the list item `i` stands in (等四县).
    fn count_after_list(&self, i: usize) -> Option<CountNoun> {
        let last = self.lists[i].1;
        let end = self.span(self.items[last]).end;
        self.chinese().count_after(&self.text[end..])
    }

    /// The other items of item `i`'s list.
    fn list_mates(&self, i: usize) -> impl Iterator<Item = Item> + '_ {
        let (first, last) = self.lists[i];
        (first..=last)
            .filter(move |&j| j != i)
            .map(|j| self.items[j])
    }
}

/// The codes of `codes` that `keep` holds for, if that leaves exactly one.
fn only(codes: &[PlaceCode], keep: impl Fn(PlaceCode) -> bool) -> Option<PlaceCode> {
    let mut kept = codes.iter().copied().filter(|&c| keep(c));
    match (kept.next(), kept.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

impl Scene<'_> {
    /// Right after a place that contains it, with at most a link word
    /// between (日喀则市萨迦, 山南地区的贡嘎, 青岛胶州).
    fn after_parent(&self, i: usize, codes: &[PlaceCode]) -> Option<PlaceCode> {
        let Item::Place(p) = *self.items.get(i.checked_sub(1)?)? else {
            return None;
        };
        let parent = &self.places[p];
        let gap = Span::new(parent.span.end, self.span(self.items[i]).start);
        if !self.chinese().is_link(gap.of(self.text)) {
            return None;
        }
        only(codes, |c| self.gazetteer.is_ancestor(parent.code, c))
    }

    /// In a list with a place of the same province (莎车、泽普; 青岛、胶州).
    fn listed_with_neighbour(&self, i: usize, codes: &[PlaceCode]) -> Option<PlaceCode> {
        let provinces: Vec<PlaceCode> = self
            .list_mates(i)
            .flat_map(|m| self.codes(m).iter().map(|&c| self.gazetteer.province_of(c)))
            .collect();
        only(codes, |c| {
            provinces.contains(&self.gazetteer.province_of(c))
        })
    }

    /// The article names the place itself, its parent or a sibling county.
    fn named_in_article(&self, codes: &[PlaceCode]) -> Option<PlaceCode> {
        let named = |c: PlaceCode| {
            let [parent, _] = self.gazetteer.lineage(c);
            self.named.binary_search(&c).is_ok()
                || self.named.binary_search(&parent).is_ok()
                || self.named_parents.binary_search(&parent).is_ok()
        };
        only(codes, named)
    }

    /// Whether the article names a place in `c`'s province.
    fn names_province_of(&self, c: PlaceCode) -> bool {
        let province = self.gazetteer.province_of(c);
        self.named
            .iter()
            .any(|&p| self.gazetteer.province_of(p) == province)
    }

    /// One reading for a short name in a list closed by a count: the one
    /// its list-mates or the article support, or the only one.
    fn counted(&self, i: usize, codes: &[PlaceCode]) -> Option<PlaceCode> {
        match codes {
            [only] => Some(*only),
            _ => self
                .listed_with_neighbour(i, codes)
                .or_else(|| self.named_in_article(codes)),
        }
    }

    /// Whether a guard word covers the candidate: `Some(true)` when the
    /// guard is longer than the name (都安排), `Some(false)` when it is the
    /// name itself (比如), `None` without a guard.
    fn guard(&self, span: Span) -> Option<bool> {
        let guards: Vec<(usize, usize)> = self
            .chinese()
            .guards_near(self.text, span.start, span.end)
            .into_iter()
            .filter(|&(s, e)| s <= span.start && span.end <= e)
            .collect();
        let longer = guards.iter().any(|&(s, e)| e - s > span.end - span.start);
        (!guards.is_empty()).then_some(longer)
    }

    /// The verdict on candidate item `i`, in order of the evidence's strength.
    fn judge(&self, i: usize, candidate: &Candidate) -> Option<Verdict> {
        let codes = candidate.codes.as_slice();
        let guard = self.guard(candidate.span);
        if guard == Some(true)
            || self
                .chinese()
                .feature_after(&self.text[candidate.span.end..])
        {
            return None;
        }
        if let Some(c) = self.after_parent(i, codes) {
            return Some((c, "short-name-parent", 0.9));
        }
        if self.count_after_list(i).is_some()
            && self.lists[i].0 != self.lists[i].1
            && let Some(c) = self.counted(i, codes)
        {
            return Some((c, "short-name-count", 0.85));
        }
        if guard.is_some() {
            return None;
        }
        if let Some(c) = self.listed_with_neighbour(i, codes) {
            return Some((c, "short-name-list", 0.8));
        }
        if let Some(c) = self.named_in_article(codes) {
            return Some((c, "short-name-article", 0.75));
        }
        // A name unique nationally, in an article that names its province:
        // without the province, short names in ordinary prose (山城, 会同,
        // 和政 in 党委和政府) are mostly words.
        match codes {
            [c] if self.names_province_of(*c) => Some((*c, "short-name-unique", 0.7)),
            _ => None,
        }
    }
}

/// The county reading of a place in a list closed by a count of counties
/// (那曲 in 那曲、比如、嘉黎三县 is the county, not the city): one of its
/// candidates, or the short form of the same text.
fn county_reading(scene: &Scene, i: usize, place: &PlaceMention) -> Option<PlaceCode> {
    let gazetteer = scene.gazetteer;
    let is_county = |c: PlaceCode| gazetteer.place(c).is_some_and(|p| p.level == Level::County);
    if is_county(place.code) {
        return None;
    }
    let short = gazetteer.matcher().short_forms();
    let from_short = short
        .position(place.span.of(scene.text))
        .map_or(&[][..], |p| short.codes(p));
    let counties: Vec<PlaceCode> = place
        .candidates
        .iter()
        .chain(from_short)
        .copied()
        .filter(|&c| is_county(c))
        .collect();
    match counties[..] {
        [only] => Some(only),
        _ => scene.listed_with_neighbour(i, &counties),
    }
}

/// Adds the short names the context allows to `places` (sorted by span),
/// and reads places in a list closed by a count of counties as counties.
pub(super) fn find(doc: &Document, places: &mut Vec<PlaceMention>, gazetteer: &Gazetteer) {
    let scene = Scene::new(doc, places, gazetteer);
    let mut found = Vec::new();
    let mut recounted = Vec::new();
    for (i, &item) in scene.items.iter().enumerate() {
        match item {
            Item::Candidate(k) => {
                let candidate = &scene.candidates[k];
                if let Some((code, reason, confidence)) = scene.judge(i, candidate) {
                    found.push(PlaceMention {
                        span: candidate.span,
                        code,
                        candidates: candidate.codes.clone(),
                        reason,
                        confidence,
                        in_organization: false,
                    });
                }
            }
            Item::Place(p) if scene.count_after_list(i) == Some(CountNoun::County) => {
                if let Some(code) = county_reading(&scene, i, &places[p]) {
                    recounted.push((p, code));
                }
            }
            Item::Place(_) => {}
        }
    }
    for (p, code) in recounted {
        let place = &mut places[p];
        if !place.candidates.contains(&code) {
            place.candidates.push(code);
        }
        (place.code, place.reason, place.confidence) = (code, "county-list", 0.85);
    }
    places.extend(found);
    places.sort_by_key(|p| p.span);
}
