//! Exports: which customers, in which order, and the exact bytes of a CSV export in
//! every preset (a change to the per-row path must not change a single byte).

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::catalog::Group;
use crate::domain::customer::{
    AccountAllowance, Address, Consent, CustomerData, CustomerKind, GeoPoint, Preferences,
    Reference, ReferenceKind, SepaMandate, TaxPreference,
};
use crate::domain::ids::GroupId;
use crate::domain::money::{Money, Percent};
use crate::exchange::preset::{FIELD_LOOKUPS, PRESETS};
use crate::store::{catalog, Store};

fn add(store: &mut Store, last: &str) -> CustomerId {
    let d = CustomerData {
        last_name: Some(last.into()),
        ..Default::default()
    };
    store.write(|tx| customers::create(tx, &d, "t")).unwrap().id
}

fn names(conn: &rusqlite::Connection, only: Option<&[CustomerId]>) -> Vec<String> {
    let mut out = Vec::new();
    let n = each(conn, only, |c| {
        out.push(c.data.display_name());
        Ok(())
    })
    .unwrap();
    assert_eq!(n as usize, out.len());
    out
}

#[test]
fn a_list_of_ids_is_exported_in_stored_order_without_the_unexportable() {
    let mut store = Store::open_in_memory().unwrap();
    let ids: Vec<CustomerId> = ["A", "B", "C", "D"]
        .into_iter()
        .map(|n| add(&mut store, n))
        .collect();
    store
        .conn()
        .execute("UPDATE customer SET anonymised = 1 WHERE id = ?1", [ids[2]])
        .unwrap();
    let gone = CustomerId::generate();
    assert_eq!(names(store.conn(), None), ["A", "B", "D"]);
    // Any order and repeats in; stored order, once each, out; an anonymised customer
    // and an id no longer stored (deleted since the search) are left out.
    let only = [ids[3], gone, ids[0], ids[2], ids[3], ids[1]];
    assert_eq!(names(store.conn(), Some(&only)), ["A", "B", "D"]);
    assert_eq!(names(store.conn(), Some(&[ids[1]])), ["B"]);
    assert!(names(store.conn(), Some(&[])).is_empty());
}

fn day(d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 3, d)
}

/// A person with every field set, with values a spreadsheet would run as formulas
/// (phones, a negative longitude, `=` and `-` at the start) and values that need quoting
/// (a comma, a double quote, a line break).
fn every_field_person() -> CustomerData {
    CustomerData {
        kind: CustomerKind::Person,
        title: Some("Mme".into()),
        first_name: Some("Anne-Marie".into()),
        last_name: Some("O'Neil, \"Nan\"".into()),
        company_name: Some("Peeters & Zonen".into()),
        email: Some("anne@peeters.example".into()),
        phone: Some("+32470123456".into()),
        phone2: Some("+3225551234".into()),
        vat_number: Some("BE0123456749".into()),
        company_number: Some("0123456749".into()),
        id_document: Some("ID-42".into()),
        address: Address {
            line1: Some("-1 rue du Moins".into()),
            line2: Some("bus 2".into()),
            postal_code: Some("1000".into()),
            city: Some("Bruxelles".into()),
            country: Some("BE".into()),
        },
        position: Some(GeoPoint {
            lat: 50.85,
            lon: -4.35,
        }),
        personal_note: Some("line one\nline two".into()),
        public_note: Some("=SUM(A1)".into()),
        references: vec![
            Reference {
                kind: ReferenceKind::Barcode,
                code: "2000000000015".into(),
            },
            Reference {
                kind: ReferenceKind::Nfc,
                code: "04A23B1C".into(),
            },
        ],
        preferences: Preferences {
            receipt_by_email: true,
            receipt_by_sms: true,
            marketing_email: Consent {
                granted: true,
                since: day(2),
            },
            marketing_sms: Consent {
                granted: true,
                since: day(3),
            },
        },
        sepa: Some(SepaMandate {
            iban: "BE68539007547034".into(),
            bic: Some("GKCCBEBB".into()),
            mandate_ref: "M-1".into(),
            signed_on: NaiveDate::from_ymd_opt(2025, 3, 4).unwrap(),
        }),
        group: Some("VIP".into()),
        tax: TaxPreference::Rate(Percent::parse("5.5").unwrap()),
        account: Some(AccountAllowance {
            credit_limit: Money::from_cents(50_000),
        }),
    }
}

