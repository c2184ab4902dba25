//! HTML inputs: a saved page, or crawled text that kept its markup, read
//! through html5ever's tokenizer (the WHATWG tokenizer browsers implement)
//! into the plain text pairaid stores and annotates. Block elements become
//! paragraph breaks (a blank line) and `<br>` a line break, so a tag never
//! joins two sentences; entities are decoded; `<script>`, `<style>`, the
//! `<title>` and other non-content elements are dropped; runs of white
//! space collapse to one space, as a browser shows them. The page's title,
//! canonical URL and publication date (from `<meta>`) are kept as
//! provenance. Evidence offsets point into the extracted text, never into
//! the markup.

use std::cell::RefCell;
use std::sync::OnceLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// What is read from a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The text: paragraphs separated by a blank line.
    pub text: String,
    /// `og:title`, else `<title>`.
    pub title: Option<String>,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
    /// The first publication date a `<meta>` gives (`article:published_time`,
    /// `PubDate`, `publishdate`, `date`, ...), as written.
    pub published: Option<String>,
}

/// Elements whose start and end break paragraphs.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Elements tokenized as markup whose content is no article text.
const DROPPED: &[&str] = &[
    "audio", "button", "canvas", "math", "noscript", "object", "select", "svg", "template", "video",
];

/// `<meta>` names and properties that give a publication date, best first.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "datepublished",
    "firstpublishedtime",
    "dc.date.issued",
    "dc.date",
    "date",
];

/// A pending break between two pieces of text, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Space,
    Line,
    Paragraph,
}

#[derive(Default)]
struct State {
    out: String,
    pending: Option<Break>,
    /// The white space run held in `pending` had a line break (for the CJK rule).
    newline_in_space: bool,
    /// Inside an element read as raw text that is dropped (`script`, `style`,
    /// `title`, ...): its name.
    raw: Option<String>,
    /// Depth inside [`DROPPED`] elements.
    dropped: usize,
    /// Depth inside `<pre>`.
    pre: usize,
    /// Line breaks in the source are line breaks of the text (see [`read_text`]).
    keep_lines: bool,
    in_title: bool,
    title: String,
    og_title: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    /// (rank in [`DATE_METAS`], value)
    date: Option<(usize, String)>,
}

/// East Asian wide characters: a line break between two of them is no
/// space (CSS Text 3's segment break rule), so `江苏\n省` stays `江苏省`.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The value of attribute `name` of `tag`, trimmed (the tokenizer
/// lower-cases attribute names).
fn attr(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.trim().to_string())
}

impl State {
    fn brk(&mut self, kind: Break) {
        let current = self.pending.unwrap_or(Break::None);
        self.pending = Some(current.max(kind));
    }

    fn line_break(&mut self) {
        // Two `<br>` in a row leave an empty line: a paragraph break.
        let next = match self.pending {
            Some(Break::Line | Break::Paragraph) => Break::Paragraph,
            _ => Break::Line,
        };
        self.brk(next);
    }

