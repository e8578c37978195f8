//! The printer's character tables and what becomes of a character they lack.
//!
//! Invariants: [`fold`] returns text every character of which [`encode`] maps to one
//! byte of the page: ASCII 0x20-0x7E, or a byte 0x80-0xFF the page defines; a character
//! outside the page is transliterated to ASCII (é -> e only where the page lacks é;
//! Œ -> OE, ß -> ss, “ -> ", — -> -, … -> ...), never to `?`; a character with no
//! sensible Latin form (a Chinese ideogram, an emoji) becomes `_`, so the reader sees
//! something was there and the line keeps its length. Control characters are not this
//! module's business: the sanitiser has turned them into `?` before (and [`fold`] maps
//! any left to `_` all the same, so no byte below 0x20 can come out of it).
//!
//! The tables are the byte 0x80..=0xFF halves of IBM PC858 (PC850 with the euro sign at
//! 0xD5) and Windows-1252 (its five undefined bytes marked `\0`), as the Unicode
//! mapping files give them; the test compares the second with `encoding_rs`.

use crate::printer::CodePage;

const CP858: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', 'ø', '£', 'Ø', '×', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '®', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', 'Á', 'Â', 'À', '©', '╣', '║', '╗', '╝', '¢', '¥', '┐', //
    '└', '┴', '┬', '├', '─', '┼', 'ã', 'Ã', '╚', '╔', '╩', '╦', '╠', '═', '╬', '¤', //
    'ð', 'Ð', 'Ê', 'Ë', 'È', '€', 'Í', 'Î', 'Ï', '┘', '┌', '█', '▄', '¦', 'Ì', '▀', //
    'Ó', 'ß', 'Ô', 'Ò', 'õ', 'Õ', 'µ', 'þ', 'Þ', 'Ú', 'Û', 'Ù', 'ý', 'Ý', '¯', '´', //
    '\u{AD}', '±', '‗', '¾', '¶', '§', '÷', '¸', '°', '¨', '·', '¹', '³', '²', '■', '\u{A0}',
];

const CP1252: [char; 128] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', //
    '\0', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ', //
    '\u{A0}', '¡', '¢', '£', '¤', '¥', '¦', '§', '¨', '©', 'ª', '«', '¬', '\u{AD}', '®', '¯', '°',
    '±', '²', '³', '´', 'µ', '¶', '·', '¸', '¹', 'º', '»', '¼', '½', '¾', '¿', //
    'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'Æ', 'Ç', 'È', 'É', 'Ê', 'Ë', 'Ì', 'Í', 'Î', 'Ï', //
    'Ð', 'Ñ', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', '×', 'Ø', 'Ù', 'Ú', 'Û', 'Ü', 'Ý', 'Þ', 'ß', //
    'à', 'á', 'â', 'ã', 'ä', 'å', 'æ', 'ç', 'è', 'é', 'ê', 'ë', 'ì', 'í', 'î', 'ï', //
    'ð', 'ñ', 'ò', 'ó', 'ô', 'õ', 'ö', '÷', 'ø', 'ù', 'ú', 'û', 'ü', 'ý', 'þ', 'ÿ', //
];

/// The upper half of `page`: the character of each byte 0x80..=0xFF (`\0`: none).
pub fn table(page: CodePage) -> &'static [char; 128] {
    match page {
        CodePage::Cp858 => &CP858,
        CodePage::Cp1252 => &CP1252,
    }
}

