//! Prebuilds the gazetteer's name matcher for the embedded tables, so the
//! binary deserializes it at start-up (about 1 ms) instead of building it
//! (tens of milliseconds). The alias rules are the library's own
//! (`src/gazetteer/names.rs`), compiled here too; the library builds the
//! matcher itself when `--gazetteer DIR` overrides `places.tsv` or one of
//! the name tables.

#[allow(dead_code)]
#[path = "src/table.rs"]
mod table;

#[allow(dead_code)]
#[path = "src/gazetteer/names.rs"]
mod names;

use std::path::PathBuf;

use names::{Division, NameMatcher, alias_set, parse_code};
use table::Table;

fn read(name: &str) -> Table {
    let path = format!("gazetteers/{name}");
    println!("cargo::rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Table::parse(name, &text).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    println!("cargo::rerun-if-changed=src/table.rs");
    println!("cargo::rerun-if-changed=src/gazetteer/names.rs");
    let places = read("places.tsv");
    let column = |name: &str| places.column(name).unwrap_or_else(|e| panic!("{e}"));
    let (c_code, c_level, c_zh) = (column("code"), column("level"), column("name_zh"));
    let mut divisions: Vec<Division> = places
        .rows
        .iter()
        .map(|row| Division {
            code: parse_code(&places, row, row.get(c_code)).unwrap_or_else(|e| panic!("{e}")),
            county: row.get(c_level) == "county",
            name_zh: row.get(c_zh),
        })
        .collect();
    divisions.sort_by_key(|d| d.code);
    let set = alias_set(&divisions, |name| Ok(read(name))).unwrap_or_else(|e| panic!("{e}"));
    let matcher = NameMatcher::build(set).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("names.daac"), matcher.serialize()).expect("OUT_DIR is writable");
}
