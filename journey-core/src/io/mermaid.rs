//! Mermaid `journey` diagrams: export a map as Mermaid text, and import Mermaid journey text as a map.
//!
//! Mermaid's user-journey grammar is a `journey` line, an optional `title`, then `section <name>` lines
//! each followed by tasks `<name>: <score>: <actor>, <actor>`, with the score from 1 to 5. A map exports as:
//! title = the journey's name; a section per stage that has touchpoints (for the persona, when one is
//! given); a task per touchpoint, with score = emotion + 3 rounded to a whole number and kept in 1..=5 (3
//! when the touchpoint has no emotion); the names of the personas it serves as actors (all personas when it
//! serves all; `Customer` when the map has none).
//!
//! # Escaping
//!
//! Names are written with Mermaid's entity codes, `#N;` with `N` the decimal code point (`#35;` is `#`),
//! which Mermaid shows as the character. These characters are written as codes: `#` itself (so that every
//! `#` of the text starts a code), Mermaid's delimiters `:` and `;`, `%` (Mermaid reads `%` as the start of
//! a comment), `,` in actors; every control, format or separator character (NUL, newlines, tabs, ESC, the
//! zero-width and bidirectional characters: see `is_hidden`); every whitespace character other than a
//! space, and a space that begins or ends a name or follows another whitespace character; and the first
//! character of a name that begins (in any case) with a word of the grammar — `journey`, `title`,
//! `section`, `accTitle`, `accDescr` — so that no name can start a line of its own. The text therefore never
//! holds a raw control character, and every line is what its export meant it to be.
//!
//! # What a round trip keeps
//!
//! Import decodes the codes (decimal ones, and the named `amp`, `lt`, `gt`, `quot`, `apos`, `nbsp`), so
//! `from_mermaid(to_mermaid(j))` gives back exactly: the journey's name; the stages that have touchpoints,
//! in order, with their names; the touchpoints in map order with their names and the emotion rounded as
//! above; and the personas that serve as actors, with their names (personas of the same name become one).
//! Ids are made from the names (see below), stages without touchpoints are left out, and the rest of a map
//! (channels, metrics, pain points, transitions) is not in Mermaid's grammar.
//!
//! Import keeps what Mermaid expresses: title, sections as stages, tasks as touchpoints in order (with the
//! emotion score − 3), actors as personas. Ids are the names in lower case with runs of other characters
//! than letters and digits as `_`, made unique with `_2`, `_3`, ... Touchpoints get the channel
//! `other:unspecified` and are chained in the order of the text, the first being the entry. The words of
//! the grammar are read in any case, as Mermaid does; `%%` lines are comments.

use std::collections::{HashMap, HashSet};

use super::text::is_hidden;
use crate::error::{Error, Result};
use crate::model::{Channel, Document, Journey, Persona, Stage, Touchpoint, Transition};

/// The words that begin a line of Mermaid's journey grammar, in lower case.
const KEYWORDS: [&str; 5] = ["journey", "title", "section", "acctitle", "accdescr"];

fn starts_with_keyword(text: &str) -> bool {
    KEYWORDS.iter().any(|k| text.get(..k.len()).is_some_and(|head| head.eq_ignore_ascii_case(k)))
}

