//! What the screens may read of the register besides [`super::state::State`]: the view
//! types the state holds (rows, sorts, fields, import reports) and the facts derived from
//! it (which keymap scope has the focus, a merge field's value).
//!
//! Invariant: this is the renderer's whole window on the layers below. `ui` takes its
//! types from here and from `domain`, never from `store`, `search` or `exchange` directly,
//! so a change below shows up here, where the app decides what the screens see.

pub use super::update::{merge_value, scope};
pub use crate::exchange::report::{ColumnUse, Issue, Match, MatchKey, Report};
pub use crate::search::SearchField;
pub use crate::store::lookup::{CustomerRow, ListSort};
