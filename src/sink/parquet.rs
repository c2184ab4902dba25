//! Parquet sink: two typed files that DuckDB, Polars, pandas, Spark and
//! BigQuery load without a schema step: events (one row per event, the
//! recipients as a list) and articles (one row per article, with its
//! provenance). Columns are listed in [`events_schema`] and
//! [`articles_schema`]; `docs/OUTPUTS.md` explains each. Place codes are
//! strings, amounts 64-bit integers, years 32-bit integers. Rows are
//! written in row groups of [`ROW_GROUP`] events, so memory stays bounded;
//! files are zstd-compressed. Both files are written under a temporary name
//! and renamed when the run finishes, so a failed run leaves none half
//! written.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{
    ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, ListArray, RecordBatch,
    StringArray, StructArray,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::{ArticleOutcome, Sink};
use crate::event::Event;

/// Events (or articles) per row group and per batch handed to the writer.
pub const ROW_GROUP: usize = 64 * 1024;

/// Where the two files go for `-o PATH`: into a directory (an existing one,
/// or a path ending in `/`) as `events.parquet` and `articles.parquet`;
/// else events to PATH and articles beside it (`out.parquet` gives
/// `out.articles.parquet`).
pub fn paths(output: &Path) -> (PathBuf, PathBuf) {
    let text = output.to_string_lossy();
    if output.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        return (
            output.join("events.parquet"),
            output.join("articles.parquet"),
        );
    }
    let stem = text.strip_suffix(".parquet").unwrap_or(&text);
    (
        output.to_path_buf(),
        PathBuf::from(format!("{stem}.articles.parquet")),
    )
}

fn place_fields() -> Fields {
    Fields::from(vec![
        Field::new("code", DataType::Utf8, false),
        Field::new("name", DataType::Utf8, false),
        Field::new("level", DataType::Utf8, false),
        Field::new("mention", DataType::Utf8, false),
    ])
}

fn recipient_field() -> Arc<Field> {
    Arc::new(Field::new(
        "element",
        DataType::Struct(place_fields()),
        false,
    ))
}

fn code_field() -> Arc<Field> {
    Arc::new(Field::new("element", DataType::Utf8, false))
}

/// The events file's columns.
pub fn events_schema() -> SchemaRef {
    let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    let int = |name: &str| Field::new(name, DataType::Int64, true);
    Arc::new(Schema::new(vec![
        text("id", false),
        text("article_id", false),
        text("type", false),
        text("donor_code", true),
        text("donor_name", true),
        text("donor_level", true),
        text("donor_mention", true),
        Field::new("recipients", DataType::List(recipient_field()), false),
        Field::new("recipient_codes", DataType::List(code_field()), false),
        int("value"),
        text("unit", true),
        text("qualifier", true),
        text("quantity_mention", true),
        int("min"),
        int("max"),
        int("alt_value"),
        text("alt_unit", true),
        text("role", true),
        Field::new("year", DataType::Int32, true),
        Field::new("since", DataType::Int32, true),
        Field::new("evidence_start", DataType::Int64, false),
        Field::new("evidence_end", DataType::Int64, false),
        text("evidence_text", false),
        Field::new("confidence", DataType::Float64, false),
        text("rule", false),
    ]))
}

/// The articles file's columns.
pub fn articles_schema() -> SchemaRef {
    let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    Arc::new(Schema::new(vec![
        text("id", false),
        text("source", true),
        text("published", true),
        Field::new("published_date", DataType::Date32, true),
        text("published_source", true),
        text("url", true),
        text("title", true),
        text("status", false),
        text("error", true),
        Field::new("event_count", DataType::Int64, false),
    ]))
}

fn error(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("parquet: {e}"))
}

fn to_i64(value: u64, what: &str, id: &str) -> std::io::Result<i64> {
    i64::try_from(value)
        .map_err(|_| error(format!("event {id}: {what} does not fit a 64-bit integer")))
}

/// Days since 1970-01-01 of a full date (the civil-from-days inverse).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Event rows buffered as columns until a batch is full.
#[derive(Default)]
struct EventColumns {
    id: Vec<String>,
    article_id: Vec<String>,
    kind: Vec<&'static str>,
    donor: [Vec<Option<String>>; 4],
    recipient_lengths: Vec<usize>,
    recipients: [Vec<String>; 4],
    value: Vec<Option<i64>>,
    unit: Vec<Option<String>>,
    qualifier: Vec<Option<&'static str>>,
    mention: Vec<Option<String>>,
    min: Vec<Option<i64>>,
    max: Vec<Option<i64>>,
    alt_value: Vec<Option<i64>>,
    alt_unit: Vec<Option<String>>,
    role: Vec<Option<String>>,
    year: Vec<Option<i32>>,
    since: Vec<Option<i32>>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
    confidence: Vec<f64>,
    rule: Vec<String>,
}

