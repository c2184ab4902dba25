//! Character encodings of input bytes. Crawled Chinese pages are often GBK
//! or GB18030 and Windows tools export UTF-16, so bytes are not assumed to
//! be UTF-8: a byte-order mark decides first, then `--encoding`, then valid
//! UTF-8, then UTF-16 without a mark (by its zero bytes or its characters),
//! then the charset an HTML page declares, then `chardetng`'s guess (the
//! detector Firefox uses). The text pairaid stores is the decoded UTF-8;
//! every offset it writes is a byte offset into that text.

use std::io::Read;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// How the encoding of an input was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A byte-order mark.
    Bom,
    /// `--encoding NAME`.
    Forced,
    /// The bytes are UTF-8 (or nearly: a few invalid bytes among many
    /// well-formed multi-byte characters).
    Utf8,
    /// UTF-16 without a byte-order mark, recognised by its zero bytes or
    /// by the characters it decodes to.
    Utf16,
    /// `<meta charset>` of an HTML page.
    Declared,
    /// `chardetng`'s guess.
    Detected,
}

impl Choice {
    fn describe(self) -> &'static str {
        match self {
            Choice::Bom => "byte-order mark",
            Choice::Forced => "--encoding",
            Choice::Utf8 => "UTF-8",
            Choice::Utf16 => "detected UTF-16 without a byte-order mark",
            Choice::Declared => "charset declared in the page",
            Choice::Detected => "detected; --encoding NAME forces another",
        }
    }
}

/// An encoding and how it was chosen.
#[derive(Debug, Clone, Copy)]
pub struct Sniffed {
    /// The encoding to decode with.
    pub encoding: &'static Encoding,
    /// Why.
    pub choice: Choice,
}

/// Text decoded from bytes, with what a user should hear about it.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text as pairaid stores it.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// How it was chosen.
    pub choice: Choice,
    /// Whether malformed bytes were replaced with U+FFFD.
    pub had_errors: bool,
}

impl Decoded {
    /// The encoding's name as reported (`GBK`, `gb18030`, `UTF-16LE`, ...).
    /// GBK-looking bytes with GB18030's four-byte sequences are GB18030
    /// ([`sniff`]); encoding_rs decodes both with the GB18030 decoder.
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    /// A note for stderr when the input was not plain UTF-8 or had to be
    /// repaired; `None` for clean UTF-8.
    pub fn note(&self, origin: &str) -> Option<String> {
        let name = self.encoding_name();
        let utf16 = self.encoding == UTF_16LE || self.encoding == UTF_16BE;
        if !utf16 && self.text.contains('\0') {
            // Zero bytes in text: most likely UTF-16 the detector could not confirm.
            return Some(format!(
                "{origin}: decoded as {name}, but it holds zero bytes; if it is UTF-16, \
                 pass --encoding utf-16le or utf-16be"
            ));
        }
        match (self.encoding == UTF_8, self.had_errors) {
            (true, false) => None,
            (true, true) => Some(format!("{origin}: invalid UTF-8 replaced with U+FFFD")),
            (false, errors) => Some(format!(
                "{origin}: not UTF-8, decoded as {name} ({}){}",
                self.choice.describe(),
                if errors {
                    "; malformed bytes replaced with U+FFFD"
                } else {
                    ""
                }
            )),
        }
    }
}

/// The encoding `label` names (`gbk`, `gb18030`, `utf-16le`, `big5`,
/// `shift_jis`, ... as the WHATWG Encoding Standard spells them), or an
/// error for a usage message.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding `{label}` (try utf-8, gbk, gb18030, big5, utf-16le, utf-16be)")
    })
}

/// Whether `bytes` are UTF-8; with `complete == false` a multi-byte
/// character cut off at the end (a stream's prefix) does not count against it.
fn is_utf8(bytes: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => !complete && e.error_len().is_none(),
    }
}

/// Whether `bytes` are mostly UTF-8: well-formed multi-byte characters
/// outnumber malformed sequences two to one. Such a file is UTF-8 with a
/// few damaged bytes, not another encoding: GBK or Big5 text read as UTF-8
/// has one well-formed character for four to ten malformed ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > 0 && good >= 2 * bad
}

/// Whether a UTF-16 code unit is a character real text holds: not a
/// control, a private-use or unassigned-looking code point, nor the
/// Yi/Hangul range that GBK bytes read as UTF-16 fall into.
fn plausible_unit(u: u16) -> bool {
    match u {
        0x09 | 0x0A | 0x0D => true,
        0x00..=0x1F | 0x7F..=0x9F => false,
        0xA000..=0xD7FF | 0xE000..=0xF8FF | 0xFFF0..=0xFFFF => false,
        _ => true,
    }
}

