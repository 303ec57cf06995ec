//! [`JourneyBuilder`]: a journey put together piece by piece and checked once, at `build`.

use chrono::NaiveDate;

use super::channel::JourneyKind;
use super::date;
use super::document::Document;
use super::journey::{Journey, STANDARD_STAGES};
use super::parts::{Persona, Stage, Touchpoint, Transition};
use crate::error::{Error, Result};

/// Builds a [`Journey`] piece by piece; [`build`](JourneyBuilder::build) checks everything at once.
///
/// Every step comes in two forms that do the same (the by-value one calls the other):
/// - **by value**, to write a map in one expression: `description`, `kind`, `reviewed_on`, `currency`,
///   `persona`, `stage`, `touchpoint`, `transition`, `transition_with`, `entry` and `goal` take the builder
///   and return it;
/// - **by `&mut`**, for a builder kept in a variable, a loop or a struct (as the Python and JavaScript
///   builders keep it): `set_description`, `set_kind`, `set_reviewed_on`, `set_currency`, `add_persona`,
///   `add_stage`, `add_standard_stages`, `add_touchpoint`, `add_transition`, `add_entry` and `add_goal`
///   change it in place and return `&mut Self`, so they chain too, as `std::process::Command`'s methods do.
///
/// [`build`](JourneyBuilder::build) takes `&self`: the builder stays as it was, to be built again, or added
/// to and built again, whether the build succeeded or not. A step that can fail
/// ([`set_reviewed_on_str`](JourneyBuilder::set_reviewed_on_str)) changes nothing when it fails.
///
/// ```
/// use journey_core::{Channel, Journey, Stage, Touchpoint, Transition};
///
/// let mut b = Journey::builder("shop", "Shop");
/// b.add_stage(Stage::new("buy", "Buy"));
/// for (id, name) in [("cart", "Cart"), ("order", "Order")] {
///     b.add_touchpoint(Touchpoint::new(id, name, "buy", Channel::Web));
/// }
/// b.add_transition(Transition::new("cart", "order")).add_entry("cart").add_goal("order");
/// let first = b.build()?;
/// assert_eq!(b.build()?, first); // building leaves the builder as it was
///
/// // A step that fails changes nothing; the builder goes on from where it was.
/// let e = b.set_reviewed_on_str("2026-13-45").unwrap_err(); // ok: the date is meant to be refused
/// assert_eq!(e.to_string(), r#"reviewed_on: invalid date "2026-13-45", expected a calendar date as YYYY-MM-DD"#);
/// b.add_touchpoint(Touchpoint::new("mail", "Mail", "buy", Channel::Email)).set_reviewed_on_str("2026-02-01")?;
/// let second = b.build()?;
/// assert_eq!((first.touchpoint_count(), second.touchpoint_count()), (2, 3));
/// assert_eq!(second.reviewed_on.map(|d| d.to_string()).as_deref(), Some("2026-02-01"));
///
/// // A build that fails leaves the builder as it was too: add what was missing and build again.
/// b.add_touchpoint(Touchpoint::new("review", "Review", "after", Channel::Web));
/// assert_eq!(b.build().unwrap_err().problems().len(), 1); // ok: stage "after" is not there yet
/// b.add_stage(Stage::new("after", "After"));
/// assert_eq!(b.build()?.touchpoint_count(), 4);
/// # Ok::<(), journey_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct JourneyBuilder {
    doc: Document,
}

/// The `&mut` steps: each changes the builder in place and returns it.
impl JourneyBuilder {
    /// Sets the description.
    pub fn set_description(&mut self, description: impl Into<String>) -> &mut Self {
        self.doc.description = Some(description.into());
        self
    }

    /// Sets what the map describes.
    pub fn set_kind(&mut self, kind: JourneyKind) -> &mut Self {
        self.doc.kind = kind;
        self
    }

    /// Sets the date of the last review.
    pub fn set_reviewed_on(&mut self, date: NaiveDate) -> &mut Self {
        self.doc.reviewed_on = Some(date);
        self
    }

    /// Sets the date of the last review from its form in the file, `YYYY-MM-DD` (spaces around it are
    /// ignored), read as the JSON file's `reviewed_on` is read.
    ///
    /// # Errors
    /// [`Error::Argument`] named `reviewed_on` for anything else; the builder is then unchanged.
    pub fn set_reviewed_on_str(&mut self, date: &str) -> Result<&mut Self> {
        let date = date::parse(date).map_err(|message| Error::Argument { name: "reviewed_on".into(), message })?;
        Ok(self.set_reviewed_on(date))
    }

