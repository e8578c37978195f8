//! The reports screen's IO: a report computed (in the worker when there is one, its
//! answer coming back through the event channel; at once otherwise), and the daily
//! closing (Z), the manager's act, through the service.
//!
//! Invariants: reading a report writes nothing; a report always answers, with the
//! sequence number it was asked with (a failure too, with its reason); the Z is this
//! register's (the runner's actor), whatever the request says; a closing is one service
//! call (one transaction with its journal and audit entries), and a refusal (a day
//! already closed, a day not begun, a count below zero, the cashier's role) comes back
//! as the closing's answer, in the interface language.

use chrono::{NaiveDate, Utc};

use super::super::action::Action;
use super::worker::{self, Job};
use super::Runner;
use crate::domain::money::Money;
use crate::service;
use crate::store::reports::Request;

impl Runner {
    /// Computes `request` (answered as `Action::ReportDone` `seq`).
    pub(super) fn run_report(&self, seq: u64, mut request: Request) -> Vec<Action> {
        request.register = self.actor.register.clone();
        if let Some(w) = &self.worker {
            w.submit(Job::Report {
                seq,
                request: Box::new(request),
            });
            return Vec::new();
        }
        vec![worker::report(self.store.conn(), seq, &request)]
    }

    /// Closes this register's local `day` with the cash `counted`, as of now.
    pub(super) fn close_day(&mut self, day: NaiveDate, counted: Money) -> Vec<Action> {
        let closed = service::close_day_counted(
            &mut self.store,
            &self.actor,
            day,
            self.utc_offset_secs,
            counted,
            Utc::now(),
        );
        vec![Action::DayClosed(
            closed
                .map(Box::new)
                .map_err(|e| service::words::describe(&e, self.lang)),
        )]
    }
}
