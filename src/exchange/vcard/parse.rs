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
//! - PHOTO, LOGO, SOUND and KEY are dropped without decoding (they can be megabytes of
//!   base64).
//! - A card without `END:VCARD`, with a broken quoted-printable sequence, an unknown
//!   charset or bytes invalid in its charset is returned as [`Item::Malformed`] with the
//!   line of its `BEGIN` and the reason; the other cards are unaffected.

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
    pub notes: Vec<(Option<String>, String)>,
    /// The card's lines as read, for the rejected-cards file.
    pub raw: Vec<String>,
}

/// What the file holds, card by card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Card(Card),
    Malformed {
        line: u64,
        reason: String,
        raw: Vec<String>,
    },
}

/// Properties never decoded.
const SKIPPED: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

/// Splits a file into cards.
pub fn parse(bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut card: Option<(Card, Option<String>)> = None; // (card, first error)
    for (line, logical) in logical_lines(bytes) {
        let raw_text: Vec<String> = logical
            .raw
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect();
        let head = parse_head(&logical.text);
        let name = head.as_ref().map(|h| h.name.as_str()).unwrap_or("");
        let value_is = |v: &str| {
            head.as_ref().is_some_and(|h| {
                String::from_utf8_lossy(&h.value)
                    .trim()
                    .eq_ignore_ascii_case(v)
            })
        };
        if name == "BEGIN" && value_is("VCARD") {
            if let Some((c, _)) = card.take() {
                items.push(Item::Malformed {
                    line: c.line,
                    reason: format!("no END:VCARD before the next card at line {line}"),
                    raw: c.raw,
                });
            }
            card = Some((
                Card {
                    line,
                    raw: raw_text,
                    ..Default::default()
                },
                None,
            ));
            continue;
        }
        let Some((c, err)) = card.as_mut() else {
            continue; // text outside a card
        };
        c.raw.extend(raw_text);
        if name == "END" && value_is("VCARD") {
            if let Some((c, err)) = card.take() {
                items.push(match err {
                    None => Item::Card(c),
                    Some(reason) => Item::Malformed {
                        line: c.line,
                        reason,
                        raw: c.raw,
                    },
                });
            }
            continue;
        }
        let Some(head) = head else {
            if err.is_none() && !logical.text.iter().all(u8::is_ascii_whitespace) {
                c.notes
                    .push((None, format!("line {line} is not a property: skipped")));
            }
            continue;
        };
        if SKIPPED.contains(&head.name.as_str()) || err.is_some() {
            continue;
        }
        if head.name == "VERSION" {
            c.version = Some(String::from_utf8_lossy(&head.value).trim().to_string());
            continue;
        }
        match decode(&head, c.version.as_deref()) {
            Ok((value, note)) => {
                if let Some(n) = note {
                    c.notes
                        .push((Some(head.name.clone()), format!("{n} (line {line})")));
                }
                c.props.push(Property {
                    name: head.name,
                    params: head.params,
                    value,
                    line,
                });
            }
            Err(reason) => *err = Some(format!("line {line}, {}: {reason}", head.name)),
        }
    }
    if let Some((c, _)) = card {
        items.push(Item::Malformed {
            line: c.line,
            reason: "the file ends before END:VCARD".into(),
            raw: c.raw,
        });
    }
    items
}

struct Logical {
    text: Vec<u8>,
    raw: Vec<Vec<u8>>,
}

/// Physical lines joined into logical lines, each with the number of its first line.
fn logical_lines(bytes: &[u8]) -> Vec<(u64, Logical)> {
    let mut out: Vec<(u64, Logical)> = Vec::new();
    for (i, l) in bytes.split(|&b| b == b'\n').enumerate() {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if let Some((_, cur)) = out.last_mut() {
            let folded = matches!(l.first(), Some(b' ' | b'\t'));
            let soft =
                is_qp(&cur.text) && cur.text.last() == Some(&b'=') && !looks_like_property(l);
            if folded {
                cur.text.extend_from_slice(l.get(1..).unwrap_or_default());
                cur.raw.push(l.to_vec());
                continue;
            }
            if soft && !l.is_empty() {
                cur.text.pop();
                cur.text.extend_from_slice(l);
                cur.raw.push(l.to_vec());
                continue;
            }
        }
        out.push((
            i as u64 + 1,
            Logical {
                text: l.to_vec(),
                raw: vec![l.to_vec()],
            },
        ));
    }
    out
}

/// The part before the value says quoted-printable.
fn is_qp(line: &[u8]) -> bool {
    let head_end = line.iter().position(|&b| b == b':').unwrap_or(line.len());
    let head = line
        .get(..head_end)
        .unwrap_or_default()
        .to_ascii_uppercase();
    head.windows(16).any(|w| w == b"QUOTED-PRINTABLE")
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

/// Decodes a value: quoted-printable, then charset. Returns a warning when a charset
/// was guessed.
fn decode(h: &Head, version: Option<&str>) -> Result<(String, Option<String>), String> {
    let enc = h
        .params
        .iter()
        .find(|(k, _)| k == "ENCODING")
        .map(|(_, v)| v.to_ascii_uppercase());
    let bytes = match enc.as_deref() {
        Some("QUOTED-PRINTABLE") => quoted_printable(&h.value)?,
        Some("BASE64") | Some("B") => {
            return Ok((String::new(), Some("base64 value not read".to_string())))
        }
        _ => h.value.clone(),
    };
    let charset = h
        .params
        .iter()
        .find(|(k, _)| k == "CHARSET")
        .map(|(_, v)| v.as_str());
    match charset {
        Some(label) => {
            let c =
                Charset::from_label(label).ok_or_else(|| format!("unknown charset `{label}`"))?;
            c.decode(&bytes)
                .map(|t| (t.into_owned(), None))
                .ok_or_else(|| format!("text not valid in its charset {}", c.name()))
        }
        None => match std::str::from_utf8(&bytes) {
            Ok(t) => Ok((t.to_string(), None)),
            Err(_) if version == Some("2.1") => {
                let t = Charset::WINDOWS_1252.decode_lossy(&bytes).into_owned();
                Ok((
                    t,
                    Some("no CHARSET and not UTF-8: read as windows-1252".to_string()),
                ))
            }
            Err(_) => Err("text is not valid UTF-8 (vCard 3.0 and 4.0 are UTF-8)".into()),
        },
    }
}

/// Quoted-printable to bytes; `=XX` must be two hex digits.
fn quoted_printable(v: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(v.len());
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
                let bad: String =
                    String::from_utf8_lossy(v.get(i..(i + 3).min(v.len())).unwrap_or_default())
                        .into();
                return Err(format!("broken quoted-printable sequence `{bad}`"));
            }
        }
    }
    Ok(out)
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
