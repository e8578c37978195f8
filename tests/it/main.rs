//! The integration-test binary: drives the real `comptoir` binary and the library against
//! fresh data directories. One binary keeps link time low; modules group by subject.

mod cli;
mod devices;
mod e2e;
mod e2e_shop;
mod email;
mod erasure;
mod helpers;
mod hub;
mod import;
mod money;
mod print;
mod products;
mod reports;
mod sms;
mod structure;
mod terminal;
