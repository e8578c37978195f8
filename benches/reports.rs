//! The managers' reports at scale: `cargo bench --bench reports`.
//!
//! Builds (once, then cached under the target directory's `bench-data/`) a shop with
//! `COMPTOIR_BENCH_LINES` sale lines (default 10,000,000): two years of tickets of 1 to 7
//! lines at four VAT rates, 60 % of them with one of 50,000 customers in 8 groups, paid
//! by cash, card or both, 3 % refunds; written straight into the tables in transactions
//! of 100,000 tickets from a fixed-seed SplitMix64, then the summary tables filled by
//! `store::reports::rebuild_cache` (what migration 0015 does to an existing shop, timed).
//!
//! Then prints, for each report and period (the default month, a year, both years),
//! the median of 3 runs and its ratio to the anchor measured in the same run: one plain
//! SQLite pass over every sale line (`SELECT count(*), sum(total_cents) FROM
//! sale_line`), so a figure can be compared between machines and days. The target is
//! 1 s per report. Figures are printed, never asserted.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use comptoir::store::reports::{self, Period, ReportKind, Request};
use comptoir::store::Store;
use rusqlite::params;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const CUSTOMERS: u64 = 50_000;
const GROUPS: u64 = 8;
const DAYS: i64 = 730;
const RATES: [(&str, i64); 4] = [("20", 2000), ("10", 1000), ("5.5", 550), ("2.1", 210)];

/// A UUIDv7-shaped id: the millisecond time, then a counter (deterministic).
fn id(ms: i64, n: u64) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    b[6] = 0x70 | ((n >> 56) as u8 & 0x0f);
    b[7] = (n >> 48) as u8;
    b[8] = 0x80 | ((n >> 40) as u8 & 0x3f);
    b[9..16].copy_from_slice(&n.to_be_bytes()[1..]);
    b
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

fn at_text(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Customers and groups, written straight.
fn customers(store: &mut Store) -> Result<Vec<[u8; 16]>, Box<dyn std::error::Error>> {
    let tx = store.conn().unchecked_transaction()?;
    let mut groups = Vec::new();
    for g in 0..GROUPS {
        let gid = id(0, 1 << 40 | g);
        tx.execute(
            "INSERT INTO customer_group (id, name, discount) VALUES (?1, ?2, '0')",
            params![&gid[..], format!("Group {g}")],
        )?;
        groups.push(gid);
    }
    let mut ids = Vec::new();
    let mut rng = Rng(7);
    {
        let mut stmt = tx.prepare(
            "INSERT INTO customer (id, kind, first_name, last_name, group_id, created_at,
                updated_at) VALUES (?1, 'person', ?2, ?3, ?4, '2024-01-01T00:00:00.000Z',
                '2024-01-01T00:00:00.000Z')",
        )?;
        for n in 0..CUSTOMERS {
            let cid = id(1, 2 << 40 | n);
            let group = (rng.below(3) > 0).then(|| groups[rng.below(GROUPS) as usize]);
            stmt.execute(params![
                &cid[..],
                format!("First{n}"),
                format!("Last{}", rng.below(10_000)),
                group.as_ref().map(|g| &g[..])
            ])?;
            ids.push(cid);
        }
    }
    tx.commit()?;
    Ok(ids)
}

struct Writer<'a> {
    sale: rusqlite::Statement<'a>,
    line: rusqlite::Statement<'a>,
    pay: rusqlite::Statement<'a>,
}

/// One ticket of `k` lines (a refund gives back one line of an earlier ticket).
fn ticket(
    w: &mut Writer,
    rng: &mut Rng,
    n: u64,
    ms: i64,
    customers: &[[u8; 16]],
    last: &mut Option<([u8; 16], Option<[u8; 16]>)>,
) -> Result<u64, rusqlite::Error> {
    let sid = id(ms, n);
    let number = format!("R{}-{n:08}", 1 + n % 2);
    let refund = rng.below(100) < 3 && last.is_some();
    let (customer, refund_of) = match (refund, last.as_ref()) {
        (true, Some((of, c))) => (*c, Some(*of)),
        _ => {
            let c =
                (rng.below(10) < 6).then(|| customers[rng.below(customers.len() as u64) as usize]);
            (c, None)
        }
    };
    let k = if refund { 1 } else { 1 + rng.below(7) };
    let mut lines = Vec::new();
    for i in 0..k {
        let (rate, _) = RATES[rng.below(4) as usize];
        let qty = 1 + rng.below(3) as i64;
        let price = 50 + rng.below(3000) as i64;
        let total = if refund { -price } else { qty * price };
        lines.push((i + 1, rate, if refund { -1 } else { qty }, price, total));
    }
    let total: i64 = lines.iter().map(|l| l.4).sum();
    w.sale.execute(params![
        &sid[..],
        number,
        at_text(ms),
        customer.as_ref().map(|c| &c[..]),
        total,
        refund_of.as_ref().map(|r| &r[..])
    ])?;
    for (no, rate, qty, price, t) in &lines {
        w.line.execute(params![
            &sid[..],
            no,
            format!("P{}", price % 997),
            qty.to_string(),
            price,
            rate,
            t,
            refund.then_some(1)
        ])?;
    }
    let split = rng.below(10);
    if total >= 0 && split == 0 && total > 100 {
        let cash = total / 3;
        w.pay
            .execute(params![&id(ms, 2 * n)[..], &sid[..], "cash", cash, cash, 0])?;
        w.pay.execute(params![
            &id(ms, 2 * n + 1)[..],
            &sid[..],
            "card",
            total - cash,
            None::<i64>,
            None::<i64>
        ])?;
    } else if split < 5 {
        let tendered = if total >= 0 {
            total + rng.below(500) as i64
        } else {
            0
        };
        w.pay.execute(params![
            &id(ms, 2 * n)[..],
            &sid[..],
            "cash",
            total,
            tendered,
            tendered - total
        ])?;
    } else {
        w.pay.execute(params![
            &id(ms, 2 * n)[..],
            &sid[..],
            "card",
            total,
            None::<i64>,
            None::<i64>
        ])?;
    }
    if !refund {
        *last = Some((sid, customer));
    }
    Ok(k)
}

