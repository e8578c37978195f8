//! The index schema: which customer fields are searchable, and how a customer becomes a
//! tantivy document.
//!
//! Every searchable field is its own raw-term field holding the grams of
//! [`super::text`]; no text is stored in the index (results are read from SQLite by
//! id), and the id and last-visit time are fast fields so ranking never touches stored
//! documents. Bump [`SCHEMA_VERSION`] whenever what is indexed changes: an index of
//! another version is rebuilt on open.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::TantivyDocument;

use super::text::{exact, grams_into, phone_forms, phone_terms_into, Folder};
use crate::domain::customer::Customer;

/// Version of what the index holds; stored in the index's commit payload.
pub const SCHEMA_VERSION: u32 = 5;

/// A set of fields searched together in simple mode, indexed once more as a whole in
/// the `any` field with a tag, so a token costs one exact and one prefix lookup per
/// group instead of per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldGroup {
    /// First name, last name, company.
    Name,
    /// Street (with house number), postal code, city.
    Address,
}

impl FieldGroup {
    pub const ALL: [FieldGroup; 2] = [FieldGroup::Name, FieldGroup::Address];

    pub fn members(self) -> [SearchField; 3] {
        match self {
            FieldGroup::Name => [
                SearchField::FirstName,
                SearchField::LastName,
                SearchField::Company,
            ],
            FieldGroup::Address => [
                SearchField::Street,
                SearchField::PostalCode,
                SearchField::City,
            ],
        }
    }

    /// The prefix of the group's terms in the `any` field.
    pub fn tag(self) -> &'static str {
        match self {
            FieldGroup::Name => "n:",
            FieldGroup::Address => "a:",
        }
    }

    /// Ranking weight, as for a field.
    pub fn weight(self) -> f32 {
        match self {
            FieldGroup::Name => 3.0,
            FieldGroup::Address => 1.2,
        }
    }
}

/// A customer field that can be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SearchField {
    FirstName,
    LastName,
    Company,
    Street,
    PostalCode,
    City,
    Country,
    Phone,
    Email,
    Vat,
    Reference,
    Group,
}

impl SearchField {
    pub const ALL: [SearchField; 12] = [
        SearchField::FirstName,
        SearchField::LastName,
        SearchField::Company,
        SearchField::Street,
        SearchField::PostalCode,
        SearchField::City,
        SearchField::Country,
        SearchField::Phone,
        SearchField::Email,
        SearchField::Vat,
        SearchField::Reference,
        SearchField::Group,
    ];

