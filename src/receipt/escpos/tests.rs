//! The printer bytes decoded back by a small ESC/POS reader written for these tests: it
//! walks the bytes, interprets the commands the encoder may send (and fails on any other
//! byte below 0x20), and decodes text through the code page selected by `ESC t`.

use super::super::charset;
use super::*;
use crate::config::Shop;
use crate::domain::ids::SaleId;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{totals, Payment, SaleLine};
use crate::lang::Lang;
use chrono::{DateTime, Utc};

/// One command read back.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cmd {
    Init,
    CodePage(u8),
    Bold(bool),
    Size(u8),
    Align(u8),
    HriBelow(u8),
    Height(u8),
    ModuleWidth(u8),
    Code128(String),
    Cut(u8, u8),
    Drawer(u8, u8, u8),
    Status(u8),
}

/// A document read back: its commands in order, and its printed lines with whether they
/// were bold / double height.
#[derive(Debug, Default)]
struct Decoded {
    cmds: Vec<Cmd>,
    lines: Vec<(String, bool, bool)>,
}

impl Decoded {
    fn text(&self) -> Vec<&str> {
        self.lines.iter().map(|(t, _, _)| t.as_str()).collect()
    }

    fn count(&self, f: impl Fn(&Cmd) -> bool) -> usize {
        self.cmds.iter().filter(|c| f(c)).count()
    }
}

fn at(bytes: &[u8], i: usize) -> u8 {
    *bytes
        .get(i)
        .unwrap_or_else(|| panic!("a command cut short at byte {i}"))
}

fn decode(bytes: &[u8]) -> Decoded {
    let mut d = Decoded::default();
    let mut page: Option<&[char; 128]> = None;
    let (mut line, mut bold, mut tall, mut line_bold, mut line_tall) =
        (String::new(), false, false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            ESC => {
                let (cmd, len) = match at(bytes, i + 1) {
                    b'@' => (Cmd::Init, 2),
                    b't' => {
                        let n = at(bytes, i + 2);
                        let p = CodePage::ALL
                            .into_iter()
                            .find(|p| p.escpos_table() == n)
                            .unwrap_or_else(|| panic!("unknown table {n}"));
                        page = Some(charset::table(p));
                        (Cmd::CodePage(n), 3)
                    }
                    b'E' => {
                        bold = at(bytes, i + 2) == 1;
                        (Cmd::Bold(bold), 3)
                    }
                    b'a' => (Cmd::Align(at(bytes, i + 2)), 3),
                    b'p' => (
                        Cmd::Drawer(at(bytes, i + 2), at(bytes, i + 3), at(bytes, i + 4)),
                        5,
                    ),
                    other => panic!("ESC {other:#x} is not a command the encoder sends"),
                };
                d.cmds.push(cmd);
                i += len;
            }
            GS => {
                let (cmd, len) = match at(bytes, i + 1) {
                    b'!' => {
                        tall = at(bytes, i + 2) & 0x0F != 0;
                        (Cmd::Size(at(bytes, i + 2)), 3)
                    }
                    b'H' => (Cmd::HriBelow(at(bytes, i + 2)), 3),
                    b'h' => (Cmd::Height(at(bytes, i + 2)), 3),
                    b'w' => (Cmd::ModuleWidth(at(bytes, i + 2)), 3),
                    b'k' => {
                        assert_eq!(at(bytes, i + 2), 73, "Code 128, function B");
                        let n = usize::from(at(bytes, i + 3));
                        let data = &bytes[i + 4..i + 4 + n];
                        assert_eq!(&data[..2], b"{B", "code set B");
                        let text = String::from_utf8(data[2..].to_vec()).unwrap();
                        (Cmd::Code128(text.replace("{{", "{")), 4 + n)
                    }
                    b'V' => match at(bytes, i + 2) {
                        m @ (65 | 66) => (Cmd::Cut(m, at(bytes, i + 3)), 4),
                        m => (Cmd::Cut(m, 0), 3),
                    },
                    other => panic!("GS {other:#x} is not a command the encoder sends"),
                };
                d.cmds.push(cmd);
                i += len;
            }
            DLE => {
                assert_eq!(at(bytes, i + 1), EOT);
                d.cmds.push(Cmd::Status(at(bytes, i + 2)));
                i += 3;
            }
            LF => {
                d.lines
                    .push((std::mem::take(&mut line), line_bold, line_tall));
                (line_bold, line_tall) = (false, false);
                i += 1;
            }
            0x00..=0x1F | 0x7F => panic!("stray control byte {b:#x} at {i}"),
            0x20..=0x7E => {
                line.push(char::from(b));
                (line_bold, line_tall) = (line_bold || bold, line_tall || tall);
                i += 1;
            }
            _ => {
                let table = page.expect("a byte above 0x7F before any ESC t");
                let c = table[usize::from(b - 0x80)];
                assert_ne!(c, '\0', "byte {b:#x} is undefined in the page");
                line.push(c);
                (line_bold, line_tall) = (line_bold || bold, line_tall || tall);
                i += 1;
            }
        }
    }
    assert!(line.is_empty(), "text after the last line feed: {line}");
    d
}

