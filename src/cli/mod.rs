//! Command-line arguments, parsed into plain values. Nothing else in the
//! crate reads `std::env::args`.

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
    /// Articles: a directory (every *.txt below it; id = relative path without
    /// extension), a .txt file, a .jsonl file (one {"id", "text", "published"?}
    /// object a line), or - for JSONL on standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Read gazetteer and lexicon tables from DIR; tables DIR lacks fall back
    /// to the ones embedded in the binary.
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract event records (schema pairaid.event/1) as JSONL.
    ///
    /// Output order is input order (directories are walked in sorted path
    /// order), then evidence position; it is the same bytes whatever --jobs
    /// is. Unreadable files and malformed JSONL lines are reported on stderr
    /// and the run goes on; the exit code is then 1.
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// Write events to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Worker threads (default: one per core).
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
}