/// A company with every field set and the other answer to every yes/no.
fn every_field_entity() -> CustomerData {
    CustomerData {
        kind: CustomerKind::Entity,
        title: Some("M.".into()),
        first_name: Some("Jan".into()),
        last_name: Some("Janssens".into()),
        company_name: Some("Bakkerij Janssens".into()),
        email: Some("info@janssens.example".into()),
        phone: Some("+3238889900".into()),
        phone2: Some("+32475667788".into()),
        vat_number: Some("BE0987654321".into()),
        company_number: Some("0987654321".into()),
        id_document: Some("KBO".into()),
        address: Address {
            line1: Some("Meir 1".into()),
            line2: Some("@ the corner".into()),
            postal_code: Some("2000".into()),
            city: Some("Antwerpen".into()),
            country: Some("BE".into()),
        },
        position: Some(GeoPoint {
            lat: -33.9,
            lon: 18.4,
        }),
        personal_note: Some("pays on time".into()),
        public_note: Some("deliveries at the back".into()),
        references: vec![Reference {
            kind: ReferenceKind::Nfc,
            code: "04FFEE01".into(),
        }],
        preferences: Preferences {
            receipt_by_email: false,
            receipt_by_sms: false,
            marketing_email: Consent {
                granted: false,
                since: day(5),
            },
            marketing_sms: Consent {
                granted: false,
                since: day(6),
            },
        },
        sepa: Some(SepaMandate {
            iban: "BE71096123456769".into(),
            bic: None,
            mandate_ref: "M-2".into(),
            signed_on: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
        }),
        group: Some("Pro".into()),
        tax: TaxPreference::Exempt,
        account: Some(AccountAllowance {
            credit_limit: Money::from_cents(123_450),
        }),
    }
}

