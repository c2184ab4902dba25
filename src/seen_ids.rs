//! The article ids a run has read, each with where it was first read, kept
//! compact: a run over millions of articles must notice a repeated id
//! without holding two strings per article. Ids live in one byte arena; a
//! JSONL source is its path (shared by the file's lines) and a line number.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// One id read: where its bytes are in the arena and where it came from.
#[derive(Debug, Clone, Copy)]
struct Entry {
    id_start: usize,
    id_len: u32,
    /// Index into `paths`.
    path: u32,
    /// The JSONL line (1-based); 0 when the source is the path itself.
    line: u64,
}

/// The ids read so far.
#[derive(Debug, Default)]
pub(crate) struct SeenIds {
    table: HashTable<u32>,
    entries: Vec<Entry>,
    ids: String,
    paths: Vec<Box<str>>,
}

impl SeenIds {
    /// Records `id`, read from `origin` (a JSONL input's origin is
    /// `path:line`, with `line` given); when the id was read before,
    /// returns the origin it was first read from instead.
    pub(crate) fn first_origin(
        &mut self,
        id: &str,
        origin: &str,
        line: Option<u64>,
    ) -> Option<String> {
        let hash = FxBuildHasher.hash_one(id);
        let (entries, ids) = (&self.entries, &self.ids);
        let id_of = |e: &Entry| &ids[e.id_start..e.id_start + e.id_len as usize];
        if let Some(&found) = self
            .table
            .find(hash, |&i| id_of(&entries[i as usize]) == id)
        {
            return Some(self.origin(self.entries[found as usize]));
        }
        let (path, line) = split_line(origin, line).unwrap_or((origin, 0));
        // The lines of one file come one after another: their path is kept once.
        if self.paths.last().is_none_or(|last| **last != *path) {
            self.paths.push(path.into());
        }
        let entry = Entry {
            id_start: self.ids.len(),
            id_len: u32::try_from(id.len()).expect("an id is shorter than 4 GiB"),
            path: u32::try_from(self.paths.len() - 1).expect("fewer than 4 billion sources"),
            line,
        };
        self.ids.push_str(id);
        let index = u32::try_from(self.entries.len()).expect("fewer than 4 billion articles");
        self.entries.push(entry);
        let (entries, ids) = (&self.entries, &self.ids);
        self.table.insert_unique(hash, index, |&i| {
            let e = &entries[i as usize];
            FxBuildHasher.hash_one(&ids[e.id_start..e.id_start + e.id_len as usize])
        });
        None
    }

    /// The origin an entry was read from, as the input wrote it.
    fn origin(&self, entry: Entry) -> String {
        let path = &self.paths[entry.path as usize];
        match entry.line {
            0 => path.to_string(),
            n => format!("{path}:{n}"),
        }
    }
}

/// `path` and `line` when `origin` is written `path:line` with `line`
/// as a plain decimal (so that the two give `origin` back).
fn split_line(origin: &str, line: Option<u64>) -> Option<(&str, u64)> {
    let n = line.filter(|&n| n > 0)?;
    let (path, digits) = origin.rsplit_once(':')?;
    let plain = digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    (plain && digits.parse() == Ok(n)).then_some((path, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_id_names_where_it_was_first_read() {
        let mut seen = SeenIds::default();
        assert_eq!(seen.first_origin("a", "in.jsonl:1", Some(1)), None);
        assert_eq!(seen.first_origin("b", "in.jsonl:2", Some(2)), None);
        assert_eq!(seen.first_origin("c", "dir/c.txt", None), None);
        assert_eq!(
            seen.first_origin("a", "other.jsonl:7", Some(7)),
            Some("in.jsonl:1".to_string())
        );
        assert_eq!(
            seen.first_origin("c", "in.jsonl:3", Some(3)),
            Some("dir/c.txt".to_string())
        );
        assert_eq!(
            seen.paths.len(),
            2,
            "the lines of in.jsonl share their path"
        );
    }

    #[test]
    fn only_a_plain_line_number_is_split_off() {
        assert_eq!(split_line("a.jsonl:12", Some(12)), Some(("a.jsonl", 12)));
        assert_eq!(split_line("a.jsonl:012", Some(12)), None);
        assert_eq!(split_line("a.jsonl:+12", Some(12)), None);
        assert_eq!(split_line("a.jsonl:12", Some(13)), None);
        assert_eq!(split_line("c:/x.txt", None), None);
    }

    #[test]
    fn many_ids_stay_distinct() {
        let mut seen = SeenIds::default();
        for n in 0..10_000 {
            let line = n + 1;
            assert_eq!(
                seen.first_origin(&format!("id{n}"), &format!("x:{line}"), Some(line)),
                None
            );
        }
        assert_eq!(
            seen.first_origin("id9999", "y", None),
            Some("x:10000".to_string())
        );
    }
}
