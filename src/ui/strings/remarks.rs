//! The importer's remarks (`exchange::remark::Remark`) in the register's language, for the
//! Import screen's report: warnings, refusals, notices and the preset's reason; and the
//! few fixed words of the importer's report the screen shows (a column's origin, the
//! preset names that are not vendors, the tab delimiter, how the encoding was decided).
//!
//! Invariants: English is the importer's own text ([`Remark::english`]), so the screen and
//! the CLI say the same; every remark is a four-way [`Lang::pick`](crate::lang::Lang::pick)
//! in a `match` with no wildcard, so a new kind of remark does not compile without its
//! words; the values a remark quotes come from the file and the whole sentence passes
//! through `clean` before it is returned.

use super::Tr;
use crate::app::view::{CardFault, MatchKey, NameSource, Remark, ValueNote, BEYOND_HEADER};
use crate::domain::money::MoneyError;
use crate::sanitize::clean;

impl Tr {
    /// Remark `r` in this language, cleaned for the terminal.
    pub fn remark_text(&self, r: &Remark) -> String {
        let text = if self.lang == crate::lang::Lang::En {
            r.english()
        } else {
            self.remark_words(r)
        };
        clean(&text).into_owned()
    }

    /// Why a vCard was not read, in this language.
    fn fault_words(&self, f: &CardFault) -> String {
        let l = self.lang;
        match f {
            CardFault::NoEnd { next } => l.pick(
                f.to_string(),
                format!("pas de END:VCARD avant la fiche suivante, ligne {next}"),
                format!("geen END:VCARD vóór de volgende kaart op regel {next}"),
                format!("kein END:VCARD vor der nächsten Karte in Zeile {next}"),
            ),
            CardFault::EndOfFile => l
                .pick(
                    "the file ends before END:VCARD",
                    "le fichier finit avant END:VCARD",
                    "het bestand eindigt vóór END:VCARD",
                    "die Datei endet vor END:VCARD",
                )
                .to_string(),
            CardFault::LineTooLong { line, kib } => l.pick(
                f.to_string(),
                format!("la ligne {line} dépasse {kib} Kio"),
                format!("regel {line} is langer dan {kib} KiB"),
                format!("Zeile {line} ist länger als {kib} KiB"),
            ),
            CardFault::TooManyProperties { max, line } => l.pick(
                f.to_string(),
                format!("plus de {max} propriétés (ligne {line})"),
                format!("meer dan {max} eigenschappen (regel {line})"),
                format!("mehr als {max} Eigenschaften (Zeile {line})"),
            ),
        }
    }

    /// How a vCard value was read, in this language.
    fn value_note_words(&self, n: &ValueNote) -> String {
        let l = self.lang;
        let how = |utf8: bool| {
            if utf8 {
                l.pick(
                    "read as UTF-8",
                    "lu en UTF-8",
                    "gelezen als UTF-8",
                    "als UTF-8 gelesen",
                )
            } else {
                l.pick(
                    "read as windows-1252",
                    "lu en windows-1252",
                    "gelezen als windows-1252",
                    "als windows-1252 gelesen",
                )
            }
        };
        match n {
            ValueNote::BrokenQuotedPrintable { bad } => l.pick(
                n.to_string(),
                format!("séquence quoted-printable `{bad}` invalide, gardée telle quelle"),
                format!("ongeldige quoted-printable-reeks `{bad}` ongewijzigd bewaard"),
                format!("fehlerhafte Quoted-Printable-Folge `{bad}` unverändert behalten"),
            ),
            ValueNote::Base64 => l
                .pick(
                    "base64 value not read",
                    "valeur en base64 non lue",
                    "base64-waarde niet gelezen",
                    "Base64-Wert nicht gelesen",
                )
                .to_string(),
            ValueNote::NotInCharset { charset, utf8 } => l.pick(
                n.to_string(),
                format!(
                    "texte non valide dans son jeu de caractères {charset} : {}",
                    how(*utf8)
                ),
                format!("tekst ongeldig in zijn tekenset {charset}: {}", how(*utf8)),
                format!(
                    "Text in seinem Zeichensatz {charset} ungültig: {}",
                    how(*utf8)
                ),
            ),
            ValueNote::UnknownCharset { label, utf8 } => l.pick(
                n.to_string(),
                format!("jeu de caractères `{label}` inconnu : {}", how(*utf8)),
                format!("onbekende tekenset `{label}`: {}", how(*utf8)),
                format!("unbekannter Zeichensatz `{label}`: {}", how(*utf8)),
            ),
            ValueNote::NoCharset21 => l
                .pick(
                    "no CHARSET and not UTF-8: read as windows-1252",
                    "pas de CHARSET et pas en UTF-8 : lu en windows-1252",
                    "geen CHARSET en geen UTF-8: gelezen als windows-1252",
                    "kein CHARSET und kein UTF-8: als windows-1252 gelesen",
                )
                .to_string(),
            ValueNote::NotUtf8 => l
                .pick(
                    "not valid UTF-8 (vCard 3.0 and 4.0 are UTF-8): read as windows-1252",
                    "UTF-8 non valide (les vCard 3.0 et 4.0 sont en UTF-8) : lu en windows-1252",
                    "ongeldige UTF-8 (vCard 3.0 en 4.0 zijn UTF-8): gelezen als windows-1252",
                    "ungültiges UTF-8 (vCard 3.0 und 4.0 sind UTF-8): als windows-1252 gelesen",
                )
                .to_string(),
        }
    }

