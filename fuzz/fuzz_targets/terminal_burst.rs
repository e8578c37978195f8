//! Scanner bursts recognised in the terminal's own key stream (`BurstDetector`), as the
//! register runs it when no reader device can be opened.
//!
//! Input: three bytes of `[burst]` settings (enabled, min_chars, max_gap_ms), then keys
//! of two bytes each: the milliseconds since the previous key and what the key is (a
//! printable character, a control character, Enter or another key). A tick runs
//! whenever the detector's deadline has passed before the next key, as the loop does.
//!
//! Checked (the detector's documented invariants): every key pushed comes out exactly
//! once, as itself or inside one scan (with the Enter that ended it); keys that come out
//! as keys keep their order; nothing is held after the final tick; a scan has at least
//! `min_chars` characters and at most `MAX_CODE_LEN`.

#![no_main]

use comptoir::input::{BurstDetector, BurstSettings, Routed, TermKey, MAX_CODE_LEN};
use libfuzzer_sys::fuzz_target;

fn key(id: u32, b: u8) -> TermKey<u32> {
    match b {
        0 => TermKey::Enter(id),
        1 => TermKey::Other(id),
        2..=31 => TermKey::Char(char::from(b), id), // control characters
        0x80..=0x8f => TermKey::Char('é', id),
        0x90..=0x9f => TermKey::Char('€', id),
        _ => TermKey::Char(char::from(b & 0x7f), id),
    }
}

fuzz_target!(|data: &[u8]| {
    let [enabled, min, gap, keys @ ..] = data else {
        return;
    };
    // Settings the config accepts (`BurstSettings::check`).
    let settings = BurstSettings {
        enabled: enabled & 1 == 1,
        min_chars: 3 + usize::from(*min % 16),
        max_gap_ms: 1 + u64::from(*gap % 200),
    };
    let mut detector = BurstDetector::new(settings);
    let mut out = Vec::new();
    let mut now = 1_000_000u64;
    let mut pushed = 0u32;
    for pair in keys.chunks_exact(2) {
        now += u64::from(pair[0]);
        if detector.deadline().is_some_and(|d| now > d) {
            out.extend(detector.tick(now));
        }
        out.extend(detector.push(now, key(pushed, pair[1])));
        pushed += 1;
    }
    out.extend(detector.tick(u64::MAX));
    assert!(!detector.is_holding(), "keys held after the final tick");

    let mut last: Option<u32> = None;
    let mut keys_out = 0u32;
    let mut in_scans = 0u32;
    for r in &out {
        match r {
            Routed::Key(id) => {
                assert!(last.is_none_or(|l| l < *id), "keys out of order: {out:?}");
                last = Some(*id);
                keys_out += 1;
            }
            Routed::Scan(scan) => {
                let n = scan.code.chars().count();
                assert!(n >= settings.min_chars && n <= MAX_CODE_LEN, "{scan:?}");
                assert_eq!(n, scan.raw_keys);
                in_scans += u32::try_from(scan.raw_keys).unwrap() + 1; // and its Enter
            }
        }
    }
    assert_eq!(
        keys_out + in_scans,
        pushed,
        "keys lost or duplicated: {out:?}"
    );
});
