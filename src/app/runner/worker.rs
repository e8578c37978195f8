//! Reads that may scan the customer table, done away from the loop's thread: the plain
//! SQL search used while the index is not there (about 2 s at a million customers), the
//! duplicates of the Merge tab (the postal code is not indexed), the customers list's
//! pages (a filter that matches little reads the whole name index) and the managers'
//! reports (a year's groups report reads every customer's group: a third of a second at
//! ten million sale lines) and the outbox screen's messages (the counts read the whole
//! outbox).
//!
//! Invariants: the loop's thread only queues a job and returns, so keys keep being read
//! and the screen redrawn while the job runs; the jobs run one at a time, in the order
//! asked, in a thread started through [`events::spawn_job`] with its own read-only
//! connection (WAL: the runner's connection keeps reading and writing meanwhile), and
//! the thread ends when the queue is empty. A search, a list page, a report or an outbox
//! read waiting in the queue is replaced by a newer one; a search that a newer one has
//! replaced while it runs is interrupted (SQLite's progress handler) and never answered,
//! so only the newest search answers, with its sequence number (`update` drops an answer older than the one shown).
//! Every other job answers: its result, or a failure when it failed or panicked.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags};

use super::super::action::Action;
use super::super::events::{self, Event};
use crate::domain::customer::Customer;
use crate::store::lookup::{self, ListQuery};
use crate::store::reports::{self, Request};
use crate::store::StoreError;

/// Customers proposed as duplicates on the merge tab.
pub(super) const DUPLICATES: usize = 20;

/// SQLite virtual machine steps between two checks for a newer search.
const CHECK_EVERY: i32 = 10_000;

/// A slow read to do in the background.
#[derive(Debug)]
pub(super) enum Job {
    /// The plain SQL search, answered as [`Action::SearchDone`] with `fallback`.
    Search {
        seq: u64,
        text: String,
        limit: usize,
    },
    /// Likely duplicates of the customer, answered as [`Action::Duplicates`].
    Duplicates(Box<Customer>),
    /// A page of the customers list, answered as [`Action::ListPage`].
    ListPage(ListQuery),
    /// A report, answered as [`Action::ReportDone`] `seq`.
    Report { seq: u64, request: Box<Request> },
    /// The outbox screen's messages, answered as [`Action::OutboxLoaded`].
    Outbox,
}

/// What the loop's thread and the worker thread share.
#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// The newest search asked for: an older one still running stops.
    newest_search: AtomicU64,
    /// Tests hold it to make every job wait (a slow search, on demand).
    #[cfg(test)]
    hold: Arc<Mutex<()>>,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// A worker thread is draining the queue.
    running: bool,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        // A panic while the lock was held left the queue itself consistent.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The queue of slow reads and the thread that drains it.
pub(super) struct Worker {
    shared: Arc<Shared>,
    database: PathBuf,
    events: Sender<Event>,
}

impl Worker {
    pub(super) fn new(database: PathBuf, events: Sender<Event>) -> Worker {
        Worker {
            shared: Arc::default(),
            database,
            events,
        }
    }

    /// Every job waits while a test holds this lock (a slow read, on demand).
    #[cfg(test)]
    pub(super) fn hold(&self) -> Arc<Mutex<()>> {
        self.shared.hold.clone()
    }

    /// A newer search was answered elsewhere (the index): a plain search still running
    /// stops, and one waiting is never answered.
    pub(super) fn supersede(&self, seq: u64) {
        self.shared.newest_search.fetch_max(seq, Ordering::SeqCst);
    }

    /// Queues `job` (replacing a waiting search or list page by a newer one) and starts
    /// the worker thread when none is running. Returns at once.
    pub(super) fn submit(&self, job: Job) {
        if let Job::Search { seq, .. } = &job {
            self.shared.newest_search.store(*seq, Ordering::SeqCst);
        }
        let mut q = self.shared.queue();
        q.jobs.retain(|old| {
            !matches!(
                (old, &job),
                (Job::Search { .. }, Job::Search { .. })
                    | (Job::ListPage(_), Job::ListPage(_))
                    | (Job::Report { .. }, Job::Report { .. })
                    | (Job::Outbox, Job::Outbox)
            )
        });
        q.jobs.push_back(job);
        if q.running {
            return;
        }
        q.running = true;
        drop(q);
        let (shared, database) = (self.shared.clone(), self.database.clone());
        let on_failure = self.shared.clone();
        events::spawn_job(
            "slow reads",
            self.events.clone(),
            move |tx| drain(&shared, &database, tx),
            move |why: String| {
                // The thread is gone (or never started): the next job starts another, and
                // the search the picker waits for, if queued, answers with why.
                let mut q = on_failure.queue();
                q.running = false;
                let waiting = q.jobs.drain(..).find_map(|j| match j {
                    Job::Search { seq, .. } => Some(Action::SearchFailed {
                        seq,
                        error: why.clone(),
                    }),
                    Job::Report { seq, .. } => Some(Action::ReportDone {
                        seq,
                        result: Err(why.clone()),
                    }),
                    Job::Outbox => Some(Action::OutboxLoaded(Err(why.clone()))),
                    Job::Duplicates(_) | Job::ListPage(_) => None,
                });
                Event::Action(waiting.unwrap_or(Action::Failed(why)))
            },
        );
    }
}

