//! Receipts of stored sales: shop header, lines, discount, taxes, totals, payments by
//! method and change, points earned, the customer's name and address when one is
//! attached, a footer. As plain text ([`render`]) or as ESC/POS printer bytes
//! ([`escpos`]), both from the same [`lines`].
//!
//! Invariants: `width` characters per line at most (long names wrap onto the next line,
//! never past the edge); every stored value goes through [`crate::sanitize::clean`], so
//! no control byte of the data reaches a printer; for a printer, every piece of text is
//! folded into its code page ([`fold`]: what the page lacks is transliterated, never a
//! `?`) before the line is measured; the printed words are the receipt's own (`Words`,
//! one table per language), amounts and dates are formatted by [`Lang`] as on screen.
//! Pure: no IO (the print queue sends the bytes).

use crate::config::Shop;
use crate::domain::customer::CustomerData;
use crate::domain::sale::{PaymentMethod, Sale, SaleLine};
use crate::lang::Lang;
use crate::printer::CodePage;
use crate::sanitize::clean;

mod charset;
pub mod escpos;

pub use charset::fold;

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
    printer_test: &'static str,
    columns: &'static str,
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
    printer_test: "Printer test",
    columns: "columns",
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
    printer_test: "Test d'imprimante",
    columns: "colonnes",
};

const NL: Words = Words {
    vat: "BTW",
    net: "excl.",
    ticket: "Kassabon",
    subtotal: "Subtotaal",
    discount: "Korting",
    to_pay: "TOTAAL",
    cash: "Contant",
    card: "Pin",
    change_due: "Wisselgeld",
    customer: "Klant",
    wallet: "Spaarpot",
    credit: "Tegoed",
    points: "Punten",
    account: "Op rekening",
    points_earned: "Gespaarde punten",
    gift_card: "Cadeaukaart",
    credit_note: "Creditnota",
    printer_test: "Printertest",
    columns: "kolommen",
};

const DE: Words = Words {
    vat: "MwSt.",
    net: "netto",
    ticket: "Kassenbon",
    subtotal: "Zwischensumme",
    discount: "Rabatt",
    to_pay: "SUMME",
    cash: "Bar",
    card: "Karte",
    change_due: "Rückgeld",
    customer: "Kunde",
    wallet: "Guthaben",
    credit: "Gutschrift",
    points: "Punkte",
    account: "Auf Rechnung",
    points_earned: "Gesammelte Punkte",
    gift_card: "Geschenkkarte",
    credit_note: "Gutschrift",
    printer_test: "Druckertest",
    columns: "Spalten",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
        Lang::Nl => &NL,
        Lang::De => &DE,
    }
}

/// What a receipt needs besides the sale.
pub struct ReceiptContext<'a> {
    pub shop: &'a Shop,
    pub width: usize,
    /// Lines under the shop's identity (`[receipt] header`).
    pub header: Option<&'a str>,
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

/// How a receipt line is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// Emphasised (the shop's name).
    Bold,
    /// Double height (the total to pay).
    Tall,
}

/// One printed line: at most the receipt's width in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub style: Style,
}

/// Lines being laid out `w` characters wide. With a code page, every piece of text is
/// folded into it ([`charset::fold`]) before it is measured, so a transliteration that
/// changes a length (Œ -> OE) cannot push a line past the edge.
struct Layout {
    w: usize,
    page: Option<CodePage>,
    out: Vec<Line>,
}

impl Layout {
    fn ink(&self, s: &str) -> String {
        match self.page {
            Some(p) => charset::fold(p, s),
            None => s.to_string(),
        }
    }

    fn push(&mut self, text: String, style: Style) {
        for l in text.split('\n') {
            self.out.push(Line {
                text: l.to_string(),
                style,
            });
        }
    }

    fn rule(&mut self) {
        self.push("-".repeat(self.w), Style::Plain);
    }

    fn centre(&mut self, s: &str, style: Style) {
        let s = self.ink(s);
        let w = self.w;
        let n = s.chars().count();
        let text = if n >= w {
            s.chars().take(w).collect()
        } else {
            format!("{}{s}", " ".repeat((w - n) / 2))
        };
        self.push(text, style);
    }

    fn both(&mut self, left: &str, right: &str) {
        self.both_styled(left, right, Style::Plain);
    }

    fn both_styled(&mut self, left: &str, right: &str, style: Style) {
        let (left, right, w) = (self.ink(left), self.ink(right), self.w);
        let r = right.chars().count();
        let text = if left.chars().count() + r + 1 > w {
            // Too long for one line: the right part goes under, flush right.
            let l: String = left.chars().take(w).collect();
            let r: String = right.chars().take(w).collect();
            format!("{l}\n{r:>w$}")
        } else {
            let l: String = left.chars().take(w.saturating_sub(r + 1)).collect();
            let pad = w.saturating_sub(l.chars().count() + r);
            format!("{l}{}{right}", " ".repeat(pad))
        };
        self.push(text, style);
    }

