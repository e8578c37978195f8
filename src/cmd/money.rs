//! `comptoir sales|wallet|account|journal ...` and `customers balance|merge`: the machine
//! interface for money. JSON in (a file or standard input, at most 1 MiB), JSON out with
//! `--json`; a refused sale exits 1 naming the broken rule and stores nothing (the
//! service's one transaction). Manager acts (a refund, a move, a merge, a price other
//! than the product's) need the manager PIN, checked under the register's rule.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use comptoir::config::Config;
use comptoir::domain::ids::{CustomerId, SaleId};
use comptoir::domain::money::{Money, Percent};
use comptoir::domain::pricing;
use comptoir::domain::sale::{LineKind, PaymentMethod, Sale, SaleLine};
use comptoir::service::{
    self, Actor, MergeRequest, PaymentDraft, RefundRequest, RefundTo, Role, SaleDraft,
};
use comptoir::store::{
    catalog, customers, gift, group_prices, journal, ledger, lookup, sales, Store,
};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{dataln, errln, outln};
use crate::cli::{AccountCmd, GiftCardCmd, JournalCmd, SalesCmd, WalletCmd};

/// The most JSON read from a file or standard input.
const MAX_INPUT: u64 = 1 << 20;

/// The actor of a CLI command: the user's name, the shop's register and programme.
pub fn cli_actor(config: &Config) -> Actor {
    Actor {
        name: super::export::actor(),
        country: config.shop.country.clone(),
        role: Role::Cashier,
        register: config.shop.register.clone(),
        loyalty: config.loyalty.clone(),
        offline: config.sync.as_ref().map(|s| s.offline),
    }
}

pub(super) fn open(config: &Config) -> anyhow::Result<Store> {
    Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))
}

/// The actor as the manager once the PIN passes; `Err`: the refusal's message.
pub(super) fn manager(
    config: &Config,
    store: &mut Store,
    pin_stdin: bool,
) -> Result<Actor, String> {
    super::export::check_pin(config, store, pin_stdin)?;
    Ok(Actor {
        role: Role::Manager,
        ..cli_actor(config)
    })
}

/// Reports a refusal (JSON on stdout with --json, text on stderr); exit 1.
pub(super) fn refuse(json: bool, kind: &str, message: &str) -> anyhow::Result<ExitCode> {
    if json {
        dataln!(
            "{}",
            json!({ "error": { "kind": kind, "message": message } })
        )?;
    } else {
        errln!("comptoir: {message}");
    }
    Ok(ExitCode::FAILURE)
}

/// A customer by id, or by a loyalty card / NFC code.
pub(super) fn customer(store: &Store, text: &str) -> anyhow::Result<CustomerId> {
    if let Ok(id) = text.parse::<CustomerId>() {
        return Ok(id);
    }
    match lookup::customer_by_scan(store.conn(), text, None)? {
        Some(id) => Ok(id),
        None => bail!("no customer with id or card `{}`", clip(text)),
    }
}

/// At most 64 characters of what the user typed, for a message.
fn clip(s: &str) -> String {
    s.chars().take(64).collect()
}

/// A sale by ticket number or id.
fn find_sale(store: &Store, text: &str) -> anyhow::Result<Sale> {
    let id = match text.parse::<SaleId>() {
        Ok(id) => Some(id),
        Err(_) => sales::id_by_number(store.conn(), text.trim())?,
    };
    match id
        .map(|id| sales::get(store.conn(), id))
        .transpose()?
        .flatten()
    {
        Some(s) => Ok(s),
        None => bail!("no sale `{}`", clip(text)),
    }
}

fn read_input(file: Option<&Path>) -> anyhow::Result<String> {
    let mut text = String::new();
    let origin = match file {
        Some(p) if p != Path::new("-") => {
            std::fs::File::open(p)
                .with_context(|| format!("cannot read {}", p.display()))?
                .take(MAX_INPUT + 1)
                .read_to_string(&mut text)
                .with_context(|| format!("{} is not UTF-8 text", p.display()))?;
            p.display().to_string()
        }
        _ => {
            std::io::stdin()
                .take(MAX_INPUT + 1)
                .read_to_string(&mut text)
                .context("standard input is not UTF-8 text")?;
            "standard input".into()
        }
    };
    if text.len() as u64 > MAX_INPUT {
        bail!("{origin} is larger than 1 MiB");
    }
    Ok(text)
}

