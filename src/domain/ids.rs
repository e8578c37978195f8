//! Identifiers as newtypes over UUIDv7.
//!
//! Every entity a register creates (customers, sales, payments, notes, groups, products,
//! balance movements, parked tickets) gets an id the register can make on its own, with no
//! central counter: several registers can later share one customer base and merge their
//! work without renumbering. UUIDv7 ids sort by creation time, which keeps SQLite's B-trees append-mostly.
//! Each kind of id is its own type, so a `SaleId` can never be passed where a `CustomerId`
//! is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An id string that is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid id (expected a UUID such as 0192f0c1-7d3e-7a10-8c41-5b2f3e9a0d11)")]
pub struct BadId(pub String);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh time-ordered id, unique to this call. (No `Default`: a
            /// defaulted struct field must not quietly get a random identity.)
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (for example one made by a seeded generator).
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = BadId;
            fn from_str(s: &str) -> Result<Self, BadId> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| BadId(s.chars().take(64).collect()))
            }
        }
    };
}

id_type!(
    /// A customer (natural person or legal entity).
    CustomerId
);
id_type!(
    /// A customer group (VIP, trade, staff...).
    GroupId
);
id_type!(
    /// A catalogue product.
    ProductId
);
id_type!(
    /// A completed sale (ticket).
    SaleId
);
id_type!(
    /// One payment of a sale.
    PaymentId
);
id_type!(
    /// A timestamped internal note on a customer.
    NoteId
);
id_type!(
    /// One entry of a customer's ledger (points, wallet, store credit, account).
    LedgerId
);
id_type!(
    /// A ticket parked at a register, to be recalled later (not a sale).
    ParkedId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = CustomerId::generate();
        let parsed: CustomerId = id.to_string().parse().unwrap();
        assert_eq!(id, parsed);
    }

    #[test]
    fn ids_are_time_ordered() {
        let a = SaleId::generate();
        let b = SaleId::generate();
        assert!(a < b);
        assert_eq!(a.as_uuid().get_version_num(), 7);
    }

    #[test]
    fn bad_id_is_refused_with_the_text() {
        let err = "not-an-id".parse::<CustomerId>().unwrap_err();
        assert!(err.to_string().contains("not-an-id"));
    }
}
