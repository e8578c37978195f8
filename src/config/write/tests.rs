//! The config writer's tests: the setup's keys, any keys, comments and untouched keys
//! kept, a refused text never written, the file private.

use super::*;

fn setup() -> ShopSetup {
    ShopSetup {
        name: "Épicerie Martin".into(),
        address: vec!["12 rue des Lilas".into(), "75011 Paris".into()],
        country: "FR".into(),
        currency: "EUR".into(),
        lang: Lang::Fr,
        register: "R2".into(),
        vat_number: Some("FR40303265045".into()),
        vat_rates: ["20", "10", "5.5"]
            .iter()
            .filter_map(|t| Percent::parse(t).ok())
            .collect(),
    }
}

const HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo";

#[test]
fn a_new_file_is_the_commented_example_with_the_setup_values() {
    let path = Path::new("/etc/comptoir/config.toml");
    let text = setup_text(None, &setup(), HASH, path).unwrap();
    assert!(
        text.contains("# Printed at the top of every receipt."),
        "{text}"
    );
    // Each value under its own comment, where the example shows it.
    let after = |comment: &str| -> String {
        let at = text.find(comment).unwrap_or(0);
        let rest = text.get(at..).unwrap_or_default();
        rest.lines()
            .find(|l| !l.starts_with('#'))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(after("# Argon2 hash"), format!("pin_hash = \"{HASH}\""));
    assert_eq!(
        after("# The shop's own VAT number"),
        "vat_number = \"FR40303265045\""
    );
    let c = Config::from_toml(&text, path).unwrap();
    assert_eq!(c.shop.name, "Épicerie Martin");
    assert_eq!(c.shop.address, ["12 rue des Lilas", "75011 Paris"]);
    assert_eq!(c.shop.lang, Lang::Fr);
    assert_eq!(c.shop.register, "R2");
    assert_eq!(c.shop.vat_number.as_deref(), Some("FR40303265045"));
    assert_eq!(c.shop.vat_rates, setup().vat_rates);
    assert_eq!(c.manager_pin_hash.as_deref(), Some(HASH));
}

#[test]
fn an_existing_file_keeps_its_comments_and_other_keys() {
    let path = Path::new("/etc/comptoir/config.toml");
    let before = "# my shop\n[shop]\n# the name\nname = \"Old\"\nvat_number = \"FR40303265045\"\n\n[receipt]\n# paper\nwidth = 32\n";
    let mut s = setup();
    s.vat_number = None;
    let text = setup_text(Some(before), &s, HASH, path).unwrap();
    for kept in ["# my shop", "# the name", "# paper", "width = 32"] {
        assert!(text.contains(kept), "{kept}: {text}");
    }
    let c = Config::from_toml(&text, path).unwrap();
    assert_eq!(c.shop.name, "Épicerie Martin");
    assert_eq!(c.shop.vat_number, None);
    assert_eq!(c.receipt_width, 32);
    let err = setup_text(Some("[shop\nname="), &s, HASH, path).unwrap_err();
    assert!(err.to_string().contains("not changed"), "{err}");
    let err = setup_text(Some("shop = 3\n"), &s, HASH, path).unwrap_err();
    assert!(err.to_string().contains("shop"), "{err}");
}

#[test]
fn the_file_is_written_private_in_a_private_folder_and_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conf/comptoir/config.toml");
    let c = write_setup(&path, &setup(), HASH).unwrap();
    assert_eq!(c.source.as_deref(), Some(path.as_path()));
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let again = Config::load(&super::super::Overrides {
        config: Some(path.clone()),
        database: None,
        env_lang: None,
    })
    .unwrap();
    assert_eq!(again.shop, c.shop);
    // Written again over itself: still one file, still private, nothing left beside.
    let mut s = setup();
    s.name = "Martin & fils".into();
    write_setup(&path, &s, HASH).unwrap();
    assert_eq!(mode(&path), 0o600);
    let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1);
    assert!(fs::read_to_string(&path).unwrap().contains("Martin & fils"));
}

const SHOP_FILE: &str = "# my shop\n[shop]\n# the name\nname = \"Old\" # keep this\ncountry = \"FR\"\n\n[receipt]\n# paper\nwidth = 32\n# A line printed at the bottom.\nfooter = \"Bye\"\n\n# the loyalty program\n[loyalty]\nenabled = true\n";

#[test]
fn keys_are_set_in_place_with_every_comment_and_untouched_key_kept() {
    let path = Path::new("/etc/comptoir/config.toml");
    let edits = [
        KeyEdit::set("shop.name", KeyValue::Text("Chez Léa".into())),
        KeyEdit::set("loyalty.min_redeem", KeyValue::Int(50)),
        KeyEdit::set("loyalty.enabled", KeyValue::Bool(false)),
        KeyEdit::set(
            "search.default_fields",
            KeyValue::List(vec!["name".into(), "phone".into()]),
        ),
    ];
    let text = edited_text(Some(SHOP_FILE), &edits, path).unwrap();
    for kept in [
        "# my shop\n[shop]\n# the name\nname = \"Chez Léa\" # keep this\n",
        "country = \"FR\"\n",
        "# paper\nwidth = 32\n",
        "footer = \"Bye\"\n",
        "# the loyalty program\n[loyalty]\nenabled = false\n",
    ] {
        assert!(text.contains(kept), "{kept:?} in:\n{text}");
    }
    let c = Config::from_toml(&text, path).unwrap();
    assert_eq!(c.shop.name, "Chez Léa");
    assert_eq!(c.loyalty.min_redeem, 50);
    assert!(!c.loyalty.enabled);
    assert_eq!(c.receipt_width, 32);
    assert_eq!(c.search_fields.len(), 4, "name (3 fields) and phone");
    // Nothing asked: the text as it was, byte for byte.
    assert_eq!(edited_text(Some(SHOP_FILE), &[], path).unwrap(), SHOP_FILE);
}

