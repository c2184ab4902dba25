//! Chunk: the typed stream the linker's frames are written over. Each
//! sentence becomes a sequence of chunks: places and lists of places (with
//! the qualifier that locates them folded in, and the preposition that
//! governs them), anaphors, amounts, times, and the words of
//! `lexicon.tsv` (verbs with their voice, prepositions, nouns of aid and
//! pairing, list joiners, clause boundaries), all found in one pass of
//! the phrase trie. Text between chunks is invisible to the frames.

pub mod lexicon;
mod trie;

use serde::Serialize;

use crate::document::{Document, PlaceCode, Span};
use crate::gazetteer::{AssistanceRole, Gazetteer};
use crate::token::{Token, TokenKind};
use lexicon::{Action, Entry, Lexicon, Prep, Refers, Word};

/// How two members of a place list are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Joiner {
    /// `,` or `、`.
    Comma,
    /// `and`, `和`, `与`, `-`.
    And,
}

/// What a chunk is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ChunkKind {
    /// One place or a list of places (indices into `Document::places`),
    /// with how consecutive members are joined.
    Places {
        /// The members, in text order.
        members: Vec<usize>,
        /// `members.len() - 1` joiners.
        joiners: Vec<Joiner>,
    },
    /// A pronoun or definite phrase standing for places named before.
    Anaphor {
        /// What it stands for.
        refers: Refers,
        /// How many places ("the four counties" = 4).
        count: usize,
        /// A place the referents lie in ("the Jiangsu city").
        container: Option<PlaceCode>,
        /// The side of the programme its modifier names ("the eastern
        /// province" gives, "the northwestern city" receives).
        side: Option<AssistanceRole>,
    },
    /// A quantity (index into `Document::quantities`).
    Amount {
        /// The index.
        index: usize,
    },
    /// A time expression (index into `Document::times`).
    Time {
        /// The index.
        index: usize,
    },
    /// A lexicon word (all its readings).
    Word {
        /// What the word is; for a phrase with several readings, the first
        /// verb reading, else the first.
        word: Word,
        /// Other readings of the same phrase (a noun "aid" beside the verb).
        also: Option<Word>,
        /// For a verb: used in the passive ("was sent", "funded by").
        passive: bool,
        /// The region a noun like 援疆 names.
        implies: Option<PlaceCode>,
    },
}

/// One chunk of a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chunk {
    /// Its bytes in the reading view.
    pub span: Span,
    /// What it is.
    #[serde(flatten)]
    pub kind: ChunkKind,
    /// For places and anaphors: the preposition right before them.
    pub governor: Option<Prep>,
    /// Index of its sentence in `Document::sentences`.
    pub sentence: usize,
}

impl Chunk {
    /// Whether this chunk reads as `word` (any of its readings).
    pub fn is(&self, pred: impl Fn(Word) -> bool) -> bool {
        match &self.kind {
            ChunkKind::Word { word, also, .. } => pred(*word) || also.is_some_and(&pred),
            _ => false,
        }
    }

    /// The word of a word chunk.
    pub fn word(&self) -> Option<Word> {
        match self.kind {
            ChunkKind::Word { word, .. } => Some(word),
            _ => None,
        }
    }

    /// Whether this chunk names or stands for places.
    pub fn is_actor(&self) -> bool {
        matches!(
            self.kind,
            ChunkKind::Places { .. } | ChunkKind::Anaphor { .. }
        ) || self.is(|w| matches!(w, Word::National | Word::Collective))
    }
}

/// Adds the `chunks` layer to `doc`.
pub fn chunk(doc: &mut Document, lexicon: &Lexicon, gazetteer: &Gazetteer) {
    // Each layer is bucketed by sentence once: scanning every layer for
    // every sentence made the stage quadratic in the article's length.
    let places = by_sentence(doc, doc.places.iter().map(|p| p.span));
    let quantities = by_sentence(doc, doc.quantities.iter().map(|q| q.span));
    let times = by_sentence(doc, doc.times.iter().map(|t| t.span));
    let mut chunks = Vec::new();
    // One sentence's chunks are built in a vector that keeps its room.
    let mut sentence_layer = Vec::new();
    for (i, sentence) in doc.sentences.iter().enumerate() {
        let inside = [&places[i][..], &quantities[i][..], &times[i][..]];
        sentence_chunks(
            doc,
            (i, sentence.span),
            inside,
            lexicon,
            gazetteer,
            &mut sentence_layer,
        );
        chunks.append(&mut sentence_layer);
    }
    doc.chunks = chunks;
}

/// For each sentence, the indices of the layer items (`spans`, in layer
/// order) that lie inside it. Sentences are sorted and disjoint, so the one
/// that can hold an item is the last to start at or before it.
fn by_sentence(doc: &Document, spans: impl Iterator<Item = Span>) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); doc.sentences.len()];
    for (i, span) in spans.enumerate() {
        let k = doc
            .sentences
            .partition_point(|s| s.span.start <= span.start);
        if let Some(k) = k.checked_sub(1)
            && doc.sentences[k].span.contains(span)
        {
            out[k].push(i);
        }
    }
    out
}

/// Builds the chunks of one sentence (its index and span) into `layer`
/// (emptied first).
fn sentence_chunks(
    doc: &Document,
    (sentence, span): (usize, Span),
    inside: [&[usize]; 3],
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
    layer: &mut Vec<Chunk>,
) {
    let make = |span: Span, kind: ChunkKind| Chunk {
        span,
        kind,
        governor: None,
        sentence,
    };
    layer.clear();
    // A time wins over an amount ("12年来"), and an amount over the place
    // inside it ("96 Shandong enterprises": the linker still finds it there).
    for &i in inside[2] {
        let t = &doc.times[i];
        if span.contains(t.span) {
            layer.push(make(t.span, ChunkKind::Time { index: i }));
        }
    }
    for &i in inside[1] {
        let q = &doc.quantities[i];
        if span.contains(q.span) && !layer.iter().any(|c| c.span.overlaps(q.span)) {
            layer.push(make(q.span, ChunkKind::Amount { index: i }));
        }
    }
    for &i in inside[0] {
        let p = &doc.places[i];
        let amount =
            |c: &Chunk| matches!(c.kind, ChunkKind::Amount { .. }) && c.span.overlaps(p.span);
        if span.contains(p.span) && !layer.iter().any(amount) {
            // A place wins over a long time phrase around it ("since the pairing with X in 2016").
            layer
                .retain(|c| !(matches!(c.kind, ChunkKind::Time { .. }) && c.span.overlaps(p.span)));
            let kind = ChunkKind::Places {
                members: vec![i],
                joiners: Vec::new(),
            };
            layer.push(make(p.span, kind));
        }
    }
    let chunks = layer;
    let lexicon_words = words(doc, span, lexicon);
    for (whole, kind) in definites(doc, span, lexicon, chunks, &lexicon_words) {
        absorb(chunks, make(whole, kind));
    }
    for (whole, kind) in chinese_definites(doc, span, lexicon) {
        absorb(chunks, make(whole, kind));
    }
    for (whole, kind) in chinese_counted_sets(doc, span, lexicon) {
        absorb(chunks, make(whole, kind));
    }
    if let Some(whole) = dated_breakdown(&doc.text, span) {
        let kind = ChunkKind::Word {
            word: Word::Breakdown,
            also: None,
            passive: false,
            implies: None,
        };
        absorb(chunks, make(whole, kind));
    }
    for (word, kind) in lexicon_words {
        if !chunks.iter().any(|c| c.span.overlaps(word)) {
            chunks.push(make(word, kind));
        }
    }
    chunks.sort_by_key(|c| (c.span.start, c.span.end));
    // "pro-Yunnan", "aid-to-Xinjiang": a place glued into a word modifies it.
    chunks.retain(|c| {
        !(matches!(c.kind, ChunkKind::Places { .. }) && is_hyphen_modifier(&doc.text, c.span.start))
    });
    drop_named_anaphors(doc, chunks);
    name_own_parties(chunks);
    prefer_nouns(doc, lexicon, chunks);
    mark_voice(doc, lexicon, chunks);
    fold_qualifiers(doc, gazetteer, chunks);
    group_lists(doc, lexicon, chunks);
    absolute_items(doc, chunks);
    govern(doc, lexicon, chunks);
}

