//! The four languages on screen: every footer at 80 columns shows each key's label whole
//! (issue 17) in every language, and snapshots of the main screens in Dutch and German at
//! 80x24 (sale, picker, card, help overlay, payment popup, setup).

use super::{act, cmd, setup_typed, text, ticket, typ};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{Lang, State, Tab};
use crate::keys::{self, Command as C};
use crate::ui::widgets::{footer_commands, footer_lines, FOOTER_MAX_LINES};

fn state(lang: Lang) -> State {
    State::new(fx::settings(lang), fx::now())
}

fn with_ticket(lang: Lang) -> State {
    let mut s = state(lang);
    ticket(&mut s);
    s
}

fn picker(lang: Lang) -> State {
    let mut s = state(lang);
    cmd(&mut s, C::Customer);
    typ(&mut s, "dup");
    let rows = vec![
        fx::row(&fx::customer(1, "Mélanie", "Dupont")),
        fx::row(&fx::customer(2, "Jean-Pierre", "Dupuis")),
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
    s
}

fn card(lang: Lang, tab: Tab) -> State {
    let mut s = state(lang);
    let c = fx::customer(1, "Mélanie", "Dupont");
    act(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    while s.card.as_ref().map(|c| c.tab) != Some(tab) {
        cmd(&mut s, C::NextTab);
    }
    s
}

/// Every screen and popup whose footer a cashier reads, in `lang`.
fn screens(lang: Lang) -> Vec<(String, State)> {
    let mut out = vec![("sale empty".to_string(), state(lang))];
    let mut s = with_ticket(lang);
    out.push(("sale".into(), s.clone()));
    s.unlock();
    out.push(("sale manager".into(), s.clone()));
    cmd(&mut s, C::PayCash);
    out.push(("payment".into(), s.clone()));
    let mut s = with_ticket(lang);
    cmd(&mut s, C::Help);
    out.push(("help".into(), s));
    let mut s = with_ticket(lang);
    cmd(&mut s, C::Quantity);
    out.push(("quantity".into(), s));
    let mut s = with_ticket(lang);
    cmd(&mut s, C::TopUp);
    out.push(("top-up".into(), s));
    let mut s = picker(lang);
    out.push(("picker".into(), s.clone()));
    cmd(&mut s, C::ToggleAdvanced);
    out.push(("picker advanced".into(), s.clone()));
    cmd(&mut s, C::NewCustomer);
    out.push(("new customer".into(), s));
    for tab in Tab::ALL {
        out.push((format!("card {tab:?}"), card(lang, tab)));
    }
    let mut s = state(lang);
    s.unlock();
    cmd(&mut s, C::CustomersList);
    out.push(("list".into(), s));
    out.push(("setup".into(), setup_typed(lang)));
    out.push(("products".into(), super::catalog::products(lang)));
    out.push(("product form".into(), super::catalog::product_errors(lang)));
    out.push(("groups".into(), super::catalog::groups(lang)));
    out.push(("group form".into(), super::catalog::group_errors(lang)));
    out.push(("group delete".into(), super::catalog::group_delete(lang)));
    out.push(("payment sms".into(), super::sms::pay_both(lang)));
    out.push(("compose sms".into(), super::sms::compose_sms(lang)));
    for kind in crate::store::reports::ReportKind::ALL {
        let s = super::reports::tab(lang, kind, false);
        out.push((format!("reports {}", kind.name()), s));
    }
    out.push((
        "reports z counting".into(),
        super::reports::z_counting(lang),
    ));
    let s = super::settings::settings(lang);
    out.push(("settings".into(), s.clone()));
    let mut loading = s;
    if let Some(f) = loading.settings_form.as_mut() {
        f.stage = crate::app::settings::SettingsStage::Loading;
    }
    out.push(("settings loading".into(), loading));
    out.push(("outbox".into(), super::outbox::outbox(lang, false)));
    out.push(("outbox details".into(), super::outbox::details(lang, false)));
    out.push(("outbox loading".into(), super::outbox::opened(lang, false)));
    out
}

#[test]
fn every_footer_shows_each_label_whole_at_80_columns_in_every_language() {
    let mut bad = Vec::new();
    for lang in Lang::ALL {
        for (name, s) in screens(lang) {
            let lines: Vec<String> = footer_lines(&s, 80)
                .iter()
                .map(|l| l.spans.iter().map(|sp| sp.content.as_ref()).collect())
                .collect();
            if lines.len() > FOOTER_MAX_LINES || lines.iter().any(|l| l.chars().count() > 80) {
                bad.push(format!("{lang:?} {name}: too wide {lines:?}"));
            }
            // On the screen too: the footer is drawn, not only laid out.
            let screen = text(&s, 80, 24);
            let (scope, commands) = footer_commands(&s);
            for c in commands {
                let Some(key) = keys::key_label(&s.settings.keymap, scope, c) else {
                    continue;
                };
                let item = format!("{key} {}", s.tr().command(c));
                let whole = lines
                    .iter()
                    .any(|l| l.split("  ").any(|part| part.trim() == item));
                if !whole || !screen.contains(&item) {
                    bad.push(format!("{lang:?} {name}: `{item}` cut in {lines:?}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn main_screens_in_dutch_and_german() {
    for lang in [Lang::Nl, Lang::De] {
        let code = lang.code();
        let snap = |name: &str, s: &State| {
            insta::assert_snapshot!(format!("{name}_{code}_80x24"), text(s, 80, 24));
        };
        let s = with_ticket(lang);
        snap("sale", &s);
        let mut pay = s.clone();
        cmd(&mut pay, C::PayCash);
        typ(&mut pay, "50");
        snap("popup_pay", &pay);
        let mut help = s;
        cmd(&mut help, C::Help);
        snap("help_sale", &help);
        snap("picker", &picker(lang));
        snap("card_info", &card(lang, Tab::Info));
        snap("card_history", &card(lang, Tab::History));
        snap("card_loyalty", &card(lang, Tab::Loyalty));
        snap("setup", &setup_typed(lang));
        snap("card_delete", &card(lang, Tab::Delete));
        snap("card_marketing", &card(lang, Tab::Marketing));
        snap("card_merge", &card(lang, Tab::Merge));
        snap("card_notes", &card(lang, Tab::Notes));
        // A form with errors: label, value and error each keep their row.
        let mut form = state(lang);
        cmd(&mut form, C::Customer);
        typ(&mut form, "Martin");
        cmd(&mut form, C::NewCustomer);
        for _ in 0..3 {
            cmd(&mut form, C::NextField);
        }
        typ(&mut form, "06 12");
        cmd(&mut form, C::Save);
        snap("form_new_customer_errors", &form);
        // The customers list and the parked tickets.
        let mut list = state(lang);
        list.unlock();
        cmd(&mut list, C::CustomersList);
        let rows: Vec<_> = (1..=30)
            .map(|n| fx::row(&fx::customer(n, &format!("Client{n}"), "Durand")))
            .collect();
        act(&mut list, Action::ListPage { offset: 0, rows });
        snap("list", &list);
        let mut parked = with_ticket(lang);
        cmd(&mut parked, C::Park);
        act(&mut parked, Action::Parked { lines: 3 });
        snap("sale_parked", &parked);
        act(&mut parked, Action::ParkedLoaded(fx::parked_rows()));
        snap("popup_parked", &parked);
    }
}

#[test]
fn amounts_and_dates_are_local_on_the_dutch_and_german_screens() {
    let nl = text(&with_ticket(Lang::Nl), 80, 24);
    assert!(nl.contains("TOTAAL") && nl.contains("€ 32,40"), "{nl}");
    let de = text(&with_ticket(Lang::De), 80, 24);
    assert!(de.contains("SUMME") && de.contains("32,40 €"), "{de}");
}

#[test]
fn the_merge_tabs_heading_is_whole_at_80_columns_in_every_language() {
    for lang in Lang::ALL {
        let mut s = card(lang, Tab::Merge);
        let dup = fx::customer(2, "Melanie", "Dupond");
        act(&mut s, Action::Duplicates(vec![fx::row(&dup)]));
        let screen = text(&s, 80, 24);
        let heading = crate::ui::strings::tr(lang).duplicates;
        assert!(
            screen.contains(heading),
            "{lang:?}: `{heading}` cut in\n{screen}"
        );
    }
}
