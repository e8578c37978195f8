//! The character tables of the supported layouts: for each run of contiguous kernel key
//! codes (linux/input-event-codes.h: KEY_1 = 2 ... KEY_EQUAL = 13, KEY_Q = 16 ...
//! KEY_RIGHTBRACE = 27, KEY_A = 30 ... KEY_GRAVE = 41, KEY_BACKSLASH = 43 ... KEY_SLASH =
//! 53, KEY_102ND = 86), the character on each level (plain, Shift, AltGr).
//!
//! Invariants: `'\0'` means "nothing on this level"; a level string may be shorter than
//! the row (missing keys have nothing); a `(code, level)` in `dead` marks a dead key whose
//! table character is its spacing accent. The tables follow the Linux console/xkb
//! layouts of the same name (`fr` = AZERTY, `be` = Belgian AZERTY, `de` = QWERTZ, `ch` =
//! Swiss German QWERTZ); keys a scanner never sends (AltGr symbols of rare use) may be
//! missing.

use super::Level;

/// A run of keys with contiguous codes starting at `first`.
pub(super) struct Row {
    pub first: u16,
    pub plain: &'static str,
    pub shift: &'static str,
    pub altgr: &'static str,
}

/// A layout: its rows and its dead keys.
pub(super) struct Table {
    pub rows: &'static [Row],
    pub dead: &'static [(u16, Level)],
}

const fn row(first: u16, plain: &'static str, shift: &'static str, altgr: &'static str) -> Row {
    Row {
        first,
        plain,
        shift,
        altgr,
    }
}

pub(super) const US: Table = Table {
    rows: &[
        row(2, "1234567890-=", "!@#$%^&*()_+", ""),
        row(16, "qwertyuiop[]", "QWERTYUIOP{}", ""),
        row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~", ""),
        row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?", ""),
        row(86, "<", ">", ""),
    ],
    dead: &[],
};

pub(super) const FR: Table = Table {
    rows: &[
        row(2, "&é\"'(-è_çà)=", "1234567890°+", "\0~#{[|`\\^@]}"),
        row(16, "azertyuiop^$", "AZERTYUIOP¨£", "\0\0€\0\0\0\0\0\0\0\0¤"),
        row(30, "qsdfghjklmù²", "QSDFGHJKLM%", ""),
        row(43, "*wxcvbn,;:!", "µWXCVBN?./§", ""),
        row(86, "<", ">", ""),
    ],
    dead: &[(26, Level::Plain), (26, Level::Shift)],
};

pub(super) const BE: Table = Table {
    rows: &[
        row(2, "&é\"'(§è!çà)-", "1234567890°_", "|@#\0\0^\0\0{}"),
        row(16, "azertyuiop^$", "AZERTYUIOP¨*", "\0\0€\0\0\0\0\0\0\0[]"),
        row(30, "qsdfghjklmù²", "QSDFGHJKLM%³", "\0\0\0\0\0\0\0\0\0\0´"),
        row(43, "µwxcvbn,;:=", "£WXCVBN?./+", "`\0\0\0\0\0\0\0\0\0~"),
        row(86, "<", ">", "\\"),
    ],
    dead: &[
        (26, Level::Plain),
        (26, Level::Shift),
        (40, Level::AltGr),
        (43, Level::AltGr),
        (53, Level::AltGr),
    ],
};

pub(super) const DE: Table = Table {
    rows: &[
        row(2, "1234567890ß´", "!\"§$%&/()=?`", "¹²³¼½¬{[]}\\"),
        row(16, "qwertzuiopü+", "QWERTZUIOPÜ*", "@\0€\0\0\0\0\0\0\0\0~"),
        row(30, "asdfghjklöä^", "ASDFGHJKLÖÄ°", ""),
        row(43, "#yxcvbnm,.-", "'YXCVBNM;:_", "\0\0\0\0\0\0\0µ"),
        row(86, "<", ">", "|"),
    ],
    dead: &[(13, Level::Plain), (13, Level::Shift), (41, Level::Plain)],
};

pub(super) const CH: Table = Table {
    rows: &[
        row(2, "1234567890'^", "+\"*ç%&/()=?`", "¦@#\0\0¬|¢\0\0´~"),
        row(16, "qwertzuiopü¨", "QWERTZUIOPè!", "\0\0€\0\0\0\0\0\0\0[]"),
        row(30, "asdfghjklöä§", "ASDFGHJKLéà°", "\0\0\0\0\0\0\0\0\0\0{"),
        row(43, "$yxcvbnm,.-", "£YXCVBNM;:_", "}"),
        row(86, "<", ">", "\\"),
    ],
    dead: &[
        (12, Level::AltGr),
        (13, Level::Plain),
        (13, Level::Shift),
        (13, Level::AltGr),
        (27, Level::Plain),
    ],
};

/// Dead accent + base letter -> composed letter, as pairs `base, composed, ...`.
pub(super) const COMPOSE: &[(char, &str)] = &[
    ('^', "aâeêiîoôuûAÂEÊIÎOÔUÛ"),
    ('¨', "aäeëiïoöuüyÿAÄEËIÏOÖUÜ"),
    ('`', "aàeèiìoòuùAÀEÈIÌOÒUÙ"),
    ('´', "aáeéiíoóuúyýAÁEÉIÍOÓUÚYÝ"),
    ('~', "aãoõnñAÃOÕNÑ"),
];
