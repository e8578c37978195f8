//! The products and groups screens through `update` alone: the manager rule before the
//! screen and before a write whose role locked meanwhile, the form read before anything
//! is asked, a stale search answer dropped, and a group without customers deleted after
//! a plain question.

use chrono::Duration;

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::state::{Popup, Screen, State};
use super::super::update;
use super::{cmd, typ, unlock_with_pin};
use crate::keys::Command as C;

/// The customers list, the role unlocked.
fn list() -> State {
    let mut s = fx::state();
    s.unlock();
    cmd(&mut s, C::CustomersList);
    assert_eq!(s.screen, Screen::List);
    s
}

#[test]
fn the_products_screen_opens_after_the_pin_and_reads_its_rows() {
    let mut s = list();
    s.lock();
    assert!(cmd(&mut s, C::Catalogue).is_empty());
    assert_eq!(s.screen, Screen::List);
    let fx_after = unlock_with_pin(&mut s);
    assert_eq!(s.screen, Screen::Catalog);
    let seq = s.catalog.asked;
    assert_eq!(
        fx_after,
        vec![Effect::LoadCatalog {
            seq,
            text: String::new()
        }]
    );
    // An answer older than the one shown is dropped.
    typ(&mut s, "ca");
    let newest = s.catalog.asked;
    update(
        &mut s,
        Action::CatalogLoaded {
            seq: newest,
            rows: fx::product_rows(),
        },
    );
    update(
        &mut s,
        Action::CatalogLoaded {
            seq: newest - 1,
            rows: Vec::new(),
        },
    );
    assert_eq!(s.catalog.rows.len(), 4);
    cmd(&mut s, C::Back);
    assert_eq!(s.screen, Screen::List);
}

