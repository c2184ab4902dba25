//! JSONL sink: one `pairaid.event/1` record per line, fields in schema
//! order, then `article` (URL, title, publication date) when the input gave
//! any of them.

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

/// Writes events as JSON lines to any writer.
pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    /// A sink writing to `out` (wrap files in a `BufWriter`).
    pub fn new(out: W) -> JsonlSink<W> {
        JsonlSink { out }
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn begin(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()> {
        let article = outcome.provenance();
        for event in &outcome.events {
            match &article {
                Some(article) => serde_json::to_writer(&mut self.out, &Record { event, article })?,
                None => serde_json::to_writer(&mut self.out, event)?,
            }
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
