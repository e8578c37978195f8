//! The whole loop minus the terminal: keys through the keymap and `update`, effects through
//! the real runner on an in-memory store (no search index: the plain SQL search serves).

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::runner::Runner;
use super::state::{Lang, Msg, Screen, Settings, State, Tab};
use super::{settle, update, Action, Effect};
use crate::config::Config;
use crate::demo::{self, DemoOptions};
use crate::domain::ids::CustomerId;
use crate::domain::money::Money;
use crate::keys::{self, Command as C};
use crate::store::Store;

struct Rig {
    state: State,
    runner: Runner,
}

impl Rig {
    fn new() -> Rig {
        let mut store = Store::open_in_memory().unwrap();
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: 300,
                seed: 11,
                now: chrono::Utc::now(),
                sales: true,
            },
        )
        .unwrap();
        let hash = crate::auth::hash_pin("246813").unwrap();
        let toml = format!(
            "[manager]\npin_hash = \"{hash}\"\n[store]\ndatabase = \"/nonexistent/x.db\"\n"
        );
        let config = Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap();
        let state = State::new(Settings::from_config(&config, false, 0), chrono::Utc::now());
        assert_eq!(state.settings.lang, Lang::En);
        Rig {
            state,
            runner: Runner::new(store, &config, None),
        }
    }

    fn key(&mut self, code: KeyCode) {
        let k = KeyEvent::new(code, KeyModifiers::NONE);
        let scope = super::update::scope(&self.state);
        if let Some(a) = keys::resolve(&self.state.settings.keymap, scope, &k).map(Action::from) {
            let fx = update(&mut self.state, a);
            settle(&mut self.state, &mut self.runner, fx);
        }
    }

    fn cmd(&mut self, c: C) {
        let fx = update(&mut self.state, Action::Cmd(c));
        settle(&mut self.state, &mut self.runner, fx);
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn one<T: rusqlite::types::FromSql>(&self, sql: &str, id: CustomerId) -> T {
        self.runner
            .store()
            .conn()
            .query_row(sql, [id], |r| r.get(0))
            .unwrap()
    }
}

#[test]
fn search_attach_pay_then_delete_with_sales_anonymises() {
    let mut r = Rig::new();
    let (id, last, city): (CustomerId, String, String) = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT id, last_name, city FROM customer WHERE kind = 'person' AND city IS NOT NULL
             AND (SELECT COUNT(*) FROM customer d WHERE d.last_name = customer.last_name AND d.city = customer.city) = 1
             LIMIT 1",
            [],
            |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)),
        )
        .unwrap();
    let code: String = r
        .runner
        .store()
        .conn()
        .query_row("SELECT code FROM product LIMIT 1", [], |x| x.get(0))
        .unwrap();
    let sales_before: i64 = r.one("SELECT COUNT(*) FROM sale WHERE customer_id = ?1", id);

    r.key(KeyCode::F(2));
    assert_eq!(r.state.screen, Screen::Picker);
    r.typ(&format!("{last} {city}"));
    assert!(
        r.state.picker.fallback,
        "no index: the plain search answers"
    );
    assert_eq!(r.state.picker.rows.first().map(|x| x.id), Some(id));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.ticket.customer.as_ref().map(|c| c.id), Some(id));
    r.typ(&code);
    r.key(KeyCode::Enter);
    assert_eq!(r.state.ticket.lines.len(), 1);
    r.key(KeyCode::F(8));
    r.key(KeyCode::Enter);
    assert!(matches!(
        r.state.status.message,
        Some((Msg::SaleStored { .. }, _))
    ));
    let after: i64 = r.one("SELECT COUNT(*) FROM sale WHERE customer_id = ?1", id);
    assert_eq!(after, sales_before + 1);

    // The card, Delete tab, confirmation, PIN: the customer is anonymised, sales kept.
    r.key(KeyCode::F(2));
    r.typ(&format!("{last} {city}"));
    r.key(KeyCode::F(5));
    assert_eq!(r.state.screen, Screen::Card);
    r.cmd(C::PrevTab);
    assert_eq!(r.state.card.as_ref().map(|c| c.tab), Some(Tab::Delete));
    r.key(KeyCode::F(10));
    r.key(KeyCode::Enter);
    r.typ("246813");
    r.key(KeyCode::Enter);
    assert!(
        matches!(r.state.status.message, Some((Msg::Anonymised, _))),
        "{:?}",
        r.state.status.message
    );
    let anonymised: bool = r.one("SELECT anonymised FROM customer WHERE id = ?1", id);
    assert!(anonymised);
    let kept: i64 = r.one("SELECT COUNT(*) FROM sale WHERE customer_id = ?1", id);
    assert_eq!(kept, after);
    let name: Option<String> = r.one("SELECT last_name FROM customer WHERE id = ?1", id);
    assert_eq!(name, None);
}

