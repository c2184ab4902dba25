//! Guards on what the readers take in: a cap on the bytes of one article (a
//! JSONL line longer than the cap is skipped without being held in memory),
//! NUL characters of the decoded text read as spaces, and messages that
//! quote input clipped to a readable length. A byte-order mark is the
//! decoder's business ([`super::decode`]): it chooses the encoding and is
//! dropped there, once.

use std::io::BufRead;

use super::InputError;

/// Default cap on one article: a text file or JSONL line of more bytes is
/// a failed input. News articles are a few kilobytes; the cap only stops a
/// runaway input (a whole dump on one line) from filling memory.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// `s`, or its first `max` bytes (at a character boundary) and how long it
/// was: input quoted in a message stays readable whatever its size.
pub fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.len() <= max {
        return s.into();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &s[..end], s.len()).into()
}

/// The error for an article over the cap.
pub fn too_long(origin: String, max: u64) -> InputError {
    InputError::new(
        origin,
        format!(
            "article longer than {max} bytes (--max-article-bytes); skipped without reading it whole"
        ),
    )
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line (with its `\n`, if any) is in the buffer.
    Read,
    /// The line was longer than the cap; it was consumed, not kept.
    TooLong,
    /// The input has ended.
    End,
}

/// Reads one line into `buf`, keeping at most `max` bytes of it: a longer
/// line is consumed to its end and reported as [`Line::TooLong`], so memory
/// stays bounded whatever the input.
pub fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: u64) -> std::io::Result<Line> {
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    let mut seen = 0usize;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        // The newline itself does not count against the cap.
        let content = used - usize::from(done);
        if !too_long && seen + content > max {
            too_long = true;
            buf.clear();
        }
        if !too_long {
            buf.extend_from_slice(&available[..used]);
        }
        seen += used;
        reader.consume(used);
        if done {
            break;
        }
    }
    Ok(match (seen, too_long) {
        (0, _) => Line::End,
        (_, true) => Line::TooLong,
        _ => Line::Read,
    })
}

/// Reads each NUL character of `text` (decoded text: UTF-16's zero bytes
/// are gone by then) as a space, which keeps every byte offset: no
/// database text type takes NUL (PostgreSQL refuses the whole load).
/// Returns a warning naming `origin` when there was one.
pub fn nul_to_space(text: &mut String, origin: &str) -> Option<String> {
    memchr::memchr(0, text.as_bytes())?;
    let count = text.bytes().filter(|&b| b == 0).count();
    *text = text.replace('\0', " ");
    Some(format!("{origin}: {count} NUL character(s) read as spaces"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_consumed_not_kept() {
        let input = format!("short\n{}\nafter", "x".repeat(100));
        let mut reader = std::io::BufReader::with_capacity(8, input.as_bytes());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut reader, &mut buf, 10).unwrap(), Line::Read);
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert_eq!(read_line(&mut reader, &mut buf, 10).unwrap(), Line::TooLong);
        assert!(buf.len() <= 10);
        buf.clear();
        assert_eq!(read_line(&mut reader, &mut buf, 10).unwrap(), Line::Read);
        assert_eq!(buf, b"after");
        buf.clear();
        assert_eq!(read_line(&mut reader, &mut buf, 10).unwrap(), Line::End);
    }

    #[test]
    fn a_line_of_exactly_the_cap_is_read() {
        let mut reader = "0123456789\n".as_bytes();
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut reader, &mut buf, 10).unwrap(), Line::Read);
    }

    #[test]
    fn clipped_messages_keep_characters_whole() {
        assert_eq!(clip("abc", 5), "abc");
        let long = "新".repeat(100);
        let clipped = clip(&long, 10);
        assert!(clipped.starts_with("新新新…") && clipped.contains("300 bytes"));
    }

    #[test]
    fn nul_becomes_space_with_a_warning() {
        let mut text = "a\0b\0".to_string();
        let w = nul_to_space(&mut text, "x.txt").expect("a warning");
        assert_eq!(text, "a b ");
        assert!(w.contains("x.txt") && w.contains('2'));
    }
}
