//! What the service refuses reaches a French register in French: the runner words the
//! refusal in the register's language (`service::words`), through the real runner.

use std::path::Path;

use super::super::runner::Runner;
use super::super::{Action, Effect};
use crate::config::Config;
use crate::demo::{self, DemoOptions};
use crate::domain::ids::CustomerId;
use crate::store::Store;

fn register(locale: &str) -> (Runner, CustomerId) {
    let mut store = Store::open_in_memory().unwrap();
    demo::generate(
        &mut store,
        &DemoOptions {
            customers: 5,
            seed: 2,
            now: chrono::Utc::now(),
            sales: false,
        },
    )
    .unwrap();
    let id: CustomerId = store
        .conn()
        .query_row("SELECT id FROM customer LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let toml =
        format!("[shop]\nlocale = \"{locale}\"\n[store]\ndatabase = \"/nonexistent/x.db\"\n");
    let config = Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap();
    (Runner::new(store, &config, None), id)
}

#[test]
fn a_cashier_deleting_a_customer_is_told_why_in_the_register_language() {
    for (locale, expected) in [
        (
            "fr",
            "La suppression d'un client demande le gérant (code PIN ou session déverrouillée)",
        ),
        (
            "en",
            "deleting a customer needs the manager (PIN or an unlocked session)",
        ),
    ] {
        let (mut runner, id) = register(locale);
        let out = runner.run(Effect::DeleteCustomer(id));
        assert!(
            out.iter()
                .any(|a| matches!(a, Action::Failed(m) if m == expected)),
            "{locale}: {out:?}"
        );
    }
}
