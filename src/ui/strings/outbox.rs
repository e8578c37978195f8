//! The managers' outbox screen in words: its title, a message's status, channel and
//! kind, the columns, the counts line, the details' labels, the status line after a
//! retry, and the help overlay's sentences for its keys, in the four languages side by
//! side.
//!
//! Invariants: every text is one [`Lang::pick`](crate::lang::Lang::pick) or a tuple of
//! four (the compiler counts the languages); a status is a word of the register's
//! language, never the stored one; recipients, tickets and subjects come from the
//! caller and are sanitised by the screen before they are drawn; numbers are whole
//! counts, times go through [`super::Tr::datetime`].

use super::labels::Words;
use super::Tr;
use crate::app::state::Msg;
use crate::app::view::{Channel, MailState, MessageKind, OutboxOverview};
use crate::keys::Command;

impl Tr {
    /// The screen's title (the header, the list's frame).
    pub fn outbox_title(&self) -> &'static str {
        self.say4(("Outbox", "Boîte d'envoi", "Postvak uit", "Postausgang"))
    }

    /// A message's status in a word: a queued message that has failed before is
    /// "retrying", one never tried "waiting".
    pub fn outbox_status(&self, st: MailState, attempts: i64) -> &'static str {
        self.say4(match st {
            MailState::Queued if attempts > 0 => ("retrying", "relance", "opnieuw", "erneut"),
            MailState::Queued => ("waiting", "en attente", "wachtend", "wartend"),
            MailState::Sending => ("sending", "envoi", "bezig", "sendet"),
            MailState::Sent => ("sent", "envoyé", "verzonden", "gesendet"),
            MailState::Failed => ("failed", "échec", "mislukt", "Fehler"),
        })
    }

    /// How a message travels: "E-mail", "SMS".
    pub fn outbox_channel(&self, c: Channel) -> &'static str {
        self.say4(match c {
            Channel::Email => ("E-mail", "E-mail", "E-mail", "E-Mail"),
            Channel::Sms => ("SMS", "SMS", "Sms", "SMS"),
        })
    }

    /// What a message is: "receipt R1-000042", or "message" (a composed one).
    pub fn outbox_what(&self, kind: MessageKind, ticket: Option<&str>) -> String {
        let l = self.lang;
        match (kind, ticket) {
            (MessageKind::Receipt, Some(t)) => {
                let t = crate::sanitize::clean(t);
                l.pick(
                    format!("receipt {t}"),
                    format!("ticket {t}"),
                    format!("bon {t}"),
                    format!("Bon {t}"),
                )
            }
            (MessageKind::Receipt, None) => self.outbox_kind(kind).to_string(),
            (MessageKind::Contact, _) => self.outbox_kind(kind).to_string(),
        }
    }

    /// A message's kind alone: "receipt", "message".
    pub fn outbox_kind(&self, kind: MessageKind) -> &'static str {
        self.say4(match kind {
            MessageKind::Receipt => ("receipt", "ticket", "bon", "Bon"),
            MessageKind::Contact => ("message", "message", "bericht", "Nachricht"),
        })
    }

    /// The list's column headers: status, channel, what, recipient, when, attempts.
    pub fn outbox_columns(&self) -> [&'static str; 6] {
        self.lang.pick(
            ["Status", "Via", "What", "To", "When", "Try"],
            ["État", "Via", "Quoi", "Pour", "Quand", "Ess."],
            ["Status", "Via", "Wat", "Aan", "Wanneer", "Pog."],
            ["Status", "Via", "Was", "An", "Wann", "Vers."],
        )
    }

    /// The line over the list: the outbox's counts, the filter, a list cut short.
    pub fn outbox_summary(&self, o: &OutboxOverview, only_open: bool) -> String {
        let l = self.lang;
        let (w, f, s) = (o.waiting, o.failed, o.sent);
        let mut line = l.pick(
            format!("{w} waiting, {f} failed, {s} sent"),
            format!("{w} en attente, {f} en échec, {s} envoyés"),
            format!("{w} wachtend, {f} mislukt, {s} verzonden"),
            format!("{w} wartend, {f} fehlgeschlagen, {s} gesendet"),
        );
        if o.cut {
            let n = o.rows.len();
            line.push_str(&l.pick(
                format!(" (the newest {n} listed)"),
                format!(" (les {n} plus récents listés)"),
                format!(" (de nieuwste {n} getoond)"),
                format!(" (die neuesten {n} gelistet)"),
            ));
        }
        if only_open {
            line.push_str(l.pick(
                " | only waiting and failed",
                " | attente et échecs seulement",
                " | alleen wachtend en mislukt",
                " | nur wartend und fehlgeschlagen",
            ));
        }
        line
    }

    /// The list with nothing to show: the outbox empty, or nothing left by the filter.
    pub fn outbox_empty(&self, only_open: bool) -> &'static str {
        if only_open {
            return self.say4((
                "Nothing waits or failed.",
                "Rien en attente ni en échec.",
                "Niets wachtend of mislukt.",
                "Nichts wartet oder ist fehlgeschlagen.",
            ));
        }
        self.say4((
            "The outbox is empty: receipts and messages by e-mail or SMS show here.",
            "La boîte d'envoi est vide : les tickets et messages par e-mail ou SMS s'affichent ici.",
            "Het postvak uit is leeg: bonnen en berichten per e-mail of sms staan hier.",
            "Der Postausgang ist leer: Bons und Nachrichten per E-Mail oder SMS stehen hier.",
        ))
    }

    /// The details' labels: channel, kind, recipient, ticket, subject, created,
    /// attempts, next try, last error, sent.
    pub fn outbox_labels(&self) -> [&'static str; 10] {
        self.lang.pick(
            [
                "Channel",
                "Kind",
                "To",
                "Ticket",
                "Subject",
                "Created",
                "Attempts",
                "Next try",
                "Last error",
                "Sent",
            ],
            [
                "Canal",
                "Type",
                "Pour",
                "Ticket",
                "Objet",
                "Créé",
                "Essais",
                "Prochain essai",
                "Dernière erreur",
                "Envoyé",
            ],
            [
                "Kanaal",
                "Soort",
                "Aan",
                "Bonnummer",
                "Onderwerp",
                "Gemaakt",
                "Pogingen",
                "Volgende poging",
                "Laatste fout",
                "Verzonden",
            ],
            [
                "Kanal",
                "Art",
                "An",
                "Bon-Nr.",
                "Betreff",
                "Erstellt",
                "Versuche",
                "Nächster Versuch",
                "Letzter Fehler",
                "Gesendet",
            ],
        )
    }

    /// The details' frame: "Message 12".
    pub fn outbox_message(&self, id: i64) -> String {
        self.lang.pick(
            format!("Message {id}"),
            format!("Message {id}"),
            format!("Bericht {id}"),
            format!("Nachricht {id}"),
        )
    }

    /// The details' value of a time or error not there.
    pub fn outbox_none(&self) -> &'static str {
        self.say4(("-", "-", "-", "-"))
    }

    pub(super) fn outbox_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        match m {
            Msg::MessageRetried(id) => l.pick(
                format!("Message {id} goes again now"),
                format!("Le message {id} repart maintenant"),
                format!("Bericht {id} gaat nu opnieuw"),
                format!("Nachricht {id} geht jetzt erneut"),
            ),
            Msg::MessagesRetried(0) => l
                .pick(
                    "No failed message to send again",
                    "Aucun message en échec à renvoyer",
                    "Geen mislukt bericht om opnieuw te sturen",
                    "Keine fehlgeschlagene Nachricht zum erneuten Senden",
                )
                .to_string(),
            Msg::MessagesRetried(n) => l.pick(
                format!("{n} failed message(s) go again now"),
                format!("{n} message(s) en échec repartent maintenant"),
                format!("{n} mislukte bericht(en) gaan nu opnieuw"),
                format!("{n} fehlgeschlagene Nachricht(en) gehen jetzt erneut"),
            ),
            Msg::MessageNotRetried => l
                .pick(
                    "Only a failed or waiting message can go again",
                    "Seul un message en échec ou en attente peut repartir",
                    "Alleen een mislukt of wachtend bericht kan opnieuw",
                    "Nur eine fehlgeschlagene oder wartende Nachricht kann erneut gehen",
                )
                .to_string(),
            _ => String::new(),
        }
    }
}

