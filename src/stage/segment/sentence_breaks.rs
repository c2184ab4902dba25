//! UAX #29 sentence boundaries, exactly as unicode-segmentation 1.13.3's
//! `split_sentence_bound_indices` finds them, but with the sentence break
//! categories of common characters read from a table instead of a binary
//! search. A text with a character outside the listed blocks is handed to
//! unicode-segmentation whole.
//!
//! The rules below mirror `unicode_segmentation::sentence::fwd` rule by rule
//! (including its four-part look-behind state), so that the boundaries are
//! the same for every text, not just the standard's intent.

use unicode_segmentation::UnicodeSegmentation;

/// Sentence_Break property values (UAX #29), named as in
/// unicode-segmentation's `SentenceCat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SentenceCategory {
    ATerm,
    Any,
    Cr,
    Close,
    Extend,
    Format,
    Lf,
    Lower,
    Numeric,
    OLetter,
    SContinue,
    STerm,
    Sep,
    Sp,
    Upper,
}

/// The category of `c` if it lies in a listed block: Basic Latin, Latin-1
/// Supplement, Combining Diacritical Marks, General Punctuation, CJK Symbols
/// and Punctuation, CJK Unified Ideographs (with Extension A and the Yi
/// syllables that share their range) and Halfwidth and Fullwidth Forms.
///
/// Every range is copied from `sentence_cat_table` in unicode-segmentation
/// 1.13.3's `src/tables.rs` (Unicode 17.0.0); characters of a listed block
/// that the table leaves out are `Any`, as there.
const fn listed_category(c: char) -> Option<SentenceCategory> {
    use SentenceCategory::*;
    Some(match c {
        '\u{9}' => Sp,
        '\u{a}' => Lf,
        '\u{b}'..='\u{c}' => Sp,
        '\u{d}' => Cr,
        '\u{20}' => Sp,
        '\u{21}' => STerm,
        '\u{22}' => Close,
        '\u{27}'..='\u{29}' => Close,
        '\u{2c}'..='\u{2d}' => SContinue,
        '\u{2e}' => ATerm,
        '\u{30}'..='\u{39}' => Numeric,
        '\u{3a}'..='\u{3b}' => SContinue,
        '\u{3f}' => STerm,
        '\u{41}'..='\u{5a}' => Upper,
        '\u{5b}' => Close,
        '\u{5d}' => Close,
        '\u{61}'..='\u{7a}' => Lower,
        '\u{7b}' => Close,
        '\u{7d}' => Close,
        '\u{85}' => Sep,
        '\u{a0}' => Sp,
        '\u{aa}' => Lower,
        '\u{ab}' => Close,
        '\u{ad}' => Format,
        '\u{b5}' => Lower,
        '\u{ba}' => Lower,
        '\u{bb}' => Close,
        '\u{c0}'..='\u{d6}' => Upper,
        '\u{d8}'..='\u{de}' => Upper,
        '\u{df}'..='\u{f6}' => Lower,
        '\u{f8}'..='\u{ff}' => Lower,
        '\u{300}'..='\u{36f}' => Extend,
        '\u{2000}'..='\u{200a}' => Sp,
        '\u{200b}' => Format,
        '\u{200c}'..='\u{200d}' => Extend,
        '\u{200e}'..='\u{200f}' => Format,
        '\u{2013}'..='\u{2014}' => SContinue,
        '\u{2018}'..='\u{201f}' => Close,
        '\u{2024}' => ATerm,
        '\u{2028}'..='\u{2029}' => Sep,
        '\u{202a}'..='\u{202e}' => Format,
        '\u{202f}' => Sp,
        '\u{2039}'..='\u{203a}' => Close,
        '\u{203c}'..='\u{203d}' => STerm,
        '\u{2045}'..='\u{2046}' => Close,
        '\u{2047}'..='\u{2049}' => STerm,
        '\u{205f}' => Sp,
        '\u{2060}'..='\u{2064}' => Format,
        '\u{2066}'..='\u{206f}' => Format,
        '\u{3000}' => Sp,
        '\u{3001}' => SContinue,
        '\u{3002}' => STerm,
        '\u{3005}'..='\u{3007}' => OLetter,
        '\u{3008}'..='\u{3011}' => Close,
        '\u{3014}'..='\u{301b}' => Close,
        '\u{301d}'..='\u{301f}' => Close,
        '\u{3021}'..='\u{3029}' => OLetter,
        '\u{302a}'..='\u{302f}' => Extend,
        '\u{3031}'..='\u{3035}' => OLetter,
        '\u{3038}'..='\u{303c}' => OLetter,
        '\u{3400}'..='\u{4dbf}' => OLetter,
        '\u{4e00}'..='\u{a48c}' => OLetter,
        '\u{ff01}' => STerm,
        '\u{ff08}'..='\u{ff09}' => Close,
        '\u{ff0c}'..='\u{ff0d}' => SContinue,
        '\u{ff0e}' => ATerm,
        '\u{ff10}'..='\u{ff19}' => Numeric,
        '\u{ff1a}'..='\u{ff1b}' => SContinue,
        '\u{ff1f}' => STerm,
        '\u{ff21}'..='\u{ff3a}' => Upper,
        '\u{ff3b}' => Close,
        '\u{ff3d}' => Close,
        '\u{ff41}'..='\u{ff5a}' => Lower,
        '\u{ff5b}' => Close,
        '\u{ff5d}' => Close,
        '\u{ff5f}'..='\u{ff60}' => Close,
        '\u{ff61}' => STerm,
        '\u{ff62}'..='\u{ff63}' => Close,
        '\u{ff64}' => SContinue,
        '\u{ff66}'..='\u{ff9d}' => OLetter,
        '\u{ff9e}'..='\u{ff9f}' => Extend,
        '\u{ffa0}'..='\u{ffbe}' => OLetter,
        '\u{ffc2}'..='\u{ffc7}' => OLetter,
        '\u{ffca}'..='\u{ffcf}' => OLetter,
        '\u{ffd2}'..='\u{ffd7}' => OLetter,
        '\u{ffda}'..='\u{ffdc}' => OLetter,
        // The listed blocks that the ranges above do not cover whole.
        '\u{0}'..='\u{ff}'
        | '\u{2000}'..='\u{206f}'
        | '\u{3000}'..='\u{303f}'
        | '\u{ff00}'..='\u{ffef}' => Any,
        _ => return None,
    })
}

