//! comptoir: a keyboard-driven terminal cash register for small shops.
//!
//! The library holds everything but the command-line edge (`src/main.rs` and its `cmd`
//! modules), so integration tests and benchmarks drive the same code the binary runs.
//! See ARCHITECTURE.md for the module map and the one-way data flow.

pub mod app;
pub mod auth;
pub mod config;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod hub;
pub mod input;
pub mod keys;
pub mod lang;
pub mod mail;
pub mod mem;
pub mod paths;
pub mod printer;
pub mod receipt;
pub mod sanitize;
pub mod search;
pub mod service;
pub mod sms;
pub mod spool;
pub mod store;
pub mod sync;
pub mod ui;
