//! Places: find every gazetteer name in the text (leftmost-longest, at word
//! boundaries, written as a name), set aside person and organisation names,
//! and resolve each name to one division with the reason it was chosen.
//! Chinese short names and province abbreviations, which need context,
//! have their own submodules.

mod abbreviations;
mod short_names;

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Document, OrganizationMention, PlaceCode, PlaceMention, Span};
use crate::gazetteer::{Gazetteer, Level};
use crate::token::{char_after, char_before};

/// A name matched in the text, before resolution.
#[derive(Debug, Clone)]
struct RawMatch {
    span: Span,
    pattern: usize,
}

/// Generic words that may follow a name ("Min county"), which make a bare
/// syllable a place name rather than a person's given name.
const GENERIC_WORDS: &[&str] = &[
    "county",
    "city",
    "district",
    "prefecture",
    "province",
    "region",
    "league",
    "banner",
    "municipality",
    "township",
    "town",
    "village",
    "autonomous",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Compass words that open English glosses of names ("southern Guizhou").
const COMPASS_WORDS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];

/// Whether the match is written as a name: at word boundaries (Latin names)
/// and capitalized.
fn written_as_name(text: &str, span: Span) -> bool {
    let first = match char_after(text, span.start) {
        Some(c) => c,
        None => return false,
    };
    if is_cjk(first) {
        return true;
    }
    // "southeastern Guizhou": a compass word glossing a name (黔东南).
    let compass = COMPASS_WORDS.iter().any(|w| {
        span.of(text)
            .strip_prefix(w)
            .is_some_and(|rest| rest.starts_with(' '))
    });
    if !first.is_uppercase() && !compass {
        return false;
    }
    let before_ok = char_before(text, span.start).is_none_or(|c| !is_word_char(c));
    let after_ok = char_after(text, span.end).is_none_or(|c| !is_word_char(c));
    before_ok && after_ok
}

/// The word (ASCII letters) that ends right before `pos`, skipping one space.
fn previous_word(text: &str, pos: usize) -> Option<&str> {
    let head = text[..pos].strip_suffix(' ')?;
    let start = head
        .rfind(|c: char| !c.is_ascii_alphabetic())
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &head[start..];
    (!word.is_empty()).then_some(word)
}

fn next_word(text: &str, pos: usize) -> &str {
    let tail = text[pos..].trim_start_matches(' ');
    let end = tail
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(tail.len());
    &tail[..end]
}

/// Part of a person's name, not a place: a single capitalized word right
/// after a common surname ("Wang Linhu"), or a surname right before a
/// capitalized given name ("Li Xiaomin").
fn is_person_name(text: &str, span: Span, gazetteer: &Gazetteer) -> bool {
    let mention = span.of(text);
    if mention.contains(' ') || !mention.is_ascii() {
        return false;
    }
    let next = next_word(text, span.end);
    if GENERIC_WORDS.contains(&next.to_ascii_lowercase().as_str()) {
        return false;
    }
    let after_surname = previous_word(text, span.start).is_some_and(|w| gazetteer.is_surname(w));
    let before_given_name = gazetteer.is_surname(mention)
        && text[span.end..].starts_with(' ')
        && next.starts_with(|c: char| c.is_ascii_uppercase());
    after_surname || before_given_name
}

/// Finds every alias written as a name, leftmost-longest; when the longest
/// alias at a position is not written as a name, shorter ones are tried.
fn find_raw(doc: &Document, gazetteer: &Gazetteer) -> Vec<RawMatch> {
    let text = doc.text.as_str();
    let lower = text.to_ascii_lowercase();
    let matcher = gazetteer.matcher();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = matcher.find_from(&lower, pos) else {
            break;
        };
        let mut candidate = Some(m);
        let mut accepted = None;
        // Retry shorter aliases at the same start.
        while let Some(name) = candidate {
            let span = Span::new(name.start, name.end);
            if written_as_name(text, span) && !is_person_name(text, span, gazetteer) {
                accepted = Some(RawMatch {
                    span,
                    pattern: name.pattern,
                });
                break;
            }
            candidate = matcher.longest_prefix(&lower, name.start, name.end - 1);
        }
        match accepted {
            Some(raw) => {
                pos = raw.span.end;
                if !doc.is_skipped(raw.span.start) {
                    out.push(raw);
                }
            }
            None => pos = m.start + char_after(text, m.start).map_or(1, char::len_utf8),
        }
    }
    out
}

