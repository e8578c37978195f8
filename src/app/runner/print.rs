//! Receipts: the text of a stored sale, and its output to the configured file or device.
//!
//! Invariants: a receipt is written in a background thread when the runner has an event
//! channel (a slow printer must not freeze the screen) and its result always comes back as
//! [`Action::Receipt`], a panic included; without a channel (tests) it is written at once.
//! A receipt names the customer and their address: the output is appended to through
//! [`private_file::append`] (a file is created 0600 and never written through a symbolic
//! link; a printer device is written as it is).

use super::super::action::Action;
use super::super::events::{self, Event};
use super::Runner;
use crate::domain::sale::Sale;
use crate::exchange::private_file;
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
            private_file::append(&path, text.as_bytes())
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

#[cfg(test)]
mod tests {
    use std::os::unix::fs::{symlink, PermissionsExt};
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::demo::{self, DemoOptions};
    use crate::domain::ids::SaleId;
    use crate::store::{sales, Store};

    /// A runner over a demo store whose receipts go to `output`, and one stored sale.
    fn rig(output: &Path) -> (Runner, Sale) {
        let mut store = Store::open_in_memory().unwrap();
        let options = DemoOptions {
            customers: 10,
            seed: 3,
            now: chrono::Utc::now(),
            sales: true,
        };
        demo::generate(&mut store, &options).unwrap();
        let id: SaleId = store
            .conn()
            .query_row("SELECT id FROM sale LIMIT 1", [], |r| r.get(0))
            .unwrap();
        let sale = sales::get(store.conn(), id).unwrap().unwrap();
        let toml = format!("[receipt]\noutput = {:?}\n", output.display().to_string());
        let config = Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap();
        (Runner::new(store, &config, None), sale)
    }

    #[test]
    fn a_receipt_file_is_created_0600_and_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("receipts.txt");
        let (runner, sale) = rig(&out);
        assert!(matches!(runner.print(&sale), Some(Action::Receipt(Ok(())))));
        assert!(matches!(runner.print(&sale), Some(Action::Receipt(Ok(())))));
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.len(), 2 * runner.receipt_text(&sale).len());
    }

    #[test]
    fn a_symlink_planted_at_the_receipt_file_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "the attacker's file").unwrap();
        let out = dir.path().join("receipts.txt");
        symlink(&victim, &out).unwrap();
        let (runner, sale) = rig(&out);
        match runner.print(&sale) {
            Some(Action::Receipt(Err(m))) => assert!(m.contains("symbolic link"), "{m}"),
            other => panic!("written through the link: {other:?}"),
        }
        let kept = std::fs::read_to_string(&victim).unwrap();
        assert_eq!(kept, "the attacker's file");
    }
}
