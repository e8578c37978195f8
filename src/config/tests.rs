use super::*;

fn load(text: &str) -> Result<Config, ConfigError> {
    Config::from_toml(text, Path::new("/etc/comptoir/test.toml"))
}

#[test]
fn the_example_config_parses_to_the_defaults() {
    let example = load(EXAMPLE).unwrap();
    let empty = load("").unwrap();
    assert_eq!(example.shop, empty.shop);
    let names: Vec<&str> = example.search_fields.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "first_name",
            "last_name",
            "company",
            "street",
            "postal_code",
            "city",
            "phone"
        ]
    );
    assert_eq!(example.shop.lang, Lang::En);
    assert_eq!(example.log_level, tracing::Level::INFO);
    assert_eq!(
        load("[log]\nlevel = \"DEBUG\"").unwrap().log_level,
        tracing::Level::DEBUG
    );
    assert_eq!(example.keymap, crate::keys::DEFAULT);
    assert_eq!(example.burst, empty.burst);
    assert_eq!(example.receipt_width, 42);
}

fn key_line(line: &str) -> bool {
    let l = line.strip_prefix("# ").unwrap_or(line);
    l.split_once(" = ").is_some_and(|(k, _)| {
        !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    })
}

#[test]
fn every_key_of_the_example_is_commented() {
    let lines: Vec<&str> = EXAMPLE.lines().collect();
    let mut keys = 0;
    for (i, line) in lines.iter().enumerate().skip(1) {
        if key_line(line) {
            keys += 1;
            let prev = lines[i - 1];
            assert!(
                prev.starts_with('#') && !key_line(prev),
                "line {}: key without its own comment above: {line}",
                i + 1
            );
        }
    }
    assert!(keys > 25, "found only {keys} keys");
}

#[test]
fn unknown_keys_are_refused_by_name() {
    let err = load("[shop]\nnmae = \"x\"\n").unwrap_err().to_string();
    assert!(err.contains("nmae"), "{err}");
    assert!(err.contains("test.toml"), "{err}");
    let err = load("[serch]\n").unwrap_err().to_string();
    assert!(err.contains("serch"), "{err}");
}

#[test]
fn invalid_values_name_their_key() {
    let far = load(
        "[sync]\nurl = \"postgres://r1@hub.example.org/shop?sslmode=require\"\nca_file = \"ca.pem\"",
    )
    .unwrap()
    .sync
    .unwrap();
    assert!(far.url.tls(), "a far hub is taken through TLS");
    for (text, key) in [
        ("[shop]\ncountry = \"France\"", "shop.country"),
        ("[shop]\ncurrency = \"JPY\"", "shop.currency"),
        ("[shop]\nvat_number = \"FR00303265045\"", "shop.vat_number"),
        (
            "[search]\ndefault_fields = [\"nmae\"]",
            "search.default_fields",
        ),
        ("[manager]\npin_hash = \"1234\"", "manager.pin_hash"),
        (
            "[manager]\nsession_idle_minutes = 0",
            "manager.session_idle_minutes",
        ),
        (
            "[[scanner]]\nname = \"a\"\ndevice = \"x\"\nlayout = \"dvorak\"",
            "scanner[0].layout",
        ),
        ("[receipt]\nwidth = 500", "receipt.width"),
        ("[shop]\nvat_rates = [\"abc\"]", "shop.vat_rates"),
        ("[shop]\nvat_rates = [\"120\"]", "shop.vat_rates"),
        ("[shop]\nvat_rates = []", "shop.vat_rates"),
        ("[shop]\nvat_rates = [\"20\", \"20.0\"]", "shop.vat_rates"),
    ] {
        let err = load(text).unwrap_err().to_string();
        assert!(err.contains(key), "{text}: {err}");
    }
}

