//! Dates: the publication date (from metadata, else the header, else the
//! last lines) and the time expressions inside sentences that fix the year
//! of a flow (`in 2022`, `last year`) or the start of a cumulative total
//! (`since 2016`, `in the past 22 years`, `so far`).

use rustc_hash::FxHashMap as HashMap;

use regex::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, meta};

use std::ops::Range;

use crate::document::{Date, Document, Span, TimeMention, TimeValue};
use crate::knowledge::{KnowledgeError, TableSource};

mod since;

/// What a listed phrase of `time_words.tsv` fixes.
#[derive(Debug, Clone, Copy)]
enum Phrase {
    /// A year relative to publication (`last year` = -1).
    Relative(i32),
    /// The start of a total, relative to publication (`去年以来` = -1).
    RelativeSince(i32),
    /// A running total with no start (`so far`).
    Cumulative,
    /// A plan period or programme that starts a total (`十三五` = 2016).
    Period(i32),
    /// A comparison with another year, not the time of the flow (`比去年`).
    Comparison,
    /// The time stated before (`during the same period`).
    Same,
    /// A total from the last year the text wrote before (`since then`).
    SinceThen,
    /// A year before the year its sentence wrote earlier, else before
    /// publication (`the year before` = -1).
    Before(i32),
    /// A year after the last year the text wrote before it (`the following
    /// year` = 1); none when it wrote none.
    After(i32),
}

/// Month names and time words, and the patterns built from them.
#[derive(Debug)]
pub struct Lexicon {
    months: HashMap<String, u32>,
    /// Relative years, running totals and periods, by lower-case phrase.
    phrases: HashMap<String, Phrase>,
    /// Number words in "the past five years", "五年来" (lower case).
    counts: HashMap<String, i32>,
    /// Words right after a plan period that name one of its years, with
    /// the year's offset from its start ("开局之年" 0, "收官之年" 4).
    period_years: Vec<(String, i32)>,
    iso_date: Regex,
    month_day_year: Regex,
    day_month_year: Regex,
    numeric_dmy: Regex,
    labelled_short: Regex,
    chinese_date: Regex,
    header_label: Regex,
    /// Unfiltered (see [`unfiltered`]).
    in_year: meta::Regex,
    /// "the 2024 allocation", "Hebei's 2025 budget": a year naming the money.
    year_of_money: Regex,
    /// `since 2016`, `between 2016 and 2020`, `started in 1996`: one pass.
    since_year: Regex,
    /// Unfiltered (see [`unfiltered`]).
    past_years: meta::Regex,
    /// Every listed phrase: one pass (the regex engine's literal prefilter
    /// is faster here than an Aho-Corasick walk of every byte).
    phrase: Regex,

    chinese_year: Regex,
    chinese_span: Regex,
    english_span: Regex,
    /// A day of a month without its year (`on April 10th`, `4月21日`).
    dated_day: Regex,
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

/// A pattern searched without the engine's literal prefilter. For `in
/// 2022` and `in the past 22 years` the prefilter's candidates are nearly
/// every "in", "for" and "the" of a sentence, and checking each costs
/// more than the lazy DFA's scan of the whole sentence; the matches are
/// the same either way.
fn unfiltered(pattern: &str) -> meta::Regex {
    meta::Regex::builder()
        .configure(meta::Config::new().auto_prefilter(false))
        .build(pattern)
        .expect("date patterns are valid")
}

/// A four-digit year from 1900 to 2099, as a pattern fragment.
const YEAR: &str = "(?:19|20)[0-9]{2}";
/// A small Chinese number (五, 十五, 二十八), as a pattern fragment.
const ZH_SMALL: &str = "[一二两三四五六七八九十]{1,3}";

/// English starts of a total, one alternative each: `since ... 2016`,
/// `between 2016 and 2020` / `from 2016 to 2019` / `from 2010 to date`,
/// `started ... in 1996`.
fn since_pattern() -> String {
    let alternatives = [
        format!(r"since(?-u:\b)[^.;!?。]{{0,100}}?(?-u:\b)(?P<since>{YEAR})"),
        format!(
            r"(?:between|from)(?-u:\s)+(?P<range>{YEAR})(?-u:\s)+(?:and|to|through|till|until)(?-u:\s)+(?:{YEAR}|date|now|the present|last year|this year)"
        ),
        format!(
            r"(?:started|began|begun|launched|initiated|kicked off)(?-u:\b)[a-z0-9 ,'-]{{0,40}}?(?-u:\b)in(?-u:\s)+(?P<started>{YEAR})"
        ),
    ];
    format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alternatives.join("|"))
}

/// Chinese expressions of a start or of a running total, one alternative each:
/// `自1995年…以来`, `始于1996年`, `2019年起`, `2016年至2020年`, `2016年至今`,
/// `自1996年至去年底`, `二十年来`,
/// `20周年`, `截至2015年底`.
fn chinese_span_pattern() -> String {
    // Up to the clause's end: a sentence is short, and an unbounded class
    // compiles far faster than a counted one.
    let clause = "[^。;；!?！？,，]*?";
    [
        format!("(?:自|从)(?P<from>{YEAR})年{clause}(?:以来|开始|起|后)"),
        format!("始于(?P<began>{YEAR})年"),
        format!("(?P<start>{YEAR})年(?:[0-9]{{1,2}}月)?(?:底|末|初)?(?:以来|起|开始)"),
        format!("(?:自|从)?(?P<range>{YEAR})年?(?:至|到|-|—|–|~|～)(?:{YEAR}年|去年|今年|上年|目前|现在|今)"),
        format!("(?:近|过去)?(?P<years>[0-9]{{1,3}}|{ZH_SMALL})[多余]?年(?:来|以来)"),
        format!("(?P<anniversary>[0-9]{{1,3}}|{ZH_SMALL})周年"),
        format!("(?:截至|截止到?)(?:{YEAR}年|去年|今年|上年)(?:[0-9]{{1,2}}月)?(?:底|末)?"),
    ]
    .join("|")
}

