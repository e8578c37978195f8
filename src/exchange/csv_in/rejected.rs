//! The refused rows of a CSV import as records of `NAME.rejected.csv`: the original
//! header and cells, then the line the row started on and the reasons (every cell,
//! the reason included, formula-neutralised: a reason starts with a column name the file
//! chose), so the manager can fix the rows and import that file. The file itself (created
//! at the first refusal, renamed after the last commit, never on a dry run; beside the
//! imported file, else in the data folder) is the shared [`RejectedFile`].

use std::path::Path;

use crate::exchange::rejected::RejectedFile;
use crate::exchange::{neutralise, ExchangeError, RunOptions};

/// `NAME.rejected.csv`, in the imported file's delimiter, with a UTF-8 byte-order mark.
pub struct RejectedRows {
    file: RejectedFile,
    header: Vec<String>,
    delimiter: u8,
}

impl RejectedRows {
    /// The rejected rows of importing `path` into the database at `db` (see
    /// [`RejectedFile::new`]).
    pub fn new(
        path: &Path,
        header: &[String],
        delimiter: u8,
        run: &RunOptions,
        db: &Path,
    ) -> RejectedRows {
        RejectedRows {
            file: RejectedFile::new(path, "csv", run, db),
            header: header.to_vec(),
            delimiter,
        }
    }

    /// Appends one refused row.
    pub fn write(
        &mut self,
        cells: &[String],
        line: u64,
        reason: &str,
    ) -> Result<(), ExchangeError> {
        let (header, delimiter) = (&self.header, self.delimiter);
        let head = || {
            let mut head: Vec<String> = header.iter().map(|h| neutralise(h).into_owned()).collect();
            head.push("comptoir_line".into());
            head.push("comptoir_reason".into());
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(record(delimiter, &head)?);
            Ok(bytes)
        };
        let row = || {
            let mut row: Vec<String> = cells.iter().map(|c| neutralise(c).into_owned()).collect();
            row.resize(header.len().max(row.len()), String::new());
            row.push(line.to_string());
            row.push(neutralise(reason).into_owned());
            record(delimiter, &row)
        };
        self.file.append(head, row)
    }

    /// The file, for [`RejectedFile::settle`] once the run is over.
    pub fn into_file(self) -> RejectedFile {
        self.file
    }
}

/// One CSV record as bytes.
fn record(delimiter: u8, fields: &[String]) -> std::io::Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(Vec::new());
    out.write_record(fields)?;
    out.into_inner().map_err(|e| e.into_error())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::report::Report;

    #[test]
    fn the_reason_column_is_formula_neutralised_like_the_cells() {
        let dir = tempfile::tempdir().unwrap();
        let run = RunOptions {
            dry_run: false,
            actor: "t".into(),
            default_country: "FR".into(),
            today: chrono::NaiveDate::default(),
            manager: true,
        };
        let imported = dir.path().join("c.csv");
        let db = dir.path().join("comptoir.db");
        let mut rows = RejectedRows::new(&imported, &["=name".into()], b',', &run, &db);
        // A column named by the file starts the reason: `=cmd|' /C calc'!A0: ...`.
        rows.write(&["=1+1".into()], 2, "=cmd|' /C calc'!A0: not an e-mail")
            .unwrap();
        rows.into_file()
            .settle(Ok(Report::default()), &run)
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join("c.rejected.csv")).unwrap();
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.next(), Some("'=name,comptoir_line,comptoir_reason"));
        assert_eq!(
            lines.next(),
            Some("'=1+1,2,'=cmd|' /C calc'!A0: not an e-mail")
        );
    }
}
