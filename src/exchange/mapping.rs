//! Which column feeds which field: a preset, a TOML mapping file and `--map` options,
//! resolved against the file's header into a [`Plan`].
//!
//! Precedence, highest first: `--map COLUMN=FIELD`, the mapping file's `[columns]`, the
//! preset (`--preset`, else the mapping file's `preset`, else `auto`), then the common
//! column names for columns the preset does not know (not with `custom`, which uses the
//! explicit mappings only). A mapping that names a column the header lacks, or a field
//! that does not exist, stops the import before anything is read, naming both.
//!
//! Mapping file format (unknown keys are refused):
//! ```toml
//! preset = "custom"          # optional: auto, shopify, ..., custom
//! delimiter = ";"            # optional
//! encoding = "windows-1252"  # optional
//! country = "BE"             # optional: phones without a country code
//! [columns]
//! "Nom" = "last_name"
//! "Prénom" = "first_name"
//! "GSM" = "phone"
//! "N° carte" = "reference"
//! "Fax" = "ignore"
//! ```

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::field::Field;
use super::preset::{self, Preset};
use super::remark::Remark;
use super::report::ColumnUse;
use super::ExchangeError;

/// What `--preset` asked for.
#[derive(Debug, Clone, Copy)]
pub enum PresetChoice {
    Auto,
    Named(&'static Preset),
    /// Only `--map` and the mapping file.
    Custom,
}

impl PresetChoice {
    pub fn parse(name: &str) -> Result<PresetChoice, ExchangeError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(PresetChoice::Auto),
            "custom" => Ok(PresetChoice::Custom),
            n => preset::by_name(n).map(PresetChoice::Named).ok_or_else(|| {
                ExchangeError::Mapping(format!(
                    "unknown preset `{n}`: choose one of {}",
                    preset::names()
                ))
            }),
        }
    }
}

