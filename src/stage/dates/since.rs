//! The `since` pattern of the dates stage as a hand-written matcher: the
//! same matches, in the same order, as the regex of
//! [`super::since_pattern`] on any sentence where no character folds into
//! ASCII (there the regex runs). The regex's counted repetitions gave its
//! lazy DFA many states: about 9 K instructions per sentence with a year.
//!
//! The pattern, case-insensitive, between ASCII word boundaries:
//! `since\b[^.;!?。]{0,100}?\b(YEAR)`,
//! `(between|from)\s+(YEAR)\s+(and|to|through|till|until)\s+(YEAR|date|now|the present|last year|this year)`,
//! `(started|began|begun|launched|initiated|kicked off)\b[a-z0-9 ,'-]{0,40}?\bin\s+(YEAR)`.

/// What a match's year is: the group of the regex that caught it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// `since 2016`
    Since,
    /// `between 2016 and 2020`
    Range,
    /// `started in 1996`
    Started,
}

/// One match: its byte range in the sentence, where its year starts, and
/// which alternative caught it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Match {
    pub start: usize,
    pub end: usize,
    pub year: usize,
    pub kind: Start,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the byte before `i` is no word byte (an ASCII word boundary
/// before a word byte at `i`).
pub(super) fn word_starts(h: &[u8], i: usize) -> bool {
    i == 0 || !is_word(h[i - 1])
}

/// Whether the byte at `i` is no word byte (a boundary after a word byte).
fn word_ends(h: &[u8], i: usize) -> bool {
    h.get(i).is_none_or(|&b| !is_word(b))
}

/// `(?:19|20)[0-9]{2}` at `i`.
pub(super) fn is_year(h: &[u8], i: usize) -> bool {
    i + 4 <= h.len()
        && matches!(&h[i..i + 2], b"19" | b"20")
        && h[i + 2].is_ascii_digit()
        && h[i + 3].is_ascii_digit()
}

/// Whether `h[i..]` starts with `word`, in any ASCII case.
fn has_at(h: &[u8], i: usize, word: &[u8]) -> bool {
    h.get(i..i + word.len())
        .is_some_and(|x| x.eq_ignore_ascii_case(word))
}

/// The end of `(?-u:\s)+` at `i`, if at least one whitespace byte is there.
fn spaces(h: &[u8], i: usize) -> Option<usize> {
    let n = h[i.min(h.len())..]
        .iter()
        .take_while(|b| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))
        .count();
    (n > 0).then_some(i + n)
}

/// The first of `words` at `i`, as the position after it.
fn one_of(h: &[u8], i: usize, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| has_at(h, i, w.as_bytes()))
        .map(|w| i + w.len())
}

/// A year at `i` that ends a word: the position after it.
fn year_at(h: &[u8], i: usize) -> Option<usize> {
    (is_year(h, i) && word_ends(h, i + 4)).then_some(i + 4)
}

/// `since\b[^.;!?。]{0,100}?\b(YEAR)\b` from `s` (after the word boundary).
fn since(h: &[u8], s: usize) -> Option<Match> {
    let mut q = s + 5;
    if !has_at(h, s, b"since") || !word_ends(h, q) {
        return None;
    }
    for count in 0..=100 {
        if word_starts(h, q) && year_at(h, q).is_some() {
            let kind = Start::Since;
            return Some(Match {
                start: s,
                end: q + 4,
                year: q,
                kind,
            });
        }
        if count == 100 || q == h.len() || matches!(h[q], b'.' | b';' | b'!' | b'?') {
            return None;
        }
        if h[q..].starts_with("。".as_bytes()) {
            return None;
        }
        // One character: its lead byte and continuation bytes.
        q += 1;
        while q < h.len() && h[q] & 0xc0 == 0x80 {
            q += 1;
        }
    }
    None
}

/// `(between|from)\s+(YEAR)\s+(and|to|through|till|until)\s+(YEAR|date|now|…)\b` from `s`.
fn range(h: &[u8], s: usize) -> Option<Match> {
    let after = one_of(h, s, &["between", "from"])?;
    let year = spaces(h, after)?;
    if !is_year(h, year) {
        return None;
    }
    let q = spaces(h, year + 4)?;
    let q = one_of(h, q, &["and", "to", "through", "till", "until"])?;
    let q = spaces(h, q)?;
    let end = match year_at(h, q) {
        Some(end) => end,
        None => one_of(
            h,
            q,
            &["date", "now", "the present", "last year", "this year"],
        )
        .filter(|&e| word_ends(h, e))?,
    };
    let kind = Start::Range;
    Some(Match {
        start: s,
        end,
        year,
        kind,
    })
}