/// A name as Mermaid text (see [Escaping](self#escaping)). `actor` also escapes `,`, which separates actors.
fn escape(text: &str, actor: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let keyword = starts_with_keyword(text);
    let count = text.chars().count();
    let mut previous: Option<char> = None;
    for (i, c) in text.chars().enumerate() {
        let code = match c {
            '#' | ':' | ';' | '%' => true,
            ',' => actor,
            ' ' => i == 0 || i + 1 == count || previous.is_some_and(char::is_whitespace),
            c => is_hidden(c) || c.is_whitespace() || (i == 0 && keyword),
        };
        if code {
            out.push_str(&format!("#{};", u32::from(c)));
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// Mermaid text of a name with its entity codes decoded and the space around it trimmed. A `#` that does not
/// start a code Mermaid knows is kept as it is.
fn unescape(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest[1..].find(';').and_then(|end| {
            let code = &rest[1..=end];
            let c = if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
                code.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match code {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            };
            c.map(|c| (c, end + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('#');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `line` without a leading grammar word (in any case) and the whitespace after it; `None` when the line
/// does not start with the word followed by whitespace.
fn after_keyword<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let head = line.get(..word.len())?;
    let rest = &line[word.len()..];
    (head.eq_ignore_ascii_case(word) && rest.starts_with(char::is_whitespace)).then(|| rest.trim_start())
}

/// An id from a name ([`super::text::slug`]), `item` when the name has no letter or digit.
fn slug(name: &str) -> String {
    let id = super::text::slug(name);
    if id.is_empty() { "item".into() } else { id }
}

/// Unique ids from names, in O(1) amortised per id: the next suffix to try is kept per base, so `n` equal
/// names cost O(n), not O(n²).
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, u64>,
}

impl Ids {
    fn unique(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}_{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

impl Journey {
    /// The map as Mermaid `journey` text (see the [module documentation](self)). With `persona`, only the
    /// touchpoints serving that persona, with that persona's emotions.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown persona.
    pub fn to_mermaid(&self, persona: Option<&str>) -> Result<String> {
        if let Some(p) = persona {
            self.persona_at(p)?;
        }
        let stage_names: HashMap<&str, &str> = self.stages().iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
        let mut out = format!("journey\n    title {}\n", escape(&self.name, false));
        let mut section: Option<&str> = None;
        // Stage by stage in stage order: a section opens where the stage changes.
        for t in self.touchpoints().into_iter().filter(|t| persona.is_none_or(|p| t.serves(p))) {
            if section != Some(t.stage.as_str()) {
                section = Some(t.stage.as_str());
                let name = stage_names.get(t.stage.as_str()).copied().unwrap_or(t.stage.as_str());
                out += &format!("    section {}\n", escape(name, false));
            }
            let score = t.emotion_for(persona).map_or(3.0, |e| (e + 3.0).round().clamp(1.0, 5.0));
            let actors: Vec<String> = match persona {
                Some(p) => vec![self.persona(p).map_or(p.to_owned(), |x| x.name.clone())],
                None if self.personas().is_empty() => vec!["Customer".into()],
                None => self.personas().iter().filter(|p| t.serves(&p.id)).map(|p| p.name.clone()).collect(),
            };
            let actors: Vec<String> = actors.iter().map(|a| escape(a, true)).collect();
            out += &format!("      {}: {}: {}\n", escape(&t.name, false), score as i64, actors.join(", "));
        }
        Ok(out)
    }

    /// Reads Mermaid `journey` text into a map (see the [module documentation](self)). `id` names the map.
    /// A leading byte order mark is skipped. O(size of the text).
    ///
    /// # Errors
    /// [`Error::Mermaid`] naming the line: text that does not start with `journey`, a task before any
    /// section, a task without a score, a score outside 1..=5; [`Error::WrongEncoding`] for UTF-16 or UTF-32
    /// text taken for UTF-8.
    pub fn from_mermaid(text: &str, id: &str) -> Result<Journey> {
        let text = super::text::without_bom(text)?;
        let err = |line: usize, message: String| Error::Mermaid { line: line as u64, message };
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with("%%"));
        match lines.next() {
            Some((_, first)) if first.eq_ignore_ascii_case("journey") => {}
            Some((n, other)) => {
                return Err(err(n, format!("found \"{other}\", expected the diagram to start with `journey`")));
            }
            None => return Err(Error::Empty { expected: "Mermaid journey text" }),
        }
        let mut doc = Document::new(id, id);
        let mut stage_ids = Ids::default();
        let mut tp_ids = Ids::default();
        let mut persona_ids = Ids::default();
        let mut persona_by_name: HashMap<String, String> = HashMap::new();
        for (n, line) in lines {
            if let Some(title) = after_keyword(line, "title") {
                doc.name = unescape(title);
            } else if let Some(name) = after_keyword(line, "section") {
                let name = unescape(name);
                let sid = stage_ids.unique(slug(&name));
                doc.stages.push(Stage::new(sid, name));
            } else if ["acctitle", "accdescr"]
                .iter()
                .any(|k| line.get(..k.len()).is_some_and(|h| h.eq_ignore_ascii_case(k)))
            {
                // The accessible title and description say nothing a map keeps.
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
                let mut t =
                    Touchpoint::new(tp_ids.unique(slug(&name)), name, stage, Channel::Other("unspecified".into()));
                t.emotion = Some(score - 3.0);
                for actor in parts.get(2).map_or(&[][..], |a| std::slice::from_ref(a)).iter().flat_map(|a| a.split(','))
                {
                    let actor = unescape(actor);
                    if actor.is_empty() {
                        continue;
                    }
                    let pid = match persona_by_name.get(&actor) {
                        Some(pid) => pid.clone(),
                        None => {
                            let pid = persona_ids.unique(slug(&actor));
                            persona_by_name.insert(actor.clone(), pid.clone());
                            doc.personas.push(Persona { id: pid.clone(), name: actor, ..Persona::default() });
                            pid
                        }
                    };
                    if !t.personas.contains(&pid) {
                        t.personas.push(pid);
                    }
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
        let all = doc.personas.len();
        for t in &mut doc.touchpoints {
            if all > 0 && t.personas.len() == all {
                t.personas.clear();
            }
        }
        Journey::from_document(doc)
    }
}
