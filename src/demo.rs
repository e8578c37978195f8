//! Deterministic, realistic demo data: customers with French, Belgian, Dutch, German and
//! Swiss names, accents and real postal codes and cities; persons and companies; groups;
//! 200 products with valid EAN-13 codes; a year of sales, each in the journal and earning
//! its loyalty points (a ledger entry) as at the register.
//!
//! The same seed and `now` give the same shop (ids included: UUIDv7 built from the seeded
//! generator). Everything is written in one transaction, so an interrupted run leaves the
//! database as it was. 100,000 customers take a few seconds.

pub mod names;
mod rng;

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

use crate::domain::catalog::{Group, Product};
use crate::domain::customer::{
    Address, Consent, CustomerData, CustomerKind, GeoPoint, Reference, ReferenceKind,
};
use crate::domain::ids::{CustomerId, GroupId, PaymentId, ProductId, SaleId};
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, Payment, PaymentMethod, Sale, SaleLine};
use crate::domain::{postal, validate};
use crate::store::{audit, catalog, customers, ledger, sales, Store, StoreError};

pub use rng::Rng;

use names::{Community, COMMUNITIES, PRODUCTS};

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub customers: usize,
    pub seed: u64,
    /// The moment the demo shop's history ends (sales go back one year from it).
    pub now: DateTime<Utc>,
    /// Generate sales history (benchmarks of search may skip it).
    pub sales: bool,
}

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    pub customers: usize,
    pub companies: usize,
    pub groups: usize,
    pub products: usize,
    pub sales: usize,
}