fn shop() -> Shop {
    Shop {
        name: "Épicerie Test".into(),
        address: vec!["12 rue de l'Église".into()],
        vat_number: None,
        country: "FR".into(),
        currency: "EUR".into(),
        lang: Lang::Fr,
        register: "R1".into(),
        vat_rates: Vec::new(),
    }
}

fn line(name: &str, cents: i64, qty: i64, rate: &str) -> SaleLine {
    SaleLine {
        product_id: None,
        code: "1".into(),
        name: name.into(),
        quantity: qty.into(),
        unit_price: Money::from_cents(cents),
        discount: Percent::ZERO,
        tax_rate: Percent::parse(rate).unwrap(),
        kind: Default::default(),
        origin: None,
        special: None,
    }
}

fn sale() -> Sale {
    let lines = vec![
        line("Café Crème", 350, 2, "20"),
        line("Œufs frais “bio” ×6", 420, 1, "5.5"),
    ];
    let tot = totals(&lines, Percent::ZERO, Default::default());
    Sale {
        id: SaleId::generate(),
        number: "R1-000042".into(),
        created_at: DateTime::parse_from_rfc3339("2026-03-14T10:30:00Z")
            .unwrap()
            .with_timezone(&Utc),
        customer_id: None,
        group_discount: Percent::ZERO,
        tax: Default::default(),
        payments: vec![Payment::cash(tot.total, Money::from_cents(2000)).unwrap()],
        lines,
        totals: tot,
        refund_of: None,
        points: 11,
    }
}

fn ctx<'a>(shop: &'a Shop, width: usize, customer: &str) -> ReceiptContext<'a> {
    ReceiptContext {
        shop,
        width,
        header: None,
        footer: Some("Merci, à bientôt !"),
        lang: Lang::Fr,
        utc_offset_secs: 3600,
        customer: Some((
            customer.into(),
            vec!["Straße 1".into(), "75002 Paris".into()],
            None,
        )),
    }
}