#[test]
fn the_receipt_printer_is_one_string_with_its_format_paper_and_code_page() {
    let none = load("").unwrap();
    assert_eq!(none.receipt_printer, None);
    assert_eq!((none.receipt_width, none.receipt_drawer), (42, true));
    let c = load("[receipt]\nprinter = \"tcp://10.0.0.5:9100\"\npaper = \"58\"").unwrap();
    assert_eq!(
        c.receipt_printer,
        Some(Printer::Tcp {
            host: "10.0.0.5".into(),
            port: 9100
        })
    );
    assert_eq!(c.receipt_format, Format::EscPos);
    assert_eq!(
        (c.receipt_width, c.receipt_code_page),
        (32, CodePage::Cp858)
    );
    // `output` is the older name of a text file (or device) appended to.
    let c = load("[receipt]\noutput = \"receipts.txt\"").unwrap();
    assert_eq!(
        c.receipt_printer,
        Some(Printer::File("/etc/comptoir/receipts.txt".into()))
    );
    assert_eq!((c.receipt_format, c.receipt_width), (Format::Text, 42));
    let c = load(
        "[receipt]\nprinter = \"/dev/usb/lp0\"\npaper = \"80\"\nwidth = 42\n\
         format = \"text\"\ncode_page = \"wpc1252\"\ndrawer = false",
    )
    .unwrap();
    assert_eq!(
        c.receipt_printer,
        Some(Printer::Device("/dev/usb/lp0".into()))
    );
    assert_eq!((c.receipt_format, c.receipt_width), (Format::Text, 42));
    assert_eq!(
        (c.receipt_code_page, c.receipt_drawer),
        (CodePage::Cp1252, false)
    );
    assert_eq!(load("[receipt]\npaper = \"80\"").unwrap().receipt_width, 48);
    for (text, key, says) in [
        ("printer = \"lpt1\"", "receipt.printer", "is not a printer"),
        (
            "printer = \"serial:/dev/ttyS0:1234\"",
            "receipt.printer",
            "serial speed",
        ),
        (
            "printer = \"file:/a\"\noutput = \"/b\"",
            "receipt.output",
            "not both",
        ),
        ("format = \"pdf\"", "receipt.format", "escpos or text"),
        ("paper = \"76\"", "receipt.paper", "58 or 80"),
        (
            "code_page = \"cp437\"",
            "receipt.code_page",
            "cp858 or cp1252",
        ),
    ] {
        let err = load(&format!("[receipt]\n{text}")).unwrap_err().to_string();
        assert!(err.contains(key) && err.contains(says), "{text}: {err}");
    }
}

#[test]
fn the_manager_session_keys_default_and_parse() {
    let d = load("").unwrap();
    assert_eq!((d.manager_idle_minutes, d.lock_after_sale), (5, false));
    let c = load("[manager]\nsession_idle_minutes = 2\nlock_after_sale = true").unwrap();
    assert_eq!((c.manager_idle_minutes, c.lock_after_sale), (2, true));
    let example = load(EXAMPLE).unwrap();
    assert_eq!(
        (example.manager_idle_minutes, example.lock_after_sale),
        (5, false)
    );
}

#[test]
fn relative_paths_are_relative_to_the_file_and_index_follows_the_db() {
    let c = load("[store]\ndatabase = \"data/shop.db\"").unwrap();
    assert_eq!(c.database, Path::new("/etc/comptoir/data/shop.db"));
    assert_eq!(c.index, Path::new("/etc/comptoir/data/shop.index"));
}

#[test]
fn device_selectors() {
    assert!(matches!(
        DeviceSelector::parse("/dev/input/event3"),
        Some(DeviceSelector::Path(_))
    ));
    assert_eq!(
        DeviceSelector::parse("0c2e:0B61"),
        Some(DeviceSelector::UsbId {
            vendor: 0x0c2e,
            product: 0x0b61
        })
    );
    assert_eq!(
        DeviceSelector::parse("Honeywell"),
        Some(DeviceSelector::Name("Honeywell".into()))
    );
    assert_eq!(DeviceSelector::parse("  "), None);
}

