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
/// (乡村振兴, 从江苏省). County-level divisions match by their full Chinese
/// name, or a short name with 县 (梅县, 威宁县), or a curated former name
/// with its suffix (库车县, 吴江市), or an XPCC division seated in it
/// (兵团第一师); provinces and prefectures keep their short forms (江苏,
/// 伊犁州). Bare short names go to the short-form set,
/// which the places stage accepts only in context.
fn is_bare_chinese_short_form(alias: &str, division: &Division, table: &str) -> bool {
    let curated_with_suffix = table == "former_names.tsv" && alias.ends_with(['区', '市', '旗']);
    division.county
        && !alias.is_ascii()
        && alias != division.name_zh
        && !alias.contains(' ')
        && !alias.ends_with('县')
        && !alias.starts_with("兵团")
        && !curated_with_suffix
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

    /// Whether some alias starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let first = self.partition_point(prefix);
        first < self.len() && self.text(first).starts_with(prefix)
    }

    /// The number of aliases that sort before `text`.
    fn partition_point(&self, text: &str) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.text(mid) < text {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
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

/// The two alias sets made from the name tables: names matched anywhere
/// (written as names), and bare Chinese short names of county-level
/// divisions (莎车, 贡嘎, 胶州) that count only in context.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AliasSets {
    /// Every alias the matcher finds.
    pub names: AliasSet,
    /// Bare county-level Chinese short names.
    pub short_forms: AliasSet,
}

/// Aliases (ASCII lower-cased) with the codes each denotes, while building.
#[derive(Default)]
struct AliasMap(HashMap<String, Vec<u32>>);

impl AliasMap {
    /// Adds `alias` and its orthographic variants for `code`.
    fn add(&mut self, alias: &str, code: u32) {
        for variant in orthographic_variants(alias.trim()) {
            if variant.is_empty() {
                continue;
            }
            let codes = self.0.entry(variant.to_ascii_lowercase()).or_default();
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }

    /// The aliases sorted, each with its sorted codes.
    fn into_set(self) -> AliasSet {
        let mut aliases: Vec<(String, Vec<u32>)> = self.0.into_iter().collect();
        aliases.sort_unstable();
        let mut set = AliasSet::default();
        for (text, mut codes) in aliases {
            codes.sort_unstable();
            set.push(&text, &codes);
        }
        set
    }
}

/// Builds the alias sets from the [`NAME_TABLES`], read by `table`, over
/// `divisions`, sorted by code.
pub fn alias_set(
    divisions: &[Division],
    mut table: impl FnMut(&str) -> Result<Table, KnowledgeError>,
) -> Result<AliasSets, KnowledgeError> {
    let (mut names, mut short_forms) = (AliasMap::default(), AliasMap::default());
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
                if !is_bare_chinese_short_form(alias, division, name) {
                    names.add(alias, code);
                    continue;
                }
                short_forms.add(alias, code);
                // Autonomous counties go by their short name with the
                // generic: 威宁县 for 威宁彝族回族苗族自治县.
                for (full, generic) in [("自治县", "县"), ("自治旗", "旗")] {
                    if division.name_zh.ends_with(full) && !alias.ends_with(generic) {
                        names.add(&format!("{alias}{generic}"), code);
                    }
                }
            }
        }
    }
    Ok(AliasSets {
        names: names.into_set(),
        short_forms: short_forms.into_set(),
    })
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

/// Leftmost-longest matcher over the alias set, on ASCII-lower-cased text,
/// with the short-form set beside it for look-ups.
///
/// A double-array Aho–Corasick automaton (`daachorse`): unlike the
/// `aho-corasick` crate's automata it serializes, so the matcher for the
/// embedded tables, alias sets included, is built at compile time.
pub struct NameMatcher {
    automaton: DoubleArrayAhoCorasick<u32>,
    aliases: AliasSet,
    short_forms: AliasSet,
}

impl std::fmt::Debug for NameMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameMatcher")
            .field("patterns", &self.aliases.len())
            .field("short_forms", &self.short_forms.len())
            .field("states", &self.automaton.num_states())
            .finish()
    }
}

/// Appends `set` as [`read_set`] reads it: three number arrays (text ends,
/// codes, code ends; each a length, then the numbers, all `u32`
/// little-endian), then the alias texts.
fn write_set(out: &mut Vec<u8>, set: &AliasSet) {
    fn put(out: &mut Vec<u8>, numbers: &[u32]) {
        let len = u32::try_from(numbers.len()).expect("alias tables fit in u32");
        out.extend(len.to_le_bytes());
        out.extend(numbers.iter().flat_map(|n| n.to_le_bytes()));
    }
    put(out, &set.text_ends);
    put(out, &set.codes);
    put(out, &set.code_ends);
    out.extend(set.texts.as_bytes());
}

/// Reads an alias set written by `write_set` from the front of `rest`;
/// `None` when the bytes are malformed.
fn read_set(rest: &mut &[u8]) -> Option<AliasSet> {
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
    let (text_ends, codes, code_ends) = (numbers(rest)?, numbers(rest)?, numbers(rest)?);
    let texts_len = text_ends.last().map_or(0, |&e| e as usize);
    let texts = std::str::from_utf8(take(rest, texts_len)?)
        .ok()?
        .to_string();
    let set = AliasSet {
        texts,
        text_ends,
        codes,
        code_ends,
    };
    // Every end must lie in bounds and on a character boundary.
    let ends_ok = set.text_ends.is_sorted()
        && set
            .text_ends
            .iter()
            .all(|&e| set.texts.is_char_boundary(e as usize))
        && set.code_ends.is_sorted()
        && set.code_ends.len() == set.text_ends.len()
        && set
            .code_ends
            .last()
            .is_none_or(|&e| e as usize == set.codes.len());
    ends_ok.then_some(set)
}

impl NameMatcher {
    /// Builds the automaton over `sets.names`; keeps `sets.short_forms` for look-ups.
    pub fn build(sets: AliasSets) -> Result<NameMatcher, String> {
        let AliasSets { names, short_forms } = sets;
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build((0..names.len()).map(|i| names.text(i)))
            .map_err(|e| e.to_string())?;
        Ok(NameMatcher {
            automaton,
            aliases: names,
            short_forms,
        })
    }

    /// Serializes the matcher as [`NameMatcher::deserialize`] reads it: the
    /// alias set, the short-form set (see `write_set`), then the automaton.
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::new();
        write_set(&mut out, &self.aliases);
        write_set(&mut out, &self.short_forms);
        out.extend(self.automaton.serialize());
        out
    }

    /// Reads a matcher written by [`NameMatcher::serialize`]; `None` when
    /// `bytes` is malformed.
    pub fn deserialize(bytes: &[u8]) -> Option<NameMatcher> {
        let mut rest = bytes;
        let aliases = read_set(&mut rest)?;
        let short_forms = read_set(&mut rest)?;
        let (automaton, _) = DoubleArrayAhoCorasick::deserialize(rest).ok()?;
        Some(NameMatcher {
            automaton,
            aliases,
            short_forms,
        })
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

    /// Bare Chinese short names of county-level divisions (莎车, 胶州): not
    /// matched, looked up by the places stage where context allows them.
    pub fn short_forms(&self) -> &AliasSet {
        &self.short_forms
    }
}
