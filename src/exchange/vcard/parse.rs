//! vCard text to cards: lines, unfolding, properties, parameters, quoted-printable and
//! charsets (vCard 2.1, 3.0 and 4.0 as phones and mail programs write them).
//!
//! - Lines end in CRLF or LF. A line starting with a space or tab continues the previous
//!   one (RFC 6350 §3.2: the line break and that one character are removed). A
//!   quoted-printable value ending in `=` continues on the next line whatever it starts
//!   with (vCard 2.1 soft line breaks, as Android and old Nokia phones write them).
//! - `[group.]NAME *(;PARAM) : value`: names and parameter names are case-insensitive;
//!   2.1's bare parameters (`TEL;HOME;PREF;QUOTED-PRINTABLE`) are read as `TYPE=` or
//!   `ENCODING=`; quoted parameter values may hold `:` and `;`.
//! - Values are decoded from quoted-printable when `ENCODING=QUOTED-PRINTABLE`, then from
//!   the `CHARSET` (any label encoding_rs knows: UTF-8, ISO-8859-1, Windows-1252,
//!   Shift_JIS...). Without a charset, UTF-8 is expected; a 2.1 card that is not UTF-8 is
//!   read as Windows-1252 with a warning (2.1 phones wrote their code page).
//! - PHOTO, LOGO, SOUND and KEY are dropped without decoding or keeping (they can be
//!   megabytes of base64; they are not copied into the card's raw lines either).
//! - Hostile files cost bounded time and memory: lines are joined in one pass (each byte
//!   looked at a bounded number of times, whatever the folding), a logical line over
//!   [`MAX_LINE`] or a card of more than [`MAX_PROPS`] properties refuses its card,
//!   warnings are kept up to 20 per card, and a file of more than [`MAX_CARDS`] cards is
//!   refused as a whole.
//! - Decoding is lenient, as Android's and Thunderbird's readers are: a broken
//!   quoted-printable sequence is kept as written, an unknown charset or bytes invalid in
//!   the declared one are read as UTF-8 when they are, else as Windows-1252; the card
//!   keeps a warning for each guess (a phone book's one odd byte never costs a contact).
//! - A card without `END:VCARD` (or over a cap below) is returned as [`Item::Malformed`]
//!   with the line of its `BEGIN` and the reason; the other cards are unaffected.

use crate::exchange::remark::{CardFault, Remark, ValueNote};
use crate::exchange::text::Charset;

/// One property of a card, value decoded to text (escapes still in place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    /// Upper-case parameter names with their values (`TYPE` values split at commas).
    pub params: Vec<(String, String)>,
    pub value: String,
    pub line: u64,
}

impl Property {
    /// Whether a TYPE parameter (or 4.0's PREF) says so, case-insensitively.
    pub fn has_type(&self, t: &str) -> bool {
        self.params
            .iter()
            .any(|(k, v)| k == "TYPE" && v.eq_ignore_ascii_case(t))
    }

    pub fn is_pref(&self) -> bool {
        self.has_type("pref") || self.params.iter().any(|(k, _)| k == "PREF")
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A well-formed card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    /// Line of `BEGIN:VCARD`.
    pub line: u64,
    pub version: Option<String>,
    pub props: Vec<Property>,
    /// Things worth a warning (a charset guessed...): the property, if any, and what.
    pub notes: Vec<(Option<String>, Remark)>,
    /// The card's lines as read, for the rejected-cards file.
    pub raw: Vec<String>,
}

/// What the file holds, card by card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Card(Card),
    Malformed {
        line: u64,
        reason: CardFault,
        raw: Vec<String>,
    },
}

/// Properties never decoded.
const SKIPPED: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

/// The most cards one file may hold (a shop's contact book is thousands; a bigger base
/// comes as CSV).
pub const MAX_CARDS: usize = 500_000;
/// The most properties one card may hold before it is refused.
pub const MAX_PROPS: usize = 500;
/// The longest logical line kept (skipped properties such as PHOTO excepted): longer
/// refuses its card.
pub const MAX_LINE: usize = 64 * 1024;
/// Warnings kept per card; the rest are counted in one last warning.
const MAX_NOTES: usize = 20;

/// A card being read, with the first reason to refuse it.
struct Open {
    card: Card,
    err: Option<CardFault>,
    /// Warnings not kept once [`MAX_NOTES`] were.
    dropped_notes: usize,
}

impl Open {
    fn note(&mut self, property: Option<String>, what: Remark) {
        if self.card.notes.len() < MAX_NOTES {
            self.card.notes.push((property, what));
        } else {
            self.dropped_notes += 1;
        }
    }

