//! The alias set and the name matcher: every written form of every division
//! that the places stage looks for, and the automaton that finds them.
//!
//! This module uses only `std`, `daachorse` and [`crate::table`], so the
//! build script compiles it too: it builds the matcher for the embedded
//! tables at compile time, and the binary deserializes it at start-up
//! instead of building it (see [`NameMatcher::prebuilt`]).

use std::collections::HashMap;

use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};

use crate::table::{KnowledgeError, Row, Table};

/// What the alias rules need to know of a division from `places.tsv`.
#[derive(Debug, Clone, Copy)]
pub struct Division<'a> {
    /// GB/T 2260 code.
    pub code: u32,
    /// Whether it is county-level.
    pub county: bool,
    /// Chinese name (`林周县`).
    pub name_zh: &'a str,
}

/// Parses the six-digit division code `s` found in `row` of `table`.
pub fn parse_code(table: &Table, row: &Row, s: &str) -> Result<u32, KnowledgeError> {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.parse().expect("six ASCII digits parse as u32"))
    } else {
        Err(table.error(row, format!("`{s}` is not a 6-digit division code")))
    }
}

/// Adds the variants of an alias that the press writes: curly apostrophes
/// and encoding debris for `'`, and the frequent typo "Country" for "County".
fn orthographic_variants(alias: &str) -> Vec<String> {
    let mut out = vec![alias.to_string()];
    if alias.contains('\'') {
        out.push(alias.replace('\'', "\u{2019}"));
        out.push(alias.replace('\'', "\u{2018}"));
        // Encoding debris of mirror sites: Pu¡¯er, Pu?er for Pu'er.
        out.push(alias.replace('\'', "\u{a1}\u{af}"));
        out.push(alias.replace('\'', "?"));
    }
    let lower = alias.to_ascii_lowercase();
    if let Some(stem) = lower.strip_suffix(" county") {
        out.push(format!("{stem} country"));
    }
    out
}

/// Chinese has no spaces, so a county-level name without its generic
/// suffix (振兴 for 振兴区, 从江 for 从江县) fires inside ordinary words
/// (乡村振兴, 从江苏省). County-level divisions match only by their full
/// Chinese name; provinces and prefectures keep their short forms (江苏, 伊犁州).
fn is_risky_chinese_short_form(alias: &str, division: &Division) -> bool {
    division.county && !alias.is_ascii() && alias != division.name_zh && !alias.contains(' ')
}

/// Every alias (ASCII lower-cased, sorted, distinct) with the codes it
/// denotes, stored flat: four allocations however many aliases there are.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AliasSet {
    texts: String,
    text_ends: Vec<u32>,
    codes: Vec<u32>,
    code_ends: Vec<u32>,
}

impl AliasSet {
    /// Adds the next alias (in sorted order) and its codes.
    fn push(&mut self, text: &str, codes: &[u32]) {
        let end = |n: usize| u32::try_from(n).expect("alias tables fit in u32");
        self.texts.push_str(text);
        self.text_ends.push(end(self.texts.len()));
        self.codes.extend(codes);
        self.code_ends.push(end(self.codes.len()));
    }

    /// Number of aliases.
    pub fn len(&self) -> usize {
        self.text_ends.len()
    }

    /// Whether there are no aliases.
    pub fn is_empty(&self) -> bool {
        self.text_ends.is_empty()
    }

    /// The text of alias `i`.
    pub fn text(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.text_ends[i - 1] };
        &self.texts[start as usize..self.text_ends[i] as usize]
    }

    /// The codes alias `i` denotes, sorted.
    pub fn codes(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.code_ends[i - 1] };
        &self.codes[start as usize..self.code_ends[i] as usize]
    }

    /// The index of alias `text`, if it is one.
    pub fn position(&self, text: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.text(mid).cmp(text) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// The tables that hold names, each with its name column; with
/// `places.tsv`, what the alias set is made from.
pub const NAME_TABLES: [(&str, &str); 3] = [
    ("aliases.tsv", "alias"),
    ("exonyms.tsv", "alias"),
    ("former_names.tsv", "former"),
];

/// Builds the alias set from the [`NAME_TABLES`], read by `table`, over
/// `divisions`, sorted by code.
pub fn alias_set(
    divisions: &[Division],
    mut table: impl FnMut(&str) -> Result<Table, KnowledgeError>,
) -> Result<AliasSet, KnowledgeError> {
    let mut alias_map: HashMap<String, Vec<u32>> = HashMap::new();
    let mut add = |alias: &str, code: u32| {
        for variant in orthographic_variants(alias.trim()) {
            if variant.is_empty() {
                continue;
            }
            let codes = alias_map.entry(variant.to_ascii_lowercase()).or_default();
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    };
    for (name, alias_column) in NAME_TABLES {
        let table = table(name)?;
        let (c_alias, c_code) = (table.column(alias_column)?, table.column("code")?);
        for row in &table.rows {
            let code = parse_code(&table, row, row.get(c_code))?;
            let Ok(index) = divisions.binary_search_by_key(&code, |d| d.code) else {
                return Err(table.error(row, format!("code {code} is not in places.tsv")));
            };
            let division = &divisions[index];
            // Curated files may list several aliases in one cell, `;`-separated.
            for alias in row.get(c_alias).split(';') {
                if is_risky_chinese_short_form(alias, division) {
                    // Autonomous counties go by their short name with the
                    // generic: 威宁县 for 威宁彝族回族苗族自治县.
                    for (full, generic) in [("自治县", "县"), ("自治旗", "旗")] {
                        if division.name_zh.ends_with(full) && !alias.ends_with(generic) {
                            add(&format!("{alias}{generic}"), code);
                        }
                    }
                    continue;
                }
                add(alias, code);
            }
        }
    }
    let mut aliases: Vec<(String, Vec<u32>)> = alias_map.into_iter().collect();
    aliases.sort_unstable();
    let mut set = AliasSet::default();
    for (text, mut codes) in aliases {
        codes.sort_unstable();
        set.push(&text, &codes);
    }
    Ok(set)
}

/// A name found in the text: byte span and alias (pattern) index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Index into the alias set.
    pub pattern: usize,
}

/// Leftmost-longest matcher over the alias set, on ASCII-lower-cased text.
///
/// A double-array Aho–Corasick automaton (`daachorse`): unlike the
/// `aho-corasick` crate's automata it serializes, so the matcher for the
/// embedded tables, alias set included, is built at compile time.
pub struct NameMatcher {
    automaton: DoubleArrayAhoCorasick<u32>,
    aliases: AliasSet,
}

impl std::fmt::Debug for NameMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameMatcher")
            .field("patterns", &self.aliases.len())
            .field("states", &self.automaton.num_states())
            .finish()
    }
}