#[test]
fn scanners_and_pin_hash_resolve() {
    let hash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2HfBMSK+ZVcrElsqOkCZWtu6S5hxXdbkrsEtXbYIhmk";
    let c = load(&format!(
        "[manager]\npin_hash = \"{hash}\"\n[[scanner]]\nname = \"nfc\"\ndevice = \"08ff:0009\"\nkind = \"nfc\"\nnfc_byte_order = \"reversed\"\n"
    ))
    .unwrap();
    assert_eq!(c.manager_pin_hash.as_deref(), Some(hash));
    let reader = &c.scanners[0];
    assert_eq!(reader.settings.kind, ReaderKind::Nfc);
    assert!(reader.settings.nfc_reversed);
    assert_eq!(reader.settings.layout, input::Layout::Us);
    assert_eq!(
        reader.selector,
        DeviceSelector::UsbId {
            vendor: 0x08ff,
            product: 0x0009
        }
    );
}

#[test]
fn a_scanner_block_becomes_the_reader_the_listener_opens() {
    let c =
        load("[[scanner]]\nname = \"desk\"\ndevice = \"Honeywell\"\nlayout = \"be\"\n").unwrap();
    let reader = &c.scanners[0];
    assert_eq!(reader.name, "desk");
    assert_eq!(reader.selector, DeviceSelector::Name("Honeywell".into()));
    assert_eq!(reader.settings.layout, input::Layout::Be);
    assert_eq!(reader.settings.kind, ReaderKind::Barcode);
    assert!(!reader.settings.nfc_reversed);
}

#[test]
fn values_are_parsed_once_into_their_types() {
    let c = load(
        "[shop]\nlocale = \"FR\"\n[search]\ndefault_fields = [\"email\", \"name\", \"email\"]\n",
    )
    .unwrap();
    assert_eq!(c.shop.lang, Lang::Fr);
    let names: Vec<&str> = c.search_fields.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["email", "first_name", "last_name", "company"]);
}

#[test]
fn a_config_override_changes_which_key_triggers_the_action() {
    use crate::keys::{resolve, Pressed, Scope, DEFAULT};
    use crossterm::event::{KeyCode as K, KeyEvent, KeyModifiers};
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let ctrl = |c| KeyEvent::new(K::Char(c), KeyModifiers::CONTROL);
    let config =
        load("[keys]\npay_cash = \"Ctrl+E\"\nopen_card = \"Ctrl+O\"\nquit = \"Ctrl+X\"\n").unwrap();
    let table = &config.keymap;
    assert_eq!(
        resolve(table, Scope::Sale, &ctrl('e')),
        Some(Pressed::Cmd(Command::PayCash))
    );
    assert_eq!(
        resolve(table, Scope::Sale, &key(K::F(8))),
        None,
        "F8 is free now"
    );
    assert_eq!(
        crate::keys::key_label(table, Scope::Sale, Command::PayCash).as_deref(),
        Some("^E")
    );
    // An action bound in several scopes moves in each.
    for scope in [Scope::Sale, Scope::Picker, Scope::List] {
        assert_eq!(
            resolve(table, scope, &ctrl('o')),
            Some(Pressed::Cmd(Command::OpenCard))
        );
    }
    assert_eq!(resolve(table, Scope::Sale, &key(K::F(3))), None);
    assert_eq!(resolve(table, Scope::Picker, &key(K::F(5))), None);
    // Both default keys of Quit give way to the one configured.
    assert_eq!(
        resolve(table, Scope::Form, &ctrl('x')),
        Some(Pressed::Cmd(Command::Quit))
    );
    assert_eq!(resolve(table, Scope::Form, &ctrl('q')), None);
    assert_eq!(resolve(table, Scope::Form, &ctrl('c')), None);
    assert_eq!(
        table.iter().filter(|b| b.command == Command::Quit).count(),
        1
    );
    // Everything else is where it was.
    assert_eq!(
        resolve(table, Scope::Sale, &key(K::F(2))),
        Some(Pressed::Cmd(Command::Customer))
    );
    assert_eq!(table.len(), DEFAULT.len() - 1);
}

