//! Inputs: directories of `.txt` files, single `.txt` files, JSONL files and
//! JSONL on standard input, read as a stream of articles. A file that cannot
//! be read or a malformed line becomes an `InputError` naming it; the stream
//! goes on.

mod guard;
pub mod walk;

use guard::{BOM, too_long};
pub use guard::{DEFAULT_MAX_ARTICLE_BYTES, clip};

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::{Article, Date};

/// One input argument, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Every `*.txt` below a directory; ids are relative paths without extension.
    Directory(PathBuf),
    /// One text file; the id is its file stem.
    TextFile(PathBuf),
    /// One JSON object per line with `id` and `text`.
    Jsonl(PathBuf),
    /// JSONL on standard input.
    Stdin,
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
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl") | Some("ndjson") => Ok(Source::Jsonl(path)),
            Some("txt") => Ok(Source::TextFile(path)),
            _ => Err(format!(
                "{arg}: not a directory, a .txt file or a .jsonl file"
            )),
        }
    }

    /// Bytes this source will yield, when known (for progress).
    pub fn size_hint(&self) -> Option<u64> {
        match self {
            Source::Directory(dir) => Some(
                text_files(dir)
                    .iter()
                    .filter_map(|p| p.as_ref().ok()?.metadata().ok())
                    .map(|m| m.len())
                    .sum(),
            ),
            Source::TextFile(p) | Source::Jsonl(p) => p.metadata().ok().map(|m| m.len()),
            Source::Stdin => None,
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
}

/// What the reader yields: an article, or an input that failed.
pub type InputItem = Result<ReadArticle, InputError>;

/// An article and any warning met while reading it.
#[derive(Debug, Clone)]
pub struct ReadArticle {
    /// The article.
    pub article: Article,
    /// For example invalid UTF-8 replaced.
    pub warning: Option<String>,
    /// Bytes read for it (for progress and throughput).
    pub bytes: u64,
}

/// Every `*.txt` below `dir`, sorted by path, so ids come out in order, and
/// an error in place of each entry that cannot be read ([`walk::articles`]).
fn text_files(dir: &Path) -> Vec<Result<PathBuf, InputError>> {
    walk::articles(dir)
}

fn decode(bytes: Vec<u8>, origin: &str) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => (
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Some(format!("{origin}: invalid UTF-8 replaced with U+FFFD")),
        ),
    }
}

fn read_text_file(path: &Path, id: String, max: u64) -> InputItem {
    let origin = path.display().to_string();
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(max.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| InputError {
            origin: origin.clone(),
            message: e.to_string(),
        })?;
    let len = bytes.len() as u64;
    if len > max {
        return Err(too_long(origin, max));
    }
    let (mut text, warning) = decode(bytes, &origin);
    let warning = guard::nul_to_space(&mut text, &origin, warning);
    Ok(ReadArticle {
        article: Article {
            id,
            text,
            published: None,
            origin,
        },
        warning,
        bytes: len,
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
}

/// Added to the first malformed line of a run that is no JSON object.
const JSONL_HINT: &str = " (JSONL expected: one {\"id\": ..., \"text\": ...} object a line; \
                          plain text goes in a .txt file, or a directory of them)";

fn parse_jsonl_line(line: &[u8], origin: String, hint: bool) -> Option<InputItem> {
    let (decoded, warning) = decode(line.to_vec(), &origin);
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
            return Some(Err(InputError {
                origin,
                message: format!("malformed JSONL line: {}{hint}", clip(&e.to_string(), 200)),
            }));
        }
    };
    let id = match parsed.id {
        serde_json::Value::String(s) if !s.is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => {
            return Some(Err(InputError {
                origin,
                message: "`id` must be a non-empty string or a number".into(),
            }));
        }
    };
    let published = parsed.published.as_str().and_then(Date::parse_iso);
    let warning = match (&parsed.published, published) {
        (serde_json::Value::Null, _) | (_, Some(_)) => warning,
        (serde_json::Value::String(p), None) if p.is_empty() => warning,
        (p, None) => Some(format!(
            "{origin}: `published` {} is not a \"YYYY-MM-DD\" string; ignored",
            clip(&p.to_string(), 80)
        )),
    };
    let mut text = parsed.text;
    let warning = guard::nul_to_space(&mut text, &origin, warning);
    Some(Ok(ReadArticle {
        article: Article {
            id,
            text,
            published,
            origin,
        },
        warning,
        bytes: line.len() as u64,
    }))
}