    fn close(mut self) -> Item {
        if self.dropped_notes > 0 {
            let n = self.dropped_notes;
            self.card
                .notes
                .push((None, Remark::MoreCardWarnings { count: n }));
        }
        match self.err {
            None => Item::Card(self.card),
            Some(reason) => Item::Malformed {
                line: self.card.line,
                reason,
                raw: self.card.raw,
            },
        }
    }
}

/// Splits a file into cards, in time linear in its size; refuses a file of more than
/// [`MAX_CARDS`] cards.
pub fn parse(bytes: &[u8]) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    let mut open: Option<Open> = None;
    for logical in LogicalLines::new(bytes) {
        let line = logical.line;
        let head = parse_head(&logical.text);
        let name = head.as_ref().map(|h| h.name.as_str()).unwrap_or("");
        let value_is = |v: &str| {
            head.as_ref()
                .is_some_and(|h| h.value.trim_ascii().eq_ignore_ascii_case(v.as_bytes()))
        };
        if name == "BEGIN" && value_is("VCARD") {
            if let Some(c) = open.take() {
                items.push(Item::Malformed {
                    line: c.card.line,
                    reason: CardFault::NoEnd { next: line },
                    raw: c.card.raw,
                });
            }
            if items.len() >= MAX_CARDS {
                return Err(format!(
                    "more than {MAX_CARDS} cards (the one at line {line} is over): split the \
                     file, or export the contacts as CSV"
                ));
            }
            open = Some(Open {
                card: Card {
                    line,
                    raw: lossy_lines(&logical.raw),
                    ..Default::default()
                },
                err: None,
                dropped_notes: 0,
            });
            continue;
        }
        let Some(c) = open.as_mut() else {
            continue; // text outside a card
        };
        c.card.raw.extend(lossy_lines(&logical.raw));
        if name == "END" && value_is("VCARD") {
            if let Some(c) = open.take() {
                items.push(c.close());
            }
            continue;
        }
        if c.err.is_none() {
            property(c, logical, head);
        }
    }
    if let Some(c) = open {
        items.push(Item::Malformed {
            line: c.card.line,
            reason: CardFault::EndOfFile,
            raw: c.card.raw,
        });
    }
    Ok(items)
}

/// Reads one logical line inside a card: a property, its version, or a reason to refuse
/// the card.
fn property(c: &mut Open, logical: Logical, head: Option<Head>) {
    let line = logical.line;
    if logical.too_long && !logical.skipped {
        c.err = Some(CardFault::LineTooLong {
            line,
            kib: MAX_LINE / 1024,
        });
        return;
    }
    let Some(head) = head else {
        if !logical.text.iter().all(u8::is_ascii_whitespace) {
            c.note(None, Remark::NotAProperty { line });
        }
        return;
    };
    if logical.skipped || SKIPPED.contains(&head.name.as_str()) {
        return;
    }
    if head.name == "VERSION" {
        c.card.version = Some(String::from_utf8_lossy(&head.value).trim().to_string());
        return;
    }
    if c.card.props.len() >= MAX_PROPS {
        c.err = Some(CardFault::TooManyProperties {
            max: MAX_PROPS,
            line,
        });
        return;
    }
    let (value, notes) = decode(&head, c.card.version.as_deref());
    if !notes.is_empty() {
        c.note(Some(head.name.clone()), Remark::CardValue { notes, line });
    }
    c.card.props.push(Property {
        name: head.name,
        params: head.params,
        value,
        line,
    });
}

fn lossy_lines(raw: &[&[u8]]) -> Vec<String> {
    raw.iter()
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect()
}

/// One logical line: its physical lines joined (folding and soft line breaks undone).
struct Logical<'a> {
    /// Number of its first physical line (1-based).
    line: u64,
    /// The joined text, up to [`MAX_LINE`] bytes; for a skipped property (PHOTO...) only
    /// up to its `:`.
    text: Vec<u8>,
    /// Its physical lines as read, line ends removed (none for a skipped property).
    raw: Vec<&'a [u8]>,
    /// Where the first `:` outside quotes is in `text`, once seen.
    colon: Option<usize>,
    in_quotes: bool,
    /// Decided when the `:` is seen: the head says quoted-printable / a skipped property.
    qp: bool,
    skipped: bool,
    /// The last physical segment ended in `=` (a quoted-printable soft break).
    ends_in_eq: bool,
    /// The text passed [`MAX_LINE`]: the rest was dropped.
    too_long: bool,
}

