//! Places: find every gazetteer name in the text (leftmost-longest, at word
//! boundaries, written as a name), set aside person and organisation names,
//! and resolve each name to one division with the reason it was chosen.

use aho_corasick::Input;

use crate::document::{Document, OrganizationMention, PlaceCode, PlaceMention, Span};
use crate::gazetteer::Gazetteer;

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

fn char_before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn char_after(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

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
    if !first.is_uppercase() {
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
    let matcher = gazetteer.matcher();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = matcher.find(Input::new(text).range(pos..)) else {
            break;
        };
        let mut end = m.end();
        let mut accepted = None;
        // Retry shorter aliases anchored at the same start.
        loop {
            let candidate = if end == m.end() {
                Some((m.start(), m.end(), m.pattern().as_usize()))
            } else {
                matcher
                    .find(
                        Input::new(text)
                            .range(m.start()..end)
                            .anchored(aho_corasick::Anchored::Yes),
                    )
                    .map(|s| (s.start(), s.end(), s.pattern().as_usize()))
            };
            let Some((start, stop, pattern)) = candidate else {
                break;
            };
            let span = Span::new(start, stop);
            if written_as_name(text, span) && !is_person_name(text, span, gazetteer) {
                accepted = Some(RawMatch { span, pattern });
                break;
            }
            end = stop - 1;
            while end > start && !text.is_char_boundary(end) {
                end -= 1;
            }
            if end <= start {
                break;
            }
        }
        match accepted {
            Some(raw) => {
                pos = raw.span.end;
                if !doc.is_skipped(raw.span.start) {
                    out.push(raw);
                }
            }
            None => pos = m.start() + char_after(text, m.start()).map_or(1, char::len_utf8),
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

/// Resolves each raw match to one division: a qualifier next to it, then the
/// article's other places, then prominence, then level.
fn resolve(
    doc: &Document,
    raws: &[RawMatch],
    gazetteer: &Gazetteer,
) -> Vec<(PlaceCode, &'static str, f32)> {
    let text = doc.text.as_str();
    let unique: Vec<PlaceCode> = raws
        .iter()
        .filter_map(|r| match gazetteer.alias_codes(r.pattern) {
            [only] => Some(*only),
            _ => None,
        })
        .collect();
    raws.iter()
        .enumerate()
        .map(|(i, raw)| {
            let candidates = gazetteer.alias_codes(raw.pattern);
            if let [only] = candidates {
                return (*only, "unique", 1.0);
            }
            // An adjacent name that contains one candidate ("Pingshan County of
            // Sichuan Province", "Jiangsu's Taizhou").
            let neighbours = [i.checked_sub(1), Some(i + 1)];
            for j in neighbours.into_iter().flatten() {
                let Some(other) = raws.get(j) else { continue };
                let gap = if j < i {
                    Span::new(other.span.end, raw.span.start)
                } else {
                    Span::new(raw.span.end, other.span.start)
                };
                if gap.end - gap.start > 48 || gap.of(text).contains(['.', '\n', ';', '。']) {
                    continue;
                }
                let container = gazetteer.alias_codes(other.pattern);
                if let Some(&c) = candidates
                    .iter()
                    .find(|&&c| container.iter().any(|&a| gazetteer.is_ancestor(a, c)))
                {
                    return (c, "qualifier", 0.95);
                }
            }
            // The article's unambiguous places vote: the division itself named
            // elsewhere counts most, then its subdivisions, then places in its
            // province ("Kashgar" after "Kashgar prefecture" and its counties).
            let support = |c: PlaceCode| -> usize {
                unique
                    .iter()
                    .map(|&u| {
                        if u == c {
                            3
                        } else if gazetteer.is_ancestor(c, u) {
                            2
                        } else if gazetteer.province_of(u) == gazetteer.province_of(c) {
                            1
                        } else {
                            0
                        }
                    })
                    .sum()
            };
            let best = candidates
                .iter()
                .map(|&c| (support(c), c))
                .max_by_key(|&(n, c)| (n, std::cmp::Reverse(c)));
            if let Some((n, c)) = best
                && n > 0
                && candidates.iter().filter(|&&o| support(o) == n).count() == 1
            {
                return (c, "article-context", 0.85);
            }
            let alias = gazetteer.alias_text(raw.pattern);
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

/// Adds the `places` and `organizations` layers to `doc`.
pub fn find(doc: &mut Document, gazetteer: &Gazetteer) {
    let raws = find_raw(doc, gazetteer);
    let organizations = find_organizations(&doc.text, &raws, gazetteer);
    let resolved = resolve(doc, &raws, gazetteer);
    doc.places = raws
        .iter()
        .zip(resolved)
        .map(|(raw, (code, reason, confidence))| PlaceMention {
            span: raw.span,
            code,
            candidates: gazetteer.alias_codes(raw.pattern).to_vec(),
            reason,
            confidence,
            in_organization: organizations.iter().any(|o| o.span.contains(raw.span)),
        })
        .collect();
    doc.organizations = organizations;
}
