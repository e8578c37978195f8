//! Money at scale: `COMPTOIR_BENCH_CUSTOMERS=1000000 cargo bench --bench money`.
//!
//! Builds a demo shop (default 100,000 customers with a year of sales, every sale
//! journalled and earning points; `COMPTOIR_BENCH_LINES=10000000` adds five-line sales
//! until the history holds that many sale lines), tops up the wallets of 2,000
//! customers, then prints:
//! - a sale paid by three methods (wallet, loyalty points, cash) with its ledger entries
//!   and journal entry, p50/p99 per commit, beside the anchor of the same run: a one-line
//!   cash sale without a customer (what a sale cost before ledgers), and the ratio;
//! - the Loyalty tab's reads (balances + the last 200 ledger entries) and the History
//!   tab's (the last 200 sales), p50/p99 over random customers;
//! - `journal verify` over every sale line, in seconds and µs per line, beside the
//!   anchor of one SQLite pass over the same rows (`SELECT ... FROM sale_line`), and the
//!   ratio; the figure for 10 million lines is extrapolated per line.
//!
//! Figures are printed, never asserted. The database lives under target/bench-data (or
//! `COMPTOIR_BENCH_DIR`) and is removed at the end, unless `COMPTOIR_BENCH_DB` names
//! where to keep it.

use std::path::Path;
use std::time::{Duration, Instant};

