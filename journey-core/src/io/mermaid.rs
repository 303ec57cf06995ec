//! Mermaid `journey` diagrams: export a map as Mermaid text, and import Mermaid journey text as a map.
//!
//! Mermaid's user-journey grammar is a `journey` line, an optional `title`, then `section <name>` lines
//! each followed by tasks `<name>: <score>: <actor>, <actor>`, with the score from 1 to 5. A map exports as:
//! title = the journey's name; a section per stage; a task per touchpoint, with score = emotion + 3 rounded
//! to a whole number (3 when the touchpoint has no emotion); the names of the personas it serves as actors
//! (all personas when it serves all; `Customer` when the map has none). Names may not contain `:`, `#` or
//! `;` in Mermaid, nor actors `,`: they are written as `∶`, `＃`, `；` and `，`, which import reads back.
//!
//! Import keeps what Mermaid expresses: title, sections as stages, tasks as touchpoints in order (with the
//! emotion score − 3), actors as personas. Touchpoints get the channel `other:unspecified` and are chained in
//! the order of the text, the first being the entry.

use std::collections::HashSet;

use crate::error::{Error, Result};
use crate::model::{Channel, Document, Journey, Persona, Stage, Touchpoint, Transition};

const REPLACEMENTS: [(char, char); 3] = [(':', '∶'), ('#', '＃'), (';', '；')];

fn escape(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    REPLACEMENTS.iter().fold(one_line, |s, (from, to)| s.replace(*from, &to.to_string()))
}

fn unescape(text: &str) -> String {
    REPLACEMENTS.iter().fold(text.trim().to_owned(), |s, (to, from)| s.replace(*from, &to.to_string()))
}

/// A lower-case id from a name: letters and digits kept, runs of anything else as `_`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_').to_owned();
    if trimmed.is_empty() { "item".into() } else { trimmed }
}

fn unique(base: String, taken: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

impl Journey {
    /// The map as Mermaid `journey` text (see the [module documentation](self)). With `persona`, only the
    /// touchpoints serving that persona, with that persona's emotions.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown persona.
    pub fn to_mermaid(&self, persona: Option<&str>) -> Result<String> {
        if let Some(p) = persona
            && self.persona(p).is_none()
        {
            return Err(Error::NotFound { what: "persona", id: p.to_owned() });
        }
        let mut out = format!("journey\n    title {}\n", escape(&self.name));
        for stage in self.stages() {
            let tps: Vec<&Touchpoint> = self
                .touchpoints_in_stage(&stage.id)?
                .into_iter()
                .filter(|t| persona.is_none_or(|p| t.serves(p)))
                .collect();
            if tps.is_empty() {
                continue;
            }
            out += &format!("    section {}\n", escape(&stage.name));
            for t in tps {
                let score = t.emotion_for(persona).map_or(3.0, |e| (e + 3.0).round().clamp(1.0, 5.0));
                let actors: Vec<String> = match persona {
                    Some(p) => vec![self.persona(p).map_or(p.to_owned(), |x| x.name.clone())],
                    None if self.personas().is_empty() => vec!["Customer".into()],
                    None => self.personas().iter().filter(|p| t.serves(&p.id)).map(|p| p.name.clone()).collect(),
                };
                let actors: Vec<String> = actors.iter().map(|a| escape(&a.replace(',', "，"))).collect();
                out += &format!("      {}: {}: {}\n", escape(&t.name), score as i64, actors.join(", "));
            }
        }
        Ok(out)
    }

    /// Reads Mermaid `journey` text into a map (see the [module documentation](self)). `id` names the map.
    ///
    /// # Errors
    /// [`Error::Mermaid`] naming the line: text that does not start with `journey`, a task before any
    /// section, a task without a score, a score outside 1..=5.
    pub fn from_mermaid(text: &str, id: &str) -> Result<Journey> {
        let err = |line: usize, message: String| Error::Mermaid { line: line as u64, message };
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with("%%"));
        match lines.next() {
            Some((_, "journey")) => {}
            Some((n, other)) => {
                return Err(err(n, format!("found \"{other}\", expected the diagram to start with `journey`")));
            }
            None => return Err(Error::Empty { expected: "Mermaid journey text" }),
        }
        let mut doc = Document::new(id, id);
        let mut stage_ids = HashSet::new();
        let mut tp_ids = HashSet::new();
        let mut persona_ids: Vec<(String, String)> = Vec::new();
        for (n, line) in lines {
            if let Some(title) = line.strip_prefix("title ") {
                doc.name = unescape(title);
            } else if let Some(name) = line.strip_prefix("section ") {
                let name = unescape(name);
                let sid = unique(slug(&name), &mut stage_ids);
                doc.stages.push(Stage::new(sid, name));
            } else if line.starts_with("accTitle") || line.starts_with("accDescr") {
                continue;
            } else {
                let Some(stage) = doc.stages.last().map(|s| s.id.clone()) else {
                    return Err(err(n, format!("task \"{line}\" comes before any `section`")));
                };
                let parts: Vec<&str> = line.splitn(3, ':').collect();
                if parts.len() < 2 {
                    return Err(err(n, format!("cannot read \"{line}\", expected `task name: score: actors`")));
                }
                let name = unescape(parts[0]);
                let score: f64 = parts[1]
                    .trim()
                    .parse()
                    .map_err(|_| err(n, format!("score \"{}\" is not a number, expected 1 to 5", parts[1].trim())))?;
                if !(1.0..=5.0).contains(&score) {
                    return Err(err(n, format!("score {score} is outside 1..=5")));
                }
                let mut t = Touchpoint::new(
                    unique(slug(&name), &mut tp_ids),
                    name,
                    stage,
                    Channel::Other("unspecified".into()),
                );
                t.emotion = Some(score - 3.0);
                for actor in parts.get(2).map_or(&[][..], |a| std::slice::from_ref(a)).iter().flat_map(|a| a.split(','))
                {
                    let actor = unescape(actor).replace('，', ",");
                    if actor.is_empty() {
                        continue;
                    }
                    let pid = match persona_ids.iter().find(|(_, name)| *name == actor) {
                        Some((pid, _)) => pid.clone(),
                        None => {
                            let mut taken: HashSet<String> = persona_ids.iter().map(|(p, _)| p.clone()).collect();
                            let pid = unique(slug(&actor), &mut taken);
                            persona_ids.push((pid.clone(), actor.clone()));
                            pid
                        }
                    };
                    t.personas.push(pid);
                }
                if let Some(prev) = doc.touchpoints.last() {
                    doc.transitions.push(Transition::new(prev.id.clone(), t.id.clone()));
                } else {
                    doc.entries.push(t.id.clone());
                }
                doc.touchpoints.push(t);
            }
        }
        // A touchpoint served by every persona serves all: no list needed.
        let all = persona_ids.len();
        for t in &mut doc.touchpoints {
            if all > 0 && t.personas.len() == all {
                t.personas.clear();
            }
        }
        doc.personas = persona_ids.into_iter().map(|(id, name)| Persona { id, name, ..Persona::default() }).collect();
        Journey::from_document(doc)
    }
}
