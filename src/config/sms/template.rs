//! The `[sms]` request templates: the URL's query and the body, with placeholders
//! `{to}`, `{text}` and `{from}` filled in when a message is sent, each value escaped for
//! where it goes (a JSON string's content, or percent-encoded for a form body and a URL's
//! query), so what a customer's text holds (quotes, `&`, `=`, braces, line breaks) stays
//! inside its own field and can never add one.
//!
//! Syntax: `{` followed by a name (a letter or `_`, then letters, digits or `_`) and `}`
//! is a placeholder; any other `{` is itself (a JSON object's braces need no escaping).
//! A placeholder of another name is refused when the config loads, by its name.
//!
//! Invariants: a template is parsed once, at load time; filling it in scans the
//! template, never the values, so a value holding `{to}` is sent as written; the
//! escapers leave only characters that cannot end a JSON string or a form field.

use serde::{Serialize, Serializer};

/// A value a template may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The recipient's number, E.164 (`+33612345678`).
    To,
    /// The message.
    Text,
    /// The sender's name or number (`[sms] from`).
    From,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::To, Field::Text, Field::From];

    pub fn name(self) -> &'static str {
        match self {
            Field::To => "to",
            Field::Text => "text",
            Field::From => "from",
        }
    }
}

/// How the values are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Escape {
    /// Inside a JSON string: `"`, `\` and control characters escaped.
    Json,
    /// `application/x-www-form-urlencoded`, and a URL's query: everything but letters,
    /// digits and `-._~` percent-encoded (UTF-8).
    Form,
}

impl Escape {
    pub fn apply(self, value: &str) -> String {
        match self {
            Escape::Json => json_escape(value),
            Escape::Form => percent_encode(value),
        }
    }
}

/// The values a message fills a template with.
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    pub to: &'a str,
    pub text: &'a str,
    pub from: &'a str,
}

impl Values<'_> {
    fn get(&self, f: Field) -> &str {
        match f {
            Field::To => self.to,
            Field::Text => self.text,
            Field::From => self.from,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Field(Field),
}

/// A template, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    pieces: Vec<Piece>,
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl Template {
    /// Parses `source`; `Err`: the unknown placeholder, named.
    pub fn parse(source: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut rest = source;
        while let Some(at) = rest.find('{') {
            lit.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            match placeholder(after) {
                Some(name) => {
                    let field = Field::ALL
                        .into_iter()
                        .find(|f| f.name() == name)
                        .ok_or_else(|| {
                            format!("`{{{name}}}` is not a placeholder (use {{to}}, {{text}} or {{from}})")
                        })?;
                    if !lit.is_empty() {
                        pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    }
                    pieces.push(Piece::Field(field));
                    rest = &after[name.len() + 1..];
                }
                None => {
                    lit.push('{');
                    rest = after;
                }
            }
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        Ok(Template {
            source: source.to_string(),
            pieces,
        })
    }

    /// The template as written in the config.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether it asks for `f`.
    pub fn uses(&self, f: Field) -> bool {
        self.pieces.contains(&Piece::Field(f))
    }

    /// Filled in with `values`, each escaped by `escape`.
    pub fn render(&self, values: &Values, escape: Escape) -> String {
        let mut out = String::with_capacity(self.source.len() + values.text.len() * 2);
        for p in &self.pieces {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Field(f) => out.push_str(&escape.apply(values.get(*f))),
            }
        }
        out
    }
}

/// The name of a placeholder at the start of `s` (just after its `{`), if one is there.
fn placeholder(s: &str) -> Option<&str> {
    let end = s.find('}')?;
    let name = &s[..end];
    let mut chars = name.chars();
    let first = chars.next()?;
    let ok = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(name)
}

/// `s` as the content of a JSON string (without its quotes).
pub fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Line and paragraph separators too: some JSON readers are JavaScript.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// `s` percent-encoded as UTF-8, letters, digits and `-._~` left as they are.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "Bonjour \"Zoé\" & co\n}, \"admin\": true, {to}=+1&x=\\";

    fn values(text: &str) -> Values<'_> {
        Values {
            to: "+33612345678",
            text,
            from: "Épicerie",
        }
    }

    #[test]
    fn a_json_body_keeps_a_hostile_text_inside_its_string() {
        let t =
            Template::parse(r#"{"to": "{to}", "message": "{text}", "sender": "{from}"}"#).unwrap();
        assert!(t.uses(Field::To) && t.uses(Field::Text) && t.uses(Field::From));
        let body = t.render(&values(HOSTILE), Escape::Json);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let obj = v.as_object().unwrap();
        assert_eq!(obj.len(), 3, "no field added: {body}");
        assert_eq!(obj["message"], HOSTILE, "the text comes back whole");
        assert_eq!(obj["to"], "+33612345678");
        assert_eq!(obj["sender"], "Épicerie");
        // Control characters and the separators JavaScript ends lines at.
        let odd = t.render(&values("a\u{1}b\u{2028}c\td"), Escape::Json);
        assert!(odd.contains(r"a\u0001b\u2028c\td"), "{odd}");
        let v: serde_json::Value = serde_json::from_str(&odd).unwrap();
        assert_eq!(v["message"], "a\u{1}b\u{2028}c\td");
    }

    #[test]
    fn a_form_body_and_a_get_query_keep_a_hostile_text_in_one_field() {
        let t = Template::parse("To={to}&Body={text}&From={from}").unwrap();
        let body = t.render(&values(HOSTILE), Escape::Form);
        let fields: Vec<&str> = body.split('&').collect();
        assert_eq!(fields.len(), 3, "{body}");
        assert_eq!(fields[0], "To=%2B33612345678", "{body}");
        assert!(fields[1].starts_with("Body=Bonjour%20%22Zo%C3%A9%22%20%26%20co%0A%7D%2C"));
        assert!(!fields[1][5..].contains(['=', '&', '{', '}', '"', '\n', ' ']));
        assert_eq!(fields[2], "From=%C3%89picerie");
        // The placeholders of a value are not filled in again.
        assert!(body.contains("%7Bto%7D%3D%2B1%26x%3D%5C"), "{body}");
        // A GET query is the same encoding.
        let q = Template::parse("/send?to={to}&msg={text}").unwrap();
        let target = q.render(&values("a b&c=d\r\nHost: evil"), Escape::Form);
        assert_eq!(
            target,
            "/send?to=%2B33612345678&msg=a%20b%26c%3Dd%0D%0AHost%3A%20evil"
        );
        assert!(!target.contains([' ', '\r', '\n']));
    }

    #[test]
    fn braces_that_are_not_a_placeholder_stay_and_an_unknown_one_is_refused() {
        let t = Template::parse(r#"{"a": {"b": "{text}"}, "c": {}}"#).unwrap();
        assert_eq!(
            t.render(&values("x"), Escape::Json),
            r#"{"a": {"b": "x"}, "c": {}}"#
        );
        let e = Template::parse(r#"{"to": "{phone}"}"#).unwrap_err();
        assert!(e.contains("`{phone}`"), "{e}");
        assert!(Template::parse("{Text}").is_err(), "names are lower case");
        assert!(
            Template::parse("{ text }").is_ok(),
            "not a placeholder: literal"
        );
        assert!(!Template::parse("{ text }").unwrap().uses(Field::Text));
        let open = Template::parse("{text").unwrap();
        assert_eq!(open.render(&values("x"), Escape::Json), "{text");
    }
}
