//! Tokens: the one notion of word, Han character, number and punctuation
//! that every stage shares, so that "a word boundary" means the same thing
//! to the place matcher, the quantity reader and the linker.

use crate::document::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of Latin (or other non-Han) letters, with inner `'` or `-`.
    Word,
    /// A run of ASCII digits with inner `.` or `,` between digits.
    Number,
    /// One Han character.
    Han,
    /// One punctuation or symbol character.
    Punct,
}

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Its bytes.
    pub span: Span,
    /// Its kind.
    pub kind: TokenKind,
}

/// Whether `c` is a Han character (CJK unified ideographs, extension A,
/// compatibility ideographs, and the ideographic number zero).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3007}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Whether `s` may hold a Han character: a byte that leads one (E3–E9,
/// EF, F0), a test cheaper than decoding every character (and cheaper
/// still for ASCII text, checked a word at a time first).
pub fn may_hold_han(s: &str) -> bool {
    // A block at a time, with no branch inside it, so the test vectorizes.
    !s.is_ascii()
        && s.as_bytes().chunks(64).any(|block| {
            block.iter().fold(false, |any, &b| {
                any | matches!(b, 0xe3..=0xe9 | 0xef | 0xf0)
            })
        })
}

/// Whether `s` is written in Chinese: its Han characters outnumber its
/// Latin letters (an English sentence may gloss a name in Chinese).
pub fn han_outnumbers_latin(s: &str) -> bool {
    if !may_hold_han(s) {
        return false;
    }
    let (han, latin) = s.chars().fold((0, 0), |(h, l), c| {
        (
            h + usize::from(is_han(c)),
            l + usize::from(c.is_ascii_alphabetic()),
        )
    });
    han > latin
}

/// Whether `c` belongs to a word: a letter or digit that is not Han.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// Whether byte `b` is an ASCII letter or digit.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The character before byte `pos` of `text`.
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The character at byte `pos` of `text`.
pub fn char_after(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// Whether a word may start or end at byte `pos` of `text`: the
/// characters on its two sides are not both word characters. Han text has
/// no word boundaries, so a Han side always qualifies.
pub fn at_word_boundary(text: &str, pos: usize) -> bool {
    let bytes = text.as_bytes();
    // ASCII on both sides: no decoding.
    if let (Some(&before), Some(&after)) = (bytes.get(pos.wrapping_sub(1)), bytes.get(pos))
        && before.is_ascii()
        && after.is_ascii()
    {
        return !(before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric());
    }
    !(char_before(text, pos).is_some_and(is_word_char)
        && char_after(text, pos).is_some_and(is_word_char))
}

/// The tokens of `span` of `text`, whitespace skipped.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    // About one token in five bytes of English.
    let mut out = Vec::with_capacity(span.end.saturating_sub(span.start) / 4);
    out.extend(tokens(text, span));
    out
}

/// The tokens of `span` of `text`, one by one, whitespace skipped.
pub fn tokens(text: &str, span: Span) -> Tokens<'_> {
    Tokens {
        s: span.of(text),
        base: span.start,
        at: 0,
    }
}

/// The iterator of [`tokens`].
pub struct Tokens<'a> {
    s: &'a str,
    base: usize,
    /// Where the next token may start, in `s`.
    at: usize,
}

