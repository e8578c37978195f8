//! Printer vocabulary (leaf): where receipts go, named by one string, and how they are
//! encoded for it. The config parses `[receipt] printer` into a [`Printer`] once; the
//! print queue stores the same string and parses it back; the CLI's `--printer` takes it.
//!
//! The forms: `tcp://HOST:PORT` (a network printer's raw port, 9100 when the port is left
//! out), an absolute device path (`/dev/usb/lp0`), `serial:/dev/ttyS0:19200` (a serial
//! port and its speed; without the speed, the port keeps the speed the system set), and
//! `file:PATH` (a file the receipts are appended to, 0600).
//!
//! Invariants: [`Printer::parse`] and [`Printer`]'s `Display` are inverse (the text a
//! printer is stored as parses back to the same printer); a string that is not one of the
//! forms is refused with what is wrong with it, never guessed; no IO here.

use std::fmt;
use std::path::PathBuf;

/// The speeds a serial printer may be set to (bits per second).
pub const SERIAL_SPEEDS: [u32; 8] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

/// The raw printing port of network printers (JetDirect / AppSocket).
pub const RAW_PORT: u16 = 9100;

/// Where receipts go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printer {
    /// A network printer's raw port.
    Tcp { host: String, port: u16 },
    /// A printer device (`/dev/usb/lp0`), written as it is.
    Device(PathBuf),
    /// A serial port; `baud` `None`: the speed the system set (`stty`).
    Serial { path: PathBuf, baud: Option<u32> },
    /// A file receipts are appended to (created 0600).
    File(PathBuf),
}

/// Why a printer string names no printer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrinterError {
    #[error("is empty: write tcp://HOST:PORT, /dev/usb/lp0, serial:/dev/ttyS0:19200 or file:PATH")]
    Empty,
    #[error(
        "`{0}` is not a printer: write tcp://HOST:PORT, /dev/usb/lp0 (a device path), \
         serial:/dev/ttyS0:19200 or file:PATH"
    )]
    Unknown(String),
    #[error("`{0}`: tcp:// needs a host (tcp://192.168.1.50:9100)")]
    NoHost(String),
    #[error("`{0}`: the port must be a number from 1 to 65535")]
    BadPort(String),
    #[error("`{0}`: serial: needs an absolute device path (serial:/dev/ttyS0:19200)")]
    NoSerialPath(String),
    #[error("`{text}`: {baud} is not a serial speed ({list})", list = speeds())]
    BadSpeed { text: String, baud: String },
    #[error("`{0}`: file: needs a path (file:/var/lib/comptoir/receipts.txt)")]
    NoFilePath(String),
}

fn speeds() -> String {
    SERIAL_SPEEDS
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Printer {
    /// Parses one of the forms of the module doc.
    pub fn parse(text: &str) -> Result<Printer, PrinterError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(PrinterError::Empty);
        }
        if let Some(rest) = t.strip_prefix("tcp://") {
            return tcp(t, rest.trim_end_matches('/'));
        }
        if let Some(rest) = t.strip_prefix("serial:") {
            return serial(t, rest);
        }
        if let Some(rest) = t.strip_prefix("file:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(PrinterError::NoFilePath(t.into()));
            }
            return Ok(Printer::File(PathBuf::from(path)));
        }
        if t.starts_with('/') {
            return Ok(Printer::Device(PathBuf::from(t)));
        }
        Err(PrinterError::Unknown(t.chars().take(80).collect()))
    }

    /// How receipts are encoded for this printer unless the config says otherwise:
    /// ESC/POS for a printer, plain text for a file.
    pub fn default_format(&self) -> Format {
        match self {
            Printer::File(_) => Format::Text,
            Printer::Tcp { .. } | Printer::Device(_) | Printer::Serial { .. } => Format::EscPos,
        }
    }

    /// A file path relative to `base` made absolute (the config's folder); other forms
    /// are absolute already.
    pub fn relative_to(self, base: &std::path::Path) -> Printer {
        match self {
            Printer::File(p) if p.is_relative() => Printer::File(base.join(p)),
            other => other,
        }
    }
}

