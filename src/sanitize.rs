//! Neutralises control characters and invisible formatting in stored text before it is
//! drawn or printed.
//!
//! Validation already refuses control characters in single-line fields, but data can come
//! from elsewhere (an import, a hand-edited database, notes that allow line breaks), and
//! one ESC byte on a terminal or a receipt printer can move the cursor, change colours or
//! cut the paper. Invariant: the output has no C0/C1 control character (ESC, BEL, CR, LF,
//! TAB included), no DEL and no bidirectional override or zero-width character; each is
//! replaced by `?` so the cashier can see something was there. Text without any is
//! returned borrowed.

use std::borrow::Cow;

fn bad(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// `s` with every control or invisible formatting character replaced by `?`.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(bad) {
        Cow::Owned(s.chars().map(|c| if bad(c) { '?' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// An optional stored value, cleaned (empty when absent).
pub fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .map(|v| clean(v).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_neutralised() {
        assert_eq!(
            clean("Dupont\u{1b}[2J\u{1b}]0;pwned\u{7}"),
            "Dupont?[2J?]0;pwned?"
        );
        assert_eq!(clean("a\r\nb\tc\u{7f}\u{9b}"), "a??b?c??");
        assert_eq!(clean("abc\u{202E}fdp.exe"), "abc?fdp.exe");
        assert!(matches!(clean("Mélanie Dupont"), Cow::Borrowed(_)));
        assert_eq!(opt(&Some("x\u{0}".into())), "x?");
        assert_eq!(opt(&None), "");
    }
}