#[test]
fn create_in_sale_stores_and_attaches() {
    let mut r = Rig::new();
    r.key(KeyCode::F(2));
    r.typ("Zyxwvu");
    r.key(KeyCode::F(4));
    r.typ("Ada");
    r.key(KeyCode::Tab); // last name (prefilled)
    r.key(KeyCode::Tab); // company
    r.key(KeyCode::Tab); // phone
    r.typ("06 12 34 56 78");
    r.key(KeyCode::F(10));
    assert_eq!(r.state.screen, Screen::Sale);
    let c = r.state.ticket.customer.clone().unwrap();
    assert_eq!(c.name, "Ada Zyxwvu");
    let phone: String = r.one("SELECT phone FROM customer WHERE id = ?1", c.id);
    assert_eq!(phone, "+33612345678");
}

#[test]
fn a_merge_the_service_refuses_is_shown_as_a_failure_and_writes_nothing() {
    let mut r = Rig::new();
    let id: CustomerId = r
        .runner
        .store()
        .conn()
        .query_row("SELECT customer_id FROM sale LIMIT 1", [], |x| x.get(0))
        .unwrap();
    let data = crate::store::customers::get(r.runner.store().conn(), id)
        .unwrap()
        .unwrap()
        .data;
    let changes = |r: &Rig| -> i64 {
        r.runner
            .store()
            .conn()
            .query_row("SELECT COUNT(*) FROM customer_change", [], |x| x.get(0))
            .unwrap()
    };
    let before = changes(&r);
    // The state's own check is skipped: the effect goes straight to the runner.
    let merge = Effect::Merge {
        survivor: id,
        duplicate: id,
        data: Box::new(data),
        taken: Vec::new(),
    };
    // Without the manager, the service refuses it first.
    let out = r.runner.run(merge.clone());
    assert_eq!(
        out,
        vec![Action::Failed(
            "a merge needs the manager (PIN or an unlocked session)".into()
        )]
    );
    let out = r.runner.run(merge.by(true));
    assert_eq!(
        out,
        vec![Action::Failed(
            "a customer cannot be merged with itself".into()
        )]
    );
    assert_eq!(changes(&r), before);
    for a in out {
        update(&mut r.state, a);
    }
    assert!(matches!(&r.state.status.message, Some((Msg::Error(_), _))));
}

