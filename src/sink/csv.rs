//! CSV sink: one row per event, flattened columns, a header row, RFC 4180
//! quoting (fields with commas, quotes or line breaks are quoted, quotes
//! doubled). Columns are listed in [`COLUMNS`]; `docs/OUTPUTS.md` explains
//! each. Absent values (`null` in JSONL) are empty fields.
//!
//! NUL characters are dropped from every field: PostgreSQL refuses a whole
//! `\copy` over one, and DuckDB reads it as the end of the field. Article
//! text has none (the readers read NUL as a space); an article id from
//! JSONL may. Every other character, control characters included, is
//! written as it is, inside quotes when needed.

use std::io::Write;

use super::{ArticleOutcome, Sink};
use crate::event::Event;

/// The header row, in column order.
pub const COLUMNS: [&str; 18] = [
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
                .from_writer(out),
        }
    }
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The event's fields in [`COLUMNS`] order.
pub fn row(event: &Event) -> [String; 18] {
    let q = event.quantity.as_ref();
    let join = |f: fn(&crate::event::PlaceRef) -> &str| {
        event
            .recipients
            .iter()
            .map(f)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR)
    };
    [
        event.id.clone(),
        event.article_id.clone(),
        event.kind.as_str().to_string(),
        opt(event.donor.as_ref().map(|d| &d.code)),
        opt(event.donor.as_ref().map(|d| &d.name)),
        join(|p| &p.code),
        join(|p| &p.name),
        opt(q.map(|q| q.value)),
        opt(q.map(|q| &q.unit)),
        opt(q.map(|q| qualifier_str(q.qualifier))),
        opt(event.role.as_ref()),
        opt(event.year),
        opt(event.since),
        event.evidence.start.to_string(),
        event.evidence.end.to_string(),
        event.evidence.text.clone(),
        event.confidence.to_string(),
        event.rule.clone(),
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
            let mut fields = row(event);
            for field in fields.iter_mut().filter(|f| f.contains('\0')) {
                field.retain(|c| c != '\0');
            }
            self.out.write_record(fields).map_err(io)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