impl<'a> Logical<'a> {
    fn new(line: u64, first: &'a [u8]) -> Logical<'a> {
        let mut l = Logical {
            line,
            text: Vec::new(),
            raw: Vec::new(),
            colon: None,
            in_quotes: false,
            qp: false,
            skipped: false,
            ends_in_eq: false,
            too_long: false,
        };
        l.append(first, first);
        l
    }

    /// Adds a physical line (`raw`) whose text part is `part`. Each byte is looked at a
    /// bounded number of times, so joining is linear in the line's length.
    fn append(&mut self, raw: &'a [u8], part: &[u8]) {
        if !self.skipped {
            self.raw.push(raw);
        }
        self.ends_in_eq = part.last() == Some(&b'=');
        let mut rest = part;
        if self.colon.is_none() {
            let mut found = None;
            for (i, &b) in part.iter().enumerate() {
                match b {
                    b'"' => self.in_quotes = !self.in_quotes,
                    b':' if !self.in_quotes => {
                        found = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let head_part = found.map_or(part, |i| part.get(..i).unwrap_or_default());
            self.push(head_part);
            rest = found.map_or(&[][..], |i| part.get(i..).unwrap_or_default());
            if found.is_some() {
                self.colon = Some(self.text.len());
                self.read_head();
                if self.skipped {
                    self.push(b":");
                }
            }
        }
        if !self.skipped {
            self.push(rest);
        }
    }

    fn push(&mut self, bytes: &[u8]) {
        let room = MAX_LINE.saturating_sub(self.text.len());
        if bytes.len() > room {
            self.too_long = true;
        }
        self.text
            .extend_from_slice(bytes.get(..room.min(bytes.len())).unwrap_or_default());
    }

    /// The head is complete: is the value quoted-printable, is the property skipped?
    fn read_head(&mut self) {
        let head = self.text.get(..self.colon.unwrap_or(0)).unwrap_or_default();
        let upper = head.to_ascii_uppercase();
        self.qp = upper.windows(16).any(|w| w == b"QUOTED-PRINTABLE");
        let name_end = upper.iter().position(|&b| b == b';').unwrap_or(upper.len());
        let name = upper.get(..name_end).unwrap_or_default();
        let name = name.rsplit(|&b| b == b'.').next().unwrap_or_default();
        if SKIPPED.iter().any(|s| s.as_bytes() == name.trim_ascii()) {
            self.skipped = true;
            self.raw.clear();
        }
    }
}

/// The file's physical lines, numbered from 0, with a look at the next one.
type Physical<'a> =
    std::iter::Peekable<std::iter::Enumerate<std::slice::Split<'a, u8, fn(&u8) -> bool>>>;

/// Physical lines joined into logical lines, one at a time.
struct LogicalLines<'a> {
    lines: Physical<'a>,
}

fn is_newline(b: &u8) -> bool {
    *b == b'\n'
}

impl<'a> LogicalLines<'a> {
    fn new(bytes: &'a [u8]) -> LogicalLines<'a> {
        let split: std::slice::Split<'a, u8, fn(&u8) -> bool> = bytes.split(is_newline);
        LogicalLines {
            lines: split.enumerate().peekable(),
        }
    }
}

fn strip_cr(l: &[u8]) -> &[u8] {
    l.strip_suffix(b"\r").unwrap_or(l)
}

impl<'a> Iterator for LogicalLines<'a> {
    type Item = Logical<'a>;

    fn next(&mut self) -> Option<Logical<'a>> {
        let (i, first) = self.lines.next()?;
        let mut cur = Logical::new(i as u64 + 1, strip_cr(first));
        while let Some((_, next)) = self.lines.peek() {
            let l = strip_cr(next);
            let folded = matches!(l.first(), Some(b' ' | b'\t'));
            let soft = cur.qp && cur.ends_in_eq && !l.is_empty() && !looks_like_property(l);
            if folded {
                cur.append(l, l.get(1..).unwrap_or_default());
            } else if soft {
                if !cur.skipped && !cur.too_long {
                    cur.text.pop();
                }
                cur.append(l, l);
            } else {
                break;
            }
            self.lines.next();
        }
        Some(cur)
    }
}

/// `NAME;` or `NAME:` at the start of a line.
fn looks_like_property(l: &[u8]) -> bool {
    let end = l.iter().position(|&b| b == b':' || b == b';');
    match end {
        Some(n) if n > 0 => l
            .get(..n)
            .unwrap_or_default()
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'.'),
        _ => false,
    }
}

struct Head {
    name: String,
    params: Vec<(String, String)>,
    value: Vec<u8>,
}

/// Splits `[group.]NAME;PARAMS:value`; `None` when the line is not a property.
fn parse_head(line: &[u8]) -> Option<Head> {
    let mut in_quotes = false;
    let mut colon = None;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b':' if !in_quotes => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let head = String::from_utf8_lossy(line.get(..colon)?).into_owned();
    let value = line.get(colon + 1..)?.to_vec();
    let mut parts = split_unquoted(&head, ';').into_iter();
    let full_name = parts.next()?.trim().to_string();
    let name = full_name.rsplit('.').next()?.to_ascii_uppercase();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    let mut params = Vec::new();
    for p in parts {
        let (k, v) = match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().to_string()),
            None => {
                let bare = p.trim().to_ascii_uppercase();
                match bare.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" | "B" => {
                        ("ENCODING".into(), bare)
                    }
                    _ => ("TYPE".into(), bare),
                }
            }
        };
        for v in split_unquoted(&v, ',') {
            params.push((k.clone(), v.trim().trim_matches('"').to_string()));
        }
    }
    Some(Head {
        name,
        params,
        value,
    })
}

