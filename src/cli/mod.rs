//! Command-line arguments, parsed into plain values. Nothing else in the
//! crate reads `std::env::args`.

pub mod checks;
pub mod interrupt;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// pairaid: extract pairing-assistance events (who gave what to whom, when)
/// from news articles, in bulk.
#[derive(Debug, Parser)]
#[command(name = "pairaid", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by the commands that read articles.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Articles: a directory (every *.txt, *.html and *.htm below it; id =
    /// relative path without extensions), a .txt or .html file, a .jsonl file
    /// (one {"id", "text", "published"?, "url"?, "title"?} object a line),
    /// or `-` for JSONL on standard input. Files may be gzip (.gz) or zstd
    /// (.zst) compressed.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Read gazetteer and lexicon tables from DIR; tables DIR lacks fall back
    /// to the ones embedded in the binary. NAME.local.tsv files add and
    /// override rows of table NAME.tsv (see the README).
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How input bytes are read: encodings, markup and the cap on an article.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Decode inputs as NAME (gbk, gb18030, big5, utf-16le, utf-16be, ...)
    /// instead of detecting the encoding; a byte-order mark still wins.
    #[arg(long, value_name = "NAME", value_parser = pairaid::input::decode::encoding_for_label)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// When text is read as HTML: auto (.html/.htm files, and .txt files and
    /// JSONL texts that hold markup), always, or never (markup stays text).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = HtmlWhen::Auto)]
    pub html: HtmlWhen,
    /// A longer article (text or HTML file once decompressed, or JSONL line)
    /// is a failed input, not read into memory. Accepts K, M and G.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = checks::parse_bytes)]
    pub max_article_bytes: u64,
}

/// Values of `--html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HtmlWhen {
    /// .html/.htm files, and texts that hold markup.
    Auto,
    /// Every input.
    Always,
    /// No input.
    Never,
}