/// "its counterpart Zhouzhi", "该市 X": an anaphor right before a name
/// says nothing the name does not; nor does a Chinese one glued after it
/// ("恩施州、黔东南州两地": the list it counts).
fn drop_named_anaphors(doc: &Document, chunks: &mut Vec<Chunk>) {
    let anaphor = |c: &Chunk| matches!(c.kind, ChunkKind::Anaphor { .. });
    let place = |c: &Chunk| matches!(c.kind, ChunkKind::Places { .. });
    let mut k = 0;
    while k + 1 < chunks.len() {
        let (a, b) = (&chunks[k], &chunks[k + 1]);
        let gap = &doc.text[a.span.end..b.span.start];
        if anaphor(a) && place(b) && gap.trim().is_empty() {
            chunks.remove(k);
        } else if place(a) && anaphor(b) && gap.is_empty() && han_text(&doc.text, b.span) {
            chunks.remove(k + 1);
        } else {
            k += 1;
        }
    }
}

/// "The aid from Zhejiang to Aksu", "the funds for Kashgar": a flow phrase
/// that names a party right after it is the noun, not the flow before.
fn name_own_parties(chunks: &mut [Chunk]) {
    for k in 0..chunks.len().saturating_sub(2) {
        let flow = matches!(
            chunks[k].kind,
            ChunkKind::Anaphor {
                refers: Refers::Flow,
                ..
            }
        );
        let governs = matches!(
            chunks[k + 1].kind,
            ChunkKind::Word {
                word: Word::Prep(Prep::From | Prep::To | Prep::For),
                ..
            }
        );
        if flow && governs && matches!(chunks[k + 2].kind, ChunkKind::Places { .. }) {
            chunks[k].kind = ChunkKind::Word {
                word: Word::Noun(Action::Aid),
                also: None,
                passive: false,
                implies: None,
            };
        }
    }
}

/// Adds `anaphor`, dropping the places inside it ("the Jiangsu city"): they
/// are its container, not actors of their own. Not when it would straddle
/// a chunk ("the prefecture the prefecture the prefecture" gives phrases
/// that overlap): every later step reads the text between chunks.
fn absorb(chunks: &mut Vec<Chunk>, anaphor: Chunk) {
    let straddles = |c: &Chunk| c.span.overlaps(anaphor.span) && !anaphor.span.contains(c.span);
    if chunks.iter().any(straddles) {
        return;
    }
    chunks.retain(|c| !anaphor.span.contains(c.span));
    chunks.push(anaphor);
}

/// A sentence opening "Of the 2024 funds," or "Of this year's money,":
/// the breakdown of a total stated before, its year written inside (the
/// lexicon's "of the funds" cannot hold one). The span of the phrase.
fn dated_breakdown(text: &str, span: Span) -> Option<Span> {
    let s = span.of(text);
    let lead = s.len() - s.trim_start().len();
    let phrase = s[lead..].split(',').next()?;
    let mut words = phrase.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("of") {
        return None;
    }
    let words: Vec<&str> = words.collect();
    let (noun, modifiers) = words.split_last()?;
    let dated = modifiers.iter().any(|w| {
        (w.len() == 4 && w.starts_with(['1', '2']) && w.bytes().all(|b| b.is_ascii_digit()))
            || matches!(*w, "year's" | "year’s")
    });
    let modifiers_ok = modifiers.iter().all(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "the" | "this" | "that" | "last" | "year's" | "year’s" | "aid" | "assistance"
        ) || w.bytes().all(|b| b.is_ascii_digit())
    });
    let total = matches!(
        noun.to_ascii_lowercase().as_str(),
        "funds" | "money" | "sum" | "total" | "investment" | "amount" | "allocation"
    );
    (dated && modifiers_ok && total && s.len() > lead + phrase.len())
        .then(|| Span::new(span.start + lead, span.start + lead + phrase.len()))
}

/// The lexicon words of `span`, at word boundaries, as (span, kind). A
/// comma between digits groups thousands ("at least 6,000") and is no word.
fn words(doc: &Document, span: Span, lexicon: &Lexicon) -> Vec<(Span, ChunkKind)> {
    let text = &doc.text;
    let digit = |i: usize| text.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    lexicon
        .find(text, span)
        .filter(|(s, _)| {
            !(&text[s.start..s.end] == "," && s.start > 0 && digit(s.start - 1) && digit(s.end))
        })
        .filter_map(|(s, entries)| Some((s, word_kind(entries)?)))
        .collect()
}

/// A word chunk for `entries`, the verb reading first; `None` for a
/// neutral phrase, which only keeps its words from being read otherwise.
fn word_kind(entries: &[Entry]) -> Option<ChunkKind> {
    let first = entries
        .iter()
        .find(|e| matches!(e.word, Word::Verb { .. }))
        .or(entries.first())?;
    if first.word == Word::Neutral {
        return None;
    }
    if let Word::Anaphor(refers) = first.word {
        return Some(ChunkKind::Anaphor {
            refers,
            count: 1,
            container: None,
            side: None,
        });
    }
    let also = entries.iter().map(|e| e.word).find(|w| *w != first.word);
    Some(ChunkKind::Word {
        word: first.word,
        also,
        passive: false,
        implies: entries.iter().find_map(|e| e.implies),
    })
}

