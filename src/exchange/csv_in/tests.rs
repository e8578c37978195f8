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

fn record(cells: usize) -> csv::ByteRecord {
    let mut rec = csv::ByteRecord::new();
    rec.push_field(b"Ann");
    for _ in 1..cells {
        rec.push_field(b"x");
    }
    rec
}

#[test]
fn a_row_of_two_million_cells_costs_one_refusal() {
    let headers = vec!["name".to_string()];
    let fields = vec![Field::FullName];
    let rec = record(2_000_000);
    let (_, cells, bad) = read_row(&rec, &headers, &fields, Charset::UTF8, None);
    assert_eq!(bad.len(), 1);
    assert!(bad[0].message.starts_with("2000000 cells, more than 1000"));
    assert_eq!(cells, vec!["Ann".to_string()]);
}

#[test]
fn cells_beyond_the_header_cost_one_warning_per_row() {
    let headers = vec!["name".to_string()];
    let fields = vec![Field::FullName];
    let (draft, cells, bad) = read_row(&record(900), &headers, &fields, Charset::UTF8, None);
    assert!(bad.is_empty());
    assert_eq!(cells.len(), 900);
    assert_eq!(draft.warnings.len(), 1);
    assert_eq!(
        draft.warnings[0].message,
        "899 cell(s) beyond the last column of the header: ignored"
    );
}

#[test]
fn warnings_and_problems_per_row_are_capped() {
    // 300 columns of placeholders: one warning each without the cap.
    let headers: Vec<String> = (0..300).map(|i| format!("note{i}")).collect();
    let fields = vec![Field::PersonalNote; 300];
    let mut rec = csv::ByteRecord::new();
    for _ in 0..300 {
        rec.push_field(b"n/a");
    }
    let (draft, _, _) = read_row(&rec, &headers, &fields, Charset::UTF8, None);
    let out = draft.build(&Groups::new());
    assert_eq!(out.warnings.len(), 21);
    assert_eq!(
        out.warnings[20].message,
        "and 280 more warning(s) on this row"
    );
    // 300 cells not valid UTF-8: 20 problems kept, and one saying how many more.
    let mut rec = csv::ByteRecord::new();
    for _ in 0..300 {
        rec.push_field(b"\xff");
    }
    let (_, _, bad) = read_row(&rec, &headers, &fields, Charset::UTF8, None);
    assert_eq!(bad.len(), 21);
    assert_eq!(bad[20].message, "and 280 more problem(s) on this row");
}
