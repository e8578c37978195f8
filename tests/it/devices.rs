//! `comptoir devices` end to end, and the public scanner-input API from outside the crate.
//! These machines have no /dev/input: listing must say so and succeed, listening must
//! fail with the reason. (The real device path is tested in qemu: tests/qemu/run.sh.)

use std::path::Path;

use comptoir::input::{
    AssemblerSettings, BurstAssembler, EventSink, Layout, RawEvent, ReaderEvent, ReaderKind,
    RecordReader,
};

use crate::helpers::Env;

fn no_dev_input() -> bool {
    !Path::new("/dev/input").exists()
}

#[test]
fn devices_without_dev_input_says_so_and_exits_0() {
    let env = Env::new();
    for args in [&["devices"][..], &["devices", "--json"][..]] {
        let r = env.run(args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        if no_dev_input() {
            assert!(
                r.stdout.contains("/dev/input does not exist"),
                "{args:?}: {}",
                r.stdout
            );
        }
    }
}

#[test]
fn listen_to_a_device_that_cannot_be_opened_exits_1_with_the_reason() {
    let env = Env::new();
    let r = env.run(&["devices", "--listen", "No Such Scanner", "--count", "1"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("cannot listen to reader No Such Scanner"),
        "{}",
        r.stderr
    );
    if no_dev_input() {
        assert!(
            r.stderr.contains("/dev/input does not exist"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn listen_uses_the_configured_readers_and_refuses_bad_flags() {
    let env = Env::new();
    let r = env.run(&["devices", "--listen"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no reader configured"), "{}", r.stderr);

    let config = env.path("config.toml");
    std::fs::write(
        &config,
        "[[scanner]]\nname = \"front desk\"\ndevice = \"0c2e:0b61\"\nlayout = \"fr\"\n",
    )
    .unwrap();
    let r = env.run(&["--config", config.to_str().unwrap(), "devices", "--listen"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("reader front desk"), "{}", r.stderr);

    let r = env.run(&["devices", "--listen", "x", "--kind", "laser"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("barcode or nfc"), "{}", r.stderr);
    let r = env.run(&["devices", "--listen", "x", "--layout", "dvorak"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown keyboard layout"), "{}", r.stderr);
    let r = env.run(&["devices", "Honeywell"]);
    assert_eq!(r.code, 2, "DEVICE needs --listen: {}", r.stderr);
}

/// What the TUI will do: raw kernel records -> assembler -> its channel.
#[test]
fn public_api_turns_recorded_kernel_events_into_scans_on_a_channel() {
    let mut bytes = Vec::new();
    let mut t = 1_700_000_000_000_000u64;
    let mut push = |kind: u16, code: u16, value: i32| {
        let ev = RawEvent {
            time_us: t,
            kind,
            code,
            value,
        };
        bytes.extend_from_slice(&ev.to_bytes());
        bytes.extend_from_slice(
            &RawEvent {
                kind: 0,
                code: 0,
                value: 0,
                ..ev
            }
            .to_bytes(),
        );
        t += 1_500;
    };
    // "73513537" on an AZERTY reader: Shift + top-row key for each digit, then Enter.
    for d in "73513537".bytes() {
        let key = if d == b'0' {
            11
        } else {
            u16::from(d - b'1') + 2
        };
        push(1, 42, 1);
        push(1, key, 1);
        push(1, key, 0);
        push(1, 42, 0);
    }
    push(1, 28, 1);
    push(1, 28, 0);

    let (mut tx, rx) = std::sync::mpsc::channel::<ReaderEvent>();
    let settings = AssemblerSettings {
        layout: Layout::Fr,
        ..AssemblerSettings::default()
    };
    let mut assembler = BurstAssembler::new("front", settings);
    let mut records = RecordReader::new();
    records.push(&bytes, |ev| {
        if let Some(e) = assembler.feed(ev) {
            assert!(tx.deliver(e));
        }
    });
    match rx.try_recv() {
        Ok(ReaderEvent::Scan(scan)) => {
            assert_eq!(scan.code, "73513537");
            assert!(scan.valid);
            assert_eq!(scan.kind, ReaderKind::Barcode);
            assert_eq!(scan.raw_keys, 16);
        }
        other => panic!("{other:?}"),
    }
}
