//! The chunk lexicon (`gazetteers/lexicon.tsv`): every word the linker
//! reads, compiled into one phrase trie (`trie.rs`), with English verb inflections
//! generated from their lemmas.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

use super::trie::PhraseTrie;
use crate::document::{PlaceCode, Span};
use crate::event::EventType;
use crate::gazetteer::AssistanceRole;
use crate::knowledge::{KnowledgeError, TableSource};
use crate::token::is_han;

/// What a verb or a noun of the genre does in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Gives: allocate, send, invest, 投入, 选派.
    Give,
    /// Receives: receive, attract, 获得, 引进.
    Receive,
    /// States a pairing: pair, twin, 对口支援, cooperation.
    Pair,
    /// Helps a place: help, support, 帮扶, 支援.
    Help,
    /// Appoints a giver: designate, 确定.
    Designate,
    /// Signs with a partner: sign, 签订.
    Sign,
    /// A noun of assistance: aid, funds, 援助资金.
    Aid,
}

/// A preposition's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Prep {
    /// to, into, 向, 给.
    To,
    /// for, 为, 用于.
    For,
    /// in, at, 在.
    In,
    /// from, 从, 来自.
    From,
    /// by, 由.
    By,
    /// with, 与.
    With,
    /// between.
    Between,
    /// among.
    Among,
    /// of.
    Of,
    /// 's.
    Possessive,
    /// No preposition: the place is the object of the verb right before it.
    Object,
}

/// What an anaphor stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Refers {
    /// The current subject ("It").
    Subject,
    /// The subject's one counterpart.
    Counterpart,
    /// The money of the last flow ("the funds"): what it pays for is its recipients'.
    Flow,
    /// A province-level place.
    Province,
    /// A prefecture-level place.
    Prefecture,
    /// A county-level place.
    County,
    /// A city of prefecture or county level.
    City,
    /// Any place.
    Place,
    /// A thing located in a place (a park, a school, a project).
    Entity,
    /// The publisher's own place ("our province", 我市).
    FirstPerson,
    /// The two places named last ("两省市").
    Two,
    /// Both sides of the relationship in force ("双方", "the two sides").
    Both,
}

/// What a lexicon phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "class")]
pub enum Word {
    /// A verb; `participle` when the form can be a past participle.
    Verb {
        /// What it does.
        action: Action,
        /// Whether the form can be a past participle (`sent`, `allocated`).
        participle: bool,
    },
    /// A noun of assistance or pairing.
    Noun(Action),
    /// A preposition.
    Prep(Prep),
    /// A phrase that names where a report comes from.
    Source,
    /// A phrase that only looks like a preposition ("apart from").
    Neutral,
    /// Opens the amount a flow is compared with ("compared with").
    Compare,
    /// A giver that is no place.
    National,
    /// Many givers, not named.
    Collective,
    /// Givers acting together.
    Joint,
    /// A list joiner.
    Conj,
    /// A clause boundary.
    Break,
    /// Opens the items of a total.
    Breakdown,
    /// Pairs two lists in order.
    Respectively,
    /// Opens an introductory clause.
    Subordinator,
    /// Marks a planned flow.
    Plan,
    /// Stands for a place named before.
    Anaphor(Refers),
    /// Tells the event type.
    Cue(EventType),
    /// "是".
    Copula,
    /// "which", "who": opens a relative clause.
    Relative,
    /// "的".
    Particle,
    /// ",".
    Comma,
    /// ":".
    Colon,
    /// A dash between the two sides of a pairing ("东城区—康保县").
    Dash,
}

/// One row's reading of a phrase.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// What the phrase is.
    pub word: Word,
    /// The region a noun like 援疆 names.
    pub implies: Option<PlaceCode>,
}