/// English expressions outside the year patterns: `for 20 years`,
/// `thirty years ago`, `last April`.
fn english_span_pattern(count_alt: &str, month_alt: &str) -> String {
    let count = format!("[0-9]{{1,2}}|{count_alt}");
    [
        format!(
            r"(?-u:\b)for(?-u:\s)+(?:more than(?-u:\s)+|over(?-u:\s)+|nearly(?-u:\s)+|almost(?-u:\s)+|about(?-u:\s)+)?(?P<for>{count})(?:(?-u:\s)+(?P<unit>years|decades))?(?-u:\b)"
        ),
        format!(r"(?-u:\b)(?P<ago>{count})(?-u:\s)+years?(?-u:\s)+ago(?-u:\b)"),
        format!(r"(?-u:\b)last(?-u:\s)+(?P<month>{month_alt})(?-u:\b)"),
    ]
    .map(|p| format!("(?:{p})"))
    .join("|")
}

impl Lexicon {
    /// Loads `months.tsv` and `time_words.tsv` and compiles the patterns.
    pub fn load(source: &TableSource) -> Result<Lexicon, KnowledgeError> {
        let table = source.table("months.tsv")?;
        let (c_word, c_month) = (table.column("word")?, table.column("month")?);
        let mut months = HashMap::default();
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
        let (mut phrases, mut counts) = (HashMap::default(), HashMap::default());
        let mut period_years = Vec::new();
        for row in &table.rows {
            let value: i32 = row
                .get(c_value)
                .parse()
                .map_err(|_| table.error(row, "value is not a number"))?;
            let phrase = row.get(c_phrase).to_lowercase();
            let reading = match row.get(c_kind) {
                "year" => Phrase::Relative(value),
                "since" => Phrase::RelativeSince(value),
                "cumulative" => Phrase::Cumulative,
                "period" => Phrase::Period(value),
                "comparison" => Phrase::Comparison,
                "same" => Phrase::Same,
                "since-then" => Phrase::SinceThen,
                "before" => Phrase::Before(value),
                "after" => Phrase::After(value),
                "count" | "decade" => {
                    counts.insert(phrase, value);
                    continue;
                }
                "period-year" => {
                    period_years.push((phrase, value));
                    continue;
                }
                other => return Err(table.error(row, format!("unknown kind `{other}`"))),
            };
            phrases.insert(phrase, reading);
        }
        let month_alt = alternation(months.keys());
        let count_alt = alternation(counts.keys().filter(|k| k.is_ascii()));
        let build = |pattern: String| Regex::new(&pattern).expect("date patterns are valid");
        Ok(Lexicon {
            iso_date: build(r"(?-u:\b)((?:19|20)[0-9]{2})[-/.](\d{1,2})[-/.](\d{1,2})(?-u:\b)".into()),
            month_day_year: build(format!(r"(?i)(?-u:\b)({month_alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,\s*((?:19|20)[0-9]{{2}})(?-u:\b)")),
            // "29 March 2025", "29-Mar-2025" (CGTN).
            day_month_year: build(format!(r"(?i)(?-u:\b)(\d{{1,2}})(?:\s+|-)({month_alt})\.?,?(?:\s+|-)((?:19|20)[0-9]{{2}})(?-u:\b)")),
            numeric_dmy: build(r"(?-u:\b)(\d{1,2})([-/.])(\d{1,2})[-/.]((?:19|20)[0-9]{2})(?-u:\b)".into()),
            labelled_short: build(r"(?i)(?:date|time|发布时间|日期)(?-u:\s)*[:：]?(?-u:\s)*(\d{2})-(\d{1,2})-(\d{1,2})(?-u:\b)".into()),
            chinese_date: build(r"((?:19|20)[0-9]{2})年(\d{1,2})月(\d{1,2})日".into()),
            header_label: build(r"(?i)(release|update|publish|posted|date|time|发布|日期|时间)".into()),
            // "in 2022", "in March 2022", "in the summer of 2022", "in the first half of 2022".
            in_year: unfiltered(r"(?i)(?-u:\b)(?:in|during|throughout|for|at the end of|by the end of|in early|in late|in mid-?)\s+(?:(?:all|the\s+whole|the\s+rest)\s+of\s+|(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?|the\s+(?:first|second|third|last)\s+(?:half|quarter|three\s+quarters|(?:[a-z0-9]+\s+)?months)\s+of\s+)?(?-i:[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?)?((?:19|20)[0-9]{2})(?-u:\b)(?:\s*[-–]\s*\d)?"),
            year_of_money: build(r"(?i)(?-u:\b)(?:the|its|their|this|\w+['’]s)\s+((?:19|20)[0-9]{2})\s+(?:allocations?|budgets?|funds|funding|money|figures?|sum|total|aid|assistance)(?-u:\b)".into()),
            since_year: build(since_pattern()),
            past_years: unfiltered(&format!(
                r"(?i)(?-u:\b)(?:(?:in|over|during|for|throughout)\s+the\s+(?:past|last)\s+(\d{{1,2}}|{count_alt})(?:\s+years)?|(?:in|over|during|throughout)\s+the\s+(\d{{1,2}}|{count_alt})(?:\s+years)?\s+since)(?-u:\b)"
            )),
            phrase: build(word_alternation(phrases.keys())),

            chinese_year: build(r"(?:自|从)?((?:19|20)[0-9]{2})年(以来)?".into()),
            chinese_span: build(chinese_span_pattern()),
            english_span: build(format!("(?i){}", english_span_pattern(&count_alt, &month_alt))),
            dated_day: build(format!(
                r"(?i)(?-u:\b)(?:{month_alt})\.?(?-u:\s)+[0-9]{{1,2}}(?:st|nd|rd|th)?(?-u:\b)|(?:^|[^0-9年])[0-9]{{1,2}}月[0-9]{{1,2}}日"
            )),
            months,
            phrases,
            counts,
            period_years,
        })
    }

