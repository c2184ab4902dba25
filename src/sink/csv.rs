//! CSV sink: one row per event, flattened columns, a header row, RFC 4180
//! quoting. Text columns (ids, codes, names, units, evidence) are always
//! quoted, numbers never, and absent values (`null` in JSONL) are empty
//! unquoted fields, so a reader that honours quotes (PostgreSQL `COPY`:
//! NULL vs text; Python's `csv.QUOTE_NONNUMERIC`; spreadsheet imports that
//! keep quoted fields as text) keeps place codes as text. Columns are listed
//! in [`COLUMNS`]; `docs/OUTPUTS.md` explains each, and how to read the
//! codes as text in pandas, Polars and DuckDB, which infer types whatever
//! the quotes say.
//!
//! NUL characters are dropped from every field: PostgreSQL refuses a whole
//! `\copy` over one, and DuckDB reads it as the end of the field. Article
//! text has none (the readers read NUL as a space); an article id, URL or
//! title from JSONL may. Every other character, control characters
//! included, is written as it is, inside quotes.

use std::io::Write;

use super::{ArticleOutcome, Sink};
use crate::event::Event;

/// The header row, in column order.
pub const COLUMNS: [&str; 26] = [
    "id",
    "article_id",
    "type",
    "donor_code",
    "donor_name",
    "recipient_codes",
    "recipient_names",
    "value",
    "unit",
    "qualifier",
    "role",
    "year",
    "since",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "confidence",
    "rule",
    "published",
    "article_url",
    "article_title",
    "part_of",
    "scope",
    "status",
    "flow_key",
    "aggregate",
];

/// Separator of the place codes and names joined in one field.
pub const LIST_SEPARATOR: &str = ";";

/// Writes events as CSV rows to any writer.
pub struct CsvSink<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    /// A sink writing to `out` (the csv writer buffers; no `BufWriter` needed).
    pub fn new(out: W) -> CsvSink<W> {
        CsvSink {
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                // Fields arrive quoted by `text` (below): text always, numbers never.
                .quote_style(csv::QuoteStyle::Never)
                .from_writer(out),
        }
    }
}

/// A text field: quoted, inner quotes doubled, NUL characters dropped;
/// absent: empty, unquoted.
fn text<T: AsRef<str>>(value: Option<T>) -> String {
    value.map_or_else(String::new, |v| {
        let v = v.as_ref();
        let mut field = String::with_capacity(v.len() + 2);
        field.push('"');
        for c in v.chars() {
            match c {
                '"' => field.push_str("\"\""),
                '\0' => {}
                c => field.push(c),
            }
        }
        field.push('"');
        field
    })
}

/// A number field: as written; absent: empty.
fn number<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The event's fields in [`COLUMNS`] order, quoted for the file, with its
/// article's provenance.
pub fn row(event: &Event, article: &ArticleOutcome) -> [String; 26] {
    let q = event.quantity.as_ref();
    let join = |f: fn(&crate::event::PlaceRef) -> &str| {
        let joined = event
            .recipients
            .iter()
            .map(f)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR);
        (!joined.is_empty()).then_some(joined)
    };
    [
        text(Some(&event.id)),
        text(Some(&event.article_id)),
        text(Some(event.kind.as_str())),
        text(event.donor.as_ref().map(|d| &d.code)),
        text(event.donor.as_ref().map(|d| &d.name)),
        text(join(|p| &p.code)),
        text(join(|p| &p.name)),
        number(q.map(|q| q.value)),
        text(q.map(|q| &q.unit)),
        text(q.map(|q| qualifier_str(q.qualifier))),
        text(event.role.as_ref()),
        number(event.year),
        number(event.since),
        number(Some(event.evidence.start)),
        number(Some(event.evidence.end)),
        text(Some(&event.evidence.text)),
        number(Some(event.confidence)),
        text(Some(&event.rule)),
        text(article.published.map(|d| d.iso())),
        text(article.url.as_ref()),
        text(article.title.as_ref()),
        text(event.totals.part_of.as_ref()),
        text(Some(event.totals.scope.as_str())),
        text(Some(event.totals.status.as_str())),
        text(event.totals.flow_key.as_ref()),
        number(Some(event.totals.aggregate)),
    ]
}

/// The qualifier's name as written in records.
pub fn qualifier_str(q: crate::document::Qualifier) -> &'static str {
    use crate::document::Qualifier;
    match q {
        Qualifier::Exact => "exact",
        Qualifier::Approx => "approx",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
    }
}

fn io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn begin(&mut self) -> std::io::Result<()> {
        self.out.write_record(COLUMNS).map_err(io)
    }

    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()> {
        for event in &outcome.events {
            self.out.write_record(row(event, outcome)).map_err(io)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
