//! Inputs: directories of `.txt` and `.html` files, single files, JSONL
//! files and JSONL on standard input, read as a stream of articles. Files
//! may be gzip (`.gz`) or zstd (`.zst`) compressed and are decompressed as
//! they stream. Bytes are decoded by [`decode`] (any encoding, reported when
//! not UTF-8) and markup is read by [`html`]; directories are walked by
//! [`walk`]. A file that cannot be read, an article over the size cap or a
//! malformed line becomes an `InputError` naming it; the stream goes on.
//!
//! The guards on what is read ([`guard`](self)): an article (a file, after
//! decompression, or a JSONL line) over [`ReadOptions::max_article_bytes`]
//! is an error and is not held in memory, and NUL characters of the decoded
//! text are read as spaces, with a warning. Both act around the decoder,
//! never before it: UTF-16 has zero bytes of its own.

pub mod decode;
mod guard;
pub mod html;
pub mod walk;

use guard::too_long;
pub use guard::{DEFAULT_MAX_ARTICLE_BYTES, clip};

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::{Article, Date};

/// One input argument, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Every `*.txt` and `*.html`/`*.htm` file below a directory (compressed
    /// or not); ids are relative paths without extensions.
    Directory(PathBuf),
    /// One text or HTML file; the id is its file name without extensions.
    TextFile(PathBuf),
    /// One JSON object per line with `id` and `text`.
    Jsonl(PathBuf),
    /// JSONL on standard input.
    Stdin,
}

/// What a file holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`: plain text (read as HTML when it holds markup, see [`HtmlMode`]).
    Text,
    /// `.html`, `.htm`, `.xhtml`: a page.
    Html,
    /// `.jsonl`, `.ndjson`: one article a line.
    Jsonl,
}

/// How a file is compressed, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// `.gz` (several concatenated members are read as one stream).
    Gzip,
    /// `.zst` or `.zstd`.
    Zstd,
}

/// The kind and compression of `path` by its name (`a.jsonl.gz`), and its
/// name without those extensions (`a`); `None` for files pairaid does not read.
pub fn file_kind(path: &Path) -> Option<(FileKind, Compression, String)> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let (rest, compression) = if let Some(rest) = lower.strip_suffix(".gz") {
        (rest, Compression::Gzip)
    } else if let Some(rest) = lower
        .strip_suffix(".zst")
        .or_else(|| lower.strip_suffix(".zstd"))
    {
        (rest, Compression::Zstd)
    } else {
        (lower.as_str(), Compression::None)
    };
    let (stem, ext) = rest.rsplit_once('.')?;
    let kind = match ext {
        "txt" => FileKind::Text,
        "html" | "htm" | "xhtml" => FileKind::Html,
        "jsonl" | "ndjson" => FileKind::Jsonl,
        _ => return None,
    };
    // The stem keeps the file's own spelling (lower-casing was for matching).
    Some((kind, compression, name[..stem.len()].to_string()))
}

impl Source {
    /// Classifies a command-line argument; an error names what is wrong with it.
    pub fn classify(arg: &str) -> Result<Source, String> {
        if arg == "-" {
            return Ok(Source::Stdin);
        }
        let path = PathBuf::from(arg);
        if path.is_dir() {
            return Ok(Source::Directory(path));
        }
        if !path.exists() {
            return Err(format!("{arg}: no such file or directory"));
        }
        match file_kind(&path) {
            Some((FileKind::Jsonl, ..)) => Ok(Source::Jsonl(path)),
            Some(_) => Ok(Source::TextFile(path)),
            None => Err(format!(
                "{arg}: not a directory, a .txt, .html or .jsonl file (each may end in .gz or .zst)"
            )),
        }
    }

    /// Bytes this source will yield, when known (for progress); unknown for
    /// compressed files.
    pub fn size_hint(&self) -> Option<u64> {
        let size = |p: &Path| match file_kind(p) {
            Some((_, Compression::None, _)) => p.metadata().ok().map(|m| m.len()),
            _ => None,
        };
        match self {
            Source::Directory(dir) => input_files(dir)
                .iter()
                .map(|p| p.as_ref().ok().and_then(|p| size(p)))
                .sum(),
            Source::TextFile(p) | Source::Jsonl(p) => size(p),
            Source::Stdin => None,
        }
    }
}

