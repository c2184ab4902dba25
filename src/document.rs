//! The `Document`: one article's text (its reading view, mapped back to the
//! original) and the stand-off annotation layers the stages add to it. No
//! stage rewrites the text; every annotation is a half-open byte range.

use serde::{Deserialize, Serialize};

use crate::stage::normalize::{OffsetMap, ReadingView};

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start after end");
        Span { start, end }
    }

    /// The text this span covers in `text`.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A calendar date as read from metadata or the article header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    /// Calendar year.
    pub year: i32,
    /// Month 1..=12, when known.
    pub month: Option<u32>,
    /// Day 1..=31, when known.
    pub day: Option<u32>,
}

impl Date {
    /// `YYYY-MM-DD` when month and day are known, otherwise `YYYY-MM` or `YYYY`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Parses `YYYY-MM-DD` (as in JSONL metadata); `None` when malformed.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.get(..2)?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date {
            year,
            month: Some(month),
            day: Some(day),
        })
    }
}

/// One input article, before any stage ran.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Stable id: path relative to the input root without extension, or the JSONL `id`.
    pub id: String,
    /// The original text, as pairaid stores it: the input decoded to UTF-8
    /// (see `input::decode`), and for HTML the text read from the markup
    /// (see `input::html`). Every offset pairaid writes points into it.
    pub text: String,
    /// Publication date from input metadata, when given.
    pub published: Option<Date>,
    /// Where the article came from (file path, or `file:line` for JSONL), for messages.
    pub origin: String,
    /// The article's URL, from input metadata (JSONL `url`, an HTML page's canonical link).
    pub url: Option<String>,
    /// The article's title, from input metadata (JSONL `title`, an HTML page's title).
    pub title: Option<String>,
}

/// Boilerplate the clean stage marks so later stages skip it.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// The skipped bytes.
    pub span: Span,
    /// The rule that marked it (a marker from `boilerplate.tsv`).
    pub rule: String,
}

/// One sentence of article text.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Sentence {
    /// The sentence's bytes, trimmed of surrounding whitespace.
    pub span: Span,
    /// Index of the paragraph (blank-line or newline separated block) it belongs to.
    pub paragraph: usize,
}

/// A GB/T 2260 administrative division code, e.g. `320500`.
pub type PlaceCode = u32;

/// A place name found in the text and resolved to one division.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceMention {
    /// The matched name as written.
    pub span: Span,
    /// The chosen division.
    pub code: PlaceCode,
    /// Every division this name can denote (sorted), the chosen one included.
    pub candidates: Vec<PlaceCode>,
    /// Why this candidate was chosen (`unique`, `qualifier`, `article-context`, `level`, ...).
    pub reason: &'static str,
    /// Confidence of the resolution in [0, 1]; lower when it stayed ambiguous.
    pub confidence: f32,
    /// Whether the name is part of an organisation's name (`Zhejiang University`);
    /// such a mention may locate a recipient but never names a donor.
    pub in_organization: bool,
}

/// How exactly the text states a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// As written, no hedge.
    Exact,
    /// about, around, nearly, some, 约, 近.
    Approx,
    /// more than, over, exceeded, at least, 余, 多.
    AtLeast,
    /// less than, up to, under.
    AtMost,
}

/// Whether a quantity is an amount of money or a count of things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    /// An amount in a currency (`unit` is `CNY`, `USD`, `HKD`, ...).
    Money,
    /// A count of people or things (`unit` is a singular noun).
    Count,
}

/// The same amount written a second time in another currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AltAmount {
    /// The value in `unit`.
    pub value: u64,
    /// Currency code, e.g. `USD`.
    pub unit: String,
    /// Where it is written.
    pub span: Span,
}

/// A number with its unit, read from the text.
#[derive(Debug, Clone, Serialize)]
pub struct QuantityMention {
    /// The number-and-unit phrase (`622.31 million yuan`, `65 cadres`), without the qualifier word.
    pub span: Span,
    /// Money or count.
    pub kind: QuantityKind,
    /// Exact integer value (yuan, dollars, people, ...).
    pub value: u64,
    /// `CNY`, `USD`, `HKD` for money; a singular noun for counts (`person`, `project`).
    pub unit: String,
    /// How sure the text is about the number.
    pub qualifier: Qualifier,
    /// The hedge word when there is one (`more than`, `近`).
    pub qualifier_span: Option<Span>,
    /// Lower bound of a range.
    pub min: Option<u64>,
    /// Upper bound of a range.
    pub max: Option<u64>,
    /// The amount again in a second currency.
    pub alt: Option<AltAmount>,
    /// Yuan per unit of `alt`, when both are given; flagged when implausible.
    pub implied_rate: Option<f64>,
    /// `true` when `implied_rate` lies outside 5..=9 yuan per dollar.
    pub rate_implausible: bool,
    /// For counts: the noun phrase as written (`technical talents`).
    pub role: Option<String>,
    /// For counts: the class of the noun from `count_nouns.tsv`
    /// (`personnel`, `trainee`, `beneficiary`, `project`, `enterprise`, ...).
    pub noun_class: Option<String>,
    /// `Some(cue)` when this is not a flow (income, percentage, average, area, ...).
    pub not_flow: Option<String>,
    /// `Some(period)` when the amount is given per period (`每年`, `年均`,
    /// `per year` = `year`): still a flow, but a rate rather than a total.
    pub rate: Option<String>,
    /// The rule that read it, for "why" questions.
    pub rule: &'static str,
}

