//! The queue's sender against a stand-in printer that can be switched off: order kept
//! per printer, backoff, once only, the drawer's window, jobs that cannot be built.

use std::path::Path;

use rust_decimal::Decimal;

use super::*;
use crate::domain::catalog::Product;
use crate::domain::ids::ProductId;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{LineKind, SaleLine};
use crate::service::{self, Actor, PaymentDraft, Role, SaleDraft};
use crate::store::catalog;
use crate::store::print_queue::Status;

/// A printer that takes jobs while `on`, and keeps what it took.
#[derive(Default)]
struct Fake {
    on: bool,
    /// A printer that is off even while `on` (the others print).
    down: Option<&'static str>,
    took: Vec<(String, Vec<u8>)>,
    tries: usize,
}

impl Sender for Fake {
    fn send(&mut self, printer: &Printer, bytes: &[u8], _: bool) -> Result<(), SendError> {
        self.tries += 1;
        if !self.on || self.down == Some(printer.to_string().as_str()) {
            return Err(SendError::Offline {
                printer: printer.to_string(),
                source: std::io::Error::from(std::io::ErrorKind::ConnectionRefused),
            });
        }
        self.took.push((printer.to_string(), bytes.to_vec()));
        Ok(())
    }
}

fn config() -> Config {
    let toml =
        "[shop]\nname = \"Épicerie\"\n[receipt]\nprinter = \"tcp://127.0.0.1:9\"\npaper = \"58\"\n";
    Config::from_toml(toml, Path::new("/nonexistent/config.toml")).unwrap()
}

fn actor() -> Actor {
    Actor {
        name: "register:R1".into(),
        country: "FR".into(),
        role: Role::Cashier,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    }
}

/// A store and a cash sale of one coffee, its drawer kick and receipt queued.
fn shop(config: &Config) -> (Store, Sale) {
    let mut store = Store::open_in_memory().unwrap();
    let p = Product {
        id: ProductId::generate(),
        code: "1001".into(),
        name: "Café Crème".into(),
        price: Money::from_cents(350),
        tax_rate: Percent::parse("20").unwrap(),
        cost: None,
        category: None,
    };
    store.write(|tx| catalog::upsert_product(tx, &p)).unwrap();
    let line = SaleLine {
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
    let d = SaleDraft::paid(vec![line], None, PaymentDraft::cash(None));
    let o = order(config);
    let sale = service::store_sale_printed(&mut store, &actor(), &d, o.as_ref()).unwrap();
    (store, sale)
}

#[test]
fn the_backoff_doubles_up_to_a_minute() {
    let secs: Vec<i64> = (1..=9).map(|n| backoff(n).num_seconds()).collect();
    assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
}

#[test]
fn jobs_wait_while_the_printer_is_off_then_print_once_in_order() {
    let config = config();
    let (mut store, sale) = shop(&config);
    let mut printer = Fake::default();
    let t0 = sale.created_at;
    let r = pass(&mut store, &config, "R1", t0, 0, &mut printer).unwrap();
    // The drawer's kick was tried and failed: the receipt behind it kept its turn.
    assert_eq!(printer.tries, 1);
    assert_eq!((r.printed, r.waiting, r.failed), (0, 2, 0));
    assert!(matches!(r.state, Some(PrinterState::Offline(_))), "{r:?}");
    let due = r.next_due.unwrap();
    assert!(due > t0 && due <= Utc::now() + Duration::seconds(1));
    // Before the backoff has passed nothing is tried, and nothing new is known.
    let r = pass(
        &mut store,
        &config,
        "R1",
        due - Duration::milliseconds(500),
        0,
        &mut printer,
    )
    .unwrap();
    assert_eq!((printer.tries, r.state), (1, None));
    printer.on = true;
    let r = pass(&mut store, &config, "R1", due, 0, &mut printer).unwrap();
    assert_eq!((r.printed, r.receipts, r.waiting), (2, 1, 0));
    assert_eq!(r.state, Some(PrinterState::Ready));
    assert_eq!(printer.took.len(), 2);
    assert_eq!(printer.took[0].1, escpos::drawer_kick(), "the drawer first");
    let receipt = &printer.took[1].1;
    assert_eq!(receipt.get(..5), Some(&[0x1B, b'@', 0x1B, b't', 19][..]));
    assert!(receipt
        .windows(sale.number.len())
        .any(|w| w == sale.number.as_bytes()));
    // Printed once: later passes send nothing.
    let r = pass(
        &mut store,
        &config,
        "R1",
        due + Duration::minutes(5),
        0,
        &mut printer,
    )
    .unwrap();
    assert_eq!((r.printed, printer.took.len()), (0, 2));
    let jobs = print_queue::unprinted(store.conn(), 10).unwrap();
    assert!(jobs.is_empty(), "{jobs:?}");
}

#[test]
fn a_drawer_kick_too_late_is_given_up_and_the_receipt_still_prints() {
    let config = config();
    let (mut store, sale) = shop(&config);
    let mut printer = Fake {
        on: true,
        ..Fake::default()
    };
    let late = sale.created_at + DRAWER_WINDOW + Duration::seconds(1);
    let r = pass(&mut store, &config, "R1", late, 0, &mut printer).unwrap();
    // The drawer's kick given up is said once, and not shown as a failure afterwards.
    assert_eq!((r.printed, r.receipts, r.failed), (1, 1, 0));
    assert!(r.given_up.unwrap_or_default().contains("not opened"));
    assert_eq!(printer.took.len(), 1);
    let failed = print_queue::unprinted(store.conn(), 10).unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (failed[0].kind, failed[0].status),
        (Kind::Drawer, Status::Failed)
    );
    assert!(failed[0]
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("not opened"));
}