/// The categories of U+0000..=U+00FF, indexed by code point.
const LATIN1_CATEGORIES: [SentenceCategory; 256] = {
    let mut table = [SentenceCategory::Any; 256];
    let mut code = 0;
    while code < 256 {
        table[code] = match listed_category(code as u8 as char) {
            Some(category) => category,
            None => panic!("Latin-1 is a listed block"),
        };
        code += 1;
    }
    table
};

/// The category of `c`, or `None` when `c` is outside the listed blocks.
fn category(c: char) -> Option<SentenceCategory> {
    match LATIN1_CATEGORIES.get(c as usize) {
        Some(&category) => Some(category),
        None => listed_category(c),
    }
}

impl SentenceCategory {
    /// Whether a character of this category can leave a quiet look-behind
    /// (see [`LookBehind::is_quiet`]): a terminator or a paragraph separator.
    const fn may_end_quiet(self) -> bool {
        use SentenceCategory as C;
        matches!(self, C::ATerm | C::STerm | C::Sep | C::Cr | C::Lf)
    }

    /// The part a character of this category adds to the look-behind;
    /// `None` for `Extend` and `Format`, which SB5 makes part of the
    /// character before.
    const fn part(self) -> Option<Part> {
        use SentenceCategory as C;
        Some(match self {
            C::Extend | C::Format => return None,
            C::Cr => Part::Cr,
            C::Lf => Part::Lf,
            C::Sep => Part::Sep,
            C::ATerm => Part::ATerm,
            C::Upper | C::Lower => Part::UpperLower,
            C::Close => Part::ClosePlus,
            C::Sp => Part::SpPlus,
            C::STerm => Part::STerm,
            C::Any | C::Numeric | C::OLetter | C::SContinue => Part::Other,
        })
    }
}

