//! The Chinese context that lets a bare short name or a one-character
//! province abbreviation count as a place: list separators, parent links,
//! counts of divisions, guard words, abbreviations and cooperation words,
//! read from their tables.

use rustc_hash::FxHashMap as HashMap;

use aho_corasick::AhoCorasick;

use crate::document::PlaceCode;
use crate::knowledge::{KnowledgeError, Table, TableSource};

use super::names::parse_code;

/// What a count of divisions after a list says of the list's places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountNoun {
    /// Counties (三县, 4个县, 等县区): every place of the list is county-level.
    County,
    /// Other divisions (两市, 等地): the list's short names count, nothing more.
    Division,
}

/// Where a cooperation word stands for province abbreviations to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationContext {
    /// After a compound of two or more (闽宁协作).
    After,
    /// Right before such a compound (携手粤桂).
    Before,
    /// After a single abbreviation, which then counts alone (闽籍).
    Single,
    /// A verb of going right before a single abbreviation, which then
    /// counts alone (赴甘工作, 入川企业).
    Lead,
}

/// The tables `short_name_contexts.tsv`, `short_name_guards.tsv`,
/// `province_abbreviations.tsv` and `abbreviation_contexts.tsv`.
#[derive(Debug)]
pub struct ChineseContext {
    separators: Vec<String>,
    links: Vec<String>,
    leads: Vec<String>,
    numerals: Vec<char>,
    measures: Vec<String>,
    count_nouns: Vec<(String, CountNoun)>,
    features: Vec<String>,
    /// Every guard word, found overlapping (a guard inside another counts).
    guards: AhoCorasick,
    abbreviations: HashMap<char, PlaceCode>,
    cooperation_words: Vec<(String, AbbreviationContext)>,
}

/// The longest word of `words` that `text` starts with.
fn longest_prefix<'w>(text: &str, words: impl Iterator<Item = &'w str>) -> Option<&'w str> {
    words
        .filter(|w| text.starts_with(*w))
        .max_by_key(|w| w.len())
}

/// The longest word of `words` that `text` ends with.
fn longest_suffix<'w>(text: &str, words: impl Iterator<Item = &'w str>) -> Option<&'w str> {
    words.filter(|w| text.ends_with(*w)).max_by_key(|w| w.len())
}

impl ChineseContext {
    /// Loads the four tables from `source`.
    pub fn load(source: &TableSource) -> Result<ChineseContext, KnowledgeError> {
        let table = source.table("short_name_guards.tsv")?;
        let c_text = table.column("text")?;
        let guards = AhoCorasick::new(table.rows.iter().map(|r| r.get(c_text))).map_err(|e| {
            KnowledgeError {
                file: table.name.clone(),
                line: 0,
                message: format!("cannot build the guard matcher: {e}"),
            }
        })?;
        let mut context = ChineseContext {
            separators: Vec::new(),
            links: Vec::new(),
            leads: Vec::new(),
            numerals: Vec::new(),
            measures: Vec::new(),
            count_nouns: Vec::new(),
            features: Vec::new(),
            guards,
            abbreviations: HashMap::default(),
            cooperation_words: Vec::new(),
        };
        context.read_contexts(&source.table("short_name_contexts.tsv")?)?;
        let table = source.table("province_abbreviations.tsv")?;
        let (c_abbr, c_code) = (table.column("abbreviation")?, table.column("code")?);
        for row in &table.rows {
            let mut chars = row.get(c_abbr).chars();
            let (Some(abbr), None) = (chars.next(), chars.next()) else {
                return Err(table.error(row, "an abbreviation is one character"));
            };
            let code = parse_code(&table, row, row.get(c_code))?;
            context.abbreviations.insert(abbr, code);
        }
        let table = source.table("abbreviation_contexts.tsv")?;
        let (c_word, c_position) = (table.column("word")?, table.column("position")?);
        for row in &table.rows {
            let position = match row.get(c_position) {
                "after" => AbbreviationContext::After,
                "before" => AbbreviationContext::Before,
                "single" => AbbreviationContext::Single,
                "lead" => AbbreviationContext::Lead,
                other => {
                    return Err(table.error(
                        row,
                        format!("position `{other}` is not after, before, single or lead"),
                    ));
                }
            };
            context
                .cooperation_words
                .push((row.get(c_word).into(), position));
        }
        Ok(context)
    }

    /// Reads `short_name_contexts.tsv` (`kind`, `text`).
    fn read_contexts(&mut self, table: &Table) -> Result<(), KnowledgeError> {
        let (c_kind, c_text) = (table.column("kind")?, table.column("text")?);
        for row in &table.rows {
            let text = row.get(c_text).to_string();
            match row.get(c_kind) {
                "separator" => self.separators.push(text),
                "link" => self.links.push(text),
                "lead" => self.leads.push(text),
                "numeral" => self.numerals.extend(text.chars()),
                "measure" => self.measures.push(text),
                "county-noun" => self.count_nouns.push((text, CountNoun::County)),
                "division-noun" => self.count_nouns.push((text, CountNoun::Division)),
                "feature" => self.features.push(text),
                other => return Err(table.error(row, format!("unknown kind `{other}`"))),
            }
        }
        Ok(())
    }

    /// Whether `gap`, the text between two list items, is one separator.
    pub fn is_separator(&self, gap: &str) -> bool {
        let gap = gap.trim();
        self.separators.iter().any(|s| s == gap)
    }

