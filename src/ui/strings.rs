//! Every word the register shows or prints, in English and French, chosen by the
//! config's locale; money and dates formatted the local way.
//!
//! Invariants: screens and receipts never hold literal user-visible text, only fields of
//! [`Tr`] and the formatting functions here; both languages fill every field (the
//! compiler checks it: `Tr` has no defaults). To add a language, add a `Tr` constant.

mod en;
mod fr;
mod help;
mod park;
mod pay;
mod setup;

use chrono::{DateTime, Utc};

use crate::app::form::FieldKey;
use crate::app::state::{IndexState, Lang, Msg, Tab};
use crate::domain::money::Money;

/// The texts of one language.
pub struct Tr {
    pub lang: Lang,
    pub sale: &'static str,
    pub picker: &'static str,
    pub card: &'static str,
    pub list: &'static str,
    pub new_customer: &'static str,
    pub manager: &'static str,
    pub code: &'static str,
    pub item: &'static str,
    pub qty: &'static str,
    pub price: &'static str,
    pub disc: &'static str,
    pub total: &'static str,
    pub empty_ticket: &'static str,
    pub subtotal: &'static str,
    pub discount: &'static str,
    pub to_pay: &'static str,
    pub vat: &'static str,
    pub net: &'static str,
    pub customer: &'static str,
    pub no_customer: &'static str,
    pub group: &'static str,
    pub notes: &'static str,
    pub internal_note: &'static str,
    pub paid: &'static str,
    pub change_due: &'static str,
    pub cash: &'static str,
    pub card_payment: &'static str,
    pub search: &'static str,
    pub simple: &'static str,
    pub advanced: &'static str,
    pub fields: &'static str,
    pub search_hint: &'static str,
    pub no_results: &'static str,
    pub fallback: &'static str,
    /// A search asked for and not answered yet (the plain search runs in the background).
    pub searching: &'static str,
    pub name: &'static str,
    pub address: &'static str,
    pub city: &'static str,
    pub phone: &'static str,
    pub results: &'static str,
    pub tabs: [&'static str; 8],
    pub date: &'static str,
    pub number: &'static str,
    pub lines: &'static str,
    pub no_sales: &'static str,
    pub payments: &'static str,
    pub tendered: &'static str,
    pub total_all: &'static str,
    pub total_12m: &'static str,
    pub visits: &'static str,
    pub average_basket: &'static str,
    pub preferred_day: &'static str,
    pub top_items: &'static str,
    pub first_visit: &'static str,
    pub last_visit: &'static str,
    pub since: &'static str,
    pub never: &'static str,
    pub weekdays: [&'static str; 7],
    pub no_notes: &'static str,
    pub email: &'static str,
    pub sms: &'static str,
    pub whatsapp: &'static str,
    pub marketing_ok: &'static str,
    pub marketing_no: &'static str,
    pub no_phone: &'static str,
    pub qr_too_small: &'static str,
    pub duplicates: &'static str,
    pub no_duplicates: &'static str,
    pub merge_hint: &'static str,
    pub keep: &'static str,
    pub duplicate: &'static str,
    pub merge_warning: &'static str,
    pub delete_text: &'static str,
    pub anonymised: &'static str,
    pub filter: &'static str,
    pub sort_by: &'static str,
    pub sorts: [&'static str; 3],
    pub descending: &'static str,
    pub loading: &'static str,
    pub pin_title: &'static str,
    pub pin_wrong: &'static str,
    pub checking: &'static str,
    pub yes_no: &'static str,
    pub quantity: &'static str,
    pub amount_given: &'static str,
    pub enter_exact: &'static str,
    pub products: &'static str,
    pub add_note: &'static str,
    pub choose_city: &'static str,
    pub choose_fields: &'static str,
    pub unknown_code: &'static str,
    pub unknown_choices: [&'static str; 3],
    pub new_product: &'static str,
    pub scanner: &'static str,
    pub no_scanner: &'static str,
    pub disconnected: &'static str,
    pub index_opening: &'static str,
    pub index_rebuilding: &'static str,
    pub index_updating: &'static str,
    pub index_failed: &'static str,
    pub ticket: &'static str,
    pub errors: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub person: &'static str,
    pub entity: &'static str,
    pub import: ImportWords,
    pub ledger: LedgerWords,
}

/// The words of balances, ledger movements, payment methods and refunds.
pub struct LedgerWords {
    pub points: &'static str,
    /// "worth 12.34": what the points pay.
    pub worth: &'static str,
    pub wallet: &'static str,
    pub store_credit: &'static str,
    pub owed: &'static str,
    /// "limit 200.00": the credit limit.
    pub limit: &'static str,
    /// No credit limit: no sales on account.
    pub no_account: &'static str,
    pub program_off: &'static str,
    pub no_movements: &'static str,
    /// Column headers of the movements: balance, why, amount.
    pub kind: &'static str,
    pub reason: &'static str,
    pub amount: &'static str,
    /// Points, wallet, credit, account ([`crate::domain::ledger::Kind::ALL`] order).
    pub kinds: [&'static str; 4],
    /// In [`crate::domain::ledger::Reason::ALL`] order.
    pub reasons: [&'static str; 9],
    /// In [`crate::domain::sale::PaymentMethod::ALL`] order.
    /// "refund of R1-000012" in the history.
    pub refund_of: &'static str,
    /// The refund window: its title, columns, destination, total and hints.
    pub refund: &'static str,
    pub sold: &'static str,
    pub refunded: &'static str,
    pub left: &'static str,
    pub back: &'static str,
    pub refund_to: &'static str,
    /// Back as paid, store credit, cash, card.
    pub destinations: [&'static str; 4],
    pub total_back: &'static str,
    pub quantity_keys: &'static str,
    pub nothing_chosen: &'static str,
    pub not_a_number: &'static str,
    /// Store credit chosen for a sale with no customer.
    /// The past sale's window: its customer, or none.
    pub sale_customer: &'static str,
    pub sale_no_customer: &'static str,
}

/// The words of the Import screen.
pub struct ImportWords {
    pub screen: &'static str,
    pub choose: &'static str,
    pub folder: &'static str,
    pub hint: &'static str,
    pub preset: &'static str,
    pub preset_hint: &'static str,
    pub no_files: &'static str,
    pub dir_mark: &'static str,
    pub checking: &'static str,
    pub importing: &'static str,
    pub review: &'static str,
    pub done: &'static str,
    pub failed: &'static str,
    pub rows: &'static str,
    /// Dry run: "to create", "to update"; done: "created", "updated".
    pub to_create: &'static str,
    pub to_update: &'static str,
    pub created: &'static str,
    pub updated: &'static str,
    pub unchanged: &'static str,
    pub refused: &'static str,
    pub warnings: &'static str,
    pub file: &'static str,
    pub encoding: &'static str,
    pub delimiter: &'static str,
    pub rejected: &'static str,
    pub note: &'static str,
    pub sections: [&'static str; 4],
    pub line: &'static str,
    pub ignored: &'static str,
    pub same: &'static str,
    pub would_update: &'static str,
    pub updates: &'static str,
    /// Matched on: reference, e-mail, phone, name.
    pub keys: [&'static str; 4],
    pub truncated: &'static str,
    pub review_hint: &'static str,
    pub done_hint: &'static str,
}

/// The texts of `lang`.
pub fn tr(lang: Lang) -> &'static Tr {
    match lang {
        Lang::En => &en::EN,
        Lang::Fr => &fr::FR,
    }
}

impl Tr {
    /// A tab's title.
    pub fn tab(&self, t: Tab) -> &'static str {
        self.tabs.get(t.index()).copied().unwrap_or("")
    }

    /// An amount the local way ("12.50" / "12,50").
    pub fn money(&self, m: Money) -> String {
        self.lang.money(m)
    }

    /// A time the local way, shifted by `offset` seconds from UTC.
    /// The header's manager badge: "MANAGER until 10:42" (local time).
    pub fn manager_until(&self, until: DateTime<Utc>, offset: i32) -> String {
        let local = until + chrono::Duration::seconds(i64::from(offset));
        let hm = local.format("%H:%M");
        match self.lang {
            Lang::En => format!("{} until {hm}", self.manager),
            Lang::Fr => format!("{} jusqu'à {hm}", self.manager),
        }
    }

    /// The PIN popup's note: what a right PIN does.
    pub fn pin_note(&self, minutes: i64) -> String {
        match self.lang {
            Lang::En => format!("Unlocks manager mode ({minutes} min idle)"),
            Lang::Fr => format!("Active le mode gérant ({minutes} min d'inactivité)"),
        }
    }

    /// The PIN popup while the wait after wrong PINs runs.
    pub fn pin_wait(&self, secs: i64) -> String {
        match self.lang {
            Lang::En => format!("Too many wrong PINs: wait {secs} s"),
            Lang::Fr => format!("Trop de codes erronés : attendez {secs} s"),
        }
    }

    pub fn datetime(&self, t: DateTime<Utc>, offset: i32) -> String {
        self.lang.datetime(t, offset)
    }

    pub fn date(&self, t: DateTime<Utc>, offset: i32) -> String {
        self.lang.date(t, offset)
    }

    pub fn yes_no(&self, b: bool) -> &'static str {
        if b {
            self.yes
        } else {
            self.no
        }
    }

    /// A status-bar message.
    /// The status messages of money moved: a top-up or settlement, a refund.
    fn money_msg(&self, m: &Msg) -> String {
        let pick = |en: String, fr: String| if self.lang == Lang::Fr { fr } else { en };
        match m {
            Msg::PaidIn {
                kind,
                amount,
                number,
            } => self.paid_in(*kind, *amount, number),
            Msg::GiftCardSold {
                code,
                amount,
                number,
            } => self.gift_card_sold(code, *amount, number),
            Msg::Refunded { number, amount, to } => {
                let to: Vec<String> = to.iter().map(|m| self.method(*m).to_lowercase()).collect();
                let (amount, to) = (self.money(*amount), to.join(" + "));
                pick(
                    format!("Refund {number} stored: {amount} given back ({to})."),
                    format!("Remboursement {number} enregistré : {amount} rendus ({to})."),
                )
            }
            Msg::GiftCardHolds { code, balance } => {
                let (c, b) = (crate::sanitize::clean(code), self.money(*balance));
                pick(
                    format!("Gift card {c} holds {b}."),
                    format!("La carte cadeau {c} contient {b}."),
                )
            }
            Msg::Exchange(n) => pick(
                format!("Exchange of {n}: add what the customer takes instead, then pay (F8)."),
                format!("Échange de {n} : ajoutez ce que le client prend à la place, puis encaissez (F8)."),
            ),
            Msg::RefundOfRefund(orig) => pick(
                format!("This ticket is a refund of {orig}: refund that sale instead."),
                format!("Ce ticket rembourse {orig} : remboursez plutôt cette vente."),
            ),
            Msg::NothingToRefund(n) => pick(
                format!("Everything on {n} was already given back."),
                format!("Tout le ticket {n} a déjà été remboursé."),
            ),
            Msg::SaleMoved { number, to, points } => {
                let points = match points {
                    0 => String::new(),
                    p => format!(" ({p:+} points)"),
                };
                pick(
                    format!("Sale {number} given to {to}{points}."),
                    format!("Vente {number} attribuée à {to}{points}."),
                )
            }
            Msg::NoSale(n) => pick(
                format!("No sale with ticket number {n}."),
                format!("Aucune vente avec le numéro de ticket {n}."),
            ),
            other => self.msg(other),
        }
    }

    pub fn msg(&self, m: &Msg) -> String {
        let fr = self.lang == Lang::Fr;
        let pick = |en: &str, fr_: &str| if fr { fr_.to_string() } else { en.to_string() };
        match m {
            Msg::Saved => pick("Saved.", "Enregistré."),
            Msg::SaleStored { number } => pick(
                &format!("Sale {number} stored."),
                &format!("Vente {number} enregistrée."),
            ),
            Msg::PaidIn { .. }
            | Msg::GiftCardHolds { .. }
            | Msg::Exchange(_)
            | Msg::GiftCardSold { .. }
            | Msg::Refunded { .. }
            | Msg::RefundOfRefund(_)
            | Msg::NothingToRefund(_)
            | Msg::SaleMoved { .. }
            | Msg::NoSale(_) => self.money_msg(m),
            Msg::Parked { .. }
            | Msg::Recalled { .. }
            | Msg::ParkFirst
            | Msg::NothingParked
            | Msg::ParkedDamaged
            | Msg::ParkLabel(_) => self.park_msg(m),
            Msg::ProductUnknown(c) => pick(
                &format!("No product with code {c}."),
                &format!("Aucun article avec le code {c}."),
            ),
            Msg::ProductAdded(n) => pick(&format!("Added: {n}"), &format!("Ajouté : {n}")),
            Msg::Attached(n) => pick(
                &format!("Customer {n} attached."),
                &format!("Client {n} associé."),
            ),
            Msg::Detached => pick("Customer detached.", "Client dissocié."),
            Msg::CustomerCreated(n) => pick(
                &format!("Customer {n} created."),
                &format!("Client {n} créé."),
            ),
            Msg::Deleted => pick("Customer deleted.", "Client supprimé."),
            Msg::Anonymised => pick(
                "Customer anonymised: personal data erased, sales kept.",
                "Client anonymisé : données personnelles effacées, ventes conservées.",
            ),
            Msg::Merged => pick("Customers merged.", "Clients fusionnés."),
            Msg::NoteAdded => pick("Note added.", "Note ajoutée."),
            Msg::ReceiptPrinted => pick("Receipt printed.", "Ticket imprimé."),
            Msg::DrawerOpening => pick("Opening the cash drawer.", "Ouverture du tiroir-caisse."),
            Msg::ReceiptFailed(e) => pick(
                &format!("Receipt not printed: {e}"),
                &format!("Ticket non imprimé : {e}"),
            ),
            Msg::NotEnough => pick(
                "Not enough: the amount given is below the total.",
                "Montant insuffisant : inférieur au total.",
            ),
            Msg::TicketEmpty => pick("The ticket is empty.", "Le ticket est vide."),
            Msg::NoCustomer => pick("No customer on the ticket.", "Aucun client sur le ticket."),
            Msg::InvalidQuantity => pick(
                "A quantity is a number above 0 (e.g. 2 or 0.5).",
                "Une quantité est un nombre positif (ex. 2 ou 0,5).",
            ),
            Msg::InvalidAmount => pick(
                "Type an amount such as 20 or 20.50.",
                "Tapez un montant comme 20 ou 20,50.",
            ),
            Msg::FixErrors(n) => pick(
                &format!("{n} field(s) to correct; nothing was lost."),
                &format!("{n} champ(s) à corriger ; rien n'est perdu."),
            ),
            Msg::ManagerUnlocked => pick("Manager mode on.", "Mode gérant activé."),
            Msg::ManagerLocked => pick("Manager mode off.", "Mode gérant désactivé."),
            Msg::WrongPin => pick("Wrong PIN.", "Code PIN incorrect."),
            Msg::ManagerExpired => pick(
                "Manager mode off (no key for a while).",
                "Mode gérant désactivé (inactivité).",
            ),
            Msg::ManagerOnly => pick(
                "Only the manager can change this: unlock manager mode first.",
                "Seul le gérant peut modifier ceci : activez d'abord le mode gérant.",
            ),
            Msg::PinWait => pick(
                "Too many wrong PINs: wait before trying again.",
                "Trop de codes erronés : patientez avant de réessayer.",
            ),
            Msg::NoPin => pick(
                "No manager PIN is configured ([manager] pin_hash).",
                "Aucun code gérant configuré ([manager] pin_hash).",
            ),
            Msg::ScanInvalid(r) => pick(
                &format!("Unreadable scan: {r}"),
                &format!("Lecture illisible : {r}"),
            ),
            Msg::ReferenceAdded => pick("Card added to the customer.", "Carte ajoutée au client."),
            Msg::ScanIgnored => pick(
                "Scan ignored: close the window first.",
                "Lecture ignorée : fermez d'abord la fenêtre.",
            ),
            Msg::ProductCreated(n) => pick(
                &format!("Product {n} created."),
                &format!("Article {n} créé."),
            ),
            Msg::Imported { created, updated } => pick(
                &format!("Import done: {created} created, {updated} updated."),
                &format!("Import terminé : {created} créé(s), {updated} modifié(s)."),
            ),
            Msg::NothingToImport => pick(
                "Nothing to import: no row creates or changes a customer.",
                "Rien à importer : aucune ligne ne crée ni ne modifie de client.",
            ),
            Msg::ImportRunning => pick(
                "The import is running; it ends as a whole (all rows or none).",
                "Import en cours ; il aboutit en entier (toutes les lignes ou aucune).",
            ),
            Msg::Error(e) => e.clone(),
        }
    }

    /// The printer part of the status bar: "printer: offline (2 waiting)" (empty while the
    /// printer is fine and nothing waits).
    pub fn printer_state(&self, p: &crate::app::state::PrinterStatus) -> String {
        use crate::app::state::PrinterState as P;
        if !p.worth_showing() {
            return String::new();
        }
        let fr = self.lang == Lang::Fr;
        let state = match (p.state, fr) {
            (P::Ready, _) => None,
            (P::Offline, false) => Some("offline"),
            (P::Offline, true) => Some("hors ligne"),
            (P::PaperOut, false) => Some("paper out"),
            (P::PaperOut, true) => Some("sans papier"),
            (P::CoverOpen, false) => Some("cover open"),
            (P::CoverOpen, true) => Some("capot ouvert"),
        };
        let mut counts = Vec::new();
        if p.waiting > 0 {
            counts.push(if fr {
                format!("{} en attente", p.waiting)
            } else {
                format!("{} waiting", p.waiting)
            });
        }
        // Jobs given up are listed by `comptoir print queue`; the printer's trouble, when
        // there is one, is the news (the room is short at 80 columns).
        if p.failed > 0 && state.is_none() {
            counts.push(if fr {
                format!("{} en échec", p.failed)
            } else {
                format!("{} failed", p.failed)
            });
        }
        let name = if fr { "imprimante :" } else { "printer:" };
        match state {
            Some(st) if counts.is_empty() => format!("{name} {st}"),
            Some(st) => format!("{name} {st} ({})", counts.join(", ")),
            None => format!("{name} {}", counts.join(", ")),
        }
    }

    /// The index part of the status bar (empty when ready).
    pub fn index_state(&self, s: &IndexState) -> String {
        match s {
            IndexState::Ready => String::new(),
            IndexState::Opening => self.index_opening.into(),
            IndexState::Rebuilding => self.index_rebuilding.into(),
            IndexState::Updating => self.index_updating.into(),
            IndexState::Failed(e) => format!("{}: {e}", self.index_failed),
        }
    }

    /// A confirmation's question.
    pub fn confirm(&self, k: &crate::app::state::ConfirmKind) -> String {
        use crate::app::state::ConfirmKind as K;
        let fr = self.lang == Lang::Fr;
        match k {
            K::Delete { name } if fr => format!(
                "Supprimer {name} ? S'il a des ventes, ses données personnelles sont effacées et ses ventes conservées."
            ),
            K::Delete { name } => format!(
                "Delete {name}? With sales, personal data is erased and the sales are kept."
            ),
            K::Merge { keep, remove } if fr => format!(
                "Fusionner {remove} dans {keep} ? IRRÉVERSIBLE : ventes, notes et cartes passent à {keep}, {remove} disparaît."
            ),
            K::Merge { keep, remove } => format!(
                "Merge {remove} into {keep}? THIS CANNOT BE UNDONE: sales, notes and cards move to {keep}; {remove} disappears."
            ),
            K::PayCard { total } if fr => format!("Paiement par carte de {} ?", self.money(*total)),
            K::PayCard { total } => format!("Card payment of {}?", self.money(*total)),
            K::MoveSale { number, to } if fr => format!("Attribuer la vente {number} à {to} ?"),
            K::MoveSale { number, to } => format!("Give sale {number} to {to}?"),
            K::Import {
                file,
                create,
                update,
                refused,
                rejected,
            } => {
                let refused = match (*refused, fr) {
                    (0, _) => String::new(),
                    (n, true) => format!(" ; {n} ligne(s) refusée(s) vont dans {rejected}"),
                    (n, false) => format!("; {n} refused row(s) go to {rejected}"),
                };
                if fr {
                    format!("Importer {file} maintenant ? {create} client(s) créé(s), {update} modifié(s){refused}.")
                } else {
                    format!("Import {file} now? It creates {create} customer(s) and updates {update}{refused}.")
                }
            }
        }
    }

    /// A form field's label.
    pub fn field(&self, k: FieldKey) -> &'static str {
        let fr = self.lang == Lang::Fr;
        let (en, f) = match k {
            FieldKey::Kind => ("Kind", "Type"),
            FieldKey::Title => ("Title", "Civilité"),
            FieldKey::FirstName => ("First name", "Prénom"),
            FieldKey::LastName => ("Last name", "Nom"),
            FieldKey::Company => ("Company", "Société"),
            FieldKey::Phone => ("Phone", "Téléphone"),
            FieldKey::Email => ("E-mail", "E-mail"),
            FieldKey::Phone2 => ("Phone 2", "Téléphone 2"),
            FieldKey::Line1 => ("Street", "Adresse"),
            FieldKey::Line2 => ("Address 2", "Complément"),
            FieldKey::PostalCode => ("Postal code", "Code postal"),
            FieldKey::City => ("City", "Ville"),
            FieldKey::Country => ("Country", "Pays"),
            FieldKey::Vat => ("VAT number", "N° TVA"),
            FieldKey::CompanyNumber => ("Company no.", "SIREN/SIRET"),
            FieldKey::IdDocument => ("ID document", "Pièce d'identité"),
            FieldKey::Group => ("Group", "Groupe"),
            FieldKey::Tax => ("Tax", "Taxe"),
            FieldKey::CreditLimit => ("Credit limit", "Plafond compte"),
            FieldKey::Iban => ("IBAN", "IBAN"),
            FieldKey::Bic => ("BIC", "BIC"),
            FieldKey::MandateRef => ("Mandate ref.", "Réf. mandat"),
            FieldKey::SignedOn => ("Signed on", "Signé le"),
            FieldKey::MarketingEmail => ("Mkt e-mail", "Pub e-mail"),
            FieldKey::MarketingSms => ("Mkt SMS", "Pub SMS"),
            FieldKey::ReceiptEmail => ("Receipt e-mail", "Ticket e-mail"),
            FieldKey::ReceiptSms => ("Receipt SMS", "Ticket SMS"),
            FieldKey::References => ("Cards", "Cartes"),
            FieldKey::PersonalNote => ("Internal note", "Note interne"),
            FieldKey::PublicNote => ("Public note", "Note publique"),
            FieldKey::ProductName => ("Name", "Libellé"),
            FieldKey::ProductPrice => ("Price", "Prix"),
            FieldKey::ProductTax => ("VAT %", "TVA %"),
            FieldKey::ProductCost => ("Cost (optional)", "Coût (facultatif)"),
        };
        if fr {
            f
        } else {
            en
        }
    }

    /// A toggle field's value in words ("person"/"entity", "yes"/"no").
    pub fn toggle_value(&self, raw: &str) -> &'static str {
        match raw {
            "person" => self.person,
            "entity" => self.entity,
            "yes" => self.yes,
            _ => self.no,
        }
    }

    /// The title of the popup that changes a ticket line's unit price.
    pub fn unit_price_title(&self) -> &'static str {
        match self.lang {
            Lang::En => "Unit price",
            Lang::Fr => "Prix unitaire",
        }
    }

    /// Shown in the price popup when the amount typed is refused.
    pub fn quantity_bad(&self) -> &'static str {
        match self.lang {
            Lang::En => "Not a quantity: type e.g. 2 or 0.5",
            Lang::Fr => "Quantité invalide : tapez ex. 2 ou 0,5",
        }
    }

    pub fn unit_price_bad(&self) -> &'static str {
        match self.lang {
            Lang::En => "Not a price: type e.g. 4.50",
            Lang::Fr => "Prix invalide : tapez ex. 4,50",
        }
    }

    /// A balance's name ("store credit").
    pub fn kind(&self, k: crate::domain::ledger::Kind) -> &'static str {
        let i = crate::domain::ledger::Kind::ALL
            .iter()
            .position(|x| *x == k)
            .unwrap_or(0);
        self.ledger.kinds.get(i).copied().unwrap_or("")
    }

