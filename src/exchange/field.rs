//! The customer fields a column can feed, named as in the Customer JSON (README), and how
//! each is written back on export.
//!
//! A field name is what `--map COLUMN=FIELD` and the `[columns]` table of a mapping file
//! take. Several columns may feed the same field: names and single values take the first
//! non-empty one, phones and e-mails collect all (the first is the main one, the second
//! phone becomes `phone2`, the rest go to the note), tags and notes are joined.

use std::borrow::Cow;

use crate::domain::customer::{CustomerData, CustomerKind, ReferenceKind, TaxPreference};
use crate::store::customers::kind_text;

/// Where a column's values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// "person" or "entity".
    Kind,
    /// A yes/no "is a company" flag (Odoo).
    IsCompany,
    Title,
    FirstName,
    LastName,
    /// A whole name, split at the last space ("Jean-Pierre Dupont").
    FullName,
    CompanyName,
    Email,
    Phone,
    Phone2,
    VatNumber,
    CompanyNumber,
    IdDocument,
    Line1,
    Line2,
    PostalCode,
    City,
    /// An ISO code or a country name in a common language.
    Country,
    Lat,
    Lon,
    PersonalNote,
    PublicNote,
    /// A loyalty barcode (customer code, card number).
    Reference,
    /// An NFC tag UID.
    Nfc,
    /// Several references, `barcode:CODE nfc:UID` (comptoir's own export).
    References,
    /// Comma-separated tags: the first naming an existing group sets the group, the rest
    /// go to the note.
    Tags,
    /// A group's exact name.
    Group,
    ReceiptByEmail,
    ReceiptBySms,
    MarketingEmail,
    MarketingEmailSince,
    MarketingSms,
    MarketingSmsSince,
    /// "Do not e-mail": yes means no e-mail marketing consent.
    NoMarketingEmail,
    Iban,
    Bic,
    MandateRef,
    MandateSignedOn,
    /// "normal", "exempt" or a rate ("5.5").
    Tax,
    /// yes/no: yes means tax exempt.
    TaxExempt,
    CreditLimit,
    /// Read and dropped on purpose (listed as ignored in the report).
    Ignore,
}

/// Every field with its canonical name, in export order.
pub const ALL: [(Field, &str); 43] = [
    (Field::Kind, "kind"),
    (Field::IsCompany, "is_company"),
    (Field::Title, "title"),
    (Field::FirstName, "first_name"),
    (Field::LastName, "last_name"),
    (Field::FullName, "name"),
    (Field::CompanyName, "company_name"),
    (Field::Email, "email"),
    (Field::Phone, "phone"),
    (Field::Phone2, "phone2"),
    (Field::VatNumber, "vat_number"),
    (Field::CompanyNumber, "company_number"),
    (Field::IdDocument, "id_document"),
    (Field::Line1, "address.line1"),
    (Field::Line2, "address.line2"),
    (Field::PostalCode, "address.postal_code"),
    (Field::City, "address.city"),
    (Field::Country, "address.country"),
    (Field::Lat, "position.lat"),
    (Field::Lon, "position.lon"),
    (Field::PersonalNote, "personal_note"),
    (Field::PublicNote, "public_note"),
    (Field::Reference, "reference"),
    (Field::Nfc, "nfc"),
    (Field::References, "references"),
    (Field::Tags, "tags"),
    (Field::Group, "group"),
    (Field::ReceiptByEmail, "receipt_by_email"),
    (Field::ReceiptBySms, "receipt_by_sms"),
    (Field::MarketingEmail, "marketing_email"),
    (Field::MarketingEmailSince, "marketing_email_since"),
    (Field::MarketingSms, "marketing_sms"),
    (Field::MarketingSmsSince, "marketing_sms_since"),
    (Field::NoMarketingEmail, "no_marketing_email"),
    (Field::Iban, "sepa.iban"),
    (Field::Bic, "sepa.bic"),
    (Field::MandateRef, "sepa.mandate_ref"),
    (Field::MandateSignedOn, "sepa.signed_on"),
    (Field::Tax, "tax"),
    (Field::TaxExempt, "tax_exempt"),
    (Field::CreditLimit, "account.credit_limit"),
    (Field::Ignore, "ignore"),
    (Field::Ignore, "skip"),
];

/// Short aliases accepted in mappings besides the canonical names.
const ALIASES: [(&str, Field); 10] = [
    ("line1", Field::Line1),
    ("line2", Field::Line2),
    ("postal_code", Field::PostalCode),
    ("city", Field::City),
    ("country", Field::Country),
    ("company", Field::CompanyName),
    ("note", Field::PersonalNote),
    ("iban", Field::Iban),
    ("lat", Field::Lat),
    ("lon", Field::Lon),
];

