//! What customers expect and say at a touchpoint, as the poster and the report show it: its expectations
//! and the customer quotes in its evidence and in the evidence of its pain points and delights.

use crate::model::{Evidence, Moment, Touchpoint};

/// What a quote backs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Backs<'a> {
    /// The touchpoint itself (its own evidence).
    Touchpoint,
    /// A pain point of the touchpoint.
    Pain(&'a Moment),
    /// A delight of the touchpoint.
    Delight(&'a Moment),
}

/// A customer's words at a touchpoint, with the evidence that holds them and what that evidence backs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quote<'a> {
    /// The words, trimmed.
    pub text: &'a str,
    pub evidence: &'a Evidence,
    pub backs: Backs<'a>,
}

impl Quote<'_> {
    /// The line under a quote: the evidence in words (see [`crate::words::evidence`]; `brief` keeps only
    /// its source and how many customers it covers, for the poster), and the pain point or delight it
    /// backs: `interview, qualitative; backs the pain point “Catalogue prices differ”`.
    pub fn attribution(&self, brief: bool) -> String {
        let e = self.evidence;
        let basis = match (brief, e.sample_size) {
            (false, _) => crate::words::evidence(e),
            (true, Some(n)) => {
                format!("{}, {}", crate::words::evidence_source(e.source), crate::words::plural(n, "customer"))
            }
            (true, None) => crate::words::evidence_source(e.source).to_owned(),
        };
        match self.backs {
            Backs::Touchpoint => basis,
            Backs::Pain(m) => format!("{basis}; backs the pain point \u{201c}{}\u{201d}", m.description.trim()),
            Backs::Delight(m) => format!("{basis}; backs the delight \u{201c}{}\u{201d}", m.description.trim()),
        }
    }

    /// The quote between curly quotation marks.
    pub fn quoted(&self) -> String {
        format!("\u{201c}{}\u{201d}", self.text)
    }
}

/// The touchpoint's expectations that say something (blank ones are left out), trimmed, in the map's order.
pub(crate) fn expectations(t: &Touchpoint) -> Vec<&str> {
    t.expectations.iter().map(|e| e.trim()).filter(|e| !e.is_empty()).collect()
}

/// Every customer quote at a touchpoint, in the order the poster picks from: those on its pain points'
/// evidence first (what hurts is what a team must hear), then those on its own evidence, then those on its
/// delights' evidence; in the map's order within each. Blank quotes are left out.
pub(crate) fn quotes(t: &Touchpoint) -> Vec<Quote<'_>> {
    fn of<'a>(evidence: &'a [Evidence], backs: Backs<'a>) -> impl Iterator<Item = Quote<'a>> {
        evidence.iter().filter_map(move |e| {
            let text = e.quote.as_deref().map(str::trim).filter(|q| !q.is_empty())?;
            Some(Quote { text, evidence: e, backs })
        })
    }
    let mut out = Vec::new();
    for p in &t.pain_points {
        out.extend(of(&p.evidence, Backs::Pain(p)));
    }
    out.extend(of(&t.evidence, Backs::Touchpoint));
    for d in &t.delights {
        out.extend(of(&d.evidence, Backs::Delight(d)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, EvidenceKind, EvidenceSource};

    fn said(source: EvidenceSource, quote: &str) -> Evidence {
        Evidence { quote: Some(quote.into()), ..Evidence::new(EvidenceKind::Qualitative, source, "notes") }
    }

    #[test]
    fn pain_points_come_first_then_the_touchpoint_then_delights() {
        let mut t = Touchpoint::new("t", "T", "s", Channel::Web);
        t.evidence = vec![said(EvidenceSource::Review, "own"), said(EvidenceSource::Survey, "  ")];
        let mut pain = Moment::new("Slow", 4);
        pain.evidence = vec![said(EvidenceSource::Interview, " hurts ")];
        t.pain_points.push(pain);
        let mut delight = Moment::new("Fast", 2);
        delight.evidence = vec![said(EvidenceSource::UsabilityTest, "nice")];
        t.delights.push(delight);
        t.expectations = vec!["Quick".into(), " ".into()];
        let q = quotes(&t);
        assert_eq!(q.iter().map(|q| q.text).collect::<Vec<_>>(), ["hurts", "own", "nice"]);
        assert_eq!(q[0].attribution(false), "interview, qualitative; backs the pain point \u{201c}Slow\u{201d}");
        assert_eq!(q[1].attribution(false), "review, qualitative");
        assert_eq!(q[2].attribution(false), "usability test, qualitative; backs the delight \u{201c}Fast\u{201d}");
        assert_eq!(q[0].attribution(true), "interview; backs the pain point \u{201c}Slow\u{201d}");
        assert_eq!(q[0].quoted(), "\u{201c}hurts\u{201d}");
        assert_eq!(expectations(&t), ["Quick"]);
        assert!(quotes(&Touchpoint::new("u", "U", "s", Channel::Web)).is_empty());
    }
}