    /// The field's name in the config, the CLI and the index.
    pub fn name(self) -> &'static str {
        match self {
            SearchField::FirstName => "first_name",
            SearchField::LastName => "last_name",
            SearchField::Company => "company",
            SearchField::Street => "street",
            SearchField::PostalCode => "postal_code",
            SearchField::City => "city",
            SearchField::Country => "country",
            SearchField::Phone => "phone",
            SearchField::Email => "email",
            SearchField::Vat => "vat",
            SearchField::Reference => "reference",
            SearchField::Group => "group",
        }
    }

    /// Ranking weight of a match in this field: names above contact details above
    /// address parts (always below 5, the gap between match tiers).
    pub fn weight(self) -> f32 {
        match self {
            SearchField::FirstName | SearchField::LastName | SearchField::Company => 3.0,
            SearchField::Phone | SearchField::Email | SearchField::Reference => 2.5,
            SearchField::Vat => 2.0,
            SearchField::PostalCode => 1.5,
            SearchField::Street => 1.2,
            SearchField::City => 1.0,
            SearchField::Group | SearchField::Country => 0.5,
        }
    }

    /// Whether the field's short prefixes are terms of their own. Other fields hold whole
    /// tokens only and expand prefixes over their dictionary: group members (their
    /// prefixes are in the `any` field), e-mail and country (rarely typed letter by
    /// letter; their prefix terms made a tenth of the index).
    pub fn short_grams(self) -> bool {
        matches!(
            self,
            SearchField::Vat | SearchField::Reference | SearchField::Group
        )
    }

    /// The group this field is indexed in as well, if any.
    pub fn group(self) -> Option<FieldGroup> {
        FieldGroup::ALL
            .into_iter()
            .find(|g| g.members().contains(&self))
    }

    /// Parses a field name or a group of fields: `name` (first, last, company) and
    /// `address` (street with house number, postal code, city).
    pub fn parse_set(name: &str) -> Option<Vec<SearchField>> {
        let n = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        match n.as_str() {
            "name" => Some(vec![
                SearchField::FirstName,
                SearchField::LastName,
                SearchField::Company,
            ]),
            "address" => Some(vec![
                SearchField::Street,
                SearchField::PostalCode,
                SearchField::City,
            ]),
            "first" | "firstname" => Some(vec![SearchField::FirstName]),
            "last" | "lastname" => Some(vec![SearchField::LastName]),
            "zip" | "postcode" => Some(vec![SearchField::PostalCode]),
            "references" | "ref" => Some(vec![SearchField::Reference]),
            _ => SearchField::ALL
                .into_iter()
                .find(|f| f.name() == n)
                .map(|f| vec![f]),
        }
    }

    /// Every name [`Self::parse_set`] accepts, for messages.
    pub fn names() -> Vec<&'static str> {
        let mut v = vec!["name", "address"];
        v.extend(SearchField::ALL.iter().map(|f| f.name()));
        v
    }
}

