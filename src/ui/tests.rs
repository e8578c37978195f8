//! Snapshots of every screen, tab and popup at 80x24 and 120x40, with fixed data and a
//! fixed clock (`app::fixtures`). The states are reached through `update`, as a cashier
//! would reach them.

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::draw;
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{Lang, Msg, ReaderState, State, Tab};
use crate::app::update;
use crate::domain::ledger::Balances;
use crate::domain::money::Money;
use crate::domain::sale::PaymentMethod;
use crate::keys::Command as C;

fn text(s: &State, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    term.draw(|f| draw(f, s)).expect("draw");
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn snap(name: &str, s: &State) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(s, w, h));
    }
}

fn act(s: &mut State, a: Action) {
    let _ = update(s, a);
}

fn cmd(s: &mut State, c: C) {
    act(s, Action::Cmd(c));
}

fn typ(s: &mut State, t: &str) {
    for c in t.chars() {
        act(s, Action::Char(c));
    }
}

fn ticket(s: &mut State) {
    let p = fx::products();
    for (i, x) in p.iter().enumerate() {
        for _ in 0..=i % 2 {
            act(
                s,
                Action::ProductFound {
                    code: x.code.clone(),
                    product: Some(x.clone()),
                },
            );
        }
    }
    let c = fx::customer(1, "Mélanie", "Dupont");
    act(s, Action::Attach(Box::new(fx::attached(&c))));
}

fn card(tab: Tab) -> State {
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    act(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    while s.card.as_ref().map(|c| c.tab) != Some(tab) {
        cmd(&mut s, C::NextTab);
    }
    s
}

#[test]
fn sale_screens() {
    let mut s = fx::state();
    snap("sale_empty", &s);
    ticket(&mut s);
    act(&mut s, Action::ReaderConnected("front desk".into()));
    snap("sale_ticket", &s);
    act(
        &mut s,
        Action::SaleStored {
            number: "R1-000042".into(),
            total: Money::from_cents(3521),
            paid: vec![(PaymentMethod::Cash, Money::from_cents(3521))],
            change: Some(Money::from_cents(1479)),
            points: 0,
        },
    );
    act(&mut s, Action::ReaderDisconnected("front desk".into()));
    snap("sale_paid", &s);
    // A split payment: each method on its line, the change, the points earned.
    ticket(&mut s);
    act(
        &mut s,
        Action::SaleStored {
            number: "R1-000043".into(),
            total: Money::from_cents(3521),
            paid: vec![
                (PaymentMethod::Wallet, Money::from_cents(2000)),
                (PaymentMethod::StoreCredit, Money::from_cents(890)),
                (PaymentMethod::Cash, Money::from_cents(631)),
            ],
            change: Some(Money::from_cents(369)),
            points: 6,
        },
    );
    snap("sale_paid_split", &s);
    let mut fr = State::new(fx::settings(Lang::Fr), fx::now());
    ticket(&mut fr);
    snap("sale_fr", &fr);
    let mut ascii = fx::state();
    ascii.settings.ascii = true;
    ticket(&mut ascii);
    ascii.unlock();
    snap("sale_ascii_manager", &ascii);
}

#[test]
fn sale_popups() {
    let mut s = fx::state();
    ticket(&mut s);
    cmd(&mut s, C::PayCash);
    typ(&mut s, "50");
    snap("popup_pay_cash", &s);
    cmd(&mut s, C::Back);
    cmd(&mut s, C::PayCard);
    snap("popup_card", &s);
    cmd(&mut s, C::Back);
    cmd(&mut s, C::Products);
    typ(&mut s, "caf");
    act(&mut s, Action::ProductsFound(fx::products()));
    snap("popup_products", &s);
    cmd(&mut s, C::Back);
    cmd(&mut s, C::CustomersList);
    typ(&mut s, "24");
    snap("popup_pin", &s);
    cmd(&mut s, C::Back);
    act(
        &mut s,
        Action::ScanResolved {
            code: "2912345678906".into(),
            references: vec![],
            outcome: crate::app::action::ScanOutcome::Unknown,
        },
    );
    snap("popup_unknown_scan", &s);
    // "Add product", then a save with no name and a price that is not an amount: every
    // label keeps its row, each error has rows of its own, the focus is marked.
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Confirm);
    // A product is the manager's: the PIN first; after wrong PINs it says how long to wait.
    typ(&mut s, "1111");
    cmd(&mut s, C::Confirm);
    let pin_checked = |ok, wait: i64| Action::PinChecked {
        ok,
        error: None,
        locked_until: (wait > 0).then(|| fx::now() + chrono::Duration::seconds(wait)),
    };
    act(&mut s, pin_checked(false, 4));
    snap("popup_pin_wait", &s);
    act(
        &mut s,
        Action::Tick(fx::now() + chrono::Duration::seconds(4)),
    );
    typ(&mut s, "246813");
    cmd(&mut s, C::Confirm);
    act(&mut s, pin_checked(true, 0));
    assert!(matches!(
        s.popup,
        Some(crate::app::state::Popup::NewProduct { .. })
    ));
    cmd(&mut s, C::NextField);
    typ(&mut s, "abc");
    cmd(&mut s, C::Save);
    snap("popup_new_product_errors", &s);
    let screen = text(&s, 80, 24);
    for label in ["Name", "Price", "VAT"] {
        assert!(screen.contains(label), "{label} lost:\n{screen}");
    }
    assert!(screen.contains(">"), "no focus marker:\n{screen}");
    cmd(&mut s, C::Back);
    // The price popup (manager), after a refused amount.
    s.unlock();
    cmd(&mut s, C::EditPrice);
    for _ in 0..10 {
        cmd(&mut s, C::Backspace);
    }
    typ(&mut s, "4,5x");
    cmd(&mut s, C::Confirm);
    insta::assert_snapshot!("popup_price_80x24", text(&s, 80, 24));
}

