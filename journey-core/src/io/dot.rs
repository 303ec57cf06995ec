//! Graphviz DOT of the touchpoint graph.

use crate::model::Journey;

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

impl Journey {
    /// The touchpoint graph as Graphviz DOT: a cluster per stage (in order), a node per touchpoint (its name
    /// and channel; goals drawn doubled, entries bold, moments of truth filled), an edge per transition.
    /// Edge widths follow observed counts (1 to 6 points against the largest count) and carry the count;
    /// transitions not expected by design are dashed. Deterministic, so it can be compared as text.
    pub fn to_dot(&self) -> String {
        let max = self.transitions().filter_map(|t| t.count).max().unwrap_or(0);
        let mut out = format!(
            "digraph {} {{\n  label={};\n  labelloc=t;\n  rankdir=LR;\n  compound=true;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
            quote(&self.id),
            quote(&self.name)
        );
        for (i, stage) in self.stages().iter().enumerate() {
            out += &format!(
                "  subgraph cluster_{i} {{\n    label={};\n    style=rounded;\n    color=gray60;\n",
                quote(&stage.name)
            );
            for t in self.touchpoints_in_stage(&stage.id).unwrap_or_default() {
                let mut attrs = vec![format!("label={}", quote(&format!("{}\n({})", t.name, t.channel)))];
                let mut styles = vec!["rounded"];
                if self.is_goal(&t.id) {
                    attrs.push("peripheries=2".into());
                }
                if self.is_entry(&t.id) {
                    styles.push("bold");
                }
                if t.moment_of_truth {
                    styles.push("filled");
                    attrs.push("fillcolor=\"#fff3c4\"".into());
                }
                attrs.push(format!("style={}", quote(&styles.join(","))));
                out += &format!("    {} [{}];\n", quote(&t.id), attrs.join(", "));
            }
            out += "  }\n";
        }
        for t in self.transitions() {
            let mut attrs = Vec::new();
            if let Some(c) = t.count {
                let width = if max > 0 { 1.0 + 5.0 * c as f64 / max as f64 } else { 1.0 };
                attrs.push(format!("penwidth={width:.2}"));
                attrs.push(format!("label={}", quote(&c.to_string())));
            }
            if !t.expected {
                attrs.push("style=dashed".into());
            }
            let attrs = if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
            out += &format!("  {} -> {}{attrs};\n", quote(&t.from), quote(&t.to));
        }
        out + "}\n"
    }
}
