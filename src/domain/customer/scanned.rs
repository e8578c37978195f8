//! From a scanned (or typed) code to the customer references it may be stored as: the one
//! rule the register's scan path and `comptoir customers find-ref` share (through
//! `store::lookup::customer_by_scan`).
//!
//! A code may come from a barcode reader, from an NFC reader, or from a source that could
//! be either (a scanner recognised in the terminal's key stream, a code typed on the
//! command line). A barcode gives its barcode reference in the form the validator stores
//! ([`barcode_reference`]); an NFC UID gives every form its tag may be stored in
//! ([`uid_forms`]: both byte orders, hex and decimal).
//!
//! Invariants: every candidate is a form the customer validator stores unchanged, so an
//! exact lookup finds it; the most likely candidate comes first (the barcode reading, then
//! the canonical UID); a code that looks like an EAN/UPC number (8, 12, 13 or 14 digits)
//! but whose check digit is wrong is no barcode (its UID readings, if any, remain: an
//! all-digit UID has no check digit).

use super::check::barcode_reference;
use super::{Reference, ReferenceKind};
use crate::domain::nfc::uid_forms;
use crate::domain::validate;

/// Why a code read as a barcode cannot be one: all digits, of a GTIN length (8, 12, 13 or
/// 14), with a wrong check digit. `None` for any other code (other barcodes have no rule).
pub fn barcode_misread(code: &str) -> Option<validate::Invalid> {
    let gtin_shaped =
        matches!(code.len(), 8 | 12 | 13 | 14) && code.bytes().all(|b| b.is_ascii_digit());
    if gtin_shaped {
        validate::ean(code).err()
    } else {
        None
    }
}

/// Every customer reference `code` may be stored as, most likely first. `read_as` is the
/// kind of reader that read it, `None` when it may be either (then the barcode reading
/// comes first). Empty when the code can be no reference.
pub fn reference_candidates(code: &str, read_as: Option<ReferenceKind>) -> Vec<Reference> {
    let code = code.trim();
    let mut out = Vec::new();
    if read_as != Some(ReferenceKind::Nfc) && barcode_misread(code).is_none() {
        if let Ok(code) = barcode_reference(code) {
            out.push(Reference {
                kind: ReferenceKind::Barcode,
                code,
            });
        }
    }
    if read_as != Some(ReferenceKind::Barcode) {
        out.extend(uid_forms(code).into_iter().map(|code| Reference {
            kind: ReferenceKind::Nfc,
            code,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(refs: &[Reference]) -> Vec<(ReferenceKind, &str)> {
        refs.iter().map(|r| (r.kind, r.code.as_str())).collect()
    }

    #[test]
    fn a_barcode_gives_its_stored_form_only() {
        let refs = reference_candidates("ab-12", Some(ReferenceKind::Barcode));
        assert_eq!(codes(&refs), [(ReferenceKind::Barcode, "AB-12")]);
        let refs = reference_candidates("04A23B1C", Some(ReferenceKind::Barcode));
        assert_eq!(codes(&refs), [(ReferenceKind::Barcode, "04A23B1C")]);
    }

    #[test]
    fn an_nfc_uid_gives_every_stored_form_of_its_tag() {
        let refs = reference_candidates("1C3BA204", Some(ReferenceKind::Nfc));
        assert!(refs.iter().all(|r| r.kind == ReferenceKind::Nfc));
        let forms: Vec<&str> = refs.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            forms,
            [
                "1C3BA204",
                "04A23B1C",
                "0473670148",
                "0077740828",
                "77740828"
            ]
        );
    }

    #[test]
    fn a_code_of_unknown_origin_is_tried_as_a_barcode_first_then_as_a_uid() {
        let refs = reference_candidates("04:a2:3b:1c", None);
        assert_eq!(refs.first().map(|r| r.kind), Some(ReferenceKind::Nfc));
        assert_eq!(refs.first().map(|r| r.code.as_str()), Some("04A23B1C"));
        let refs = reference_candidates("04A23B1C", None);
        assert_eq!(
            codes(&refs).get(..2),
            Some(
                &[
                    (ReferenceKind::Barcode, "04A23B1C"),
                    (ReferenceKind::Nfc, "04A23B1C")
                ][..]
            )
        );
    }

    #[test]
    fn an_ean_with_a_wrong_check_digit_is_no_barcode_but_may_be_a_uid() {
        assert!(barcode_misread("2900000000018").is_none());
        assert!(barcode_misread("2900000000019").is_some());
        assert!(barcode_misread("AB-12").is_none());
        let kinds = |code, read_as| -> Vec<ReferenceKind> {
            reference_candidates(code, read_as)
                .iter()
                .map(|r| r.kind)
                .collect()
        };
        assert!(kinds("2900000000019", Some(ReferenceKind::Barcode)).is_empty());
        assert!(!kinds("2900000000019", None).contains(&ReferenceKind::Barcode));
        // 77740828 is tag 04A23B1C in decimal, and no EAN-8.
        assert!(barcode_misread("77740828").is_some());
        let forms = reference_candidates("77740828", None);
        assert!(forms.iter().all(|r| r.kind == ReferenceKind::Nfc));
        assert!(forms.iter().any(|r| r.code == "04A23B1C"), "{forms:?}");
    }

    #[test]
    fn what_can_be_no_reference_gives_nothing() {
        for code in [
            "",
            "   ",
            "\u{1b}[31m",
            "a b",
            &"x".repeat(65),
            "'; DROP TABLE x",
        ] {
            assert!(reference_candidates(code, None).is_empty(), "{code:?}");
        }
    }
}
