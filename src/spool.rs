//! The print queue's sender: turns a queued job back into printer bytes (the stored sale
//! read again, its receipt rendered as the job's format, width and code page say) and
//! sends it, in order per printer, retrying with a backoff while the printer does not
//! take it. The register runs [`pass`] in its print worker; `comptoir print retry` runs
//! [`deliver_one`]; both share the claim of `store::print_queue`, so a job is sent by one
//! of them only.
//!
//! Invariants: a job leaves only after it is claimed in its own transaction, and is
//! marked printed right after its printer took the bytes; a job that fails waits
//! [`backoff`] (1 s, 2 s, 4 s ... at most 60 s) and keeps its place: the jobs behind it
//! for the same printer wait too, so receipts come out in the order of the sales; a job
//! that cannot be rebuilt (its printer string no longer parses, its sale is gone) or
//! whose printer refuses it for good is given up (`failed`, listed by `comptoir print
//! queue`, sent again only when asked); a drawer kick is given up when it could not be
//! sent within [`DRAWER_WINDOW`] of being asked for: a drawer springing open minutes
//! after the sale, when the printer comes back, is worse than a drawer that stayed shut
//! (the manager's key opens it). This module writes only the queue's own bookkeeping
//! (claims, attempts, marks), never a sale. It never runs on the register's loop thread.

pub mod transport;

use chrono::{DateTime, Duration, Utc};

use crate::config::{Config, PrepStation};
use crate::domain::sale::Sale;
use crate::lang::Lang;
use crate::printer::{CodePage, Format, Printer};
use crate::receipt::{self, escpos, ReceiptContext};
use crate::service::{prepares, PrepOrder, PrintOrder};
use crate::store::print_queue::{self, Job, Kind, Spec};
use crate::store::{catalog, customers, sales, Store, StoreError};
pub use transport::SendError;

/// How long a drawer kick may wait for its printer.
pub const DRAWER_WINDOW: Duration = Duration::seconds(60);

/// How old a claim may get before its sender is taken for dead and the job waits again.
pub const STALE_CLAIM: Duration = Duration::minutes(2);

/// How long printed and failed jobs are kept (the queue is not an archive).
pub const KEEP_PRINTED: Duration = Duration::days(7);

/// How long a failed receipt counts in the status bar (`print queue` lists it longer).
pub const SHOW_FAILED: Duration = Duration::days(1);

/// The wait after the `attempts`-th failed attempt: 1 s, 2 s, 4 s ..., at most 60 s.
pub fn backoff(attempts: i64) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 7) - 1).unwrap_or(0);
    Duration::seconds((1i64 << exp).min(60))
}

/// A printer with how jobs are encoded for it: parsed from the config, from the CLI's
/// `--printer`, or back from a job's stored [`Spec`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub printer: Printer,
    pub format: Format,
    pub width: usize,
    pub code_page: CodePage,
}

