//! The pipeline: the configured stages over one article, and the streaming
//! driver that runs them over many articles in parallel with deterministic,
//! ordered output and bounded memory.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::document::{Article, Document};
use crate::event::Event;
use crate::input::{ArticleReader, InputItem, ReadOptions, Source};
use crate::knowledge::{Knowledge, KnowledgeError, TableSource};
use crate::limits;
use crate::shard::Shard;
use crate::sink::{ArticleOutcome, Sink};
use crate::stage::{chunk, clean, dates, link, normalize, places, quantities, segment, totals};

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
    /// What a limit did to the article (a long sentence cut, see [`limits`]).
    pub warnings: Vec<String>,
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
        self.annotate_noting(article).0
    }

    /// [`Pipeline::annotate`], and the sentences it cut ([`limits`]).
    fn annotate_noting(&self, article: Article) -> (Document, Option<limits::Cut>) {
        let k = &self.knowledge;
        let mut doc = Document::new(article);
        if let Some(view) = normalize::view(&doc.text, &k.scripts) {
            doc.set_view(view);
        }
        clean::mark(&mut doc, &k.boilerplate);
        segment::split(&mut doc, &k.abbreviations);
        let cut = limits::cut_long_sentences(&mut doc, limits::MAX_SENTENCE_BYTES);
        places::find(&mut doc, &k.gazetteer);
        quantities::read(&mut doc, &k.quantities);
        dates::read(&mut doc, &k.dates);
        chunk::chunk(&mut doc, &k.words, &k.gazetteer);
        (doc, cut)
    }

    /// Runs every stage, links events and marks how each enters a sum.
    pub fn extract(&self, article: Article) -> Extraction {
        let (mut extraction, cut) = self.extract_noting(article);
        let origin = &extraction.document.origin;
        extraction.warnings.extend(cut.map(|c| c.warning(origin)));
        extraction
    }

    /// [`Pipeline::extract`] with no warnings, and the sentences it cut.
    pub(crate) fn extract_noting(&self, article: Article) -> (Extraction, Option<limits::Cut>) {
        let (document, cut) = self.annotate_noting(article);
        let mut events = link::link(&document, &self.knowledge);
        totals::mark(&document, &mut events);
        let extraction = Extraction {
            document,
            events,
            warnings: Vec::new(),
        };
        (extraction, cut)
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
    /// How inputs are read (encodings, markup, the cap on an article's
    /// bytes: a longer article is not read, it is a failed input).
    pub read: ReadOptions,
    /// Set (by a signal handler) to stop after the article being written;
    /// the summary then says `interrupted`.
    pub stop: Option<Arc<AtomicBool>>,
    /// Take only the articles of this shard ([`Shard::takes`]: by id, or
    /// by source for an input that failed before its id was read).
    pub shard: Option<Shard>,
}

/// Most worker threads a run starts per core: more only add contention
/// (extraction is CPU-bound), and `--jobs 100000` would start 100,000.
pub const MAX_JOBS_PER_CORE: usize = 4;

impl RunOptions {
    /// The worker threads a run starts: `jobs` (0: one per core), at most
    /// [`MAX_JOBS_PER_CORE`] per core.
    pub fn workers(&self) -> usize {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        match self.jobs {
            0 => cores,
            n => n.min(cores.saturating_mul(MAX_JOBS_PER_CORE)),
        }
    }
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            jobs: 0,
            batch_articles: 32,
            batch_bytes: 1 << 20,
            read: ReadOptions::default(),
            stop: None,
            shard: None,
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
    /// The run stopped early (`RunOptions::stop`); what came before was written.
    pub interrupted: bool,
    /// Id and origin of the last article written, for saying how far a run got.
    pub last: Option<(String, String)>,
}

/// Hooks the driver calls as it goes, for progress and messages.
pub trait Progress: Sync {
    /// An article (or failed input) of `bytes` was finished.
    fn advance(&self, bytes: u64);
    /// A message for the user (an input error or warning).
    fn message(&self, text: &str);
}

