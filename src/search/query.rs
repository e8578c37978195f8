//! Turning what the cashier typed into a tantivy query. No user text ever reaches a query
//! parser: tokens become terms, so quotes, colons, `AND`, `*` or `~` are just characters.
//!
//! Each token must match one of the searched fields (a `Must` per token); within a token
//! the best match counts (a disjunction-max): exact (10 + field weight), prefix (5 +
//! weight), typo on a prefix (1 + weight / 5). Field weights stay below 5, so for one
//! token every exact match outranks every prefix match, which outranks every typo. Typo
//! clauses are only built in the second pass, run when the first finds too little.

use tantivy::query::{BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::schema::{Fields, SearchField};
use super::text::{exact, is_short, phone_run, typo_budget, windows, Folder, MAX_TOKENS};

/// Score of a whole-query phone-digit match (an exact match in the phone field).
const PHONE_SCORE: f32 = 12.5;

/// Which matches a pass allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Exact and prefix matches only (cheap: plain term lookups).
    Direct,
    /// Also one or two typos, by token length.
    Typo,
}

/// Tokens to match, each against a set of fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub fields: Vec<SearchField>,
    pub tokens: Vec<String>,
    /// The raw text of the group, for the phone-digit interpretation.
    pub raw: String,
}

/// Simple mode: every token against every default field.
pub fn simple_groups(folder: &mut Folder, text: &str, fields: &[SearchField]) -> Vec<Group> {
    let tokens: Vec<String> = folder.tokens(text).into_iter().take(MAX_TOKENS).collect();
    if tokens.is_empty() {
        return Vec::new();
    }
    vec![Group {
        fields: fields.to_vec(),
        tokens,
        raw: text.chars().take(200).collect(),
    }]
}

/// Advanced mode: comma-separated values, the i-th matched in the i-th field; empty values
/// are skipped; values beyond the fields match any of the chosen fields.
pub fn advanced_groups(folder: &mut Folder, text: &str, fields: &[SearchField]) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut budget = MAX_TOKENS;
    for (i, value) in text.split(',').enumerate() {
        let tokens: Vec<String> = folder.tokens(value).into_iter().take(budget).collect();
        if tokens.is_empty() {
            continue;
        }
        budget -= tokens.len();
        let fields = match fields.get(i) {
            Some(f) => vec![*f],
            None => fields.to_vec(),
        };
        groups.push(Group {
            fields,
            tokens,
            raw: value.chars().take(200).collect(),
        });
        if budget == 0 {
            break;
        }
    }
    groups
}

/// The query for some groups in one pass; `None` when there is nothing to look for.
pub fn build(f: &Fields, groups: &[Group], pass: Pass) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for g in groups {
        let text_fields: Vec<SearchField> = g
            .fields
            .iter()
            .copied()
            .filter(|x| *x != SearchField::Phone)
            .collect();
        let mut tokens_query: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in &g.tokens {
            let d = token_clause(f, &text_fields, t, pass);
            if let Some(d) = d {
                tokens_query.push((Occur::Must, d));
            } else {
                tokens_query.clear();
                break;
            }
        }
        let phone = g
            .fields
            .contains(&SearchField::Phone)
            .then(|| phone_run(&g.raw))
            .flatten()
            .map(|run| phone_clause(f, &run));
        let group: Box<dyn Query> = match (tokens_query.is_empty(), phone) {
            (true, None) => return None,
            (true, Some(p)) => p,
            (false, None) => Box::new(BooleanQuery::new(tokens_query)),
            (false, Some(p)) => Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(BooleanQuery::new(tokens_query)) as Box<dyn Query>,
                ),
                (Occur::Should, p),
            ])),
        };
        clauses.push((Occur::Must, group));
    }
    match clauses.len() {
        0 => None,
        1 => clauses.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(clauses))),
    }
}

/// All the 4-digit windows of a typed digit run must be in the customer's numbers.
fn phone_clause(f: &Fields, run: &str) -> Box<dyn Query> {
    let mut ws: Vec<String> = windows(run).collect();
    ws.sort_unstable();
    ws.dedup();
    let clauses = ws
        .iter()
        .map(|w| (Occur::Must, constant(f, SearchField::Phone, w, 0.0)))
        .collect();
    Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new(clauses)),
        PHONE_SCORE,
    ))
}

fn constant(f: &Fields, field: SearchField, term: &str, score: f32) -> Box<dyn Query> {
    let t = Term::from_field_text(f.field(field), term);
    Box::new(ConstScoreQuery::new(
        Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
        score,
    ))
}

/// The best match of one token in any of `fields`.
fn token_clause(
    f: &Fields,
    fields: &[SearchField],
    token: &str,
    pass: Pass,
) -> Option<Box<dyn Query>> {
    let mut alts: Vec<Box<dyn Query>> = Vec::new();
    let exact_term = exact(token);
    let budget = typo_budget(token);
    for &field in fields {
        let w = field.weight();
        alts.push(constant(f, field, &exact_term, 10.0 + w));
        if is_short(token) {
            // Short prefixes are indexed terms of their own.
            alts.push(constant(f, field, token, 5.0 + w));
        } else {
            // Longer ones expand over the dictionary (few terms share 4+ letters).
            let t = Term::from_field_text(f.field(field), token);
            alts.push(Box::new(ConstScoreQuery::new(
                Box::new(FuzzyTermQuery::new_prefix(t, 0, false)),
                5.0 + w,
            )));
        }
        if pass == Pass::Typo && budget > 0 {
            let t = Term::from_field_text(f.field(field), token);
            alts.push(Box::new(ConstScoreQuery::new(
                Box::new(FuzzyTermQuery::new_prefix(t, budget, true)),
                1.0 + w / 5.0,
            )));
        }
    }
    if alts.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(
        alts.into_iter().map(|q| (Occur::Should, q)).collect(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advanced_parsing_of_commas() {
        let mut folder = Folder::default();
        let fields = [SearchField::FirstName, SearchField::Street];
        let g = advanced_groups(&mut folder, " Jan ,  Voorstraat ", &fields);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].fields, [SearchField::FirstName]);
        assert_eq!(g[0].tokens, ["jan"]);
        assert_eq!(g[1].fields, [SearchField::Street]);
        let g = advanced_groups(&mut folder, ", Voorstraat,,", &fields);
        assert_eq!(g.len(), 1, "empty values are skipped");
        assert_eq!(
            g[0].fields,
            [SearchField::Street],
            "a value keeps its position"
        );
        let g = advanced_groups(&mut folder, "jan, voor, utrecht", &fields);
        assert_eq!(g[2].fields, fields, "extra values match any chosen field");
        assert!(advanced_groups(&mut folder, ",,, ,", &fields).is_empty());
    }

    #[test]
    fn hostile_text_builds_bounded_queries() {
        let mut folder = Folder::default();
        let f = Fields::new();
        let fields = SearchField::ALL;
        for text in [
            "",
            "\"",
            "name:jan AND (x OR y)*~2",
            &"a ".repeat(5000),
            &"é".repeat(10_000),
            "\u{1b}[2J",
            "+++",
            "\0",
        ] {
            let g = simple_groups(&mut folder, text, &fields);
            assert!(g.iter().all(|g| g.tokens.len() <= MAX_TOKENS));
            let _ = build(&f, &g, Pass::Typo);
            let g = advanced_groups(&mut folder, text, &fields);
            assert!(g.iter().map(|g| g.tokens.len()).sum::<usize>() <= MAX_TOKENS);
            let _ = build(&f, &g, Pass::Direct);
        }
    }
}