    /// The word of a match key (reference, e-mail, phone, name).
    fn key_word(&self, k: MatchKey) -> &'static str {
        let keys = &self.import.keys;
        match k {
            MatchKey::Reference => keys[0],
            MatchKey::Email => keys[1],
            MatchKey::Phone => keys[2],
            MatchKey::Name => keys[3],
        }
    }

    fn remark_words(&self, r: &Remark) -> String {
        if let Some(text) = self.row_words(r) {
            return text;
        }
        if let Some(text) = self.card_words(r) {
            return text;
        }
        if let Some(text) = self.match_words(r) {
            return text;
        }
        self.file_words(r)
    }

    /// The remarks about a cell or a row's values.
    fn row_words(&self, r: &Remark) -> Option<String> {
        use Remark as R;
        let en = r.english();
        let l = self.lang;
        Some(match r {
            R::ReadAsEmpty { value } => l.pick(
                en,
                format!("`{value}` lu comme vide"),
                format!("`{value}` gelezen als leeg"),
                format!("`{value}` als leer gelesen"),
            ),
            R::PhoneAsNumber { value } => l.pick(
                en,
                format!("`{value}` est un téléphone qu'un tableur a changé en nombre (chiffres perdus) : formatez la colonne en texte et exportez à nouveau"),
                format!("`{value}` is een telefoonnummer dat een spreadsheet in een getal veranderde (cijfers kwijt): zet de kolom op tekst en exporteer opnieuw"),
                format!("`{value}` ist eine Telefonnummer, die eine Tabellenkalkulation in eine Zahl verwandelt hat (Ziffern verloren): Spalte als Text formatieren und neu exportieren"),
            ),
            R::NameAroundAddress { name, address } => l.pick(
                en,
                format!("`{name}` autour de l'adresse : gardé `{address}`"),
                format!("`{name}` rond het adres: `{address}` bewaard"),
                format!("`{name}` um die Adresse: `{address}` behalten"),
            ),
            R::OtherValue {
                field,
                value,
                kept,
                column,
            } => l.pick(
                en,
                format!("donne aussi un {field} (`{value}`) : gardé `{kept}` de la colonne {column}"),
                format!("geeft ook een {field} (`{value}`): `{kept}` uit kolom {column} bewaard"),
                format!("nennt auch ein {field} (`{value}`): `{kept}` aus Spalte {column} behalten"),
            ),
            R::MoreWarnings { count } => l.pick(
                en,
                format!("et {count} autre(s) avertissement(s) sur cette ligne"),
                format!("en nog {count} waarschuwing(en) op deze regel"),
                format!("und {count} weitere Warnung(en) in dieser Zeile"),
            ),
            R::NameFrom { source, name } => {
                let from = match source {
                    NameSource::Email => self.key_word(MatchKey::Email),
                    NameSource::Phone => self.key_word(MatchKey::Phone),
                };
                l.pick(
                    en,
                    format!("pas de nom : {from} `{name}` pris comme nom"),
                    format!("geen naam: {from} `{name}` gebruikt als achternaam"),
                    format!("kein Name: {from} `{name}` als Nachname genommen"),
                )
            }
            R::NoNameNoContact => l.pick(
                en,
                "ni nom, ni e-mail, ni téléphone : rien pour faire un client".into(),
                "geen naam, e-mail of telefoon: niets om een klant van te maken".into(),
                "weder Name noch E-Mail noch Telefon: daraus wird kein Kunde".into(),
            ),
            R::NotAKind { value } => l.pick(
                en,
                format!("`{value}` n'est ni personne ni entreprise : ignoré"),
                format!("`{value}` is geen persoon of bedrijf: genegeerd"),
                format!("`{value}` ist weder Person noch Unternehmen: ignoriert"),
            ),
            R::NotYesNoIgnored { value } => l.pick(
                en,
                format!("`{value}` n'est ni oui ni non : ignoré"),
                format!("`{value}` is geen ja of nee: genegeerd"),
                format!("`{value}` ist weder ja noch nein: ignoriert"),
            ),
            R::NotYesNoReadAsNo { value } => l.pick(
                en,
                format!("`{value}` n'est ni oui ni non : lu comme non"),
                format!("`{value}` is geen ja of nee: gelezen als nee"),
                format!("`{value}` ist weder ja noch nein: als nein gelesen"),
            ),
            R::UnknownCountry { value } => l.pick(
                en,
                format!("`{value}` n'est pas un pays connu : écrivez son code ISO (FR, BE, DE...)"),
                format!("`{value}` is geen bekend land: schrijf de ISO-code (NL, BE, DE...)"),
                format!("`{value}` ist kein bekanntes Land: ISO-Code schreiben (DE, AT, CH...)"),
            ),
            R::NotANumber { value } => l.pick(
                en,
                format!("`{value}` n'est pas un nombre"),
                format!("`{value}` is geen getal"),
                format!("`{value}` ist keine Zahl"),
            ),
            R::NotADate { value } => l.pick(
                en,
                format!("`{value}` n'est pas une date (AAAA-MM-JJ)"),
                format!("`{value}` is geen datum (JJJJ-MM-DD)"),
                format!("`{value}` ist kein Datum (JJJJ-MM-TT)"),
            ),
            R::UnknownGroup { name } => l.pick(
                en,
                format!("pas de groupe de clients `{name}` : ignoré (créez-le, ou importez en créant les groupes)"),
                format!("geen klantengroep `{name}`: weggelaten (maak ze aan, of importeer met aanmaken van groepen)"),
                format!("keine Kundengruppe `{name}`: weggelassen (anlegen oder mit Anlegen der Gruppen importieren)"),
            ),
            R::NotATax { value } => l.pick(
                en,
                format!("`{value}` n'est ni normal, ni exonéré, ni un taux"),
                format!("`{value}` is geen normaal, vrijgesteld of tarief"),
                format!("`{value}` ist weder normal noch befreit noch ein Satz"),
            ),
            R::Amount(e) => self.amount_words(e),
            R::SepaIncomplete => l.pick(
                en,
                "un mandat SEPA demande son IBAN, sa référence et sa date de signature".into(),
                "een SEPA-machtiging vraagt IBAN, machtigingskenmerk en datum van ondertekening".into(),
                "ein SEPA-Mandat braucht IBAN, Mandatsreferenz und Unterschriftsdatum".into(),
            ),
            _ => return None,
        })
    }

    /// The remarks of a vCard's values, of a row's cells as a whole and of its text.
    fn card_words(&self, r: &Remark) -> Option<String> {
        use Remark as R;
        let en = r.english();
        let l = self.lang;
        Some(match r {
            R::CardVersion { version } => l.pick(
                en,
                format!("version `{version}` autre que 2.1, 3.0 ou 4.0 : lue quand même"),
                format!("versie `{version}` is geen 2.1, 3.0 of 4.0: toch gelezen"),
                format!("Version `{version}` ist nicht 2.1, 3.0 oder 4.0: trotzdem gelesen"),
            ),
            R::CardCountry { value } => l.pick(
                en,
                format!("pays `{value}` inconnu : ignoré"),
                format!("land `{value}` onbekend: weggelaten"),
                format!("Land `{value}` unbekannt: weggelassen"),
            ),
            R::CardSkipped { fault } => {
                let why = self.fault_words(fault);
                l.pick(
                    en,
                    format!("fiche mal formée ignorée : {why}"),
                    format!("onleesbare kaart overgeslagen: {why}"),
                    format!("fehlerhafte Karte übersprungen: {why}"),
                )
            }
            R::NotAProperty { line } => l.pick(
                en,
                format!("la ligne {line} n'est pas une propriété : ignorée"),
                format!("regel {line} is geen eigenschap: overgeslagen"),
                format!("Zeile {line} ist keine Eigenschaft: übersprungen"),
            ),
            R::MoreCardWarnings { count } => l.pick(
                en,
                format!("et {count} autre(s) avertissement(s) sur cette fiche"),
                format!("en nog {count} waarschuwing(en) op deze kaart"),
                format!("und {count} weitere Warnung(en) zu dieser Karte"),
            ),
            R::CardValue { notes, line } => {
                let notes: Vec<String> = notes.iter().map(|n| self.value_note_words(n)).collect();
                let notes = notes.join(" ; ");
                l.pick(
                    en,
                    format!("{notes} (ligne {line})"),
                    format!("{notes} (regel {line})"),
                    format!("{notes} (Zeile {line})"),
                )
            }
            R::TooManyCells { cells, max } => l.pick(
                en,
                format!("{cells} cellules, plus de {max} : pas une ligne de client (un problème de séparateur ou de guillemet ?)"),
                format!("{cells} cellen, meer dan {max}: geen klantregel (een probleem met scheidingsteken of aanhalingsteken?)"),
                format!("{cells} Zellen, mehr als {max}: keine Kundenzeile (ein Trennzeichen- oder Anführungszeichenproblem?)"),
            ),
            R::NotValidIn { charset } => l.pick(
                en,
                format!("pas du {charset} valide (le fichier mélange les encodages ?) : relancez avec l'encodage windows-1252 si un ancien tableur l'a enregistré"),
                format!("geen geldige {charset} (het bestand mengt coderingen?): opnieuw met codering windows-1252 als een oud spreadsheet het bewaarde"),
                format!("kein gültiges {charset} (mischt die Datei Kodierungen?): neu mit Kodierung windows-1252, wenn eine alte Tabellenkalkulation sie gespeichert hat"),
            ),
            R::MisreadUtf8 { value } => l.pick(
                en,
                format!("`{value}` ressemble à de l'UTF-8 lu en windows-1252 : n'imposez pas l'encodage"),
                format!("`{value}` lijkt UTF-8 gelezen als windows-1252: laat de codering weg"),
                format!("`{value}` sieht nach UTF-8 aus, als windows-1252 gelesen: Kodierung nicht vorgeben"),
            ),
            R::MoreProblems { count } => l.pick(
                en,
                format!("et {count} autre(s) problème(s) sur cette ligne"),
                format!("en nog {count} probleem/problemen op deze regel"),
                format!("und {count} weitere(s) Problem(e) in dieser Zeile"),
            ),
            R::BeyondHeader { count } => l.pick(
                en,
                format!("{count} cellule(s) après la dernière colonne de l'en-tête : ignorée(s)"),
                format!("{count} cel(len) na de laatste kolom van de kopregel: genegeerd"),
                format!("{count} Zelle(n) nach der letzten Spalte der Kopfzeile: ignoriert"),
            ),
            R::ControlReplaced { rule, detail, .. } => {
                let why = self.rule_text(rule, detail).unwrap_or_else(|| detail.clone());
                l.pick(
                    en,
                    format!("{why} : remplacé par une espace"),
                    format!("{why}: vervangen door een spatie"),
                    format!("{why}: durch ein Leerzeichen ersetzt"),
                )
            }
            R::KeptInNote { rule, detail, .. } => {
                let why = self.rule_text(rule, detail).unwrap_or_else(|| detail.clone());
                l.pick(
                    en,
                    format!("{why} : pas enregistré, gardé dans la note personnelle"),
                    format!("{why}: niet opgeslagen, bewaard in de persoonlijke notitie"),
                    format!("{why}: nicht gespeichert, in der persönlichen Notiz behalten"),
                )
            }
            _ => return None,
        })
    }

    /// A credit limit that is not an amount.
    fn amount_words(&self, e: &MoneyError) -> String {
        let en = e.to_string();
        let l = self.lang;
        match e {
            MoneyError::NotANumber(v) => l.pick(
                en,
                format!("`{v}` n'est pas un montant (par ex. 12,50)"),
                format!("`{v}` is geen bedrag (bv. 12,50)"),
                format!("`{v}` ist kein Betrag (z. B. 12,50)"),
            ),
            MoneyError::TooPrecise(v) => l.pick(
                en,
                format!("`{v}` a plus de deux décimales"),
                format!("`{v}` heeft meer dan twee decimalen"),
                format!("`{v}` hat mehr als zwei Nachkommastellen"),
            ),
            MoneyError::OutOfRange(v) => l.pick(
                en,
                format!("le montant {v} est hors limites"),
                format!("bedrag {v} valt buiten het bereik"),
                format!("Betrag {v} liegt außerhalb des Bereichs"),
            ),
        }
    }

    /// The remarks of matching rows with stored customers.
    fn match_words(&self, r: &Remark) -> Option<String> {
        use Remark as R;
        let en = r.english();
        let l = self.lang;
        Some(match r {
            R::ReferencesOfTwo { first, second } => l.pick(
                en,
                format!("ses cartes sont à deux clients différents ({first} et {second})"),
                format!("de kaarten horen bij twee verschillende klanten ({first} en {second})"),
                format!("die Karten gehören zwei verschiedenen Kunden ({first} und {second})"),
            ),
            R::SameAsEarlierRow { key } => {
                let key = self.key_word(*key);
                l.pick(
                    en,
                    format!("même client qu'une ligne précédente du fichier (reconnu par : {key})"),
                    format!(
                        "dezelfde klant als een eerdere regel van het bestand (herkend op: {key})"
                    ),
                    format!("derselbe Kunde wie eine frühere Zeile der Datei (erkannt an: {key})"),
                )
            }
            R::SharesContact {
                key,
                customer,
                name,
            } => {
                let key = self.key_word(*key);
                l.pick(
                    en,
                    format!("même {key} que le client {customer} ({name}) mais un autre nom : créé comme nouveau client (fusionnez-les si c'est la même personne)"),
                    format!("zelfde {key} als klant {customer} ({name}) maar een andere naam: aangemaakt als nieuwe klant (voeg ze samen als het één persoon is)"),
                    format!("{key} geteilt mit Kunde {customer} ({name}), aber anderer Name: als neuer Kunde angelegt (zusammenführen, wenn es eine Person ist)"),
                )
            }
            R::IdentityConflict {
                reference,
                customer,
                stored,
                created_by_line,
                row,
            } => self.conflict_words(en, reference, customer, stored, *created_by_line, row),
            _ => return None,
        })
    }

    fn conflict_words(
        &self,
        en: String,
        reference: &Option<String>,
        customer: &str,
        stored: &Option<String>,
        created_by_line: Option<u64>,
        row: &Option<String>,
    ) -> String {
        let l = self.lang;
        let reference = reference
            .as_ref()
            .map_or_else(String::new, |r| format!(" {r}"));
        let no_name = l.pick("no name", "sans nom", "geen naam", "ohne Namen");
        let stored = stored.as_deref().unwrap_or(no_name);
        let row = row.as_deref().unwrap_or(no_name);
        let origin = created_by_line.map_or_else(String::new, |n| {
            l.pick(
                format!(", created by line {n} of this file"),
                format!(", créé par la ligne {n} de ce fichier"),
                format!(", aangemaakt door regel {n} van dit bestand"),
                format!(", angelegt von Zeile {n} dieser Datei"),
            )
        });
        l.pick(
            en,
            format!("conflit d'identité : la carte{reference} est au client {customer} ({stored}{origin}), mais cette ligne ({row}) n'a ni nom, ni e-mail, ni téléphone en commun : refusée, pas fusionnée (corrigez la carte ou la ligne et importez-la à nouveau)"),
            format!("identiteitsconflict: kaart{reference} hoort bij klant {customer} ({stored}{origin}), maar deze regel ({row}) heeft geen naam, e-mail of telefoon gemeen: geweigerd, niet samengevoegd (verbeter de kaart of de regel en importeer opnieuw)"),
            format!("Identitätskonflikt: Karte{reference} gehört Kunde {customer} ({stored}{origin}), aber diese Zeile ({row}) hat weder Name noch E-Mail noch Telefon gemeinsam: abgelehnt, nicht zusammengeführt (Karte oder Zeile korrigieren und neu importieren)"),
        )
    }

    /// The remarks about the file as a whole and the preset's reason.
    fn file_words(&self, r: &Remark) -> String {
        use Remark as R;
        let en = r.english();
        let l = self.lang;
        match r {
            R::Utf8ForcedAs1252 => l.pick(
                en,
                "le fichier semble en UTF-8 mais l'encodage imposé est windows-1252 : les lignes au texte abîmé sont refusées".into(),
                "het bestand lijkt UTF-8 maar de opgelegde codering is windows-1252: regels met verminkte tekst worden geweigerd".into(),
                "die Datei sieht nach UTF-8 aus, vorgegeben ist aber windows-1252: Zeilen mit verstümmeltem Text werden abgelehnt".into(),
            ),
            R::ManagerColumns { columns, .. } => l.pick(
                en,
                format!("la ou les colonnes {columns} fixent le groupe, la taxe ou le plafond de crédit d'un client : un acte de responsable (code PIN)"),
                format!("kolom(men) {columns} zetten de groep, belasting of kredietlimiet van een klant: een handeling van de beheerder (pincode)"),
                format!("Spalte(n) {columns} setzen Gruppe, Steuer oder Kreditlimit eines Kunden: eine Handlung des Managers (PIN)"),
            ),
            R::QuoteNeverClosed { open, line } => l.pick(
                en,
                format!("un guillemet ouvert ligne {open} n'est jamais fermé : la ligne {line} court jusqu'à la fin du fichier (vérifiez cette ligne et les suivantes)"),
                format!("een aanhalingsteken geopend op regel {open} wordt nooit gesloten: regel {line} loopt tot het einde van het bestand (controleer die regel en de volgende)"),
                format!("ein in Zeile {open} geöffnetes Anführungszeichen wird nie geschlossen: Zeile {line} läuft bis zum Dateiende (diese Zeile und die folgenden prüfen)"),
            ),
            R::DeletedDuringImport { customer } => l.pick(
                en,
                format!("le client {customer} a été supprimé ou anonymisé à la caisse pendant l'import : ses lignes n'ont pas été écrites"),
                format!("klant {customer} is tijdens de import aan de kassa verwijderd of geanonimiseerd: de regels ervan zijn niet geschreven"),
                format!("Kunde {customer} wurde während des Imports an der Kasse gelöscht oder anonymisiert: seine Zeilen wurden nicht geschrieben"),
            ),
            R::RejectedMoved { dir, error } => l.pick(
                en,
                format!("les lignes refusées ne peuvent pas être écrites dans {dir} ({error}) : elles sont dans le dossier des données"),
                format!("de geweigerde regels kunnen niet in {dir} geschreven worden ({error}): ze staan in de gegevensmap"),
                format!("die abgelehnten Zeilen können nicht in {dir} geschrieben werden ({error}): sie liegen im Datenordner"),
            ),
            R::PresetGiven => l.pick(
                en,
                "(choisi)".into(),
                "(gekozen)".into(),
                "(gewählt)".into(),
            ),
            R::PresetFromHeader { known, total } => l.pick(
                en,
                format!("(choisi d'après l'en-tête : {known} colonnes connues sur {total})"),
                format!("(gekozen op de kopregel: {known} van {total} kolommen bekend)"),
                format!("(nach der Kopfzeile gewählt: {known} von {total} Spalten bekannt)"),
            ),
            // Worded above; listed so a new kind does not compile without its words.
            R::ReadAsEmpty { .. }
            | R::PhoneAsNumber { .. }
            | R::NameAroundAddress { .. }
            | R::OtherValue { .. }
            | R::MoreWarnings { .. }
            | R::NameFrom { .. }
            | R::NoNameNoContact
            | R::NotAKind { .. }
            | R::NotYesNoIgnored { .. }
            | R::NotYesNoReadAsNo { .. }
            | R::UnknownCountry { .. }
            | R::NotANumber { .. }
            | R::NotADate { .. }
            | R::UnknownGroup { .. }
            | R::NotATax { .. }
            | R::Amount(_)
            | R::SepaIncomplete
            | R::CardVersion { .. }
            | R::CardCountry { .. }
            | R::CardSkipped { .. }
            | R::NotAProperty { .. }
            | R::MoreCardWarnings { .. }
            | R::CardValue { .. }
            | R::TooManyCells { .. }
            | R::NotValidIn { .. }
            | R::MisreadUtf8 { .. }
            | R::MoreProblems { .. }
            | R::BeyondHeader { .. }
            | R::ControlReplaced { .. }
            | R::KeptInNote { .. }
            | R::ReferencesOfTwo { .. }
            | R::SameAsEarlierRow { .. }
            | R::SharesContact { .. }
            | R::IdentityConflict { .. } => en,
        }
    }

    /// A column's origin in the report ("preset", "common name", "mapping file"; `--map`
    /// and anything else as written).
    pub fn column_origin(&self, from: &str) -> String {
        let l = self.lang;
        let word = match from {
            "preset" => l.pick("preset", "modèle", "sjabloon", "Vorlage"),
            "common name" => l.pick(
                "common name",
                "nom courant",
                "gangbare naam",
                "üblicher Name",
            ),
            "mapping file" => l.pick(
                "mapping file",
                "fichier de correspondance",
                "koppelingsbestand",
                "Zuordnungsdatei",
            ),
            other => other,
        };
        clean(word).into_owned()
    }

    /// A preset's name in the report: the two that are not vendors in this language.
    pub fn preset_shown(&self, name: &str) -> String {
        let l = self.lang;
        let word = match name {
            "common names" => l.pick(
                "common names",
                "noms courants",
                "gangbare namen",
                "übliche Namen",
            ),
            "custom" => l.pick("custom", "sur mesure", "eigen", "eigene"),
            other => other,
        };
        clean(word).into_owned()
    }

    /// The delimiter in the report (`tab` in words, a character as it is).
    pub fn delimiter_shown(&self, d: &str) -> String {
        let word = match d {
            "tab" => self.lang.pick("tab", "tabulation", "tab", "Tabulator"),
            other => other,
        };
        clean(word).into_owned()
    }

    /// How the encoding was decided, in this language (the encoding's name as it is).
    pub fn encoding_shown(&self, how: &str) -> String {
        let l = self.lang;
        let text = if let Some(name) = how.strip_suffix(" (from --encoding)") {
            l.pick(
                how.to_string(),
                format!("{name} (imposé)"),
                format!("{name} (opgelegd)"),
                format!("{name} (vorgegeben)"),
            )
        } else if let Some(name) = how.strip_suffix(" (byte-order mark)") {
            l.pick(
                how.to_string(),
                format!("{name} (marque d'ordre des octets)"),
                format!("{name} (BOM-markering)"),
                format!("{name} (Byte-Order-Mark)"),
            )
        } else if how.starts_with("windows-1252 (the file is not UTF-8") {
            l.pick(
                how.to_string(),
                "windows-1252 (le fichier n'est pas en UTF-8 ; ISO-8859-1 se lit pareil)".into(),
                "windows-1252 (het bestand is geen UTF-8; ISO-8859-1 leest hetzelfde)".into(),
                "windows-1252 (die Datei ist kein UTF-8; ISO-8859-1 liest sich gleich)".into(),
            )
        } else {
            how.to_string()
        };
        clean(&text).into_owned()
    }

    /// The column named for cells beyond the header's last column.
    pub fn column_shown(&self, column: &str) -> String {
        let word = if column == BEYOND_HEADER {
            self.lang.pick(
                column,
                "(après l'en-tête)",
                "(na de kopregel)",
                "(nach der Kopfzeile)",
            )
        } else {
            column
        };
        clean(word).into_owned()
    }
}

#[cfg(test)]
mod tests;
