//! What `synchronous = FULL` costs a sale: `cargo bench --bench sale` (README, "Crash
//! safety").
//!
//! Stores `COMPTOIR_BENCH_SALES` sales (default 200) through `service::store_sale` (one
//! transaction each: ticket number, sale, line, payment, audit entry) on two file
//! databases in the same directory, one as the store opens it (`synchronous = FULL`, the
//! WAL synced at every commit) and one switched back to `NORMAL` (no sync at commit; a
//! power cut may lose the last commits), alternating rounds of 20 sales so that both see
//! the same machine load. Prints ms per sale for each and the ratio FULL / NORMAL.
//! Figures are printed, not asserted: this is not a test. Put the databases on the
//! shop's disk with `COMPTOIR_BENCH_DIR` (default: a temporary directory under target/).

use std::path::Path;
use std::time::{Duration, Instant};

use comptoir::domain::customer::TaxPreference;
use comptoir::domain::money::{Money, Percent};
use comptoir::domain::sale::{PaymentMethod, SaleLine};
use comptoir::service::{self, Actor, Role, SaleDraft};
use comptoir::store::Store;
use rust_decimal::Decimal;

const ROUND: usize = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sales: usize = std::env::var("COMPTOIR_BENCH_SALES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let base = std::env::var_os("COMPTOIR_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    std::fs::create_dir_all(&base)?;
    let dir = tempfile::tempdir_in(&base)?;
    let mut full = Store::open(&dir.path().join("full.db"))?;
    let mut normal = Store::open(&dir.path().join("normal.db"))?;
    normal.conn().execute_batch("PRAGMA synchronous = NORMAL")?;
    let mode = |s: &Store| -> rusqlite::Result<i64> {
        s.conn().query_row("PRAGMA synchronous", [], |r| r.get(0))
    };
    println!(
        "synchronous: {} (FULL = 2) vs {} (NORMAL = 1), {sales} sales each, {}",
        mode(&full)?,
        mode(&normal)?,
        dir.path().display()
    );
    let actor = Actor {
        name: "bench".into(),
        country: "FR".into(),
        role: Role::Cashier,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    };
    let draft = SaleDraft {
        lines: vec![SaleLine {
            product_id: None,
            code: "3760000000017".into(),
            name: "Coffee".into(),
            quantity: Decimal::ONE,
            unit_price: Money::from_cents(250),
            discount: Percent::ZERO,
            tax_rate: Percent::ZERO,
            kind: Default::default(),
            origin: None,
            special: None,
        }],
        customer: None,
        group_discount: Percent::ZERO,
        tax: TaxPreference::default(),
        payments: vec![service::PaymentDraft {
            method: PaymentMethod::Cash,
            amount: None,
            tendered: Some(Money::from_cents(500)),
            reference: None,
        }],
        refund_of: None,
        email_receipt: false,
        sms_receipt: false,
    };
    let (mut t_full, mut t_normal) = (Duration::ZERO, Duration::ZERO);
    let mut done = 0;
    while done < sales {
        let n = ROUND.min(sales - done);
        for (store, total) in [(&mut full, &mut t_full), (&mut normal, &mut t_normal)] {
            let started = Instant::now();
            for _ in 0..n {
                service::store_sale(store, &actor, &draft)?;
            }
            *total += started.elapsed();
        }
        done += n;
    }
    let per = |t: Duration| t.as_secs_f64() * 1e3 / sales as f64;
    println!(
        "FULL {:.3} ms/sale, NORMAL {:.3} ms/sale, ratio FULL/NORMAL {:.2}",
        per(t_full),
        per(t_normal),
        per(t_full) / per(t_normal)
    );
    Ok(())
}