/// When text is read as HTML (`--html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HtmlMode {
    /// `.html`/`.htm` files, and `.txt` files and JSONL `text` that hold
    /// markup ([`html::looks_like_html`]).
    #[default]
    Auto,
    /// Every input.
    Always,
    /// None: markup is kept as text, also in `.html` files.
    Never,
}

/// How inputs are read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Decode every input with this encoding (`--encoding`) instead of
    /// detecting it; a byte-order mark still wins.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// When text is read as HTML.
    pub html: HtmlMode,
    /// A longer article (a text or HTML file once decompressed, or a JSONL
    /// line) is a failed input, not read into memory
    /// (`--max-article-bytes`; default [`DEFAULT_MAX_ARTICLE_BYTES`]).
    pub max_article_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            encoding: None,
            html: HtmlMode::default(),
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

/// An input that could not be read, with where it came from.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct InputError {
    /// File path, or `path:line` for a JSONL line.
    pub origin: String,
    /// What went wrong.
    pub message: String,
    /// The JSONL line (1-based), for an error in a JSONL input.
    pub line: Option<u64>,
    /// The article's id, when the line gave one before it failed (a line
    /// with an `id` but no `text`).
    pub article_id: Option<String>,
}

impl InputError {
    /// An error at `origin`, with no line or id known.
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            origin: origin.into(),
            message: message.into(),
            line: None,
            article_id: None,
        }
    }
}

/// What the reader yields: an article, or an input that failed.
pub type InputItem = Result<ReadArticle, InputError>;

/// An article and any warning met while reading it.
#[derive(Debug, Clone)]
pub struct ReadArticle {
    /// The article.
    pub article: Article,
    /// For example invalid UTF-8 replaced, or the encoding it was decoded from.
    pub warning: Option<String>,
    /// Bytes read for it (for progress and throughput).
    pub bytes: u64,
    /// The JSONL line (1-based) it was read from, for a JSONL input.
    pub line: Option<u64>,
}

/// Every readable file below `dir` (`*.txt`, `*.html`, `*.htm`, compressed
/// or not), sorted by path, so ids come out in order, and an error in place
/// of each entry that cannot be read ([`walk::articles`]).
fn input_files(dir: &Path) -> Vec<Result<PathBuf, InputError>> {
    walk::articles(dir)
}

/// Opens `path`, decompressing as it streams.
fn open(path: &Path) -> std::io::Result<Box<dyn Read + Send>> {
    let file = File::open(path)?;
    Ok(match file_kind(path).map(|(_, c, _)| c) {
        Some(Compression::Gzip) => {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
        }
        Some(Compression::Zstd) => Box::new(zstd::stream::read::Decoder::new(file)?),
        _ => Box::new(file),
    })
}

