use super::*;

#[test]
fn delimiters_are_sniffed() {
    assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3\n4;5;6\n"), b';');
    assert_eq!(sniff_delimiter(b"a\tb\tc\n1\t2\t3\n"), b'\t');
    assert_eq!(sniff_delimiter(b"a|b\n1|2\n"), b'|');
    assert_eq!(sniff_delimiter(b"name,note\n\"x\",\"a;b;c;d\"\n"), b',');
    assert_eq!(sniff_delimiter(b"justone\nvalue\n"), b',');
    assert_eq!(parse_delimiter("tab").unwrap(), b'\t');
    assert!(parse_delimiter("ab").is_err());
}

#[test]
fn guard_stops_a_huge_row_and_fixes_crlf_lines() {
    let state = GuardState::new();
    let data = b"a,b\r\n1,2\r\n3,4\r\n".to_vec();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(Guard::new(&data[..], state.clone()));
    let mut rec = csv::ByteRecord::new();
    let mut lines = Vec::new();
    while r.read_byte_record(&mut rec).unwrap() {
        lines.push(state.line_of(rec.position().unwrap()));
        state.record_done(r.position());
    }
    assert_eq!(lines, vec![1, 2, 3]);
    let big = vec![b'x'; MAX_RECORD as usize + 10];
    let state = GuardState::new();
    let mut g = Guard::new(&big[..], state.clone());
    let mut sink = Vec::new();
    assert!(g.read_to_end(&mut sink).is_err());
    assert!(state.failure().unwrap().contains("line 1 is longer"));
}

#[test]
fn rejected_file_name() {
    assert_eq!(
        rejected_path(Path::new("/tmp/x/clients.csv"), "csv"),
        Path::new("/tmp/x/clients.rejected.csv")
    );
}