/// A mapping file (see the module doc).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    pub preset: Option<String>,
    pub delimiter: Option<String>,
    pub encoding: Option<String>,
    pub country: Option<String>,
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl MappingFile {
    /// Reads and checks a mapping file.
    pub fn load(path: &Path) -> Result<MappingFile, ExchangeError> {
        let text = std::fs::read_to_string(path).map_err(|source| ExchangeError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let file: MappingFile = toml::from_str(&text)
            .map_err(|e| ExchangeError::Mapping(format!("mapping file {}: {e}", path.display())))?;
        for field in file.columns.values() {
            parse_field(field, &format!("mapping file {}", path.display()))?;
        }
        Ok(file)
    }
}

fn parse_field(name: &str, origin: &str) -> Result<Field, ExchangeError> {
    Field::parse(name).ok_or_else(|| {
        ExchangeError::Mapping(format!(
            "{origin}: `{name}` is not a customer field; fields are: {}",
            Field::names()
        ))
    })
}

/// Reads one `--map COLUMN=FIELD`.
pub fn parse_map(arg: &str) -> Result<(String, Field), ExchangeError> {
    let (column, field) = arg.rsplit_once('=').ok_or_else(|| {
        ExchangeError::Mapping(format!(
            "--map `{arg}`: write COLUMN=FIELD, e.g. \"Tél. portable=phone\""
        ))
    })?;
    Ok((column.trim().to_string(), parse_field(field, "--map")?))
}

/// The resolved mapping of one file.
#[derive(Debug, Clone)]
pub struct Plan {
    /// One field per column of the header, [`Field::Ignore`] when unmapped.
    pub fields: Vec<Field>,
    pub columns: Vec<ColumnUse>,
    pub ignored: Vec<String>,
    pub preset: Option<String>,
    pub preset_reason: Option<Remark>,
}

/// Maps each header column to a field.
pub fn plan(
    headers: &[String],
    choice: PresetChoice,
    file: Option<&MappingFile>,
    maps: &[(String, Field)],
) -> Result<Plan, ExchangeError> {
    let choice = match (choice, file.and_then(|f| f.preset.as_deref())) {
        (PresetChoice::Auto, Some(p)) => PresetChoice::parse(p)?,
        (c, _) => c,
    };
    let (chosen, reason) = match choice {
        PresetChoice::Named(p) => (Some(p), Some(Remark::PresetGiven)),
        PresetChoice::Custom => (None, None),
        PresetChoice::Auto => match preset::detect(headers) {
            Some((p, known)) => (
                Some(p),
                Some(Remark::PresetFromHeader {
                    known,
                    total: headers.len(),
                }),
            ),
            None => (None, None),
        },
    };
    let custom = matches!(choice, PresetChoice::Custom);
    let mut explicit: Vec<(String, Field, &str)> = Vec::new();
    if let Some(f) = file {
        for (col, field) in &f.columns {
            explicit.push((
                col.clone(),
                parse_field(field, "mapping file")?,
                "mapping file",
            ));
        }
    }
    for (col, field) in maps {
        explicit.push((col.clone(), *field, "--map"));
    }
    // Every name normalised once: a header may have millions of columns.
    let norm: Vec<String> = headers.iter().map(|h| preset::normalise(h)).collect();
    let present: HashSet<&str> = norm.iter().map(String::as_str).collect();
    let explicit: Vec<(String, Field, &str, String)> = explicit
        .into_iter()
        .map(|(col, f, from)| {
            let n = preset::normalise(&col);
            (col, f, from, n)
        })
        .collect();
    for (col, _, from, n) in &explicit {
        if !present.contains(n.as_str()) {
            return Err(ExchangeError::Mapping(format!(
                "{from}: no column `{col}` in the header; its columns are: {}",
                headers.join(", ")
            )));
        }
    }
    let mut out = Plan {
        fields: Vec::with_capacity(headers.len()),
        columns: Vec::new(),
        ignored: Vec::new(),
        preset: Some(
            chosen
                .map_or(if custom { "custom" } else { "common names" }, |p| p.name)
                .to_string(),
        ),
        preset_reason: reason,
    };
    for (h, n) in headers.iter().zip(&norm) {
        if n.is_empty() {
            out.fields.push(Field::Ignore);
            continue;
        }
        // Later explicit entries (--map) win over earlier ones (mapping file).
        let mapped = explicit
            .iter()
            .rev()
            .find(|(_, _, _, c)| c == n)
            .map(|(_, f, from, _)| (*f, *from))
            .or_else(|| {
                chosen
                    .and_then(|p| p.field_normalised(n))
                    .map(|f| (f, "preset"))
            })
            .or_else(|| {
                (!custom)
                    .then(|| preset::common_field_normalised(n))
                    .flatten()
                    .map(|f| (f, "common name"))
            });
        match mapped {
            Some((f, from)) if f != Field::Ignore => {
                out.fields.push(f);
                out.columns.push(ColumnUse {
                    column: h.clone(),
                    field: f.name().to_string(),
                    from: from.to_string(),
                });
            }
            _ => {
                out.fields.push(Field::Ignore);
                out.ignored.push(h.clone());
            }
        }
    }
    if out.columns.is_empty() {
        return Err(ExchangeError::Mapping(format!(
            "no column of the header maps to a customer field (columns: {}); choose a --preset \
             ({}) or map columns with --map COLUMN=FIELD or --mapping FILE.toml",
            clip_list(headers),
            preset::names()
        )));
    }
    Ok(out)
}

fn clip_list(headers: &[String]) -> String {
    let shown: Vec<&str> = headers.iter().take(12).map(String::as_str).collect();
    if headers.len() > shown.len() {
        format!("{}, ... ({} in all)", shown.join(", "), headers.len())
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn map_beats_file_beats_preset() {
        let file: MappingFile =
            toml::from_str("[columns]\n\"Phone\" = \"phone2\"\n\"Tél\" = \"phone\"\n").unwrap();
        let maps = vec![parse_map("Phone=ignore").unwrap()];
        let p = plan(
            &h("First Name,Last Name,Email,Accepts Email Marketing,Phone,Tél,Total Spent,"),
            PresetChoice::Auto,
            Some(&file),
            &maps,
        )
        .unwrap();
        assert_eq!(p.preset.as_deref(), Some("shopify"));
        assert_eq!(p.fields[4], Field::Ignore);
        assert_eq!(p.fields[5], Field::Phone);
        assert_eq!(p.ignored, vec!["Phone", "Total Spent"]);
    }

    #[test]
    fn bad_mappings_are_named() {
        let e = plan(
            &h("a,b"),
            PresetChoice::Auto,
            None,
            &[("c".into(), Field::Email)],
        )
        .unwrap_err();
        assert!(e.to_string().contains("no column `c`"), "{e}");
        assert!(parse_map("Nom=nmo")
            .unwrap_err()
            .to_string()
            .contains("nmo"));
        assert!(toml::from_str::<MappingFile>("colums = {}").is_err());
        let e = plan(&h("x,y,z"), PresetChoice::Auto, None, &[]).unwrap_err();
        assert!(e.to_string().contains("--map"), "{e}");
        let e = plan(&h("Prénom,Nom"), PresetChoice::Custom, None, &[]).unwrap_err();
        assert!(e.to_string().contains("no column"), "{e}");
    }

    #[test]
    fn a_header_of_many_columns_is_planned_in_linear_time() {
        // Found by fuzzing (fuzz/csv_import): a first line of 60,000 `a,` took 16 s, each
        // header compared with every preset's and common column, all normalised again.
        let mut header = vec!["a".to_string(); 200_000];
        header.push("First Name".into());
        header.push("Accepts Email Marketing".into());
        let started = std::time::Instant::now();
        let p = plan(
            &header,
            PresetChoice::Auto,
            None,
            &[("a".into(), Field::Ignore)],
        )
        .unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(p.preset.as_deref(), Some("shopify"));
        assert_eq!(p.fields[200_000], Field::FirstName);
        assert_eq!(p.fields[0], Field::Ignore);
    }

    #[test]
    fn common_names_without_a_vendor() {
        let p = plan(
            &h("Prénom,Nom,Téléphone,Ville,Fax"),
            PresetChoice::Auto,
            None,
            &[],
        )
        .unwrap();
        assert_eq!(p.preset.as_deref(), Some("common names"));
        assert_eq!(
            p.fields[..4],
            [Field::FirstName, Field::LastName, Field::Phone, Field::City]
        );
        assert_eq!(p.ignored, vec!["Fax"]);
    }
}
