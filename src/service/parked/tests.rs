//! Parking and recalling through the service: what comes back, what is refused (and then
//! written nothing), the cap, and customers anonymised, merged or removed meanwhile.

use chrono::Utc;

use super::*;
use crate::demo::{self, DemoOptions};
use crate::domain::customer::CustomerData;
use crate::domain::money::{Money, Percent};
use crate::service::{add_customer, delete_customer, merge_customers, MergeRequest, Refusal, Role};
use crate::store::customers::DeleteOutcome;
use crate::store::merge::tests::two_with_sales;

fn actor(register: &str) -> Actor {
    Actor {
        name: format!("register:{register}"),
        country: "FR".into(),
        role: Role::Cashier,
        register: register.into(),
        loyalty: Default::default(),
        offline: None,
    }
}

fn manager() -> Actor {
    Actor {
        role: Role::Manager,
        ..actor("R1")
    }
}

fn demo_store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    demo::generate(
        &mut s,
        &DemoOptions {
            customers: 30,
            seed: 5,
            now: Utc::now(),
            sales: true,
        },
    )
    .unwrap();
    s
}

fn line(name: &str, cents: i64) -> SaleLine {
    SaleLine {
        product_id: None,
        code: format!("C-{name}"),
        name: name.into(),
        quantity: rust_decimal::Decimal::TWO,
        unit_price: Money::from_cents(cents),
        discount: Percent::ZERO,
        tax_rate: Percent::ZERO,
        kind: Default::default(),
        origin: None,
        special: None,
    }
}

fn request(customer: Option<CustomerId>) -> ParkRequest {
    ParkRequest {
        lines: vec![line("Coffee", 890), line("Bread", 130), line("Apron", 2450)],
        customer,
        repriced: false,
        label: Some("  blue coat ".into()),
    }
}