impl NameMatcher {
    /// Builds the automaton over `aliases`.
    pub fn build(aliases: AliasSet) -> Result<NameMatcher, String> {
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build((0..aliases.len()).map(|i| aliases.text(i)))
            .map_err(|e| e.to_string())?;
        Ok(NameMatcher { automaton, aliases })
    }

    /// Serializes the matcher as [`NameMatcher::deserialize`] reads it: the
    /// alias set's three number arrays (text ends, codes, code ends; each a
    /// length, then the numbers, all `u32` little-endian), the alias texts,
    /// then the automaton.
    pub fn serialize(&self) -> Vec<u8> {
        fn put(out: &mut Vec<u8>, numbers: &[u32]) {
            let len = u32::try_from(numbers.len()).expect("alias tables fit in u32");
            out.extend(len.to_le_bytes());
            out.extend(numbers.iter().flat_map(|n| n.to_le_bytes()));
        }
        let set = &self.aliases;
        let mut out = Vec::new();
        put(&mut out, &set.text_ends);
        put(&mut out, &set.codes);
        put(&mut out, &set.code_ends);
        out.extend(set.texts.as_bytes());
        out.extend(self.automaton.serialize());
        out
    }

    /// Reads a matcher written by [`NameMatcher::serialize`]; `None` when
    /// `bytes` is malformed.
    pub fn deserialize(bytes: &[u8]) -> Option<NameMatcher> {
        fn take<'a>(rest: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
            let (head, tail) = rest.split_at_checked(len)?;
            *rest = tail;
            Some(head)
        }
        fn numbers(rest: &mut &[u8]) -> Option<Vec<u32>> {
            let len = u32::from_le_bytes(take(rest, 4)?.try_into().ok()?) as usize;
            let bytes = take(rest, len.checked_mul(4)?)?;
            Some(
                bytes
                    .chunks_exact(4)
                    .map(|b| u32::from_le_bytes(b.try_into().expect("chunks of 4")))
                    .collect(),
            )
        }
        let mut rest = bytes;
        let (text_ends, codes, code_ends) = (
            numbers(&mut rest)?,
            numbers(&mut rest)?,
            numbers(&mut rest)?,
        );
        let texts_len = text_ends.last().map_or(0, |&e| e as usize);
        let texts = std::str::from_utf8(take(&mut rest, texts_len)?)
            .ok()?
            .to_string();
        let aliases = AliasSet {
            texts,
            text_ends,
            codes,
            code_ends,
        };
        // Every end must lie in bounds and on a character boundary.
        let ends_ok = aliases.text_ends.is_sorted()
            && aliases
                .text_ends
                .iter()
                .all(|&e| aliases.texts.is_char_boundary(e as usize))
            && aliases.code_ends.is_sorted()
            && aliases.code_ends.len() == aliases.text_ends.len()
            && aliases
                .code_ends
                .last()
                .is_none_or(|&e| e as usize == aliases.codes.len());
        if !ends_ok {
            return None;
        }
        let (automaton, _) = DoubleArrayAhoCorasick::deserialize(rest).ok()?;
        Some(NameMatcher { automaton, aliases })
    }

    /// The leftmost-longest alias in `lower[from..]`; `lower` is the text
    /// with ASCII letters lower-cased (byte offsets unchanged).
    pub fn find_from(&self, lower: &str, from: usize) -> Option<NameMatch> {
        self.automaton
            .leftmost_find_iter(&lower[from..])
            .next()
            .map(|m| NameMatch {
                start: from + m.start(),
                end: from + m.end(),
                pattern: m.value() as usize,
            })
    }

    /// The longest alias that is a prefix of `lower[start..end]`.
    pub fn longest_prefix(&self, lower: &str, start: usize, end: usize) -> Option<NameMatch> {
        (start + 1..=end)
            .rev()
            .filter(|&stop| lower.is_char_boundary(stop))
            .find_map(|stop| {
                let pattern = self.aliases.position(&lower[start..stop])?;
                Some(NameMatch {
                    start,
                    end: stop,
                    pattern,
                })
            })
    }

    /// The alias set the matcher finds.
    pub fn aliases(&self) -> &AliasSet {
        &self.aliases
    }
}
