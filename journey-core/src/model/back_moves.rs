//! Which moves of a map go back: the one definition of a loop, a rule of the map that the gaps and the
//! analytics both use.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::Journey;

/// Which moves of a map go back: the one definition of a loop, used by the `loop` gap and by
/// `EventLog::loops` (the analytics).
///
/// A move from `a` to `b` is a loop when the map does not design it (it has no transition `a -> b` with
/// `expected`) and it goes back:
/// - to a touchpoint of an earlier stage, except from the last stage (leaving the last stage for an earlier
///   one is the journey going round again: advocacy bringing a friend, a repurchase), or
/// - within one stage, to a touchpoint earlier in the map's order from which `a` can be reached again
///   (the move closes a cycle: customers come back to where they were).
///
/// Designed transitions (the map's expected transitions, the paths it draws for its personas) are never
/// loop evidence, however they run: a designed return is the design, not customers going astray.
pub(crate) struct BackMoves {
    stage_of: Vec<usize>,
    position: Vec<usize>,
    component: Vec<usize>,
    last: usize,
}

impl BackMoves {
    /// The stages, map order and strongly connected components of the map's touchpoints, over its
    /// transitions and the `extra` moves (observed moves the map may not have yet).
    pub(crate) fn new(j: &Journey, extra: &[(NodeIndex, NodeIndex)]) -> Self {
        let g = j.graph();
        let bound = g.node_bound();
        let mut position = vec![usize::MAX; bound];
        let mut stage_of = vec![usize::MAX; bound];
        let mut k = 0;
        for (s, members) in j.touchpoints_by_stage_nodes().iter().enumerate() {
            for n in members {
                position[n.index()] = k;
                stage_of[n.index()] = s;
                k += 1;
            }
        }
        // With a move a -> b, b reaches a exactly when the two are in one strongly connected component: one
        // pass over the graph instead of a search per move. Kosaraju's, as petgraph writes it, walks the graph
        // with a stack of its own (its Tarjan recurses, and a long chain of touchpoints overflows the stack).
        let mut plain: petgraph::Graph<(), ()> = petgraph::Graph::with_capacity(bound, g.edge_count() + extra.len());
        for _ in 0..bound {
            plain.add_node(());
        }
        let ix = |n: NodeIndex| petgraph::graph::NodeIndex::new(n.index());
        for e in g.edge_references() {
            plain.add_edge(ix(e.source()), ix(e.target()), ());
        }
        for (a, b) in extra {
            plain.add_edge(ix(*a), ix(*b), ());
        }
        let mut component = vec![usize::MAX; bound];
        for (k, scc) in petgraph::algo::kosaraju_scc(&plain).into_iter().enumerate() {
            for n in scc {
                component[n.index()] = k;
            }
        }
        BackMoves { stage_of, position, component, last: j.stages().len().saturating_sub(1) }
    }

    /// Whether the move `a -> b` goes back in the map's order (designed or not).
    pub(crate) fn goes_back(&self, a: NodeIndex, b: NodeIndex) -> bool {
        let (sa, sb) = (self.stage_of[a.index()], self.stage_of[b.index()]);
        if sb < sa {
            return sa != self.last;
        }
        sa == sb
            && self.position[b.index()] < self.position[a.index()]
            && self.component[a.index()] == self.component[b.index()]
    }

    /// Whether the move `a -> b` is a loop: it goes back and the map does not design it.
    #[cfg(feature = "analytics")]
    pub(crate) fn is_loop(&self, j: &Journey, a: NodeIndex, b: NodeIndex) -> bool {
        self.goes_back(a, b) && !j.designs(a, b)
    }
}