#[test]
fn the_help_key_moves_like_any_screen_action() {
    use crate::keys::{resolve, Pressed, Scope};
    use crossterm::event::{KeyCode as K, KeyEvent, KeyModifiers};
    let config = load("[keys]\nhelp = \"Ctrl+K\"\npay_cash = \"F1\"\n").unwrap();
    let table = &config.keymap;
    let ctrl_k = KeyEvent::new(K::Char('k'), KeyModifiers::CONTROL);
    for scope in Scope::ALL {
        assert_eq!(
            resolve(table, scope, &ctrl_k),
            Some(Pressed::Cmd(Command::Help)),
            "{scope:?}"
        );
    }
    assert_eq!(
        resolve(
            table,
            Scope::Sale,
            &KeyEvent::new(K::F(1), KeyModifiers::NONE)
        ),
        Some(Pressed::Cmd(Command::PayCash)),
        "F1 is free for another action once help has moved"
    );
    assert_eq!(
        crate::keys::key_label(table, Scope::Card, Command::Help).as_deref(),
        Some("^K")
    );
}

#[test]
fn keys_table_parses_into_overrides() {
    use crossterm::event::KeyCode;
    let c = load("[keys]\npay_cash = \"ctrl-e\"\ncustomer = \"Ctrl+K\"\n").unwrap();
    assert_eq!(
        c.keys,
        [
            KeyOverride {
                action: Command::Customer,
                key: KeySpec {
                    code: KeyCode::Char('k'),
                    ctrl: true
                }
            },
            KeyOverride {
                action: Command::PayCash,
                key: KeySpec {
                    code: KeyCode::Char('e'),
                    ctrl: true
                }
            },
        ]
    );
    // Ctrl+P parks the ticket since parking came: another action moved there clashes
    // (the message names `park`) until park moves too.
    let err = load("[keys]\npay_cash = \"Ctrl+P\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("`park`"), "{err}");
    let both = load("[keys]\npay_cash = \"Ctrl+P\"\npark = \"Ctrl+W\"\n").unwrap();
    assert_eq!(both.keys.len(), 2);
    assert!(load("").unwrap().keys.is_empty());
    assert!(load(EXAMPLE).unwrap().keys.is_empty());
    // Swapping two keys is no clash: the clash is judged on the final table.
    let swapped = load("[keys]\npay_cash = \"F9\"\npay_card = \"F8\"\n").unwrap();
    assert_eq!(swapped.keys.len(), 2);
}

#[test]
fn bad_keys_are_refused_by_name() {
    for (text, key, why) in [
        ("[keys]\npay_cassh = \"F8\"", "keys.pay_cassh", "pay_cash"),
        ("[keys]\nup = \"F8\"", "keys.up", "not an action"),
        ("[keys]\npay_cash = \"F13\"", "keys.pay_cash", "F1 to F12"),
        ("[keys]\npay_cash = \"x\"", "keys.pay_cash", "not a key"),
        (
            "[keys]\ncustomer = \"Ctrl+KK\"",
            "keys.customer",
            "one letter",
        ),
        ("[keys]\ncustomer = \"Ctrl+M\"", "keys.customer", "Enter"),
        ("[keys]\npay_cash = \"F2\"", "keys.pay_cash", "`customer`"),
        ("[keys]\ndetach = \"Ctrl+Q\"", "keys.detach", "`quit`"),
        ("[keys]\nquit = \"F8\"", "keys.quit", "`pay_cash`"),
        ("[keys]\npay_cash = \"F1\"", "keys.pay_cash", "`help`"),
        ("[keys]\nhelp = \"F2\"", "keys.help", "`customer`"),
    ] {
        let err = load(text).unwrap_err();
        assert!(
            matches!(&err, ConfigError::Invalid { key: k, .. } if k == key),
            "{text}: {err}"
        );
        assert!(err.to_string().contains(why), "{text}: {err}");
    }
    // Not a string: refused by the parser, with the key's name.
    let err = load("[keys]\npay_cash = 8\n").unwrap_err().to_string();
    assert!(err.contains("pay_cash"), "{err}");
}

#[test]
fn every_overridable_action_is_documented_in_the_example() {
    for c in crate::keys::Command::OVERRIDABLE {
        let line = format!("# {} = \"", c.name());
        assert!(
            EXAMPLE.lines().any(|l| l.starts_with(&line)),
            "{} is not in config.example.toml",
            c.name()
        );
    }
}

#[test]
fn vat_rates_default_to_the_country_and_parse_once() {
    let texts = |c: &Config| -> Vec<String> {
        c.shop
            .vat_rates
            .iter()
            .map(|p| p.as_decimal().to_string())
            .collect()
    };
    assert_eq!(texts(&load("").unwrap()), ["20", "10", "5.5", "2.1"]);
    assert_eq!(
        texts(&load("[shop]\ncountry = \"ch\"").unwrap()),
        ["8.1", "2.6", "3.8"]
    );
    assert!(load("[shop]\ncountry = \"IT\"")
        .unwrap()
        .shop
        .vat_rates
        .is_empty());
    let c = load("[shop]\ncountry = \"BE\"\nvat_rates = [\"21\", \"6,0\"]").unwrap();
    assert_eq!(texts(&c), ["21", "6"]);
}

#[test]
fn with_no_locale_in_the_file_the_environment_language_is_used_and_one_written_wins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comptoir.toml");
    let ov = |env_lang| Overrides {
        config: Some(path.clone()),
        database: Some(dir.path().join("x.db")),
        env_lang,
    };
    fs::write(&path, "[shop]\nname = \"Bakkerij\"\n").unwrap();
    assert_eq!(
        Config::load(&ov(Some(Lang::Nl))).unwrap().shop.lang,
        Lang::Nl
    );
    assert_eq!(
        Config::load(&ov(Some(Lang::De))).unwrap().shop.lang,
        Lang::De
    );
    assert_eq!(Config::load(&ov(None)).unwrap().shop.lang, Lang::En);
    // A first run (the file named does not exist yet) follows the environment too.
    let missing = Overrides {
        config: Some(dir.path().join("new.toml")),
        ..ov(Some(Lang::De))
    };
    let (c, new) = Config::load_or_new(&missing).unwrap();
    assert!(new);
    assert_eq!(c.shop.lang, Lang::De);
    // The file's own locale wins over the environment.
    fs::write(&path, "[shop]\nlocale = \"nl\"\n").unwrap();
    assert_eq!(
        Config::load(&ov(Some(Lang::De))).unwrap().shop.lang,
        Lang::Nl
    );
    fs::write(&path, "[shop]\nlocale = \"de\"\n").unwrap();
    assert_eq!(
        Config::load(&ov(Some(Lang::Fr))).unwrap().shop.lang,
        Lang::De
    );
}