    fn wrap(&mut self, s: &str) {
        let chars: Vec<char> = self.ink(s).chars().collect();
        for c in chars.chunks(self.w.max(1)) {
            self.push(c.iter().collect(), Style::Plain);
        }
    }
}

/// The receipt text, lines ended by `\n`.
pub fn render(sale: &Sale, ctx: &ReceiptContext) -> String {
    let mut text = lines(sale, ctx, None)
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n");
    text.push_str("\n\n\n");
    text
}

/// The receipt's lines, each folded into `page` when one is given (a printer's table).
pub fn lines(sale: &Sale, ctx: &ReceiptContext, page: Option<CodePage>) -> Vec<Line> {
    let mut l = Layout {
        w: ctx.width.clamp(24, 80),
        page,
        out: Vec::new(),
    };
    header(&mut l, sale, ctx);
    items(&mut l, sale, ctx);
    totals(&mut l, sale, ctx);
    payments(&mut l, sale, ctx);
    if let Some((name, address, _)) = &ctx.customer {
        l.rule();
        l.wrap(&format!("{}: {}", words(ctx.lang).customer, clean(name)));
        for a in address {
            l.wrap(&clean(a));
        }
    }
    if let Some(f) = ctx.footer {
        l.rule();
        for line in f.lines() {
            l.centre(&clean(line), Style::Plain);
        }
    }
    l.out
}

/// The text of a printer test: accented words in the page, a total, the page and width.
pub const TEST_TEXT: &str = "Café Crème, Øresund, Straße, 12,50 €";

/// The lines of a printer test page for `shop`: its name, [`TEST_TEXT`], the code page
/// (when printing ESC/POS) and the width in use.
pub fn test_lines(shop: &Shop, width: usize, page: Option<CodePage>, lang: Lang) -> Vec<Line> {
    let t = words(lang);
    let mut l = Layout {
        w: width.clamp(24, 80),
        page,
        out: Vec::new(),
    };
    l.centre(&clean(&shop.name), Style::Bold);
    l.centre(t.printer_test, Style::Plain);
    l.rule();
    l.wrap(TEST_TEXT);
    l.both_styled(
        t.to_pay,
        &lang.price(
            crate::domain::money::Money::from_cents(1250),
            &shop.currency,
        ),
        Style::Tall,
    );
    l.rule();
    let page = page.map_or_else(String::new, |p| {
        format!("{} (ESC t {}), ", p.name(), p.escpos_table())
    });
    l.wrap(&format!("{page}{} {}", l.w, t.columns));
    l.out
}

/// A preparation ticket: the station's name, the ticket number and time, the customer's
/// name when one is attached, then each of `lines` as "quantity x name". No prices.
pub fn prep_lines(sale: &Sale, prep: &Prep, lines: &[&SaleLine]) -> Vec<Line> {
    let t = words(prep.lang);
    let mut l = Layout {
        w: prep.width.clamp(24, 80),
        page: prep.page,
        out: Vec::new(),
    };
    l.centre(&clean(prep.station), Style::Tall);
    l.both(
        &format!("{} {}", t.ticket, clean(&sale.number)),
        &prep.lang.datetime(sale.created_at, prep.utc_offset_secs),
    );
    if let Some(name) = prep.customer {
        l.wrap(&clean(name));
    }
    l.rule();
    for line in lines {
        let qty = prep.lang.quantity(line.quantity);
        l.push(String::new(), Style::Plain);
        l.wrap(&format!("{qty} x {}", clean(&line.name)));
    }
    l.rule();
    l.out
}

/// What a preparation ticket needs besides the sale.
pub struct Prep<'a> {
    pub station: &'a str,
    pub customer: Option<&'a str>,
    pub lang: Lang,
    pub width: usize,
    pub page: Option<CodePage>,
    pub utc_offset_secs: i32,
}

fn header(l: &mut Layout, sale: &Sale, ctx: &ReceiptContext) {
    let t = words(ctx.lang);
    l.centre(&clean(&ctx.shop.name), Style::Bold);
    for a in &ctx.shop.address {
        l.centre(&clean(a), Style::Plain);
    }
    if let Some(v) = &ctx.shop.vat_number {
        l.centre(&format!("{} {}", t.vat, clean(v)), Style::Plain);
    }
    for line in ctx.header.into_iter().flat_map(str::lines) {
        l.centre(&clean(line), Style::Plain);
    }
    l.rule();
    l.both(
        &format!("{} {}", t.ticket, clean(&sale.number)),
        &ctx.lang.datetime(sale.created_at, ctx.utc_offset_secs),
    );
    l.rule();
}

fn items(l: &mut Layout, sale: &Sale, ctx: &ReceiptContext) {
    let lang = ctx.lang;
    for line in &sale.lines {
        let p = line.price(sale.group_discount, sale.tax);
        l.wrap(&clean(&line.name));
        let disc = if line.discount.is_zero() {
            String::new()
        } else {
            format!(" -{}", lang.percent(line.discount))
        };
        l.both(
            &format!(
                "  {} x {}{disc}",
                lang.quantity(line.quantity),
                lang.money(line.unit_price)
            ),
            &lang.money(p.total),
        );
        if let Some(x) = &line.special {
            l.wrap(&format!(
                "  {}",
                special_price(lang, &clean(&x.group), &lang.money(x.list_price))
            ));
        }
    }
    l.rule();
}