/// A refund from the History tab through the keymap, `update` and the real runner: one
/// of a sale's lines given back to store credit after the manager's PIN; the database
/// holds the credit note, and the card read again shows it on its Loyalty tab, the refund
/// at the top of the history, and the line as given back when the sale is opened again.
#[test]
fn a_line_refunded_to_store_credit_from_the_history_shows_on_the_loyalty_tab() {
    use crate::domain::ids::SaleId;
    use crate::domain::ledger::{Kind, Reason};
    use crate::domain::sale::PaymentMethod;
    use crate::service::RefundTo;
    use crate::store::ledger;
    use rust_decimal::Decimal;

    let mut r = Rig::new();
    // A live customer's newest sale (it opens first in the history).
    let (customer, sale, number): (CustomerId, SaleId, String) = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT s.customer_id, s.id, s.number FROM sale s JOIN customer c ON c.id = s.customer_id
             WHERE c.anonymised = 0 AND s.total_cents > 0 AND s.created_at =
               (SELECT MAX(t.created_at) FROM sale t WHERE t.customer_id = s.customer_id)
             LIMIT 1",
            [],
            |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)),
        )
        .unwrap();
    let credit_before = ledger::balance(r.runner.store().conn(), customer, Kind::Credit).unwrap();
    settle(
        &mut r.state,
        &mut r.runner,
        vec![Effect::LoadCard(customer)],
    );
    r.key(KeyCode::Tab);
    let card = r.state.card.as_ref().unwrap();
    assert_eq!(card.tab, Tab::History);
    assert_eq!(card.data.history.first().map(|h| h.id), Some(sale));

    r.key(KeyCode::F(7));
    let Some(super::state::Popup::Refund(form)) = &r.state.popup else {
        panic!("no refund window: {:?}", r.state.status.message);
    };
    let line = form.selected;
    let line_no = form.lines[line].no;
    r.typ("+");
    r.key(KeyCode::F(2));
    let Some(super::state::Popup::Refund(form)) = &r.state.popup else {
        panic!("the window closed: {:?}", r.state.status.message);
    };
    assert_eq!(form.to, RefundTo::Credit);
    let expected = form.total();
    assert!(expected > crate::domain::money::Money::ZERO);
    // Enter: the role is locked, so the PIN first.
    r.key(KeyCode::Enter);
    r.typ("246813");
    r.key(KeyCode::Enter);
    let Some((
        super::state::Msg::Refunded {
            number: ticket,
            amount,
            to,
        },
        _,
    )) = r.state.status.message.clone()
    else {
        panic!("{:?}", r.state.status.message);
    };
    assert_eq!(amount, expected);
    assert_eq!(to, vec![PaymentMethod::StoreCredit]);

    // The database: the credit note, the refund ticket pointing at the sale.
    let conn = r.runner.store().conn();
    let credit = ledger::balance(conn, customer, Kind::Credit).unwrap();
    assert_eq!(credit - credit_before, expected.cents());
    let (refund_of, total): (SaleId, i64) = conn
        .query_row(
            "SELECT refund_of, total_cents FROM sale WHERE number = ?1",
            [&ticket],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap();
    assert_eq!((refund_of, total), (sale, -expected.cents()));

    // The card read again: the refund first in the history, the credit on Loyalty.
    let card = r.state.card.as_ref().unwrap();
    assert_eq!(card.tab, Tab::History, "the tab is kept");
    let top = card.data.history.first().unwrap();
    assert_eq!(top.number, ticket);
    assert_eq!(top.refund_of.as_deref(), Some(number.as_str()));
    r.key(KeyCode::Tab);
    r.key(KeyCode::Tab);
    let card = r.state.card.as_ref().unwrap();
    assert_eq!(card.tab, Tab::Loyalty);
    assert_eq!(card.data.balances.store_credit.cents(), credit);
    // The refund's movements come first: the credit note (and the points taken back).
    let mv = &card.data.movements;
    let credit = mv.iter().find(|m| m.kind == Kind::Credit).unwrap();
    let got = (credit.reason, credit.amount, credit.number.as_deref());
    assert_eq!(
        got,
        (Reason::Refund, expected.cents(), Some(ticket.as_str()))
    );

    // The sale opened again: that line shows as given back.
    r.key(KeyCode::BackTab);
    r.key(KeyCode::BackTab);
    r.key(KeyCode::Down);
    r.key(KeyCode::Enter);
    let Some(super::state::Popup::SaleView { sale: past }) = &r.state.popup else {
        panic!("{:?}", r.state.popup);
    };
    assert_eq!(past.sale.id, sale);
    assert_eq!(past.refunded(line), Decimal::ONE);
    assert_eq!(line_no as usize, line + 1);
}

