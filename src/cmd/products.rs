//! `comptoir products ...` and `comptoir groups ...`: the catalogue and the customer
//! groups from the command line. JSON in (a file or standard input), JSON out with
//! `--json`. Every change (a product added, changed or archived; a group added, changed
//! or deleted) is the manager's act (PIN from `--pin-stdin` or COMPTOIR_MANAGER_PIN),
//! audited by the service; a refused act exits 1 and stores nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use comptoir::config::Config;
use comptoir::domain::catalog::{Group, Product};
use comptoir::domain::money::{Money, Percent};
use comptoir::exchange::products::{ProductOptions, ProductReport};
use comptoir::exchange::text::Charset;
use comptoir::exchange::{self, csv_in, ExchangeError};
use comptoir::service::group_prices;
use comptoir::service::groups::{self, Destination};
use comptoir::service::products::{self, ProductPatch};
use comptoir::service::{self, Actor, NewProduct};
use comptoir::store::{catalog, Store};
use serde_json::Value;

use super::money::{manager, open, refuse};
use super::{dataln, outln};
use crate::cli::{GroupsCmd, ImportProductsArgs, ProductsCmd};

pub fn products(config: &Config, cmd: ProductsCmd) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    match cmd {
        ProductsCmd::List {
            all,
            category,
            json,
        } => {
            let rows = catalog::list(store.conn(), all, category.as_deref())?;
            if json {
                let list: Vec<Value> = rows
                    .iter()
                    .map(|(p, active)| products::product_json(p, *active))
                    .collect();
                dataln!("{}", serde_json::to_string_pretty(&list)?)?;
            } else {
                for (p, active) in &rows {
                    outln!("{}", line(config, p, *active))?;
                }
                outln!("{} products", rows.len())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ProductsCmd::Show { code, json } => {
            match catalog::product_any_by_code(store.conn(), &code)? {
                Some((p, active)) => {
                    show(config, &p, active, json)?;
                    Ok(ExitCode::SUCCESS)
                }
                None => refuse(json, "not_found", &format!("no product with code {code:?}")),
            }
        }
        ProductsCmd::Add {
            file,
            pin_stdin,
            json,
        } => add(config, &mut store, file, pin_stdin, json),
        ProductsCmd::Edit {
            code,
            file,
            pin_stdin,
            json,
        } => {
            // The PIN first: with --pin-stdin it is standard input's first line, and the
            // JSON (when no FILE) the rest.
            let actor = match manager(config, &mut store, pin_stdin) {
                Ok(a) => a,
                Err(e) => return refuse(json, "manager", &e),
            };
            let input = super::customers::read_json(file.as_deref())?;
            let patch = match ProductPatch::from_json(&input) {
                Ok(p) => p,
                Err(e) => return refuse(json, "json", &e),
            };
            change(config, &mut store, &actor, &code, &patch, json)
        }
        ProductsCmd::Archive {
            code,
            restore,
            pin_stdin,
            json,
        } => {
            let actor = match manager(config, &mut store, pin_stdin) {
                Ok(a) => a,
                Err(e) => return refuse(json, "manager", &e),
            };
            let patch = ProductPatch {
                active: Some(restore),
                ..Default::default()
            };
            change(config, &mut store, &actor, &code, &patch, json)
        }
    }
}

/// `products add`: every key but `cost` and `category` is required.
fn add(
    config: &Config,
    store: &mut Store,
    file: Option<PathBuf>,
    pin_stdin: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    // The PIN first: with --pin-stdin it is standard input's first line, and the JSON
    // (when no FILE) the rest.
    let actor = match manager(config, store, pin_stdin) {
        Ok(a) => a,
        Err(e) => return refuse(json, "manager", &e),
    };
    let input = super::customers::read_json(file.as_deref())?;
    let patch = match ProductPatch::from_json(&input) {
        Ok(p) => p,
        Err(e) => return refuse(json, "json", &e),
    };
    let (Some(code), Some(name), Some(price), Some(tax_rate)) =
        (patch.code, patch.name, patch.price, patch.tax_rate)
    else {
        return refuse(
            json,
            "json",
            "a new product needs code, name, price and tax_rate",
        );
    };
    if let Err(e) = known_rate(config, tax_rate) {
        return refuse(json, "validation", &e);
    }
    let new = NewProduct {
        code: code.trim().to_string(),
        name: name.trim().to_string(),
        price,
        tax_rate,
        cost: patch.cost.flatten(),
        category: patch.category.flatten(),
    };
    match service::create_product(store, &actor, new) {
        Ok(p) => {
            show(config, &p, true, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refuse(json, "refused", &e.to_string()),
    }
}

/// `products edit` and `products archive`.
fn change(
    config: &Config,
    store: &mut Store,
    actor: &Actor,
    code: &str,
    patch: &ProductPatch,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if let Some(rate) = patch.tax_rate {
        if let Err(e) = known_rate(config, rate) {
            return refuse(json, "validation", &e);
        }
    }
    match products::edit_product(store, actor, code, patch) {
        Ok((p, active)) => {
            show(config, &p, active, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refuse(json, "refused", &e.to_string()),
    }
}

/// A product's VAT rate is one of the shop's (`[shop] vat_rates`), when the shop has any.
fn known_rate(config: &Config, rate: Percent) -> Result<(), String> {
    let rates = &config.shop.vat_rates;
    if rates.is_empty() || rates.contains(&rate) {
        return Ok(());
    }
    let list: Vec<String> = rates.iter().map(|r| r.to_string()).collect();
    Err(format!(
        "tax_rate: {rate} is not one of this shop's VAT rates ({}; [shop] vat_rates)",
        list.join(", ")
    ))
}

fn show(config: &Config, p: &Product, active: bool, json: bool) -> anyhow::Result<()> {
    if json {
        let v = products::product_json(p, active);
        dataln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        outln!("{}", line(config, p, active))?;
    }
    Ok(())
}

/// One product on one line: code, name, price, VAT, category, cost, archived.
fn line(config: &Config, p: &Product, active: bool) -> String {
    let lang = config.shop.lang;
    let mut s = format!(
        "{:<14} {:<32} {:>9}  VAT {:>5}",
        p.code,
        p.name,
        lang.money(p.price),
        p.tax_rate.to_string()
    );
    if let Some(c) = &p.category {
        s.push_str(&format!("  [{c}]"));
    }
    if let Some(c) = p.cost {
        s.push_str(&format!("  cost {}", lang.money(c)));
    }
    if !active {
        s.push_str("  (archived)");
    }
    s
}

/// `comptoir import products FILE`: a dry run needs no PIN; a real run is the manager's.
/// Exit 0 done, 2 done with refused rows, 1 nothing imported.
pub fn import_products(config: &Config, a: &ImportProductsArgs) -> anyhow::Result<ExitCode> {
    let result = (|| {
        let run = super::import::run_options(config, None, a.dry_run)?;
        let opts = ProductOptions {
            preset: a.preset.as_ref().map(|p| p.trim().to_ascii_lowercase()),
            delimiter: a
                .delimiter
                .as_deref()
                .map(csv_in::parse_delimiter)
                .transpose()?,
            encoding: match &a.encoding {
                Some(l) => Some(Charset::from_label(l).ok_or_else(|| {
                    ExchangeError::Mapping(format!(
                        "unknown encoding `{l}` (try utf-8, windows-1252, iso-8859-1, utf-16)"
                    ))
                })?),
                None => None,
            },
            vat_rates: config.shop.vat_rates.clone(),
        };
        let mut store = super::import::open(config)?;
        if !a.dry_run {
            manager(config, &mut store, a.pin_stdin).map_err(ExchangeError::Manager)?;
        }
        exchange::products::import_products(&mut store, &a.file, &opts, &run)
    })();
    let report = match result {
        Ok(r) => r,
        Err(e) => return super::import::failed(a.json, &e),
    };
    if a.json {
        dataln!("{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        print_report(&report)?;
    }
    Ok(if report.refused > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(r: &ProductReport) -> anyhow::Result<()> {
    outln!(
        "{} ({} preset, {}): {} rows",
        r.file,
        r.preset,
        r.encoding,
        r.rows
    )?;
    let verb = if r.dry_run { "would be " } else { "" };
    outln!(
        "  {verb}created {}, {verb}updated {}, unchanged {}, skipped {}, refused {}",
        r.created,
        r.updated,
        r.unchanged,
        r.skipped,
        r.refused
    )?;
    for f in &r.refusals {
        outln!("  line {}: {}", f.line, f.reasons.join("; "))?;
    }
    if r.refusals.len() < r.refused {
        outln!("  ... {} more refused rows", r.refused - r.refusals.len())?;
    }
    for n in &r.notices {
        outln!("  note: {n}")?;
    }
    if let Some(f) = &r.rejected_file {
        outln!("  refused rows written to {f}")?;
    }
    if r.dry_run {
        outln!("dry run: nothing was written")?;
    }
    Ok(())
}

/// `comptoir groups ...`.
pub fn groups(config: &Config, cmd: GroupsCmd) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    let json = match &cmd {
        GroupsCmd::List { json }
        | GroupsCmd::Add { json, .. }
        | GroupsCmd::Edit { json, .. }
        | GroupsCmd::Price { json, .. }
        | GroupsCmd::Prices { json, .. }
        | GroupsCmd::Delete { json, .. } => *json,
    };
    if let GroupsCmd::Prices { name, .. } = &cmd {
        return group_prices(&store, name, json);
    }
    if let GroupsCmd::List { .. } = cmd {
        let rows = catalog::groups_with_counts(store.conn())?;
        if json {
            let list: Vec<Value> = rows.iter().map(|(g, n)| group_json(g, Some(*n))).collect();
            dataln!("{}", serde_json::to_string_pretty(&list)?)?;
        } else {
            for (g, n) in &rows {
                outln!("{:<24} discount {:>6}  {n} customers", g.name, g.discount)?;
            }
            outln!("{} groups", rows.len())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let pin_stdin = match &cmd {
        GroupsCmd::Add { pin_stdin, .. }
        | GroupsCmd::Edit { pin_stdin, .. }
        | GroupsCmd::Price { pin_stdin, .. }
        | GroupsCmd::Delete { pin_stdin, .. } => *pin_stdin,
        GroupsCmd::List { .. } | GroupsCmd::Prices { .. } => false,
    };
    let actor = match manager(config, &mut store, pin_stdin) {
        Ok(a) => a,
        Err(e) => return refuse(json, "manager", &e),
    };
    let percent = |text: &str| {
        Percent::parse(text)
            .map_err(|_| format!("discount: {text:?} is not a percentage from 0 to 100"))
    };
    let result = match cmd {
        GroupsCmd::List { .. } | GroupsCmd::Prices { .. } => return Ok(ExitCode::SUCCESS),
        GroupsCmd::Price {
            name, code, price, ..
        } => {
            let price = match price.as_deref().map(Money::parse).transpose() {
                Ok(p) => p,
                Err(e) => return refuse(json, "validation", &format!("price: {e}")),
            };
            group_prices::set_price(&mut store, &actor, &name, &code, price).map(|c| {
                serde_json::json!({
                    "group": c.group.name,
                    "code": c.product.code,
                    "name": c.product.name,
                    "shelf_price": c.product.price.to_string(),
                    "before": c.before.map(|m| m.to_string()),
                    "price": c.after.map(|m| m.to_string()),
                })
            })
        }
        GroupsCmd::Add { name, discount, .. } => match percent(&discount) {
            Ok(d) => {
                groups::create_group(&mut store, &actor, &name, d).map(|g| group_json(&g, None))
            }
            Err(e) => return refuse(json, "validation", &e),
        },
        GroupsCmd::Edit {
            name,
            new_name,
            discount,
            ..
        } => {
            let discount = match discount.as_deref().map(percent).transpose() {
                Ok(d) => d,
                Err(e) => return refuse(json, "validation", &e),
            };
            groups::edit_group(&mut store, &actor, &name, new_name.as_deref(), discount)
                .map(|g| group_json(&g, None))
        }
        GroupsCmd::Delete {
            name,
            move_to,
            no_group,
            ..
        } => {
            let to = match (move_to, no_group) {
                (Some(g), _) => Some(Destination::Group(g)),
                (None, true) => Some(Destination::NoGroup),
                (None, false) => None,
            };
            groups::delete_group(&mut store, &actor, &name, to.as_ref())
                .map(|moved| serde_json::json!({ "deleted": name, "customers_moved": moved }))
        }
    };
    match result {
        Ok(v) => {
            // Members' group names changed: bring the search index along.
            super::sync_index(config, &store);
            if json {
                dataln!("{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                outln!("{}", serde_json::to_string(&v)?)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refuse(json, "refused", &e.to_string()),
    }
}

/// `groups prices GROUP`: the group's price list, each product with its shelf price.
fn group_prices(store: &Store, name: &str, json: bool) -> anyhow::Result<ExitCode> {
    let (group, rows) = match group_prices::prices(store, name) {
        Ok(x) => x,
        Err(e) => return refuse(json, "refused", &e.to_string()),
    };
    if json {
        let list: Vec<Value> = rows
            .iter()
            .map(|(p, price)| {
                serde_json::json!({
                    "code": p.code,
                    "name": p.name,
                    "shelf_price": p.price.to_string(),
                    "price": price.to_string(),
                })
            })
            .collect();
        let v = serde_json::json!({ "group": group.name, "prices": list });
        dataln!("{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        for (p, price) in &rows {
            outln!(
                "{:<14} {:<32} {:>10} (shelf {})",
                p.code,
                p.name,
                price,
                p.price
            )?;
        }
        outln!("{}: {} special prices", group.name, rows.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn group_json(g: &Group, customers: Option<i64>) -> Value {
    let mut v = serde_json::json!({
        "id": g.id.to_string(),
        "name": g.name,
        "discount": g.discount.as_decimal().normalize().to_string(),
    });
    if let (Some(n), Value::Object(m)) = (customers, &mut v) {
        m.insert("customers".into(), n.into());
    }
    v
}
