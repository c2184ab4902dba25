//! Per-stage benchmarks on a fixed slice of articles, so a regression in one
//! stage shows on its own: normalize (the reading view), clean, segment,
//! places, quantities, dates, chunk, link, JSON write, the whole pipeline,
//! and loading the embedded knowledge (start-up).
//!
//! ```sh
//! cargo bench --bench stages                      # the fixture articles
//! PAIRAID_BENCH_INPUT=target/bench/corpus_500.jsonl cargo bench --bench stages
//! ```
//!
//! Each stage is measured on documents that already carry the layers of the
//! stages before it (prepared outside the timed loop), over the whole slice.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use pairaid::document::{Article, Document};
use pairaid::input::{ArticleReader, Source};
use pairaid::knowledge::{Knowledge, TableSource};
use pairaid::limits;
use pairaid::sink::jsonl::JsonlSink;
use pairaid::sink::{ArticleOutcome, Sink};
use pairaid::stage::{chunk, clean, dates, link, normalize, places, quantities, segment};
use pairaid::{Event, Pipeline};

/// The fixture articles (every `.txt` and `.jsonl` under `fixtures/articles`),
/// or the file/directory named by `PAIRAID_BENCH_INPUT`.
fn articles() -> Vec<Article> {
    let sources = match std::env::var_os("PAIRAID_BENCH_INPUT") {
        Some(arg) => vec![Source::classify(&arg.to_string_lossy()).expect("PAIRAID_BENCH_INPUT")],
        None => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .expect("fixtures/articles")
                .map(|e| e.expect("directory entry").path())
                .collect();
            files.sort();
            files
                .iter()
                .filter_map(|p| Source::classify(&p.to_string_lossy()).ok())
                .collect()
        }
    };
    ArticleReader::new(sources)
        .filter_map(Result::ok)
        .map(|read| read.article)
        .collect()
}

/// One annotating stage.
type Step<'k> = Box<dyn Fn(&mut Document) + 'k>;

/// The annotating stages in the pipeline's order, by name (segment
/// includes cutting overlong sentences, as the pipeline does).
fn steps(k: &Knowledge) -> Vec<(&'static str, Step<'_>)> {
    vec![
        (
            "normalize",
            Box::new(|d| {
                if let Some(view) = normalize::view(&d.text, &k.scripts) {
                    d.set_view(view);
                }
            }),
        ),
        ("clean", Box::new(|d| clean::mark(d, &k.boilerplate))),
        (
            "segment",
            Box::new(|d| {
                segment::split(d, &k.abbreviations);
                limits::cut_long_sentences(d, limits::MAX_SENTENCE_BYTES);
            }),
        ),
        ("places", Box::new(|d| places::find(d, &k.gazetteer))),
        (
            "quantities",
            Box::new(|d| quantities::read(d, &k.quantities)),
        ),
        ("dates", Box::new(|d| dates::read(d, &k.dates))),
        (
            "chunk",
            Box::new(|d| chunk::chunk(d, &k.words, &k.gazetteer)),
        ),
    ]
}

/// Documents with every layer up to (not including) the stage `upto`.
fn prepared(k: &Knowledge, articles: &[Article], upto: usize) -> Vec<Document> {
    let steps = steps(k);
    articles
        .iter()
        .map(|a| {
            let mut doc = Document::new(a.clone());
            for (_, step) in &steps[..upto] {
                step(&mut doc);
            }
            doc
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let k = pipeline.knowledge();
    let articles = articles();
    let bytes: u64 = articles.iter().map(|a| a.text.len() as u64).sum();

    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(bytes));
    let steps = steps(k);
    for (i, (name, step)) in steps.iter().enumerate() {
        let input = prepared(k, &articles, i);
        group.bench_function(*name, |b| {
            b.iter_batched(
                || input.clone(),
                |mut docs| {
                    for doc in &mut docs {
                        step(doc);
                    }
                    docs
                },
                BatchSize::LargeInput,
            )
        });
    }

    let docs = prepared(k, &articles, steps.len());
    group.bench_function("link", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| link::link(black_box(d), k).len())
                .sum::<usize>()
        })
    });

    let outcomes: Vec<ArticleOutcome> = docs
        .iter()
        .map(|d| ArticleOutcome {
            article_id: d.id.clone(),
            origin: d.origin.clone(),
            published: d.published,
            error: None,
            events: link::link(d, k),
            ..ArticleOutcome::default()
        })
        .collect();
    let events: usize = outcomes.iter().map(|o| o.events.len()).sum();
    let mut out = Vec::with_capacity(1 << 20);
    group.bench_function("json_write", |b| {
        b.iter(|| {
            out.clear();
            let mut sink = JsonlSink::new(&mut out);
            for o in &outcomes {
                sink.write(black_box(o)).expect("writing to memory");
            }
            sink.finish().expect("flush to memory");
            out.len()
        })
    });

    group.bench_function("pipeline", |b| {
        b.iter_batched(
            || articles.clone(),
            |articles| {
                articles
                    .into_iter()
                    .map(|a| pipeline.extract(a).events)
                    .collect::<Vec<Vec<Event>>>()
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
    eprintln!(
        "stage benchmarks: {} articles, {bytes} bytes, {events} events",
        articles.len()
    );
}

fn startup(c: &mut Criterion) {
    c.bench_function("startup/knowledge_load", |b| {
        b.iter(|| Knowledge::load(&TableSource::embedded()).expect("embedded tables load"))
    });
}

criterion_group!(benches, stages, startup);
criterion_main!(benches);