/// Joins the notes met while reading one article.
fn join_notes(notes: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let notes: Vec<String> = notes.into_iter().flatten().collect();
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// A publication date as pages write it: `2021-06-18`, `2021/6/18 10:23`,
/// `2021-06-18T10:23:00Z`, `2021年6月18日`.
fn loose_date(s: &str) -> Option<Date> {
    let numbers: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .take(3)
        .collect();
    match numbers.as_slice() {
        [y, m, d] if y.len() == 4 => Date::parse_iso(&format!("{y}-{m:0>2}-{d:0>2}")),
        _ => None,
    }
}

/// Reads an article's text, as HTML when `html` says so (`None`: when it
/// holds markup), filling provenance the input did not give from the page.
/// Returns the note to report when markup was found by looking.
fn read_markup(article: &mut Article, html: Option<bool>) -> Option<String> {
    let detected = html.is_none() && html::looks_like_html(&article.text);
    if !(html.unwrap_or(false) || detected) {
        return None;
    }
    // A page (a .html file, --html always, a whole page in a text) is laid
    // out by its markup; text where markup was found by looking keeps its
    // own line breaks.
    let page = if detected && !html::is_page(&article.text) {
        html::read_text(&article.text)
    } else {
        html::read(&article.text)
    };
    article.text = page.text;
    article.title = article.title.take().or(page.title);
    article.url = article.url.take().or(page.url);
    if article.published.is_none() {
        article.published = page.published.as_deref().and_then(loose_date);
    }
    detected.then(|| {
        format!(
            "{}: markup found, read as HTML (--html never keeps it as text)",
            article.origin
        )
    })
}

fn read_text_file(path: &Path, id: String, options: &ReadOptions) -> InputItem {
    let origin = path.display().to_string();
    let max = options.max_article_bytes;
    let mut bytes = Vec::new();
    // The cap counts decompressed bytes: a small archive that inflates
    // past it is not read whole.
    open(path)
        .and_then(|f| f.take(max.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| InputError::new(origin.clone(), e.to_string()))?;
    let len = bytes.len() as u64;
    if len > max {
        return Err(too_long(origin, max));
    }
    let is_html_file = matches!(file_kind(path), Some((FileKind::Html, ..)));
    let html = match options.html {
        HtmlMode::Always => Some(true),
        HtmlMode::Never => Some(false),
        HtmlMode::Auto if is_html_file => Some(true),
        HtmlMode::Auto => None,
    };
    let decoded = decode::decode(&bytes, options.encoding, html != Some(false));
    let encoding_note = decoded.note(&origin);
    let mut text = decoded.text;
    let nul_note = guard::nul_to_space(&mut text, &origin);
    let mut article = Article {
        id,
        text,
        published: None,
        origin,
        url: None,
        title: None,
    };
    let markup_note = read_markup(&mut article, html);
    Ok(ReadArticle {
        article,
        warning: join_notes([encoding_note, nul_note, markup_note]),
        bytes: len,
        line: None,
    })
}

/// One JSONL input line.
#[derive(Debug, Deserialize)]
struct JsonlArticle {
    id: serde_json::Value,
    text: String,
    /// Any JSON value: only a `YYYY-MM-DD` string is a date; anything else
    /// is ignored with a warning, and the article is kept.
    #[serde(default)]
    published: serde_json::Value,
    #[serde(default)]
    url: serde_json::Value,
    #[serde(default)]
    title: serde_json::Value,
}

/// A JSONL `id`: a non-empty string, or a number written as JSON writes it.
fn jsonl_id(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A non-empty string field, else `None`.
fn string_field(value: serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

/// A JSONL line as text: UTF-8 (the stream is decoded already), or, when it
/// is not, the line's own encoding as [`decode::decode`] finds it (a file
/// that mixes encodings), with a note.
fn decode_line(bytes: Vec<u8>, origin: &str) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let decoded = decode::decode(e.as_bytes(), None, false);
            let note = decoded.note(origin);
            (decoded.text, note)
        }
    }
}

/// Added to the first malformed line of a run that is no JSON object.
const JSONL_HINT: &str = " (JSONL expected: one {\"id\": ..., \"text\": ...} object a line; \
                          plain text goes in a .txt file, or a directory of them)";

/// Parses one JSONL line; `html`: whether its text is HTML (`None`: when
/// it holds markup); `hint`: whether a line that is no JSON object gets
/// [`JSONL_HINT`]. The note about markup found is returned apart, so a
/// file reports it once.
fn parse_jsonl_line(
    line: &[u8],
    origin: String,
    html: Option<bool>,
    hint: bool,
) -> Option<(InputItem, Option<String>)> {
    let (decoded, warning) = decode_line(line.to_vec(), &origin);
    let trimmed = decoded.trim();
    if trimmed.is_empty() {
        return None;
    }
    let parsed: JsonlArticle = match serde_json::from_str(trimmed) {
        Ok(p) => p,
        Err(e) => {
            let hint = if hint && !trimmed.starts_with('{') {
                JSONL_HINT
            } else {
                ""
            };
            let message = format!("malformed JSONL line: {}{hint}", clip(&e.to_string(), 200));
            let error = InputError {
                article_id: serde_json::from_str(trimmed)
                    .ok()
                    .and_then(|v: serde_json::Value| jsonl_id(&v["id"])),
                ..InputError::new(origin, message)
            };
            return Some((Err(error), None));
        }
    };
    let Some(id) = jsonl_id(&parsed.id) else {
        let message = "`id` must be a non-empty string or a number";
        return Some((Err(InputError::new(origin, message)), None));
    };
    let published = parsed.published.as_str().and_then(Date::parse_iso);
    let published_note = match (&parsed.published, published) {
        (serde_json::Value::Null, _) | (_, Some(_)) => None,
        (serde_json::Value::String(p), None) if p.is_empty() => None,
        (p, None) => Some(format!(
            "{origin}: `published` {} is not a \"YYYY-MM-DD\" string; ignored",
            clip(&p.to_string(), 80)
        )),
    };
    let mut text = parsed.text;
    let nul_note = guard::nul_to_space(&mut text, &origin);
    let warning = join_notes([warning, published_note, nul_note]);
    let mut article = Article {
        id,
        text,
        published,
        origin,
        url: string_field(parsed.url),
        title: string_field(parsed.title),
    };
    let markup_note = read_markup(&mut article, html);
    Some((
        Ok(ReadArticle {
            article,
            warning,
            bytes: line.len() as u64,
            line: None,
        }),
        markup_note,
    ))
}

/// Bytes read at most to choose a JSONL stream's encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// A JSONL stream as UTF-8 lines: its encoding is chosen from its first
/// line (at most [`SNIFF_BYTES`], so a slow pipe is not waited for) or
/// `--encoding`, and decoded as it streams. Returns the lines and the note
/// to report when it is not UTF-8.
fn utf8_lines(
    mut reader: Box<dyn Read + Send>,
    name: &str,
    options: &ReadOptions,
) -> std::io::Result<(Box<dyn BufRead + Send>, Option<String>)> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    let mut complete = false;
    while prefix.len() < SNIFF_BYTES && !prefix.contains(&b'\n') {
        let start = prefix.len();
        prefix.resize(SNIFF_BYTES, 0);
        match reader.read(&mut prefix[start..]) {
            Ok(n) => {
                prefix.truncate(start + n);
                if n == 0 {
                    complete = true;
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => prefix.truncate(start),
            Err(e) => return Err(e),
        }
    }
    let sniffed = decode::sniff(&prefix, options.encoding, false, complete);
    let note = (sniffed.encoding != encoding_rs::UTF_8).then(|| {
        decode::Decoded {
            text: String::new(),
            encoding: sniffed.encoding,
            choice: sniffed.choice,
            had_errors: false,
        }
        .note(name)
        .unwrap_or_default()
    });
    let stream: Box<dyn Read + Send> = if sniffed.encoding == encoding_rs::UTF_8 {
        if prefix.starts_with(b"\xEF\xBB\xBF") {
            prefix.drain(..3);
        }
        Box::new(std::io::Cursor::new(prefix).chain(reader))
    } else {
        Box::new(decode::DecodingReader::new(
            std::io::Cursor::new(prefix).chain(reader),
            sniffed.encoding,
        ))
    };
    Ok((Box::new(BufReader::with_capacity(1 << 20, stream)), note))
}

/// A streaming reader over several sources, in order.
pub struct ArticleReader {
    sources: std::vec::IntoIter<Source>,
    current: Option<Current>,
    options: ReadOptions,
    /// Whether a malformed line already carried [`JSONL_HINT`].
    hinted: bool,
}

enum Current {
    Files {
        root: PathBuf,
        files: std::vec::IntoIter<Result<PathBuf, InputError>>,
    },
    Lines {
        name: String,
        reader: Box<dyn BufRead + Send>,
        line: u64,
        /// Said once per file, with its first article: the encoding when
        /// not UTF-8, then that markup was found.
        note: Option<String>,
        markup_noted: bool,
    },
}

impl ArticleReader {
    /// A reader over `sources`, read lazily one article at a time, with the
    /// default [`ReadOptions`] (encodings and markup detected).
    pub fn new(sources: Vec<Source>) -> ArticleReader {
        ArticleReader::with_options(sources, ReadOptions::default())
    }

    /// A reader over `sources` reading as `options` say.
    pub fn with_options(sources: Vec<Source>, options: ReadOptions) -> ArticleReader {
        ArticleReader {
            sources: sources.into_iter(),
            current: None,
            options,
            hinted: false,
        }
    }

    /// The lines of a JSONL stream, or the error opening it.
    fn lines(
        &self,
        name: String,
        reader: std::io::Result<Box<dyn Read + Send>>,
    ) -> Result<Current, InputError> {
        let error = |e: std::io::Error| InputError::new(name.clone(), e.to_string());
        let (reader, note) =
            utf8_lines(reader.map_err(error)?, &name, &self.options).map_err(error)?;
        Ok(Current::Lines {
            name,
            reader,
            line: 0,
            note,
            markup_noted: false,
        })
    }
}

/// An article's id from its path below `root`: the relative path without
/// the file's extensions (`2021/a.html.gz` gives `2021/a`).
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let (Some(last), Some((_, _, stem))) = (parts.last_mut(), file_kind(path)) {
        *last = stem;
    }
    parts.join("/")
}

impl Iterator for ArticleReader {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        let options = self.options;
        let html = match options.html {
            HtmlMode::Always => Some(true),
            HtmlMode::Never => Some(false),
            HtmlMode::Auto => None,
        };
        loop {
            match &mut self.current {
                Some(Current::Files { root, files }) => match files.next() {
                    Some(Ok(path)) => {
                        return Some(read_text_file(&path, relative_id(root, &path), &options));
                    }
                    Some(Err(e)) => return Some(Err(e)),
                    None => self.current = None,
                },
                Some(Current::Lines {
                    name,
                    reader,
                    line,
                    note,
                    markup_noted,
                }) => {
                    let mut buf = Vec::new();
                    let max = options.max_article_bytes;
                    match guard::read_line(reader, &mut buf, max) {
                        Ok(guard::Line::End) => self.current = None,
                        Ok(guard::Line::TooLong) => {
                            *line += 1;
                            let error = too_long(format!("{name}:{line}"), max);
                            return Some(Err(InputError {
                                line: Some(*line),
                                ..error
                            }));
                        }
                        Ok(guard::Line::Read) => {
                            *line += 1;
                            let origin = format!("{name}:{line}");
                            let Some((mut item, markup)) =
                                parse_jsonl_line(&buf, origin, html, !self.hinted)
                            else {
                                continue;
                            };
                            self.hinted |= item
                                .as_ref()
                                .is_err_and(|e| e.message.ends_with(JSONL_HINT));
                            match &mut item {
                                Ok(read) => read.line = Some(*line),
                                Err(e) => e.line = Some(*line),
                            }
                            if let Ok(read) = &mut item {
                                let markup = markup.filter(|_| !std::mem::replace(markup_noted, true)).map(|_| {
                                    format!("{name}: texts with markup are read as HTML (--html never keeps them as text)")
                                });
                                read.warning =
                                    join_notes([note.take(), markup, read.warning.take()]);
                            }
                            return Some(item);
                        }
                        Err(e) => {
                            let at = *line + 1;
                            let origin = format!("{name}:{at}");
                            self.current = None;
                            return Some(Err(InputError {
                                line: Some(at),
                                ..InputError::new(origin, e.to_string())
                            }));
                        }
                    }
                }
                None => {
                    let source = self.sources.next()?;
                    match source {
                        Source::Directory(dir) => {
                            self.current = Some(Current::Files {
                                files: input_files(&dir).into_iter(),
                                root: dir,
                            });
                        }
                        Source::TextFile(path) => {
                            let id =
                                file_kind(&path)
                                    .map(|(_, _, stem)| stem)
                                    .unwrap_or_else(|| {
                                        path.file_stem()
                                            .map(|s| s.to_string_lossy().into_owned())
                                            .unwrap_or_default()
                                    });
                            return Some(read_text_file(&path, id, &options));
                        }
                        Source::Jsonl(path) => {
                            match self.lines(path.display().to_string(), open(&path)) {
                                Ok(current) => self.current = Some(current),
                                Err(e) => return Some(Err(e)),
                            }
                        }
                        Source::Stdin => {
                            let stdin: Box<dyn Read + Send> = Box::new(std::io::stdin());
                            match self.lines("<stdin>".into(), Ok(stdin)) {
                                Ok(current) => self.current = Some(current),
                                Err(e) => return Some(Err(e)),
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &[u8], origin: &str) -> InputItem {
        parse_jsonl_line(text, origin.into(), None, true)
            .expect("a line")
            .0
    }

    #[test]
    fn jsonl_line_with_numeric_id_and_date() {
        let item = line(
            br#"{"id": 7, "text": "x", "published": "2023-08-01"}"#,
            "f:1",
        )
        .expect("parses");
        assert_eq!(item.article.id, "7");
        assert_eq!(
            item.article.published.map(|d| d.iso()),
            Some("2023-08-01".to_string())
        );
    }

    #[test]
    fn malformed_jsonl_line_names_its_origin() {
        let err = line(b"{not json", "in.jsonl:3").unwrap_err();
        assert_eq!(err.origin, "in.jsonl:3");
    }

    #[test]
    fn jsonl_lines_that_are_not_utf8() {
        let mut damaged = "江苏援疆".as_bytes().to_vec();
        damaged.insert(3, 0xff);
        let (text, warning) = decode_line(damaged, "x.jsonl:1");
        assert_eq!(text, "江\u{fffd}苏援疆");
        assert!(warning.expect("a warning").contains("x.jsonl:1"));
        let (gbk, _, _) = encoding_rs::GBK.encode("江苏省向新疆克孜勒苏柯尔克孜自治州投入援助资金");
        let (text, warning) = decode_line(gbk.into_owned(), "x.jsonl:2");
        assert_eq!(text, "江苏省向新疆克孜勒苏柯尔克孜自治州投入援助资金");
        assert!(warning.expect("a note").contains("GBK"));
    }

    #[test]
    fn jsonl_provenance_and_html_text() {
        let item = line(
            br#"{"id": "a", "text": "<p>One.<br>Two &amp; three.</p>", "url": "https://x.cn/a", "title": 5}"#,
            "f:1",
        )
        .expect("parses");
        assert_eq!(item.article.text, "One.\nTwo & three.");
        assert_eq!(item.article.url.as_deref(), Some("https://x.cn/a"));
        assert_eq!(
            item.article.title, None,
            "a title that is no string is ignored"
        );
        let (plain, note) = parse_jsonl_line(
            br#"{"id": "b", "text": "<p>kept</p>"}"#,
            "f:2".into(),
            Some(false),
            true,
        )
        .expect("a line");
        assert_eq!(plain.expect("parses").article.text, "<p>kept</p>");
        assert_eq!(note, None);
    }

    #[test]
    fn file_names_give_kind_compression_and_id() {
        // (name, kind, compression, stem)
        let cases = [
            ("a.txt", FileKind::Text, Compression::None, "a"),
            ("a.b.TXT", FileKind::Text, Compression::None, "a.b"),
            ("Page.html.gz", FileKind::Html, Compression::Gzip, "Page"),
            ("p.htm", FileKind::Html, Compression::None, "p"),
            ("x.jsonl.zst", FileKind::Jsonl, Compression::Zstd, "x"),
            ("x.ndjson.zstd", FileKind::Jsonl, Compression::Zstd, "x"),
        ];
        for (name, kind, compression, stem) in cases {
            assert_eq!(
                file_kind(Path::new(name)),
                Some((kind, compression, stem.to_string())),
                "{name}"
            );
        }
        for name in ["a.gz", "a.csv", "txt", "a.json"] {
            assert_eq!(file_kind(Path::new(name)), None, "{name}");
        }
        assert_eq!(
            relative_id(Path::new("r"), Path::new("r/2021/a.v2.txt.gz")),
            "2021/a.v2"
        );
    }

    #[test]
    fn loose_dates() {
        for (text, iso) in [
            ("2021-06-18 10:23", Some("2021-06-18")),
            ("2021/6/8", Some("2021-06-08")),
            ("2021年6月18日", Some("2021-06-18")),
            ("2021-02-03T04:05:06Z", Some("2021-02-03")),
            ("June 2021", None),
        ] {
            assert_eq!(loose_date(text).map(|d| d.iso()).as_deref(), iso, "{text}");
        }
    }
}