/// The ticket of [`ticket`], its customer holding `b`.
fn ticket_holding(s: &mut State, b: Balances) {
    ticket(s);
    if let Some(c) = s.ticket.customer.as_mut() {
        c.balances = b;
    }
}

/// Points (and what they are worth), a wallet, an account with room left.
fn rich() -> Balances {
    Balances {
        points: 640,
        wallet: Money::from_cents(1250),
        store_credit: Money::ZERO,
        owed: Money::from_cents(5000),
        credit_limit: Some(Money::from_cents(20_000)),
    }
}

/// The payment popup: every method with what it can pay or why not; a split under way
/// with what is left and the change; the balances on the sale screen; the top-up.
#[test]
fn payment_popups() {
    let mut s = fx::state();
    ticket_holding(&mut s, rich());
    snap("sale_balances", &s);
    cmd(&mut s, C::PayCash);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    snap("popup_pay_customer", &s);
    // The wallet, then the points (the selection is back on cash after each balance
    // spent), then an amount the card cannot pay.
    cmd(&mut s, C::Confirm);
    for _ in 0..4 {
        cmd(&mut s, C::Down);
    }
    cmd(&mut s, C::Confirm);
    cmd(&mut s, C::Down);
    typ(&mut s, "100");
    cmd(&mut s, C::Confirm);
    snap("popup_pay_split", &s);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("Left to pay: 13.50"), "{screen}");
    assert!(screen.contains("at most 13.50"), "{screen}");
    // Cash above what is left: the change it gives is shown before Enter.
    cmd(&mut s, C::Up);
    typ(&mut s, "20");
    insta::assert_snapshot!("popup_pay_change_80x24", text(&s, 80, 24));
    // No customer, French, ASCII: the reasons, in words.
    let mut fr = State::new(fx::settings(Lang::Fr), fx::now());
    fr.settings.ascii = true;
    ticket(&mut fr);
    cmd(&mut fr, C::Detach);
    cmd(&mut fr, C::PayCash);
    cmd(&mut fr, C::Down);
    cmd(&mut fr, C::Down);
    cmd(&mut fr, C::Confirm);
    insta::assert_snapshot!("popup_pay_fr_ascii_80x24", text(&fr, 80, 24));
    // The top-up / settlement.
    cmd(&mut s, C::Back);
    cmd(&mut s, C::Back);
    cmd(&mut s, C::Back);
    cmd(&mut s, C::Back);
    assert!(s.popup.is_none());
    cmd(&mut s, C::TopUp);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Toggle);
    snap("popup_top_up", &s);
}

