//! Years, decided in one place: the year and the start year of a flow are
//! the time expressions nearest its amount in its clause, else in its
//! sentence, else what the previous sentence stated when this one goes on
//! with the same giver. Relative years ("last year", 去年) were resolved
//! against the publication date by the dates stage.

use crate::document::{Span, TimeMention, TimeValue, times_in};

/// When a flow happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct When {
    /// The calendar year.
    pub year: Option<i32>,
    /// The first year of a cumulative total.
    pub since: Option<i32>,
    /// Whether the text says it is cumulative ("so far", 累计) without a start.
    pub cumulative: bool,
    /// Whether the start year was counted back from the publication ("12年来",
    /// "in the past 22 years"): a count may include the first year or not.
    pub counted: bool,
}

/// The date rules that count years back from the publication.
const COUNTED_RULES: &[&str] = &[
    "chinese-years-since",
    "anniversary",
    "past-n-years",
    "for-n-years",
];

impl When {
    /// Whether it fixes a year or a start year.
    pub fn is_set(&self) -> bool {
        self.year.is_some() || self.since.is_some()
    }
}

/// The time of an amount written at `anchor`: the nearest expressions of
/// `clause`, else of `sentence`, else `carried`; none inside `holes`
/// (relative clauses). `times` are in text order, as the dates stage
/// leaves them.
pub fn when(
    times: &[TimeMention],
    clause: Span,
    sentence: Span,
    anchor: Span,
    holes: &[Span],
    carried: When,
) -> When {
    let pick = |scope: Span| {
        let pool: Vec<&TimeMention> = times_in(times, scope)
            .filter(|t| !holes.iter().any(|h| h.contains(t.span)))
            .collect();
        // Bytes between the expression and the amount ("3.5 billion this
        // year, up from 3.2 billion in 2023": 2023 is the second's).
        let distance = |s: Span| {
            s.start
                .saturating_sub(anchor.end)
                .max(anchor.start.saturating_sub(s.end))
        };
        // A start the text names ("自2021年起") goes before one counted back
        // ("两年来") in the same scope.
        let nearest = |want: fn(TimeValue) -> Option<i32>| {
            pool.iter()
                .filter_map(|t| {
                    let counted = COUNTED_RULES.contains(&t.rule);
                    want(t.value).map(|y| ((counted, distance(t.span)), y, counted))
                })
                .min_by_key(|&(key, ..)| key)
                .map(|(_, y, counted)| (y, counted))
        };
        let since = nearest(|v| match v {
            TimeValue::Since(y) => Some(y),
            _ => None,
        });
        When {
            year: nearest(|v| match v {
                TimeValue::Year(y) => Some(y),
                _ => None,
            })
            .map(|(y, _)| y),
            since: since.map(|(y, _)| y),
            cumulative: pool.iter().any(|t| t.value == TimeValue::Cumulative),
            counted: since.is_some_and(|(_, counted)| counted),
        }
    };
    let in_clause = pick(clause);
    if in_clause.is_set() {
        return in_clause;
    }
    let in_sentence = pick(sentence);
    if in_sentence.is_set() {
        return When {
            cumulative: in_clause.cumulative || in_sentence.cumulative,
            ..in_sentence
        };
    }
    When {
        cumulative: in_clause.cumulative || in_sentence.cumulative,
        ..carried
    }
}

/// A start year counted back ("12年来") that lands a year off the start the
/// article stated for the relationship ("从1995年开始") is that start. One
/// counted back from too early a date (an undated article) is no earlier
/// than `floor`, the year the sentence before wrote ("1997年,第一批干部抵达。
/// 21年来, ...").
pub fn settle_counted_start(when: &mut When, stated: Option<i32>, floor: Option<i32>) {
    let (true, Some(counted)) = (when.counted, when.since) else {
        return;
    };
    if let Some(stated) = stated.filter(|s| (counted - s).abs() == 1) {
        when.since = Some(stated);
    } else if let Some(floor) = floor.filter(|&f| f > counted) {
        when.since = Some(floor);
    }
}