    fn flush(&mut self, next: char) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        let newline = std::mem::take(&mut self.newline_in_space);
        if self.out.is_empty() {
            return;
        }
        match pending {
            Break::None => {}
            Break::Space => {
                let cjk =
                    newline && self.out.chars().next_back().is_some_and(is_wide) && is_wide(next);
                if !cjk {
                    self.out.push(' ');
                }
            }
            Break::Line | Break::Paragraph => {
                let trimmed = self.out.trim_end_matches([' ', '\t']).len();
                self.out.truncate(trimmed);
                self.out
                    .push_str(if pending == Break::Line { "\n" } else { "\n\n" });
            }
        }
    }

    fn text(&mut self, s: &str) {
        if self.in_title {
            self.title.push_str(s);
            return;
        }
        if self.raw.is_some() || self.dropped > 0 {
            return;
        }
        for c in s.chars() {
            if self.pre > 0 {
                match c {
                    '\n' => self.line_break(),
                    '\r' => {}
                    c => {
                        self.flush(c);
                        self.out.push(c);
                    }
                }
            } else if c == '\n' && self.keep_lines {
                self.line_break();
            } else if c.is_whitespace() {
                if self.pending.is_none() {
                    self.pending = Some(Break::Space);
                }
                if matches!(c, '\n' | '\r') && self.pending == Some(Break::Space) {
                    self.newline_in_space = true;
                }
            } else {
                self.flush(c);
                self.out.push(c);
            }
        }
    }

    fn meta(&mut self, tag: &Tag) {
        let attr = |name: &str| attr(tag, name);
        let Some(content) = attr("content").filter(|c| !c.is_empty()) else {
            return;
        };
        for key in ["property", "name", "itemprop"] {
            let Some(key) = attr(key).map(|k| k.to_ascii_lowercase()) else {
                continue;
            };
            match key.as_str() {
                "og:title" => self.og_title = Some(content.clone()),
                "og:url" => self.og_url = Some(content.clone()),
                _ => {
                    if let Some(rank) = DATE_METAS.iter().position(|m| *m == key)
                        && self.date.as_ref().is_none_or(|(r, _)| rank < *r)
                    {
                        self.date = Some((rank, content.clone()));
                    }
                }
            }
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if let Some(raw) = &self.raw {
            if tag.kind == TagKind::EndTag && raw == name {
                self.raw = None;
                self.in_title = false;
            }
            return TokenSinkResult::Continue;
        }
        let start = tag.kind == TagKind::StartTag;
        if DROPPED.contains(&name) {
            if start && !tag.self_closing {
                self.dropped += 1;
            } else if !start {
                self.dropped = self.dropped.saturating_sub(1);
            }
            return TokenSinkResult::Continue;
        }
        if start {
            let raw = match name {
                "script" => Some(RawKind::ScriptData),
                "style" | "iframe" | "noembed" | "noframes" | "xmp" => Some(RawKind::Rawtext),
                "textarea" | "title" => Some(RawKind::Rcdata),
                _ => None,
            };
            if let Some(kind) = raw {
                self.raw = Some(name.to_string());
                self.in_title = name == "title" && self.dropped == 0;
                return TokenSinkResult::RawData(kind);
            }
            match name {
                "meta" => self.meta(tag),
                "link" => {
                    let attr = |name: &str| attr(tag, name);
                    let canonical = attr("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|w| w.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical && self.canonical.is_none() {
                        self.canonical = attr("href").filter(|h| !h.is_empty());
                    }
                }
                _ => {}
            }
        }
        if self.dropped > 0 {
            return TokenSinkResult::Continue;
        }
        match name {
            "br" if start => self.line_break(),
            "td" | "th" if start => self.brk(Break::Space),
            "pre" => {
                if start {
                    self.pre += 1;
                } else {
                    self.pre = self.pre.saturating_sub(1);
                }
                self.brk(Break::Paragraph);
            }
            _ if BLOCKS.contains(&name) => self.brk(Break::Paragraph),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

struct Extractor(RefCell<State>);

impl TokenSink for Extractor {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => state.tag(&tag),
            Token::CharacterTokens(text) => {
                state.text(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

fn collapse(s: &str) -> Option<String> {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Reads the page `html` into its text and provenance, white space
/// collapsed as a browser does.
pub fn read(html: &str) -> Page {
    extract(html, false)
}

/// Reads text that kept some markup (crawled text with a `<br>` or a
/// `<p>` left in it): as [`read`], but the text's own line breaks stay line
/// breaks (a blank line a paragraph break), since in such text they are
/// the author's, not source formatting.
pub fn read_text(text: &str) -> Page {
    extract(text, true)
}

fn extract(html: &str, keep_lines: bool) -> Page {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let state = State {
        keep_lines,
        ..State::default()
    };
    let tokenizer = Tokenizer::new(Extractor(RefCell::new(state)), TokenizerOpts::default());
    // The sink never asks to run a script, so one feed reads everything.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.0.into_inner();
    Page {
        text: state.out,
        title: state.og_title.or_else(|| collapse(&state.title)),
        url: state.canonical.or(state.og_url),
        published: state.date.map(|(_, d)| d),
    }
}

/// Whether `text` is a whole page (`<!DOCTYPE`, `<html` or `<body` near
/// its start) rather than text with some markup left in it.
pub fn is_page(text: &str) -> bool {
    let head = text.as_bytes()[..text.len().min(4096)].to_ascii_lowercase();
    [&b"<!doctype"[..], b"<html", b"<body"]
        .iter()
        .any(|tag| head.windows(tag.len()).any(|w| w == *tag))
}

/// Whether `text` holds HTML markup: a tag of a common HTML element
/// (`<p>`, `<br/>`, `</div>`, `<a href=...>`), a comment or a doctype.
/// Plain prose with `<` and `>` (`<10%`, `a <b> c` aside) does not match.
pub fn looks_like_html(text: &str) -> bool {
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    TAG.get_or_init(|| {
        regex::Regex::new(
            r"(?i)<(?:/?(?:p|br|div|span|a|li|ul|ol|td|tr|th|table|tbody|h[1-6]|strong|em|font|img|html|head|body|meta|link|script|style|section|article|header|footer|nav|center|blockquote|pre|hr|title)(?:\s[^<>]*)?/?>|!--|!doctype\s)",
        )
        .expect("static pattern compiles")
    })
    .is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_pages() {
        // (name, html, expected text)
        let cases = [
            (
                "br and p break sentences",
                "<p>Jiangsu gave 10 million yuan in 2019.<br>Shanghai sent 30 doctors in 2020.</p><p>Next.</p>",
                "Jiangsu gave 10 million yuan in 2019.\nShanghai sent 30 doctors in 2020.\n\nNext.",
            ),
            (
                "entities decoded",
                "<div>A&amp;B &lt;x&gt; &#x6C5F;&#33487; caf&eacute;&nbsp;x</div>",
                "A&B <x> 江苏 café x",
            ),
            (
                "script, style, title and comments dropped",
                "<html><head><title>T</title><style>p{}</style><script>var a = '<p>no</p>';</script></head>\
                 <body><!-- c --><p>Yes.</p><noscript>Enable JS</noscript></body></html>",
                "Yes.",
            ),
            (
                "white space collapses, CJK line breaks vanish",
                "<p>  Wuxi   allocated\n funds  </p>\n<p>江苏\n省援疆</p>",
                "Wuxi allocated funds\n\n江苏省援疆",
            ),
            (
                "inline tags join words",
                "<p><b>Fujian</b> and <a href=x>Ningxia</a>.</p>",
                "Fujian and Ningxia.",
            ),
            (
                "pre keeps lines; table cells spaced",
                "<pre>a  b\nc</pre><table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table>",
                "a  b\nc\n\nx y\n\nz",
            ),
            ("two br make a paragraph", "a<br><br>b<br/>c", "a\n\nb\nc"),
        ];
        for (name, html, expected) in cases {
            assert_eq!(read(html).text, expected, "{name}");
        }
    }

    #[test]
    fn text_with_markup_keeps_its_lines() {
        let text = "Home > News\nRelease time: 2021-06-18\n\nJiangsu gave 5 million yuan.<br>Wuxi  sent 3 doctors.";
        assert_eq!(
            read_text(text).text,
            "Home > News\nRelease time: 2021-06-18\n\nJiangsu gave 5 million yuan.\nWuxi sent 3 doctors."
        );
        assert_eq!(
            read(text).text,
            "Home > News Release time: 2021-06-18 Jiangsu gave 5 million yuan.\nWuxi sent 3 doctors."
        );
    }

    #[test]
    fn provenance_of_a_page() {
        let page = read(
            r#"<html><head><title> Shanghai &amp; Kashgar
            </title><link rel="canonical" href="https://example.gov.cn/a.html">
            <meta name="PubDate" content="2021-06-18 10:23"></head><body>x</body></html>"#,
        );
        assert_eq!(page.title.as_deref(), Some("Shanghai & Kashgar"));
        assert_eq!(page.url.as_deref(), Some("https://example.gov.cn/a.html"));
        assert_eq!(page.published.as_deref(), Some("2021-06-18 10:23"));
        let og = read(
            r#"<meta property="og:title" content="OG"><meta property="og:url" content="u">
            <meta name="date" content="2020-01-01"><meta property="article:published_time" content="2021-02-03T04:05:06Z">"#,
        );
        assert_eq!(og.title.as_deref(), Some("OG"));
        assert_eq!(og.url.as_deref(), Some("u"));
        assert_eq!(og.published.as_deref(), Some("2021-02-03T04:05:06Z"));
    }

    #[test]
    fn html_is_told_from_prose() {
        // (text, is HTML)
        let cases = [
            ("in 2020.<br>Shanghai sent", true),
            ("<p>text</p>", true),
            ("<DIV class=\"x\">text", true),
            ("<!DOCTYPE html><html>", true),
            ("a comment <!-- x -->", true),
            ("growth <10% and >5%", false),
            ("Wuxi allocated 50 million yuan to Haidong.", false),
            ("a <b> c", false),
            ("江苏援疆《新疆日报》", false),
        ];
        for (text, html) in cases {
            assert_eq!(looks_like_html(text), html, "{text}");
        }
        assert!(is_page("\n<!DOCTYPE html><html><body>x"));
        assert!(is_page("<HTML>"));
        assert!(!is_page("in 2020.<br>Shanghai sent"));
    }
}