/// The determiners that open a definite phrase.
const DETERMINERS: [&str; 6] = ["the", "this", "these", "those", "our", "both"];

/// Definite phrases that stand for places: a determiner, up to two
/// modifiers and a head noun ("the prefecture", "the four counties", "the
/// Jiangsu city"). Not when a place follows as an apposition ("the city of
/// Suqian") or the head is part of a place name. Only the few tokens around
/// each place a head noun may start are read.
fn definites(
    doc: &Document,
    span: Span,
    lexicon: &Lexicon,
    layer: &[Chunk],
    lexicon_words: &[(Span, ChunkKind)],
) -> Vec<(Span, ChunkKind)> {
    let text = &doc.text;
    // Every determiner has "th" or "our" (no other text lower-cases to
    // them): a sentence without either has no definite phrase.
    let has = |pair: &[u8]| {
        span.of(text)
            .as_bytes()
            .windows(2)
            .any(|w| w.eq_ignore_ascii_case(pair))
    };
    if !has(b"th") && !has(b"ou") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    for start in lexicon.latin_head_starts(text, span) {
        let Some(h) = tokens_around(text, span, start, &mut tokens) else {
            continue;
        };
        out.extend(definite_at(
            doc,
            lexicon,
            (layer, lexicon_words),
            &tokens,
            h,
        ));
    }
    out
}

/// Fills `tokens` with the tokens of `span` around byte `start`: three or
/// more before the token that starts there and the one after it. Its index,
/// if a token starts at `start`. Tokens are read from the third
/// whitespace-separated word back, where a token always starts (or from
/// the span's start when those words hold fewer than three tokens).
fn tokens_around(text: &str, span: Span, start: usize, tokens: &mut Vec<Token>) -> Option<usize> {
    let bytes = text.as_bytes();
    let word_start = |mut at: usize| {
        while at > span.start && !bytes[at - 1].is_ascii_whitespace() {
            at -= 1;
        }
        at
    };
    let mut from = word_start(start);
    for _ in 0..3 {
        while from > span.start && bytes[from - 1].is_ascii_whitespace() {
            from -= 1;
        }
        from = word_start(from);
    }
    loop {
        tokens.clear();
        for t in crate::token::tokens(text, Span::new(from, span.end)) {
            tokens.push(t);
            if t.span.start > start {
                break;
            }
        }
        let h = tokens.iter().position(|t| t.span.start == start)?;
        if h >= 3 || from == span.start {
            return Some(h);
        }
        from = span.start;
    }
}

/// The definite phrase whose head is token `h` of `tokens`, if it is one
/// (a determiner among the three tokens before it, the head a place noun
/// that no place name or amount of the `layer` takes).
fn definite_at(
    doc: &Document,
    lexicon: &Lexicon,
    (layer, lexicon_words): (&[Chunk], &[(Span, ChunkKind)]),
    tokens: &[Token],
    h: usize,
) -> Option<(Span, ChunkKind)> {
    let text = &doc.text;
    let lower = |i: usize| tokens[i].span.of(text).to_lowercase();
    let head = &tokens[h];
    if head.kind != TokenKind::Word {
        return None;
    }
    let determiner = |t: &Token| {
        let w = t.span.of(text);
        (3..=5).contains(&w.len()) && DETERMINERS.iter().any(|x| w.eq_ignore_ascii_case(x))
    };
    let d = (h.saturating_sub(3)..h).find(|&d| determiner(&tokens[d]))?;
    // "the province's": the token holds the possessive; the head is
    // the word before it.
    let word = head.span.of(text);
    let bare = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    let head_span = Span::new(head.span.start, head.span.start + bare.len());
    let refers = lexicon.head(bare)?;
    let whole = Span::new(tokens[d].span.start, head_span.end);
    let in_layer = |s: Span| layer.iter().find(|c| c.span.overlaps(s));
    let counts_divisions = |c: &Chunk| match c.kind {
        ChunkKind::Amount { index } => is_division_unit(&doc.quantities[index].unit),
        _ => false,
    };
    // "the prefecture's capital" is a modifier; "the province's aid
    // funds" names the giver of the aid.
    let possessive = text[head_span.end..].starts_with(['\'', '’'])
        && !lexicon_words.iter().any(|(at, kind)| {
            at.start > head_span.end
                && at.start <= head_span.end + 6
                && matches!(kind, ChunkKind::Word { word, also, .. }
                    if *word == Word::Noun(Action::Aid) || *also == Some(Word::Noun(Action::Aid)))
        });
    if in_layer(head_span).is_some_and(|c| !counts_divisions(c))
        || possessive
        || (d + 1..h).any(|m| tokens[m].kind == TokenKind::Punct)
        || tokens.get(h + 1).is_some_and(|n| n.span.of(text) == "of")
            && layer.iter().any(|c| {
                matches!(c.kind, ChunkKind::Places { .. })
                    && c.span.start >= head.span.end
                    && c.span.start <= head.span.end + 12
            })
    {
        return None;
    }
    let count = (d + 1..h)
        .find_map(|m| {
            lexicon
                .numbers
                .get(&lower(m))
                .copied()
                .or_else(|| lower(m).parse().ok())
        })
        // "the prefectures" with no number: the places the discourse has
        // in view (count 0 asks for two or more).
        .unwrap_or(if lower(d) == "both" {
            2
        } else if bare.ends_with('s') {
            0
        } else {
            1
        });
    let container = layer
        .iter()
        .filter(|c| whole.contains(c.span))
        .find_map(|c| match &c.kind {
            ChunkKind::Places { members, .. } => Some(doc.places[members[0]].code),
            _ => None,
        });
    // "the Alar city", "the Kizilsu prefecture": a name with its article.
    if container.is_some_and(|code| {
        tokens[h - 1].kind != TokenKind::Number
            && !lexicon.numbers.contains_key(&lower(h - 1))
            && layer.iter().any(|c| c.span.end == tokens[h - 1].span.end)
            && fits_head(code, refers)
    }) {
        return None;
    }
    if layer
        .iter()
        .any(|c| c.span.overlaps(whole) && !counts_divisions(c) && !whole.contains(c.span))
        || (in_layer(whole).is_some_and(|c| !counts_divisions(c)) && container.is_none())
    {
        return None;
    }
    let side = (d + 1..h).find_map(|m| lexicon.sides.get(&lower(m)).copied());
    Some((
        whole,
        ChunkKind::Anaphor {
            refers,
            count,
            container,
            side,
        },
    ))
}

