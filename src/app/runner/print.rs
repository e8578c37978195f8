//! Receipts: the text of a stored sale, and its output to the configured file or device.
//!
//! Invariants: a receipt is written in a background thread when the runner has an event
//! channel (a slow printer must not freeze the screen) and its result always comes back as
//! [`Action::Receipt`], a panic included; without a channel (tests) it is written at once.

use std::io::Write;

use super::super::action::Action;
use super::super::events::{self, Event};
use super::Runner;
use crate::domain::sale::Sale;
use crate::receipt::{self, ReceiptContext};
use crate::store::customers;

impl Runner {
    /// The receipt text of a stored sale.
    pub fn receipt_text(&self, s: &Sale) -> String {
        let customer = s
            .customer_id
            .and_then(|id| customers::get(self.store.conn(), id).ok().flatten())
            .filter(|c| !c.anonymised)
            .map(|c| {
                (
                    c.data.display_name(),
                    receipt::address_lines(&c.data, &self.config.shop.country),
                    c.data.group.clone(),
                )
            });
        let ctx = ReceiptContext {
            shop: &self.config.shop,
            width: self.config.receipt_width,
            footer: self.config.receipt_footer.as_deref(),
            lang: self.lang,
            utc_offset_secs: self.utc_offset_secs,
            customer,
        };
        receipt::render(s, &ctx)
    }

    /// Sends a receipt to the configured output: in the background when there is an event
    /// channel (the result comes back through it), else at once.
    pub(super) fn print(&self, s: &Sale) -> Option<Action> {
        let Some(path) = self.config.receipt_output.clone() else {
            return Some(Action::Receipt(Err(
                "no receipt output is configured ([receipt] output)".into(),
            )));
        };
        let text = self.receipt_text(s);
        let write = move || -> Result<(), String> {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.flush())
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        match &self.events {
            Some(tx) => {
                let failed = |m: String| Event::Action(Action::Receipt(Err(m)));
                events::spawn_job(
                    "receipt",
                    tx.clone(),
                    move |_| Event::Action(Action::Receipt(write())),
                    failed,
                );
                None
            }
            None => Some(Action::Receipt(write())),
        }
    }
}
