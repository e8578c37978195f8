//! Money at the register: sales paid by one method or several, refunds and exchanges,
//! wallet top-ups, account settlements, and what each does to the customer's ledgers.
//!
//! Invariants: a sale, its payments, every ledger entry it causes (what it spent from
//! the wallet, store credit or points, what it put on account, the points it earned or
//! took back) and its journal entry are written in one transaction, or nothing is;
//! payments cover the total exactly and only cash gives change ([`Sale::check`]); a
//! balance never goes below zero (the schema refuses it too); what a customer owes stays
//! within their credit limit unless the manager overrides it (audited); a refund never
//! gives back more of a line than was sold, counting earlier refunds; points are earned
//! on money only (see [`crate::domain::loyalty`]).

use chrono::Utc;
use rusqlite::Transaction;
use rust_decimal::Decimal;

use super::print::PrintOrder;
use super::{live, Actor, Refusal, ServiceError};
use crate::domain::customer::TaxPreference;
use crate::domain::ids::{CustomerId, PaymentId, SaleId};
use crate::domain::ledger::{Kind, OfflineAllowance, Reason};
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, LineKind, Payment, PaymentMethod, Sale, SaleLine};
use crate::store::ledger::{self, Move};
use crate::store::{audit, catalog, gift, group_prices, outbox, sales, Store, StoreError};

/// One payment asked for: `amount` `None` pays what remains; `tendered` is the cash
/// handed over (`None`: the exact amount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDraft {
    pub method: PaymentMethod,
    pub amount: Option<Money>,
    pub tendered: Option<Money>,
    /// The gift card's code (a `gift_card` payment).
    pub reference: Option<String>,
}

impl PaymentDraft {
    /// What remains, by `method` (cash: the exact amount).
    pub fn rest(method: PaymentMethod) -> PaymentDraft {
        PaymentDraft {
            method,
            amount: None,
            tendered: None,
            reference: None,
        }
    }

    /// `amount` by `method`.
    pub fn of(method: PaymentMethod, amount: Money) -> PaymentDraft {
        PaymentDraft {
            method,
            amount: Some(amount),
            tendered: None,
            reference: None,
        }
    }

    /// `amount` (`None`: what remains) from the gift card `code`.
    pub fn gift(code: &str, amount: Option<Money>) -> PaymentDraft {
        PaymentDraft {
            method: PaymentMethod::GiftCard,
            amount,
            tendered: None,
            reference: Some(code.trim().to_string()),
        }
    }

    /// What remains in cash, `tendered` handed over.
    pub fn cash(tendered: Option<Money>) -> PaymentDraft {
        PaymentDraft {
            method: PaymentMethod::Cash,
            amount: None,
            tendered,
            reference: None,
        }
    }
}

/// A sale ready to be stored: the service gives it its id, number and time.
#[derive(Debug, Clone, PartialEq)]
pub struct SaleDraft {
    pub lines: Vec<SaleLine>,
    pub customer: Option<CustomerId>,
    pub group_discount: Percent,
    pub tax: TaxPreference,
    /// In order; the last usually pays what remains.
    pub payments: Vec<PaymentDraft>,
    /// The sale whose lines this one gives back (lines with an `origin`).
    pub refund_of: Option<SaleId>,
    /// The cashier asked for this sale's receipt by e-mail (to the attached customer's
    /// address), whatever the customer's stored preference; used when `[email]` is set.
    pub email_receipt: bool,
    /// The cashier asked for this sale's receipt by SMS (to the attached customer's
    /// phone), whatever the stored preference; used when `[sms]` is set.
    pub sms_receipt: bool,
}

impl SaleDraft {
    /// A ticket of `lines` paid in full by one payment.
    pub fn paid(lines: Vec<SaleLine>, customer: Option<CustomerId>, pay: PaymentDraft) -> Self {
        SaleDraft {
            lines,
            customer,
            group_discount: Percent::ZERO,
            tax: TaxPreference::default(),
            payments: vec![pay],
            refund_of: None,
            email_receipt: false,
            sms_receipt: false,
        }
    }
}

/// The payments of a ticket of `total`, in the order asked; a points payment gets its
/// points from the program.
fn payments(
    actor: &Actor,
    total: Money,
    drafts: &[PaymentDraft],
) -> Result<Vec<Payment>, ServiceError> {
    let mut rest = total;
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        if d.amount.is_none() && rest.is_zero() && d.tendered.is_none() {
            // "What remains" when nothing does: no payment of zero.
            continue;
        }
        let amount = d.amount.unwrap_or(rest);
        let mut p = match d.method {
            PaymentMethod::Cash => {
                Payment::cash(amount, d.tendered.unwrap_or(amount.max(Money::ZERO)))?
            }
            method => Payment {
                id: PaymentId::generate(),
                method,
                amount,
                tendered: None,
                change: None,
                points: 0,
                reference: d.reference.clone(),
            },
        };
        if p.method == PaymentMethod::Points {
            let points = actor
                .loyalty
                .points_for(if amount.is_negative() {
                    -amount
                } else {
                    amount
                })
                .map_err(Refusal::from)?;
            p.points = if amount.is_negative() {
                -points
            } else {
                points
            };
        }
        rest = rest - amount;
        out.push(p);
    }
    Ok(out)
}

