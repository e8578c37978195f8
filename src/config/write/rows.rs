//! Keys of an array of tables (`[[prep]]`, the preparation stations) set, added and
//! removed by row: `prep[2].printer` is the second `[[prep]]` table's `printer`,
//! `prep[2]` alone (removed) the whole second table. Rows are counted from 1, as the
//! config names them in its refusals.
//!
//! Invariants: the rows are those of the file before the edits (a row removed is
//! removed last, so the other edits' numbers still name the rows they were made for);
//! a row one past the last is added, after the last row (or, for the array's first row,
//! right after `[receipt]`, where the example explains the stations); a row further on
//! is refused, as is a name the file uses for something that is not an array of tables;
//! a value replaced keeps its spacing and end-of-line comment, a row's other keys stay,
//! and the comments above a row removed move above what follows it.

use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::{prepend_to_next_table, raw, set, toml_value, ConfigError, KeyEdit};

/// `(array, row from 1, key)` of an edit named `array[row].key` (or `array[row]`, the
/// key `None`).
pub(super) fn parts(e: &KeyEdit) -> Option<(&str, usize, Option<&str>)> {
    let (head, key) = match e.key.split_once("].") {
        Some((head, key)) => (head, Some(key)),
        None => (e.key.strip_suffix(']')?, None),
    };
    let (array, row) = head.split_once('[')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let row = row.parse::<usize>().ok().filter(|r| *r > 0)?;
    (plain(array) && key.is_none_or(plain)).then_some((array, row, key))
}

/// Makes the row edits among `edits` in `doc` (the others are left to the caller).
pub(super) fn apply(
    doc: &mut DocumentMut,
    edits: &[KeyEdit],
    path: &Path,
) -> Result<(), ConfigError> {
    let refuse = |key: &str, message: &str| ConfigError::Invalid {
        origin: path.display().to_string(),
        key: key.to_string(),
        message: message.to_string(),
    };
    let mut removed: Vec<(String, usize)> = Vec::new();
    for e in edits {
        let Some((name, row, key)) = parts(e) else {
            continue;
        };
        let Some(key) = key else {
            if e.value.is_none() {
                removed.push((name.to_string(), row));
                continue;
            }
            return Err(refuse(&e.key, "a row is set key by key; not changed"));
        };
        let after = doc
            .get("receipt")
            .and_then(Item::as_table)
            .and_then(Table::position);
        let array = array(doc, name)
            .ok_or_else(|| refuse(name, "is not an array of tables ([[...]]); not changed"))?;
        if row == array.len() + 1 && e.value.is_some() {
            let mut t = Table::new();
            if array.is_empty() {
                t.set_position(after);
            }
            array.push(t);
        }
        match (array.get_mut(row - 1), &e.value) {
            (Some(t), Some(v)) => set(t, key, toml_value(v.clone())),
            (Some(t), None) => {
                t.remove(key);
            }
            (None, None) => {}
            (None, Some(_)) => return Err(refuse(&e.key, "no such row; not changed")),
        }
    }
    removed.sort_by_key(|r| std::cmp::Reverse(r.1));
    removed.dedup();
    for (name, row) in removed {
        remove_row(doc, &name, row);
    }
    // An array the edits left empty (a row removed, or only asked for) goes.
    let empty: Vec<String> = edits
        .iter()
        .filter_map(parts)
        .map(|(name, _, _)| name.to_string())
        .filter(|n| {
            doc.get(n)
                .and_then(Item::as_array_of_tables)
                .is_some_and(ArrayOfTables::is_empty)
        })
        .collect();
    for name in empty {
        doc.remove(&name);
    }
    Ok(())
}

/// The array of tables `name`, made empty when missing; `None` when the name holds
/// something else.
fn array<'a>(doc: &'a mut DocumentMut, name: &str) -> Option<&'a mut ArrayOfTables> {
    doc.entry(name)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
}

/// Removes row `row` (from 1) of `name`; its comments go above what follows it; the
/// array emptied is taken out by the caller.
fn remove_row(doc: &mut DocumentMut, name: &str, row: usize) {
    let Some(a) = doc.get_mut(name).and_then(Item::as_array_of_tables_mut) else {
        return;
    };
    if row == 0 || row > a.len() {
        return;
    }
    let gone = a
        .get(row - 1)
        .map(|t| (raw(t.decor().prefix()), t.position()));
    a.remove(row - 1);
    if let Some((prefix, position)) = gone {
        let comments = prefix.lines().any(|l| l.trim_start().starts_with('#'));
        if comments {
            match a.get_mut(row - 1) {
                Some(next) => {
                    let d = next.decor_mut();
                    let old = raw(d.prefix());
                    d.set_prefix(format!("{prefix}{old}"));
                }
                None => prepend_to_next_table(doc, position, &prefix),
            }
        }
    }
}
