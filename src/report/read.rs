//! Reading the events a report shows: a JSONL file of `pairaid.event/1`
//! records or a SQLite database written by `pairaid extract`. Bad input is
//! an error that names the file, the line or table, and what is wrong.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::event::{Event, EventType, Evidence, PlaceRef, QuantityRecord, Scope, Status, Totals};

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

/// The columns a report needs, from `events` joined to the donor's place.
const EVENTS_SQL: &str = "
SELECT e.id, e.article_id, e.type, e.donor_code, d.name, d.level, e.value, e.unit,
       e.qualifier, e.role, e.year, e.since, e.evidence_start, e.evidence_end,
       e.evidence_text, e.confidence, e.rule, e.part_of, e.scope, e.status,
       e.flow_key, e.aggregate
FROM events e LEFT JOIN places d ON d.code = e.donor_code
ORDER BY e.rowid";

/// Recipients of every event, in record order.
const RECIPIENTS_SQL: &str = "
SELECT r.event_id, r.place_code, p.name, p.level
FROM event_recipients r LEFT JOIN places p ON p.code = r.place_code
ORDER BY r.event_id, r.position";

fn read_sqlite(path: &Path, name: &str) -> Result<Vec<Event>, ReadError> {
    let fail = |e: rusqlite::Error| ReadError::Database {
        path: name.to_string(),
        message: e.to_string(),
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(fail)?;
    check_version(&conn).map_err(|message| ReadError::Database {
        path: name.to_string(),
        message,
    })?;
    let mut recipients: std::collections::HashMap<String, Vec<PlaceRef>> = Default::default();
    let mut stmt = conn.prepare(RECIPIENTS_SQL).map_err(fail)?;
    let rows = stmt
        .query_map([], |r| {
            let code: String = r.get(1)?;
            Ok((r.get::<_, String>(0)?, place(code, r.get(2)?, r.get(3)?)))
        })
        .map_err(fail)?;
    for row in rows {
        let (event, place) = row.map_err(fail)?;
        recipients.entry(event).or_default().push(place);
    }
    let mut stmt = conn.prepare(EVENTS_SQL).map_err(fail)?;
    let rows = stmt.query_map([], event_row).map_err(fail)?;
    let mut events = Vec::new();
    for row in rows {
        let mut event = row.map_err(fail)?;
        event.recipients = recipients.remove(&event.id).unwrap_or_default();
        events.push(event);
    }
    Ok(events)
}

/// Refuses a database that is no pairaid database, or one written before
/// the totals fields (schema version 3).
fn check_version(conn: &Connection) -> Result<(), String> {
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'event_recipients', 'places')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    if tables < 3 {
        return Err(
            "not a pairaid database (no events, event_recipients and places tables)".into(),
        );
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version < crate::sink::sqlite::SCHEMA_VERSION {
        return Err(format!(
            "a pairaid database of schema version {version}, before the totals fields; \
             extract into it again with this pairaid (it upgrades to version {})",
            crate::sink::sqlite::SCHEMA_VERSION
        ));
    }
    Ok(())
}

/// A place of the database: name and level from `places`, the name as mention.
fn place(code: String, name: Option<String>, level: Option<String>) -> PlaceRef {
    let name = name.unwrap_or_else(|| code.clone());
    PlaceRef {
        mention: name.clone(),
        code,
        name,
        level: level.unwrap_or_else(|| "county".into()),
    }
}

/// An enum field of the database, by its JSON name.
fn parse<T: serde::de::DeserializeOwned>(text: Option<String>, what: &str) -> rusqlite::Result<T> {
    let text = text.unwrap_or_default();
    serde_json::from_value(serde_json::Value::String(text.clone())).map_err(|_| {
        rusqlite::Error::InvalidColumnType(
            0,
            format!("{what} {text:?}"),
            rusqlite::types::Type::Text,
        )
    })
}

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let donor: Option<String> = r.get(3)?;
    let value: Option<i64> = r.get(6)?;
    let unit: Option<String> = r.get(7)?;
    let quantity = match (value, unit) {
        (Some(value), Some(unit)) => Some(QuantityRecord {
            value: value.max(0) as u64,
            unit,
            qualifier: parse(r.get(8)?, "qualifier")?,
            mention: String::new(),
            alt: None,
            min: None,
            max: None,
        }),
        _ => None,
    };
    Ok(Event {
        schema: crate::event::SCHEMA.to_string(),
        id: r.get(0)?,
        article_id: r.get(1)?,
        kind: parse::<EventType>(r.get(2)?, "type")?,
        donor: donor.map(|code| place(code, r.get(4).ok().flatten(), r.get(5).ok().flatten())),
        recipients: Vec::new(),
        quantity,
        role: r.get(9)?,
        year: r.get(10)?,
        since: r.get(11)?,
        evidence: Evidence {
            start: r.get::<_, i64>(12)? as usize,
            end: r.get::<_, i64>(13)? as usize,
            text: r.get(14)?,
        },
        confidence: r.get(15)?,
        rule: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
        totals: Totals {
            part_of: r.get(17)?,
            scope: parse::<Scope>(r.get(18)?, "scope")?,
            status: parse::<Status>(r.get(19)?, "status")?,
            flow_key: r.get(20)?,
            aggregate: r.get::<_, Option<bool>>(21)?.unwrap_or(false),
        },
    })
}