fn split_unquoted(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut q = false;
    for c in s.chars() {
        if c == '"' {
            q = !q;
        }
        if c == sep && !q {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// Decodes a value: quoted-printable, then charset, leniently (as Android's and
/// Thunderbird's readers do): a broken `=XX` sequence is kept as written, an unknown
/// charset or bytes invalid in the declared one are read as UTF-8 when they are, else as
/// Windows-1252; each guess comes back as a warning.
fn decode(h: &Head, version: Option<&str>) -> (String, Vec<ValueNote>) {
    let enc = h
        .params
        .iter()
        .find(|(k, _)| k == "ENCODING")
        .map(|(_, v)| v.to_ascii_uppercase());
    let mut notes: Vec<ValueNote> = Vec::new();
    let bytes = match enc.as_deref() {
        Some("QUOTED-PRINTABLE") => {
            let (bytes, broken) = quoted_printable(&h.value);
            if let Some(bad) = broken {
                notes.push(ValueNote::BrokenQuotedPrintable { bad });
            }
            bytes
        }
        Some("BASE64") | Some("B") => return (String::new(), vec![ValueNote::Base64]),
        _ => h.value.clone(),
    };
    let charset = h
        .params
        .iter()
        .find(|(k, _)| k == "CHARSET")
        .map(|(_, v)| v.as_str());
    let text = match charset {
        Some(label) => match Charset::from_label(label) {
            Some(c) => match c.decode(&bytes) {
                Some(t) => t.into_owned(),
                None => {
                    let (t, utf8) = guess(&bytes);
                    notes.push(ValueNote::NotInCharset {
                        charset: c.name().to_string(),
                        utf8,
                    });
                    t
                }
            },
            None => {
                let (t, utf8) = guess(&bytes);
                notes.push(ValueNote::UnknownCharset {
                    label: clip(label),
                    utf8,
                });
                t
            }
        },
        None => match std::str::from_utf8(&bytes) {
            Ok(t) => t.to_string(),
            Err(_) => {
                let t = Charset::WINDOWS_1252.decode_lossy(&bytes).into_owned();
                notes.push(if version == Some("2.1") {
                    ValueNote::NoCharset21
                } else {
                    ValueNote::NotUtf8
                });
                t
            }
        },
    };
    (text, notes)
}

/// Bytes read as UTF-8 when they are, else as Windows-1252 (every byte is a character
/// there), and how.
fn guess(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_string(), true),
        Err(_) => (
            Charset::WINDOWS_1252.decode_lossy(bytes).into_owned(),
            false,
        ),
    }
}

/// A label or value cut for a message.
fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Quoted-printable to bytes; an `=` not followed by two hex digits is kept as written
/// (with the first such sequence returned, for a warning).
fn quoted_printable(v: &[u8]) -> (Vec<u8>, Option<String>) {
    let mut out = Vec::with_capacity(v.len());
    let mut broken = None;
    let mut i = 0;
    while let Some(&b) = v.get(i) {
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        let hex = |j: usize| v.get(j).and_then(|c| (*c as char).to_digit(16));
        match (hex(i + 1), hex(i + 2)) {
            (Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ if i + 1 == v.len() => i += 1, // a soft break at the very end
            _ => {
                if broken.is_none() {
                    let seq = v.get(i..(i + 3).min(v.len())).unwrap_or_default();
                    broken = Some(String::from_utf8_lossy(seq).into_owned());
                }
                out.push(b'=');
                i += 1;
            }
        }
    }
    (out, broken)
}

/// Removes vCard escapes: `\n` `\N` -> line break, `\,` `\;` `\\` -> the character.
pub fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut it = v.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a structured value (N, ADR, ORG) at unescaped `;`, unescaping each part.
pub fn components(v: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in v.chars() {
        if escaped {
            cur.push('\\');
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ';' {
            parts.push(unescape(&cur));
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    parts.push(unescape(&cur));
    parts
}

#[cfg(test)]
mod tests;