/// A customer back with a receipt who forgot their card: the anonymous sale is opened at
/// the till by its ticket number, given to them with F6 (picker, question, PIN), and the
/// points it would have earned are theirs.
#[test]
fn an_anonymous_sale_typed_by_its_ticket_number_is_given_to_a_customer_with_its_points() {
    use crate::domain::ids::SaleId;
    use crate::domain::ledger::Kind;
    use crate::store::ledger;

    let mut r = Rig::new();
    let (id, last, city): (CustomerId, String, String) = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT id, last_name, city FROM customer WHERE kind = 'person' AND city IS NOT NULL
             AND anonymised = 0
             AND (SELECT COUNT(*) FROM customer d WHERE d.last_name = customer.last_name AND d.city = customer.city) = 1
             LIMIT 1",
            [],
            |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)),
        )
        .unwrap();
    let code: String = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT code FROM product WHERE price_cents >= 500 LIMIT 1",
            [],
            |x| x.get(0),
        )
        .unwrap();
    // The sale, rung up with no customer and paid in cash.
    r.typ(&code);
    r.key(KeyCode::Enter);
    r.key(KeyCode::F(8));
    r.key(KeyCode::Enter);
    let Some((Msg::SaleStored { number }, _)) = r.state.status.message.clone() else {
        panic!("{:?}", r.state.status.message);
    };
    let conn = r.runner.store().conn();
    let (sale, owner): (SaleId, Option<CustomerId>) = conn
        .query_row(
            "SELECT id, customer_id FROM sale WHERE number = ?1",
            [&number],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap();
    assert_eq!(owner, None);
    let points_before = ledger::balance(conn, id, Kind::Points).unwrap();

    // The receipt's number typed in the code field: the sale's window, no line added.
    r.typ(&number);
    r.key(KeyCode::Enter);
    let Some(super::state::Popup::SaleView { sale: past }) = &r.state.popup else {
        panic!("{:?} {:?}", r.state.popup, r.state.status.message);
    };
    assert_eq!((past.sale.id, past.customer.as_deref()), (sale, None));
    assert!(r.state.ticket.lines.is_empty());

    // F6, the customer picked, the question answered, the PIN.
    r.key(KeyCode::F(6));
    assert_eq!(r.state.screen, Screen::Picker);
    r.typ(&format!("{last} {city}"));
    assert_eq!(r.state.picker.rows.first().map(|x| x.id), Some(id));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.screen, Screen::Sale);
    r.key(KeyCode::Enter);
    r.typ("246813");
    r.key(KeyCode::Enter);
    let Some((
        Msg::SaleMoved {
            number: said,
            to,
            points,
        },
        _,
    )) = r.state.status.message.clone()
    else {
        panic!("{:?}", r.state.status.message);
    };
    let name = crate::store::customers::get(r.runner.store().conn(), id)
        .unwrap()
        .unwrap()
        .data
        .display_name();
    assert_eq!((said, to), (number.clone(), name));
    assert!(points > 0, "a cash sale earns points");
    assert_eq!(r.state.screen, Screen::Sale);
    assert!(r.state.popup.is_none());

    // The database: the sale is theirs, and so are its points (a `move` entry).
    let conn = r.runner.store().conn();
    let owner: Option<CustomerId> = conn
        .query_row("SELECT customer_id FROM sale WHERE id = ?1", [sale], |x| {
            x.get(0)
        })
        .unwrap();
    assert_eq!(owner, Some(id));
    let moved: i64 = conn
        .query_row(
            "SELECT SUM(amount) FROM ledger WHERE sale_id = ?1 AND customer_id = ?2
             AND kind = 'points' AND reason = 'move'",
            rusqlite::params![sale, id],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(moved, points);
    let points_after = ledger::balance(conn, id, Kind::Points).unwrap();
    assert_eq!(points_after - points_before, points);
}

#[test]
fn a_lost_keyboard_ends_the_loop_with_the_reason() {
    let mut r = Rig::new();
    let mut burst = crate::input::BurstDetector::new(Default::default());
    let mut items = Vec::new();
    let flow = super::on_event(
        super::events::Event::KeysLost("cannot read the terminal: gone".into()),
        &mut r.runner,
        &mut burst,
        false,
        &mut items,
    );
    assert_eq!(
        flow,
        std::ops::ControlFlow::Break("cannot read the terminal: gone".to_string())
    );
    assert!(items.is_empty());
}

/// A wallet topped up at the register (Ctrl+T), then a sale paid partly from it and the
/// rest in cash (F8): the ledgers in the database say what the screen said.
#[test]
fn a_top_up_then_a_sale_paid_by_wallet_and_cash_moves_the_balances() {
    let mut r = Rig::new();
    let id: CustomerId = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT id FROM customer WHERE anonymised = 0 ORDER BY id LIMIT 1",
            [],
            |x| x.get(0),
        )
        .unwrap();
    let code: String = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT code FROM product WHERE price_cents > 500 LIMIT 1",
            [],
            |x| x.get(0),
        )
        .unwrap();
    let before = crate::store::ledger::balances(r.runner.store().conn(), id).unwrap();
    settle(&mut r.state, &mut r.runner, vec![Effect::LoadAttached(id)]);
    assert_eq!(
        r.state.ticket.customer.as_ref().map(|c| c.balances),
        Some(before),
        "the balances come with the customer"
    );
    let wallet = |r: &Rig| r.state.ticket.customer.as_ref().map(|c| c.balances.wallet);

    r.cmd(C::TopUp);
    r.typ("20");
    r.key(KeyCode::Enter);
    assert!(
        matches!(r.state.status.message, Some((Msg::PaidIn { .. }, _))),
        "{:?}",
        r.state.status.message
    );
    let topped = before.wallet + Money::from_cents(2000);
    assert_eq!(wallet(&r), Some(topped), "shown again after the top-up");

    r.typ(&code);
    r.key(KeyCode::Enter);
    let total = r.state.ticket.totals().total;
    r.key(KeyCode::F(8));
    r.key(KeyCode::Down);
    r.key(KeyCode::Down);
    r.typ("3");
    r.key(KeyCode::Enter);
    r.key(KeyCode::Up);
    r.key(KeyCode::Up);
    r.key(KeyCode::Enter);
    let Some((Msg::SaleStored { number }, _)) = r.state.status.message.clone() else {
        panic!("{:?} {:?}", r.state.status.message, r.state.popup)
    };

    let after = crate::store::ledger::balances(r.runner.store().conn(), id).unwrap();
    assert_eq!(after.wallet, topped - Money::from_cents(300));
    let (sale_points, paid): (i64, Vec<(String, i64)>) = {
        let points = r
            .runner
            .store()
            .conn()
            .query_row(
                "SELECT points FROM sale WHERE number = ?1",
                [&number],
                |x| x.get(0),
            )
            .unwrap();
        let mut stmt = r
            .runner
            .store()
            .conn()
            .prepare(
                "SELECT method, amount_cents FROM payment WHERE sale_id =
                 (SELECT id FROM sale WHERE number = ?1) ORDER BY rowid",
            )
            .unwrap();
        let rows = stmt
            .query_map([&number], |x| Ok((x.get(0)?, x.get(1)?)))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        (points, rows)
    };
    assert_eq!(
        paid,
        vec![
            ("wallet".to_string(), 300),
            ("cash".to_string(), total.cents() - 300)
        ]
    );
    // Points on what was paid with money only: the cash, not the wallet.
    let earned = crate::domain::loyalty::Program::default().earned(total - Money::from_cents(300));
    assert_eq!(sale_points, earned);
    assert_eq!(after.points, before.points + earned);
    assert!(r.state.ticket.customer.is_none(), "a new ticket starts");
}

