//! A QR code drawn with text: half blocks (two modules per character cell, so a version-5
//! code fits in 20 rows) or, on ASCII-only terminals, `##` per dark module.
//!
//! Invariants: the code is drawn dark-on-light with a one-module quiet zone, which phone
//! cameras read on a dark terminal too because light modules are drawn as full blocks;
//! `None` when the code does not fit the space given (the caller says so instead).

use qrcode::{Color, EcLevel, QrCode};

/// The code's rows of text, if it fits in `max_w` x `max_h` cells.
pub fn lines(data: &str, ascii: bool, max_w: usize, max_h: usize) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::L).ok()?;
    let n = code.width();
    let colors = code.to_colors();
    let quiet = 1usize;
    let size = n + 2 * quiet;
    // Light (true) or dark (false) at (x, y) of the quiet-zoned grid.
    let light = |x: usize, y: usize| -> bool {
        if x < quiet || y < quiet || x >= n + quiet || y >= n + quiet {
            return true;
        }
        colors.get((y - quiet) * n + (x - quiet)) != Some(&Color::Dark)
    };
    if ascii {
        if size * 2 > max_w || size > max_h {
            return None;
        }
        return Some(
            (0..size)
                .map(|y| {
                    (0..size)
                        .map(|x| if light(x, y) { "  " } else { "##" })
                        .collect()
                })
                .collect(),
        );
    }
    let rows = size.div_ceil(2);
    if size > max_w || rows > max_h {
        return None;
    }
    Some(
        (0..rows)
            .map(|r| {
                (0..size)
                    .map(|x| {
                        let top = light(x, 2 * r);
                        let bottom = 2 * r + 1 >= size || light(x, 2 * r + 1);
                        match (top, bottom) {
                            (true, true) => '█',
                            (true, false) => '▀',
                            (false, true) => '▄',
                            (false, false) => ' ',
                        }
                    })
                    .collect()
            })
            .collect(),
    )
}

/// The wa.me link for an E.164 phone and a message (percent-encoded as a URL query).
pub fn whatsapp_link(e164: &str, message: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    let mut q = String::new();
    for b in message.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            q.push(char::from(b));
        } else {
            q.push_str(&format!("%{b:02X}"));
        }
    }
    if q.is_empty() {
        format!("https://wa.me/{digits}")
    } else {
        format!("https://wa.me/{digits}?text={q}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_is_international_digits_with_an_encoded_message() {
        assert_eq!(
            whatsapp_link("+33612345678", "Hello Mélanie, hi"),
            "https://wa.me/33612345678?text=Hello%20M%C3%A9lanie%2C%20hi"
        );
        assert_eq!(
            whatsapp_link("+32470123456", ""),
            "https://wa.me/32470123456"
        );
    }

    #[test]
    fn code_fits_or_says_it_does_not() {
        let link = whatsapp_link("+33612345678", "Hello Jan, this is Comptoir.");
        let rows = lines(&link, false, 80, 24).unwrap();
        assert!(rows.len() <= 24);
        assert!(rows
            .iter()
            .all(|r| r.chars().count() == rows[0].chars().count()));
        assert!(lines(&link, false, 10, 5).is_none());
        let ascii = lines(&link, true, 200, 100).unwrap();
        assert!(ascii.iter().all(|r| r.is_ascii()));
    }
}