#[test]
fn a_58_mm_receipt_in_cp858_reads_back_line_for_line() {
    let shop = shop();
    let bytes = receipt(
        &sale(),
        &ctx(&shop, 32, "Mélanie Østergård"),
        CodePage::Cp858,
    );
    let d = decode(&bytes);
    assert_eq!(&d.cmds[..2], &[Cmd::Init, Cmd::CodePage(19)]);
    let expected = [
        "         Épicerie Test",
        "       12 rue de l'Église",
        "--------------------------------",
        "Ticket R1-000042",
        "                14/03/2026 11:30",
        "--------------------------------",
        "Café Crème",
        "  2 x 3,50                  7,00",
        "OEufs frais \"bio\" ×6",
        "  1 x 4,20                  4,20",
        "--------------------------------",
        "TOTAL                    11,20 €",
        "TVA 5,5% (HT 3,98)          0,22",
        "TVA 20% (HT 5,83)           1,17",
        "--------------------------------",
        "Espèces                    20,00",
        "Rendu                       8,80",
        "Points gagnés                +11",
        "--------------------------------",
        "Client: Mélanie Østergård",
        "Straße 1",
        "75002 Paris",
        "--------------------------------",
        "       Merci, à bientôt !",
        "",
    ];
    assert_eq!(d.text(), expected);
    assert!(d.text().iter().all(|l| l.chars().count() <= 32));
    // The shop's name in bold, the total in double height, nothing else styled.
    let styled: Vec<_> = d.lines.iter().filter(|(_, b, t)| *b || *t).collect();
    assert_eq!(styled.len(), 2, "{styled:?}");
    assert!(d.lines[0].1 && d.lines[11].2);
    let tail: Vec<&Cmd> = d.cmds.iter().rev().take(4).collect();
    assert_eq!(
        tail,
        [
            &Cmd::Cut(66, 0),
            &Cmd::Align(0),
            &Cmd::Code128("R1-000042".into()),
            &Cmd::ModuleWidth(2)
        ]
    );
    assert!(d.cmds.contains(&Cmd::HriBelow(2)));
    assert!(d.cmds.contains(&Cmd::Height(80)));
    assert_eq!(d.count(|c| matches!(c, Cmd::Drawer(..))), 0);
}

#[test]
fn an_80_mm_receipt_in_cp1252_is_the_text_receipt_with_its_code_page_barcode_and_cut() {
    let shop = shop();
    let c = ctx(&shop, 48, "Mélanie Østergård");
    let d = decode(&receipt(&sale(), &c, CodePage::Cp1252));
    assert_eq!(&d.cmds[..2], &[Cmd::Init, Cmd::CodePage(16)]);
    // Windows-1252 has every character of this receipt (Œ, curly quotes, ×): the lines
    // printed are the plain text receipt's, and one line feed before the barcode.
    let text = super::super::render(&sale(), &c);
    let plain: Vec<&str> = text.trim_end_matches('\n').lines().collect();
    assert_eq!(&d.text()[..plain.len()], &plain[..]);
    assert_eq!(d.text().len(), plain.len() + 1);
    assert!(d.text().iter().all(|l| l.chars().count() <= 48));
    assert!(d.text().contains(&"Œufs frais “bio” ×6"));
    assert!(d
        .text()
        .contains(&"Ticket R1-000042                14/03/2026 11:30"));
    assert_eq!(d.count(|c| *c == Cmd::Code128("R1-000042".into())), 1);
    assert!(d.cmds.contains(&Cmd::ModuleWidth(3)), "wider bars on 80 mm");
    assert_eq!(d.cmds.last(), Some(&Cmd::Cut(66, 0)));
}

#[test]
fn escape_bytes_in_a_customer_name_never_become_commands() {
    let shop = shop();
    // ESC p 0 25 250 would open the drawer, GS V 66 0 cut the paper, ESC @ reset.
    let name = "Eve\u{1b}p\u{0}\u{19}\u{fa}\u{1d}V\u{42}\u{0}\u{1b}@\u{10}\u{4}\u{1}\u{7f}\u{9b}";
    for page in CodePage::ALL {
        let bytes = receipt(&sale(), &ctx(&shop, 32, name), page);
        let d = decode(&bytes);
        assert_eq!(d.count(|c| matches!(c, Cmd::Drawer(..))), 0);
        assert_eq!(d.count(|c| matches!(c, Cmd::Cut(..))), 1);
        assert_eq!(d.count(|c| *c == Cmd::Init), 1);
        assert_eq!(d.count(|c| matches!(c, Cmd::Status(_))), 0);
        let client = d
            .text()
            .into_iter()
            .find(|l| l.starts_with("Client"))
            .unwrap();
        assert_eq!(client, "Client: Eve?p??ú?VB??@?????");
    }
}

