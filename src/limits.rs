//! Limits that keep the cost of an article linear in its length, whatever
//! the input: a "sentence" longer than [`MAX_SENTENCE_BYTES`] is cut into
//! pieces, and an article longer than [`PART_BYTES`] is read in parts of
//! about that size. No news article comes near either (the longest sentence
//! of the fixtures, dev and seed articles is under 900 bytes; articles are
//! a few kilobytes); a text without full stops or a whole corpus pasted into
//! one article does, and several stages cost more than linear time in the
//! length of a sentence or an article. Each limit warns when it acts.

use std::ops::Range;

use crate::Article;
use crate::document::{Document, Sentence, Span};
use crate::event::Event;
use crate::pipeline::{Extraction, Pipeline};

/// Longest sentence the stages read whole; longer ones are cut into pieces
/// of at most this many bytes.
pub const MAX_SENTENCE_BYTES: usize = 8 * 1024;

/// Articles longer than this are read in parts of at most this many bytes,
/// cut at paragraph breaks where there are any.
pub const PART_BYTES: usize = 512 * 1024;

/// What [`cut_long_sentences`] did to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// Sentences cut.
    pub sentences: usize,
    /// Bytes of the longest.
    pub longest: usize,
    /// Where the longest starts in the original text.
    pub at: usize,
    /// The limit.
    pub max: usize,
}

impl Cut {
    /// The warning, naming the article by `origin`.
    pub fn warning(&self, origin: &str) -> String {
        format!(
            "{origin}: {} sentence(s) longer than {} bytes cut into pieces (the longest, {} bytes, at byte {})",
            self.sentences, self.max, self.longest, self.at
        )
    }

    /// Both cuts as one; `other` is at `offset` in the text.
    fn and(self, other: Cut, offset: usize) -> Cut {
        let (longest, at) = if other.longest > self.longest {
            (other.longest, other.at + offset)
        } else {
            (self.longest, self.at)
        };
        Cut {
            sentences: self.sentences + other.sentences,
            longest,
            at,
            max: self.max,
        }
    }
}

/// Cuts every sentence longer than `max` bytes into pieces of at most `max`
/// bytes, at the last space or comma before the limit when there is one in
/// its second half, else at a character boundary. Pieces keep their
/// paragraph and are trimmed like sentences. Says what it cut, if anything.
pub fn cut_long_sentences(doc: &mut Document, max: usize) -> Option<Cut> {
    let max = max.max(8);
    if doc
        .sentences
        .iter()
        .all(|s| s.span.end - s.span.start <= max)
    {
        return None;
    }
    let text = doc.text.as_str();
    let mut out = Vec::with_capacity(doc.sentences.len());
    let (mut cut, mut longest) = (0, Span::new(0, 0));
    for sentence in &doc.sentences {
        let span = sentence.span;
        if span.end - span.start <= max {
            out.push(*sentence);
            continue;
        }
        cut += 1;
        if span.end - span.start > longest.end - longest.start {
            longest = span;
        }
        let mut start = span.start;
        while start < span.end {
            let end = if span.end - start <= max {
                span.end
            } else {
                cut_point(text, start, start + max)
            };
            let piece = &text[start..end];
            let lead = piece.len() - piece.trim_start().len();
            let content = piece.trim();
            if !content.is_empty() {
                out.push(Sentence {
                    span: Span::new(start + lead, start + lead + content.len()),
                    paragraph: sentence.paragraph,
                });
            }
            start = end;
        }
    }
    doc.sentences = out;
    Some(Cut {
        sentences: cut,
        longest: longest.end - longest.start,
        at: doc.original_span(longest).start,
        max,
    })
}

/// Where to end a piece that starts at `start` and may not pass `limit`:
/// after the last space or comma in the second half, else at the last
/// character boundary.
fn cut_point(text: &str, start: usize, limit: usize) -> usize {
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let half = start + (limit - start) / 2;
    let window = &text[start..end];
    let after_break = window
        .char_indices()
        .rev()
        .take_while(|&(i, _)| start + i >= half)
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .map(|(i, c)| start + i + c.len_utf8());
    match after_break {
        Some(cut) if cut > start => cut,
        _ if end > start => end,
        // A limit inside the first character: take the whole character.
        _ => start + text[start..].chars().next().map_or(1, char::len_utf8),
    }
}

/// The byte ranges an article of `text` is read in: one range when it is
/// at most `part` bytes, else consecutive ranges of at most `part` bytes,
/// each ended by the last blank line, else line break, else space in its
/// second half, else at a character boundary.
pub fn parts(text: &str, part: usize) -> Vec<Range<usize>> {
    let part = part.max(16);
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > part {
        let mut limit = start + part;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let mut half = start + part / 2;
        while !text.is_char_boundary(half) {
            half += 1;
        }
        let window = &text[half..limit];
        let end = window
            .rfind("\n\n")
            .map(|i| half + i + 2)
            .or_else(|| window.rfind('\n').map(|i| half + i + 1))
            .or_else(|| window.rfind(' ').map(|i| half + i + 1))
            .unwrap_or(limit);
        out.push(start..end);
        start = end;
    }
    out.push(start..text.len());
    out
}

