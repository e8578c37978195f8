//! The customer form: create (essential fields) or edit (every field), validated inline.
//!
//! A form is a list of text fields over a base [`CustomerData`]; [`Form::validate`] reads
//! them back into data (what cannot be parsed becomes a field error), then
//! `CustomerData::validate` gives every broken rule at once. Errors are shown next to
//! their fields and nothing typed is ever cleared by a failed save.
//!
//! Invariants: validation is pure (no IO: the postal table is embedded); fields not on
//! the form keep the base's values; a form for a new product, and the products and
//! groups screens' forms (`catalog.rs`), reuse the same machinery with their own keys.

use super::text_input::TextInput;
use crate::domain::customer::{
    CustomerData, CustomerKind, FieldError, Reference, ReferenceKind, TaxPreference,
    ValidationContext,
};
use crate::domain::ids::CustomerId;
use crate::domain::postal;

/// A field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    Kind,
    Title,
    FirstName,
    LastName,
    Company,
    Phone,
    Email,
    Phone2,
    Line1,
    Line2,
    PostalCode,
    City,
    Country,
    /// The GPS position, "latitude, longitude" (derived from the postal code when empty).
    Position,
    Vat,
    CompanyNumber,
    IdDocument,
    Group,
    Tax,
    CreditLimit,
    Iban,
    Bic,
    MandateRef,
    SignedOn,
    MarketingEmail,
    MarketingSms,
    ReceiptEmail,
    ReceiptSms,
    References,
    PersonalNote,
    PublicNote,
    // New product.
    ProductName,
    ProductPrice,
    ProductTax,
    ProductCost,
    // The products screen's form adds these.
    ProductCode,
    ProductCategory,
    // The groups screen's form.
    GroupName,
    GroupDiscount,
}

use FieldKey as F;

/// The fields of a customer created in the middle of a sale.
pub const ESSENTIAL: [FieldKey; 9] = [
    F::Kind,
    F::FirstName,
    F::LastName,
    F::Company,
    F::Phone,
    F::Email,
    F::Line1,
    F::PostalCode,
    F::City,
];

/// Every field of the card's Info tab.
pub const ALL: [FieldKey; 31] = [
    F::Kind,
    F::Title,
    F::FirstName,
    F::LastName,
    F::Company,
    F::Phone,
    F::Email,
    F::Phone2,
    F::Line1,
    F::Line2,
    F::PostalCode,
    F::City,
    F::Country,
    F::Position,
    F::Vat,
    F::CompanyNumber,
    F::IdDocument,
    F::Group,
    F::Tax,
    F::CreditLimit,
    F::Iban,
    F::Bic,
    F::MandateRef,
    F::SignedOn,
    F::MarketingEmail,
    F::MarketingSms,
    F::ReceiptEmail,
    F::ReceiptSms,
    F::References,
    F::PersonalNote,
    F::PublicNote,
];

impl FieldKey {
    /// The validation path(s) this field answers for (as in `FieldError::field`).
    pub fn owns(self, path: &str) -> bool {
        let p = match self {
            F::Kind => "kind",
            F::Title => "title",
            F::FirstName => "first_name",
            F::LastName => "last_name",
            F::Company => "company_name",
            F::Phone => "phone",
            F::Email => "email",
            F::Phone2 => "phone2",
            F::Line1 => "address.line1",
            F::Line2 => "address.line2",
            F::PostalCode => "address.postal_code",
            F::City => "address.city",
            F::Country => "address.country",
            F::Position => "position",
            F::Vat => "vat_number",
            F::CompanyNumber => "company_number",
            F::IdDocument => "id_document",
            F::Group => "group",
            F::Tax => "tax.rate",
            F::CreditLimit => "account.credit_limit",
            F::Iban => "sepa.iban",
            F::Bic => "sepa.bic",
            F::MandateRef => "sepa.mandate_ref",
            F::SignedOn => "sepa.signed_on",
            F::MarketingEmail => "preferences.marketing_email",
            F::MarketingSms => "preferences.marketing_sms",
            F::ReceiptEmail => "preferences.receipt_by_email",
            F::ReceiptSms => "preferences.receipt_by_sms",
            F::References => return path.starts_with("references"),
            F::PersonalNote => "personal_note",
            F::PublicNote => "public_note",
            F::ProductName => "product.name",
            F::ProductPrice => "product.price",
            F::ProductTax => "product.tax_rate",
            F::ProductCost => "product.cost",
            F::ProductCode => "product.code",
            F::ProductCategory => "product.category",
            F::GroupName => "group.name",
            F::GroupDiscount => "group.discount",
        };
        p == path
    }