/// Runs the queued jobs until none is left, sending each answer; ends the thread.
fn drain(shared: &Arc<Shared>, database: &Path, tx: &Sender<Event>) -> Option<Event> {
    let conn = open(database);
    loop {
        let job = {
            let mut q = shared.queue();
            match q.jobs.pop_front() {
                Some(job) => job,
                None => {
                    q.running = false;
                    return None;
                }
            }
        };
        #[cfg(test)]
        drop(shared.hold.lock().unwrap_or_else(|p| p.into_inner()));
        let answer = match &conn {
            Ok(c) => events::guarded(|| run(shared, c, job))
                .unwrap_or_else(|m| Some(Action::Failed(format!("a search stopped: {m}")))),
            Err(e) => Some(failure(job, e)),
        };
        if let Some(a) = answer {
            if tx.send(Event::Action(a)).is_err() {
                // The register has stopped: nobody waits for the rest.
                shared.queue().running = false;
                return None;
            }
        }
    }
}

/// A read-only connection of its own on the register's database.
fn open(database: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        database,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// What a job that could not run answers.
fn failure(job: Job, e: &StoreError) -> Action {
    match job {
        Job::Search { seq, .. } => Action::SearchFailed {
            seq,
            error: e.to_string(),
        },
        Job::Report { seq, .. } => Action::ReportDone {
            seq,
            result: Err(e.to_string()),
        },
        Job::Outbox => Action::OutboxLoaded(Err(e.to_string())),
        Job::Duplicates(_) | Job::ListPage(_) => Action::Failed(e.to_string()),
    }
}

/// Report `request` on `conn`, as the answer to `seq`.
pub(super) fn report(conn: &Connection, seq: u64, request: &Request) -> Action {
    Action::ReportDone {
        seq,
        result: reports::run(conn, request)
            .map(Box::new)
            .map_err(|e| e.to_string()),
    }
}

/// One job on `conn`: its answer, or `None` for a search a newer one replaced.
/// The plain SQL search (LIKE) and its rows, as the picker's answer to search `seq`.
pub(super) fn plain_search(conn: &Connection, seq: u64, text: &str, limit: usize) -> Action {
    match lookup::like_search(conn, text, limit).and_then(|ids| lookup::rows(conn, &ids)) {
        Ok(rows) => Action::SearchDone {
            seq,
            rows,
            fallback: true,
        },
        Err(e) => Action::SearchFailed {
            seq,
            error: e.to_string(),
        },
    }
}

fn run(shared: &Arc<Shared>, conn: &Connection, job: Job) -> Option<Action> {
    match job {
        Job::Search { seq, text, limit } => {
            let newest = &shared.newest_search;
            if newest.load(Ordering::SeqCst) != seq {
                return None;
            }
            let watched = shared.clone();
            conn.progress_handler(
                CHECK_EVERY,
                Some(move || watched.newest_search.load(Ordering::SeqCst) != seq),
            );
            let answer = plain_search(conn, seq, &text, limit);
            conn.progress_handler(0, None::<fn() -> bool>);
            if newest.load(Ordering::SeqCst) != seq {
                return None;
            }
            Some(answer)
        }
        Job::Duplicates(c) => Some(match lookup::duplicates(conn, &c, DUPLICATES) {
            Ok(rows) => Action::Duplicates(rows),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Job::ListPage(q) => Some(match lookup::list_page(conn, &q) {
            Ok(rows) => Action::ListPage {
                offset: q.offset,
                rows,
            },
            Err(e) => Action::Failed(e.to_string()),
        }),
        Job::Report { seq, request } => Some(report(conn, seq, &request)),
        Job::Outbox => Some(super::outbox::outbox(conn)),
    }
}