/// The compiled lexicon.
#[derive(Debug)]
pub struct Lexicon {
    phrases: PhraseTrie,
    entries: Vec<Vec<Entry>>,
    /// Determiners: before a participle they make it an adjective.
    pub determiners: HashSet<String>,
    /// Forms of "be": before a participle they make it passive.
    pub auxiliaries: HashSet<String>,
    /// Words after which a verb-or-noun phrase is the verb ("to", "will", "has").
    pub verb_openers: HashSet<String>,
    /// Head nouns of definite phrases ("the four counties").
    pub heads: HashMap<String, Refers>,
    /// For each first letter, the lengths (bit `n` for `n` letters) of the
    /// heads that are one word of ASCII letters: most words are no head by
    /// these two facts alone.
    latin_head_lengths: [u32; 26],
    /// Number words inside definite phrases.
    pub numbers: HashMap<String, usize>,
    /// Modifiers that tell a definite phrase's side in the programme
    /// ("the eastern province" gives, "the northwestern city" receives).
    pub sides: HashMap<String, AssistanceRole>,
    /// The Chinese number characters among `numbers` ("三": 3), for scans
    /// that would otherwise hash every character.
    pub numerals: Vec<(char, usize)>,
    /// Characters after which a bare counted set of divisions is a party
    /// ("三市共向", "三县市分别获得"): `set-follower` rows.
    pub set_followers: Vec<char>,
    /// Characters before a counted set that make it a party whatever
    /// follows ("向三县区拨付"): `set-governor` rows.
    pub set_governors: Vec<char>,
}

impl Lexicon {
    /// What `word`, in any case, stands for as the head noun of a definite
    /// phrase (short ASCII words are looked up without allocating).
    pub fn head(&self, word: &str) -> Option<Refers> {
        let mut buf = [0u8; 24];
        if word.is_ascii() && word.len() <= buf.len() {
            let buf = &mut buf[..word.len()];
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            let key = std::str::from_utf8(buf).expect("ASCII stays UTF-8");
            return self.heads.get(key).copied();
        }
        self.heads.get(&word.to_lowercase()).copied()
    }

    /// Every place in `span` of `text` where a Latin head noun may start,
    /// in order: a word of ASCII letters that is a head in any case (a
    /// token that is a head, with or without "'s", is one), and, in a span
    /// that holds the Kelvin sign (the one non-ASCII character that
    /// lower-cases to an ASCII letter), every token's start.
    pub fn latin_head_starts(&self, text: &str, span: Span) -> Vec<usize> {
        if span.of(text).contains('\u{212a}') {
            return crate::token::tokens(text, span)
                .map(|t| t.span.start)
                .collect();
        }
        let s = &text.as_bytes()[span.start..span.end];
        let mut starts = Vec::new();
        let mut at = 0;
        while let Some(skip) = s[at..].iter().position(u8::is_ascii_alphabetic) {
            let start = at + skip;
            let rest = &s[start..];
            let len = rest
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            at = start + len;
            let first = usize::from(s[start].to_ascii_lowercase() - b'a');
            if len < 32
                && self.latin_head_lengths[first] & (1 << len) != 0
                && self.head(&span.of(text)[start..at]).is_some()
            {
                starts.push(span.start + start);
            }
        }
        starts
    }
}

/// For each first letter, the lengths of the heads that are one word of
/// ASCII letters (bit `n` for `n` letters). A head without Han characters
/// is such a word or several words (a token never holds a space): any other
/// is an error, since the search for heads reads words of letters.
fn latin_head_lengths(
    table: &crate::table::Table,
    heads: &HashMap<String, Refers>,
) -> Result<[u32; 26], KnowledgeError> {
    let mut lengths = [0u32; 26];
    for head in heads
        .keys()
        .filter(|h| !h.chars().any(is_han) && !h.contains(' '))
    {
        let bytes = head.as_bytes();
        if bytes.is_empty() || bytes.len() >= 32 || !bytes.iter().all(u8::is_ascii_lowercase) {
            return Err(KnowledgeError {
                file: table.name.clone(),
                line: 0,
                message: format!(
                    "head `{head}`: a Latin head is one word of under 32 letters, or several words"
                ),
            });
        }
        lengths[usize::from(bytes[0] - b'a')] |= 1 << bytes.len();
    }
    Ok(lengths)
}

