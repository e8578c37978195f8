//! The CSV import as `comptoir import csv --dry-run` runs it: sniffing, decoding, the
//! guarded parser, mapping, draft, validation and matching against a store of demo
//! customers, in a transaction rolled back at the end.
//!
//! Input: one byte of options (delimiter, encoding, preset, as the command line would
//! give them), then the file. The import reads a path, so the file is written to a
//! temporary directory made once per process, as is the in-memory store.

#![no_main]

use std::cell::RefCell;
use std::path::PathBuf;

use comptoir::demo::{self, DemoOptions};
use comptoir::exchange::csv_in::{self, CsvOptions};
use comptoir::exchange::mapping::PresetChoice;
use comptoir::exchange::preset;
use comptoir::exchange::text::Charset;
use comptoir::exchange::{NoProgress, RunOptions};
use comptoir::store::Store;
use libfuzzer_sys::fuzz_target;

struct World {
    store: Store,
    file: PathBuf,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap();
    demo::generate(
        &mut store,
        &DemoOptions {
            customers: 200,
            seed: 7,
            now,
            sales: false,
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    World {
        store,
        file: dir.path().join("customers.csv"),
        _dir: dir,
    }
}

thread_local! {
    static WORLD: RefCell<World> = RefCell::new(world());
}

/// The command line's choices, from one byte: `--delimiter` (bits 0-1), `--encoding`
/// (bits 2-3), `--preset` (bits 4-7: auto, a vendor, auto again past the list). A zero
/// byte is `import csv FILE`.
fn options(b: u8) -> CsvOptions {
    let delimiter = match b & 0b11 {
        1 => Some(b','),
        2 => Some(b';'),
        3 => Some(b'\t'),
        _ => None,
    };
    let encoding = match (b >> 2) & 0b11 {
        1 => Charset::from_label("windows-1252"),
        2 => Charset::from_label("utf-16le"),
        3 => Charset::from_label("utf-8"),
        _ => None,
    };
    let preset =
        PresetChoice::parse(preset::choice(usize::from(b >> 4))).unwrap_or(PresetChoice::Auto);
    CsvOptions {
        preset,
        mapping: None,
        maps: Vec::new(),
        delimiter,
        encoding,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&opts, file)) = data.split_first() else {
        return;
    };
    let run = RunOptions {
        dry_run: true,
        actor: "fuzz".into(),
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        manager: true,
    };
    WORLD.with_borrow_mut(|w| {
        std::fs::write(&w.file, file).unwrap();
        let _ = csv_in::import(&mut w.store, &w.file, &options(opts), &run, &mut NoProgress);
    });
});
