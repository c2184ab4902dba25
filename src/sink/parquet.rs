//! Parquet sink: two typed files that DuckDB, Polars, pandas, Spark and
//! BigQuery load without a schema step: events (one row per event, the
//! recipients as a list) and articles (one row per article, with its
//! provenance). Columns are listed in [`EVENTS_SCHEMA`] and
//! [`ARTICLES_SCHEMA`]; `docs/OUTPUTS.md` explains each. Place codes are
//! strings, amounts 64-bit integers, years 32-bit integers. Rows are
//! written in row groups of [`ROW_GROUP`], so memory stays bounded; files
//! are zstd-compressed. Both files are written under a temporary name
//! ([`super::atomic::AtomicPath`], as for JSONL and CSV) and renamed when
//! the run finishes, so a failed run leaves none half written and an
//! existing file is replaced only by a whole one.
//!
//! The `parquet` crate's column writers are used directly, not its Arrow
//! layer: the Arrow crates would double the build time and add 5 MB to the
//! binary for what a few dozen lines of definition and repetition levels do.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, ZstdLevel};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::atomic::AtomicPath;
use super::{ArticleOutcome, Sink};
use crate::event::Event;

/// Rows per row group: written when this many are buffered.
pub const ROW_GROUP: usize = 32 * 1024;

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

/// The events file's schema: one row per event, in JSONL order. Lists use
/// the standard three-level LIST layout that every reader maps to a list.
pub const EVENTS_SCHEMA: &str = "
message event {
  required binary id (STRING);
  required binary article_id (STRING);
  required binary type (STRING);
  optional binary donor_code (STRING);
  optional binary donor_name (STRING);
  optional binary donor_level (STRING);
  optional binary donor_mention (STRING);
  required group recipients (LIST) {
    repeated group list {
      required group element {
        required binary code (STRING);
        required binary name (STRING);
        required binary level (STRING);
        required binary mention (STRING);
      }
    }
  }
  required group recipient_codes (LIST) {
    repeated group list {
      required binary element (STRING);
    }
  }
  optional int64 value;
  optional binary unit (STRING);
  optional binary qualifier (STRING);
  optional binary quantity_mention (STRING);
  optional int64 min;
  optional int64 max;
  optional int64 alt_value;
  optional binary alt_unit (STRING);
  optional binary role (STRING);
  optional int32 year;
  optional int32 since;
  required int64 evidence_start;
  required int64 evidence_end;
  required binary evidence_text (STRING);
  required double confidence;
  required binary rule (STRING);
  optional binary part_of (STRING);
  required binary scope (STRING);
  required binary status (STRING);
  optional binary flow_key (STRING);
  required boolean aggregate;
}";

/// The articles file's schema: one row per article read.
pub const ARTICLES_SCHEMA: &str = "
message article {
  required binary id (STRING);
  optional binary source (STRING);
  optional binary published (STRING);
  optional int32 published_date (DATE);
  optional binary published_source (STRING);
  optional binary url (STRING);
  optional binary title (STRING);
  required binary status (STRING);
  optional binary error (STRING);
  required int64 event_count;
}";

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

/// One leaf column's values and levels, buffered until the row group is
/// written.
#[derive(Default)]
struct Leaf {
    text: Vec<ByteArray>,
    long: Vec<i64>,
    int: Vec<i32>,
    double: Vec<f64>,
    boolean: Vec<bool>,
    /// Definition levels, when the column has any (optional or in a list).
    def: Option<Vec<i16>>,
    /// Repetition levels, when the column is in a list.
    rep: Option<Vec<i16>>,
}

/// A value of one leaf.
enum Value<'a> {
    Text(&'a str),
    Long(i64),
    Int(i32),
    Double(f64),
    Bool(bool),
}

/// One Parquet file being written under a temporary name: its leaf
/// columns are filled row by row, in schema order, and written as a row
/// group every [`ROW_GROUP`] rows.
struct Output {
    writer: Option<SerializedFileWriter<File>>,
    leaves: Vec<Leaf>,
    /// The leaf the next value goes to.
    cursor: usize,
    rows: usize,
    /// Rows per row group.
    group: usize,
    /// The temporary file, renamed over the target by `close`; dropped
    /// (and removed) when the run fails. `None` for a device written in
    /// place.
    pending: Option<AtomicPath>,
}