impl serde::Serialize for SearchField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Expands a list of field names (config or CLI) into fields, refusing unknown names.
pub fn parse_fields<S: AsRef<str>>(names: &[S]) -> Result<Vec<SearchField>, String> {
    let mut out = Vec::new();
    for n in names {
        let set = SearchField::parse_set(n.as_ref()).ok_or_else(|| {
            format!(
                "unknown search field `{}` (known: {})",
                n.as_ref(),
                SearchField::names().join(", ")
            )
        })?;
        for f in set {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

/// The tantivy fields of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    pub id_hi: Field,
    pub id_lo: Field,
    pub last_visit: Field,
    /// Group-tagged terms of the field groups.
    pub any: Field,
    text: Vec<(SearchField, Field)>,
}

impl Fields {
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        // The id's two halves are fast fields (read for every hit); the low half, almost
        // all random bits, is also indexed, to find a customer's document again.
        let fast = NumericOptions::default().set_fast();
        let id_hi = b.add_u64_field("id_hi", fast.clone());
        let id_lo = b.add_u64_field("id_lo", fast.clone().set_indexed());
        let last_visit = b.add_u64_field("last_visit", fast);
        let raw = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        let text = SearchField::ALL
            .iter()
            .map(|f| (*f, b.add_text_field(f.name(), raw.clone())))
            .collect();
        let any = b.add_text_field("any", raw);
        Fields {
            schema: b.build(),
            id_hi,
            id_lo,
            last_visit,
            any,
            text,
        }
    }

    /// The query matching one customer's document: the indexed low half of its id, and
    /// the high half checked on the fast field, so it is exact.
    pub fn id_query(&self, id: crate::domain::ids::CustomerId) -> Box<dyn tantivy::query::Query> {
        use std::ops::Bound;
        use tantivy::query::{BooleanQuery, Occur, RangeQuery, TermQuery};
        let bits = id.as_uuid().as_u128();
        let lo = tantivy::Term::from_field_u64(self.id_lo, bits as u64);
        let hi = tantivy::Term::from_field_u64(self.id_hi, (bits >> 64) as u64);
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(lo, IndexRecordOption::Basic))
                    as Box<dyn tantivy::query::Query>,
            ),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(hi.clone()),
                    Bound::Included(hi),
                )),
            ),
        ]))
    }

    /// The tantivy field of a search field.
    pub fn field(&self, f: SearchField) -> Field {
        self.text
            .iter()
            .find(|(s, _)| *s == f)
            .map_or(self.any, |(_, t)| *t)
    }

    /// The document for a customer last seen at `last_visit` (unix seconds, 0 = never).
    pub fn document(&self, folder: &mut Folder, c: &Customer, last_visit: u64) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        let bytes = c.id.as_uuid().as_u128();
        doc.add_u64(self.id_hi, (bytes >> 64) as u64);
        doc.add_u64(self.id_lo, bytes as u64);
        doc.add_u64(self.last_visit, last_visit);
        let d = &c.data;
        let a = &d.address;
        let refs: Vec<&str> = d.references.iter().map(|r| r.code.as_str()).collect();
        let sources: [(SearchField, Vec<Option<&str>>); 11] = [
            (SearchField::FirstName, vec![d.first_name.as_deref()]),
            (SearchField::LastName, vec![d.last_name.as_deref()]),
            (SearchField::Company, vec![d.company_name.as_deref()]),
            (
                SearchField::Street,
                vec![a.line1.as_deref(), a.line2.as_deref()],
            ),
            (SearchField::PostalCode, vec![a.postal_code.as_deref()]),
            (SearchField::City, vec![a.city.as_deref()]),
            (SearchField::Country, vec![a.country.as_deref()]),
            (SearchField::Email, vec![d.email.as_deref()]),
            (SearchField::Vat, vec![d.vat_number.as_deref()]),
            (SearchField::Reference, refs.into_iter().map(Some).collect()),
            (SearchField::Group, vec![d.group.as_deref()]),
        ];
        let mut tokens = Vec::new();
        let mut terms = Vec::new();
        let mut any = Vec::new();
        for (f, values) in sources {
            tokens.clear();
            for v in values.into_iter().flatten() {
                folder.tokens_into(v, &mut tokens);
            }
            terms.clear();
            match f.group() {
                // Members of a group: whole tokens in the field (advanced mode, typos);
                // short prefixes and whole tokens, tagged, in `any` (simple mode).
                Some(g) => {
                    for t in &tokens {
                        terms.push(exact(t));
                        let start = any.len();
                        grams_into(t, &mut any);
                        for term in &mut any[start..] {
                            term.insert_str(0, g.tag());
                        }
                    }
                }
                None if f.short_grams() => {
                    for t in &tokens {
                        grams_into(t, &mut terms);
                    }
                }
                None => terms.extend(tokens.iter().map(|t| exact(t))),
            }
            terms.sort_unstable();
            terms.dedup();
            add_terms(&mut doc, self.field(f), &terms);
        }
        any.sort_unstable();
        any.dedup();
        add_terms(&mut doc, self.any, &any);
        let mut forms = Vec::new();
        for p in [d.phone.as_deref(), d.phone2.as_deref()]
            .into_iter()
            .flatten()
        {
            forms.extend(phone_forms(p));
        }
        terms.clear();
        phone_terms_into(&forms, &mut terms);
        add_terms(&mut doc, self.field(SearchField::Phone), &terms);
        doc
    }
}

/// Name of the tokenizer that splits the prepared terms (they never contain spaces).
pub const TERMS_TOKENIZER: &str = "terms";

/// Registers [`TERMS_TOKENIZER`] on an index (needed by writers).
pub fn register_tokenizer(index: &tantivy::Index) {
    index.tokenizers().register(
        TERMS_TOKENIZER,
        tantivy::tokenizer::TextAnalyzer::from(tantivy::tokenizer::WhitespaceTokenizer::default()),
    );
}

/// Adds ready-made terms to a field as one space-separated value: one value per field
/// keeps tantivy's per-value overhead out of the loop.
fn add_terms(doc: &mut TantivyDocument, field: Field, terms: &[String]) {
    if !terms.is_empty() {
        doc.add_text(field, terms.join(" "));
    }
}