/// Reads `sources`, extracts every article in parallel, and writes outcomes
/// to `sink` in input order. Output bytes do not depend on `jobs`.
///
/// A reader thread cuts the input into small batches (at most
/// `batch_articles` articles or `batch_bytes` bytes) numbered in order;
/// `jobs` workers take batches as they come; this thread writes finished
/// batches in order through a reorder buffer. A sliding window of
/// `WINDOW_PER_JOB × jobs` batches bounds what is read but not yet written,
/// so memory does not grow with the input, and no worker waits at a batch
/// barrier for the slowest article of a batch.
///
/// With `options.shard`, the articles of other shards are dropped as they
/// are read, before any work on them.
///
/// An article id met a second time is a failed input naming both sources,
/// and its events are not written (see `first_use`). When
/// `options.stop` is set, the run stops after the article being written:
/// every record written is whole, the sink is finished, and the summary
/// says `interrupted`.
pub fn run(
    pipeline: &Pipeline,
    sources: Vec<Source>,
    sink: &mut dyn Sink,
    options: &RunOptions,
    progress: &dyn Progress,
) -> std::io::Result<Summary> {
    let started = Instant::now();
    let jobs = options.workers();
    let window = WINDOW_PER_JOB * jobs;
    let mut summary = Summary::default();
    sink.begin()?;
    let (batch_articles, batch_bytes) = (options.batch_articles.max(1), options.batch_bytes.max(1));
    let (read, shard) = (options.read, options.shard);
    let stop = options.stop.clone().unwrap_or_default();
    // Permits: the reader takes one per batch, the writer returns it once the batch is written.
    let (permit_tx, permit_rx) = crossbeam_channel::bounded::<()>(window);
    for _ in 0..window {
        permit_tx
            .send(())
            .expect("the permit channel holds a whole window");
    }
    let (work_tx, work_rx) = crossbeam_channel::bounded::<(usize, Vec<InputItem>)>(window);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<(usize, Finished)>(window);
    // Not a scoped thread: on a stop it may be blocked reading standard
    // input, and nothing must wait for it then.
    let reader = std::thread::spawn(move || {
        let mut batch = Vec::new();
        let mut bytes = 0;
        let mut seq = 0;
        let mut send = |batch: Vec<InputItem>| {
            // No permit: the writer stopped (an output error); stop reading.
            if permit_rx.recv().is_err() || work_tx.send((seq, batch)).is_err() {
                return false;
            }
            seq += 1;
            true
        };
        let items = ArticleReader::with_options(sources, read);
        for item in items.filter(|item| shard.is_none_or(|s| s.takes(shard_key(item)))) {
            bytes += item.as_ref().map_or(0, |a| a.bytes);
            batch.push(item);
            if (batch.len() >= batch_articles || bytes >= batch_bytes)
                && !send(std::mem::take(&mut batch))
            {
                return;
            }
            if batch.is_empty() {
                bytes = 0;
            }
        }
        if !batch.is_empty() {
            send(batch);
        }
    });
    // The workers are tasks on a rayon pool of `jobs` threads; this thread
    // writes. The channel ends move into the scope, so an early return (an
    // output error, a stop) closes them, and the workers stop.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(std::io::Error::other)?;
    let (summary_mut, sink_mut, stop_ref) = (&mut summary, &mut *sink, &stop);
    let finished = pool.in_place_scope(move |tasks| -> std::io::Result<bool> {
        let (summary, sink, stop) = (summary_mut, sink_mut, stop_ref);
        let (permit_tx, done_rx) = (permit_tx, done_rx);
        // Never sent on: dropped when this closure returns, which wakes idle workers.
        let (_quit_tx, quit_rx) = crossbeam_channel::bounded::<()>(0);
        for _ in 0..jobs {
            let (work_rx, done_tx, quit_rx) = (work_rx.clone(), done_tx.clone(), quit_rx.clone());
            tasks.spawn(move |_| {
                loop {
                    let (seq, batch) = crossbeam_channel::select! {
                        recv(work_rx) -> batch => match batch {
                            Ok(batch) => batch,
                            Err(_) => return,
                        },
                        recv(quit_rx) -> _ => return,
                    };
                    // A panic is carried to the writer, which re-raises it in
                    // order instead of waiting forever for the batch.
                    let finished = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        batch
                            .into_iter()
                            .take_while(|_| !stop.load(Ordering::Relaxed))
                            .map(|item| {
                                let outcome = process(pipeline, item, progress);
                                progress.advance(outcome.1);
                                outcome
                            })
                            .collect()
                    }));
                    if done_tx.send((seq, finished)).is_err() {
                        return;
                    }
                }
            });
        }
        drop((work_rx, done_tx, quit_rx));
        let mut pending: BTreeMap<usize, Vec<(ArticleOutcome, u64)>> = BTreeMap::new();
        let mut next = 0;
        let mut ids = crate::seen_ids::SeenIds::default();
        loop {
            let (seq, finished) = match done_rx.recv_timeout(std::time::Duration::from_millis(100))
            {
                Ok(done) => done,
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                    if stop.load(Ordering::Relaxed) {
                        return Ok(false);
                    }
                    continue;
                }
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Ok(true),
            };
            match finished {
                Ok(outcomes) => pending.insert(seq, outcomes),
                Err(panic) => std::panic::resume_unwind(panic),
            };
            while let Some(outcomes) = pending.remove(&next) {
                next += 1;
                for (outcome, bytes) in outcomes {
                    if stop.load(Ordering::Relaxed) {
                        return Ok(false);
                    }
                    let outcome = first_use(&mut ids, outcome, progress);
                    summary.articles += 1;
                    summary.bytes += bytes;
                    summary.events += outcome.events.len() as u64;
                    if outcome.error.is_some() {
                        summary.failed += 1;
                    }
                    sink.write(&outcome)?;
                    if !outcome.article_id.is_empty() {
                        summary.last = Some((outcome.article_id, outcome.origin));
                    }
                }
                // The reader may have finished already; then nobody needs it.
                let _ = permit_tx.send(());
            }
        }
    })?;
    if finished {
        if let Err(panic) = reader.join() {
            std::panic::resume_unwind(panic);
        }
    } else {
        summary.interrupted = true;
    }
    sink.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Lets an article id through once: an id met again makes that article a
