//! Sinks: where extracted events go. Every output format implements
//! [`Sink`] (`begin`, `write`, `finish`), so they are interchangeable.

pub mod atomic;
pub mod csv;
pub mod jsonl;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use crate::document::Date;
use crate::event::Event;

/// One article's outcome, in output order.
#[derive(Debug, Clone)]
pub struct ArticleOutcome {
    /// Article id (empty for an input that failed before an id was known).
    pub article_id: String,
    /// Where it came from.
    pub origin: String,
    /// Publication date as determined.
    pub published: Option<Date>,
    /// `None` when processed, `Some(message)` when the input failed.
    pub error: Option<String>,
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