#[test]
fn gift_card_popups() {
    // A card scanned at the payment popup: its row selected, what it can pay.
    let mut s = fx::state();
    ticket_holding(&mut s, rich());
    cmd(&mut s, C::PayCash);
    act(
        &mut s,
        Action::GiftCardFound {
            code: "2912345678906".into(),
            balance: Some(Money::from_cents(1500)),
        },
    );
    cmd(&mut s, C::Confirm);
    act(
        &mut s,
        Action::GiftCardFound {
            code: "2900000000001".into(),
            balance: None,
        },
    );
    snap("popup_pay_gift", &s);
    // No customer: Ctrl+T sells a gift card (a new code unless one is scanned).
    let mut s = fx::state();
    ticket(&mut s);
    cmd(&mut s, C::Detach);
    cmd(&mut s, C::TopUp);
    typ(&mut s, "25");
    snap("popup_gift_card_sale", &s);
}

/// A refund (a negative total) is still paid back through the cash popup.
#[test]
fn a_refund_ticket_opens_the_cash_popup() {
    let mut s = fx::state();
    let mut back = fx::products().remove(0);
    back.price = Money::from_cents(-890);
    act(
        &mut s,
        Action::ProductFound {
            code: back.code.clone(),
            product: Some(back),
        },
    );
    cmd(&mut s, C::PayCash);
    assert!(matches!(
        s.popup,
        Some(crate::app::state::Popup::Cash { .. })
    ));
    insta::assert_snapshot!("popup_cash_refund_80x24", text(&s, 80, 24));
}

/// A quantity refused keeps its popup open and says why inside it, in words (no colour
/// needed), as the price popup does; the footer of the new-product form names its save
/// key (the form is in a popup, whose other keys are Enter and Esc).
#[test]
fn a_refused_quantity_is_said_in_its_popup_in_ascii_too() {
    let mut s = fx::state();
    ticket(&mut s);
    s.settings.ascii = true;
    cmd(&mut s, C::Quantity);
    cmd(&mut s, C::Backspace);
    typ(&mut s, "2x");
    cmd(&mut s, C::Confirm);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("Not a quantity"), "{screen}");
    insta::assert_snapshot!("popup_quantity_bad_ascii_80x24", screen);
}

#[test]
fn picker_screens() {
    let mut s = fx::state();
    cmd(&mut s, C::Customer);
    snap("picker_empty", &s);
    typ(&mut s, "dup par");
    let rows = vec![
        fx::row(&fx::customer(1, "Mélanie", "Dupont")),
        fx::row(&fx::customer(2, "Jean-Pierre", "Dupuis")),
        fx::row(&fx::customer(3, "Anne", "Duparc")),
    ];
    let seq = s.picker.asked;
    act(
        &mut s,
        Action::SearchDone {
            seq,
            rows,
            fallback: false,
        },
    );
    cmd(&mut s, C::Down);
    snap("picker_results", &s);
    cmd(&mut s, C::ToggleAdvanced);
    s.picker.input.set("Mel, Paix");
    let seq = s.picker.asked;
    act(
        &mut s,
        Action::SearchDone {
            seq,
            rows: vec![],
            fallback: true,
        },
    );
    snap("picker_advanced_none", &s);
    cmd(&mut s, C::ChooseFields);
    snap("popup_fields", &s);
}

/// While the index is not there the plain search runs in the background: the rows of the
/// last answer stay, and the screen says at once that a newer search is under way; a
/// first search with no answer yet says so in place of "no customer found".
#[test]
fn a_search_not_answered_yet_says_it_is_searching() {
    let mut s = fx::state();
    cmd(&mut s, C::Customer);
    typ(&mut s, "dup");
    insta::assert_snapshot!("picker_searching_first_80x24", text(&s, 80, 24));
    let seq = s.picker.asked;
    act(
        &mut s,
        Action::SearchDone {
            seq,
            rows: vec![fx::row(&fx::customer(1, "Mélanie", "Dupont"))],
            fallback: true,
        },
    );
    typ(&mut s, "o");
    insta::assert_snapshot!("picker_searching_80x24", text(&s, 80, 24));
}

