//! The decoder against its own tables and the rules around them.

use super::*;

/// Every character of every table decodes back from its key and level.
#[test]
fn every_table_entry_decodes_to_itself() {
    for layout in Layout::ALL {
        let table = layout.table();
        for row in table.rows {
            for (level, text) in [
                (Level::Plain, row.plain),
                (Level::Shift, row.shift),
                (Level::AltGr, row.altgr),
            ] {
                for (i, ch) in text.chars().enumerate().filter(|(_, c)| *c != '\0') {
                    let code = row.first + i as u16;
                    let mut d = KeyDecoder::new(layout);
                    if level == Level::Shift {
                        d.press(KEY_LEFTSHIFT);
                    }
                    if level == Level::AltGr {
                        d.press(KEY_RIGHTALT);
                    }
                    let dead = table.dead.contains(&(code, level));
                    let got = d.press(code);
                    if dead {
                        assert_eq!(got, Decoded::Nothing, "{layout} {code} {level:?}");
                        d.release(KEY_LEFTSHIFT);
                        d.release(KEY_RIGHTALT);
                        assert_eq!(d.press(KEY_SPACE), Decoded::Char(ch), "{layout} {code}");
                    } else {
                        assert_eq!(got, Decoded::Char(ch), "{layout} {code} {level:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn rows_are_consistent() {
    for layout in Layout::ALL {
        for row in layout.table().rows {
            let n = row.plain.chars().count();
            assert!(row.shift.chars().count() <= n, "{layout} row {}", row.first);
            assert!(row.altgr.chars().count() <= n, "{layout} row {}", row.first);
        }
        // Every digit is typable, on every layout, without composing.
        for d in '0'..='9' {
            let strokes = encode(layout, d).unwrap_or_default();
            assert_eq!(strokes.len(), 1, "{layout} {d}");
        }
    }
}

#[test]
fn keypad_and_terminators_are_layout_independent() {
    for layout in Layout::ALL {
        let mut d = KeyDecoder::new(layout);
        assert_eq!(d.press(79), Decoded::Char('1'));
        assert_eq!(d.press(82), Decoded::Char('0'));
        assert_eq!(d.press(KEY_NUMLOCK), Decoded::Nothing);
        assert_eq!(d.press(KEY_KPENTER), Decoded::End(Terminator::Enter));
        assert_eq!(d.press(KEY_ENTER), Decoded::End(Terminator::Enter));
        assert_eq!(d.press(KEY_TAB), Decoded::End(Terminator::Tab));
        assert_eq!(d.press(1), Decoded::Undecodable, "Escape");
        assert_eq!(d.press(999), Decoded::Undecodable, "out of the tables");
    }
}

#[test]
fn modifiers_follow_press_and_release() {
    let mut d = KeyDecoder::new(Layout::De);
    d.press(KEY_RIGHTSHIFT);
    assert_eq!(d.press(21), Decoded::Char('Z'));
    d.release(KEY_RIGHTSHIFT);
    assert_eq!(d.press(21), Decoded::Char('z'));
    d.press(KEY_LEFTCTRL);
    assert_eq!(d.press(21), Decoded::Undecodable);
    d.release(KEY_LEFTCTRL);
    d.press(KEY_CAPSLOCK);
    assert_eq!(d.press(26), Decoded::Char('Ü'), "caps on an umlaut");
    d.reset();
    assert_eq!(d.press(26), Decoded::Char('ü'), "reset forgets CapsLock");
}

#[test]
fn dead_keys_compose_or_fall_back() {
    let mut d = KeyDecoder::new(Layout::Ch);
    assert_eq!(d.press(13), Decoded::Nothing); // dead ^
    assert_eq!(d.press(24), Decoded::Char('ô'));
    assert_eq!(d.press(13), Decoded::Nothing);
    assert_eq!(
        d.press(13),
        Decoded::Char('^'),
        "dead twice types the accent"
    );
    assert_eq!(d.press(27), Decoded::Nothing); // dead ¨
    assert_eq!(d.press(2), Decoded::Pair('¨', '1'));
    assert_eq!(d.press(27), Decoded::Nothing);
    d.clear_dead();
    assert_eq!(
        d.press(30),
        Decoded::Char('a'),
        "cleared at the end of a code"
    );
}

#[test]
fn layout_names() {
    for layout in Layout::ALL {
        assert_eq!(layout.name().parse::<Layout>().ok(), Some(layout));
        assert_eq!(layout.to_string(), layout.name());
    }
    assert_eq!(" FR ".parse::<Layout>().ok(), Some(Layout::Fr));
    assert!("dvorak".parse::<Layout>().is_err());
}

#[test]
fn encode_types_dead_accents_with_space_and_refuses_the_rest() {
    assert_eq!(
        encode(Layout::Fr, '^'),
        Some(vec![
            Stroke {
                code: 26,
                shift: false,
                altgr: false
            },
            Stroke {
                code: KEY_SPACE,
                shift: false,
                altgr: false
            },
        ])
    );
    assert_eq!(encode(Layout::Us, 'é'), None);
    assert_eq!(
        encode(Layout::Fr, 'ê'),
        None,
        "composed letters are not encoded"
    );
    assert_eq!(
        encode(Layout::Fr, '4'),
        Some(vec![Stroke {
            code: 5,
            shift: true,
            altgr: false
        }])
    );
}