/// The help overlay's title for the outbox screen.
pub(super) fn scope_name() -> Words {
    ("Outbox", "boîte d'envoi", "postvak uit", "Postausgang")
}

/// What each key does on the outbox screen.
pub(super) fn sentence(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Up => (
            "Selects the message above",
            "Sélectionne le message du dessus",
            "Kiest het bericht erboven",
            "Wählt die Nachricht darüber",
        ),
        C::Down => (
            "Selects the message below",
            "Sélectionne le message du dessous",
            "Kiest het bericht eronder",
            "Wählt die Nachricht darunter",
        ),
        C::PageUp => (
            "Moves 10 messages up",
            "Remonte de 10 messages",
            "Gaat 10 berichten omhoog",
            "Geht 10 Nachrichten nach oben",
        ),
        C::PageDown => (
            "Moves 10 messages down",
            "Descend de 10 messages",
            "Gaat 10 berichten omlaag",
            "Geht 10 Nachrichten nach unten",
        ),
        C::Home => (
            "Selects the newest message",
            "Sélectionne le message le plus récent",
            "Kiest het nieuwste bericht",
            "Wählt die neueste Nachricht",
        ),
        C::End => (
            "Selects the oldest message listed",
            "Sélectionne le plus ancien message listé",
            "Kiest het oudste getoonde bericht",
            "Wählt die älteste gelistete Nachricht",
        ),
        C::Confirm => (
            "Shows or hides the selected message's details (recipient, attempts, the last error in full)",
            "Affiche ou masque le détail du message (destinataire, essais, la dernière erreur en entier)",
            "Toont of verbergt de details van het bericht (ontvanger, pogingen, de laatste fout volledig)",
            "Zeigt oder verbirgt die Details der Nachricht (Empfänger, Versuche, der letzte Fehler ganz)",
        ),
        C::Back => (
            "Closes the details, else goes back to the customers list",
            "Ferme le détail, sinon revient à la liste des clients",
            "Sluit de details, anders terug naar de klantenlijst",
            "Schließt die Details, sonst zurück zur Kundenliste",
        ),
        C::Filter => (
            "Shows only the messages that wait or failed, or every message again",
            "N'affiche que les messages en attente ou en échec, ou de nouveau tous",
            "Toont alleen de wachtende of mislukte berichten, of weer alle",
            "Zeigt nur wartende oder fehlgeschlagene Nachrichten, oder wieder alle",
        ),
        C::Retry => (
            "Sends the selected failed or waiting message again, now (manager)",
            "Renvoie maintenant le message choisi, en échec ou en attente (gérant)",
            "Stuurt het gekozen mislukte of wachtende bericht nu opnieuw (beheerder)",
            "Sendet die gewählte fehlgeschlagene oder wartende Nachricht jetzt erneut (Chef)",
        ),
        C::RetryAll => (
            "Sends every failed message again, now (manager)",
            "Renvoie maintenant tous les messages en échec (gérant)",
            "Stuurt alle mislukte berichten nu opnieuw (beheerder)",
            "Sendet alle fehlgeschlagenen Nachrichten jetzt erneut (Chef)",
        ),
        _ => return None,
    })
}
