//! Text normalisation shared by indexing and querying, so both sides always agree.
//!
//! Text is split on anything that is not a letter or digit, lower-cased and folded to
//! ASCII (tantivy's folding table: `Mélanie` -> `melanie`, `Straße` -> `strasse`). Each
//! token is indexed as its whole form followed by [`EXACT`] plus its first 1 to
//! [`SHORT_GRAMS`] characters: a short prefix (the first keystrokes, which match the most
//! customers) is one term lookup, a longer one expands over the term dictionary, where
//! it matches few terms. Phone numbers are indexed as the 4-digit windows
//! ([`PHONE_GRAM`]) of their national and international forms; a typed run of digits
//! matches when all its windows do.
//!
//! Invariants: tokens are non-empty ASCII; at most [`MAX_TOKENS`] query tokens and
//! [`MAX_TOKEN`] characters per token are ever looked at, whatever the input length.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream,
};

/// Longest prefix indexed as a term of its own.
pub const SHORT_GRAMS: usize = 3;
/// Width of the digit windows of phone numbers; shorter runs are not phone searches.
pub const PHONE_GRAM: usize = 4;
/// Longest token kept whole.
pub const MAX_TOKEN: usize = 40;
/// Most tokens a query may have; the rest is ignored.
pub const MAX_TOKENS: usize = 8;
/// Marks a whole token (as opposed to a prefix of one).
pub const EXACT: char = '$';

/// Splits, lower-cases and folds text (one instance per thread: it keeps buffers).
pub struct Folder {
    analyzer: TextAnalyzer,
}

impl Default for Folder {
    fn default() -> Self {
        Folder {
            analyzer: TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

impl Folder {
    /// Appends the folded tokens of `text` to `out` (each at most `MAX_TOKEN` chars).
    pub fn tokens_into(&mut self, text: &str, out: &mut Vec<String>) {
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let t = &stream.token().text;
            if !t.is_empty() {
                out.push(t.chars().take(MAX_TOKEN).collect());
            }
        }
    }

    /// The folded tokens of `text`.
    pub fn tokens(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.tokens_into(text, &mut out);
        out
    }

    /// One folded string (tokens joined by a space), for comparisons and highlighting.
    pub fn fold(&mut self, text: &str) -> String {
        self.tokens(text).join(" ")
    }
}

/// The terms a token is indexed as: its short prefixes and its exact form.
pub fn grams_into(token: &str, out: &mut Vec<String>) {
    let mut prefix = String::with_capacity(SHORT_GRAMS * 4);
    for ch in token.chars().take(SHORT_GRAMS) {
        prefix.push(ch);
        out.push(prefix.clone());
    }
    out.push(exact(token));
}

/// The exact-match term of a token.
pub fn exact(token: &str) -> String {
    let mut s = String::with_capacity(token.len() + 1);
    s.push_str(token);
    s.push(EXACT);
    s
}

/// Whether a query token's prefix is indexed as a term (else it expands in the dictionary).
pub fn is_short(token: &str) -> bool {
    token.chars().count() <= SHORT_GRAMS
}

/// Calling codes of the countries comptoir serves whose national form is the trunk
/// prefix `0` + the national number; others go through libphonenumber (slower).
const TRUNK_ZERO: [&str; 6] = ["33", "32", "31", "49", "41", "44"];

/// The digits of a phone number in its national ("0612345678") and international
/// ("33612345678") forms, from an E.164 value.
pub fn phone_forms(e164: &str) -> Vec<String> {
    let international: String = e164.chars().filter(char::is_ascii_digit).collect();
    let national: String = match TRUNK_ZERO
        .iter()
        .find_map(|cc| international.strip_prefix(cc))
    {
        Some(nsn) => format!("0{nsn}"),
        None => crate::domain::validate::phone_national(e164)
            .chars()
            .filter(char::is_ascii_digit)
            .collect(),
    };
    let mut forms = vec![international];
    if !national.is_empty() && !forms.contains(&national) {
        forms.push(national);
    }
    forms
}

/// The 4-digit windows of each form, deduplicated.
pub fn phone_terms_into(forms: &[String], out: &mut Vec<String>) {
    let start = out.len();
    for f in forms {
        out.extend(windows(f));
    }
    let mut mine = out.split_off(start);
    mine.sort_unstable();
    mine.dedup();
    out.extend(mine);
}

/// The [`PHONE_GRAM`]-digit windows of a digit string.
pub fn windows(digits: &str) -> impl Iterator<Item = String> + '_ {
    (0..=digits.len().saturating_sub(PHONE_GRAM))
        .filter_map(move |i| digits.get(i..i + PHONE_GRAM))
        .filter(|w| w.len() == PHONE_GRAM)
        .map(str::to_string)
}

/// The digit run of a query, if it looks like part of a phone number: the query holds
/// only digits and phone punctuation, with at least [`PHONE_GRAM`] digits. A leading `00` becomes the
/// international form.
pub fn phone_run(query: &str) -> Option<String> {
    if !query
        .chars()
        .all(|c| c.is_ascii_digit() || " +.-/()".contains(c))
    {
        return None;
    }
    let digits: String = query
        .chars()
        .filter(char::is_ascii_digit)
        .take(16)
        .collect();
    let digits = match digits.strip_prefix("00") {
        Some(rest) if query.trim_start().starts_with("00") => rest.to_string(),
        _ => digits,
    };
    (digits.len() >= PHONE_GRAM).then_some(digits)
}

/// Edit distance allowed for a token of this length: 4+ characters one typo, 8+ two.
pub fn typo_budget(token: &str) -> u8 {
    match token.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        let mut f = Folder::default();
        assert_eq!(f.tokens("Mélanie DUPONT"), ["melanie", "dupont"]);
        assert_eq!(f.tokens("Hauptstraße 12a"), ["hauptstrasse", "12a"]);
        assert_eq!(f.tokens("Zoë  Œuvre-Ærø"), ["zoe", "oeuvre", "aero"]);
        assert_eq!(
            f.tokens("jan.de.vries@ziggo.nl"),
            ["jan", "de", "vries", "ziggo", "nl"]
        );
        assert!(f.tokens("  ,;:  ").is_empty());
    }