/// For each byte, the part an ASCII character adds to a quiet look-behind
/// that it keeps quiet; `None` for the rest and for non-ASCII bytes.
const QUIET_ASCII_PARTS: [Option<Part>; 256] = {
    let mut table = [None; 256];
    let mut byte = 0;
    while byte < 0x80 {
        let category = LATIN1_CATEGORIES[byte];
        if !category.may_end_quiet() {
            table[byte] = category.part();
        }
        byte += 1;
    }
    table
};

/// What the look-behind keeps of one character, or of a whole run of `Close`
/// or of `Sp` characters (unicode-segmentation's `StatePart`, without the
/// end-of-text part, which only stops its iterator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Part {
    StartOfText,
    Other,
    Cr,
    Lf,
    Sep,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The last four parts before the current character, a byte each, the
/// newest in the lowest byte; `back` counts parts back from the newest.
#[derive(Debug, Clone, Copy)]
struct LookBehind(u32);

impl LookBehind {
    /// Four start-of-text parts.
    const START: LookBehind = LookBehind(Part::StartOfText as u32 * 0x0101_0101);

    /// Whether the part `back` parts before the newest is `part`.
    fn is(self, back: u32, part: Part) -> bool {
        (self.0 >> (8 * back)) as u8 == part as u8
    }

    fn is_sentence_terminator(self, back: u32) -> bool {
        self.is(back, Part::STerm) || self.is(back, Part::ATerm)
    }

    fn ends_with_paragraph_separator(self) -> bool {
        self.is(0, Part::Sep) || self.is(0, Part::Cr) || self.is(0, Part::Lf)
    }

    /// The look-behind after `part`: a `Close` after a `Close` run, or an
    /// `Sp` after an `Sp` run, extends the run.
    fn push(self, part: Part) -> LookBehind {
        if matches!(part, Part::ClosePlus | Part::SpPlus) && self.is(0, part) {
            self
        } else {
            LookBehind((self.0 << 8) | part as u32)
        }
    }

    /// From `back`, past an `Sp` run and then past a `Close` run.
    fn back_past_close_sp(self, mut back: u32) -> u32 {
        if self.is(back, Part::SpPlus) {
            back += 1;
        }
        if self.is(back, Part::ClosePlus) {
            back += 1;
        }
        back
    }

    /// `SATerm Close*`, the left side of SB9.
    fn ends_with_terminator_close(self) -> bool {
        self.is_sentence_terminator(u32::from(self.is(0, Part::ClosePlus)))
    }

    /// `SATerm Close* Sp*`, the left side of SB8a and SB10.
    fn ends_with_terminator_close_sp(self) -> bool {
        self.is_sentence_terminator(self.back_past_close_sp(0))
    }

    /// `SATerm Close* Sp* ParaSep?`, the left side of SB11.
    fn ends_with_terminator_close_sp_separator(self) -> bool {
        let back = u32::from(self.ends_with_paragraph_separator());
        self.is_sentence_terminator(self.back_past_close_sp(back))
    }

    /// Whether no boundary can come before the next character: no rule
    /// breaks then, and a character whose category cannot end quiet
    /// ([`SentenceCategory::may_end_quiet`]) keeps the look-behind quiet.
    fn is_quiet(self) -> bool {
        !self.is(0, Part::StartOfText)
            && !self.ends_with_paragraph_separator()
            && !self.ends_with_terminator_close_sp()
    }
}

/// The answer of SB8's look-ahead, `( ¬(OLetter | Upper | Lower | ParaSep |
/// SATerm) )* Lower`, from any offset up to the character that decided it.
#[derive(Debug, Clone, Copy)]
struct LowerAhead {
    decided_at: usize,
    lower: bool,
}

/// SB8's look-ahead from `offset`, reusing `known` when it still applies;
/// `None` on a character outside the listed blocks.
fn lower_ahead(text: &str, offset: usize, known: Option<LowerAhead>) -> Option<LowerAhead> {
    use SentenceCategory as C;
    if let Some(known) = known.filter(|k| offset <= k.decided_at) {
        return Some(known);
    }
    for (at, c) in text[offset..].char_indices() {
        let lower = match category(c)? {
            C::Lower => true,
            C::OLetter | C::Upper | C::Sep | C::Cr | C::Lf | C::STerm | C::ATerm => false,
            _ => continue,
        };
        return Some(LowerAhead {
            decided_at: offset + at,
            lower,
        });
    }
    Some(LowerAhead {
        decided_at: text.len(),
        lower: false,
    })
}

