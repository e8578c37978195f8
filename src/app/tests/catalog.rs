//! The products and groups screens through the real runner on an in-memory store: the
//! manager rule (a locked role asks for the PIN; the service refuses the cashier), a
//! product added, changed, archived and brought back (stored, audited, seen by the F5
//! item search at once), and a group in use deleted with its customers moved.

use std::path::Path;

use super::super::runner::Runner;
use super::super::state::{
    CatalogOp, GroupOp, ManagerOp, MoveTo, Msg, Popup, ProductDraft, Screen, Settings, State,
};
use super::super::{settle, update, Action, Effect};
use crate::config::Config;
use crate::demo::{self, DemoOptions};
use crate::domain::money::{Money, Percent};
use crate::keys::Command as C;
use crate::store::Store;

struct Rig {
    state: State,
    runner: Runner,
}

impl Rig {
    /// A demo shop of 40 customers (in the groups VIP, Trade, Staff), French VAT rates,
    /// a manager PIN configured, the customers list open with the role unlocked.
    fn new() -> Rig {
        let mut store = Store::open_in_memory().unwrap();
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: 40,
                seed: 5,
                now: chrono::Utc::now(),
                sales: false,
            },
        )
        .unwrap();
        let hash = crate::auth::hash_pin("246813").unwrap();
        let toml = format!(
            "[manager]\npin_hash = \"{hash}\"\n[store]\ndatabase = \"/nonexistent/x.db\"\n"
        );
        let config = Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap();
        let mut state = State::new(Settings::from_config(&config, false, 0), chrono::Utc::now());
        state.unlock();
        let mut rig = Rig {
            state,
            runner: Runner::new(store, &config, None),
        };
        rig.cmd(C::CustomersList);
        assert_eq!(rig.state.screen, Screen::List);
        rig
    }

    fn act(&mut self, a: Action) {
        let fx = update(&mut self.state, a);
        settle(&mut self.state, &mut self.runner, fx);
    }

    fn cmd(&mut self, c: C) {
        self.act(Action::Cmd(c));
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.act(Action::Char(c));
        }
    }

    /// Empties the focused form field, then types `text` into it.
    fn field(&mut self, text: &str) {
        self.cmd(C::End);
        for _ in 0..40 {
            self.cmd(C::Backspace);
        }
        self.typ(text);
    }

    fn audits(&self, entity: &str) -> Vec<String> {
        let conn = self.runner.store().conn();
        let mut stmt = conn
            .prepare("SELECT action FROM audit_log WHERE entity = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map([entity], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// What the F5 item search finds for `text`, by name.
    fn f5(&mut self, text: &str) -> Vec<String> {
        match self.runner.run(Effect::SearchProducts(text.into())).pop() {
            Some(Action::ProductsFound(found)) => found.into_iter().map(|p| p.name).collect(),
            other => panic!("{other:?}"),
        }
    }

    fn product(&self, code: &str) -> (i64, String, bool) {
        self.runner
            .store()
            .conn()
            .query_row(
                "SELECT price_cents, tax_rate, active FROM product WHERE code = ?1",
                [code],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    }
}

#[test]
fn a_locked_role_asks_for_the_pin_and_the_service_refuses_a_cashiers_product_or_group() {
    let mut r = Rig::new();
    r.state.lock();
    r.cmd(C::Catalogue);
    assert_eq!(r.state.screen, Screen::List, "not opened without the PIN");
    assert!(matches!(
        &r.state.popup,
        Some(Popup::Pin {
            op: ManagerOp::Catalog(CatalogOp::Open),
            ..
        })
    ));
    r.cmd(C::Back);
    r.cmd(C::Groups);
    assert!(matches!(
        &r.state.popup,
        Some(Popup::Pin {
            op: ManagerOp::Groups(GroupOp::Open),
            ..
        })
    ));
    // A write sent without the manager's word is the cashier's: refused, nothing stored.
    let draft = ProductDraft {
        code: "CAFE-01".into(),
        name: "Café".into(),
        price: Money::from_cents(250),
        tax_rate: Percent::parse("5.5").unwrap(),
        category: None,
        cost: None,
    };
    let out = r.runner.run(Effect::SaveProduct {
        original: None,
        product: Box::new(draft),
    });
    assert!(matches!(out.as_slice(), [Action::Failed(_)]), "{out:?}");
    let out = r.runner.run(Effect::DeleteGroup {
        name: "VIP".into(),
        to: Some(MoveTo::NoGroup),
    });
    assert!(matches!(out.as_slice(), [Action::Failed(_)]), "{out:?}");
    assert!(r.audits("product").is_empty() && !r.audits("group").is_empty());
    assert_eq!(r.audits("group"), ["group.create"; 3], "only the demo's");
}

#[test]
fn a_manager_adds_changes_archives_and_restores_a_product_and_f5_follows() {
    let mut r = Rig::new();
    r.cmd(C::Catalogue);
    assert_eq!(r.state.screen, Screen::Catalog);
    assert!(!r.state.catalog.rows.is_empty(), "the demo's products");
    r.cmd(C::Add);
    // Code, name, price, VAT (prefilled 20), category, cost: a mistyped barcode first.
    r.typ("3017620422004");
    r.cmd(C::NextField);
    r.typ("Pâte à tartiner");
    r.cmd(C::NextField);
    r.typ("4,95");
    r.cmd(C::Save);
    let f = r.state.catalog.form.as_ref().unwrap();
    assert_eq!(
        f.errors
            .iter()
            .map(|e| e.field.as_str())
            .collect::<Vec<_>>(),
        ["product.code"]
    );
    assert_eq!(f.focus, 0, "the focus goes to the field to correct");
    r.field("3017620422003");
    r.cmd(C::NextField);
    r.cmd(C::NextField);
    r.cmd(C::NextField);
    // F2 steps through the shop's rates: 20 -> 10 -> 5.5.
    r.cmd(C::Toggle);
    r.cmd(C::Toggle);
    r.cmd(C::NextField);
    r.typ("Épicerie");
    r.cmd(C::Save);
    assert!(r.state.catalog.form.is_none(), "{:?}", r.state.status);
    assert!(matches!(
        &r.state.status.message,
        Some((Msg::ProductSaved { created: true, .. }, _))
    ));
    assert_eq!(r.product("3017620422003"), (495, "5.5".into(), true));
    let c = &r.state.catalog;
    assert_eq!(
        c.rows[c.selected].product.code, "3017620422003",
        "the product saved is selected in the list read again"
    );
    assert_eq!(r.f5("pate tartin"), ["Pâte à tartiner"]);

    // Found by the screen's search, changed: the price typed with a comma.
    r.typ("tartiner");
    assert_eq!(r.state.catalog.rows.len(), 1);
    r.cmd(C::Edit);
    r.cmd(C::NextField);
    r.cmd(C::NextField);
    r.field("5,20");
    r.cmd(C::Save);
    assert_eq!(r.product("3017620422003").0, 520);
    assert_eq!(
        r.state.catalog.rows[0].product.price,
        Money::from_cents(520)
    );

    // Archived: out of F5, still listed here (marked), then back.
    r.cmd(C::Archive);
    assert!(!r.product("3017620422003").2);
    assert!(!r.state.catalog.rows[0].active);
    assert!(r.f5("pate tartin").is_empty());
    r.cmd(C::Archive);
    assert!(r.product("3017620422003").2);
    assert_eq!(r.f5("pate tartin"), ["Pâte à tartiner"]);
    assert_eq!(
        r.audits("product"),
        [
            "product.create",
            "product.edit",
            "product.archive",
            "product.restore"
        ]
    );
}

#[test]
fn a_rate_the_shop_does_not_have_is_refused_on_its_field_and_nothing_is_written() {
    let mut r = Rig::new();
    r.cmd(C::Catalogue);
    r.cmd(C::Add);
    r.typ("TEA-1");
    r.cmd(C::NextField);
    r.typ("Thé vert");
    r.cmd(C::NextField);
    r.typ("3.10");
    r.cmd(C::NextField);
    r.field("7");
    r.cmd(C::Save);
    let f = r.state.catalog.form.as_ref().unwrap();
    assert_eq!(f.errors.len(), 1);
    assert_eq!(f.errors[0].field, "product.tax_rate");
    assert_eq!(
        f.value(crate::app::form::FieldKey::ProductName),
        Some("Thé vert")
    );
    assert!(r.audits("product").is_empty());
}

#[test]
fn deleting_a_group_in_use_asks_where_its_customers_go_and_moves_them() {
    let mut r = Rig::new();
    r.cmd(C::Groups);
    assert_eq!(r.state.screen, Screen::Groups);
    let names: Vec<String> = r
        .state
        .groups
        .rows
        .iter()
        .map(|g| g.group.name.clone())
        .collect();
    assert_eq!(names, ["Staff", "Trade", "VIP"]);
    // A group added and renamed from its form.
    r.cmd(C::Add);
    r.typ("Pros");
    r.cmd(C::NextField);
    r.field("7,5");
    r.cmd(C::Save);
    assert!(r.state.groups.form.is_none(), "{:?}", r.state.status);
    let pros = r
        .state
        .groups
        .rows
        .iter()
        .position(|g| g.group.name == "Pros");
    assert_eq!(pros, Some(0));
    assert_eq!(
        r.state.groups.rows[0].group.discount,
        Percent::parse("7.5").unwrap()
    );

    // The demo's VIP group has members: the question offers no group or another one.
    let vip = r
        .state
        .groups
        .rows
        .iter()
        .position(|g| g.group.name == "VIP");
    let vip = vip.unwrap();
    let members = r.state.groups.rows[vip].customers;
    assert!(members > 0, "the demo puts customers in VIP");
    for _ in 0..vip {
        r.cmd(C::Down);
    }
    r.cmd(C::Remove);
    let Some(Popup::DeleteGroup(d)) = &r.state.popup else {
        panic!("{:?}", r.state.popup);
    };
    assert_eq!(d.choices.first(), Some(&MoveTo::NoGroup));
    assert!(!d.choices.contains(&MoveTo::Group("VIP".into())));
    let to_pros = d
        .choices
        .iter()
        .position(|c| *c == MoveTo::Group("Pros".into()))
        .unwrap();
    for _ in 0..to_pros {
        r.cmd(C::Down);
    }
    r.cmd(C::Confirm);
    assert!(r.state.popup.is_none());
    assert!(matches!(
        &r.state.status.message,
        Some((Msg::GroupDeleted { moved, .. }, _)) if *moved as i64 == members
    ));
    let rows = &r.state.groups.rows;
    assert!(rows.iter().all(|g| g.group.name != "VIP"));
    let pros = rows.iter().find(|g| g.group.name == "Pros").unwrap();
    assert_eq!(pros.customers, members, "the members moved to Pros");
    let in_pros: i64 = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM customer c JOIN customer_group g ON g.id = c.group_id
             WHERE g.name = 'Pros'",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(in_pros, members);
    assert_eq!(
        r.audits("group"),
        [
            "group.create",
            "group.create",
            "group.create",
            "group.create",
            "group.delete"
        ]
    );
}

#[test]
fn a_code_already_taken_is_refused_by_the_service_and_the_form_stays_as_typed() {
    let mut r = Rig::new();
    let taken: String = r
        .runner
        .store()
        .conn()
        .query_row("SELECT code FROM product LIMIT 1", [], |x| x.get(0))
        .unwrap();
    r.cmd(C::Catalogue);
    r.cmd(C::Add);
    r.typ(&taken);
    r.cmd(C::NextField);
    r.typ("Doublon");
    r.cmd(C::NextField);
    r.typ("1");
    r.cmd(C::Save);
    let f = r.state.catalog.form.as_ref().expect("the form stays");
    assert!(!f.saving);
    assert_eq!(
        f.value(crate::app::form::FieldKey::ProductName),
        Some("Doublon")
    );
    assert!(matches!(
        &r.state.status.message,
        Some((Msg::Error(e), _)) if e.contains(&taken)
    ));
    assert!(r.audits("product").is_empty());
}