    #[test]
    fn grams_are_prefixes_and_exact() {
        let mut g = Vec::new();
        grams_into("jan", &mut g);
        assert_eq!(g, ["j", "ja", "jan", "jan$"]);
        let mut g = Vec::new();
        grams_into("de", &mut g);
        assert_eq!(g, ["d", "de", "de$"]);
        let mut long = Vec::new();
        grams_into("dupontel", &mut long);
        assert_eq!(long, ["d", "du", "dup", "dupontel$"]);
    }

    #[test]
    fn phone_terms_cover_every_run() {
        let forms = phone_forms("+33612345678");
        assert_eq!(forms, ["33612345678", "0612345678"]);
        assert_eq!(phone_forms("+352621123456"), ["352621123456", "621123456"]);
        assert_eq!(phone_forms("+14155552671"), ["14155552671", "4155552671"]);
        let mut t = Vec::new();
        phone_terms_into(&forms, &mut t);
        for run in ["0612", "6123", "3361", "3612", "5678"] {
            assert!(t.contains(&run.to_string()), "{run}");
        }
        assert_eq!(t.len(), 9, "{t:?}");
        assert!(t.iter().all(|x| x.len() == PHONE_GRAM));
    }

    #[test]
    fn phone_runs_from_queries() {
        assert_eq!(phone_run("0612").as_deref(), Some("0612"));
        assert_eq!(phone_run("612 34").as_deref(), Some("61234"));
        assert_eq!(phone_run("+33 6 12").as_deref(), Some("33612"));
        assert_eq!(phone_run("0033 6 12").as_deref(), Some("33612"));
        assert_eq!(phone_run("061"), None);
        assert_eq!(phone_run("dupont 06"), None);
    }

    #[test]
    fn typo_budget_by_length() {
        assert_eq!(typo_budget("jan"), 0);
        assert_eq!(typo_budget("jans"), 1);
        assert_eq!(typo_budget("dupontel"), 2);
    }
}
