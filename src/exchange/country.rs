//! Country names to ISO 3166 alpha-2 codes, for exports that write "France" or
//! "Deutschland" where comptoir stores `FR` or `DE`.
//!
//! The table covers the countries a small European shop meets, each in English, French,
//! German, Dutch, Italian and Spanish where the names differ, plus the ISO alpha-3 codes
//! some exports use. Matching ignores case, accents, dots and extra spaces. A name that is
//! not here is not guessed: the row is refused with a message asking for the ISO code,
//! because a wrong country would also misread the row's phone numbers.

/// (code, names and alpha-3 code, lower case without accents).
const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "FR",
        &["fra", "france", "frankreich", "frankrijk", "francia"],
    ),
    (
        "BE",
        &[
            "bel", "belgium", "belgique", "belgien", "belgie", "belgio", "belgica",
        ],
    ),
    (
        "NL",
        &[
            "nld",
            "netherlands",
            "the netherlands",
            "pays-bas",
            "pays bas",
            "niederlande",
            "nederland",
            "paesi bassi",
            "paises bajos",
            "holland",
            "holanda",
        ],
    ),
    (
        "LU",
        &[
            "lux",
            "luxembourg",
            "luxemburg",
            "lussemburgo",
            "luxemburgo",
        ],
    ),
    (
        "DE",
        &[
            "deu",
            "germany",
            "allemagne",
            "deutschland",
            "duitsland",
            "germania",
            "alemania",
        ],
    ),
    (
        "CH",
        &[
            "che",
            "switzerland",
            "suisse",
            "schweiz",
            "zwitserland",
            "svizzera",
            "suiza",
        ],
    ),
    (
        "AT",
        &[
            "aut",
            "austria",
            "autriche",
            "osterreich",
            "oesterreich",
            "oostenrijk",
        ],
    ),
    (
        "IT",
        &["ita", "italy", "italie", "italien", "italie", "italia"],
    ),
    (
        "ES",
        &[
            "esp", "spain", "espagne", "spanien", "spanje", "spagna", "espana",
        ],
    ),
    ("PT", &["prt", "portugal", "portogallo"]),
    (
        "GB",
        &[
            "gbr",
            "uk",
            "united kingdom",
            "great britain",
            "england",
            "royaume-uni",
            "royaume uni",
            "grossbritannien",
            "vereinigtes konigreich",
            "verenigd koninkrijk",
            "regno unito",
            "reino unido",
        ],
    ),
    (
        "IE",
        &["irl", "ireland", "irlande", "irland", "ierland", "irlanda"],
    ),
    (
        "DK",
        &[
            "dnk",
            "denmark",
            "danemark",
            "danemark",
            "denemarken",
            "danimarca",
            "dinamarca",
        ],
    ),
    (
        "SE",
        &[
            "swe", "sweden", "suede", "schweden", "zweden", "svezia", "suecia",
        ],
    ),
    (
        "NO",
        &[
            "nor",
            "norway",
            "norvege",
            "norwegen",
            "noorwegen",
            "norvegia",
            "noruega",
        ],
    ),
    (
        "FI",
        &["fin", "finland", "finlande", "finnland", "finlandia"],
    ),
    (
        "IS",
        &[
            "isl", "iceland", "islande", "island", "ijsland", "islanda", "islandia",
        ],
    ),
    ("PL", &["pol", "poland", "pologne", "polen", "polonia"]),
    (
        "CZ",
        &[
            "cze",
            "czech republic",
            "czechia",
            "republique tcheque",
            "tchequie",
            "tschechien",
            "tsjechie",
            "repubblica ceca",
            "republica checa",
            "chequia",
        ],
    ),
    (
        "SK",
        &[
            "svk",
            "slovakia",
            "slovaquie",
            "slowakei",
            "slowakije",
            "slovacchia",
            "eslovaquia",
        ],
    ),
    (
        "HU",
        &[
            "hun",
            "hungary",
            "hongrie",
            "ungarn",
            "hongarije",
            "ungheria",
            "hungria",
        ],
    ),
    (
        "SI",
        &[
            "svn",
            "slovenia",
            "slovenie",
            "slowenien",
            "slovenie",
            "eslovenia",
        ],
    ),
    (
        "HR",
        &[
            "hrv", "croatia", "croatie", "kroatien", "kroatie", "croazia", "croacia",
        ],
    ),
    (
        "RO",
        &[
            "rou", "romania", "roumanie", "rumanien", "roemenie", "rumania",
        ],
    ),
    (
        "BG",
        &["bgr", "bulgaria", "bulgarie", "bulgarien", "bulgarije"],
    ),
    (
        "GR",
        &[
            "grc",
            "greece",
            "grece",
            "griechenland",
            "griekenland",
            "grecia",
        ],
    ),
    (
        "CY",
        &["cyp", "cyprus", "chypre", "zypern", "cipro", "chipre"],
    ),
    ("MT", &["mlt", "malta", "malte"]),
    ("EE", &["est", "estonia", "estonie", "estland"]),
    (
        "LV",
        &[
            "lva", "latvia", "lettonie", "lettland", "letland", "lettonia", "letonia",
        ],
    ),
    (
        "LT",
        &[
            "ltu",
            "lithuania",
            "lituanie",
            "litauen",
            "litouwen",
            "lituania",
        ],
    ),
    ("MC", &["mco", "monaco", "monako"]),
    ("LI", &["lie", "liechtenstein"]),
    ("AD", &["and", "andorra", "andorre"]),
    ("SM", &["smr", "san marino", "saint-marin"]),
    (
        "TR",
        &[
            "tur", "turkey", "turkiye", "turquie", "turkei", "turkije", "turchia", "turquia",
        ],
    ),
    ("UA", &["ukr", "ukraine", "oekraine", "ucraina", "ucrania"]),
    ("RS", &["srb", "serbia", "serbie", "serbien", "servie"]),
    (
        "MA",
        &["mar", "morocco", "maroc", "marokko", "marocco", "marruecos"],
    ),
    (
        "DZ",
        &[
            "dza", "algeria", "algerie", "algerien", "algerije", "argelia",
        ],
    ),
    (
        "TN",
        &["tun", "tunisia", "tunisie", "tunesien", "tunesie", "tunez"],
    ),
    (
        "US",
        &[
            "usa",
            "united states",
            "united states of america",
            "etats-unis",
            "etats unis",
            "vereinigte staaten",
            "verenigde staten",
            "stati uniti",
            "estados unidos",
        ],
    ),
    ("CA", &["can", "canada", "kanada"]),
    ("MX", &["mex", "mexico", "mexique", "mexiko", "messico"]),
    (
        "BR",
        &[
            "bra",
            "brazil",
            "bresil",
            "brasilien",
            "brazilie",
            "brasile",
            "brasil",
        ],
    ),
    (
        "AR",
        &["arg", "argentina", "argentine", "argentinien", "argentinie"],
    ),
    ("AU", &["aus", "australia", "australie", "australien"]),
    (
        "NZ",
        &[
            "nzl",
            "new zealand",
            "nouvelle-zelande",
            "neuseeland",
            "nieuw-zeeland",
        ],
    ),
    ("JP", &["jpn", "japan", "japon", "giappone"]),
    ("CN", &["chn", "china", "chine", "cina"]),
    ("IN", &["ind", "india", "inde", "indien"]),
    ("IL", &["isr", "israel", "israele"]),
    (
        "ZA",
        &[
            "zaf",
            "south africa",
            "afrique du sud",
            "sudafrika",
            "zuid-afrika",
            "sudafrica",
        ],
    ),
    ("SN", &["sen", "senegal"]),
    (
        "CI",
        &[
            "civ",
            "ivory coast",
            "cote d'ivoire",
            "cote divoire",
            "elfenbeinkuste",
        ],
    ),
    ("RE", &["reu", "reunion", "la reunion"]),
    ("GP", &["glp", "guadeloupe"]),
    ("MQ", &["mtq", "martinique"]),
    (
        "GF",
        &["guf", "french guiana", "guyane", "guyane francaise"],
    ),
    ("NC", &["ncl", "new caledonia", "nouvelle-caledonie"]),
    ("PF", &["pyf", "french polynesia", "polynesie francaise"]),
];

/// The ISO alpha-2 code for `value`: a two-letter code (any case) is taken as it is,
/// a name or alpha-3 code is looked up; `None` when unknown.
pub fn code(value: &str) -> Option<String> {
    let v = value.trim();
    if v.len() == 2 && v.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(v.to_ascii_uppercase());
    }
    let key = normalise(v);
    COUNTRIES
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(c, _)| (*c).to_string())
}

/// Lower case, accents removed, dots dropped, spaces collapsed.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ß' => 's',
            '.' => continue,
            c => c,
        };
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        assert_eq!(code("fr").as_deref(), Some("FR"));
        assert_eq!(code("France").as_deref(), Some("FR"));
        assert_eq!(code("  Deutschland ").as_deref(), Some("DE"));
        assert_eq!(code("België").as_deref(), Some("BE"));
        assert_eq!(code("Pays-Bas").as_deref(), Some("NL"));
        assert_eq!(code("U.S.A.").as_deref(), Some("US"));
        assert_eq!(code("Österreich").as_deref(), Some("AT"));
        assert_eq!(code("CHE").as_deref(), Some("CH"));
        assert_eq!(code("Absurdistan"), None);
    }
}