/// A gift card sold without a customer (Ctrl+T, a new code), then typed on the payment
/// popup's gift card row: it pays what it holds, the rest by card.
#[test]
fn a_gift_card_sold_at_the_register_pays_a_later_ticket() {
    let mut r = Rig::new();
    let code: String = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT code FROM product WHERE price_cents > 1000 LIMIT 1",
            [],
            |x| x.get(0),
        )
        .unwrap();
    r.cmd(C::TopUp);
    r.typ("10");
    r.key(KeyCode::Enter);
    let Some((
        Msg::GiftCardSold {
            code: card, amount, ..
        },
        _,
    )) = r.state.status.message.clone()
    else {
        panic!("{:?}", r.state.status.message)
    };
    assert_eq!(amount, Money::from_cents(1000));
    let held = |r: &Rig, card: &str| {
        crate::store::gift::get(r.runner.store().conn(), card)
            .unwrap()
            .map(|c| c.balance)
    };
    assert_eq!(held(&r, &card), Some(Money::from_cents(1000)));
    // Scanned at the till outside a payment: what it holds is said.
    let scan = crate::input::Scan {
        reader: "front desk".into(),
        kind: crate::input::ReaderKind::Barcode,
        code: card.clone(),
        valid: true,
        raw_keys: 13,
        reason: None,
    };
    settle(&mut r.state, &mut r.runner, vec![Effect::ResolveScan(scan)]);
    assert_eq!(
        r.state.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::GiftCardHolds {
            code: card.clone(),
            balance: Money::from_cents(1000)
        })
    );
    assert!(r.state.popup.is_none(), "no unknown-code window");

    r.typ(&code);
    r.key(KeyCode::Enter);
    let total = r.state.ticket.totals().total;
    r.key(KeyCode::F(8));
    for _ in 0..6 {
        r.key(KeyCode::Down);
    }
    r.typ(&card);
    r.key(KeyCode::Enter);
    assert!(
        matches!(&r.state.popup, Some(crate::app::state::Popup::Pay(p)) if p.card == Some((card.clone(), Money::from_cents(1000)))),
        "{:?}",
        r.state.popup
    );
    r.key(KeyCode::Enter);
    // Back on cash: Down to the card, which pays the rest.
    r.key(KeyCode::Down);
    r.key(KeyCode::Enter);
    let stored = r.state.status.message.clone();
    assert!(
        matches!(stored, Some((Msg::SaleStored { .. }, _))),
        "{stored:?} {:?}",
        r.state.popup
    );
    assert_eq!(held(&r, &card), Some(Money::ZERO));
    let card_paid: i64 = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT SUM(amount_cents) FROM payment WHERE method = 'card'
             AND sale_id = (SELECT id FROM sale ORDER BY rowid DESC LIMIT 1)",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(card_paid, total.cents() - 1000);
}