/// UTF-16 without a byte-order mark: the byte order whose zero bytes all
/// sit on one side (ASCII characters: digits, spaces, line breaks), or
/// else whose code units are nearly all plausible characters with paired
/// surrogates (text with no ASCII at all).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let units = bytes.len() / 2;
    if units < 4 {
        return None;
    }
    let zeros = |offset: usize| {
        bytes
            .chunks_exact(2)
            .filter(|pair| pair[offset] == 0)
            .count()
    };
    // Little-endian ASCII has its zero byte second.
    let (high_le, high_be) = (zeros(1), zeros(0));
    if high_le * 5 >= units && high_be * 100 <= units {
        return Some(UTF_16LE);
    }
    if high_be * 5 >= units && high_le * 100 <= units {
        return Some(UTF_16BE);
    }
    let score = |big_endian: bool| {
        let mut plausible = 0usize;
        let mut pending_high = false;
        for pair in bytes.chunks_exact(2) {
            let u = if big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            };
            match u {
                0xD800..=0xDBFF => pending_high = true,
                0xDC00..=0xDFFF if pending_high => {
                    plausible += 2;
                    pending_high = false;
                }
                _ => {
                    pending_high = false;
                    plausible += usize::from(plausible_unit(u));
                }
            }
        }
        plausible
    };
    let (le, be) = (score(false), score(true));
    let threshold = units - units / 50;
    match (le >= threshold, be >= threshold) {
        (true, false) => Some(UTF_16LE),
        (false, true) => Some(UTF_16BE),
        _ => None,
    }
}

/// The charset a page declares in its first 4 KiB (`<meta charset=gbk>`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len()
            && (lower[i].is_ascii_whitespace() || lower[i] == b'"' || lower[i] == b'\'')
        {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
            .map_or(lower.len(), |n| i + n);
        if let Some(encoding) = Encoding::for_label(&lower[i..end]) {
            // A page cannot declare UTF-16 in ASCII bytes (the HTML rule).
            return Some(if encoding == UTF_16LE || encoding == UTF_16BE {
                UTF_8
            } else {
                encoding
            });
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether GBK-looking bytes use GB18030's four-byte sequences.
fn has_gb18030_four_byte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            0x00..=0x80 | 0xFF => i += 1,
            _ if bytes[i + 1].is_ascii_digit() => return true,
            _ => i += 2,
        }
    }
    false
}

/// Chooses the encoding of `bytes` (a whole input when `complete`, else
/// the first bytes of a stream). `html`: also consider `<meta charset>`.
pub fn sniff(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    html: bool,
    complete: bool,
) -> Sniffed {
    let pick = |encoding, choice| Sniffed { encoding, choice };
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return pick(encoding, Choice::Bom);
    }
    if let Some(encoding) = forced {
        return pick(encoding, Choice::Forced);
    }
    let has_zero = bytes.contains(&0);
    if !has_zero && is_utf8(bytes, complete) {
        return pick(UTF_8, Choice::Utf8);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return pick(encoding, Choice::Utf16);
    }
    if html && let Some(encoding) = declared_charset(bytes) {
        return pick(encoding, Choice::Declared);
    }
    if !has_zero && mostly_utf8(bytes) {
        return pick(UTF_8, Choice::Utf8);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, complete);
    let mut encoding = detector.guess(None, Utf8Detection::Allow);
    if encoding == GBK && has_gb18030_four_byte(bytes) {
        encoding = GB18030;
    }
    pick(encoding, Choice::Detected)
}

/// Decodes a whole input (a text file or an HTML page).
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>, html: bool) -> Decoded {
    let Sniffed { encoding, choice } = sniff(bytes, forced, html, true);
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        choice,
        had_errors,
    }
}

/// Wraps a byte stream of `encoding` as a stream of UTF-8 bytes (for JSONL
/// files that are not UTF-8); a byte-order mark of `encoding` is dropped
/// and malformed bytes become U+FFFD.
pub struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    input_pos: usize,
    input_len: usize,
    eof: bool,
    done: bool,
    output: Vec<u8>,
    output_pos: usize,
}