#[test]
fn a_key_removed_leaves_its_comment_and_comes_back_under_it() {
    let path = Path::new("/etc/comptoir/config.toml");
    let removed = edited_text(
        Some(SHOP_FILE),
        &[
            KeyEdit::remove("receipt.footer"),
            KeyEdit::remove("shop.name"),
        ],
        path,
    )
    .unwrap();
    assert!(
        removed.contains("# A line printed at the bottom.\n# footer = \"Bye\"\n"),
        "{removed}"
    );
    assert!(
        removed.contains("# the name\n# name = \"Old\" # keep this\ncountry = \"FR\""),
        "{removed}"
    );
    let c = Config::from_toml(&removed, path).unwrap();
    assert_eq!(c.receipt_footer, None);
    assert_eq!(c.shop.name, "Comptoir", "the default again");
    // Set again: uncommented where it was, under its comment.
    let back = edited_text(
        Some(&removed),
        &[KeyEdit::set(
            "receipt.footer",
            KeyValue::Text("Merci".into()),
        )],
        path,
    )
    .unwrap();
    assert!(
        back.contains("# A line printed at the bottom.\nfooter = \"Merci\"\n"),
        "{back}"
    );
    // Its end-of-line comment comes back with it.
    let back = edited_text(
        Some(&removed),
        &[KeyEdit::set("shop.name", KeyValue::Text("New".into()))],
        path,
    )
    .unwrap();
    assert!(
        back.contains("# the name\nname = \"New\" # keep this\ncountry"),
        "{back}"
    );
    // Removing what is not there changes nothing.
    let same = edited_text(Some(SHOP_FILE), &[KeyEdit::remove("email.smtp")], path).unwrap();
    assert_eq!(same, SHOP_FILE);
}

#[test]
fn a_new_file_from_the_example_has_each_key_under_its_explanation() {
    let path = Path::new("/etc/comptoir/config.toml");
    let text = edited_text(
        None,
        &[
            KeyEdit::set("receipt.footer", KeyValue::Text("Merci !".into())),
            KeyEdit::set(
                "email.smtp",
                KeyValue::Text("smtp://mail.example.com:587".into()),
            ),
            KeyEdit::set("email.from", KeyValue::Text("shop@example.com".into())),
        ],
        path,
    )
    .unwrap();
    assert!(
        text.contains("receipt; \"\\n\" between two lines.\nfooter = \"Merci !\"\n"),
        "{text}"
    );
    assert!(
        text.contains("# smtp = ") || text.contains("smtp = \"smtp://mail.example.com:587\""),
        "{text}"
    );
    let c = Config::from_toml(&text, path).unwrap();
    assert_eq!(c.receipt_footer.as_deref(), Some("Merci !"));
    assert_eq!(c.email.map(|e| e.port), Some(587));
}

#[test]
fn a_refused_value_or_key_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    fs::write(&path, SHOP_FILE).unwrap();
    let err = write_keys(
        &path,
        &[
            KeyEdit::set("shop.name", KeyValue::Text("New".into())),
            KeyEdit::set("manager.session_idle_minutes", KeyValue::Int(0)),
        ],
    )
    .unwrap_err();
    match &err {
        ConfigError::Invalid { key, .. } => assert_eq!(key, "manager.session_idle_minutes"),
        other => panic!("{other}"),
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), SHOP_FILE);
    for bad in ["shop", "shop.name.first", "sh op.name", ".name"] {
        let e = write_keys(&path, &[KeyEdit::set(bad, KeyValue::Bool(true))]).unwrap_err();
        assert!(e.to_string().contains("not changed"), "{bad}: {e}");
    }
    let e = write_keys(&path, &[KeyEdit::set("shop.nmae", KeyValue::Bool(true))]).unwrap_err();
    assert!(e.to_string().contains("nmae"), "{e}");
    assert_eq!(fs::read_to_string(&path).unwrap(), SHOP_FILE);
    // A file that is not TOML is not overwritten.
    fs::write(&path, "[shop\n").unwrap();
    let e = write_keys(
        &path,
        &[KeyEdit::set("shop.name", KeyValue::Text("X".into()))],
    )
    .unwrap_err();
    assert!(e.to_string().contains("not changed"), "{e}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "[shop\n");
}

#[test]
fn keys_written_make_a_private_file_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conf/config.toml");
    let c = write_keys(
        &path,
        &[KeyEdit::set(
            "manager.session_idle_minutes",
            KeyValue::Int(12),
        )],
    )
    .unwrap();
    assert_eq!(c.manager_idle_minutes, 12);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let prepared = prepare_keys(
        &path,
        &[KeyEdit::set(
            "receipt.header",
            KeyValue::Text("Line 1\nLine 2".into()),
        )],
        None,
    )
    .unwrap();
    assert_eq!(
        prepared.config.receipt_header.as_deref(),
        Some("Line 1\nLine 2")
    );
    assert!(
        !fs::read_to_string(&path).unwrap().contains("Line 1"),
        "prepared, not written"
    );
    prepared.write().unwrap();
    assert_eq!(mode(&path), 0o600);
    let again = Config::from_toml(&fs::read_to_string(&path).unwrap(), &path).unwrap();
    assert_eq!(again.receipt_header.as_deref(), Some("Line 1\nLine 2"));
    assert_eq!(again.manager_idle_minutes, 12);
}

mod rows;
