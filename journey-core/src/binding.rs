//! What the language bindings share about calls: the arguments of a call matched to its parameters, and
//! the messages for a call that cannot be made (a wrong number of arguments, an unknown or repeated name, an
//! argument of the wrong type, a class that is not made by calling it). The Python and JavaScript bindings
//! use these so that a mistake reads the same in every language and each message is written once.
//!
//! ```
//! use journey_core::binding::{Given, Signature};
//!
//! let builder = Signature::new("JourneyBuilder", &["id", "name", "standard_stages"], 2);
//! // JourneyBuilder("shop", standard_stages=True): id by position, name missing.
//! let error = builder.bind(1, &["standard_stages"]).unwrap_err();
//! assert_eq!(error.kind(), "argument");
//! assert_eq!(
//!     error.to_string(),
//!     "JourneyBuilder: missing argument \"name\"; expected id, name and optionally standard_stages"
//! );
//! assert_eq!(builder.bind(2, &[]).unwrap(), [Given::Position(0), Given::Position(1), Given::Absent]); // ok: doc example
//! ```

use crate::error::Error;

/// The parameters of a call: its name as the caller writes it (`JourneyBuilder`, `Stage`), the parameters'
/// names in order, how many of them (the first ones) are required, and how many (the first ones) may be
/// given by position; any parameter may be given by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature<'a> {
    /// The call, as the caller writes it.
    pub call: &'a str,
    /// The parameters, in order.
    pub params: &'a [&'a str],
    /// How many of the first parameters are required.
    pub required: usize,
    /// How many of the first parameters may be given by position.
    pub positional: usize,
}

/// Where the value of one parameter comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// The positional argument at this index.
    Position(usize),
    /// The named argument at this index (of the names given to [`Signature::bind`]).
    Name(usize),
    /// Not given: the parameter takes its default.
    Absent,
}

