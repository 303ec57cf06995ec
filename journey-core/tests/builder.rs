//! One builder used step by step with its `&mut` methods, against the shared fixture
//! (`tests/fixtures/builder/steps.json`) that the Python and JavaScript suites run too: it builds again
//! after a build, goes on after a refused step or a refused build, and a refused step changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::{Journey, JourneyBuilder, JourneyKind, Persona, Stage, Touchpoint, Transition};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn steps() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/builder/steps.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A part of the map from its form in the file, or serde's message.
fn part<T: DeserializeOwned>(with: &Value) -> Result<T, String> {
    serde_json::from_value(with.clone()).map_err(|e| e.to_string())
}

/// Runs one step other than `build` with the `&mut` methods: the message of its error, if any.
fn apply(b: &mut JourneyBuilder, call: &str, with: &Value) -> Result<(), String> {
    let text = || with.as_str().unwrap();
    match call {
        "stage" => b.add_stage(part::<Stage>(with)?),
        "persona" => b.add_persona(part::<Persona>(with)?),
        "touchpoint" => b.add_touchpoint(part::<Touchpoint>(with)?),
        "transition" => b.add_transition(part::<Transition>(with)?),
        "entry" => b.add_entry(text()),
        "goal" => b.add_goal(text()),
        "description" => b.set_description(text()),
        "currency" => b.set_currency(text()),
        "kind" => {
            let kind: JourneyKind = text().parse().map_err(|e: journey_core::Error| {
                assert_eq!(e.kind().to_string(), "argument");
                e.to_string()
            })?;
            b.set_kind(kind)
        }
        "reviewed_on" => b.set_reviewed_on_str(text()).map_err(|e| {
            assert_eq!(e.kind().to_string(), "argument");
            e.to_string()
        })?,
        other => panic!("unknown step {other}"),
    };
    Ok(())
}

#[test]
fn the_builder_goes_on_after_builds_and_refused_steps() {
    let fixture = steps();
    let mut b = Journey::builder(fixture["id"].as_str().unwrap(), fixture["name"].as_str().unwrap());
    let mut last: Option<Journey> = None;
    for (n, step) in fixture["steps"].as_array().unwrap().iter().enumerate() {
        let call = step["call"].as_str().unwrap();
        let before = b.document().clone();
        if call != "build" {
            match (apply(&mut b, call, &step["with"]), step["contains"].as_str()) {
                (Ok(()), None) => {}
                (Err(message), Some(fragment)) => {
                    assert!(message.contains(fragment), "step {n}: {message}");
                    assert_eq!(b.document(), &before, "step {n}: a refused step changes nothing");
                }
                (got, want) => panic!("step {n}: got {got:?}, expected the error {want:?}"),
            }
            last = None;
            continue;
        }
        let built = b.build();
        assert_eq!(b.document(), &before, "step {n}: building changes nothing");
        if let Some(invalid) = step["invalid"].as_array() {
            let e = built.unwrap_err();
            let got: Vec<(String, &str)> = e.problems().iter().map(|p| (p.kind.to_string(), p.path.as_str())).collect();
            let want: Vec<(String, &str)> =
                invalid.iter().map(|p| (p["kind"].as_str().unwrap().to_owned(), p["path"].as_str().unwrap())).collect();
            assert_eq!(got, want, "step {n}");
            last = None;
            continue;
        }
        let j = built.unwrap();
        let ids: Vec<&str> = j.touchpoints().into_iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            step["touchpoints"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>()
        );
        let transitions: Vec<String> = j.transitions().map(|t| format!("{}->{}", t.from, t.to)).collect();
        let want: Vec<&str> = step["transitions"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(transitions, want, "step {n}");
        assert_eq!(j.reviewed_on.map(|d| d.to_string()), step["reviewed_on"].as_str().map(str::to_owned), "step {n}");
        if let Some(previous) = &last {
            assert_eq!(&j, previous, "step {n}: built twice, the same map");
        }
        last = Some(j);
    }
}

#[test]
fn by_value_and_by_mut_steps_build_the_same_map() {
    let chained = Journey::with_standard_stages("s", "S")
        .description("D")
        .kind(JourneyKind::FutureState)
        .currency("EUR")
        .touchpoint(Touchpoint::new("a", "A", "awareness", journey_core::Channel::Web))
        .touchpoint(Touchpoint::new("b", "B", "purchase", journey_core::Channel::Web))
        .transition("a", "b")
        .entry("a")
        .goal("b");
    let mut stepped = Journey::builder("s", "S");
    stepped
        .add_standard_stages()
        .set_description("D")
        .set_kind(JourneyKind::FutureState)
        .set_currency("EUR")
        .add_touchpoint(Touchpoint::new("a", "A", "awareness", journey_core::Channel::Web))
        .add_touchpoint(Touchpoint::new("b", "B", "purchase", journey_core::Channel::Web))
        .add_transition(Transition::new("a", "b"))
        .add_entry("a")
        .add_goal("b");
    assert_eq!(stepped.document(), chained.document());
    assert_eq!(stepped.build().unwrap(), chained.build().unwrap());
    // A chain of `&mut` steps on a temporary builds in one expression too.
    let one = Journey::builder("s", "S").add_standard_stages().set_description("D").build().unwrap();
    assert_eq!(one.description.as_deref(), Some("D"));
}