impl EventColumns {
    fn push(&mut self, e: &Event) -> std::io::Result<()> {
        let q = e.quantity.as_ref();
        let int = |v: Option<u64>, what: &str| v.map(|v| to_i64(v, what, &e.id)).transpose();
        self.value.push(int(q.map(|q| q.value), "value")?);
        self.min.push(int(q.and_then(|q| q.min), "min")?);
        self.max.push(int(q.and_then(|q| q.max), "max")?);
        self.alt_value.push(int(
            q.and_then(|q| q.alt.as_ref().map(|a| a.value)),
            "alt value",
        )?);
        self.id.push(e.id.clone());
        self.article_id.push(e.article_id.clone());
        self.kind.push(e.kind.as_str());
        let d = e.donor.as_ref();
        for (column, value) in self.donor.iter_mut().zip([
            d.map(|p| p.code.clone()),
            d.map(|p| p.name.clone()),
            d.map(|p| p.level.clone()),
            d.map(|p| p.mention.clone()),
        ]) {
            column.push(value);
        }
        self.recipient_lengths.push(e.recipients.len());
        for r in &e.recipients {
            for (column, value) in self
                .recipients
                .iter_mut()
                .zip([&r.code, &r.name, &r.level, &r.mention])
            {
                column.push(value.clone());
            }
        }
        self.unit.push(q.map(|q| q.unit.clone()));
        self.qualifier
            .push(q.map(|q| super::csv::qualifier_str(q.qualifier)));
        self.mention.push(q.map(|q| q.mention.clone()));
        self.alt_unit
            .push(q.and_then(|q| q.alt.as_ref().map(|a| a.unit.clone())));
        self.role.push(e.role.clone());
        self.year.push(e.year);
        self.since.push(e.since);
        self.start.push(e.evidence.start as i64);
        self.end.push(e.evidence.end as i64);
        self.text.push(e.evidence.text.clone());
        self.confidence.push(e.confidence);
        self.rule.push(e.rule.clone());
        Ok(())
    }

    fn len(&self) -> usize {
        self.id.len()
    }

    /// The buffered rows as a batch; the buffers are emptied.
    fn take(&mut self, schema: &SchemaRef) -> std::io::Result<RecordBatch> {
        let c = std::mem::take(self);
        let strings = |v: Vec<String>| Arc::new(StringArray::from(v)) as ArrayRef;
        let optional = |v: Vec<Option<String>>| Arc::new(StringArray::from(v)) as ArrayRef;
        let ints = |v: Vec<Option<i64>>| Arc::new(Int64Array::from(v)) as ArrayRef;
        let [r_code, r_name, r_level, r_mention] = c.recipients;
        let offsets = OffsetBuffer::<i32>::from_lengths(c.recipient_lengths.iter().copied());
        let codes = strings(r_code);
        let places = StructArray::try_new(
            place_fields(),
            vec![
                codes.clone(),
                strings(r_name),
                strings(r_level),
                strings(r_mention),
            ],
            None,
        )
        .map_err(error)?;
        let recipients =
            ListArray::try_new(recipient_field(), offsets.clone(), Arc::new(places), None)
                .map_err(error)?;
        let recipient_codes =
            ListArray::try_new(code_field(), offsets, codes, None).map_err(error)?;
        let [d_code, d_name, d_level, d_mention] = c.donor;
        let columns: Vec<ArrayRef> = vec![
            strings(c.id),
            strings(c.article_id),
            Arc::new(StringArray::from(c.kind)),
            optional(d_code),
            optional(d_name),
            optional(d_level),
            optional(d_mention),
            Arc::new(recipients),
            Arc::new(recipient_codes),
            ints(c.value),
            optional(c.unit),
            Arc::new(StringArray::from(c.qualifier)),
            optional(c.mention),
            ints(c.min),
            ints(c.max),
            ints(c.alt_value),
            optional(c.alt_unit),
            optional(c.role),
            Arc::new(Int32Array::from(c.year)),
            Arc::new(Int32Array::from(c.since)),
            Arc::new(Int64Array::from(c.start)),
            Arc::new(Int64Array::from(c.end)),
            strings(c.text),
            Arc::new(Float64Array::from(c.confidence)),
            strings(c.rule),
        ];
        RecordBatch::try_new(schema.clone(), columns).map_err(error)
    }
}

/// Article rows buffered as columns.
#[derive(Default)]
struct ArticleColumns {
    id: Vec<String>,
    source: Vec<Option<String>>,
    published: Vec<Option<String>>,
    published_date: Vec<Option<i32>>,
    published_source: Vec<Option<&'static str>>,
    url: Vec<Option<String>>,
    title: Vec<Option<String>>,
    status: Vec<&'static str>,
    error: Vec<Option<String>>,
    event_count: Vec<i64>,
}

