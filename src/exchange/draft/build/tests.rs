use super::*;
use crate::domain::customer::TaxPreference;
use crate::domain::money::Percent;

fn groups() -> Groups {
    [("vip".to_string(), "VIP".to_string())]
        .into_iter()
        .collect()
}

fn draft(cells: &[(Field, &str)]) -> Draft {
    let mut d = Draft::new();
    for (i, (f, v)) in cells.iter().enumerate() {
        d.set(*f, &format!("col{i}"), v);
    }
    d
}

#[test]
fn nameless_rows_take_the_email_local_part_or_are_refused() {
    let out = draft(&[(Field::Email, "jean.dupont@example.fr")]).build(&groups());
    let b = out.built.unwrap();
    assert_eq!(b.data.last_name.as_deref(), Some("jean.dupont"));
    assert!(b.name_derived);
    assert!(out.warnings[0].message.contains("used as last name"));
    let out = draft(&[(Field::City, "Paris")]).build(&groups());
    assert!(out.built.is_none());
    assert!(out.refusals[0].message.contains("no name, e-mail or phone"));
}

#[test]
fn kind_from_company_full_name_and_flags() {
    let b = draft(&[(Field::CompanyName, "Acme SA")])
        .build(&groups())
        .built
        .unwrap();
    assert_eq!(b.data.kind, CustomerKind::Entity);
    let b = draft(&[(Field::FullName, "Acme SA"), (Field::IsCompany, "True")])
        .build(&groups())
        .built
        .unwrap();
    assert_eq!(
        (b.data.kind, b.data.company_name.as_deref()),
        (CustomerKind::Entity, Some("Acme SA"))
    );
    let b = draft(&[(Field::FullName, "Jean-Pierre de la Tour")])
        .build(&groups())
        .built
        .unwrap();
    assert_eq!(b.data.first_name.as_deref(), Some("Jean-Pierre de la"));
    assert_eq!(b.data.last_name.as_deref(), Some("Tour"));
    let b = draft(&[(Field::FirstName, "Ann"), (Field::CompanyName, "Acme")])
        .build(&groups())
        .built
        .unwrap();
    assert_eq!(b.data.kind, CustomerKind::Person);
}

#[test]
fn phones_emails_and_tags_spill_into_the_note() {
    let out = draft(&[
        (Field::LastName, "X"),
        (Field::Phone, "0612345678"),
        (Field::Phone, "0142685300"),
        (Field::Phone, "0123456789"),
        (Field::Email, "a@example.fr"),
        (Field::Email, "b@example.fr"),
        (Field::Tags, "vip, newsletter;  sport"),
        (Field::PersonalNote, "hello"),
    ])
    .build(&groups());
    let d = out.built.unwrap().data;
    assert_eq!(
        (d.phone.as_deref(), d.phone2.as_deref()),
        (Some("0612345678"), Some("0142685300"))
    );
    assert_eq!(d.group.as_deref(), Some("VIP"));
    let note = d.personal_note.unwrap();
    assert_eq!(
        note,
        "hello\nOther e-mails: b@example.fr\nOther phones: 0123456789\nTags: newsletter, sport"
    );
}

#[test]
fn countries_groups_and_consents() {
    let out = draft(&[
        (Field::LastName, "X"),
        (Field::Country, "Belgique"),
        (Field::MarketingEmail, "Subscribed"),
    ])
    .build(&groups());
    let b = out.built.unwrap();
    assert_eq!(b.data.address.country.as_deref(), Some("BE"));
    assert!(b.data.preferences.marketing_email.granted && b.provided.marketing_email);
    let out = draft(&[(Field::LastName, "X"), (Field::Country, "Gnuland")]).build(&groups());
    assert!(out.refusals[0].message.contains("ISO code"));
    let out = draft(&[(Field::LastName, "X"), (Field::Group, "Gold")]).build(&groups());
    assert!(out.built.unwrap().data.group.is_none());
    assert!(out.warnings[0].message.contains("create it"));
    let out = draft(&[(Field::LastName, "X"), (Field::NoMarketingEmail, "1")]).build(&groups());
    let b = out.built.unwrap();
    assert!(!b.data.preferences.marketing_email.granted && b.provided.marketing_email);
    let out =
        draft(&[(Field::LastName, "X"), (Field::MarketingEmail, "peut-être")]).build(&groups());
    assert!(out.warnings[0].message.contains("read as no"));
}

#[test]
fn comptoir_columns_round_trip() {
    let out = draft(&[
        (Field::Kind, "entity"),
        (Field::CompanyName, "Acme"),
        (Field::References, "barcode:4006381333931 nfc:04A23B1C"),
        (Field::Lat, "48.85"),
        (Field::Lon, "'-2.35"),
        (Field::Iban, "FR1420041010050500013M02606"),
        (Field::MandateRef, "M-1"),
        (Field::MandateSignedOn, "2026-03-01"),
        (Field::Tax, "5.5"),
        (Field::CreditLimit, "500.00"),
        (Field::MarketingEmailSince, "2026-01-02"),
    ])
    .build(&groups());
    let d = out.built.unwrap().data;
    assert_eq!(d.references.len(), 2);
    assert_eq!(d.position.map(|p| p.lon), Some(-2.35));
    assert!(d.sepa.is_some() && d.account.is_some());
    assert_eq!(d.tax, TaxPreference::Rate(Percent::parse("5.5").unwrap()));
    let out = draft(&[
        (Field::LastName, "X"),
        (Field::Iban, "FR1420041010050500013M02606"),
    ])
    .build(&groups());
    assert!(out.refusals[0].message.contains("SEPA"));
    let out = draft(&[(Field::LastName, "X"), (Field::CreditLimit, "lots")]).build(&groups());
    assert!(out.built.is_none());
}