/// Why a line is at another price than the shelf's: its customer group's special price.
fn special_price(lang: Lang, group: &str, shelf: &str) -> String {
    match lang {
        Lang::En => format!("{group} price (instead of {shelf})"),
        Lang::Fr => format!("Prix {group} (au lieu de {shelf})"),
        Lang::Nl => format!("Prijs {group} (i.p.v. {shelf})"),
        Lang::De => format!("Preis {group} (statt {shelf})"),
    }
}

fn totals(l: &mut Layout, sale: &Sale, ctx: &ReceiptContext) {
    let (t, lang) = (words(ctx.lang), ctx.lang);
    let tot = &sale.totals;
    if !tot.discount.is_zero() {
        l.both(t.subtotal, &lang.money(tot.before_discount));
        let group = ctx
            .customer
            .as_ref()
            .and_then(|c| c.2.clone())
            .map(|g| format!(" ({} -{})", clean(&g), lang.percent(sale.group_discount)))
            .unwrap_or_default();
        l.both(
            &format!("{}{group}", t.discount),
            &format!("-{}", lang.money(tot.discount)),
        );
    }
    l.both_styled(
        t.to_pay,
        &lang.price(tot.total, &ctx.shop.currency),
        Style::Tall,
    );
    for x in &tot.taxes {
        l.both(
            &format!(
                "{} {} ({} {})",
                t.vat,
                lang.percent(x.rate),
                t.net,
                lang.money(x.net)
            ),
            &lang.money(x.tax),
        );
    }
    l.rule();
}

fn payments(l: &mut Layout, sale: &Sale, ctx: &ReceiptContext) {
    let (t, lang) = (words(ctx.lang), ctx.lang);
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
        l.both(&m, &lang.money(p.tendered.unwrap_or(p.amount)));
        if let Some(c) = p.change {
            l.both(t.change_due, &lang.money(c));
        }
    }
    if sale.points != 0 {
        l.both(t.points_earned, &format!("{:+}", sale.points));
    }
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
            special: None,
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
            header: Some("Open Monday to Saturday"),
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
            "Open Monday to Saturday",
            "Thank you!",
        ] {
            assert!(text.contains(part), "missing {part}:\n{text}");
        }
    }

    #[test]
    fn a_line_at_a_group_price_says_why_then_the_group_discount_follows() {
        use crate::domain::pricing::SpecialPrice;
        let lines = vec![SaleLine {
            product_id: None,
            code: "CAFE".into(),
            name: "Café moulu 250 g".into(),
            quantity: 2.into(),
            unit_price: Money::from_cents(1000),
            discount: Percent::ZERO,
            tax_rate: Percent::parse("20").unwrap(),
            kind: Default::default(),
            origin: None,
            special: Some(SpecialPrice {
                group: "VIP".into(),
                list_price: Money::from_cents(1200),
            }),
        }];
        let disc = Percent::parse("10").unwrap();
        let tot = totals(&lines, disc, Default::default());
        let sale = Sale {
            id: SaleId::generate(),
            number: "R1-000007".into(),
            created_at: DateTime::parse_from_rfc3339("2026-03-14T10:30:00Z")
                .unwrap()
                .with_timezone(&Utc),
            customer_id: None,
            group_discount: disc,
            tax: Default::default(),
            payments: vec![Payment::cash(tot.total, Money::from_cents(2000)).unwrap()],
            lines,
            totals: tot,
            refund_of: None,
            points: 0,
        };
        let shop = Shop {
            name: "Épicerie Test".into(),
            address: vec!["1 rue X".into()],
            vat_number: None,
            country: "FR".into(),
            currency: "EUR".into(),
            lang: Lang::Fr,
            register: "R1".into(),
            vat_rates: Vec::new(),
        };
        let text = |lang| {
            render(
                &sale,
                &ReceiptContext {
                    shop: &shop,
                    width: 32,
                    header: None,
                    footer: None,
                    lang,
                    utc_offset_secs: 0,
                    customer: Some(("Mélanie Roux".into(), Vec::new(), Some("VIP".into()))),
                },
            )
        };
        let en = text(Lang::En);
        assert!(en.contains("VIP price (instead of 12.00)"), "{en}");
        insta::assert_snapshot!("receipt_group_price_fr", text(Lang::Fr));
        for (lang, why) in [
            (Lang::Nl, "Prijs VIP (i.p.v. 12,00)"),
            (Lang::De, "Preis VIP (statt 12,00)"),
        ] {
            let t = text(lang);
            assert!(t.contains(why), "{t}");
            assert!(t.lines().all(|l| l.chars().count() <= 32), "{t}");
        }
    }
}