impl ArticleColumns {
    fn push(&mut self, a: &ArticleOutcome) {
        self.id.push(a.article_id.clone());
        self.source.push(Some(a.origin.clone()));
        self.published.push(a.published.map(|d| d.iso()));
        self.published_date.push(
            a.published
                .and_then(|d| Some(days_from_civil(d.year, d.month?, d.day?))),
        );
        self.published_source.push(a.published_source);
        self.url.push(a.url.clone());
        self.title.push(a.title.clone());
        self.status
            .push(if a.error.is_some() { "failed" } else { "ok" });
        self.error.push(a.error.clone());
        self.event_count.push(a.events.len() as i64);
    }

    fn take(&mut self, schema: &SchemaRef) -> std::io::Result<RecordBatch> {
        let c = std::mem::take(self);
        let optional = |v: Vec<Option<String>>| Arc::new(StringArray::from(v)) as ArrayRef;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(c.id)),
            optional(c.source),
            optional(c.published),
            Arc::new(Date32Array::from(c.published_date)),
            Arc::new(StringArray::from(c.published_source)),
            optional(c.url),
            optional(c.title),
            Arc::new(StringArray::from(c.status)),
            optional(c.error),
            Arc::new(Int64Array::from(c.event_count)),
        ];
        RecordBatch::try_new(schema.clone(), columns).map_err(error)
    }
}

/// One Parquet file being written under a temporary name.
struct Output {
    writer: Option<ArrowWriter<File>>,
    schema: SchemaRef,
    partial: PathBuf,
    path: PathBuf,
}

impl Output {
    fn create(path: PathBuf, schema: SchemaRef) -> std::io::Result<Output> {
        let partial = PathBuf::from(format!("{}.partial", path.display()));
        let file = File::create(&partial)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", partial.display())))?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("pairaid {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties)).map_err(error)?;
        Ok(Output {
            writer: Some(writer),
            schema,
            partial,
            path,
        })
    }

    fn write(&mut self, batch: &RecordBatch) -> std::io::Result<()> {
        match &mut self.writer {
            Some(w) => w.write(batch).map_err(error),
            None => Err(error("file already closed")),
        }
    }

    fn close(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.writer.take() {
            writer.close().map_err(error)?;
            std::fs::rename(&self.partial, &self.path)?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Not closed: the run failed; leave no half-written file behind.
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// Writes events and articles as two Parquet files.
pub struct ParquetSink {
    events: Output,
    articles: Output,
    event_rows: EventColumns,
    article_rows: ArticleColumns,
}

impl ParquetSink {
    /// A sink writing the two files [`paths`] gives for `output`; a
    /// directory path is created when missing.
    pub fn create(output: &Path) -> std::io::Result<ParquetSink> {
        let (events, articles) = paths(output);
        if let Some(dir) = events.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        Ok(ParquetSink {
            events: Output::create(events, events_schema())?,
            articles: Output::create(articles, articles_schema())?,
            event_rows: EventColumns::default(),
            article_rows: ArticleColumns::default(),
        })
    }

    fn flush(&mut self, all: bool) -> std::io::Result<()> {
        if self.event_rows.len() >= ROW_GROUP || (all && self.event_rows.len() > 0) {
            let batch = self.event_rows.take(&self.events.schema)?;
            self.events.write(&batch)?;
        }
        if self.article_rows.id.len() >= ROW_GROUP || (all && !self.article_rows.id.is_empty()) {
            let batch = self.article_rows.take(&self.articles.schema)?;
            self.articles.write(&batch)?;
        }
        Ok(())
    }
}

impl Sink for ParquetSink {
    fn begin(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()> {
        for event in &outcome.events {
            self.event_rows.push(event)?;
        }
        // A failed input with no id cannot be keyed (it is reported on stderr).
        if !outcome.article_id.is_empty() {
            self.article_rows.push(outcome);
        }
        self.flush(false)
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.flush(true)?;
        self.events.close()?;
        self.articles.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        assert_eq!(
            paths(d),
            (d.join("events.parquet"), d.join("articles.parquet"))
        );
        assert_eq!(
            paths(Path::new("out/x.parquet")),
            (
                PathBuf::from("out/x.parquet"),
                PathBuf::from("out/x.articles.parquet")
            )
        );
        assert_eq!(
            paths(Path::new("new/")),
            (
                PathBuf::from("new/events.parquet"),
                PathBuf::from("new/articles.parquet")
            )
        );
    }

    #[test]
    fn dates_count_days_from_the_epoch() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2021, 6, 18), 18_796);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }
}
