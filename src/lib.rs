//! # pairaid
//!
//! pairaid reads news articles about China's pairing assistance (对口支援,
//! east-west cooperation, counterpart support) and turns them into
//! structured event records: which place gave what (money, cadres, projects,
//! investment) to which place, when, with the sentence that says so. The
//! record contract is `pairaid.event/1` (`schema/event.schema.json`).
//!
//! A [`Pipeline`] runs small stages over one [`Document`], each adding one
//! stand-off layer of byte spans into the original text:
//! clean → segment → places → quantities → dates → link.
//! Language knowledge (places, aliases, triggers, lexicons) lives in TSV
//! tables under `gazetteers/`, embedded in the binary, overridable and
//! extensible row by row (`NAME.local.tsv`, see [`knowledge::TableSource`]).
//! [`limits`] keeps the cost of any text linear in its length, and
//! [`pipeline::run`] drives many articles in parallel, refusing a repeated
//! article id and stopping cleanly on request; [`shard`] splits a corpus
//! between runs on several machines by a stable hash of the article id.
//!
//! [`input`] reads directories, text, HTML and JSONL files, gzip or zstd
//! compressed or not, in whatever encoding they come ([`input::decode`],
//! [`input::html`]; directories through [`input::walk`]); [`sink`] writes
//! JSONL, CSV, SQLite and Parquet, each with the articles' provenance, a
//! file output under a temporary name renamed when whole
//! ([`sink::atomic`]).
//!
//! Cargo features: `cli` (the `pairaid` binary), `sqlite` ([`sink::sqlite`],
//! with a bundled SQLite) and `parquet` (the Parquet sink), all on by
//! default. With `default-features = false` the library needs neither clap,
//! SQLite nor the Parquet writer.
//!
//! The totals stage ([`stage::totals`]) marks how each event enters a sum,
//! and [`report`] renders a set of events as one self-contained HTML page.
//!
//! ```
//! use pairaid::{Article, Pipeline};
//!
//! let pipeline = Pipeline::builder().build().expect("embedded tables load");
//! let article = Article {
//!     id: "example".into(),
//!     text: "Wuxi allocated 50 million yuan to Haidong in 2019.".into(),
//!     ..Article::default()
//! };
//! let events = pipeline.extract(article).events;
//! assert_eq!(events[0].quantity.as_ref().map(|q| q.value), Some(50_000_000));
//! assert_eq!(events[0].donor.as_ref().map(|p| p.code.as_str()), Some("320200"));
//! assert_eq!(events[0].recipients[0].code, "630200");
//! ```

pub mod annotation;
pub mod document;
pub mod eval;
pub mod event;
pub mod gazetteer;
pub mod input;
pub mod knowledge;
pub mod limits;
pub mod pipeline;
pub mod report;
mod seen_ids;
pub mod shard;
pub mod sink;
pub mod stage;
mod table;
pub mod token;

pub use document::{Article, Document, Span};
pub use event::Event;
pub use pipeline::{Extraction, Pipeline};

#[cfg(test)]
mod tests {
    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<crate::Pipeline>();
        check::<crate::Document>();
        check::<crate::Event>();
        check::<crate::gazetteer::Gazetteer>();
    }
}
