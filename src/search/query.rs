//! Turning what the cashier typed into a tantivy query. No user text ever reaches a query
//! parser: tokens become terms, so quotes, colons, `AND`, `*` or `~` are just characters.
//!
//! Each token must match one of the searched fields (a `Must` per token); within a token
//! the matches add up (a `Should` union, much faster than a disjunction-max over dense
//! posting lists): exact (10 + field weight), prefix (5 + weight), typo on a prefix (1 +
//! weight / 5). An exact match is also a prefix match, and field weights stay below 5,
//! so for one token every exact match outranks every prefix-only match, which outranks
//! every typo. Typo clauses are only built in the second pass, run when the first finds
//! too little, and only for the tokens the caller marks (those that match nothing as
//! typed).

use tantivy::query::{BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::anyof::AnyOf;
use super::schema::{FieldGroup, Fields, SearchField};
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
    /// Which tokens may match with typos in the typo pass (set by the caller from what
    /// the first pass found: tokens that match nothing as typed).
    pub fuzzy: Vec<bool>,
}

impl Group {
    fn new(fields: Vec<SearchField>, tokens: Vec<String>, raw: &str) -> Group {
        let fuzzy = vec![false; tokens.len()];
        Group {
            fields,
            tokens,
            raw: raw.chars().take(200).collect(),
            fuzzy,
        }
    }
}

/// Simple mode: every token against every default field.
pub fn simple_groups(folder: &mut Folder, text: &str, fields: &[SearchField]) -> Vec<Group> {
    let tokens: Vec<String> = folder.tokens(text).into_iter().take(MAX_TOKENS).collect();
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut fields = fields.to_vec();
    if let [one] = tokens.as_slice() {
        if one.chars().count() <= 2
            && fields
                .iter()
                .any(|f| f.group() != Some(FieldGroup::Address))
        {
            // The first two keystrokes look up names only: one or two letters of a street
            // or city ("ru", "de") match most of the base and tell the cashier nothing.
            fields.retain(|f| f.group() != Some(FieldGroup::Address));
        }
    }
    vec![Group::new(fields, tokens, text)]
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
        groups.push(Group::new(fields, tokens, value));
        if budget == 0 {
            break;
        }
    }
    groups
}

/// The query for some groups in one pass; `None` when there is nothing to look for.
pub fn build(f: &Fields, groups: &[Group], pass: Pass, expand: Expand) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for g in groups {
        let text_fields: Vec<SearchField> = g
            .fields
            .iter()
            .copied()
            .filter(|x| *x != SearchField::Phone)
            .collect();
        let mut tokens_query: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, t) in g.tokens.iter().enumerate() {
            let fuzzy = pass == Pass::Typo && g.fuzzy.get(i).copied().unwrap_or(false);
            let alone = groups.len() == 1 && g.tokens.len() == 1;
            let d = token_clause(f, &text_fields, t, fuzzy, alone, expand);
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

/// Lists the indexed terms of a field that start with a prefix, or `None` when there are
/// too many to look up one by one.
pub type Expand<'a> = &'a dyn Fn(tantivy::schema::Field, &str) -> Option<Vec<String>>;

type Part = (Box<dyn Query>, f32);

fn term_part(field: tantivy::schema::Field, text: &str, score: f32) -> Part {
    let t = Term::from_field_text(field, text);
    (Box::new(TermQuery::new(t, IndexRecordOption::Basic)), score)
}

/// A prefix lookup (whole tokens are the only terms longer than the short grams). A
/// prefix shared by a few terms becomes those terms, which seek lazily inside an
/// intersection; a common one falls back to one automaton over the dictionary.
fn prefix_parts(
    field: tantivy::schema::Field,
    prefix: &str,
    score: f32,
    expand: Expand,
    out: &mut Vec<Part>,
) {
    match expand(field, prefix) {
        Some(terms) => out.extend(terms.iter().map(|t| term_part(field, t, score))),
        None => {
            let t = Term::from_field_text(field, prefix);
            out.push((Box::new(FuzzyTermQuery::new_prefix(t, 0, false)), score));
        }
    }
}

/// A prefix lookup allowing `budget` typos.
fn typo_part(field: tantivy::schema::Field, token: &str, budget: u8, score: f32) -> Part {
    let t = Term::from_field_text(field, token);
    (Box::new(FuzzyTermQuery::new_prefix(t, budget, true)), score)
}

/// The matches of one token in any of `fields`. Whole field groups are looked up in the
/// tagged `any` field: one exact and one prefix lookup per group.
fn token_clause(
    f: &Fields,
    fields: &[SearchField],
    token: &str,
    fuzzy: bool,
    alone: bool,
    expand: Expand,
) -> Option<Box<dyn Query>> {
    let mut parts: Vec<Part> = Vec::new();
    let exact_term = exact(token);
    let budget = if fuzzy { typo_budget(token) } else { 0 };
    let mut rest: Vec<SearchField> = fields.to_vec();
    for g in FieldGroup::ALL {
        let members = g.members();
        if !members.iter().all(|m| fields.contains(m)) {
            continue;
        }
        rest.retain(|x| !members.contains(x));
        let w = g.weight();
        // A one-letter word is looked up as a prefix only: the exact tier would only lift
        // initials ("M.") and costs a second pass over the most common lists.
        if token.chars().count() > 1 {
            parts.push(term_part(
                f.any,
                &format!("{}{exact_term}", g.tag()),
                10.0 + w,
            ));
        }
        let tagged = format!("{}{token}", g.tag());
        if is_short(token) {
            // Short prefixes are indexed terms of their own.
            parts.push(term_part(f.any, &tagged, 5.0 + w));
        } else {
            prefix_parts(f.any, &tagged, 5.0 + w, expand, &mut parts);
        }
        if budget > 0 {
            // One automaton over the group's tagged terms rather than one per member
            // field: the typo pass is the costliest part of a search.
            parts.push(typo_part(f.any, &tagged, budget, 1.0 + w / 5.0));
        }
    }
    for field in rest {
        let w = field.weight();
        parts.push(term_part(f.field(field), &exact_term, 10.0 + w));
        if is_short(token) && field.short_grams() {
            parts.push(term_part(f.field(field), token, 5.0 + w));
        } else {
            // Fields holding whole tokens only: expand the prefix.
            prefix_parts(f.field(field), token, 5.0 + w, expand, &mut parts);
        }
        if budget > 0 {
            parts.push(typo_part(f.field(field), token, budget, 1.0 + w / 5.0));
        }
    }
    if parts.is_empty() {
        return None;
    }
    if alone {
        // Read whole (nothing to intersect with): tantivy's buffered union is faster.
        let clauses = parts
            .into_iter()
            .map(|(q, s)| {
                (
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(q, s)) as Box<dyn Query>,
                )
            })
            .collect();
        return Some(Box::new(BooleanQuery::new(clauses)));
    }
    Some(Box::new(AnyOf::new(parts)))
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
            let _ = build(&f, &g, Pass::Typo, &|_, _| None);
            let g = advanced_groups(&mut folder, text, &fields);
            assert!(g.iter().map(|g| g.tokens.len()).sum::<usize>() <= MAX_TOKENS);
            let _ = build(&f, &g, Pass::Direct, &|_, _| None);
        }
    }
}
