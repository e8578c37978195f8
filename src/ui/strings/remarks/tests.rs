//! Every kind of remark has its words in every language: English is the importer's text,
//! French, Dutch and German are their own sentences, none empty, none left in English.

use crate::exchange::remark::tests::every;
use crate::lang::Lang;
use crate::ui::strings::tr;

#[test]
fn every_remark_is_worded_in_every_language() {
    for (r, english) in every() {
        assert_eq!(tr(Lang::En).remark_text(&r), english, "{r:?}");
        let mut seen = vec![english.clone()];
        for lang in [Lang::Fr, Lang::Nl, Lang::De] {
            let text = tr(lang).remark_text(&r);
            assert!(!text.trim().is_empty(), "{lang:?} {r:?}");
            assert_ne!(text, english, "{lang:?} left in English: {r:?}");
            assert!(
                !seen.contains(&text),
                "{lang:?} says another's words: {text}"
            );
            seen.push(text);
        }
    }
}

#[test]
fn values_from_the_file_are_cleaned() {
    let r = crate::exchange::remark::Remark::ReadAsEmpty {
        value: "n/a\u{1b}[31m".into(),
    };
    for lang in Lang::ALL {
        let text = tr(lang).remark_text(&r);
        assert!(!text.contains('\u{1b}'), "{lang:?}: {text:?}");
    }
}

#[test]
fn the_reports_fixed_words_are_translated() {
    let fr = tr(Lang::Fr);
    assert_eq!(fr.column_origin("preset"), "modèle");
    assert_eq!(fr.column_origin("--map"), "--map");
    assert_eq!(fr.preset_shown("common names"), "noms courants");
    assert_eq!(fr.preset_shown("shopify"), "shopify");
    assert_eq!(tr(Lang::De).delimiter_shown("tab"), "Tabulator");
    assert_eq!(
        tr(Lang::Nl).encoding_shown("UTF-16LE (byte-order mark)"),
        "UTF-16LE (BOM-markering)"
    );
    assert_eq!(
        tr(Lang::De).encoding_shown("windows-1252 (from --encoding)"),
        "windows-1252 (vorgegeben)"
    );
    assert_eq!(
        tr(Lang::En).column_shown("(beyond the header)"),
        "(beyond the header)"
    );
    assert_eq!(
        tr(Lang::Fr).column_shown("(beyond the header)"),
        "(après l'en-tête)"
    );
}
