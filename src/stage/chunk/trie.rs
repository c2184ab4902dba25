//! A byte trie of lexicon phrases, matched (ASCII case-insensitively) at
//! word boundaries: at each place a word can start, the longest phrase that
//! also ends at a word boundary. Mid-word places are skipped without a
//! lookup, so a sentence costs a few instructions a byte.

use crate::document::Span;
use crate::token::{at_word_boundary, char_after};

/// No node: an empty slot of the root table, or "no value".
const NONE: u32 = u32::MAX;

/// One trie node: its children (a range of the edge arrays, sorted by
/// byte) and the value of the phrase that ends here, if any.
#[derive(Debug, Clone, Copy)]
struct Node {
    edges: (u32, u32),
    value: u32,
    /// For a node with many children: its row of `dense`, else `NONE`.
    dense: u32,
}

/// Children from which on a node's children are looked up in a table row
/// rather than by a scan of its edges.
const DENSE_FROM: usize = 3;

/// Phrases, each with a value (an index the caller gives meaning to).
#[derive(Debug, Clone)]
pub struct PhraseTrie {
    /// The root's children, one slot a byte.
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    edge_bytes: Vec<u8>,
    edge_nodes: Vec<u32>,
    /// One child slot a byte, for nodes with many children.
    dense: Vec<[u32; 256]>,
}

impl PhraseTrie {
    /// A trie of `phrases` (lower-cased ASCII letters, any other UTF-8
    /// exactly); phrase `i` has value `i`. Empty phrases are ignored.
    pub fn new<S: AsRef<str>>(phrases: &[S]) -> PhraseTrie {
        // Build with a sorted child map per node, then flatten.
        let mut children: Vec<std::collections::BTreeMap<u8, u32>> = vec![Default::default()];
        let mut values = vec![NONE];
        for (i, phrase) in phrases.iter().enumerate() {
            let bytes = phrase.as_ref().as_bytes();
            if bytes.is_empty() {
                continue;
            }
            let mut node = 0usize;
            for &b in bytes {
                let next = children.len() as u32;
                let child = *children[node].entry(b.to_ascii_lowercase()).or_insert(next);
                if child == next {
                    children.push(Default::default());
                    values.push(NONE);
                }
                node = child as usize;
            }
            values[node] = i as u32;
        }
        let mut trie = PhraseTrie {
            root: Box::new([NONE; 256]),
            nodes: Vec::with_capacity(children.len()),
            edge_bytes: Vec::new(),
            edge_nodes: Vec::new(),
            dense: Vec::new(),
        };
        for (map, value) in children.iter().zip(values) {
            let from = trie.edge_bytes.len() as u32;
            trie.edge_bytes.extend(map.keys());
            trie.edge_nodes.extend(map.values());
            let to = trie.edge_bytes.len() as u32;
            let mut dense = NONE;
            if map.len() >= DENSE_FROM {
                let mut row = [NONE; 256];
                for (&b, &child) in map {
                    row[usize::from(b)] = child;
                }
                dense = trie.dense.len() as u32;
                trie.dense.push(row);
            }
            trie.nodes.push(Node {
                edges: (from, to),
                value,
                dense,
            });
        }
        for (&b, &child) in &children[0] {
            trie.root[usize::from(b)] = child;
        }
        trie
    }

    /// The child of `node` on byte `b` (already lower-cased).
    fn child(&self, node: u32, b: u8) -> u32 {
        let node = &self.nodes[node as usize];
        if node.dense != NONE {
            return self.dense[node.dense as usize][usize::from(b)];
        }
        let (from, to) = (node.edges.0 as usize, node.edges.1 as usize);
        match self.edge_bytes[from..to].iter().position(|&e| e == b) {
            Some(k) => self.edge_nodes[from + k],
            None => NONE,
        }
    }

    /// The longest phrase that starts at `start`, ends inside `span` and at
    /// a word boundary of `text`: its end and value.
    fn longest_at(&self, text: &str, start: usize, span: Span) -> Option<(usize, u32)> {
        let bytes = text.as_bytes();
        let mut node = self.root[usize::from(bytes[start].to_ascii_lowercase())];
        let mut at = start + 1;
        let mut best = None;
        while node != NONE {
            let value = self.nodes[node as usize].value;
            if value != NONE && text.is_char_boundary(at) && at_word_boundary(text, at) {
                best = Some((at, value));
            }
            if at >= span.end {
                break;
            }
            node = self.child(node, bytes[at].to_ascii_lowercase());
            at += 1;
        }
        best
    }

    /// Every phrase of `span` that starts and ends at a word boundary of
    /// `text`, leftmost first, longest at each start, never overlapping:
    /// its span and value.
    pub fn find<'a>(&'a self, text: &'a str, span: Span) -> impl Iterator<Item = (Span, u32)> + 'a {
        let bytes = text.as_bytes();
        let mut at = span.start;
        std::iter::from_fn(move || {
            while at < span.end {
                let start = at;
                let b = bytes[start];
                if b.is_ascii_alphanumeric() {
                    // A run of ASCII letters and digits is passed over
                    // whole: a phrase starts at its first byte or nowhere
                    // in it.
                    let rest = &bytes[start..span.end];
                    at = start
                        + rest
                            .iter()
                            .position(|b| !b.is_ascii_alphanumeric())
                            .unwrap_or(rest.len());
                } else if b.is_ascii() {
                    at += 1;
                } else {
                    at += char_after(text, start).map_or(1, char::len_utf8);
                }
                if self.root[usize::from(b.to_ascii_lowercase())] == NONE
                    || !at_word_boundary(text, start)
                {
                    continue;
                }
                if let Some((end, value)) = self.longest_at(text, start, span) {
                    at = end;
                    return Some((Span::new(start, end), value));
                }
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(phrases: &[&str], text: &str) -> Vec<(String, u32)> {
        let trie = PhraseTrie::new(phrases);
        trie.find(text, Span::new(0, text.len()))
            .map(|(s, v)| (s.of(text).to_string(), v))
            .collect()
    }

    #[test]
    fn longest_phrase_at_word_boundaries_in_any_case() {
        let phrases = ["to", "help", "helped", "set aside", "援疆", "援疆资金"];
        assert_eq!(
            found(
                &phrases,
                "Jiangsu Helped Tokyo; it SET ASIDE 援疆资金 to help."
            ),
            [
                ("Helped".into(), 2),
                ("SET ASIDE".into(), 3),
                ("援疆资金".into(), 5),
                ("to".into(), 0),
                ("help".into(), 1)
            ]
        );
    }

    #[test]
    fn a_phrase_inside_a_word_or_cut_by_the_span_is_no_match() {
        let phrases = ["in", "to", "help"];
        assert!(found(&phrases, "Xinjiang into helpers, tonnes").is_empty());
        let trie = PhraseTrie::new(&phrases);
        let text = "help";
        assert_eq!(trie.find(text, Span::new(0, 3)).count(), 0);
        assert_eq!(trie.find(text, Span::new(0, 4)).count(), 1);
    }

    #[test]
    fn a_longer_phrase_that_ends_mid_word_falls_back_to_a_shorter_one() {
        let phrases = ["carry", "carry out"];
        assert_eq!(found(&phrases, "carry outward"), [("carry".into(), 0)]);
        assert_eq!(found(&phrases, "carry out."), [("carry out".into(), 1)]);
    }
}
