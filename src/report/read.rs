//! Reading the events a report shows: a JSONL file of `pairaid.event/1`
//! records or a SQLite database written by `pairaid extract`. Bad input is
//! an error that names the file, the line or table, and what is wrong.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::event::Event;

/// Why events could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file cannot be opened or read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        error: std::io::Error,
    },
    /// A JSONL line is no event record.
    #[error("{path}:{line}: {message}")]
    Record {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The SQLite database is not one `pairaid extract` wrote.
    #[error("{path}: {message}")]
    Database {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The file holds no events.
    #[error("{path}: no events (an empty file, or extraction found none)")]
    Empty {
        /// The file.
        path: String,
    },
}

/// Reads the events of `path`: SQLite when the file starts with SQLite's
/// header, JSONL otherwise.
pub fn read_events(path: &Path) -> Result<Vec<Event>, ReadError> {
    let name = path.display().to_string();
    let io = |error| ReadError::Io {
        path: name.clone(),
        error,
    };
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(io)?;
    let events = if head[..n] == *b"SQLite format 3\0" {
        read_sqlite(path, &name)?
    } else {
        read_jsonl(path, &name)?
    };
    if events.is_empty() {
        return Err(ReadError::Empty { path: name });
    }
    Ok(events)
}

fn read_jsonl(path: &Path, name: &str) -> Result<Vec<Event>, ReadError> {
    let io = |error| ReadError::Io {
        path: name.to_string(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut events = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        events.push(record(&line).map_err(|message| ReadError::Record {
            path: name.to_string(),
            line: i + 1,
            message,
        })?);
    }
    Ok(events)
}

/// One JSONL line as an event; it must carry the totals fields.
fn record(line: &str) -> Result<Event, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("schema").and_then(|s| s.as_str()) != Some(crate::event::SCHEMA) {
        return Err(format!(
            "not a {} record (no \"schema\": \"{}\")",
            crate::event::SCHEMA,
            crate::event::SCHEMA
        ));
    }
    if value.get("aggregate").is_none() {
        return Err(
            "the record has no \"aggregate\" field: it was written by an older pairaid; extract again"
                .into(),
        );
    }
    serde_json::from_value(value).map_err(|e| format!("not a valid event record: {e}"))
}

#[cfg(feature = "sqlite")]
use super::read_sqlite::read_sqlite;

/// Without the `sqlite` feature a database cannot be read.
#[cfg(not(feature = "sqlite"))]
fn read_sqlite(_path: &Path, name: &str) -> Result<Vec<Event>, ReadError> {
    Err(ReadError::Database {
        path: name.to_string(),
        message: "a SQLite database, and this build has no `sqlite` feature".to_string(),
    })
}