/// `(started|…|kicked off)\b[a-z0-9 ,'-]{0,40}?\bin\s+(YEAR)\b` from `s`.
fn started(h: &[u8], s: usize) -> Option<Match> {
    let verbs = [
        "started",
        "began",
        "begun",
        "launched",
        "initiated",
        "kicked off",
    ];
    let verb_end = one_of(h, s, &verbs)?;
    if !word_ends(h, verb_end) {
        return None;
    }
    for count in 0..=40 {
        let q = verb_end + count;
        if word_starts(h, q)
            && has_at(h, q, b"in")
            && let Some(year) = spaces(h, q + 2)
            && year_at(h, year).is_some()
        {
            let kind = Start::Started;
            return Some(Match {
                start: s,
                end: year + 4,
                year,
                kind,
            });
        }
        let in_class = h
            .get(q)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b',' | b'\'' | b'-'));
        if count == 40 || !in_class {
            return None;
        }
    }
    None
}

/// Every match in a sentence, leftmost first and not overlapping, as the
/// regex's `captures_iter` gives them.
pub(super) struct Matches<'a> {
    h: &'a [u8],
    /// Where the search goes on.
    i: usize,
    /// Every match holds a year, so none starts at or after the
    /// sentence's last year (from the article's years).
    last_year: usize,
}