/// failed input (its events are dropped) whose message names both
/// sources, so every sink holds what the summary counts. `ids` grows by
/// the id and about 40 bytes per article (a JSONL file's path is kept once).
fn first_use(
    ids: &mut crate::seen_ids::SeenIds,
    outcome: ArticleOutcome,
    progress: &dyn Progress,
) -> ArticleOutcome {
    if outcome.article_id.is_empty() {
        return outcome;
    }
    match ids.first_origin(&outcome.article_id, &outcome.origin, outcome.line) {
        None => outcome,
        Some(first) => {
            let twice = if first == outcome.origin {
                " (the same input given twice)"
            } else {
                ""
            };
            let message = format!(
                "article id {:?} already read from {first}{twice}; this article is skipped (give it another id)",
                crate::input::clip(&outcome.article_id, 200)
            );
            progress.message(&format!("error: {}: {message}", outcome.origin));
            // No id: a sink keyed by id must not replace the first article.
            ArticleOutcome {
                origin: outcome.origin,
                error: Some(message),
                failed_id: Some(outcome.article_id),
                line: outcome.line,
                ..ArticleOutcome::default()
            }
        }
    }
}

/// What `--shard` hashes: the article id, else (an input that failed
/// before an id was read) its source, so each input is in exactly one shard.
fn shard_key(item: &InputItem) -> &str {
    match item {
        Ok(read) => &read.article.id,
        Err(e) => e.article_id.as_deref().unwrap_or(&e.origin),
    }
}

/// Batches in flight (read, being extracted, or waiting to be written) per worker.
const WINDOW_PER_JOB: usize = 4;

/// A batch's outcomes, or the panic that interrupted it.
type Finished = std::thread::Result<Vec<(ArticleOutcome, u64)>>;

fn process(pipeline: &Pipeline, item: InputItem, progress: &dyn Progress) -> (ArticleOutcome, u64) {
    match item {
        Ok(read) => {
            if let Some(w) = &read.warning {
                progress.message(&format!("warning: {w}"));
            }
            let origin = read.article.origin.clone();
            let id = read.article.id.clone();
            let (url, title, line) = (
                read.article.url.clone(),
                read.article.title.clone(),
                read.line,
            );
            // A bug that panics on one article fails that article, not the run.
            let extraction = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                limits::extract_in_parts(pipeline, read.article, limits::PART_BYTES)
            }));
            if let Ok(extraction) = &extraction {
                for w in &extraction.warnings {
                    progress.message(&format!("warning: {w}"));
                }
            }
            let outcome = match extraction {
                Ok(extraction) => ArticleOutcome {
                    article_id: extraction.document.id,
                    origin,
                    published: extraction.document.published,
                    published_source: extraction.document.published_source,
                    url,
                    title,
                    error: None,
                    events: extraction.events,
                    line,
                    ..ArticleOutcome::default()
                },
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    let message = format!(
                        "{origin}: internal error in article {id:?} ({}); please report it",
                        crate::input::clip(&what, 300)
                    );
                    progress.message(&format!("error: {message}"));
                    ArticleOutcome {
                        article_id: id,
                        origin,
                        url,
                        title,
                        error: Some(message),
                        line,
                        ..ArticleOutcome::default()
                    }
                }
            };
            (outcome, read.bytes)
        }
        Err(e) => {
            progress.message(&format!("error: {e}"));
            (
                ArticleOutcome {
                    origin: e.origin,
                    error: Some(e.message),
                    failed_id: e.article_id,
                    line: e.line,
                    ..ArticleOutcome::default()
                },
                0,
            )
        }
    }
}
