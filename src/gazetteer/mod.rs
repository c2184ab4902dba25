//! The national gazetteer: every province-, prefecture- and county-level
//! division with its code, level, parent and names, the aliases the press
//! writes, and the knowledge used to resolve a name to one division.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::document::PlaceCode;
use crate::knowledge::{KnowledgeError, Row, TableSource};

mod chinese;
mod names;

pub use chinese::{AbbreviationContext, ChineseContext, CountNoun};
pub use names::{AliasSet, NameMatch, NameMatcher};
use names::{Division, NAME_TABLES, alias_set, parse_code};

/// The name matcher for the embedded tables, built by `build.rs`.
const PREBUILT_MATCHER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.daac"));

/// No division: GB/T 2260 codes are never 0.
const NONE: PlaceCode = 0;

/// Builds the name matcher from `source`'s name tables over `places`
/// (sorted by code): what `build.rs` does for the embedded tables. `local`
/// are the rows `places.local.tsv` added or overrode: their English name,
/// full name and Chinese name become aliases, so a place added there is
/// found without an `aliases.local.tsv` row.
fn name_matcher(
    source: &TableSource,
    places: &[Place],
    local: &[(PlaceCode, Row)],
) -> Result<NameMatcher, KnowledgeError> {
    let divisions: Vec<Division> = places
        .iter()
        .map(|p| Division {
            code: p.code,
            county: p.level == Level::County,
            name_zh: &p.name_zh,
        })
        .collect();
    let set = alias_set(&divisions, |name| {
        let mut table = source.table(name)?;
        if name == "aliases.tsv" {
            for (code, row) in local {
                let place = places
                    .binary_search_by_key(code, |p| p.code)
                    .map(|i| &places[i])
                    .expect("local rows are places");
                for alias in [&place.name, &place.full_name, &place.name_zh] {
                    if !alias.is_empty() {
                        table.rows.push(Row {
                            line: row.line,
                            fields: vec![alias.clone(), format!("{code:06}")],
                            file: row.file.clone(),
                        });
                    }
                }
            }
        }
        Ok(table)
    })?;
    NameMatcher::build(set).map_err(|message| KnowledgeError {
        file: "aliases.tsv".into(),
        line: 0,
        message: format!("cannot build the name matcher: {message}"),
    })
}

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
    matcher: NameMatcher,
    /// Each place's parent and grandparent (`NONE` where there is none),
    /// parallel to `places`: levels are province > prefecture > county.
    lineage: Vec<[PlaceCode; 2]>,
    preferred: HashMap<String, PlaceCode>,
    roles: HashMap<PlaceCode, AssistanceRole>,
    /// Receivers that also give, and to which divisions (`gives_to`).
    gives_to: HashMap<PlaceCode, Vec<PlaceCode>>,
    organization_suffixes: Vec<String>,
    surnames: rustc_hash::FxHashSet<String>,
    /// Newspapers not named after their place (`newspapers.tsv`): their
    /// names in one automaton, and each pattern's place.
    newspapers: (aho_corasick::AhoCorasick, Vec<PlaceCode>),
    chinese: ChineseContext,
}

impl Gazetteer {
    /// Loads `places.tsv`, `aliases.tsv` (every written form of every
    /// division, generated with the deliberate omissions listed in
    /// `SOURCES.md`), the curated `exonyms.tsv` and
    /// `former_names.tsv`, `prominence.tsv`, `assistance_roles.tsv`,
    /// `organization_suffixes.tsv`, `surnames.tsv`, `newspapers.tsv` and the Chinese context
    /// tables ([`ChineseContext::load`]).
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
        // Rows of places.local.tsv (see `name_matcher`), with the code in front.
        let mut local = Vec::new();
        for row in &table.rows {
            let level = Level::parse(row.get(c_level))
                .ok_or_else(|| table.error(row, format!("unknown level `{}`", row.get(c_level))))?;
            let parent = match row.get(c_parent) {
                "" => None,
                p => Some(parse_code(&table, row, p)?),
            };
            let code = parse_code(&table, row, row.get(c_code))?;
            if row.file.is_some() {
                local.push((code, row.clone()));
            }
            places.push(Place {
                code,
                level,
                parent,
                name: row.get(c_name).to_string(),
                full_name: row.get(c_full).to_string(),
                name_zh: row.get(c_zh).to_string(),
            });
        }
        places.sort_by_key(|p| p.code);
        let parent_of = |code: PlaceCode| {
            places
                .binary_search_by_key(&code, |p| p.code)
                .ok()
                .and_then(|i| places[i].parent)
        };
        let lineage: Vec<[PlaceCode; 2]> = places
            .iter()
            .map(|p| {
                let parent = p.parent.unwrap_or(NONE);
                let grandparent = p.parent.and_then(parent_of).unwrap_or(NONE);
                [parent, grandparent]
            })
            .collect();
        if let Some((place, _)) = places
            .iter()
            .zip(&lineage)
            .find(|(_, [_, grandparent])| parent_of(*grandparent).is_some())
        {
            return Err(KnowledgeError {
                file: "places.tsv".into(),
                line: 0,
                message: format!(
                    "{} is nested deeper than province > prefecture > county",
                    place.code
                ),
            });
        }

