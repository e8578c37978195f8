//! Conversions between stored column values and domain values.
//!
//! A stored value that does not parse back (hand-edited file, disk damage) becomes a
//! `FromSqlConversionFailure` naming the column, never a panic.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use rusqlite::types::Type;
use rusqlite::Row;

use crate::domain::money::{Money, Percent};

fn bad(idx: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        Type::Text,
        format!("column {idx}: `{value}` is not {what}").into(),
    )
}

/// A column holding a parseable text (ids, decimals).
pub fn parsed<T: FromStr>(row: &Row, idx: usize, what: &str) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    s.parse().map_err(|_| bad(idx, what, &s))
}

pub fn opt_parsed<T: FromStr>(row: &Row, idx: usize, what: &str) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| s.parse().map_err(|_| bad(idx, what, &s)))
        .transpose()
}

/// A stored timestamp (RFC 3339 text, see [`super::time_text`]): the one place the store
/// parses one.
pub fn time(row: &Row, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(idx)?;
    parse_time(idx, &s)
}

/// `t` as the store keeps it (milliseconds, see [`super::time_text`]): what reading it
/// back gives.
pub fn as_stored(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(3)
}

/// A timestamp column that may be NULL (or an aggregate over no rows).
pub fn opt_time(row: &Row, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| parse_time(idx, &s)).transpose()
}

fn parse_time(idx: usize, s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad(idx, "a timestamp", s))
}

pub fn opt_date(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    opt_parsed(row, idx, "a date")
}

pub fn percent(row: &Row, idx: usize) -> rusqlite::Result<Percent> {
    parsed(row, idx, "a percentage")
}

pub fn money(row: &Row, idx: usize) -> rusqlite::Result<Money> {
    Ok(Money::from_cents(row.get(idx)?))
}

pub fn opt_money(row: &Row, idx: usize) -> rusqlite::Result<Option<Money>> {
    Ok(row.get::<_, Option<i64>>(idx)?.map(Money::from_cents))
}

/// A percentage in its stored text form ("5.5").
pub fn percent_text(p: Percent) -> String {
    p.as_decimal().normalize().to_string()
}

/// An id as the dynamic SQL value it is stored as.
pub fn uuid_value(u: uuid::Uuid) -> rusqlite::types::Value {
    rusqlite::types::Value::Blob(u.as_bytes().to_vec())
}

/// Ids are stored as 16-byte BLOBs (less than half the size of their text form, in every
/// table and index that holds them); a hand-typed text UUID is read too.
macro_rules! id_sql {
    ($($t:ty),*) => {$(
        impl rusqlite::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_uuid().as_bytes().to_vec()))
            }
        }

        impl rusqlite::types::FromSql for $t {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                use rusqlite::types::{FromSqlError, ValueRef};
                let uuid = match v {
                    ValueRef::Blob(b) => uuid::Uuid::from_slice(b).map_err(|e| FromSqlError::Other(e.into()))?,
                    ValueRef::Text(t) => std::str::from_utf8(t)
                        .ok()
                        .and_then(|s| uuid::Uuid::parse_str(s).ok())
                        .ok_or(FromSqlError::InvalidType)?,
                    _ => return Err(FromSqlError::InvalidType),
                };
                Ok(<$t>::from_uuid(uuid))
            }
        }
    )*};
}

use crate::domain::ids::{
    CustomerId, GroupId, LedgerId, NoteId, ParkedId, PaymentId, ProductId, SaleId,
};
id_sql!(CustomerId, GroupId, LedgerId, NoteId, ParkedId, PaymentId, ProductId, SaleId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_as_stored_is_what_reading_it_back_gives() {
        let t = DateTime::parse_from_rfc3339("2026-03-14T10:00:00.123456789+01:00")
            .unwrap()
            .with_timezone(&Utc);
        let text = super::super::time_text(t);
        assert_eq!(text, "2026-03-14T09:00:00.123Z");
        assert_eq!(parse_time(0, &text).unwrap(), as_stored(t));
        assert!(parse_time(3, "yesterday")
            .unwrap_err()
            .to_string()
            .contains("column 3: `yesterday` is not a timestamp"));
    }
}
