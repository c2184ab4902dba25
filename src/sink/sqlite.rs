//! SQLite sink: articles, the places events use, events and their recipients
//! in one database file, with the `flows` view (sums that count each flow
//! once) and the `flow_audit` view (what was left out of them, and why).
//! See [`SCHEMA`] and `docs/OUTPUTS.md`.
//!
//! Ingestion is idempotent: each article is written as "delete the article
//! (its events and recipients cascade), insert it again", so extracting the
//! same article twice replaces its events instead of duplicating them.
//! Articles are written in transactions of [`SqliteSink::batch`] articles;
//! an article lands completely or not at all, also when the process is
//! killed (WAL journal).

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::{ArticleOutcome, Sink};
use crate::event::{Event, PlaceRef};
use crate::gazetteer::Gazetteer;

/// The schema version stored in `PRAGMA user_version`. Version 2 added
/// the articles' `url`, `title` and `published_source`; version 3 the
/// events' totals fields and the new `flows`. Older databases are upgraded
/// in place ([`MIGRATE_1_TO_2`], [`MIGRATE_2_TO_3`]).
pub const SCHEMA_VERSION: i64 = 3;

/// Upgrades a version 1 database: the provenance columns, NULL for the
/// articles already there.
pub const MIGRATE_1_TO_2: &str = "
ALTER TABLE articles ADD COLUMN url TEXT;
ALTER TABLE articles ADD COLUMN title TEXT;
ALTER TABLE articles ADD COLUMN published_source TEXT;
";

/// Upgrades a version 2 database: the totals fields (NULL for the events
/// already there, which `flows` leaves out until their articles are
/// extracted again) and the views of version 3.
pub const MIGRATE_2_TO_3: &str = "
ALTER TABLE events ADD COLUMN part_of TEXT;
ALTER TABLE events ADD COLUMN scope TEXT;
ALTER TABLE events ADD COLUMN status TEXT;
ALTER TABLE events ADD COLUMN flow_key TEXT;
ALTER TABLE events ADD COLUMN aggregate INTEGER;
DROP VIEW IF EXISTS flows;
";

/// Articles per transaction by default.
pub const DEFAULT_BATCH: usize = 256;

/// Tables, indexes and the view (idempotent: `IF NOT EXISTS`).
pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS articles (
    id               TEXT PRIMARY KEY,
    source           TEXT,
    published        TEXT,
    status           TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error            TEXT,
    event_count      INTEGER NOT NULL,
    url              TEXT,
    title            TEXT,
    published_source TEXT
);
CREATE TABLE IF NOT EXISTS places (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_zh TEXT,
    level   TEXT,
    parent  TEXT REFERENCES places (code)
);
CREATE TABLE IF NOT EXISTS events (
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    donor_code     TEXT REFERENCES places (code),
    value          INTEGER,
    unit           TEXT,
    qualifier      TEXT,
    role           TEXT,
    year           INTEGER,
    since          INTEGER,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    evidence_text  TEXT NOT NULL,
    confidence     REAL NOT NULL,
    rule           TEXT,
    part_of        TEXT,
    scope          TEXT,
    status         TEXT,
    flow_key       TEXT,
    aggregate      INTEGER
);
CREATE TABLE IF NOT EXISTS event_recipients (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    place_code TEXT NOT NULL REFERENCES places (code),
    PRIMARY KEY (event_id, position)
);
CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_donor ON events (donor_code);
CREATE INDEX IF NOT EXISTS events_year ON events (year);
CREATE INDEX IF NOT EXISTS event_recipients_place ON event_recipients (place_code);
CREATE INDEX IF NOT EXISTS events_flow_key ON events (flow_key);
CREATE INDEX IF NOT EXISTS events_part_of ON events (part_of);
CREATE VIEW IF NOT EXISTS flows AS
WITH counted AS (
    SELECT COALESCE(flow_key, id) AS flow, MIN(id) AS event_id,
           COUNT(DISTINCT article_id) AS articles
    FROM events WHERE aggregate = 1
    GROUP BY COALESCE(flow_key, id)
), grouped AS (
    SELECT c.event_id, c.articles,
           (SELECT group_concat(place_code, ';') FROM (
                SELECT place_code FROM event_recipients
                WHERE event_id = c.event_id ORDER BY place_code)) AS recipient_code,
           (SELECT group_concat(name, '; ') FROM (
                SELECT p.name FROM event_recipients r JOIN places p ON p.code = r.place_code
                WHERE r.event_id = c.event_id ORDER BY r.place_code)) AS recipient
    FROM counted c
)
SELECT e.donor_code       AS donor_code,
       d.name             AS donor,
       g.recipient_code   AS recipient_code,
       g.recipient        AS recipient,
       e.scope            AS scope,
       e.year             AS year,
       e.since            AS since,
       e.type             AS type,
       e.unit             AS unit,
       SUM(e.value)       AS total_value,
       COUNT(*)           AS event_count,
       SUM(g.articles)    AS article_count
