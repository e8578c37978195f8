//! The crash campaign's driver (scripts/crash-campaign.sh): does one kind of user action
//! over and over on a shop's database, as the register does (through `service`, one
//! transaction each, the search index caught up after each commit), and prints
//! `ack KIND DETAIL` on standard output once each commit has returned, until it is
//! killed or has done COUNT actions. What it acknowledged must survive the kill.
//!
//! `cargo run --release --example crash_driver -- DB KIND [COUNT]`, KIND one of:
//! - `sale`: a paid sale of register R1, on a random customer's account half the time
//!   (`ack sale R1-000042`);
//! - `merge`: a random live customer merged into another (`ack merge SURVIVOR DUPLICATE`,
//!   ids as 32 hex digits);
//! - `anonymise`: a random customer with sales deleted, so anonymised (`ack anonymise ID`);
//! - `edit`: a random live customer's city set to a new value (`ack edit ID CITY`).

use std::io::Write;
use std::path::Path;

use comptoir::domain::customer::TaxPreference;
use comptoir::domain::ids::CustomerId;
use comptoir::domain::money::{Money, Percent};
use comptoir::domain::sale::{PaymentMethod, SaleLine};
use comptoir::search::SearchIndex;
use comptoir::service::{self, Actor, MergeRequest, Role, SaleDraft};
use comptoir::store::{customers, Store};
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(db), Some(kind)) = (args.first(), args.get(1)) else {
        return Err("usage: crash_driver DB sale|merge|anonymise|edit [COUNT]".into());
    };
    let count: u64 = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(u64::MAX);
    let db = Path::new(db);
    let mut store = Store::open(db)?;
    let index_path = comptoir::config::index_beside(db);
    let mut index = SearchIndex::open_or_rebuild(&index_path, store.conn(), &mut |_, _| {})?;
    let actor = Actor {
        name: "register:R1".into(),
        country: "FR".into(),
        role: Role::Manager,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    };
    let mut out = std::io::stdout().lock();
    let mut seed = u64::from(std::process::id()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for i in 0..count {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let ack = match kind.as_str() {
            "sale" => sale(&mut store, &actor, seed)?,
            "merge" => merge(&mut store, &actor, seed)?,
            "anonymise" => anonymise(&mut store, &actor, seed)?,
            "edit" => edit(&mut store, &actor, seed, i)?,
            other => return Err(format!("unknown kind {other}").into()),
        };
        if let Some(ack) = ack {
            writeln!(out, "ack {kind} {ack}")?;
            out.flush()?;
        }
        index.catch_up(store.conn())?;
    }
    Ok(())
}

fn hex(id: CustomerId) -> String {
    id.to_string().replace('-', "")
}

/// A random customer among those `filter` (SQL on `customer c`) keeps.
fn pick(store: &Store, seed: u64, filter: &str) -> Result<Option<CustomerId>, Error> {
    let sql = format!(
        "SELECT id FROM customer c WHERE anonymised = 0 AND {filter} LIMIT 1 OFFSET
           (?1 % max(1, (SELECT COUNT(*) FROM customer c WHERE anonymised = 0 AND {filter})))"
    );
    let offset = i64::try_from(seed >> 33).unwrap_or(0);
    Ok(store
        .conn()
        .query_row(&sql, [offset], |r| r.get(0))
        .optional()?)
}

fn sale(store: &mut Store, actor: &Actor, seed: u64) -> Result<Option<String>, Error> {
    let customer = if seed & 1 == 0 {
        pick(store, seed, "1")?
    } else {
        None
    };
    let cents = 100 + i64::try_from(seed % 5_000).unwrap_or(0);
    let draft = SaleDraft {
        lines: vec![SaleLine {
            product_id: None,
            code: "3760000000017".into(),
            name: "Coffee".into(),
            quantity: Decimal::from(1 + seed % 3),
            unit_price: Money::from_cents(cents),
            discount: Percent::ZERO,
            tax_rate: Percent::ZERO,
            kind: Default::default(),
            origin: None,
            special: None,
        }],
        customer,
        group_discount: Percent::ZERO,
        tax: TaxPreference::default(),
        payments: vec![service::PaymentDraft::rest(if seed & 2 == 0 {
            PaymentMethod::Cash
        } else {
            PaymentMethod::Card
        })],
        refund_of: None,
        email_receipt: false,
        sms_receipt: false,
    };
    Ok(Some(service::store_sale(store, actor, &draft)?.number))
}

fn merge(store: &mut Store, actor: &Actor, seed: u64) -> Result<Option<String>, Error> {
    let Some(survivor) = pick(store, seed, "1")? else {
        return Ok(None);
    };
    let Some(duplicate) = pick(store, seed.rotate_left(17), "1")? else {
        return Ok(None);
    };
    if survivor == duplicate {
        return Ok(None);
    }
    let Some(data) = customers::get(store.conn(), survivor)?.map(|c| c.data) else {
        return Ok(None);
    };
    let req = MergeRequest {
        survivor,
        duplicate,
        data,
        taken: Vec::new(),
    };
    service::merge_customers(store, actor, req)?;
    Ok(Some(format!("{} {}", hex(survivor), hex(duplicate))))
}

fn anonymise(store: &mut Store, actor: &Actor, seed: u64) -> Result<Option<String>, Error> {
    let with_sales = "EXISTS (SELECT 1 FROM sale s WHERE s.customer_id = c.id)";
    let Some(id) = pick(store, seed, with_sales)? else {
        return Ok(None);
    };
    service::delete_customer(store, actor, id)?;
    Ok(Some(hex(id)))
}

fn edit(store: &mut Store, actor: &Actor, seed: u64, i: u64) -> Result<Option<String>, Error> {
    let Some(id) = pick(store, seed, "1")? else {
        return Ok(None);
    };
    let Some(mut data) = customers::get(store.conn(), id)?.map(|c| c.data) else {
        return Ok(None);
    };
    let city = format!("Crashville{}x{i}", std::process::id());
    data.address.city = Some(city.clone());
    service::edit_customer(store, actor, id, data)?;
    Ok(Some(format!("{} {city}", hex(id))))
}