fn tcp(whole: &str, rest: &str) -> Result<Printer, PrinterError> {
    // `[::1]:9100` for IPv6; `host:port` or `host` otherwise.
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let Some((h, after)) = v6.split_once(']') else {
            return Err(PrinterError::NoHost(whole.into()));
        };
        (h, after.strip_prefix(':'))
    } else {
        match rest.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    if host.is_empty() || host.contains(['/', ' ', '@']) {
        return Err(PrinterError::NoHost(whole.into()));
    }
    let port = match port {
        None => RAW_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return Err(PrinterError::BadPort(whole.into())),
        },
    };
    Ok(Printer::Tcp {
        host: host.to_string(),
        port,
    })
}

fn serial(whole: &str, rest: &str) -> Result<Printer, PrinterError> {
    let (path, baud) = match rest.rsplit_once(':') {
        Some((p, b)) if !b.contains('/') => (p, Some(b)),
        _ => (rest, None),
    };
    if !path.starts_with('/') || path.len() < 2 {
        return Err(PrinterError::NoSerialPath(whole.into()));
    }
    let baud = match baud {
        None => None,
        Some(b) => match b.parse::<u32>() {
            Ok(n) if SERIAL_SPEEDS.contains(&n) => Some(n),
            _ => {
                return Err(PrinterError::BadSpeed {
                    text: whole.into(),
                    baud: b.chars().take(12).collect(),
                })
            }
        },
    };
    Ok(Printer::Serial {
        path: PathBuf::from(path),
        baud,
    })
}

impl fmt::Display for Printer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Printer::Tcp { host, port } if host.contains(':') => {
                write!(f, "tcp://[{host}]:{port}")
            }
            Printer::Tcp { host, port } => write!(f, "tcp://{host}:{port}"),
            Printer::Device(p) => write!(f, "{}", p.display()),
            Printer::Serial { path, baud: None } => write!(f, "serial:{}", path.display()),
            Printer::Serial {
                path,
                baud: Some(b),
            } => write!(f, "serial:{}:{b}", path.display()),
            Printer::File(p) => write!(f, "file:{}", p.display()),
        }
    }
}

impl serde::Serialize for Printer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// How a receipt is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// ESC/POS commands: code page, bold header, barcode, cut, cash drawer.
    #[serde(rename = "escpos")]
    EscPos,
    /// The plain UTF-8 text receipt (a file, a printer that is not ESC/POS).
    Text,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::EscPos => "escpos",
            Format::Text => "text",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "escpos" | "esc/pos" => Some(Format::EscPos),
            "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// The paper roll's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Mm58,
    Mm80,
}

impl Paper {
    pub fn parse(text: &str) -> Option<Paper> {
        match text.trim().trim_end_matches("mm").trim() {
            "58" => Some(Paper::Mm58),
            "80" => Some(Paper::Mm80),
            _ => None,
        }
    }

    /// Characters per line in the printer's standard font (12 dots wide): 32 on the 384
    /// dots of 58 mm paper, 48 on the 576 dots of 80 mm paper.
    pub fn columns(self) -> usize {
        match self {
            Paper::Mm58 => 32,
            Paper::Mm80 => 48,
        }
    }
}

/// The printer's character table for the bytes 0x80 to 0xFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum CodePage {
    /// PC858: PC850 (Multilingual Latin 1) with the euro sign at 0xD5.
    #[default]
    #[serde(rename = "cp858")]
    Cp858,
    /// WPC1252: Windows Latin 1 (euro at 0x80, curly quotes, dashes, Œ, Š, Ž).
    #[serde(rename = "cp1252")]
    Cp1252,
}

impl CodePage {
    pub const ALL: [CodePage; 2] = [CodePage::Cp858, CodePage::Cp1252];