/// A store holding the two customers above, with fixed ids and times.
fn store_with_every_field() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let at = Utc.with_ymd_and_hms(2025, 3, 8, 9, 10, 11).unwrap();
    store
        .write(|tx| {
            for name in ["VIP", "Pro"] {
                let g = Group {
                    id: GroupId::generate(),
                    name: name.into(),
                    discount: Percent::ZERO,
                };
                catalog::create_group(tx, &g, "t")?;
            }
            let ids = [
                "0195743a-0000-7000-8000-000000000001",
                "0195743a-0000-7000-8000-000000000002",
            ];
            for (id, d) in ids.iter().zip([every_field_person(), every_field_entity()]) {
                customers::insert_row(tx, id.parse().unwrap(), &d, at)?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .unwrap();
    store
}

fn csv_text(store: &Store, preset: &Preset) -> String {
    let mut out = Vec::new();
    let n = csv(store.conn(), preset, None, &mut out).unwrap();
    assert_eq!(n, 2, "{}", preset.name);
    String::from_utf8(out).unwrap()
}

/// The CSV export of [`store_with_every_field`] in each preset, line by line (the
/// person's note holds a line break, so her row takes two lines).
const EXPORTED: &[(&str, &[&str])] = &[
    (
        "comptoir",
        &[
            "id,kind,title,first_name,last_name,company_name,email,phone,phone2,vat_number,company_number,id_document,address.line1,address.line2,address.postal_code,address.city,address.country,position.lat,position.lon,personal_note,public_note,references,group,receipt_by_email,receipt_by_sms,marketing_email,marketing_email_since,marketing_sms,marketing_sms_since,sepa.iban,sepa.bic,sepa.mandate_ref,sepa.signed_on,tax,account.credit_limit,created_at,updated_at",
            "0195743a-0000-7000-8000-000000000001,person,Mme,Anne-Marie,\"O'Neil, \"\"Nan\"\"\",Peeters & Zonen,anne@peeters.example,'+32470123456,'+3225551234,BE0123456749,0123456749,ID-42,'-1 rue du Moins,bus 2,1000,Bruxelles,BE,50.85,'-4.35,\"line one",
            "line two\",'=SUM(A1),barcode:2000000000015 nfc:04A23B1C,VIP,yes,yes,yes,2025-03-02,yes,2025-03-03,BE68539007547034,GKCCBEBB,M-1,2025-03-04,5.5,500.00,2025-03-08T09:10:11.000Z,2025-03-08T09:10:11.000Z",
            "0195743a-0000-7000-8000-000000000002,entity,M.,Jan,Janssens,Bakkerij Janssens,info@janssens.example,'+3238889900,'+32475667788,BE0987654321,0987654321,KBO,Meir 1,'@ the corner,2000,Antwerpen,BE,'-33.9,18.4,pays on time,deliveries at the back,nfc:04FFEE01,Pro,no,no,no,2025-03-05,no,2025-03-06,BE71096123456769,,M-2,2025-03-07,exempt,1234.50,2025-03-08T09:10:11.000Z,2025-03-08T09:10:11.000Z",
        ],
    ),
    (
        "shopify",
        &[
            "First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Country Code,Default Address Zip,Phone,Accepts SMS Marketing,Note,Tax Exempt,Tags",
            "Anne-Marie,\"O'Neil, \"\"Nan\"\"\",anne@peeters.example,yes,Peeters & Zonen,'-1 rue du Moins,bus 2,Bruxelles,BE,1000,'+32470123456,yes,\"line one",
            "line two\",no,VIP",
            "Jan,Janssens,info@janssens.example,no,Bakkerij Janssens,Meir 1,'@ the corner,Antwerpen,BE,2000,'+3238889900,no,pays on time,yes,Pro",
        ],
    ),
    (
        "lightspeed",
        &[
            "customer_code,first_name,last_name,company_name,email,phone,mobile,physical_address1,physical_address2,physical_city,physical_postcode,physical_country_id,customer_group_name,note,do_not_email",
            "2000000000015,Anne-Marie,\"O'Neil, \"\"Nan\"\"\",Peeters & Zonen,anne@peeters.example,'+32470123456,'+3225551234,'-1 rue du Moins,bus 2,Bruxelles,1000,BE,VIP,\"line one",
            "line two\",no",
            ",Jan,Janssens,Bakkerij Janssens,info@janssens.example,'+3238889900,'+32475667788,Meir 1,'@ the corner,Antwerpen,2000,BE,Pro,pays on time,yes",
        ],
    ),
    (
        "woocommerce",
        &[
            "first_name,last_name,email,billing_company,billing_phone,billing_address_1,billing_address_2,billing_postcode,billing_city,billing_country",
            "Anne-Marie,\"O'Neil, \"\"Nan\"\"\",anne@peeters.example,Peeters & Zonen,'+32470123456,'-1 rue du Moins,bus 2,1000,Bruxelles,BE",
            "Jan,Janssens,info@janssens.example,Bakkerij Janssens,'+3238889900,Meir 1,'@ the corner,2000,Antwerpen,BE",
        ],
    ),
    (
        "prestashop",
        &[
            "Social title,First name,Last name,Email,Company,Newsletter,Address,Address (2),Postal code,City,Country,Phone,VAT number",
            "Mme,Anne-Marie,\"O'Neil, \"\"Nan\"\"\",anne@peeters.example,Peeters & Zonen,yes,'-1 rue du Moins,bus 2,1000,Bruxelles,BE,'+32470123456,BE0123456749",
            "M.,Jan,Janssens,info@janssens.example,Bakkerij Janssens,no,Meir 1,'@ the corner,2000,Antwerpen,BE,'+3238889900,BE0987654321",
        ],
    ),
    (
        "square",
        &[
            "Reference ID,First Name,Last Name,Email Address,Phone Number,Company Name,Street Address 1,Street Address 2,City,Postal Code,Country,Memo,Email Subscription Status",
            "2000000000015,Anne-Marie,\"O'Neil, \"\"Nan\"\"\",anne@peeters.example,'+32470123456,Peeters & Zonen,'-1 rue du Moins,bus 2,Bruxelles,1000,BE,\"line one",
            "line two\",Subscribed",
            ",Jan,Janssens,info@janssens.example,'+3238889900,Bakkerij Janssens,Meir 1,'@ the corner,Antwerpen,2000,BE,pays on time,Unsubscribed",
        ],
    ),
    (
        "odoo",
        &[
            "Name,Is a Company,Related Company,Street,Street2,Zip,City,Country,Phone,Mobile,Email,Tax ID,Reference,Tags,Notes",
            "\"Anne-Marie O'Neil, \"\"Nan\"\"\",no,Peeters & Zonen,'-1 rue du Moins,bus 2,1000,Bruxelles,BE,'+32470123456,'+3225551234,anne@peeters.example,BE0123456749,2000000000015,VIP,\"line one",
            "line two\"",
            "Bakkerij Janssens,yes,Bakkerij Janssens,Meir 1,'@ the corner,2000,Antwerpen,BE,'+3238889900,'+32475667788,info@janssens.example,BE0987654321,,Pro,pays on time",
        ],
    ),
];

#[test]
fn the_csv_export_of_every_field_is_byte_for_byte_the_same_in_every_preset() {
    let store = store_with_every_field();
    let mut seen = Vec::new();
    for p in PRESETS {
        let Some((_, lines)) = EXPORTED.iter().find(|(name, _)| *name == p.name) else {
            panic!("no expected export for the preset {}", p.name);
        };
        let want: String = lines.iter().map(|l| format!("{l}\n")).collect();
        assert_eq!(csv_text(&store, p), want, "{}", p.name);
        seen.push(p.name);
    }
    assert_eq!(
        seen.len(),
        EXPORTED.len(),
        "an expected export of no preset"
    );
}

/// `Preset::field` calls made on this thread while `f` runs.
fn lookups_during(f: impl FnOnce()) -> usize {
    let before = FIELD_LOOKUPS.with(|n| n.get());
    f();
    FIELD_LOOKUPS.with(|n| n.get()) - before
}

#[test]
fn a_csv_export_looks_the_preset_headers_up_once_whatever_the_number_of_customers() {
    let mut store = store_with_every_field();
    let mut few = Vec::new();
    for p in PRESETS {
        few.push(lookups_during(|| {
            csv(store.conn(), p, None, &mut Vec::new()).unwrap();
        }));
    }
    for i in 0..50 {
        add(&mut store, &format!("Customer {i}"));
    }
    for (p, few) in PRESETS.iter().zip(few) {
        let many = lookups_during(|| {
            csv(store.conn(), p, None, &mut Vec::new()).unwrap();
        });
        assert_eq!(many, few, "{}: lookups grow with the customers", p.name);
        assert!(many <= p.export.len(), "{}: {many} lookups", p.name);
    }
}

#[test]
fn export_columns_are_resolved_from_the_header_once() {
    let by_name = |name: &str| PRESETS.iter().find(|p| p.name == name).unwrap();
    let own = columns(by_name("comptoir"));
    assert_eq!(own.len(), by_name("comptoir").export.len());
    assert_eq!(own.first(), Some(&Column::Id));
    assert_eq!(own[own.len() - 2..], [Column::CreatedAt, Column::UpdatedAt]);
    // Lightspeed's "phone" and "mobile" both feed the phone on import; on export the
    // second one carries the second phone.
    let phones: Vec<Column> = columns(by_name("lightspeed"))
        .into_iter()
        .filter(|c| matches!(c, Column::Field(Field::Phone | Field::Phone2)))
        .collect();
    assert_eq!(
        phones,
        [Column::Field(Field::Phone), Column::Field(Field::Phone2)]
    );
    assert_eq!(
        columns(by_name("square")).last(),
        Some(&Column::EmailSubscription)
    );
    for p in PRESETS {
        assert!(!columns(p).contains(&Column::Empty), "{}", p.name);
    }
}
