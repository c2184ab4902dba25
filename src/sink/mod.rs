//! Sinks: where extracted events go. Every output format implements
//! [`Sink`] (`begin`, `write`, `finish`), so they are interchangeable.
//! Each carries the articles' provenance (URL, title, publication date).

pub mod atomic;
pub mod csv;
pub mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use serde::Serialize;

use crate::document::Date;
use crate::event::Event;

/// One article's outcome, in output order.
#[derive(Debug, Clone, Default)]
pub struct ArticleOutcome {
    /// Article id (empty for an input that failed before an id was known).
    pub article_id: String,
    /// Where it came from.
    pub origin: String,
    /// Publication date as determined.
    pub published: Option<Date>,
    /// Where `published` came from: `metadata` (the input gave it), or the
    /// dates stage's rule (`header-label`, `header`, `footer`).
    pub published_source: Option<&'static str>,
    /// The article's URL, when the input gave one.
    pub url: Option<String>,
    /// The article's title, when the input gave one.
    pub title: Option<String>,
    /// `None` when processed, `Some(message)` when the input failed.
    pub error: Option<String>,
    /// The id of a failed input that has one but keeps `article_id` empty,
    /// so sinks keyed by id leave the article of that id alone (a repeated
    /// id, a JSONL line with an `id` and no `text`); for error records.
    pub failed_id: Option<String>,
    /// The JSONL line (1-based) it was read from, for a JSONL input.
    pub line: Option<u64>,
    /// The article's events, ordered by evidence start.
    pub events: Vec<Event>,
}

/// An output for events.
pub trait Sink {
    /// Called once before the first article.
    fn begin(&mut self) -> std::io::Result<()>;
    /// Called once per article, in output order.
    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()>;
    /// Called once after the last article; flushes.
    fn finish(&mut self) -> std::io::Result<()>;
}

/// The provenance of an article as JSONL records carry it (the `article`
/// object of `schema/event.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRef<'a> {
    /// The article's URL.
    pub url: Option<&'a str>,
    /// Its title.
    pub title: Option<&'a str>,
    /// Its publication date, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`).
    pub published: Option<String>,
}

impl ArticleOutcome {
    /// The article's provenance, when the input gave any (a URL, a title or
    /// a publication date); `None` for bare texts, whose records stay as
    /// they were.
    pub fn provenance(&self) -> Option<ArticleRef<'_>> {
        let given =
            self.url.is_some() || self.title.is_some() || self.published_source == Some("metadata");
        given.then(|| ArticleRef {
            url: self.url.as_deref(),
            title: self.title.as_deref(),
            published: self.published.map(|d| d.iso()),
        })
    }
}
