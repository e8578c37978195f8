//! Ends of codes and faults, through recorded streams: terminators, idle gaps, lost
//! events, floods, split reads, keys that type nothing, bad check digits.

use super::*;

#[test]
fn check_digit_failure_is_reported_not_used() {
    let mut s = Stream::new();
    s.type_text(Layout::Fr, "4006381333932").enter();
    let scan = one_scan(&mut assembler(Layout::Fr), &s);
    assert!(!scan.valid);
    assert!(
        scan.reason.as_deref().unwrap_or("").contains("should be 1"),
        "{scan:?}"
    );
    assert!(scan.references().is_empty());
}

#[test]
fn tab_and_idle_gap_end_a_code() {
    let mut s = Stream::new();
    s.type_text(Layout::Us, "ABC-1").tap(KEY_TAB);
    s.type_text(Layout::Us, "XYZ-2").wait_ms(400);
    s.type_text(Layout::Us, "QQQ-3");
    let mut a = assembler(Layout::Us);
    let end = s.t_us + 300_000;
    let got: Vec<String> = decode_stream(&mut a, s.bytes(), Some(end))
        .into_iter()
        .filter_map(|e| match e {
            ReaderEvent::Scan(s) => Some(s.code),
            _ => None,
        })
        .collect();
    assert_eq!(got, ["ABC-1", "XYZ-2", "QQQ-3"]);
    assert_eq!(a.deadline_us(), None, "nothing pending");
}

#[test]
fn a_tick_before_the_gap_keeps_the_burst() {
    let mut s = Stream::new();
    s.type_text(Layout::Us, "12");
    let mut a = assembler(Layout::Us);
    assert!(decode_stream(&mut a, s.bytes(), Some(s.t_us + 1000)).is_empty());
    assert!(a.in_burst());
    let mut rest = Stream::new();
    rest.t_us = s.t_us + 5_000;
    rest.type_text(Layout::Us, "34").enter();
    assert_eq!(one_scan(&mut a, &rest).code, "1234");
}

#[test]
fn records_split_across_reads_decode_the_same() {
    let mut s = Stream::new();
    s.type_text(Layout::De, "Zy-42/ß").enter();
    let mut a = assembler(Layout::De);
    let mut records = RecordReader::new();
    let mut out = Vec::new();
    for chunk in s.bytes().chunks(7) {
        records.push(chunk, |ev| out.extend(a.feed(ev)));
    }
    assert!(
        matches!(&out[..], [ReaderEvent::Scan(scan)] if scan.code == "Zy-42/ß"),
        "{out:?}"
    );
}

#[test]
fn syn_dropped_taints_the_burst_and_resynchronises() {
    // The kernel dropped the start of a code: what is left must not pass for a scan.
    let mut s = Stream::new();
    s.key(KEY_LEFTSHIFT, 1).tap(30).tap(31);
    s.raw(EV_SYN, SYN_DROPPED, 0);
    s.tap(32); // its press is skipped up to the SYN_REPORT
    s.type_text(Layout::Us, "333931").enter();
    s.wait_ms(500).type_text(Layout::Us, "73513537").enter();
    let events = decode_stream(&mut assembler(Layout::Us), s.bytes(), None);
    assert!(
        matches!(&events[..], [ReaderEvent::Invalid { reason, .. }, ReaderEvent::Scan(scan)]
            if reason.contains("lost") && scan.code == "73513537" && scan.valid),
        "{events:?}"
    );
}

#[test]
fn a_drop_that_lost_a_whole_code_is_reported_when_its_gap_ends() {
    let mut s = Stream::new();
    s.raw(EV_SYN, SYN_DROPPED, 0).raw(EV_SYN, SYN_REPORT, 0);
    let mut a = assembler(Layout::Us);
    let events = decode_stream(&mut a, s.bytes(), Some(s.t_us + 300_000));
    assert!(
        matches!(&events[..], [ReaderEvent::Invalid { .. }]),
        "{events:?}"
    );
    assert!(!a.in_burst());
}

#[test]
fn overlong_and_flooding_reads_are_bounded_and_reported() {
    let mut s = Stream::new();
    for _ in 0..1000 {
        s.tap(digit_key('1'));
    }
    s.enter();
    s.type_text(Layout::Us, "73513537").enter();
    let mut a = assembler(Layout::Us);
    let events = decode_stream(&mut a, s.bytes(), None);
    assert!(
        matches!(&events[..], [ReaderEvent::Invalid { reason, .. }, ReaderEvent::Scan(scan)]
            if reason.contains("longer than 128") && scan.code == "73513537"),
        "{events:?}"
    );
}

#[test]
fn keys_that_type_nothing_make_the_scan_invalid() {
    let mut s = Stream::new();
    s.type_text(Layout::Us, "12")
        .tap(KEY_ESC)
        .type_text(Layout::Us, "34");
    s.key(KEY_LEFTCTRL, 1).tap(30).key(KEY_LEFTCTRL, 0).enter();
    let scan = one_scan(&mut assembler(Layout::Us), &s);
    assert!(!scan.valid);
    assert_eq!(scan.code, "12\u{fffd}34\u{fffd}");
    assert!(scan.reason.as_deref().unwrap_or("").contains("key code 1"));
    // Right Alt is AltGr elsewhere but plain Alt on `us`.
    let mut s = Stream::new();
    s.stroke(KEY_0, false, true).enter();
    assert!(!one_scan(&mut assembler(Layout::Us), &s).valid);
}
