//! The service's refusals in the register's language: the English text is each error's
//! own `Display`; this module and one submodule per language give the others (French,
//! Dutch, German), for what the register shows after an action the service refused.
//!
//! Invariants: every [`Refusal`](super::Refusal) and [`SaleError`](crate::domain::sale::SaleError) variant has its sentence in every
//! language (the matches have no wildcard, over the languages nor over the variants, so a
//! new variant or language is a compile error until it is worded);
//! the values inside (ticket numbers, codes, amounts) are shown as the error holds them;
//! an error that is not a refusal (the store's, the PIN's) keeps its own text, except
//! the store's two refusals of a name already taken (a product code, a group name).

mod de;
mod fr;
mod nl;

use super::ServiceError;
use crate::lang::Lang;
use crate::store::StoreError;

/// `e` as the register shows it in `lang`.
pub fn describe(e: &ServiceError, lang: Lang) -> String {
    match (lang, e) {
        (Lang::En, _) => e.to_string(),
        (Lang::Fr, ServiceError::Refused(r)) => fr::refusal(r),
        (Lang::Fr, ServiceError::Sale(s)) => fr::sale(s),
        (Lang::Nl, ServiceError::Refused(r)) => nl::refusal(r),
        (Lang::Nl, ServiceError::Sale(s)) => nl::sale(s),
        (Lang::De, ServiceError::Refused(r)) => de::refusal(r),
        (Lang::De, ServiceError::Sale(s)) => de::sale(s),
        // The store's refusals a manager meets on the products and groups screens.
        (
            Lang::Fr | Lang::Nl | Lang::De,
            ServiceError::Store(StoreError::ProductCodeTaken(code)),
        ) => lang.pick(
            e.to_string(),
            format!("le code {code:?} est déjà celui d'un autre article"),
            format!("code {code:?} is al van een ander artikel"),
            format!("der Code {code:?} gehört schon einem anderen Artikel"),
        ),
        (Lang::Fr | Lang::Nl | Lang::De, ServiceError::Store(StoreError::GroupExists(name))) => {
            lang.pick(
                e.to_string(),
                format!("un groupe nommé {name:?} existe déjà"),
                format!("er bestaat al een groep {name:?}"),
                format!("eine Gruppe namens {name:?} gibt es schon"),
            )
        }
        (
            Lang::Fr | Lang::Nl | Lang::De,
            ServiceError::Store(StoreError::AlreadyClosed { register, day }),
        ) => lang.pick(
            e.to_string(),
            format!("la caisse {register} a déjà clôturé le {day} : on peut la réimprimer, pas la clôturer deux fois"),
            format!("kassa {register} heeft {day} al afgesloten: opnieuw afdrukken kan, twee keer afsluiten niet"),
            format!("Kasse {register} hat den {day} schon abgeschlossen: erneut drucken ja, zweimal abschließen nein"),
        ),
        // The store's others, the PIN's: their own text (a path, an SQLite message), in
        // every language.
        (Lang::Fr | Lang::Nl | Lang::De, _) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sale::SaleError;
    use crate::service::Refusal;

    #[test]
    fn refusals_are_worded_in_french_and_kept_in_english() {
        let e = ServiceError::Refused(Refusal::NeedsManager("a merge"));
        assert_eq!(
            describe(&e, Lang::Fr),
            "Une fusion demande le gérant (code PIN ou session déverrouillée)"
        );
        assert_eq!(
            describe(&e, Lang::En),
            "a merge needs the manager (PIN or an unlocked session)"
        );
        let e = ServiceError::Refused(Refusal::NotEnough {
            what: "wallet",
            available: "5,00 €".into(),
            asked: "8,00 €".into(),
        });
        assert_eq!(
            describe(&e, Lang::Fr),
            "Porte-monnaie insuffisant : 5,00 € disponible, 8,00 € demandé"
        );
        let e = ServiceError::Sale(SaleError::Empty);
        assert_eq!(describe(&e, Lang::Fr), "le ticket n'a aucune ligne");
    }

    #[test]
    fn refusals_are_worded_in_dutch_and_german() {
        let e = ServiceError::Refused(Refusal::NeedsManager("a merge"));
        assert_eq!(
            describe(&e, Lang::Nl),
            "Samenvoegen vraagt de beheerder (pincode of ontgrendelde sessie)"
        );
        assert_eq!(
            describe(&e, Lang::De),
            "Ein Zusammenführen braucht den Chef (PIN oder entsperrte Sitzung)"
        );
        let e = ServiceError::Sale(SaleError::Empty);
        assert_eq!(describe(&e, Lang::Nl), "de bon heeft geen regels");
        assert_eq!(describe(&e, Lang::De), "der Bon hat keine Zeilen");
        // Every language words it its own way: none falls back to the English.
        let english = describe(&e, Lang::En);
        for lang in [Lang::Fr, Lang::Nl, Lang::De] {
            assert_ne!(describe(&e, lang), english, "{lang:?}");
        }
    }

    #[test]
    fn a_code_or_group_name_already_taken_is_said_in_every_language() {
        let code = ServiceError::Store(StoreError::ProductCodeTaken("CAFE-01".into()));
        let group = ServiceError::Store(StoreError::GroupExists("VIP".into()));
        for e in [&code, &group] {
            let all: std::collections::BTreeSet<String> =
                Lang::ALL.iter().map(|l| describe(e, *l)).collect();
            assert_eq!(all.len(), 4, "{all:?}");
        }
        assert_eq!(
            describe(&code, Lang::Fr),
            "le code \"CAFE-01\" est déjà celui d'un autre article"
        );
        assert_eq!(
            describe(&group, Lang::En),
            "a group named `VIP` already exists"
        );
    }
}
