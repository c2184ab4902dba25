//! Years, decided in one place: the year and the start year of a flow are
//! the time expressions nearest its amount in its clause, else in its
//! sentence, else what the previous sentence stated when this one goes on
//! with the same giver. Relative years ("last year", 去年) were resolved
//! against the publication date by the dates stage.

use crate::document::{Span, TimeMention, TimeValue};

/// When a flow happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct When {
    /// The calendar year.
    pub year: Option<i32>,
    /// The first year of a cumulative total.
    pub since: Option<i32>,
    /// Whether the text says it is cumulative ("so far", 累计) without a start.
    pub cumulative: bool,
}

impl When {
    /// Whether it fixes a year or a start year.
    pub fn is_set(&self) -> bool {
        self.year.is_some() || self.since.is_some()
    }
}

/// The time of an amount at `anchor`: the nearest expressions of `clause`,
/// else of `sentence`, else `carried`.
pub fn when(
    times: &[TimeMention],
    clause: Span,
    sentence: Span,
    anchor: usize,
    carried: When,
) -> When {
    let pick = |scope: Span| {
        let pool: Vec<&TimeMention> = times.iter().filter(|t| scope.contains(t.span)).collect();
        let distance = |s: Span| {
            s.start
                .saturating_sub(anchor)
                .max(anchor.saturating_sub(s.end))
        };
        let nearest = |want: fn(TimeValue) -> Option<i32>| {
            pool.iter()
                .filter_map(|t| want(t.value).map(|y| (distance(t.span), y)))
                .min_by_key(|&(d, _)| d)
                .map(|(_, y)| y)
        };
        When {
            year: nearest(|v| match v {
                TimeValue::Year(y) => Some(y),
                _ => None,
            }),
            since: nearest(|v| match v {
                TimeValue::Since(y) => Some(y),
                _ => None,
            }),
            cumulative: pool.iter().any(|t| t.value == TimeValue::Cumulative),
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
