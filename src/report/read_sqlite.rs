//! Reading the events of a SQLite database written by `pairaid extract`
//! (the `sqlite` feature).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::read::ReadError;
use crate::event::{Event, EventType, Evidence, PlaceRef, QuantityRecord, Scope, Status, Totals};

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

/// The events of the database at `path` (named `name` in errors).
pub(super) fn read_sqlite(path: &Path, name: &str) -> Result<Vec<Event>, ReadError> {
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