#[test]
fn new_customer_form() {
    let mut s = fx::state();
    cmd(&mut s, C::Customer);
    typ(&mut s, "Martin");
    cmd(&mut s, C::NewCustomer);
    typ(&mut s, "Hugo");
    cmd(&mut s, C::NextField);
    cmd(&mut s, C::NextField);
    cmd(&mut s, C::NextField);
    typ(&mut s, "06 12");
    for _ in 0..3 {
        cmd(&mut s, C::NextField);
    }
    typ(&mut s, "01400");
    cmd(&mut s, C::NextField);
    snap("popup_cities", &s);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Confirm);
    cmd(&mut s, C::Save);
    snap("form_new_customer_errors", &s);
}

#[test]
fn card_tabs() {
    for tab in Tab::ALL {
        let mut s = card(tab);
        if tab == Tab::Merge {
            let dup = fx::customer(2, "Melanie", "Dupond");
            act(&mut s, Action::Duplicates(vec![fx::row(&dup)]));
            snap("card_merge", &s);
            let mut other = dup.clone();
            other.data.email = Some("m.dupond@example.fr".into());
            other.data.address.line1 = Some("3 rue du Bac".into());
            act(&mut s, Action::MergeOther(Box::new(other)));
            cmd(&mut s, C::Down);
            cmd(&mut s, C::Toggle);
            snap("card_merge_plan", &s);
            cmd(&mut s, C::Apply);
            snap("popup_confirm_merge", &s);
            continue;
        }
        let name = format!("card_{tab:?}").to_lowercase();
        snap(&name, &s);
    }
}

#[test]
fn card_actions() {
    let mut s = card(Tab::Info);
    cmd(&mut s, C::Edit);
    if let Some(f) = s.card.as_mut().and_then(|c| c.form.as_mut()) {
        f.set(crate::app::form::FieldKey::Email, "melanie@");
    }
    cmd(&mut s, C::Save);
    snap("card_info_edit_error", &s);
    let mut s = card(Tab::History);
    cmd(&mut s, C::Down);
    // One coffee of this sale was given back already: the view says so on its line.
    act(
        &mut s,
        Action::SaleLoaded(Box::new(fx::past(fx::sale(2, 18, Some(fx::cid(1))), 1))),
    );
    snap("popup_sale", &s);
    let mut s = card(Tab::Delete);
    cmd(&mut s, C::Apply);
    snap("popup_confirm_delete", &s);
    let mut s = card(Tab::Notes);
    cmd(&mut s, C::Edit);
    typ(&mut s, "Wants a call when the coffee arrives");
    snap("popup_note", &s);
}

/// The Contact tab's e-mail at 80x24, in French: the field with the focus marked, the
/// marketing choice with the consent it rests on, and the warning after an empty send.
#[test]
fn popup_letter() {
    let mut s = fx::state();
    s.settings.email = true;
    s.settings.lang = Lang::Fr;
    let mut c = fx::customer(1, "Mélanie", "Dupont");
    c.data.preferences.marketing_email.granted = true;
    c.data.preferences.marketing_email.since = chrono::NaiveDate::from_ymd_opt(2026, 3, 14);
    act(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    while s.card.as_ref().map(|c| c.tab) != Some(Tab::Contact) {
        cmd(&mut s, C::NextTab);
    }
    cmd(&mut s, C::Edit);
    typ(&mut s, "Votre commande est arrivée");
    cmd(&mut s, C::Confirm);
    cmd(&mut s, C::Toggle);
    cmd(&mut s, C::Confirm);
    let screen = text(&s, 80, 24);
    insta::assert_snapshot!("popup_letter_fr_80x24", screen);
    assert!(
        screen.contains("E-mail à mélanie.dupont@example.fr"),
        "{screen}"
    );
    assert!(
        screen.contains("[x] Commercial (accord donné 14/03/2026)"),
        "{screen}"
    );
    assert!(
        screen.contains("! Écrivez d'abord un objet et un message."),
        "{screen}"
    );
    assert!(
        screen.contains(">Message"),
        "the text has the focus: {screen}"
    );
}

/// A receipt's ticket number typed at the till opens its sale over the sale screen; a
/// sale with no customer says it can be given to one, and its refund window offers
/// store credit (a credit note card).
#[test]
fn a_sale_opened_at_the_till_by_its_ticket_number() {
    let mut s = fx::state();
    typ(&mut s, "R1-000004");
    cmd(&mut s, C::Confirm);
    act(
        &mut s,
        Action::SaleLoaded(Box::new(fx::past(fx::sale(4, 3, None), 0))),
    );
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("No customer: it can be given to one"),
        "{screen}"
    );
    insta::assert_snapshot!("popup_sale_no_customer_80x24", screen);
    cmd(&mut s, C::Refund);
    typ(&mut s, "+");
    cmd(&mut s, C::Toggle);
    let screen = text(&s, 80, 24);
    // Store credit for a sale with no customer: a credit note card, no refusal.
    assert!(screen.contains("< store credit >"), "{screen}");
    assert!(!screen.contains("no store credit"), "{screen}");
    // A move names the ticket, the customer and the points that went with the sale.
    let moved = |points| Msg::SaleMoved {
        number: "R1-000042".into(),
        to: "Mélanie Dupont".into(),
        points,
    };
    let en = crate::ui::strings::tr(Lang::En);
    assert_eq!(
        en.msg(&moved(12)),
        "Sale R1-000042 given to Mélanie Dupont (+12 points)."
    );
    assert_eq!(en.msg(&moved(0)), "Sale R1-000042 given to Mélanie Dupont.");
    assert_eq!(
        crate::ui::strings::tr(Lang::Fr).msg(&Msg::NoSale("R1-000042".into())),
        "Aucune vente avec le numéro de ticket R1-000042."
    );
}