    /// A count written in digits, as a listed word, or as a Chinese number
    /// of tens and units (十五, 二十, 二十八).
    fn count(&self, s: &str) -> Option<i32> {
        if let Ok(n) = s.parse::<i32>() {
            return Some(n);
        }
        if let Some(&n) = self.counts.get(&s.to_lowercase()) {
            return Some(n);
        }
        let (tens, units) = s.split_once('十')?;
        let digit = |d: &str| self.counts.get(d).copied().filter(|n| (1..10).contains(n));
        let tens = if tens.is_empty() {
            Some(1)
        } else {
            digit(tens)
        }?;
        let units = if units.is_empty() {
            Some(0)
        } else {
            digit(units)
        }?;
        Some(tens * 10 + units)
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
    if let Some(c) = lexicon.numeric_dmy.captures(line) {
        // 21.06.2006, 02-02-2018: day first, unless only the second can be a day.
        let (a, b): (u32, u32) = (c[1].parse().ok()?, c[3].parse().ok()?);
        let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
        return valid(c[4].parse().ok()?, month, day);
    }
    if let Some(c) = lexicon.labelled_short.captures(line) {
        // "Pub Date:23-08-17": a two-digit year only right after a date label.
        let year: i32 = c[1].parse().ok()?;
        return valid(2000 + year, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    None
}

/// Lines of the header (before the first long paragraph) that may carry the date.
const HEADER_LINES: usize = 12;

/// Bytes of the first long line (the body's first paragraph) searched for a
/// labelled date: pages glue `Updated: 2008-07-24 07:30` to the body.
const LEAD_PREFIX: usize = 160;

/// The publication date from the header (a labelled line first, then the
/// dated short line nearest the body: site banners with today's date come
/// before it), else from the article's last lines.
fn published_from_text(text: &str, lexicon: &Lexicon) -> Option<(Date, &'static str)> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut header: Vec<&str> = lines
        .iter()
        .take(HEADER_LINES)
        .take_while(|l| l.len() < 400)
        .copied()
        .collect();
    let short = header.len();
    if let Some(lead) = lines.get(short).filter(|_| short < HEADER_LINES) {
        let mut cut = LEAD_PREFIX.min(lead.len());
        while !lead.is_char_boundary(cut) {
            cut -= 1;
        }
        header.push(&lead[..cut]);
    }
    if let Some(date) = header
        .iter()
        .filter(|l| lexicon.header_label.is_match(l))
        .find_map(|l| date_in_line(l, lexicon))
    {
        return Some((date, "header-label"));
    }
    // The unlabelled date is looked for above the body's first prose line: an
    // anniversary piece's lead ("2008年5月12日，汶川发生…。当年…。") dates the past.
    let body = header[..short]
        .iter()
        .position(|l| is_prose(l))
        .unwrap_or(short);
    if let Some(date) = header[..body]
        .iter()
        .rev()
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

/// A line of running text, not page furniture: two or more sentences, the
/// last one ended ("Updated: 2022-11-08 | By Li Ming" and headlines are not).
fn is_prose(line: &str) -> bool {
    let line = line
        .trim_end()
        .trim_end_matches(['”', '"', '’', '\'', '」', ')', '）']);
    let ended = |c: char| matches!(c, '。' | '！' | '？' | '.' | '!' | '?');
    if !line.ends_with(ended) {
        return false;
    }
    let inner = &line[..line.len() - line.chars().next_back().map_or(0, char::len_utf8)];
    inner.contains(['。', '！', '？']) || [". ", "? ", "! "].iter().any(|e| inner.contains(e))
}

/// The time expressions of one sentence, with offsets made absolute.
struct Found<'a> {
    lexicon: &'a Lexicon,
    /// The sentence text and where it starts in the document.
    s: &'a str,
    base: usize,
    published_year: Option<i32>,
    times: &'a mut Vec<TimeMention>,
    /// Whether a character of the sentence folds into ASCII (the `since`
    /// matcher then leaves the sentence to the regex).
    folds: bool,
}

impl Found<'_> {
    /// The offset of the year a period-year word right after `end` (past a
    /// closing quote) names: "“十四五”开局之年" is the period's first year.
    fn year_of_period(&self, end: usize) -> Option<i32> {
        let rest = self.s[end..].trim_start_matches(['”', '"', '’', '\'', ' ']);
        let lx = self.lexicon;
        lx.period_years
            .iter()
            .find(|(word, _)| rest.starts_with(word.as_str()))
            .map(|(_, offset)| *offset)
    }

    /// The year or start year the text wrote last from `from` (in the
    /// document) to `at` (in the sentence): what "since then" counts from.
    fn last_year_before(&self, from: usize, at: usize) -> Option<i32> {
        self.times
            .iter()
            .filter(|t| t.span.start >= from && t.span.end <= self.base + at)
            .max_by_key(|t| t.span.start)
            .and_then(|t| match t.value {
                TimeValue::Year(y) | TimeValue::Since(y) => Some(y),
                _ => None,
            })
    }

    fn push(&mut self, m: Range<usize>, value: TimeValue, rule: &'static str) {
        self.times.push(TimeMention {
            span: Span::new(self.base + m.start, self.base + m.end),
            value,
            rule,
        });
    }

    /// A total that started `n` years before publication, unresolved without a date.
    fn years_back(&mut self, m: Range<usize>, n: Option<i32>, rule: &'static str) {
        let value = match (n, self.published_year) {
            (Some(n), Some(y)) => TimeValue::Since(y - n),
            _ => TimeValue::Cumulative,
        };
        self.push(m, value, rule);
    }

    /// `since 2016`, `between 2016 and 2020`, `started in 1996` before the
    /// sentence's last year (at `last_year` in the sentence).
    fn since(&mut self, last_year: usize) {
        if !self.folds {
            for m in since::Matches::new(self.s, last_year) {
                let year = self.s[m.year..m.year + 4].parse().expect("four digits");
                let rule = match m.kind {
                    since::Start::Since => "since-year",
                    since::Start::Range => "year-range",
                    since::Start::Started => "started-in",
                };
                self.push(m.start..m.end, TimeValue::Since(year), rule);
            }
            return;
        }
        for c in self.lexicon.since_year.captures_iter(self.s) {
            let m = c.get(0).expect("group 0 always matches");
            let Some((year, rule)) = [
                ("since", "since-year"),
                ("range", "year-range"),
                ("started", "started-in"),
            ]
            .into_iter()
            .find_map(|(group, rule)| c.name(group).map(|y| (y, rule))) else {
                continue;
            };
            let year = year.as_str().parse().expect("four digits");
            self.push(m.range(), TimeValue::Since(year), rule);
        }
    }

    /// `since 2016` (see [`Found::since`]), `in 2022`, `2022年`.
    fn years(&mut self, last_year: usize) {
        self.since(last_year);
        let lx = self.lexicon;
        for (m, year) in InYear::new(&lx.in_year, self.s, last_year) {
            // "more than in 2022" is a year compared with; "in 2021-25" a
            // period, which starts a total as "between 2021 and 2025" does
            // ("the plan for 2021-25" names a plan, no time of a flow).
            if self.s[..m.start].ends_with("than ") {
                continue;
            }
            let year = self.s[year].parse().expect("four digits");
            let phrase = &self.s[m.clone()];
            if phrase.contains(['-', '–']) {
                if !phrase.to_lowercase().starts_with("for") {
                    self.push(m, TimeValue::Since(year), "in-year-range");
                }
            } else {
                self.push(m, TimeValue::Year(year), "in-year");
            }
        }
        for c in lx.year_of_money.captures_iter(self.s) {
            let m = c.get(0).expect("group 0 always matches");
            let year = c[1].parse().expect("four digits");
            self.push(m.range(), TimeValue::Year(year), "year-of-money");
        }
        for c in lx.chinese_year.captures_iter(self.s) {
            let m = c.get(0).expect("group 0 always matches");
            // A full date (年月日) is read with the header's dates; a year
            // and month ("2016年5月，") is the year.
            if full_date_follows(&self.s[m.end()..]) {
                continue;
            }
            // "比2022年增加3亿元": a year compared with, as 比去年 is.
            if self.s[..m.start()].ends_with(['比', '较']) {
                continue;
            }
            let year = c[1].parse().expect("four digits");
            let value = if c.get(2).is_some() {
                TimeValue::Since(year)
            } else {
                TimeValue::Year(year)
            };
            self.push(m.range(), value, "chinese-year");
        }
    }

    /// `自1995年…以来`, `2016年至2020年`, `二十年来`, `20周年`, `截至去年底`.
    fn chinese(&mut self) {
        let lx = self.lexicon;
        for c in lx.chinese_span.captures_iter(self.s) {
            let m = c.get(0).expect("group 0 always matches");
            let year = |name: &str| c.name(name).and_then(|y| y.as_str().parse().ok());
            if let Some(y) = year("from")
                .or(year("began"))
                .or(year("start"))
                .or(year("range"))
            {
                self.push(m.range(), TimeValue::Since(y), "chinese-since");
            } else if let Some(n) = c.name("years").or(c.name("anniversary")) {
                // "2018年来" is a year, not 18 years: digits must start the count.
                if self.s[..n.start()].ends_with(|ch: char| ch.is_ascii_digit()) {
                    continue;
                }
                // "十余年来", "二十多年来": more than N years, a start the
                // article may give elsewhere.
                if c.name("years").is_some() && m.as_str().contains(['余', '多']) {
                    self.push(m.range(), TimeValue::Cumulative, "approx-years-since");
                    continue;
                }
                let rule = if c.name("years").is_some() {
                    "chinese-years-since"
                } else {
                    "anniversary"
                };
                self.years_back(m.range(), lx.count(n.as_str()), rule);
            } else {
                // 截至2015年底: the total as of then, from a start given elsewhere.
                self.push(m.range(), TimeValue::Cumulative, "as-of");
            }
        }
    }

    /// `in the past 22 years`, `over the last eight years`, and in anniversary
    /// pieces `in the decade since`, `in the ten years since the quake`.
    fn past_years(&mut self) {
        let lx = self.lexicon;
        for c in lx.past_years.captures_iter(self.s) {
            let m = c.get_match().expect("a match has its span").range();
            let group = c.get_group(1).or_else(|| c.get_group(2));
            let count = &self.s[group.expect("the count always matches").range()];
            self.years_back(m, lx.count(count), "past-n-years");
        }
    }

    /// `for 20 years`, `thirty years ago`, `last April`.
    fn english(&mut self) {
        let lx = self.lexicon;
        for c in lx.english_span.captures_iter(self.s) {
            let m = c.get(0).expect("group 0 always matches");
            if let Some(n) = c.name("for") {
                // "for two decades" names its unit; "for 20" alone is no time.
                let decades = c
                    .name("unit")
                    .is_some_and(|u| u.as_str().eq_ignore_ascii_case("decades"));
                if c.name("unit").is_none() && !n.as_str().to_lowercase().contains("decade") {
                    continue;
                }
                // "will last for 3 years" is a plan's length, not a total's start.
                if contains_word(&self.s[..m.start()], "will") {
                    continue;
                }
                let n = lx
                    .count(n.as_str())
                    .map(|n| if decades { n * 10 } else { n });
                self.years_back(m.range(), n, "for-n-years");
            } else if let (Some(n), Some(y)) = (c.name("ago"), self.published_year) {
                if let Some(n) = lx.count(n.as_str()) {
                    self.push(m.range(), TimeValue::Year(y - n), "years-ago");
                }
            } else if let (Some(_), Some(y)) = (c.name("month"), self.published_year) {
                self.push(m.range(), TimeValue::Year(y - 1), "last-month");
            }
        }
    }

    /// Listed phrases: `last year`, `去年`, `so far`, `“十三五”期间`, `新一轮援疆`.
    /// A day of a month written without its year ("On April 10th, 229
    /// projects were started", "21日下午") is in the year of publication; a
    /// date that goes on with its year is read by the year patterns.
    fn dated_days(&mut self) {
        let Some(year) = self.published_year else {
            return;
        };
        if !self.s.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        for m in self.lexicon.dated_day.find_iter(self.s) {
            let rest = self.s[m.end()..].trim_start_matches([',', ' ']);
            if rest.starts_with("19") || rest.starts_with("20") {
                continue;
            }
            self.push(m.range(), TimeValue::Year(year), "dated-day");
        }
    }

    fn phrases(&mut self) {
        let lx = self.lexicon;
        // Group 1 spans the whole match (only word boundaries lie outside
        // it), so the match itself is the phrase.
        for m in lx.phrase.find_iter(self.s) {
            let (value, rule) = match lx.phrases.get(&m.as_str().to_lowercase()) {
                Some(Phrase::Relative(offset)) => match self.published_year {
                    Some(y) => (TimeValue::Year(y + offset), "relative-year"),
                    None => continue,
                },
                Some(Phrase::RelativeSince(offset)) => match self.published_year {
                    Some(y) => (TimeValue::Since(y + offset), "relative-since"),
                    None => continue,
                },
                Some(Phrase::Cumulative) => (TimeValue::Cumulative, "cumulative"),
                Some(Phrase::Same) => (TimeValue::Same, "same-period"),
                Some(Phrase::Before(offset)) => {
                    match self
                        .last_year_before(self.base, m.start())
                        .or(self.published_year)
                    {
                        Some(y) => (TimeValue::Year(y + offset), "relative-year"),
                        None => continue,
                    }
                }
                Some(Phrase::After(offset)) => match self.last_year_before(0, m.start()) {
                    Some(y) => (TimeValue::Year(y + offset), "relative-year"),
                    None => continue,
                },
                Some(Phrase::SinceThen) => match self.last_year_before(0, m.start()) {
                    Some(y) => (TimeValue::Since(y), "since-then"),
                    None => (TimeValue::Cumulative, "cumulative"),
                },
                Some(Phrase::Period(y)) => match self.year_of_period(m.end()) {
                    Some(offset) => (TimeValue::Year(y + offset), "period-year"),
                    None => (TimeValue::Since(*y), "period"),
                },
                Some(Phrase::Comparison) | None => continue,
            };
            self.push(m.range(), value, rule);
        }
    }
}

/// Whether `rest` (after `YYYY年`) goes on with a month and a day (`3月7日`).
fn full_date_follows(rest: &str) -> bool {
    let month = rest.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after_month) = rest[month..].strip_prefix('月').filter(|_| month > 0) else {
        return false;
    };
    let day = after_month.bytes().take_while(u8::is_ascii_digit).count();
    day > 0 && after_month[day..].starts_with(['日', '号'])
}

/// The latest year an undated article writes as a year (`2017年`, `in
/// 2017`): the year "this year" and "last year" count from when the
/// publication date is unknown.
fn latest_year(text: &str, years: &[usize]) -> Option<i32> {
    let b = text.as_bytes();
    years
        .iter()
        .copied()
        .filter(|&i| i == 0 || !b[i - 1].is_ascii_digit())
        .filter(|&i| b.get(i + 4).is_none_or(|c| !c.is_ascii_digit()))
        .filter(|&i| text[i + 4..].starts_with('年') || text[..i].ends_with("in "))
        .filter_map(|i| text[i..i + 4].parse().ok())
        .max()
}

/// Whether `s` contains one of `tails` (a cheap test before a pattern runs:
/// "ast" stands for past/Past/last/Last, "ear" for year/Year).
fn contains_any(s: &str, tails: &[&str]) -> bool {
    tails.iter().any(|t| s.contains(t))
}

/// Whether `s` contains `word` (lower case) as an ASCII word, in any case.
fn contains_word(s: &str, word: &str) -> bool {
    let (b, w) = (s.as_bytes(), word.as_bytes());
    b.windows(w.len()).enumerate().any(|(i, x)| {
        x.eq_ignore_ascii_case(w)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + w.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// Where `text` writes four digits from 1900 to 2099 (`19dd`, `20dd`,
/// also inside longer numbers), in order: found once per article.
fn year_digits(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'1', b'2', b)
        .filter(|&i| since::is_year(b, i))
        .collect()
}

/// The matches of `in_year` in a sentence, as its `captures_iter` gives
/// them: (match, year). A match starts at a word that begins with the
/// first letter of one of the pattern's leading words (in, during,
/// throughout, for, at, by; no other character folds into these) and holds
/// a year, so only such words before the sentence's last year are tried,
/// each by an anchored search, in order.
struct InYear<'a> {
    re: &'a meta::Regex,
    s: &'a str,
    caps: Captures,
    /// The next position to try and the last year's.
    at: usize,
    last_year: usize,
}

impl<'a> InYear<'a> {
    fn new(re: &'a meta::Regex, s: &'a str, last_year: usize) -> InYear<'a> {
        let caps = re.create_captures();
        let last_year = last_year.min(s.len());
        InYear {
            re,
            s,
            caps,
            at: 0,
            last_year,
        }
    }

    /// Whether a match may start at `i`.
    fn may_start(&self, i: usize) -> bool {
        let h = self.s.as_bytes();
        matches!(
            h[i].to_ascii_lowercase(),
            b'i' | b'd' | b't' | b'f' | b'a' | b'b'
        ) && since::word_starts(h, i)
    }
}

impl Iterator for InYear<'_> {
    type Item = (Range<usize>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        while self.at < self.last_year {
            let start = self.at;
            self.at += 1;
            if !self.may_start(start) {
                continue;
            }
            let input = Input::new(self.s)
                .span(start..self.s.len())
                .anchored(Anchored::Yes);
            self.re.search_captures(&input, &mut self.caps);
            if let Some(m) = self.caps.get_match() {
                self.at = m.end();
                let year = self.caps.get_group(1).expect("the year always matches");
                return Some((m.range(), year.range()));
            }
        }
        None
    }
}

