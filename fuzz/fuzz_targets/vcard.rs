//! The vCard reader: the encoding sniffed from the file's start, the cards split and
//! decoded by `vcard::parse::parse`, each card made a draft by `vcard::card::draft`, then
//! built and validated as the import does (`engine::prepare`). The same steps as
//! `comptoir import vcard` up to the store (the file is read whole there too).

#![no_main]

use comptoir::domain::customer::ValidationContext;
use comptoir::exchange::draft::Groups;
use comptoir::exchange::engine;
use comptoir::exchange::text;
use comptoir::exchange::vcard::{card, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let head = data.get(..text::SAMPLE).unwrap_or(data);
    let Ok(sniff) = text::sniff(head, None) else {
        return;
    };
    let groups: Groups = [("vip".to_string(), "VIP".to_string())].into();
    let ctx = ValidationContext {
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    let Ok(items) = parse::parse(&text::body(data, &sniff)) else {
        return; // more cards than a file may hold: refused whole
    };
    for item in items {
        if let parse::Item::Card(c) = item {
            let _ = engine::prepare(card::draft(&c), &groups, &ctx);
        }
    }
});
