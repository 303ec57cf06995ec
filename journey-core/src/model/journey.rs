//! The journey graph and its queries.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use super::builder::JourneyBuilder;
use super::channel::{Channel, JourneyKind};
use super::document::{Document, SCHEMA_VERSION};
use super::parts::{Persona, Stage, Touchpoint, TouchpointRole, Transition};
use super::validate::Problem;
use crate::error::{Error, Problems, Result};

/// A touchpoint's handle in a [`Journey`], from [`Journey::touchpoint_id`] or [`Journey::add_touchpoint`]:
/// it stays valid when other touchpoints are removed, and it belongs to the touchpoint it was made for.
/// [`Journey::get`] finds nothing with a handle of a touchpoint since removed, or of another map (a clone
/// shares the handles of the touchpoints it copied).
///
/// ```
/// use journey_core::{Channel, Journey, Touchpoint};
///
/// let site = || Touchpoint::new("site", "Website", "awareness", Channel::Web);
/// let a = Journey::with_standard_stages("a", "A").touchpoint(site()).build()?;
/// let b = Journey::with_standard_stages("b", "B").touchpoint(site()).build()?;
/// let handle = a.touchpoint_id("site").expect("a has site"); // ok: doc example
/// assert_eq!(a.get(handle).map(|t| t.name.as_str()), Some("Website"));
/// assert!(b.get(handle).is_none()); // the same id in another map is another touchpoint
/// # Ok::<(), journey_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TouchpointId {
    node: NodeIndex,
    serial: u64,
}

/// A transition's handle in a [`Journey`], from [`Journey::add_transition`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransitionId(EdgeIndex);

/// The next touchpoint serial: every touchpoint put in any map gets a number no other has, which its
/// [`TouchpointId`] carries, so that a handle cannot name the touchpoint of another map or one that took
/// the place of a removed touchpoint.
static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_serial() -> u64 {
    NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The ids and names of the five common stages, in order.
pub const STANDARD_STAGES: [(&str, &str); 5] = [
    ("awareness", "Awareness"),
    ("consideration", "Consideration"),
    ("purchase", "Purchase"),
    ("retention", "Retention"),
    ("advocacy", "Advocacy"),
];

/// A customer journey map: touchpoints (nodes) and transitions (edges) in a directed graph, grouped into
/// ordered stages, with personas, entry touchpoints and goal touchpoints. Cycles are allowed.
///
/// A `Journey` is always structurally sound: every touchpoint is in a known stage, every transition joins two
/// known touchpoints, ids are unique. Values (emotions, severities, shares) are checked by
/// [`Journey::validate`], which loading and [`JourneyBuilder::build`] run for you.
///
/// ```
/// use journey_core::{Channel, Journey, Touchpoint};
///
/// let j = Journey::with_standard_stages("shop", "Shop")
///     .touchpoint(Touchpoint::new("ad", "Social ad", "awareness", Channel::Social).with_emotion(1.0))
///     .touchpoint(Touchpoint::new("site", "Website", "consideration", Channel::Web))
///     .touchpoint(Touchpoint::new("order", "Order", "purchase", Channel::Web))
///     .transition("ad", "site")
///     .transition("site", "order")
///     .entry("ad")
///     .goal("order")
///     .build()?;
/// assert!(j.reaches("ad", "order")?);
/// assert_eq!(j.touchpoints_in_stage("consideration")?[0].name, "Website");
/// # Ok::<(), journey_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Journey {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the map covers.
    pub description: Option<String>,
    /// What the map describes.
    pub kind: JourneyKind,
    /// For a future-state map: the id of the current-state map it changes.
    pub current_state: Option<String>,
    /// When it was last reviewed against evidence.
    pub reviewed_on: Option<NaiveDate>,
    /// The currency of outcome values (an ISO 4217 code such as `EUR`, or a symbol), as
    /// [`words::outcome_value`](crate::words::outcome_value) writes them; `None` writes plain numbers. Set
    /// it with [`Journey::set_currency`] to have it checked.
    pub currency: Option<String>,
    personas: Vec<Persona>,
    stages: Vec<Stage>,
    graph: StableDiGraph<Touchpoint, Transition>,
    by_id: HashMap<String, NodeIndex>,
    entries: Vec<NodeIndex>,
    goals: Vec<NodeIndex>,
    // Indexes kept in step with the fields above, so that no query or edit scans the map: the position of
    // each stage and persona by id, the touchpoints of each stage (by stage position, in node order, which
    // is the order `touchpoints` gives), the entries and goals as sets, and each transition by its ends
    // (petgraph's `find_edge` walks a node's edges, which is slow at a hub).
    stage_pos: HashMap<String, usize>,
    persona_pos: HashMap<String, usize>,
    members: Vec<BTreeSet<NodeIndex>>,
    entry_set: HashSet<NodeIndex>,
    goal_set: HashSet<NodeIndex>,
    edge_of: HashMap<(NodeIndex, NodeIndex), EdgeIndex>,
    /// The serial of the touchpoint at each node index ([`TouchpointId`]).
    serials: Vec<u64>,
}

