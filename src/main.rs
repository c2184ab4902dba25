//! The `pairaid` binary: parse arguments, build the pipeline, drive it, map
//! the outcome to an exit code: 0 ok, 1 some input failed, 2 usage error,
//! an output that cannot be written or bad input to `report`, 130/143
//! stopped by SIGINT/SIGTERM.

mod cli;

use std::io::{BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, Command, EvalArgs, InputArgs, OnError, OutputFormat, StreamArgs};
use pairaid::annotation::{document_json, place_json};
use pairaid::input::{ArticleReader, Source};
use pairaid::pipeline::{Progress, RunOptions, Summary, run};
use pairaid::sink::Sink;
use pairaid::sink::atomic::AtomicPath;
use pairaid::sink::csv::CsvSink;
use pairaid::sink::jsonl::{Accounting, JsonlSink};
use pairaid::sink::sqlite::SqliteSink;
use pairaid::{Article, Pipeline};

/// The process allocator (see `Cargo.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Progress on stderr: a bar when stderr is a terminal, plain messages otherwise.
struct Reporter {
    bar: ProgressBar,
}

impl Progress for Reporter {
    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn message(&self, text: &str) {
        self.bar.suspend(|| eprintln!("pairaid: {text}"));
    }
}

fn reporter(total: Option<u64>, quiet: bool) -> Reporter {
    let bar = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::no_length(),
    };
    if quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}")
            .expect("static template is valid"),
    );
    Reporter { bar }
}

/// Loads the pipeline for the rest of the process. It is leaked on purpose:
/// freeing its tables at exit would cost more than a small run's work.
fn pipeline(gazetteer: Option<&std::path::Path>) -> anyhow::Result<&'static Pipeline> {
    let mut builder = Pipeline::builder();
    if let Some(dir) = gazetteer {
        anyhow::ensure!(
            dir.is_dir(),
            "--gazetteer {}: not a directory",
            dir.display()
        );
        builder = builder.gazetteer(dir);
    }
    let pipeline = builder.build().context("cannot load the gazetteer")?;
    Ok(Box::leak(Box::new(pipeline)))
}

fn sources(input: &InputArgs) -> anyhow::Result<Vec<Source>> {
    input
        .inputs
        .iter()
        .map(|a| Source::classify(a).map_err(anyhow::Error::msg))
        .collect()
}

fn summary_line(s: &Summary) -> String {
    let mb = s.bytes as f64 / 1e6;
    format!(
        "pairaid: {} articles read, {} events written, {} articles failed, {:.2} s, {:.1} MB/s",
        s.articles,
        s.events,
        s.failed,
        s.seconds,
        if s.seconds > 0.0 { mb / s.seconds } else { 0.0 }
    )
}

/// Refuses a format and output that cannot go together, and an output
/// that would overwrite an input.
fn check_output(
    input: &InputArgs,
    stream: &StreamArgs,
    format: OutputFormat,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        format != OutputFormat::Sqlite || output.is_some(),
        "usage: --format sqlite needs an output file (-o FILE.sqlite); a database cannot go to standard output"
    );
    anyhow::ensure!(
        format != OutputFormat::Parquet || output.is_some(),
        "usage: --format parquet needs an output path (-o FILE.parquet or -o DIR/); Parquet cannot go to standard output"
    );
    anyhow::ensure!(
        format != OutputFormat::Parquet || cfg!(feature = "parquet"),
        "usage: this pairaid was built without the `parquet` feature; rebuild with default features for --format parquet"
    );
    anyhow::ensure!(
        format == OutputFormat::Jsonl || stream.accounting() == Accounting::default(),
        "usage: --on-error record and --emit-articles write JSON records among the events, so they need JSONL output; \
         the SQLite and Parquet outputs list every article, failed ones too, in their articles table"
    );
    if let Some(why) = output.and_then(|o| cli::checks::output_overwrites_input(&input.inputs, o)) {
        anyhow::bail!("usage: {why}");
    }
    Ok(())
}

