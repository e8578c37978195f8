//! The status line's messages, the manager badge and PIN popup's sentences, the printer's
//! state and the confirmation questions, in the four languages side by side.
//!
//! Invariants: every message is one [`Lang::pick`] of four texts (the compiler counts
//! them), so none can be missing in a language; the values inside (names, numbers) come
//! from the caller, amounts through [`Tr::money`].

use chrono::{DateTime, Utc};

use super::Tr;
use crate::app::state::{ConfirmKind, MailStatus, Msg, PrinterStatus, SyncStatus};
use crate::app::view::{Channel, MailState};

impl Tr {
    /// The header's manager badge: "MANAGER until 10:42" (local time).
    pub fn manager_until(&self, until: DateTime<Utc>, offset: i32) -> String {
        let local = until + chrono::Duration::seconds(i64::from(offset));
        let hm = local.format("%H:%M");
        let m = self.manager;
        self.lang.pick(
            format!("{m} until {hm}"),
            format!("{m} jusqu'à {hm}"),
            format!("{m} tot {hm}"),
            format!("{m} bis {hm}"),
        )
    }

    /// The PIN popup's note: what a right PIN does.
    pub fn pin_note(&self, minutes: i64) -> String {
        self.lang.pick(
            format!("Unlocks manager mode ({minutes} min idle)"),
            format!("Active le mode gérant ({minutes} min d'inactivité)"),
            format!("Opent de beheerdersmodus ({minutes} min inactief)"),
            format!("Öffnet den Chefmodus ({minutes} Min. Leerlauf)"),
        )
    }

    /// The PIN popup while the wait after wrong PINs runs.
    pub fn pin_wait(&self, secs: i64) -> String {
        self.lang.pick(
            format!("Too many wrong PINs: wait {secs} s"),
            format!("Trop de codes erronés : attendez {secs} s"),
            format!("Te vaak een verkeerde pincode: wacht {secs} s"),
            format!("Zu viele falsche PINs: {secs} s warten"),
        )
    }

    /// A status-bar message.
    pub fn msg(&self, m: &Msg) -> String {
        match m {
            Msg::Saved
            | Msg::SaleStored { .. }
            | Msg::ProductUnknown(_)
            | Msg::ProductAdded(_)
            | Msg::Attached(_)
            | Msg::Detached
            | Msg::CustomerCreated(_)
            | Msg::Deleted
            | Msg::Anonymised
            | Msg::Merged
            | Msg::NoteAdded
            | Msg::LetterQueued(_)
            | Msg::CannotWrite { .. } => self.customer_msg(m),
            Msg::ReceiptPrinted
            | Msg::DrawerOpening
            | Msg::ReceiptFailed(_)
            | Msg::NotEnough
            | Msg::TicketEmpty
            | Msg::NoCustomer
            | Msg::InvalidQuantity
            | Msg::InvalidAmount
            | Msg::FixErrors(_)
            | Msg::ProductCreated(_) => self.sale_msg(m),
            Msg::ManagerUnlocked
            | Msg::ManagerLocked
            | Msg::WrongPin
            | Msg::ManagerExpired
            | Msg::ManagerOnly
            | Msg::PinWait
            | Msg::NoPin
            | Msg::ScanInvalid(_)
            | Msg::ReferenceAdded
            | Msg::ScanIgnored
            | Msg::Imported { .. }
            | Msg::NothingToImport
            | Msg::ImportRunning => self.manager_msg(m),
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
            Msg::ProductSaved { .. }
            | Msg::ProductArchived { .. }
            | Msg::GroupSaved { .. }
            | Msg::GroupDeleted { .. } => self.catalog_msg(m),
            Msg::GroupPriceSaved { .. } => self.prices_msg(m),
            Msg::DayClosed { .. } | Msg::DayAlreadyClosed(_) => self.reports_msg(m),
            Msg::NothingChanged | Msg::SettingsSaved { .. } => self.settings_msg(m),
            Msg::MessageRetried(_) | Msg::MessagesRetried(_) | Msg::MessageNotRetried => {
                self.outbox_msg(m)
            }
            Msg::Error(e) => e.clone(),
        }
    }

