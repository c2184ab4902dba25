//! Language knowledge as data: the TSV tables under `gazetteers/`, embedded
//! in the binary at compile time and overridable from a directory
//! (`--gazetteer DIR`): file by file (`DIR/places.tsv` replaces the table),
//! or row by row (`DIR/places.local.tsv` adds and overrides rows). One
//! loader reads them all and reports the file and line of a bad row.

use std::path::{Path, PathBuf};

pub use crate::table::{KnowledgeError, Row, Table};

use crate::gazetteer::Gazetteer;
use crate::stage::{chunk, clean, dates, link, normalize, quantities, segment};

/// Every table the crate knows, with its embedded default contents.
pub const EMBEDDED_TABLES: &[(&str, &str)] = &[
    ("places.tsv", include_str!("../gazetteers/places.tsv")),
    ("aliases.tsv", include_str!("../gazetteers/aliases.tsv")),
    ("exonyms.tsv", include_str!("../gazetteers/exonyms.tsv")),
    (
        "former_names.tsv",
        include_str!("../gazetteers/former_names.tsv"),
    ),
    (
        "prominence.tsv",
        include_str!("../gazetteers/prominence.tsv"),
    ),
    (
        "assistance_roles.tsv",
        include_str!("../gazetteers/assistance_roles.tsv"),
    ),
    (
        "organization_suffixes.tsv",
        include_str!("../gazetteers/organization_suffixes.tsv"),
    ),
    ("surnames.tsv", include_str!("../gazetteers/surnames.tsv")),
    (
        "newspapers.tsv",
        include_str!("../gazetteers/newspapers.tsv"),
    ),
    (
        "short_name_contexts.tsv",
        include_str!("../gazetteers/short_name_contexts.tsv"),
    ),
    (
        "short_name_guards.tsv",
        include_str!("../gazetteers/short_name_guards.tsv"),
    ),
    (
        "province_abbreviations.tsv",
        include_str!("../gazetteers/province_abbreviations.tsv"),
    ),
    (
        "abbreviation_contexts.tsv",
        include_str!("../gazetteers/abbreviation_contexts.tsv"),
    ),
    (
        "boilerplate.tsv",
        include_str!("../gazetteers/boilerplate.tsv"),
    ),
    (
        "abbreviations.tsv",
        include_str!("../gazetteers/abbreviations.tsv"),
    ),
    (
        "currencies.tsv",
        include_str!("../gazetteers/currencies.tsv"),
    ),
    ("scales.tsv", include_str!("../gazetteers/scales.tsv")),
    (
        "number_words.tsv",
        include_str!("../gazetteers/number_words.tsv"),
    ),
    (
        "count_nouns.tsv",
        include_str!("../gazetteers/count_nouns.tsv"),
    ),
    (
        "qualifiers.tsv",
        include_str!("../gazetteers/qualifiers.tsv"),
    ),
    (
        "nonflow_cues.tsv",
        include_str!("../gazetteers/nonflow_cues.tsv"),
    ),
    ("months.tsv", include_str!("../gazetteers/months.tsv")),
    (
        "time_words.tsv",
        include_str!("../gazetteers/time_words.tsv"),
    ),
    ("lexicon.tsv", include_str!("../gazetteers/lexicon.tsv")),
    (
        "traditional.tsv",
        include_str!("../gazetteers/traditional.tsv"),
    ),
    ("frames.tsv", include_str!("../gazetteers/frames.tsv")),
];

/// Where tables are read from: the embedded defaults, optionally overridden
/// by the files present in a directory.
#[derive(Debug, Clone, Default)]
pub struct TableSource {
    dir: Option<PathBuf>,
}

impl TableSource {
    /// The tables compiled into the binary.
    pub fn embedded() -> TableSource {
        TableSource { dir: None }
    }

    /// Tables from `dir`; a table absent from `dir` falls back to the embedded one.
    pub fn dir(dir: impl Into<PathBuf>) -> TableSource {
        TableSource {
            dir: Some(dir.into()),
        }
    }

    /// Reads and parses the table `name` (e.g. `places.tsv`): `DIR/name`
    /// if present, else the embedded one; then the rows of
    /// `DIR/NAME.local.tsv`, if present, are merged in ([`Table::merge`]).
    pub fn table(&self, name: &str) -> Result<Table, KnowledgeError> {
        let mut table = match self.read(name)? {
            Some(table) => table,
            None => {
                let text = EMBEDDED_TABLES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, t)| *t)
                    .ok_or_else(|| KnowledgeError {
                        file: name.to_string(),
                        line: 0,
                        message: "no such table".to_string(),
                    })?;
                Table::parse(name, text)?
            }
        };
        if let Some(overlay) = self.read(&local_name(name))? {
            table.merge(overlay)?;
        }
        Ok(table)
    }

    /// `DIR/name` parsed, if the override directory has it.
    fn read(&self, name: &str) -> Result<Option<Table>, KnowledgeError> {
        let Some(path) = self.dir.as_ref().map(|dir| dir.join(name)) else {
            return Ok(None);
        };
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| KnowledgeError {
            file: path.display().to_string(),
            line: 0,
            message: e.to_string(),
        })?;
        Table::parse(&path.display().to_string(), &text).map(Some)
    }

    /// Whether table `name` is read from the override directory, whole or
    /// through an overlay (`NAME.local.tsv`).
    pub fn overrides(&self, name: &str) -> bool {
        self.dir
            .as_ref()
            .is_some_and(|dir| dir.join(name).exists() || dir.join(local_name(name)).exists())
    }

    /// The override directory, if any.
    pub fn override_dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