/// Stores a paid sale (a refund or an exchange when it gives lines back) with the next
/// ticket number of the actor's register; its payments, ledger entries, points and
/// journal entry in the same transaction. Refused, with nothing written, when it has no
/// line, when the payments do not cover the total, when a balance would go below zero,
/// when the account limit would be passed (unless the manager vouches), when a refund
/// gives back more than was sold, or when its customer is gone. The manager's acts (a
/// negative line or total, a line below cost, a line repriced, passing the limit) are
/// refused to the cashier and each audited.
pub fn store_sale(store: &mut Store, actor: &Actor, d: &SaleDraft) -> Result<Sale, ServiceError> {
    store_sale_printed(store, actor, d, None)
}

/// [`store_sale`], and its print jobs in the same transaction when `print` names the
/// register's printer: the cash drawer's kick first when cash changes hands (and the
/// printer has a drawer), then the receipt. So a stored sale always has its receipt
/// queued, and a sale refused has queued nothing.
pub fn store_sale_printed(
    store: &mut Store,
    actor: &Actor,
    d: &SaleDraft,
    print: Option<&PrintOrder>,
) -> Result<Sale, ServiceError> {
    if d.lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    let totals = sale::totals(&d.lines, d.group_discount, d.tax);
    let negative = sale::is_refund(&d.lines, d.group_discount, d.tax);
    if negative || d.refund_of.is_some() {
        actor.require_manager("a refund or an exchange")?;
    }
    let mut s = Sale {
        id: SaleId::generate(),
        number: String::new(),
        created_at: Utc::now(),
        customer_id: d.customer,
        group_discount: d.group_discount,
        tax: d.tax,
        lines: d.lines.clone(),
        payments: payments(actor, totals.total, &d.payments)?,
        totals,
        refund_of: d.refund_of,
        points: 0,
    };
    s.check()?;
    store.write(|tx| {
        if let Some(id) = d.customer {
            live(tx, id)?;
        }
        if let Some(orig) = d.refund_of {
            check_refund(tx, &s, orig)?;
        }
        let mut acts = manager_acts(tx, &mut s, negative)?;
        s.points = points_earned(tx, actor, &s)?;
        let moves = ledger_moves(&s)?;
        if let Some(act) = over_limit(tx, &s, &moves)? {
            acts.push(act);
        }
        for act in &acts {
            actor.require_manager(act.what)?;
        }
        s.number = sales::next_number(tx, &actor.register)?;
        sales::insert(tx, &s, &actor.name)?;
        for (kind, amount, reason) in moves {
            append(tx, actor, &s, kind, amount, reason)?;
        }
        gift_moves(tx, actor, &s)?;
        for act in acts {
            let mut detail = act.detail;
            detail["number"] = s.number.clone().into();
            detail["role"] = "manager".into();
            let id = s.id.to_string();
            audit::record(tx, &actor.name, act.action, "sale", Some(&id), detail)?;
        }
        if let Some(order) = print {
            let asked = super::print::Asked {
                email: d.email_receipt,
                sms: d.sms_receipt,
            };
            super::print::queue_sale(tx, actor, &s, order, asked)?;
        }
        Ok(s)
    })
}

/// Appends one of a sale's ledger movements; a balance that would go below zero comes
/// back as the refusal that names it.
fn append(
    tx: &Transaction,
    actor: &Actor,
    s: &Sale,
    kind: Kind,
    amount: i64,
    reason: Reason,
) -> Result<(), ServiceError> {
    let Some(customer) = s.customer_id else {
        return Err(Refusal::NeedsCustomer(kind.as_str()).into());
    };
    if let Some(allowance) = &actor.offline {
        offline_check(tx, allowance, customer, kind, amount, reason)?;
    }
    let m = actor.ledger_move(customer, kind, amount, reason, Some(s.id));
    match ledger::append(tx, m, s.created_at) {
        Ok(_) => Ok(()),
        Err(StoreError::Overdrawn {
            kind,
            available,
            asked,
        }) => Err(Refusal::NotEnough {
            what: kind.as_str(),
            available: units_text(kind, available),
            asked: units_text(kind, asked),
        }
        .into()),
        Err(e) => Err(e.into()),
    }
}

