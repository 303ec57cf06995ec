//! Graphviz DOT of the touchpoint graph.
//!
//! # Quoting
//!
//! Every id and text is a double-quoted DOT string with `\` written `\\` and `"` written `\"`, so the output
//! never holds a raw control character (only the newlines between statements):
//! - in a label (names, channels), a line break (`\n`, `\r\n`, `\r`, U+2028, U+2029) becomes Graphviz's
//!   `\n`, and any other control, format or separator character (NUL, tab, ESC, zero-width and
//!   bidirectional characters) becomes a visible sign: U+2400 + code for C0 controls (`␀`, `␉`, `␛`), `␡`
//!   for DEL, `�` (U+FFFD) for the rest;
//! - in an id (of the graph and of a node), which must stay distinct from every other id, such a character
//!   is written as the text `\u{1b}`: the backslash that starts it is single, while a backslash of the id
//!   itself is doubled, so no two ids are ever written the same.

use crate::io::text::is_hidden;
use crate::model::Journey;

/// A label as a DOT string (see [Quoting](self#quoting)).
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if is_hidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An id as a DOT string (see [Quoting](self#quoting)).
fn quote_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if is_hidden(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Journey {
    /// The touchpoint graph as Graphviz DOT: a cluster per stage (in order), a node per touchpoint (its name
    /// and channel; goals drawn doubled, entries bold, moments of truth filled), an edge per transition.
    /// Edge widths follow observed counts (1 to 6 points against the largest count) and carry the count in words (`1,234 moves`);
    /// transitions not expected by design are dashed. Deterministic, so it can be compared as text.
    pub fn to_dot(&self) -> String {
        let max = self.transitions().filter_map(|t| t.count).max().unwrap_or(0);
        let mut out = format!(
            "digraph {} {{\n  label={};\n  labelloc=t;\n  rankdir=LR;\n  compound=true;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
            quote_id(&self.id),
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
                out += &format!("    {} [{}];\n", quote_id(&t.id), attrs.join(", "));
            }
            out += "  }\n";
        }
        for t in self.transitions() {
            let mut attrs = Vec::new();
            if let Some(c) = t.count {
                let width = if max > 0 { 1.0 + 5.0 * c as f64 / max as f64 } else { 1.0 };
                attrs.push(format!("penwidth={width:.2}"));
                attrs.push(format!("label={}", quote(&crate::words::plural(c, "move"))));
            }
            if !t.expected {
                attrs.push("style=dashed".into());
            }
            let attrs = if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
            out += &format!("  {} -> {}{attrs};\n", quote_id(&t.from), quote_id(&t.to));
        }
        out + "}\n"
    }
}
