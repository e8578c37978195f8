//! Bytes to text: the encodings spreadsheets and phones really write.
//!
//! [`sniff`] looks at the start of a file: a byte-order mark decides (UTF-8, UTF-16 LE/BE);
//! without one, valid UTF-8 is UTF-8 and anything else is read as Windows-1252, which is
//! what WHATWG and encoding_rs make of the label ISO-8859-1 too (the two differ only in
//! 0x80-0x9F, where real "Latin-1" files hold Windows-1252 punctuation). A file with NUL
//! bytes or many control characters is refused as binary, naming what it looks like.
//!
//! [`Charset`] decodes one field at a time for encodings whose delimiters, quotes and line
//! ends are plain ASCII bytes, so the CSV parser can work on raw bytes and report physical
//! byte positions. UTF-16 goes through [`Utf16Reader`], which turns the stream into UTF-8
//! before the parser sees it: the one UTF-16 decoder, for a whole file ([`body`], vCard)
//! as for a stream ([`body_reader`], CSV).

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// What the first bytes of a file say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniff {
    pub charset: Charset,
    /// Length of the byte-order mark to skip.
    pub bom: usize,
    /// How the encoding was decided, for the report ("UTF-8 (byte-order mark)").
    pub how: String,
}

/// A text encoding and how to decode a field with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charset(&'static Encoding);

impl Charset {
    pub const UTF8: Charset = Charset(UTF_8);
    pub const WINDOWS_1252: Charset = Charset(WINDOWS_1252);

    /// The encoding named by a label ("utf-8", "latin1", "cp1252", "shift_jis"...).
    pub fn from_label(label: &str) -> Option<Charset> {
        Encoding::for_label(label.trim().as_bytes()).map(Charset)
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    pub fn is_utf16(self) -> bool {
        self.0 == UTF_16LE || self.0 == UTF_16BE
    }

    /// Whether a byte-level CSV parse works: delimiters, quotes and line ends are the
    /// ASCII bytes themselves (true for UTF-8, the Windows and ISO code pages, Shift_JIS).
    pub fn is_ascii_compatible(self) -> bool {
        self.0.is_ascii_compatible()
    }

    /// Decodes `bytes`; `None` when they are not valid in this encoding.
    pub fn decode(self, bytes: &[u8]) -> Option<Cow<'_, str>> {
        if self.0 == UTF_8 {
            return std::str::from_utf8(bytes).ok().map(Cow::Borrowed);
        }
        self.0
            .decode_without_bom_handling_and_without_replacement(bytes)
    }

    /// Decodes `bytes`, replacing what is not valid (for error messages and the
    /// rejected-rows file only).
    pub fn decode_lossy(self, bytes: &[u8]) -> Cow<'_, str> {
        self.0.decode_without_bom_handling(bytes).0
    }
}

/// How much of a file [`sniff`] wants to see.
pub const SAMPLE: usize = 64 * 1024;

/// Decides the encoding from the start of a file (`forced` is `--encoding`), or says why
/// the file is not text.
pub fn sniff(sample: &[u8], forced: Option<Charset>) -> Result<Sniff, String> {
    let bom = match sample {
        [0xEF, 0xBB, 0xBF, ..] => Some((Charset(UTF_8), 3)),
        [0xFF, 0xFE, ..] => Some((Charset(UTF_16LE), 2)),
        [0xFE, 0xFF, ..] => Some((Charset(UTF_16BE), 2)),
        _ => None,
    };
    if let Some(f) = forced {
        let skip = match bom {
            Some((c, n)) if c == f => n,
            _ => 0,
        };
        return Ok(Sniff {
            charset: f,
            bom: skip,
            how: format!("{} (from --encoding)", f.name()),
        });
    }
    if let Some((charset, n)) = bom {
        return Ok(Sniff {
            charset,
            bom: n,
            how: format!("{} (byte-order mark)", charset.name()),
        });
    }
    if let Some(what) = binary_kind(sample) {
        return Err(what);
    }
    if utf8_prefix_valid(sample) {
        Ok(Sniff {
            charset: Charset::UTF8,
            bom: 0,
            how: "UTF-8".into(),
        })
    } else {
        Ok(Sniff {
            charset: Charset::WINDOWS_1252,
            bom: 0,
            how: "windows-1252 (the file is not UTF-8; ISO-8859-1 reads the same)".into(),
        })
    }
}

/// Valid UTF-8, allowing the sample to end in the middle of a character.
fn utf8_prefix_valid(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && sample.len() - e.valid_up_to() < 4,
    }
}

/// Says what a non-text file looks like, or `None` for text.
fn binary_kind(sample: &[u8]) -> Option<String> {
    let known: [(&[u8], &str); 6] = [
        (
            b"PK\x03\x04",
            "a ZIP archive or an Excel workbook (.xlsx): save it as CSV from the spreadsheet first",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Excel workbook (.xls): save it as CSV from the spreadsheet first",
        ),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    for (magic, what) in known {
        if sample.starts_with(magic) {
            return Some(format!("this is {what}, not a text file"));
        }
    }
    if let Some(at) = sample.iter().position(|&b| b == 0) {
        return Some(format!(
            "this is a binary file, not text (NUL byte at offset {at})"
        ));
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if !sample.is_empty() && controls * 100 > sample.len() {
        return Some(format!(
            "this is a binary file, not text ({controls} control bytes in the first {} bytes)",
            sample.len()
        ));
    }
    None
}

/// Whether text decoded as Windows-1252 looks like UTF-8 read with the wrong encoding
/// ("MÃ©lanie"): the raw bytes were valid UTF-8 with at least one multi-byte character.
pub fn looks_like_misread_utf8(raw: &[u8]) -> bool {
    raw.iter().any(|&b| b >= 0x80) && std::str::from_utf8(raw).is_ok()
}

/// The text of `bytes` (a file, or its first bytes) after the byte-order mark [`sniff`]
/// found: UTF-16 turned into UTF-8, any other encoding as it is (its fields are decoded
/// later, one at a time).
pub fn body<'a>(bytes: &'a [u8], sniff: &Sniff) -> Cow<'a, [u8]> {
    let rest = bytes.get(sniff.bom..).unwrap_or_default();
    if !sniff.charset.is_utf16() {
        return Cow::Borrowed(rest);
    }
    let mut out = Vec::with_capacity(rest.len());
    // Reading from memory cannot fail; a malformed unit becomes U+FFFD.
    let _ = Utf16Reader::new(rest, sniff.charset).read_to_end(&mut out);
    Cow::Owned(out)
}

