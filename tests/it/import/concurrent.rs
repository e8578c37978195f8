//! An import does not block the register (issue 12 §6): sales from another process go
//! through while a large import runs, and a dry run never takes the write lock.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use comptoir::domain::customer::TaxPreference;
use comptoir::domain::money::{Money, Percent};
use comptoir::domain::sale::{PaymentMethod, SaleLine};
use comptoir::exchange::csv_in::{self, CsvOptions};
use comptoir::exchange::mapping::PresetChoice;
use comptoir::exchange::{vcard, Progress, RunOptions};
use comptoir::service::{self, Actor, Role, SaleDraft};
use comptoir::store::Store;

use crate::helpers::Env;

/// `rows` customers with their own e-mail and phone.
fn big_csv(path: &Path, rows: u32) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "First Name,Last Name,Email,Phone,City").unwrap();
    for i in 0..rows {
        writeln!(
            f,
            "Name{i},Last{i},user{i}@example.fr,06 {:02} {:02} {:02} {:02},Lyon",
            i / 1_000_000 % 100,
            i / 10_000 % 100,
            i / 100 % 100,
            i % 100
        )
        .unwrap();
    }
}

fn cashier() -> Actor {
    Actor {
        name: "register:R1".into(),
        country: "FR".into(),
        role: Role::Cashier,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    }
}

fn coffee() -> SaleDraft {
    SaleDraft {
        lines: vec![SaleLine {
            product_id: None,
            code: "3760000000017".into(),
            name: "Coffee".into(),
            quantity: rust_decimal::Decimal::ONE,
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
    }
}

#[test]
fn sales_from_another_process_go_through_during_a_large_import() {
    let env = Env::new();
    // The shop exists before the import starts (the register has it open).
    assert_eq!(env.run(&["customers", "list", "--json"]).code, 0);
    let mut register = Store::open(&env.db()).unwrap();
    let file = env.path("big.csv");
    big_csv(&file, 40_000);
    let mut child = env
        .command(&["import", "csv", file.to_str().unwrap(), "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    // Sell as the register does, one sale after another, until the import is over; only
    // sales made once the import has started writing count.
    let (mut during, mut slowest, mut failures) = (0, Duration::ZERO, Vec::new());
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the import hangs"
        );
        let writing = env.count("import_run") > 0;
        let t = Instant::now();
        match service::store_sale(&mut register, &cashier(), &coffee()) {
            Ok(_) if writing => {
                during += 1;
                slowest = slowest.max(t.elapsed());
            }
            Ok(_) => {}
            Err(e) => failures.push(e.to_string()),
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["created"], 40_000);
    assert!(failures.is_empty(), "{failures:?}");
    assert!(during >= 10, "only {during} sales while the import ran");
    // One transaction for the whole file held the lock for seconds (a sale failed after
    // the 5 s busy timeout); a chunk holds it for milliseconds.
    assert!(
        slowest < Duration::from_millis(2_500),
        "a sale waited {slowest:?}"
    );
    assert_eq!(env.count("customer"), 40_000);
    assert_eq!(env.count_where("import_run", "status = 'done'"), 1);
    assert_eq!(env.count("import_undo"), 0);
}

/// A progress bar that, at its `at`-th step, writes through another connection that does
/// not wait for a lock (busy timeout 0), as a sale at the counter would.
struct WriteMidway {
    conn: rusqlite::Connection,
    at: u32,
    calls: u32,
    wrote: Option<rusqlite::Result<()>>,
}

impl WriteMidway {
    fn new(db: &Path, at: u32) -> WriteMidway {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.busy_timeout(Duration::ZERO).unwrap();
        WriteMidway {
            conn,
            at,
            calls: 0,
            wrote: None,
        }
    }
}

impl Progress for WriteMidway {
    fn at(&mut self, _done: u64) {
        self.calls += 1;
        if self.calls == self.at {
            self.wrote = Some(self.conn.execute_batch(
                "BEGIN IMMEDIATE; INSERT INTO audit_log (at, actor, action, entity) \
                 VALUES ('now', 'register:R1', 'sale.add', 'sale'); COMMIT;",
            ));
        }
    }
}

fn options(dry_run: bool) -> RunOptions {
    RunOptions {
        dry_run,
        actor: "test".into(),
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        manager: true,
    }
}

#[test]
fn a_dry_run_holds_no_write_lock_and_a_real_one_none_between_its_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut store = Store::open(&db).unwrap();
    let file = dir.path().join("c.csv");
    big_csv(&file, 3_000);
    let opts = CsvOptions {
        preset: PresetChoice::Auto,
        mapping: None,
        maps: Vec::new(),
        delimiter: None,
        encoding: None,
    };
    for dry_run in [true, false] {
        let mut midway = WriteMidway::new(&db, 1_500);
        let report =
            csv_in::import(&mut store, &file, &opts, &options(dry_run), &mut midway).unwrap();
        assert_eq!(report.created, 3_000);
        match midway.wrote {
            Some(Ok(())) => {}
            other => panic!("dry run {dry_run}: the write in the middle gave {other:?}"),
        }
    }
    let vcf = dir.path().join("c.vcf");
    let cards: String = (0..40)
        .map(|i| format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card {i}\r\nN:{i};Card;;;\r\nEMAIL:card{i}@example.fr\r\nEND:VCARD\r\n"))
        .collect();
    std::fs::write(&vcf, cards).unwrap();
    for dry_run in [true, false] {
        let mut midway = WriteMidway::new(&db, 20);
        let report = vcard::import(&mut store, &vcf, &options(dry_run), &mut midway).unwrap();
        assert_eq!(report.created, 40);
        assert!(
            matches!(midway.wrote, Some(Ok(()))),
            "vCard, dry run {dry_run}"
        );
    }
    let audits: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'sale.add'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, 4);
}