/// Extracts an article of any length. Up to `part` bytes this is
/// [`Pipeline::extract`]. A longer article is read part by part
/// ([`parts`]), each part as an article of its own: the publication date
/// found in the first part holds for the rest (unless the input gave one),
/// and no anaphor or article-level fallback reaches across parts. Events
/// keep offsets into the whole text and are numbered through the article.
/// Only the events of the parts are kept, so `document` holds the last part.
pub fn extract_in_parts(pipeline: &Pipeline, article: Article, part: usize) -> Extraction {
    let ranges = parts(&article.text, part);
    if ranges.len() == 1 {
        return pipeline.extract(article);
    }
    let mut warnings = vec![format!(
        "{}: article of {} bytes read in {} parts of at most {} bytes; no context crosses a part",
        article.origin,
        article.text.len(),
        ranges.len(),
        part
    )];
    let mut published = article.published;
    let mut published_source = article.published.map(|_| "metadata");
    let mut events: Vec<Event> = Vec::new();
    let (mut last, mut cut) = (None, None::<Cut>);
    for range in ranges {
        let offset = range.start;
        let piece = Article {
            id: article.id.clone(),
            text: article.text[range].to_string(),
            published,
            origin: article.origin.clone(),
            url: article.url.clone(),
            title: article.title.clone(),
        };
        let (extraction, piece_cut) = pipeline.extract_noting(piece);
        if published.is_none() && extraction.document.published.is_some() {
            published = extraction.document.published;
            published_source = extraction.document.published_source;
        }
        cut = match (cut, piece_cut) {
            (Some(c), Some(p)) => Some(c.and(p, offset)),
            (None, Some(p)) => Some(Cut {
                at: p.at + offset,
                ..p
            }),
            (c, None) => c,
        };
        for mut event in extraction.events.into_iter() {
            event.evidence.start += offset;
            event.evidence.end += offset;
            events.push(event);
        }
        last = Some(extraction.document);
    }
    for (n, event) in events.iter_mut().enumerate() {
        event.id = format!("{}#{}", article.id, n + 1);
    }
    warnings.extend(cut.map(|c| c.warning(&article.origin)));
    let mut document = last.expect("an article has at least one part");
    document.published = published;
    document.published_source = published_source;
    Extraction {
        document,
        events,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_text_and_end_at_breaks() {
        let text = "aaaa aaaa\n\nbbbb bbbb\ncccc cccc cccc";
        let ranges = parts(text, 16);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        assert_eq!(&text[ranges[0].clone()], "aaaa aaaa\n\n");
        assert!(ranges.iter().all(|r| r.len() <= 16));
        assert_eq!(parts("short", 16), vec![0..5]);
    }

    #[test]
    fn parts_cut_inside_a_line_at_a_character_boundary() {
        for (text, part) in [
            ("新疆".repeat(40), 16),
            (format!("a{}", "新疆".repeat(40)), 17),
        ] {
            for range in parts(&text, part) {
                assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                assert!(!range.is_empty() && range.len() <= part);
            }
        }
    }

    #[test]
    fn long_sentences_are_cut_into_trimmed_pieces() {
        let text = format!("Short one. {} end", "word ".repeat(100));
        let mut doc = Document::new(Article {
            id: "t".into(),
            text: text.clone(),
            origin: "t.txt".into(),
            ..Article::default()
        });
        doc.sentences = vec![
            Sentence {
                span: Span::new(0, 10),
                paragraph: 0,
            },
            Sentence {
                span: Span::new(11, text.len()),
                paragraph: 0,
            },
        ];
        let cut = cut_long_sentences(&mut doc, 64).expect("a cut");
        assert_eq!(
            (cut.sentences, cut.longest, cut.at),
            (1, text.len() - 11, 11)
        );
        let warning = cut.warning("t.txt");
        assert!(
            warning.contains("t.txt") && warning.contains("1 sentence"),
            "{warning}"
        );
        assert_eq!(doc.sentences[0].span, Span::new(0, 10));
        let pieces = &doc.sentences[1..];
        assert!(pieces.len() >= 8);
        for s in pieces {
            let piece = s.span.of(&text);
            assert!(piece.len() <= 64 && piece == piece.trim() && !piece.is_empty());
            assert!(!piece.starts_with("ord"), "cut inside a word: {piece:?}");
        }
        assert_eq!(pieces.last().map(|s| s.span.end), Some(text.len()));
        assert!(cut_long_sentences(&mut doc, 64).is_none());
    }
}