        let overridden = std::iter::once("places.tsv")
            .chain(NAME_TABLES.map(|(name, _)| name))
            .any(|name| source.overrides(name));
        let matcher = if overridden {
            name_matcher(source, &places, &local)?
        } else {
            NameMatcher::deserialize(PREBUILT_MATCHER)
                .expect("build.rs serialized the name matcher for the embedded tables")
        };

        let table = source.table("prominence.tsv")?;
        let (c_alias, c_code) = (table.column("alias")?, table.column("code")?);
        let mut preferred = HashMap::default();
        for row in &table.rows {
            preferred.insert(
                row.get(c_alias).to_ascii_lowercase(),
                parse_code(&table, row, row.get(c_code))?,
            );
        }

        let table = source.table("assistance_roles.tsv")?;
        let (c_code, c_role) = (table.column("code")?, table.column("role")?);
        let c_gives_to = table.column("gives_to")?;
        let (mut roles, mut gives_to) = (HashMap::default(), HashMap::default());
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
            let code = parse_code(&table, row, row.get(c_code))?;
            roles.insert(code, role);
            let to = row.get(c_gives_to);
            if !to.is_empty() {
                let to = to.split(';').map(|c| parse_code(&table, row, c));
                gives_to.insert(code, to.collect::<Result<Vec<_>, _>>()?);
            }
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

        let table = source.table("newspapers.tsv")?;
        let (c_name, c_code) = (table.column("name")?, table.column("code")?);
        let places_of_papers = table
            .rows
            .iter()
            .map(|r| parse_code(&table, r, r.get(c_code)))
            .collect::<Result<Vec<_>, KnowledgeError>>()?;
        let papers = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(table.rows.iter().map(|r| r.get(c_name)))
            .map_err(|e| KnowledgeError {
                file: table.name.clone(),
                line: 0,
                message: format!("cannot build the newspaper matcher: {e}"),
            })?;
        let newspapers = (papers, places_of_papers);

