-- pairaid PostgreSQL schema, version 3: the same tables, types and views
-- (`flows`, `flow_audit`) as the SQLite output (`pairaid extract ... -o events.sqlite`), plus a
-- staging table and a loader function for the CSV output.
--
-- Create (re-runnable, changes nothing that exists):
--   psql "$DB" -v ON_ERROR_STOP=1 -f schema/postgres.sql
-- Load a CSV written by `pairaid extract INPUT -o events.csv` (one line;
-- idempotent: the articles in the file are deleted first, then inserted):
--   psql "$DB" -1 -v ON_ERROR_STOP=1 -c "\copy pairaid_staging FROM 'events.csv' WITH (FORMAT csv, HEADER true)" -c "SELECT pairaid_load()"
--
-- What the CSV cannot carry: articles with no events, failed inputs, the
-- article source file and where its date came from, places' Chinese names
-- and parents. Loaded articles get status 'ok' and the publication date,
-- URL and title of their rows; places get the English name and a level
-- derived from the code. Use the SQLite output when the rest matters.
--
-- Version 2 added articles.url, title, published_source and the staging
-- table's published, article_url, article_title; version 3 the events'
-- part_of, scope, status, flow_key, aggregate (and the staging table's) and
-- the `flows` that counts each flow once. Running this file on an older
-- database adds them (old events have NULL aggregate: load them again).

CREATE TABLE IF NOT EXISTS articles (
    id               text PRIMARY KEY,
    source           text,
    published        text,         -- YYYY-MM-DD, YYYY-MM or YYYY
    status           text NOT NULL CHECK (status IN ('ok', 'failed')),
    error            text,
    event_count      integer NOT NULL,
    url              text,
    title            text,
    published_source text          -- metadata, header-label, header, footer
);
ALTER TABLE articles ADD COLUMN IF NOT EXISTS url text;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS title text;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_source text;

CREATE TABLE IF NOT EXISTS places (
    code    text PRIMARY KEY,      -- 6-digit GB/T 2260 code
    name    text NOT NULL,
    name_zh text,
    level   text,                  -- province, prefecture, county
    parent  text REFERENCES places (code)
);

CREATE TABLE IF NOT EXISTS events (
    id             text PRIMARY KEY,
    article_id     text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    type           text NOT NULL,
    donor_code     text REFERENCES places (code),
    value          bigint,
    unit           text,
    qualifier      text,
    role           text,
    year           integer,
    since          integer,
    evidence_start bigint NOT NULL,
    evidence_end   bigint NOT NULL,
    evidence_text  text NOT NULL,
    confidence     double precision NOT NULL,
    rule           text,
    part_of        text,           -- id of the total this event is an item of
    scope          text,           -- annual, cumulative, period, rate, unknown
    status         text,           -- reported, planned
    flow_key       text,           -- equal for the same flow in any article
    aggregate      boolean         -- whether it enters sums
);
ALTER TABLE events ADD COLUMN IF NOT EXISTS part_of text;
ALTER TABLE events ADD COLUMN IF NOT EXISTS scope text;
ALTER TABLE events ADD COLUMN IF NOT EXISTS status text;
ALTER TABLE events ADD COLUMN IF NOT EXISTS flow_key text;
ALTER TABLE events ADD COLUMN IF NOT EXISTS aggregate boolean;

CREATE TABLE IF NOT EXISTS event_recipients (
    event_id   text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position   integer NOT NULL,   -- 0-based, as in the JSON array
    place_code text NOT NULL REFERENCES places (code),
    PRIMARY KEY (event_id, position)
);

CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_donor ON events (donor_code);
CREATE INDEX IF NOT EXISTS events_year ON events (year);
CREATE INDEX IF NOT EXISTS event_recipients_place ON event_recipients (place_code);
CREATE INDEX IF NOT EXISTS events_flow_key ON events (flow_key);
CREATE INDEX IF NOT EXISTS events_part_of ON events (part_of);

COMMENT ON TABLE events IS 'pairaid schema version 3';

-- Sums that count each flow once: aggregate events only (no items of a
-- counted total, no restatements, no plans, no rates); each flow_key once
-- however many articles report it (article_count says how many); one row
-- per group of recipients, so a joint amount counts once, for the group
-- (recipient_code: the codes sorted and joined by ';'); annual, cumulative
-- and period figures in rows of their own (scope, year, since).
DROP VIEW IF EXISTS flows;
CREATE VIEW flows AS
WITH counted AS (
    SELECT COALESCE(flow_key, id) AS flow, MIN(id) AS event_id,
           COUNT(DISTINCT article_id) AS articles
    FROM events WHERE aggregate
    GROUP BY COALESCE(flow_key, id)
), grouped AS (
    SELECT c.event_id, c.articles,
           (SELECT string_agg(r.place_code, ';' ORDER BY r.place_code)
            FROM event_recipients r WHERE r.event_id = c.event_id) AS recipient_code,
           (SELECT string_agg(p.name, '; ' ORDER BY r.place_code)
            FROM event_recipients r JOIN places p ON p.code = r.place_code
            WHERE r.event_id = c.event_id) AS recipient
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

-- What `flows` leaves out or counts once, and why: items of totals, totals
-- with items, restatements, plans, rates, flows told by several articles.
DROP VIEW IF EXISTS flow_audit;
CREATE VIEW flow_audit AS
SELECT e.id AS event_id, e.article_id, e.type, e.donor_code, e.value, e.unit,
       e.year, e.since, e.scope, e.status, e.flow_key, e.aggregate, e.part_of,
       (SELECT COUNT(*) FROM events i WHERE i.part_of = e.id) AS item_count,
       (SELECT COUNT(DISTINCT o.article_id) FROM events o
        WHERE o.flow_key = e.flow_key AND o.aggregate) AS flow_articles,
       (SELECT MIN(o.id) FROM events o
        WHERE o.flow_key = e.flow_key AND o.aggregate) AS counted_as,
       CASE
           WHEN e.status = 'planned' THEN 'planned'
           WHEN e.scope = 'rate' THEN 'rate'
           WHEN e.part_of IS NOT NULL THEN 'item of ' || e.part_of
           WHEN NOT e.aggregate THEN 'restates ' || (SELECT MIN(o.id) FROM events o
               WHERE o.flow_key = e.flow_key AND o.article_id = e.article_id AND o.aggregate)
           WHEN e.id <> (SELECT MIN(o.id) FROM events o
               WHERE o.flow_key = e.flow_key AND o.aggregate)
               THEN 'counted once as ' || (SELECT MIN(o.id) FROM events o
               WHERE o.flow_key = e.flow_key AND o.aggregate)
           WHEN EXISTS (SELECT 1 FROM events i WHERE i.part_of = e.id) THEN 'total, counted'
           ELSE 'counted, also told elsewhere'
       END AS verdict,
       e.evidence_text
FROM events e
WHERE e.value IS NOT NULL AND (
       e.aggregate IS NOT TRUE
    OR EXISTS (SELECT 1 FROM events i WHERE i.part_of = e.id)
    OR EXISTS (SELECT 1 FROM events o WHERE o.flow_key = e.flow_key AND o.id <> e.id));

-- The CSV's columns, in order (see docs/OUTPUTS.md).
CREATE TABLE IF NOT EXISTS pairaid_staging (
    id              text,
    article_id      text,
    type            text,
    donor_code      text,
    donor_name      text,
    recipient_codes text,          -- ';'-separated
    recipient_names text,          -- ';'-separated, same order
    value           bigint,
    unit            text,
    qualifier       text,
    role            text,
    year            integer,
    since           integer,
    evidence_start  bigint,
    evidence_end    bigint,
    evidence_text   text,
    confidence      double precision,
    rule            text,
    published       text,
    article_url     text,
    article_title   text,
    part_of         text,
    scope           text,
    status          text,
    flow_key        text,
    aggregate       boolean
);
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS published text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS article_url text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS article_title text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS part_of text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS scope text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS status text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS flow_key text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS aggregate boolean;

-- Moves pairaid_staging into the tables: deletes the staged articles (their
-- events and recipients cascade), inserts them again, empties the staging
-- table. Returns the number of events loaded.
CREATE OR REPLACE FUNCTION pairaid_load() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    loaded bigint;
BEGIN
    DELETE FROM articles WHERE id IN (SELECT article_id FROM pairaid_staging);

    INSERT INTO articles (id, status, event_count, published, url, title)
    SELECT article_id, 'ok', count(*), max(published), max(article_url), max(article_title)
    FROM pairaid_staging GROUP BY article_id;

    INSERT INTO places (code, name, level)
    SELECT DISTINCT ON (code) code, name,
           CASE WHEN code LIKE '__0000' THEN 'province'
                WHEN code LIKE '____00' THEN 'prefecture'
                ELSE 'county' END
    FROM (
        SELECT donor_code AS code, donor_name AS name
        FROM pairaid_staging WHERE donor_code IS NOT NULL
        UNION ALL
        SELECT r.code, r.name
        FROM pairaid_staging s,
             unnest(string_to_array(s.recipient_codes, ';'),
                    string_to_array(s.recipient_names, ';')) AS r(code, name)
        WHERE s.recipient_codes IS NOT NULL
    ) used
    ORDER BY code
    ON CONFLICT (code) DO NOTHING;

    INSERT INTO events (id, article_id, type, donor_code, value, unit, qualifier,
                        role, year, since, evidence_start, evidence_end,
                        evidence_text, confidence, rule,
                        part_of, scope, status, flow_key, aggregate)
    SELECT id, article_id, type, donor_code, value, unit, qualifier,
           role, year, since, evidence_start, evidence_end,
           evidence_text, confidence, rule,
           part_of, scope, status, flow_key, aggregate
    FROM pairaid_staging;
    GET DIAGNOSTICS loaded = ROW_COUNT;

    INSERT INTO event_recipients (event_id, position, place_code)
    SELECT s.id, r.ord - 1, r.code
    FROM pairaid_staging s,
         unnest(string_to_array(s.recipient_codes, ';')) WITH ORDINALITY AS r(code, ord)
    WHERE s.recipient_codes IS NOT NULL;

    DELETE FROM pairaid_staging;
    RETURN loaded;
END
$$;