impl<R: Read> DecodingReader<R> {
    /// A reader decoding `inner` from `encoding`.
    pub fn new(inner: R, encoding: &'static Encoding) -> DecodingReader<R> {
        DecodingReader {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; 64 * 1024],
            input_pos: 0,
            input_len: 0,
            eof: false,
            done: false,
            output: Vec::new(),
            output_pos: 0,
        }
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.output_pos < self.output.len() {
                let n = buf.len().min(self.output.len() - self.output_pos);
                buf[..n].copy_from_slice(&self.output[self.output_pos..self.output_pos + n]);
                self.output_pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.input_pos == self.input_len && !self.eof {
                self.input_len = self.inner.read(&mut self.input)?;
                self.input_pos = 0;
                self.eof = self.input_len == 0;
            }
            let pending = &self.input[self.input_pos..self.input_len];
            let room = self
                .decoder
                .max_utf8_buffer_length(pending.len())
                .unwrap_or(pending.len() * 3 + 16)
                .max(16);
            self.output.resize(room, 0);
            let (result, read, written, _) =
                self.decoder
                    .decode_to_utf8(pending, &mut self.output, self.eof);
            self.input_pos += read;
            self.output.truncate(written);
            self.output_pos = 0;
            if self.eof && result == encoding_rs::CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        if encoding == UTF_16LE {
            return text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        }
        if encoding == UTF_16BE {
            return text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        }
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} can encode the sample", encoding.name());
        bytes.into_owned()
    }

    const ZH: &str = "江苏省今年向新疆克孜勒苏柯尔克孜自治州投入援助资金14.6亿元，\
                      实施项目120个，选派干部和专业技术人才300余名。";

    #[test]
    fn encodings_are_recognised() {
        // (name, bytes, expected encoding, expected choice)
        let cases: Vec<(&str, Vec<u8>, &'static Encoding, Choice)> = vec![
            ("utf-8", ZH.as_bytes().to_vec(), UTF_8, Choice::Utf8),
            ("gbk", encode(ZH, GBK), GBK, Choice::Detected),
            (
                "utf-16le, no BOM",
                encode(ZH, UTF_16LE),
                UTF_16LE,
                Choice::Utf16,
            ),
            (
                "utf-16be, no BOM",
                encode(ZH, UTF_16BE),
                UTF_16BE,
                Choice::Utf16,
            ),
            (
                "utf-16le, no BOM, no ASCII",
                encode("江苏省向新疆克孜勒苏柯尔克孜自治州投入援助资金", UTF_16LE),
                UTF_16LE,
                Choice::Utf16,
            ),
            (
                "english utf-16be, no BOM",
                encode("Wuxi allocated 50 million yuan to Haidong.", UTF_16BE),
                UTF_16BE,
                Choice::Utf16,
            ),
            (
                "utf-16le with BOM",
                [&[0xFF, 0xFE][..], &encode(ZH, UTF_16LE)].concat(),
                UTF_16LE,
                Choice::Bom,
            ),
            (
                "utf-8 with BOM",
                [&[0xEF, 0xBB, 0xBF][..], ZH.as_bytes()].concat(),
                UTF_8,
                Choice::Bom,
            ),
        ];
        for (name, bytes, encoding, choice) in cases {
            let decoded = decode(&bytes, None, false);
            assert_eq!(decoded.encoding, encoding, "{name}");
            assert_eq!(decoded.choice, choice, "{name}");
            assert!(!decoded.had_errors, "{name}");
            assert!(!decoded.text.starts_with('\u{feff}'), "{name}: BOM kept");
        }
    }

    #[test]
    fn gb18030_four_byte_sequences_are_named_and_decoded() {
        // 𠀀 (U+20000) and 㐀 (U+3400) lie outside GBK's two-byte table.
        let text = format!("{ZH}𠀀㐀");
        let decoded = decode(&encode(&text, GB18030), None, false);
        assert_eq!(decoded.encoding_name(), "gb18030");
        assert_eq!(decoded.text, text);
    }

    #[test]
    fn forced_encoding_and_declared_charset() {
        let gbk = encode(ZH, GBK);
        let forced = decode(&gbk, Some(GB18030), false);
        assert_eq!((forced.choice, forced.text.as_str()), (Choice::Forced, ZH));
        let page = [
            &b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">"[..],
            &encode("<p>援疆</p>", GBK),
        ]
        .concat();
        let declared = decode(&page, None, true);
        assert_eq!(declared.choice, Choice::Declared);
        assert!(declared.text.contains("援疆"));
        assert_eq!(encoding_for_label("UTF-16LE"), Ok(UTF_16LE));
        assert!(encoding_for_label("klingon").is_err());
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_stay_utf8() {
        let mut bytes = ZH.as_bytes().to_vec();
        bytes.insert(9, 0xFF);
        let decoded = decode(&bytes, None, false);
        assert_eq!(decoded.encoding, UTF_8);
        assert!(decoded.had_errors);
        assert!(decoded.note("x.txt").expect("a note").contains("x.txt"));
        assert_eq!(decode(ZH.as_bytes(), None, false).note("x.txt"), None);
    }

    #[test]
    fn zero_bytes_that_are_no_clear_utf16_are_warned() {
        // Every other unit a control character: not plausible UTF-16 text.
        let bytes: Vec<u8> = (0..64u8)
            .flat_map(|i| [0x01 + i % 7, 0x00, 0x00, 0x05])
            .collect();
        let decoded = decode(&bytes, None, false);
        assert_ne!(decoded.choice, Choice::Utf16);
        let note = decoded.note("odd.txt").expect("a warning");
        assert!(note.contains("--encoding utf-16le"), "{note}");
    }

    #[test]
    fn decoding_reader_streams_in_small_reads() {
        let text = ZH.repeat(2000);
        let bytes = encode(&text, GBK);
        let mut out = String::new();
        let mut reader = DecodingReader::new(std::io::Cursor::new(bytes), GBK);
        let mut buf = [0u8; 7];
        let mut raw = Vec::new();
        loop {
            let n = reader.read(&mut buf).expect("reads from memory");
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        out.push_str(std::str::from_utf8(&raw).expect("UTF-8 out"));
        assert_eq!(out, text);
    }
}