    pub fn name(self) -> &'static str {
        match self {
            CodePage::Cp858 => "cp858",
            CodePage::Cp1252 => "cp1252",
        }
    }

    pub fn parse(text: &str) -> Option<CodePage> {
        match text.trim().to_ascii_lowercase().as_str() {
            "cp858" | "pc858" | "858" => Some(CodePage::Cp858),
            "cp1252" | "wpc1252" | "windows-1252" | "1252" => Some(CodePage::Cp1252),
            _ => None,
        }
    }

    /// The `n` of `ESC t n` that selects this table on Epson printers and the many
    /// compatible ones, from Epson's ESC/POS command reference ("ESC t: select character
    /// code table"): 19 = PC858 (Euro), 16 = WPC1252. Some clones number their tables
    /// differently; their manual says which `n` to use.
    pub fn escpos_table(self) -> u8 {
        match self {
            CodePage::Cp858 => 19,
            CodePage::Cp1252 => 16,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_parses_and_prints_back() {
        for (text, printer) in [
            (
                "tcp://192.168.1.50:9100",
                Printer::Tcp {
                    host: "192.168.1.50".into(),
                    port: 9100,
                },
            ),
            (
                "tcp://[::1]:9101",
                Printer::Tcp {
                    host: "::1".into(),
                    port: 9101,
                },
            ),
            ("/dev/usb/lp0", Printer::Device("/dev/usb/lp0".into())),
            (
                "serial:/dev/ttyS0:19200",
                Printer::Serial {
                    path: "/dev/ttyS0".into(),
                    baud: Some(19200),
                },
            ),
            (
                "serial:/dev/ttyUSB0",
                Printer::Serial {
                    path: "/dev/ttyUSB0".into(),
                    baud: None,
                },
            ),
            (
                "file:/tmp/receipts.txt",
                Printer::File("/tmp/receipts.txt".into()),
            ),
        ] {
            let parsed = Printer::parse(text).unwrap();
            assert_eq!(parsed, printer, "{text}");
            assert_eq!(parsed.to_string(), text);
            assert_eq!(Printer::parse(&parsed.to_string()).unwrap(), parsed);
        }
        assert_eq!(
            Printer::parse("tcp://printer.local").unwrap().to_string(),
            "tcp://printer.local:9100"
        );
        assert_eq!(
            Printer::parse("file:receipts.txt")
                .unwrap()
                .relative_to(std::path::Path::new("/etc/comptoir")),
            Printer::File("/etc/comptoir/receipts.txt".into())
        );
    }

    #[test]
    fn a_bad_string_says_what_is_wrong() {
        let cases = [
            ("", "is empty"),
            ("lpt1", "is not a printer"),
            ("usb/lp0", "is not a printer"),
            ("tcp://:9100", "needs a host"),
            ("tcp://host:0", "port must be"),
            ("tcp://host:99999", "port must be"),
            ("tcp://host:abc", "port must be"),
            ("serial:ttyS0", "absolute device path"),
            ("serial:/dev/ttyS0:12345", "12345 is not a serial speed"),
            ("file:", "needs a path"),
        ];
        for (text, says) in cases {
            let e = Printer::parse(text).unwrap_err().to_string();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn formats_papers_and_code_pages() {
        assert_eq!(
            Printer::parse("/dev/usb/lp0").unwrap().default_format(),
            Format::EscPos
        );
        assert_eq!(
            Printer::parse("file:/x").unwrap().default_format(),
            Format::Text
        );
        assert_eq!(Format::parse("ESCPOS"), Some(Format::EscPos));
        assert_eq!(Paper::parse("58").map(Paper::columns), Some(32));
        assert_eq!(Paper::parse("80mm").map(Paper::columns), Some(48));
        assert_eq!(Paper::parse("76"), None);
        assert_eq!(CodePage::parse("PC858"), Some(CodePage::Cp858));
        assert_eq!(
            CodePage::parse("wpc1252").map(CodePage::escpos_table),
            Some(16)
        );
        assert_eq!(CodePage::default().escpos_table(), 19);
    }
}