    /// Yes/no and person/entity fields change with Space (or the Toggle key).
    /// A field only the manager may change (a discount, a tax exemption, credit): shown to
    /// the cashier, edited with the role unlocked; the service checks it again.
    pub fn manager_only(self) -> bool {
        matches!(self, F::Group | F::Tax | F::CreditLimit)
    }

    pub fn is_toggle(self) -> bool {
        matches!(
            self,
            F::Kind | F::MarketingEmail | F::MarketingSms | F::ReceiptEmail | F::ReceiptSms
        )
    }
}

/// What the form is for.
#[derive(Debug, Clone, PartialEq)]
pub enum FormPurpose {
    /// A new customer; attach it to the ticket once saved; with a scanned reference.
    Create {
        attach: bool,
        reference: Option<Reference>,
    },
    Edit(CustomerId),
    Product,
    /// The products screen: a new product (`None`) or the one whose code this was.
    Catalog(Option<String>),
    /// The groups screen: a new group (`None`) or the one of this name.
    Group(Option<String>),
}

/// A form being filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub purpose: FormPurpose,
    pub fields: Vec<(FieldKey, TextInput)>,
    pub focus: usize,
    pub errors: Vec<FieldError>,
    /// Values of the fields not on the form.
    pub base: CustomerData,
    /// The city was filled from the postal code (and may be refilled).
    pub city_auto: bool,
    pub saving: bool,
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl Form {
    /// A form showing `keys` over `base`.
    pub fn new(purpose: FormPurpose, keys: &[FieldKey], base: CustomerData) -> Form {
        let d = &base;
        let value = |k: FieldKey| -> String {
            match k {
                F::Kind => match d.kind {
                    CustomerKind::Person => "person".into(),
                    CustomerKind::Entity => "entity".into(),
                },
                F::Title => opt(&d.title),
                F::FirstName => opt(&d.first_name),
                F::LastName => opt(&d.last_name),
                F::Company => opt(&d.company_name),
                F::Phone => d
                    .phone
                    .as_deref()
                    .map(crate::domain::validate::phone_international)
                    .unwrap_or_default(),
                F::Email => opt(&d.email),
                F::Phone2 => d
                    .phone2
                    .as_deref()
                    .map(crate::domain::validate::phone_international)
                    .unwrap_or_default(),
                F::Line1 => opt(&d.address.line1),
                F::Line2 => opt(&d.address.line2),
                F::PostalCode => opt(&d.address.postal_code),
                F::City => opt(&d.address.city),
                F::Country => opt(&d.address.country),
                F::Position => d.position.map(position_text).unwrap_or_default(),
                F::Vat => opt(&d.vat_number),
                F::CompanyNumber => opt(&d.company_number),
                F::IdDocument => opt(&d.id_document),
                F::Group => opt(&d.group),
                F::Tax => match d.tax {
                    TaxPreference::Normal => "normal".into(),
                    TaxPreference::Exempt => "exempt".into(),
                    TaxPreference::Rate(r) => r.to_string(),
                },
                F::CreditLimit => d
                    .account
                    .map(|a| a.credit_limit.to_string())
                    .unwrap_or_default(),
                F::Iban => d.sepa.as_ref().map(|s| s.iban.clone()).unwrap_or_default(),
                F::Bic => d
                    .sepa
                    .as_ref()
                    .and_then(|s| s.bic.clone())
                    .unwrap_or_default(),
                F::MandateRef => d
                    .sepa
                    .as_ref()
                    .map(|s| s.mandate_ref.clone())
                    .unwrap_or_default(),
                F::SignedOn => d
                    .sepa
                    .as_ref()
                    .map(|s| s.signed_on.to_string())
                    .unwrap_or_default(),
                F::MarketingEmail => yes(d.preferences.marketing_email.granted).into(),
                F::MarketingSms => yes(d.preferences.marketing_sms.granted).into(),
                F::ReceiptEmail => yes(d.preferences.receipt_by_email).into(),
                F::ReceiptSms => yes(d.preferences.receipt_by_sms).into(),
                F::References => d
                    .references
                    .iter()
                    .map(|r| match r.kind {
                        ReferenceKind::Barcode => r.code.clone(),
                        ReferenceKind::Nfc => format!("nfc:{}", r.code),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                F::PersonalNote => opt(&d.personal_note),
                F::PublicNote => opt(&d.public_note),
                F::ProductName
                | F::ProductPrice
                | F::ProductTax
                | F::ProductCost
                | F::ProductCode
                | F::ProductCategory
                | F::GroupName
                | F::GroupDiscount => String::new(),
            }
        };
        let fields = keys
            .iter()
            .map(|k| (*k, TextInput::with(&value(*k))))
            .collect();
        Form {
            purpose,
            fields,
            focus: 0,
            errors: Vec::new(),
            base,
            city_auto: false,
            saving: false,
        }
    }

    /// A form for a product with an unknown code, its tax rate prefilled with `rate` (the
    /// shop's standard rate; empty when the shop has none).
    pub fn product(rate: Option<crate::domain::money::Percent>) -> Form {
        let mut f = Form::new(
            FormPurpose::Product,
            &[
                F::ProductName,
                F::ProductPrice,
                F::ProductTax,
                F::ProductCost,
            ],
            CustomerData::default(),
        );
        if let Some((_, t)) = f.fields.get_mut(2) {
            t.set(&rate.map(|r| r.as_decimal().to_string()).unwrap_or_default());
        }
        f
    }

    pub fn value(&self, key: FieldKey) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| t.text())
    }

    pub fn focused(&self) -> Option<FieldKey> {
        self.fields.get(self.focus).map(|(k, _)| *k)
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        self.fields.get_mut(self.focus).map(|(_, t)| t)
    }

    pub fn set(&mut self, key: FieldKey, text: &str) {
        if let Some((_, t)) = self.fields.iter_mut().find(|(k, _)| *k == key) {
            t.set(text);
        }
    }

    /// Errors that belong to `key`.
    pub fn errors_for(&self, key: FieldKey) -> impl Iterator<Item = &FieldError> {
        self.errors.iter().filter(move |e| key.owns(&e.field))
    }

    /// Errors that no field on the form owns.
    pub fn other_errors(&self) -> impl Iterator<Item = &FieldError> {
        self.errors
            .iter()
            .filter(|e| !self.fields.iter().any(|(k, _)| k.owns(&e.field)))
    }

    /// Flips a toggle field.
    pub fn toggle(&mut self) {
        let Some(key) = self.focused() else { return };
        let Some(input) = self.input_mut() else {
            return;
        };
        let next = match (key, input.text()) {
            (F::Kind, "person") => "entity",
            (F::Kind, _) => "person",
            (_, "yes") => "no",
            _ => "yes",
        };
        input.set(next);
    }

    /// The country postal codes are read for: the form's, else the base's, else `shop`.
    fn country(&self, shop: &str) -> String {
        self.value(F::Country)
            .filter(|c| !c.trim().is_empty())
            .map(|c| c.trim().to_ascii_uppercase())
            .or_else(|| self.base.address.country.clone())
            .unwrap_or_else(|| shop.to_string())
    }

    /// Cities of the typed postal code. One city fills the city field (when it is empty or
    /// was filled this way); several are returned for the cashier to choose.
    pub fn postal_fill(&mut self, shop_country: &str) -> Vec<String> {
        let Some(code) = self.value(F::PostalCode).map(str::to_string) else {
            return Vec::new();
        };
        let places = postal::lookup(&self.country(shop_country), &code);
        let city_empty = self.value(F::City).is_none_or(|c| c.trim().is_empty());
        if !(city_empty || self.city_auto) {
            return Vec::new();
        }
        match places.as_slice() {
            [] => Vec::new(),
            [one] => {
                self.set(F::City, one.city);
                self.city_auto = true;
                Vec::new()
            }
            many => many.iter().map(|p| p.city.to_string()).collect(),
        }
    }

    /// Reads the fields back into customer data, then validates it. On failure the
    /// errors are kept on the form (and also returned).
    pub fn validate(&mut self, ctx: &ValidationContext) -> Result<CustomerData, usize> {
        let (data, mut errors) = self.read(&ctx.default_country);
        let result = data.validate(ctx);
        match result {
            Ok(d) if errors.is_empty() => {
                self.errors.clear();
                Ok(d)
            }
            Ok(_) => {
                let n = errors.len();
                self.errors = errors;
                Err(n)
            }
            Err(v) => {
                errors.extend(v.0);
                let n = errors.len();
                self.errors = errors;
                Err(n)
            }
        }
    }
}

mod catalog;
mod read;
pub use catalog::{rule as catalog_rule, GROUP_FIELDS, PRODUCT_FIELDS};
pub use read::ProductValues;

/// A position as the form shows it and reads it back: "latitude, longitude", with dots.
pub fn position_text(p: crate::domain::customer::GeoPoint) -> String {
    format!("{}, {}", p.lat, p.lon)
}

#[cfg(test)]
mod tests;