/// A stream of the file's text after the byte-order mark: `sample` (its first bytes,
/// already read) then `rest`, UTF-16 turned into UTF-8 on the way. Returns the encoding
/// the stream's fields are then in.
pub fn body_reader<R: Read + Send + 'static>(
    sample: &[u8],
    rest: R,
    sniff: &Sniff,
) -> (Box<dyn Read + Send>, Charset) {
    let head = std::io::Cursor::new(sample.get(sniff.bom..).unwrap_or_default().to_vec());
    if sniff.charset.is_utf16() {
        let utf8 = Utf16Reader::new(head.chain(rest), sniff.charset);
        (Box::new(utf8), Charset::UTF8)
    } else {
        (Box::new(head.chain(rest)), sniff.charset)
    }
}

/// Turns a UTF-16 byte stream into UTF-8 for the CSV parser.
pub struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl<R: Read> Utf16Reader<R> {
    pub fn new(inner: R, charset: Charset) -> Self {
        Utf16Reader {
            inner,
            decoder: charset.0.new_decoder_without_bom_handling(),
            input: vec![0; 32 * 1024],
            output: Vec::new(),
            out_pos: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.out_pos >= self.output.len() {
            if self.eof {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.input)?;
            self.eof = n == 0;
            let src = self.input.get(..n).unwrap_or_default();
            let cap = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            let mut text = String::with_capacity(cap);
            // The buffer holds the worst case, so the decoder consumes all of `src`.
            let _ = self.decoder.decode_to_string(src, &mut text, self.eof);
            self.output = text.into_bytes();
            self.out_pos = 0;
        }
        let rest = self.output.get(self.out_pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_guess() {
        let s = sniff(b"\xEF\xBB\xBFa,b", None).unwrap();
        assert_eq!((s.charset, s.bom), (Charset::UTF8, 3));
        let s = sniff("Prénom;Nom".as_bytes(), None).unwrap();
        assert_eq!(s.charset, Charset::UTF8);
        let s = sniff(b"Pr\xe9nom;Nom", None).unwrap();
        assert_eq!(s.charset, Charset::WINDOWS_1252);
        assert_eq!(s.charset.decode(b"Pr\xe9nom").unwrap(), "Prénom");
        let s = sniff(b"\xFF\xFEa\0", None).unwrap();
        assert!(s.charset.is_utf16());
        // Cut in the middle of "é".
        assert_eq!(sniff(b"abc\xC3", None).unwrap().charset, Charset::UTF8);
    }

    #[test]
    fn latin1_label_reads_as_windows_1252() {
        let c = Charset::from_label("ISO-8859-1").unwrap();
        assert_eq!(c.decode(b"\x80 caf\xe9").unwrap(), "€ café");
        assert!(Charset::from_label("klingon").is_none());
    }

    #[test]
    fn binary_files_are_named() {
        assert!(sniff(b"PK\x03\x04....", None).unwrap_err().contains("xlsx"));
        assert!(sniff(b"abc\0def", None).unwrap_err().contains("NUL"));
        let noise: Vec<u8> = (0..200u8).map(|i| i % 9).collect();
        assert!(sniff(&noise, None).is_err());
    }

    #[test]
    fn utf16_reader_gives_utf8() {
        let bytes: Vec<u8> = "Prénom\tNom\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut out = String::new();
        Utf16Reader::new(&bytes[..], Charset(UTF_16LE))
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "Prénom\tNom\n");
    }

    #[test]
    fn a_utf16_file_reads_the_same_whole_or_streamed() {
        let text = "BEGIN:VCARD\r\nFN:Zoé Müller\r\n";
        for (bom, unit) in [
            (&[0xFF, 0xFE][..], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            (&[0xFE, 0xFF][..], u16::to_be_bytes),
        ] {
            let mut bytes = bom.to_vec();
            bytes.extend(text.encode_utf16().flat_map(unit));
            let s = sniff(&bytes, None).unwrap();
            assert_eq!(body(&bytes, &s).as_ref(), text.as_bytes());
            let (sample, rest) = bytes.split_at(7);
            let (mut stream, charset) =
                body_reader(sample, std::io::Cursor::new(rest.to_vec()), &s);
            let mut streamed = String::new();
            stream.read_to_string(&mut streamed).unwrap();
            assert_eq!((streamed.as_str(), charset), (text, Charset::UTF8));
        }
        let s = sniff(b"\xEF\xBB\xBFPr\xC3\xA9nom", None).unwrap();
        assert_eq!(
            body(b"\xEF\xBB\xBFPr\xC3\xA9nom", &s).as_ref(),
            "Prénom".as_bytes()
        );
    }

    #[test]
    fn misread_utf8_is_spotted() {
        assert!(looks_like_misread_utf8("Mélanie".as_bytes()));
        assert!(!looks_like_misread_utf8(b"M\xe9lanie"));
        assert!(!looks_like_misread_utf8(b"Melanie"));
    }
}