/// Whether the rules break before a character of `category` at `offset`
/// after `before`, when the look-behind is not quiet; `None` if SB8's
/// look-ahead meets a character outside the listed blocks.
fn breaks_before(
    text: &str,
    offset: usize,
    before: LookBehind,
    category: SentenceCategory,
    known_ahead: &mut Option<LowerAhead>,
) -> Option<bool> {
    use SentenceCategory as C;
    Some(if before.is(0, Part::StartOfText) {
        // SB1
        true
    } else if before.is(0, Part::Cr) && category == C::Lf {
        // SB3
        false
    } else if before.ends_with_paragraph_separator() {
        // SB4
        true
    } else if matches!(category, C::Extend | C::Format)
        || !before.ends_with_terminator_close_sp_separator()
    {
        // SB5; and no rule from SB6 on breaks unless SB11's left side holds.
        false
    } else if (category == C::Numeric && before.is(0, Part::ATerm))
        || (category == C::Upper && before.is(1, Part::UpperLower) && before.is(0, Part::ATerm))
        || (matches!(category, C::SContinue | C::STerm | C::ATerm)
            && before.ends_with_terminator_close_sp())
        || (matches!(category, C::Close | C::Sp | C::Sep | C::Cr | C::Lf)
            && before.ends_with_terminator_close())
        || (matches!(category, C::Sp | C::Sep | C::Cr | C::Lf)
            && before.ends_with_terminator_close_sp())
    {
        // SB6, SB7, SB8a, SB9, SB10
        false
    } else if before.is(before.back_past_close_sp(0), Part::ATerm) {
        // SB8, else SB11
        let ahead = lower_ahead(text, offset, *known_ahead)?;
        *known_ahead = Some(ahead);
        !ahead.lower
    } else {
        // SB11
        true
    })
}

/// Appends the boundaries of `text` to `breaks`, or returns `None` on the
/// first character outside the listed blocks.
fn listed_breaks(text: &str, breaks: &mut Vec<usize>) -> Option<()> {
    let bytes = text.as_bytes();
    let mut look_behind = LookBehind::START;
    let mut quiet = false;
    let mut known_ahead = None;
    let mut offset = 0;
    loop {
        if quiet {
            while let Some(part) = bytes
                .get(offset)
                .and_then(|&b| QUIET_ASCII_PARTS[b as usize])
            {
                look_behind = look_behind.push(part);
                offset += 1;
            }
        }
        let Some(c) = text[offset..].chars().next() else {
            break;
        };
        let category = category(c)?;
        if (!quiet || category.may_end_quiet())
            && breaks_before(text, offset, look_behind, category, &mut known_ahead)?
        {
            breaks.push(offset);
        }
        // SB5 keeps `Extend` and `Format` out of the look-behind, except
        // right after the start of the text or a paragraph separator.
        let part = category.part().or_else(|| {
            (look_behind.is(0, Part::StartOfText) || look_behind.ends_with_paragraph_separator())
                .then_some(Part::Other)
        });
        if let Some(part) = part {
            look_behind = look_behind.push(part);
        }
        quiet = look_behind.is_quiet();
        offset += c.len_utf8();
    }
    if !text.is_empty() {
        // SB2
        breaks.push(text.len());
    }
    Some(())
}

