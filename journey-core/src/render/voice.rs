//! What customers expect and say at a touchpoint, as the poster and the report show it: its expectations
//! (the shared ones and each persona's) and the customer quotes in its evidence and in the evidence of its pain points and delights.

use std::borrow::Cow;

use crate::model::{Evidence, Journey, Moment, Touchpoint};

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

/// The touchpoint's expectations as a view of the map shows them, trimmed, blank ones left out: for a
/// persona, the shared `expectations` and then that persona's own (`persona_expectations`); for every
/// customer (`persona` is `None`), the shared ones and then each persona's, after the persona's name
/// (`Savvy shopper: free returns`), personas in the map's order. Costs O(expectations at the touchpoint +
/// p log p) for the p personas with expectations of their own there.
pub(crate) fn expectations<'a>(j: &'a Journey, t: &'a Touchpoint, persona: Option<&str>) -> Vec<Cow<'a, str>> {
    fn said(list: &[String]) -> impl Iterator<Item = &str> {
        list.iter().map(|e| e.trim()).filter(|e| !e.is_empty())
    }
    let mut out: Vec<Cow<'a, str>> = said(&t.expectations).map(Cow::Borrowed).collect();
    match persona {
        Some(p) => {
            if let Some(own) = t.persona_expectations.get(p) {
                out.extend(said(own).map(Cow::Borrowed));
            }
        }
        None => {
            let mut theirs: Vec<(&'a String, &'a Vec<String>)> = t.persona_expectations.iter().collect();
            // A stable sort: an id the map does not list among its personas stays last, in id order.
            theirs.sort_by_key(|(id, _)| j.persona_position(id).unwrap_or(usize::MAX));
            for (id, own) in theirs {
                let name = j.persona(id).map_or(id.trim(), |p| p.name.trim());
                out.extend(said(own).map(|e| Cow::Owned(format!("{name}: {e}"))));
            }
        }
    }
    out
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
    use crate::model::{Channel, EvidenceKind, EvidenceSource, Persona};

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
        assert!(quotes(&Touchpoint::new("u", "U", "s", Channel::Web)).is_empty());
    }

    #[test]
    fn a_persona_sees_the_shared_expectations_and_theirs_and_everyone_sees_all_by_name() {
        let mut t = Touchpoint::new("t", "T", "s", Channel::Web);
        t.expectations = vec!["Quick".into(), " ".into()];
        t.persona_expectations.insert("b".into(), vec![" Free returns ".into()]);
        t.persona_expectations.insert("a".into(), vec!["Advice".into(), " Stock ".into()]);
        let j = Journey::builder("j", "J")
            .persona(Persona { id: "b".into(), name: "Ben".into(), ..Persona::default() })
            .persona(Persona { id: "a".into(), name: "Anna".into(), ..Persona::default() })
            .stage(crate::model::Stage::new("s", "S"))
            .touchpoint(t)
            .entry("t")
            .build()
            .unwrap(); // ok: unit test
        let t = j.touchpoint("t").unwrap(); // ok: unit test
        assert_eq!(expectations(&j, t, Some("a")), ["Quick", "Advice", "Stock"]);
        assert_eq!(expectations(&j, t, Some("b")), ["Quick", "Free returns"]);
        assert_eq!(expectations(&j, t, Some("c")), ["Quick"]);
        // Every customer: the personas in the map's order (Ben first), each line after the persona's name.
        assert_eq!(expectations(&j, t, None), ["Quick", "Ben: Free returns", "Anna: Advice", "Anna: Stock"]);
    }
}
