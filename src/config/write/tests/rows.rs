//! The settings screen's SMS keys and `[[prep]]` rows written: comments and other keys
//! kept, a row added after the last (the first after `[receipt]`), changed in place,
//! removed (its comments kept above what follows).

use super::*;

const PREP_FILE: &str = "[shop]\nname = \"Bistro\"\n\n[receipt]\nwidth = 42\n\n# The kitchen, by the pass.\n[[prep]]\nname = \"Cuisine\" # hot dishes\nprinter = \"tcp://192.168.1.60:9100\"\nwidth = 32\ncategories = [\"Plats\"]\n\n# The bar.\n[[prep]]\nname = \"Bar\"\nprinter = \"/dev/usb/lp1\"\ncategories = [\"Boissons\"]\n\n[log]\nlevel = \"info\"\n";

fn list(items: &[&str]) -> KeyValue {
    KeyValue::List(items.iter().map(|s| s.to_string()).collect())
}

#[test]
fn sms_keys_are_written_under_their_comments_and_cleared_back_to_comments() {
    let path = Path::new("/etc/comptoir/config.toml");
    let body = r#"{"to": "{to}", "text": "{text}", "sender": "{from}"}"#;
    let edits = [
        KeyEdit::set(
            "sms.url",
            KeyValue::Text("https://api.sms.example.com/v1/messages".into()),
        ),
        KeyEdit::set("sms.body", KeyValue::Text(body.into())),
        KeyEdit::set("sms.from", KeyValue::Text("MyShop".into())),
        KeyEdit::set("sms.auth_header", KeyValue::Text("Authorization".into())),
    ];
    let text = edited_text(None, &edits, path).unwrap();
    for under in [
        "# Placeholders go in the query only (after ?), percent-encoded. No login in the URL.\nurl = \"https://api.sms.example.com/v1/messages\"",
        "# the provider gave you.\nfrom = \"MyShop\"",
        "# clear.\nauth_header = \"Authorization\"",
    ] {
        assert!(text.contains(under), "{under:?} in:\n{text}");
    }
    let c = Config::from_toml(&text, path).unwrap();
    let sms = c.sms.unwrap();
    assert_eq!(
        sms.body.map(|b| b.source().to_string()).as_deref(),
        Some(body)
    );
    assert_eq!(sms.auth_header.as_deref(), Some("Authorization"));
    assert!(
        !text.lines().any(|l| l.starts_with("auth =")),
        "the key's value is never in the config"
    );
    // Cleared: the feature is off, each key a commented line again.
    let off: Vec<KeyEdit> = [
        "url",
        "method",
        "content_type",
        "body",
        "from",
        "auth_header",
        "secrets_file",
    ]
    .iter()
    .map(|k| KeyEdit::remove(&format!("sms.{k}")))
    .collect();
    let text = edited_text(Some(&text), &off, path).unwrap();
    assert!(Config::from_toml(&text, path).unwrap().sms.is_none());
    assert!(
        text.contains("# url = \"https://api.sms.example.com/v1/messages\""),
        "{text}"
    );
}