impl Output {
    fn create(path: PathBuf, schema: &str) -> std::io::Result<Output> {
        let schema = Arc::new(parse_message_type(schema).map_err(error)?);
        let named =
            |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        let (pending, file) = if AtomicPath::in_place(&path) {
            (None, File::create(&path).map_err(named)?)
        } else {
            let (pending, file) = AtomicPath::create(&path).map_err(named)?;
            (Some(pending), file)
        };
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_created_by(format!("pairaid {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer =
            SerializedFileWriter::new(file, schema, Arc::new(properties)).map_err(error)?;
        let leaves = writer
            .schema_descr()
            .columns()
            .iter()
            .map(|c| Leaf {
                def: (c.max_def_level() > 0).then(Vec::new),
                rep: (c.max_rep_level() > 0).then(Vec::new),
                ..Leaf::default()
            })
            .collect();
        Ok(Output {
            writer: Some(writer),
            leaves,
            cursor: 0,
            rows: 0,
            group: ROW_GROUP,
            pending,
        })
    }

    fn push(&mut self, value: Option<Value>, def: i16, rep: i16) {
        let leaf = &mut self.leaves[self.cursor];
        if let Some(levels) = &mut leaf.def {
            levels.push(def);
        }
        if let Some(levels) = &mut leaf.rep {
            levels.push(rep);
        }
        match value {
            Some(Value::Text(s)) => leaf.text.push(ByteArray::from(s)),
            Some(Value::Long(v)) => leaf.long.push(v),
            Some(Value::Int(v)) => leaf.int.push(v),
            Some(Value::Double(v)) => leaf.double.push(v),
            Some(Value::Bool(v)) => leaf.boolean.push(v),
            None => {}
        }
    }

    /// The next leaf's value for this row (a required or optional column).
    fn value(&mut self, value: Option<Value>) {
        let def = i16::from(value.is_some());
        self.push(value, def, 0);
        self.cursor += 1;
    }

    fn text(&mut self, value: Option<&str>) {
        self.value(value.map(Value::Text));
    }

    fn long(&mut self, value: Option<i64>) {
        self.value(value.map(Value::Long));
    }

    fn int(&mut self, value: Option<i32>) {
        self.value(value.map(Value::Int));
    }

    /// The next leaf's values for this row: a required list of required
    /// strings (an empty list is one level pair and no value).
    fn list<'a>(&mut self, items: impl Iterator<Item = &'a str>) {
        let mut empty = true;
        for (i, item) in items.enumerate() {
            self.push(Some(Value::Text(item)), 1, i16::from(i > 0));
            empty = false;
        }
        if empty {
            self.push(None, 0, 0);
        }
        self.cursor += 1;
    }

    /// Ends a row; writes a row group when enough rows are buffered.
    fn end_row(&mut self) -> std::io::Result<()> {
        debug_assert_eq!(self.cursor, self.leaves.len(), "a value for every leaf");
        self.cursor = 0;
        self.rows += 1;
        if self.rows >= self.group {
            self.write_group()?;
        }
        Ok(())
    }

    fn write_group(&mut self) -> std::io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| error("file already closed"))?;
        let mut group = writer.next_row_group().map_err(error)?;
        for leaf in &mut self.leaves {
            let mut column = group
                .next_column()
                .map_err(error)?
                .ok_or_else(|| error("fewer columns than leaves"))?;
            let (def, rep) = (leaf.def.as_deref(), leaf.rep.as_deref());
            let written = match column.untyped() {
                ColumnWriter::ByteArrayColumnWriter(w) => w.write_batch(&leaf.text, def, rep),
                ColumnWriter::Int64ColumnWriter(w) => w.write_batch(&leaf.long, def, rep),
                ColumnWriter::Int32ColumnWriter(w) => w.write_batch(&leaf.int, def, rep),
                ColumnWriter::DoubleColumnWriter(w) => w.write_batch(&leaf.double, def, rep),
                ColumnWriter::BoolColumnWriter(w) => w.write_batch(&leaf.boolean, def, rep),
                _ => return Err(error("a column type the schemas do not use")),
            };
            written.map_err(error)?;
            column.close().map_err(error)?;
            leaf.text.clear();
            leaf.long.clear();
            leaf.int.clear();
            leaf.double.clear();
            leaf.boolean.clear();
            for levels in [&mut leaf.def, &mut leaf.rep].into_iter().flatten() {
                levels.clear();
            }
        }
        group.close().map_err(error)?;
        self.rows = 0;
        Ok(())
    }

    fn close(&mut self) -> std::io::Result<()> {
        self.write_group()?;
        if let Some(writer) = self.writer.take() {
            writer.close().map_err(error)?;
            if let Some(pending) = self.pending.take() {
                pending.commit()?;
            }
        }
        Ok(())
    }
}