/// Replaces the contents of `breaks` with the byte offsets of the sentence
/// boundaries of `text`: the offsets at which
/// `text.split_sentence_bound_indices()` starts its chunks, then
/// `text.len()`; nothing for an empty text.
pub(super) fn sentence_breaks(text: &str, breaks: &mut Vec<usize>) {
    breaks.clear();
    if listed_breaks(text, breaks).is_none() {
        breaks.clear();
        breaks.extend(
            text.split_sentence_bound_indices()
                .map(|(offset, _)| offset),
        );
        if !text.is_empty() {
            breaks.push(text.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The chunks `sentence_breaks` cuts `text` into, with their offsets.
    fn chunks(text: &str) -> Vec<(usize, &str)> {
        let mut breaks = Vec::new();
        sentence_breaks(text, &mut breaks);
        breaks
            .windows(2)
            .map(|bounds| (bounds[0], &text[bounds[0]..bounds[1]]))
            .collect()
    }

    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    /// Characters of the listed blocks that exercise every rule: terminators
    /// (ASCII, CJK, fullwidth, one-dot leader), closes, spaces, paragraph
    /// separators, letters of both cases, digits, continuations, ideographs,
    /// combining marks and format characters.
    const LISTED: &[char] = &[
        '.', '.', '?', '!', '。', '！', '？', '．', '\u{2024}', '‼', '"', '\'', '(', ')', '[', ']',
        '{', '}', '“', '”', '‘', '’', '《', '》', '「', '」', '（', '）', '【', '】', '«', '»',
        ' ', ' ', ' ', '\t', '\u{a0}', '\u{3000}', '\u{2009}', '\r', '\n', '\u{85}', '\u{2028}',
        '\u{2029}', '\u{b}', 'a', 'b', 'x', 'A', 'B', 'é', 'É', 'ß', '0', '7', '１', ',', ',', ':',
        ';', '-', '—', '–', '，', '、', '：', '；', '中', '国', '亿', '·', '…', '#', '*', '/', '@',
        '\u{0}', '\u{301}', '\u{200d}', '\u{200b}', '\u{ad}', '\u{2060}', 'ａ', 'Ａ', 'ｶ',
    ];

    /// Characters outside the listed blocks, which send the whole text to
    /// unicode-segmentation.
    const UNLISTED: &[char] = &[
        'ı',
        'Ω',
        'α',
        'я',
        '😀',
        '\u{fe0f}',
        'あ',
        '한',
        '\u{1f1e8}',
        '։',
        '׃',
    ];

    fn listed_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(LISTED), 0..48)
            .prop_map(|chars| chars.into_iter().collect())
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = LISTED.iter().chain(UNLISTED).copied().collect();
        prop::collection::vec(prop::sample::select(alphabet), 0..48)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn listed_text_breaks_as_unicode_segmentation(text in listed_text()) {
            prop_assert!(listed_breaks(&text, &mut Vec::new()).is_some());
            prop_assert_eq!(chunks(&text), reference(&text));
        }

        #[test]
        fn mixed_text_breaks_as_unicode_segmentation(text in mixed_text()) {
            prop_assert_eq!(chunks(&text), reference(&text));
        }

        #[test]
        fn any_text_breaks_as_unicode_segmentation(text in any::<String>()) {
            prop_assert_eq!(chunks(&text), reference(&text));
        }
    }

    /// Contexts in which unicode-segmentation cuts differently around a
    /// character of each category (but `Extend` and `Format`, which it
    /// treats alike).
    const CONTEXTS: &[&str] = &[
        "_", "a_b", "a_1", "a_ b", "a._", "a._b", "a. _", "a. _a", "a? _b", "_\n", "\r_", "a.)_",
    ];

    fn cuts_in_contexts(c: char) -> Vec<Vec<(usize, String)>> {
        CONTEXTS
            .iter()
            .map(|context| {
                let text = context.replace('_', c.encode_utf8(&mut [0; 4]));
                reference(&text)
                    .into_iter()
                    .map(|(offset, chunk)| (offset, chunk.replace(c, "_")))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn contexts_tell_the_categories_apart() {
        let examples = [
            '.', '#', '\r', ')', '\u{301}', '\n', 'a', '1', '中', ',', '?', '\u{85}', ' ', 'A',
        ];
        let cuts: Vec<_> = examples.iter().map(|&c| cuts_in_contexts(c)).collect();
        for (i, a) in cuts.iter().enumerate() {
            for (j, b) in cuts.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?}", examples[i], examples[j]);
            }
        }
    }

    #[test]
    fn every_listed_character_breaks_as_unicode_segmentation() {
        let listed = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| listed_category(c).is_some());
        let mut count = 0;
        for c in listed {
            for context in CONTEXTS {
                let text = context.replace('_', c.encode_utf8(&mut [0; 4]));
                assert!(listed_breaks(&text, &mut Vec::new()).is_some());
                assert_eq!(chunks(&text), reference(&text), "{c:?} in {context:?}");
            }
            count += 1;
        }
        assert!(count > 29_000, "{count} listed characters");
    }
}