impl Tokens<'_> {
    /// The end of the word or number that runs from `end`: characters that
    /// join it, and an inner `'`, `-`, `.` or `,` when one that joins follows.
    fn run_end(&self, kind: TokenKind, mut end: usize) -> usize {
        let s = self.s;
        let joins = |d: char| match kind {
            TokenKind::Word => is_word_char(d),
            _ => d.is_ascii_digit(),
        };
        let inner = |d: char| match kind {
            TokenKind::Word => matches!(d, '\'' | '’' | '-'),
            _ => matches!(d, '.' | ','),
        };
        loop {
            // Most text is ASCII letters and digits: no decoding for them.
            if let Some(&b) = s.as_bytes().get(end) {
                if b.is_ascii_digit() || (kind == TokenKind::Word && b.is_ascii_alphabetic()) {
                    end += 1;
                    continue;
                }
                // Any other ASCII byte (a space, most punctuation) joins
                // only as an inner mark: most runs end here, undecoded.
                if b.is_ascii() && !inner(char::from(b)) {
                    return end;
                }
            }
            let Some(d) = s[end..].chars().next() else {
                return end;
            };
            let next_joins = inner(d) && s[end + d.len_utf8()..].chars().next().is_some_and(joins);
            if !(joins(d) || next_joins) {
                return end;
            }
            end += d.len_utf8();
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.s.as_bytes();
        // ASCII first: spaces are skipped and the kind read from the byte.
        while let Some(&b) = bytes.get(self.at) {
            if !b.is_ascii() {
                break;
            }
            if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                self.at += 1;
                continue;
            }
            let start = self.at;
            let kind = if b.is_ascii_digit() {
                TokenKind::Number
            } else if b.is_ascii_alphabetic() {
                TokenKind::Word
            } else {
                TokenKind::Punct
            };
            let end = match kind {
                TokenKind::Punct => start + 1,
                _ => self.run_end(kind, start + 1),
            };
            self.at = end;
            return Some(Token {
                span: Span::new(self.base + start, self.base + end),
                kind,
            });
        }
        let (start, c) = loop {
            let c = self.s[self.at..].chars().next()?;
            if !c.is_whitespace() {
                break (self.at, c);
            }
            self.at += c.len_utf8();
        };
        let kind = if is_han(c) {
            TokenKind::Han
        } else if c.is_ascii_digit() {
            TokenKind::Number
        } else if is_word_char(c) {
            TokenKind::Word
        } else {
            TokenKind::Punct
        };
        let mut end = start + c.len_utf8();
        if matches!(kind, TokenKind::Word | TokenKind::Number) {
            end = self.run_end(kind, end);
        }
        self.at = end;
        Some(Token {
            span: Span::new(self.base + start, self.base + end),
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text, Span::new(0, text.len()))
            .into_iter()
            .map(|t| (t.span.of(text), t.kind))
            .collect()
    }

    #[test]
    fn words_numbers_han_and_punctuation() {
        use TokenKind::*;
        assert_eq!(
            kinds("Xinjiang's 1,460.5 yuan, 援疆 co-op."),
            [
                ("Xinjiang's", Word),
                ("1,460.5", Number),
                ("yuan", Word),
                (",", Punct),
                ("援", Han),
                ("疆", Han),
                ("co-op", Word),
                (".", Punct)
            ]
        );
    }

    #[test]
    fn ascii_and_other_scripts_tokenize_alike() {
        use TokenKind::*;
        // ASCII is read from bytes, the rest decoded: the edges between them
        // and the whitespace of both behave the same.
        assert_eq!(
            kinds("a\x0bb\u{a0}c\u{3000}12\u{1f}Zürich’s 3.\tend- 5,x"),
            [
                ("a", Word),
                ("b", Word),
                ("c", Word),
                ("12", Number),
                ("\u{1f}", Punct),
                ("Zürich’s", Word),
                ("3", Number),
                (".", Punct),
                ("end", Word),
                ("-", Punct),
                ("5", Number),
                (",", Punct),
                ("x", Word)
            ]
        );
        // Full-width digits are letters of a word here (the reading view
        // makes them ASCII before any stage tokenizes).
        assert_eq!(kinds("１２ ab１"), [("１２", Word), ("ab１", Word)]);
    }

    #[test]
    fn han_text_is_told_from_its_lead_bytes() {
        assert!(!may_hold_han("Wuxi sent 12 doctors — “to Haidong”"));
        assert!(may_hold_han("written 宿州"));
        assert!(!han_outnumbers_latin("Suzhou -- written 宿州"));
        assert!(han_outnumbers_latin("无锡向海东派出医生12名"));
    }

    #[test]
    fn word_boundaries() {
        let t = "Wuxi sent 12 doctors to Haidong, 向海东";
        let at = |s: &str| {
            let i = t.find(s).expect("in text");
            at_word_boundary(t, i) && at_word_boundary(t, i + s.len())
        };
        assert!(at("sent"));
        assert!(!at("ent"));
        assert!(at("Haidong"));
        assert!(at("海东"));
    }
}