#[test]
fn the_sync_url_is_checked_where_it_is_read() {
    assert!(load("").unwrap().sync.is_none());
    let c = load(
        "[sync]\nurl = \"postgres://register_r1@127.0.0.1:5432/shop\"\npassword_file = \"pw\"",
    )
    .unwrap();
    let sync = c.sync.unwrap();
    assert_eq!(
        sync.url.shown(),
        "postgres://register_r1@127.0.0.1:5432/shop"
    );
    assert_eq!(sync.password_file.unwrap(), Path::new("/etc/comptoir/pw"));
    assert_eq!(sync.interval_secs, 2, "a pass every 2 s by default");
    let c = load("[sync]\nurl = \"postgres://r1@127.0.0.1/shop\"\ninterval_secs = 30").unwrap();
    assert_eq!(c.sync.unwrap().interval_secs, 30);
    let offline = |extra: &str| {
        load(&format!(
            "[sync]\nurl = \"postgres://r1@127.0.0.1/shop\"\n{extra}"
        ))
        .map(|c| c.sync.unwrap().offline)
    };
    let d = offline("").unwrap();
    assert_eq!((d.money.to_string(), d.points), ("50.00".into(), 500));
    let o = offline("offline_allowance = \"0\"\noffline_points = 0").unwrap();
    assert_eq!((o.money.to_string(), o.points), ("0.00".into(), 0));
    for (extra, key) in [
        ("offline_allowance = \"-1\"", "sync.offline_allowance"),
        ("offline_allowance = \"lots\"", "sync.offline_allowance"),
        ("offline_points = -5", "sync.offline_points"),
    ] {
        let e = offline(extra).unwrap_err().to_string();
        assert!(e.contains(key), "{extra}: {e}");
    }
    for (text, key) in [
        (
            "[sync]\nurl = \"postgres://r1@127.0.0.1/shop\"\ninterval_secs = 0",
            "sync.interval_secs",
        ),
        (
            "[sync]\nurl = \"postgres://r1@127.0.0.1/shop\"\ninterval_secs = 3601",
            "sync.interval_secs",
        ),
        ("[sync]\ninterval_secs = 5", "sync.interval_secs"),
        ("[sync]\noffline_points = 5", "sync.offline_points"),
        ("[sync]\nurl = \"postgres://r1@192.0.2.7/shop\"", "sync.url"),
        ("[sync]\nurl = \"mysql://nope\"", "sync.url"),
        ("[sync]\npassword_file = \"pw\"", "sync.password_file"),
        ("[sync]\nca_file = \"ca.pem\"", "sync.ca_file"),
        (
            "[sync]\nurl = \"postgres://r1@127.0.0.1/shop\"\nca_file = \"ca.pem\"",
            "sync.ca_file",
        ),
    ] {
        let e = load(text).unwrap_err().to_string();
        assert!(e.contains(key), "{text}: {e}");
    }
}

