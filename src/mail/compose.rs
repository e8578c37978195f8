//! A message as it leaves: the receipt of a stored sale rendered as text (the receipt
//! renderer's, as a text printer gets it) and as HTML (the same text, escaped, in a
//! `<pre>`), with a subject and a greeting in the shop's language; or a composed
//! message's stored subject and bodies. From the shop (its name, `[email] from`).
//!
//! Invariants: every text that came from the store is escaped before it goes into the
//! HTML part, and control characters are taken out of the subject; an address that
//! does not parse is a [`SendError::Address`] (the message fails, nothing crashes); the
//! Message-ID is made from the outbox row, so a message sent twice (a sender that died
//! between the server's answer and the mark) carries the same id and can be recognised.

use lettre::message::{header, Mailbox, MultiPart};
use lettre::{Address, Message};

use super::SendError;
use crate::config::{Config, EmailSettings};
use crate::lang::Lang;
use crate::receipt;
use crate::store::messages::{self, Composed, Kind};
use crate::store::{sales, StoreError};

/// Subject, text and HTML of message `m`, rebuilt now.
pub fn content(
    conn: &rusqlite::Connection,
    config: &Config,
    m: &messages::Message,
    utc_offset_secs: i32,
) -> Result<Composed, SendError> {
    match (m.kind, m.sale) {
        (Kind::Receipt, Some(id)) => {
            let sale = sales::get(conn, id)
                .map_err(unreadable)?
                .ok_or_else(|| SendError::Build(format!("sale {id} is not in the database")))?;
            let ctx =
                crate::spool::context(conn, config, &sale, config.receipt_width, utc_offset_secs)
                    .map_err(unreadable)?;
            let text = receipt::render(&sale, &ctx);
            Ok(receipt_message(config, &sale.number, &text))
        }
        (Kind::Receipt, None) => Err(SendError::Build("a receipt without its sale".into())),
        (Kind::Contact, _) => messages::bodies(conn, m.id)
            .map_err(unreadable)?
            .ok_or_else(|| SendError::Build(format!("message {} has no body", m.id))),
    }
}

fn unreadable(e: StoreError) -> SendError {
    SendError::Build(e.to_string())
}

/// A receipt's subject and parts, in the shop's language.
pub fn receipt_message(config: &Config, ticket: &str, text: &str) -> Composed {
    let lang = config.shop.lang;
    let shop = crate::sanitize::clean(&config.shop.name).into_owned();
    let subject = lang.pick(
        format!("Your receipt {ticket} from {shop}"),
        format!("Votre ticket {ticket} de {shop}"),
        format!("Uw kassabon {ticket} van {shop}"),
        format!("Ihr Kassenbon {ticket} von {shop}"),
    );
    let hello = lang.pick(
        "Thank you for your visit. Here is your receipt.",
        "Merci de votre visite. Voici votre ticket de caisse.",
        "Bedankt voor uw bezoek. Hier is uw kassabon.",
        "Vielen Dank für Ihren Besuch. Hier ist Ihr Kassenbon.",
    );
    let body = text.trim_end();
    Composed {
        text: format!("{hello}\n\n{body}\n"),
        html: Some(format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n\
             <body><p>{}</p>\n<pre style=\"font-family: monospace\">{}</pre></body></html>\n",
            lang_tag(lang),
            escape(&subject),
            escape(hello),
            escape(body)
        )),
        subject,
    }
}

fn lang_tag(lang: Lang) -> &'static str {
    lang.pick("en", "fr", "nl", "de")
}

/// Text made safe for HTML (element content and quoted attributes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The e-mail of outbox row `id` to `recipient`: from the shop, both parts.
pub fn email(
    settings: &EmailSettings,
    shop: &str,
    id: i64,
    recipient: &str,
    c: &Composed,
) -> Result<Message, SendError> {
    let to: Address = recipient
        .trim()
        .parse()
        .map_err(|e| SendError::Address(format!("recipient `{}`: {e}", clip(recipient))))?;
    let from: Address = settings
        .from
        .parse()
        .map_err(|e| SendError::Address(format!("[email] from `{}`: {e}", settings.from)))?;
    let name = crate::sanitize::clean(shop).into_owned();
    let domain = from.domain().to_string();
    let subject: String = crate::sanitize::clean(&c.subject)
        .into_owned()
        .chars()
        .take(200)
        .collect();
    let parts = match &c.html {
        Some(html) => MultiPart::alternative_plain_html(c.text.clone(), html.clone()),
        None => MultiPart::mixed().singlepart(
            lettre::message::SinglePart::builder()
                .header(header::ContentType::TEXT_PLAIN)
                .body(c.text.clone()),
        ),
    };
    Message::builder()
        .from(Mailbox::new((!name.is_empty()).then_some(name), from))
        .to(Mailbox::new(None, to))
        .subject(subject)
        .message_id(Some(format!("<comptoir.outbox.{id}@{domain}>")))
        .user_agent(format!("comptoir {}", env!("CARGO_PKG_VERSION")))
        .multipart(parts)
        .map_err(|e| SendError::Build(e.to_string()))
}

/// A stored address as an error message shows it: one line, at most 80 characters.
fn clip(s: &str) -> String {
    crate::sanitize::clean(s)
        .into_owned()
        .chars()
        .take(80)
        .collect()
}
