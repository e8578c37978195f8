//! A bound on the documents a rebuild has handed to tantivy and tantivy has not indexed
//! yet.
//!
//! tantivy's indexing queue holds up to 10,000 documents, and the rebuild's readers make
//! documents faster than the indexing threads take them, so the queue stayed full: ten
//! thousand documents built and waiting, on top of the indexing buffers. [`Gate`] lets
//! at most [`Gate::HIGH`] wait; a reader that finds the gate full sleeps until the
//! indexing threads have taken them down to [`Gate::LOW`] (so it does not wake for every
//! document). Measured with `cargo bench --bench import`: peak RSS 187 -> 178 MB.
//!
//! A document holds its place through a [`Slot`], given back when the document is
//! dropped: by the indexing thread right after indexing it, or unindexed. A writer whose
//! indexing thread failed keeps its queue (and the places) until it is dropped, which
//! happens after the readers end: a gate where nothing was taken for five seconds
//! therefore opens for good, and the readers get tantivy's error.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use tantivy::schema::document::Document;
use tantivy::TantivyDocument;

/// Counts the documents waiting.
#[derive(Debug)]
pub struct Gate {
    state: Mutex<State>,
    drained: Condvar,
    patience: Duration,
}

#[derive(Debug, Default)]
struct State {
    /// Documents handed over and not yet taken by an indexing thread.
    waiting: usize,
    /// Documents taken so far.
    taken: u64,
    /// Readers asleep on a full gate (no wake-up call when there are none).
    sleepers: usize,
    /// Set when no document was taken for a whole `patience`: the indexing threads have
    /// stopped (a failed writer keeps its queue until it is dropped), and the gate stays
    /// open so that the readers reach tantivy and its error.
    open: bool,
}

impl Default for Gate {
    fn default() -> Self {
        Gate::with_patience(Duration::from_secs(5))
    }
}

impl Gate {
    /// Documents that may wait at once (a few MB of them).
    pub const HIGH: usize = 2_048;
    /// Where a full gate opens again.
    pub const LOW: usize = Self::HIGH / 2;

    /// A gate that opens for good when no document is taken for `patience` (far longer
    /// than an indexing thread takes to write a segment).
    pub fn with_patience(patience: Duration) -> Gate {
        Gate {
            state: Mutex::new(State::default()),
            drained: Condvar::new(),
            patience,
        }
    }

    /// Waits for a place, then takes it.
    pub fn enter(self: &Arc<Self>) -> Slot {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while s.waiting >= Self::HIGH && !s.open {
            let taken = s.taken;
            s.sleepers += 1;
            let (guard, wait) = self
                .drained
                .wait_timeout(s, self.patience)
                .unwrap_or_else(PoisonError::into_inner);
            s = guard;
            s.sleepers -= 1;
            if wait.timed_out() && s.taken == taken {
                s.open = true;
            }
        }
        s.waiting += 1;
        Slot(Arc::clone(self))
    }

    fn leave(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.waiting = s.waiting.saturating_sub(1);
        s.taken += 1;
        if s.waiting <= Self::LOW && s.sleepers > 0 {
            self.drained.notify_all();
        }
    }

    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .waiting
    }
}

/// A place at the gate, given back when dropped.
#[derive(Debug)]
pub struct Slot(Arc<Gate>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.leave();
    }
}

/// A document with its place at the gate.
#[derive(Debug)]
pub struct Gated {
    doc: TantivyDocument,
    /// Held for its `Drop` only.
    _slot: Slot,
}

impl Gated {
    /// Waits for a place at `gate` for `doc`.
    pub fn new(doc: TantivyDocument, gate: &Arc<Gate>) -> Gated {
        Gated {
            doc,
            _slot: gate.enter(),
        }
    }
}

impl Document for Gated {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    /// The document itself, without copying it; its place is given back here.
    fn into_tantivy_document(self) -> TantivyDocument {
        self.doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_gate_opens_when_documents_are_taken() {
        let gate = Arc::new(Gate::default());
        let mut slots: Vec<Slot> = (1..Gate::HIGH).map(|_| gate.enter()).collect();
        let doc = Gated::new(TantivyDocument::default(), &gate);
        let waiter = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || drop(gate.enter()))
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!waiter.is_finished(), "a reader got past a full gate");
        drop(doc.into_tantivy_document());
        slots.truncate(Gate::LOW - 1);
        waiter.join().unwrap();
        drop(slots);
        assert_eq!(gate.waiting(), 0);
    }

    #[test]
    fn a_gate_where_nothing_is_taken_opens_for_good() {
        let gate = Arc::new(Gate::with_patience(Duration::from_millis(30)));
        let stuck: Vec<Slot> = (0..Gate::HIGH).map(|_| gate.enter()).collect();
        let more: Vec<Slot> = (0..3).map(|_| gate.enter()).collect();
        assert_eq!(gate.waiting(), Gate::HIGH + 3);
        drop((stuck, more));
        assert_eq!(gate.waiting(), 0);
    }
}