impl<'a> Matches<'a> {
    /// The matches in `s`, whose last year starts at `last_year`.
    pub(super) fn new(s: &'a str, last_year: usize) -> Matches<'a> {
        let h = s.as_bytes();
        let last_year = last_year.min(h.len());
        Matches { h, i: 0, last_year }
    }
}

impl Iterator for Matches<'_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        let h = self.h;
        while self.i < self.last_year {
            let i = self.i;
            let found = if word_starts(h, i) {
                match h[i].to_ascii_lowercase() {
                    b's' => since(h, i).or_else(|| started(h, i)),
                    b'b' => range(h, i).or_else(|| started(h, i)),
                    b'f' => range(h, i),
                    b'l' | b'i' | b'k' => started(h, i),
                    _ => None,
                }
            } else {
                None
            };
            match found {
                Some(m) => {
                    self.i = m.end;
                    return Some(m);
                }
                None => self.i += 1,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{Matches, Start};

    /// A match as (text, year, kind).
    type Read<'a> = (&'a str, &'a str, Start);

    /// The matches in `s` as (text, year, kind), and the same read by the
    /// regex the matcher replaces (the spec).
    fn both(s: &str) -> (Vec<Read<'_>>, Vec<Read<'_>>) {
        let last = (0..s.len())
            .rev()
            .find(|&i| super::is_year(s.as_bytes(), i))
            .unwrap_or(0);
        let mine = Matches::new(s, last)
            .map(|m| (&s[m.start..m.end], &s[m.year..m.year + 4], m.kind))
            .collect();
        let regex = regex::Regex::new(&super::super::since_pattern()).expect("valid");
        let theirs = regex
            .captures_iter(s)
            .map(|c| {
                let (group, kind) = [
                    ("since", Start::Since),
                    ("range", Start::Range),
                    ("started", Start::Started),
                ]
                .into_iter()
                .find_map(|(g, k)| c.name(g).map(|y| (y.as_str(), k)))
                .expect("one group matches");
                (c.get(0).expect("a match").as_str(), group, kind)
            })
            .collect();
        (mine, theirs)
    }

    fn check(s: &str, expected: &[(&str, &str, Start)]) {
        let (mine, theirs) = both(s);
        assert_eq!(mine, expected, "matcher on {s:?}");
        assert_eq!(theirs, expected, "regex on {s:?}");
    }

    /// Text, then the expected matches as (text, year, kind).
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str, Start)]);

    #[test]
    fn since_takes_the_first_year_that_is_a_whole_word() {
        use Start::Since;
        let cases: [Case; 11] = [
            ("Since 2016, Wuxi sent", &[("Since 2016", "2016", Since)]),
            (
                "since 20161 or 2017 it",
                &[("since 20161 or 2017", "2017", Since)],
            ),
            ("since2016 and since-2017", &[("since-2017", "2017", Since)]),
            ("sinced 2016 and insince 2017", &[]),
            ("since x2016 or _2017", &[]),
            ("since 2018 and 2019", &[("since 2018", "2018", Since)]),
            // No full stop, semicolon, !, ? or 。 before the year.
            ("since then. In 2019", &[]),
            ("since then; 2019", &[]),
            ("since then。2019", &[]),
            ("since 第2019", &[("since 第2019", "2019", Since)]),
            ("since 1899 and 2100", &[]),
        ];
        cases.iter().for_each(|(s, expected)| check(s, expected));
    }

    #[test]
    fn since_reaches_one_hundred_characters_counted_as_characters() {
        // Two-byte characters count once each.
        for filler in ["x", "é"] {
            let near = format!("since {} 2016", filler.repeat(98));
            check(&near, &[(near.as_str(), "2016", Start::Since)]);
            check(&format!("since {} 2016", filler.repeat(99)), &[]);
        }
    }

    #[test]
    fn ranges_need_whitespace_a_joining_word_and_an_end() {
        use Start::Range;
        let cases: [Case; 11] = [
            (
                "Between 2016 and 2020",
                &[("Between 2016 and 2020", "2016", Range)],
            ),
            ("from 2010 to date", &[("from 2010 to date", "2010", Range)]),
            (
                "from\t2010\nuntil  the present.",
                &[("from\t2010\nuntil  the present", "2010", Range)],
            ),
            (
                "FROM 2010 THROUGH LAST YEAR",
                &[("FROM 2010 THROUGH LAST YEAR", "2010", Range)],
            ),
            (
                "from 2010 till this year's end",
                &[("from 2010 till this year", "2010", Range)],
            ),
            ("from 2010 till this years", &[]),
            ("from 2010 to dated records", &[]),
            ("from 2010 to 20201", &[]),
            (
                "from 2010 to nowhere, between 2011 and now",
                &[("between 2011 and now", "2011", Range)],
            ),
            ("from2010 to 2011, wherefrom 2010 to 2011", &[]),
            ("from 20101 to 2011, from 2010to 2011", &[]),
        ];
        cases.iter().for_each(|(s, expected)| check(s, expected));
    }

    #[test]
    fn starts_take_the_nearest_in_within_forty_characters() {
        use Start::Started;
        let cases: [Case; 7] = [
            (
                "The project started in 1996.",
                &[("started in 1996", "1996", Started)],
            ),
            (
                "Kicked Off, at last, in early-ish in 2001 in 2002",
                &[("Kicked Off, at last, in early-ish in 2001", "2001", Started)],
            ),
            ("began, in 2001", &[("began, in 2001", "2001", Started)]),
            ("begun's in 2001", &[("begun's in 2001", "2001", Started)]),
            ("launched within 2001, initiated (in 2001)", &[]),
            ("launchedin 2001, restarted in 2002", &[]),
            (
                "started in 20011 in 2002",
                &[("started in 20011 in 2002", "2002", Started)],
            ),
        ];
        cases.iter().for_each(|(s, expected)| check(s, expected));
        let near = format!("launched {} in 2001", "a".repeat(38));
        check(&near, &[(near.as_str(), "2001", Started)]);
        check(&format!("launched {} in 2001", "a".repeat(39)), &[]);
    }

    #[test]
    fn matches_do_not_overlap_and_the_leftmost_wins() {
        use Start::{Range, Since, Started};
        let cases: [Case; 3] = [
            (
                "since from 2010 to 2012 started in 2013",
                &[
                    ("since from 2010", "2010", Since),
                    ("started in 2013", "2013", Started),
                ],
            ),
            (
                "Began between 2010 and 2012, in 2013",
                &[("Began between 2010 and 2012, in 2013", "2013", Started)],
            ),
            (
                "between 2010 and 2012 since 2013",
                &[
                    ("between 2010 and 2012", "2010", Range),
                    ("since 2013", "2013", Since),
                ],
            ),
        ];
        cases.iter().for_each(|(s, expected)| check(s, expected));
    }
}
