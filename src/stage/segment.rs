//! Segment: split the article into sentences with Unicode sentence
//! boundaries (UAX #29), never across a line break or into a skipped span,
//! and repair the splits UAX #29 makes after abbreviations ("Co.", "U.S.").

mod sentence_breaks;

use rustc_hash::FxHashSet as HashSet;

use crate::document::{Document, Sentence, Span};
use crate::knowledge::{KnowledgeError, TableSource};
use sentence_breaks::sentence_breaks;

/// Abbreviations after which a period does not end a sentence.
#[derive(Debug)]
pub struct Abbreviations {
    words: HashSet<String>,
}

impl Abbreviations {
    /// Loads `abbreviations.tsv`.
    pub fn load(source: &TableSource) -> Result<Abbreviations, KnowledgeError> {
        let table = source.table("abbreviations.tsv")?;
        let column = table.column("abbreviation")?;
        Ok(Abbreviations {
            words: table
                .rows
                .iter()
                .map(|r| r.get(column).to_string())
                .collect(),
        })
    }

    /// Whether `chunk` ends with a listed abbreviation (as a whole word).
    fn ends_with_abbreviation(&self, chunk: &str) -> bool {
        let trimmed = chunk.trim_end();
        let word = trimmed
            .rsplit([' ', '(', '"', '\u{201c}'])
            .next()
            .unwrap_or(trimmed);
        self.words.contains(word)
    }
}

/// Adds the `sentences` layer to `doc`.
pub fn split(doc: &mut Document, abbreviations: &Abbreviations) {
    let text = doc.text.as_str();
    let mut sentences = Vec::new();
    let mut line_start = 0;
    let mut paragraph = 0;
    let mut breaks = Vec::new();
    for full_line in text.split_inclusive('\n') {
        let mut start = line_start;
        line_start += full_line.len();
        let mut line = full_line;
        // A skipped prefix (a dateline) is cut off; a wholly skipped line is dropped.
        let first = start + (line.len() - line.trim_start().len());
        if let Some(prefix) = doc
            .skipped
            .iter()
            .find(|s| s.span.start <= first && first < s.span.end)
        {
            line = &full_line[(prefix.span.end - start).min(full_line.len())..];
            start = prefix.span.end.min(start + full_line.len());
        }
        if line.trim().is_empty() {
            continue;
        }
        let mut pending: Option<Span> = None;
        sentence_breaks(line, &mut breaks);
        for bounds in breaks.windows(2) {
            let (offset, chunk) = (bounds[0], &line[bounds[0]..bounds[1]]);
            let lead = chunk.len() - chunk.trim_start().len();
            let content = chunk.trim();
            if content.is_empty() {
                continue;
            }
            let span = Span::new(start + offset + lead, start + offset + lead + content.len());
            pending = match pending {
                Some(prev)
                    if abbreviations.ends_with_abbreviation(prev.of(text))
                        || content.starts_with(|c: char| c.is_lowercase()) =>
                {
                    Some(Span::new(prev.start, span.end))
                }
                Some(prev) => {
                    sentences.push(Sentence {
                        span: prev,
                        paragraph,
                    });
                    Some(span)
                }
                None => Some(span),
            };
        }
        if let Some(last) = pending {
            sentences.push(Sentence {
                span: last,
                paragraph,
            });
        }
        paragraph += 1;
    }
    doc.sentences = join_broken_lines(text, sentences);
}

/// Mirror pages break long Chinese sentences across lines. A long line of
/// Chinese that ends without sentence punctuation goes on in the next line
/// when that line starts with a Han character (the line counts, not the
/// sentence: "...。自2007年起,X投入三百余万元,支持" breaks too).
fn join_broken_lines(text: &str, sentences: Vec<Sentence>) -> Vec<Sentence> {
    const MIN_BROKEN_LINE_CHARS: usize = 25;
    let mut out: Vec<Sentence> = Vec::with_capacity(sentences.len());
    for s in sentences {
        if let Some(prev) = out.last_mut() {
            let body = prev.span.of(text);
            let line_start = text[..prev.span.end].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[line_start.min(prev.span.start)..prev.span.end];
            let between = &text[prev.span.end..s.span.start];
            let broken = between.matches('\n').count() == 1
                && between.trim().is_empty()
                && s.span.of(text).starts_with(crate::token::is_han)
                && !body.ends_with(['。', '!', '?', '；', ';', ':', '”', '"', '】', ')'])
                && line.chars().count() >= MIN_BROKEN_LINE_CHARS
                && body.chars().any(crate::token::is_han);
            if broken {
                prev.span.end = s.span.end;
                continue;
            }
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Article, Pipeline};

    fn sentences(text: &str) -> Vec<String> {
        let pipeline = Pipeline::builder().build().expect("embedded tables load");
        let doc = pipeline.annotate(Article {
            id: "t".into(),
            text: text.into(),
            ..Article::default()
        });
        doc.sentences
            .iter()
            .map(|s| doc.original_text(s.span).to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "Zhejiang SUPCON Solar Technology Co. built a plant in Delingha. It opened in Jan. 2018 with U.S. partners."
            ),
            [
                "Zhejiang SUPCON Solar Technology Co. built a plant in Delingha.",
                "It opened in Jan. 2018 with U.S. partners."
            ]
        );
        assert_eq!(
            sentences("Beijing aids XPCC Div. 14 and Hotan."),
            ["Beijing aids XPCC Div. 14 and Hotan."]
        );
    }

    #[test]
    fn chinese_sentences_and_lines_split() {
        assert_eq!(
            sentences("江苏向新疆投入资金12亿元。实施项目99个！\nSecond line"),
            [
                "江苏向新疆投入资金12亿元。",
                "实施项目99个！",
                "Second line"
            ]
        );
    }

    #[test]
    fn a_long_chinese_line_cut_mid_sentence_goes_on_in_the_next() {
        let text = "近年来，徐汇区逐年加大对口帮扶力度，效果明显。自2010年起,徐汇区投入二百余万元,支持\n\
                    云南某县的文化建设。\n短标题\n新的一段。";
        assert_eq!(
            sentences(text),
            [
                "近年来，徐汇区逐年加大对口帮扶力度，效果明显。",
                "自2010年起,徐汇区投入二百余万元,支持\n云南某县的文化建设。",
                "短标题",
                "新的一段。"
            ]
        );
    }

    #[test]
    fn sentences_never_cross_a_line_and_spans_are_trimmed() {
        assert_eq!(
            sentences("  First line without stop  \n\n  Second.  "),
            ["First line without stop", "Second."]
        );
    }
}
