//! The text receipt of a stored sale: shop header, lines, discount, taxes, totals,
//! payments by method and change, points earned, the customer's name and address when one is attached, a footer.
//!
//! Invariants: pure text, `width` characters per line at most (long names wrap onto the
//! next line, never past the edge); every stored value goes through
//! [`crate::sanitize::clean`], so no escape byte reaches a receipt printer; the printed
//! words are the receipt's own (`Words`, one table per language), amounts and dates are
//! formatted by [`Lang`] as on screen. The runner prints receipts without the UI.

use crate::config::Shop;
use crate::domain::customer::CustomerData;
use crate::domain::sale::{PaymentMethod, Sale};
use crate::lang::Lang;
use crate::sanitize::clean;

/// The words a receipt prints.
struct Words {
    vat: &'static str,
    net: &'static str,
    ticket: &'static str,
    subtotal: &'static str,
    discount: &'static str,
    to_pay: &'static str,
    cash: &'static str,
    card: &'static str,
    change_due: &'static str,
    customer: &'static str,
    wallet: &'static str,
    credit: &'static str,
    points: &'static str,
    account: &'static str,
    points_earned: &'static str,
    gift_card: &'static str,
    credit_note: &'static str,
}

const EN: Words = Words {
    vat: "VAT",
    net: "net",
    ticket: "Ticket",
    subtotal: "Subtotal",
    discount: "Discount",
    to_pay: "TOTAL",
    cash: "Cash",
    card: "Card",
    change_due: "Change due",
    customer: "Customer",
    wallet: "Wallet",
    credit: "Store credit",
    points: "Points",
    account: "On account",
    points_earned: "Points earned",
    gift_card: "Gift card",
    credit_note: "Credit note",
};

const FR: Words = Words {
    vat: "TVA",
    net: "HT",
    ticket: "Ticket",
    subtotal: "Sous-total",
    discount: "Remise",
    to_pay: "TOTAL",
    cash: "Espèces",
    card: "Carte",
    change_due: "Rendu",
    customer: "Client",
    wallet: "Cagnotte",
    credit: "Avoir",
    points: "Points",
    account: "En compte",
    points_earned: "Points gagnés",
    gift_card: "Carte cadeau",
    credit_note: "Avoir",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// What a receipt needs besides the sale.
pub struct ReceiptContext<'a> {
    pub shop: &'a Shop,
    pub width: usize,
    pub footer: Option<&'a str>,
    pub lang: Lang,
    pub utc_offset_secs: i32,
    /// Name, address lines and group of the customer.
    pub customer: Option<(String, Vec<String>, Option<String>)>,
}

/// Address lines as printed: street lines, "postal code city", the country when it is
/// not the shop's.
pub fn address_lines(d: &CustomerData, shop_country: &str) -> Vec<String> {
    let a = &d.address;
    let mut out: Vec<String> = [&a.line1, &a.line2]
        .iter()
        .filter_map(|x| (*x).clone())
        .collect();
    let city = [a.postal_code.as_deref(), a.city.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !city.is_empty() {
        out.push(city);
    }
    if let Some(c) = a.country.as_deref().filter(|c| *c != shop_country) {
        out.push(c.to_string());
    }
    out
}

fn centre(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        return s.chars().take(w).collect();
    }
    format!("{}{s}", " ".repeat((w - n) / 2))
}

fn both(left: &str, right: &str, w: usize) -> String {
    let r = right.chars().count();
    if left.chars().count() + r + 1 > w {
        // Too long for one line: the right part goes under, flush right.
        let l: String = left.chars().take(w).collect();
        let r: String = right.chars().take(w).collect();
        return format!("{l}\n{r:>w$}");
    }
    let l: String = left.chars().take(w.saturating_sub(r + 1)).collect();
    let pad = w.saturating_sub(l.chars().count() + r);
    format!("{l}{}{right}", " ".repeat(pad))
}

fn wrap(s: &str, w: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.chunks(w.max(1)).map(|c| c.iter().collect()).collect()
}