/// A streaming reader over several sources, in order.
pub struct ArticleReader {
    sources: std::vec::IntoIter<Source>,
    current: Option<Current>,
    max_article_bytes: u64,
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
        line: usize,
    },
}

impl ArticleReader {
    /// A reader over `sources`, read lazily one article at a time.
    pub fn new(sources: Vec<Source>) -> ArticleReader {
        ArticleReader {
            sources: sources.into_iter(),
            current: None,
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            hinted: false,
        }
    }

    /// A longer text file or JSONL line is not read into memory: it is an
    /// [`InputError`] (default [`DEFAULT_MAX_ARTICLE_BYTES`]).
    pub fn max_article_bytes(mut self, max: u64) -> ArticleReader {
        self.max_article_bytes = max;
        self
    }
}

fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl Iterator for ArticleReader {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        loop {
            match &mut self.current {
                Some(Current::Files { root, files }) => match files.next() {
                    Some(Ok(path)) => {
                        let id = relative_id(root, &path);
                        return Some(read_text_file(&path, id, self.max_article_bytes));
                    }
                    Some(Err(e)) => return Some(Err(e)),
                    None => self.current = None,
                },
                Some(Current::Lines { name, reader, line }) => {
                    let mut buf = Vec::new();
                    match guard::read_line(reader, &mut buf, self.max_article_bytes) {
                        Ok(guard::Line::End) => self.current = None,
                        Ok(guard::Line::TooLong) => {
                            *line += 1;
                            return Some(Err(too_long(
                                format!("{name}:{line}"),
                                self.max_article_bytes,
                            )));
                        }
                        Ok(guard::Line::Read) => {
                            *line += 1;
                            if *line == 1 && buf.starts_with(BOM) {
                                buf.drain(..BOM.len());
                            }
                            let origin = format!("{name}:{line}");
                            if let Some(item) = parse_jsonl_line(&buf, origin, !self.hinted) {
                                self.hinted |= item
                                    .as_ref()
                                    .is_err_and(|e| e.message.ends_with(JSONL_HINT));
                                return Some(item);
                            }
                        }
                        Err(e) => {
                            let origin = format!("{name}:{}", *line + 1);
                            self.current = None;
                            return Some(Err(InputError {
                                origin,
                                message: e.to_string(),
                            }));
                        }
                    }
                }
                None => {
                    let source = self.sources.next()?;
                    match source {
                        Source::Directory(dir) => {
                            self.current = Some(Current::Files {
                                files: text_files(&dir).into_iter(),
                                root: dir,
                            });
                        }
                        Source::TextFile(path) => {
                            let id = path
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            return Some(read_text_file(&path, id, self.max_article_bytes));
                        }
                        Source::Jsonl(path) => match File::open(&path) {
                            Ok(f) => {
                                self.current = Some(Current::Lines {
                                    name: path.display().to_string(),
                                    reader: Box::new(BufReader::with_capacity(1 << 20, f)),
                                    line: 0,
                                })
                            }
                            Err(e) => {
                                return Some(Err(InputError {
                                    origin: path.display().to_string(),
                                    message: e.to_string(),
                                }));
                            }
                        },
                        Source::Stdin => {
                            self.current = Some(Current::Lines {
                                name: "<stdin>".into(),
                                reader: Box::new(BufReader::with_capacity(
                                    1 << 20,
                                    std::io::stdin(),
                                )),
                                line: 0,
                            })
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

    #[test]
    fn jsonl_line_with_numeric_id_and_date() {
        let item = parse_jsonl_line(
            br#"{"id": 7, "text": "x", "published": "2023-08-01"}"#,
            "f:1".into(),
            true,
        )
        .expect("a line")
        .expect("parses");
        assert_eq!(item.article.id, "7");
        assert_eq!(
            item.article.published.map(|d| d.iso()),
            Some("2023-08-01".to_string())
        );
    }

    #[test]
    fn malformed_jsonl_line_names_its_origin() {
        let err = parse_jsonl_line(b"{not json", "in.jsonl:3".into(), true)
            .expect("a line")
            .unwrap_err();
        assert_eq!(err.origin, "in.jsonl:3");
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let (text, warning) = decode(vec![b'a', 0xff, b'b'], "x.txt");
        assert_eq!(text, "a\u{fffd}b");
        assert!(warning.expect("a warning").contains("x.txt"));
    }
}
