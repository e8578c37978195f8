//! Burst detection with a controlled clock: scanners vs people, bursts among typing.

use super::*;

fn detector() -> BurstDetector<u32> {
    BurstDetector::new(BurstSettings {
        enabled: true,
        min_chars: 6,
        max_gap_ms: 30,
    })
}

/// Keys are numbered by arrival so order can be checked; Enter is 1000 + n.
struct Feed {
    d: BurstDetector<u32>,
    n: u32,
    out: Vec<Routed<u32>>,
}

impl Feed {
    fn new() -> Feed {
        Feed {
            d: detector(),
            n: 0,
            out: Vec::new(),
        }
    }

    /// Types `text` starting at `t` with `gap` ms between keys ('\n' is Enter); returns
    /// the time after the last key.
    fn text(&mut self, mut t: u64, gap: u64, text: &str) -> u64 {
        for c in text.chars() {
            self.n += 1;
            let key = if c == '\n' {
                TermKey::Enter(1000 + self.n)
            } else {
                TermKey::Char(c, self.n)
            };
            self.out.extend(self.d.push(t, key));
            t += gap;
        }
        t
    }

    fn tick(&mut self, t: u64) {
        self.out.extend(self.d.tick(t));
    }

    fn keys(&self) -> Vec<u32> {
        self.out
            .iter()
            .filter_map(|r| match r {
                Routed::Key(k) => Some(*k),
                Routed::Scan(_) => None,
            })
            .collect()
    }

    fn scans(&self) -> Vec<String> {
        self.out
            .iter()
            .filter_map(|r| match r {
                Routed::Scan(s) => Some(s.code.clone()),
                Routed::Key(_) => None,
            })
            .collect()
    }
}

#[test]
fn scanner_speed_is_a_scan() {
    let mut f = Feed::new();
    f.text(1_000, 4, "4006381333931\n");
    assert_eq!(f.scans(), ["4006381333931"]);
    assert!(f.keys().is_empty(), "nothing reaches the screen");
    let Some(Routed::Scan(scan)) = f.out.first() else {
        panic!("{:?}", f.out)
    };
    assert!(scan.valid);
    assert_eq!(scan.reader, KEYBOARD_READER);
    assert_eq!(scan.raw_keys, 13);
}

#[test]
fn human_typing_never_triggers_it() {
    // Fast typist: 60 ms between keys, and a rolled pair at 20 ms.
    let mut f = Feed::new();
    let t = f.text(1_000, 60, "dupont");
    let t = f.text(t, 20, "ab");
    let t = f.text(t + 40, 60, "\n");
    f.tick(t + 100);
    assert!(f.scans().is_empty());
    assert_eq!(f.keys(), [1, 2, 3, 4, 5, 6, 7, 8, 1009]);
    assert!(!f.d.is_holding());
}

#[test]
fn held_characters_come_back_in_order_when_the_gap_expires() {
    let mut f = Feed::new();
    f.text(1_000, 5, "abc");
    assert!(f.keys().is_empty(), "held while it could still be a burst");
    assert_eq!(f.d.deadline(), Some(1_010 + 30));
    f.tick(1_040);
    assert!(f.keys().is_empty(), "not before the gap has passed");
    f.tick(1_041);
    assert_eq!(f.keys(), [1, 2, 3]);
    assert_eq!(f.d.deadline(), None);
}

#[test]
fn too_few_characters_or_a_late_enter_are_keys() {
    let mut f = Feed::new();
    f.text(1_000, 5, "12345\n");
    assert!(f.scans().is_empty());
    assert_eq!(f.keys(), [1, 2, 3, 4, 5, 1006]);
    let mut f = Feed::new();
    let t = f.text(1_000, 5, "123456");
    f.text(t + 50, 5, "\n");
    assert!(f.scans().is_empty(), "Enter 50 ms after the last character");
    assert_eq!(f.keys(), [1, 2, 3, 4, 5, 6, 1007]);
}

#[test]
fn a_burst_among_typing_is_cut_out_cleanly() {
    let mut f = Feed::new();
    let t = f.text(1_000, 150, "du"); // typing in the search field
    let t = f.text(t + 200, 3, "73513537\n"); // a scan
    let t = f.text(t + 300, 150, "po"); // typing goes on
    f.tick(t + 100);
    assert_eq!(f.scans(), ["73513537"]);
    assert_eq!(f.keys(), [1, 2, 12, 13]);
}

#[test]
fn a_slow_character_ends_the_run_and_starts_a_new_one() {
    let mut f = Feed::new();
    let t = f.text(1_000, 5, "abc");
    // 'x' comes 100 ms later: a,b,c are handed back first, then x is held.
    let t = f.text(t + 100, 5, "x");
    assert_eq!(f.keys(), [1, 2, 3]);
    let t = f.text(t, 5, "12345\n");
    assert_eq!(f.scans(), ["x12345"]);
    f.tick(t + 100);
    assert_eq!(f.keys(), [1, 2, 3]);
}

#[test]
fn other_keys_release_what_is_held_first() {
    let mut d = detector();
    let mut out = d.push(0, TermKey::Char('a', 1));
    out.extend(d.push(2, TermKey::Char('b', 2)));
    out.extend(d.push(4, TermKey::Other(3)));
    assert_eq!(out, [Routed::Key(1), Routed::Key(2), Routed::Key(3)]);
    let mut d = detector();
    let out = d.push(0, TermKey::Char('\u{7}', 9));
    assert_eq!(out, [Routed::Key(9)], "control characters are never held");
}

#[test]
fn a_flood_longer_than_a_code_is_handed_back() {
    let mut d = detector();
    let mut out = Vec::new();
    for i in 0..200u32 {
        out.extend(d.push(u64::from(i), TermKey::Char('x', i)));
    }
    out.extend(d.push(200, TermKey::Enter(999)));
    assert!(out.iter().all(|r| matches!(r, Routed::Key(_))));
    assert!(out.len() > 128, "{}", out.len());
    out.extend(d.tick(1_000));
    assert_eq!(out.len(), 201, "every key comes out exactly once");
}

#[test]
fn disabled_passes_everything_through() {
    let mut d: BurstDetector<u32> = BurstDetector::new(BurstSettings {
        enabled: false,
        min_chars: 6,
        max_gap_ms: 30,
    });
    let mut out = Vec::new();
    for (i, c) in "4006381333931".chars().enumerate() {
        out.extend(d.push(i as u64, TermKey::Char(c, i as u32)));
    }
    out.extend(d.push(14, TermKey::Enter(99)));
    assert_eq!(out.len(), 14);
    assert!(!d.is_holding());
}

#[test]
fn an_invalid_ean_burst_is_a_scan_reported_invalid() {
    let mut f = Feed::new();
    f.text(0, 3, "4006381333932\n");
    let Some(Routed::Scan(scan)) = f.out.first() else {
        panic!("{:?}", f.out)
    };
    assert!(!scan.valid, "reported, not used");
    assert!(f.keys().is_empty(), "and not typed into a field either");
}