#[test]
fn prep_rows_are_changed_in_place_added_after_the_last_and_removed() {
    let path = Path::new("/etc/comptoir/config.toml");
    let edits = [
        KeyEdit::set("prep[1].name", KeyValue::Text("Kitchen".into())),
        KeyEdit::set("prep[1].categories", list(&["Plats", "Desserts"])),
        KeyEdit::set("prep[3].name", KeyValue::Text("Atelier".into())),
        KeyEdit::set(
            "prep[3].printer",
            KeyValue::Text("file:/tmp/atelier.txt".into()),
        ),
        KeyEdit::set("prep[3].categories", list(&["Gravure"])),
    ];
    let text = edited_text(Some(PREP_FILE), &edits, path).unwrap();
    for kept in [
        "# The kitchen, by the pass.\n[[prep]]\nname = \"Kitchen\" # hot dishes\n",
        "printer = \"tcp://192.168.1.60:9100\"\nwidth = 32\ncategories = [\"Plats\", \"Desserts\"]\n",
        "# The bar.\n[[prep]]\nname = \"Bar\"\n",
        "[log]\nlevel = \"info\"\n",
    ] {
        assert!(text.contains(kept), "{kept:?} in:\n{text}");
    }
    let c = Config::from_toml(&text, path).unwrap();
    let names: Vec<&str> = c.prep.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Kitchen", "Bar", "Atelier"]);
    assert_eq!(c.prep[0].width, 32, "a row's other keys stay");
    assert_eq!(c.prep[2].categories, ["Gravure"]);
    assert!(
        text.find("name = \"Atelier\"") < text.find("[log]"),
        "added after the last row:\n{text}"
    );

    // The first row removed and the second changed in the same save: the numbers are
    // the file's before the save; the removed row's comment stays.
    let edits = [
        KeyEdit::remove("prep[1]"),
        KeyEdit::set("prep[2].printer", KeyValue::Text("/dev/usb/lp2".into())),
    ];
    let text = edited_text(Some(PREP_FILE), &edits, path).unwrap();
    let c = Config::from_toml(&text, path).unwrap();
    assert_eq!(c.prep.len(), 1);
    assert_eq!(c.prep[0].name, "Bar");
    assert_eq!(c.prep[0].printer.to_string(), "/dev/usb/lp2");
    assert!(!text.contains("Cuisine"), "{text}");
    assert!(
        text.contains("# The kitchen, by the pass.\n")
            && text.contains("# The bar.\n[[prep]]\nname = \"Bar\"")
            && text.find("# The kitchen") < text.find("# The bar."),
        "{text}"
    );
    // Every row removed: no [[prep]] left, the comments above what follows.
    let text = edited_text(
        Some(PREP_FILE),
        &[KeyEdit::remove("prep[2]"), KeyEdit::remove("prep[1]")],
        path,
    )
    .unwrap();
    assert!(!text.contains("[[prep]]"), "{text}");
    assert!(text.contains("# The bar.\n"), "{text}");
    assert!(Config::from_toml(&text, path).unwrap().prep.is_empty());
}

#[test]
fn a_first_prep_row_goes_after_the_receipt_and_a_bad_row_is_refused() {
    let path = Path::new("/etc/comptoir/config.toml");
    let edits = [
        KeyEdit::set("prep[1].name", KeyValue::Text("Cuisine".into())),
        KeyEdit::set(
            "prep[1].printer",
            KeyValue::Text("tcp://192.168.1.60:9100".into()),
        ),
        KeyEdit::set("prep[1].categories", list(&["Plats"])),
    ];
    // The example: the row lands after [receipt], before [log].
    let text = edited_text(None, &edits, path).unwrap();
    let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
    assert!(
        at("[receipt]") < at("\n[[prep]]\nname = \"Cuisine\""),
        "{text}"
    );
    assert!(
        at("\n[[prep]]\nname = \"Cuisine\"") < at("\n[log]"),
        "{text}"
    );
    let c = Config::from_toml(&text, path).unwrap();
    assert_eq!(c.prep.len(), 1);
    assert_eq!(c.prep[0].categories, ["Plats"]);
    // A row two past the last, or an array name that holds a table, is refused.
    let far = [KeyEdit::set("prep[2].name", KeyValue::Text("X".into()))];
    let e = edited_text(Some(SHOP_FILE), &far, path).unwrap_err();
    assert!(e.to_string().contains("no such row"), "{e}");
    let e = edited_text(
        Some(SHOP_FILE),
        &[KeyEdit::set("shop[1].name", KeyValue::Text("X".into()))],
        path,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not an array of tables"), "{e}");
    // The config's refusal names the row, as the screen maps it back.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    fs::write(&file, PREP_FILE).unwrap();
    let e = write_keys(
        &file,
        &[KeyEdit::set(
            "prep[2].name",
            KeyValue::Text("cuisine".into()),
        )],
    )
    .unwrap_err();
    match &e {
        ConfigError::Invalid { key, .. } => assert_eq!(key, "prep[2].name"),
        other => panic!("{other}"),
    }
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        PREP_FILE,
        "nothing written"
    );
}