/// Organisation names that start with a place name: the place, then up to
/// four capitalized words or further places, then a suffix such as
/// "University", "Industrial Park" or "Co".
fn find_organizations(
    text: &str,
    raws: &[RawMatch],
    gazetteer: &Gazetteer,
) -> Vec<OrganizationMention> {
    let mut out: Vec<OrganizationMention> = Vec::new();
    for raw in raws {
        if out.last().is_some_and(|o| o.span.end > raw.span.start) {
            continue;
        }
        let mut pos = raw.span.end;
        for _ in 0..5 {
            let rest = &text[pos..];
            let Some(sep) = rest.chars().next().filter(|c| *c == ' ' || *c == '-') else {
                break;
            };
            let after = &rest[sep.len_utf8()..];
            let suffix = gazetteer.organization_suffixes().iter().find(|s| {
                after.len() >= s.len()
                    && after.is_char_boundary(s.len())
                    && after[..s.len()].eq_ignore_ascii_case(s)
                    && after.starts_with(|c: char| c.is_uppercase())
                    && after[s.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            if let Some(suffix) = suffix {
                let end = pos + sep.len_utf8() + suffix.len();
                out.push(OrganizationMention {
                    span: Span::new(raw.span.start, end),
                    rule: suffix.clone(),
                });
                break;
            }
            // Skip one capitalized word (or bracketed word) and go on.
            let word_len = after
                .find([' ', ',', '.', ';', '\n'])
                .unwrap_or(after.len());
            let word = &after[..word_len];
            if word.is_empty() || !word.starts_with(|c: char| c.is_uppercase() || c == '(') {
                break;
            }
            pos += sep.len_utf8() + word_len;
        }
    }
    out
}

/// Words after a name that make it a geographic feature or a street, not
/// the division ("Taihu Lake", "Qinghai-Tibet Plateau", "Yan'an Road").
const FEATURE_WORDS: &[&str] = &[
    "lake",
    "river",
    "river's",
    "mountain",
    "mountains",
    "range",
    "glacier",
    "basin",
    "plateau",
    "desert",
    "grassland",
    "grasslands",
    "prairie",
    "reservoir",
    "road",
    "street",
    "avenue",
    "bridge",
    "railway",
    "highway",
    "expressway",
];

/// Bare names that are also English words or the names of lakes and
/// mountains ("Guide", "Taihu", "Tianshan"): they are kept only with their
/// generic word or when the article names another place in the same province.
const NEEDS_SUPPORT: &[&str] = &[
    "guide", "bole", "aral", "manas", "ulan", "taihu", "tianshan", "qilian", "hongze", "weishan",
    "kunlun", "amdo", "emeishan",
];

/// What may stand between a container and the name it qualifies when the
/// container comes first ("Jiangsu's Taizhou", "the Jiangsu city of Suzhou").
static QUALIFIER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:'s|’s)?\s+(?:(?:(?:county-level |prefecture-level )?city|county|prefecture|district|town) of\s+)?$",
    )
    .expect("valid regex")
});

/// ... and when it comes after ("Pingshan County of Sichuan Province",
/// "Suzhou in east China's Anhui province", "Pingshan, a county in Sichuan",
/// "Suzhou (Anhui)").
static QUALIFIER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\s+(?:city|county|prefecture|district))?(?:\s*,\s*|\s*\(\s*|(?:\s*,\s*(?:an?|the)\s+(?:[a-z-]+\s+){0,3}|\s+)(?:in|of)\s+(?:the\s+)?(?:[a-z-]+\s+)?)(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west|central)(?:ern)?\s+China(?:'s|’s)\s+)?$",
    )
    .expect("valid regex")
});

/// The next word after `pos`, lower-cased, skipping spaces.
fn next_word_lower(text: &str, pos: usize) -> String {
    let tail = text[pos..].trim_start_matches(' ');
    let end = tail
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '\'' || c == '’'))
        .unwrap_or(tail.len());
    tail[..end].to_ascii_lowercase()
}