/// The overlay file of table `name`: `places.tsv` → `places.local.tsv`.
pub fn local_name(name: &str) -> String {
    match name.strip_suffix(".tsv") {
        Some(stem) => format!("{stem}.local.tsv"),
        None => format!("{name}.local"),
    }
}

/// Everything the stages know: the gazetteer and every lexicon, loaded once
/// and shared read-only across threads.
#[derive(Debug)]
pub struct Knowledge {
    /// The words the chunk stage marks.
    pub words: chunk::lexicon::Lexicon,
    /// Character tables of the reading view.
    pub scripts: normalize::Scripts,
    /// Places, aliases and the name matcher.
    pub gazetteer: Gazetteer,
    /// Boilerplate markers for the clean stage.
    pub boilerplate: clean::Boilerplate,
    /// Abbreviations that do not end a sentence.
    pub abbreviations: segment::Abbreviations,
    /// Currency, scale, number, count-noun, qualifier and non-flow lexicons.
    pub quantities: quantities::Lexicon,
    /// Month names for header dates.
    pub dates: dates::Lexicon,
    /// The linking frames.
    pub frames: link::Frames,
}

impl Knowledge {
    /// Loads every table from `source`.
    /// Two threads share the work: compiling the date patterns takes about as
    /// long as everything else.
    pub fn load(source: &TableSource) -> Result<Knowledge, KnowledgeError> {
        std::thread::scope(|scope| {
            let patterns = scope.spawn(|| dates::Lexicon::load(source));
            let quantities = quantities::Lexicon::load(source);
            let gazetteer = Gazetteer::load(source);
            let boilerplate = clean::Boilerplate::load(source);
            let abbreviations = segment::Abbreviations::load(source);
            let frames = link::Frames::load(source);
            let scripts = normalize::Scripts::load(source);
            let words = chunk::lexicon::Lexicon::load(source);
            let patterns = match patterns.join() {
                Ok(loaded) => loaded,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // Errors are reported in table order, as if loaded one by one.
            let (gazetteer, boilerplate, abbreviations) =
                (gazetteer?, boilerplate?, abbreviations?);
            let (quantities, dates) = (quantities?, patterns?);
            Ok(Knowledge {
                scripts: scripts?,
                words: words?,
                gazetteer,
                boilerplate,
                abbreviations,
                quantities,
                dates,
                frames: frames?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_table_parses() {
        for (name, text) in EMBEDDED_TABLES {
            let table = Table::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!table.header.is_empty(), "{name} has no header");
        }
    }

    #[test]
    fn bad_row_reports_file_and_line() {
        let err = Table::parse("t.tsv", "# c\na\tb\nx\ty\nx\ty\tz\n").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("t.tsv", 4));
    }

    #[test]
    fn overlay_rows_add_and_override_by_key() {
        let mut table =
            Table::parse("t.tsv", "key\tvalue\tnote\nA\t1\tx\nA\t2\tx\nB\t3\tx\n").expect("parses");
        let overlay = Table::parse("t.local.tsv", "value\tkey\na-new\ta\nc\tC\n").expect("parses");
        table.merge(overlay).expect("merges");
        let rows: Vec<Vec<&str>> = table
            .rows
            .iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect();
        // Both rows of key A (case ignored) replaced; B kept; C added.
        assert_eq!(
            rows,
            [
                vec!["B", "3", "x"],
                vec!["a", "a-new", ""],
                vec!["C", "c", ""]
            ]
        );
        let err = table.error(&table.rows[2], "bad");
        assert_eq!((err.file.as_str(), err.line), ("t.local.tsv", 3));
        let unknown = Table::parse("u.local.tsv", "key\tcolour\n").expect("parses");
        assert!(table.merge(unknown).unwrap_err().message.contains("colour"));
        assert_eq!(local_name("places.tsv"), "places.local.tsv");
    }

    #[test]
    fn embedded_knowledge_loads() {
        Knowledge::load(&TableSource::embedded()).unwrap_or_else(|e| panic!("{e}"));
    }
}