/// Rows of the tables a sale would write, and the audit log: parking touches none.
fn books(s: &Store) -> Vec<i64> {
    [
        "sale",
        "payment",
        "ledger",
        "journal",
        "audit_log",
        "counter",
    ]
    .iter()
    .map(|t| {
        s.conn()
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

fn parked_count(s: &Store) -> i64 {
    s.conn()
        .query_row("SELECT COUNT(*) FROM parked_ticket", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_parked_ticket_comes_back_once_with_its_customer_and_writes_no_books() {
    let mut s = demo_store();
    let (a, _) = two_with_sales(&s);
    let before = books(&s);
    let req = ParkRequest {
        repriced: true,
        ..request(Some(a))
    };
    let parked = park_ticket(&mut s, &actor("R1"), &req).unwrap();
    assert_eq!(parked.label.as_deref(), Some("blue coat"), "trimmed");
    assert_eq!(
        books(&s),
        before,
        "not a sale: no journal, ledger or audit entry"
    );
    // Another register does not see it, nor take it.
    let err = recall_ticket(&mut s, &actor("R2"), parked.id).unwrap_err();
    assert!(
        matches!(err, ServiceError::Refused(Refusal::NoParkedTicket(_))),
        "{err}"
    );
    let back = recall_ticket(&mut s, &actor("R1"), parked.id).unwrap();
    assert_eq!(back.ticket.lines, req.lines);
    assert_eq!(back.customer, Some(a));
    assert!(!back.customer_gone);
    assert!(back.ticket.repriced);
    assert_eq!(parked_count(&s), 0, "removed when recalled");
    let err = recall_ticket(&mut s, &actor("R1"), parked.id).unwrap_err();
    assert!(matches!(
        err,
        ServiceError::Refused(Refusal::NoParkedTicket(_))
    ));
    assert_eq!(books(&s), before);
}

#[test]
fn an_empty_ticket_a_long_label_or_a_gone_customer_is_refused_and_writes_nothing() {
    let mut s = demo_store();
    let (a, b) = two_with_sales(&s);
    assert_eq!(
        delete_customer(&mut s, &manager(), b).unwrap(),
        DeleteOutcome::Anonymised
    );
    let refused = |s: &mut Store, req: ParkRequest| park_ticket(s, &actor("R1"), &req).unwrap_err();
    let empty = ParkRequest {
        lines: Vec::new(),
        ..request(None)
    };
    assert!(matches!(
        refused(&mut s, empty),
        ServiceError::Refused(Refusal::EmptyTicket)
    ));
    for bad in ["x".repeat(MAX_LABEL_CHARS + 1), "two\nlines".into()] {
        let req = ParkRequest {
            label: Some(bad),
            ..request(Some(a))
        };
        assert!(matches!(
            refused(&mut s, req),
            ServiceError::Refused(Refusal::ParkLabel(_))
        ));
    }
    assert!(matches!(
        refused(&mut s, request(Some(b))),
        ServiceError::Refused(Refusal::Anonymised(_))
    ));
    assert!(matches!(
        refused(&mut s, request(Some(CustomerId::generate()))),
        ServiceError::Refused(Refusal::NoCustomer(_))
    ));
    let too_many = ParkRequest {
        lines: vec![line("Pin", 1); crate::store::parked::MAX_LINES + 1],
        ..request(None)
    };
    assert!(matches!(
        refused(&mut s, too_many),
        ServiceError::Refused(Refusal::TicketTooBig(_))
    ));
    assert_eq!(parked_count(&s), 0);
    // A blank label is no label.
    let blank = ParkRequest {
        label: Some("   ".into()),
        ..request(None)
    };
    let t = park_ticket(&mut s, &actor("R1"), &blank).unwrap();
    assert_eq!(t.label, None);
}

#[test]
fn a_register_holds_at_most_the_cap_and_another_register_still_parks() {
    let mut s = demo_store();
    for _ in 0..MAX_PARKED {
        park_ticket(&mut s, &actor("R1"), &request(None)).unwrap();
    }
    let err = park_ticket(&mut s, &actor("R1"), &request(None)).unwrap_err();
    match err {
        ServiceError::Refused(Refusal::TooManyParked { register, max }) => {
            assert_eq!((register.as_str(), max), ("R1", MAX_PARKED));
        }
        other => panic!("{other}"),
    }
    assert_eq!(parked_count(&s), MAX_PARKED as i64);
    park_ticket(&mut s, &actor("R2"), &request(None)).unwrap();
    // Recalling one makes room again.
    let newest = crate::store::parked::list(s.conn(), "R1", 1).unwrap();
    recall_ticket(&mut s, &actor("R1"), newest[0].id).unwrap();
    park_ticket(&mut s, &actor("R1"), &request(None)).unwrap();
}

#[test]
fn a_customer_anonymised_merged_or_removed_meanwhile_leaves_the_lines_and_says_so() {
    let mut s = demo_store();
    let (a, b) = two_with_sales(&s);
    let lone = add_customer(
        &mut s,
        &manager(),
        CustomerData {
            last_name: Some("Parkeuse".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let of_a = park_ticket(&mut s, &actor("R1"), &request(Some(a))).unwrap();
    let of_b = park_ticket(&mut s, &actor("R1"), &request(Some(b))).unwrap();
    let of_lone = park_ticket(&mut s, &actor("R1"), &request(Some(lone))).unwrap();
    let anonymous = park_ticket(&mut s, &actor("R1"), &request(None)).unwrap();
    // `a` is anonymised (it has sales), `b` merged into a third customer, `lone` removed
    // (no sales).
    assert_eq!(
        delete_customer(&mut s, &manager(), a).unwrap(),
        DeleteOutcome::Anonymised
    );
    let survivor: CustomerId = s
        .conn()
        .query_row(
            "SELECT customer_id FROM sale WHERE customer_id NOT IN (?1, ?2) LIMIT 1",
            [a, b],
            |r| r.get(0),
        )
        .unwrap();
    let data = crate::store::customers::get(s.conn(), survivor)
        .unwrap()
        .unwrap()
        .data;
    let req = MergeRequest {
        survivor,
        duplicate: b,
        data,
        taken: Vec::new(),
    };
    merge_customers(&mut s, &manager(), req).unwrap();
    assert_eq!(
        delete_customer(&mut s, &manager(), lone).unwrap(),
        DeleteOutcome::Removed,
        "a parked ticket does not keep a customer from being removed"
    );
    for t in [&of_a, &of_b, &of_lone] {
        let back = recall_ticket(&mut s, &actor("R1"), t.id).unwrap();
        assert_eq!(back.ticket.lines, t.lines);
        assert_eq!(back.customer, None);
        assert!(back.customer_gone, "{:?}", t.customer_id);
    }
    let back = recall_ticket(&mut s, &actor("R1"), anonymous.id).unwrap();
    assert!(!back.customer_gone && back.customer.is_none());
}