/// A sale as the CLI prints it: the stored sale plus its ticket, change and points.
fn sale_json(s: &Sale) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    v["ticket"] = s.number.clone().into();
    v["total"] = s.totals.total.to_string().into();
    v["change"] = s
        .payments
        .iter()
        .filter_map(|p| p.change)
        .sum::<Money>()
        .to_string()
        .into();
    v["points_earned"] = s.points.into();
    v
}

fn print_sale(s: &Sale, json: bool) -> anyhow::Result<()> {
    if json {
        dataln!("{}", sale_json(s))?;
        return Ok(());
    }
    outln!(
        "{}  {}  total {}",
        s.number,
        s.created_at.format("%Y-%m-%d %H:%M"),
        s.totals.total
    )?;
    for l in &s.lines {
        outln!(
            "  {:>6} x {:<13} {:<28} {:>10}",
            l.quantity.normalize(),
            l.code,
            l.name,
            l.price(s.group_discount, s.tax).total
        )?;
    }
    for p in &s.payments {
        let change = p
            .change
            .filter(|c| !c.is_zero())
            .map(|c| format!(" (change {c})"));
        outln!(
            "  paid {} {}{}",
            p.method.as_str(),
            p.amount,
            change.unwrap_or_default()
        )?;
    }
    if s.points != 0 {
        outln!("  points {:+}", s.points)?;
    }
    Ok(())
}