    /// Sets the currency of outcome values (an ISO 4217 code such as `EUR`, or a symbol); checked by
    /// [`build`](JourneyBuilder::build).
    pub fn set_currency(&mut self, currency: impl Into<String>) -> &mut Self {
        self.doc.currency = Some(currency.into());
        self
    }

    /// Adds a persona.
    pub fn add_persona(&mut self, persona: Persona) -> &mut Self {
        self.doc.personas.push(persona);
        self
    }

    /// Adds a stage after the ones added so far.
    pub fn add_stage(&mut self, stage: Stage) -> &mut Self {
        self.doc.stages.push(stage);
        self
    }

    /// Adds the five common stages, [`STANDARD_STAGES`], after the ones added so far.
    pub fn add_standard_stages(&mut self) -> &mut Self {
        for (id, name) in STANDARD_STAGES {
            self.add_stage(Stage::new(id, name));
        }
        self
    }

    /// Adds a touchpoint.
    pub fn add_touchpoint(&mut self, touchpoint: Touchpoint) -> &mut Self {
        self.doc.touchpoints.push(touchpoint);
        self
    }

    /// Adds a transition with all its fields ([`Transition::new`] for an expected one by ids).
    pub fn add_transition(&mut self, transition: Transition) -> &mut Self {
        self.doc.transitions.push(transition);
        self
    }

    /// Marks a touchpoint as an entry.
    pub fn add_entry(&mut self, id: impl Into<String>) -> &mut Self {
        self.doc.entries.push(id.into());
        self
    }

    /// Marks a touchpoint as a goal.
    pub fn add_goal(&mut self, id: impl Into<String>) -> &mut Self {
        self.doc.goals.push(id.into());
        self
    }

    /// The document built so far.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Checks and builds the journey; the builder stays as it was. Costs a copy of the document built so
    /// far and the checks of [`Journey::from_document`].
    ///
    /// # Errors
    /// [`Error::Invalid`] with every problem found.
    pub fn build(&self) -> Result<Journey> {
        Journey::from_document(self.doc.clone())
    }
}

/// The by-value steps, for one expression: each is its `&mut` twin, taking the builder and returning it.
impl JourneyBuilder {
    /// Sets the description ([`set_description`](Self::set_description)).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.set_description(description);
        self
    }

    /// Sets what the map describes ([`set_kind`](Self::set_kind)).
    pub fn kind(mut self, kind: JourneyKind) -> Self {
        self.set_kind(kind);
        self
    }

    /// Sets the date of the last review ([`set_reviewed_on`](Self::set_reviewed_on)).
    pub fn reviewed_on(mut self, date: NaiveDate) -> Self {
        self.set_reviewed_on(date);
        self
    }

    /// Sets the currency of outcome values (an ISO 4217 code such as `EUR`, or a symbol); checked by
    /// [`build`](JourneyBuilder::build) ([`set_currency`](Self::set_currency)).
    pub fn currency(mut self, currency: impl Into<String>) -> Self {
        self.set_currency(currency);
        self
    }

    /// Adds a persona ([`add_persona`](Self::add_persona)).
    pub fn persona(mut self, persona: Persona) -> Self {
        self.add_persona(persona);
        self
    }

    /// Adds a stage after the ones added so far ([`add_stage`](Self::add_stage)).
    pub fn stage(mut self, stage: Stage) -> Self {
        self.add_stage(stage);
        self
    }

    /// Adds a touchpoint ([`add_touchpoint`](Self::add_touchpoint)).
    pub fn touchpoint(mut self, touchpoint: Touchpoint) -> Self {
        self.add_touchpoint(touchpoint);
        self
    }

    /// Adds an expected transition between two touchpoints, by ids
    /// ([`add_transition`](Self::add_transition) of [`Transition::new`]).
    pub fn transition(self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.transition_with(Transition::new(from, to))
    }

    /// Adds a transition with all its fields ([`add_transition`](Self::add_transition)).
    pub fn transition_with(mut self, transition: Transition) -> Self {
        self.add_transition(transition);
        self
    }

    /// Marks a touchpoint as an entry ([`add_entry`](Self::add_entry)).
    pub fn entry(mut self, id: impl Into<String>) -> Self {
        self.add_entry(id);
        self
    }

    /// Marks a touchpoint as a goal ([`add_goal`](Self::add_goal)).
    pub fn goal(mut self, id: impl Into<String>) -> Self {
        self.add_goal(id);
        self
    }
}

impl From<Document> for JourneyBuilder {
    /// A builder that goes on from a document (which `build` checks like any other).
    fn from(doc: Document) -> Self {
        JourneyBuilder { doc }
    }
}