/// Whether the name is followed by a feature word, directly or through a
/// hyphenated chain of names ("Qinghai-Tibet Plateau").
fn followed_by_feature(text: &str, end: usize) -> bool {
    let mut pos = end;
    loop {
        let rest = &text[pos..];
        if let Some(after) = rest.strip_prefix('-') {
            let len = after
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(after.len());
            if len == 0 || !after.starts_with(|c: char| c.is_uppercase()) {
                return false;
            }
            pos += 1 + len;
            continue;
        }
        if !rest.starts_with(' ') {
            return false;
        }
        let next = &rest[1..];
        if !next.starts_with(|c: char| c.is_uppercase()) {
            return false;
        }
        return FEATURE_WORDS.contains(&next_word_lower(text, pos).as_str());
    }
}

/// Whether a Chinese name lies inside a longer word of
/// `short_name_guards.tsv` (白银 in 真金白银 "real money").
fn inside_guard(text: &str, span: Span, gazetteer: &Gazetteer) -> bool {
    text[span.start..].starts_with(is_cjk)
        && gazetteer
            .chinese()
            .guards_near(text, span.start, span.end)
            .iter()
            .any(|&(s, e)| s <= span.start && span.end <= e && e - s > span.end - span.start)
}

/// Division suffixes a full Chinese name ends with: after one, 镇 starts a
/// new name (阿克苏市镇…) rather than making the name a town's.
const CHINESE_DIVISION_ENDS: &[char] = &['省', '市', '县', '縣', '区', '區', '州', '盟', '旗'];

/// Whether a bare Chinese name is a town's or a subdistrict's (塔城镇 is a
/// town of Weixi county, not Tacheng prefecture): 镇 or 街道 follows it and
/// no other name starts there (商洛镇安县 is Shangluo, then Zhen'an).
fn names_a_town(text: &str, span: Span, starts: &[usize]) -> bool {
    let name = &text[span.start..span.end];
    name.starts_with(is_cjk)
        && !name.ends_with(CHINESE_DIVISION_ENDS)
        && !name.ends_with("地区")
        && ["镇", "鎮", "街道"]
            .iter()
            .any(|w| text[span.end..].starts_with(w))
        && !starts.contains(&span.end)
}

/// Drops names used as features or streets, names of towns, names inside a
/// longer Chinese word, and bare false friends that the rest of the article
/// does not support.
fn drop_non_places(doc: &Document, raws: Vec<RawMatch>, gazetteer: &Gazetteer) -> Vec<RawMatch> {
    let text = doc.text.as_str();
    let starts: Vec<usize> = raws.iter().map(|raw| raw.span.start).collect();
    let keep: Vec<bool> = raws
        .iter()
        .map(|raw| {
            !followed_by_feature(text, raw.span.end)
                && !names_a_town(text, raw.span, &starts)
                && !inside_guard(text, raw.span, gazetteer)
        })
        .collect();
    let provinces: Vec<(&str, Vec<PlaceCode>)> = raws
        .iter()
        .enumerate()
        .filter(|(i, _)| keep[*i])
        .map(|(_, r)| {
            let mut p: Vec<PlaceCode> = gazetteer
                .alias_codes(r.pattern)
                .iter()
                .map(|&c| gazetteer.province_of(c))
                .collect();
            p.dedup();
            (gazetteer.alias_text(r.pattern), p)
        })
        .collect();
    raws.into_iter()
        .enumerate()
        .filter(|(i, raw)| {
            if !keep[*i] {
                return false;
            }
            let alias = gazetteer.alias_text(raw.pattern);
            if !NEEDS_SUPPORT.contains(&alias) {
                return true;
            }
            let own: Vec<PlaceCode> = gazetteer
                .alias_codes(raw.pattern)
                .iter()
                .map(|&c| gazetteer.province_of(c))
                .collect();
            let generic = GENERIC_WORDS.contains(&next_word_lower(text, raw.span.end).as_str());
            generic
                || provinces
                    .iter()
                    .any(|(a, ps)| *a != alias && ps.iter().any(|p| own.contains(p)))
        })
        .map(|(_, raw)| raw)
        .collect()
}

/// A candidate's support from the places named elsewhere in the article
/// (each distinct place with the number of times it is named).
fn support(gazetteer: &Gazetteer, known: &[Known], c: PlaceCode) -> usize {
    let lineage_of_c = gazetteer.lineage(c);
    known
        .iter()
        .map(|u| {
            u.times
                * if u.code == c {
                    3
                } else if u.nests_with(c, lineage_of_c) {
                    2
                } else if gazetteer.province_of(u.code) == gazetteer.province_of(c) {
                    1
                } else {
                    0
                }
        })
        .sum()
}

