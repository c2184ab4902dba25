//! JSONL sink: one `pairaid.event/1` record per line, fields in schema
//! order, then `article` (URL, title, publication date) when the input gave
//! any of them. On request ([`Accounting`]) the stream also accounts for
//! every input: a `pairaid.error/1` record for an input that failed, and a
//! `pairaid.article/1` record after each article's events
//! (`schema/error.schema.json`, `schema/article.schema.json`).

use std::io::Write;

use serde::Serialize;

use super::{ArticleOutcome, ArticleRef, Sink};
use crate::event::Event;

/// An event with its article's provenance after the contract's fields.
#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    event: &'a Event,
    article: &'a ArticleRef<'a>,
}

/// An input that failed (`pairaid.error/1`).
#[derive(Serialize)]
struct ErrorRecord<'a> {
    schema: &'static str,
    article_id: Option<&'a str>,
    source: &'a str,
    line: Option<u64>,
    reason: &'a str,
}

/// An article read, and how many events it gave (`pairaid.article/1`).
#[derive(Serialize)]
struct ArticleRecord<'a> {
    schema: &'static str,
    article_id: &'a str,
    source: &'a str,
    line: Option<u64>,
    events: usize,
}

/// Which records besides events the stream carries, so that every input is
/// accounted for on the stream itself (an engine such as Spark sees only it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accounting {
    /// A `pairaid.error/1` record for each input that failed (`--on-error record`).
    pub errors: bool,
    /// A `pairaid.article/1` record after each article's events (`--emit-articles`).
    pub articles: bool,
}

/// Writes events as JSON lines to any writer.
pub struct JsonlSink<W: Write> {
    out: W,
    accounting: Accounting,
    /// One line, serialised whole before it is written: a few large
    /// writes cost less than serde's many small ones.
    line: Vec<u8>,
}

impl<W: Write> JsonlSink<W> {
    /// A sink writing to `out` (wrap files in a `BufWriter`), events only.
    pub fn new(out: W) -> JsonlSink<W> {
        JsonlSink {
            out,
            accounting: Accounting::default(),
            line: Vec::new(),
        }
    }

    /// The same sink, also writing the records `accounting` asks for.
    pub fn accounting(self, accounting: Accounting) -> JsonlSink<W> {
        JsonlSink { accounting, ..self }
    }

    fn line(&mut self, record: &impl Serialize) -> std::io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, record)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }

    /// The error record of a failed input, naming its id when one was read.
    fn error(&mut self, outcome: &ArticleOutcome, reason: &str) -> std::io::Result<()> {
        let id = outcome.failed_id.as_deref();
        let id = id.or(Some(outcome.article_id.as_str()).filter(|id| !id.is_empty()));
        self.line(&ErrorRecord {
            schema: "pairaid.error/1",
            article_id: id,
            source: &outcome.origin,
            line: outcome.line,
            reason,
        })
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn begin(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()> {
        if let Some(reason) = &outcome.error {
            if self.accounting.errors {
                self.error(outcome, reason)?;
            }
            return Ok(());
        }
        let article = outcome.provenance();
        for event in &outcome.events {
            match &article {
                Some(article) => self.line(&Record { event, article })?,
                None => self.line(event)?,
            }
        }
        if self.accounting.articles {
            self.line(&ArticleRecord {
                schema: "pairaid.article/1",
                article_id: &outcome.article_id,
                source: &outcome.origin,
                line: outcome.line,
                events: outcome.events.len(),
            })?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
