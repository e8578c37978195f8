//! The catalogue's word index for the F5 item search: the same folding, prefixes and typo
//! budget as the customer search ([`Folder`], [`typo_budget`]), in memory, because a
//! catalogue (100,000 products at most in a shop) is small and changes rarely.
//!
//! Each distinct folded word of the product names is kept once, sorted, with the products
//! that have it (a posting list, ascending). A typed word matches the words it starts
//! (a range of the sorted list found by binary search), then, when that pass finds fewer
//! than [`TYPO_THRESHOLD`] products, the words a prefix of which is within the word's
//! typo budget (one edit from 4 characters, two from 8). Every typed word must match a
//! word of the name; a typed text without spaces also finds the codes that contain it.
//!
//! Invariants: results are in catalogue order (by name), direct matches before typo
//! matches, each product once, at most `limit`; at most [`MAX_TOKENS`] typed words of
//! [`MAX_TOKEN`] characters are looked at, so a pasted page costs what eight words cost.

use super::text::{typo_budget, MAX_TOKEN, MAX_TOKENS};
use super::{Folder, TYPO_THRESHOLD};
use crate::domain::catalog::Product;

/// The products and their word index.
#[derive(Debug, Default)]
pub struct CatalogIndex {
    products: Vec<Product>,
    /// Upper-case codes, by product.
    codes: Vec<String>,
    /// Distinct folded words, sorted.
    words: Vec<String>,
    /// By word: the products whose name has it, ascending.
    postings: Vec<Vec<u32>>,
}

/// A set of products as bits.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn set(&mut self, i: u32) {
        if let Some(w) = self.0.get_mut((i / 64) as usize) {
            *w |= 1 << (i % 64);
        }
    }
    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    fn and(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }
    fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
    /// The members, ascending.
    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros() as usize;
                    w &= w - 1;
                    k * 64 + b
                })
            })
        })
    }
}