/// A place the article names for sure, how often, and what resolution
/// asks of it: its parent and grandparent, and whether it is a prefecture.
struct Known {
    code: PlaceCode,
    times: usize,
    lineage: [PlaceCode; 2],
    prefecture: bool,
}

impl Known {
    /// Whether candidate `c` (with `lineage_of_c`) contains this place, or
    /// this place is a prefecture containing `c`.
    fn nests_with(&self, c: PlaceCode, lineage_of_c: [PlaceCode; 2]) -> bool {
        self.lineage.contains(&c) || (self.prefecture && lineage_of_c.contains(&self.code))
    }
}

/// The nearest neighbouring name that contains one candidate and is joined
/// to this one by a qualifier pattern ("Sichuan's Pingshan", "Suzhou in
/// east China's Anhui province").
fn qualifier(
    text: &str,
    raws: &[RawMatch],
    i: usize,
    candidates: &[PlaceCode],
    gazetteer: &Gazetteer,
) -> Option<PlaceCode> {
    let raw = &raws[i];
    let mut best: Option<(usize, PlaceCode)> = None;
    let mut consider = |j: usize| -> bool {
        let other = &raws[j];
        let (gap, before) = if j < i {
            (Span::new(other.span.end, raw.span.start), true)
        } else {
            (Span::new(raw.span.end, other.span.start), false)
        };
        let gap_text = gap.of(text);
        if gap_text.len() > 64 || gap_text.contains(['.', '\n', ';', '。', '!', '?']) {
            return false;
        }
        let pattern_ok = if before {
            QUALIFIER_BEFORE.is_match(gap_text)
        } else {
            QUALIFIER_AFTER.is_match(gap_text)
        };
        let container = gazetteer.alias_codes(other.pattern);
        // A gloss in brackets names the same division ("Suzhou (苏州)").
        if !before
            && gap_text.trim() == "("
            && let [same] = container
            && candidates.contains(same)
        {
            best = Some((0, *same));
            return true;
        }
        // The name as the container of the next one ("Suzhou's Kunshan").
        if !before
            && QUALIFIER_BEFORE.is_match(gap_text)
            && gap_text.contains(['\'', '’', 'o'])
            && let [inner] = container
            && let Some(&c) = candidates
                .iter()
                .find(|&&c| gazetteer.is_ancestor(c, *inner))
            && best.is_none_or(|(d, _)| gap_text.len() < d)
        {
            best = Some((gap_text.len(), c));
        }
        if pattern_ok {
            let list_after = !before && {
                let tail = &text[other.span.end..];
                gap_text.trim() == ","
                    && (tail.starts_with(',') || tail.trim_start().starts_with("and "))
            };
            if !list_after
                && let Some(&c) = candidates
                    .iter()
                    .find(|&&c| container.iter().any(|&a| gazetteer.is_ancestor(a, c)))
                && best.is_none_or(|(d, _)| gap_text.len() < d)
            {
                best = Some((gap_text.len(), c));
            }
        }
        true
    };
    for j in (i.saturating_sub(3)..i).rev() {
        if !consider(j) {
            break;
        }
    }
    for j in i + 1..(i + 4).min(raws.len()) {
        if !consider(j) {
            break;
        }
    }
    best.map(|(_, c)| c)
}

/// Plural nouns of county-level divisions that close a list of names.
const COUNTY_PLURALS: &[&str] = &["districts", "counties"];

/// Whether raw `i` stands in a list of names closed by a plural county
/// noun ("Heping, Hexi, Nankai and Hebei districts", "Linxia and Kangle
/// counties"): each name of the list is then a county-level division.
fn in_county_list(text: &str, raws: &[RawMatch], i: usize) -> bool {
    let mut j = i;
    loop {
        let end = raws[j].span.end;
        let tail = text[end..].strip_prefix(' ').unwrap_or("");
        if COUNTY_PLURALS.iter().any(|p| {
            tail.get(..p.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(p))
        }) {
            return true;
        }
        let Some(next) = raws.get(j + 1) else {
            return false;
        };
        if !matches!(
            text.get(end..next.span.start),
            Some(", " | " and " | ", and ")
        ) {
            return false;
        }
        j += 1;
    }
}

