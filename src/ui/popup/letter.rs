//! The Contact tab's message popup: by e-mail, the address in the title, the subject and
//! the text; by SMS, the phone in the title, the text and its length as the network
//! counts it (characters, messages, Unicode or not); in both, the field with the focus
//! marked (so it shows without colour), the marketing choice with the consent of that
//! channel it rests on, the keys (the SMS key only when both channels can go), and what
//! is missing when Send found it empty.
//!
//! Invariant: everything shown from the customer (the address, the phone) is sanitised;
//! the typed text is drawn through `field_line`, which sanitises too; the keys are
//! wrapped to the popup's width, never cut.

use chrono::{NaiveDate, TimeZone, Utc};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::widgets::{field_line, marked};
use crate::app::state::{Compose, State};
use crate::app::view::{Channel, SMS_MAX};
use crate::domain::sms::measure;
use crate::domain::validate::phone_national;
use crate::keys::{self, Command, Scope};
use crate::sanitize::clean;

/// The width of the popup's inside (72 columns, less its borders).
const INNER: usize = 70;

/// "E-mail to ADDRESS", "SMS to PHONE".
pub(super) fn title(s: &State, c: &Compose) -> String {
    let l = s.tr().lang;
    match c.channel {
        Channel::Email => {
            let to = l.pick("E-mail to", "E-mail à", "E-mail aan", "E-Mail an");
            format!("{to} {}", clean(c.to()))
        }
        Channel::Sms => {
            let to = l.pick("SMS to", "SMS au", "Sms naar", "SMS an");
            format!("{to} {}", clean(&phone_national(c.to())))
        }
    }
}

/// The popup's rows.
pub(super) fn lines<'a>(s: &State, c: &Compose) -> Vec<Line<'a>> {
    let l = s.tr().lang;
    let th = s.theme();
    let sms = c.channel == Channel::Sms;
    let subject = l.pick("Subject", "Objet", "Onderwerp", "Betreff");
    let text = l.pick("Message", "Message", "Bericht", "Nachricht");
    // The labels' column: the longer label, its focus mark and a space (at least 10).
    let width = subject.chars().count().max(text.chars().count()) + 2;
    let width = width.max(10);
    let label = |focused: bool, name: &str| {
        Span::styled(format!("{:<width$}", marked(focused, name)), th.label())
    };
    let field = |name: &str, focused: bool, input| {
        let mut spans = vec![label(focused, name)];
        let value: Line = field_line(input, focused, Style::default());
        spans.extend(value.spans);
        Line::from(spans)
    };
    let mut v = Vec::new();
    if sms {
        v.push(field(text, true, &c.body));
        v.push(Line::from(""));
        let (counter, over) = counter(s, c.body.text());
        let style = if over { th.warn() } else { th.dim() };
        v.push(Line::from(Span::styled(counter, style)));
    } else {
        v.push(field(subject, !c.on_body, &c.subject));
        v.push(Line::from(""));
        v.push(field(text, c.on_body, &c.body));
    }
    v.push(Line::from(""));
    v.push(Line::from(marketing(s, c)));
    v.push(Line::from(""));
    if c.incomplete {
        let missing = if sms {
            l.pick(
                "! Write a message first.",
                "! Écrivez d'abord un message.",
                "! Schrijf eerst een bericht.",
                "! Zuerst eine Nachricht schreiben.",
            )
        } else {
            l.pick(
                "! Write a subject and a message first.",
                "! Écrivez d'abord un objet et un message.",
                "! Schrijf eerst een onderwerp en een bericht.",
                "! Zuerst Betreff und Nachricht schreiben.",
            )
        };
        v.push(Line::from(Span::styled(missing, th.warn())));
    }
    for row in key_rows(s, c) {
        v.push(Line::from(Span::styled(row, th.dim())));
    }
    v
}

/// "42 characters, 1 SMS" (and "Unicode: 70 per SMS" when the text needs it), and
/// whether the text is longer than an SMS may be.
fn counter(s: &State, text: &str) -> (String, bool) {
    let l = s.tr().lang;
    let n = measure(text.trim());
    let (chars, parts) = (n.chars, n.parts);
    let mut out = l.pick(
        format!("{chars} characters, {parts} SMS"),
        format!("{chars} caractères, {parts} SMS"),
        format!("{chars} tekens, {parts} sms"),
        format!("{chars} Zeichen, {parts} SMS"),
    );
    if n.unicode {
        out.push_str(l.pick(
            " (Unicode: 70 per SMS)",
            " (Unicode : 70 par SMS)",
            " (Unicode: 70 per sms)",
            " (Unicode: 70 je SMS)",
        ));
    }
    let over = chars > SMS_MAX;
    if over {
        out.push_str(&l.pick(
            format!(" ! at most {SMS_MAX}"),
            format!(" ! {SMS_MAX} au plus"),
            format!(" ! hoogstens {SMS_MAX}"),
            format!(" ! höchstens {SMS_MAX}"),
        ));
    }
    (out, over)
}

/// The keys, each with what it does, wrapped to the popup's width.
fn key_rows(s: &State, c: &Compose) -> Vec<String> {
    let l = s.tr().lang;
    let key = |cmd: Command| keys::key_label(&s.settings.keymap, Scope::Popup, cmd);
    let colon = l.pick(": ", " : ", ": ", ": ");
    let mut items: Vec<String> = Vec::new();
    if c.channel == Channel::Email {
        items.push(format!(
            "{}{colon}{}",
            l.pick("Up/Down", "Haut/Bas", "Op/Neer", "Auf/Ab"),
            l.pick("field", "champ", "veld", "Feld")
        ));
    }
    if let Some(k) = key(Command::Toggle) {
        let what = l.pick("marketing", "commercial", "reclame", "Werbung");
        items.push(format!("{k}{colon}{what}"));
    }
    if let Some(k) = key(Command::Sms).filter(|_| c.can_switch()) {
        let other = match c.channel {
            Channel::Email => "SMS",
            Channel::Sms => l.pick("e-mail", "e-mail", "e-mail", "E-Mail"),
        };
        items.push(format!("{k}{colon}{other}"));
    }
    items.push(format!(
        "{}{colon}{}",
        l.pick("Enter", "Entrée", "Enter", "Enter"),
        l.pick("send", "envoyer", "versturen", "senden")
    ));
    items.push(format!(
        "{}{colon}{}",
        l.pick("Esc", "Échap", "Esc", "Esc"),
        l.pick("cancel", "annuler", "annuleren", "abbrechen")
    ));
    let mut rows: Vec<String> = Vec::new();
    for item in items {
        match rows.last_mut() {
            Some(row) if row.chars().count() + 2 + item.chars().count() <= INNER => {
                row.push_str("  ");
                row.push_str(&item);
            }
            _ => rows.push(item),
        }
    }
    rows
}

/// "[x] Marketing (consent given on 02/01/2026)", or why it cannot be ticked.
fn marketing(s: &State, c: &Compose) -> String {
    let l = s.tr().lang;
    let tick = if c.marketing { "[x]" } else { "[ ]" };
    let name = l.pick("Marketing", "Commercial", "Reclame", "Werbung");
    match c.consent() {
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