/// The refund window on sale R1-000002 (its first line given back already): a baguette
/// chosen with +, the apron being typed, the money to store credit; then in French with
/// ASCII borders, a quantity refused and said inside the window.
#[test]
fn refund_popup() {
    let mut s = card(Tab::History);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    let sale = fx::sale(2, 18, Some(fx::cid(1)));
    act(&mut s, Action::RefundLoaded(Box::new(fx::past(sale, 1))));
    typ(&mut s, "+");
    cmd(&mut s, C::Down);
    typ(&mut s, "1");
    cmd(&mut s, C::Toggle);
    snap("popup_refund", &s);
    let screen = text(&s, 80, 24);
    for word in [
        "Refund R1-000002",
        "Left",
        "store credit",
        "25.80",
        "F2 Refund to",
    ] {
        assert!(screen.contains(word), "{word}:\n{screen}");
    }
    s.settings.lang = Lang::Fr;
    s.settings.ascii = true;
    typ(&mut s, "+");
    let screen = text(&s, 80, 24);
    assert!(screen.contains("Au plus 1"), "{screen}");
    insta::assert_snapshot!("popup_refund_ascii_fr_80x24", screen);
}

/// Parking a ticket (the status says how many lines and whose), then the recall window
/// on an empty ticket: a customer's ticket with its label, one whose customer is gone,
/// one without a customer, a damaged one; then in French with ASCII borders, and the
/// status of a ticket recalled without its customer.
#[test]
fn park_and_recall() {
    let mut s = fx::state();
    ticket(&mut s);
    cmd(&mut s, C::Park);
    act(&mut s, Action::Parked { lines: 3 });
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("Ticket parked (3 lines, Mélanie Dupont)."),
        "{screen}"
    );
    insta::assert_snapshot!("sale_parked_80x24", screen);
    act(&mut s, Action::ParkedLoaded(fx::parked_rows()));
    cmd(&mut s, C::Down);
    snap("popup_parked", &s);
    let screen = text(&s, 80, 24);
    assert!(!screen.contains('\u{1b}'), "the label is cleaned");
    for word in [
        "blue coat",
        "customer gone",
        "no customer",
        "damaged",
        "145.75",
    ] {
        assert!(screen.contains(word), "{word}:\n{screen}");
    }
    s.settings.lang = Lang::Fr;
    s.settings.ascii = true;
    insta::assert_snapshot!("popup_parked_ascii_fr_80x24", text(&s, 80, 24));
    cmd(&mut s, C::Back);
    let recalled = crate::app::state::RecalledTicket {
        lines: fx::sale(2, 0, None).lines,
        customer: None,
        customer_gone: true,
        repriced: false,
    };
    act(&mut s, Action::Recalled(Box::new(recalled)));
    insta::assert_snapshot!("sale_recalled_gone_ascii_fr_80x24", text(&s, 80, 24));
}

