//! Mermaid journey text out and in, and Graphviz DOT.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::Journey;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> Journey {
    Journey::load(root().join("examples/data/electronics-retailer.json")).unwrap()
}

#[test]
fn mermaid_export_follows_the_grammar() {
    let j = example();
    let text = j.to_mermaid(None).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("journey"));
    assert!(lines.next().unwrap().starts_with("    title Voltaro"));
    let sections: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix("section ")).collect();
    assert_eq!(sections, ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]);
    let tasks: Vec<&str> = text.lines().filter(|l| l.starts_with("      ")).collect();
    assert_eq!(tasks.len(), j.touchpoint_count());
    for task in &tasks {
        let parts: Vec<&str> = task.trim().split(':').collect();
        assert_eq!(parts.len(), 3, "{task}: a name may not hold ':'");
        let score: i64 = parts[1].trim().parse().unwrap();
        assert!((1..=5).contains(&score));
        assert!(!parts[0].contains('#') && !parts[0].contains(';'));
    }
    // Emotion -1 is score 2; a touchpoint for the traditional persona names only them.
    let shipping = tasks.iter().find(|t| t.contains("Delivery options")).unwrap();
    assert!(shipping.contains(": 2: "), "{shipping}");
    let window = tasks.iter().find(|t| t.contains("Shop window")).unwrap();
    assert!(window.ends_with(": Ria#44; the traditional shopper"), "{window}: commas of actors are entity codes");
    let savvy = j.to_mermaid(Some("savvy")).unwrap();
    assert!(!savvy.contains("Shop window"));
    assert_eq!(j.to_mermaid(Some("ghost")).unwrap_err().kind(), "not_found");
}

#[test]
fn mermaid_round_trip_keeps_what_mermaid_expresses() {
    let j = example();
    let back = Journey::from_mermaid(&j.to_mermaid(None).unwrap(), "voltaro").unwrap();
    assert_eq!(back.name, j.name);
    let names = |j: &Journey| j.stages().iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&back), names(&j));
    // Scores are whole numbers: emotion + 3 rounded, 3 (emotion 0) where the map has no emotion.
    let got: Vec<(String, Option<f64>)> = back.touchpoints().iter().map(|t| (t.name.clone(), t.emotion)).collect();
    let want: Vec<(String, Option<f64>)> = j
        .touchpoints()
        .iter()
        .map(|t| (t.name.clone(), Some(t.emotion.map_or(0.0, |e| (e + 3.0).round() - 3.0))))
        .collect();
    assert_eq!(got, want);
    let personas: Vec<String> = back.personas().iter().map(|p| p.name.clone()).collect();
    assert_eq!(personas, j.personas().iter().map(|p| p.name.clone()).collect::<Vec<_>>());
    // And text written by hand, with comments and the grammar's other lines.
    let text = "%% a comment\njourney\n  title My working day\n  accTitle: Day\n  section Go to work\n    Make tea: 5: Me\n    Go upstairs: 3: Me\n    Do work: 1: Me, Cat\n  section Go home\n    Go downstairs: 5: Me\n    Sit down: 5: Me\n";
    let day = Journey::from_mermaid(text, "day").unwrap();
    assert_eq!(day.name, "My working day");
    assert_eq!(day.touchpoint_count(), 5);
    assert_eq!(day.touchpoint("do_work").unwrap().emotion, Some(-2.0));
    assert_eq!(day.touchpoint("do_work").unwrap().personas, Vec::<String>::new(), "served by every persona");
    assert_eq!(day.touchpoint("make_tea").unwrap().personas, ["me"]);
    assert!(day.reaches("make_tea", "sit_down").unwrap());
    let again = Journey::from_mermaid(&day.to_mermaid(None).unwrap(), "day").unwrap();
    assert_eq!(again.to_mermaid(None).unwrap(), day.to_mermaid(None).unwrap());
}

#[test]
fn names_with_mermaid_delimiters_survive() {
    let j = Journey::with_standard_stages("x", "Q&A: #1; the best")
        .touchpoint(
            journey_core::Touchpoint::new("a", "Step 1: pay #now; quickly", "purchase", journey_core::Channel::Web)
                .with_emotion(2.0),
        )
        .build()
        .unwrap();
    let text = j.to_mermaid(None).unwrap();
    assert!(!text.lines().skip(1).any(|l| l.trim_start().starts_with("title") && l.contains(':')));
    let back = Journey::from_mermaid(&text, "x").unwrap();
    assert_eq!(back.name, "Q&A: #1; the best");
    assert_eq!(back.touchpoints()[0].name, "Step 1: pay #now; quickly");
    assert_eq!(back.touchpoints()[0].emotion, Some(2.0));
}

#[test]
fn bad_mermaid_names_the_line() {
    for (text, kind, message) in [
        ("", "empty", "input is empty"),
        ("flowchart LR\n", "mermaid", "line 1: found \"flowchart LR\", expected the diagram to start with `journey`"),
        ("journey\n  Make tea: 5: Me\n", "mermaid", "line 2: task \"Make tea: 5: Me\" comes before any `section`"),
        ("journey\n section A\n  Tea: lots: Me\n", "mermaid", "line 3: score \"lots\" is not a number"),
        ("journey\n section A\n  Tea: 9: Me\n", "mermaid", "line 3: score 9 is outside 1..=5"),
        ("journey\n section A\n  Tea\n", "mermaid", "line 3: cannot read \"Tea\""),
    ] {
        let e = Journey::from_mermaid(text, "x").unwrap_err();
        assert_eq!(e.kind(), kind, "{text}");
        assert!(e.to_string().starts_with(message), "{e}");
    }
}

#[test]
fn dot_clusters_by_stage_with_flow_widths() {
    let mut j = example();
    let log = journey_core::analytics::EventLog::load_csv(
        root().join("examples/data/electronics-events.csv"),
        &journey_core::analytics::EventColumns { outcome: Some("order_value".into()), ..Default::default() },
    )
    .unwrap();
    j.apply(&log.discover());
    let dot = j.to_dot();
    assert!(dot.starts_with("digraph \"electronics-retailer\" {"));
    assert_eq!(dot.matches("subgraph cluster_").count(), 5);
    assert_eq!(dot.matches(" -> ").count(), j.transition_count());
    assert!(dot.contains("\"payment\" -> \"phone_advice\" [penwidth="), "observed, added transition");
    assert!(dot.contains("style=dashed"));
    assert!(dot.contains("\"order_confirmation\" [label=\"Order confirmation\\n(email)\", peripheries=2"));
    let widths: Vec<f64> =
        dot.split("penwidth=").skip(1).map(|s| s.split(',').next().unwrap().parse().unwrap()).collect();
    assert!(widths.iter().all(|w| (1.0..=6.0).contains(w)) && widths.contains(&6.0));
    for t in j.transitions() {
        if let Some(c) = t.count {
            let label = format!("label=\"{}\"", journey_core::words::plural(c, "move"));
            assert!(dot.contains(&label), "{} -> {} is labelled {label}", t.from, t.to);
        }
    }
    assert!(dot.contains(" moves\""), "edge labels carry their unit");
    assert_eq!(dot, j.to_dot(), "deterministic");
    assert!(dot.ends_with("}\n"));
}
