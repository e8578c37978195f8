//! Fixed data and a fixed clock for the tests of `update` and the screen snapshots.

mod outbox;
mod reports;

pub use outbox::outbox;
pub use reports::{closing, report};

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::state::{
    Attached, CardData, GroupRow, Lang, ParkedRow, PastSale, ProductRow, Settings, State,
};
use crate::domain::catalog::{Group, Product};
use crate::domain::customer::{
    Address, Customer, CustomerData, CustomerKind, Reference, ReferenceKind,
};
use crate::domain::ids::{CustomerId, GroupId, NoteId, ParkedId, PaymentId, ProductId, SaleId};
use crate::domain::ledger::{Balances, Kind, Reason};
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, Payment, PaymentMethod, Sale, SaleLine};
use crate::store::ledger::Movement;
use crate::store::lookup::CustomerRow;
use crate::store::notes::Note;
use crate::store::sales::SaleSummary;
use crate::store::stats::{CustomerStats, MonthGoods, TopItem};

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-14T10:30:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

pub fn settings(lang: Lang) -> Settings {
    Settings {
        shop_name: "Épicerie du Coin".into(),
        register: "R1".into(),
        country: "FR".into(),
        currency: "EUR".into(),
        lang,
        ascii: false,
        // The name and address groups.
        search_fields: crate::search::SearchField::ALL[..6].to_vec(),
        advanced_default: false,
        search_limit: 50,
        pin_configured: true,
        whatsapp_message: "Hello {first_name}, this is {shop}.".into(),
        utc_offset_secs: 0,
        keymap: crate::keys::DEFAULT.to_vec(),
        vat_rates: ["20", "10", "5.5", "2.1"]
            .iter()
            .filter_map(|r| Percent::parse(r).ok())
            .collect(),
        manager_idle: Duration::minutes(5),
        lock_after_sale: false,
        loyalty: Default::default(),
        email: false,
        sms: false,
    }
}

pub fn state() -> State {
    State::new(settings(Lang::En), now())
}

fn id<T>(n: u128, make: fn(Uuid) -> T) -> T {
    make(Uuid::from_u128(
        0x0195_0000_0000_7000_8000_0000_0000_0000 + n,
    ))
}

pub fn cid(n: u128) -> CustomerId {
    id(n, CustomerId::from_uuid)
}

pub fn customer(n: u128, first: &str, last: &str) -> Customer {
    let data = CustomerData {
        kind: CustomerKind::Person,
        title: Some("Mme".into()),
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        email: Some(format!(
            "{}.{}@example.fr",
            first.to_lowercase(),
            last.to_lowercase()
        )),
        phone: Some("+33612345678".into()),
        address: Address {
            line1: Some("12 rue de la Paix".into()),
            line2: None,
            postal_code: Some("75002".into()),
            city: Some("Paris".into()),
            country: Some("FR".into()),
        },
        references: vec![Reference {
            kind: ReferenceKind::Barcode,
            code: {
                let body = format!("290000000{n:03}");
                let check = crate::domain::validate::ean_check_digit(&body).unwrap_or(0);
                format!("{body}{check}")
            },
        }],
        group: Some("VIP".into()),
        personal_note: Some("Prefers the afternoon.".into()),
        ..Default::default()
    };
    Customer {
        id: cid(n),
        data,
        created_at: now() - Duration::days(400),
        updated_at: now() - Duration::days(3),
        anonymised: false,
        last_visit: Some(now() - Duration::days(2)),
    }
}

pub fn row(c: &Customer) -> CustomerRow {
    CustomerRow::of(c)
}

pub fn attached(c: &Customer) -> Attached {
    Attached {
        id: c.id,
        name: c.data.display_name(),
        group: c.data.group.clone(),
        discount: Percent::new(Decimal::from(10)).unwrap_or(Percent::ZERO),
        tax: c.data.tax,
        notes: 2,
        has_personal_note: c.data.personal_note.is_some(),
        phone: c.data.phone.clone(),
        address: vec!["12 rue de la Paix".into(), "75002 Paris".into()],
        email: c.data.email.clone(),
        receipt_by_email: c.data.preferences.receipt_by_email,
        receipt_by_sms: c.data.preferences.receipt_by_sms,
        balances: Default::default(),
        prices: None,
    }
}

