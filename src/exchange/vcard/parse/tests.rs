use super::*;

fn cards(text: &str) -> Vec<Item> {
    parse(text.as_bytes()).expect("under the caps")
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
    assert_eq!(lines, vec![(1, false), (3, true), (6, true), (9, false)]);
}

#[test]
fn broken_sequences_and_charsets_are_read_leniently_with_a_warning() {
    let items = cards(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Caf=E9=G1;Ann\r\n\
         FN;CHARSET=X-MADE-UP:Ann\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E9t=E9\r\n\
         END:VCARD\r\n",
    );
    let Item::Card(c) = &items[0] else {
        panic!("{items:?}")
    };
    // =E9 alone is not UTF-8 and 2.1 has no charset: windows-1252, =G1 kept as written.
    assert_eq!(c.props[0].value, "Café=G1;Ann");
    assert_eq!(c.props[1].value, "Ann");
    assert_eq!(c.props[2].value, "été");
    let notes: Vec<String> = c.notes.iter().map(|(_, n)| n.english()).collect();
    assert!(
        notes[0].contains("broken quoted-printable sequence `=G1` kept as written"),
        "{notes:?}"
    );
    assert!(notes[0].contains("read as windows-1252"), "{notes:?}");
    assert!(
        notes[1].starts_with("unknown charset `X-MADE-UP`: read as UTF-8"),
        "{notes:?}"
    );
    assert!(
        notes[2].starts_with("text not valid in its charset UTF-8: read as windows-1252"),
        "{notes:?}"
    );
}

#[test]
fn charsets_and_escapes() {
    let mut bytes = b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1:M\xfcller;J\xfcrgen\nFN:R\xe9my\nEND:VCARD\n".to_vec();
    let Item::Card(c) = &parse(&bytes).expect("one card")[0] else {
        panic!()
    };
    assert_eq!(c.props[0].value, "Müller;Jürgen");
    assert_eq!(c.props[1].value, "Rémy");
    assert_eq!(c.notes.len(), 1);
    bytes = bytes.replace_version();
    let Item::Card(c) = &parse(&bytes).expect("one card")[0] else {
        panic!()
    };
    assert_eq!(c.props[1].value, "Rémy");
    assert!(c.notes[0]
        .1
        .english()
        .contains("not valid UTF-8 (vCard 3.0 and 4.0 are UTF-8): read as windows-1252"));
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

#[test]
fn a_folded_line_without_colon_is_joined_in_linear_time() {
    // 200,000 continuation lines of a property that never gets its `:`: quadratic joining
    // (re-scanning the joined text for its `:` at every line) takes minutes here.
    let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE;X-A=");
    for _ in 0..200_000 {
        text.push_str("\r\n abcdefghijklmnopqrstuvwxyz");
    }
    text.push_str("\r\nFN:After\r\nEND:VCARD\r\n");
    let started = std::time::Instant::now();
    let items = cards(&text);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let Item::Malformed { reason, .. } = &items[0] else {
        panic!("not malformed")
    };
    assert_eq!(reason.to_string(), "line 3 is longer than 64 KiB");

    // A short line without a `:` is only skipped.
    let items = cards("BEGIN:VCARD\r\nNOTE;X-A=\r\n abc\r\nFN:After\r\nEND:VCARD\r\n");
    let Item::Card(c) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(c.props[0].value, "After");
    assert_eq!(c.notes[0].1.english(), "line 2 is not a property: skipped");
}

#[test]
fn photos_are_neither_decoded_nor_kept() {
    let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nPHOTO;ENCODING=b;TYPE=JPEG:");
    for _ in 0..20_000 {
        text.push_str("\r\n QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=");
    }
    text.push_str("\r\nFN:Ann Photo\r\nEND:VCARD\r\n");
    let items = cards(&text);
    let Item::Card(c) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(c.props.len(), 1);
    assert_eq!(c.props[0].value, "Ann Photo");
    assert!(c.raw.iter().all(|l| !l.contains("QUJD")), "{}", c.raw.len());
}

#[test]
fn caps_on_properties_warnings_and_cards() {
    let mut text = String::from("BEGIN:VCARD\r\nFN:Many\r\n");
    for i in 0..(MAX_PROPS + 10) {
        text.push_str(&format!("TEL:+3361234{i:04}\r\n"));
    }
    text.push_str("END:VCARD\r\nBEGIN:VCARD\r\nFN:Noisy\r\n");
    for _ in 0..1000 {
        text.push_str("not a property\r\n");
    }
    text.push_str("END:VCARD\r\n");
    let items = cards(&text);
    let Item::Malformed { reason, .. } = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert!(
        reason.to_string().contains("more than 500 properties"),
        "{reason}"
    );
    let Item::Card(noisy) = &items[1] else {
        panic!("{:?}", items[1])
    };
    assert_eq!(noisy.notes.len(), 21);
    assert!(
        noisy.notes[20].1.english().contains("980 more"),
        "{:?}",
        noisy.notes[20]
    );

    let many = "BEGIN:VCARD\nEND:VCARD\n".repeat(MAX_CARDS + 1);
    let err = parse(many.as_bytes()).expect_err("too many cards");
    assert!(err.contains("more than 500000 cards"), "{err}");
}