/// Why a job's bytes cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the stored printer `{text}` is not one: {why}")]
    Printer { text: String, why: String },
    #[error("the stored job is damaged: {0}")]
    Damaged(String),
    #[error("sale {0} is not in the database")]
    NoSale(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Target {
    /// The config's printer, when there is one.
    pub fn from_config(config: &Config) -> Option<Target> {
        config.receipt_printer.clone().map(|printer| Target {
            printer,
            format: config.receipt_format,
            width: config.receipt_width,
            code_page: config.receipt_code_page,
        })
    }

    /// `printer` (the CLI's `--printer`) with `format`, else its own default format; the
    /// config's width and code page.
    pub fn named(config: &Config, printer: Printer, format: Option<Format>) -> Target {
        Target {
            format: format.unwrap_or_else(|| printer.default_format()),
            printer,
            width: config.receipt_width,
            code_page: config.receipt_code_page,
        }
    }

    /// A preparation station's printer.
    pub fn of_station(p: &PrepStation) -> Target {
        Target {
            printer: p.printer.clone(),
            format: p.format,
            width: p.width,
            code_page: p.code_page,
        }
    }

    /// The target a job was written for.
    pub fn from_spec(spec: &Spec) -> Result<Target, BuildError> {
        let printer = Printer::parse(&spec.printer).map_err(|e| BuildError::Printer {
            text: spec.printer.clone(),
            why: e.to_string(),
        })?;
        let damaged = |what: &str, v: &str| BuildError::Damaged(format!("{what} `{v}`"));
        Ok(Target {
            printer,
            format: Format::parse(&spec.format).ok_or_else(|| damaged("format", &spec.format))?,
            width: spec.width.clamp(24, 80),
            code_page: CodePage::parse(&spec.code_page)
                .ok_or_else(|| damaged("code page", &spec.code_page))?,
        })
    }

    /// How a job names this target.
    pub fn spec(&self) -> Spec {
        Spec {
            printer: self.printer.to_string(),
            format: self.format.name().to_string(),
            width: self.width,
            code_page: self.code_page.name().to_string(),
        }
    }
}

/// What the register's sales ask of the printers (`None`: neither a receipt printer nor
/// a preparation station is configured).
pub fn order(config: &Config) -> Option<PrintOrder> {
    let receipt = Target::from_config(config);
    let prep: Vec<PrepOrder> = config
        .prep
        .iter()
        .map(|p| PrepOrder {
            station: p.name.clone(),
            spec: Target::of_station(p).spec(),
            categories: p.categories.clone(),
        })
        .collect();
    if receipt.is_none() && prep.is_empty() {
        return None;
    }
    Some(PrintOrder {
        spec: receipt.map(|t| t.spec()),
        drawer_on_cash: config.receipt_drawer,
        prep,
        email: None,
        sms: None,
    })
}

/// What a receipt of `sale` needs besides it: the config's shop and words, the customer
/// read now (an anonymised one is not printed), `width` columns.
pub fn context<'a>(
    conn: &rusqlite::Connection,
    config: &'a Config,
    sale: &Sale,
    width: usize,
    utc_offset_secs: i32,
) -> Result<ReceiptContext<'a>, StoreError> {
    let customer = match sale.customer_id {
        Some(id) => customers::get(conn, id)?
            .filter(|c| !c.anonymised)
            .map(|c| {
                (
                    c.data.display_name(),
                    receipt::address_lines(&c.data, &config.shop.country),
                    c.data.group.clone(),
                )
            }),
        None => None,
    };
    Ok(ReceiptContext {
        shop: &config.shop,
        width,
        header: config.receipt_header.as_deref(),
        footer: config.receipt_footer.as_deref(),
        lang: config.shop.lang,
        utc_offset_secs,
        customer,
    })
}

/// The bytes of `sale`'s receipt for `target`.
pub fn receipt_bytes(
    conn: &rusqlite::Connection,
    config: &Config,
    sale: &Sale,
    target: &Target,
    utc_offset_secs: i32,
) -> Result<Vec<u8>, StoreError> {
    let ctx = context(conn, config, sale, target.width, utc_offset_secs)?;
    Ok(match target.format {
        Format::Text => receipt::render(sale, &ctx).into_bytes(),
        Format::EscPos => escpos::receipt(sale, &ctx, target.code_page),
    })
}

/// The bytes of a printer test page for `target` (accents, a barcode, a cut).
pub fn test_bytes(config: &Config, target: &Target, lang: Lang) -> Vec<u8> {
    match target.format {
        Format::Text => {
            let lines = receipt::test_lines(&config.shop, target.width, None, lang);
            let mut text = lines
                .into_iter()
                .map(|l| l.text)
                .collect::<Vec<_>>()
                .join("\n");
            text.push_str("\n\n\n");
            text.into_bytes()
        }
        Format::EscPos => {
            let page = Some(target.code_page);
            let lines = receipt::test_lines(&config.shop, target.width, page, lang);
            escpos::document(&lines, Some("TEST-0001"), target.code_page, target.width)
        }
    }
}

/// A job's bytes, rebuilt now.
pub fn job_bytes(
    conn: &rusqlite::Connection,
    config: &Config,
    job: &Job,
    target: &Target,
    utc_offset_secs: i32,
) -> Result<Vec<u8>, BuildError> {
    match (job.kind, job.sale) {
        (Kind::Drawer, _) => Ok(escpos::drawer_kick()),
        (Kind::Receipt, Some(id)) => {
            let sale = sales::get(conn, id)?.ok_or_else(|| BuildError::NoSale(id.to_string()))?;
            Ok(receipt_bytes(conn, config, &sale, target, utc_offset_secs)?)
        }
        (Kind::Receipt, None) => Err(BuildError::Damaged("a receipt without its sale".into())),
        (Kind::Prep, Some(id)) => {
            let sale = sales::get(conn, id)?.ok_or_else(|| BuildError::NoSale(id.to_string()))?;
            prep_bytes(conn, config, job, &sale, target, utc_offset_secs)
        }
        (Kind::Prep, None) => Err(BuildError::Damaged(
            "a preparation ticket without its sale".into(),
        )),
    }
}