impl CatalogIndex {
    /// Indexes `products` (kept in the order given).
    pub fn new(products: Vec<Product>, folder: &mut Folder) -> CatalogIndex {
        let mut pairs: Vec<(String, u32)> = Vec::new();
        let mut tokens = Vec::new();
        for (i, p) in products.iter().enumerate() {
            tokens.clear();
            folder.tokens_into(&p.name, &mut tokens);
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            pairs.extend(tokens.drain(..).map(|t| (t, i)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut words: Vec<String> = Vec::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        for (w, i) in pairs {
            match (words.last(), postings.last_mut()) {
                (Some(last), Some(list)) if *last == w => list.push(i),
                _ => {
                    words.push(w);
                    postings.push(vec![i]);
                }
            }
        }
        let codes = products.iter().map(|p| p.code.to_uppercase()).collect();
        CatalogIndex {
            products,
            codes,
            words,
            postings,
        }
    }

    pub fn len(&self) -> usize {
        self.products.len()
    }

    /// Every product, in the order indexed.
    pub fn all(&self) -> &[Product] {
        &self.products
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// The products matching `text`, at most `limit`.
    pub fn search(&self, folder: &mut Folder, text: &str, limit: usize) -> Vec<&Product> {
        let typed = text.trim();
        let words: Vec<String> = folder.tokens(typed).into_iter().take(MAX_TOKENS).collect();
        let mut direct = self.matching(&words, false);
        let code = typed.to_uppercase();
        if !code.is_empty() && !code.contains(char::is_whitespace) && code.len() <= MAX_TOKEN {
            let bits = direct.get_or_insert_with(|| Bits::new(self.products.len()));
            for (i, c) in self.codes.iter().enumerate() {
                if c.contains(&code) {
                    bits.set(u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
        }
        let mut found: Vec<usize> = match &direct {
            Some(bits) => bits.ones().take(limit).collect(),
            None => Vec::new(),
        };
        if found.len() < TYPO_THRESHOLD.min(limit) && words.iter().any(|w| typo_budget(w) > 0) {
            if let Some(typo) = self.matching(&words, true) {
                let room = limit.saturating_sub(found.len());
                let seen = |i: &usize| direct.as_ref().is_some_and(|d| d.get(*i));
                let more: Vec<usize> = typo.ones().filter(|i| !seen(i)).take(room).collect();
                found.extend(more);
            }
        }
        found
            .into_iter()
            .filter_map(|i| self.products.get(i))
            .collect()
    }

    /// The products whose name has, for every typed word, a word it starts (or, with
    /// `typos`, one a prefix of which is within its budget); `None` without words.
    fn matching(&self, typed: &[String], typos: bool) -> Option<Bits> {
        let mut all: Option<Bits> = None;
        for t in typed {
            let mut these = Bits::new(self.products.len());
            let budget = if typos { typo_budget(t) } else { 0 };
            if budget == 0 {
                let start = self.words.partition_point(|w| w.as_str() < t.as_str());
                for (w, list) in self.words[start..].iter().zip(&self.postings[start..]) {
                    if !w.starts_with(t.as_str()) {
                        break;
                    }
                    list.iter().for_each(|&i| these.set(i));
                }
            } else {
                let t: Vec<char> = t.chars().collect();
                for (w, list) in self.words.iter().zip(&self.postings) {
                    if prefix_distance(&t, w, budget) {
                        list.iter().for_each(|&i| these.set(i));
                    }
                }
            }
            match all.as_mut() {
                Some(a) => a.and(&these),
                None => all = Some(these),
            }
            if all.as_ref().is_some_and(Bits::is_empty) {
                break;
            }
        }
        all
    }
}

/// Whether some prefix of `word` is within `budget` edits of `typed`: insertions,
/// deletions, substitutions and transpositions of two neighbours (as the customer
/// search counts them), by the optimal-string-alignment table of `word` against `typed`,
/// one row per character of `word`, stopped as soon as a whole row is over the budget.
fn prefix_distance(typed: &[char], word: &str, budget: u8) -> bool {
    let budget = usize::from(budget);
    let n = typed.len();
    // Column j: the distance between word[..i] and typed[..j], for rows i-2, i-1, i.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=n).collect();
    if prev[n] <= budget {
        return true;
    }
    let mut last: Option<char> = None;
    for (i, c) in word.chars().enumerate() {
        let mut row = vec![i + 1; n + 1];
        for j in 1..=n {
            let cost = usize::from(typed[j - 1] != c);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(row[j - 1] + 1);
            if j > 1 && last == Some(typed[j - 1]) && typed[j - 2] == c {
                if let Some(b) = before.get(j - 2) {
                    d = d.min(b + 1);
                }
            }
            row[j] = d;
        }
        if row[n] <= budget {
            return true;
        }
        if row.iter().all(|&d| d > budget) {
            return false;
        }
        before = std::mem::replace(&mut prev, row);
        last = Some(c);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::ProductId;
    use crate::domain::money::{Money, Percent};

    fn catalogue(names: &[(&str, &str)]) -> CatalogIndex {
        let products = names
            .iter()
            .map(|(code, name)| Product {
                id: ProductId::generate(),
                code: code.to_string(),
                name: name.to_string(),
                price: Money::from_cents(100),
                tax_rate: Percent::ZERO,
                cost: None,
                category: None,
            })
            .collect();
        CatalogIndex::new(products, &mut Folder::default())
    }

    fn names(index: &CatalogIndex, text: &str) -> Vec<String> {
        index
            .search(&mut Folder::default(), text, 20)
            .into_iter()
            .map(|p| p.name.clone())
            .collect()
    }

    #[test]
    fn prefixes_accents_codes_and_typos() {
        let index = catalogue(&[
            ("3017620422003", "Café moulu Éthiopie 250 g"),
            ("CAFE-GRAIN", "Café en grains Brésil 1 kg"),
            ("TH-01", "Thé vert Sencha"),
            ("CHOC-70", "Chocolat noir 70 %"),
        ]);
        assert_eq!(names(&index, "cafe eth"), ["Café moulu Éthiopie 250 g"]);
        assert_eq!(names(&index, "CAFÉ").len(), 2);
        // Part of a code.
        assert_eq!(names(&index, "0422"), ["Café moulu Éthiopie 250 g"]);
        // One typo in a word of 4 to 7 letters, two from 8.
        assert_eq!(names(&index, "chocolta"), ["Chocolat noir 70 %"]);
        assert_eq!(names(&index, "sencah"), ["Thé vert Sencha"]);
        assert_eq!(names(&index, "ethoipie"), ["Café moulu Éthiopie 250 g"]);
        // Short words get no typo budget: "thx" is not "the".
        assert!(names(&index, "thx").is_empty());
        assert!(names(&index, "zzzz").is_empty());
        assert!(names(&index, "").is_empty());
    }

    #[test]
    fn every_word_must_match_and_direct_matches_come_first() {
        let index = catalogue(&[
            ("1", "Moulin à poivre"),
            ("2", "Moulu fin"),
            ("3", "Poivre noir moulu"),
        ]);
        // The direct match first; then, as fewer than TYPO_THRESHOLD were found, the
        // typo matches ("moulu" is one edit from "mouli..."); never a name without
        // "poivre".
        assert_eq!(
            names(&index, "poivre moulu"),
            ["Poivre noir moulu", "Moulin à poivre"]
        );
        // "moulx": no direct match; typo matches keep the catalogue order.
        assert_eq!(
            names(&index, "moulx"),
            ["Moulin à poivre", "Moulu fin", "Poivre noir moulu"]
        );
    }

    #[test]
    fn prefix_distance_counts_edits_against_the_best_prefix() {
        let t: Vec<char> = "xthoip".chars().collect();
        assert!(prefix_distance(&t, "ethiopie", 2));
        assert!(!prefix_distance(&t, "ethiopie", 1));
        let t: Vec<char> = "moulx".chars().collect();
        assert!(prefix_distance(&t, "moulu", 1));
        assert!(prefix_distance(&t, "moulin", 1));
        assert!(!prefix_distance(&t, "poivre", 1));
        // Two neighbours swapped are one edit.
        let t: Vec<char> = "vret".chars().collect();
        assert!(prefix_distance(&t, "vert", 1));
        let t: Vec<char> = "chocolta".chars().collect();
        assert!(prefix_distance(&t, "chocolat", 1));
    }
}