/// A time expression that fixes the year of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "year", rename_all = "snake_case")]
pub enum TimeValue {
    /// The flow happened in this year (`in 2022`, `last year`).
    Year(i32),
    /// A cumulative total starting this year (`since 2016`, `in the past 22 years`).
    Since(i32),
    /// A cumulative total whose start is not resolvable (`so far` with no start year).
    Cumulative,
    /// The time the text stated before (`during the same period`).
    Same,
}

/// A time expression found in the text.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TimeMention {
    /// The expression as written.
    pub span: Span,
    /// What it fixes.
    pub value: TimeValue,
    /// The rule that read it.
    pub rule: &'static str,
}

/// The expressions of `times` (a times layer, in text order) that lie
/// inside `span`, found by binary search.
pub fn times_in(times: &[TimeMention], span: Span) -> impl Iterator<Item = &TimeMention> {
    let from = times.partition_point(|t| t.span.start < span.start);
    times[from..]
        .iter()
        .take_while(move |t| t.span.start <= span.end)
        .filter(move |t| span.contains(t.span))
}

/// A named organisation whose name contains a place (`Zhejiang University`).
#[derive(Debug, Clone, Serialize)]
pub struct OrganizationMention {
    /// The whole organisation name.
    pub span: Span,
    /// The organisation-name suffix that identified it.
    pub rule: String,
}

/// One article with all annotation layers.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Article id.
    pub id: String,
    /// The reading view every stage reads: the original text with
    /// traditional characters simplified, full-width forms made half-width
    /// and pinyin glosses dropped (`stage::normalize`). Every layer's spans
    /// are byte offsets into it; [`Document::original_span`] maps them back.
    /// For most text the view is the original itself.
    pub text: String,
    /// The original text, when the reading view differs from it.
    pub original: Option<String>,
    /// View offsets to original offsets.
    pub view_map: OffsetMap,
    /// Where the article came from, for messages.
    pub origin: String,
    /// Publication date: from metadata, else read from the header by the dates stage.
    pub published: Option<Date>,
    /// Where the publication date came from (`metadata`, or the header rule).
    pub published_source: Option<&'static str>,
    /// The year relative years count from: the publication year, else the
    /// latest year the text writes (set by the dates stage).
    pub reference_year: Option<i32>,
    /// The article's URL, from input metadata.
    pub url: Option<String>,
    /// The article's title, from input metadata.
    pub title: Option<String>,
    /// Layer `clean`: boilerplate spans.
    pub skipped: Vec<Skipped>,
    /// Layer `segment`: sentences, in text order, outside skipped spans.
    pub sentences: Vec<Sentence>,
    /// Layer `places`: resolved place mentions, in text order.
    pub places: Vec<PlaceMention>,
    /// Layer `places`: organisation names that contain place names.
    pub organizations: Vec<OrganizationMention>,
    /// Layer `quantities`: money and counts, in text order.
    pub quantities: Vec<QuantityMention>,
    /// Layer `dates`: time expressions, in text order.
    pub times: Vec<TimeMention>,
    /// Layer `chunk`: the typed chunks of every sentence, in text order.
    pub chunks: Vec<crate::stage::chunk::Chunk>,
}

impl Document {
    /// A document with no annotations yet.
    pub fn new(article: Article) -> Document {
        Document {
            id: article.id,
            text: article.text,
            origin: article.origin,
            published_source: article.published.map(|_| "metadata"),
            published: article.published,
            url: article.url,
            title: article.title,
            ..Document::default()
        }
    }

    /// Replaces the text by its reading view, keeping the original.
    pub fn set_view(&mut self, view: ReadingView) {
        self.original = Some(std::mem::replace(&mut self.text, view.text));
        self.view_map = view.map;
    }

    /// The original text, exactly as read.
    pub fn original(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.text)
    }

    /// The original span of a span of the reading view.
    pub fn original_span(&self, span: Span) -> Span {
        self.view_map.span(span)
    }

    /// The original text of a span of the reading view.
    pub fn original_text(&self, span: Span) -> &str {
        self.original_span(span).of(self.original())
    }

    /// Whether byte `pos` lies inside a skipped (boilerplate) span.
    pub fn is_skipped(&self, pos: usize) -> bool {
        self.skipped
            .iter()
            .any(|s| s.span.start <= pos && pos < s.span.end)
    }
}