/// A preparation ticket's bytes: the sale's lines whose product the job's station
/// prepares (its categories as the config names them now), for the station's printer.
fn prep_bytes(
    conn: &rusqlite::Connection,
    config: &Config,
    job: &Job,
    sale: &Sale,
    target: &Target,
    utc_offset_secs: i32,
) -> Result<Vec<u8>, BuildError> {
    let name = job.station.as_deref().unwrap_or_default();
    let station = config.prep.iter().find(|p| p.name == name).ok_or_else(|| {
        BuildError::Damaged(format!("station `{name}` is no longer in the config"))
    })?;
    let mut lines = Vec::new();
    for line in &sale.lines {
        let category = match line.product_id {
            Some(id) => catalog::product(conn, id)?.and_then(|p| p.category),
            None => None,
        };
        if prepares(&station.categories, category.as_deref()) {
            lines.push(line);
        }
    }
    let customer = match sale.customer_id {
        Some(id) => customers::get(conn, id)?
            .filter(|c| !c.anonymised)
            .map(|c| c.data.display_name()),
        None => None,
    };
    let page = (target.format == Format::EscPos).then_some(target.code_page);
    let prep = receipt::Prep {
        station: &station.name,
        customer: customer.as_deref(),
        lang: config.shop.lang,
        width: target.width,
        page,
        utc_offset_secs,
    };
    let text = receipt::prep_lines(sale, &prep, &lines);
    Ok(match target.format {
        Format::Text => {
            let mut s = text
                .into_iter()
                .map(|l| l.text)
                .collect::<Vec<_>>()
                .join("\n");
            s.push_str("\n\n\n");
            s.into_bytes()
        }
        Format::EscPos => escpos::document(&text, None, target.code_page, target.width),
    })
}

/// What the last attempt at a printer found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PrinterState {
    /// Nothing tried yet, or the last job went through.
    #[default]
    Ready,
    /// Not reachable, or stalled (the error's text).
    Offline(String),
    PaperOut,
    CoverOpen,
}

impl PrinterState {
    /// The state in words (the log, the CLI).
    pub fn words(&self) -> String {
        match self {
            PrinterState::Ready => "ready".into(),
            PrinterState::Offline(why) => why.clone(),
            PrinterState::PaperOut => "paper out".into(),
            PrinterState::CoverOpen => "cover open".into(),
        }
    }

    fn of(e: &SendError) -> PrinterState {
        match e {
            SendError::NotReady { status, .. } if status.paper_out => PrinterState::PaperOut,
            SendError::NotReady { status, .. } if status.cover_open => PrinterState::CoverOpen,
            other => PrinterState::Offline(other.to_string()),
        }
    }
}

/// What became of one job.
#[derive(Debug)]
pub enum Outcome {
    Printed,
    /// Not taken: it waits until `next_at`.
    Waiting {
        error: SendError,
        next_at: DateTime<Utc>,
    },
    /// Not sent and not retried unless asked (why).
    GivenUp(String),
    /// Another sender has it (or it was printed meanwhile).
    Busy,
}

/// Sends jobs: the transport in production, a stand-in in tests.
pub trait Sender {
    fn send(&mut self, printer: &Printer, bytes: &[u8], ask_status: bool) -> Result<(), SendError>;
}

/// The real printers ([`transport::send`]).
pub struct Wire;

impl Sender for Wire {
    fn send(&mut self, printer: &Printer, bytes: &[u8], ask_status: bool) -> Result<(), SendError> {
        transport::send(printer, bytes, ask_status).map(|_| ())
    }
}

/// Claims job `id`, rebuilds its bytes, sends them and marks the job.
pub fn deliver_one(
    store: &mut Store,
    config: &Config,
    id: i64,
    now: DateTime<Utc>,
    utc_offset_secs: i32,
    sender: &mut dyn Sender,
) -> Result<Outcome, StoreError> {
    if !store.write(|tx| print_queue::claim(tx, id, now))? {
        return Ok(Outcome::Busy);
    }
    let Some(job) = print_queue::get(store.conn(), id)? else {
        return Ok(Outcome::Busy);
    };
    let built = Target::from_spec(&job.spec)
        .and_then(|t| job_bytes(store.conn(), config, &job, &t, utc_offset_secs).map(|b| (t, b)));
    let (target, bytes) = match built {
        Ok(tb) => tb,
        Err(e) => return give_up(store, id, e.to_string()),
    };
    if job.kind == Kind::Drawer && now - job.created_at > DRAWER_WINDOW {
        let why = format!(
            "the drawer was not opened: its printer did not answer within {} s",
            DRAWER_WINDOW.num_seconds()
        );
        return give_up(store, id, why);
    }
    match sender.send(&target.printer, &bytes, target.format == Format::EscPos) {
        Ok(()) => {
            store.write(|tx| print_queue::printed(tx, id, Utc::now()))?;
            Ok(Outcome::Printed)
        }
        Err(e) if e.retryable() => {
            let next_at = Utc::now() + backoff(job.attempts + 1);
            store.write(|tx| print_queue::attempt_failed(tx, id, &e.to_string(), next_at))?;
            Ok(Outcome::Waiting { error: e, next_at })
        }
        Err(e) => give_up(store, id, e.to_string()),
    }
}

