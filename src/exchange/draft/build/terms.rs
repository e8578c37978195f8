//! The rest of a row, after names, contacts and the address: the personal and public
//! notes with tags and the group, receipt and marketing preferences with their consent
//! dates, the SEPA mandate, the tax preference and the on-account limit; and the readers
//! of numbers, dates and yes/no cells they share with the address.
//!
//! Same rules as the module above: a value that would be stored wrong refuses the row, a
//! fixable one is a warning and the row is kept.

use chrono::NaiveDate;

use super::super::{clip, yes_no, Draft};
use super::{Built, Groups};
use crate::domain::customer::{
    AccountAllowance, Reference, ReferenceKind, SepaMandate, TaxPreference,
};
use crate::domain::money::{Money, Percent};
use crate::exchange::field::Field;
use crate::exchange::remark::Remark;

impl Draft {
    pub(super) fn number(&mut self, field: Field) -> Option<f64> {
        let c = self.first(field)?;
        match c.value.replace(',', ".").parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                self.refuse(
                    &c.column,
                    Remark::NotANumber {
                        value: clip(&c.value),
                    },
                );
                None
            }
        }
    }

    pub(super) fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let c = self.first(field)?;
        let v = c.value.get(..10).unwrap_or(&c.value);
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.refuse(
                    &c.column,
                    Remark::NotADate {
                        value: clip(&c.value),
                    },
                );
                None
            }
        }
    }

    pub(super) fn flag(&mut self, field: Field) -> Option<bool> {
        let c = self.first(field)?;
        match yes_no(&c.value) {
            Some(v) => v,
            None => {
                self.warn(
                    &c.column,
                    Remark::NotYesNoReadAsNo {
                        value: clip(&c.value),
                    },
                );
                Some(false)
            }
        }
    }

    pub(super) fn notes_and_group(&mut self, b: &mut Built, groups: &Groups) {
        let notes: Vec<String> = self
            .all(Field::PersonalNote)
            .iter()
            .map(|c| c.value.clone())
            .collect();
        if let Some(c) = self.all(Field::PersonalNote).first() {
            b.sources.insert("personal_note", c.column.clone());
        }
        if !notes.is_empty() {
            b.data.personal_note = Some(notes.join("\n"));
        }
        b.data.public_note = self.take(b, Field::PublicNote, "public_note");
        if let Some(c) = self.first(Field::Group) {
            match groups.get(&c.value.to_lowercase()) {
                Some(name) => b.data.group = Some(name.clone()),
                None => {
                    self.warn(
                        &c.column,
                        Remark::UnknownGroup {
                            name: clip(&c.value),
                        },
                    );
                    self.unknown_group = Some(c.value.trim().to_string());
                }
            }
        }
        let mut other_tags = Vec::new();
        for c in self.all(Field::Tags).to_vec() {
            for tag in c
                .value
                .split([',', ';'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                match groups.get(&tag.to_lowercase()) {
                    Some(name) if b.data.group.is_none() => b.data.group = Some(name.clone()),
                    Some(name) if b.data.group.as_deref() == Some(name.as_str()) => {}
                    _ => other_tags.push(tag.to_string()),
                }
            }
        }
        if !other_tags.is_empty() {
            self.extra_notes
                .push(format!("Tags: {}", other_tags.join(", ")));
        }
        let mut refs = Vec::new();
        for (field, kind) in [
            (Field::Reference, ReferenceKind::Barcode),
            (Field::Nfc, ReferenceKind::Nfc),
        ] {
            for c in self.all(field) {
                b.sources.entry("references").or_insert(c.column.clone());
                refs.push(Reference {
                    kind,
                    code: c.value.clone(),
                });
            }
        }
        for c in self.all(Field::References).to_vec() {
            b.sources.entry("references").or_insert(c.column.clone());
            for item in c.value.split_whitespace() {
                let r = match item.split_once(':') {
                    Some(("nfc", code)) => Reference {
                        kind: ReferenceKind::Nfc,
                        code: code.into(),
                    },
                    Some(("barcode", code)) => Reference {
                        kind: ReferenceKind::Barcode,
                        code: code.into(),
                    },
                    _ => Reference {
                        kind: ReferenceKind::Barcode,
                        code: item.into(),
                    },
                };
                if !refs.contains(&r) {
                    refs.push(r);
                }
            }
        }
        b.data.references = refs;
    }

    pub(super) fn preferences(&mut self, b: &mut Built) {
        let p = &mut b.provided;
        let prefs = &mut b.data.preferences;
        let set = |v: Option<bool>, provided: &mut bool, slot: &mut bool| {
            if let Some(v) = v {
                *provided = true;
                *slot = v;
            }
        };
        let r = self.flag(Field::ReceiptByEmail);
        set(r, &mut p.receipt_by_email, &mut prefs.receipt_by_email);
        let r = self.flag(Field::ReceiptBySms);
        set(r, &mut p.receipt_by_sms, &mut prefs.receipt_by_sms);
        let r = self
            .flag(Field::MarketingEmail)
            .or(self.flag(Field::NoMarketingEmail).map(|no| !no));
        set(
            r,
            &mut p.marketing_email,
            &mut prefs.marketing_email.granted,
        );
        let r = self.flag(Field::MarketingSms);
        set(r, &mut p.marketing_sms, &mut prefs.marketing_sms.granted);
        if let Some(d) = self.date(Field::MarketingEmailSince) {
            b.provided.marketing_email = true;
            b.data.preferences.marketing_email.since = Some(d);
        }
        if let Some(d) = self.date(Field::MarketingSmsSince) {
            b.provided.marketing_sms = true;
            b.data.preferences.marketing_sms.since = Some(d);
        }
        for (key, since, flag) in [
            (
                "preferences.marketing_email",
                Field::MarketingEmailSince,
                Field::MarketingEmail,
            ),
            (
                "preferences.marketing_sms",
                Field::MarketingSmsSince,
                Field::MarketingSms,
            ),
        ] {
            let column = self
                .all(since)
                .first()
                .or(self.all(flag).first())
                .map(|c| c.column.clone());
            if let Some(column) = column {
                b.sources.insert(key, column);
            }
        }
    }

    pub(super) fn money_and_mandate(&mut self, b: &mut Built) {
        if let Some(c) = self.first(Field::Tax) {
            b.sources.insert("tax", c.column.clone());
            b.provided.tax = true;
            b.data.tax = match c.value.to_lowercase().as_str() {
                "normal" | "standard" | "" => TaxPreference::Normal,
                "exempt" | "exonere" | "exonéré" | "none" => TaxPreference::Exempt,
                v => match Percent::parse(v) {
                    Ok(p) => TaxPreference::Rate(p),
                    Err(_) => {
                        self.refuse(
                            &c.column,
                            Remark::NotATax {
                                value: clip(&c.value),
                            },
                        );
                        TaxPreference::Normal
                    }
                },
            };
        } else if let Some(exempt) = self.flag(Field::TaxExempt) {
            b.provided.tax = true;
            b.data.tax = if exempt {
                TaxPreference::Exempt
            } else {
                TaxPreference::Normal
            };
        }
        if let Some(c) = self.first(Field::CreditLimit) {
            b.sources.insert("account", c.column.clone());
            match Money::parse(&c.value) {
                Ok(m) => b.data.account = Some(AccountAllowance { credit_limit: m }),
                Err(e) => self.refuse(&c.column, Remark::Amount(e)),
            }
        }
        let iban = self.take(b, Field::Iban, "sepa.iban");
        let bic = self.take(b, Field::Bic, "sepa.bic");
        let mandate = self.take(b, Field::MandateRef, "sepa.mandate_ref");
        let signed = self.date(Field::MandateSignedOn);
        match (iban, mandate, signed) {
            (Some(iban), Some(mandate_ref), Some(signed_on)) => {
                b.data.sepa = Some(SepaMandate {
                    iban,
                    bic,
                    mandate_ref,
                    signed_on,
                })
            }
            (None, None, None) if bic.is_none() => {}
            _ => {
                let col = b
                    .sources
                    .get("sepa.iban")
                    .or(b.sources.get("sepa.mandate_ref"))
                    .cloned()
                    .unwrap_or_default();
                self.refuse(&col, Remark::SepaIncomplete);
            }
        }
    }
}