#[test]
fn email_settings_resolve_once_and_a_bad_value_names_its_key() {
    let e = load(
        "[email]\nsmtp = \"smtp://Mail.Example.com\"\nfrom = \"Shop@Example.COM\"\nuser = \"shop\"",
    )
    .unwrap()
    .email
    .unwrap();
    assert_eq!(
        (e.host.as_str(), e.port, e.tls),
        ("mail.example.com", 587, Tls::Starttls)
    );
    assert_eq!(e.from, "Shop@example.com");
    assert_eq!(e.secrets_file, Path::new("/etc/comptoir/secrets.toml"));
    assert_eq!(e.server(), "smtp://mail.example.com:587");
    let local = load(
        "[email]\nsmtp = \"smtp://127.0.0.1:2525\"\ntls = \"none\"\nfrom = \"a@example.com\"\nuser = \"u\"\nsecrets_file = \"s.toml\"",
    )
    .unwrap()
    .email
    .unwrap();
    assert_eq!(local.secrets_file, Path::new("/etc/comptoir/s.toml"));
    assert!(load("").unwrap().email.is_none());
    for (text, key) in [
        ("[email]\nsmtp = \"mail.example.com\"\nfrom = \"a@example.com\"", "email.smtp"),
        ("[email]\nsmtp = \"smtp://m.example.com\"", "email.from"),
        ("[email]\nsmtp = \"smtp://m.example.com\"\nfrom = \"nobody\"", "email.from"),
        ("[email]\nsmtp = \"smtp://m.example.com\"\nfrom = \"a@example.com\"\ntls = \"ssl\"", "email.tls"),
        (
            "[email]\nsmtp = \"smtp://m.example.com\"\nfrom = \"a@example.com\"\ntls = \"none\"\nuser = \"u\"",
            "email.tls",
        ),
        ("[email]\nfrom = \"a@example.com\"", "email.from"),
        ("[email]\npassword = \"x\"", "password"),
    ] {
        let err = load(text).unwrap_err().to_string();
        assert!(err.contains(key), "{text}: {err}");
    }
}

#[test]
fn check_config_never_shows_the_email_password() {
    let c =
        load("[email]\nsmtp = \"smtp://m.example.com\"\nfrom = \"a@example.com\"\nuser = \"u\"")
            .unwrap();
    let shown = serde_json::to_string(&c).unwrap();
    assert!(
        shown.contains("secrets.toml") && !shown.contains("password"),
        "{shown}"
    );
}
