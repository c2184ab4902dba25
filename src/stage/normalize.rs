//! Normalize: the reading view every later stage reads. Real pages mix
//! traditional and simplified characters, full-width and half-width digits
//! and punctuation, and mirror sites gloss characters with pinyin
//! (`對(duì)口`). The view writes all of these one way (simplified,
//! half-width, no glosses) and keeps a byte map back to the original, so
//! every span a stage finds still points into the original text.

use rustc_hash::FxHashMap as HashMap;

use crate::document::Span;
use crate::knowledge::{KnowledgeError, TableSource};

/// The character tables the view applies.
#[derive(Debug, Default)]
pub struct Scripts {
    simplified: HashMap<char, char>,
    /// The smallest character `simplified` maps: those below it (ASCII)
    /// are written as they are.
    smallest: char,
}

impl Scripts {
    /// Loads `traditional.tsv` (generated from OpenCC, see `gazetteers/SOURCES.md`).
    pub fn load(source: &TableSource) -> Result<Scripts, KnowledgeError> {
        let table = source.table("traditional.tsv")?;
        let (c_trad, c_simp) = (table.column("traditional")?, table.column("simplified")?);
        let mut simplified =
            HashMap::with_capacity_and_hasher(table.rows.len(), Default::default());
        for row in &table.rows {
            let one = |i: usize| {
                let mut chars = row.get(i).chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Ok(c),
                    _ => Err(table.error(row, "each column holds one character")),
                }
            };
            simplified.insert(one(c_trad)?, one(c_simp)?);
        }
        let smallest = simplified.keys().copied().min().unwrap_or(char::MAX);
        Ok(Scripts {
            simplified,
            smallest,
        })
    }

    /// The character the view writes for `c`.
    pub fn normal_char(&self, c: char) -> char {
        if c < self.smallest && c < '\u{a0}' {
            return c;
        }
        match c {
            // Full-width forms of ASCII (！ to ～) and the ideographic space.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' | '\u{a0}' => ' ',
            // Small form variants (Big5 pages): ﹐ ﹑ ﹒ ﹔ ﹕ ﹖ ﹗ ﹙ ﹚.
            '\u{fe50}' => ',',
            '\u{fe51}' => '、',
            '\u{fe52}' => '.',
            '\u{fe54}' => ';',
            '\u{fe55}' => ':',
            '\u{fe56}' => '?',
            '\u{fe57}' => '!',
            '\u{fe59}' => '(',
            '\u{fe5a}' => ')',
            _ => self.simplified.get(&c).copied().unwrap_or(c),
        }
    }

    /// `s` as the view writes it (for lexicon entries, so that they match the view).
    pub fn normal(&self, s: &str) -> String {
        s.chars().map(|c| self.normal_char(c)).collect()
    }
}

/// Where view bytes come from in the original: at every view offset where
/// the difference to the original offset changes, the pair `(view,
/// original)`. Offsets between two anchors keep the difference of the one
/// before. Empty when the view is the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    anchors: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The original offset of view offset `pos` (a character boundary of the view).
    pub fn original(&self, pos: usize) -> usize {
        let i = self.anchors.partition_point(|&(v, _)| v <= pos);
        match i.checked_sub(1).map(|i| self.anchors[i]) {
            Some((view, original)) => original + (pos - view),
            None => pos,
        }
    }

    /// The original span of view span `span`.
    pub fn span(&self, span: Span) -> Span {
        Span::new(self.original(span.start), self.original(span.end))
    }

    /// Whether the view is the original itself.
    pub fn is_identity(&self) -> bool {
        self.anchors.is_empty()
    }
}

/// The reading view of a text: the normalized text and its map back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingView {
    /// The normalized text.
    pub text: String,
    /// View offsets to original offsets.
    pub map: OffsetMap,
}

/// Whether `c` is a letter a pinyin gloss is written with.
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ".contains(c)
}

/// The byte length of a pinyin gloss (`(duì)` or `（duì）`) at the start of
/// `rest`, when there is one: one syllable of at most six pinyin letters in
/// half-width or full-width parentheses.
fn pinyin_gloss(rest: &str) -> Option<usize> {
    let open = rest.chars().next().filter(|c| matches!(c, '(' | '（'))?;
    let inner = &rest[open.len_utf8()..];
    let letters = inner.chars().take_while(|&c| is_pinyin_letter(c)).count();
    if !(1..=6).contains(&letters) {
        return None;
    }
    let body: usize = inner.chars().take(letters).map(char::len_utf8).sum();
    let close = inner[body..]
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | '）'))?;
    Some(open.len_utf8() + body + close.len_utf8())
}

