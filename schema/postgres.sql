-- pairaid PostgreSQL schema, version 2: the same tables, types and `flows`
-- view as the SQLite output (`pairaid extract ... -o events.sqlite`), plus a
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
-- table's published, article_url, article_title; running this file on a
-- version 1 database adds them.

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
    rule           text
);

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

COMMENT ON TABLE events IS 'pairaid schema version 2';

-- One row per (donor, recipient, year, type, unit): an event with two
-- recipients counts in both rows; events with no donor or no recipient are
-- kept with NULL codes; pairings have a NULL unit and total_value.
CREATE OR REPLACE VIEW flows AS
SELECT e.donor_code  AS donor_code,
       d.name        AS donor,
       r.place_code  AS recipient_code,
       p.name        AS recipient,
       e.year        AS year,
       e.type        AS type,
       e.unit        AS unit,
       SUM(e.value)  AS total_value,
       COUNT(*)      AS event_count
FROM events e
LEFT JOIN places d ON d.code = e.donor_code
LEFT JOIN event_recipients r ON r.event_id = e.id
LEFT JOIN places p ON p.code = r.place_code
GROUP BY e.donor_code, d.name, r.place_code, p.name, e.year, e.type, e.unit;

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
    article_title   text
);
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS published text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS article_url text;
ALTER TABLE pairaid_staging ADD COLUMN IF NOT EXISTS article_title text;

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
                        evidence_text, confidence, rule)
    SELECT id, article_id, type, donor_code, value, unit, qualifier,
           role, year, since, evidence_start, evidence_end,
           evidence_text, confidence, rule
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