/// Chinese definite phrases that stand for places named before: a
/// determiner of the lexicon (上述), a number and 个, and a head noun
/// ("上述三地", "前述两个县"); without a number only a two-character head
/// ("上述地区": the places in view), since a one-character head may open
/// another word ("上述市场").
fn chinese_definites(doc: &Document, span: Span, lexicon: &Lexicon) -> Vec<(Span, ChunkKind)> {
    let text = span.of(&doc.text);
    let mut out = Vec::new();
    // Only non-ASCII determiners are read here: ASCII text has none.
    if text.is_ascii() {
        return out;
    }
    for det in lexicon.determiners.iter().filter(|d| !d.is_ascii()) {
        for (at, _) in text.match_indices(det.as_str()) {
            let after = at + det.len();
            let rest = &text[after..];
            let number = rest.chars().next().and_then(|c| {
                let n = lexicon.numbers.get(c.encode_utf8(&mut [0; 4]) as &str)?;
                Some((*n, c.len_utf8()))
            });
            let mut skip = number.map_or(0, |(_, len)| len);
            if number.is_some() && rest[skip..].starts_with('个') {
                skip += '个'.len_utf8();
            }
            let head = [2, 1].into_iter().find_map(|chars| {
                let end = rest[skip..].char_indices().nth(chars).map(|(i, _)| i)?;
                let refers = lexicon.head(&rest[skip..skip + end])?;
                (number.is_some() || chars == 2).then_some((refers, skip + end))
            });
            if let Some((refers, end)) = head {
                out.push((
                    Span::new(span.start + at, span.start + after + end),
                    ChunkKind::Anaphor {
                        refers,
                        count: number.map_or(0, |(n, _)| n),
                        container: None,
                        side: None,
                    },
                ));
            }
        }
    }
    out
}

/// Chinese sets of divisions counted without a determiner ("三市", "三县区",
/// "四县市": the three or four places of that level named last), when the
/// lexicon's `set-follower` or `set-governor` rows show the set is a party
/// (not "三区三州", "三市场"); two is written in its own rows (两市, 两省).
fn chinese_counted_sets(doc: &Document, span: Span, lexicon: &Lexicon) -> Vec<(Span, ChunkKind)> {
    let text = span.of(&doc.text);
    let mut out = Vec::new();
    if text.is_ascii() {
        return out;
    }
    let number_at = |c: char| {
        (!c.is_ascii())
            .then(|| lexicon.numerals.iter().find(|(d, _)| *d == c))
            .flatten()
            .map(|&(_, n)| n)
    };
    for (at, c) in text.char_indices() {
        let Some(count) = number_at(c).filter(|n| (3..=10).contains(n)) else {
            continue;
        };
        let mut back = text[..at].chars().rev();
        let (before, second) = (back.next(), back.next());
        // "第三", "十三", and the second count of a pair ("三区三州").
        if before.is_some_and(|b| b == '第' || number_at(b).is_some())
            || second.is_some_and(|b| number_at(b).is_some())
            || lexicon
                .determiners
                .iter()
                .any(|d| text[..at].ends_with(d.as_str()))
        {
            continue;
        }
        let rest = &text[at + c.len_utf8()..];
        let head = [2, 1].into_iter().find_map(|chars| {
            let end = rest.char_indices().nth(chars).map(|(i, _)| i)?;
            let refers = lexicon.head(&rest[..end])?;
            let next = rest[end..].chars().next()?;
            let governed = before.is_some_and(|b| lexicon.set_governors.contains(&b));
            (governed || lexicon.set_followers.contains(&next)).then_some((refers, end))
        });
        if let Some((refers, end)) = head {
            let start = span.start + at;
            out.push((
                Span::new(start, start + c.len_utf8() + end),
                ChunkKind::Anaphor {
                    refers,
                    count,
                    container: None,
                    side: None,
                },
            ));
        }
    }
    out
}

/// A phrase that is a verb or a noun ("aid", "support", "funds") is the
/// verb only right after its subject or a word that asks for a verb ("to",
/// "will", "has"); elsewhere ("financial aid", "the support") the noun. A
/// verb of several words ("find jobs", "attract investment") is no noun.
fn prefer_nouns(doc: &Document, lexicon: &Lexicon, chunks: &mut [Chunk]) {
    let text = &doc.text;
    for i in 0..chunks.len() {
        let ChunkKind::Word {
            word: Word::Verb { .. },
            also: Some(noun @ (Word::Noun(_) | Word::Cue(_))),
            ..
        } = chunks[i].kind
        else {
            continue;
        };
        let phrase = chunks[i].span.of(text);
        if !phrase.is_ascii() || phrase.contains(' ') {
            continue;
        }
        let from = i.checked_sub(1).map_or(0, |p| chunks[p].span.end);
        // The word before: in the gap, else the previous chunk's last word ("to").
        let last_word = text[from..chunks[i].span.start]
            .split_whitespace()
            .last()
            .or_else(|| {
                i.checked_sub(1)
                    .and_then(|p| chunks[p].span.of(text).split_whitespace().last())
            })
            .map(str::to_lowercase);
        let verb_slot = match &last_word {
            Some(w) => lexicon.verb_openers.contains(w) || lexicon.auxiliaries.contains(w),
            None => i
                .checked_sub(1)
                .is_some_and(|p| chunks[p].is_actor() || chunks[p].is(|w| w == Word::Joint)),
        };
        if !verb_slot && let ChunkKind::Word { word, also, .. } = &mut chunks[i].kind {
            *also = Some(*word);
            *word = noun;
        }
    }
}

/// Whether the place `code` is of the level a head noun names (codes
/// end in 0000 for provinces, 00 for prefectures).
fn fits_head(code: PlaceCode, refers: Refers) -> bool {
    match refers {
        Refers::Province => code.is_multiple_of(10000),
        Refers::Prefecture => code.is_multiple_of(100) && !code.is_multiple_of(10000),
        Refers::County => !code.is_multiple_of(100),
        // Beijing, Tianjin, Shanghai and Chongqing are cities; other
        // provinces are not ("the Jiangsu city" means a city in Jiangsu).
        Refers::City => {
            !code.is_multiple_of(10000) || matches!(code, 110000 | 120000 | 310000 | 500000)
        }
        Refers::Place => true,
        _ => false,
    }
}