#[test]
fn a_job_that_cannot_be_built_is_given_up_and_the_next_one_goes() {
    let config = config();
    let (mut store, sale) = shop(&config);
    let bad = Spec {
        printer: "lpt1".into(),
        ..Target::from_config(&config).unwrap().spec()
    };
    let id = store
        .write(|tx| print_queue::insert(tx, "R1", Kind::Drawer, None, &bad, sale.created_at))
        .unwrap();
    let mut printer = Fake {
        on: true,
        ..Fake::default()
    };
    let r = pass(&mut store, &config, "R1", sale.created_at, 0, &mut printer).unwrap();
    assert_eq!(
        (r.printed, r.failed),
        (2, 0),
        "a drawer kick's failure is not shown"
    );
    assert!(r.given_up.unwrap_or_default().contains("lpt1"));
    // A receipt that cannot be printed is shown (for a day) until asked again.
    store
        .write(|tx| {
            print_queue::insert(
                tx,
                "R1",
                Kind::Receipt,
                Some(sale.id),
                &bad,
                sale.created_at,
            )
        })
        .unwrap();
    let r = pass(&mut store, &config, "R1", sale.created_at, 0, &mut printer).unwrap();
    assert_eq!((r.printed, r.failed), (0, 1));
    let r = pass(
        &mut store,
        &config,
        "R1",
        sale.created_at + SHOW_FAILED + Duration::seconds(1),
        0,
        &mut printer,
    );
    assert_eq!(
        r.unwrap().failed,
        0,
        "a day later it is only in `print queue`"
    );
    let job = print_queue::get(store.conn(), id).unwrap().unwrap();
    assert_eq!(job.status, Status::Failed);
    assert!(job.last_error.unwrap().contains("lpt1"));
    // Asked again, it fails again, for the same reason, without blocking anything.
    service::retry_print_job(&mut store, id).unwrap();
    let out = deliver_one(&mut store, &config, id, Utc::now(), 0, &mut printer).unwrap();
    assert!(matches!(out, Outcome::GivenUp(_)), "{out:?}");
}

#[test]
fn a_job_claimed_elsewhere_is_left_to_its_sender() {
    let config = config();
    let (mut store, sale) = shop(&config);
    let first = print_queue::open(store.conn(), "R1").unwrap()[0].id;
    store
        .write(|tx| print_queue::claim(tx, first, sale.created_at))
        .unwrap();
    let mut printer = Fake {
        on: true,
        ..Fake::default()
    };
    let r = pass(&mut store, &config, "R1", sale.created_at, 0, &mut printer).unwrap();
    assert_eq!((r.printed, printer.tries), (0, 0), "the order waits for it");
    let out = deliver_one(&mut store, &config, first, sale.created_at, 0, &mut printer).unwrap();
    assert!(matches!(out, Outcome::Busy));
    // Its sender died: after a while the claim is released and the jobs go.
    let later = sale.created_at + DRAWER_WINDOW / 2 + STALE_CLAIM;
    let r = pass(&mut store, &config, "R1", later, 0, &mut printer).unwrap();
    assert_eq!(r.printed, 1, "the receipt; the drawer came too late: {r:?}");
}

