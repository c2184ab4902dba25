//! The national gazetteer: every province-, prefecture- and county-level
//! division with its code, level, parent and names, the aliases the press
//! writes, and the knowledge used to resolve a name to one division.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};
use serde::Serialize;

use crate::document::PlaceCode;
use crate::knowledge::{KnowledgeError, TableSource};

/// Administrative level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Province, autonomous region or municipality (`320000`).
    Province,
    /// Prefecture-level city, prefecture, league or autonomous prefecture (`320500`).
    Prefecture,
    /// County, district, county-level city or banner (`320585`).
    County,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "prefecture" => Some(Level::Prefecture),
            "county" => Some(Level::County),
            _ => None,
        }
    }

    /// The level's name as written in records (`province`, `prefecture`, `county`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }
}

/// What a place usually is in the national pairing-assistance programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssistanceRole {
    /// A region that sends aid (the eastern provinces and big cities).
    Donor,
    /// A region that receives aid.
    Recipient,
}

/// One administrative division.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// GB/T 2260 code.
    pub code: PlaceCode,
    /// Administrative level.
    pub level: Level,
    /// The parent division's code (`None` for provinces).
    pub parent: Option<PlaceCode>,
    /// Canonical English name (`Suzhou`, `Lhundrub`).
    pub name: String,
    /// English name with its generic part (`Zhouzhi County`).
    pub full_name: String,
    /// Chinese name (`林周县`).
    pub name_zh: String,
}

/// The gazetteer: places, aliases and the compiled name matcher.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Alias texts in pattern order, and the codes each denotes.
    alias_texts: Vec<String>,
    alias_codes: Vec<Vec<PlaceCode>>,
    matcher: AhoCorasick,
    preferred: HashMap<String, PlaceCode>,
    roles: HashMap<PlaceCode, AssistanceRole>,
    organization_suffixes: Vec<String>,
    surnames: std::collections::HashSet<String>,
}