#[test]
fn a_save_after_the_role_locked_asks_the_pin_then_writes_as_the_manager() {
    let mut s = list();
    cmd(&mut s, C::Catalogue);
    cmd(&mut s, C::Add);
    typ(&mut s, "CAFE-01");
    cmd(&mut s, C::NextField);
    typ(&mut s, "Café");
    cmd(&mut s, C::NextField);
    typ(&mut s, "2,40");
    // The idle time passes: the role locks; the save asks the PIN, nothing is sent.
    let later = s.now + s.settings.manager_idle + Duration::seconds(1);
    update(&mut s, Action::Tick(later));
    assert!(!s.is_manager());
    assert!(cmd(&mut s, C::Save).is_empty());
    assert!(matches!(s.popup, Some(Popup::Pin { .. })));
    let effects = unlock_with_pin(&mut s);
    let [Effect::Manager(inner)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let Effect::SaveProduct { original, product } = inner.as_ref() else {
        panic!("{inner:?}");
    };
    assert_eq!(*original, None);
    assert_eq!(
        (
            product.code.as_str(),
            product.price.cents(),
            product.tax_rate
        ),
        ("CAFE-01", 240, s.settings.vat_rates[0])
    );
    assert!(s.catalog.form.as_ref().is_some_and(|f| f.saving));
    // A refusal gives the form back as typed.
    update(&mut s, Action::Failed("code taken".into()));
    let f = s.catalog.form.as_ref().unwrap();
    assert!(!f.saving);
    assert_eq!(
        f.value(crate::app::form::FieldKey::ProductName),
        Some("Café")
    );
}

#[test]
fn a_form_with_errors_asks_nothing() {
    let mut s = list();
    s.lock();
    cmd(&mut s, C::Groups);
    unlock_with_pin(&mut s);
    update(&mut s, Action::GroupsLoaded(fx::group_rows()));
    cmd(&mut s, C::Add);
    assert!(cmd(&mut s, C::Save).is_empty(), "no name: nothing sent");
    assert!(s.popup.is_none());
    assert_eq!(s.groups.form.as_ref().map(|f| f.errors.len()), Some(1));
}

#[test]
fn a_group_without_customers_is_deleted_after_a_plain_question() {
    let mut s = list();
    cmd(&mut s, C::Groups);
    let mut rows = fx::group_rows();
    rows[0].customers = 0;
    update(&mut s, Action::GroupsLoaded(rows));
    cmd(&mut s, C::Remove);
    let Some(Popup::DeleteGroup(d)) = &s.popup else {
        panic!("{:?}", s.popup);
    };
    assert!(d.choices.is_empty());
    let effects = cmd(&mut s, C::Confirm);
    assert_eq!(
        effects,
        vec![Effect::Manager(Box::new(Effect::DeleteGroup {
            name: "Staff".into(),
            to: None
        }))]
    );
    assert!(s.popup.is_none());
}

#[test]
fn a_groups_price_list_opens_reads_its_rows_and_each_change_is_the_managers() {
    use super::super::super::action::{PricesAsk, PricesDone};
    use super::super::super::state::{GroupPriceRow, Msg};
    use crate::domain::money::Money;
    let mut s = list();
    cmd(&mut s, C::Groups);
    update(&mut s, Action::GroupsLoaded(fx::group_rows()));
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    let effects = cmd(&mut s, C::Prices);
    assert_eq!(
        effects,
        vec![Effect::GroupPrices(PricesAsk::Load("VIP".into()))]
    );
    let row = GroupPriceRow {
        code: "CAFE".into(),
        name: "Café".into(),
        shelf: Money::from_cents(890),
        price: Money::from_cents(790),
    };
    // An answer for another group is dropped.
    update(
        &mut s,
        Action::GroupPrices(PricesDone::Loaded {
            group: "Staff".into(),
            rows: vec![row.clone()],
        }),
    );
    assert!(s.groups.prices.as_ref().unwrap().rows.is_empty());
    update(
        &mut s,
        Action::GroupPrices(PricesDone::Loaded {
            group: "VIP".into(),
            rows: vec![row],
        }),
    );
    // A new price: the code, Enter, the price; a bad amount is said, nothing asked.
    cmd(&mut s, C::Add);
    typ(&mut s, "THE");
    cmd(&mut s, C::Confirm);
    typ(&mut s, "-2");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(matches!(s.status.message, Some((Msg::InvalidAmount, _))));
    cmd(&mut s, C::Backspace);
    cmd(&mut s, C::Backspace);
    typ(&mut s, "3,50");
    let set = |code: &str, price| {
        vec![Effect::Manager(Box::new(Effect::GroupPrices(
            PricesAsk::Set {
                group: "VIP".into(),
                code: code.into(),
                price,
            },
        )))]
    };
    assert_eq!(
        cmd(&mut s, C::Confirm),
        set("THE", Some(Money::from_cents(350)))
    );
    let effects = update(
        &mut s,
        Action::GroupPrices(PricesDone::Saved {
            group: "VIP".into(),
            code: "THE".into(),
            price: Some(Money::from_cents(350)),
        }),
    );
    assert_eq!(
        effects,
        vec![Effect::GroupPrices(PricesAsk::Load("VIP".into()))],
        "read again"
    );
    assert!(s.groups.prices.as_ref().unwrap().edit.is_none());
    // Changing the selected row's price keeps its code; removing it asks the store.
    cmd(&mut s, C::Edit);
    assert!(
        s.groups
            .prices
            .as_ref()
            .unwrap()
            .edit
            .as_ref()
            .unwrap()
            .fixed_code
    );
    cmd(&mut s, C::Back);
    s.lock();
    assert!(cmd(&mut s, C::Remove).is_empty(), "the PIN first");
    assert_eq!(unlock_with_pin(&mut s), set("CAFE", None));
    // Esc closes the list, then the screen.
    cmd(&mut s, C::Back);
    assert!(s.groups.prices.is_none());
    assert_eq!(s.screen, Screen::Groups);
}

#[test]
fn home_and_end_select_the_first_and_last_group() {
    let mut s = list();
    cmd(&mut s, C::Groups);
    let rows = fx::group_rows();
    let last = rows.len() - 1;
    update(&mut s, Action::GroupsLoaded(rows));
    cmd(&mut s, C::End);
    assert_eq!(s.groups.selected, last);
    cmd(&mut s, C::Home);
    assert_eq!(s.groups.selected, 0);
}
