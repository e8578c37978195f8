//! Customer search: typed text turned into index queries (`search/query.rs`: simple and
//! advanced modes, exact, prefix and typo tiers, phone digit runs) and run by
//! `SearchIndex::search` and `search_all`, over an index of demo customers built once
//! per process in a temporary directory.
//!
//! Input: one byte for the mode and the limit, two bytes choosing the searched fields
//! (none chosen: all of them), then the text as typed.
//!
//! Checked: a search never fails on what was typed, and returns at most its limit.

#![no_main]

use std::cell::RefCell;

use comptoir::demo::{self, DemoOptions};
use comptoir::search::{Mode, Request, SearchField, SearchIndex, MAX_HITS};
use comptoir::store::Store;
use libfuzzer_sys::fuzz_target;

struct World {
    index: SearchIndex,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap();
    demo::generate(
        &mut store,
        &DemoOptions {
            customers: 500,
            seed: 11,
            now,
            sales: false,
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index =
        SearchIndex::open_or_rebuild(&dir.path().join("index"), store.conn(), &mut |_, _| {})
            .unwrap();
    World { index, _dir: dir }
}

thread_local! {
    static WORLD: RefCell<World> = RefCell::new(world());
}

fuzz_target!(|data: &[u8]| {
    let [how, f1, f2, text @ ..] = data else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let mask = u16::from_le_bytes([*f1, *f2]);
    let mut fields: Vec<SearchField> = SearchField::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, f)| *f)
        .collect();
    if fields.is_empty() {
        fields = SearchField::ALL.to_vec();
    }
    let limit = [1, 10, 50, MAX_HITS][usize::from((how >> 1) & 0b11)];
    let req = Request {
        text,
        mode: if how & 1 == 0 {
            Mode::Simple
        } else {
            Mode::Advanced
        },
        fields: &fields,
        limit,
    };
    WORLD.with_borrow_mut(|w| {
        let hits = w
            .index
            .search(&req)
            .unwrap_or_else(|e| panic!("search failed: {e}"));
        assert!(hits.len() <= limit);
        if how & 0b1000 != 0 {
            w.index
                .search_all(&req)
                .unwrap_or_else(|e| panic!("search_all failed: {e}"));
        }
    });
});
