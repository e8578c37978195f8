//! What matched: splits a displayed value into spans, marking the parts that a typed
//! word starts (accents and case ignored, as the search does).
//!
//! Invariants: the spans put together give back the value exactly; only word starts are
//! marked (a word of the value that begins with a typed word, up to that word's length).

use ratatui::style::Style;
use ratatui::text::Span;

/// A character folded for comparison: lower case, common Latin accents removed.
fn fold(c: char) -> char {
    let l = c.to_lowercase().next().unwrap_or(c);
    match l {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// The typed words, folded, for matching (commas separate advanced-mode values).
pub fn words(typed: &str) -> Vec<Vec<char>> {
    typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold).collect())
        .collect()
}

/// Which characters of `value` a typed word matches (at the start of one of its words).
pub fn marks(value: &str, words: &[Vec<char>]) -> Vec<bool> {
    let chars: Vec<char> = value.chars().map(fold).collect();
    let mut marked = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let starts = chars.get(i).is_some_and(|c| c.is_alphanumeric())
            && (i == 0 || chars.get(i - 1).is_some_and(|c| !c.is_alphanumeric()));
        if starts {
            for w in words {
                let fits = w
                    .iter()
                    .enumerate()
                    .all(|(k, wc)| chars.get(i + k) == Some(wc));
                if fits && !w.is_empty() {
                    for m in marked.iter_mut().skip(i).take(w.len()) {
                        *m = true;
                    }
                }
            }
        }
        i += 1;
    }
    marked
}

/// `value` as spans, matched parts in `hit`, the rest in `base`.
pub fn spans<'a>(value: &str, words: &[Vec<char>], base: Style, hit: Style) -> Vec<Span<'a>> {
    let m = marks(value, words);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_hit = false;
    for (c, h) in value
        .chars()
        .zip(m.iter().copied().chain(std::iter::repeat(false)))
    {
        if h != cur_hit && !cur.is_empty() {
            out.push(Span::styled(
                std::mem::take(&mut cur),
                if cur_hit { hit } else { base },
            ));
        }
        cur_hit = h;
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(Span::styled(cur, if cur_hit { hit } else { base }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_word_starts_ignoring_accents() {
        let w = words("mela dup");
        let m = marks("Mélanie Dupont", &w);
        let got: String = "Mélanie Dupont"
            .chars()
            .zip(m)
            .map(|(c, h)| if h { c } else { '.' })
            .collect();
        assert_eq!(got, "Méla....Dup...");
        assert!(marks("Paris", &words("ari")).iter().all(|h| !h));
        let sp = spans(
            "Rue de la Paix",
            &words("paix"),
            Style::default(),
            Style::default(),
        );
        let joined: String = sp.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(joined, "Rue de la Paix");
        assert_eq!(sp.len(), 2);
    }
}