/// Refuses a spend the hub guards (`OfflineAllowance::guards`) while this register is
/// cut off from it, when what it spent of that balance since, with this one, passes the
/// allowance.
fn offline_check(
    tx: &Transaction,
    allowance: &OfflineAllowance,
    customer: CustomerId,
    kind: Kind,
    amount: i64,
    reason: Reason,
) -> Result<(), ServiceError> {
    if !OfflineAllowance::guards(kind, amount, reason) || !outbox::cut_off(tx, Utc::now())? {
        return Ok(());
    }
    let spent = outbox::unsent_spending(tx, customer, kind)?;
    if spent + amount.abs() > allowance.units(kind) {
        return Err(Refusal::OfflineLimit {
            what: kind.as_str(),
            allowed: units_text(kind, allowance.units(kind)),
            spent: units_text(kind, spent),
        }
        .into());
    }
    Ok(())
}

impl Actor {
    /// A movement of `customer`'s `kind` written by this actor at its register.
    fn ledger_move(
        &self,
        customer: CustomerId,
        kind: Kind,
        amount: i64,
        reason: Reason,
        sale: Option<SaleId>,
    ) -> Move<'_> {
        Move {
            customer,
            kind,
            amount,
            reason,
            sale,
            register: &self.register,
            author: &self.name,
        }
    }
}