/// The Loyalty tab in French with ASCII borders (the Linux console).
#[test]
fn loyalty_tab_ascii_fr() {
    let mut s = card(Tab::Loyalty);
    s.settings.lang = Lang::Fr;
    s.settings.ascii = true;
    cmd(&mut s, C::Down);
    insta::assert_snapshot!("card_loyalty_ascii_fr_80x24", text(&s, 80, 24));
}

/// The printer out of reach with receipts waiting, then out of paper in French: the
/// status bar says so beside the scanner, after the sale's message.
#[test]
fn status_bar_printer_offline() {
    use crate::app::state::{PrinterState, PrinterStatus};
    let mut s = fx::state();
    ticket(&mut s);
    s.status.readers.push(ReaderState {
        name: "nfc".into(),
        connected: true,
    });
    let offline = PrinterStatus {
        state: PrinterState::Offline,
        station: None,
        waiting: 2,
        failed: 0,
    };
    act(&mut s, Action::Printer(offline));
    s.say(Msg::SaleStored {
        number: "R1-000042".into(),
    });
    snap("status_printer_offline", &s);
    let bar = text(&s, 80, 24);
    assert!(bar.contains("printer: offline (2 waiting)"), "{bar}");
    s.settings.lang = Lang::Fr;
    act(
        &mut s,
        Action::Printer(PrinterStatus {
            state: PrinterState::PaperOut,
            station: None,
            waiting: 1,
            failed: 1,
        }),
    );
    insta::assert_snapshot!("status_printer_paper_out_fr_80x24", text(&s, 80, 24));
    // Back, nothing waiting: the printer takes no room.
    act(&mut s, Action::Printer(PrinterStatus::default()));
    assert!(!text(&s, 120, 40).contains("imprimante"));
    act(
        &mut s,
        Action::Printer(PrinterStatus {
            failed: 1,
            ..PrinterStatus::default()
        }),
    );
    assert!(text(&s, 80, 24).contains("imprimante : 1 en échec"));
    // A preparation station's printer in trouble is named by its station (sanitised).
    s.settings.lang = Lang::En;
    act(
        &mut s,
        Action::Printer(PrinterStatus {
            state: PrinterState::Offline,
            station: Some("Kitchen\u{1b}]0;x\u{7}".into()),
            waiting: 1,
            failed: 0,
        }),
    );
    let bar = text(&s, 80, 24);
    assert!(bar.contains("Kitchen?]0;x?: offline (1 waiting)"), "{bar}");
    assert!(!bar.contains('\u{1b}'));
}

#[test]
fn customers_list() {
    let mut s = fx::state();
    s.unlock();
    cmd(&mut s, C::CustomersList);
    let rows: Vec<_> = (1..=30)
        .map(|n| fx::row(&fx::customer(n, &format!("Client{n}"), "Durand")))
        .collect();
    act(&mut s, Action::ListPage { offset: 0, rows });
    cmd(&mut s, C::Down);
    s.status.readers.push(ReaderState {
        name: "nfc".into(),
        connected: true,
    });
    s.say(Msg::Saved);
    snap("list", &s);
}

mod catalog;
mod hub;
mod import;
mod import_remarks;
mod lang;
mod outbox;
mod reports;
mod settings;
mod sms;