        Ok(Gazetteer {
            places,
            lineage,
            matcher,
            preferred,
            roles,
            gives_to,
            organization_suffixes,
            surnames,
            newspapers,
            chinese: ChineseContext::load(source)?,
        })
    }

    /// Every division, sorted by code.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The first newspaper not named after its place that `text` names,
    /// with where it stands and its place ("新华日报": Jiangsu).
    pub fn first_newspaper(&self, text: &str) -> Option<(crate::document::Span, PlaceCode)> {
        let (matcher, places) = &self.newspapers;
        let found = matcher.find(text)?;
        let span = crate::document::Span {
            start: found.start(),
            end: found.end(),
        };
        Some((span, places[found.pattern().as_usize()]))
    }

    /// The division with `code`.
    pub fn place(&self, code: PlaceCode) -> Option<&Place> {
        // Places are sorted by code: a binary search beats hashing here.
        self.places
            .binary_search_by_key(&code, |p| p.code)
            .ok()
            .map(|i| &self.places[i])
    }

    /// The compiled matcher over every alias (leftmost-longest, on ASCII-lower-cased text).
    pub fn matcher(&self) -> &NameMatcher {
        &self.matcher
    }

    /// The divisions alias pattern `pattern` denotes.
    pub fn alias_codes(&self, pattern: usize) -> &[PlaceCode] {
        self.matcher.aliases().codes(pattern)
    }

    /// The alias text of pattern `pattern` (lower-cased).
    pub fn alias_text(&self, pattern: usize) -> &str {
        self.matcher.aliases().text(pattern)
    }

    /// The division preferred for an ambiguous alias when the text gives no clue.
    pub fn preferred(&self, alias_lower: &str) -> Option<PlaceCode> {
        self.preferred.get(alias_lower).copied()
    }

    /// Whether `ancestor` is `code`'s parent or grandparent (not itself).
    pub fn is_ancestor(&self, ancestor: PlaceCode, code: PlaceCode) -> bool {
        ancestor != NONE && self.lineage(code).contains(&ancestor)
    }

    /// `code`'s parent and grandparent; 0 stands for none (codes are never 0).
    pub fn lineage(&self, code: PlaceCode) -> [PlaceCode; 2] {
        self.places
            .binary_search_by_key(&code, |p| p.code)
            .map_or([NONE; 2], |i| self.lineage[i])
    }

    /// The province a division belongs to (itself for a province).
    pub fn province_of(&self, code: PlaceCode) -> PlaceCode {
        code / 10000 * 10000
    }

    /// Whether `giver` lies in a receiving region that also gives to the
    /// region of `receiver` (Chongqing to Qamdo, Shaanxi to Ngari).
    pub fn gives_to(&self, giver: PlaceCode, receiver: PlaceCode) -> bool {
        let lineage = |c: PlaceCode| std::iter::once(c).chain(self.lineage(c));
        lineage(giver).any(|g| {
            self.gives_to
                .get(&g)
                .is_some_and(|to| lineage(receiver).any(|r| to.contains(&r)))
        })
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

    /// The context words for Chinese short names and province abbreviations.
    pub fn chinese(&self) -> &ChineseContext {
        &self.chinese
    }

    /// Whether `word` is a common Chinese surname as romanized in English.
    pub fn is_surname(&self, word: &str) -> bool {
        self.surnames.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prebuilt_matcher_is_the_one_the_embedded_tables_make() {
        let source = TableSource::embedded();
        let prebuilt = NameMatcher::deserialize(PREBUILT_MATCHER).expect("prebuilt matcher reads");
        let places = Gazetteer::load(&source)
            .expect("embedded tables load")
            .places;
        let built = name_matcher(&source, &places, &[]).expect("matcher builds");
        assert_eq!(prebuilt.aliases(), built.aliases());
        assert_eq!(prebuilt.short_forms(), built.short_forms());
        assert!(prebuilt.short_forms().position("莎车").is_some());
        assert!(prebuilt.aliases().len() > 10_000);
        let text = "wuxi allocated funds to haidong, xinjiang and 林周县 in 2019.";
        let scan = |m: &NameMatcher| {
            let mut found = Vec::new();
            let mut pos = 0;
            while let Some(hit) = m.find_from(text, pos) {
                found.push(hit);
                pos = hit.end;
            }
            found
        };
        assert_eq!(scan(&prebuilt).len(), 4);
        assert_eq!(scan(&prebuilt), scan(&built));
    }

    #[test]
    fn a_receiving_province_gives_only_where_the_table_says() {
        let gazetteer = Gazetteer::load(&TableSource::embedded()).expect("embedded tables load");
        // Chongqing (and its districts) to Qamdo (and its counties).
        assert!(gazetteer.gives_to(500000, 540300));
        assert!(gazetteer.gives_to(500101, 540321));
        assert!(!gazetteer.gives_to(540300, 500000));
        assert!(!gazetteer.gives_to(500000, 653100));
        assert!(gazetteer.gives_to(610000, 542521));
        assert!(!gazetteer.gives_to(370000, 500000));
    }

    #[test]
    fn malformed_prebuilt_bytes_are_refused() {
        let bytes = NameMatcher::deserialize(PREBUILT_MATCHER)
            .expect("prebuilt matcher reads")
            .serialize();
        assert_eq!(bytes, PREBUILT_MATCHER);
        assert!(NameMatcher::deserialize(&bytes[..bytes.len() / 2]).is_none());
        assert!(NameMatcher::deserialize(&[]).is_none());
    }

    #[test]
    fn longest_prefix_backs_off_to_shorter_aliases() {
        let gazetteer = Gazetteer::load(&TableSource::embedded()).expect("embedded tables load");
        let matcher = gazetteer.matcher();
        let text = "xinjiang uygur autonomous region";
        let longest = matcher.find_from(text, 0).expect("a name");
        assert_eq!(longest.end, text.len());
        let shorter = matcher
            .longest_prefix(text, 0, longest.end - 1)
            .expect("a shorter name");
        assert_eq!(&text[..shorter.end], "xinjiang");
        assert_eq!(gazetteer.alias_text(shorter.pattern), "xinjiang");
    }
}