impl<'a> Signature<'a> {
    /// A signature whose parameters may all be given by position; `required` is capped at the number of
    /// parameters.
    pub fn new(call: &'a str, params: &'a [&'a str], required: usize) -> Self {
        Signature { call, params, required: required.min(params.len()), positional: params.len() }
    }

    /// The signature with every parameter given by name only (keyword arguments).
    pub fn by_name_only(self) -> Self {
        Signature { positional: 0, ..self }
    }

    /// Where each parameter's value comes from, for a call with `positional` positional arguments and the
    /// named arguments `names` (in the order given).
    ///
    /// # Errors
    /// [`Error::Argument`] named after the call for more positional arguments than parameters, a name that
    /// is not a parameter, a parameter given twice (by position and by name, or by name twice) or a required
    /// parameter not given.
    pub fn bind(&self, positional: usize, names: &[&str]) -> Result<Vec<Given>, Error> {
        if positional > self.positional {
            let given = format!("{positional} {} given", if positional == 1 { "was" } else { "were" });
            let message = match (self.positional, self.params.len()) {
                (_, 0) => format!("takes no arguments, {given}"),
                (0, _) => format!("takes arguments by name only, {given} by position; expected {}", self.expected()),
                (1, _) => format!("takes at most 1 argument by position, {given}; expected {}", self.expected()),
                (n, _) => format!("takes at most {n} arguments by position, {given}; expected {}", self.expected()),
            };
            return Err(self.error(message));
        }
        let mut given: Vec<Given> =
            (0..self.params.len()).map(|i| if i < positional { Given::Position(i) } else { Given::Absent }).collect();
        for (n, name) in names.iter().enumerate() {
            let Some(i) = self.params.iter().position(|p| p == name) else {
                let expected = match self.params.len() {
                    0 => "no arguments".to_owned(),
                    _ => self.expected(),
                };
                return Err(self.error(format!("unexpected argument \"{name}\"; expected {expected}")));
            };
            match given[i] {
                Given::Absent => given[i] = Given::Name(n),
                Given::Position(_) => {
                    return Err(self.error(format!("argument \"{name}\" given twice (by position and by name)")));
                }
                Given::Name(_) => return Err(self.error(format!("argument \"{name}\" given twice"))),
            }
        }
        if let Some(i) = given[..self.required].iter().position(|g| *g == Given::Absent) {
            let message = format!("missing argument \"{}\"; expected {}", self.params[i], self.expected());
            return Err(self.error(message));
        }
        Ok(given)
    }

    /// The name of one of the call's arguments in messages: `JourneyBuilder(id)`.
    pub fn argument(&self, param: &str) -> String {
        format!("{}({param})", self.call)
    }

    /// The [`Error::Argument`] for an argument of the wrong type: `Stage(data): expected a mapping, found int`.
    pub fn wrong_type(&self, param: &str, expected: &str, found: &str) -> Error {
        Error::Argument { name: self.argument(param), message: format!("expected {expected}, found {found}") }
    }

    /// Checks the fields of a record that an argument describes (a mapping of field names to values): each
    /// field given must be one of `fields` and, with `all_required`, each of `fields` must be given.
    ///
    /// # Errors
    /// [`Error::Argument`] named after the argument: `Stage(data): unknown field "colour"; expected one of
    /// id, name, description`, or `Discovery(data): missing field "events"`.
    pub fn check_fields(&self, param: &str, given: &[&str], fields: &[&str], all_required: bool) -> Result<(), Error> {
        let name = || self.argument(param);
        if let Some(unknown) = given.iter().find(|g| !fields.contains(g)) {
            let message = format!("unknown field \"{unknown}\"; expected one of {}", fields.join(", "));
            return Err(Error::Argument { name: name(), message });
        }
        match fields.iter().find(|f| all_required && !given.contains(f)) {
            Some(missing) => Err(Error::Argument { name: name(), message: format!("missing field \"{missing}\"") }),
            None => Ok(()),
        }
    }

    /// What the call takes, for messages: `id, name and optionally standard_stages`.
    fn expected(&self) -> String {
        let (required, optional) = self.params.split_at(self.required);
        match (required.is_empty(), list(optional, "and")) {
            (true, None) => "no arguments".to_owned(),
            (false, None) => list(required, "and").unwrap_or_default(),
            (true, Some(_)) => format!("any of {}", list(optional, "or").unwrap_or_default()),
            (false, Some(o)) => format!("{} and optionally {o}", required.join(", ")),
        }
    }

    fn error(&self, message: String) -> Error {
        Error::Argument { name: self.call.to_owned(), message }
    }
}

/// The [`Error::Argument`] for calling a class that is not made by calling it, naming the ways it is made:
/// `Journey: is not made by calling it; use Journey.from_json, Journey.load or JourneyBuilder`.
pub fn no_constructor(class: &str, makers: &[&str]) -> Error {
    let ways = list(makers, "or").unwrap_or_else(|| "the functions that return one".to_owned());
    Error::Argument { name: class.to_owned(), message: format!("is not made by calling it; use {ways}") }
}

/// The known name that `key` spells another way, if any: the same letters ignoring case and underscores, so
/// `asOf` for `as_of` (options in camelCase) and `reviewed_on` for `reviewedOn` (data in the JSON file's
/// snake_case).
pub fn other_spelling<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let letters = |s: &str| s.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect::<String>();
    let want = letters(key);
    known.into_iter().find(|name| *name != key && letters(name) == want)
}

/// `message` followed by `; did you mean `name`?` when `key`, unknown, spells a known name another way.
pub fn hint_unknown<'a>(message: String, key: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match other_spelling(key, known) {
        Some(name) => format!("{message}; did you mean `{name}`?"),
        None => message,
    }
}

/// serde's message for an unknown field (``unknown field `reviewedOn`, expected one of `id`, `reviewed_on` ``)
/// with the hint of [`hint_unknown`]; other messages as they are.
pub fn with_spelling_hint(message: String) -> String {
    let Some((key, expected)) = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once('`')) else {
        return message;
    };
    // The names serde expects are the odd pieces between backticks.
    let known: Vec<String> = expected.split('`').skip(1).step_by(2).map(str::to_owned).collect();
    let key = key.to_owned();
    hint_unknown(message, &key, known.iter().map(String::as_str))
}

/// `a`, `a and b`, `a, b and c` (with `or` for `and` as `conjunction` says); `None` for no items.
fn list(items: &[&str], conjunction: &str) -> Option<String> {
    match items {
        [] => None,
        [one] => Some((*one).to_owned()),
        [rest @ .., last] => Some(format!("{} {conjunction} {last}", rest.join(", "))),
    }
}