/// The places named by more than their short name ("Dongxiang county"):
/// (match index, code, short name), in text order.
fn named_in_full<'g>(
    raws: &[RawMatch],
    gazetteer: &'g Gazetteer,
) -> Vec<(usize, PlaceCode, &'g str)> {
    raws.iter()
        .enumerate()
        .filter_map(|(i, r)| match gazetteer.alias_codes(r.pattern) {
            [only] => Some((i, *only, gazetteer.place(*only)?.name.as_str()))
                .filter(|(_, _, name)| *name != gazetteer.alias_text(r.pattern)),
            _ => None,
        })
        .collect()
}

/// For the bare name `alias` at match `i` (the name of `only`): another
/// place whose short name it is, named in full before ("Dongxiang county
/// ... invested in Dongxiang": not Jiangxi's Dongxiang district).
fn named_in_full_before(
    in_full: &[(usize, PlaceCode, &str)],
    i: usize,
    only: PlaceCode,
    alias: &str,
) -> Option<PlaceCode> {
    in_full
        .iter()
        .take_while(|(j, _, _)| *j < i)
        .filter(|(_, code, name)| *code != only && name.eq_ignore_ascii_case(alias))
        .last()
        .map(|(_, code, _)| *code)
}

/// Resolves each raw match to one division: a qualifier next to it, then a
/// prefecture over its seat of the same name, then the article's other
/// places, then prominence, then level.
fn resolve(
    doc: &Document,
    raws: &[RawMatch],
    gazetteer: &Gazetteer,
) -> Vec<(PlaceCode, &'static str, f32)> {
    let text = doc.text.as_str();
    let qualified: Vec<Option<PlaceCode>> = raws
        .iter()
        .enumerate()
        .map(|(i, r)| match gazetteer.alias_codes(r.pattern) {
            [_] => None,
            candidates => qualifier(text, raws, i, candidates, gazetteer),
        })
        .collect();
    // Places the article names for sure: unambiguous names and names settled
    // by a qualifier.
    let mut known: Vec<PlaceCode> = raws
        .iter()
        .zip(&qualified)
        .filter_map(|(r, q)| match gazetteer.alias_codes(r.pattern) {
            [only] => Some(*only),
            _ => *q,
        })
        .collect();
    // Articles name the same places again and again: vote once per place.
    known.sort_unstable();
    let known: Vec<Known> = known
        .chunk_by(|a, b| a == b)
        .map(|run| Known {
            code: run[0],
            times: run.len(),
            lineage: gazetteer.lineage(run[0]),
            prefecture: gazetteer
                .place(run[0])
                .is_some_and(|p| p.level == Level::Prefecture),
        })
        .collect();
    let in_full = named_in_full(raws, gazetteer);
    raws.iter()
        .zip(&qualified)
        .enumerate()
        .map(|(i, (raw, q))| {
            let all = gazetteer.alias_codes(raw.pattern);
            if let [only] = all {
                let alias = gazetteer.alias_text(raw.pattern);
                return match named_in_full_before(&in_full, i, *only, alias) {
                    Some(code) => (code, "same-name-earlier", 0.8),
                    None => (*only, "unique", 1.0),
                };
            }
            if let Some(c) = q {
                return (*c, "qualifier", 0.95);
            }
            let county = |c: &&PlaceCode| {
                gazetteer
                    .place(**c)
                    .is_some_and(|p| p.level == Level::County)
            };
            if in_county_list(text, raws, i)
                && let [c] = all.iter().filter(county).collect::<Vec<_>>()[..]
            {
                return (*c, "county-list", 0.85);
            }
            // The same name settled by a qualifier earlier in the article
            // ("Taizhou in neighboring Zhejiang province. That Taizhou, ...").
            let alias = gazetteer.alias_text(raw.pattern);
            if let Some(c) = raws[..i]
                .iter()
                .zip(&qualified[..i])
                .rev()
                .find_map(|(r, q)| q.filter(|_| gazetteer.alias_text(r.pattern) == alias))
            {
                return (c, "same-name-earlier", 0.8);
            }
            // A prefecture and its seat (or another county inside it) that
            // share the name: the prefecture, unless the article names the
            // seat itself.
            let candidates: Vec<PlaceCode> = all
                .iter()
                .copied()
                .filter(|&c| {
                    !all.iter().any(|&a| gazetteer.is_ancestor(a, c))
                        || known.iter().any(|u| u.code == c)
                })
                .collect();
            if let [only] = candidates[..] {
                return (only, "prefecture-over-seat", 0.85);
            }
            // The article's other places vote: the division itself named
            // elsewhere counts most, then its subdivisions, then places in
            // its province ("Kashgar" after "Kashgar prefecture" and its counties).
            let supports: Vec<(usize, PlaceCode)> = candidates
                .iter()
                .map(|&c| (support(gazetteer, &known, c), c))
                .collect();
            let best = supports
                .iter()
                .copied()
                .max_by_key(|&(n, c)| (n, std::cmp::Reverse(c)));
            // A province's own name ("Xinjiang", "Henan", "Hebei") keeps the
            // province unless the article names the other division, its
            // subdivisions or its prefecture: a mere mention of the other
            // division's province is not enough.
            let province = candidates.iter().copied().find(|&c| {
                gazetteer
                    .place(c)
                    .is_some_and(|p| p.level == Level::Province)
            });
            if let Some(p) = province {
                let strong = |c: PlaceCode| {
                    let lineage_of_c = gazetteer.lineage(c);
                    known
                        .iter()
                        .any(|u| u.code == c || u.nests_with(c, lineage_of_c))
                };
                if !candidates.iter().any(|&c| c != p && strong(c)) {
                    let reason = if best.is_some_and(|(n, _)| n > 0) {
                        "province-name"
                    } else {
                        "level"
                    };
                    return (p, reason, 0.8);
                }
            }
            if let Some((n, c)) = best
                && n > 0
                && supports.iter().filter(|&&(m, _)| m == n).count() == 1
            {
                return (c, "article-context", 0.85);
            }
            if let Some(c) = gazetteer
                .preferred(alias)
                .filter(|c| candidates.contains(c))
            {
                return (c, "prominence", 0.6);
            }
            let c = *candidates
                .iter()
                .min_by_key(|&&c| (gazetteer.place(c).map(|p| p.level), c))
                .expect("an alias denotes at least one division");
            (c, "level", 0.5)
        })
        .collect()
}