/// A wallet spent elsewhere since the customer was attached: the service refuses the
/// sale, nothing is written, and the balances shown are read again.
#[test]
fn a_sale_refused_for_a_balance_spent_elsewhere_shows_the_balances_again() {
    let mut r = Rig::new();
    let (id, code): (CustomerId, String) = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT (SELECT id FROM customer WHERE anonymised = 0 ORDER BY id LIMIT 1),
                    (SELECT code FROM product LIMIT 1)",
            [],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap();
    settle(&mut r.state, &mut r.runner, vec![Effect::LoadAttached(id)]);
    let real = r
        .state
        .ticket
        .customer
        .as_ref()
        .map(|c| c.balances)
        .unwrap();
    assert_eq!(real.wallet, Money::ZERO, "the demo tops up no wallet");
    if let Some(c) = r.state.ticket.customer.as_mut() {
        c.balances.wallet = Money::from_cents(100_000);
    }
    r.typ(&code);
    r.key(KeyCode::Enter);
    let sales = |r: &Rig| -> i64 {
        r.runner
            .store()
            .conn()
            .query_row("SELECT COUNT(*) FROM sale", [], |x| x.get(0))
            .unwrap()
    };
    let before = sales(&r);
    r.key(KeyCode::F(8));
    r.key(KeyCode::Down);
    r.key(KeyCode::Down);
    r.key(KeyCode::Enter);
    assert!(
        matches!(&r.state.status.message, Some((Msg::Error(e), _)) if e.contains("not enough wallet")),
        "{:?}",
        r.state.status.message
    );
    assert_eq!(sales(&r), before);
    assert!(!r.state.ticket.paying && !r.state.ticket.lines.is_empty());
    assert_eq!(
        r.state.ticket.customer.as_ref().map(|c| c.balances),
        Some(real)
    );
}

mod catalog;
mod import;
mod index_handover;
mod outbox;
mod park;
mod refusals;
mod reports;
mod scan_path;
mod settings;

/// A rig on a database file with the event channel the register has: the reads that may
/// scan the table go to the worker, and their answers come back through the receiver.
fn rig_with_channel(dir: &Path) -> (Rig, std::sync::mpsc::Receiver<super::events::Event>) {
    let db = dir.join("shop.db");
    let mut store = Store::open(&db).unwrap();
    demo::generate(
        &mut store,
        &DemoOptions {
            customers: 300,
            seed: 11,
            now: chrono::Utc::now(),
            sales: false,
        },
    )
    .unwrap();
    let toml = format!("[store]\ndatabase = \"{}\"\n", db.display());
    let config = Config::from_toml(&toml, &dir.join("config.toml")).unwrap();
    let state = State::new(Settings::from_config(&config, false, 0), chrono::Utc::now());
    let (tx, rx) = std::sync::mpsc::channel();
    let runner = Runner::new(store, &config, Some(tx));
    (Rig { state, runner }, rx)
}

/// Applies what comes back through the channel until the answer to search `seq`; the
/// sequence numbers of every search answer seen on the way.
fn until_answer(
    r: &mut Rig,
    rx: &std::sync::mpsc::Receiver<super::events::Event>,
    seq: u64,
) -> Vec<u64> {
    let mut answered = Vec::new();
    loop {
        let ev = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the worker answers");
        let super::events::Event::Action(a) = ev else {
            continue;
        };
        let done = match &a {
            Action::SearchDone { seq: s, .. } | Action::SearchFailed { seq: s, .. } => {
                answered.push(*s);
                *s == seq
            }
            _ => false,
        };
        let fx = update(&mut r.state, a);
        settle(&mut r.state, &mut r.runner, fx);
        if done {
            return answered;
        }
    }
}

#[test]
fn a_slow_plain_search_does_not_block_the_keys_typed_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, rx) = rig_with_channel(dir.path());
    let gate = r
        .runner
        .slow_reads_gate()
        .expect("a worker with the channel");
    r.key(KeyCode::F(2));
    let last: String = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT last_name FROM customer WHERE last_name IS NOT NULL LIMIT 1",
            [],
            |x| x.get(0),
        )
        .unwrap();
    let held = gate.lock().unwrap();
    // The plain search cannot finish: every key still goes through at once.
    let started = std::time::Instant::now();
    r.typ(&last);
    r.key(KeyCode::Backspace);
    r.key(KeyCode::Char(last.chars().last().unwrap()));
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(r.state.picker.input.text(), last);
    let p = &r.state.picker;
    assert!(p.shown < p.asked, "the search is shown as under way");
    assert!(p.rows.is_empty());
    drop(held);
    let asked = r.state.picker.asked;
    let answered = until_answer(&mut r, &rx, asked);
    // The searches typed over were replaced before they answered.
    assert_eq!(answered, vec![asked]);
    let p = &r.state.picker;
    assert_eq!(p.shown, asked);
    assert!(p.fallback);
    assert!(p
        .rows
        .iter()
        .any(|x| x.last_name.as_deref() == Some(last.as_str())));
}

