//! `AnyOf`: "this token matches one of these terms", scored as the sum of the constant
//! scores of the terms a document has.
//!
//! tantivy's own union buffers a 4,096-document window and, when an intersection asks it
//! to seek, refills that window by reading every child posting in it: for a common token
//! ("rue", "de", a one-letter prefix) an intersection with a rare token then costs as
//! much as reading the common one whole. This union seeks each child through its skip
//! list instead, so `dupont 12 rue de la pa` costs about the size of `dupont`.
//! Invariant: the union is positioned on the smallest current document of its children.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// A union of sub-queries with a constant score each.
#[derive(Debug)]
pub struct AnyOf {
    parts: Vec<(Box<dyn Query>, Score)>,
}

impl Clone for AnyOf {
    fn clone(&self) -> Self {
        AnyOf {
            parts: self
                .parts
                .iter()
                .map(|(q, s)| (q.box_clone(), *s))
                .collect(),
        }
    }
}

impl AnyOf {
    pub fn new(parts: Vec<(Box<dyn Query>, Score)>) -> AnyOf {
        AnyOf { parts }
    }
}

impl Query for AnyOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // Children only say which documents they hold; their own scores are not used.
        let plain = EnableScoring::disabled_from_schema(enable_scoring.schema());
        let parts = self
            .parts
            .iter()
            .map(|(q, s)| Ok((q.weight(plain)?, *s)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AnyOfWeight { parts }))
    }
}

struct AnyOfWeight {
    parts: Vec<(Box<dyn Weight>, Score)>,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut kids = Vec::with_capacity(self.parts.len());
        for (w, s) in &self.parts {
            let scorer = w.scorer(reader, 1.0)?;
            if scorer.doc() != TERMINATED {
                kids.push((scorer, *s));
            }
        }
        Ok(Box::new(SeekUnion::new(kids)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("any of", scorer.score()))
    }
}

struct SeekUnion {
    kids: Vec<Box<dyn Scorer>>,
    scores: Vec<Score>,
    /// Each child's current document, kept here so finding the smallest needs no calls.
    docs: Vec<DocId>,
    doc: DocId,
}

impl SeekUnion {
    fn new(parts: Vec<(Box<dyn Scorer>, Score)>) -> SeekUnion {
        let (kids, scores): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
        let docs = kids.iter().map(|k| k.doc()).collect();
        let mut u = SeekUnion {
            kids,
            scores,
            docs,
            doc: TERMINATED,
        };
        u.settle();
        u
    }

    fn settle(&mut self) -> DocId {
        self.doc = self.docs.iter().copied().min().unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for SeekUnion {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for (k, d) in self.kids.iter_mut().zip(self.docs.iter_mut()) {
            if *d == current {
                *d = k.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (k, d) in self.kids.iter_mut().zip(self.docs.iter_mut()) {
            if *d < target {
                *d = k.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.kids
            .iter()
            .fold(0u32, |a, k| a.saturating_add(k.size_hint()))
    }

    fn cost(&self) -> u64 {
        self.kids.iter().map(|k| k.cost()).sum()
    }
}

impl Scorer for SeekUnion {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.docs
            .iter()
            .zip(&self.scores)
            .filter(|(d, _)| **d == doc)
            .map(|(_, s)| *s)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, STRING};
    use tantivy::{doc, Index, Term};

    #[test]
    fn union_matches_any_and_sums_scores() {
        let mut b = Schema::builder();
        let f = b.add_text_field("t", STRING);
        let index = Index::create_in_ram(b.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for words in [["a", "x"], ["b", "x"], ["c", "y"], ["a", "b"]] {
            w.add_document(doc!(f => words[0], f => words[1])).unwrap();
        }
        w.commit().unwrap();
        let term = |s: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f, s),
                IndexRecordOption::Basic,
            ))
        };
        let q = AnyOf::new(vec![(term("a"), 2.0), (term("b"), 1.0), (term("zzz"), 9.0)]);
        let searcher = index.reader().unwrap().searcher();
        let top = searcher
            .search(&q, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        let scores: Vec<(f32, u32)> = top.iter().map(|(s, a)| (*s, a.doc_id)).collect();
        assert_eq!(scores, [(3.0, 3), (2.0, 0), (1.0, 1)]);
    }
}