use comptoir::demo::{self, DemoOptions};
use comptoir::domain::ids::CustomerId;
use comptoir::domain::money::{Money, Percent};
use comptoir::domain::sale::{LineKind, PaymentMethod, SaleLine};
use comptoir::service::{self, Actor, PaymentDraft, Role, SaleDraft};
use comptoir::store::{catalog, journal, ledger, sales, Store};
use rust_decimal::Decimal;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// Adds five-line cash sales (customers taken in turn) until `more` lines are written;
/// returns how many were.
fn more_history(store: &mut Store, more: i64) -> Result<i64, Box<dyn std::error::Error>> {
    use comptoir::domain::customer::TaxPreference;
    use comptoir::domain::ids::SaleId;
    use comptoir::domain::sale::{self, Payment, Sale};
    let products = catalog::products(store.conn())?;
    let customers: Vec<CustomerId> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT id FROM customer LIMIT 100000")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let at = chrono::Utc::now() - chrono::Duration::days(400);
    let mut written = 0i64;
    let mut n = 0usize;
    while written < more {
        store.write(|tx| {
            for _ in 0..20_000 {
                if written >= more {
                    break;
                }
                n += 1;
                let lines: Vec<SaleLine> = (0..5)
                    .map(|k| {
                        let p = &products[(n * 7 + k * 13) % products.len()];
                        SaleLine {
                            product_id: Some(p.id),
                            code: p.code.clone(),
                            name: p.name.clone(),
                            quantity: Decimal::ONE,
                            unit_price: p.price,
                            discount: Percent::ZERO,
                            tax_rate: p.tax_rate,
                            kind: LineKind::Goods,
                            origin: None,
                            special: None,
                        }
                    })
                    .collect();
                let totals = sale::totals(&lines, Percent::ZERO, TaxPreference::Normal);
                let s = Sale {
                    id: SaleId::generate(),
                    number: format!("BENCH-{n:07}"),
                    created_at: at,
                    customer_id: customers.get(n % customers.len().max(1)).copied(),
                    group_discount: Percent::ZERO,
                    tax: TaxPreference::Normal,
                    payments: vec![Payment::cash(totals.total, totals.total)?],
                    lines,
                    totals,
                    refund_of: None,
                    points: 0,
                };
                comptoir::store::sales::insert_unchecked(tx, &s)?;
                written += 5;
            }
            Ok::<_, Box<dyn std::error::Error>>(())
        })?;
    }
    Ok(written)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let customers = env("COMPTOIR_BENCH_CUSTOMERS", 100_000);
    let rounds = env("COMPTOIR_BENCH_SALES", 300);
    let base = std::env::var_os("COMPTOIR_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    std::fs::create_dir_all(&base)?;
    let dir = tempfile::tempdir_in(&base)?;
    // COMPTOIR_BENCH_DB: build the database there and keep it (to time `comptoir journal
    // verify` on it afterwards); default: a temporary file, removed.
    let path = std::env::var_os("COMPTOIR_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("money.db"));
    let mut store = Store::open(&path)?;
    let started = Instant::now();
    let report = demo::generate(
        &mut store,
        &DemoOptions {
            customers,
            seed: 7,
            now: chrono::Utc::now(),
            sales: true,
        },
    )?;
    let mut lines: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM sale_line", [], |r| r.get(0))?;
    println!(
        "demo: {} customers, {} sales, {lines} sale lines in {:.1} s",
        report.customers,
        report.sales,
        started.elapsed().as_secs_f64()
    );
    // More history, up to COMPTOIR_BENCH_LINES sale lines (the demo makes about five per
    // customer): five-line sales over the same customers, journalled as the demo's are.
    let target = env("COMPTOIR_BENCH_LINES", 0) as i64;
    if lines < target {
        let t = Instant::now();
        lines += more_history(&mut store, target - lines)?;
        println!(
            "history grown to {lines} sale lines in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let actor = Actor {
        name: "bench".into(),
        country: "FR".into(),
        role: Role::Cashier,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    };
    let ids: Vec<CustomerId> = {
        let mut stmt = store.conn().prepare(
            "SELECT customer_id FROM balance WHERE kind = 'points' AND amount >= 200
             ORDER BY customer_id LIMIT 2000",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in &ids {
        let line = SaleLine::money_in(LineKind::TopUp, "Wallet top-up", Money::from_cents(5_000));
        let d = SaleDraft::paid(
            vec![line],
            Some(*id),
            PaymentDraft::rest(PaymentMethod::Card),
        );
        service::store_sale(&mut store, &actor, &d)?;
    }
    let p = catalog::products(store.conn())?
        .into_iter()
        .find(|p| p.price > Money::from_cents(1_000))
        .ok_or("no product above 10.00")?;
    let goods = SaleLine {
        product_id: Some(p.id),
        code: p.code.clone(),
        name: p.name.clone(),
        quantity: Decimal::ONE,
        unit_price: p.price,
        discount: Percent::ZERO,
        tax_rate: p.tax_rate,
        kind: LineKind::Goods,
        origin: None,
        special: None,
    };
    let (mut three, mut anchor) = (Vec::new(), Vec::new());
    for id in ids.iter().take(rounds) {
        let d = SaleDraft {
            payments: vec![
                PaymentDraft::of(PaymentMethod::Wallet, Money::from_cents(300)),
                PaymentDraft::of(PaymentMethod::Points, Money::from_cents(100)),
                PaymentDraft::cash(None),
            ],
            ..SaleDraft::paid(vec![goods.clone()], Some(*id), PaymentDraft::cash(None))
        };
        let t = Instant::now();
        service::store_sale(&mut store, &actor, &d)?;
        three.push(t.elapsed());
        let d = SaleDraft::paid(vec![goods.clone()], None, PaymentDraft::cash(None));
        let t = Instant::now();
        service::store_sale(&mut store, &actor, &d)?;
        anchor.push(t.elapsed());
    }
    let (t50, t99, a50, a99) = (
        pct(&mut three, 0.5),
        pct(&mut three, 0.99),
        pct(&mut anchor, 0.5),
        pct(&mut anchor, 0.99),
    );
    println!(
        "sale, 3 methods + ledgers + journal: p50 {t50:.2} ms, p99 {t99:.2} ms | anchor (cash, no customer): p50 {a50:.2} ms, p99 {a99:.2} ms | ratio p99 {:.2}",
        t99 / a99.max(1e-9)
    );
    let (mut loyalty, mut history) = (Vec::new(), Vec::new());
    for id in ids.iter().cycle().take(2_000) {
        let t = Instant::now();
        ledger::balances(store.conn(), *id)?;
        ledger::entries(store.conn(), *id, None, 200)?;
        loyalty.push(t.elapsed());
        let t = Instant::now();
        sales::for_customer(store.conn(), *id, 200)?;
        history.push(t.elapsed());
    }
    println!(
        "Loyalty tab reads: p50 {:.3} ms, p99 {:.3} ms | History tab reads: p50 {:.3} ms, p99 {:.3} ms",
        pct(&mut loyalty, 0.5),
        pct(&mut loyalty, 0.99),
        pct(&mut history, 0.5),
        pct(&mut history, 0.99)
    );
    let t = Instant::now();
    let _: (i64, i64) = store.conn().query_row(
        "SELECT COUNT(*), SUM(length(name) + total_cents + length(quantity)) FROM sale_line",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let scan = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let v = journal::verify(store.conn())?;
    let secs = t.elapsed().as_secs_f64();
    let per_line = secs * 1e6 / lines.max(1) as f64;
    println!(
        "journal verify: {} sales, {lines} lines in {secs:.2} s ({per_line:.2} µs/line; 10M lines ≈ {:.0} s), intact: {} | anchor (one SQLite pass over sale_line): {scan:.2} s | ratio {:.1}",
        v.sales_checked,
        per_line * 10.0,
        v.ok(),
        secs / scan.max(1e-9)
    );
    Ok(())
}
