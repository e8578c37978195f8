//! The length of an SMS as a phone network counts it: in the GSM 7-bit alphabet
//! (3GPP TS 23.038: 160 characters in one message, 153 in each part of a longer one,
//! `€ [ ] { } \ ^ ~ |` taking two) when every character is in it, else in UCS-2 (70
//! UTF-16 units in one message, 67 in each part).
//!
//! Invariants: [`measure`] never panics and counts parts the way the network cuts them:
//! a two-septet character or a surrogate pair is never split between two parts, so a
//! text the counter calls one SMS is billed as one.

/// The most septets (GSM) or UTF-16 units (UCS-2) one SMS holds alone, and in each part
/// of a longer one (the rest of a part is the header joining them).
const GSM_SINGLE: usize = 160;
const GSM_PART: usize = 153;
const UCS2_SINGLE: usize = 70;
const UCS2_PART: usize = 67;

/// How long a text is as an SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsLength {
    /// Characters as the person typing sees them.
    pub chars: usize,
    /// Messages the network sends (and bills) for it; 0 for an empty text.
    pub parts: usize,
    /// A character outside the GSM alphabet: the text goes as UCS-2 (70 per SMS).
    pub unicode: bool,
}

/// The septets a character takes in the GSM 7-bit alphabet: 1 in the basic table, 2 in
/// its extension (an escape, then the character), `None` when it is in neither.
pub fn gsm_septets(c: char) -> Option<usize> {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                         ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENSION: &str = "\u{c}^{}\\[~]|€";
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// `s` with the characters the GSM alphabet lacks replaced by the nearest it has (`â`
/// -> `a`, `œ` -> `oe`, `’` -> `'`, `€` kept: it is in the extension), the others
/// kept as they are: a text that can go as GSM (160 a message) rather than UCS-2 (70).
pub fn fold_gsm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if gsm_septets(c).is_some() {
            out.push(c);
            continue;
        }
        let folded = match c {
            'á' | 'â' | 'ã' | 'ā' => "a",
            'Á' | 'À' | 'Â' | 'Ã' | 'Ā' => "A",
            'ç' => "c",
            'ê' | 'ë' | 'ē' | 'ę' => "e",
            'È' | 'Ê' | 'Ë' | 'Ē' | 'Ę' => "E",
            'í' | 'î' | 'ï' => "i",
            'Í' | 'Ì' | 'Î' | 'Ï' => "I",
            'ó' | 'ô' | 'õ' | 'ō' => "o",
            'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ō' => "O",
            'ú' | 'û' | 'ū' => "u",
            'Ú' | 'Ù' | 'Û' | 'Ū' => "U",
            'ý' | 'ÿ' => "y",
            'Ý' | 'Ÿ' => "Y",
            'œ' => "oe",
            'Œ' => "OE",
            '‘' | '’' | '‚' | '´' | '`' => "'",
            '“' | '”' | '„' | '«' | '»' => "\"",
            '–' | '—' | '‐' => "-",
            '…' => "...",
            '\u{a0}' | '\u{202f}' | '\t' => " ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(folded);
    }
    out
}

/// The length of `text` as an SMS: characters, parts, and the alphabet it needs.
pub fn measure(text: &str) -> SmsLength {
    let chars = text.chars().count();
    let septets: Option<Vec<usize>> = text.chars().map(gsm_septets).collect();
    let (units, unicode): (Vec<usize>, bool) = match septets {
        Some(s) => (s, false),
        None => (text.chars().map(char::len_utf16).collect(), true),
    };
    let (single, part) = if unicode {
        (UCS2_SINGLE, UCS2_PART)
    } else {
        (GSM_SINGLE, GSM_PART)
    };
    let total: usize = units.iter().sum();
    let parts = if total == 0 {
        0
    } else if total <= single {
        1
    } else {
        // Fill each part up to its size without cutting a character in two.
        let (mut parts, mut used) = (1, 0);
        for u in units {
            if used + u > part {
                parts += 1;
                used = 0;
            }
            used += u;
        }
        parts
    };
    SmsLength {
        chars,
        parts,
        unicode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gsm_text_is_one_sms_up_to_160_then_153_per_part() {
        assert_eq!(measure("").parts, 0);
        let one = "a".repeat(160);
        assert_eq!(
            measure(&one),
            SmsLength {
                chars: 160,
                parts: 1,
                unicode: false
            }
        );
        assert_eq!(measure(&"a".repeat(161)).parts, 2);
        assert_eq!(measure(&"a".repeat(306)).parts, 2);
        assert_eq!(measure(&"a".repeat(307)).parts, 3);
        // Accents of the GSM table are one septet; the euro sign two.
        assert!(!measure("Épicerie à Zürich: 12,50 €").unicode);
        assert_eq!(measure(&"€".repeat(80)).parts, 1);
        assert_eq!(measure(&format!("{}€", "a".repeat(159))).parts, 2);
    }

    #[test]
    fn a_character_outside_the_gsm_table_makes_it_ucs2_70_then_67() {
        let t = "Fête: ".repeat(10);
        let m = measure(&t);
        assert!(m.unicode, "ê is not in the GSM table");
        assert_eq!((m.chars, m.parts), (60, 1));
        assert_eq!(measure(&"ê".repeat(70)).parts, 1);
        assert_eq!(measure(&"ê".repeat(71)).parts, 2);
        assert_eq!(measure(&"ê".repeat(134)).parts, 2);
        assert_eq!(measure(&"ê".repeat(135)).parts, 3);
        // An emoji is two UTF-16 units, never split between parts.
        let m = measure(&format!("{}🙂", "ê".repeat(66)));
        assert_eq!((m.chars, m.parts), (67, 1), "68 units fit in one");
        assert_eq!(measure(&format!("{}🙂", "ê".repeat(69))).parts, 2);
    }

    #[test]
    fn folding_keeps_a_french_text_in_the_gsm_alphabet() {
        let f = fold_gsm("Crêperie « L’Île » – Noël, déjà 12,50 €");
        assert_eq!(f, "Creperie \" L'Ile \" - Noel, déjà 12,50 €");
        assert!(!measure(&f).unicode);
        assert_eq!(fold_gsm("日本 🙂"), "日本 🙂", "no Latin form: kept");
    }

    #[test]
    fn a_two_septet_character_is_not_cut_between_parts() {
        // 152 septets, then the euro's two: they go to the next part.
        let t = format!("{}€{}", "a".repeat(152), "a".repeat(10));
        assert_eq!(measure(&t).parts, 2);
        let t = format!("{}€{}", "a".repeat(152), "a".repeat(152));
        assert_eq!(measure(&t).parts, 3, "306 septets, but 152 + 154 by parts");
    }
}