#[test]
fn a_text_printer_gets_the_text_receipt_and_a_test_page_has_accents_and_a_cut() {
    let mut config = config();
    config.receipt_printer = Some(Printer::File("/nonexistent/r.txt".into()));
    config.receipt_format = Format::Text;
    let (store, sale) = shop(&config);
    let t = Target::from_config(&config).unwrap();
    let bytes = receipt_bytes(store.conn(), &config, &sale, &t, 0).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("Café Crème") && text.ends_with("\n\n\n"),
        "{text}"
    );
    let jobs = print_queue::open(store.conn(), "R1").unwrap();
    assert_eq!(jobs.len(), 1, "no drawer on a text printer");
    let esc = Target::named(&config, Printer::parse("/dev/usb/lp0").unwrap(), None);
    assert_eq!(esc.format, Format::EscPos);
    let page = test_bytes(&config, &esc, Lang::Fr);
    assert!(page.ends_with(&[0x1D, b'V', 66, 0]));
    assert!(page.windows(4).any(|w| w == b"Caf\x82"), "é in PC858");
    assert_eq!(Target::from_spec(&esc.spec()).unwrap(), esc);
}

/// A café with a kitchen: croissants are prepared there, coffee is not.
fn kitchen_config(with_receipt: bool) -> Config {
    let receipt = if with_receipt {
        "[receipt]\nprinter = \"tcp://127.0.0.1:9\"\npaper = \"58\"\n"
    } else {
        ""
    };
    let toml = format!(
        "[shop]\nname = \"Café du Port\"\nlocale = \"fr\"\n{receipt}\
         [[prep]]\nname = \"Cuisine\"\nprinter = \"tcp://127.0.0.1:19\"\nformat = \"text\"\n\
         categories = [\"Viennoiserie\"]\n"
    );
    Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap()
}

fn product(store: &mut Store, code: &str, name: &str, category: Option<&str>) -> SaleLine {
    let p = Product {
        id: ProductId::generate(),
        code: code.into(),
        name: name.into(),
        price: Money::from_cents(150),
        tax_rate: Percent::parse("10").unwrap(),
        cost: None,
        category: category.map(str::to_string),
    };
    store.write(|tx| catalog::upsert_product(tx, &p)).unwrap();
    SaleLine {
        product_id: Some(p.id),
        code: p.code.clone(),
        name: p.name.clone(),
        quantity: Decimal::TWO,
        unit_price: p.price,
        discount: Percent::ZERO,
        tax_rate: p.tax_rate,
        kind: LineKind::Goods,
        origin: None,
        special: None,
    }
}

#[test]
fn the_kitchen_gets_its_lines_only_with_the_ticket_number_and_time() {
    let config = kitchen_config(true);
    let mut store = Store::open_in_memory().unwrap();
    let croissant = product(&mut store, "CROI", "Croissant", Some("viennoiserie"));
    let coffee = product(&mut store, "CAFE", "Café", Some("Boissons"));
    let o = order(&config).unwrap();
    assert_eq!(o.prep.len(), 1);
    let d = SaleDraft::paid(
        vec![coffee.clone(), croissant],
        None,
        PaymentDraft::cash(None),
    );
    let sale = service::store_sale_printed(&mut store, &actor(), &d, Some(&o)).unwrap();
    let jobs = print_queue::open(store.conn(), "R1").unwrap();
    let kinds: Vec<Kind> = jobs.iter().map(|j| j.kind).collect();
    assert_eq!(kinds, [Kind::Drawer, Kind::Receipt, Kind::Prep]);
    let prep = jobs.last().unwrap();
    assert_eq!(prep.station.as_deref(), Some("Cuisine"));
    let mut printer = Fake {
        on: true,
        ..Default::default()
    };
    let r = pass(&mut store, &config, "R1", sale.created_at, 0, &mut printer).unwrap();
    assert_eq!(r.printed, 3);
    let (to, bytes) = printer.took.last().unwrap();
    assert_eq!(to, "tcp://127.0.0.1:19");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("Cuisine"), "{text}");
    assert!(text.contains(&sale.number), "{text}");
    assert!(text.contains("2 x Croissant"), "{text}");
    assert!(
        !text.contains("Café\n") && !text.contains("x Café"),
        "{text}"
    );
    assert!(
        !text.contains("1,50") && !text.contains("3,00"),
        "no prices: {text}"
    );

    // A sale of nothing the kitchen prepares queues no kitchen ticket.
    let d = SaleDraft::paid(
        vec![coffee],
        None,
        PaymentDraft::rest(crate::domain::sale::PaymentMethod::Card),
    );
    service::store_sale_printed(&mut store, &actor(), &d, Some(&o)).unwrap();
    let kinds: Vec<Kind> = print_queue::open(store.conn(), "R1")
        .unwrap()
        .iter()
        .map(|j| j.kind)
        .collect();
    assert_eq!(kinds, [Kind::Receipt]);
}