/// Marks passive verbs ("was paired", "have been selected and sent",
/// "projects funded by") and drops participles used as adjectives ("the
/// aided areas", "registered capital" after a determiner).
fn mark_voice(doc: &Document, lexicon: &Lexicon, chunks: &mut Vec<Chunk>) {
    let text = &doc.text;
    let mut drop = vec![false; chunks.len()];
    let mut previous_passive: Option<usize> = None;
    for i in 0..chunks.len() {
        let ChunkKind::Word {
            word: Word::Verb {
                participle: true, ..
            },
            ..
        } = chunks[i].kind
        else {
            continue;
        };
        let from = i.checked_sub(1).map_or(0, |p| chunks[p].span.end);
        // The last few words before the verb: only they are read, and `from`
        // is the start of the text for a sentence's first chunk.
        let mut before: Vec<String> = text[from..chunks[i].span.start]
            .split_whitespace()
            .rev()
            .take(4)
            .map(|w| w.to_lowercase())
            .collect();
        before.reverse();
        let after = text[chunks[i].span.end..].trim_start();
        let coordinated = previous_passive.is_some_and(|p| {
            p + 1 == i || text[chunks[p].span.end..chunks[i].span.start].trim() == "and"
        });
        let passive = before
            .iter()
            .rev()
            .take(3)
            .any(|w| lexicon.auxiliaries.contains(w))
            || coordinated
            || (after.starts_with("by ")
                && !before.last().is_some_and(|w| w == "has" || w == "have"));
        if let ChunkKind::Word { passive: p, .. } = &mut chunks[i].kind {
            *p = passive;
        }
        if passive {
            previous_passive = Some(i);
        }
        let adjective = before.len() == 1 && lexicon.determiners.contains(&before[0])
            || before.is_empty()
                && i > 0
                && chunks[i - 1].is(|w| w == Word::Prep(Prep::Possessive));
        drop[i] = adjective && !passive;
    }
    let mut flags = drop.into_iter();
    chunks.retain(|_| !flags.next().unwrap_or(false));
}

/// The place code of a single-place chunk.
fn single_place(doc: &Document, c: &Chunk) -> Option<PlaceCode> {
    match &c.kind {
        ChunkKind::Places { members, .. } if members.len() == 1 => {
            Some(doc.places[members[0]].code)
        }
        _ => None,
    }
}

/// The most Han characters between a place and the place that locates it
/// ("湖北省的宜昌市", "位于新疆的").
const MAX_HAN_QUALIFIER_GAP: usize = 4;

/// Folds a place that only locates its neighbour into it: "Lhundrub county
/// in Tibet", "Wushi, Xinjiang", "Suzhou of East China's Jiangsu province",
/// "Jiangsu's Taizhou", "西藏那曲地区", "山南地区的贡嘎"; a place named again
/// in brackets folds into the first name. The chunk keeps the more
/// specific place and spans both.
fn fold_qualifiers(doc: &Document, gazetteer: &Gazetteer, chunks: &mut Vec<Chunk>) {
    let text = &doc.text;
    let mut i = 0;
    while i < chunks.len() {
        let Some(a) = single_place(doc, &chunks[i]) else {
            i += 1;
            continue;
        };
        // The next place, with only prepositions and commas between.
        let next = (i + 1..chunks.len()).find(|&j| {
            !chunks[j].is(|w| matches!(w, Word::Prep(_) | Word::Comma | Word::Particle))
        });
        let Some(j) = next.filter(|&j| single_place(doc, &chunks[j]).is_some()) else {
            i += 1;
            continue;
        };
        let b = single_place(doc, &chunks[j]).expect("checked");
        let gap = &text[chunks[i].span.end..chunks[j].span.start];
        // Chinese writes the locating place right beside the other ("西藏那曲",
        // "山南地区的贡嘎"): a longer Chinese gap is a clause of its own
        // ("济南泉城广场近日迎来……鲁渝协作").
        let han_gap = gap.chars().filter(|&c| crate::token::is_han(c)).count();
        let no_break = gap.len() <= 60
            && han_gap <= MAX_HAN_QUALIFIER_GAP
            && !gap.contains([';', '。', '(', ')'])
            && !gap.contains(" and ");
        let trimmed = gap.trim();
        // A Chinese place named without its generic word ("山南" + "地区的",
        // "海西" + "自治州", and "地域" as mirror copies reword 地区).
        let generic = trimmed.trim_end_matches('的');
        let tight = matches!(trimmed, "" | "'s" | "’s")
            || matches!(
                generic,
                "" | "地区" | "地域" | "市" | "州" | "自治州" | "省" | "自治区" | "盟"
            );
        // The same place named again in brackets ("Jiashi (Peyzawat) county").
        let alias = a == b && trimmed == "(" && text[chunks[j].span.end..].starts_with(')');
        let keep = if alias || (no_break && gazetteer.is_ancestor(b, a)) {
            Some(i)
        } else if no_break && tight && gazetteer.is_ancestor(a, b) {
            Some(j)
        } else {
            None
        };
        match keep {
            Some(k) => {
                let whole = Span::new(
                    chunks[i].span.start,
                    chunks[j].span.end + usize::from(alias),
                );
                let kept = chunks[k].clone();
                chunks.drain(i..=j);
                chunks.insert(
                    i,
                    Chunk {
                        span: whole,
                        ..kept
                    },
                );
            }
            None => i += 1,
        }
    }
}

/// How the gap between two list members joins them, if it does. Chinese
/// writes a list of abbreviations with nothing between (闽宁); English
/// places side by side with nothing between are no list.
fn joiner(gap: &str, han_edges: bool) -> Option<Joiner> {
    match gap.trim() {
        // Chinese lists use 、; its comma ends a clause.
        "" | "、" if han_edges => Some(Joiner::Comma),
        "," if !han_edges => Some(Joiner::Comma),
        "、" => Some(Joiner::Comma),
        "and" | ", and" | "和" | "及" | "以及" | "与" | "同" | "as well as" | ", as well as"
        | "&" | "-" | "–" => Some(Joiner::And),
        _ => None,
    }
}