impl ReadArgs {
    /// The library's read options.
    pub fn options(&self) -> pairaid::input::ReadOptions {
        use pairaid::input::HtmlMode;
        pairaid::input::ReadOptions {
            encoding: self.encoding,
            html: match self.html {
                HtmlWhen::Auto => HtmlMode::Auto,
                HtmlWhen::Always => HtmlMode::Always,
                HtmlWhen::Never => HtmlMode::Never,
            },
            max_article_bytes: self.max_article_bytes,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract event records (schema pairaid.event/1) as JSONL.
    ///
    /// Output order is input order (directories are walked in sorted path
    /// order), then evidence position; it is the same bytes whatever --jobs
    /// is. Unreadable files, malformed JSONL lines and repeated article ids
    /// are reported on stderr and the run goes on; the exit code is then 1
    /// (with --on-error record, 0: they are records in the output).
    /// A file output is written under a temporary name and renamed at the
    /// end. Ctrl-C (SIGINT) or SIGTERM stops after whole records, says how
    /// far the run got, and exits 130 or 143.
    ///
    /// `pairaid extract - --quiet` is a filter: JSONL articles on standard
    /// input, events on standard output in input order, nothing kept from
    /// one article to the next but the check that no id repeats, no file
    /// written. With --on-error record and --emit-articles every input line
    /// is accounted for on the output, as an engine such as Spark needs.
    Extract {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        stream: StreamArgs,
        /// Write events to FILE instead of standard output (`-`: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Output format; inferred from the -o extension (.jsonl, .csv,
        /// .sqlite, .db or .parquet) when not given, else jsonl. sqlite needs
        /// -o, and adds to an existing database, replacing re-extracted
        /// articles. parquet needs -o: `-o out.parquet` writes out.parquet
        /// (events) and out.articles.parquet; `-o DIR/` writes
        /// DIR/events.parquet and DIR/articles.parquet.
        #[arg(short = 'f', long, value_enum, value_name = "FORMAT")]
        format: Option<OutputFormat>,
        /// Worker threads (default: one per core); at most 4 per core: a
        /// larger N is capped to that, with a warning.
        #[arg(short, long, value_name = "N", default_value_t = 0)]
        jobs: usize,
        /// No progress bar and no summary line.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Print every annotation layer of each article as one JSON object a line
    /// (sentences, skipped boilerplate, places, quantities, dates, events).
    Annotate {
        #[command(flatten)]
        input: InputArgs,
    },
    /// Print each place mention in TEXT (or standard input with -) as JSONL:
    /// mention, start, end, code, name, level, reason, candidates.
    Places {
        /// The text to search, or - to read standard input.
        #[arg(value_name = "TEXT")]
        text: String,
        /// Read gazetteer tables from DIR (see extract --gazetteer).
        #[arg(long, value_name = "DIR")]
        gazetteer: Option<PathBuf>,
    },
    /// Score events against a gold file, as shared/eval/score.py does, and
    /// print what was missed and what was spurious, article by article.
    ///
    /// Extracts INPUT... first, or scores an existing --events file. Exit
    /// code 1 when a --min-*-f1 floor is not met or an input failed.
    Eval(EvalArgs),
    /// Write one self-contained HTML report of extracted events: a flow
    /// diagram from donor to recipient provinces (widths by yuan), yuan and
    /// people sent by year, the top pairs, and a searchable table of every
    /// event with its evidence sentence, article, confidence and rule.
    ///
    /// Sums follow the SQLite `flows` view: only aggregate events, each
    /// flow_key once, a joint amount once for its group of recipients, one
    /// scope (annual, cumulative, period) at a time. The page needs no
    /// network.
    Report {
        /// Events written by `pairaid extract`: a .jsonl file or a SQLite
        /// database (told by its header).
        #[arg(value_name = "EVENTS")]
        events: PathBuf,
        /// The HTML file to write.
        #[arg(short, long, value_name = "FILE.html")]
        output: PathBuf,
    },
}

/// What `extract` writes for inputs besides events, and which inputs it takes.
#[derive(Debug, Clone, clap::Args)]
pub struct StreamArgs {
    /// What becomes of an input that cannot be read (a malformed JSONL
    /// line, a missing `text`, a line over --max-article-bytes, a repeated
    /// id, an unreadable file): `report` it on stderr and exit 1 at the
    /// end, or also `record` it as one pairaid.error/1 JSON line in the
    /// output (article_id when known, source, line, reason; see
    /// docs/OUTPUTS.md) and exit 0. JSONL output only.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = OnError::Report)]
    pub on_error: OnError,
    /// After each article's events, write a pairaid.article/1 JSON line
    /// (article_id, source, line, events: the count, 0 included), so every
    /// article read shows in the output. JSONL output only.
    #[arg(long)]
    pub emit_articles: bool,
    /// Take only the articles whose id hashes to K of N (K from 0 to N-1):
    /// N runs, on one machine or many, split the input between them and
    /// together write the events one run would. The hash is 64-bit FNV-1a
    /// of the id's UTF-8 bytes, modulo N: the same on every machine and
    /// version. An input that fails before its id is read goes by its
    /// source (`file.jsonl:LINE`).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<pairaid::shard::Shard>,
}

/// Values of `--on-error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// A message on stderr; the exit code is 1.
    Report,
    /// A message on stderr and a pairaid.error/1 record in the output; the exit code stays 0.
    Record,
}

impl StreamArgs {
    /// The records besides events the JSONL output carries.
    pub fn accounting(&self) -> pairaid::sink::jsonl::Accounting {
        pairaid::sink::jsonl::Accounting {
            errors: self.on_error == OnError::Record,
            articles: self.emit_articles,
        }
    }
}

/// Options of `eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold file: one {"article_id", "events": [...]} object a line, as
    /// shared/eval/seeds.gold.jsonl.
    #[arg(long, value_name = "GOLD.jsonl")]
    pub gold: PathBuf,
    /// Score this file of event records instead of extracting INPUT.
    #[arg(long, value_name = "EVENTS.jsonl", conflicts_with = "inputs")]
    pub events: Option<PathBuf>,
    /// Articles to extract and score (as for extract).
    #[arg(value_name = "INPUT", required_unless_present = "events")]
    pub inputs: Vec<String>,
    /// Read gazetteer tables from DIR (see extract --gazetteer).
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Worker threads for extraction (default: one per core; at most 4 per core).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Print score.py's --json object plus "articles", the per-article diff.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1) when the quantity F1, rounded to 3 decimals, is below X.
    #[arg(long, value_name = "X")]
    pub min_quantity_f1: Option<f64>,
    /// Fail (exit 1) when the event F1, rounded to 3 decimals, is below X.
    #[arg(long, value_name = "X")]
    pub min_event_f1: Option<f64>,
    /// Fail (exit 1) when the pair F1, rounded to 3 decimals, is below X.
    #[arg(long, value_name = "X")]
    pub min_pair_f1: Option<f64>,
}

/// Output formats of `extract` (see docs/OUTPUTS.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One pairaid.event/1 JSON record a line.
    Jsonl,
    /// One row per event, flattened columns, with a header.
    Csv,
    /// A SQLite database: articles, places, events, event_recipients, flows.
    Sqlite,
    /// Two Parquet files, events and articles (needs -o; see docs/OUTPUTS.md).
    Parquet,
}

impl OutputFormat {
    /// The format an output path's extension implies (`None`: keep the default).
    pub fn infer(output: Option<&std::path::Path>) -> Option<OutputFormat> {
        let ext = output?.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" => Some(OutputFormat::Jsonl),
            "csv" => Some(OutputFormat::Csv),
            "sqlite" | "sqlite3" | "db" => Some(OutputFormat::Sqlite),
            "parquet" => Some(OutputFormat::Parquet),
            _ => None,
        }
    }
}
