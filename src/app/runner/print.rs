//! Receipts and the cash drawer through the print queue: a sale's jobs are written by the
//! service in the sale's transaction (`service::store_sale_printed`), a reprint and the
//! manager's drawer by their own service calls; then the print worker (`printing.rs`) is
//! nudged and sends them in the background.
//!
//! Invariants: the loop's thread never waits on a printer: with an event channel it only
//! queues and nudges, and the worker's news comes back as [`Action::Printer`] and
//! [`Action::Receipt`]; without a channel (tests) one pass of the queue runs at once and
//! its outcome is the answer. A receipt names the customer and their address: its bytes
//! are rebuilt from the stored sale when sent (`crate::spool`), and a file target is
//! appended to 0600, never through a symbolic link.

use super::super::action::Action;
use super::Runner;
use crate::domain::ids::SaleId;
use crate::domain::sale::Sale;
use crate::receipt;
use crate::service::{self, PrintOrder, Refusal, ServiceError};
use crate::spool;

impl Runner {
    /// The receipt text of a stored sale (what a text printer gets).
    pub fn receipt_text(&self, s: &Sale) -> String {
        match spool::context(
            self.store.conn(),
            &self.config,
            s,
            self.config.receipt_width,
            self.utc_offset_secs,
        ) {
            Ok(ctx) => receipt::render(s, &ctx),
            Err(e) => {
                tracing::warn!("receipt's customer not read: {e}");
                String::new()
            }
        }
    }

    /// What a sale asks of the register's printer (`None`: none is configured).
    /// Also the outbox's: with `[email]` or `[sms]`, a customer who asked gets the
    /// receipt that way.
    pub(super) fn print_order(&self) -> Option<PrintOrder> {
        let email = crate::mail::order(&self.config);
        let sms = crate::mail::sms_order(&self.config);
        let outbox = email.is_some() || sms.is_some();
        match spool::order(&self.config) {
            Some(o) => Some(PrintOrder { email, sms, ..o }),
            None if outbox => Some(PrintOrder {
                email,
                sms,
                ..PrintOrder::default()
            }),
            None => None,
        }
    }

    /// Jobs were queued: the worker is nudged (its news comes later), or, without one,
    /// the queue is sent now and the outcome answered.
    pub(super) fn queued(&mut self) -> Vec<Action> {
        if let Some(m) = &self.mailing {
            m.nudge();
        }
        if let Some(w) = &self.printing {
            w.nudge();
            return Vec::new();
        }
        let report = spool::pass(
            &mut self.store,
            &self.config,
            &self.actor.register,
            chrono::Utc::now(),
            self.utc_offset_secs,
            &mut spool::Wire,
        );
        match report {
            Ok(r) => match (r.given_up, r.state) {
                (Some(why), _) => vec![Action::Receipt(Err(why))],
                (None, Some(s)) if s != spool::PrinterState::Ready => {
                    vec![Action::Receipt(Err(s.words()))]
                }
                (None, _) if r.receipts > 0 => vec![Action::Receipt(Ok(()))],
                (None, _) => Vec::new(),
            },
            Err(e) => vec![Action::Receipt(Err(e.to_string()))],
        }
    }

    /// History's reprint: the sale's receipt queued again.
    pub(super) fn reprint(&mut self, id: SaleId) -> Result<Vec<Action>, ServiceError> {
        let Some(spec) = self.print_order().and_then(|o| o.spec) else {
            return Ok(vec![Action::Receipt(Err(
                "no receipt printer is configured ([receipt] printer)".into(),
            ))]);
        };
        service::reprint(&mut self.store, &self.actor, id, &spec)?;
        Ok(self.queued())
    }

    /// The manager's "open drawer": the kick queued (and audited by the service).
    pub(super) fn open_drawer(&mut self) -> Result<Vec<Action>, ServiceError> {
        let order = self.print_order().ok_or(Refusal::NoDrawer)?;
        service::open_drawer(&mut self.store, &self.actor, &order)?;
        let mut out = vec![Action::DrawerQueued];
        out.extend(self.queued().into_iter().filter(|a| {
            // The drawer has no receipt: only a failure to reach the printer is news.
            matches!(a, Action::Receipt(Err(_)))
        }));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::{symlink, PermissionsExt};
    use std::path::Path;

    use super::*;
    use crate::app::action::Effect;
    use crate::config::Config;
    use crate::demo::{self, DemoOptions};
    use crate::store::print_queue::{self, Kind};
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
        let (mut runner, sale) = rig(&out);
        let ok = vec![Action::Receipt(Ok(()))];
        assert_eq!(runner.run(Effect::Reprint(sale.id)), ok);
        assert_eq!(runner.run(Effect::Reprint(sale.id)), ok);
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
        let (mut runner, sale) = rig(&out);
        // Refused for good: the job is given up, nothing written through the link.
        let out = runner.run(Effect::Reprint(sale.id));
        assert!(
            matches!(&out[..], [Action::Receipt(Err(m))] if m.contains("symbolic link")),
            "{out:?}"
        );
        let kept = std::fs::read_to_string(&victim).unwrap();
        assert_eq!(kept, "the attacker's file");
        let failed = print_queue::unprinted(runner.store().conn(), 5).unwrap();
        assert_eq!(failed.len(), 1);
        let why = failed[0].last_error.clone().unwrap_or_default();
        assert!(why.contains("symbolic link"), "{why}");
    }

    #[test]
    fn the_drawer_is_the_managers_and_needs_an_escpos_printer() {
        let dir = tempfile::tempdir().unwrap();
        let (mut runner, _) = rig(&dir.path().join("receipts.txt"));
        // A text file drives no drawer.
        let refused = runner.run(Effect::Manager(Box::new(Effect::OpenDrawer)));
        assert!(matches!(&refused[..], [Action::Failed(m)] if m.contains("no cash drawer")));
        runner.config.receipt_printer = Some(crate::printer::Printer::Device("/dev/null".into()));
        runner.config.receipt_format = crate::printer::Format::EscPos;
        let cashier = runner.run(Effect::OpenDrawer);
        assert!(matches!(&cashier[..], [Action::Failed(m)] if m.contains("manager")));
        let opened = runner.run(Effect::Manager(Box::new(Effect::OpenDrawer)));
        assert_eq!(opened, vec![Action::DrawerQueued]);
        let conn = runner.store().conn();
        let kinds: Vec<Kind> = conn
            .prepare("SELECT kind FROM print_job WHERE status = 'printed'")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|k| {
                if k.unwrap() == "drawer" {
                    Kind::Drawer
                } else {
                    Kind::Receipt
                }
            })
            .collect();
        assert_eq!(kinds, [Kind::Drawer]);
        let audited: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'drawer.open'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audited, 1);
    }
}