    /// Whether `gap`, the text between a parent and its county, is empty
    /// or one link word (山南地区的贡嘎).
    pub fn is_link(&self, gap: &str) -> bool {
        gap.is_empty() || self.links.iter().any(|l| l == gap)
    }

    /// Whether `tail`, the text after a short name, has a word that makes
    /// the name a town or landmark, at once or after one more character
    /// (托里镇, 胶州湾, 惠安堡镇).
    pub fn feature_after(&self, tail: &str) -> bool {
        let second = tail.chars().next().map_or(tail.len(), char::len_utf8);
        [tail, &tail[second..]]
            .iter()
            .any(|t| self.features.iter().any(|f| t.starts_with(f.as_str())))
    }

    /// The count of divisions that `tail` starts with (等四县, 4个县, 两市):
    /// a lead or a number is needed, then an optional measure word, then a
    /// division noun.
    pub fn count_after(&self, tail: &str) -> Option<CountNoun> {
        let mut rest = tail;
        let lead = longest_prefix(rest, self.leads.iter().map(String::as_str));
        rest = &rest[lead.map_or(0, str::len)..];
        let number = rest.len() - rest.trim_start_matches(self.numerals.as_slice()).len();
        if lead.is_none() && number == 0 {
            return None;
        }
        rest = &rest[number..];
        if number > 0 {
            let measure = longest_prefix(rest, self.measures.iter().map(String::as_str));
            rest = &rest[measure.map_or(0, str::len)..];
        }
        let noun = longest_prefix(rest, self.count_nouns.iter().map(|(n, _)| n.as_str()))?;
        self.count_nouns
            .iter()
            .find(|(n, _)| n == noun)
            .map(|(_, kind)| *kind)
    }

    /// The guard words of `text` that overlap byte span `start..end`, as
    /// byte spans (guards are short: a window of 12 bytes each side holds them).
    pub fn guards_near(&self, text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
        let window_start = text.floor_char_boundary(start.saturating_sub(12));
        let window_end = text.ceil_char_boundary((end + 12).min(text.len()));
        let window = &text[window_start..window_end];
        self.guards
            .find_overlapping_iter(window)
            .map(|m| (window_start + m.start(), window_start + m.end()))
            .filter(|&(s, e)| s < end && start < e)
            .collect()
    }

    /// The province a one-character abbreviation stands for.
    pub fn abbreviation(&self, c: char) -> Option<PlaceCode> {
        self.abbreviations.get(&c).copied()
    }

    /// The cooperation word with `position` that `tail` starts with.
    pub fn cooperation_after(&self, tail: &str, position: AbbreviationContext) -> Option<&str> {
        longest_prefix(tail, self.words_at(position))
    }

    /// The cooperation word with `position` that `head` ends with.
    pub fn cooperation_before(&self, head: &str, position: AbbreviationContext) -> Option<&str> {
        longest_suffix(head, self.words_at(position))
    }

    fn words_at(&self, position: AbbreviationContext) -> impl Iterator<Item = &str> {
        self.cooperation_words
            .iter()
            .filter(move |(_, p)| *p == position)
            .map(|(w, _)| w.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> ChineseContext {
        ChineseContext::load(&TableSource::embedded()).expect("embedded tables load")
    }

    #[test]
    fn counts_of_divisions_need_a_lead_or_a_number() {
        let context = context();
        let cases: &[(&str, Option<CountNoun>)] = &[
            ("等四县的", Some(CountNoun::County)),
            ("4个县", Some(CountNoun::County)),
            ("三县以来", Some(CountNoun::County)),
            ("等5个县市区", Some(CountNoun::County)),
            ("等4个县(市、区)", Some(CountNoun::County)),
            ("两市的", Some(CountNoun::Division)),
            ("等地", Some(CountNoun::Division)),
            ("县城", None),
            ("三省", None),
            ("等单位", None),
        ];
        for &(tail, expected) in cases {
            assert_eq!(context.count_after(tail), expected, "{tail}");
        }
    }

    #[test]
    fn features_are_read_at_once_or_one_character_on() {
        let context = context();
        assert!(context.feature_after("镇的牧民"));
        assert!(context.feature_after("堡镇"));
        assert!(context.feature_after("湾"));
        assert!(!context.feature_after("的农民"));
        assert!(!context.feature_after("乡村振兴"));
        assert!(!context.feature_after(""));
    }

    #[test]
    fn guards_are_found_around_a_span() {
        let context = context();
        let text = "各项工作都安排妥当";
        let start = text.find("都安").expect("in text");
        let guards = context.guards_near(text, start, start + "都安".len());
        assert_eq!(guards, vec![(start, start + "都安排".len())]);
        assert!(context.guards_near("那坡、都安两县", 9, 15).is_empty());
    }

    #[test]
    fn abbreviations_and_cooperation_words() {
        let context = context();
        assert_eq!(context.abbreviation('闽'), Some(350000));
        assert_eq!(context.abbreviation('江'), None);
        assert_eq!(
            context.cooperation_after("扶贫协作", AbbreviationContext::After),
            Some("扶贫")
        );
        assert_eq!(
            context.cooperation_before("我们携手", AbbreviationContext::Before),
            Some("携手")
        );
        assert_eq!(
            context.cooperation_after("籍企业", AbbreviationContext::Single),
            Some("籍")
        );
        assert_eq!(
            context.cooperation_before("引导入", AbbreviationContext::Lead),
            Some("入")
        );
        assert_eq!(
            context.cooperation_before("两年来", AbbreviationContext::Lead),
            None
        );
    }
}