/// Whether the Levenshtein distance of two ASCII words is at most 1.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() <= 1,
        1 => {
            let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

/// The first ASCII uppercase letter of `bytes` at or after `from`, eight
/// bytes at a time: a word of eight bytes holds one when a byte lies
/// strictly between `@` and `[` (the bit trick "hasbetween", exact for
/// every byte value).
fn next_uppercase(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = u64::MAX / 255;
    const HIGH: u64 = LOW * 128;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let seven = x & (LOW * 127);
        let between = (LOW * (127 + u64::from(b'['))).wrapping_sub(seven)
            & !x
            & seven.wrapping_add(LOW * (127 - u64::from(b'@')))
            & HIGH;
        if between != 0 {
            return Some(at + between.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    bytes[at.min(bytes.len())..]
        .iter()
        .position(u8::is_ascii_uppercase)
        .map(|k| at + k)
}

/// The capitalized words of `text` of at least `min` letters: maximal runs
/// of ASCII letters, the first uppercase and no other. Each is found from
/// its first letter, so lowercase text is passed over in one scan.
fn capitalized_words(text: &str, min: usize) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = next_uppercase(bytes, at)?;
            let rest = &bytes[start + 1..];
            let end = start
                + 1
                + rest
                    .iter()
                    .position(|b| !b.is_ascii_alphabetic())
                    .unwrap_or(rest.len());
            at = end;
            let word = &bytes[start..end];
            if (start == 0 || !bytes[start - 1].is_ascii_alphabetic())
                && word.len() >= min
                && !word[1..].iter().any(u8::is_ascii_uppercase)
            {
                return Some(Span::new(start, end));
            }
        }
    })
}