/// The English forms of a verb lemma: base, third person, past, -ing
/// (multi-word verbs inflect their first word), with which can be participles.
pub fn inflections(lemma: &str) -> Vec<(String, bool)> {
    if !lemma.is_ascii() {
        return vec![(lemma.to_string(), false)];
    }
    let (head, rest) = lemma.split_once(' ').map_or((lemma, ""), |(h, r)| (h, r));
    let with_rest = |w: String| {
        if rest.is_empty() {
            w
        } else {
            format!("{w} {rest}")
        }
    };
    let consonant_y = head.len() > 1
        && head.ends_with('y')
        && !head[..head.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    let stem_y = &head[..head.len().saturating_sub(1)];
    let third = if head.ends_with(['s', 'x', 'z']) || head.ends_with("ch") || head.ends_with("sh") {
        format!("{head}es")
    } else if consonant_y {
        format!("{stem_y}ies")
    } else {
        format!("{head}s")
    };
    let past = if head.ends_with('e') {
        format!("{head}d")
    } else if consonant_y {
        format!("{stem_y}ied")
    } else {
        format!("{head}ed")
    };
    let ing = if let Some(stem) = head.strip_suffix("ie") {
        format!("{stem}ying")
    } else if let Some(stem) = head.strip_suffix('e').filter(|_| !head.ends_with("ee")) {
        format!("{stem}ing")
    } else {
        format!("{head}ing")
    };
    vec![
        (lemma.to_string(), false),
        (with_rest(third), false),
        (with_rest(past), true),
        (with_rest(ing), false),
    ]
}

fn parse_word(kind: &str, class: &str) -> Option<Word> {
    let action = || {
        Some(match class {
            "give" => Action::Give,
            "receive" => Action::Receive,
            "pair" => Action::Pair,
            "help" => Action::Help,
            "designate" => Action::Designate,
            "sign" => Action::Sign,
            "aid" => Action::Aid,
            _ => return None,
        })
    };
    let refers = || {
        Some(match class {
            "subject" => Refers::Subject,
            "counterpart" => Refers::Counterpart,
            "flow" => Refers::Flow,
            "province" => Refers::Province,
            "prefecture" => Refers::Prefecture,
            "county" => Refers::County,
            "city" => Refers::City,
            "place" => Refers::Place,
            "entity" => Refers::Entity,
            "first-person" => Refers::FirstPerson,
            "two" => Refers::Two,
            "both" => Refers::Both,
            _ => return None,
        })
    };
    Some(match kind {
        "verb" => Word::Verb {
            action: action()?,
            participle: false,
        },
        "noun" => Word::Noun(action()?),
        "prep" => Word::Prep(match class {
            "to" => Prep::To,
            "for" => Prep::For,
            "in" => Prep::In,
            "from" => Prep::From,
            "by" => Prep::By,
            "with" => Prep::With,
            "between" => Prep::Between,
            "among" => Prep::Among,
            "of" => Prep::Of,
            "possessive" => Prep::Possessive,
            _ => return None,
        }),
        "source" => Word::Source,
        "neutral" => Word::Neutral,
        "compare" => Word::Compare,
        "national" => Word::National,
        "collective" => Word::Collective,
        "joint" => Word::Joint,
        "conj" => Word::Conj,
        "break" => Word::Break,
        "breakdown" => Word::Breakdown,
        "respectively" => Word::Respectively,
        "subordinator" => Word::Subordinator,
        "plan" => Word::Plan,
        "anaphor" => Word::Anaphor(refers()?),
        "cue" => Word::Cue(match class {
            "investment" => EventType::Investment,
            "training" => EventType::Training,
            "beneficiaries" => EventType::Beneficiaries,
            _ => return None,
        }),
        "copula" => Word::Copula,
        "relative" => Word::Relative,
        "particle" => Word::Particle,
        "comma" => Word::Comma,
        "colon" => Word::Colon,
        "dash" => Word::Dash,
        _ => return None,
    })
}

impl Lexicon {
    /// Loads `lexicon.tsv`.
    pub fn load(source: &TableSource) -> Result<Lexicon, KnowledgeError> {
        let table = source.table("lexicon.tsv")?;
        let col = |n: &str| table.column(n);
        let (c_phrase, c_kind, c_class, c_forms, c_implies) = (
            col("phrase")?,
            col("kind")?,
            col("class")?,
            col("forms")?,
            col("implies")?,
        );
        let mut by_phrase: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        let mut lexicon = Lexicon {
            phrases: PhraseTrie::new::<&str>(&[]),
            entries: Vec::new(),
            determiners: HashSet::default(),
            auxiliaries: HashSet::default(),
            verb_openers: HashSet::default(),
            heads: HashMap::default(),
            latin_head_lengths: [0; 26],
            numbers: HashMap::default(),
            sides: HashMap::default(),
            numerals: Vec::new(),
            set_followers: Vec::new(),
            set_governors: Vec::new(),
        };
        for row in &table.rows {
            let phrase = row.get(c_phrase).to_lowercase();
            let (kind, class) = (row.get(c_kind), row.get(c_class));
            match kind {
                "det" => {
                    lexicon.determiners.insert(phrase);
                    continue;
                }
                "aux" => {
                    lexicon.auxiliaries.insert(phrase);
                    continue;
                }
                "modal" => {
                    lexicon.verb_openers.insert(phrase);
                    continue;
                }
                "number" => {
                    let n = class
                        .parse()
                        .map_err(|_| table.error(row, "a number row needs a number"))?;
                    let mut chars = phrase.chars();
                    if let (Some(c), None) = (chars.next(), chars.next())
                        && !c.is_ascii()
                    {
                        lexicon.numerals.push((c, n));
                    }
                    lexicon.numbers.insert(phrase, n);
                    continue;
                }
                "set-follower" | "set-governor" => {
                    let mut chars = phrase.chars();
                    let (Some(c), None) = (chars.next(), chars.next()) else {
                        return Err(table.error(row, format!("a {kind} row is one character")));
                    };
                    if kind == "set-follower" {
                        lexicon.set_followers.push(c);
                    } else {
                        lexicon.set_governors.push(c);
                    }
                    continue;
                }
                "side" => {
                    let side = match class {
                        "giver" => AssistanceRole::Donor,
                        "receiver" => AssistanceRole::Recipient,
                        _ => return Err(table.error(row, format!("unknown side `{class}`"))),
                    };
                    lexicon.sides.insert(phrase, side);
                    continue;
                }
                "head" => {
                    let Some(Word::Anaphor(refers)) = parse_word("anaphor", class) else {
                        return Err(table.error(row, format!("unknown head class `{class}`")));
                    };
                    lexicon.heads.insert(phrase, refers);
                    continue;
                }
                _ => {}
            }
            let word = parse_word(kind, class).ok_or_else(|| {
                table.error(row, format!("unknown kind `{kind}` / class `{class}`"))
            })?;
            let implies = match row.get(c_implies) {
                "" => None,
                code => Some(
                    code.parse()
                        .map_err(|_| table.error(row, "`implies` is a 6-digit code"))?,
                ),
            };
            let forms: Vec<(String, bool)> = match word {
                Word::Verb { .. } => inflections(&phrase)
                    .into_iter()
                    .chain(
                        row.get(c_forms)
                            .split(';')
                            .map(str::trim)
                            .filter(|f| !f.is_empty())
                            .map(|f| (f.to_lowercase(), true)),
                    )
                    .collect(),
                _ => vec![(phrase.clone(), false)],
            };
            for (form, participle) in forms {
                let word = match word {
                    Word::Verb { action, .. } => Word::Verb { action, participle },
                    other => other,
                };
                by_phrase
                    .entry(form)
                    .or_default()
                    .push(Entry { word, implies });
            }
        }
        lexicon.latin_head_lengths = latin_head_lengths(&table, &lexicon.heads)?;
        let (phrases, entries): (Vec<String>, Vec<Vec<Entry>>) = by_phrase.into_iter().unzip();
        lexicon.phrases = PhraseTrie::new(&phrases);
        lexicon.entries = entries;
        Ok(lexicon)
    }

    /// Every lexicon phrase of `span` at word boundaries of `text`,
    /// leftmost and longest first: its span and readings.
    pub fn find<'a>(
        &'a self,
        text: &'a str,
        span: Span,
    ) -> impl Iterator<Item = (Span, &'a [Entry])> + 'a {
        self.phrases
            .find(text, span)
            .map(|(s, i)| (s, self.entries[i as usize].as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_inflect_from_their_lemma() {
        let forms = |l: &str| -> Vec<String> { inflections(l).into_iter().map(|f| f.0).collect() };
        assert_eq!(forms("help"), ["help", "helps", "helped", "helping"]);
        assert_eq!(
            forms("provide"),
            ["provide", "provides", "provided", "providing"]
        );
        assert_eq!(
            forms("carry out"),
            ["carry out", "carries out", "carried out", "carrying out"]
        );
        assert_eq!(
            forms("dispatch"),
            ["dispatch", "dispatches", "dispatched", "dispatching"]
        );
        assert_eq!(forms("投入"), ["投入"]);
    }

    #[test]
    fn the_lexicon_loads_and_irregular_forms_are_participles() {
        let lex = Lexicon::load(&TableSource::embedded()).unwrap_or_else(|e| panic!("{e}"));
        let text = "Wuxi sent doctors";
        let hits: Vec<_> = lex.find(text, Span::new(0, text.len())).collect();
        assert!(hits.iter().any(|(s, entries)| s.of(text) == "sent"
            && entries.iter().any(|en| matches!(
                en.word,
                Word::Verb {
                    action: Action::Give,
                    participle: true
                }
            ))));
    }
}