    /// Why a balance moved, in a word or two.
    pub fn reason(&self, r: crate::domain::ledger::Reason) -> &'static str {
        let i = crate::domain::ledger::Reason::ALL
            .iter()
            .position(|x| *x == r)
            .unwrap_or(0);
        self.ledger.reasons.get(i).copied().unwrap_or("")
    }

    /// Where a refund's money goes.
    pub fn destination(&self, to: crate::app::view::RefundTo) -> &'static str {
        use crate::app::view::RefundTo as T;
        let i = match to {
            T::Original => 0,
            T::Credit => 1,
            T::Cash => 2,
            T::Card => 3,
        };
        self.ledger.destinations.get(i).copied().unwrap_or("")
    }

    /// What the refund window says when it refused a key.
    pub fn refund_note(&self, n: &crate::app::state::RefundNote) -> String {
        use crate::app::state::RefundNote as N;
        match n {
            N::TooMuch { left } => {
                let left = self.lang.quantity(*left);
                match self.lang {
                    Lang::En => format!("At most {left} left to give back on this line."),
                    Lang::Fr => format!("Au plus {left} à rendre sur cette ligne."),
                }
            }
            N::NotANumber => self.ledger.not_a_number.into(),
            N::NothingChosen => self.ledger.nothing_chosen.into(),
            N::TicketNotEmpty => match self.lang {
                Lang::En => "The ticket holds lines: pay or clear it before an exchange.".into(),
                Lang::Fr => {
                    "Le ticket a des lignes : encaissez-le ou videz-le avant un échange.".into()
                }
            },
        }
    }

    /// "exchange of R1-000012" (the ticket's title during an exchange).
    pub fn exchange_of(&self, number: &str) -> String {
        let number = crate::sanitize::clean(number);
        match self.lang {
            Lang::En => format!("exchange of {number}"),
            Lang::Fr => format!("échange de {number}"),
        }
    }

    /// After the exchange key in the refund window.
    pub fn exchange_instead(&self) -> &'static str {
        match self.lang {
            Lang::En => "Exchange instead",
            Lang::Fr => "Échanger plutôt",
        }
    }

    /// The footer label of a command (what the key does here).
    pub fn command(&self, c: crate::keys::Command) -> &'static str {
        use crate::keys::Command as C;
        let fr = self.lang == Lang::Fr;
        let (en, f) = match c {
            C::Quit => ("Quit", "Quitter"),
            C::Help => ("Help", "Aide"),
            // The help overlay's footer: what its keys do there.
            C::Down => ("Scroll", "Défiler"),
            C::PageDown => ("Page", "Page"),
            C::Back => ("Back", "Retour"),
            C::Confirm => ("OK", "OK"),
            C::Customer => ("Customer", "Client"),
            C::OpenCard => ("Info", "Fiche"),
            C::Detach => ("Detach", "Détacher"),
            C::Products => ("Items", "Articles"),
            C::Quantity => ("Qty", "Qté"),
            C::RemoveLine => ("Remove", "Retirer"),
            C::PayCash => ("Pay", "Encaisser"),
            C::PayCard => ("Card", "Carte"),
            C::CustomersList => ("List", "Liste"),
            C::Manager => ("Manager", "Gérant"),
            C::EditPrice => ("Price", "Prix"),
            C::TopUp => ("Top up", "Recharger"),
            C::Park => ("Park", "Attente"),
            C::Recall => ("Recall", "Reprendre"),
            C::OpenDrawer => ("Drawer", "Tiroir"),
            C::ToggleAdvanced => ("Advanced", "Avancé"),
            C::ChooseFields => ("Fields", "Champs"),
            C::NewCustomer => ("New", "Nouveau"),
            C::NextTab | C::PrevTab => ("Next tab", "Onglet"),
            C::Edit => ("Edit", "Modifier"),
            C::Reprint => ("Reprint", "Réimprimer"),
            C::MoveSale => ("Move", "Déplacer"),
            C::Refund => ("Refund", "Rembourser"),
            C::Exchange => ("Exchange", "Échanger"),
            C::Apply => ("Do it", "Exécuter"),
            C::Sort => ("Sort", "Tri"),
            C::Reverse => ("Order", "Ordre"),
            C::Import => ("Import", "Importer"),
            C::Preset => ("Preset", "Modèle"),
            C::Save => ("Save", "Enregistrer"),
            C::Toggle => ("Toggle", "Basculer"),
            C::NextField => ("Next", "Suivant"),
            C::PrevField => ("Prev", "Précédent"),
            _ => ("", ""),
        };
        if fr {
            f
        } else {
            en
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_format_money_and_dates() {
        let t = DateTime::parse_from_rfc3339("2026-03-14T10:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(tr(Lang::En).money(Money::from_cents(1250)), "12.50");
        assert_eq!(tr(Lang::Fr).money(Money::from_cents(1250)), "12,50");
        assert_eq!(tr(Lang::En).datetime(t, 3600), "2026-03-14 11:30");
        assert_eq!(tr(Lang::Fr).datetime(t, 0), "14/03/2026 10:30");
        assert_ne!(tr(Lang::Fr).msg(&Msg::Saved), tr(Lang::En).msg(&Msg::Saved));
    }
}
