//! The scanner's event path end to end, without hardware: recorded kernel `input_event`
//! bytes through the listener's `RecordReader` and `BurstAssembler`, delivered by an
//! `EventSink` as the app's `Event::Reader` on a channel, then the loop's own event
//! mapping, keymap and `update`, and the real runner against a store, until idle.

use std::path::Path;
use std::sync::mpsc::{self, Receiver};

use crossterm::event::KeyEvent;

use super::super::events::Event;
use super::super::runner::Runner;
use super::super::state::{Lang, Screen, State};
use super::super::{apply, fixtures, on_event, settle};
use crate::config::Config;
use crate::domain::customer::{CustomerData, CustomerKind, Reference, ReferenceKind};
use crate::domain::validate::ean_check_digit;
use crate::input::tests::Stream;
use crate::input::{
    AssemblerSettings, BurstAssembler, BurstDetector, EventSink, FnSink, Layout, ReaderEvent,
    RecordReader,
};
use crate::store::{catalog, customers, Store};

/// The register minus the terminal, plus a fake reader feeding the loop's channel.
struct ScanRig {
    state: State,
    runner: Runner,
    burst: BurstDetector<KeyEvent>,
    rx: Receiver<Event>,
    sink: FnSink<Box<dyn FnMut(ReaderEvent) -> bool + Send>>,
    records: RecordReader,
    assembler: BurstAssembler,
}

impl ScanRig {
    fn new(store: Store) -> ScanRig {
        let config = Config::from_toml(
            "[store]\ndatabase = \"/nonexistent/x.db\"\n",
            Path::new("/nonexistent/config.toml"),
        )
        .unwrap();
        let (tx, rx) = mpsc::channel::<Event>();
        // The sink `app::run` hands to the listeners.
        let sink: FnSink<Box<dyn FnMut(ReaderEvent) -> bool + Send>> =
            FnSink(Box::new(move |e| tx.send(Event::Reader(e)).is_ok()));
        ScanRig {
            state: State::new(fixtures::settings(Lang::En), fixtures::now()),
            runner: Runner::new(store, &config, None),
            burst: BurstDetector::new(config.burst),
            rx,
            sink,
            records: RecordReader::new(),
            assembler: BurstAssembler::new(
                "front",
                AssemblerSettings {
                    layout: Layout::Fr,
                    ..AssemblerSettings::default()
                },
            ),
        }
    }

    /// The device side: bytes as `read(2)` returns them (in uneven chunks, records split
    /// across reads) through the listener's parser and assembler into the sink.
    fn device_bytes(&mut self, bytes: &[u8]) {
        let mut out = Vec::new();
        for chunk in bytes.chunks(37) {
            let assembler = &mut self.assembler;
            self.records
                .push(chunk, |ev| out.extend(assembler.feed(ev)));
        }
        for e in out {
            assert!(self.sink.deliver(e), "the loop's channel is open");
        }
    }

    /// The loop side: drains the channel through the loop's event mapping, the keymap
    /// and `update`, then runs the effects (feeding results back) until idle.
    fn pump(&mut self) -> usize {
        let batch: Vec<Event> = self.rx.try_iter().collect();
        let n = batch.len();
        let connected = self.state.status.readers.iter().any(|r| r.connected);
        let mut items = Vec::new();
        for ev in batch {
            let flow = on_event(ev, &mut self.runner, &mut self.burst, connected, &mut items);
            assert!(flow.is_continue(), "the keyboard is not lost");
        }
        let table = self.state.settings.keymap.clone();
        let fx = apply(&mut self.state, &table, items);
        settle(&mut self.state, &mut self.runner, fx);
        n
    }

    /// A code typed by the reader (AZERTY: digits with Shift) and ended by Enter.
    fn scan(&mut self, code: &str) {
        let mut s = Stream::new();
        s.type_text(Layout::Fr, code).enter();
        self.device_bytes(s.bytes());
        assert_eq!(self.pump(), 1, "one burst, one event on the channel");
    }
}

fn loyalty_code(n: u32) -> String {
    let body = format!("290000{n:06}");
    let check = ean_check_digit(&body).unwrap();
    format!("{body}{check}")
}

#[test]
fn reader_bytes_attach_the_customer_and_add_the_product() {
    let card = loyalty_code(4242);
    let mut store = Store::open_in_memory().unwrap();
    let data = CustomerData {
        kind: CustomerKind::Person,
        first_name: Some("Odile".into()),
        last_name: Some("Scanpath".into()),
        references: vec![Reference {
            kind: ReferenceKind::Barcode,
            code: card.clone(),
        }],
        ..Default::default()
    };
    let customer = store
        .write(|tx| customers::create(tx, &data, "test"))
        .unwrap();
    // A decoy holding another card: the scan must find the right one.
    let decoy = CustomerData {
        last_name: Some("Decoy".into()),
        references: vec![Reference {
            kind: ReferenceKind::Barcode,
            code: loyalty_code(4243),
        }],
        ..data.clone()
    };
    store
        .write(|tx| customers::create(tx, &decoy, "test"))
        .unwrap();
    let products = fixtures::products();
    let product = products[0].clone();
    store
        .write(|tx| {
            products
                .iter()
                .try_for_each(|p| catalog::upsert_product(tx, p))
        })
        .unwrap();

    let mut rig = ScanRig::new(store);
    assert_eq!(rig.state.screen, Screen::Sale);

    // The listener reports the reader grabbed: the loop then takes terminal keys as keys.
    assert!(rig.sink.deliver(ReaderEvent::Connected {
        reader: "front".into(),
        device: "/dev/input/by-id/usb-fake-scanner-event-kbd".into(),
    }));
    rig.pump();
    assert!(rig
        .state
        .status
        .readers
        .iter()
        .any(|r| r.name == "front" && r.connected));

    // The loyalty card: the customer is attached, nothing added.
    rig.scan(&card);
    let attached = rig
        .state
        .ticket
        .customer
        .as_ref()
        .map(|c| (c.id, c.name.clone()));
    assert_eq!(attached, Some((customer.id, "Odile Scanpath".to_string())));
    assert!(rig.state.ticket.lines.is_empty());
    assert!(rig.state.popup.is_none(), "{:?}", rig.state.popup);

    // The product's EAN-13: one line with that product, the customer still attached.
    rig.scan(&product.code);
    let lines: Vec<_> = rig
        .state
        .ticket
        .lines
        .iter()
        .map(|l| (l.product_id, l.code.clone(), l.quantity))
        .collect();
    assert_eq!(lines.len(), 1, "{:?}", rig.state.ticket.lines);
    assert_eq!(lines[0].0, Some(product.id));
    assert_eq!(lines[0].1, product.code);
    assert_eq!(lines[0].2, rust_decimal::Decimal::ONE);
    assert_eq!(
        rig.state.ticket.customer.as_ref().map(|c| c.id),
        Some(customer.id)
    );

    // Nothing left behind: no pending event, no half burst in the assembler.
    assert!(!rig.assembler.in_burst());
    assert_eq!(rig.pump(), 0);
}