pub fn product(n: u128, code: &str, name: &str, cents: i64, rate: u32) -> Product {
    Product {
        id: id(n, ProductId::from_uuid),
        code: code.into(),
        name: name.into(),
        price: Money::from_cents(cents),
        tax_rate: Percent::new(Decimal::from(rate)).unwrap_or(Percent::ZERO),
        cost: None,
        category: None,
    }
}

pub fn products() -> Vec<Product> {
    vec![
        product(1, "3760123450003", "Café moulu Éthiopie 250 g", 890, 5),
        product(2, "3760123450010", "Baguette tradition", 130, 5),
        product(3, "3760123450027", "Tablier de cuisine lin", 2450, 20),
    ]
}

/// The products screen's rows: the products above on their shelves, and an archived tea.
pub fn product_rows() -> Vec<ProductRow> {
    let shelves = ["Épicerie", "Boulangerie", "Cuisine"];
    let mut rows: Vec<ProductRow> = products()
        .into_iter()
        .zip(shelves)
        .map(|(mut product, shelf)| {
            product.category = Some(shelf.into());
            product.cost = Some(Money::from_cents(product.price.cents() / 2));
            ProductRow {
                product,
                active: true,
            }
        })
        .collect();
    let mut tea = product(4, "TH-VERT-100", "Thé vert Sencha 100 g", 650, 5);
    tea.category = Some("Épicerie".into());
    rows.push(ProductRow {
        product: tea,
        active: false,
    });
    rows
}

/// The groups screen's rows, by name, with their customers.
pub fn group_rows() -> Vec<GroupRow> {
    [("Staff", 30, 2), ("Trade", 15, 14), ("VIP", 10, 37)]
        .into_iter()
        .enumerate()
        .map(|(n, (name, discount, customers))| GroupRow {
            group: Group {
                id: id(n as u128 + 1, GroupId::from_uuid),
                name: name.into(),
                discount: Percent::new(Decimal::from(discount)).unwrap_or(Percent::ZERO),
            },
            customers,
        })
        .collect()
}

pub fn sale(n: u128, days_ago: i64, customer: Option<CustomerId>) -> Sale {
    let p = products();
    let lines: Vec<SaleLine> = p
        .iter()
        .take(1 + (n as usize % 3))
        .map(|x| SaleLine {
            product_id: Some(x.id),
            code: x.code.clone(),
            name: x.name.clone(),
            quantity: Decimal::from(1 + n as i64 % 2),
            unit_price: x.price,
            discount: Percent::ZERO,
            tax_rate: x.tax_rate,
            kind: Default::default(),
            origin: None,
            special: None,
        })
        .collect();
    let totals = sale::totals(&lines, Percent::ZERO, Default::default());
    Sale {
        id: id(n, SaleId::from_uuid),
        number: format!("R1-{n:06}"),
        created_at: now() - Duration::days(days_ago),
        customer_id: customer,
        group_discount: Percent::ZERO,
        tax: Default::default(),
        payments: vec![Payment {
            id: id(n, PaymentId::from_uuid),
            method: PaymentMethod::Cash,
            amount: totals.total,
            tendered: Some(Money::from_cents(5000)),
            change: Some(Money::from_cents(5000) - totals.total),
            points: 0,
            reference: None,
        }],
        lines,
        totals,
        refund_of: None,
        points: 0,
    }
}