/// Joins places standing in one list ("Shache, Zepu, Yecheng and Bachu",
/// "贡嘎、扎囊、桑日、隆子4个县") into one chunk; a count of divisions right
/// after the list ("4个县", "等四县") belongs to it.
fn group_lists(doc: &Document, lexicon: &Lexicon, chunks: &mut Vec<Chunk>) {
    let text = &doc.text;
    let mut i = 0;
    while i < chunks.len() {
        if !matches!(chunks[i].kind, ChunkKind::Places { .. }) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        // Where the joiner's text ends: before a member's division phrase.
        let mut gap_end = None;
        // Skip list punctuation and joiners that the lexicon marked
        // (Chinese 与 is read as "with" too), and the "of" of a member
        // named with its division ("Aksu and the city of Alar").
        while j < chunks.len()
            && (chunks[j].is(|w| matches!(w, Word::Comma | Word::Conj | Word::Break))
                || (chunks[j].is(|w| w == Word::Prep(Prep::With))
                    && han_text(text, chunks[j].span))
                || (j > i + 1
                    && chunks[j - 1].is(|w| matches!(w, Word::Comma | Word::Conj))
                    && chunks[j].is(|w| w == Word::Prep(Prep::Of))
                    && names_a_division(
                        text,
                        lexicon,
                        chunks[j - 1].span.end,
                        chunks[j].span.start,
                    )))
        {
            if chunks[j].is(|w| w == Word::Prep(Prep::Of)) {
                gap_end = Some(chunks[j - 1].span.end);
            }
            j += 1;
        }
        let join = chunks
            .get(j)
            .filter(|c| matches!(c.kind, ChunkKind::Places { .. }))
            .filter(|_| {
                let gap = &text[chunks[i].span.end..chunks[j].span.start];
                // ", as well as" closes the list itself; ", and" may open a clause.
                han_text(text, chunks[i].span)
                    || !gap.contains(',')
                    || gap.trim_start().starts_with(", as well as")
                    || english_list_closes(chunks, j)
            })
            .filter(|_| han_text(text, chunks[i].span) || !new_subject(chunks, i, j))
            .filter(|_| !gapped_pair(text, chunks, i, j))
            .and_then(|c| {
                let han_edges = crate::token::char_before(text, chunks[i].span.end)
                    .is_some_and(crate::token::is_han)
                    && crate::token::char_after(text, c.span.start)
                        .is_some_and(crate::token::is_han);
                joiner(
                    &text[chunks[i].span.end..gap_end.unwrap_or(c.span.start)],
                    han_edges,
                )
            });
        if let Some(join) = join {
            let ChunkKind::Places { members: more, .. } = chunks[j].kind.clone() else {
                unreachable!("checked above")
            };
            let end = chunks[j].span.end;
            if let ChunkKind::Places { members, joiners } = &mut chunks[i].kind {
                joiners.push(join);
                // A member folded from a list keeps its own joiners as commas.
                joiners.extend(std::iter::repeat_n(Joiner::Comma, more.len() - 1));
                members.extend(more);
            }
            chunks[i].span.end = end;
            chunks.drain(i + 1..=j);
            continue;
        }
        // "four counties in Kashgar: Yecheng, Zepu, Shache and Bachu".
        if i >= 4
            && let ChunkKind::Amount { index } = chunks[i - 4].kind
            && is_division_unit(&doc.quantities[index].unit)
            && chunks[i - 3].is(|w| w == Word::Prep(Prep::In))
            && matches!(chunks[i - 2].kind, ChunkKind::Places { .. })
            && chunks[i - 1].is(|w| matches!(w, Word::Comma | Word::Colon))
        {
            chunks[i].span.start = chunks[i - 4].span.start;
            chunks.drain(i - 4..i);
            i -= 4;
            continue;
        }
        // "three counties, Nanbu, Qingchuan and Guang'an": the count names the list.
        if i >= 2
            && let ChunkKind::Amount { index } = chunks[i - 2].kind
            && is_division_unit(&doc.quantities[index].unit)
            && chunks[i - 1].is(|w| matches!(w, Word::Comma | Word::Colon))
        {
            chunks[i].span.start = chunks[i - 2].span.start;
            chunks.drain(i - 2..i);
            i -= 2;
            join_counted_rest(doc, chunks, i, doc.quantities[index].value);
            continue;
        }
        // "Shenyang and Dalian, its two largest cities, have ...": an
        // apposition that counts the list belongs to it.
        if let (Some(comma), Some(next)) = (chunks.get(i + 1), chunks.get(i + 2))
            && comma.is(|w| w == Word::Comma)
            && let ChunkKind::Amount { index } = next.kind
            && is_division_unit(&doc.quantities[index].unit)
            && chunks
                .get(i + 3)
                .is_some_and(|c| c.is(|w| w == Word::Comma))
        {
            chunks[i].span.end = next.span.end;
            chunks.drain(i + 1..=i + 2);
        }
        // "4个县", "等四县", "two counties": the count of the list.
        if let Some(next) = chunks.get(i + 1)
            && let ChunkKind::Amount { index } = next.kind
            && matches!(
                text[chunks[i].span.end..next.span.start].trim(),
                "" | "等" | "these" | "the"
            )
            && is_division_unit(&doc.quantities[index].unit)
        {
            chunks[i].span.end = next.span.end;
            chunks.remove(i + 1);
        }
        i += 1;
    }
}

/// A counted list that lost a comma ("three counties, Nanbu Qingchuan and
/// Guang'an"): the place right after it, with only a space between, is
/// its member while the count leaves room for it.
fn join_counted_rest(doc: &Document, chunks: &mut Vec<Chunk>, i: usize, count: u64) {
    let Some(ChunkKind::Places { members: more, .. }) = chunks.get(i + 1).map(|c| c.kind.clone())
    else {
        return;
    };
    let gap = &doc.text[chunks[i].span.end..chunks[i + 1].span.start];
    let ChunkKind::Places { members, joiners } = &mut chunks[i].kind else {
        return;
    };
    if !gap.trim().is_empty() || (members.len() + more.len()) as u64 > count {
        return;
    }
    joiners.extend(std::iter::repeat_n(Joiner::Comma, more.len()));
    members.extend(more);
    chunks[i].span.end = chunks[i + 1].span.end;
    chunks.remove(i + 1);
}

/// Whether the place at chunk `j` opens a clause of its own rather than
/// closing the list at `i`: an object after a verb, then a subject before
/// one ("Wenzhou helps Wensu County and Jiaxing helps Shaya County").
fn new_subject(chunks: &[Chunk], i: usize, j: usize) -> bool {
    let verb = |c: Option<&Chunk>| c.is_some_and(|c| c.is(|w| matches!(w, Word::Verb { .. })));
    i > 0 && verb(chunks.get(i - 1)) && verb(chunks.get(j + 1))
}

/// "responsible for Yuli County and Baoding for Hejing County", "Hangzhou
/// with Golmud and Ningbo with Delingha", "provided 118 million yuan to
/// Tianlin county and Longgang district 96 million yuan to Leye county":
/// the place after "and" opens a pair of its own when the preposition
/// before the first place follows it again (past an amount of its own),
/// with a place.
fn gapped_pair(text: &str, chunks: &[Chunk], i: usize, j: usize) -> bool {
    let amount = chunks
        .get(j + 1)
        .filter(|c| matches!(c.kind, ChunkKind::Amount { .. }))
        .filter(|c| text[chunks[j].span.end..c.span.start].trim().is_empty());
    let (rest, place) = match amount {
        Some(a) => (a.span.end, j + 3),
        None => (chunks[j].span.end, j + 2),
    };
    let before = text[..chunks[i].span.start].split_whitespace().next_back();
    let after = text[rest..].split_whitespace().next();
    let repeated = before.zip(after).is_some_and(|(b, a)| {
        ["for", "with", "to", "in", "into"]
            .iter()
            .any(|p| b.eq_ignore_ascii_case(p) && a.eq_ignore_ascii_case(p))
    });
    repeated
        && chunks
            .get(place)
            .is_some_and(|c| matches!(c.kind, ChunkKind::Places { .. }))
}

fn han_text(text: &str, span: Span) -> bool {
    span.of(text).chars().any(crate::token::is_han)
}