#[test]
fn the_drawer_kick_and_the_status_answers() {
    let d = decode(&drawer_kick());
    assert_eq!(d.cmds, [Cmd::Drawer(0, 25, 250)]);
    assert!(d.lines.is_empty());
    assert_eq!(decode(&status_request(4)).cmds, [Cmd::Status(4)]);
    assert_eq!(
        DeviceStatus::read(Some(0x12), Some(0x12), Some(0x12)),
        DeviceStatus::default()
    );
    let s = DeviceStatus::read(Some(0x1A), Some(0x36), Some(0x7E));
    assert!(s.offline && s.cover_open && s.paper_out && s.paper_low);
    assert_eq!(
        DeviceStatus::read(Some(0xFF), Some(0x00), None),
        DeviceStatus::default(),
        "bytes without the fixed bits are not status answers"
    );
}

#[test]
fn the_barcode_fits_the_paper_or_is_left_out() {
    assert_eq!(module_width(9, 32), 2);
    assert_eq!(module_width(9, 48), 3);
    assert_eq!(module_width(15, 32), 1);
    assert_eq!(code128_b("A{B").as_deref(), Some(&b"A{{B"[..]));
    assert_eq!(code128_b("R1-é"), None);
    assert_eq!(code128_b(""), None);
    let lines = [Line {
        text: "x".into(),
        style: Style::Plain,
    }];
    let d = decode(&document(&lines, Some("Ticket\u{1b}"), CodePage::Cp858, 32));
    assert_eq!(d.count(|c| matches!(c, Cmd::Code128(_))), 0);
    assert_eq!(d.cmds.last(), Some(&Cmd::Cut(66, 0)));
}

#[test]
fn the_test_page_folds_into_the_page() {
    let shop = shop();
    let lines = super::super::test_lines(&shop, 32, Some(CodePage::Cp858), Lang::Fr);
    let d = decode(&document(&lines, Some("TEST"), CodePage::Cp858, 32));
    assert!(
        d.text().contains(&"Café Crème, Øresund, Straße, 12,"),
        "{:?}",
        d.text()
    );
    assert!(d.text().contains(&"50 €"));
    assert!(d.text().contains(&"cp858 (ESC t 19), 32 colonnes"));
    assert_eq!(d.count(|c| *c == Cmd::Code128("TEST".into())), 1);
}

#[test]
fn dutch_and_german_receipts_write_their_words_amounts_and_dates() {
    let shop = shop();
    let mut sale = sale();
    sale.lines[0].quantity = rust_decimal::Decimal::new(15, 1);
    sale.totals = totals(&sale.lines, Percent::ZERO, Default::default());
    sale.payments = vec![Payment::cash(sale.totals.total, Money::from_cents(2000)).unwrap()];
    let text = |lang: Lang| {
        let mut c = ctx(&shop, 32, "Mélanie Østergård");
        c.lang = lang;
        c.footer = None;
        crate::receipt::render(&sale, &c)
    };
    let nl = text(Lang::Nl);
    for part in [
        "Kassabon R1-000042",
        "14-03-2026 11:30",
        "  1,5 x 3,50                5,25",
        "TOTAAL                    € 9,45",
        "BTW 5,5% (excl. 3,98)       0,22",
        "BTW 20% (excl. 4,38)        0,87",
        "Contant                    20,00",
        "Wisselgeld                 10,55",
        "Gespaarde punten             +11",
        "Klant: Mélanie Østergård",
    ] {
        assert!(
            nl.lines().any(|l| l.trim() == part.trim()),
            "no `{part}` in:\n{nl}"
        );
    }
    let de = text(Lang::De);
    for part in [
        "Kassenbon R1-000042",
        "14.03.2026 11:30",
        "  1,5 x 3,50                5,25",
        "SUMME                     9,45 €",
        "MwSt. 5,5% (netto 3,98)     0,22",
        "Bar                        20,00",
        "Rückgeld                   10,55",
        "Gesammelte Punkte            +11",
        "Kunde: Mélanie Østergård",
    ] {
        assert!(
            de.lines().any(|l| l.trim() == part.trim()),
            "no `{part}` in:\n{de}"
        );
    }
}