fn is_han(c: char) -> bool {
    crate::token::is_han(c)
}

/// The reading view of `original`; `None` when it would equal the original.
pub fn view(original: &str, scripts: &Scripts) -> Option<ReadingView> {
    if original.is_ascii() {
        return None;
    }
    let mut text = String::with_capacity(original.len());
    let mut anchors = Vec::new();
    let mut changed = false;
    let mut rest = original;
    // The view writes ASCII as it is when no table entry is ASCII.
    let ascii_kept = scripts.smallest > '\u{7f}';
    while let Some(c) = rest.chars().next() {
        // A run of ASCII is copied whole: it moves view and original alike,
        // so it needs no anchor.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        if ascii_kept && ascii > 0 {
            text.push_str(&rest[..ascii]);
            rest = &rest[ascii..];
            continue;
        }
        let from = original.len() - rest.len();
        let normal = scripts.normal_char(c);
        text.push(normal);
        let mut consumed = c.len_utf8();
        // A gloss belongs to the character before it: both map to the one
        // view character, so a span never ends inside the gloss.
        if is_han(c)
            && let Some(gloss) = pinyin_gloss(&rest[consumed..])
        {
            consumed += gloss;
        }
        changed |= normal != c || consumed != c.len_utf8();
        rest = &rest[consumed..];
        let (view_end, original_end) = (text.len(), from + consumed);
        // An anchor wherever the distance between view and original changes,
        // also back to none: the view can run ahead of the original (some
        // simplified characters take 4 bytes for a traditional 3), so the
        // distance can shrink again. Sums, not differences, for the same reason.
        let moved = match anchors.last() {
            Some(&(v, o)) => o + view_end != original_end + v,
            None => view_end != original_end,
        };
        if moved {
            anchors.push((view_end, original_end));
        }
    }
    changed.then_some(ReadingView {
        text,
        map: OffsetMap { anchors },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts() -> Scripts {
        Scripts::load(&TableSource::embedded()).expect("embedded tables load")
    }

    #[test]
    fn plain_text_has_no_view() {
        assert_eq!(view("Wuxi sent 12 doctors.", &scripts()), None);
        assert_eq!(view("无锡向海东派出医生12名。", &scripts()), None);
    }

    #[test]
    fn traditional_full_width_and_glosses_are_normalized() {
        let cases = [
            ("對口支援資金１２億元，", "对口支援资金12亿元,"),
            ("對(duì)口支援萬(wàn)元", "对口支援万元"),
            ("根據（jù）部署", "根据部署"),
            // Not a gloss: capitals, or nothing Chinese before it.
            ("液化天然氣(LNG)碼頭", "液化天然气(LNG)码头"),
            // A character that grows (3 to 4 bytes), then two that shrink.
            ("釴浙江，，", "𬬩浙江,,"),
            ("乾縣", "乾县"),
            // Small form variants.
            ("資金33億元﹔累計﹐其中﹕", "资金33亿元;累计,其中:"),
        ];
        for (original, want) in cases {
            let v = view(original, &scripts()).expect("a view");
            assert_eq!(v.text, want, "{original}");
        }
    }

    #[test]
    fn every_view_span_maps_to_the_same_characters_in_the_original() {
        let s = scripts();
        // The second grows (釴 is 𬬩, 4 bytes) and shrinks back to no distance.
        for original in [
            "在2014年，對(duì)口援藏資金達１２億(yì)元。Zhejiang sent 20 doctors.",
            "釴浙江釴帮扶凉山，，江苏",
        ] {
            every_span_maps_back(original, &s);
        }
    }

    fn every_span_maps_back(original: &str, s: &Scripts) {
        let v = view(original, s).expect("a view");
        let boundaries: Vec<usize> = v
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([v.text.len()])
            .collect();
        for (i, &start) in boundaries.iter().enumerate() {
            for &end in &boundaries[i..] {
                let back = v.map.span(Span::new(start, end)).of(original);
                let again = view(back, s).map_or_else(|| back.to_string(), |w| w.text);
                assert_eq!(again, &v.text[start..end], "view {start}..{end}");
            }
        }
        assert_eq!(v.map.original(v.text.len()), original.len());
    }
}