/// The byte of `c` in `page`, if it has one (printable ASCII is the same everywhere).
pub fn encode(page: CodePage, c: char) -> Option<u8> {
    match c {
        ' '..='~' => u8::try_from(c).ok(),
        '\0' => None,
        // Printers print a space for either; plain spaces keep the columns simple.
        '\u{A0}' | '\u{AD}' => None,
        _ => table(page)
            .iter()
            .position(|t| *t == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// `text` with every character `page` lacks transliterated (see the module invariants).
pub fn fold(page: CodePage, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if encode(page, c).is_some() {
            out.push(c);
        } else {
            out.push_str(ascii(c));
        }
    }
    out
}

/// The ASCII form of a character outside the page (`_` when there is none).
fn ascii(c: char) -> &'static str {
    if let Some(s) = latin(c) {
        return s;
    }
    if let Some(s) = symbol(c) {
        return s;
    }
    if let Some(s) = cyrillic(c).or_else(|| greek(c)) {
        return s;
    }
    match c {
        // Combining accents (a decomposed "é"): the letter before them stays.
        '\u{300}'..='\u{36F}' => "",
        // Full-width forms of ASCII (typed with an East Asian input method).
        '\u{FF01}'..='\u{FF5E}' => FULL_WIDTH
            .get((c as usize) - 0xFF01)
            .copied()
            .unwrap_or("_"),
        _ => "_",
    }
}

/// ASCII 0x21..=0x7E as one-character strings (the full-width forms map onto them).
const FULL_WIDTH: [&str; 94] = [
    "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", "0", "1", "2", "3",
    "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?", "@", "A", "B", "C", "D", "E", "F",
    "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y",
    "Z", "[", "\\", "]", "^", "_", "`", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
    "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "{", "|", "}", "~",
];

/// Latin letters with accents, ligatures and special forms (Latin-1, Latin Extended-A,
/// the Romanian and a few Extended-B letters).
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' | 'Ǎ' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ª' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' | 'Ǐ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' | 'ĸ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' | 'Ǒ' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'º' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => "s",
        'ß' => "ss",
        'ẞ' => "SS",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' | 'Ǔ' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        'ƒ' => "f",
        _ => return None,
    })
}

/// Punctuation, spaces and signs.
fn symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        '\u{AD}' => "",
        '‘' | '’' | '‚' | '‛' | '′' | '´' | '`' => "'",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '‹' => "<",
        '›' => ">",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '‗' => "-",
        '…' => "...",
        '•' | '∙' | '·' | '■' | '□' | '▪' | '●' => "*",
        '€' => "EUR",
        '£' => "GBP",
        '¥' => "JPY",
        '¢' => "c",
        '¤' => "$",
        '©' => "(c)",
        '®' => "(R)",
        '™' => "TM",
        '°' => "o",
        '±' => "+/-",
        '×' => "x",
        '÷' => "/",
        '‰' => "o/oo",
        '¼' => "1/4",
        '½' => "1/2",
        '¾' => "3/4",
        '¹' => "1",
        '²' => "2",
        '³' => "3",
        'µ' => "u",
        '§' => "S",
        '¶' => "P",
        '¦' => "|",
        '¬' => "-",
        '¨' | '¸' | '¯' | 'ˆ' | '˜' => "",
        '¡' => "!",
        '¿' => "?",
        '†' => "+",
        '‡' => "++",
        '←' => "<-",
        '→' => "->",
        '≤' => "<=",
        '≥' => ">=",
        '≠' => "!=",
        '№' => "No",
        '░' | '▒' | '▓' | '█' | '▄' | '▀' => "#",
        '│' | '║' | '┤' | '╣' | '├' | '╠' => "|",
        '─' | '═' | '┴' | '┬' | '╩' | '╦' => "-",
        '┐' | '└' | '┘' | '┌' | '┼' | '╗' | '╝' | '╚' | '╔' | '╬' => "+",
        _ => return None,
    })
}

/// Russian, Ukrainian, Belarusian, Bulgarian and Serbian Cyrillic, the usual way
/// (Ж -> Zh, Щ -> Shch; the hard and soft signs drop).
fn cyrillic(c: char) -> Option<&'static str> {
    const UPPER: [&str; 32] = [
        "A", "B", "V", "G", "D", "E", "Zh", "Z", "I", "Y", "K", "L", "M", "N", "O", "P", "R", "S",
        "T", "U", "F", "Kh", "Ts", "Ch", "Sh", "Shch", "", "Y", "", "E", "Yu", "Ya",
    ];
    const LOWER: [&str; 32] = [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
        "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ];
    let n = c as u32;
    match n {
        0x410..=0x42F => UPPER.get((n - 0x410) as usize).copied(),
        0x430..=0x44F => LOWER.get((n - 0x430) as usize).copied(),
        _ => Some(match c {
            'Ё' => "Yo",
            'ё' => "yo",
            'Є' => "Ye",
            'є' => "ye",
            'І' => "I",
            'і' => "i",
            'Ї' => "Yi",
            'ї' => "yi",
            'Ґ' => "G",
            'ґ' => "g",
            'Ў' => "U",
            'ў' => "u",
            'Ђ' => "Dj",
            'ђ' => "dj",
            'Ј' => "J",
            'ј' => "j",
            'Љ' => "Lj",
            'љ' => "lj",
            'Њ' => "Nj",
            'њ' => "nj",
            'Ћ' => "C",
            'ћ' => "c",
            'Џ' => "Dz",
            'џ' => "dz",
            _ => return None,
        }),
    }
}