impl Field {
    /// The field a mapping names, case-insensitively.
    pub fn parse(name: &str) -> Option<Field> {
        let n = name.trim().to_ascii_lowercase();
        ALL.iter()
            .find(|(_, s)| *s == n)
            .map(|(f, _)| *f)
            .or_else(|| ALIASES.iter().find(|(s, _)| *s == n).map(|(_, f)| *f))
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        ALL.iter()
            .find(|(f, _)| *f == self)
            .map_or("ignore", |(_, s)| s)
    }

    /// Every canonical name, for error messages.
    pub fn names() -> String {
        ALL.iter()
            .map(|(_, n)| *n)
            .filter(|n| *n != "skip")
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The text this field holds for a stored customer, for export (empty when unset);
    /// borrowed from the customer where it is stored as written.
    pub fn render(self, d: &CustomerData) -> Cow<'_, str> {
        let yes = |b: bool| Cow::Borrowed(if b { "yes" } else { "no" });
        let date =
            |v: Option<chrono::NaiveDate>| Cow::Owned(v.map(|d| d.to_string()).unwrap_or_default());
        let p = &d.preferences;
        match self {
            Field::Kind => match d.kind {
                CustomerKind::Person => "person".into(),
                CustomerKind::Entity => "entity".into(),
            },
            Field::IsCompany => yes(d.kind == CustomerKind::Entity),
            Field::Title => text(&d.title),
            Field::FirstName => text(&d.first_name),
            Field::LastName => text(&d.last_name),
            Field::FullName => d.display_name().into(),
            Field::CompanyName => text(&d.company_name),
            Field::Email => text(&d.email),
            Field::Phone => text(&d.phone),
            Field::Phone2 => text(&d.phone2),
            Field::VatNumber => text(&d.vat_number),
            Field::CompanyNumber => text(&d.company_number),
            Field::IdDocument => text(&d.id_document),
            Field::Line1 => text(&d.address.line1),
            Field::Line2 => text(&d.address.line2),
            Field::PostalCode => text(&d.address.postal_code),
            Field::City => text(&d.address.city),
            Field::Country => text(&d.address.country),
            Field::Lat => d
                .position
                .map(|p| p.lat.to_string())
                .unwrap_or_default()
                .into(),
            Field::Lon => d
                .position
                .map(|p| p.lon.to_string())
                .unwrap_or_default()
                .into(),
            Field::PersonalNote => text(&d.personal_note),
            Field::PublicNote => text(&d.public_note),
            Field::Reference => first_ref(d, ReferenceKind::Barcode).into(),
            Field::Nfc => first_ref(d, ReferenceKind::Nfc).into(),
            Field::References => d
                .references
                .iter()
                .map(|r| format!("{}:{}", kind_text(r.kind), r.code))
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
            Field::Tags | Field::Group => text(&d.group),
            Field::ReceiptByEmail => yes(p.receipt_by_email),
            Field::ReceiptBySms => yes(p.receipt_by_sms),
            Field::MarketingEmail => yes(p.marketing_email.granted),
            Field::MarketingEmailSince => date(p.marketing_email.since),
            Field::MarketingSms => yes(p.marketing_sms.granted),
            Field::MarketingSmsSince => date(p.marketing_sms.since),
            Field::NoMarketingEmail => yes(!p.marketing_email.granted),
            Field::Iban => d.sepa.as_ref().map_or("", |m| m.iban.as_str()).into(),
            Field::Bic => d
                .sepa
                .as_ref()
                .and_then(|m| m.bic.as_deref())
                .unwrap_or_default()
                .into(),
            Field::MandateRef => d
                .sepa
                .as_ref()
                .map_or("", |m| m.mandate_ref.as_str())
                .into(),
            Field::MandateSignedOn => date(d.sepa.as_ref().map(|m| m.signed_on)),
            Field::Tax => match d.tax {
                TaxPreference::Normal => "normal".into(),
                TaxPreference::Exempt => "exempt".into(),
                TaxPreference::Rate(r) => r.as_decimal().normalize().to_string().into(),
            },
            Field::TaxExempt => yes(d.tax == TaxPreference::Exempt),
            Field::CreditLimit => d
                .account
                .map(|a| a.credit_limit.to_string())
                .unwrap_or_default()
                .into(),
            Field::Ignore => "".into(),
        }
    }
}

/// An optional text field as written, empty when unset.
fn text(v: &Option<String>) -> Cow<'_, str> {
    Cow::Borrowed(v.as_deref().unwrap_or_default())
}

fn first_ref(d: &CustomerData, kind: ReferenceKind) -> &str {
    d.references
        .iter()
        .find(|r| r.kind == kind)
        .map_or("", |r| r.code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for (f, n) in ALL {
            assert_eq!(Field::parse(n), Some(f), "{n}");
        }
        assert_eq!(Field::parse(" Postal_Code "), Some(Field::PostalCode));
        assert_eq!(Field::parse("frist_name"), None);
        assert_eq!(Field::Line1.name(), "address.line1");
    }
}
