//! Exports of many customers: CSV (comptoir's own columns or a vendor's) and vCard 4.0,
//! of every customer or of a list of ids (what a query found in the search index: the
//! caller searches, so an export selects exactly what the register's search shows).
//!
//! Invariants: anonymised customers are never exported; every CSV cell (header included)
//! that a spreadsheet would run as a formula gets a leading `'` ([`super::neutralise`]),
//! which the importer removes again, so E.164 phones (`'+33612345678`) and negative
//! longitudes survive a round trip; a file is a [`PrivateFile`] (0600, written as a
//! temporary file renamed when complete, never through a symbolic link), so a failed
//! export leaves no half file. A CSV export resolves its preset's
//! header to columns once ([`Preset::field`] is never asked per row), so a row costs
//! what its cells cost. The caller checks the manager PIN and records the audit entry before
//! the first byte leaves (after [`open_file`], before [`to_file`]; [`count`] says how
//! many customers it records): an export of
//! customers is personal data leaving the shop.

use std::borrow::Cow;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use super::field::Field;
use super::preset::Preset;
use super::private_file::PrivateFile;
use super::vcard::write as vcard_write;
use super::{neutralise, ExchangeError};
use crate::domain::customer::Customer;
use crate::domain::ids::CustomerId;
use crate::store::{customers, time_text};

/// Calls `f` on the customers to export in stored (creation) order: every one, or those
/// of `only` (in any order; ids no longer stored are skipped). Anonymised customers never.
fn each(
    conn: &rusqlite::Connection,
    only: Option<&[CustomerId]>,
    mut f: impl FnMut(&Customer) -> Result<(), ExchangeError>,
) -> Result<u64, ExchangeError> {
    let mut n = 0;
    let Some(only) = only else {
        customers::for_each(conn, false, |c| {
            f(&c)?;
            n += 1;
            Ok::<_, ExchangeError>(ControlFlow::Continue(()))
        })?;
        return Ok(n);
    };
    // Ids sort as their stored bytes do, so this is the order of the full export.
    let mut ids = only.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        match customers::get(conn, id)? {
            Some(c) if !c.anonymised => {
                f(&c)?;
                n += 1;
            }
            _ => {}
        }
    }
    Ok(n)
}

/// Writes customers (every one, or those of `only`) as CSV with `preset`'s export header;
/// returns how many. The header is resolved to columns once, so a row costs one
/// rendering per cell and nothing per preset column.
pub fn csv(
    conn: &rusqlite::Connection,
    preset: &Preset,
    only: Option<&[CustomerId]>,
    out: &mut dyn Write,
) -> Result<u64, ExchangeError> {
    let werr = |e: csv::Error| {
        ExchangeError::Output(match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            // Records of strings, all as long as the header: nothing else can fail.
            other => std::io::Error::other(format!("{other:?}")),
        })
    };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(preset.export.iter().map(|h| neutralise(h).into_owned()))
        .map_err(werr)?;
    let columns = columns(preset);
    let n = each(conn, only, |c| {
        for col in &columns {
            w.write_field(neutralise(&col.text(c)).as_bytes())
                .map_err(werr)?;
        }
        // An empty record after the fields ends the row.
        w.write_record(None::<&[u8]>).map_err(werr)
    })?;
    w.flush().map_err(ExchangeError::Output)?;
    Ok(n)
}

/// What a column of a CSV export holds: its header resolved once per export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    CreatedAt,
    UpdatedAt,
    /// Square's "Email Subscription Status": `Subscribed` or `Unsubscribed`.
    EmailSubscription,
    /// A customer field, rendered as [`Field::render`] writes it.
    Field(Field),
    /// A header the preset does not know: an empty cell.
    Empty,
}

/// The columns of `preset`'s export header, in order. The store's own columns (`id`,
/// the times) and Square's subscription status go by their exact header name before the
/// preset is asked; a second phone column (mobile) carries the second phone.
fn columns(preset: &Preset) -> Vec<Column> {
    let mut phones = 0;
    preset
        .export
        .iter()
        .map(|&header| match header {
            "id" => Column::Id,
            "created_at" => Column::CreatedAt,
            "updated_at" => Column::UpdatedAt,
            "Email Subscription Status" => Column::EmailSubscription,
            _ => match preset.field(header) {
                Some(Field::Phone) => {
                    phones += 1;
                    Column::Field(if phones == 1 {
                        Field::Phone
                    } else {
                        Field::Phone2
                    })
                }
                Some(f) => Column::Field(f),
                None => Column::Empty,
            },
        })
        .collect()
}

impl Column {
    /// The text of this column for `c`, before formula neutralising; borrowed from the
    /// customer where it can be.
    fn text(self, c: &Customer) -> Cow<'_, str> {
        match self {
            Column::Id => c.id.to_string().into(),
            Column::CreatedAt => time_text(c.created_at).into(),
            Column::UpdatedAt => time_text(c.updated_at).into(),
            Column::EmailSubscription => {
                let yes = c.data.preferences.marketing_email.granted;
                if yes { "Subscribed" } else { "Unsubscribed" }.into()
            }
            Column::Field(f) => f.render(&c.data),
            Column::Empty => "".into(),
        }
    }
}

/// Writes customers (every one, or those of `only`) as vCard 4.0; returns how many.
pub fn vcard(
    conn: &rusqlite::Connection,
    only: Option<&[CustomerId]>,
    out: &mut dyn Write,
) -> Result<u64, ExchangeError> {
    each(conn, only, |c| {
        out.write_all(vcard_write::card(c).as_bytes())
            .map_err(ExchangeError::Output)
    })
}

/// Opens the export file `path`: a [`PrivateFile`] (mode 0600, a temporary file until
/// [`to_file`] renames it, a symbolic link at `path` refused). Opened before the audit
/// entry is recorded, so a refused target records nothing.
pub fn open_file(path: &Path) -> Result<PrivateFile, ExchangeError> {
    PrivateFile::create(path).map_err(|source| ExchangeError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Runs `write` into `file` (from [`open_file`]) and puts it in place when `write`
/// succeeded; `bom` starts a CSV file with the UTF-8 byte-order mark spreadsheets look
/// for. After a failure nothing is left behind. A failure of the file
/// (`ExchangeError::Output` from `write`) comes back as `ExchangeError::Write` naming the
/// file written.
pub fn to_file(
    mut file: PrivateFile,
    bom: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<u64, ExchangeError>,
) -> Result<u64, ExchangeError> {
    let part = file.part().to_path_buf();
    let werr = |source| ExchangeError::Write {
        path: part.clone(),
        source,
    };
    if bom {
        file.write_all(b"\xEF\xBB\xBF").map_err(werr)?;
    }
    let n = write(&mut file).map_err(|e| match e {
        ExchangeError::Output(source) => werr(source),
        e => e,
    })?;
    let path = file.path().to_path_buf();
    file.commit()
        .map_err(|source| ExchangeError::Write { path, source })?;
    Ok(n)
}

/// How many customers an export of every customer, or of those of `only`, will write
/// (what its audit entry records before the first byte is written).
pub fn count(
    conn: &rusqlite::Connection,
    only: Option<&[CustomerId]>,
) -> Result<u64, ExchangeError> {
    Ok(match only {
        None => customers::count(conn)?.try_into().unwrap_or(0),
        Some(ids) => customers::count_live(conn, ids)?,
    })
}

#[cfg(test)]
mod tests;
