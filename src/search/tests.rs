use chrono::{Duration, Utc};

use super::*;
use crate::domain::customer::{Address, CustomerData, CustomerKind, Reference, ReferenceKind};
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{totals, Payment, Sale, SaleLine};
use crate::store::{customers, sales, Store};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    index: SearchIndex,
    path: PathBuf,
}

fn person(
    first: &str,
    last: &str,
    street: &str,
    postal: &str,
    city: &str,
    country: &str,
) -> CustomerData {
    CustomerData {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        address: Address {
            line1: Some(street.into()),
            postal_code: Some(postal.into()),
            city: Some(city.into()),
            country: Some(country.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn add(store: &mut Store, d: CustomerData) -> CustomerId {
    store
        .write(|tx| customers::create(tx, &d, "test"))
        .unwrap()
        .id
}

fn visit(store: &mut Store, id: CustomerId, days_ago: i64) {
    let lines = vec![SaleLine {
        product_id: None,
        code: "1".into(),
        name: "x".into(),
        quantity: 1.into(),
        unit_price: Money::from_cents(100),
        discount: Percent::ZERO,
        tax_rate: Percent::ZERO,
        kind: Default::default(),
        origin: None,
        special: None,
    }];
    let t = totals(&lines, Percent::ZERO, Default::default());
    store
        .write(|tx| {
            let s = Sale {
                id: crate::domain::ids::SaleId::generate(),
                number: sales::next_number(tx, "T")?,
                created_at: Utc::now() - Duration::days(days_ago),
                customer_id: Some(id),
                group_discount: Percent::ZERO,
                tax: Default::default(),
                payments: vec![Payment::cash(t.total, t.total).unwrap()],
                lines: lines.clone(),
                totals: t.clone(),
                refund_of: None,
                points: 0,
            };
            sales::insert(tx, &s, "test")
        })
        .unwrap();
}

fn fixture() -> (Fixture, Vec<CustomerId>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let ids = vec![
        add(
            &mut store,
            person(
                "Mélanie",
                "Dupont",
                "12 rue de la Paix",
                "75002",
                "Paris",
                "FR",
            ),
        ),
        add(
            &mut store,
            person("Jan", "de Vries", "Voorstraat 8", "3512", "Utrecht", "NL"),
        ),
        add(
            &mut store,
            person("Jürgen", "Groß", "Hauptstraße 3", "10115", "Berlin", "DE"),
        ),
        add(
            &mut store,
            person("Jean", "Dupontel", "3 avenue Foch", "69006", "Lyon", "FR"),
        ),
        add(
            &mut store,
            person("Paul", "Martin", "5 rue Dupont", "33000", "Bordeaux", "FR"),
        ),
        add(
            &mut store,
            person(
                "Janine",
                "Peeters",
                "Kerkstraat 1",
                "2000",
                "Antwerpen",
                "BE",
            ),
        ),
    ];
    let mut extra = CustomerData {
        kind: CustomerKind::Entity,
        company_name: Some("Boulangerie Lambert SARL".into()),
        phone: Some("+33612345678".into()),
        references: vec![
            Reference {
                kind: ReferenceKind::Barcode,
                code: "2900000000019".into(),
            },
            Reference {
                kind: ReferenceKind::Nfc,
                code: "04A23B1C".into(),
            },
        ],
        ..Default::default()
    };
    extra.address.city = Some("Namur".into());
    let mut ids = ids;
    ids.push(add(&mut store, extra));
    let path = dir.path().join("t.index");
    let index = SearchIndex::open_or_rebuild(&path, store.conn(), &mut |_, _| {}).unwrap();
    (
        Fixture {
            _dir: dir,
            store,
            index,
            path,
        },
        ids,
    )
}

const NAME_ADDR: [SearchField; 6] = [
    SearchField::FirstName,
    SearchField::LastName,
    SearchField::Company,
    SearchField::Street,
    SearchField::PostalCode,
    SearchField::City,
];

fn find(f: &mut Fixture, text: &str) -> Vec<CustomerId> {
    let fields: Vec<SearchField> = NAME_ADDR
        .iter()
        .copied()
        .chain([SearchField::Phone])
        .collect();
    f.index
        .search(&Request {
            text,
            mode: Mode::Simple,
            fields: &fields,
            limit: 10,
        })
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn accents_and_case_are_ignored() {
    let (mut f, ids) = fixture();
    assert_eq!(find(&mut f, "melanie")[0], ids[0]);
    assert_eq!(find(&mut f, "MÉLANIE")[0], ids[0]);
    assert_eq!(find(&mut f, "jurgen gross")[0], ids[2]);
    assert_eq!(find(&mut f, "hauptstrasse")[0], ids[2]);
}

#[test]
fn last_token_is_a_prefix_and_every_token_must_match() {
    let (mut f, ids) = fixture();
    assert_eq!(find(&mut f, "mel dup"), [ids[0]]);
    assert_eq!(find(&mut f, "vrie"), [ids[1]]);
    assert!(find(&mut f, "melanie utrecht").is_empty());
}

#[test]
fn typos_by_token_length() {
    let (mut f, ids) = fixture();
    assert_eq!(
        find(&mut f, "melanei")[0],
        ids[0],
        "one transposition in 7 letters"
    );
    assert_eq!(find(&mut f, "dupomt melanie")[0], ids[0]);
    assert_eq!(find(&mut f, "utreckt")[0], ids[1]);
    assert!(
        find(&mut f, "jam").iter().all(|id| *id != ids[1]),
        "3 letters: no typo allowed"
    );
    assert!(
        find(&mut f, "dxpxnt").is_empty(),
        "two typos in 6 letters is too many"
    );
}

#[test]
fn exact_before_prefix_before_typo_and_names_before_addresses() {
    let (mut f, ids) = fixture();
    // "dupont": exact last name (Mélanie) > exact street word (Paul, rue Dupont) >
    // prefix of a last name (Dupontel).
    let r = find(&mut f, "dupont");
    assert_eq!(r, [ids[0], ids[4], ids[3]]);
    // "jan": exact first name Jan before the prefix Janine.
    let r = find(&mut f, "jan");
    assert_eq!(&r[..2], [ids[1], ids[5]]);
}

#[test]
fn recency_breaks_ties() {
    let (mut f, ids) = fixture();
    // Two prefix matches of equal weight for "du": the more recent visitor first.
    visit(&mut f.store, ids[3], 2);
    visit(&mut f.store, ids[0], 200);
    f.index.catch_up(f.store.conn()).unwrap();
    let r = find(&mut f, "dupo");
    assert_eq!(
        &r[..2],
        [ids[3], ids[0]],
        "Dupontel visited 2 days ago, Dupont 200"
    );
}

#[test]
fn advanced_search_one_value_per_field() {
    let (mut f, ids) = fixture();
    let fields = [SearchField::FirstName, SearchField::Street];
    let mut s = |text: &str| {
        f.index
            .search(&Request {
                text,
                mode: Mode::Advanced,
                fields: &fields,
                limit: 10,
            })
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(s("Jan, Voorstraat"), [ids[1]]);
    assert_eq!(s("jan, voor"), [ids[1]]);
    assert!(
        s("Voorstraat, Jan").is_empty(),
        "each value in its own field"
    );
    assert_eq!(s(", kerkstr"), [ids[5]]);
}

#[test]
fn phone_digits_in_any_form() {
    let (mut f, ids) = fixture();
    for q in [
        "0612",
        "612 34",
        "+33 6 12",
        "06 12 34 56 78",
        "0033612345678",
    ] {
        assert_eq!(find(&mut f, q), [ids[6]], "{q}");
    }
}

#[test]
fn hostile_input_is_data() {
    let (mut f, _) = fixture();
    let long = "x".repeat(10_000);
    for q in [
        "",
        " ",
        "\"",
        "name:dupont",
        "dupont AND martin",
        "(",
        "*",
        "~",
        "dup*",
        "\\",
        &long,
        "\u{1b}[31m",
        "😀",
    ] {
        let fields = SearchField::ALL;
        for mode in [Mode::Simple, Mode::Advanced] {
            f.index
                .search(&Request {
                    text: q,
                    mode,
                    fields: &fields,
                    limit: 10,
                })
                .unwrap();
        }
    }
    assert_eq!(
        find(&mut f, "\"dupont\"").len(),
        3,
        "quotes are separators, not syntax"
    );
    assert_eq!(find(&mut f, "dupont*").len(), 3, "a star is not a wildcard");
    assert!(
        find(&mut f, "name:dupont").is_empty(),
        "`name` is a word to find, not a field"
    );
}

#[test]
fn sync_after_add_edit_delete() {
    let (mut f, ids) = fixture();
    let new = add(
        &mut f.store,
        person("Zoë", "Vandenberghe", "Kouter 1", "9000", "Gent", "BE"),
    );
    f.index.catch_up(f.store.conn()).unwrap();
    assert_eq!(
        find(&mut f, "vandenb"),
        [new],
        "found right after the commit"
    );

    let mut c = customers::get(f.store.conn(), ids[4]).unwrap().unwrap();
    c.data.last_name = Some("Moreau".into());
    f.store
        .write(|tx| customers::update(tx, ids[4], &c.data, "t"))
        .unwrap();
    f.index.catch_up(f.store.conn()).unwrap();
    assert_eq!(find(&mut f, "moreau"), [ids[4]]);
    assert!(find(&mut f, "martin").is_empty(), "the old name is gone");

    f.store.write(|tx| customers::delete(tx, new, "t")).unwrap();
    f.index.catch_up(f.store.conn()).unwrap();
    assert!(find(&mut f, "vandenb").is_empty());

    // Merge: the duplicate leaves the index, the survivor is found by what it took over.
    let survivor = customers::get(f.store.conn(), ids[1]).unwrap().unwrap();
    let dup = customers::get(f.store.conn(), ids[3]).unwrap().unwrap();
    let mut data = survivor.data.clone();
    data.phone = Some("+33698765432".into());
    data.references = dup.data.references.clone();
    f.store
        .write(|tx| crate::store::merge::merge(tx, ids[1], ids[3], &data, &["phone".into()], "t"))
        .unwrap();
    f.index.catch_up(f.store.conn()).unwrap();
    assert!(
        !find(&mut f, "dupontel").contains(&ids[3]),
        "the duplicate is gone"
    );
    assert_eq!(
        find(&mut f, "06 98 76 54"),
        [ids[1]],
        "the survivor has its phone"
    );

    // Anonymisation (delete with sales) drops a customer too.
    visit(&mut f.store, ids[5], 1);
    f.store
        .write(|tx| customers::delete(tx, ids[5], "t"))
        .unwrap();
    f.index.catch_up(f.store.conn()).unwrap();
    assert!(
        find(&mut f, "peeters").is_empty(),
        "anonymised customers are not searchable"
    );
}

#[test]
fn catch_up_after_a_crash_between_the_two_commits() {
    let (mut f, _) = fixture();
    let seq_before = f.index.applied_seq();
    // The database commits, then the register dies before the index commits.
    let new = add(
        &mut f.store,
        person("Ilse", "Verbruggen", "Markt 2", "8000", "Brugge", "BE"),
    );
    drop(f.index);
    let mut index = SearchIndex::open(&f.path).unwrap();
    assert_eq!(index.applied_seq(), seq_before);
    assert_eq!(index.catch_up(f.store.conn()).unwrap(), 1);
    f.index = index;
    assert_eq!(find(&mut f, "verbrug"), [new]);
}

#[test]
fn deleted_or_corrupt_index_is_rebuilt() {
    let (f, _) = fixture();
    let Fixture {
        _dir,
        store,
        index,
        path,
    } = f;
    drop(index);
    std::fs::remove_dir_all(&path).unwrap();
    assert!(matches!(
        SearchIndex::open(&path),
        Err(SearchError::NeedsRebuild { .. })
    ));
    let idx = SearchIndex::open_or_rebuild(&path, store.conn(), &mut |_, _| {}).unwrap();
    assert_eq!(idx.len(), 7);
    drop(idx);
    std::fs::write(path.join("meta.json"), b"{ not json").unwrap();
    assert!(matches!(
        SearchIndex::open(&path),
        Err(SearchError::NeedsRebuild { .. })
    ));
    let mut idx = SearchIndex::open_or_rebuild(&path, store.conn(), &mut |_, _| {}).unwrap();
    assert_eq!(idx.len(), 7);
    let hits = idx
        .search(&Request {
            text: "lambert",
            mode: Mode::Simple,
            fields: &NAME_ADDR,
            limit: 5,
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn an_index_failure_says_what_failed_and_keeps_the_library_text() {
    let failed: tantivy::Result<()> = Err(tantivy::TantivyError::InvalidArgument(
        "segment 3 is gone".into(),
    ));
    let err = failed.during(IndexOp::Write).unwrap_err();
    assert!(
        matches!(&err, SearchError::Index { op: IndexOp::Write, message } if message.contains("segment 3 is gone")),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.starts_with("search index: cannot write: "), "{text}");
    assert!(text.contains("segment 3 is gone"), "{text}");
    for (op, word) in [(IndexOp::Open, "open"), (IndexOp::Read, "read")] {
        assert_eq!(op.to_string(), word);
    }
}

/// Sorted ids of a search with the largest limit and of `search_all`, for comparing sets.
fn both(f: &mut Fixture, text: &str, mode: Mode, fields: &[SearchField]) -> [Vec<CustomerId>; 2] {
    let req = Request {
        text,
        mode,
        fields,
        limit: MAX_HITS,
    };
    let mut ranked: Vec<CustomerId> = f
        .index
        .search(&req)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect();
    let mut all = f.index.search_all(&req).unwrap();
    ranked.sort();
    all.sort();
    [ranked, all]
}

#[test]
fn search_all_selects_what_search_finds() {
    let (mut f, ids) = fixture();
    let simple: Vec<SearchField> = NAME_ADDR
        .iter()
        .copied()
        .chain([SearchField::Phone])
        .collect();
    for text in [
        "dupont",
        "mel dup",
        "jan",
        "d",
        "melanei",
        "dupomt melanie",
        "utreckt",
        "dxpxnt",
        "0612",
        "06 12 34 56 78",
        "",
        "\"",
        "name:dupont",
    ] {
        let [ranked, all] = both(&mut f, text, Mode::Simple, &simple);
        assert_eq!(ranked, all, "simple `{text}`");
    }
    let fields = [SearchField::FirstName, SearchField::Street];
    for text in [
        "Jan, Voorstraat",
        "jan, voor",
        "Voorstraat, Jan",
        ", kerkstr",
        "jna",
    ] {
        let [ranked, all] = both(&mut f, text, Mode::Advanced, &fields);
        assert_eq!(ranked, all, "advanced `{text}`");
    }
    // The typo tier as the search has it: "melanei" matches nothing as typed.
    let [_, all] = both(&mut f, "melanei", Mode::Simple, &simple);
    assert_eq!(all, [ids[0]]);
    let [_, all] = both(&mut f, "dupont", Mode::Simple, &simple);
    assert_eq!(all.len(), 3);
}

#[test]
fn search_all_is_not_capped() {
    let (mut f, _) = fixture();
    let n = MAX_HITS + 500;
    let now = Utc::now();
    let mut family: Vec<CustomerId> = f
        .store
        .write(|tx| {
            (0..n)
                .map(|i| {
                    let d = person(
                        &format!("Prénom{i}"),
                        "Lefebvre",
                        &format!("{i} rue Haute"),
                        "59000",
                        "Lille",
                        "FR",
                    );
                    customers::insert_row(tx, CustomerId::generate(), &d, now).map(|c| c.id)
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap();
    f.index.catch_up(f.store.conn()).unwrap();
    // One of them deleted: the index keeps its document until a merge, marked deleted.
    let gone = family.swap_remove(7);
    f.store
        .write(|tx| customers::delete(tx, gone, "t"))
        .unwrap();
    f.index.catch_up(f.store.conn()).unwrap();
    family.sort();

    let names = [SearchField::LastName];
    for (text, mode, fields) in [
        ("lefebvre", Mode::Simple, &NAME_ADDR[..]),
        ("LEFEB", Mode::Simple, &NAME_ADDR[..]),
        ("lefebvre lille", Mode::Simple, &NAME_ADDR[..]),
        ("lefebvre", Mode::Advanced, &names[..]),
        // Nothing as typed: every match comes from the typo pass, not capped either.
        ("lefebvde", Mode::Simple, &NAME_ADDR[..]),
    ] {
        let [ranked, all] = both(&mut f, text, mode, fields);
        assert_eq!(
            ranked.len(),
            MAX_HITS,
            "`{text}`: a search stops at the cap"
        );
        assert_eq!(
            all, family,
            "`{text}`: every Lefebvre, the deleted one excepted"
        );
    }
}

#[test]
fn compacting_merges_segments_and_keeps_the_change_sequence() {
    let (mut f, ids) = fixture();
    // Each catch-up commits a segment of its own.
    for (first, last) in [
        ("Zoé", "Quimby"),
        ("Yann", "Quintard"),
        ("Xavier", "Quimper"),
    ] {
        add(
            &mut f.store,
            person(first, last, "1 rue Neuve", "75002", "Paris", "FR"),
        );
        f.index.catch_up(f.store.conn()).unwrap();
    }
    let before = f.index.segments();
    assert!(before >= 3, "{before} segments");
    let seq = f.index.applied_seq();
    assert!(f.index.compact().unwrap());
    assert_eq!(f.index.segments(), 1);
    assert!(!f.index.compact().unwrap(), "nothing left to merge");
    assert_eq!(find(&mut f, "dupont").first(), Some(&ids[0]));
    assert_eq!(find(&mut f, "qui").len(), 3);
    // Reopened: the same sequence, so nothing is replayed or rebuilt.
    drop(f.index);
    let reopened = SearchIndex::open(&f.path).unwrap();
    assert_eq!(reopened.applied_seq(), seq);
    assert_eq!(reopened.segments(), 1);
}

/// Every term of every field in every segment the index directory holds: the live ones
/// through tantivy, and whether the directory holds segment files no commit lists (a
/// merged-away segment not yet removed).
fn all_terms(path: &Path) -> (Vec<String>, bool) {
    let index = tantivy::Index::open_in_dir(path).unwrap();
    let reader = index.reader().unwrap();
    let searcher = reader.searcher();
    let mut terms = Vec::new();
    for seg in searcher.segment_readers() {
        for (field, _) in index.schema().fields() {
            let Ok(inverted) = seg.inverted_index(field) else {
                continue;
            };
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                terms.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
    }
    let listed: Vec<String> = index
        .searchable_segment_ids()
        .unwrap()
        .iter()
        .map(|id| id.uuid_string())
        .collect();
    let orphans = std::fs::read_dir(path).unwrap().any(|e| {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        name.ends_with(".term") && !listed.iter().any(|id| name.starts_with(id.as_str()))
    });
    (terms, orphans)
}

#[test]
fn a_deleted_or_anonymised_customer_leaves_no_term_in_the_index() {
    let (mut f, ids) = fixture();
    let gone = add(
        &mut f.store,
        person(
            "Ottilie",
            "Quixotrampe",
            "1 rue Nulle",
            "75001",
            "Paris",
            "FR",
        ),
    );
    let kept_for_books = add(
        &mut f.store,
        person("Zeb", "Zebulondrak", "2 rue Nulle", "75001", "Paris", "FR"),
    );
    visit(&mut f.store, kept_for_books, 3);
    f.index.catch_up(f.store.conn()).unwrap();
    // A second segment beside the rebuilt one, as a running register makes.
    assert!(f.index.segments() >= 2);
    let (terms, _) = all_terms(&f.path);
    // Mélanie Dupont shares the rebuilt segment with five customers who stay.
    for name in ["quixotrampe", "zebulondrak", "melanie"] {
        assert!(terms.iter().any(|t| t.contains(name)), "{name} indexed");
    }
    for id in [gone, kept_for_books, ids[0]] {
        f.store
            .write(|tx| customers::delete(tx, id, "test"))
            .unwrap();
    }
    f.index.catch_up(f.store.conn()).unwrap();
    let (terms, orphans) = all_terms(&f.path);
    for name in ["quixotrampe", "zebulondrak", "melanie"] {
        let left: Vec<&String> = terms.iter().filter(|t| t.contains(name)).collect();
        assert!(left.is_empty(), "{name}: {left:?}");
    }
    assert!(!orphans, "a merged-away segment is still on disk");
    // The rest is still found.
    assert_eq!(f.index.len(), 6);
}

#[test]
fn the_index_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let (f, _) = fixture();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&f.path), 0o700, "made by a rebuild");
    let Fixture {
        store, index, path, ..
    } = f;
    drop(index);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _idx = SearchIndex::open_or_rebuild(&path, store.conn(), &mut |_, _| {}).unwrap();
    assert_eq!(mode(&path), 0o700, "tightened when found wider");
}

/// Names found by a simple search for `text`.
fn found(idx: &mut SearchIndex, text: &str) -> usize {
    idx.search(&Request {
        text,
        mode: Mode::Simple,
        fields: &NAME_ADDR,
        limit: 50,
    })
    .unwrap()
    .len()
}

#[test]
fn a_rebuild_while_a_register_holds_the_index_is_refused_and_leaves_that_index_whole() {
    let (mut f, _) = fixture();
    // The register has written (its writer, and tantivy's writer lock, are held).
    add(
        &mut f.store,
        person("Zoé", "Quintal", "1 rue Haute", "75001", "Paris", "FR"),
    );
    assert_eq!(f.index.catch_up(f.store.conn()).unwrap(), 1);
    // `comptoir reindex` or a big CLI import from another process (its own connection).
    let other = Store::open(f.store.path()).unwrap();
    let err = SearchIndex::rebuild(&f.path, other.conn(), &mut |_, _| {}).err();
    assert!(matches!(err, Some(SearchError::InUse { .. })), "{err:?}");
    assert_eq!(SearchIndex::refresh(&f.path, other.conn()).unwrap(), 0);
    // The register goes on writing to its index, which stays whole.
    add(
        &mut f.store,
        person("Yves", "Quintal", "2 rue Haute", "75001", "Paris", "FR"),
    );
    assert_eq!(f.index.catch_up(f.store.conn()).unwrap(), 1);
    assert_eq!(found(&mut f.index, "quintal"), 2);
    drop(f.index);
    let mut reopened = SearchIndex::open(&f.path).unwrap();
    assert_eq!(reopened.len(), 9);
    assert_eq!(found(&mut reopened, "quintal"), 2);
}

#[test]
fn an_index_rebuilt_by_another_process_is_reopened_at_the_next_catch_up() {
    let (mut f, _) = fixture();
    // The register has the index open but has not written yet: the lock is free.
    let other = Store::open(f.store.path()).unwrap();
    SearchIndex::rebuild(&f.path, other.conn(), &mut |_, _| {}).unwrap();
    add(
        &mut f.store,
        person("Zoé", "Quintal", "1 rue Haute", "75001", "Paris", "FR"),
    );
    f.index.catch_up(f.store.conn()).unwrap();
    assert_eq!(found(&mut f.index, "quintal"), 1);
    assert_eq!(f.index.len(), 8);
    drop(f.index);
    // Every file of the directory belongs to the index on disk (none orphaned by a
    // writer that still saw the old directory's files).
    let mut reopened = SearchIndex::open(&f.path).unwrap();
    assert_eq!(reopened.len(), 8);
    assert_eq!(found(&mut reopened, "quintal"), 1);
}

#[test]
fn a_killed_rebuilds_directory_is_removed_at_the_next_open_once_its_process_is_gone() {
    let (f, _) = fixture();
    let Fixture {
        store, index, path, ..
    } = f;
    drop(index);
    let beside = |kind: &str, pid: u32| path.with_file_name(format!(".t.index.{kind}-{pid}"));
    // No PID reaches 2^22 on Linux (pid_max): that process is gone.
    let dead = [beside("rebuild", 4_999_999), beside("old", 4_999_998)];
    let alive = [beside("rebuild", 1), beside("rebuild", std::process::id())];
    for d in dead.iter().chain(&alive) {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("segment"), b"names").unwrap();
    }
    let _idx = SearchIndex::open_or_rebuild(&path, store.conn(), &mut |_, _| {}).unwrap();
    for d in &dead {
        assert!(!d.exists(), "{} left", d.display());
    }
    for d in &alive {
        assert!(d.exists(), "{} removed while its process runs", d.display());
    }
}