/// Misspelt names ("Delinghua" for Delingha): a capitalized word that is no
/// place, at least 6 letters, one edit away from a one-word place name the
/// same article writes exactly. It takes that name's division.
fn find_fuzzy(
    doc: &Document,
    raws: &[RawMatch],
    resolved: &[(PlaceCode, &'static str, f32)],
    gazetteer: &Gazetteer,
) -> Vec<PlaceMention> {
    let text = doc.text.as_str();
    let mut names: Vec<(String, PlaceCode)> = Vec::new();
    for (raw, (code, _, _)) in raws.iter().zip(resolved) {
        let mut m = raw.span.of(text);
        if let Some((head, tail)) = m.rsplit_once(' ')
            && GENERIC_WORDS.contains(&tail.to_ascii_lowercase().as_str())
        {
            m = head;
        }
        if m.len() >= 6 && m.chars().all(|c| c.is_ascii_alphabetic()) {
            let lower = m.to_ascii_lowercase();
            if !names.iter().any(|(n, _)| *n == lower) {
                names.push((lower, *code));
            }
        }
    }
    let mut out = Vec::new();
    if names.is_empty() {
        return out;
    }
    let mut next_raw = 0;
    for span in capitalized_words(text, 6) {
        let (start, word) = (span.start, span.of(text));
        // Names are sorted and disjoint: skip those that end before the word.
        while next_raw < raws.len() && raws[next_raw].span.end <= start {
            next_raw += 1;
        }
        if raws.get(next_raw).is_some_and(|r| r.span.overlaps(span))
            || doc.is_skipped(start)
            || gazetteer.is_surname(word)
            || previous_word(text, start).is_some_and(|w| gazetteer.is_surname(w))
            || !written_as_name(text, span)
        {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        let hits: Vec<PlaceCode> = names
            .iter()
            .filter(|(n, _)| {
                *n != lower
                    && within_one_edit(n.as_bytes(), lower.as_bytes())
                    // Plurals ("the two Suzhous") are not misspellings.
                    && lower.strip_suffix('s') != Some(n.as_str())
            })
            .map(|(_, c)| *c)
            .collect();
        if let [code] = hits[..] {
            out.push(PlaceMention {
                span,
                code,
                candidates: vec![code],
                reason: "fuzzy",
                confidence: 0.6,
                in_organization: false,
            });
        }
    }
    out
}

/// Adds the `places` and `organizations` layers to `doc`.
pub fn find(doc: &mut Document, gazetteer: &Gazetteer) {
    let raws = find_raw(doc, gazetteer);
    let raws = drop_non_places(doc, raws, gazetteer);
    let organizations = find_organizations(&doc.text, &raws, gazetteer);
    let resolved = resolve(doc, &raws, gazetteer);
    let fuzzy = find_fuzzy(doc, &raws, &resolved, gazetteer);
    let mut places: Vec<PlaceMention> = raws
        .iter()
        .zip(resolved)
        .map(|(raw, (code, reason, confidence))| {
            let mut candidates = gazetteer.alias_codes(raw.pattern).to_vec();
            // A bare name read as a place named in full before is one of its readings.
            if !candidates.contains(&code) {
                candidates.push(code);
                candidates.sort_unstable();
            }
            PlaceMention {
                span: raw.span,
                code,
                candidates,
                reason,
                confidence,
                in_organization: organizations.iter().any(|o| o.span.contains(raw.span)),
            }
        })
        .collect();
    if !fuzzy.is_empty() {
        places.extend(fuzzy);
        places.sort_by_key(|p| p.span);
    }
    // Short names and abbreviations are Chinese only: English text skips them.
    if crate::token::may_hold_han(&doc.text) && doc.text.chars().any(is_cjk) {
        short_names::find(doc, &mut places, gazetteer);
        let abbreviations = abbreviations::find(doc, &places, gazetteer);
        places.extend(abbreviations);
        places.sort_by_key(|p| p.span);
    }
    doc.places = places;
    doc.organizations = organizations;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_uppercase_finds_what_a_byte_by_byte_scan_finds() {
        let naive = |b: &[u8], from: usize| {
            b[from..]
                .iter()
                .position(u8::is_ascii_uppercase)
                .map(|k| from + k)
        };
        // Every byte value, at every offset within and past a word of eight.
        for value in 0..=255u8 {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 21];
                bytes[at] = value;
                bytes[20] = b'Z';
                for from in [0, 3, at] {
                    assert_eq!(
                        next_uppercase(&bytes, from),
                        naive(&bytes, from),
                        "{value} at {at}"
                    );
                }
            }
        }
        assert_eq!(next_uppercase(b"abc", 3), None);
        assert_eq!(next_uppercase("été Ürümqi Hami".as_bytes(), 0), Some(15));
    }
}
