//! The pipeline: the configured stages over one article, and the streaming
//! driver that runs them over many articles in parallel with deterministic,
//! ordered output and bounded memory.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::document::{Article, Document};
use crate::event::Event;
use crate::input::{ArticleReader, InputItem, Source};
use crate::knowledge::{Knowledge, KnowledgeError, TableSource};
use crate::sink::{ArticleOutcome, Sink};
use crate::stage::{clean, dates, link, places, quantities, segment};

/// The configured stages. `Send + Sync`: one pipeline serves every thread.
#[derive(Debug)]
pub struct Pipeline {
    knowledge: Knowledge,
}

/// Options for building a [`Pipeline`].
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    gazetteer_dir: Option<PathBuf>,
}

impl PipelineBuilder {
    /// Read tables from `dir`, falling back to the embedded ones for files it lacks.
    pub fn gazetteer(mut self, dir: impl Into<PathBuf>) -> PipelineBuilder {
        self.gazetteer_dir = Some(dir.into());
        self
    }

    /// Loads the knowledge and builds the pipeline.
    pub fn build(self) -> Result<Pipeline, KnowledgeError> {
        let source = match self.gazetteer_dir {
            Some(dir) => TableSource::dir(dir),
            None => TableSource::embedded(),
        };
        Ok(Pipeline {
            knowledge: Knowledge::load(&source)?,
        })
    }
}

/// An article with its annotation layers and the events linked from them.
#[derive(Debug)]
pub struct Extraction {
    /// The annotated document.
    pub document: Document,
    /// Its events, ordered by evidence start, ids assigned.
    pub events: Vec<Event>,
}

impl Pipeline {
    /// A builder; `Pipeline::builder().build()` uses the embedded tables.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The loaded knowledge.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Runs every stage but linking.
    pub fn annotate(&self, article: Article) -> Document {
        let k = &self.knowledge;
        let mut doc = Document::new(article);
        clean::mark(&mut doc, &k.boilerplate);
        segment::split(&mut doc, &k.abbreviations);
        places::find(&mut doc, &k.gazetteer);
        quantities::read(&mut doc, &k.quantities);
        dates::read(&mut doc, &k.dates);
        doc
    }

    /// Runs every stage and links events.
    pub fn extract(&self, article: Article) -> Extraction {
        let document = self.annotate(article);
        let events = link::link(&document, &self.knowledge);
        Extraction { document, events }
    }
}

/// Options of a bulk run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads (0 = one per core).
    pub jobs: usize,
    /// Articles processed per ordered batch; bounds memory.
    pub batch_articles: usize,
    /// Bytes of article text per ordered batch; bounds memory.
    pub batch_bytes: u64,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            jobs: 0,
            batch_articles: 512,
            batch_bytes: 8 << 20,
        }
    }
}

/// What a bulk run did, for the closing summary line.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Articles read (processed or failed).
    pub articles: u64,
    /// Inputs that failed (unreadable file, malformed line).
    pub failed: u64,
    /// Events written.
    pub events: u64,
    /// Bytes of input read.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Hooks the driver calls as it goes, for progress and messages.
pub trait Progress: Sync {
    /// An article (or failed input) of `bytes` was finished.
    fn advance(&self, bytes: u64);
    /// A message for the user (an input error or warning).
    fn message(&self, text: &str);
}

/// Reads `sources`, extracts every article in parallel batches, and writes
/// outcomes to `sink` in input order. Output bytes do not depend on `jobs`.
pub fn run(
    pipeline: &Pipeline,
    sources: Vec<Source>,
    sink: &mut dyn Sink,
    options: &RunOptions,
    progress: &dyn Progress,
) -> std::io::Result<Summary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(std::io::Error::other)?;
    let mut summary = Summary::default();
    sink.begin()?;
    // The reader runs on its own thread, one batch ahead of the workers.
    let (tx, rx) = crossbeam_channel::bounded::<Vec<InputItem>>(1);
    let (batch_articles, batch_bytes) = (options.batch_articles.max(1), options.batch_bytes.max(1));
    std::thread::scope(|scope| -> std::io::Result<()> {
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for item in ArticleReader::new(sources) {
                bytes += item.as_ref().map_or(0, |a| a.bytes);
                batch.push(item);
                if batch.len() >= batch_articles || bytes >= batch_bytes {
                    if tx.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        for batch in rx {
            let outcomes: Vec<(ArticleOutcome, u64)> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|item| {
                        let outcome = process(pipeline, item, progress);
                        progress.advance(outcome.1);
                        outcome
                    })
                    .collect()
            });
            for (outcome, bytes) in outcomes {
                summary.articles += 1;
                summary.bytes += bytes;
                summary.events += outcome.events.len() as u64;
                if outcome.error.is_some() {
                    summary.failed += 1;
                }
                sink.write(&outcome)?;
            }
        }
        Ok(())
    })?;
    sink.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn process(pipeline: &Pipeline, item: InputItem, progress: &dyn Progress) -> (ArticleOutcome, u64) {
    match item {
        Ok(read) => {
            if let Some(w) = &read.warning {
                progress.message(&format!("warning: {w}"));
            }
            let origin = read.article.origin.clone();
            let extraction = pipeline.extract(read.article);
            (
                ArticleOutcome {
                    article_id: extraction.document.id,
                    origin,
                    published: extraction.document.published,
                    error: None,
                    events: extraction.events,
                },
                read.bytes,
            )
        }
        Err(e) => {
            progress.message(&format!("error: {e}"));
            (
                ArticleOutcome {
                    article_id: String::new(),
                    origin: e.origin,
                    published: None,
                    error: Some(e.message),
                    events: Vec::new(),
                },
                0,
            )
        }
    }
}
