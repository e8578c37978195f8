//! The refused rows of a real run, written to `NAME.rejected.csv` beside the imported
//! file: the original header and cells (formula cells neutralised), then the line the row
//! started on and the reasons, so the manager can fix the rows and import that file.
//!
//! The file is written as `NAME.rejected.csv.part`, created at the first refusal, and
//! renamed only after the import committed; a failed run removes it.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::exchange::{neutralise, ExchangeError};

pub struct Rejected {
    path: PathBuf,
    part: PathBuf,
    header: Vec<String>,
    delimiter: u8,
    writer: Option<csv::Writer<File>>,
}

/// `dir/name.csv` -> `dir/name.rejected.csv`.
pub fn rejected_path(path: &Path, ext: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    path.with_file_name(format!("{stem}.rejected.{ext}"))
}

impl Rejected {
    pub fn new(path: &Path, header: &[String], delimiter: u8) -> Rejected {
        let out = rejected_path(path, "csv");
        let part = out.with_extension("csv.part");
        Rejected {
            path: out,
            part,
            header: header.to_vec(),
            delimiter,
            writer: None,
        }
    }

    fn err(&self, source: std::io::Error) -> ExchangeError {
        ExchangeError::Write {
            path: self.part.clone(),
            source,
        }
    }

    /// Appends one refused row.
    pub fn write(
        &mut self,
        cells: &[String],
        line: u64,
        reason: &str,
    ) -> Result<(), ExchangeError> {
        if self.writer.is_none() {
            let mut f = File::create(&self.part).map_err(|e| self.err(e))?;
            f.write_all(b"\xEF\xBB\xBF").map_err(|e| self.err(e))?;
            let mut w = csv::WriterBuilder::new()
                .delimiter(self.delimiter)
                .flexible(true)
                .from_writer(f);
            let mut head: Vec<String> = self
                .header
                .iter()
                .map(|h| neutralise(h).into_owned())
                .collect();
            head.push("comptoir_line".into());
            head.push("comptoir_reason".into());
            w.write_record(&head).map_err(|e| self.err(e.into()))?;
            self.writer = Some(w);
        }
        let mut row: Vec<String> = cells.iter().map(|c| neutralise(c).into_owned()).collect();
        row.resize(self.header.len().max(row.len()), String::new());
        row.push(line.to_string());
        row.push(reason.to_string());
        let result = match self.writer.as_mut() {
            Some(w) => w.write_record(&row),
            None => Ok(()),
        };
        result.map_err(|e| self.err(e.into()))
    }

    /// After the commit: renames the file into place; `None` when no row was refused.
    pub fn finish(mut self) -> Result<Option<PathBuf>, ExchangeError> {
        let Some(mut w) = self.writer.take() else {
            return Ok(None);
        };
        w.flush().map_err(|e| self.err(e))?;
        drop(w);
        std::fs::rename(&self.part, &self.path).map_err(|source| ExchangeError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(Some(self.path))
    }

    /// After a failed run: removes the partial file.
    pub fn discard(self) {
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}