/// Says so when `--jobs` asked for more worker threads than a run starts.
fn warn_capped_jobs(options: &RunOptions) {
    let workers = options.workers();
    if options.jobs > workers {
        eprintln!(
            "pairaid: warning: --jobs {}: running {workers} worker threads, {} per core at most (more only contend for the cores)",
            options.jobs,
            pairaid::pipeline::MAX_JOBS_PER_CORE
        );
    }
}

fn extract(
    input: &InputArgs,
    stream: &StreamArgs,
    output: Option<&std::path::Path>,
    format: Option<OutputFormat>,
    jobs: usize,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    // `-o -` is standard output, as for most Unix tools.
    let output = output.filter(|path| path.as_os_str() != "-");
    let format = format
        .or_else(|| OutputFormat::infer(output))
        .unwrap_or(OutputFormat::Jsonl);
    check_output(input, stream, format, output)?;
    let sources = sources(input)?;
    let pipeline = pipeline(input.gazetteer.as_deref())?;
    // A shard takes an unknown part of the input: no total to count towards.
    let total = match stream.shard {
        Some(_) => None,
        None => sources.iter().map(Source::size_hint).sum::<Option<u64>>(),
    };
    let progress = reporter(total, quiet);
    let interrupt = cli::interrupt::Interrupt::install().context("cannot handle SIGINT")?;
    let options = RunOptions {
        jobs,
        read: input.read.options(),
        stop: Some(interrupt.stop.clone()),
        shard: stream.shard,
        ..RunOptions::default()
    };
    warn_capped_jobs(&options);
    // A file is written under a temporary name and renamed when complete.
    let mut pending = None;
    let mut sink: Box<dyn Sink + '_> = match (format, output) {
        (OutputFormat::Sqlite, Some(path)) => Box::new(
            SqliteSink::open(path, &pipeline.knowledge().gazetteer)
                .with_context(|| format!("cannot open database {}", path.display()))?,
        ),
        #[cfg(feature = "parquet")]
        (OutputFormat::Parquet, Some(path)) => Box::new(
            pairaid::sink::parquet::ParquetSink::create(path)
                .with_context(|| format!("cannot create Parquet output {}", path.display()))?,
        ),
        (format, output) => {
            let out: Box<dyn Write> = match output {
                Some(path) if AtomicPath::in_place(path) => Box::new(BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?,
                )),
                Some(path) => {
                    let (temp, file) = AtomicPath::create(path).with_context(|| {
                        format!("cannot create a file beside {}", path.display())
                    })?;
                    pending = Some(temp);
                    Box::new(BufWriter::new(file))
                }
                None => Box::new(BufWriter::new(std::io::stdout().lock())),
            };
            match format {
                OutputFormat::Csv => Box::new(CsvSink::new(out)),
                _ => Box::new(JsonlSink::new(out).accounting(stream.accounting())),
            }
        }
    };
    let result = run(pipeline, sources, sink.as_mut(), &options, &progress);
    let summary = match output {
        Some(path) => result.with_context(|| format!("writing {}", path.display()))?,
        None => result?,
    };
    drop(sink);
    if let (Some(temp), Some(path)) = (pending, output) {
        temp.commit()
            .with_context(|| format!("cannot replace {}", path.display()))?;
    }
    progress.bar.finish_and_clear();
    if !quiet {
        eprintln!("{}", summary_line(&summary));
    }
    if summary.interrupted {
        let (signal, code) = interrupt.received().unwrap_or(("a signal", 130));
        let last = match &summary.last {
            Some((id, origin)) => format!(" (the last: {id:?}, from {origin})"),
            None => String::new(),
        };
        let holder = match output {
            Some(path) => path.display().to_string(),
            None => "standard output".to_string(),
        };
        eprintln!(
            "pairaid: interrupted by {signal}: stopped after {} articles{last}; {holder} holds their {} events, every record whole",
            summary.articles, summary.events
        );
        return Ok(ExitCode::from(code));
    }
    // Recorded failures are part of the output, not a failed run.
    Ok(
        if summary.failed > 0 && stream.on_error == OnError::Report {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

fn annotate(input: &InputArgs) -> anyhow::Result<ExitCode> {
    let pipeline = pipeline(input.gazetteer.as_deref())?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for item in ArticleReader::with_options(sources(input)?, input.read.options()) {
        match item {
            Ok(read) => {
                if let Some(w) = read.warning {
                    eprintln!("pairaid: warning: {w}");
                }
                let extraction = pipeline.extract(read.article);
                for w in &extraction.warnings {
                    eprintln!("pairaid: warning: {w}");
                }
                let value = document_json(
                    &extraction.document,
                    &extraction.events,
                    &pipeline.knowledge().gazetteer,
                );
                serde_json::to_writer(&mut out, &value)?;
                out.write_all(b"\n")?;
            }
            Err(e) => {
                eprintln!("pairaid: error: {e}");
                failed = true;
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn places(text: &str, gazetteer: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let pipeline = pipeline(gazetteer)?;
    let text = if text == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading standard input")?;
        s
    } else {
        text.to_string()
    };
    let doc = pipeline.annotate(Article {
        id: "-".into(),
        text,
        ..Article::default()
    });
    let mut out = BufWriter::new(std::io::stdout().lock());
    for place in &doc.places {
        serde_json::to_writer(
            &mut out,
            &place_json(&doc, place, &pipeline.knowledge().gazetteer),
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let gold = pairaid::eval::read_gold(&args.gold)?;
    let (records, failed, extracted_with) = match &args.events {
        Some(path) => (pairaid::eval::read_records(path)?, 0, None),
        None => {
            let sources = args
                .inputs
                .iter()
                .map(|a| Source::classify(a).map_err(anyhow::Error::msg))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let pipeline = pipeline(args.gazetteer.as_deref())?;
            let progress = reporter(sources.iter().map(Source::size_hint).sum(), false);
            let options = RunOptions {
                jobs: args.jobs,
                read: args.read.options(),
                ..RunOptions::default()
            };
            warn_capped_jobs(&options);
            let (records, summary) =
                pairaid::eval::extract_records(pipeline, sources, &options, &progress)?;
            progress.bar.finish_and_clear();
            (records, summary.failed, Some(pipeline))
        }
    };
    let report = pairaid::eval::score(&gold, &records);
    let text = if args.json {
        format!("{}\n", report.to_json_string())
    } else {
        // Place names make the diff readable; the tables also serve extraction.
        let pipeline = match extracted_with {
            Some(p) => p,
            None => pipeline(args.gazetteer.as_deref())?,
        };
        let gazetteer = &pipeline.knowledge().gazetteer;
        report.render_text(&|code: &str| {
            let place = gazetteer.place(code.parse().ok()?)?;
            Some(place.name.clone())
        })
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    let below = report.below(&pairaid::eval::Floors {
        quantity: args.min_quantity_f1,
        event: args.min_event_f1,
        pair: args.min_pair_f1,
    });
    for message in &below {
        eprintln!("pairaid: {message}");
    }
    if failed > 0 {
        eprintln!("pairaid: {failed} inputs failed and were not scored");
    }
    Ok(if below.is_empty() && failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report(events: &std::path::Path, output: &std::path::Path) -> anyhow::Result<ExitCode> {
    let records = pairaid::report::read_events(events).context("cannot make a report")?;
    let pipeline = pipeline(None)?;
    let page = pairaid::report::render(
        &records,
        &pipeline.knowledge().gazetteer,
        &events.display().to_string(),
    );
    // Written whole under a temporary name, then renamed: never half a page.
    let write = || -> std::io::Result<()> {
        let (target, mut file) = pairaid::sink::atomic::AtomicPath::create(output)?;
        std::io::Write::write_all(&mut file, page.as_bytes())?;
        drop(file);
        target.commit()
    };
    write().with_context(|| format!("cannot write {}", output.display()))?;
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|e| {
        // serde_json hides the I/O error it met from `source()`.
        e.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || e.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == broken
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract {
            input,
            stream,
            output,
            format,
            jobs,
            quiet,
        } => extract(input, stream, output.as_deref(), *format, *jobs, *quiet),
        Command::Annotate { input } => annotate(input),
        Command::Places { text, gazetteer } => places(text, gazetteer.as_deref()),
        Command::Eval(args) => eval(args),
        Command::Report { events, output } => report(events, output),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pairaid: {e:#}");
            ExitCode::from(2)
        }
    }
}