pub fn card_data(c: &Customer) -> CardData {
    // Newest first: a refund of one coffee of sale 2, then six sales.
    let refund = SaleSummary {
        id: id(7, SaleId::from_uuid),
        number: "R1-000007".into(),
        created_at: now() - Duration::days(1),
        total: Money::from_cents(-890),
        lines: 1,
        refund_of: Some("R1-000002".into()),
        email: None,
        sms: None,
    };
    let history = std::iter::once(refund)
        .chain((1..=6).map(|n| {
            let s = sale(n, n as i64 * 9, Some(c.id));
            SaleSummary {
                id: s.id,
                number: s.number,
                created_at: s.created_at,
                total: s.totals.total,
                lines: s.lines.len() as i64,
                refund_of: None,
                email: None,
                sms: None,
            }
        }))
        .collect();
    let notes = vec![Note {
        id: id(1, NoteId::from_uuid),
        customer_id: c.id,
        author: "register:R1".into(),
        body: "Asked for the organic coffee \u{1b}[31mnext week.".into(),
        created_at: now() - Duration::days(1),
    }];
    CardData {
        customer: c.clone(),
        history,
        stats: CustomerStats {
            total_all: Money::from_cents(48_620),
            total_12m: Money::from_cents(21_340),
            visits: 31,
            visits_12m: 12,
            average_basket: Money::from_cents(1568),
            preferred_weekday: Some(6),
            top_items: vec![TopItem {
                code: "3760123450003".into(),
                name: "Café moulu Éthiopie 250 g".into(),
                quantity: 7.into(),
                total: Money::from_cents(6230),
            }],
            first_visit: Some(now() - Duration::days(390)),
            last_visit: Some(now() - Duration::days(2)),
        },
        notes,
        balances: Balances {
            points: 1_234,
            wallet: Money::from_cents(2_000),
            store_credit: Money::from_cents(890),
            owed: Money::from_cents(4_550),
            credit_limit: Some(Money::from_cents(20_000)),
        },
        movements: movements(),
        monthly: monthly(),
    }
}

/// Twelve months of goods, April 2025 to March 2026: a quiet summer, a busy December,
/// one month with nothing and one given back more than bought.
pub fn monthly() -> Vec<MonthGoods> {
    let cents = [
        2_150, 1_890, 640, 0, 1_200, 2_480, 3_100, 6_820, 2_010, -450, 1_760, 1_340,
    ];
    (0..12u32)
        .zip(cents)
        .filter_map(|(i, c)| {
            let first = chrono::NaiveDate::from_ymd_opt(2025, 4, 1)?;
            Some(MonthGoods {
                month: first.checked_add_months(chrono::Months::new(i))?,
                goods: Money::from_cents(c),
            })
        })
        .collect()
}

/// Ledger movements of every kind and reason, newest first.
pub fn movements() -> Vec<Movement> {
    let m = |days: i64, kind, amount, reason, number: Option<&str>| Movement {
        kind,
        amount,
        reason,
        number: number.map(str::to_string),
        at: now() - Duration::days(days),
    };
    vec![
        m(1, Kind::Credit, 890, Reason::Refund, Some("R1-000007")),
        m(1, Kind::Points, -8, Reason::Refund, Some("R1-000007")),
        m(9, Kind::Points, 35, Reason::Sale, Some("R1-000001")),
        m(12, Kind::Account, 4_550, Reason::Sale, Some("R1-000002")),
        m(20, Kind::Wallet, 2_000, Reason::TopUp, Some("R1-000003")),
        m(30, Kind::Points, 1_207, Reason::Merge, None),
    ]
}

/// A past sale as the runner loads it: `refunded` of its first line given back already.
pub fn past(sale: Sale, refunded: i64) -> PastSale {
    let mut given = vec![Decimal::ZERO; sale.lines.len()];
    if let Some(first) = given.first_mut() {
        *first = Decimal::from(refunded);
    }
    let customer = sale.customer_id.map(|_| "Mélanie Dupont".to_string());
    PastSale {
        sale,
        refunded: given,
        refund_of: None,
        customer,
    }
}

/// Parked tickets as the recall window lists them, newest first: a customer's with a
/// label (and a control character in it, as a hostile file could hold), one whose
/// customer is gone, one without a customer, one whose lines do not read back.
pub fn parked_rows() -> Vec<ParkedRow> {
    let row = |n: u128, minutes: i64, customer: Option<&str>, lines: usize, cents: i64| ParkedRow {
        id: id(n, ParkedId::from_uuid),
        parked_at: now() - Duration::minutes(minutes),
        customer: customer.map(str::to_string),
        customer_gone: false,
        lines,
        total: Money::from_cents(cents),
        label: None,
        damaged: false,
    };
    vec![
        ParkedRow {
            label: Some("blue coat\u{1b}[31m".into()),
            ..row(1, 4, Some("Mélanie Dupont"), 3, 3240)
        },
        ParkedRow {
            customer_gone: true,
            ..row(2, 35, None, 1, 890)
        },
        row(3, 62, None, 12, 14_575),
        ParkedRow {
            damaged: true,
            ..row(4, 60 * 26, None, 0, 0)
        },
    ]
}