#[test]
fn a_plain_search_answer_older_than_the_one_shown_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, rx) = rig_with_channel(dir.path());
    r.key(KeyCode::F(2));
    r.typ("a");
    let first = r.state.picker.asked;
    until_answer(&mut r, &rx, first);
    let first_rows = r.state.picker.rows.clone();
    assert!(!first_rows.is_empty());
    r.typ("zzzq");
    let asked = r.state.picker.asked;
    until_answer(&mut r, &rx, asked);
    assert!(r.state.picker.rows.is_empty());
    // The first answer, late: the newer one stays on screen.
    let fx = update(
        &mut r.state,
        Action::SearchDone {
            seq: first,
            rows: first_rows,
            fallback: true,
        },
    );
    assert!(fx.is_empty());
    assert!(r.state.picker.rows.is_empty());
    assert_eq!(r.state.picker.shown, asked);
}

/// The first-run setup through the keymap, `update` and the real runner: the config file
/// is written 0600 with the values, reloaded, and applied at once (the new PIN unlocks
/// the manager role); the empty store stays empty.
#[test]
fn the_setup_writes_a_private_config_that_reloads_and_applies_at_once() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config/comptoir/config.toml");
    let config = Config::from_toml("[store]\ndatabase = \"/nonexistent/x.db\"\n", &path).unwrap();
    let mut state = State::new(Settings::from_config(&config, false, 0), chrono::Utc::now());
    state.start_setup();
    let mut r = Rig {
        state,
        runner: Runner::new(Store::open_in_memory().unwrap(), &config, None),
    };
    r.typ("Chez Lulu");
    r.key(KeyCode::Tab);
    r.typ("3 place du Marché");
    r.key(KeyCode::Tab);
    r.key(KeyCode::Tab);
    r.typ("1000");
    // Two cities share 1000 in Belgium: the owner types theirs.
    r.key(KeyCode::Tab);
    r.typ("Bruxelles");
    r.key(KeyCode::Tab);
    // The country: Space walks FR, LU, NL; Right wraps round to BE (and its rates).
    r.key(KeyCode::Char(' '));
    r.key(KeyCode::Char(' '));
    r.key(KeyCode::Right);
    for _ in 0..4 {
        r.key(KeyCode::Tab);
    }
    r.typ("BE0417497106");
    r.key(KeyCode::Tab);
    r.key(KeyCode::Tab);
    r.typ("135790");
    r.key(KeyCode::Tab);
    r.typ("135790");
    r.key(KeyCode::F(10));
    let st = r.state.setup.as_ref().expect("still on the setup");
    assert!(st.errors.is_empty(), "{:?}", st.errors);
    assert_eq!(
        st.saved_to.as_deref(),
        Some(path.to_string_lossy().as_ref())
    );

    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let reloaded = Config::load(&crate::config::Overrides {
        config: Some(path.clone()),
        database: None,
        env_lang: None,
    })
    .unwrap();
    assert_eq!(reloaded.shop.name, "Chez Lulu");
    assert_eq!(reloaded.shop.country, "BE");
    assert_eq!(
        reloaded.shop.address,
        ["3 place du Marché", "1000 Bruxelles"]
    );
    assert_eq!(reloaded.shop.vat_number.as_deref(), Some("BE0417497106"));
    let rates: Vec<String> = reloaded
        .shop
        .vat_rates
        .iter()
        .map(|p| p.as_decimal().to_string())
        .collect();
    assert_eq!(rates, ["21", "12", "6"]);
    assert!(reloaded.manager_pin_hash.is_some());
    assert_eq!(r.state.settings.shop_name, "Chez Lulu");
    assert_eq!(r.state.settings.country, "BE");

    // Start selling; the new PIN unlocks the manager role without a restart.
    r.key(KeyCode::Down);
    r.key(KeyCode::Enter);
    assert_eq!(r.state.screen, Screen::Sale);
    r.key(KeyCode::F(11));
    r.typ("135790");
    r.key(KeyCode::Enter);
    assert!(r.state.is_manager(), "{:?}", r.state.status.message);
    let customers: i64 = r
        .runner
        .store()
        .conn()
        .query_row("SELECT COUNT(*) FROM customer", [], |x| x.get(0))
        .unwrap();
    assert_eq!(customers, 0, "nothing invented");
}