/// Writes tickets until `target` lines are stored; returns the lines written.
fn sales(
    store: &mut Store,
    customers: &[[u8; 16]],
    target: u64,
) -> Result<u64, Box<dyn std::error::Error>> {
    let per_day = target / 4 / DAYS as u64 + 1;
    let start_ms = first_day()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp_millis();
    let mut rng = Rng(42);
    let (mut lines, mut n, mut last) = (0u64, 0u64, None);
    while lines < target {
        let tx = store.conn().unchecked_transaction()?;
        {
            let mut w = Writer {
                sale: tx.prepare(
                    "INSERT INTO sale (id, number, created_at, customer_id, total_cents, refund_of)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?,
                line: tx.prepare(
                    "INSERT INTO sale_line (sale_id, line_no, code, name, quantity,
                        unit_price_cents, tax_rate, total_cents, origin)
                     VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?,
                pay: tx.prepare(
                    "INSERT INTO payment (id, sale_id, method, amount_cents, tendered_cents,
                        change_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?,
            };
            for _ in 0..100_000 {
                if lines >= target {
                    break;
                }
                // Opening hours 8:00-20:00 UTC, evenly over the days.
                let day = (n / per_day) as i64;
                let within = (n % per_day) as i64 * 43_200_000 / per_day as i64;
                let ms = start_ms + day * 86_400_000 + 28_800_000 + within;
                lines += ticket(&mut w, &mut rng, n, ms, customers, &mut last)?;
                n += 1;
            }
        }
        tx.commit()?;
        eprint!("\r{lines} lines");
    }
    eprintln!();
    Ok(lines)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        last = Some(f());
        runs.push(t.elapsed());
    }
    (median(runs), last.unwrap_or_else(f))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target: u64 = std::env::var("COMPTOIR_BENCH_LINES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("bench-data");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("reports-{target}-v1.db"));
    let ready = path.exists();
    let mut store = Store::open(&path)?;
    store.set_cache_kib(256 * 1024)?;
    let stored: u64 = store
        .conn()
        .query_row("SELECT count(*) FROM sale_line", [], |r| r.get::<_, i64>(0))?
        as u64;
    if !ready || stored < target {
        store.set_durable(false)?;
        let t = Instant::now();
        let ids = customers(&mut store)?;
        let lines = sales(&mut store, &ids, target)?;
        println!(
            "built {lines} sale lines in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        store.write(reports::rebuild_cache)?;
        println!(
            "summary tables filled from the sales (migration 0015 on this shop) in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        store.set_durable(true)?;
    }
    let count =
        |sql: &str| -> rusqlite::Result<i64> { store.conn().query_row(sql, [], |r| r.get(0)) };
    println!(
        "{} sale lines, {} tickets, {} summary rows, {} customer summary rows ({})",
        count("SELECT count(*) FROM sale_line")?,
        count("SELECT count(*) FROM sale")?,
        count("SELECT count(*) FROM sale_sum")?,
        count("SELECT count(*) FROM customer_sum")?,
        path.display()
    );
    let (anchor, _) = time(|| {
        store.conn().query_row(
            "SELECT count(*), sum(total_cents) FROM sale_line",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?)),
        )
    });
    println!(
        "anchor: one pass over every sale line (count, sum) {:.0} ms",
        anchor.as_secs_f64() * 1e3
    );
    let last = first_day() + chrono::Duration::days(DAYS - 1);
    let periods = [
        ("month", Period::month_of(last, 0)),
        (
            "year",
            Period {
                from: last - chrono::Duration::days(364),
                to: last,
                utc_offset_secs: 0,
            },
        ),
        (
            "all",
            Period {
                from: first_day(),
                to: last,
                utc_offset_secs: 0,
            },
        ),
    ];
    println!(
        "{:<10} {:<6} {:>9} {:>8} {:>6}",
        "report", "period", "ms", "ratio", "rows"
    );
    for kind in ReportKind::ALL {
        for (name, p) in &periods {
            let p = if kind == ReportKind::Z {
                Period::day(last, 0)
            } else {
                *p
            };
            let req = Request {
                kind,
                period: p,
                register: "R1".into(),
                limit: 20,
            };
            let (t, report) = time(|| reports::run(store.conn(), &req));
            let rows = match report? {
                reports::Report::Days(r) => r.len(),
                reports::Report::Groups(r) => r.len(),
                reports::Report::Customers(r) => r.len(),
                reports::Report::Methods(r) => r.len(),
                reports::Report::Vat(r) => r.len(),
                reports::Report::Z(f, _) => f.by_method.len(),
            };
            let period = if kind == ReportKind::Z { "day" } else { name };
            println!(
                "{:<10} {:<6} {:>9.1} {:>8.4} {:>6}",
                kind.name(),
                period,
                t.as_secs_f64() * 1e3,
                t.as_secs_f64() / anchor.as_secs_f64(),
                rows
            );
            if kind == ReportKind::Z {
                break;
            }
        }
    }
    Ok(())
}
