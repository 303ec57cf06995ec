//! The names of the library's fieldless enums (kinds, roles, sizes): one list per enum gives its
//! `as_str`, `ALL`, `NAMES`, `Display` and `FromStr`, so that the command line and the bindings parse a name the
//! way the JSON file writes it, with one message for a name that is not one of them. A test checks each
//! list against the enum's serde names.

use crate::error::Error;

/// `impl` of `ALL`, `NAMES`, `as_str`, `Display` and `FromStr` for a fieldless enum, from its variants and their
/// snake_case names (the serde names): `names!(Enum, "what it is", "argument" { Variant => "name", ... })`.
/// A name that is not one of them is an [`Error::Argument`] named after the argument.
macro_rules! names {
    ($ty:ident, $what:literal, $argument:literal { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in the order of the variants.
            pub const ALL: &'static [Self] = &[$($ty::$variant),+];

            /// Every name, in the order of the variants.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The stable snake_case name, as the JSON file writes it (the serde name, where the type has one).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        /// A value equals its name.
        impl PartialEq<&str> for $ty {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<$ty> for &str {
            fn eq(&self, other: &$ty) -> bool {
                *self == other.as_str()
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::Error;

            /// One of the names of [`Self::NAMES`], as the JSON file writes it.
            fn from_str(s: &str) -> $crate::Result<Self> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    other => Err($crate::names::unknown($what, $argument, other, Self::NAMES)),
                }
            }
        }
    };
}

pub(crate) use names;

/// The error for `found`, which is not one of `names`: `unknown journey kind "someday", expected
/// "current_state", "future_state", "day_in_the_life" or "service_blueprint"`.
pub(crate) fn unknown(what: &str, argument: &str, found: &str, names: &[&str]) -> Error {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let expected = match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    Error::Argument { name: argument.into(), message: format!("unknown {what} {found:?}, expected {expected}") }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use crate::analytics::{AttributionModelName, CohortPeriod, TieOrder};
    use crate::backlog::{BacklogKind, BacklogSource, RankedBy};
    use crate::gaps::GapKind;
    use crate::model::{Device, JourneyKind, ProblemKind, TouchpointRole};
    use crate::render::PosterSize;
    use crate::score::StageWeighting;

    /// Each name is the serde name of its variant, reads back to it, and every serde name is listed.
    fn agrees<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + DeserializeOwned + FromStr + std::fmt::Display,
        <T as FromStr>::Err: std::fmt::Debug,
    {
        for v in all {
            let serde = serde_json::to_value(v).expect("a name serialises"); // ok: unit test
            assert_eq!(serde.as_str(), Some(v.to_string().as_str()), "{v:?}");
            assert_eq!(v.to_string().parse::<T>().expect("its name parses"), *v); // ok: unit test
            assert_eq!(serde_json::from_value::<T>(serde).expect("its serde name reads"), *v); // ok: unit test
        }
    }

    #[test]
    fn names_are_the_serde_names() {
        fn each<T: FromStr>(names: &[&str]) -> Vec<T>
        where
            <T as FromStr>::Err: std::fmt::Debug,
        {
            names.iter().map(|n| n.parse().expect("a listed name parses")).collect() // ok: unit test
        }
        agrees::<Device>(&each(Device::NAMES));
        agrees::<JourneyKind>(&each(JourneyKind::NAMES));
        agrees::<TouchpointRole>(&each(TouchpointRole::NAMES));
        agrees::<GapKind>(&each(GapKind::NAMES));
        agrees::<TieOrder>(&each(TieOrder::NAMES));
        agrees::<CohortPeriod>(&each(CohortPeriod::NAMES));
        agrees::<crate::analytics::PathAnchor>(&each(crate::analytics::PathAnchor::NAMES));
        agrees::<RankedBy>(&each(RankedBy::NAMES));
        agrees::<PosterSize>(&each(PosterSize::NAMES));
        agrees::<StageWeighting>(&each(StageWeighting::NAMES));
        agrees::<ProblemKind>(&each(ProblemKind::NAMES));
        agrees::<AttributionModelName>(&each(AttributionModelName::NAMES));
        agrees::<crate::analytics::Dimension>(&each(crate::analytics::Dimension::NAMES));
        agrees::<BacklogSource>(&each(BacklogSource::NAMES));
        let kinds: Vec<BacklogKind> =
            GapKind::NAMES.iter().map(|n| BacklogKind::Gap(n.parse().expect("a gap kind"))).collect(); // ok: unit test
        agrees::<BacklogKind>(&kinds);
        agrees::<BacklogKind>(&[BacklogKind::PainPoint, BacklogKind::Opportunity]);
        // Every variant is listed: serde knows no name the list lacks (its message lists all of them).
        for (message, names) in [
            (serde_json::from_str::<JourneyKind>("\"x\"").unwrap_err().to_string(), JourneyKind::NAMES),
            (serde_json::from_str::<Device>("\"x\"").unwrap_err().to_string(), Device::NAMES),
            (serde_json::from_str::<GapKind>("\"x\"").unwrap_err().to_string(), GapKind::NAMES),
            (serde_json::from_str::<PosterSize>("\"x\"").unwrap_err().to_string(), PosterSize::NAMES),
            (serde_json::from_str::<TouchpointRole>("\"x\"").unwrap_err().to_string(), TouchpointRole::NAMES),
            (serde_json::from_str::<StageWeighting>("\"x\"").unwrap_err().to_string(), StageWeighting::NAMES),
            (serde_json::from_str::<RankedBy>("\"x\"").unwrap_err().to_string(), RankedBy::NAMES),
            (serde_json::from_str::<ProblemKind>("\"x\"").unwrap_err().to_string(), ProblemKind::NAMES),
            (
                serde_json::from_str::<AttributionModelName>("\"x\"").unwrap_err().to_string(),
                AttributionModelName::NAMES,
            ),
            (serde_json::from_str::<BacklogSource>("\"x\"").unwrap_err().to_string(), BacklogSource::NAMES),
        ] {
            let listed = message.matches('`').count() / 2 - 1; // `x` itself, then each expected name
            assert_eq!(listed, names.len(), "{message}");
        }
    }

    #[test]
    fn an_unknown_name_says_what_was_expected() {
        let e = "someday".parse::<JourneyKind>().unwrap_err();
        assert_eq!(e.kind(), "argument");
        assert_eq!(
            e.to_string(),
            "kind: unknown journey kind \"someday\", expected \"current_state\", \"future_state\", \
             \"day_in_the_life\" or \"service_blueprint\""
        );
        assert_eq!(
            "first".parse::<TieOrder>().unwrap_err().to_string(),
            "ties: unknown tie order \"first\", expected \"canonical\" or \"input\""
        );
        assert!("A4_landscape".parse::<PosterSize>().unwrap_err().to_string().starts_with("size: unknown poster size"));
    }
}