/// The position of each id in a list, the first one when an id repeats.
fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id.to_owned()).or_insert(i);
    }
    map
}

impl PartialEq for Journey {
    fn eq(&self, other: &Self) -> bool {
        self.to_document() == other.to_document()
    }
}

impl Journey {
    /// A builder for a journey with an id and a name.
    pub fn builder(id: impl Into<String>, name: impl Into<String>) -> JourneyBuilder {
        JourneyBuilder::from(Document::new(id, name))
    }

    /// A builder that already has the five common stages: awareness, consideration, purchase, retention
    /// and advocacy (ids in lower case).
    pub fn with_standard_stages(id: impl Into<String>, name: impl Into<String>) -> JourneyBuilder {
        let mut builder = Self::builder(id, name);
        builder.add_standard_stages();
        builder
    }

    /// Builds a journey from a document, after checking it.
    ///
    /// # Errors
    /// [`Error::SchemaVersion`] for a version other than [`SCHEMA_VERSION`]; [`Error::Invalid`] with every
    /// problem of the document when it has any.
    pub fn from_document(doc: Document) -> Result<Self> {
        if doc.schema_version != SCHEMA_VERSION {
            return Err(Error::SchemaVersion { found: doc.schema_version.to_string(), supported: SCHEMA_VERSION });
        }
        let problems = doc.problems();
        if !problems.is_empty() {
            return Err(Error::Invalid(Problems(problems)));
        }
        let mut graph = StableDiGraph::with_capacity(doc.touchpoints.len(), doc.transitions.len());
        let mut by_id = HashMap::with_capacity(doc.touchpoints.len());
        for t in doc.touchpoints {
            let id = t.id.clone();
            by_id.insert(id, graph.add_node(t));
        }
        // Validation has checked every reference, so the lookups below find their ids.
        let node = |id: &str| by_id.get(id).copied().ok_or_else(|| Error::not_found("touchpoint", id));
        let mut edge_of = HashMap::with_capacity(doc.transitions.len());
        for t in doc.transitions {
            let (a, b) = (node(&t.from)?, node(&t.to)?);
            edge_of.insert((a, b), graph.add_edge(a, b, t));
        }
        let entries: Vec<NodeIndex> = doc.entries.iter().map(|id| node(id)).collect::<Result<_>>()?;
        let goals: Vec<NodeIndex> = doc.goals.iter().map(|id| node(id)).collect::<Result<_>>()?;
        let stage_pos = positions(doc.stages.iter().map(|s| s.id.as_str()));
        let persona_pos = positions(doc.personas.iter().map(|p| p.id.as_str()));
        let mut members = vec![BTreeSet::new(); doc.stages.len()];
        let serials = graph.node_indices().map(|_| next_serial()).collect();
        for n in graph.node_indices() {
            let stage = stage_pos.get(&graph[n].stage).ok_or_else(|| Error::not_found("stage", &graph[n].stage))?;
            members[*stage].insert(n);
        }
        Ok(Journey {
            entry_set: entries.iter().copied().collect(),
            goal_set: goals.iter().copied().collect(),
            stage_pos,
            persona_pos,
            members,
            edge_of,
            serials,
            id: doc.id,
            name: doc.name,
            description: doc.description,
            kind: doc.kind,
            current_state: doc.current_state,
            reviewed_on: doc.reviewed_on,
            currency: doc.currency,
            personas: doc.personas,
            stages: doc.stages,
            graph,
            by_id,
            entries,
            goals,
        })
    }

