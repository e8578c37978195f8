//! The catalogue import as `comptoir import products --dry-run` runs it: sniffing,
//! decoding, preset detection, every preset's reading of prices, rates, names and
//! categories, and the lookups against a store holding the demo catalogue.
//!
//! Input: one byte of options (delimiter, encoding, preset, as the command line would
//! give them), then the file, written to a temporary directory made once per process.

#![no_main]

use std::cell::RefCell;
use std::path::PathBuf;

use comptoir::demo::{self, DemoOptions};
use comptoir::domain::money::Percent;
use comptoir::exchange::products::{self, presets, ProductOptions};
use comptoir::exchange::text::Charset;
use comptoir::exchange::RunOptions;
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
            customers: 10,
            seed: 7,
            now,
            sales: false,
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    World {
        store,
        file: dir.path().join("products.csv"),
        _dir: dir,
    }
}

thread_local! {
    static WORLD: RefCell<World> = RefCell::new(world());
}

/// `--delimiter` (bits 0-1), `--encoding` (bits 2-3), `--preset` (bits 4-7: detected,
/// each name, detected again past the list).
fn options(b: u8) -> ProductOptions {
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
    let preset = usize::from(b >> 4)
        .checked_sub(1)
        .and_then(|i| presets::NAMES.get(i))
        .map(|n| n.to_string());
    ProductOptions {
        preset,
        delimiter,
        encoding,
        vat_rates: ["20", "10", "5.5", "2.1"]
            .iter()
            .filter_map(|r| Percent::parse(r).ok())
            .collect(),
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
        let _ = products::import_products(&mut w.store, &w.file, &options(opts), &run);
    });
});