/// Deleting a customer purges their terms from the index by merging segments (seconds at
/// a million customers): the loop's thread hands the index to a background job and goes
/// on (the plain search serves meanwhile, in the worker); the index comes back caught
/// up, and the deleted customer is not found in it.
#[test]
fn a_delete_purges_the_index_in_the_background_and_the_index_comes_back() {
    use super::action::IndexEvent;
    use super::events::Event;
    let dir = tempfile::tempdir().unwrap();
    let (mut r, rx) = rig_with_channel(dir.path());
    let idx = crate::search::SearchIndex::open_or_rebuild(
        &dir.path().join("index"),
        r.runner.store().conn(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(r.runner.set_index(idx), Action::Index(IndexEvent::Ready));
    let (id, last): (CustomerId, String) = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT id, last_name FROM customer WHERE last_name IS NOT NULL
             AND (SELECT COUNT(*) FROM customer d WHERE d.last_name = customer.last_name) = 1
             LIMIT 1",
            [],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap();
    let out = r.runner.run(Effect::DeleteCustomer(id).by(true));
    assert!(
        matches!(out.first(), Some(Action::Deleted { .. })),
        "{out:?}"
    );
    assert_eq!(out.last(), Some(&Action::Index(IndexEvent::Updating)));
    // Meanwhile a search is answered at once from the index as it was at the handover
    // (not the plain SQL search), the deleted customer left out: rows come from the
    // store.
    let search = |seq| Effect::SearchCustomers {
        seq,
        text: last.clone(),
        advanced: false,
        fields: vec![crate::search::SearchField::LastName],
    };
    let out = r.runner.run(search(1));
    let Some(Action::SearchDone { rows, fallback, .. }) = out.first() else {
        panic!("the kept finder answers: {out:?}");
    };
    assert!(!fallback);
    assert!(rows.iter().all(|x| x.id != id), "{rows:?}");
    // And finds the others.
    let (other, other_last): (CustomerId, String) = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT id, last_name FROM customer WHERE last_name IS NOT NULL AND last_name <> ?1
             AND (SELECT COUNT(*) FROM customer d WHERE d.last_name = customer.last_name) = 1
             LIMIT 1",
            [&last],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap();
    let out = r.runner.run(Effect::SearchCustomers {
        seq: 2,
        text: other_last,
        advanced: false,
        fields: vec![crate::search::SearchField::LastName],
    });
    let Some(Action::SearchDone { rows, .. }) = out.first() else {
        panic!("the kept finder answers: {out:?}");
    };
    assert!(rows.iter().any(|x| x.id == other), "{rows:?}");
    let idx = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(Event::IndexOpened(idx)) => break idx,
            Ok(_) => continue,
            Err(e) => panic!("the index never came back: {e}"),
        }
    };
    assert_eq!(r.runner.set_index(*idx), Action::Index(IndexEvent::Ready));
    let out = r.runner.run(search(3));
    let Some(Action::SearchDone { rows, fallback, .. }) = out.first() else {
        panic!("the index answers at once: {out:?}");
    };
    assert!(!fallback);
    assert!(rows.iter().all(|x| x.id != id), "{rows:?}");
}

#[test]
fn a_status_message_ends_with_the_screen_it_was_said_on() {
    let mut r = Rig::new();
    r.key(KeyCode::F(2));
    r.typ("Zyxwvu");
    r.key(KeyCode::F(4));
    r.key(KeyCode::Tab); // last name (prefilled)
    r.key(KeyCode::Tab); // company
    r.key(KeyCode::Tab); // phone
    r.typ("not a phone");
    r.key(KeyCode::F(10));
    assert!(
        matches!(r.state.status.message, Some((Msg::FixErrors(_), _))),
        "{:?}",
        r.state.status.message
    );
    // The form closed: the picker does not say its fields are to correct.
    r.key(KeyCode::Esc);
    assert!(r.state.picker_form.is_none());
    assert_eq!(r.state.status.message, None, "carried onto the picker");
    r.state.say(Msg::Saved);
    let screen = r.state.screen;
    while r.state.screen == screen {
        r.key(KeyCode::Esc);
    }
    assert_eq!(
        r.state.status.message, None,
        "carried onto {:?}",
        r.state.screen
    );
    // A message said by the act that changes the screen stays: attaching from the picker.
    r.key(KeyCode::F(2));
    r.typ("Zyxwvu");
    r.key(KeyCode::F(4));
    r.typ("Ada");
    r.key(KeyCode::Tab);
    r.key(KeyCode::Tab);
    r.key(KeyCode::Tab);
    r.typ("06 12 34 56 78");
    r.key(KeyCode::F(10));
    assert_eq!(r.state.screen, Screen::Sale);
    assert!(r.state.status.message.is_some());
}