/// Reads options given as a JSON value (a binding's dict or object, converted) into the core's options type
/// `T`, its serde rules refusing unknown fields and values of the wrong type: the error is
/// [`Error::Argument`] named `place`, or `place.field` for a field at fault, with the spelling hint of
/// [`with_spelling_hint`].
///
/// ```
/// use journey_core::analytics::CompareOptions;
/// use journey_core::binding::read_value;
///
/// let o: CompareOptions = read_value("options", serde_json::json!({ "alpha": 0.1 }))?;
/// assert_eq!(o.alpha, 0.1);
/// let e = read_value::<CompareOptions>("options", serde_json::json!({ "alpha": "x" })).unwrap_err();
/// assert_eq!(e.to_string(), "options.alpha: invalid type: string \"x\", expected f64");
/// # Ok::<(), journey_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::Argument`] as above.
pub fn read_value<T: serde::de::DeserializeOwned>(place: &str, value: serde_json::Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        Error::Argument {
            name: if path == "." { place.to_owned() } else { format!("{place}.{path}") },
            message: with_spelling_hint(e.into_inner().to_string()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILDER: Signature<'static> =
        Signature { call: "B", params: &["id", "name", "flag"], required: 2, positional: 3 };

    fn message(result: Result<Vec<Given>, Error>) -> String {
        match result {
            Err(e) => e.to_string(),
            Ok(g) => format!("bound {g:?}"),
        }
    }

    #[test]
    fn binds_by_position_and_by_name() {
        assert_eq!(BUILDER.bind(3, &[]).ok(), Some(vec![Given::Position(0), Given::Position(1), Given::Position(2)]));
        assert_eq!(
            BUILDER.bind(0, &["flag", "name", "id"]).ok(),
            Some(vec![Given::Name(2), Given::Name(1), Given::Name(0)])
        );
    }

    #[test]
    fn names_each_mistake() {
        assert_eq!(
            message(BUILDER.bind(4, &[])),
            "B: takes at most 3 arguments by position, 4 were given; expected id, name and optionally flag"
        );
        assert_eq!(message(BUILDER.bind(0, &[])), "B: missing argument \"id\"; expected id, name and optionally flag");
        assert_eq!(
            message(BUILDER.bind(2, &["bogus"])),
            "B: unexpected argument \"bogus\"; expected id, name and optionally flag"
        );
        assert_eq!(
            message(BUILDER.bind(1, &["id", "name"])),
            "B: argument \"id\" given twice (by position and by name)"
        );
        assert_eq!(message(BUILDER.bind(0, &["id", "id", "name"])), "B: argument \"id\" given twice");
        let none = Signature::new("N", &[], 0);
        assert_eq!(message(none.bind(1, &[])), "N: takes no arguments, 1 was given");
        assert_eq!(message(none.bind(0, &["x"])), "N: unexpected argument \"x\"; expected no arguments");
        assert_eq!(
            message(Signature::new("O", &["data"], 1).bind(2, &[])),
            "O: takes at most 1 argument by position, 2 were given; expected data"
        );
        assert_eq!(
            message(Signature::new("P", &["items"], 0).bind(0, &["x"])),
            "P: unexpected argument \"x\"; expected any of items"
        );
        let named = Signature::new("M", &["a", "b", "c"], 0).by_name_only();
        assert_eq!(
            message(named.bind(1, &[])),
            "M: takes arguments by name only, 1 was given by position; expected any of a, b or c"
        );
        assert_eq!(named.bind(0, &["c"]).ok(), Some(vec![Given::Absent, Given::Absent, Given::Name(0)]));
    }

    #[test]
    fn names_the_class_and_the_ways_to_make_one() {
        assert_eq!(
            no_constructor("J", &["J.a", "J.b", "K"]).to_string(),
            "J: is not made by calling it; use J.a, J.b or K"
        );
        assert_eq!(BUILDER.wrong_type("id", "a string", "int").to_string(), "B(id): expected a string, found int");
    }

    #[test]
    fn checks_the_fields_of_a_record() {
        let record = Signature::new("R", &["data"], 1);
        assert!(record.check_fields("data", &["b"], &["a", "b"], false).is_ok());
        let unknown = record.check_fields("data", &["b", "c"], &["a", "b"], false).map_err(|e| e.to_string());
        assert_eq!(unknown, Err("R(data): unknown field \"c\"; expected one of a, b".to_owned()));
        let missing = record.check_fields("data", &["b"], &["a", "b"], true).map_err(|e| e.to_string());
        assert_eq!(missing, Err("R(data): missing field \"a\"".to_owned()));
    }
}