    /// The document form of the journey, ready to be saved. Touchpoints and transitions keep the order in
    /// which they were added. Costs O(size of the journey).
    pub fn to_document(&self) -> Document {
        let ids = |list: &[NodeIndex]| list.iter().map(|n| self.graph[*n].id.clone()).collect();
        Document {
            schema_version: SCHEMA_VERSION,
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            kind: self.kind,
            current_state: self.current_state.clone(),
            reviewed_on: self.reviewed_on,
            currency: self.currency.clone(),
            personas: self.personas.clone(),
            stages: self.stages.clone(),
            touchpoints: self.graph.node_weights().cloned().collect(),
            transitions: self.graph.edge_weights().cloned().collect(),
            entries: ids(&self.entries),
            goals: ids(&self.goals),
        }
    }

    /// Every problem of the journey (values out of range, NaN, empty names, ...), in document order, each
    /// with its JSON path. Empty when the journey is valid. Costs O(size of the journey).
    pub fn validate(&self) -> Vec<Problem> {
        self.to_document().problems()
    }

    /// Sets (or, with `None`, clears) the currency of outcome values, by the rule validation applies
    /// ([`words::currency_problem`](crate::words::currency_problem)): an ISO 4217 code such as `EUR`, or a
    /// symbol such as `€`.
    ///
    /// ```
    /// let mut j = journey_core::Journey::builder("m", "M").build()?;
    /// j.set_currency(Some("EUR"))?;
    /// assert_eq!(j.currency.as_deref(), Some("EUR"));
    /// let e = j.set_currency(Some("euros")).unwrap_err();
    /// assert!(e.to_string().starts_with("currency: "));
    /// assert_eq!(j.currency.as_deref(), Some("EUR"));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] naming `currency` for anything else; the currency is then unchanged.
    pub fn set_currency(&mut self, currency: Option<&str>) -> Result<()> {
        if let Some(message) = currency.and_then(crate::words::currency_problem) {
            return Err(Error::Argument { name: "currency".into(), message });
        }
        self.currency = currency.map(str::to_owned);
        Ok(())
    }

    /// The underlying graph: touchpoints as nodes, transitions as edges.
    pub(crate) fn graph(&self) -> &StableDiGraph<Touchpoint, Transition> {
        &self.graph
    }

    /// The stages, in order.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// The KPIs of every stage, to set their measured values (the stages themselves stay as they are).
    #[cfg(feature = "analytics")]
    pub(crate) fn kpis_mut(&mut self) -> impl Iterator<Item = &mut crate::model::Kpi> {
        self.stages.iter_mut().flat_map(|s| s.kpis.iter_mut())
    }

