//! Pure domain types and rules: no IO, no SQLite, no terminal.
//!
//! Money is `rust_decimal` rounded once in [`money::round`]; ids are UUIDv7 newtypes
//! ([`ids`]); validation of standard identifiers lives in [`validate`], the offline
//! postal-code table in [`postal`], the countries a shop can be set up in (currency, VAT
//! rates) in [`region`], the printed forms of NFC tag UIDs in [`nfc`], customers' balances as ledgers in
//! [`ledger`], the loyalty program's arithmetic in [`loyalty`], group price lists and the
//! one rule that applies them to a ticket in [`pricing`], the length of an SMS (characters,
//! parts, GSM or UCS-2) in [`sms`].

pub mod catalog;
pub mod customer;
pub mod ids;
pub mod ledger;
pub mod loyalty;
pub mod money;
pub mod nfc;
pub mod postal;
pub mod pricing;
pub mod region;
pub mod sale;
pub mod sms;
pub mod validate;