#[test]
fn a_kitchen_printer_offline_is_named_even_when_the_receipt_prints_after_it() {
    let config = kitchen_config(true);
    let mut store = Store::open_in_memory().unwrap();
    let croissant = product(&mut store, "CROI", "Croissant", Some("viennoiserie"));
    let o = order(&config).unwrap();
    let d = SaleDraft::paid(vec![croissant], None, PaymentDraft::cash(None));
    let sale = service::store_sale_printed(&mut store, &actor(), &d, Some(&o)).unwrap();
    let mut printer = Fake {
        on: true,
        down: Some("tcp://127.0.0.1:19"),
        ..Default::default()
    };
    let r = pass(&mut store, &config, "R1", sale.created_at, 0, &mut printer).unwrap();
    assert_eq!(r.printed, 2, "the drawer and the receipt");
    assert!(matches!(r.state, Some(PrinterState::Offline(_))), "{r:?}");
    assert_eq!(r.station.as_deref(), Some("Cuisine"));
    assert_eq!(r.waiting, 1);
    // Back: ready, and no station to name.
    printer.down = None;
    let r = pass(
        &mut store,
        &config,
        "R1",
        Utc::now() + chrono::Duration::hours(1),
        0,
        &mut printer,
    )
    .unwrap();
    assert_eq!((r.state, r.station), (Some(PrinterState::Ready), None));
}

#[test]
fn a_kitchen_alone_prints_without_a_receipt_printer() {
    let config = kitchen_config(false);
    let mut store = Store::open_in_memory().unwrap();
    let croissant = product(&mut store, "CROI", "Croissant", Some("Viennoiserie"));
    let o = order(&config).unwrap();
    assert!(o.spec.is_none());
    let d = SaleDraft::paid(vec![croissant], None, PaymentDraft::cash(None));
    service::store_sale_printed(&mut store, &actor(), &d, Some(&o)).unwrap();
    let kinds: Vec<Kind> = print_queue::open(store.conn(), "R1")
        .unwrap()
        .iter()
        .map(|j| j.kind)
        .collect();
    assert_eq!(
        kinds,
        [Kind::Prep],
        "no receipt, no drawer without a receipt printer"
    );
}

#[test]
fn a_station_is_checked_when_the_config_is_read() {
    let bad = |body: &str| {
        let toml = format!("[shop]\nname = \"X\"\n[[prep]]\n{body}");
        Config::from_toml(&toml, Path::new("/nonexistent/config.toml"))
            .unwrap_err()
            .to_string()
    };
    let e = bad("name = \"Cuisine\"\nprinter = \"tcp://127.0.0.1:19\"\n");
    assert!(e.contains("prep[1].categories"), "{e}");
    let e = bad("name = \"Cuisine\"\nprinter = \"lpt1\"\ncategories = [\"A\"]\n");
    assert!(e.contains("prep[1].printer"), "{e}");
    let e = bad(
        "name = \"Cuisine\"\nprinter = \"file:/tmp/k\"\ncategories = [\"A\"]\n\
         [[prep]]\nname = \"cuisine\"\nprinter = \"file:/tmp/l\"\ncategories = [\"B\"]\n",
    );
    assert!(e.contains("named twice"), "{e}");
}
