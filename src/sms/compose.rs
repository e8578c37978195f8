//! An SMS's text as it leaves: a receipt's short text rebuilt from the stored sale (the
//! shop, the ticket number, the date and the total, in the shop's language), or a
//! composed message's stored text.
//!
//! Invariants: a receipt fits one SMS (160 GSM characters) whenever it can: the shop's
//! name is folded to the GSM alphabet (`ê` -> `e`), then shortened, never the ticket
//! number, the date or the total; what comes from the store is sanitised (no control or
//! invisible character reaches a phone).

use super::SmsError;
use crate::config::Config;
use crate::domain::sale::Sale;
use crate::domain::sms::{fold_gsm, measure};
use crate::lang::Lang;
use crate::store::messages::{self, Kind, Message};
use crate::store::{sales, StoreError};

/// The text of SMS `m`, rebuilt now.
pub fn text(
    conn: &rusqlite::Connection,
    config: &Config,
    m: &Message,
    utc_offset_secs: i32,
) -> Result<String, SmsError> {
    match (m.kind, m.sale) {
        (Kind::Receipt, Some(id)) => {
            let sale = sales::get(conn, id)
                .map_err(unreadable)?
                .ok_or_else(|| SmsError::Build(format!("sale {id} is not in the database")))?;
            Ok(receipt(config, &sale, utc_offset_secs))
        }
        (Kind::Receipt, None) => Err(SmsError::Build("a receipt without its sale".into())),
        (Kind::Contact, _) => {
            let body = messages::bodies(conn, m.id)
                .map_err(unreadable)?
                .ok_or_else(|| SmsError::Build(format!("message {} has no text", m.id)))?;
            Ok(clean_text(&body.text))
        }
    }
}

fn unreadable(e: StoreError) -> SmsError {
    SmsError::Build(e.to_string())
}

/// A composed text as it goes: control characters out, line breaks kept.
fn clean_text(s: &str) -> String {
    s.trim()
        .lines()
        .map(|l| crate::sanitize::clean(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A receipt's SMS: "Épicerie du Coin: receipt R1-000042, 2026-03-14 10:30, total
/// €12.50. Thank you!", in the shop's language, in one SMS when the shop's name allows.
pub fn receipt(config: &Config, sale: &Sale, utc_offset_secs: i32) -> String {
    let lang = config.shop.lang;
    let shop: String = crate::sanitize::clean(&config.shop.name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let number = crate::sanitize::clean(&sale.number).into_owned();
    let when = lang.datetime(sale.created_at, utc_offset_secs);
    let total = lang.price(sale.totals.total, &config.shop.currency);
    let say = |shop: &str| words(lang, shop, &number, &when, &total);
    let full = say(&shop);
    let size = measure(&full);
    if size.parts <= 1 {
        return full;
    }
    // A name in Unicode makes the whole text UCS-2 (70 a message): its letters folded to
    // the GSM alphabet first, then shortened until the text fits.
    let shop = if size.unicode { fold_gsm(&shop) } else { shop };
    let chars: Vec<char> = shop.chars().collect();
    for keep in (0..chars.len()).rev() {
        let short: String = chars[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string();
        let short = if short.is_empty() {
            short
        } else {
            format!("{short}.")
        };
        let text = say(&short);
        if measure(&text).parts <= 1 {
            return text;
        }
    }
    full
}

fn words(lang: Lang, shop: &str, number: &str, when: &str, total: &str) -> String {
    let head = if shop.is_empty() {
        String::new()
    } else {
        lang.pick(
            format!("{shop}: "),
            format!("{shop} : "),
            format!("{shop}: "),
            format!("{shop}: "),
        )
    };
    let body = lang.pick(
        format!("receipt {number}, {when}, total {total}. Thank you!"),
        format!("ticket {number} du {when}, total {total}. Merci !"),
        format!("kassabon {number}, {when}, totaal {total}. Bedankt!"),
        format!("Kassenbon {number}, {when}, Summe {total}. Danke!"),
    );
    format!("{head}{body}")
}