FROM grouped g
JOIN events e ON e.id = g.event_id
LEFT JOIN places d ON d.code = e.donor_code
GROUP BY e.donor_code, d.name, g.recipient_code, g.recipient, e.scope, e.year, e.since, e.type, e.unit;
CREATE VIEW IF NOT EXISTS flow_audit AS
SELECT e.id AS event_id, e.article_id, e.type, e.donor_code, e.value, e.unit,
       e.year, e.since, e.scope, e.status, e.flow_key, e.aggregate, e.part_of,
       (SELECT COUNT(*) FROM events i WHERE i.part_of = e.id) AS item_count,
       (SELECT COUNT(DISTINCT o.article_id) FROM events o
        WHERE o.flow_key = e.flow_key AND o.aggregate = 1) AS flow_articles,
       (SELECT MIN(o.id) FROM events o
        WHERE o.flow_key = e.flow_key AND o.aggregate = 1) AS counted_as,
       CASE
           WHEN e.status = 'planned' THEN 'planned'
           WHEN e.scope = 'rate' THEN 'rate'
           WHEN e.part_of IS NOT NULL THEN 'item of ' || e.part_of
           WHEN e.aggregate = 0 THEN 'restates ' || (SELECT MIN(o.id) FROM events o
               WHERE o.flow_key = e.flow_key AND o.article_id = e.article_id AND o.aggregate = 1)
           WHEN e.id <> (SELECT MIN(o.id) FROM events o
               WHERE o.flow_key = e.flow_key AND o.aggregate = 1)
               THEN 'counted once as ' || (SELECT MIN(o.id) FROM events o
               WHERE o.flow_key = e.flow_key AND o.aggregate = 1)
           WHEN EXISTS (SELECT 1 FROM events i WHERE i.part_of = e.id) THEN 'total, counted'
           ELSE 'counted, also told elsewhere'
       END AS verdict,
       e.evidence_text
FROM events e
WHERE e.value IS NOT NULL AND (
       e.aggregate IS NOT 1
    OR EXISTS (SELECT 1 FROM events i WHERE i.part_of = e.id)
    OR EXISTS (SELECT 1 FROM events o WHERE o.flow_key = e.flow_key AND o.id <> e.id));
"#;

/// Writes articles and events into a SQLite database.
pub struct SqliteSink<'g> {
    conn: Connection,
    gazetteer: &'g Gazetteer,
    batch: usize,
    /// Articles written in the open transaction.
    pending: usize,
    /// Whether a transaction is open.
    in_tx: bool,
    /// Place codes known to be in `places` (rows are never deleted).
    known_places: HashSet<String>,
}

/// Runs [`MIGRATE_2_TO_3`]; a database without an events table yet only
/// gets its version (the schema creates the table whole).
fn migrate_2_to_3(conn: &Connection) -> rusqlite::Result<()> {
    let has_events = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let steps = if has_events { MIGRATE_2_TO_3 } else { "" };
    conn.execute_batch(&format!("BEGIN; {steps} PRAGMA user_version = 3; COMMIT;"))
}

fn io(e: rusqlite::Error) -> std::io::Error {
    std::io::Error::other(format!("sqlite: {e}"))
}

