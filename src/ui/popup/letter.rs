//! The Contact tab's e-mail popup: the address in the title, the subject and the text
//! (the field with the focus marked, so it shows without colour), the marketing choice
//! with the consent it rests on, the keys, and what is missing when Send found it empty.
//!
//! Invariant: everything shown from the customer (the address) is sanitised; the typed
//! text is drawn through `field_line`, which sanitises too.

use chrono::{NaiveDate, TimeZone, Utc};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::widgets::{field_line, marked};
use crate::app::state::{Compose, State};
use crate::sanitize::clean;

/// "E-mail to ADDRESS".
pub(super) fn title(s: &State, c: &Compose) -> String {
    let to = s
        .tr()
        .lang
        .pick("E-mail to", "E-mail à", "E-mail aan", "E-Mail an");
    format!("{to} {}", clean(&c.to))
}

/// The popup's rows.
pub(super) fn lines<'a>(s: &State, c: &Compose) -> Vec<Line<'a>> {
    let l = s.tr().lang;
    let th = s.theme();
    let subject = l.pick("Subject", "Objet", "Onderwerp", "Betreff");
    let text = l.pick("Message", "Message", "Bericht", "Nachricht");
    let label = |focused: bool, name: &str| {
        Span::styled(format!("{:<10}", marked(focused, name)), th.label())
    };
    let field = |name: &str, focused: bool, input| {
        let mut spans = vec![label(focused, name)];
        let value: Line = field_line(input, focused, Style::default());
        spans.extend(value.spans);
        Line::from(spans)
    };
    let mut v = vec![
        field(subject, !c.on_body, &c.subject),
        Line::from(""),
        field(text, c.on_body, &c.body),
        Line::from(""),
        Line::from(marketing(s, c)),
        Line::from(""),
    ];
    if c.incomplete {
        v.push(Line::from(Span::styled(
            l.pick(
                "! Write a subject and a message first.",
                "! Écrivez d'abord un objet et un message.",
                "! Schrijf eerst een onderwerp en een bericht.",
                "! Zuerst Betreff und Nachricht schreiben.",
            ),
            th.warn(),
        )));
    }
    v.push(Line::from(Span::styled(
        l.pick(
            "Up/Down: field  F2: marketing  Enter: send  Esc: cancel",
            "Haut/Bas : champ  F2 : commercial  Entrée : envoyer  Échap : annuler",
            "Op/Neer: veld  F2: reclame  Enter: versturen  Esc: annuleren",
            "Auf/Ab: Feld  F2: Werbung  Enter: senden  Esc: abbrechen",
        ),
        th.dim(),
    )));
    v
}

/// "[x] Marketing (consent given on 02/01/2026)", or why it cannot be ticked.
fn marketing(s: &State, c: &Compose) -> String {
    let l = s.tr().lang;
    let tick = if c.marketing { "[x]" } else { "[ ]" };
    let name = l.pick("Marketing", "Commercial", "Reclame", "Werbung");
    match c.consent {
        Some(since) => {
            let given = l.pick(
                "consent given",
                "accord donné",
                "toestemming gegeven",
                "Einwilligung erteilt",
            );
            let when = since
                .map(|d| format!(" {}", date(s, d)))
                .unwrap_or_default();
            format!("{tick} {name} ({given}{when})")
        }
        None => format!(
            "{tick} {name} ({})",
            l.pick(
                "no consent: a personal message only",
                "pas d'accord : message personnel seulement",
                "geen toestemming: alleen een persoonlijk bericht",
                "keine Einwilligung: nur eine persönliche Nachricht",
            )
        ),
    }
}

fn date(s: &State, d: NaiveDate) -> String {
    let noon = d.and_hms_opt(12, 0, 0).map(|t| Utc.from_utc_datetime(&t));
    noon.map(|t| s.tr().date(t, 0)).unwrap_or_default()
}
