//! Dates: the publication date (from metadata, else the header, else the
//! last lines) and the time expressions inside sentences that fix the year
//! of a flow (`in 2022`, `last year`) or the start of a cumulative total
//! (`since 2016`, `in the past 22 years`, `so far`).

use std::collections::HashMap;

use regex::Regex;

use crate::document::{Date, Document, Span, TimeMention, TimeValue};
use crate::knowledge::{KnowledgeError, TableSource};

/// Month names and time words, and the patterns built from them.
#[derive(Debug)]
pub struct Lexicon {
    months: HashMap<String, u32>,
    relative_years: HashMap<String, i32>,
    counts: HashMap<String, i32>,
    iso_date: Regex,
    month_day_year: Regex,
    day_month_year: Regex,
    chinese_date: Regex,
    header_label: Regex,
    in_year: Regex,
    since_year: Regex,
    past_years: Regex,
    year_range: Regex,
    relative: Regex,
    cumulative: Regex,
    chinese_year: Regex,
}

fn alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// A pattern whose group 1 matches any phrase: Latin phrases at word
/// boundaries, Chinese ones anywhere (Chinese has no spaces). Word
/// boundaries are ASCII (`(?-u:\b)`) throughout this module: they keep the
/// regex engine's fast DFA on non-ASCII text and treat Chinese characters
/// as non-word, which is what Chinese-English mixed headers need.
fn word_alternation<'a>(phrases: impl Iterator<Item = &'a String> + Clone) -> String {
    let latin = alternation(phrases.clone().filter(|p| p.is_ascii()));
    let cjk = alternation(phrases.filter(|p| !p.is_ascii()));
    match (latin.is_empty(), cjk.is_empty()) {
        (false, false) => format!(r"(?i)((?-u:\b)(?:{latin})(?-u:\b)|{cjk})"),
        (false, true) => format!(r"(?i)(?-u:\b)({latin})(?-u:\b)"),
        _ => format!("({cjk})"),
    }
}

impl Lexicon {
    /// Loads `months.tsv` and `time_words.tsv` and compiles the patterns.
    pub fn load(source: &TableSource) -> Result<Lexicon, KnowledgeError> {
        let table = source.table("months.tsv")?;
        let (c_word, c_month) = (table.column("word")?, table.column("month")?);
        let mut months = HashMap::new();
        for row in &table.rows {
            let month: u32 = row
                .get(c_month)
                .parse()
                .map_err(|_| table.error(row, "month is not a number"))?;
            months.insert(row.get(c_word).to_lowercase(), month);
        }
        let table = source.table("time_words.tsv")?;
        let (c_phrase, c_kind, c_value) = (
            table.column("phrase")?,
            table.column("kind")?,
            table.column("value")?,
        );
        let (mut relative_years, mut counts, mut cumulative) =
            (HashMap::new(), HashMap::new(), Vec::new());
        for row in &table.rows {
            let value: i32 = row
                .get(c_value)
                .parse()
                .map_err(|_| table.error(row, "value is not a number"))?;
            let phrase = row.get(c_phrase).to_lowercase();
            match row.get(c_kind) {
                "year" => {
                    relative_years.insert(phrase, value);
                }
                "count" | "decade" => {
                    counts.insert(phrase, value);
                }
                "cumulative" => cumulative.push(phrase),
                other => return Err(table.error(row, format!("unknown kind `{other}`"))),
            }
        }
        let month_alt = alternation(months.keys());
        let count_alt = alternation(counts.keys());
        let build = |pattern: String| Regex::new(&pattern).expect("date patterns are valid");
        Ok(Lexicon {
            iso_date: build(r"(?-u:\b)((?:19|20)[0-9]{2})[-/.](\d{1,2})[-/.](\d{1,2})(?-u:\b)".into()),
            month_day_year: build(format!(r"(?i)(?-u:\b)({month_alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,\s*((?:19|20)[0-9]{{2}})(?-u:\b)")),
            day_month_year: build(format!(r"(?i)(?-u:\b)(\d{{1,2}})\s+({month_alt})\.?,?\s+((?:19|20)[0-9]{{2}})(?-u:\b)")),
            chinese_date: build(r"((?:19|20)[0-9]{2})年(\d{1,2})月(\d{1,2})日".into()),
            header_label: build(r"(?i)(release|update|publish|posted|date|time|发布|日期|时间)".into()),
            in_year: build(r"(?i)(?-u:\b)(?:in|during|throughout|for|at the end of|by the end of|in early|in late|in mid-?)\s+((?:19|20)[0-9]{2})(?-u:\b)(?:\s*[-–]\s*\d)?".into()),
            since_year: build(r"(?i)(?-u:\b)since(?-u:\b)[^.;!?。]{0,100}?(?-u:\b)((?:19|20)[0-9]{2})(?-u:\b)".into()),
            year_range: build(
                r"(?i)(?-u:\b)(?:between|from)\s+((?:19|20)[0-9]{2})\s+(?:and|to|through|till|until)\s+((?:19|20)[0-9]{2})(?-u:\b)".into(),
            ),
            past_years: build(format!(
                r"(?i)(?-u:\b)(?:in|over|during|for|throughout)\s+the\s+(?:past|last)\s+(\d{{1,2}}|{count_alt})(?:\s+years)?(?-u:\b)"
            )),
            relative: build(word_alternation(relative_years.keys())),
            cumulative: build(word_alternation(cumulative.iter())),
            chinese_year: build(r"(?:自|从)?((?:19|20)[0-9]{2})年(以来)?".into()),
            months,
            relative_years,
            counts,
        })
    }
}