impl<'g> SqliteSink<'g> {
    /// Opens (or creates) the database at `path` and its schema. An existing
    /// pairaid database is kept and added to; a database of another schema
    /// version is refused. Place names come from `gazetteer`.
    pub fn open(path: &Path, gazetteer: &'g Gazetteer) -> Result<SqliteSink<'g>, rusqlite::Error> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == 1 {
            conn.execute_batch(&format!(
                "BEGIN; {MIGRATE_1_TO_2} PRAGMA user_version = 2; COMMIT;"
            ))?;
        }
        if version == 1 || version == 2 {
            migrate_2_to_3(&conn)?;
        } else if version != 0 && version != SCHEMA_VERSION {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
                Some(format!(
                    "{}: schema version {version}, this pairaid writes version {SCHEMA_VERSION}",
                    path.display()
                )),
            ));
        }
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
        ))?;
        Ok(SqliteSink {
            conn,
            gazetteer,
            batch: DEFAULT_BATCH,
            pending: 0,
            in_tx: false,
            known_places: HashSet::new(),
        })
    }

    /// Commit every `n` articles (at least 1).
    pub fn batch(mut self, n: usize) -> SqliteSink<'g> {
        self.batch = n.max(1);
        self
    }

    /// The open connection (for inspection).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Inserts the place with `code` and its ancestors, if not there yet.
    /// Names come from the gazetteer; a code it lacks gets the record's name.
    fn place(&mut self, place: &PlaceRef) -> rusqlite::Result<()> {
        if self.known_places.contains(&place.code) {
            return Ok(());
        }
        let known = place
            .code
            .parse()
            .ok()
            .and_then(|c| self.gazetteer.place(c));
        match known {
            Some(p) => self.gazetteer_place(p.code),
            None => {
                self.conn
                    .prepare_cached(
                        "INSERT OR IGNORE INTO places (code, name, name_zh, level, parent)
                         VALUES (?1, ?2, NULL, ?3, NULL)",
                    )?
                    .execute(params![place.code, place.name, place.level])?;
                self.known_places.insert(place.code.clone());
                Ok(())
            }
        }
    }

    fn gazetteer_place(&mut self, code: crate::document::PlaceCode) -> rusqlite::Result<()> {
        let text = format!("{code:06}");
        if self.known_places.contains(&text) {
            return Ok(());
        }
        let exists = self
            .conn
            .prepare_cached("SELECT 1 FROM places WHERE code = ?1")?
            .query_row([&text], |_| Ok(()))
            .optional()?
            .is_some();
        if exists {
            self.known_places.insert(text);
            return Ok(());
        }
        let gazetteer = self.gazetteer;
        let Some(p) = gazetteer.place(code) else {
            return Ok(());
        };
        let parent = match p.parent.filter(|&c| c != code) {
            Some(c) if gazetteer.place(c).is_some() => {
                self.gazetteer_place(c)?;
                Some(format!("{c:06}"))
            }
            _ => None,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO places (code, name, name_zh, level, parent) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                text,
                p.name,
                (!p.name_zh.is_empty()).then_some(&p.name_zh),
                p.level.as_str(),
                parent
            ])?;
        self.known_places.insert(text);
        Ok(())
    }

    fn event(&mut self, article_id: &str, e: &Event) -> rusqlite::Result<()> {
        if let Some(d) = &e.donor {
            self.place(d)?;
        }
        let q = e.quantity.as_ref();
        let value = match q.map(|q| i64::try_from(q.value)) {
            Some(Ok(v)) => Some(v),
            Some(Err(_)) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    format!("event {}: value does not fit a 64-bit integer", e.id).into(),
                ));
            }
            None => None,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO events (id, article_id, type, donor_code, value, unit, qualifier,
                     role, year, since, evidence_start, evidence_end, evidence_text, confidence, rule,
                     part_of, scope, status, flow_key, aggregate)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                     ?16, ?17, ?18, ?19, ?20)",
            )?
            .execute(params![
                e.id,
                article_id,
                e.kind.as_str(),
                e.donor.as_ref().map(|d| &d.code),
                value,
                q.map(|q| &q.unit),
                q.map(|q| super::csv::qualifier_str(q.qualifier)),
                e.role,
                e.year,
                e.since,
                e.evidence.start as i64,
                e.evidence.end as i64,
                e.evidence.text,
                e.confidence,
                e.rule,
                e.totals.part_of,
                e.totals.scope.as_str(),
                e.totals.status.as_str(),
                e.totals.flow_key,
                e.totals.aggregate,
            ])?;
        for (position, r) in e.recipients.iter().enumerate() {
            self.place(r)?;
            self.conn
                .prepare_cached(
                    "INSERT INTO event_recipients (event_id, position, place_code) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![e.id, position as i64, r.code])?;
        }
        Ok(())
    }

    fn article(&mut self, outcome: &ArticleOutcome) -> rusqlite::Result<()> {
        if outcome.article_id.is_empty() {
            // A failed input with no id: nothing to key it by (reported on stderr).
            return Ok(());
        }
        if !self.in_tx {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.in_tx = true;
        }
        // One savepoint per article: it lands completely or not at all.
        self.conn.execute_batch("SAVEPOINT article")?;
        let result = self.article_rows(outcome);
        match result {
            Ok(()) => self.conn.execute_batch("RELEASE article")?,
            Err(e) => {
                self.conn
                    .execute_batch("ROLLBACK TO article; RELEASE article")?;
                // Places inserted by the article are gone again.
                self.known_places.clear();
                return Err(e);
            }
        }
        self.pending += 1;
        if self.pending >= self.batch {
            self.commit()?;
        }
        Ok(())
    }

    /// The article's delete and inserts (inside the article's savepoint).
    fn article_rows(&mut self, outcome: &ArticleOutcome) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("DELETE FROM articles WHERE id = ?1")?
            .execute([&outcome.article_id])?;
        self.conn
            .prepare_cached(
                "INSERT INTO articles (id, source, published, status, error, event_count,
                     url, title, published_source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                outcome.article_id,
                outcome.origin,
                outcome.published.as_ref().map(|d| d.iso()),
                if outcome.error.is_some() {
                    "failed"
                } else {
                    "ok"
                },
                outcome.error,
                outcome.events.len() as i64,
                outcome.url,
                outcome.title,
                outcome.published_source,
            ])?;
        for e in &outcome.events {
            self.event(&outcome.article_id, e)?;
        }
        Ok(())
    }

    fn commit(&mut self) -> rusqlite::Result<()> {
        if self.in_tx {
            if let Err(e) = self.conn.execute_batch("COMMIT") {
                self.known_places.clear();
                return Err(e);
            }
            self.in_tx = false;
            self.pending = 0;
        }
        Ok(())
    }
}

impl Sink for SqliteSink<'_> {
    fn begin(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()> {
        self.article(outcome).map_err(io)
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.commit().map_err(io)?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;")
            .map_err(io)
    }
}