/// `comptoir sales ...`
pub fn sales(config: &Config, cmd: SalesCmd) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    match cmd {
        SalesCmd::Add {
            file,
            pin_stdin,
            json,
        } => add(config, &mut store, file, pin_stdin, json),
        SalesCmd::Print { sale, to, json } => {
            let s = find_sale(&store, &sale)?;
            super::print::sale_receipt(config, &store, &s, &to, json)
        }
        SalesCmd::Show { sale, json } => {
            print_sale(&find_sale(&store, &sale)?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        SalesCmd::List {
            customer: c,
            since,
            limit,
            json,
        } => {
            let c = c.map(|c| customer(&store, &c)).transpose()?;
            let since = since
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc());
            for row in sales::list(store.conn(), c, since, limit.min(10_000))? {
                if json {
                    dataln!("{}", serde_json::to_string(&row)?)?;
                } else {
                    outln!(
                        "{}  {}  {:>10}  {} lines",
                        row.number,
                        row.created_at.format("%Y-%m-%d %H:%M"),
                        row.total,
                        row.lines
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        SalesCmd::Refund {
            sale,
            lines,
            to,
            pin_stdin,
            json,
        } => {
            let Some(to) = RefundTo::parse(&to) else {
                return refuse(json, "usage", "--to is original, credit, cash or card");
            };
            let s = find_sale(&store, &sale)?;
            let lines = match refund_lines(&s, &lines) {
                Ok(l) => l,
                Err(e) => return refuse(json, "usage", &e),
            };
            let actor = match manager(config, &mut store, pin_stdin) {
                Ok(a) => a,
                Err(e) => return refuse(json, "manager", &e),
            };
            let req = RefundRequest {
                sale: s.id,
                lines,
                to,
                new_lines: Vec::new(),
            };
            let r = service::refund(&mut store, &actor, &req);
            done(config, &store, r, json)
        }
        SalesCmd::Move {
            sale,
            customer: to,
            pin_stdin,
            json,
        } => {
            let s = find_sale(&store, &sale)?;
            let to = match to.as_str() {
                "none" | "-" => None,
                t => Some(customer(&store, t)?),
            };
            let actor = match manager(config, &mut store, pin_stdin) {
                Ok(a) => a,
                Err(e) => return refuse(json, "manager", &e),
            };
            match service::move_sale(&mut store, &actor, s.id, to) {
                Ok(_) => {
                    super::sync_index(config, &store);
                    print_sale(&find_sale(&store, &s.number)?, json)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refuse(json, "refused", &e.to_string()),
            }
        }
    }
}

/// Prints a stored sale (the search index told: the customer's last visit moved) or the
/// refusal.
fn done(
    config: &Config,
    store: &Store,
    r: Result<Sale, service::ServiceError>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    match r {
        Ok(s) => {
            super::sync_index(config, store);
            print_sale(&s, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refuse(json, "refused", &e.to_string()),
    }
}

/// `--line CODE:QTY` as line numbers of `s`: a code may be on several lines; the
/// quantity is spread over them in order.
fn refund_lines(s: &Sale, args: &[String]) -> Result<Vec<(u32, Decimal)>, String> {
    let mut out = Vec::new();
    for a in args {
        let (code, qty) = a.rsplit_once(':').unwrap_or((a.as_str(), "1"));
        let mut qty: Decimal = qty
            .trim()
            .parse()
            .ok()
            .filter(|q: &Decimal| *q > Decimal::ZERO)
            .ok_or_else(|| format!("--line {}: the quantity must be a number above 0", clip(a)))?;
        let mut found = false;
        for (i, l) in s.lines.iter().enumerate() {
            if l.code != code || l.quantity <= Decimal::ZERO || qty <= Decimal::ZERO {
                continue;
            }
            found = true;
            let take = qty.min(l.quantity);
            out.push((i as u32 + 1, take));
            qty -= take;
        }
        if !found {
            return Err(format!(
                "{} has no line with code `{}`",
                s.number,
                clip(code)
            ));
        }
        if qty > Decimal::ZERO {
            return Err(format!("{}: more than was sold", clip(a)));
        }
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SaleIn {
    customer: Option<String>,
    lines: Vec<LineIn>,
    #[serde(default)]
    payments: Vec<PaymentIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineIn {
    code: String,
    #[serde(default = "one")]
    qty: String,
    price: Option<String>,
    discount: Option<String>,
}

fn one() -> String {
    "1".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaymentIn {
    method: String,
    amount: Option<String>,
    tendered: Option<String>,
    /// The gift card's code (`"method": "gift_card"`).
    code: Option<String>,
}

/// `sales add`: the JSON read, checked and turned into a draft, stored by the service.
fn add(
    config: &Config,
    store: &mut Store,
    file: Option<PathBuf>,
    pin_stdin: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let text = read_input(file.as_deref())?;
    let input: SaleIn = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return refuse(json, "json", &format!("not a sale: {e}")),
    };
    let draft = match draft(store, &input) {
        Ok(d) => d,
        Err(e) => return refuse(json, "invalid", &e),
    };
    let wants_pin = pin_stdin || std::env::var_os("COMPTOIR_MANAGER_PIN").is_some();
    let actor = if wants_pin {
        match manager(config, store, pin_stdin) {
            Ok(a) => a,
            Err(e) => return refuse(json, "manager", &e),
        }
    } else {
        cli_actor(config)
    };
    // With [email] or [sms], a customer who asked for receipts that way gets this one
    // queued.
    let (email, sms) = (
        comptoir::mail::order(config),
        comptoir::mail::sms_order(config),
    );
    let order = (email.is_some() || sms.is_some()).then(|| service::PrintOrder {
        email,
        sms,
        ..service::PrintOrder::default()
    });
    let r = service::store_sale_printed(store, &actor, &draft, order.as_ref());
    done(config, store, r, json)
}

fn draft(store: &Store, input: &SaleIn) -> Result<SaleDraft, String> {
    let conn = store.conn();
    let customer_id = match &input.customer {
        Some(c) => Some(customer(store, c).map_err(|e| e.to_string())?),
        None => None,
    };
    let (group_discount, tax) = match customer_id {
        Some(id) => {
            let c = customers::get(conn, id)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no customer with id {id}"))?;
            let discount = match &c.data.group {
                Some(g) => catalog::group_by_name(conn, g)
                    .map_err(|e| e.to_string())?
                    .map_or(Percent::ZERO, |g| g.discount),
                None => Percent::ZERO,
            };
            (discount, c.data.tax)
        }
        None => (Percent::ZERO, Default::default()),
    };
    if input.lines.len() > 1000 {
        return Err("at most 1000 lines per sale".into());
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let at = format!("lines[{i}]");
        let p = catalog::product_by_code(conn, l.code.trim())
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{at}: no product with code `{}`", clip(&l.code)))?;
        let quantity: Decimal = l
            .qty
            .trim()
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|q: &Decimal| !q.is_zero() && q.abs() <= Decimal::from(100_000))
            .ok_or_else(|| format!("{at}.qty: `{}` is not a quantity", clip(&l.qty)))?;
        let unit_price = match &l.price {
            Some(t) => Money::parse(t).map_err(|e| format!("{at}.price: {e}"))?,
            None => p.price,
        };
        let discount = match &l.discount {
            Some(t) => Percent::parse(t).map_err(|e| format!("{at}.discount: {e}"))?,
            None => Percent::ZERO,
        };
        lines.push(SaleLine {
            product_id: Some(p.id),
            code: p.code,
            name: p.name,
            quantity,
            unit_price,
            discount,
            tax_rate: p.tax_rate,
            kind: LineKind::Goods,
            origin: None,
            special: None,
        });
    }
    // The customer's group's special prices, as the register applies them.
    if let Some(id) = customer_id {
        let list = group_prices::of_customer(conn, id).map_err(|e| e.to_string())?;
        pricing::reprice(&mut lines, list.as_ref());
    }
    let mut payments = Vec::new();
    for (i, p) in input.payments.iter().enumerate() {
        let at = format!("payments[{i}]");
        let method = PaymentMethod::parse(p.method.trim()).ok_or_else(|| {
            format!(
                "{at}.method: `{}` is not cash, card, wallet, credit, points, account or gift_card",
                clip(&p.method)
            )
        })?;
        let money = |t: &Option<String>, f: &str| {
            t.as_deref()
                .map(Money::parse)
                .transpose()
                .map_err(|e| format!("{at}.{f}: {e}"))
        };
        payments.push(PaymentDraft {
            method,
            amount: money(&p.amount, "amount")?,
            tendered: money(&p.tendered, "tendered")?,
            reference: p.code.as_deref().map(|c| c.trim().to_string()),
        });
    }
    if payments.is_empty() {
        payments.push(PaymentDraft::rest(PaymentMethod::Cash));
    }
    Ok(SaleDraft {
        lines,
        customer: customer_id,
        group_discount,
        tax,
        payments,
        refund_of: None,
        email_receipt: false,
        sms_receipt: false,
    })
}

fn pay_method(text: &str) -> Option<PaymentDraft> {
    match PaymentMethod::parse(text.trim()) {
        Some(m @ (PaymentMethod::Cash | PaymentMethod::Card)) => Some(PaymentDraft::rest(m)),
        _ => None,
    }
}

fn pay_in(
    config: &Config,
    customer_text: &str,
    amount: &str,
    method: &str,
    kind: LineKind,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    let Some(pay) = pay_method(method) else {
        return refuse(json, "usage", "--method is cash or card");
    };
    let amount = match Money::parse(amount) {
        Ok(m) => m,
        Err(e) => return refuse(json, "usage", &e.to_string()),
    };
    let id = customer(&store, customer_text)?;
    let actor = cli_actor(config);
    let r = service::pay_in(&mut store, &actor, id, kind, amount, pay);
    let ok = r.is_ok();
    let code = done(config, &store, r, json)?;
    if ok && !json {
        let b = ledger::balances(store.conn(), id)?;
        outln!("wallet {}  owed {}", b.wallet, b.owed)?;
    }
    Ok(code)
}

/// `comptoir wallet top-up`
pub fn wallet(config: &Config, cmd: WalletCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        WalletCmd::TopUp {
            customer,
            amount,
            method,
            json,
        } => pay_in(config, &customer, &amount, &method, LineKind::TopUp, json),
    }
}

/// `comptoir gift-card sell|balance|move`
pub fn gift_card(config: &Config, cmd: GiftCardCmd) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    match cmd {
        GiftCardCmd::Sell {
            amount,
            code,
            customer: c,
            method,
            json,
        } => {
            let Some(pay) = pay_method(&method) else {
                return refuse(json, "usage", "--method is cash or card");
            };
            let amount = match Money::parse(&amount) {
                Ok(m) => m,
                Err(e) => return refuse(json, "usage", &e.to_string()),
            };
            let c = c.map(|c| customer(&store, &c)).transpose()?;
            let r = service::sell_gift_card(
                &mut store,
                &cli_actor(config),
                code.as_deref(),
                amount,
                c,
                pay,
            );
            if let (Ok(s), false) = (&r, json) {
                if let Some(l) = s.lines.first() {
                    outln!("gift card {} holds {}", l.code, amount)?;
                }
            }
            done(config, &store, r, json)
        }
        GiftCardCmd::Balance { code, json } => {
            let Some(card) = gift::get(store.conn(), code.trim())? else {
                return refuse(
                    json,
                    "not_found",
                    &format!("no gift card `{}`", clip(&code)),
                );
            };
            let entries = gift::entries(store.conn(), &card.code, 50)?;
            if json {
                dataln!("{}", json!({ "card": card, "ledger": entries }))?;
            } else {
                let holder = card
                    .customer
                    .map_or("nobody".to_string(), |c| c.to_string());
                outln!(
                    "gift card {}: {} (held by {holder})",
                    card.code,
                    card.balance
                )?;
                for e in entries {
                    outln!(
                        "  {}  {:<10} {:>10}",
                        e.at.format("%Y-%m-%d %H:%M"),
                        e.reason,
                        e.amount
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        GiftCardCmd::Move {
            code,
            customer: to,
            pin_stdin,
            json,
        } => {
            let to = match to.as_str() {
                "none" | "-" => None,
                t => Some(customer(&store, t)?),
            };
            let actor = match manager(config, &mut store, pin_stdin) {
                Ok(a) => a,
                Err(e) => return refuse(json, "manager", &e),
            };
            match service::move_gift_card(&mut store, &actor, code.trim(), to) {
                Ok(()) => {
                    let card = gift::get(store.conn(), code.trim())?;
                    if json {
                        dataln!("{}", json!({ "card": card }))?;
                    } else {
                        outln!("gift card {} moved", clip(&code))?;
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refuse(json, "refused", &e.to_string()),
            }
        }
    }
}

/// `comptoir account pay|statement`
pub fn account(config: &Config, cmd: AccountCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        AccountCmd::Statement {
            customer,
            since,
            csv,
            pin_stdin,
            json,
        } => super::statement::statement(config, &customer, since, csv.as_deref(), pin_stdin, json),
        AccountCmd::Pay {
            customer,
            amount,
            method,
            json,
        } => pay_in(
            config,
            &customer,
            &amount,
            &method,
            LineKind::Settlement,
            json,
        ),
    }
}

/// `comptoir customers balance`
pub fn balance(
    config: &Config,
    id: &str,
    json: bool,
    with_ledger: bool,
) -> anyhow::Result<ExitCode> {
    let store = open(config)?;
    let id = customer(&store, id)?;
    if customers::get(store.conn(), id)?.is_none() {
        bail!("no customer with id {id}");
    }
    let b = ledger::balances(store.conn(), id)?;
    let entries = if with_ledger {
        ledger::entries(store.conn(), id, None, 100)?
    } else {
        Vec::new()
    };
    if json {
        let mut v = json!({
            "points": b.points,
            "points_value": config.loyalty.value_of(b.points).to_string(),
            "wallet": b.wallet.to_string(),
            "store_credit": b.store_credit.to_string(),
            "owed": b.owed.to_string(),
            "credit_limit": b.credit_limit.map(|l| l.to_string()),
        });
        if with_ledger {
            v["ledger"] = serde_json::to_value(&entries)?;
        }
        dataln!("{v}")?;
    } else {
        outln!(
            "points        {} (worth {})",
            b.points,
            config.loyalty.value_of(b.points)
        )?;
        outln!("wallet        {}", b.wallet)?;
        outln!("store credit  {}", b.store_credit)?;
        let limit = b
            .credit_limit
            .map_or("no account".to_string(), |l| format!("limit {l}"));
        outln!("owed          {} ({limit})", b.owed)?;
        for e in entries {
            outln!(
                "  {}  {:<8} {:<11} {:>10}",
                e.at.format("%Y-%m-%d %H:%M"),
                e.kind.as_str(),
                e.reason.as_str(),
                service::units_text(e.kind, e.amount)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `comptoir customers merge`
pub fn merge(
    config: &Config,
    survivor: &str,
    duplicate: &str,
    data: Option<&Path>,
    pin_stdin: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    let (s, d) = (customer(&store, survivor)?, customer(&store, duplicate)?);
    let (Some(keep), Some(other)) = (
        customers::get(store.conn(), s)?,
        customers::get(store.conn(), d)?,
    ) else {
        bail!("no customer {survivor} or {duplicate}");
    };
    let patch = match data {
        Some(p) => match serde_json::from_str::<Value>(&read_input(Some(p))?) {
            Ok(v) => v,
            Err(e) => return refuse(json, "json", &e.to_string()),
        },
        None => json!({}),
    };
    let mut merged = match service::patch(&keep.data, &patch) {
        Ok(m) => m,
        Err(e) => return refuse(json, "json", &e.to_string()),
    };
    for r in other.data.references {
        if !merged.references.contains(&r) {
            merged.references.push(r);
        }
    }
    let taken = patch
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let actor = match manager(config, &mut store, pin_stdin) {
        Ok(a) => a,
        Err(e) => return refuse(json, "manager", &e),
    };
    let req = MergeRequest {
        survivor: s,
        duplicate: d,
        data: merged,
        taken,
    };
    match service::merge_customers(&mut store, &actor, req) {
        Ok(report) => {
            super::sync_index(config, &store);
            let b = ledger::balances(store.conn(), s)?;
            if json {
                dataln!(
                    "{}",
                    json!({
                        "survivor": s.to_string(),
                        "sales": report.sales,
                        "notes": report.notes,
                        "references": report.references,
                        "balance": b,
                    })
                )?;
            } else {
                outln!(
                    "{d} merged into {s}: {} sales, {} notes moved",
                    report.sales,
                    report.notes
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refuse(json, "refused", &e.to_string()),
    }
}

/// `comptoir journal verify|close`
pub fn journal(config: &Config, cmd: JournalCmd) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    match cmd {
        JournalCmd::Verify { json } => {
            let v = journal::verify(store.conn())?;
            if json {
                dataln!("{}", json!({ "ok": v.ok(), "report": v }))?;
            } else {
                for c in &v.chains {
                    outln!("{}: {} entries, head {}", c.register, c.entries, c.head)?;
                }
                outln!("{} sales checked against the tables", v.sales_checked)?;
                for b in &v.breaks {
                    outln!("BROKEN {} entry {}: {}", b.register, b.seq, b.problem)?;
                }
                if v.before_journal > 0 {
                    outln!(
                        "{} sales stored before the journal began (an older version): not covered",
                        v.before_journal
                    )?;
                }
                if !v.unjournaled.is_empty() {
                    outln!("sales outside the journal: {}", v.unjournaled.join(", "))?;
                }
                outln!(
                    "{}",
                    if v.ok() {
                        "journal intact"
                    } else {
                        "journal NOT intact"
                    }
                )?;
            }
            Ok(if v.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        JournalCmd::Close { cash, json } => {
            let counted = match cash.as_deref().map(Money::parse).transpose() {
                Ok(c) => c,
                Err(e) => return refuse(json, "usage", &format!("--cash: {e}")),
            };
            let actor = cli_actor(config);
            let (expired_for, expired) =
                service::expire_points(&mut store, &actor, chrono::Utc::now())?;
            let closing = service::close_day(&mut store, &actor, counted)?;
            if json {
                let mut v = serde_json::to_value(&closing)?;
                v["points_expired"] = json!({ "customers": expired_for, "points": expired });
                dataln!("{v}")?;
            } else {
                outln!(
                    "Z {} entry {} (from {})",
                    closing.register,
                    closing.seq,
                    closing.from_seq
                )?;
                outln!(
                    "sales {}  refunds {}  goods {}",
                    closing.sales,
                    closing.refunds,
                    closing.goods
                )?;
                outln!(
                    "top-ups {}  settlements {}",
                    closing.top_ups,
                    closing.settlements
                )?;
                for t in &closing.by_method {
                    outln!("  {:<14} {:>12}", t.name, t.amount)?;
                }
                for t in &closing.by_rate {
                    outln!("  VAT {:<10} {:>12}", t.name, t.amount)?;
                }
                let counted = closing
                    .cash_counted
                    .map_or("not counted".into(), |c| c.to_string());
                outln!(
                    "cash expected {}  counted {}",
                    closing.cash_expected,
                    counted
                )?;
                outln!("chain head {}", closing.chain_head)?;
                if expired > 0 {
                    outln!("loyalty: {expired} points expired for {expired_for} customers")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