/// Whether an English list that goes on with a comma at chunk `j` closes
/// with "and" ("Shache, Zepu, Yecheng and Bachu"); without it the comma
/// only separates ("In Golog, Shanghai ...").
fn english_list_closes(chunks: &[Chunk], j: usize) -> bool {
    chunks[j..]
        .iter()
        .take_while(|c| {
            matches!(c.kind, ChunkKind::Places { .. })
                || c.is(|w| matches!(w, Word::Comma | Word::Conj | Word::Break))
        })
        .any(|c| c.is(|w| matches!(w, Word::Conj | Word::Break)))
}

/// Whether a count unit names divisions ("county", "city").
pub fn is_division_unit(unit: &str) -> bool {
    matches!(
        unit,
        "county"
            | "city"
            | "district"
            | "prefecture"
            | "province"
            | "municipality"
            | "region"
            | "banner"
    )
}

/// Whether the place at `start` is glued to a word before it by a hyphen
/// ("pro-Yunnan", "aid-to-Xinjiang"): a modifier, not an actor.
fn is_hyphen_modifier(text: &str, start: usize) -> bool {
    let before = &text[..start];
    before.ends_with('-')
        && before[..before.len() - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
}

/// Whether `text[from..to]` is a short phrase ending in a division's head
/// noun ("the neighbouring city").
fn names_a_division(text: &str, lexicon: &Lexicon, from: usize, to: usize) -> bool {
    let words: Vec<&str> = text[from..to].split_whitespace().collect();
    words.len() <= 4
        && words.last().is_some_and(|w| {
            lexicon
                .heads
                .get(&w.to_lowercase())
                .is_some_and(|r| *r != Refers::Entity)
        })
}

/// Whether `text[from..to]` is one to three plain words ("hospitals",
/// "leading firms"): a noun phrase with nothing a chunk would mark.
fn is_short_noun_phrase(text: &str, from: usize, to: usize) -> bool {
    let words: Vec<&str> = text[from..to].split_whitespace().collect();
    (1..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
}

/// ", with Shufu receiving 780 million yuan and Jiashi 690 million yuan":
/// an absolute phrase after a comma whose places receive (an "-ing" verb)
/// itemises the total before it, as "of which" does; its "with" becomes
/// the breakdown word and governs no place.
fn absolute_items(doc: &Document, chunks: &mut [Chunk]) {
    for i in 1..chunks.len().saturating_sub(2) {
        let receiving = matches!(
            chunks[i + 2].word(),
            Some(Word::Verb {
                action: Action::Receive,
                ..
            })
        ) && chunks[i + 2].span.of(&doc.text).ends_with("ing");
        if chunks[i].word() == Some(Word::Prep(Prep::With))
            && chunks[i - 1].word() == Some(Word::Comma)
            && chunks[i + 1].is_actor()
            && receiving
            && let ChunkKind::Word { word, also, .. } = &mut chunks[i].kind
        {
            (*word, *also) = (Word::Breakdown, None);
        }
    }
}

/// The Chinese noun for firms: a place right before it says whose firms
/// they are (the reading view writes traditional 企業 as 企业).
const FIRMS: &str = "企业";

/// Records what governs each place or anaphor: the preposition right
/// before it, with no comma between, or the verb whose object it is.
fn govern(doc: &Document, lexicon: &Lexicon, chunks: &mut Vec<Chunk>) {
    let text = &doc.text;
    let mut apposition_of = Vec::new();
    for i in 1..chunks.len() {
        if !chunks[i].is_actor() {
            continue;
        }
        let prev = &chunks[i - 1];
        let gap = &text[prev.span.end..chunks[i].span.start];
        if gap.len() > 40 || gap.contains([',', ';', ':', '。']) {
            continue;
        }
        chunks[i].governor = match prev.word() {
            // "to the neighbouring city of Suqian": the apposition is what "to" governs.
            Some(Word::Prep(Prep::Of))
                if i >= 2
                    && names_a_division(text, lexicon, chunks[i - 2].span.end, prev.span.start) =>
            {
                match chunks[i - 2].word() {
                    Some(Word::Prep(p)) if p != Prep::Of => {
                        apposition_of.push(i - 1);
                        Some(p)
                    }
                    _ => Some(Prep::Of),
                }
            }
            // "from hospitals in Jinan": the place is where what comes
            // from is, an origin as "from Jinan" is.
            Some(Word::Prep(Prep::In))
                if i >= 2
                    && chunks[i - 2].word() == Some(Word::Prep(Prep::From))
                    && is_short_noun_phrase(text, chunks[i - 2].span.end, prev.span.start) =>
            {
                apposition_of.push(i - 1);
                Some(Prep::From)
            }
            // "East China's Jiangsu": a possessive before a place governs nothing.
            Some(Word::Prep(Prep::Possessive)) => None,
            // "新落地天津企业47家": the place names where the firms come from,
            // not where they land.
            Some(Word::Prep(Prep::To)) if text[chunks[i].span.end..].starts_with(FIRMS) => None,
            Some(Word::Prep(p)) => Some(p),
            Some(Word::Verb { .. }) if gap.split_whitespace().count() <= 2 => Some(Prep::Object),
            _ => None,
        };
    }
    // The "of" of an apposition, and the "in" after "from hospitals", are
    // part of the phrase the place names.
    for i in apposition_of.into_iter().rev() {
        chunks.remove(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, Pipeline};

    /// Each chunk as `kind:text`, places as their codes.
    fn stream(text: &str) -> Vec<String> {
        let pipeline = Pipeline::builder().build().expect("embedded tables load");
        let doc = pipeline.annotate(Article {
            id: "t".into(),
            text: text.into(),
            ..Article::default()
        });
        doc.chunks
            .iter()
            .map(|c| {
                let t = doc.original_text(c.span);
                let gov = c.governor.map_or(String::new(), |g| format!("@{g:?}"));
                match &c.kind {
                    ChunkKind::Places { members, .. } => {
                        let codes: Vec<String> = members
                            .iter()
                            .map(|m| doc.places[*m].code.to_string())
                            .collect();
                        format!("places{gov}:{}", codes.join("+"))
                    }
                    ChunkKind::Anaphor { refers, count, .. } => {
                        format!("anaphor{gov}:{refers:?}x{count}")
                    }
                    ChunkKind::Amount { .. } => format!("amount:{t}"),
                    ChunkKind::Time { .. } => format!("time:{t}"),
                    ChunkKind::Word { word, passive, .. } => {
                        format!("{word:?}{}:{t}", if *passive { "/passive" } else { "" })
                    }
                }
            })
            .collect()
    }

    #[test]
    fn a_flow_sentence_becomes_a_chunk_stream() {
        assert_eq!(
            stream("Wuxi allocated 50 million yuan to Lhundrub county in Tibet."),
            [
                "places:320200",
                "Verb { action: Give, participle: true }:allocated",
                "amount:50 million yuan",
                "Prep(To):to",
                "places@To:540121",
            ]
        );
    }

    #[test]
    fn lists_passives_and_definite_phrases() {
        let s = stream(
            "Shache, Zepu and Bachu were paired with Shanghai. The four counties received aid.",
        );
        assert_eq!(s[0], "places:653125+653124+653130");
        assert_eq!(
            s[1],
            "Verb { action: Pair, participle: true }/passive:paired"
        );
        assert!(s.contains(&"places@With:310000".to_string()), "{s:?}");
        assert!(s.contains(&"anaphor:Countyx4".to_string()), "{s:?}");
    }

    #[test]
    fn a_list_member_named_with_its_division_joins_the_list() {
        assert_streams(
            "It went to Aksu prefecture and the city of Alar.",
            "places@To:652900+659002",
        );
        // A list's first member keeps its division phrase as an apposition.
        assert_streams(
            "It went to the county of Jiashi and the city of Artux.",
            "places@To:653129+653001",
        );
    }

    #[test]
    fn an_absolute_phrase_of_receivers_itemises_the_total() {
        let s = stream("It allocated 90 million yuan, with Hotan receiving 50 million yuan.");
        assert!(s.contains(&"Breakdown:with".to_string()), "{s:?}");
        assert!(s.contains(&"places:653200".to_string()), "{s:?}");
        // Not without the comma, nor with another verb.
        let s = stream("It allocated 90 million yuan with Hotan receiving 50 million yuan.");
        assert!(s.contains(&"places@With:653200".to_string()), "{s:?}");
        let s = stream("It allocated 90 million yuan, with Hotan building 12 schools.");
        assert!(s.contains(&"places@With:653200".to_string()), "{s:?}");
    }

    #[test]
    fn a_bracketed_alias_folds_and_as_well_as_goes_on_with_the_list() {
        let s = stream("It helps Jiashi (Peyzawat) county in Kashgar and Shufu county.");
        assert!(
            s.contains(&"places@Object:653129+653121".to_string()),
            "{s:?}"
        );
        let s = stream("It helps Shufu county in Kashgar, as well as the city of Tumxuk.");
        assert!(
            s.contains(&"places@Object:653121+659003".to_string()),
            "{s:?}"
        );
    }

    #[test]
    fn a_dated_total_opens_a_breakdown() {
        let s = stream("Of the 2024 funds, 40 million yuan went to Hotan.");
        assert_eq!(s[0], "Breakdown:Of the 2024 funds", "{s:?}");
        let s = stream("Of this year's aid money, 40 million yuan went to Hotan.");
        assert_eq!(s[0], "Breakdown:Of this year's aid money", "{s:?}");
        let s = stream("Of the 2024 graduates, 40 found jobs in Hotan.");
        assert!(!s.iter().any(|c| c.starts_with("Breakdown")), "{s:?}");
    }

    #[test]
    fn a_bare_chinese_count_of_divisions_is_a_set_named_before() {
        let s = stream("三市共向三县区拨付资金4.6亿元。");
        assert_eq!(s[0], "anaphor:Cityx3", "{s:?}");
        assert!(s.contains(&"anaphor@To:Countyx3".to_string()), "{s:?}");
        // A compound or an ordinal is no set.
        for text in ["聚焦三区三州的深度贫困地区。", "第三市场正在建设。"] {
            let s = stream(text);
            assert!(!s.iter().any(|c| c.starts_with("anaphor")), "{text}: {s:?}");
        }
    }

    #[test]
    fn a_place_in_a_phrase_after_from_is_an_origin() {
        let s = stream("Jiangsu sent 30 doctors from hospitals in Suzhou to Lhasa.");
        assert!(s.contains(&"places@From:320500".to_string()), "{s:?}");
        assert!(!s.contains(&"Prep(In):in".to_string()), "{s:?}");
        // A place in a phrase that is not after "from" keeps its "in".
        let s = stream("Jiangsu sent 30 doctors to hospitals in Lhasa.");
        assert!(s.contains(&"places@In:540100".to_string()), "{s:?}");
    }

    /// Asserts that the chunk stream of `text` holds `chunk`.
    fn assert_streams(text: &str, chunk: &str) {
        let s = stream(text);
        assert!(s.iter().any(|c| c == chunk), "{chunk} not in {s:?}");
    }

    #[test]
    fn a_place_naming_whose_firms_land_is_not_where_they_land() {
        assert_streams("去年新落地天津企业47家。", "places:120000");
        // Firms landing in a place: the place is where they land.
        assert_streams("去年天津企业落地承德47家。", "places@To:130800");
    }

    #[test]
    fn a_definite_phrase_is_read_from_the_words_around_its_head() {
        // Determiner three tokens back, across punctuation and a number.
        assert_streams(
            "Officials said the 4 counties received 3 million yuan.",
            "anaphor:Countyx4",
        );
        // A head that opens the sentence has no determiner.
        let s = stream("Counties received 3 million yuan.");
        assert!(!s.iter().any(|c| c.starts_with("anaphor")), "{s:?}");
        // A word that holds no token (an em space alone): the
        // determiner three tokens back is still found.
        assert_streams(
            "Then the big \u{2003} new counties got 5 million yuan.",
            "anaphor:Countyx0",
        );
        // An uppercase head, and one that follows a digit without a space.
        assert_streams("Our 2COUNTIES got 5 million yuan.", "anaphor:Countyx2");
        // The Kelvin sign lower-cases to an ASCII k: "par\u{212a}" is "park".
        assert_streams(
            "The new par\u{212a} in Hotan got 5 million yuan.",
            "anaphor:Entityx1",
        );
    }

    #[test]
    fn a_definite_phrase_owning_aid_is_an_actor_and_one_owning_a_road_is_not() {
        let s = stream("Last year, the province's aid funds for Ili reached 2.98 billion yuan.");
        assert!(s.contains(&"anaphor:Provincex1".to_string()), "{s:?}");
        let s = stream("Farmers praised the county's new road.");
        assert!(!s.iter().any(|c| c.starts_with("anaphor")), "{s:?}");
    }

    #[test]
    fn chinese_qualifiers_fold_and_counts_join_their_list() {
        let s = stream("湖南省对口援助山南地区的贡嘎县、桑日县2个县。");
        assert_eq!(s[0], "places:430000");
        assert_eq!(s[2], "places@Object:540522+540523");
    }

    #[test]
    fn a_chinese_place_a_clause_away_does_not_locate_its_neighbour() {
        let s = stream("宁波市东部新城近日举办一场展销会——浙黔协作成果丰硕。");
        let places: Vec<&String> = s.iter().filter(|c| c.starts_with("places")).collect();
        assert_eq!(places, ["places:330200", "places:330000+520000"], "{s:?}");
        let near = stream("浙江省的宁波市对口帮扶黔西南州。");
        assert_eq!(near[0], "places:330200", "{near:?}");
    }
}
