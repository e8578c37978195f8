//! The two baselines answered in the same run: SQLite FTS5 (unicode61 with diacritics
//! removed, prefix indexes 1-3, bm25 order) and a `LIKE '%token%'` scan.

use std::path::Path;

use comptoir::domain::validate;
use rusqlite::{params_from_iter, Connection};

/// Builds the FTS5 table in its own file beside the database; returns build seconds.
pub fn build_fts(db: &Path, fts: &Path) -> rusqlite::Result<f64> {
    let _ = std::fs::remove_file(fts);
    let started = std::time::Instant::now();
    let conn = Connection::open(fts)?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         CREATE VIRTUAL TABLE cust USING fts5(first_name, last_name, company, street,
            postal_code, city, phone, tokenize = 'unicode61 remove_diacritics 2',
            prefix = '1 2 3');",
    )?;
    conn.execute("ATTACH DATABASE ?1 AS src", [db.to_string_lossy()])?;
    let tx = conn.unchecked_transaction()?;
    {
        let mut read = tx.prepare(
            "SELECT rowid, first_name, last_name, company_name, address1, postal_code, city, phone
             FROM src.customer WHERE anonymised = 0",
        )?;
        let mut write = tx.prepare(
            "INSERT INTO cust (rowid, first_name, last_name, company, street, postal_code, city, phone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let phone: Option<String> = r.get(7)?;
            // The same digit forms the index gets: national and international.
            let phone = phone.map(|p| {
                let national: String = validate::phone_national(&p)
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                format!("{national} {}", p.trim_start_matches('+'))
            });
            write.execute(rusqlite::params![
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                phone,
            ])?;
        }
    }
    tx.commit()?;
    conn.execute_batch("INSERT INTO cust(cust) VALUES('optimize');")?;
    Ok(started.elapsed().as_secs_f64())
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect()
}

/// The FTS5 expression of a simple search: every token, the last one as a prefix.
pub fn fts_simple(text: &str) -> Option<String> {
    let mut w = words(text);
    let last = w.pop()?;
    w.push(format!("{last}*"));
    Some(w.join(" AND "))
}

/// The FTS5 expression of an advanced search over (last name, street).
pub fn fts_advanced(text: &str) -> Option<String> {
    let mut parts = Vec::new();
    for (value, col) in text.split(',').zip(["last_name", "street"]) {
        let mut w = words(value);
        let Some(last) = w.pop() else { continue };
        w.push(format!("{last}*"));
        parts.push(format!("{col} : ({})", w.join(" AND ")));
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Top-10 rowids for an FTS5 expression, best bm25 first.
pub fn fts_top(conn: &Connection, expr: &str) -> Vec<i64> {
    let Ok(mut stmt) = conn
        .prepare_cached("SELECT rowid FROM cust WHERE cust MATCH ?1 ORDER BY bm25(cust) LIMIT 10")
    else {
        return Vec::new();
    };
    let rows = stmt.query_map([expr], |r| r.get(0));
    rows.map(|r| r.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

/// Top-10 rowids of a `LIKE '%token%'` scan: every token somewhere in the same fields.
pub fn like_top(conn: &Connection, text: &str) -> Vec<i64> {
    let tokens: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| format!("%{}%", t.replace(['%', '_'], "")))
        .collect();
    if tokens.is_empty() {
        return Vec::new();
    }
    let hay =
        "(COALESCE(first_name,'')||' '||COALESCE(last_name,'')||' '||COALESCE(company_name,'')
        ||' '||COALESCE(address1,'')||' '||COALESCE(postal_code,'')||' '||COALESCE(city,'')
        ||' '||COALESCE(phone,''))";
    let cond: Vec<String> = (1..=tokens.len())
        .map(|i| format!("{hay} LIKE ?{i}"))
        .collect();
    let sql = format!(
        "SELECT rowid FROM customer WHERE {} LIMIT 10",
        cond.join(" AND ")
    );
    let Ok(mut stmt) = conn.prepare_cached(&sql) else {
        return Vec::new();
    };
    let rows = stmt.query_map(params_from_iter(tokens.iter()), |r| r.get(0));
    rows.map(|r| r.filter_map(Result::ok).collect())
        .unwrap_or_default()
}