/// The last of `years` (from [`year_digits`]) that `span` holds whole, if
/// any: a cheap test before the year patterns run.
fn last_year_in(years: &[usize], span: Span) -> Option<usize> {
    let end = years.partition_point(|&i| i + 4 <= span.end);
    years[..end].last().copied().filter(|&i| i >= span.start)
}

/// Adds the publication date (when metadata did not give it) and the `times` layer.
pub fn read(doc: &mut Document, lexicon: &Lexicon) {
    if doc.published.is_none()
        && let Some((date, source)) = published_from_text(&doc.text, lexicon)
    {
        doc.published = Some(date);
        doc.published_source = Some(source);
    }
    let mut times = Vec::new();
    let years = year_digits(&doc.text);
    let reference_year = doc
        .published
        .map(|d| d.year)
        .or_else(|| latest_year(&doc.text, &years));
    doc.reference_year = reference_year;
    for sentence in &doc.sentences {
        let s = sentence.span.of(&doc.text);
        let mut found = Found {
            lexicon,
            s,
            base: sentence.span.start,
            published_year: reference_year,
            times: &mut times,
            folds: super::folds_into_ascii(s),
        };
        // Most sentences name no year: the year patterns run only where one is written.
        if let Some(last) = last_year_in(&years, sentence.span) {
            found.years(last - sentence.span.start);
        }
        // Every Chinese pattern needs 年 (E5 B9 B4).
        if s.contains('年') {
            found.chinese();
        }
        // "in the past 22 years" needs "past" or "last" ("in the decade
        // since", "since"); "for 20 years",
        // "30 years ago", "last April" need "year", "decade" or "last";
        // most sentences have none of them.
        let past = found.folds || contains_any(s, &["ast", "AST"]);
        if past || contains_any(s, &["ince", "INCE"]) {
            found.past_years();
        }
        if past || contains_any(s, &["ear", "EAR", "ecade", "ECADE"]) {
            found.english();
        }
        found.phrases();
        found.dated_days();
    }
    // One expression, one reading: the longest reading at a start wins, and
    // readings nested in an earlier one are dropped.
    times.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
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

    #[test]
    fn in_year_tried_from_its_words_gives_the_matches_of_a_whole_search() {
        let source = crate::knowledge::TableSource::embedded();
        let lexicon = super::Lexicon::load(&source).expect("embedded tables load");
        let re = &lexicon.in_year;
        let cases: [(&str, &[(&str, &str)]); 6] = [
            (
                "In 2019, in early 2020 and During the summer of 2021",
                &[
                    ("In 2019", "2019"),
                    ("in early 2020", "2020"),
                    ("During the summer of 2021", "2021"),
                ],
            ),
            (
                "at the end of 2018-19, by the end of\u{a0}2017",
                &[
                    ("at the end of 2018-1", "2018"),
                    ("by the end of\u{a0}2017", "2017"),
                ],
            ),
            (
                "for the first 20 months of 2021 in March 3, 2022",
                &[
                    ("for the first 20 months of 2021", "2021"),
                    ("in March 3, 2022", "2022"),
                ],
            ),
            ("within 2019, in20 19, in 20190 and bin 2019", &[]),
            (
                "throughout 2019 in mid-2020 in mid- 2021",
                &[("throughout 2019", "2019"), ("in mid- 2021", "2021")],
            ),
            ("in the in 2019", &[("in 2019", "2019")]),
        ];
        for (s, expected) in cases {
            let last = (0..s.len())
                .rev()
                .find(|&i| s[i..].starts_with("20"))
                .unwrap_or(0);
            let mine: Vec<(&str, &str)> = super::InYear::new(re, s, last)
                .map(|(m, y)| (&s[m], &s[y]))
                .collect();
            let whole: Vec<(&str, &str)> = re
                .captures_iter(s)
                .map(|c| {
                    let m = c.get_match().expect("a match").range();
                    (&s[m], &s[c.get_group(1).expect("a year").range()])
                })
                .collect();
            assert_eq!(mine, expected, "{s:?}");
            assert_eq!(whole, expected, "{s:?}");
        }
    }

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
    fn an_anniversary_lead_does_not_date_the_page() {
        let zh = "汶川地震十周年\n2018-05-10 09:35 来源:南方日报\n\
                  2008年5月12日，汶川发生特大地震。当年6月，广东省对口援建汶川县。\n\
                  今年，广东省还将安排资金3000万元。\n";
        assert_eq!(read(zh, None).0.as_deref(), Some("2018-05-10"));
        let en = "Decade after quake\nSource: Xinhua| 2018-05-11 18:06:22|Editor: Zhou Xin\n\
                  CHENGDU, May 11 (Xinhua) -- When the quake struck on May 12, 2008, the town \
                  lay in ruins. Ten years on, it thrives.\n";
        assert_eq!(read(en, None).0.as_deref(), Some("2018-05-11"));
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
    fn a_named_year_of_a_plan_period_is_that_year() {
        let year = |text: &str| {
            read(text, None)
                .1
                .into_iter()
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            year("“十四五”开局之年，天津投入资金1亿元。"),
            [TimeValue::Year(2021)]
        );
        assert_eq!(
            year("“十三五”收官之年，天津投入资金1亿元。"),
            [TimeValue::Year(2020)]
        );
        assert_eq!(
            year("“十三五”期间，天津投入资金1亿元。"),
            [TimeValue::Since(2016)]
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
        let values = time_values(
            "Last year, Suzhou sent five doctors. Since 2017, Taicang has invested. In the past 22 years, the parks grew. It has so far confirmed 12 projects. 自2010年以来，江苏累计投入资金。 It gave 9 million yuan in 2020, up from 8 million yuan the year before. It gave 7 million yuan the year before.",
            published,
        );
        assert_eq!(
            values,
            [
                TimeValue::Year(2022),
                TimeValue::Since(2017),
                TimeValue::Since(2001),
                TimeValue::Cumulative,
                TimeValue::Since(2010),
                TimeValue::Cumulative,
                // "the year before" another year of its sentence, else
                // before publication.
                TimeValue::Year(2020),
                TimeValue::Year(2019),
                TimeValue::Year(2022),
            ]
        );
    }

    #[test]
    fn a_year_naming_the_money_dates_it() {
        let values = time_values(
            "The office broke the 2024 allocation down by county. Of Hebei's 2025 funds, \
             Qiemo got most. The 2000 teachers arrived.",
            None,
        );
        assert_eq!(values, [TimeValue::Year(2024), TimeValue::Year(2025)]);
    }

    #[test]
    fn the_following_year_is_the_year_after_the_last_one_written() {
        let values = time_values(
            "Guangzhou gave 1.05 billion yuan in 2022 and 1.09 billion yuan the following year. \
             广州2021年投入7.2亿元，次年投入7.9亿元。 The next year, it gave more.",
            Date::parse_iso("2025-12-26"),
        );
        assert_eq!(
            values,
            [
                TimeValue::Year(2022),
                TimeValue::Year(2023),
                TimeValue::Year(2021),
                TimeValue::Year(2022),
                TimeValue::Year(2023),
            ]
        );
    }

    #[test]
    fn relative_years_stay_unresolved_without_a_date() {
        let (published, times) = read("Last year, Suzhou sent five doctors.", None);
        assert_eq!(published, None);
        assert!(times.is_empty(), "{times:?}");
    }

    /// The values of the times `text` states, in order.
    fn time_values(text: &str, published: Option<Date>) -> Vec<TimeValue> {
        read(text, published)
            .1
            .into_iter()
            .map(|(_, v)| v)
            .collect()
    }

    fn values(text: &str, published: &str) -> Vec<(String, TimeValue)> {
        read(text, Date::parse_iso(published)).1
    }

    fn since(mention: &str, year: i32) -> (String, TimeValue) {
        (mention.to_string(), TimeValue::Since(year))
    }

    #[test]
    fn since_last_year_starts_a_total_the_year_before_publication() {
        assert_eq!(
            values("去年以来，青岛共实施项目213个。", "2023-05-01"),
            [since("去年以来", 2022)]
        );
        assert_eq!(
            values(
                "Since last year, Qingdao has invested 7 million yuan.",
                "2023-05-01"
            ),
            [since("Since last year", 2022)]
        );
    }

    #[test]
    fn chinese_plan_periods_and_programmes_start_a_total() {
        assert_eq!(
            values(
                "“十三五”期间，江苏投入8亿元。十四五以来，投入5亿元。",
                "2023-05-01"
            ),
            [since("十三五", 2016), since("十四五", 2021)]
        );
        assert_eq!(
            values("新一轮援疆以来，北京投入资金。", "2018-05-01"),
            [since("新一轮援疆", 2010)]
        );
        assert_eq!(
            values(
                "During the 12th Five-Year Plan period, it gave.",
                "2016-05-01"
            ),
            [since("12th Five-Year Plan", 2011)]
        );
    }

    #[test]
    fn chinese_ranges_and_starts() {
        assert_eq!(
            values(
                "2016年至2020年，投入3亿元。2016-2020年投入2亿元。2019年起每年投入。",
                "2021-01-01"
            ),
            [
                since("2016年至2020年", 2016),
                since("2016-2020年", 2016),
                since("2019年起", 2019)
            ]
        );
        assert_eq!(
            values(
                "从1992年起，我市开展协作。自1995年浙江对口支援那曲以来，投入资金。协作始于1996年。",
                "2014-01-01"
            ),
            [
                since("从1992年起", 1992),
                since("自1995年浙江对口支援那曲以来", 1995),
                since("始于1996年", 1996)
            ]
        );
        // A range up to now or to last year starts a running total.
        assert_eq!(
            values(
                "2016年至今，投入3亿元。自1996年至去年底，投入9亿元。",
                "2023-01-01"
            ),
            [since("2016年至今", 2016), since("自1996年至去年", 1996)]
        );
        // A clause break ends the search for 以来: 从2016年底的 A 下降到零 is a level.
        let times = values(
            "贫困发生率从2016年底的11%下降到零，以来如此。",
            "2020-01-01",
        );
        assert!(
            times.iter().all(|(_, v)| *v != TimeValue::Since(2016)),
            "{times:?}"
        );
    }

    #[test]
    fn chinese_years_back_resolve_against_publication() {
        assert_eq!(
            values(
                "二十年来，浙江持续投入。福建对口援藏28年来，共选派干部。",
                "2023-11-11"
            ),
            [since("二十年来", 2003), since("28年来", 1995)]
        );
        assert_eq!(
            values("十五年来投入。今年是对口支援20周年。", "2025-01-01"),
            [
                since("十五年来", 2010),
                ("今年".to_string(), TimeValue::Year(2025)),
                since("20周年", 2005)
            ]
        );
        // A year before 年来 is a year, not a count of years.
        assert_eq!(
            values("2018年来投入。", "2020-01-01"),
            [("2018年".to_string(), TimeValue::Year(2018))]
        );
        let (_, times) = read("十三年来投入资金。", None);
        assert_eq!(times, [("十三年来".to_string(), TimeValue::Cumulative)]);
    }

    #[test]
    fn a_chinese_year_and_month_is_the_year() {
        assert_eq!(
            values(
                "2016年5月，北京投入资金1亿元。2018年1-6月，完成投资。",
                "2020-06-01"
            ),
            [
                ("2016年".to_string(), TimeValue::Year(2016)),
                ("2018年".to_string(), TimeValue::Year(2018))
            ]
        );
    }

    #[test]
    fn a_year_compared_with_is_no_time_of_the_flow() {
        let cases = [
            (
                "2020年，厦门投入资金5.26亿元，比去年增加1.14亿元。",
                "2020-06-01",
                "2020年",
                2020,
            ),
            (
                "去年宝山区共向我县投入资金8650万元,比前年增加600万元,实施项目27个。",
                "2025-05-20",
                "去年",
                2024,
            ),
            (
                "2023年，江苏投入资金25亿元，比2022年增加3亿元。",
                "2023-06-01",
                "2023年",
                2023,
            ),
            (
                "This year the city allocated 512 million yuan, 87 million yuan more than last year.",
                "2020-06-01",
                "This year",
                2020,
            ),
            (
                "Last year it earmarked 860 million yuan, 12 percent more than in 2022.",
                "2024-06-01",
                "Last year",
                2023,
            ),
            (
                "This year it plans to allocate 650 million yuan, up 8 percent from last year.",
                "2024-06-01",
                "This year",
                2024,
            ),
        ];
        for (text, published, mention, year) in cases {
            assert_eq!(
                values(text, published),
                [(mention.to_string(), TimeValue::Year(year))],
                "{text}"
            );
        }
    }

    #[test]
    fn chinese_as_of_and_relative_years() {
        assert_eq!(
            values(
                "截至去年底，共援建项目87个。截至2015年底投入。前年投入。",
                "2006-06-21"
            ),
            [
                ("截至去年底".to_string(), TimeValue::Cumulative),
                ("截至2015年底".to_string(), TimeValue::Cumulative),
                ("前年".to_string(), TimeValue::Year(2004))
            ]
        );
    }

    #[test]
    fn english_spans_of_years() {
        assert_eq!(
            values(
                "Over the past nine years it gave. Beijing has aided Hotan for 20 years. For nearly two decades it helped. In the past two decades it grew.",
                "2023-08-01"
            ),
            [
                since("Over the past nine years", 2014),
                since("for 20 years", 2003),
                since("For nearly two decades", 2003),
                since("In the past two decades", 2003)
            ]
        );
        assert_eq!(
            values(
                "From 2010 to date, Xiamen has given 2 billion yuan.",
                "2023-08-01"
            ),
            [since("From 2010 to date", 2010)]
        );
        assert_eq!(
            values(
                "In the decade since, firms invested 1.3 billion yuan. In the two years since the quake it gave.",
                "2018-05-11"
            ),
            [
                since("In the decade since", 2008),
                since("In the two years since", 2016)
            ]
        );
        // A plan's length is no start of a total.
        assert!(values("The programme will last for 3 years.", "2023-08-01").is_empty());
    }

    #[test]
    fn english_years_ago_months_and_starts() {
        assert_eq!(
            values(
                "Thirty years ago it began. Last April it gave. The pairing started in 1996. In September 1996, the centre decided. Since then, it gave.",
                "2023-08-01"
            ),
            [
                ("Thirty years ago".to_string(), TimeValue::Year(1993)),
                ("Last April".to_string(), TimeValue::Year(2022)),
                since("started in 1996", 1996),
                ("In September 1996".to_string(), TimeValue::Year(1996)),
                // "Since then" counts from the last year written.
                since("Since then", 1996)
            ]
        );
        assert_eq!(
            values(
                "As of the end of April, it had given. In recent years, it gave.",
                "2023-08-01"
            ),
            [
                ("As of".to_string(), TimeValue::Cumulative),
                ("In recent years".to_string(), TimeValue::Cumulative)
            ]
        );
    }

    #[test]
    fn publication_date_from_numeric_and_glued_headers() {
        for (header, iso) in [
            ("Original, GPIG, 02-02-2018", "2018-02-02"),
            ("Date: 21.06.2006", "2006-06-21"),
            (
                "中央政府门户网站 www.gov.cn 2014-08-12 08:38 来源: 浙江日报",
                "2014-08-12",
            ),
            (
                "http://www.sina.com.cn 2006年06月21日10:23 龙虎网",
                "2006-06-21",
            ),
            ("Pub Date:23-08-17 16:03 Source:example", "2023-08-17"),
        ] {
            let text = format!("Title line\n{header}\n\nWuxi sent 20 doctors to Haidong.\n");
            assert_eq!(read(&text, None).0.as_deref(), Some(iso), "{header}");
        }
        // A label glued to the body's first paragraph still dates the article.
        let body = "Beijing will help rebuild the city within three years. ".repeat(10);
        let text = format!("Title line\nUpdated: 2008-07-24 07:30 {body}\n");
        assert_eq!(read(&text, None).0.as_deref(), Some("2008-07-24"));
        // A site banner's date comes before the article's own.
        let text = "Site name\n15 July 2015\nHome>News\nGovernor visits the city\n2019-07-11 Download Print\n\nBody.\n";
        assert_eq!(read(text, None).0.as_deref(), Some("2019-07-11"));
    }

    #[test]
    fn plan_periods_are_not_years_and_ranges_start_a_total() {
        let (_, times) = read(
            "The plan for 2021-25 was set. Between 2016 and 2020, Jiangsu gave 5 billion yuan. \
             It put 1.9 billion yuan into Fuhai in 2021-25.",
            None,
        );
        let values: Vec<TimeValue> = times.iter().map(|(_, v)| *v).collect();
        assert_eq!(values, [TimeValue::Since(2016), TimeValue::Since(2021)]);
    }

    #[test]
    fn a_season_or_a_part_of_a_year_dates_its_year() {
        for (text, mention) in [
            (
                "Wuxi sent 60 doctors in the summer of 2022.",
                "in the summer of 2022",
            ),
            ("Wuxi sent 60 doctors in autumn 2021.", "in autumn 2021"),
            (
                "In the first half of 2024, Wuxi sent 60 doctors.",
                "In the first half of 2024",
            ),
            (
                "Wuxi sent 60 doctors in the first 10 months of 2023.",
                "in the first 10 months of 2023",
            ),
            (
                "For all of 2025, the budget is 1.38 billion yuan.",
                "For all of 2025",
            ),
        ] {
            let (_, times) = read(text, None);
            let year = mention[mention.len() - 4..].parse().expect("a year");
            assert_eq!(
                times,
                [(mention.to_string(), TimeValue::Year(year))],
                "{text}"
            );
        }
    }
}