    /// The stage with this id.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stage_pos.get(id).and_then(|i| self.stages.get(*i))
    }

    /// The position of the stage with this id among the stages.
    pub fn stage_position(&self, id: &str) -> Option<usize> {
        self.stage_pos.get(id).copied()
    }

    /// The personas.
    pub fn personas(&self) -> &[Persona] {
        &self.personas
    }

    /// The persona with this id.
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.persona_pos.get(id).and_then(|i| self.personas.get(*i))
    }

    /// The persona with this id, and its place in [`Journey::personas`], or the map's `not_found` error
    /// (see [`Journey::not_found`]). Every call that takes a persona id checks it here.
    pub(crate) fn persona_at(&self, id: &str) -> Result<(usize, &Persona)> {
        self.persona_pos
            .get(id)
            .and_then(|i| self.personas.get(*i).map(|p| (*i, p)))
            .ok_or_else(|| self.not_found("persona", id))
    }

    /// The error for an id this map does not have: kind `not_found`, with a message that lists the ids of
    /// that kind the map has (the first ten, then how many more), so a typo can be seen at once. `what` is
    /// `touchpoint`, `stage` or `persona`; for another word the message lists nothing.
    ///
    /// ```
    /// use journey_core::{Channel, Journey, Touchpoint};
    /// let j = Journey::with_standard_stages("j", "J")
    ///     .touchpoint(Touchpoint::new("ad", "Ad", "awareness", Channel::Social))
    ///     .build()?;
    /// assert_eq!(j.not_found("touchpoint", "add").to_string(), r#"unknown touchpoint "add"; the map's touchpoints are ad"#);
    /// assert_eq!(j.not_found("persona", "p").to_string(), r#"unknown persona "p"; the map has no personas"#);
    /// assert_eq!(j.not_found("persona", "p").kind(), journey_core::ErrorKind::NotFound);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    pub fn not_found(&self, what: &'static str, id: &str) -> Error {
        let ids: Vec<&str> = match what {
            "touchpoint" => self.touchpoints().into_iter().map(|t| t.id.as_str()).collect(),
            "stage" => self.stages.iter().map(|s| s.id.as_str()).collect(),
            "persona" => self.personas.iter().map(|p| p.id.as_str()).collect(),
            _ => return Error::not_found(what, id),
        };
        Error::NotFound { what, id: id.to_owned(), known: known_ids("map", what, &ids) }
    }

    /// Where the persona with this id is in [`Journey::personas`].
    #[cfg(feature = "render")]
    pub(crate) fn persona_position(&self, id: &str) -> Option<usize> {
        self.persona_pos.get(id).copied()
    }

    /// How the customers at `t` feel, -2..2: its `emotion`, with each persona's own emotion
    /// (`persona_emotions`) weighing by the persona's `share` of the customers, the rest of the customers
    /// feeling the general emotion: `Σ share_p × e_p + (1 − Σ share_p) × e`. Personas without a share do
    /// not count; without a general emotion the personas' emotions are averaged by share. `None` when
    /// nothing is known.
    ///
    /// ```
    /// let doc = r#"{"schema_version": 1, "id": "m", "name": "M",
    ///   "personas": [{"id": "a", "name": "A", "share": 0.25}],
    ///   "stages": [{"id": "s", "name": "S"}],
    ///   "touchpoints": [{"id": "t", "name": "T", "stage": "s", "channel": "web",
    ///                    "emotion": 1, "persona_emotions": {"a": -1}}]}"#;
    /// let j = journey_core::Journey::from_json(doc)?;
    /// assert_eq!(j.customer_emotion(j.touchpoint("t").unwrap()), Some(0.25 * -1.0 + 0.75 * 1.0)); // ok: doc example
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    pub fn customer_emotion(&self, t: &Touchpoint) -> Option<f64> {
        let (mut weighed, mut shares) = (0.0, 0.0);
        for (p, e) in &t.persona_emotions {
            if let Some(s) = self.persona(p).and_then(|p| p.share).filter(|s| s.is_finite() && *s > 0.0) {
                weighed += s * e;
                shares += s;
            }
        }
        match t.emotion {
            Some(e) => Some(weighed + (1.0 - shares.min(1.0)) * e),
            None if shares > 0.0 => Some(weighed / shares),
            None => None,
        }
    }

    /// How many touchpoints there are.
    pub fn touchpoint_count(&self) -> usize {
        self.graph.node_count()
    }

    /// How many transitions there are.
    pub fn transition_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The handle of the touchpoint with this id.
    pub fn touchpoint_id(&self, id: &str) -> Option<TouchpointId> {
        self.by_id.get(id).and_then(|n| self.handle(*n))
    }

    fn handle(&self, node: NodeIndex) -> Option<TouchpointId> {
        self.serials.get(node.index()).map(|serial| TouchpointId { node, serial: *serial })
    }

    /// The graph node of the touchpoint with this id.
    pub(crate) fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// The touchpoint with this id.
    pub fn touchpoint(&self, id: &str) -> Option<&Touchpoint> {
        self.by_id.get(id).map(|n| &self.graph[*n])
    }

    /// The touchpoint behind a handle.
    pub fn get(&self, id: TouchpointId) -> Option<&Touchpoint> {
        if self.serials.get(id.node.index()) != Some(&id.serial) {
            return None;
        }
        self.graph.node_weight(id.node)
    }

    fn node(&self, id: &str) -> Result<NodeIndex> {
        self.by_id.get(id).copied().ok_or_else(|| self.not_found("touchpoint", id))
    }

    /// All touchpoints, stage by stage in stage order, and within a stage in the order they were added.
    /// Costs O(n).
    pub fn touchpoints(&self) -> Vec<&Touchpoint> {
        self.members.iter().flatten().map(|n| &self.graph[*n]).collect()
    }

    /// The touchpoints' nodes in the order of [`Journey::touchpoints`]. Costs O(n).
    pub(crate) fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.members.iter().flatten().copied()
    }

    /// The touchpoints' nodes of each stage, in stage order, each in map order. Costs O(n).
    pub(crate) fn touchpoints_by_stage_nodes(&self) -> &[BTreeSet<NodeIndex>] {
        &self.members
    }

    /// Whether the touchpoint behind a node is an entry; O(1).
    pub(crate) fn is_entry_node(&self, n: NodeIndex) -> bool {
        self.entry_set.contains(&n)
    }

    /// Whether the touchpoint behind a node is a goal; O(1).
    pub(crate) fn is_goal_node(&self, n: NodeIndex) -> bool {
        self.goal_set.contains(&n)
    }

    /// Whether the map designs the move between two nodes: it has that transition with `expected`; O(1).
    #[cfg(feature = "analytics")]
    pub(crate) fn designs(&self, a: NodeIndex, b: NodeIndex) -> bool {
        self.edge_of.get(&(a, b)).is_some_and(|e| self.graph[*e].expected)
    }

    /// The touchpoints of each stage, in stage order (as [`Journey::stages`]), each in the order of
    /// [`Journey::touchpoints`]. Costs O(n).
    pub(crate) fn touchpoints_by_stage(&self) -> Vec<Vec<&Touchpoint>> {
        self.members.iter().map(|m| m.iter().map(|n| &self.graph[*n]).collect()).collect()
    }

    /// The touchpoints of a stage, in order. Costs O(touchpoints of the stage).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the journey has no such stage.
    pub fn touchpoints_in_stage(&self, stage: &str) -> Result<Vec<&Touchpoint>> {
        let members = self.stage_pos.get(stage).and_then(|i| self.members.get(*i));
        let members = members.ok_or_else(|| self.not_found("stage", stage))?;
        Ok(members.iter().map(|n| &self.graph[*n]).collect())
    }

    /// The touchpoints that serve a persona (those with no personas serve all), in map order.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the journey has no such persona.
    pub fn touchpoints_for_persona(&self, persona: &str) -> Result<Vec<&Touchpoint>> {
        self.persona_at(persona)?;
        Ok(self.touchpoints().into_iter().filter(|t| t.serves(persona)).collect())
    }

    /// The touchpoints on a channel, in map order.
    pub fn touchpoints_on_channel(&self, channel: &Channel) -> Vec<&Touchpoint> {
        self.touchpoints().into_iter().filter(|t| &t.channel == channel).collect()
    }

    /// All transitions, in the order they were added.
    pub fn transitions(&self) -> impl Iterator<Item = &Transition> {
        self.graph.edge_weights()
    }

    /// The transition from one touchpoint to another, by ids.
    pub fn transition(&self, from: &str, to: &str) -> Option<&Transition> {
        let (a, b) = (self.by_id.get(from)?, self.by_id.get(to)?);
        self.edge_of.get(&(*a, *b)).map(|e| &self.graph[*e])
    }

    fn neighbours(&self, id: &str, dir: Direction) -> Result<Vec<&Touchpoint>> {
        let n = self.node(id)?;
        let mut edges: Vec<_> = self.graph.edges_directed(n, dir).collect();
        edges.sort_by_key(|e| e.id());
        Ok(edges
            .into_iter()
            .map(|e| &self.graph[if dir == Direction::Outgoing { e.target() } else { e.source() }])
            .collect())
    }

    /// The touchpoints one transition away from this one, in the order the transitions were added.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown id.
    pub fn successors(&self, id: &str) -> Result<Vec<&Touchpoint>> {
        self.neighbours(id, Direction::Outgoing)
    }

    /// The touchpoints with a transition to this one, in the order the transitions were added.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown id.
    pub fn predecessors(&self, id: &str) -> Result<Vec<&Touchpoint>> {
        self.neighbours(id, Direction::Incoming)
    }

    /// The entry touchpoints, in the order given.
    pub fn entries(&self) -> Vec<&Touchpoint> {
        self.entries.iter().map(|n| &self.graph[*n]).collect()
    }

    /// The goal (conversion) touchpoints, in the order given.
    pub fn goals(&self) -> Vec<&Touchpoint> {
        self.goals.iter().map(|n| &self.graph[*n]).collect()
    }

    /// Whether the touchpoint is an entry.
    pub fn is_entry(&self, id: &str) -> bool {
        self.by_id.get(id).is_some_and(|n| self.entry_set.contains(n))
    }

    /// Whether the touchpoint is a goal.
    pub fn is_goal(&self, id: &str) -> bool {
        self.by_id.get(id).is_some_and(|n| self.goal_set.contains(n))
    }

    /// The role that applies to a touchpoint, `None` for an unknown id: the one its file gives, or else
    /// `entry` for an entry of the map and `step` for any other touchpoint (goals included). O(1).
    ///
    /// ```
    /// use journey_core::{Channel, Journey, Touchpoint, TouchpointRole};
    ///
    /// let j = Journey::with_standard_stages("shop", "Shop")
    ///     .touchpoint(Touchpoint::new("ad", "Ad", "awareness", Channel::PaidAds))
    ///     .touchpoint(Touchpoint::new("order", "Order", "purchase", Channel::Web))
    ///     .touchpoint(
    ///         Touchpoint::new("refer", "Refer a friend", "advocacy", Channel::Email)
    ///             .with_role(TouchpointRole::Optional),
    ///     )
    ///     .transition("ad", "order")
    ///     .transition("order", "refer")
    ///     .entry("ad")
    ///     .goal("order")
    ///     .build()?;
    /// assert_eq!(j.role("ad"), Some(TouchpointRole::Entry));
    /// assert_eq!(j.role("order"), Some(TouchpointRole::Step));
    /// assert_eq!(j.role("refer"), Some(TouchpointRole::Optional));
    /// // Absent stays absent: the file still has no role for the ad.
    /// assert_eq!(j.touchpoint("ad").map(|t| t.role), Some(None));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    pub fn role(&self, id: &str) -> Option<TouchpointRole> {
        self.by_id.get(id).map(|n| self.role_of_node(*n))
    }

    /// The role that applies to the touchpoint behind a node; O(1).
    pub(crate) fn role_of_node(&self, n: NodeIndex) -> TouchpointRole {
        match self.graph.node_weight(n).and_then(|t| t.role) {
            Some(role) => role,
            None if self.is_entry_node(n) => TouchpointRole::Entry,
            None => TouchpointRole::Step,
        }
    }

    /// The role that applies to a touchpoint of this journey (by its id); O(1).
    pub(crate) fn role_of(&self, t: &Touchpoint) -> TouchpointRole {
        match t.role {
            Some(role) => role,
            None if self.is_entry(&t.id) => TouchpointRole::Entry,
            None => TouchpointRole::Step,
        }
    }

    /// A shortest path (fewest transitions) from one touchpoint to another, both ends included; `None` when
    /// `to` cannot be reached. The path from a touchpoint to itself is that touchpoint alone. Breadth-first,
    /// O(touchpoints + transitions); among equally short paths, the one through earlier-added transitions.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown id.
    pub fn path(&self, from: &str, to: &str) -> Result<Option<Vec<&Touchpoint>>> {
        let (a, b) = (self.node(from)?, self.node(to)?);
        let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([a]);
        let mut found = a == b;
        while let Some(n) = queue.pop_front() {
            if found {
                break;
            }
            let mut edges: Vec<_> = self.graph.edges(n).collect();
            edges.sort_by_key(|e| e.id());
            for e in edges {
                let next = e.target();
                if next != a && !parent.contains_key(&next) {
                    parent.insert(next, n);
                    if next == b {
                        found = true;
                        break;
                    }
                    queue.push_back(next);
                }
            }
        }
        if !found {
            return Ok(None);
        }
        let mut path = vec![b];
        let mut at = b;
        while at != a {
            match parent.get(&at) {
                Some(p) => {
                    at = *p;
                    path.push(at);
                }
                None => return Ok(None),
            }
        }
        path.reverse();
        Ok(Some(path.into_iter().map(|n| &self.graph[n]).collect()))
    }

    /// Whether `to` can be reached from `from` by following transitions. O(touchpoints + transitions).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown id.
    pub fn reaches(&self, from: &str, to: &str) -> Result<bool> {
        Ok(self.path(from, to)?.is_some())
    }

    /// Adds a touchpoint.
    ///
    /// # Errors
    /// [`Error::Duplicate`] when the id is taken; [`Error::NotFound`] when its stage is unknown.
    pub fn add_touchpoint(&mut self, touchpoint: Touchpoint) -> Result<TouchpointId> {
        if self.by_id.contains_key(&touchpoint.id) {
            return Err(Error::Duplicate { what: "touchpoint", id: touchpoint.id });
        }
        let Some(stage) = self.stage_pos.get(&touchpoint.stage).copied() else {
            return Err(self.not_found("stage", &touchpoint.stage));
        };
        let id = touchpoint.id.clone();
        let n = self.graph.add_node(touchpoint);
        self.by_id.insert(id, n);
        if let Some(m) = self.members.get_mut(stage) {
            m.insert(n);
        }
        let serial = next_serial();
        match self.serials.get_mut(n.index()) {
            Some(slot) => *slot = serial,
            None => {
                self.serials.resize(n.index(), 0);
                self.serials.push(serial);
            }
        }
        Ok(TouchpointId { node: n, serial })
    }

    /// Adds a transition between the touchpoints its `from` and `to` name.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown touchpoint; [`Error::Duplicate`] when the transition exists.
    pub fn add_transition(&mut self, transition: Transition) -> Result<TransitionId> {
        let (a, b) = (self.node(&transition.from)?, self.node(&transition.to)?);
        if self.edge_of.contains_key(&(a, b)) {
            return Err(Error::Duplicate { what: "transition", id: format!("{}->{}", transition.from, transition.to) });
        }
        let e = self.graph.add_edge(a, b, transition);
        self.edge_of.insert((a, b), e);
        Ok(TransitionId(e))
    }

    /// Removes a touchpoint with its transitions, and from the entries and goals; other handles stay valid.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown id.
    pub fn remove_touchpoint(&mut self, id: &str) -> Result<Touchpoint> {
        let n = self.node(id)?;
        self.by_id.remove(id);
        if self.entry_set.remove(&n) {
            self.entries.retain(|e| *e != n);
        }
        if self.goal_set.remove(&n) {
            self.goals.retain(|g| *g != n);
        }
        let ends: Vec<(NodeIndex, NodeIndex)> = self
            .graph
            .edges_directed(n, Direction::Outgoing)
            .chain(self.graph.edges_directed(n, Direction::Incoming))
            .map(|e| (e.source(), e.target()))
            .collect();
        for pair in ends {
            self.edge_of.remove(&pair);
        }
        if let Some(m) = self.stage_pos.get(&self.graph[n].stage).and_then(|i| self.members.get_mut(*i)) {
            m.remove(&n);
        }
        self.graph.remove_node(n).ok_or_else(|| Error::not_found("touchpoint", id))
    }

    /// Changes a touchpoint in place. The change is undone, and an error returned, when it changes the
    /// touchpoint's id or moves it to an unknown stage.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown touchpoint or stage; [`Error::Argument`] when the id changed.
    pub fn update_touchpoint(&mut self, id: &str, change: impl FnOnce(&mut Touchpoint)) -> Result<()> {
        let n = self.node(id)?;
        let before = self.graph[n].clone();
        change(&mut self.graph[n]);
        let after = &self.graph[n];
        let error = if after.id != before.id {
            Some(Error::Argument {
                name: "id".into(),
                message: format!("touchpoint \"{id}\" cannot change its id; remove it and add it anew"),
            })
        } else if self.stage(&after.stage).is_none() {
            Some(self.not_found("stage", &after.stage))
        } else {
            None
        };
        match error {
            Some(e) => {
                self.graph[n] = before;
                Err(e)
            }
            None => {
                if after.stage != before.stage {
                    let (from, to) =
                        (self.stage_pos.get(&before.stage).copied(), self.stage_pos.get(&after.stage).copied());
                    if let Some(m) = from.and_then(|i| self.members.get_mut(i)) {
                        m.remove(&n);
                    }
                    if let Some(m) = to.and_then(|i| self.members.get_mut(i)) {
                        m.insert(n);
                    }
                }
                Ok(())
            }
        }
    }
    /// Changes the transition from one touchpoint to another in place (its `from` and `to` stay as they
    /// are). Returns false when there is no such transition.
    pub fn update_transition(&mut self, from: &str, to: &str, change: impl FnOnce(&mut Transition)) -> bool {
        let (Some(a), Some(b)) = (self.by_id.get(from), self.by_id.get(to)) else { return false };
        let Some(e) = self.edge_of.get(&(*a, *b)).copied() else { return false };
        let t = &mut self.graph[e];
        change(t);
        t.from = from.to_owned();
        t.to = to.to_owned();
        true
    }
}

/// What `whose` (`map`, `log`) has instead of an id it lacks, for a [`Error::NotFound`] message: `; the
/// map's touchpoints are ad, site` (the first ten, then how many more), or `; the log has no touchpoints`.
pub(crate) fn known_ids(whose: &str, what: &str, ids: &[&str]) -> String {
    const SHOWN: usize = 10;
    if ids.is_empty() {
        return format!("; the {whose} has no {what}s");
    }
    let more = ids.len().saturating_sub(SHOWN);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("; the {whose}'s {what}s are {}{more}", ids[..ids.len().min(SHOWN)].join(", "))
}