/// Greek letters, one Latin form each (accents dropped).
fn greek(c: char) -> Option<&'static str> {
    const UPPER: [&str; 25] = [
        "A", "V", "G", "D", "E", "Z", "I", "Th", "I", "K", "L", "M", "N", "X", "O", "P", "R", "",
        "S", "T", "Y", "F", "Ch", "Ps", "O",
    ];
    const LOWER: [&str; 25] = [
        "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s",
        "s", "t", "y", "f", "ch", "ps", "o",
    ];
    let n = c as u32;
    match n {
        0x391..=0x3A9 => UPPER.get((n - 0x391) as usize).copied(),
        0x3B1..=0x3C9 => LOWER.get((n - 0x3B1) as usize).copied(),
        _ => Some(match c {
            'Ά' => "A",
            'Έ' => "E",
            'Ή' | 'Ί' => "I",
            'Ό' | 'Ώ' => "O",
            'Ύ' => "Y",
            'ά' => "a",
            'έ' => "e",
            'ή' | 'ί' | 'ϊ' | 'ΐ' => "i",
            'ό' | 'ώ' => "o",
            'ύ' | 'ϋ' | 'ΰ' => "y",
            _ => return None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_1252_table_is_the_one_encoding_rs_knows() {
        for (i, c) in CP1252.iter().enumerate() {
            let byte = [u8::try_from(0x80 + i).unwrap()];
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
            if *c == '\0' {
                // Undefined in Windows-1252 (WHATWG passes them through as C1 controls).
                assert!(text.chars().all(char::is_control), "{i:#x}");
            } else {
                assert_eq!(text.chars().next(), Some(*c), "byte {:#x}", 0x80 + i);
            }
        }
    }

    #[test]
    fn the_858_table_has_the_euro_where_850_had_the_dotless_i() {
        assert_eq!(encode(CodePage::Cp858, '€'), Some(0xD5));
        assert_eq!(encode(CodePage::Cp858, 'ı'), None);
        assert_eq!(encode(CodePage::Cp858, 'é'), Some(0x82));
        assert_eq!(encode(CodePage::Cp858, 'Ø'), Some(0x9D));
        assert_eq!(encode(CodePage::Cp858, 'ß'), Some(0xE1));
        assert_eq!(encode(CodePage::Cp1252, '€'), Some(0x80));
        assert_eq!(encode(CodePage::Cp1252, 'é'), Some(0xE9));
        // Every table character but the blanks encodes back to its own byte.
        for page in CodePage::ALL {
            for (i, c) in table(page).iter().enumerate() {
                if !matches!(c, '\0' | '\u{A0}' | '\u{AD}') {
                    assert_eq!(encode(page, *c), u8::try_from(0x80 + i).ok(), "{c}");
                }
            }
        }
    }

    #[test]
    fn what_a_page_lacks_is_transliterated_never_a_question_mark() {
        let text = "Café Crème, Øresund, Straße, 12,50 € – «Œuvre» “Łódź” ı… 日本 😀 Москва Αθήνα";
        assert_eq!(
            fold(CodePage::Cp858, text),
            "Café Crème, Øresund, Straße, 12,50 € - «OEuvre» \"Lódz\" i... __ _ Moskva Athina"
        );
        assert_eq!(
            fold(CodePage::Cp1252, text),
            "Café Crème, Øresund, Straße, 12,50 € – «Œuvre» “Lódz” i… __ _ Moskva Athina"
        );
        for page in CodePage::ALL {
            let folded = fold(page, text);
            assert!(!folded.contains('?'));
            assert!(
                folded.chars().all(|c| encode(page, c).is_some()),
                "{folded}"
            );
            // Decomposed accents, exotic spaces, controls left by mistake.
            assert_eq!(
                fold(page, "e\u{301}te\u{202F}2\u{1b}"),
                "ete 2_",
                "{page:?}"
            );
            assert_eq!(fold(page, "ＡＢＣ１"), "ABC1");
        }
    }
}