/// Why demo data was not written.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds {0} customers; demo data goes into an empty database (use another --db)")]
    NotEmpty(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

const GROUPS: [(&str, u32); 3] = [("VIP", 10), ("Trade", 15), ("Staff", 30)];

/// Fills an empty database with demo data, in one transaction.
pub fn generate(store: &mut Store, opts: &DemoOptions) -> Result<DemoReport, DemoError> {
    let existing = customers::count(store.conn())?;
    if existing > 0 {
        return Err(DemoError::NotEmpty(existing));
    }
    let mut g = Generator::new(opts);
    store.set_cache_kib(256 * 1024)?;
    let result = store.write(|tx| {
        let mut report = DemoReport::default();
        let mut groups = Vec::new();
        for (name, discount) in GROUPS {
            let group = Group {
                id: GroupId::from_uuid(g.uuid(opts.now)),
                name: name.to_string(),
                discount: Percent::new(Decimal::from(discount)).unwrap_or(Percent::ZERO),
            };
            catalog::create_group(tx, &group, "demo")?;
            groups.push(group);
        }
        report.groups = groups.len();
        let products = g.products(opts.now);
        for p in &products {
            catalog::upsert_product(tx, p)?;
        }
        report.products = products.len();
        let mut sale_no = 0usize;
        for n in 0..opts.customers {
            let (created, data) = g.customer(n as u64, opts.now);
            let discount = data
                .group
                .as_ref()
                .and_then(|n| groups.iter().find(|gr| &gr.name == n))
                .map_or(Percent::ZERO, |gr| gr.discount);
            if data.kind == CustomerKind::Entity {
                report.companies += 1;
            }
            let id = CustomerId::from_uuid(g.uuid(created));
            customers::insert_row(tx, id, &data, created)?;
            report.customers += 1;
            if opts.sales {
                for _ in 0..g.visits() {
                    sale_no += 1;
                    let s = g.sale(sale_no, id, created, opts.now, discount, &products);
                    sales::insert_unchecked(tx, &s)?;
                    // The points the sale earned, as the register writes them.
                    let m = ledger::Move {
                        customer: id,
                        kind: crate::domain::ledger::Kind::Points,
                        amount: s.points,
                        reason: crate::domain::ledger::Reason::Sale,
                        sale: Some(s.id),
                        register: "DEMO",
                        author: "demo",
                    };
                    ledger::append(tx, m, s.created_at)?;
                }
            }
        }
        report.sales = sale_no;
        audit::record(
            tx,
            "demo",
            "demo.generate",
            "database",
            None,
            serde_json::json!({ "seed": opts.seed, "customers": report.customers, "sales": report.sales }),
        )?;
        Ok::<_, DemoError>(report)
    });
    store.set_cache_kib(16 * 1024)?;
    result
}

struct Generator {
    rng: Rng,
    /// Real (postal code, city, position) of each community's country.
    places: Vec<Vec<postal::Place>>,
}

impl Generator {
    fn new(opts: &DemoOptions) -> Generator {
        let places = COMMUNITIES
            .iter()
            .map(|c| postal::places(c.country).collect())
            .collect();
        Generator {
            rng: Rng::new(opts.seed),
            places,
        }
    }

    fn uuid(&mut self, at: DateTime<Utc>) -> Uuid {
        let mut bytes = [0u8; 10];
        for chunk in bytes.chunks_mut(5) {
            let r = self.rng.next_u64().to_le_bytes();
            chunk.copy_from_slice(&r[..5]);
        }
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
    }

    fn community(&mut self) -> (usize, &'static Community) {
        let mut roll = self.rng.below(100) as u32;
        for (i, c) in COMMUNITIES.iter().enumerate() {
            if roll < c.weight {
                return (i, c);
            }
            roll -= c.weight;
        }
        (0, &COMMUNITIES[0])
    }

    fn products(&mut self, now: DateTime<Utc>) -> Vec<Product> {
        PRODUCTS
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // French GS1 prefix 376, a company block and the item number.
                let body = format!("3760{:05}{:03}", 12345, i);
                let check = validate::ean_check_digit(&body).unwrap_or(0);
                Product {
                    id: ProductId::from_uuid(self.uuid(now)),
                    code: format!("{body}{check}"),
                    name: p.name.to_string(),
                    price: Money::parse(p.price).unwrap_or(Money::ZERO),
                    tax_rate: Percent::parse(p.tax_rate).unwrap_or(Percent::ZERO),
                    cost: None,
                    category: Some(names::category(i).to_string()),
                }
            })
            .collect()
    }

    /// The `n`-th demo customer.
    fn customer(&mut self, n: u64, now: DateTime<Utc>) -> (DateTime<Utc>, CustomerData) {
        let (ci, c) = self.community();
        let r = &mut self.rng;
        let female = r.chance(52);
        let first = r
            .pick(if female { c.female } else { c.male })
            .copied()
            .unwrap_or("Alex");
        let last = r.pick(c.last).copied().unwrap_or("Martin");
        let entity = r.chance(8);
        let created = now - Duration::minutes(r.below(3 * 365 * 24 * 60) as i64);
        let mut d = CustomerData {
            kind: if entity {
                CustomerKind::Entity
            } else {
                CustomerKind::Person
            },
            first_name: Some(first.to_string()),
            last_name: Some(last.to_string()),
            ..Default::default()
        };
        if r.chance(60) {
            d.title = Some(c.titles[usize::from(!female)].to_string());
        }
        if entity {
            let trade = r.pick(c.trades).copied().unwrap_or("Atelier");
            let form = r.pick(c.company_forms).copied().unwrap_or("");
            d.company_name = Some(format!("{trade} {last} {form}").trim().to_string());
            if c.country == "FR" {
                let siren = luhn_complete(&r.digits(8));
                let key = (12 + 3 * (siren.parse::<u64>().unwrap_or(0) % 97)) % 97;
                d.vat_number = Some(format!("FR{key:02}{siren}"));
                d.company_number = Some(siren);
            }
        }
        if r.chance(70) {
            let domain = r.pick(c.mail_domains).copied().unwrap_or("example.com");
            let n = if r.chance(30) {
                r.below(99).to_string()
            } else {
                String::new()
            };
            d.email = Some(format!("{}.{}{n}@{domain}", fold(first), fold(last)));
        }
        if r.chance(80) {
            d.phone = Some(mobile(r, c.country));
        }
        if r.chance(10) {
            d.phone2 = Some(mobile(r, c.country));
        }
        let street = r.pick(c.streets).copied().unwrap_or("Grand-Rue");
        let number = 1 + r.below(180);
        let suffix = if r.chance(5) {
            if c.number_first {
                " bis"
            } else {
                "a"
            }
        } else {
            ""
        };
        let line1 = if c.number_first {
            format!("{number}{suffix} {street}")
        } else {
            format!("{street} {number}{suffix}")
        };
        let place = self.places.get(ci).and_then(|p| self.rng.pick(p)).copied();
        let r = &mut self.rng;
        d.address = Address {
            line1: Some(line1),
            line2: r.chance(4).then(|| format!("Apt {}", 1 + r.below(40))),
            postal_code: place.map(|p| p.postal_code.to_string()),
            city: place.map(|p| p.city.to_string()),
            country: Some(c.country.to_string()),
        };
        d.position = place
            .and_then(|p| p.position)
            .map(|(lat, lon)| GeoPoint { lat, lon });
        extras(r, n, created, now, entity, &mut d);
        (created, d)
    }

    /// How many sales a customer made in the last year (average about 2).
    fn visits(&mut self) -> u64 {
        const SPREAD: [u64; 10] = [0, 0, 1, 1, 1, 2, 2, 3, 4, 6];
        SPREAD[self.rng.below(10) as usize]
    }

    fn sale(
        &mut self,
        n: usize,
        customer: CustomerId,
        created: DateTime<Utc>,
        now: DateTime<Utc>,
        discount: Percent,
        products: &[Product],
    ) -> Sale {
        let from = created.max(now - Duration::days(365));
        let span = (now - from).num_minutes().max(1) as u64;
        let at = from + Duration::minutes(self.rng.below(span) as i64);
        let lines: Vec<SaleLine> = (0..1 + self.rng.below(4))
            .filter_map(|_| {
                // Skewed towards the first products: a few best sellers.
                let bound = self.rng.below(products.len() as u64) + 1;
                let p = products.get(self.rng.below(bound) as usize)?;
                Some(SaleLine {
                    product_id: Some(p.id),
                    code: p.code.clone(),
                    name: p.name.clone(),
                    quantity: Decimal::from(1 + self.rng.below(3)),
                    unit_price: p.price,
                    discount: Percent::ZERO,
                    tax_rate: p.tax_rate,
                    kind: Default::default(),
                    origin: None,
                    special: None,
                })
            })
            .collect();
        let tax = crate::domain::customer::TaxPreference::Normal;
        let totals = sale::totals(&lines, discount, tax);
        let cash = self.rng.chance(40);
        // Cash customers hand over the next multiple of 5.
        let tendered = Money::from_cents((totals.total.cents() / 500 + 1) * 500);
        let payment = Payment {
            id: PaymentId::from_uuid(self.uuid(at)),
            method: if cash {
                PaymentMethod::Cash
            } else {
                PaymentMethod::Card
            },
            amount: totals.total,
            tendered: cash.then_some(tendered),
            change: cash.then(|| tendered - totals.total),
            points: 0,
            reference: None,
        };
        Sale {
            id: SaleId::from_uuid(self.uuid(at)),
            number: format!("DEMO-{n:07}"),
            created_at: at,
            customer_id: Some(customer),
            group_discount: discount,
            tax,
            lines,
            payments: vec![payment],
            points: crate::domain::loyalty::Program::default().earned(totals.total),
            totals,
            refund_of: None,
        }
    }
}

