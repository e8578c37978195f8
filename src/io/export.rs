//! Exports of many customers: CSV (comptoir's own columns or a vendor's) and vCard 4.0,
//! of every customer or of those a query finds.
//!
//! Invariants: anonymised customers are never exported; every CSV cell (header included)
//! that a spreadsheet would run as a formula gets a leading `'` ([`super::neutralise`]),
//! which the importer removes again, so E.164 phones (`'+33612345678`) and negative
//! longitudes survive a round trip; a file is written as `NAME.part` and renamed when
//! complete, so a failed export leaves no half file. The caller checks the manager PIN and
//! writes the audit entry: an export of customers is personal data leaving the shop.

use std::io::Write;
use std::path::Path;

use super::field::Field;
use super::preset::Preset;
use super::vcard::write as vcard_write;
use super::{neutralise, IoError};
use crate::domain::customer::Customer;
use crate::domain::validate;
use crate::store::{customers, time_text, StoreError};

/// The customers a query selects.
///
/// SEARCH-HOOK: a plain case-insensitive substring filter on the display name, e-mail and
/// phone (E.164 and national form) until the search module lands; then `--query` must go
/// through `crate::search` so an export selects exactly what the register's search shows.
pub fn matches(query: &str, c: &Customer) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let d = &c.data;
    let phone_national = d.phone.as_deref().map(validate::phone_national);
    [
        Some(d.display_name()),
        d.company_name.clone(),
        d.email.clone(),
        d.phone.clone(),
        phone_national,
    ]
    .into_iter()
    .flatten()
    .any(|h| h.to_lowercase().contains(&q))
}

fn each(
    conn: &rusqlite::Connection,
    query: Option<&str>,
    mut f: impl FnMut(&Customer) -> Result<(), IoError>,
) -> Result<u64, IoError> {
    let mut n = 0;
    let mut failure = None;
    customers::for_each(conn, false, |c| {
        if query.is_none_or(|q| matches(q, &c)) {
            if let Err(e) = f(&c) {
                failure = Some(e);
                return Err(StoreError::Conflict("export stopped".into()));
            }
            n += 1;
        }
        Ok(())
    })
    .map_err(|e| failure.take().unwrap_or(IoError::Store(e)))?;
    Ok(n)
}

/// Writes customers as CSV with `preset`'s export header; returns how many.
pub fn csv(
    conn: &rusqlite::Connection,
    preset: &Preset,
    query: Option<&str>,
    out: &mut dyn Write,
) -> Result<u64, IoError> {
    let werr = |e: csv::Error| IoError::Write {
        path: "the export".into(),
        source: e.into(),
    };
    let mut w = csv::Writer::from_writer(out);
    let header: Vec<String> = preset
        .export
        .iter()
        .map(|h| neutralise(h).into_owned())
        .collect();
    w.write_record(&header).map_err(werr)?;
    let n = each(conn, query, |c| {
        let mut phones = 0;
        let row: Vec<String> = preset
            .export
            .iter()
            .map(|h| {
                let v = cell(preset, h, c, &mut phones);
                neutralise(&v).into_owned()
            })
            .collect();
        w.write_record(&row).map_err(werr)
    })?;
    w.flush().map_err(|source| IoError::Write {
        path: "the export".into(),
        source,
    })?;
    Ok(n)
}

fn cell(preset: &Preset, header: &str, c: &Customer, phones: &mut usize) -> String {
    match header {
        "id" => return c.id.to_string(),
        "created_at" => return time_text(c.created_at),
        "updated_at" => return time_text(c.updated_at),
        "Email Subscription Status" => {
            let yes = c.data.preferences.marketing_email.granted;
            return if yes { "Subscribed" } else { "Unsubscribed" }.into();
        }
        _ => {}
    }
    match preset.field(header) {
        // A second phone column (mobile) carries the second phone.
        Some(Field::Phone) => {
            *phones += 1;
            if *phones == 1 {
                Field::Phone.render(&c.data)
            } else {
                Field::Phone2.render(&c.data)
            }
        }
        Some(f) => f.render(&c.data),
        None => String::new(),
    }
}

/// Writes customers as vCard 4.0; returns how many.
pub fn vcard(
    conn: &rusqlite::Connection,
    query: Option<&str>,
    out: &mut dyn Write,
) -> Result<u64, IoError> {
    each(conn, query, |c| {
        out.write_all(vcard_write::card(c).as_bytes())
            .map_err(|source| IoError::Write {
                path: "the export".into(),
                source,
            })
    })
}

/// Runs `write` into `path` through `NAME.part`, renamed when it succeeded; `bom` starts a
/// CSV file with the UTF-8 byte-order mark spreadsheets look for.
pub fn to_file(
    path: &Path,
    bom: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<u64, IoError>,
) -> Result<u64, IoError> {
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let werr = |source| IoError::Write {
        path: part.clone(),
        source,
    };
    let file = std::fs::File::create(&part).map_err(werr)?;
    let mut out = std::io::BufWriter::new(file);
    let result = (|| {
        if bom {
            out.write_all(b"\xEF\xBB\xBF").map_err(werr)?;
        }
        let n = write(&mut out)?;
        out.flush().map_err(werr)?;
        Ok(n)
    })();
    match result {
        Ok(n) => {
            std::fs::rename(&part, path).map_err(|source| IoError::Write {
                path: path.to_path_buf(),
                source,
            })?;
            Ok(n)
        }
        Err(e) => {
            drop(out);
            let _ = std::fs::remove_file(&part);
            Err(e)
        }
    }
}