/// Reads a publication date from one line, if it holds one.
fn date_in_line(line: &str, lexicon: &Lexicon) -> Option<Date> {
    let valid = |y: i32, m: u32, d: u32| {
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(Date {
            year: y,
            month: Some(m),
            day: Some(d),
        })
    };
    if let Some(c) = lexicon.iso_date.captures(line) {
        return valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = lexicon.chinese_date.captures(line) {
        return valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = lexicon.month_day_year.captures(line) {
        let month = *lexicon.months.get(&c[1].to_lowercase())?;
        return valid(c[3].parse().ok()?, month, c[2].parse().ok()?);
    }
    if let Some(c) = lexicon.day_month_year.captures(line) {
        let month = *lexicon.months.get(&c[2].to_lowercase())?;
        return valid(c[3].parse().ok()?, month, c[1].parse().ok()?);
    }
    None
}

/// Lines of the header (before the first long paragraph) that may carry the date.
const HEADER_LINES: usize = 12;

/// The publication date from the header (a labelled line first, then any
/// dated short line), else from the article's last lines.
fn published_from_text(text: &str, lexicon: &Lexicon) -> Option<(Date, &'static str)> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let header: Vec<&str> = lines
        .iter()
        .take(HEADER_LINES)
        .take_while(|l| l.len() < 400)
        .copied()
        .collect();
    if let Some(date) = header
        .iter()
        .filter(|l| lexicon.header_label.is_match(l))
        .find_map(|l| date_in_line(l, lexicon))
    {
        return Some((date, "header-label"));
    }
    if let Some(date) = header
        .iter()
        .filter(|l| l.len() < 200)
        .find_map(|l| date_in_line(l, lexicon))
    {
        return Some((date, "header"));
    }
    lines
        .iter()
        .rev()
        .take(3)
        .filter(|l| l.len() < 200)
        .find_map(|l| date_in_line(l, lexicon))
        .map(|d| (d, "footer"))
}

/// Whether `s` contains a four-digit number from 1900 to 2099 (cheap test
/// before the year patterns run).
fn mentions_year(s: &str) -> bool {
    s.as_bytes()
        .windows(4)
        .any(|w| matches!(&w[..2], b"19" | b"20") && w[2].is_ascii_digit() && w[3].is_ascii_digit())
}

/// Adds the publication date (when metadata did not give it) and the `times` layer.
pub fn read(doc: &mut Document, lexicon: &Lexicon) {
    if doc.published.is_none()
        && let Some((date, source)) = published_from_text(&doc.text, lexicon)
    {
        doc.published = Some(date);
        doc.published_source = Some(source);
    }
    let published_year = doc.published.map(|d| d.year);
    let mut times = Vec::new();
    for sentence in &doc.sentences {
        let base = sentence.span.start;
        let s = sentence.span.of(&doc.text);
        let mut push = |start: usize, end: usize, value: TimeValue, rule: &'static str| {
            times.push(TimeMention {
                span: Span::new(base + start, base + end),
                value,
                rule,
            });
        };
        // Most sentences name no year: the year patterns run only where one is written.
        if mentions_year(s) {
            // "since 2016", "between 2016 and 2020": totals from the first year.
            for (pattern, rule) in [
                (&lexicon.since_year, "since-year"),
                (&lexicon.year_range, "year-range"),
            ] {
                for c in pattern.captures_iter(s) {
                    let m = c.get(0).expect("group 0 always matches");
                    push(
                        m.start(),
                        m.end(),
                        TimeValue::Since(c[1].parse().expect("four digits")),
                        rule,
                    );
                }
            }
            for c in lexicon.in_year.captures_iter(s) {
                let m = c.get(0).expect("group 0 always matches");
                // "in 2021-25" is a plan period, not a year.
                if !m.as_str().contains(['-', '–']) {
                    push(
                        m.start(),
                        m.end(),
                        TimeValue::Year(c[1].parse().expect("four digits")),
                        "in-year",
                    );
                }
            }
            for c in lexicon.chinese_year.captures_iter(s) {
                let m = c.get(0).expect("group 0 always matches");
                // A year followed by 月 is a date, handled with the header.
                if s[m.end()..].starts_with(|ch: char| ch.is_ascii_digit()) {
                    continue;
                }
                let year = c[1].parse().expect("four digits");
                let value = if c.get(2).is_some() {
                    TimeValue::Since(year)
                } else {
                    TimeValue::Year(year)
                };
                push(m.start(), m.end(), value, "chinese-year");
            }
        }
        // "in the past 22 years" needs "past" or "last": most sentences have neither.
        let past_or_last = super::folds_into_ascii(s)
            || s.as_bytes()
                .windows(4)
                .any(|w| w.eq_ignore_ascii_case(b"past") || w.eq_ignore_ascii_case(b"last"));
        for c in past_or_last
            .then(|| lexicon.past_years.captures_iter(s))
            .into_iter()
            .flatten()
        {
            let m = c.get(0).expect("group 0 always matches");
            let n = c[1]
                .parse::<i32>()
                .ok()
                .or_else(|| lexicon.counts.get(&c[1].to_lowercase()).copied());
            match (n, published_year) {
                (Some(n), Some(y)) => {
                    push(m.start(), m.end(), TimeValue::Since(y - n), "past-n-years")
                }
                _ => push(m.start(), m.end(), TimeValue::Cumulative, "past-n-years"),
            }
        }
        for c in lexicon.relative.captures_iter(s) {
            let m = c.get(1).expect("group 1 always matches");
            if let (Some(offset), Some(y)) = (
                lexicon.relative_years.get(&m.as_str().to_lowercase()),
                published_year,
            ) {
                push(
                    m.start(),
                    m.end(),
                    TimeValue::Year(y + offset),
                    "relative-year",
                );
            }
        }
        for c in lexicon.cumulative.captures_iter(s) {
            let m = c.get(1).expect("group 1 always matches");
            push(m.start(), m.end(), TimeValue::Cumulative, "cumulative");
        }
    }
    times.sort_by_key(|t| (t.span.start, t.span.end));
    // One expression, one reading: drop readings nested in an earlier one.
    let mut kept: Vec<TimeMention> = Vec::with_capacity(times.len());
    for t in times {
        if kept
            .last()
            .is_some_and(|k: &TimeMention| k.span.end > t.span.start)
        {
            continue;
        }
        kept.push(t);
    }
    doc.times = kept;
}

#[cfg(test)]
mod tests {
    use crate::document::{Date, TimeValue};
    use crate::{Article, Pipeline};

    fn read(text: &str, published: Option<Date>) -> (Option<String>, Vec<(String, TimeValue)>) {
        let pipeline = Pipeline::builder().build().expect("embedded tables load");
        let doc = pipeline.annotate(Article {
            id: "t".into(),
            text: text.into(),
            published,
            ..Article::default()
        });
        let times = doc
            .times
            .iter()
            .map(|t| (doc.original_text(t.span).to_string(), t.value))
            .collect();
        (doc.published.map(|d| d.iso()), times)
    }

    #[test]
    fn full_width_digits_are_read_and_other_digits_do_not_panic() {
        // The reading view makes full-width digits ASCII.
        let (_, times) = read(
            "Between 19\u{ff12}\u{ff10} and 2015, Wuxi sent 20 doctors.",
            None,
        );
        assert_eq!(
            times,
            [(
                "Between 19\u{ff12}\u{ff10} and 2015".to_string(),
                TimeValue::Since(1920)
            )]
        );
        let (_, times) = read(
            "In 20\u{0662}8 and since 19\u{0969}9, Wuxi sent 20 doctors.",
            None,
        );
        assert!(times.is_empty(), "{times:?}");
        let (_, times) = read("Between 2010 and 2015 Wuxi sent 20 doctors.", None);
        assert_eq!(
            times,
            [("Between 2010 and 2015".to_string(), TimeValue::Since(2010))]
        );
    }

    #[test]
    fn publication_date_from_header_lines() {
        for (header, iso) in [
            ("update:August 01,2023", "2023-08-01"),
            ("Release time:2019-08-07 Browse:", "2019-08-07"),
            ("2023-10-11 15:07:39 | 来源:ourjiangsu.com", "2023-10-11"),
            (
                "By ZHANG YUE | China Daily | Updated: 2021-01-14 08:45",
                "2021-01-14",
            ),
            ("发布时间：2022年5月12日", "2022-05-12"),
        ] {
            let text =
                format!("Title line\n{header}\n\nWuxi sent 20 doctors to Haidong last year.\n");
            assert_eq!(read(&text, None).0.as_deref(), Some(iso), "{header}");
        }
    }

    #[test]
    fn metadata_wins_over_the_header() {
        let meta = Date::parse_iso("2020-01-02");
        assert_eq!(
            read("Updated: 2021-01-14\n\nText.", meta).0.as_deref(),
            Some("2020-01-02")
        );
    }

    #[test]
    fn relative_and_cumulative_times_resolve_against_publication() {
        let published = Date::parse_iso("2023-08-01");
        let (_, times) = read(
            "Last year, Suzhou sent five doctors. Since 2017, Taicang has invested. In the past 22 years, the parks grew. It has so far confirmed 12 projects. 自2010年以来，江苏累计投入资金。",
            published,
        );
        let values: Vec<TimeValue> = times.iter().map(|(_, v)| *v).collect();
        assert_eq!(
            values,
            [
                TimeValue::Year(2022),
                TimeValue::Since(2017),
                TimeValue::Since(2001),
                TimeValue::Cumulative,
                TimeValue::Since(2010),
                TimeValue::Cumulative,
            ]
        );
    }

    #[test]
    fn relative_years_stay_unresolved_without_a_date() {
        let (published, times) = read("Last year, Suzhou sent five doctors.", None);
        assert_eq!(published, None);
        assert!(times.is_empty(), "{times:?}");
    }

    #[test]
    fn plan_periods_are_not_years_and_ranges_start_a_total() {
        let (_, times) = read(
            "The plan for 2021-25 was set. Between 2016 and 2020, Jiangsu gave 5 billion yuan.",
            None,
        );
        let values: Vec<TimeValue> = times.iter().map(|(_, v)| *v).collect();
        assert_eq!(values, [TimeValue::Since(2016)]);
    }
}