fn parse_code(
    table: &crate::knowledge::Table,
    row: &crate::knowledge::Row,
    s: &str,
) -> Result<PlaceCode, KnowledgeError> {
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
    }
    // Encoding debris of mirror sites: Pu¡¯er, Pu?er for Pu'er.
    if alias.contains('\'') {
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
fn is_risky_chinese_short_form(alias: &str, place: &Place) -> bool {
    place.level == Level::County
        && !alias.is_ascii()
        && alias != place.name_zh
        && !alias.contains(' ')
}

impl Gazetteer {
    /// Loads `places.tsv`, `aliases.tsv` (every written form of every
    /// division, generated with the deliberate omissions listed in
    /// `SOURCES.md`), the curated `exonyms.tsv` and
    /// `former_names.tsv`, `prominence.tsv`, `assistance_roles.tsv`,
    /// `organization_suffixes.tsv` and `surnames.tsv`.
    pub fn load(source: &TableSource) -> Result<Gazetteer, KnowledgeError> {
        let table = source.table("places.tsv")?;
        let (c_code, c_level, c_parent, c_name, c_full, c_zh) = (
            table.column("code")?,
            table.column("level")?,
            table.column("parent")?,
            table.column("name")?,
            table.column("full_name")?,
            table.column("name_zh")?,
        );
        let mut places = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let level = Level::parse(row.get(c_level))
                .ok_or_else(|| table.error(row, format!("unknown level `{}`", row.get(c_level))))?;
            let parent = match row.get(c_parent) {
                "" => None,
                p => Some(parse_code(&table, row, p)?),
            };
            places.push(Place {
                code: parse_code(&table, row, row.get(c_code))?,
                level,
                parent,
                name: row.get(c_name).to_string(),
                full_name: row.get(c_full).to_string(),
                name_zh: row.get(c_zh).to_string(),
            });
        }
        places.sort_by_key(|p| p.code);
        let index_of = |code: PlaceCode| places.binary_search_by_key(&code, |p| p.code).ok();

        // Alias text (lower-cased for ASCII) -> codes, from every name table.
        let mut alias_map: HashMap<String, Vec<PlaceCode>> = HashMap::new();
        let mut add = |alias: &str, code: PlaceCode| {
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
        for (name, alias_column) in [
            ("aliases.tsv", "alias"),
            ("exonyms.tsv", "alias"),
            ("former_names.tsv", "former"),
        ] {
            let table = source.table(name)?;
            let (c_alias, c_code) = (table.column(alias_column)?, table.column("code")?);
            for row in &table.rows {
                let code = parse_code(&table, row, row.get(c_code))?;
                let Some(index) = index_of(code) else {
                    return Err(table.error(row, format!("code {code} is not in places.tsv")));
                };
                let place = &places[index];
                // Curated files may list several aliases in one cell, `;`-separated.
                for alias in row.get(c_alias).split(';') {
                    if is_risky_chinese_short_form(alias, place) {
                        // Autonomous counties go by their short name with the
                        // generic: 威宁县 for 威宁彝族回族苗族自治县.
                        for (full, generic) in [("自治县", "县"), ("自治旗", "旗")] {
                            if place.name_zh.ends_with(full) && !alias.ends_with(generic) {
                                add(&format!("{alias}{generic}"), code);
                            }
                        }
                        continue;
                    }
                    add(alias, code);
                }
            }
        }
        let mut aliases: Vec<(String, Vec<PlaceCode>)> = alias_map.into_iter().collect();
        aliases.sort();
        for (_, codes) in &mut aliases {
            codes.sort_unstable();
        }
        let (alias_texts, alias_codes): (Vec<String>, Vec<Vec<PlaceCode>>) =
            aliases.into_iter().unzip();
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // Anchored searches retry shorter aliases at a rejected match's start.
            .start_kind(StartKind::Both)
            .build(&alias_texts)
            .map_err(|e| KnowledgeError {
                file: "aliases.tsv".into(),
                line: 0,
                message: format!("cannot build the name matcher: {e}"),
            })?;

        let table = source.table("prominence.tsv")?;
        let (c_alias, c_code) = (table.column("alias")?, table.column("code")?);
        let mut preferred = HashMap::new();
        for row in &table.rows {
            preferred.insert(
                row.get(c_alias).to_ascii_lowercase(),
                parse_code(&table, row, row.get(c_code))?,
            );
        }

        let table = source.table("assistance_roles.tsv")?;
        let (c_code, c_role) = (table.column("code")?, table.column("role")?);
        let mut roles = HashMap::new();
        for row in &table.rows {
            let role = match row.get(c_role) {
                "donor" => AssistanceRole::Donor,
                "recipient" => AssistanceRole::Recipient,
                other => {
                    return Err(
                        table.error(row, format!("role `{other}` is not donor or recipient"))
                    );
                }
            };
            roles.insert(parse_code(&table, row, row.get(c_code))?, role);
        }

        let table = source.table("organization_suffixes.tsv")?;
        let c_suffix = table.column("suffix")?;
        let mut organization_suffixes: Vec<String> = table
            .rows
            .iter()
            .map(|r| r.get(c_suffix).to_ascii_lowercase())
            .collect();
        // Longest first, so "Industrial Park" wins over "Park".
        organization_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));

        let table = source.table("surnames.tsv")?;
        let c_surname = table.column("surname")?;
        let surnames = table
            .rows
            .iter()
            .map(|r| r.get(c_surname).to_string())
            .collect();

        Ok(Gazetteer {
            places,
            alias_texts,
            alias_codes,
            matcher,
            preferred,
            roles,
            organization_suffixes,
            surnames,
        })
    }

    /// Every division, sorted by code.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The division with `code`.
    pub fn place(&self, code: PlaceCode) -> Option<&Place> {
        // Places are sorted by code: a binary search beats hashing here.
        self.places
            .binary_search_by_key(&code, |p| p.code)
            .ok()
            .map(|i| &self.places[i])
    }

    /// The compiled matcher over every alias (ASCII case-insensitive, leftmost-longest).
    pub fn matcher(&self) -> &AhoCorasick {
        &self.matcher
    }

    /// The divisions alias pattern `pattern` denotes.
    pub fn alias_codes(&self, pattern: usize) -> &[PlaceCode] {
        &self.alias_codes[pattern]
    }

    /// The alias text of pattern `pattern` (lower-cased).
    pub fn alias_text(&self, pattern: usize) -> &str {
        &self.alias_texts[pattern]
    }

    /// The division preferred for an ambiguous alias when the text gives no clue.
    pub fn preferred(&self, alias_lower: &str) -> Option<PlaceCode> {
        self.preferred.get(alias_lower).copied()
    }

    /// Whether `ancestor` is `code`'s parent, grandparent, ... (not itself).
    pub fn is_ancestor(&self, ancestor: PlaceCode, code: PlaceCode) -> bool {
        let mut cur = self.place(code).and_then(|p| p.parent);
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.place(c).and_then(|p| p.parent);
        }
        false
    }

    /// The province a division belongs to (itself for a province).
    pub fn province_of(&self, code: PlaceCode) -> PlaceCode {
        code / 10000 * 10000
    }

    /// The role the division's province (or the division itself) plays in the
    /// national programme, when known.
    pub fn assistance_role(&self, code: PlaceCode) -> Option<AssistanceRole> {
        let mut cur = Some(code);
        while let Some(c) = cur {
            if let Some(role) = self.roles.get(&c) {
                return Some(*role);
            }
            cur = self.place(c).and_then(|p| p.parent);
        }
        None
    }

    /// Organisation-name suffixes (lower-case, longest first).
    pub fn organization_suffixes(&self) -> &[String] {
        &self.organization_suffixes
    }

    /// Whether `word` is a common Chinese surname as romanized in English.
    pub fn is_surname(&self, word: &str) -> bool {
        self.surnames.contains(word)
    }
}