#[test]
fn help_overlay() {
    let mut s = fx::state();
    ticket(&mut s);
    cmd(&mut s, C::Help);
    snap("help_sale", &s);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("Keys: Sale screen"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains(" F8 ") && l.contains("Pays the ticket:")),
        "a key then its sentence:\n{screen}"
    );
    cmd(&mut s, C::End);
    insta::assert_snapshot!("help_sale_end_80x24", text(&s, 80, 24));
    let mut picker = fx::state();
    cmd(&mut picker, C::Customer);
    typ(&mut picker, "dup");
    cmd(&mut picker, C::Help);
    snap("help_picker", &picker);
    let mut card = card(Tab::History);
    cmd(&mut card, C::Help);
    snap("help_card", &card);
    // French, ASCII borders (the Linux console).
    let mut ascii = State::new(fx::settings(Lang::Fr), fx::now());
    ascii.settings.ascii = true;
    ticket(&mut ascii);
    cmd(&mut ascii, C::Help);
    snap("help_sale_ascii_fr", &ascii);
    // Over a popup: the popup's keys; the popup is still there when the help closes.
    let mut popup = fx::state();
    ticket(&mut popup);
    cmd(&mut popup, C::PayCash);
    cmd(&mut popup, C::Help);
    insta::assert_snapshot!("help_popup_cash_80x24", text(&popup, 80, 24));
    cmd(&mut popup, C::Back);
    assert!(text(&popup, 80, 24).contains(popup.tr().pay_amount()));
    // A yes/no question: its letters with Enter and Esc, and nothing it does not use.
    cmd(&mut popup, C::Back);
    cmd(&mut popup, C::PayCard);
    cmd(&mut popup, C::Help);
    insta::assert_snapshot!("help_question_80x24", text(&popup, 80, 24));
}

#[test]
fn the_past_sale_popup_names_the_keys_of_the_keymap_in_use() {
    use crate::keys::{with_overrides, KeyOverride, KeySpec, DEFAULT};
    let mut s = card(Tab::History);
    let moved = [KeyOverride {
        action: C::Reprint,
        key: KeySpec::parse("Ctrl+R").expect("a key"),
    }];
    s.settings.keymap = with_overrides(DEFAULT, &moved).expect("no clash");
    act(
        &mut s,
        Action::SaleLoaded(Box::new(fx::past(fx::sale(2, 18, None), 0))),
    );
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("^R Reprint   F6 Move   F7 Refund   Esc Back"),
        "{screen}"
    );
}

/// The setup screen reached as the owner would: typed fields, a PIN (drawn as stars).
fn setup_typed(lang: Lang) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.start_setup();
    for (n, text) in [
        (0, "Épicerie Martin"),
        (1, "12 rue des Lilas"),
        (3, "75011"),
        (9, "FR40303265045"),
        (11, "246813"),
    ] {
        if let Some(st) = s.setup.as_mut() {
            st.focus = n;
        }
        typ(&mut s, text);
    }
    s
}

#[test]
fn setup_screen() {
    let s = setup_typed(Lang::En);
    insta::assert_snapshot!("setup_en_80x24", text(&s, 80, 24));
    let s = setup_typed(Lang::Fr);
    insta::assert_snapshot!("setup_fr_80x24", text(&s, 80, 24));
    // Saved with errors: each under its field, the focus on the first.
    let mut s = setup_typed(Lang::En);
    if let Some(st) = s.setup.as_mut() {
        st.set(crate::app::setup::SetupField::VatRates, "20 / abc");
        st.set(crate::app::setup::SetupField::PinAgain, "246831");
        st.set(crate::app::setup::SetupField::Register, "R-1");
    }
    cmd(&mut s, C::Save);
    insta::assert_snapshot!("setup_errors_80x24", text(&s, 80, 24));
    cmd(&mut s, C::End);
    for _ in 0..12 {
        cmd(&mut s, C::NextField);
    }
    insta::assert_snapshot!("setup_errors_end_80x24", text(&s, 80, 24));
    // ASCII mode (Linux console), then the choice after saving.
    let mut s = setup_typed(Lang::Fr);
    s.settings.ascii = true;
    insta::assert_snapshot!("setup_ascii_80x24", text(&s, 80, 24));
    if let Some(st) = s.setup.as_mut() {
        st.stage = crate::app::setup::SetupStage::Choose { selected: 0 };
        st.saved_to = Some("/home/lulu/.config/comptoir/config.toml".into());
    }
    insta::assert_snapshot!("setup_saved_ascii_80x24", text(&s, 80, 24));
}