fn give_up(store: &mut Store, id: i64, why: String) -> Result<Outcome, StoreError> {
    tracing::warn!(job = id, "print job given up: {why}");
    store.write(|tx| print_queue::give_up(tx, id, &why))?;
    Ok(Outcome::GivenUp(why))
}

/// What one pass over a register's queue did and found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub printed: usize,
    /// Receipts printed in this pass (drawer kicks not counted).
    pub receipts: usize,
    /// Jobs still to send, and jobs given up (now or before).
    pub waiting: usize,
    pub failed: usize,
    /// What the jobs tried found (`None`: none was tried, nothing new is known): the
    /// first printer's trouble in this pass, else ready.
    pub state: Option<PrinterState>,
    /// The preparation station (`[[prep]] name`) whose printer is in trouble (`None`:
    /// the receipt printer, or no trouble), so the status bar can say which one.
    pub station: Option<String>,
    /// When the first job not due yet is (the worker sleeps until then).
    pub next_due: Option<DateTime<Utc>>,
    /// Why the last job given up in this pass was (the cashier is told).
    pub given_up: Option<String>,
}

/// One pass over `register`'s queue at `now`: when there are jobs, stale claims released
/// and old printed or failed jobs removed, then every due job sent in order, per
/// printer, stopping at a printer's first job that fails (the others keep their turn
/// behind it).
pub fn pass(
    store: &mut Store,
    config: &Config,
    register: &str,
    now: DateTime<Utc>,
    utc_offset_secs: i32,
    sender: &mut dyn Sender,
) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let mut jobs = print_queue::open(store.conn(), register)?;
    if !jobs.is_empty() {
        // The bookkeeping writes only when there is work (an idle register writes
        // nothing); a claim left by a dead sender is among the open jobs.
        let released = store.write(|tx| {
            print_queue::prune(tx, now - KEEP_PRINTED)?;
            print_queue::release_stale(tx, now - STALE_CLAIM)
        })?;
        if released > 0 {
            jobs = print_queue::open(store.conn(), register)?;
        }
    }
    // Printers whose turn is over for this pass (a job of theirs waits or is being sent).
    let mut held: Vec<String> = Vec::new();
    for job in jobs {
        if held.contains(&job.spec.printer) {
            continue;
        }
        let wait_until = if job.status == print_queue::Status::Sending {
            Some(None)
        } else if job.next_at > now {
            Some(Some(job.next_at))
        } else {
            match deliver_one(store, config, job.id, now, utc_offset_secs, sender)? {
                Outcome::Printed => {
                    report.printed += 1;
                    report.receipts += usize::from(job.kind == Kind::Receipt);
                    if report.state.is_none() {
                        report.state = Some(PrinterState::Ready);
                    }
                    None
                }
                Outcome::Waiting { error, next_at } => {
                    // The first trouble is the news: a kitchen printer offline is not
                    // hidden by a receipt printed after it.
                    if matches!(report.state, None | Some(PrinterState::Ready)) {
                        report.state = Some(PrinterState::of(&error));
                        report.station = job.station.clone();
                    }
                    Some(Some(next_at))
                }
                Outcome::GivenUp(why) => {
                    report.given_up = Some(why);
                    None
                }
                Outcome::Busy => Some(None),
            }
        };
        if let Some(at) = wait_until {
            held.push(job.spec.printer.clone());
            if let Some(at) = at {
                report.next_due = Some(report.next_due.map_or(at, |d| d.min(at)));
            }
        }
    }
    (report.waiting, report.failed) =
        print_queue::counts(store.conn(), register, now - SHOW_FAILED)?;
    Ok(report)
}

#[cfg(test)]
mod tests;
