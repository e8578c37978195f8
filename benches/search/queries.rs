//! The fixed list of realistic searches, drawn deterministically from the demo database:
//! each names the customer it is meant to find, and the class of search it exercises.

use comptoir::demo::Rng;
use comptoir::domain::customer::{Customer, CustomerKind};
use comptoir::domain::validate;
use comptoir::search::Folder;
use comptoir::store::customers;
use rusqlite::Connection;

/// What kind of search a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Name,
    NoAccent,
    Typo,
    Street,
    Postal,
    Phone,
    Company,
    Advanced,
}

impl Class {
    pub const ALL: [Class; 8] = [
        Class::Name,
        Class::NoAccent,
        Class::Typo,
        Class::Street,
        Class::Postal,
        Class::Phone,
        Class::Company,
        Class::Advanced,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Name => "name + city",
            Class::NoAccent => "no accents",
            Class::Typo => "one typo",
            Class::Street => "partial street",
            Class::Postal => "postal code",
            Class::Phone => "phone digits",
            Class::Company => "company",
            Class::Advanced => "advanced 2 fields",
        }
    }
}

/// One search of the list.
#[derive(Debug, Clone)]
pub struct Case {
    pub class: Class,
    pub text: String,
    pub target: comptoir::domain::ids::CustomerId,
    pub target_rowid: i64,
}

fn customer_at(conn: &Connection, rowid: i64) -> Option<Customer> {
    let id = conn
        .query_row("SELECT id FROM customer WHERE rowid = ?1", [rowid], |r| {
            r.get(0)
        })
        .ok()?;
    customers::get(conn, id).ok().flatten()
}

/// A one-letter typo inside a word of 5+ letters: two inner letters swapped.
fn typo(word: &str) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 || !chars.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    let i = chars.len() / 2;
    if chars[i] == chars[i - 1] {
        return None;
    }
    chars.swap(i - 1, i);
    Some(chars.into_iter().collect())
}

fn head(text: &str, share: f64) -> String {
    let n = ((text.chars().count() as f64) * share).ceil() as usize;
    text.chars().take(n.max(1)).collect()
}

/// `per_class` cases of each class, drawn from customers 1..=n with a fixed seed.
pub fn cases(conn: &Connection, n: i64, per_class: usize) -> Vec<Case> {
    let mut rng = Rng::new(2026);
    let mut folder = Folder::default();
    let mut out = Vec::new();
    for class in Class::ALL {
        let mut made = 0;
        let mut tries = 0;
        while made < per_class && tries < per_class * 200 {
            tries += 1;
            let rowid = 1 + rng.below(n as u64) as i64;
            let Some(c) = customer_at(conn, rowid) else {
                continue;
            };
            let d = &c.data;
            let (Some(first), Some(last)) = (d.first_name.clone(), d.last_name.clone()) else {
                continue;
            };
            let city = d.address.city.clone().unwrap_or_default();
            let postal = d.address.postal_code.clone().unwrap_or_default();
            let line1 = d.address.line1.clone().unwrap_or_default();
            let text = match class {
                Class::Name => format!("{first} {last} {city}"),
                Class::NoAccent => {
                    let s = format!("{first} {last} {postal}");
                    if s.is_ascii() {
                        continue;
                    }
                    folder.fold(&s)
                }
                Class::Typo => match typo(&last) {
                    Some(t) => format!("{first} {t} {city}"),
                    None => continue,
                },
                Class::Street => {
                    // The house number and the start of the street, as a cashier asks.
                    let number = line1
                        .split(' ')
                        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
                    let street: String = line1
                        .split(' ')
                        .filter(|w| Some(*w) != number)
                        .collect::<Vec<_>>()
                        .join(" ");
                    format!(
                        "{last} {} {}",
                        number.unwrap_or_default(),
                        head(&street, 0.6)
                    )
                }
                Class::Postal => format!("{postal} {last} {first}"),
                Class::Phone => {
                    let Some(p) = &d.phone else { continue };
                    let digits: String = validate::phone_national(p)
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect();
                    // All but the last two digits, grouped by two as people say them.
                    let keep = digits.len().saturating_sub(2);
                    let grouped: Vec<String> = digits
                        .as_bytes()
                        .get(..keep)
                        .unwrap_or_default()
                        .chunks(2)
                        .map(|c| String::from_utf8_lossy(c).into_owned())
                        .collect();
                    grouped.join(" ")
                }
                Class::Company => {
                    if d.kind != CustomerKind::Entity {
                        continue;
                    }
                    let Some(co) = &d.company_name else { continue };
                    format!("{} {city}", head(co, 0.8))
                }
                Class::Advanced => format!("{last}, {line1}"),
            };
            out.push(Case {
                class,
                text,
                target: c.id,
                target_rowid: rowid,
            });
            made += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn typo_swaps_inner_letters() {
        assert_eq!(super::typo("dupont").as_deref(), Some("dupnot"));
        assert_eq!(super::typo("jan"), None);
    }
}