    /// The messages of customers and the ticket's items. Each group function is reached
    /// only with its own messages ([`Tr::msg`] sorts them, without wildcard); the last
    /// arm of each is never taken.
    fn customer_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        let pick = |en: &str, fr: &str, nl: &str, de: &str| l.pick(en, fr, nl, de).to_string();
        match m {
            Msg::Saved => pick("Saved.", "Enregistré.", "Opgeslagen.", "Gespeichert."),
            Msg::SaleStored { number } => l.pick(
                format!("Sale {number} stored."),
                format!("Vente {number} enregistrée."),
                format!("Verkoop {number} opgeslagen."),
                format!("Verkauf {number} gespeichert."),
            ),
            Msg::ProductUnknown(c) => l.pick(
                format!("No product with code {c}."),
                format!("Aucun article avec le code {c}."),
                format!("Geen artikel met code {c}."),
                format!("Kein Artikel mit Code {c}."),
            ),
            Msg::ProductAdded(n) => l.pick(
                format!("Added: {n}"),
                format!("Ajouté : {n}"),
                format!("Toegevoegd: {n}"),
                format!("Hinzugefügt: {n}"),
            ),
            Msg::Attached(n) => l.pick(
                format!("Customer {n} attached."),
                format!("Client {n} associé."),
                format!("Klant {n} gekoppeld."),
                format!("Kunde {n} zugeordnet."),
            ),
            Msg::Detached => pick(
                "Customer detached.",
                "Client dissocié.",
                "Klant losgekoppeld.",
                "Kunde entfernt.",
            ),
            Msg::CustomerCreated(n) => l.pick(
                format!("Customer {n} created."),
                format!("Client {n} créé."),
                format!("Klant {n} aangemaakt."),
                format!("Kunde {n} angelegt."),
            ),
            Msg::Deleted => pick(
                "Customer deleted.",
                "Client supprimé.",
                "Klant verwijderd.",
                "Kunde gelöscht.",
            ),
            Msg::Anonymised => pick(
                "Customer anonymised: personal data erased, sales kept.",
                "Client anonymisé : données personnelles effacées, ventes conservées.",
                "Klant geanonimiseerd: persoonsgegevens gewist, verkopen bewaard.",
                "Kunde anonymisiert: persönliche Daten gelöscht, Verkäufe behalten.",
            ),
            Msg::Merged => pick(
                "Customers merged.",
                "Clients fusionnés.",
                "Klanten samengevoegd.",
                "Kunden zusammengeführt.",
            ),
            Msg::NoteAdded => pick(
                "Note added.",
                "Note ajoutée.",
                "Notitie toegevoegd.",
                "Notiz hinzugefügt.",
            ),
            Msg::LetterQueued(Channel::Email) => pick(
                "E-mail queued: it goes as soon as the mail server answers.",
                "E-mail en file : il part dès que le serveur de courrier répond.",
                "E-mail in de wachtrij: het gaat zodra de mailserver antwoordt.",
                "E-Mail in der Warteschlange: sie geht, sobald der Mailserver antwortet.",
            ),
            Msg::LetterQueued(Channel::Sms) => pick(
                "SMS queued: it goes as soon as the SMS gateway answers.",
                "SMS en file : il part dès que la passerelle SMS répond.",
                "Sms in de wachtrij: het gaat zodra de sms-gateway antwoordt.",
                "SMS in der Warteschlange: sie geht, sobald das SMS-Gateway antwortet.",
            ),
            Msg::CannotWrite {
                email: false,
                sms: false,
            } => pick(
                "No e-mail or SMS from this register: neither [email] nor [sms] is set in the config.",
                "Ni e-mail ni SMS depuis cette caisse : ni [email] ni [sms] ne sont réglés dans la config.",
                "Geen e-mail of sms vanaf deze kassa: [email] noch [sms] staat in de config.",
                "Weder E-Mail noch SMS von dieser Kasse: [email] und [sms] fehlen in der Konfiguration.",
            ),
            Msg::CannotWrite {
                email: true,
                sms: false,
            } => pick(
                "This customer has no e-mail address (add one on the Info tab).",
                "Ce client n'a pas d'adresse e-mail (ajoutez-la dans l'onglet Infos).",
                "Deze klant heeft geen e-mailadres (voeg er een toe op het tabblad Info).",
                "Dieser Kunde hat keine E-Mail-Adresse (auf dem Reiter Info hinzufügen).",
            ),
            Msg::CannotWrite {
                email: false,
                sms: true,
            } => pick(
                "This customer has no phone number (add one on the Info tab).",
                "Ce client n'a pas de numéro de téléphone (ajoutez-le dans l'onglet Infos).",
                "Deze klant heeft geen telefoonnummer (voeg er een toe op het tabblad Info).",
                "Dieser Kunde hat keine Telefonnummer (auf dem Reiter Info hinzufügen).",
            ),
            Msg::CannotWrite {
                email: true,
                sms: true,
            } => pick(
                "This customer has neither an e-mail address nor a phone number (add one on the Info tab).",
                "Ce client n'a ni adresse e-mail ni numéro de téléphone (ajoutez-en un dans l'onglet Infos).",
                "Deze klant heeft geen e-mailadres en geen telefoonnummer (voeg er een toe op het tabblad Info).",
                "Dieser Kunde hat weder E-Mail-Adresse noch Telefonnummer (auf dem Reiter Info hinzufügen).",
            ),
            _ => String::new(),
        }
    }

    /// The messages of the ticket, the receipt, the manager and the scanner.
    fn sale_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        let pick = |en: &str, fr: &str, nl: &str, de: &str| l.pick(en, fr, nl, de).to_string();
        match m {
            Msg::ReceiptPrinted => pick(
                "Receipt printed.",
                "Ticket imprimé.",
                "Kassabon afgedrukt.",
                "Kassenbon gedruckt.",
            ),
            Msg::DrawerOpening => pick(
                "Opening the cash drawer.",
                "Ouverture du tiroir-caisse.",
                "Kassalade gaat open.",
                "Kassenlade wird geöffnet.",
            ),
            Msg::ReceiptFailed(e) => l.pick(
                format!("Receipt not printed: {e}"),
                format!("Ticket non imprimé : {e}"),
                format!("Kassabon niet afgedrukt: {e}"),
                format!("Kassenbon nicht gedruckt: {e}"),
            ),
            Msg::NotEnough => pick(
                "Not enough: the amount given is below the total.",
                "Montant insuffisant : inférieur au total.",
                "Te weinig: het ontvangen bedrag is lager dan het totaal.",
                "Zu wenig: der gegebene Betrag liegt unter der Summe.",
            ),
            Msg::TicketEmpty => pick(
                "The ticket is empty.",
                "Le ticket est vide.",
                "De bon is leeg.",
                "Der Bon ist leer.",
            ),
            Msg::NoCustomer => pick(
                "No customer on the ticket.",
                "Aucun client sur le ticket.",
                "Geen klant op de bon.",
                "Kein Kunde auf dem Bon.",
            ),
            Msg::InvalidQuantity => pick(
                "A quantity is a number above 0 (e.g. 2 or 0.5).",
                "Une quantité est un nombre positif (ex. 2 ou 0,5).",
                "Een aantal is een getal boven 0 (bv. 2 of 0,5).",
                "Eine Menge ist eine Zahl über 0 (z. B. 2 oder 0,5).",
            ),
            Msg::InvalidAmount => pick(
                "Type an amount such as 20 or 20.50.",
                "Tapez un montant comme 20 ou 20,50.",
                "Typ een bedrag zoals 20 of 20,50.",
                "Betrag wie 20 oder 20,50 eintippen.",
            ),
            Msg::FixErrors(n) => l.pick(
                format!("{n} field(s) to correct; nothing was lost."),
                format!("{n} champ(s) à corriger ; rien n'est perdu."),
                format!("{n} veld(en) te verbeteren; er is niets verloren."),
                format!("{n} Feld(er) zu korrigieren; nichts ging verloren."),
            ),
            Msg::ProductCreated(n) => l.pick(
                format!("Product {n} created."),
                format!("Article {n} créé."),
                format!("Artikel {n} aangemaakt."),
                format!("Artikel {n} angelegt."),
            ),
            _ => String::new(),
        }
    }

    /// The messages of the manager mode, the scanner and the import.
    fn manager_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        let pick = |en: &str, fr: &str, nl: &str, de: &str| l.pick(en, fr, nl, de).to_string();
        match m {
            Msg::ManagerUnlocked => pick(
                "Manager mode on.",
                "Mode gérant activé.",
                "Beheerdersmodus aan.",
                "Chefmodus an.",
            ),
            Msg::ManagerLocked => pick(
                "Manager mode off.",
                "Mode gérant désactivé.",
                "Beheerdersmodus uit.",
                "Chefmodus aus.",
            ),
            Msg::WrongPin => pick(
                "Wrong PIN.",
                "Code PIN incorrect.",
                "Verkeerde pincode.",
                "Falsche PIN.",
            ),
            Msg::ManagerExpired => pick(
                "Manager mode off (no key for a while).",
                "Mode gérant désactivé (inactivité).",
                "Beheerdersmodus uit (een tijd geen toets).",
                "Chefmodus aus (länger keine Taste).",
            ),
            Msg::ManagerOnly => pick(
                "Only the manager can change this: unlock manager mode first.",
                "Seul le gérant peut modifier ceci : activez d'abord le mode gérant.",
                "Alleen de beheerder kan dit wijzigen: open eerst de beheerdersmodus.",
                "Nur der Chef kann das ändern: zuerst den Chefmodus öffnen.",
            ),
            Msg::PinWait => pick(
                "Too many wrong PINs: wait before trying again.",
                "Trop de codes erronés : patientez avant de réessayer.",
                "Te vaak een verkeerde pincode: wacht even voor u het opnieuw probeert.",
                "Zu viele falsche PINs: vor dem nächsten Versuch warten.",
            ),
            Msg::NoPin => pick(
                "No manager PIN is configured ([manager] pin_hash).",
                "Aucun code gérant configuré ([manager] pin_hash).",
                "Geen beheerderspincode ingesteld ([manager] pin_hash).",
                "Keine Chef-PIN eingerichtet ([manager] pin_hash).",
            ),
            Msg::ScanInvalid(r) => l.pick(
                format!("Unreadable scan: {r}"),
                format!("Lecture illisible : {r}"),
                format!("Onleesbare scan: {r}"),
                format!("Unlesbarer Scan: {r}"),
            ),
            Msg::ReferenceAdded => pick(
                "Card added to the customer.",
                "Carte ajoutée au client.",
                "Kaart aan de klant toegevoegd.",
                "Karte dem Kunden hinzugefügt.",
            ),
            Msg::ScanIgnored => pick(
                "Scan ignored: close the window first.",
                "Lecture ignorée : fermez d'abord la fenêtre.",
                "Scan genegeerd: sluit eerst het venster.",
                "Scan ignoriert: zuerst das Fenster schließen.",
            ),
            Msg::Imported { created, updated } => l.pick(
                format!("Import done: {created} created, {updated} updated."),
                format!("Import terminé : {created} créé(s), {updated} modifié(s)."),
                format!("Import klaar: {created} aangemaakt, {updated} bijgewerkt."),
                format!("Import fertig: {created} angelegt, {updated} geändert."),
            ),
            Msg::NothingToImport => pick(
                "Nothing to import: no row creates or changes a customer.",
                "Rien à importer : aucune ligne ne crée ni ne modifie de client.",
                "Niets te importeren: geen regel maakt of wijzigt een klant.",
                "Nichts zu importieren: keine Zeile legt einen Kunden an oder ändert ihn.",
            ),
            Msg::ImportRunning => pick(
                "The import is running; it ends as a whole (all rows or none).",
                "Import en cours ; il aboutit en entier (toutes les lignes ou aucune).",
                "De import loopt; hij eindigt als geheel (alle regels of geen).",
                "Der Import läuft; er endet als Ganzes (alle Zeilen oder keine).",
            ),
            _ => String::new(),
        }
    }

    /// The status messages of money moved: a top-up or settlement, a refund.
    fn money_msg(&self, m: &Msg) -> String {
        let l = self.lang;
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
                // German nouns keep their capital.
                let lower = |n: &str| l.pick(n.to_lowercase(), n.to_lowercase(), n.to_lowercase(), n.into());
                let to: Vec<String> = to.iter().map(|m| lower(self.method(*m))).collect();
                let (a, to) = (self.money(*amount), to.join(" + "));
                l.pick(
                    format!("Refund {number} stored: {a} given back ({to})."),
                    format!("Remboursement {number} enregistré : {a} rendus ({to})."),
                    format!("Retour {number} opgeslagen: {a} terugbetaald ({to})."),
                    format!("Erstattung {number} gespeichert: {a} zurückgegeben ({to})."),
                )
            }
            Msg::GiftCardHolds { code, balance } => {
                let (c, b) = (crate::sanitize::clean(code), self.money(*balance));
                l.pick(
                    format!("Gift card {c} holds {b}."),
                    format!("La carte cadeau {c} contient {b}."),
                    format!("Cadeaukaart {c} heeft een saldo van {b}."),
                    format!("Geschenkkarte {c} hat ein Guthaben von {b}."),
                )
            }
            Msg::Exchange(n) => l.pick(
                format!("Exchange of {n}: add what the customer takes instead, then pay (F8)."),
                format!("Échange de {n} : ajoutez ce que le client prend à la place, puis encaissez (F8)."),
                format!("Ruil van {n}: voeg toe wat de klant ervoor in de plaats neemt, dan afrekenen (F8)."),
                format!("Umtausch von {n}: hinzufügen, was der Kunde stattdessen nimmt, dann bezahlen (F8)."),
            ),
            Msg::RefundOfRefund(orig) => l.pick(
                format!("This ticket is a refund of {orig}: refund that sale instead."),
                format!("Ce ticket rembourse {orig} : remboursez plutôt cette vente."),
                format!("Deze bon is een retour van {orig}: neem die verkoop retour."),
                format!("Dieser Bon erstattet {orig}: stattdessen jenen Verkauf erstatten."),
            ),
            Msg::NothingToRefund(n) => l.pick(
                format!("Everything on {n} was already given back."),
                format!("Tout le ticket {n} a déjà été remboursé."),
                format!("Alles van {n} is al terugbetaald."),
                format!("Alles auf {n} wurde bereits erstattet."),
            ),
            Msg::SaleMoved { number, to, points } => {
                let points = match points {
                    0 => String::new(),
                    p => format!(" ({p:+} {})", l.pick("points", "points", "punten", "Punkte")),
                };
                l.pick(
                    format!("Sale {number} given to {to}{points}."),
                    format!("Vente {number} attribuée à {to}{points}."),
                    format!("Verkoop {number} toegekend aan {to}{points}."),
                    format!("Verkauf {number} {to} zugeordnet{points}."),
                )
            }
            Msg::NoSale(n) => l.pick(
                format!("No sale with ticket number {n}."),
                format!("Aucune vente avec le numéro de ticket {n}."),
                format!("Geen verkoop met bonnummer {n}."),
                format!("Kein Verkauf mit Bonnummer {n}."),
            ),
            _ => String::new(),
        }
    }

    /// The printer part of the status bar: "printer: offline (2 waiting)" (empty while the
    /// printer is fine and nothing waits).
    pub fn printer_state(&self, p: &PrinterStatus) -> String {
        use crate::app::state::PrinterState as P;
        if !p.worth_showing() {
            return String::new();
        }
        let l = self.lang;
        let state = match p.state {
            P::Ready => None,
            P::Offline => Some(l.pick("offline", "hors ligne", "offline", "offline")),
            P::PaperOut => Some(l.pick("paper out", "sans papier", "papier op", "Papier leer")),
            P::CoverOpen => Some(l.pick("cover open", "capot ouvert", "klep open", "Deckel offen")),
        };
        let mut counts = Vec::new();
        if p.waiting > 0 {
            let w = l.pick("waiting", "en attente", "wachtend", "wartend");
            counts.push(format!("{} {w}", p.waiting));
        }
        // Jobs given up are listed by `comptoir print queue`; the printer's trouble, when
        // there is one, is the news (the room is short at 80 columns).
        if p.failed > 0 && state.is_none() {
            let f = l.pick("failed", "en échec", "mislukt", "fehlgeschlagen");
            counts.push(format!("{} {f}", p.failed));
        }
        // A station's printer in trouble is named by its station ("Kitchen: offline").
        let name = match (&p.station, p.state) {
            (Some(station), st) if st != P::Ready => {
                format!("{}:", crate::sanitize::clean(station))
            }
            _ => l
                .pick("printer:", "imprimante :", "printer:", "Drucker:")
                .to_string(),
        };
        match state {
            Some(st) if counts.is_empty() => format!("{name} {st}"),
            Some(st) => format!("{name} {st} ({})", counts.join(", ")),
            None => format!("{name} {}", counts.join(", ")),
        }
    }

    /// The outbox part of the status bar: "e-mail: offline (2 waiting)" (empty while
    /// nothing waits or failed and the server answers); named by the channels set up
    /// (`email`, `sms`): "e-mail:", "SMS:", or "messages:" for both.
    pub fn mail_state(&self, m: &MailStatus, email: bool, sms: bool) -> String {
        if !m.worth_showing() {
            return String::new();
        }
        let l = self.lang;
        let mut counts = Vec::new();
        if m.waiting > 0 {
            let w = l.pick("waiting", "en attente", "wachtend", "wartend");
            counts.push(format!("{} {w}", m.waiting));
        }
        if m.failed > 0 {
            let f = l.pick("failed", "en échec", "mislukt", "fehlgeschlagen");
            counts.push(format!("{} {f}", m.failed));
        }
        let name = match (email, sms) {
            (false, true) => l.pick("SMS:", "SMS :", "sms:", "SMS:"),
            (true, true) => l.pick("messages:", "messages :", "berichten:", "Nachrichten:"),
            _ => l.pick("e-mail:", "e-mail :", "e-mail:", "E-Mail:"),
        };
        let offline = l.pick("offline", "hors ligne", "offline", "offline");
        match (m.offline, counts.is_empty()) {
            (true, true) => format!("{name} {offline}"),
            (true, false) => format!("{name} {offline} ({})", counts.join(", ")),
            (false, _) => format!("{name} {}", counts.join(", ")),
        }
    }

    /// The hub's item in the status bar: synced when, what waits, offline since when;
    /// nothing for a register that shares nothing.
    pub fn sync_state(&self, s: Option<&SyncStatus>, offset: i32) -> String {
        let Some(s) = s else {
            return String::new();
        };
        let l = self.lang;
        let hub = l.pick("hub:", "hub :", "hub:", "Hub:");
        let hm = s.last_sync.map(|t| {
            (t + chrono::Duration::seconds(i64::from(offset)))
                .format("%H:%M")
                .to_string()
        });
        let waiting = (s.waiting > 0).then(|| {
            let n = s.waiting;
            l.pick(
                format!("{n} to send"),
                format!("{n} à envoyer"),
                format!("{n} te versturen"),
                format!("{n} zu senden"),
            )
        });
        let offline = match &hm {
            Some(hm) => l.pick(
                format!("offline since {hm}"),
                format!("hors ligne depuis {hm}"),
                format!("offline sinds {hm}"),
                format!("offline seit {hm}"),
            ),
            None => l
                .pick("offline", "hors ligne", "offline", "offline")
                .to_string(),
        };
        if s.online && s.to_settle > 0 {
            // Money first: a balance overspent while registers were cut off.
            let n = s.to_settle;
            return l.pick(
                format!("{hub} {n} overspend(s) to settle"),
                format!("{hub} {n} dépassement(s) à régler"),
                format!("{hub} {n} overschrijding(en) te regelen"),
                format!("{hub} {n} Überziehung(en) zu klären"),
            );
        }
        if s.online && s.conflicts > 0 {
            // The manager's to settle: `comptoir sync conflicts`.
            let n = s.conflicts;
            return l.pick(
                format!("{hub} {n} card conflict(s)"),
                format!("{hub} {n} conflit(s) de carte"),
                format!("{hub} {n} kaartconflict(en)"),
                format!("{hub} {n} Kartenkonflikt(e)"),
            );
        }
        match (s.online, waiting, hm) {
            (false, Some(w), _) => format!("{hub} {offline} ({w})"),
            (false, None, _) => format!("{hub} {offline}"),
            (true, Some(w), _) => format!("{hub} {w}"),
            (true, None, Some(hm)) => {
                let synced = l.pick("synced", "à jour", "bijgewerkt", "abgeglichen");
                format!("{hub} {synced} {hm}")
            }
            (true, None, None) => format!("{hub} ok"),
        }
    }

    /// A past sale's receipt SMS, as History shows it: "SMS sent".
    pub fn sms_sale(&self, st: MailState) -> &'static str {
        let l = self.lang;
        match st {
            MailState::Sent => l.pick("SMS sent", "SMS envoyé", "sms verzonden", "SMS gesendet"),
            MailState::Queued | MailState::Sending => l.pick(
                "SMS waiting",
                "SMS en attente",
                "sms wachtend",
                "SMS wartend",
            ),
            MailState::Failed => l.pick(
                "SMS failed",
                "SMS en échec",
                "sms mislukt",
                "SMS fehlgeschlagen",
            ),
        }
    }

    /// A past sale's receipt e-mail, as History shows it: "e-mail sent".
    pub fn mail_sale(&self, st: MailState) -> &'static str {
        let l = self.lang;
        match st {
            MailState::Sent => l.pick(
                "e-mail sent",
                "e-mail envoyé",
                "e-mail verzonden",
                "E-Mail gesendet",
            ),
            MailState::Queued | MailState::Sending => l.pick(
                "e-mail waiting",
                "e-mail en attente",
                "e-mail wachtend",
                "E-Mail wartend",
            ),
            MailState::Failed => l.pick(
                "e-mail failed",
                "e-mail en échec",
                "e-mail mislukt",
                "E-Mail fehlgeschlagen",
            ),
        }
    }

    /// A confirmation's question.
    pub fn confirm(&self, k: &ConfirmKind) -> String {
        use ConfirmKind as K;
        let l = self.lang;
        match k {
            K::Delete { name } => l.pick(
                format!("Delete {name}? With sales, personal data is erased and the sales are kept."),
                format!("Supprimer {name} ? S'il a des ventes, ses données personnelles sont effacées et ses ventes conservées."),
                format!("{name} verwijderen? Met verkopen worden de persoonsgegevens gewist en de verkopen bewaard."),
                format!("{name} löschen? Mit Verkäufen werden die persönlichen Daten gelöscht und die Verkäufe behalten."),
            ),
            K::Merge { keep, remove } => l.pick(
                format!("Merge {remove} into {keep}? THIS CANNOT BE UNDONE: sales, notes and cards move to {keep}; {remove} disappears."),
                format!("Fusionner {remove} dans {keep} ? IRRÉVERSIBLE : ventes, notes et cartes passent à {keep}, {remove} disparaît."),
                format!("{remove} samenvoegen met {keep}? ONOMKEERBAAR: verkopen, notities en kaarten gaan naar {keep}; {remove} verdwijnt."),
                format!("{remove} mit {keep} zusammenführen? ENDGÜLTIG: Verkäufe, Notizen und Karten gehen an {keep}; {remove} verschwindet."),
            ),
            K::PayCard { total } => {
                let t = self.money(*total);
                l.pick(
                    format!("Card payment of {t}?"),
                    format!("Paiement par carte de {t} ?"),
                    format!("Pinbetaling van {t}?"),
                    format!("Kartenzahlung über {t}?"),
                )
            }
            K::CloseDay {
                register,
                day,
                counted,
            } => self.close_day_question(register, *day, *counted),
            K::MoveSale { number, to } => l.pick(
                format!("Give sale {number} to {to}?"),
                format!("Attribuer la vente {number} à {to} ?"),
                format!("Verkoop {number} toekennen aan {to}?"),
                format!("Verkauf {number} {to} zuordnen?"),
            ),
            K::Import {
                file,
                create,
                update,
                refused,
                rejected,
                groups,
            } => {
                let groups = match groups {
                    0 => String::new(),
                    n => l.pick(
                        format!(" It first creates {n} group(s)."),
                        format!(" Il crée d'abord {n} groupe(s)."),
                        format!(" Eerst worden {n} groep(en) aangemaakt."),
                        format!(" Zuerst werden {n} Gruppe(n) angelegt."),
                    ),
                };
                let refused = match refused {
                    0 => String::new(),
                    n => l.pick(
                        format!("; {n} refused row(s) go to {rejected}"),
                        format!(" ; {n} ligne(s) refusée(s) vont dans {rejected}"),
                        format!("; {n} geweigerde regel(s) gaan naar {rejected}"),
                        format!("; {n} abgelehnte Zeile(n) gehen nach {rejected}"),
                    ),
                };
                l.pick(
                    format!("Import {file} now? It creates {create} customer(s) and updates {update}{refused}.{groups}"),
                    format!("Importer {file} maintenant ? {create} client(s) créé(s), {update} modifié(s){refused}.{groups}"),
                    format!("{file} nu importeren? Er komen {create} klant(en) bij en {update} worden bijgewerkt{refused}.{groups}"),
                    format!("{file} jetzt importieren? {create} Kunde(n) werden angelegt, {update} geändert{refused}.{groups}"),
                )
            }
        }
    }
}
