use super::*;

fn cards(text: &str) -> Vec<Item> {
    parse(text.as_bytes())
}

#[test]
fn folding_qp_soft_breaks_and_params() {
    let items = cards(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:caf=C3=A9 =\r\nau lait\r\n\
         item1.TEL;HOME;PREF:+33 6 12 34 56 78\r\nFN:Long\r\n  name\r\nADR;LABEL=\"a:b;c\":;;rue\r\nEND:VCARD\r\n",
    );
    let Item::Card(c) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(c.version.as_deref(), Some("2.1"));
    assert_eq!(c.props[0].value, "café au lait");
    assert!(c.props[1].is_pref() && c.props[1].has_type("home"));
    assert_eq!(c.props[1].name, "TEL");
    assert_eq!(c.props[2].value, "Long name");
    assert_eq!(c.props[3].param("LABEL"), Some("a:b;c"));
    assert_eq!(c.props[3].value, ";;rue");
}

#[test]
fn malformed_cards_are_named_and_the_rest_survive() {
    let items = cards("BEGIN:VCARD\nN:A\nBEGIN:VCARD\nN;ENCODING=QUOTED-PRINTABLE:=G1\nEND:VCARD\nBEGIN:VCARD\nFN:ok\nEND:VCARD\nBEGIN:VCARD\nFN:x\n");
    let lines: Vec<(u64, bool)> = items
        .iter()
        .map(|i| match i {
            Item::Card(c) => (c.line, true),
            Item::Malformed { line, .. } => (*line, false),
        })
        .collect();
    assert_eq!(lines, vec![(1, false), (3, false), (6, true), (9, false)]);
}

#[test]
fn charsets_and_escapes() {
    let mut bytes = b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1:M\xfcller;J\xfcrgen\nFN:R\xe9my\nEND:VCARD\n".to_vec();
    let Item::Card(c) = &parse(&bytes)[0] else {
        panic!()
    };
    assert_eq!(c.props[0].value, "Müller;Jürgen");
    assert_eq!(c.props[1].value, "Rémy");
    assert_eq!(c.notes.len(), 1);
    bytes = bytes.replace_version();
    assert!(
        matches!(&parse(&bytes)[0], Item::Malformed { reason, .. } if reason.contains("UTF-8"))
    );
    assert_eq!(components("a\\;b;c\\nd;\\,e"), vec!["a;b", "c\nd", ",e"]);
    assert_eq!(unescape("x\\\\y\\N"), "x\\y\n");
}

trait ReplaceVersion {
    fn replace_version(self) -> Vec<u8>;
}

impl ReplaceVersion for Vec<u8> {
    fn replace_version(self) -> Vec<u8> {
        let s = self;
        let pos = s.windows(3).position(|w| w == b"2.1").unwrap();
        let mut out = s.clone();
        out.splice(pos..pos + 3, b"3.0".iter().copied());
        out
    }
}