/// Writes events and articles as two Parquet files.
pub struct ParquetSink {
    events: Output,
    articles: Output,
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
            events: Output::create(events, EVENTS_SCHEMA)?,
            articles: Output::create(articles, ARTICLES_SCHEMA)?,
        })
    }

    /// Writes a row group every `n` rows (at least 1) instead of every
    /// [`ROW_GROUP`].
    pub fn row_group(mut self, n: usize) -> ParquetSink {
        self.events.group = n.max(1);
        self.articles.group = n.max(1);
        self
    }

    fn event(&mut self, e: &Event) -> std::io::Result<()> {
        let q = e.quantity.as_ref();
        let int = |v: Option<u64>, what: &str| v.map(|v| to_i64(v, what, &e.id)).transpose();
        let (value, min, max) = (
            int(q.map(|q| q.value), "value")?,
            int(q.and_then(|q| q.min), "min")?,
            int(q.and_then(|q| q.max), "max")?,
        );
        let alt = q.and_then(|q| q.alt.as_ref());
        let alt_value = int(alt.map(|a| a.value), "alt value")?;
        let d = e.donor.as_ref();
        let out = &mut self.events;
        out.text(Some(&e.id));
        out.text(Some(&e.article_id));
        out.text(Some(e.kind.as_str()));
        out.text(d.map(|p| p.code.as_str()));
        out.text(d.map(|p| p.name.as_str()));
        out.text(d.map(|p| p.level.as_str()));
        out.text(d.map(|p| p.mention.as_str()));
        out.list(e.recipients.iter().map(|r| r.code.as_str()));
        out.list(e.recipients.iter().map(|r| r.name.as_str()));
        out.list(e.recipients.iter().map(|r| r.level.as_str()));
        out.list(e.recipients.iter().map(|r| r.mention.as_str()));
        out.list(e.recipients.iter().map(|r| r.code.as_str()));
        out.long(value);
        out.text(q.map(|q| q.unit.as_str()));
        out.text(q.map(|q| super::csv::qualifier_str(q.qualifier)));
        out.text(q.map(|q| q.mention.as_str()));
        out.long(min);
        out.long(max);
        out.long(alt_value);
        out.text(alt.map(|a| a.unit.as_str()));
        out.text(e.role.as_deref());
        out.int(e.year);
        out.int(e.since);
        out.long(Some(e.evidence.start as i64));
        out.long(Some(e.evidence.end as i64));
        out.text(Some(&e.evidence.text));
        out.value(Some(Value::Double(e.confidence)));
        out.text(Some(&e.rule));
        out.text(e.totals.part_of.as_deref());
        out.text(Some(e.totals.scope.as_str()));
        out.text(Some(e.totals.status.as_str()));
        out.text(e.totals.flow_key.as_deref());
        out.value(Some(Value::Bool(e.totals.aggregate)));
        out.end_row()
    }

    fn article(&mut self, a: &ArticleOutcome) -> std::io::Result<()> {
        let published = a.published.map(|d| d.iso());
        let date = a
            .published
            .and_then(|d| Some(days_from_civil(d.year, d.month?, d.day?)));
        let out = &mut self.articles;
        out.text(Some(&a.article_id));
        out.text(Some(&a.origin));
        out.text(published.as_deref());
        out.int(date);
        out.text(a.published_source);
        out.text(a.url.as_deref());
        out.text(a.title.as_deref());
        out.text(Some(if a.error.is_some() { "failed" } else { "ok" }));
        out.text(a.error.as_deref());
        out.long(Some(a.events.len() as i64));
        out.end_row()
    }
}

impl Sink for ParquetSink {
    fn begin(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn write(&mut self, outcome: &ArticleOutcome) -> std::io::Result<()> {
        for event in &outcome.events {
            self.event(event)?;
        }
        // A failed input with no id cannot be keyed (it is reported on stderr).
        if !outcome.article_id.is_empty() {
            self.article(outcome)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
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
    fn row_groups_split_rows_and_keep_lists_whole() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        use parquet::record::RowAccessor;

        let pipeline = crate::Pipeline::builder().build().expect("embedded tables");
        let texts = [
            "Wuxi allocated 50 million yuan to Haidong in 2019.",
            "Shanghai sent 30 teachers to Kashgar and Aksu in 2020. Beijing gave 5 million yuan.",
            "No flows here.",
        ];
        let dir = tempfile::tempdir().expect("tempdir");
        let mut sink = ParquetSink::create(&dir.path().join("o/"))
            .expect("files")
            .row_group(2);
        let mut expected = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let events = pipeline
                .extract(crate::Article {
                    id: format!("a{i}"),
                    text: text.to_string(),
                    ..crate::Article::default()
                })
                .events;
            expected.extend(events.iter().map(|e| e.recipients.len()));
            sink.write(&ArticleOutcome {
                article_id: format!("a{i}"),
                events,
                ..ArticleOutcome::default()
            })
            .expect("writes");
        }
        sink.finish().expect("closes");
        assert!(expected.len() >= 3, "{expected:?}");
        let read = |name: &str| {
            let file = File::open(dir.path().join("o").join(name)).expect("written");
            SerializedFileReader::new(file).expect("Parquet")
        };
        let events = read("events.parquet");
        assert_eq!(
            events.metadata().num_row_groups(),
            expected.len().div_ceil(2)
        );
        let lengths: Vec<usize> = events
            .get_row_iter(None)
            .expect("rows")
            .map(|row| {
                row.expect("a row")
                    .get_list(8)
                    .expect("recipient_codes")
                    .len()
            })
            .collect();
        assert_eq!(lengths, expected);
        assert_eq!(read("articles.parquet").metadata().num_row_groups(), 2);
    }

    #[test]
    fn a_run_that_fails_leaves_the_old_files_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("x.parquet");
        std::fs::write(&target, "old").expect("write");
        let mut sink = ParquetSink::create(&target).expect("files");
        sink.write(&ArticleOutcome {
            article_id: "a".into(),
            ..ArticleOutcome::default()
        })
        .expect("writes");
        drop(sink);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["x.parquet"], "no temporary file left");
    }

    #[test]
    fn dates_count_days_from_the_epoch() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2021, 6, 18), 18_796);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }
}
