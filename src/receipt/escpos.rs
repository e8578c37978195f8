//! ESC/POS: a receipt as the bytes a thermal receipt printer reads, the cash drawer's
//! kick, and the printer's real-time status answers. Our own small encoder over the
//! handful of commands a receipt needs, each checked against Epson's ESC/POS command
//! reference (and by the decoder of the tests):
//!
//! | bytes            | command                                                     |
//! |------------------|-------------------------------------------------------------|
//! | `ESC @`          | initialise the printer (modes back to their defaults)      |
//! | `ESC t n`        | select the character code table ([`CodePage::escpos_table`]) |
//! | `ESC E n`        | emphasis (bold) on / off                                    |
//! | `GS ! n`         | character size (`0x01`: double height; `0x00`: normal)      |
//! | `ESC a n`        | justification (1 centre, 0 left), around the barcode        |
//! | `GS H n`, `GS h n`, `GS w n` | barcode text below, height in dots, module width |
//! | `GS k 73 n {B..` | Code 128 barcode, function B, code set B                    |
//! | `GS V 66 n`      | feed to the cutter and cut (partial cut)                    |
//! | `ESC p m t1 t2`  | pulse the cash drawer's pin                                 |
//! | `DLE EOT n`      | real-time status (1 printer, 2 offline cause, 4 paper roll) |
//! | `LF`             | print the line and feed                                     |
//!
//! Invariants: every command byte comes from this module, never from data: text is
//! folded into the code page ([`super::fold`]) and encoded one byte per character, each
//! byte 0x20-0x7E or 0x80-0xFF (the sanitiser has already turned the data's control
//! characters into `?`), so a customer named with ESC or GS bytes cannot cut the paper or
//! open the drawer; the barcode's data is the ticket number in printable ASCII (a `{` is
//! doubled, as code set B requires), else there is no barcode; a document always starts
//! with `ESC @` and the code page and ends with the cut.

use super::{Line, ReceiptContext, Style};
use crate::domain::sale::Sale;
use crate::printer::CodePage;

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const DLE: u8 = 0x10;
const EOT: u8 = 0x04;
const LF: u8 = 0x0A;

/// The barcode's height in dots (8 dots per mm on 203 dpi printers: 10 mm).
const BARCODE_HEIGHT: u8 = 80;

/// The receipt of `sale` for a printer using `page`.
pub fn receipt(sale: &Sale, ctx: &ReceiptContext, page: CodePage) -> Vec<u8> {
    let lines = super::lines(sale, ctx, Some(page));
    document(&lines, Some(&sale.number), page, ctx.width)
}

/// A whole printed document: initialise, select `page`, the lines with their styles, the
/// Code 128 barcode of `barcode` (when printable), feed and cut.
pub fn document(lines: &[Line], barcode: Option<&str>, page: CodePage, width: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.len() * (width + 4) + 64);
    out.extend([ESC, b'@', ESC, b't', page.escpos_table()]);
    for l in lines {
        match l.style {
            Style::Plain => text(&mut out, page, &l.text),
            Style::Bold => {
                out.extend([ESC, b'E', 1]);
                text(&mut out, page, &l.text);
                out.extend([ESC, b'E', 0]);
            }
            Style::Tall => {
                out.extend([GS, b'!', 0x01]);
                text(&mut out, page, &l.text);
                out.extend([GS, b'!', 0x00]);
            }
        }
        out.push(LF);
    }
    if let Some(data) = barcode.and_then(code128_b) {
        out.push(LF);
        out.extend([ESC, b'a', 1, GS, b'H', 2, GS, b'h', BARCODE_HEIGHT]);
        out.extend([GS, b'w', module_width(data.len(), width)]);
        // n counts the data with its "{B" code set selector (at most 255).
        let n = u8::try_from(data.len() + 2).unwrap_or(u8::MAX);
        out.extend([GS, b'k', 73, n, b'{', b'B']);
        out.extend(&data);
        out.extend([ESC, b'a', 0]);
    }
    out.extend([GS, b'V', 66, 0]);
    out
}

/// The kick that opens a cash drawer wired to the printer: `ESC p 0 25 250`, a pulse on
/// pin 2 of the drawer port for 50 ms (25 x 2 ms), then 500 ms off.
pub fn drawer_kick() -> Vec<u8> {
    vec![ESC, b'p', 0, 25, 250]
}

/// `text` folded into `page` and encoded, one byte per character.
fn text(out: &mut Vec<u8>, page: CodePage, text: &str) {
    out.extend(
        super::fold(page, text)
            .chars()
            .filter_map(|c| super::charset::encode(page, c)),
    );
}

/// The Code 128 data of a ticket number in code set B: printable ASCII only (a `{`
/// doubled), at most 200 characters; `None` otherwise (no barcode, the number is printed
/// as text above).
fn code128_b(number: &str) -> Option<Vec<u8>> {
    if number.is_empty() || number.len() > 200 || !number.bytes().all(|b| (0x20..0x7F).contains(&b))
    {
        return None;
    }
    let mut data = Vec::with_capacity(number.len() + 2);
    for b in number.bytes() {
        data.push(b);
        if b == b'{' {
            data.push(b'{');
        }
    }
    (data.len() <= 253).then_some(data)
}

/// The widest module (2 or 3 dots) at which a barcode of `chars` data characters and its
/// quiet zones fit the paper (12 dots per column): 11 modules per character plus start
/// and check, 13 for stop, 10 of quiet zone on each side. A number too long for 2 falls
/// back to 1, which not every printer accepts (it then keeps its default).
fn module_width(chars: usize, columns: usize) -> u8 {
    let modules = 11 * (chars + 2) + 13 + 20;
    let dots = columns * 12;
    [3u8, 2]
        .into_iter()
        .find(|w| modules * usize::from(*w) <= dots)
        .unwrap_or(1)
}

/// The real-time status request `DLE EOT n` (1: printer, 2: offline cause, 4: paper).
pub fn status_request(n: u8) -> [u8; 3] {
    [DLE, EOT, n]
}

/// What a printer's status answers said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceStatus {
    pub offline: bool,
    pub cover_open: bool,
    pub paper_out: bool,
    pub paper_low: bool,
}

/// Whether `b` has the fixed bits of a `DLE EOT` answer (bits 1 and 4 set, 0 and 7
/// clear): anything else is not a status byte.
pub fn is_status_byte(b: u8) -> bool {
    b & 0x93 == 0x12
}

impl DeviceStatus {
    /// Reads the answers to `DLE EOT 1`, `2` and `4` (each `None` when not answered):
    /// offline (1: bit 3), cover open (2: bit 2), printing stopped by the paper end (2:
    /// bit 5), roll paper near its end (4: bits 2-3) or out (4: bits 5-6).
    pub fn read(printer: Option<u8>, cause: Option<u8>, paper: Option<u8>) -> DeviceStatus {
        let ok = |b: Option<u8>| b.filter(|b| is_status_byte(*b));
        let (printer, cause, paper) = (ok(printer), ok(cause), ok(paper));
        DeviceStatus {
            offline: printer.is_some_and(|b| b & 0x08 != 0),
            cover_open: cause.is_some_and(|b| b & 0x04 != 0),
            paper_out: cause.is_some_and(|b| b & 0x20 != 0) || paper.is_some_and(|b| b & 0x60 != 0),
            paper_low: paper.is_some_and(|b| b & 0x0C != 0),
        }
    }
}

#[cfg(test)]
mod tests;
