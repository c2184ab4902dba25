//! Static sharding (`--shard K/N`): a run takes only the articles whose id
//! hashes to K of N, so N runs on N machines, with no coordinator, split a
//! corpus between them and together write every event once.
//!
//! The hash is 64-bit FNV-1a of the id's UTF-8 bytes, taken modulo N: it is
//! written out here, so it is the same on every run, machine, platform and
//! Rust version (std's `DefaultHasher` promises none of that). In Python:
//! `h = 0xcbf29ce484222325; for b in id.encode(): h = ((h ^ b) * 0x100000001b3) % 2**64`,
//! and the shard is `h % N`.

use std::fmt;
use std::str::FromStr;

/// One shard of N: the articles whose id hashes to `index` modulo `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

/// 64-bit FNV-1a of `bytes` (offset basis and prime from the FNV reference).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Shard {
    /// Shard `index` of `count`; an error says why when `index >= count`
    /// or `count` is 0.
    pub fn new(index: u64, count: u64) -> Result<Shard, String> {
        if count == 0 {
            return Err("N must be at least 1 (K/N: shard K of N, K from 0 to N-1)".into());
        }
        if index >= count {
            return Err(format!(
                "shard {index} of {count} does not exist: K counts from 0 to N-1 ({} here)",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether this shard takes the article with id (or, for an input that
    /// failed before an id was read, source) `key`.
    pub fn takes(&self, key: &str) -> bool {
        fnv1a64(key.as_bytes()) % self.count == self.index
    }
}

impl FromStr for Shard {
    type Err = String;

    /// Reads `K/N`, as `--shard 0/3`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("{s:?} is not K/N (for example 0/3: shard 0 of 3)"))?;
        let number = |part: &str| {
            part.trim()
                .parse::<u64>()
                .map_err(|_| format!("{s:?} is not K/N: {part:?} is not a whole number"))
        };
        Shard::new(number(k)?, number(n)?)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        // From the FNV reference test suite (draft-eastlake-fnv).
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn every_id_falls_in_exactly_one_shard() {
        let shards: Vec<Shard> = (0..3).map(|k| Shard::new(k, 3).expect("valid")).collect();
        for id in ["a", "b0000001", "江苏援疆", "", "001_xinhua"] {
            assert_eq!(shards.iter().filter(|s| s.takes(id)).count(), 1, "{id}");
        }
    }

    #[test]
    fn shard_arguments() {
        // (argument, parsed or the start of the error)
        let cases = [
            ("0/3", Ok("0/3")),
            ("2/3", Ok("2/3")),
            (" 1 / 2 ", Ok("1/2")),
            ("0/1", Ok("0/1")),
            ("3/3", Err("shard 3 of 3 does not exist")),
            ("0/0", Err("N must be at least 1")),
            ("1", Err("\"1\" is not K/N")),
            ("-1/3", Err("\"-1/3\" is not K/N: \"-1\"")),
            ("a/b", Err("\"a/b\" is not K/N: \"a\"")),
        ];
        for (arg, expected) in cases {
            match (arg.parse::<Shard>(), expected) {
                (Ok(shard), Ok(text)) => assert_eq!(shard.to_string(), text, "{arg}"),
                (Err(e), Err(start)) => assert!(e.starts_with(start), "{arg}: {e}"),
                (got, _) => panic!("{arg}: {got:?}, expected {expected:?}"),
            }
        }
    }
}