/// What the sale does to gift cards: a card sold is created (held by the sale's
/// customer, if any) and credited; a card that pays is debited (credited back by a
/// refund).
fn gift_moves(tx: &Transaction, actor: &Actor, s: &Sale) -> Result<(), ServiceError> {
    let m = |code, amount, reason| gift::GiftMove {
        code,
        amount,
        reason,
        sale: Some(s.id),
        register: &actor.register,
        author: &actor.name,
    };
    for l in s.lines.iter().filter(|l| l.kind == LineKind::GiftCard) {
        gift::ensure(tx, &l.code, s.customer_id, s.created_at)?;
        gift::append(tx, m(&l.code, l.unit_price.cents(), "sale"), s.created_at)?;
    }
    for p in s
        .payments
        .iter()
        .filter(|p| p.method == PaymentMethod::GiftCard)
    {
        let Some(code) = p.reference.as_deref() else {
            continue;
        };
        let reason = if p.amount.is_negative() {
            // A credit note of a refund may be a new card.
            gift::ensure(tx, code, s.customer_id, s.created_at)?;
            "refund"
        } else {
            "redemption"
        };
        match gift::append(tx, m(code, -p.amount.cents(), reason), s.created_at) {
            Ok(_) => {}
            Err(StoreError::GiftCardShort { available, .. }) => {
                return Err(Refusal::NotEnough {
                    what: "gift card",
                    available: available.to_string(),
                    asked: p.amount.to_string(),
                }
                .into())
            }
            Err(StoreError::NotFound { .. }) => {
                return Err(Refusal::NoGiftCard(code.chars().take(40).collect()).into())
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Money paid in (a top-up, a settlement, a gift card sold): above zero, by cash or card.
fn money_in(amount: Money, pay: &PaymentDraft) -> Result<(), Refusal> {
    if amount <= Money::ZERO {
        return Err(Refusal::NotPositive);
    }
    if !matches!(pay.method, PaymentMethod::Cash | PaymentMethod::Card) {
        return Err(Refusal::PayInBy(pay.method.as_str()));
    }
    Ok(())
}

/// A new gift card code: an in-store EAN-13 (prefix 29) with its check digit, from the
/// random bits of a fresh UUIDv7.
pub fn new_gift_code() -> String {
    let bits = crate::domain::ids::LedgerId::generate().as_uuid().as_u128();
    let body = format!("29{:010}", (bits as u64) % 10_000_000_000);
    let check = crate::domain::validate::ean_check_digit(&body).unwrap_or(0);
    format!("{body}{check}")
}

/// Sells a gift card of `amount` (by cash or card): the scanned code, or a new one; held
/// by `customer` when given. Returns the sale (its line's code is the card's).
pub fn sell_gift_card(
    store: &mut Store,
    actor: &Actor,
    code: Option<&str>,
    amount: Money,
    customer: Option<CustomerId>,
    pay: PaymentDraft,
) -> Result<Sale, ServiceError> {
    let d = gift_card_draft(code, amount, customer, pay)?;
    store_sale(store, actor, &d)
}

/// The ticket that sells a gift card (see [`sell_gift_card`]), to store with
/// [`store_sale_printed`].
pub fn gift_card_draft(
    code: Option<&str>,
    amount: Money,
    customer: Option<CustomerId>,
    pay: PaymentDraft,
) -> Result<SaleDraft, ServiceError> {
    money_in(amount, &pay)?;
    let code = match code.map(str::trim) {
        Some(c)
            if !c.is_empty() && c.len() <= 40 && c.chars().all(|x| x.is_ascii_alphanumeric()) =>
        {
            c.to_string()
        }
        Some(c) => return Err(Refusal::BadGiftCode(c.chars().take(40).collect()).into()),
        None => new_gift_code(),
    };
    let mut line = SaleLine::money_in(LineKind::GiftCard, &format!("Gift card {code}"), amount);
    line.code = code;
    Ok(SaleDraft::paid(vec![line], customer, pay))
}

/// Gives a gift card to another customer, or to nobody (manager, audited).
pub fn move_gift_card(
    store: &mut Store,
    actor: &Actor,
    code: &str,
    to: Option<CustomerId>,
) -> Result<(), ServiceError> {
    actor.require_manager("giving a gift card to another customer")?;
    store.write(|tx| {
        if let Some(to) = to {
            live(tx, to)?;
        }
        let Some(card) = gift::get(tx, code)? else {
            return Err(Refusal::NoGiftCard(code.chars().take(40).collect()).into());
        };
        gift::set_holder(tx, code, to)?;
        audit::record(
            tx,
            &actor.name,
            "gift_card.move",
            "gift_card",
            Some(code),
            serde_json::json!({
                "from": card.customer.map(|c| c.to_string()),
                "to": to.map(|c| c.to_string()),
                "role": "manager",
            }),
        )?;
        Ok(())
    })
}

/// An amount of `kind` as said to a person: points, or money.
pub fn units_text(kind: Kind, units: i64) -> String {
    if kind.is_money() {
        Money::from_cents(units).to_string()
    } else {
        format!("{units} points")
    }
}

/// What the sale does to its customer's ledgers: (kind, signed units, reason).
fn ledger_moves(s: &Sale) -> Result<Vec<(Kind, i64, Reason)>, ServiceError> {
    let back = s.totals.total.is_negative();
    let mut out = Vec::new();
    for p in &s.payments {
        let Some(kind) = p.method.ledger() else {
            continue;
        };
        let units = match kind {
            Kind::Points => -p.points,
            Kind::Account => p.amount.cents(),
            Kind::Wallet | Kind::Credit => -p.amount.cents(),
        };
        let reason = match (back, kind) {
            (true, _) => Reason::Refund,
            (false, Kind::Points) => Reason::Redemption,
            (false, _) => Reason::Sale,
        };
        out.push((kind, units, reason));
    }
    for l in &s.lines {
        match l.kind {
            LineKind::Goods | LineKind::GiftCard => {}
            LineKind::TopUp => out.push((Kind::Wallet, l.unit_price.cents(), Reason::TopUp)),
            LineKind::Settlement => {
                out.push((Kind::Account, -l.unit_price.cents(), Reason::Settlement))
            }
        }
    }
    if s.points != 0 {
        let reason = if s.points < 0 {
            Reason::Refund
        } else {
            Reason::Sale
        };
        out.push((Kind::Points, s.points, reason));
    }
    if s.customer_id.is_none() {
        if let Some((kind, _, _)) = out.first() {
            return Err(Refusal::NeedsCustomer(kind.as_str()).into());
        }
    }
    Ok(out)
}

/// The points a sale earns (or, giving money back, takes back): on the goods paid with
/// money. A refund of a stored sale takes back that sale's points in proportion to the
/// goods given back (counted over all its refunds, so refunding everything takes back
/// exactly what it earned); never more than the customer holds.
fn points_earned(tx: &Transaction, actor: &Actor, s: &Sale) -> Result<i64, ServiceError> {
    let Some(customer) = s.customer_id else {
        return Ok(0);
    };
    let priced = |l: &SaleLine| l.price(s.group_discount, s.tax).total;
    let goods: Money = s
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Goods && l.origin.is_none())
        .map(priced)
        .sum();
    let not_money: Money = s
        .payments
        .iter()
        .filter(|p| !p.method.is_money())
        .map(|p| p.amount)
        .sum();
    let earned = actor.loyalty.earned(goods.min(goods - not_money));
    let back = match s.refund_of {
        Some(orig) => {
            let returned: Money = -s
                .lines
                .iter()
                .filter(|l| l.origin.is_some())
                .map(priced)
                .sum::<Money>();
            taken_back(tx, orig, returned)?
        }
        // A negative line typed at the register: the points its money would have earned.
        None => {
            let negative: Money = s
                .lines
                .iter()
                .filter(|l| l.kind == LineKind::Goods)
                .map(priced)
                .filter(|m| m.is_negative())
                .sum();
            actor.loyalty.earned(-negative)
        }
    };
    let held = ledger::balance(tx, customer, Kind::Points)? + earned;
    Ok(earned - back.min(held).max(0))
}

/// The points a refund of `returned` goods takes back from sale `orig`: its points times
/// the share of its goods given back by all its refunds, less what earlier ones took.
fn taken_back(tx: &Transaction, orig: SaleId, returned: Money) -> Result<i64, ServiceError> {
    let (points, sold, before, taken): (i64, i64, i64, i64) = tx
        .query_row(
            "SELECT (SELECT points FROM sale WHERE id = ?1),
                    (SELECT COALESCE(SUM(total_cents), 0) FROM sale_line
                      WHERE sale_id = ?1 AND kind = 'goods' AND total_cents > 0),
                    (SELECT COALESCE(SUM(-l.total_cents), 0) FROM sale r
                      JOIN sale_line l ON l.sale_id = r.id
                      WHERE r.refund_of = ?1 AND l.origin IS NOT NULL),
                    (SELECT COALESCE(-SUM(points), 0) FROM sale
                      WHERE refund_of = ?1 AND points < 0)",
            [orig],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .map_err(StoreError::from)?;
    if points <= 0 || sold <= 0 {
        return Ok(0);
    }
    let share = |cents: i64| {
        (i128::from(points) * i128::from(cents.clamp(0, sold)) / i128::from(sold)) as i64
    };
    Ok((share(before + returned.cents()) - taken).max(0))
}

/// The manager act of passing the customer's credit limit, if this sale does.
fn over_limit(
    tx: &Transaction,
    s: &Sale,
    moves: &[(Kind, i64, Reason)],
) -> Result<Option<ManagerAct>, ServiceError> {
    let added: i64 = moves
        .iter()
        .filter(|(k, _, _)| *k == Kind::Account)
        .map(|(_, u, _)| *u)
        .sum();
    let Some(customer) = s.customer_id else {
        return Ok(None);
    };
    if added <= 0 {
        return Ok(None);
    }
    let b = ledger::balances(tx, customer)?;
    let owed = b.owed + Money::from_cents(added);
    let limit = b.credit_limit.unwrap_or(Money::ZERO);
    if owed <= limit {
        return Ok(None);
    }
    Ok(Some(ManagerAct {
        action: "sale.over_limit",
        what: "passing the customer's credit limit",
        detail: serde_json::json!({
            "owed": owed.to_string(),
            "limit": b.credit_limit.map(|l| l.to_string()),
        }),
    }))
}

/// Refuses a refund that gives back more of a line than was sold (earlier refunds
/// counted), a line that is not the original's, a refund of a refund, or a refund to
/// another customer than the sale's.
fn check_refund(tx: &Transaction, s: &Sale, orig: SaleId) -> Result<(), ServiceError> {
    let Some(o) = sales::get(tx, orig)? else {
        return Err(Refusal::NoSale(orig.to_string()).into());
    };
    if o.refund_of.is_some() {
        return Err(Refusal::RefundOfRefund(o.number).into());
    }
    if o.customer_id != s.customer_id {
        return Err(Refusal::RefundOtherCustomer(o.number).into());
    }
    let given = sales::refunded_quantities(tx, orig)?;
    for l in s.lines.iter().filter(|l| l.origin.is_some()) {
        let n = l.origin.unwrap_or(0);
        let Some(ol) = o.lines.get((n as usize).wrapping_sub(1)) else {
            return Err(Refusal::NoSuchLine {
                number: o.number,
                line: n,
            }
            .into());
        };
        let same = ol.code == l.code
            && ol.unit_price == l.unit_price
            && ol.discount == l.discount
            && ol.tax_rate == l.tax_rate
            && ol.kind == LineKind::Goods;
        if !same {
            return Err(Refusal::NoSuchLine {
                number: o.number,
                line: n,
            }
            .into());
        }
        let before = given.get(&n).copied().unwrap_or(Decimal::ZERO);
        let asked: Decimal = s
            .lines
            .iter()
            .filter(|x| x.origin == Some(n))
            .map(|x| -x.quantity)
            .sum();
        if before + asked > ol.quantity {
            return Err(Refusal::RefundTooMuch {
                line: n,
                sold: ol.quantity.normalize().to_string(),
                refunded: before.normalize().to_string(),
                asked: asked.normalize().to_string(),
            }
            .into());
        }
    }
    Ok(())
}

/// One manager act found in a sale: its audit action, what the refusal names, the
/// audit detail.
pub(super) struct ManagerAct {
    pub action: &'static str,
    pub what: &'static str,
    pub detail: serde_json::Value,
}

/// The manager's acts in `s` (read inside its transaction): a refund (`negative`), lines
/// under their product's known cost (the line's total, discounts included, against cost
/// x quantity), lines at another unit price than the customer's (their group's special
/// price, else the product's: a price edit). Each line sold says whether it is at its
/// group's special price as the store reads it now, whatever the draft said.
fn manager_acts(
    tx: &Transaction,
    s: &mut Sale,
    negative: bool,
) -> Result<Vec<ManagerAct>, ServiceError> {
    let (mut below, mut repriced) = (Vec::new(), Vec::new());
    let list = match s.customer_id {
        Some(id) => group_prices::of_customer(tx, id)?,
        None => None,
    };
    let (discount, tax) = (s.group_discount, s.tax);
    for line in s
        .lines
        .iter_mut()
        .filter(|l| l.kind == LineKind::Goods && l.origin.is_none())
    {
        line.special = None;
        let Some(id) = line.product_id else { continue };
        let Some(p) = catalog::product(tx, id)? else {
            continue;
        };
        let (price, special) = match &list {
            Some(l) => l.unit_price(p.id, p.price),
            None => (p.price, None),
        };
        if line.unit_price == price {
            line.special = special;
        } else {
            repriced.push(line.code.clone());
        }
        let floor = p
            .cost
            .map(|c| Money::from_decimal(c.as_decimal() * line.quantity));
        if floor.is_some_and(|f| line.price(discount, tax).total < f) {
            below.push(line.code.clone());
        }
    }
    let mut acts = Vec::new();
    if negative || s.refund_of.is_some() {
        acts.push(ManagerAct {
            action: "sale.refund",
            what: "a refund or an exchange",
            detail: serde_json::json!({
                "total": s.totals.total.to_string(),
                "refund_of": s.refund_of.map(|r| r.to_string()),
            }),
        });
    }
    if !repriced.is_empty() {
        acts.push(ManagerAct {
            action: "sale.price_override",
            what: "a line at another price than its product's",
            detail: serde_json::json!({ "codes": repriced }),
        });
    }
    if !below.is_empty() {
        acts.push(ManagerAct {
            action: "sale.below_cost",
            what: "selling below cost",
            detail: serde_json::json!({ "codes": below }),
        });
    }
    Ok(acts)
}

/// Where a refund's money goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundTo {
    /// Back the way it was paid (balances first, then card, then cash).
    Original,
    /// To the customer's store credit (a credit note).
    Credit,
    Cash,
    Card,
}

impl RefundTo {
    pub fn parse(s: &str) -> Option<RefundTo> {
        Some(match s {
            "original" => RefundTo::Original,
            "credit" | "store_credit" => RefundTo::Credit,
            "cash" => RefundTo::Cash,
            "card" => RefundTo::Card,
            _ => return None,
        })
    }
}

/// A refund asked for: lines of the original by number (from 1) and the quantity given
/// back (empty: everything not yet refunded).
#[derive(Debug, Clone, PartialEq)]
pub struct RefundRequest {
    pub sale: SaleId,
    pub lines: Vec<(u32, Decimal)>,
    pub to: RefundTo,
    /// New lines sold on the same ticket (an exchange).
    pub new_lines: Vec<SaleLine>,
}

/// The ticket a refund makes, read from the stored sale (the service checks it again
/// when it is stored).
pub fn refund_draft(
    store: &Store,
    actor: &Actor,
    req: &RefundRequest,
) -> Result<SaleDraft, ServiceError> {
    let conn = store.conn();
    let Some(o) = sales::get(conn, req.sale)? else {
        return Err(Refusal::NoSale(req.sale.to_string()).into());
    };
    let given = sales::refunded_quantities(conn, req.sale)?;
    let wanted: Vec<(u32, Decimal)> = if req.lines.is_empty() {
        (1..=o.lines.len() as u32)
            .map(|n| (n, Decimal::MAX))
            .collect()
    } else {
        req.lines.clone()
    };
    let mut lines = Vec::new();
    for (n, qty) in wanted {
        let Some(ol) = o.lines.get((n as usize).wrapping_sub(1)) else {
            return Err(Refusal::NoSuchLine {
                number: o.number,
                line: n,
            }
            .into());
        };
        if ol.kind != LineKind::Goods || ol.quantity <= Decimal::ZERO {
            if req.lines.is_empty() {
                continue;
            }
            return Err(Refusal::NoSuchLine {
                number: o.number,
                line: n,
            }
            .into());
        }
        let left = ol.quantity - given.get(&n).copied().unwrap_or(Decimal::ZERO);
        let qty = if qty == Decimal::MAX { left } else { qty };
        if qty <= Decimal::ZERO || (req.lines.is_empty() && left <= Decimal::ZERO) {
            continue;
        }
        lines.push(SaleLine {
            quantity: -qty,
            origin: Some(n),
            ..ol.clone()
        });
    }
    if lines.is_empty() {
        return Err(Refusal::NothingToRefund(o.number).into());
    }
    lines.extend(req.new_lines.iter().cloned());
    let total = sale::totals(&lines, o.group_discount, o.tax).total;
    let payments = if total.is_negative() {
        refund_payments(store, actor, &o, total, req.to)?
    } else {
        Vec::new()
    };
    Ok(SaleDraft {
        lines,
        customer: o.customer_id,
        group_discount: o.group_discount,
        tax: o.tax,
        payments,
        refund_of: Some(o.id),
        email_receipt: false,
        sms_receipt: false,
    })
}

/// How `total` (negative) goes back: to one method, or the original's methods in turn
/// (what each paid less what earlier refunds gave back by it; an account no more than
/// is owed; points in whole points), the rest in cash.
fn refund_payments(
    store: &Store,
    actor: &Actor,
    o: &Sale,
    total: Money,
    to: RefundTo,
) -> Result<Vec<PaymentDraft>, ServiceError> {
    let cash = |amount| PaymentDraft {
        method: PaymentMethod::Cash,
        amount: Some(amount),
        tendered: Some(Money::ZERO),
        reference: None,
    };
    let one = |method| Ok(vec![PaymentDraft::of(method, total)]);
    match to {
        RefundTo::Cash => return Ok(vec![cash(total)]),
        RefundTo::Card => return one(PaymentMethod::Card),
        // A sale without a customer: the credit note is a card with a new code (printed
        // on the refund's receipt), spent like a gift card.
        RefundTo::Credit if o.customer_id.is_none() => {
            return Ok(vec![PaymentDraft::gift(&new_gift_code(), Some(total))])
        }
        RefundTo::Credit => return one(PaymentMethod::StoreCredit),
        RefundTo::Original => {}
    }
    let back = sales::refunded_by_method(store.conn(), o.id)?;
    let owed = match o.customer_id {
        Some(c) => ledger::balance(store.conn(), c, Kind::Account)?,
        None => 0,
    };
    let mut rest = -total;
    let mut out = Vec::new();
    let order = [
        PaymentMethod::Points,
        PaymentMethod::GiftCard,
        PaymentMethod::Wallet,
        PaymentMethod::StoreCredit,
        PaymentMethod::OnAccount,
        PaymentMethod::Card,
        PaymentMethod::Cash,
    ];
    // One destination per method, and per card for gift cards.
    let mut ways: Vec<(PaymentMethod, Option<String>)> = Vec::new();
    for m in order {
        for p in o.payments.iter().filter(|p| p.method == m) {
            let way = (m, p.reference.clone());
            if !ways.contains(&way) {
                ways.push(way);
            }
        }
    }
    for (m, reference) in ways {
        let paid: Money = o
            .payments
            .iter()
            .filter(|p| p.method == m && p.reference == reference)
            .map(|p| p.amount)
            .sum();
        let given = back
            .iter()
            .filter(|(x, r, _)| *x == m && *r == reference)
            .map(|(_, _, a)| -*a)
            .sum::<Money>();
        let mut room = (paid - given).max(Money::ZERO).min(rest);
        if m == PaymentMethod::OnAccount {
            room = room.min(Money::from_cents(owed));
        }
        if m == PaymentMethod::Points && room > Money::ZERO {
            let value = actor.loyalty.point_value;
            if value > Money::ZERO {
                let whole = (room.as_decimal() / value.as_decimal()).floor();
                room = Money::from_decimal(whole * value.as_decimal());
            }
        }
        if room <= Money::ZERO {
            continue;
        }
        rest = rest - room;
        out.push(match (m, reference) {
            (PaymentMethod::Cash, _) => cash(-room),
            (_, Some(code)) => PaymentDraft::gift(&code, Some(-room)),
            _ => PaymentDraft::of(m, -room),
        });
    }
    if rest > Money::ZERO {
        out.push(cash(-rest));
    }
    Ok(out)
}

/// Refunds lines of a stored sale (manager): see [`refund_draft`] and [`store_sale`].
pub fn refund(store: &mut Store, actor: &Actor, req: &RefundRequest) -> Result<Sale, ServiceError> {
    refund_printed(store, actor, req, None)
}

/// [`refund`], its receipt (and the drawer's kick, cash going back) queued with it.
pub fn refund_printed(
    store: &mut Store,
    actor: &Actor,
    req: &RefundRequest,
    print: Option<&PrintOrder>,
) -> Result<Sale, ServiceError> {
    actor.require_manager("a refund or an exchange")?;
    let d = refund_draft(store, actor, req)?;
    store_sale_printed(store, actor, &d, print)
}

/// Money paid into a customer's wallet (`TopUp`) or towards what they owe
/// (`Settlement`), by cash or card: a ticket of one line, no tax, no points. A
/// settlement above what is owed is refused.
pub fn pay_in(
    store: &mut Store,
    actor: &Actor,
    customer: CustomerId,
    kind: LineKind,
    amount: Money,
    pay: PaymentDraft,
) -> Result<Sale, ServiceError> {
    let d = pay_in_draft(customer, kind, amount, pay)?;
    store_sale(store, actor, &d)
}

/// The ticket of a top-up or settlement (see [`pay_in`]), to store with
/// [`store_sale_printed`].
pub fn pay_in_draft(
    customer: CustomerId,
    kind: LineKind,
    amount: Money,
    pay: PaymentDraft,
) -> Result<SaleDraft, ServiceError> {
    money_in(amount, &pay)?;
    let name = match kind {
        LineKind::TopUp => "Wallet top-up",
        LineKind::Settlement => "Account payment",
        LineKind::Goods | LineKind::GiftCard => return Err(Refusal::NotPositive.into()),
    };
    let line = SaleLine::money_in(kind, name, amount);
    Ok(SaleDraft::paid(vec![line], Some(customer), pay))
}

/// Moves what a duplicate holds to its survivor (inside the merge's transaction): one
/// entry out and one in per balance that is not zero.
pub(super) fn merge_ledgers(
    tx: &Transaction,
    actor: &Actor,
    survivor: CustomerId,
    duplicate: CustomerId,
) -> Result<(), ServiceError> {
    ledger::hand_over(
        tx,
        duplicate,
        survivor,
        &actor.register,
        &actor.name,
        Utc::now(),
    )?;
    Ok(())
}

/// The points of a sale that move with it to `to` (inside the move's transaction): what
/// the previous customer holds of them leaves, and the new one gets them; a sale that
/// had no customer earns its points now.
pub(super) fn move_points(
    tx: &Transaction,
    actor: &Actor,
    sale: SaleId,
    from: Option<CustomerId>,
    to: Option<CustomerId>,
) -> Result<i64, ServiceError> {
    let held = match from {
        Some(c) => tx
            .query_row(
                "SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE sale_id = ?1
                 AND customer_id = ?2 AND kind = 'points' AND reason IN ('sale', 'move')",
                rusqlite::params![sale, c],
                |r| r.get::<_, i64>(0),
            )
            .map_err(StoreError::from)?,
        None => {
            let Some(s) = sales::get(tx, sale)? else {
                return Err(Refusal::NoSale(sale.to_string()).into());
            };
            let paid: Money = s
                .payments
                .iter()
                .filter(|p| p.method.is_money())
                .map(|p| p.amount)
                .sum();
            let goods: Money = s
                .lines
                .iter()
                .filter(|l| l.kind == LineKind::Goods)
                .map(|l| l.price(s.group_discount, s.tax).total)
                .sum();
            actor.loyalty.earned(paid.min(goods))
        }
    };
    if held <= 0 {
        return Ok(0);
    }
    let now = Utc::now();
    for (customer, amount) in [(from, -held), (to, held)] {
        let Some(customer) = customer else { continue };
        let m = actor.ledger_move(customer, Kind::Points, amount, Reason::Move, Some(sale));
        match ledger::append(tx, m, now) {
            Ok(_) => {}
            Err(StoreError::Overdrawn { available, .. }) => {
                return Err(Refusal::PointsSpent {
                    earned: held,
                    left: available,
                }
                .into())
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(held)
}

/// Expires loyalty points older than the program's `expiry_months` (nothing when 0):
/// spending is taken from the oldest points first, so what expires is what was earned
/// before the cut-off less everything spent, moved or expired since, never more than the
/// customer holds. One expiry entry per customer, in one transaction. Returns
/// (customers, points).
pub fn expire_points(
    store: &mut Store,
    actor: &Actor,
    now: chrono::DateTime<Utc>,
) -> Result<(usize, i64), ServiceError> {
    let months = actor.loyalty.expiry_months;
    if months == 0 {
        return Ok((0, 0));
    }
    let cutoff = now
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(now);
    store.write(|tx| {
        let due: Vec<(CustomerId, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT l.customer_id,
                        MIN(SUM(CASE WHEN l.amount > 0 AND l.created_at < ?1 THEN l.amount ELSE 0 END)
                            - SUM(CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END),
                            (SELECT b.amount FROM balance b
                              WHERE b.customer_id = l.customer_id AND b.kind = 'points'))
                 FROM ledger l WHERE l.kind = 'points' GROUP BY l.customer_id",
            ).map_err(StoreError::from)?;
            let rows = stmt
                .query_map([crate::store::time_text(cutoff)], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(StoreError::from)?;
            rows.collect::<rusqlite::Result<Vec<(CustomerId, Option<i64>)>>>()
                .map_err(StoreError::from)?
                .into_iter()
                .filter_map(|(c, n)| n.filter(|n| *n > 0).map(|n| (c, n)))
                .collect()
        };
        let total = due.iter().map(|(_, n)| n).sum();
        for (customer, points) in &due {
            let m = actor.ledger_move(*customer, Kind::Points, -points, Reason::Expiry, None);
            ledger::append(tx, m, now)?;
        }
        audit::record(
            tx,
            &actor.name,
            "loyalty.expire",
            "ledger",
            None,
            serde_json::json!({ "customers": due.len(), "points": total, "before": crate::store::time_text(cutoff) }),
        )?;
        Ok((due.len(), total))
    })
}

/// Refuses to erase a customer who still holds or owes money (wallet, store credit,
/// account); loyalty points are forfeited, by an expiry entry in the same transaction.
pub(super) fn check_settled(
    tx: &Transaction,
    actor: &Actor,
    id: CustomerId,
) -> Result<(), ServiceError> {
    let b = ledger::balances(tx, id)?;
    let left: Vec<String> = b
        .non_zero()
        .into_iter()
        .filter(|k| k.is_money())
        .map(|k| format!("{} {}", k.as_str(), units_text(k, b.units(k))))
        .collect();
    if !left.is_empty() {
        return Err(Refusal::BalancesLeft(left.join(", ")).into());
    }
    if b.points > 0 {
        let m = actor.ledger_move(id, Kind::Points, -b.points, Reason::Expiry, None);
        ledger::append(tx, m, Utc::now())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
