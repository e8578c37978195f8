//! The managers' products and groups screens at 80x24 in the four languages: the lists,
//! each form with an error on every field (every label still shown), and the question
//! asked before deleting a group that has customers. States are reached through
//! `update`, as a manager would reach them.

use super::{act, cmd, text, typ};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{CatalogOp, GroupOp, Lang, ManagerOp, State};
use crate::keys::Command as C;

fn manager(lang: Lang) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.unlock();
    s
}

/// The products screen with its rows.
pub(super) fn products(lang: Lang) -> State {
    let mut s = manager(lang);
    act(&mut s, Action::Manager(ManagerOp::Catalog(CatalogOp::Open)));
    let seq = s.catalog.asked;
    act(
        &mut s,
        Action::CatalogLoaded {
            seq,
            rows: fx::product_rows(),
        },
    );
    s
}

/// The product form saved with a wrong value in every field.
pub(super) fn product_errors(lang: Lang) -> State {
    let mut s = products(lang);
    cmd(&mut s, C::Add);
    for value in ["3017620422004", "", "abc", "7", &"Rayon ".repeat(11), "-1"] {
        if value == "7" {
            for _ in 0..4 {
                cmd(&mut s, C::Backspace);
            }
        }
        typ(&mut s, value);
        cmd(&mut s, C::NextField);
    }
    cmd(&mut s, C::Save);
    s
}

/// The groups screen with its rows.
pub(super) fn groups(lang: Lang) -> State {
    let mut s = manager(lang);
    act(&mut s, Action::Manager(ManagerOp::Groups(GroupOp::Open)));
    act(&mut s, Action::GroupsLoaded(fx::group_rows()));
    s
}

/// The group form saved with no name and a discount over 100.
pub(super) fn group_errors(lang: Lang) -> State {
    let mut s = groups(lang);
    cmd(&mut s, C::Add);
    cmd(&mut s, C::NextField);
    cmd(&mut s, C::Backspace);
    typ(&mut s, "150");
    cmd(&mut s, C::Save);
    s
}

/// The delete question for VIP (37 customers): where they go.
pub(super) fn group_delete(lang: Lang) -> State {
    let mut s = groups(lang);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Remove);
    cmd(&mut s, C::Down);
    s
}

/// VIP's price list (two special prices), a third being typed.
pub(super) fn group_prices(lang: Lang) -> State {
    use crate::app::action::PricesDone;
    use crate::app::state::GroupPriceRow;
    use crate::domain::money::Money;
    let mut s = groups(lang);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Prices);
    let p = fx::products();
    let rows = p
        .iter()
        .take(2)
        .map(|x| GroupPriceRow {
            code: x.code.clone(),
            name: x.name.clone(),
            shelf: x.price,
            price: Money::from_cents(x.price.cents() * 9 / 10),
        })
        .collect();
    let group = "VIP".to_string();
    act(
        &mut s,
        Action::GroupPrices(PricesDone::Loaded { group, rows }),
    );
    cmd(&mut s, C::Add);
    typ(&mut s, &p[2].code);
    cmd(&mut s, C::Confirm);
    typ(&mut s, "19,90");
    s
}

#[test]
fn products_and_groups_screens_in_every_language() {
    for lang in Lang::ALL {
        let code = lang.code();
        let snap = |name: &str, s: &State| {
            insta::assert_snapshot!(format!("{name}_{code}_80x24"), text(s, 80, 24));
        };
        snap("catalog_list", &products(lang));
        snap("catalog_form_errors", &product_errors(lang));
        snap("groups_list", &groups(lang));
        snap("groups_form_errors", &group_errors(lang));
        snap("groups_delete", &group_delete(lang));
        snap("groups_prices", &group_prices(lang));
    }
}

#[test]
fn every_field_of_both_forms_keeps_its_label_and_shows_its_error() {
    for lang in Lang::ALL {
        let t = crate::ui::strings::tr(lang);
        let s = product_errors(lang);
        let form = s.catalog.form.as_ref().unwrap();
        assert_eq!(form.errors.len(), 6, "{lang:?}: {:?}", form.errors);
        let screen = text(&s, 80, 24);
        for (k, _) in &form.fields {
            assert!(screen.contains(t.field(*k)), "{lang:?} {k:?}:\n{screen}");
            let e = form.errors_for(*k).next();
            assert!(e.is_some(), "{lang:?} {k:?} has no error");
        }
        let s = group_errors(lang);
        let form = s.groups.form.as_ref().unwrap();
        assert_eq!(form.errors.len(), 2, "{lang:?}: {:?}", form.errors);
        let screen = text(&s, 80, 24);
        for (k, _) in &form.fields {
            assert!(screen.contains(t.field(*k)), "{lang:?} {k:?}:\n{screen}");
        }
    }
}

#[test]
fn stored_text_is_sanitised_on_both_screens() {
    let mut s = manager(Lang::En);
    act(&mut s, Action::Manager(ManagerOp::Catalog(CatalogOp::Open)));
    let mut rows = fx::product_rows();
    rows[0].product.name = "Evil\u{1b}[2J name".into();
    rows[0].product.category = Some("Shelf\u{7}".into());
    let seq = s.catalog.asked;
    act(&mut s, Action::CatalogLoaded { seq, rows });
    let screen = text(&s, 80, 24);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "{screen}"
    );
    let mut g = groups(Lang::En);
    let mut rows = fx::group_rows();
    rows[0].group.name = "Bad\u{1b}]0;x\u{7}".into();
    act(&mut g, Action::GroupsLoaded(rows));
    let screen = text(&g, 80, 24);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "{screen}"
    );
}

#[test]
fn the_help_lists_the_products_and_groups_keys() {
    let mut s = products(Lang::En);
    cmd(&mut s, C::Help);
    insta::assert_snapshot!("catalog_help_en_80x24", text(&s, 80, 24));
    let mut g = groups(Lang::Fr);
    cmd(&mut g, C::Help);
    insta::assert_snapshot!("groups_help_fr_80x24", text(&g, 80, 24));
}

#[test]
fn a_list_at_the_cap_says_there_may_be_more() {
    let mut s = manager(Lang::En);
    act(&mut s, Action::Manager(ManagerOp::Catalog(CatalogOp::Open)));
    let one = fx::product_rows().remove(0);
    let rows = vec![one; crate::app::state::CATALOG_ROWS];
    let seq = s.catalog.asked;
    act(&mut s, Action::CatalogLoaded { seq, rows });
    assert!(text(&s, 80, 24).contains("Products (500+)"));
}