/// The receipt text, lines ended by `\n`.
pub fn render(sale: &Sale, ctx: &ReceiptContext) -> String {
    let t = words(ctx.lang);
    let lang = ctx.lang;
    let w = ctx.width.clamp(24, 80);
    let rule = "-".repeat(w);
    let mut out: Vec<String> = Vec::new();
    out.push(centre(&clean(&ctx.shop.name), w));
    for a in &ctx.shop.address {
        out.push(centre(&clean(a), w));
    }
    if let Some(v) = &ctx.shop.vat_number {
        out.push(centre(&format!("{} {}", t.vat, clean(v)), w));
    }
    out.push(rule.clone());
    out.push(both(
        &format!("{} {}", t.ticket, clean(&sale.number)),
        &lang.datetime(sale.created_at, ctx.utc_offset_secs),
        w,
    ));
    out.push(rule.clone());
    for l in &sale.lines {
        let p = l.price(sale.group_discount, sale.tax);
        out.extend(wrap(&clean(&l.name), w));
        let disc = if l.discount.is_zero() {
            String::new()
        } else {
            format!(" -{}", l.discount)
        };
        out.push(both(
            &format!(
                "  {} x {}{disc}",
                l.quantity.normalize(),
                lang.money(l.unit_price)
            ),
            &lang.money(p.total),
            w,
        ));
    }
    out.push(rule.clone());
    let tot = &sale.totals;
    if !tot.discount.is_zero() {
        out.push(both(t.subtotal, &lang.money(tot.before_discount), w));
        let group = ctx
            .customer
            .as_ref()
            .and_then(|c| c.2.clone())
            .map(|g| format!(" ({} -{})", clean(&g), sale.group_discount))
            .unwrap_or_default();
        out.push(both(
            &format!("{}{group}", t.discount),
            &format!("-{}", lang.money(tot.discount)),
            w,
        ));
    }
    out.push(both(
        &format!("{} {}", t.to_pay, ctx.shop.currency),
        &lang.money(tot.total),
        w,
    ));
    for x in &tot.taxes {
        out.push(both(
            &format!("{} {} ({} {})", t.vat, x.rate, t.net, lang.money(x.net)),
            &lang.money(x.tax),
            w,
        ));
    }
    out.push(rule.clone());
    for p in &sale.payments {
        let m = match p.method {
            PaymentMethod::Cash => t.cash.to_string(),
            PaymentMethod::Card => t.card.to_string(),
            PaymentMethod::Wallet => t.wallet.to_string(),
            PaymentMethod::StoreCredit => t.credit.to_string(),
            PaymentMethod::OnAccount => t.account.to_string(),
            PaymentMethod::Points => format!("{} ({})", t.points, p.points),
            PaymentMethod::GiftCard => format!(
                "{} {}",
                if p.amount.is_negative() {
                    t.credit_note
                } else {
                    t.gift_card
                },
                clean(p.reference.as_deref().unwrap_or_default())
            ),
        };
        out.push(both(&m, &lang.money(p.tendered.unwrap_or(p.amount)), w));
        if let Some(c) = p.change {
            out.push(both(t.change_due, &lang.money(c), w));
        }
    }
    if sale.points != 0 {
        out.push(both(t.points_earned, &format!("{:+}", sale.points), w));
    }
    if let Some((name, address, _)) = &ctx.customer {
        out.push(rule.clone());
        out.extend(wrap(&format!("{}: {}", t.customer, clean(name)), w));
        for a in address {
            out.extend(wrap(&clean(a), w));
        }
    }
    if let Some(f) = ctx.footer {
        out.push(rule);
        for l in f.lines() {
            out.push(centre(&clean(l), w));
        }
    }
    let mut text = out.join("\n");
    text.push_str("\n\n\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{PaymentId, SaleId};
    use crate::domain::money::{Money, Percent};
    use crate::domain::sale::{totals, Payment, SaleLine};
    use chrono::{DateTime, Utc};

    #[test]
    fn receipt_has_every_part_within_the_width_and_no_escape() {
        let lines = vec![SaleLine {
            product_id: None,
            code: "3760123450001".into(),
            name: "Very long product name \u{1b}[2J that needs wrapping on paper".into(),
            quantity: 2.into(),
            unit_price: Money::from_cents(1200),
            discount: Percent::ZERO,
            tax_rate: Percent::parse("20").unwrap(),
            kind: Default::default(),
            origin: None,
        }];
        let disc = Percent::parse("10").unwrap();
        let tot = totals(&lines, disc, Default::default());
        let sale = Sale {
            id: SaleId::generate(),
            number: "R1-000001".into(),
            created_at: DateTime::parse_from_rfc3339("2026-03-14T10:30:00Z")
                .unwrap()
                .with_timezone(&Utc),
            customer_id: None,
            group_discount: disc,
            tax: Default::default(),
            payments: vec![
                Payment {
                    id: PaymentId::generate(),
                    method: PaymentMethod::Wallet,
                    amount: Money::from_cents(500),
                    tendered: None,
                    change: None,
                    points: 0,
                    reference: None,
                },
                Payment {
                    id: PaymentId::generate(),
                    method: PaymentMethod::Points,
                    amount: Money::from_cents(100),
                    tendered: None,
                    change: None,
                    points: 100,
                    reference: None,
                },
                Payment::cash(tot.total - Money::from_cents(600), Money::from_cents(5000)).unwrap(),
            ],
            lines,
            totals: tot,
            refund_of: None,
            points: 15,
        };
        let _ = PaymentId::generate();
        let shop = Shop {
            name: "Épicerie Test".into(),
            address: vec!["1 rue X".into()],
            vat_number: None,
            country: "FR".into(),
            currency: "EUR".into(),
            lang: crate::lang::Lang::En,
            register: "R1".into(),
            vat_rates: Vec::new(),
        };
        let ctx = ReceiptContext {
            shop: &shop,
            width: 32,
            footer: Some("Thank you!"),
            lang: Lang::En,
            utc_offset_secs: 0,
            customer: Some((
                "Mélanie Dupont".into(),
                vec!["75002 Paris".into()],
                Some("VIP".into()),
            )),
        };
        let text = render(&sale, &ctx);
        assert!(text.lines().all(|l| l.chars().count() <= 32), "{text}");
        assert!(!text.contains('\u{1b}'));
        for part in [
            "Épicerie Test",
            "R1-000001",
            "21.60",
            "VAT 20%",
            "Cash",
            "50.00",
            "Change due",
            "34.40",
            "Wallet",
            "5.00",
            "Points (100)",
            "Points earned",
            "+15",
            "Mélanie Dupont",
            "75002 Paris",
            "VIP",
            "Thank you!",
        ] {
            assert!(text.contains(part), "missing {part}:\n{text}");
        }
    }
}
