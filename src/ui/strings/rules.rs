//! The validators' refusals (`domain::validate`, `domain::customer::check`) in the
//! register's language: one sentence per rule id, for the customer form and the Import
//! screen's report.
//!
//! Invariants: English keeps the validator's own text, which is the most precise (it names
//! the digit expected, the length found); French, Dutch and German say what the rule asks
//! in one sentence (the numbers a sentence needs are part of the rule, never parsed from
//! the English text, except a text field's maximum length); a rule this file does not know
//! keeps the validator's text in every language, so an error is never lost, only
//! untranslated. Every sentence is a four-way [`Lang::pick`](crate::lang::Lang::pick).

use super::Tr;

/// (fr, nl, de) sentences.
type Words = (&'static str, &'static str, &'static str);

impl Tr {
    /// The refusal of rule `rule` in this language; `None` in English or for a rule not
    /// listed here (the caller shows the validator's `detail`).
    pub fn rule_text(&self, rule: &str, detail: &str) -> Option<String> {
        if self.lang == crate::lang::Lang::En {
            return None;
        }
        if rule == "text.length" {
            // The last number of the text: "is longer than 80 characters".
            let max = detail
                .rsplit(|c: char| !c.is_ascii_digit())
                .find(|part| !part.is_empty())
                .unwrap_or("?");
            return Some(self.lang.pick(
                String::new(),
                format!("dépasse {max} caractères"),
                format!("is langer dan {max} tekens"),
                format!("ist länger als {max} Zeichen"),
            ));
        }
        let (fr, nl, de) = words(rule)?;
        Some(self.lang.pick("", fr, nl, de).to_string())
    }
}

fn words(rule: &str) -> Option<Words> {
    if let Some(w) = identity(rule) {
        return Some(w);
    }
    Some(match rule {
        "account.limit" => (
            "le plafond de crédit ne peut pas être négatif",
            "de kredietlimiet kan niet negatief zijn",
            "das Kreditlimit darf nicht negativ sein",
        ),
        "consent.date" => (
            "la date du consentement est dans le futur",
            "de datum van de toestemming ligt in de toekomst",
            "das Datum der Einwilligung liegt in der Zukunft",
        ),
        "country.code" => (
            "ce n'est pas un code pays ISO à deux lettres (ex. FR, BE)",
            "dit is geen ISO-landcode van twee letters (bv. NL, BE)",
            "das ist kein ISO-Ländercode aus zwei Buchstaben (z. B. DE, AT)",
        ),
        "name.required" => (
            "un nom ou un prénom est nécessaire (une raison sociale pour une entreprise)",
            "een voor- of achternaam is nodig (een bedrijfsnaam voor een bedrijf)",
            "ein Vor- oder Nachname ist nötig (ein Firmenname für ein Unternehmen)",
        ),
        "position.range" => (
            "la latitude va de -90 à 90 et la longitude de -180 à 180",
            "de breedtegraad ligt tussen -90 en 90, de lengtegraad tussen -180 en 180",
            "der Breitengrad liegt zwischen -90 und 90, der Längengrad zwischen -180 und 180",
        ),
        "postal.format" => (
            "ce n'est pas un code postal de ce pays",
            "dit is geen postcode van dit land",
            "das ist keine Postleitzahl dieses Landes",
        ),
        "tax.rate" => (
            "un taux de taxe est inférieur à 100 %",
            "een belastingtarief ligt onder 100%",
            "ein Steuersatz liegt unter 100 %",
        ),
        "text.control" => (
            "contient un caractère de contrôle (échappement, tabulation ou saut de ligne)",
            "bevat een stuurteken (escape, tab of regeleinde)",
            "enthält ein Steuerzeichen (Escape, Tabulator oder Zeilenumbruch)",
        ),
        "reference.barcode" => (
            "un code de carte fidélité a 1 à 64 lettres, chiffres ou - _ . /",
            "een klantenkaartcode heeft 1 tot 64 letters, cijfers of - _ . /",
            "ein Kundenkartencode hat 1 bis 64 Buchstaben, Ziffern oder - _ . /",
        ),
        "reference.nfc" => (
            "un identifiant NFC a 4 à 10 octets en hexadécimal (ex. 04:A2:3B:1C)",
            "een NFC-UID heeft 4 tot 10 bytes in hex (bv. 04:A2:3B:1C)",
            "eine NFC-UID hat 4 bis 10 Bytes in Hex (z. B. 04:A2:3B:1C)",
        ),
        "reference.duplicate" => (
            "cette carte figure deux fois dans la liste",
            "deze kaart staat twee keer in de lijst",
            "diese Karte steht zweimal in der Liste",
        ),
        "sepa.mandate_ref" => (
            "une référence de mandat a 1 à 35 lettres latines, chiffres ou + ? / - : ( ) . , '",
            "een mandaatreferentie heeft 1 tot 35 Latijnse letters, cijfers of + ? / - : ( ) . , '",
            "eine Mandatsreferenz hat 1 bis 35 lateinische Buchstaben, Ziffern oder + ? / - : ( ) . , '",
        ),
        _ => return contact(rule).or_else(|| bank(rule)),
    })
}

/// Company and tax identifiers.
fn identity(rule: &str) -> Option<Words> {
    Some(match rule {
        "company.checksum" | "siren.checksum" | "siret.checksum" | "uid.checksum" => (
            "les chiffres de contrôle de ce numéro ne correspondent pas : un chiffre mal tapé ?",
            "de controlecijfers van dit nummer kloppen niet: een cijfer verkeerd getypt?",
            "die Prüfziffern dieser Nummer stimmen nicht: eine Ziffer vertippt?",
        ),
        "company.format" | "siren.digits" | "siret.digits" => (
            "ce numéro d'entreprise contient des caractères non admis",
            "dit ondernemingsnummer bevat ongeldige tekens",
            "diese Unternehmensnummer enthält unzulässige Zeichen",
        ),
        "company.length" | "siren.length" | "siret.length" => (
            "ce numéro d'entreprise n'a pas la bonne longueur (SIREN 9 chiffres, SIRET 14)",
            "dit ondernemingsnummer heeft niet de juiste lengte",
            "diese Unternehmensnummer hat nicht die richtige Länge",
        ),
        "uid.format" => (
            "un IDE suisse s'écrit CHE suivi de 9 chiffres (ex. CHE-123.456.788)",
            "een Zwitsers UID is CHE gevolgd door 9 cijfers (bv. CHE-123.456.788)",
            "eine Schweizer UID ist CHE und 9 Ziffern (z. B. CHE-123.456.788)",
        ),
        "vat.checksum" => (
            "ce numéro de TVA ne passe pas son contrôle : un caractère mal tapé ?",
            "dit btw-nummer klopt niet met zijn controle: een teken verkeerd getypt?",
            "diese USt-IdNr. besteht ihre Prüfung nicht: ein Zeichen vertippt?",
        ),
        "vat.country" => (
            "ce numéro de TVA n'a pas de préfixe de pays connu (ex. FR, BE)",
            "dit btw-nummer heeft geen bekend landvoorvoegsel (bv. NL, BE)",
            "diese USt-IdNr. hat kein bekanntes Länderkürzel (z. B. DE, AT)",
        ),
        "vat.format" => (
            "ce numéro de TVA n'a pas la forme de ceux de son pays",
            "dit btw-nummer heeft niet de vorm van zijn land",
            "diese USt-IdNr. hat nicht die Form ihres Landes",
        ),
        "vat.length" => (
            "ce numéro de TVA n'a pas la longueur de ceux de son pays",
            "dit btw-nummer heeft niet de lengte van zijn land",
            "diese USt-IdNr. hat nicht die Länge ihres Landes",
        ),
        _ => return None,
    })
}

/// E-mail addresses, phones and bar codes.
fn contact(rule: &str) -> Option<Words> {
    Some(match rule {
        "email.at" => (
            "une adresse e-mail a un seul @ entre le nom et le domaine (ex. anna@exemple.fr)",
            "een e-mailadres heeft één @ tussen naam en domein (bv. anna@voorbeeld.nl)",
            "eine E-Mail-Adresse hat genau ein @ zwischen Name und Domain (z. B. anna@beispiel.de)",
        ),
        "email.domain" => (
            "le domaine après le @ n'est pas valide (ex. exemple.fr)",
            "het domein na de @ is ongeldig (bv. voorbeeld.nl)",
            "die Domain nach dem @ ist ungültig (z. B. beispiel.de)",
        ),
        "email.empty" => (
            "l'adresse e-mail est vide",
            "het e-mailadres is leeg",
            "die E-Mail-Adresse ist leer",
        ),
        "email.length" => (
            "cette adresse e-mail est trop longue",
            "dit e-mailadres is te lang",
            "diese E-Mail-Adresse ist zu lang",
        ),
        "email.local" => (
            "la partie avant le @ n'est pas valide",
            "het deel vóór de @ is ongeldig",
            "der Teil vor dem @ ist ungültig",
        ),
        "phone.country" => (
            "le pays par défaut des téléphones n'est pas connu",
            "het standaardland voor telefoonnummers is onbekend",
            "das Standardland für Telefonnummern ist unbekannt",
        ),
        "phone.invalid" => (
            "ce numéro n'existe pas dans son pays : vérifiez le nombre de chiffres et l'indicatif",
            "dit nummer bestaat niet in zijn land: controleer het aantal cijfers en het voorvoegsel",
            "diese Nummer gibt es in ihrem Land nicht: Ziffernzahl und Vorwahl prüfen",
        ),
        "phone.parse" => (
            "ce n'est pas un numéro de téléphone lisible",
            "dit is geen leesbaar telefoonnummer",
            "das ist keine lesbare Telefonnummer",
        ),
        "ean.check" => (
            "le dernier chiffre (la clé) de ce code-barres ne correspond pas : un chiffre mal tapé ?",
            "het laatste cijfer (controlecijfer) van deze streepjescode klopt niet: typfout?",
            "die letzte Ziffer (Prüfziffer) dieses Strichcodes stimmt nicht: vertippt?",
        ),
        "ean.digits" => (
            "un code-barres ne contient que des chiffres, sans espaces ni tirets",
            "een streepjescode bevat alleen cijfers, zonder spaties of streepjes",
            "ein Strichcode besteht nur aus Ziffern, ohne Leerzeichen oder Bindestriche",
        ),
        "ean.length" => (
            "un code-barres a 8, 12, 13 ou 14 chiffres",
            "een streepjescode heeft 8, 12, 13 of 14 cijfers",
            "ein Strichcode hat 8, 12, 13 oder 14 Ziffern",
        ),
        _ => return None,
    })
}

/// IBAN and BIC.
fn bank(rule: &str) -> Option<Words> {
    Some(match rule {
        "bic.format" | "sepa.bic" => (
            "ce BIC n'a pas la bonne forme (4 lettres de banque, 2 de pays, 2 de lieu, 3 d'agence)",
            "deze BIC heeft niet de juiste vorm (4 letters bank, 2 land, 2 plaats, 3 filiaal)",
            "dieser BIC hat nicht die richtige Form (4 Buchstaben Bank, 2 Land, 2 Ort, 3 Filiale)",
        ),
        "bic.length" => (
            "un BIC a 8 ou 11 caractères",
            "een BIC heeft 8 of 11 tekens",
            "ein BIC hat 8 oder 11 Zeichen",
        ),
        "iban.charset" => (
            "un IBAN ne contient que des lettres A-Z et des chiffres",
            "een IBAN bevat alleen letters A-Z en cijfers",
            "eine IBAN enthält nur Buchstaben A-Z und Ziffern",
        ),
        "iban.checksum" | "sepa.iban" => (
            "les chiffres de contrôle de cet IBAN ne correspondent pas : un caractère mal tapé ?",
            "de controlecijfers van deze IBAN kloppen niet: een teken verkeerd getypt?",
            "die Prüfziffern dieser IBAN stimmen nicht: ein Zeichen vertippt?",
        ),
        "iban.country" => (
            "un IBAN commence par un code pays connu (ex. FR, DE)",
            "een IBAN begint met een bekende landcode (bv. NL, BE)",
            "eine IBAN beginnt mit einem bekannten Ländercode (z. B. DE, AT)",
        ),
        "iban.format" => (
            "un caractère de cet IBAN n'est pas à sa place pour son pays",
            "een teken van deze IBAN past niet bij de vorm van zijn land",
            "ein Zeichen dieser IBAN passt nicht zur Form ihres Landes",
        ),
        "iban.length" => (
            "cet IBAN n'a pas la longueur de ceux de son pays",
            "deze IBAN heeft niet de lengte van zijn land",
            "diese IBAN hat nicht die Länge ihres Landes",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::ui::strings::tr;

    /// Every rule id the validators use, read from their sources: a new rule without
    /// words here fails this test.
    #[test]
    fn every_validator_rule_has_words_in_french_dutch_and_german() {
        let sources = [
            include_str!("../../domain/validate.rs"),
            include_str!("../../domain/validate/email.rs"),
            include_str!("../../domain/validate/phone.rs"),
            include_str!("../../domain/validate/iban.rs"),
            include_str!("../../domain/validate/ean.rs"),
            include_str!("../../domain/validate/vat.rs"),
            include_str!("../../domain/validate/fr.rs"),
            include_str!("../../domain/validate/ch.rs"),
            include_str!("../../domain/validate/company.rs"),
            include_str!("../../domain/validate/vat_benelux.rs"),
            include_str!("../../domain/validate/vat_central.rs"),
            include_str!("../../domain/validate/vat_north.rs"),
            include_str!("../../domain/validate/vat_south.rs"),
            include_str!("../../domain/validate/checksum.rs"),
            include_str!("../../domain/customer/check.rs"),
        ];
        let mut rules = Vec::new();
        for src in sources {
            for part in src.split("Invalid::new(").skip(1) {
                rules.extend(first_rule(part));
            }
            for part in src.split("rule: \"").skip(1) {
                rules.extend(part.split('"').next().map(str::to_string));
            }
            for part in src.split(".fail(").skip(1) {
                // fail(field, rule, detail): the rule is the last quoted word (a dotted
                // id without spaces) before the detail (the first quoted text with one).
                let call = part.split(';').next().unwrap_or("");
                let quoted = call.split('"').skip(1).step_by(2);
                let ids = quoted.take_while(|q| !q.contains(' '));
                if let Some(r) = ids.filter(|q| q.contains('.')).last() {
                    rules.push(r.to_string());
                }
            }
        }
        rules.sort();
        rules.dedup();
        assert!(rules.len() > 30, "the rules were read: {rules:?}");
        for lang in [Lang::Fr, Lang::Nl, Lang::De] {
            let t = tr(lang);
            for r in &rules {
                let text = t.rule_text(r, "is longer than 80 characters");
                assert!(text.is_some(), "{r} has no words in {lang:?}");
            }
        }
        assert_eq!(tr(Lang::En).rule_text("iban.checksum", "x"), None);
        assert_eq!(tr(Lang::Fr).rule_text("no.such_rule", "x"), None);
        assert_eq!(
            tr(Lang::De)
                .rule_text("text.length", "phone2: is longer than 80 characters")
                .as_deref(),
            Some("ist länger als 80 Zeichen")
        );
    }

    fn first_rule(after_call: &str) -> Option<String> {
        let s = after_call.trim_start();
        let s = s.strip_prefix('"')?;
        let rule = s.split('"').next()?;
        (rule.contains('.') && !rule.contains(' ')).then(|| rule.to_string())
    }
}