/// A valid mobile number of `country` in E.164.
fn mobile(r: &mut Rng, country: &str) -> String {
    match country {
        "BE" => format!("+3247{}", r.digits(7)),
        "NL" => format!("+3161{}", r.digits(7)),
        "DE" => format!("+49151{}", r.digits(8)),
        "CH" => format!("+4179{}", r.digits(7)),
        // 06 numbers outside 063x and 069x, which belong to overseas departments.
        _ => {
            let second = [0, 1, 2, 4, 5, 6, 7, 8][r.below(8) as usize];
            format!("+336{second}{}", r.digits(7))
        }
    }
}

/// A demo customer's cards, consents, group and note (in this order: the generator's
/// draws must stay the same for the demo to stay the same).
fn extras(
    r: &mut Rng,
    n: u64,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
    entity: bool,
    d: &mut CustomerData,
) {
    if r.chance(30) {
        // In-store EAN-13 (prefix 29), unique: n times a number prime to 10^10 is a
        // permutation of the card numbers.
        let body = format!(
            "29{:010}",
            n.wrapping_mul(7_919).wrapping_add(12_345) % 10_000_000_000
        );
        let check = validate::ean_check_digit(&body).unwrap_or(0);
        d.references.push(Reference {
            kind: ReferenceKind::Barcode,
            code: format!("{body}{check}"),
        });
    }
    if r.chance(5) {
        let hex: String = (0..6).map(|_| format!("{:02X}", r.below(256))).collect();
        d.references.push(Reference {
            kind: ReferenceKind::Nfc,
            code: format!("04{hex}"),
        });
    }
    let since = (created + Duration::days(r.below(30) as i64))
        .min(now)
        .date_naive();
    d.preferences.marketing_email = Consent {
        granted: d.email.is_some() && r.chance(45),
        since: Some(since),
    };
    d.preferences.marketing_sms = Consent {
        granted: d.phone.is_some() && r.chance(25),
        since: Some(since),
    };
    d.preferences.receipt_by_email = d.email.is_some() && r.chance(20);
    let mut roll = r.below(1000);
    for (name, per_mille) in [
        ("VIP", 50),
        ("Trade", if entity { 500 } else { 10 }),
        ("Staff", 5),
    ] {
        if roll < per_mille {
            d.group = Some(name.to_string());
            break;
        }
        roll -= per_mille;
    }
    if r.chance(3) {
        d.personal_note = Some("Prefers to be called in the afternoon.".into());
    }
}

/// Appends the Luhn check digit to `body`.
fn luhn_complete(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Lower-case ASCII for e-mail local parts: accents dropped, spaces and apostrophes removed.
fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.to_lowercase().chars() {
        match ch {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ß' => out.push_str("ss"),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'a'..='z' | '0'..='9' | '-' => out.push(ch),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