/// History says where each receipt's e-mail is; the status bar says when the outbox has
/// trouble (in the room the printer's part has).
#[test]
fn history_and_the_status_bar_show_the_e_mail_outbox() {
    use crate::app::state::MailStatus;
    use crate::app::view::MailState;
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    let mut data = fx::card_data(&c);
    data.history[1].email = Some(MailState::Sent);
    data.history[2].email = Some(MailState::Failed);
    act(&mut s, Action::CardLoaded(Box::new(data)));
    while s.card.as_ref().map(|c| c.tab) != Some(Tab::History) {
        cmd(&mut s, C::NextTab);
    }
    let quiet = text(&s, 80, 24);
    assert!(!quiet.contains("e-mail:"), "nothing to say: {quiet}");
    let trouble = MailStatus {
        waiting: 2,
        failed: 1,
        offline: true,
    };
    act(&mut s, Action::Mail(trouble));
    let out = text(&s, 80, 24);
    assert!(out.contains("e-mail sent"), "{out}");
    assert!(out.contains("e-mail failed"), "{out}");
    assert!(
        out.contains("e-mail: offline (2 waiting, 1 failed)"),
        "{out}"
    );
    s.settings.lang = Lang::De;
    let out = text(&s, 80, 24);
    assert!(out.contains("E-Mail gesendet"), "{out}");
    assert!(
        out.contains("E-Mail: offline (2 wartend, 1 fehlgeschlagen)"),
        "{out}"
    );
}

/// With `[email]` set and a customer with an address, the payment popup shows the
/// receipt by e-mail with its key (on when the customer asked), in the popup's height.
#[test]
fn the_payment_popup_offers_the_receipt_by_e_mail() {
    let mut s = fx::state();
    s.settings.email = true;
    ticket_holding(&mut s, rich());
    if let Some(c) = s.ticket.customer.as_mut() {
        c.email = Some("melanie@example.fr".into());
        c.receipt_by_email = true;
    }
    cmd(&mut s, C::PayCash);
    let out = text(&s, 80, 24);
    assert!(
        out.contains("F2 receipt by e-mail: yes  melanie@example.fr"),
        "{out}"
    );
    cmd(&mut s, C::Toggle);
    let out = text(&s, 80, 24);
    assert!(out.contains("F2 receipt by e-mail: no"), "{out}");
}

/// A member of a group with a special price on the first product: the line says the
/// group's price, the discount line is the group's as before.
#[test]
fn sale_group_price() {
    use crate::domain::pricing::{GroupPrice, PriceList};
    let p = fx::products();
    for lang in [Lang::En, Lang::Fr] {
        let mut s = State::new(fx::settings(lang), fx::now());
        ticket(&mut s);
        let c = fx::customer(1, "Mélanie", "Dupont");
        let mut att = fx::attached(&c);
        att.group = Some("VIP".into());
        att.prices = Some(PriceList {
            group: "VIP".into(),
            prices: [(
                p[0].id,
                GroupPrice {
                    price: Money::from_cents(p[0].price.cents() - 100),
                    shelf: p[0].price,
                },
            )]
            .into_iter()
            .collect(),
        });
        act(&mut s, Action::Attach(Box::new(att)));
        let name = match lang {
            Lang::Fr => "sale_group_price_fr",
            _ => "sale_group_price",
        };
        insta::assert_snapshot!(format!("{name}_80x24"), text(&s, 80, 24));
    }
}

/// The card's edit form on the position (a typed value that is not one): the field, its
/// value and its error in each language, at 80x24.
#[test]
fn card_info_edit_position() {
    use crate::app::form::FieldKey as F;
    for lang in Lang::ALL {
        let mut s = State::new(fx::settings(lang), fx::now());
        let mut c = fx::customer(1, "Mélanie", "Dupont");
        c.data.position = Some(crate::domain::customer::GeoPoint {
            lat: 48.8686,
            lon: 2.3412,
        });
        c.data.email = Some("melanie.dupont@example.fr".into());
        act(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
        s.unlock();
        cmd(&mut s, C::Edit);
        if let Some(f) = s.card.as_mut().and_then(|c| c.form.as_mut()) {
            assert_eq!(f.value(F::Position), Some("48.8686, 2.3412"));
            f.set(F::Position, "Paris 2e");
            f.focus = f
                .fields
                .iter()
                .position(|(k, _)| *k == F::Position)
                .unwrap_or(0);
        }
        cmd(&mut s, C::Save);
        let code = lang.code();
        insta::assert_snapshot!(
            format!("card_info_edit_position_{code}_80x24"),
            text(&s, 80, 24)
        );
    }
}
